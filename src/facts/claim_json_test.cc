// The JSON form of a claim: contract field order, nulls, integers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "warta/claim.h"

namespace warta {
namespace {

TEST(ClaimJsonTest, QuantityClaim) {
  Claim c;
  c.doc = "002.txt";
  c.start = 10;
  c.end = 20;
  c.quote = "1.500 pasukan";
  c.value = 1500;
  c.min = 1500;
  c.max = 1500;
  c.qualifier = "exact";
  c.what = "troops";
  c.what_text = "pasukan";
  c.location = "RU";
  c.source = "NIS";
  c.source_mention = "Badan Intelijen Nasional (NIS)";
  c.via = {"media Korea Selatan"};
  c.lang = "id";
  nlohmann::ordered_json j = ClaimJson(c);
  EXPECT_EQ(j.dump().substr(0, 40), R"({"doc":"002.txt","start":10,"end":20,"qu)");
  EXPECT_EQ(j["value"].dump(), "1500");
  EXPECT_EQ(j["measure"]["unit"], "troops");
  EXPECT_EQ(j["measure"]["place"], "RU");
  EXPECT_TRUE(j["measure"]["currency"].is_null());
  EXPECT_TRUE(j["subject"].is_null());
  EXPECT_EQ(j["location"], "RU");
  EXPECT_EQ(j["via"][0], "media Korea Selatan");
  EXPECT_EQ(j["stance"], "asserts");
  EXPECT_TRUE(j["said_date"].is_null());
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  std::vector<std::string> contract = {
      "doc",       "start",  "end",       "quote",      "value",    "min",    "max",
      "qualifier", "what",   "what_text", "subject",    "location", "source", "source_mention",
      "via",       "stance", "said_date", "event_date", "lang",           "measure"};
  ASSERT_GE(keys.size(), contract.size());
  for (size_t i = 0; i < contract.size(); ++i) EXPECT_EQ(keys[i], contract[i]);
}

TEST(ClaimJsonTest, StanceOnlyAndOpenInterval) {
  Claim c;
  c.what = "stance";
  c.stance = "denies";
  nlohmann::ordered_json j = ClaimJson(c);
  EXPECT_TRUE(j["value"].is_null());
  EXPECT_TRUE(j["min"].is_null());
  EXPECT_TRUE(j["qualifier"].is_null());
  EXPECT_EQ(j["source"], "OUTLET");
  c.what = "troops";
  c.min = 8000000;
  c.value = 1.5;
  j = ClaimJson(c);
  EXPECT_EQ(j["min"].dump(), "8000000");
  EXPECT_TRUE(j["max"].is_null());
  EXPECT_EQ(j["value"].dump(), "1.5");
}

}  // namespace
}  // namespace warta
