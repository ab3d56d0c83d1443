// The claim extractor: from a document's clean text to attributed,
// quantified claims.
//
// Two passes over the sentences. The first (AnalyzeSentence, in
// attribution.cc) looks at each sentence alone: tokens, amounts, dates,
// cues, relays, stance words. The second walks the sentences in order and
// carries what prose carries from one sentence to the next:
//
//   - the sources named so far, so that an anaphor ("Badan itu", "badan
//     intelijen tersebut", "katanya", "Dikatakan", "the agency", "he said")
//     resolves to the latest one that shares a word with it ("pemimpin
//     Ukraina tersebut" -> the last person: a title word asks for one);
//   - an open quotation: the speaker introduced before “ speaks every
//     sentence until ”;
//   - a continuing connective ("Secara keseluruhan, ...") that keeps the
//     previous sentence's speaker;
//   - acronyms the document defines ("Badan Intelijen Nasional (NIS)") and
//     the people it names with a title ("Presiden Ukraina Volodymyr
//     Zelensky" -> later "Zelensky").
//
// Each amount then becomes a claim: kept when the text layer calls it a
// quantity (not a year, date, ordinal, designator, phone number), when what
// it counts is known (a spelled or vague number with no noun of the taxonomy
// after it, as in "satu lagi", is no claim), and when it is not part of the
// source's own words ("Dua pejabat AS mengatakan"). Its source is the
// attribution whose scope holds it, the nearest cue to its left first; its
// stance the strongest stance word of the sentence; its place the country of
// the place names around it, "ke Rusia" before "di Ukraina" before a bare
// name, the counted people's own country ("tentara Korea Utara") being their
// subject, not their place. A sentence with a denial, confirmation,
// no-evidence or cannot-verify word and no amount gives one stance-only
// claim; a hedge alone does not (nearly every report hedges somewhere).
//
// Language-specific knowledge is all in data/lang/<code>/claims-*.tsv and
// data/geo/; no rule here names a word of a language.
//
// Tested by extractor_test.cc and seeds_test.cc.
#include <algorithm>
#include <cmath>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "analysis.h"
#include "lexicon.h"
#include "warta/claim.h"
#include "warta/numbers.h"
#include "warta/text.h"

namespace warta {
namespace facts {
namespace {

// Window, in tokens after an amount, in which its counted noun is looked
// for: "12,000 North Korean special forces troops".
constexpr size_t kNounWindow = 4;
// Window after the counted noun for a casualty predicate: "enam warga
// Korea Utara termasuk di antara mereka yang tewas".
constexpr size_t kCasualtyWindow = 10;
// Window before an amount for a casualty word: "the death toll rose to 45".
constexpr size_t kBeforeWindow = 5;
// How many sentences on a quotation's speaker is looked for: “A. B. C,”
// kata X.
constexpr size_t kQuoteLookahead = 8;

struct Pack {
  std::string lang;
  std::unique_ptr<Lexicon> lex;
  std::unique_ptr<NumberFinder> numbers;
  std::unique_ptr<DateFinder> dates;
  std::unique_ptr<SentenceSplitter> splitter;  // prototype
  std::unique_ptr<Stemmer> stemmer;            // prototype
  std::unique_ptr<StopWords> stop;
};

// What a thread needs that is not thread-safe.
struct Worker {
  std::vector<std::unique_ptr<SentenceSplitter>> splitters;  // per pack
  std::vector<std::unique_ptr<Stemmer>> stemmers;
  std::vector<Span> spans;
};

// A resolved source.
struct Source {
  std::string canonical;  // "" = OUTLET
  std::string mention;
  std::vector<std::string> via;
  std::string cue;
  std::string said_date;
  bool person = false;
  // An organisation: a head noun ("agency", "kementerian"), an acronym
  // ("NIS") or an alias. A personal pronoun never refers to one.
  bool org = false;
  std::vector<std::string> words;  // folded words, for anaphora
};

struct PlaceHit {
  TokenRange at;
  const std::string* code = nullptr;
  int where = -1;  // -1 none, else WhereKind
};

bool AllCaps(std::string_view s) {
  bool letter = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') letter = true;
  }
  return letter;
}

int StanceRank(StanceKind k) {
  switch (k) {
    case StanceKind::kDenies:
      return 5;
    case StanceKind::kCannotVerify:
      return 4;
    case StanceKind::kNoEvidence:
      return 3;
    case StanceKind::kConfirms:
      return 2;
    case StanceKind::kHedged:
      return 1;
    case StanceKind::kNone:
      return 0;
  }
  return 0;
}

// True when the words around an amount make it no claim (the not_before
// and not_after rows of claims-what.tsv): a phrase ending right before the
// amount's first token ("berusia 17 tahun", "every 90 days", "salah
// satu"), or starting right after the number or its counted unit ("tiga
// tahun lalu", "41 years ago", "satu pun"). Rows marked "duration" apply to
// durations only: "lima hari kerja" is a claim, "lima hari lalu" is not.
bool NoClaimAround(std::span<const Token> tk, size_t first, size_t unit, size_t noun_end,
                   bool duration, std::optional<double> value, const Lexicon& lex) {
  auto applies = [&](const std::string* v) {
    if (*v == "one") return value && *value == 1;
    return *v == "any" || duration;
  };
  for (size_t back = 1; back <= 3 && back <= first; ++back) {
    const std::string* v = nullptr;
    size_t n = lex.not_before.Match(tk, first - back, &v);
    if (n == back && applies(v)) return true;
  }
  // A number word written with a capital inside a sentence, before another
  // capitalised word, is part of a title or a name: "film Marlina si
  // Pembunuh dalam Empat Babak", "Piala Tiga Negara". Not at the start of
  // a sentence or a quotation, nor in a headline whose words are mostly
  // capitalised ("Two Killed in Blast").
  if (tk[first].kind == TokenKind::kWord && tk[first].capitalized && first > 0 &&
      tk[first - 1].kind == TokenKind::kWord && first + 1 < tk.size() &&
      tk[first + 1].kind == TokenKind::kWord && tk[first + 1].capitalized) {
    size_t words = 0, capitals = 0;
    for (const Token& t : tk) {
      if (t.kind != TokenKind::kWord) continue;
      ++words;
      capitals += t.capitalized ? 1 : 0;
    }
    if (2 * capitals < words) return true;
  }
  // A duration followed by a year is a regulation's citation, not a length
  // of time: "Peraturan Menteri nomor PM.26 Tahun 2017", "UU 7 Tahun 2017".
  if (duration && noun_end < tk.size() && tk[noun_end].kind == TokenKind::kNumber &&
      IsBareYear(tk[noun_end].folded)) {
    return true;
  }
  for (size_t at : {unit, noun_end}) {
    if (at >= tk.size()) continue;
    const std::string* v = nullptr;
    if (lex.not_after.Match(tk, at, &v) > 0 && (at == noun_end || *v != "duration") &&
        applies(v)) {
      return true;
    }
  }
  return false;
}

class Extractor : public ClaimExtractor {
 public:
  static Result<std::unique_ptr<ClaimExtractor>> Build(const DataDir& data);
  std::vector<Claim> Extract(const Document& doc) const override;

 private:
  struct Doc;  // per-call state
  std::unique_ptr<Worker> Acquire() const;
  void Release(std::unique_ptr<Worker> w) const;
  size_t PackFor(const Document& doc) const;

  std::vector<Pack> packs_;
  std::unique_ptr<Gazetteer> places_;
  std::unique_ptr<LanguageIdentifier> langid_;
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<Worker>> pool_;
};

// Everything the second pass keeps while it walks one document.
struct Extractor::Doc {
  const Document* doc = nullptr;
  const Pack* pack = nullptr;
  LangTools tools;
  std::vector<Source> history;                            // named sources, oldest first
  std::unordered_map<std::string, std::string> surnames;  // "zelensky" -> full
  std::unordered_map<std::string, std::string> acronyms;  // folded long -> short
  std::string published;

  std::string_view TextOf(const SentenceAnalysis& s, TokenRange r) const {
    if (r.empty()) return {};
    uint32_t b = s.tokens[r.begin].start;
    uint32_t e = s.tokens[r.end - 1].end;
    return std::string_view(doc->text).substr(b, e - b);
  }

  std::vector<PlaceHit> Places(const SentenceAnalysis& s) const;
  Source Named(const SentenceAnalysis& s, TokenRange r, const std::vector<PlaceHit>& places);
  Source Resolve(const SentenceAnalysis& s, TokenRange anaphor) const;
  void LearnNames(const SentenceAnalysis& s, const std::vector<PlaceHit>& places);
  Source FromAttribution(const SentenceAnalysis& s, const Attribution& a,
                         const std::vector<PlaceHit>& places);
  std::string SaidDate(const SentenceAnalysis& s, const Attribution& a) const;
};

std::vector<PlaceHit> Extractor::Doc::Places(const SentenceAnalysis& s) const {
  std::vector<PlaceHit> hits;
  std::span<const Token> tk(s.tokens);
  // "Russia's Far East": a possessive names the place too.
  std::vector<Token> stripped;
  for (size_t i = 0; i < tk.size(); ++i) {
    const std::string& f = tk[i].folded;
    size_t cut = 0;
    if (f.size() > 2 && f.compare(f.size() - 2, 2, "'s") == 0) cut = 2;
    if (f.size() > 4 && f.compare(f.size() - 4, 4, "’s") == 0) cut = 4;
    if (cut == 0) continue;
    if (stripped.empty()) stripped.assign(tk.begin(), tk.end());
    stripped[i].folded.resize(f.size() - cut);
  }
  if (!stripped.empty()) tk = std::span<const Token>(stripped);
  if (tools.places == nullptr) return hits;
  for (size_t i = 0; i < tk.size(); ++i) {
    const std::string* code = nullptr;
    size_t n = tools.places->Match(doc->text, tk, i, &code);
    if (n == 0) continue;
    PlaceHit h;
    h.at = TokenRange{i, i + n};
    h.code = code;
    // The nearest preposition up to four words before: "ke wilayah timur
    // jauh Rusia" -> "wilayah" (in) and further "ke" (to): the nearest wins.
    for (size_t back = 1; back <= 4 && back <= i; ++back) {
      const Token& t = tk[i - back];
      if (t.kind == TokenKind::kPunct) break;
      if (!hits.empty() && hits.back().at.end > i - back) break;
      const WhereKind* w = nullptr;
      size_t m = tools.lex->where.Match(tk, i - back, &w);
      if (m > 0 && i - back + m <= i) {
        h.where = static_cast<int>(*w);
        break;
      }
    }
    hits.push_back(h);
    i += n - 1;
  }
  return hits;
}

// The canonical name of a source named by the words `r`.
Source Extractor::Doc::Named(const SentenceAnalysis& s, TokenRange r,
                             const std::vector<PlaceHit>& places) {
  const Lexicon& lex = *tools.lex;
  std::span<const Token> tk(s.tokens);
  Source src;
  // Two names joined are two speakers; the first one names the claim:
  // "RCMP Sgt. Tim Shields and Attorney-General Wally Oppal announced" ->
  // "RCMP Sgt. Tim Shields". Only where both sides are names of two words
  // or more ("Ministry of Trade and Industry" stays one), and the first is
  // not a title opening an office's long name ("Kepala Pusat Data Informasi
  // dan Humas BNPB Sutopo Purwo Nugroho" is one person).
  int32_t title = 0;
  const bool titled_first = lex.person.Match(tk, r.begin, &title) > 0;
  for (size_t k = r.begin + 2; !titled_first && k + 2 < r.end; ++k) {
    if (tk[k].kind != TokenKind::kWord || !lex.conjunctions.count(tk[k].folded)) continue;
    auto names = [&](size_t from, size_t to) {
      size_t words = 0;
      for (size_t j = from; j < to; ++j) {
        if (tk[j].kind != TokenKind::kWord) continue;
        if (!tk[j].capitalized) return false;
        ++words;
      }
      return words >= 2;
    };
    if (names(r.begin, k) && names(k + 1, r.end)) r.end = k;
    break;
  }
  src.mention = std::string(TextOf(s, r));
  for (size_t k = r.begin; k < r.end; ++k) {
    if (tk[k].kind == TokenKind::kWord) src.words.push_back(tk[k].folded);
  }
  auto in_place = [&](size_t k) {
    for (const PlaceHit& p : places) {
      if (p.at.Contains(k)) return true;
    }
    return false;
  };
  // A title and a name: "Presiden Ukraina Volodymyr Zelensky" -> the name,
  // also before an alias: "NATO Secretary General Mark Rutte" -> Mark Rutte.
  {
    size_t title_end = 0;
    bool titled = false;
    for (size_t k = r.begin; k < r.end; ++k) {
      int32_t v = 0;
      size_t n = lex.person.Match(tk, k, &v);
      if (n > 0) {
        titled = true;
        title_end = k + n;
        k += n - 1;
      }
    }
    if (titled) {
      src.person = true;
      int32_t v0 = 0;
      size_t b = r.end;
      while (b > title_end && tk[b - 1].kind == TokenKind::kWord && tk[b - 1].capitalized &&
             !in_place(b - 1) && !AllCaps(tk[b - 1].Text(doc->text))) {
        --b;
      }
      // A long capitalised run holds an organisation too: "Direktur Utama
      // Bank Mandiri Kartika Wirjoatmodjo" -> the last two words; and a
      // derived common noun is a ministry's, not a person's: "Menteri
      // Perdagangan Enggartiasto Lukita" -> "Enggartiasto Lukita".
      if (r.end - b > 3) b = r.end - 2;
      // A stop word between the title and the run makes the run a place or
      // body the person belongs to, not the name: "the medical director of
      // the hospital in Jabaliya".
      for (size_t k = title_end; k < b; ++k) {
        if (lex.stop.Match(tk, k, &v0) > 0) b = r.end;
      }
      // An organisation's head word makes the run no name: "spokesperson
      // for the U.S. National Security Council".
      for (size_t k = b; k < r.end; ++k) {
        if (lex.head.Match(tk, k, &v0) > 0) b = r.end;
      }
      while (b + 1 < r.end &&
             ((!lex.verb_prefixes.empty() && tools.stemmer->Stem(tk[b].folded) != tk[b].folded) ||
              lex.head.Match(tk, b, &v0) > 0)) {
        ++b;
      }
      if (b < r.end) {
        src.canonical = std::string(TextOf(s, TokenRange{b, r.end}));
        surnames[tk[r.end - 1].folded] = src.canonical;
        // Indonesian news also calls people by their first name: "Menurut
        // Sutopo" after "Sutopo Purwo Nugroho". The first to claim it keeps it.
        if (r.end - b >= 2) surnames.emplace(tk[b].folded, src.canonical);
      }
    }
  }
  // An alias at the start: "Badan Intelijen Nasional Korea Selatan" -> NIS.
  const std::string* canon = nullptr;
  size_t lead = r.begin;
  if (r.end - r.begin > 1 && lex.definites.count(tk[lead].folded)) ++lead;  // "the UN"
  // "laporan AFP" -> AFP: a report named after its author.
  const CueInfo* noun = nullptr;
  if (r.end - lead > 1 && lex.cues.Match(tk, lead, &noun) == 1 && noun->kind == CueKind::kNoun &&
      tk[lead + 1].capitalized) {
    ++lead;
    r.begin = lead;
  }
  // Unless a name goes on after it: "U.S. Geological Survey" is not the
  // United States (capitalised words after the alias that are no place).
  size_t alias_len = src.canonical.empty() ? lex.aliases.Match(tk, lead, &canon) : 0;
  if (alias_len > 0) {
    bool more_name = false;
    for (size_t k = lead + alias_len; k < r.end; ++k) {
      if (tk[k].kind == TokenKind::kWord && tk[k].capitalized && !in_place(k)) more_name = true;
      if (tk[k].folded == "(") break;  // "Badan Intelijen Nasional (NIS)"
    }
    if (!more_name) src.canonical = *canon;
  }
  // An acronym in brackets: "Badan Intelijen Nasional (NIS)".
  if (src.canonical.empty()) {
    for (size_t k = r.begin; k + 2 < r.end + 1 && k + 2 < tk.size(); ++k) {
      if (tk[k].folded == "(" && tk[k + 2].folded == ")") {
        if (lex.aliases.Match(tk, k + 1, &canon) > 0) {
          src.canonical = *canon;
        } else {
          src.canonical = std::string(tk[k + 1].Text(doc->text));
        }
        break;
      }
    }
  }
  // A surname named before: "Zelensky" -> "Volodymyr Zelensky".
  if (src.canonical.empty() && r.end - r.begin <= 2 && tk[r.end - 1].capitalized) {
    auto it = surnames.find(tk[r.end - 1].folded);
    if (it != surnames.end()) {
      src.canonical = it->second;
      src.person = true;
    }
  }
  if (src.canonical.empty()) {
    auto it = acronyms.find(FoldCase(src.mention));
    src.canonical = it != acronyms.end() ? it->second : src.mention;
  }
  // Person or organisation, for pronouns: "Paul Howard" (two or three
  // capitalised words, no head noun) is a person; "BNPB", "the ministry"
  // are not.
  if (!src.person) {
    int32_t v0 = 0;
    size_t words = 0, caps = 0;
    for (size_t k = r.begin; k < r.end; ++k) {
      if (tk[k].kind != TokenKind::kWord || lex.definites.count(tk[k].folded) > 0) continue;
      ++words;
      if (lex.head.Match(tk, k, &v0) > 0 || AllCaps(tk[k].Text(doc->text))) src.org = true;
      if (tk[k].capitalized) ++caps;
    }
    if (canon != nullptr) src.org = true;
    if (!src.org && words >= 2 && words <= 4 && caps == words) {
      bool placed = false;
      for (const PlaceHit& p : places) placed = placed || (p.at.begin >= r.begin && p.at.end <= r.end);
      src.person = !placed;
    }
  }
  if (src.canonical != src.mention) {
    // The canonical name's words too ("NIS" for "Badan itu" to match).
    size_t b = 0;
    while (b < src.canonical.size()) {
      size_t e = src.canonical.find(' ', b);
      if (e == std::string::npos) e = src.canonical.size();
      if (e > b) src.words.push_back(FoldCase(std::string_view(src.canonical).substr(b, e - b)));
      b = e + 1;
    }
  }
  return src;
}

void Extractor::Doc::LearnNames(const SentenceAnalysis& s, const std::vector<PlaceHit>& places) {
  std::span<const Token> tk(s.tokens);
  for (size_t k = 0; k < tk.size(); ++k) {
    int32_t v = 0;
    size_t n = tools.lex->person.Match(tk, k, &v);
    if (n == 0) continue;
    size_t b = k + n;
    // Places and organisations between the title and the name.
    while (b < tk.size()) {
      bool placed = false;
      for (const PlaceHit& p : places) placed = placed || p.at.Contains(b);
      if (!placed && !(tk[b].capitalized && AllCaps(tk[b].Text(doc->text)))) break;
      ++b;
    }
    size_t e = b;
    while (e < tk.size() && e - b < 3 && tk[e].kind == TokenKind::kWord && tk[e].capitalized &&
           !AllCaps(tk[e].Text(doc->text))) {
      ++e;
    }
    if (e - b >= 2 && !surnames.count(tk[e - 1].folded)) {
      surnames[tk[e - 1].folded] = std::string(TextOf(s, TokenRange{b, e}));
      surnames.emplace(tk[b].folded, surnames[tk[e - 1].folded]);
    }
    k = e > k ? e - 1 : k;
  }
}

// The latest named source an anaphor refers to: the one sharing most words
// with it, a person for a title word or a personal pronoun.
Source Extractor::Doc::Resolve(const SentenceAnalysis& s, TokenRange anaphor) const {
  const Lexicon& lex = *tools.lex;
  std::span<const Token> tk(s.tokens);
  bool want_person = false;
  std::vector<std::string> words;
  for (size_t k = anaphor.begin; k < anaphor.end; ++k) {
    const std::string& f = tk[k].folded;
    int32_t v = 0;
    if (k == anaphor.begin && (lex.person.Match(tk, k, &v) > 0 || lex.person_pronouns.count(f))) {
      want_person = true;
    }
    if (tk[k].kind != TokenKind::kWord || lex.demonstratives.count(f) || lex.definites.count(f) ||
        lex.pronouns.count(f) || lex.determiners.count(f)) {
      continue;
    }
    words.push_back(f);
  }
  int best = -1;
  int best_score = -1;
  for (int pass = 0; pass < 2 && best < 0; ++pass) {
    for (size_t i = history.size(); i-- > 0;) {
      const Source& h = history[i];
      if (pass == 0 && want_person && !h.person) continue;
      // "he said" never refers to an agency: "ia" after "BNPB mencatat".
      if (want_person && h.org) continue;
      int score = 0;
      for (const std::string& w : words) {
        if (std::find(h.words.begin(), h.words.end(), w) != h.words.end()) ++score;
      }
      if (score > best_score) {
        best = static_cast<int>(i);
        best_score = score;
      }
    }
  }
  if (best < 0) return Source();
  // "The governor denied ..." shares no word with anyone named before: a
  // new source, not an anaphor.
  if (!words.empty() && best_score == 0) {
    // "the agency", "badan tersebut": a head noun of an organisation refers
    // to the organisation named last, even without a shared word ("the
    // agency" after "the National Intelligence Service").
    bool head = false;
    for (size_t k = anaphor.begin; k < anaphor.end; ++k) {
      int32_t v = 0;
      if (lex.head.Match(tk, k, &v) > 0) head = true;
    }
    best = -1;
    for (size_t i = history.size(); head && i-- > 0;) {
      if (history[i].org) {
        best = static_cast<int>(i);
        break;
      }
    }
    if (best < 0) return Source();
  }
  Source out = history[static_cast<size_t>(best)];
  if (!anaphor.empty()) out.mention = std::string(TextOf(s, anaphor));
  out.via.clear();
  for (const std::string& w : words) out.words.push_back(w);
  return out;
}

std::string Extractor::Doc::SaidDate(const SentenceAnalysis& s, const Attribution& a) const {
  bool post = a.scope.end <= a.cue.begin;
  for (size_t i = 0; i < s.dates.size(); ++i) {
    const DateMention& d = s.dates[i];
    const TokenRange& r = s.date_tokens[i];
    if (d.granularity != DateGranularity::kDay || d.since || r.empty()) continue;
    if (post) {
      // "..., kata badan mata-mata Seoul pada hari Jumat"
      if (r.begin >= a.cue.end) return d.Iso();
    } else {
      // "Pada hari Rabu, AS mengatakan ...", "mengatakan pada hari Kamis
      // (24/10/2024) bahwa ..."
      bool before = r.end <= a.cue.begin && (a.source.empty() || r.end <= a.source.end);
      bool right_after = r.begin >= a.cue.end && r.begin <= a.cue.end + 1;
      if (before || right_after) return d.Iso();
    }
  }
  return "";
}

Source Extractor::Doc::FromAttribution(const SentenceAnalysis& s, const Attribution& a,
                                       const std::vector<PlaceHit>& places) {
  Source src;
  if (a.anaphoric) {
    src = Resolve(s, a.source);
    if (src.canonical.empty()) {
      // Nothing to refer to: "The ministry told Reuters" opens the story.
      if (a.source.empty()) return src;
      src = Named(s, a.source, places);
    }
  } else {
    src = Named(s, a.source, places);
  }
  src.cue = std::string(TextOf(s, a.cue));
  std::string said = SaidDate(s, a);
  if (!said.empty()) src.said_date = said;
  src.via.clear();
  for (const TokenRange& v : s.lead_via) {
    if (!s.lead_via_cites) src.via.push_back(std::string(TextOf(s, v)));
  }
  for (const TokenRange& v : a.via) src.via.push_back(std::string(TextOf(s, v)));
  if (!a.reporter.empty()) src.via.push_back(std::string(TextOf(s, a.reporter)));
  if (s.lead_via_cites) {
    for (const TokenRange& v : s.lead_via) src.via.push_back(std::string(TextOf(s, v)));
  }
  history.push_back(src);
  return src;
}

Result<std::unique_ptr<ClaimExtractor>> Extractor::Build(const DataDir& data) {
  auto ex = std::make_unique<Extractor>();
  for (const std::string& lang : data.Languages()) {
    Pack p;
    p.lang = lang;
    ASSIGN_OR_RETURN(p.lex, Lexicon::Create(data, lang));
    if (p.lex->cues.values.empty()) continue;  // no claim data for it
    ASSIGN_OR_RETURN(p.numbers, NumberFinder::Create(data, lang));
    ASSIGN_OR_RETURN(p.dates, DateFinder::Create(data, lang));
    ASSIGN_OR_RETURN(p.splitter, SentenceSplitter::Create(data, lang));
    ASSIGN_OR_RETURN(p.stemmer, NewStemmer(data, lang));
    ASSIGN_OR_RETURN(p.stop, StopWords::Create(data, lang));
    ex->packs_.push_back(std::move(p));
  }
  if (ex->packs_.empty()) {
    return NotFound("no language under " + data.root() + "/lang has claims-cues.tsv");
  }
  ASSIGN_OR_RETURN(ex->places_, Gazetteer::Create(data));
  ASSIGN_OR_RETURN(ex->langid_, LanguageIdentifier::Create(data));
  return std::unique_ptr<ClaimExtractor>(std::move(ex));
}

std::unique_ptr<Worker> Extractor::Acquire() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!pool_.empty()) {
      std::unique_ptr<Worker> w = std::move(pool_.back());
      pool_.pop_back();
      return w;
    }
  }
  auto w = std::make_unique<Worker>();
  for (const Pack& p : packs_) {
    w->splitters.push_back(p.splitter->Clone());
    w->stemmers.push_back(p.stemmer->Clone());
  }
  return w;
}

void Extractor::Release(std::unique_ptr<Worker> w) const {
  std::lock_guard<std::mutex> lock(mu_);
  pool_.push_back(std::move(w));
}

size_t Extractor::PackFor(const Document& doc) const {
  std::string lang = doc.meta.lang;
  if (lang.empty() && langid_ != nullptr) {
    lang = langid_->Identify(std::string_view(doc.text).substr(0, 4096));
  }
  for (size_t i = 0; i < packs_.size(); ++i) {
    if (packs_[i].lang == lang) return i;
  }
  return 0;
}

std::vector<Claim> Extractor::Extract(const Document& doc) const {
  std::vector<Claim> claims;
  if (doc.text.empty()) return claims;
  size_t pi = PackFor(doc);
  const Pack& pack = packs_[pi];
  std::unique_ptr<Worker> worker = Acquire();

  Doc d;
  d.doc = &doc;
  d.pack = &pack;
  d.tools.lex = pack.lex.get();
  d.tools.stemmer = worker->stemmers[pi].get();
  d.tools.numbers = pack.numbers.get();
  d.tools.dates = pack.dates.get();
  d.tools.places = places_.get();
  const Lexicon& lex = *pack.lex;
  std::optional<CivilDate> published = CivilDate::FromIso(doc.meta.published);
  CivilDate reference = published.value_or(CivilDate{});
  if (published) d.published = published->Iso();

  // Pass 1: each sentence alone.
  worker->splitters[pi]->Split(doc.text, &worker->spans);
  std::vector<SentenceAnalysis> sents(worker->spans.size());
  size_t paragraph = 0;
  uint32_t prev_end = 0;
  for (size_t i = 0; i < sents.size(); ++i) {
    SentenceAnalysis& s = sents[i];
    s.span = worker->spans[i];
    // A blank line between two sentences starts a paragraph.
    std::string_view gap = std::string_view(doc.text).substr(prev_end, s.span.start - prev_end);
    if (i > 0 && gap.find("\n\n") != std::string_view::npos) ++paragraph;
    s.paragraph = paragraph;
    // A quotation left open goes on into the next paragraph unless that
    // paragraph opens one of its own: plain-text news often puts every
    // sentence on a line of its own, quotations included.
    s.starts_in_quote = i > 0 && sents[i - 1].ends_in_quote;
    AnalyzeSentence(doc.text, d.tools, reference, &s);
    if (s.starts_in_quote && sents[i - 1].paragraph != paragraph && s.first_word > 0 &&
        IsQuoteMark(s.tokens[0])) {
      s.starts_in_quote = false;
      AnalyzeSentence(doc.text, d.tools, reference, &s);
    }
    prev_end = s.span.end;
    // Acronyms defined in the text: "Amerika Serikat (AS)".
    std::span<const Token> tk(s.tokens);
    for (size_t k = 2; k + 2 < tk.size(); ++k) {
      if (tk[k].folded != "(" || tk[k + 2].folded != ")" || tk[k + 1].kind != TokenKind::kWord ||
          !tk[k + 1].capitalized) {
        continue;
      }
      size_t b = k;
      while (b > 0 && k - b < 6 && tk[b - 1].kind == TokenKind::kWord && tk[b - 1].capitalized) --b;
      if (k - b < 2) continue;
      std::string longform(d.TextOf(s, TokenRange{b, k}));
      std::string shortform(tk[k + 1].Text(doc.text));
      const std::string* canon = nullptr;
      if (lex.aliases.Match(tk, k + 1, &canon) > 0 || lex.aliases.Match(tk, b, &canon) > 0) {
        shortform = *canon;
      }
      d.acronyms[FoldCase(longform)] = shortform;
    }
  }

  // Pass 2: in order, carrying sources.
  std::optional<Source> quote_source;  // the speaker of an open quotation
  std::optional<Source> prev_main;     // the previous sentence's speaker
  size_t prev_paragraph = 0;
  size_t prev_claims_begin = 0;  // claims of the previous sentence
  size_t prev_claims_end = 0;
  for (size_t si = 0; si < sents.size(); ++si) {
    const SentenceAnalysis& s = sents[si];
    std::span<const Token> tk(s.tokens);
    // "Hal itu disampaikan Kepala BNPB Sutopo": the outlet's voice of the
    // sentence before was Sutopo's.
    if (!s.back_source.empty() && si > 0) {
      std::vector<PlaceHit> back_places = d.Places(s);
      Source back = d.Named(s, s.back_source, back_places);
      d.history.push_back(back);
      for (size_t k = prev_claims_begin; k < prev_claims_end; ++k) {
        Claim& c = claims[k];
        if (c.source != "OUTLET") continue;
        c.source = back.canonical;
        c.source_mention = back.mention;
        c.said_date.clear();
      }
      prev_main = back;
    }
    size_t claims_begin = claims.size();
    if (s.paragraph != prev_paragraph) {
      if (!s.starts_in_quote) quote_source.reset();
      prev_main.reset();
      prev_paragraph = s.paragraph;
    }
    std::vector<PlaceHit> places;
    // Places serve the amounts' location and subject and the split of a
    // titled name; no other sentence pays for them (they cost 6% of
    // Extract when every sentence with a cue looked them up).
    if (!s.amounts.empty() || s.has_title) places = d.Places(s);
    // People named with a title, cue or none: "Presiden Ukraina Volodymyr
    // Zelensky berbicara ..." makes a later "Zelensky" that person.
    if (s.has_title) d.LearnNames(s, places);

    std::vector<Source> resolved;
    std::vector<bool> ok;
    for (const Attribution& a : s.attributions) {
      Source src = d.FromAttribution(s, a, places);
      ok.push_back(!src.canonical.empty());
      resolved.push_back(std::move(src));
    }
    // The sentence's own speaker when no cue covers a token.
    std::optional<Source> inherited;
    if (s.starts_in_quote && quote_source) {
      inherited = quote_source;
    } else if (s.continues && prev_main) {
      inherited = prev_main;
    } else if ((s.starts_in_quote && !s.has_close_quote) ||
               (!s.starts_in_quote && s.ends_in_quote)) {
      // “A. B,” kata X. -- the speaker comes with the closing quote.
      for (size_t nj = si + 1;
           nj < sents.size() && nj <= si + kQuoteLookahead;
           ++nj) {
        const SentenceAnalysis& n = sents[nj];
        if (!n.has_close_quote) continue;
        for (const Attribution& a : n.attributions) {
          if (a.scope.end > a.cue.begin) continue;
          if (!a.anaphoric) {
            std::vector<PlaceHit> none;
            inherited = d.Named(n, a.source, none);
            break;
          }
          // “... .” ujarnya: the speaker named last.
          Source back = d.Resolve(n, a.source);
          if (!back.canonical.empty()) inherited = back;
          break;
        }
        break;
      }
    }
    if (!inherited && !s.lead_via.empty()) {
      // "Mengutip Reuters, ..." with no speaker of its own: Reuters says so.
      std::vector<PlaceHit> none;
      Source src = d.Named(s, s.lead_via.front(), none);
      inherited = src;
    }

    // Which attribution covers token t: the nearest cue to its left whose
    // scope holds it, else the nearest to its right.
    // A weak cue yields to a speaker: in "data sementara menunjukkan 45
    // orang luka-luka, kata Kapolres" the figure is the Kapolres's.
    auto covering = [&](size_t t) -> int {
      for (int pass = 0; pass < 2; ++pass) {
        int best = -1;
        for (size_t k = 0; k < s.attributions.size(); ++k) {
          const Attribution& a = s.attributions[k];
          if (!ok[k] || !a.scope.Contains(t) || (pass == 0 && a.kind == CueKind::kWeak)) continue;
          if (a.cue.begin < t) best = static_cast<int>(k);
        }
        if (best >= 0) return best;
        for (size_t k = 0; k < s.attributions.size(); ++k) {
          const Attribution& a = s.attributions[k];
          if (pass == 0 && a.kind == CueKind::kWeak) continue;
          if (ok[k] && a.scope.Contains(t) && a.cue.begin > t) return static_cast<int>(k);
        }
      }
      return -1;
    };
    auto in_source_words = [&](size_t t) {
      for (const Attribution& a : s.attributions) {
        if (a.source.Contains(t) || a.reporter.Contains(t)) return true;
      }
      return false;
    };
    auto source_for = [&](size_t t) -> Source {
      int k = covering(t);
      if (k >= 0) return resolved[static_cast<size_t>(k)];
      if (inherited) return *inherited;
      Source outlet;
      outlet.said_date = d.published;
      return outlet;
    };

    // The sentence's stance: its strongest stance word.
    StanceKind sentence_stance = StanceKind::kNone;
    const StanceHit* strongest = nullptr;
    for (const StanceHit& st : s.stances) {
      if (in_source_words(st.words.begin)) continue;
      if (StanceRank(st.info.stance) > StanceRank(sentence_stance)) {
        sentence_stance = st.info.stance;
        strongest = &st;
      }
    }

    auto make_claim = [&](const Source& src) {
      Claim c;
      c.doc = doc.id;
      c.text_start = s.span.start;
      c.text_end = s.span.end;
      auto orig = doc.map.empty() ? std::pair<size_t, size_t>(s.span.start, s.span.end)
                                  : doc.map.ToOriginalSpan(s.span.start, s.span.end);
      c.start = orig.first;
      c.end = orig.second;
      c.quote = std::string(s.span.Of(doc.text));
      c.source = src.canonical.empty() ? "OUTLET" : src.canonical;
      c.source_mention = src.mention;
      c.via = src.via;
      c.cue = src.cue;
      c.said_date = src.said_date;
      c.lang = pack.lang;
      return c;
    };

    std::optional<Source> main;
    size_t kept = 0;
    // Whether a figure of the sentence took its strongest stance: "Muhadjir
    // membantah ... delapan jam" denies the figure, and no stance-only
    // claim is added; "mengklaim uang Rp 600 juta ... tak terkait dengan
    // kasus" asserts the figure and adds a stance-only denial.
    bool stance_carried = false;
    // A web address as a line of its own has no claims: "http: / / nypost.
    // com / 2013 / 04 / 12 / video - of - ...".
    bool address = !s.amounts.empty() && s.first_word < tk.size() &&
                   (tk[s.first_word].folded == "http" || tk[s.first_word].folded == "https" ||
                    tk[s.first_word].folded.rfind("www", 0) == 0);
    // A credit line (a copyright sign) has none either: "Photo: © via
    // REUTERS". Looked for only where there is an amount to drop.
    for (size_t k = 0; !address && !s.amounts.empty() && k < tk.size(); ++k) {
      address = tk[k].folded == "©";
    }
    // Amounts taken into a compound duration before them.
    std::vector<bool> consumed(s.amounts.size(), false);
    for (size_t ai = 0; ai < s.amounts.size(); ++ai) {
      const Amount& am = s.amounts[ai];
      if (!am.IsQuantity() || consumed[ai] || address) continue;
      bool tolerance = false;
      // A tolerance belongs to the figure before it: "2,5% ±1%" is one
      // claim, about 2.5.
      if (ai + 1 < s.amounts.size()) {
        const Amount& tol = s.amounts[ai + 1];
        std::string_view between = std::string_view(doc.text).substr(
            am.span.end, tol.span.start > am.span.end ? tol.span.start - am.span.end : 0);
        if (tol.span.Of(doc.text).rfind("±", 0) == 0 && between.find_first_not_of(" ") ==
                                                            std::string_view::npos) {
          consumed[ai + 1] = true;
          tolerance = true;
        }
      }
      // Token range of the amount: `unit` is the first token after a span.
      auto token_after = [&](size_t from, size_t end) {
        while (from < tk.size() && tk[from].start < end) ++from;
        return from;
      };
      size_t first = tk.size();
      for (size_t k = 0; k < tk.size() && first == tk.size(); ++k) {
        if (tk[k].end > am.span.start) first = k;
      }
      size_t unit = token_after(0, am.span.end);
      if (first >= tk.size()) continue;
      // Figures joined by a coordinator share the noun after the second:
      // "the 7.6 and 7.5 magnitude quakes" counts magnitudes twice, "dua
      // atau tiga orang" persons (`coordinator` rows; the next amount must
      // start right after the coordinator and have a word after it).
      if (ai + 1 < s.amounts.size() && unit + 1 < tk.size()) {
        int32_t v = 0;
        const Amount& next = s.amounts[ai + 1];
        if (lex.coordinators.Match(tk, unit, &v) == 1 && tk[unit + 1].start == next.span.start &&
            next.IsQuantity()) {
          const size_t after = token_after(unit + 1, next.span.end);
          if (after < tk.size() && tk[after].kind == TokenKind::kWord) unit = after;
        }
      }
      // A bare number after a name and a comma is an age: "Andrew Lopez,
      // 20, was found guilty", "Nichols, 37".
      if (first >= 2 && tk[first - 1].folded == "," && tk[first - 2].capitalized &&
          am.qualifier == Qualifier::kExact && am.value && *am.value < 120 &&
          (first + 1 >= tk.size() || tk[first + 1].kind == TokenKind::kPunct ||
           (pack.stop != nullptr && pack.stop->IsStopWord(tk[first + 1].folded)))) {
        continue;
      }
      // A figure in the words naming the source is theirs, not a claim
      // ("Dua pejabat AS mengatakan"), unless it points back to a set
      // counted before: "The two jurors, who did not give their names,
      // said".
      if (in_source_words(first) &&
          !(first > 0 && lex.definites.count(tk[first - 1].folded) > 0)) {
        continue;
      }

      // A result "A - B" after a word of winning or losing is two counts:
      // "kalah 0 - 1" -> 0 and 1, "deadlocked at 9-3" -> 9 and 3.
      if (am.qualifier == Qualifier::kExact || am.qualifier == Qualifier::kRange) {
        std::vector<double> sides;
        size_t dash = first;
        while (dash < tk.size() && tk[dash].start < am.number.end) ++dash;
        if (am.qualifier == Qualifier::kRange && am.min && am.max) {
          sides = {*am.min, *am.max};
        } else if (am.value && dash + 1 < tk.size() &&
                   (tk[dash].folded == "-" || tk[dash].folded == "–") &&
                   tk[dash + 1].kind == TokenKind::kNumber && tk[dash + 1].folded.size() <= 3 &&
                   tk[dash + 1].folded.find_first_not_of("0123456789") == std::string::npos) {
          sides = {*am.value, std::stod(tk[dash + 1].folded)};
          for (size_t aj = ai + 1; aj < s.amounts.size(); ++aj) {
            if (s.amounts[aj].span.start == tk[dash + 1].start) consumed[aj] = true;
          }
        }
        bool result = false;
        int32_t v = 0;
        for (size_t k = first >= 3 ? first - 3 : 0; !sides.empty() && k < first; ++k) {
          size_t n = lex.score_before.Match(tk, k, &v);
          if (n > 0 && k + n <= first) result = true;
        }
        // Or a word of a result right after it: "their 9-3 deadlock".
        size_t after = dash + (am.qualifier == Qualifier::kRange ? 0 : 2);
        while (after < tk.size() && tk[after].start < am.span.end) ++after;
        if (!sides.empty() && after < tk.size() && lex.score_after.Match(tk, after, &v) > 0) {
          result = true;
        }
        if (result && sides[0] == std::floor(sides[0]) && sides[1] == std::floor(sides[1]) &&
            sides[0] < 100 && sides[1] < 100) {
          Source src = source_for(first);
          for (double v : sides) {
            Claim c = make_claim(src);
            c.value = c.min = c.max = v;
            c.qualifier = "exact";
            c.what = "other";
            c.what_text = std::string(am.span.Of(doc.text));
            if (!main) main = src;
            claims.push_back(std::move(c));
            ++kept;
          }
          continue;
        }
      }

      // A hyphen between the number and its unit: "28-year veteran", "a 24 -
      // hour strike". Skipped when glued to both, or before a listed unit.
      bool hyphened = false;
      if (unit + 1 < tk.size() && (tk[unit].folded == "-" || tk[unit].folded == "–") &&
          tk[unit + 1].kind == TokenKind::kWord) {
        const std::string* w = nullptr;
        if ((tk[unit].glued && tk[unit + 1].glued) || lex.what_unit.Match(tk, unit + 1, &w) > 0) {
          ++unit;
          hyphened = true;
        }
      }
      // What it counts.
      std::string what;
      bool kin = false;      // "a mother of 12": her children (count_after rows)
      bool inherited = false;  // WHAT taken from the figure before: "and 55 others"
      bool own_verb = false;   // a casualty verb after the counted noun
      TokenRange kin_words;  // "mother of"
      std::optional<double> compound;  // a duration in several units
      size_t noun_end = unit;
      size_t phrase_end = unit;
      if (am.kind == AmountKind::kMoney) {
        what = "money";
      } else if (am.kind == AmountKind::kPercent) {
        what = "other";
      } else {
        for (size_t k = unit; k < tk.size() && k < unit + kNounWindow; ++k) {
          if (tk[k].kind != TokenKind::kWord) break;
          int32_t v = 0;
          if (k > unit && lex.stop.Match(tk, k, &v) > 0) break;
          const std::string* w = nullptr;
          size_t n = lex.what_unit.Match(tk, k, &w);
          if (n > 0 && *w == "classifier") continue;  // "5 unit kendaraan"
          if (n > 0) {
            what = *w;
            noun_end = k + n;
            break;
          }
          std::string stem = d.tools.stemmer->Stem(tk[k].folded);
          if (stem != tk[k].folded) {
            // The stem of a listed unit: "tentaranya" -> "tentara".
            const std::string* w2 = nullptr;
            Token probe = tk[k];
            probe.folded = stem;
            std::span<const Token> one(&probe, 1);
            if (lex.what_unit.Match(one, 0, &w2) > 0) {
              what = *w2;
              noun_end = k + 1;
              break;
            }
          }
          if (k > unit && IsVerbLike(tk[k], d.tools)) break;
          // Head first: "171 rumah warga" counts houses, not residents.
          if (lex.modifiers_after) break;
        }
        if (what == "drop") continue;  // "pukul 10 pagi", "satu lagi"
        // Durations and measures are claims of their own kind: "selama 32
        // tahun", "menempuh jarak 170,9 km".
        bool duration = what == "duration";
        if (duration || what == "measure") what = "other";
        // Context that makes the amount a time point, an age or a
        // recurrence: "tiga tahun lalu", "berusia 17 tahun", "setiap tiga
        // bulan", "salah satu".
        if (NoClaimAround(tk, first, unit, noun_end, duration, am.value, lex)) continue;
        // A duration in several units is one claim in the smallest: "empat
        // jam 20 menit 58 detik" -> 15658 (seconds).
        if (duration && am.value && noun_end > unit) {
          auto unit_seconds = [&](size_t k) -> double {
            auto it = lex.duration_seconds.find(tk[k].folded);
            return it == lex.duration_seconds.end() ? 0 : it->second;
          };
          double f = unit_seconds(noun_end - 1);
          double total = f * *am.value;
          // Followed by digits and a smaller unit, token by token (the
          // number reader may take "jam 20" for a clock time).
          while (f > 0 && noun_end + 1 < tk.size() && tk[noun_end].kind == TokenKind::kNumber &&
                 tk[noun_end].folded.size() <= 6 &&
                 tk[noun_end].folded.find_first_not_of("0123456789") == std::string::npos) {
            double g = unit_seconds(noun_end + 1);
            if (g <= 0 || g >= f) break;
            f = g;
            total += g * std::stod(tk[noun_end].folded);
            for (size_t aj = ai + 1; aj < s.amounts.size(); ++aj) {
              if (s.amounts[aj].span.start < tk[noun_end + 1].end) consumed[aj] = true;
            }
            noun_end += 2;
            compound = total / f;
          }
        }
        // A number in a spaced name: "U - 22", "F - 16".
        if (first >= 2 && tk[first - 1].folded == "-" && tk[first - 2].kind == TokenKind::kWord &&
            tk[first - 2].folded.size() <= 3 && AllCaps(tk[first - 2].Text(doc.text))) {
          continue;
        }
        // A casualty word shortly before: "menewaskan sedikitnya 12 orang",
        // "the death toll rose to 45", "korban tewas bertambah menjadi 45".
        std::string before;
        for (size_t k = first >= kBeforeWindow ? first - kBeforeWindow : 0; k < first; ++k) {
          if (tk[k].kind == TokenKind::kPunct) before.clear();
          const std::string* w = nullptr;
          size_t n = lex.what_before.Match(tk, k, &w);
          if (n > 0 && k + n <= first) before = *w;
        }
        // "killing a mother of 12 as ...", "mother of 12 killed in
        // crossfire": her children, whatever comes before or after.
        for (size_t back = 2; what.empty() && back <= 3 && back <= first; ++back) {
          const std::string* w = nullptr;
          if (lex.count_after.Match(tk, first - back, &w) == back) {
            kin = true;
            what = *w;
            kin_words = TokenRange{first - back, first};
            break;
          }
        }
        if (what.empty() && !before.empty()) what = before;
        if (what.empty()) {
          // A number with no listed noun counts the noun after it, spelled
          // or in digits: "tiga pilihan warna", "310 spesies burung", "4
          // Raperda". A bare number counts nothing: a score "2 - 2", an age
          // "(20)", a name "Galaxy Note 8", "Pasal 114 ayat 1", "44 dari 22".
          // A figure written with a thousands separator is a count even
          // before a preposition: "including 24,000 in Paris", "140,000 of
          // them in the capital".
          std::string_view digits = am.number.Of(doc.text);
          bool grouped = am.value && *am.value >= 1000 && digits.size() > 4 &&
                         (digits.find(',') != std::string_view::npos ||
                          digits.find('.') != std::string_view::npos);
          bool stop_next = unit < tk.size() && pack.stop != nullptr &&
                           pack.stop->IsStopWord(tk[unit].folded);
          // Function words before the noun that are no preposition:
          // "300 similar robberies", "Eight of the jurors" (not "one of
          // the holdouts": one of a set is no count).
          if (stop_next && !grouped && !lex.modifiers_after && am.value && *am.value >= 2) {
            size_t k = unit;
            int32_t v = 0;
            while (k < tk.size() && k < unit + 3 && tk[k].kind == TokenKind::kWord &&
                   pack.stop->IsStopWord(tk[k].folded) && lex.stop.Match(tk, k, &v) == 0 &&
                   lex.what_pass_not.Match(tk, k, &v) == 0) {
              ++k;
            }
            if (k > unit && k < tk.size() && tk[k].kind == TokenKind::kWord &&
                !tk[k].capitalized && !pack.stop->IsStopWord(tk[k].folded)) {
              stop_next = false;
            }
          }
          // A vague amount counts even with its noun left out: "thousands
          // from low-lying areas", "hundreds more".
          bool vague = am.qualifier == Qualifier::kVague;
          // A number closing a phrase after "of" counts what the phrase
          // names: "a mother of 12, was shot", "a total of 45.".
          bool closes = unit >= tk.size() || tk[unit].kind == TokenKind::kPunct ||
                        lex.relatives.count(tk[unit].folded) > 0;
          const std::string* bare = nullptr;
          for (size_t back = 1; closes && back <= 2 && back <= first; ++back) {
            if (lex.bare_after.Match(tk, first - back, &bare) == back) break;
            bare = nullptr;
          }

          if (bare != nullptr && am.value && *am.value >= 2) {
            what = *bare;
          } else if (!vague && (unit >= tk.size() || tk[unit].kind != TokenKind::kWord ||
                                (tk[unit].glued && !hyphened))) {
            // A word glued to the digits names a thing ("4x4", "3D"); one
            // after a hyphen is the unit ("a 1,000-member church", "a
            // five-boat attack").
            continue;
          }
          // A line opening with digits and a name is a list item: "3 Vallejo".
          if (bare == nullptr && !vague && first == 0 && unit < tk.size() &&
              tk[unit].capitalized && am.number.Of(doc.text) == tk[0].Text(doc.text) &&
              tk[0].kind == TokenKind::kNumber) {
            continue;
          }
          if (bare == nullptr && !vague && unit < tk.size() && tk[unit].capitalized &&
              !(stop_next && !grouped)) {
            // A capitalised noun is counted only when the number is not
            // part of a name itself: "4 Raperda", not "U-22 Indonesia",
            // "Liga 1 Indonesia" or "7 Juli".
            const Token* prev = first > 0 ? &tk[first - 1] : nullptr;
            bool in_name = prev != nullptr && (prev->folded == "-" || prev->folded == "–" ||
                                               (prev->kind == TokenKind::kWord &&
                                                prev->capitalized && first - 1 != s.first_word));
            bool place = false;
            for (const PlaceHit& p : places) place = place || p.at.begin == unit;
            // A single capital letter is a designation: "4 G", "resolusi 4 K".
            if (in_name || place || tk[unit].folded.size() == 1) continue;
          }
          // So is a number in digits right after a capitalised word inside
          // a clause and before a word no row lists: "Interstate 75
          // highway", "the Curve 8900 supports", "DDR 3 memory". A listed
          // noun still counts ("BNPB 12 orang" never reaches here); a word
          // capitalised because it opens a quotation or is a function word
          // names nothing ("“ Kepada 500 pengikut"), nor does a letter ("4
          // K 60 fps").
          if (bare == nullptr && !vague && !grouped && unit < tk.size() &&
              !tk[unit].capitalized && first > s.first_word + 1 &&
              tk[first].kind == TokenKind::kNumber && tk[first - 1].kind == TokenKind::kWord &&
              tk[first - 1].capitalized && tk[first - 1].folded.size() > 1 &&
              tk[first - 2].kind == TokenKind::kWord &&
              (pack.stop == nullptr || !pack.stop->IsStopWord(tk[first - 1].folded))) {
            continue;
          }
          // A casualty predicate right after a number with no noun: "At
          // least 200 were killed".
          for (size_t k = unit; bare == nullptr && k < tk.size() && k < unit + 3; ++k) {
            const std::string* w = nullptr;
            if (lex.what_after.Match(tk, k, &w) > 0) {
              what = *w;
              break;
            }
          }
          // (Past the checks above, a number that is neither bare nor vague
          // has a word after it.)
          if (what.empty() && bare == nullptr && !vague && stop_next && !grouped) continue;
          if (bare == nullptr && what.empty()) what = "other";
          // A figure with its noun left out counts what the figure before
          // it in the sentence counted: "195,000 people had demonstrated,
          // including 24,000 in Paris", "dozens more had received first aid".
          bool noun_less = unit >= tk.size() || tk[unit].kind != TokenKind::kWord ||
                           (pack.stop != nullptr && pack.stop->IsStopWord(tk[unit].folded));
          if (bare == nullptr && what == "other" && noun_less && claims.size() > claims_begin &&
              claims.back().what != "stance") {
            what = claims.back().what;
            inherited = true;
          }
          if (lex.modifiers_after && unit < tk.size() && tk[unit].kind == TokenKind::kWord) {
            noun_end = unit + 1;  // "rumah warga"
          }
        }
        // Casualties: counted people who died or were hurt.
        // An inherited casualty yields to the figure's own verb: "30 people
        // were killed and 55 others injured".
        if (!duration && !kin &&
            (what == "people" || what == "troops" || what == "officers" || what == "generals" ||
             what == "other" || inherited)) {
          size_t window_end = noun_end + kCasualtyWindow;
          for (size_t k = noun_end; k < tk.size() && k < window_end; ++k) {
            // An appositive set off by commas right after the noun is
            // skipped: "at least three people, a man and two women, were
            // killed".
            if (k == noun_end && tk[k].folded == ",") {
              size_t close = k + 1;
              while (close < tk.size() && close < k + 9 && tk[close].folded != "," &&
                     tk[close].folded != "." && tk[close].folded != ";") {
                ++close;
              }
              if (close < tk.size() && close < k + 9 && tk[close].folded == "," &&
                  close > k + 1) {
                window_end += close - k;
                k = close;
                continue;
              }
            }
            if (tk[k].folded == "," || tk[k].folded == "." || tk[k].folded == ";") break;
            bool next_amount = false;
            for (const Amount& other : s.amounts) {
              if (&other != &am && other.span.start == tk[k].start && other.IsQuantity()) {
                next_amount = true;
              }
            }
            if (next_amount) break;
            const std::string* w = nullptr;
            if (lex.what_after.Match(tk, k, &w) > 0) {
              what = *w;
              own_verb = true;
              break;
            }
          }
          // A casualty word before the figure, unless the figure has its own
          // verb after its noun: "killed and 55 others injured" are wounded.
          if (!before.empty() && !own_verb) what = before;
        }
      }
      // The counted phrase as written, with up to two modifiers:
      // "pasukan khusus", not "kontainer berisi".
      phrase_end = noun_end;
      if (noun_end > unit && lex.modifiers_after) {
        for (size_t k = noun_end; k < tk.size() && k < noun_end + 2; ++k) {
          const Token& t = tk[k];
          int32_t v = 0;
          if (t.kind != TokenKind::kWord || t.capitalized || lex.stop.Match(tk, k, &v) > 0 ||
              lex.skip.Match(tk, k, &v) > 0 || lex.cues.matcher.Match(tk, k, &v) > 0 ||
              lex.stance.matcher.Match(tk, k, &v) > 0 ||
              lex.what_after.matcher.Match(tk, k, &v) > 0 || IsVerbLike(t, d.tools)) {
            break;
          }
          phrase_end = k + 1;
        }
      }

      Source src = source_for(first);
      Claim c = make_claim(src);
      c.value = am.value;
      c.min = am.min;
      c.max = am.max;
      if (compound) c.value = c.min = c.max = compound;
      // A count of people or things is whole: "16,500 orang Rohingya" in an
      // Indonesian text uses the English thousands separator, so a fraction
      // of exactly three digits is read by magnitude (16500, not 16.5).
      static const char* const kWhole[] = {"people", "troops", "killed", "wounded", "officers",
                                           "generals", "containers", "weapons", "munitions"};
      if (am.kind == AmountKind::kCount && c.value && *c.value != std::floor(*c.value) &&
          std::find(std::begin(kWhole), std::end(kWhole), what) != std::end(kWhole)) {
        std::string_view digits = am.number.Of(doc.text);
        size_t sep = digits.find_first_of(".,");
        bool thousands = sep != std::string_view::npos && sep > 0 && sep + 4 == digits.size() &&
                         digits.find_first_not_of("0123456789", sep + 1) == std::string_view::npos;
        if (thousands) {
          for (std::optional<double>* v : {&c.value, &c.min, &c.max}) {
            if (*v) **v = std::round(**v * 1000);
          }
        }
      }
      c.qualifier = tolerance ? "approx" : QualifierName(am.qualifier);
      c.what = what;
      // "Thousands of residents" -> "residents"; a listed unit stays even
      // where it is a stop word too: "10 bulan lebih" -> "bulan lebih".
      size_t phrase_begin = unit;
      const std::string* listed = nullptr;
      while (phrase_begin + 1 < phrase_end && pack.stop != nullptr &&
             pack.stop->IsStopWord(tk[phrase_begin].folded) &&
             lex.what_unit.Match(tk, phrase_begin, &listed) == 0) {
        ++phrase_begin;
      }
      if (kin) {
        c.what_text = std::string(d.TextOf(s, kin_words));  // "mother of"
      } else if (phrase_end > unit) {
        c.what_text = std::string(d.TextOf(s, TokenRange{phrase_begin, phrase_end}));
      } else if (am.kind == AmountKind::kPercent) {
        // "sekitar 8 persen" -> "persen"
        std::string_view rest = std::string_view(doc.text).substr(
            am.number.end, am.span.end > am.number.end ? am.span.end - am.number.end : 0);
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        c.what_text = std::string(rest.empty() ? am.span.Of(doc.text) : rest);
      } else if (am.kind == AmountKind::kMoney) {
        c.what_text = std::string(am.span.Of(doc.text));
      } else if (unit < tk.size() && tk[unit].kind == TokenKind::kWord &&
                 (pack.stop == nullptr || !pack.stop->IsStopWord(tk[unit].folded))) {
        c.what_text = std::string(tk[unit].Text(doc.text));
      }
      // Stance: the strongest stance word spoken by the same voice ("...
      // tewas, yang menurut menteri ... sangat mungkin benar" is the
      // minister's hedge, not the reporter's), or the cue's own ("Kremlin
      // menepis laporan bahwa ...").
      int voice = covering(first);
      StanceKind stance =
          voice >= 0 ? s.attributions[static_cast<size_t>(voice)].stance : StanceKind::kNone;
      for (const StanceHit& st : s.stances) {
        if (in_source_words(st.words.begin)) continue;
        if (st.info.role == StanceRole::kVerb && !st.agent.empty()) continue;
        if (st.info.role == StanceRole::kQuoted) continue;
        // The cue's own word counts too: "Pejabat AS mengkhawatirkan laporan
        // keberadaan puluhan ribu tentara" is a worry, hedged.
        bool own_cue = voice >= 0 && s.attributions[static_cast<size_t>(voice)].cue.Contains(
                                         st.words.begin);
        if (covering(st.words.begin) != voice && !own_cue) continue;
        // A stance word in a later clause is about that clause: "1.500
        // tentara sudah berada di Rusia, kemungkinan akan segera menuju
        // garis depan" asserts the 1.500.
        bool later_clause = false;
        for (size_t k = first; k < st.words.begin && k < tk.size(); ++k) {
          if (tk[k].folded == "," || tk[k].folded == ";") later_clause = true;
        }
        if (later_clause) continue;
        if (StanceRank(st.info.stance) > StanceRank(stance)) stance = st.info.stance;
      }
      c.stance = StanceName(stance);
      if (strongest != nullptr && stance == sentence_stance) stance_carried = true;

      // Subject: the counted people's country ("tentara Korea Utara",
      // "tentara dari Korea Utara"), else the clause's subject before it.
      // Location: where the claim is about, "ke" before "di" before a bare
      // name; after the amount before before it.
      size_t clause_start = 0;
      if (voice >= 0 && s.attributions[static_cast<size_t>(voice)].scope.begin <= first) {
        clause_start = s.attributions[static_cast<size_t>(voice)].scope.begin;
      }
      // Nor across a dash or colon: "SEOUL (Reuters) - North Korea has sent".
      for (size_t k = clause_start; k < first; ++k) {
        const std::string& f = tk[k].folded;
        if (f == "-" || f == "–" || f == "—" || f == ":") clause_start = k + 1;
      }
      const PlaceHit* subject = nullptr;         // right after the counted noun
      const PlaceHit* subject_before = nullptr;  // nearest bare name before
      const PlaceHit* location = nullptr;
      double best = -1;
      for (const PlaceHit& p : places) {
        if (in_source_words(p.at.begin)) continue;
        bool after = p.at.begin >= phrase_end;
        if (after && p.at.begin <= phrase_end + 1 &&
            (p.where < 0 || p.where == static_cast<int>(WhereKind::kFrom))) {
          if (subject == nullptr) subject = &p;
          continue;
        }
        if (p.where == static_cast<int>(WhereKind::kFrom)) continue;
        // The clause's subject: the first bare name after the cue ("...
        // mengatakan Korea Utara telah memberikan Rusia 13.000 kontainer").
        if (!after && p.where < 0 && p.at.end <= first && p.at.begin >= clause_start &&
            subject_before == nullptr) {
          subject_before = &p;
          continue;
        }
        double score = p.where == static_cast<int>(WhereKind::kTo)   ? 3
                       : p.where == static_cast<int>(WhereKind::kIn) ? 2
                                                                     : 1;
        if (!after) score -= 0.5;
        if (score > best) {
          best = score;
          location = &p;
        }
      }
      if (subject == nullptr) subject = subject_before;
      if (subject != nullptr) c.subject = *subject->code;
      if (location != nullptr) {
        c.location = *location->code;
      } else if (subject != nullptr) {
        c.location = *subject->code;  // "Korea Utara memiliki 1,2 juta tentara"
      }
      // The event's date: a day in the claim's words, not the speaking date.
      for (size_t i = 0; i < s.dates.size(); ++i) {
        const DateMention& dm = s.dates[i];
        if (dm.granularity != DateGranularity::kDay || dm.since) continue;
        std::string iso = dm.Iso();
        if (iso == c.said_date) continue;
        c.event_date = iso;
        break;
      }
      if (!main) main = src;
      claims.push_back(std::move(c));
      ++kept;
    }

    // A stance with no amount: "hal ini dibantah Korea Utara".
    if ((kept == 0 || !stance_carried) && strongest != nullptr &&
        sentence_stance != StanceKind::kHedged) {
      Source src;
      if (!strongest->agent.empty()) {
        Attribution a;
        a.source = strongest->agent;
        a.cue = strongest->words;
        a.scope = TokenRange{0, strongest->words.begin};
        a.anaphoric = false;
        for (const Attribution& x : s.attributions) {
          if (x.source.begin == a.source.begin) a.anaphoric = x.anaphoric;
        }
        int k = -1;
        for (size_t j = 0; j < s.attributions.size(); ++j) {
          if (s.attributions[j].source.begin == a.source.begin && ok[j]) k = static_cast<int>(j);
        }
        src = k >= 0 ? resolved[static_cast<size_t>(k)] : d.FromAttribution(s, a, places);
      } else {
        src = source_for(strongest->words.begin);
      }
      // A flat negation denies only in a speaker's words: "Tidak ada korban"
      // in the outlet's narration is news, not a stance.
      bool spoken = !src.canonical.empty();
      int32_t cond = 0;
      if (strongest->info.role == StanceRole::kQuoted && s.first_word < tk.size() &&
          lex.conditionals.Match(tk, s.first_word, &cond) > 0) {
        spoken = false;  // a hypothetical: "If they had sent none, ..."
      }
      Claim c = make_claim(src);
      c.what = "stance";
      c.what_text = std::string(d.TextOf(s, strongest->words));
      c.stance = StanceName(sentence_stance);
      if (spoken || strongest->info.role != StanceRole::kQuoted) {
        if (!main) main = src;
        claims.push_back(std::move(c));
      }
    }

    if (!main) {
      for (size_t k = 0; k < resolved.size(); ++k) {
        if (ok[k]) {
          main = resolved[k];
          break;
        }
      }
    }
    if (!main && inherited) main = inherited;
    if (s.ends_in_quote) {
      if (main) quote_source = main;
    } else {
      quote_source.reset();
    }
    if (main && !main->canonical.empty()) {
      prev_main = main;
    } else if (s.back_source.empty()) {
      prev_main.reset();
    }
    prev_claims_begin = claims_begin;
    prev_claims_end = claims.size();
  }
  Release(std::move(worker));
  return claims;
}

}  // namespace
}  // namespace facts

Result<std::unique_ptr<ClaimExtractor>> ClaimExtractor::Create(const DataDir& data) {
  return facts::Extractor::Build(data);
}

}  // namespace warta
