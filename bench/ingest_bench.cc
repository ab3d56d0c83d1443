// ingest_bench: articles per second through clean and through clean+store,
// each reported as a ratio against a baseline that only repairs UTF-8 and
// splits words of the same articles, in the same run.
//
//   build/bench/ingest_bench [INPUT...]
//
// Default input: ../shared/data/id-news/indosum-dev.jsonl.gz (3,463
// Indonesian articles) when present beside the source tree, else the
// bundled sample corpus. The benchmark checks its answer: every distinct
// article must be stored exactly once.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "warta/clean.h"
#include "warta/hash.h"
#include "warta/ingest.h"
#include "warta/read.h"
#include "warta/store.h"
#include "warta/text.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> inputs(argv + 1, argv + argc);
  if (inputs.empty()) {
    fs::path dev = fs::path(WARTA_SOURCE_DATA_DIR) / "../../shared/data/id-news/indosum-dev.jsonl.gz";
    inputs.push_back(fs::exists(dev) ? dev.lexically_normal().string()
                                     : std::string(WARTA_SOURCE_DATA_DIR) + "/corpus/seeds");
  }
  std::vector<warta::RawArticle> articles;
  size_t bytes = 0;
  warta::ReadInputs(
      inputs, warta::ReadOptions{},
      [&](warta::RawArticle a) {
        bytes += a.content.size();
        articles.push_back(std::move(a));
      },
      [&](const warta::ReadError& e) { std::fprintf(stderr, "%s\n", e.ToString().c_str()); });
  if (articles.empty()) {
    std::fprintf(stderr, "ingest_bench: no articles read\n");
    return 2;
  }
  auto data = warta::DataDir::Find("");
  if (!data.ok()) {
    std::fprintf(stderr, "%s\n", data.status().ToString().c_str());
    return 2;
  }
  auto cleaner = warta::Cleaner::Create(*data);
  if (!cleaner.ok()) {
    std::fprintf(stderr, "%s\n", cleaner.status().ToString().c_str());
    return 2;
  }
  std::printf("ingest_bench: %zu articles, %.1f KB on average, from %s\n", articles.size(),
              bytes / 1024.0 / articles.size(), inputs.front().c_str());

  // Baseline: repair UTF-8 and split words.
  size_t words = 0;
  auto t0 = Clock::now();
  for (const warta::RawArticle& a : articles) {
    std::string text = warta::RepairUtf8(a.content, nullptr);
    words += warta::SimpleWords(text).size();
  }
  double base_s = Seconds(t0);

  // Clean only.
  size_t clean_bytes = 0;
  t0 = Clock::now();
  for (const warta::RawArticle& a : articles) clean_bytes += (*cleaner)->Clean(a).text.size();
  double clean_s = Seconds(t0);

  // Clean and store into a fresh SQLite file.
  fs::path db = fs::temp_directory_path() / ("warta_ingest_bench_" + std::to_string(::getpid()) + ".db");
  fs::remove(db);
  size_t stored = 0;
  double store_s = 0;
  {
    auto store = warta::OpenStore(db.string());
    if (!store.ok()) {
      std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
      return 2;
    }
    warta::Ingester ingester(store->get(), cleaner->get());
    t0 = Clock::now();
    for (const warta::RawArticle& a : articles) {
      if (!ingester.Add(a).ok()) return 2;
    }
    if (!ingester.Finish().ok()) return 2;
    store_s = Seconds(t0);
    stored = static_cast<size_t>(*(*store)->CountDocuments());
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);

  std::unordered_set<std::string> distinct;
  for (const warta::RawArticle& a : articles) distinct.insert(warta::ContentHash(a.content));

  auto rate = [&](double s) { return articles.size() / s; };
  std::printf("%-28s %10s %8s\n", "stage", "articles/s", "ratio");
  std::printf("%-28s %10.0f %8.2f\n", "baseline (repair + words)", rate(base_s), 1.0);
  std::printf("%-28s %10.0f %8.2f\n", "clean", rate(clean_s), base_s / clean_s);
  std::printf("%-28s %10.0f %8.2f\n", "clean + store (SQLite)", rate(store_s), base_s / store_s);
  std::printf("(%zu words, %zu clean bytes; one core)\n", words, clean_bytes);
  if (stored != distinct.size()) {
    std::printf("CHECK FAILED: stored %zu documents, expected %zu distinct\n", stored,
                distinct.size());
    return 1;
  }
  std::printf("check: %zu distinct articles stored once each\n", stored);
  return 0;
}
