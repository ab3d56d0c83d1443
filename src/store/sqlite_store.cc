// The SQLite engine of the store: one database file, written through the
// SQLite C API.
//
// Connection. Each store owns one connection, opened read-write (created if
// missing) and set up as WAL journal (readers do not block the writer, and a
// commit is one append to the -wal file), synchronous=NORMAL (a commit
// survives a killed process; a power cut may lose the last commits but never
// corrupts the file), a busy timeout (another process holding the write lock
// is waited for, not failed on) and foreign keys on (for the claim and story
// tables of later versions). If the file system cannot do WAL, SQLite keeps
// its rollback journal, which is as crash-safe, only slower.
//
// Read-only files. A file SQLite may only read (a read-only mount, an
// immutable file, no write permission) is opened for reading, and every
// write returns "database is read-only: PATH (Read-only file system)" before
// any SQL runs. A WAL file in a folder SQLite cannot write is opened as
// `immutable` (it cannot make the -shm file WAL readers need), unless a -wal
// file holds commits the database file lacks. A file that needs a schema
// upgrade is refused, as upgrading writes. A missing file in a folder that
// cannot be written is "cannot create the database in FOLDER: Read-only
// file system".
//
// Versions. The schema version is PRAGMA user_version, and each applied
// migration is also a row of schema_migrations (version, applied_at). The
// migrations are an ordered list of SQL scripts below; opening a file at an
// older version applies the missing ones, each in its own transaction with its
// bookkeeping, so a killed migration leaves the file at the version before it.
// A file from a newer version is refused before anything is written to it. A
// file that is not SQLite, or whose first pages are damaged, is refused with
// an error naming it; damage further in is reported by the operation that
// meets it. A SQLite file at version 0 that already holds tables belongs to
// someone else and is refused too.
//
// Puts. PutDocument reads the stored hash for the id and the stored id for
// the hash, then writes at most one row, all inside one transaction: its own
// (BEGIN IMMEDIATE, so the write lock is taken up front and two writers never
// deadlock upgrading from a read), or the batch's. SQL only ever carries
// values as bound parameters; the only SQL built at run time is
// "PRAGMA user_version = N" with N from the migration list, as PRAGMA cannot
// take a parameter. (Search builds an FTS5 query string, every word quoted,
// and binds it as a parameter too.)
//
// Version 3 adds the search index (two FTS5 tables kept in step by
// triggers, ranked by warta_bm25 from fts5_rank.h), the work queue and the
// story stage's tables; kSchemaV3 says how. The batch's write lock is what
// makes ClaimQueued and TryLockStage safe across processes: one batch at a
// time holds the database.
//
// Tested by store_test.cc (the suite both engines run) and sqlite_store_test.cc.
#include "sqlite_store.h"
#include "store_internal.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "fts5_rank.h"
#include "rows.h"
#include "search_words.h"
#include "warta/document.h"
#include "warta/offset_map.h"
#include "warta/status.h"
#include "warta/store.h"
#include "watch_state_schema.h"

namespace warta {
namespace {

// ---------------------------------------------------------------------------
// Schema.
//
// Version 1: documents. Types are chosen to read the same in PostgreSQL
// (TEXT, INTEGER for Unix seconds and sizes -- BIGINT there --, BLOB for
// bytes -- BYTEA there). Unknown metadata is NULL, not ''. Later versions add
// claims and stories as tables that reference documents(id).

constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE schema_migrations (
  version    INTEGER PRIMARY KEY,
  applied_at INTEGER NOT NULL
);
CREATE TABLE documents (
  id            TEXT PRIMARY KEY NOT NULL,
  origin        TEXT NOT NULL,
  content_hash  TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('text', 'html')),
  content       BLOB NOT NULL,
  text          TEXT NOT NULL,
  offset_map    BLOB NOT NULL,
  title         TEXT,
  author        TEXT,
  outlet        TEXT,
  dateline      TEXT,
  published     TEXT,
  modified      TEXT,
  url           TEXT,
  lang          TEXT,
  provenance    TEXT NOT NULL DEFAULT '{}',
  content_bytes INTEGER NOT NULL,
  text_bytes    INTEGER NOT NULL,
  ingested_at   INTEGER NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_outlet ON documents (outlet);
)sql";

// Version 2: claims, one row per claim of the export contract, replaced as
// a whole per document; documents.claims_version records which extractor
// made them (0: none yet), so claims of an older extractor can be redone.
constexpr std::string_view kSchemaV2 = R"sql(
ALTER TABLE documents ADD COLUMN claims_version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE claims (
  doc_id         TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,
  start_byte     INTEGER NOT NULL,
  end_byte       INTEGER NOT NULL,
  text_start     INTEGER NOT NULL,
  text_end       INTEGER NOT NULL,
  quote          TEXT NOT NULL,
  value          REAL,
  min_value      REAL,
  max_value      REAL,
  qualifier      TEXT,
  what           TEXT NOT NULL,
  what_text      TEXT,
  subject        TEXT,
  location       TEXT,
  source         TEXT NOT NULL,
  source_mention TEXT,
  via            TEXT NOT NULL DEFAULT '[]',
  cue            TEXT,
  stance         TEXT NOT NULL,
  said_date      TEXT,
  event_date     TEXT,
  lang           TEXT,
  PRIMARY KEY (doc_id, seq)
);
CREATE INDEX claims_source ON claims (source);
CREATE INDEX claims_what ON claims (what);
)sql";

// Version 3: full-text search, the work queue, and the story stage's tables.
//
// documents.seq is the ingest order: set once when a row is inserted (the
// highest seq plus one; the insert runs under the write lock) and kept when
// the row is updated. It is a column of its own rather than the rowid, which
// VACUUM may renumber. Existing rows take their rowid, their insertion order.
//
// Search. documents_fts indexes title, text and index_stems of every
// document, folded by unicode61 (case, and diacritics with remove_diacritics
// 2); documents_fts_en indexes title and text of English documents (lang
// 'en') once more through the porter stemmer. Both are external-content
// tables over documents keyed by seq, so they store only the index, and
// snippet() reads the text back from documents. The triggers keep them in
// step with documents inside the writing transaction, on insert, on a change
// of the indexed columns, and on delete (the 'delete' command must be given
// the old values, which the trigger has). UPDATE OF limits the update trigger
// to those columns: setting claims_version leaves the index alone.
//
// Stories. story_pending lists the documents the story stage has not
// assigned yet, by seq: a document joins it when inserted or given new
// content, and leaves it when it becomes a story member. It stands for "no
// story_members row" so that ListUnassigned reads the next few rows instead
// of scanning every document for a missing member.
constexpr std::string_view kSchemaV3 = R"sql(
ALTER TABLE documents ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE documents SET seq = rowid;
CREATE UNIQUE INDEX documents_seq ON documents (seq);
ALTER TABLE documents ADD COLUMN index_stems TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE documents_fts USING fts5 (
  title, text, index_stems,
  content = 'documents', content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE documents_fts_en USING fts5 (
  title, text,
  content = 'documents', content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts (rowid, title, text, index_stems)
  SELECT seq, title, text, index_stems FROM documents;
INSERT INTO documents_fts_en (rowid, title, text)
  SELECT seq, title, text FROM documents WHERE lang = 'en';
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, title, text, index_stems)
    VALUES (new.seq, new.title, new.text, new.index_stems);
  INSERT INTO documents_fts_en (rowid, title, text)
    SELECT new.seq, new.title, new.text WHERE new.lang = 'en';
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text, index_stems)
    VALUES ('delete', old.seq, old.title, old.text, old.index_stems);
  INSERT INTO documents_fts_en (documents_fts_en, rowid, title, text)
    SELECT 'delete', old.seq, old.title, old.text WHERE old.lang = 'en';
END;
CREATE TRIGGER documents_fts_update
  AFTER UPDATE OF title, text, index_stems, lang ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text, index_stems)
    VALUES ('delete', old.seq, old.title, old.text, old.index_stems);
  INSERT INTO documents_fts_en (documents_fts_en, rowid, title, text)
    SELECT 'delete', old.seq, old.title, old.text WHERE old.lang = 'en';
  INSERT INTO documents_fts (rowid, title, text, index_stems)
    VALUES (new.seq, new.title, new.text, new.index_stems);
  INSERT INTO documents_fts_en (rowid, title, text)
    SELECT new.seq, new.title, new.text WHERE new.lang = 'en';
END;

CREATE TABLE queue (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT NOT NULL,
  origin         TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('text', 'html')),
  content        BLOB NOT NULL,
  url            TEXT,
  outlet         TEXT,
  published      TEXT,
  title          TEXT,
  lang           TEXT,
  repaired_bytes INTEGER NOT NULL DEFAULT 0,
  attempts       INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT,
  state          TEXT NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued', 'failed')),
  enqueued_at    INTEGER NOT NULL
);
CREATE INDEX queue_state ON queue (state, seq);

CREATE TABLE stories (
  id         TEXT PRIMARY KEY NOT NULL,
  label      TEXT NOT NULL DEFAULT '',
  size       INTEGER NOT NULL DEFAULT 0,
  first_seen TEXT,
  last_seen  TEXT,
  languages  TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE story_members (
  doc_id     TEXT PRIMARY KEY NOT NULL
             REFERENCES documents (id) ON DELETE CASCADE,
  story_id   TEXT NOT NULL,
  similarity REAL NOT NULL DEFAULT 0
);
CREATE INDEX story_members_story ON story_members (story_id);
CREATE TABLE story_pending (
  doc_seq INTEGER PRIMARY KEY,
  doc_id  TEXT NOT NULL UNIQUE REFERENCES documents (id) ON DELETE CASCADE
);
INSERT INTO story_pending (doc_seq, doc_id) SELECT seq, id FROM documents;
CREATE TABLE duplicates (
  doc_id      TEXT PRIMARY KEY NOT NULL
              REFERENCES documents (id) ON DELETE CASCADE,
  original_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
  similarity  REAL NOT NULL DEFAULT 0
);
CREATE INDEX duplicates_original ON duplicates (original_id);
CREATE TABLE stage_state (
  name  TEXT PRIMARY KEY NOT NULL,
  state BLOB NOT NULL
);
)sql";

// Version 4: what the container said of a queued article that version 3 did
// not keep: its author (RawArticle::author) and the charset it declared
// (RawArticle::charset). Rows queued before have neither.
constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE queue ADD COLUMN author TEXT;
ALTER TABLE queue ADD COLUMN charset TEXT;
)sql";

// Version 5: the documents' large columns last. SQLite stores a row as one
// record, and a record too long for its page continues in a chain of
// overflow pages; reading a column means walking the chain up to it. The
// metadata (title, outlet, dates, seq) came after content, text and the
// offset map, so listing a story's members or their titles read every
// document whole. Now the metadata leads and index_stems, content, text
// and offset_map follow, in that order. The table is rebuilt (the 12-step
// procedure of the SQLite manual: Migrate turns foreign keys off around
// it, or dropping the old table would delete every claim), keeping rowids
// and seqs, so the search index, which points at seq, stays valid; its
// triggers and indexes are made again.
constexpr std::string_view kSchemaV5 = R"sql(
CREATE TABLE documents_v5 (
  id             TEXT PRIMARY KEY NOT NULL,
  origin         TEXT NOT NULL,
  content_hash   TEXT NOT NULL UNIQUE,
  kind           TEXT NOT NULL CHECK (kind IN ('text', 'html')),
  title          TEXT,
  author         TEXT,
  outlet         TEXT,
  dateline       TEXT,
  published      TEXT,
  modified       TEXT,
  url            TEXT,
  lang           TEXT,
  provenance     TEXT NOT NULL DEFAULT '{}',
  content_bytes  INTEGER NOT NULL,
  text_bytes     INTEGER NOT NULL,
  ingested_at    INTEGER NOT NULL,
  claims_version INTEGER NOT NULL DEFAULT 0,
  seq            INTEGER NOT NULL DEFAULT 0,
  index_stems    TEXT NOT NULL DEFAULT '',
  content        BLOB NOT NULL,
  text           TEXT NOT NULL,
  offset_map     BLOB NOT NULL
);
INSERT INTO documents_v5 (rowid, id, origin, content_hash, kind, title, author,
  outlet, dateline, published, modified, url, lang, provenance, content_bytes,
  text_bytes, ingested_at, claims_version, seq, index_stems, content, text,
  offset_map)
SELECT rowid, id, origin, content_hash, kind, title, author, outlet, dateline,
  published, modified, url, lang, provenance, content_bytes, text_bytes,
  ingested_at, claims_version, seq, index_stems, content, text, offset_map
FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v5 RENAME TO documents;
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_outlet ON documents (outlet);
CREATE UNIQUE INDEX documents_seq ON documents (seq);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, title, text, index_stems)
    VALUES (new.seq, new.title, new.text, new.index_stems);
  INSERT INTO documents_fts_en (rowid, title, text)
    SELECT new.seq, new.title, new.text WHERE new.lang = 'en';
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text, index_stems)
    VALUES ('delete', old.seq, old.title, old.text, old.index_stems);
  INSERT INTO documents_fts_en (documents_fts_en, rowid, title, text)
    SELECT 'delete', old.seq, old.title, old.text WHERE old.lang = 'en';
END;
CREATE TRIGGER documents_fts_update
  AFTER UPDATE OF title, text, index_stems, lang ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text, index_stems)
    VALUES ('delete', old.seq, old.title, old.text, old.index_stems);
  INSERT INTO documents_fts_en (documents_fts_en, rowid, title, text)
    SELECT 'delete', old.seq, old.title, old.text WHERE old.lang = 'en';
  INSERT INTO documents_fts (rowid, title, text, index_stems)
    VALUES (new.seq, new.title, new.text, new.index_stems);
  INSERT INTO documents_fts_en (rowid, title, text)
    SELECT new.seq, new.title, new.text WHERE new.lang = 'en';
END;
)sql";

// Version 6: stored ledgers (Store::GetStoryLedger, warta/ledger_stage.h).
// story_gens holds each story's generation, raised by the triggers below in
// the transaction of any change to what the story's ledger is built from;
// story_ledgers holds the ledger last built, with the generation it was
// built at. They are two tables so that raising a generation rewrites a
// short row, not the ledger beside it. A story without a story_gens row is
// at generation 0.
constexpr std::string_view kSchemaV6 = R"sql(
CREATE TABLE story_gens (
  story_id TEXT PRIMARY KEY NOT NULL,
  gen      INTEGER NOT NULL
);
CREATE TABLE story_ledgers (
  story_id TEXT PRIMARY KEY NOT NULL,
  gen      INTEGER NOT NULL,
  format   INTEGER NOT NULL,
  ledger   BLOB NOT NULL
);
CREATE TRIGGER story_members_ledger_insert AFTER INSERT ON story_members BEGIN
  INSERT INTO story_gens (story_id, gen) VALUES (new.story_id, 1)
    ON CONFLICT (story_id) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER story_members_ledger_delete AFTER DELETE ON story_members BEGIN
  INSERT INTO story_gens (story_id, gen) VALUES (old.story_id, 1)
    ON CONFLICT (story_id) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER story_members_ledger_update AFTER UPDATE OF story_id ON story_members
  WHEN old.story_id IS NOT new.story_id BEGIN
  INSERT INTO story_gens (story_id, gen) VALUES (old.story_id, 1)
    ON CONFLICT (story_id) DO UPDATE SET gen = gen + 1;
  INSERT INTO story_gens (story_id, gen) VALUES (new.story_id, 1)
    ON CONFLICT (story_id) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER claims_ledger_insert AFTER INSERT ON claims BEGIN
  INSERT INTO story_gens (story_id, gen)
    SELECT story_id, 1 FROM story_members WHERE doc_id = new.doc_id
    ON CONFLICT (story_id) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER claims_ledger_delete AFTER DELETE ON claims BEGIN
  INSERT INTO story_gens (story_id, gen)
    SELECT story_id, 1 FROM story_members WHERE doc_id = old.doc_id
    ON CONFLICT (story_id) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER claims_ledger_update AFTER UPDATE ON claims BEGIN
  INSERT INTO story_gens (story_id, gen)
    SELECT story_id, 1 FROM story_members WHERE doc_id IN (old.doc_id, new.doc_id)
    ON CONFLICT (story_id) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER documents_ledger_update
  AFTER UPDATE OF title, outlet, published ON documents BEGIN
  INSERT INTO story_gens (story_id, gen)
    SELECT story_id, 1 FROM story_members WHERE doc_id = new.id
    ON CONFLICT (story_id) DO UPDATE SET gen = gen + 1;
END;
)sql";

// Version 7: pages of stories read in order through an index
// (Store::ListStoryPage) instead of sorting every story per request. The
// expressions are those of BuildStoryPageSql.
constexpr std::string_view kSchemaV7 = R"sql(
CREATE INDEX stories_by_size ON stories (size, id) WHERE size > 0;
CREATE INDEX stories_by_recent ON stories (COALESCE(last_seen, ''), id) WHERE size > 0;
CREATE INDEX stories_by_id ON stories (id) WHERE size > 0;
)sql";

constexpr std::array<SqliteMigration, 9> kMigrations = {{
    {1, "initial schema", kSchemaV1},
    {2, "claims", kSchemaV2},
    {3, "search, queue and stories", kSchemaV3},
    {4, "queue author and charset", kSchemaV4},
    {5, "documents' large columns last", kSchemaV5},
    {6, "stored ledgers", kSchemaV6},
    {7, "story page indexes", kSchemaV7},
    {8, "fetch and watch state", kWatchStateSqliteSchema},  // watch_state_schema.h
    {9, "webhook deliveries", kWebhookSqliteSchema},        // watch_state_schema.h
}};

static_assert(kMigrations.back().version == kSchemaVersion,
              "add a migration when bumping kSchemaVersion");

// Search (see kSchemaV3 and Search below). warta_bm25 (fts5_rank.h) is
// BM25 with a bounded count of each word's documents; ?4 is the highest
// seq. A match in the title weighs four times one in the text or the stems.
constexpr std::string_view kSearchAllSql =
    "SELECT rowid, warta_bm25(documents_fts, ?4, 4.0, 1.0, 1.0) FROM documents_fts "
    "WHERE documents_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2";
constexpr std::string_view kSearchLangSql =
    "SELECT documents_fts.rowid, warta_bm25(documents_fts, ?4, 4.0, 1.0, 1.0) "
    "FROM documents_fts JOIN documents AS d ON d.seq = documents_fts.rowid "
    "WHERE documents_fts MATCH ?1 AND d.lang = ?3 "
    "ORDER BY documents_fts.rowid DESC LIMIT ?2";
constexpr std::string_view kSearchEnglishSql =
    "SELECT rowid, warta_bm25(documents_fts_en, ?4, 4.0, 1.0) FROM documents_fts_en "
    "WHERE documents_fts_en MATCH ?1 ORDER BY rowid DESC LIMIT ?2";
// The snippet: about 24 tokens of the text around the best match, with no
// markup.
// The snippets of a page of hits in one scan: the matches between the
// page's lowest and highest seq (?2, ?3), of which only the page's own (?4, a
// JSON array of seqs) are kept; the unary + keeps that IN from becoming a
// rowid lookup per hit, each of which would run the whole MATCH again. The
// CROSS JOIN keeps the full-text scan outermost.
constexpr std::string_view kSnippetSql =
    "SELECT documents_fts.rowid, d.id, snippet(documents_fts, 1, '', '', '\u2026', 24) "
    "FROM documents_fts CROSS JOIN documents AS d ON d.seq = documents_fts.rowid "
    "WHERE documents_fts MATCH ?1 AND documents_fts.rowid BETWEEN ?2 AND ?3 "
    "AND +documents_fts.rowid IN (SELECT value FROM json_each(?4))";
constexpr std::string_view kSnippetEnglishSql =
    "SELECT documents_fts_en.rowid, d.id, snippet(documents_fts_en, 1, '', '', '\u2026', 24) "
    "FROM documents_fts_en CROSS JOIN documents AS d ON d.seq = documents_fts_en.rowid "
    "WHERE documents_fts_en MATCH ?1 AND documents_fts_en.rowid BETWEEN ?2 AND ?3 "
    "AND +documents_fts_en.rowid IN (SELECT value FROM json_each(?4))";

// Pages (of about 4 KB) OptimizeSearch merges per write transaction: a
// step of a few hundred milliseconds.
constexpr int kSearchMergePages = 2000;

// How many matches, newest first, a search ranks (per index). Bounds the work
// of a common word: see Search.
constexpr int64_t kSearchCandidates = 1000;

// The work queue.
constexpr std::string_view kDoneSql = "DELETE FROM queue WHERE seq = ?1";
constexpr std::string_view kFailSql =
    "UPDATE queue SET attempts = attempts + 1, last_error = ?2, state = CASE "
    "WHEN attempts + 1 >= ?3 THEN 'failed' ELSE 'queued' END WHERE seq = ?1";
constexpr std::string_view kCountQueueSql = "SELECT state, COUNT(*) FROM queue GROUP BY state";

// Stories and copies.
constexpr std::string_view kNextSeqSql = "SELECT COALESCE(MAX(seq), 0) + 1 FROM documents";
constexpr std::string_view kAddPendingSql =
    "INSERT OR IGNORE INTO story_pending (doc_seq, doc_id) "
    "SELECT seq, id FROM documents WHERE id = ?1";
constexpr std::string_view kDropMemberSql = "DELETE FROM story_members WHERE doc_id = ?1";
constexpr std::string_view kDropDuplicateSql = "DELETE FROM duplicates WHERE doc_id = ?1";
constexpr std::string_view kGetStageSql = "SELECT state FROM stage_state WHERE name = ?1";
constexpr std::string_view kPutStageSql =
    "INSERT INTO stage_state (name, state) VALUES (?1, ?2) "
    "ON CONFLICT (name) DO UPDATE SET state = excluded.state";
constexpr std::string_view kUnassignedSql =
    "SELECT doc_id FROM story_pending ORDER BY doc_seq LIMIT ?1";
constexpr std::string_view kPutMemberSql =
    "INSERT INTO story_members (doc_id, story_id, similarity) "
    "SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?1) "
    "ON CONFLICT (doc_id) DO UPDATE SET story_id = excluded.story_id, "
    "similarity = excluded.similarity";
constexpr std::string_view kDropPendingSql = "DELETE FROM story_pending WHERE doc_id = ?1";
constexpr std::string_view kPutDuplicateSql =
    "INSERT INTO duplicates (doc_id, original_id, kind, similarity) "
    "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?1) "
    "AND EXISTS (SELECT 1 FROM documents WHERE id = ?2) "
    "ON CONFLICT (doc_id) DO UPDATE SET original_id = excluded.original_id, "
    "kind = excluded.kind, similarity = excluded.similarity";

// Stored ledgers (kSchemaV6). One statement reads the generation and the
// ledger, so both come from one snapshot.
constexpr std::string_view kGetLedgerSql =
    "SELECT g.gen, (SELECT l.ledger FROM story_ledgers AS l WHERE l.story_id = ?1 "
    "AND l.format = ?2 AND l.gen = g.gen) FROM (SELECT COALESCE((SELECT gen FROM "
    "story_gens WHERE story_id = ?1), 0) AS gen) AS g";
constexpr std::string_view kPutLedgerSql =
    "INSERT INTO story_ledgers (story_id, gen, format, ledger) SELECT ?1, ?2, ?3, ?4 "
    "WHERE COALESCE((SELECT gen FROM story_gens WHERE story_id = ?1), 0) = ?2 "
    "ON CONFLICT (story_id) DO UPDATE SET gen = excluded.gen, format = excluded.format, "
    "ledger = excluded.ledger WHERE story_ledgers.format <= excluded.format";
constexpr std::string_view kStaleLedgersSql =
    "SELECT s.id FROM stories AS s LEFT JOIN story_gens AS g ON g.story_id = s.id "
    "LEFT JOIN story_ledgers AS l ON l.story_id = s.id "
    "WHERE s.size > 0 AND s.id > ?2 AND (l.story_id IS NULL OR l.format < ?1 "
    "OR (l.format = ?1 AND l.gen <> COALESCE(g.gen, 0))) ORDER BY s.id LIMIT ?3";


// Statements whose column lists come from the tables of rows.h, built once
// (static storage, so Cached may key on them).
struct ColumnSql {
  std::string insert_doc, update_doc, get_doc, list_docs, list_page, summary;
  std::string insert_claim, list_claims, doc_claims;
  std::string enqueue, claim_queued;
  std::string put_story, list_stories, get_story, list_members, get_member, get_duplicate;
};

const ColumnSql& Sql() {
  static const ColumnSql sql = [] {
    ColumnSql s;
    const std::span<const std::string_view> doc(kDocumentWriteColumns);
    // seq (?21) is set once, on insert; an update keeps it and resets
    // claims_version.
    s.insert_doc = "INSERT INTO documents (" + Columns(doc) + ", seq) VALUES (" +
                   Placeholders(doc.size() + 1, '?') + ")";
    s.update_doc = "UPDATE documents SET " + Assignments(doc.subspan(1), 2, '?') +
                   ", claims_version = 0 WHERE id = ?1";
    const std::string head = "SELECT " + DocumentSelect(DocumentTail::kWithSizes) +
                             " FROM documents ";
    s.get_doc = "SELECT " + DocumentSelect(DocumentTail::kWithBody) +
                " FROM documents WHERE id = ?1";
    s.list_docs = head + "ORDER BY id";
    s.list_page = head + "ORDER BY id LIMIT ?2 OFFSET ?1";
    s.summary = head + "WHERE id = ?1";
    s.insert_claim = "INSERT INTO claims (" + Columns(kClaimColumns) + ") VALUES (" +
                     Placeholders(kClaimColumns.size(), '?') + ")";
    s.list_claims = "SELECT " + Columns(kClaimColumns) + " FROM claims ORDER BY doc_id, seq";
    s.doc_claims =
        "SELECT " + Columns(kClaimColumns) + " FROM claims WHERE doc_id = ?1 ORDER BY seq";
    s.enqueue = "INSERT INTO queue (" + Columns(kQueueWriteColumns) + ") VALUES (" +
                Placeholders(kQueueWriteColumns.size(), '?') + ")";
    s.claim_queued = "SELECT " + Columns(kQueueReadColumns) +
                     " FROM queue WHERE state = 'queued' AND seq > ?1 ORDER BY seq LIMIT ?2";
    s.put_story = "INSERT INTO stories (" + Columns(kStoryColumns) + ") VALUES (" +
                  Placeholders(kStoryColumns.size(), '?') +
                  ") ON CONFLICT (id) DO UPDATE SET label = excluded.label, "
                  "size = excluded.size, first_seen = excluded.first_seen, "
                  "last_seen = excluded.last_seen, languages = excluded.languages";
    s.list_stories =
        "SELECT " + Columns(kStoryColumns) + " FROM stories WHERE size > 0 ORDER BY id";
    s.get_story = "SELECT " + Columns(kStoryColumns) + " FROM stories WHERE id = ?1";
    s.list_members = "SELECT " + Columns(kMemberColumns, "m.") +
                     " FROM story_members AS m JOIN documents AS d ON d.id = m.doc_id "
                     "WHERE m.story_id = ?1 ORDER BY d.seq";
    s.get_member = "SELECT " + Columns(kMemberColumns) + " FROM story_members WHERE doc_id = ?1";
    s.get_duplicate =
        "SELECT " + Columns(kDuplicateColumns) + " FROM duplicates WHERE doc_id = ?1";
    return s;
  }();
  return sql;
}

constexpr int kBusyTimeoutMs = 10000;

// ---------------------------------------------------------------------------
// RAII wrappers.

struct DbCloser {
  // close_v2: if a statement were still alive the handle would close once it
  // is finalised, instead of leaking.
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// "database is read-only: PATH (WHY)": what a write to a file SQLite could
// open only for reading returns, before any SQL runs.
Status ReadOnly(const std::string& path, const std::string& why) {
  return DatabaseError("database is read-only: " + path + " (" + why + ")");
}

// The folder a database file at `path` is made in: "a/b.db" -> "a",
// "b.db" -> ".".
std::string FolderOf(const std::string& path) {
  std::string folder = std::filesystem::path(path).parent_path().string();
  return folder.empty() ? "." : folder;
}

// Why `path` (a file, or with `is_folder` a folder to create files in) may
// not be written, in the operating system's words ("Read-only file
// system", "Permission denied", "Operation not permitted" for an immutable
// file), or "" when it may. A process running as root is refused only by
// the file system (read-only mounts, immutable files), never by the mode
// bits.
std::string WhyNotWritable(const std::string& path, bool is_folder) {
  if (is_folder) return access(path.c_str(), W_OK) == 0 ? "" : std::strerror(errno);
  int fd = open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd >= 0) {
    close(fd);
    return "";
  }
  return std::strerror(errno);
}

// A SQLite URI for the file at `path`: "file:" and the path, with the
// characters a URI gives a meaning to escaped ("a?b#c%d" -> "a%3fb%23c%25d").
std::string FileUri(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char kHex[] = "0123456789abcdef";
      uri += '%';
      uri += kHex[static_cast<unsigned char>(c) >> 4];
      uri += kHex[c & 15];
    } else {
      uri += c;
    }
  }
  return uri;
}

Status SqliteError(sqlite3* db, const std::string& path,
                   std::string_view what) {
  std::string message = path;
  message += ": ";
  message += what;
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  return DatabaseError(std::move(message));
}

// One compiled statement. The database handle it was prepared on must
// outlive it. Binding with Bind* keeps a pointer to the bytes (no copy): they
// must stay alive until the statement is reset. The first failed bind is
// remembered and reported by the next Step, so callers bind without checking
// each call.
class Statement {
 public:
  Statement() = default;

  static Result<Statement> Prepare(sqlite3* db, const std::string& path,
                                   std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    Statement statement;
    statement.db_ = db;
    statement.path_ = &path;
    statement.stmt_.reset(raw);
    if (rc != SQLITE_OK) {
      return SqliteError(db, path,
                         "cannot prepare \"" + std::string(sql) + "\"");
    }
    return statement;
  }

  // Empty views bind as '' (a null data pointer would bind NULL).
  void BindText(int index, std::string_view value) {
    Check(sqlite3_bind_text64(stmt_.get(), index, NonNull(value), value.size(),
                              SQLITE_STATIC, SQLITE_UTF8));
  }
  // '' binds NULL: unknown metadata.
  void BindTextOrNull(int index, std::string_view value) {
    if (value.empty()) {
      Check(sqlite3_bind_null(stmt_.get(), index));
      return;
    }
    BindText(index, value);
  }
  void BindBlob(int index, std::string_view value) {
    Check(sqlite3_bind_blob64(stmt_.get(), index, NonNull(value), value.size(),
                              SQLITE_STATIC));
  }
  void BindInt64(int index, int64_t value) {
    Check(sqlite3_bind_int64(stmt_.get(), index, value));
  }
  void BindDoubleOrNull(int index, const std::optional<double>& value) {
    Check(value.has_value() ? sqlite3_bind_double(stmt_.get(), index, *value)
                            : sqlite3_bind_null(stmt_.get(), index));
  }

  // True when a row is ready, false when the statement is done.
  Result<bool> Step() {
    if (bind_rc_ != SQLITE_OK) {
      std::string message = *path_ + ": cannot bind a value: ";
      message += sqlite3_errstr(bind_rc_);
      return DatabaseError(std::move(message));
    }
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, *path_, "cannot run \"" + Sql() + "\"");
  }

  // Runs a statement that returns no row, or whose rows are not wanted.
  Status Run() {
    Result<bool> row = Step();
    Reset();
    return row.ok() ? Status::Ok() : row.status();
  }

  // Makes the statement ready to bind and run again, and ends its read.
  void Reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
    bind_rc_ = SQLITE_OK;
  }

  bool IsNull(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
  }
  // The bytes of a TEXT or BLOB column exactly as stored; NULL gives "".
  std::string Bytes(int column) const {
    const void* data = sqlite3_column_blob(stmt_.get(), column);
    int size = sqlite3_column_bytes(stmt_.get(), column);
    if (data == nullptr || size <= 0) return std::string();
    return std::string(static_cast<const char*>(data),
                       static_cast<size_t>(size));
  }
  int64_t Int64(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
  }
  std::optional<double> DoubleOrNull(int column) const {
    if (IsNull(column)) return std::nullopt;
    return sqlite3_column_double(stmt_.get(), column);
  }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };

  static const char* NonNull(std::string_view value) {
    return value.data() != nullptr ? value.data() : "";
  }
  void Check(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }
  std::string Sql() const {
    const char* sql = sqlite3_sql(stmt_.get());
    return sql != nullptr ? sql : "?";
  }

  sqlite3* db_ = nullptr;
  const std::string* path_ = nullptr;  // owned by the store, which outlives us
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  int bind_rc_ = SQLITE_OK;
};

// Resets a statement when leaving a scope, so an early return never leaves a
// read open.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& statement) : statement_(statement) {}
  ~ResetOnExit() { statement_.Reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement& statement_;
};

// The current row of a statement, for the readers of rows.h. SQLite hands
// TEXT and BLOB columns out the same way.
class SqliteRow final : public Row {
 public:
  explicit SqliteRow(const Statement& statement) : statement_(statement) {}
  std::string Text(int column) const override { return statement_.Bytes(column); }
  std::string Blob(int column) const override { return statement_.Bytes(column); }
  int64_t Int64(int column) const override { return statement_.Int64(column); }
  std::optional<double> DoubleOrNull(int column) const override {
    return statement_.DoubleOrNull(column);
  }
  bool IsNull(int column) const override { return statement_.IsNull(column); }

 private:
  const Statement& statement_;
};

// Runs SQL without parameters or wanted rows (transaction control, pragmas,
// migration scripts of several statements).
Status Exec(sqlite3* db, const std::string& path, const std::string& sql,
            std::string_view what) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteError(db, path, what);
  }
  return Status::Ok();
}

// The single integer a statement such as "PRAGMA user_version" returns.
Result<int64_t> QueryInt(sqlite3* db, const std::string& path,
                         std::string_view sql, std::string_view what) {
  ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(db, path, sql));
  ResetOnExit reset(statement);
  Result<bool> row = statement.Step();
  if (!row.ok()) return SqliteError(db, path, what);
  if (!*row) return DatabaseError(path + ": " + std::string(what) + ": no row");
  return statement.Int64(0);
}



// ---------------------------------------------------------------------------
// Opening and migrating.


// Runs `migration` and records it (schema_migrations row, user_version)
// inside the transaction the caller opened; the caller commits or rolls back.
Status ApplyMigration(sqlite3* db, const std::string& path,
                      const SqliteMigration& migration) {
  std::string what = "schema migration to version " +
                     std::to_string(migration.version) + " (" +
                     std::string(migration.name) + ") failed";
  RETURN_IF_ERROR(Exec(db, path, std::string(migration.sql), what));
  ASSIGN_OR_RETURN(
      Statement record,
      Statement::Prepare(db, path,
                         "INSERT INTO schema_migrations (version, applied_at) "
                         "VALUES (?1, ?2)"));
  record.BindInt64(1, migration.version);
  record.BindInt64(2, NowSeconds());
  RETURN_IF_ERROR(record.Run().WithContext(what));
  // PRAGMA takes no parameters; the number comes from the list in code.
  return Exec(db, path,
              "PRAGMA user_version = " + std::to_string(migration.version),
              what);
}

// Brings the file to the newest version in `migrations`, one transaction per
// step. The version is read again inside each write transaction, so two
// processes opening a new file at once do not both apply a step.
Status MigrateSteps(sqlite3* db, const std::string& path,
                    std::span<const SqliteMigration> migrations);

// Foreign keys are off while the steps run (a step may rebuild a table that
// others reference, which with them on would cascade deletes into the
// others), and checked by each step before it commits.
Status Migrate(sqlite3* db, const std::string& path,
               std::span<const SqliteMigration> migrations) {
  RETURN_IF_ERROR(Exec(db, path, "PRAGMA foreign_keys = OFF",
                       "cannot turn foreign keys off for a schema migration"));
  Status migrated = MigrateSteps(db, path, migrations);
  Status on = Exec(db, path, "PRAGMA foreign_keys = ON", "cannot enable foreign keys");
  return migrated.ok() ? on : migrated;
}

Status MigrateSteps(sqlite3* db, const std::string& path,
                    std::span<const SqliteMigration> migrations) {
  const int newest = migrations.back().version;
  for (;;) {
    RETURN_IF_ERROR(Exec(db, path, "BEGIN IMMEDIATE",
                         "cannot lock the database to check its schema"));
    Status status = [&]() -> Status {
      ASSIGN_OR_RETURN(int64_t version,
                       QueryInt(db, path, "PRAGMA user_version",
                                "cannot read the schema version"));
      if (version > newest) return SchemaTooNew(path, version, newest, "database file");
      if (version == newest) return Status::Ok();
      if (version == 0) {
        ASSIGN_OR_RETURN(
            int64_t tables,
            QueryInt(db, path,
                     "SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE "
                     "'sqlite\\_%' ESCAPE '\\'",
                     "cannot read the list of tables"));
        if (tables > 0) {
          return DatabaseError(path +
                               ": is a SQLite database with tables but not a "
                               "Warta store (schema version 0); refusing to "
                               "add Warta tables to it");
        }
      }
      RETURN_IF_ERROR(ApplyMigration(db, path, migrations[version]));
      ASSIGN_OR_RETURN(int64_t broken,
                       QueryInt(db, path, "SELECT COUNT(*) FROM pragma_foreign_key_check",
                                "cannot check foreign keys after a schema migration"));
      if (broken > 0) {
        return DatabaseError(path + ": schema migration to version " +
                             std::to_string(migrations[version].version) + " would leave " +
                             std::to_string(broken) + " rows without the row they reference");
      }
      return Exec(db, path, "COMMIT", "cannot commit a schema migration");
    }();
    if (!status.ok()) {
      if (sqlite3_get_autocommit(db) == 0) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      }
      return status;
    }
    if (sqlite3_get_autocommit(db) == 0) {
      // Already at the newest version: nothing was written.
      RETURN_IF_ERROR(Exec(db, path, "COMMIT", "cannot end a read"));
      return Status::Ok();
    }
  }
}

// Checks that the bookkeeping agrees with user_version.
Status CheckSchema(sqlite3* db, const std::string& path, int newest) {
  ASSIGN_OR_RETURN(int64_t recorded,
                   QueryInt(db, path,
                            "SELECT COALESCE(MAX(version), 0) FROM "
                            "schema_migrations",
                            "cannot read schema_migrations"));
  if (recorded != newest) {
    return DatabaseError(path + ": schema_migrations says version " +
                         std::to_string(recorded) + " but user_version says " +
                         std::to_string(newest) + "; the file was altered");
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// The engine.

class SqliteStore final : public Store {
 public:
  // `read_only`: why the file cannot be written ("Read-only file system"),
  // or empty when it can.
  SqliteStore(std::string path, DbHandle db, std::string read_only)
      : path_(std::move(path)), db_(std::move(db)), read_only_(std::move(read_only)) {}

  ~SqliteStore() override {
    // A batch not committed is dropped. (A killed process never gets here;
    // SQLite drops its uncommitted transaction when the file is next opened.)
    if (in_batch_ && sqlite3_get_autocommit(db_.get()) == 0) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // Compiles the statements; called once, after migration.
  Status PrepareStatements() {
    sqlite3* db = db_.get();
    ASSIGN_OR_RETURN(begin_, Statement::Prepare(db, path_, "BEGIN IMMEDIATE"));
    ASSIGN_OR_RETURN(commit_, Statement::Prepare(db, path_, "COMMIT"));
    ASSIGN_OR_RETURN(rollback_, Statement::Prepare(db, path_, "ROLLBACK"));
    ASSIGN_OR_RETURN(
        hash_by_id_,
        Statement::Prepare(db, path_,
                           "SELECT content_hash FROM documents WHERE id = ?1"));
    ASSIGN_OR_RETURN(
        id_by_hash_,
        Statement::Prepare(db, path_,
                           "SELECT id FROM documents WHERE content_hash = ?1"));
    ASSIGN_OR_RETURN(insert_, Statement::Prepare(db, path_, Sql().insert_doc));
    ASSIGN_OR_RETURN(update_, Statement::Prepare(db, path_, Sql().update_doc));
    ASSIGN_OR_RETURN(get_, Statement::Prepare(db, path_, Sql().get_doc));
    ASSIGN_OR_RETURN(list_, Statement::Prepare(db, path_, Sql().list_docs));
    ASSIGN_OR_RETURN(count_, Statement::Prepare(
                                 db, path_, "SELECT COUNT(*) FROM documents"));
    ASSIGN_OR_RETURN(version_,
                     Statement::Prepare(db, path_, "PRAGMA user_version"));
    ASSIGN_OR_RETURN(delete_claims_,
                     Statement::Prepare(db, path_, "DELETE FROM claims WHERE doc_id = ?1"));
    ASSIGN_OR_RETURN(insert_claim_, Statement::Prepare(db, path_, Sql().insert_claim));
    ASSIGN_OR_RETURN(set_claims_version_,
                     Statement::Prepare(db, path_,
                                        "UPDATE documents SET claims_version = ?2 WHERE id = ?1"));
    ASSIGN_OR_RETURN(claims_version_,
                     Statement::Prepare(db, path_,
                                        "SELECT claims_version FROM documents WHERE id = ?1"));
    ASSIGN_OR_RETURN(list_claims_, Statement::Prepare(db, path_, Sql().list_claims));
    ASSIGN_OR_RETURN(doc_claims_, Statement::Prepare(db, path_, Sql().doc_claims));
    return Status::Ok();
  }

  Result<PutResult> PutDocument(const Document& doc) override {
    RETURN_IF_ERROR(CheckDocumentIdentity(doc));
    // What can fail without the database is done before it is touched.
    ASSIGN_OR_RETURN(DocumentRow row, EncodeDocument(doc));
    return InWriteTransaction([&] { return Put(row); });
  }

  Status BeginBatch() override {
    if (in_batch_) {
      return InvalidArgument("BeginBatch inside a batch: batches do not nest");
    }
    RETURN_IF_ERROR(Begin());
    in_batch_ = true;
    claimed_upto_ = 0;
    return Status::Ok();
  }

  Status CommitBatch() override {
    if (!in_batch_) return InvalidArgument("CommitBatch without BeginBatch");
    in_batch_ = false;
    if (sqlite3_get_autocommit(db_.get()) != 0) {
      return DatabaseError(path_ +
                           ": the batch was abandoned by SQLite after an "
                           "earlier error; nothing of it was stored");
    }
    Status committed = commit_.Run();
    if (!committed.ok()) {
      RollbackIfOpen();
      return committed.WithContext("batch not stored");
    }
    return Status::Ok();
  }

  Status RollbackBatch() override {
    if (!in_batch_) return InvalidArgument("RollbackBatch without BeginBatch");
    in_batch_ = false;
    if (sqlite3_get_autocommit(db_.get()) != 0) return Status::Ok();
    return rollback_.Run();
  }

  Result<std::optional<Document>> GetDocument(const std::string& id) override {
    ResetOnExit reset(get_);
    get_.BindText(1, id);
    ASSIGN_OR_RETURN(bool found, get_.Step());
    if (!found) return std::optional<Document>();
    ASSIGN_OR_RETURN(Document doc, DocumentFromRow(SqliteRow(get_), path_));
    return std::optional<Document>(std::move(doc));
  }

  Result<std::vector<DocumentSummary>> ListDocuments() override {
    ResetOnExit reset(list_);
    std::vector<DocumentSummary> rows;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, list_.Step());
      if (!more) break;
      ASSIGN_OR_RETURN(DocumentSummary row, SummaryFromRow(SqliteRow(list_), path_));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Result<std::vector<DocumentSummary>> ListDocumentsPage(size_t offset, size_t limit) override {
    ASSIGN_OR_RETURN(Statement * page, Cached(Sql().list_page));
    ResetOnExit reset(*page);
    page->BindInt64(1, static_cast<int64_t>(std::min<size_t>(offset, INT64_MAX)));
    page->BindInt64(2, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
    std::vector<DocumentSummary> rows;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, page->Step());
      if (!more) break;
      ASSIGN_OR_RETURN(DocumentSummary row, SummaryFromRow(SqliteRow(*page), path_));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Result<std::vector<DocumentSummary>> GetSummaries(
      const std::vector<std::string>& ids) override {
    std::vector<DocumentSummary> rows;
    std::unordered_set<std::string_view> seen;
    ASSIGN_OR_RETURN(Statement * summary, Cached(Sql().summary));
    for (const std::string& id : ids) {
      if (!seen.insert(id).second) continue;
      ResetOnExit reset(*summary);
      summary->BindText(1, id);
      ASSIGN_OR_RETURN(bool found, summary->Step());
      if (!found) continue;
      ASSIGN_OR_RETURN(DocumentSummary row, SummaryFromRow(SqliteRow(*summary), path_));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Result<int64_t> CountDocuments() override {
    ResetOnExit reset(count_);
    ASSIGN_OR_RETURN(bool row, count_.Step());
    if (!row) return DatabaseError(path_ + ": COUNT(*) returned no row");
    return count_.Int64(0);
  }

  Result<int> SchemaVersion() override {
    ResetOnExit reset(version_);
    ASSIGN_OR_RETURN(bool row, version_.Step());
    if (!row) return DatabaseError(path_ + ": user_version returned no row");
    return static_cast<int>(version_.Int64(0));
  }

  Status PutClaims(const std::string& doc_id, const std::vector<Claim>& claims,
                   int extractor_version) override {
    return InWriteTransaction([&] { return WriteClaims(doc_id, claims, extractor_version); });
  }

  Result<std::vector<Claim>> ListClaims(const std::vector<std::string>& doc_ids) override {
    std::vector<Claim> claims;
    if (doc_ids.empty()) {
      ResetOnExit reset(list_claims_);
      RETURN_IF_ERROR(ReadClaims(list_claims_, &claims));
      return claims;
    }
    for (const std::string& id : doc_ids) {
      ResetOnExit reset(doc_claims_);
      doc_claims_.BindText(1, id);
      RETURN_IF_ERROR(ReadClaims(doc_claims_, &claims));
    }
    return claims;
  }

  Result<std::optional<int>> ClaimsVersion(const std::string& doc_id) override {
    ResetOnExit reset(claims_version_);
    claims_version_.BindText(1, doc_id);
    ASSIGN_OR_RETURN(bool found, claims_version_.Step());
    if (!found) return std::optional<int>();
    return std::optional<int>(static_cast<int>(claims_version_.Int64(0)));
  }

  // Search: the union of two bounded scans, ranked by bm25.
  //
  // A document matches when every query word is in its title or text as
  // written (documents_fts: case and diacritics folded) or, for a word with a
  // stem, in its index_stems; or, for an English document, when every word
  // matches its title or text by porter stem (documents_fts_en; a word as
  // written matches its own stem too, so English documents need only this
  // index). Each index is scanned newest first (by seq, which FTS5 walks
  // in its own order without sorting) for at most kSearchCandidates matches,
  // and those are ranked by warta_bm25 (title weighed 4, text and stems 1); scores
  // of the two indexes are merged as they are (a document found by both
  // keeps the higher). So a rare word ranks every match, while a word found
  // in half a million documents costs a thousand scores: its results
  // are the best among the newest matches. Snippets are made for the page
  // returned only.
  Result<std::vector<SearchHit>> Search(const SearchQuery& query) override {
    ASSIGN_OR_RETURN(std::vector<SearchWord> words, QueryWords(query));
    std::vector<SearchHit> hits;
    if (words.empty()) return hits;
    std::string folded, english;
    for (const SearchWord& w : words) {
      if (!folded.empty()) {
        folded += " AND ";
        english += " AND ";
      }
      folded += "({title text} : " + Fts5Quote(w.word);
      if (!w.stem.empty()) folded += " OR index_stems : " + Fts5Quote(w.stem);
      folded += ")";
      english += Fts5Quote(w.word);
    }
    std::vector<Candidate> candidates;
    if (query.lang != "en") {
      RETURN_IF_ERROR(FindCandidates(query.lang.empty() ? kSearchAllSql : kSearchLangSql, folded,
                                     query.lang, false, &candidates));
    }
    if (query.lang.empty() || query.lang == "en") {
      RETURN_IF_ERROR(FindCandidates(kSearchEnglishSql, english, "", true, &candidates));
    }
    // One entry per document, the better score first, then the newer.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      return a.seq != b.seq ? a.seq < b.seq : a.score > b.score;
    });
    candidates.erase(
        std::unique(candidates.begin(), candidates.end(),
                    [](const Candidate& a, const Candidate& b) { return a.seq == b.seq; }),
        candidates.end());
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      return a.score != b.score ? a.score > b.score : a.seq > b.seq;
    });
    if (query.offset >= candidates.size()) return hits;
    std::span<const Candidate> page(candidates.data() + query.offset,
                                    std::min(query.limit, candidates.size() - query.offset));
    // The page's ids and snippets, one scan per index; a document deleted
    // since the ranking is left out.
    std::map<int64_t, std::pair<std::string, std::string>> found;  // seq -> id, snippet
    for (bool en : {false, true}) {
      int64_t lo = INT64_MAX, hi = INT64_MIN;
      std::string seqs;
      for (const Candidate& c : page) {
        if (c.english != en) continue;
        lo = std::min(lo, c.seq);
        hi = std::max(hi, c.seq);
        seqs += (seqs.empty() ? "[" : ",") + std::to_string(c.seq);
      }
      if (seqs.empty()) continue;
      seqs += "]";
      ASSIGN_OR_RETURN(Statement * snippet, Cached(en ? kSnippetEnglishSql : kSnippetSql));
      ResetOnExit reset(*snippet);
      snippet->BindText(1, en ? english : folded);
      snippet->BindInt64(2, lo);
      snippet->BindInt64(3, hi);
      snippet->BindText(4, seqs);
      for (;;) {
        ASSIGN_OR_RETURN(bool more, snippet->Step());
        if (!more) break;
        found[snippet->Int64(0)] = {snippet->Bytes(1), snippet->Bytes(2)};
      }
    }
    for (const Candidate& c : page) {
      auto it = found.find(c.seq);
      if (it != found.end()) hits.push_back(SearchHit{it->second.first, c.score, it->second.second});
    }
    return hits;
  }

  Status OptimizeSearch() override {
    if (sqlite3_get_autocommit(db_.get()) == 0) {
      return FailedPrecondition(path_ + ": the search index cannot be optimised inside a batch");
    }
    // A negative 'merge' puts every b-tree on one level and merges about
    // that many pages per statement; fewer than two rows changed means the
    // index is one b-tree (FTS5's documented way to optimise in steps).
    for (const char* table : {"documents_fts", "documents_fts_en"}) {
      const std::string merge = std::string("INSERT INTO ") + table + "(" + table +
                                ", rank) VALUES('merge', -" +
                                std::to_string(kSearchMergePages) + ")";
      for (;;) {
        const int64_t before = sqlite3_total_changes64(db_.get());
        RETURN_IF_ERROR(Exec(db_.get(), path_, merge, "merging the search index"));
        if (sqlite3_total_changes64(db_.get()) - before < 2) break;
      }
    }
    return Status::Ok();
  }

  // --- The work queue.

  Status Enqueue(const RawArticle& raw) override {
    return InWriteTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(Statement * insert, Cached(Sql().enqueue));
      insert->BindText(1, raw.id);
      insert->BindText(2, raw.origin);
      insert->BindText(3, ContentKindName(raw.kind));
      insert->BindBlob(4, raw.content);
      insert->BindTextOrNull(5, raw.url);
      insert->BindTextOrNull(6, raw.outlet);
      insert->BindTextOrNull(7, raw.published);
      insert->BindTextOrNull(8, raw.title);
      insert->BindTextOrNull(9, raw.lang);
      insert->BindInt64(10, static_cast<int64_t>(raw.repaired_bytes));
      insert->BindInt64(11, NowSeconds());
      insert->BindTextOrNull(12, raw.author);
      insert->BindTextOrNull(13, raw.charset);
      return insert->Run().WithContext("enqueueing " + raw.id);
    });
  }

  // The batch holds the write lock, so no other process claims meanwhile;
  // claimed_upto_ keeps this batch from taking its own claims twice.
  Result<std::vector<QueuedArticle>> ClaimQueued(size_t n) override {
    if (!in_batch_) return FailedPrecondition("ClaimQueued outside a batch");
    return InWriteTransaction([&]() -> Result<std::vector<QueuedArticle>> {
      ASSIGN_OR_RETURN(Statement * claim, Cached(Sql().claim_queued));
      ResetOnExit reset(*claim);
      claim->BindInt64(1, claimed_upto_);
      claim->BindInt64(2, static_cast<int64_t>(std::min<size_t>(n, INT64_MAX)));
      std::vector<QueuedArticle> claimed;
      for (;;) {
        ASSIGN_OR_RETURN(bool more, claim->Step());
        if (!more) break;
        ASSIGN_OR_RETURN(QueuedArticle a, QueuedFromRow(SqliteRow(*claim), path_));
        claimed_upto_ = std::max(claimed_upto_, a.seq);
        claimed.push_back(std::move(a));
      }
      return claimed;
    });
  }

  Status DoneQueued(int64_t seq) override {
    return InWriteTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(Statement * done, Cached(kDoneSql));
      done->BindInt64(1, seq);
      RETURN_IF_ERROR(done->Run());
      if (sqlite3_changes64(db_.get()) == 0) {
        return NotFound("no queued article " + std::to_string(seq));
      }
      return Status::Ok();
    });
  }

  Status FailQueued(int64_t seq, const std::string& error, int max_attempts) override {
    return InWriteTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(Statement * fail, Cached(kFailSql));
      fail->BindInt64(1, seq);
      fail->BindText(2, error);
      fail->BindInt64(3, max_attempts);
      RETURN_IF_ERROR(fail->Run());
      if (sqlite3_changes64(db_.get()) == 0) {
        return NotFound("no queued article " + std::to_string(seq));
      }
      return Status::Ok();
    });
  }

  Result<QueueCounts> CountQueue() override {
    ASSIGN_OR_RETURN(Statement * count, Cached(kCountQueueSql));
    ResetOnExit reset(*count);
    QueueCounts counts;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, count->Step());
      if (!more) break;
      (count->Bytes(0) == "failed" ? counts.failed : counts.queued) = count->Int64(1);
    }
    return counts;
  }

  // --- Stories and copies.

  Result<bool> TryLockStage(const std::string& name) override {
    if (!in_batch_) return FailedPrecondition("TryLockStage(" + name + ") outside a batch");
    return true;  // the batch holds the database's write lock
  }

  Result<std::string> GetStageState(const std::string& name) override {
    ASSIGN_OR_RETURN(Statement * get, Cached(kGetStageSql));
    ResetOnExit reset(*get);
    get->BindText(1, name);
    ASSIGN_OR_RETURN(bool found, get->Step());
    return found ? get->Bytes(0) : std::string();
  }

  Status PutStageState(const std::string& name, std::string_view state) override {
    return InWriteTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(Statement * put, Cached(kPutStageSql));
      put->BindText(1, name);
      put->BindBlob(2, state);
      return put->Run().WithContext("state of stage " + name);
    });
  }

  Result<std::vector<std::string>> ListUnassigned(size_t limit) override {
    ASSIGN_OR_RETURN(Statement * list, Cached(kUnassignedSql));
    ResetOnExit reset(*list);
    list->BindInt64(1, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
    std::vector<std::string> ids;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, list->Step());
      if (!more) return ids;
      ids.push_back(list->Bytes(0));
    }
  }

  Status PutStories(const std::vector<StoryRecord>& stories) override {
    return InWriteTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(Statement * put, Cached(Sql().put_story));
      for (const StoryRecord& story : stories) {
        ASSIGN_OR_RETURN(std::string languages, LanguagesToJson(story));
        put->BindText(1, story.id);
        put->BindText(2, story.label);
        put->BindInt64(3, story.size);
        put->BindTextOrNull(4, story.first_seen);
        put->BindTextOrNull(5, story.last_seen);
        put->BindText(6, languages);
        RETURN_IF_ERROR(put->Run().WithContext("story " + story.id));
      }
      return Status::Ok();
    });
  }

  Status PutStoryMembers(const std::vector<StoryMember>& members) override {
    return InWriteTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(Statement * put, Cached(kPutMemberSql));
      ASSIGN_OR_RETURN(Statement * seen, Cached(kDropPendingSql));
      for (const StoryMember& m : members) {
        put->BindText(1, m.doc_id);
        put->BindText(2, m.story_id);
        put->BindDoubleOrNull(3, m.similarity);
        RETURN_IF_ERROR(put->Run().WithContext("story member " + m.doc_id));
        if (sqlite3_changes64(db_.get()) == 0) {
          return NotFound("no document '" + m.doc_id + "' for story " + m.story_id);
        }
        seen->BindText(1, m.doc_id);
        RETURN_IF_ERROR(seen->Run());
      }
      return Status::Ok();
    });
  }

  Result<std::vector<StoryRecord>> ListStories() override {
    ASSIGN_OR_RETURN(Statement * list, Cached(Sql().list_stories));
    ResetOnExit reset(*list);
    std::vector<StoryRecord> stories;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, list->Step());
      if (!more) return stories;
      ASSIGN_OR_RETURN(StoryRecord story, StoryFromRow(SqliteRow(*list), path_));
      stories.push_back(std::move(story));
    }
  }

  Result<StoryPage> ListStoryPage(const StoryQuery& query) override {
    static constexpr SqlDialect kDialect = {"?", "", "instr", ""};
    ASSIGN_OR_RETURN(StoryPageSql sql, BuildStoryPageSql(query, kDialect));
    StoryPage page;
    ASSIGN_OR_RETURN(Statement * count, CachedOwned(std::move(sql.count)));
    {
      ResetOnExit reset(*count);
      BindAll(count, sql.count_params);
      ASSIGN_OR_RETURN(bool row, count->Step());
      if (row) page.total = count->Int64(0);
    }
    ASSIGN_OR_RETURN(Statement * select, CachedOwned(std::move(sql.select)));
    ResetOnExit reset(*select);
    BindAll(select, sql.select_params);
    for (;;) {
      ASSIGN_OR_RETURN(bool more, select->Step());
      if (!more) break;
      ASSIGN_OR_RETURN(StoryRecord story, StoryFromRow(SqliteRow(*select), path_));
      page.stories.push_back(std::move(story));
    }
    FinishStoryPage(query, &page);
    return page;
  }

  Result<std::optional<StoryRecord>> GetStory(const std::string& id) override {
    ASSIGN_OR_RETURN(Statement * get, Cached(Sql().get_story));
    ResetOnExit reset(*get);
    get->BindText(1, id);
    ASSIGN_OR_RETURN(bool found, get->Step());
    if (!found) return std::optional<StoryRecord>();
    ASSIGN_OR_RETURN(StoryRecord story, StoryFromRow(SqliteRow(*get), path_));
    return std::optional<StoryRecord>(std::move(story));
  }

  Result<std::vector<StoryMember>> ListStoryMembers(const std::string& story_id) override {
    ASSIGN_OR_RETURN(Statement * list, Cached(Sql().list_members));
    ResetOnExit reset(*list);
    list->BindText(1, story_id);
    std::vector<StoryMember> members;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, list->Step());
      if (!more) return members;
      members.push_back(MemberFromRow(SqliteRow(*list)));
    }
  }

  Result<std::optional<StoryMember>> GetStoryMember(const std::string& doc_id) override {
    ASSIGN_OR_RETURN(Statement * get, Cached(Sql().get_member));
    ResetOnExit reset(*get);
    get->BindText(1, doc_id);
    ASSIGN_OR_RETURN(bool found, get->Step());
    if (!found) return std::optional<StoryMember>();
    return std::optional<StoryMember>(MemberFromRow(SqliteRow(*get)));
  }

  Status PutDuplicate(const DuplicateLink& link) override {
    RETURN_IF_ERROR(CheckDuplicateKind(link));
    return InWriteTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(Statement * put, Cached(kPutDuplicateSql));
      put->BindText(1, link.doc_id);
      put->BindText(2, link.original_id);
      put->BindText(3, link.kind);
      put->BindDoubleOrNull(4, link.similarity);
      RETURN_IF_ERROR(put->Run().WithContext("duplicate " + link.doc_id));
      if (sqlite3_changes64(db_.get()) == 0) {
        return NotFound("duplicate link " + link.doc_id + " -> " + link.original_id +
                        ": no such document");
      }
      return Status::Ok();
    });
  }

  Result<StoredLedger> GetStoryLedger(const std::string& story_id, int format) override {
    ASSIGN_OR_RETURN(Statement * get, Cached(kGetLedgerSql));
    ResetOnExit reset(*get);
    get->BindText(1, story_id);
    get->BindInt64(2, format);
    ASSIGN_OR_RETURN(bool found, get->Step());
    StoredLedger stored;
    if (!found) return stored;
    stored.generation = get->Int64(0);
    if (!get->IsNull(1)) stored.bytes = get->Bytes(1);
    return stored;
  }

  Result<bool> PutStoryLedger(const std::string& story_id, int64_t generation, int format,
                              std::string_view bytes) override {
    return InWriteTransaction([&]() -> Result<bool> {
      ASSIGN_OR_RETURN(Statement * put, Cached(kPutLedgerSql));
      put->BindText(1, story_id);
      put->BindInt64(2, generation);
      put->BindInt64(3, format);
      put->BindBlob(4, bytes);
      RETURN_IF_ERROR(put->Run().WithContext("ledger of story " + story_id));
      return sqlite3_changes64(db_.get()) > 0;
    });
  }

  Result<std::vector<std::string>> ListStaleLedgers(int format, const std::string& after_id,
                                                    size_t limit) override {
    ASSIGN_OR_RETURN(Statement * list, Cached(kStaleLedgersSql));
    ResetOnExit reset(*list);
    list->BindInt64(1, format);
    list->BindText(2, after_id);
    list->BindInt64(3, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
    std::vector<std::string> ids;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, list->Step());
      if (!more) return ids;
      ids.push_back(list->Bytes(0));
    }
  }

  Result<std::optional<DuplicateLink>> GetDuplicate(const std::string& doc_id) override {
    ASSIGN_OR_RETURN(Statement * get, Cached(Sql().get_duplicate));
    ResetOnExit reset(*get);
    get->BindText(1, doc_id);
    ASSIGN_OR_RETURN(bool found, get->Step());
    if (!found) return std::optional<DuplicateLink>();
    return std::optional<DuplicateLink>(DuplicateFromRow(SqliteRow(*get)));
  }

 private:
  // A search match before ranking: its seq, its score (higher is better),
  // and which index found it.
  struct Candidate {
    int64_t seq = 0;
    double score = 0;
    bool english = false;
  };

  // Appends the newest kSearchCandidates matches of `match` found by `sql`
  // (kSearch*Sql; `lang` for kSearchLangSql).
  Status FindCandidates(std::string_view sql, const std::string& match, const std::string& lang,
                        bool english, std::vector<Candidate>* out) {
    int64_t max_seq = 0;
    {
      ASSIGN_OR_RETURN(Statement * next, Cached(kNextSeqSql));
      ResetOnExit reset(*next);
      ASSIGN_OR_RETURN(bool row, next->Step());
      if (row) max_seq = next->Int64(0) - 1;
    }
    ASSIGN_OR_RETURN(Statement * search, Cached(sql));
    ResetOnExit reset(*search);
    search->BindText(1, match);
    search->BindInt64(2, kSearchCandidates);
    if (!lang.empty()) search->BindText(3, lang);
    search->BindInt64(4, max_seq);
    for (;;) {
      ASSIGN_OR_RETURN(bool more, search->Step());
      if (!more) return Status::Ok();
      out->push_back(Candidate{search->Int64(0), search->DoubleOrNull(1).value_or(0), english});
    }
  }

  // The statement for `sql`, compiled on first use and kept. `sql` must be
  // one of the constants above (static storage: the key is the view).
  Result<Statement*> Cached(std::string_view sql) {
    auto it = cached_.find(sql);
    if (it == cached_.end()) {
      ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(db_.get(), path_, sql));
      it = cached_.emplace(sql, std::move(statement)).first;
    }
    return &it->second;
  }

  // Cached for SQL made at run time (a few variants of a statement): the
  // text is kept here, so the cache's view of it stays valid.
  Result<Statement*> CachedOwned(std::string sql) {
    return Cached(*owned_sql_.insert(std::move(sql)).first);
  }

  static void BindAll(Statement* statement, const std::vector<SqlParam>& params) {
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      if (params[i].is_int) {
        statement->BindInt64(index, params[i].i);
      } else {
        statement->BindText(index, params[i].s);
      }
    }
  }


  // Opens a write transaction; on a read-only file, says so (naming the
  // file and why) instead of SQLite's "attempt to write a readonly
  // database" under the SQL of the first write.
  Status Begin() {
    if (!read_only_.empty()) return ReadOnly(path_, read_only_);
    return begin_.Run();
  }

  // Runs `body` (returning Status or Result<T>) inside the open batch, or in
  // a transaction of its own that is committed when `body` succeeds and
  // rolled back when it fails.
  template <typename Body>
  auto InWriteTransaction(Body&& body) -> decltype(body()) {
    if (in_batch_) {
      if (sqlite3_get_autocommit(db_.get()) != 0) {
        return DatabaseError(path_ +
                             ": the batch was abandoned by SQLite after an "
                             "earlier error; roll it back and start again");
      }
      return body();
    }
    RETURN_IF_ERROR(Begin());
    auto result = body();
    if (!StatusOf(result).ok()) {
      RollbackIfOpen();
      return result;
    }
    Status committed = commit_.Run();
    if (!committed.ok()) {
      RollbackIfOpen();
      return committed;
    }
    return result;
  }

  // Replaces the claims of `doc_id`, inside an open transaction.
  Status WriteClaims(const std::string& doc_id, const std::vector<Claim>& claims,
                     int extractor_version) {
    ASSIGN_OR_RETURN(std::optional<int> version, ClaimsVersion(doc_id));
    if (!version.has_value()) return NotFound("no document '" + doc_id + "' for its claims");
    delete_claims_.BindText(1, doc_id);
    RETURN_IF_ERROR(delete_claims_.Run());
    int64_t seq = 0;
    for (const Claim& c : claims) {
      ASSIGN_OR_RETURN(std::string via, ViaToJson(c, doc_id));
      Statement& w = insert_claim_;
      w.BindText(1, doc_id);
      w.BindInt64(2, seq++);
      w.BindInt64(3, static_cast<int64_t>(c.start));
      w.BindInt64(4, static_cast<int64_t>(c.end));
      w.BindInt64(5, static_cast<int64_t>(c.text_start));
      w.BindInt64(6, static_cast<int64_t>(c.text_end));
      w.BindText(7, c.quote);
      w.BindDoubleOrNull(8, c.value);
      w.BindDoubleOrNull(9, c.min);
      w.BindDoubleOrNull(10, c.max);
      w.BindTextOrNull(11, c.qualifier);
      w.BindText(12, c.what);
      w.BindTextOrNull(13, c.what_text);
      w.BindTextOrNull(14, c.subject);
      w.BindTextOrNull(15, c.location);
      w.BindText(16, c.source);
      w.BindTextOrNull(17, c.source_mention);
      w.BindText(18, via);
      w.BindTextOrNull(19, c.cue);
      w.BindText(20, c.stance);
      w.BindTextOrNull(21, c.said_date);
      w.BindTextOrNull(22, c.event_date);
      w.BindTextOrNull(23, c.lang);
      RETURN_IF_ERROR(w.Run().WithContext("claims of " + doc_id));
    }
    set_claims_version_.BindText(1, doc_id);
    set_claims_version_.BindInt64(2, extractor_version);
    return set_claims_version_.Run();
  }

  // Appends the rows of a claims SELECT (kClaimColumns) to `out`.
  Status ReadClaims(Statement& rows, std::vector<Claim>* out) const {
    for (;;) {
      ASSIGN_OR_RETURN(bool more, rows.Step());
      if (!more) return Status::Ok();
      ASSIGN_OR_RETURN(Claim c, ClaimFromRow(SqliteRow(rows), path_));
      out->push_back(std::move(c));
    }
  }

  // Puts `row` by the rules of DecidePut (rows.h), inside an open
  // transaction.
  Result<PutResult> Put(const DocumentRow& row) {
    const Document& doc = *row.doc;
    ASSIGN_OR_RETURN(
        PutDecision decision,
        DecidePut(
            doc, [&](const std::string& id) { return LookUp(hash_by_id_, id); },
            [&](const std::string& hash) { return LookUp(id_by_hash_, hash); }));
    if (decision.write == PutDecision::Write::kNone) return decision.result;
    const bool update = decision.write == PutDecision::Write::kUpdate;
    int64_t seq = 0;
    if (!update) {
      ASSIGN_OR_RETURN(Statement * next, Cached(kNextSeqSql));
      ResetOnExit reset(*next);
      ASSIGN_OR_RETURN(bool found, next->Step());
      if (!found) return DatabaseError(path_ + ": MAX(seq) returned no row");
      seq = next->Int64(0);
    }
    Statement& write = update ? update_ : insert_;
    write.BindText(1, doc.id);
    write.BindText(2, doc.origin);
    write.BindText(3, doc.content_hash);
    write.BindText(4, row.kind);
    write.BindBlob(5, doc.content);
    write.BindText(6, doc.text);
    write.BindBlob(7, row.offset_map);
    const Metadata& meta = doc.meta;
    write.BindTextOrNull(8, meta.title);
    write.BindTextOrNull(9, meta.author);
    write.BindTextOrNull(10, meta.outlet);
    write.BindTextOrNull(11, meta.dateline);
    write.BindTextOrNull(12, meta.published);
    write.BindTextOrNull(13, meta.modified);
    write.BindTextOrNull(14, meta.url);
    write.BindTextOrNull(15, meta.lang);
    write.BindText(16, row.provenance);
    write.BindInt64(17, row.content_bytes);
    write.BindInt64(18, row.text_bytes);
    write.BindInt64(19, row.ingested_at);
    write.BindText(20, doc.index_stems);
    if (!update) write.BindInt64(21, seq);
    RETURN_IF_ERROR(write.Run().WithContext("document " + doc.id));
    if (update) {
      // New content: the claims, story and copy link of the old one no
      // longer hold; the story stage sees the document again.
      delete_claims_.BindText(1, doc.id);
      RETURN_IF_ERROR(delete_claims_.Run());
      for (std::string_view sql : {kDropMemberSql, kDropDuplicateSql}) {
        ASSIGN_OR_RETURN(Statement * drop, Cached(sql));
        drop->BindText(1, doc.id);
        RETURN_IF_ERROR(drop->Run());
      }
    }
    ASSIGN_OR_RETURN(Statement * pending, Cached(kAddPendingSql));
    pending->BindText(1, doc.id);
    RETURN_IF_ERROR(pending->Run());
    return WrittenPut(doc, decision);
  }

  // The one text column of the one row `lookup` finds for `key`, if any.
  static Result<std::optional<std::string>> LookUp(Statement& lookup, const std::string& key) {
    ResetOnExit reset(lookup);
    lookup.BindText(1, key);
    ASSIGN_OR_RETURN(bool found, lookup.Step());
    if (!found) return std::optional<std::string>();
    return std::optional<std::string>(lookup.Bytes(0));
  }

  void RollbackIfOpen() {
    // Called on a path that already returns an error; should the rollback
    // fail too, SQLite rolls the transaction back when the connection closes.
    if (sqlite3_get_autocommit(db_.get()) == 0) (void)rollback_.Run();
  }

  const std::string path_;
  DbHandle db_;
  bool in_batch_ = false;
  // Declared after db_, so finalised before it closes. Each refers to path_.
  Statement begin_, commit_, rollback_;
  Statement hash_by_id_, id_by_hash_, insert_, update_;
  Statement get_, list_, count_, version_;
  Statement delete_claims_, insert_claim_, set_claims_version_, claims_version_;
  Statement list_claims_, doc_claims_;
  std::set<std::string> owned_sql_;               // see CachedOwned
  std::map<std::string_view, Statement> cached_;  // see Cached
  int64_t claimed_upto_ = 0;                      // the newest queue seq this batch claimed
  std::string read_only_;                         // why the file cannot be written, or empty
};

}  // namespace

std::span<const SqliteMigration> SqliteMigrations() { return kMigrations; }

Result<std::unique_ptr<Store>> OpenSqliteStore(
    const std::string& path, std::span<const SqliteMigration> migrations, StoreAccess access) {
  RETURN_IF_ERROR(CheckMigrationList(migrations));
  if (path.empty()) return InvalidArgument("empty SQLite database path");
  if (path.find('\0') != std::string::npos) {
    return InvalidArgument("SQLite database path holds a NUL byte");
  }
  const int newest = migrations.back().version;

  std::error_code exists_error;
  const bool existed = std::filesystem::exists(path, exists_error);
  const bool for_reading = access == StoreAccess::kReadOnly;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &raw,
      (for_reading ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
          SQLITE_OPEN_NOMUTEX,
      nullptr);
  DbHandle db(raw);  // closes even when the open failed
  if (rc != SQLITE_OK) {
    const std::string folder = FolderOf(path);
    std::error_code folder_error;
    if (!existed && !for_reading && std::filesystem::is_directory(folder, folder_error)) {
      if (std::string why = WhyNotWritable(folder, true); !why.empty()) {
        return DatabaseError("cannot create the database in " + folder + ": " + why);
      }
    }
    return SqliteError(db.get(), path, "cannot open");
  }
  // SQLite falls back to reading a file it may not write.
  std::string read_only;
  if (for_reading) {
    read_only = "opened for reading only";
  } else if (sqlite3_db_readonly(db.get(), "main") == 1) {
    read_only = WhyNotWritable(path, false);
    if (read_only.empty()) read_only = "SQLite could open it only for reading";
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);

  // Opening is lazy: the first read is what finds a file that is not SQLite
  // or whose header or schema pages are damaged.
  const char* kFirstRead = "SELECT COUNT(*) FROM sqlite_master";
  if (sqlite3_exec(db.get(), kFirstRead, nullptr, nullptr, nullptr) != SQLITE_OK) {
    if (read_only.empty()) {
      return SqliteError(db.get(), path, "not a SQLite database, or a damaged one");
    }
    // A WAL database needs its -shm file even to be read, and SQLite cannot
    // make one in a folder it may not write. Read-only media is what SQLite's
    // `immutable` flag is for; unless a -wal file holds commits not yet in
    // the database, which it would not see.
    std::error_code wal_error;
    const auto wal_bytes = std::filesystem::file_size(path + "-wal", wal_error);
    if (!wal_error && wal_bytes > 0) {
      return DatabaseError("database is read-only: " + path + " (" + read_only +
                           "), and its -wal file holds commits it cannot take in");
    }
    raw = nullptr;
    rc = sqlite3_open_v2((FileUri(path) + "?immutable=1").c_str(), &raw,
                         SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    db.reset(raw);
    if (rc != SQLITE_OK ||
        sqlite3_exec(db.get(), kFirstRead, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return SqliteError(db.get(), path,
                         "database is read-only (" + read_only +
                             "), and not a SQLite database or a damaged one");
    }
    sqlite3_extended_result_codes(db.get(), 1);
  }
  // A newer file is refused before anything (even the journal mode) changes.
  ASSIGN_OR_RETURN(int64_t version,
                   QueryInt(db.get(), path, "PRAGMA user_version",
                            "cannot read the schema version"));
  if (version > newest) return SchemaTooNew(path, version, newest, "database file");
  if (!read_only.empty() && version < newest) {
    return DatabaseError("database is read-only: " + path + " (" + read_only +
                         "), and its schema version " + std::to_string(version) +
                         " needs an upgrade to " + std::to_string(newest) +
                         ", which writes");
  }

  if (read_only.empty()) {
    RETURN_IF_ERROR(Exec(db.get(), path, "PRAGMA journal_mode = WAL",
                         "cannot switch to WAL journal mode"));
  }
  RETURN_IF_ERROR(Exec(db.get(), path, "PRAGMA synchronous = NORMAL",
                       "cannot set synchronous mode"));
  RETURN_IF_ERROR(Exec(db.get(), path, "PRAGMA foreign_keys = ON",
                       "cannot enable foreign keys"));

  // The usual case takes no lock, so opening never waits for a writer.
  if (version < newest) RETURN_IF_ERROR(Migrate(db.get(), path, migrations));
  RETURN_IF_ERROR(CheckSchema(db.get(), path, newest));

  if (RegisterWartaBm25(db.get()) != SQLITE_OK) {
    return SqliteError(db.get(), path, "cannot register the search ranking (is FTS5 built in?)");
  }
  auto store = std::make_unique<SqliteStore>(path, std::move(db), std::move(read_only));
  RETURN_IF_ERROR(store->PrepareStatements());
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, StoreAccess access) {
  return OpenSqliteStore(path, SqliteMigrations(), access);
}

}  // namespace warta
