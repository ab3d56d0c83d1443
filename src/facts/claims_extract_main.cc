// claims_extract: prints the claims of files and folders as JSON Lines.
//
//   claims_extract data/corpus/seeds > claims.jsonl
//   claims_extract --data DIR article.html feed.jsonl.gz
//
// Runs read -> clean -> MakeDocument -> ClaimExtractor::Extract on every
// input (warta::ReadInputs: text, HTML, JSON Lines, WARC, gzip) and writes
// one ClaimJson object a line to stdout. Rejected inputs are reported on
// stderr and do not stop the run; the exit code is 1 when any input was
// rejected, 2 on a usage or data error. A thin driver: the rules live in
// the library (include/warta/claim.h).
#include <cstdio>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/ingest.h"
#include "warta/read.h"

namespace {

int Run(int argc, char** argv) {
  std::string data_dir;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--data" && i + 1 < argc) {
      data_dir = argv[++i];
    } else if (a == "-h" || a == "--help") {
      std::fprintf(stdout, "usage: claims_extract [--data DIR] PATH...\n");
      return 0;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: claims_extract [--data DIR] PATH...\n");
    return 2;
  }
  auto data = warta::DataDir::Find(data_dir);
  if (!data.ok()) {
    std::fprintf(stderr, "claims_extract: %s\n", data.status().ToString().c_str());
    return 2;
  }
  auto cleaner = warta::Cleaner::Create(*data);
  if (!cleaner.ok()) {
    std::fprintf(stderr, "claims_extract: %s\n", cleaner.status().ToString().c_str());
    return 2;
  }
  auto extractor = warta::ClaimExtractor::Create(*data);
  if (!extractor.ok()) {
    std::fprintf(stderr, "claims_extract: %s\n", extractor.status().ToString().c_str());
    return 2;
  }
  size_t errors = 0;
  warta::ReadInputs(
      paths, warta::ReadOptions(),
      [&](warta::RawArticle raw) {
        warta::CleanArticle clean = (*cleaner)->Clean(raw);
        warta::Document doc = warta::MakeDocument(std::move(raw), std::move(clean));
        for (const warta::Claim& c : (*extractor)->Extract(doc)) {
          std::string line = warta::ClaimJson(c).dump(
              -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
          std::fwrite(line.data(), 1, line.size(), stdout);
          std::fputc('\n', stdout);
        }
      },
      [&](const warta::ReadError& e) {
        ++errors;
        std::fprintf(stderr, "claims_extract: %s\n", e.ToString().c_str());
      });
  return errors > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "claims_extract: internal error: %s\n", e.what());
    return 2;
  }
}
