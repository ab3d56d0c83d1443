#include "boilerplate.h"

#include <gtest/gtest.h>

namespace warta {
namespace {

class BoilerplateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<DataDir> data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    auto rules = BoilerplateRules::Load(*data);
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    rules_ = new BoilerplateRules(std::move(*rules));
  }
  static void TearDownTestSuite() { delete rules_; }
  static BoilerplateRules* rules_;
};
BoilerplateRules* BoilerplateTest::rules_ = nullptr;

struct Case {
  const char* name;
  const char* in;
  const char* out;
};

TEST_F(BoilerplateTest, Table) {
  const Case cases[] = {
      {"list header with headlines up to a sentence",
       "Satu kalimat berita.\nBaca Juga:\n\nJudul Berita Lain\n\nJudul Kedua, Ini Dia\n"
       "Kalimat berikutnya tetap ada.",
       "Satu kalimat berita.\n\nKalimat berikutnya tetap ada."},
      {"list with dash bullets",
       "Isi berita.\nBerita Terkait\n-\nJudul Satu\n-\nJudul Dua\nTerpopuler\n- 7 Judul Tiga",
       "Isi berita."},
      {"list header alone before a sentence keeps the sentence",
       "Isi berita.\nBaca Juga\nPutin tidak membantah bahwa pasukan berada di Rusia.",
       "Isi berita.\n\nPutin tidak membantah bahwa pasukan berada di Rusia."},
      {"inline link after a list header",
       "Isi berita.\nBaca Juga: Dunia Akui Kehebatan, Delegasi: Kami Cinta\nLanjut berita.",
       "Isi berita.\n\nLanjut berita."},
      {"a sentence starting with a list word is kept",
       "Pilihan itu diambil oleh pemerintah pada hari Senin.",
       "Pilihan itu diambil oleh pemerintah pada hari Senin."},
      {"share prefix", "Isi berita.\nShare: Judul Berita", "Isi berita."},
      {"share word in running text is kept", "Share prices fell sharply on Monday.",
       "Share prices fell sharply on Monday."},
      {"advertisement line", "Para.\nAdvertisement\nMore.", "Para.\n\nMore."},
      {"caption marker and its credit",
       "featured image\nFlickr/Lucien Muller/Tentara (Korut)\nAgen melaporkan sesuatu.",
       "Agen melaporkan sesuatu."},
      {"caption printed twice with credit",
       "Isi.\nPutin dan Kim berjanji\nPutin dan Kim berjanji (AFP melalui Getty)\nLanjut.",
       "Isi.\n\nLanjut."},
      {"section label at the top only",
       "Internasional\n\nJudul Berita Ini Panjang\n\nIsi.\nInternasional",
       "Judul Berita Ini Panjang\n\nIsi.\n\nInternasional"},
      {"donation appeal run at the start",
       "Dukungan Anda membantu kami\n\nKami memilih tanpa paywall. Bantu kami.\n\n"
       "Badan intelijen memperingatkan.",
       "Badan intelijen memperingatkan."},
      {"appeal words mid-article are kept",
       "Berita pertama.\n\nPemerintah meminta dukungan Anda untuk vaksinasi.\n\nAkhir.",
       "Berita pertama.\n\nPemerintah meminta dukungan Anda untuk vaksinasi.\n\nAkhir."},
      {"trailing credit and source link",
       "Isi berita.\n\nReuters dan AP berkontribusi pada laporan ini\n\nTautan sumber",
       "Isi berita."},
      {"english credit", "Body.\n\nReuters contributed to this report.", "Body."},
      {"hard-wrapped lines are joined",
       "The agency said the troops\nwere moved last week.\nNext paragraph.",
       "The agency said the troops were moved last week.\n\nNext paragraph."},
      {"blank and whitespace-only input", " \n\t\n", ""},
      // Issue 17, item 8: the page's own words inside the text.
      {"a call to action in capitals",
       "Judul\n\nParagraf satu berita.\n\nSCROLL TO CONTINUE WITH CONTENT\n\nParagraf dua.",
       "Judul\n\nParagraf satu berita.\n\nParagraf dua."},
      {"a label in capitals with typographic punctuation",
       "Title\n\nFirst paragraph.\n\nADVERTISEMENT \xE2\x80\x94 CONTINUE READING BELOW\n\nMore.",
       "Title\n\nFirst paragraph.\n\nMore."},
      {"a headline in capitals on the first line is kept", "BANJIR MELANDA JAKARTA\n\nIsi berita.",
       "BANJIR MELANDA JAKARTA\n\nIsi berita."},
      {"capitals with a figure are kept", "Judul\n\nIsi.\n\n12 ORANG TEWAS DALAM BANJIR\n\nLanjut.",
       "Judul\n\nIsi.\n\n12 ORANG TEWAS DALAM BANJIR\n\nLanjut."},
      {"a capitalised line leading into the next is kept",
       "Judul\n\nIsi.\n\nKYIV \xE2\x80\x94\n\nLanjut.",
       "Judul\n\nIsi.\n\nKYIV \xE2\x80\x94\n\nLanjut."},
      {"lower case in another script is not capitals",
       "Judul\n\nIsi.\n\nNATO \xD0\xB7\xD0\xB0\xD1\x8F\xD0\xB2\xD0\xB8\xD0\xBB\xD0\xB0\n\nLanjut.",
       "Judul\n\nIsi.\n\nNATO \xD0\xB7\xD0\xB0\xD1\x8F\xD0\xB2\xD0\xB8\xD0\xBB\xD0\xB0\n\nLanjut."},
      {"a call to action right after the first paragraph",
       "Paragraf satu berita.\nSCROLL TO CONTINUE WITH CONTENT\nParagraf dua.",
       "Paragraf satu berita.\n\nParagraf dua."},
      {"a video teaser", "Judul\n\nIsi berita.\n\nSimak juga Video: Banjir di Kota\n\nLanjut.",
       "Judul\n\nIsi berita.\n\nLanjut."},
  };
  for (const Case& c : cases) {
    LineCleanResult r = rules_->Clean(c.in);
    EXPECT_EQ(r.text, c.out) << c.name;
  }
}

TEST_F(BoilerplateTest, BylinesGiveAuthorAndOutlet) {
  LineCleanResult r = rules_->Clean(
      "Judul\n\nYopi Makdori \xE2\x80\x94 Asumsi.co\n\nIsi berita.");
  EXPECT_EQ(r.text, "Judul\n\nIsi berita.");
  EXPECT_EQ(r.author, "Yopi Makdori");
  EXPECT_EQ(r.outlet, "Asumsi.co");

  r = rules_->Clean("Isi berita.\nPenulis: Ani Rahma");
  EXPECT_EQ(r.text, "Isi berita.");
  EXPECT_EQ(r.author, "Ani Rahma");
}

TEST_F(BoilerplateTest, MapPointsIntoInput) {
  std::string in = "Baca Juga:\nJudul\n\n  Kalimat pertama.  \nKalimat kedua.";
  LineCleanResult r = rules_->Clean(in);
  ASSERT_EQ(r.text, "Kalimat pertama.\n\nKalimat kedua.");
  size_t second = r.text.find("Kalimat kedua");
  auto span = r.map.ToOriginalSpan(second, second + 13);
  EXPECT_EQ(in.substr(span.first, span.second - span.first), "Kalimat kedua");
  auto first = r.map.ToOriginalSpan(0, 16);
  EXPECT_EQ(in.substr(first.first, first.second - first.first), "Kalimat pertama.");
  EXPECT_EQ(r.removed.size(), 2u);
}

TEST(LineKeyTest, FoldsAndDropsPunctuation) {
  EXPECT_EQ(LineKey("Baca Juga:"), "baca juga");
  EXPECT_EQ(LineKey("  BERITA   Terkait "), "berita terkait");
  EXPECT_EQ(LineKey("-"), "");
}

TEST(LooksLikeSentenceTest, Table) {
  EXPECT_TRUE(LooksLikeSentence("Ini kalimat."));
  EXPECT_TRUE(LooksLikeSentence("\"Ini kutipan,\" katanya."));
  EXPECT_TRUE(LooksLikeSentence("Dia berkata: \xE2\x80\x9CIni.\xE2\x80\x9D"));
  EXPECT_TRUE(LooksLikeSentence("Zelensky mengatakan:"));
  EXPECT_FALSE(LooksLikeSentence("Judul Berita Tanpa Titik"));
  EXPECT_FALSE(LooksLikeSentence("Hakim Meninggal di Indekos, Kenapa?"));
  EXPECT_FALSE(LooksLikeSentence(""));
  EXPECT_TRUE(LooksLikeSentence(std::string(200, 'a')));
}

}  // namespace
}  // namespace warta
