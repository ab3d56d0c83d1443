#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "warta/ledger.h"

namespace warta {
namespace {

Ledger Hostile() {
  LedgerInput in;
  in.story = "<b>story</b>";
  in.docs = {{"d1", "\"><img src=x onerror=alert(1)>", "2024-10-18", "<script>t</script>"},
             {"d2", "<i>two</i>", "2024-10-18", ""}};
  Claim c;
  c.doc = "d1";
  c.value = 3000;
  c.min = 3000;
  c.max = 3000;
  c.qualifier = "exact";
  c.what = "troops";
  c.what_text = "tentara";
  c.source = "<script>alert('x')</script>";
  c.quote = "Mereka mengirim 3.000 tentara <script>alert(1)</script> \"><img onerror=alert(2)>";
  c.stance = "asserts";
  Claim d = c;
  d.value = 1500;
  d.min = 1500;
  d.max = 1500;
  d.source = "Other | source";
  d.doc = "d2";  // a conflict needs two articles
  d.said_date = "2024-10-18";
  in.claims = {c, d};
  return BuildLedger(in);
}

TEST(ReportTest, HtmlEscapesEverythingFromArticles) {
  std::string html = LedgerToHtml(Hostile());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;img onerror=alert(2)&gt;"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
}

TEST(ReportTest, HtmlIsSelfContained) {
  std::string html = LedgerToHtml(Hostile());
  // Our own markup loads nothing: no element that fetches, no stylesheet
  // import. (The escaped article text may say "src=x"; that is text.)
  for (const char* outside : {"<script", "<link", "<img", "<iframe", "src=\"", "href=\"",
                              "@import", "url("}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(ReportTest, MarkdownEscapesTableBreakers) {
  std::string md = LedgerToMarkdown(Hostile());
  EXPECT_NE(md.find("Other \\| source"), std::string::npos);
  EXPECT_EQ(md.find("<script>"), std::string::npos);
}

TEST(ReportTest, JsonRoundTripsTheStrings) {
  nlohmann::json j = nlohmann::json::parse(LedgerToJson(Hostile()));
  EXPECT_EQ(j["story"], "<b>story</b>");
  ASSERT_EQ(j["groups"].size(), 1u);
  EXPECT_EQ(j["groups"][0]["origins"].size(), 2u);
  EXPECT_EQ(j["claims"][0]["quote"].get<std::string>().find("<script>"), 30u);
}

TEST(ReportTest, TextNamesGroupsOriginsAndVerdicts) {
  std::string text = LedgerToText(Hostile());
  EXPECT_NE(text.find("troops"), std::string::npos);
  EXPECT_NE(text.find("conflicting"), std::string::npos);
}

}  // namespace
}  // namespace warta
