// The ASCII helpers the fetch stage's header parsers share (HTTP headers,
// robots.txt lines). Private to src/fetch.
#ifndef WARTA_SRC_FETCH_ASCII_H_
#define WARTA_SRC_FETCH_ASCII_H_

#include <string>
#include <string_view>

namespace warta::fetch_internal {

// "Content-Type" -> "content-type"; other bytes are kept.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Without leading spaces and tabs, nor trailing spaces, tabs, CR and LF.
inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace warta::fetch_internal

#endif  // WARTA_SRC_FETCH_ASCII_H_
