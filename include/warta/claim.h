// Claims: who says how many of what, where and when, with what stance.
//
// A Claim is one row of the claim export contract (SPEC.md, "Claim export
// contract"): a quantity or a stance, its source and citation chain, the
// sentence it came from as byte offsets into the ORIGINAL input, and dates.
// The ClaimExtractor (src/facts/) finds them in a stored Document's clean
// text, using the text layer (segment.h, numbers.h, dates.h) and
// per-language lexicons under data/lang/<code>/.
//
//   ASSIGN_OR_RETURN(auto extractor, warta::ClaimExtractor::Create(data));
//   std::vector<warta::Claim> claims = extractor->Extract(doc);
//   for (const warta::Claim& c : claims) puts(warta::ClaimJson(c).dump().c_str());
//   // {"doc":"002.txt","start":175,"end":366,"quote":"Awal bulan ini, ...",
//   //  "value":1500,"min":1500,"max":1500,"qualifier":"exact","what":"troops",
//   //  "what_text":"pasukan operasi khusus","subject":"KP","location":"RU",
//   //  "source":"NIS","source_mention":"Badan Intelijen Nasional (NIS)",
//   //  "via":[],"stance":"asserts",...}
//
// How the rules work, and what they do not do: docs/claims.md.
//
// Thread-safety: a ClaimExtractor is immutable after Create; Extract is
// const and may be called from several threads at once.
#ifndef WARTA_CLAIM_H_
#define WARTA_CLAIM_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "warta/document.h"
#include "warta/lang_data.h"
#include "warta/status.h"

namespace warta {

struct Claim {
  std::string doc;  // Document::id
  // Byte offsets of the claim's sentence or clause in the original input
  // (Document::content), and in the clean text (Document::text).
  uint64_t start = 0, end = 0;
  uint64_t text_start = 0, text_end = 0;
  std::string quote;  // the clean text of [text_start, text_end)

  // The amount; all empty for a stance-only claim. `value` is empty for
  // vague amounts ("ribuan"); `max` is empty where open ("lebih dari").
  std::optional<double> value, min, max;
  // "exact", "approx", "more_than", "less_than", "range", "vague"; "" for a
  // stance-only claim (exported as null).
  std::string qualifier;
  // troops, officers, generals, killed, wounded, containers, munitions,
  // weapons, battalions, brigades, bases, people, money, other; "stance" for
  // a claim without a number.
  std::string what;
  std::string what_text;  // the counted phrase as written: "pasukan khusus"

  std::string subject;   // whose amount: "KP"; "" = unknown
  std::string location;  // where: ISO 3166 code for a country; "" = unknown

  std::string source;          // canonical name of the claimant, or "OUTLET"
  std::string source_mention;  // the words naming the source here
  std::vector<std::string> via;  // citation chain, nearest first
  std::string cue;             // "kata", "menurut", "said", ...
  // "asserts", "confirms", "hedged", "cannot_verify", "no_evidence",
  // "denies".
  std::string stance = "asserts";

  std::string said_date, event_date;  // ISO dates, "" = unknown
  std::string lang;                   // ISO 639-1 code of the sentence
};

// One claim as a JSON object of the export contract, fields in contract
// order, null for empty optional fields ("qualifier", "subject", "location",
// "source_mention", the dates), plus "cue", "text_start" and "text_end".
// Integral numbers are written as integers (1500, not 1500.0).
nlohmann::ordered_json ClaimJson(const Claim& claim);

class ClaimExtractor {
 public:
  // Loads and compiles the lexicons of every language folder.
  static Result<std::unique_ptr<ClaimExtractor>> Create(const DataDir& data);
  virtual ~ClaimExtractor() = default;

  // The claims of one document, in text order. Uses doc.text, doc.map (for
  // the original offsets), doc.id and doc.meta (published date as the
  // reference for relative dates, outlet, lang).
  virtual std::vector<Claim> Extract(const Document& doc) const = 0;

  // Bumped whenever extraction changes, so that stored claims made by an
  // older extractor can be found and made again.
  static constexpr int kVersion = 2;
};

}  // namespace warta

#endif  // WARTA_CLAIM_H_
