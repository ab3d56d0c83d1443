// Table-driven tests of the robots.txt parser and matcher (robots.h).
#include "robots.h"

#include <gtest/gtest.h>

namespace warta {
namespace {

TEST(RobotsTest, OurGroupWinsOverStar) {
  Robots r = Robots::Parse(
      "User-agent: *\nDisallow: /\n\n"
      "User-agent: Warta\nDisallow: /private\nCrawl-delay: 2.5\n",
      "Warta");
  EXPECT_TRUE(r.Allowed("/news/a.html"));
  EXPECT_FALSE(r.Allowed("/private/x"));
  EXPECT_EQ(r.crawl_delay_ms(), 2500);
}

TEST(RobotsTest, StarGroupWhenNotNamed) {
  Robots r = Robots::Parse("User-agent: OtherBot\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp/\n",
                           "Warta");
  EXPECT_TRUE(r.Allowed("/"));
  EXPECT_FALSE(r.Allowed("/tmp/a"));
  EXPECT_EQ(r.crawl_delay_ms(), -1);
}

TEST(RobotsTest, AgentTokenIsCaseFoldedAndVersionless) {
  EXPECT_FALSE(Robots::Parse("user-agent: warta/0.1\ndisallow: /a\n", "Warta").Allowed("/a"));
  // A longer name is another agent.
  EXPECT_TRUE(Robots::Parse("User-agent: Wartabot\nDisallow: /a\n", "Warta").Allowed("/a"));
}

TEST(RobotsTest, SeveralAgentsShareOneGroup) {
  Robots r = Robots::Parse("User-agent: a\nUser-agent: warta\nDisallow: /x\n", "Warta");
  EXPECT_FALSE(r.Allowed("/x"));
}

TEST(RobotsTest, LongestMatchWinsAllowOnTies) {
  Robots r = Robots::Parse(
      "User-agent: *\nDisallow: /news/\nAllow: /news/public/\nDisallow: /news/public/secret\n"
      "Allow: /same\nDisallow: /same\n",
      "Warta");
  EXPECT_FALSE(r.Allowed("/news/a"));
  EXPECT_TRUE(r.Allowed("/news/public/a"));
  EXPECT_FALSE(r.Allowed("/news/public/secret1"));
  EXPECT_TRUE(r.Allowed("/same"));
}

TEST(RobotsTest, WildcardsAndEndAnchor) {
  Robots r = Robots::Parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?session=\n", "Warta");
  EXPECT_FALSE(r.Allowed("/files/a.pdf"));
  EXPECT_TRUE(r.Allowed("/files/a.pdf?x=1"));
  EXPECT_FALSE(r.Allowed("/a?session=3"));
  EXPECT_TRUE(r.Allowed("/a?page=3"));
}

TEST(RobotsTest, EmptyDisallowCommentsAndJunk) {
  Robots r = Robots::Parse(
      "# comment\r\nUser-agent: * # all\r\nDisallow:\r\nnonsense line\r\nSitemap: /s.xml\r\n",
      "Warta");
  EXPECT_TRUE(r.Allowed("/anything"));
  EXPECT_TRUE(Robots::AllowAll().Allowed("/x"));
  EXPECT_FALSE(Robots::DisallowAll().Allowed("/x"));
  EXPECT_TRUE(Robots::Parse("", "Warta").Allowed("/x"));
}

TEST(RobotsTest, ManyStarsStayCheap) {
  std::string pattern = "/";
  for (int i = 0; i < 200; ++i) pattern += "*a";
  Robots r = Robots::Parse("User-agent: *\nDisallow: " + pattern + "b\n", "Warta");
  EXPECT_TRUE(r.Allowed("/" + std::string(5000, 'a')));
}

TEST(RobotsTest, PathAndQueryOfUrl) {
  EXPECT_EQ(UrlPathAndQuery("http://h:1/a/b?c=d#frag"), "/a/b?c=d");
  EXPECT_EQ(UrlPathAndQuery("https://h"), "/");
}

}  // namespace
}  // namespace warta
