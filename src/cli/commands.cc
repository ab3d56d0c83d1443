// The commands of the `warta` binary. Tested by tests/e2e_test.cc, which runs
// the built binary.
#include "commands.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "output.h"
#include "warta/clean.h"
#include "warta/ingest.h"
#include "warta/lang_data.h"
#include "warta/page.h"
#include "warta/read.h"
#include "warta/store.h"

namespace warta {
namespace {

int Fail(std::ostream& err, const Status& s) {
  err << "warta: " << s.ToString() << '\n';
  return kExitFailed;
}

// A one-line progress report on a terminal, redrawn at most 5 times a
// second; nothing when stderr is not a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {}
  void Update(std::ostream& err, const IngestStats& s, size_t rejected) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    err << "\r\x1b[Kingest: " << s.read << " articles, " << rejected << " rejected, "
        << static_cast<long>(secs > 0 ? s.read / secs : 0) << "/s" << std::flush;
    drawn_ = true;
  }
  void Clear(std::ostream& err) {
    if (drawn_) err << "\r\x1b[K" << std::flush;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

struct IngestRun {
  IngestStats stats;
  size_t rejected = 0;
  Status fatal;
};

// Reads `paths` into `store`. Rejected inputs are reported on `err` and
// counted; the batch goes on.
IngestRun IngestPaths(const std::vector<std::string>& paths, Store* store,
                      const Cleaner* cleaner, bool progress_enabled, std::ostream& err) {
  IngestRun run;
  Ingester ingester(store, cleaner);
  Progress progress(progress_enabled);
  ReadInputs(
      paths, ReadOptions{},
      [&](RawArticle raw) {
        std::string origin = raw.origin;
        Result<AddResult> added = ingester.Add(std::move(raw));
        if (!added.ok()) {
          progress.Clear(err);
          err << "warta: " << origin << ": not stored: " << added.status().ToString() << '\n';
          ++run.rejected;
        } else if (added->repaired_bytes > 0) {
          progress.Clear(err);
          err << "warta: " << origin << ": replaced " << added->repaired_bytes
              << " invalid UTF-8 bytes with U+FFFD\n";
        }
        progress.Update(err, ingester.stats(), run.rejected);
      },
      [&](const ReadError& e) {
        progress.Clear(err);
        err << "warta: " << e.ToString() << '\n';
        ++run.rejected;
      });
  progress.Clear(err);
  run.fatal = ingester.Finish();
  run.stats = ingester.stats();
  return run;
}

struct Context {
  DataDir data;
  std::unique_ptr<Cleaner> cleaner;
  std::unique_ptr<Store> store;
};

Result<Context> Open(const GlobalOptions& g, bool need_cleaner, bool need_store) {
  Context ctx;
  ASSIGN_OR_RETURN(ctx.data, DataDir::Find(g.data_dir));
  if (need_cleaner) {
    ASSIGN_OR_RETURN(ctx.cleaner, Cleaner::Create(ctx.data));
  }
  if (need_store) {
    Result<std::unique_ptr<Store>> store = OpenStore(g.db);
    if (!store.ok()) return store.status().WithContext(g.db);
    ctx.store = std::move(*store);
  }
  return ctx;
}

void PrintSummary(std::ostream& err, const IngestRun& run) {
  const IngestStats& s = run.stats;
  err << "ingest: " << s.read << " read: " << s.inserted << " new, " << s.updated
      << " updated, " << s.unchanged << " unchanged, " << s.duplicate
      << " duplicate; " << run.rejected << " rejected\n";
}

void PrintDocsTable(std::ostream& out, const std::vector<DocumentSummary>& docs) {
  Table table({"ID", "OUTLET", "PUBLISHED", "LANG", "BYTES", "CLEAN", "TITLE"});
  for (const DocumentSummary& d : docs) {
    table.AddRow({d.id, OrDash(d.meta.outlet), OrDash(d.meta.published),
                  OrDash(d.meta.lang), std::to_string(d.content_bytes),
                  std::to_string(d.text_bytes), OrDash(d.meta.title)});
  }
  table.Print(out, 48);
}

}  // namespace

int RunIngest(const GlobalOptions& g, const std::vector<std::string>& paths,
              std::ostream& out, std::ostream& err) {
  Result<Format> format = ParseFormat(g.format);
  if (!format.ok()) return Fail(err, format.status());
  Result<Context> ctx = Open(g, true, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  IngestRun run = IngestPaths(paths, ctx->store.get(), ctx->cleaner.get(), !g.quiet, err);
  if (!run.fatal.ok()) return Fail(err, run.fatal);
  const IngestStats& s = run.stats;
  if (*format == Format::kJson || *format == Format::kJsonl) {
    nlohmann::ordered_json j;
    j["read"] = s.read;
    j["inserted"] = s.inserted;
    j["updated"] = s.updated;
    j["unchanged"] = s.unchanged;
    j["duplicate"] = s.duplicate;
    j["rejected"] = run.rejected;
    j["repaired"] = s.repaired;
    out << DumpJson(j, *format == Format::kJson ? 2 : -1) << '\n';
  } else if (!g.quiet) {
    PrintSummary(err, run);
  }
  return run.rejected > 0 ? kExitRejected : kExitOk;
}

int RunDocs(const GlobalOptions& g, std::ostream& out, std::ostream& err) {
  Result<Format> format = ParseFormat(g.format);
  if (!format.ok()) return Fail(err, format.status());
  Result<Context> ctx = Open(g, false, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  Result<std::vector<DocumentSummary>> docs = ctx->store->ListDocuments();
  if (!docs.ok()) return Fail(err, docs.status());
  if (*format == Format::kTable || *format == Format::kText) {
    PrintDocsTable(out, *docs);
    return kExitOk;
  }
  std::vector<nlohmann::ordered_json> rows;
  for (const DocumentSummary& d : *docs) rows.push_back(SummaryJson(d));
  PrintJsonRows(out, rows, *format);
  return kExitOk;
}

int RunShow(const GlobalOptions& g, const std::string& id, bool with_content,
            std::ostream& out, std::ostream& err) {
  Result<Format> format = ParseFormat(g.format);
  if (!format.ok()) return Fail(err, format.status());
  Result<Context> ctx = Open(g, false, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  Result<std::optional<Document>> doc = ctx->store->GetDocument(id);
  if (!doc.ok()) return Fail(err, doc.status());
  if (!doc->has_value()) return Fail(err, NotFound("no document '" + id + "' in " + g.db));
  const Document& d = **doc;
  if (*format == Format::kJson || *format == Format::kJsonl) {
    out << DumpJson(DocumentJson(d, with_content), *format == Format::kJson ? 2 : -1) << '\n';
    return kExitOk;
  }
  Table table({"FIELD", "VALUE"});
  auto row = [&](const char* k, const std::string& v) { table.AddRow({k, OrDash(v)}); };
  row("id", d.id);
  row("origin", d.origin);
  row("kind", ContentKindName(d.kind));
  row("title", d.meta.title);
  row("author", d.meta.author);
  row("outlet", d.meta.outlet);
  row("dateline", d.meta.dateline);
  row("published", d.meta.published);
  row("modified", d.meta.modified);
  row("url", d.meta.url);
  row("lang", d.meta.lang);
  row("bytes", std::to_string(d.content.size()) + " original, " +
                   std::to_string(d.text.size()) + " clean");
  row("hash", d.content_hash);
  table.Print(out, 100);
  out << '\n' << d.text << '\n';
  if (with_content) out << "\n--- original ---\n" << d.content << '\n';
  return kExitOk;
}

int RunExtract(const GlobalOptions& g, const std::vector<std::string>& paths,
               std::ostream& out, std::ostream& err) {
  Result<Format> format = ParseFormat(g.format == "table" ? "jsonl" : g.format);
  if (!format.ok()) return Fail(err, format.status());
  Result<Context> ctx = Open(g, true, false);
  if (!ctx.ok()) return Fail(err, ctx.status());
  size_t rejected = 0;
  auto page_json = [](const std::string& file, const CleanArticle* clean,
                      const std::string& error) {
    nlohmann::ordered_json j;
    auto or_null = [](const std::string& s) {
      return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
    };
    j["file"] = file;
    j["title"] = clean ? or_null(clean->meta.title) : nullptr;
    j["text"] = clean ? nlohmann::ordered_json(clean->text) : nlohmann::ordered_json("");
    j["author"] = clean ? or_null(clean->meta.author) : nullptr;
    j["published"] = clean ? or_null(clean->meta.published) : nullptr;
    j["modified"] = clean ? or_null(clean->meta.modified) : nullptr;
    j["site"] = clean ? or_null(clean->meta.outlet) : nullptr;
    j["url"] = clean ? or_null(clean->meta.url) : nullptr;
    j["lang"] = clean ? or_null(clean->meta.lang) : nullptr;
    j["error"] = or_null(error);
    return j;
  };
  ReadInputs(
      paths, ReadOptions{},
      [&](RawArticle raw) {
        std::string origin = raw.origin;
        CleanArticle clean = ctx->cleaner->Clean(raw);
        if (*format == Format::kText) {
          out << clean.text << "\n\n";
        } else {
          out << DumpJson(page_json(origin, &clean, "")) << '\n';
        }
      },
      [&](const ReadError& e) {
        ++rejected;
        err << "warta: " << e.ToString() << '\n';
        if (*format != Format::kText) {
          out << DumpJson(page_json(e.input, nullptr, e.status.ToString())) << '\n';
        }
      });
  return rejected > 0 ? kExitRejected : kExitOk;
}

int RunDemo(const GlobalOptions& g, std::ostream& out, std::ostream& err) {
  Result<Context> ctx = Open(g, true, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  std::string corpus = ctx->data.SampleCorpus();
  out << "Warta demo: the bundled sample corpus (" << corpus << ")\n"
      << "ingested into " << g.db << "\n\n";
  IngestRun run = IngestPaths({corpus}, ctx->store.get(), ctx->cleaner.get(), !g.quiet, err);
  if (!run.fatal.ok()) return Fail(err, run.fatal);
  PrintSummary(out, run);
  out << '\n';
  Result<std::vector<DocumentSummary>> docs = ctx->store->ListDocuments();
  if (!docs.ok()) return Fail(err, docs.status());
  PrintDocsTable(out, *docs);
  out << "\nBYTES is the original article, CLEAN its text without boilerplate.\n"
      << "Next: warta show " << (docs->empty() ? std::string("DOC") : docs->front().id)
      << " --db " << g.db << '\n';
  return run.rejected > 0 ? kExitRejected : kExitOk;
}

}  // namespace warta
