// The watcher of watch.h: feeds polled with conditional GETs, items written
// down before they are fetched, robots.txt, pacing and backoff per host.
//
// Tested by tests/fetch_test.cc (the fixture site, the kill-and-resume run)
// and robots_test.cc, feed_links_test.cc for its parsers.
#include "warta/watch.h"

#include <curl/curl.h>

#include <algorithm>
#include <ctime>
#include <optional>
#include <set>
#include <thread>

#include "feed_links.h"
#include "robots.h"
#include "warta/ingest.h"

namespace warta {
namespace {

using Clock = std::chrono::steady_clock;

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

// Sleeps until `until`, in slices, returning early when `stop` is set.
void SleepUntil(Clock::time_point until, const std::atomic<bool>& stop) {
  while (!stop.load() && Clock::now() < until) {
    auto left = until - Clock::now();
    std::this_thread::sleep_for(std::min<Clock::duration>(left, std::chrono::milliseconds(100)));
  }
}

// Retry-After in milliseconds: delta seconds ("120") or an HTTP date; -1
// when absent or unreadable.
int64_t RetryAfterMs(const std::string& value) {
  if (value.empty()) return -1;
  if (value.find_first_not_of("0123456789") == std::string::npos && value.size() < 10) {
    return std::stoll(value) * 1000;
  }
  time_t at = curl_getdate(value.c_str(), nullptr);
  if (at < 0) return -1;
  return std::max<int64_t>(0, (static_cast<int64_t>(at) - Now()) * 1000);
}

bool Retryable(const Result<HttpResponse>& r) {
  if (!r.ok()) return r.status().code() == StatusCode::kIoError;
  return r->status == 429 || r->status >= 500;
}

std::string Describe(const std::string& url, const Result<HttpResponse>& r) {
  if (!r.ok()) return r.status().message();
  return HttpStatusError(url, *r).message();
}

// A feed or item error for the poll's report: the URL is ReadError::input.
ReadError ErrorFor(const std::string& url, StatusCode code, std::string message) {
  if (message.rfind(url + ": ", 0) == 0) message.erase(0, url.size() + 2);
  return ReadError{url, "", Status(code, message)};
}

}  // namespace

struct Watcher::Host {
  std::optional<Robots> robots;   // read once a run
  Clock::time_point next_request{};
  int64_t crawl_delay_ms = -1;
};

Result<int64_t> ParseInterval(const std::string& text) {
  if (text.empty()) return InvalidArgument("empty interval (say 90s, 5m or 1h)");
  size_t digits = text.find_first_not_of("0123456789");
  if (digits == 0 || digits + 1 < text.size() || text.size() > 12) {
    return InvalidArgument("'" + text + "' is not an interval (say 90s, 5m or 1h)");
  }
  int64_t n = std::stoll(text.substr(0, digits));
  char unit = digits == std::string::npos ? 's' : text[digits];
  switch (unit) {
    case 's': break;
    case 'm': n *= 60; break;
    case 'h': n *= 3600; break;
    case 'd': n *= 86400; break;
    default: return InvalidArgument("'" + text + "': the unit is s, m, h or d");
  }
  if (n <= 0) return InvalidArgument("'" + text + "': the interval must be positive");
  return n;
}

Watcher::Watcher(std::vector<std::string> feeds, WatchState* state, Store* store,
                 WatchOptions options)
    : feeds_(std::move(feeds)),
      state_(state),
      store_(store),
      options_(std::move(options)),
      client_(options_.fetch) {}

Watcher::~Watcher() = default;

void Watcher::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

int64_t Watcher::Backoff(int failures) const {
  int64_t ms = options_.backoff_ms << std::min(failures, 20);
  return std::min<int64_t>(std::max<int64_t>(ms / 1000, 1), 6 * 3600);
}

Watcher::Host& Watcher::HostOf(const std::string& url) {
  std::unique_ptr<Host>& h = hosts_[UrlHost(url)];
  if (!h) h = std::make_unique<Host>();
  return *h;
}

Result<HttpResponse> Watcher::PoliteGet(const std::string& url, const Validators& validators,
                                        const std::atomic<bool>& stop, bool* deferred) {
  Host& host = HostOf(url);
  const int64_t delay = std::max(options_.delay_ms, host.crawl_delay_ms);
  Result<HttpResponse> r = IoError(url + ": stopped");
  for (int attempt = 0; attempt < options_.tries; ++attempt) {
    SleepUntil(host.next_request, stop);
    if (stop.load()) return r;
    r = client_.Get(url, validators);
    host.next_request = Clock::now() + std::chrono::milliseconds(delay);
    if (!Retryable(r)) return r;
    int64_t wait = options_.backoff_ms << attempt;
    if (r.ok()) wait = std::max(wait, RetryAfterMs(r->retry_after));
    if (attempt + 1 == options_.tries || wait > options_.max_wait_ms) break;
    Log(Describe(url, r) + "; trying again in " + std::to_string(wait) + " ms");
    // The host is asked nothing before the pause is over.
    host.next_request = std::max(host.next_request, Clock::now() + std::chrono::milliseconds(wait));
  }
  *deferred = true;
  return r;
}

Result<bool> Watcher::Allowed(const std::string& url, const std::atomic<bool>& stop) {
  Host& host = HostOf(url);
  if (!host.robots) {
    const std::string robots_url = ResolveUrl(url, "/robots.txt");
    bool deferred = false;
    Result<HttpResponse> r = PoliteGet(robots_url, {}, stop, &deferred);
    if (!r.ok() || r->status >= 500 || r->status == 429) {
      // Not cached: asked again at the next poll.
      return IoError("robots.txt could not be read (" + Describe(robots_url, r) +
                         "); nothing is fetched from " + UrlHost(url) + " until it can be");
    }
    host.robots = r->status >= 200 && r->status < 300 ? Robots::Parse(r->body, "Warta")
                                                       : Robots::AllowAll();
    host.crawl_delay_ms = host.robots->crawl_delay_ms();
    // The pause after the robots.txt request itself follows the delay it set.
    host.next_request = std::max(
        host.next_request, Clock::now() + std::chrono::milliseconds(std::max<int64_t>(
                                              options_.delay_ms, host.crawl_delay_ms)));
  }
  return host.robots->Allowed(UrlPathAndQuery(url));
}

void Watcher::PollFeed(const FeedState& old, const ReadErrorFn& on_error,
                       const std::atomic<bool>& stop) {
  FeedState feed = old;
  const int64_t now = Now();
  feed.polled_at = now;
  auto fail = [&](StatusCode code, const std::string& message, int64_t next) {
    ++feed.failures;
    feed.last_error = message;
    feed.next_poll_at = next;
    on_error(ErrorFor(feed.url, code, message));
    Result<size_t> r = state_->RecordPoll(feed, {}, now);
    if (!r.ok()) on_error(ErrorFor(feed.url, r.status().code(), r.status().message()));
  };
  Result<bool> allowed = Allowed(feed.url, stop);
  if (!allowed.ok()) {
    return fail(allowed.status().code(), allowed.status().message(),
                now + Backoff(feed.failures));
  }
  if (!*allowed) {
    return fail(StatusCode::kFailedPrecondition, "disallowed by robots.txt",
                now + options_.every_seconds);
  }
  bool deferred = false;
  Result<HttpResponse> r = PoliteGet(feed.url, {feed.etag, feed.last_modified}, stop, &deferred);
  if (stop.load()) return;
  if (!r.ok()) return fail(r.status().code(), r.status().message(), now + Backoff(feed.failures));
  feed.last_status = r->status;
  if (r->status != 304) {
    if (Status s = HttpStatusError(feed.url, *r); !s.ok()) {
      int64_t next = Retryable(r) ? now + std::max<int64_t>(Backoff(feed.failures),
                                                            RetryAfterMs(r->retry_after) / 1000)
                                  : now + options_.every_seconds;
      return fail(s.code(), s.message(), next);
    }
  }
  std::vector<std::string> items;
  if (r->status == 304) {
    Log(feed.url + ": not modified");
  } else {
    Result<FeedListing> listing = ParseFeedListing(r->body, r->final_url, options_.fetch.max_bytes);
    if (!listing.ok()) {
      return fail(listing.status().code(), listing.status().message(),
                  now + options_.every_seconds);
    }
    if (!listing->sitemaps.empty()) {
      if (Status s = state_->AddFeeds(feed.url, listing->sitemaps); !s.ok()) {
        return on_error(ErrorFor(feed.url, s.code(), s.message()));
      }
    }
    items = std::move(listing->items);
    feed.etag = r->etag;
    feed.last_modified = r->last_modified;
  }
  feed.failures = 0;
  feed.last_error.clear();
  feed.next_poll_at = now + options_.every_seconds;
  Result<size_t> added = state_->RecordPoll(feed, items, now);
  if (!added.ok()) return on_error(ErrorFor(feed.url, added.status().code(), added.status().message()));
  if (r->status != 304) {
    Log(feed.url + ": " + std::to_string(items.size()) + " items, " + std::to_string(*added) +
        " new");
  }
}

bool Watcher::FetchItem(const WatchItem& item, const StoreFn& store_article,
                        const ReadErrorFn& on_error, const std::atomic<bool>& stop) {
  const int64_t now = Now();
  auto report = [&](const Status& s) {
    if (!s.ok()) on_error(ErrorFor(item.url, s.code(), s.message()));
  };
  auto give_up = [&](StatusCode code, const std::string& message) {
    on_error(ErrorFor(item.url, code, message));
    report(state_->FinishItem(item.url, "failed", message));
  };
  // Stored before a kill, or by another run: nothing to fetch.
  Result<std::vector<DocumentSummary>> stored = store_->GetSummaries({EscapeId(item.url)});
  if (stored.ok() && !stored->empty()) {
    report(state_->FinishItem(item.url, "done", ""));
    return true;
  }
  Result<bool> allowed = Allowed(item.url, stop);
  if (!allowed.ok()) {
    report(allowed.status());
    report(state_->RetryItem(item.url, allowed.status().message(), now + Backoff(item.attempts)));
    return true;
  }
  if (!*allowed) {
    give_up(StatusCode::kFailedPrecondition, "disallowed by robots.txt");
    return true;
  }
  bool deferred = false;
  Result<HttpResponse> r = PoliteGet(item.url, {}, stop, &deferred);
  if (stop.load()) return true;
  FetchRecord rec;
  rec.url = item.url;
  rec.fetched_at = now;
  Status failed = r.ok() ? HttpStatusError(item.url, *r) : r.status();
  if (r.ok()) {
    rec.final_url = r->final_url;
    rec.status = r->status;
    rec.content_type = r->content_type;
    rec.last_modified = r->last_modified;
    rec.http_date = r->date;
    rec.etag = r->etag;
  }
  rec.error = failed.ok() ? "" : failed.message();
  if (failed.ok()) rec.doc_id = EscapeId(item.url);
  report(state_->PutFetch(rec));
  if (!failed.ok()) {
    if (Retryable(r) && item.attempts + 1 < options_.max_attempts) {
      on_error(ErrorFor(item.url, failed.code(), failed.message()));
      int64_t next = now + Backoff(item.attempts + 1);
      if (r.ok()) next = std::max(next, now + RetryAfterMs(r->retry_after) / 1000);
      report(state_->RetryItem(item.url, failed.message(), next));
      next_due_ = std::min(next_due_, next);
    } else {
      give_up(failed.code(), failed.message());
    }
    return true;
  }
  Status s = store_article(ArticleFromResponse(item.url, std::move(*r)));
  if (!s.ok()) {
    if (!StoreUnwritable(s).empty()) return false;  // stays pending; the run stops
    // Told by the ingest path already.
    report(state_->FinishItem(item.url, "failed", "not stored: " + s.message()));
    return true;
  }
  report(state_->FinishItem(item.url, "done", ""));
  return true;
}

void Watcher::Poll(const StoreFn& store_article, const ReadErrorFn& on_error,
                   const std::atomic<bool>& stop) {
  next_due_ = Now() + options_.every_seconds;
  auto report = [&](const std::string& url, const Status& s) {
    if (!s.ok()) on_error(ErrorFor(url, s.code(), s.message()));
  };
  // The feeds of the list, then the sitemaps sitemap indexes listed (new
  // ones are due at once, in this poll).
  for (int round = 0; round < 2 && !stop.load(); ++round) {
    std::vector<FeedState> due;
    if (round == 0) {
      for (const std::string& url : feeds_) {
        Result<FeedState> f = state_->GetFeed(url);
        if (!f.ok()) {
          report(url, f.status());
          continue;
        }
        due.push_back(*f);
      }
    } else {
      Result<std::vector<FeedState>> all = state_->ListFeeds();
      if (!all.ok()) {
        report("watch state", all.status());
        break;
      }
      for (FeedState& f : *all) {
        if (!f.parent_url.empty()) due.push_back(std::move(f));
      }
    }
    for (const FeedState& f : due) {
      if (stop.load()) return;
      if (options_.poll_all || f.next_poll_at <= Now()) {
        PollFeed(f, on_error, stop);
      }
      Result<FeedState> after = state_->GetFeed(f.url);
      if (after.ok() && after->next_poll_at > 0) next_due_ = std::min(next_due_, after->next_poll_at);
    }
  }
  // The pending items, oldest first; those deferred come back in a later poll.
  std::set<std::string> tried;
  while (!stop.load()) {
    Result<std::vector<WatchItem>> pending = state_->PendingItems(Now(), 100);
    if (!pending.ok()) {
      report("watch state", pending.status());
      return;
    }
    bool progressed = false;
    for (const WatchItem& item : *pending) {
      if (stop.load()) return;
      if (!tried.insert(item.url).second) continue;
      progressed = true;
      if (!FetchItem(item, store_article, on_error, stop)) return;
    }
    if (!progressed) return;
  }
}

}  // namespace warta
