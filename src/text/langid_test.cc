#include <gtest/gtest.h>

#include "warta/text.h"

namespace warta {
namespace {

class LangIdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<DataDir> data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    auto id = LanguageIdentifier::Create(*data);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    id_ = std::move(*id);
  }
  std::unique_ptr<LanguageIdentifier> id_;
};

TEST_F(LangIdTest, Table) {
  struct Case {
    const char* text;
    const char* lang;
  } cases[] = {
      {"Agen mata-mata Korea Selatan melaporkan Korea Utara mengerahkan 1.500 "
       "pasukan khusus ke wilayah timur jauh Rusia guna melakukan latihan.",
       "id"},
      {"South Korea's spy agency said on Friday that North Korea has sent "
       "1,500 special forces troops to Russia's Far East for training.",
       "en"},
      {"Pada 18 Oktober, Korea Selatan melaporkan bahwa Pyongyang mulai "
       "mengirimkan pasukan khusus ke Rusia pada awal bulan ini.",
       "id"},
      // Too few function words to tell: "AS" reads as English "as".
      {"Pejabat AS mengkhawatirkan laporan keberadaan puluhan ribu tentara "
       "Korea Utara bersama pasukan Rusia.",
       ""},
      {"The ministry said it was not able to verify the report.", "en"},
      {"Kyiv", ""},
      {"", ""},
      {"1.500 12.000 3.000", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(id_->Identify(c.text), c.lang) << c.text;
  }
}

TEST(SimpleWordsTest, FoldsCaseAndSplits) {
  EXPECT_EQ(SimpleWords("Korea Utara (KORUT), anti-tank!"),
            (std::vector<std::string>{"korea", "utara", "korut", "anti-tank"}));
  EXPECT_EQ(SimpleWords("ÉTÉ Straße"), (std::vector<std::string>{"été", "straße"}));
  EXPECT_TRUE(SimpleWords(" -- ").empty());
}

}  // namespace
}  // namespace warta
