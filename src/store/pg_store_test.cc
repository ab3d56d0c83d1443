// Tests of the PostgreSQL engine's own behaviour (pg_store.cc): the schema in
// PostgreSQL types, text PostgreSQL cannot hold, concurrent writers, batches
// and openers, migrations, a connection dropped mid-batch. Each test gets a
// database of its own on a real server the tests start (pg_test_server.h).
// The suite every engine runs is store_test.cc.
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

namespace fs = std::filesystem;

using store_testing::ExpectQueueMigratedFromVersionThree;
using store_testing::ExpectSameDocument;
using store_testing::MakeDocument;
using store_testing::MakeRaw;
using store_testing::MakeStory;
using store_testing::PgLocation;
using store_testing::SampleClaim;
using store_testing::SearchFor;
using store_testing::TempDir;
using store_testing::kVersionThreeQueuedArticle;
using store_testing::kVersionTwoDocuments;

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

// What a TEXT column can hold is decided code point by code point: each
// ill-formed or truncated sequence is refused, every well-formed one kept;
// an error message kept in the queue has U+FFFD for each bad byte.
TEST_F(PgStoreTest, InvalidAndTruncatedUtf8IsRefusedWellFormedKept) {
  std::unique_ptr<Store> store = Open(url_);
  ASSERT_NE(store, nullptr);
  const std::pair<const char*, std::string> refused[] = {
      {"stray continuation", "a\x80"},       {"truncated (2)", "ab\xC3"},
      {"truncated (3)", "ab\xE2\x82"},       {"truncated (4)", "ab\xF0\x9F\x98"},
      {"lead then ASCII", "\xE2\x82x"},      {"overlong", "\xC0\xAF"},
      {"overlong (3)", "\xE0\x80\xAF"},     {"surrogate", "\xED\xA0\x80"},
      {"past U+10FFFF", "\xF4\x90\x80\x80"}, {"F5", "\xF5\x80\x80\x80"},
  };
  int i = 0;
  for (const auto& [name, title] : refused) {
    Document doc = MakeDocument("refused" + std::to_string(i), "refused " + std::to_string(i));
    ++i;
    doc.meta.title = title;
    EXPECT_EQ(store->PutDocument(doc).status().code(), StatusCode::kInvalidArgument) << name;
  }
  EXPECT_EQ(*store->CountDocuments(), 0);
  Document kept = MakeDocument("kept", "kept");
  kept.meta.title = "\xC3\xA9 \xED\x9F\xBF \xEF\xBF\xBD \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";
  ASSERT_EQ(store->PutDocument(kept)->outcome, PutOutcome::kInserted);
  EXPECT_EQ((*store->GetDocument("kept"))->meta.title, kept.meta.title);

  RawArticle raw = MakeRaw(1);
  ASSERT_TRUE(store->Enqueue(raw).ok());
  ASSERT_TRUE(store->BeginBatch().ok());
  Result<std::vector<QueuedArticle>> claimed = store->ClaimQueued(1);
  ASSERT_TRUE(claimed.ok() && claimed->size() == 1u) << claimed.status().ToString();
  ASSERT_TRUE(store->FailQueued((*claimed)[0].seq, "bad \xE2\x82 end\xF0\x9F", 3).ok());
  ASSERT_TRUE(store->CommitBatch().ok());
  EXPECT_EQ(Query("SELECT last_error FROM queue"),
            "bad \xEF\xBF\xBD\xEF\xBF\xBD end\xEF\xBF\xBD\xEF\xBF\xBD");
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
