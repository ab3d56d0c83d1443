// Ledger golds scored by ../shared/tools/score_ledger.py against the
// `warta` binary of this build; skipped when ../shared (the gold sets and
// tools beside the repository) or python3 is absent.
//
//   EnDev   ../shared/gold/en-dev/ledger.jsonl: 104 expected verdicts over
//           twelve ECB+ stories. The bar is what the ledger reaches now, not
//           the goal (90% found, nothing spurious): raise it as the
//           ledger, and the claim extractor it reads, improve.
//   Seeds   tests/data/ledger-seeds/ledger.jsonl: the sample corpus
//           (data/corpus/seeds), every verdict an analyst expects (SPEC.md,
//           docs/ledger.md) and nothing else.
//   StoryEvents  tests/data/story-events/ledger.jsonl: the two bilingual
//           developing events (the Cianjur quake's toll, Indonesia's 2024
//           vote count), each event's ledger against the verdicts a careful
//           reader expects. The bars are what the ledger reaches now.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

constexpr int kEnDevMinFound = 46;  // of 104 expected verdicts
constexpr int kEnDevMaxSpurious = 33;

std::string RunCommand(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    *status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

struct Score {
  int found = 0, expected = 0, spurious = 0;
  std::string summary;
};

fs::path Shared() { return fs::path(WARTA_PROJECT_DIR) / ".." / "shared"; }

// Runs the scorer; false (with a message in *why) when it cannot.
bool ScoreLedger(const fs::path& gold, const fs::path& docs, const fs::path& stories, Score* score,
                 std::string* why) {
  int status = 0;
  std::string cmd = "python3 '" + (Shared() / "tools" / "score_ledger.py").string() + "' '" +
                    gold.string() + "' '" + std::string(WARTA_BINARY) + "' '" + docs.string() +
                    "' --stories '" + stories.string() + "' 2>&1";
  std::string out = RunCommand(cmd, &status);
  size_t at = out.rfind("expected found ");
  if (status != 0 || at == std::string::npos) {
    *why = out;
    return false;
  }
  score->summary = out.substr(at);
  if (std::sscanf(out.c_str() + at, "expected found %d/%d, spurious %d", &score->found,
                  &score->expected, &score->spurious) != 3) {
    *why = score->summary;
    return false;
  }
  return true;
}

bool ScorerMissing(std::string* why) {
  if (!fs::exists(Shared() / "tools" / "score_ledger.py")) {
    *why = "no ../shared/tools/score_ledger.py beside the repository";
    return true;
  }
  int status = 0;
  RunCommand("python3 --version > /dev/null 2>&1", &status);
  if (status != 0) {
    *why = "no python3";
    return true;
  }
  return false;
}

TEST(LedgerGoldTest, EnDevVerdictsFound) {
  std::string why;
  const fs::path gold = Shared() / "gold" / "en-dev";
  if (ScorerMissing(&why) || !fs::exists(gold / "ledger.jsonl")) GTEST_SKIP() << why;
  Score s;
  ASSERT_TRUE(ScoreLedger(gold / "ledger.jsonl", gold / "docs", gold / "stories.tsv", &s, &why))
      << why;
  EXPECT_GE(s.found, kEnDevMinFound) << s.summary;
  EXPECT_LE(s.spurious, kEnDevMaxSpurious) << s.summary;
}

TEST(LedgerGoldTest, SampleCorpusVerdictsAllFoundNoneSpurious) {
  std::string why;
  if (ScorerMissing(&why)) GTEST_SKIP() << why;
  const fs::path root(WARTA_PROJECT_DIR);
  const fs::path gold = root / "tests" / "data" / "ledger-seeds";
  Score s;
  ASSERT_TRUE(ScoreLedger(gold / "ledger.jsonl", root / "data" / "corpus" / "seeds",
                          gold / "stories.tsv", &s, &why))
      << why;
  EXPECT_EQ(s.found, s.expected) << s.summary;
  EXPECT_EQ(s.spurious, 0) << s.summary;
}

// Bars per event of tests/data/story-events: expected verdicts found at
// least, spurious verdicts at most, as measured when the expectations were
// written (not a goal): cianjur 1/13 found (the governor's 162 against
// the BNPB, though Warta names the BNPB's 268 for its 62), 14 spurious
// (a rising toll read as conflicts between days, bodies recovered in a
// day taken for the toll); pilpres 0/7 found, 6 spurious (partial tallies
// of different days and shares of polling stations read as conflicts).
// Raise them as the ledger improves. Since a running total that rises
// over days is no conflict: cianjur 0/13 (the 162 is now set against
// Ujang Muhammad's 120, its neighbour, not the BNPB's 62), 10 spurious;
// pilpres 0/7, 4 spurious. Since the BNPB's descriptions and its head are
// one origin: cianjur 11 spurious, one of them "BNPB moved its figure:
// more than 14 -> 62 -> 268 -> 271", the expected revision short of the
// 46 and 310 its sentences give without a casualty word ("people").
// Since a toll rising to its figure counts the dead: 12 spurious, the
// revision now "more than 14 -> 46 -> 62 -> 268 -> 271" and a new
// same-day line (BNPB's 46 against the Red Cross's 56). Measured again
// when the story stage joined short dated stories of one developing event
// (docs/stories.md): cianjur 0/13, 8 spurious; pilpres 0/7, 4 spurious.
//
// The stored story that holds most of an event's articles (the story
// stage of `warta ingest`, passes every 50 articles) feeds its ledger in
// use; `min_stored` is the fewest of the event's articles it holds:
// measured cianjur 22 of 23 and pilpres 21 of 22, against 11 and 8 before
// the merge pass joined short dated stories of one event (its ledger:
// cianjur 0 found, 8 spurious against 2; pilpres 0 found, 4 spurious
// against 3 — the stored story's ledger is now the event's).
struct EventBar {
  const char* story;
  int min_found, max_spurious, min_stored;
};
constexpr EventBar kStoryEventBars[] = {{"cianjur", 0, 8, 22}, {"pilpres", 0, 4, 21}};

TEST(LedgerGoldTest, StoryEventsVerdictsPerEvent) {
  std::string why;
  if (ScorerMissing(&why)) GTEST_SKIP() << why;
  const fs::path events = fs::path(WARTA_PROJECT_DIR) / "tests" / "data" / "story-events";
  // The articles as `warta ingest` reads JSON Lines: the event files name
  // a document `doc`, the ingester `id`.
  std::string dir = (fs::temp_directory_path() / "warta-story-events-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr) << dir;
  const fs::path docs = dir;
  {
    std::ofstream out(docs / "articles.jsonl");
    for (const char* name : {"quakes-west-java-2022.jsonl", "elections-2024.jsonl"}) {
      std::ifstream in(events / name);
      ASSERT_TRUE(in) << (events / name);
      std::string line;
      while (std::getline(in, line)) {
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        ASSERT_TRUE(j.is_object()) << name << ": " << line;
        nlohmann::json a = {{"id", j.at("doc")},         {"lang", j.at("lang")},
                            {"published", j.at("published")}, {"title", j.at("title")},
                            {"text", j.at("text")}};
        out << a.dump() << "\n";
      }
    }
  }
  int status = 0;
  std::string out = RunCommand("python3 '" + (Shared() / "tools" / "score_ledger.py").string() +
                                   "' '" + (events / "ledger.jsonl").string() + "' '" +
                                   std::string(WARTA_BINARY) + "' '" + docs.string() +
                                   "' --stories '" + (events / "stories.tsv").string() +
                                   "' --json 2>&1",
                               &status);
  fs::remove_all(docs);
  ASSERT_EQ(status, 0) << out;
  nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << out;
  std::map<std::string, nlohmann::json> by_story;
  for (const nlohmann::json& s : j.at("stories")) by_story[s.at("story")] = s;
  for (const EventBar& bar : kStoryEventBars) {
    ASSERT_TRUE(by_story.contains(bar.story)) << bar.story;
    const nlohmann::json& s = by_story[bar.story];
    int found = s.at("found"), expected = s.at("expected"), spurious = s.at("spurious");
    std::printf("%s: expected found %d/%d, spurious %d\n", bar.story, found, expected, spurious);
    // Every article of the event is in its ledger.
    EXPECT_EQ(s.at("ledger_docs"), s.at("docs").size()) << bar.story;
    EXPECT_GE(found, bar.min_found) << bar.story;
    EXPECT_LE(spurious, bar.max_spurious) << bar.story;
    const nlohmann::json& stored = s.at("stored_story");
    ASSERT_TRUE(stored.is_object()) << bar.story << ": no stored story holds its articles";
    int stored_docs = stored.at("docs_of_this_story");
    std::printf("%s: the stored story %s holds %d of its %zu articles (%d in all)\n", bar.story,
                stored.at("story").get<std::string>().c_str(), stored_docs, s.at("docs").size(),
                stored.at("docs").get<int>());
    EXPECT_GE(stored_docs, bar.min_stored) << bar.story;
  }
}

}  // namespace
