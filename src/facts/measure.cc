// Measures from the stored claim fields (include/warta/measure.h).
//
// Steps, each a small function below:
// 1. Tokens of the quote, folded: ASCII letters lower-cased, digits kept,
//    currency signs ("$", "€", "£") and "%" tokens of their own.
// 2. The anchor: where the figure sits in the quote, the first word of
//    the counted phrase (`what_text`) when the quote holds it.
// 3. unit: the counted phrase's words through the `unit` rows ("soldiers",
//    "pasukan" -> troops; "wives", "istri" -> wives); else the claim's
//    `what` (killed and wounded count people); else the counted noun itself
//    ("robbers"), so that unlike broad counts never share a group.
// 4. event: the `event` row nearest the anchor within a clause window
//    ("sentenced to 485 years" -> sentence; "a reward of $35,000" ->
//    reward; "anggaran Rp 13 triliun" -> budget). killed and wounded come
//    from `what`, which the extractor decided on casualty syntax.
// 5. currency, for money: a `currency` row in the counted phrase or next to
//    the anchor ("$2.6 million" -> USD; "Rp 13.255 miliar" -> IDR).
// 6. subject, place, as_of: the claim's subject, its location rolled up to
//    the country, its event date (else said date).
//
// Tested by measure_test.cc.
#include "warta/measure.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <mutex>

#include "warta/numbers.h"

namespace warta {
namespace {

// One token of the folded quote with its byte offset.
struct Tok {
  std::string text;
  size_t pos = 0;
};

bool IsAsciiAlnum(unsigned char c) { return std::isalnum(c) != 0; }

// Splits on ASCII punctuation and spaces; multi-byte letters stay in words,
// except the currency signs, which are tokens of their own ("€2m" -> "€",
// "2m"). Apostrophes end a word: "Blackmore's" -> "blackmore", "s".
std::vector<Tok> Tokens(const std::string& s) {
  static const char* const kSigns[] = {"\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5"};  // € £ ¥
  std::vector<Tok> out;
  std::string cur;
  size_t start = 0;
  auto flush = [&] {
    if (!cur.empty()) out.push_back({cur, start});
    cur.clear();
  };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      bool sign = false;
      for (const char* g : kSigns) {
        size_t n = std::char_traits<char>::length(g);
        if (s.compare(i, n, g) == 0) {
          flush();
          out.push_back({g, i});
          i += n;
          sign = true;
          break;
        }
      }
      if (sign) continue;
      // Curly quotes and dashes (U+2018..U+201D, U+2013/4) split words.
      if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
        flush();
        i += 3;
        continue;
      }
      if (cur.empty()) start = i;
      cur.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (IsAsciiAlnum(c)) {
      if (cur.empty()) start = i;
      cur.push_back(static_cast<char>(std::tolower(c)));
      ++i;
      continue;
    }
    flush();
    if (c == '$' || c == '%') out.push_back({std::string(1, static_cast<char>(c)), i});
    ++i;
  }
  flush();
  return out;
}

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> out;
  for (Tok& t : Tokens(s)) out.push_back(std::move(t.text));
  return out;
}

// Whether `entry` matches the words at i; plural "s"/"es" of the last word
// is accepted for English-like nouns ("charge" row, "charges" word).
bool MatchAt(const std::vector<std::string>& words, size_t i,
             const MeasureLexicon::Entry& entry) {
  if (i + entry.words.size() > words.size()) return false;
  for (size_t k = 0; k < entry.words.size(); ++k) {
    const std::string& w = words[i + k];
    const std::string& e = entry.words[k];
    if (w == e) continue;
    bool last = k + 1 == entry.words.size();
    if (last && w.size() == e.size() + 1 && w.back() == 's' && w.compare(0, e.size(), e) == 0) {
      continue;
    }
    return false;
  }
  return true;
}

// The longest entry of `kind` matching at words[i], or null. Entries are
// found by their first word (or the word without a plural "s").
const MeasureLexicon::Entry* EntryAt(const std::vector<std::string>& words, size_t i,
                                     const MeasureLexicon::Kind& kind) {
  const MeasureLexicon::Entry* best = nullptr;
  const std::string& w = words[i];
  for (int variant = 0; variant < 2; ++variant) {
    std::string key = w;
    if (variant == 1) {
      if (w.size() < 2 || w.back() != 's') break;
      key.pop_back();
    }
    auto it = kind.by_first.find(key);
    if (it == kind.by_first.end()) continue;
    for (size_t e : it->second) {
      const MeasureLexicon::Entry& entry = kind.entries[e];
      if ((!best || entry.words.size() > best->words.size()) && MatchAt(words, i, entry)) {
        best = &entry;
      }
    }
  }
  return best;
}

// Whether an entry of `kind` ends right before words[end], one to three
// words long: "rose to" before "268", "mother of" before "12 children".
bool EndsBefore(const std::vector<std::string>& words, size_t end,
                const MeasureLexicon::Kind& kind) {
  for (size_t len = 1; len <= 3 && len <= end && end <= words.size(); ++len) {
    const MeasureLexicon::Entry* e = EntryAt(words, end - len, kind);
    if (e != nullptr && e->words.size() == len) return true;
  }
  return false;
}

// The first entry matching anywhere in `words`, scanning words in order;
// at one position the longest phrase wins.
const MeasureLexicon::Entry* FirstMatch(const std::vector<std::string>& words,
                                        const MeasureLexicon::Kind& kind,
                                        size_t* at = nullptr) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (const MeasureLexicon::Entry* e = EntryAt(words, i, kind)) {
      if (at) *at = i;
      return e;
    }
  }
  return nullptr;
}

// The entry nearest [lo, hi) (token indices) within `window` tokens; a tie
// goes to the one before the figure ("injuring 5 people, killing 2").
const MeasureLexicon::Entry* Nearest(const std::vector<std::string>& words, size_t lo, size_t hi,
                                     size_t window, const MeasureLexicon::Kind& kind,
                                     size_t* distance) {
  const MeasureLexicon::Entry* best = nullptr;
  size_t best_d = window + 1;
  for (size_t i = 0; i < words.size(); ++i) {
    const MeasureLexicon::Entry* e = EntryAt(words, i, kind);
    if (!e) continue;
    size_t end = i + e->words.size();
    size_t d = end <= lo ? lo - end : (i >= hi ? i - hi + 1 : 0);
    if (d < best_d) {
      best_d = d;
      best = e;
    }
  }
  *distance = best_d;
  return best;
}

// The token where the claim's figure stands, by its leading digits ("35,000"
// is tokens "35" "000"); words.size() when the quote spells it out.
size_t FigureIndex(const std::vector<std::string>& words, const Claim& c) {
  const std::string digits = std::to_string(static_cast<long long>(std::fabs(*c.value)));
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0])) &&
        digits.compare(0, w.size(), w) == 0) {
      return i;
    }
  }
  return words.size();
}

// Token index of the first word of `what_text` in the quote's words, or of
// the figure's digits; words.size() when not found.
size_t Anchor(const std::vector<std::string>& words, const Claim& c, size_t* anchor_end) {
  std::vector<std::string> what = Words(c.what_text);
  *anchor_end = words.size();
  if (!what.empty()) {
    for (size_t i = 0; i + what.size() <= words.size(); ++i) {
      if (std::equal(what.begin(), what.end(), words.begin() + i)) {
        *anchor_end = i + what.size();
        return i;
      }
    }
  }
  if (c.value) {
    size_t i = FigureIndex(words, c);
    if (i < words.size()) *anchor_end = i + 1;
    return i;
  }
  return words.size();
}

std::string UnitFromWhat(const Claim& c, const MeasureLexicon& lexicon) {
  if (c.what == "killed" || c.what == "wounded") return "people";
  if (c.what == "people" || c.what == "other") {
    // The counted noun itself: "robbers", "jurors" (the head of an English
    // phrase is its last word, of an Indonesian one its first). A
    // determiner is no noun (`determiner` rows): "pebalap 38 tahun itu"
    // counts nothing named.
    std::vector<std::string> w = Words(c.what_text);
    std::vector<std::string> alpha;
    const MeasureLexicon::Kind& determiners = lexicon.Entries(c.lang, "determiner");
    for (size_t i = 0; i < w.size(); ++i) {
      const std::string& x = w[i];
      if (x.empty() || std::isdigit(static_cast<unsigned char>(x[0]))) continue;
      const MeasureLexicon::Entry* d = EntryAt(w, i, determiners);
      if (d && d->words.size() == 1) continue;
      alpha.push_back(x);
    }
    if (alpha.empty()) return c.what;
    std::string head = c.lang == "id" ? alpha.front() : alpha.back();
    if (c.lang != "id" && head.size() > 3 && head.back() == 's') head.pop_back();
    return c.what + ":" + head;
  }
  return c.what;
}

std::string CountryOfPlace(const std::string& location) {
  size_t dash = location.find('-');
  return dash == std::string::npos ? location : location.substr(0, dash);
}

constexpr size_t kEventWindow = 12;
constexpr size_t kCasualtyWindow = 3;
// Words between an aim and its figure: "harus mampu mencetak minimal | dua
// gol" (the verb and a bound).
constexpr size_t kAimWindow = 3;
// Words from a figure to the year it is stated for: "9,1 persen di tahun
// | 2018" (unit, preposition, "tahun").
constexpr size_t kYearWindow = 4;
constexpr size_t kCurrencyWindow = 2;

}  // namespace

bool Measure::IsSpan() const {
  static const char* const kSpans[] = {"years", "months", "weeks", "days", "hours", "minutes"};
  return std::any_of(std::begin(kSpans), std::end(kSpans),
                     [&](const char* s) { return unit == s; });
}

bool Measure::Underspecified() const {
  // Classes that name a kind of number but not what it counts (spans of
  // time among them); specific ones (troops, wives, charges, magnitude,
  // ...) stand alone.
  static const char* const kBroad[] = {"people", "percent", "distance", "times", "money",
                                       "other",  "depth",   "weight",   "cases"};
  if (!event.empty()) return false;
  if (unit == "money" && !currency.empty()) return false;
  if (IsSpan()) return true;
  for (const char* b : kBroad) {
    if (unit == b) return true;
  }
  return unit.rfind("other:", 0) == 0;
}

std::string Measure::Label() const {
  std::string s = event.empty() ? unit : event + " " + unit;
  if (!currency.empty()) s += " (" + currency + ")";
  return s;
}

void MeasureLexicon::Add(const std::string& lang, const std::string& kind,
                         const std::string& cls, const std::string& phrase) {
  Entry entry{Words(phrase), cls};
  if (entry.words.empty()) return;
  Kind& k = by_lang_[lang][kind];
  k.by_first[entry.words.front()].push_back(k.entries.size());
  k.entries.push_back(std::move(entry));
}

const MeasureLexicon::Kind& MeasureLexicon::Entries(const std::string& lang,
                                                    const std::string& kind) const {
  static const Kind kNone;
  auto l = by_lang_.find(lang);
  if (l == by_lang_.end()) l = by_lang_.find("en");
  if (l == by_lang_.end()) return kNone;
  auto k = l->second.find(kind);
  return k == l->second.end() ? kNone : k->second;
}

Result<MeasureLexicon> MeasureLexicon::Load(const DataDir& data) {
  MeasureLexicon lex;
  for (const std::string& lang : data.Languages()) {
    ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lang, "claims-measures.tsv"));
    for (const std::vector<std::string>& row : rows) {
      if (row.size() < 3) {
        return InvalidArgument("lang/" + lang +
                                       "/claims-measures.tsv: want KIND, CLASS, PHRASE");
      }
      lex.Add(lang, row[0], row[1], row[2]);
    }
  }
  return lex;
}

const MeasureLexicon& DefaultMeasureLexicon() {
  static const MeasureLexicon* lexicon = [] {
    Result<DataDir> data = DataDir::Find("");
    if (!data.ok()) return new MeasureLexicon();
    Result<MeasureLexicon> lex = MeasureLexicon::Load(*data);
    return new MeasureLexicon(lex.ok() ? std::move(*lex) : MeasureLexicon());
  }();
  return *lexicon;
}

bool InclusiveLowerBound(const Claim& c, const MeasureLexicon& lexicon) {
  std::vector<std::string> words = Words(c.quote);
  size_t end = 0;
  size_t anchor = Anchor(words, c, &end);
  if (anchor == words.size()) return true;
  size_t lo = anchor >= 4 ? anchor - 4 : 0;
  std::vector<std::string> before(words.begin() + static_cast<long>(lo),
                                  words.begin() + static_cast<long>(anchor));
  return FirstMatch(before, lexicon.Entries(c.lang, "bound_incl")) != nullptr;
}

namespace {

// The one year a quote names, not the figure itself: "the 2002 quakes
// killed three" -> "2002"; "" for none, or for two ("between Nov. 1, 2004,
// and Oct. 8, 2008").
std::string YearOf(const std::vector<Tok>& toks, const Claim& c) {
  std::string year;
  for (size_t i = 0; i < toks.size(); ++i) {
    const std::string& w = toks[i].text;
    if (!IsBareYear(w)) continue;
    // "2,004" is tokens "2" "004": a year stands alone.
    size_t pos = toks[i].pos;
    if (pos > 0 && (c.quote[pos - 1] == ',' || c.quote[pos - 1] == '.')) continue;
    if (c.value && std::fabs(*c.value - std::atoi(w.c_str())) < 0.5) continue;
    if (!year.empty() && year != w) return "";
    year = w;
  }
  return year;
}

bool AllDigits(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch)) != 0;
  });
}

// The token where `value` is written in digits, reading a figure's pieces
// as Tokens splits them: "9,1" is "9" "1", "1.500" is "1" "500"; the index
// of its last piece, or toks.size() when the quote spells it out.
size_t FigureEnd(const std::vector<Tok>& toks, double value) {
  auto close = [&](double x) { return std::fabs(x - value) <= 1e-9 * std::max(1.0, value); };
  for (size_t i = 0; i < toks.size(); ++i) {
    if (!AllDigits(toks[i].text)) continue;
    std::string joined = toks[i].text;
    if (close(std::atof(joined.c_str()))) return i;
    for (size_t j = i + 1; j < toks.size() && j <= i + 3 && AllDigits(toks[j].text); ++j) {
      if (j == i + 1 && close(std::atof((toks[i].text + "." + toks[j].text).c_str()))) return j;
      joined += toks[j].text;
      if (close(std::atof(joined.c_str()))) return j;
    }
  }
  return toks.size();
}

// The year a figure is stated for, when a year follows it closely: "8,7
// persen pada 2016 menjadi 8,9 persen pada 2017" -> 2016 for 8.7 and 2017
// for 8.9; "$5 million in 2019". "" when none does.
std::string BoundYear(const std::vector<Tok>& toks, const Claim& c) {
  if (!c.value) return "";
  const size_t end = FigureEnd(toks, *c.value);
  for (size_t k = end + 1; k < toks.size() && k <= end + kYearWindow; ++k) {
    const std::string& w = toks[k].text;
    if (!AllDigits(w)) continue;
    return IsBareYear(w) ? w : "";
  }
  return "";
}

}  // namespace

Measure MeasureOf(const Claim& c, const MeasureLexicon& lexicon) {
  Measure m;
  m.subject = c.subject;
  m.place = CountryOfPlace(c.location);
  m.as_of = !c.event_date.empty() ? c.event_date : c.said_date;
  if (c.what == "stance" || (!c.value && !c.min)) return m;
  // The quote's tokens, read once: every step below looks at them.
  const std::vector<Tok> toks = Tokens(c.quote);
  std::vector<std::string> words;
  words.reserve(toks.size());
  for (const Tok& t : toks) words.push_back(t.text);
  m.year = YearOf(toks, c);
  // A year bound to the figure is the time it refers to.
  if (std::string bound = BoundYear(toks, c); !bound.empty()) m.year = m.as_of = bound;
  m.other_event = FirstMatch(words, lexicon.Entries(c.lang, "other_event")) != nullptr;

  const std::vector<std::string> what_words = Words(c.what_text);
  size_t anchor_end = words.size();
  size_t anchor = Anchor(words, c, &anchor_end);
  bool anchored = anchor < words.size();

  // "20 pengungsi Rohingya lain": a counted phrase followed by an
  // `other_group` row counts another group than the figures beside it
  // (90 refugees sent back, and 20 other refugees): listed, never judged.
  // A capitalised name may stand between ("pengungsi Rohingya lain").
  if (anchored && anchor_end < words.size()) {
    const auto& others = lexicon.Entries(c.lang, "other_group");
    size_t at = anchor_end;
    if (at + 1 < words.size() &&
        std::isupper(static_cast<unsigned char>(c.quote[toks[at].pos])) != 0) {
      ++at;
    }
    m.other_event |= EntryAt(words, at, others) != nullptr;
  }

  // 3. unit.
  if (const MeasureLexicon::Entry* u = FirstMatch(what_words, lexicon.Entries(c.lang, "unit"))) {
    m.unit = u->cls;
  } else {
    m.unit = UnitFromWhat(c, lexicon);
  }
  if (c.what == "money") m.unit = "money";
  // A figure with a fraction counting a quake is its magnitude: "a 5.6
  // quake jolted the island" (`decimal` rows).
  if (c.value && std::fabs(*c.value - std::round(*c.value)) > 1e-9) {
    if (const MeasureLexicon::Entry* d = FirstMatch(what_words, lexicon.Entries(c.lang, "decimal"))) {
      m.unit = d->cls;
    }
  }

  // 4. event. A family's size is its own state, never an event's count:
  // "killing a mother of 12" (a `kin` row), "one of her 12 children" (a
  // `possessive` row right before the figure of a kin class: "her", "his",
  // "their"). "Two children pressed against a storefront" is no family.
  // A kin row may also stand before the figure of a counted kin noun: "the
  // mother of 12 children".
  const auto& kins = lexicon.Entries(c.lang, "kin");
  const MeasureLexicon::Entry* kin = FirstMatch(what_words, kins);
  if (!kin && anchored && anchor >= 2 &&
      (EntryAt(words, anchor - 2, lexicon.Entries(c.lang, "possessive")) != nullptr ||
       EndsBefore(words, anchor - 1, kins))) {
    for (const MeasureLexicon::Entry& k : kins.entries) {
      if (k.cls == m.unit) kin = &k;
    }
  }
  if (kin) {
    m.unit = kin->cls;
    m.event = "family";
  } else if (c.what == "killed" || c.what == "wounded") {
    m.event = c.what;
  } else if (anchored) {
    size_t lo = anchor, hi = std::max(anchor_end, anchor + 1);
    size_t d = 0;
    if (const MeasureLexicon::Entry* e =
            Nearest(words, lo, hi, kEventWindow, lexicon.Entries(c.lang, "event"), &d)) {
      m.event = e->cls;
      // The extractor decides casualties on their syntax (`what`); a
      // casualty word further off belongs to another clause: "the nine
      // jurors asked how many people Nichols would have to kill".
      if ((m.event == "killed" || m.event == "wounded") && d > kCasualtyWindow) m.event.clear();
    }
  }
  // A toll that rises to its figure counts what the toll is of, however
  // far the casualty word stands: "The death toll from Monday's quake in
  // Cianjur rose to 268", "korban meninggal akibat gempa bertambah menjadi
  // 46 orang" (`rise_to` rows right before the figure).
  if (m.event.empty() && c.value) {
    const size_t fig = FigureIndex(words, c);
    // A spelled-out figure has no token (fig == words.size()): nothing to
    // look before.
    if (fig < words.size() && EndsBefore(words, fig, lexicon.Entries(c.lang, "rise_to"))) {
      for (size_t back = 1; back <= kEventWindow && back <= fig; ++back) {
        const MeasureLexicon::Entry* e = EntryAt(words, fig - back, lexicon.Entries(c.lang, "event"));
        if (e && (e->cls == "killed" || e->cls == "wounded")) {
          m.event = e->cls;
          break;
        }
      }
    }
  }

  // A figure "measuring 5.6 on the Richter scale" is a magnitude whatever
  // its counted words.
  if (m.event == "magnitude" && (m.unit == "other" || m.unit.rfind("other:", 0) == 0)) {
    m.unit = "magnitude";
  }

  // A distance says nothing of what it measures beyond its unit: "two
  // miles from The Geysers", "13 miles east of Cloverdale" and "at a depth
  // of 35 kilometers" share a sentence and a story, and miles and
  // kilometres are not converted. Distances are listed, never judged; a
  // magnitude in the same sentence is not what a distance is of, and a
  // `depth` row within a few words before one makes it a depth.
  if (m.unit == "distance") {
    m.event.clear();
    size_t d = 0;
    if (anchored && Nearest(words, anchor, std::max(anchor_end, anchor + 1), 3,
                            lexicon.Entries(c.lang, "depth"), &d) != nullptr) {
      m.unit = "depth";
    }
  }

  // Casualty and crowd counts count persons whatever the noun: "three of
  // our citizens" killed, "three bank workers" killed and "3 people"
  // killed are one measure; so are marchers, protesters and workers
  // marching.
  static const char* const kPersonEvents[] = {"killed", "wounded", "arrested", "displaced",
                                              "marched"};
  // Except a part of them: "two women and one man died" counts women, a
  // part of the 3 killed, not a rival figure (`part` rows): "killed
  // people:women".
  const MeasureLexicon::Entry* part = FirstMatch(what_words, lexicon.Entries(c.lang, "part"));
  const bool person_event = std::any_of(std::begin(kPersonEvents), std::end(kPersonEvents),
                                        [&](const char* e) { return m.event == e; });
  if (person_event && part && (m.unit == "people" || m.unit.rfind("people:", 0) == 0)) {
    m.unit = "people:" + part->cls;
  } else if (m.unit.rfind("people:", 0) == 0 && !part && person_event) {
    m.unit = "people";
  }

  if (c.qualifier == "more_than") m.inclusive_bound = InclusiveLowerBound(c, lexicon);

  // 5. currency.
  if (m.unit == "money") {
    const auto& currencies = lexicon.Entries(c.lang, "currency");
    if (const MeasureLexicon::Entry* cur = FirstMatch(what_words, currencies)) {
      m.currency = cur->cls;
    } else if (anchored) {
      size_t lo = anchor >= kCurrencyWindow + 1 ? anchor - kCurrencyWindow - 1 : 0;
      size_t hi = std::min(words.size(), anchor_end + kCurrencyWindow);
      std::vector<std::string> near(words.begin() + static_cast<long>(lo),
                                    words.begin() + static_cast<long>(hi));
      if (const MeasureLexicon::Entry* cur2 = FirstMatch(near, currencies)) m.currency = cur2->cls;
    }
    // Money measures a budget, a price or value, a rate or a reward; other
    // events near it ("stole £35,000 of jewellery") say what happened to
    // the money, not what kind of sum it is.
    static const char* const kMoneyEvents[] = {"budget", "price", "rate", "reward"};
    if (std::none_of(std::begin(kMoneyEvents), std::end(kMoneyEvents),
                     [&](const char* e) { return m.event == e; })) {
      m.event.clear();
    }
    // What the sum is, when a `money_event` row is nearer than the event:
    // a trade surplus and the exports, a state loss and a bribe, the cuts
    // and the bailout they pay for are sums of one story, not one sum
    // ("slice 30bn euros from its deficit" is a cut; "a $144 billion
    // bailout" a budget).
    if (anchored) {
      const size_t lo = anchor, hi = std::max(anchor_end, anchor + 1);
      size_t d_event = kEventWindow + 1, d_money = 0;
      if (!m.event.empty()) {
        Nearest(words, lo, hi, kEventWindow, lexicon.Entries(c.lang, "event"), &d_event);
      }
      if (const MeasureLexicon::Entry* e = Nearest(words, lo, hi, kEventWindow,
                                                   lexicon.Entries(c.lang, "money_event"),
                                                   &d_money)) {
        if (d_money < d_event) m.event = e->cls;
      }
      // A sum only said to be worth something is a price: "jewellery
      // worth $2.6 million", "proyek senilai Rp 5,9 triliun" (`value` rows,
      // weaker than any money_event: "surplus senilai 1,32 miliar").
      if (m.event.empty()) {
        size_t d_value = 0;
        if (const MeasureLexicon::Entry* v = Nearest(words, lo, hi, kEventWindow,
                                                     lexicon.Entries(c.lang, "value"), &d_value)) {
          m.event = v->cls;
        }
      }
    }
    // "two million euros ($2.6 million)": an amount opening a bracket
    // after another amount is its conversion.
    if (anchored) {
      size_t first = anchor;
      // The currency sign or word just before the figure belongs to it.
      if (first > 0 && FirstMatch({toks[first - 1].text}, currencies)) --first;
      size_t from = first > 0 ? toks[first - 1].pos + toks[first - 1].text.size() : 0;
      size_t to = toks[first].pos;
      if (first > 0 && c.quote.find('(', from) < to) m.conversion = true;
    }
    // A rate is never an amount: "Rp 15.500 per dolar", "$20 an hour".
    if (anchored) {
      size_t hi = std::min(words.size(), anchor_end + 3);
      std::vector<std::string> after(words.begin() + static_cast<long>(anchor_end - 0),
                                     words.begin() + static_cast<long>(hi));
      if (FirstMatch(after, lexicon.Entries(c.lang, "rate"))) m.event = "rate";
    }
  }
  // A figure someone aims at is a target, not a count of what happened:
  // "Kane berambisi mencetak empat gol lagi" beside the four goals he
  // scored, "the club hopes to raise $2 million" (`aim` rows ending at most
  // kAimWindow words before the figure's phrase). A family, a rate and a
  // distance stay what they are.
  if (anchored && m.event != "family" && m.event != "rate" && m.unit != "distance") {
    const auto& aims = lexicon.Entries(c.lang, "aim");
    for (size_t back = 0; back <= kAimWindow && back <= anchor; ++back) {
      if (EndsBefore(words, anchor - back, aims)) {
        m.event = "aim";
        break;
      }
    }
  }
  return m;
}

}  // namespace warta
