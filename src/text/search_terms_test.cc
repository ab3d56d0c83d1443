#include "warta/search_terms.h"

#include <gtest/gtest.h>

namespace warta {
namespace {

class SearchTermsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<DataDir> data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    Result<std::unique_ptr<SearchTerms>> terms = SearchTerms::Create(*data);
    ASSERT_TRUE(terms.ok()) << terms.status().ToString();
    terms_ = std::move(*terms);
  }
  std::unique_ptr<SearchTerms> terms_;
};

TEST_F(SearchTermsTest, IndonesianTextGetsEachStemOnce) {
  EXPECT_EQ(terms_->IndexStems("Pengiriman pasukan dikirim; Pasukan tiba.", "id"),
            "kirim pasuk tiba");
}

TEST_F(SearchTermsTest, OtherLanguagesAreLeftToTheEngine) {
  EXPECT_EQ(terms_->IndexStems("Troops were sent.", "en"), "");
  EXPECT_EQ(terms_->IndexStems("Pengiriman pasukan", ""), "");
}

TEST_F(SearchTermsTest, QueryStemsFollowTheEnginesWords) {
  // Punctuation and quotes split words and never reach the engine as syntax.
  std::vector<std::string> stems = terms_->QueryStems("\"pengiriman\" OR pasukan-Korea 12.000");
  EXPECT_EQ(stems, (std::vector<std::string>{"kirim", "or", "pasuk", "korea", "12", "000"}));
  EXPECT_TRUE(terms_->QueryStems("  ;; ").empty());
}

TEST_F(SearchTermsTest, QueryWordsAreAsWrittenOnePerStem) {
  struct Case {
    const char* query;
    std::vector<std::string> words;
  };
  for (const Case& c : std::vector<Case>{
           {"Pasukan KN-23", {"Pasukan", "KN", "23"}},
           {"Jum'at Jum\u2019at", {"Jum", "at", "Jum", "at"}},
           {"banjir\u2014longsor \u00ABBNPB\u00BB", {"banjir", "longsor", "BNPB"}},
           {"Zelenskyy\u2019s 12.000", {"Zelenskyy", "s", "12", "000"}},
           {"\"\" ;; -", {}},
       }) {
    std::vector<std::string> words = SearchTerms::QueryWords(c.query);
    EXPECT_EQ(words, c.words) << c.query;
    std::string joined;
    for (const std::string& w : words) joined += (joined.empty() ? "" : " ") + w;
    EXPECT_EQ(terms_->QueryStems(joined).size(), words.size()) << c.query;
    EXPECT_EQ(terms_->QueryStems(c.query).size(), words.size()) << c.query;
  }
}

TEST_F(SearchTermsTest, CloneStemsTheSame) {
  std::unique_ptr<SearchTerms> copy = terms_->Clone();
  EXPECT_EQ(copy->IndexStems("dikerahkan", "id"), terms_->IndexStems("dikerahkan", "id"));
}

}  // namespace
}  // namespace warta
