#include "warta/clean.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace warta {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CleanerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<DataDir> data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    data_ = new DataDir(*data);
    auto cleaner = Cleaner::Create(*data);
    ASSERT_TRUE(cleaner.ok()) << cleaner.status().ToString();
    cleaner_ = cleaner->release();
  }
  static void TearDownTestSuite() {
    delete cleaner_;
    delete data_;
  }
  static RawArticle Seed(const std::string& name) {
    RawArticle raw;
    raw.id = name;
    raw.origin = data_->SampleCorpus() + "/" + name;
    raw.content = Slurp(raw.origin);
    return raw;
  }
  static Cleaner* cleaner_;
  static DataDir* data_;
};
Cleaner* CleanerTest::cleaner_ = nullptr;
DataDir* CleanerTest::data_ = nullptr;

struct SeedCase {
  const char* file;
  std::vector<const char*> gone;  // boilerplate that must be removed
  std::vector<const char*> kept;  // article text that must stay
  const char* title;
  const char* author;
  const char* outlet;
  const char* published;
};

TEST_F(CleanerTest, SampleCorpus) {
  const SeedCase cases[] = {
      {"000_4ca6dffac9dc008f.txt",
       {"featured image", "Flickr/Lucien Muller", "Baca Juga", "Putin Teken UU",
        "Share:", "Internasional\n", "Yopi Makdori"},
       {"Kerahkan Ribuan Pasukan Khusus", "Agen mata-mata Korea Selatan melaporkan",
        "13.000 kontainer", "tanpa menjelaskan lebih lanjut tindakan apa yang mungkin diambil."},
       "Intelijen Korsel Sebut Korut Kerahkan Ribuan Pasukan Khusus untuk Bantu Rusia "
       "dalam Perang Ukraina",
       "Yopi Makdori", "Asumsi.co", "2024-10-18"},
      {"001_e0bda86051a4806c.txt",
       {},
       {"PARAMETERMEDIA.COM", "lebih dari 12 ribu pasukan", "mengecam kerja sama militer"},
       "AS Khawatirkan Keberadaan Puluhan Ribu Pasukan Korea Utara di Rusia", "",
       "PARAMETERMEDIA.COM", ""},
      {"002_f8555e85fd7eb562.txt",
       {"Dukungan Anda", "27 juta", "paywall", "Getty", "Tautan sumber", "berkontribusi"},
       {"Badan intelijen Korea Selatan telah memperingatkan", "1,2 juta tentara",
        "Sir Keir Starmer", "tingkat keputusasaan terhadap Rusia."},
       "", "", "", ""},
      {"003_669123e63d5a7895.txt",
       {"Berita Terkait", "Terpopuler", "Pilihan", "Terkini", "Dunia Akui Kehebatan",
        "Kode Redeem", "Prabowo Diminta", "Baca Juga"},
       {"Suara.com - Korea Selatan memanggil duta besar", "Sekitar 1.500 tentara",
        "sangat mungkin benar."},
       "", "", "Suara.com", ""},
      {"004_2f167f2b09e4421a.txt",
       {"Baca Juga", "Advertisement"},
       {"Liputan6.com, Kyiv", "Putin tidak membantah", "hal ini dibantah Korea Utara."},
       "", "", "Liputan6.com", "2024-10-25"},
  };
  for (const SeedCase& c : cases) {
    RawArticle raw = Seed(c.file);
    CleanArticle clean = cleaner_->Clean(raw);
    for (const char* g : c.gone) {
      EXPECT_EQ(clean.text.find(g), std::string::npos) << c.file << " still has: " << g;
    }
    for (const char* k : c.kept) {
      EXPECT_NE(clean.text.find(k), std::string::npos) << c.file << " lost: " << k;
    }
    EXPECT_EQ(clean.meta.title, c.title) << c.file;
    EXPECT_EQ(clean.meta.author, c.author) << c.file;
    EXPECT_EQ(clean.meta.outlet, c.outlet) << c.file;
    EXPECT_EQ(clean.meta.published, c.published) << c.file;
    EXPECT_EQ(clean.meta.lang, "id") << c.file;
    // Every paragraph maps back to the same bytes of the original.
    size_t pos = 0;
    while (pos < clean.text.size()) {
      size_t end = clean.text.find("\n\n", pos);
      if (end == std::string::npos) end = clean.text.size();
      auto span = clean.map.ToOriginalSpan(pos, end);
      EXPECT_EQ(raw.content.substr(span.first, span.second - span.first),
                clean.text.substr(pos, end - pos))
          << c.file;
      pos = end + 2;
    }
  }
}

TEST_F(CleanerTest, InvalidUtf8IsRepairedAndMapped) {
  RawArticle raw;
  raw.id = "bad.txt";
  raw.content = "Harga naik \xFF\xFE tajam pada hari Senin.\nBaca Juga:\nJudul Lain";
  CleanArticle clean = cleaner_->Clean(raw);
  EXPECT_EQ(clean.text, "Harga naik \xEF\xBF\xBD\xEF\xBF\xBD tajam pada hari Senin.");
  EXPECT_EQ(clean.repaired_bytes, 2u);
  size_t t = clean.text.find("tajam");
  EXPECT_EQ(clean.map.ToOriginal(t), raw.content.find("tajam"));
}

TEST_F(CleanerTest, ContainerMetadataWins) {
  RawArticle raw;
  raw.id = "x";
  raw.content = "Suara.com - Harga beras naik pada Senin (14/10/2024) di Jakarta.";
  raw.outlet = "Suara";
  raw.published = "2024-10-15";
  CleanArticle clean = cleaner_->Clean(raw);
  EXPECT_EQ(clean.meta.outlet, "Suara");
  EXPECT_EQ(clean.meta.published, "2024-10-15");
  EXPECT_EQ(clean.meta.provenance.at("outlet"), "input");
}

TEST_F(CleanerTest, HtmlTitleAndVisibleText) {
  RawArticle raw;
  raw.id = "page.html";
  raw.kind = ContentKind::kHtml;
  raw.content =
      "<html lang=\"en\"><head><title>Troops sent</title><script>var x = 1;</script>"
      "</head><body><p>The agency said 1,500 troops were sent to the Far East.</p>"
      "<p>Officials in Seoul could not verify the report on Friday.</p></body></html>";
  CleanArticle clean = cleaner_->Clean(raw);
  EXPECT_EQ(clean.meta.title, "Troops sent");
  EXPECT_EQ(clean.meta.lang, "en");
  EXPECT_NE(clean.text.find("1,500 troops"), std::string::npos);
  EXPECT_EQ(clean.text.find("var x"), std::string::npos);
  size_t t = clean.text.find("1,500");
  ASSERT_NE(t, std::string::npos);
  EXPECT_EQ(raw.content.substr(clean.map.ToOriginal(t), 5), "1,500");
}

TEST_F(CleanerTest, UnreadablePageSaysWhy) {
  RawArticle raw;
  raw.id = "empty.html";
  raw.kind = ContentKind::kHtml;
  raw.content = "";
  CleanArticle clean = cleaner_->Clean(raw);
  EXPECT_TRUE(clean.text.empty());
  EXPECT_FALSE(clean.error.empty());
}

}  // namespace
}  // namespace warta
