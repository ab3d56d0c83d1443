// story_eval: the story clusterer on ECB+ (stories-dev), scored.
//
//   story_eval [--data FILE] [--threshold X] [--entity-weight X]
//              [--number-weight X] [--shuffle SEED] [--method centroid|singleton]
//
// Reads ../shared/data/stories-dev/ecbplus.jsonl ({doc, topic, story,
// text}), clusters the articles online in file order (or shuffled), and
// prints B-cubed and pairwise precision, recall and F1 against `story`,
// where the two stories of each topic are different stories. The same run
// scores the floor (every article alone) and the topic-level ceiling of a
// clusterer that could not tell a topic's two stories apart, for scale.
// Exits non-zero below B-cubed F1 0.90 (the bar) unless --no-check.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "warta/clean.h"
#include "warta/lang_data.h"
#include "warta/story.h"

namespace {

struct Article {
  std::string doc, topic, story, text;
};

}  // namespace

int main(int argc, char** argv) {
  std::string path = "/work/shared/data/stories-dev/ecbplus.jsonl";
  warta::StoryOptions options;
  warta::FeatureOptions features;
  long shuffle = -1;
  bool check = true;
  bool use_cleaner = true;
  std::string dump;  // file for "doc<TAB>gold<TAB>predicted" lines
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "story_eval: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--data")
      path = next();
    else if (a == "--threshold")
      options.threshold = std::atof(next());
    else if (a == "--entity-weight")
      options.entity_weight = std::atof(next());
    else if (a == "--number-weight")
      options.number_weight = std::atof(next());
    else if (a == "--centroid-terms")
      options.centroid_terms = std::atoi(next());
    else if (a == "--method")
      options.method = next();
    else if (a == "--merge")
      options.merge_threshold = std::atof(next());
    else if (a == "--lead-words")
      features.lead_words = std::atoi(next());
    else if (a == "--lead-boost")
      features.lead_boost = static_cast<float>(std::atof(next()));
    else if (a == "--shuffle")
      shuffle = std::atol(next());
    else if (a == "--no-check")
      check = false;
    else if (a == "--raw")
      use_cleaner = false;
    else if (a == "--window")
      options.window_days = std::atoi(next());
    else if (a == "--dump")
      dump = next();
    else {
      std::fprintf(stderr, "story_eval: unknown flag %s\n", a.c_str());
      return 2;
    }
  }
  std::vector<Article> articles;
  {
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr, "story_eval: cannot open %s\n", path.c_str());
      return 1;
    }
    std::string line;
    size_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded() || !j.is_object()) {
        std::fprintf(stderr, "story_eval: %s: line %zu: malformed JSON\n", path.c_str(), line_no);
        return 1;
      }
      articles.push_back(
          {j.value("doc", ""), j.value("topic", ""), j.value("story", ""), j.value("text", "")});
    }
  }
  if (shuffle >= 0) {
    std::mt19937_64 rng(static_cast<uint64_t>(shuffle));
    std::shuffle(articles.begin(), articles.end(), rng);
  }

  warta::Result<warta::DataDir> data = warta::DataDir::At(WARTA_SOURCE_DATA_DIR);
  if (!data.ok()) {
    std::fprintf(stderr, "story_eval: %s\n", data.status().ToString().c_str());
    return 1;
  }
  auto featurizer = warta::StoryFeaturizer::Create(*data, features);
  if (!featurizer.ok()) {
    std::fprintf(stderr, "story_eval: %s\n", featurizer.status().ToString().c_str());
    return 1;
  }
  // The pipeline's clean stage: boilerplate lines (URL headers) out, and the
  // publication date when the text states one ("September 18th, 2013").
  auto cleaner = warta::Cleaner::Create(*data);
  if (!cleaner.ok()) {
    std::fprintf(stderr, "story_eval: %s\n", cleaner.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<warta::Clusterer> clusterer = warta::NewClusterer(options);
  if (clusterer == nullptr) {
    std::fprintf(stderr, "story_eval: unknown method %s\n", options.method.c_str());
    return 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> gold, topics;
  std::vector<uint32_t> predicted, singletons;
  size_t dated = 0;
  for (const Article& a : articles) {
    warta::StoryFeatures f;
    if (use_cleaner) {
      warta::RawArticle raw;
      raw.id = a.doc;
      raw.content = a.text;
      raw.lang = "en";
      warta::CleanArticle clean = (*cleaner)->Clean(raw);
      if (!clean.meta.published.empty()) ++dated;
      f = (*featurizer)->Extract({a.doc, clean.text, clean.meta.published, "en"});
    } else {
      f = (*featurizer)->Extract({a.doc, a.text, "", "en"});
    }
    predicted.push_back(clusterer->Add(f).story);
    gold.push_back(a.story);
    topics.push_back(a.topic);
    singletons.push_back(static_cast<uint32_t>(singletons.size()));
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // The topic-level ceiling: the topic as the predicted cluster.
  std::vector<uint32_t> by_topic;
  {
    std::unordered_map<std::string, uint32_t> ids;
    for (const std::string& t : topics) {
      by_topic.push_back(ids.try_emplace(t, static_cast<uint32_t>(ids.size())).first->second);
    }
  }
  auto print = [&](const char* name, const warta::ClusterScore& s) {
    std::printf("%-22s clusters %4zu  B3 P %.3f R %.3f F1 %.3f   pairwise P %.3f R %.3f F1 %.3f\n",
                name, s.clusters, s.bcubed_precision, s.bcubed_recall, s.bcubed_f1,
                s.pairwise_precision, s.pairwise_recall, s.pairwise_f1);
  };
  for (uint32_t& p : predicted) p = clusterer->Resolve(p);
  warta::ClusterScore s = warta::ScoreClusters(gold, predicted);
  std::printf("ECB+ stories-dev: %zu articles, %zu gold stories, %.2f s (%.0f articles/s)\n",
              articles.size(), s.gold_clusters, secs, articles.size() / secs);
  std::printf("dated by the clean stage: %zu of %zu\n", dated, articles.size());
  print(options.method.c_str(), s);
  print("baseline: singletons", warta::ScoreClusters(gold, singletons));
  print("baseline: topic", warta::ScoreClusters(gold, by_topic));
  // Show a few story labels.
  for (uint32_t i = 0; i < clusterer->size() && i < 8; ++i) {
    warta::StoryInfo info = clusterer->Story(i);
    std::printf("  story %u (%u articles): %s\n", info.id, info.size, info.label.c_str());
  }
  if (!dump.empty()) {
    std::ofstream out(dump);
    for (size_t i = 0; i < articles.size(); ++i) {
      out << articles[i].doc << '\t' << gold[i] << '\t' << predicted[i] << '\n';
    }
  }
  if (check && s.bcubed_f1 < 0.90) {
    std::printf("FAIL: B-cubed F1 %.3f below 0.90\n", s.bcubed_f1);
    return 1;
  }
  return 0;
}
