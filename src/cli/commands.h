// The commands of the `warta` binary. Each returns the process exit code:
// 0 success, 1 done but some inputs were rejected, 2 could not run (bad
// usage, database or data folder unusable). Only the commands that store
// (ingest, demo, serve with a token) create a database; the others refuse
// a SQLite file that does not exist, naming it. Output goes to `out`, messages
// and errors to `err`.
//
// Thread-safety: one command at a time per process.
#ifndef WARTA_CLI_COMMANDS_H_
#define WARTA_CLI_COMMANDS_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace warta {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;
inline constexpr int kExitFailed = 2;

struct GlobalOptions {
  std::string db = "warta.db";  // SQLite path or postgresql:// URL
  std::string data_dir;         // empty: found by DataDir::Find
  std::string format = "table";
  bool quiet = false;           // no progress line, no summary
};

// Where new alerts are POSTed (warta/webhook.h, docs/fetch.md): the
// commands that store articles take --webhook URL and --webhook-token.
struct WebhookFlags {
  std::string url;    // empty: no webhook
  std::string token;  // HMAC key of X-Warta-Signature; empty: $WARTA_WEBHOOK_TOKEN
};

// Stores the articles of `paths` with their claims, then runs the story
// stage; with `enqueue`, only queues them for `warta worker`. Creates the
// database when it does not exist. An article read from standard input is
// stored as `stdin_id`, or when empty as "stdin-" and 16 hex digits of its
// content's hash, so that a second piped article never takes the first's
// place. A stored document replaced by new bytes under its id is said on
// `err`.
// The verdict lines stories gain are stored as alerts and told as one line
// (their count by kind and the command that lists them), and POSTed to the
// webhook when one is given.
int RunIngest(const GlobalOptions& g, const std::vector<std::string>& paths, bool enqueue,
              const std::string& stdin_id, const WebhookFlags& webhook, std::ostream& out,
              std::ostream& err);

struct WorkerFlags {
  WebhookFlags webhook;
  size_t batch = 32;
  int max_attempts = 3;
  bool exit_when_empty = false;
};
// A queue worker (warta/worker.h) until SIGTERM or SIGINT, or until the
// queue is empty with `exit_when_empty`.
int RunWorker(const GlobalOptions& g, const WorkerFlags& flags, std::ostream& err);
int RunDocs(const GlobalOptions& g, std::ostream& out, std::ostream& err);
int RunOptimize(const GlobalOptions& g, std::ostream& err);
int RunShow(const GlobalOptions& g, const std::string& id, bool with_content,
            std::ostream& out, std::ostream& err);
int RunExtract(const GlobalOptions& g, const std::vector<std::string>& paths,
               std::ostream& out, std::ostream& err);
int RunDemo(const GlobalOptions& g, std::ostream& out, std::ostream& err);
struct StoryListFlags {
  std::string sort = "size";  // size (most documents first), recent, id
  size_t limit = 0;           // 0: all
};
// Stories of the stored documents (story export contract): table, json, jsonl.
int RunStories(const GlobalOptions& g, const StoryListFlags& flags, std::ostream& out,
               std::ostream& err);

// Which claims `warta claims` prints; empty fields do not filter.
struct ClaimFilter {
  std::string story;     // a story id: its members' claims
  std::string source;    // contained in the source or its mention, ASCII case folded
  std::string what;      // equal
  std::string stance;    // equal
  std::string from, to;  // YYYY-MM-DD, inclusive; said_date, else the publication date
};
// Claims of a story (one "story-..." argument, or --story), of the named
// documents, or of all: table (the default), jsonl, json, csv. A story or
// document that is not stored is an error naming it.
int RunClaims(const GlobalOptions& g, const std::vector<std::string>& docs,
              const ClaimFilter& filter, std::ostream& out, std::ostream& err);
// The ledger of a story (one "story-..." id), of the named documents, or of
// all of them.
int RunLedger(const GlobalOptions& g, const std::vector<std::string>& docs,
              std::ostream& out, std::ostream& err);
// A report of the ledger: md, html, json, or claimreview (schema.org
// ClaimReview drafts, warta/claim_review.h); to `out_path` when not empty.
int RunReport(const GlobalOptions& g, const std::vector<std::string>& docs,
              const std::string& out_path, std::ostream& out, std::ostream& err);
// The HTTP API and web page (warta/serve.h) on `listen` until SIGTERM or
// SIGINT. An empty `token` takes $WARTA_TOKEN; with neither, writes are off.
// `allowed_hosts`: Host names served besides IP literals and localhost.
// Alerts raised by POST /api/ingest go to `webhook` when it has a URL.
int RunServe(const GlobalOptions& g, const std::string& listen, const std::string& token,
             const std::vector<std::string>& allowed_hosts, const WebhookFlags& webhook,
             std::ostream& err);

// What `warta fetch` and `warta watch` share: limits of each transfer and
// the contact in the User-Agent (docs/fetch.md).
struct HttpFlags {
  std::string contact;             // empty: $WARTA_CONTACT
  double timeout = 30;             // seconds, the whole transfer
  double connect_timeout = 10;     // seconds
  size_t max_bytes = 32u << 20;    // a page over it is aborted
  long max_redirects = 5;
};

struct FetchFlags {
  WebhookFlags webhook;
  std::vector<std::string> urls;
  std::string urls_file;  // one URL a line; blank lines and # comments skipped
  HttpFlags http;
};
// Fetches each URL and stores the page as `warta ingest` stores a file (the
// URL is the document id); the last fetch of each URL is kept in the
// fetched_pages table. A URL that cannot be fetched is an error naming it,
// and the batch goes on. Exit codes as for ingest.
int RunFetch(const GlobalOptions& g, const FetchFlags& flags, std::ostream& out,
             std::ostream& err);

struct WatchFlags {
  WebhookFlags webhook;
  std::string feeds_file;      // one feed or sitemap URL a line
  std::string every = "5m";    // poll interval: 90s, 5m, 1h
  bool once = false;           // one poll of every feed, then exit
  double delay = 1;            // seconds between two requests to one host
  double backoff = 1;          // seconds: first pause after a 429 or 5xx
  HttpFlags http;
};
// Polls the feeds and sitemaps of `feeds_file` and stores their new items
// (warta/watch.h), until SIGTERM or SIGINT, or after one poll with `once`.
int RunWatch(const GlobalOptions& g, const WatchFlags& flags, std::ostream& out,
             std::ostream& err);

struct AlertFlags {
  std::string since;  // Unix seconds, YYYY-MM-DD, or an interval back (2h); empty: all
  std::string story;  // only this story's; empty: all
  std::string query;  // only the stories this search finds (as GET /api/search); empty: all
  size_t limit = 0;   // 0: all
};
// The stored alerts (warta/alerts.h), newest first: table, json or jsonl.
int RunAlerts(const GlobalOptions& g, const AlertFlags& flags, std::ostream& out,
              std::ostream& err);

}  // namespace warta

#endif  // WARTA_CLI_COMMANDS_H_
