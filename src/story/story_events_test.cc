// Developing events in two languages, in any order of arrival: the
// bilingual development events of tests/data/story-events/ (README.md
// there says how they were written). Each file holds one developing event
// reported over days or weeks in English and Indonesian, and a different
// event of the same kind at the same time (two earthquakes in West Java
// twelve days apart; two election counts in February 2024). In every
// order tried — file order, each language first, reversed, and seeded
// shuffles — the developing event should be one story, and the other event
// should never share it. The second holds in every order; the first in
// 9 of the 24 (file, order) runs: short dated reports about the same place
// are compared without the figures only one side gives, stories of such
// reports on their names without IDF, and the merge pass joins short
// dated stories of one place and kind of event, or of shared names where
// one names no place, down to a centroid cosine of 0.1; one or two side
// reports stay apart in the other orders, whose cosine with their event
// is below that (docs/stories.md). The test prints what it finds and
// guards it, and with WARTA_STORY_EVENTS_DETAIL set, each story's
// articles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "warta/lang_data.h"
#include "warta/story.h"

namespace warta {
namespace {

struct EventDoc {
  std::string doc, event, lang;
  StoryFeatures features;
};

struct EventFile {
  const char* name;
  // The most stories the developing event may fall into in any order:
  // measured 1 to 3 for the quakes (one in 5 of 12 orders), 1 to 4 for the
  // elections (one in 4); before the merge pass joined short dated stories
  // of one event (OneEvent in clusterer.cc) 2 to 4 and 4 to 5. One is the
  // target.
  size_t max_stories;
  // The fewest of its reports the largest of them holds in any order:
  // measured 20 of 23 (quakes), 18 of 22 (elections); before, 19 and 8.
  size_t min_largest;
};

class StoryEventsTest : public ::testing::TestWithParam<EventFile> {
 protected:
  void SetUp() override {
    auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    auto featurizer = StoryFeaturizer::Create(*data);
    ASSERT_TRUE(featurizer.ok()) << featurizer.status().ToString();
    std::ifstream in(std::string(WARTA_TEST_DATA_DIR) + "/story-events/" + GetParam().name);
    ASSERT_TRUE(in) << GetParam().name;
    std::string line;
    while (std::getline(in, line)) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      ASSERT_TRUE(j.is_object()) << line;
      EventDoc d{j.at("doc"), j.at("event"), j.at("lang"), {}};
      // As the clean stage gives a plain-text article: its headline, then
      // the body.
      std::string title = j.at("title"), body = j.at("text"), published = j.at("published");
      std::string text = title + "\n\n" + body;
      d.features = (*featurizer)->Extract({d.doc, text, published, d.lang, title});
      docs_.push_back(std::move(d));
    }
  }
  std::vector<EventDoc> docs_;
};

// The developing event of a file: the one with the most articles.
std::string DevelopingEvent(const std::vector<EventDoc>& docs) {
  std::map<std::string, size_t> count;
  for (const EventDoc& d : docs) ++count[d.event];
  return std::max_element(count.begin(), count.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

TEST_P(StoryEventsTest, DevelopingEventAndAnotherOfItsKindInTwelveOrders) {
  ASSERT_FALSE(docs_.empty());
  const std::string event = DevelopingEvent(docs_);
  std::set<std::string> languages;
  size_t n_event = 0;
  for (const EventDoc& d : docs_) {
    if (d.event != event) continue;
    ++n_event;
    languages.insert(d.lang);
  }
  EXPECT_GE(n_event, 20u);
  EXPECT_EQ(languages, (std::set<std::string>{"en", "id"}));

  std::vector<std::pair<std::string, std::vector<size_t>>> orders;
  std::vector<size_t> file(docs_.size());
  for (size_t i = 0; i < file.size(); ++i) file[i] = i;
  orders.emplace_back("file order", file);
  for (const char* first : {"id", "en"}) {
    std::vector<size_t> o = file;
    std::stable_partition(o.begin(), o.end(), [&](size_t i) { return docs_[i].lang == first; });
    orders.emplace_back(std::string(first) + " first", o);
  }
  orders.emplace_back("reversed", std::vector<size_t>(file.rbegin(), file.rend()));
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    std::vector<size_t> o = file;
    std::mt19937_64 rng(seed);
    std::shuffle(o.begin(), o.end(), rng);
    orders.emplace_back("shuffle " + std::to_string(seed), o);
  }

  // Revision, the split step and the merge pass run every 50 articles in a
  // stream; here, with about 30, every 6.
  StoryOptions options;
  options.revise_every = 6;
  size_t orders_apart = 0;
  for (const auto& [name, order] : orders) {
    auto clusterer = NewClusterer(options);
    for (size_t i : order) clusterer->Add(docs_[i].features);
    std::map<uint32_t, size_t> event_stories;
    std::set<uint32_t> other_stories;
    for (uint32_t k = 0; k < order.size(); ++k) {
      uint32_t s = clusterer->StoryOf(k);
      if (docs_[order[k]].event == event) {
        ++event_stories[s];
      } else {
        other_stories.insert(s);
      }
    }
    // Articles of the event in stories told in both languages.
    size_t bilingual = 0;
    for (const auto& [s, n] : event_stories) {
      if (clusterer->Story(s).languages.size() > 1) bilingual += n;
    }
    std::printf("%-12s %zu stories for the event:", name.c_str(), event_stories.size());
    for (const auto& [s, n] : event_stories) std::printf(" %zu", n);
    // Two events of one kind at the same time should never share a story.
    bool apart = true;
    for (uint32_t s : other_stories) apart &= !event_stories.contains(s);
    std::printf(" (%zu of %zu in bilingual stories); the other event in %zu%s\n", bilingual,
                n_event, other_stories.size(), apart ? "" : ", JOINED to the event");
    orders_apart += apart;
    if (std::getenv("WARTA_STORY_EVENTS_DETAIL") != nullptr) {
      std::map<uint32_t, std::string> members;
      for (uint32_t k = 0; k < order.size(); ++k) {
        members[clusterer->StoryOf(k)] += " " + docs_[order[k]].doc;
      }
      for (const auto& [s, m] : members) std::printf("   story %u:%s\n", s, m.c_str());
    }
    // The target is one story in every order; before issue 16's dated
    // figures 13 to 15 (docs/stories.md). This bound guards what holds now.
    EXPECT_LE(event_stories.size(), GetParam().max_stories) << name;
    size_t largest = 0;
    for (const auto& [s, n] : event_stories) largest = std::max(largest, n);
    EXPECT_GE(largest, GetParam().min_largest) << name;
  }
  // Measured: apart in all 12 orders for both files.
  std::printf("the two events apart in %zu of %zu orders\n", orders_apart, orders.size());
  EXPECT_EQ(orders_apart, orders.size());
}

INSTANTIATE_TEST_SUITE_P(Files, StoryEventsTest,
                         ::testing::Values(EventFile{"quakes-west-java-2022.jsonl", 3, 20},
                                           EventFile{"elections-2024.jsonl", 4, 18}));

}  // namespace
}  // namespace warta
