// Segmentation: sentences, tokens and phrase lookup over UTF-8 text.
//
// Everything here speaks in byte offsets into the text the caller passed in;
// nothing is copied except each token's case-folded form. A claim found in a
// sentence can therefore point at its exact source bytes.
//
//   ASSIGN_OR_RETURN(auto splitter, warta::SentenceSplitter::Create(data, "en"));
//   std::vector<warta::Span> sentences;
//   splitter->Split("Mr. Smith met U.S. officials. They agreed.", &sentences);
//   // -> [0,29) "Mr. Smith met U.S. officials."  [30,42) "They agreed."
//
//   std::vector<warta::Token> tokens;
//   warta::Tokenize("lebih dari 12.000 tentara (KN-23)", &tokens);
//   // -> lebih | dari | 12.000 | tentara | ( | KN-23 | )
//   //    tokens[2].kind == kNumber, tokens[5].folded == "kn-23"
//
// Thread-safety: Tokenize and PhraseMatcher's const methods are reentrant.
// A SentenceSplitter holds an ICU BreakIterator and is NOT thread-safe: use
// one per thread (Clone() is cheap: the abbreviation data is shared).
#ifndef WARTA_SEGMENT_H_
#define WARTA_SEGMENT_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "warta/lang_data.h"
#include "warta/status.h"

namespace warta {

// Half-open byte range [start, end) into a text.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - start; }
  bool empty() const { return start == end; }
  std::string_view Of(std::string_view text) const { return text.substr(start, end - start); }
  friend bool operator==(const Span&, const Span&) = default;
};

enum class TokenKind : uint8_t {
  // Letters, with inner apostrophes and hyphens; digits joined by a hyphen
  // stay in: "pasukan", "Jum'at", "sisa-sisa", "KN-23", "ke-3", "COVID-19".
  kWord,
  // Digits with inner separators followed by a digit: "1.500", "1,2",
  // "12.000", "24/10/2024", "10:30". Digits joined to digits by a hyphen
  // split ("1950-1953" -> 1950 | - | 1953) so that ranges can be read.
  kNumber,
  // One punctuation or symbol code point: "(", "“", "%", "$", "-".
  kPunct,
};

struct Token {
  uint32_t start = 0;  // byte offsets into the tokenized text
  uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  // No whitespace between this token and the previous one (or the start):
  // "Rp3,5" -> Rp | 3,5 with glued on "3,5"; "G20" -> G | 20 glued.
  bool glued = false;
  // The first letter is upper case: "Kamis", "AS", "KN-23".
  bool capitalized = false;
  // ICU simple case folding, digits of any script as ASCII, soft hyphens and
  // joiners dropped: "Kamis" -> "kamis", "１２" -> "12".
  std::string folded;

  Span span() const { return {start, end}; }
  std::string_view Text(std::string_view text) const { return text.substr(start, end - start); }
};

// Appends the tokens of `text` to `out`. Whitespace separates tokens and is
// not a token; invalid UTF-8 bytes are skipped as if they were spaces.
// A letter run and a digit run touching each other split ("12ribu" -> 12 |
// ribu, "5bn" -> 5 | bn, "Rp3,5" -> Rp | 3,5), with `glued` set, unless they
// are joined by a hyphen ("KN-23"). Single letters with periods stay one
// word ("U.S." -> "u.s.", "a.m."). Appending means a caller can reuse one
// vector for every sentence (clear() it between calls); folded forms of up
// to 15 bytes live inside the Token (no heap allocation).
void Tokenize(std::string_view text, std::vector<Token>* out);

// The same over the range `range` of `text`; offsets stay relative to `text`.
void Tokenize(std::string_view text, Span range, std::vector<Token>* out);

// Case-folds a word the way Tokenize does ("Kamis" -> "kamis").
std::string FoldCase(std::string_view word);

// Finds sentences with ICU's sentence BreakIterator, corrected by language
// data: no break after an abbreviation of data/lang/<code>/abbreviations.txt
// ("Mr. Smith", "Jend. Sudirman") or after a single capital initial
// ("George W. Bush"); no break before a lower-case letter ("“Siapa?” tanya
// dia."); always a break at a newline. Closing quotes stay with their
// sentence. Spans are trimmed of white space; empty sentences are dropped.
class SentenceSplitter {
 public:
  // Reads lang/<lang>/abbreviations.txt (missing file: no abbreviations).
  static Result<std::unique_ptr<SentenceSplitter>> Create(const DataDir& data,
                                                          const std::string& lang);
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // A splitter with the same data and its own BreakIterator.
  std::unique_ptr<SentenceSplitter> Clone() const;

  // Replaces `out` with the sentence spans of `text`.
  void Split(std::string_view text, std::vector<Span>* out);

 private:
  struct Data;
  class Breaker;
  SentenceSplitter(std::shared_ptr<const Data> data, std::unique_ptr<Breaker> breaker);
  bool SuppressAfter(std::string_view text, uint32_t boundary) const;

  std::shared_ptr<const Data> data_;
  std::unique_ptr<Breaker> breaker_;
  std::vector<uint32_t> raw_;  // scratch: ICU's boundaries
};

// A dictionary of phrases, each a sequence of case-folded tokens, matched
// longest first against a token sequence. Used for every word list of the
// language data (qualifiers, scale words, month names, cue verbs).
//
//   warta::PhraseMatcher m;
//   m.Add("lebih dari", 7);
//   int32_t value;
//   size_t n = m.Match(tokens, i, &value);  // 2 and value 7 at "Lebih dari"
class PhraseMatcher {
 public:
  // Adds `phrase` (tokenized and folded like the text) with `value`. A
  // phrase added twice keeps its last value. Empty phrases are ignored.
  void Add(std::string_view phrase, int32_t value);

  // Length in tokens of the longest phrase that starts at tokens[i], or 0.
  // On a match `*value` receives the phrase's value.
  size_t Match(std::span<const Token> tokens, size_t i, int32_t* value) const;

  bool empty() const { return nodes_.size() <= 1; }

 private:
  struct Node {
    std::unordered_map<std::string, uint32_t> next;
    int32_t value = 0;
    bool terminal = false;
  };
  std::vector<Node> nodes_ = std::vector<Node>(1);
};

}  // namespace warta

#endif  // WARTA_SEGMENT_H_
