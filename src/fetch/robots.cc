// The robots.txt parser and matcher of robots.h. Tested by robots_test.cc.
#include "robots.h"

#include <algorithm>
#include <cstdlib>

#include "ascii.h"

namespace warta {
namespace {

using fetch_internal::Lower;
using fetch_internal::Trim;

// Whether `pattern` matches a prefix of `path` ("*" any run, final "$" the
// end): "/news/*.html$" matches "/news/a.html", not "/news/a.html?x". The
// path positions each pattern prefix can reach, one pattern byte at a time:
// time |pattern| x |path| whatever the stars ("/*a*a*a*a" is no worse).
bool Matches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  std::vector<char> reach(path.size() + 1, 0), next(path.size() + 1, 0);
  reach[0] = 1;
  for (char c : pattern) {
    std::fill(next.begin(), next.end(), 0);
    if (c == '*') {
      char any = 0;
      for (size_t j = 0; j <= path.size(); ++j) next[j] = any = static_cast<char>(any | reach[j]);
    } else {
      for (size_t j = 0; j < path.size(); ++j) next[j + 1] = reach[j] && path[j] == c;
    }
    reach.swap(next);
  }
  if (anchored) return reach[path.size()] != 0;
  for (char r : reach) {
    if (r) return true;
  }
  return false;
}

// A user-agent line's value names us: "Warta", "warta/0.1", "Warta-bot" do
// not all; the token up to the first "/" or space, case folded, equals ours.
bool NamesUs(std::string_view value, const std::string& product) {
  std::string token = Lower(value.substr(0, value.find_first_of("/ \t")));
  return token == product;
}

}  // namespace

Robots Robots::DisallowAll() {
  Robots r;
  r.rules_.push_back({"/", false});
  return r;
}

Robots Robots::Parse(std::string_view body, std::string_view product_in) {
  const std::string product = Lower(product_in);
  Robots mine, star;
  bool have_mine = false;
  // The group being read: its agents named us, or "*"; a group's agent lines
  // come before its rules, and an agent line after rules starts a new group.
  bool in_agents = false, group_mine = false, group_star = false;
  size_t at = 0;
  while (at <= body.size()) {
    size_t nl = body.find('\n', at);
    std::string_view line = body.substr(at, nl == std::string_view::npos ? std::string_view::npos
                                                                          : nl - at);
    at = nl == std::string_view::npos ? body.size() + 1 : nl + 1;
    line = line.substr(0, line.find('#'));
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string field = Lower(Trim(line.substr(0, colon)));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (field == "user-agent") {
      if (!in_agents) {
        group_mine = group_star = false;
        in_agents = true;
      }
      if (value == "*") group_star = true;
      if (NamesUs(value, product)) group_mine = have_mine = true;
      continue;
    }
    in_agents = false;
    Robots* target = group_mine ? &mine : group_star ? &star : nullptr;
    if (target == nullptr) continue;
    if (field == "allow" || field == "disallow") {
      if (value.empty()) continue;  // "Disallow:" allows all
      target->rules_.push_back({std::string(value), field == "allow"});
    } else if (field == "crawl-delay") {
      char* end = nullptr;
      std::string v(value);
      double seconds = std::strtod(v.c_str(), &end);
      if (end != v.c_str() && seconds >= 0) {
        target->crawl_delay_ms_ = static_cast<long>(seconds * 1000);
      }
    }
  }
  return have_mine ? mine : star;
}

bool Robots::Allowed(std::string_view path) const {
  if (path.empty()) path = "/";
  size_t best = 0;
  bool allowed = true, found = false;
  for (const Rule& r : rules_) {
    if (!Matches(r.pattern, path)) continue;
    size_t len = r.pattern.size();
    if (!found || len > best || (len == best && r.allow)) {
      best = len;
      allowed = r.allow;
      found = true;
    }
  }
  return allowed;
}

std::string UrlPathAndQuery(std::string_view url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : url.find('/', scheme + 3);
  if (start == std::string_view::npos) return "/";
  std::string_view rest = url.substr(start);
  rest = rest.substr(0, rest.find('#'));
  if (rest.empty() || rest.front() != '/') return "/" + std::string(rest);
  return std::string(rest);
}

}  // namespace warta
