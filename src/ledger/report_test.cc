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

// Forty origins: ten named in the legend (nine coloured and a folded
// line), the rest grey; an open-ended figure is an arrow.
TEST(ReportTest, ChartFoldsOriginsAndDrawsOpenFiguresAsArrows) {
  LedgerInput in;
  in.story = "many";
  for (int i = 0; i < 40; ++i) {
    std::string id = "d" + std::to_string(i);
    in.docs.push_back({id, "outlet" + std::to_string(i), "2024-10-18", ""});
    Claim c;
    c.doc = id;
    c.value = c.min = 100;
    c.max = 100;
    c.qualifier = i == 0 ? "more_than" : "exact";
    if (i == 0) c.max.reset();
    c.what = "killed";
    c.what_text = "people";
    c.quote = "100 people were killed";
    c.lang = "en";
    c.source = "Source number " + std::to_string(i);
    in.claims.push_back(c);
  }
  std::string html = LedgerToHtml(BuildLedger(in));
  EXPECT_NE(html.find("+ 31 more origins"), std::string::npos);
  EXPECT_NE(html.find("class=\"open\""), std::string::npos);
  size_t legends = 0;
  for (size_t at = html.find("class=\"legend\""); at != std::string::npos;
       at = html.find("class=\"legend\"", at + 1)) {
    ++legends;
  }
  EXPECT_EQ(legends, 10u);
}

}  // namespace
}  // namespace warta
