// Tests of the SQLite engine's own file (sqlite_store.cc): the schema
// bookkeeping and WAL, migrations from every older version, refusing files
// from the future, garbage, damaged stores and other programs' databases,
// read-only access, and the FTS5 ranking. Files are forged and inspected with
// SQLite directly, in a temporary directory. The suite every engine runs is
// store_test.cc.
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
using store_testing::HitIds;
using store_testing::Ids;
using store_testing::MakeDocument;
using store_testing::MakeRaw;
using store_testing::MakeStory;
using store_testing::SampleClaim;
using store_testing::SearchDocument;
using store_testing::SearchFor;
using store_testing::TempDir;
using store_testing::kVersionThreeQueuedArticle;
using store_testing::kVersionTwoDocuments;

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

}  // namespace
}  // namespace warta
