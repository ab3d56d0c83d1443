// Who says it, in one sentence: cues, the words naming the source, relays
// and stance words.
//
// Attribution in news prose takes a handful of shapes, and each is one rule
// here, driven by the kind of cue found in claims-cues.tsv:
//
//   X mengatakan (bahwa) ...       say/pre: the source is the noun phrase
//   X said ...                     left of the cue, back to a comma, quote,
//                                  clause word or verb; the scope is what
//                                  follows the cue.
//   ..., kata X (dalam ...).       say/post, only after a comma or quote:
//   "...," said X.                 the source follows the cue up to a stop
//                                  word; the scope is what precedes it.
//   ..., X said.                   say/pre with nothing after the cue: the
//                                  scope is the clause before the source.
//   “...,” katanya.                say_it: the last named source.
//   Dikatakan bahwa ...            lead, first word only: the last named.
//   Menurut X, ...  / ..., menurut X.   according: scope after or before.
//   pengumuman X pada Kamis bahwa ...   noun: needs the complement word.
//   X, mengutip Y, melaporkan ...  cites: Y is the source, X relayed it.
//   ... seperti dilansir CNA       relayed: CNA is a relay of the nearest
//                                  attribution to its left.
//   Mengutip X, ... / Dilansir X, ...   a relay opening the sentence.
//   Secara keseluruhan, ...        continue: the previous sentence's source.
//
// Noun phrases are cut with data too (claims-sources.tsv): skip words that
// are trimmed from either end ("Kremlin sebelumnya menepis"), stop words
// where a source after its cue ends ("kata NIS dalam sebuah pernyataan"),
// clause and relative words where a source before its cue begins ("Korea
// Selatan, yang telah lama mengklaim"), and verb forms found by prefix and
// stem ("Zelensky menandai laporan intelijen yang mengatakan" -> "laporan
// intelijen"). Dates found by the DateFinder are never part of a source.
//
// Stance words come from claims-stance.tsv, longest match first; a
// negation right before a denial or confirmation cancels it ("tidak
// membantah"); a capitalised stance word inside a sentence is a name, not a
// hedge ("May" the month).
//
// Tested by attribution_test.cc.
#include <algorithm>

#include "analysis.h"

namespace warta {
namespace facts {

namespace {

constexpr size_t kMaxSourceTokens = 10;

bool IsPunct(const Token& t) { return t.kind == TokenKind::kPunct; }

bool IsFolded(const Token& t, std::string_view s) { return t.folded == s; }

// Separators a source's words never cross.
bool IsBoundary(const Token& t) {
  return IsPunct(t) && !IsFolded(t, "(") && !IsFolded(t, ")") && !IsFolded(t, "'") &&
         !IsFolded(t, "’");
}

// "(NIS)" starting at i: three tokens, a word inside.
bool IsParenAcronym(std::span<const Token> tokens, size_t i) {
  return i + 2 < tokens.size() && IsFolded(tokens[i], "(") &&
         tokens[i + 1].kind == TokenKind::kWord && IsFolded(tokens[i + 2], ")");
}

size_t MatchLen(const PhraseMatcher& m, std::span<const Token> tokens, size_t i) {
  int32_t v = 0;
  return m.Match(tokens, i, &v);
}

// The date mention covering token i, or null.
const TokenRange* DateAt(const SentenceAnalysis& s, size_t i) {
  for (const TokenRange& r : s.date_tokens) {
    if (r.Contains(i)) return &r;
  }
  return nullptr;
}

// Trims skip words, determiners and dates from both ends of `r`:
// "Sebelumnya pada hari Jumat, media" -> "media"; "Kremlin sebelumnya" ->
// "Kremlin"; "seorang perwira senior" -> "perwira senior".
TokenRange Trim(const SentenceAnalysis& s, const Lexicon& lex, TokenRange r) {
  std::span<const Token> tk(s.tokens);
  bool changed = true;
  while (changed && !r.empty()) {
    changed = false;
    if (const TokenRange* d = DateAt(s, r.begin)) {
      r.begin = std::min(r.end, d->end);
      changed = true;
      continue;
    }
    size_t n = MatchLen(lex.skip, tk, r.begin);
    if (n > 0 && r.begin + n <= r.end) {
      r.begin += n;
      changed = true;
      continue;
    }
    if (lex.determiners.count(tk[r.begin].folded) && r.end - r.begin > 1) {
      ++r.begin;
      changed = true;
      continue;
    }
    if (IsPunct(tk[r.begin]) && !IsParenAcronym(tk, r.begin)) {
      ++r.begin;
      changed = true;
      continue;
    }
  }
  changed = true;
  while (changed && !r.empty()) {
    changed = false;
    size_t last = r.end - 1;
    if (const TokenRange* d = DateAt(s, last)) {
      r.end = std::max(r.begin, d->begin);
      changed = true;
      continue;
    }
    // A trailing skip phrase of up to three words: "Badan itu juga".
    for (size_t len = 1; len <= 3 && len <= r.end - r.begin; ++len) {
      if (MatchLen(lex.skip, tk, r.end - len) == len) {
        r.end -= len;
        changed = true;
        break;
      }
    }
    if (changed) continue;
    if (IsPunct(tk[last]) && !IsFolded(tk[last], ")")) {
      --r.end;
      changed = true;
    }
  }
  return r;
}

bool HasWord(const SentenceAnalysis& s, TokenRange r) {
  for (size_t i = r.begin; i < r.end; ++i) {
    if (s.tokens[i].kind == TokenKind::kWord) return true;
  }
  return false;
}

// A source names someone: a capitalised word ("Kremlin"), a head noun of an
// information source ("kementerian luar negeri"), a title ("pengamat"), or
// a pronoun; not a stray word ("negara yang ikut mengklaim" -> "ikut").
// A spelled number hyphenated to a word is an amount and its unit, three
// tokens, as the tokenizer makes "28-year veteran" three: "an eight-year
// deal", "a four-week penalty phase", "three-story hotels". Kept whole: a
// spelled number after the hyphen ("twenty-one"), a reduplication
// ("dua-duanya", "satu-satunya"), a suffix of fewer than three letters, and
// "one" before an unlisted word ("one-sided", "one-time"), and a number
// after another ("Two three-story hotels" counts two hotels).
void SplitSpelledUnits(std::string_view text, const LangTools& tools, std::vector<Token>* tokens) {
  const NumberFinder& numbers = *tools.numbers;
  auto spelled = [&](const std::string& w, double* v) {
    Token probe;
    probe.folded = w;
    return numbers.ParseSpelled(std::span<const Token>(&probe, 1), 0, v) == 1;
  };
  for (size_t i = 0; i < tokens->size(); ++i) {
    const Token t = (*tokens)[i];
    size_t h = t.folded.find('-');
    if (t.kind != TokenKind::kWord || h == std::string::npos || h == 0 ||
        t.Text(text).size() != t.folded.size() || t.Text(text)[h] != '-') {
      continue;
    }
    std::string head = t.folded.substr(0, h);
    std::string rest = t.folded.substr(h + 1);
    std::string rest_word = rest.substr(0, rest.find('-'));
    double value = 0, ignored = 0;
    // After another number it is that number's noun: "Two three-story hotels".
    if (i > 0 && ((*tokens)[i - 1].kind == TokenKind::kNumber ||
                  spelled((*tokens)[i - 1].folded, &ignored))) {
      continue;
    }
    if (rest_word.size() < 3 || rest.compare(0, head.size(), head) == 0 ||
        rest_word.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos ||
        !spelled(head, &value) || spelled(rest_word, &ignored)) {
      continue;
    }
    if (value == 1) {
      Token probe;
      probe.folded = rest_word;
      const std::string* w = nullptr;
      if (tools.lex->what_unit.Match(std::span<const Token>(&probe, 1), 0, &w) == 0) continue;
    }
    Token number = t;
    number.end = static_cast<uint32_t>(t.start + h);
    number.folded = std::move(head);
    Token hyphen;
    hyphen.start = number.end;
    hyphen.end = hyphen.start + 1;
    hyphen.kind = TokenKind::kPunct;
    hyphen.folded.push_back('-');
    hyphen.glued = true;
    Token unit;
    unit.start = hyphen.end;
    unit.end = t.end;
    unit.kind = TokenKind::kWord;
    unit.folded = std::move(rest);
    unit.glued = true;
    (*tokens)[i] = std::move(number);
    tokens->insert(tokens->begin() + static_cast<std::ptrdiff_t>(i) + 1, {hyphen, unit});
    i += 2;
  }
}

bool NamesSomeone(const SentenceAnalysis& s, const Lexicon& lex, TokenRange r) {
  std::span<const Token> tk(s.tokens);
  for (size_t k = r.begin; k < r.end; ++k) {
    if (tk[k].kind != TokenKind::kWord) continue;
    if (tk[k].capitalized || MatchLen(lex.head, tk, k) > 0 || MatchLen(lex.person, tk, k) > 0 ||
        MatchLen(lex.role, tk, k) > 0 ||
        lex.pronouns.count(tk[k].folded)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool IsQuoteMark(const Token& t) {
  if (t.kind != TokenKind::kPunct) return false;
  const std::string& f = t.folded;
  return f == "\"" || f == "“" || f == "”" || f == "„" || f == "«" || f == "»" || f == "‘" ||
         f == "’";
}

bool IsVerbLike(const Token& t, const LangTools& tools) {
  if (t.kind != TokenKind::kWord || t.capitalized || tools.stemmer == nullptr) {
    return false;
  }
  const std::string& w = t.folded;
  if (w.size() < 5) return false;
  // "tersebut" has a verb's prefix but is a demonstrative.
  const Lexicon& lex = *tools.lex;
  if (lex.demonstratives.count(w) || lex.pronouns.count(w)) return false;
  for (const std::string& p : tools.lex->verb_prefixes) {
    if (w.compare(0, p.size(), p) == 0) {
      return tools.stemmer->Stem(w) != w;
    }
  }
  return false;
}

namespace {

// Whether tk[i] is the full stop of an initial inside a name: one capital
// letter of the source's words before it, a capitalised word after it
// ("N. Y. Daily News", "George W. Bush").
bool IsInitialStop(std::span<const Token> tk, size_t begin, size_t i) {
  if (i <= begin || i + 1 >= tk.size() || !IsFolded(tk[i], ".")) return false;
  const Token& letter = tk[i - 1];
  return letter.kind == TokenKind::kWord && letter.capitalized && letter.folded.size() == 1 &&
         tk[i].glued && tk[i + 1].kind == TokenKind::kWord && tk[i + 1].capitalized;
}

// The source after a cue, from `i` to a stop word, punctuation, date, verb
// or relative word: "kata [Badan Intelijen Nasional (NIS)] dalam ...".
TokenRange SourceAfter(const LangTools& tools, const SentenceAnalysis& s, size_t i) {
  const Lexicon& lex = *tools.lex;
  std::span<const Token> tk(s.tokens);
  // A leading preposition belongs to no one: "berdasarkan data [dari]
  // Pemkot Bima", "laporan [dari] Reuters".
  for (int n = 0; n < 2 && i < tk.size() && MatchLen(lex.stop, tk, i) == 1 && i + 1 < tk.size() &&
                  tk[i + 1].kind == TokenKind::kWord;
       ++n) {
    ++i;
  }
  TokenRange r{i, i};
  // Leading determiners and skip words belong to no one: "kata seorang".
  while (r.end < tk.size()) {
    const Token& t = tk[r.end];
    if (IsParenAcronym(tk, r.end)) {
      r.end += 3;
      continue;
    }
    // An initial's full stop is inside a name: "the N. Y. Daily News",
    // "George W. Bush".
    if (IsInitialStop(tk, r.begin, r.end)) {
      ++r.end;
      continue;
    }
    if (IsPunct(t)) break;
    if (r.end > r.begin && MatchLen(lex.stop, tk, r.end) > 0) break;
    if (DateAt(s, r.end) != nullptr) break;
    if (lex.relatives.count(t.folded)) break;
    if (r.end > r.begin && IsVerbLike(t, tools)) break;
    int32_t v = 0;
    if (r.end > r.begin && lex.cues.matcher.Match(tk, r.end, &v) > 0) break;
    ++r.end;
    // "kata mereka, ..." -- a pronoun is the whole source.
    if (r.end == r.begin + 1 && lex.pronouns.count(t.folded)) break;
    if (r.end - r.begin > kMaxSourceTokens) return TokenRange{};
  }
  // An office, then the person's name after a comma: "kata Manager Humas
  // PT KAI Daop II Bandung, Joni Martinus saat dihubungi" (the name is one
  // to four capitalised words, ended by punctuation, a stop word or a verb).
  int32_t title = 0;
  if (r.end > r.begin && r.end + 1 < tk.size() && IsFolded(tk[r.end], ",") &&
      lex.person.Match(tk, r.begin, &title) > 0) {
    size_t k = r.end + 1;
    while (k < tk.size() && k - r.end - 1 < 4 && tk[k].kind == TokenKind::kWord &&
           tk[k].capitalized && MatchLen(lex.stop, tk, k) == 0 && !IsVerbLike(tk[k], tools)) {
      ++k;
    }
    const bool ends = k == tk.size() || IsPunct(tk[k]) || MatchLen(lex.stop, tk, k) > 0 ||
                      MatchLen(lex.skip, tk, k) > 0 || IsVerbLike(tk[k], tools);
    if (k > r.end + 1 && ends) r.end = k;
  }
  return Trim(s, lex, r);
}

// The source before a cue at `cue`: "[Badan itu] juga menuding ...".
// `reporter` receives X of "X, mengutip Y, melaporkan" (and the result is Y).
TokenRange SourceBefore(const LangTools& tools, const SentenceAnalysis& s, size_t cue,
                        TokenRange* reporter) {
  const Lexicon& lex = *tools.lex;
  std::span<const Token> tk(s.tokens);
  size_t e = cue;
  // Skip words and dates between the source and its cue: "Kremlin
  // sebelumnya menepis", "AS pada hari Rabu mengatakan".
  while (e > 0) {
    if (const TokenRange* d = DateAt(s, e - 1)) {
      e = d->begin;
      continue;
    }
    bool skipped = false;
    for (size_t len = 1; len <= 3 && len <= e; ++len) {
      if (MatchLen(lex.skip, tk, e - len) == len) {
        e -= len;
        skipped = true;
        break;
      }
    }
    if (!skipped) break;
  }
  // ", yang mengonfirmasi ...": when the relative word follows a comma, its
  // antecedent must be a bare noun phrase ("Korea Selatan, yang telah lama
  // mengklaim"), not a clause ("... melalui kapal Rusia, yang mengonfirmasi").
  bool clause_relative = false;
  // "X, yang telah lama mengklaim" / "laporan intelijen yang mengatakan":
  // the source is the noun phrase before the relative word.
  if (e > 0 && lex.relatives.count(tk[e - 1].folded)) {
    --e;
    if (e > 0 && IsFolded(tk[e - 1], ",")) {
      --e;
      clause_relative = true;
    }
  } else if (e > 0 && IsFolded(tk[e - 1], ",")) {
    // The cue right after a comma: look at the clause before it.
    size_t c = e - 1;
    size_t b = c;
    while (b > 0 && !IsBoundary(tk[b - 1])) --b;
    const CueInfo* info = nullptr;
    size_t n = lex.cues.Match(tk, b, &info);
    if (n > 0 && info->kind == CueKind::kRelayed && b > 1 && IsFolded(tk[b - 1], ",")) {
      // "Kementerian Kesehatan, dilansir dari laman resminya, mencatat":
      // the source is before the relayed aside.
      c = b - 1;
      b = c;
    }
    if (n > 0 && info->kind == CueKind::kCites) {
      // "media Korea Selatan, mengutip NIS, melaporkan": NIS is the source
      // and the media before it the reporter.
      TokenRange cited = SourceAfter(tools, s, b + n);
      if (b > 0 && IsFolded(tk[b - 1], ",") && reporter != nullptr) {
        size_t rb = b - 1;
        while (rb > 0 && !IsBoundary(tk[rb - 1])) --rb;
        TokenRange rep = Trim(s, lex, TokenRange{rb, b - 1});
        if (!rep.empty() && rep.end - rep.begin <= kMaxSourceTokens) *reporter = rep;
      }
      return cited;
    }
    // "Badan mata-mata Korea Selatan yang menggunakan ... AI, mengidentifikasi"
    for (size_t k = b; k < c; ++k) {
      if (lex.relatives.count(tk[k].folded)) {
        c = k;
        break;
      }
    }
    // A relative clause set off by commas: "Grace Wambui, who sits on the
    // budget committee, said": the source is before it.
    if (c == b && b > 1 && IsFolded(tk[b - 1], ",")) c = b - 1;
    e = c;
  }
  size_t b = e;
  while (b > 0) {
    const Token& t = tk[b - 1];
    if (IsFolded(t, ")") && b >= 3 && IsParenAcronym(tk, b - 3)) {
      b -= 3;
      continue;
    }
    // A bracketed short name of up to three words: "Badan Pengatur Hilir
    // Minyak dan Gas Bumi (BPH Migas) menetapkan".
    if (IsFolded(t, ")")) {
      size_t open = b - 1;
      while (open > 0 && b - 1 - open <= 3 && tk[open - 1].kind == TokenKind::kWord) --open;
      if (open > 0 && open + 1 < b - 1 && IsFolded(tk[open - 1], "(")) {
        b = open - 1;
        continue;
      }
    }
    if (IsBoundary(t) || IsQuoteMark(t)) break;
    if (MatchLen(lex.clause, tk, b - 1) == 1) break;
    // An auxiliary ends a clause, not a name: "The national strike was held
    // to protest the austerity measures announced ..." names no one.
    if (lex.passive_aux.count(t.folded)) break;
    if (lex.relatives.count(t.folded)) break;
    if (IsVerbLike(t, tools)) {
      if (clause_relative) return TokenRange{};
      break;
    }
    const CueInfo* info = nullptr;
    if (lex.cues.Match(tk, b - 1, &info) > 0) {
      // A reporting noun heads the source: "laporan intelijen".
      if (info->kind == CueKind::kNoun) --b;
      break;
    }
    if (DateAt(s, b - 1) != nullptr && b < e) break;
    --b;
    // A pronoun opens its noun phrase: "I talked to two jurors and [they
    // both] say", "[mereka] mengatakan".
    if (lex.pronouns.count(t.folded) > 0) break;
  }
  TokenRange r = Trim(s, lex, TokenRange{b, e});
  // A name followed by its description without the comma is the name:
  // "Henri Sembiring a local health official, said" -> Henri Sembiring
  // (capitalised words, then a determiner and a lowercase word).
  for (size_t k = r.begin + 1; k + 1 < r.end; ++k) {
    if (!tk[k - 1].capitalized || tk[k - 1].kind != TokenKind::kWord) break;
    if (lex.determiners.count(tk[k].folded) && tk[k + 1].kind == TokenKind::kWord &&
        !tk[k + 1].capitalized) {
      r.end = k;
      break;
    }
  }
  // A name before a description set off by commas is the source: "Shifa
  // Hospital, Gaza's main medical center, said" -> Shifa Hospital (the
  // description after a name is its appositive; "The mayor of Marathon,
  // Stergios Pappas, said" keeps the name nearest the cue).
  if (!r.empty() && r.end - r.begin >= 2 && b >= 2 && IsFolded(tk[b - 1], ",")) {
    bool description = false;
    for (size_t k = r.begin; k < r.end; ++k) {
      description |= tk[k].kind == TokenKind::kWord && !tk[k].capitalized &&
                     !lex.definites.count(tk[k].folded);
    }
    size_t nb = b - 1;
    while (nb > 0 && !IsBoundary(tk[nb - 1]) && !IsQuoteMark(tk[nb - 1])) --nb;
    bool name = description && nb < b - 1 && b - 1 - nb <= 4;
    for (size_t k = nb; name && k < b - 1; ++k) {
      name = tk[k].kind == TokenKind::kWord && tk[k].capitalized && DateAt(s, k) == nullptr &&
             MatchLen(lex.skip, tk, k) == 0 && MatchLen(lex.stop, tk, k) == 0;
    }
    if (name) return TokenRange{nb, b - 1};
  }
  // Its bracketed short name does not count towards the length.
  size_t bracketed = 0;
  for (size_t k = r.begin; k < r.end; ++k) {
    if (IsFolded(tk[k], "(")) {
      size_t close = k + 1;
      while (close < r.end && !IsFolded(tk[close], ")")) ++close;
      if (close < r.end) bracketed += close - k + 1;
    }
  }
  if (r.end - r.begin > kMaxSourceTokens + bracketed) return TokenRange{};
  // A prepositional phrase is no subject: "informasi yang beredar [di
  // Reddit] menyebutkan", "dituangkan [pada Pasal 222] yang menjelaskan".
  if (!r.empty() && MatchLen(lex.stop, tk, r.begin) > 0 &&
      !lex.pronouns.count(tk[r.begin].folded)) {
    return TokenRange{};
  }
  // "Presiden Zelensky menandai laporan intelijen yang mengatakan ...": a
  // report with no name of its own is the claim of whoever presents it.
  const CueInfo* head = nullptr;
  if (!r.empty() && lex.cues.Match(tk, r.begin, &head) > 0 && head->kind == CueKind::kNoun &&
      b > 0 && IsVerbLike(tk[b - 1], tools)) {
    bool named = false;
    for (size_t k = r.begin; k < r.end; ++k) named = named || tk[k].capitalized;
    if (!named) {
      TokenRange presenter = SourceBefore(tools, s, b - 1, nullptr);
      if (!presenter.empty()) return presenter;
    }
  }
  return r;
}

// True when little but dates, skip and stop words follows token i: the
// cue ends its sentence (", the agency said on Friday.", "he told reporters
// in Brussels."). Two content words at most, and no number.
bool NothingAfter(const SentenceAnalysis& s, const Lexicon& lex, size_t i) {
  std::span<const Token> tk(s.tokens);
  size_t k = i;
  int content = 0;
  while (k < tk.size()) {
    if (IsPunct(tk[k])) {
      ++k;
      continue;
    }
    if (const TokenRange* d = DateAt(s, k)) {
      k = d->end;
      continue;
    }
    size_t n = MatchLen(lex.skip, tk, k);
    if (n == 0) n = MatchLen(lex.stop, tk, k);
    if (n > 0) {
      k += n;
      continue;
    }
    if (tk[k].kind == TokenKind::kNumber || ++content > 2) return false;
    ++k;
  }
  return true;
}

// True when token i stands inside a quotation: “ opens, ” closes, "
// toggles, from the quote state the sentence starts in.
bool InsideQuote(const SentenceAnalysis& s, size_t i) {
  bool open = s.starts_in_quote;
  for (size_t k = 0; k < i && k < s.tokens.size(); ++k) {
    const std::string& f = s.tokens[k].folded;
    if (s.tokens[k].kind != TokenKind::kPunct) continue;
    if (f == "“" || f == "«") {
      open = true;
    } else if (f == "”" || f == "»") {
      open = false;
    } else if (f == "\"") {
      open = !open;
    }
  }
  return open;
}

// A source set off after the words it reports: right after a closing
// quotation ("“We have recovered 14 bodies,” Alexiou said at a briefing")
// or between commas ("87 arrests, the ministry said, most of them in
// Paris"; "fell 8%, the company reported last month, while ...").
// `after` is the token after the cue.
bool TrailingSource(const SentenceAnalysis& s, const LangTools& tools, TokenRange source,
                    size_t after) {
  std::span<const Token> tk(s.tokens);
  if (source.begin < 2) return false;
  const Token& before = tk[source.begin - 1];
  if (IsQuoteMark(before)) return IsFolded(tk[source.begin - 2], ",");
  if (!IsFolded(before, ",")) return false;
  // The figure it reports comes before it: not "Kepada DailySocial, Winston
  // menambahkan, ...".
  // And none after it: "..., ia menjelaskan, peristiwa ini juga
  // menyebabkan 17 unit rumah" reports the 17 too.
  bool figure_before = false;
  for (const Amount& am : s.amounts) {
    if (!am.IsQuantity()) continue;
    if (am.span.end <= before.start) figure_before = true;
    if (after < tk.size() && am.span.start >= tk[after].start) return false;
  }
  if (!figure_before) return false;
  // Up to three plain words ("in a statement") or a date before the comma.
  size_t k = after;
  for (size_t words = 0; k < tk.size() && words < 3; ++words) {
    if (IsFolded(tk[k], ",")) return true;
    if (const TokenRange* d = DateAt(s, k)) {
      k = d->end;
      continue;
    }
    if (tk[k].kind != TokenKind::kWord || IsVerbLike(tk[k], tools)) return false;
    if (tools.lex->complementizers.count(tk[k].folded)) return false;
    ++k;
  }
  return k < tk.size() && IsFolded(tk[k], ",");
}

// True when a word of `aux` stands right before the cue at `cue`, skip
// words aside: the passive's "is [alleged]", "was also [reported]"; the
// modal's "dapat [menambahkan]".
bool AuxBefore(const SentenceAnalysis& s, const Lexicon& lex,
               const std::unordered_set<std::string>& aux, size_t cue) {
  std::span<const Token> tk(s.tokens);
  size_t k = cue;
  while (k > 0) {
    --k;
    if (tk[k].kind != TokenKind::kWord) return false;
    if (aux.count(tk[k].folded)) return true;
    if (MatchLen(lex.skip, tk, k) != 1) return false;
  }
  return false;
}

bool AfterCommaOrQuote(const SentenceAnalysis& s, size_t i) {
  if (i == 0) return false;
  const Token& t = s.tokens[i - 1];
  return IsFolded(t, ",") || IsFolded(t, ":") || IsQuoteMark(t) || IsFolded(t, "—") ||
         IsFolded(t, "–");
}

bool IsAnaphoric(const SentenceAnalysis& s, const Lexicon& lex, TokenRange r) {
  if (r.empty()) return true;
  std::span<const Token> tk(s.tokens);
  if (r.end - r.begin == 1 && lex.pronouns.count(tk[r.begin].folded)) return true;
  // "Badan itu", "badan intelijen tersebut"
  if (lex.demonstratives.count(tk[r.end - 1].folded) && r.end - r.begin > 1) {
    return true;
  }
  // "the agency": a definite article and no capitalised word after it.
  if (lex.definites.count(tk[r.begin].folded)) {
    for (size_t k = r.begin + 1; k < r.end; ++k) {
      if (tk[k].capitalized) return false;
    }
    return true;
  }
  return false;
}

}  // namespace

void AnalyzeSentence(std::string_view text, const LangTools& tools, const CivilDate& reference,
                     SentenceAnalysis* s) {
  const Lexicon& lex = *tools.lex;
  s->tokens.clear();
  s->amounts.clear();
  s->dates.clear();
  s->date_tokens.clear();
  s->attributions.clear();
  s->stances.clear();
  s->lead_via.clear();
  s->back_source = TokenRange{};
  s->tokens.reserve(s->span.size() / 4 + 4);  // about one token per 6 bytes
  Tokenize(text, s->span, &s->tokens);
  if (tools.numbers != nullptr) SplitSpelledUnits(text, tools, &s->tokens);
  std::span<const Token> tk(s->tokens);
  s->first_word = 0;
  while (s->first_word < tk.size() && tk[s->first_word].kind != TokenKind::kWord) {
    ++s->first_word;
  }

  // Quotes: “ opens, ” closes, " toggles.
  bool open = s->starts_in_quote;
  for (const Token& t : tk) {
    if (t.kind != TokenKind::kPunct) continue;
    if (t.folded == "“" || t.folded == "«") {
      open = true;
    } else if (t.folded == "”" || t.folded == "»") {
      if (open && s->starts_in_quote) s->has_close_quote = true;
      open = false;
    } else if (t.folded == "\"") {
      if (open && s->starts_in_quote) s->has_close_quote = true;
      open = !open;
    }
  }
  s->ends_in_quote = open;

  // Cue and stance words, one left-to-right pass, longest match first.
  struct CueHit {
    TokenRange at;
    const CueInfo* info;
  };
  std::vector<CueHit> cue_hits;
  bool has_digit_or_stance = false;
  std::vector<bool>& starts = s->starts;
  starts.assign(tk.size(), false);
  for (size_t i = 0; i < tk.size(); ++i) {
    starts[i] = tk[i].kind == TokenKind::kWord && lex.starters.count(tk[i].folded) > 0;
  }
  for (size_t i = 0; i < tk.size(); ++i) {
    if (tk[i].kind == TokenKind::kNumber) has_digit_or_stance = true;
    if (!starts[i]) continue;
    const CueInfo* info = nullptr;
    size_t n = lex.cues.Match(tk, i, &info);
    if (n > 0) {
      // "seperti dilansir" is one cue, not "seperti dilansir" and "dilansir".
      cue_hits.push_back({TokenRange{i, i + n}, info});
      i += n - 1;
    }
  }
  s->has_title = false;
  for (size_t i = 0; i < tk.size(); ++i) {
    if (!starts[i]) continue;
    if (!s->has_title && tk[i].capitalized) {
      s->has_title = MatchLen(lex.person, tk, i) > 0;
    }
    const StanceInfo* st = nullptr;
    size_t m = lex.stance.Match(tk, i, &st);
    if (m > 0) {
      // "May" inside a sentence is a month, not a hedge.
      // A verb of stance in a title-case headline is still one: "Andrew
      // Lopez Confesses To Murder".
      bool name = tk[i].capitalized && i != s->first_word && st->role == StanceRole::kMarker;
      // "Putin tidak membantah": no denial.
      bool negated = false;
      size_t negation_at = i;
      if (i > 0 && (st->stance == StanceKind::kDenies || st->stance == StanceKind::kConfirms)) {
        for (size_t back = 1; back <= 2 && back <= i; ++back) {
          if (MatchLen(lex.negation, tk, i - back) > 0) {
            negated = true;
            negation_at = i - back;
          }
        }
      }
      if (!name && !negated) {
        s->stances.push_back({TokenRange{i, i + m}, *st, TokenRange{}});
        has_digit_or_stance = true;
      } else if (!name && st->stance == StanceKind::kConfirms) {
        // A confirmation withheld cannot verify: "declined to confirm",
        // "would not confirm", "tidak mengonfirmasi".
        StanceInfo withheld = *st;
        withheld.stance = StanceKind::kCannotVerify;
        s->stances.push_back({TokenRange{negation_at, i + m}, withheld, TokenRange{}});
        has_digit_or_stance = true;
      }
      if (m > 1) i += m - 1;
    }
  }

  // Amounts and dates: only where a claim could be.
  if (tools.numbers != nullptr) tools.numbers->Find(text, tk, &s->amounts);
  // Dates: for the claims' dates and to keep them out of sources; a
  // sentence with neither an amount nor a stance makes no claim, and its
  // sources are cut by stop words and commas well enough without them.
  if (!s->amounts.empty() || has_digit_or_stance) {
    if (tools.dates != nullptr) tools.dates->Find(text, tk, reference, &s->dates);
  }
  for (const DateMention& d : s->dates) {
    TokenRange r{tk.size(), tk.size()};
    for (size_t k = 0; k < tk.size(); ++k) {
      if (tk[k].start >= d.span.start && tk[k].end <= d.span.end) {
        if (r.begin == tk.size()) r.begin = k;
        r.end = k + 1;
      }
    }
    if (r.begin == tk.size()) r = TokenRange{};
    s->date_tokens.push_back(r);
  }

  // Each cue, by kind.
  for (size_t h = 0; h < cue_hits.size(); ++h) {
    const CueHit& hit = cue_hits[h];
    size_t c = hit.at.begin;
    size_t after = hit.at.end;
    const CueInfo& info = *hit.info;
    // The first word, after any connective ("Namun, seperti dilansir ...").
    bool first = c == s->first_word;
    Attribution a;
    a.kind = info.kind;
    a.cue = hit.at;
    switch (info.kind) {
      case CueKind::kSay:
      case CueKind::kWeak: {
        bool post = false;
        if (info.post && AfterCommaOrQuote(*s, c)) {
          // "..., kata X." / "“...,” said X."
          a.source = SourceAfter(tools, *s, after);
          post = !a.source.empty() && NamesSomeone(*s, lex, a.source);
          if (post) {
            a.scope = TokenRange{0, c};
          } else if (!info.pre) {
            continue;
          }
        }
        if (post) {
          // Done above.
        } else if (info.pre) {
          // A passive cue names no speaker before it: "Lopez is accused of
          // spraying 13 shots", "Violence was also reported in
          // Thessaloniki"; with an agent the source follows ("was reported
          // by the agency").
          // A modal makes the cue an ability or a plan, not a report:
          // "Anda dapat menambahkan hingga tiga akun".
          if (AuxBefore(*s, lex, lex.modals, c)) continue;
          if (AuxBefore(*s, lex, lex.passive_aux, c)) {
            size_t k = after;
            if (k < tk.size() && lex.agent_markers.count(tk[k].folded)) {
              a.source = SourceAfter(tools, *s, k + 1);
              if (a.source.empty() || !NamesSomeone(*s, lex, a.source)) continue;
              a.scope = TokenRange{0, c};
              s->attributions.push_back(a);
            }
            continue;
          }
          // No one after the cue: an appositive before it ("The mayor of
          // Marathon, Stergios Pappas, said ...") names the source.
          // "X mengatakan ...", "..., X said."
          a.source = SourceBefore(tools, *s, c, &a.reporter);
          if (a.source.empty() || !NamesSomeone(*s, lex, a.source)) continue;
          if (info.kind == CueKind::kWeak) {
            // "Badan mata-mata ... mengidentifikasi": only an information
            // source reports by identifying.
            // An acronym names an organisation too: "BPS juga mencatat".
            bool source_like = false;
            for (size_t k = a.source.begin; k < a.source.end; ++k) {
              std::string_view w = tk[k].Text(text);
              bool acronym = w.size() >= 2;
              for (char ch : w) acronym = acronym && ch >= 'A' && ch <= 'Z';
              if (acronym || MatchLen(lex.head, tk, k) > 0) source_like = true;
            }
            if (!source_like) continue;
          }
          if ((NothingAfter(*s, lex, after) || TrailingSource(*s, tools, a.source, after)) &&
              a.source.begin > 0) {
            a.scope = TokenRange{0, a.source.begin};
          } else {
            a.scope = TokenRange{after, tk.size()};
          }
        } else {
          continue;
        }
        a.anaphoric = IsAnaphoric(*s, lex, a.source);
        break;
      }
      case CueKind::kSayIt: {
        // “...,” katanya. / "..., he said." / "He said ..."
        a.anaphoric = true;
        // Adverbs before it still open the sentence: "Then he said ...".
        bool opens = first;
        for (size_t k = s->first_word; !opens && k < c;) {
          size_t n = MatchLen(lex.skip, tk, k);
          if (n == 0 || k + n > c) break;
          k += n;
          opens = k == c;
        }
        if (AfterCommaOrQuote(*s, c) || NothingAfter(*s, lex, after)) {
          a.scope = TokenRange{0, c};
        } else if (opens) {
          a.scope = TokenRange{after, tk.size()};
        } else {
          continue;
        }
        break;
      }
      case CueKind::kLead: {
        // "Dikatakan bahwa ..." opens a sentence; "Menurutnya" may also
        // close one after a comma: "..., menurutnya."
        a.anaphoric = true;
        if (first) {
          a.scope = TokenRange{after, tk.size()};
        } else if (AfterCommaOrQuote(*s, c) && NothingAfter(*s, lex, after)) {
          a.scope = TokenRange{0, c};
        } else {
          continue;
        }
        break;
      }
      case CueKind::kAccording: {
        a.source = SourceAfter(tools, *s, after);
        if (a.source.empty() || !NamesSomeone(*s, lex, a.source)) continue;
        a.anaphoric = IsAnaphoric(*s, lex, a.source);
        bool embedded = c > 0 && (lex.relatives.count(tk[c - 1].folded) ||
                                  lex.complementizers.count(tk[c - 1].folded));
        if (first || embedded) {
          a.scope = TokenRange{a.source.end, tk.size()};
        } else {
          a.scope = TokenRange{0, c};  // "..., menurut NIS."
        }
        break;
      }
      case CueKind::kNoun: {
        // "pengumuman Presiden Zelensky pada hari Kamis bahwa ..."
        a.source = SourceAfter(tools, *s, after);
        if (a.source.empty() || !HasWord(*s, a.source)) continue;
        if (!tk[a.source.begin].capitalized) continue;  // "laporan intelijen"
        // Up to six words (a date, "pada hari Kamis") before the complement.
        size_t k = a.source.end;
        for (size_t steps = 0; k < tk.size() && steps < 6; ++steps) {
          if (lex.complementizers.count(tk[k].folded)) break;
          if (IsPunct(tk[k]) || IsVerbLike(tk[k], tools)) {
            k = tk.size();
          } else if (const TokenRange* d = DateAt(*s, k)) {
            k = d->end;
          } else {
            ++k;
          }
        }
        if (k >= tk.size() || !lex.complementizers.count(tk[k].folded)) continue;
        a.anaphoric = IsAnaphoric(*s, lex, a.source);
        a.scope = TokenRange{k + 1, tk.size()};
        break;
      }
      case CueKind::kCites:
      case CueKind::kRelayed: {
        TokenRange who = SourceAfter(tools, *s, after);
        if (who.empty() || !HasWord(*s, who)) continue;
        if (first) {
          // "Mengutip Rferl, ...", "Dilansir melalui Reuters, ...".
          s->lead_via.push_back(who);
          s->lead_via_cites = info.kind == CueKind::kCites;
        } else if (info.kind == CueKind::kRelayed && !s->attributions.empty()) {
          // "kata badan intelijen Ukraina seperti dilansir CNA"
          s->attributions.back().via.push_back(who);
        } else if (info.kind == CueKind::kRelayed) {
          // No speaker before it: a relay of the whole sentence, "Namun
          // seperti dilansir Sky Sports, kubu Setan Merah ..."
          s->lead_via.push_back(who);
        }
        continue;  // a relay is not an attribution of its own
      }
      case CueKind::kContinue: {
        if (first) s->continues = true;
        continue;
      }
      case CueKind::kBack: {
        // "Hal itu disampaikan (oleh) Kepala BNPB Sutopo di Jakarta."
        if (!first) continue;
        size_t k = after;
        if (k < tk.size() && lex.agent_markers.count(tk[k].folded)) ++k;
        TokenRange who = SourceAfter(tools, *s, k);
        if (!who.empty() && NamesSomeone(*s, lex, who)) s->back_source = who;
        continue;
      }
    }
    s->attributions.push_back(a);
  }

  // A headline that names its source after a colon: "North Korea has sent
  // 1,500 troops to Russia: Seoul spy agency". Up to five words, all of the
  // sentence's end, naming someone, and no cue of their own.
  if (s->attributions.empty()) {
    size_t colon = tk.size();
    for (size_t k = tk.size(); k-- > 0;) {
      if (IsFolded(tk[k], ":")) {
        colon = k;
        break;
      }
    }
    size_t end = tk.size();
    while (end > 0 && IsPunct(tk[end - 1]) && end - 1 > colon) --end;
    if (colon + 1 < end && end - colon - 1 <= 5 && colon > 2) {
      TokenRange who{colon + 1, end};
      bool words = true;
      for (size_t k = who.begin; k < who.end; ++k) words = words && !IsPunct(tk[k]);
      bool figure_before = false;
      for (const Amount& am : s->amounts) {
        if (am.IsQuantity() && am.span.end <= tk[colon].start) figure_before = true;
      }
      if (words && figure_before && NamesSomeone(*s, lex, who)) {
        Attribution a;
        a.kind = CueKind::kSay;
        a.cue = TokenRange{colon, colon + 1};
        a.source = who;
        a.scope = TokenRange{0, colon};
        a.anaphoric = IsAnaphoric(*s, lex, who);
        s->attributions.push_back(a);
      }
    }
  }

  // Stance verbs: "Kremlin sebelumnya menepis laporan ..." is the
  // Kremlin's; "hal ini dibantah Korea Utara" is North Korea's.
  for (StanceHit& st : s->stances) {
    if (st.info.role == StanceRole::kVerb) {
      Attribution a;
      a.kind = CueKind::kSay;
      a.cue = st.words;
      a.source = SourceBefore(tools, *s, st.words.begin, nullptr);
      if (a.source.empty() || !NamesSomeone(*s, lex, a.source)) continue;
      // "“We cannot confirm the reports,” a spokesperson said": inside a
      // quotation the subject is the quoted speaker, named by the cue.
      if (InsideQuote(*s, a.source.begin)) continue;
      a.anaphoric = IsAnaphoric(*s, lex, a.source);
      a.scope = TokenRange{st.words.end, tk.size()};
      a.stance = st.info.stance;
      st.agent = a.source;
      // Keep the attributions in cue order.
      auto pos = std::find_if(s->attributions.begin(), s->attributions.end(),
                              [&](const Attribution& x) { return x.cue.begin > a.cue.begin; });
      s->attributions.insert(pos, a);
    } else if (st.info.role == StanceRole::kPassive) {
      size_t k = st.words.end;
      if (k < tk.size() && lex.agent_markers.count(tk[k].folded)) ++k;
      if (k < tk.size() && tk[k].capitalized) {
        st.agent = SourceAfter(tools, *s, k);
      }
    }
  }
}

}  // namespace facts
}  // namespace warta
