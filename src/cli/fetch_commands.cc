// `warta fetch` and `warta watch`: pages over HTTP into the ingest path
// (ingest_run.h). Tested by tests/fetch_test.cc, which runs the built binary
// against a loopback fixture site.
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

std::atomic<bool> g_stop_watch{false};
void OnStopWatch(int) { g_stop_watch.store(true); }

}  // namespace

// The stories of the documents `doc_ids` stored by a run gain verdict lines:
// each new one is stored as an alert and told on `err` ("alert: ...").
void RaiseAlerts(Context* ctx, WatchState* state, const std::set<std::string>& doc_ids,
                 const GlobalOptions& g, std::ostream& err) {
  std::set<std::string> stories;
  for (const std::string& id : doc_ids) {
    Result<std::optional<StoryMember>> m = ctx->store->GetStoryMember(id);
    if (m.ok() && *m) stories.insert((*m)->story_id);
  }
  if (stories.empty()) return;
  Result<std::vector<Alert>> fresh =
      UpdateAlerts(ctx->store.get(), state, {stories.begin(), stories.end()},
                   static_cast<int64_t>(std::time(nullptr)));
  if (!fresh.ok()) {
    err << "warta: alerts not stored: " << fresh.status().ToString() << '\n';
    return;
  }
  if (g.quiet) return;
  for (const Alert& a : *fresh) {
    err << "alert: " << a.story_id << ": " << a.kind << ": " << a.line << '\n';
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
  if (run.fatal.ok()) RaiseAlerts(&*ctx, state->get(), stored, g, err);
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
  std::signal(SIGTERM, OnStopWatch);
  std::signal(SIGINT, OnStopWatch);
  size_t rejected = 0;
  while (!g_stop_watch.load()) {
    // One poll: feeds due, then their pending items, through the ingest path
    // one committed article at a time (a killed watcher loses no article).
    std::optional<Status> added;
    std::set<std::string> stored;
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
    RaiseAlerts(&*ctx, state->get(), stored, g, err);
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
  Result<std::vector<Alert>> alerts =
      (*state)->ListAlerts(since, flags.story, flags.limit == 0 ? SIZE_MAX >> 1 : flags.limit);
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
