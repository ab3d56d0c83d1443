// Decoding and encoding one UTF-8 code point, over ICU's U8_NEXT and
// U8_APPEND (unicode/utf8.h: macros only, no ICU library to link).
//
//   size_t len = 0;
//   int32_t cp = DecodeUtf8("\xC3\xA9t\xC3", 0, &len);  // 0xE9, len 2
//   cp = DecodeUtf8("\xC3\xA9t\xC3", 3, &len);          // kInvalidCodePoint, len 1
//   std::string out;
//   AppendUtf8(0x20AC, &out);                            // "\xE2\x82\xAC"
//
// The rule for bad bytes, as in SentencePiece and text/utf8.cc's repair: a
// byte that does not begin a well-formed sequence decodes as
// kInvalidCodePoint and consumes exactly one byte, so the bytes after it are
// read afresh ("\xE2\x82A" is invalid, then 0x82 invalid, then 'A'). ICU's
// U8_NEXT would skip the whole ill-formed prefix; DecodeUtf8 does not.
// Well-formed means the shortest form (no overlong encodings), no
// surrogates (U+D800..U+DFFF), nothing past U+10FFFF and no truncated
// sequence. NUL is a code point like any other here.
//
// Thread-safety: pure functions.
//
// Tested by utf8_test.cc (src/util).
#ifndef WARTA_SRC_UTIL_UTF8_H_
#define WARTA_SRC_UTIL_UTF8_H_

#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace warta {

inline constexpr int32_t kInvalidCodePoint = -1;

// The code point that starts at text[i] (i < text.size()), and in *len the
// bytes it takes; an invalid or truncated sequence is kInvalidCodePoint with
// *len 1.
inline int32_t DecodeUtf8(std::string_view text, size_t i, size_t* len) {
  const auto c0 = static_cast<unsigned char>(text[i]);
  if (c0 < 0x80) {  // ASCII: most of news text
    *len = 1;
    return c0;
  }
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int64_t at = static_cast<int64_t>(i);
  const int64_t length = static_cast<int64_t>(text.size());
  UChar32 cp = 0;
  U8_NEXT(s, at, length, cp);
  if (cp < 0) {
    *len = 1;
    return kInvalidCodePoint;
  }
  *len = static_cast<size_t>(at) - i;
  return cp;
}

// Appends the UTF-8 bytes of code point `cp` (0..U+10FFFF, not a surrogate)
// to `out`; anything else appends nothing.
inline void AppendUtf8(int32_t cp, std::string* out) {
  uint8_t buffer[U8_MAX_LENGTH];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buffer, n, U8_MAX_LENGTH, cp, error);
  if (!error) out->append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(n));
}

}  // namespace warta

#endif  // WARTA_SRC_UTIL_UTF8_H_
