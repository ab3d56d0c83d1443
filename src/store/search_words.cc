// Splitting search queries into words. Tested by store_test.cc.
#include "search_words.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace warta {
namespace {

bool IsSpace(char c) {
  // NUL too: no index holds it, and a query string would end there.
  return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// True when `word` may hold a letter or digit: an ASCII one, or a non-ASCII
// character outside the punctuation that queries carry (U+00A0..U+00BF such
// as the no-break space, « and ¿, and U+2000..U+206F such as dashes, curly
// quotes and the ellipsis), which the tokenisers treat as separators.
bool HasWordCharacter(std::string_view word) {
  for (size_t i = 0; i < word.size();) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return true;
      }
      ++i;
      continue;
    }
    unsigned char next = i + 1 < word.size() ? static_cast<unsigned char>(word[i + 1]) : 0;
    if (c == 0xc2 && next >= 0xa0 && next <= 0xbf) {
      i += 2;
    } else if (c == 0xe2 && (next == 0x80 || next == 0x81) && i + 2 < word.size()) {
      i += 3;
    } else {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<SearchWord> SearchWords(std::string_view text, const std::vector<std::string>& stems) {
  std::vector<SearchWord> words;
  size_t index = 0;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (i == start) break;
    std::string_view word = text.substr(start, i - start);
    if (HasWordCharacter(word)) {
      SearchWord w;
      w.word = std::string(word);
      if (index < stems.size() && HasWordCharacter(stems[index])) w.stem = stems[index];
      words.push_back(std::move(w));
    }
    ++index;
  }
  return words;
}

std::string Fts5Quote(std::string_view word) {
  std::string quoted = "\"";
  for (char c : word) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

Result<std::vector<SearchWord>> QueryWords(const SearchQuery& query) {
  if (query.text.find_first_not_of(" \t\n\r\f\v") == std::string::npos) {
    return InvalidArgument("empty search query");
  }
  if (query.limit == 0) return std::vector<SearchWord>();
  return SearchWords(query.text, query.stems);
}

}  // namespace warta
