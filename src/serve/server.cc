// The HTTP server: cpp-httplib plumbing around the handlers of api.cc.
//
// Serve opens the store once on the calling thread (creating or migrating the
// schema, so that the workers' own connections only ever open a ready
// database), loads the cleaner and claim extractor for ingest and the data
// of search and the map (api.h, ApiData), registers the
// route table of Api::Routes(), and runs httplib's thread pool.
//
// Every response passes through one wrapper: it times the handler for
// /metrics, catches what the handler throws, and adds the security headers
// (a Content-Security-Policy allowing only this server's own files, nosniff,
// no framing, no referrer). Responses httplib makes itself (no route, body too
// large) go through the error handler and come out as JSON too.
//
// Shutdown: SIGTERM and SIGINT are blocked before any thread starts and
// awaited with sigwait on a thread of their own, which calls Server::stop.
// stop closes the listening socket; listen_after_bind then lets the pool
// finish the requests in flight and returns. No work happens in a signal
// handler.
//
// Stored ledgers (warta/ledger_stage.h): when writes are enabled, a thread
// of its own, with its own store, builds the ledgers of stories that
// changed: at start, after each POST /api/ingest, and every kRefreshSeconds
// for what other processes wrote. Requests never wait for it and never
// write: a story not refreshed yet is built on request. A failure (the
// database read-only, locked or unreachable) is logged once and tried again
// next round.
//
// Tested by serve_test.cc, which starts `warta serve` and talks HTTP to it.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>

#include "api.h"
#include "metrics.h"
#include "warta/claim.h"
#include "warta/clean.h"
#include "warta/lang_data.h"
#include "warta/ledger_stage.h"
#include "warta/serve.h"
#include "warta/store.h"

namespace warta {
namespace {

constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

void AddSecurityHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-store");
}

// How often the ledger thread looks for stories other processes changed.
constexpr auto kRefreshSeconds = std::chrono::seconds(30);

// The thread that keeps stored ledgers current (see the top of this file).
class LedgerRefresher {
 public:
  LedgerRefresher(std::string db, serve::Metrics* metrics, std::ostream& log)
      : db_(std::move(db)), metrics_(metrics), log_(log), thread_([this] { Loop(); }) {}
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

  // A failure, said once rather than every round: a read-only file fails
  // the same way each time.
  void Report(const std::string& error) {
    if (error != last_error_) Log("storing ledgers: " + error);
    last_error_ = error;
  }

  // One write per line, so that lines of other threads do not cut it.
  void Log(const std::string& message) {
    log_ << ("warta serve: " + message + "\n") << std::flush;
  }

  std::string db_;
  std::string last_error_;  // the thread's own
  serve::Metrics* metrics_;
  std::ostream& log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;  // last: starts once the members above are made
};

serve::ApiRequest ToApiRequest(const httplib::Request& req) {
  serve::ApiRequest r;
  r.method = req.method;
  r.path = req.path;
  r.params = req.params;
  for (size_t i = 1; i < req.matches.size(); ++i) r.captures.push_back(req.matches[i].str());
  r.body = req.body;
  r.authorization = req.get_header_value("Authorization");
  return r;
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
    // Create or migrate the schema once, before any worker opens it.
    Result<std::unique_ptr<Store>> store = OpenStore(options.db);
    if (!store.ok()) return store.status().WithContext(options.db);
  }
  ASSIGN_OR_RETURN(DataDir data, DataDir::Find(options.data_dir));
  ASSIGN_OR_RETURN(std::unique_ptr<Cleaner> cleaner, Cleaner::Create(data));
  ASSIGN_OR_RETURN(std::unique_ptr<ClaimExtractor> extractor, ClaimExtractor::Create(data));

  serve::Metrics metrics;
  ASSIGN_OR_RETURN(serve::ApiData api_data, serve::LoadApiData(data));
  serve::Api api(options, &api_data, cleaner.get(), extractor.get(), &metrics);

  // Block the stop signals in this thread, and so in every thread started
  // from here on; they are taken by sigwait below.
  sigset_t stop_signals, old_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGUSR1);  // our own wake-up when listen fails
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);

  httplib::Server server;
  const size_t threads = options.threads > 0 ? options.threads : 8;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_write_timeout(options.write_timeout_seconds, 0);
  server.set_keep_alive_timeout(5);
  // httplib writes the headers and the body of a response separately; with
  // Nagle's algorithm on, the body then waits for the client's delayed ACK
  // (40 ms on Linux) on every kept-alive request. Measured with
  // bench/serve/run.sh (4 connections): /favicon.svg p50 43 ms before, 0.2 ms after.
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(options.max_body_bytes);

  for (const serve::Route& route : serve::Api::Routes()) {
    // `body`: the request body read by the POST route below, or null for
    // the one httplib read (none, for GET).
    auto run = [&api, &metrics, &log, &route](const httplib::Request& req, httplib::Response& res,
                                              std::string* body) {
      auto start = std::chrono::steady_clock::now();
      serve::ApiReply reply;
      try {
        serve::ApiRequest api_request = ToApiRequest(req);
        if (body) api_request.body = std::move(*body);
        reply = api.Handle(route, api_request);
      } catch (...) {  // building the request or the reply itself
        reply = serve::JsonError(500, "internal error");
      }
      try {
        res.status = reply.status;
        res.set_content(std::move(reply.body), reply.content_type.c_str());
        AddSecurityHeaders(res);
        if (reply.status >= 500)
          log << "warta serve: " << req.method << ' ' << req.path << ": " << res.status << ' '
              << res.body << std::endl;
      } catch (...) {
        res.status = 500;
      }
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      metrics.ObserveRequest(route.name, req.method, reply.status, seconds);
    };
    if (std::string(route.method) == "POST") {
      // The body is read by the handler, not by httplib beforehand: httplib
      // refuses a body over 8 KiB sent as application/x-www-form-urlencoded
      // (what `curl --data` sends) with 413, whatever the payload limit.
      // Read this way only set_payload_max_length applies, for every type.
      server.Post(route.pattern, [run](const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader& content_reader) {
        if (req.is_multipart_form_data()) {
          serve::ApiReply reply =
              serve::JsonError(415, "multipart form data: send JSON Lines, one article a line");
          res.status = reply.status;
          res.set_content(reply.body, reply.content_type.c_str());
          AddSecurityHeaders(res);
          return;
        }
        std::string body;
        bool read = content_reader([&body](const char* data, size_t length) {
          body.append(data, length);
          return true;
        });
        if (!read) {
          // Over the payload limit (httplib has set 413), or the client went away.
          const int status = res.status == 413 ? 413 : 400;
          serve::ApiReply reply = serve::JsonError(
              status, status == 413 ? "request body too large" : "request body not read");
          res.status = reply.status;
          res.set_content(reply.body, reply.content_type.c_str());
          AddSecurityHeaders(res);
          return;
        }
        run(req, res, &body);
      });
    } else {
      server.Get(route.pattern, [run](const httplib::Request& req, httplib::Response& res) {
        run(req, res, nullptr);
      });
    }
  }
  // Anything httplib answers by itself: no route (404), wrong method, body
  // too large (413), bad request (400). Handlers' own error bodies are kept.
  server.set_error_handler([&metrics](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const char* message = res.status == 404   ? "no such route"
                          : res.status == 413 ? "request body too large"
                          : res.status == 405 ? "method not allowed"
                                              : "bad request (malformed, or an unsupported method)";
    serve::ApiReply reply = serve::JsonError(res.status, message);
    res.set_content(reply.body, reply.content_type.c_str());
    AddSecurityHeaders(res);
    metrics.ObserveRequest("unmatched", req.method, res.status, 0);
  });
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        serve::ApiReply reply = serve::JsonError(500, "internal error");
        res.status = 500;
        res.set_content(reply.body, reply.content_type.c_str());
        AddSecurityHeaders(res);
      });

  int port = address.port;
  bool bound = false;
  if (port == 0) {
    port = server.bind_to_any_port(address.host);
    bound = port > 0;
  } else {
    bound = server.bind_to_port(address.host, port);
  }
  if (!bound) {
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    return IoError("cannot listen on " + options.listen);
  }
  std::string shown_host =
      address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host;
  log << "warta serve: listening on http://" << shown_host << ':' << port << "/ (database "
      << options.db << ", writes " << (options.token.empty() ? "disabled" : "need the token") << ")"
      << std::endl;
  // Started after the line above, which scripts wait for, so that its own
  // lines never interleave with it; before any request is served. Only when
  // writes are enabled: a server without a token writes nothing, and
  // ledgers are then kept by the processes that ingest.
  std::optional<LedgerRefresher> ledgers;
  if (!options.token.empty()) {
    ledgers.emplace(options.db, &metrics, log);
    api.OnStoriesChanged([&ledgers] { ledgers->Wake(); });
  }

  std::atomic<bool> listen_done{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (sig != SIGUSR1) log << "warta serve: signal " << sig << ", stopping" << std::endl;
    // stop() is a no-op until listen_after_bind has started: retry until done.
    while (!listen_done.load()) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  bool clean = server.listen_after_bind();
  listen_done.store(true);
  pthread_kill(waiter.native_handle(), SIGUSR1);
  waiter.join();
  if (ledgers) ledgers->Stop();
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  log << "warta serve: stopped" << std::endl;
  (void)clean;
  return Status::Ok();
}

}  // namespace warta
