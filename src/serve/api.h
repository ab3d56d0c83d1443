// The API's handlers, apart from HTTP plumbing.
//
// server.cc turns each libmicrohttpd request into an ApiRequest, calls the
// route's handler through Api::Handle and writes the ApiReply back; handlers
// never see the HTTP library, so they compile fast and can be called by
// tests in process. The route table, Api::Routes(), is the single list of what is
// served: server.cc registers exactly these, and api_test.cc checks
// /openapi.json against it.
//
// Thread-safety: Handle may be called from many threads at once. Each thread
// gets its own Store and its own SearchTerms (neither may be shared), made on
// first use and kept until the Api is destroyed; writes (ingest) take one
// mutex, so there is one writer at a time.
#ifndef WARTA_SERVE_API_H_
#define WARTA_SERVE_API_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "metrics.h"
#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/lang_data.h"
#include "warta/search_terms.h"
#include "warta/serve.h"
#include "warta/status.h"
#include "warta/store.h"
#include "warta/story_stage.h"
#include "warta/watch_state.h"

namespace warta::serve {

// How the server opens the store: a server without a token writes nothing
// (docs/api.md), not even the journal mode or a schema upgrade.
inline StoreAccess StoreAccessOf(const ServeOptions& options) {
  return options.token.empty() ? StoreAccess::kReadOnly : StoreAccess::kReadWrite;
}

struct ApiRequest {
  std::string method;                              // "GET", "POST"
  std::string path;                                // decoded path
  std::multimap<std::string, std::string> params;  // decoded query parameters
  std::vector<std::string> captures;               // the route pattern's groups, decoded
  std::string body;
  std::string authorization;  // the Authorization header, or ""

  // The first value of query parameter `name`, or "".
  std::string Param(const std::string& name) const;
};

struct ApiReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string detail;  // for the server's log only (paths, SQL), never sent
};

// {"error": message} with `status`.
ApiReply JsonError(int status, const std::string& message);

// The HTTP status of a failed Status: 400, 404, 413 or 500.
int HttpStatusOf(const Status& status);

// Where the map puts a country: its capital (data/geo/countries.tsv).
struct CountryPoint {
  std::string name;  // English: "North Korea"
  double lat = 0, lon = 0;
};

// What the handlers take from the data folder, loaded once at start: the
// stemmer of search queries (a prototype: each thread clones it), the
// country markers of the map, and the story stage that POST /api/ingest
// runs after storing (used under the write mutex only).
struct ApiData {
  std::unique_ptr<SearchTerms> search_terms;
  std::map<std::string, CountryPoint> countries;  // ISO 3166 code ->
  std::unique_ptr<StoryStage> stories;
};

// Loads ApiData from `data`; a missing geo/countries.tsv leaves the map
// empty, a malformed one is kInvalidArgument naming the line.
Result<ApiData> LoadApiData(const DataDir& data);

class Api;

struct Route {
  const char* method;   // "GET" or "POST"
  const char* pattern;  // std::regex over the whole decoded path: "/api/documents/(.+)"
  const char* name;     // the OpenAPI path: "/api/documents/{id}"
  ApiReply (Api::*handler)(const ApiRequest&);
};

class Api {
 public:
  // `cleaner` and `extractor` are used by ingest, `data` by search and the
  // map; all three outlive the Api.
  Api(const ServeOptions& options, const ApiData* data, const Cleaner* cleaner,
      const ClaimExtractor* extractor, Metrics* metrics);
  ~Api();

  // Every route served, assets included (as the one route "/{asset}").
  static const std::vector<Route>& Routes();

  // `changed` is called after POST /api/ingest assigned stories (the
  // server wakes its ledger thread). Call before serving.
  void OnStoriesChanged(std::function<void()> changed) { stories_changed_ = std::move(changed); }

  // Assigns stories to the stored documents that have none (an ingest
  // killed before or during its story stage leaves them), under the write
  // mutex and on this thread's store; returns between chunks once `stop`
  // is set. The server runs it at start-up on a thread of its own.
  Result<StoryStageStats> AssignWaitingStories(const std::atomic<bool>* stop);

  // Calls the route's handler; anything it throws becomes a JSON 500.
  ApiReply Handle(const Route& route, const ApiRequest& request);

  // Whether a request with this Authorization header may write: nullopt if
  // so, else the refusal (403 without a token, 401 for a missing or wrong
  // one). The scheme is case-insensitive; the token is compared in constant
  // time. The server asks before reading a body; Ingest asks again.
  std::optional<ApiReply> CheckWriteAccess(std::string_view authorization) const;

  ApiReply Documents(const ApiRequest& request);
  ApiReply Document(const ApiRequest& request);
  ApiReply Claims(const ApiRequest& request);
  ApiReply Stories(const ApiRequest& request);
  ApiReply Story(const ApiRequest& request);
  ApiReply Ledger(const ApiRequest& request);
  ApiReply ClaimReviews(const ApiRequest& request);
  ApiReply Places(const ApiRequest& request);
  ApiReply Alerts(const ApiRequest& request);
  ApiReply AlertsAtom(const ApiRequest& request);
  struct AskedAlerts {
    std::vector<Alert> alerts;
    std::map<std::string, std::string> labels;  // story id -> label ("" when none)
  };
  Result<AskedAlerts> ListAskedAlerts(const ApiRequest& request);
  ApiReply Search(const ApiRequest& request);
  ApiReply Ingest(const ApiRequest& request);
  ApiReply Health(const ApiRequest& request);
  ApiReply MetricsText(const ApiRequest& request);
  ApiReply Asset(const ApiRequest& request);

 private:
  // What one worker thread owns.
  struct PerThread {
    std::unique_ptr<Store> store;
    std::unique_ptr<SearchTerms> terms;
  };
  // This thread's store, opened on first use.
  Result<Store*> ThreadStore();
  // This thread's search stemmer, cloned on first use; null without data.
  SearchTerms* ThreadTerms();
  PerThread& ThisThread();

  // The documents a request names: `story=ID` (its members), `param=a,b`
  // (ids), or both (those of the list in the story). `*all` is set when the
  // request names none, and the list is then empty.
  Result<std::vector<std::string>> NamedDocuments(Store* store, const ApiRequest& req,
                                                  const std::string& param, bool* all);

  ServeOptions options_;
  const ApiData* data_;
  const Cleaner* cleaner_;
  const ClaimExtractor* extractor_;
  Metrics* metrics_;
  std::mutex threads_mu_;
  std::map<std::thread::id, PerThread> threads_;
  std::mutex write_mu_;
  std::mutex ingest_seq_mu_;
  uint64_t ingest_seq_ = 0;
  std::function<void()> stories_changed_;
};

}  // namespace warta::serve

#endif  // WARTA_SERVE_API_H_
