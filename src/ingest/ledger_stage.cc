// Stored ledgers: built from the store, kept compressed with zstd, read
// back for the API. Tested by pipeline_test.cc (both engines), the store's
// generations by store_test.cc.
#include "warta/ledger_stage.h"

#include <zstd.h>

#include <optional>
#include <utility>
#include <vector>

namespace warta {
namespace {

// zstd's default level: a story's ledger JSON shrinks about tenfold, and
// reading it back costs about a millisecond a megabyte.
constexpr int kCompressionLevel = 3;

// Stories listed per store call during a refresh.
constexpr size_t kListBatch = 256;

std::string Compress(const std::string& json) {
  std::string out(ZSTD_compressBound(json.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), json.data(), json.size(),
                                 kCompressionLevel);
  // Compressing into a buffer of ZSTD_compressBound bytes cannot fail.
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

// A frame that says it holds more than this is damaged: the largest story
// of a million articles has a ledger of a few megabytes.
constexpr unsigned long long kMaxLedgerBytes = 1ULL << 30;

// nullopt when `bytes` is not one whole zstd frame of known size.
std::optional<std::string> Decompress(const std::string& bytes) {
  const unsigned long long size = ZSTD_getFrameContentSize(bytes.data(), bytes.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
      size > kMaxLedgerBytes) {
    return std::nullopt;
  }
  std::string out(static_cast<size_t>(size), '\0');
  const size_t n = ZSTD_decompress(out.data(), out.size(), bytes.data(), bytes.size());
  if (ZSTD_isError(n) || n != out.size()) return std::nullopt;
  return out;
}

}  // namespace

Result<LedgerInput> ReadLedgerInput(Store* store, const std::vector<std::string>& ids) {
  ASSIGN_OR_RETURN(std::vector<DocumentSummary> summaries, store->GetSummaries(ids));
  LedgerInput in;
  std::vector<std::string> found;
  for (const DocumentSummary& d : summaries) {
    in.docs.push_back({d.id, d.meta.outlet, d.meta.published, d.meta.title});
    found.push_back(d.id);
  }
  // ListClaims of no documents would list every claim.
  if (!found.empty()) {
    ASSIGN_OR_RETURN(in.claims, store->ListClaims(found));
  }
  return in;
}

Result<LedgerInput> ReadLedgerInputOfAll(Store* store) {
  ASSIGN_OR_RETURN(std::vector<DocumentSummary> summaries, store->ListDocuments());
  LedgerInput in;
  for (const DocumentSummary& d : summaries) {
    in.docs.push_back({d.id, d.meta.outlet, d.meta.published, d.meta.title});
  }
  ASSIGN_OR_RETURN(in.claims, store->ListClaims({}));
  return in;
}

Result<std::string> BuildStoryLedgerJson(Store* store, const std::string& story_id,
                                         size_t max_docs) {
  ASSIGN_OR_RETURN(std::optional<StoryRecord> story, store->GetStory(story_id));
  if (!story) return NotFound("no story '" + story_id + "'");
  ASSIGN_OR_RETURN(std::vector<StoryMember> members, store->ListStoryMembers(story_id));
  if (members.size() > max_docs) {
    return ResourceExhausted("story '" + story_id + "' has " + std::to_string(members.size()) +
                             " documents, more than the " + std::to_string(max_docs) +
                             " one request reads");
  }
  std::vector<std::string> ids;
  ids.reserve(members.size());
  for (const StoryMember& m : members) ids.push_back(m.doc_id);
  ASSIGN_OR_RETURN(LedgerInput in, ReadLedgerInput(store, ids));
  in.story = story_id;
  return LedgerToJson(BuildLedger(std::move(in)), -1);
}

Result<std::string> StoryLedgerJson(Store* store, const std::string& story_id, size_t max_docs,
                                    bool* stored) {
  if (stored != nullptr) *stored = false;
  ASSIGN_OR_RETURN(StoredLedger kept, store->GetStoryLedger(story_id, kLedgerFormat));
  if (kept.bytes) {
    // Damaged bytes are not served: the ledger is built instead.
    if (std::optional<std::string> json = Decompress(*kept.bytes)) {
      if (stored != nullptr) *stored = true;
      return std::move(*json);
    }
  }
  return BuildStoryLedgerJson(store, story_id, max_docs);
}

namespace {

// Builds and stores the ledger of story `id` unless a current one is stored.
Status RefreshOne(Store* store, const std::string& id, LedgerStageStats* stats) {
  // The generation is read before the inputs: a change after this read
  // raises it, and the put below then stores nothing.
  ASSIGN_OR_RETURN(StoredLedger kept, store->GetStoryLedger(id, kLedgerFormat));
  // Another process may have stored it since the listing.
  if (kept.bytes) return Status::Ok();
  ASSIGN_OR_RETURN(std::string json, BuildStoryLedgerJson(store, id));
  const std::string bytes = Compress(json);
  ASSIGN_OR_RETURN(bool put, store->PutStoryLedger(id, kept.generation, kLedgerFormat, bytes));
  if (put) {
    ++stats->built;
    stats->bytes += bytes.size();
  } else {
    ++stats->changed;
  }
  return Status::Ok();
}

}  // namespace

Result<LedgerStageStats> RefreshLedgers(Store* store, const RefreshOptions& options) {
  LedgerStageStats stats;
  std::string after;
  for (;;) {
    ASSIGN_OR_RETURN(std::vector<std::string> stale,
                     store->ListStaleLedgers(kLedgerFormat, after, kListBatch));
    if (stale.empty()) return stats;
    for (const std::string& id : stale) {
      if ((options.stop != nullptr && options.stop->load()) ||
          (options.deadline && std::chrono::steady_clock::now() >= *options.deadline)) {
        stats.cut_short = true;
        return stats;
      }
      Status s = RefreshOne(store, id, &stats);
      if (s.code() == StatusCode::kUnavailable) return s;
      if (!s.ok()) {
        if (stats.failed++ == 0) stats.first_error = "story " + id + ": " + s.ToString();
      }
      if (options.progress) options.progress(stats);
    }
    after = stale.back();
  }
}

}  // namespace warta
