// Tests of the story stage (include/warta/story.h).
#include "warta/story.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../dedup/state_codec.h"
#include "warta/clean.h"
#include "warta/hash.h"
#include "warta/lang_data.h"
#include "warta/read.h"

namespace warta {
namespace {

class StoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    data_ = std::make_unique<DataDir>(*data);
    auto f = StoryFeaturizer::Create(*data_);
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    featurizer_ = std::move(*f);
  }
  // Terms of one kind, by readable text.
  std::set<std::string> Terms(std::string_view text, std::string_view lang, TermKind kind) {
    std::set<std::string> out;
    for (const StoryTerm& t : featurizer_->Extract({"x", text, "", lang}).terms) {
      if (t.kind == kind) out.insert(t.text);
    }
    return out;
  }
  uint64_t Key(std::string_view text, std::string_view lang, TermKind kind, std::string_view name) {
    for (const StoryTerm& t : featurizer_->Extract({"x", text, "", lang}).terms) {
      if (t.kind == kind && t.text == name) return t.key;
    }
    return 0;
  }
  std::unique_ptr<DataDir> data_;
  std::unique_ptr<StoryFeaturizer> featurizer_;
};

// Features of a document built by hand: words and entities, counted once.
StoryFeatures Doc(std::vector<std::string> words, std::vector<std::string> entities) {
  StoryFeatures f;
  auto add = [&](TermKind kind, const std::string& text) {
    StoryTerm t;
    t.key = (Hash64(text, static_cast<uint64_t>(kind) + 1) & ~uint64_t{3}) |
            static_cast<uint64_t>(kind);
    t.kind = kind;
    t.count = 1;
    t.text = text;
    f.terms.push_back(std::move(t));
  };
  for (const std::string& w : words) add(TermKind::kWord, w);
  for (const std::string& e : entities) add(TermKind::kEntity, e);
  f.lang = "en";
  return f;
}

TEST(DayTest, ParsesAndFormatsIsoDates) {
  const struct {
    const char* iso;
    int32_t day;
  } kCases[] = {
      {"1970-01-01", 0},      {"2024-10-18", 20014}, {"2024-10-18T08:30:00Z", 20014},
      {"2000-03-01", 11017},  {"", kNoDay},          {"2024-13-01", kNoDay},
      {"18/10/2024", kNoDay},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(ParseDay(c.iso), c.day) << c.iso;
    if (c.day != kNoDay) {
      EXPECT_EQ(FormatDay(c.day), std::string(c.iso).substr(0, 10));
    }
  }
  EXPECT_EQ(FormatDay(kNoDay), "");
}

TEST_F(StoryTest, EntitiesAreCapitalisedWordsAcronymsAndAliases) {
  const struct {
    const char* text;
    const char* lang;
    std::set<std::string> entities;
  } kCases[] = {
      // Sentence-initial capitals are not entities unless seen mid-sentence;
      // day names never are.
      {"Pasukan itu tiba pada Jumat di Vladivostok.", "id", {"Vladivostok"}},
      {"Reid launched a line. Actress Tara Reid checked in.", "en", {"Tara Reid", "Tara", "Reid"}},
      // Acronyms count even first in a sentence; stop words never.
      {"NIS said so. The agency agreed.", "en", {"NIS"}},
      // Aliases: the Indonesian name, its short form and the English name
      // all give North Korea and its parts.
      {"Menurut laporan, Korea Utara mengirim pasukan.", "id", {"North Korea", "North", "Korea"}},
      {"Sumber itu menyebut Korut mengirim pasukan.", "id", {"North Korea", "North", "Korea"}},
      {"Officials said North Korea sent troops.", "en", {"North Korea", "North", "Korea"}},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(Terms(c.text, c.lang, TermKind::kEntity), c.entities) << c.text;
  }
  EXPECT_EQ(Key("Menurut laporan, Korea Utara mengirim.", "id", TermKind::kEntity, "North Korea"),
            Key("He said North Korea sent.", "en", TermKind::kEntity, "North Korea"));
}

TEST_F(StoryTest, NumbersCrossLanguages) {
  const struct {
    const char* text;
    const char* lang;
    std::set<std::string> numbers;
  } kCases[] = {
      {"sebanyak 1.500 pasukan dan 12.000 tentara", "id", {"1500", "12000"}},
      {"some 1,500 troops and 12,000 soldiers", "en", {"1500", "12000"}},
      {"gempa 6,1 skala Richter pada 2024", "id", {"6.1", "2024"}},
      {"a 6.1 magnitude quake in 2024", "en", {"6.1", "2024"}},
      {"3 orang", "id", {}},  // one digit: too common to tell stories apart
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(Terms(c.text, c.lang, TermKind::kNumber), c.numbers) << c.text;
  }
}

TEST_F(StoryTest, WordsAreStemmedWithoutStopWords) {
  EXPECT_EQ(Terms("yang dibicarakan ke Rusia", "id", TermKind::kWord),
            (std::set<std::string>{"dibicarakan", "rusia"}));
  std::set<std::string> en = Terms("The farmers said the farmer", "en", TermKind::kWord);
  EXPECT_EQ(en.size(), 1u);  // "farmers" and "farmer" share a stem
}

// Event words (data/lang/<code>/event-words.tsv) become language-neutral
// concepts: the Indonesian and the English report of a quake share
// "earthquake", "die" and "injure"; an affixed form listed as written
// ("pendapatan", revenue) does not make its stem ("dapat", can) a concept.
TEST_F(StoryTest, EventWordsAreConceptsAcrossLanguages) {
  std::set<std::string> id =
      Terms("Gempa mengguncang kota, 12 orang tewas dan 40 luka-luka.", "id", TermKind::kConcept);
  std::set<std::string> en =
      Terms("An earthquake shook the city; 12 people died and 40 were injured.", "en",
            TermKind::kConcept);
  for (const char* c : {"earthquake", "die"}) {
    EXPECT_TRUE(id.contains(c)) << c;
    EXPECT_TRUE(en.contains(c)) << c;
  }
  EXPECT_TRUE(en.contains("injure"));
  EXPECT_EQ(Key("Gempa kuat", "id", TermKind::kConcept, "earthquake"),
            Key("A strong earthquake", "en", TermKind::kConcept, "earthquake"));
  EXPECT_TRUE(Terms("pendapatan naik", "id", TermKind::kConcept).contains("revenue"));
  EXPECT_FALSE(Terms("tidak dapat hadir", "id", TermKind::kConcept).contains("revenue"));
  // Phrases: the longest listed, as written.
  std::set<std::string> slide = Terms("Tanah longsor menimbun desa", "id", TermKind::kConcept);
  EXPECT_TRUE(slide.contains("landslide"));
  EXPECT_FALSE(Terms("Tanah longsor menimbun desa", "id", TermKind::kWord).contains("tanah"));
  EXPECT_TRUE(Terms("ada gempa susulan", "id", TermKind::kConcept).contains("aftershock"));
  EXPECT_FALSE(Terms("ada gempa susulan", "id", TermKind::kConcept).contains("earthquake"));
  // Words of no event stay words of their language.
  EXPECT_TRUE(Terms("yang dibicarakan", "id", TermKind::kConcept).empty());
}

// A headline is the title given, else the first line of the text that is
// not a URL, spaces collapsed, cut at a word to 200 bytes.
TEST_F(StoryTest, HeadlineIsTheTitleOrTheFirstLine) {
  auto title = [&](std::string_view text, std::string_view t = {}) {
    return featurizer_->Extract({"x", text, "", "en", t}).title;
  };
  EXPECT_EQ(title("Quake hits  island\nA 5.6 magnitude quake hit."), "Quake hits island");
  EXPECT_EQ(title("\n\nhttp: / / www. example. com / a. html /\nSixers hire Cheeks\nMore."),
            "Sixers hire Cheeks");
  EXPECT_EQ(title("Body text.", "Given title"), "Given title");
  std::string longline;
  for (int i = 0; i < 60; ++i) longline += "word ";
  std::string t = title(longline);
  EXPECT_LE(t.size(), 200u + 3);
  EXPECT_EQ(t.substr(t.size() - 3), "\u2026");
  EXPECT_EQ(t.substr(0, 10), "word word ");
}

// The label of a story is the headline of its most central article: the
// report of the event itself, not the one that joined from a side.
TEST(ClustererLabelTest, HeadlineOfTheMostCentralArticle) {
  StoryOptions o;
  o.threshold = 0.1;
  o.short_text_terms = 0;
  auto doc = [](std::vector<std::string> words, std::string title) {
    StoryFeatures f = Doc(std::move(words), {"Sumbawa"});
    f.title = std::move(title);
    return f;
  };
  std::unique_ptr<Clusterer> c = NewClusterer(o);
  c->Add(doc({"quake", "school", "market", "football"}, "A side story"));
  c->Add(doc({"quake", "magnitude", "collapse", "rescue"}, "Quake hits Sumbawa"));
  c->Add(doc({"quake", "magnitude", "collapse", "tent"}, "Sumbawa quake: tents"));
  c->Add(doc({"quake", "magnitude", "collapse", "rescue"}, "Rescue after Sumbawa quake"));
  ASSERT_EQ(c->Story(0).size, 4u);
  EXPECT_NE(c->Story(0).label, "A side story");
  // Untitled articles: the heaviest names and words.
  std::unique_ptr<Clusterer> untitled = NewClusterer(o);
  untitled->Add(Doc({"quake", "magnitude"}, {"Sumbawa"}));
  EXPECT_EQ(untitled->Story(0).label.rfind("Sumbawa: ", 0), 0u) << untitled->Story(0).label;
}

// The time window follows the story's latest report: a story reported
// every three weeks stays open for months, and a report more than
// `window_days` after its last one starts a new story.
TEST(ClustererWindowTest, FollowsTheLatestReport) {
  StoryOptions o;
  o.short_text_terms = 0;
  std::unique_ptr<Clusterer> c = NewClusterer(o);
  StoryFeatures f = Doc({"quake", "magnitude", "collapse"}, {"Sumbawa"});
  for (int k = 0; k < 6; ++k) {
    f.day = 20000 + 21 * k;  // 0, 21, ..., 105 days after the first
    StoryAssignment a = c->Add(f);
    EXPECT_EQ(a.story, 0u) << k;
  }
  f.day = 20000 + 105 + o.window_days + 1;
  EXPECT_TRUE(c->Add(f).created);
  EXPECT_EQ(c->Story(0).last_seen, FormatDay(20105));
}

TEST(ClusterScoreTest, Table) {
  const struct {
    std::vector<std::string> gold;
    std::vector<uint32_t> predicted;
    double b3_f1, pair_f1;
  } kCases[] = {
      {{"a", "a", "b", "b"}, {0, 0, 1, 1}, 1.0, 1.0},
      // All in one cluster: B3 precision 0.5, recall 1.
      {{"a", "a", "b", "b"}, {0, 0, 0, 0}, 2 * 0.5 / 1.5, 2 * (2.0 / 6) / (1 + 2.0 / 6)},
      // All apart: B3 recall 0.5, pairwise recall 0.
      {{"a", "a", "b", "b"}, {0, 1, 2, 3}, 2 * 0.5 / 1.5, 0.0},
  };
  for (const auto& c : kCases) {
    ClusterScore s = ScoreClusters(c.gold, c.predicted);
    EXPECT_NEAR(s.bcubed_f1, c.b3_f1, 1e-9);
    EXPECT_NEAR(s.pairwise_f1, c.pair_f1, 1e-9);
  }
}

TEST(ClustererTest, Factory) {
  StoryOptions options;
  EXPECT_NE(NewClusterer(options), nullptr);
  options.method = "singleton";
  EXPECT_NE(NewClusterer(options), nullptr);
  options.method = "nope";
  EXPECT_EQ(NewClusterer(options), nullptr);
}

// The sample corpus: five Indonesian outlets on North Korean troops in
// Russia form one story. An English report of the same event joins it
// through entities and numbers; an unrelated one, and the same event dated
// months later, start their own.
TEST_F(StoryTest, SampleCorpusIsOneStoryAcrossLanguages) {
  auto cleaner = Cleaner::Create(*data_);
  ASSERT_TRUE(cleaner.ok());
  struct Doc {
    std::string id, text, published, lang;
  };
  std::vector<Doc> docs;
  ReadInputs(
      {data_->SampleCorpus()}, ReadOptions{},
      [&](RawArticle raw) {
        CleanArticle c = (*cleaner)->Clean(raw);
        docs.push_back({raw.id, c.text, c.meta.published, c.meta.lang});
      },
      [](const ReadError& e) { ADD_FAILURE() << e.ToString(); });
  ASSERT_EQ(docs.size(), 5u);

  auto clusterer = NewClusterer(StoryOptions{});
  std::set<uint32_t> stories;
  for (const Doc& d : docs) {
    EXPECT_EQ(d.lang, "id") << d.id;
    StoryAssignment a = clusterer->Add(featurizer_->Extract({d.id, d.text, d.published, d.lang}));
    stories.insert(a.story);
  }
  EXPECT_EQ(stories.size(), 1u);
  StoryInfo info = clusterer->Story(*stories.begin());
  EXPECT_EQ(info.size, 5u);
  // The label is the headline of one of its articles (the most central).
  std::set<std::string> headlines;
  for (const Doc& d : docs) {
    headlines.insert(featurizer_->Extract({d.id, d.text, d.published, d.lang}).title);
  }
  EXPECT_TRUE(headlines.contains(info.label)) << info.label;
  EXPECT_EQ(info.languages, std::vector<std::string>{"id"});
  std::printf("label: %s, %s..%s\n", info.label.c_str(), info.first_seen.c_str(),
              info.last_seen.c_str());

  const char* kEnglish =
      "South Korea's National Intelligence Service (NIS) said North Korea has sent 1,500 "
      "special forces troops to Russia's Far East, and that the troops are likely to be "
      "deployed to fight in the war in Ukraine.\n\n"
      "Ukraine's President Volodymyr Zelensky said 10,000 North Korean soldiers were being "
      "prepared. The Kremlin called the reports fake news. NATO said it could not confirm "
      "that North Korea had sent troops to Russia.";
  StoryAssignment en =
      clusterer->Add(featurizer_->Extract({"en-1", kEnglish, docs[0].published, "en"}));
  EXPECT_FALSE(en.created) << en.similarity;
  EXPECT_EQ(en.story, *stories.begin());
  EXPECT_EQ(clusterer->Story(en.story).languages, (std::vector<std::string>{"en", "id"}));

  const char* kFootball =
      "Manchester United beat Liverpool 2-1 at Old Trafford on Sunday, with Marcus Rashford "
      "scoring the winner in the 85th minute before a crowd of 74,000.";
  EXPECT_TRUE(
      clusterer->Add(featurizer_->Extract({"en-2", kFootball, docs[0].published, "en"})).created);

  // The same report half a year later: outside the 30-day window.
  int32_t later = ParseDay(docs[0].published) + 180;
  EXPECT_TRUE(
      clusterer->Add(featurizer_->Extract({"en-3", kEnglish, FormatDay(later), "en"})).created);
  EXPECT_GT(clusterer->MemoryBytes(), 0u);
}

// A developing event reported in two languages is one story whatever the
// order of arrival: the five Indonesian reports of the sample corpus and
// ten short English reports (headline and a sentence or two, written for
// this test) of North Korean troops sent to Russia, Indonesian first,
// English first, and shuffled. Another deployment of troops (other
// countries, other figures) in the same weeks, in both languages, stays
// a story of its own.
// Dated figures: two reports of one quake three days apart give different
// tolls; the figures only one of them gives do not count against the
// other, while they are about the same place. A report of another quake
// in another regency, with the same agency and words, keeps its figures
// and stays apart.
TEST_F(StoryTest, DatedReportsOfOnePlaceMeetDespiteTheirFigures) {
  struct Doc {
    const char* id;
    const char* text;
    const char* published;
  };
  const std::vector<Doc> docs = {
      {"a",
       "Quake in Cianjur kills 14, injures 170\n\nThe disaster agency BNPB said 14 people "
       "died and 170 were injured in Cianjur after the magnitude 5.6 earthquake on Monday.",
       "2022-11-21"},
      {"b",
       "Cianjur quake toll rises to 272 with 39 missing\n\nBNPB said 272 people have died in "
       "Cianjur and 39 are still missing after the earthquake.",
       "2022-11-24"},
      {"c",
       "Quake in Garut damages 44 houses and 2 schools\n\nBNPB said 44 houses and 2 schools "
       "were damaged in Garut after the magnitude 6.4 earthquake; no one died.",
       "2022-11-25"},
  };
  auto stories = [&](bool dated_figures) {
    StoryOptions options;
    options.dated_figures = dated_figures;
    auto clusterer = NewClusterer(options);
    for (const Doc& d : docs) {
      clusterer->Add(featurizer_->Extract({d.id, d.text, d.published, "en"}));
    }
    std::vector<uint32_t> out;
    for (uint32_t k = 0; k < docs.size(); ++k) out.push_back(clusterer->StoryOf(k));
    return out;
  };
  std::vector<uint32_t> with = stories(true), without = stories(false);
  EXPECT_EQ(with[0], with[1]);
  EXPECT_NE(with[2], with[0]);
  EXPECT_NE(without[0], without[1]);
  EXPECT_NE(without[2], without[0]);
}

// A side report of a developing event (the president's visit to the
// quake zone) shares with the toll reports little but the regency, the
// kind of event and the agency: below the threshold and the merge pass's
// 0.25, it stayed a story of its own. Between short dated stories about
// the same place that share an event concept, the merge pass takes it in,
// while the quake in the next regency stays apart.
TEST_F(StoryTest, SideReportOfADevelopingEventJoinsItsStory) {
  struct Doc {
    const char* id;
    const char* text;
    const char* published;
  };
  const std::vector<Doc> docs = {
      {"toll-1",
       "Cianjur earthquake toll reaches 62, disaster agency says\n\nThe disaster agency BNPB "
       "said 62 people died and 25 are missing in Cianjur after the earthquake on Monday; "
       "rescuers are searching collapsed houses in Cianjur.",
       "2022-11-22"},
      {"toll-2",
       "Cianjur quake dead now 268, with 151 missing\n\nBNPB said 268 people have died in "
       "Cianjur and 151 are still missing after the earthquake, as rescuers search the "
       "rubble of houses across Cianjur.",
       "2022-11-23"},
      {"visit",
       "President tours Cianjur after the earthquake\n\nPresident Joko Widodo walked through "
       "damaged streets of Cianjur on Wednesday, told ministers to rebuild schools and "
       "promised families compensation for each destroyed home.",
       "2022-11-23"},
      {"garut",
       "Earthquake in Garut damages 44 houses\n\nThe BNPB said 44 houses and 2 schools were "
       "damaged in Garut after the magnitude 6.4 earthquake; no one died in Garut.",
       "2022-11-25"},
  };
  for (bool reversed : {false, true}) {
    StoryOptions options;
    options.revise_every = 2;
    auto clusterer = NewClusterer(options);
    std::vector<size_t> order = {0, 1, 2, 3};
    if (reversed) std::reverse(order.begin(), order.end());
    std::vector<uint32_t> story_of(docs.size());
    for (size_t i : order) {
      clusterer->Add(featurizer_->Extract({docs[i].id, docs[i].text, docs[i].published, "en"}));
    }
    for (uint32_t k = 0; k < order.size(); ++k) story_of[order[k]] = clusterer->StoryOf(k);
    EXPECT_EQ(story_of[0], story_of[1]) << reversed;
    EXPECT_EQ(story_of[2], story_of[0]) << reversed;
    EXPECT_NE(story_of[3], story_of[0]) << reversed;
  }
}

TEST_F(StoryTest, BilingualDevelopingEventIsOneStoryInAnyOrder) {
  auto cleaner = Cleaner::Create(*data_);
  ASSERT_TRUE(cleaner.ok());
  struct Doc {
    std::string id, text, published, lang;
    int event;
  };
  std::vector<Doc> indonesian;
  ReadInputs(
      {data_->SampleCorpus()}, ReadOptions{},
      [&](RawArticle raw) {
        CleanArticle c = (*cleaner)->Clean(raw);
        indonesian.push_back({raw.id, c.text, c.meta.published, c.meta.lang, 0});
      },
      [](const ReadError& e) { ADD_FAILURE() << e.ToString(); });
  ASSERT_EQ(indonesian.size(), 5u);
  const std::vector<Doc> english = {
      {"en-a",
       "North Korea sends 1,500 special forces to Russia, Seoul says\n\nSouth Korea's spy "
       "agency said the troops were flown to Vladivostok on Russian navy ships.",
       "2024-10-18", "en", 0},
      {"en-b",
       "Zelensky: 10,000 North Korean soldiers being readied for Russia's war\n\nUkraine's "
       "president said Pyongyang is training troops to fight against Ukraine.",
       "2024-10-17", "en", 0},
      {"en-c",
       "Kremlin dismisses reports of North Korean troops as fake news\n\nA Kremlin "
       "spokesman denied that soldiers from North Korea were in Russia.",
       "2024-10-18", "en", 0},
      {"en-d",
       "Pentagon: about 3,000 North Korean troops now in eastern Russia\n\nUS officials "
       "said they had evidence of the deployment, after weeks of doubts.",
       "2024-10-23", "en", 0},
      {"en-e",
       "NATO cannot confirm North Korean soldiers are fighting for Russia\n\nThe alliance's "
       "chief said NATO could not verify claims that Pyongyang sent troops.",
       "2024-10-21", "en", 0},
      {"en-f",
       "Ukraine intelligence: 12,000 North Korean troops, 500 officers and three generals in "
       "Russia\n\nThe soldiers are training at five military bases in the Far East.",
       "2024-10-24", "en", 0},
      {"en-g",
       "Seoul summons Russian ambassador over North Korean troop deployment\n\nSouth Korea "
       "demanded the immediate withdrawal of North Korean soldiers from Russia.",
       "2024-10-21", "en", 0},
      {"en-h",
       "Video appears to show North Korean soldiers at a Russian training ground\n\nUkraine "
       "released footage of troops from North Korea receiving Russian uniforms.",
       "2024-10-19", "en", 0},
      {"en-i",
       "US warns North Korean troops in Ukraine would be fair targets\n\nWashington said "
       "thousands of soldiers sent by Pyongyang to Russia would be legitimate targets.",
       "2024-10-24", "en", 0},
      {"en-j",
       "South Korea weighs sending weapons to Ukraine after North Korea's troop move\n\n"
       "Seoul said it may arm Ukraine as North Korean troops gather in Russia.",
       "2024-10-22", "en", 0},
  };
  const std::vector<Doc> other = {
      {"other-en-1",
       "Rwanda sends 2,000 more soldiers to Mozambique's Cabo Delgado\n\nKigali said the "
       "troops will fight insurgents near the gas project at Palma.",
       "2024-10-20", "en", 1},
      {"other-en-2",
       "Rwandan troops reach Palma as Mozambique battles insurgency\n\nMozambique's army "
       "said Rwandan soldiers took over positions in Cabo Delgado.",
       "2024-10-22", "en", 1},
      {"other-id-1",
       "Rwanda kirim 2.000 tentara tambahan ke Cabo Delgado, Mozambik\n\nPasukan Rwanda "
       "akan memerangi pemberontak di dekat proyek gas Palma, kata pemerintah di Kigali.",
       "2024-10-21", "id", 1},
  };
  // Revision and the merge pass run every 50 articles in a stream; here,
  // with 18 articles, every 6.
  StoryOptions options;
  options.revise_every = 6;
  auto run = [&](std::vector<Doc> order, const char* name, size_t max_stories) {
    auto clusterer = NewClusterer(options);
    std::vector<std::string> gold;
    for (const Doc& d : order) {
      clusterer->Add(featurizer_->Extract({d.id, d.text, d.published, d.lang}));
      gold.push_back(std::to_string(d.event));
    }
    std::set<uint32_t> event_stories, other_stories;
    for (uint32_t k = 0; k < order.size(); ++k) {
      (order[k].event == 0 ? event_stories : other_stories).insert(clusterer->StoryOf(k));
    }
    EXPECT_LE(event_stories.size(), max_stories) << name;
    for (uint32_t s : other_stories) EXPECT_FALSE(event_stories.contains(s)) << name;
    std::printf("%s: %zu stories for the event\n", name, event_stories.size());
    size_t largest = 0;
    for (uint32_t s : event_stories) {
      StoryInfo info = clusterer->Story(s);
      std::printf("  story %u (%u articles, %zu languages): %s\n", s, info.size,
                  info.languages.size(), info.label.c_str());
      largest = std::max<size_t>(largest, info.size);
      if (info.size >= 5) {
        EXPECT_EQ(info.languages, (std::vector<std::string>{"en", "id"})) << name;
      }
    }
    EXPECT_GE(largest, 12u) << name;
  };
  std::vector<Doc> id_first = indonesian, en_first = english;
  id_first.insert(id_first.end(), english.begin(), english.end());
  id_first.insert(id_first.end(), other.begin(), other.end());
  en_first.insert(en_first.end(), other.begin(), other.end());
  en_first.insert(en_first.end(), indonesian.begin(), indonesian.end());
  // Before event words, country adjectives, possessives, mixed-language
  // stories and the short-text threshold: 8 stories for the event
  // Indonesian first, 9 English first, 8, 8 and 7 shuffled; then 1, 3,
  // 1, 4 and 3. With dated figures (the short reports are dated and about
  // the same place): one story in every order but English first, where
  // the Pentagon's 3,000 and its two companions stand apart. The target
  // is one story in every order.
  run(id_first, "Indonesian first", 1);
  run(en_first, "English first", 2);
  for (uint64_t seed : {1, 2, 3}) {
    std::vector<Doc> shuffled = id_first;
    std::mt19937_64 rng(seed);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    run(shuffled, ("shuffle " + std::to_string(seed)).c_str(), 1);
  }
}

// A stream of synthetic articles: `topics` events, each with its own words,
// names and numbers, mixed with words every article uses, dated within a
// few days of the event and arriving shuffled. Features are built directly:
// the clusterer sees keys, counts, kinds and texts only.
std::vector<StoryFeatures> SyntheticStream(size_t n, int topics, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto term = [](TermKind kind, const std::string& text, float count) {
    StoryTerm t;
    t.key = (Hash64(text, static_cast<uint64_t>(kind) + 1) & ~uint64_t{3}) |
            static_cast<uint64_t>(kind);
    t.kind = kind;
    t.count = count;
    t.text = text;
    return t;
  };
  std::vector<StoryFeatures> out;
  for (size_t i = 0; i < n; ++i) {
    int topic = static_cast<int>(rng() % static_cast<uint64_t>(topics));
    StoryFeatures f;
    f.day = 19000 + topic * 3 + static_cast<int32_t>(rng() % 4);
    f.lang = rng() % 5 == 0 ? "id" : "en";
    std::set<std::string> seen;
    auto add = [&](TermKind kind, const std::string& text) {
      if (seen.insert(text).second) f.terms.push_back(term(kind, text, 1 + rng() % 3));
    };
    // Two events of one kind share their names, as the two stories of an
    // ECB+ topic do; their own words and number tell them apart.
    for (int k = 0; k < 5; ++k) {
      add(TermKind::kWord, "w" + std::to_string(topic) + "_" + std::to_string(rng() % 20));
    }
    for (int k = 0; k < 16; ++k) add(TermKind::kWord, "common" + std::to_string(rng() % 100));
    for (int k = 0; k < 3; ++k) {
      add(TermKind::kEntity, "Name" + std::to_string(topic / 2) + "x" + std::to_string(rng() % 4));
    }
    if (rng() % 4 != 0) add(TermKind::kNumber, std::to_string(100 + topic));
    f.id = std::to_string(topic);  // the gold event, for scoring
    out.push_back(std::move(f));
  }
  return out;
}

void ExpectSameClustering(const Clusterer& a, const Clusterer& b) {
  ASSERT_EQ(a.docs(), b.docs());
  ASSERT_EQ(a.size(), b.size());
  for (uint32_t d = 0; d < a.docs(); ++d) EXPECT_EQ(a.StoryOf(d), b.StoryOf(d)) << d;
  for (uint32_t s = 0; s < a.size(); ++s) {
    StoryInfo x = a.Story(s), y = b.Story(s);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.label, y.label) << s;
    EXPECT_EQ(x.size, y.size);
    EXPECT_EQ(x.first_seen, y.first_seen);
    EXPECT_EQ(x.languages, y.languages);
  }
}

// Saving after k articles, loading into a fresh clusterer and adding the
// rest gives exactly what one clusterer given them all gives: the same
// assignments as they arrive, the same stories, labels and revisions, and
// byte for byte the same saved state.
TEST(ClustererStateTest, ResumingAfterSaveGivesTheSameStories) {
  std::vector<StoryFeatures> stream = SyntheticStream(600, 40, 7);
  StoryOptions single_pass;
  single_pass.revise_window = 0;
  StoryOptions revising;  // a window smaller than the stream, revised often
  revising.revise_window = 60;
  revising.revise_every = 7;
  StoryOptions singleton;
  singleton.method = "singleton";
  StoryOptions closing = revising;  // stories idle for 100 articles close
  closing.close_after = 100;
  for (const StoryOptions& options : {single_pass, StoryOptions{}, revising, singleton, closing}) {
    std::unique_ptr<Clusterer> whole = NewClusterer(options);
    std::vector<StoryAssignment> expected;
    for (const StoryFeatures& f : stream) expected.push_back(whole->Add(f));
    if (options.method == "centroid") {
      EXPECT_GT(whole->size(), 20u);
      EXPECT_LT(whole->size(), stream.size() / 4);
    }
    for (size_t k : {size_t{0}, size_t{1}, size_t{77}, size_t{300}, size_t{599}}) {
      std::unique_ptr<Clusterer> first = NewClusterer(options);
      for (size_t i = 0; i < k; ++i) first->Add(stream[i]);
      std::string blob = first->SaveState();
      Result<std::unique_ptr<Clusterer>> resumed = LoadClusterer(blob);
      ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
      EXPECT_EQ((*resumed)->SaveState(), blob) << options.method << " k=" << k;
      for (size_t i = k; i < stream.size(); ++i) {
        StoryAssignment a = (*resumed)->Add(stream[i]);
        EXPECT_EQ(a.doc, expected[i].doc);
        EXPECT_EQ(a.story, expected[i].story) << options.method << " k=" << k << " i=" << i;
        EXPECT_EQ(a.created, expected[i].created);
        EXPECT_EQ(a.similarity, expected[i].similarity);
      }
      ExpectSameClustering(*whole, **resumed);
      EXPECT_EQ((*resumed)->SaveState(), whole->SaveState()) << options.method << " k=" << k;
    }
  }
}

// One-line undated documents, each a story of its own (four words of
// twenty and its own number, as bench/story_lines.py writes them): every
// story would stay open for good. Closed after `close_after` idle
// arrivals, each costs a small record instead of its centroid, postings
// and terms.
TEST(ClustererWindowTest, IdleUndatedStoriesCloseAndMemoryStaysBounded) {
  const char* kWords[] = {"rice", "price", "rose", "fell", "market", "city", "flood",
                          "quake", "police", "court", "minister", "vote", "bank", "storm",
                          "fire", "school", "road", "train", "port", "farm"};
  std::mt19937_64 rng(7);
  auto line = [&](size_t i) {
    std::vector<std::string> words;
    for (int k = 0; k < 4; ++k) words.push_back(kWords[rng() % 20]);
    StoryFeatures f = Doc(words, {});
    StoryTerm& n = f.terms.emplace_back();
    n.text = std::to_string(i);
    n.kind = TermKind::kNumber;
    n.key = (Hash64(n.text, 3) & ~uint64_t{3}) | static_cast<uint64_t>(TermKind::kNumber);
    n.count = 1;
    return f;
  };
  // Memory is measured from 17,000 to 32,000 articles: vectors indexed by
  // story or article hold 32,768 slots throughout.
  std::vector<StoryFeatures> stream;
  for (size_t i = 0; i < 32000; ++i) stream.push_back(line(i));
  StoryOptions never;
  never.close_after = 0;
  StoryOptions closing;
  closing.close_after = 2000;
  size_t growth[2];
  size_t stories[2];
  int k = 0;
  for (const StoryOptions& options : {never, closing}) {
    std::unique_ptr<Clusterer> c = NewClusterer(options);
    size_t at_start = 0;
    for (size_t i = 0; i < stream.size(); ++i) {
      if (i == 17000) at_start = c->MemoryBytes();
      c->Add(stream[i]);
    }
    growth[k] = (c->MemoryBytes() - at_start) / (stream.size() - 17000);
    stories[k++] = c->size();
  }
  std::printf("bytes an article from 17,000 to 32,000: %zu never closing, %zu closing\n",
              growth[0], growth[1]);
  // Nearly every line is a story of its own either way.
  EXPECT_GT(stories[0], stream.size() * 9 / 10);
  EXPECT_GT(stories[1], stream.size() * 9 / 10);
  EXPECT_LT(growth[1] * 4, growth[0]);
}

// Revision moves articles: with it the final grouping of the synthetic
// stream is at least as good, and StoryOf follows the moves.
TEST(ClustererStateTest, RevisionKeepsOrImprovesTheGrouping) {
  std::vector<StoryFeatures> stream = SyntheticStream(600, 40, 11);
  std::vector<std::string> gold;
  for (const StoryFeatures& f : stream) gold.push_back(f.id);
  StoryOptions single_pass;
  single_pass.revise_window = 0;
  double f1[2];
  int k = 0;
  for (const StoryOptions& options : {single_pass, StoryOptions{}}) {
    std::unique_ptr<Clusterer> c = NewClusterer(options);
    for (const StoryFeatures& f : stream) c->Add(f);
    std::vector<uint32_t> predicted;
    for (uint32_t d = 0; d < c->docs(); ++d) predicted.push_back(c->StoryOf(d));
    f1[k++] = ScoreClusters(gold, predicted).bcubed_f1;
  }
  std::printf("B-cubed F1 without revision %.3f, with %.3f\n", f1[0], f1[1]);
  EXPECT_GT(f1[0], 0.6);
  EXPECT_GE(f1[1], f1[0] - 1e-9);
}

// The merge pass joins two stories whose centroids are close and whose
// names agree (two halves of one event), and keeps apart two stories told
// in the same words about other names (two events of one kind).
TEST(ClustererMergePassTest, MergesWhenCentroidsAndEntitiesAgree) {
  StoryOptions o;
  o.threshold = 0.95;  // nothing joins on arrival
  o.merge_threshold = 0;
  o.revise_window = 10;
  o.revise_every = 2;
  o.merge_pass_threshold = 0.3;
  o.merge_entity_threshold = 0.7;
  o.short_text_terms = 0;  // these seven-term texts are not short here
  // One event: the same quake and names, told in partly different words.
  StoryFeatures a =
      Doc({"quake", "magnitude", "collapse", "school", "rescue"}, {"Sumbawa", "Bima"});
  StoryFeatures b =
      Doc({"quake", "magnitude", "collapse", "aftershock", "tent"}, {"Sumbawa", "Bima"});
  // Another quake: the same words, other names.
  StoryFeatures c = Doc({"quake", "magnitude", "collapse", "school", "rescue"}, {"Chile", "Maule"});
  std::unique_ptr<Clusterer> merged = NewClusterer(o);
  merged->Add(a);
  merged->Add(b);  // the pass runs after the second article
  EXPECT_EQ(merged->StoryOf(0), merged->StoryOf(1));
  merged->Add(c);
  merged->Add(Doc({"unrelated", "words"}, {}));
  EXPECT_NE(merged->StoryOf(2), merged->StoryOf(0));
  EXPECT_EQ(merged->Story(merged->StoryOf(0)).size, 2u);

  o.merge_pass_threshold = 0;  // no pass: three stories
  std::unique_ptr<Clusterer> apart = NewClusterer(o);
  for (const StoryFeatures& f : {a, b, c}) apart->Add(f);
  EXPECT_NE(apart->StoryOf(0), apart->StoryOf(1));
}

// The split step: two quakes told in partly the same words, the first
// report of the second arriving just after the first one's, make one story
// in a single pass — each later report finds its own event's words there.
// Cut in two, the parts share their words and none of their names, so the
// merge pass would not join them: they come apart. The reports of one
// event, in as varied words, stay together.
TEST(ClustererSplitTest, TwoEventsThatMetEarlyComeApart) {
  StoryOptions o;
  o.threshold = 0.3;
  o.revise_window = 20;
  o.revise_every = 8;
  o.short_text_terms = 0;  // these eight-term texts are not short here
  auto sumbawa = [](const std::string& extra) {
    return Doc({"quake", "magnitude", "collapse", "mosque", "landslide", extra}, {"Sumbawa", "Bima"});
  };
  auto chile = [](const std::string& extra) {
    return Doc({"quake", "magnitude", "collapse", "tsunami", "port", extra}, {"Chile", "Maule"});
  };
  std::vector<StoryFeatures> stream = {sumbawa("dead"), chile("coast"),  sumbawa("tent"),
                                       chile("warning"), sumbawa("aid"),  chile("bridge"),
                                       sumbawa("school"), chile("power")};
  for (bool split : {false, true}) {
    o.split = split;
    std::unique_ptr<Clusterer> c = NewClusterer(o);
    for (const StoryFeatures& f : stream) c->Add(f);
    for (uint32_t d = 2; d < 8; ++d) EXPECT_EQ(c->StoryOf(d), c->StoryOf(d % 2)) << d;
    if (split) {
      EXPECT_NE(c->StoryOf(0), c->StoryOf(1));
      EXPECT_EQ(c->Story(c->StoryOf(0)).size, 4u);
    } else {
      EXPECT_EQ(c->StoryOf(0), c->StoryOf(1));  // in a single pass they met
    }
  }
  // One event in varied words: no cut passes the merge pass's rule.
  std::unique_ptr<Clusterer> one = NewClusterer(o);
  for (const char* extra : {"dead", "tent", "aid", "school", "bridge", "power", "coast", "port"}) {
    one->Add(sumbawa(extra));
  }
  for (uint32_t d = 1; d < 8; ++d) EXPECT_EQ(one->StoryOf(d), one->StoryOf(0)) << d;
}

// A state saved by format version 1 (before the merge pass) still loads:
// its options have no merge pass, and it goes on without one.
TEST(ClustererStateTest, LoadsVersion1State) {
  state::StateWriter w;
  StoryOptions o;
  w.Str(o.method);
  w.F64(o.threshold);
  w.I32(o.window_days);
  w.F64(o.entity_weight);
  w.F64(o.number_weight);
  w.I32(o.centroid_terms);
  w.I32(o.index_terms);
  w.I32(o.query_terms);
  w.I32(o.posting_scan);
  w.I32(o.candidates);
  w.F64(o.merge_threshold);
  w.I32(o.revise_window);
  w.I32(o.revise_every);
  w.F64(o.revise_margin);
  w.I32(o.revise_query_terms);
  w.I32(o.revise_posting_scan);
  w.I32(o.revise_candidates);
  w.U64(0);  // articles
  w.Var(0);  // terms
  w.Var(0);  // stories
  w.Var(0);  // postings
  w.Var(0);  // assignments
  w.Var(0);  // window
  Result<std::unique_ptr<Clusterer>> c = LoadClusterer(state::Seal("WSTORYCL", 1, w.payload()));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  StoryAssignment first = (*c)->Add(Doc({"quake", "magnitude"}, {"Sumbawa"}));
  EXPECT_TRUE(first.created);
  EXPECT_EQ((*c)->Add(Doc({"quake", "magnitude"}, {"Sumbawa"})).story, first.story);
  // Saved again, it is a state of the current version that loads.
  EXPECT_TRUE(LoadClusterer((*c)->SaveState()).ok());
}

// A revision window and period whose sum overflows an int (any
// non-negative ints load from a saved state; found by clusterer_fuzz) still
// keep every story open within reach of the window: a story idle for more
// than close_after arrivals takes its next article. Before the sum was taken
// in 64 bits it wrapped negative, the idle span fell back to close_after and
// the story was closed (and UBSan aborted on the overflow).
TEST(ClustererStateTest, HugeReviseWindowKeepsStoriesOpen) {
  StoryOptions options;
  options.revise_window = std::numeric_limits<int>::max() - 5;
  options.revise_every = 100;
  options.close_after = 3;
  std::unique_ptr<Clusterer> c = NewClusterer(options);
  StoryAssignment first = c->Add(Doc({"quake", "magnitude", "tremor"}, {"Sumbawa"}));
  for (int i = 0; i < 8; ++i) {
    c->Add(Doc({"word" + std::to_string(i), "other" + std::to_string(i)}, {}));
  }
  StoryAssignment again = c->Add(Doc({"quake", "magnitude", "tremor"}, {"Sumbawa"}));
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.story, first.story);
  Result<std::unique_ptr<Clusterer>> resumed = LoadClusterer(c->SaveState());
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ((*resumed)->Add(Doc({"quake", "magnitude", "tremor"}, {"Sumbawa"})).story, first.story);
}

// A damaged or foreign blob is an error, never a crash: every truncation,
// every single flipped byte, another kind of state, nothing at all.
TEST(ClustererStateTest, DamagedStateIsAnError) {
  std::vector<StoryFeatures> stream = SyntheticStream(120, 10, 3);
  StoryOptions options;
  options.revise_window = 30;
  options.revise_every = 5;
  std::unique_ptr<Clusterer> c = NewClusterer(options);
  for (const StoryFeatures& f : stream) c->Add(f);
  std::string blob = c->SaveState();
  ASSERT_TRUE(LoadClusterer(blob).ok());
  for (size_t n = 0; n < blob.size(); n += 1 + n / 16) {
    EXPECT_FALSE(LoadClusterer(blob.substr(0, n)).ok()) << n;
  }
  for (size_t i = 0; i < blob.size(); i += 1 + i / 32) {
    std::string bad = blob;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    EXPECT_FALSE(LoadClusterer(bad).ok()) << i;
  }
  EXPECT_FALSE(LoadClusterer("").ok());
  EXPECT_FALSE(LoadClusterer(std::string(64, 'x')).ok());
  std::string newer = blob;
  newer[8] = 99;  // the version field
  Result<std::unique_ptr<Clusterer>> r = LoadClusterer(newer);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("version"), std::string::npos) << r.status().ToString();
}

}  // namespace
}  // namespace warta
