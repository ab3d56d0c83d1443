// Stored ledgers: each story's ledger built ahead of the request for it.
//
// A story's ledger is built from its members' claims and metadata: for a
// story of a few hundred articles that is thousands of rows read from all
// over the database, tens to hundreds of milliseconds. The ledger stage
// builds it once, after the story changed, and stores it compressed in the
// store (Store::PutStoryLedger); a request then reads one row.
//
//   ASSIGN_OR_RETURN(warta::LedgerStageStats s, warta::RefreshLedgers(store));
//   ASSIGN_OR_RETURN(std::string json, warta::StoryLedgerJson(store, "story-0a1b2c3d"));
//
// Staleness is the store's business: every change to a story's inputs
// raises its generation in the same transaction, and a ledger is stored with
// the generation read before its inputs, so a stored ledger is never served
// for inputs it was not built from (Store::GetStoryLedger). What runs the
// stage: `warta ingest` after its story stage, a worker whenever the queue
// is empty, `warta optimize`, and the server (with writes enabled) at start,
// after `POST /api/ingest` and every 30 s. A story not refreshed yet is
// built on request, as before.
//
// Thread-safety: the functions use only their arguments (one Store per
// thread).
#ifndef WARTA_LEDGER_STAGE_H_
#define WARTA_LEDGER_STAGE_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "warta/ledger.h"
#include "warta/status.h"
#include "warta/store.h"

namespace warta {

// The version of what a stored ledger holds: the compact JSON of
// LedgerToJson(BuildLedger(...)) compressed with zstd. Raise it whenever
// the ledger's rules or its JSON change, so that ledgers stored by an
// earlier build are built again rather than served (pipeline_test pins the
// sample corpus's ledger to it: a change that alters that ledger without
// raising it fails there; a change that leaves it alone must be caught by
// its author).
inline constexpr int kLedgerFormat = 13;

// What BuildLedger needs of the documents `ids` that are stored, read from
// `store`: their metadata, in the order of `ids` (an id not stored, or named
// twice, is left out: Store::GetSummaries), and their claims. `story` is
// left for the caller to name. Reads summaries and claims only, never a
// document's text.
Result<LedgerInput> ReadLedgerInput(Store* store, const std::vector<std::string>& ids);

// The same for every stored document, by id, and every claim: for a small
// database (it reads all of them).
Result<LedgerInput> ReadLedgerInputOfAll(Store* store);

// The ledger of story `story_id` as the API serves it: LedgerToJson (compact)
// of BuildLedger over the story's members in ingest order, their metadata and
// claims, built from the store now. kNotFound when there is no such story;
// kResourceExhausted when it has more than `max_docs` members.
Result<std::string> BuildStoryLedgerJson(Store* store, const std::string& story_id,
                                         size_t max_docs = SIZE_MAX);

// The same, read from the store when a current one is stored, else built
// (and not stored: readers do not write). `stored`, when given, is set to
// whether it was read. A stored ledger is served whatever the story's size;
// `max_docs` bounds only one built now.
Result<std::string> StoryLedgerJson(Store* store, const std::string& story_id,
                                    size_t max_docs = SIZE_MAX, bool* stored = nullptr);

struct LedgerStageStats {
  size_t built = 0;    // ledgers built and stored
  size_t changed = 0;  // built, but their story changed meanwhile: not stored
  size_t bytes = 0;    // compressed bytes stored
  size_t failed = 0;   // stories whose ledger could not be built or stored
  std::string first_error;  // the first such failure, naming the story
  bool cut_short = false;   // ended by `stop` or `deadline`, stories left
};

struct RefreshOptions {
  // Checked between stories: when set, the pass ends there.
  const std::atomic<bool>* stop = nullptr;
  // When set, the pass ends at the first story after it (a worker goes back
  // to its queue; the next pass goes on where this one left, as what it
  // stored is no longer stale).
  std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt;
  // Called after each story with the counts so far.
  std::function<void(const LedgerStageStats&)> progress = nullptr;
};

// Builds and stores the ledger of every story whose stored ledger is
// missing, stale or of an older format, in one pass by story id; a story
// that changes during the pass is left for the next. Each ledger is stored
// in a short write transaction of its own (not inside a batch of `store`).
// A story that fails (damaged rows, a busy or read-only database) is counted
// in `failed` and the pass goes on: stored ledgers are derived data, never
// a reason to stop ingesting. Errors: listing the stories fails, or the
// store is unavailable (kUnavailable).
Result<LedgerStageStats> RefreshLedgers(Store* store, const RefreshOptions& options = {});

}  // namespace warta

#endif  // WARTA_LEDGER_STAGE_H_
