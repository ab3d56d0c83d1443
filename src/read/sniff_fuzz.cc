// libFuzzer target for the read stage: any format, chosen by sniffing alone (text, HTML, JSON
// Lines, WARC, feeds; gzip by its magic). Built and run by `make fuzz` (clang; see
// src/read/CMakeLists.txt):
//
//   ./build-fuzz/src/read/sniff_fuzz -max_total_time=60 CORPUS SEEDS
//
// Not part of the default build or CI run.
#include <cstddef>
#include <cstdint>

#include "read_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  warta::read_internal::FuzzRead(data, size, "input");
  return 0;
}
