// libFuzzer target for saved story state (LoadClusterer in
// include/warta/story.h): any bytes in, never a crash. The state's
// envelope carries a CRC, so most mutations of a whole blob only test the
// CRC; the fuzzer therefore seals its bytes itself: the first byte picks the
// format version (1 to 5), the rest is the payload that Seal compresses and
// checksums. A state that loads must take documents and save a state that
// loads again. Built and run by `make fuzz` (clang):
//
//   ./build-fuzz/src/story/clusterer_fuzz -max_total_time=60 CORPUS SEEDS
//
// The seeds are the payloads of states saved after short synthetic streams
// (both methods, with and without a revise window): run with
// WARTA_FUZZ_SEEDS=DIR, as `make fuzz` does, the target first writes them
// to DIR.
//
// Not part of the default build or CI run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "../dedup/state_codec.h"
#include "warta/story.h"

namespace {

constexpr char kMagic[] = "WSTORYCL";

warta::StoryFeatures Doc(int i) {
  warta::StoryFeatures f;
  f.id = "doc" + std::to_string(i);
  f.day = 19000 + i % 5;
  f.lang = "en";
  for (int k = 0; k < 4; ++k) {
    warta::StoryTerm t;
    t.kind = k == 0 ? warta::TermKind::kEntity : warta::TermKind::kWord;
    t.key = (static_cast<uint64_t>((i + k) % 7 + 1) << 8) | static_cast<uint64_t>(t.kind);
    t.count = 1;
    t.text = "term" + std::to_string((i + k) % 7);
    f.terms.push_back(t);
  }
  return f;
}

void WriteSeeds(const std::string& dir) {
  for (int n : {0, 1, 12, 40}) {
    for (const char* method : {"centroid", "singleton"}) {
      warta::StoryOptions options;
      options.method = method;
      if (n == 40) {
        options.revise_window = 10;
        options.revise_every = 3;
      }
      std::unique_ptr<warta::Clusterer> c = warta::NewClusterer(options);
      for (int i = 0; i < n; ++i) c->Add(Doc(i));
      uint32_t version = 0;
      std::string payload;
      if (!warta::state::Open(c->SaveState(), kMagic, 5, &version, &payload).ok()) std::abort();
      std::ofstream out(dir + "/state-" + method + "-" + std::to_string(n));
      out << static_cast<char>(version - 1) << payload;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("WARTA_FUZZ_SEEDS")) WriteSeeds(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint32_t version = 1 + data[0] % 5;
  std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto loaded = warta::LoadClusterer(warta::state::Seal(kMagic, version, payload));
  if (!loaded.ok()) return 0;
  std::unique_ptr<warta::Clusterer> c = std::move(loaded).value();
  for (int i = 0; i < 3; ++i) c->Add(Doc(i));
  if (!warta::LoadClusterer(c->SaveState()).ok()) std::abort();
  return 0;
}
