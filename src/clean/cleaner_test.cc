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

TEST_F(CleanerTest, ContainerAuthorWinsOverTheBylines) {
  RawArticle raw;
  raw.id = "x.html";
  raw.kind = ContentKind::kHtml;
  raw.content =
      "<html><head><meta name=\"author\" content=\"Page Author\"></head><body>"
      "<p>Oleh: Teks Penulis</p><p>Harga beras naik tajam pada hari Senin di Jakarta, "
      "kata pedagang di pasar induk.</p></body></html>";
  CleanArticle page = cleaner_->Clean(raw);
  EXPECT_EQ(page.meta.author, "Page Author");
  EXPECT_NE(page.meta.provenance.at("author"), "input");

  raw.author = "Rina Sari, Budi";
  CleanArticle clean = cleaner_->Clean(raw);
  EXPECT_EQ(clean.meta.author, "Rina Sari, Budi");
  EXPECT_EQ(clean.meta.provenance.at("author"), "input");

  RawArticle text;
  text.id = "x.txt";
  text.content = "Oleh: Teks Penulis\nHarga beras naik tajam pada hari Senin di Jakarta.";
  text.author = "Rina Sari";
  clean = cleaner_->Clean(text);
  EXPECT_EQ(clean.meta.author, "Rina Sari");
  EXPECT_EQ(clean.meta.provenance.at("author"), "input");
}

// A page's bytes in a legacy charset, with the charset its container
// declared, and what decoding must give.
struct CharsetCase {
  const char* name;
  std::string content;
  const char* declared;  // RawArticle::charset
  const char* text;      // must be in the clean text
  const char* encoding;  // provenance "encoding"
};

TEST_F(CleanerTest, ContainerCharsetDecodesPagesThatDeclareNone) {
  const std::string body =
      "<p>Der Caf\xE9-Besitzer sagte \x93Gr\xFC\xDF"
      "e aus K\xF6ln\x94 \x96 und "
      "\x80 12 f\xFCr den Kaffee.</p><p>Die B\xE4"
      "cker in der Stra\xDF"
      "e "
      "\xF6"
      "ffnen fr\xFCh.</p>";
  const std::string utf8_body =
      "<p>Der Caf\xC3\xA9-Besitzer sagte \xE2\x80\x9CGr\xC3\xBC\xC3\x9F"
      "e aus K\xC3\xB6ln\xE2\x80\x9D.</p>";
  // "Привет, мир" in windows-1251.
  const std::string cyrillic = "<p>\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0.</p>";
  const CharsetCase cases[] = {
      {"header only", "<html><body>" + body + "</body></html>", "windows-1252",
       "Caf\xC3\xA9-Besitzer sagte \xE2\x80\x9CGr\xC3\xBC\xC3\x9F"
       "e aus K\xC3\xB6ln\xE2\x80\x9D \xE2\x80\x93 und \xE2\x82\xAC 12",
       "transport:windows-1252"},
      {"iso-8859-1 read as windows-1252", "<html><body>" + body + "</body></html>", "iso-8859-1",
       "\xE2\x80\x9CGr\xC3\xBC\xC3\x9F", "transport:windows-1252"},
      // Short pages that the detector alone reads wrongly (as broken UTF-8,
      // as Arabic).
      {"header only, polish",
       "<html><body><p>Za\xBF\xF3\xB3\xE6 g\xEA\x9Cl\xB9 ja\x9F\xF1.</p></body></html>",
       "windows-1250",
       "Za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87 g\xC4\x99\xC5\x9Bl\xC4\x85 "
       "ja\xC5\xBA\xC5\x84.",
       "transport:windows-1250"},
      {"header only, greek",
       "<html><body><p>\xCA\xE1\xEB\xE7\xEC\xDD\xF1\xE1 \xEA\xFC\xF3\xEC\xE5."
       "</p></body></html>",
       "windows-1253",
       "\xCE\x9A\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBC\xCE\xAD\xCF\x81\xCE\xB1 "
       "\xCE\xBA\xCF\x8C\xCF\x83\xCE\xBC\xCE\xB5.",
       "transport:windows-1253"},
      // The page's own declaration wins over the header.
      {"meta utf-8 over a wrong header",
       "<html><head><meta charset=\"utf-8\"></head><body>" + utf8_body + "</body></html>",
       "windows-1252", "Caf\xC3\xA9-Besitzer sagte \xE2\x80\x9CGr\xC3\xBC\xC3\x9F",
       "meta-charset:utf-8"},
      {"meta windows-1251 over a wrong header",
       "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
       "charset=windows-1251\"></head><body>" +
           cyrillic + "</body></html>",
       "windows-1252", "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
       "http-equiv:windows-1251"},
      // A byte-order mark wins over both.
      {"bom over a wrong header", "\xEF\xBB\xBF<html><body>" + utf8_body + "</body></html>",
       "windows-1251", "Caf\xC3\xA9-Besitzer", "bom:utf-8"},
      // A header whose charset the bytes contradict gives way to UTF-8.
      {"utf-8 bytes under a legacy header", "<html><body>" + utf8_body + "</body></html>",
       "iso-8859-1", "Caf\xC3\xA9-Besitzer", "valid-utf-8-despite:windows-1252"},
      // No header: the bytes as UTF-8, as before.
      {"no header, utf-8", "<html><body>" + utf8_body + "</body></html>", "",
       "Caf\xC3\xA9-Besitzer", "valid-utf-8"},
  };
  for (const CharsetCase& c : cases) {
    SCOPED_TRACE(c.name);
    RawArticle raw;
    raw.id = "page.html";
    raw.kind = ContentKind::kHtml;
    raw.content = c.content;
    raw.charset = c.declared;
    CleanArticle clean = cleaner_->Clean(raw);
    EXPECT_TRUE(clean.error.empty()) << clean.error;
    EXPECT_NE(clean.text.find(c.text), std::string::npos) << clean.text;
    EXPECT_EQ(clean.meta.provenance["encoding"], c.encoding);
    EXPECT_EQ(clean.repaired_bytes, 0u);
    // Offsets still point into the bytes as read.
    size_t t = clean.text.find("Caf");
    if (t != std::string::npos) {
      EXPECT_EQ(raw.content.substr(clean.map.ToOriginal(t), 3), "Caf");
    }
  }
}

TEST_F(CleanerTest, ContainerDatesBecomeTheDayAsWritten) {
  struct DateCase {
    const char* published;  // RawArticle::published
    const char* date;       // Metadata::published, from the container
  };
  const DateCase cases[] = {
      {"2024-01-05", "2024-01-05"},
      {"2024-01-05T10:00:00+07:00", "2024-01-05"},
      // The day where it was written, not in UTC (2024-01-04 and -06 there).
      {"2024-01-05T01:00:00+07:00", "2024-01-05"},
      {"2024-01-05T23:30:00-05:00", "2024-01-05"},
      {"2024-01-05T10:00:00Z", "2024-01-05"},
      {"2024-01-05T10:00:00.123456Z", "2024-01-05"},
      {"2024-01-05T10:00:00+0700", "2024-01-05"},
      {"2024-01-05T10:00+07", "2024-01-05"},
      {"2024-01-05 10:00:00", "2024-01-05"},
      {"2024-01-05 10:00:00 WIB", "2024-01-05"},
      {" 2024-01-05T10:00:00Z\n", "2024-01-05"},
      {"2024-02-29T12:00:00Z", "2024-02-29"},
      // RFC 822, as RSS writes dates.
      {"Fri, 05 Jan 2024 23:30:00 -0500", "2024-01-05"},
      {"Fri, 5 Jan 2024 10:00:00 +0700", "2024-01-05"},
      {"Mon, 21 Oct 24 10:00 GMT", "2024-10-21"},
      {"5 JAN 2024", "2024-01-05"},
      // Not dates: nothing from the container.
      {"", ""},
      {"yesterday", ""},
      {"2024-13-05", ""},
      {"2023-02-29", ""},
      {"2024-01-32T10:00:00Z", ""},
      {"2024-01-05Tnoon", ""},
      {"2024-01-05T25:00:00Z", ""},
      {"2024-01-05T10:00:00+07:00 and more words", ""},
      {"0000-01-05", ""},
      {"24-01-05", ""},
      {"Fri, 05 Foo 2024 10:00:00 GMT", ""},
      {"Fri, 32 Jan 2024", ""},
      {"05/01/2024", ""},
  };
  for (const DateCase& c : cases) {
    SCOPED_TRACE(c.published);
    RawArticle raw;
    raw.id = "x";
    raw.content = "Harga beras naik tajam di Jakarta, kata pedagang.";
    raw.published = c.published;
    CleanArticle clean = cleaner_->Clean(raw);
    EXPECT_EQ(clean.meta.published, c.date);
    if (*c.date != '\0') {
      EXPECT_EQ(clean.meta.provenance["published"], "input");
    } else {
      EXPECT_EQ(clean.meta.provenance.count("published"), 0u);
    }
  }
}

TEST_F(CleanerTest, UnreadableContainerDateLeavesTheDateToTheText) {
  RawArticle raw;
  raw.id = "x";
  raw.content = "Suara.com - Harga beras naik pada Senin (14/10/2024) di Jakarta.";
  raw.published = "tomorrow at noon";
  CleanArticle clean = cleaner_->Clean(raw);
  EXPECT_EQ(clean.meta.published, "2024-10-14");
  EXPECT_NE(clean.meta.provenance.at("published"), "input");
  raw.published = "2024-10-15T08:00:00+07:00";
  clean = cleaner_->Clean(raw);
  EXPECT_EQ(clean.meta.published, "2024-10-15");
  EXPECT_EQ(clean.meta.provenance.at("published"), "input");
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
  EXPECT_EQ(clean.error, "empty after cleaning: empty page");
}

// A UTF-8 byte order mark opens the content, not the text; the text still
// maps back to the bytes after it.
TEST_F(CleanerTest, Utf8ByteOrderMarkIsNotText) {
  RawArticle raw;
  raw.id = "bom.txt";
  raw.content = "\xEF\xBB\xBFHarga beras naik tajam pada hari Senin.";
  CleanArticle clean = cleaner_->Clean(raw);
  EXPECT_EQ(clean.text, "Harga beras naik tajam pada hari Senin.");
  EXPECT_EQ(clean.error, "");
  EXPECT_EQ(clean.map.ToOriginal(0), 3u);
  EXPECT_EQ(clean.map.ToOriginal(clean.text.find("tajam")), raw.content.find("tajam"));
}

// Issue 18: a file of byte order marks, or of white space and zero-width
// characters, and a page of 100,000 nested divs were stored as empty
// documents. Nothing is left to read: the clean stage says so.
TEST_F(CleanerTest, NothingLeftToReadIsEmptyAfterCleaning) {
  std::string nested = "<html><body>";
  for (int i = 0; i < 100000; ++i) nested += "<div>";
  nested += "Deep text</body></html>";
  struct Case {
    const char* name;
    ContentKind kind;
    std::string content;
    std::string error;
  };
  const Case cases[] = {
      {"boms.txt", ContentKind::kText, "\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF", "empty after cleaning"},
      {"invisible.txt", ContentKind::kText,
       " \n\xE2\x80\x8B\xC2\xA0\t\xE3\x80\x80\xEF\xBB\xBF\n", "empty after cleaning"},
      {"boms.html", ContentKind::kHtml, "\xEF\xBB\xBF\xEF\xBB\xBF", "empty after cleaning"},
      {"nested.html", ContentKind::kHtml, nested, "empty after cleaning"},
      {"bom-then-text.txt", ContentKind::kText, "\xEF\xBB\xBF\xEF\xBB\xBFHarga naik.", ""},
      {"word.txt", ContentKind::kText, "\xE2\x80\x8B\xC3\xA9t\xC3\xA9", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    RawArticle raw;
    raw.id = c.name;
    raw.kind = c.kind;
    raw.content = c.content;
    CleanArticle clean = cleaner_->Clean(raw);
    if (c.error.empty()) {
      EXPECT_EQ(clean.error, "");
    } else {
      EXPECT_EQ(clean.error.substr(0, c.error.size()), c.error) << clean.error;
    }
  }
}

}  // namespace
}  // namespace warta
