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
// documents in opposite orders can wait on each other's uncommitted rows,
// and the server then aborts one of them, whose CommitBatch reports it (its
// puts are safe to run again). PutClaims first updates the document's
// claims_version, which locks the row, so two replacements of one document's
// claims run one after the other.
//
// Errors. Every libpqxx call sits inside one of the wrappers below, which turn
// exceptions into a kDatabase Status naming the database by its URL without
// the password (RedactPgUrl), and scrub the password from the server's words
// too. Text columns are TEXT and must be UTF-8 without NUL bytes (PostgreSQL
// cannot store a NUL in TEXT, and libpq would cut the value there), so such
// text is refused with kInvalidArgument before the database is touched; the
// original bytes are BYTEA and round-trip exactly, NULs and all.
//
// Connection loss. A statement that finds the connection gone returns a
// kDatabase error saying so; an open batch is then lost (CommitBatch says
// that nothing of it was stored). The next call outside a batch connects
// again. Retrying a failed put automatically is left to the caller (issue 7's
// retry loop; puts are idempotent, so a retry is always safe).
//
// SQL only ever carries values as bound parameters of prepared statements;
// the migration scripts and transaction control hold no outside values.
//
// Tested by store_test.cc.
#include "pg_store.h"

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

#include "warta/claim.h"
#include "warta/document.h"
#include "warta/offset_map.h"
#include "warta/status.h"
#include "warta/store.h"

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

constexpr std::array<PgMigration, 2> kMigrations = {{
    {1, "initial schema", kSchemaV1},
    {2, "claims", kSchemaV2},
}};
static_assert(kMigrations.back().version == kSchemaVersion,
              "add a PostgreSQL migration when bumping kSchemaVersion");

// The advisory lock that serialises migrations ("wartamig" in ASCII).
constexpr int64_t kMigrationLock = 0x77617274616d6967;

// How many times a put reads again after losing a race before giving up.
// Each retry means another writer committed this id or content in between;
// more than a few in a row means something is wrong.
constexpr int kPutAttempts = 8;

// Prepared statements, by name. Columns in the order the code binds and reads
// them; keep the lists in step.
struct PreparedSql {
  const char* name;
  const char* sql;
};
constexpr PreparedSql kStatements[] = {
    {"hash_by_id", "SELECT content_hash FROM documents WHERE id = $1"},
    {"id_by_hash", "SELECT id FROM documents WHERE content_hash = $1"},
    {"insert",
     "INSERT INTO documents (id, origin, content_hash, kind, content, text, "
     "offset_map, title, author, outlet, dateline, published, modified, url, "
     "lang, provenance, content_bytes, text_bytes, ingested_at) VALUES ($1, "
     "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
     "$18, $19) ON CONFLICT DO NOTHING"},
    {"update",
     "UPDATE documents SET origin = $2, content_hash = $3, kind = $4, "
     "content = $5, text = $6, offset_map = $7, title = $8, author = $9, "
     "outlet = $10, dateline = $11, published = $12, modified = $13, "
     "url = $14, lang = $15, provenance = $16, content_bytes = $17, "
     "text_bytes = $18, ingested_at = $19, claims_version = 0 "
     "WHERE id = $1 AND content_hash = $20"},
    {"get",
     "SELECT id, origin, content_hash, kind, title, author, outlet, dateline, "
     "published, modified, url, lang, provenance, ingested_at, content, text, "
     "offset_map FROM documents WHERE id = $1"},
    {"list",
     "SELECT id, origin, content_hash, kind, title, author, outlet, dateline, "
     "published, modified, url, lang, provenance, ingested_at, content_bytes, "
     "text_bytes FROM documents ORDER BY id"},
    {"count", "SELECT COUNT(*) FROM documents"},
    {"version", "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"},
    {"delete_claims", "DELETE FROM claims WHERE doc_id = $1"},
    {"insert_claim",
     "INSERT INTO claims (doc_id, seq, start_byte, end_byte, text_start, "
     "text_end, quote, value, min_value, max_value, qualifier, what, "
     "what_text, subject, location, source, source_mention, via, cue, stance, "
     "said_date, event_date, lang) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
     "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, "
     "$23)"},
    {"set_claims_version", "UPDATE documents SET claims_version = $2 WHERE id = $1"},
    {"claims_version", "SELECT claims_version FROM documents WHERE id = $1"},
    {"list_claims",
     "SELECT doc_id, seq, start_byte, end_byte, text_start, text_end, quote, "
     "value, min_value, max_value, qualifier, what, what_text, subject, "
     "location, source, source_mention, via, cue, stance, said_date, "
     "event_date, lang FROM claims ORDER BY doc_id, seq"},
    {"doc_claims",
     "SELECT doc_id, seq, start_byte, end_byte, text_start, text_end, quote, "
     "value, min_value, max_value, qualifier, what, what_text, subject, "
     "location, source, source_mention, via, cue, stance, said_date, "
     "event_date, lang FROM claims WHERE doc_id = $1 ORDER BY seq"},
};
constexpr int kMetaColumn = 4;  // title .. lang, then provenance
constexpr int kIngestedColumn = 13;
constexpr int kGetContentColumn = 14;  // content, text, offset_map
constexpr int kListBytesColumn = 14;   // content_bytes, text_bytes

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
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
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    int length = 0;
    uint32_t code = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
      code = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      code = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > s.size()) return false;
    for (int k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
        (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
      return false;
    }
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

// ---------------------------------------------------------------------------
// Field conversions shared with the SQLite engine's rules.

Result<std::string> ProvenanceToJson(const std::map<std::string, std::string>& provenance,
                                     const std::string& id) {
  if (provenance.empty()) return std::string("{}");
  try {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [field, rule] : provenance) object[field] = rule;
    return object.dump();
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument("document " + id + ": provenance cannot be stored as JSON: " + e.what());
  }
}

Result<std::map<std::string, std::string>> ProvenanceFromJson(const std::string& json,
                                                              const std::string& name,
                                                              const std::string& id) {
  std::map<std::string, std::string> provenance;
  if (json.empty()) return provenance;
  try {
    nlohmann::json object = nlohmann::json::parse(json);
    if (!object.is_object()) {
      return DatabaseError(name + ": document " + id + ": provenance is not a JSON object");
    }
    for (const auto& [field, rule] : object.items()) {
      provenance[field] = rule.get<std::string>();
    }
  } catch (const nlohmann::json::exception& e) {
    return DatabaseError(name + ": document " + id + ": stored provenance is damaged: " + e.what());
  }
  return provenance;
}

Result<ContentKind> KindFromName(const std::string& kind, const std::string& name,
                                 const std::string& id) {
  if (kind == ContentKindName(ContentKind::kText)) return ContentKind::kText;
  if (kind == ContentKindName(ContentKind::kHtml)) return ContentKind::kHtml;
  return DatabaseError(name + ": document " + id + ": unknown kind '" + kind + "'");
}

// ---------------------------------------------------------------------------
// Connecting and migrating. These run inside the try blocks of OpenPgStore.

Status CheckMigrationList(std::span<const PgMigration> migrations) {
  if (migrations.empty()) return Internal("no schema migrations");
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i + 1)) {
      return Internal("schema migration " + std::to_string(i) + " has version " +
                      std::to_string(migrations[i].version) + ", want " + std::to_string(i + 1));
    }
  }
  return Status::Ok();
}

Status TooNew(const std::string& name, int64_t version, int newest) {
  return DatabaseError(name + ": schema version " + std::to_string(version) +
                       " was written by a newer Warta; this build knows "
                       "versions up to " +
                       std::to_string(newest) + " (upgrade Warta, or use another database)");
}

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
    if (version > newest) return TooNew(name, version, newest);
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
  for (const PreparedSql& statement : kStatements) {
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
    if (doc.id.empty()) return InvalidArgument("document with an empty id");
    if (doc.content_hash.empty()) {
      return InvalidArgument("document " + doc.id + ": empty content hash");
    }
    // What can fail without the database is done before it is touched.
    RETURN_IF_ERROR(CheckDocumentText(doc));
    ASSIGN_OR_RETURN(std::string provenance, ProvenanceToJson(doc.meta.provenance, doc.id));
    std::string map = doc.map.Serialize();
    return InTransaction("document " + doc.id,
                         [&](pqxx::work& txn) { return Put(txn, doc, provenance, map); });
  }

  Status BeginBatch() override {
    if (batch_ != nullptr) {
      return InvalidArgument("BeginBatch inside a batch: batches do not nest");
    }
    RETURN_IF_ERROR(EnsureConnected());
    try {
      batch_ = std::make_unique<pqxx::work>(*conn_, "warta_batch");
      batch_error_.clear();
      return Status::Ok();
    } catch (const std::exception& e) {
      batch_.reset();
      return Failure("cannot begin a batch", e);
    }
  }

  Status CommitBatch() override {
    if (batch_ == nullptr) {
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
      return DatabaseError(name_ +
                           ": the connection was lost while committing a "
                           "batch, so whether it was stored is unknown (" +
                           Scrub(e.what(), secrets_) +
                           "); puts are idempotent: put the batch again");
    } catch (const std::exception& e) {
      return Failure("batch not stored", e);
    }
  }

  Status RollbackBatch() override {
    if (batch_ == nullptr) {
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
          const pqxx::row& row = rows[0];
          Document doc;
          RETURN_IF_ERROR(ReadHead(row, doc.id, doc.origin, doc.content_hash, doc.kind, doc.meta));
          doc.ingested_at = row[kIngestedColumn].as<int64_t>();
          doc.content = Bytes(row[kGetContentColumn]);
          doc.text = Text(row[kGetContentColumn + 1]);
          Result<OffsetMap> map = OffsetMap::Deserialize(Bytes(row[kGetContentColumn + 2]));
          if (!map.ok()) {
            return DatabaseError(name_ + ": document " + doc.id +
                                 ": stored offset map is damaged: " + map.status().message());
          }
          doc.map = std::move(map).value();
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
            DocumentSummary summary;
            RETURN_IF_ERROR(ReadHead(row, summary.id, summary.origin, summary.content_hash,
                                     summary.kind, summary.meta));
            summary.ingested_at = row[kIngestedColumn].as<int64_t>();
            summary.content_bytes = row[kListBytesColumn].as<int64_t>();
            summary.text_bytes = row[kListBytesColumn + 1].as<int64_t>();
            list.push_back(std::move(summary));
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
      try {
        vias.push_back(
            nlohmann::json(c.via).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      } catch (const std::exception& e) {
        return Internal("claim citation chain of " + doc_id + ": " + e.what());
      }
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
      for (const std::string& id : doc_ids) {
        if (!IsStorableText(id)) continue;  // cannot be stored, so none
        RETURN_IF_ERROR(ReadClaims(txn.exec_prepared("doc_claims", id), &claims));
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

 private:
  static const Status& StatusOf(const Status& s) { return s; }
  template <typename T>
  static const Status& StatusOf(const Result<T>& r) {
    return r.status();
  }

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
      return DatabaseError(name_ + ": cannot connect again: " + Scrub(e.what(), secrets_));
    }
  }

  // Runs `body(txn)` (returning Status or Result<T>) in the open batch, or in
  // a transaction of its own that commits when `body` succeeds and rolls back
  // when it fails. libpqxx exceptions stop here. In a batch, an exception
  // leaves the server's transaction unusable, so the batch is marked
  // abandoned; a Status returned by `body` leaves it as it was.
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
      } catch (const std::exception& e) {
        Status failed = Failure(what, e);
        batch_error_ = failed.message();
        return failed;
      }
    }
    RETURN_IF_ERROR(EnsureConnected());
    try {
      pqxx::work txn(*conn_);
      auto result = body(txn);
      if (!StatusOf(result).ok()) return result;  // txn rolls back
      txn.commit();
      return result;
    } catch (const pqxx::in_doubt_error& e) {
      broken_ = true;
      return DatabaseError(name_ + ": " + what +
                           ": the connection was lost while committing, so "
                           "whether it was stored is unknown (" +
                           Scrub(e.what(), secrets_) + "); it is safe to retry");
    } catch (const std::exception& e) {
      return Failure(what, e);
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
          {"lang", &m.lang}}) {
      RETURN_IF_ERROR(CheckText(owner, field, *value));
    }
    return Status::Ok();
  }

  // The idempotence rules of store.h, inside an open transaction, safe
  // against other writers (see the essay at the top).
  Result<PutResult> Put(pqxx::work& txn, const Document& doc, const std::string& provenance,
                        const std::string& map) {
    const Metadata& meta = doc.meta;
    const int64_t ingested_at = doc.ingested_at != 0 ? doc.ingested_at : NowSeconds();
    const pqxx::binarystring content(doc.content.data(), doc.content.size());
    const pqxx::binarystring offsets(map.data(), map.size());
    const char* kind = ContentKindName(doc.kind);
    const auto content_bytes = static_cast<int64_t>(doc.content.size());
    const auto text_bytes = static_cast<int64_t>(doc.text.size());
    for (int attempt = 0; attempt < kPutAttempts; ++attempt) {
      std::optional<std::string> stored_hash;
      pqxx::result by_id = txn.exec_prepared("hash_by_id", doc.id);
      if (!by_id.empty()) stored_hash = Text(by_id[0][0]);
      if (stored_hash == doc.content_hash) {
        return PutResult{PutOutcome::kUnchanged, doc.id};
      }
      pqxx::result by_hash = txn.exec_prepared("id_by_hash", doc.content_hash);
      if (!by_hash.empty()) {
        return PutResult{PutOutcome::kDuplicate, Text(by_hash[0][0])};
      }
      if (!stored_hash.has_value()) {
        pqxx::result inserted = txn.exec_prepared(
            "insert", doc.id, doc.origin, doc.content_hash, kind, content, doc.text, offsets,
            OrNull(meta.title), OrNull(meta.author), OrNull(meta.outlet), OrNull(meta.dateline),
            OrNull(meta.published), OrNull(meta.modified), OrNull(meta.url), OrNull(meta.lang),
            provenance, content_bytes, text_bytes, ingested_at);
        if (inserted.affected_rows() == 1) {
          return PutResult{PutOutcome::kInserted, doc.id};
        }
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
        updated =
            txn.exec_prepared("update", doc.id, doc.origin, doc.content_hash, kind, content,
                              doc.text, offsets, OrNull(meta.title), OrNull(meta.author),
                              OrNull(meta.outlet), OrNull(meta.dateline), OrNull(meta.published),
                              OrNull(meta.modified), OrNull(meta.url), OrNull(meta.lang),
                              provenance, content_bytes, text_bytes, ingested_at, *stored_hash)
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
        // New content: the claims of the old one no longer hold.
        txn.exec_prepared("delete_claims", doc.id);
        return PutResult{PutOutcome::kUpdated, doc.id};
      }
    }
    return DatabaseError(name_ + ": document " + doc.id + ": gave up after " +
                         std::to_string(kPutAttempts) +
                         " concurrent changes of the same id or content");
  }

  // Reads the columns "get" and "list" share: id, origin, content_hash,
  // kind, metadata and provenance.
  Status ReadHead(const pqxx::row& row, std::string& id, std::string& origin,
                  std::string& content_hash, ContentKind& kind, Metadata& meta) const {
    id = Text(row[0]);
    origin = Text(row[1]);
    content_hash = Text(row[2]);
    ASSIGN_OR_RETURN(kind, KindFromName(Text(row[3]), name_, id));
    int column = kMetaColumn;
    for (std::string* field : {&meta.title, &meta.author, &meta.outlet, &meta.dateline,
                               &meta.published, &meta.modified, &meta.url, &meta.lang}) {
      *field = Text(row[column++]);
    }
    ASSIGN_OR_RETURN(meta.provenance, ProvenanceFromJson(Text(row[column]), name_, id));
    return Status::Ok();
  }

  // Appends the rows of a claims SELECT to `out`.
  Status ReadClaims(const pqxx::result& rows, std::vector<Claim>* out) const {
    for (const pqxx::row& row : rows) {
      Claim c;
      c.doc = Text(row[0]);
      c.start = row[2].as<uint64_t>();
      c.end = row[3].as<uint64_t>();
      c.text_start = row[4].as<uint64_t>();
      c.text_end = row[5].as<uint64_t>();
      c.quote = Text(row[6]);
      c.value = DoubleOrNull(row[7]);
      c.min = DoubleOrNull(row[8]);
      c.max = DoubleOrNull(row[9]);
      c.qualifier = Text(row[10]);
      c.what = Text(row[11]);
      c.what_text = Text(row[12]);
      c.subject = Text(row[13]);
      c.location = Text(row[14]);
      c.source = Text(row[15]);
      c.source_mention = Text(row[16]);
      try {
        nlohmann::json via = nlohmann::json::parse(Text(row[17]));
        for (const auto& v : via) c.via.push_back(v.get<std::string>());
      } catch (const nlohmann::json::exception& e) {
        return DatabaseError(name_ + ": claim of " + c.doc +
                             ": damaged citation chain: " + e.what());
      }
      c.cue = Text(row[18]);
      c.stance = Text(row[19]);
      c.said_date = Text(row[20]);
      c.event_date = Text(row[21]);
      c.lang = Text(row[22]);
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
      if (version > newest) return TooNew(name, version, newest);
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
