// warta: the command-line interface. Parses flags and calls the commands in
// src/cli/commands.h; anything thrown that the library did not turn into a
// Status is caught here.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  try {
    CLI::App app{
        "Warta: who says what, how many, where and when - and where the sources "
        "disagree.\nReads news articles, cleans them, extracts their claims, groups them "
        "into stories and reconciles the claims in a ledger."};
    app.require_subcommand(1);
    warta::GlobalOptions g;
    app.add_option("--db", g.db, "SQLite database file (or postgresql:// URL)")
        ->capture_default_str();
    app.add_option("--data", g.data_dir,
                   "Warta's data folder (default: found beside the binary or via "
                   "WARTA_DATA_DIR)");
    app.add_option("--format", g.format,
                   "Output format: table, json, jsonl; claims: csv too; report: md, html, json")
        ->capture_default_str();
    app.add_flag("-q,--quiet", g.quiet, "No progress line or summary");
    app.fallthrough();

    std::vector<std::string> paths;
    auto* ingest = app.add_subcommand(
        "ingest", "Read, clean and store articles with their claims, then assign stories: "
                  "files, folders (recursively), - for stdin. Plain text, HTML, JSON Lines, "
                  "WARC, RSS and Atom; gzip read transparently.");
    ingest->add_option("paths", paths, "Inputs")->required();
    bool enqueue = false;
    ingest->add_flag("--enqueue", enqueue,
                     "Only put the articles in the database's work queue, for `warta worker`");

    warta::WorkerFlags worker_flags;
    auto* worker = app.add_subcommand(
        "worker", "Process the work queue (filled by `warta ingest --enqueue`): clean, store, "
                  "claims, stories. Any number of workers may share one PostgreSQL database.");
    worker->add_option("--batch", worker_flags.batch, "Articles per transaction")
        ->capture_default_str();
    worker->add_option("--max-attempts", worker_flags.max_attempts,
                       "Tries before an article is kept as failed")
        ->capture_default_str();
    worker->add_flag("--exit-when-empty", worker_flags.exit_when_empty,
                     "Exit once the queue is empty instead of waiting for more");

    app.add_subcommand("docs", "List the stored documents");

    app.add_subcommand("optimize",
                       "Bring the search index into its fastest form after a bulk load "
                       "(`warta ingest` does it itself when a run adds a tenth of the "
                       "database or more), then store every out-of-date story ledger (after "
                       "an upgrade, or loading through workers); other processes may go on "
                       "reading and writing");

    std::string id;
    bool with_content = false;
    auto* show = app.add_subcommand("show", "A stored document's metadata and clean text");
    show->add_option("doc", id, "Document id (as listed by `warta docs`)")->required();
    show->add_flag("--original", with_content, "Print the original bytes too");

    auto* extract = app.add_subcommand(
        "extract", "Clean text and metadata of pages or articles, without storing them "
                   "(--format jsonl or text)");
    extract->add_option("paths", paths, "Inputs")->required();

    app.add_subcommand("stories",
                       "Stories: the stored documents clustered by event, with ids for "
                       "`warta ledger STORY`; --format table, json or jsonl");

    std::vector<std::string> docs;
    auto* claims = app.add_subcommand(
        "claims", "Claims of stored documents (all when none are named): --format jsonl "
                  "(the claim export contract), json, csv or table");
    claims->add_option("docs", docs, "Document ids");

    auto* ledger = app.add_subcommand(
        "ledger", "The claim ledger of a story (its id from `warta stories`) or of the named "
                  "documents (all when none): claims grouped "
                  "by what they measure, values by origin over time, verdicts; --format "
                  "table or json");
    ledger->add_option("docs", docs, "A story id, or document ids");

    std::string out_path;
    auto* report = app.add_subcommand(
        "report", "The ledger as a report: --format md, html (one self-contained file) or json");
    report->add_option("docs", docs, "A story id, or document ids");
    report->add_option("-o,--output", out_path, "Write to this file instead of stdout");

    app.add_subcommand("demo",
                       "Ingest the bundled sample corpus into the database and print what "
                       "was found");

    std::string listen = "127.0.0.1:8080", token;
    auto* serve = app.add_subcommand(
        "serve", "The HTTP JSON API and the web page, until SIGTERM or SIGINT (docs/api.md)");
    serve->add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)")
        ->capture_default_str();
    serve->add_option("--token", token, "Bearer token for POST /api/ingest (or WARTA_TOKEN)");

    CLI11_PARSE(app, argc, argv);

    if (ingest->parsed()) return warta::RunIngest(g, paths, enqueue, std::cout, std::cerr);
    if (worker->parsed()) return warta::RunWorker(g, worker_flags, std::cerr);
    if (app.got_subcommand("docs")) return warta::RunDocs(g, std::cout, std::cerr);
    if (app.got_subcommand("optimize")) return warta::RunOptimize(g, std::cerr);
    if (show->parsed()) return warta::RunShow(g, id, with_content, std::cout, std::cerr);
    if (extract->parsed()) return warta::RunExtract(g, paths, std::cout, std::cerr);
    if (app.got_subcommand("demo")) return warta::RunDemo(g, std::cout, std::cerr);
    if (app.got_subcommand("stories")) return warta::RunStories(g, std::cout, std::cerr);
    if (claims->parsed()) return warta::RunClaims(g, docs, std::cout, std::cerr);
    if (ledger->parsed()) return warta::RunLedger(g, docs, std::cout, std::cerr);
    if (report->parsed()) return warta::RunReport(g, docs, out_path, std::cout, std::cerr);
    if (serve->parsed()) return warta::RunServe(g, listen, token, std::cerr);
    return warta::kExitFailed;
  } catch (const std::exception& e) {
    std::cerr << "warta: internal error: " << e.what() << '\n';
    return warta::kExitFailed;
  }
}
