// The API's handlers: JSON in and out over a Store.
//
// Each handler reads its parameters, asks the thread's Store (bound SQL only:
// the Store is the only thing that talks to the database), and builds JSON
// with nlohmann::json, whose dump escapes everything taken from articles and
// replaces invalid UTF-8 instead of throwing. Expected failures come back as
// a Status and become {"error": ...} with 400, 404, 413 or 500; anything
// thrown is caught once, in Handle, and becomes a 500.
//
// Filtering of claims and the search are plain scans over what the Store
// returns: correct and fast enough for the sample corpus and tens of
// thousands of documents. Indexed search (FTS) and story-scoped queries come
// with the store's full-text index (issue 7) and stories; the handlers keep
// their URLs then.
//
// Ingest writes the request body to a private temporary .jsonl file and reads
// it with the read stage, so a POSTed article is read exactly like one from
// a file: same fields, same limits, same per-line errors.
//
// Tested by api_test.cc (in process) and serve_test.cc (a real server).
#include "api.h"

#include "warta/doc_json.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "assets.h"
#include "warta/ingest.h"
#include "warta/ledger.h"
#include "warta/read.h"

namespace warta::serve {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kDefaultSearchLimit = 20;
constexpr size_t kMaxSearchLimit = 200;
constexpr size_t kMaxListLimit = 100000;
constexpr size_t kSnippetBytes = 160;
constexpr size_t kMaxQueryBytes = 256;
constexpr size_t kMaxReportedErrors = 50;

std::string Dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

ApiReply JsonReply(const Json& j, int status = 200) {
  ApiReply r;
  r.status = status;
  r.body = Dump(j);
  return r;
}

ApiReply StatusReply(const Status& s) { return JsonError(HttpStatusOf(s), s.ToString()); }


// "a,b,,c" -> {"a", "b", "c"}.
std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// ASCII case folding: enough for the case-insensitive match of Latin-script
// queries; bytes >= 0x80 compare exactly.
std::string FoldAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Parses a non-negative integer parameter; `fallback` when absent.
Result<size_t> SizeParam(const ApiRequest& req, const std::string& name, size_t fallback,
                         size_t max) {
  std::string v = req.Param(name);
  if (v.empty()) return fallback;
  if (v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument("parameter '" + name + "' must be a non-negative integer");
  }
  return std::min<size_t>(std::stoull(v), max);
}

bool IsIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// Moves `i` back (or forward) to the start of a UTF-8 sequence.
size_t Utf8Boundary(const std::string& s, size_t i, bool forward) {
  if (i >= s.size()) return s.size();
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
    i += forward ? 1 : static_cast<size_t>(-1);
  }
  return std::min(i, s.size());
}

}  // namespace

std::string ApiRequest::Param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

ApiReply JsonError(int status, const std::string& message) {
  Json j;
  j["error"] = message;
  return JsonReply(j, status);
}

int HttpStatusOf(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kDataLoss:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kResourceExhausted:
      return 413;
    default:
      return 500;
  }
}

Api::Api(const ServeOptions& options, const Cleaner* cleaner, const ClaimExtractor* extractor,
         Metrics* metrics)
    : options_(options), cleaner_(cleaner), extractor_(extractor), metrics_(metrics) {}

Api::~Api() = default;

const std::vector<Route>& Api::Routes() {
  static const std::vector<Route> kRoutes = {
      {"GET", "/api/documents", "/api/documents", &Api::Documents},
      {"GET", "/api/documents/(.+)", "/api/documents/{id}", &Api::Document},
      {"GET", "/api/claims", "/api/claims", &Api::Claims},
      {"GET", "/api/ledger", "/api/ledger", &Api::Ledger},
      {"GET", "/api/search", "/api/search", &Api::Search},
      {"POST", "/api/ingest", "/api/ingest", &Api::Ingest},
      {"GET", "/healthz", "/healthz", &Api::Health},
      {"GET", "/metrics", "/metrics", &Api::MetricsText},
      // The page and /openapi.json: exact lookups in the embedded table.
      {"GET", "/([A-Za-z0-9._-]*)", "/{asset}", &Api::Asset},
  };
  return kRoutes;
}

ApiReply Api::Handle(const Route& route, const ApiRequest& request) {
  try {
    return (this->*route.handler)(request);
  } catch (const std::exception& e) {
    return JsonError(500, std::string("internal error: ") + e.what());
  } catch (...) {
    return JsonError(500, "internal error");
  }
}

Result<Store*> Api::ThreadStore() {
  std::lock_guard<std::mutex> lock(stores_mu_);
  std::unique_ptr<Store>& slot = stores_[std::this_thread::get_id()];
  if (!slot) {
    Result<std::unique_ptr<Store>> store = OpenStore(options_.db);
    if (!store.ok()) return store.status().WithContext(options_.db);
    slot = std::move(*store);
  }
  return slot.get();
}

ApiReply Api::Documents(const ApiRequest& req) {
  Result<size_t> offset = SizeParam(req, "offset", 0, SIZE_MAX / 2);
  if (!offset.ok()) return StatusReply(offset.status());
  Result<size_t> limit = SizeParam(req, "limit", kMaxListLimit, kMaxListLimit);
  if (!limit.ok()) return StatusReply(limit.status());
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Result<std::vector<DocumentSummary>> docs = (*store)->ListDocuments();
  if (!docs.ok()) return StatusReply(docs.status());
  Json j;
  j["total"] = docs->size();
  j["offset"] = *offset;
  j["documents"] = Json::array();
  for (size_t i = *offset; i < docs->size() && i < *offset + *limit; ++i) {
    j["documents"].push_back(SummaryJson((*docs)[i]));
  }
  return JsonReply(j);
}

ApiReply Api::Document(const ApiRequest& req) {
  const std::string id = req.captures.empty() ? "" : req.captures[0];
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Result<std::optional<warta::Document>> doc = (*store)->GetDocument(id);
  if (!doc.ok()) return StatusReply(doc.status());
  if (!doc->has_value()) return JsonError(404, "no document '" + id + "'");
  return JsonReply(DocumentJson(**doc, false));
}

ApiReply Api::Claims(const ApiRequest& req) {
  const std::vector<std::string> docs = SplitList(req.Param("doc"));
  const std::string source = FoldAscii(req.Param("source"));
  const std::string what = req.Param("what");
  const std::string stance = req.Param("stance");
  const std::string lang = req.Param("lang");
  const std::string from = req.Param("from");
  const std::string to = req.Param("to");
  for (const std::string* d : {&from, &to}) {
    if (!d->empty() && !IsIsoDate(*d)) {
      return JsonError(400, "dates are YYYY-MM-DD, not '" + *d + "'");
    }
  }
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  // Publication dates stand in for claims without a said_date.
  std::map<std::string, std::string> published;
  if (!from.empty() || !to.empty()) {
    Result<std::vector<DocumentSummary>> all = (*store)->ListDocuments();
    if (!all.ok()) return StatusReply(all.status());
    for (const DocumentSummary& d : *all) published[d.id] = d.meta.published;
  }
  Result<std::vector<Claim>> claims = (*store)->ListClaims(docs);
  if (!claims.ok()) return StatusReply(claims.status());
  Json j;
  j["claims"] = Json::array();
  size_t count = 0;
  for (const Claim& c : *claims) {
    if (!what.empty() && c.what != what) continue;
    if (!stance.empty() && c.stance != stance) continue;
    if (!lang.empty() && c.lang != lang) continue;
    if (!source.empty() && FoldAscii(c.source).find(source) == std::string::npos &&
        FoldAscii(c.source_mention).find(source) == std::string::npos) {
      continue;
    }
    if (!from.empty() || !to.empty()) {
      std::string date = c.said_date.empty() ? published[c.doc] : c.said_date;
      if (date.empty()) continue;
      if (!from.empty() && date < from) continue;
      if (!to.empty() && date > to) continue;
    }
    j["claims"].push_back(ClaimJson(c));
    ++count;
  }
  j["count"] = count;
  return JsonReply(j);
}

ApiReply Api::Ledger(const ApiRequest& req) {
  const std::vector<std::string> doc_ids = SplitList(req.Param("docs"));
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Result<std::vector<DocumentSummary>> all = (*store)->ListDocuments();
  if (!all.ok()) return StatusReply(all.status());
  LedgerInput in;
  std::set<std::string> wanted(doc_ids.begin(), doc_ids.end());
  std::set<std::string> found;
  for (const DocumentSummary& d : *all) {
    if (!wanted.empty() && !wanted.count(d.id)) continue;
    found.insert(d.id);
    in.docs.push_back({d.id, d.meta.outlet, d.meta.published, d.meta.title});
  }
  for (const std::string& id : wanted) {
    if (!found.count(id)) return JsonError(404, "no document '" + id + "'");
  }
  in.story = wanted.empty() ? "all documents" : std::to_string(wanted.size()) + " documents";
  Result<std::vector<Claim>> claims =
      (*store)->ListClaims(std::vector<std::string>(wanted.begin(), wanted.end()));
  if (!claims.ok()) return StatusReply(claims.status());
  in.claims = std::move(*claims);
  ApiReply r;
  r.body = LedgerToJson(BuildLedger(std::move(in)), -1);
  return r;
}

ApiReply Api::Search(const ApiRequest& req) {
  const std::string q = req.Param("q");
  if (q.empty()) return JsonError(400, "parameter 'q' is required");
  if (q.size() > kMaxQueryBytes) {
    return JsonError(400, "query longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  Result<size_t> limit = SizeParam(req, "limit", kDefaultSearchLimit, kMaxSearchLimit);
  if (!limit.ok()) return StatusReply(limit.status());
  const std::string needle = FoldAscii(q);
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(options_.handler_budget_ms);
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Result<std::vector<DocumentSummary>> all = (*store)->ListDocuments();
  if (!all.ok()) return StatusReply(all.status());
  Json j;
  j["query"] = q;
  j["results"] = Json::array();
  bool partial = false;
  for (const DocumentSummary& s : *all) {
    if (j["results"].size() >= *limit) break;
    if (std::chrono::steady_clock::now() > deadline) {
      partial = true;
      break;
    }
    Result<std::optional<warta::Document>> doc = (*store)->GetDocument(s.id);
    if (!doc.ok()) return StatusReply(doc.status());
    if (!doc->has_value()) continue;  // deleted meanwhile
    const std::string& text = (*doc)->text;
    std::string folded = FoldAscii(text);
    size_t at = folded.find(needle);
    if (at == std::string::npos) continue;
    size_t matches = 0;
    for (size_t p = at; p != std::string::npos; p = folded.find(needle, p + needle.size())) {
      ++matches;
    }
    size_t begin = Utf8Boundary(text, at > kSnippetBytes / 2 ? at - kSnippetBytes / 2 : 0, false);
    size_t end = Utf8Boundary(text, at + needle.size() + kSnippetBytes / 2, true);
    Json r = SummaryJson(s);
    r["matches"] = matches;
    r["text_start"] = at;  // the first match, in the clean text
    r["text_end"] = at + needle.size();
    r["snippet"] = text.substr(begin, end - begin);
    r["snippet_start"] = begin;
    j["results"].push_back(std::move(r));
  }
  j["partial"] = partial;
  return JsonReply(j);
}

ApiReply Api::Ingest(const ApiRequest& req) {
  const std::string prefix = "Bearer ";
  if (options_.token.empty()) {
    return JsonError(403, "writes are disabled: start the server with --token or WARTA_TOKEN");
  }
  if (req.authorization.compare(0, prefix.size(), prefix) != 0 ||
      req.authorization.substr(prefix.size()) != options_.token) {
    return JsonError(401, "a valid 'Authorization: Bearer TOKEN' header is required");
  }
  if (req.body.empty()) return JsonError(400, "empty body: send JSON Lines, one article a line");
  if (req.body.size() > options_.max_body_bytes) {
    return JsonError(413, "body larger than " + std::to_string(options_.max_body_bytes) + " bytes");
  }
  if (!cleaner_) return JsonError(500, "ingest is not available: no cleaner");

  uint64_t seq = 0;
  {
    std::lock_guard<std::mutex> lock(ingest_seq_mu_);
    seq = ++ingest_seq_;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string name = "request-" +
                           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count()) +
                           "-" + std::to_string(seq) + ".jsonl";
  fs::path dir = fs::temp_directory_path(ec) /
                 ("warta-serve-" + std::to_string(::getpid()) + "-" + std::to_string(seq));
  if (ec) return JsonError(500, "no temporary folder: " + ec.message());
  fs::create_directories(dir, ec);
  if (ec) return JsonError(500, "cannot create " + dir.string() + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, ec);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } cleanup{dir};
  fs::path file = dir / name;
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(req.body.data(), static_cast<std::streamsize>(req.body.size()));
    out.close();
    if (!out) return JsonError(500, "cannot write " + file.string());
  }

  std::lock_guard<std::mutex> lock(write_mu_);
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Ingester ingester(*store, cleaner_, extractor_);
  Json errors = Json::array();
  size_t rejected = 0;
  Json ids = Json::array();
  const std::string dir_prefix = dir.string() + "/";
  auto short_origin = [&](const std::string& origin) {
    return origin.compare(0, dir_prefix.size(), dir_prefix) == 0
               ? "POST /api/ingest " + origin.substr(dir_prefix.size())
               : origin;
  };
  ReadOptions read_options;
  read_options.max_article_bytes = options_.max_body_bytes;
  ReadInputs(
      {file.string()}, read_options,
      [&](RawArticle raw) {
        raw.origin = short_origin(raw.origin);
        std::string origin = raw.origin;
        Result<AddResult> added = ingester.Add(std::move(raw));
        if (!added.ok()) {
          ++rejected;
          if (errors.size() < kMaxReportedErrors) {
            errors.push_back(origin + ": not stored: " + added.status().ToString());
          }
          return;
        }
        Json a;
        a["id"] = added->id;
        a["outcome"] = PutOutcomeName(added->put.outcome);
        a["claims"] = added->claims;
        ids.push_back(std::move(a));
      },
      [&](const ReadError& e) {
        ++rejected;
        if (errors.size() < kMaxReportedErrors) {
          ReadError shown = e;
          shown.input = short_origin(e.input);
          errors.push_back(shown.ToString());
        }
      });
  Status finished = ingester.Finish();
  const IngestStats& s = ingester.stats();
  if (metrics_) metrics_->ObserveIngest(s, rejected);
  if (!finished.ok()) return StatusReply(finished);
  Json j;
  j["read"] = s.read;
  j["inserted"] = s.inserted;
  j["updated"] = s.updated;
  j["unchanged"] = s.unchanged;
  j["duplicate"] = s.duplicate;
  j["rejected"] = rejected;
  j["repaired"] = s.repaired;
  j["claims"] = s.claims;
  j["documents"] = std::move(ids);
  j["errors"] = std::move(errors);
  return JsonReply(j, s.read == 0 && rejected > 0 ? 400 : 200);
}

ApiReply Api::Health(const ApiRequest&) {
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return JsonError(503, store.status().ToString());
  Result<int64_t> n = (*store)->CountDocuments();
  if (!n.ok()) return JsonError(503, n.status().ToString());
  Json j;
  j["status"] = "ok";
  j["documents"] = *n;
  j["writes"] = !options_.token.empty();
  return JsonReply(j);
}

ApiReply Api::MetricsText(const ApiRequest&) {
  ApiReply r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_ ? metrics_->Render() : "";
  return r;
}

ApiReply Api::Asset(const ApiRequest& req) {
  const serve::Asset* asset = FindAsset(req.path);
  if (!asset) return JsonError(404, "no such page");
  ApiReply r;
  r.content_type = std::string(asset->content_type);
  r.body = std::string(asset->bytes);
  return r;
}

}  // namespace warta::serve
