// The data loaders: every language folder loads, malformed rows fail with the
// file named, and the gazetteer's capitalisation rules.
#include "lexicon.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace warta {
namespace facts {
namespace {

TEST(LexiconTest, EveryLanguageLoads) {
  auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  ASSERT_TRUE(data.ok());
  for (const std::string& lang : data->Languages()) {
    auto lex = Lexicon::Create(*data, lang);
    ASSERT_TRUE(lex.ok()) << lex.status().ToString();
    EXPECT_FALSE((*lex)->cues.values.empty()) << lang;
    EXPECT_FALSE((*lex)->stance.values.empty()) << lang;
    EXPECT_FALSE((*lex)->what_unit.values.empty()) << lang;
  }
}

TEST(LexiconTest, BadRowNamesItsFile) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / "warta_facts_lexicon_test";
  fs::create_directories(root / "lang" / "xx");
  std::ofstream(root / "lang" / "xx" / "claims-cues.tsv") << "shout\tteriak\n";
  auto data = DataDir::At(root.string());
  ASSERT_TRUE(data.ok());
  auto lex = Lexicon::Create(*data, "xx");
  ASSERT_FALSE(lex.ok());
  EXPECT_NE(lex.status().message().find("claims-cues.tsv"), std::string::npos);
  fs::remove_all(root);
}

struct PlaceCase {
  const char* text;
  const char* code;  // "" = no place at token 0
};

const PlaceCase kPlaces[] = {
    {"Rusia", "RU"},
    {"Korea Utara", "KP"},
    {"Korut", "KP"},
    {"Vladivostok", "RU"},
    {"Kursk", "RU"},
    {"Donetsk", "UA"},
    {"AS", "US"},
    {"as", ""},
    {"As", ""},
    {"North Korea", "KP"},
    {"Jakarta", "ID"},
    {"jakarta", ""},
    {"United States", "US"},
    {"Ukraina", "UA"},
};

TEST(GazetteerTest, Places) {
  auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  ASSERT_TRUE(data.ok());
  auto g = Gazetteer::Create(*data);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_GT((*g)->size(), 1000u);
  for (const PlaceCase& tc : kPlaces) {
    std::vector<Token> tokens;
    Tokenize(tc.text, &tokens);
    const std::string* code = nullptr;
    size_t n = (*g)->Match(tc.text, tokens, 0, &code);
    if (*tc.code == '\0') {
      EXPECT_EQ(n, 0u) << tc.text;
    } else {
      ASSERT_GT(n, 0u) << tc.text;
      EXPECT_EQ(*code, tc.code) << tc.text;
    }
  }
}

}  // namespace
}  // namespace facts
}  // namespace warta
