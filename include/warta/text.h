// The text layer: Unicode repair and language identification.
//
// Thread-safety: free functions are reentrant; a LanguageIdentifier is
// immutable after Create and safe to share between threads.
#ifndef WARTA_TEXT_H_
#define WARTA_TEXT_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "warta/lang_data.h"
#include "warta/offset_map.h"
#include "warta/status.h"

namespace warta {

// Returns `in` as valid UTF-8. The rule: each byte that does not start a
// well-formed UTF-8 sequence (stray continuation byte, overlong form,
// surrogate, code point past U+10FFFF, truncated sequence) becomes U+FFFD,
// consuming exactly one byte. NUL bytes become U+FFFD too. `map`, when not
// null, receives the output -> input offset map. `replaced`, when not null,
// receives how many bytes were replaced.
std::string RepairUtf8(std::string_view in, OffsetMap* map,
                       size_t* replaced = nullptr);

// True when `s` is well-formed UTF-8 without NUL bytes.
bool IsValidUtf8(std::string_view s);

// The length of the well-formed UTF-8 sequence `s` starts with (1 to 4), or
// 0 when it starts with none (a NUL byte, a stray or truncated sequence) or
// is empty: "\xC3\xA9t" -> 2, "\xE9t" -> 0.
size_t Utf8SequenceLength(std::string_view s);

// Lower-cased words of `text` (letters and digits, split on everything else),
// by ICU case folding. For scoring and matching, not for offsets.
std::vector<std::string> SimpleWords(std::string_view text);

// Picks the language of a text by counting its words in each language's
// stop-word list (data/lang/<code>/stopwords.txt).
class LanguageIdentifier {
 public:
  static Result<std::unique_ptr<LanguageIdentifier>> Create(const DataDir& data);

  // ISO 639-1 code, or "" when the text is too short or matches no list.
  std::string Identify(std::string_view text) const;

 private:
  std::vector<std::string> codes_;
  std::unordered_map<std::string, std::vector<int>> word_langs_;
};

}  // namespace warta

#endif  // WARTA_TEXT_H_
