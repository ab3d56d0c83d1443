// Webhooks: each new alert (warta/alerts.h) POSTed as JSON to a URL the
// user gives (`--webhook URL` on watch, fetch, ingest, worker and serve),
// signed so the receiver can tell it came from this Warta.
//
//   warta::WebhookOptions options;
//   options.url = "http://127.0.0.1:9000/hook";
//   options.token = "s3cret";
//   warta::Webhook hook(options);
//   RETURN_IF_ERROR(hook.Start(state.get(), now));   // before alerts are raised
//   ... RaiseAlerts(...) ...
//   ASSIGN_OR_RETURN(warta::WebhookRun run, hook.Deliver(state.get(), store.get(), now));
//
// What is sent: one POST per alert, oldest first, its body AlertToJson of
// the alert (with its story's label), with the headers
//   Content-Type: application/json
//   X-Warta-Alert: 42                        (the alert's seq)
//   X-Warta-Signature: sha256=<hex>          (HMAC-SHA256 of the body, keyed by the token)
// The signature is left out when there is no token.
//
// Delivery: the state remembers, per URL, the newest alert delivered
// (table webhook_deliveries); every alert after it is pending. An answer
// 2xx delivers it; a 5xx, a 429, no answer, or a timeout is tried again
// after `backoff_ms`, doubling, up to `tries` POSTs; any other status (a
// 4xx: the receiver refuses it) is given up at once, as are the tries when
// the run has used `budget_ms`. An alert not delivered stays pending with
// every alert after it, in order: the next run (the next poll of `watch`,
// the next `ingest`) starts there, so no alert is lost; one is sent twice
// only when a run is killed between the receiver's answer and the state's
// update (the receiver can tell by X-Warta-Alert).
//
// Thread-safety: one Webhook per thread.
#ifndef WARTA_WEBHOOK_H_
#define WARTA_WEBHOOK_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "warta/fetch.h"
#include "warta/status.h"
#include "warta/store.h"
#include "warta/watch_state.h"

namespace warta {

// HMAC-SHA256 (RFC 2104) of `message` keyed by `key`, as 64 lower-case hex
// digits (OpenSSL's libcrypto).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

struct WebhookOptions {
  std::string url;
  std::string token;          // the HMAC key; empty: no X-Warta-Signature
  int tries = 4;              // POSTs of one alert per run
  int64_t backoff_ms = 250;   // pause after the first failure, doubling
  int64_t budget_ms = 10000;  // a run's time for retries: no retry starts after it
  long timeout_ms = 3000;     // one POST, connecting included
  std::string user_agent;     // empty: UserAgent("")
};

struct WebhookRun {
  size_t delivered = 0;  // alerts the receiver took
  size_t posts = 0;      // requests sent, retries included
  size_t pending = 0;    // alerts left for the next run (0 when all went)
  std::string error;     // why the run stopped short; "" when nothing is pending
};

class Webhook {
 public:
  explicit Webhook(WebhookOptions options);

  const WebhookOptions& options() const { return options_; }

  // The first time `url` is used with this database, its deliveries start
  // after the newest alert stored now: earlier alerts are not replayed.
  // Known URLs keep their pending alerts.
  Status Start(WatchState* state, int64_t now);

  // POSTs every pending alert, oldest first, recording each delivery; stops
  // at the first that cannot be delivered (see above). `store`, when given,
  // names each alert's story (story_label). Errors: only the state's (a
  // failed delivery is WebhookRun::error, not an error).
  Result<WebhookRun> Deliver(WatchState* state, Store* store, int64_t now);

  // The request headers of `body` ("Name: value" each).
  std::vector<std::string> Headers(const std::string& body, int64_t seq) const;

 private:
  WebhookOptions options_;
  HttpClient client_;
};

}  // namespace warta

#endif  // WARTA_WEBHOOK_H_
