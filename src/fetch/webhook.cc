// Webhook delivery of alerts (webhook.h). Tested by webhook_test.cc (the
// HMAC against RFC 4231's vectors) and tests/fetch_test.cc (a loopback
// receiver that checks signatures and fails before it takes).
#include "warta/webhook.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>

#include "warta/alerts.h"

namespace warta {

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // A zero-length key is passed as a non-null pointer: HMAC() reads a null
  // key as "reuse the previous one".
  static const unsigned char kEmpty = 0;
  HMAC(EVP_sha256(), key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data()),
       static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

namespace {

FetchOptions PostOptions(const WebhookOptions& o) {
  FetchOptions f;
  f.user_agent = o.user_agent;
  f.timeout_ms = o.timeout_ms;
  f.connect_timeout_ms = o.timeout_ms;
  f.max_bytes = 1u << 20;  // the receiver's answer is read, never kept
  f.max_redirects = 0;
  return f;
}

// Whether a failed POST may pass later: no answer, a timeout, 429 or 5xx.
bool Retryable(const Result<HttpResponse>& r) {
  if (!r.ok()) return true;
  return r->status == 429 || r->status >= 500;
}

}  // namespace

Webhook::Webhook(WebhookOptions options)
    : options_(std::move(options)), client_(PostOptions(options_)) {}

std::vector<std::string> Webhook::Headers(const std::string& body, int64_t seq) const {
  std::vector<std::string> h = {"Content-Type: application/json",
                                "X-Warta-Alert: " + std::to_string(seq)};
  if (!options_.token.empty()) {
    h.push_back("X-Warta-Signature: sha256=" + HmacSha256Hex(options_.token, body));
  }
  h.push_back("Expect:");  // no "100 Continue" round trip for a large alert
  return h;
}

Status Webhook::Start(WatchState* state, int64_t now) {
  ASSIGN_OR_RETURN(std::optional<WebhookState> known, state->GetWebhook(options_.url));
  if (known) return Status::Ok();
  WebhookState w;
  w.url = options_.url;
  ASSIGN_OR_RETURN(w.delivered_seq, state->LastAlertSeq());
  w.updated_at = now;
  return state->PutWebhook(w);
}

Result<WebhookRun> Webhook::Deliver(WatchState* state, Store* store, int64_t now) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(options_.budget_ms);
  ASSIGN_OR_RETURN(std::optional<WebhookState> known, state->GetWebhook(options_.url));
  WebhookState w;
  if (known) {
    w = *known;
  } else {
    w.url = options_.url;
  }
  WebhookRun run;
  constexpr size_t kPage = 100;
  while (run.error.empty()) {
    ASSIGN_OR_RETURN(std::vector<Alert> page, state->AlertsAfter(w.delivered_seq, kPage));
    if (page.empty()) break;
    for (const Alert& a : page) {
      std::string label;
      if (store != nullptr) {
        Result<std::optional<StoryRecord>> story = store->GetStory(a.story_id);
        if (story.ok() && *story) label = (*story)->label;
      }
      const std::string body = AlertToJson(a, label);
      const std::vector<std::string> headers = Headers(body, a.seq);
      int64_t pause = options_.backoff_ms;
      for (int attempt = 1;; ++attempt) {
        Result<HttpResponse> got = client_.Post(options_.url, body, headers);
        ++run.posts;
        if (got.ok() && got->status >= 200 && got->status < 300) break;
        const std::string why =
            got.ok() ? HttpStatusError(options_.url, *got).message() : got.status().message();
        if (!Retryable(got) || attempt >= options_.tries ||
            Clock::now() + std::chrono::milliseconds(pause) > deadline) {
          run.error = "alert " + std::to_string(a.seq) + " not delivered after " +
                      std::to_string(attempt) + (attempt == 1 ? " try: " : " tries: ") + why;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(pause));
        pause *= 2;
      }
      if (!run.error.empty()) break;
      w.delivered_seq = a.seq;
      w.failures = 0;
      w.last_error.clear();
      w.updated_at = now;
      RETURN_IF_ERROR(state->PutWebhook(w));
      ++run.delivered;
    }
  }
  if (!run.error.empty()) {
    ++w.failures;
    w.last_error = run.error;
    w.updated_at = now;
    RETURN_IF_ERROR(state->PutWebhook(w));
    ASSIGN_OR_RETURN(std::vector<Alert> left, state->AlertsAfter(w.delivered_seq, SIZE_MAX >> 1));
    run.pending = left.size();
  }
  return run;
}

}  // namespace warta
