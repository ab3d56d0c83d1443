// SiteBoilerplate: paragraphs that several pages of one site repeat word
// for word are the site's boilerplate (include/warta/page.h).
//
// A page's own rules (page_content.cc) judge its blocks by markup, link
// density and words; a newsletter box written as plain paragraphs, or a
// "Read also" line that links nowhere, passes them. Across pages of one
// site the same paragraph, byte for byte, on many pages gives it away:
// article text is not repeated from one article to the next.
//
// Paragraphs are the page text's blocks between blank lines, counted by
// XXH3-64 of their bytes, once per page. Removing them rebuilds the text
// and composes the page's map with a map from the new text to the old, so
// the text still maps to the page's bytes.
//
// Tested by page_test.cc (SiteBoilerplateTest).
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "warta/hash.h"
#include "warta/page.h"

namespace warta {
namespace {

// [begin, end) of each paragraph of `text` (blocks between blank lines),
// without the blank lines.
std::vector<std::pair<size_t, size_t>> Paragraphs(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find("\n\n", at);
    if (end == std::string_view::npos) end = text.size();
    size_t b = at, e = end;
    while (b < e && (text[b] == '\n' || text[b] == ' ')) ++b;
    while (e > b && (text[e - 1] == '\n' || text[e - 1] == ' ')) --e;
    if (e > b) out.emplace_back(b, e);
    at = end + 2;
  }
  return out;
}

std::string SiteOfPage(const Page& page) { return SiteBoilerplate::SiteOf(page.meta.url); }

}  // namespace

std::string SiteBoilerplate::SiteOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] != '[') rest = rest.substr(0, rest.find(':'));
  std::string host;
  host.reserve(rest.size());
  for (char c : rest) host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host.compare(0, 4, "www.") == 0) host.erase(0, 4);
  return host;
}

void SiteBoilerplate::Add(const Page& page) {
  std::string site = SiteOfPage(page);
  if (site.empty()) return;
  auto& counts = counts_[site];
  std::unordered_set<uint64_t> seen;
  for (auto [b, e] : Paragraphs(page.text)) {
    uint64_t h = Hash64(std::string_view(page.text).substr(b, e - b));
    if (seen.insert(h).second) ++counts[h];
  }
}

size_t SiteBoilerplate::Strip(Page* page) const {
  auto site = counts_.find(SiteOfPage(*page));
  if (site == counts_.end()) return 0;
  const std::string& text = page->text;
  std::vector<std::pair<size_t, size_t>> paragraphs = Paragraphs(text);
  std::vector<bool> drop(paragraphs.size(), false);
  size_t dropped = 0, dropped_bytes = 0, total_bytes = 0;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    auto [b, e] = paragraphs[i];
    total_bytes += e - b;
    auto it = site->second.find(Hash64(std::string_view(text).substr(b, e - b)));
    if (it != site->second.end() && it->second >= min_pages_) {
      drop[i] = true;
      ++dropped;
      dropped_bytes += e - b;
    }
  }
  // Half the page or more repeated: a copy or a version of another page.
  if (dropped == 0 || 2 * dropped_bytes >= total_bytes) return 0;
  std::string kept;
  OffsetMap to_old;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (drop[i]) continue;
    auto [b, e] = paragraphs[i];
    if (!kept.empty()) kept += "\n\n";
    to_old.AddCopy(kept.size(), b, e - b);
    kept.append(text, b, e - b);
  }
  page->map = to_old.ComposeWith(page->map);
  page->text = std::move(kept);
  page->meta.provenance["site-boilerplate"] = std::to_string(dropped);  // paragraphs
  return dropped;
}

}  // namespace warta
