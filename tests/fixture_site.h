// A fixture web site on 127.0.0.1 for the tests of `warta fetch` and
// `warta watch`: cpp-httplib's server (Debian's libcpp-httplib-dev) in the
// test process, on a free port, with a request log and pages that are
// either fixed or made by a handler (slow, failing, redirecting, huge).
//
//   FixtureSite site;
//   site.Page("/a.html", "<html>...</html>");
//   site.Handle("/slow", [](const httplib::Request&, httplib::Response& res) { ... });
//   site.Url("/a.html")  -> "http://127.0.0.1:PORT/a.html"
//   site.Count("/a.html"), site.Log()
//
// The server compresses text responses itself when the client accepts it
// (the Debian build has zlib and brotli support).
//
// Thread-safety: pages may be changed while the server runs.
#ifndef WARTA_TESTS_FIXTURE_SITE_H_
#define WARTA_TESTS_FIXTURE_SITE_H_

#include <httplib.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace warta_test {

struct LoggedRequest {
  std::string path;   // with the query: "/p?id=1"
  std::string user_agent, accept_encoding, if_none_match, if_modified_since;
  std::chrono::steady_clock::time_point at;
};

class FixtureSite {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  FixtureSite() {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::string path = req.path;
      if (!req.params.empty()) {
        std::string query;
        for (const auto& [k, v] : req.params) query += (query.empty() ? "?" : "&") + k + "=" + v;
        path += query;
      }
      Handler handler;
      {
        std::lock_guard<std::mutex> lock(mu_);
        log_.push_back({path, req.get_header_value("User-Agent"),
                        req.get_header_value("Accept-Encoding"),
                        req.get_header_value("If-None-Match"),
                        req.get_header_value("If-Modified-Since"),
                        std::chrono::steady_clock::now()});
        auto it = handlers_.find(path);
        if (it == handlers_.end()) it = handlers_.find(req.path);
        if (it != handlers_.end()) handler = it->second;
      }
      if (handler) {
        handler(req, res);
      } else {
        res.status = 404;
        res.set_content("not found", "text/plain");
      }
    });
    server_.set_logger([this](const httplib::Request&, const httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      encodings_.push_back(res.get_header_value("Content-Encoding"));
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~FixtureSite() {
    server_.stop();
    thread_.join();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string Host() const { return "127.0.0.1:" + std::to_string(port_); }

  void Handle(const std::string& path, Handler handler) {
    std::lock_guard<std::mutex> lock(mu_);
    handlers_[path] = std::move(handler);
  }
  // A fixed page; `headers` added to each response.
  void Page(const std::string& path, std::string body, std::string type = "text/html",
            std::map<std::string, std::string> headers = {}) {
    Handle(path, [body, type, headers](const httplib::Request&, httplib::Response& res) {
      for (const auto& [k, v] : headers) res.set_header(k.c_str(), v);
      res.set_content(body, type.c_str());
    });
  }

  std::vector<LoggedRequest> Log() const {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }
  int Count(const std::string& path) const {
    std::lock_guard<std::mutex> lock(mu_);
    int n = 0;
    for (const LoggedRequest& r : log_) n += r.path == path;
    return n;
  }
  std::vector<std::string> ResponseEncodings() const {
    std::lock_guard<std::mutex> lock(mu_);
    return encodings_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::map<std::string, Handler> handlers_;
  std::vector<LoggedRequest> log_;
  std::vector<std::string> encodings_;
};

// A news page with a title and a few paragraphs the cleaner keeps.
inline std::string ArticlePage(const std::string& title, const std::string& sentence,
                               const std::string& head_extra = "") {
  std::string body;
  for (int i = 0; i < 4; ++i) {
    body += "<p>" + sentence + " Paragraph " + std::to_string(i + 1) +
            " of the report adds what officials said about the matter on Tuesday.</p>\n";
  }
  return "<!DOCTYPE html><html><head>" + head_extra + "<title>" + title +
         "</title></head><body><article><h1>" + title + "</h1>\n" + body +
         "</article></body></html>\n";
}

}  // namespace warta_test

#endif  // WARTA_TESTS_FIXTURE_SITE_H_
