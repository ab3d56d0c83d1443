// freshness_bench: how soon a new article becomes an alert.
//
//   build/bench/freshness_bench [--repeat N] [--runs N] [--every SECONDS] [INPUT...]
//
// (a) In process, article by article as `warta watch` stores them (each
//     committed alone, then the story stage and the stored ledgers), once
//     without alerts (the plain ingest: the baseline) and once with the
//     alert path after each article (RaiseAlerts, warta/alerts.h), each into
//     a fresh SQLite file, `--repeat` times each. Reported: the alert path's latency from the
//     article stored to its alerts stored (median and worst; target <= 1 s),
//     and the whole run's time against the plain ingest's, as a ratio.
// (b) End to end: a fixture feed on 127.0.0.1 served by this process,
//     `warta watch --every SECONDS --webhook` (the built binary) following
//     it, and a webhook receiver here. The feed gains one item at a time;
//     the time from the item appearing (at a random point of the poll
//     cycle) to the first alert it raises arriving at the receiver is
//     measured (target <= 2 s plus the poll interval), `--runs` times, each
//     with a fresh database.
//
// Input: the bundled sample corpus (data/corpus/seeds, whose third article
// contradicts the first two) unless INPUT names files or folders; part (b)
// serves the same articles. The benchmark checks its answers: (a) both runs
// store the same documents and stories, the alert run raises a conflict
// (on the sample corpus), and raising again raises nothing; (b) every alert the watcher stored
// reached the receiver once, signed.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../tests/webhook_receiver.h"
#include "warta/alerts.h"
#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/ingest.h"
#include "warta/lang_data.h"
#include "warta/ledger_stage.h"
#include "warta/read.h"
#include "warta/search_terms.h"
#include "warta/store.h"
#include "warta/story_stage.h"
#include "warta/watch_state.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "freshness_bench: %s\n", what.c_str());
  std::exit(2);
}

template <typename T>
T Must(warta::Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what + ": " + r.status().ToString());
  return std::move(*r);
}

void MustOk(const warta::Status& s, const std::string& what) {
  if (!s.ok()) Die(what + ": " + s.ToString());
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

fs::path FreshDb(const std::string& name) {
  fs::path db = fs::temp_directory_path() /
                ("warta_freshness_" + std::to_string(::getpid()) + "_" + name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  return db;
}

void RemoveDb(const fs::path& db) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

struct Loaded {
  warta::DataDir data;
  std::unique_ptr<warta::Cleaner> cleaner;
  std::unique_ptr<warta::ClaimExtractor> extractor;
  std::unique_ptr<warta::SearchTerms> terms;
};

struct PathRun {
  double total_s = 0;
  std::vector<double> latency_s;  // article stored -> alerts stored
  size_t alerts = 0, conflicting = 0, docs = 0, stories = 0;
  size_t again = 0;  // alerts raised by raising everything again
};

// Stores `articles` one at a time as `warta watch` does; with `alerts`,
// raises the alerts of each right after.
PathRun RunPath(const std::vector<warta::RawArticle>& articles, Loaded& l, bool alerts,
                const std::string& name) {
  const fs::path db = FreshDb(name);
  auto store = Must(warta::OpenStore(db.string()), "opening " + db.string());
  auto stories = Must(warta::StoryStage::Create(l.data), "story stage");
  std::unique_ptr<warta::WatchState> state;
  if (alerts) state = Must(warta::OpenWatchState(db.string()), "watch state");
  PathRun run;
  std::vector<std::string> stored_ids;
  const Clock::time_point start = Clock::now();
  for (const warta::RawArticle& a : articles) {
    warta::Ingester ingester(
        store.get(), l.cleaner.get(),
        warta::IngestOptions{
            .extractor = l.extractor.get(), .search_terms = l.terms.get(), .batch_size = 1});
    warta::AddResult added = Must(ingester.Add(a), "storing " + a.origin);
    MustOk(ingester.Finish(), "committing " + a.origin);
    const Clock::time_point stored = Clock::now();
    Must(stories->Run(store.get()), "story stage");
    Must(warta::RefreshLedgers(store.get()), "ledgers");
    stored_ids.push_back(added.id);
    if (alerts) {
      warta::RaisedAlerts raised = Must(
          warta::RaiseAlerts(store.get(), state.get(), {added.id}, std::time(nullptr)), "alerts");
      run.latency_s.push_back(Seconds(Clock::now() - stored));
      for (const warta::Alert& x : raised.alerts) {
        ++run.alerts;
        run.conflicting += x.kind == "conflicting";
      }
    }
  }
  run.total_s = Seconds(Clock::now() - start);
  run.docs = static_cast<size_t>(Must(store->CountDocuments(), "counting"));
  std::set<std::string> story_ids;
  for (const std::string& id : stored_ids) {
    auto m = Must(store->GetStoryMember(id), "story of " + id);
    if (m) story_ids.insert(m->story_id);
  }
  run.stories = story_ids.size();
  if (alerts) {
    run.again = Must(warta::RaiseAlerts(store.get(), state.get(), stored_ids, std::time(nullptr)),
                     "alerts again")
                    .alerts.size();
  }
  state.reset();
  store.reset();
  RemoveDb(db);
  return run;
}

// --- part (b) ---------------------------------------------------------------

std::string Rss(const std::vector<std::string>& links) {
  std::string items;
  for (const std::string& l : links)
    items += "<item><title>t</title><link>" + l + "</link></item>\n";
  return "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Fixture</title>\n" + items +
         "</channel></rss>\n";
}

// A loopback site serving the articles as text pages and a feed listing
// the first `shown` of them.
class FeedSite {
 public:
  explicit FeedSite(const std::vector<warta::RawArticle>& articles) : articles_(articles) {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.path == "/feed.xml") {
        std::lock_guard<std::mutex> lock(mu_);
        std::vector<std::string> links;
        for (size_t i = 0; i < shown_; ++i) links.push_back(Url(i));
        res.set_content(Rss(links), "application/rss+xml");
        return;
      }
      for (size_t i = 0; i < articles_.size(); ++i) {
        if (req.path == Path(i)) {
          res.set_content(articles_[i].content, "text/plain; charset=utf-8");
          return;
        }
      }
      res.status = 404;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~FeedSite() {
    server_.stop();
    thread_.join();
  }
  std::string FeedUrl() const { return Base() + "/feed.xml"; }
  void Show(size_t n) {
    std::lock_guard<std::mutex> lock(mu_);
    shown_ = n;
  }

 private:
  std::string Base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  static std::string Path(size_t i) { return "/a/" + std::to_string(i) + ".txt"; }
  std::string Url(size_t i) const { return Base() + Path(i); }

  const std::vector<warta::RawArticle>& articles_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  size_t shown_ = 0;
};

struct EndToEnd {
  std::vector<double> latency_s;  // item shown -> its first alert received
  size_t received = 0, stored = 0;
  bool all_signed = true;
};

int64_t CountAlerts(const fs::path& db) {
  auto state = Must(warta::OpenWatchState(db.string()), "watch state");
  return static_cast<int64_t>(Must(state->AlertsAfter(0, 1u << 30), "alerts").size());
}

EndToEnd RunEndToEnd(const std::vector<warta::RawArticle>& articles, int every_s, int run) {
  const fs::path db = FreshDb("e2e" + std::to_string(run));
  const fs::path dir = db.string() + ".d";
  fs::create_directories(dir);
  FeedSite site(articles);
  site.Show(1);  // the first item is there from the start
  warta_test::WebhookReceiver hook("bench-token");
  { std::ofstream(dir / "feeds.txt") << site.FeedUrl() << "\n"; }
  const std::vector<std::string> argv = {WARTA_BINARY,
                                         "--db",
                                         db.string(),
                                         "-q",
                                         "watch",
                                         "--feeds",
                                         (dir / "feeds.txt").string(),
                                         "--every",
                                         std::to_string(every_s) + "s",
                                         "--delay",
                                         "0",
                                         "--webhook",
                                         hook.Url(),
                                         "--webhook-token",
                                         "bench-token"};
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    std::_Exit(127);
  }
  EndToEnd e;
  // The first item stored (and its story placed) before the clock starts.
  for (int i = 0; i < 600; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (fs::exists(db)) {
      auto store = warta::OpenStore(db.string());
      if (store.ok() && (*store)->CountDocuments().ok() && *(*store)->CountDocuments() >= 1) break;
    }
  }
  // Items appear at a random point of the watcher's poll cycle (a fixed
  // seed per run, so a run can be repeated).
  std::mt19937 random(static_cast<unsigned>(run + 1));
  std::uniform_int_distribution<int> phase_ms(0, every_s * 1000);
  for (size_t shown = 2; shown <= articles.size(); ++shown) {
    std::this_thread::sleep_for(std::chrono::milliseconds(phase_ms(random)));
    const size_t before = hook.Taken().size();
    const int64_t stored_before = CountAlerts(db);
    const Clock::time_point t0 = Clock::now();
    site.Show(shown);
    // Wait for the watcher to store the item and raise what it raises:
    // a poll interval, the work, and a margin.
    const auto patience = std::chrono::seconds(every_s + 30);
    bool raised = false;
    while (Clock::now() - t0 < patience) {
      if (hook.WaitForTaken(before + 1, std::chrono::milliseconds(100))) {
        raised = true;
        break;
      }
      // No alert from this item: known once its document is stored and the
      // poll has ended without one (the next poll has begun).
      auto store = warta::OpenStore(db.string());
      if (store.ok() && *(*store)->CountDocuments() >= static_cast<int64_t>(shown) &&
          Clock::now() - t0 > std::chrono::seconds(every_s + 3) &&
          CountAlerts(db) == stored_before) {
        break;
      }
    }
    if (raised) {
      const auto posts = hook.Taken();
      e.latency_s.push_back(Seconds(posts[before].at - t0));
      // The rest of this item's alerts arrive before the next item shows.
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  for (const auto& p : hook.Taken()) e.all_signed &= p.signed_right;
  std::set<int64_t> seqs;
  for (const auto& p : hook.Taken()) seqs.insert(p.seq);
  e.received = hook.Taken().size();
  e.stored = static_cast<size_t>(CountAlerts(db));
  if (seqs.size() != e.received) e.all_signed = false;  // a duplicate
  RemoveDb(db);
  fs::remove_all(dir);
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3, every_s = 2, repeat = 5;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--every" && i + 1 < argc) {
      every_s = std::atoi(argv[++i]);
    } else {
      inputs.push_back(a);
    }
  }
  const bool sample = inputs.empty();  // whose third article contradicts the first two
  if (sample) inputs.push_back(std::string(WARTA_SOURCE_DATA_DIR) + "/corpus/seeds");
  std::vector<warta::RawArticle> articles;
  warta::ReadInputs(
      inputs, warta::ReadOptions{}, [&](warta::RawArticle a) { articles.push_back(std::move(a)); },
      [&](const warta::ReadError& e) { std::fprintf(stderr, "%s\n", e.ToString().c_str()); });
  std::sort(articles.begin(), articles.end(),
            [](const warta::RawArticle& a, const warta::RawArticle& b) { return a.id < b.id; });
  if (articles.size() < 2) Die("needs at least two articles");

  Loaded l;
  l.data = Must(warta::DataDir::Find(""), "data folder");
  l.cleaner = Must(warta::Cleaner::Create(l.data), "cleaner");
  l.extractor = Must(warta::ClaimExtractor::Create(l.data), "claim extractor");
  l.terms = Must(warta::SearchTerms::Create(l.data), "search terms");
  std::printf("freshness_bench: %zu articles from %s\n", articles.size(), inputs.front().c_str());

  // (a), each path `repeat` times, alternating, so that neither gets the
  // warm cache alone; the median run of each is reported.
  std::vector<PathRun> plains, alerteds;
  for (int i = 0; i < repeat; ++i) {
    plains.push_back(RunPath(articles, l, false, "plain"));
    alerteds.push_back(RunPath(articles, l, true, "alerts"));
  }
  auto by_time = [](const PathRun& a, const PathRun& b) { return a.total_s < b.total_s; };
  std::sort(plains.begin(), plains.end(), by_time);
  std::sort(alerteds.begin(), alerteds.end(), by_time);
  const PathRun& plain = plains[plains.size() / 2];
  const PathRun& alerted = alerteds[alerteds.size() / 2];
  std::printf("\n(a) article stored -> ledger updated -> alert, one article at a time "
              "(median of %d runs each)\n",
              repeat);
  std::printf("%-34s %9s %8s\n", "run", "seconds", "ratio");
  std::printf("%-34s %9.3f %8.2f\n", "plain ingest (stories, ledgers)", plain.total_s, 1.0);
  std::printf("%-34s %9.3f %8.2f\n", "ingest + alert path", alerted.total_s,
              alerted.total_s / plain.total_s);
  const double worst = *std::max_element(alerted.latency_s.begin(), alerted.latency_s.end());
  std::printf(
      "stored -> alert: median %.3f s, worst %.3f s (target <= 1 s: %s); %zu alerts, "
      "%zu conflicting\n",
      Median(alerted.latency_s), worst, worst <= 1.0 ? "met" : "MISSED", alerted.alerts,
      alerted.conflicting);
  bool ok = true;
  if (plain.docs != alerted.docs || plain.stories != alerted.stories) {
    std::printf("CHECK FAILED: %zu docs in %zu stories without alerts, %zu in %zu with\n",
                plain.docs, plain.stories, alerted.docs, alerted.stories);
    ok = false;
  }
  if ((sample && alerted.conflicting == 0) || alerted.again != 0) {
    std::printf("CHECK FAILED: %zu conflicts raised, %zu raised again\n", alerted.conflicting,
                alerted.again);
    ok = false;
  }

  // (b)
  std::printf(
      "\n(b) item appears in a loopback feed -> alert at the webhook, end to end "
      "(warta watch --every %ds)\n",
      every_s);
  std::vector<double> all;
  for (int run = 0; run < runs; ++run) {
    EndToEnd e = RunEndToEnd(articles, every_s, run);
    std::string shown;
    for (double s : e.latency_s)
      shown += (shown.empty() ? "" : ", ") + std::to_string(s).substr(0, 5);
    std::printf("run %d: %s s; %zu alerts received of %zu stored%s\n", run + 1, shown.c_str(),
                e.received, e.stored, e.all_signed ? ", each once, signed" : "");
    all.insert(all.end(), e.latency_s.begin(), e.latency_s.end());
    if (e.received != e.stored || !e.all_signed || e.latency_s.empty()) {
      std::printf("CHECK FAILED: run %d\n", run + 1);
      ok = false;
    }
  }
  if (!all.empty()) {
    const double w = *std::max_element(all.begin(), all.end());
    std::printf(
        "item -> alert: median %.3f s, worst %.3f s; target <= %d s (2 s + the %d s poll "
        "interval): %s\n",
        Median(all), w, 2 + every_s, every_s, w <= 2.0 + every_s ? "met" : "MISSED");
  }
  if (ok) std::printf("\ncheck: answers as expected\n");
  return ok ? 0 : 1;
}
