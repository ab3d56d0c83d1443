// Ingester: clean, build the Document, store in batches.
// Tested by ingest_test.cc and, end to end, by tests/e2e_test.cc.
#include "warta/ingest.h"

#include <ctime>

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

Ingester::Ingester(Store* store, const Cleaner* cleaner, const ClaimExtractor* extractor,
                   size_t batch_size)
    : store_(store),
      cleaner_(cleaner),
      extractor_(extractor),
      batch_size_(batch_size == 0 ? 1 : batch_size) {}

Ingester::~Ingester() = default;

Result<AddResult> Ingester::Add(RawArticle raw) {
  ++stats_.read;
  auto [it, fresh] = origin_of_id_.emplace(raw.id, raw.origin);
  if (!fresh && it->second != raw.origin) {
    raw.id += "~" + ContentHash(raw.content).substr(0, 8);
  }
  CleanArticle clean = cleaner_->Clean(raw);
  AddResult added;
  added.repaired_bytes = clean.repaired_bytes;
  if (clean.repaired_bytes > 0) ++stats_.repaired;
  Document doc = MakeDocument(std::move(raw), std::move(clean));

  if (!batch_open_) {
    Status s = store_->BeginBatch();
    if (!s.ok()) {
      ++stats_.failed;
      return s;
    }
    batch_open_ = true;
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
  if (extractor_ != nullptr && put->outcome != PutOutcome::kDuplicate) {
    bool stale = put->outcome != PutOutcome::kUnchanged;
    if (!stale) {
      Result<std::optional<int>> version = store_->ClaimsVersion(doc.id);
      if (!version.ok()) return version.status().WithContext(doc.origin);
      stale = version->value_or(0) != ClaimExtractor::kVersion;
    }
    if (stale) {
      std::vector<Claim> claims = extractor_->Extract(doc);
      Status s = store_->PutClaims(doc.id, claims, ClaimExtractor::kVersion);
      if (!s.ok()) return s.WithContext(doc.origin);
      added.claims = claims.size();
      stats_.claims += claims.size();
    }
  }
  if (++in_batch_ >= batch_size_) {
    RETURN_IF_ERROR(Finish());
  }
  return added;
}

Status Ingester::Finish() {
  if (!batch_open_) return Status::Ok();
  batch_open_ = false;
  in_batch_ = 0;
  return store_->CommitBatch();
}

}  // namespace warta
