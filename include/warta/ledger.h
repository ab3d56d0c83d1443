// The claim ledger: claims of a story reconciled across sources and time.
//
// Claims one by one are not what an analyst reads. The ledger groups a
// story's claims by what they measure (what is counted, whose, where), counts
// sources honestly (a citation chain collapses to its origin; one origin
// quoted by five outlets is one origin with five reports), and gives each
// group verdicts that explain themselves in one line:
//
//   agreeing     figures of different origins overlap: one line per set of
//                agreeing figures
//   conflicting  two such sets, from different origins, are disjoint at the
//                same time (within a week, or undated)
//   revised      one origin moved its figure; the order is shown
//   stances      denials, "cannot verify", "no evidence", confirmations,
//                attached to the group (or story) they answer
//
//   warta::LedgerInput in;          // claims + the documents' metadata
//   warta::Ledger ledger = warta::BuildLedger(in);
//
// docs/ledger.md explains the rules with the sample corpus as the example.
//
// Thread-safety: BuildLedger is a pure function of its input.
#ifndef WARTA_LEDGER_H_
#define WARTA_LEDGER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "warta/claim.h"

namespace warta {

// What the ledger needs to know of a document besides its claims.
struct LedgerDoc {
  std::string id;
  std::string outlet;     // "" when unknown: the id stands in
  std::string published;  // ISO date or ""
  std::string title;
};

struct LedgerInput {
  std::string story;  // the story id or label shown
  std::vector<LedgerDoc> docs;
  std::vector<Claim> claims;
};

// One claim as reported in one document.
struct LedgerReport {
  size_t claim = 0;    // index into Ledger::claims
  std::string doc;
  std::string outlet;  // the reporting outlet (or document id)
  std::string date;    // when the origin said it: said_date, else the
                       // document's publication date, else ""
};

// One figure an origin gave: the same interval, reported once or many times.
struct LedgerFigure {
  std::optional<double> value, min, max;  // max empty: open-ended
  std::string qualifier;
  std::string stance;  // asserts, hedged, cannot_verify, ...
  std::string date;    // earliest report date, or ""
  std::vector<LedgerReport> reports;
  // "1,500", "about 12,000", "more than 12,000", "tens of thousands (10,000-99,999)"
  std::string label;
};

// An independent source: the end of the citation chain.
struct LedgerOrigin {
  std::string name;                  // "NIS", "OUTLET:Liputan6.com"
  std::vector<std::string> mentions; // how the documents name it
  std::vector<std::string> via;      // relays seen: "media Korea Selatan"
  std::vector<LedgerFigure> figures; // in date order
};

enum class VerdictKind { kAgreeing, kConflicting, kRevised };
const char* VerdictKindName(VerdictKind kind);  // "agreeing", ...

// A figure of a group: the index of its origin in LedgerGroup::origins and
// of the figure in LedgerOrigin::figures.
struct FigureRef {
  size_t origin = 0;
  size_t figure = 0;
  bool operator==(const FigureRef&) const = default;
};

struct LedgerVerdict {
  VerdictKind kind = VerdictKind::kAgreeing;
  std::vector<std::string> origins;  // the origins it concerns
  std::vector<FigureRef> figures;    // the figures it concerns
  std::string explanation;           // one line, for people
};

struct LedgerStance {
  size_t claim = 0;  // index into Ledger::claims
  std::string origin;
  std::string stance;
  std::string date;
  std::string doc;
  std::string quote;
};

struct LedgerGroup {
  std::string key;  // "troops|KP|RU"
  std::string what, subject, location;
  std::string era;  // "2018-07" for a group of past events; "" for the story's time
  std::vector<LedgerOrigin> origins;
  std::vector<LedgerVerdict> verdicts;
  std::vector<LedgerStance> stances;
  size_t report_count = 0;
};

struct Ledger {
  std::string story;
  std::vector<LedgerDoc> docs;
  std::vector<Claim> claims;          // the input claims, indexed by reports
  std::vector<LedgerGroup> groups;    // most reported first
  std::vector<LedgerStance> stances;  // story-level stances no group answers
};

Ledger BuildLedger(LedgerInput input);

// Rolls a place up to its country for grouping: "" stays "".
// Claim locations are ISO 3166 codes already; sub-national codes
// ("RU-PRI") roll up to the country ("RU").
std::string CountryOf(const std::string& location);

// The closed interval a claim's amount implies; approximate amounts widen by
// 10% each way ("sekitar 12.000" -> 10,800-13,200). Empty max: open.
struct Interval {
  double min = 0;
  std::optional<double> max;
  bool Overlaps(const Interval& other) const;
};
Interval IntervalOf(const std::optional<double>& value, const std::optional<double>& min,
                    const std::optional<double>& max, const std::string& qualifier);

// "12,000" style labels for people.
std::string FormatAmount(double v);

// A claim's amount as people read it: "1,500", "1,000–9,999"; "" for a
// stance-only claim.
std::string ClaimAmountText(const Claim& c);

// Days since 1970-01-01 of an ISO date ("2024-10-18"), or nullopt.
std::optional<long> DayNumber(const std::string& iso);

// Renderings of a ledger. Everything taken from articles is escaped for the
// target format.
std::string LedgerToText(const Ledger& ledger);      // for a terminal
std::string LedgerToMarkdown(const Ledger& ledger);
std::string LedgerToJson(const Ledger& ledger, int indent = 2);
// One self-contained HTML file: no scripts, fonts or links outside it; an
// SVG chart of values over time per origin for each group, the claims table
// with each sentence, and the stance events.
std::string LedgerToHtml(const Ledger& ledger);

}  // namespace warta

#endif  // WARTA_LEDGER_H_
