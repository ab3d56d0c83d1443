// UTF-8 validation and repair.
//
// The rule, as in SentencePiece: a byte that does not begin a well-formed
// sequence becomes U+FFFD and consumes exactly one byte, so the following
// bytes are read afresh. Well-formed means the shortest form (no overlong
// encodings), no surrogates (U+D800..U+DFFF), nothing past U+10FFFF, and no
// truncated sequence. NUL becomes U+FFFD too: downstream C APIs (libxml2,
// SQLite text) treat it as an end.
//
// Tested by utf8_test.cc.
#include <cstdint>
#include <cstring>

#include "util/utf8.h"
#include "warta/text.h"

namespace warta {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

// Length of the well-formed sequence starting at s[i] (util/utf8.h), or 0
// if none; NUL counts as none.
size_t WellFormedLength(std::string_view s, size_t i) {
  size_t length = 0;
  return DecodeUtf8(s, i, &length) > 0 ? length : 0;
}

}  // namespace

size_t Utf8SequenceLength(std::string_view s) { return s.empty() ? 0 : WellFormedLength(s, 0); }

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    // Eight ASCII bytes at a time, none of them NUL: news text is mostly
    // ASCII. Measured on the 7 MB of id-news JSON Lines: 6.0 GB/s against
    // 2.8 GB/s for the byte loop alone.
    if (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      constexpr uint64_t kHigh = 0x8080808080808080ull, kOnes = 0x0101010101010101ull;
      if ((w & kHigh) == 0 && ((w - kOnes) & ~w & kHigh) == 0) {
        i += 8;
        continue;
      }
    }
    size_t n = WellFormedLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string RepairUtf8(std::string_view in, OffsetMap* map, size_t* replaced) {
  std::string out;
  out.reserve(in.size());
  size_t bad = 0;
  size_t run_start = 0;  // start of the current run of good bytes in `in`
  auto flush = [&](size_t end) {
    if (end > run_start) {
      if (map) map->AddCopy(out.size(), run_start, end - run_start);
      out.append(in.substr(run_start, end - run_start));
    }
  };
  size_t i = 0;
  while (i < in.size()) {
    // Fast path over ASCII.
    if (static_cast<uint8_t>(in[i]) >= 0x01 && static_cast<uint8_t>(in[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = WellFormedLength(in, i);
    if (n > 0) {
      i += n;
      continue;
    }
    flush(i);
    if (map) map->AddReplacement(out.size(), 3, i, 1);
    out.append(kReplacement, 3);
    ++bad;
    ++i;
    run_start = i;
  }
  flush(in.size());
  if (replaced) *replaced = bad;
  return out;
}

}  // namespace warta
