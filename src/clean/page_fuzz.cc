// libFuzzer target for the page path: any bytes in, never a crash, always
// valid UTF-8 out, and every text byte maps inside the input.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
//     -DWARTA_PAGE_FUZZ=ON -DWARTA_WERROR=OFF -DWARTA_BUILD_BENCH=OFF \
//     -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined"
//   cmake --build build-fuzz --target page_fuzz
//   ./build-fuzz/src/clean/page_fuzz -max_total_time=600 -max_len=65536
//
// Not part of the default build or CI run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "warta/page.h"
#include "warta/text.h"

namespace {

const warta::PageExtractor* Extractor() {
  static const warta::PageExtractor* extractor = [] {
    auto data = warta::DataDir::Find(WARTA_SOURCE_DATA_DIR);
    if (!data.ok()) std::abort();
    auto e = warta::PageExtractor::Create(*data);
    if (!e.ok()) std::abort();
    return e->release();
  }();
  return extractor;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  warta::Page page = Extractor()->Extract(html, "https://example.com/2024/01/02/a");
  if (!warta::IsValidUtf8(page.text)) std::abort();
  for (size_t i = 0; i < page.text.size(); i += 7) {
    if (page.map.ToOriginal(i) > size) std::abort();
  }
  if (page.map.ToOriginal(page.text.size()) > size) std::abort();
  return 0;
}
