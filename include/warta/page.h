// Page extraction: an HTML page's main text and metadata.
//
// From libxml2's HTML parse tree: the article body (headings, paragraphs,
// lists and quotes) without navigation, related links, comments, share bars,
// ads, footers or cookie banners; and metadata (title, author, published and
// modified dates, site name, canonical URL, language) from JSON-LD,
// OpenGraph and meta tags, <time>, bylines, URL patterns and text, each field
// with where it came from (Metadata::provenance). Scoring weights and word
// lists are data under data/page/.
//
//   ASSIGN_OR_RETURN(auto extractor, warta::PageExtractor::Create(data));
//   warta::Page page = extractor->Extract(html_bytes, "https://...");
//   auto [b, e] = page.map.ToOriginalSpan(0, 10);  // bytes of html_bytes
//
// The encoding is found from a BOM, <meta charset>, http-equiv, the charset
// the transport declared (an HTTP Content-Type), or ICU's detector, in that
// order; the text is always valid UTF-8 and the map always points into
// the bytes given to Extract. Provenance keys besides the Metadata fields:
// "encoding" (how the charset was chosen) and "truncated" (the page was read
// only in part: longer than data/page/weights.tsv max_page_bytes, or nested
// deeper than libxml2's 256 levels). docs/pages.md has the rules.
//
// Thread-safety: a PageExtractor is immutable after Create; Extract may be
// called from several threads at once.
#ifndef WARTA_PAGE_H_
#define WARTA_PAGE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "warta/document.h"
#include "warta/lang_data.h"
#include "warta/status.h"

namespace warta {

struct Page {
  std::string text;   // valid UTF-8; paragraphs separated by a blank line
  OffsetMap map;      // text -> the input bytes given to Extract
  Metadata meta;
  std::string error;  // empty, or why the page could not be read
};

class PageExtractor {
 public:
  static Result<std::unique_ptr<PageExtractor>> Create(const DataDir& data);
  virtual ~PageExtractor() = default;

  // `html` is the page's bytes as fetched, in any encoding; `url` its address
  // when known (may be empty); `charset` the charset the transport declared
  // for the bytes ("windows-1252" from an HTTP Content-Type), or empty: it is
  // used when the page has no BOM and declares no charset itself. Never
  // fails: an unreadable page gives empty text and Page::error.
  virtual Page Extract(std::string_view html, std::string_view url,
                       std::string_view charset) const = 0;
  // The same for bytes that came with no declared charset.
  Page Extract(std::string_view html, std::string_view url) const { return Extract(html, url, {}); }
};

// Boilerplate that only shows across pages: paragraphs that several pages
// of one site repeat word for word ("Sign up for our morning briefing",
// "Lesen Sie auch: ...", a legal notice under every post) are the site's,
// not any article's. One page alone cannot tell them from its text; the
// pages of one site read together can.
//
//   warta::SiteBoilerplate site;          // one per batch of pages
//   for (const warta::Page& p : pages) site.Add(p);
//   for (warta::Page& p : pages) site.Strip(&p);
//
// A page's site is the host of Metadata::url (lower case, without "www.").
// A paragraph is the site's when it is on at least `min_pages` pages of the
// site. Strip removes those paragraphs from a page's text and keeps its map
// exact, unless they are half of the page's text or more: such a page is a
// copy or version of another page of the site, not a page with boilerplate.
// Reading pages as they come (Add then Strip, one page at a time) strips
// from each page what the pages before it and itself repeat.
//
// Thread-safety: not thread-safe; one per batch or stream of pages.
class SiteBoilerplate {
 public:
  explicit SiteBoilerplate(size_t min_pages = 3) : min_pages_(min_pages < 2 ? 2 : min_pages) {}

  // Counts each distinct paragraph of `page` once for its site.
  void Add(const Page& page);
  // Removes the site's repeated paragraphs from `page` (text and map).
  // Returns the number of paragraphs removed.
  size_t Strip(Page* page) const;

  // "example.com" for "https://WWW.Example.com:8080/a?b"; "" when `url`
  // has no host.
  static std::string SiteOf(std::string_view url);

 private:
  size_t min_pages_;
  // Per site, the number of pages each paragraph (by hash) is on.
  std::unordered_map<std::string, std::unordered_map<uint64_t, uint32_t>> counts_;
};

}  // namespace warta

#endif  // WARTA_PAGE_H_
