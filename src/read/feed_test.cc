// Tests of the RSS/Atom reader (feed.cc): fields, formats, dates, and hostile
// XML (entity bombs, external entities, malformed feeds).
#include <gtest/gtest.h>

#include <chrono>
#include <iterator>
#include <string>
#include <vector>

#include "formats.h"
#include "read_test_util.h"
#include "warta/read.h"

namespace warta {
namespace {

using read_test::Gzip;
using read_test::Outcome;
using read_test::Read;

class FeedTest : public read_test::TempDirTest {};

const char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title> Warta Harian </title>
  <link>https://warta.example/</link>
  <atom:link href="https://warta.example/feed" rel="self"/>
  <language>id-ID</language>
  <item>
    <title>Pasukan dikirim</title>
    <link>https://warta.example/a/1</link>
    <description>Ringkasan &lt;b&gt;satu&lt;/b&gt;</description>
    <content:encoded><![CDATA[<p>Isi lengkap <b>satu</b>.</p>]]></content:encoded>
    <pubDate>Sat, 19 Oct 2024 08:30:00 +0700</pubDate>
    <dc:creator>Yopi</dc:creator>
    <guid isPermaLink="false">warta-1</guid>
  </item>
  <item>
    <title>Kedua</title>
    <description>&lt;p&gt;Hanya ringkasan.&lt;/p&gt;</description>
    <guid>https://warta.example/a/2</guid>
    <pubDate>Mon, 21 Oct 24 10:00 GMT</pubDate>
  </item>
  <item>
    <description>Tanpa tautan.</description>
    <guid isPermaLink="false">warta-3</guid>
    <dc:date>2024-10-22T01:02:03Z</dc:date>
  </item>
  <item>
    <description>Tanpa apa pun.</description>
    <pubDate>not a date</pubDate>
  </item>
</channel>
</rss>
)";

TEST_F(FeedTest, Rss2ItemsBecomeArticles) {
  std::string path = Write("news.rss", kRss);
  Outcome out = Read({path});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 4u);
  const RawArticle& a = out.articles[0];
  EXPECT_EQ(a.id, "https://warta.example/a/1");
  EXPECT_EQ(a.url, "https://warta.example/a/1");
  EXPECT_EQ(a.origin, path + ":item 1");
  EXPECT_EQ(a.kind, ContentKind::kHtml);
  EXPECT_EQ(a.content, "<p>Isi lengkap <b>satu</b>.</p>");
  EXPECT_EQ(a.title, "Pasukan dikirim");
  EXPECT_EQ(a.published, "2024-10-19T08:30:00+07:00");
  EXPECT_EQ(a.outlet, "Warta Harian");
  EXPECT_EQ(a.lang, "id");
  EXPECT_EQ(a.author, "Yopi");

  const RawArticle& b = out.articles[1];
  EXPECT_EQ(b.id, "https://warta.example/a/2");  // a permalink guid
  EXPECT_EQ(b.url, "https://warta.example/a/2");
  EXPECT_EQ(b.content, "<p>Hanya ringkasan.</p>");
  EXPECT_EQ(b.published, "2024-10-21T10:00:00Z");
  EXPECT_EQ(b.author, "");

  const RawArticle& c = out.articles[2];
  EXPECT_EQ(c.id, "warta-3");
  EXPECT_EQ(c.url, "");
  EXPECT_EQ(c.published, "2024-10-22T01:02:03Z");
  EXPECT_EQ(c.title, "");

  const RawArticle& d = out.articles[3];
  EXPECT_EQ(d.id, "news.rss:item 4");
  EXPECT_EQ(d.published, "");
}

TEST_F(FeedTest, AtomEntriesBecomeArticles) {
  const char atom[] = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="text">Example Wire</title>
  <id>urn:uuid:feed</id>
  <entry>
    <title>Troops</title>
    <link rel="self" href="https://wire.example/self/1"/>
    <link href="https://wire.example/1"/>
    <id>tag:wire.example,2024:1</id>
    <published>2024-10-24T07:00:00+02:00</published>
    <updated>2024-10-25T00:00:00Z</updated>
    <summary>Short.</summary>
    <content type="html">&lt;p&gt;Twelve &amp;amp; more.&lt;/p&gt;</content>
    <author><name>A. Writer</name></author>
  </entry>
  <entry xml:lang="id">
    <title>Xhtml</title>
    <link rel="alternate" type="text/html" href="https://wire.example/2"/>
    <id>tag:wire.example,2024:2</id>
    <updated>2024-10-25T00:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p class="a&amp;b">One &lt; two<br/></p></div></content>
  </entry>
  <entry>
    <id>tag:wire.example,2024:3</id>
    <summary>Plain summary only.</summary>
  </entry>
</feed>
)";
  // Named .xml: a feed by its root element.
  std::string path = Write("wire.xml", atom);
  Outcome out = Read({path});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 3u);
  const RawArticle& a = out.articles[0];
  EXPECT_EQ(a.id, "https://wire.example/1");
  EXPECT_EQ(a.kind, ContentKind::kHtml);
  EXPECT_EQ(a.content, "<p>Twelve &amp; more.</p>");
  EXPECT_EQ(a.published, "2024-10-24T07:00:00+02:00");
  EXPECT_EQ(a.outlet, "Example Wire");
  EXPECT_EQ(a.lang, "en");
  EXPECT_EQ(a.author, "A. Writer");
  const RawArticle& b = out.articles[1];
  EXPECT_EQ(b.id, "https://wire.example/2");
  EXPECT_EQ(b.kind, ContentKind::kHtml);
  EXPECT_EQ(b.content, "<div><p class=\"a&#38;b\">One &lt; two<br/></p></div>");
  EXPECT_EQ(b.published, "2024-10-25T00:00:00Z");  // updated, for want of published
  EXPECT_EQ(b.lang, "id");
  const RawArticle& c = out.articles[2];
  EXPECT_EQ(c.id, "tag:wire.example,2024:3");
  EXPECT_EQ(c.kind, ContentKind::kText);
  EXPECT_EQ(c.content, "Plain summary only.");
}

TEST_F(FeedTest, Rss1RdfItems) {
  const char rdf[] = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://r.example/"><title>RDF News</title>
    <dc:language>en</dc:language></channel>
  <item rdf:about="https://r.example/1">
    <title>One</title><link>https://r.example/1</link>
    <description>First.</description><dc:date>2024-10-20</dc:date>
  </item>
</rdf:RDF>)";
  // No telling name: sniffed from the root element.
  Outcome out = Read({Write("rdf_feed", rdf)});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 1u);
  EXPECT_EQ(out.articles[0].id, "https://r.example/1");
  EXPECT_EQ(out.articles[0].outlet, "RDF News");
  EXPECT_EQ(out.articles[0].lang, "en");
  EXPECT_EQ(out.articles[0].published, "2024-10-20");
}

// The author elements of one item or entry, and the byline they give.
struct AuthorCase {
  const char* elements;
  const char* author;
};

TEST_F(FeedTest, RssAuthorsJoinedInDocumentOrder) {
  const AuthorCase cases[] = {
      {"<dc:creator>Yopi Makdori</dc:creator>", "Yopi Makdori"},
      {"<dc:creator>\n   Yopi\n   Makdori </dc:creator>", "Yopi Makdori"},
      {"<dc:creator><![CDATA[Rina Sari]]></dc:creator>", "Rina Sari"},
      {"<dc:creator>Rina Sari</dc:creator><dc:creator>Budi</dc:creator>", "Rina Sari, Budi"},
      // RSS 2.0's author is an e-mail address with the name in brackets.
      {"<author>rina@warta.example (Rina Sari)</author>", "Rina Sari"},
      {"<author>Rina Sari &lt;rina@warta.example&gt;</author>", "Rina Sari"},
      {"<author>rina@warta.example</author>", ""},
      {"<author>Rina Sari</author>", "Rina Sari"},
      // The same person in both elements is named once.
      {"<author>rina@warta.example (Rina Sari)</author><dc:creator>Rina Sari</dc:creator>",
       "Rina Sari"},
      {"<author>rina@warta.example (Rina Sari)</author><dc:creator>Budi</dc:creator>",
       "Rina Sari, Budi"},
      {"<dc:creator></dc:creator>", ""},
      {"", ""},
  };
  std::string feed =
      "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
      "<title>W</title>";
  for (const AuthorCase& c : cases) {
    feed += std::string("<item><description>Isi.</description>") + c.elements + "</item>";
  }
  feed += "</channel></rss>";
  Outcome out = Read({Write("authors.rss", feed)});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), std::size(cases));
  for (size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_EQ(out.articles[i].author, cases[i].author) << cases[i].elements;
  }
}

TEST_F(FeedTest, AtomAuthorsJoinedInDocumentOrder) {
  const AuthorCase cases[] = {
      {"<author><name>A. Writer</name></author>", "A. Writer"},
      {"<author><name>A. Writer</name><email>a@wire.example</email></author>"
       "<author><name>B. Writer</name></author>",
       "A. Writer, B. Writer"},
      {"<author><email>a@wire.example</email></author>", ""},
      // Contributors are not authors; nor is the author of a <source> feed.
      {"<contributor><name>C. Editor</name></contributor>", ""},
      {"<source><author><name>Other Feed</name></author></source>", ""},
      {"<dc:creator>D. Writer</dc:creator>", "D. Writer"},
      // A <name> outside <author> is no one's name.
      {"<author><name>A. Writer</name></author><name>Stray</name>", "A. Writer"},
  };
  std::string feed =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><title>Wire</title>"
      "<author><name>Feed Owner</name></author>";
  for (const AuthorCase& c : cases) {
    feed += std::string("<entry><summary>Text.</summary>") + c.elements + "</entry>";
  }
  feed += "</feed>";
  Outcome out = Read({Write("authors.atom", feed)});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), std::size(cases));
  for (size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_EQ(out.articles[i].author, cases[i].author) << cases[i].elements;
  }
}

TEST_F(FeedTest, GzippedFeed) {
  Outcome out = Read({Write("news.rss.gz", Gzip(kRss))});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  EXPECT_EQ(out.articles.size(), 4u);
  ASSERT_FALSE(out.articles.empty());
  EXPECT_EQ(out.articles[0].origin, Path("news.rss.gz") + ":item 1");
}

TEST_F(FeedTest, MalformedFeedKeepsTheItemsBeforeTheDamage) {
  std::string rss = kRss;
  std::string cut = rss.substr(0, rss.find("<title>Kedua") + 20);
  Outcome out = Read({Write("cut.rss", cut)});
  ASSERT_EQ(out.articles.size(), 1u) << out.ErrorsText();
  EXPECT_EQ(out.articles[0].id, "https://warta.example/a/1");
  ASSERT_EQ(out.errors.size(), 1u) << out.ErrorsText();
  EXPECT_EQ(out.errors[0].where.rfind("line ", 0), 0u);
  EXPECT_NE(out.errors[0].status.message().find("malformed XML"), std::string::npos);

  // A broken tag in the middle: reported; the items around it are read.
  std::string broken = rss;
  broken.replace(broken.find("<title>Kedua</title>"), 20, "<title>Kedua</titel>");
  Outcome b = Read({Write("broken.rss", broken)});
  ASSERT_EQ(b.errors.size(), 1u) << b.ErrorsText();
  EXPECT_EQ(b.errors[0].where, "line 20") << b.ErrorsText();
  EXPECT_GE(b.articles.size(), 1u);
}

TEST_F(FeedTest, UndeclaredEntityIsReportedAndTheItemKept) {
  const char rss[] =
      "<rss><channel><item><link>https://u.example/1</link>"
      "<description>a&nbsp;b</description></item></channel></rss>";
  Outcome out = Read({Write("nbsp.rss", rss)});
  ASSERT_EQ(out.errors.size(), 1u) << out.ErrorsText();
  EXPECT_NE(out.errors[0].status.message().find("nbsp"), std::string::npos) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 1u);
  EXPECT_EQ(out.articles[0].content, "ab");
}

TEST_F(FeedTest, EntityBombIsStoppedQuickly) {
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a0 \"lol\">\n";
  for (int i = 1; i < 20; ++i) {
    std::string prev = "&a" + std::to_string(i - 1) + ";";
    std::string def;
    for (int k = 0; k < 10; ++k) def += prev;
    bomb += "<!ENTITY a" + std::to_string(i) + " \"" + def + "\">\n";
  }
  bomb +=
      "]>\n<rss><channel><item><link>https://b.example/1</link>"
      "<description>&a19;</description></item></channel></rss>\n";
  auto start = std::chrono::steady_clock::now();
  Outcome out = Read({Write("bomb.rss", bomb)});
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 5.0);
  EXPECT_TRUE(out.articles.empty());  // the reference is dropped, not expanded
  ASSERT_EQ(out.errors.size(), 2u) << out.ErrorsText();
  EXPECT_EQ(out.errors[0].status.message(), "item has neither content:encoded nor description");
  EXPECT_EQ(out.errors[1].status.message(), "malformed XML: Entity 'a19' not defined");
}

TEST_F(FeedTest, ExternalEntitiesAreNeverLoaded) {
  std::string secret = Write("secret.txt", "TOP-SECRET-CONTENT");
  std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
      "<!ENTITY xxe SYSTEM \"file://" +
      secret +
      "\">\n]>\n"
      "<rss><channel><item><link>https://x.example/1</link>"
      "<description>before &xxe; after</description></item>"
      "</channel></rss>\n";
  Outcome out = Read({Write("xxe.rss", xxe)});
  for (const RawArticle& a : out.articles) {
    EXPECT_EQ(a.content.find("TOP-SECRET"), std::string::npos) << a.content;
  }
  ASSERT_EQ(out.articles.size(), 1u) << out.ErrorsText();
  EXPECT_EQ(out.articles[0].content, "before  after");
  ASSERT_EQ(out.errors.size(), 1u) << out.ErrorsText();
  EXPECT_EQ(out.errors[0].status.message(), "malformed XML: Entity 'xxe' not defined");
}

TEST_F(FeedTest, NotFeedsAndEmptyItems) {
  Outcome xml = Read({Write("data.xml", "<?xml version=\"1.0\"?><catalog/>")});
  ASSERT_EQ(xml.errors.size(), 1u);
  EXPECT_EQ(xml.errors[0].status.message(),
            "XML document with root element <catalog> is neither an RSS nor an "
            "Atom feed");
  Outcome xhtml = Read({Write("page.xml", "<html><body><p>x</p></body></html>")});
  ASSERT_TRUE(xhtml.errors.empty()) << xhtml.ErrorsText();
  ASSERT_EQ(xhtml.articles.size(), 1u);
  EXPECT_EQ(xhtml.articles[0].kind, ContentKind::kHtml);

  Outcome named = Read({Write("named.rss", "<catalog><item/></catalog>")});
  ASSERT_EQ(named.errors.size(), 1u);
  EXPECT_EQ(named.errors[0].status.message(), "not an RSS or Atom feed: root element <catalog>");

  Outcome no_text = Read({Write(
      "titles.rss", "<rss><channel><item><title>Only a title</title></item></channel></rss>")});
  ASSERT_EQ(no_text.errors.size(), 1u);
  EXPECT_EQ(no_text.errors[0].where, "item 1 at line 1");
  EXPECT_EQ(no_text.errors[0].status.message(), "item has neither content:encoded nor description");

  Outcome big =
      Read({Write("big.rss", "<rss><channel><item><description>" + std::string(2000, 'x') +
                                 "</description></item><item>"
                                 "<description>ok</description>"
                                 "</item></channel></rss>")},
           1000);
  ASSERT_EQ(big.articles.size(), 1u) << big.ErrorsText();
  ASSERT_EQ(big.errors.size(), 1u);
  EXPECT_EQ(big.errors[0].status.code(), StatusCode::kResourceExhausted);
}

TEST_F(FeedTest, NothingIsPrintedByLibxml2) {
  ::testing::internal::CaptureStderr();
  Read({Write("bad.rss", "<rss><channel><item>&bogus;<oops></channel>")});
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(Rfc822ToIsoTest, Table) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"Sat, 19 Oct 2024 08:30:00 +0700", "2024-10-19T08:30:00+07:00"},
      {"19 Oct 2024 08:30:00 -0330", "2024-10-19T08:30:00-03:30"},
      {"Mon, 21 Oct 24 10:00 GMT", "2024-10-21T10:00:00Z"},
      {"Fri, 1 Mar 1996 23:59:59 EST", "1996-03-01T23:59:59-05:00"},
      {"Kamis, 24 Okt 2024 07:00:00 WIB", ""},  // "Okt" is not English
      {"Thu, 24 Oct 2024 07:00:00 WIB", "2024-10-24T07:00:00+07:00"},
      {"Thu, 24 October 2024 07:00:00", "2024-10-24T07:00:00"},
      {"Thu, 24 Oct 2024 07:00:00 XYZ", "2024-10-24T07:00:00"},
      {"Thu, 29 Feb 2024 00:00:00 +0000", "2024-02-29T00:00:00Z"},
      {"Thu, 29 Feb 2023 00:00:00 +0000", ""},
      {"Thu, 24 Oct 2024 25:00:00 +0000", ""},
      {"2024-10-24T07:00:00Z", ""},
      {"", ""},
      {"Thu, 24 Oct", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(read_internal::Rfc822ToIso(c.in), c.out) << c.in;
  }
}

TEST(XmlRootNameTest, Table) {
  struct Case {
    std::string in;
    std::string root;
  };
  const std::vector<Case> cases = {
      {"<rss version=\"2.0\">", "rss"},
      {"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<feed xmlns=\"x\">", "feed"},
      {"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"b>\">]><rss>", "rss"},
      {"<!DOCTYPE html><html lang=\"en\">", "html"},
      {"<rdf:RDF xmlns:rdf=\"x\">", "rdf:RDF"},
      {"plain text", ""},
      {"<?xml version=\"1.0\"?>", ""},
      {"<rss", ""},  // ends before the name does
  };
  for (const Case& c : cases) {
    EXPECT_EQ(read_internal::XmlRootName(c.in), c.root) << c.in;
  }
  EXPECT_TRUE(read_internal::IsFeedRoot("rss"));
  EXPECT_TRUE(read_internal::IsFeedRoot("feed"));
  EXPECT_TRUE(read_internal::IsFeedRoot("rdf:RDF"));
  EXPECT_FALSE(read_internal::IsFeedRoot("html"));
  EXPECT_FALSE(read_internal::IsFeedRoot("rdf"));
}

}  // namespace
}  // namespace warta
