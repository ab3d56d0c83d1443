#include "warta/dates.h"

#include <gtest/gtest.h>
#include <unicode/dtfmtsym.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace warta {
namespace {

const DateFinder& Finder(const std::string& lang) {
  static auto* finders = new std::map<std::string, std::unique_ptr<DateFinder>>();
  auto it = finders->find(lang);
  if (it == finders->end()) {
    auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    EXPECT_TRUE(data.ok());
    auto f = DateFinder::Create(*data, lang);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    it = finders->emplace(lang, std::move(*f)).first;
  }
  return *it->second;
}

CivilDate Iso(const char* s) { return *CivilDate::FromIso(s); }

struct DateCase {
  const char* lang;
  const char* text;
  const char* reference;  // the publication date
  const char* span;
  const char* first;
  const char* last;
  DateGranularity granularity;
  bool relative;
  bool since;
};

std::string Describe(const std::vector<DateMention>& dates, std::string_view text) {
  std::string out;
  for (const DateMention& d : dates) {
    out += "[" + std::string(d.span.Of(text)) + "] " + d.first.Iso() + ".." + d.last.Iso() + " " +
           DateGranularityName(d.granularity) + (d.relative ? " relative" : "") +
           (d.since ? " since" : "") + "\n";
  }
  return out;
}

using G = DateGranularity;

TEST(DateFinderTest, Table) {
  const std::vector<DateCase> cases = {
      // Absolute, from the sample corpus.
      {"id", "mengatakan pada hari Kamis (24/10/2024) bahwa", "2024-10-25",
       "pada hari Kamis (24/10/2024)", "2024-10-24", "2024-10-24", G::kDay, false, false},
      {"id", "dalam sebuah pernyataan pada Jumat (18/10/2024).", "2024-10-18",
       "pada Jumat (18/10/2024)", "2024-10-18", "2024-10-18", G::kDay, false, false},
      {"id", "seperti dilansir CNA, Jumat (25/10).", "2024-10-25", "Jumat (25/10)", "2024-10-25",
       "2024-10-25", G::kDay, true, false},
      {"id", "pada tanggal 23 Oktober 2024, kehadiran mereka", "2024-10-25",
       "pada tanggal 23 Oktober 2024", "2024-10-23", "2024-10-23", G::kDay, false, false},
      {"id", "Pada 18 Oktober, Korea Selatan melaporkan", "2024-10-21", "Pada 18 Oktober",
       "2024-10-18", "2024-10-18", G::kDay, true, false},
      {"id", "yang sebagian diduduki pada tanggal 3 Oktober.", "2024-10-18",
       "pada tanggal 3 Oktober", "2024-10-03", "2024-10-03", G::kDay, true, false},
      {"id", "antara tanggal 8 dan 13 Oktober, Korea Utara", "2024-10-21",
       "antara tanggal 8 dan 13 Oktober", "2024-10-08", "2024-10-13", G::kDay, true, false},
      {"id", "pada bulan Februari 2022.", "2024-10-25", "pada bulan Februari 2022", "2022-02-01",
       "2022-02-28", G::kMonth, false, false},
      {"id", "sejak Perang Korea tahun 1950 hingga 1953.", "2024-10-18", "tahun 1950 hingga 1953",
       "1950-01-01", "1953-12-31", G::kYear, false, false},
      {"id", "invasi Rusia ke Ukraina pada tahun 2022.", "2024-10-21", "pada tahun 2022",
       "2022-01-01", "2022-12-31", G::kYear, false, false},
      {"id", "di Paris pada Rabu (14 / 06 / 2017).", "2017-06-15", "pada Rabu (14 / 06 / 2017)",
       "2017-06-14", "2017-06-14", G::kDay, false, false},
      {"id", "Kamis (21/12) lalu", "2017-03-28", "Kamis (21/12)", "2017-12-21", "2017-12-21",
       G::kDay, true, false},
      {"id", "hingga Senin (3/6/2024) malam.", "2024-06-05", "Senin (3/6/2024) malam", "2024-06-03",
       "2024-06-03", G::kDay, false, false},
      // Relative.
      {"id", "Presiden Volodymyr Zelensky pada hari Kamis bahwa", "2024-10-18", "pada hari Kamis",
       "2024-10-17", "2024-10-17", G::kDay, true, false},
      {"id", "pertemuan darurat pada Jumat pagi untuk", "2024-10-18", "pada Jumat pagi",
       "2024-10-18", "2024-10-18", G::kDay, true, false},
      {"id", "Pada hari Rabu, Amerika Serikat", "2024-10-25", "Pada hari Rabu", "2024-10-23",
       "2024-10-23", G::kDay, true, false},
      {"id", "kata dia kemarin.", "2024-10-25", "kemarin", "2024-10-24", "2024-10-24", G::kDay,
       true, false},
      {"id", "hari ini di Jakarta", "2024-10-25", "hari ini", "2024-10-25", "2024-10-25", G::kDay,
       true, false},
      {"id", "pada awal bulan ini.", "2024-10-21", "pada awal bulan ini", "2024-10-01",
       "2024-10-10", G::kMonth, true, false},
      {"id", "Awal bulan ini, kapal Rusia", "2024-10-18", "Awal bulan ini", "2024-10-01",
       "2024-10-10", G::kMonth, true, false},
      {"id", "Minggu lalu, Presiden Ukraina", "2024-10-21", "Minggu lalu", "2024-10-14",
       "2024-10-20", G::kWeek, true, false},
      {"id", "awal pekan ini kepada parlemen", "2024-10-18", "awal pekan ini", "2024-10-14",
       "2024-10-16", G::kWeek, true, false},
      {"id", "ke Rusia sejak Agustus tahun lalu.", "2024-10-18", "sejak Agustus tahun lalu",
       "2023-08-01", "2023-08-31", G::kMonth, true, true},
      {"id", "senjata mematikan lainnya sejak Agustus lalu.", "2024-10-21", "sejak Agustus lalu",
       "2024-08-01", "2024-08-31", G::kMonth, true, true},
      {"id", "Pada bulan Juni, Putin dan", "2024-10-18", "Pada bulan Juni", "2024-06-01",
       "2024-06-30", G::kMonth, true, false},
      {"id", "selama seminggu terakhir.", "2024-10-18", "selama seminggu terakhir", "2024-10-11",
       "2024-10-18", G::kWeek, true, false},
      {"id", "pada hari Minggu (20/10)", "2024-10-21", "pada hari Minggu (20/10)", "2024-10-20",
       "2024-10-20", G::kDay, true, false},
      {"id", "pada hari Minggu malam", "2024-10-21", "pada hari Minggu malam", "2024-10-20",
       "2024-10-20", G::kDay, true, false},
      {"id", "Kamis lalu", "2024-10-24", "Kamis lalu", "2024-10-17", "2024-10-17", G::kDay, true,
       false},
      {"id", "28 Desember", "2025-01-05", "28 Desember", "2024-12-28", "2024-12-28", G::kDay, true,
       false},
      {"id", "pada tahun lalu", "2024-10-18", "tahun lalu", "2023-01-01", "2023-12-31", G::kYear,
       true, false},
      // English.
      {"en", "the agency said on October 23, 2024.", "2024-10-25", "on October 23, 2024",
       "2024-10-23", "2024-10-23", G::kDay, false, false},
      {"en", "Officials said last Wednesday that", "2024-10-25", "last Wednesday", "2024-10-23",
       "2024-10-23", G::kDay, true, false},
      {"en", "last Friday", "2024-10-25", "last Friday", "2024-10-18", "2024-10-18", G::kDay, true,
       false},
      {"en", "Zelensky said on Friday", "2024-10-25", "on Friday", "2024-10-25", "2024-10-25",
       G::kDay, true, false},
      {"en", "earlier this month", "2024-10-18", "earlier this month", "2024-10-01", "2024-10-17",
       G::kMonth, true, false},
      {"en", "yesterday", "2024-10-18", "yesterday", "2024-10-17", "2024-10-17", G::kDay, true,
       false},
      {"en", "since August last year", "2024-10-18", "since August last year", "2023-08-01",
       "2023-08-31", G::kMonth, true, true},
      {"en", "in June", "2024-10-18", "in June", "2024-06-01", "2024-06-30", G::kMonth, true,
       false},
      {"en", "Thursday, Oct. 24, 2024", "2024-10-25", "Thursday, Oct. 24, 2024", "2024-10-24",
       "2024-10-24", G::kDay, false, false},
      {"en", "on 24 October 2024", "2024-10-25", "on 24 October 2024", "2024-10-24", "2024-10-24",
       G::kDay, false, false},
      {"en", "the 1950-1953 war", "2024-10-25", "", "", "", G::kDay, false, false},
      {"en", "in 2022", "2024-10-25", "in 2022", "2022-01-01", "2022-12-31", G::kYear, false,
       false},
      {"en", "between 2019 and 2022 the firm", "2024-10-25", "between 2019 and 2022", "2019-01-01",
       "2022-12-31", G::kYear, false, false},
      {"id", "antara 2019 hingga 2022", "2024-10-25", "antara 2019 hingga 2022", "2019-01-01",
       "2022-12-31", G::kYear, false, false},
      {"en", "10/24/2024", "2024-10-25", "10/24/2024", "2024-10-24", "2024-10-24", G::kDay, false,
       false},
  };
  for (const DateCase& c : cases) {
    std::string text = c.text;
    auto dates = Finder(c.lang).Find(text, Iso(c.reference));
    std::string where = text + "\n" + Describe(dates, text);
    if (std::string(c.span).empty()) {
      EXPECT_TRUE(dates.empty()) << where;
      continue;
    }
    const DateMention* found = nullptr;
    for (const DateMention& d : dates) {
      if (d.span.Of(text) == c.span) found = &d;
    }
    ASSERT_NE(found, nullptr) << "want [" << c.span << "] in " << where;
    EXPECT_EQ(found->first.Iso(), c.first) << where;
    EXPECT_EQ(found->last.Iso(), c.last) << where;
    EXPECT_EQ(found->granularity, c.granularity) << where;
    EXPECT_EQ(found->relative, c.relative) << where;
    EXPECT_EQ(found->since, c.since) << where;
  }
}

TEST(DateFinderTest, NotDates) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"id", "Minggu lalu"},  // a week, not Sunday: checked above; here no Sunday
      {"id", "tiga minggu kemudian"}, {"id", "Jan Ethes datang"},
      {"en", "you may go"},           {"en", "the march began"},
      {"en", "they wed in secret"},   {"id", "1.500 pasukan dan 12.000 tentara"},
  };
  for (const auto& [lang, text] : cases) {
    std::string t = text;
    for (const DateMention& d : Finder(lang).Find(t, Iso("2024-10-21"))) {
      EXPECT_NE(d.granularity, G::kDay) << text << ": " << Describe({d}, t);
    }
  }
}

TEST(DateFinderTest, NoReferenceKeepsOnlyAbsoluteDates) {
  std::string text = "kemarin, pada hari Kamis (24/10/2024) dan 3 Oktober";
  auto dates = Finder("id").Find(text, CivilDate{});
  ASSERT_EQ(dates.size(), 1u) << Describe(dates, text);
  EXPECT_EQ(dates[0].first.Iso(), "2024-10-24");
}

TEST(CivilDateTest, Arithmetic) {
  EXPECT_EQ(Iso("1970-01-01").Days(), 0);
  EXPECT_EQ(CivilDate::FromDays(Iso("2024-02-29").Days() + 1).Iso(), "2024-03-01");
  EXPECT_EQ(Iso("2024-10-24").Weekday(), 4);  // Thursday
  EXPECT_EQ(Iso("2024-10-20").Weekday(), 7);  // Sunday
  EXPECT_FALSE(CivilDate::FromIso("2023-02-29").has_value());
  EXPECT_FALSE(CivilDate::FromIso("2024-13-01").has_value());
  EXPECT_EQ(CivilDate::FromIso("2024-10-24T08:00:00Z")->Iso(), "2024-10-24");
  for (int64_t d = -800000; d < 800000; d += 137) {
    ASSERT_EQ(CivilDate::FromDays(d).Days(), d);
  }
  DateMention m;
  m.first = Iso("2024-10-01");
  m.last = Iso("2024-10-31");
  EXPECT_EQ(m.Iso(), "2024-10");
  m.last = Iso("2024-10-10");
  EXPECT_EQ(m.Iso(), "2024-10-01/2024-10-10");
}

// RFC 822 dates, as RSS feeds and containers write them: the feed reader
// keeps the time and zone (read/feed.cc), the cleaner the day.
TEST(ParseRfc822Test, Table) {
  struct Case {
    const char* in;
    const char* day;   // "" when not a date
    const char* time;  // "HH:MM:SS" and the zone, or "" without a time
  };
  const Case cases[] = {
      {"Sat, 19 Oct 2024 08:30:00 +0700", "2024-10-19", "08:30:00+07:00"},
      {"19 Oct 2024 08:30:00 -0330", "2024-10-19", "08:30:00-03:30"},
      {"Mon, 21 Oct 24 10:00 GMT", "2024-10-21", "10:00:00Z"},
      {"Fri, 1 Mar 1996 23:59:59 EST", "1996-03-01", "23:59:59-05:00"},
      {"Thu, 24 Oct 2024 07:00:00 WIB", "2024-10-24", "07:00:00+07:00"},
      {"Thu, 24 October 2024 07:00:00", "2024-10-24", "07:00:00"},
      {"Thu, 24 Oct 2024 07:00:00 XYZ", "2024-10-24", "07:00:00"},  // a zone we do not know
      {"Thu, 29 Feb 2024 00:00:00 +0000", "2024-02-29", "00:00:00Z"},
      {"Fri, 05 Jan 2024 23:30:00 -0500", "2024-01-05", "23:30:00-05:00"},
      {" Fri,\t5 Jan 2024\r\n", "2024-01-05", ""},
      {"5 JAN 2024", "2024-01-05", ""},
      {"1 Jan 50 00:00", "1950-01-01", "00:00:00"},
      {"Thu, 24 Oct 2024 07:00", "2024-10-24", "07:00:00"},
      // Not RFC 822 dates.
      {"Kamis, 24 Okt 2024 07:00:00 WIB", "", ""},  // "Okt" is not English
      {"Thu, 24 Octopus 2024", "", ""},
      {"Thu, 29 Feb 2023 00:00:00 +0000", "", ""},
      {"Fri, 32 Jan 2024", "", ""},
      {"Thu, 24 Oct 2024 25:00:00 +0000", "", ""},
      {"Thu, 24 Oct 2024 7:00", "", ""},
      {"Thu, 24 Oct 2024 07:00:00 +2500", "", ""},
      {"Thu, 24 Oct 2024 07:00:00 PACIFIC", "", ""},
      {"Thu, 24 Oct 2024 07:00:00 +0700 and more", "", ""},
      {"Thu, 24 Oct 202", "", ""},
      {"Thu, 24 Oct", "", ""},
      {"2024-10-24T07:00:00Z", "", ""},
      {"05/01/2024", "", ""},
      {"", "", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.in);
    std::optional<Rfc822Date> d = ParseRfc822(c.in);
    ASSERT_EQ(d.has_value(), *c.day != '\0');
    if (!d) continue;
    EXPECT_EQ(d->date.Iso(), c.day);
    std::string time;
    if (d->has_time) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", d->hour, d->minute, d->second);
      time = buf + d->zone;
    }
    EXPECT_EQ(time, c.time);
  }
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

TEST(DateFinderTest, GarbageIn) {
  const std::vector<std::string> words = {
      "pada",   "hari",    "Kamis",      "(",   "24/10",  ")",        "sejak", "Agustus", "tahun",
      "lalu",   "awal",    "bulan",      "ini", "31",     "Februari", "2024",  "-",       "dan",
      "antara", "tanggal", "99/99/9999", "0",   "Minggu", "pagi",     "last",  "May"};
  uint32_t seed = 11;
  for (const char* lang : {"id", "en"}) {
    for (int round = 0; round < 500; ++round) {
      std::string text;
      for (int k = 0; k < 12; ++k) {
        seed = seed * 1103515245u + 12345u;
        text += words[(seed >> 16) % words.size()];
        text += " ";
      }
      for (const DateMention& d : Finder(lang).Find(text, Iso("2024-03-31"))) {
        ASSERT_LE(d.span.end, text.size()) << text;
        ASSERT_TRUE(d.first.valid()) << text;
        ASSERT_TRUE(d.last.valid()) << text;
        ASSERT_LE(d.first, d.last) << text;
      }
    }
  }
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

// The month and day names of the data agree with ICU's DateFormatSymbols:
// every full name ICU knows is in months.tsv / days.tsv with the same number.
TEST(DateFinderTest, NamesAgreeWithIcu) {
  auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  ASSERT_TRUE(data.ok());
  for (const char* lang : {"id", "en"}) {
    UErrorCode status = U_ZERO_ERROR;
    icu::DateFormatSymbols symbols(icu::Locale(lang), status);
    ASSERT_TRUE(U_SUCCESS(status));
    auto months = data->ReadTsv(lang, "months.tsv");
    auto days = data->ReadTsv(lang, "days.tsv");
    ASSERT_TRUE(months.ok() && days.ok());
    auto has = [](const std::vector<std::vector<std::string>>& rows, int number,
                  const std::string& name) {
      for (const auto& row : rows) {
        if (row.size() >= 2 && std::stoi(row[0]) == number && FoldCase(row[1]) == name) {
          return true;
        }
      }
      return false;
    };
    int32_t count = 0;
    const icu::UnicodeString* names = symbols.getMonths(count);
    for (int32_t m = 0; m < count; ++m) {
      std::string name;
      names[m].toUTF8String(name);
      EXPECT_TRUE(has(*months, m + 1, FoldCase(name))) << lang << " " << name;
    }
    // ICU counts weekdays from Sunday = 1; the data uses ISO, Monday = 1.
    names = symbols.getWeekdays(count);
    for (int32_t d = 1; d < count; ++d) {
      std::string name;
      names[d].toUTF8String(name);
      int iso = d == 1 ? 7 : d - 1;
      EXPECT_TRUE(has(*days, iso, FoldCase(name))) << lang << " " << name;
    }
  }
}

}  // namespace
}  // namespace warta
