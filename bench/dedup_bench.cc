// dedup_bench: copies and stories at scale, with known answers.
//
//   dedup_bench [N] [--pool FILE] [--threads T] [--sample S] [--seed X]
//               [--no-stories] [--no-sample] [--revise-window W]
//               [--revise-every E] [--no-split] [--no-dated-figures]
//               [--dated-entity X]
//
// Builds a stream of N articles (default 100,000) from the id-news pool
// (../shared/data/id-news/indosum-dev.jsonl.gz, 3,463 Indonesian articles),
// so that the true duplicate sets are known:
//   50% originals: a pool article with 15% of its words replaced at random
//       (two originals of one pool article share about 10% of shingles:
//       distinct texts on the same event);
//    5% exact copies of an earlier original;
//   20% edited copies: 1-5% of words replaced, deleted or inserted;
//   10% reordered copies: paragraphs shuffled, 1% of words edited;
//   15% splices: the first paragraphs of one original, up to half its
//       words, and as many words from the last paragraphs of another. Not
//       duplicates (Jaccard about 1/3 to each): a link from a splice counts
//       as a false positive.
// Every article is generated from its number when needed — an original is
// regenerated for each copy — so the stream is never held in memory.
//
// Reports, for dedup (DupIndex, MinHash LSH) and stories (centroid
// clusterer): time, articles/s, index bytes per article, and the process's
// peak RSS (getrusage); duplicate precision and recall against the
// construction; story B-cubed against the pool article each text came from;
// the saved state of each index (SaveState): bytes per article, save and
// load time, and a check that the loaded index saves the same bytes.
// Then, on the first S articles (default 20,000), the same duplicate
// question answered by exact all-pairs Jaccard, against which MinHash LSH
// and SimHash variants are timed and scored in the same run.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "warta/dedup.h"
#include "warta/lang_data.h"
#include "warta/read.h"
#include "warta/story.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double PeakRssMb() {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // KiB on Linux
}

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// The pool: articles as paragraphs of word ids.
struct Pool {
  std::vector<std::string> vocab;
  std::vector<std::vector<std::vector<uint32_t>>> articles;
  std::vector<int32_t> days;
};

enum Kind : uint8_t { kOriginal, kExactCopy, kEdited, kReordered, kSplice };
const char* kKindNames[] = {"original", "exact copy", "edited copy", "reordered copy", "splice"};

struct Plan {  // what article i is
  Kind kind;
  uint32_t a = 0;  // the original copied (or the first of a splice)
  uint32_t b = 0;  // the second original of a splice
};

using Article = std::vector<std::vector<uint32_t>>;

class Generator {
 public:
  Generator(const Pool& pool, uint64_t seed) : pool_(pool), seed_(seed) {}

  uint32_t BaseOf(uint32_t original) const {
    return static_cast<uint32_t>(Mix(seed_ ^ original) % pool_.articles.size());
  }

  Article Original(uint32_t i) const {
    std::mt19937_64 rng(Mix(seed_ + i));
    Article a = pool_.articles[BaseOf(i)];
    for (auto& p : a) {
      for (uint32_t& w : p) {
        if (rng() % 100 < 15) w = static_cast<uint32_t>(rng() % pool_.vocab.size());
      }
    }
    return a;
  }

  Article Make(uint32_t i, const Plan& plan) const {
    if (plan.kind == kOriginal) return Original(i);
    std::mt19937_64 rng(Mix(~seed_ + i));
    Article a = Original(plan.a);
    switch (plan.kind) {
      case kExactCopy:
        break;
      case kEdited:
        Edit(&a, 1 + static_cast<int>(rng() % 5), rng);
        break;
      case kReordered:
        std::shuffle(a.begin(), a.end(), rng);
        Edit(&a, 1, rng);
        break;
      case kSplice: {
        // Paragraphs of a up to half its words, then as many words of
        // b's last paragraphs: about 1/3 Jaccard to each when both are long
        // enough.
        Article b = Original(plan.b);
        size_t total = 0, taken = 0, kept = 0;
        for (const auto& p : a) total += p.size();
        while (kept < a.size() && 2 * (taken + a[kept].size()) <= total + a[kept].size()) {
          taken += a[kept++].size();
        }
        a.resize(std::max<size_t>(kept, 1));
        size_t from = b.size(), got = 0;
        while (from > 0 && got < taken) got += b[--from].size();
        for (size_t k = from; k < b.size(); ++k) a.push_back(b[k]);
        break;
      }
      case kOriginal:
        break;
    }
    return a;
  }

  std::string Text(const Article& a) const {
    std::string text;
    for (const auto& p : a) {
      if (!text.empty()) text += "\n\n";
      for (size_t k = 0; k < p.size(); ++k) {
        if (k > 0) text += ' ';
        text += pool_.vocab[p[k]];
      }
    }
    return text;
  }

 private:
  // Replaces, deletes or inserts `percent`% of words.
  void Edit(Article* a, int percent, std::mt19937_64& rng) const {
    for (auto& p : *a) {
      std::vector<uint32_t> out;
      for (uint32_t w : p) {
        if (static_cast<int>(rng() % 100) >= percent) {
          out.push_back(w);
          continue;
        }
        switch (rng() % 3) {
          case 0:
            out.push_back(static_cast<uint32_t>(rng() % pool_.vocab.size()));
            break;
          case 1:
            break;  // delete
          default:
            out.push_back(w);
            out.push_back(static_cast<uint32_t>(rng() % pool_.vocab.size()));
        }
      }
      p.swap(out);
    }
  }
  const Pool& pool_;
  uint64_t seed_;
};

bool LoadPool(const std::string& path, Pool* pool) {
  std::unordered_map<std::string, uint32_t> ids;
  size_t errors = 0;
  warta::ReadInputs(
      {path}, warta::ReadOptions{},
      [&](warta::RawArticle raw) {
        Article a;
        for (const warta::Span& s : warta::ParagraphSpans(raw.content)) {
          std::vector<uint32_t> words;
          std::string_view p = s.Of(raw.content);
          size_t i = 0;
          while (i < p.size()) {
            while (i < p.size() && (p[i] == ' ' || p[i] == '\n')) ++i;
            size_t j = i;
            while (j < p.size() && p[j] != ' ' && p[j] != '\n') ++j;
            if (j > i) {
              auto [it, inserted] = ids.try_emplace(std::string(p.substr(i, j - i)),
                                                    static_cast<uint32_t>(ids.size()));
              if (inserted) pool->vocab.push_back(it->first);
              words.push_back(it->second);
            }
            i = j;
          }
          if (!words.empty()) a.push_back(std::move(words));
        }
        if (a.empty()) return;
        pool->articles.push_back(std::move(a));
        int32_t day = warta::ParseDay(raw.published);
        pool->days.push_back(day == warta::kNoDay ? 17000 : day);
      },
      [&](const warta::ReadError& e) {
        if (++errors < 5) std::fprintf(stderr, "dedup_bench: %s\n", e.ToString().c_str());
      });
  return !pool->articles.empty();
}

struct Prepared {
  warta::PreparedDoc dup;
  warta::StoryFeatures story;
  std::vector<uint64_t> shingles;  // sample articles only
};

// The duplicate verdicts of one method on the sample.
struct SampleRun {
  std::string name;
  double seconds = 0;
  std::vector<int64_t> link;  // earlier article linked, or -1
};

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress visible when redirected
  size_t n = 100000;
  std::string pool_path =
      std::string(WARTA_SOURCE_DATA_DIR) + "/../../shared/data/id-news/indosum-dev.jsonl.gz";
  int threads = 2;
  size_t sample = 20000;
  uint64_t seed = 2024;
  bool stories = true;
  warta::StoryOptions story_options;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "dedup_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--pool")
      pool_path = next();
    else if (a == "--threads")
      threads = std::max(1, std::atoi(next().c_str()));
    else if (a == "--sample")
      sample = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--no-sample")
      sample = 0;
    else if (a == "--seed")
      seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--no-stories")
      stories = false;
    else if (a == "--revise-window")
      story_options.revise_window = std::atoi(next().c_str());
    else if (a == "--revise-every")
      story_options.revise_every = std::atoi(next().c_str());
    else if (a == "--no-split")
      story_options.split = false;
    else if (a == "--no-dated-figures")
      story_options.dated_figures = false;
    else if (a == "--dated-entity")
      story_options.dated_entity_threshold = std::atof(next().c_str());
    else if (!a.empty() && a[0] != '-')
      n = std::strtoull(a.c_str(), nullptr, 10);
    else {
      std::fprintf(stderr, "dedup_bench: unknown flag %s\n", a.c_str());
      return 2;
    }
  }
  sample = std::min(sample, n);

  Pool pool;
  auto t_pool = Clock::now();
  if (!LoadPool(std::filesystem::path(pool_path).lexically_normal().string(), &pool)) {
    std::fprintf(stderr, "dedup_bench: no articles in %s\n", pool_path.c_str());
    return 1;
  }
  std::printf("pool: %zu articles, %zu distinct words, read in %.2f s\n", pool.articles.size(),
              pool.vocab.size(), Seconds(t_pool));
  Generator gen(pool, seed);

  auto data = warta::DataDir::At(WARTA_SOURCE_DATA_DIR);
  if (!data.ok()) {
    std::fprintf(stderr, "dedup_bench: %s\n", data.status().ToString().c_str());
    return 1;
  }
  auto featurizer = warta::StoryFeaturizer::Create(*data);
  if (!featurizer.ok()) {
    std::fprintf(stderr, "dedup_bench: %s\n", featurizer.status().ToString().c_str());
    return 1;
  }
  std::vector<std::unique_ptr<warta::StoryFeaturizer>> featurizers;
  for (int t = 0; t < threads; ++t) featurizers.push_back((*featurizer)->Clone());

  warta::DedupOptions dedup_options;
  std::unique_ptr<warta::DupIndex> owned_dups = warta::DupIndex::Create(dedup_options).value();
  warta::DupIndex& dups = *owned_dups;
  std::unique_ptr<warta::Clusterer> clusterer = warta::NewClusterer(story_options);

  // Per article: 4-byte plan fields and answers (the checking harness, not
  // the index: 17 bytes an article).
  std::vector<Plan> plans;
  plans.reserve(n);
  std::vector<uint32_t> originals;
  std::vector<uint32_t> family(n), base(n), story(n), linked(n);
  std::vector<uint8_t> link_kind(n);
  std::mt19937_64 plan_rng(seed);
  for (size_t i = 0; i < n; ++i) {
    Plan p;
    uint32_t r = static_cast<uint32_t>(plan_rng() % 100);
    if (originals.empty() || r < 50) {
      p.kind = kOriginal;
    } else {
      p.kind = r < 55 ? kExactCopy : r < 75 ? kEdited : r < 85 ? kReordered : kSplice;
      p.a = originals[plan_rng() % originals.size()];
      p.b = originals[plan_rng() % originals.size()];
      if (p.kind == kSplice && p.a == p.b) p.kind = kEdited;
    }
    if (p.kind == kOriginal) originals.push_back(static_cast<uint32_t>(i));
    bool copy = p.kind == kExactCopy || p.kind == kEdited || p.kind == kReordered;
    family[i] = copy ? p.a : static_cast<uint32_t>(i);
    base[i] = gen.BaseOf(p.kind == kOriginal ? static_cast<uint32_t>(i) : p.a);
    plans.push_back(p);
  }
  std::vector<std::vector<uint64_t>> sample_shingles(sample);

  // Batches: T threads generate and prepare (tokenize, shingle, sign,
  // featurize); then this thread inserts in order.
  const size_t kBatch = 4096;
  std::vector<Prepared> batch(kBatch);
  std::vector<double> prep_dup_cpu(threads, 0), prep_story_cpu(threads, 0), gen_cpu(threads, 0);
  double insert_dup = 0, insert_story = 0;
  uint64_t bytes = 0;
  auto thread_now = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
  };
  auto t_run = Clock::now();
  for (size_t start = 0; start < n; start += kBatch) {
    size_t end = std::min(n, start + kBatch);
    std::atomic<size_t> next{start};
    std::atomic<uint64_t> batch_bytes{0};
    std::vector<std::thread> pool_threads;
    for (int t = 0; t < threads; ++t) {
      pool_threads.emplace_back([&, t] {
        for (size_t i = next++; i < end; i = next++) {
          double c0 = thread_now();
          std::string text = gen.Text(gen.Make(static_cast<uint32_t>(i), plans[i]));
          batch_bytes += text.size();
          double c1 = thread_now();
          Prepared& p = batch[i - start];
          p.dup = dups.Prepare(text);
          if (i < sample) {
            p.shingles.clear();
            warta::Shingle(text, dedup_options.shingle_words, &p.shingles);
          }
          double c2 = thread_now();
          if (stories) {
            std::string day =
                warta::FormatDay(pool.days[base[i]] + static_cast<int32_t>(Mix(i) % 3));
            p.story = featurizers[t]->Extract({"", text, day, "id"});
          }
          double c3 = thread_now();
          gen_cpu[t] += c1 - c0;
          prep_dup_cpu[t] += c2 - c1;
          prep_story_cpu[t] += c3 - c2;
        }
      });
    }
    for (auto& th : pool_threads) th.join();
    bytes += batch_bytes;
    // CPU time of this thread, not wall time: on a shared machine the wall
    // clock measures the neighbours.
    double t0 = thread_now();
    for (size_t i = start; i < end; ++i) {
      warta::DupMatch m = dups.Insert(std::to_string(i), batch[i - start].dup);
      linked[i] = m.original;
      link_kind[i] = static_cast<uint8_t>(m.kind);
      if (i < sample) sample_shingles[i] = std::move(batch[i - start].shingles);
    }
    double t1 = thread_now();
    insert_dup += t1 - t0;
    if (stories) {
      for (size_t i = start; i < end; ++i) {
        clusterer->Add(batch[i - start].story);
        batch[i - start].story = warta::StoryFeatures{};
      }
      insert_story += thread_now() - t1;
    }
    if ((start / kBatch) % 32 == 31) {
      std::fprintf(stderr, "  %zu articles, %.0f s, peak RSS %.0f MB\n", end, Seconds(t_run),
                   PeakRssMb());
    }
  }
  double wall = Seconds(t_run);
  batch.clear();
  batch.shrink_to_fit();

  auto sum = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
  };
  double dedup_cpu = sum(prep_dup_cpu) + insert_dup;
  double story_cpu = sum(prep_story_cpu) + insert_story;
  std::printf("\n== %zu articles (%.1f MB of text), %d threads: %.1f s wall, peak RSS %.0f MB\n", n,
              bytes / 1e6, threads, wall, PeakRssMb());
  std::printf("generation (harness): %.1f s CPU\n", sum(gen_cpu));
  std::printf(
      "dedup:   %.1f s CPU (prepare %.1f, insert %.1f) = %.0f articles/s per core; "
      "index %.0f MB = %.0f bytes/article\n",
      dedup_cpu, sum(prep_dup_cpu), insert_dup, n / dedup_cpu, dups.MemoryBytes() / 1e6,
      static_cast<double>(dups.MemoryBytes()) / n);
  if (stories) {
    std::printf(
        "stories: %.1f s CPU (features %.1f, clustering %.1f) = %.0f articles/s per core; "
        "%zu stories, clusterer %.0f MB = %.0f bytes/article\n",
        story_cpu, sum(prep_story_cpu), insert_story, n / story_cpu, clusterer->size(),
        clusterer->MemoryBytes() / 1e6, static_cast<double>(clusterer->MemoryBytes()) / n);
  }

  // Duplicate precision and recall against the construction.
  size_t links = 0, right = 0, copies = 0, found = 0;
  size_t kind_total[5] = {}, kind_linked[5] = {};
  for (size_t i = 0; i < n; ++i) {
    Kind k = plans[i].kind;
    bool is_copy = k == kExactCopy || k == kEdited || k == kReordered;
    bool has_link = link_kind[i] != static_cast<uint8_t>(warta::DupKind::kNone);
    ++kind_total[k];
    if (has_link) {
      ++kind_linked[k];
      ++links;
      if (is_copy && family[linked[i]] == family[i]) ++right;
    }
    if (is_copy) {
      ++copies;
      if (has_link && family[linked[i]] == family[i]) ++found;
    }
  }
  std::printf("duplicates: precision %.4f (%zu of %zu links), recall %.4f (%zu of %zu copies)\n",
              links ? double(right) / links : 1.0, right, links,
              copies ? double(found) / copies : 1.0, found, copies);
  for (int k = 0; k < 5; ++k) {
    std::printf("  %-15s %8zu articles, %6.2f%% linked\n", kKindNames[k], kind_total[k],
                kind_total[k] ? 100.0 * kind_linked[k] / kind_total[k] : 0.0);
  }
  if (stories) {
    for (size_t i = 0; i < n; ++i) story[i] = clusterer->StoryOf(static_cast<uint32_t>(i));
    std::vector<std::string> gold(n);
    for (size_t i = 0; i < n; ++i) gold[i] = std::to_string(base[i]);
    warta::ClusterScore s = warta::ScoreClusters(gold, story);
    std::printf(
        "stories vs source pool article (%zu): B-cubed P %.3f R %.3f F1 %.3f, "
        "pairwise F1 %.3f\n",
        s.gold_clusters, s.bcubed_precision, s.bcubed_recall, s.bcubed_f1, s.pairwise_f1);
  }

  // Saved states: what a worker process stores between runs.
  {
    auto state_report = [&](const char* name, auto save, auto load) {
      double c0 = thread_now();
      std::string blob = save();
      double c1 = thread_now();
      std::string again = load(blob);
      double c2 = thread_now();
      std::printf(
          "state %-9s %8.1f MB = %6.0f bytes/article; save %.2f s, load %.2f s CPU; %s\n", name,
          blob.size() / 1e6, static_cast<double>(blob.size()) / n, c1 - c0, c2 - c1,
          again == blob ? "reloaded state saves the same bytes" : "FAIL: reloaded state differs");
      return again == blob;
    };
    bool ok = state_report(
        "dedup:", [&] { return dups.SaveState(); },
        [&](const std::string& blob) {
          auto loaded = warta::DupIndex::Load(blob);
          return loaded.ok() ? (*loaded)->SaveState() : loaded.status().ToString();
        });
    if (stories) {
      ok &= state_report(
          "stories:", [&] { return clusterer->SaveState(); },
          [&](const std::string& blob) {
            auto loaded = warta::LoadClusterer(blob);
            return loaded.ok() ? (*loaded)->SaveState() : loaded.status().ToString();
          });
    }
    if (!ok) return 1;
  }

  if (sample < 2) return 0;
  // ------------------------------------------------------------------
  // The sample: exact all-pairs Jaccard against the signature methods.
  std::printf(
      "\n== sample: the first %zu articles, exact all-pairs vs signatures "
      "(threshold J >= %.2f)\n",
      sample, dedup_options.threshold);
  const double t = dedup_options.threshold;
  std::vector<int64_t> exact_link(sample, -1);
  std::atomic<uint64_t> pairs_compared{0};
  std::vector<double> exact_cpu(threads, 0);
  auto t_exact = Clock::now();
  {
    std::vector<std::thread> ths;
    for (int th = 0; th < threads; ++th) {
      ths.emplace_back([&, th] {
        double c0 = thread_now();
        uint64_t compared = 0;
        for (size_t j = static_cast<size_t>(th); j < sample; j += static_cast<size_t>(threads)) {
          const auto& b = sample_shingles[j];
          for (size_t i = 0; i < j; ++i) {
            const auto& a = sample_shingles[i];
            // |A ∩ B| <= min, so J <= min/max: an exact filter.
            double lo = std::min(a.size(), b.size()), hi = std::max(a.size(), b.size());
            if (hi > 0 && lo < t * hi) continue;
            ++compared;
            if (warta::ExactJaccard(a, b) >= t) {
              exact_link[j] = static_cast<int64_t>(i);
              break;  // the earliest
            }
          }
        }
        pairs_compared += compared;
        exact_cpu[th] = thread_now() - c0;
      });
    }
    for (auto& x : ths) x.join();
  }
  double exact_wall = Seconds(t_exact);
  double exact_secs = sum(exact_cpu);
  std::printf(
      "exact all-pairs: %.1f s CPU (%.1f s wall on %d threads), %llu of %llu pairs past the "
      "size filter\n",
      exact_secs, exact_wall, threads, static_cast<unsigned long long>(pairs_compared.load()),
      static_cast<unsigned long long>(sample) * (sample - 1) / 2);

  std::vector<SampleRun> runs;
  auto run_method = [&](const std::string& name, warta::DedupOptions o) {
    SampleRun r;
    r.name = name;
    r.link.assign(sample, -1);
    auto method = warta::NewNearDupMethod(o);
    double t0 = thread_now();
    // Sign on this thread only: the all-pairs baseline is given its
    // shingles too, so both sides start from the same sets.
    warta::PreparedDoc d;
    for (size_t i = 0; i < sample; ++i) {
      method->Sign(sample_shingles[i], &d);
      uint32_t m = 0;
      float sim = 0;
      if (method->FindAndAdd(static_cast<uint32_t>(i), d, &m, &sim)) r.link[i] = m;
    }
    r.seconds = thread_now() - t0;
    runs.push_back(std::move(r));
  };
  warta::DedupOptions o = dedup_options;
  run_method("minhash 32x4 (default)", o);
  o.bands = 16;
  o.rows = 8;
  run_method("minhash 16x8", o);
  o.bands = 42;
  o.rows = 3;
  run_method("minhash 42x3", o);
  o = dedup_options;
  o.method = "simhash";
  o.simhash_max_distance = 3;
  run_method("simhash d<=3", o);
  o.simhash_max_distance = 7;
  run_method("simhash d<=7", o);
  o.simhash_max_distance = 12;
  run_method("simhash d<=12", o);

  std::printf("%-24s %9s %9s %8s %8s %8s %8s\n", "method", "CPU s", "speedup", "P(exact)",
              "R(exact)", "P(truth)", "R(truth)");
  size_t exact_pos = 0, truth_pos = 0;
  for (size_t j = 0; j < sample; ++j) {
    exact_pos += exact_link[j] >= 0;
    Kind k = plans[j].kind;
    truth_pos += k == kExactCopy || k == kEdited || k == kReordered;
  }
  auto report = [&](const std::string& name, double secs, const std::vector<int64_t>& link) {
    size_t l = 0, ok_exact = 0, found_exact = 0, ok_truth = 0, found_truth = 0;
    for (size_t j = 0; j < sample; ++j) {
      Kind k = plans[j].kind;
      bool copy = k == kExactCopy || k == kEdited || k == kReordered;
      if (link[j] >= 0) {
        ++l;
        double jac = warta::ExactJaccard(sample_shingles[link[j]], sample_shingles[j]);
        if (jac >= t) ++ok_exact;
        if (copy && family[link[j]] == family[j]) ++ok_truth;
      }
      if (exact_link[j] >= 0 && link[j] >= 0) ++found_exact;
      if (copy && link[j] >= 0 && family[link[j]] == family[j]) ++found_truth;
    }
    std::printf("%-24s %9.2f %8.0fx %8.4f %8.4f %8.4f %8.4f\n", name.c_str(), secs,
                exact_secs / secs, l ? double(ok_exact) / l : 1.0,
                exact_pos ? double(found_exact) / exact_pos : 1.0, l ? double(ok_truth) / l : 1.0,
                truth_pos ? double(found_truth) / truth_pos : 1.0);
  };
  report("exact all-pairs", exact_secs, exact_link);
  for (const SampleRun& r : runs) report(r.name, r.seconds, r.link);
  std::printf(
      "(P/R(exact): against exact Jaccard >= %.2f; P/R(truth): against the construction;"
      " %zu exact positives, %zu true copies)\n",
      t, exact_pos, truth_pos);
  return 0;
}
