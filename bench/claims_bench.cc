// claims_bench: articles per second per core from clean text to claims
// (ClaimExtractor::Extract), as a ratio against a baseline that only
// tokenises the same clean texts, in the same run, on one thread.
//
//   build/bench/claims_bench [INPUT...]
//
// Default input: ../shared/data/id-news/indosum-dev.jsonl.gz (3,463
// Indonesian articles) when present beside the source tree, else the
// bundled sample corpus. Reading and cleaning happen before the clock
// starts. Each measurement is the best of three rounds. The benchmark checks
// its answer: every round must give the same claims, and the bundled sample
// corpus must still give its gold figures (1.500 troops, 13.000 containers).
// Target (SPEC.md): 2,000 articles per second per core.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/ingest.h"
#include "warta/read.h"
#include "warta/segment.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::vector<warta::Document> Load(const std::vector<std::string>& inputs,
                                  const warta::Cleaner& cleaner, size_t* bytes) {
  std::vector<warta::Document> docs;
  warta::ReadInputs(
      inputs, warta::ReadOptions{},
      [&](warta::RawArticle a) {
        warta::CleanArticle clean = cleaner.Clean(a);
        *bytes += clean.text.size();
        docs.push_back(warta::MakeDocument(std::move(a), std::move(clean)));
      },
      [&](const warta::ReadError& e) { std::fprintf(stderr, "%s\n", e.ToString().c_str()); });
  return docs;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> inputs(argv + 1, argv + argc);
  std::string seeds = std::string(WARTA_SOURCE_DATA_DIR) + "/corpus/seeds";
  if (inputs.empty()) {
    fs::path dev =
        fs::path(WARTA_SOURCE_DATA_DIR) / "../../shared/data/id-news/indosum-dev.jsonl.gz";
    inputs.push_back(fs::exists(dev) ? dev.lexically_normal().string() : seeds);
  }
  auto data = warta::DataDir::Find("");
  if (!data.ok()) {
    std::fprintf(stderr, "%s\n", data.status().ToString().c_str());
    return 2;
  }
  auto cleaner = warta::Cleaner::Create(*data);
  auto extractor = warta::ClaimExtractor::Create(*data);
  if (!cleaner.ok() || !extractor.ok()) {
    std::fprintf(stderr, "claims_bench: %s\n",
                 (!cleaner.ok() ? cleaner.status() : extractor.status()).ToString().c_str());
    return 2;
  }
  size_t bytes = 0;
  std::vector<warta::Document> docs = Load(inputs, **cleaner, &bytes);
  if (docs.empty()) {
    std::fprintf(stderr, "claims_bench: no articles read\n");
    return 2;
  }
  std::printf("claims_bench: %zu articles, %.1f KB of clean text on average, from %s\n",
              docs.size(), bytes / 1024.0 / docs.size(), inputs.front().c_str());

  // Baseline: tokenise the same texts.
  double base_s = 1e9;
  size_t tokens = 0;
  std::vector<warta::Token> scratch;
  for (int round = 0; round < 3; ++round) {
    tokens = 0;
    auto t0 = Clock::now();
    for (const warta::Document& d : docs) {
      scratch.clear();
      warta::Tokenize(d.text, &scratch);
      tokens += scratch.size();
    }
    base_s = std::min(base_s, Seconds(t0));
  }

  // Text -> claims.
  double claims_s = 1e9;
  size_t claims = 0, first_round = 0;
  for (int round = 0; round < 3; ++round) {
    claims = 0;
    auto t0 = Clock::now();
    for (const warta::Document& d : docs) claims += (*extractor)->Extract(d).size();
    claims_s = std::min(claims_s, Seconds(t0));
    if (round == 0) first_round = claims;
    if (claims != first_round) {
      std::fprintf(stderr, "claims_bench: round %d gave %zu claims, round 0 %zu\n", round, claims,
                   first_round);
      return 1;
    }
  }

  double base_rate = docs.size() / base_s;
  double claims_rate = docs.size() / claims_s;
  std::printf("  baseline (tokenise)  %10.0f articles/s  (%zu tokens)\n", base_rate, tokens);
  std::printf("  text -> claims       %10.0f articles/s  (%zu claims)  %.3fx baseline  %s\n",
              claims_rate, claims, claims_rate / base_rate,
              claims_rate >= 2000 ? "target 2,000/s met" : "BELOW target 2,000/s");

  // Check the answer on the sample corpus.
  size_t seed_bytes = 0;
  std::vector<warta::Document> seed_docs = Load({seeds}, **cleaner, &seed_bytes);
  bool troops = false, containers = false;
  for (const warta::Document& d : seed_docs) {
    for (const warta::Claim& c : (*extractor)->Extract(d)) {
      if (c.value && *c.value == 1500 && c.what == "troops") troops = true;
      if (c.value && *c.value == 13000 && c.what == "containers") containers = true;
    }
  }
  if (!troops || !containers) {
    std::fprintf(stderr, "claims_bench: the sample corpus lost its gold claims\n");
    return 1;
  }
  return 0;
}
