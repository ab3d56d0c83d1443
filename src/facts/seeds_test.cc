// Gold claims, scored the way ../shared/tools/score_claims.py scores: a
// system claim matches a gold one when its span overlaps the gold quote and
// its value (or interval, or stance) agrees. Three corpora: the sample corpus
// against testdata/claims-dev.jsonl (a copy of ../shared/gold/claims-dev.jsonl),
// and the English and Indonesian test corpora of tests/data/claims/{en,id}
// against their gold.jsonl. Each fails below the bar of issue 3: quantity F1
// 0.9; source, stance and what right on 0.9 of matched claims; stance-only
// recall 0.8. The sample corpus also checks the non-claims the gold README
// lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <cstdio>

#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/ingest.h"
#include "warta/read.h"
#include "warta/text.h"

namespace warta {
namespace {

bool ContainsWords(const std::string& big, const std::string& small) {
  std::vector<std::string> b = SimpleWords(big), s = SimpleWords(small);
  if (s.empty() || s.size() > b.size()) return false;
  for (size_t i = 0; i + s.size() <= b.size(); ++i) {
    if (std::equal(s.begin(), s.end(), b.begin() + static_cast<long>(i))) return true;
  }
  return false;
}

bool SameNumber(const nlohmann::json& g, const std::optional<double>& s) {
  if (g.is_null()) return !s.has_value();
  if (!s) return false;
  double gv = g.get<double>();
  return std::fabs(gv - *s) <= 1e-9 * std::max(1.0, std::fabs(gv));
}

bool SourceOk(const nlohmann::json& gold, const Claim& c) {
  std::vector<std::string> said;
  if (!c.source.empty()) said.push_back(c.source);
  if (!c.source_mention.empty()) said.push_back(c.source_mention);
  for (const auto& alias : gold["source"]) {
    std::string a = alias.get<std::string>();
    if (a == "OUTLET") {
      if (said.empty() || c.source == "OUTLET") return true;
      continue;
    }
    for (const std::string& s : said) {
      if (ContainsWords(s, a) || ContainsWords(a, s)) return true;
    }
  }
  return false;
}

// Every claim of the articles at `paths`, and each article's bytes by id.
std::vector<Claim> ExtractAll(const std::vector<std::string>& paths,
                              std::map<std::string, std::string>* content) {
  std::vector<Claim> all;
  auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  EXPECT_TRUE(data.ok());
  if (!data.ok()) return all;
  auto cleaner = Cleaner::Create(*data);
  EXPECT_TRUE(cleaner.ok());
  auto extractor = ClaimExtractor::Create(*data);
  EXPECT_TRUE(extractor.ok()) << extractor.status().ToString();
  if (!cleaner.ok() || !extractor.ok()) return all;
  ReadInputs(
      paths, ReadOptions(),
      [&](RawArticle raw) {
        CleanArticle clean = (*cleaner)->Clean(raw);
        Document doc = MakeDocument(std::move(raw), std::move(clean));
        (*content)[doc.id] = doc.content;
        for (Claim& c : (*extractor)->Extract(doc)) all.push_back(std::move(c));
      },
      [](const ReadError& e) { ADD_FAILURE() << e.ToString(); });
  return all;
}

std::vector<nlohmann::json> ReadGold(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "gold file " << path;
  std::vector<nlohmann::json> gold;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) gold.push_back(nlohmann::json::parse(line));
  }
  return gold;
}

// The bar a corpus must reach: quantity F1; agreement on what, source and
// stance among matched quantity claims; stance-only recall.
struct Bar {
  double f1 = 0.9;
  double what = 0.9;
  double source = 0.9;
  double stance = 0.9;
  double stance_only = 0.8;
};

// Scores `all` against `gold` and fails below `bar`; `name` labels the
// failures. With `every_source`, each matched claim must also name its source.
void ExpectAtBar(const std::string& name, const std::vector<nlohmann::json>& gold,
                 const std::vector<Claim>& all,
                 std::map<std::string, std::string>& content, bool every_source,
                 const Bar& bar = Bar()) {
  SCOPED_TRACE(name);
  std::set<std::string> gold_docs;
  for (const auto& g : gold) gold_docs.insert(g["doc"].get<std::string>());

  std::set<size_t> used;
  size_t gold_q = 0, gold_s = 0, sys_q = 0, matched_q = 0, matched_s = 0;
  size_t what_ok = 0, source_ok = 0, stance_ok = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    if (gold_docs.count(all[i].doc) && all[i].what != "stance") ++sys_q;
  }
  for (const auto& g : gold) {
    std::string doc = g["doc"];
    std::string quote = g["quote"];
    bool stance_only = g["what"] == "stance";
    (stance_only ? gold_s : gold_q)++;
    size_t pos = content[doc].find(quote);
    ASSERT_NE(pos, std::string::npos) << quote;
    size_t gend = pos + quote.size();
    for (size_t i = 0; i < all.size(); ++i) {
      const Claim& c = all[i];
      if (used.count(i) || c.doc != doc || !(c.start < gend && c.end > pos)) continue;
      bool match;
      if (stance_only) {
        match = c.stance == g["stance"];
      } else if (!g["value"].is_null()) {
        match = SameNumber(g["value"], c.value);
      } else {
        match = SameNumber(g["min"], c.min) && SameNumber(g["max"], c.max);
      }
      if (!match) continue;
      used.insert(i);
      if (stance_only) {
        ++matched_s;
      } else {
        ++matched_q;
        what_ok += c.what == g["what"];
        stance_ok += c.stance == g["stance"];
        source_ok += SourceOk(g, c);
        if (every_source) {
          EXPECT_TRUE(SourceOk(g, c)) << quote << " -> " << c.source << " / " << c.source_mention;
        }
      }
      break;
    }
  }
  double p = sys_q ? double(matched_q) / sys_q : 0;
  double r = gold_q ? double(matched_q) / gold_q : 0;
  double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
  ASSERT_GT(matched_q, 0u);
  ASSERT_GT(gold_s, 0u);
  // The figures, for the log of every run: "id-dev: P 0.908 R 0.916 ...".
  std::printf("%s: quantity P %.3f R %.3f F1 %.3f (gold %zu, system %zu); what %.3f source %.3f "
              "stance %.3f; stance-only %zu/%zu\n",
              name.c_str(), p, r, f1, gold_q, sys_q, double(what_ok) / matched_q,
              double(source_ok) / matched_q, double(stance_ok) / matched_q, matched_s, gold_s);
  EXPECT_GE(f1, bar.f1) << "precision " << p << " recall " << r;
  EXPECT_GE(double(what_ok) / matched_q, bar.what) << "what";
  EXPECT_GE(double(source_ok) / matched_q, bar.source) << "source";
  EXPECT_GE(double(stance_ok) / matched_q, bar.stance) << "stance";
  EXPECT_GE(double(matched_s) / gold_s, bar.stance_only) << "stance-only recall";
}

TEST(SeedsTest, GoldClaims) {
  auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  ASSERT_TRUE(data.ok());
  std::map<std::string, std::string> content;  // doc -> original bytes
  std::vector<Claim> all = ExtractAll({data->SampleCorpus()}, &content);

  // The non-claims, in every seed (001 and 003 included).
  for (const Claim& c : all) {
    if (!c.value) continue;
    EXPECT_NE(*c.value, 27000000) << c.quote;  // donation appeal of 002
    EXPECT_NE(*c.value, 23) << c.quote;        // KN-23
    EXPECT_NE(*c.value, 1950) << c.quote;
    EXPECT_NE(*c.value, 1953) << c.quote;
    EXPECT_NE(*c.value, 2022) << c.quote;
    EXPECT_EQ(c.quote.find("tahun ketiga"), std::string::npos) << c.quote;
  }

  std::vector<nlohmann::json> gold =
      ReadGold(std::string(WARTA_FACTS_TESTDATA) + "/claims-dev.jsonl");
  ASSERT_EQ(gold.size(), 26u);
  ExpectAtBar("claims-dev", gold, all, content, /*every_source=*/true);
}

// The test corpora of tests/data/claims/<lang>: every *.txt article against
// the folder's gold.jsonl.
void ExpectCorpusAtBar(const std::string& lang) {
  std::string dir = std::string(WARTA_TEST_DATA_DIR) + "/claims/" + lang;
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  ASSERT_EQ(paths.size(), 8u) << dir;
  std::map<std::string, std::string> content;
  std::vector<Claim> all = ExtractAll(paths, &content);
  std::vector<nlohmann::json> gold = ReadGold(dir + "/gold.jsonl");
  ASSERT_GT(gold.size(), 100u);
  ExpectAtBar(lang, gold, all, content, /*every_source=*/false);
}

TEST(SeedsTest, EnglishCorpus) { ExpectCorpusAtBar("en"); }

TEST(SeedsTest, IndonesianCorpus) { ExpectCorpusAtBar("id"); }

// The development gold of real news in ../shared/gold (id-dev: 100
// Indonesian articles; en-dev: 92 English articles), at the bar of the claims
// issue: quantity F1, source and stance agreement 0.9, stance-only recall
// 0.75. `what` is reported, not barred (the dev policy's `people`/`other`
// split is finer than the taxonomy's). Skipped where ../shared is absent, as
// on a user's machine.
void ExpectDevSetAtBar(const std::string& set) {
  std::string dir = std::string(WARTA_SHARED_DIR) + "/gold/" + set;
  if (!std::filesystem::exists(dir + "/gold.jsonl")) {
    GTEST_SKIP() << dir << " is absent";
  }
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/docs")) {
    if (e.path().extension() == ".txt") paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::map<std::string, std::string> content;
  std::vector<Claim> all = ExtractAll(paths, &content);
  Bar bar;
  bar.what = 0;
  bar.stance_only = 0.75;
  ExpectAtBar(set, ReadGold(dir + "/gold.jsonl"), all, content, /*every_source=*/false, bar);
}

TEST(DevSetsTest, IndonesianNews) { ExpectDevSetAtBar("id-dev"); }

TEST(DevSetsTest, EnglishNews) { ExpectDevSetAtBar("en-dev"); }

}  // namespace
}  // namespace warta
