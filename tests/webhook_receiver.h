// A webhook receiver on 127.0.0.1 for the tests and benchmarks of alert
// delivery (warta/webhook.h): cpp-httplib's server in the calling process,
// on a free port. It checks each POST's X-Warta-Signature against its own
// HMAC-SHA256 of the body (OpenSSL, computed here, not by Warta's code),
// answers with a status of the test's choosing, and keeps what it took.
//
//   WebhookReceiver hook("s3cret");
//   hook.FailNext(2);                       // 500, 500, then 200
//   ... warta ingest --webhook hook.Url() --webhook-token s3cret ...
//   hook.Taken()                            // the alerts answered 2xx
//
// Thread-safety: every method may be called while the server runs.
#ifndef WARTA_TESTS_WEBHOOK_RECEIVER_H_
#define WARTA_TESTS_WEBHOOK_RECEIVER_H_

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace warta_test {

class WebhookReceiver {
 public:
  struct Post {
    int64_t seq = 0;  // X-Warta-Alert
    std::string body;
    bool signed_right = false;  // X-Warta-Signature matched the body
    int status = 0;             // the answer given
    std::chrono::steady_clock::time_point at;
  };

  explicit WebhookReceiver(std::string token) : token_(std::move(token)) {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      Post p;
      p.seq = std::atoll(req.get_header_value("X-Warta-Alert").c_str());
      p.body = req.body;
      p.signed_right = req.get_header_value("X-Warta-Signature") == "sha256=" + Hmac(req.body);
      p.at = std::chrono::steady_clock::now();
      std::lock_guard<std::mutex> lock(mu_);
      p.status = fail_all_ ? 500 : fail_next_ > 0 ? (--fail_next_, fail_status_) : 200;
      res.status = p.status;
      res.set_content(p.status == 200 ? "{\"ok\":true}" : "{\"error\":\"try later\"}",
                      "application/json");
      posts_.push_back(std::move(p));
      cv_.notify_all();
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~WebhookReceiver() {
    server_.stop();
    thread_.join();
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

  // The next `n` POSTs are answered `status`.
  void FailNext(int n, int status = 500) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_next_ = n;
    fail_status_ = status;
  }
  // Every POST is answered 500 until called with false.
  void FailAll(bool fail) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_all_ = fail;
  }

  std::vector<Post> Posts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return posts_;
  }
  // The POSTs answered 200, in arrival order.
  std::vector<Post> Taken() const {
    std::vector<Post> taken;
    for (Post& p : Posts()) {
      if (p.status == 200) taken.push_back(std::move(p));
    }
    return taken;
  }
  // Waits until `n` POSTs were answered 200 or `patience` has passed.
  bool WaitForTaken(size_t n, std::chrono::milliseconds patience) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, patience, [&] {
      size_t taken = 0;
      for (const Post& p : posts_) taken += p.status == 200;
      return taken >= n;
    });
  }

 private:
  std::string Hmac(const std::string& body) const {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), token_.data(), static_cast<int>(token_.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
      hex += kHex[digest[i] >> 4];
      hex += kHex[digest[i] & 0xF];
    }
    return hex;
  }

  std::string token_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Post> posts_;
  int fail_next_ = 0;
  int fail_status_ = 500;
  bool fail_all_ = false;
};

}  // namespace warta_test

#endif  // WARTA_TESTS_WEBHOOK_RECEIVER_H_
