// What an amount counts, and which numbers are no claims, as tables.
#include <gtest/gtest.h>

#include "test_util.h"

namespace warta {
namespace {

using facts_test::ExtractText;
using facts_test::FindValue;

struct WhatCase {
  const char* lang;
  const char* text;
  double value;
  const char* what;
  const char* what_text;
  const char* qualifier;
};

const WhatCase kCases[] = {
    // A family's size, whatever comes before or after it.
    {"en", "Two gang members went on trial for killing a mother of 12 as they fired.", 12,
     "people", "mother of", "exact"},
    {"en", "Brooklyn mother of 12 killed in crossfire", 12, "people", "mother of", "exact"},
    // An appositive between the counted noun and its casualty verb.
    {"en", "Police said at least three people, a man and two women, were killed in the fire.", 3,
     "killed", "people", "more_than"},
    {"en", "We mourn the death of three of our citizens.", 3, "killed", "citizens", "exact"},
    // A figure that takes its noun from the one before keeps its own verb.
    {"en", "Some 30 people were killed and 55 others injured in the shelling.", 55, "wounded",
     "others", "exact"},
    {"id", "Korea Utara mengerahkan 1.500 pasukan khusus ke Rusia.", 1500, "troops",
     "pasukan khusus", "exact"},
    {"id", "Korea Utara mengirim 13.000 kontainer berisi peluru artileri.", 13000, "containers",
     "kontainer", "exact"},
    {"id", "Lebih dari delapan juta artileri dan roket telah dikirim.", 8000000, "munitions",
     "artileri", "more_than"},
    {"id", "Korea Utara mengirimkan satu batalion pasukan.", 1, "battalions", "batalion pasukan",
     "exact"},
    {"id", "Mereka dibentuk dalam empat brigade.", 4, "brigades", "brigade", "exact"},
    {"id", "Termasuk 500 perwira dan tiga jenderal.", 500, "officers", "perwira", "exact"},
    {"id", "Termasuk 500 perwira dan tiga jenderal.", 3, "generals", "jenderal", "exact"},
    {"id", "Pelatihan berlangsung di lima pangkalan militer.", 5, "bases", "pangkalan militer",
     "exact"},
    {"id", "Enam warga Korea Utara termasuk di antara mereka yang tewas.", 6, "killed", "warga",
     "exact"},
    {"id", "Serangan itu menewaskan sedikitnya 12 orang.", 12, "killed", "orang", "more_than"},
    {"id", "Sebanyak 30 orang luka-luka akibat ledakan.", 30, "wounded", "orang", "exact"},
    {"id", "Sebanyak 7 korban jiwa ditemukan.", 7, "killed", "korban jiwa", "exact"},
    {"id", "Polisi menyita 20 senjata api.", 20, "weapons", "senjata api", "exact"},
    {"id", "Ribuan warga mengungsi.", 1000, "people", "warga", "vague"},
    {"id", "Puluhan ribu tentara dikirim.", 10000, "troops", "tentara", "vague"},
    {"id", "Negara itu memiliki 1,2 juta tentara.", 1200000, "troops", "tentara", "exact"},
    {"id", "Kerugian ditaksir mencapai Rp3,5 triliun.", 3500000000000, "money", "Rp3,5 triliun",
     "exact"},
    {"id", "Harga beras naik 5 persen.", 5, "other", "persen", "exact"},
    {"id", "Klub itu menolak tawaran 60 juta poundsterling.", 60000000, "money", "poundsterling",
     "exact"},
    {"id", "Banjir merendam 171 rumah warga.", 171, "other", "rumah warga", "exact"},
    // Figures joined by a coordinator share the noun after the second.
    {"en", "The city was hit by the 7.6 and 7.5 magnitude quakes on Sunday.", 7.6, "other",
     "magnitude", "exact"},
    {"id", "Gempa bermagnitudo 6,1 dan 5,2 skala richter mengguncang Papua.", 6.1, "other",
     "skala richter", "exact"},
    {"en", "North Korea sent 12,000 North Korean soldiers.", 12000, "troops",
     "North Korean soldiers", "exact"},
    {"en", "More than 8 million artillery shells were shipped.", 8000000, "munitions",
     "artillery shells", "more_than"},
    {"en", "At least 12 people were killed in the strike.", 12, "killed", "people", "more_than"},
    {"en", "The fund will cost $5 billion.", 5000000000, "money", "$5 billion", "exact"},
    {"en", "Thousands of residents fled.", 1000, "people", "residents", "vague"},
    {"en", "The death toll rose to 45 on Monday.", 45, "killed", "", "exact"},
    {"en", "Police said 12 people were killed and 30 injured.", 30, "wounded", "injured", "exact"},
    {"id", "Jumlah korban tewas bertambah menjadi 45 orang.", 45, "killed", "orang", "exact"},
    // Counted nouns that the general stop-word list also holds.
    {"en", "The guard scored 23 points in the second half.", 23, "other", "points", "exact"},
    {"en", "The new wing adds 40 rooms to the hospital.", 40, "other", "rooms", "exact"},
    {"id", "Laporan itu dibagi menjadi dua bagian.", 2, "other", "bagian", "exact"},
    // A listed noun after a name: the number is no part of the name.
    {"id", "Golkar meraih 17 kursi, sementara PDIP 20 kursi.", 20, "other", "kursi", "exact"},
    // A word capitalised because it opens a quotation names nothing.
    {"id", "“ Untuk 300 pelanggan setia, terima kasih, ” katanya.", 300, "other",
     "pelanggan setia", "exact"},
};

TEST(WhatTest, Table) {
  for (const WhatCase& tc : kCases) {
    SCOPED_TRACE(tc.text);
    auto claims = ExtractText(tc.text, tc.lang);
    const Claim* c = FindValue(claims, tc.value);
    ASSERT_NE(c, nullptr) << "no claim of " << tc.value;
    EXPECT_EQ(c->what, tc.what);
    EXPECT_EQ(c->what_text, tc.what_text);
    EXPECT_EQ(c->qualifier, tc.qualifier);
  }
}

// Numbers that must never come out as claims.
const char* const kNoClaims[] = {
    "Perang Korea berlangsung dari tahun 1950 hingga 1953.",
    "Rusia menginvasi Ukraina pada bulan Februari 2022.",
    "Mereka menembakkan rudal balistik KN-23 ke Ukraina.",
    "Invasi yang memasuki tahun ketiga.",
    "Korea Utara mengirim kontingen ke Vietnam dan satu lagi ke Suriah.",
    "Zelensky mengatakan kedua negara kini menjadi koalisi penjahat.",
    "Mereka bertemu pada tanggal 23 Oktober 2024 di Kursk.",
    "Hubungi telp 021 555 1234 untuk informasi.",
    "Persiba Balikpapan 0 - 2 Persipura Jayapura.",
    "Samsung akan meresmikan Galaxy Note 8.",
    "Perempuan itu, Samiya (20), ditahan.",
    "Perang itu dimulai tiga tahun lalu.",
    "Andri, yang berusia 17 tahun, ditahan.",
    "Obat diminum setiap tiga jam.",
    "Ia adalah salah satu saksi.",
    "Ia merasa menjadi satu bagian dari keluarga itu.",
    "Pria 40 tahun itu ditangkap di rumahnya.",
    "Gugatan diajukan atas Peraturan Menteri nomor PM.26 Tahun 2017.",
    "Aturan itu mengganti PM 32 Tahun 2016.",
    "Produser film Marlina si Pembunuh dalam Empat Babak datang ke festival itu.",
    "Penyanyi 29 tahun tersebut merilis album baru.",
    "In 2022, Russia invaded Ukraine.",
    "The war entered its third year.",
    "The talks ended two days ago.",
    "The 10-year-old girl was hurt.",
    "The eight-year-old girl was hurt.",
    "The twenty-one-gun salute ended.",
    "The drug is taken every 90 days.",
    // A number in a name: a capitalised word before it, an unlisted word after.
    "The car was found on the Interstate 75 highway.",
    "The phone has a DDR 3 memory chip.",
    // A word glued to the digits without a hyphen names a thing.
    "The car is a 4x4 with a 3D camera.",
};

// Durations and measures are claims (the annotation policy of the dev sets):
// prison terms, tenures, lengths of events; several units make one claim in
// the smallest.
TEST(WhatTest, DurationsAndMeasures) {
  struct Case {
    const char* text;
    const char* lang;
    double value;
  };
  const Case cases[] = {
      {"Perang itu berlangsung selama tiga tahun.", "id", 3},
      {"Klub itu memberi sang pelatih kontrak lima tahun.", "id", 5},
      // A spelled number hyphenated to its unit, as "28-year" is.
      {"The club offered him an eight-year deal.", "en", 8},
      {"The jury began a four-week penalty phase.", "en", 4},
      {"Ia menempuh jarak 170,9 km.", "id", 170.9},
      {"Pebalap itu finis dengan waktu empat jam 20 menit 58 detik.", "id", 15658},
      {"The talks lasted two days.", "en", 2},
      {"He is a 28-year veteran of the force.", "en", 28},
      {"The 6.1-magnitude quake struck at dawn.", "en", 6.1},
      // A unit glued to its digits, and any noun after a hyphen.
      {"The laptop supports up to 8GB of memory.", "en", 8},
      {"The new model has a 2.93GHz chip.", "en", 2.93},
      {"The 1,000-member church was burned.", "en", 1000},
      {"The navy foiled a five-boat attack.", "en", 5},
      {"Firefighters worked in temperatures of minus 17 degrees.", "en", -17},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto claims = ExtractText(c.text, c.lang);
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_EQ(claims[0].value.value_or(-1), c.value);
    EXPECT_EQ(claims[0].what, "other");
  }
}

TEST(WhatTest, NotClaims) {
  for (const char* text : kNoClaims) {
    SCOPED_TRACE(text);
    bool english = std::string(text).find("Russia") != std::string::npos ||
                   std::string(text).find("The ") == 0;
    auto claims = ExtractText(text, english ? "en" : "id");
    for (const Claim& c : claims) {
      ADD_FAILURE() << "claim " << c.value.value_or(-1) << " " << c.what << " " << c.what_text;
    }
  }
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

// A count of people is whole: an English thousands separator in an
// Indonesian text is read by magnitude; a real fraction stays one.
TEST(WhatTest, CountsOfPeopleAreWhole) {
  auto claims = facts_test::ExtractText("UNHCR memberi kartu kepada 16,500 orang Rohingya.", "id");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].value.value_or(-1), 16500);
  claims = facts_test::ExtractText("Inflasi naik 2,5 persen.", "id");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].value.value_or(-1), 2.5);
}


// A listed unit opens the counted phrase even where it is a stop word too:
// "10 bulan lebih" counts months, not "lebih".
TEST(WhatTest, AListedUnitStaysInThePhrase) {
  auto claims = facts_test::ExtractText(
      "Setelah 10 bulan lebih melakukan penyelidikan, polisi belum menemukan pelaku.", "id");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].what_text, "bulan lebih");
}

// A number before a partitive counts the set it points back to.
TEST(WhatTest, PartitivesCount) {
  struct Case {
    const char* text;
    const char* lang;
    double value;
  };
  const Case cases[] = {
      {"Messi mengoleksi 29 trofi. Sebanyak empat di antaranya adalah piala Liga Champions.", "id",
       4},
      {"Three ladders fought the fire, two of which were positioned near the wall.", "en", 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    bool found = false;
    for (const Claim& claim : facts_test::ExtractText(c.text, c.lang)) {
      found |= claim.value.value_or(-1) == c.value;
    }
    EXPECT_TRUE(found);
  }
}

}  // namespace
}  // namespace warta
