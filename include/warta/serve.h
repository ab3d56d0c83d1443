// The server: the HTTP JSON API and the web page, over a store.
//
//   warta::ServeOptions options;
//   options.db = "warta.db";
//   options.listen = "127.0.0.1:8080";      // loopback unless told otherwise
//   options.token = getenv("WARTA_TOKEN");  // empty: every write is refused
//   warta::Status s = warta::Serve(options, std::cerr);  // until SIGTERM
//
// Routes (docs/api.md, and /openapi.json served by the server itself):
//   GET  /api/stories, /api/stories/{id}, /api/documents, /api/documents/{id},
//        /api/claims, /api/ledger, /api/places, /api/search, /healthz,
//        /metrics, /openapi.json, / and its assets
//   POST /api/ingest   JSON Lines of articles; `Authorization: Bearer TOKEN`;
//                      stores them with their claims and assigns stories
//
// Every error is JSON: {"error": "message"} with a 4xx or 5xx status.
// Everything the page shows from articles is set as text, never as markup;
// responses carry a Content-Security-Policy that allows only the server's own
// scripts and styles. The page's files are compiled into the binary.
//
// Limits (docs/api.md, "Limits"): the route, Host, token and declared size of
// a request are checked on its headers, before its body is read; request
// line and headers are held to 64 KiB (431), bodies to max_body_bytes
// (413), a request to read_timeout_seconds from its first byte and a
// response to write_timeout_seconds; a Host other than an IP literal,
// localhost or one of allowed_hosts is refused (421).
//
// Thread-safety: Serve runs libmicrohttpd's event loop on one thread and the
// handlers on `threads` workers; each worker thread opens its own Store (SQLite connections are used by one thread at a time)
// and writes are serialised by one mutex. Serve blocks SIGTERM and SIGINT in
// the calling thread (and so in the threads it starts) and waits for them on a
// thread of its own: call it from the main thread of a process that has no
// other use for those signals.
#ifndef WARTA_SERVE_H_
#define WARTA_SERVE_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "warta/status.h"

namespace warta {

struct ServeOptions {
  std::string db = "warta.db";      // SQLite path or postgresql:// URL
  std::string data_dir;             // empty: found by DataDir::Find
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  std::string token;                // bearer token for writes; empty: no writes
  size_t threads = 8;               // worker threads
  size_t max_body_bytes = 32u << 20;  // larger request bodies get 413
  int read_timeout_seconds = 10;    // to receive a whole request
  int write_timeout_seconds = 30;   // for the client to take a whole response
  // Host names served besides IP literals and localhost (--allow-host).
  std::vector<std::string> allowed_hosts;
  // New alerts raised by POST /api/ingest are POSTed here (warta/webhook.h)
  // by the background thread that stores ledgers; empty: no webhook.
  std::string webhook_url;
  std::string webhook_token;  // the signature's key; empty: unsigned
};

// "127.0.0.1:8080", "[::1]:8080", ":8080" (loopback) or "8080".
struct ListenAddress {
  std::string host;
  int port = 0;
};
Result<ListenAddress> ParseListen(const std::string& listen);

// Opens the store (creating the schema if needed), binds, logs
// "warta serve: listening on http://HOST:PORT" to `log` (with a token, then
// assigns stories, in the background, to stored documents an interrupted
// ingest left without one) and serves until the
// process gets SIGTERM or SIGINT; then finishes the requests in flight and
// returns OK (the requests handed to workers are answered; connections
// still sending a request are closed). A bind failure or an unusable store or data folder is returned
// before serving starts. `log` gets one line per start, stop and 5xx error; it
// must outlive the call.
Status Serve(const ServeOptions& options, std::ostream& log);

}  // namespace warta

#endif  // WARTA_SERVE_H_
