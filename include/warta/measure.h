// Measures: what a claim's figure is a number *of*.
//
// Two figures can only agree or conflict when they measure the same thing.
// "6 killed" and "600,000 casualties", a budget and an exchange rate, a sum
// in rupiah and one in dollars, the 12,000 troops sent and the 1.2 million
// of the whole army: all are numbers in one story, none is comparable with
// the other. A Measure names, in language-neutral classes, what the figure
// counts and of which event or state, so that the ledger compares only
// claims with equal measures:
//
//   "The blast killed 12 people, police said"     unit people, event killed
//   "Korea Utara memiliki 1,2 juta tentara"       unit troops, event size
//   "anggaran Rp 13.255 miliar"                   unit money, event budget,
//                                                 currency IDR
//   "a reward of $35,000"                         unit money, event reward,
//                                                 currency USD
//   "kurs Rp 15.500 per dolar"                    unit money, event rate
//   "a magnitude-5.6 quake"                       unit magnitude
//
// The measure is computed from the stored claim fields (what, what_text,
// quote, value, qualifier, lang, subject, location, dates), so no stored
// claim has to change: MeasureOf is a pure function of the claim and the
// per-language lexicons data/lang/<code>/claims-measures.tsv, which map
// words to the classes (docs/claims.md, "Measures").
//
// Thread-safety: a MeasureLexicon is immutable after Load; MeasureOf may be
// called from several threads at once. DefaultMeasureLexicon loads once,
// on first use, thread-safely.
#ifndef WARTA_MEASURE_H_
#define WARTA_MEASURE_H_

#include <map>
#include <string>
#include <vector>

#include "warta/claim.h"
#include "warta/lang_data.h"
#include "warta/status.h"

namespace warta {

struct Measure {
  std::string unit;      // the counted class: people, troops, money, percent,
                         // magnitude, years, children, ...; "" for a stance
  std::string event;     // killed, wounded, arrested, sent, planned_total,
                         // budget, price, rate, reward, size, ...; "" unknown
  std::string subject;   // whose (ISO code where a country), "" unknown
  std::string place;     // where (country code), "" unknown
  std::string as_of;     // the date the figure refers to, "" unknown
  std::string currency;  // ISO 4217 code for money ("USD"), else ""
  // The one year the claim's sentence names ("In December 2008, three men
  // emptied the store" -> "2008"), "" for none or several. Figures tied to
  // different years, or one to a year and one to none, are two times that
  // cannot be shown to be the same: they never conflict or revise.
  std::string year;
  // The sentence says its figure is of another event than the story's:
  // "In a separate attack, three Palestinians were killed", "another UN
  // school" (`other_event` rows). Listed, never judged.
  bool other_event = false;
  // A conversion of another amount of the sentence into this currency:
  // "two million euros ($2.6 million)". An outlet's exchange rate is not a
  // source's figure: conversions agree, but never conflict or revise.
  bool conversion = false;
  // For a "more_than" figure: the bound is included ("at least 7", a
  // `bound_incl` row before the figure), not excluded ("more than 7").
  bool inclusive_bound = false;

  // Whether the measure says too little to call two figures disagreeing:
  // a broad unit (people, percent, distance, years, money, ...) with no
  // event. "12 people" and "50 people" of one story are usually two
  // different groups of people; such figures are listed and may agree,
  // but take no part in conflicts or revisions.
  bool Underspecified() const;

  // Whether the unit is a span of time: "years", "hari", "hours".
  bool IsSpan() const;

  // "killed people", "money for budget (IDR)": for people, and in verdicts.
  std::string Label() const;
  bool operator==(const Measure&) const = default;
};

// The word lists of all languages, compiled.
class MeasureLexicon {
 public:
  // Reads lang/<code>/claims-measures.tsv of every language of `data`.
  static Result<MeasureLexicon> Load(const DataDir& data);

  // Rows of one language, for tests: KIND <tab> CLASS <tab> PHRASE.
  void Add(const std::string& lang, const std::string& kind, const std::string& cls,
           const std::string& phrase);

  struct Entry {
    std::vector<std::string> words;  // folded words of the phrase
    std::string cls;
  };
  // The entries of one kind (unit, event, currency, rate, part,
  // bound_incl), longest phrase first, and by first word for matching.
  struct Kind {
    std::vector<Entry> entries;
    std::map<std::string, std::vector<size_t>> by_first;  // first word -> entries
  };
  const Kind& Entries(const std::string& lang, const std::string& kind) const;

 private:
  std::map<std::string, std::map<std::string, Kind>> by_lang_;
};

// The lexicon of the data folder DataDir::Find("") locates, loaded once; an
// empty lexicon when there is none (measures then come from `what` alone).
const MeasureLexicon& DefaultMeasureLexicon();

Measure MeasureOf(const Claim& claim, const MeasureLexicon& lexicon);
inline Measure MeasureOf(const Claim& claim) {
  return MeasureOf(claim, DefaultMeasureLexicon());
}

// Whether the claim's lower bound is inclusive: "at least 12" (true),
// "more than 12" (false). Only meaningful for qualifier "more_than".
bool InclusiveLowerBound(const Claim& claim, const MeasureLexicon& lexicon);

}  // namespace warta

#endif  // WARTA_MEASURE_H_
