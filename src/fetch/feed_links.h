// The page URLs a feed or sitemap lists, for `warta watch`: RSS 2.0, RSS 1.0
// and Atom feeds, sitemaps (news sitemaps are sitemaps with news: elements)
// and sitemap indexes, gzip-compressed or not.
//
//   ASSIGN_OR_RETURN(warta::FeedListing l,
//                    warta::ParseFeedListing(body, "http://x/feed.xml"));
//   l.items     -> {"http://x/a.html", ...}   // in document order, once each
//   l.sitemaps  -> the sitemaps a sitemap index names
//
// Links are resolved against the feed's URL (relative hrefs, xml:base is not
// read) and only http and https links are kept. Parsing is libxml2's, as
// for the feed reader (src/read/feed.cc): no network, no entity declared in
// the document expanded (an "&" that starts neither one of the five
// predefined references nor a character reference is read as text: "&nbsp;"
// and "Q&A" in a feed written by hand), recovering past other
// well-formedness errors.
// Where the page URL is: RSS item <link>, else a permalink <guid>; RSS 1.0
// item <link>; Atom entry <link href> with rel "alternate" or none;
// sitemap <url><loc>; sitemap index <sitemap><loc>.
//
// Tested by feed_links_test.cc. Thread-safety: reentrant.
#ifndef WARTA_SRC_FETCH_FEED_LINKS_H_
#define WARTA_SRC_FETCH_FEED_LINKS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "warta/status.h"

namespace warta {

struct FeedListing {
  enum class Kind { kFeed, kSitemap, kSitemapIndex };
  Kind kind = Kind::kFeed;
  std::vector<std::string> items;
  std::vector<std::string> sitemaps;
};

// kInvalidArgument when `bytes` is not XML or its root is none of the
// above ("not a feed or sitemap: the root element is <html>");
// kResourceExhausted when gzip-compressed bytes unpack past `max_bytes`.
Result<FeedListing> ParseFeedListing(std::string_view bytes, const std::string& base_url,
                                     size_t max_bytes = 32u << 20);

}  // namespace warta

#endif  // WARTA_SRC_FETCH_FEED_LINKS_H_
