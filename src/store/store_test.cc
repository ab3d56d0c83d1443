// Tests of the store: one suite of the Store interface, run on every engine
// (INSTANTIATE_TEST_SUITE_P below: SQLite and PostgreSQL), and of OpenStore.
// What only one engine has is tested beside it: sqlite_store_test.cc (the
// file itself: versions, migrations, foreign or damaged files, forged with
// SQLite directly) and pg_store_test.cc (versions, concurrent writers and
// openers, a connection dropped mid-batch). SQLite tests use real files in a
// temporary directory; PostgreSQL tests use a real server the test starts
// itself (pg_test_server.h), one database per test. The crash tests fork a
// child that dies mid-batch. Shared helpers: store_test_support.h.
#include "warta/store.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "fts5_rank.h"
#include "gtest/gtest.h"
#include "pg_store.h"
#include "pg_test_server.h"
#include "sqlite_store.h"
#include "store_test_support.h"
#include "warta/document.h"
#include "warta/hash.h"
#include "warta/offset_map.h"
#include "warta/status.h"


namespace warta {
namespace {

using store_testing::ExpectSameDocument;
using store_testing::HitIds;
using store_testing::Ids;
using store_testing::MakeDocument;
using store_testing::MakeRaw;
using store_testing::MakeStory;
using store_testing::PgLocation;
using store_testing::SampleClaim;
using store_testing::SearchDocument;
using store_testing::SearchFor;
using store_testing::SqliteLocation;
using store_testing::TempDir;

namespace fs = std::filesystem;




// ---------------------------------------------------------------------------
// The suite every engine runs.

struct Engine {
  std::string name;
  // A location for a new, empty store. `dir` is a temporary directory that
  // outlives every store the test opens there.
  std::function<std::string(const fs::path& dir)> new_location;
};

// Names the engine in test listings (instead of its bytes).
void PrintTo(const Engine& engine, std::ostream* out) { *out << engine.name; }

class StoreTest : public testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { location_ = GetParam().new_location(dir_.path()); }

  // Opens the test's store; nullptr (and a failure) if it cannot.
  std::unique_ptr<Store> Open() {
    Result<std::unique_ptr<Store>> store = OpenStore(location_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return nullptr;
    return std::move(store).value();
  }

  PutResult Put(Store& store, const Document& doc) {
    Result<PutResult> result = store.PutDocument(doc);
    EXPECT_TRUE(result.ok()) << doc.id << ": " << result.status().ToString();
    return result.ok() ? *result : PutResult{};
  }

  int64_t Count(Store& store) {
    Result<int64_t> count = store.CountDocuments();
    EXPECT_TRUE(count.ok()) << count.status().ToString();
    return count.ok() ? *count : -1;
  }

  std::optional<Document> Get(Store& store, const std::string& id) {
    Result<std::optional<Document>> doc = store.GetDocument(id);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    return doc.ok() ? *doc : std::nullopt;
  }

  TempDir dir_;
  std::string location_;
};

TEST_P(StoreTest, RoundTripsEveryField) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Document doc = MakeDocument("a", "<p>Korea Utara mengirim 1.500 tentara</p>");
  EXPECT_EQ(Put(*store, doc).outcome, PutOutcome::kInserted);

  std::optional<Document> got = Get(*store, "a");
  ASSERT_TRUE(got.has_value());
  ExpectSameDocument(*got, doc);
}

TEST_P(StoreTest, RoundTripsEmptyFields) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Document doc;
  doc.id = "empty";
  doc.content_hash = ContentHash("");
  doc.ingested_at = 1;
  EXPECT_EQ(Put(*store, doc).outcome, PutOutcome::kInserted);

  std::optional<Document> got = Get(*store, "empty");
  ASSERT_TRUE(got.has_value());
  ExpectSameDocument(*got, doc);
  EXPECT_TRUE(got->map.empty());
}

TEST_P(StoreTest, RoundTripsBinaryContentByteExact) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  // NUL bytes, a lone continuation byte, a truncated sequence, 0xff, CR LF.
  const std::string content("ab\0cd\0\0\x80\xe2\x82 \xff\xfe\r\nend\0", 20);
  ASSERT_EQ(content.size(), 20u);
  Document doc = MakeDocument("bin\xc3\xa9/\xe2\x80\x8b", content);
  doc.kind = ContentKind::kText;
  EXPECT_EQ(Put(*store, doc).outcome, PutOutcome::kInserted);

  std::optional<Document> got = Get(*store, doc.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->content, content);
  EXPECT_EQ(got->content.size(), content.size());
  ExpectSameDocument(*got, doc);
  // The same bytes again are recognised, not stored twice.
  EXPECT_EQ(Put(*store, doc).outcome, PutOutcome::kUnchanged);
}

TEST_P(StoreTest, GetMissingIsNullopt) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(Get(*store, "nothing").has_value());
}

TEST_P(StoreTest, PutOutcomes) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Document a = MakeDocument("a", "version one");

  PutResult first = Put(*store, a);
  EXPECT_EQ(first.outcome, PutOutcome::kInserted);
  EXPECT_EQ(first.stored_id, "a");

  // Same id, same hash: nothing is written, not even changed metadata.
  Document a_again = a;
  a_again.meta.title = "another title";
  PutResult unchanged = Put(*store, a_again);
  EXPECT_EQ(unchanged.outcome, PutOutcome::kUnchanged);
  EXPECT_EQ(unchanged.stored_id, "a");
  EXPECT_EQ(Get(*store, "a")->meta.title, a.meta.title);

  // Same content under another id: names the stored id, stores nothing.
  Document b = MakeDocument("b", "version one");
  PutResult duplicate = Put(*store, b);
  EXPECT_EQ(duplicate.outcome, PutOutcome::kDuplicate);
  EXPECT_EQ(duplicate.stored_id, "a");
  EXPECT_FALSE(Get(*store, "b").has_value());
  EXPECT_EQ(Count(*store), 1);

  // Same id, new content: replaces the row.
  Document a2 = MakeDocument("a", "version two");
  a2.meta.title = "Revised";
  PutResult updated = Put(*store, a2);
  EXPECT_EQ(updated.outcome, PutOutcome::kUpdated);
  EXPECT_EQ(updated.stored_id, "a");
  std::optional<Document> got = Get(*store, "a");
  ASSERT_TRUE(got.has_value());
  ExpectSameDocument(*got, a2);
  EXPECT_EQ(Count(*store), 1);

  // The old content is free again, so "b" with it is new.
  EXPECT_EQ(Put(*store, b).outcome, PutOutcome::kInserted);
  EXPECT_EQ(Count(*store), 2);
}

TEST_P(StoreTest, DuplicateWinsOverUpdate) {
  // "a" changing to content "b" already holds: the duplicate rule comes
  // first, and "a" keeps its old version.
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Document a = MakeDocument("a", "alpha");
  Document b = MakeDocument("b", "beta");
  Put(*store, a);
  Put(*store, b);
  PutResult result = Put(*store, MakeDocument("a", "beta"));
  EXPECT_EQ(result.outcome, PutOutcome::kDuplicate);
  EXPECT_EQ(result.stored_id, "b");
  EXPECT_EQ(Get(*store, "a")->content, "alpha");
}

TEST_P(StoreTest, RejectsDocumentsWithoutIdentity) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Document no_id = MakeDocument("", "x");
  EXPECT_EQ(store->PutDocument(no_id).status().code(),
            StatusCode::kInvalidArgument);
  Document no_hash = MakeDocument("x", "x");
  no_hash.content_hash.clear();
  EXPECT_EQ(store->PutDocument(no_hash).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Count(*store), 0);
}

TEST_P(StoreTest, ProvenanceThatIsNotUtf8IsAnErrorNotAThrow) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Document doc = MakeDocument("a", "x");
  doc.meta.provenance["title"] = "rule\xff";
  Result<PutResult> result = store->PutDocument(doc);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("provenance"), std::string::npos)
      << result.status().ToString();
  EXPECT_EQ(Count(*store), 0);
}

TEST_P(StoreTest, ListIsOrderedByIdWithSizes) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  for (const char* id : {"c", "a", "b2", "b10"}) {
    Put(*store, MakeDocument(id, std::string("content of ") + id));
  }
  Result<std::vector<DocumentSummary>> list = store->ListDocuments();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  std::vector<std::string> ids;
  for (const DocumentSummary& row : *list) ids.push_back(row.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b10", "b2", "c"}));

  // Pages of the same order.
  for (const auto& [offset, limit, want_ids] :
       std::vector<std::tuple<size_t, size_t, std::vector<std::string>>>{
           {0, 2, {"a", "b10"}}, {1, 2, {"b10", "b2"}}, {3, 5, {"c"}}, {4, 1, {}},
           {0, 0, {}}, {2, SIZE_MAX, {"b2", "c"}}}) {
    Result<std::vector<DocumentSummary>> page = store->ListDocumentsPage(offset, limit);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> page_ids;
    for (const DocumentSummary& row : *page) page_ids.push_back(row.id);
    EXPECT_EQ(page_ids, want_ids) << offset << "+" << limit;
  }

  Document want = MakeDocument("a", "content of a");
  const DocumentSummary& row = list->front();
  EXPECT_EQ(row.origin, want.origin);
  EXPECT_EQ(row.content_hash, want.content_hash);
  EXPECT_EQ(row.kind, want.kind);
  EXPECT_EQ(row.meta.title, want.meta.title);
  EXPECT_EQ(row.meta.dateline, want.meta.dateline);
  EXPECT_EQ(row.meta.provenance, want.meta.provenance);
  EXPECT_EQ(row.content_bytes, static_cast<int64_t>(want.content.size()));
  EXPECT_EQ(row.text_bytes, static_cast<int64_t>(want.text.size()));
  EXPECT_EQ(row.ingested_at, want.ingested_at);
}

TEST_P(StoreTest, SummariesByIdKeepTheOrderAsked) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  for (const char* id : {"c", "a", "b"}) {
    Put(*store, MakeDocument(id, std::string("content of ") + id));
  }
  Result<std::vector<DocumentSummary>> got =
      store->GetSummaries({"b", "missing", "c", "b", "a", std::string("bad\0id", 6)});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  std::vector<std::string> ids;
  for (const DocumentSummary& row : *got) ids.push_back(row.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"b", "c", "a"}));

  // Each is the row ListDocuments gives.
  Result<std::vector<DocumentSummary>> list = store->ListDocuments();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  const DocumentSummary& want = (*list)[1];  // "b"
  const DocumentSummary& row = got->front();
  EXPECT_EQ(row.origin, want.origin);
  EXPECT_EQ(row.content_hash, want.content_hash);
  EXPECT_EQ(row.kind, want.kind);
  EXPECT_EQ(row.meta.title, want.meta.title);
  EXPECT_EQ(row.meta.published, want.meta.published);
  EXPECT_EQ(row.meta.provenance, want.meta.provenance);
  EXPECT_EQ(row.content_bytes, want.content_bytes);
  EXPECT_EQ(row.text_bytes, want.text_bytes);
  EXPECT_EQ(row.ingested_at, want.ingested_at);

  Result<std::vector<DocumentSummary>> none = store->GetSummaries({});
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());

  // Ids that are syntax elsewhere (quotes, backslashes, braces, commas,
  // NULL) are only ids, for summaries and claims alike.
  const std::vector<std::string> odd = {"q\"uote", "back\\slash", "{br,ace}", "NULL", "",
                                        "sp ace", "'; DROP TABLE documents; --"};
  for (const std::string& id : odd) {
    if (id.empty()) continue;  // asked for, never stored
    Put(*store, MakeDocument(id, "content of " + id));
    ASSERT_TRUE(store->PutClaims(id, {SampleClaim(1, 7)}, 7).ok()) << id;
  }
  std::vector<std::string> asked = {"NULL", "a", "{br,ace}", "back\\slash", "q\"uote", "",
                                    "'; DROP TABLE documents; --", "sp ace", "br", "ace"};
  Result<std::vector<DocumentSummary>> odd_rows = store->GetSummaries(asked);
  ASSERT_TRUE(odd_rows.ok()) << odd_rows.status().ToString();
  ids.clear();
  for (const DocumentSummary& row : *odd_rows) ids.push_back(row.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"NULL", "a", "{br,ace}", "back\\slash", "q\"uote",
                                           "'; DROP TABLE documents; --", "sp ace"}));
  Result<std::vector<Claim>> claims = store->ListClaims(asked);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  std::vector<std::string> claim_docs;
  for (const Claim& c : *claims) claim_docs.push_back(c.doc);
  EXPECT_EQ(claim_docs, (std::vector<std::string>{"NULL", "{br,ace}", "back\\slash", "q\"uote",
                                                  "'; DROP TABLE documents; --", "sp ace"}))
      << "document by document in the order named";
}

TEST_P(StoreTest, MissingIngestTimeBecomesNow) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Document doc = MakeDocument("a", "x");
  doc.ingested_at = 0;
  Put(*store, doc);
  EXPECT_GT(Get(*store, "a")->ingested_at, 1700000000);
}

TEST_P(StoreTest, ReopenKeepsData) {
  Document doc = MakeDocument("kept", "kept content");
  {
    std::unique_ptr<Store> store = Open();
    ASSERT_NE(store, nullptr);
    Put(*store, doc);
  }
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Count(*store), 1);
  std::optional<Document> got = Get(*store, "kept");
  ASSERT_TRUE(got.has_value());
  ExpectSameDocument(*got, doc);
  EXPECT_EQ(Put(*store, doc).outcome, PutOutcome::kUnchanged);
}

TEST_P(StoreTest, SchemaVersionIsCurrent) {
  for (int open = 0; open < 2; ++open) {
    std::unique_ptr<Store> store = Open();
    ASSERT_NE(store, nullptr);
    Result<int> version = store->SchemaVersion();
    ASSERT_TRUE(version.ok()) << version.status().ToString();
    EXPECT_EQ(*version, kSchemaVersion);
  }
}

TEST_P(StoreTest, BatchCommits) {
  {
    std::unique_ptr<Store> store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->BeginBatch().ok());
    for (int i = 0; i < 20; ++i) {
      std::string id = "doc" + std::to_string(i);
      EXPECT_EQ(Put(*store, MakeDocument(id, "content " + id)).outcome,
                PutOutcome::kInserted);
    }
    // Inside the batch the store sees its own puts.
    EXPECT_EQ(Put(*store, MakeDocument("doc3", "content doc3")).outcome,
              PutOutcome::kUnchanged);
    EXPECT_EQ(Put(*store, MakeDocument("copy", "content doc3")).stored_id,
              "doc3");
    EXPECT_EQ(Count(*store), 20);
    Status committed = store->CommitBatch();
    ASSERT_TRUE(committed.ok()) << committed.ToString();
  }
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Count(*store), 20);
}

TEST_P(StoreTest, BatchNotCommittedIsRolledBackOnClose) {
  {
    std::unique_ptr<Store> store = Open();
    ASSERT_NE(store, nullptr);
    Put(*store, MakeDocument("before", "committed before the batch"));
    ASSERT_TRUE(store->BeginBatch().ok());
    Put(*store, MakeDocument("a", "a"));
    Put(*store, MakeDocument("b", "b"));
    EXPECT_EQ(Count(*store), 3);
  }  // destroyed without CommitBatch
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Count(*store), 1);
  EXPECT_FALSE(Get(*store, "a").has_value());
  EXPECT_TRUE(Get(*store, "before").has_value());
}

TEST_P(StoreTest, RollbackBatchDropsItsPuts) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->BeginBatch().ok());
  Put(*store, MakeDocument("a", "a"));
  ASSERT_TRUE(store->RollbackBatch().ok());
  EXPECT_EQ(Count(*store), 0);
  // The store is usable afterwards, in and out of batches.
  ASSERT_TRUE(store->BeginBatch().ok());
  Put(*store, MakeDocument("a", "a"));
  ASSERT_TRUE(store->CommitBatch().ok());
  Put(*store, MakeDocument("b", "b"));
  EXPECT_EQ(Count(*store), 2);
}

TEST_P(StoreTest, BatchCallsOutOfOrderAreErrors) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(store->CommitBatch().ok());
  EXPECT_FALSE(store->RollbackBatch().ok());
  ASSERT_TRUE(store->BeginBatch().ok());
  Status nested = store->BeginBatch();
  EXPECT_EQ(nested.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(nested.message().find("nest"), std::string::npos);
  // The outer batch is still open and commits.
  Put(*store, MakeDocument("a", "a"));
  EXPECT_TRUE(store->CommitBatch().ok());
  EXPECT_FALSE(store->CommitBatch().ok());
  EXPECT_EQ(Count(*store), 1);
}

TEST_P(StoreTest, FailedPutInsideBatchKeepsTheOthers) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->BeginBatch().ok());
  Put(*store, MakeDocument("a", "a"));
  Document bad = MakeDocument("bad", "bad");
  bad.meta.provenance["x"] = "\xc0";
  EXPECT_FALSE(store->PutDocument(bad).ok());
  Put(*store, MakeDocument("b", "b"));
  ASSERT_TRUE(store->CommitBatch().ok());
  EXPECT_EQ(Count(*store), 2);
}

TEST_P(StoreTest, SecondStoreSeesOnlyCommittedPuts) {
  std::unique_ptr<Store> writer = Open();
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->BeginBatch().ok());
  Put(*writer, MakeDocument("a", "a"));
  // Opening does not wait for the writer's open batch.
  std::unique_ptr<Store> reader = Open();
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(Count(*reader), 0);
  ASSERT_TRUE(writer->CommitBatch().ok());
  EXPECT_EQ(Count(*reader), 1);
}

// Document i of the crash tests. 64 KiB each, so that 50 of them overflow
// SQLite's 2 MB page cache and an open batch spills pages into the -wal file
// before it commits: the crash then leaves uncommitted frames to be ignored.
Document ChildDocument(int i) {
  std::string id = "doc" + std::to_string(i);
  return MakeDocument(
      id, "content " + id + "\n" +
              std::string(64 * 1024, static_cast<char>('a' + i % 26)));
}

// How the child of a crash test ends.
enum class Death { kExit, kKill };

// Forks a child that opens the store, commits documents [0, committed), then
// begins a batch with documents [committed, total) and dies as told -- after
// committing that batch when `commit_last` is set, before otherwise. Returns
// after checking that the child died the intended way.
void RunChildThatDies(const std::string& location, int committed, int total,
                      bool commit_last, Death death) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0) << "fork failed";
  if (pid == 0) {
    // The child: no gtest assertions, only exit codes.
    Result<std::unique_ptr<Store>> store = OpenStore(location);
    if (!store.ok()) _exit(10);
    for (int i = 0; i < total; ++i) {
      if (i == committed && !(*store)->BeginBatch().ok()) _exit(11);
      if (!(*store)->PutDocument(ChildDocument(i)).ok()) _exit(12);
    }
    if (commit_last && !(*store)->CommitBatch().ok()) _exit(13);
    if (death == Death::kKill) raise(SIGKILL);
    _exit(0);  // no destructors: the store is never closed
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  if (death == Death::kKill) {
    ASSERT_TRUE(WIFSIGNALED(status))
        << "child exit code " << WEXITSTATUS(status);
    EXPECT_EQ(WTERMSIG(status), SIGKILL);
  } else {
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
}

TEST_P(StoreTest, ProcessDyingBeforeCommitLeavesNothingOfTheBatch) {
  for (Death death : {Death::kExit, Death::kKill}) {
    SCOPED_TRACE(death == Death::kExit ? "_exit" : "SIGKILL");
    TempDir dir;
    std::string location = GetParam().new_location(dir.path());
    RunChildThatDies(location, /*committed=*/0, /*total=*/50,
                     /*commit_last=*/false, death);
    if (GetParam().name == "Sqlite") {
      // The test means something only if the batch reached the file.
      std::error_code error;
      uintmax_t wal_bytes = fs::file_size(location + "-wal", error);
      ASSERT_FALSE(error) << error.message();
      EXPECT_GT(wal_bytes, 1000000u);
    }
    Result<std::unique_ptr<Store>> store = OpenStore(location);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(Count(**store), 0);
  }
}

TEST_P(StoreTest, ProcessDyingAfterCommitKeepsTheBatch) {
  for (Death death : {Death::kExit, Death::kKill}) {
    SCOPED_TRACE(death == Death::kExit ? "_exit" : "SIGKILL");
    TempDir dir;
    std::string location = GetParam().new_location(dir.path());
    RunChildThatDies(location, 0, 50, /*commit_last=*/true, death);
    Result<std::unique_ptr<Store>> store = OpenStore(location);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(Count(**store), 50);
    std::optional<Document> got = Get(**store, "doc49");
    ASSERT_TRUE(got.has_value());
    ExpectSameDocument(*got, ChildDocument(49));
  }
}

TEST_P(StoreTest, RerunAfterKillFinishesTheJob) {
  // Killed with 25 documents committed one by one and 25 more in an open
  // batch; a re-run stores the missing ones and doubles nothing.
  RunChildThatDies(location_, 25, 50, /*commit_last=*/false, Death::kKill);
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Count(*store), 25);
  int inserted = 0, unchanged = 0;
  for (int i = 0; i < 50; ++i) {
    PutOutcome outcome = Put(*store, ChildDocument(i)).outcome;
    inserted += outcome == PutOutcome::kInserted;
    unchanged += outcome == PutOutcome::kUnchanged;
  }
  EXPECT_EQ(inserted, 25);
  EXPECT_EQ(unchanged, 25);
  EXPECT_EQ(Count(*store), 50);
}



// ---------------------------------------------------------------------------
// Claims.


TEST_P(StoreTest, ClaimsRoundTripAndReplace) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Put(*store, MakeDocument("b", "b"));
  Put(*store, MakeDocument("a", "a"));
  EXPECT_EQ(*store->ClaimsVersion("a"), std::optional<int>(0));
  EXPECT_EQ(*store->ClaimsVersion("nope"), std::nullopt);

  Claim stance;
  stance.quote = "dibantah";
  stance.what = "stance";
  stance.source = "Kremlin";
  stance.stance = "denies";
  ASSERT_TRUE(store->PutClaims("a", {SampleClaim(5, 3000), stance}, 7).ok());
  ASSERT_TRUE(store->PutClaims("b", {SampleClaim(1, 1500)}, 7).ok());
  EXPECT_EQ(*store->ClaimsVersion("a"), std::optional<int>(7));

  Result<std::vector<Claim>> all = store->ListClaims({});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  const Claim& c = (*all)[0];
  EXPECT_EQ(c.doc, "a");
  Claim want = SampleClaim(5, 3000);
  EXPECT_EQ(c.start, want.start);
  EXPECT_EQ(c.end, want.end);
  EXPECT_EQ(c.text_start, want.text_start);
  EXPECT_EQ(c.text_end, want.text_end);
  EXPECT_EQ(c.quote, want.quote);
  EXPECT_EQ(c.value, want.value);
  EXPECT_EQ(c.min, want.min);
  EXPECT_EQ(c.max, std::nullopt);
  EXPECT_EQ(c.qualifier, want.qualifier);
  EXPECT_EQ(c.what_text, want.what_text);
  EXPECT_EQ(c.location, want.location);
  EXPECT_EQ(c.source_mention, want.source_mention);
  EXPECT_EQ(c.via, want.via);
  EXPECT_EQ(c.cue, want.cue);
  EXPECT_EQ(c.said_date, want.said_date);
  EXPECT_EQ(c.event_date, "");
  EXPECT_EQ((*all)[1].stance, "denies");
  EXPECT_EQ((*all)[1].value, std::nullopt);
  EXPECT_EQ((*all)[2].doc, "b");

  // Replacing, and listing one document.
  ASSERT_TRUE(store->PutClaims("a", {SampleClaim(9, 12000)}, 8).ok());
  Result<std::vector<Claim>> a = store->ListClaims({"a"});
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ((*a)[0].value, std::optional<double>(12000));
  EXPECT_EQ(store->PutClaims("nope", {}, 8).code(), StatusCode::kNotFound);
}

TEST_P(StoreTest, NewContentDropsClaims) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Put(*store, MakeDocument("a", "version one"));
  ASSERT_TRUE(store->PutClaims("a", {SampleClaim(0, 1)}, 3).ok());
  Put(*store, MakeDocument("a", "version one"));  // unchanged: claims stay
  EXPECT_EQ(store->ListClaims({"a"})->size(), 1u);
  EXPECT_EQ(Put(*store, MakeDocument("a", "version two")).outcome, PutOutcome::kUpdated);
  EXPECT_EQ(store->ListClaims({"a"})->size(), 0u);
  EXPECT_EQ(*store->ClaimsVersion("a"), std::optional<int>(0));
}

TEST_P(StoreTest, ClaimsInARolledBackBatchAreNotStored) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->BeginBatch().ok());
  Put(*store, MakeDocument("a", "a"));
  ASSERT_TRUE(store->PutClaims("a", {SampleClaim(0, 1)}, 3).ok());
  ASSERT_TRUE(store->RollbackBatch().ok());
  EXPECT_EQ(store->ListClaims({})->size(), 0u);
}

// ---------------------------------------------------------------------------
// Search.


class SearchTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = Open();
    ASSERT_NE(store_, nullptr);
    Put(*store_, SearchDocument("id1", "id", "Korea Utara kirim pasukan",
                                "Korea Utara mengirimkan ribuan tentara ke Rusia, kata NIS.",
                                "korea utara kirim ribu tentara ke rusia kata nis"));
    Put(*store_, SearchDocument("id2", "id", "Bantahan Kremlin",
                                "Kremlin membantah laporan itu sebagai berita palsu.",
                                "kremlin bantah lapor itu bagai berita palsu"));
    Put(*store_, SearchDocument("en1", "en", "Troops sent to Russia",
                                "North Korean troops were running drills; officials said "
                                "thousands arrived. Caf\xc3\xa9 owners fled."));
    Put(*store_, SearchDocument("en2", "en", "Kremlin denies",
                                "The Kremlin denied the reports as fake news."));
  }

  std::unique_ptr<Store> store_;
};

TEST_P(SearchTest, EveryWordMustMatch) {
  EXPECT_EQ(HitIds(*store_, SearchFor("kremlin")), (Ids{"en2", "id2"}));
  EXPECT_EQ(HitIds(*store_, SearchFor("Kremlin palsu")), (Ids{"id2"}));
  EXPECT_EQ(HitIds(*store_, SearchFor("kremlin tentara")), Ids{});
  EXPECT_EQ(HitIds(*store_, SearchFor("RUSSIA")), (Ids{"en1"}));  // title, case folded
}

TEST_P(SearchTest, EnglishWordsMatchByStem) {
  EXPECT_EQ(HitIds(*store_, SearchFor("run")), (Ids{"en1"}));
  EXPECT_EQ(HitIds(*store_, SearchFor("deny report")), (Ids{"en2"}));
  EXPECT_EQ(HitIds(*store_, SearchFor("arrive")), (Ids{"en1"}));
}

TEST_P(SearchTest, IndonesianWordsMatchByTheirGivenStem) {
  EXPECT_EQ(HitIds(*store_, SearchFor("dikirim")), Ids{});
  EXPECT_EQ(HitIds(*store_, SearchFor("dikirim", "", {"kirim"})), (Ids{"id1"}));
  EXPECT_EQ(HitIds(*store_, SearchFor("dikirim tentara", "", {"kirim", "tentara"})), (Ids{"id1"}));
  EXPECT_EQ(HitIds(*store_, SearchFor("membantah", "", {"bantah"})), (Ids{"id2"}));
}

TEST_P(SearchTest, FiltersByLanguageAndPages) {
  EXPECT_EQ(HitIds(*store_, SearchFor("kremlin", "en")), (Ids{"en2"}));
  EXPECT_EQ(HitIds(*store_, SearchFor("kremlin", "id")), (Ids{"id2"}));
  EXPECT_EQ(HitIds(*store_, SearchFor("kremlin", "fr")), Ids{});
  SearchQuery first = SearchFor("kremlin");
  first.limit = 1;
  SearchQuery second = first;
  second.offset = 1;
  Ids one = HitIds(*store_, first);
  Ids two = HitIds(*store_, second);
  ASSERT_EQ(one.size(), 1u);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_NE(one, two);
  second.offset = 2;
  EXPECT_EQ(HitIds(*store_, second), Ids{});
}

TEST_P(SearchTest, QueryWordsAreDataNotSyntax) {
  EXPECT_EQ(store_->Search(SearchFor("")).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Search(SearchFor(" \t ")).status().code(), StatusCode::kInvalidArgument);
  for (const char* text : {"kremlin OR korea", "\"kremlin", "kremlin\"", "NEAR(kremlin korea)",
                           "kre*", "title:kremlin", "'; DROP TABLE documents; --", "kremlin -palsu",
                           "a\"\"b", "{title text}", "kremlin & !palsu | (x",
                           "\xe2\x80\x94 \xe2\x80\x9c", "\xff\xfe", "^kremlin", "kremlin AND"}) {
    SCOPED_TRACE(text);
    Result<std::vector<SearchHit>> hits = store_->Search(SearchFor(text));
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  }
  EXPECT_EQ(HitIds(*store_, SearchFor("kremlin OR korea")), Ids{}) << "OR is a word";
  EXPECT_EQ(HitIds(*store_, SearchFor("kremlin \xe2\x80\x94")), (Ids{"en2", "id2"}))
      << "a dash alone is no word";
  EXPECT_EQ(*store_->CountDocuments(), 4);
}

TEST_P(SearchTest, SnippetIsPlainTextAroundTheMatch) {
  Result<std::vector<SearchHit>> hits = store_->Search(SearchFor("palsu"));
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "id2");
  EXPECT_GT((*hits)[0].score, 0);
  EXPECT_NE((*hits)[0].snippet.find("palsu"), std::string::npos) << (*hits)[0].snippet;
  EXPECT_EQ((*hits)[0].snippet.find('<'), std::string::npos) << (*hits)[0].snippet;
}

TEST_P(SearchTest, TitleMatchRanksFirst) {
  // Newer, but with the word in the text only.
  Put(*store_, SearchDocument("en4", "en", "Market news", "Prices in Russia rose."));
  Result<std::vector<SearchHit>> hits = store_->Search(SearchFor("russia"));
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].id, "en1");
  EXPECT_GT((*hits)[0].score, (*hits)[1].score);
}

// Every hit of `query` as text: id, score and snippet, in order.
std::vector<std::string> Hits(Store& store, const SearchQuery& query) {
  Result<std::vector<SearchHit>> hits = store.Search(query);
  EXPECT_TRUE(hits.ok()) << query.text << ": " << hits.status().ToString();
  std::vector<std::string> out;
  if (hits.ok()) {
    for (const SearchHit& hit : *hits) {
      out.push_back(hit.id + " " + std::to_string(hit.score) + " " + hit.snippet);
    }
  }
  return out;
}

TEST_P(SearchTest, OptimisingChangesNoAnswer) {
  // Forty batches, each committed on its own (each one more b-tree in FTS5),
  // in both languages.
  for (int b = 0; b < 40; ++b) {
    ASSERT_TRUE(store_->BeginBatch().ok());
    for (int i = 0; i < 3; ++i) {
      std::string n = std::to_string(b * 3 + i);
      Put(*store_, SearchDocument("idb" + n, "id", "Banjir " + n,
                                  "Banjir merendam desa " + n + ", kata petugas.",
                                  "banjir rendam desa " + n + " kata tugas"));
      Put(*store_, SearchDocument("enb" + n, "en", "Flood " + n,
                                  "Floods reached village " + n + ", officials said."));
    }
    ASSERT_TRUE(store_->CommitBatch().ok());
  }
  std::vector<SearchQuery> queries = {SearchFor("banjir"), SearchFor("flood village"),
                                      SearchFor("desa", "", {"desa"}), SearchFor("kremlin"),
                                      SearchFor("said", "en")};
  SearchQuery paged = SearchFor("banjir");
  paged.limit = 7;
  paged.offset = 5;
  queries.push_back(paged);
  std::vector<std::vector<std::string>> before;
  for (const SearchQuery& q : queries) before.push_back(Hits(*store_, q));
  ASSERT_EQ(before[0].size(), 20u);
  ASSERT_EQ(before[5].size(), 7u);
  for (const std::string& hit : before[1]) {
    EXPECT_NE(hit.find("village"), std::string::npos) << "snippet of " << hit;
  }

  ASSERT_TRUE(store_->BeginBatch().ok());
  EXPECT_EQ(store_->OptimizeSearch().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->CommitBatch().ok());
  Status optimized = store_->OptimizeSearch();
  ASSERT_TRUE(optimized.ok()) << optimized.ToString();
  for (size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ(Hits(*store_, queries[i]), before[i]) << queries[i].text;
  }
  ASSERT_TRUE(store_->OptimizeSearch().ok()) << "a second time is harmless";
}

TEST_P(SearchTest, IndexFollowsUpdates) {
  Document changed = SearchDocument("id2", "id", "Bantahan", "Moskow menyangkal semuanya.",
                                    "moskow sangkal semua");
  changed.content = "new content";
  changed.content_hash = ContentHash(changed.content);
  EXPECT_EQ(Put(*store_, changed).outcome, PutOutcome::kUpdated);
  EXPECT_EQ(HitIds(*store_, SearchFor("palsu")), Ids{});
  EXPECT_EQ(HitIds(*store_, SearchFor("moskow")), (Ids{"id2"}));
  EXPECT_EQ(HitIds(*store_, SearchFor("menyangkal", "", {"sangkal"})), (Ids{"id2"}));
  // A language change moves an English document out of the stemmed index.
  Document french = SearchDocument("en1", "fr", "Troupes", "Les troupes sont parties.");
  french.content = "french";
  french.content_hash = ContentHash(french.content);
  EXPECT_EQ(Put(*store_, french).outcome, PutOutcome::kUpdated);
  EXPECT_EQ(HitIds(*store_, SearchFor("run")), Ids{});
  EXPECT_EQ(HitIds(*store_, SearchFor("troupes")), (Ids{"en1"}));
  // A rolled-back put leaves the index as it was.
  ASSERT_TRUE(store_->BeginBatch().ok());
  Put(*store_, SearchDocument("rolled", "en", "Rolled", "Zeppelins everywhere."));
  EXPECT_EQ(HitIds(*store_, SearchFor("zeppelins")), (Ids{"rolled"}));
  ASSERT_TRUE(store_->RollbackBatch().ok());
  EXPECT_EQ(HitIds(*store_, SearchFor("zeppelins")), Ids{});
}

// ---------------------------------------------------------------------------
// The work queue.


QueueCounts Counts(Store& store) {
  Result<QueueCounts> counts = store.CountQueue();
  EXPECT_TRUE(counts.ok()) << counts.status().ToString();
  return counts.ok() ? *counts : QueueCounts{-1, -1};
}

std::vector<int64_t> Seqs(const std::vector<QueuedArticle>& claimed) {
  std::vector<int64_t> seqs;
  for (const QueuedArticle& a : claimed) seqs.push_back(a.seq);
  return seqs;
}

TEST_P(StoreTest, QueueClaimsOldestFirstAndRoundTripsEveryField) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->Enqueue(MakeRaw(i)).ok());
  EXPECT_EQ(Counts(*store).queued, 3);
  EXPECT_EQ(store->ClaimQueued(1).status().code(), StatusCode::kFailedPrecondition);

  ASSERT_TRUE(store->BeginBatch().ok());
  Result<std::vector<QueuedArticle>> first = store->ClaimQueued(2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_LT((*first)[0].seq, (*first)[1].seq);
  for (int i = 0; i < 2; ++i) {
    const RawArticle& got = (*first)[i].raw;
    RawArticle want = MakeRaw(i);
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.origin, want.origin);
    EXPECT_EQ(got.content, want.content);
    EXPECT_EQ(got.kind, want.kind);
    EXPECT_EQ(got.url, want.url);
    EXPECT_EQ(got.outlet, want.outlet);
    EXPECT_EQ(got.published, want.published);
    EXPECT_EQ(got.title, want.title);
    EXPECT_EQ(got.lang, want.lang);
    EXPECT_EQ(got.author, want.author);
    EXPECT_EQ(got.charset, want.charset);
    EXPECT_EQ(got.repaired_bytes, want.repaired_bytes);
    EXPECT_EQ((*first)[i].attempts, 0);
  }
  // The batch does not take its own claims again.
  Result<std::vector<QueuedArticle>> second = store->ClaimQueued(5);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].raw.id, "raw2");
  EXPECT_TRUE(store->ClaimQueued(5)->empty());
  ASSERT_TRUE(store->DoneQueued((*first)[0].seq).ok());
  ASSERT_TRUE(store->DoneQueued((*first)[1].seq).ok());
  ASSERT_TRUE(store->FailQueued((*second)[0].seq, "cannot parse", 3).ok());
  ASSERT_TRUE(store->CommitBatch().ok());

  QueueCounts counts = Counts(*store);
  EXPECT_EQ(counts.queued, 1);
  EXPECT_EQ(counts.failed, 0);
  EXPECT_EQ(store->DoneQueued((*first)[0].seq).code(), StatusCode::kNotFound);
  EXPECT_EQ(store->FailQueued(987654, "x", 3).code(), StatusCode::kNotFound);
  // The failed article is claimable again, with its attempt counted.
  ASSERT_TRUE(store->BeginBatch().ok());
  Result<std::vector<QueuedArticle>> again = store->ClaimQueued(5);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].raw.id, "raw2");
  EXPECT_EQ((*again)[0].attempts, 1);
  ASSERT_TRUE(store->RollbackBatch().ok());
}

TEST_P(StoreTest, RolledBackBatchReturnsItsClaims) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->Enqueue(MakeRaw(i)).ok());
  ASSERT_TRUE(store->BeginBatch().ok());
  std::vector<QueuedArticle> claimed = *store->ClaimQueued(2);
  ASSERT_EQ(claimed.size(), 2u);
  ASSERT_TRUE(store->DoneQueued(claimed[0].seq).ok());
  ASSERT_TRUE(store->FailQueued(claimed[1].seq, "boom", 1).ok());
  ASSERT_TRUE(store->Enqueue(MakeRaw(7)).ok());
  ASSERT_TRUE(store->RollbackBatch().ok());
  EXPECT_EQ(Counts(*store).queued, 3);
  EXPECT_EQ(Counts(*store).failed, 0);
  ASSERT_TRUE(store->BeginBatch().ok());
  EXPECT_EQ(Seqs(*store->ClaimQueued(2)), Seqs(claimed));
  ASSERT_TRUE(store->CommitBatch().ok());  // claims not ended are claimable again
  ASSERT_TRUE(store->BeginBatch().ok());
  EXPECT_EQ(store->ClaimQueued(5)->size(), 3u);
  ASSERT_TRUE(store->RollbackBatch().ok());
}

TEST_P(StoreTest, QueuedArticleFailsForGoodAfterMaxAttempts) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Enqueue(MakeRaw(0)).ok());
  ASSERT_TRUE(store->Enqueue(MakeRaw(1)).ok());
  for (int attempt = 0; attempt < 3; ++attempt) {
    SCOPED_TRACE(attempt);
    ASSERT_TRUE(store->BeginBatch().ok());
    std::vector<QueuedArticle> claimed = *store->ClaimQueued(1);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].raw.id, "raw0");
    EXPECT_EQ(claimed[0].attempts, attempt);
    ASSERT_TRUE(store->FailQueued(claimed[0].seq, "bad input \xff", 3).ok());
    ASSERT_TRUE(store->CommitBatch().ok());
  }
  QueueCounts counts = Counts(*store);
  EXPECT_EQ(counts.queued, 1);
  EXPECT_EQ(counts.failed, 1);
  ASSERT_TRUE(store->BeginBatch().ok());
  std::vector<QueuedArticle> rest = *store->ClaimQueued(5);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].raw.id, "raw1");
  ASSERT_TRUE(store->CommitBatch().ok());
}

TEST_P(StoreTest, ConcurrentClaimersNeverShareAnArticle) {
  // Two stores (two connections), each in its own thread, claim three at a
  // time and hold their claims for a moment, until the queue is empty.
  constexpr int kArticles = 60;
  {
    std::unique_ptr<Store> store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->BeginBatch().ok());
    for (int i = 0; i < kArticles; ++i) ASSERT_TRUE(store->Enqueue(MakeRaw(i)).ok());
    ASSERT_TRUE(store->CommitBatch().ok());
  }
  std::vector<std::string> got[2];
  std::atomic<int> errors{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 2; ++w) {
    workers.emplace_back([&, w] {
      Result<std::unique_ptr<Store>> store = OpenStore(location_);
      if (!store.ok()) {
        ++errors;
        return;
      }
      for (;;) {
        if (!(*store)->BeginBatch().ok()) {
          ++errors;
          return;
        }
        Result<std::vector<QueuedArticle>> claimed = (*store)->ClaimQueued(3);
        if (!claimed.ok()) {
          ++errors;
          (void)(*store)->RollbackBatch();  // the failure is counted already
          return;
        }
        for (const QueuedArticle& a : *claimed) {
          got[w].push_back(a.raw.id);
          if (!(*store)->DoneQueued(a.seq).ok()) ++errors;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        if (!(*store)->CommitBatch().ok()) ++errors;
        if (claimed->empty()) return;
      }
    });
  }
  for (std::thread& t : workers) t.join();
  EXPECT_EQ(errors.load(), 0);
  std::vector<std::string> all = got[0];
  all.insert(all.end(), got[1].begin(), got[1].end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "an article claimed twice";
  EXPECT_EQ(all.size(), static_cast<size_t>(kArticles));
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Counts(*store).queued, 0);
}

// ---------------------------------------------------------------------------
// Stories and copies.


std::vector<std::string> Unassigned(Store& store, size_t limit = 100) {
  Result<std::vector<std::string>> ids = store.ListUnassigned(limit);
  EXPECT_TRUE(ids.ok()) << ids.status().ToString();
  return ids.ok() ? *ids : std::vector<std::string>{"error"};
}

TEST_P(StoreTest, StoriesAndMembersRoundTripInIngestOrder) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  // Ingest order differs from id order.
  for (const char* id : {"c", "a", "b", "d"}) Put(*store, MakeDocument(id, id));
  EXPECT_EQ(Unassigned(*store), (std::vector<std::string>{"c", "a", "b", "d"}));
  EXPECT_EQ(Unassigned(*store, 2), (std::vector<std::string>{"c", "a"}));

  ASSERT_TRUE(
      store->PutStories({MakeStory("s000002", 1), MakeStory("s000001", 2), MakeStory("s000003", 0)})
          .ok());
  ASSERT_TRUE(
      store->PutStoryMembers({{"a", "s000001", 0.5}, {"c", "s000001", 0}, {"b", "s000002", 0}})
          .ok());
  EXPECT_EQ(Unassigned(*store), (std::vector<std::string>{"d"}));
  EXPECT_EQ(store->PutStoryMembers({{"nope", "s000001", 0}}).code(), StatusCode::kNotFound);

  Result<std::vector<StoryRecord>> stories = store->ListStories();
  ASSERT_TRUE(stories.ok()) << stories.status().ToString();
  ASSERT_EQ(stories->size(), 2u) << "empty stories are not listed";
  EXPECT_EQ((*stories)[0].id, "s000001");
  EXPECT_EQ((*stories)[1].id, "s000002");
  std::optional<StoryRecord> one = *store->GetStory("s000001");
  ASSERT_TRUE(one.has_value());
  StoryRecord want = MakeStory("s000001", 2);
  EXPECT_EQ(one->label, want.label);
  EXPECT_EQ(one->size, 2);
  EXPECT_EQ(one->first_seen, want.first_seen);
  EXPECT_EQ(one->last_seen, want.last_seen);
  EXPECT_EQ(one->languages, want.languages);
  EXPECT_FALSE(store->GetStory("s999999")->has_value());

  Result<std::vector<StoryMember>> members = store->ListStoryMembers("s000001");
  ASSERT_TRUE(members.ok()) << members.status().ToString();
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[0].doc_id, "c");  // ingest order
  EXPECT_EQ((*members)[1].doc_id, "a");
  EXPECT_EQ((*members)[1].similarity, 0.5);
  std::optional<StoryMember> member = *store->GetStoryMember("a");
  ASSERT_TRUE(member.has_value());
  EXPECT_EQ(member->story_id, "s000001");
  EXPECT_FALSE(store->GetStoryMember("d")->has_value());

  // Upserts: a story's fields and a document's story are replaced.
  StoryRecord renamed = MakeStory("s000001", 3);
  renamed.label = "renamed";
  renamed.first_seen.clear();
  renamed.languages = {"id"};
  ASSERT_TRUE(store->PutStories({renamed}).ok());
  ASSERT_TRUE(store->PutStoryMembers({{"a", "s000002", 0.25}, {"d", "s000001", 0.75}}).ok());
  one = *store->GetStory("s000001");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->label, "renamed");
  EXPECT_EQ(one->first_seen, "");
  EXPECT_EQ(one->languages, std::vector<std::string>{"id"});
  EXPECT_EQ((*store->GetStoryMember("a"))->story_id, "s000002");
  EXPECT_EQ(store->ListStoryMembers("s000002")->size(), 2u);
  EXPECT_TRUE(Unassigned(*store).empty());
}

StoryQuery Page(StoryOrder order, const std::string& lang, const std::string& after, size_t offset,
                size_t limit) {
  StoryQuery q;
  q.order = order;
  q.lang = lang;
  q.after = after;
  q.offset = offset;
  q.limit = limit;
  return q;
}

// Pages of stories: in each order, paging by `after` reaches every story
// with size > 0 exactly once, in the order the stories sorted in memory
// would have (the reference), with many ties of size and date; `lang`
// keeps the stories of that language; `offset` agrees with the cursor; a
// cursor of another order is refused.
TEST_P(StoreTest, StoryPagesReachEveryStoryOnceInOrder) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<StoryRecord> all;
  for (int i = 0; i < 530; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "story-%04x", (i * 7919) % 65536);
    StoryRecord s = MakeStory(id, i % 13);  // a size of 0 is not listed
    if (i % 5 == 0) {
      s.first_seen.clear();
      s.last_seen.clear();
    } else {
      s.last_seen = "2024-10-" + std::to_string(10 + i % 17);
    }
    s.languages =
        i % 3 == 0 ? std::vector<std::string>{"id"} : std::vector<std::string>{"en", "id"};
    all.push_back(s);
  }
  ASSERT_TRUE(store->PutStories(all).ok());

  auto reference = [&](StoryOrder order, const std::string& lang) {
    std::vector<StoryRecord> want;
    for (const StoryRecord& s : all) {
      if (s.size == 0) continue;
      if (!lang.empty() &&
          std::find(s.languages.begin(), s.languages.end(), lang) == s.languages.end()) {
        continue;
      }
      want.push_back(s);
    }
    std::sort(want.begin(), want.end(), [&](const StoryRecord& a, const StoryRecord& b) {
      switch (order) {
        case StoryOrder::kId:
          return a.id < b.id;
        case StoryOrder::kSize:
          return std::tie(a.size, a.id) > std::tie(b.size, b.id);
        case StoryOrder::kRecent:
          return std::tie(a.last_seen, a.id) > std::tie(b.last_seen, b.id);
      }
      return false;
    });
    std::vector<std::string> ids;
    for (const StoryRecord& s : want) ids.push_back(s.id);
    return ids;
  };

  for (StoryOrder order : {StoryOrder::kSize, StoryOrder::kRecent, StoryOrder::kId}) {
    for (const std::string lang : {"", "en", "xx"}) {
      SCOPED_TRACE("order " + std::to_string(static_cast<int>(order)) + ", lang '" + lang + "'");
      const std::vector<std::string> want = reference(order, lang);
      StoryQuery query = Page(order, lang, "", 0, 37);
      std::vector<std::string> got;
      int pages = 0;
      do {
        Result<StoryPage> page = store->ListStoryPage(query);
        ASSERT_TRUE(page.ok()) << page.status().ToString();
        EXPECT_LE(page->stories.size(), query.limit);
        EXPECT_EQ(page->total, static_cast<int64_t>(want.size()));
        for (const StoryRecord& s : page->stories) got.push_back(s.id);
        query.after = page->next;
        ASSERT_LT(++pages, 100);
      } while (!query.after.empty());
      EXPECT_EQ(got, want);
      // An offset gives the same page as the cursor that far.
      if (want.size() > 80) {
        Result<StoryPage> by_offset =
            store->ListStoryPage(Page(order, lang, "", 74, 5));
        ASSERT_TRUE(by_offset.ok()) << by_offset.status().ToString();
        ASSERT_EQ(by_offset->stories.size(), 5u);
        EXPECT_EQ(by_offset->stories[0].id, want[74]);
        EXPECT_EQ(by_offset->stories[4].id, want[78]);
      }
    }
  }
  Result<StoryPage> first = store->ListStoryPage(Page(StoryOrder::kRecent, "", "", 0, 1));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(store->ListStoryPage(Page(StoryOrder::kSize, "", "not a cursor", 0, 1))
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store->ListStoryPage(Page(StoryOrder::kSize, "", first->next, 0, 1))
                .status()
                .code(),
            StatusCode::kInvalidArgument)
      << "a date is not a size";
  // Limit + 1 rows are read, never more: the last page has no `next`.
  Result<StoryPage> everything = store->ListStoryPage(Page(StoryOrder::kId, "", "", 0, 1000));
  ASSERT_TRUE(everything.ok());
  EXPECT_EQ(everything->stories.size(), reference(StoryOrder::kId, "").size());
  EXPECT_EQ(everything->next, "");
}

TEST_P(StoreTest, NewContentDropsStoryAndCopyLinkButKeepsIngestOrder) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  for (const char* id : {"a", "b", "c"}) Put(*store, MakeDocument(id, id));
  ASSERT_TRUE(store->PutStories({MakeStory("s1", 3)}).ok());
  ASSERT_TRUE(store->PutStoryMembers({{"a", "s1", 0}, {"b", "s1", 0.9}, {"c", "s1", 0.8}}).ok());
  ASSERT_TRUE(store->PutDuplicate({"b", "a", "near", 0.9}).ok());
  ASSERT_TRUE(store->PutDuplicate({"c", "a", "near", 0.8}).ok());
  Put(*store, MakeDocument("b", "b"));  // unchanged: all stays
  EXPECT_TRUE(store->GetStoryMember("b")->has_value());
  EXPECT_TRUE(store->GetDuplicate("b")->has_value());

  for (const char* id : {"c", "b"}) {
    EXPECT_EQ(Put(*store, MakeDocument(id, std::string(id) + " new")).outcome,
              PutOutcome::kUpdated);
  }
  EXPECT_FALSE(store->GetStoryMember("b")->has_value());
  EXPECT_FALSE(store->GetDuplicate("b")->has_value());
  EXPECT_FALSE(store->GetStoryMember("c")->has_value());
  EXPECT_TRUE(store->GetStoryMember("a")->has_value());
  // Seen again, in the order first stored (b before c), not updated.
  EXPECT_EQ(Unassigned(*store), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(store->ListStoryMembers("s1")->size(), 1u);
}

// A ledger format for the stored-ledger test; any number will do.
constexpr int kFormat = 7;

// Stored ledgers: every change to what a story's ledger is built from
// raises its generation (the schema's triggers), which makes the stored
// ledger stale; other stories keep theirs.
TEST_P(StoreTest, StoredLedgerIsCurrentUntilItsInputsChange) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  for (const char* id : {"a", "b", "c"}) Put(*store, MakeDocument(id, id));
  ASSERT_TRUE(store->PutStories({MakeStory("s1", 2), MakeStory("s2", 1)}).ok());
  ASSERT_TRUE(store->PutStoryMembers({{"a", "s1", 0}, {"b", "s1", 0.9}, {"c", "s2", 0}}).ok());
  auto get = [&](const std::string& story, int format = kFormat) {
    Result<StoredLedger> got = store->GetStoryLedger(story, format);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    return got.ok() ? *got : StoredLedger{-1, std::nullopt};
  };
  auto stale = [&](int format = kFormat, const std::string& after = "") {
    Result<std::vector<std::string>> ids = store->ListStaleLedgers(format, after, 10);
    EXPECT_TRUE(ids.ok()) << ids.status().ToString();
    return ids.ok() ? *ids : std::vector<std::string>{"error"};
  };
  // Builds "ledger" for both stories at their current generations.
  auto store_both = [&]() {
    for (const char* story : {"s1", "s2"}) {
      Result<bool> put =
          store->PutStoryLedger(story, get(story).generation, kFormat, std::string("L ") + story);
      ASSERT_TRUE(put.ok()) << put.status().ToString();
      EXPECT_TRUE(*put) << story;
    }
    ASSERT_TRUE(stale().empty());
  };

  EXPECT_FALSE(get("s1").bytes.has_value());
  EXPECT_GT(get("s1").generation, 0);
  EXPECT_EQ(get("no-such-story").generation, 0);
  EXPECT_EQ(stale(), (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(stale(kFormat, "s1"), std::vector<std::string>{"s2"});
  store_both();
  EXPECT_EQ(get("s1").bytes, "L s1");
  EXPECT_FALSE(get("s1", kFormat + 1).bytes.has_value()) << "another format is not served";
  EXPECT_EQ(stale(kFormat + 1), (std::vector<std::string>{"s1", "s2"}));
  // An older build neither lists nor overwrites a newer format's ledger.
  EXPECT_TRUE(stale(kFormat - 1).empty());
  Result<bool> older = store->PutStoryLedger("s1", get("s1").generation, kFormat - 1, "old");
  ASSERT_TRUE(older.ok());
  EXPECT_FALSE(*older);
  EXPECT_EQ(get("s1").bytes, "L s1");

  struct Change {
    const char* what;
    std::function<void()> apply;
    std::vector<std::string> stale;
  };
  const std::vector<Change> changes = {
      {"claims of a member",
       [&] { ASSERT_TRUE(store->PutClaims("a", {SampleClaim(1, 700)}, 7).ok()); },
       {"s1"}},
      {"claims dropped", [&] { ASSERT_TRUE(store->PutClaims("a", {}, 7).ok()); }, {"s1"}},
      {"member moved", [&] { ASSERT_TRUE(store->PutStoryMembers({{"b", "s2", 0.5}}).ok()); },
       {"s1", "s2"}},
      {"member put again in its story",
       [&] { ASSERT_TRUE(store->PutStoryMembers({{"b", "s2", 0.25}}).ok()); },
       {}},
      {"member given new content",
       [&] { EXPECT_EQ(Put(*store, MakeDocument("a", "a new")).outcome, PutOutcome::kUpdated); },
       {"s1"}},
      {"member joined", [&] { ASSERT_TRUE(store->PutStoryMembers({{"a", "s1", 0}}).ok()); },
       {"s1"}},
  };
  for (const Change& change : changes) {
    SCOPED_TRACE(change.what);
    const int64_t before = get("s1").generation;
    change.apply();
    EXPECT_EQ(stale(), change.stale);
    for (const std::string& story : change.stale) {
      EXPECT_FALSE(get(story).bytes.has_value()) << story;
    }
    // A ledger built before the change cannot be stored after it.
    if (!change.stale.empty() && change.stale[0] == "s1") {
      Result<bool> late = store->PutStoryLedger("s1", before, kFormat, "late");
      ASSERT_TRUE(late.ok());
      EXPECT_FALSE(*late);
      EXPECT_FALSE(get("s1").bytes.has_value());
    }
    store_both();
  }
  // A story left with no member is not listed.
  ASSERT_TRUE(store->PutStories({MakeStory("s1", 0)}).ok());
  ASSERT_TRUE(store->PutStoryMembers({{"a", "s2", 0}}).ok());
  EXPECT_EQ(stale(), std::vector<std::string>{"s2"});
}

TEST_P(StoreTest, DuplicateLinksRoundTrip) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Put(*store, MakeDocument("orig", "orig"));
  Put(*store, MakeDocument("copy", "copy"));
  EXPECT_EQ(store->PutDuplicate({"copy", "orig", "partial", 1}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store->PutDuplicate({"copy", "nope", "exact", 1}).code(), StatusCode::kNotFound);
  EXPECT_EQ(store->PutDuplicate({"nope", "orig", "exact", 1}).code(), StatusCode::kNotFound);
  ASSERT_TRUE(store->PutDuplicate({"copy", "orig", "exact", 1}).ok());
  ASSERT_TRUE(store->PutDuplicate({"copy", "orig", "near", 0.8125}).ok());
  std::optional<DuplicateLink> link = *store->GetDuplicate("copy");
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->doc_id, "copy");
  EXPECT_EQ(link->original_id, "orig");
  EXPECT_EQ(link->kind, "near");
  EXPECT_EQ(link->similarity, 0.8125);
  EXPECT_FALSE(store->GetDuplicate("orig")->has_value());
}

TEST_P(StoreTest, StageStateAndLock) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->TryLockStage("story").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(*store->GetStageState("story"), "");
  const std::string state("\x00\x01state\xff\xfe", 9);
  ASSERT_TRUE(store->BeginBatch().ok());
  Result<bool> locked = store->TryLockStage("story");
  ASSERT_TRUE(locked.ok()) << locked.status().ToString();
  EXPECT_TRUE(*locked);
  ASSERT_TRUE(store->PutStageState("story", state).ok());
  ASSERT_TRUE(store->CommitBatch().ok());
  EXPECT_EQ(*store->GetStageState("story"), state);
  ASSERT_TRUE(store->PutStageState("story", "v2").ok());
  EXPECT_EQ(*store->GetStageState("story"), "v2");
  EXPECT_EQ(*store->GetStageState("other"), "");
}

TEST_P(StoreTest, StoryWritesInARolledBackBatchAreNotStored) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Put(*store, MakeDocument("a", "a"));
  Put(*store, MakeDocument("b", "b"));
  ASSERT_TRUE(store->BeginBatch().ok());
  ASSERT_TRUE(store->PutStories({MakeStory("s1", 1)}).ok());
  ASSERT_TRUE(store->PutStoryMembers({{"a", "s1", 0}}).ok());
  ASSERT_TRUE(store->PutDuplicate({"b", "a", "exact", 1}).ok());
  ASSERT_TRUE(store->PutStageState("story", "state").ok());
  EXPECT_EQ(Unassigned(*store), std::vector<std::string>{"b"});
  ASSERT_TRUE(store->RollbackBatch().ok());
  EXPECT_TRUE(store->ListStories()->empty());
  EXPECT_FALSE(store->GetStoryMember("a")->has_value());
  EXPECT_FALSE(store->GetDuplicate("b")->has_value());
  EXPECT_EQ(*store->GetStageState("story"), "");
  EXPECT_EQ(Unassigned(*store), (std::vector<std::string>{"a", "b"}));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SearchTest, testing::Values(Engine{"Sqlite", SqliteLocation}),
                         [](const testing::TestParamInfo<Engine>& info) {
                           return info.param.name;
                         });
INSTANTIATE_TEST_SUITE_P(Postgres, SearchTest, testing::Values(Engine{"Postgres", PgLocation}),
                         [](const testing::TestParamInfo<Engine>& info) {
                           return info.param.name;
                         });
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTest,
                         testing::Values(Engine{"Sqlite", SqliteLocation}),
                         [](const testing::TestParamInfo<Engine>& info) {
                           return info.param.name;
                         });
INSTANTIATE_TEST_SUITE_P(Postgres, StoreTest,
                         testing::Values(Engine{"Postgres", PgLocation}),
                         [](const testing::TestParamInfo<Engine>& info) {
                           return info.param.name;
                         });

// ---------------------------------------------------------------------------
// OpenStore and the names.

TEST(OpenStoreTest, UnreachablePostgresIsAnErrorWithoutThePassword) {
  // Port 1 on the loopback refuses at once.
  for (const char* url :
       {"postgresql://warta:s3cr%t@127.0.0.1:1/warta?connect_timeout=2",
        "postgres://warta@127.0.0.1:1/warta?password=s3cr%t&connect_timeout=2"}) {
    Result<std::unique_ptr<Store>> store = OpenStore(url);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kDatabase);
    EXPECT_NE(store.status().message().find("127.0.0.1"), std::string::npos)
        << store.status().ToString();
    EXPECT_NE(store.status().message().find("cannot connect"), std::string::npos)
        << store.status().ToString();
    EXPECT_EQ(store.status().message().find("s3cr"), std::string::npos)
        << "the password must not be echoed: " << store.status().ToString();
  }
}

TEST(OpenStoreTest, RedactsPasswords) {
  EXPECT_EQ(RedactPgUrl("postgresql://warta:secret@db.local:5432/warta"),
            "postgresql://warta:***@db.local:5432/warta");
  EXPECT_EQ(RedactPgUrl("postgresql://warta@db.local/warta?password=pw&x=1"),
            "postgresql://warta@db.local/warta?password=***&x=1");
  EXPECT_EQ(RedactPgUrl("postgresql://db.local/warta"),
            "postgresql://db.local/warta");
  EXPECT_EQ(StoreLocationForDisplay("postgres://w:pw@h/d"), "postgres://w:***@h/d");
  EXPECT_EQ(StoreLocationForDisplay("dir/warta.db"), "dir/warta.db");
  // The password never shows, even decoded.
  EXPECT_EQ(RedactPgUrl("postgresql://w:p%40ss@db.local/p@ss"),
            "postgresql://w:***@db.local/***");
}

TEST(OpenStoreTest, EmptyLocationIsRefused) {
  EXPECT_EQ(OpenStore("").status().code(), StatusCode::kInvalidArgument);
}

TEST(NamesTest, OutcomesAndKinds) {
  EXPECT_STREQ(PutOutcomeName(PutOutcome::kInserted), "inserted");
  EXPECT_STREQ(PutOutcomeName(PutOutcome::kUnchanged), "unchanged");
  EXPECT_STREQ(PutOutcomeName(PutOutcome::kDuplicate), "duplicate");
  EXPECT_STREQ(PutOutcomeName(PutOutcome::kUpdated), "updated");
  EXPECT_STREQ(ContentKindName(ContentKind::kText), "text");
  EXPECT_STREQ(ContentKindName(ContentKind::kHtml), "html");
}


}  // namespace
}  // namespace warta
