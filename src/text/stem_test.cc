#include "warta/stem.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace warta {
namespace {

DataDir Data() {
  auto d = DataDir::At(WARTA_SOURCE_DATA_DIR);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return *d;
}

struct StemCase {
  const char* word;
  const char* want;
};

TEST(IndonesianStemmerTest, Table) {
  auto stemmer = NewStemmer(Data(), "id");
  ASSERT_TRUE(stemmer.ok()) << stemmer.status().ToString();
  const std::vector<StemCase> cases = {
      // From the brief and the sample corpus.
      {"menembakkan", "tembak"},
      {"dikerahkan", "kerah"},
      {"mengerahkan", "kerah"},
      {"pengiriman", "kirim"},
      {"mengirimkan", "kirim"},
      {"pasukan", "pasuk"},  // the root list has "pasuk", not "pasukan"
      {"tentara", "tentara"},
      {"berita", "berita"},
      {"katanya", "kata"},
      {"mengatakan", "kata"},
      {"dikonfirmasi", "konfirmasi"},
      {"terkonfirmasi", "konfirmasi"},
      {"mengonfirmasi", "konfirmasi"},
      {"kecerdasan", "cerdas"},
      {"pertempuran", "tempur"},
      {"persenjataan", "senjata"},
      {"keterlibatan", "libat"},
      {"menyerang", "serang"},
      {"memasok", "pasok"},
      {"pelatihan", "latih"},
      {"bertempur", "tempur"},
      {"mendukung", "dukung"},
      {"membantu", "bantu"},
      {"memperkuat", "kuat"},
      {"pekerja", "kerja"},
      {"bekerja", "kerja"},
      {"belajar", "ajar"},
      {"pelajar", "ajar"},
      {"bermain", "main"},
      {"melihat", "lihat"},
      {"pemukiman", "mukim"},
      {"kemenangannya", "menang"},
      {"benarkah", "benar"},
      {"sisa-sisa", "sisa"},
      {"kira-kira", "kira"},
      // Not Indonesian words: unchanged.
      {"vladivostok", "vladivostok"},
      {"kn-23", "kn-23"},
      {"rusia-ukraina", "rusia-ukraina"},
      {"di", "di"},
      {"", ""},
  };
  for (const StemCase& c : cases) {
    EXPECT_EQ((*stemmer)->Stem(c.word), c.want) << c.word;
  }
}

TEST(EnglishStemmerTest, Table) {
  auto stemmer = NewStemmer(Data(), "en");
  ASSERT_TRUE(stemmer.ok()) << stemmer.status().ToString();
  const std::vector<StemCase> cases = {
      {"troops", "troop"},      {"officials", "offici"},
      {"deployed", "deploy"},   {"generals", "general"},
      {"running", "run"},       {"denies", "deni"},
      {"confirmed", "confirm"}, {"", ""},
  };
  for (const StemCase& c : cases) {
    EXPECT_EQ((*stemmer)->Stem(c.word), c.want) << c.word;
  }
}

TEST(StemmerTest, UnknownLanguageIsIdentityAndClonesWork) {
  auto stemmer = NewStemmer(Data(), "xx");
  ASSERT_TRUE(stemmer.ok());
  EXPECT_EQ((*stemmer)->Stem("troops"), "troops");
  auto en = NewStemmer(Data(), "en");
  ASSERT_TRUE(en.ok());
  auto id = NewStemmer(Data(), "id");
  ASSERT_TRUE(id.ok());
  // One clone per thread.
  std::vector<std::thread> threads;
  std::vector<std::string> got(8);
  for (int k = 0; k < 8; ++k) {
    auto mine = (k % 2 ? *en : *id)->Clone();
    threads.emplace_back([k, &got, s = std::move(mine)]() mutable {
      for (int r = 0; r < 200; ++r) got[k] = s->Stem(k % 2 ? "troops" : "pengiriman");
    });
  }
  for (auto& t : threads) t.join();
  for (int k = 0; k < 8; ++k) EXPECT_EQ(got[k], k % 2 ? "troop" : "kirim");
}

TEST(StopWordsTest, Lookup) {
  auto id = StopWords::Create(Data(), "id");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_TRUE((*id)->IsStopWord("yang"));
  EXPECT_TRUE((*id)->IsStopWord("dan"));
  EXPECT_FALSE((*id)->IsStopWord("tentara"));
  auto en = StopWords::Create(Data(), "en");
  ASSERT_TRUE(en.ok());
  EXPECT_TRUE((*en)->IsStopWord("the"));
  EXPECT_FALSE((*en)->IsStopWord("troops"));
  auto none = StopWords::Create(Data(), "xx");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)->size(), 0u);
}

}  // namespace
}  // namespace warta
