// Ingester: clean, build the Document, store in batches, redo a batch lost
// with the connection. Tested by ingest_test.cc and, end to end, by
// tests/e2e_test.cc.
#include "warta/ingest.h"

#include <chrono>
#include <ctime>
#include <thread>

#include "warta/hash.h"

namespace warta {

Document MakeDocument(RawArticle raw, CleanArticle clean) {
  Document doc;
  doc.id = std::move(raw.id);
  doc.origin = std::move(raw.origin);
  doc.content_hash = ContentHash(raw.content);
  doc.kind = raw.kind;
  doc.content = std::move(raw.content);
  doc.text = std::move(clean.text);
  doc.map = std::move(clean.map);
  doc.meta = std::move(clean.meta);
  doc.ingested_at = static_cast<int64_t>(std::time(nullptr));
  return doc;
}

Ingester::Ingester(Store* store, const Cleaner* cleaner, IngestOptions options)
    : store_(store), cleaner_(cleaner), options_(options) {
  if (options_.batch_size == 0) options_.batch_size = 1;
}

Ingester::Ingester(Store* store, const Cleaner* cleaner, const ClaimExtractor* extractor,
                   size_t batch_size)
    : Ingester(store, cleaner, IngestOptions{.extractor = extractor, .batch_size = batch_size}) {}

Ingester::~Ingester() = default;

Result<AddResult> Ingester::Put(RawArticle raw) {
  CleanArticle clean = cleaner_->Clean(raw);
  if (!clean.error.empty()) {
    // Nothing to read: storing it would be an empty document reported as
    // stored (a file of byte order marks, a page of 100,000 nested divs).
    ++stats_.failed;
    return InvalidArgument(clean.error);
  }
  AddResult added;
  added.repaired_bytes = clean.repaired_bytes;
  if (clean.repaired_bytes > 0) ++stats_.repaired;
  Document doc = MakeDocument(std::move(raw), std::move(clean));
  if (options_.search_terms != nullptr) {
    doc.index_stems = options_.search_terms->IndexStems(doc.text, doc.meta.lang);
  }
  Result<PutResult> put = store_->PutDocument(doc);
  if (!put.ok()) {
    ++stats_.failed;
    return put.status().WithContext(doc.origin);
  }
  switch (put->outcome) {
    case PutOutcome::kInserted: ++stats_.inserted; break;
    case PutOutcome::kUpdated: ++stats_.updated; break;
    case PutOutcome::kUnchanged: ++stats_.unchanged; break;
    case PutOutcome::kDuplicate: ++stats_.duplicate; break;
  }
  added.put = *put;
  added.id = doc.id;
  const ClaimExtractor* extractor = options_.extractor;
  if (extractor != nullptr && put->outcome != PutOutcome::kDuplicate) {
    bool stale = put->outcome != PutOutcome::kUnchanged;
    if (!stale) {
      Result<std::optional<int>> version = store_->ClaimsVersion(doc.id);
      if (!version.ok()) return version.status().WithContext(doc.origin);
      stale = version->value_or(0) != ClaimExtractor::kVersion;
    }
    if (stale) {
      std::vector<Claim> claims = extractor->Extract(doc);
      Status s = store_->PutClaims(doc.id, claims, ClaimExtractor::kVersion);
      if (!s.ok()) return s.WithContext(doc.origin);
      added.claims = claims.size();
      stats_.claims += claims.size();
    }
  }
  return added;
}

Result<AddResult> Ingester::AddToOpenBatch(RawArticle raw) {
  ++stats_.read;
  return Put(std::move(raw));
}

Status Ingester::Begin() {
  RETURN_IF_ERROR(store_->BeginBatch());
  batch_open_ = true;
  stats_at_begin_ = stats_;
  pending_.clear();
  in_batch_ = 0;
  return Status::Ok();
}

// The open batch was lost with the connection (`cause`): waits, begins a
// new one and stores its articles again, until it commits or the retries
// run out. The counts of the lost attempt are undone first. Returns the
// result of the batch's last article (empty when the batch was empty).
Result<AddResult> Ingester::RedoBatch(Status cause) {
  batch_open_ = false;
  in_batch_ = 0;
  std::vector<RawArticle> articles = std::move(pending_);
  pending_.clear();
  for (int attempt = 0; attempt < options_.retries; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.retry_pause_ms << attempt));
    size_t read = stats_.read;
    (void)store_->RollbackBatch();  // the engine may still hold the lost one
    stats_ = stats_at_begin_;
    stats_.read = read;
    Status s = store_->BeginBatch();
    AddResult last;
    for (size_t i = 0; s.ok() && i < articles.size(); ++i) {
      Result<AddResult> r = Put(articles[i]);
      if (r.ok()) {
        last = *r;
      } else if (r.status().code() == StatusCode::kUnavailable) {
        s = r.status();
      }
    }
    if (s.ok()) s = store_->CommitBatch();
    if (s.ok()) return last;
    if (s.code() != StatusCode::kUnavailable) return s;
    cause = s;
  }
  (void)store_->RollbackBatch();
  stats_ = stats_at_begin_;
  stats_.failed += articles.size();
  return cause.WithContext("connection lost; a batch of " + std::to_string(articles.size()) +
                           " articles was not stored after " + std::to_string(options_.retries) +
                           " retries");
}

Result<AddResult> Ingester::Add(RawArticle raw) {
  ++stats_.read;
  auto [it, fresh] = origin_of_id_.emplace(raw.id, raw.origin);
  if (!fresh && it->second != raw.origin) {
    raw.id += "~" + ContentHash(raw.content).substr(0, 8);
  }
  if (!batch_open_) {
    Status s = Begin();
    if (!s.ok()) {
      ++stats_.failed;
      return s;
    }
  }
  pending_.push_back(raw);
  Result<AddResult> added = Put(std::move(raw));
  if (!added.ok() && added.status().code() == StatusCode::kUnavailable) {
    // The batch is lost, this article with it: redo them all (committed).
    return RedoBatch(added.status());
  }
  if (++in_batch_ >= options_.batch_size) {
    RETURN_IF_ERROR(Finish());
  }
  return added;
}

Status Ingester::Finish() {
  if (!batch_open_) return Status::Ok();
  batch_open_ = false;
  in_batch_ = 0;
  Status s = store_->CommitBatch();
  if (s.code() == StatusCode::kUnavailable) return RedoBatch(s).status();
  pending_.clear();
  return s;
}

std::string StoreUnwritable(const Status& failure) {
  if (failure.ok()) return "";
  // The engines' own words: SQLite's sqlite3_errmsg ("database is locked",
  // "attempt to write a readonly database", "database or disk is full",
  // "disk I/O error", "unable to open database file") and PostgreSQL's
  // ("cannot execute INSERT in a read-only transaction", "could not extend
  // file ... No space left on device").
  const std::string& m = failure.message();
  auto has = [&m](const char* s) { return m.find(s) != std::string::npos; };
  if (has("database is locked") || has("database table is locked") ||
      has("lock timeout") || has("deadlock detected")) {
    return "the database is locked by another writer";
  }
  if (has("readonly database") || has("read-only transaction") || has("read-only file") ||
      has("database is read-only")) {
    return "the database is read-only";
  }
  if (has("database or disk is full") || has("No space left")) return "the disk is full";
  if (has("unable to open database file") || has("disk I/O error")) {
    return "the database cannot be opened or written (I/O error)";
  }
  if (failure.code() == StatusCode::kUnavailable) return "the database connection was lost";
  return "";
}

}  // namespace warta
