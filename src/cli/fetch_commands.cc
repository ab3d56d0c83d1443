// `warta fetch` and `warta watch`: pages over HTTP into the ingest path
// (ingest_run.h). Tested by tests/fetch_test.cc, which runs the built binary
// against a loopback fixture site.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <optional>
#include <set>
#include <thread>

#include "commands.h"
#include "ingest_run.h"
#include "output.h"
#include "warta/alerts.h"
#include "warta/fetch.h"
#include "warta/watch.h"
#include "warta/watch_state.h"

namespace warta {
namespace {

FetchOptions ToFetchOptions(const HttpFlags& f) {
  FetchOptions o;
  std::string contact = f.contact;
  if (contact.empty()) {
    if (const char* env = std::getenv("WARTA_CONTACT")) contact = env;
  }
  o.user_agent = UserAgent(contact);
  o.timeout_ms = static_cast<long>(f.timeout * 1000);
  o.connect_timeout_ms = static_cast<long>(f.connect_timeout * 1000);
  o.max_bytes = f.max_bytes;
  o.max_redirects = f.max_redirects;
  return o;
}

// The lines of a list file (--urls, --feeds): blank lines and lines starting
// with # skipped, spaces trimmed.
Result<std::vector<std::string>> ReadUrlList(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot read the URL list '" + path + "'");
  std::vector<std::string> urls;
  std::string line;
  while (std::getline(in, line)) {
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    size_t e = line.find_last_not_of(" \t\r");
    urls.push_back(line.substr(b, e - b + 1));
  }
  return urls;
}

// A fetch error for the batch's report: the URL is ReadError::input, so the
// message is what follows it.
ReadError FetchError(const std::string& url, const Status& s) {
  std::string m = s.message();
  if (m.rfind(url + ": ", 0) == 0) m.erase(0, url.size() + 2);
  return ReadError{url, "", Status(s.code(), m)};
}

FetchRecord RecordOf(const std::string& url, const HttpResponse& r, int64_t now) {
  FetchRecord rec;
  rec.url = url;
  rec.final_url = r.final_url;
  rec.status = r.status;
  rec.content_type = r.content_type;
  rec.last_modified = r.last_modified;
  rec.http_date = r.date;
  rec.etag = r.etag;
  rec.fetched_at = now;
  return rec;
}

// `text` as one word of a POSIX shell: as it is when it holds only
// characters no shell treats specially, else in single quotes.
std::string ShellQuote(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789@%+=:,./_-") == std::string::npos) {
    return text;
  }
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::atomic<bool> g_stop_watch{false};
void OnStopWatch(int) { g_stop_watch.store(true); }

}  // namespace

AlertDesk::AlertDesk(const GlobalOptions& g, const WebhookFlags& webhook, Tell tell,
                     const std::string& command, std::ostream& err, const std::string& contact)
    : g_(g),
      webhook_flags_(webhook),
      contact_(contact),
      tell_(tell),
      command_(command),
      err_(err),
      started_(static_cast<int64_t>(std::time(nullptr))) {}

bool AlertDesk::Ready() {
  if (opened_) return state_ != nullptr;
  opened_ = true;
  if (IsPostgresUrl(g_.db)) {
    if (!webhook_flags_.url.empty()) {
      err_ << "warta: --webhook: a PostgreSQL database keeps no alerts yet; nothing is sent\n";
    }
    return false;
  }
  Result<std::unique_ptr<WatchState>> state = OpenWatchState(g_.db);
  if (!state.ok()) {
    err_ << "warta: alerts not stored: " << state.status().ToString() << '\n';
    return false;
  }
  state_ = std::move(*state);
  if (webhook_flags_.url.empty()) return true;
  WebhookOptions options;
  options.url = webhook_flags_.url;
  options.token = webhook_flags_.token;
  if (options.token.empty()) {
    if (const char* env = std::getenv("WARTA_WEBHOOK_TOKEN")) options.token = env;
  }
  std::string who = contact_;
  if (who.empty()) {
    if (const char* env = std::getenv("WARTA_CONTACT")) who = env;
  }
  options.user_agent = UserAgent(who);
  webhook_ = std::make_unique<Webhook>(std::move(options));
  if (Status s = webhook_->Start(state_.get(), started_); !s.ok()) {
    err_ << "warta: --webhook: " << s.ToString() << '\n';
    webhook_.reset();
  }
  return true;
}

AlertDesk::~AlertDesk() = default;

std::vector<std::string> AlertDesk::Raise(Store* store, const std::vector<std::string>& doc_ids) {
  if (!Ready()) return {};
  if (doc_ids.empty()) {
    Deliver(store);
    return {};
  }
  Result<RaisedAlerts> raised =
      RaiseAlerts(store, state_.get(), doc_ids, static_cast<int64_t>(std::time(nullptr)));
  if (!raised.ok()) {
    err_ << "warta: alerts not stored: " << raised.status().ToString() << '\n';
    return {};
  }
  if (!g_.quiet && tell_ == Tell::kEach) {
    for (const Alert& a : raised->alerts) {
      err_ << "alert: " << a.story_id << ": " << a.kind << ": " << a.line << '\n';
    }
  } else if (!g_.quiet && !raised->alerts.empty()) {
    // "ingest: 3 new alerts (2 conflicting, 1 revised); list them: warta
    // alerts --since 1765119600": kinds in the order first raised.
    std::vector<std::pair<std::string, size_t>> kinds;
    for (const Alert& a : raised->alerts) {
      auto it = std::find_if(kinds.begin(), kinds.end(),
                             [&](const auto& k) { return k.first == a.kind; });
      if (it == kinds.end()) {
        kinds.emplace_back(a.kind, 1);
      } else {
        ++it->second;
      }
    }
    const size_t n = raised->alerts.size();
    err_ << command_ << ": " << n << " new alert" << (n == 1 ? "" : "s") << " (";
    for (size_t i = 0; i < kinds.size(); ++i) {
      err_ << (i ? ", " : "") << kinds[i].second << ' ' << kinds[i].first;
    }
    err_ << "); list them: warta alerts"
         << (g_.db == GlobalOptions().db ? std::string() : " --db " + ShellQuote(g_.db))
         << " --since " << started_ << '\n';
  }
  Deliver(store);
  return raised->waiting;
}

void AlertDesk::Deliver(Store* store) {
  if (!Ready() || !webhook_) return;
  Result<WebhookRun> run =
      webhook_->Deliver(state_.get(), store, static_cast<int64_t>(std::time(nullptr)));
  if (!run.ok()) {
    err_ << "warta: --webhook: " << run.status().ToString() << '\n';
  } else if (!run->error.empty()) {
    err_ << "warta: --webhook " << webhook_->options().url << ": " << run->error << "; "
         << run->pending << " alert" << (run->pending == 1 ? "" : "s")
         << " kept for the next run\n";
  }
}

int RunFetch(const GlobalOptions& g, const FetchFlags& flags, std::ostream& out,
             std::ostream& err) {
  std::vector<std::string> urls = flags.urls;
  if (!flags.urls_file.empty()) {
    Result<std::vector<std::string>> listed = ReadUrlList(flags.urls_file);
    if (!listed.ok()) return Fail(err, listed.status());
    urls.insert(urls.end(), listed->begin(), listed->end());
  }
  if (urls.empty()) return Fail(err, InvalidArgument("no URL to fetch (give URLs or --urls FILE)"));
  Result<Context> ctx = Open(g, true, true, /*create=*/true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  Result<std::unique_ptr<WatchState>> state = OpenWatchState(g.db);
  if (!state.ok()) return Fail(err, state.status());
  AlertDesk alerts(g, flags.webhook, AlertDesk::Tell::kEach, "fetch", err, flags.http.contact);
  HttpClient client(ToFetchOptions(flags.http));
  std::set<std::string> stored;
  IngestRun run = IngestArticles(
      [&](const ArticleFn& on_article, const ReadErrorFn& on_error) {
        for (const std::string& url : urls) {
          const int64_t now = static_cast<int64_t>(std::time(nullptr));
          Result<HttpResponse> got = client.Get(url);
          Status failed = got.ok() ? HttpStatusError(url, *got) : got.status();
          FetchRecord rec = got.ok() ? RecordOf(url, *got, now) : FetchRecord{};
          rec.url = url;
          rec.fetched_at = now;
          if (!failed.ok()) {
            rec.error = failed.message();
            on_error(FetchError(url, failed));
          } else {
            RawArticle raw = ArticleFromResponse(url, std::move(*got));
            rec.doc_id = raw.id;
            on_article(std::move(raw));
          }
          if (Status s = (*state)->PutFetch(rec); !s.ok()) {
            err << "warta: " << s.ToString() << '\n';
          }
        }
      },
      &*ctx, !g.quiet, err, /*batch_size=*/1, [&](const Result<AddResult>& r) {
        if (r.ok()) stored.insert(r->id);
      });
  if (run.fatal.ok()) alerts.Raise(ctx->store.get(), stored);
  return ReportIngestRun(g, run, out, err);
}

int RunWatch(const GlobalOptions& g, const WatchFlags& flags, std::ostream& out,
             std::ostream& err) {
  Result<std::vector<std::string>> feeds = ReadUrlList(flags.feeds_file);
  if (!feeds.ok()) return Fail(err, feeds.status());
  if (feeds->empty()) {
    return Fail(err, InvalidArgument("no feed in '" + flags.feeds_file + "'"));
  }
  Result<int64_t> every = ParseInterval(flags.every);
  if (!every.ok()) return Fail(err, every.status().WithContext("--every"));
  Result<Context> ctx = Open(g, true, true, /*create=*/true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  Result<std::unique_ptr<WatchState>> state = OpenWatchState(g.db);
  if (!state.ok()) return Fail(err, state.status());

  WatchOptions options;
  options.fetch = ToFetchOptions(flags.http);
  options.every_seconds = *every;
  options.poll_all = flags.once;
  options.delay_ms = static_cast<int64_t>(flags.delay * 1000);
  options.backoff_ms = static_cast<int64_t>(flags.backoff * 1000);
  options.log = [&err, &g](const std::string& line) {
    if (!g.quiet) err << "watch: " << line << '\n';
  };
  Watcher watcher(*feeds, state->get(), ctx->store.get(), options);
  AlertDesk alerts(g, flags.webhook, AlertDesk::Tell::kEach, "watch", err, flags.http.contact);
  std::vector<std::string> waiting;  // stored, not in a story yet
  std::signal(SIGTERM, OnStopWatch);
  std::signal(SIGINT, OnStopWatch);
  size_t rejected = 0;
  while (!g_stop_watch.load()) {
    // One poll: feeds due, then their pending items, through the ingest path
    // one committed article at a time (a killed watcher loses no article).
    std::optional<Status> added;
    std::set<std::string> stored(waiting.begin(), waiting.end());
    IngestRun run = IngestArticles(
        [&](const ArticleFn& on_article, const ReadErrorFn& on_error) {
          watcher.Poll(
              [&](RawArticle raw) {
                added.reset();
                on_article(std::move(raw));
                return added ? *added : Unavailable("not stored: the store stopped the run");
              },
              on_error, g_stop_watch);
        },
        &*ctx, false, err, /*batch_size=*/1,
        [&](const Result<AddResult>& r) {
          added = r.ok() ? Status::Ok() : r.status();
          if (r.ok()) stored.insert(r->id);
        });
    if (!run.fatal.ok()) return Fail(err, run.fatal);
    rejected += run.rejected;
    waiting = alerts.Raise(ctx->store.get(), stored);
    if (!g.quiet) {
      err << "watch: poll done: " << run.stats.inserted << " new, " << run.stats.updated
          << " updated, " << run.rejected << " rejected; " << run.stories.assigned
          << " assigned to stories\n";
    }
    if (flags.once) break;
    // Sleep until the next feed or item is due, waking for a stop.
    const int64_t wake = watcher.NextDue();
    while (!g_stop_watch.load() && static_cast<int64_t>(std::time(nullptr)) < wake) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  Result<WatchCounts> counts = (*state)->Counts();
  if (counts.ok() && !g.quiet) {
    err << "watch: " << counts->feeds << " feeds, " << counts->done << " items stored, "
        << counts->pending << " pending, " << counts->failed << " given up\n";
  }
  (void)out;
  return rejected > 0 ? kExitRejected : kExitOk;
}

int RunAlerts(const GlobalOptions& g, const AlertFlags& flags, std::ostream& out,
              std::ostream& err) {
  Result<Format> format = ParseFormat(g.format);
  if (!format.ok()) return Fail(err, format.status());
  int64_t since = 0;
  if (!flags.since.empty()) {
    Result<int64_t> parsed = ParseSince(flags.since, static_cast<int64_t>(std::time(nullptr)));
    if (!parsed.ok()) return Fail(err, parsed.status().WithContext("--since"));
    since = *parsed;
  }
  Result<Context> ctx = Open(g, false, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  Result<std::unique_ptr<WatchState>> state = OpenWatchState(g.db);
  if (!state.ok()) return Fail(err, state.status());
  const size_t limit = flags.limit == 0 ? SIZE_MAX >> 1 : flags.limit;
  Result<std::vector<Alert>> alerts = std::vector<Alert>();
  if (flags.query.empty()) {
    alerts = (*state)->ListAlerts(since, flags.story, limit);
  } else {
    // A followed search: the alerts of the stories it finds (and of
    // --story, when both are given).
    Result<std::unique_ptr<SearchTerms>> terms = SearchTerms::Create(ctx->data);
    if (!terms.ok()) return Fail(err, terms.status());
    Result<std::vector<std::string>> stories =
        StoriesMatching(ctx->store.get(), terms->get(), flags.query);
    if (!stories.ok()) return Fail(err, stories.status().WithContext("--query"));
    if (!flags.story.empty()) {
      std::erase_if(*stories, [&](const std::string& id) { return id != flags.story; });
    }
    alerts = AlertsOfStories(state->get(), *stories, since, limit);
  }
  if (!alerts.ok()) return Fail(err, alerts.status());
  if (*format == Format::kJsonl) {
    for (const Alert& a : *alerts) out << AlertToJson(a) << '\n';
  } else if (*format == Format::kJson) {
    out << "[";
    for (size_t i = 0; i < alerts->size(); ++i) out << (i ? ",\n" : "\n") << AlertToJson((*alerts)[i]);
    out << "\n]\n";
  } else {
    Table table({"CREATED", "STORY", "KIND", "LINE"});
    for (const Alert& a : *alerts) table.AddRow({IsoTime(a.created_at), a.story_id, a.kind, a.line});
    table.Print(out, 100);
  }
  return kExitOk;
}

}  // namespace warta
