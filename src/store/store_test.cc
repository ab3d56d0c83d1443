// Tests of the store: one suite of the Store interface, run on every engine
// (INSTANTIATE_TEST_SUITE_P below: SQLite and PostgreSQL), then tests of the
// SQLite file itself (versions, migrations, foreign or damaged files), which
// forge files with SQLite directly, and of the PostgreSQL engine (versions,
// concurrent writers and openers, a connection dropped mid-batch). SQLite
// tests use real files in a temporary directory; PostgreSQL tests use a real
// server the test starts itself (pg_test_server.h), one database per test.
// The crash tests fork a child that dies mid-batch.
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
#include "warta/document.h"
#include "warta/hash.h"
#include "warta/offset_map.h"
#include "warta/status.h"

namespace warta {
namespace {

namespace fs = std::filesystem;

// A fresh directory under $TMPDIR, removed with its contents at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (fs::temp_directory_path() / "warta-store-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr) << "mkdtemp " << pattern;
    if (made != nullptr) path_ = made;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A document with every field set, its hash computed from `content`.
Document MakeDocument(const std::string& id, const std::string& content) {
  Document doc;
  doc.id = id;
  doc.origin = "corpus/" + id + ":7";
  doc.content = content;
  doc.content_hash = ContentHash(content);
  doc.kind = ContentKind::kHtml;
  doc.text = "Clean text of " + id + ".\n\nSecond paragraph \xc3\xa9.";
  doc.map.AddCopy(0, 3, 10);
  doc.map.AddReplacement(10, 3, 20, 1);
  doc.map.AddCopy(13, 40, 5);
  doc.meta.title = "Title of " + id;
  doc.meta.author = "Siti Rahma";
  doc.meta.outlet = "Liputan6";
  doc.meta.dateline = "Kyiv";
  doc.meta.published = "2024-10-18";
  doc.meta.modified = "2024-10-19";
  doc.meta.url = "https://example.com/" + id;
  doc.meta.lang = "id";
  doc.meta.provenance = {{"published", "text:day-date"}, {"outlet", "jsonl"}};
  doc.ingested_at = 1729300000;
  return doc;
}

void ExpectSameDocument(const Document& got, const Document& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.origin, want.origin);
  EXPECT_EQ(got.content_hash, want.content_hash);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.content, want.content);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.map, want.map);
  EXPECT_EQ(got.meta.title, want.meta.title);
  EXPECT_EQ(got.meta.author, want.meta.author);
  EXPECT_EQ(got.meta.outlet, want.meta.outlet);
  EXPECT_EQ(got.meta.dateline, want.meta.dateline);
  EXPECT_EQ(got.meta.published, want.meta.published);
  EXPECT_EQ(got.meta.modified, want.meta.modified);
  EXPECT_EQ(got.meta.url, want.meta.url);
  EXPECT_EQ(got.meta.lang, want.meta.lang);
  EXPECT_EQ(got.meta.provenance, want.meta.provenance);
  EXPECT_EQ(got.ingested_at, want.ingested_at);
}

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

Claim SampleClaim(uint64_t at, double value);  // below, with the claim tests

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

std::string SqliteLocation(const fs::path& dir) {
  return (dir / "warta.db").string();
}

// Stops the test server, if a test started one, when the tests are done.
class PgEnvironment : public testing::Environment {
 public:
  void TearDown() override { PgTestServer::StopShared(); }
};
testing::Environment* const kPgEnvironment = testing::AddGlobalTestEnvironment(new PgEnvironment);

// A new database on the test server. Without a server (PostgreSQL not
// installed) the test fails, naming scripts/install-deps.sh, and gets a URL
// that refuses connections at once.
std::string PgLocation(const fs::path& /*dir*/) {
  Result<PgTestServer*> server = PgTestServer::Shared();
  if (!server.ok()) {
    ADD_FAILURE() << server.status().ToString();
    return "postgresql://postgres@127.0.0.1:1/unavailable";
  }
  Result<std::string> url = (*server)->NewDatabase();
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return "postgresql://postgres@127.0.0.1:1/unavailable";
  }
  return *url;
}

// ---------------------------------------------------------------------------
// Claims.

Claim SampleClaim(uint64_t at, double value) {
  Claim c;
  c.doc = "ignored";
  c.start = at;
  c.end = at + 20;
  c.text_start = at + 1;
  c.text_end = at + 21;
  c.quote = "mengirim 3.000 tentara";
  c.value = value;
  c.min = value;
  c.max = std::nullopt;  // open, as "lebih dari"
  c.qualifier = "more_than";
  c.what = "troops";
  c.what_text = "tentara";
  c.location = "RU";
  c.source = "NIS";
  c.source_mention = "Badan Intelijen Nasional";
  c.via = {"media Korea Selatan", "Yonhap"};
  c.cue = "mengutip";
  c.stance = "asserts";
  c.said_date = "2024-10-18";
  c.lang = "id";
  return c;
}

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

SearchQuery SearchFor(const std::string& text, const std::string& lang = "",
                      std::vector<std::string> stems = {}) {
  SearchQuery query;
  query.text = text;
  query.lang = lang;
  query.stems = std::move(stems);
  return query;
}

// A document for the search tests: `text` in language `lang`.
Document SearchDocument(const std::string& id, const std::string& lang, const std::string& title,
                        const std::string& text, const std::string& stems = "") {
  Document doc = MakeDocument(id, id + ": " + text);
  doc.meta.lang = lang;
  doc.meta.title = title;
  doc.text = text;
  doc.index_stems = stems;
  return doc;
}

std::vector<std::string> HitIds(Store& store, const SearchQuery& query) {
  Result<std::vector<SearchHit>> hits = store.Search(query);
  EXPECT_TRUE(hits.ok()) << query.text << ": " << hits.status().ToString();
  std::vector<std::string> ids;
  if (hits.ok()) {
    for (const SearchHit& hit : *hits) ids.push_back(hit.id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

using Ids = std::vector<std::string>;

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

// Queued article `i`, every field set; content with a NUL and invalid UTF-8.
RawArticle MakeRaw(int i) {
  RawArticle raw;
  raw.id = "raw" + std::to_string(i);
  raw.origin = "feed.jsonl:" + std::to_string(i);
  raw.content = std::string("<p>article\0\xff ", 14) + std::to_string(i);
  raw.kind = i % 2 == 0 ? ContentKind::kHtml : ContentKind::kText;
  raw.url = "https://example.com/" + raw.id;
  raw.outlet = "Suara";
  raw.published = "2024-10-2" + std::to_string(i % 10);
  raw.title = "Judul " + std::to_string(i);
  raw.lang = "id";
  raw.author = i % 2 == 0 ? "Rina Sari, Budi" : "";  // "" is stored as NULL
  raw.charset = i % 2 == 0 ? "windows-1252" : "";
  raw.repaired_bytes = static_cast<size_t>(i);
  return raw;
}

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
          (*store)->RollbackBatch();
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

StoryRecord MakeStory(const std::string& id, int64_t size) {
  StoryRecord story;
  story.id = id;
  story.label = "Korea Utara kirim tentara (" + id + ")";
  story.size = size;
  story.first_seen = "2024-10-18";
  story.last_seen = "2024-10-24";
  story.languages = {"en", "id"};
  return story;
}

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

// ---------------------------------------------------------------------------
// The SQLite file: forged with SQLite directly.

// A plain SQLite connection for forging and inspecting files.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    int rc = sqlite3_open(path.c_str(), &db_);
    EXPECT_EQ(rc, SQLITE_OK) << path << ": " << sqlite3_errmsg(db_);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(const std::string& sql) {
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db_);
  }

  // The first column of the first row as text; "" when there is no row.
  std::string Query(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr),
              SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db_);
    std::string value;
    if (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      if (text != nullptr) value = reinterpret_cast<const char*>(text);
    }
    sqlite3_finalize(stmt);
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

class SqliteFileTest : public testing::Test {
 protected:
  std::string Path(const std::string& name = "warta.db") const {
    return (dir_.path() / name).string();
  }

  // Expects OpenStore(path) to fail with a database error naming the path
  // and containing `words`.
  void ExpectRefused(const std::string& path, const std::string& words) {
    Result<std::unique_ptr<Store>> store = OpenStore(path);
    ASSERT_FALSE(store.ok()) << path << " was opened";
    EXPECT_EQ(store.status().code(), StatusCode::kDatabase)
        << store.status().ToString();
    EXPECT_NE(store.status().message().find(path), std::string::npos)
        << store.status().ToString();
    EXPECT_NE(store.status().message().find(words), std::string::npos)
        << store.status().ToString();
  }

  TempDir dir_;
};

TEST_F(SqliteFileTest, NewFileHasSchemaBookkeepingAndWal) {
  {
    Result<std::unique_ptr<Store>> store = OpenStore(Path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
  }
  RawDb db(Path());
  EXPECT_EQ(db.Query("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.Query("PRAGMA user_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(db.Query("SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(kSchemaVersion));
  EXPECT_EQ(db.Query("SELECT MAX(version) FROM schema_migrations"),
            std::to_string(kSchemaVersion));
  EXPECT_EQ(db.Query("SELECT COUNT(*) FROM schema_migrations "
                     "WHERE applied_at > 1700000000"),
            std::to_string(kSchemaVersion));
  EXPECT_EQ(db.Query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                     "AND name IN ('documents_published', 'documents_outlet')"),
            "2");
}

TEST_F(SqliteFileTest, UnknownMetadataIsNullAndContentIsABlob) {
  {
    Result<std::unique_ptr<Store>> store = OpenStore(Path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Document doc = MakeDocument("a", std::string("x\0y", 3));
    doc.meta.author.clear();
    ASSERT_TRUE((*store)->PutDocument(doc).ok());
  }
  RawDb db(Path());
  EXPECT_EQ(db.Query("SELECT author IS NULL FROM documents"), "1");
  EXPECT_EQ(db.Query("SELECT typeof(content) FROM documents"), "blob");
  EXPECT_EQ(db.Query("SELECT length(content) FROM documents"), "3");
  EXPECT_EQ(db.Query("SELECT provenance FROM documents"),
            R"({"outlet":"jsonl","published":"text:day-date"})");
}

TEST_F(SqliteFileTest, MigratesAnEmptyFileFromVersionZero) {
  WriteFile(Path(), "");
  Result<std::unique_ptr<Store>> store = OpenStore(Path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->SchemaVersion(), kSchemaVersion);
  EXPECT_TRUE((*store)->PutDocument(MakeDocument("a", "a")).ok());
}

TEST_F(SqliteFileTest, MigratesAnEmptyDatabaseFromVersionZero) {
  {
    RawDb db(Path());
    db.Exec("PRAGMA user_version = 0");
    db.Exec("VACUUM");  // writes a real, table-less database file
  }
  Result<std::unique_ptr<Store>> store = OpenStore(Path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->SchemaVersion(), kSchemaVersion);
}

// The shipped migrations plus the next version, as a later build would have.
std::vector<SqliteMigration> MigrationsWithNextVersion(std::string_view sql) {
  std::vector<SqliteMigration> list(SqliteMigrations().begin(),
                                    SqliteMigrations().end());
  list.push_back({kSchemaVersion + 1, "test: next", sql});
  return list;
}

TEST_F(SqliteFileTest, MigratesVersionOneAndKeepsData) {
  // A file as the first release wrote it: the version 1 script, one row.
  {
    RawDb db(Path());
    db.Exec(std::string(SqliteMigrations()[0].sql));
    db.Exec("INSERT INTO schema_migrations VALUES (1, 0)");
    db.Exec("INSERT INTO documents (id, origin, content_hash, kind, content, text, "
            "offset_map, content_bytes, text_bytes, ingested_at) VALUES ('a', 'a.txt', "
            "'00112233445566778899aabbccddeeff', 'text', x'61', 'a', x'00', 1, 1, 0)");
    db.Exec("PRAGMA user_version = 1");
  }
  {
    Result<std::unique_ptr<Store>> store = OpenStore(Path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(*(*store)->SchemaVersion(), kSchemaVersion);
    EXPECT_EQ(*(*store)->CountDocuments(), 1);
    EXPECT_EQ(*(*store)->ClaimsVersion("a"), std::optional<int>(0));
  }
  {
    RawDb db(Path());
    std::string versions;
    for (int v = 1; v <= kSchemaVersion; ++v) {
      versions += (v > 1 ? "," : "") + std::to_string(v);
    }
    EXPECT_EQ(db.Query("SELECT group_concat(version) FROM "
                       "(SELECT version FROM schema_migrations ORDER BY 1)"),
              versions);
    // Foreign keys are on in Warta's connections; this one checks the table.
    EXPECT_EQ(
        db.Query("SELECT COUNT(*) FROM pragma_foreign_key_list('claims')"),
        "1");
  }
  // A later build's migration applies on top; this build then refuses the
  // file as newer than it knows.
  std::vector<SqliteMigration> later =
      MigrationsWithNextVersion("CREATE TABLE later_things (id INTEGER PRIMARY KEY);");
  {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(Path(), later);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(*(*store)->SchemaVersion(), kSchemaVersion + 1);
    EXPECT_EQ(*(*store)->CountDocuments(), 1);
  }
  ASSERT_TRUE(OpenSqliteStore(Path(), later).ok());
  ExpectRefused(Path(), "newer");
}

// Two documents as version 2 stored them: an Indonesian one stored first
// but ingested later, and an English one.
constexpr std::string_view kVersionTwoDocuments =
    "INSERT INTO documents (id, origin, content_hash, kind, content, text, offset_map, lang, "
    "content_bytes, text_bytes, ingested_at) VALUES "
    "('id1', 'id1.txt', '00112233445566778899aabbccddeeff', 'text', 'id1', "
    "'Pasukan dikirim ke perbatasan.', '', 'id', 3, 30, 200), "
    "('en1', 'en1.txt', '00112233445566778899aabbccddee00', 'text', 'en1', "
    "'Troops were running drills near the border.', '', 'en', 3, 43, 100)";

TEST_F(SqliteFileTest, MigratesVersionTwoWithDocuments) {
  // A file as the previous release left it, with documents: the id one
  // stored first.
  {
    RawDb db(Path());
    db.Exec(std::string(SqliteMigrations()[0].sql));
    db.Exec(std::string(SqliteMigrations()[1].sql));
    db.Exec("INSERT INTO schema_migrations VALUES (1, 0), (2, 0)");
    db.Exec(std::string(kVersionTwoDocuments));
    db.Exec(
        "INSERT INTO claims (doc_id, seq, start_byte, end_byte, text_start, text_end, "
        "quote, what, source, stance) VALUES ('en1', 0, 0, 1, 0, 1, 'T', 'troops', "
        "'OUTLET', 'asserts')");
    db.Exec("UPDATE documents SET claims_version = 2 WHERE id = 'en1'");
    db.Exec("PRAGMA user_version = 2");
  }
  {
    Result<std::unique_ptr<Store>> opened = OpenStore(Path());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    Store& store = **opened;
    EXPECT_EQ(*store.SchemaVersion(), kSchemaVersion);
    EXPECT_EQ(*store.ClaimsVersion("en1"), std::optional<int>(2));
    // Ingest order is the order the rows were stored.
    EXPECT_EQ(*store.ListUnassigned(10), (std::vector<std::string>{"id1", "en1"}));
    Result<std::vector<SearchHit>> hits = store.Search(SearchFor("run"));
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    ASSERT_EQ(hits->size(), 1u);
    EXPECT_EQ((*hits)[0].id, "en1");
    EXPECT_EQ(store.Search(SearchFor("pasukan"))->size(), 1u);
    ASSERT_TRUE(store.PutDocument(MakeDocument("new", "new")).ok());
    EXPECT_EQ(*store.ListUnassigned(10), (std::vector<std::string>{"id1", "en1", "new"}));
  }
  RawDb db(Path());
  EXPECT_EQ(db.Query("SELECT group_concat(seq) FROM (SELECT seq FROM documents ORDER BY seq)"),
            "1,2,3");
  // The index agrees with the documents (an error otherwise).
  db.Exec("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')");
}

// An article queued by version 3, which kept neither author nor charset.
constexpr std::string_view kVersionThreeQueuedArticle =
    "INSERT INTO queue (id, origin, kind, content, url, outlet, published, title, lang, "
    "enqueued_at) VALUES ('old', 'old.jsonl:1', 'html', 'old', 'https://x.id/old', 'Suara', "
    "'2024-10-20', 'Lama', 'id', 100)";

// Checks a store just migrated from version 3 holding that article: it is
// claimed with no author or charset, and new articles keep theirs.
void ExpectQueueMigratedFromVersionThree(Store& store) {
  EXPECT_EQ(*store.SchemaVersion(), kSchemaVersion);
  ASSERT_TRUE(store.Enqueue(MakeRaw(0)).ok());
  ASSERT_TRUE(store.BeginBatch().ok());
  Result<std::vector<QueuedArticle>> claimed = store.ClaimQueued(5);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->size(), 2u);
  const RawArticle& old = (*claimed)[0].raw;
  EXPECT_EQ(old.id, "old");
  EXPECT_EQ(old.outlet, "Suara");
  EXPECT_EQ(old.published, "2024-10-20");
  EXPECT_EQ(old.author, "");
  EXPECT_EQ(old.charset, "");
  const RawArticle& added = (*claimed)[1].raw;
  EXPECT_EQ(added.id, "raw0");
  EXPECT_EQ(added.author, "Rina Sari, Budi");
  EXPECT_EQ(added.charset, "windows-1252");
  ASSERT_TRUE(store.RollbackBatch().ok());
}

TEST_F(SqliteFileTest, MigratesVersionThreeWithQueuedArticles) {
  {
    RawDb db(Path());
    for (int v = 0; v < 3; ++v) db.Exec(std::string(SqliteMigrations()[v].sql));
    db.Exec("INSERT INTO schema_migrations VALUES (1, 0), (2, 0), (3, 0)");
    db.Exec(std::string(kVersionThreeQueuedArticle));
    db.Exec("PRAGMA user_version = 3");
  }
  Result<std::unique_ptr<Store>> opened = OpenStore(Path());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ExpectQueueMigratedFromVersionThree(**opened);
}

// Puts `doc`, expecting the store to take it.
PutResult PutOk(Store& store, const Document& doc) {
  Result<PutResult> put = store.PutDocument(doc);
  EXPECT_TRUE(put.ok()) << doc.id << ": " << put.status().ToString();
  return put.ok() ? *put : PutResult{};
}

TEST_F(SqliteFileTest, MigratesVersionFourMovingLargeColumnsLast) {
  // A version 4 file with documents, claims, stories, a copy link and a
  // search index, written by this code through the first four migrations.
  {
    Result<std::unique_ptr<Store>> v4 = OpenSqliteStore(Path(), SqliteMigrations().first(4));
    ASSERT_TRUE(v4.ok()) << v4.status().ToString();
    Store& store = **v4;
    PutOk(store, SearchDocument("a", "id", "Banjir Dompu", "Banjir merendam Dompu.", "banjir rendam dompu"));
    PutOk(store, SearchDocument("b", "en", "Flood", "Floods reached Dompu."));
    PutOk(store, SearchDocument("c", "id", "Banjir", "Banjir merendam Dompu lagi.", "banjir rendam dompu lagi"));
    ASSERT_TRUE(store.PutClaims("a", {SampleClaim(5, 3000)}, 7).ok());
    ASSERT_TRUE(store.PutClaims("b", {SampleClaim(1, 1500), SampleClaim(9, 12)}, 7).ok());
    ASSERT_TRUE(store.PutStories({MakeStory("s1", 3)}).ok());
    ASSERT_TRUE(store.PutStoryMembers({{"a", "s1", 0}, {"b", "s1", 0.4}, {"c", "s1", 0.9}}).ok());
    ASSERT_TRUE(store.PutDuplicate({"c", "a", "near", 0.9}).ok());
  }
  {
    RawDb db(Path());
    ASSERT_EQ(db.Query("PRAGMA user_version"), "4");
  }
  Result<std::unique_ptr<Store>> opened = OpenStore(Path());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  RawDb db(Path());
  EXPECT_EQ(db.Query("PRAGMA user_version"), std::to_string(kSchemaVersion));
  // The metadata now leads, the large columns close the record.
  auto column = [&](const char* name) {
    return std::stoi(db.Query(std::string("SELECT cid FROM pragma_table_info('documents') "
                                          "WHERE name = '") + name + "'"));
  };
  EXPECT_LT(column("seq"), column("index_stems"));
  EXPECT_LT(column("ingested_at"), column("content"));
  EXPECT_LT(column("index_stems"), column("content"));
  EXPECT_LT(column("content"), column("text"));
  EXPECT_LT(column("text"), column("offset_map"));
  // Nothing lost: claims (the old table's drop cascades nothing), stories,
  // the copy link, the documents whole, and the search index agrees.
  Result<std::vector<Claim>> claims = store.ListClaims({"a", "b"});
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(claims->size(), 3u);
  Result<std::vector<StoryMember>> members = store.ListStoryMembers("s1");
  ASSERT_TRUE(members.ok()) << members.status().ToString();
  ASSERT_EQ(members->size(), 3u);
  EXPECT_EQ((*members)[0].doc_id, "a") << "still in ingest order";
  EXPECT_EQ((*members)[2].doc_id, "c");
  Result<std::optional<DuplicateLink>> dup = store.GetDuplicate("c");
  ASSERT_TRUE(dup.ok() && dup->has_value());
  EXPECT_EQ((*dup)->original_id, "a");
  Result<std::optional<Document>> a = store.GetDocument("a");
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->text, "Banjir merendam Dompu.");
  EXPECT_EQ((*a)->meta.title, "Banjir Dompu");
  db.Exec("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')");
  db.Exec("INSERT INTO documents_fts_en (documents_fts_en) VALUES ('integrity-check')");
  EXPECT_EQ(db.Query("SELECT COUNT(*) FROM pragma_foreign_key_check"), "0");
  EXPECT_EQ(db.Query("PRAGMA foreign_keys"), "0") << "another connection's own setting";
  EXPECT_EQ(HitIds(store, SearchFor("dompu")), (Ids{"a", "b", "c"}));
  EXPECT_EQ(HitIds(store, SearchFor("flood")), (Ids{"b"}));
  // The triggers were made again: writes keep the index in step.
  PutOk(store, SearchDocument("d", "id", "Longsor", "Longsor di Dompu.", "longsor dompu"));
  EXPECT_EQ(HitIds(store, SearchFor("longsor")), (Ids{"d"}));
  db.Exec("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')");
  // Deleting through the store's connection (foreign keys on) still cascades.
  Document changed = SearchDocument("a", "id", "Banjir Dompu", "Teks baru.", "teks baru");
  changed.content = "new";
  changed.content_hash = ContentHash("new");
  EXPECT_EQ(PutOk(store, changed).outcome, PutOutcome::kUpdated);
  Result<std::vector<Claim>> after = store.ListClaims({"a"});
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty()) << "an updated document's claims are gone until extracted again";
}

// Search scores by document id, for an Indonesian-only query.
std::map<std::string, double> Scores(Store& store, const std::string& text) {
  std::map<std::string, double> scores;
  SearchQuery query = SearchFor(text, "id");
  query.limit = 10000;
  Result<std::vector<SearchHit>> hits = store.Search(query);
  EXPECT_TRUE(hits.ok()) << hits.status().ToString();
  if (hits.ok()) {
    for (const SearchHit& hit : *hits) scores[hit.id] = hit.score;
  }
  return scores;
}

// FTS5's own bm25() of document `id` for `word`, negated (higher is better).
double Fts5Bm25(RawDb& db, const std::string& word, const std::string& id) {
  return -std::stod(
      db.Query("SELECT bm25(documents_fts, 4.0, 1.0, 1.0) FROM documents_fts JOIN documents AS d "
               "ON d.seq = documents_fts.rowid WHERE documents_fts MATCH '{title text} : \"" +
               word + "\"' AND d.id = '" + id + "'"));
}

TEST_F(SqliteFileTest, RankingIsFts5Bm25WithEstimatedCounts) {
  // 7,500 documents: "umum" in every third one (2,500: more than the
  // kIdfSampleRows documents read per word, which alone would make its
  // weight far too high), "langka" in every 625th, spread evenly over the
  // ingest order, so the estimate of "umum" is close.
  {
    Result<std::unique_ptr<Store>> store = OpenStore(Path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->BeginBatch().ok());
    for (int i = 0; i < 7500; ++i) {
      std::string text = "berita nomor " + std::to_string(i);
      if (i % 3 == 0) text += " umum";
      if (i % 3 == 0 && i % 2 == 0) text += " umum";  // frequencies differ
      if (i % 625 == 0) text += " langka";
      Document doc = SearchDocument("d" + std::to_string(i), "id", "", text);
      ASSERT_TRUE((*store)->PutDocument(doc).ok());
    }
    ASSERT_TRUE((*store)->CommitBatch().ok());
    // Exact counts (below the sample): the same scores as bm25().
    std::map<std::string, double> rare = Scores(**store, "langka");
    ASSERT_EQ(rare.size(), 12u);
    RawDb db(Path());
    for (const auto& [id, score] : rare) EXPECT_NEAR(score, Fts5Bm25(db, "langka", id), 1e-9) << id;
    // Estimated counts: close to bm25(), and the same order.
    std::map<std::string, double> common = Scores(**store, "umum");
    static_assert(kIdfSampleRows < 2500);
    ASSERT_EQ(common.size(), 1000u) << "the newest 1,000 matches (kSearchCandidates)";
    for (const char* id : {"d7497", "d7494", "d7491", "d7488"}) {
      double want = Fts5Bm25(db, "umum", id);
      EXPECT_NEAR(common[id], want, 0.02 * want) << id;
    }
    EXPECT_GT(common["d7494"], common["d7497"]) << "twice the word ranks higher";
  }
}

TEST_F(SqliteFileTest, OptimisingMergesTheSearchIndexIntoOneBTree) {
  Result<std::unique_ptr<Store>> store = OpenStore(Path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  for (int b = 0; b < 30; ++b) {
    ASSERT_TRUE((*store)->BeginBatch().ok());
    for (int i = 0; i < 20; ++i) {
      std::string n = std::to_string(b * 20 + i);
      Document doc = SearchDocument("d" + n, i % 4 ? "id" : "en", "", "berita nomor " + n);
      ASSERT_TRUE((*store)->PutDocument(doc).ok());
    }
    ASSERT_TRUE((*store)->CommitBatch().ok());
  }
  RawDb db(Path());
  auto btrees = [&](const std::string& table) {
    return std::stoi(db.Query("SELECT COUNT(DISTINCT segid) FROM " + table + "_idx"));
  };
  EXPECT_GT(btrees("documents_fts"), 2);
  EXPECT_GT(btrees("documents_fts_en"), 2);
  ASSERT_TRUE((*store)->OptimizeSearch().ok());
  EXPECT_EQ(btrees("documents_fts"), 1);
  EXPECT_EQ(btrees("documents_fts_en"), 1);
  db.Exec("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')");
  db.Exec("INSERT INTO documents_fts_en (documents_fts_en) VALUES ('integrity-check')");
  EXPECT_EQ(HitIds(**store, SearchFor("nomor", "id")).size(), 20u);
}

TEST_F(SqliteFileTest, SearchFoldsDiacritics) {
  // PostgreSQL's 'simple' configuration folds case only (docs/schema.md).
  Result<std::unique_ptr<Store>> store = OpenStore(Path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE(
      (*store)->PutDocument(SearchDocument("a", "fr", "", "Un caf\xc3\xa9 cr\xc3\xa8me.")).ok());
  EXPECT_EQ(HitIds(**store, SearchFor("cafe creme")), (Ids{"a"}));
  EXPECT_EQ(HitIds(**store, SearchFor("CAF\xc3\x89")), (Ids{"a"}));
  // After an update the index still agrees with the documents exactly.
  Document changed = SearchDocument("a", "id", "Judul", "Teks baru.", "teks baru");
  changed.content_hash = ContentHash("other");
  ASSERT_EQ((*store)->PutDocument(changed)->outcome, PutOutcome::kUpdated);
  ASSERT_TRUE((*store)->PutDocument(SearchDocument("b", "en", "T", "Words.")).ok());
  RawDb db(Path());
  db.Exec("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')");
  EXPECT_EQ(HitIds(**store, SearchFor("cafe")), Ids{});
}

TEST_F(SqliteFileTest, FailedMigrationLeavesThePreviousVersion) {
  ASSERT_TRUE(OpenStore(Path()).ok());
  std::vector<SqliteMigration> broken = MigrationsWithNextVersion(
      "CREATE TABLE half_done (x INTEGER); THIS IS NOT SQL;");
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(Path(), broken);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDatabase);
  EXPECT_NE(store.status().message().find("version " + std::to_string(kSchemaVersion + 1)),
            std::string::npos)
      << store.status().ToString();
  {
    RawDb db(Path());
    EXPECT_EQ(db.Query("PRAGMA user_version"), std::to_string(kSchemaVersion));
    EXPECT_EQ(db.Query("SELECT COUNT(*) FROM sqlite_master "
                       "WHERE name = 'half_done'"),
              "0");
    EXPECT_EQ(db.Query("SELECT MAX(version) FROM schema_migrations"),
              std::to_string(kSchemaVersion));
  }
  EXPECT_TRUE(OpenStore(Path()).ok());
}

TEST_F(SqliteFileTest, RefusesAFileFromTheFuture) {
  {
    RawDb db(Path());
    db.Exec("CREATE TABLE documents (id TEXT PRIMARY KEY)");
    db.Exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
  }
  ExpectRefused(Path(), "newer");
  // Refused before anything was changed: still in rollback-journal mode.
  RawDb db(Path());
  EXPECT_EQ(db.Query("PRAGMA journal_mode"), "delete");
  EXPECT_EQ(db.Query("PRAGMA user_version"),
            std::to_string(kSchemaVersion + 1));
}

TEST_F(SqliteFileTest, RefusesAGarbageFile) {
  std::string garbage;
  for (int i = 0; i < 200; ++i) garbage += "this is not a database. ";
  WriteFile(Path(), garbage);
  ExpectRefused(Path(), "not a SQLite database");
  EXPECT_EQ(ReadFile(Path()), garbage) << "the file was changed";
}

TEST_F(SqliteFileTest, RefusesShortAndBinaryGarbage) {
  WriteFile(Path("short.db"), "hello");
  ExpectRefused(Path("short.db"), "not a SQLite database");
  WriteFile(Path("gzip.db"), std::string("\x1f\x8b\x08\0\0\0\0\0\0\x03", 10));
  ExpectRefused(Path("gzip.db"), "not a SQLite database");
}

TEST_F(SqliteFileTest, RefusesADamagedStore) {
  {
    Result<std::unique_ptr<Store>> store = OpenStore(Path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (int i = 0; i < 20; ++i) {
      std::string id = "doc" + std::to_string(i);
      ASSERT_TRUE((*store)->PutDocument(MakeDocument(id, id)).ok());
    }
  }  // the last close checkpoints the WAL into the file
  ASSERT_FALSE(fs::exists(Path() + "-wal"));
  // Overwrite the schema page after the 100-byte file header.
  std::string bytes = ReadFile(Path());
  ASSERT_GT(bytes.size(), 4096u);
  for (size_t i = 100; i < 4096; ++i) bytes[i] = '\xa5';
  WriteFile(Path(), bytes);
  ExpectRefused(Path(), "damaged");
}

TEST_F(SqliteFileTest, RefusesAnotherProgramsDatabase) {
  {
    RawDb db(Path());
    db.Exec("CREATE TABLE people (name TEXT)");
  }
  ExpectRefused(Path(), "not a Warta store");
  RawDb db(Path());
  EXPECT_EQ(db.Query("SELECT COUNT(*) FROM sqlite_master "
                     "WHERE name = 'documents'"),
            "0");
}

TEST_F(SqliteFileTest, RefusesADirectory) {
  ExpectRefused(dir_.path().string(), "cannot open");
}

TEST_F(SqliteFileTest, RefusesAMissingDirectory) {
  ExpectRefused(Path("no/such/dir/warta.db"), "cannot open");
}

// Opened for reading only (what `warta serve` without a token does): reads
// work, a write says the database is read-only before any SQL, and the file
// is left byte for byte as it was, even in rollback-journal mode (before:
// the open switched it to WAL, rewriting its header).
TEST_F(SqliteFileTest, ReadOnlyAccessWritesNothing) {
  {
    Result<std::unique_ptr<Store>> store = OpenStore(Path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->PutDocument(MakeDocument("a", "first article")).ok());
  }
  RawDb(Path()).Exec("PRAGMA journal_mode = DELETE");
  auto slurp = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string before = slurp(Path());
  {
    Result<std::unique_ptr<Store>> store = OpenStore(Path(), StoreAccess::kReadOnly);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(*(*store)->CountDocuments(), 1);
    Result<PutResult> put = (*store)->PutDocument(MakeDocument("b", "second article"));
    ASSERT_FALSE(put.ok());
    EXPECT_EQ(put.status().message(),
              "database is read-only: " + Path() + " (opened for reading only)");
    EXPECT_FALSE((*store)->BeginBatch().ok());
  }
  EXPECT_TRUE(slurp(Path()) == before) << "the file changed";
  EXPECT_EQ(RawDb(Path()).Query("PRAGMA journal_mode"), "delete");
  // A missing file is not created.
  EXPECT_FALSE(OpenStore(Path("missing.db"), StoreAccess::kReadOnly).ok());
  EXPECT_FALSE(std::filesystem::exists(Path("missing.db")));
}

// ---------------------------------------------------------------------------
// The PostgreSQL engine: a real server, one database per test, forged with
// plain SQL through PgTestServer::Query.

class PgStoreTest : public testing::Test {
 protected:
  void SetUp() override { url_ = PgLocation(dir_.path()); }

  std::unique_ptr<Store> Open(const std::string& url) {
    Result<std::unique_ptr<Store>> store = OpenStore(url);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return nullptr;
    return std::move(store).value();
  }

  // The first column of the first row of `sql` on the test's database.
  std::string Query(const std::string& sql) {
    Result<std::string> value = PgTestServer::Query(url_, sql);
    EXPECT_TRUE(value.ok()) << value.status().ToString();
    return value.ok() ? *value : std::string();
  }

  // Expects OpenStore(url_) to fail with a database error containing `words`.
  void ExpectRefused(const std::string& words) {
    Result<std::unique_ptr<Store>> store = OpenStore(url_);
    ASSERT_FALSE(store.ok()) << url_ << " was opened";
    EXPECT_EQ(store.status().code(), StatusCode::kDatabase) << store.status().ToString();
    EXPECT_NE(store.status().message().find(url_), std::string::npos) << store.status().ToString();
    EXPECT_NE(store.status().message().find(words), std::string::npos) << store.status().ToString();
  }

  TempDir dir_;
  std::string url_;
};

TEST_F(PgStoreTest, NewDatabaseHasTheSchemaInPostgresTypes) {
  ASSERT_NE(Open(url_), nullptr);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM schema_migrations"), std::to_string(kSchemaVersion));
  EXPECT_EQ(Query("SELECT MAX(version) FROM schema_migrations"), std::to_string(kSchemaVersion));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM schema_migrations "
                  "WHERE applied_at > 1700000000"),
            std::to_string(kSchemaVersion));
  auto type = [&](const std::string& table, const std::string& column) {
    return Query(
        "SELECT data_type FROM information_schema.columns WHERE "
        "table_name = '" +
        table + "' AND column_name = '" + column + "'");
  };
  EXPECT_EQ(type("documents", "content"), "bytea");
  EXPECT_EQ(type("documents", "offset_map"), "bytea");
  EXPECT_EQ(type("documents", "text"), "text");
  EXPECT_EQ(type("documents", "ingested_at"), "bigint");
  EXPECT_EQ(type("claims", "value"), "double precision");
  EXPECT_EQ(Query("SELECT collation_name FROM information_schema.columns "
                  "WHERE table_name = 'documents' AND column_name = 'id'"),
            "C");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM pg_indexes WHERE indexname IN "
                  "('documents_published', 'documents_outlet', "
                  "'claims_source', 'claims_what')"),
            "4");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM information_schema.table_constraints "
                  "WHERE table_name = 'claims' AND constraint_type = 'FOREIGN KEY'"),
            "1");
  // Version 3.
  EXPECT_EQ(type("documents", "seq"), "bigint");
  EXPECT_EQ(type("documents", "search"), "tsvector");
  EXPECT_EQ(type("queue", "content"), "bytea");
  EXPECT_EQ(type("stage_state", "state"), "bytea");
  EXPECT_EQ(type("story_members", "similarity"), "double precision");
  EXPECT_EQ(Query("SELECT indexdef LIKE '%USING gin (search)%' FROM pg_indexes "
                  "WHERE indexname = 'documents_search'"),
            "t");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_name "
                  "IN ('story_members', 'story_pending', 'duplicates') AND "
                  "constraint_type = 'FOREIGN KEY'"),
            "4");
}

TEST_F(PgStoreTest, UnknownMetadataIsNullAndContentIsBytes) {
  {
    std::unique_ptr<Store> store = Open(url_);
    ASSERT_NE(store, nullptr);
    Document doc = MakeDocument("a", std::string("x\0y\xff", 4));
    doc.meta.author.clear();
    ASSERT_TRUE(store->PutDocument(doc).ok());
  }
  EXPECT_EQ(Query("SELECT author IS NULL FROM documents"), "t");
  EXPECT_EQ(Query("SELECT octet_length(content) FROM documents"), "4");
  EXPECT_EQ(Query("SELECT encode(content, 'hex') FROM documents"), "780079ff");
  EXPECT_EQ(Query("SELECT provenance FROM documents"),
            R"({"outlet":"jsonl","published":"text:day-date"})");
}

TEST_F(PgStoreTest, TextThatPostgresCannotHoldIsRefusedNotCut) {
  std::unique_ptr<Store> store = Open(url_);
  ASSERT_NE(store, nullptr);
  Document nul = MakeDocument("nul", "nul");
  nul.text = std::string("before\0after", 12);
  Result<PutResult> result = store->PutDocument(nul);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("text"), std::string::npos)
      << result.status().ToString();
  Document bad = MakeDocument("bad", "bad");
  bad.meta.title = "caf\xe9";
  EXPECT_EQ(store->PutDocument(bad).status().code(), StatusCode::kInvalidArgument);
  Document bad_id = MakeDocument("id\xff", "bad id");
  EXPECT_EQ(store->PutDocument(bad_id).status().code(), StatusCode::kInvalidArgument);
  // Nothing reached the database, and the store goes on.
  EXPECT_EQ(*store->CountDocuments(), 0);
  EXPECT_FALSE(store->GetDocument("id\xff")->has_value());
  EXPECT_EQ(store->PutDocument(MakeDocument("ok", "ok"))->outcome, PutOutcome::kInserted);
}

// Document `i` of the concurrency tests: doc{i} for i < 100 has content i,
// and doc{1000 + i} repeats the content of doc{i}.
Document SharedDocument(int i) {
  int content = i >= 1000 ? i - 1000 : i;
  return MakeDocument("doc" + std::to_string(i), "shared content " + std::to_string(content));
}

TEST_F(PgStoreTest, ConcurrentWritersStoreEachDocumentOnce) {
  // Four writers, each with its own connection, put the same 120 documents
  // (100 ids plus 15 copies of their contents under other ids), each in its
  // own order and at once; half of them give nine documents (none of them
  // copied) another content.
  ASSERT_NE(Open(url_), nullptr);  // migrated before the race
  std::vector<int> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(i);
  for (int i = 1000; i < 1100; i += 7) ids.push_back(i);
  constexpr int kWriters = 4;
  std::atomic<int> errors{0}, inserted{0}, updated{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      Result<std::unique_ptr<Store>> store = OpenStore(url_);
      if (!store.ok()) {
        ++errors;
        return;
      }
      std::vector<int> order = ids;
      std::rotate(order.begin(), order.begin() + w * 31 % order.size(), order.end());
      if (w % 2 == 1) std::reverse(order.begin(), order.end());
      while (!go.load()) std::this_thread::yield();
      for (int i : order) {
        Document doc = SharedDocument(i);
        if (w >= 2 && i < 100 && i % 10 == 5 && i % 7 != 0) {
          doc = MakeDocument(doc.id, "changed content " + std::to_string(i));
        }
        Result<PutResult> result = (*store)->PutDocument(doc);
        if (!result.ok()) {
          ++errors;
          ADD_FAILURE() << result.status().ToString();
          continue;
        }
        inserted += result->outcome == PutOutcome::kInserted;
        updated += result->outcome == PutOutcome::kUpdated;
      }
    });
  }
  go = true;
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(inserted.load(), 100) << "each id inserted once";
  EXPECT_LE(updated.load(), 3 * 9);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM documents"), "100");
  EXPECT_EQ(Query("SELECT COUNT(DISTINCT content_hash) FROM documents"), "100");
  // Each content is held by doc{i} or by its copy doc{1000 + i} (whichever
  // came first), never both, and is one of the contents put under that id.
  std::unique_ptr<Store> store = Open(url_);
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 100; ++i) {
    SCOPED_TRACE(i);
    std::optional<Document> got = *store->GetDocument("doc" + std::to_string(i));
    std::optional<Document> copy = *store->GetDocument("doc" + std::to_string(1000 + i));
    ASSERT_NE(got.has_value(), copy.has_value());
    const Document& held = got.has_value() ? *got : *copy;
    EXPECT_TRUE(held.content == SharedDocument(i).content ||
                held.content == "changed content " + std::to_string(i))
        << held.content;
  }
}

TEST_F(PgStoreTest, ConcurrentUpdatesToTheSameContentNeverFail) {
  // Four writers keep changing "x" and their own "y<w>" among five contents,
  // so that updates race each other and inserts for the same content. Every
  // put must end in an outcome, never an error, and no content is held twice.
  ASSERT_NE(Open(url_), nullptr);
  constexpr int kWriters = 4;
  constexpr int kRounds = 40;
  std::atomic<int> errors{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      Result<std::unique_ptr<Store>> store = OpenStore(url_);
      if (!store.ok()) {
        ++errors;
        return;
      }
      for (int round = 0; round < kRounds; ++round) {
        for (const Document& doc :
             {MakeDocument("x", "v" + std::to_string((round + w) % 5)),
              MakeDocument("y" + std::to_string(w), "v" + std::to_string((round + w + 1) % 5))}) {
          Result<PutResult> result = (*store)->PutDocument(doc);
          if (!result.ok()) {
            ++errors;
            ADD_FAILURE() << result.status().ToString();
          }
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(Query("SELECT COUNT(*) = COUNT(DISTINCT content_hash) FROM documents"), "t");
  EXPECT_EQ(Query("SELECT COUNT(*) <= 5 FROM documents"), "t");
}

TEST_F(PgStoreTest, ClaimsPutWhileTheDocumentJoinsAStoryRaiseItsGeneration) {
  // One batch makes "d" a member of s2 and, before it commits, another puts
  // d's claims. The claims must raise s2's generation when they commit: a
  // ledger of s2 built between the two commits read d's old claims. Without
  // the member trigger's row lock, the claims' triggers looked for d's story
  // before the membership was committed, found none and raised nothing.
  std::unique_ptr<Store> setup = Open(url_);
  ASSERT_NE(setup, nullptr);
  for (const char* id : {"d", "e"}) ASSERT_TRUE(setup->PutDocument(MakeDocument(id, id)).ok());
  ASSERT_TRUE(setup->PutClaims("d", {SampleClaim(1, 100)}, 7).ok());
  ASSERT_TRUE(setup->PutStories({MakeStory("s2", 2)}).ok());
  ASSERT_TRUE(setup->PutStoryMembers({{"e", "s2", 0}}).ok());
  auto generation = [&] { return (*setup->GetStoryLedger("s2", 1)).generation; };

  std::unique_ptr<Store> stage = Open(url_);
  ASSERT_NE(stage, nullptr);
  ASSERT_TRUE(stage->BeginBatch().ok());
  ASSERT_TRUE(stage->PutStoryMembers({{"d", "s2", 0.5}}).ok());

  std::mutex mu;
  std::condition_variable cv;
  bool claims_put = false, commit_claims = false;
  std::thread writer([&] {
    std::unique_ptr<Store> store = Open(url_);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->BeginBatch().ok());
    Status put = store->PutClaims("d", {SampleClaim(1, 200)}, 7);
    EXPECT_TRUE(put.ok()) << put.ToString();
    std::unique_lock<std::mutex> lock(mu);
    claims_put = true;
    cv.notify_all();
    cv.wait(lock, [&] { return commit_claims; });
    EXPECT_TRUE(store->CommitBatch().ok());
  });
  {
    // The claims' put waits for the membership's batch (or, without the
    // lock, goes through at once); a second is enough to tell.
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, std::chrono::seconds(1), [&] { return claims_put; });
  }
  ASSERT_TRUE(stage->CommitBatch().ok());
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return claims_put; });
  }
  const int64_t between = generation();  // d is a member, its new claims not committed
  {
    std::lock_guard<std::mutex> lock(mu);
    commit_claims = true;
    cv.notify_all();
  }
  writer.join();
  EXPECT_GT(generation(), between) << "d's new claims left s2's ledger current";
}

TEST_F(PgStoreTest, BatchTheServerAbortsInADeadlockIsUnavailableAndNotStored) {
  // Two batches raise the generations of s1 and s2 in opposite orders: the
  // server breaks the deadlock by aborting one, which must come back as
  // kUnavailable (redo the batch), with nothing of it stored, while the
  // other commits.
  std::unique_ptr<Store> setup = Open(url_);
  ASSERT_NE(setup, nullptr);
  for (const char* id : {"a1", "a2", "b1", "b2"}) {
    ASSERT_TRUE(setup->PutDocument(MakeDocument(id, id)).ok());
  }
  ASSERT_TRUE(setup->PutStories({MakeStory("s1", 2), MakeStory("s2", 2)}).ok());
  std::mutex mu;
  std::condition_variable cv;
  int first_done = 0;
  std::vector<Status> second(2), committed(2);
  auto batch = [&](int w, const std::vector<StoryMember>& first, const StoryMember& then) {
    std::unique_ptr<Store> store = Open(url_);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->BeginBatch().ok());
    ASSERT_TRUE(store->PutStoryMembers(first).ok());
    {
      std::unique_lock<std::mutex> lock(mu);
      ++first_done;
      cv.notify_all();
      cv.wait(lock, [&] { return first_done == 2; });
    }
    second[w] = store->PutStoryMembers({then});
    committed[w] = second[w].ok() ? store->CommitBatch() : store->RollbackBatch();
  };
  std::thread one(batch, 0, std::vector<StoryMember>{{"a1", "s1", 0}}, StoryMember{"a2", "s2", 0});
  std::thread two(batch, 1, std::vector<StoryMember>{{"b1", "s2", 0}}, StoryMember{"b2", "s1", 0});
  one.join();
  two.join();
  const int aborted = second[0].ok() ? 1 : 0;
  ASSERT_FALSE(second[aborted].ok()) << "no deadlock";
  EXPECT_EQ(second[aborted].code(), StatusCode::kUnavailable) << second[aborted].ToString();
  EXPECT_TRUE(committed[aborted].ok()) << "RollbackBatch after the abort";
  EXPECT_TRUE(second[1 - aborted].ok()) << second[1 - aborted].ToString();
  EXPECT_TRUE(committed[1 - aborted].ok()) << committed[1 - aborted].ToString();
  // Only the batch that went through is stored.
  const char* kept = aborted == 0 ? "b1" : "a1";
  const char* gone = aborted == 0 ? "a1" : "b1";
  EXPECT_TRUE((*setup->GetStoryMember(kept)).has_value());
  EXPECT_FALSE((*setup->GetStoryMember(gone)).has_value());
}

TEST_F(PgStoreTest, ConcurrentBatchesStoreEachDocumentOnce) {
  // Three writers put the same 115 documents in batches of 10, in the same
  // order (opposite orders could deadlock, see docs/schema.md): a batch waits
  // for the other's uncommitted rows, then finds them stored.
  ASSERT_NE(Open(url_), nullptr);
  std::vector<int> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(i);
  for (int i = 1000; i < 1100; i += 7) ids.push_back(i);
  std::atomic<int> errors{0}, inserted{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w) {
    writers.emplace_back([&] {
      Result<std::unique_ptr<Store>> store = OpenStore(url_);
      if (!store.ok()) {
        ++errors;
        return;
      }
      for (size_t k = 0; k < ids.size(); ++k) {
        if (k % 10 == 0 && !(*store)->BeginBatch().ok()) ++errors;
        Result<PutResult> result = (*store)->PutDocument(SharedDocument(ids[k]));
        if (!result.ok()) {
          ++errors;
          ADD_FAILURE() << result.status().ToString();
        } else {
          inserted += result->outcome == PutOutcome::kInserted;
        }
        if (k % 10 == 9 || k + 1 == ids.size()) {
          Status committed = (*store)->CommitBatch();
          if (!committed.ok()) {
            ++errors;
            ADD_FAILURE() << committed.ToString();
          }
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(inserted.load(), 100);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM documents"), "100");
}

// Waits for each of `children`, expecting it to have exited with status 0.
void ExpectCleanExits(const std::vector<pid_t>& children) {
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
}

TEST_F(PgStoreTest, ConcurrentWriterProcessesStoreEachDocumentOnce) {
  // The same documents from two processes, in opposite orders.
  ASSERT_NE(Open(url_), nullptr);
  std::vector<pid_t> children;
  for (int child = 0; child < 2; ++child) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      Result<std::unique_ptr<Store>> store = OpenStore(url_);
      if (!store.ok()) _exit(10);
      for (int k = 0; k < 100; ++k) {
        int i = child == 0 ? k : 99 - k;
        if (!(*store)->PutDocument(SharedDocument(i)).ok()) _exit(11);
      }
      store->reset();
      _exit(0);
    }
    children.push_back(pid);
  }
  ASSERT_NO_FATAL_FAILURE(ExpectCleanExits(children));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM documents"), "100");
}

TEST_F(PgStoreTest, ConcurrentOpenersMigrateOnce) {
  constexpr int kOpeners = 6;
  std::atomic<int> failures{0};
  std::vector<std::thread> openers;
  for (int i = 0; i < kOpeners; ++i) {
    openers.emplace_back([&] {
      Result<std::unique_ptr<Store>> store = OpenStore(url_);
      if (!store.ok()) {
        ++failures;
        ADD_FAILURE() << store.status().ToString();
      } else if (*(*store)->SchemaVersion() != kSchemaVersion) {
        ++failures;
      }
    });
  }
  for (std::thread& t : openers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM schema_migrations"), std::to_string(kSchemaVersion));
}

// The shipped migrations plus the next version, as a later build would have.
std::vector<PgMigration> PgMigrationsWithNextVersion(std::string_view sql) {
  std::vector<PgMigration> list(PgMigrations().begin(), PgMigrations().end());
  list.push_back({kSchemaVersion + 1, "test: next", sql});
  return list;
}

TEST_F(PgStoreTest, MigratesVersionOneAndKeepsData) {
  Query(std::string(PgMigrations()[0].sql) +
        "; INSERT INTO schema_migrations VALUES (1, 0);"
        " INSERT INTO documents (id, origin, content_hash, kind, content, text,"
        " offset_map, content_bytes, text_bytes, ingested_at) VALUES ('a',"
        " 'a.txt', '00112233445566778899aabbccddeeff', 'text', '\\x61', 'a',"
        " '\\x00', 1, 1, 0)");
  {
    std::unique_ptr<Store> store = Open(url_);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(*store->SchemaVersion(), kSchemaVersion);
    EXPECT_EQ(*store->CountDocuments(), 1);
    EXPECT_EQ(*store->ClaimsVersion("a"), std::optional<int>(0));
    EXPECT_EQ((*store->GetDocument("a"))->content, "a");
  }
  // A later build's migration applies on top; this build then refuses the
  // database as newer than it knows.
  std::vector<PgMigration> later =
      PgMigrationsWithNextVersion("CREATE TABLE later_things (id BIGINT PRIMARY KEY);");
  {
    Result<std::unique_ptr<Store>> store = OpenPgStore(url_, later);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(*(*store)->SchemaVersion(), kSchemaVersion + 1);
    EXPECT_EQ(*(*store)->CountDocuments(), 1);
  }
  ExpectRefused("newer");
}

TEST_F(PgStoreTest, RefusesANewerSchemaBeforeChangingAnything) {
  {
    std::unique_ptr<Store> store = Open(url_);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->PutDocument(MakeDocument("a", "a")).ok());
  }
  Query("INSERT INTO schema_migrations VALUES (" + std::to_string(kSchemaVersion + 1) + ", 0)");
  ExpectRefused("schema version " + std::to_string(kSchemaVersion + 1));
  ExpectRefused("newer");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM documents"), "1");
  EXPECT_EQ(Query("SELECT MAX(version) FROM schema_migrations"),
            std::to_string(kSchemaVersion + 1));
}

TEST_F(PgStoreTest, FailedMigrationLeavesThePreviousVersion) {
  ASSERT_NE(Open(url_), nullptr);
  std::vector<PgMigration> broken =
      PgMigrationsWithNextVersion("CREATE TABLE half_done (x BIGINT); THIS IS NOT SQL;");
  Result<std::unique_ptr<Store>> store = OpenPgStore(url_, broken);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDatabase);
  EXPECT_NE(store.status().message().find("version " + std::to_string(kSchemaVersion + 1)),
            std::string::npos)
      << store.status().ToString();
  EXPECT_EQ(Query("SELECT to_regclass('half_done') IS NULL"), "t");
  EXPECT_EQ(Query("SELECT MAX(version) FROM schema_migrations"), std::to_string(kSchemaVersion));
  EXPECT_NE(Open(url_), nullptr);
}

TEST_F(PgStoreTest, RefusesAnotherProgramsDocumentsTable) {
  Query("CREATE TABLE documents (name TEXT)");
  ExpectRefused("not a Warta store");
  EXPECT_EQ(Query("SELECT to_regclass('schema_migrations') IS NULL"), "t")
      << "the refused database was changed";
}

TEST_F(PgStoreTest, OtherTablesInTheDatabaseAreLeftAlone) {
  Query("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('x')");
  std::unique_ptr<Store> store = Open(url_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Query("SELECT name FROM people"), "x");
}

TEST_F(PgStoreTest, MissingDatabaseIsAClearError) {
  Result<PgTestServer*> server = PgTestServer::Shared();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  std::string url = (*server)->Url("no_such_database");
  Result<std::unique_ptr<Store>> store = OpenStore(url);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDatabase);
  EXPECT_NE(store.status().message().find("no_such_database"), std::string::npos)
      << store.status().ToString();
}

TEST_F(PgStoreTest, ClaimingProcessesNeverShareAnArticle) {
  // Two processes claim two at a time, holding their claims a moment so the
  // other must skip them, and write what they took to a file each.
  constexpr int kArticles = 40;
  {
    std::unique_ptr<Store> store = Open(url_);
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < kArticles; ++i) ASSERT_TRUE(store->Enqueue(MakeRaw(i)).ok());
  }
  std::vector<pid_t> children;
  for (int child = 0; child < 2; ++child) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      Result<std::unique_ptr<Store>> store = OpenStore(url_);
      if (!store.ok()) _exit(10);
      std::ofstream out(dir_.path() / ("claimed" + std::to_string(child)));
      for (;;) {
        if (!(*store)->BeginBatch().ok()) _exit(11);
        Result<std::vector<QueuedArticle>> claimed = (*store)->ClaimQueued(2);
        if (!claimed.ok()) _exit(12);
        for (const QueuedArticle& a : *claimed) {
          out << a.raw.id << "\n";
          if (!(*store)->DoneQueued(a.seq).ok()) _exit(13);
        }
        usleep(3000);
        if (!(*store)->CommitBatch().ok()) _exit(14);
        if (claimed->empty()) break;
      }
      out.close();
      store->reset();
      _exit(0);
    }
    children.push_back(pid);
  }
  ASSERT_NO_FATAL_FAILURE(ExpectCleanExits(children));
  std::vector<std::string> all;
  size_t per_child[2] = {0, 0};
  for (int child = 0; child < 2; ++child) {
    std::ifstream in(dir_.path() / ("claimed" + std::to_string(child)));
    for (std::string id; std::getline(in, id);) {
      all.push_back(id);
      ++per_child[child];
    }
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "an article claimed twice";
  EXPECT_EQ(all.size(), static_cast<size_t>(kArticles));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM queue"), "0");
}

TEST_F(PgStoreTest, StageLockExcludesOtherStoresUntilTheBatchEnds) {
  std::unique_ptr<Store> first = Open(url_);
  std::unique_ptr<Store> second = Open(url_);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(first->BeginBatch().ok());
  ASSERT_TRUE(second->BeginBatch().ok());
  EXPECT_TRUE(*first->TryLockStage("story"));
  EXPECT_FALSE(*second->TryLockStage("story"));
  EXPECT_TRUE(*second->TryLockStage("other stage"));
  ASSERT_TRUE(first->CommitBatch().ok());
  EXPECT_TRUE(*second->TryLockStage("story"));
  ASSERT_TRUE(second->RollbackBatch().ok());
}

TEST_F(PgStoreTest, MigratesVersionTwoWithDocuments) {
  // A database as the previous release left it, with documents: the en one
  // ingested first.
  Query(std::string(PgMigrations()[0].sql) + ";" + std::string(PgMigrations()[1].sql) +
        "; INSERT INTO schema_migrations VALUES (1, 0), (2, 0); " +
        std::string(kVersionTwoDocuments) + "; UPDATE documents SET claims_version = 2 " +
        "WHERE id = 'en1'");
  std::unique_ptr<Store> store = Open(url_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->SchemaVersion(), kSchemaVersion);
  EXPECT_EQ(*store->ClaimsVersion("en1"), std::optional<int>(2));
  // Ingest order from the ingest times; every document waits for stories.
  EXPECT_EQ(*store->ListUnassigned(10), (std::vector<std::string>{"en1", "id1"}));
  Result<std::vector<SearchHit>> hits = store->Search(SearchFor("run"));
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "en1");
  EXPECT_EQ(store->Search(SearchFor("pasukan"))->size(), 1u);
  // New documents come after the old ones.
  ASSERT_TRUE(store->PutDocument(MakeDocument("new", "new")).ok());
  EXPECT_EQ(*store->ListUnassigned(10), (std::vector<std::string>{"en1", "id1", "new"}));
}

TEST_F(PgStoreTest, MigratesVersionThreeWithQueuedArticles) {
  Query(std::string(PgMigrations()[0].sql) + ";" + std::string(PgMigrations()[1].sql) + ";" +
        std::string(PgMigrations()[2].sql) +
        "; INSERT INTO schema_migrations VALUES (1, 0), (2, 0), (3, 0); " +
        std::string(kVersionThreeQueuedArticle));
  std::unique_ptr<Store> store = Open(url_);
  ASSERT_NE(store, nullptr);
  ExpectQueueMigratedFromVersionThree(*store);
}

// Ends every other connection to the test's database, as a server restart
// or a network cut would.
void DropConnections(const std::string& url) {
  Result<std::string> done =
      PgTestServer::Query(url,
                          "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_NE(*done, "0");
}

TEST_F(PgStoreTest, ConnectionDroppedMidBatchLosesTheBatchAndReconnects) {
  std::unique_ptr<Store> store = Open(url_);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->PutDocument(MakeDocument("before", "before")).ok());
  ASSERT_TRUE(store->BeginBatch().ok());
  ASSERT_TRUE(store->PutDocument(MakeDocument("a", "a")).ok());
  DropConnections(url_);
  // Inside the batch: kUnavailable, and the batch is gone.
  Result<PutResult> lost = store->PutDocument(MakeDocument("b", "b"));
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.status().code(), StatusCode::kUnavailable) << lost.status().ToString();
  EXPECT_NE(lost.status().message().find("connection"), std::string::npos)
      << lost.status().ToString();
  Status commit = store->CommitBatch();
  EXPECT_EQ(commit.code(), StatusCode::kUnavailable) << commit.ToString();
  EXPECT_NE(commit.message().find("nothing of it was stored"), std::string::npos)
      << commit.ToString();
  // The same store connects again; the batch is gone, what came before stays,
  // and the caller redoes the batch.
  EXPECT_EQ(*store->CountDocuments(), 1);
  ASSERT_TRUE(store->BeginBatch().ok());
  EXPECT_EQ(store->PutDocument(MakeDocument("a", "a"))->outcome, PutOutcome::kInserted);
  ASSERT_TRUE(store->CommitBatch().ok());
  // Outside a batch a drop is invisible: the call connects again and retries.
  DropConnections(url_);
  Result<int64_t> count = store->CountDocuments();
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 2);
  DropConnections(url_);
  EXPECT_EQ(store->PutDocument(MakeDocument("c", "c"))->outcome, PutOutcome::kInserted);
  DropConnections(url_);
  EXPECT_TRUE(store->Enqueue(MakeRaw(1)).ok());
  // A drop between batches: BeginBatch connects again.
  DropConnections(url_);
  ASSERT_TRUE(store->BeginBatch().ok());
  Result<std::vector<QueuedArticle>> claimed = store->ClaimQueued(5);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  EXPECT_EQ(claimed->size(), 1u);
  ASSERT_TRUE(store->RollbackBatch().ok());
  // A drop, then a rollback of the lost batch, is not an error.
  ASSERT_TRUE(store->BeginBatch().ok());
  DropConnections(url_);
  EXPECT_EQ(store->CountDocuments().status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(store->RollbackBatch().ok());
  // And a store opened afresh sees the same.
  std::unique_ptr<Store> reopened = Open(url_);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(*reopened->CountDocuments(), 3);
}

TEST_F(PgStoreTest, ReopenKeepsDocumentsAndClaims) {
  Document doc = MakeDocument("kept", std::string("kept\0bytes", 10));
  {
    std::unique_ptr<Store> store = Open(url_);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->PutDocument(doc).ok());
    Claim claim;
    claim.quote = "0.1 + 0.2";
    claim.value = 0.1 + 0.2;  // not a short decimal: must come back exact
    claim.what = "other";
    claim.source = "OUTLET";
    claim.stance = "asserts";
    ASSERT_TRUE(store->PutClaims("kept", {claim}, 4).ok());
  }
  std::unique_ptr<Store> store = Open(url_);
  ASSERT_NE(store, nullptr);
  std::optional<Document> got = *store->GetDocument("kept");
  ASSERT_TRUE(got.has_value());
  ExpectSameDocument(*got, doc);
  Result<std::vector<Claim>> claims = store->ListClaims({"kept"});
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  ASSERT_EQ(claims->size(), 1u);
  EXPECT_EQ((*claims)[0].value, std::optional<double>(0.1 + 0.2));
  EXPECT_EQ(*store->ClaimsVersion("kept"), std::optional<int>(4));
}

}  // namespace
}  // namespace warta
