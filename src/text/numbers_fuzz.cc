// libFuzzer target for the number finder (include/warta/numbers.h): any
// bytes in, never a crash, and every amount's spans lie inside the text in
// order (span.start <= number.start <= number.end <= span.end <= size, the
// unit after the number). The first byte picks the language (even "id",
// odd "en"); the rest is the sentence. Built and run by `make fuzz` (clang):
//
//   ./build-fuzz/src/text/numbers_fuzz -max_total_time=60 CORPUS SEEDS
//
// Not part of the default build or CI run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "warta/lang_data.h"
#include "warta/numbers.h"

namespace {

const warta::NumberFinder* Finder(const char* lang) {
  auto data = warta::DataDir::Find(WARTA_SOURCE_DATA_DIR);
  if (!data.ok()) std::abort();
  auto finder = warta::NumberFinder::Create(*data, lang);
  if (!finder.ok()) std::abort();
  return finder->release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const warta::NumberFinder* id = Finder("id");
  static const warta::NumberFinder* en = Finder("en");
  if (size == 0) return 0;
  const warta::NumberFinder* finder = (data[0] & 1) ? en : id;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (const warta::Amount& a : finder->Find(text)) {
    if (a.span.start > a.span.end || a.span.end > text.size()) std::abort();
    if (a.number.start < a.span.start || a.number.start > a.number.end ||
        a.number.end > a.span.end) {
      std::abort();
    }
    if (!a.unit.empty() && (a.unit.start > a.unit.end || a.unit.end > text.size())) std::abort();
  }
  return 0;
}
