// HttpClient on libcurl's easy interface (Debian's libcurl4-openssl-dev):
// limits, headers of the last response, and errors in words naming the URL.
//
// The size cap is enforced twice: CURLOPT_MAXFILESIZE_LARGE refuses a
// response whose Content-Length is over it before any body byte, and the
// write callback stops a body that grows past it (chunked, or compressed:
// the cap counts decompressed bytes, so a small gzip bomb is stopped too).
// Headers of every response are seen, redirects included; a new status line
// starts the set afresh, so the fields are those of the last response.
//
// Tested by tests/fetch_test.cc.
#include <curl/curl.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "ascii.h"
#include "warta/fetch.h"
#include "warta/read.h"

namespace warta {
namespace {

using fetch_internal::Lower;
using fetch_internal::Trim;

// "text/html; charset=\"ISO-8859-1\"" -> "iso-8859-1".
std::string CharsetOf(std::string_view content_type) {
  std::string lower = Lower(content_type);
  size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string_view v = std::string_view(lower).substr(at + 8);
  v = Trim(v);
  if (!v.empty() && (v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
  size_t end = v.find_first_of("\"'; ,");
  return std::string(v.substr(0, end));
}

struct Transfer {
  HttpResponse* response;
  size_t max_bytes;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  if (t->response->body.size() + bytes > t->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer: CURLE_WRITE_ERROR
  }
  t->response->body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  std::string_view line(data, bytes);
  if (line.substr(0, 5) == "HTTP/") {
    // A new response (after a redirect, or after "100 Continue").
    HttpResponse& r = *t->response;
    r.content_type.clear();
    r.charset.clear();
    r.last_modified.clear();
    r.date.clear();
    r.etag.clear();
    r.retry_after.clear();
    return bytes;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  const std::string name = Lower(Trim(line.substr(0, colon)));
  const std::string value(Trim(line.substr(colon + 1)));
  HttpResponse& r = *t->response;
  if (name == "content-type") {
    r.content_type = value;
    r.charset = CharsetOf(value);
  } else if (name == "last-modified") {
    r.last_modified = value;
  } else if (name == "date") {
    r.date = value;
  } else if (name == "etag") {
    r.etag = value;
  } else if (name == "retry-after") {
    r.retry_after = value;
  }
  return bytes;
}

std::string Seconds(long ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  return buf;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string UserAgent(const std::string& contact) {
  std::string ua = std::string("Warta/") + WARTA_FETCH_VERSION;
  if (contact.empty()) return ua;
  const bool url = contact.find("://") != std::string::npos;
  return ua + " (+" + (url || contact.rfind("mailto:", 0) == 0 ? "" : "mailto:") + contact + ")";
}

HttpClient::HttpClient(FetchOptions options) : options_(std::move(options)) {
  GlobalInit();
  if (options_.user_agent.empty()) options_.user_agent = UserAgent("");
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Result<HttpResponse> HttpClient::Get(const std::string& url, const Validators& validators) {
  std::vector<std::string> headers;
  if (!validators.etag.empty()) headers.push_back("If-None-Match: " + validators.etag);
  if (!validators.last_modified.empty()) {
    headers.push_back("If-Modified-Since: " + validators.last_modified);
  }
  return Perform(url, headers, nullptr);
}

Result<HttpResponse> HttpClient::Post(const std::string& url, const std::string& body,
                                      const std::vector<std::string>& headers) {
  return Perform(url, headers, &body);
}

Result<HttpResponse> HttpClient::Perform(const std::string& url,
                                         const std::vector<std::string>& header_lines,
                                         const std::string* post_body) {
  CURL* c = static_cast<CURL*>(curl_);
  if (c == nullptr) return Internal(url + ": libcurl could not start a transfer");
  curl_easy_reset(c);
  HttpResponse response;
  Transfer transfer{&response, options_.max_bytes};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, post_body == nullptr ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, options_.max_redirects);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_bytes));
  curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
  if (post_body != nullptr) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body->data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
  }
  struct curl_slist* headers = nullptr;
  for (const std::string& h : header_lines) headers = curl_slist_append(headers, h.c_str());
  if (headers != nullptr) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);

  char* effective = nullptr;
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
  response.final_url = effective != nullptr ? effective : url;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  if (rc == CURLE_OK) return response;

  const std::string cap = std::to_string(options_.max_bytes) + " bytes";
  switch (rc) {
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      if (transfer.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        return ResourceExhausted(url + ": page over the size limit of " + cap +
                                 " (--max-bytes); the transfer was aborted");
      }
      break;
    case CURLE_OPERATION_TIMEDOUT:
      return IoError(url + ": timed out after " + Seconds(options_.timeout_ms) +
                         " (--timeout), " + std::to_string(response.body.size()) +
                         " bytes received");
    case CURLE_TOO_MANY_REDIRECTS:
      return InvalidArgument(url + ": more than " + std::to_string(options_.max_redirects) +
                             " redirects (a redirect loop?), the last to " + response.final_url);
    case CURLE_UNSUPPORTED_PROTOCOL:
      return InvalidArgument(url + ": only http and https URLs are fetched");
    case CURLE_URL_MALFORMAT:
      return InvalidArgument(url + ": not a URL");
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      return IoError(url + ": " + curl_easy_strerror(rc) + " (within the connect timeout of " +
                         Seconds(options_.connect_timeout_ms) + ")");
    default:
      break;
  }
  return IoError(url + ": " + curl_easy_strerror(rc));
}

Status HttpStatusError(const std::string& url, const HttpResponse& response) {
  if (response.status >= 200 && response.status < 300) return Status::Ok();
  std::string reason;
  switch (response.status) {
    case 304: reason = " Not Modified"; break;
    case 403: reason = " Forbidden"; break;
    case 404: reason = " Not Found"; break;
    case 410: reason = " Gone"; break;
    case 429: reason = " Too Many Requests"; break;
    case 500: reason = " Internal Server Error"; break;
    case 502: reason = " Bad Gateway"; break;
    case 503: reason = " Service Unavailable"; break;
    default: break;
  }
  std::string m = url + ": HTTP " + std::to_string(response.status) + reason;
  if (response.final_url != url) m += " from " + response.final_url;
  if (response.status == 404 || response.status == 410) return NotFound(m);
  return IoError(m);
}

RawArticle ArticleFromResponse(const std::string& url, HttpResponse response) {
  RawArticle raw;
  raw.id = EscapeId(url);
  raw.origin = url;
  raw.url = response.final_url;
  const std::string type = Lower(response.content_type);
  raw.kind = type.rfind("text/plain", 0) == 0 ? ContentKind::kText : ContentKind::kHtml;
  raw.charset = response.charset;
  raw.content = std::move(response.body);
  return raw;
}

std::string UrlHost(const std::string& url) {
  CURLU* h = curl_url();
  std::string host;
  if (curl_url_set(h, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* scheme = nullptr;
    char* name = nullptr;
    char* port = nullptr;
    if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        (std::string_view(scheme) == "http" || std::string_view(scheme) == "https") &&
        curl_url_get(h, CURLUPART_HOST, &name, 0) == CURLUE_OK) {
      host = Lower(name);
      if (curl_url_get(h, CURLUPART_PORT, &port, 0) == CURLUE_OK) host += ":" + std::string(port);
    }
    curl_free(scheme);
    curl_free(name);
    curl_free(port);
  }
  curl_url_cleanup(h);
  return host;
}

std::string ResolveUrl(const std::string& base, const std::string& ref) {
  CURLU* h = curl_url();
  std::string out;
  if (curl_url_set(h, CURLUPART_URL, base.c_str(), 0) == CURLUE_OK &&
      curl_url_set(h, CURLUPART_URL, ref.c_str(), 0) == CURLUE_OK) {
    char* full = nullptr;
    if (curl_url_get(h, CURLUPART_URL, &full, 0) == CURLUE_OK) out = full;
    curl_free(full);
  }
  curl_url_cleanup(h);
  return out;
}

}  // namespace warta
