// The API's handlers: JSON in and out over a Store.
//
// Each handler reads its parameters, asks the thread's Store (bound SQL only:
// the Store is the only thing that talks to the database), and builds JSON
// with nlohmann::json, whose dump escapes everything taken from articles and
// replaces invalid UTF-8 instead of throwing. Expected failures come back as
// a Status and become {"error": ...} with 400, 404, 413 or 500; anything
// thrown is caught once, in Handle, and becomes a 500.
//
// What a request costs is bounded by what it names, never by the size of the
// database: a story's ledger, claims and places read the story's members
// (Store::ListStoryMembers), their documents one by one and their claims
// (ListClaims of those ids); search goes through the store's full-text index
// (Store::Search) with the Indonesian stems of the query words, so that
// "serangan" finds "menyerang". Only the unscoped forms (/api/ledger and
// /api/claims without story or docs, /api/documents) read every document,
// and the listings page.
//
// Ingest reads the request body from memory with the read stage
// (ReadBytes, under a .jsonl name), so a POSTed article is read exactly like
// one from a file, with the same fields, limits and per-line errors, and
// the body never touches the file system. A store that cannot be written
// (locked by another writer, read-only, full) stops the request at the first
// article: 503 with the reason in words, never a path or SQL (those go to
// the server's log); one article the store refuses is reported in `errors`.
//
// Tested by api_test.cc (in process) and serve_test.cc (a real server).
#include "api.h"

#include <algorithm>
#include <ctime>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "assets.h"
#include "warta/alerts.h"
#include "warta/claim_review.h"
#include "warta/doc_json.h"
#include "warta/ingest.h"
#include "warta/ledger.h"
#include "warta/ledger_stage.h"
#include "warta/read.h"
#include "warta/segment.h"

namespace warta::serve {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kDefaultSearchLimit = 20;
constexpr size_t kMaxSearchLimit = 200;
constexpr size_t kDefaultListLimit = 1000;
constexpr size_t kMaxListLimit = 100000;
constexpr size_t kMaxQueryBytes = 256;
constexpr size_t kMaxReportedErrors = 50;
constexpr size_t kDefaultStoryLimit = 100;
constexpr size_t kMaxStoryLimit = 1000;
constexpr size_t kDefaultMemberLimit = 1000;
constexpr size_t kMaxMemberLimit = 10000;
constexpr size_t kMaxClaimLimit = 100000;
// A ledger, claims or places request reads every document it names: at most
// this many (a story larger than this is asked for by pages of docs=).
constexpr size_t kMaxNamedDocs = 5000;
constexpr size_t kMaxIdBytes = 512;
constexpr size_t kMaxQueryWords = 16;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

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

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json StoryJson(const StoryRecord& s) {
  Json j;
  j["id"] = s.id;
  j["label"] = s.label;
  j["size"] = s.size;
  j["first_seen"] = OrNull(s.first_seen);
  j["last_seen"] = OrNull(s.last_seen);
  j["languages"] = s.languages;
  return j;
}

// Adds "story" (its id, or null) and "duplicate_of" ({"id", "kind",
// "similarity"} of the earliest copy, or null) to a document's JSON.
Status AddStoryAndCopy(Store* store, const std::string& doc_id, Json* j) {
  ASSIGN_OR_RETURN(std::optional<StoryMember> member, store->GetStoryMember(doc_id));
  (*j)["story"] = member ? Json(member->story_id) : Json(nullptr);
  ASSIGN_OR_RETURN(std::optional<DuplicateLink> dup, store->GetDuplicate(doc_id));
  if (dup) {
    Json d;
    d["id"] = dup->original_id;
    d["kind"] = dup->kind;
    d["similarity"] = dup->similarity;
    (*j)["duplicate_of"] = std::move(d);
  } else {
    (*j)["duplicate_of"] = nullptr;
  }
  return Status::Ok();
}

// Does `id` look like something we store? Bounded and without control
// characters: the parameter goes to the store as a bound value either way,
// this only keeps garbage out of error messages.
bool PlausibleId(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (unsigned char c : id) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

// What a response says of where a document came from: the file's name and
// the place in it, never the folders of the machine that ingested it
// ("/srv/in/seeds/000.txt" -> "000.txt", "/srv/in/a.jsonl:12" ->
// "a.jsonl:12"); what the API itself stored ("POST /api/ingest
// request-...jsonl:3") is kept.
std::string PublicOrigin(const std::string& origin) {
  static const std::string kPosted = "POST /api/ingest ";
  if (origin.rfind(kPosted, 0) == 0) return origin;
  const size_t colon = origin.find(':');
  const size_t slash = origin.rfind('/', colon);
  return slash == std::string::npos ? origin : origin.substr(slash + 1);
}

// SummaryJson and DocumentJson (warta/doc_json.h) with PublicOrigin.
Json PublicJson(Json j) {
  if (j.contains("origin") && j["origin"].is_string()) {
    j["origin"] = PublicOrigin(j["origin"].get<std::string>());
  }
  return j;
}

// Offsets in `text` of the first occurrence of any of `words` (ASCII case
// folded), or nullopt when the document matched by stem only.
std::optional<std::pair<size_t, size_t>> FirstMatch(const std::string& text,
                                                    const std::vector<std::string>& words) {
  std::string folded = FoldAscii(text);
  std::optional<std::pair<size_t, size_t>> best;
  for (const std::string& w : words) {
    std::string needle = FoldAscii(w);
    if (needle.empty()) continue;
    for (size_t at = folded.find(needle); at != std::string::npos;
         at = folded.find(needle, at + 1)) {
      // A whole word: not inside a longer run of ASCII letters or digits.
      auto inner = [&](size_t i) {
        unsigned char c = static_cast<unsigned char>(folded[i]);
        return std::isalnum(c) != 0;
      };
      bool starts = at == 0 || !inner(at - 1);
      if (!starts) continue;
      if (!best || at < best->first) best = std::make_pair(at, at + needle.size());
      break;
    }
  }
  return best;
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

Result<ApiData> LoadApiData(const DataDir& data) {
  ApiData out;
  ASSIGN_OR_RETURN(out.search_terms, SearchTerms::Create(data));
  ASSIGN_OR_RETURN(out.stories, StoryStage::Create(data));
  const std::string file = "geo/countries.tsv";  // none: no markers
  ASSIGN_OR_RETURN(std::vector<DataDir::Row> rows, data.ReadTable(file));
  for (const DataDir::Row& row : rows) {
    const std::vector<std::string>& f = row.fields;
    char* end_lat = nullptr;
    char* end_lon = nullptr;
    CountryPoint p;
    if (f.size() == 4) {
      p.lat = std::strtod(f[1].c_str(), &end_lat);
      p.lon = std::strtod(f[2].c_str(), &end_lon);
    }
    if (f.size() != 4 || f[0].size() != 2 || f[1].empty() || *end_lat != '\0' || f[2].empty() ||
        *end_lon != '\0' || p.lat < -90 || p.lat > 90 || p.lon < -180 || p.lon > 180) {
      return InvalidArgument(data.root() + "/" + file + ":" + std::to_string(row.line) +
                             ": want CODE<TAB>LAT<TAB>LON<TAB>NAME");
    }
    p.name = f[3];
    out.countries[f[0]] = std::move(p);
  }
  return out;
}

Api::Api(const ServeOptions& options, const ApiData* data, const Cleaner* cleaner,
         const ClaimExtractor* extractor, Metrics* metrics)
    : options_(options), data_(data), cleaner_(cleaner), extractor_(extractor), metrics_(metrics) {}

Api::~Api() = default;

const std::vector<Route>& Api::Routes() {
  static const std::vector<Route> kRoutes = {
      {"GET", "/api/documents", "/api/documents", &Api::Documents},
      {"GET", "/api/documents/(.+)", "/api/documents/{id}", &Api::Document},
      {"GET", "/api/stories", "/api/stories", &Api::Stories},
      {"GET", "/api/stories/(.+)", "/api/stories/{id}", &Api::Story},
      {"GET", "/api/claims", "/api/claims", &Api::Claims},
      {"GET", "/api/ledger", "/api/ledger", &Api::Ledger},
      {"GET", "/api/claimreview", "/api/claimreview", &Api::ClaimReviews},
      {"GET", "/api/places", "/api/places", &Api::Places},
      {"GET", "/api/alerts", "/api/alerts", &Api::Alerts},
      {"GET", "/api/alerts\\.atom", "/api/alerts.atom", &Api::AlertsAtom},
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

Api::PerThread& Api::ThisThread() {
  std::lock_guard<std::mutex> lock(threads_mu_);
  // std::map never moves its nodes: the reference stays valid while other
  // threads add theirs.
  return threads_[std::this_thread::get_id()];
}

Result<Store*> Api::ThreadStore() {
  PerThread& t = ThisThread();
  if (!t.store) {
    Result<std::unique_ptr<Store>> store = OpenStore(options_.db, StoreAccessOf(options_));
    if (!store.ok()) return store.status();  // it names the database
    t.store = std::move(*store);
  }
  return t.store.get();
}

SearchTerms* Api::ThreadTerms() {
  if (!data_ || !data_->search_terms) return nullptr;
  PerThread& t = ThisThread();
  if (!t.terms) t.terms = data_->search_terms->Clone();
  return t.terms.get();
}

Result<std::vector<std::string>> Api::NamedDocuments(Store* store, const ApiRequest& req,
                                                     const std::string& param, bool* all) {
  const std::string story_id = req.Param("story");
  std::vector<std::string> listed = SplitList(req.Param(param));
  *all = story_id.empty() && listed.empty();
  if (*all) {
    // Every document at once is for a small database; a large one is read
    // a story or a list of documents at a time.
    ASSIGN_OR_RETURN(int64_t stored, store->CountDocuments());
    if (stored > static_cast<int64_t>(kMaxNamedDocs)) {
      return ResourceExhausted("the database holds " + std::to_string(stored) +
                               " documents, more than the " + std::to_string(kMaxNamedDocs) +
                               " one request reads: name a story ('story') or documents ('" +
                               param + "')");
    }
  }
  if (listed.size() > kMaxNamedDocs) {
    return ResourceExhausted("more than " + std::to_string(kMaxNamedDocs) + " documents in '" +
                             param + "'");
  }
  if (story_id.empty()) return listed;
  if (!PlausibleId(story_id)) return InvalidArgument("parameter 'story' is not a story id");
  ASSIGN_OR_RETURN(std::optional<StoryRecord> story, store->GetStory(story_id));
  if (!story) return NotFound("no story '" + story_id + "'");
  ASSIGN_OR_RETURN(std::vector<StoryMember> members, store->ListStoryMembers(story_id));
  std::vector<std::string> ids;
  std::set<std::string> wanted(listed.begin(), listed.end());
  for (const StoryMember& m : members) {
    if (wanted.empty() || wanted.count(m.doc_id)) ids.push_back(m.doc_id);
  }
  if (ids.size() > kMaxNamedDocs) {
    return ResourceExhausted("story '" + story_id + "' has " + std::to_string(ids.size()) +
                             " documents, more than the " + std::to_string(kMaxNamedDocs) +
                             " one request reads: name some with '" + param + "'");
  }
  return ids;
}

ApiReply Api::Documents(const ApiRequest& req) {
  Result<size_t> offset = SizeParam(req, "offset", 0, SIZE_MAX / 2);
  if (!offset.ok()) return StatusReply(offset.status());
  Result<size_t> limit = SizeParam(req, "limit", kDefaultListLimit, kMaxListLimit);
  if (!limit.ok()) return StatusReply(limit.status());
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Result<int64_t> total = (*store)->CountDocuments();
  if (!total.ok()) return StatusReply(total.status());
  Result<std::vector<DocumentSummary>> docs = (*store)->ListDocumentsPage(*offset, *limit);
  if (!docs.ok()) return StatusReply(docs.status());
  Json j;
  j["total"] = *total;
  j["offset"] = *offset;
  j["documents"] = Json::array();
  for (const DocumentSummary& d : *docs) j["documents"].push_back(PublicJson(SummaryJson(d)));
  return JsonReply(j);
}

ApiReply Api::Document(const ApiRequest& req) {
  const std::string id = req.captures.empty() ? "" : req.captures[0];
  if (!PlausibleId(id)) {
    return JsonError(400, "not a document id (1 to " + std::to_string(kMaxIdBytes) +
                              " bytes, no control characters)");
  }
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Result<std::optional<warta::Document>> doc = (*store)->GetDocument(id);
  if (!doc.ok()) return StatusReply(doc.status());
  if (!doc->has_value()) return JsonError(404, "no document '" + id + "'");
  Json j = PublicJson(DocumentJson(**doc, false));
  if (Status s = AddStoryAndCopy(*store, id, &j); !s.ok()) return StatusReply(s);
  return JsonReply(j);
}

ApiReply Api::Stories(const ApiRequest& req) {
  StoryQuery query;
  Result<size_t> offset = SizeParam(req, "offset", 0, SIZE_MAX / 2);
  if (!offset.ok()) return StatusReply(offset.status());
  Result<size_t> limit = SizeParam(req, "limit", kDefaultStoryLimit, kMaxStoryLimit);
  if (!limit.ok()) return StatusReply(limit.status());
  query.offset = *offset;
  query.limit = *limit;
  const std::string sort = req.Param("sort").empty() ? "size" : req.Param("sort");
  if (sort == "size") {
    query.order = StoryOrder::kSize;
  } else if (sort == "recent") {
    query.order = StoryOrder::kRecent;
  } else if (sort == "id") {
    query.order = StoryOrder::kId;
  } else {
    return JsonError(400, "parameter 'sort' is size, recent or id");
  }
  query.lang = req.Param("lang");
  query.after = req.Param("after");
  if (!query.after.empty() && !PlausibleId(query.after)) {
    return JsonError(400, "parameter 'after' is not the `next` of a page");
  }
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Result<StoryPage> page = (*store)->ListStoryPage(query);
  if (!page.ok()) return StatusReply(page.status());
  Json j;
  j["total"] = page->total;
  j["offset"] = query.offset;
  j["next"] = OrNull(page->next);
  j["stories"] = Json::array();
  for (const StoryRecord& story : page->stories) j["stories"].push_back(StoryJson(story));
  return JsonReply(j);
}

ApiReply Api::Story(const ApiRequest& req) {
  const std::string id = req.captures.empty() ? "" : req.captures[0];
  if (!PlausibleId(id)) {
    return JsonError(400, "not a story id (1 to " + std::to_string(kMaxIdBytes) +
                              " bytes, no control characters)");
  }
  if (!PlausibleId(id)) return JsonError(400, "not a story id");
  Result<size_t> offset = SizeParam(req, "offset", 0, SIZE_MAX / 2);
  if (!offset.ok()) return StatusReply(offset.status());
  Result<size_t> limit = SizeParam(req, "limit", kDefaultMemberLimit, kMaxMemberLimit);
  if (!limit.ok()) return StatusReply(limit.status());
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Result<std::optional<StoryRecord>> story = (*store)->GetStory(id);
  if (!story.ok()) return StatusReply(story.status());
  if (!story->has_value()) return JsonError(404, "no story '" + id + "'");
  Result<std::vector<StoryMember>> members = (*store)->ListStoryMembers(id);
  if (!members.ok()) return StatusReply(members.status());
  Json j = StoryJson(**story);
  j["members_total"] = members->size();
  j["offset"] = *offset;
  j["members"] = Json::array();
  size_t copies = 0;
  std::vector<std::string> page_ids;
  std::map<std::string, double> similarity;
  for (size_t i = *offset; i < members->size() && i < *offset + *limit; ++i) {
    page_ids.push_back((*members)[i].doc_id);
    similarity[(*members)[i].doc_id] = (*members)[i].similarity;
  }
  // A member replaced meanwhile is left out.
  Result<std::vector<DocumentSummary>> page = (*store)->GetSummaries(page_ids);
  if (!page.ok()) return StatusReply(page.status());
  for (const DocumentSummary& summary : *page) {
    Json d = PublicJson(SummaryJson(summary));
    d["similarity"] = similarity[summary.id];
    if (Status s = AddStoryAndCopy(*store, summary.id, &d); !s.ok()) return StatusReply(s);
    if (!d["duplicate_of"].is_null()) ++copies;
    j["members"].push_back(std::move(d));
  }
  j["copies"] = copies;  // members on this page that copy an earlier document
  return JsonReply(j);
}

ApiReply Api::Claims(const ApiRequest& req) {
  const std::string source = FoldAscii(req.Param("source"));
  const std::string what = req.Param("what");
  const std::string stance = req.Param("stance");
  const std::string lang = req.Param("lang");
  const std::string place = req.Param("place");
  const std::string from = req.Param("from");
  const std::string to = req.Param("to");
  for (const std::string* d : {&from, &to}) {
    if (!d->empty() && !IsIsoDate(*d)) {
      return JsonError(400, "dates are YYYY-MM-DD, not '" + *d + "'");
    }
  }
  Result<size_t> offset = SizeParam(req, "offset", 0, SIZE_MAX / 2);
  if (!offset.ok()) return StatusReply(offset.status());
  Result<size_t> limit = SizeParam(req, "limit", kMaxClaimLimit, kMaxClaimLimit);
  if (!limit.ok()) return StatusReply(limit.status());
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  bool all = false;
  Result<std::vector<std::string>> docs = NamedDocuments(*store, req, "doc", &all);
  if (!docs.ok()) return StatusReply(docs.status());
  Json j;
  j["claims"] = Json::array();
  j["total"] = 0;
  j["offset"] = *offset;
  j["count"] = 0;
  if (!all && docs->empty()) return JsonReply(j);  // a story without those documents
  // Publication dates stand in for claims without a said_date.
  std::map<std::string, std::string> published;
  if (!from.empty() || !to.empty()) {
    if (all) {
      Result<std::vector<DocumentSummary>> every = (*store)->ListDocuments();
      if (!every.ok()) return StatusReply(every.status());
      for (const DocumentSummary& d : *every) published[d.id] = d.meta.published;
    } else {
      Result<std::vector<DocumentSummary>> named = (*store)->GetSummaries(*docs);
      if (!named.ok()) return StatusReply(named.status());
      for (const DocumentSummary& d : *named) published[d.id] = d.meta.published;
    }
  }
  Result<std::vector<Claim>> claims = (*store)->ListClaims(*docs);
  if (!claims.ok()) return StatusReply(claims.status());
  size_t total = 0;
  for (const Claim& c : *claims) {
    if (!what.empty() && c.what != what) continue;
    if (!stance.empty() && c.stance != stance) continue;
    if (!lang.empty() && c.lang != lang) continue;
    if (!place.empty() && c.location != place && c.subject != place) continue;
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
    if (total >= *offset && total - *offset < *limit) j["claims"].push_back(ClaimJson(c));
    ++total;
  }
  j["total"] = total;
  j["count"] = j["claims"].size();
  return JsonReply(j);
}

ApiReply Api::Ledger(const ApiRequest& req) {
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  const std::string story_id = req.Param("story");
  if (!story_id.empty() && req.Param("docs").empty()) {
    // A whole story: its stored ledger when current (warta/ledger_stage.h),
    // else built now, as below.
    if (!PlausibleId(story_id)) {
      return StatusReply(InvalidArgument("parameter 'story' is not a story id"));
    }
    bool stored = false;
    Result<std::string> json = StoryLedgerJson(*store, story_id, kMaxNamedDocs, &stored);
    if (!json.ok()) return StatusReply(json.status());
    if (metrics_) metrics_->ObserveLedger(stored);
    ApiReply r;
    r.body = std::move(*json);
    return r;
  }
  bool all = false;
  Result<std::vector<std::string>> named = NamedDocuments(*store, req, "docs", &all);
  if (!named.ok()) return StatusReply(named.status());
  Result<LedgerInput> read = all ? ReadLedgerInputOfAll(*store) : ReadLedgerInput(*store, *named);
  if (!read.ok()) return StatusReply(read.status());
  LedgerInput in = std::move(*read);
  if (all) {
    in.story = "all documents";
  } else {
    if (story_id.empty()) {
      std::set<std::string> stored;
      for (const LedgerDoc& d : in.docs) stored.insert(d.id);
      for (const std::string& id : *named) {
        if (!stored.count(id)) return JsonError(404, "no document '" + id + "'");
      }
    }
    // (A story's member replaced meanwhile is left out.)
    in.story = !story_id.empty() ? story_id : std::to_string(named->size()) + " documents";
  }
  ApiReply r;
  r.body = LedgerToJson(BuildLedger(std::move(in)), -1);
  return r;
}

// The ledger of a story (or of documents) as schema.org ClaimReview
// drafts, JSON-LD (warta/claim_review.h); built from the claims on each
// request, as the ledger is when not stored.
ApiReply Api::ClaimReviews(const ApiRequest& req) {
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  bool all = false;
  Result<std::vector<std::string>> named = NamedDocuments(*store, req, "docs", &all);
  if (!named.ok()) return StatusReply(named.status());
  Result<LedgerInput> read = all ? ReadLedgerInputOfAll(*store) : ReadLedgerInput(*store, *named);
  if (!read.ok()) return StatusReply(read.status());
  std::vector<std::string> ids;
  for (const LedgerDoc& d : read->docs) ids.push_back(d.id);
  Result<std::vector<DocumentSummary>> summaries = (*store)->GetSummaries(ids);
  if (!summaries.ok()) return StatusReply(summaries.status());
  std::map<std::string, DocumentSummary> by_id;
  for (DocumentSummary& d : *summaries) by_id.emplace(d.id, std::move(d));
  if (req.Param("story").empty() && !all) {
    for (const std::string& id : *named) {
      if (!by_id.count(id)) return JsonError(404, "no document '" + id + "'");
    }
  }
  ApiReply r;
  r.content_type = "application/ld+json";
  r.body = LedgerToClaimReviews(BuildLedger(std::move(*read)), by_id, -1);
  return r;
}

// The alerts stored by `warta fetch`, `warta watch` and `warta ingest` (warta/alerts.h)
// that `req` asks for (since=, story=, query=, kind=, limit=), newest first, with
// their stories' labels; their table is read through the watch state's own
// connection (SQLite only, as the state itself). A kind is looked for among
// the newest 1,000 of the others.
Result<Api::AskedAlerts> Api::ListAskedAlerts(const ApiRequest& req) {
  int64_t since = 0;
  if (std::string v = req.Param("since"); !v.empty()) {
    Result<int64_t> parsed = ParseSince(v, static_cast<int64_t>(std::time(nullptr)));
    if (!parsed.ok()) return parsed.status().WithContext("parameter 'since'");
    since = *parsed;
  }
  constexpr size_t kMaxAlerts = 1000;
  ASSIGN_OR_RETURN(size_t limit, SizeParam(req, "limit", 100, kMaxAlerts));
  const std::string kind = req.Param("kind");
  ASSIGN_OR_RETURN(std::unique_ptr<WatchState> state, OpenWatchState(options_.db));
  ASSIGN_OR_RETURN(Store * store, ThreadStore());
  AskedAlerts asked;
  const size_t wanted = kind.empty() ? limit : kMaxAlerts;
  if (const std::string query = req.Param("query"); !query.empty()) {
    // A followed search: the alerts of the stories it finds, as
    // GET /api/search finds them (and of story=, when both are given).
    if (query.size() > kMaxQueryBytes) {
      return InvalidArgument("parameter 'query' is longer than " + std::to_string(kMaxQueryBytes) +
                             " bytes");
    }
    Result<std::vector<std::string>> stories = StoriesMatching(store, ThreadTerms(), query);
    if (!stories.ok()) return stories.status().WithContext("parameter 'query'");
    if (const std::string story = req.Param("story"); !story.empty()) {
      std::erase_if(*stories, [&](const std::string& id) { return id != story; });
    }
    ASSIGN_OR_RETURN(asked.alerts, AlertsOfStories(state.get(), *stories, since, wanted));
  } else {
    ASSIGN_OR_RETURN(asked.alerts, state->ListAlerts(since, req.Param("story"), wanted));
  }
  if (!kind.empty()) {
    std::erase_if(asked.alerts, [&](const Alert& a) { return a.kind != kind; });
    if (asked.alerts.size() > limit) asked.alerts.resize(limit);
  }
  // Each story's label, read once: what a reader knows the story by.
  for (const Alert& a : asked.alerts) {
    if (asked.labels.count(a.story_id)) continue;
    ASSIGN_OR_RETURN(std::optional<StoryRecord> story, store->GetStory(a.story_id));
    asked.labels[a.story_id] = story ? story->label : "";
  }
  return asked;
}

ApiReply Api::Alerts(const ApiRequest& req) {
  Result<AskedAlerts> asked = ListAskedAlerts(req);
  if (!asked.ok()) return StatusReply(asked.status());
  std::string body = "{\"alerts\":[";
  for (size_t i = 0; i < asked->alerts.size(); ++i) {
    const Alert& a = asked->alerts[i];
    body += (i ? "," : "") + AlertToJson(a, asked->labels[a.story_id]);
  }
  body += "]}";
  ApiReply reply;
  reply.body = std::move(body);
  return reply;
}

// The same alerts as an Atom feed, for feed readers.
ApiReply Api::AlertsAtom(const ApiRequest& req) {
  Result<AskedAlerts> asked = ListAskedAlerts(req);
  if (!asked.ok()) return StatusReply(asked.status());
  std::vector<std::pair<std::string, std::string>> query;
  for (const char* name : {"story", "query", "kind", "since", "limit"})
    query.emplace_back(name, req.Param(name));
  ApiReply reply;
  reply.content_type = "application/atom+xml; charset=utf-8";
  reply.body =
      AlertsToAtom(asked->alerts, asked->labels, query, static_cast<int64_t>(std::time(nullptr)));
  return reply;
}

ApiReply Api::Places(const ApiRequest& req) {
  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  bool all = false;
  Result<std::vector<std::string>> docs = NamedDocuments(*store, req, "docs", &all);
  if (!docs.ok()) return StatusReply(docs.status());
  std::map<std::string, size_t> counts;
  if (all || !docs->empty()) {
    Result<std::vector<Claim>> claims = (*store)->ListClaims(*docs);
    if (!claims.ok()) return StatusReply(claims.status());
    // A claim is about its location and about whose amount it is: North
    // Korean troops in Russia count for both, once each.
    for (const Claim& c : *claims) {
      if (!c.location.empty()) ++counts[c.location];
      if (!c.subject.empty() && c.subject != c.location) ++counts[c.subject];
    }
  }
  std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  Json j;
  j["places"] = Json::array();
  size_t unmapped = 0;
  for (const auto& [code, n] : sorted) {
    const CountryPoint* point = nullptr;
    if (data_) {
      auto it = data_->countries.find(code);
      if (it != data_->countries.end()) point = &it->second;
    }
    if (!point) {
      unmapped += n;  // "abroad", or a code without coordinates
      continue;
    }
    Json p;
    p["code"] = code;
    p["name"] = point->name;
    p["lat"] = point->lat;
    p["lon"] = point->lon;
    p["claims"] = n;
    j["places"].push_back(std::move(p));
  }
  j["unmapped"] = unmapped;
  return JsonReply(j);
}

ApiReply Api::Search(const ApiRequest& req) {
  const std::string q = req.Param("q");
  if (q.empty()) return JsonError(400, "parameter 'q' is required");
  if (q.size() > kMaxQueryBytes) {
    return JsonError(400, "query longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  Result<size_t> offset = SizeParam(req, "offset", 0, 10000);
  if (!offset.ok()) return StatusReply(offset.status());
  Result<size_t> limit = SizeParam(req, "limit", kDefaultSearchLimit, kMaxSearchLimit);
  if (!limit.ok()) return StatusReply(limit.status());
  const std::string lang = req.Param("lang");
  if (lang.size() > 8) return JsonError(400, "parameter 'lang' is a language code");

  // The query's words as the engines split text (runs of letters and
  // digits), so that the store's words and their stems line up one to one.
  std::vector<std::string> words = SearchTerms::QueryWords(q);
  if (words.empty()) return JsonError(400, "no words in the query");
  if (words.size() > kMaxQueryWords) {
    return JsonError(400, "more than " + std::to_string(kMaxQueryWords) + " words in the query");
  }
  Result<SearchQuery> asked = SearchQueryFor(q, ThreadTerms());
  if (!asked.ok()) return StatusReply(asked.status());
  SearchQuery query = std::move(*asked);
  query.lang = lang;
  query.limit = *limit;
  query.offset = *offset;

  Result<Store*> store = ThreadStore();
  if (!store.ok()) return StatusReply(store.status());
  Result<std::vector<SearchHit>> hits = (*store)->Search(query);
  if (!hits.ok()) return StatusReply(hits.status());
  Json j;
  j["query"] = q;
  j["words"] = words;
  j["stems"] = query.stems;
  j["offset"] = *offset;
  j["results"] = Json::array();
  for (const SearchHit& hit : *hits) {
    Result<std::optional<warta::Document>> doc = (*store)->GetDocument(hit.id);
    if (!doc.ok()) return StatusReply(doc.status());
    if (!doc->has_value()) continue;  // replaced meanwhile
    Json r = PublicJson(SummaryJson(SummaryOf(**doc)));
    r["score"] = hit.score;
    r["snippet"] = hit.snippet;
    std::optional<std::pair<size_t, size_t>> at = FirstMatch((*doc)->text, words);
    r["text_start"] = at ? Json(at->first) : Json(nullptr);
    r["text_end"] = at ? Json(at->second) : Json(nullptr);
    if (Status s = AddStoryAndCopy(*store, hit.id, &r); !s.ok()) return StatusReply(s);
    j["results"].push_back(std::move(r));
  }
  return JsonReply(j);
}

std::optional<ApiReply> Api::CheckWriteAccess(std::string_view authorization) const {
  if (options_.token.empty()) {
    return JsonError(403, "writes are disabled: start the server with --token or WARTA_TOKEN");
  }
  // "Bearer TOKEN", the scheme in any case (RFC 9110, 11.1).
  constexpr std::string_view kScheme = "bearer ";
  bool scheme = authorization.size() > kScheme.size();
  for (size_t i = 0; scheme && i < kScheme.size(); ++i) {
    char c = authorization[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    scheme = c == kScheme[i];
  }
  if (scheme) {
    std::string_view given = authorization.substr(kScheme.size());
    while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
    // Every byte of the given token is compared, whatever differs first,
    // so the time taken does not tell how much of a guess was right.
    const std::string& token = options_.token;
    unsigned char diff = given.size() == token.size() ? 0 : 1;
    for (size_t i = 0; i < given.size(); ++i) {
      diff |= static_cast<unsigned char>(given[i] ^ token[i % token.size()]);
    }
    if (diff == 0) return std::nullopt;
  }
  return JsonError(401, "a valid 'Authorization: Bearer TOKEN' header is required");
}

ApiReply Api::Ingest(const ApiRequest& req) {
  if (std::optional<ApiReply> denied = CheckWriteAccess(req.authorization)) return *denied;
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
  // The name the body is read under: its extension makes it JSON Lines, and
  // articles without an id are named after it and their line.
  const std::string name = "request-" +
                           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count()) +
                           "-" + std::to_string(seq) + ".jsonl";
  // The store could not be written: nothing more is tried.
  auto unwritable = [](const std::string& reason, const Status& cause) {
    ApiReply r = JsonError(503, reason +
                                    ": not every article of the request was stored; send it "
                                    "again later (articles already stored stay unchanged)");
    r.detail = cause.ToString();
    return r;
  };

  std::lock_guard<std::mutex> lock(write_mu_);
  Result<Store*> store = ThreadStore();
  if (!store.ok()) {
    std::string reason = StoreUnwritable(store.status());
    return unwritable(reason.empty() ? "the database cannot be opened" : reason, store.status());
  }
  Ingester ingester(*store, cleaner_,
                    IngestOptions{.extractor = extractor_, .search_terms = ThreadTerms()});
  Json errors = Json::array();
  size_t rejected = 0;
  Json ids = Json::array();
  Status stopped;  // the store's failure that stopped the request
  std::string stopped_reason;
  const std::string shown_prefix = "POST /api/ingest ";
  ReadOptions read_options;
  read_options.max_article_bytes = options_.max_body_bytes;
  ReadBytes(
      req.body, name, read_options,
      [&](RawArticle raw) {
        if (!stopped.ok()) return;
        raw.origin = shown_prefix + raw.origin;
        std::string origin = raw.origin;
        Result<AddResult> added = ingester.Add(std::move(raw));
        if (!added.ok()) {
          if (std::string reason = StoreUnwritable(added.status()); !reason.empty()) {
            stopped = added.status();
            stopped_reason = std::move(reason);
            return;
          }
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
          shown.input = shown_prefix + e.input;
          errors.push_back(shown.ToString());
        }
      });
  Status finished = ingester.Finish();
  const IngestStats& s = ingester.stats();
  if (metrics_) metrics_->ObserveIngest(s, rejected);
  if (!stopped.ok()) return unwritable(stopped_reason, stopped);
  if (!finished.ok()) {
    std::string reason = StoreUnwritable(finished);
    if (!reason.empty()) return unwritable(reason, finished);
    return StatusReply(finished);
  }
  // Stories for what was stored (another process may hold the stage: then
  // it assigns them).
  size_t assigned = 0;
  if (data_ && data_->stories) {
    Result<StoryStageStats> stories = data_->stories->Run(*store);
    if (!stories.ok()) {
      // The articles are stored; their stories are assigned by the next
      // ingest that gets the stage.
      std::string reason = StoreUnwritable(stories.status());
      if (!reason.empty()) return unwritable(reason, stories.status());
      return StatusReply(stories.status().WithContext("story stage"));
    }
    assigned = stories->assigned;
  }
  // The verdict lines the stories gained are alerts, by the path `warta
  // ingest` takes (warta/alerts.h); a PostgreSQL database keeps none yet.
  // The articles are stored whatever happens here.
  size_t alerts = 0;
  std::vector<std::string> stored_ids;
  for (const Json& d : ids) stored_ids.push_back(d["id"].get<std::string>());
  if (!stored_ids.empty() && !IsPostgresUrl(options_.db)) {
    Result<std::unique_ptr<WatchState>> state = OpenWatchState(options_.db);
    Result<RaisedAlerts> raised = state.ok() ? RaiseAlerts(*store, state->get(), stored_ids,
                                                           static_cast<int64_t>(std::time(nullptr)))
                                             : Result<RaisedAlerts>(state.status());
    if (raised.ok()) {
      alerts = raised->alerts.size();
    } else {
      errors.push_back("alerts not stored: " + raised.status().ToString());
    }
  }
  // The ledger thread stores the changed ledgers and sends new alerts to
  // the webhook.
  if ((assigned > 0 || alerts > 0) && stories_changed_) stories_changed_();
  Json j;
  j["read"] = s.read;
  j["inserted"] = s.inserted;
  j["updated"] = s.updated;
  j["unchanged"] = s.unchanged;
  j["duplicate"] = s.duplicate;
  j["rejected"] = rejected;
  j["assigned_to_stories"] = assigned;
  j["repaired"] = s.repaired;
  j["claims"] = s.claims;
  j["alerts"] = alerts;
  j["documents"] = std::move(ids);
  j["errors"] = std::move(errors);
  return JsonReply(j, s.read == 0 && rejected > 0 ? 400 : 200);
}

Result<StoryStageStats> Api::AssignWaitingStories(const std::atomic<bool>* stop) {
  if (!data_ || !data_->stories) return StoryStageStats{};
  std::lock_guard<std::mutex> lock(write_mu_);
  ASSIGN_OR_RETURN(Store * store, ThreadStore());
  ASSIGN_OR_RETURN(StoryStageStats stats, data_->stories->Run(store, 1, stop));
  if (stats.assigned > 0 && stories_changed_) stories_changed_();
  return stats;
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
