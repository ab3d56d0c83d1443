// robots.txt (RFC 9309) as far as a polite fetcher needs it: the group of
// rules for our user agent, Allow/Disallow by longest match, Crawl-delay.
//
//   warta::Robots robots = warta::Robots::Parse(body, "Warta");
//   if (!robots.Allowed("/news/a.html?x=1")) ...   // path and query
//   robots.crawl_delay_ms()                          // -1 when not given
//
// The group: the one whose User-agent line names our product token (case
// folded: "User-agent: warta" or "User-agent: Warta/0.1" for "Warta"),
// else the "*" group; several groups naming the same agent merge. Rules:
// the longest matching pattern wins, Allow over Disallow when equally long;
// "*" matches any run of characters and a final "$" anchors the end; an
// empty Disallow allows all. Lines are "field: value # comment", fields case
// folded; unknown fields (Sitemap, Host) are skipped. No robots.txt (a 4xx)
// allows everything: Robots::AllowAll().
//
// Tested by robots_test.cc. Thread-safety: a value.
#ifndef WARTA_SRC_FETCH_ROBOTS_H_
#define WARTA_SRC_FETCH_ROBOTS_H_

#include <string>
#include <string_view>
#include <vector>

namespace warta {

class Robots {
 public:
  static Robots Parse(std::string_view body, std::string_view product);
  static Robots AllowAll() { return Robots(); }
  static Robots DisallowAll();

  // `path`: the URL's path and query ("/a/b?c"), as sent; "" is "/".
  bool Allowed(std::string_view path) const;
  long crawl_delay_ms() const { return crawl_delay_ms_; }

 private:
  struct Rule {
    std::string pattern;
    bool allow = false;
  };
  std::vector<Rule> rules_;
  long crawl_delay_ms_ = -1;
};

// "/a/b?c" of "http://host:1/a/b?c#d"; "/" when the URL has no path.
std::string UrlPathAndQuery(std::string_view url);

}  // namespace warta

#endif  // WARTA_SRC_FETCH_ROBOTS_H_
