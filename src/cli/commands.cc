// The commands of the `warta` binary. Tested by tests/e2e_test.cc, which runs
// the built binary.
#include "commands.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "ingest_run.h"
#include "output.h"
#include "warta/claim.h"
#include "warta/claim_review.h"
#include "warta/clean.h"
#include "warta/hash.h"
#include "warta/ingest.h"
#include "warta/lang_data.h"
#include "warta/ledger.h"
#include "warta/ledger_stage.h"
#include "warta/page.h"
#include "warta/read.h"
#include "warta/search_terms.h"
#include "warta/serve.h"
#include "warta/store.h"
#include "warta/story.h"
#include "warta/story_stage.h"
#include "warta/worker.h"

namespace warta {

int Fail(std::ostream& err, const Status& s) {
  err << "warta: " << s.ToString() << '\n';
  return kExitFailed;
}

namespace {

// What the inputs weigh on disk, measured before reading so that the
// progress line can give a total and an ETA: every regular file named or
// found in a named folder (as the read stage walks them: dot entries
// skipped, symbolic links to folders not followed). Unknown (`known` false)
// when an input is standard input or cannot be listed.
class InputSizes {
 public:
  static InputSizes Measure(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    InputSizes m;
    m.known_ = true;
    std::vector<fs::path> folders;
    for (const std::string& p : paths) {
      std::error_code ec;
      if (p == "-") {
        m.known_ = false;
        return m;
      }
      fs::file_status st = fs::status(p, ec);
      if (ec) continue;  // reported by the read stage
      if (fs::is_directory(st)) {
        folders.push_back(p);
      } else if (fs::is_regular_file(st)) {
        m.Add(p, fs::file_size(p, ec));
      }
    }
    while (!folders.empty()) {
      fs::path folder = std::move(folders.back());
      folders.pop_back();
      std::error_code ec;
      for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code sec;
        fs::file_status link = it->symlink_status(sec);
        if (sec) continue;
        if (fs::is_directory(link)) {
          folders.push_back(it->path());
        } else if (fs::is_regular_file(it->status(sec))) {
          m.Add(it->path().string(), it->file_size(sec));
        }
      }
      if (ec) m.known_ = false;
    }
    if (m.total_ == 0) m.known_ = false;
    return m;
  }

  bool known() const { return known_; }
  uint64_t total() const { return total_; }

  // Counts `bytes` of an article from `origin` ("path", "path:LINE",
  // "path:record N at byte B", "path:item N") as read: a file whose
  // articles follow is done, and the current one is done up to `bytes`
  // (never more than its size: a gzip file's articles are larger).
  void Read(const std::string& origin, uint64_t bytes) {
    std::string file = origin;
    auto it = files_.find(file);
    while (it == files_.end()) {
      size_t colon = file.rfind(':');
      if (colon == std::string::npos || colon == 0) return;
      file.resize(colon);
      it = files_.find(file);
    }
    if (file != current_) {
      done_ += current_size_;
      current_ = file;
      current_size_ = it->second;
      current_read_ = 0;
    }
    current_read_ = std::min(current_size_, current_read_ + bytes);
  }

  // The share of the total read, 0 to 1.
  double Fraction() const {
    if (total_ == 0) return 0;
    return std::min(1.0, static_cast<double>(done_ + current_read_) / static_cast<double>(total_));
  }

 private:
  void Add(const std::string& path, uint64_t size) {
    if (files_.emplace(path, size).second) total_ += size;
  }

  bool known_ = false;
  uint64_t total_ = 0;
  std::map<std::string, uint64_t> files_;
  std::string current_;
  uint64_t current_size_ = 0, current_read_ = 0, done_ = 0;
};

// "1.2 GB", "340 KB".
std::string Bytes(uint64_t n) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  std::ostringstream s;
  s << std::fixed << std::setprecision(u == 0 || v >= 100 ? 0 : 1) << v << ' ' << units[u];
  return s.str();
}

// "45s", "3m20s", "2h05m".
std::string Duration(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  std::ostringstream out;
  if (s < 60) {
    out << s << 's';
  } else if (s < 3600) {
    out << s / 60 << 'm' << std::setw(2) << std::setfill('0') << s % 60 << 's';
  } else {
    out << s / 3600 << 'h' << std::setw(2) << std::setfill('0') << (s % 3600) / 60 << 'm';
  }
  return out.str();
}

// A one-line progress report on a terminal, redrawn at most 5 times a
// second; nothing when stderr is not a terminal. With the inputs' total
// known, the line gives how far along the run is and when it will end:
// "ingest: 1200 articles, 0 rejected, 310/s, 40% of 2.1 GB, ETA 3m20s".
class Progress {
 public:
  explicit Progress(bool enabled, const InputSizes* sizes = nullptr)
      : enabled_(enabled && isatty(STDERR_FILENO)), sizes_(sizes) {}
  void Update(std::ostream& err, const IngestStats& s, size_t rejected) {
    if (!Due()) return;
    double secs = std::chrono::duration<double>(last_ - start_).count();
    err << "\r\x1b[Kingest: " << s.read << " articles, " << rejected << " rejected, "
        << static_cast<long>(secs > 0 ? s.read / secs : 0) << "/s";
    if (sizes_ && sizes_->known()) {
      const double f = sizes_->Fraction();
      err << ", " << static_cast<int>(f * 100) << "% of " << Bytes(sizes_->total());
      // The rate so far, once there is one to go by.
      if (f > 0.001 && secs >= 0.3) err << ", ETA " << Duration(secs * (1 - f) / f);
    }
    err << std::flush;
    drawn_ = true;
  }
  void Update(std::ostream& err, const LedgerStageStats& s) {
    if (!Due()) return;
    err << "\r\x1b[Kstory ledgers: " << s.built << " stored" << std::flush;
    drawn_ = true;
  }
  void Clear(std::ostream& err) {
    if (drawn_) err << "\r\x1b[K" << std::flush;
  }

 private:
  // Whether to draw now: at most five times a second.
  bool Due() {
    if (!enabled_) return false;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return false;
    last_ = now;
    return true;
  }

  bool enabled_;
  const InputSizes* sizes_;  // null: no total
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

// The read stage calls an article from standard input "stdin" (a JSON Lines
// record without id or url "stdin:LINE"): every piped article would take
// the place of the one before. It gets `stdin_id` when given (a single
// article), else a name from its content: "stdin-" and 16 hex digits of its
// hash, the same for the same bytes, so piping an article twice stores it
// once.
void NameStdinArticle(const std::string& stdin_id, RawArticle* raw) {
  const bool from_stdin = raw->origin == "-" || raw->origin.rfind("-:", 0) == 0;
  if (!from_stdin) return;
  if (raw->id == "stdin" && !stdin_id.empty()) {
    raw->id = EscapeId(stdin_id);
  } else if (raw->id == "stdin" || raw->id.rfind("stdin:", 0) == 0) {
    raw->id = "stdin-" + ContentHash(raw->content).substr(0, 16);
  }
}

bool IsServerUrl(const std::string& db) { return IsPostgresUrl(db); }

Status RequireExistingDatabase(const std::string& db) {
  if (IsServerUrl(db)) return Status::Ok();  // the server says whether it exists
  std::error_code ec;
  if (std::filesystem::exists(db, ec)) return Status::Ok();
  return NotFound("no database '" + db +
                  "' (`warta ingest` or `warta demo` creates one; --db names another)");
}

// After a run that wrote a tenth of the database or more (and at least
// kBulkLoadDocuments), the search index is brought into its fastest form:
// such a run leaves it as a stack of b-trees that every search reads (see
// Store::OptimizeSearch). Smaller runs leave that to the engine's own
// merging, which keeps the stack short.
constexpr int64_t kBulkLoadDocuments = 10000;

Status OptimizeAfterBulkLoad(Store* store, const IngestStats& stats, bool progress_enabled,
                             std::ostream& err) {
  const int64_t written = static_cast<int64_t>(stats.inserted + stats.updated);
  if (written < kBulkLoadDocuments) return Status::Ok();
  ASSIGN_OR_RETURN(int64_t total, store->CountDocuments());
  if (written * 10 < total) return Status::Ok();
  if (progress_enabled) err << "warta: optimising the search index of " << total << " documents\n";
  return store->OptimizeSearch().WithContext("optimising the search index");
}

// Reads `paths` into `store`. Rejected inputs are reported on `err` and
// counted; the batch goes on. Then runs the story stage over what is not
// assigned yet, optimises the search index after a bulk load, and stores
// the out-of-date story ledgers.
// `read` gives the articles (and the errors that reject an input); `sizes`
// what the inputs weigh, for the progress line.
IngestRun IngestWith(const ArticleSource& read, Context* ctx, bool progress_enabled,
                     std::ostream& err, const std::string& stdin_id, InputSizes* sizes,
                     size_t batch_size, const AddedFn& on_added = {}) {
  IngestRun run;
  Store* store = ctx->store.get();
  Ingester ingester(store, ctx->cleaner.get(),
                    IngestOptions{.extractor = ctx->extractor.get(),
                                  .search_terms = ctx->terms.get(),
                                  .batch_size = batch_size});
  Progress progress(progress_enabled, sizes);
  read(
      [&](RawArticle raw) {
        if (sizes->known()) sizes->Read(raw.origin, raw.content.size());
        NameStdinArticle(stdin_id, &raw);
        if (!run.fatal.ok()) {
          ++run.not_tried;
          return;
        }
        std::string origin = raw.origin;
        Result<AddResult> added = ingester.Add(std::move(raw));
        if (on_added) on_added(added);
        if (!added.ok()) {
          if (std::string reason = StoreUnwritable(added.status()); !reason.empty()) {
            // Every article after this one would wait and fail the same way.
            // The store's own words are enough when they say it already
            // ("database is read-only: w.db (Read-only file system)").
            const std::string& detail = added.status().message();
            const bool said = detail.find(reason.substr(reason.rfind("the ", 0) == 0 ? 4 : 0)) !=
                              std::string::npos;
            run.fatal = Status(added.status().code(),
                               "ingest stopped at " + origin + ": " +
                                   (said ? detail : reason + " (" + detail + ")"));
            return;
          }
          progress.Clear(err);
          err << "warta: " << origin << ": not stored: " << added.status().ToString() << '\n';
          ++run.rejected;
          return;
        }
        if (added->put.outcome == PutOutcome::kUpdated) {
          progress.Clear(err);
          err << "warta: " << origin << ": replaced the stored document '" << added->id
              << "' (new content under the same id)\n";
        }
        if (added->repaired_bytes > 0) {
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
  if (!run.fatal.ok()) {
    // What the open batch holds from before the failure is kept if the
    // store still takes it.
    (void)ingester.Finish();
    run.stats = ingester.stats();
    if (run.not_tried > 0) {
      run.fatal = Status(run.fatal.code(), run.fatal.message() + "; " +
                                               std::to_string(run.not_tried) +
                                               " articles after it were not tried");
    }
    return run;
  }
  run.fatal = ingester.Finish();
  run.stats = ingester.stats();
  if (run.fatal.ok()) {
    // Another process holding the stage assigns these documents itself.
    Result<StoryStageStats> stories = ctx->stories->Run(store);
    if (stories.ok()) {
      run.stories = *stories;
    } else {
      run.fatal = stories.status().WithContext("story stage");
    }
  }
  if (run.fatal.ok()) run.fatal = OptimizeAfterBulkLoad(store, run.stats, progress_enabled, err);
  if (run.fatal.ok()) {
    // Stored ledgers are derived data: a failure is said, and the articles
    // stay stored (a story left out is built on request).
    Result<LedgerStageStats> ledgers = RefreshLedgers(
        store, {.progress = [&](const LedgerStageStats& s) { progress.Update(err, s); }});
    progress.Clear(err);
    if (!ledgers.ok()) {
      err << "warta: story ledgers not stored: " << ledgers.status().ToString() << '\n';
    } else {
      run.ledgers = *ledgers;
      if (ledgers->failed > 0) {
        err << "warta: " << ledgers->failed << " story ledgers not stored; the first: "
            << ledgers->first_error << '\n';
      }
    }
  }
  return run;
}

IngestRun IngestPaths(const std::vector<std::string>& paths, Context* ctx, bool progress_enabled,
                      std::ostream& err, const std::string& stdin_id = "",
                      const AddedFn& on_added = {}) {
  InputSizes sizes;
  if (progress_enabled && isatty(STDERR_FILENO)) sizes = InputSizes::Measure(paths);
  return IngestWith(
      [&](const ArticleFn& on_article, const ReadErrorFn& on_error) {
        ReadInputs(paths, ReadOptions{}, on_article, on_error);
      },
      ctx, progress_enabled, err, stdin_id, &sizes, IngestOptions{}.batch_size, on_added);
}

}  // namespace

IngestRun IngestArticles(const ArticleSource& read, Context* ctx, bool progress_enabled,
                         std::ostream& err, size_t batch_size, const AddedFn& on_added) {
  InputSizes sizes;
  return IngestWith(read, ctx, progress_enabled, err, "", &sizes, batch_size, on_added);
}

// What a command needs opened: the cleaner and claim extractor (ingest,
// extract), the store, and with both the search stems and the story stage
// that storing articles feeds (not loaded for `warta extract`).
// `create`: the command stores articles and may create the database; the
// others refuse a SQLite file that does not exist, so that a mistyped --db
// is not an empty result.
Result<Context> Open(const GlobalOptions& g, bool need_cleaner, bool need_store, bool create) {
  if (need_store && !create) RETURN_IF_ERROR(RequireExistingDatabase(g.db));
  Context ctx;
  ASSIGN_OR_RETURN(ctx.data, DataDir::Find(g.data_dir));
  if (need_cleaner) {
    ASSIGN_OR_RETURN(ctx.cleaner, Cleaner::Create(ctx.data));
    ASSIGN_OR_RETURN(ctx.extractor, ClaimExtractor::Create(ctx.data));
  }
  if (need_cleaner && need_store) {
    ASSIGN_OR_RETURN(ctx.terms, SearchTerms::Create(ctx.data));
    ASSIGN_OR_RETURN(ctx.stories, StoryStage::Create(ctx.data));
  }
  if (need_store) {
    Result<std::unique_ptr<Store>> store = OpenStore(g.db);
    if (!store.ok()) return store.status();  // it names the database
    ctx.store = std::move(*store);
  }
  return ctx;
}

void PrintSummary(std::ostream& err, const IngestRun& run) {
  const IngestStats& s = run.stats;
  err << "ingest: " << s.read << " read: " << s.inserted << " new, " << s.updated
      << " updated, " << s.unchanged << " unchanged, " << s.duplicate
      << " duplicate; " << run.rejected << " rejected; " << s.claims << " claims stored; "
      << run.stories.assigned << " assigned to stories (" << run.stories.created << " new); "
      << run.ledgers.built << " story ledgers stored\n";
}

namespace {

void PrintDocsTable(std::ostream& out, const std::vector<DocumentSummary>& docs) {
  Table table({"ID", "OUTLET", "PUBLISHED", "LANG", "BYTES", "CLEAN", "TITLE"});
  for (const DocumentSummary& d : docs) {
    table.AddRow({d.id, OrDash(d.meta.outlet), OrDash(d.meta.published),
                  OrDash(d.meta.lang), std::to_string(d.content_bytes),
                  std::to_string(d.text_bytes), OrDash(d.meta.title)});
  }
  table.Print(out, 48);
}

// A ledger's arguments: one story id ("story-..."), or document ids. For a
// story, `label` gets "ID: LABEL" and the members are returned.
Result<std::vector<std::string>> ResolveStoryArgs(Store* store,
                                                  const std::vector<std::string>& args,
                                                  std::string* label) {
  if (args.size() != 1 || args[0].rfind("story-", 0) != 0) return args;
  ASSIGN_OR_RETURN(std::optional<StoryRecord> story, store->GetStory(args[0]));
  if (!story) return NotFound("no story '" + args[0] + "' (see warta stories)");
  ASSIGN_OR_RETURN(std::vector<StoryMember> members, store->ListStoryMembers(story->id));
  *label = story->id + ": " + story->label;
  std::vector<std::string> ids;
  for (const StoryMember& m : members) ids.push_back(m.doc_id);
  if (ids.empty()) return NotFound("story '" + args[0] + "' has no documents (" + story->label + ")");
  return ids;
}

// The ledger of the named documents, or of every stored document.
Result<Ledger> LoadLedger(Store* store, const std::vector<std::string>& doc_ids) {
  LedgerInput in;
  if (doc_ids.empty()) {
    ASSIGN_OR_RETURN(in, ReadLedgerInputOfAll(store));
    in.story = "all documents";
  } else {
    ASSIGN_OR_RETURN(in, ReadLedgerInput(store, doc_ids));
    std::set<std::string> found;
    for (const LedgerDoc& d : in.docs) found.insert(d.id);
    for (const std::string& id : doc_ids) {
      if (!found.count(id)) return NotFound("no document '" + id + "'");
    }
    // In id order, as ListDocuments gives them.
    std::sort(in.docs.begin(), in.docs.end(),
              [](const LedgerDoc& a, const LedgerDoc& b) { return a.id < b.id; });
    in.story = std::to_string(doc_ids.size()) + " documents";
  }
  return BuildLedger(std::move(in));
}

// The ledger a command's arguments name: one story id, document ids, or
// nothing for every stored document.
Result<Ledger> LoadStoryLedger(Store* store, const std::vector<std::string>& args) {
  std::string label;
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ResolveStoryArgs(store, args, &label));
  ASSIGN_OR_RETURN(Ledger ledger, LoadLedger(store, ids));
  if (!label.empty()) ledger.story = label;
  return ledger;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Number(const std::optional<double>& v) {
  if (!v) return "";
  return DumpJson(nlohmann::ordered_json(*v == static_cast<double>(static_cast<long long>(*v))
                                             ? nlohmann::ordered_json(static_cast<long long>(*v))
                                             : nlohmann::ordered_json(*v)));
}

void PrintClaimsCsv(std::ostream& out, const std::vector<Claim>& claims) {
  out << "doc,start,end,value,min,max,qualifier,what,what_text,subject,location,source,"
         "source_mention,via,stance,said_date,event_date,lang,quote\n";
  for (const Claim& c : claims) {
    std::string via;
    for (const std::string& v : c.via) via += (via.empty() ? "" : " < ") + v;
    out << CsvField(c.doc) << ',' << c.start << ',' << c.end << ',' << Number(c.value) << ','
        << Number(c.min) << ',' << Number(c.max) << ',' << CsvField(c.qualifier) << ','
        << CsvField(c.what) << ',' << CsvField(c.what_text) << ',' << CsvField(c.subject) << ','
        << CsvField(c.location) << ',' << CsvField(c.source) << ','
        << CsvField(c.source_mention) << ',' << CsvField(via) << ',' << CsvField(c.stance) << ','
        << CsvField(c.said_date) << ',' << CsvField(c.event_date) << ',' << CsvField(c.lang)
        << ',' << CsvField(c.quote) << '\n';
  }
}

void PrintClaimsTable(std::ostream& out, const std::vector<Claim>& claims) {
  Table table({"DOC", "VALUE", "WHAT", "SOURCE", "STANCE", "SAID", "QUOTE"});
  for (const Claim& c : claims) {
    std::string value = ClaimAmountText(c);
    if (!c.qualifier.empty() && c.qualifier != "exact") value += " (" + c.qualifier + ")";
    table.AddRow({c.doc, OrDash(value), c.what, c.source, c.stance, OrDash(c.said_date), c.quote});
  }
  table.Print(out, 40);
}

bool IsIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// ASCII case folding: enough for matching Latin-script source names.
std::string FoldAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The claims of `claims` that `filter` keeps, as GET /api/claims filters:
// a claim without a said_date is dated by its document's publication date,
// and one with neither is left out by --from and --to. `doc_ids` are the
// documents the claims were read from (empty: all).
Result<std::vector<Claim>> FilterClaims(Store* store, const std::vector<std::string>& doc_ids,
                                        const ClaimFilter& filter, std::vector<Claim> claims) {
  std::map<std::string, std::string> published;
  const bool dated = !filter.from.empty() || !filter.to.empty();
  if (dated) {
    std::vector<DocumentSummary> summaries;
    if (doc_ids.empty()) {
      ASSIGN_OR_RETURN(summaries, store->ListDocuments());
    } else {
      ASSIGN_OR_RETURN(summaries, store->GetSummaries(doc_ids));
    }
    for (const DocumentSummary& d : summaries) published[d.id] = d.meta.published;
  }
  const std::string source = FoldAscii(filter.source);
  std::vector<Claim> kept;
  for (Claim& c : claims) {
    if (!filter.what.empty() && c.what != filter.what) continue;
    if (!filter.stance.empty() && c.stance != filter.stance) continue;
    if (!source.empty() && FoldAscii(c.source).find(source) == std::string::npos &&
        FoldAscii(c.source_mention).find(source) == std::string::npos) {
      continue;
    }
    if (dated) {
      const std::string date = c.said_date.empty() ? published[c.doc] : c.said_date;
      if (date.empty()) continue;
      if (!filter.from.empty() && date < filter.from) continue;
      if (!filter.to.empty() && date > filter.to) continue;
    }
    kept.push_back(std::move(c));
  }
  return kept;
}

// `warta ingest --enqueue`: reads the inputs into the work queue.
int EnqueuePaths(const GlobalOptions& g, const std::vector<std::string>& paths, Format format,
                 std::ostream& out, std::ostream& err) {
  Result<Context> ctx = Open(g, false, true, /*create=*/true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  Enqueuer enqueuer(ctx->store.get());
  size_t rejected = 0;
  Status fatal;
  ReadInputs(
      paths, ReadOptions{},
      [&](RawArticle raw) {
        if (!fatal.ok()) return;
        Status s = enqueuer.Add(raw);
        if (s.code() == StatusCode::kInvalidArgument) {  // this article only
          err << "warta: " << raw.origin << ": not queued: " << s.ToString() << '\n';
          ++rejected;
        } else {
          fatal = s;
        }
      },
      [&](const ReadError& e) {
        err << "warta: " << e.ToString() << '\n';
        ++rejected;
      });
  if (fatal.ok()) fatal = enqueuer.Finish();
  if (!fatal.ok()) return Fail(err, fatal);
  if (format == Format::kJson || format == Format::kJsonl) {
    nlohmann::ordered_json j;
    j["queued"] = enqueuer.queued();
    j["rejected"] = rejected;
    out << DumpJson(j, format == Format::kJson ? 2 : -1) << '\n';
  } else if (!g.quiet) {
    err << "ingest: " << enqueuer.queued() << " queued for workers; " << rejected
        << " rejected\n";
  }
  return rejected > 0 ? kExitRejected : kExitOk;
}

std::atomic<bool> g_stop{false};
void OnStopSignal(int) { g_stop.store(true); }

}  // namespace

int RunWorker(const GlobalOptions& g, const WorkerFlags& flags, std::ostream& err) {
  Result<Context> ctx = Open(g, true, true, /*create=*/true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  WorkerOptions options;
  options.ingest.extractor = ctx->extractor.get();
  options.ingest.search_terms = ctx->terms.get();
  options.stories = ctx->stories.get();
  options.batch = flags.batch == 0 ? 1 : flags.batch;
  options.max_attempts = flags.max_attempts;
  options.exit_when_empty = flags.exit_when_empty;
  // The verdict lines the stories of what it stored gain are alerts, told
  // as `warta ingest` tells them; documents the story stage has not reached
  // yet are looked at again next time.
  AlertDesk alerts(g, flags.webhook, AlertDesk::Tell::kSummary, "worker", err);
  std::vector<std::string> waiting;
  options.on_stored = [&](std::vector<std::string> ids) {
    ids.insert(ids.end(), waiting.begin(), waiting.end());
    waiting = alerts.Raise(ctx->store.get(), ids);
  };
  std::signal(SIGTERM, OnStopSignal);
  std::signal(SIGINT, OnStopSignal);
  Worker worker(ctx->store.get(), ctx->cleaner.get(), options);
  Result<WorkerStats> stats = worker.Run(g_stop);
  const WorkerStats& s = stats.ok() ? *stats : worker.stats();
  if (!g.quiet) {
    err << "worker: " << s.stored << " stored, " << s.failed << " failed, " << s.claims
        << " claims, " << s.assigned << " assigned to stories, " << s.ledgers
        << " story ledgers stored"
        << (s.ledgers_failed > 0 ? " (" + std::to_string(s.ledgers_failed) +
                                       " failed: " + s.ledger_error + ")"
                                 : std::string())
        << ", " << s.batches << " batches, "
        << s.lost << " lost to the connection\n";
  }
  if (!stats.ok()) return Fail(err, stats.status());
  return kExitOk;
}

int RunIngest(const GlobalOptions& g, const std::vector<std::string>& paths, bool enqueue,
              const std::string& stdin_id, const WebhookFlags& webhook, std::ostream& out,
              std::ostream& err) {
  Result<Format> format = ParseFormat(g.format);
  if (!format.ok()) return Fail(err, format.status());
  if (enqueue) return EnqueuePaths(g, paths, *format, out, err);
  Result<Context> ctx = Open(g, true, true, /*create=*/true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  // The verdict lines the stories gained are alerts, as for `fetch` and
  // `watch`, told in one line after the run's summary.
  std::ostringstream told;
  AlertDesk alerts(g, webhook, AlertDesk::Tell::kSummary, "ingest", told);
  std::set<std::string> stored;
  IngestRun run =
      IngestPaths(paths, &*ctx, !g.quiet, err, stdin_id, [&](const Result<AddResult>& r) {
        if (r.ok()) stored.insert(r->id);
      });
  if (run.fatal.ok()) alerts.Raise(ctx->store.get(), stored);
  const int code = ReportIngestRun(g, run, out, err);
  err << told.str();
  return code;
}

int ReportIngestRun(const GlobalOptions& g, const IngestRun& run, std::ostream& out,
                    std::ostream& err) {
  Result<Format> format = ParseFormat(g.format);
  if (!format.ok()) return Fail(err, format.status());
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
    j["claims"] = s.claims;
    out << DumpJson(j, *format == Format::kJson ? 2 : -1) << '\n';
  } else if (!g.quiet) {
    PrintSummary(err, run);
  }
  return run.rejected > 0 ? kExitRejected : kExitOk;
}

int RunOptimize(const GlobalOptions& g, std::ostream& err) {
  Result<Context> ctx = Open(g, false, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  // Documents an interrupted ingest stored but did not assign (a process
  // killed before or during its story stage) get their stories first, so
  // that the ledgers below include them.
  const auto stories_start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<StoryStage>> stage = StoryStage::Create(ctx->data);
  if (!stage.ok()) return Fail(err, stage.status());
  Result<StoryStageStats> stories = (*stage)->Run(ctx->store.get());
  if (!stories.ok()) return Fail(err, stories.status().WithContext("story stage"));
  if (!g.quiet && (stories->assigned > 0 || stories->locked_out)) {
    err << "optimize: " << stories->assigned << " documents assigned to stories ("
        << stories->created << " new) in " << std::fixed << std::setprecision(1)
        << seconds_since(stories_start) << " s"
        << (stories->locked_out ? "; another process holds the story stage and assigns the rest"
                                : "")
        << '\n';
  }
  const auto start = std::chrono::steady_clock::now();
  if (Status s = ctx->store->OptimizeSearch(); !s.ok()) return Fail(err, s);
  if (!g.quiet) {
    err << "optimize: search index of " << StoreLocationForDisplay(g.db) << " optimised in "
        << std::fixed << std::setprecision(1) << seconds_since(start) << " s\n";
  }
  const auto ledgers_start = std::chrono::steady_clock::now();
  Result<LedgerStageStats> ledgers = RefreshLedgers(ctx->store.get());
  if (!ledgers.ok()) return Fail(err, ledgers.status().WithContext("storing ledgers"));
  if (ledgers->failed > 0) {
    return Fail(err, DatabaseError(std::to_string(ledgers->failed) +
                                   " story ledgers not stored; the first: " +
                                   ledgers->first_error));
  }
  if (!g.quiet) {
    err << "optimize: ledgers of " << ledgers->built << " stories stored ("
        << ledgers->bytes / 1024 << " KiB) in " << std::fixed << std::setprecision(1)
        << seconds_since(ledgers_start) << " s\n";
  }
  return kExitOk;
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
  if (doc.ok() && !doc->has_value() && EscapeId(id) != id) {
    // The name the id was made from ("a<newline>b.txt" for "a\x0Ab.txt").
    doc = ctx->store->GetDocument(EscapeId(id));
  }
  if (!doc.ok()) return Fail(err, doc.status());
  if (!doc->has_value()) {
    return Fail(err, NotFound("no document '" + EscapeId(id) + "' in " +
                              StoreLocationForDisplay(g.db)));
  }
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
          out << DumpJson(page_json(origin, &clean, clean.error)) << '\n';
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
  Result<Context> ctx = Open(g, true, true, /*create=*/true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  std::string corpus = ctx->data.SampleCorpus();
  out << "Warta demo: the bundled sample corpus (" << corpus << ")\n"
      << "ingested into " << StoreLocationForDisplay(g.db) << "\n\n";
  IngestRun run = IngestPaths({corpus}, &*ctx, !g.quiet, err);
  if (!run.fatal.ok()) return Fail(err, run.fatal);
  PrintSummary(out, run);
  out << '\n';
  Result<std::vector<DocumentSummary>> docs = ctx->store->ListDocuments();
  if (!docs.ok()) return Fail(err, docs.status());
  PrintDocsTable(out, *docs);
  out << "\nBYTES is the original article, CLEAN its text without boilerplate.\n\n";
  Result<Ledger> ledger = LoadLedger(ctx->store.get(), {});
  if (!ledger.ok()) return Fail(err, ledger.status());
  out << LedgerToText(*ledger)
      << "\nNext: warta claims --db " << StoreLocationForDisplay(g.db)
      << "; warta report --format html -o ledger.html --db " << StoreLocationForDisplay(g.db)
      << '\n';
  return run.rejected > 0 ? kExitRejected : kExitOk;
}

int RunStories(const GlobalOptions& g, const StoryListFlags& flags, std::ostream& out,
               std::ostream& err) {
  Result<Format> format = ParseFormat(g.format);
  if (!format.ok()) return Fail(err, format.status());
  if (flags.sort != "size" && flags.sort != "recent" && flags.sort != "id") {
    return Fail(err, InvalidArgument("--sort '" + flags.sort + "' (want size, recent or id)"));
  }
  Result<Context> ctx = Open(g, false, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  // Sorted in the store, as GET /api/stories lists them; read a page at a
  // time up to --limit (0: all).
  StoryQuery query;
  query.order = flags.sort == "size"     ? StoryOrder::kSize
                : flags.sort == "recent" ? StoryOrder::kRecent
                                         : StoryOrder::kId;
  std::vector<StoryRecord> listed;
  do {
    query.limit = flags.limit > 0 ? std::min<size_t>(flags.limit - listed.size(), 1000) : 1000;
    Result<StoryPage> page = ctx->store->ListStoryPage(query);
    if (!page.ok()) return Fail(err, page.status());
    for (StoryRecord& s : page->stories) listed.push_back(std::move(s));
    query.after = page->next;
  } while (!query.after.empty() && (flags.limit == 0 || listed.size() < flags.limit));
  if (*format == Format::kTable || *format == Format::kText) {
    Table table({"STORY", "DOCS", "FIRST", "LAST", "LANGS", "LABEL"});
    for (const StoryRecord& s : listed) {
      std::string langs;
      for (const std::string& l : s.languages) langs += (langs.empty() ? "" : ",") + l;
      table.AddRow({s.id, std::to_string(s.size), OrDash(s.first_seen), OrDash(s.last_seen),
                    OrDash(langs), s.label});
    }
    table.Print(out, 60);
    return kExitOk;
  }
  std::vector<nlohmann::ordered_json> rows;
  for (const StoryRecord& s : listed) {
    Result<std::vector<StoryMember>> members = ctx->store->ListStoryMembers(s.id);
    if (!members.ok()) return Fail(err, members.status());
    std::vector<std::string> docs;
    for (const StoryMember& m : *members) docs.push_back(m.doc_id);
    nlohmann::ordered_json j;
    j["story"] = s.id;
    j["label"] = s.label;
    j["docs"] = docs;
    j["first_seen"] = s.first_seen.empty() ? nullptr : nlohmann::ordered_json(s.first_seen);
    j["last_seen"] = s.last_seen.empty() ? nullptr : nlohmann::ordered_json(s.last_seen);
    j["languages"] = s.languages;
    rows.push_back(std::move(j));
  }
  PrintJsonRows(out, rows, *format);
  return kExitOk;
}

int RunClaims(const GlobalOptions& g, const std::vector<std::string>& docs,
              const ClaimFilter& filter, std::ostream& out, std::ostream& err) {
  const bool csv = g.format == "csv";
  Format format = Format::kTable;
  if (!csv) {
    Result<Format> f = ParseFormat(g.format);
    if (!f.ok()) return Fail(err, f.status());
    format = *f;
  }
  for (const std::string* d : {&filter.from, &filter.to}) {
    if (!d->empty() && !IsIsoDate(*d)) {
      return Fail(err, InvalidArgument(std::string(d == &filter.from ? "--from" : "--to") + " '" +
                                       *d + "': dates are YYYY-MM-DD"));
    }
  }
  Result<Context> ctx = Open(g, false, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  Store* store = ctx->store.get();
  std::vector<std::string> args = docs;
  if (!filter.story.empty()) {
    if (!args.empty()) {
      return Fail(err, InvalidArgument("--story " + filter.story +
                                       " and document ids: name one or the other"));
    }
    args.push_back(filter.story);
  }
  std::string label;
  Result<std::vector<std::string>> ids = ResolveStoryArgs(store, args, &label);
  if (!ids.ok()) return Fail(err, ids.status());
  if (label.empty() && !ids->empty()) {
    Result<std::vector<DocumentSummary>> found = store->GetSummaries(*ids);
    if (!found.ok()) return Fail(err, found.status());
    std::set<std::string> stored;
    for (const DocumentSummary& d : *found) stored.insert(d.id);
    for (const std::string& id : *ids) {
      if (!stored.count(id)) {
        return Fail(
            err, NotFound("no document or story '" + id + "' in " + StoreLocationForDisplay(g.db) +
                          " (see warta docs, warta stories)"));
      }
    }
  }
  Result<std::vector<Claim>> claims = store->ListClaims(*ids);
  if (!claims.ok()) return Fail(err, claims.status());
  Result<std::vector<Claim>> shown = FilterClaims(store, *ids, filter, std::move(*claims));
  if (!shown.ok()) return Fail(err, shown.status());
  if (csv) {
    PrintClaimsCsv(out, *shown);
  } else if (format == Format::kTable || format == Format::kText) {
    PrintClaimsTable(out, *shown);
  } else {
    std::vector<nlohmann::ordered_json> rows;
    for (const Claim& c : *shown) rows.push_back(ClaimJson(c));
    PrintJsonRows(out, rows, format);
  }
  return kExitOk;
}

int RunLedger(const GlobalOptions& g, const std::vector<std::string>& docs,
              std::ostream& out, std::ostream& err) {
  Result<Format> format = ParseFormat(g.format);
  if (!format.ok()) return Fail(err, format.status());
  Result<Context> ctx = Open(g, false, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  Result<Ledger> ledger = LoadStoryLedger(ctx->store.get(), docs);
  if (!ledger.ok()) return Fail(err, ledger.status());
  if (*format == Format::kJson || *format == Format::kJsonl) {
    out << LedgerToJson(*ledger, *format == Format::kJson ? 2 : -1) << '\n';
  } else {
    out << LedgerToText(*ledger);
  }
  return kExitOk;
}

int RunReport(const GlobalOptions& g, const std::vector<std::string>& docs,
              const std::string& out_path, std::ostream& out, std::ostream& err) {
  std::string format = g.format == "table" ? "md" : g.format;
  if (format != "md" && format != "html" && format != "json" && format != "claimreview") {
    return Fail(err, InvalidArgument("report format '" + format +
                                     "' (want md, html, json or claimreview)"));
  }
  Result<Context> ctx = Open(g, false, true);
  if (!ctx.ok()) return Fail(err, ctx.status());
  Result<Ledger> ledger = LoadStoryLedger(ctx->store.get(), docs);
  if (!ledger.ok()) return Fail(err, ledger.status());
  std::string text;
  if (format == "claimreview") {
    std::vector<std::string> ids;
    for (const LedgerDoc& d : ledger->docs) ids.push_back(d.id);
    Result<std::vector<DocumentSummary>> summaries = ctx->store->GetSummaries(ids);
    if (!summaries.ok()) return Fail(err, summaries.status());
    std::map<std::string, DocumentSummary> by_id;
    for (DocumentSummary& d : *summaries) by_id.emplace(d.id, std::move(d));
    text = LedgerToClaimReviews(*ledger, by_id) + "\n";
  } else {
    text = format == "md"     ? LedgerToMarkdown(*ledger)
           : format == "html" ? LedgerToHtml(*ledger)
                              : LedgerToJson(*ledger) + "\n";
  }
  if (out_path.empty() || out_path == "-") {
    out << text;
    return kExitOk;
  }
  std::ofstream file(out_path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) return Fail(err, IoError("cannot write " + out_path));
  if (!g.quiet) err << "report: wrote " << out_path << '\n';
  return kExitOk;
}

int RunServe(const GlobalOptions& g, const std::string& listen, const std::string& token,
             const std::vector<std::string>& allowed_hosts, const WebhookFlags& webhook,
             std::ostream& err) {
  if (Result<ListenAddress> a = ParseListen(listen); !a.ok()) return Fail(err, a.status());
  ServeOptions options;
  options.db = g.db;
  options.data_dir = g.data_dir;
  options.listen = listen;
  options.token = token;
  options.allowed_hosts = allowed_hosts;
  options.webhook_url = webhook.url;
  options.webhook_token = webhook.token;
  if (options.webhook_token.empty()) {
    if (const char* env = std::getenv("WARTA_WEBHOOK_TOKEN")) options.webhook_token = env;
  }
  if (options.token.empty()) {
    const char* env = std::getenv("WARTA_TOKEN");
    if (env) options.token = env;
  }
  // A server without a token only reads: like the other readers it refuses
  // a database that does not exist. With one, POST /api/ingest may fill a
  // new one.
  if (options.token.empty()) {
    if (Status s = RequireExistingDatabase(g.db); !s.ok()) return Fail(err, s);
  }
  Status s = Serve(options, err);
  return s.ok() ? kExitOk : Fail(err, s);
}

}  // namespace warta
