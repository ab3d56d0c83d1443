// Search latency on a generated SQLite store, against unbounded ranking.
//
//   search_bench [--docs N] [--db PATH] [--queries N]
//
// Builds (or reuses, when it already holds N documents) a SQLite store of N
// generated documents (default 250,000; 300 words each, words drawn from a
// 50,000-word vocabulary with Zipf frequencies, so the commonest word is in
// nearly every document; 30% English, the rest Indonesian), then times
// Store::Search for one to three words of every frequency band: the p50,
// p95 and worst latency of a page of 20 hits with snippets (wall time, and
// the p95 of CPU time, which is what an idle machine would show). As a baseline it
// times the same engine's unbounded ranking (bm25 over every match, ORDER BY
// rank LIMIT 20, no snippets) on the queries of each band. It checks its
// answers: every hit holds every query word. The generated words all end in
// 'a', which the porter stemmer leaves as they are, so the check is exact in
// both languages.
//
// Not a test: run it by hand (ninja search_bench). The target is p95 <= 50 ms
// at a million documents.
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "warta/hash.h"
#include "warta/status.h"
#include "warta/store.h"

namespace warta {
namespace {

constexpr int kVocabulary = 50000;
constexpr int kWordsPerDocument = 300;

// The vocabulary, most frequent first: syllables of a consonant and a vowel,
// the last one ending in 'a'.
std::vector<std::string> MakeVocabulary() {
  const std::string consonants = "bdgklmnprstw";
  const std::string vowels = "aeiou";
  std::vector<std::string> words;
  std::mt19937 random(7);
  while (words.size() < static_cast<size_t>(kVocabulary) * 2) {
    int syllables = 2 + static_cast<int>(random() % 3);
    std::string word;
    for (int i = 0; i < syllables; ++i) {
      word += consonants[random() % consonants.size()];
      word += i + 1 == syllables ? 'a' : vowels[random() % vowels.size()];
    }
    words.push_back(word);
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::shuffle(words.begin(), words.end(), random);
  words.resize(kVocabulary);
  return words;
}

// Draws word ranks with probability proportional to 1 / (rank + 1).
class Zipf {
 public:
  explicit Zipf(int n) : cumulative_(n) {
    double sum = 0;
    for (int i = 0; i < n; ++i) cumulative_[i] = sum += 1.0 / (i + 1);
    for (double& c : cumulative_) c /= sum;
  }
  int Draw(std::mt19937& random) {
    double u = std::uniform_real_distribution<double>(0, 1)(random);
    return static_cast<int>(std::lower_bound(cumulative_.begin(), cumulative_.end(), u) -
                            cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

Status Build(Store& store, int64_t docs, const std::vector<std::string>& vocabulary) {
  ASSIGN_OR_RETURN(int64_t have, store.CountDocuments());
  if (have == docs) return Status::Ok();
  if (have != 0) return InvalidArgument("the database holds another number of documents");
  Zipf zipf(kVocabulary);
  std::mt19937 random(11);
  for (int64_t i = 0; i < docs; ++i) {
    if (i % 2000 == 0) RETURN_IF_ERROR(store.BeginBatch());
    Document doc;
    char id[32];
    std::snprintf(id, sizeof id, "d%08lld", static_cast<long long>(i));
    doc.id = id;
    doc.origin = "generated";
    for (int w = 0; w < kWordsPerDocument; ++w) {
      if (w > 0) doc.text += w % 15 == 0 ? ". " : " ";
      doc.text += vocabulary[zipf.Draw(random)];
    }
    doc.meta.title = vocabulary[zipf.Draw(random)] + " " + vocabulary[zipf.Draw(random)];
    doc.meta.lang = i % 10 < 3 ? "en" : "id";
    doc.content = doc.text;
    doc.content_hash = ContentHash(doc.content);
    ASSIGN_OR_RETURN(PutResult put, store.PutDocument(doc));
    (void)put;
    if (i % 2000 == 1999 || i + 1 == docs) {
      RETURN_IF_ERROR(store.CommitBatch());
      std::fprintf(stderr, "\rbuilt %lld documents", static_cast<long long>(i + 1));
    }
  }
  std::fprintf(stderr, "\n");
  return Status::Ok();
}

// CPU time of this thread: the latency on an idle machine, where wall
// time also counts waiting for other processes' turn on a busy one.
double CpuMs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double Percentile(std::vector<double> ms, double p) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  size_t at = static_cast<size_t>(std::ceil(p * static_cast<double>(ms.size()))) - 1;
  return ms[std::min(at, ms.size() - 1)];
}

// True when `text` holds `word` as a whole word.
bool HoldsWord(const std::string& text, const std::string& word) {
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool starts = at == 0 || text[at - 1] == ' ';
    size_t end = at + word.size();
    bool ends = end == text.size() || text[end] == ' ' || text[end] == '.';
    if (starts && ends) return true;
  }
  return false;
}

// Milliseconds of the unbounded ranking of `match` (an FTS5 query) on the
// file at `path`: bm25 over every match, best 20.
double UnboundedMs(sqlite3* db, const std::string& match) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1 "
                     "ORDER BY bm25(documents_fts, 4.0, 1.0, 1.0) LIMIT 20",
                     -1, &stmt, nullptr);
  auto start = std::chrono::steady_clock::now();
  sqlite3_bind_text(stmt, 1, match.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
  }
  sqlite3_finalize(stmt);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

int Run(int argc, char** argv) {
  int64_t docs = 250000;
  int queries_per_band = 40;
  std::string path = (std::filesystem::temp_directory_path() / "warta-search-bench.db").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--docs") {
      docs = std::atoll(argv[i + 1]);
    } else if (flag == "--db") {
      path = argv[i + 1];
    } else if (flag == "--queries") {
      queries_per_band = std::atoi(argv[i + 1]);
    } else {
      std::fprintf(stderr, "usage: search_bench [--docs N] [--db PATH] [--queries N]\n");
      return 2;
    }
  }
  std::vector<std::string> vocabulary = MakeVocabulary();
  Result<std::unique_ptr<Store>> store = OpenStore(path);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  if (Status built = Build(**store, docs, vocabulary); !built.ok()) {
    std::fprintf(stderr, "%s\n", built.ToString().c_str());
    return 1;
  }
  sqlite3* raw = nullptr;
  sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);

  // Bands of word ranks: from words in nearly every document to rare ones.
  struct Band {
    const char* name;
    int first_rank, last_rank, words;
  };
  const Band bands[] = {{"1 common word (rank 0-9)", 0, 9, 1},
                        {"1 mid word (rank 100-999)", 100, 999, 1},
                        {"1 rare word (rank 10000+)", 10000, kVocabulary - 1, 1},
                        {"2 common words", 0, 49, 2},
                        {"2 words, common and mid", 0, 999, 2},
                        {"3 mid words", 20, 2000, 3}};
  std::mt19937 random(3);
  std::vector<double> all_ms, all_cpu;
  int checked = 0, wrong = 0;
  std::printf("%-28s %9s %9s %9s %9s %7s %14s\n", "band", "p50 ms", "p95 ms", "p95 cpu", "max ms",
              "hits", "unbounded p50");
  for (const Band& band : bands) {
    std::vector<double> ms, cpu, unbounded;
    double hits = 0;
    for (int q = 0; q < queries_per_band; ++q) {
      std::vector<std::string> words;
      SearchQuery query;
      std::string match;
      for (int w = 0; w < band.words; ++w) {
        int rank =
            band.first_rank + static_cast<int>(random() % (band.last_rank - band.first_rank + 1));
        words.push_back(vocabulary[rank]);
        query.text += (w > 0 ? " " : "") + vocabulary[rank];
        match += (w > 0 ? " AND \"" : "\"") + vocabulary[rank] + "\"";
      }
      auto start = std::chrono::steady_clock::now();
      double cpu_start = CpuMs();
      Result<std::vector<SearchHit>> found = (*store)->Search(query);
      cpu.push_back(CpuMs() - cpu_start);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
      if (!found.ok()) {
        std::fprintf(stderr, "%s\n", found.status().ToString().c_str());
        return 1;
      }
      hits += static_cast<double>(found->size());
      for (const SearchHit& hit : *found) {
        Result<std::optional<Document>> doc = (*store)->GetDocument(hit.id);
        ++checked;
        bool ok = doc.ok() && doc->has_value();
        for (const std::string& word : words) {
          ok = ok && (HoldsWord((*doc)->text, word) || HoldsWord((*doc)->meta.title, word));
        }
        wrong += !ok;
      }
      if (q < 10) unbounded.push_back(UnboundedMs(raw, match));
    }
    all_ms.insert(all_ms.end(), ms.begin(), ms.end());
    all_cpu.insert(all_cpu.end(), cpu.begin(), cpu.end());
    std::printf("%-28s %9.2f %9.2f %9.2f %9.2f %7.1f %14.2f\n", band.name, Percentile(ms, 0.5),
                Percentile(ms, 0.95), Percentile(cpu, 0.95), Percentile(ms, 1.0),
                hits / queries_per_band, Percentile(unbounded, 0.5));
  }
  sqlite3_close(raw);
  std::printf(
      "all %zu queries on %lld documents: p50 %.2f ms, p95 %.2f ms (CPU %.2f ms), max %.2f ms\n",
      all_ms.size(), static_cast<long long>(docs), Percentile(all_ms, 0.5),
      Percentile(all_ms, 0.95), Percentile(all_cpu, 0.95), Percentile(all_ms, 1.0));
  std::printf("answers checked: %d hits, %d without every query word\n", checked, wrong);
  return wrong == 0 ? 0 : 1;
}

}  // namespace
}  // namespace warta

int main(int argc, char** argv) { return warta::Run(argc, argv); }
