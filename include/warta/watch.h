// Following feeds: the watcher behind `warta watch`.
//
//   warta::Watcher watcher({"http://x/feed.xml", "http://x/sitemap.xml"},
//                          state.get(), store.get(), options);
//   watcher.Poll(store_article, on_error, stop);   // one poll of every feed due
//
// A poll: each feed (RSS 2.0, RSS 1.0, Atom) or sitemap (a news sitemap, a
// sitemap, a sitemap index, whose sitemaps are then polled as feeds) whose
// next poll is due is fetched with a conditional GET (If-None-Match /
// If-Modified-Since from the last 200; a 304 costs nothing more). The items
// it lists that were never seen are written down as pending, with the
// feed's new validators, in one transaction (warta/watch_state.h); then each
// pending item is fetched and handed to `store_article` (which stores it and
// commits before returning), and marked done. A pending item whose document
// (id EscapeId(url)) is already stored is marked done without a request: a
// watcher killed between storing and marking fetches nothing twice.
//
// Politeness: robots.txt of each host is read once a run (a 4xx: all
// allowed; a 5xx or no answer: nothing fetched from that host this poll)
// and its rules for "Warta" obeyed; one request at a time, and at least
// `delay_ms` (or the host's Crawl-delay, when longer) between two requests
// to one host; a 429 or 5xx answer, or a timeout, is tried again after
// backoff_ms, doubling each time, or after its Retry-After when that is
// longer, up to `tries` times a poll as long as the wait is at most
// `max_wait_ms`; then the feed's next poll (or the item's next try) is put
// off by the same doubling, and an item is given up after `max_attempts`
// polls. A page over the size cap, a 404 or 410, or a page robots.txt
// forbids is given up at once.
//
// Errors: each feed or item that fails is told through `on_error`
// (ReadError::input is its URL) and the poll goes on.
//
// Thread-safety: one Watcher per thread; the state and store it borrows
// must outlive it.
#ifndef WARTA_WATCH_H_
#define WARTA_WATCH_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "warta/fetch.h"
#include "warta/read.h"
#include "warta/status.h"
#include "warta/store.h"
#include "warta/watch_state.h"

namespace warta {

class Robots;

struct WatchOptions {
  FetchOptions fetch;
  int64_t every_seconds = 300;   // between two polls of one feed
  int64_t delay_ms = 1000;       // between two requests to one host
  int64_t backoff_ms = 1000;     // first pause after a 429, 5xx or timeout
  int tries = 4;                 // requests of one URL within a poll
  int64_t max_wait_ms = 60000;   // longest pause waited within a poll
  int max_attempts = 5;          // polls an item is tried before it is given up
  bool poll_all = false;         // poll every feed now, due or not (`--once`)
  std::function<void(const std::string&)> log;  // progress lines; may be empty
};

// "90s", "5m", "2h", "1d", "300" (seconds) -> seconds; kInvalidArgument otherwise.
Result<int64_t> ParseInterval(const std::string& text);

class Watcher {
 public:
  Watcher(std::vector<std::string> feeds, WatchState* state, Store* store, WatchOptions options);
  ~Watcher();

  // Stores one fetched article and commits it: OK when it is stored (new,
  // updated, unchanged, or a duplicate of a stored document); the error
  // when it was refused (nothing to read after cleaning) or the store
  // cannot take articles now (StoreUnwritable says which; the poll stops).
  using StoreFn = std::function<Status(RawArticle)>;

  // One poll (see above). Returns early, leaving the rest pending, when
  // `stop` becomes true or the store cannot be written.
  void Poll(const StoreFn& store_article, const ReadErrorFn& on_error,
            const std::atomic<bool>& stop);

  // Unix seconds when the next feed poll or deferred item is due.
  int64_t NextDue() const { return next_due_; }

 private:
  struct Host;
  Result<HttpResponse> PoliteGet(const std::string& url, const Validators& validators,
                                 const std::atomic<bool>& stop, bool* deferred);
  Host& HostOf(const std::string& url);
  // Whether robots.txt lets us fetch `url`; fetches it on first use.
  Result<bool> Allowed(const std::string& url, const std::atomic<bool>& stop);
  void PollFeed(const FeedState& feed, const ReadErrorFn& on_error,
                const std::atomic<bool>& stop);
  // False when the store cannot take articles: the poll stops.
  bool FetchItem(const WatchItem& item, const StoreFn& store_article, const ReadErrorFn& on_error,
                 const std::atomic<bool>& stop);
  int64_t Backoff(int failures) const;  // seconds
  void Log(const std::string& line) const;

  std::vector<std::string> feeds_;
  WatchState* state_;
  Store* store_;
  WatchOptions options_;
  HttpClient client_;
  std::map<std::string, std::unique_ptr<Host>> hosts_;
  int64_t next_due_ = 0;
};

}  // namespace warta

#endif  // WARTA_WATCH_H_
