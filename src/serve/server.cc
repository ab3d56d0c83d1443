// The HTTP server: libmicrohttpd plumbing around the handlers of api.cc.
//
// Serve opens the store once on the calling thread (creating or migrating the
// schema, so that the workers' own connections only ever open a ready
// database), loads the cleaner and claim extractor for ingest and the data
// of search and the map (api.h, ApiData), and starts libmicrohttpd with one
// event-loop thread (epoll) and a pool of `threads` workers that run the
// handlers.
//
// Why libmicrohttpd (Debian's libmicrohttpd-dev): it hands each request to
// us as soon as its headers are in, before one byte of the body is read, so
// the route, the Host, the token, the Content-Encoding and the
// Content-Length are checked first and a refused request costs nothing
// (cpp-httplib read the whole body, chunked or inflated, before the handler
// ran); it keeps the request line and headers in a fixed pool per
// connection (kConnectionMemory) and answers 431 past it; and its event
// loop holds a connection that trickles a byte a second at the cost of a
// socket, not of a worker thread.
//
// One request goes through these steps, on the event-loop thread unless
// said otherwise:
//   1. headers in (first call of OnRequest): the path is percent-decoded
//      here (a path holding control bytes is 400), the route found (404,
//      405), the Host checked against the listen address, localhost, IP
//      literals and --allow-host (421: DNS rebinding); for POST
//      /api/ingest the token (403, 401), the encoding (415) and the
//      declared length (413); a GET with a body is 400. A refusal is
//      queued at once: libmicrohttpd then reads no body and closes the
//      connection after the answer.
//   2. body (POST only): appended to memory up to max_body_bytes; past it
//      the rest is read and dropped, and the answer is 413.
//   3. complete: the connection is suspended and the request handed to the
//      worker pool, which runs Api::Handle, then resumes it;
//   4. the reply is queued with the security headers (a
//      Content-Security-Policy allowing only this server's own files,
//      nosniff, no framing, no referrer, no caching).
//
// Deadlines: a request must arrive whole within read_timeout_seconds of its
// first byte (or of the previous response on a kept-alive connection) and
// its response must be taken within write_timeout_seconds; the time a
// handler runs is not counted. A reaper thread looks every 100 ms and shuts
// down the socket of a connection past its deadline (through a duplicate of
// its descriptor that this file owns, so the number is never one the
// process reused). libmicrohttpd's own idle timeout is the same
// read_timeout_seconds.
//
// Shutdown: SIGTERM and SIGINT are blocked before any thread starts and
// awaited with sigwait on the calling thread. Then: no new connections; the
// requests already handed to workers finish and are answered (a request
// completed after this point gets 503); the answers get up to a second to
// leave; libmicrohttpd closes every connection left, trickling ones
// included. No work happens in a signal handler.
//
// Stored ledgers (warta/ledger_stage.h): when writes are enabled, a thread
// of its own, with its own store, builds the ledgers of stories that
// changed: at start, after each POST /api/ingest, and every kRefreshSeconds
// for what other processes wrote. Requests never wait for it and never
// write: a story not refreshed yet is built on request. A failure (the
// database read-only, locked or unreachable) is logged once and tried again
// next round.
//
// Stories left waiting: with writes enabled, a thread started after the
// listening line assigns the stored documents that have no story (an
// ingest killed before or during its story stage leaves them), under the
// write mutex, chunk by chunk; a SIGTERM ends it after its current chunk.
//
// Tested by serve_test.cc (every route over HTTP) and hostile_test.cc
// (oversized, compressed, endless and slow requests; a locked database).
#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api.h"
#include "metrics.h"
#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/lang_data.h"
#include "warta/ledger_stage.h"
#include "warta/serve.h"
#include "warta/store.h"
#include "warta/watch_state.h"
#include "warta/webhook.h"

namespace warta {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Memory libmicrohttpd gives one connection for its request line, headers
// and read buffer: the bound on what a client can make it hold before the
// handler runs. A request whose line and headers do not fit is 431 (414
// for a request line alone too long).
constexpr size_t kConnectionMemory = 64 << 10;
// Connections served at once; more are closed as they arrive. Each holds
// at most kConnectionMemory plus, for an authorised POST, its body.
constexpr unsigned kMaxConnections = 1000;
// How often the reaper looks for connections past their deadline.
constexpr auto kReaperPeriod = std::chrono::milliseconds(100);
// How long answers queued at shutdown get to leave.
constexpr auto kShutdownFlush = std::chrono::seconds(1);

// How often the ledger thread looks for stories other processes changed.
constexpr auto kRefreshSeconds = std::chrono::seconds(30);

// The thread that keeps stored ledgers current (see the top of this file).
class LedgerRefresher {
 public:
  // `webhook`, when given, is started (Webhook::Start) and is then used
  // only by this thread.
  LedgerRefresher(std::string db, serve::Metrics* metrics, std::ostream& log,
                  std::unique_ptr<Webhook> webhook)
      : db_(std::move(db)),
        metrics_(metrics),
        log_(log),
        webhook_(std::move(webhook)),
        thread_([this] { Loop(); }) {}
  ~LedgerRefresher() { Stop(); }

  // Refresh now (the server stored articles).
  void Wake() {
    std::lock_guard<std::mutex> lock(mu_);
    wake_ = true;
    cv_.notify_one();
  }

  // Ends the pass under way after its current story, and the thread.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_.store(true);
      cv_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop() {
    std::unique_ptr<Store> store;
    while (!stop_.load()) {
      try {
        if (!store) {
          Result<std::unique_ptr<Store>> opened = OpenStore(db_);
          if (opened.ok()) {
            store = std::move(*opened);
          } else {
            Report(opened.status().ToString());
          }
        }
        if (store) Pass(store.get());
        if (store && webhook_) DeliverAlerts(store.get());
      } catch (const std::exception& e) {
        // Whatever it is, the server goes on: ledgers are built on request.
        Report(std::string("internal error: ") + e.what());
        store.reset();
      }
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, kRefreshSeconds, [this] { return wake_ || stop_.load(); });
      wake_ = false;
    }
  }

  // One refresh of every stale ledger.
  void Pass(Store* store) {
    const auto start = std::chrono::steady_clock::now();
    Result<LedgerStageStats> done = RefreshLedgers(store, {.stop = &stop_});
    if (!done.ok()) {
      Report(done.status().ToString());
      return;
    }
    metrics_->ObserveLedgersStored(done->built);
    if (done->failed > 0) {
      Report(std::to_string(done->failed) + " stories failed; the first: " + done->first_error);
    } else {
      last_error_.clear();
    }
    if (done->built > 0) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      Log("stored the ledgers of " + std::to_string(done->built) + " stories in " +
          std::to_string(static_cast<int64_t>(seconds * 1000)) + " ms");
    }
  }

  // Alerts not yet sent to the webhook, sent (a failure leaves them for
  // the next round).
  void DeliverAlerts(Store* store) {
    if (!state_) {
      Result<std::unique_ptr<WatchState>> opened = OpenWatchState(db_);
      if (!opened.ok()) {
        Report(opened.status().ToString());
        return;
      }
      state_ = std::move(*opened);
    }
    Result<WebhookRun> run =
        webhook_->Deliver(state_.get(), store, static_cast<int64_t>(std::time(nullptr)));
    if (!run.ok()) {
      Report("webhook: " + run.status().ToString());
    } else if (!run->error.empty()) {
      Report("webhook " + webhook_->options().url + ": " + run->error + "; " +
             std::to_string(run->pending) + " alerts kept for the next round");
    } else if (run->delivered > 0) {
      Log("sent " + std::to_string(run->delivered) + " alerts to the webhook");
    }
  }

  // A failure, said once rather than every round: a read-only file fails
  // the same way each time.
  void Report(const std::string& error) {
    if (error != last_error_) Log("storing ledgers: " + error);
    last_error_ = error;
  }

  // One write per line, so that lines of other threads do not cut it.
  void Log(const std::string& message) { log_ << ("warta serve: " + message + "\n") << std::flush; }

  std::string db_;
  std::string last_error_;  // the thread's own
  serve::Metrics* metrics_;
  std::ostream& log_;
  std::unique_ptr<Webhook> webhook_;   // the thread's own once started
  std::unique_ptr<WatchState> state_;  // the thread's own
  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;  // last: starts once the members above are made
};

// Removes nothing: libmicrohttpd's own unescaping would cut a path at a
// decoded NUL byte; PercentDecode below does it with the bytes kept.
size_t KeepEscapes(void*, MHD_Connection*, char* s) { return std::strlen(s); }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%41b+c" -> "Ab+c" ("Ab c" with `plus`, as in a query string); nullopt
// on a malformed escape ("%4", "%zz").
std::optional<std::string> PercentDecode(std::string_view s, bool plus) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = HexDigit(s[i + 1]);
      const int lo = HexDigit(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += plus && s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

bool HasControlBytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Which Host headers are served. A browser sends the name it resolved, so
// a page of another site whose name was rebound to this machine's address
// (DNS rebinding) sends that site's name: only IP literals, "localhost"
// and the names given with --allow-host are answered. A request without
// Host (HTTP/1.0) comes from no browser and is answered.
class HostCheck {
 public:
  explicit HostCheck(const std::vector<std::string>& allowed) {
    for (const std::string& name : allowed) allowed_.insert(LowerAscii(name));
  }

  bool Allowed(const char* header) const {
    if (header == nullptr) return true;
    std::string host = LowerAscii(header);
    std::string port;
    if (!host.empty() && host[0] == '[') {
      const size_t close = host.find(']');
      if (close == std::string::npos) return false;
      port = host.substr(close + 1);
      host = host.substr(1, close - 1);
      in6_addr a6;
      if (inet_pton(AF_INET6, host.c_str(), &a6) != 1) return false;
      return PortOk(port);
    }
    if (const size_t colon = host.rfind(':'); colon != std::string::npos) {
      port = host.substr(colon);
      host.resize(colon);
    }
    if (!PortOk(port)) return false;
    if (!host.empty() && host.back() == '.') host.pop_back();  // "localhost."
    in_addr a4;
    return host == "localhost" || inet_pton(AF_INET, host.c_str(), &a4) == 1 ||
           allowed_.count(host) > 0;
  }

 private:
  // "" or ":" followed by digits.
  static bool PortOk(const std::string& port) {
    return port.empty() || (port[0] == ':' && port.size() <= 6 &&
                            port.find_first_not_of("0123456789", 1) == std::string::npos);
  }
  std::set<std::string> allowed_;
};

// A fixed set of threads running the handlers, so that each keeps its own
// store (api.h) and a slow handler holds a worker, never the event loop.
class WorkerPool {
 public:
  explicit WorkerPool(size_t n) {
    for (size_t i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~WorkerPool() { Stop(); }

  // Runs `before` and queues `job` under the pool's lock, so that `job`
  // starts after `before` has returned; false (neither runs) once Stop
  // has begun.
  bool Submit(const std::function<void()>& before, std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    before();
    jobs_.push_back(std::move(job));
    cv_.notify_one();
    return true;
  }

  // Refuses new jobs, runs those already queued and joins the threads.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      cv_.notify_all();
    }
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  void Loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// What a connection is doing, for the deadlines.
enum class Phase : int { kReceiving, kProcessing, kSending };

// One TCP connection (libmicrohttpd's socket context).
struct Conn {
  int fd = -1;  // a duplicate of the socket, owned here; -1 if none
  std::atomic<int> phase{static_cast<int>(Phase::kReceiving)};
  std::atomic<int64_t> since{0};  // Clock ticks when the phase began
  bool reaped = false;            // under the server's conns_mu_

  void Enter(Phase p) {
    since.store(Clock::now().time_since_epoch().count());
    phase.store(static_cast<int>(p));
  }
};

// One request (libmicrohttpd's request context).
struct Pending {
  Clock::time_point start = Clock::now();
  std::string method;                   // as sent
  const serve::Route* route = nullptr;  // null when refused before routing
  serve::ApiRequest request;
  std::optional<serve::ApiReply> refusal;  // decided on the headers
  bool over_limit = false;                 // the body passed max_body_bytes
  bool submitted = false;
  std::atomic<bool> ready{false};  // `reply` is set (by a worker)
  serve::ApiReply reply;
};

class HttpServer {
 public:
  HttpServer(const ServeOptions& options, serve::Api* api, serve::Metrics* metrics,
             std::ostream& log)
      : options_(options),
        api_(api),
        metrics_(metrics),
        log_(log),
        hosts_(options.allowed_hosts),
        pool_(options.threads > 0 ? options.threads : 8) {
    for (const serve::Route& r : serve::Api::Routes()) patterns_.emplace_back(r.pattern);
  }
  ~HttpServer() { Stop(); }

  // Serves on `listen_fd` (bound and listening; owned from here on).
  Status Start(int listen_fd, unsigned max_connections) {
    const unsigned idle = static_cast<unsigned>(std::max(1, options_.read_timeout_seconds));
    daemon_ = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, nullptr,
        nullptr, &HttpServer::OnRequestThunk, this, MHD_OPTION_LISTEN_SOCKET, listen_fd,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(kConnectionMemory),
        MHD_OPTION_CONNECTION_LIMIT, max_connections, MHD_OPTION_CONNECTION_TIMEOUT, idle,
        MHD_OPTION_NOTIFY_COMPLETED, &HttpServer::OnCompleted, this, MHD_OPTION_NOTIFY_CONNECTION,
        &HttpServer::OnConnection, this, MHD_OPTION_UNESCAPE_CALLBACK, &KeepEscapes, nullptr,
        MHD_OPTION_END);
    if (daemon_ == nullptr) {
      ::close(listen_fd);
      return IoError("cannot start the HTTP server (libmicrohttpd)");
    }
    reaper_ = std::thread([this] { Reap(); });
    return Status::Ok();
  }

  // The shutdown of the top of this file.
  void Stop() {
    if (daemon_ == nullptr) return;
    const MHD_socket listener = MHD_quiesce_daemon(daemon_);
    if (listener != MHD_INVALID_SOCKET) ::close(listener);
    pool_.Stop();
    const auto flush_until = Clock::now() + kShutdownFlush;
    while (Clock::now() < flush_until && Busy()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    {
      std::lock_guard<std::mutex> lock(conns_mu_);
      stop_reaper_ = true;
      reaper_cv_.notify_all();
    }
    if (reaper_.joinable()) reaper_.join();
    MHD_stop_daemon(daemon_);
    daemon_ = nullptr;
  }

 private:
  static MHD_Result OnRequestThunk(void* cls, MHD_Connection* c, const char* url,
                                   const char* method, const char*, const char* upload_data,
                                   size_t* upload_data_size, void** req_cls) {
    auto* self = static_cast<HttpServer*>(cls);
    try {
      return self->OnRequest(c, url, method, upload_data, upload_data_size, req_cls);
    } catch (...) {  // out of memory, most likely
      return MHD_NO;
    }
  }

  MHD_Result OnRequest(MHD_Connection* c, const char* url, const char* method,
                       const char* upload_data, size_t* upload_data_size, void** req_cls) {
    auto* p = static_cast<Pending*>(*req_cls);
    if (p == nullptr) {
      p = new Pending;
      *req_cls = p;
      p->method = method;
      CheckHeaders(c, url, p);
      if (p->refusal) return Queue(c, p, std::move(*p->refusal));
      return MHD_YES;
    }
    if (*upload_data_size > 0) {
      if (!p->over_limit) {
        if (p->request.body.size() + *upload_data_size > options_.max_body_bytes) {
          p->over_limit = true;
          std::string().swap(p->request.body);
        } else {
          p->request.body.append(upload_data, *upload_data_size);
        }
      }
      *upload_data_size = 0;
      return MHD_YES;
    }
    if (p->ready.load()) return Queue(c, p, std::move(p->reply));
    if (p->over_limit) {
      return Queue(c, p,
                   serve::JsonError(413, "body larger than " +
                                             std::to_string(options_.max_body_bytes) + " bytes"));
    }
    if (p->submitted) return MHD_YES;
    p->submitted = true;
    Conn* conn = ConnOf(c);
    const bool queued = pool_.Submit(
        [c, conn] {
          MHD_suspend_connection(c);
          if (conn) conn->Enter(Phase::kProcessing);
        },
        [this, c, p] {
          p->reply = Run(*p);
          p->ready.store(true);
          MHD_resume_connection(c);
        });
    if (!queued) return Queue(c, p, serve::JsonError(503, "the server is stopping"));
    return MHD_YES;
  }

  // Step 1 of the top of this file: sets p->refusal, or p->route and the
  // request's path, parameters and authorization.
  void CheckHeaders(MHD_Connection* c, const char* url, Pending* p) {
    auto refuse = [p](int status, const std::string& message) {
      p->refusal = serve::JsonError(status, message);
    };
    std::optional<std::string> path = PercentDecode(url, false);
    if (!path) return refuse(400, "malformed percent escape in the path");
    if (HasControlBytes(*path)) return refuse(400, "the path holds control characters");
    if (!hosts_.Allowed(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))) {
      return refuse(421,
                    "this server does not answer for that Host (start it with --allow-host NAME)");
    }
    const std::string method = p->method == "HEAD" ? "GET" : p->method;
    bool path_known = false;
    std::smatch match;
    const std::vector<serve::Route>& routes = serve::Api::Routes();
    for (size_t i = 0; i < routes.size() && !p->route; ++i) {
      if (!std::regex_match(*path, match, patterns_[i])) continue;
      path_known = true;
      if (method != routes[i].method) continue;
      p->route = &routes[i];
      for (size_t g = 1; g < match.size(); ++g) p->request.captures.push_back(match[g].str());
    }
    if (!p->route) {
      return path_known ? refuse(405, "method not allowed") : refuse(404, "no such route");
    }
    p->request.method = method;
    p->request.path = *path;
    bool malformed = false;
    struct Args {
      std::multimap<std::string, std::string>* params;
      bool* malformed;
    } args{&p->request.params, &malformed};
    MHD_get_connection_values_n(
        c, MHD_GET_ARGUMENT_KIND,
        [](void* cls, MHD_ValueKind, const char* key, size_t key_size, const char* value,
           size_t value_size) -> MHD_Result {
          auto* a = static_cast<Args*>(cls);
          std::optional<std::string> k = PercentDecode(std::string_view(key, key_size), true);
          std::optional<std::string> v =
              value ? PercentDecode(std::string_view(value, value_size), true) : std::string();
          if (!k || !v) {
            *a->malformed = true;
            return MHD_NO;
          }
          a->params->emplace(std::move(*k), std::move(*v));
          return MHD_YES;
        },
        &args);
    if (malformed) return refuse(400, "malformed percent escape in the query");
    auto header = [c](const char* name) {
      const char* v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
      return v ? std::string(v) : std::string();
    };
    p->request.authorization = header(MHD_HTTP_HEADER_AUTHORIZATION);
    const std::string length = header(MHD_HTTP_HEADER_CONTENT_LENGTH);
    const bool has_body = (!length.empty() && length.find_first_not_of('0') != std::string::npos) ||
                          !header(MHD_HTTP_HEADER_TRANSFER_ENCODING).empty();
    if (method == "GET") {
      if (has_body) refuse(400, "a GET request has no body");
      return;
    }
    // POST /api/ingest: everything that can refuse it before its body.
    if (std::optional<serve::ApiReply> denied = api_->CheckWriteAccess(p->request.authorization)) {
      p->refusal = std::move(*denied);
      return;
    }
    const std::string encoding = LowerAscii(header(MHD_HTTP_HEADER_CONTENT_ENCODING));
    if (!encoding.empty() && encoding != "identity") {
      return refuse(415, "Content-Encoding '" + encoding.substr(0, 20) +
                             "' is not accepted: send the JSON Lines uncompressed");
    }
    if (LowerAscii(header(MHD_HTTP_HEADER_CONTENT_TYPE)).rfind("multipart/form-data", 0) == 0) {
      return refuse(415, "multipart form data: send JSON Lines, one article a line");
    }
    if (!length.empty()) {
      errno = 0;
      char* end = nullptr;
      const unsigned long long declared = std::strtoull(length.c_str(), &end, 10);
      if (errno != 0 || *end != '\0' || declared > options_.max_body_bytes) {
        return refuse(413,
                      "body larger than " + std::to_string(options_.max_body_bytes) + " bytes");
      }
      p->request.body.reserve(declared);
    }
  }

  // Runs the route's handler (on a worker).
  serve::ApiReply Run(Pending& p) {
    try {
      return api_->Handle(*p.route, p.request);
    } catch (...) {  // building the reply itself
      return serve::JsonError(500, "internal error");
    }
  }

  // Queues `reply` as the answer to `p`.
  MHD_Result Queue(MHD_Connection* c, Pending* p, serve::ApiReply reply) {
    const std::string logged = reply.status < 500 ? ""
                               : reply.detail.empty()
                                   ? reply.body.substr(0, 300)
                                   : reply.body.substr(0, 300) + " (" + reply.detail + ")";
    auto* body = new std::string(std::move(reply.body));
    MHD_Response* r = MHD_create_response_from_buffer_with_free_callback_cls(
        body->size(), body->data(), +[](void* cls) { delete static_cast<std::string*>(cls); },
        body);
    if (r == nullptr) {
      delete body;
      return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, reply.content_type.c_str());
    MHD_add_response_header(r, "Content-Security-Policy", kContentSecurityPolicy);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (reply.status == 503) MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
    if (reply.status == 405) MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST");
    const MHD_Result queued = MHD_queue_response(c, static_cast<unsigned>(reply.status), r);
    MHD_destroy_response(r);
    if (Conn* conn = ConnOf(c)) conn->Enter(Phase::kSending);
    const double seconds = std::chrono::duration<double>(Clock::now() - p->start).count();
    metrics_->ObserveRequest(p->route ? p->route->name : "unmatched", p->method, reply.status,
                             seconds);
    if (reply.status >= 500) {
      const std::string path = p->request.path.empty() ? "(refused)" : p->request.path;
      log_ << ("warta serve: " + p->method + ' ' + path.substr(0, 200) + ": " +
               std::to_string(reply.status) + ' ' + logged + "\n")
           << std::flush;
    }
    return queued;
  }

  static Conn* ConnOf(MHD_Connection* c) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? static_cast<Conn*>(info->socket_context) : nullptr;
  }

  static void OnCompleted(void*, MHD_Connection* c, void** req_cls, MHD_RequestTerminationCode) {
    delete static_cast<Pending*>(*req_cls);
    *req_cls = nullptr;
    if (Conn* conn = ConnOf(c)) conn->Enter(Phase::kReceiving);
  }

  static void OnConnection(void* cls, MHD_Connection* c, void** socket_context,
                           MHD_ConnectionNotificationCode code) {
    auto* self = static_cast<HttpServer*>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* conn = new Conn;
      const MHD_ConnectionInfo* info =
          MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
      if (info) conn->fd = ::fcntl(info->connect_fd, F_DUPFD_CLOEXEC, 0);
      conn->Enter(Phase::kReceiving);
      *socket_context = conn;
      std::lock_guard<std::mutex> lock(self->conns_mu_);
      self->conns_.insert(conn);
      return;
    }
    auto* conn = static_cast<Conn*>(*socket_context);
    if (conn == nullptr) return;
    {
      std::lock_guard<std::mutex> lock(self->conns_mu_);
      self->conns_.erase(conn);
    }
    if (conn->fd >= 0) ::close(conn->fd);
    delete conn;
    *socket_context = nullptr;
  }

  // Whether a connection is still being answered.
  bool Busy() {
    std::lock_guard<std::mutex> lock(conns_mu_);
    return std::any_of(conns_.begin(), conns_.end(), [](const Conn* c) {
      return c->phase.load() != static_cast<int>(Phase::kReceiving);
    });
  }

  // The deadlines of the top of this file.
  void Reap() {
    const auto read_limit = std::chrono::seconds(std::max(1, options_.read_timeout_seconds));
    const auto write_limit = std::chrono::seconds(std::max(1, options_.write_timeout_seconds));
    std::unique_lock<std::mutex> lock(conns_mu_);
    while (!stop_reaper_) {
      reaper_cv_.wait_for(lock, kReaperPeriod);
      const auto now = Clock::now();
      for (Conn* conn : conns_) {
        const auto phase = static_cast<Phase>(conn->phase.load());
        if (phase == Phase::kProcessing || conn->reaped || conn->fd < 0) continue;
        const Clock::time_point since{Clock::duration(conn->since.load())};
        if (now - since > (phase == Phase::kReceiving ? read_limit : write_limit)) {
          ::shutdown(conn->fd, SHUT_RDWR);
          conn->reaped = true;
        }
      }
    }
  }

  const ServeOptions& options_;
  serve::Api* api_;
  serve::Metrics* metrics_;
  std::ostream& log_;
  HostCheck hosts_;
  std::vector<std::regex> patterns_;  // of Api::Routes(), in order
  WorkerPool pool_;
  MHD_Daemon* daemon_ = nullptr;
  std::mutex conns_mu_;
  std::set<Conn*> conns_;
  std::condition_variable reaper_cv_;
  bool stop_reaper_ = false;  // under conns_mu_
  std::thread reaper_;
};

// A socket bound to `address` and listening; `*port` is the port it got.
Result<int> Listen(const ListenAddress& address, int* port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(address.port);
  if (int rc = getaddrinfo(address.host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return IoError("cannot resolve '" + address.host + "': " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, &freeaddrinfo);
  int err = 0;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
      err = errno;
      continue;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (a->ai_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 128) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) != 0) {
      err = errno;
      ::close(fd);
      continue;
    }
    *port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                              : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return fd;
  }
  return IoError(std::strerror(err));
}

// Connections served at once: kMaxConnections, or fewer when the limit on
// open files is low (each takes two descriptors: the socket and the
// reaper's duplicate). Raises the soft limit to the hard one first.
unsigned ConnectionLimit() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return 64;
  if (files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  if (files.rlim_cur == RLIM_INFINITY) return kMaxConnections;
  const rlim_t spare = files.rlim_cur > 128 ? (files.rlim_cur - 128) / 2 : 16;
  return static_cast<unsigned>(std::min<rlim_t>(kMaxConnections, spare));
}

}  // namespace

Result<ListenAddress> ParseListen(const std::string& listen) {
  ListenAddress a;
  std::string port;
  if (!listen.empty() && listen[0] == '[') {
    size_t close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      return InvalidArgument("--listen '" + listen + "': want [IPV6]:PORT");
    }
    a.host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else if (size_t colon = listen.rfind(':'); colon != std::string::npos) {
    a.host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  } else {
    port = listen;
  }
  if (a.host.empty()) a.host = "127.0.0.1";
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    return InvalidArgument("--listen '" + listen + "': the port must be a number 0-65535");
  }
  a.port = std::stoi(port);
  return a;
}

Status Serve(const ServeOptions& options, std::ostream& log) {
  ASSIGN_OR_RETURN(ListenAddress address, ParseListen(options.listen));
  {
    // Create or migrate the schema once, before any worker opens it; a
    // server without a token writes nothing, not even that.
    Result<std::unique_ptr<Store>> store = OpenStore(options.db, serve::StoreAccessOf(options));
    if (!store.ok()) return store.status();  // it names the database
  }
  ASSIGN_OR_RETURN(DataDir data, DataDir::Find(options.data_dir));
  ASSIGN_OR_RETURN(std::unique_ptr<Cleaner> cleaner, Cleaner::Create(data));
  ASSIGN_OR_RETURN(std::unique_ptr<ClaimExtractor> extractor, ClaimExtractor::Create(data));

  // The webhook starts before any request can raise an alert, so that none
  // raised by this server is missed (warta/webhook.h: Start).
  std::unique_ptr<Webhook> webhook;
  if (!options.webhook_url.empty()) {
    if (options.token.empty()) {
      return InvalidArgument("--webhook needs writes enabled (--token): only ingest raises alerts");
    }
    if (IsPostgresUrl(options.db)) {
      return InvalidArgument("--webhook: a PostgreSQL database keeps no alerts yet");
    }
    WebhookOptions hook;
    hook.url = options.webhook_url;
    hook.token = options.webhook_token;
    webhook = std::make_unique<Webhook>(std::move(hook));
    ASSIGN_OR_RETURN(std::unique_ptr<WatchState> state, OpenWatchState(options.db));
    RETURN_IF_ERROR(webhook->Start(state.get(), static_cast<int64_t>(std::time(nullptr)))
                        .WithContext("--webhook"));
  }

  serve::Metrics metrics;
  ASSIGN_OR_RETURN(serve::ApiData api_data, serve::LoadApiData(data));
  serve::Api api(options, &api_data, cleaner.get(), extractor.get(), &metrics);

  // Block the stop signals in this thread, and so in every thread started
  // from here on; they are taken by sigwait below.
  sigset_t stop_signals, old_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);

  int port = 0;
  Result<int> listener = Listen(address, &port);
  if (!listener.ok()) {
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    return IoError("cannot listen on " + options.listen + ": " + listener.status().message());
  }
  const std::string shown_host =
      address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host;
  log << "warta serve: listening on http://" << shown_host << ':' << port << "/ (database "
      << StoreLocationForDisplay(options.db) << ", writes "
      << (options.token.empty() ? "disabled" : "need the token") << ")" << std::endl;
  // Started after the line above, which scripts wait for, so that its own
  // lines never interleave with it; before any request is served. Only when
  // writes are enabled: a server without a token writes nothing, and
  // ledgers are then kept by the processes that ingest.
  std::optional<LedgerRefresher> ledgers;
  if (!options.token.empty()) {
    ledgers.emplace(options.db, &metrics, log, std::move(webhook));
    api.OnStoriesChanged([&ledgers] { ledgers->Wake(); });
  }

  // Documents an interrupted ingest stored without a story are assigned in
  // the background; requests are served meanwhile (writes wait for it).
  std::atomic<bool> stopping{false};
  std::thread resume;
  if (!options.token.empty()) {
    resume = std::thread([&api, &stopping, &log] {
      const auto start = std::chrono::steady_clock::now();
      Result<StoryStageStats> done = api.AssignWaitingStories(&stopping);
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
      if (!done.ok()) {
        log << ("warta serve: assigning stored documents to stories: " + done.status().ToString() +
                "\n")
            << std::flush;
      } else if (done->assigned > 0) {
        log << ("warta serve: assigned " + std::to_string(done->assigned) +
                " stored documents that had no story in " + std::to_string(ms) + " ms\n")
            << std::flush;
      }
    });
  }

  Status status;
  {
    HttpServer server(options, &api, &metrics, log);
    status = server.Start(*listener, ConnectionLimit());
    if (status.ok()) {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      log << "warta serve: signal " << sig << ", stopping" << std::endl;
      server.Stop();
    }
  }
  stopping.store(true);
  if (resume.joinable()) resume.join();
  if (ledgers) ledgers->Stop();
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  if (!status.ok()) return status;
  log << "warta serve: stopped" << std::endl;
  return Status::Ok();
}

}  // namespace warta
