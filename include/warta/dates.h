// Dates in a sentence, resolved against a reference date (the article's
// publication date): "Kamis (24/10/2024)", "23 Oktober", "pada hari Kamis",
// "Jumat pagi", "kemarin", "awal bulan ini", "sejak Agustus tahun lalu",
// "October 23, 2024", "last Wednesday", "earlier this month".
//
//   ASSIGN_OR_RETURN(auto finder, warta::DateFinder::Create(data, "id"));
//   warta::CivilDate published{2024, 10, 25};
//   auto dates = finder->Find("pada hari Kamis, sejak Agustus tahun lalu",
//                             published);
//   // dates[0]: "pada hari Kamis" -> 2024-10-24, day, relative
//   // dates[1]: "sejak Agustus tahun lalu" -> 2023-08-01..2023-08-31, month,
//   //           since (the period runs on up to the reference)
//
// Month names, day names and the relative expressions are data
// (data/lang/<code>/months.tsv, days.tsv, dates.tsv).
//
// Thread-safety: a DateFinder is immutable after Create; Find is const and
// safe to call from many threads. CivilDate is a value.
#ifndef WARTA_DATES_H_
#define WARTA_DATES_H_

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "warta/lang_data.h"
#include "warta/segment.h"
#include "warta/status.h"

namespace warta {

// A date of the proleptic Gregorian calendar. {0, 0, 0} is "no date".
struct CivilDate {
  int32_t year = 0;
  int32_t month = 0;  // 1-12
  int32_t day = 0;    // 1-31

  bool valid() const;
  // "2024-10-24"; "" when not valid.
  std::string Iso() const;
  // Reads "2024-10-24" (a longer string such as "2024-10-24T08:00:00Z" is
  // read up to the date); none when it is not a valid date.
  static std::optional<CivilDate> FromIso(std::string_view s);
  // Days since 1970-01-01 and back.
  int64_t Days() const;
  static CivilDate FromDays(int64_t days);
  // ISO weekday: 1 = Monday ... 7 = Sunday.
  int Weekday() const;
  static int DaysInMonth(int32_t year, int32_t month);

  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// A date as RFC 822 / RFC 2822 write it (RSS, mail, HTTP):
// "Sat, 19 Oct 2024 08:30:00 +0700".
struct Rfc822Date {
  CivilDate date;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  // "+07:00", "-03:30", "Z" for UTC; "" when none is written or the zone's
  // name is not one we know.
  std::string zone;
};

// Reads an RFC 822 date: an optional day name ("Sat,"), the day, the
// month's English name (three letters or whole, any case), the year (four
// digits, or two: 00-49 are 2000-2049 and 50-99 1950-1999, RFC 2822's
// obsolete form), then optionally the time ("08:30" or "08:30:00") and,
// after it, a zone: "+0700", or a name of at most five letters, of which
// UT, UTC, GMT, Z, the US zones (EST ... PDT) and Indonesia's WIB, WITA and
// WIT are known. Spaces, tabs, line breaks and commas separate the parts.
// None when it is not such a date, or not a day of the calendar, or words
// follow it.
std::optional<Rfc822Date> ParseRfc822(std::string_view s);

enum class DateGranularity : uint8_t { kDay, kWeek, kMonth, kYear };
// "day", "week", "month", "year".
const char* DateGranularityName(DateGranularity g);

struct DateMention {
  Span span;        // the words, prefixes included: "pada hari Kamis"
  CivilDate first;  // inclusive interval; first == last for one day
  CivilDate last;
  // The unit the words name: "23 Oktober" day, "pekan lalu" week,
  // "awal bulan ini" month (days 1-10), "tahun 1950" year.
  DateGranularity granularity = DateGranularity::kDay;
  // Resolved with the reference date: "kemarin", "Kamis", "23 Oktober"
  // (no year), "bulan lalu". False for "24 Oktober 2024".
  bool relative = false;
  // "sejak Agustus", "since August": the period runs from `first` up to the
  // reference date.
  bool since = false;

  // first.Iso() for a day; "2024-10" for a whole month; "2024" for a whole
  // year; else "FIRST/LAST" (ISO 8601 interval).
  std::string Iso() const;
};

class DateFinder {
 public:
  // Compiles lang/<lang>/dates.tsv, months.tsv and days.tsv.
  static Result<std::unique_ptr<DateFinder>> Create(const DataDir& data, const std::string& lang);
  ~DateFinder();

  // Appends the dates among `tokens` (Tokenize over `text`; usually one
  // sentence) to `out`, in text order. Expressions that need a reference
  // (relative ones, dates without a year) are skipped when `reference` is
  // not valid.
  void Find(std::string_view text, std::span<const Token> tokens, const CivilDate& reference,
            std::vector<DateMention>* out) const;

  // Convenience: tokenizes `text` and finds its dates.
  std::vector<DateMention> Find(std::string_view text, const CivilDate& reference) const;

 private:
  struct Tables;
  struct Context;
  explicit DateFinder(std::unique_ptr<Tables> tables);
  bool ParseAt(std::span<const Token> tokens, size_t j, const CivilDate& ref, Context* ctx,
               DateMention* m, size_t* end) const;

  std::unique_ptr<const Tables> t_;
};

}  // namespace warta

#endif  // WARTA_DATES_H_
