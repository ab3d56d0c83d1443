// Queue workers: `warta ingest --enqueue` puts raw articles in the store's
// queue; any number of `warta worker` processes, on any machines, take them
// out, clean and store them with their claims, and run the story stage.
//
//   warta::Worker worker(store.get(), cleaner.get(), {.extractor = ..., ...});
//   ASSIGN_OR_RETURN(warta::WorkerStats s, worker.Run(stop_flag));
//
// One transaction per batch: claim up to `batch` articles (other workers
// skip them), store each with its claims, remove it from the queue, commit.
// A worker killed mid-batch commits nothing; its articles become claimable
// again as its connection closes. An article that is bad input (empty
// after cleaning, a page that cannot be parsed, an id the store refuses:
// kInvalidArgument) is kept as failed at once with its error, which names
// it; one that fails otherwise goes back to the queue with its error, and
// is kept as failed after `max_attempts`. A lost connection (kUnavailable) abandons the batch, and
// the worker waits and starts again, up to `retries` failures in a row.
//
// Thread-safety: one Worker per thread, each with its own Store.
#ifndef WARTA_WORKER_H_
#define WARTA_WORKER_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "warta/clean.h"
#include "warta/ingest.h"
#include "warta/status.h"
#include "warta/store.h"
#include "warta/story_stage.h"

namespace warta {

struct WorkerOptions {
  IngestOptions ingest;       // extractor, search terms (batch_size unused)
  // Null: the story stage, and storing the ledgers of the stories that
  // changed (whenever the queue is empty), are left to others.
  StoryStage* stories = nullptr;
  // Between batches the story stage runs once this many documents wait for
  // it (saving its state is costly); when the queue is empty, for any.
  size_t story_min_docs = 1000;
  size_t batch = 32;
  int max_attempts = 3;
  // Return when the queue is empty (after a last story stage run); else
  // poll it every `poll_ms` until `stop`.
  bool exit_when_empty = false;
  int poll_ms = 1000;
  int retries = 8;
  int retry_pause_ms = 100;  // doubled after each failure in a row, to 5 s
  // Called, when set, with the documents this worker stored (committed)
  // since the last call, after the story stage has run on them: whenever
  // the queue is empty, and after a batch when the stage assigned stories.
  // What `warta worker` raises alerts with (warta/alerts.h: RaiseAlerts);
  // the callee keeps the documents that have no story yet.
  std::function<void(std::vector<std::string> doc_ids)> on_stored;
};

struct WorkerStats {
  size_t stored = 0;     // articles stored and removed from the queue
  size_t failed = 0;     // failed attempts: articles returned to the queue or kept as failed
  size_t batches = 0;    // transactions committed
  size_t claims = 0;     // claims stored
  size_t lost = 0;       // batches abandoned with a lost connection
  size_t assigned = 0;   // documents given a story by this worker
  size_t ledgers = 0;    // story ledgers stored by this worker
  size_t ledgers_failed = 0;  // stories whose ledger it could not store
  std::string ledger_error;   // the first such failure
};

// Puts every article read from `paths` into the queue, in transactions of
// `batch` articles. Read errors go to `on_error`; returns the number queued.
class Enqueuer {
 public:
  explicit Enqueuer(Store* store, size_t batch = 256) : store_(store), batch_(batch) {}
  Status Add(const RawArticle& raw);
  Status Finish();
  size_t queued() const { return queued_; }

 private:
  Store* store_;
  size_t batch_;
  size_t in_batch_ = 0;
  bool open_ = false;
  size_t queued_ = 0;
};

class Worker {
 public:
  Worker(Store* store, const Cleaner* cleaner, const WorkerOptions& options);

  // Runs until the queue is empty (exit_when_empty) or `stop` is set; a
  // batch under way when `stop` is set is finished first.
  Result<WorkerStats> Run(const std::atomic<bool>& stop);

  // One batch: claims, stores, commits. Returns the articles claimed (0: the
  // queue had none for this worker).
  Result<size_t> RunBatch();

  const WorkerStats& stats() const { return stats_; }

 private:
  Status RunStories(size_t min_docs, bool wait_for_lock, const std::atomic<bool>& stop);
  Status RunLedgers(const std::atomic<bool>& stop);
  // Hands the documents stored since the last call to on_stored.
  void TellStored();

  Store* store_;
  const Cleaner* cleaner_;
  WorkerOptions options_;
  WorkerStats stats_;
  std::vector<std::string> stored_ids_;  // committed, not told to on_stored yet
};

}  // namespace warta

#endif  // WARTA_WORKER_H_
