// What `warta fetch` and `warta watch` remember between runs, in the
// database beside the documents (tables of schema versions 8 and 9; docs/fetch.md):
// the last fetch of each URL, each watched feed's validators and next poll,
// and each item a feed listed until it is stored or given up.
//
//   ASSIGN_OR_RETURN(auto state, warta::OpenWatchState("warta.db"));
//   RETURN_IF_ERROR(state->RecordPoll(feed, {"http://x/a", "http://x/b"}));
//   for (const warta::WatchItem& item : *state->PendingItems(now, 100)) ...
//
// A watcher killed at any point resumes from here: an item is written down
// (pending) in the same transaction as the feed's new validators, before any
// item is fetched, so no item a feed listed is lost; it is marked done only
// after its document is committed, and a pending item whose document is
// already stored is marked done without fetching it again (the caller checks
// the store), so nothing stored is fetched twice.
//
// The state has its own connection to the database, opened after OpenStore
// created or migrated it; each call is one transaction of its own. SQLite
// only for now: a postgresql:// location is kInvalidArgument.
//
// Thread-safety: one WatchState per thread.
#ifndef WARTA_WATCH_STATE_H_
#define WARTA_WATCH_STATE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "warta/status.h"

namespace warta {

// The last fetch of a URL (table fetched_pages).
struct FetchRecord {
  std::string url;            // as asked; the document id is EscapeId(url)
  std::string doc_id;         // "" when nothing was stored
  std::string final_url;      // after redirects
  long status = 0;            // HTTP status; 0 when no response came
  std::string content_type, last_modified, http_date, etag;
  int64_t fetched_at = 0;     // Unix seconds
  std::string error;          // "" on success
};

// A watched feed or sitemap (table watch_feeds).
struct FeedState {
  std::string url;
  std::string parent_url;     // the sitemap index that listed it; "" for a feed of the list
  std::string etag, last_modified;  // validators of the last 200
  int64_t next_poll_at = 0;   // Unix seconds; 0: due now
  int failures = 0;           // polls failed in a row (backoff)
  int64_t polled_at = 0;
  long last_status = 0;
  std::string last_error;
};

// An item a feed listed (table watch_items).
struct WatchItem {
  int64_t seq = 0;            // discovery order
  std::string url;
  std::string feed_url;
  std::string state;          // "pending", "done" or "failed"
  int attempts = 0;           // fetches that failed and may be tried again
  int64_t next_try_at = 0;
  std::string last_error;
};

// A verdict line a story's ledger gained (table alerts).
struct Alert {
  int64_t seq = 0;           // order of creation
  std::string story_id;
  std::string group_key;     // the ledger group: "killed|ID|"
  std::string kind;          // agreeing, conflicting, revised, ...
  std::string line;          // the verdict's explanation, one line for people
  std::string verdict_json;  // the verdict as the ledger JSON gives it, claims included
  int64_t created_at = 0;    // Unix seconds
};

// What a webhook was sent (table webhook_deliveries).
struct WebhookState {
  std::string url;
  int64_t delivered_seq = 0;  // the newest alert delivered; those after it are pending
  int failures = 0;           // runs in a row whose delivery failed
  std::string last_error;
  int64_t updated_at = 0;
};

struct WatchCounts {
  int64_t feeds = 0, pending = 0, done = 0, failed = 0;
};

class WatchState {
 public:
  virtual ~WatchState() = default;

  virtual Status PutFetch(const FetchRecord& record) = 0;
  virtual Result<std::optional<FetchRecord>> GetFetch(const std::string& url) = 0;

  // The stored state of feed `url`, or a new one (due now) when none.
  virtual Result<FeedState> GetFeed(const std::string& url) = 0;
  // Every feed stored (those of the list and the sitemaps they listed), by url.
  virtual Result<std::vector<FeedState>> ListFeeds() = 0;
  // Stores `feed` and adds the `items` not seen before as pending, in one
  // transaction. Returns how many were new.
  virtual Result<size_t> RecordPoll(const FeedState& feed, const std::vector<std::string>& items,
                                    int64_t now) = 0;
  // Adds the sitemaps a sitemap index `parent` lists as feeds, due now,
  // keeping the state of those already known.
  virtual Status AddFeeds(const std::string& parent, const std::vector<std::string>& urls) = 0;
  // Pending items due at `now` (next_try_at <= now), oldest first.
  virtual Result<std::vector<WatchItem>> PendingItems(int64_t now, size_t limit) = 0;
  // The item is stored ("done") or given up ("failed", with `error`).
  virtual Status FinishItem(const std::string& url, const std::string& state,
                            const std::string& error) = 0;
  // A fetch that may succeed later: attempts + 1, tried again from `next_try_at`.
  virtual Status RetryItem(const std::string& url, const std::string& error,
                           int64_t next_try_at) = 0;
  virtual Result<std::optional<WatchItem>> GetItem(const std::string& url) = 0;
  virtual Result<WatchCounts> Counts() = 0;

  // Stores the lines of `lines` that story `story_id` never had (by group,
  // kind and line), created at `now`; returns those stored.
  virtual Result<std::vector<Alert>> RecordVerdicts(const std::string& story_id,
                                                    const std::vector<Alert>& lines,
                                                    int64_t now) = 0;
  // Alerts created at or after `since` (Unix seconds), of `story_id` when
  // not empty, newest first, at most `limit`.
  virtual Result<std::vector<Alert>> ListAlerts(int64_t since, const std::string& story_id,
                                                size_t limit) = 0;
  // Alerts after seq `after_seq`, oldest first, at most `limit`.
  virtual Result<std::vector<Alert>> AlertsAfter(int64_t after_seq, size_t limit) = 0;
  // The seq of the newest alert; 0 when there is none.
  virtual Result<int64_t> LastAlertSeq() = 0;

  // The delivery state of webhook `url`; nullopt when it was never used.
  virtual Result<std::optional<WebhookState>> GetWebhook(const std::string& url) = 0;
  virtual Status PutWebhook(const WebhookState& webhook) = 0;
};

// Opens the state of the store at `location` (a SQLite path that OpenStore
// has created or migrated to schema version 9).
Result<std::unique_ptr<WatchState>> OpenWatchState(const std::string& location);

}  // namespace warta

#endif  // WARTA_WATCH_STATE_H_
