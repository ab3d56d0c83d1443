// The row layer both storage engines share: the columns of each table in the
// order statements bind and read them, the codecs of stored fields
// (provenance, kind, citation chains), rows back into the types of
// warta/store.h, and the put decision of store.h (unchanged / duplicate /
// insert / update). Each engine keeps only its SQL, its transactions and its
// error mapping; what a row means is written here once. Private to src/store.
//
//   // SQLite: SELECT <DocumentSelect(kWithSizes)> FROM documents ...
//   SqliteRow row(statement);            // or PgRow over a pqxx::row
//   Result<DocumentSummary> s = SummaryFromRow(row, path);
//
// Errors name `where` (the database file, or the server without its password)
// and the row's document. Library exceptions (nlohmann::json) stop here; a
// Row's accessors may throw what their engine throws (libpqxx), which the
// engine's transaction wrapper turns into a Status.
//
// Thread-safety: functions of their arguments only.
//
// Tested by store_test.cc (the shared suite runs every reader and the put
// decision on both engines) and rows_test.cc.
#ifndef WARTA_SRC_STORE_ROWS_H_
#define WARTA_SRC_STORE_ROWS_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "warta/claim.h"
#include "warta/document.h"
#include "warta/status.h"
#include "warta/store.h"

namespace warta {

// ---------------------------------------------------------------------------
// Columns, one table per SQL table, in the order statements bind and read
// them. An engine's statements list them through Columns() and the readers
// below (rows.cc) read them at these positions, so a list cannot drift from
// the code that reads it.

// documents, as a put writes them: parameter i + 1 is column i.
inline constexpr std::array<std::string_view, 20> kDocumentWriteColumns = {
    "id",    "origin",     "content_hash",  "kind",       "content",     "text",       "offset_map",
    "title", "author",     "outlet",        "dateline",   "published",   "modified",   "url",
    "lang",  "provenance", "content_bytes", "text_bytes", "ingested_at", "index_stems"};

// documents, as read: the head every read has, then either the body (a
// whole document) or the sizes (a summary).
inline constexpr std::array<std::string_view, 19> kDocumentReadColumns = {
    "id", "origin", "content_hash", "kind", "title", "author", "outlet", "dateline", "published",
    "modified", "url", "lang", "provenance", "ingested_at",
    // body
    "content", "text", "offset_map",
    // sizes
    "content_bytes", "text_bytes"};
enum DocumentColumn : int {
  kDocId = 0,
  kDocOrigin,
  kDocContentHash,
  kDocKind,
  kDocTitle,  // .. kDocLang: Metadata's eight strings, in Metadata's order
  kDocAuthor,
  kDocOutlet,
  kDocDateline,
  kDocPublished,
  kDocModified,
  kDocUrl,
  kDocLang,
  kDocProvenance,
  kDocIngestedAt,
  kDocHeadEnd,
  kDocContent = kDocHeadEnd,  // with kWithBody
  kDocText,
  kDocOffsetMap,
  kDocContentBytes = kDocHeadEnd,  // with kWithSizes: read at the same places
  kDocTextBytes,
};

// What follows a document's head in a SELECT.
enum class DocumentTail { kWithBody, kWithSizes };

// "id, origin, ..., ingested_at, content, text, offset_map" (kWithBody) or
// "..., content_bytes, text_bytes" (kWithSizes).
std::string DocumentSelect(DocumentTail tail);

// claims: written and read in this order (parameter i + 1 is column i).
inline constexpr std::array<std::string_view, 23> kClaimColumns = {
    "doc_id",         "seq",        "start_byte", "end_byte",
    "text_start",     "text_end",   "quote",      "value",
    "min_value",      "max_value",  "qualifier",  "what",
    "what_text",      "subject",    "location",   "source",
    "source_mention", "via",        "cue",        "stance",
    "said_date",      "event_date", "lang"};
enum ClaimColumn : int {
  kClaimDocId = 0,
  kClaimSeq,
  kClaimStart,
  kClaimEnd,
  kClaimTextStart,
  kClaimTextEnd,
  kClaimQuote,
  kClaimValue,
  kClaimMin,
  kClaimMax,
  kClaimQualifier,
  kClaimWhat,
  kClaimWhatText,
  kClaimSubject,
  kClaimLocation,
  kClaimSource,
  kClaimSourceMention,
  kClaimVia,
  kClaimCue,
  kClaimStance,
  kClaimSaidDate,
  kClaimEventDate,
  kClaimLang,
  kClaimColumnCount,
};
static_assert(kClaimColumnCount == kClaimColumns.size());

// queue, as Enqueue writes it (parameter i + 1 is column i).
inline constexpr std::array<std::string_view, 13> kQueueWriteColumns = {
    "id",    "origin", "kind",           "content",     "url",    "outlet", "published",
    "title", "lang",   "repaired_bytes", "enqueued_at", "author", "charset"};
// queue, as ClaimQueued reads it.
inline constexpr std::array<std::string_view, 14> kQueueReadColumns = {
    "seq",       "id",    "origin", "kind",           "content",  "url",    "outlet",
    "published", "title", "lang",   "repaired_bytes", "attempts", "author", "charset"};

// stories (written and read), story_members and duplicates (read).
inline constexpr std::array<std::string_view, 6> kStoryColumns = {
    "id", "label", "size", "first_seen", "last_seen", "languages"};
inline constexpr std::array<std::string_view, 3> kMemberColumns = {"doc_id", "story_id",
                                                                   "similarity"};
inline constexpr std::array<std::string_view, 4> kDuplicateColumns = {"doc_id", "original_id",
                                                                      "kind", "similarity"};

// "a, b, c", each name after `prefix` ("m." gives "m.a, m.b, m.c").
std::string Columns(std::span<const std::string_view> columns, std::string_view prefix = "");

// "b = ?2, c = ?3" for columns b, c from parameter 2 (mark '?'; '$' for
// PostgreSQL): the SET list of an UPDATE.
std::string Assignments(std::span<const std::string_view> columns, size_t first_param, char mark);

// "?1, ?2, ..., ?n" (mark '?', SQLite) or "$1, ..., $n" (mark '$', PostgreSQL).
std::string Placeholders(size_t n, char mark);

// ---------------------------------------------------------------------------
// Rows.

// One row of a result, as either engine hands it out. Columns are numbered
// from 0 in the order of the SELECT. Views of the engine's row: valid while
// it is.
class Row {
 public:
  // A TEXT column's bytes; NULL gives "".
  virtual std::string Text(int column) const = 0;
  // A BLOB (SQLite) or BYTEA (PostgreSQL) column's bytes; NULL gives "".
  virtual std::string Blob(int column) const = 0;
  virtual int64_t Int64(int column) const = 0;
  virtual std::optional<double> DoubleOrNull(int column) const = 0;
  virtual bool IsNull(int column) const = 0;

 protected:
  ~Row() = default;
};

// A whole document from a DocumentSelect(kWithBody) row; a damaged kind,
// provenance or offset map is kDatabase naming `where` and the document.
Result<Document> DocumentFromRow(const Row& row, const std::string& where);
// A summary from a DocumentSelect(kWithSizes) row.
Result<DocumentSummary> SummaryFromRow(const Row& row, const std::string& where);
// A claim from a row of kClaimColumns; a damaged citation chain is
// kDatabase naming `where` and the claim's document.
Result<Claim> ClaimFromRow(const Row& row, const std::string& where);
// A queued article from a row of kQueueReadColumns.
Result<QueuedArticle> QueuedFromRow(const Row& row, const std::string& where);
// A story from a row of kStoryColumns; damaged languages are kDatabase.
Result<StoryRecord> StoryFromRow(const Row& row, const std::string& where);
// From rows of kMemberColumns and kDuplicateColumns; a NULL similarity is 0.
StoryMember MemberFromRow(const Row& row);
DuplicateLink DuplicateFromRow(const Row& row);

// ---------------------------------------------------------------------------
// Field codecs.

// Unix seconds now: ingested_at of a document put without one, applied_at
// of a migration, enqueued_at of an article.
int64_t NowSeconds();

// Provenance as a JSON object of strings ("{}" when empty); invalid UTF-8 in
// it is kInvalidArgument naming the document.
Result<std::string> ProvenanceToJson(const std::map<std::string, std::string>& provenance,
                                     const std::string& id);
// The stored form back; "" is none. Damage is kDatabase naming `where`, `id`.
Result<std::map<std::string, std::string>> ProvenanceFromJson(const std::string& json,
                                                              const std::string& where,
                                                              const std::string& id);
// "text" or "html" back to a ContentKind; another name is kDatabase.
Result<ContentKind> KindFromName(const std::string& name, const std::string& where,
                                 const std::string& id);
// A claim's citation chain as a JSON array of strings; invalid UTF-8 becomes
// U+FFFD.
Result<std::string> ViaToJson(const Claim& claim, const std::string& doc_id);
// kInvalidArgument unless the link's kind is "exact" or "near".
Status CheckDuplicateKind(const DuplicateLink& link);

// ---------------------------------------------------------------------------
// Puts.

// kInvalidArgument for a document without an id or a content hash: checked
// before the database is touched.
Status CheckDocumentIdentity(const Document& doc);

// A document's columns as a put writes them (kDocumentWriteColumns), those
// that are not Document's fields as they are: the encoded provenance and
// offset map, the kind's name, the sizes, and ingested_at (now when the
// document has none). Fails as ProvenanceToJson. Refers to `doc`, which must
// outlive it.
struct DocumentRow {
  const Document* doc = nullptr;
  std::string provenance;
  std::string offset_map;
  const char* kind = "";
  int64_t content_bytes = 0;
  int64_t text_bytes = 0;
  int64_t ingested_at = 0;
};
Result<DocumentRow> EncodeDocument(const Document& doc);

// The idempotence rules of store.h, given two look-ups the engine runs in its
// transaction: the content hash stored for an id, and the id holding a
// content hash (nullopt: none).
//   - the id holds this content already: kUnchanged, nothing written;
//   - another id holds it: kDuplicate naming that id, nothing written (a
//     duplicate wins over an update of the id);
//   - else the engine inserts the row (no stored hash) or updates it.
struct PutDecision {
  enum class Write { kNone, kInsert, kUpdate };
  Write write = Write::kNone;
  PutResult result;                        // with Write::kNone: the answer
  std::optional<std::string> stored_hash;  // with kUpdate: the content replaced
};
using HashLookup = std::function<Result<std::optional<std::string>>(const std::string& key)>;
Result<PutDecision> DecidePut(const Document& doc, const HashLookup& hash_of_id,
                              const HashLookup& id_of_hash);

// What a put that wrote its row answers.
PutResult WrittenPut(const Document& doc, const PutDecision& decision);

// The Status of a transaction body's answer (Status or Result<T>), for the
// engines' transaction wrappers.
inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

// ---------------------------------------------------------------------------
// Schema versions.

// One step of the schema: the same numbers and meaning on both engines.
// `sql` is a script of one or more statements with no values from outside
// the program, run in its own transaction with the bookkeeping that records
// `version` as applied.
struct Migration {
  int version = 0;        // 1, 2, 3 ... with no gaps
  std::string_view name;  // for messages: "initial schema"
  std::string_view sql;
};

// kInternal unless `migrations` are numbered 1, 2, 3 ... (a bug).
Status CheckMigrationList(std::span<const Migration> migrations);

// The error for a store at `version`, newer than this build's `newest`;
// `other` is what the user may use instead ("database file", "database").
Status SchemaTooNew(const std::string& where, int64_t version, int newest, std::string_view other);

}  // namespace warta

#endif  // WARTA_SRC_STORE_ROWS_H_
