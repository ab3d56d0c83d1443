// Fetching pages over HTTP(S): one libcurl handle with Warta's limits.
//
//   warta::HttpClient client({.user_agent = warta::UserAgent("desk@example.org")});
//   ASSIGN_OR_RETURN(warta::HttpResponse r, client.Get("https://news.example/a"));
//   if (r.status == 200) ... r.body, r.final_url, r.charset, r.last_modified
//
// Every transfer: http and https only (a redirect elsewhere fails), compressed
// transfer accepted (gzip, deflate and what libcurl was built with), at most
// `max_redirects` redirects, a connect and a total timeout, and at most
// `max_bytes` of body after decompression: a larger page is aborted as soon
// as its Content-Length or its bytes pass the cap, never held whole.
//
// Errors: a transfer that fails (refused, timed out, too many redirects,
// too large, a bad URL) is a Status whose message names the URL and the
// cause in words ("http://x/slow: timed out after 1.0 s (total timeout)").
// An HTTP error status is not a failure of Get: the response comes back
// with its status, for the caller to judge (HttpStatusError turns a non-2xx
// status into the error `warta fetch` prints).
//
// Tested by tests/fetch_test.cc against a loopback fixture site.
//
// Thread-safety: one HttpClient per thread.
#ifndef WARTA_FETCH_H_
#define WARTA_FETCH_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "warta/document.h"
#include "warta/status.h"

namespace warta {

struct FetchOptions {
  std::string user_agent;          // empty: UserAgent("")
  long connect_timeout_ms = 10000;
  long timeout_ms = 30000;         // the whole transfer, redirects included
  size_t max_bytes = 32u << 20;    // the read stage's article limit
  long max_redirects = 5;
};

// "Warta/0.1.0 (+mailto:desk@example.org)"; without a contact "Warta/0.1.0".
// `contact` is an address or URL that tells a site's owner whom to ask.
std::string UserAgent(const std::string& contact);

// Validators of an earlier response, for a conditional GET: sent as
// If-None-Match and If-Modified-Since when not empty.
struct Validators {
  std::string etag;
  std::string last_modified;
};

struct HttpResponse {
  long status = 0;             // of the last response, after redirects
  std::string final_url;       // the URL the body came from
  std::string content_type;    // as sent, e.g. "text/html; charset=ISO-8859-1"
  std::string charset;         // from content_type, lower case; "" when none
  std::string last_modified;   // headers as sent, "" when absent
  std::string date;
  std::string etag;
  std::string retry_after;
  std::string body;            // decompressed
};

class HttpClient {
 public:
  explicit HttpClient(FetchOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GETs `url` (conditionally with `validators`). See the header comment
  // for errors.
  Result<HttpResponse> Get(const std::string& url, const Validators& validators = {});

  // POSTs `body` to `url` with the request headers `headers` ("Name: value"
  // each); redirects are not followed. Errors as for Get; any status is a
  // response (HttpStatusError tells a 2xx from the rest).
  Result<HttpResponse> Post(const std::string& url, const std::string& body,
                            const std::vector<std::string>& headers);

  const FetchOptions& options() const { return options_; }

 private:
  // One transfer: a GET with `headers`, or a POST of `*post_body`.
  Result<HttpResponse> Perform(const std::string& url, const std::vector<std::string>& headers,
                               const std::string* post_body);

  FetchOptions options_;
  void* curl_;  // CURL*, reused so connections to one host are kept alive
};

// OK for a 2xx status; else "HTTP 500 Internal Server Error" naming `url`.
Status HttpStatusError(const std::string& url, const HttpResponse& response);

// The article a fetched page makes for the ingest path: id = EscapeId(url),
// origin = url, url = the final URL, kind html unless the Content-Type says
// text/plain, charset = the header's (the page's own declaration still wins
// when cleaning, see src/clean/page_encoding.cc).
RawArticle ArticleFromResponse(const std::string& url, HttpResponse response);

// The host of an http(s) URL, lower case ("news.example:8080" keeps its
// port); "" when `url` is not one.
std::string UrlHost(const std::string& url);

// `ref` resolved against `base` ("../b.html" on "http://x/a/c.xml" ->
// "http://x/b.html"); "" when either cannot be parsed.
std::string ResolveUrl(const std::string& base, const std::string& ref);

}  // namespace warta

#endif  // WARTA_FETCH_H_
