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
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "warta/dates.h"
#include "warta/lang_data.h"
#include "warta/measure.h"
#include "warta/numbers.h"
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
// hedged, not "cannot verify"). A group holds one measure only, so every
// comparison below is between figures of the same thing.
//
// Figures are of three kinds:
//   closed  exact, "about" and ranges: [1500, 1500], about 12,000 is
//           [11,760, 12,240] (a tight 2%), "10 to 40" is [10, 40]
//   open    "more than 40" (40, inf), "at least 1" [1, inf), "fewer than
//           20,000" [0, 20000)
//   vague   "thousands" [1000, 9999]
// Agreement: closed figures that overlap form a set, joined transitively;
// two round and precise figures agree as a rounding (13,255 and 13,200:
// within one unit of the round one's last digit and 1%). Open and vague
// figures never join two sets (otherwise "more than 30" would make 30 and
// 40 agree): each joins the sets it overlaps, an open one only the set at
// its bound when there is one ("at least 1" joins the 1s, not the 4s and
// 5s it also allows). Open figures overlapping no set form sets of their
// own ("more than 600" and "more than 680" agree). A set with figures of
// two or more origins is one "agreeing" line.
// Conflict: two sets, each with a figure of a different origin disjoint
// from the other's, within a week of each other (or undated): one
// "conflicting" line naming the closest such pair.
// Revision: an origin whose specific figures in this measure do not all
// overlap moved its figure; its reports in date (else document) order,
// repeats collapsed, are one "revised" line: 12 -> 13 -> 12.
struct VerdictItem {
  FigureRef ref;
  Interval iv;
  enum Kind { kClosed, kOpen, kVague } kind = kClosed;
  bool strict_min = false;  // "more than 40": 40 itself excluded
  bool strict_max = false;  // "fewer than 20,000"
  bool conversion = false;  // "($2.6 million)" after an amount in euros
  std::string year;         // the year its sentence names (Measure::year)
  bool magnitude = false;   // a quake's magnitude, a logarithmic scale
  bool money = false;       // a sum of money
  bool other_event = false; // "in a separate attack" (Measure::other_event)
  bool small_count = false; // 1 to 3 of a noun no lexicon classes (SmallCount)
  bool unclassed = false;   // a noun no lexicon classes, or "times" (Unclassed)
  bool cumulative = false;  // a running total of the event (Cumulative)
  double stated = 0;        // the figure as its sentence states it (StatedValue)
};

// An outlet's own voice ("OUTLET:Liputan6.com"), not a named source.
bool IsOutletOrigin(const std::string& name) { return name.rfind("OUTLET:", 0) == 0; }

// Whether a measure is a running total of a developing event, one that
// only grows as it is counted: the dead, the injured, the arrested, the
// votes counted ("killed people", "voted other:vote"; not a vote share in
// percent, which moves both ways, nor the displaced, who go home).
bool Cumulative(const Measure& m) {
  static const char* const kRunning[] = {"killed", "wounded", "arrested", "voted"};
  return m.unit != "percent" && std::any_of(std::begin(kRunning), std::end(kRunning),
                                            [&](const char* e) { return m.event == e; });
}

// Two dated figures of a running total where the later is the higher are
// two moments of one count, not a disagreement: the Red Cross's 56 dead
// on Monday and BNPB's 62 on Tuesday. The later one lower is a conflict
// (the governor's 162 on Monday, BNPB's verified 62 on Tuesday), as is a
// difference on one day within one article ("BNPB counted 17 dead; the
// agency's chief said 19"); two articles of one day are two moments whose
// hours the dates do not order (BNPB's 46 and the Red Cross's 56 on the
// quake's first day).
bool LaterIsHigher(const VerdictItem& a, std::optional<long> da, const VerdictItem& b,
                   std::optional<long> db) {
  if (!da || !db || *da == *db) return false;
  const VerdictItem& early = *da < *db ? a : b;
  const VerdictItem& late = *da < *db ? b : a;
  return early.iv.max && late.iv.min >= *early.iv.max;
}

// Whether a measure counts a noun no lexicon classes ("poin", "gol",
// "inci", "penjara") or "times": such a figure says too little of what it
// counts for a word nearby to make two figures one quantity.
bool Unclassed(const Measure& m) { return m.unit.rfind("other:", 0) == 0 || m.unit == "times"; }

// The largest count that two unrelated sentences of one story share by
// chance too often to confirm each other.
constexpr double kSmallCount = 3;

// Whether a figure is a small count of a broad, unclassed thing: 1 to 3
// points, goals, titles, times ("dua gelar Liga Champions", "3 poin",
// "two straight defeats"). A story about a club or a player states such
// counts of several matches and people; two outlets' 2s are most often
// two different things, so they are listed but never called agreeing.
// Counts of a classed unit (2 grams, 5 days) or of an event (3 killed)
// are specific and agree.
// So are small counts of persons with no event ("dua orang", "two people",
// "dua negara anggota": two articles' 2 people are most often two pairs),
// and "100 persen" with no event, a manner of speaking ("fit 100 persen",
// "give 100 percent"), not a share of anything.
// A range within the small counts is one too ("tertinggal 1 - 2 poin"),
// and so is an approximate or bounded one ("nyaris dua kali lipat",
// "minimal dua gol").
bool SmallCount(const Measure& m, const LedgerFigure& fig) {
  if (!m.event.empty()) return false;
  std::optional<double> top;
  if (fig.qualifier != "range" && fig.qualifier != "vague" && fig.value) top = fig.value;
  if (fig.qualifier == "range" && fig.min && fig.max) top = fig.max;
  if (!top) return false;
  if (m.unit == "percent") return fig.qualifier == "exact" && *top == 100;
  const bool persons = m.unit == "people" || m.unit.rfind("people:", 0) == 0;
  return (Unclassed(m) || persons) && *top <= kSmallCount;
}

constexpr double kAboutTolerance = 0.02;

bool ItemsOverlap(const VerdictItem& a, const VerdictItem& b) {
  if (!a.iv.Overlaps(b.iv)) return false;
  // Touching at an excluded bound is no overlap: "more than 40" and 40.
  if (a.strict_min && b.iv.max && *b.iv.max <= a.iv.min) return false;
  if (b.strict_min && a.iv.max && *a.iv.max <= b.iv.min) return false;
  if (a.strict_max && a.iv.max && b.iv.min >= *a.iv.max) return false;
  if (b.strict_max && b.iv.max && a.iv.min >= *b.iv.max) return false;
  return true;
}

// 13,200 and 13,255: the round figure is a rounding of the precise one.
bool Rounding(double round, double precise) {
  if (round <= 0 || precise <= 0 || round == precise) return false;
  double unit = 1;
  double r = std::round(round);
  if (std::fabs(r - round) > 1e-9) return false;
  while (unit * 10 <= r && std::fmod(r, unit * 10) == 0) unit *= 10;
  if (unit < 100) return false;  // 40 is not a rounding of 41
  return std::fabs(precise - round) < unit && std::fabs(precise - round) <= 0.01 * round;
}

bool ClosedAgree(const VerdictItem& a, const VerdictItem& b, const LedgerFigure& fa,
                 const LedgerFigure& fb) {
  if (ItemsOverlap(a, b)) return true;
  if (fa.value && fb.value && fa.qualifier != "range" && fb.qualifier != "range") {
    return Rounding(*fa.value, *fb.value) || Rounding(*fb.value, *fa.value);
  }
  return false;
}

// Two estimates of one quantity by two sources rarely differ by an order of
// magnitude; when they do, the figures measure different things the
// measure could not tell apart ("40 killed at the school" and "more than
// 660 killed since the offensive began", "6 killed" and "600,000
// casualties"). Such pairs are listed, never called a conflict or a
// revision.
constexpr double kComparableRatio = 10;

//
// Figures tied to different years, or one to a year and one to none, are
// not shown to be of one time either: "the 2002 quakes killed three" beside
// this week's "killed four" (Measure::year).
//
// Magnitudes are logarithmic: two agencies' readings of one quake differ by
// a few tenths (7.6 and 7.7, 5.2 and 5.4); a whole unit apart they are two
// quakes of one story ("a 6.1 quake today", "the 7.6 quake on Sunday").
constexpr double kMagnitudeSpread = 0.5;

// Sums of money in one story are most often sums of different things: the
// payments to several recipients of one bribe case, a fee and an asking
// price, a state loss and a project's value. Two sources' figures for one
// sum differ by a rounding, a conversion or an estimate's margin; more than
// 15% apart they are two sums ($140,000 and $200,000 paid to two officials,
// one player's €222 million fee and another's €180 million asking price),
// listed, never a conflict or a revision ($2.5 million against the
// police's $2.6 million still is).
constexpr double kMoneySpread = 1.15;

//
// A figure its sentence puts in another event ("in a separate attack",
// "another school") is compared with nothing.
bool Comparable(const VerdictItem& a, const VerdictItem& b) {
  if (a.year != b.year || a.other_event || b.other_event) return false;
  if (a.magnitude || b.magnitude) return std::fabs(a.iv.min - b.iv.min) <= kMagnitudeSpread;
  // By the figures as stated: "less than Rp 2.3 trillion" is 2.3 trillion
  // here, not the 0 its interval opens to.
  if ((a.money || b.money) && a.stated > 0 && b.stated > 0 &&
      std::max(a.stated, b.stated) / std::min(a.stated, b.stated) > kMoneySpread) {
    return false;
  }
  double lo_a = a.iv.min, lo_b = b.iv.min;
  double hi_a = a.iv.max ? *a.iv.max : lo_a, hi_b = b.iv.max ? *b.iv.max : lo_b;
  double big = std::max(lo_a, lo_b);
  double small = lo_a > lo_b ? hi_b : hi_a;
  if (small <= 0) return big <= kComparableRatio;
  return big / small <= kComparableRatio;
}

// Whether the two figures are reported in two different articles: a
// conflict or a revision needs two statements. Two figures in one article,
// from one origin or two, are most often two things the article tells
// apart in words ("three killed at the Asma school ... 40 at Jabaliya").
// True when one article gives both figures.
bool InOneArticle(const LedgerFigure& a, const LedgerFigure& b) {
  for (const LedgerReport& ra : a.reports) {
    for (const LedgerReport& rb : b.reports) {
      if (ra.doc == rb.doc) return true;
    }
  }
  return false;
}

bool FromTwoArticles(const LedgerFigure& a, const LedgerFigure& b) {
  for (const LedgerReport& ra : a.reports) {
    for (const LedgerReport& rb : b.reports) {
      if (ra.doc != rb.doc) return true;
    }
  }
  return false;
}

// Pairs of figures one sentence states together, by measure label: "20
// women ... two women", "the 7.6 and 7.5 magnitude quakes". The sentence
// tells them apart, so they are two things, never a conflict or a move.
using TogetherSet = std::set<std::tuple<std::string, double, double>>;

// The figure as its sentence states it: 40 of "more than 40".
double StatedValue(const LedgerFigure& f) {
  return f.value ? *f.value : f.min ? *f.min : 0;
}

// How far from its bound an open figure still confirms a stated one: "more
// than 40" confirms 41 and 42 and "nearly 30,000" confirms 29,000, but
// "more than 89" does not confirm 1,000 nor "nearly 30,000" 16,500 (it
// allows them, as it allows any figure on its side). An open figure near
// no stated figure stands alone: listed, not agreeing.
constexpr double kNearBound = 1.25;

bool NearBound(double bound, double stated) {
  if (bound <= 0 || stated <= 0) return bound == stated;
  return std::max(bound, stated) <= kNearBound * std::min(bound, stated);
}

// Pairs of figures a sentence writes in digits side by side, joined by a
// comma or one short word: "measuring 7.6 and 7.4" -> (7.6, 7.4), "12 or
// 13". Years are left out; "12,000" is 12000 in English and "12.000" in
// Indonesian (a separator followed by exactly three digits groups
// thousands). "a mother of 12 when he sprayed 13 bullets" pairs nothing.
std::vector<std::pair<double, double>> CoordinatedFigures(const std::string& quote,
                                                          const std::string& lang) {
  const char group = lang == "id" ? '.' : ',';
  const char decimal = lang == "id" ? ',' : '.';
  auto digit = [&](size_t k) {
    return k < quote.size() && std::isdigit(static_cast<unsigned char>(quote[k])) != 0;
  };
  struct Figure {
    double value;
    size_t begin, end;
  };
  std::vector<Figure> figures;
  for (size_t i = 0; i < quote.size();) {
    if (!digit(i) || (i > 0 && std::isalnum(static_cast<unsigned char>(quote[i - 1])) != 0)) {
      ++i;
      continue;
    }
    std::string n;
    bool plain = true;
    size_t k = i;
    while (true) {
      while (digit(k)) n.push_back(quote[k++]);
      if (k < quote.size() && quote[k] == group && digit(k + 1) && digit(k + 2) && digit(k + 3) &&
          !digit(k + 4)) {
        plain = false;
        ++k;
        continue;
      }
      if (k < quote.size() && quote[k] == decimal && digit(k + 1) && n.find('.') == std::string::npos) {
        plain = false;
        n.push_back('.');
        ++k;
        continue;
      }
      break;
    }
    const double x = std::strtod(n.c_str(), nullptr);
    if (!(plain && IsBareYear(n))) figures.push_back({x, i, k});
    i = k;
  }
  std::vector<std::pair<double, double>> out;
  for (size_t f = 0; f + 1 < figures.size(); ++f) {
    // Between the two: spaces, commas and at most one word of up to four
    // letters ("and", "or", "dan", "atau").
    int words = 0, letters = 0;
    bool joined = true;
    for (size_t k = figures[f].end; k < figures[f + 1].begin && joined; ++k) {
      const unsigned char ch = static_cast<unsigned char>(quote[k]);
      if (std::isalpha(ch) != 0) {
        if (k == figures[f].end || std::isalpha(static_cast<unsigned char>(quote[k - 1])) == 0) ++words;
        ++letters;
      } else if (ch != ' ' && ch != ',') {
        joined = false;
      }
    }
    if (joined && words <= 1 && letters <= 4) out.emplace_back(figures[f].value, figures[f + 1].value);
  }
  return out;
}

bool StatedTogether(const TogetherSet& together, const std::string& what, double a, double b) {
  return together.count({what, std::min(a, b), std::max(a, b)}) > 0;
}

void AddVerdicts(LedgerGroup* g, const std::vector<Measure>& measures, bool underspecified,
                 bool agree, const TogetherSet& together) {
  std::vector<VerdictItem> items;
  for (size_t o = 0; o < g->origins.size(); ++o) {
    const LedgerOrigin& origin = g->origins[o];
    for (size_t f = 0; f < origin.figures.size(); ++f) {
      const LedgerFigure& fig = origin.figures[f];
      if (!TakesPart(fig.stance)) continue;
      VerdictItem it;
      it.ref = {o, f};
      it.iv = FigureInterval(fig);
      if (fig.qualifier == "approx" && fig.value) {
        it.iv.min = *fig.value * (1 - kAboutTolerance);
        it.iv.max = *fig.value * (1 + kAboutTolerance);
      }
      if (fig.qualifier == "vague") {
        it.kind = VerdictItem::kVague;
      } else if (fig.qualifier == "less_than") {
        it.kind = VerdictItem::kOpen;
      } else if (fig.qualifier == "more_than") {
        it.kind = VerdictItem::kOpen;
        it.strict_min = true;
      }
      // What the figure's first report measures (every report of a figure
      // is the same interval of one measure).
      if (!fig.reports.empty()) {
        const Measure& m = measures[fig.reports.front().claim];
        if (fig.qualifier == "more_than") it.strict_min = !m.inclusive_bound;
        it.conversion = m.conversion;
        it.year = m.year;
        it.magnitude = m.unit == "magnitude";
        it.money = m.unit == "money";
        it.other_event = m.other_event;
        it.small_count = SmallCount(m, fig);
        it.unclassed = Unclassed(m);
        it.cumulative = Cumulative(m);
      }
      it.stated = StatedValue(fig);
      items.push_back(it);
    }
  }
  // A broad measure ("people", "percent" with no event) lists and agrees,
  // but never calls figures conflicting or revised; figures that count
  // nothing named are listed only (`agree` false).
  const bool judge = !underspecified;
  auto fig_of = [&](const FigureRef& r) -> const LedgerFigure& {
    return g->origins[r.origin].figures[r.figure];
  };
  auto text_of = [&](const FigureRef& r) {
    return FigureText(g->origins[r.origin], fig_of(r));
  };

  // Revisions. An undated figure that overlaps one of the origin's dated
  // figures is a re-report of it, not a step.
  for (size_t o = 0; o < g->origins.size(); ++o) {
    std::vector<size_t> specific;
    for (size_t i = 0; i < items.size(); ++i) {
      const VerdictItem& it = items[i];
      if (it.ref.origin != o || it.kind == VerdictItem::kVague) continue;
      if (fig_of(it.ref).date.empty()) {
        bool rereport = false;
        for (const VerdictItem& other : items) {
          rereport |= other.ref.origin == o && other.kind != VerdictItem::kVague &&
                      !fig_of(other.ref).date.empty() && ItemsOverlap(other, it);
        }
        if (rereport) continue;
      }
      specific.push_back(i);
    }
    // Moved: two figures that disagree, from different articles, and
    // comparable (see Comparable). One article giving an origin's 3 and 40
    // killed speaks of two events, not a revision, and so do later
    // articles giving them apart: the NIS's 1,500 sent and 12,000 planned,
    // told in one article, are no move in its copies.
    // An origin's own bounds are read loosely: its "13,000" and "more than
    // 13,000" are one figure told twice, not a move.
    auto same_figure = [&](const VerdictItem& a, const VerdictItem& b) {
      return a.iv.Overlaps(b.iv) || ClosedAgree(a, b, fig_of(a.ref), fig_of(b.ref));
    };
    // An origin that gives three different specific figures of the measure
    // in one article counts several things (the bribes paid to several
    // people, the sums of several contracts): its figures of this measure
    // are an enumeration, and no change between articles is a revision.
    // Two may be a change told in one article ("1,500, now 3,000"), by a
    // source; an outlet's own voice giving two in one article speaks of two
    // things (12 security officers and 77 militants killed), and its
    // later articles' figures are no revision of either.
    bool enumerates = false;
    for (size_t i = 0; i < specific.size() && !enumerates; ++i) {
      const VerdictItem& a = items[specific[i]];
      if (a.kind != VerdictItem::kClosed || a.conversion) continue;
      std::vector<size_t> others;  // distinct figures beside a in its article
      for (size_t j = 0; j < specific.size(); ++j) {
        const VerdictItem& b = items[specific[j]];
        if (j == i || b.kind != VerdictItem::kClosed || b.conversion || same_figure(a, b) ||
            !InOneArticle(fig_of(a.ref), fig_of(b.ref))) {
          continue;
        }
        bool fresh = true;
        for (size_t k : others) fresh = fresh && !same_figure(items[k], b);
        if (fresh) others.push_back(specific[j]);
      }
      enumerates = others.size() >= (IsOutletOrigin(g->origins[o].name) ? 1 : 2);
    }
    if (enumerates) continue;
    std::set<size_t> steps_of;  // the figures of the moves, and their repeats
    for (size_t i = 0; i < specific.size(); ++i) {
      for (size_t j = i + 1; j < specific.size(); ++j) {
        const VerdictItem& a = items[specific[i]];
        const VerdictItem& b = items[specific[j]];
        if (!same_figure(a, b) && !(a.conversion && b.conversion) &&
            !InOneArticle(fig_of(a.ref), fig_of(b.ref)) && Comparable(a, b) &&
            !StatedTogether(together, g->what, StatedValue(fig_of(a.ref)),
                            StatedValue(fig_of(b.ref)))) {
          steps_of.insert(specific[i]);
          steps_of.insert(specific[j]);
        }
      }
    }
    if (steps_of.empty() || !judge) continue;
    // A stray figure that moves against nothing ("1" beside 1,500 and
    // 3,000) is no step; repeats of a step's figure are.
    std::vector<size_t> chain;
    for (size_t i : specific) {
      bool keep = steps_of.count(i) > 0;
      for (size_t j : steps_of) keep |= same_figure(items[i], items[j]) && Comparable(items[i], items[j]);
      if (keep) chain.push_back(i);
    }
    specific = chain;
    // Steps: every report in date, else document, order; repeats collapsed.
    struct Step {
      std::string date;
      size_t claim;
      size_t item;
    };
    std::vector<Step> order;
    for (size_t i : specific) {
      const LedgerFigure& f = fig_of(items[i].ref);
      for (const LedgerReport& r : f.reports) {
        // An undated re-report of a dated figure is no step of its own.
        if (r.date.empty() && !f.date.empty()) continue;
        order.push_back({r.date, r.claim, i});
      }
    }
    std::stable_sort(order.begin(), order.end(), [](const Step& a, const Step& b) {
      if (a.date.empty() != b.date.empty()) return b.date.empty();
      if (a.date != b.date) return a.date < b.date;
      return a.claim < b.claim;
    });
    std::vector<std::string> steps;
    std::vector<FigureRef> refs;
    size_t last = items.size();
    for (const Step& st : order) {
      if (st.item == last) continue;
      last = st.item;
      const LedgerFigure& f = fig_of(items[st.item].ref);
      refs.push_back(items[st.item].ref);
      std::string step = f.label + (st.date.empty() ? std::string(" (undated)") : " (" + st.date + ")");
      // Two figures that read alike on one day (a hedged and an asserted
      // 271) are one step of the line; both stay among its claims.
      if (steps.empty() || steps.back() != step) steps.push_back(std::move(step));
    }
    // An outlet's own voice moving back and forth over its articles
    // (more than 400,000 refugees, then 125,000, then 400,000) restates
    // different figures it read elsewhere (all refugees in a country, the
    // newly fled); a named source's 12 -> 13 -> 12 is still its revision.
    if (IsOutletOrigin(g->origins[o].name)) {
      int direction = 0;
      bool turns = false;
      for (size_t k = 1; k < refs.size(); ++k) {
        const double a = StatedValue(fig_of(refs[k - 1])), b = StatedValue(fig_of(refs[k]));
        if (a == b) continue;
        const int d = b > a ? 1 : -1;
        turns |= direction != 0 && d != direction;
        direction = d;
      }
      if (turns) continue;
    }
    g->verdicts.push_back({VerdictKind::kRevised, {g->origins[o].name}, refs,
                           g->origins[o].name + " moved its figure: " +
                               Join(steps, " \xE2\x86\x92 ")});
  }

  // Sets of agreeing closed figures (union-find).
  std::vector<size_t> parent(items.size());
  for (size_t i = 0; i < items.size(); ++i) parent[i] = i;
  auto find = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind != VerdictItem::kClosed) continue;
    for (size_t j = i + 1; j < items.size(); ++j) {
      if (items[j].kind == VerdictItem::kClosed &&
          ClosedAgree(items[i], items[j], fig_of(items[i].ref), fig_of(items[j].ref))) {
        parent[find(i)] = find(j);
      }
    }
  }
  std::map<size_t, std::vector<size_t>> sets;  // root -> members
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind == VerdictItem::kClosed) sets[find(i)].push_back(i);
  }
  std::vector<std::vector<size_t>> set_list;
  for (auto& [root, members] : sets) set_list.push_back(members);
  const size_t closed_sets = set_list.size();
  // Open figures join the sets they overlap; only the set at their bound
  // when there is one. Those joining none are linked among themselves.
  std::vector<size_t> lone_open;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind != VerdictItem::kOpen) continue;
    std::vector<size_t> hits, at_bound;
    for (size_t s = 0; s < closed_sets; ++s) {
      bool overlaps = false, bound = false;
      for (size_t m : set_list[s]) {
        // Judged on the set's stated values: exactly 40 is what "more than
        // 40" excludes, "about 14,000" what "over 14,000" may be.
        if (items[m].kind != VerdictItem::kClosed) continue;  // opens joined before
        const LedgerFigure& f = fig_of(items[m].ref);
        const LedgerFigure& own = fig_of(items[i].ref);
        VerdictItem point = items[m];
        if (f.value && f.qualifier == "exact") point.iv = Interval{*f.value, *f.value};
        if (!ItemsOverlap(items[i], point)) continue;
        if (f.value && own.value && !NearBound(*own.value, *f.value)) continue;
        overlaps = true;
        if (f.value && own.value && f.qualifier == "exact" && !items[i].strict_min &&
            std::fabs(*f.value - *own.value) <= 1e-9 * std::fabs(*f.value)) {
          bound = true;
        }
      }
      if (overlaps) hits.push_back(s);
      if (bound) at_bound.push_back(s);
    }
    // An open figure of an unclassed noun ("over 0.5 seconds", "at least
    // two goals", "more than 20 seats") is too loose to confirm another
    // figure of that noun, which may count anything: it joins only the
    // figure at its own bound ("sedikitnya 48 bank" and 48 banks), else it
    // is listed.
    const std::vector<size_t>& join = at_bound.empty() && !items[i].unclassed ? hits : at_bound;
    for (size_t s : join) set_list[s].push_back(i);
    if (join.empty() && !items[i].unclassed) lone_open.push_back(i);
  }
  for (size_t a = 0; a < lone_open.size(); ++a) {
    for (size_t b = a + 1; b < lone_open.size(); ++b) {
      const LedgerFigure& fa = fig_of(items[lone_open[a]].ref);
      const LedgerFigure& fb = fig_of(items[lone_open[b]].ref);
      if (ItemsOverlap(items[lone_open[a]], items[lone_open[b]]) &&
          (!fa.value || !fb.value || NearBound(*fa.value, *fb.value))) {
        parent[find(lone_open[a])] = find(lone_open[b]);
      }
    }
  }
  std::map<size_t, std::vector<size_t>> open_sets;
  for (size_t i : lone_open) open_sets[find(i)].push_back(i);
  for (auto& [root, members] : open_sets) set_list.push_back(members);
  // Vague figures join each set they overlap; alone they form their own.
  const size_t specific_sets = set_list.size();
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind != VerdictItem::kVague) continue;
    bool joined = false;
    for (size_t s = 0; s < specific_sets; ++s) {
      bool overlaps = false;
      for (size_t m : set_list[s]) {
        overlaps |= items[m].kind != VerdictItem::kVague && ItemsOverlap(items[i], items[m]);
      }
      if (overlaps) {
        set_list[s].push_back(i);
        joined = true;
      }
    }
    if (!joined) set_list.push_back({i});
  }

  for (const std::vector<size_t>& members : set_list) {
    // Agreement needs two origins with specific figures: "thousands" fits
    // 1,500 but does not confirm it.
    std::set<size_t> origins, specific_origins;
    bool chance = true;  // every specific figure a small unclassed count
    for (size_t m : members) {
      origins.insert(items[m].ref.origin);
      if (items[m].kind != VerdictItem::kVague) {
        specific_origins.insert(items[m].ref.origin);
        chance &= items[m].small_count;
      }
    }
    if (specific_origins.size() < 2 || !agree || chance) continue;
    LedgerVerdict v{VerdictKind::kAgreeing, {}, {}, ""};
    // Each origin once, by its most specific figure in the set.
    std::map<size_t, size_t> shown;  // origin -> member
    for (size_t m : members) {
      v.figures.push_back(items[m].ref);
      auto [it, fresh] = shown.emplace(items[m].ref.origin, m);
      if (!fresh && items[m].kind < items[it->second].kind) it->second = m;
    }
    std::vector<std::string> parts;
    for (size_t m : members) {
      if (shown[items[m].ref.origin] == m) parts.push_back(text_of(items[m].ref));
    }
    for (size_t o : origins) v.origins.push_back(g->origins[o].name);
    v.explanation = Join(parts, ", ") + " overlap";
    g->verdicts.push_back(std::move(v));
  }
  auto HasOriginIn = [&](const std::vector<size_t>& set, size_t origin) {
    return std::any_of(set.begin(), set.end(),
                       [&](size_t m) { return items[m].ref.origin == origin; });
  };
  // Conflicts between neighbours: sets in order of their lowest specific
  // figure, each against the next one above it that disagrees with it (30
  // vs 40 and 40 vs 41, not 30 vs 41 as well: the reader sees the spread,
  // and a group of five sets is not ten disagreements). Beyond its
  // neighbour, a set meets the sets above it only where a named source
  // disagrees with another named source on the same day (or undated): the
  // local agency's one dead against the President's four (the neighbour)
  // and against the UN's five too; an outlet's own figure stays with its
  // neighbours.
  std::vector<std::pair<double, size_t>> by_value;
  for (size_t s = 0; s < set_list.size(); ++s) {
    std::optional<double> low;
    for (size_t m : set_list[s]) {
      if (items[m].kind == VerdictItem::kVague) continue;
      if (!low || items[m].iv.min < *low) low = items[m].iv.min;
    }
    if (low) by_value.emplace_back(*low, s);
  }
  std::stable_sort(by_value.begin(), by_value.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (size_t ia_set = 0; ia_set < by_value.size(); ++ia_set) {
    bool neighbour_found = false;
    for (size_t ib_set = ia_set + 1; ib_set < by_value.size(); ++ib_set) {
      size_t a = by_value[ia_set].second, b = by_value[ib_set].second;
      const VerdictItem* best_a = nullptr;
      const VerdictItem* best_b = nullptr;
      long best_gap = -1;
      double best_dist = 0;
      bool told_apart = false;  // a sentence states figures of both sets
      for (size_t ma : set_list[a]) {
        if (std::find(set_list[b].begin(), set_list[b].end(), ma) != set_list[b].end()) continue;
        for (size_t mb : set_list[b]) {
          if (std::find(set_list[a].begin(), set_list[a].end(), mb) != set_list[a].end()) continue;
          const VerdictItem& ia = items[ma];
          const VerdictItem& ib = items[mb];
          // A conflict needs a gap: "14,000" and "over 14,000" only touch.
          if (ia.ref.origin == ib.ref.origin || ia.iv.Overlaps(ib.iv)) continue;
          if (ia.kind == VerdictItem::kVague || ib.kind == VerdictItem::kVague) continue;
          // In one article, only two named sources can disagree ("BNPB
          // counted 17 dead; the agency's chief said 19"): the outlet's own
          // figures in one article are most often two events.
          const bool own_voice = IsOutletOrigin(g->origins[ia.ref.origin].name) ||
                                 IsOutletOrigin(g->origins[ib.ref.origin].name);
          if (StatedTogether(together, g->what, ia.stated, ib.stated)) {
            told_apart = true;
            continue;
          }
          if (neighbour_found && own_voice) continue;
          if (!Comparable(ia, ib) || (own_voice && !FromTwoArticles(fig_of(ia.ref), fig_of(ib.ref)))) {
            continue;
          }
          if (!judge || (ia.conversion && ib.conversion)) continue;
          // Origins that also meet in one set agree there: their other
          // figures are a revision, not a disagreement (the UN's 30 then
          // 40 against Ging's 40).
          if (HasOriginIn(set_list[b], ia.ref.origin) || HasOriginIn(set_list[a], ib.ref.origin)) {
            continue;
          }
          const std::string& da = fig_of(ia.ref).date;
          const std::string& db = fig_of(ib.ref).date;
          if (!SameTime(da, db)) continue;
          std::optional<long> xa = DayNumber(da), xb = DayNumber(db);
          // Named sources beyond the neighbour meet on one day (or
          // undated): a developing story's counts of different days are
          // read through its neighbours.
          if (neighbour_found && xa && xb && *xa != *xb) continue;
          if (ia.cumulative && ib.cumulative &&
              (LaterIsHigher(ia, xa, ib, xb) ||
               (xa && xb && *xa == *xb && !InOneArticle(fig_of(ia.ref), fig_of(ib.ref))))) {
            continue;
          }
          long gap = xa && xb ? std::labs(*xa - *xb) : kSameTimeDays + 1;
          double dist = ia.iv.min > ib.iv.min ? ia.iv.min - ib.iv.min : ib.iv.min - ia.iv.min;
          if (best_gap < 0 || gap < best_gap || (gap == best_gap && dist < best_dist)) {
            best_gap = gap;
            best_dist = dist;
            best_a = &ia;
            best_b = &ib;
          }
        }
      }
      // Two sets a sentence tells apart ("the 7.6 and 7.5 magnitude
      // quakes") are two things: the set above them both is no neighbour
      // of the lower one either (7.5 and another's 7.7 are not compared).
      if (!best_a && told_apart) break;
      if (!best_a) continue;
      // One line per pair of figures, however many sets they sit in.
      bool seen = false;
      for (const LedgerVerdict& v : g->verdicts) {
        seen |= v.kind == VerdictKind::kConflicting && v.figures.size() >= 2 &&
                ((v.figures[0] == best_a->ref && v.figures[1] == best_b->ref) ||
                 (v.figures[0] == best_b->ref && v.figures[1] == best_a->ref));
      }
      if (seen && !neighbour_found) break;
      if (seen) continue;
      // Each side names every origin of its set that the other side's
      // figure excludes, the closest pair first: "United Nations 40, John
      // Ging 40 vs Shifa Hospital 42".
      auto side = [&](size_t set, const VerdictItem* first, const VerdictItem* other,
                      size_t other_set) {
        std::vector<const VerdictItem*> out{first};
        for (size_t m : set_list[set]) {
          const VerdictItem& it = items[m];
          if (it.kind == VerdictItem::kVague || it.iv.Overlaps(other->iv) ||
              HasOriginIn(set_list[other_set], it.ref.origin)) {
            continue;
          }
          bool shown = false;
          for (const VerdictItem* o : out) shown |= o->ref.origin == it.ref.origin;
          if (!shown) out.push_back(&it);
        }
        return out;
      };
      const std::vector<const VerdictItem*> side_a = side(a, best_a, best_b, b);
      const std::vector<const VerdictItem*> side_b = side(b, best_b, best_a, a);
      LedgerVerdict v{VerdictKind::kConflicting, {}, {best_a->ref, best_b->ref}, ""};
      std::vector<std::string> text_a, text_b;
      for (const VerdictItem* it : side_a) {
        v.origins.push_back(g->origins[it->ref.origin].name);
        text_a.push_back(text_of(it->ref));
        if (it != best_a) v.figures.push_back(it->ref);
      }
      for (const VerdictItem* it : side_b) {
        v.origins.push_back(g->origins[it->ref.origin].name);
        text_b.push_back(text_of(it->ref));
        if (it != best_b) v.figures.push_back(it->ref);
      }
      v.explanation = Join(text_a, ", ") + " vs " + Join(text_b, ", ") +
                      (best_gap <= kSameTimeDays ? ": disjoint within a week of each other"
                                                 : ": disjoint (undated)");
      g->verdicts.push_back(std::move(v));
      neighbour_found = true;  // further sets: named sources only
    }
  }
}

// A name folded for comparing spellings: case, straight and curly
// apostrophes, possessives, dots, hyphens and a leading "the" ("The
// Associated Press" = "Associated Press", "U.S. Geological Survey" = "US
// Geological Survey", "Israel’s military" = "Israel's military" =
// "Israel military").
std::vector<std::string> FoldedName(const std::string& name) {
  std::string s;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    // U+2019 RIGHT SINGLE QUOTATION MARK is an apostrophe.
    if (c == 0xE2 && name.compare(i, 3, "\xE2\x80\x99") == 0) {
      s += '\'';
      i += 2;
      continue;
    }
    if (c == '.') continue;
    s += c == '-' ? ' ' : static_cast<char>(std::tolower(c));
  }
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find(' ', pos);
    if (end == std::string::npos) end = s.size();
    std::string w = s.substr(pos, end - pos);
    pos = end + 1;
    if (w.size() > 2 && (w.ends_with("'s") || w.ends_with("s'"))) w.resize(w.size() - 2);
    if (!w.empty() && w.back() == '\'') w.pop_back();
    if (!w.empty()) words.push_back(w);
  }
  if (words.size() > 1 && words.front() == "the") words.erase(words.begin());
  return words;
}

// The names one speaker goes by across spellings and languages
// (data/lang/<code>/origin-aliases.tsv, ALIAS <tab> CANONICAL): folded
// alias -> folded canonical name. "Mendikbud" is "Menteri Pendidikan dan
// Kebudayaan"; "badan intelijen Ukraina" is "Ukraine's military
// intelligence". Loaded once from the data folder DataDir::Find locates;
// empty where there is none.
struct AliasTable {
  std::map<std::vector<std::string>, std::vector<std::string>> canonical_of;  // alias -> name
  std::set<std::vector<std::string>> canonical;                               // the names
};

const AliasTable& OriginAliases() {
  static const AliasTable* aliases = [] {
    auto* out = new AliasTable();
    Result<DataDir> data = DataDir::Find("");
    if (!data.ok()) return out;
    for (const std::string& lang : data->Languages()) {
      Result<std::vector<std::vector<std::string>>> rows =
          data->ReadTsv(lang, "origin-aliases.tsv");
      if (!rows.ok()) continue;
      for (const std::vector<std::string>& row : *rows) {
        if (row.size() < 2) continue;
        std::vector<std::string> alias = FoldedName(row[0]), canonical = FoldedName(row[1]);
        if (!alias.empty() && !canonical.empty() && alias != canonical) {
          out->canonical.insert(canonical);
          out->canonical_of.emplace(std::move(alias), std::move(canonical));
        }
      }
    }
    return out;
  }();
  return *aliases;
}

// A folded name through the aliases: the canonical name's words.
std::vector<std::string> CanonicalFold(std::vector<std::string> fold) {
  const auto& aliases = OriginAliases().canonical_of;
  auto it = aliases.find(fold);
  return it == aliases.end() ? fold : it->second;
}

// "BNPB", "KPK", "NIS": two to six capitals and nothing else.
bool IsAcronym(const std::string& name) {
  if (name.size() < 2 || name.size() > 6) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// One origin per real speaker. Spellings that fold alike are one origin
// (the first spelling seen names it); a proper name that is the end of a
// longer one ("Ging" of "John Ging", "Prabowo Subianto" of "President
// Prabowo Subianto"), or a single name that opens a two-word one
// ("Prabowo" of "Prabowo Subianto"), stands inside a longer one ("Idrus"
// of "Golkar Idrus Marham") or is a short form of one of its words ("Alex"
// of "Alexander Marwata"), is that origin when only one longer name fits.
// Names the aliases know are one origin under every alias ("Mendikbud",
// "Menteri Pendidikan dan Kebudayaan"). Outlets' own voices stay as they
// are.
void MergeNameVariants(std::vector<Keyed>* keyed) {
  std::map<std::vector<std::string>, std::string> by_fold;  // folded -> name
  std::vector<std::pair<std::vector<std::string>, std::string>> names;
  for (const Keyed& k : *keyed) {
    if (IsOutletOrigin(k.origin)) continue;
    std::vector<std::string> f = CanonicalFold(FoldedName(k.origin));
    if (f.empty()) continue;
    if (by_fold.emplace(f, k.origin).second) names.emplace_back(f, k.origin);
  }
  std::map<std::string, std::string> canonical;  // name -> merged name
  std::map<std::string, std::vector<const std::string*>> fitting;  // name -> longer names
  for (const auto& [fold, name] : names) {
    canonical[name] = name;
    if (name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) continue;
    // One word as written, not an acronym (a body, not a name): it may
    // stand inside a longer capitalised name or shorten one of its words.
    const bool lone_word = fold.size() == 1 && !IsAcronym(name) && name.find(' ') == std::string::npos;
    std::vector<const std::string*>& fits = fitting[name];
    for (const auto& [other_fold, other] : names) {
      if (other_fold.size() <= fold.size()) continue;
      bool at_end = std::equal(fold.rbegin(), fold.rend(), other_fold.rbegin());
      bool first_of_two = fold.size() == 1 && other_fold.size() == 2 && other_fold[0] == fold[0];
      bool inside = false, short_form = false;
      if (lone_word && std::isupper(static_cast<unsigned char>(other[0]))) {
        // Inside after a truncated title: "Idrus" of "Golkar Idrus Marham".
        inside = std::find(other_fold.begin() + 1, other_fold.end(), fold[0]) != other_fold.end();
        // A short form of one of its words, four letters or more: "Alex"
        // of "Alexander Marwata", "Enggar" of "Enggartiasto Lukita".
        short_form = fold[0].size() >= 4 &&
                     std::any_of(other_fold.begin(), other_fold.end(), [&](const std::string& w) {
                       return w.size() > fold[0].size() && w.starts_with(fold[0]);
                     });
      }
      if (at_end || first_of_two || inside || short_form) fits.push_back(&other);
    }
    if (fits.size() == 1) canonical[name] = *fits.front();
  }
  // Several longer names fit when they are themselves one origin: "Enggar"
  // of "Enggartiasto Lukita" and of "Menteri Perdagangan Enggartiasto
  // Lukita", the first of which ends the second.
  auto final_of = [&](std::string n) {
    for (int hops = 0; hops < 4 && canonical[n] != n; ++hops) n = canonical[n];
    return n;
  };
  for (const auto& [name, fits] : fitting) {
    if (fits.size() < 2) continue;
    const std::string first = final_of(*fits.front());
    if (first == name) continue;
    if (std::all_of(fits.begin(), fits.end(),
                    [&](const std::string* f) { return final_of(*f) == first; })) {
      canonical[name] = first;
    }
  }
  // An acronym that ends several longer names is the body they describe:
  // "Indonesia's disaster agency BNPB" and "data sementara BNPB" are BNPB.
  for (const auto& [fold, name] : names) {
    if (!IsAcronym(name)) continue;
    std::vector<const std::string*> longer;
    for (const auto& [other_fold, other] : names) {
      if (other_fold.size() > fold.size() &&
          std::equal(fold.rbegin(), fold.rend(), other_fold.rbegin())) {
        longer.push_back(&other);
      }
    }
    if (longer.size() < 2) continue;
    canonical[name] = name;
    for (const std::string* other : longer) canonical[*other] = name;
  }
  // An office named before a person's name is that person: "Mendikbud
  // Muhadjir Effendy" makes a later "Mendikbud" Muhadjir Effendy, as
  // "Attorney General Wally Oppal" makes "Attorney General" Wally Oppal
  // (when the office names one person only in the story).
  // Each mention's office: the folded words before the origin's name
  // ("kepala bps" of "Kepala BPS Suhariyanto"), with the name's length.
  struct Titled {
    const std::string* origin;
    std::vector<std::string> office;
    size_t name_words;
  };
  std::vector<Titled> titled;
  for (const Keyed& k : *keyed) {
    if (IsOutletOrigin(k.origin) || k.origin_mention.size() <= k.origin.size()) continue;
    const std::vector<std::string> mention = FoldedName(k.origin_mention);
    const std::vector<std::string> name = FoldedName(k.origin);
    if (name.empty() || mention.size() <= name.size() ||
        !std::equal(name.rbegin(), name.rend(), mention.rbegin())) {
      continue;
    }
    titled.push_back({&k.origin,
                      CanonicalFold(std::vector<std::string>(
                          mention.begin(), mention.end() - static_cast<long>(name.size()))),
                      name.size()});
  }
  std::map<std::vector<std::string>, std::set<std::string>> offices;  // folded office -> names
  for (const Titled& t : titled) {
    // An office of up to three words, or a longer one the aliases know
    // ("Menteri Pendidikan dan Kebudayaan", which "Mendikbud" names).
    const bool known = OriginAliases().canonical.count(t.office) > 0;
    if (t.name_words >= 2 && (t.office.size() <= 3 || known)) offices[t.office].insert(*t.origin);
  }
  for (const auto& [fold, name] : names) {
    auto it = offices.find(fold);
    if (it != offices.end() && it->second.size() == 1 && canonical[name] == name &&
        *it->second.begin() != name) {
      canonical[name] = *it->second.begin();
    }
  }
  // A person whose office names a body that is itself an origin of the
  // story speaks for it: "Kepala BPS Suhariyanto" is BPS beside "BPS
  // mencatat", "juru bicara KPK Febri Diansyah" is KPK. One statement of
  // the body is one report, not the body's and its spokesman's two.
  std::map<std::string, std::set<std::string>> bodies;  // person -> bodies
  for (const Titled& t : titled) {
    const std::string& person = *t.origin;
    const std::vector<std::string>& office = t.office;
    // The body is words of the office, the longest that name an origin:
    // "kepala [bps]", "juru bicara [kpk]", "[bnpb] head", "[bnpb]
    // spokesman".
    bool found = false;
    for (size_t len = office.size(); len > 0 && !found; --len) {
      for (size_t from = 0; from + len <= office.size() && !found; ++from) {
        std::vector<std::string> body(office.begin() + static_cast<long>(from),
                                      office.begin() + static_cast<long>(from + len));
        auto b = by_fold.find(body);
        // An office that names only this person is the person ("Mendikbud"
        // above), not a body.
        if (b != by_fold.end() && b->second != person && canonical[b->second] != person) {
          bodies[person].insert(b->second);
          found = true;
        }
      }
    }
  }
  for (const auto& [person, of] : bodies) {
    if (of.size() == 1 && canonical[person] == person) canonical[person] = *of.begin();
  }
  for (Keyed& k : *keyed) {
    if (IsOutletOrigin(k.origin)) continue;
    auto f = by_fold.find(CanonicalFold(FoldedName(k.origin)));
    if (f == by_fold.end()) continue;
    std::string name = f->second;
    // Follow merges to the end: "Ging" -> "John Ging" -> "UN official John Ging".
    for (int hops = 0; hops < 4 && canonical.count(name) && canonical[name] != name; ++hops) {
      name = canonical[name];
    }
    k.origin = name;
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

  MergeNameVariants(&keyed);

  std::vector<Measure> measures(ledger.claims.size());
  for (size_t i = 0; i < ledger.claims.size(); ++i) measures[i] = MeasureOf(ledger.claims[i]);

  // A specific unit's claim with no event takes the event most claims of
  // that unit in the story have: "1.500 pasukan khusus" beside "mengirim
  // 3.000 tentara" is the deployment too. Broad units (people, percent)
  // keep theirs: "12 people" is not the story's 12 killed.
  // Money votes within its currency.
  std::map<std::string, std::map<std::string, int>> event_votes;
  for (const Measure& m : measures) {
    // A family ("her 12 children") is read from its own sentence only.
    if (!m.event.empty() && !m.unit.empty() && m.event != "family") {
      ++event_votes[m.unit + m.currency][m.event];
    }
  }
  for (Measure& m : measures) {
    if (!m.event.empty() || m.unit.empty() || m.Underspecified()) continue;
    auto it = event_votes.find(m.unit + m.currency);
    if (it == event_votes.end()) continue;
    m.event = std::max_element(it->second.begin(), it->second.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; })
                  ->first;
  }

  // 2. Subjects filled from the story: the commonest subject of each `what`.
  // Places likewise: an unplaced count takes the commonest place of its kind.
  // Votes are by measure ("killed people"), so that "3 citizens" killed and
  // "3 people" killed take the same subject and place.
  auto kind_of = [&](size_t i) { return measures[i].event + " " + measures[i].unit; };
  std::map<std::string, std::map<std::string, int>> subject_votes, place_votes;
  for (size_t i = 0; i < ledger.claims.size(); ++i) {
    const Claim& c = ledger.claims[i];
    if (c.what == "stance") continue;
    if (!c.subject.empty()) ++subject_votes[kind_of(i)][c.subject];
    if (!c.location.empty()) ++place_votes[kind_of(i)][CountryOf(c.location)];
  }
  auto commonest = [](const std::map<std::string, std::map<std::string, int>>& votes,
                      const std::string& what) {
    auto it = votes.find(what);
    if (it == votes.end()) return std::string();
    return std::max_element(it->second.begin(), it->second.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
  };
  auto subject_of = [&](size_t i) {
    const Claim& c = ledger.claims[i];
    return c.subject.empty() ? commonest(subject_votes, kind_of(i)) : c.subject;
  };
  auto place_of = [&](size_t i) {
    const Claim& c = ledger.claims[i];
    return c.location.empty() ? commonest(place_votes, kind_of(i)) : CountryOf(c.location);
  };

  TogetherSet together;
  {
    std::map<std::pair<std::string, uint64_t>, std::vector<size_t>> by_sentence;
    for (size_t i = 0; i < ledger.claims.size(); ++i) {
      const Claim& c = ledger.claims[i];
      if (c.what == "stance" || (!c.value && !c.min)) continue;
      by_sentence[{c.doc, c.text_start}].push_back(i);
    }
    for (const auto& [at, claims] : by_sentence) {
      for (size_t x = 0; x < claims.size(); ++x) {
        for (size_t y = x + 1; y < claims.size(); ++y) {
          const Claim& a = ledger.claims[claims[x]];
          const Claim& b = ledger.claims[claims[y]];
          const std::string what = measures[claims[x]].Label();
          if (what != measures[claims[y]].Label()) continue;
          double va = a.value ? *a.value : *a.min, vb = b.value ? *b.value : *b.min;
          if (va != vb) together.insert({what, std::min(va, vb), std::max(va, vb)});
        }
      }
    }
    // A sentence that writes another figure in digits right beside the
    // claim's tells the two apart even where only one became a claim: "the
    // 7.6 and 7.5 magnitude quakes" holds 7.6 whether or not it was
    // extracted.
    for (size_t i = 0; i < ledger.claims.size(); ++i) {
      const Claim& c = ledger.claims[i];
      if (c.what == "stance" || (!c.value && !c.min)) continue;
      const double v = c.value ? *c.value : *c.min;
      for (const auto& [x, y] : CoordinatedFigures(c.quote, c.lang)) {
        if (x != y && (x == v || y == v)) {
          together.insert({measures[i].Label(), std::min(x, y), std::max(x, y)});
        }
      }
    }
  }

  std::map<std::string, LedgerGroup> groups;
  std::set<std::string> underspecified;  // keys of broad measures
  std::set<std::string> countless;       // keys of figures with no noun
  std::map<std::string, std::map<std::string, size_t>> origin_index;  // group -> origin -> idx
  std::vector<size_t> stance_only;
  for (size_t i = 0; i < ledger.claims.size(); ++i) {
    const Claim& c = ledger.claims[i];
    if (c.what == "stance" || (!c.value && !c.min)) {
      stance_only.push_back(i);
      continue;
    }
    std::string subject = subject_of(i);
    std::string place = place_of(i);
    std::string scope = place;
    if (!subject.empty() && !place.empty() && place != subject) scope = "abroad";
    // What the figure is a number of (include/warta/measure.h): "6 killed"
    // and "600,000 casualties", a budget and an exchange rate, rupiah and
    // dollars are different measures and never share a group.
    const Measure& m = measures[i];
    std::string what = m.Label();
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
    // A figure its sentence states for a year ("8,7 persen pada 2016
    // menjadi 8,9 persen pada 2017 dan 9,1 persen pada 2018") is of that
    // year: 2018's planned 9.1 percent is no confirmation of this year's
    // (Measure::as_of holds the bound year).
    if (m.as_of.size() == 4) key += "|" + m.as_of;
    // A count of persons by their noun alone, no event, is a scene's
    // ("the three mothers" at the corner, "seven others" at home): listed
    // and agreeing, never a conflict ("the two mothers" of another scene).
    const bool scene = m.event.empty() && m.unit.rfind("people:", 0) == 0;
    // A noun no lexicon classes ("poin", "gol", "inci", "kali") says too
    // little of what it counts for an event word nearby to make two
    // figures one quantity: a rider's 56 points and another's 62, one
    // phone's 5.7-inch screen and another's 6, a club's 30 goals against
    // one side and its 32 in the whole cup. Listed and agreeing, never in
    // conflict or revised.
    if (m.Underspecified() || scene || Unclassed(m)) underspecified.insert(key);
    // Numbers that count nothing named ("unggul 3 - 1", "21 - 17") are
    // listed only: two outlets' 1s or 21s are most often two matches' scores.
    if (m.unit == "other" && m.event.empty()) countless.insert(key);
    // So are durations with no event: "four years", "8 jam", "116 hari" are
    // a career, a school day, a detention, a treatment; two outlets' equal
    // spans are most often two spans. A duration of something named
    // ("sentenced to 485 years", "deliberated four days") is judged.
    if (m.event.empty() && m.IsSpan()) countless.insert(key);
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
      o.name = keyed[i].origin;
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
    AddVerdicts(&g, measures, underspecified.count(key) > 0, !countless.count(key), together);
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
    LedgerStance s{i, keyed[i].origin,
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
