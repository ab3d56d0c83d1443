// Building the ledger.
//
// 1. Origins. A claim's origin is its canonical source: the end of its
//    citation chain ("media Korea Selatan, mengutip NIS" -> NIS, relayed via
//    "media Korea Selatan"). The article's own voice (source OUTLET) is the
//    outlet's: "OUTLET:Liputan6.com".
// 2. Groups. Quantity claims group by what is counted, whose it is and
//    where: troops of North Korea abroad. A claim whose subject or place is
//    unknown takes the one most claims of its kind in the story have. The
//    broad classes people and other add their counted noun ("people:
//    firefighters"), as they hold unlike things. Places
//    roll up to countries; a claim about a subject's forces outside their
//    own country goes to "abroad" (North Korean troops in Russia and in
//    Ukraine are one deployment), at home to the home country (North
//    Korea's 1.2 million-strong army is another group). A claim about an
//    event more than 30 days before its report is history: a group of its
//    own for that month.
// 3. Figures. An origin's reports of the same interval are one figure with
//    several reports: the NIS's 13,000 containers in three articles are one
//    origin, one figure, three reports.
// 4. Verdicts. revised: an origin's figures that do not overlap, in date
//    order. conflicting: two origins' figures disjoint within a week of each
//    other (or undated). agreeing: two origins' figures that overlap.
//    Figures an origin could not verify, or found no evidence for, are shown
//    but take no part in agreement or conflict.
// 5. Stances. Stance-only claims (denials, confirmations, "cannot verify")
//    attach to the group whose counted nouns (not names: "warga", not
//    "Korea Utara") their sentence uses, else to
//    the story's most reported group; with no group at all, to the story.
//
// Tested by ledger_test.cc.
#include "warta/ledger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "warta/dates.h"
#include "warta/text.h"

namespace warta {
namespace {

constexpr int kSameTimeDays = 7;
// An event this many days before its report belongs to history.
constexpr long kHistoryDays = 30;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::optional<long> DayNumber(const std::string& iso) {
  std::optional<CivilDate> d = CivilDate::FromIso(iso);
  if (!d || !d->valid()) return std::nullopt;
  return static_cast<long>(d->Days());
}

namespace {

bool SameTime(const std::string& a, const std::string& b) {
  std::optional<long> da = DayNumber(a), db = DayNumber(b);
  if (!da || !db) return true;
  return std::labs(*da - *db) <= kSameTimeDays;
}

bool TakesPart(const std::string& stance) {
  return stance != "cannot_verify" && stance != "no_evidence" && stance != "denies";
}

std::string FigureLabel(const Claim& c) {
  const std::string& q = c.qualifier;
  if (q == "vague" && c.min && c.max) {
    return FormatAmount(*c.min) + "\xE2\x80\x93" + FormatAmount(*c.max) + " (vague)";
  }
  if (q == "range" && c.min && c.max) {
    return FormatAmount(*c.min) + "\xE2\x80\x93" + FormatAmount(*c.max);
  }
  double v = c.value ? *c.value : (c.min ? *c.min : 0);
  if (q == "approx") return "about " + FormatAmount(v);
  if (q == "more_than") return "more than " + FormatAmount(v);
  if (q == "less_than") return "fewer than " + FormatAmount(c.value ? *c.value : (c.max ? *c.max : 0));
  return FormatAmount(v);
}

std::string FigureText(const LedgerOrigin& o, const LedgerFigure& f) {
  std::string s = o.name + " " + f.label;
  if (!f.date.empty()) s += " (" + f.date + ")";
  return s;
}

// The common nouns of a counted phrase, without names: "warga Korea Utara"
// -> {"warga"}; "pasukan khusus" -> {"pasukan", "khusus"}.
std::vector<std::string> CountedWords(const std::string& what_text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < what_text.size()) {
    size_t end = what_text.find(' ', pos);
    if (end == std::string::npos) end = what_text.size();
    std::string word = what_text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty() || std::isupper(static_cast<unsigned char>(word[0]))) continue;
    for (std::string& w : SimpleWords(word)) out.push_back(std::move(w));
  }
  return out;
}

struct Keyed {
  std::string origin;
  std::string origin_mention;
  std::string date;
};

}  // namespace

const char* VerdictKindName(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kAgreeing: return "agreeing";
    case VerdictKind::kConflicting: return "conflicting";
    case VerdictKind::kRevised: return "revised";
  }
  return "?";
}

std::string CountryOf(const std::string& location) {
  size_t dash = location.find('-');
  return dash == std::string::npos ? location : location.substr(0, dash);
}

bool Interval::Overlaps(const Interval& o) const {
  bool a_below_b_max = !o.max || min <= *o.max;
  bool b_below_a_max = !max || o.min <= *max;
  return a_below_b_max && b_below_a_max;
}

Interval IntervalOf(const std::optional<double>& value, const std::optional<double>& min,
                    const std::optional<double>& max, const std::string& qualifier) {
  Interval iv;
  if (qualifier == "approx" && value) {
    iv.min = *value * 0.9;
    iv.max = *value * 1.1;
    return iv;
  }
  iv.min = min ? *min : (value ? *value : 0);
  if (qualifier == "less_than") {
    iv.min = min ? *min : 0;  // "hampir 500", "fewer than 500": open below
    iv.max = max ? max : value;
    return iv;
  }
  if (qualifier == "more_than") {
    iv.max = max;  // open unless the claim bounds it
  } else {
    iv.max = max ? max : value;
  }
  return iv;
}

std::string ClaimAmountText(const Claim& c) {
  if (c.value) return FormatAmount(*c.value);
  if (!c.min) return "";
  return FormatAmount(*c.min) + "\xE2\x80\x93" + (c.max ? FormatAmount(*c.max) : std::string("\xE2\x80\xA6"));
}

std::string FormatAmount(double v) {
  char buf[64];
  if (std::fabs(v - std::round(v)) > 1e-9) {
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.0f", v);
  std::string digits = buf, out;
  size_t lead = digits[0] == '-' ? 1 : 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    out.push_back(digits[i]);
    size_t left = digits.size() - i - 1;
    if (i >= lead && left > 0 && left % 3 == 0) out.push_back(',');
  }
  return out;
}

namespace {

Interval FigureInterval(const LedgerFigure& f) {
  return IntervalOf(f.value, f.min, f.max, f.qualifier);
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// Verdicts of one group, from the figures that take part (asserted or
// hedged, not "cannot verify").
//
// Agreement: specific figures (exact, about, more or fewer than, ranges)
// that overlap form a set, joined transitively (12,000, about 12,000 and
// more than 12,000 are one set). Vague figures ("thousands") would chain
// every set into one, so they join the sets they overlap without merging
// them. A set holding figures of two or more origins is one "agreeing" line.
// Conflict: two sets with figures of different origins within a week of each
// other (or undated) are one "conflicting" line, naming the closest pair.
// Revision: an origin whose specific figures do not all overlap moved its
// figure; its figures in date order are one "revised" line.
void AddVerdicts(LedgerGroup* g) {
  struct Item {
    FigureRef ref;
    Interval iv;
    bool vague;
  };
  std::vector<Item> items;
  for (size_t o = 0; o < g->origins.size(); ++o) {
    const LedgerOrigin& origin = g->origins[o];
    for (size_t f = 0; f < origin.figures.size(); ++f) {
      const LedgerFigure& fig = origin.figures[f];
      if (!TakesPart(fig.stance)) continue;
      items.push_back({{o, f}, FigureInterval(fig), fig.qualifier == "vague"});
    }
  }
  auto fig_of = [&](const FigureRef& r) -> const LedgerFigure& {
    return g->origins[r.origin].figures[r.figure];
  };
  auto text_of = [&](const FigureRef& r) {
    return FigureText(g->origins[r.origin], fig_of(r));
  };

  // Revisions. An undated figure that overlaps one of the origin's dated
  // figures is a re-report of it, not a step.
  for (size_t o = 0; o < g->origins.size(); ++o) {
    std::vector<FigureRef> specific;
    for (const Item& it : items) {
      if (it.ref.origin != o || it.vague) continue;
      if (fig_of(it.ref).date.empty()) {
        bool rereport = false;
        for (const Item& other : items) {
          rereport |= other.ref.origin == o && !other.vague &&
                      !fig_of(other.ref).date.empty() && other.iv.Overlaps(it.iv);
        }
        if (rereport) continue;
      }
      specific.push_back(it.ref);
    }
    bool moved = false;
    for (size_t i = 0; i < specific.size() && !moved; ++i) {
      for (size_t j = i + 1; j < specific.size(); ++j) {
        if (!FigureInterval(fig_of(specific[i])).Overlaps(FigureInterval(fig_of(specific[j])))) {
          moved = true;
        }
      }
    }
    if (!moved) continue;
    std::vector<std::string> steps;
    for (const FigureRef& r : specific) {
      const LedgerFigure& f = fig_of(r);
      steps.push_back(f.label + (f.date.empty() ? std::string(" (undated)") : " (" + f.date + ")"));
    }
    g->verdicts.push_back({VerdictKind::kRevised, {g->origins[o].name}, specific,
                           g->origins[o].name + " moved its figure: " +
                               Join(steps, " \xE2\x86\x92 ")});
  }

  // Sets of overlapping specific figures (union-find).
  std::vector<size_t> parent(items.size());
  for (size_t i = 0; i < items.size(); ++i) parent[i] = i;
  auto find = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].vague) continue;
    for (size_t j = i + 1; j < items.size(); ++j) {
      if (!items[j].vague && items[i].iv.Overlaps(items[j].iv)) parent[find(i)] = find(j);
    }
  }
  std::map<size_t, std::vector<size_t>> sets;  // root -> members
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].vague) sets[find(i)].push_back(i);
  }
  // Vague figures join each set they overlap; alone they form their own.
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].vague) continue;
    bool joined = false;
    for (auto& [root, members] : sets) {
      if (items[root].vague) continue;
      bool overlaps = false;
      for (size_t m : members) overlaps |= !items[m].vague && items[i].iv.Overlaps(items[m].iv);
      if (overlaps) {
        members.push_back(i);
        joined = true;
      }
    }
    if (!joined) sets[i].push_back(i);
  }

  std::vector<std::vector<size_t>> set_list;
  for (auto& [root, members] : sets) set_list.push_back(members);
  for (const std::vector<size_t>& members : set_list) {
    std::set<size_t> origins;
    for (size_t m : members) origins.insert(items[m].ref.origin);
    if (origins.size() < 2) continue;
    LedgerVerdict v{VerdictKind::kAgreeing, {}, {}, ""};
    // Each origin once, by its most specific figure in the set.
    std::map<size_t, size_t> shown;  // origin -> member
    for (size_t m : members) {
      v.figures.push_back(items[m].ref);
      auto [it, fresh] = shown.emplace(items[m].ref.origin, m);
      if (!fresh && items[it->second].vague && !items[m].vague) it->second = m;
    }
    std::vector<std::string> parts;
    for (size_t m : members) {
      if (shown[items[m].ref.origin] == m) parts.push_back(text_of(items[m].ref));
    }
    for (size_t o : origins) v.origins.push_back(g->origins[o].name);
    v.explanation = Join(parts, ", ") + " overlap";
    g->verdicts.push_back(std::move(v));
  }
  for (size_t a = 0; a < set_list.size(); ++a) {
    for (size_t b = a + 1; b < set_list.size(); ++b) {
      // Sets that share a (vague) figure do not conflict.
      bool shared = false;
      for (size_t m : set_list[a]) {
        shared |= std::find(set_list[b].begin(), set_list[b].end(), m) != set_list[b].end();
      }
      if (shared) continue;
      const Item* best_a = nullptr;
      const Item* best_b = nullptr;
      long best_gap = -1;
      for (size_t ma : set_list[a]) {
        for (size_t mb : set_list[b]) {
          const Item& ia = items[ma];
          const Item& ib = items[mb];
          if (ia.ref.origin == ib.ref.origin || ia.iv.Overlaps(ib.iv)) continue;
          const std::string& da = fig_of(ia.ref).date;
          const std::string& db = fig_of(ib.ref).date;
          if (!SameTime(da, db)) continue;
          std::optional<long> xa = DayNumber(da), xb = DayNumber(db);
          long gap = xa && xb ? std::labs(*xa - *xb) : kSameTimeDays + 1;
          if (best_gap < 0 || gap < best_gap) {
            best_gap = gap;
            best_a = &ia;
            best_b = &ib;
          }
        }
      }
      if (!best_a) continue;
      g->verdicts.push_back(
          {VerdictKind::kConflicting,
           {g->origins[best_a->ref.origin].name, g->origins[best_b->ref.origin].name},
           {best_a->ref, best_b->ref},
           text_of(best_a->ref) + " vs " + text_of(best_b->ref) +
               (best_gap <= kSameTimeDays ? ": disjoint within a week of each other"
                                          : ": disjoint (undated)")});
    }
  }
}

}  // namespace

Ledger BuildLedger(LedgerInput input) {
  Ledger ledger;
  ledger.story = std::move(input.story);
  ledger.docs = std::move(input.docs);
  ledger.claims = std::move(input.claims);
  std::map<std::string, const LedgerDoc*> doc_by_id;
  for (const LedgerDoc& d : ledger.docs) doc_by_id[d.id] = &d;

  // 1. Origins and dates of every claim.
  std::vector<Keyed> keyed(ledger.claims.size());
  for (size_t i = 0; i < ledger.claims.size(); ++i) {
    const Claim& c = ledger.claims[i];
    const LedgerDoc* doc = doc_by_id.count(c.doc) ? doc_by_id[c.doc] : nullptr;
    std::string outlet = doc && !doc->outlet.empty() ? doc->outlet : c.doc;
    Keyed& k = keyed[i];
    if (c.source.empty() || c.source == "OUTLET") {
      k.origin = "OUTLET:" + outlet;
      k.origin_mention = outlet;
    } else {
      k.origin = c.source;
      k.origin_mention = c.source_mention.empty() ? c.source : c.source_mention;
    }
    k.date = !c.said_date.empty() ? c.said_date : (doc ? doc->published : "");
  }

  // 2. Subjects filled from the story: the commonest subject of each `what`.
  // Places likewise: an unplaced count takes the commonest place of its kind.
  std::map<std::string, std::map<std::string, int>> subject_votes, place_votes;
  for (const Claim& c : ledger.claims) {
    if (c.what == "stance") continue;
    if (!c.subject.empty()) ++subject_votes[c.what][c.subject];
    if (!c.location.empty()) ++place_votes[c.what][CountryOf(c.location)];
  }
  auto commonest = [](const std::map<std::string, std::map<std::string, int>>& votes,
                      const std::string& what) {
    auto it = votes.find(what);
    if (it == votes.end()) return std::string();
    return std::max_element(it->second.begin(), it->second.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
  };
  auto subject_of = [&](const Claim& c) {
    return c.subject.empty() ? commonest(subject_votes, c.what) : c.subject;
  };
  auto place_of = [&](const Claim& c) {
    return c.location.empty() ? commonest(place_votes, c.what) : CountryOf(c.location);
  };

  std::map<std::string, LedgerGroup> groups;
  std::map<std::string, std::map<std::string, size_t>> origin_index;  // group -> origin -> idx
  std::vector<size_t> stance_only;
  for (size_t i = 0; i < ledger.claims.size(); ++i) {
    const Claim& c = ledger.claims[i];
    if (c.what == "stance" || (!c.value && !c.min)) {
      stance_only.push_back(i);
      continue;
    }
    std::string subject = subject_of(c);
    std::string place = place_of(c);
    std::string scope = place;
    if (!subject.empty() && !place.empty() && place != subject) scope = "abroad";
    // The broad classes count unlike things ("2 arrested", "200
    // firefighters"): their counted noun is part of what they measure.
    std::string what = c.what;
    if (what == "people" || what == "other") {
      std::vector<std::string> nouns = CountedWords(c.what_text);
      if (!nouns.empty()) what += ":" + nouns.front();
    }
    std::string key = what + "|" + subject + "|" + scope;
    // A figure of an event long before the report ("in 2018 a blaze killed
    // more than 100") is history, not a competing figure: its own group.
    std::string era;
    std::optional<long> event_day = DayNumber(c.event_date);
    std::optional<long> report_day = DayNumber(keyed[i].date);
    if (event_day && report_day && *report_day - *event_day > kHistoryDays) {
      era = c.event_date.substr(0, 7);
      key += "|" + era;
    }
    LedgerGroup& g = groups[key];
    if (g.key.empty()) {
      g.key = key;
      g.what = what;
      g.subject = subject;
      g.location = scope;
      g.era = era;
    }
    ++g.report_count;
    auto& idx = origin_index[key];
    auto [it, fresh] = idx.emplace(Lower(keyed[i].origin), g.origins.size());
    if (fresh) {
      LedgerOrigin o;
      o.name = keyed[i].origin.rfind("OUTLET:", 0) == 0 ? keyed[i].origin : c.source;
      g.origins.push_back(std::move(o));
    }
    LedgerOrigin& origin = g.origins[it->second];
    if (std::find(origin.mentions.begin(), origin.mentions.end(), keyed[i].origin_mention) ==
        origin.mentions.end()) {
      origin.mentions.push_back(keyed[i].origin_mention);
    }
    for (const std::string& v : c.via) {
      if (std::find(origin.via.begin(), origin.via.end(), v) == origin.via.end()) {
        origin.via.push_back(v);
      }
    }
    // 3. Same interval and stance: another report of the same figure.
    Interval iv = IntervalOf(c.value, c.min, c.max, c.qualifier);
    LedgerReport report{i, c.doc, "", keyed[i].date};
    const LedgerDoc* doc = doc_by_id.count(c.doc) ? doc_by_id[c.doc] : nullptr;
    report.outlet = doc && !doc->outlet.empty() ? doc->outlet : c.doc;
    LedgerFigure* same = nullptr;
    for (LedgerFigure& f : origin.figures) {
      Interval fiv = IntervalOf(f.value, f.min, f.max, f.qualifier);
      if (fiv.min == iv.min && fiv.max == iv.max && f.stance == c.stance) same = &f;
    }
    if (!same) {
      LedgerFigure f;
      f.value = c.value;
      f.min = c.min;
      f.max = c.max;
      f.qualifier = c.qualifier;
      f.stance = c.stance;
      f.label = FigureLabel(c);
      origin.figures.push_back(std::move(f));
      same = &origin.figures.back();
    }
    if (same->date.empty() || (!report.date.empty() && report.date < same->date)) {
      same->date = report.date;
    }
    same->reports.push_back(std::move(report));
  }

  for (auto& [key, g] : groups) {
    for (LedgerOrigin& o : g.origins) {
      std::stable_sort(o.figures.begin(), o.figures.end(),
                       [](const LedgerFigure& a, const LedgerFigure& b) {
                         if (a.date.empty() != b.date.empty()) return b.date.empty();
                         return a.date < b.date;
                       });
    }
    // 4. Verdicts, and figures that could not be verified shown as
    // stances of the group.
    AddVerdicts(&g);
    for (const LedgerOrigin& o : g.origins) {
      for (const LedgerFigure& f : o.figures) {
        if (TakesPart(f.stance)) continue;
        for (const LedgerReport& r : f.reports) {
          g.stances.push_back({r.claim, o.name, f.stance, r.date, r.doc,
                               ledger.claims[r.claim].quote});
        }
      }
    }
  }

  // Most reported group first.
  for (auto& [key, g] : groups) ledger.groups.push_back(std::move(g));
  std::stable_sort(ledger.groups.begin(), ledger.groups.end(),
                   [](const LedgerGroup& a, const LedgerGroup& b) {
                     return a.report_count > b.report_count;
                   });

  // 5. Stance-only claims. Each group's counted nouns, found once: a stance
  // goes to the first group whose nouns its quote uses.
  std::vector<std::set<std::string>> group_words;
  if (!stance_only.empty()) {
    for (const LedgerGroup& g : ledger.groups) {
      std::set<std::string>& words = group_words.emplace_back();
      for (const LedgerOrigin& o : g.origins) {
        for (const LedgerFigure& f : o.figures) {
          for (const LedgerReport& r : f.reports) {
            for (std::string& w : CountedWords(ledger.claims[r.claim].what_text)) {
              words.insert(std::move(w));
            }
          }
        }
      }
    }
  }
  for (size_t i : stance_only) {
    const Claim& c = ledger.claims[i];
    LedgerStance s{i, keyed[i].origin.rfind("OUTLET:", 0) == 0 ? keyed[i].origin : c.source,
                   c.stance, keyed[i].date, c.doc, c.quote};
    if (ledger.groups.empty()) {
      ledger.stances.push_back(std::move(s));
      continue;
    }
    LedgerGroup* target = &ledger.groups.front();
    const std::vector<std::string> quote_words = SimpleWords(c.quote);
    for (size_t g = 0; g < ledger.groups.size(); ++g) {
      if (std::any_of(quote_words.begin(), quote_words.end(),
                      [&](const std::string& w) { return group_words[g].count(w) > 0; })) {
        target = &ledger.groups[g];
        break;
      }
    }
    target->stances.push_back(std::move(s));
  }
  return ledger;
}

}  // namespace warta
