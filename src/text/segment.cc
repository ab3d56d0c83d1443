// Sentences, tokens and phrase lookup.
//
// Tokens come from one plain scanning loop over the UTF-8 bytes, not from
// ICU's word BreakIterator: the loop needs rules ICU does not have (keep
// "1.500" and "KN-23" whole, split "1950-1953" so a range can be read, split
// "Rp3,5" so the currency can be seen) and it must be cheap, since every
// article is tokenized once per stage that reads it. ASCII takes a fast path;
// other code points are classified with ICU's character properties and folded
// with ICU's simple case folding, one code point at a time; a token with
// non-ASCII letters then goes through ICU's NFKC_Casefold normalisation, so
// decomposed and precomposed spellings fold alike. Each token keeps its byte
// span in the original text: that span is the offset map of the folded form.
//
// Sentences come from ICU's sentence BreakIterator run directly over the
// UTF-8 bytes (utext_openUTF8), so its boundaries are already byte offsets.
// ICU's rules are then corrected by three written rules, each with the case
// that motivates it:
//   - no break after an abbreviation listed in the language data
//     ("Mr. Smith", "U.S. President", "Jend. Sudirman") or a single capital
//     initial ("George W. Bush");
//   - no break before a lower-case letter, which ICU makes after "?" and "!"
//     (“Siapa kamu?” tanya dia. -> one sentence);
//   - always a break at a newline: titles, captions and list items are lines.
//
// Phrase lookup is a trie over folded tokens (PhraseMatcher); the data files
// of every stage are compiled into such tries once at start-up.
//
// Tested by segment_test.cc.
#include "warta/segment.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <utility>

#include "util/utf8.h"

namespace warta {
namespace {

enum class CharClass : uint8_t {
  kSpace,       // white space, controls, invalid bytes, ZWSP, BOM
  kLetter,      // letters and combining marks
  kDigit,       // decimal digits of any script
  kIgnorable,   // soft hyphen, joiners: dropped inside a word
  kHyphen,      // "-", U+2010, U+2011
  kApostrophe,  // "'", U+2019
  kOther,       // punctuation and symbols
};

inline CharClass Classify(int32_t cp) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::kLetter;
    if (cp >= '0' && cp <= '9') return CharClass::kDigit;
    if (cp <= ' ' || cp == 0x7F) return CharClass::kSpace;
    if (cp == '-') return CharClass::kHyphen;
    if (cp == '\'') return CharClass::kApostrophe;
    return CharClass::kOther;
  }
  if (cp == kInvalidCodePoint || cp == 0x200B || cp == 0xFEFF) return CharClass::kSpace;
  if (cp == 0x2010 || cp == 0x2011) return CharClass::kHyphen;
  if (cp == 0x2019) return CharClass::kApostrophe;
  if (cp == 0x00AD || cp == 0x200C || cp == 0x200D || cp == 0x2060) {
    return CharClass::kIgnorable;
  }
  if (u_isUWhiteSpace(cp) || u_iscntrl(cp)) return CharClass::kSpace;
  if (u_isdigit(cp)) return CharClass::kDigit;
  if (u_isUAlphabetic(cp)) return CharClass::kLetter;
  int8_t type = u_charType(cp);
  if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK) {
    return CharClass::kLetter;
  }
  return CharClass::kOther;
}

// Appends the folded form of one code point of class `cls`.
inline void AppendFolded(int32_t cp, CharClass cls, std::string* out) {
  // Fullwidth ASCII ("ＡＢＣ") folds to ASCII, as NFKC would.
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    return;
  }
  switch (cls) {
    case CharClass::kDigit:
      out->push_back(static_cast<char>('0' + u_charDigitValue(cp)));
      return;
    case CharClass::kHyphen:
      out->push_back('-');
      return;
    case CharClass::kApostrophe:
      out->push_back('\'');
      return;
    case CharClass::kIgnorable:
      return;
    default:
      AppendUtf8(u_foldCase(cp, U_FOLD_CASE_DEFAULT), out);
  }
}

// Composes what per-code-point folding leaves apart: "cafe\u0301" (e and a
// combining acute) becomes "café" like the precomposed word, and
// compatibility forms ("ﬁ", "²") fold as NFKC_Casefold says. ASCII is already
// final and skips ICU.
void NormalizeFolded(std::string* folded) {
  bool ascii = true;
  for (char c : *folded) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) return;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return;
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(*folded);
  if (nfkc_cf->isNormalized(in, status) && U_SUCCESS(status)) return;
  status = U_ZERO_ERROR;
  icu::UnicodeString norm = nfkc_cf->normalize(in, status);
  if (U_FAILURE(status)) return;
  folded->clear();
  norm.toUTF8String(*folded);
}

inline bool IsUpper(int32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return u_isupper(cp) || u_istitle(cp);
}

// What follows position i: its code point, class and length.
struct Peek {
  int32_t cp = kInvalidCodePoint;
  CharClass cls = CharClass::kSpace;
  size_t len = 0;
};
inline Peek PeekAt(std::string_view text, size_t i) {
  Peek p;
  if (i >= text.size()) return p;
  p.cp = DecodeUtf8(text, i, &p.len);
  p.cls = Classify(p.cp);
  return p;
}

inline bool IsAlnum(CharClass c) { return c == CharClass::kLetter || c == CharClass::kDigit; }

}  // namespace

void Tokenize(std::string_view text, std::vector<Token>* out) {
  Tokenize(text, Span{0, static_cast<uint32_t>(text.size())}, out);
}

void Tokenize(std::string_view text, Span range, std::vector<Token>* out) {
  size_t i = range.start;
  const size_t end = std::min<size_t>(range.end, text.size());
  const std::string_view view = text.substr(0, end);
  bool space_before = true;
  while (i < end) {
    Peek p = PeekAt(view, i);
    if (p.cls == CharClass::kSpace || p.cls == CharClass::kIgnorable) {
      space_before = true;
      i += p.len;
      continue;
    }
    Token tok;
    tok.start = static_cast<uint32_t>(i);
    tok.glued = !space_before;
    space_before = false;
    if (!IsAlnum(p.cls)) {
      // One punctuation or symbol code point: "(", "%", "“".
      tok.kind = TokenKind::kPunct;
      AppendFolded(p.cp, p.cls, &tok.folded);
      i += p.len;
      tok.end = static_cast<uint32_t>(i);
      out->push_back(std::move(tok));
      continue;
    }
    // Acronyms written with periods stay whole: "U.S." -> "u.s.",
    // "a.m." -> "a.m.", "s.d." -> "s.d.". Needs letter '.' letter '.'.
    if (p.cls == CharClass::kLetter && p.cp < 0x80 && i + 3 < view.size() && view[i + 1] == '.' &&
        Classify(static_cast<unsigned char>(view[i + 2])) == CharClass::kLetter &&
        view[i + 3] == '.' &&
        (i + 4 >= view.size() ||
         Classify(static_cast<unsigned char>(view[i + 4])) != CharClass::kLetter)) {
      size_t j = i;
      while (j + 1 < view.size() && static_cast<unsigned char>(view[j]) < 0x80 &&
             Classify(static_cast<unsigned char>(view[j])) == CharClass::kLetter &&
             view[j + 1] == '.' &&
             (j + 2 >= view.size() ||
              Classify(static_cast<unsigned char>(view[j + 2])) != CharClass::kLetter ||
              (j + 3 < view.size() && view[j + 3] == '.'))) {
        char c = view[j];
        tok.folded.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
        tok.folded.push_back('.');
        j += 2;
      }
      tok.kind = TokenKind::kWord;
      tok.capitalized = IsUpper(p.cp);
      tok.end = static_cast<uint32_t>(j);
      i = j;
      out->push_back(std::move(tok));
      continue;
    }
    tok.capitalized = p.cls == CharClass::kLetter && IsUpper(p.cp);
    bool has_letter = false;
    bool compound = false;  // joined by a hyphen: letter/digit changes allowed
    CharClass run = p.cls;
    while (i < end) {
      // A run of ASCII letters or digits continuing the token is copied in
      // one append, without decoding. Measured on id-news (7.3 MB, best of
      // 8 passes): tokenizing 0.13 s -> 0.08 s.
      if (run == CharClass::kLetter || run == CharClass::kDigit) {
        size_t j = i;
        if (run == CharClass::kLetter) {
          while (j < end && ((static_cast<unsigned char>(view[j]) | 0x20) >= 'a' &&
                             (static_cast<unsigned char>(view[j]) | 0x20) <= 'z')) {
            ++j;
          }
        } else {
          while (j < end && view[j] >= '0' && view[j] <= '9') ++j;
        }
        if (j > i) {
          size_t from = tok.folded.size();
          tok.folded.append(view.data() + i, j - i);
          if (run == CharClass::kLetter) {
            has_letter = true;
            for (size_t k = from; k < tok.folded.size(); ++k) tok.folded[k] |= 0x20;
          }
          i = j;
          continue;
        }
      }
      Peek c = PeekAt(view, i);
      if (c.cls == run || (compound && IsAlnum(c.cls)) ||
          (c.cls == CharClass::kIgnorable && PeekAt(view, i + c.len).cls == run)) {
        if (c.cls == CharClass::kLetter) has_letter = true;
        run = IsAlnum(c.cls) ? c.cls : run;
        AppendFolded(c.cp, c.cls, &tok.folded);
        i += c.len;
        continue;
      }
      Peek next = PeekAt(view, i + c.len);
      // "1.500", "1,2", "24/10/2024", "10:30": a separator between digits.
      if (run == CharClass::kDigit && next.cls == CharClass::kDigit &&
          (c.cp == '.' || c.cp == ',' || c.cp == '/' || c.cp == ':')) {
        tok.folded.push_back(static_cast<char>(c.cp));
        i += c.len;
        continue;
      }
      // "Jum'at", "don't": an apostrophe between letters.
      if (c.cls == CharClass::kApostrophe && run == CharClass::kLetter &&
          next.cls == CharClass::kLetter) {
        tok.folded.push_back('\'');
        i += c.len;
        continue;
      }
      // "sisa-sisa", "KN-23", "ke-3", "1950-an": a hyphen with a letter on
      // one side. "1950-1953" splits: digits on both sides make a range.
      // A number before a hyphenated word of three letters or more is an
      // amount and its unit, three tokens: "28-year veteran", "6.1-magnitude
      // quake", "15-minute call" (a two-letter suffix stays: "1950-an").
      if (c.cls == CharClass::kHyphen && run == CharClass::kDigit && !compound &&
          next.cls == CharClass::kLetter) {
        size_t k = i + c.len;
        int letters = 0;
        while (k < end && letters < 3) {
          Peek l = PeekAt(view, k);
          if (l.cls != CharClass::kLetter) break;
          ++letters;
          k += l.len;
        }
        if (letters >= 3) break;
      }
      if (c.cls == CharClass::kHyphen && IsAlnum(next.cls) &&
          (run == CharClass::kLetter || next.cls == CharClass::kLetter)) {
        tok.folded.push_back('-');
        i += c.len;
        compound = true;
        run = next.cls;
        continue;
      }
      break;
    }
    tok.kind = has_letter ? TokenKind::kWord : TokenKind::kNumber;
    tok.end = static_cast<uint32_t>(i);
    NormalizeFolded(&tok.folded);
    out->push_back(std::move(tok));
  }
}

std::string FoldCase(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  size_t i = 0;
  while (i < word.size()) {
    size_t len;
    int32_t cp = DecodeUtf8(word, i, &len);
    i += len;
    if (cp == kInvalidCodePoint) continue;
    AppendFolded(cp, Classify(cp), &out);
  }
  NormalizeFolded(&out);
  return out;
}

// ---------------------------------------------------------------------------
// SentenceSplitter

struct SentenceSplitter::Data {
  std::unordered_set<std::string> abbreviations;  // as written: "Mr.", "U.S."
};

class SentenceSplitter::Breaker {
 public:
  explicit Breaker(std::unique_ptr<icu::BreakIterator> bi) : bi_(std::move(bi)) {}
  icu::BreakIterator* get() { return bi_.get(); }

 private:
  std::unique_ptr<icu::BreakIterator> bi_;
};

SentenceSplitter::SentenceSplitter(std::shared_ptr<const Data> data,
                                   std::unique_ptr<Breaker> breaker)
    : data_(std::move(data)), breaker_(std::move(breaker)) {}

SentenceSplitter::~SentenceSplitter() = default;

Result<std::unique_ptr<SentenceSplitter>> SentenceSplitter::Create(const DataDir& data,
                                                                   const std::string& lang) {
  auto d = std::make_shared<Data>();
  ASSIGN_OR_RETURN(std::vector<std::string> lines, data.ReadLines(lang, "abbreviations.txt"));
  for (std::string& line : lines) d->abbreviations.insert(std::move(line));
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> bi(
      icu::BreakIterator::createSentenceInstance(icu::Locale(lang.c_str()), status));
  if (U_FAILURE(status) || !bi) {
    return Internal(std::string("ICU sentence iterator: ") + u_errorName(status));
  }
  return std::unique_ptr<SentenceSplitter>(
      new SentenceSplitter(std::move(d), std::make_unique<Breaker>(std::move(bi))));
}

std::unique_ptr<SentenceSplitter> SentenceSplitter::Clone() const {
  std::unique_ptr<icu::BreakIterator> bi(breaker_->get()->clone());
  return std::unique_ptr<SentenceSplitter>(
      new SentenceSplitter(data_, std::make_unique<Breaker>(std::move(bi))));
}

namespace {

// Opening punctuation that may precede an abbreviation: "(Dr." -> "Dr.".
inline bool IsOpening(unsigned char c) { return c == '(' || c == '[' || c == '"' || c == '\''; }

// Bytes of white space ending at `end` (exclusive), scanning back over ASCII
// space and the UTF-8 of NBSP, ZWSP and the line and ideographic spaces.
size_t SpaceBefore(std::string_view t, size_t end, size_t floor, bool* newline) {
  size_t e = end;
  while (e > floor) {
    unsigned char c = static_cast<unsigned char>(t[e - 1]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      --e;
    } else if (c == '\n') {
      if (newline) *newline = true;
      --e;
    } else if (e - floor >= 2 && c == 0xA0 && static_cast<unsigned char>(t[e - 2]) == 0xC2) {
      e -= 2;
    } else if (e - floor >= 3 && static_cast<unsigned char>(t[e - 3]) == 0xE2 &&
               static_cast<unsigned char>(t[e - 2]) == 0x80 &&
               (c == 0x8B || c == 0xA8 || c == 0xA9 || c == 0xAF)) {
      if (c == 0xA8 || c == 0xA9) {
        if (newline) *newline = true;
      }
      e -= 3;
    } else if (e - floor >= 3 && static_cast<unsigned char>(t[e - 3]) == 0xE3 &&
               static_cast<unsigned char>(t[e - 2]) == 0x80 && c == 0x80) {
      e -= 3;
    } else {
      break;
    }
  }
  return end - e;
}

size_t SpaceAfter(std::string_view t, size_t start, size_t ceil) {
  size_t s = start;
  while (s < ceil) {
    Peek p = PeekAt(t.substr(0, ceil), s);
    if (p.cls != CharClass::kSpace || p.cp == kInvalidCodePoint) break;
    s += p.len;
  }
  return s - start;
}

}  // namespace

bool SentenceSplitter::SuppressAfter(std::string_view text, uint32_t boundary) const {
  size_t e = boundary - SpaceBefore(text, boundary, 0, nullptr);
  if (e == 0 || text[e - 1] != '.') return false;
  size_t s = e;
  while (s > 0) {
    unsigned char c = static_cast<unsigned char>(text[s - 1]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0) break;
    --s;
  }
  while (s < e && IsOpening(static_cast<unsigned char>(text[s]))) ++s;
  std::string_view chunk = text.substr(s, e - s);
  if (chunk.size() < 2) return false;
  if (data_->abbreviations.count(std::string(chunk)) > 0) return true;
  // A single capital initial: "George W. Bush", "Kim J. Un".
  std::string_view head = chunk.substr(0, chunk.size() - 1);
  size_t len;
  int32_t cp = DecodeUtf8(head, 0, &len);
  return len == head.size() && IsUpper(cp);
}

void SentenceSplitter::Split(std::string_view text, std::vector<Span>* out) {
  out->clear();
  raw_.clear();
  if (text.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &status);
  icu::BreakIterator* bi = breaker_->get();
  if (U_SUCCESS(status)) bi->setText(&ut, status);
  if (U_SUCCESS(status)) {
    for (int32_t b = bi->first(); b != icu::BreakIterator::DONE; b = bi->next()) {
      raw_.push_back(static_cast<uint32_t>(b));
    }
  }
  // Every newline ends a sentence, whatever ICU thought.
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') raw_.push_back(static_cast<uint32_t>(i + 1));
  }
  raw_.push_back(0);
  raw_.push_back(static_cast<uint32_t>(text.size()));
  std::sort(raw_.begin(), raw_.end());
  raw_.erase(std::unique(raw_.begin(), raw_.end()), raw_.end());
  // ICU keeps its own shallow clone of the UText; it is not read again
  // before the next setText.
  utext_close(&ut);

  uint32_t start = 0;
  for (size_t k = 1; k < raw_.size(); ++k) {
    uint32_t b = raw_[k];
    if (b < text.size()) {
      bool newline = false;
      SpaceBefore(text, b, start, &newline);
      if (!newline) {
        if (SuppressAfter(text, b)) continue;
        // No sentence starts with a lower-case letter: “Siapa?” tanya dia.
        size_t s = b + SpaceAfter(text, b, text.size());
        Peek p = PeekAt(text, s);
        if (p.cls == CharClass::kLetter && u_islower(p.cp)) continue;
      }
    }
    uint32_t s = start + static_cast<uint32_t>(SpaceAfter(text, start, b));
    uint32_t e = b - static_cast<uint32_t>(SpaceBefore(text, b, s, nullptr));
    if (e > s) out->push_back(Span{s, e});
    start = b;
  }
}

// ---------------------------------------------------------------------------
// PhraseMatcher

void PhraseMatcher::Add(std::string_view phrase, int32_t value) {
  std::vector<Token> tokens;
  Tokenize(phrase, &tokens);
  if (tokens.empty()) return;
  uint32_t node = 0;
  for (const Token& t : tokens) {
    auto it = nodes_[node].next.find(t.folded);
    if (it == nodes_[node].next.end()) {
      uint32_t id = static_cast<uint32_t>(nodes_.size());
      nodes_[node].next.emplace(t.folded, id);
      nodes_.emplace_back();
      node = id;
    } else {
      node = it->second;
    }
  }
  nodes_[node].terminal = true;
  nodes_[node].value = value;
}

size_t PhraseMatcher::Match(std::span<const Token> tokens, size_t i, int32_t* value) const {
  size_t best = 0;
  uint32_t node = 0;
  for (size_t k = i; k < tokens.size(); ++k) {
    const auto& next = nodes_[node].next;
    if (next.empty()) break;
    auto it = next.find(tokens[k].folded);
    if (it == next.end()) break;
    node = it->second;
    if (nodes_[node].terminal) {
      best = k - i + 1;
      *value = nodes_[node].value;
    }
  }
  return best;
}

}  // namespace warta
