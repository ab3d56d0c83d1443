// Workers against one process: N articles (default 100,000, made from the
// id-news pool by random word edits so that each is distinct) are ingested
// once by one `warta ingest` process into SQLite, the reference, and then
// into PostgreSQL through the queue (`warta ingest --enqueue`) by 1, 2 and
// 4 `warta worker` processes. Each PostgreSQL result must equal the
// reference, compared by content hashes and claim exports; the stories must
// be consistent (every document in one story, sizes matching members). It
// reports wall time, articles per second and the ratio to one worker.
//
//   build/bench/workers_bench [N] [WORKERS,...] [POOL.jsonl.gz]
//
// WARTA_BENCH_BINARY runs another `warta` than the one built beside it (a
// copy, so that rebuilding does not change it mid-run).
//
// The PostgreSQL server is the test suite's (src/store/pg_test_server.h):
// started here on a loopback port, fsync off, thrown away at the end.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "child_process.h"
#include "pg_test_server.h"
#include "store_snapshot.h"
#include "warta/read.h"
#include "warta/store.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

const char* Binary() { return warta::BinaryFrom("WARTA_BENCH_BINARY", WARTA_BINARY); }

pid_t Start(const std::vector<std::string>& args) { return warta::StartChild(Binary(), args); }

int Wait(pid_t pid) { return warta::WaitChild(pid); }

// Writes `n` articles as JSON Lines: pool article i % pool, with about one
// word in 50 replaced by a word of another pool article.
size_t MakeCorpus(const std::vector<warta::RawArticle>& pool, size_t n, const fs::path& out) {
  std::mt19937_64 rng(20261121);
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string& text = pool[i % pool.size()].content;
    const std::string& other = pool[rng() % pool.size()].content;
    std::string edited;
    edited.reserve(text.size() + 16);
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      if (rng() % 50 == 0 && !other.empty()) {
        size_t at = rng() % other.size();
        size_t ws = other.rfind(' ', at);
        ws = ws == std::string::npos ? 0 : ws + 1;
        size_t we = other.find_first_of(" \n", ws);
        edited += other.substr(ws, (we == std::string::npos ? other.size() : we) - ws);
      } else {
        edited.append(text, start, end - start);
      }
      if (end < text.size()) edited += text[end];
      start = end + 1;
    }
    char id[32];
    std::snprintf(id, sizeof id, "w%07zu", i);
    nlohmann::json j = {{"id", id}, {"lang", "id"}, {"text", edited}};
    std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    file << line << '\n';
    bytes += line.size() + 1;
  }
  return bytes;
}

struct Row {
  std::string what;
  int workers = 0;
  double seconds = 0;
  bool same = false;
  std::string note;
};

}  // namespace

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::stoul(argv[1]) : 100000;
  std::vector<int> counts = {1, 2, 4};
  if (argc > 2) {
    counts.clear();
    std::stringstream in(argv[2]);
    for (std::string item; std::getline(in, item, ',');) counts.push_back(std::stoi(item));
  }
  fs::path pool_path = argc > 3 ? fs::path(argv[3])
                                : fs::path(WARTA_SOURCE_DATA_DIR) /
                                      "../../shared/data/id-news/indosum-dev.jsonl.gz";
  std::vector<warta::RawArticle> pool;
  warta::ReadInputs({pool_path.string()}, {}, [&](warta::RawArticle a) { pool.push_back(a); },
                    [](const warta::ReadError& e) { std::cerr << e.ToString() << '\n'; });
  if (pool.empty()) {
    std::cerr << "workers_bench: no articles in " << pool_path << '\n';
    return 2;
  }
  fs::path dir = fs::temp_directory_path() / ("warta_workers_bench_" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path corpus = dir / "corpus.jsonl";
  size_t bytes = MakeCorpus(pool, n, corpus);
  std::cout << "corpus: " << n << " articles (" << bytes / 1000000 << " MB) from " << pool.size()
            << " pool articles\n";

  std::vector<Row> rows;
  // The reference: one process into SQLite.
  std::string ref_db = (dir / "reference.db").string();
  Clock::time_point t = Clock::now();
  int rc = Wait(Start({Binary(), "--db", ref_db, "-q", "ingest", corpus.string()}));
  rows.push_back({"1 process, SQLite (reference)", 1, Seconds(t), rc == 0, "exit " + std::to_string(rc)});
  std::unique_ptr<warta::Store> ref_store = std::move(*warta::OpenStore(ref_db));
  warta::StoreSnapshot reference = *warta::TakeSnapshot(ref_store.get());
  ref_store.reset();
  std::cout << "reference: " << reference.contents.size() << " documents, " << rows[0].seconds
            << " s\n" << std::flush;

  warta::Result<warta::PgTestServer*> server = warta::PgTestServer::Shared();
  if (!server.ok()) {
    std::cerr << "workers_bench: " << server.status().ToString() << '\n';
    return 2;
  }
  for (int w : counts) {
    std::string url = *(*server)->NewDatabase();
    Clock::time_point start = Clock::now();
    int enq = Wait(Start({Binary(), "--db", url, "-q", "ingest", "--enqueue", corpus.string()}));
    double enqueue_s = Seconds(start);
    std::vector<pid_t> pids;
    Clock::time_point work = Clock::now();
    for (int i = 0; i < w; ++i) {
      pids.push_back(Start({Binary(), "--db", url, "-q", "worker", "--exit-when-empty"}));
    }
    int failed = 0;
    for (pid_t p : pids) failed += Wait(p) != 0;
    double seconds = Seconds(work);
    std::unique_ptr<warta::Store> store = std::move(*warta::OpenStore(url));
    warta::StoreSnapshot got = *warta::TakeSnapshot(store.get());
    bool same = enq == 0 && failed == 0 && got.contents == reference.contents &&
                got.unassigned == 0 && got.inconsistent_stories == 0;
    size_t differ = 0;
    std::string first;
    for (const auto& [id, value] : reference.contents) {
      auto it = got.contents.find(id);
      if (it != got.contents.end() && it->second == value) continue;
      if (differ++ == 0) first = id;
    }
    char note[256];
    std::snprintf(note, sizeof note,
                  "enqueue %.1f s (exit %d); %d workers failed; %zu docs, %zu differ from the "
                  "reference%s%s, %d unassigned, %d inconsistent stories",
                  enqueue_s, enq, failed, got.contents.size(), differ, differ ? ", first " : "",
                  first.c_str(), got.unassigned, got.inconsistent_stories);
    rows.push_back({std::to_string(w) + " worker(s), PostgreSQL", w, seconds, same, note});
    std::cout << rows.back().what << ": " << seconds << " s, same as reference: "
              << (same ? "yes" : "NO") << " (" << note << ")\n" << std::flush;
  }
  warta::PgTestServer::StopShared();
  fs::remove_all(dir);

  std::printf("\n%-32s %9s %10s %9s %5s\n", "run", "wall s", "art/s", "vs 1 wkr", "same");
  double one = 0;
  for (const Row& r : rows) {
    if (r.what.rfind("1 worker", 0) == 0) one = r.seconds;
  }
  bool all_same = true;
  for (const Row& r : rows) {
    all_same &= r.same;
    std::printf("%-32s %9.1f %10.0f %9s %5s\n", r.what.c_str(), r.seconds, n / r.seconds,
                r.what.find("worker") != std::string::npos && one > 0
                    ? (std::to_string(one / r.seconds).substr(0, 4) + "x").c_str()
                    : "-",
                r.same ? "yes" : "NO");
  }
  std::printf("machine: %u cores; PostgreSQL with fsync off (the test server)\n",
              std::thread::hardware_concurrency());
  return all_same ? 0 : 1;
}
