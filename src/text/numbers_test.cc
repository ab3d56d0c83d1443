#include "warta/numbers.h"

#include <gtest/gtest.h>
#include <unicode/rbnf.h>

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace warta {
namespace {

const NumberFinder& Finder(const std::string& lang) {
  static std::map<std::string, std::unique_ptr<NumberFinder>>* finders =
      new std::map<std::string, std::unique_ptr<NumberFinder>>();
  auto it = finders->find(lang);
  if (it == finders->end()) {
    auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    EXPECT_TRUE(data.ok());
    auto f = NumberFinder::Create(*data, lang);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    it = finders->emplace(lang, std::move(*f)).first;
  }
  return *it->second;
}

constexpr double kNone = -1;  // "no value" in the tables below

struct AmountCase {
  const char* lang;
  const char* text;
  const char* span;  // the amount's span; the first amount whose span this is
  double value;      // kNone: no value
  double min;        // kNone: open
  double max;        // kNone: open
  Qualifier qualifier;
  AmountKind kind;
  const char* unit;
};

std::string Describe(const std::vector<Amount>& amounts, std::string_view text) {
  std::string out;
  for (const Amount& a : amounts) {
    out += "[" + std::string(a.span.Of(text)) + "] " + AmountKindName(a.kind) + " " +
           QualifierName(a.qualifier) + " v=" + (a.value ? std::to_string(*a.value) : "-") +
           " min=" + (a.min ? std::to_string(*a.min) : "-") +
           " max=" + (a.max ? std::to_string(*a.max) : "-") +
           " unit=" + std::string(a.unit.Of(text)) + "\n";
  }
  return out;
}

void Check(const AmountCase& c) {
  std::string text = c.text;
  std::vector<Amount> amounts = Finder(c.lang).Find(text);
  const Amount* found = nullptr;
  for (const Amount& a : amounts) {
    if (a.span.Of(text) == c.span) {
      found = &a;
      break;
    }
  }
  ASSERT_NE(found, nullptr) << c.text << " wants [" << c.span << "], got:\n"
                            << Describe(amounts, text);
  const Amount& a = *found;
  std::string where = std::string(c.text) + "\n" + Describe(amounts, text);
  EXPECT_EQ(a.kind, c.kind) << where;
  EXPECT_EQ(a.qualifier, c.qualifier) << where;
  auto eq = [](const std::optional<double>& got, double want) {
    return want == kNone ? !got.has_value() : (got.has_value() && *got == want);
  };
  EXPECT_TRUE(eq(a.value, c.value)) << "value " << where;
  EXPECT_TRUE(eq(a.min, c.min)) << "min " << where;
  EXPECT_TRUE(eq(a.max, c.max)) << "max " << where;
  EXPECT_EQ(a.unit.Of(text), c.unit) << where;
}

using Q = Qualifier;
using K = AmountKind;

// A number written alone is a year in four digits from 1900 to 2100.
TEST(NumberFinderTest, BareYears) {
  EXPECT_TRUE(IsBareYear("2017"));
  EXPECT_TRUE(IsBareYear("1900"));
  EXPECT_TRUE(IsBareYear("2100"));
  EXPECT_FALSE(IsBareYear("1899"));
  EXPECT_FALSE(IsBareYear("2101"));
  EXPECT_FALSE(IsBareYear("201"));
  EXPECT_FALSE(IsBareYear("20170"));
  EXPECT_FALSE(IsBareYear("20a7"));
  EXPECT_TRUE(IsBareYear(2017.0));
}

TEST(NumberFinderTest, IndonesianCorpusFigures) {
  const std::vector<AmountCase> cases = {
      {"id", "mengerahkan 1.500 pasukan khusus ke wilayah timur jauh Rusia", "1.500", 1500, 1500,
       1500, Q::kExact, K::kCount, "pasukan"},
      {"id", "lebih dari 12 ribu pasukan Korea Utara terlibat aktif", "lebih dari 12 ribu", 12000,
       12000, kNone, Q::kMoreThan, K::kCount, "pasukan"},
      {"id", "total sekitar 12.000 tentara Korea Utara", "sekitar 12.000", 12000, 12000, 12000,
       Q::kApprox, K::kCount, "tentara"},
      {"id", "Korea Utara memiliki 1,2 juta tentara", "1,2 juta", 1200000, 1200000, 1200000,
       Q::kExact, K::kCount, "tentara"},
      {"id", "lebih dari delapan juta artileri dan roket telah dikirim", "lebih dari delapan juta",
       8000000, 8000000, kNone, Q::kMoreThan, K::kCount, "artileri"},
      {"id", "lebih dari 8 juta artileri dan roket", "lebih dari 8 juta", 8000000, 8000000, kNone,
       Q::kMoreThan, K::kCount, "artileri"},
      {"id", "keberadaan puluhan ribu tentara Korea Utara", "puluhan ribu", kNone, 10000, 99999,
       Q::kVague, K::kCount, "tentara"},
      {"id", "Korut Kerahkan Ribuan Pasukan Khusus", "Ribuan", kNone, 1000, 9999, Q::kVague,
       K::kCount, "Pasukan"},
      {"id", "mengidentifikasi puluhan perwira Korea Utara", "puluhan", kNone, 10, 99, Q::kVague,
       K::kCount, "perwira"},
      {"id", "bahwa enam warga Korea Utara termasuk di antara mereka yang tewas", "enam", 6, 6, 6,
       Q::kExact, K::kCount, "warga"},
      {"id", "termasuk 500 perwira dan tiga jenderal", "500", 500, 500, 500, Q::kExact, K::kCount,
       "perwira"},
      {"id", "termasuk 500 perwira dan tiga jenderal", "tiga", 3, 3, 3, Q::kExact, K::kCount,
       "jenderal"},
      {"id", "pelatihan sedang berlangsung di lima pangkalan militer", "lima", 5, 5, 5, Q::kExact,
       K::kCount, "pangkalan"},
      {"id", "mengirimkan satu batalion pasukan", "satu", 1, 1, 1, Q::kExact, K::kCount,
       "batalion"},
      {"id", "yang dibentuk dalam empat brigade ke Rusia", "empat", 4, 4, 4, Q::kExact, K::kCount,
       "brigade"},
      {"id", "ke dalam 13.000 kontainer sejak Agustus tahun lalu", "13.000", 13000, 13000, 13000,
       Q::kExact, K::kCount, "kontainer"},
      {"id", "mengirim 3.000 tentara, termasuk pasukan khusus", "3.000", 3000, 3000, 3000,
       Q::kExact, K::kCount, "tentara"},
      {"id", "Korea Utara Klaim Sejuta Pemuda Gabung", "Sejuta", 1000000, 1000000, 1000000,
       Q::kExact, K::kCount, "Pemuda"},
      {"id", "Perang Korea tahun 1950 hingga 1953.", "1950 hingga 1953", kNone, 1950, 1953,
       Q::kRange, K::kYear, ""},
      {"id", "Invasi yang memasuki tahun ketiga.", "ketiga", 3, 3, 3, Q::kExact, K::kOrdinal, ""},
      {"id", "cara mengoperasikan rudal balistik KN-23 yang dipasok", "KN-23", kNone, kNone, kNone,
       Q::kExact, K::kDesignator, "yang"},
      {"id", "invasi Rusia ke Ukraina pada tahun 2022.", "2022", 2022, 2022, 2022, Q::kExact,
       K::kYear, ""},
      {"id", "pada tanggal 23 Oktober 2024, kehadiran mereka", "23", 23, 23, 23, Q::kExact,
       K::kDate, "Oktober"},
      {"id", "antara tanggal 8 dan 13 Oktober, Korea Utara", "antara tanggal 8 dan 13", kNone, 8,
       13, Q::kRange, K::kDate, "Oktober"},
      {"id", "pada Jumat (18/10/2024).", "18/10/2024", kNone, kNone, kNone, Q::kExact, K::kDate,
       ""},
      {"id", "Dukungan dari 27 juta orang Amerika", "27 juta", 27000000, 27000000, 27000000,
       Q::kExact, K::kCount, "orang"},
  };
  for (const AmountCase& c : cases) Check(c);
}

TEST(NumberFinderTest, IndonesianFormats) {
  const std::vector<AmountCase> cases = {
      {"id", "Ada 12 ribu orang", "12 ribu", 12000, 12000, 12000, Q::kExact, K::kCount, "orang"},
      {"id", "Ada 12ribu orang", "12ribu", 12000, 12000, 12000, Q::kExact, K::kCount, "orang"},
      {"id", "sebanyak 1.500.000 dosis", "1.500.000", 1500000, 1500000, 1500000, Q::kExact,
       K::kCount, "dosis"},
      {"id", "dua belas ribu relawan", "dua belas ribu", 12000, 12000, 12000, Q::kExact, K::kCount,
       "relawan"},
      {"id", "satu juta dua ratus ribu pemilih", "satu juta dua ratus ribu", 1200000, 1200000,
       1200000, Q::kExact, K::kCount, "pemilih"},
      {"id", "seribu rumah rusak", "seribu", 1000, 1000, 1000, Q::kExact, K::kCount, "rumah"},
      {"id", "seratus ribu pengungsi", "seratus ribu", 100000, 100000, 100000, Q::kExact, K::kCount,
       "pengungsi"},
      {"id", "sepuluh desa", "sepuluh", 10, 10, 10, Q::kExact, K::kCount, "desa"},
      {"id", "kira-kira 300 korban", "kira-kira 300", 300, 300, 300, Q::kApprox, K::kCount,
       "korban"},
      {"id", "hampir 500 rumah", "hampir 500", 500, kNone, 500, Q::kLessThan, K::kCount, "rumah"},
      {"id", "kurang dari 20 orang", "kurang dari 20", 20, kNone, 20, Q::kLessThan, K::kCount,
       "orang"},
      {"id", "tidak kurang dari 20 orang", "tidak kurang dari 20", 20, 20, kNone, Q::kMoreThan,
       K::kCount, "orang"},
      {"id", "antara 8 dan 13 juta dolar", "antara 8 dan 13 juta dolar", kNone, 8000000, 13000000,
       Q::kRange, K::kMoney, ""},
      {"id", "sekitar 10-20 orang", "sekitar 10-20", kNone, 10, 20, Q::kRange, K::kCount, "orang"},
      {"id", "100 hingga 200 orang", "100 hingga 200", kNone, 100, 200, Q::kRange, K::kCount,
       "orang"},
      {"id", "ratusan ribu warga", "ratusan ribu", kNone, 100000, 999999, Q::kVague, K::kCount,
       "warga"},
      {"id", "jutaan pemilih", "jutaan", kNone, 1000000, 9999999, Q::kVague, K::kCount, "pemilih"},
      {"id", "lebih dari ribuan orang", "lebih dari ribuan", kNone, 1000, kNone, Q::kMoreThan,
       K::kCount, "orang"},
      {"id", "Balikin Duit Rp3,5 T Gara-Gara", "Rp3,5 T", 3500000000000, 3500000000000,
       3500000000000, Q::kExact, K::kMoney, "Gara-Gara"},
      {"id", "senilai Rp 2 miliar untuk", "Rp 2 miliar", 2000000000, 2000000000, 2000000000,
       Q::kExact, K::kMoney, "untuk"},
      {"id", "harga naik 5 persen", "5 persen", 5, 5, 5, Q::kExact, K::kPercent, ""},
      {"id", "inflasi 2,5% pada", "2,5%", 2.5, 2.5, 2.5, Q::kExact, K::kPercent, "pada"},
      {"id", "pukul 10.30 WIB", "10.30 WIB", 10.3, 10.3, 10.3, Q::kExact, K::kTime, ""},
      {"id", "tiba 10.30 WIB di", "10.30 WIB", 10.3, 10.3, 10.3, Q::kExact, K::kTime, "di"},
      {"id", "hubungi 0812-3456-7890 segera", "0812-3456-7890", kNone, kNone, kNone, Q::kExact,
       K::kPhone, "segera"},
      {"id", "di nomor 0435-821-1122.", "0435-821-1122", kNone, kNone, kNone, Q::kExact, K::kPhone,
       ""},
      {"id", "layanan darurat di nomor 115.", "115", kNone, kNone, kNone, Q::kExact, K::kDesignator,
       ""},
      // After a verb of change "hingga" is "to" (exact), elsewhere "up to".
      {"id", "korban tewas bertambah hingga 19 orang", "bertambah hingga 19", 19, 19, 19,
       Q::kExact, K::kCount, "orang"},
      {"id", "harga hingga 15 persen", "hingga 15 persen", 15, kNone, 15, Q::kLessThan,
       K::kPercent, ""},
      {"id", "omset hingga ratusan ribu rupiah", "hingga ratusan ribu rupiah", kNone, 100000,
       999999, Q::kVague, K::kMoney, ""},
      {"id", "ukuran 500ml seharga", "500", 500, 500, 500, Q::kExact, K::kCount, "ml"},
      {"id", "Pasal 15 Undang-Undang", "15", kNone, kNone, kNone, Q::kExact, K::kDesignator,
       "Undang-Undang"},
      {"id", "Minggu (04 / 12) lalu", "04 / 12", kNone, kNone, kNone, Q::kExact, K::kDate, ""},
      {"id", "sekitar 300-an orang", "sekitar 300-an", 300, 300, 300, Q::kApprox, K::kCount,
       "orang"},
      {"id", "300-an orang", "300-an", 300, 300, 300, Q::kApprox, K::kCount, "orang"},
      {"id", "era 1950-an", "1950-an", 1950, 1950, 1950, Q::kExact, K::kYear, ""},
      {"id", "yang ke-3 kalinya", "ke-3", 3, 3, 3, Q::kExact, K::kOrdinal, "kalinya"},
      {"id", "pesawat F-16 dan Su-57", "F-16", kNone, kNone, kNone, Q::kExact, K::kDesignator,
       "dan"},
      {"id", "pandemi COVID-19 melanda", "COVID-19", kNone, kNone, kNone, Q::kExact, K::kDesignator,
       "melanda"},
      {"id", "KTT G20 di Bali", "20", kNone, kNone, kNone, Q::kExact, K::kDesignator, "di"},
      {"id", "Perang Dunia 1939-1945 berakhir", "1939-1945", kNone, 1939, 1945, Q::kRange, K::kYear,
       "berakhir"},
      {"id", "pada 2022 invasi", "2022", 2022, 2022, 2022, Q::kExact, K::kYear, "invasi"},
      {"id", "sekitar 2000 tentara", "sekitar 2000", 2000, 2000, 2000, Q::kApprox, K::kCount,
       "tentara"},
      {"id", "setengah juta warga", "setengah juta", 500000, 500000, 500000, Q::kExact, K::kCount,
       "warga"},
      {"id", "satu setengah juta warga", "satu setengah juta", 1500000, 1500000, 1500000, Q::kExact,
       K::kCount, "warga"},
      {"id", "satu koma lima", "satu", 1, 1, 1, Q::kExact, K::kCount, "koma"},
  };
  for (const AmountCase& c : cases) Check(c);
}

TEST(NumberFinderTest, English) {
  const std::vector<AmountCase> cases = {
      {"en", "North Korea sent 1,500 special forces", "1,500", 1500, 1500, 1500, Q::kExact,
       K::kCount, "special"},
      {"en", "more than 12,000 troops", "more than 12,000", 12000, 12000, kNone, Q::kMoreThan,
       K::kCount, "troops"},
      {"en", "about 12,000 soldiers", "about 12,000", 12000, 12000, 12000, Q::kApprox, K::kCount,
       "soldiers"},
      {"en", "an army of 1.2 million troops", "1.2 million", 1200000, 1200000, 1200000, Q::kExact,
       K::kCount, "troops"},
      {"en", "3 thousand people", "3 thousand", 3000, 3000, 3000, Q::kExact, K::kCount, "people"},
      {"en", "a $5bn deal", "$5bn", 5000000000, 5000000000, 5000000000, Q::kExact, K::kMoney,
       "deal"},
      {"en", "twelve thousand troops", "twelve thousand", 12000, 12000, 12000, Q::kExact, K::kCount,
       "troops"},
      {"en", "three generals and 500 officers", "three", 3, 3, 3, Q::kExact, K::kCount, "generals"},
      {"en", "twenty-one containers", "twenty-one", 21, 21, 21, Q::kExact, K::kCount, "containers"},
      {"en", "over eight million shells", "over eight million", 8000000, 8000000, kNone,
       Q::kMoreThan, K::kCount, "shells"},
      {"en", "tens of thousands of troops", "tens of thousands", kNone, 10000, 99999, Q::kVague,
       K::kCount, "troops"},
      {"en", "hundreds of thousands of people", "hundreds of thousands", kNone, 100000, 999999,
       Q::kVague, K::kCount, "people"},
      {"en", "thousands of soldiers", "thousands", kNone, 1000, 9999, Q::kVague, K::kCount,
       "soldiers"},
      {"en", "dozens of officers", "dozens", kNone, 10, 99, Q::kVague, K::kCount, "officers"},
      {"en", "millions of shells", "millions", kNone, 1000000, 9999999, Q::kVague, K::kCount,
       "shells"},
      {"en", "nearly 3,000 troops", "nearly 3,000", 3000, kNone, 3000, Q::kLessThan, K::kCount,
       "troops"},
      {"en", "under 50 people", "under 50", 50, kNone, 50, Q::kLessThan, K::kCount, "people"},
      {"en", "between 8 and 13 containers", "between 8 and 13", kNone, 8, 13, Q::kRange, K::kCount,
       "containers"},
      {"en", "the Korean War of 1950-1953", "1950-1953", kNone, 1950, 1953, Q::kRange, K::kYear,
       ""},
      {"en", "since 2022 the war", "2022", 2022, 2022, 2022, Q::kExact, K::kYear, "the"},
      {"en", "the third year of the war", "third", 3, 3, 3, Q::kExact, K::kOrdinal, "year"},
      {"en", "the 1st battalion", "1st", 1, 1, 1, Q::kExact, K::kOrdinal, "battalion"},
      {"en", "KN-23 missiles", "KN-23", kNone, kNone, kNone, Q::kExact, K::kDesignator, "missiles"},
      {"en", "on October 23, 2024", "23", 23, 23, 23, Q::kExact, K::kDate, ""},
      {"en", "SEOUL, Oct. 18 (Reuters)", "18", 18, 18, 18, Q::kExact, K::kDate, ""},
      {"en", "estimates from the 1990s.", "1990s", 1990, 1990, 1990, Q::kExact, K::kYear, ""},
      {"en", "up 4.5% on", "4.5%", 4.5, 4.5, 4.5, Q::kExact, K::kPercent, "on"},
      {"en", "one hundred and twenty soldiers", "one hundred and twenty", 120, 120, 120, Q::kExact,
       K::kCount, "soldiers"},
      {"en", "half a million people", "half a million", 500000, 500000, 500000, Q::kExact,
       K::kCount, "people"},
      {"en", "one and a half million people", "one and a half million", 1500000, 1500000, 1500000,
       Q::kExact, K::kCount, "people"},
      {"en", "between $120 million and $150 million a year",
       "between $120 million and $150 million", kNone, 120000000, 150000000, Q::kRange, K::kMoney,
       "a"},
      {"en", "up from 312 reported", "312", 312, 312, 312, Q::kExact, K::kCount, "reported"},
      {"en", "borrow about Sh923 billion to", "about Sh923 billion", 923000000000, 923000000000,
       923000000000, Q::kApprox, K::kMoney, "to"},
      {"en", "a 4.3 trillion shilling budget", "4.3 trillion shilling", 4300000000000,
       4300000000000, 4300000000000, Q::kExact, K::kMoney, "budget"},
      {"en", "a dozen drones", "a dozen", 12, 12, 12, Q::kExact, K::kCount, "drones"},
      // A dozen as a scale, and dozens of an unknown count.
      {"en", "more than two dozen trucks", "more than two dozen", 24, 24, kNone, Q::kMoreThan,
       K::kCount, "trucks"},
      {"en", "at least a half-dozen others", "at least a half-dozen", 6, 6, kNone, Q::kMoreThan,
       K::kCount, "others"},
      {"en", "several dozen countries", "several dozen", kNone, 10, 99, Q::kVague, K::kCount,
       "countries"},
      {"id", "dua lusin senjata", "dua lusin", 24, 24, 24, Q::kExact, K::kCount, "senjata"},
      // Below zero.
      {"en", "temperatures of minus 17 degrees", "minus 17", -17, -17, -17, Q::kExact, K::kCount,
       "degrees"},
      // Four digits before a time zone are a time of day.
      {"en", "Updated 0947 GMT (1747 HKT)", "1747 HKT", 1747, 1747, 1747, Q::kExact, K::kTime,
       ""},
  };
  for (const AmountCase& c : cases) Check(c);
}

TEST(NumberFinderTest, NotAmounts) {
  // Nothing here may come out as a quantity.
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"id", "rudal balistik KN-23 yang dipasok"},
      {"id", "sejak Perang Korea tahun 1950 hingga 1953"},
      {"id", "Invasi yang memasuki tahun ketiga"},
      {"id", "pada bulan Februari 2022"},
      {"id", "Jumat (25/10)"},
      {"id", "salah satu negara dengan kekuatan militer terbesar"},
      {"id", "pukul 10.30 WIB"},
      {"id", "pada tanggal 3 Oktober"},
      {"id", "kedua negara"},
      {"en", "one of the largest armies"},
      {"en", "on October 23, 2024"},
      {"en", "the 2nd time in 2022"},
  };
  for (const auto& [lang, text] : cases) {
    std::string t = text;
    for (const Amount& a : Finder(lang).Find(t)) {
      EXPECT_FALSE(a.IsQuantity()) << text << ": " << Describe({a}, t);
    }
  }
}

TEST(NumberFinderTest, ParseDigits) {
  double v = 0;
  EXPECT_TRUE(Finder("id").ParseDigits("1.500", &v));
  EXPECT_EQ(v, 1500);
  EXPECT_TRUE(Finder("id").ParseDigits("1,2", &v));
  EXPECT_DOUBLE_EQ(v, 1.2);
  EXPECT_TRUE(Finder("id").ParseDigits("12.000.000", &v));
  EXPECT_EQ(v, 12000000);
  EXPECT_TRUE(Finder("en").ParseDigits("1,500", &v));
  EXPECT_EQ(v, 1500);
  EXPECT_TRUE(Finder("en").ParseDigits("1.2", &v));
  EXPECT_DOUBLE_EQ(v, 1.2);
  EXPECT_FALSE(Finder("id").ParseDigits("24/10", &v));
  EXPECT_FALSE(Finder("id").ParseDigits("1.2.3,4,5", &v));
  EXPECT_FALSE(Finder("id").ParseDigits("", &v));
}

// Differential: our reading of spelled numbers against ICU's own spell-out.
TEST(NumberFinderTest, SpelledMatchesIcuSpellout) {
  for (const char* lang : {"id", "en"}) {
    UErrorCode status = U_ZERO_ERROR;
    icu::RuleBasedNumberFormat rbnf(icu::URBNF_SPELLOUT, icu::Locale(lang), status);
    ASSERT_TRUE(U_SUCCESS(status));
    for (int32_t n = 1; n < 1000000; n += (n < 2000 ? 1 : 997)) {
      icu::UnicodeString s;
      rbnf.format(n, s);
      std::string text;
      s.toUTF8String(text);
      std::vector<Token> tokens;
      Tokenize(text, &tokens);
      double value = 0;
      size_t used = Finder(lang).ParseSpelled(tokens, 0, &value);
      ASSERT_EQ(used, tokens.size()) << lang << " " << text;
      ASSERT_EQ(value, n) << lang << " " << text;
    }
  }
}

TEST(NumberFinderTest, SpansAreInsideTheText) {
  std::string text =
      "Disebutkan bahwa total sekitar 12.000 tentara Korea Utara, termasuk 500 "
      "perwira dan tiga jenderal, sudah berada di Rusia dan pelatihan sedang "
      "berlangsung di lima pangkalan militer.";
  std::vector<Amount> amounts = Finder("id").Find(text);
  ASSERT_EQ(amounts.size(), 4u) << Describe(amounts, text);
  uint32_t last = 0;
  for (const Amount& a : amounts) {
    EXPECT_GE(a.span.start, last);
    EXPECT_LE(a.span.end, text.size());
    EXPECT_LE(a.span.start, a.number.start);
    EXPECT_LE(a.number.end, a.span.end);
    last = a.span.end;
  }
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

TEST(NumberFinderTest, GarbageIn) {
  const std::vector<std::string> words = {
      "lebih", "dari", "12", "1.500", "ribu",  "juta",   "antara",  "dan",     "-",    "hingga",
      "Rp",    "$",    "%",  "tahun", "ke-3",  "ketiga", "puluhan", "sekitar", "tiga", "belas",
      "0812",  "(",    ")",  "WIB",   "10.30", "24/10",  "Oktober", "of",      "tens"};
  uint32_t seed = 7;
  for (const char* lang : {"id", "en"}) {
    for (int round = 0; round < 500; ++round) {
      std::string text;
      for (int k = 0; k < 12; ++k) {
        seed = seed * 1103515245u + 12345u;
        text += words[(seed >> 16) % words.size()];
        text += (seed & 1) ? " " : "";
      }
      for (const Amount& a : Finder(lang).Find(text)) {
        ASSERT_LE(a.span.end, text.size()) << text;
        ASSERT_LE(a.span.start, a.span.end) << text;
        if (a.min && a.max) {
          ASSERT_LE(*a.min, *a.max) << text;
        }
      }
    }
  }
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

// One finder shared by many threads gives every thread the same answer.
TEST(NumberFinderTest, SharedBetweenThreads) {
  const NumberFinder& finder = Finder("id");
  const std::string text =
      "lebih dari 12 ribu pasukan, sekitar 12.000 tentara dan puluhan ribu warga";
  const size_t want = finder.Find(text).size();
  ASSERT_EQ(want, 3u);
  std::vector<std::thread> threads;
  std::vector<size_t> got(4, 0);
  for (size_t k = 0; k < got.size(); ++k) {
    threads.emplace_back([&, k] {
      for (int r = 0; r < 300; ++r) got[k] = finder.Find(text).size();
    });
  }
  for (auto& t : threads) t.join();
  for (size_t g : got) EXPECT_EQ(g, want);
}

}  // namespace
}  // namespace warta
