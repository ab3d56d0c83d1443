// Stance, as tables: stance words, their look-alikes, negation, and the
// stance-only claims of sentences without an amount.
#include <gtest/gtest.h>

#include "test_util.h"

namespace warta {
namespace {

using facts_test::ExtractText;
using facts_test::FindValue;

struct StanceCase {
  const char* lang;
  const char* text;
  double value;        // -1: the stance-only claim
  const char* stance;  // "" = no such claim must come out
  const char* source;
};

const StanceCase kCases[] = {
    {"id", "Ribuan pasukan khusus itu kemungkinan bakal diterjunkan ke Ukraina.", 1000, "hedged",
     "OUTLET"},
    {"id", "Jika benar, 500 tentara sudah tiba di Rusia.", 500, "hedged", "OUTLET"},
    // "untuk kemungkinan penempatan": a possible deployment, no hedge.
    {"id",
     "AS mengatakan Korea Utara mengirim 3.000 tentara ke Rusia untuk kemungkinan penempatan di "
     "Ukraina.",
     3000, "asserts", "United States"},
    {"id",
     "Sekjen NATO Mark Rutte mengatakan ia tidak dapat mengonfirmasi laporan bahwa lebih dari 12 "
     "ribu pasukan terlibat.",
     12000, "cannot_verify", "Mark Rutte"},
    {"id",
     "Juru bicara Gedung Putih Sean Savett mengatakan belum dapat memverifikasi laporan tersebut.",
     -1, "cannot_verify", "Sean Savett"},
    {"id",
     "Sekretaris Jenderal NATO Mark Rutte mengatakan aliansi “tidak memiliki bukti bahwa tentara "
     "Korea Utara terlibat.",
     -1, "no_evidence", "Mark Rutte"},
    {"id", "Kremlin sebelumnya menepis laporan itu sebagai \"berita palsu\".", -1, "denies",
     "Kremlin"},
    {"id", "Namun, hal ini dibantah Korea Utara.", -1, "denies", "North Korea"},
    {"id", "“Kerja sama militer itu kini telah dikonfirmasi secara resmi,” kata NIS.", -1,
     "confirms", "NIS"},
    // A negated denial is none.
    {"id", "Putin tidak membantah bahwa pasukan Korea Utara berada di Rusia.", -1, "", ""},
    // A hedge alone makes no stance-only claim.
    {"id", "Lebih banyak pasukan kemungkinan akan dikirim.", -1, "", ""},
    // Another voice's hedge does not hedge the report.
    {"id",
     "Media Ukraina melaporkan bahwa enam perwira tewas, yang menurut menteri pertahanan sangat "
     "mungkin benar.",
     6, "asserts", "Media Ukraina"},
    // Reached for comment, or checking: no confirmation.
    {"id", "“Kami masih menyelidiki kasus ini,” kata Budi saat dikonfirmasi, Senin.", -1, "", ""},
    {"en", "“We are still trying to confirm the facts,” the spokeswoman said.", -1, "", ""},
    {"en", "The Kremlin denied the report.", -1, "denies", "Kremlin"},
    // Rejecting an accusation denies it; not knowing cannot verify.
    {"id", "Mercedes menolak tudingan mencampur oli ke dalam bahan bakar.", -1, "denies",
     "Mercedes"},
    {"en", "It's unknown how many were injured, police said.", -1, "cannot_verify", "police"},
    {"en", "NATO said it could not verify reports that 12,000 troops were deployed.", 12000,
     "cannot_verify", "NATO"},
    {"en", "Officials said they had no evidence of the deployment.", -1, "no_evidence",
     "Officials"},
    {"en", "About 500 soldiers reportedly arrived in Kursk.", 500, "hedged", "OUTLET"},
    // "May" the month is no hedge.
    {"en", "In May, 500 soldiers arrived in Kursk.", 500, "asserts", "OUTLET"},
    {"en", "Moscow has not denied that 3,000 soldiers are in Russia.", 3000, "asserts", "OUTLET"},
};

TEST(StanceTest, Table) {
  for (const StanceCase& tc : kCases) {
    SCOPED_TRACE(tc.text);
    auto claims = ExtractText(tc.text, tc.lang);
    const Claim* c = FindValue(claims, tc.value);
    if (*tc.stance == '\0') {
      EXPECT_EQ(c, nullptr) << c->stance;
      continue;
    }
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->stance, tc.stance);
    EXPECT_EQ(c->source, tc.source);
    if (tc.value < 0) {
      EXPECT_EQ(c->what, "stance");
      EXPECT_FALSE(c->value.has_value());
      EXPECT_EQ(c->qualifier, "");
    }
  }
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

// A flood story in English: new sources are not anaphors ("The governor"),
// "officials" is a source of its own, a quoted "We" is the quoted speaker's.
TEST(StanceTest, EnglishFloodStory) {
  const char* text =
      "Floods kill 45 in Jakarta as rains continue\n\n"
      "JAKARTA (AP) - Floods have killed at least 45 people in the capital, the national "
      "disaster agency said on Sunday.\n\n"
      "Police spokesman Yusri Yunus told reporters that 300 officers had been deployed. "
      "\"We cannot confirm the reports,\" Yunus said.\n\n"
      "The governor denied reports that the city's pumps had failed. Officials could not "
      "confirm a local media report that the death toll had risen to 60.";
  auto claims = facts_test::ExtractText(text, "en");
  size_t headline = 0;
  for (const Claim& c : claims) {
    if (c.value && *c.value == 45) {
      ++headline;
      EXPECT_EQ(c.what, "killed");
    }
    if (c.what == "stance" && c.stance == "cannot_verify") {
      EXPECT_EQ(c.source, "Yusri Yunus");
    }
    if (c.what == "stance" && c.stance == "denies") {
      EXPECT_EQ(c.source, "The governor");
    }
  }
  EXPECT_EQ(headline, 2u);
  const Claim* c = facts_test::FindValue(claims, 60);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->what, "killed");
  EXPECT_EQ(c->stance, "cannot_verify");
  EXPECT_EQ(c->source, "Officials");
}

}  // namespace
}  // namespace warta
