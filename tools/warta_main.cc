// warta: the command-line interface. Parses flags and calls the commands in
// src/cli/commands.h; anything thrown that the library did not turn into a
// Status is caught here.
//
// Usage errors (an unknown command or option, a missing argument) exit with
// kExitFailed (2) and one line on stderr saying what was wrong and where
// help is; --help and --version exit 0.
#include <CLI/CLI.hpp>
#include <unistd.h>
#include <algorithm>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "output.h"

namespace {

// The options every command takes, before or after the command's name;
// added to each subcommand too, so that `warta CMD --help` lists them.
void AddGlobalOptions(CLI::App* app, warta::GlobalOptions& g) {
  app->add_option("--db", g.db, "SQLite database file (or postgresql:// URL)")
      ->capture_default_str();
  app->add_option("--data", g.data_dir,
                  "Warta's data folder (default: found beside the binary or via "
                  "WARTA_DATA_DIR)");
  app->add_option("--format", g.format,
                  "Output format: table, json, jsonl; claims: csv too; report: md, html, json, "
                  "claimreview")
      ->capture_default_str();
  app->add_flag("-q,--quiet", g.quiet, "No progress line or summary");
}

// Levenshtein distance of two short ASCII words, for "did you mean".
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The first word of argv that is neither an option nor an option's value:
// what the user meant as the command ("ledgr" in `warta --db x ledgr`).
std::string FirstCommandWord(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" || a == "--data" || a == "--format") {
      ++i;  // its value
      continue;
    }
    if (!a.empty() && a[0] == '-') continue;
    return a;
  }
  return "";
}

// One line for a usage error: an unknown command named as such, with the
// nearest command when one is close ("warta ledgr" -> "did you mean
// 'ledger'?"); otherwise CLI11's message and where help is.
std::string UsageMessage(CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  const std::vector<CLI::App*> parsed = app.get_subcommands();
  if (parsed.empty()) {
    std::string word = FirstCommandWord(argc, argv);
    if (!word.empty()) {
      std::string best;
      size_t best_distance = 3;  // at most two edits away
      for (const CLI::App* sub : app.get_subcommands(std::function<bool(CLI::App*)>())) {
        size_t d = EditDistance(word, sub->get_name());
        if (d < best_distance) {
          best_distance = d;
          best = sub->get_name();
        }
      }
      return "unknown command '" + word + "'" +
             (best.empty() ? "" : " (did you mean '" + best + "'?)") +
             "; `warta --help` lists the commands";
    }
    return std::string(e.what()) + "; `warta --help` lists the commands";
  }
  return std::string(e.what()) + "; see `warta " + parsed[0]->get_name() + " --help`";
}

}  // namespace

int main(int argc, char** argv) {
  // On a terminal, article text is shown, never obeyed as escape sequences.
  std::optional<warta::TerminalSafeBuf> safe_stdout;
  struct RestoreStdout {
    std::streambuf* original = std::cout.rdbuf();
    ~RestoreStdout() {
      std::cout.flush();
      std::cout.rdbuf(original);
    }
  } restore_stdout;
  if (isatty(STDOUT_FILENO)) {
    safe_stdout.emplace(std::cout.rdbuf());
    std::cout.rdbuf(&*safe_stdout);
  }
  try {
    CLI::App app{
        "Warta: who says what, how many, where and when - and where the sources "
        "disagree.\nReads news articles, cleans them, extracts their claims, groups them "
        "into stories and reconciles the claims in a ledger."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("warta ") + WARTA_VERSION);
    warta::GlobalOptions g;
    AddGlobalOptions(&app, g);
    app.fallthrough();

    // --webhook URL and its token, on every command that raises alerts.
    auto add_webhook_options = [](CLI::App* cmd, warta::WebhookFlags& w) {
      cmd->add_option("--webhook", w.url,
                      "POST each new alert as JSON to this URL, signed with --webhook-token "
                      "(X-Warta-Signature: sha256=HMAC); retried, kept until delivered");
      cmd->add_option("--webhook-token", w.token,
                      "Key of the webhook's HMAC-SHA256 signature (or WARTA_WEBHOOK_TOKEN)");
    };

    std::vector<std::string> paths;
    auto* ingest = app.add_subcommand(
        "ingest",
        "Read, clean and store articles with their claims, then assign stories: "
        "files, folders (recursively), - for stdin. Plain text, HTML, JSON Lines, "
        "WARC, RSS and Atom; gzip read transparently. Creates the database when "
        "it does not exist. Verdict lines the stories gain are told as alerts.");
    ingest->add_option("paths", paths, "Inputs")->required();
    bool enqueue = false;
    ingest->add_flag("--enqueue", enqueue,
                     "Only put the articles in the database's work queue, for `warta worker`");
    std::string stdin_id;
    ingest->add_option("--id", stdin_id,
                       "Document id of the article read from standard input (default: "
                       "stdin-HASH, from its content)");
    warta::WebhookFlags ingest_webhook;
    add_webhook_options(ingest, ingest_webhook);

    warta::WorkerFlags worker_flags;
    auto* worker = app.add_subcommand(
        "worker",
        "Process the work queue (filled by `warta ingest --enqueue`): clean, store, "
        "claims, stories. Any number of workers may share one PostgreSQL database.");
    worker->add_option("--batch", worker_flags.batch, "Articles per transaction")
        ->capture_default_str();
    worker
        ->add_option("--max-attempts", worker_flags.max_attempts,
                     "Tries before an article is kept as failed")
        ->capture_default_str();
    worker->add_flag("--exit-when-empty", worker_flags.exit_when_empty,
                     "Exit once the queue is empty instead of waiting for more");
    add_webhook_options(worker, worker_flags.webhook);

    auto* docs_cmd = app.add_subcommand("docs", "List the stored documents");

    auto* optimize =
        app.add_subcommand("optimize",
                           "Assign stories to stored documents that have none (left by an "
                           "interrupted ingest), bring the search index into its fastest form "
                           "after a bulk load "
                           "(`warta ingest` does it itself when a run adds a tenth of the "
                           "database or more), then store every out-of-date story ledger (after "
                           "an upgrade, or loading through workers); other processes may go on "
                           "reading and writing");

    std::string id;
    bool with_content = false;
    auto* show = app.add_subcommand("show", "A stored document's metadata and clean text");
    show->add_option("doc", id, "Document id (as listed by `warta docs`)")->required();
    show->add_flag("--original", with_content, "Print the original bytes too");

    auto* extract =
        app.add_subcommand("extract",
                           "Clean text and metadata of pages or articles, without storing them "
                           "(--format jsonl or text)");
    extract->add_option("paths", paths, "Inputs")->required();

    warta::StoryListFlags story_flags;
    auto* stories =
        app.add_subcommand("stories",
                           "Stories: the stored documents clustered by event, with ids for "
                           "`warta ledger STORY`; --format table, json or jsonl");
    stories
        ->add_option("--sort", story_flags.sort,
                     "size (most documents first), recent "
                     "(latest first) or id")
        ->capture_default_str()
        ->check(CLI::IsMember({"size", "recent", "id"}));
    stories->add_option("--limit", story_flags.limit, "At most this many stories (0: all)")
        ->capture_default_str();

    std::vector<std::string> docs;
    warta::ClaimFilter filter;
    auto* claims =
        app.add_subcommand("claims",
                           "Claims of a story or of stored documents (all when none are named): "
                           "--format table (the default), jsonl (the claim export contract), json "
                           "or csv");
    claims->add_option("docs", docs, "A story id, or document ids");
    claims->add_option("--story", filter.story, "Only the claims of this story");
    claims->add_option("--source", filter.source,
                       "Only claims whose source contains this text (any case)");
    claims->add_option("--what", filter.what,
                       "Only claims counting this (troops, killed, ...; "
                       "stance for claims without a number)");
    claims->add_option("--stance", filter.stance,
                       "Only this stance: asserts, confirms, hedged, cannot_verify, "
                       "no_evidence, denies");
    claims->add_option("--from", filter.from,
                       "Only claims said (else published) on or after this date, YYYY-MM-DD");
    claims->add_option("--to", filter.to,
                       "Only claims said (else published) on or before this date, YYYY-MM-DD");

    auto* ledger = app.add_subcommand(
        "ledger",
        "The claim ledger of a story (its id from `warta stories`) or of the named "
        "documents (all when none): claims grouped "
        "by what they measure, values by origin over time, verdicts; --format "
        "table or json");
    ledger->add_option("docs", docs, "A story id, or document ids");

    std::string out_path;
    auto* report = app.add_subcommand(
        "report",
        "The ledger as a report: --format md, html (one self-contained file), json, "
        "or claimreview (schema.org ClaimReview drafts in JSON-LD, for a "
        "fact-checker to rate)");
    report->add_option("docs", docs, "A story id, or document ids");
    report->add_option("-o,--output", out_path, "Write to this file instead of stdout");

    auto* demo = app.add_subcommand(
        "demo",
        "Ingest the bundled sample corpus into the database (created when it does "
        "not exist) and print what was found");

    std::string listen = "127.0.0.1:8080", token;
    auto* serve = app.add_subcommand(
        "serve",
        "The HTTP JSON API and the web page, until SIGTERM or SIGINT (docs/api.md); "
        "without a token it only reads, and refuses a database that does not exist");
    serve->add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)")
        ->capture_default_str();
    serve->add_option("--token", token, "Bearer token for POST /api/ingest (or WARTA_TOKEN)");
    std::vector<std::string> allowed_hosts;
    serve->add_option("--allow-host", allowed_hosts,
                      "A Host name to answer besides IP addresses and localhost (repeatable); "
                      "other names are refused, against DNS rebinding");
    warta::WebhookFlags serve_webhook;
    add_webhook_options(serve, serve_webhook);

    auto add_http_options = [](CLI::App* cmd, warta::HttpFlags& h) {
      cmd->add_option("--contact", h.contact,
                      "An e-mail address or URL for site owners, sent in the User-Agent "
                      "(or WARTA_CONTACT)");
      cmd->add_option("--timeout", h.timeout, "Seconds a whole transfer may take")
          ->capture_default_str();
      cmd->add_option("--connect-timeout", h.connect_timeout, "Seconds to connect")
          ->capture_default_str();
      cmd->add_option("--max-bytes", h.max_bytes, "Largest page, in bytes after decompression")
          ->capture_default_str();
      cmd->add_option("--max-redirects", h.max_redirects, "Redirects followed")
          ->capture_default_str();
    };
    warta::FetchFlags fetch_flags;
    auto* fetch = app.add_subcommand(
        "fetch",
        "Fetch pages over HTTP(S) and store them as `warta ingest` stores files (the URL "
        "is the document id); a URL that cannot be fetched is reported and the rest go on");
    fetch->add_option("urls", fetch_flags.urls, "URLs");
    fetch->add_option("--urls", fetch_flags.urls_file,
                      "A file of URLs, one a line (# comments and blank lines skipped)");
    add_http_options(fetch, fetch_flags.http);
    add_webhook_options(fetch, fetch_flags.webhook);

    warta::WatchFlags watch_flags;
    auto* watch = app.add_subcommand(
        "watch",
        "Poll RSS/Atom feeds and sitemaps and store their new items, politely "
        "(robots.txt, one request at a time per host, conditional GET, backoff), until "
        "SIGTERM or SIGINT; state is kept in the database, so a restart resumes");
    watch->add_option("--feeds", watch_flags.feeds_file,
                      "A file of feed or sitemap URLs, one a line")
        ->required();
    watch->add_option("--every", watch_flags.every, "Poll interval: 90s, 5m, 1h")
        ->capture_default_str();
    watch->add_flag("--once", watch_flags.once, "One poll of every feed, then exit");
    watch->add_option("--delay", watch_flags.delay,
                      "Seconds between two requests to one host (a longer Crawl-delay wins)")
        ->capture_default_str();
    watch->add_option("--backoff", watch_flags.backoff,
                      "Seconds of the first pause after a 429, 5xx or timeout (doubles)")
        ->capture_default_str();
    add_http_options(watch, watch_flags.http);
    add_webhook_options(watch, watch_flags.webhook);

    warta::AlertFlags alert_flags;
    auto* alerts = app.add_subcommand(
        "alerts",
        "Verdict lines stories' ledgers gained as `warta fetch`, `warta watch` and "
        "`warta ingest` stored articles (a new conflict, revision, denial or agreement), "
        "newest first");
    alerts->add_option("--since", alert_flags.since,
                       "Only alerts since: Unix seconds, YYYY-MM-DD, or 2h (that long ago)");
    alerts->add_option("--story", alert_flags.story, "Only this story's alerts");
    alerts->add_option("--query", alert_flags.query,
                       "Only the alerts of the stories this search finds (as `GET /api/search`: "
                       "\"korea utara\")");
    alerts->add_option("--limit", alert_flags.limit, "At most this many (0: all)")
        ->capture_default_str();

    for (CLI::App* sub : app.get_subcommands({})) AddGlobalOptions(sub, g);

    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      std::cerr << "warta: " << UsageMessage(app, e, argc, argv) << '\n';
      return warta::kExitFailed;
    }

    if (ingest->parsed()) {
      return warta::RunIngest(g, paths, enqueue, stdin_id, ingest_webhook, std::cout, std::cerr);
    }
    if (worker->parsed()) return warta::RunWorker(g, worker_flags, std::cerr);
    if (docs_cmd->parsed()) return warta::RunDocs(g, std::cout, std::cerr);
    if (optimize->parsed()) return warta::RunOptimize(g, std::cerr);
    if (show->parsed()) return warta::RunShow(g, id, with_content, std::cout, std::cerr);
    if (extract->parsed()) return warta::RunExtract(g, paths, std::cout, std::cerr);
    if (demo->parsed()) return warta::RunDemo(g, std::cout, std::cerr);
    if (stories->parsed()) return warta::RunStories(g, story_flags, std::cout, std::cerr);
    if (claims->parsed()) return warta::RunClaims(g, docs, filter, std::cout, std::cerr);
    if (ledger->parsed()) return warta::RunLedger(g, docs, std::cout, std::cerr);
    if (report->parsed()) return warta::RunReport(g, docs, out_path, std::cout, std::cerr);
    if (alerts->parsed()) return warta::RunAlerts(g, alert_flags, std::cout, std::cerr);
    if (fetch->parsed()) return warta::RunFetch(g, fetch_flags, std::cout, std::cerr);
    if (watch->parsed()) return warta::RunWatch(g, watch_flags, std::cout, std::cerr);
    if (serve->parsed())
      return warta::RunServe(g, listen, token, allowed_hosts, serve_webhook, std::cerr);
    return warta::kExitFailed;
  } catch (const std::exception& e) {
    std::cerr << "warta: internal error: " << e.what() << '\n';
    return warta::kExitFailed;
  }
}
