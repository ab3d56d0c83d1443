// libFuzzer target for the date finder (include/warta/dates.h): any bytes
// in, never a crash, and every date's span lies inside the text, its first
// and last days are days of the calendar with first <= last, and Iso()
// gives a string. The first byte picks the language (even "id", odd "en")
// and, with the next two, the reference date (a day from 1990 to 2034, or
// none when the byte is 0xff); the rest is the sentence. Built and run by
// `make fuzz` (clang):
//
//   ./build-fuzz/src/text/dates_fuzz -max_total_time=60 CORPUS SEEDS
//
// Not part of the default build or CI run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "warta/dates.h"
#include "warta/lang_data.h"

namespace {

const warta::DateFinder* Finder(const char* lang) {
  auto data = warta::DataDir::Find(WARTA_SOURCE_DATA_DIR);
  if (!data.ok()) std::abort();
  auto finder = warta::DateFinder::Create(*data, lang);
  if (!finder.ok()) std::abort();
  return finder->release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const warta::DateFinder* id = Finder("id");
  static const warta::DateFinder* en = Finder("en");
  if (size < 3) return 0;
  const warta::DateFinder* finder = (data[0] & 1) ? en : id;
  warta::CivilDate reference;
  if (data[0] != 0xff) {
    // 1990-01-01 is day 7305; 16384 days run to 2034.
    int64_t day = 7305 + ((static_cast<int64_t>(data[1]) << 6) | (data[2] & 0x3f));
    reference = warta::CivilDate::FromDays(day);
  }
  std::string_view text(reinterpret_cast<const char*>(data) + 3, size - 3);
  for (const warta::DateMention& m : finder->Find(text, reference)) {
    if (m.span.start > m.span.end || m.span.end > text.size()) std::abort();
    if (!m.first.valid() || !m.last.valid() || m.last < m.first) std::abort();
    if (m.Iso().empty()) std::abort();
  }
  return 0;
}
