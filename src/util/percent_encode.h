// Percent-encoding for URLs (RFC 3986): every byte but the unreserved
// characters (letters, digits, '-', '_', '.', '~') as %HH, so that any id
// can stand in a query or a fragment: "story-\"><b>" -> "story-%22%3E%3Cb%3E".
//
// Thread-safety: a pure function.
#ifndef WARTA_SRC_UTIL_PERCENT_ENCODE_H_
#define WARTA_SRC_UTIL_PERCENT_ENCODE_H_

#include <string>
#include <string_view>

namespace warta {

inline std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace warta

#endif  // WARTA_SRC_UTIL_PERCENT_ENCODE_H_
