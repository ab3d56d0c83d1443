// The store: one storage interface, several engines.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<warta::Store> store,
//                    warta::OpenStore("warta.db"));   // SQLite file
//   ASSIGN_OR_RETURN(warta::PutResult r, store->PutDocument(doc));
//
// OpenStore takes a SQLite path, or a postgresql:// URL for a PostgreSQL
// server. Opening creates the schema or migrates it to the current version.
//
// Idempotence: documents are keyed by id. Putting a document whose id and
// content hash are already stored changes nothing (kUnchanged). The same
// content under another id is not stored again (kDuplicate, naming the stored
// id). The same id with new content replaces the old version (kUpdated).
// Each put is one transaction: a killed process leaves either the whole
// document or none of it.
//
// Thread-safety: a Store is used by one thread at a time; open one per
// thread.
#ifndef WARTA_STORE_H_
#define WARTA_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "warta/claim.h"
#include "warta/document.h"
#include "warta/status.h"

namespace warta {

// The schema version this build writes. Bumped with each migration.
inline constexpr int kSchemaVersion = 2;

enum class PutOutcome { kInserted, kUnchanged, kDuplicate, kUpdated };
const char* PutOutcomeName(PutOutcome outcome);

struct PutResult {
  PutOutcome outcome = PutOutcome::kInserted;
  std::string stored_id;  // the id now holding this content
};

// A row of a document listing: metadata without the texts.
struct DocumentSummary {
  std::string id;
  std::string origin;
  std::string content_hash;
  ContentKind kind = ContentKind::kText;
  Metadata meta;
  int64_t content_bytes = 0;
  int64_t text_bytes = 0;
  int64_t ingested_at = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Stores `doc` following the idempotence rules above. `doc.id` and
  // `doc.content_hash` must not be empty (kInvalidArgument). When
  // `doc.ingested_at` is 0 the current time is stored instead. Nothing of
  // `doc` is kept after the call.
  virtual Result<PutResult> PutDocument(const Document& doc) = 0;

  // Groups several puts into one transaction, for speed. Nested Begin calls
  // are an error, as are Commit and Rollback without a Begin. A batch not
  // committed is rolled back when the store closes. If a put inside a batch
  // fails, the puts before it are still pending: the caller may go on and
  // commit them, or roll the whole batch back; if the engine itself had to
  // abandon the transaction (disk full, I/O error), CommitBatch says so and
  // nothing of the batch is stored.
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;
  virtual Status RollbackBatch() = 0;

  // The document with this id, or nullopt.
  virtual Result<std::optional<Document>> GetDocument(
      const std::string& id) = 0;

  // All documents, ordered by id (byte order), without content and text.
  virtual Result<std::vector<DocumentSummary>> ListDocuments() = 0;

  virtual Result<int64_t> CountDocuments() = 0;

  // The schema version of the open database: kSchemaVersion once opened.
  virtual Result<int> SchemaVersion() = 0;

  // Claims. PutClaims replaces every claim of document `doc_id` with
  // `claims` (Claim::doc is ignored: `doc_id` is stored) and records the
  // extractor version that made them; a put that changes a document's
  // content drops its claims. kNotFound when no such document. Part of the
  // open batch, if any.
  virtual Status PutClaims(const std::string& doc_id, const std::vector<Claim>& claims,
                           int extractor_version) = 0;

  // The claims of the documents named (all documents when empty), ordered by
  // document id and then by position in the text.
  virtual Result<std::vector<Claim>> ListClaims(const std::vector<std::string>& doc_ids) = 0;

  // The extractor version whose claims document `doc_id` holds: 0 when its
  // claims were never extracted (or dropped by an update); nullopt when
  // there is no such document.
  virtual Result<std::optional<int>> ClaimsVersion(const std::string& doc_id) = 0;
};

// Opens (creating if needed) the store at `location`: a file path for
// SQLite, or a postgresql:// (or postgres://) URL. A SQLite file from a newer
// schema version, or one that is not a SQLite database, is refused with a
// kDatabase error naming the path; a PostgreSQL database from a newer schema,
// or a server that cannot be reached, with a kDatabase error naming the URL
// without its password. The PostgreSQL database must exist (CREATE DATABASE,
// UTF8 encoding); its TEXT columns cannot hold NUL bytes or invalid UTF-8,
// so a document or claim with such text (not content: content is bytes) is
// refused there with kInvalidArgument.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

// `location` fit for messages and logs: a SQLite path as it is, a
// PostgreSQL URL with its password (user:PASSWORD@, password=PASSWORD)
// replaced by ***. OpenStore's own errors already name it this way.
std::string StoreLocationForDisplay(const std::string& location);

}  // namespace warta

#endif  // WARTA_STORE_H_
