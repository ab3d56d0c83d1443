// The ingest path the commands that store articles share (commands.cc):
// what a command opens, how articles from any source are cleaned, stored,
// assigned to stories and their ledgers stored, and how the run is told.
// Private to src/cli.
//
// Thread-safety: one run at a time per Context.
#ifndef WARTA_SRC_CLI_INGEST_RUN_H_
#define WARTA_SRC_CLI_INGEST_RUN_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "commands.h"
#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/ingest.h"
#include "warta/lang_data.h"
#include "warta/ledger_stage.h"
#include "warta/read.h"
#include "warta/search_terms.h"
#include "warta/store.h"
#include "warta/story_stage.h"
#include "warta/watch_state.h"
#include "warta/webhook.h"

namespace warta {

struct IngestRun {
  IngestStats stats;
  StoryStageStats stories;
  LedgerStageStats ledgers;
  size_t rejected = 0;
  size_t not_tried = 0;  // articles read after a fatal store failure
  Status fatal;
};

struct Context {
  DataDir data;
  std::unique_ptr<Cleaner> cleaner;
  std::unique_ptr<ClaimExtractor> extractor;
  std::unique_ptr<SearchTerms> terms;
  std::unique_ptr<StoryStage> stories;
  std::unique_ptr<Store> store;
};

// What a command needs opened: the cleaner and claim extractor, the store,
// and with both the search stems and the story stage. `create`: the command
// stores articles and may create the database; the others refuse a SQLite
// file that does not exist.
Result<Context> Open(const GlobalOptions& g, bool need_cleaner, bool need_store,
                     bool create = false);

// A source of articles: calls `on_article` for each article and `on_error`
// for each input it rejects (a URL that could not be fetched), in order.
using ArticleSource = std::function<void(const ArticleFn& on_article, const ReadErrorFn& on_error)>;

// Stores what `read` gives as `warta ingest` stores files: each article is
// cleaned and stored (in transactions of `batch_size`; 1 commits each
// article before `on_article` returns), rejected inputs are told on `err`
// and counted, and the batch goes on; then the story stage and the story
// ledgers. A store that cannot be written stops the run (IngestRun::fatal).
// `on_added`, when given, hears what storing each article did, right after
// (with `batch_size` 1: committed); never for an article not tried because
// the store stopped the run.
using AddedFn = std::function<void(const Result<AddResult>& added)>;
IngestRun IngestArticles(const ArticleSource& read, Context* ctx, bool progress_enabled,
                         std::ostream& err, size_t batch_size, const AddedFn& on_added = {});

// The alerts of a command that stores articles: raised by the one alert
// path (warta/alerts.h: RaiseAlerts), told on `err`, and POSTed to the
// webhook when one is given. A PostgreSQL database keeps no alerts yet: then
// nothing is raised. A failure is said and changes nothing else: the
// articles stay stored.
class AlertDesk {
 public:
  // How new alerts are told: each on a line ("alert: story-...:
  // conflicting: ..."), as `watch` and `fetch` do, or one line of counts
  // by kind and the command that lists them, as a bulk `ingest` does.
  enum class Tell { kEach, kSummary };

  // The alerts' state is opened, and the webhook (warta/webhook.h) started
  // when `webhook` has a URL, at the first Raise or Deliver: a run that
  // stored nothing, or stopped, never opens them. `contact` goes in the
  // webhook's User-Agent.
  // `command` begins the summary line ("ingest: 3 new alerts ...").
  AlertDesk(const GlobalOptions& g, const WebhookFlags& webhook, Tell tell,
            const std::string& command, std::ostream& err, const std::string& contact = "");
  ~AlertDesk();

  // The stories of the documents `doc_ids` gained verdict lines: each new
  // one is stored, told, and delivered; returns the documents that have no
  // story yet (to give again later).
  std::vector<std::string> Raise(Store* store, const std::vector<std::string>& doc_ids);
  std::vector<std::string> Raise(Store* store, const std::set<std::string>& doc_ids) {
    return Raise(store, std::vector<std::string>(doc_ids.begin(), doc_ids.end()));
  }

  // Alerts still pending for the webhook are POSTed (Raise does it too).
  void Deliver(Store* store);

 private:
  // Opens the state and starts the webhook, once; false when alerts are not kept.
  bool Ready();

  const GlobalOptions& g_;
  WebhookFlags webhook_flags_;
  std::string contact_;
  bool opened_ = false;
  Tell tell_;
  std::string command_;
  std::ostream& err_;
  std::unique_ptr<WatchState> state_;
  std::unique_ptr<Webhook> webhook_;
  int64_t started_ = 0;
};

// "ingest: 3 read: 2 new, ..." on `err`.
void PrintSummary(std::ostream& err, const IngestRun& run);

// The end of a command that stored articles: the run's counts as a summary
// on `err`, or as JSON on `out` (--format json, jsonl); the exit code (1
// when an input was rejected, 2 when the run stopped).
int ReportIngestRun(const GlobalOptions& g, const IngestRun& run, std::ostream& out,
                    std::ostream& err);

// "warta: MESSAGE" on `err`; returns kExitFailed.
int Fail(std::ostream& err, const Status& s);

}  // namespace warta

#endif  // WARTA_SRC_CLI_INGEST_RUN_H_
