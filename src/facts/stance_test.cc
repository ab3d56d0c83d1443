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
  double value;         // -1: the stance-only claim
  const char* stance;   // "" = no such claim must come out
  const char* source;
};

const StanceCase kCases[] = {
    {"id", "Ribuan pasukan khusus itu kemungkinan bakal diterjunkan ke Ukraina.", 1000, "hedged", "OUTLET"},
    {"id", "Jika benar, 500 tentara sudah tiba di Rusia.", 500, "hedged", "OUTLET"},
    // "untuk kemungkinan penempatan": a possible deployment, no hedge.
    {"id", "AS mengatakan Korea Utara mengirim 3.000 tentara ke Rusia untuk kemungkinan penempatan di Ukraina.",
     3000, "asserts", "United States"},
    {"id", "Sekjen NATO Mark Rutte mengatakan ia tidak dapat mengonfirmasi laporan bahwa lebih dari 12 ribu pasukan terlibat.",
     12000, "cannot_verify", "Mark Rutte"},
    {"id", "Juru bicara Gedung Putih Sean Savett mengatakan belum dapat memverifikasi laporan tersebut.",
     -1, "cannot_verify", "Sean Savett"},
    {"id", "Sekretaris Jenderal NATO Mark Rutte mengatakan aliansi “tidak memiliki bukti bahwa tentara Korea Utara terlibat.",
     -1, "no_evidence", "Mark Rutte"},
    {"id", "Kremlin sebelumnya menepis laporan itu sebagai \"berita palsu\".", -1, "denies", "Kremlin"},
    {"id", "Namun, hal ini dibantah Korea Utara.", -1, "denies", "North Korea"},
    {"id", "“Kerja sama militer itu kini telah dikonfirmasi secara resmi,” kata NIS.", -1, "confirms", "NIS"},
    // A negated denial is none.
    {"id", "Putin tidak membantah bahwa pasukan Korea Utara berada di Rusia.", -1, "", ""},
    // A hedge alone makes no stance-only claim.
    {"id", "Lebih banyak pasukan kemungkinan akan dikirim.", -1, "", ""},
    // Another voice's hedge does not hedge the report.
    {"id", "Media Ukraina melaporkan bahwa enam perwira tewas, yang menurut menteri pertahanan sangat mungkin benar.",
     6, "asserts", "Media Ukraina"},
    {"en", "The Kremlin denied the report.", -1, "denies", "Kremlin"},
    {"en", "NATO said it could not verify reports that 12,000 troops were deployed.", 12000, "cannot_verify", "NATO"},
    {"en", "Officials said they had no evidence of the deployment.", -1, "no_evidence", "Officials"},
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
