// Tests of ParseFeedListing (feed_links.h): each format, entities, relative
// links, gzip, and what is not a feed.
#include "feed_links.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace warta {
namespace {

using Strings = std::vector<std::string>;

TEST(FeedLinksTest, Rss2WithEntitiesAndGuids) {
  const char* rss = R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>Kabar &amp; Berita &#8212; &nbsp;Harian</title>
<item><title>Caf&#233; &amp; co</title><link>http://x.test/a?p=1&amp;q=2</link></item>
<item><title>no link</title><guid>http://x.test/b</guid></item>
<item><guid isPermaLink="false">tag:x,1</guid></item>
<item><link> /c.html </link></item>
<item><link>http://x.test/a?p=1&amp;q=2</link></item>
<item><link>ftp://x.test/file</link></item>
</channel></rss>)";
  Result<FeedListing> l = ParseFeedListing(rss, "http://x.test/feed.xml");
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ(l->kind, FeedListing::Kind::kFeed);
  EXPECT_EQ(l->items, (Strings{"http://x.test/a?p=1&q=2", "http://x.test/b", "http://x.test/c.html"}));
}

TEST(FeedLinksTest, AtomAlternateLinks) {
  const char* atom = R"(<feed xmlns="http://www.w3.org/2005/Atom">
<entry><link rel="self" href="http://x.test/self"/><link rel="alternate" href="/e1"/></entry>
<entry><link href="http://x.test/e2"/></entry></feed>)";
  Result<FeedListing> l = ParseFeedListing(atom, "http://x.test/atom");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->items, (Strings{"http://x.test/e1", "http://x.test/e2"}));
}

TEST(FeedLinksTest, Rss1) {
  const char* rdf = R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/"><item><link>http://x.test/r1</link></item></rdf:RDF>)";
  Result<FeedListing> l = ParseFeedListing(rdf, "http://x.test/");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->items, (Strings{"http://x.test/r1"}));
}

TEST(FeedLinksTest, NewsSitemapAndIndex) {
  const char* news = R"(<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://x.test/n1</loc><news:news><news:publication_date>2024-10-18</news:publication_date></news:news></url>
<url><loc>http://x.test/n2</loc></url></urlset>)";
  Result<FeedListing> l = ParseFeedListing(news, "http://x.test/news.xml");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->kind, FeedListing::Kind::kSitemap);
  EXPECT_EQ(l->items, (Strings{"http://x.test/n1", "http://x.test/n2"}));

  const char* index = R"(<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>news.xml</loc></sitemap><sitemap><loc>http://x.test/old.xml.gz</loc></sitemap>
</sitemapindex>)";
  l = ParseFeedListing(index, "http://x.test/index.xml");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->kind, FeedListing::Kind::kSitemapIndex);
  EXPECT_EQ(l->sitemaps, (Strings{"http://x.test/news.xml", "http://x.test/old.xml.gz"}));
  EXPECT_TRUE(l->items.empty());
}

TEST(FeedLinksTest, GzipSitemap) {
  std::string xml = "<urlset><url><loc>http://x.test/g</loc></url></urlset>";
  uLongf size = compressBound(xml.size()) + 32;
  std::string gz(size, '\0');
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(xml.data());
  z.avail_in = static_cast<uInt>(xml.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = static_cast<uInt>(gz.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);
  Result<FeedListing> l = ParseFeedListing(gz, "http://x.test/s.xml.gz");
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ(l->items, (Strings{"http://x.test/g"}));
}

TEST(FeedLinksTest, NotAFeed) {
  Result<FeedListing> l = ParseFeedListing("<html><body>hi</body></html>", "http://x.test/");
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.status().message().find("root element is <html>"), std::string::npos);
  EXPECT_FALSE(ParseFeedListing("", "http://x.test/").ok());
  EXPECT_FALSE(ParseFeedListing("just text", "http://x.test/").ok());
}

}  // namespace
}  // namespace warta
