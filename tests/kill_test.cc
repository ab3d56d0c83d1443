// The kill test: `warta ingest` and `warta worker` processes are killed
// with SIGKILL at random points, on SQLite and on PostgreSQL; a re-run must
// then complete with every article stored exactly once, the same contents
// and claims as a clean run, every document in exactly one story, story
// sizes matching their members, an empty queue, and every story's stored
// ledger current and equal to the one its inputs build.
//
// WARTA_KILL_RUNS sets the runs per engine (default 8; the ctest
// `kill_test_200`, labelled slow, runs 200). WARTA_KILL_SEED fixes the
// random points (default: the time), printed on failure to replay a run.
// InterruptedStoriesTest (fast) checks that `warta optimize` and the
// server's start-up assign stories to documents a killed ingest left
// without one.
//
// WARTA_KILL_BINARY runs another `warta` binary than the one built beside
// the test (a copy, so that rebuilding does not change it mid-run).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "child_process.h"
#include "pg_test_server.h"
#include "store_snapshot.h"
#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/ingest.h"
#include "warta/lang_data.h"
#include "warta/ledger_stage.h"
#include "warta/store.h"

namespace warta {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class PgEnvironment : public testing::Environment {
 public:
  void TearDown() override { PgTestServer::StopShared(); }
};
testing::Environment* const kPgEnvironment = testing::AddGlobalTestEnvironment(new PgEnvironment);

const char* Binary() { return BinaryFrom("WARTA_KILL_BINARY", WARTA_BINARY); }

// Starts `warta --db DB -q ARGS...` and returns its pid; its stderr goes to
// `err_path`, or nowhere.
pid_t Start(const std::string& db, const std::vector<std::string>& args,
            const std::string& err_path = "/dev/null") {
  std::vector<std::string> all = {Binary(), "--db", db, "-q"};
  all.insert(all.end(), args.begin(), args.end());
  return StartChild(Binary(), all, err_path);
}

int Wait(pid_t pid) { return WaitChild(pid); }

// Runs warta to its end; returns "" on success, else its exit code and
// stderr.
std::string RunWarta(const std::string& db, const std::vector<std::string>& args) {
  std::string err_path = fs::temp_directory_path() / ("warta_kill_test_err_" + std::to_string(getpid()));
  int code = Wait(Start(db, args, err_path));
  std::ifstream in(err_path);
  std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(err_path);
  return code == 0 ? "" : "exit " + std::to_string(code) + ": " + err;
}

class KillTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("warta_kill_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "corpus");
    // The sample corpus and the claim test articles, as plain files, each
    // also in kVariants variants with a closing line of its own (distinct
    // content), so that a kill often lands mid-ingest.
    constexpr int kVariants = 6;
    int n = 0;
    for (const fs::path& folder :
         {fs::path(WARTA_SOURCE_DATA_DIR) / "corpus" / "seeds",
          fs::path(WARTA_TEST_DATA_DIR) / "claims" / "en",
          fs::path(WARTA_TEST_DATA_DIR) / "claims" / "id"}) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(folder)) {
        if (e.path().extension() == ".txt") files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (int v = 0; v < kVariants; ++v) {
          char name[32];
          std::snprintf(name, sizeof name, "a%04d.txt", n++);
          std::ofstream out(dir_ / "corpus" / name, std::ios::binary);
          out << text;
          if (v > 0) out << "\n\n(" << v << ")\n";
        }
      }
    }
    articles_ = n;
    corpus_ = (dir_ / "corpus").string();
    // The reference: one clean run into SQLite, timed.
    std::string ref = (dir_ / "reference.db").string();
    Clock::time_point start = Clock::now();
    ASSERT_EQ(RunWarta(ref, {"ingest", corpus_}), "");
    full_run_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    reference_ = Snapshot(ref);
    // Start-up (loading the language data) before the first article.
    fs::create_directories(dir_ / "empty");
    start = Clock::now();
    RunWarta((dir_ / "empty.db").string(), {"ingest", (dir_ / "empty").string()});
    startup_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    ASSERT_EQ(reference_.contents.size(), static_cast<size_t>(articles_));
    const char* seed = std::getenv("WARTA_KILL_SEED");
    seed_ = seed ? std::strtoull(seed, nullptr, 10)
                 : static_cast<uint64_t>(Clock::now().time_since_epoch().count());
    const char* runs = std::getenv("WARTA_KILL_RUNS");
    runs_ = runs ? std::atoi(runs) : 8;
  }

  static StoreSnapshot Snapshot(const std::string& db) {
    Result<std::unique_ptr<Store>> store = OpenStore(db);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return {};
    Result<StoreSnapshot> snap = TakeSnapshot(store->get());
    EXPECT_TRUE(snap.ok()) << snap.status().ToString();
    Result<QueueCounts> queue = (*store)->CountQueue();
    EXPECT_TRUE(queue.ok() && queue->queued == 0 && queue->failed == 0) << db;
    return snap.ok() ? *snap : StoreSnapshot{};
  }

  // Kills `pids` at a random point: a quarter of the time during start-up
  // (a random pause), else once a random number of documents is stored
  // (watched through the store, so the point does not depend on the
  // machine's load), sometimes after all of them, while stories are
  // assigned. Then records how far they got.
  void KillLater(std::mt19937_64& rng, const std::string& db, const std::vector<pid_t>& pids) {
    Result<std::unique_ptr<Store>> store = OpenStore(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    if (rng() % 4 == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % (startup_ms_ + 1)));
    } else {
      int64_t target = 1 + static_cast<int64_t>(rng() % (articles_ + articles_ / 4));
      Clock::time_point deadline = Clock::now() + std::chrono::seconds(120);
      while (Clock::now() < deadline) {
        Result<int64_t> count = (*store)->CountDocuments();
        if (count.ok() && *count >= std::min<int64_t>(target, articles_)) break;
        bool alive = false;
        for (pid_t p : pids) {
          // Looks without reaping: the pid stays ours until Wait below.
          siginfo_t info{};
          alive |= waitid(P_PID, static_cast<id_t>(p), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
                   info.si_pid == 0;
        }
        if (!alive) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      if (target > articles_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 300));
      }
    }
    int killed = 0;
    for (pid_t p : pids) killed += kill(p, SIGKILL) == 0;
    for (pid_t p : pids) killed -= Wait(p) != 128 + SIGKILL;
    Result<StoreSnapshot> snap = TakeSnapshot(store->get());
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    size_t docs = snap->contents.size();
    ++kills_;
    if (killed <= 0) ++exited_first_;
    if (docs == 0) ++none_stored_;
    if (docs > 0 && docs < static_cast<size_t>(articles_)) ++some_stored_;
    if (docs == static_cast<size_t>(articles_) && snap->unassigned > 0) ++stories_pending_;
  }

  void TearDown() override {
    std::printf("kill test: %d kills: %d with no document stored yet, %d mid-ingest, %d "
                "with stories pending, %d after the process had exited; clean run %lld ms "
                "(start-up %lld ms)\n",
                kills_, none_stored_, some_stored_, stories_pending_, exited_first_,
                static_cast<long long>(full_run_ms_), static_cast<long long>(startup_ms_));
    fs::remove_all(dir_);
  }

  // One randomised run on a new database: a killed attempt, then a run to
  // completion, then the checks.
  void OneRun(const std::string& db, int run, std::mt19937_64& rng) {
    SCOPED_TRACE("run " + std::to_string(run) + ", WARTA_KILL_SEED=" + std::to_string(seed_) +
                 ", db " + StoreLocationForDisplay(db));
    ASSERT_TRUE(OpenStore(db).ok());  // the schema, so that KillLater can watch
    bool workers = run % 2 == 1;
    if (!workers) {
      // Ingest, killed once or twice, then completed.
      int kills = 1 + static_cast<int>(rng() % 2);
      for (int k = 0; k < kills; ++k) KillLater(rng, db, {Start(db, {"ingest", corpus_})});
      ASSERT_EQ(RunWarta(db, {"ingest", corpus_}), "");
    } else {
      // Enqueue (sometimes killed and redone: articles queued twice are
      // stored once), two workers killed, one worker to the end.
      if (rng() % 3 == 0) KillLater(rng, db, {Start(db, {"ingest", "--enqueue", corpus_})});
      ASSERT_EQ(RunWarta(db, {"ingest", "--enqueue", corpus_}), "");
      KillLater(rng, db, {Start(db, {"worker", "--batch", "3", "--exit-when-empty"}),
                      Start(db, {"worker", "--batch", "2", "--exit-when-empty"})});
      ASSERT_EQ(RunWarta(db, {"worker", "--exit-when-empty"}), "");
    }
    StoreSnapshot got = Snapshot(db);
    EXPECT_EQ(got.contents, reference_.contents);
    EXPECT_EQ(got.inconsistent_stories, 0);
    EXPECT_EQ(got.unassigned, 0);
    EXPECT_EQ(got.stories.size(), static_cast<size_t>(articles_));
    // In one process the arrival order is the corpus order, as in the
    // reference, so the stories are the same; workers interleave.
    if (!workers) {
      EXPECT_EQ(got.stories, reference_.stories);
    }
    ExpectStoredLedgersCurrent(db);
  }

  // The completing run stored every story's ledger, and each stored one is
  // what the story's inputs build now: no kill leaves a wrong one current.
  static void ExpectStoredLedgersCurrent(const std::string& db) {
    Result<std::unique_ptr<Store>> store = OpenStore(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Result<std::vector<std::string>> stale = (*store)->ListStaleLedgers(kLedgerFormat, "", 10);
    ASSERT_TRUE(stale.ok()) << stale.status().ToString();
    EXPECT_TRUE(stale->empty()) << stale->front();
    Result<std::vector<StoryRecord>> stories = (*store)->ListStories();
    ASSERT_TRUE(stories.ok()) << stories.status().ToString();
    for (const StoryRecord& story : *stories) {
      bool stored = false;
      Result<std::string> served = StoryLedgerJson(store->get(), story.id, SIZE_MAX, &stored);
      Result<std::string> built = BuildStoryLedgerJson(store->get(), story.id);
      ASSERT_TRUE(served.ok() && built.ok()) << story.id;
      EXPECT_TRUE(stored) << story.id;
      EXPECT_EQ(*served, *built) << story.id;
    }
  }

  fs::path dir_;
  std::string corpus_;
  int articles_ = 0;
  int64_t full_run_ms_ = 0;
  int64_t startup_ms_ = 0;
  StoreSnapshot reference_;
  uint64_t seed_ = 0;
  int runs_ = 0;
  int kills_ = 0, none_stored_ = 0, some_stored_ = 0, stories_pending_ = 0, exited_first_ = 0;
};

TEST_F(KillTest, SqliteSurvivesRandomKills) {
  std::mt19937_64 rng(seed_);
  for (int run = 0; run < runs_ && !HasFatalFailure(); ++run) {
    OneRun((dir_ / ("run" + std::to_string(run) + ".db")).string(), run, rng);
  }
}

TEST_F(KillTest, PostgresSurvivesRandomKills) {
  Result<PgTestServer*> server = PgTestServer::Shared();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  std::mt19937_64 rng(seed_ + 1);
  for (int run = 0; run < runs_ && !HasFatalFailure(); ++run) {
    Result<std::string> url = (*server)->NewDatabase();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    OneRun(*url, run, rng);
  }
}

// An ingest killed after storing its documents and before (or during) its
// story stage leaves them without a story. Stored here through the library
// as that ingest would have (cleaned, in batches, no story stage): the
// point of a kill after the last batch committed, without racing a real
// process to it. `warta optimize` and `warta serve` (with writes enabled)
// must then give every document its story, the same stories as an
// uninterrupted ingest of the same files.
class InterruptedStoriesTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("warta_resume_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "corpus");
    for (const fs::path& folder : {fs::path(WARTA_SOURCE_DATA_DIR) / "corpus" / "seeds",
                                   fs::path(WARTA_TEST_DATA_DIR) / "claims" / "en"}) {
      for (const auto& e : fs::directory_iterator(folder)) {
        if (e.path().extension() == ".txt")
          fs::copy_file(e.path(), dir_ / "corpus" / e.path().filename());
      }
    }
    std::string ref = (dir_ / "reference.db").string();
    ASSERT_EQ(RunWarta(ref, {"ingest", (dir_ / "corpus").string()}), "");
    Result<std::unique_ptr<Store>> store = OpenStore(ref);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Result<StoreSnapshot> snap = TakeSnapshot(store->get());
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    reference_ = *snap;
    ASSERT_EQ(reference_.unassigned, 0);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Stores the corpus in `db` in file name order, as `warta ingest` does,
  // without its story stage.
  void StoreWithoutStories(const std::string& db) {
    Result<DataDir> data = DataDir::Find(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    Result<std::unique_ptr<Cleaner>> cleaner = Cleaner::Create(*data);
    ASSERT_TRUE(cleaner.ok()) << cleaner.status().ToString();
    Result<std::unique_ptr<ClaimExtractor>> extractor = ClaimExtractor::Create(*data);
    ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
    Result<std::unique_ptr<Store>> store = OpenStore(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir_ / "corpus")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    Ingester ingester(store->get(), cleaner->get(), extractor->get(), 4);
    for (const fs::path& f : files) {
      std::ifstream in(f, std::ios::binary);
      RawArticle raw;
      raw.id = f.filename().string();
      raw.origin = f.string();
      raw.content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      ASSERT_TRUE(ingester.Add(std::move(raw)).ok()) << f;
    }
    ASSERT_TRUE(ingester.Finish().ok());
    Result<StoreSnapshot> snap = TakeSnapshot(store->get());
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    ASSERT_EQ(snap->unassigned, static_cast<int>(files.size()));
  }

  void ExpectStoriesAsUninterrupted(const std::string& db) {
    Result<std::unique_ptr<Store>> store = OpenStore(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Result<StoreSnapshot> snap = TakeSnapshot(store->get());
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    EXPECT_EQ(snap->unassigned, 0);
    EXPECT_EQ(snap->inconsistent_stories, 0);
    EXPECT_EQ(snap->stories, reference_.stories);
  }

  void OptimizeResumes(const std::string& db) {
    StoreWithoutStories(db);
    ASSERT_EQ(RunWarta(db, {"optimize"}), "");
    ExpectStoriesAsUninterrupted(db);
  }

  // Starts the server with a token and waits (bounded) for the documents
  // to get their stories, then stops it with SIGTERM.
  void ServerStartResumes(const std::string& db) {
    StoreWithoutStories(db);
    pid_t pid = Start(db, {"serve", "--listen", "127.0.0.1:0", "--token", "resume-test"});
    Result<std::unique_ptr<Store>> store = OpenStore(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
    int unassigned = -1;
    while (Clock::now() < deadline) {
      Result<StoreSnapshot> snap = TakeSnapshot(store->get());
      if (snap.ok() && (unassigned = snap->unassigned) == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid, SIGTERM);
    EXPECT_EQ(Wait(pid), 0);
    EXPECT_EQ(unassigned, 0) << "still without a story 60 s after the server started";
    ExpectStoriesAsUninterrupted(db);
  }

  fs::path dir_;
  StoreSnapshot reference_;
};

TEST_F(InterruptedStoriesTest, OptimizeAssignsThemOnSqlite) {
  OptimizeResumes((dir_ / "optimize.db").string());
}

TEST_F(InterruptedStoriesTest, ServerStartAssignsThemOnSqlite) {
  ServerStartResumes((dir_ / "serve.db").string());
}

TEST_F(InterruptedStoriesTest, OptimizeAndServerStartAssignThemOnPostgres) {
  Result<PgTestServer*> server = PgTestServer::Shared();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  Result<std::string> optimize_db = (*server)->NewDatabase();
  ASSERT_TRUE(optimize_db.ok()) << optimize_db.status().ToString();
  OptimizeResumes(*optimize_db);
  Result<std::string> serve_db = (*server)->NewDatabase();
  ASSERT_TRUE(serve_db.ok()) << serve_db.status().ToString();
  ServerStartResumes(*serve_db);
}

}  // namespace
}  // namespace warta
