// Ingest: read -> clean -> extract claims -> store, for one article at a
// time.
//
// The CLI (`warta ingest`), the HTTP API (POST /api/documents) and the queue
// workers (warta/worker.h) feed RawArticles to an Ingester; it cleans each one, builds the Document (id, content hash,
// clean text, offset map, metadata) and stores it. Puts are grouped into
// transactions of `batch_size` documents: a process killed mid-batch loses
// only that uncommitted batch, which a re-run stores again (puts are
// idempotent).
//
//   warta::Ingester ingester(store.get(), cleaner.get());
//   ReadInputs(paths, {}, [&](warta::RawArticle a) { ingester.Add(std::move(a)); }, ...);
//   RETURN_IF_ERROR(ingester.Finish());
//
// Claims: with a ClaimExtractor, each new or changed document's claims are
// extracted and stored in the same transaction as the document; an unchanged
// document whose stored claims came from another extractor version gets
// them made again.
//
// Search: with SearchTerms, each document's index_stems are filled for the
// search index (warta/search_terms.h).
//
// Lost connections: when the store reports kUnavailable (the PostgreSQL
// connection dropped), the open batch is gone; the Ingester keeps the raw
// articles of its open batch and redoes the batch on a fresh transaction, up
// to `retries` times with a growing pause, so a dropped connection loses
// nothing and stores nothing twice.
//
// Ids: two different inputs of one run with the same id (two folders each
// holding an "index.html") would replace each other; the later one gets the
// id "index.html~<8 hex digits of its content hash>" instead.
//
// Thread-safety: one Ingester per thread; the Store and Cleaner it borrows
// must outlive it.
#ifndef WARTA_INGEST_H_
#define WARTA_INGEST_H_

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/document.h"
#include "warta/search_terms.h"
#include "warta/status.h"
#include "warta/store.h"

namespace warta {

struct IngestStats {
  size_t read = 0;        // articles given to Add
  size_t inserted = 0;
  size_t updated = 0;
  size_t unchanged = 0;
  size_t duplicate = 0;   // same content already stored under another id
  size_t failed = 0;      // articles the store refused
  size_t repaired = 0;    // articles with invalid UTF-8 replaced
  size_t claims = 0;      // claims stored
};

// What Add did with one article.
struct AddResult {
  PutResult put;
  std::string id;             // the id it was stored under
  size_t repaired_bytes = 0;  // invalid UTF-8 bytes replaced with U+FFFD
  size_t claims = 0;          // claims stored for it by this call
};

struct IngestOptions {
  // Null: documents are stored without claims.
  const ClaimExtractor* extractor = nullptr;
  // Null: no index_stems (search still finds words as written).
  SearchTerms* search_terms = nullptr;
  size_t batch_size = 64;
  // Times a batch lost with the connection is redone; the pause before
  // retry k is retry_pause_ms * 2^k.
  int retries = 5;
  int retry_pause_ms = 100;
};

class Ingester {
 public:
  Ingester(Store* store, const Cleaner* cleaner, IngestOptions options);
  // `extractor` may be null: documents are then stored without claims.
  Ingester(Store* store, const Cleaner* cleaner, const ClaimExtractor* extractor = nullptr,
           size_t batch_size = 64);
  ~Ingester();  // rolls back an unfinished batch (the Store does)

  // Cleans and stores one article. A failed put returns its Status and the
  // article is counted as failed. An article with nothing left after
  // cleaning (CleanArticle::error) is not stored: kInvalidArgument "empty
  // after cleaning", counted as failed too.
  Result<AddResult> Add(RawArticle raw);

  // Commits the open batch.
  Status Finish();

  // For callers that hold the store's batch themselves (queue workers):
  // cleans and stores `raw` inside the open batch, with no batching, id
  // renaming or retry of its own. A kUnavailable result means the batch is
  // lost.
  Result<AddResult> AddToOpenBatch(RawArticle raw);

  const IngestStats& stats() const { return stats_; }

 private:
  Status Begin();
  Result<AddResult> RedoBatch(Status cause);
  Result<AddResult> Put(RawArticle raw);

  Store* store_;
  const Cleaner* cleaner_;
  IngestOptions options_;
  size_t in_batch_ = 0;
  bool batch_open_ = false;
  IngestStats stats_;
  IngestStats stats_at_begin_;       // to undo the counts of a lost batch
  std::vector<RawArticle> pending_;  // the open batch, to redo it
  std::unordered_map<std::string, std::string> origin_of_id_;  // this run
};

// Why the store cannot take any article now, said without paths or SQL
// ("the database is locked by another writer"), when `failure` (from Add or
// Finish) is of that kind: locked, read-only, full, unopenable or failing
// I/O. Empty when the failure concerns the one article: the batch may go on.
// A caller stops its batch at the first such failure instead of waiting out
// the lock once per article.
std::string StoreUnwritable(const Status& failure);

// Builds the Document for a cleaned article (without storing it).
Document MakeDocument(RawArticle raw, CleanArticle clean);

}  // namespace warta

#endif  // WARTA_INGEST_H_
