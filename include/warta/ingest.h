// Ingest: read -> clean -> store, for one article at a time.
//
// The CLI, and later the HTTP server and queue workers, feed RawArticles to
// an Ingester; it cleans each one, builds the Document (id, content hash,
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

#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/document.h"
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

class Ingester {
 public:
  // `extractor` may be null: documents are then stored without claims.
  Ingester(Store* store, const Cleaner* cleaner, const ClaimExtractor* extractor = nullptr,
           size_t batch_size = 64);
  ~Ingester();  // rolls back an unfinished batch (the Store does)

  // Cleans and stores one article. A failed put returns its Status and the
  // article is counted as failed.
  Result<AddResult> Add(RawArticle raw);

  // Commits the open batch.
  Status Finish();

  const IngestStats& stats() const { return stats_; }

 private:
  Store* store_;
  const Cleaner* cleaner_;
  const ClaimExtractor* extractor_;
  size_t batch_size_;
  size_t in_batch_ = 0;
  bool batch_open_ = false;
  IngestStats stats_;
  std::unordered_map<std::string, std::string> origin_of_id_;  // this run
};

// Builds the Document for a cleaned article (without storing it).
Document MakeDocument(RawArticle raw, CleanArticle clean);

}  // namespace warta

#endif  // WARTA_INGEST_H_
