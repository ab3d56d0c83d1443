// One sentence as the claim rules see it: tokens, amounts, dates, and the
// attributions, stance words and relays found among them.
//
// AnalyzeSentence (attribution.cc) fills a SentenceAnalysis from the text
// layer's output with the rules of one language's Lexicon; the extractor
// (extractor.cc) then resolves the sources across sentences and builds the
// claims. Token indices are into SentenceAnalysis::tokens; byte offsets are
// into the document's clean text.
//
//   facts::SentenceAnalysis s;
//   s.span = sentence;  // from SentenceSplitter
//   facts::AnalyzeSentence(doc.text, tools, published, &s);
//   // "..., kata Badan Intelijen Nasional (NIS)." -> s.attributions[0]:
//   //   kind kSay, source = the tokens "Badan ... (NIS)", scope = before "kata"
//
// Internal to src/facts/. Thread-safety: plain data; AnalyzeSentence is
// reentrant given its own Stemmer.
#ifndef WARTA_SRC_FACTS_ANALYSIS_H_
#define WARTA_SRC_FACTS_ANALYSIS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lexicon.h"
#include "warta/dates.h"
#include "warta/numbers.h"
#include "warta/segment.h"
#include "warta/stem.h"

namespace warta {
namespace facts {

// A run of tokens [begin, end).
struct TokenRange {
  size_t begin = 0;
  size_t end = 0;
  bool empty() const { return begin >= end; }
  bool Contains(size_t i) const { return i >= begin && i < end; }
};

// Who said it, as found in one sentence, before anaphora are resolved.
struct Attribution {
  CueKind kind = CueKind::kSay;
  TokenRange cue;     // "mengatakan", "kata", "menurut"
  TokenRange source;  // "Badan Intelijen Nasional (NIS)"; empty for "katanya"
  // The source names no one: "Badan itu", "ia", "katanya", "Dikatakan".
  bool anaphoric = false;
  // "media Korea Selatan, mengutip NIS, melaporkan": `source` is NIS and
  // `reporter` the media that relayed it.
  TokenRange reporter;
  std::vector<TokenRange> via;  // relays after it: "seperti dilansir CNA"
  TokenRange scope;             // the tokens whose content it attributes
  // A verb of denial or confirmation is its own attribution: "Kremlin
  // menepis laporan" is the Kremlin's stance.
  StanceKind stance = StanceKind::kNone;
};

struct StanceHit {
  TokenRange words;
  StanceInfo info;
  TokenRange agent;  // "dibantah Korea Utara" -> Korea Utara
};

struct SentenceAnalysis {
  Span span;  // clean-text bytes of the sentence
  size_t paragraph = 0;
  std::vector<Token> tokens;
  std::vector<bool> starts;  // tokens[i] may start a cue, stance or title
  std::vector<Amount> amounts;
  std::vector<DateMention> dates;
  std::vector<TokenRange> date_tokens;    // dates[i] as tokens
  std::vector<Attribution> attributions;  // in cue order
  std::vector<StanceHit> stances;
  // Relays that open the sentence: "Mengutip Rferl, ...", "Dilansir
  // melalui Reuters, ...". They apply to the sentence's claims.
  std::vector<TokenRange> lead_via;
  bool lead_via_cites = false;  // "Mengutip X": X is a source, not a relay
  bool continues = false;       // "Secara keseluruhan, ..."
  bool has_title = false;       // a person's title: "Presiden", "Sekjen"
  // "Hal itu disampaikan Kepala BNPB Sutopo": the speaker of the sentence
  // before; empty when the sentence names none.
  TokenRange back_source;
  bool starts_in_quote = false;
  bool ends_in_quote = false;
  bool has_close_quote = false;  // closes a quote opened earlier
  size_t first_word = 0;         // index of the first word token
};

// Everything the rules need besides the sentence: the language's lexicon,
// its stemmer (not thread-safe; one per thread) and the gazetteer.
struct LangTools {
  const Lexicon* lex = nullptr;
  Stemmer* stemmer = nullptr;
  const NumberFinder* numbers = nullptr;
  const DateFinder* dates = nullptr;
  const Gazetteer* places = nullptr;
};

// Finds amounts, dates, cues, relays and stance words in the sentence
// `s->span` of `text`, with `reference` (the publication date) for relative
// dates. `s->paragraph` and the quote flags are the caller's.
void AnalyzeSentence(std::string_view text, const LangTools& tools, const CivilDate& reference,
                     SentenceAnalysis* s);

// True for a lower-case word of a verb form: a prefix of the language's
// verb_prefix list and a stem that differs ("menandai" -> "tanda").
bool IsVerbLike(const Token& t, const LangTools& tools);

// True for a token that is a quotation mark of any kind.
bool IsQuoteMark(const Token& t);

}  // namespace facts
}  // namespace warta

#endif  // WARTA_SRC_FACTS_ANALYSIS_H_
