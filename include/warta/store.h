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
// id). The same id with new content replaces the old version (kUpdated),
// which drops what was derived from the old content: its claims, its story
// membership and its copy link (the story stage sees it again).
// Each put is one transaction: a killed process leaves either the whole
// document or none of it.
//
// Lost connections (PostgreSQL): a call outside a batch that finds the
// connection lost connects again and runs once more, transparently. A call
// inside a batch returns kUnavailable and the batch is gone with the
// connection: nothing of it is stored, the store is outside any batch again
// (CommitBatch reports the loss, RollbackBatch is a no-op), and the caller
// redoes the batch; the next call connects again.
//
// Thread-safety: a Store is used by one thread at a time; open one per
// thread.
#ifndef WARTA_STORE_H_
#define WARTA_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "warta/claim.h"
#include "warta/document.h"
#include "warta/status.h"

namespace warta {

// The schema version this build writes. Bumped with each migration.
inline constexpr int kSchemaVersion = 9;

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

// Full-text search. The words of `text` are its whitespace-separated parts;
// words without a letter or digit (a lone dash or quote) are ignored. Every
// word must match (AND); a word matches the document's title or text as
// written (case folded; diacritics too on SQLite), or by stem: for English
// documents its English stem (FTS5 porter / tsvector 'english'), or, for
// documents with Document::index_stems (Indonesian), our own stem, which the
// caller passes for the query in `stems` (stems[i] for word i; may be empty).
// Only the newest matches (a thousand per index) are ranked, so that a word
// found in half the database costs no more than a rarer one; `offset` pages
// within them (see docs/schema.md for the ranking of each engine).
struct SearchQuery {
  std::string text;
  std::vector<std::string> stems;
  std::string lang;  // only documents in this language; empty: all
  size_t limit = 20;
  size_t offset = 0;
};

struct SearchHit {
  std::string id;
  double score = 0;     // higher is better; engine-specific scale
  std::string snippet;  // a few words of the text around a match, plain text
};

// An article waiting in the work queue (RawArticle fields as enqueued).
struct QueuedArticle {
  int64_t seq = 0;  // queue order
  RawArticle raw;
  int attempts = 0;  // earlier claims that ended in FailQueued
};

struct QueueCounts {
  int64_t queued = 0;  // waiting or being processed
  int64_t failed = 0;  // given up: FailQueued with no retry left
};

// A story as stored by the story stage.
struct StoryRecord {
  std::string id;  // "s000001"
  std::string label;
  int64_t size = 0;  // documents
  std::string first_seen, last_seen;  // ISO dates, "" when undated
  std::vector<std::string> languages;  // sorted
};

// A page of stories, sorted and cut in the store, so that a request costs
// its page and a count, never every story (Store::ListStoryPage).
enum class StoryOrder {
  kSize,    // largest first; ties by id, descending
  kRecent,  // last seen first, undated last; ties by id, descending
  kId,      // by id
};

struct StoryQuery {
  StoryOrder order = StoryOrder::kSize;
  std::string lang;   // "": every story; else those with documents in `lang`
  std::string after;  // "": from the first story; else the `next` of a page
  size_t offset = 0;  // stories skipped (after `after`)
  size_t limit = 100;
};

struct StoryPage {
  std::vector<StoryRecord> stories;
  int64_t total = 0;  // the stories of the query's language, on every page
  std::string next;   // the `after` of the next page; "" when none follows
};

struct StoryMember {
  std::string doc_id;
  std::string story_id;
  double similarity = 0;  // to the story when it joined (0: started it)
};

// A story's stored ledger (Store::GetStoryLedger).
struct StoredLedger {
  // The story's generation now: 0 for a story nothing has touched yet.
  int64_t generation = 0;
  // The bytes stored for this generation and format; nullopt when none
  // are: never built, built before the last change, or in another format.
  std::optional<std::string> bytes;
};

// A document that copies an earlier one.
struct DuplicateLink {
  std::string doc_id;
  std::string original_id;  // the earliest version
  std::string kind;         // "exact" or "near"
  double similarity = 0;    // estimated Jaccard
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

  // The same from the `offset`-th document on, at most `limit` of them: a
  // page of a large database without reading the rest.
  virtual Result<std::vector<DocumentSummary>> ListDocumentsPage(size_t offset,
                                                                 size_t limit) = 0;

  // The summaries of the documents `ids` that are stored, in the order of
  // `ids` (an id that is not stored, or named twice after its first time, is
  // left out). What a page listing a story's members or a ledger's
  // documents needs, without reading any content or text.
  virtual Result<std::vector<DocumentSummary>> GetSummaries(
      const std::vector<std::string>& ids) = 0;

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

  // The claims of the documents named, document by document in the order
  // named, or of all documents (when none are named) ordered by document id;
  // each document's by position in the text.
  virtual Result<std::vector<Claim>> ListClaims(const std::vector<std::string>& doc_ids) = 0;

  // The extractor version whose claims document `doc_id` holds: 0 when its
  // claims were never extracted (or dropped by an update); nullopt when
  // there is no such document.
  virtual Result<std::optional<int>> ClaimsVersion(const std::string& doc_id) = 0;

  // Search over title and text (see SearchQuery), best first. An empty
  // query is kInvalidArgument. Query words are data, never syntax: quotes,
  // operators and SQL metacharacters match as text. Part of the open batch,
  // if any (it sees the batch's puts).
  virtual Result<std::vector<SearchHit>> Search(const SearchQuery& query) = 0;

  // Brings the full-text index into its fastest form for reading, after
  // many writes. SQLite: FTS5 keeps the index as a stack of b-trees, one
  // more per committed batch, merged only now and then, and a search reads
  // every one of them for each word; this merges them all into one, in
  // steps of one short write transaction each, so that other writers wait
  // one step at most. PostgreSQL: VACUUM (ANALYZE) of the documents, which
  // also moves the GIN indexes' pending entries into the indexes. Takes time
  // in proportion to the index (about a minute a million documents); not
  // inside a batch (kFailedPrecondition).
  virtual Status OptimizeSearch() = 0;

  // --- The work queue, for `warta ingest --enqueue` and `warta worker`.
  // Enqueue adds an article; part of the open batch, if any.
  virtual Status Enqueue(const RawArticle& raw) = 0;
  // Inside a batch only (kFailedPrecondition otherwise): takes up to `n`
  // queued articles, oldest first, that no other open batch holds. They
  // stay held until this batch commits or rolls back; a process killed
  // mid-batch releases them (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: the
  // batch holds the database's write lock). Claimed articles must be ended
  // in the same batch with DoneQueued or FailQueued, or they are claimable
  // again after it.
  virtual Result<std::vector<QueuedArticle>> ClaimQueued(size_t n) = 0;
  // The article was processed: removes it from the queue. kNotFound when
  // there is no article `seq`.
  virtual Status DoneQueued(int64_t seq) = 0;
  // Processing failed with `error`: the article returns to the queue with
  // attempts + 1, or is kept as failed (with its error) once attempts
  // reach `max_attempts`. A failed article is never claimed again. An
  // article failed in a batch is not claimed again by the same batch.
  // kNotFound when there is no article `seq`.
  virtual Status FailQueued(int64_t seq, const std::string& error, int max_attempts) = 0;
  virtual Result<QueueCounts> CountQueue() = 0;

  // --- Stories and copies, written by the story stage.
  // Serialises the story stage across processes and machines: inside a
  // batch (kFailedPrecondition otherwise), takes the lock named `name` until
  // the batch ends (PostgreSQL:
  // pg_try_advisory_xact_lock on a hash of the name; SQLite: the batch's
  // write lock already excludes others). False when another process holds it.
  virtual Result<bool> TryLockStage(const std::string& name) = 0;
  // The stage's saved state (an opaque blob), empty when none.
  virtual Result<std::string> GetStageState(const std::string& name) = 0;
  virtual Status PutStageState(const std::string& name, std::string_view state) = 0;
  // Documents without a story (no PutStoryMembers since they were stored
  // or last given new content), in ingest order (the order they were first
  // stored; an update keeps a document's place), at most `limit`.
  virtual Result<std::vector<std::string>> ListUnassigned(size_t limit) = 0;
  // Upserts stories (by id) and members (by doc_id). A member whose
  // document does not exist is kNotFound. Part of the open batch, if any, as
  // are PutStageState and PutDuplicate.
  virtual Status PutStories(const std::vector<StoryRecord>& stories) = 0;
  virtual Status PutStoryMembers(const std::vector<StoryMember>& members) = 0;
  // Stories by id, with size > 0.
  virtual Result<std::vector<StoryRecord>> ListStories() = 0;
  // One page of the stories with size > 0, in `query.order`, read through
  // an index (schema version 7): memory bounded by `query.limit`, time by
  // the page plus `query.offset` index entries and a count. Paging by
  // `after` reaches every story exactly once while stories do not change;
  // a cursor of another order, or damaged, is kInvalidArgument.
  virtual Result<StoryPage> ListStoryPage(const StoryQuery& query) = 0;
  virtual Result<std::optional<StoryRecord>> GetStory(const std::string& id) = 0;
  // The members of a story, in ingest order.
  virtual Result<std::vector<StoryMember>> ListStoryMembers(const std::string& story_id) = 0;
  // The story of a document, or nullopt when not assigned.
  virtual Result<std::optional<StoryMember>> GetStoryMember(const std::string& doc_id) = 0;
  // Upserts the link of `link.doc_id`. kInvalidArgument for a kind other
  // than "exact" or "near"; kNotFound when either document does not exist.
  virtual Status PutDuplicate(const DuplicateLink& link) = 0;
  virtual Result<std::optional<DuplicateLink>> GetDuplicate(const std::string& doc_id) = 0;

  // --- Stored ledgers, kept by warta/ledger_stage.h: a story's ledger built
  // ahead of the request for it. Every story has a generation, which every
  // change to what its ledger is built from raises in the same transaction
  // (the database's triggers do it, whoever writes): a member joining or
  // leaving, a member's claims put or dropped, a member's title, outlet or
  // publication date changed. A ledger is stored with the generation it was
  // built at, read before its inputs, and is current while the generation
  // stays. `format` is the builder's output version: bytes of another format
  // are never returned.
  //
  // The story's generation, and its stored bytes when current (one read).
  virtual Result<StoredLedger> GetStoryLedger(const std::string& story_id, int format) = 0;
  // Stores `bytes` as the ledger of `story_id` at `generation`, unless the
  // story's generation has moved on since (false then: the inputs changed
  // while it was built, and the bytes are not stored), or a ledger of a
  // newer format is stored (false too: during an upgrade, builds of two
  // formats do not undo each other's work). Part of the open batch, if any.
  virtual Result<bool> PutStoryLedger(const std::string& story_id, int64_t generation,
                                      int format, std::string_view bytes) = 0;
  // Stories with members (size > 0) whose stored ledger is missing, of an
  // older format, or of `format` and not current, by id, after `after_id`
  // (byte order), at most `limit`.
  virtual Result<std::vector<std::string>> ListStaleLedgers(int format,
                                                            const std::string& after_id,
                                                            size_t limit) = 0;
};

// Whether `location` is a postgresql:// (or postgres://) URL rather than a
// SQLite path.
bool IsPostgresUrl(std::string_view location);

// Opens (creating if needed) the store at `location`: a file path for
// SQLite, or a postgresql:// (or postgres://) URL. A SQLite file from a newer
// schema version, or one that is not a SQLite database, is refused with a
// kDatabase error naming the path; a PostgreSQL database from a newer schema,
// or a server that cannot be reached, with a kDatabase error naming the URL
// without its password. The PostgreSQL database must exist (CREATE DATABASE,
// UTF8 encoding); its TEXT columns cannot hold NUL bytes or invalid UTF-8,
// so a document or claim with such text (not content: content is bytes) is
// refused there with kInvalidArgument.
//
// A SQLite file that can only be read (a read-only mount or folder, an
// immutable file) opens for reading, and each write then fails with a
// kDatabase error "database is read-only: PATH (Read-only file system)"
// before any SQL runs; a missing file in a folder that cannot be written is
// "cannot create the database in FOLDER: Read-only file system".
//
// With StoreAccess::kReadOnly nothing is written to a SQLite file, not even
// its journal mode: a missing file, or one that needs a schema upgrade, is
// refused, and writes fail as for a read-only file ("... (opened for reading
// only)"). A PostgreSQL store opens the same either way.
enum class StoreAccess { kReadWrite, kReadOnly };
Result<std::unique_ptr<Store>> OpenStore(const std::string& location,
                                         StoreAccess access = StoreAccess::kReadWrite);

// `location` fit for messages and logs: a SQLite path as it is, a
// PostgreSQL URL with its password (user:PASSWORD@, password=PASSWORD)
// replaced by ***. OpenStore's own errors already name it this way.
std::string StoreLocationForDisplay(const std::string& location);

}  // namespace warta

#endif  // WARTA_STORE_H_
