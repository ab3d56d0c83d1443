// The centroid clusterer: single-pass clustering with an inverted index.
//
// Each article becomes a unit vector of TF-IDF weights,
//   w(t) = (1 + ln count(t)) * idf(t) * kind_weight(t),
//   idf(t) = ln((N + 1) / (df(t) + 1)) + 1,
// where N and df count the articles seen so far (the stream is its own
// background corpus; early articles see flat weights, which only matters
// for the first few hundred). A story is the sum of its articles' vectors,
// cut to its `centroid_terms` heaviest terms after every addition, so a
// story costs the same memory after ten articles or ten thousand.
//
// An article joins the story with the highest cosine to its centroid if that
// reaches `threshold` and the story is open (its dates within `window_days`
// of the article's); otherwise it starts a new story. Scoring every story
// would be quadratic, so candidate stories come from an inverted index: a
// story is posted under its `index_terms` heaviest terms (when a term
// enters its top), an article looks up its `query_terms` heaviest terms and
// reads the `posting_scan` most recent stories of each list, ranks them by
// the summed weight of the terms that hit, and scores the best
// `candidates` exactly. Work per article is thus bounded by constants,
// whatever the number of stories: what makes a million articles possible.
//
// Across languages words cannot match, so an article in a language its
// candidate story has not seen is scored on entities and numbers alone (the
// low two bits of a term key give its kind). And a single pass splits
// stories whose first articles arrived before the words that join them: after
// each join, the story is compared with the open stories its centroid finds
// in the index, and merges into an earlier one at `merge_threshold`
// (+0.004 B-cubed F1 on ECB+); Resolve() follows merges.
//
// Tested by story_test.cc (and on ECB+ by stories_dev_test.cc).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "warta/story.h"

namespace warta {
namespace {

using Vec = std::vector<std::pair<uint64_t, float>>;  // sorted by key

double Norm(const Vec& v) {
  double s = 0;
  for (const auto& [k, w] : v) s += static_cast<double>(w) * w;
  return std::sqrt(s);
}

// Indices of the `n` heaviest entries of `v`, heaviest first.
std::vector<size_t> Heaviest(const Vec& v, size_t n) {
  std::vector<size_t> idx(v.size());
  for (size_t i = 0; i < v.size(); ++i) idx[i] = i;
  n = std::min(n, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(n), idx.end(),
                    [&](size_t a, size_t b) {
                      if (v[a].second != v[b].second) return v[a].second > v[b].second;
                      return v[a].first < v[b].first;
                    });
  idx.resize(n);
  return idx;
}

class CentroidClusterer : public Clusterer {
 public:
  explicit CentroidClusterer(const StoryOptions& options) : options_(options) {}

  StoryAssignment Add(const StoryFeatures& doc) override {
    Vec v = Vectorize(doc, &stats_);
    double doc_shared_norm = SharedNorm(v);
    StoryAssignment a;
    int64_t best = -1;
    double best_sim = 0;
    for (uint32_t s : Candidates(v)) {
      const Cluster& story = stories_[s];
      if (!Open(story, doc.day)) continue;
      double sim = Similarity(v, doc_shared_norm, doc.lang, story);
      if (sim > best_sim) {
        best_sim = sim;
        best = s;
      }
    }
    if (best >= 0 && best_sim >= options_.threshold) {
      a.story = static_cast<uint32_t>(best);
      a.similarity = static_cast<float>(best_sim);
    } else {
      a.story = static_cast<uint32_t>(stories_.size());
      a.created = true;
      stories_.emplace_back();
    }
    if (a.created) merged_into_.push_back(a.story);
    Join(a.story, v, doc);
    a.story = MaybeMerge(a.story);
    // Document frequencies include this article from now on.
    ++docs_;
    for (size_t i = 0; i < doc.terms.size(); ++i) {
      TermStat& stat = *stats_[i];
      if (stat.df++ == 0) stat.text = doc.terms[i].text;
      stat.kind = doc.terms[i].kind;
    }
    return a;
  }

  size_t size() const override { return stories_.size(); }

  uint32_t Resolve(uint32_t id) const override {
    while (merged_into_[id] != id) id = merged_into_[id];
    return id;
  }

  StoryInfo Story(uint32_t id) const override {
    id = Resolve(id);
    const Cluster& s = stories_[id];
    StoryInfo info;
    info.id = id;
    info.size = s.size;
    info.first_seen = FormatDay(s.first_day);
    info.last_seen = FormatDay(s.last_day);
    info.languages = s.languages;
    info.label = Label(s);
    return info;
  }

  size_t MemoryBytes() const override {
    size_t bytes =
        stories_.capacity() * sizeof(Cluster) + merged_into_.capacity() * 4 + acc_.capacity() * 4;
    for (const Cluster& s : stories_) {
      bytes += s.centroid.capacity() * sizeof(Vec::value_type) + s.indexed.capacity() * 8;
      for (const std::string& l : s.languages) bytes += l.capacity();
    }
    bytes += terms_.bucket_count() * sizeof(void*);
    for (const auto& [k, t] : terms_) bytes += 32 + sizeof(TermStat) + t.text.capacity();
    bytes += postings_.bucket_count() * sizeof(void*);
    for (const auto& [k, p] : postings_) bytes += 48 + p.capacity() * 4;
    return bytes;
  }

 private:
  struct Cluster {
    Vec centroid;  // truncated sum of member vectors, sorted by key
    float norm = 1;
    float shared_norm = 0;  // of the entity and number terms alone
    uint32_t size = 0;
    int32_t first_day = kNoDay, last_day = kNoDay;
    std::vector<std::string> languages;
    std::vector<uint64_t> indexed;  // keys this story is posted under
  };
  struct TermStat {
    uint32_t df = 0;
    TermKind kind = TermKind::kWord;
    std::string text;
  };

  // The unit TF-IDF vector of `doc`; `stats` receives each term's entry in
  // terms_ (created with df 0 when new), for the df update after clustering.
  // One hash lookup a term: measured 6.5% -> 3% of dedup_bench's time.
  Vec Vectorize(const StoryFeatures& doc, std::vector<TermStat*>* stats) {
    Vec v;
    v.reserve(doc.terms.size());
    stats->clear();
    double n = static_cast<double>(docs_) + 1;
    for (const StoryTerm& t : doc.terms) {
      TermStat* stat = &terms_[t.key];  // node-based: the pointer stays valid
      stats->push_back(stat);
      double df = stat->df;
      double idf = std::log((n + 1) / (df + 1)) + 1;
      double kind = t.kind == TermKind::kEntity   ? options_.entity_weight
                    : t.kind == TermKind::kNumber ? options_.number_weight
                                                  : 1.0;
      double w = (1 + std::log(std::max(1.0f, t.count))) * idf * kind;
      if (w > 0) v.emplace_back(t.key, static_cast<float>(w));
    }
    std::sort(v.begin(), v.end());
    double norm = Norm(v);
    if (norm > 0) {
      for (auto& e : v) e.second = static_cast<float>(e.second / norm);
    }
    return v;
  }

  // Entities and numbers: the terms that carry across languages.
  static bool IsShared(uint64_t key) {
    return (key & 3) == static_cast<uint64_t>(TermKind::kEntity) ||
           (key & 3) == static_cast<uint64_t>(TermKind::kNumber);
  }

  static double SharedNorm(const Vec& v) {
    double n = 0;
    for (const auto& [k, w] : v) {
      if (IsShared(k)) n += static_cast<double>(w) * w;
    }
    return std::sqrt(n);
  }

  // The cosine of `v` and the centroid of `c`. Across languages — `lang`
  // not among the story's languages — words cannot match ("pasukan" is not
  // "troops"), so the cosine is taken over entities and numbers alone.
  double Similarity(const Vec& v, double v_shared_norm, const std::string& lang,
                    const Cluster& c) const {
    bool cross = !lang.empty() && !c.languages.empty() &&
                 std::find(c.languages.begin(), c.languages.end(), lang) == c.languages.end();
    double all = 0, shared = 0;
    size_t i = 0, j = 0;
    while (i < v.size() && j < c.centroid.size()) {
      if (v[i].first < c.centroid[j].first) {
        ++i;
      } else if (c.centroid[j].first < v[i].first) {
        ++j;
      } else {
        double p = static_cast<double>(v[i].second) * c.centroid[j].second;
        all += p;
        if (IsShared(v[i].first)) shared += p;
        ++i;
        ++j;
      }
    }
    if (!cross) return all / c.norm;
    if (v_shared_norm <= 0 || c.shared_norm <= 0) return 0;
    return shared / (v_shared_norm * c.shared_norm);
  }

  bool Open(const Cluster& s, int32_t day) const {
    if (day == kNoDay || s.first_day == kNoDay) return true;
    return day <= s.last_day + options_.window_days && day >= s.first_day - options_.window_days;
  }

  // Accumulates into a dense array indexed by story (and a list of the
  // stories touched): measured 2x faster than an unordered_map here.
  std::vector<uint32_t> Candidates(const Vec& v) {
    if (acc_.size() < stories_.size()) acc_.resize(stories_.size(), 0);
    touched_.clear();
    for (size_t i : Heaviest(v, static_cast<size_t>(options_.query_terms))) {
      auto it = postings_.find(v[i].first);
      if (it == postings_.end()) continue;
      const std::vector<uint32_t>& list = it->second;
      size_t from = list.size() > static_cast<size_t>(options_.posting_scan)
                        ? list.size() - static_cast<size_t>(options_.posting_scan)
                        : 0;
      for (size_t j = from; j < list.size(); ++j) {
        uint32_t s = Resolve(list[j]);
        if (acc_[s] == 0) touched_.push_back(s);
        acc_[s] += v[i].second;
      }
    }
    std::vector<std::pair<float, uint32_t>> ranked;
    ranked.reserve(touched_.size());
    for (uint32_t s : touched_) {
      ranked.emplace_back(acc_[s], s);
      acc_[s] = 0;
    }
    size_t n = std::min(ranked.size(), static_cast<size_t>(options_.candidates));
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(),
                      [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    std::vector<uint32_t> out;
    for (size_t i = 0; i < n; ++i) out.push_back(ranked[i].second);
    return out;
  }

  // Adds `v` to the centroid of `s` and truncates it.
  void AddVector(Cluster& s, const Vec& v) const {
    Vec merged;
    merged.reserve(s.centroid.size() + v.size());
    size_t i = 0, j = 0;
    while (i < s.centroid.size() || j < v.size()) {
      if (j == v.size() || (i < s.centroid.size() && s.centroid[i].first < v[j].first)) {
        merged.push_back(s.centroid[i++]);
      } else if (i == s.centroid.size() || v[j].first < s.centroid[i].first) {
        merged.push_back(v[j++]);
      } else {
        merged.emplace_back(v[j].first, s.centroid[i].second + v[j].second);
        ++i;
        ++j;
      }
    }
    size_t keep = static_cast<size_t>(options_.centroid_terms);
    if (merged.size() > keep) {
      std::nth_element(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(keep),
                       merged.end(), [](const auto& a, const auto& b) {
                         return a.second != b.second ? a.second > b.second : a.first < b.first;
                       });
      merged.resize(keep);
      std::sort(merged.begin(), merged.end());
    }
    s.centroid.swap(merged);
    s.norm = static_cast<float>(std::max(Norm(s.centroid), 1e-9));
    s.shared_norm = static_cast<float>(SharedNorm(s.centroid));
  }

  static void AddDays(Cluster& s, int32_t first, int32_t last) {
    if (first == kNoDay) return;
    s.first_day = s.first_day == kNoDay ? first : std::min(s.first_day, first);
    s.last_day = s.last_day == kNoDay ? last : std::max(s.last_day, last);
  }

  static void AddLanguage(Cluster& s, const std::string& lang) {
    if (lang.empty() ||
        std::find(s.languages.begin(), s.languages.end(), lang) != s.languages.end()) {
      return;
    }
    s.languages.push_back(lang);
    std::sort(s.languages.begin(), s.languages.end());
  }

  // Posts story `id` under its heaviest terms not yet posted. The list of
  // posted keys is capped so that a long story's churn stays bounded.
  void Index(uint32_t id) {
    Cluster& s = stories_[id];
    size_t cap = 3 * static_cast<size_t>(options_.index_terms);
    for (size_t k : Heaviest(s.centroid, static_cast<size_t>(options_.index_terms))) {
      uint64_t key = s.centroid[k].first;
      if (s.indexed.size() >= cap) break;
      if (std::find(s.indexed.begin(), s.indexed.end(), key) != s.indexed.end()) continue;
      s.indexed.push_back(key);
      postings_[key].push_back(id);
    }
  }

  void Join(uint32_t id, const Vec& v, const StoryFeatures& doc) {
    Cluster& s = stories_[id];
    AddVector(s, v);
    ++s.size;
    AddDays(s, doc.day, doc.day);
    AddLanguage(s, doc.lang);
    Index(id);
  }

  // After story `id` changed: if its centroid now reaches another open
  // story's at merge_threshold, the two are one story told twice (the
  // second started before the first had the words to be found); the later
  // merges into the earlier. Returns the surviving id.
  uint32_t MaybeMerge(uint32_t id) {
    if (options_.merge_threshold <= 0 || options_.merge_threshold > 1) return id;
    const Cluster& s = stories_[id];
    Vec unit = s.centroid;
    for (auto& e : unit) e.second = static_cast<float>(e.second / s.norm);
    double unit_shared_norm = SharedNorm(unit);
    int64_t best = -1;
    double best_sim = 0;
    for (uint32_t c : Candidates(unit)) {
      if (c == id) continue;
      const Cluster& other = stories_[c];
      if (!Open(other, s.first_day) && !Open(other, s.last_day)) continue;
      // Across languages when the two share none.
      std::string lang;
      for (const std::string& l : s.languages) {
        if (std::find(other.languages.begin(), other.languages.end(), l) != other.languages.end())
          lang = l;
      }
      if (lang.empty() && !s.languages.empty()) lang = s.languages[0];
      double sim = Similarity(unit, unit_shared_norm, lang, other);
      if (sim > best_sim) {
        best_sim = sim;
        best = c;
      }
    }
    if (best < 0 || best_sim < options_.merge_threshold) return id;
    uint32_t into = std::min(id, static_cast<uint32_t>(best));
    uint32_t from = std::max(id, static_cast<uint32_t>(best));
    Cluster& a = stories_[into];
    Cluster& b = stories_[from];
    AddVector(a, b.centroid);
    a.size += b.size;
    AddDays(a, b.first_day, b.last_day);
    for (const std::string& l : b.languages) AddLanguage(a, l);
    b = Cluster{};
    merged_into_[from] = into;
    Index(into);
    return into;
  }

  // "Tara Reid, Promises: rehab, treatment": the three heaviest entities
  // (a phrase replaces its parts), then the three heaviest words that are
  // not part of a shown entity.
  std::string Label(const Cluster& s) const {
    std::vector<size_t> order = Heaviest(s.centroid, s.centroid.size());
    auto fold = [](const std::string& x) {
      std::string f;
      for (char c : x) f += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return f;
    };
    std::vector<std::string> entities, words;  // entities folded for tests
    std::vector<std::string> shown;
    for (size_t k : order) {
      auto it = terms_.find(s.centroid[k].first);
      if (it == terms_.end() || it->second.kind != TermKind::kEntity) continue;
      std::string f = fold(it->second.text);
      bool part = false;
      for (const std::string& e : entities) part |= e.find(f) != std::string::npos;
      if (part) continue;
      // A phrase replaces the parts already shown.
      for (size_t i = 0; i < entities.size();) {
        if (f.find(entities[i]) != std::string::npos) {
          entities.erase(entities.begin() + static_cast<std::ptrdiff_t>(i));
          shown.erase(shown.begin() + static_cast<std::ptrdiff_t>(i));
        } else {
          ++i;
        }
      }
      if (entities.size() >= 3) break;
      entities.push_back(f);
      shown.push_back(it->second.text);
    }
    for (size_t k : order) {
      if (words.size() >= 3) break;
      auto it = terms_.find(s.centroid[k].first);
      if (it == terms_.end() || it->second.kind != TermKind::kWord) continue;
      bool part = false;
      for (const std::string& e : entities) part |= e.find(it->second.text) != std::string::npos;
      if (!part) words.push_back(it->second.text);
    }
    std::string label;
    for (size_t i = 0; i < shown.size(); ++i) label += (i ? ", " : "") + shown[i];
    if (!words.empty() && !shown.empty()) label += ": ";
    for (size_t i = 0; i < words.size(); ++i) label += (i ? ", " : "") + words[i];
    return label;
  }

  StoryOptions options_;
  std::vector<Cluster> stories_;
  std::unordered_map<uint64_t, TermStat> terms_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> postings_;
  std::vector<uint32_t> merged_into_;  // story -> the story it merged into, or itself
  std::vector<float> acc_;             // scratch: candidate scores by story, all 0 between calls
  std::vector<uint32_t> touched_;      // scratch: stories with a score
  std::vector<TermStat*> stats_;       // scratch: the current article's terms
  uint64_t docs_ = 0;
};

// Every article its own story: the floor for the benchmarks.
class SingletonClusterer : public Clusterer {
 public:
  StoryAssignment Add(const StoryFeatures& doc) override {
    StoryAssignment a;
    a.story = static_cast<uint32_t>(sizes_.size());
    a.created = true;
    sizes_.push_back(doc.lang);
    return a;
  }
  size_t size() const override { return sizes_.size(); }
  StoryInfo Story(uint32_t id) const override {
    StoryInfo info;
    info.id = id;
    info.size = 1;
    info.languages = {sizes_[id]};
    return info;
  }
  size_t MemoryBytes() const override { return sizes_.capacity() * sizeof(std::string); }
  uint32_t Resolve(uint32_t id) const override { return id; }

 private:
  std::vector<std::string> sizes_;  // language of each story's article
};

}  // namespace

std::unique_ptr<Clusterer> NewClusterer(const StoryOptions& options) {
  if (options.method == "centroid") return std::make_unique<CentroidClusterer>(options);
  if (options.method == "singleton") return std::make_unique<SingletonClusterer>();
  return nullptr;
}

// Civil-from-days and days-from-civil after Howard Hinnant's algorithms.
int32_t ParseDay(std::string_view iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return kNoDay;
  auto num = [&](size_t from, size_t len, int* out) {
    int v = 0;
    for (size_t i = from; i < from + len; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return false;
      v = v * 10 + (iso[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, m, d;
  if (!num(0, 4, &y) || !num(5, 2, &m) || !num(8, 2, &d)) return kNoDay;
  if (m < 1 || m > 12 || d < 1 || d > 31) return kNoDay;
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string FormatDay(int32_t day) {
  if (day == kNoDay) return "";
  int z = day + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = yoe + era * 400;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  int d = doy - (153 * mp + 2) / 5 + 1;
  int m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

ClusterScore ScoreClusters(std::span<const std::string> gold, std::span<const uint32_t> predicted) {
  ClusterScore score;
  size_t n = std::min(gold.size(), predicted.size());
  if (n == 0) return score;
  std::unordered_map<std::string, uint32_t> gold_ids;
  std::vector<uint32_t> g(n);
  for (size_t i = 0; i < n; ++i) {
    g[i] = gold_ids.try_emplace(gold[i], static_cast<uint32_t>(gold_ids.size())).first->second;
  }
  std::unordered_map<uint64_t, double> joint;
  std::unordered_map<uint32_t, double> pred_size, gold_size;
  for (size_t i = 0; i < n; ++i) {
    joint[(uint64_t{predicted[i]} << 32) | g[i]] += 1;
    pred_size[predicted[i]] += 1;
    gold_size[g[i]] += 1;
  }
  double p = 0, r = 0, tp_pairs = 0, pred_pairs = 0, gold_pairs = 0;
  for (const auto& [key, c] : joint) {
    uint32_t pc = static_cast<uint32_t>(key >> 32);
    uint32_t gc = static_cast<uint32_t>(key);
    // Each of the c documents in this cell has precision c/|pred| and
    // recall c/|gold|.
    p += c * c / pred_size[pc];
    r += c * c / gold_size[gc];
    tp_pairs += c * (c - 1) / 2;
  }
  for (const auto& [k, s] : pred_size) pred_pairs += s * (s - 1) / 2;
  for (const auto& [k, s] : gold_size) gold_pairs += s * (s - 1) / 2;
  auto f1 = [](double a, double b) { return a + b > 0 ? 2 * a * b / (a + b) : 0; };
  score.bcubed_precision = p / n;
  score.bcubed_recall = r / n;
  score.bcubed_f1 = f1(score.bcubed_precision, score.bcubed_recall);
  score.pairwise_precision = pred_pairs > 0 ? tp_pairs / pred_pairs : 1;
  score.pairwise_recall = gold_pairs > 0 ? tp_pairs / gold_pairs : 1;
  score.pairwise_f1 = f1(score.pairwise_precision, score.pairwise_recall);
  score.clusters = pred_size.size();
  score.gold_clusters = gold_size.size();
  return score;
}

}  // namespace warta
