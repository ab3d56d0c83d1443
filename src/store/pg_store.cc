// The PostgreSQL engine of the store: one database on a server, written
// through libpqxx by any number of processes at once.
//
// The tables, their meaning and the migration numbers are the SQLite
// engine's (sqlite_store.cc, docs/schema.md); only the types differ: BYTEA
// for the original bytes and the offset map, BIGINT for sizes and seconds,
// DOUBLE PRECISION for amounts, and COLLATE "C" on ids so that listings come
// in byte order whatever the database's locale. The schema version is the
// highest schema_migrations.version; there is no user_version to keep in step.
//
// Migrations. Opening reads the version without a lock, so the usual open of
// a current database never waits. When something is missing, each step runs
// in its own transaction that first takes pg_advisory_xact_lock(kMigrationLock)
// and reads the version again, so two processes opening a new database at
// once apply each step once. DDL is transactional in PostgreSQL: a killed
// migration leaves the version before it. A newer database is refused before
// anything is written.
//
// Puts under concurrency. Every transaction is READ COMMITTED, where each
// statement sees what was committed before it began. PutDocument reads the
// stored hash for the id and the stored id for the hash, as SQLite does, then
// writes: a new row with INSERT ... ON CONFLICT DO NOTHING, a changed one with
// UPDATE ... WHERE content_hash = <the hash just read>. If another writer got
// there first, the INSERT waits for it and then inserts nothing, or the UPDATE
// matches no row (or, inside a savepoint, hits the UNIQUE content_hash): the
// put then reads again and ends in kUnchanged, kDuplicate or kUpdated like
// any other put, never in an error (two UPDATEs that wait on each other's new
// content are a deadlock the server breaks; the savepoint turns that into one
// more read too). Batches are another matter: two batches putting the same
// documents, or raising the generations of the same stories (stored
// ledgers, version 6), in opposite orders can wait on each other's
// uncommitted rows, and the server then aborts one of them: the call that
// met the abort returns kUnavailable and the batch is gone, as with a lost
// connection (its puts are safe to run again; workers and the ingester
// redo it). A transaction of its own that meets a deadlock is run again.
// PutClaims first updates the document's claims_version, which locks the
// row, so two replacements of one document's claims run one after the
// other, and a story member's insert or move waits for one under way.
//
// Errors. Every libpqxx call sits inside one of the wrappers below, which turn
// exceptions into a kDatabase Status naming the database by its URL without
// the password (RedactPgUrl), and scrub the password from the server's words
// too. Text columns are TEXT and must be UTF-8 without NUL bytes (PostgreSQL
// cannot store a NUL in TEXT, and libpq would cut the value there), so such
// text is refused with kInvalidArgument before the database is touched; the
// original bytes are BYTEA and round-trip exactly, NULs and all.
//
// Connection loss. Outside a batch, a call that finds the connection gone
// before its commit was sent connects again and runs once more (nothing of
// the first run was stored); a commit whose answer was lost is not retried
// but reported (kUnavailable, outcome unknown; puts are idempotent). Inside a
// batch the loss is kUnavailable and the batch is gone: the store is outside
// any batch again, CommitBatch reports that nothing of it was stored, and the
// caller redoes it; the next call connects again.
//
// The work queue. ClaimQueued is SELECT ... FOR UPDATE SKIP LOCKED in the
// open batch: rows another batch holds are skipped, the rows taken stay
// locked until this batch ends, and a killed worker's rows are released with
// its connection. The story stage's lock is pg_try_advisory_xact_lock in the
// batch.
//
// SQL only ever carries values as bound parameters of prepared statements;
// the migration scripts and transaction control hold no outside values.
//
// Tested by store_test.cc (the suite both engines run) and pg_store_test.cc.
#include "pg_store.h"
#include "store_internal.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "rows.h"
#include "search_words.h"
#include "util/utf8.h"
#include "warta/claim.h"
#include "warta/document.h"
#include "warta/offset_map.h"
#include "warta/status.h"
#include "warta/store.h"
#include "watch_state_schema.h"

namespace warta {
namespace {

// ---------------------------------------------------------------------------
// Schema: the SQLite engine's versions, in PostgreSQL types.

constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE schema_migrations (
  version    INTEGER PRIMARY KEY,
  applied_at BIGINT NOT NULL
);
CREATE TABLE documents (
  id            TEXT COLLATE "C" PRIMARY KEY,
  origin        TEXT NOT NULL,
  content_hash  TEXT COLLATE "C" NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('text', 'html')),
  content       BYTEA NOT NULL,
  text          TEXT NOT NULL,
  offset_map    BYTEA NOT NULL,
  title         TEXT,
  author        TEXT,
  outlet        TEXT,
  dateline      TEXT,
  published     TEXT,
  modified      TEXT,
  url           TEXT,
  lang          TEXT,
  provenance    TEXT NOT NULL DEFAULT '{}',
  content_bytes BIGINT NOT NULL,
  text_bytes    BIGINT NOT NULL,
  ingested_at   BIGINT NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_outlet ON documents (outlet);
)sql";

constexpr std::string_view kSchemaV2 = R"sql(
ALTER TABLE documents ADD COLUMN claims_version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE claims (
  doc_id         TEXT COLLATE "C" NOT NULL
                 REFERENCES documents (id) ON DELETE CASCADE,
  seq            BIGINT NOT NULL,
  start_byte     BIGINT NOT NULL,
  end_byte       BIGINT NOT NULL,
  text_start     BIGINT NOT NULL,
  text_end       BIGINT NOT NULL,
  quote          TEXT NOT NULL,
  value          DOUBLE PRECISION,
  min_value      DOUBLE PRECISION,
  max_value      DOUBLE PRECISION,
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

// Version 3: the SQLite engine's version 3 (see sqlite_store.cc).
//
// documents.seq, the ingest order, is taken from a sequence when a row is
// inserted and kept when it is updated; existing rows are numbered in the
// order they were ingested. Search: documents.search is a tsvector of the
// title (weight A) and text folded by the 'simple' configuration, plus
// index_stems (our stems, for Indonesian), plus for English documents the
// title and text through the 'english' configuration (Snowball stems), with
// a GIN index. warta_search_vector() computes it; the statements that write
// a document's text set it, so that writing claims_version leaves it alone
// (a generated column would be computed again on every update of the row).
// Only the first 100,000 characters of the text and stems are indexed, as a
// tsvector holds at most 1 MB. Unlike SQLite, 'simple' folds case but not
// diacritics (that needs the unaccent extension, which is not assumed).
// story_pending, the queue and the story tables are SQLite's.
constexpr std::string_view kSchemaV3 = R"sql(
ALTER TABLE documents ADD COLUMN seq BIGINT;
CREATE SEQUENCE documents_seq_seq OWNED BY documents.seq;
WITH ordered AS (
  SELECT id, row_number() OVER (ORDER BY ingested_at, id) AS n FROM documents)
UPDATE documents AS d SET seq = o.n FROM ordered AS o WHERE d.id = o.id;
SELECT setval('documents_seq_seq', COALESCE(MAX(seq), 0) + 1, false)
  FROM documents;
ALTER TABLE documents
  ALTER COLUMN seq SET DEFAULT nextval('documents_seq_seq'),
  ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX documents_seq ON documents (seq);
ALTER TABLE documents ADD COLUMN index_stems TEXT NOT NULL DEFAULT '';

CREATE FUNCTION warta_search_vector(title TEXT, body TEXT, stems TEXT,
                                    lang TEXT)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('simple', left(coalesce(title, ''), 1000)), 'A')
      || to_tsvector('simple', left(body, 100000))
      || to_tsvector('simple', left(stems, 100000))
      || CASE WHEN lang = 'en' THEN
           setweight(to_tsvector('english', left(coalesce(title, ''), 1000)),
                     'A')
           || to_tsvector('english', left(body, 100000))
         ELSE ''::tsvector END
$$;
ALTER TABLE documents ADD COLUMN search tsvector NOT NULL DEFAULT '';
UPDATE documents SET search = warta_search_vector(title, text, index_stems, lang);
CREATE INDEX documents_search ON documents USING GIN (search);

CREATE TABLE queue (
  seq            BIGSERIAL PRIMARY KEY,
  id             TEXT NOT NULL,
  origin         TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('text', 'html')),
  content        BYTEA NOT NULL,
  url            TEXT,
  outlet         TEXT,
  published      TEXT,
  title          TEXT,
  lang           TEXT,
  repaired_bytes BIGINT NOT NULL DEFAULT 0,
  attempts       INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT,
  state          TEXT NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued', 'failed')),
  enqueued_at    BIGINT NOT NULL
);
CREATE INDEX queue_state ON queue (state, seq);

CREATE TABLE stories (
  id         TEXT COLLATE "C" PRIMARY KEY,
  label      TEXT NOT NULL DEFAULT '',
  size       BIGINT NOT NULL DEFAULT 0,
  first_seen TEXT,
  last_seen  TEXT,
  languages  TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE story_members (
  doc_id     TEXT COLLATE "C" PRIMARY KEY
             REFERENCES documents (id) ON DELETE CASCADE,
  story_id   TEXT COLLATE "C" NOT NULL,
  similarity DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX story_members_story ON story_members (story_id);
CREATE TABLE story_pending (
  doc_seq BIGINT PRIMARY KEY,
  doc_id  TEXT COLLATE "C" NOT NULL UNIQUE
          REFERENCES documents (id) ON DELETE CASCADE
);
INSERT INTO story_pending (doc_seq, doc_id) SELECT seq, id FROM documents;
CREATE TABLE duplicates (
  doc_id      TEXT COLLATE "C" PRIMARY KEY
              REFERENCES documents (id) ON DELETE CASCADE,
  original_id TEXT COLLATE "C" NOT NULL
              REFERENCES documents (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
  similarity  DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX duplicates_original ON duplicates (original_id);
CREATE TABLE stage_state (
  name  TEXT COLLATE "C" PRIMARY KEY,
  state BYTEA NOT NULL
);
)sql";

// Version 4: the queued article's author and declared charset, as in
// SQLite's version 4.
constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE queue ADD COLUMN author TEXT;
ALTER TABLE queue ADD COLUMN charset TEXT;
)sql";

// Version 5: SQLite puts the documents' large columns last (see its version
// 5). PostgreSQL keeps large values out of the row already (TOAST), so
// reading a row's metadata never reads its text: nothing to change.
constexpr std::string_view kSchemaV5 = "SELECT 1;";

// Version 6: stored ledgers, as SQLite's version 6. The triggers call the
// functions that raise a story's generation (that of a document's story);
// each fires per row, like SQLite's.
constexpr std::string_view kSchemaV6 = R"sql(
CREATE TABLE story_gens (
  story_id TEXT COLLATE "C" PRIMARY KEY,
  gen      BIGINT NOT NULL
);
CREATE TABLE story_ledgers (
  story_id TEXT COLLATE "C" PRIMARY KEY,
  gen      BIGINT NOT NULL,
  format   INTEGER NOT NULL,
  ledger   BYTEA NOT NULL
);
CREATE FUNCTION warta_raise_story_gen(story TEXT) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO story_gens (story_id, gen) VALUES (story, 1)
  ON CONFLICT (story_id) DO UPDATE SET gen = story_gens.gen + 1
$$;
CREATE FUNCTION warta_raise_doc_story_gen(doc TEXT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM warta_raise_story_gen(story_id) FROM story_members WHERE doc_id = doc;
END
$$;
CREATE FUNCTION warta_story_members_ledger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A member joining or moving waits for a rewrite of its document's claims
  -- under way in another transaction (PutClaims holds the document's row),
  -- and such a rewrite waits for it: the claims' own triggers then see the
  -- new story and raise it. Without this, claims committed after the
  -- membership could have looked for the story before it and raised none.
  IF TG_OP <> 'DELETE' THEN
    PERFORM 1 FROM documents WHERE id = NEW.doc_id FOR SHARE;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM warta_raise_story_gen(NEW.story_id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM warta_raise_story_gen(OLD.story_id);
  ELSIF OLD.story_id IS DISTINCT FROM NEW.story_id THEN
    PERFORM warta_raise_story_gen(OLD.story_id);
    PERFORM warta_raise_story_gen(NEW.story_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER story_members_ledger AFTER INSERT OR DELETE OR UPDATE
  ON story_members FOR EACH ROW EXECUTE FUNCTION warta_story_members_ledger();
CREATE FUNCTION warta_claims_ledger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM warta_raise_doc_story_gen(NEW.doc_id);
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.doc_id IS DISTINCT FROM NEW.doc_id) THEN
    PERFORM warta_raise_doc_story_gen(OLD.doc_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER claims_ledger AFTER INSERT OR DELETE OR UPDATE
  ON claims FOR EACH ROW EXECUTE FUNCTION warta_claims_ledger();
CREATE FUNCTION warta_documents_ledger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.title IS DISTINCT FROM NEW.title OR OLD.outlet IS DISTINCT FROM NEW.outlet
     OR OLD.published IS DISTINCT FROM NEW.published THEN
    PERFORM warta_raise_doc_story_gen(NEW.id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER documents_ledger AFTER UPDATE OF title, outlet, published
  ON documents FOR EACH ROW EXECUTE FUNCTION warta_documents_ledger();
)sql";

// Version 7: the indexes of story pages, as SQLite's version 7 (with the
// byte order SQLite compares text in).
constexpr std::string_view kSchemaV7 = R"sql(
CREATE INDEX stories_by_size ON stories (size, id) WHERE size > 0;
CREATE INDEX stories_by_recent ON stories ((COALESCE(last_seen, '') COLLATE "C"), id)
  WHERE size > 0;
CREATE INDEX stories_by_id ON stories (id) WHERE size > 0;
)sql";

constexpr std::array<PgMigration, 9> kMigrations = {{
    {1, "initial schema", kSchemaV1},
    {2, "claims", kSchemaV2},
    {3, "search, queue and stories", kSchemaV3},
    {4, "queue author and charset", kSchemaV4},
    {5, "documents' large columns last (SQLite)", kSchemaV5},
    {6, "stored ledgers", kSchemaV6},
    {7, "story page indexes", kSchemaV7},
    {8, "fetch and watch state", kWatchStatePgSchema},  // watch_state_schema.h
    {9, "webhook deliveries", kWebhookPgSchema},        // watch_state_schema.h
}};
static_assert(kMigrations.back().version == kSchemaVersion,
              "add a PostgreSQL migration when bumping kSchemaVersion");

// The advisory lock that serialises migrations ("wartamig" in ASCII).
constexpr int64_t kMigrationLock = 0x77617274616d6967;

// How many times a transaction of its own that the server aborted (a
// deadlock) is run again before the call reports kUnavailable.
constexpr int kRollbackRetries = 3;

// How many times a put reads again after losing a race before giving up.
// Each retry means another writer committed this id or content in between;
// more than a few in a row means something is wrong.
constexpr int kPutAttempts = 8;

// Prepared statements, by name. Column lists come from the tables of
// rows.h, in the order the code binds and reads them.
struct PreparedSql {
  const char* name;
  std::string sql;
};

const std::vector<PreparedSql>& Statements() {
  static const std::vector<PreparedSql> statements = [] {
    const std::span<const std::string_view> doc(kDocumentWriteColumns);
    const std::string summary = "SELECT " + DocumentSelect(DocumentTail::kWithSizes) +
                                " FROM documents ";
    const std::string claims = "SELECT " + Columns(kClaimColumns) + " FROM claims ";
    return std::vector<PreparedSql>{
        {"hash_by_id", "SELECT content_hash FROM documents WHERE id = $1"},
        {"id_by_hash", "SELECT id FROM documents WHERE content_hash = $1"},
        // Affects one row (the story_pending one) when the document was new.
        {"insert", "WITH inserted AS (INSERT INTO documents (" + Columns(doc) +
                       ", search) VALUES (" + Placeholders(doc.size(), '$') +
                       ", warta_search_vector($8, $6, $20, $15)) ON CONFLICT DO NOTHING "
                       "RETURNING seq, id) "
                       "INSERT INTO story_pending (doc_seq, doc_id) SELECT seq, id FROM inserted"},
        // Only while the row still holds the content read ($21).
        {"update", "UPDATE documents SET " + Assignments(doc.subspan(1), 2, '$') +
                       ", claims_version = 0, search = warta_search_vector($8, $6, $20, $15) "
                       "WHERE id = $1 AND content_hash = $21"},
        // After new content: what was derived from the old one goes, and the
        // story stage sees the document again.
        {"forget_derived",
         "WITH claims_gone AS (DELETE FROM claims WHERE doc_id = $1), "
         "member_gone AS (DELETE FROM story_members WHERE doc_id = $1), "
         "copy_gone AS (DELETE FROM duplicates WHERE doc_id = $1) "
         "INSERT INTO story_pending (doc_seq, doc_id) SELECT seq, id FROM "
         "documents WHERE id = $1 ON CONFLICT DO NOTHING"},
        {"get", "SELECT " + DocumentSelect(DocumentTail::kWithBody) +
                    " FROM documents WHERE id = $1"},
        {"list", summary + "ORDER BY id"},
        {"list_page", summary + "ORDER BY id LIMIT $2 OFFSET $1"},
        {"summaries", summary + "WHERE id = ANY ($1::text[])"},
        {"count", "SELECT COUNT(*) FROM documents"},
        {"version", "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"},
        {"delete_claims", "DELETE FROM claims WHERE doc_id = $1"},
        {"insert_claim", "INSERT INTO claims (" + Columns(kClaimColumns) + ") VALUES (" +
                             Placeholders(kClaimColumns.size(), '$') + ")"},
        {"set_claims_version", "UPDATE documents SET claims_version = $2 WHERE id = $1"},
        {"claims_version", "SELECT claims_version FROM documents WHERE id = $1"},
        {"list_claims", claims + "ORDER BY doc_id, seq"},
        {"docs_claims", claims + "WHERE doc_id = ANY ($1::text[]) ORDER BY doc_id, seq"},
        {"enqueue", "INSERT INTO queue (" + Columns(kQueueWriteColumns) + ") VALUES (" +
                        Placeholders(kQueueWriteColumns.size(), '$') + ")"},
        // Rows another open batch holds are skipped, not waited for.
        {"claim", "SELECT " + Columns(kQueueReadColumns) +
                      " FROM queue WHERE state = 'queued' AND seq > $1 ORDER BY seq LIMIT $2 "
                      "FOR UPDATE SKIP LOCKED"},
        {"done", "DELETE FROM queue WHERE seq = $1"},
        {"fail",
         "UPDATE queue SET attempts = attempts + 1, last_error = $2, state = CASE "
         "WHEN attempts + 1 >= $3 THEN 'failed' ELSE 'queued' END WHERE seq = $1"},
        {"count_queue", "SELECT state, COUNT(*) FROM queue GROUP BY state"},
        {"lock_stage", "SELECT pg_try_advisory_xact_lock($1)"},
        {"get_stage", "SELECT state FROM stage_state WHERE name = $1"},
        {"put_stage",
         "INSERT INTO stage_state (name, state) VALUES ($1, $2) "
         "ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state"},
        {"unassigned", "SELECT doc_id FROM story_pending ORDER BY doc_seq LIMIT $1"},
        {"put_story", "INSERT INTO stories (" + Columns(kStoryColumns) + ") VALUES (" +
                          Placeholders(kStoryColumns.size(), '$') +
                          ") ON CONFLICT (id) DO UPDATE SET "
                          "label = EXCLUDED.label, size = EXCLUDED.size, "
                          "first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen, "
                          "languages = EXCLUDED.languages"},
        // Returns 0 when there is no such document.
        {"put_member",
         "WITH put AS (INSERT INTO story_members (doc_id, story_id, similarity) "
         "SELECT $1::text, $2::text, $3::double precision WHERE EXISTS "
         "(SELECT 1 FROM documents WHERE id = $1) ON CONFLICT (doc_id) DO UPDATE "
         "SET story_id = EXCLUDED.story_id, similarity = EXCLUDED.similarity "
         "RETURNING doc_id), "
         "seen AS (DELETE FROM story_pending WHERE doc_id IN (SELECT doc_id FROM put)) "
         "SELECT COUNT(*) FROM put"},
        {"list_stories",
         "SELECT " + Columns(kStoryColumns) + " FROM stories WHERE size > 0 ORDER BY id"},
        {"get_story", "SELECT " + Columns(kStoryColumns) + " FROM stories WHERE id = $1"},
        {"list_members", "SELECT " + Columns(kMemberColumns, "m.") +
                             " FROM story_members AS m JOIN documents AS d ON d.id = m.doc_id "
                             "WHERE m.story_id = $1 ORDER BY d.seq"},
        {"get_member",
         "SELECT " + Columns(kMemberColumns) + " FROM story_members WHERE doc_id = $1"},
        // Affects no row when either document is missing.
        {"put_duplicate",
         "INSERT INTO duplicates (doc_id, original_id, kind, similarity) "
         "SELECT $1::text, $2::text, $3::text, $4::double precision WHERE EXISTS "
         "(SELECT 1 FROM documents WHERE id = $1) AND EXISTS "
         "(SELECT 1 FROM documents WHERE id = $2) ON CONFLICT (doc_id) DO UPDATE "
         "SET original_id = EXCLUDED.original_id, kind = EXCLUDED.kind, "
         "similarity = EXCLUDED.similarity"},
        // Stored ledgers: as SQLite's statements.
        {"get_ledger",
         "SELECT g.gen, (SELECT l.ledger FROM story_ledgers AS l WHERE l.story_id = $1 "
         "AND l.format = $2 AND l.gen = g.gen) FROM (SELECT COALESCE((SELECT gen FROM "
         "story_gens WHERE story_id = $1), 0) AS gen) AS g"},
        {"put_ledger",
         "INSERT INTO story_ledgers (story_id, gen, format, ledger) "
         "SELECT $1::text, $2::bigint, $3::integer, $4::bytea "
         "WHERE COALESCE((SELECT gen FROM story_gens WHERE story_id = $1), 0) = $2 "
         "ON CONFLICT (story_id) DO UPDATE SET gen = EXCLUDED.gen, "
         "format = EXCLUDED.format, ledger = EXCLUDED.ledger "
         "WHERE story_ledgers.format <= EXCLUDED.format"},
        {"stale_ledgers",
         "SELECT s.id FROM stories AS s LEFT JOIN story_gens AS g ON g.story_id = s.id "
         "LEFT JOIN story_ledgers AS l ON l.story_id = s.id "
         "WHERE s.size > 0 AND s.id > $2 AND (l.story_id IS NULL OR l.format < $1 "
         "OR (l.format = $1 AND l.gen <> COALESCE(g.gen, 0))) ORDER BY s.id LIMIT $3"},
        {"get_duplicate",
         "SELECT " + Columns(kDuplicateColumns) + " FROM duplicates WHERE doc_id = $1"},
    };
  }();
  return statements;
}

// How many matches, newest first, a search ranks: see PgStore::Search.
constexpr int64_t kSearchCandidates = 1000;

// The stage locks' advisory keys: a 64-bit FNV-1a hash of the name, with
// its top byte set to 0x57 ('W') so that it never equals kMigrationLock.
int64_t StageLockKey(std::string_view name) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  hash = (hash & 0x00ffffffffffffffULL) | (uint64_t{0x57} << 56);
  return static_cast<int64_t>(hash);
}

// ---------------------------------------------------------------------------
// URLs and messages.

// The password in `url`, if any: the part after ':' in the user information
// of a URL, and the value of a password= query parameter.
std::vector<std::string> Secrets(std::string_view url) {
  std::vector<std::string> secrets;
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    std::string_view rest = url.substr(scheme + 3);
    size_t at = rest.find('@');
    size_t slash = rest.find('/');
    if (at != std::string_view::npos && (slash == std::string_view::npos || at < slash)) {
      std::string_view user_info = rest.substr(0, at);
      size_t colon = user_info.find(':');
      if (colon != std::string_view::npos && colon + 1 < user_info.size()) {
        secrets.emplace_back(user_info.substr(colon + 1));
      }
    }
  }
  size_t key = url.find("password=");
  while (key != std::string_view::npos) {
    size_t end = url.find('&', key);
    std::string_view value =
        url.substr(key + 9, end == std::string_view::npos ? end : end - key - 9);
    if (!value.empty()) secrets.emplace_back(value);
    key = url.find("password=", key + 9);
  }
  // libpq may quote the password as decoded (%40 -> @).
  size_t given = secrets.size();
  for (size_t i = 0; i < given; ++i) {
    std::string decoded;
    const std::string& secret = secrets[i];
    for (size_t k = 0; k < secret.size(); ++k) {
      int value = 0;
      if (secret[k] == '%' && k + 2 < secret.size() &&
          std::from_chars(secret.data() + k + 1, secret.data() + k + 3, value, 16).ptr ==
              secret.data() + k + 3) {
        decoded += static_cast<char>(value);
        k += 2;
      } else {
        decoded += secret[k];
      }
    }
    if (decoded != secret && !decoded.empty()) secrets.push_back(decoded);
  }
  return secrets;
}

// `message` with every secret replaced by ***, and its line breaks and tabs
// (libpq writes several lines) folded into single spaces.
std::string Scrub(std::string message, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    for (size_t at = message.find(secret); at != std::string::npos;
         at = message.find(secret, at + 3)) {
      message.replace(at, secret.size(), "***");
    }
  }
  std::string folded;
  folded.reserve(message.size());
  for (char c : message) {
    bool space = c == '\n' || c == '\t' || c == '\r' || c == ' ';
    if (space) {
      if (!folded.empty() && folded.back() != ' ') folded += ' ';
    } else {
      folded += c;
    }
  }
  while (!folded.empty() && folded.back() == ' ') folded.pop_back();
  return folded;
}

// True when `s` is well-formed UTF-8 without NUL: what a TEXT column holds.
bool IsStorableText(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t length = 0;
    if (DecodeUtf8(s, i, &length) <= 0) return false;  // NUL or invalid
    i += length;
  }
  return true;
}

// kInvalidArgument unless `value` can go into a TEXT column.
Status CheckText(std::string_view owner, std::string_view field, std::string_view value) {
  if (IsStorableText(value)) return Status::Ok();
  std::string message(owner);
  message += ": ";
  message += field;
  message +=
      " holds a NUL byte or invalid UTF-8, which a PostgreSQL TEXT column "
      "cannot store";
  return InvalidArgument(std::move(message));
}

// Nullable TEXT parameter: '' binds NULL (unknown metadata).
const char* OrNull(const std::string& value) { return value.empty() ? nullptr : value.c_str(); }

// A double as the shortest text that reads back as the same double.
std::string DoubleText(double value) {
  std::array<char, 64> buffer{};
  auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) return "NaN";
  return std::string(buffer.data(), end);
}

// The bytes of a TEXT column; NULL gives "".
std::string Text(const pqxx::field& field) {
  if (field.is_null()) return std::string();
  return std::string(field.c_str(), field.size());
}

// The bytes of a BYTEA column.
std::string Bytes(const pqxx::field& field) {
  if (field.is_null()) return std::string();
  return pqxx::binarystring(field).str();
}

std::optional<double> DoubleOrNull(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  double value = 0;
  std::string_view text(field.c_str(), field.size());
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw pqxx::conversion_error("not a number: " + std::string(text));
  }
  return value;
}

// A row of a result, for the readers of rows.h. Conversions throw libpqxx's
// exceptions, which InTransaction turns into a Status.
class PgRow final : public Row {
 public:
  explicit PgRow(const pqxx::row& row) : row_(row) {}
  std::string Text(int column) const override { return warta::Text(row_[column]); }
  std::string Blob(int column) const override { return Bytes(row_[column]); }
  int64_t Int64(int column) const override { return row_[column].as<int64_t>(); }
  std::optional<double> DoubleOrNull(int column) const override {
    return warta::DoubleOrNull(row_[column]);
  }
  bool IsNull(int column) const override { return row_[column].is_null(); }

 private:
  const pqxx::row& row_;
};



// `text` with NUL bytes and invalid UTF-8 replaced by U+FFFD (one for each
// byte), for messages kept in TEXT columns.
std::string ToStorableText(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t length = 0;
    if (DecodeUtf8(text, i, &length) > 0) {
      out.append(text.substr(i, length));
    } else {
      out += "\xef\xbf\xbd";
    }
    i += length;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Connecting and migrating. These run inside the try blocks of OpenPgStore.


// Whether the current schema holds a table named `table`. Read from
// pg_class with the statement's snapshot, not with to_regclass, whose catalog
// cache may still miss a table another opener created while we waited for the
// migration lock.
bool TableExists(pqxx::transaction_base& txn, const std::string& table) {
  pqxx::row row = txn.exec_params1(
      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN "
      "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
      "current_schema() AND c.relname = $1)",
      table);
  return row[0].as<bool>();
}

// The schema version seen by `txn`: 0 when there is no schema_migrations.
// A table whose versions are not 1..N is refused.
Result<int64_t> ReadVersion(pqxx::transaction_base& txn, const std::string& name) {
  if (!TableExists(txn, "schema_migrations")) return int64_t{0};
  pqxx::row row = txn.exec1("SELECT COALESCE(MAX(version), 0), COUNT(*) FROM schema_migrations");
  int64_t version = row[0].as<int64_t>();
  int64_t count = row[1].as<int64_t>();
  if (version != count) {
    return DatabaseError(name + ": schema_migrations holds " + std::to_string(count) +
                         " versions up to " + std::to_string(version) +
                         "; the database was altered by hand");
  }
  return version;
}

// Brings the database to the newest version, one locked transaction per step.
Status Migrate(pqxx::connection& conn, const std::string& name,
               std::span<const PgMigration> migrations) {
  const int newest = migrations.back().version;
  for (;;) {
    pqxx::work txn(conn, "warta_migrate");
    txn.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    ASSIGN_OR_RETURN(int64_t version, ReadVersion(txn, name));
    if (version > newest) return SchemaTooNew(name, version, newest, "database");
    if (version == newest) {
      txn.commit();
      return Status::Ok();
    }
    if (version == 0) {
      if (TableExists(txn, "documents") || TableExists(txn, "claims")) {
        return DatabaseError(name +
                             ": holds a documents or claims table but no "
                             "schema_migrations: not a Warta store; refusing "
                             "to change it");
      }
    }
    const PgMigration& step = migrations[static_cast<size_t>(version)];
    try {
      txn.exec(std::string(step.sql));
      txn.exec_params("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                      step.version, NowSeconds());
      txn.commit();
    } catch (const pqxx::sql_error& e) {
      return DatabaseError(name + ": schema migration to version " + std::to_string(step.version) +
                           " (" + std::string(step.name) + ") failed: " + e.what());
    }
  }
}

void PrepareStatements(pqxx::connection& conn) {
  for (const PreparedSql& statement : Statements()) {
    conn.prepare(statement.name, statement.sql);
  }
}

// A connection to `url`, in UTF-8, with the statements prepared.
// Throws libpqxx's exceptions; the callers catch them.
std::unique_ptr<pqxx::connection> Connect(const std::string& url) {
  auto conn = std::make_unique<pqxx::connection>(url);
  conn->set_client_encoding("UTF8");
  PrepareStatements(*conn);
  return conn;
}

// ---------------------------------------------------------------------------
// The engine.

// `items` as a PostgreSQL array literal for a text[] parameter: each item
// double-quoted, with " and \ escaped by a backslash. Items PostgreSQL
// cannot hold (a NUL byte, invalid UTF-8) are left out: no row has them.
std::string TextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& item : items) {
    if (!IsStorableText(item)) continue;
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

class PgStore final : public Store {
 public:
  PgStore(std::string url, std::string name, std::unique_ptr<pqxx::connection> conn)
      : url_(std::move(url)),
        name_(std::move(name)),
        secrets_(Secrets(url_)),
        conn_(std::move(conn)) {}

  ~PgStore() override {
    // A batch not committed is dropped: libpqxx aborts the transaction when
    // it is destroyed, and never throws from there. (A killed process never
    // gets here; the server rolls back when the connection closes.)
    batch_.reset();
  }

  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  Result<PutResult> PutDocument(const Document& doc) override {
    RETURN_IF_ERROR(CheckDocumentIdentity(doc));
    // What can fail without the database is done before it is touched.
    RETURN_IF_ERROR(CheckDocumentText(doc));
    ASSIGN_OR_RETURN(DocumentRow row, EncodeDocument(doc));
    return InTransaction("document " + doc.id, [&](pqxx::work& txn) { return Put(txn, row); });
  }

  Status BeginBatch() override {
    if (batch_ != nullptr) {
      return InvalidArgument("BeginBatch inside a batch: batches do not nest");
    }
    batch_lost_ = false;
    claimed_upto_ = 0;
    // An idle connection may have died unnoticed: the BEGIN finds out, and
    // one more connection is tried.
    for (int attempt = 0;; ++attempt) {
      RETURN_IF_ERROR(EnsureConnected());
      try {
        batch_ = std::make_unique<pqxx::work>(*conn_, "warta_batch");
        batch_error_.clear();
        return Status::Ok();
      } catch (const std::exception& e) {
        batch_.reset();
        Status failed = Failure("cannot begin a batch", e);
        if (!broken_ || attempt > 0) return failed;
      }
    }
  }

  Status CommitBatch() override {
    if (batch_ == nullptr) {
      if (batch_lost_) {
        batch_lost_ = false;
        return Unavailable(name_ + ": the batch was not stored: " + batch_lost_why_ +
                           "; nothing of it was stored");
      }
      return InvalidArgument("CommitBatch without BeginBatch");
    }
    std::unique_ptr<pqxx::work> batch = std::move(batch_);
    if (!batch_error_.empty()) {
      batch.reset();  // rolls back
      return DatabaseError(name_ +
                           ": the batch was abandoned after an "
                           "earlier error (" +
                           batch_error_ + "); nothing of it was stored");
    }
    try {
      batch->commit();
      return Status::Ok();
    } catch (const pqxx::in_doubt_error& e) {
      broken_ = true;
      return Unavailable(name_ +
                         ": the connection was lost while committing a "
                         "batch, so whether it was stored is unknown (" +
                         Scrub(e.what(), secrets_) + "); puts are idempotent: put the batch again");
    } catch (const std::exception& e) {
      Status failed = Failure("batch not stored", e);
      if (broken_) {
        return Unavailable(name_ +
                           ": the connection to the server was lost; the batch "
                           "was not stored: " +
                           failed.message());
      }
      return failed;
    }
  }

  Status RollbackBatch() override {
    if (batch_ == nullptr) {
      if (batch_lost_) {
        batch_lost_ = false;  // the server dropped it with the connection
        return Status::Ok();
      }
      return InvalidArgument("RollbackBatch without BeginBatch");
    }
    std::unique_ptr<pqxx::work> batch = std::move(batch_);
    try {
      batch->abort();
    } catch (const std::exception& e) {
      // The server drops the transaction with the connection anyway.
      NoteFailure(e);
    }
    return Status::Ok();
  }

  Result<std::optional<Document>> GetDocument(const std::string& id) override {
    if (!IsStorableText(id)) return std::optional<Document>();
    return InTransaction(
        "reading document " + id, [&](pqxx::work& txn) -> Result<std::optional<Document>> {
          pqxx::result rows = txn.exec_prepared("get", id);
          if (rows.empty()) return std::optional<Document>();
          ASSIGN_OR_RETURN(Document doc, DocumentFromRow(PgRow(rows[0]), name_));
          return std::optional<Document>(std::move(doc));
        });
  }

  Result<std::vector<DocumentSummary>> ListDocuments() override {
    return InTransaction(
        "listing documents", [&](pqxx::work& txn) -> Result<std::vector<DocumentSummary>> {
          pqxx::result rows = txn.exec_prepared("list");
          std::vector<DocumentSummary> list;
          list.reserve(rows.size());
          for (const pqxx::row& row : rows) {
            ASSIGN_OR_RETURN(DocumentSummary summary, SummaryFromRow(PgRow(row), name_));
            list.push_back(std::move(summary));
          }
          return list;
        });
  }

  Result<std::vector<DocumentSummary>> ListDocumentsPage(size_t offset, size_t limit) override {
    const int64_t from = static_cast<int64_t>(std::min<size_t>(offset, INT64_MAX));
    const int64_t n = static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX));
    return InTransaction(
        "listing documents", [&](pqxx::work& txn) -> Result<std::vector<DocumentSummary>> {
          std::vector<DocumentSummary> list;
          for (const pqxx::row& row : txn.exec_prepared("list_page", from, n)) {
            ASSIGN_OR_RETURN(DocumentSummary summary, SummaryFromRow(PgRow(row), name_));
            list.push_back(std::move(summary));
          }
          return list;
        });
  }

  // One round trip for the lot (id = ANY of an array), put back in the
  // order asked.
  Result<std::vector<DocumentSummary>> GetSummaries(
      const std::vector<std::string>& ids) override {
    std::vector<DocumentSummary> list;
    if (ids.empty()) return list;
    return InTransaction(
        "reading document summaries", [&](pqxx::work& txn) -> Result<std::vector<DocumentSummary>> {
          std::map<std::string, DocumentSummary> found;
          for (const pqxx::row& row : txn.exec_prepared("summaries", TextArray(ids))) {
            ASSIGN_OR_RETURN(DocumentSummary summary, SummaryFromRow(PgRow(row), name_));
            std::string id = summary.id;
            found.emplace(std::move(id), std::move(summary));
          }
          for (const std::string& id : ids) {
            auto it = found.find(id);
            if (it == found.end()) continue;  // not stored, or named before
            list.push_back(std::move(it->second));
            found.erase(it);
          }
          return list;
        });
  }

  Result<int64_t> CountDocuments() override {
    return InTransaction("counting documents", [&](pqxx::work& txn) -> Result<int64_t> {
      return txn.exec_prepared1("count")[0].as<int64_t>();
    });
  }

  Result<int> SchemaVersion() override {
    return InTransaction("reading the schema version", [&](pqxx::work& txn) -> Result<int> {
      return txn.exec_prepared1("version")[0].as<int>();
    });
  }

  Status PutClaims(const std::string& doc_id, const std::vector<Claim>& claims,
                   int extractor_version) override {
    if (!IsStorableText(doc_id)) {
      return NotFound("no document '" + doc_id + "' for its claims");
    }
    // Encoded and checked before the database is touched.
    std::vector<std::string> vias;
    vias.reserve(claims.size());
    for (const Claim& c : claims) {
      std::string owner = "claim of " + doc_id;
      for (const auto& [field, value] :
           {std::pair<const char*, const std::string*>{"quote", &c.quote},
            {"qualifier", &c.qualifier},
            {"what", &c.what},
            {"what_text", &c.what_text},
            {"subject", &c.subject},
            {"location", &c.location},
            {"source", &c.source},
            {"source_mention", &c.source_mention},
            {"cue", &c.cue},
            {"stance", &c.stance},
            {"said_date", &c.said_date},
            {"event_date", &c.event_date},
            {"lang", &c.lang}}) {
        RETURN_IF_ERROR(CheckText(owner, field, *value));
      }
      ASSIGN_OR_RETURN(std::string via, ViaToJson(c, doc_id));
      vias.push_back(std::move(via));
    }
    return InTransaction("claims of " + doc_id, [&](pqxx::work& txn) -> Status {
      // Locks the document's row: replacements of one document's claims
      // run one after another.
      pqxx::result set = txn.exec_prepared("set_claims_version", doc_id, extractor_version);
      if (set.affected_rows() == 0) {
        return NotFound("no document '" + doc_id + "' for its claims");
      }
      txn.exec_prepared("delete_claims", doc_id);
      int64_t seq = 0;
      for (size_t i = 0; i < claims.size(); ++i) {
        const Claim& c = claims[i];
        std::string value = c.value ? DoubleText(*c.value) : std::string();
        std::string min = c.min ? DoubleText(*c.min) : std::string();
        std::string max = c.max ? DoubleText(*c.max) : std::string();
        txn.exec_prepared("insert_claim", doc_id, seq++, static_cast<int64_t>(c.start),
                          static_cast<int64_t>(c.end), static_cast<int64_t>(c.text_start),
                          static_cast<int64_t>(c.text_end), c.quote,
                          c.value ? value.c_str() : nullptr, c.min ? min.c_str() : nullptr,
                          c.max ? max.c_str() : nullptr, OrNull(c.qualifier), c.what,
                          OrNull(c.what_text), OrNull(c.subject), OrNull(c.location), c.source,
                          OrNull(c.source_mention), vias[i], OrNull(c.cue), c.stance,
                          OrNull(c.said_date), OrNull(c.event_date), OrNull(c.lang));
      }
      return Status::Ok();
    });
  }

  Result<std::vector<Claim>> ListClaims(const std::vector<std::string>& doc_ids) override {
    return InTransaction("listing claims", [&](pqxx::work& txn) -> Result<std::vector<Claim>> {
      std::vector<Claim> claims;
      if (doc_ids.empty()) {
        RETURN_IF_ERROR(ReadClaims(txn.exec_prepared("list_claims"), &claims));
        return claims;
      }
      // One round trip (doc_id = ANY of an array), then document by
      // document in the order named.
      std::vector<Claim> rows;
      RETURN_IF_ERROR(ReadClaims(txn.exec_prepared("docs_claims", TextArray(doc_ids)), &rows));
      std::map<std::string_view, std::pair<size_t, size_t>> spans;  // doc -> [begin, end)
      for (size_t i = 0; i < rows.size(); ++i) {
        auto [it, added] = spans.try_emplace(rows[i].doc, i, i + 1);
        if (!added) it->second.second = i + 1;
      }
      for (const std::string& id : doc_ids) {
        auto it = spans.find(id);
        if (it == spans.end()) continue;
        for (size_t i = it->second.first; i < it->second.second; ++i) claims.push_back(rows[i]);
      }
      return claims;
    });
  }

  Result<std::optional<int>> ClaimsVersion(const std::string& doc_id) override {
    if (!IsStorableText(doc_id)) return std::optional<int>();
    return InTransaction("reading the claims version of " + doc_id,
                         [&](pqxx::work& txn) -> Result<std::optional<int>> {
                           pqxx::result rows = txn.exec_prepared("claims_version", doc_id);
                           if (rows.empty()) return std::optional<int>();
                           return std::optional<int>(rows[0][0].as<int>());
                         });
  }

  // Search: the newest kSearchCandidates matches ranked by ts_rank.
  //
  // Each query word becomes plainto_tsquery('simple', word) ||
  // plainto_tsquery('english', word) || plainto_tsquery('simple', stem): it
  // matches the word as written, its English stem (present in English
  // documents only), or our stem (in index_stems). The words are ANDed.
  // The GIN index finds the matches; the newest kSearchCandidates of them
  // (by seq) are ranked by ts_rank (title weight A 1.0, the rest D 0.1),
  // so a word in half the database costs a bounded ranking; the snippet
  // (ts_headline, no markup) is made for the page returned only. An English
  // stem can also match an equal plain word in a document of another
  // language: the one tsvector holds both kinds of lexeme.
  Result<std::vector<SearchHit>> Search(const SearchQuery& query) override {
    ASSIGN_OR_RETURN(std::vector<SearchWord> words, QueryWords(query));
    std::vector<SearchHit> hits;
    if (words.empty()) return hits;
    // Text that PostgreSQL cannot hold cannot match anything stored.
    if (!IsStorableText(query.lang)) return hits;
    std::vector<std::string> params = {query.lang, std::to_string(kSearchCandidates),
                                       std::to_string(std::min<size_t>(query.limit, 100000)),
                                       std::to_string(std::min<size_t>(query.offset, INT64_MAX))};
    // The SQL holds only placeholders: the words are parameters.
    std::string tsquery;
    for (const SearchWord& w : words) {
      if (!IsStorableText(w.word) || !IsStorableText(w.stem)) return hits;
      params.push_back(w.word);
      std::string word = "$" + std::to_string(params.size());
      params.push_back(w.stem);
      std::string stem = "$" + std::to_string(params.size());
      if (!tsquery.empty()) tsquery += " && ";
      tsquery += "(plainto_tsquery('simple', " + word + ") || plainto_tsquery('english', " + word +
                 ") || plainto_tsquery('simple', " + stem + "))";
    }
    const std::string sql =
        "WITH query AS (SELECT " + tsquery +
        " AS q), "
        "found AS (SELECT d.seq, d.search FROM documents AS d, query "
        "WHERE d.search @@ query.q AND ($1 = '' OR d.lang = $1) "
        "ORDER BY d.seq DESC LIMIT $2::bigint), "
        "ranked AS (SELECT found.seq, ts_rank(found.search, query.q) AS score "
        "FROM found, query ORDER BY score DESC, found.seq DESC "
        "LIMIT $3::bigint OFFSET $4::bigint) "
        "SELECT d.id, ranked.score, ts_headline('simple', left(d.text, 100000), "
        "query.q, 'StartSel=\"\", StopSel=\"\", MinWords=12, MaxWords=30, "
        "MaxFragments=1') "
        "FROM ranked JOIN documents AS d ON d.seq = ranked.seq, query "
        "ORDER BY ranked.score DESC, ranked.seq DESC";
    return InTransaction("searching", [&](pqxx::work& txn) -> Result<std::vector<SearchHit>> {
      pqxx::result rows =
          txn.exec_params(sql, pqxx::prepare::make_dynamic_params(params.begin(), params.end()));
      std::vector<SearchHit> found;
      for (const pqxx::row& row : rows) {
        found.push_back(SearchHit{Text(row[0]), row[1].as<double>(), Text(row[2])});
      }
      return found;
    });
  }

  Status OptimizeSearch() override {
    if (batch_ != nullptr) {
      return FailedPrecondition(name_ + ": the search index cannot be optimised inside a batch");
    }
    RETURN_IF_ERROR(EnsureConnected());
    try {
      // VACUUM runs outside any transaction block.
      pqxx::nontransaction txn(*conn_, "warta_optimize");
      txn.exec("VACUUM (ANALYZE) documents");
      return Status::Ok();
    } catch (const std::exception& e) {
      return Failure("optimising the search index", e);
    }
  }

  // --- The work queue.

  Status Enqueue(const RawArticle& raw) override {
    std::string owner = "queued article " + raw.id;
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"id", &raw.id},
                                       {"origin", &raw.origin},
                                       {"url", &raw.url},
                                       {"outlet", &raw.outlet},
                                       {"published", &raw.published},
                                       {"title", &raw.title},
                                       {"lang", &raw.lang},
                                       {"author", &raw.author},
                                       {"charset", &raw.charset}}) {
      RETURN_IF_ERROR(CheckText(owner, field, *value));
    }
    const pqxx::binarystring content(raw.content.data(), raw.content.size());
    return InTransaction("enqueueing " + raw.id, [&](pqxx::work& txn) -> Status {
      txn.exec_prepared("enqueue", raw.id, raw.origin, ContentKindName(raw.kind), content,
                        OrNull(raw.url), OrNull(raw.outlet), OrNull(raw.published),
                        OrNull(raw.title), OrNull(raw.lang),
                        static_cast<int64_t>(raw.repaired_bytes), NowSeconds(),
                        OrNull(raw.author), OrNull(raw.charset));
      return Status::Ok();
    });
  }

  // FOR UPDATE SKIP LOCKED: rows another batch holds are passed over, and
  // the rows taken stay locked until this batch ends. A transaction does not
  // skip its own locks, so claimed_upto_ keeps this batch from taking its
  // own claims twice.
  Result<std::vector<QueuedArticle>> ClaimQueued(size_t n) override {
    if (batch_ == nullptr) return FailedPrecondition("ClaimQueued outside a batch");
    const int64_t limit = static_cast<int64_t>(std::min<size_t>(n, INT64_MAX));
    return InTransaction(
        "claiming queued articles", [&](pqxx::work& txn) -> Result<std::vector<QueuedArticle>> {
          pqxx::result rows = txn.exec_prepared("claim", claimed_upto_, limit);
          std::vector<QueuedArticle> claimed;
          for (const pqxx::row& row : rows) {
            ASSIGN_OR_RETURN(QueuedArticle a, QueuedFromRow(PgRow(row), name_));
            claimed.push_back(std::move(a));
          }
          for (const QueuedArticle& a : claimed) {
            claimed_upto_ = std::max(claimed_upto_, a.seq);
          }
          return claimed;
        });
  }

  Status DoneQueued(int64_t seq) override {
    return InTransaction("ending queued article " + std::to_string(seq),
                         [&](pqxx::work& txn) -> Status {
                           if (txn.exec_prepared("done", seq).affected_rows() == 0) {
                             return NotFound("no queued article " + std::to_string(seq));
                           }
                           return Status::Ok();
                         });
  }

  Status FailQueued(int64_t seq, const std::string& error, int max_attempts) override {
    // The error is kept as text: what PostgreSQL cannot hold is replaced.
    std::string kept = IsStorableText(error) ? error : ToStorableText(error);
    return InTransaction(
        "failing queued article " + std::to_string(seq), [&](pqxx::work& txn) -> Status {
          if (txn.exec_prepared("fail", seq, kept, max_attempts).affected_rows() == 0) {
            return NotFound("no queued article " + std::to_string(seq));
          }
          return Status::Ok();
        });
  }

  Result<QueueCounts> CountQueue() override {
    return InTransaction("counting the queue", [&](pqxx::work& txn) -> Result<QueueCounts> {
      QueueCounts counts;
      for (const pqxx::row& row : txn.exec_prepared("count_queue")) {
        (Text(row[0]) == "failed" ? counts.failed : counts.queued) = row[1].as<int64_t>();
      }
      return counts;
    });
  }

  // --- Stories and copies.

  Result<bool> TryLockStage(const std::string& name) override {
    if (batch_ == nullptr) return FailedPrecondition("TryLockStage(" + name + ") outside a batch");
    return InTransaction("locking stage " + name, [&](pqxx::work& txn) -> Result<bool> {
      return txn.exec_prepared1("lock_stage", StageLockKey(name))[0].as<bool>();
    });
  }

  Result<std::string> GetStageState(const std::string& name) override {
    if (!IsStorableText(name)) return std::string();
    return InTransaction("reading the state of stage " + name,
                         [&](pqxx::work& txn) -> Result<std::string> {
                           pqxx::result rows = txn.exec_prepared("get_stage", name);
                           return rows.empty() ? std::string() : Bytes(rows[0][0]);
                         });
  }

  Status PutStageState(const std::string& name, std::string_view state) override {
    RETURN_IF_ERROR(CheckText("stage state", "name", name));
    const pqxx::binarystring bytes(state.data(), state.size());
    return InTransaction("writing the state of stage " + name, [&](pqxx::work& txn) -> Status {
      txn.exec_prepared("put_stage", name, bytes);
      return Status::Ok();
    });
  }

  Result<std::vector<std::string>> ListUnassigned(size_t limit) override {
    const int64_t n = static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX));
    return InTransaction("listing unassigned documents",
                         [&](pqxx::work& txn) -> Result<std::vector<std::string>> {
                           std::vector<std::string> ids;
                           for (const pqxx::row& row : txn.exec_prepared("unassigned", n)) {
                             ids.push_back(Text(row[0]));
                           }
                           return ids;
                         });
  }

  Status PutStories(const std::vector<StoryRecord>& stories) override {
    std::vector<std::string> languages;
    languages.reserve(stories.size());
    for (const StoryRecord& story : stories) {
      std::string owner = "story " + story.id;
      for (const auto& [field, value] :
           {std::pair<const char*, const std::string*>{"id", &story.id},
            {"label", &story.label},
            {"first_seen", &story.first_seen},
            {"last_seen", &story.last_seen}}) {
        RETURN_IF_ERROR(CheckText(owner, field, *value));
      }
      ASSIGN_OR_RETURN(std::string json, LanguagesToJson(story));
      RETURN_IF_ERROR(CheckText(owner, "languages", json));
      languages.push_back(std::move(json));
    }
    return InTransaction("writing stories", [&](pqxx::work& txn) -> Status {
      for (size_t i = 0; i < stories.size(); ++i) {
        const StoryRecord& story = stories[i];
        txn.exec_prepared("put_story", story.id, story.label, story.size, OrNull(story.first_seen),
                          OrNull(story.last_seen), languages[i]);
      }
      return Status::Ok();
    });
  }

  Status PutStoryMembers(const std::vector<StoryMember>& members) override {
    for (const StoryMember& m : members) {
      if (!IsStorableText(m.doc_id)) {
        return NotFound("no document '" + m.doc_id + "' for story " + m.story_id);
      }
      RETURN_IF_ERROR(CheckText("story member " + m.doc_id, "story_id", m.story_id));
    }
    return InTransaction("writing story members", [&](pqxx::work& txn) -> Status {
      for (const StoryMember& m : members) {
        pqxx::row put =
            txn.exec_prepared1("put_member", m.doc_id, m.story_id, DoubleText(m.similarity));
        if (put[0].as<int64_t>() == 0) {
          return NotFound("no document '" + m.doc_id + "' for story " + m.story_id);
        }
      }
      return Status::Ok();
    });
  }

  Result<std::vector<StoryRecord>> ListStories() override {
    return InTransaction("listing stories",
                         [&](pqxx::work& txn) -> Result<std::vector<StoryRecord>> {
                           std::vector<StoryRecord> stories;
                           for (const pqxx::row& row : txn.exec_prepared("list_stories")) {
                             ASSIGN_OR_RETURN(StoryRecord story, StoryFromRow(PgRow(row), name_));
                             stories.push_back(std::move(story));
                           }
                           return stories;
                         });
  }

  Result<StoryPage> ListStoryPage(const StoryQuery& query) override {
    static constexpr SqlDialect kDialect = {"$", "::bigint", "strpos", " COLLATE \"C\""};
    ASSIGN_OR_RETURN(StoryPageSql sql, BuildStoryPageSql(query, kDialect));
    auto texts = [](const std::vector<SqlParam>& params) {
      std::vector<std::string> out;
      for (const SqlParam& p : params) out.push_back(p.is_int ? std::to_string(p.i) : p.s);
      return out;
    };
    const std::vector<std::string> count_params = texts(sql.count_params);
    const std::vector<std::string> select_params = texts(sql.select_params);
    return InTransaction("listing stories", [&](pqxx::work& txn) -> Result<StoryPage> {
      StoryPage page;
      pqxx::result total = txn.exec_params(
          sql.count, pqxx::prepare::make_dynamic_params(count_params.begin(), count_params.end()));
      page.total = total.empty() ? 0 : total[0][0].as<int64_t>();
      pqxx::result rows = txn.exec_params(
          sql.select,
          pqxx::prepare::make_dynamic_params(select_params.begin(), select_params.end()));
      for (const pqxx::row& row : rows) {
        ASSIGN_OR_RETURN(StoryRecord story, StoryFromRow(PgRow(row), name_));
        page.stories.push_back(std::move(story));
      }
      FinishStoryPage(query, &page);
      return page;
    });
  }

  Result<std::optional<StoryRecord>> GetStory(const std::string& id) override {
    if (!IsStorableText(id)) return std::optional<StoryRecord>();
    return InTransaction("reading story " + id,
                         [&](pqxx::work& txn) -> Result<std::optional<StoryRecord>> {
                           pqxx::result rows = txn.exec_prepared("get_story", id);
                           if (rows.empty()) return std::optional<StoryRecord>();
                           ASSIGN_OR_RETURN(StoryRecord story, StoryFromRow(PgRow(rows[0]), name_));
                           return std::optional<StoryRecord>(std::move(story));
                         });
  }

  Result<std::vector<StoryMember>> ListStoryMembers(const std::string& story_id) override {
    if (!IsStorableText(story_id)) return std::vector<StoryMember>();
    return InTransaction(
        "listing the members of story " + story_id,
        [&](pqxx::work& txn) -> Result<std::vector<StoryMember>> {
          std::vector<StoryMember> members;
          for (const pqxx::row& row : txn.exec_prepared("list_members", story_id)) {
            members.push_back(MemberFromRow(PgRow(row)));
          }
          return members;
        });
  }

  Result<std::optional<StoryMember>> GetStoryMember(const std::string& doc_id) override {
    if (!IsStorableText(doc_id)) return std::optional<StoryMember>();
    return InTransaction("reading the story of " + doc_id,
                         [&](pqxx::work& txn) -> Result<std::optional<StoryMember>> {
                           pqxx::result rows = txn.exec_prepared("get_member", doc_id);
                           if (rows.empty()) return std::optional<StoryMember>();
                           return std::optional<StoryMember>(MemberFromRow(PgRow(rows[0])));
                         });
  }

  Status PutDuplicate(const DuplicateLink& link) override {
    if (link.kind != "exact" && link.kind != "near") {
      return InvalidArgument("duplicate link of " + link.doc_id + ": kind '" + link.kind +
                             "' is neither exact nor near");
    }
    Status missing = NotFound("duplicate link " + link.doc_id + " -> " + link.original_id +
                              ": no such document");
    if (!IsStorableText(link.doc_id) || !IsStorableText(link.original_id)) return missing;
    return InTransaction("writing the copy link of " + link.doc_id, [&](pqxx::work& txn) -> Status {
      pqxx::result put = txn.exec_prepared("put_duplicate", link.doc_id, link.original_id,
                                           link.kind, DoubleText(link.similarity));
      return put.affected_rows() == 0 ? missing : Status::Ok();
    });
  }

  Result<StoredLedger> GetStoryLedger(const std::string& story_id, int format) override {
    if (!IsStorableText(story_id)) return StoredLedger{};
    return InTransaction("reading the ledger of story " + story_id,
                         [&](pqxx::work& txn) -> Result<StoredLedger> {
                           pqxx::result rows = txn.exec_prepared("get_ledger", story_id, format);
                           StoredLedger stored;
                           if (rows.empty()) return stored;
                           stored.generation = rows[0][0].as<int64_t>();
                           if (!rows[0][1].is_null()) stored.bytes = Bytes(rows[0][1]);
                           return stored;
                         });
  }

  Result<bool> PutStoryLedger(const std::string& story_id, int64_t generation, int format,
                              std::string_view bytes) override {
    RETURN_IF_ERROR(CheckText("stored ledger", "story id", story_id));
    const pqxx::binarystring blob(bytes.data(), bytes.size());
    return InTransaction("writing the ledger of story " + story_id,
                         [&](pqxx::work& txn) -> Result<bool> {
                           pqxx::result r = txn.exec_prepared("put_ledger", story_id,
                                                              generation, format, blob);
                           return r.affected_rows() > 0;
                         });
  }

  Result<std::vector<std::string>> ListStaleLedgers(int format, const std::string& after_id,
                                                    size_t limit) override {
    RETURN_IF_ERROR(CheckText("stale ledgers", "story id", after_id));
    const int64_t n = static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX));
    return InTransaction("listing stale ledgers",
                         [&](pqxx::work& txn) -> Result<std::vector<std::string>> {
                           std::vector<std::string> ids;
                           for (const pqxx::row& row :
                                txn.exec_prepared("stale_ledgers", format, after_id, n)) {
                             ids.push_back(Text(row[0]));
                           }
                           return ids;
                         });
  }

  Result<std::optional<DuplicateLink>> GetDuplicate(const std::string& doc_id) override {
    if (!IsStorableText(doc_id)) return std::optional<DuplicateLink>();
    return InTransaction(
        "reading the copy link of " + doc_id,
        [&](pqxx::work& txn) -> Result<std::optional<DuplicateLink>> {
          pqxx::result rows = txn.exec_prepared("get_duplicate", doc_id);
          if (rows.empty()) return std::optional<DuplicateLink>();
          return std::optional<DuplicateLink>(DuplicateFromRow(PgRow(rows[0])));
        });
  }

 private:

  // Remembers that the connection is gone, when `e` says so.
  void NoteFailure(const std::exception& e) {
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr || conn_ == nullptr ||
        !conn_->is_open()) {
      broken_ = true;
    }
  }

  // The Status for a libpqxx exception met while doing `what`.
  Status Failure(const std::string& what, const std::exception& e) {
    NoteFailure(e);
    std::string message = name_ + ": " + what + ": ";
    if (broken_) message += "connection to the server lost: ";
    message += Scrub(e.what(), secrets_);
    return DatabaseError(std::move(message));
  }

  // Connects again after the connection was lost (outside a batch).
  Status EnsureConnected() {
    if (!broken_ && conn_ != nullptr && conn_->is_open()) return Status::Ok();
    try {
      conn_.reset();
      conn_ = Connect(url_);
      broken_ = false;
      return Status::Ok();
    } catch (const std::exception& e) {
      conn_.reset();
      broken_ = true;
      return Unavailable(name_ +
                         ": the connection to the server was lost and cannot be made again: " +
                         Scrub(e.what(), secrets_));
    }
  }

  // Runs `body(txn)` (returning Status or Result<T>) in the open batch, or in
  // a transaction of its own that commits when `body` succeeds and rolls back
  // when it fails. libpqxx exceptions stop here.
  //
  // In a batch, an exception leaves the server's transaction unusable, so the
  // batch is marked abandoned; a Status returned by `body` leaves it as it
  // was. If the connection was lost, the batch is gone with it: the call
  // returns kUnavailable, the store is outside any batch again (CommitBatch
  // then reports the loss), and the next call connects again.
  //
  // Outside a batch, a connection found lost before the commit was sent is
  // replaced and `body` run once more in a new transaction: nothing of the
  // first run was stored. A commit whose answer was lost is not retried.
  template <typename Body>
  auto InTransaction(const std::string& what, Body&& body)
      -> decltype(body(std::declval<pqxx::work&>())) {
    if (batch_ != nullptr) {
      if (!batch_error_.empty()) {
        return DatabaseError(name_ +
                             ": the batch was abandoned after an "
                             "earlier error (" +
                             batch_error_ + "); roll it back and start again");
      }
      try {
        return body(*batch_);
      } catch (const pqxx::transaction_rollback& e) {
        // The server ended the batch's transaction (a deadlock with another
        // writer, which it broke here): gone as with a lost connection, and
        // safe to run again.
        Status failed = Failure(what, e);
        batch_.reset();
        batch_lost_ = true;
        batch_lost_why_ = "the server aborted it (" + failed.message() + ")";
        return Unavailable(failed.message() +
                           "; the server aborted the batch, nothing of it was stored: run it "
                           "again");
      } catch (const std::exception& e) {
        Status failed = Failure(what, e);
        if (broken_) {
          batch_.reset();
          batch_lost_ = true;
          batch_lost_why_ = "the connection to the server was lost during it";
          return Unavailable(failed.message() + "; the batch was lost, nothing of it was stored");
        }
        batch_error_ = failed.message();
        return failed;
      }
    }
    for (int attempt = 0;; ++attempt) {
      Status connected = EnsureConnected();
      if (!connected.ok()) return connected;
      try {
        pqxx::work txn(*conn_);
        auto result = body(txn);
        if (!StatusOf(result).ok()) return result;  // txn rolls back
        txn.commit();
        return result;
      } catch (const pqxx::in_doubt_error& e) {
        broken_ = true;
        return Unavailable(name_ + ": " + what +
                           ": the connection was lost while committing, so "
                           "whether it was stored is unknown (" +
                           Scrub(e.what(), secrets_) + "); it is safe to retry");
      } catch (const pqxx::transaction_rollback& e) {
        // A deadlock the server broke here: nothing was stored; run again.
        Status failed = Failure(what, e);
        if (attempt >= kRollbackRetries) return Unavailable(failed.message());
      } catch (const std::exception& e) {
        Status failed = Failure(what, e);
        if (!broken_) return failed;
        if (attempt > 0) return Unavailable(failed.message());
      }
    }
  }

  Status CheckDocumentText(const Document& doc) const {
    std::string owner = "document " + doc.id;
    if (!IsStorableText(doc.id)) {
      return InvalidArgument(
          "document id holds a NUL byte or invalid UTF-8, which a PostgreSQL "
          "TEXT column cannot store");
    }
    const Metadata& m = doc.meta;
    for (const auto& [field, value] :
         {std::pair<const char*, const std::string*>{"origin", &doc.origin},
          {"content_hash", &doc.content_hash},
          {"text", &doc.text},
          {"title", &m.title},
          {"author", &m.author},
          {"outlet", &m.outlet},
          {"dateline", &m.dateline},
          {"published", &m.published},
          {"modified", &m.modified},
          {"url", &m.url},
          {"lang", &m.lang},
          {"index_stems", &doc.index_stems}}) {
      RETURN_IF_ERROR(CheckText(owner, field, *value));
    }
    return Status::Ok();
  }

  // Puts `row` by the rules of DecidePut (rows.h), inside an open
  // transaction, safe against other writers (see the essay at the top).
  Result<PutResult> Put(pqxx::work& txn, const DocumentRow& row) {
    const Document& doc = *row.doc;
    const Metadata& meta = doc.meta;
    const pqxx::binarystring content(doc.content.data(), doc.content.size());
    const pqxx::binarystring offsets(row.offset_map.data(), row.offset_map.size());
    auto look_up = [&txn](const char* statement) {
      return [&txn, statement](const std::string& key) -> Result<std::optional<std::string>> {
        pqxx::result found = txn.exec_prepared(statement, key);
        if (found.empty()) return std::optional<std::string>();
        return std::optional<std::string>(Text(found[0][0]));
      };
    };
    for (int attempt = 0; attempt < kPutAttempts; ++attempt) {
      ASSIGN_OR_RETURN(PutDecision decision,
                       DecidePut(doc, look_up("hash_by_id"), look_up("id_by_hash")));
      if (decision.write == PutDecision::Write::kNone) return decision.result;
      if (decision.write == PutDecision::Write::kInsert) {
        pqxx::result inserted = txn.exec_prepared(
            "insert", doc.id, doc.origin, doc.content_hash, row.kind, content, doc.text, offsets,
            OrNull(meta.title), OrNull(meta.author), OrNull(meta.outlet), OrNull(meta.dateline),
            OrNull(meta.published), OrNull(meta.modified), OrNull(meta.url), OrNull(meta.lang),
            row.provenance, row.content_bytes, row.text_bytes, row.ingested_at, doc.index_stems);
        if (inserted.affected_rows() == 1) return WrittenPut(doc, decision);
        continue;  // another writer stored this id or content first
      }
      // The UPDATE can meet a row another writer has just given this content
      // (UNIQUE content_hash); the savepoint keeps the transaction usable.
      // (Written by hand: libpqxx 6.4's subtransaction sends no SAVEPOINT
      // before exec_prepared, so it rolls back nothing.)
      size_t updated = 0;
      bool conflict = false;
      txn.exec("SAVEPOINT warta_put");
      try {
        updated = txn.exec_prepared("update", doc.id, doc.origin, doc.content_hash, row.kind,
                                    content, doc.text, offsets, OrNull(meta.title),
                                    OrNull(meta.author), OrNull(meta.outlet),
                                    OrNull(meta.dateline), OrNull(meta.published),
                                    OrNull(meta.modified), OrNull(meta.url), OrNull(meta.lang),
                                    row.provenance, row.content_bytes, row.text_bytes,
                                    row.ingested_at, doc.index_stems, *decision.stored_hash)
                      .affected_rows();
      } catch (const pqxx::unique_violation&) {
        conflict = true;
      } catch (const pqxx::deadlock_detected&) {
        // Two updates, each waiting on the content the other is writing:
        // the server broke the cycle here. Read again.
        conflict = true;
      }
      txn.exec(conflict ? "ROLLBACK TO SAVEPOINT warta_put; RELEASE SAVEPOINT warta_put"
                        : "RELEASE SAVEPOINT warta_put");
      if (updated == 1) {
        // New content: the claims, story and copy link of the old one no
        // longer hold.
        txn.exec_prepared("forget_derived", doc.id);
        return WrittenPut(doc, decision);
      }
    }
    return DatabaseError(name_ + ": document " + doc.id + ": gave up after " +
                         std::to_string(kPutAttempts) +
                         " concurrent changes of the same id or content");
  }

  // Appends the rows of a claims SELECT (kClaimColumns) to `out`.
  Status ReadClaims(const pqxx::result& rows, std::vector<Claim>* out) const {
    for (const pqxx::row& row : rows) {
      ASSIGN_OR_RETURN(Claim c, ClaimFromRow(PgRow(row), name_));
      out->push_back(std::move(c));
    }
    return Status::Ok();
  }

  const std::string url_;   // with its password, for connecting again
  const std::string name_;  // without it, for messages
  const std::vector<std::string> secrets_;
  std::unique_ptr<pqxx::connection> conn_;
  bool broken_ = false;  // the connection was lost; connect again before use
  // Declared after conn_, so destroyed (rolled back) before it closes.
  std::unique_ptr<pqxx::work> batch_;
  std::string batch_error_;  // set when the batch was abandoned
  bool batch_lost_ = false;  // the batch went with the connection, or was aborted
  std::string batch_lost_why_;
  int64_t claimed_upto_ = 0;  // the newest queue seq this batch claimed
};

}  // namespace

std::span<const PgMigration> PgMigrations() { return kMigrations; }

std::string RedactPgUrl(std::string_view url) { return Scrub(std::string(url), Secrets(url)); }

Result<std::unique_ptr<Store>> OpenPgStore(const std::string& url,
                                           std::span<const PgMigration> migrations) {
  RETURN_IF_ERROR(CheckMigrationList(migrations));
  const std::string name = RedactPgUrl(url);
  if (url.find('\0') != std::string::npos) {
    return InvalidArgument("PostgreSQL URL holds a NUL byte");
  }
  const std::vector<std::string> secrets = Secrets(url);
  const int newest = migrations.back().version;
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = Connect(url);
  } catch (const std::exception& e) {
    return DatabaseError(name + ": cannot connect: " + Scrub(e.what(), secrets));
  }
  try {
    {
      pqxx::nontransaction txn(*conn, "warta_open");
      std::string encoding = txn.exec1("SHOW server_encoding")[0].as<std::string>();
      if (encoding != "UTF8") {
        return DatabaseError(name + ": the database's encoding is " + encoding +
                             ", not UTF8; create it with ENCODING 'UTF8'");
      }
      // A newer database is refused before anything is written; a current
      // one is opened without taking the migration lock.
      ASSIGN_OR_RETURN(int64_t version, ReadVersion(txn, name));
      if (version > newest) return SchemaTooNew(name, version, newest, "database");
      if (version == newest) {
        return std::unique_ptr<Store>(std::make_unique<PgStore>(url, name, std::move(conn)));
      }
    }
    RETURN_IF_ERROR(Migrate(*conn, name, migrations));
  } catch (const std::exception& e) {
    return DatabaseError(name + ": cannot open the store: " + Scrub(e.what(), secrets));
  }
  return std::unique_ptr<Store>(std::make_unique<PgStore>(url, name, std::move(conn)));
}

Result<std::unique_ptr<Store>> OpenPgStore(const std::string& url) {
  return OpenPgStore(url, PgMigrations());
}

}  // namespace warta
