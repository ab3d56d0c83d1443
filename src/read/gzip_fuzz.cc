// libFuzzer target for the read stage's inflaters: Gunzip under a limit, the
// member reader skipping damaged members to the end, and HTTP deflate.
// Built and run by `make fuzz` (clang; see src/read/CMakeLists.txt):
//
//   ./build-fuzz/src/read/gzip_fuzz -max_total_time=60 CORPUS SEEDS
//
// Not part of the default build or CI run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "byte_reader.h"
#include "warta/read.h"

namespace {

namespace ri = warta::read_internal;

constexpr size_t kLimit = 1 << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  warta::Result<std::string> out = warta::Gunzip(bytes, kLimit);
  if (out.ok() && out->size() > kLimit) std::abort();
  if (!out.ok() && out.status().message().empty()) std::abort();

  // Every member that can be read is read; damaged ones are skipped, and
  // each skip moves forward, so the loop ends.
  std::unique_ptr<ri::GzipMemberReader> members =
      ri::NewGzipMemberReader(ri::NewStringViewReader(bytes));
  members->RequireMembers();
  char buf[4096];
  size_t total = 0;
  size_t skips = 0;
  for (;;) {
    warta::Result<size_t> got = members->Read(buf, sizeof(buf));
    if (!got.ok()) {
      warta::Result<bool> next = members->SkipToNextMember();
      if (!next.ok() || !*next) break;
      if (++skips > size) std::abort();  // no progress
      continue;
    }
    if (*got == 0) break;
    total += *got;
    if (members->MemberStart(total - 1) > size) std::abort();
    members->ForgetBefore(total);
    if (total > kLimit) break;
  }

  std::unique_ptr<ri::ByteReader> deflate = ri::NewDeflateReader(ri::NewStringViewReader(bytes));
  std::string inflated;
  bool over = false;
  // Any status will do; the output must respect the limit.
  warta::Status status = ri::ReadRest(*deflate, kLimit, &inflated, &over);
  if (!status.ok() && status.message().empty()) std::abort();
  if (inflated.size() > kLimit) std::abort();
  return 0;
}
