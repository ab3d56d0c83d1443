// Tests for page extraction (include/warta/page.h).
#include "warta/page.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "warta/text.h"

namespace warta {
namespace {

const PageExtractor& Extractor() {
  static const PageExtractor* extractor = [] {
    auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    EXPECT_TRUE(data.ok()) << data.status().ToString();
    auto e = PageExtractor::Create(*data);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e->release();
  }();
  return *extractor;
}

// The original bytes a text span maps to.
std::string Source(const Page& page, std::string_view html,
                   std::string_view needle) {
  size_t at = page.text.find(needle);
  if (at == std::string::npos) return "<not in text>";
  auto [b, e] = page.map.ToOriginalSpan(at, at + needle.size());
  if (e > html.size() || b > e) return "<bad span>";
  return std::string(html.substr(b, e - b));
}

const char kArticle[] =
    "<!DOCTYPE html><html lang=\"en-GB\"><head>"
    "<title>Troops sent north - The Daily Example</title>"
    "<meta property=\"og:title\" content=\"Troops sent north\">"
    "<style>p { color: red }</style>"
    "<script>var x = \"<p>not text</p>\";</script>"
    "</head><body>"
    "<article><h1>Troops sent north</h1>"
    "<p>The ministry said on Friday that 1,500 special forces had been sent "
    "north, according to officials who spoke on condition of anonymity.</p>"
    "<p>Officials said the troops &amp; their officers arrived by ship in "
    "the port city, where they were met by &quot;local&quot; commanders.</p>"
    "<noscript>Enable JavaScript</noscript>"
    "<svg><text>svg text</text></svg>"
    "<template><p>template text</p></template>"
    "<p>A third paragraph with <b>bold</b> and <a href=\"/x\">a link</a> "
    "inside it, long enough to count as part of the article body.</p>"
    "</article></body></html>";

TEST(PageTest, TitleFromOpenGraphThenTitleElement) {
  Page page = Extractor().Extract(kArticle, "");
  EXPECT_EQ(page.error, "");
  EXPECT_EQ(page.meta.title, "Troops sent north");
  EXPECT_EQ(page.meta.provenance["title"], "og:title");

  Page bare = Extractor().Extract(
      "<html><head><title> Plain   title </title></head><body>"
      "<p>Some text of a page.</p></body></html>",
      "");
  EXPECT_EQ(bare.meta.title, "Plain title");
  EXPECT_EQ(bare.meta.provenance["title"], "html:title");
}

TEST(PageTest, LangFromHtmlElement) {
  Page page = Extractor().Extract(kArticle, "");
  EXPECT_EQ(page.meta.lang, "en");
  EXPECT_EQ(page.meta.provenance["lang"], "html:lang");
}

TEST(PageTest, VisibleTextSkipsScriptsStylesAndHiddenParts) {
  Page page = Extractor().Extract(kArticle, "");
  EXPECT_NE(page.text.find("1,500 special forces"), std::string::npos);
  EXPECT_NE(page.text.find("with bold and a link inside it"),
            std::string::npos)
      << page.text;
  for (const char* hidden : {"color: red", "not text", "Enable JavaScript",
                             "svg text", "template text", "Daily Example"}) {
    EXPECT_EQ(page.text.find(hidden), std::string::npos) << hidden;
  }
}

TEST(PageTest, ParagraphsSeparatedByBlankLine) {
  Page page = Extractor().Extract(kArticle, "");
  EXPECT_NE(page.text.find("anonymity.\n\nOfficials said"), std::string::npos)
      << page.text;
  EXPECT_EQ(page.text.find("\n\n\n"), std::string::npos);
  EXPECT_EQ(page.text.find("  "), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(page.text));
}

TEST(PageTest, EntitiesDecodedAndMappedToTheirBytes) {
  std::string html = kArticle;
  Page page = Extractor().Extract(html, "");
  EXPECT_NE(page.text.find("the troops & their officers"), std::string::npos);
  EXPECT_EQ(Source(page, html, "troops & their"), "troops &amp; their");
  EXPECT_EQ(Source(page, html, "\"local\""), "&quot;local&quot;");
}

TEST(PageTest, SpansMapInsideTheirElement) {
  std::string html = kArticle;
  Page page = Extractor().Extract(html, "");
  // Every word of the text maps to the same bytes in the input.
  for (const char* word : {"ministry", "1,500", "anonymity", "port city",
                           "bold", "a link", "Troops sent north"}) {
    EXPECT_EQ(Source(page, html, word), word) << word;
  }
  // The heading maps into the <h1> element, not into <title> or og:title.
  size_t at = page.text.find("Troops sent north");
  auto span = page.map.ToOriginalSpan(at, at + 17);
  EXPECT_GT(span.first, html.find("<h1>"));
  EXPECT_LT(span.second, html.find("</h1>") + 1);
  // A span across tags covers the markup between.
  EXPECT_EQ(Source(page, html, "bold and"), "bold</b> and");
}

TEST(PageTest, CrLfAndWhitespaceRunsMap) {
  std::string html =
      "<html><body><p>First line of a paragraph\r\n   that goes on "
      "and on,\r\nwith CRLF line ends inside one paragraph of text.</p>"
      "</body></html>";
  Page page = Extractor().Extract(html, "");
  EXPECT_NE(page.text.find("paragraph that goes on"), std::string::npos)
      << page.text;
  EXPECT_EQ(Source(page, html, "goes on and on,"), "goes on and on,");
  EXPECT_EQ(Source(page, html, "CRLF line"), "CRLF line");
  EXPECT_EQ(Source(page, html, "paragraph that"),
            "paragraph\r\n   that");
}

TEST(PageTest, TextFoundAgainEvenWhenItAlsoAppearsInHeadData) {
  // The body text also sits in a JSON-LD block before it: offsets must
  // point at the body.
  std::string html =
      "<html><head><script type=\"application/ld+json\">{\"articleBody\": "
      "\"Body text that repeats in the head of the page.\"}</script>"
      "</head><body><p>Body text that repeats in the head of the page.</p>"
      "</body></html>";
  Page page = Extractor().Extract(html, "");
  size_t at = page.text.find("Body text");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(page.map.ToOriginal(at), html.find("<p>") + 3);
}

TEST(PageTest, UnreadableInputGivesError) {
  EXPECT_EQ(Extractor().Extract("", "").error, "empty page");
  std::string binary(2000, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i);
  Page page = Extractor().Extract(binary, "");
  EXPECT_NE(page.error, "");
  EXPECT_EQ(page.text, "");
}

TEST(PageTest, GarbageNeverCrashes) {
  std::mt19937 rng(42);
  const char* pieces[] = {"<", ">", "<p>", "</p>", "&amp;", "&#", "x", " ",
                          "\xC3", "\xA9", "<!--", "-->", "<script>", "</",
                          "&", ";", "\r\n", "<div class='nav'>", "\"", "\xFF",
                          "<title>", "<meta charset=latin1>"};
  for (int round = 0; round < 300; ++round) {
    std::string html;
    int n = static_cast<int>(rng() % 200);
    for (int k = 0; k < n; ++k) html += pieces[rng() % std::size(pieces)];
    Page page = Extractor().Extract(html, "");
    EXPECT_TRUE(IsValidUtf8(page.text)) << html;
    // Every text byte maps inside the input.
    for (size_t i = 0; i < page.text.size(); ++i) {
      ASSERT_LE(page.map.ToOriginal(i), html.size()) << html;
    }
  }
}

TEST(PageTest, NestingBombIsBoundedAndReadable) {
  std::string html = "<html><body>";
  for (int i = 0; i < 200000; ++i) html += "<div>";
  html += "<p>Deep text inside many divs, still found by the extractor.</p>";
  Page page = Extractor().Extract(html, "");
  EXPECT_TRUE(IsValidUtf8(page.text));
}

TEST(PageTest, Windows1252PageIsConvertedAndMapsToOriginalBytes) {
  std::string html =
      "<html><head><meta charset=\"windows-1252\"></head><body>"
      "<p>Caf\xE9 cr\xE8me \x93quoted\x94 in a longer paragraph of text "
      "written in a legacy encoding.</p></body></html>";
  Page page = Extractor().Extract(html, "");
  EXPECT_TRUE(IsValidUtf8(page.text));
  EXPECT_NE(page.text.find("Caf\xC3\xA9 cr\xC3\xA8me \xE2\x80\x9Cquoted"),
            std::string::npos)
      << page.text;
  EXPECT_EQ(Source(page, html, "cr\xC3\xA8me"), "cr\xE8me");
  EXPECT_EQ(Source(page, html, "legacy encoding"), "legacy encoding");
}

TEST(PageTest, InvalidUtf8IsRepaired) {
  std::string html =
      "<html><head><meta charset=\"utf-8\"></head><body><p>Good text \xC3\xA9 "
      "and one bad byte \xFF here in a paragraph.</p></body></html>";
  Page page = Extractor().Extract(html, "");
  EXPECT_TRUE(IsValidUtf8(page.text));
  EXPECT_NE(page.text.find("Good text \xC3\xA9"), std::string::npos)
      << page.text;
  EXPECT_EQ(Source(page, html, "here in a"), "here in a");
}

}  // namespace
}  // namespace warta
