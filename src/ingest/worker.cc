// Queue workers and the enqueuer. Tested by pipeline_test.cc (both engines)
// and, with processes killed at random points, by tests/kill_test.cc.
#include "warta/worker.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "warta/ledger_stage.h"

namespace warta {
namespace {

// How long an idle worker stores ledgers before looking at the queue again.
constexpr auto kLedgerBudget = std::chrono::seconds(5);

void Pause(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

Status Enqueuer::Add(const RawArticle& raw) {
  if (!open_) {
    RETURN_IF_ERROR(store_->BeginBatch());
    open_ = true;
  }
  RETURN_IF_ERROR(store_->Enqueue(raw).WithContext(raw.origin));
  ++queued_;
  if (++in_batch_ >= batch_) return Finish();
  return Status::Ok();
}

Status Enqueuer::Finish() {
  if (!open_) return Status::Ok();
  open_ = false;
  in_batch_ = 0;
  return store_->CommitBatch();
}

Worker::Worker(Store* store, const Cleaner* cleaner, const WorkerOptions& options)
    : store_(store), cleaner_(cleaner), options_(options) {}

Result<size_t> Worker::RunBatch() {
  RETURN_IF_ERROR(store_->BeginBatch());
  auto abandon = [&](const Status& s) -> Status {
    (void)store_->RollbackBatch();
    return s;
  };
  Result<std::vector<QueuedArticle>> taken = store_->ClaimQueued(options_.batch);
  if (!taken.ok()) return abandon(taken.status());
  if (taken->empty()) {
    (void)store_->RollbackBatch();
    return 0;
  }
  Ingester ingester(store_, cleaner_, options_.ingest);
  size_t stored = 0, failed = 0;
  std::vector<std::string> ids;
  for (QueuedArticle& q : *taken) {
    const std::string input = q.raw.origin.empty() ? q.raw.id : q.raw.origin;
    Result<AddResult> added = ingester.AddToOpenBatch(std::move(q.raw));
    Status s;
    if (added.ok()) {
      s = store_->DoneQueued(q.seq);
      ++stored;
      if (options_.on_stored) ids.push_back(added->id);
    } else if (added.status().code() == StatusCode::kUnavailable) {
      return abandon(added.status());
    } else {
      // Bad input (a document empty after cleaning, a page that cannot be
      // parsed, an id the store refuses) fails the same way every time: it
      // is kept as failed at once, with its error naming it. Anything else
      // may pass on another attempt.
      const Status& failure = added.status();
      const bool permanent = failure.code() == StatusCode::kInvalidArgument;
      const bool named = failure.message().starts_with(input + ": ");  // the store's errors are
      s = store_->FailQueued(q.seq, (named ? failure : failure.WithContext(input)).ToString(),
                             permanent ? 1 : options_.max_attempts);
      ++failed;
    }
    if (!s.ok()) return abandon(s);
  }
  RETURN_IF_ERROR(store_->CommitBatch());
  stored_ids_.insert(stored_ids_.end(), ids.begin(), ids.end());
  stats_.stored += stored;
  stats_.failed += failed;
  stats_.claims += ingester.stats().claims;
  ++stats_.batches;
  return taken->size();
}

// Runs the story stage. With `wait_for_lock`, keeps trying while another
// process holds it, so the last worker to leave assigns every document.
Status Worker::RunStories(size_t min_docs, bool wait_for_lock, const std::atomic<bool>& stop) {
  if (options_.stories == nullptr) return Status::Ok();
  while (true) {
    ASSIGN_OR_RETURN(StoryStageStats s, options_.stories->Run(store_, min_docs));
    stats_.assigned += s.assigned;
    if (!s.locked_out || !wait_for_lock || stop.load()) return Status::Ok();
    Pause(50);
  }
}

// Stores the ledgers of the stories that changed (warta/ledger_stage.h),
// for at most kLedgerBudget before going back to the queue (the next idle
// round goes on), or all of them when the worker is about to leave. Several
// idle workers may run it at once; a ledger another stored first is not
// built again.
Status Worker::RunLedgers(const std::atomic<bool>& stop) {
  RefreshOptions options{.stop = &stop};
  if (!options_.exit_when_empty) options.deadline = std::chrono::steady_clock::now() + kLedgerBudget;
  ASSIGN_OR_RETURN(LedgerStageStats s, RefreshLedgers(store_, options));
  stats_.ledgers += s.built;
  stats_.ledgers_failed += s.failed;
  if (s.failed > 0 && stats_.ledger_error.empty()) stats_.ledger_error = s.first_error;
  return Status::Ok();
}

void Worker::TellStored() {
  if (!options_.on_stored || stored_ids_.empty()) return;
  std::vector<std::string> ids;
  ids.swap(stored_ids_);
  options_.on_stored(std::move(ids));
}

Result<WorkerStats> Worker::Run(const std::atomic<bool>& stop) {
  int failures = 0;  // in a row
  int pause = options_.retry_pause_ms;
  while (!stop.load()) {
    Result<size_t> taken = RunBatch();
    Status s = taken.status();
    if (s.ok() && *taken > 0) {
      const size_t assigned = stats_.assigned;
      s = RunStories(options_.story_min_docs, false, stop);
      if (s.ok() && stats_.assigned > assigned) TellStored();
    }
    if (s.ok() && *taken == 0) {
      // Nothing queued: finish the stories and their stored ledgers, then
      // leave or poll.
      s = RunStories(1, options_.exit_when_empty, stop);
      if (s.ok() && options_.stories != nullptr) s = RunLedgers(stop);
      if (s.ok()) TellStored();
      if (s.ok() && options_.exit_when_empty) {
        ASSIGN_OR_RETURN(QueueCounts counts, store_->CountQueue());
        if (counts.queued == 0) return stats_;
        Pause(std::min(options_.poll_ms, 100));  // others still hold some
      } else if (s.ok()) {
        Pause(options_.poll_ms);
      }
    }
    if (s.ok()) {
      failures = 0;
      pause = options_.retry_pause_ms;
      continue;
    }
    if (s.code() != StatusCode::kUnavailable) return s;
    ++stats_.lost;
    if (++failures > options_.retries) {
      return s.WithContext("gave up after " + std::to_string(options_.retries) +
                           " lost connections in a row");
    }
    Pause(pause);
    pause = std::min(pause * 2, 5000);
  }
  return stats_;
}

}  // namespace warta
