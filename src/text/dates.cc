// Dates: one left-to-right pass over a sentence's tokens.
//
// At each token the finder reads, in order:
//
//   [since] [prefix | last/next | part]* CORE
//
// "sejak" / "since" marks a period running up to the reference; a prefix
// ("pada hari", "bulan", "tahun", "tanggal", "on", "in") is kept in the span
// and says what may follow; a part ("awal", "akhir", "earlier") narrows what
// follows to part of it. CORE is one of
//
//   relative phrase   "kemarin", "pekan lalu", "bulan ini", "last year"
//   past phrase       "seminggu terakhir" -> the last 7 days
//   numeric date      "24/10/2024", "(25/10)", "2024-10-24"
//   day month [year]  "23 Oktober 2024", "8-13 Oktober", "3 Oktober"
//   month ...         "October 23, 2024", "Februari 2022", "Agustus tahun
//                     lalu", "Agustus lalu", "bulan Juni"
//   weekday ...       "Kamis (24/10/2024)", "Jumat pagi", "Rabu lalu",
//                     "last Wednesday"
//   year [- year]     "tahun 1950 hingga 1953", "in 2022"
//
// Resolution against the reference date R (the publication date), each rule
// with its example:
//   - a weekday is the most recent such day on or before R ("pada hari Kamis"
//     with R = Friday 25/10/2024 -> 24/10); with "lalu" / "last" strictly
//     before R; with "depan" / "next" strictly after;
//   - a day or month without a year takes R's year, unless that puts it more
//     than 60 days (a day) or two months (a month) after R, when it takes the
//     year before ("28 Desember" with R = 5/1/2025 -> 2024-12-28);
//   - "Agustus lalu" is the most recent August before R's month;
//   - "awal" is days 1-10 of a month (Mon-Wed of a week, Jan-Apr of a year),
//     "pertengahan" 11-20, "akhir" 21 to the end; "earlier this month" runs
//     from the 1st to the day before R.
// All word lists are data (dates.tsv, months.tsv, days.tsv) compiled into
// PhraseMatcher tries at start-up.
//
// Tested by dates_test.cc.
#include "warta/dates.h"

#include <cstdio>
#include <cstdlib>
#include <unordered_set>
#include <utility>

namespace warta {

// ---------------------------------------------------------------------------
// CivilDate: Howard Hinnant's days_from_civil / civil_from_days.

bool CivilDate::valid() const {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

int CivilDate::DaysInMonth(int32_t y, int32_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

std::string CivilDate::Iso() const {
  if (!valid()) return "";
  // Room for any int32 fields, though valid() bounds them to 10 bytes.
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<CivilDate> CivilDate::FromIso(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t at, size_t len, int32_t* out) {
    int32_t v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  CivilDate d;
  if (!num(0, 4, &d.year) || !num(5, 2, &d.month) || !num(8, 2, &d.day)) {
    return std::nullopt;
  }
  if (!d.valid()) return std::nullopt;
  return d;
}

int64_t CivilDate::Days() const {
  int64_t y = year - (month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilDate::FromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp + (mp < 10 ? 3 : -9);
  return CivilDate{static_cast<int32_t>(y + (m <= 2 ? 1 : 0)), static_cast<int32_t>(m),
                   static_cast<int32_t>(d)};
}

// ---------------------------------------------------------------------------
// RFC 822 dates.

std::optional<Rfc822Date> ParseRfc822(std::string_view s) {
  // The parts, split at spaces, tabs, line breaks and commas.
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    const bool gap = i == s.size() || s[i] == ' ' || s[i] == ',' || s[i] == '\t' ||
                     s[i] == '\n' || s[i] == '\r';
    if (!gap) continue;
    if (i > start) parts.push_back(s.substr(start, i - start));
    start = i + 1;
  }
  auto lower = [](std::string_view w) {
    std::string out(w);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  };
  auto letters = [](std::string_view w) {
    if (w.empty()) return false;
    for (char c : w) {
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
    }
    return true;
  };
  // `w` as a number of `min_len` to `max_len` digits, or -1.
  auto number = [](std::string_view w, size_t min_len, size_t max_len) {
    if (w.size() < min_len || w.size() > max_len) return -1;
    int v = 0;
    for (char c : w) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  size_t i = 0;
  if (i < parts.size() && letters(parts[i])) ++i;  // the day name
  if (parts.size() < i + 3 || parts.size() > i + 5) return std::nullopt;
  Rfc822Date out;
  const int day = number(parts[i], 1, 2);
  static constexpr std::string_view kMonths[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  const std::string month_name = lower(parts[i + 1]);
  int month = 0;
  for (int m = 0; m < 12; ++m) {
    if (month_name == kMonths[m] || month_name == kMonths[m].substr(0, 3)) month = m + 1;
  }
  const std::string_view y = parts[i + 2];
  int year = y.size() == 3 ? -1 : number(y, 2, 4);
  if (y.size() == 2 && year >= 0) year += year < 50 ? 2000 : 1900;
  out.date = CivilDate{year, month, day};
  if (day < 0 || month == 0 || year < 1000 || !out.date.valid()) return std::nullopt;
  i += 3;
  if (i == parts.size()) return out;
  // The time: hh:mm or hh:mm:ss.
  const std::string_view t = parts[i++];
  if ((t.size() != 5 && t.size() != 8) || t[2] != ':' || (t.size() == 8 && t[5] != ':')) {
    return std::nullopt;
  }
  out.hour = number(t.substr(0, 2), 2, 2);
  out.minute = number(t.substr(3, 2), 2, 2);
  out.second = t.size() == 8 ? number(t.substr(6, 2), 2, 2) : 0;
  if (out.hour < 0 || out.hour > 23 || out.minute < 0 || out.minute > 59 || out.second < 0 ||
      out.second > 60) {
    return std::nullopt;
  }
  out.has_time = true;
  if (i == parts.size()) return out;
  // The zone.
  const std::string_view z = parts[i];
  if (z.size() == 5 && (z[0] == '+' || z[0] == '-')) {
    const int hh = number(z.substr(1, 2), 2, 2), mm = number(z.substr(3, 2), 2, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return std::nullopt;
    out.zone = std::string(z.substr(0, 3)) + ":" + std::string(z.substr(3, 2));
    if (hh == 0 && mm == 0) out.zone = "Z";
    return out;
  }
  if (!letters(z) || z.size() > 5) return std::nullopt;
  static constexpr struct {
    std::string_view name;
    std::string_view offset;
  } kZones[] = {{"ut", "Z"},       {"utc", "Z"},      {"gmt", "Z"},      {"z", "Z"},
                {"est", "-05:00"}, {"edt", "-04:00"}, {"cst", "-06:00"}, {"cdt", "-05:00"},
                {"mst", "-07:00"}, {"mdt", "-06:00"}, {"pst", "-08:00"}, {"pdt", "-07:00"},
                {"wib", "+07:00"}, {"wita", "+08:00"}, {"wit", "+09:00"}};
  const std::string name = lower(z);
  for (const auto& known : kZones) {
    if (name == known.name) out.zone = known.offset;
  }
  return out;
}

int CivilDate::Weekday() const {
  int64_t z = Days();               // 1970-01-01 was a Thursday (4)
  int64_t w = (z % 7 + 7 + 3) % 7;  // 0 = Monday
  return static_cast<int>(w) + 1;
}

const char* DateGranularityName(DateGranularity g) {
  switch (g) {
    case DateGranularity::kDay:
      return "day";
    case DateGranularity::kWeek:
      return "week";
    case DateGranularity::kMonth:
      return "month";
    case DateGranularity::kYear:
      return "year";
  }
  return "day";
}

std::string DateMention::Iso() const {
  if (first == last) return first.Iso();
  if (first.day == 1 && first.year == last.year && first.month == last.month &&
      last.day == CivilDate::DaysInMonth(last.year, last.month)) {
    return first.Iso().substr(0, 7);
  }
  if (first.year == last.year && first.month == 1 && first.day == 1 && last.month == 12 &&
      last.day == 31) {
    return first.Iso().substr(0, 4);
  }
  return first.Iso() + "/" + last.Iso();
}

// ---------------------------------------------------------------------------

namespace {

enum class Expect : int32_t { kAny, kWeekday, kMonth, kYear, kDay, kMonthOrYear };
enum class Unit : int32_t { kDay, kWeek, kMonth, kYear };
enum class Part : int32_t { kNone, kEarly, kMid, kLate, kSoFar, kRest };

CivilDate AddDays(const CivilDate& d, int64_t n) { return CivilDate::FromDays(d.Days() + n); }

CivilDate MonthStart(int32_t y, int32_t m) { return CivilDate{y, m, 1}; }
CivilDate MonthEnd(int32_t y, int32_t m) { return CivilDate{y, m, CivilDate::DaysInMonth(y, m)}; }

// Month `m` of year `y` shifted by `off` months.
void ShiftMonth(int32_t* y, int32_t* m, int32_t off) {
  int32_t idx = *y * 12 + (*m - 1) + off;
  *y = idx / 12;
  *m = idx % 12 + 1;
}

// Plain digits only, no separators: "23", "2024".
bool PlainInt(const Token& t, int32_t* v) {
  if (t.kind != TokenKind::kNumber || t.folded.empty() || t.folded.size() > 4) {
    return false;
  }
  int32_t n = 0;
  for (char c : t.folded) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  *v = n;
  return true;
}

bool IsYear(const Token& t, int32_t* y) {
  return t.folded.size() == 4 && PlainInt(t, y) && *y >= 1000 && *y <= 2100;
}

bool IsDay(const Token& t, int32_t* d) {
  return t.folded.size() <= 2 && PlainInt(t, d) && *d >= 1 && *d <= 31;
}

}  // namespace

struct DateFinder::Tables {
  bool dmy = true;
  PhraseMatcher prefix, prefix_past, prefix_next, since, relative, past, part, past_marker,
      next_marker, year_relative, day_part, range_open, range_join, ordinal_suffix, month, weekday;
  std::vector<std::pair<Unit, int32_t>> relatives;
  // First folded token of every phrase that can open a date: a word not in
  // here opens none, and the scan moves on after one hash lookup.
  std::unordered_set<std::string> starters;

  void Add(PhraseMatcher* m, std::string_view phrase, int32_t value) {
    std::vector<Token> tokens;
    Tokenize(phrase, &tokens);
    if (tokens.empty()) return;
    starters.insert(tokens[0].folded);
    m->Add(phrase, value);
  }
};

struct DateFinder::Context {
  bool since = false;
  bool prefixed = false;
  Expect expect = Expect::kAny;
  int dir = 0;  // -1 "last", +1 "next"
  Part part = Part::kNone;
  bool range_open = false;
};

DateFinder::DateFinder(std::unique_ptr<Tables> tables) : t_(std::move(tables)) {}
DateFinder::~DateFinder() = default;

Result<std::unique_ptr<DateFinder>> DateFinder::Create(const DataDir& data,
                                                       const std::string& lang) {
  auto t = std::make_unique<Tables>();
  ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lang, "dates.tsv"));
  auto bad = [&](const std::vector<std::string>& row) {
    return InvalidArgument("lang/" + lang + "/dates.tsv: bad row starting '" + row[0] + "'");
  };
  for (const auto& row : rows) {
    if (row.size() < 2) return bad(row);
    const std::string& kind = row[0];
    const std::string& phrase = row[1];
    static const std::string kEmpty;
    auto arg = [&](size_t k) -> const std::string& { return row.size() > k ? row[k] : kEmpty; };
    if (kind == "setting") {
      if (phrase == "numeric_order") {
        t->dmy = arg(2) != "mdy";
      } else {
        return bad(row);
      }
    } else if (kind == "prefix") {
      static const std::pair<const char*, Expect> kExpect[] = {
          {"any", Expect::kAny},     {"weekday", Expect::kWeekday},
          {"month", Expect::kMonth}, {"year", Expect::kYear},
          {"day", Expect::kDay},     {"month_or_year", Expect::kMonthOrYear}};
      bool found = false;
      for (const auto& [name, e] : kExpect) {
        if (arg(2) == name) {
          t->Add(&t->prefix, phrase, static_cast<int32_t>(e));
          found = true;
        }
      }
      if (!found) return bad(row);
    } else if (kind == "prefix_past") {
      t->Add(&t->prefix_past, phrase, -1);
    } else if (kind == "prefix_next") {
      t->Add(&t->prefix_next, phrase, 1);
    } else if (kind == "since") {
      t->Add(&t->since, phrase, 1);
    } else if (kind == "relative") {
      Unit unit;
      if (arg(2) == "day") {
        unit = Unit::kDay;
      } else if (arg(2) == "week") {
        unit = Unit::kWeek;
      } else if (arg(2) == "month") {
        unit = Unit::kMonth;
      } else if (arg(2) == "year") {
        unit = Unit::kYear;
      } else {
        return bad(row);
      }
      t->Add(&t->relative, phrase, static_cast<int32_t>(t->relatives.size()));
      t->relatives.emplace_back(unit, std::atoi(arg(3).c_str()));
    } else if (kind == "past") {
      int n = std::atoi(arg(2).c_str());
      if (n <= 0) return bad(row);
      t->Add(&t->past, phrase, n);
    } else if (kind == "part") {
      static const std::pair<const char*, Part> kParts[] = {{"early", Part::kEarly},
                                                            {"mid", Part::kMid},
                                                            {"late", Part::kLate},
                                                            {"so_far", Part::kSoFar},
                                                            {"rest", Part::kRest}};
      bool found = false;
      for (const auto& [name, p] : kParts) {
        if (arg(2) == name) {
          t->Add(&t->part, phrase, static_cast<int32_t>(p));
          found = true;
        }
      }
      if (!found) return bad(row);
    } else if (kind == "past_marker") {
      t->past_marker.Add(phrase, -1);
    } else if (kind == "next_marker") {
      t->next_marker.Add(phrase, 1);
    } else if (kind == "year_relative") {
      t->year_relative.Add(phrase, std::atoi(arg(2).c_str()));
    } else if (kind == "day_part") {
      t->day_part.Add(phrase, 0);
    } else if (kind == "range_open") {
      t->Add(&t->range_open, phrase, 0);
    } else if (kind == "range_join") {
      t->range_join.Add(phrase, 0);
    } else if (kind == "ordinal_suffix") {
      t->ordinal_suffix.Add(phrase, 0);
    } else {
      return bad(row);
    }
  }
  // months.tsv: MONTH NAME [cap,abbr] -> value month*4 + cap + 2*abbr
  ASSIGN_OR_RETURN(auto months, data.ReadTsv(lang, "months.tsv"));
  for (const auto& row : months) {
    int m = row.size() >= 2 ? std::atoi(row[0].c_str()) : 0;
    if (m < 1 || m > 12) {
      return InvalidArgument("lang/" + lang + "/months.tsv: bad month '" + row[0] + "'");
    }
    std::string flags = row.size() > 2 ? row[2] : "";
    int32_t v = m * 4 + (flags.find("cap") != std::string::npos ? 1 : 0) +
                (flags.find("abbr") != std::string::npos ? 2 : 0);
    t->Add(&t->month, row[1], v);
  }
  // days.tsv: WEEKDAY NAME [prefix,cap] -> value weekday*4 + prefix + 2*cap
  ASSIGN_OR_RETURN(auto days, data.ReadTsv(lang, "days.tsv"));
  for (const auto& row : days) {
    int w = row.size() >= 2 ? std::atoi(row[0].c_str()) : 0;
    if (w < 1 || w > 7) {
      return InvalidArgument("lang/" + lang + "/days.tsv: bad weekday '" + row[0] + "'");
    }
    bool needs_prefix = row.size() > 2 && row[2].find("prefix") != std::string::npos;
    bool needs_cap = row.size() > 2 && row[2].find("cap") != std::string::npos;
    t->Add(&t->weekday, row[1], w * 4 + (needs_prefix ? 1 : 0) + (needs_cap ? 2 : 0));
  }
  return std::unique_ptr<DateFinder>(new DateFinder(std::move(t)));
}

namespace {

// Narrows [*first, *last] (a week, month or year) to a part of it.
// "awal bulan ini" -> days 1-10; "earlier this month" -> 1st .. R - 1.
void ApplyPart(Part part, Unit unit, const CivilDate& ref, CivilDate* first, CivilDate* last) {
  if (part == Part::kNone) return;
  CivilDate f = *first, l = *last;
  switch (unit) {
    case Unit::kMonth:
      if (part == Part::kEarly) {
        l.day = 10;
      } else if (part == Part::kMid) {
        f.day = 11;
        l.day = 20;
      } else if (part == Part::kLate) {
        f.day = 21;
      }
      break;
    case Unit::kWeek:
      if (part == Part::kEarly) {
        l = AddDays(f, 2);
      } else if (part == Part::kMid) {
        f = AddDays(*first, 2);
        l = AddDays(*first, 4);
      } else if (part == Part::kLate) {
        f = AddDays(*first, 4);
      }
      break;
    case Unit::kYear:
      if (part == Part::kEarly) {
        l = CivilDate{f.year, 4, 30};
      } else if (part == Part::kMid) {
        f = CivilDate{f.year, 5, 1};
        l = CivilDate{f.year, 8, 31};
      } else if (part == Part::kLate) {
        f = CivilDate{f.year, 9, 1};
      }
      break;
    case Unit::kDay:
      return;
  }
  if (ref.valid() && ref >= *first && ref <= *last) {
    if (part == Part::kSoFar && ref > *first) l = AddDays(ref, -1);
    if (part == Part::kRest && ref < *last) f = AddDays(ref, 1);
  }
  *first = f;
  *last = l;
}

// The year for a day or month named without one: R's year, or the year
// before when that would put it well after R.
int32_t YearFor(int32_t month, int32_t day, const CivilDate& ref) {
  if (day > 0) {
    CivilDate d{ref.year, month, std::min(day, CivilDate::DaysInMonth(ref.year, month))};
    return d.Days() - ref.Days() > 60 ? ref.year - 1 : ref.year;
  }
  return month > ref.month + 2 ? ref.year - 1 : ref.year;
}

}  // namespace

bool DateFinder::ParseAt(std::span<const Token> tokens, size_t j, const CivilDate& ref,
                         Context* ctx, DateMention* m, size_t* end) const {
  const Tables& t = *t_;
  const size_t n = tokens.size();
  if (j >= n) return false;
  const bool have_ref = ref.valid();
  int32_t v;
  size_t len;

  auto month_at = [&](size_t k, int32_t* month, bool* abbr) -> size_t {
    int32_t mv;
    size_t l = k < n ? t.month.Match(tokens, k, &mv) : 0;
    if (l == 0) return 0;
    if ((mv & 1) && !tokens[k].capitalized) return 0;  // "may" is a verb
    *month = mv / 4;
    *abbr = (mv & 2) != 0;
    // "Oct. 23": the period of a short form belongs to the name.
    if (*abbr && k + l < n && tokens[k + l].folded == "." && tokens[k + l].glued) ++l;
    return l;
  };
  auto day_month = [&](int32_t y, int32_t mo, int32_t d, bool year_known) {
    m->first = m->last = CivilDate{y, mo, d};
    m->granularity = DateGranularity::kDay;
    m->relative = !year_known;
    return m->first.valid();
  };
  // "24/10/2024", "25/10", "10/24/2024" (mdy languages, or when 24 > 12).
  auto numeric = [&](std::string_view folded) -> bool {
    int32_t parts[3] = {0, 0, 0};
    int count = 0;
    size_t digits = 0;
    for (char c : folded) {
      if (c == '/') {
        if (digits == 0 || ++count > 2) return false;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        parts[count] = parts[count] * 10 + (c - '0');
        if (++digits > 4) return false;
      } else {
        return false;
      }
    }
    if (count == 0 || digits == 0) return false;
    bool dmy = t.dmy;
    if (parts[0] > 12) dmy = true;
    if (parts[1] > 12) dmy = false;
    int32_t d = dmy ? parts[0] : parts[1];
    int32_t mo = dmy ? parts[1] : parts[0];
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    if (count == 2) {
      int32_t y = parts[2] < 100 ? 2000 + parts[2] : parts[2];
      return day_month(y, mo, d, true);
    }
    if (!have_ref) return false;
    return day_month(YearFor(mo, d, ref), mo, d, false);
  };
  // An absolute date at k: numeric, "23 Oktober [2024]", "October 23[, 2024]".
  // Sets *k_end past it.
  auto absolute = [&](size_t k, size_t* k_end) -> bool {
    if (k >= n) return false;
    if (tokens[k].kind == TokenKind::kNumber && numeric(tokens[k].folded)) {
      *k_end = k + 1;
      return true;
    }
    // "14 / 06 / 2017": the slashes spaced out.
    if (tokens[k].kind == TokenKind::kNumber && k + 2 < n && tokens[k + 1].folded == "/" &&
        tokens[k + 2].kind == TokenKind::kNumber) {
      std::string joined = tokens[k].folded + "/" + tokens[k + 2].folded;
      size_t e = k + 3;
      if (e + 1 < n && tokens[e].folded == "/" && tokens[e + 1].kind == TokenKind::kNumber) {
        joined += "/" + tokens[e + 1].folded;
        e += 2;
      }
      if (numeric(joined)) {
        *k_end = e;
        return true;
      }
    }
    int32_t d, mo, y;
    bool abbr;
    if (IsDay(tokens[k], &d)) {
      size_t p = k + 1;
      if (p < n && tokens[p].glued && t.ordinal_suffix.Match(tokens, p, &v) > 0) ++p;
      if ((len = month_at(p, &mo, &abbr)) == 0) return false;
      p += len;
      if (p < n && IsYear(tokens[p], &y)) {
        *k_end = p + 1;
        return day_month(y, mo, d, true);
      }
      if (!have_ref) return false;
      *k_end = p;
      return day_month(YearFor(mo, d, ref), mo, d, false);
    }
    if ((len = month_at(k, &mo, &abbr)) > 0) {
      size_t p = k + len;
      if (p < n && IsDay(tokens[p], &d) &&
          !(p + 1 < n && tokens[p + 1].glued && tokens[p + 1].kind == TokenKind::kWord &&
            t.ordinal_suffix.Match(tokens, p + 1, &v) == 0)) {
        ++p;
        if (p < n && tokens[p].glued && t.ordinal_suffix.Match(tokens, p, &v) > 0) ++p;
        size_t q = p;
        if (q < n && tokens[q].folded == ",") ++q;
        if (q < n && IsYear(tokens[q], &y)) {
          *k_end = q + 1;
          return day_month(y, mo, d, true);
        }
        if (!have_ref) return false;
        *k_end = p;
        return day_month(YearFor(mo, d, ref), mo, d, false);
      }
    }
    return false;
  };

  // 1. Relative phrases: "kemarin", "pekan lalu", "awal bulan ini".
  if ((len = t.relative.Match(tokens, j, &v)) > 0) {
    if (!have_ref) return false;
    auto [unit, off] = t.relatives[static_cast<size_t>(v)];
    CivilDate f = ref, l = ref;
    switch (unit) {
      case Unit::kDay:
        f = l = AddDays(ref, off);
        m->granularity = DateGranularity::kDay;
        break;
      case Unit::kWeek:
        f = AddDays(ref, -(ref.Weekday() - 1) + 7 * static_cast<int64_t>(off));
        l = AddDays(f, 6);
        m->granularity = DateGranularity::kWeek;
        break;
      case Unit::kMonth: {
        int32_t y = ref.year, mo = ref.month;
        ShiftMonth(&y, &mo, off);
        f = MonthStart(y, mo);
        l = MonthEnd(y, mo);
        m->granularity = DateGranularity::kMonth;
        break;
      }
      case Unit::kYear:
        f = CivilDate{ref.year + off, 1, 1};
        l = CivilDate{ref.year + off, 12, 31};
        m->granularity = DateGranularity::kYear;
        break;
    }
    ApplyPart(ctx->part, unit, ref, &f, &l);
    m->first = f;
    m->last = l;
    m->relative = true;
    *end = j + len;
    return true;
  }
  // 2. The last N days: "seminggu terakhir".
  if ((len = t.past.Match(tokens, j, &v)) > 0) {
    if (!have_ref) return false;
    m->first = AddDays(ref, -v);
    m->last = ref;
    m->granularity = v >= 365  ? DateGranularity::kYear
                     : v >= 28 ? DateGranularity::kMonth
                               : DateGranularity::kWeek;
    m->relative = true;
    *end = j + len;
    return true;
  }
  // 3. An absolute date, with a range of days: "antara tanggal 8 dan 13
  // Oktober", "8-13 Oktober".
  int32_t d1, d2, mo, y;
  bool abbr = false;
  if (IsDay(tokens[j], &d1) && j + 2 < n && (len = t.range_join.Match(tokens, j + 1, &v)) > 0 &&
      IsDay(tokens[j + 1 + len], &d2) && d2 > d1) {
    size_t k_end;
    if (absolute(j + 1 + len, &k_end)) {
      m->last = m->first;
      m->first.day = d1;
      *end = k_end;
      return m->first.valid();
    }
  }
  {
    size_t k_end;
    if (absolute(j, &k_end)) {
      *end = k_end;
      return true;
    }
  }
  // 4. A month without a day.
  if ((len = month_at(j, &mo, &abbr)) > 0) {
    size_t k = j + len;
    bool known = false;
    if (k < n && IsYear(tokens[k], &y)) {
      known = true;  // "Februari 2022"
      ++k;
    } else if (size_t l2 = t.year_relative.Match(tokens, k, &v); l2 > 0) {
      if (!have_ref) return false;
      y = ref.year + v;  // "Agustus tahun lalu"
      k += l2;
    } else if (abbr) {
      return false;  // "Jan" alone may be a name
    } else if (size_t l3 = t.past_marker.Match(tokens, k, &v); l3 > 0 || ctx->dir < 0) {
      if (!have_ref) return false;
      y = mo < ref.month ? ref.year : ref.year - 1;  // "Agustus lalu"
      k += l3;
    } else if (size_t l4 = t.next_marker.Match(tokens, k, &v); l4 > 0 || ctx->dir > 0) {
      if (!have_ref) return false;
      y = mo > ref.month ? ref.year : ref.year + 1;
      k += l4;
    } else {
      if (!have_ref) return false;
      y = YearFor(mo, 0, ref);  // "bulan Juni"
    }
    CivilDate f = MonthStart(y, mo), l = MonthEnd(y, mo);
    ApplyPart(ctx->part, Unit::kMonth, ref, &f, &l);
    m->first = f;
    m->last = l;
    m->granularity = DateGranularity::kMonth;
    m->relative = !known;
    *end = k;
    return true;
  }
  // 5. A weekday: "Kamis (24/10/2024)", "Jumat pagi", "Rabu lalu".
  if ((len = t.weekday.Match(tokens, j, &v)) > 0) {
    int weekday = v / 4;
    bool needs_prefix = (v & 1) != 0;
    if ((v & 2) && !tokens[j].capitalized) return false;  // "they wed" is no Wednesday
    size_t k = j + len;
    // An explicit date after it wins: "Kamis (24/10)", "Thursday, Oct. 24".
    if (k < n && (tokens[k].folded == "(" || tokens[k].folded == ",")) {
      size_t k_end;
      bool paren = tokens[k].folded == "(";
      if (absolute(k + 1, &k_end) && (!paren || (k_end < n && tokens[k_end].folded == ")"))) {
        *end = paren ? k_end + 1 : k_end;
        // "Senin (3/6/2024) malam": the part of the day belongs to the span.
        if (size_t l = t.day_part.Match(tokens, *end, &v); l > 0) *end += l;
        // A date without its year takes the nearby year in which it falls on
        // the named weekday: "Kamis (21/12)" read on 2018-01-03 -> 2017-12-21.
        if (m->relative && m->first.Weekday() != weekday) {
          for (int32_t dy : {-1, 1, -2}) {
            CivilDate c{m->first.year + dy, m->first.month, m->first.day};
            if (c.valid() && c.Weekday() == weekday) {
              m->first = m->last = c;
              break;
            }
          }
        }
        return true;
      }
    }
    if (needs_prefix && ctx->expect != Expect::kWeekday) return false;
    if (!have_ref) return false;
    int dir = ctx->dir;
    if (size_t l = t.past_marker.Match(tokens, k, &v); l > 0) {
      dir = -1;
      k += l;
    } else if (size_t l2 = t.next_marker.Match(tokens, k, &v); l2 > 0) {
      dir = 1;
      k += l2;
    }
    if (size_t l = t.day_part.Match(tokens, k, &v); l > 0) k += l;  // "Jumat pagi"
    int back = (ref.Weekday() - weekday + 7) % 7;
    CivilDate d;
    if (dir > 0) {
      int fwd = (weekday - ref.Weekday() + 7) % 7;
      d = AddDays(ref, fwd == 0 ? 7 : fwd);
    } else {
      if (dir < 0 && back == 0) back = 7;
      d = AddDays(ref, -back);
    }
    m->first = m->last = d;
    m->granularity = DateGranularity::kDay;
    m->relative = true;
    *end = k;
    return true;
  }
  // 6. A year after a prefix: "tahun 1950 hingga 1953", "in 2022", "sejak 2014".
  if (IsYear(tokens[j], &y) &&
      (ctx->expect == Expect::kYear || ctx->expect == Expect::kMonthOrYear || ctx->prefixed ||
       ctx->since || ctx->range_open)) {
    int32_t y2 = y;
    size_t k = j + 1;
    if (k + 1 < n && (len = t.range_join.Match(tokens, k, &v)) > 0 &&
        IsYear(tokens[k + len], &y2) && y2 > y) {
      k += len + 1;
    } else {
      y2 = y;
    }
    CivilDate f{y, 1, 1}, l{y2, 12, 31};
    ApplyPart(ctx->part, Unit::kYear, ref, &f, &l);
    m->first = f;
    m->last = l;
    m->granularity = DateGranularity::kYear;
    m->relative = false;
    *end = k;
    return true;
  }
  return false;
}

void DateFinder::Find(std::string_view text, std::span<const Token> tokens,
                      const CivilDate& reference, std::vector<DateMention>* out) const {
  (void)text;
  const Tables& t = *t_;
  const size_t n = tokens.size();
  size_t i = 0;
  int32_t v;
  while (i < n) {
    if (tokens[i].kind != TokenKind::kNumber && t.starters.count(tokens[i].folded) == 0) {
      ++i;
      continue;
    }
    Context ctx;
    size_t j = i;
    size_t len;
    if ((len = t.since.Match(tokens, j, &v)) > 0) {
      ctx.since = true;
      j += len;
    }
    if ((len = t.range_open.Match(tokens, j, &v)) > 0) {
      ctx.range_open = true;
      j += len;
    }
    for (int round = 0; round < 3 && j < n; ++round) {
      if (t.relative.Match(tokens, j, &v) > 0) break;
      if ((len = t.prefix.Match(tokens, j, &v)) > 0) {
        ctx.expect = static_cast<Expect>(v);
        ctx.prefixed = true;
      } else if ((len = t.prefix_past.Match(tokens, j, &v)) > 0 ||
                 (len = t.prefix_next.Match(tokens, j, &v)) > 0) {
        ctx.dir = v;
      } else if ((len = t.part.Match(tokens, j, &v)) > 0) {
        ctx.part = static_cast<Part>(v);
      } else {
        break;
      }
      j += len;
    }
    DateMention m;
    size_t end = 0;
    if (!ParseAt(tokens, j, reference, &ctx, &m, &end)) {
      ++i;
      continue;
    }
    m.since = ctx.since;
    m.span = Span{tokens[i].start, tokens[end - 1].end};
    out->push_back(m);
    i = end;
  }
}

std::vector<DateMention> DateFinder::Find(std::string_view text, const CivilDate& reference) const {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<DateMention> out;
  Find(text, tokens, reference, &out);
  return out;
}

}  // namespace warta
