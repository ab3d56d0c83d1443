// What every read stage fuzz target checks (not a public header): the bytes
// are read as a file called `name` would be, and whatever comes out must be
// sane — no crash or sanitizer report, every article within the size limit
// and with an id and an origin and a well-formed charset, every error with a
// reason.
#ifndef WARTA_SRC_READ_READ_FUZZ_H_
#define WARTA_SRC_READ_READ_FUZZ_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "formats.h"
#include "warta/read.h"

namespace warta::read_internal {

// A small limit, so that the fuzzer also explores inputs over it.
constexpr size_t kFuzzArticleBytes = 64 << 10;

inline void FuzzRead(const uint8_t* data, size_t size, const std::string& name) {
  ReadOptions options;
  options.max_article_bytes = kFuzzArticleBytes;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  size_t seen = 0;
  size_t delivered = ReadBytes(
      bytes, name, options,
      [&](RawArticle a) {
        ++seen;
        if (a.content.size() > kFuzzArticleBytes) std::abort();
        if (a.id.empty() || a.origin.empty()) std::abort();
        // A declared charset is a short lower-case name, or nothing.
        if (a.charset.size() > 40) std::abort();
        for (char c : a.charset) {
          if ((c >= 'A' && c <= 'Z') || c == ' ' || c == ';' || c == '"') std::abort();
        }
      },
      [&](const ReadError& e) {
        if (e.status.ok() || e.status.message().empty()) std::abort();
        if (e.input != name) std::abort();
      });
  if (delivered != seen) std::abort();
}

}  // namespace warta::read_internal

#endif  // WARTA_SRC_READ_READ_FUZZ_H_
