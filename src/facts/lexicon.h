// The facts stage's language data, compiled: cue verbs, stance words, the
// taxonomy of counted things, source words and place prepositions of one
// language (data/lang/<code>/claims-*.tsv), and the place gazetteer shared
// by all languages (data/geo/*.tsv).
//
//   ASSIGN_OR_RETURN(auto lex, warta::facts::Lexicon::Create(data, "id"));
//   int32_t cue;
//   size_t n = lex->cues.Match(tokens, i, &cue);  // "mengatakan" -> say/pre
//
// Internal to src/facts/. Thread-safety: immutable after Create.
#ifndef WARTA_SRC_FACTS_LEXICON_H_
#define WARTA_SRC_FACTS_LEXICON_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "warta/lang_data.h"
#include "warta/segment.h"
#include "warta/status.h"

namespace warta {
namespace facts {

enum class CueKind : uint8_t {
  kSay,        // "mengatakan", "kata", "said"
  kWeak,       // "mengidentifikasi": only after an information source
  kSayIt,      // "katanya", "he said": source is the last named one
  kLead,       // "Dikatakan bahwa": source is the last named one
  kAccording,  // "menurut X", "according to X"
  kNoun,       // "pengumuman X bahwa"
  kCites,      // "mengutip X", "citing X"
  kRelayed,    // "dilansir X", "as reported by X"
  kContinue,   // "Secara keseluruhan": the previous sentence's source
  kBack,       // "Hal itu disampaikan X": X said the previous sentence
};

struct CueInfo {
  CueKind kind = CueKind::kSay;
  bool pre = false;   // the source stands before the cue
  bool post = false;  // the source follows the cue
};

enum class StanceKind : uint8_t {
  kNone,  // neutralises a look-alike: "untuk kemungkinan"
  kHedged,
  kCannotVerify,
  kNoEvidence,
  kDenies,
  kConfirms,
};
// The contract's name: "asserts" for kNone, "hedged", "cannot_verify", ...
const char* StanceName(StanceKind s);

// kMarker: a word anywhere in the clause ("reportedly"); kVerb: its subject
// is the source ("Kremlin menepis"); kPassive: its agent follows ("dibantah
// Korea Utara"); kQuoted: a flat negation that denies only in a speaker's
// words ("there were no militants at the school," Gunness said) and never
// sets a figure's stance.
enum class StanceRole : uint8_t { kMarker, kVerb, kPassive, kQuoted };

struct StanceInfo {
  StanceKind stance = StanceKind::kNone;
  StanceRole role = StanceRole::kMarker;
};

enum class WhereKind : uint8_t { kTo, kIn, kFrom };

// A set of one-or-more-word phrases: a PhraseMatcher with a value table.
template <typename T>
struct PhraseTable {
  PhraseMatcher matcher;
  std::vector<T> values;
  std::vector<std::string> first_words;  // folded first word of each phrase
  void Add(std::string_view phrase, T value) {
    matcher.Add(phrase, static_cast<int32_t>(values.size()));
    values.push_back(std::move(value));
    std::vector<Token> tokens;
    Tokenize(phrase, &tokens);
    if (!tokens.empty()) first_words.push_back(tokens[0].folded);
  }
  // Length in tokens of the longest phrase at tokens[i] (0 if none); its
  // value in *out.
  size_t Match(std::span<const Token> tokens, size_t i, const T** out) const {
    int32_t v = 0;
    size_t n = matcher.Match(tokens, i, &v);
    if (n > 0) *out = &values[static_cast<size_t>(v)];
    return n;
  }
};

class Lexicon {
 public:
  // Reads lang/<lang>/claims-{cues,stance,what,sources,places}.tsv. Missing
  // files give empty tables; a malformed row is an error naming its file.
  static Result<std::unique_ptr<Lexicon>> Create(const DataDir& data, const std::string& lang);

  std::string lang;
  PhraseTable<CueInfo> cues;
  PhraseTable<StanceInfo> stance;
  PhraseMatcher negation;
  // Words opening a conditional sentence ("Jika", "If"): a flat negation
  // in one is no denial ("Jika Rusia ..., ini akan menjadi tanda
  // keputusasaan, bukan kekuatan").
  PhraseMatcher conditionals;
  // What: the taxonomy name of a counted noun, a casualty predicate after
  // it, or a casualty verb before the amount. "drop" for durations.
  PhraseTable<std::string> what_unit, what_after, what_before;
  // Words of a result shortly before or right after "A - B" (WHAT "score"
  // rows): "kalah 0 - 1", "their 9-3 deadlock".
  PhraseMatcher score_before, score_after;
  // Context that makes an amount no claim: a phrase ending right before the
  // amount ("berusia", "every") or starting right after its unit ("lalu",
  // "ago"); the value is "duration" (durations only), "one" (the value 1
  // only: "dalam satu hari") or "any".
  PhraseTable<std::string> not_before, not_after;
  // In a language whose modifiers come first, function words may stand
  // between a number and its noun ("300 similar robberies", "Eight of the
  // jurors"), but not these: "20 was found guilty".
  PhraseMatcher what_pass_not;
  // Words joining two figures that share the noun after the second ("the
  // 7.6 and 7.5 magnitude quakes", "dua atau tiga orang"): WHERE
  // `coordinator` rows.
  PhraseMatcher coordinators;
  // A number right after these words and closing its phrase counts (the
  // value is its WHAT): "a mother of 12,", "a total of 45.".
  PhraseTable<std::string> bare_after;
  // A number right after these words counts their WHAT whatever follows:
  // "mother of 12 killed in crossfire" counts her 12 children, not 12 dead.
  PhraseTable<std::string> count_after;
  // Seconds in a duration unit, by folded phrase: "jam" -> 3600.
  std::unordered_map<std::string, double> duration_seconds;
  // Modifiers follow the noun ("pasukan khusus"), else precede it.
  bool modifiers_after = true;
  PhraseTable<std::string> aliases;  // -> canonical name
  PhraseMatcher person, head, skip, stop, clause;
  // People named by their role ("the officer", "prosecutors", "warga"): a
  // source for verbs of saying, never an organisation nor a title.
  PhraseMatcher role;
  std::unordered_set<std::string> pronouns, person_pronouns, demonstratives, definites, determiners,
      relatives, complementizers, agent_markers;
  // Auxiliaries that make a verb of saying passive ("Lopez is accused of",
  // "It was said that", "Violence was also reported in"): the words before
  // them are the topic, not the speaker.
  std::unordered_set<std::string> passive_aux;
  // Modal verbs that make a verb of saying an ability or a plan, not a
  // report ("Anda dapat menambahkan hingga tiga akun", "users will be able
  // to add"; "the agency will announce"): no claim is attributed by it.
  std::unordered_set<std::string> modals;
  // Words joining two names of speakers: "and", "dan".
  std::unordered_set<std::string> conjunctions;
  std::vector<std::string> verb_prefixes;
  std::vector<std::string> person_first_words;
  PhraseTable<WhereKind> where;
  // The first words of every cue, stance and title phrase: a token not in
  // here starts none of them, which one lookup tells. Measured with
  // claims_bench on id-news: three hash lookups a token down to one took
  // Extract from 2,530 to 3,080 articles/s (with Named's ICU word split
  // replaced by a plain one).
  std::unordered_set<std::string> starters;
};

// Places: names -> ISO 3166 codes, from data/geo/places.tsv and aliases.tsv.
class Gazetteer {
 public:
  static Result<std::unique_ptr<Gazetteer>> Create(const DataDir& data);

  // The place starting at tokens[i], its length in tokens (0 if none) and
  // code. `text` is what the tokens index, for the capitalisation rules.
  size_t Match(std::string_view text, std::span<const Token> tokens, size_t i,
               const std::string** code) const;
  size_t size() const { return codes_.size(); }

 private:
  PhraseMatcher names_;
  std::vector<std::string> codes_;
  std::vector<bool> exact_case_;
  std::vector<std::string> written_;  // the name as written, for exact case
};

}  // namespace facts
}  // namespace warta

#endif  // WARTA_SRC_FACTS_LEXICON_H_
