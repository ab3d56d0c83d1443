// Tests for page extraction (include/warta/page.h).
#include "warta/page.h"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "page_internal.h"
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
    "<article><h1>Troops sent north</h1><h2>Ships reach the port</h2>"
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

// Text that reads otherwise than its bytes: decomposed letters become
// composed (NFC), ruby readings are left out; each maps to its bytes.
TEST(PageTest, TextAsReadMapsToItsBytes) {
  struct Case {
    const char* name;
    std::string paragraph;  // inside <article><p>
    const char* want;       // in the text
    const char* absent;     // not in the text
    const char* span;       // a piece of the text ...
    std::string source;     // ... and the bytes it maps to
  };
  const Case cases[] = {
      {"u + U+0308 becomes ü, e + U+0301 becomes é",
       "Besonders bei Babyschalen sollte gepru\xCC\x88" "ft werden, ob der "
       "Gurt reicht; der Jane\xCC\x81" " Koos passt.",
       "sollte geprüft werden, ob der Gurt reicht; der Jané Koos passt.",
       "\xCC\x88", "geprüft", "gepru\xCC\x88" "ft"},
      {"ruby readings are not text",
       "<ruby>外国人<rt>がいこくじん</rt></ruby>の<ruby>皆<rp>(</rp><rt>みな</rt>"
       "<rp>)</rp></ruby>さんのために、わかりやすいことばでニュースを書いて"
       "います。毎日新しいニュースを読むことができます。",
       "外国人の皆さんのために", "がいこくじん", "皆さん",
       "皆<rp>(</rp><rt>みな</rt><rp>)</rp></ruby>さん"},
  };
  for (const Case& c : cases) {
    std::string html =
        "<html><body><article><p>" + c.paragraph + "</p></article></body></html>";
    Page page = Extractor().Extract(html, "");
    EXPECT_NE(page.text.find(c.want), std::string::npos) << c.name << "\n" << page.text;
    EXPECT_EQ(page.text.find(c.absent), std::string::npos) << c.name;
    EXPECT_EQ(Source(page, html, c.span), c.source) << c.name;
  }
}

TEST(PageTest, SpansMapInsideTheirElement) {
  std::string html = kArticle;
  Page page = Extractor().Extract(html, "");
  // Every word of the text maps to the same bytes in the input.
  for (const char* word : {"ministry", "1,500", "anonymity", "port city",
                           "bold", "a link", "Ships reach the port"}) {
    EXPECT_EQ(Source(page, html, word), word) << word;
  }
  // The subheading maps into its <h2> element, not into the first "port"
  // of the page. (The <h1> headline is the title, not body text.)
  size_t at = page.text.find("Ships reach the port");
  auto span = page.map.ToOriginalSpan(at, at + 20);
  EXPECT_GT(span.first, html.find("<h2>"));
  EXPECT_LT(span.second, html.find("</h2>") + 1);
  EXPECT_EQ(page.text.find("Troops sent north"), std::string::npos);
  // A span across tags covers the markup between.
  EXPECT_EQ(Source(page, html, "bold and"), "bold</b> and");
}

TEST(PageTest, NodesOpeningWithEntitiesAreFound) {
  // Regression: a text node that starts with an entity ("&#8220;",
  // "&nbsp;") was left unaligned, and its words mapped to markup.
  std::string html =
      "<html><body><div><a href=\"/Pam\" title=\"Pam\">Pam</a></div>"
      "<p>&#8220;Quoted start&#8221; of a paragraph, which is long enough "
      "to count as the prose of this page.</p><p><strong>Hinweis:</strong>"
      "&nbsp;Tier- und Pflanzenarten sind bedroht, sagt der Bericht, und "
      "das schon seit Jahren.</p></body></html>";
  Page page = Extractor().Extract(html, "");
  EXPECT_EQ(Source(page, html, "Quoted start"), "Quoted start");
  EXPECT_EQ(Source(page, html, "\xE2\x80\x9CQuoted"), "&#8220;Quoted");
  EXPECT_EQ(Source(page, html, "Pflanzenarten sind"), "Pflanzenarten sind");
}

// Numeric references of every UTF-8 length map to the reference; one that
// names no character (a surrogate, past U+10FFFF, NUL) expands to nothing.
TEST(PageTest, NumericReferencesOfEveryLengthMapBack) {
  std::string html =
      "<html><body><p>Caf&#xE9; costs &#8364;5 and gets &#x1F600; a smile, "
      "bad&#xD800;one&#x110000;two&#0;three, in a paragraph long enough to "
      "count as the prose of this page.</p></body></html>";
  Page page = Extractor().Extract(html, "");
  EXPECT_NE(page.text.find("Caf\xC3\xA9 costs \xE2\x82\xAC" "5 and gets \xF0\x9F\x98\x80 a"),
            std::string::npos)
      << page.text;
  EXPECT_EQ(Source(page, html, "Caf\xC3\xA9"), "Caf&#xE9;");
  EXPECT_EQ(Source(page, html, "\xE2\x82\xAC" "5"), "&#8364;5");
  EXPECT_EQ(Source(page, html, "\xF0\x9F\x98\x80 a"), "&#x1F600; a");
  EXPECT_EQ(page.text.find("\xED\xA0\x80"), std::string::npos);
  EXPECT_NE(page.text.find("three"), std::string::npos);
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

TEST(PageTest, NestingBombIsBoundedAndReported) {
  std::string html =
      "<html><body><p>Text before the bomb, a sentence of the page.</p>";
  for (int i = 0; i < 1000000; ++i) html += "<div>";
  html += "<p>Deep text inside a million divs.</p>";
  Page page = Extractor().Extract(html, "");
  EXPECT_EQ(page.error, "");
  EXPECT_NE(page.text.find("Text before the bomb"), std::string::npos);
  EXPECT_NE(page.meta.provenance["truncated"], "");
}

TEST(PageTest, HugePageIsCutAtTheLimit) {
  std::string para =
      "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
      "eiusmod tempor incididunt ut labore et dolore.</p>\n";
  std::string html = "<html><body><article>";
  while (html.size() < (17u << 20)) html += para;  // past the 16 MB limit
  Page page = Extractor().Extract(html, "");
  EXPECT_EQ(page.error, "");
  EXPECT_NE(page.meta.provenance["truncated"], "");
  EXPECT_GT(page.text.size(), 10u << 20);
  EXPECT_LE(page.map.ToOriginal(page.text.size()), 16u << 20);
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

// A legacy charset whose characters become UTF-8 of every length: GB18030
// "\xA8\xA6" is U+00E9, "\xC8\xD5" U+65E5, "\x94\x39\xFC\x36" U+1F600.
TEST(PageTest, Gb18030PageConvertsToEveryUtf8Length) {
  std::string html =
      "<html><head><meta charset=\"gb18030\"></head><body>"
      "<p>Caf\xA8\xA6 \xC8\xD5\xB1\xBE smile \x94\x39\xFC\x36 in a longer paragraph "
      "of text written in a legacy encoding.</p></body></html>";
  Page page = Extractor().Extract(html, "");
  EXPECT_TRUE(IsValidUtf8(page.text));
  EXPECT_NE(page.text.find("Caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC smile \xF0\x9F\x98\x80 in"),
            std::string::npos)
      << page.text;
  EXPECT_EQ(Source(page, html, "\xF0\x9F\x98\x80 in"), "\x94\x39\xFC\x36 in");
  EXPECT_EQ(Source(page, html, "\xE6\x97\xA5"), "\xC8\xD5");
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

TEST(PageTest, MetadataFromJsonLdFirstWithProvenance) {
  std::string html = R"(<html lang="de"><head>
<title>Headline - Example News</title>
<meta property="og:title" content="OG headline">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-10-22T10:00:00Z">
<meta name="author" content="Meta Author">
<link rel="canonical" href="https://news.example/politik/story-1">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Example"},
 {"@type":"NewsArticle","headline":"JSON-LD headline",
  "datePublished":"2024-10-23T08:15:00+02:00",
  "dateModified":"2024-10-24T09:00:00+02:00",
  "author":[{"@type":"Person","name":"Jane Doe"},{"name":"Max Muster"}],
  "publisher":{"@type":"Organization","name":"Example Media"}}]}
</script></head><body><article>
<p>Ein Absatz mit genug Text, damit er als Artikel zählt, und noch etwas mehr.</p>
</article></body></html>)";
  Page page = Extractor().Extract(html, "");
  EXPECT_EQ(page.meta.title, "JSON-LD headline");
  EXPECT_EQ(page.meta.published, "2024-10-23");
  EXPECT_EQ(page.meta.modified, "2024-10-24");
  EXPECT_EQ(page.meta.author, "Jane Doe, Max Muster");
  EXPECT_EQ(page.meta.outlet, "Example News");
  EXPECT_EQ(page.meta.url, "https://news.example/politik/story-1");
  EXPECT_EQ(page.meta.lang, "de");
  EXPECT_EQ(page.meta.provenance["published"], "json-ld:datePublished");
  EXPECT_EQ(page.meta.provenance["modified"], "json-ld:dateModified");
  EXPECT_EQ(page.meta.provenance["author"], "json-ld:author");
  EXPECT_EQ(page.meta.provenance["outlet"], "og:site_name");
  EXPECT_EQ(page.meta.provenance["url"], "link:canonical");
}

TEST(PageTest, DatesFromUrlTimeAndBylineInOrder) {
  // A full date in the address outranks everything else.
  Page by_url = Extractor().Extract(
      "<html><head><meta property=\"article:published_time\" "
      "content=\"2020-01-02\"></head><body><p>Text of the article, long "
      "enough to be prose, with a sentence.</p></body></html>",
      "https://example.com/2019/10/16/story.html");
  EXPECT_EQ(by_url.meta.published, "2019-10-16");
  EXPECT_EQ(by_url.meta.provenance["published"], "url");

  Page by_time = Extractor().Extract(
      "<html><body><article><time datetime=\"2021-03-04T10:00\" pubdate>4 "
      "March</time><p>Text of the article, long enough to be prose, with a "
      "sentence or two in it.</p></article></body></html>",
      "");
  EXPECT_EQ(by_time.meta.published, "2021-03-04");
  EXPECT_EQ(by_time.meta.provenance["published"], "time:published");

  Page by_line = Extractor().Extract(
      "<html><body><article><div class=\"byline\">Von Erika Muster</div>"
      "<p>Veröffentlicht am 5. März 2022</p><p>Text des Artikels, lang "
      "genug, um als Fließtext zu gelten, mit einem ganzen Satz.</p>"
      "</article></body></html>",
      "");
  EXPECT_EQ(by_line.meta.published, "2022-03-05");
  EXPECT_EQ(by_line.meta.author, "Erika Muster");
  EXPECT_EQ(by_line.meta.provenance["author"], "byline");
}

TEST(PageTest, EncodingFromBomAndDetection) {
  // UTF-8 BOM: offsets count the BOM.
  std::string bom =
      "\xEF\xBB\xBF<html><body><p>Caf\xC3\xA9 text of a page in UTF-8 "
      "with a byte-order mark in front of it.</p></body></html>";
  Page a = Extractor().Extract(bom, "");
  EXPECT_EQ(Source(a, bom, "with a byte-order"), "with a byte-order");
  EXPECT_EQ(a.meta.provenance["encoding"], "bom:utf-8");

  // No declaration, not UTF-8: the detector reads it as Latin.
  std::string latin =
      "<html><body><p>Gr\xFC\xDF Gott aus M\xFCnchen! Die Stra\xDF" "e ist "
      "sch\xF6n, und \xFC" "ber die Br\xFC" "cke f\xE4hrt der Zug nach "
      "S\xFC" "den.</p></body></html>";
  Page b = Extractor().Extract(latin, "");
  EXPECT_TRUE(IsValidUtf8(b.text));
  EXPECT_NE(b.text.find("M\xC3\xBCnchen"), std::string::npos) << b.text;
  EXPECT_EQ(b.meta.provenance["encoding"].substr(0, 9), "detected:");
  EXPECT_EQ(Source(b, latin, "M\xC3\xBCnchen"), "M\xFCnchen");
}

TEST(PageTest, TransportCharsetReadsPagesThatDeclareNone) {
  // A short Polish page in windows-1250, which detection alone misreads.
  std::string polish =
      "<html><body><p>Za\xBF\xF3\xB3\xE6 g\xEA\x9Cl\xB9 ja\x9F\xF1.</p></body></html>";
  Page a = Extractor().Extract(polish, "", "windows-1250");
  EXPECT_EQ(a.text,
            "Za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87 g\xC4\x99\xC5\x9Bl\xC4\x85 "
            "ja\xC5\xBA\xC5\x84.");
  EXPECT_EQ(a.meta.provenance["encoding"], "transport:windows-1250");
  EXPECT_EQ(Source(a, polish, "g\xC4\x99\xC5\x9Bl\xC4\x85"), "g\xEA\x9Cl\xB9");
  // Labels as a Content-Type may write them.
  EXPECT_EQ(Extractor().Extract(polish, "", "WINDOWS-1250").text, a.text);
  EXPECT_NE(Extractor().Extract(polish, "").meta.provenance["encoding"], "transport:windows-1250");

  // The page's own declaration and a BOM win over the transport's.
  std::string declared =
      "<html><head><meta charset=\"windows-1250\"></head><body><p>Za\xBF\xF3\xB3\xE6 "
      "g\xEA\x9Cl\xB9 ja\x9F\xF1.</p></body></html>";
  Page b = Extractor().Extract(declared, "", "windows-1253");
  EXPECT_NE(b.text.find("g\xC4\x99\xC5\x9Bl\xC4\x85"), std::string::npos) << b.text;
  EXPECT_EQ(b.meta.provenance["encoding"], "meta-charset:windows-1250");
  std::string bom = "\xEF\xBB\xBF<html><body><p>Caf\xC3\xA9.</p></body></html>";
  EXPECT_EQ(Extractor().Extract(bom, "", "windows-1250").meta.provenance["encoding"], "bom:utf-8");

  // A charset no converter knows falls back to detection.
  Page c = Extractor().Extract(polish, "", "x-no-such-charset");
  EXPECT_TRUE(IsValidUtf8(c.text));
  EXPECT_TRUE(c.error.empty()) << c.error;
}

TEST(PageTest, BoilerplateLeftOutOfMainText) {
  std::string html = R"(<html><body>
<nav><a href="/">Home</a> <a href="/a">World</a> <a href="/b">Sport</a></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience on this site, accept them all.</p></div>
<article><h1>Headline</h1>
<p class="byline">By Jane Doe</p>
<p>The first paragraph of the article tells the story, with a long sentence that goes on and on.</p>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<p>The second paragraph adds detail, quotes an official who spoke to reporters, and says more.</p>
<p>The third paragraph gives the background of the story, and it ends the article properly.</p>
<h3>Related articles</h3>
<ul><li><a href="/x">Another story you might like to read today</a></li>
<li><a href="/y">Yet another story with a long linked title here</a></li></ul>
</article>
<div id="comments"><p>First comment: this is a long comment text written by a reader of the page.</p></div>
<footer><p>Copyright 2024 Example Media. All rights reserved. Imprint and privacy.</p></footer>
</body></html>)";
  Page page = Extractor().Extract(html, "");
  EXPECT_NE(page.text.find("The first paragraph"), std::string::npos);
  EXPECT_NE(page.text.find("ends the article properly."), std::string::npos);
  for (const char* junk : {"Home", "cookies", "Share on", "Another story",
                           "First comment", "Copyright", "Related articles"}) {
    EXPECT_EQ(page.text.find(junk), std::string::npos) << junk << "\n"
                                                       << page.text;
  }
}

// A line that is only a time of day (with a word from date_words.tsv,
// kind "clock") is a timestamp, not text.
TEST(PageTest, TimestampLinesLeftOut) {
  std::string html = R"(<html><body><article><h1>Headline</h1>
<p>16:14 Uhr</p>
<p>The first paragraph of the article tells the story, with a long sentence that goes on and on.</p>
<p>3:59 PM</p>
<p>The second paragraph adds detail, quotes an official who spoke to reporters, and says more.</p>
<p>09:30 WIB</p>
<p>10:30 was the hour the meeting began, and the third paragraph ends the article properly.</p>
</article></body></html>)";
  Page page = Extractor().Extract(html, "");
  EXPECT_NE(page.text.find("10:30 was the hour"), std::string::npos)
      << page.text;
  for (const char* stamp : {"16:14", "3:59", "09:30"}) {
    EXPECT_EQ(page.text.find(stamp), std::string::npos) << stamp << "\n"
                                                        << page.text;
  }
}

// Notices, alerts, fly-outs and app-store boxes (hints_negative.txt) set
// inside the article are not its text.
TEST(PageTest, NoticesAlertsAndFlyoutsLeftOut) {
  std::string html = R"(<html><body><article><h1>Headline</h1>
<p>The first paragraph of the article tells the story, with a long sentence that goes on and on.</p>
<div class="c-flyout"><p>Every small gift helps the people in need of this world, give today!</p></div>
<p>The second paragraph adds detail, quotes an official who spoke to reporters, and says more.</p>
<div class="alert is--success"><p>The item was added to your wishlist successfully.</p></div>
<p>The third paragraph gives the background of the story, and it ends the article properly.</p>
<div class="community-notice">This post gives the opinion of its author, not that of the newsroom.</div>
<div class="appstores"><h3>Read the magazine in our app on your phone</h3></div>
<div class="it-ad-wrapper"><p>Deepfake films: the new studio that sells your face to everyone.</p></div>
<div class="c--emergency-banner"><h2>University operating status</h2><p>The campus is open and classes meet as planned today.</p></div>
</article></body></html>)";
  Page page = Extractor().Extract(html, "");
  EXPECT_NE(page.text.find("ends the article properly."), std::string::npos)
      << page.text;
  for (const char* junk : {"small gift", "wishlist", "opinion of its author",
                           "in our app", "Deepfake", "operating status",
                           "campus is open"}) {
    EXPECT_EQ(page.text.find(junk), std::string::npos) << junk << "\n"
                                                       << page.text;
  }
}

// `n` paragraphs of article prose, about 150 characters each.
std::string Paragraphs(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "<p>A paragraph of the article tells the story, with a long "
           "sentence that goes on and on about the matter at hand, and then "
           "another sentence that quotes an official who spoke to "
           "reporters.</p>";
  }
  return out;
}

// A "Related" box inside the article drops the box, not the rest of the
// article; a "Related" section at its end still ends it.
TEST(PageTest, RelatedBoxInsideTheArticleSkipped) {
  // Over stop_min_prose_chars (weights.tsv) of prose before the box.
  const std::string p1 = Paragraphs(8);
  const std::string box =
      "<div class=\"box\"><h3>Related</h3><ul><li><a href=\"/a\">Another "
      "story you might like</a></li><li><a href=\"/b\">Yet another "
      "story</a></li></ul></div>";
  const std::string p2 =
      "<p>The story continues after the box: the ministry said the plan would "
      "go ahead, and the opposition said it would fight it in court.</p>"
      "<p>Another paragraph after the box gives the background, with dates, "
      "places and the names of those who took part in the talks.</p>"
      "<p>A last paragraph closes the article with a quote from a resident, "
      "who said she had seen nothing of the kind in forty years.</p>";
  Page inside = Extractor().Extract(
      "<html><body><article>" + p1 + box + p2 + "</article></body></html>", "");
  EXPECT_NE(inside.text.find("The story continues"), std::string::npos)
      << inside.text;
  EXPECT_NE(inside.text.find("forty years."), std::string::npos);
  EXPECT_EQ(inside.text.find("Another story"), std::string::npos);
  EXPECT_EQ(inside.text.find("Related"), std::string::npos);
  Page at_end = Extractor().Extract(
      "<html><body><article>" + p1 + p2 +
          "<h3>Related</h3><p>More from us: a story about something else "
          "entirely, told at length, with many words in it, and more.</p>"
          "</article></body></html>",
      "");
  EXPECT_EQ(at_end.text.find("More from us"), std::string::npos) << at_end.text;
}

// "post-" opens taxonomy class names ("post-12345", "post-template"), but
// "post-author" is a hint word of its own: an author box beside the
// article stays out.
TEST(PageTest, HintWordsWithTaxonomyPrefixesCount) {
  const std::string p = Paragraphs(8);
  Page page = Extractor().Extract(
      "<html><body><div id=\"content\"><article class=\"post post-12345\">" +
          p +
          "</article><div class=\"post-author-bio\"><p>Die Autorin schreibt "
          "seit vielen Jahren über das Schwimmen und trainiert selbst "
          "jeden Tag.</p></div></div></body></html>",
      "");
  EXPECT_NE(page.text.find("A paragraph of the article"), std::string::npos);
  EXPECT_EQ(page.text.find("Die Autorin"), std::string::npos) << page.text;
}

// Short lines after the last sentence are dropped; list items and table
// cells (a ranking, an address) stay.
TEST(PageTest, ShortLinesTrailingTheArticleLeftOut) {
  const std::string body =
      "<p>The first paragraph of the article tells the story, with a long "
      "sentence that goes on and on.</p><p>The second paragraph adds detail, "
      "quotes an official, and ends the article properly.</p>";
  // {what follows the last sentence, how the text ends}
  const std::pair<const char*, const char*> cases[] = {
      {"<h3>More travel tips</h3><p>Topics: Hiking Sweden</p><p>News</p>",
       "ends the article properly."},
      {"<ul><li>3. Ray Gillen</li><li>2. Kevin Dubrow</li><li>1. Joshua "
       "Todd</li></ul>",
       "1. Joshua Todd"},
      // A line the article element writes itself, after its paragraphs.
      {"<time datetime=\"2020-04-03\">Published: 03.04.2020, 12:35</time>",
       "ends the article properly."},
      // Calls to action (data/page/calls_to_action.txt) among the last two.
      {"<p>Subscribe now to our print edition for the full story.</p><p>For "
       "the latest news download the app for iOS and Android.</p>",
       "ends the article properly."},
      // Short lines before a call to action go with it: the rules run again
      // after each cut.
      {"<p>Pour accéder en illimité</p><p>aux articles du journal</p>"
       "<p>Profitez de notre offre découverte.</p>",
       "ends the article properly."},
  };
  for (const auto& [after, end] : cases) {
    Page page = Extractor().Extract(
        "<html><body><article>" + body + after + "</article></body></html>", "");
    EXPECT_TRUE(page.text.ends_with(end)) << page.text;
    // The same when the article element has a few words of its own (a
    // "Share" label): it holds the paragraphs but is not the last line.
    page = Extractor().Extract("<html><body><article>Share" + body + after +
                                   "</article></body></html>",
                               "");
    EXPECT_TRUE(page.text.ends_with(end)) << page.text;
  }
}

// A section title alone in its box heads the teasers in the boxes after
// it: the article ends there, though prose follows.
TEST(PageTest, SectionTitleAloneInItsBoxEndsTheArticle) {
  const std::string teasers =
      "<div class=\"w\"><p>A teaser of another post, told at some length, with "
      "several clauses and many words, so that it reads as prose, and then "
      "another sentence that says what the post is about.</p><p>And a second "
      "teaser of yet another post, also long enough to be prose, about "
      "something else entirely, with a sentence that goes on and on.</p><p>A "
      "third teaser closes the list of posts the site recommends, with more "
      "words than the others, and a quote from one of its readers.</p></div>";
  Page page = Extractor().Extract(
      "<html><body><article>" + Paragraphs(8) +
          "<div class=\"w\"><h2>Related posts</h2></div>" + teasers +
          "</article></body></html>",
      "");
  EXPECT_NE(page.text.find("A paragraph of the article"), std::string::npos);
  EXPECT_EQ(page.text.find("teaser"), std::string::npos) << page.text;
}

// A short post (a photo post's settings, a podcast's notes) has no block
// of prose to win; its article container, holding most of the unlinked
// text, is chosen over a widget's paragraph.
TEST(PageTest, ShortPostTakenFromItsContainer) {
  std::string lines;
  for (const char* l : {"Camera one: Pentax Z-1p.", "Camera two: Nikon FM2.",
                        "Film: Fuji X-TRA 400.", "Tokyo in the spring.",
                        "Berlin in the autumn.", "Both rolls in April.",
                        "Developed in May.", "Scanned at home.",
                        "Twelve frames each."})
    lines += std::string("<p>") + l + "</p>";
  Page page = Extractor().Extract(
      "<html><body><div class=\"wrap\"><div class=\"main\"><div "
      "class=\"inner\"><div class=\"entry-content\"><h3>Settings</h3>" +
          lines +
          "</div></div></div></div><div id=\"sb-radio\"><p>Our radio plays songs for the "
          "soul every night, so tune in, and write to us: we read every "
          "letter.</p></div><div class=\"links\"><a href=\"/\">Start page</a> "
          "<a href=\"/a\">Archive of older posts</a> <a href=\"/c\">Contact "
          "the editors</a></div></body></html>",
      "");
  EXPECT_NE(page.text.find("Pentax Z-1p"), std::string::npos) << page.text;
  EXPECT_NE(page.text.find("Twelve frames each."), std::string::npos)
      << page.text;
  EXPECT_EQ(page.text.find("radio"), std::string::npos) << page.text;
}

// A <figure> frames a table of the article as well as an image: the table
// is text, the captions stay out.
TEST(PageTest, TableInsideAFigureIsText) {
  Page page = Extractor().Extract(
      "<html><body><article>" + Paragraphs(3) +
          "<figure><table><tr><th>Withdrawal fee</th><td>1 GBP "
          "withdrawal</td></tr><tr><th>Deposit fee</th><td>none</td></tr>"
          "</table><figcaption>The fees compared side by side</figcaption>"
          "</figure><figure><img src=\"a.jpg\"><figcaption>The founders in "
          "their first office</figcaption></figure>" +
          Paragraphs(2) + "</article></body></html>",
      "");
  EXPECT_NE(page.text.find("1 GBP withdrawal"), std::string::npos) << page.text;
  EXPECT_EQ(page.text.find("fees compared"), std::string::npos) << page.text;
  EXPECT_EQ(page.text.find("founders"), std::string::npos) << page.text;
}

// Class names of boxes that are not the article: a list of its authors with
// their bios ("authors"), the stand-in of an embed not loaded with its
// consent text ("placeholder"), related posts under the "post-" prefix
// that otherwise marks taxonomy ("post-related").
TEST(PageTest, AuthorListsPlaceholdersAndRelatedPostsLeftOut) {
  Page page = Extractor().Extract(
      "<html><body><article class=\"post post-42\">" + Paragraphs(3) +
          "<div class=\"video-placeholder\"><div class=\"message\">We "
          "respect your privacy, so this video loads only when you agree to "
          "it, press the button.</div></div>" +
          Paragraphs(3) +
          "<div class=\"full authors\"><h5>Mark Example</h5><p>Mark writes "
          "software for a living, and has done so, happily, for many "
          "years.</p></div><section class=\"post-related\"><p>Another post "
          "about testing, long enough to be read as prose, with a sentence "
          "or two.</p></section></article></body></html>",
      "");
  EXPECT_NE(page.text.find("A paragraph of the article"), std::string::npos);
  for (const char* junk : {"respect your privacy", "Mark", "Another post"}) {
    EXPECT_EQ(page.text.find(junk), std::string::npos) << junk << "\n"
                                                       << page.text;
  }
}

TEST(PageTest, CreditsLabelsAndAuthorBoxesLeftOut) {
  std::string html = R"(<html><body><article><h1>Headline</h1>
<p>Politik</p>
<p>The first paragraph of the article tells the story, with a long sentence that goes on and on.</p>
<p>A caption under the photo of the harbour. &copy; AFP / Jane Roe</p>
<p>The second paragraph adds detail, quotes an official who spoke to reporters, and says more.</p>
<p>(Credit: John Smith / Agency)</p>
<p>4 min read</p>
<p>The third paragraph gives the background of the story, and it ends the article properly.</p>
<div class="mini-bio"><p>Jane Doe is a senior writer who covers politics, trade and the economy for us.</p></div>
<h3>Mehr zu diesem Thema</h3>
</article></body></html>)";
  Page page = Extractor().Extract(html, "");
  EXPECT_NE(page.text.find("ends the article properly."), std::string::npos)
      << page.text;
  for (const char* junk : {"Politik", "AFP", "Credit", "min read",
                           "senior writer", "Mehr zu"}) {
    EXPECT_EQ(page.text.find(junk), std::string::npos) << junk << "\n"
                                                       << page.text;
  }
}

// Lines that open with a caption label (caption_labels.txt of each
// language), a figure number and a colon are captions, not text.
TEST(PageTest, CaptionLinesLeftOut) {
  std::string html = R"(<html><body><article><h1>Headline</h1>
<p>The first paragraph of the article tells the story, with a long sentence that goes on and on.</p>
<p><img src="a.png"><br><em>Abbildung 4: klassische Schwachschicht im Profil.</em></p>
<p>The second paragraph adds detail, quotes an official who spoke to reporters, and says more.</p>
<div><img src="b.png"><span>Figure 2a: Font sizes of the axis text.</span></div>
<p>Figure skating: the third paragraph names a sport and keeps its label, as text does.</p>
<p>Gambar: Peta lokasi banjir di Jakarta.</p>
<p>Bilder: the fourth paragraph opens with a longer word and ends the article properly.</p>
</article></body></html>)";
  Page page = Extractor().Extract(html, "");
  for (const char* kept : {"Figure skating:", "Bilder: the fourth"}) {
    EXPECT_NE(page.text.find(kept), std::string::npos) << kept << "\n"
                                                       << page.text;
  }
  for (const char* caption : {"Abbildung 4", "Figure 2a", "Gambar"}) {
    EXPECT_EQ(page.text.find(caption), std::string::npos) << caption << "\n"
                                                          << page.text;
  }
}

// A short line that opens with a "read also" label and a colon points to
// another article (read_also.txt of each language, then data/page/).
TEST(PageTest, ReadAlsoLinesLeftOut) {
  std::string html = R"(<html><body><article><h1>Headline</h1>
<p>The first paragraph of the article tells the story, with a long sentence that goes on and on.</p>
<p>Baca juga: Harga beras naik lagi di pasar induk</p>
<p>The second paragraph adds detail, quotes an official who spoke to reporters, and says more.</p>
<p><strong>MIRA:</strong> Madre se acerca a la comisaría y termina detenida</p>
<p>Related to the vote, the third paragraph gives the background and ends the article properly.</p>
</article></body></html>)";
  Page page = Extractor().Extract(html, "");
  EXPECT_NE(page.text.find("Related to the vote"), std::string::npos) << page.text;
  for (const char* link : {"Baca juga", "Harga beras", "MIRA", "Madre"}) {
    EXPECT_EQ(page.text.find(link), std::string::npos) << link << "\n" << page.text;
  }
}

// A line that opens with a publication label and its date is a date stamp,
// however much follows it (an update date, a time); a sentence that names
// a date after a label-like word is text.
TEST(PageTest, LabelledDateLinesLeftOut) {
  std::string html = R"(<html><body><article><h1>Headline</h1>
<p>Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02</p>
<p>The first paragraph of the article tells the story, with a long sentence that goes on and on.</p>
<p>Published: 03.03.2021 | Updated: 04.03.2021, 12:02 by the news desk</p>
<p>The second paragraph adds detail, quotes an official who spoke to reporters, and says more.</p>
<p>Published in the spring, on 3 March 2021, the report ends the article properly.</p>
</article></body></html>)";
  Page page = Extractor().Extract(html, "");
  EXPECT_NE(page.text.find("Published in the spring"), std::string::npos) << page.text;
  for (const char* stamp : {"Pubblicato", "Published: 03"}) {
    EXPECT_EQ(page.text.find(stamp), std::string::npos) << stamp << "\n" << page.text;
  }
  EXPECT_EQ(page.meta.published, "2020-02-19");
  EXPECT_EQ(page.meta.provenance["published"], "text:dateline");
}

}  // namespace
}  // namespace warta

namespace warta {
namespace page_internal {
namespace {

TEST(PageDateTest, FindsDatesAsWritten) {
  auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  ASSERT_TRUE(data.ok());
  auto config = LoadConfig(*data);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  struct Case {
    const char* text;
    const char* want;
  };
  const Case cases[] = {
      {"2019-10-16T08:00:00+02:00", "2019-10-16"},
      {"Posted 16.10.2019 by", "2019-10-16"},
      {"am 3.11.2023</span>", "2023-11-03"},
      {"16. Oktober 2019", "2019-10-16"},
      {"16 octobre 2019", "2019-10-16"},
      {"Oct. 16th, 2019", "2019-10-16"},
      {"October 16, 2019", "2019-10-16"},
      {"3/25/2020", "2020-03-25"},
      {"25/03/2020", "2020-03-25"},
      {"14. März 2021", "2021-03-14"},
      {"Version 1.2.3 from 31.02.2019", ""},  // no 31 February
      {"call 0800 123 4567", ""},
      // Two-digit years: dots, two-digit day and month only.
      {"Party, 30.10.23", "2023-10-30"},
      {"<span>02.12.19</span>", "2019-12-02"},
      {"Registriert: 26.10.98", "1998-10-26"},
      {"release 10.12.23.4", ""},  // a version number
      {"build 1.10.12.23", ""},
      {"3.10.23", ""},  // one-digit day: a version, not a date
      {"10/12/23", ""},
      // Ordinals and joining words (data/page/date_words.tsv).
      {"publié le 1er novembre 2023", "2023-11-01"},
      {"1 de noviembre de 2023", "2023-11-01"},
      {"the 1st of May 2020", "2020-05-01"},
      {"10-31-2023", "2023-10-31"},
      // Year first with marks, and more month names.
      {"发布时间：2019年10月16日 08:00", "2019-10-16"},
      {"2019년 10월 16일", "2019-10-16"},
      {"16 октября 2019", "2019-10-16"},
      {"16. października 2019", "2019-10-16"},
      {"16 Ekim 2019", "2019-10-16"},
      // A space after each dot.
      {"Von Tennis Bund 4. 2. 2022.", "2022-02-04"},
      {"Platz 1. 2. Reihe", ""},
      // Month names from data/lang/<code>/months.tsv too.
      {"17 Agustus 2024", "2024-08-17"},
      {"3 Nopember 2023", "2023-11-03"},
      // Before 1995 or after the crawl: never a publication date.
      {"Gegründet am 3. Oktober 1990", ""},
      {"Konzert am 12.08.2038", ""},
      {"Konzert am 12.08.2038, angekündigt am 1.2.2022", "2022-02-01"},
  };
  for (const Case& c : cases) {
    std::string iso;
    bool found = FindDate(c.text, *config, false, &iso, nullptr);
    EXPECT_EQ(found ? iso : "", c.want) << c.text;
  }
  std::string iso;
  EXPECT_TRUE(FindDate("https://x.se/20200428/meet", *config, true, &iso, nullptr));
  EXPECT_EQ(iso, "2020-04-28");
  EXPECT_TRUE(FindDate("https://x.com/2019/10/16/a", *config, true, &iso, nullptr));
  EXPECT_EQ(iso, "2019-10-16");
  EXPECT_TRUE(FindDate("https://x.com/2019/10/3/a", *config, true, &iso, nullptr));
  EXPECT_EQ(iso, "2019-10-03");
  // A one-digit "day" that runs into the slug is its first word.
  EXPECT_FALSE(FindDate("https://x.de/2023/10/3-fragen-an-sie/", *config, true,
                        &iso, nullptr));
}

TEST(PageDateTest, FindsEveryDateInOrder) {
  auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  ASSERT_TRUE(data.ok());
  auto config = LoadConfig(*data);
  ASSERT_TRUE(config.ok());
  std::vector<FoundDate> found;
  FindDates("Published 3 March 2021, updated 05.03.2021 10:00; see 2020-12-01",
            *config, 10, &found);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].iso, "2021-03-03");
  EXPECT_EQ(found[1].iso, "2021-03-05");
  EXPECT_EQ(found[2].iso, "2020-12-01");
  EXPECT_EQ(found[2].at, 54u);
  FindDates("1.1.2020 2.1.2020 3.1.2020", *config, 2, &found);
  EXPECT_EQ(found.size(), 2u);
}

// One row per rule of CheckShownDates: the published date read from markup
// against the dates the page shows.
TEST(PageDateTest, PublishedDateCheckedAgainstShownDates) {
  struct Case {
    const char* name;
    const char* published;
    const char* modified;
    const char* raw;    // the value the published date was read from
    std::vector<const char*> shown;
    const char* want;
    const char* rule;  // provenance, "" when unchanged
  };
  const Case cases[] = {
      {"shown published date stays", "2022-01-10", "2022-03-01",
       "2022-01-10T08:00:00+01:00", {"2022-01-10", "2022-03-01"},
       "2022-01-10", ""},
      {"only the update date shown: re-dated article", "2021-11-29",
       "2022-01-12", "2021-11-29T14:13:37+00:00", {"2022-01-12"}, "2022-01-12",
       "shown:modified"},
      {"nothing shown: markup kept", "2021-11-29", "2022-01-12",
       "2021-11-29T14:13:37+00:00", {}, "2021-11-29", ""},
      {"UTC early morning, page shows the day before", "2023-11-09", "",
       "2023-11-09T02:11:03+00:00", {"2023-11-08", "2023-11-01"}, "2023-11-08",
       "shown:local-day"},
      {"UTC late evening, page shows the day after", "2019-10-18", "",
       "2019-10-18T22:04:00Z", {"2019-10-19"}, "2019-10-19",
       "shown:local-day"},
      {"day change across a year", "2020-01-01", "", "2020-01-01T03:00:00Z",
       {"2019-12-31"}, "2019-12-31", "shown:local-day"},
      {"midday UTC: no day change", "2022-01-25", "",
       "2022-01-25T12:16:21+00:00", {"2022-01-24"}, "2022-01-25", ""},
      {"the other day only in a sidebar, not first", "2022-01-25", "",
       "2022-01-25T04:16:21+00:00", {"2022-01-20", "2022-01-24"},
       "2022-01-25", ""},
      {"local timestamp: its day is the page's", "2023-11-09", "",
       "2023-11-09T02:11:03-05:00", {"2023-11-08"}, "2023-11-09", ""},
      {"markup's day not shown, the page's first date days later",
       "2011-02-21", "", "2011-02-21", {"2011-03-03", "2011-03-03"},
       "2011-03-03", "shown:first"},
      {"the page's first date months later: a date the story tells of",
       "2011-02-21", "", "2011-02-21", {"2011-06-01"}, "2011-02-21", ""},
      {"the page's first date after the modified date", "2022-01-04",
       "2022-01-10", "2022-01-04", {"2022-01-20"}, "2022-01-04", ""},
  };
  auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  ASSERT_TRUE(data.ok());
  auto config = LoadConfig(*data);
  ASSERT_TRUE(config.ok());
  for (const Case& c : cases) {
    Metadata meta;
    meta.published = c.published;
    meta.modified = c.modified;
    meta.provenance["published"] = "json-ld:datePublished";
    DateHints hints;
    hints.published_raw = c.raw;
    std::vector<FoundDate> shown;
    for (const char* d : c.shown) shown.push_back(FoundDate{d, 0});
    if (NeedsShownDates(meta, hints))
      CheckShownDates(shown, hints, *config, &meta);
    EXPECT_EQ(meta.published, c.want) << c.name;
    if (*c.rule != 0) {
      EXPECT_EQ(meta.provenance["published"], c.rule) << c.name;
    } else {
      EXPECT_EQ(meta.provenance["published"], "json-ld:datePublished")
          << c.name;
    }
  }
}

// Sidebar and teaser dates against the article's own, near its headline.
TEST(PageDateTest, DateNearestTheHeadlineWins) {
  auto page = [](const std::string& body) {
    return Extractor().Extract(
        "<html><body>" + body +
            "<p>Text of the article, long enough to be prose, with a sentence "
            "or two in it and then some more words.</p></body></html>",
        "");
  };
  struct Case {
    const char* name;
    std::string body;
    const char* want;
    const char* rule;
  };
  std::string sidebar;
  for (int i = 1; i <= 9; ++i) {
    sidebar += "<div class=\"teaser\"><time datetime=\"2018-03-1" +
               std::to_string(i) + "\">" + std::to_string(i) +
               "</time><a href=\"/x\">Other story</a></div>";
  }
  std::string filler;
  for (int i = 0; i < 60; ++i) filler += "<div><span>cell</span></div>";
  const Case cases[] = {
      {"date line right under the headline",
       "<h1>Headline</h1><div class=\"meta\">29.01.2019</div>" + filler +
           sidebar,
       "2019-01-29", "element:date-class:headline"},
      {"kicker date right above the headline",
       sidebar + filler + "<div class=\"date\">Party, 30.10.23</div><h1>H</h1>",
       "2023-10-30", "element:date-class:headline"},
      {"published <time> beats a date class at the same distance",
       "<h1>H</h1><span class=\"posted-on\"><time class=\"entry-date "
       "published\" datetime=\"2019-02-10\">10.2.</time><time "
       "class=\"updated\" datetime=\"2019-02-09\">9.2.</time></span>",
       "2019-02-10", "time:published:headline"},
      {"no headline: document order", sidebar, "2018-03-11", "time"},
      {"a plain <time> nearer than a marked one far below",
       "<h1>H</h1>" + filler + "<time datetime=\"2019-06-28\">28.6.</time>" +
           filler + filler +
           "<div class=\"teaser\"><time class=\"published\" "
           "datetime=\"2019-09-22\">22.9.</time></div>",
       "2019-06-28", "time"},
      {"a logo set as <h1> is not the headline",
       "<h1><a href=\"https://radio.example/\">Radio</a></h1><span "
       "class=\"date\">Monday, 26.02.2020</span>" +
           filler + "<h1>Headline</h1><div class=\"date\">1.5.2017</div>",
       "2017-05-01", "element:date-class:headline"},
      {"a 'submitted' line is a date line",
       "<h1>H</h1>" + filler +
           "<div class=\"submitted\">Saved by jane on 24. Juli 2017</div>",
       "2017-07-24", "element:date-class"},
  };
  for (const Case& c : cases) {
    Page p = page(c.body);
    EXPECT_EQ(p.meta.published, c.want) << c.name;
    EXPECT_EQ(p.meta.provenance["published"], c.rule) << c.name;
  }
}

// A page whose markup dates nothing: its visible text, in the order
// labelled, standing alone, anywhere.
TEST(PageDateTest, ShownDateWhenMarkupHasNone) {
  const std::string prose =
      "<p>Text of the article, long enough to be prose, with a sentence or "
      "two in it and then some more words.</p>";
  struct Case {
    const char* name;
    std::string body;
    const char* want;
    const char* rule;
  };
  const Case cases[] = {
      {"labelled date wins over an earlier one",
       std::string("<aside><p>Letzte Änderung: 31.10.2023 - 14:49<br>"
                   "Erschienen am: 01.11.2023</p></aside>") +
           prose,
       "2023-11-01", "page-text:labelled"},
      {"a date standing alone wins over one in a caption",
       std::string("<aside>Ausschnitt eines Satellitenbildes bei St. Moritz "
                   "vom 31.05.2021 (links)</aside>") +
           prose + "<aside><label>Stand:</label><div>14.01.2022 um "
       "09:25</div></aside>",
       "2022-01-14", "page-text:date-alone"},
      {"else the first date in the text",
       "<div>" + prose + "<p>Die Regel gilt seit dem 28.01.2022 in allen "
       "Hallen des Landes und darüber hinaus.</p></div>",
       "2022-01-28", "text:date"},
      {"a date the story tells of, far into the text, is not its date",
       std::string("<aside><em>31.10.2023</em></aside><article>") + prose +
           prose + prose + prose + prose + prose + prose + prose + prose +
           prose + prose + "<p>Opening: 3 November 2023 at 7 pm, in the courtyard.</p>" +
           prose + "</article>",
       "2023-10-31", "page-text:date-alone"},
      {"a date set inside the headline",
       std::string("<h1>Zuschauer kehren zurück<br><small>02.02.2022 • "
                   "Region</small></h1>") +
           prose + "<p>Laut der am 28.01.2022 in Kraft getretenen Regel.</p>",
       "2022-02-02", "html:h1"},
  };
  for (const Case& c : cases) {
    Page p = Extractor().Extract("<html><body>" + c.body + "</body></html>", "");
    EXPECT_EQ(p.meta.published, c.want) << c.name;
    EXPECT_EQ(p.meta.provenance["published"], c.rule) << c.name;
  }
}

// JSON-LD in its shapes: @graph, nested mainEntity, arrays and @value; the
// article's dates over the page's.
// A UTC timestamp early in the day is the day before where the page was
// written when the page's first shown date says so; not when the markup's
// own local timestamps fall on the UTC day.
TEST(PageDateTest, LocalTimestampKeepsTheUtcDay) {
  auto page = [](const std::string& time) {
    return Extractor().Extract(
        "<html><head><script type=\"application/ld+json\">{\"@type\": "
        "\"NewsArticle\", \"datePublished\": \"2023-10-31T04:41:58.000Z\"}"
        "</script></head><body><article><h1>Fire at a car dealer</h1>" +
            time + Paragraphs(2) +
            "</article><aside><p>Older story, 30.10.2023</p></aside>"
            "</body></html>",
        "");
  };
  Page local = page(
      "<time datetime=\"2023-10-31T05:41:58+01:00\">9 hours ago</time>");
  EXPECT_EQ(local.meta.published, "2023-10-31");
  EXPECT_EQ(local.meta.provenance["published"], "json-ld:datePublished");
  Page utc = page("<time datetime=\"2023-10-31T04:41:58Z\">9 hours ago</time>");
  EXPECT_EQ(utc.meta.published, "2023-10-30");
  EXPECT_EQ(utc.meta.provenance["published"], "shown:local-day");
}

TEST(PageDateTest, JsonLdDatePublishedInEveryShape) {
  // {the date wanted, the JSON-LD}
  const std::pair<const char*, const char*> cases[] = {
      // @graph: the article over the page that holds it.
      {"2020-01-05",
       R"({"@graph":[{"@type":"WebPage","datePublished":"2020-01-01"},
          {"@type":"NewsArticle","datePublished":"2020-01-05"}]})"},
      // @graph: the page's date when the article has none.
      {"2020-01-01",
       R"({"@graph":[{"@type":"WebPage","datePublished":"2020-01-01"},
          {"@type":"Article","headline":"H"}]})"},
      // The article nested as mainEntity.
      {"2021-06-07",
       R"({"@type":"WebPage","mainEntity":{"@type":"BlogPosting",
          "datePublished":"2021-06-07T10:00:00+02:00"}})"},
      // A top-level array; the value in an array.
      {"2019-03-04",
       R"([{"@type":"Organization","name":"O"},
          {"@type":"NewsArticle","datePublished":["2019-03-04"]}])"},
      // The value as @value.
      {"2018-02-03", R"({"@type":"Article","datePublished":
          {"@value":"2018-02-03","@type":"Date"}})"},
  };
  for (const auto& [want, json] : cases) {
    Page p = Extractor().Extract(
        std::string("<html><head><script type=\"application/ld+json\">") +
            json +
            "</script></head><body><p>Text of the article, long enough to be "
            "prose, with a sentence.</p></body></html>",
        "");
    EXPECT_EQ(p.meta.published, want) << json;
    EXPECT_EQ(p.meta.provenance["published"], "json-ld:datePublished") << json;
  }
}

TEST(PagePrefilterTest, DropsNavigationAndTextlessElements) {
  struct Case {
    const char* name;
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"nav contents dropped, tags kept",
       "<nav class=\"x\"><a href=\"/\">Home</a><nav><a>Sub</a></nav></nav>"
       "<p>T</p>",
       "<nav class=\"x\"></nav><p>T</p>"},
      {"nav that holds the article kept",
       "<nav><article><p>Body</p></article></nav>",
       "<nav><article><p>Body</p></article></nav>"},
      {"unclosed nav kept", "<nav><a>Home</a><p>Body",
       "<nav><a>Home</a><p>Body"},
      {"select options dropped",
       "<select name=\"c\"><option>Austria</option></select>b",
       "<select name=\"c\"></select>b"},
      {"picture sources dropped",
       "<picture><source srcset=\"a.jpg\"><img src=\"a.jpg\"></picture>",
       "<picture></picture>"},
      {"button without end before a block kept",
       "<button>Menu<div><p>Body</p></div></button>",
       "<button>Menu<div><p>Body</p></div></button>"},
  };
  for (const Case& c : cases) {
    std::string out;
    OffsetMap map;
    Prefilter(c.in, &out, &map);
    EXPECT_EQ(out, c.want) << c.name;
  }
}

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), or -1.
long StatusKib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, field.size() + 1, field + ":") == 0)
      return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

// A 100 MB page: read up to max_page_bytes, the cut reported, and memory
// bounded. Peak RSS is reset (Linux: clear_refs 5) after the page is built,
// so the growth measured is the extraction's alone; where that is not
// possible, getrusage's peak over the process is compared instead.
TEST(PageLimitTest, HundredMegabytePageIsCutWithBoundedMemory) {
  std::string html = "<html><head><title>Big</title></head><body><article>";
  const std::string para =
      "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
      "eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\n";
  const size_t kSize = 100u << 20;
  html.reserve(kSize + para.size());
  while (html.size() < kSize) html += para;
  bool reset = static_cast<bool>(std::ofstream("/proc/self/clear_refs") << "5");
  long before = reset ? StatusKib("VmRSS") : -1;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  if (before < 0) before = usage.ru_maxrss;
  Page page = Extractor().Extract(html, "");
  long after = before >= 0 && reset ? StatusKib("VmHWM") : -1;
  if (after < 0) {
    getrusage(RUSAGE_SELF, &usage);
    after = usage.ru_maxrss;
  }
  EXPECT_EQ(page.error, "");
  EXPECT_NE(page.meta.provenance["truncated"].find("read up to 16777216"),
            std::string::npos)
      << page.meta.provenance["truncated"];
  EXPECT_GT(page.text.size(), 10u << 20);
  EXPECT_LE(page.map.ToOriginal(page.text.size()), 16u << 20);
  // Growth comes from the 16 MiB read: the work buffers, the tree, the text
  // and its map. Measured on 2026-11-21: 150 MiB. Reading all 100 MB would
  // take several times the bound.
  long growth_mib = (after - before) / 1024;
  EXPECT_LT(growth_mib, 400) << "peak RSS grew by " << growth_mib << " MiB";
}

}  // namespace
}  // namespace page_internal
}  // namespace warta

namespace warta {
namespace {

// A page of the site `host`: two paragraphs of prose holding `own`, and
// between them the site's series note.
std::string SitePage(std::string_view host, std::string_view own) {
  return std::string("<html><head><link rel=\"canonical\" href=\"https://www.") +
         std::string(host) +
         "/a\"></head><body><article><h1>Headline</h1><p>" + std::string(own) +
         " The council met on Tuesday evening and heard the residents of the "
         "northern quarter.</p><p>This story is part of our series on the "
         "towns of the valley, written with the readers who send us their "
         "questions.</p><p>"
         "The vote was put off to the next session, the chair said after the "
         "meeting had run for three hours. " +
         std::string(own) + "</p></article></body></html>";
}

TEST(SiteBoilerplateTest, SiteOfIsTheLowerCaseHostWithoutWww) {
  EXPECT_EQ(SiteBoilerplate::SiteOf("https://WWW.Example.com:8080/a?b"), "example.com");
  EXPECT_EQ(SiteBoilerplate::SiteOf("http://user@news.example.org"), "news.example.org");
  EXPECT_EQ(SiteBoilerplate::SiteOf("/relative/path"), "");
}

TEST(SiteBoilerplateTest, ParagraphsRepeatedAcrossPagesOfOneSiteAreRemoved) {
  const std::string kBox = "This story is part of our series";
  std::vector<std::string> html = {
      SitePage("example.com", "Roads will close in May."),
      SitePage("example.com", "The library opens a new wing."),
      SitePage("example.com", "A bakery won the regional prize."),
      SitePage("example.com", "Two lakes were closed to swimmers."),
      SitePage("other.example", "Roads will close in May."),
  };
  std::vector<Page> pages;
  for (const std::string& h : html) pages.push_back(Extractor().Extract(h, ""));
  // Each page alone keeps the box: its own rules see a paragraph of prose.
  for (const Page& p : pages) ASSERT_NE(p.text.find(kBox), std::string::npos) << p.text;

  SiteBoilerplate site;
  for (const Page& p : pages) site.Add(p);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(site.Strip(&pages[i]), 1u) << pages[i].text;
    EXPECT_EQ(pages[i].text.find(kBox), std::string::npos);
    EXPECT_EQ(pages[i].meta.provenance["site-boilerplate"], "1");
    // What is left still maps to its bytes.
    EXPECT_EQ(Source(pages[i], html[i], "The council met"), "The council met");
  }
  // Another site's page, alone, keeps it.
  EXPECT_EQ(site.Strip(&pages[4]), 0u);
  EXPECT_NE(pages[4].text.find(kBox), std::string::npos);
}

TEST(SiteBoilerplateTest, FewerPagesThanTheMinimumOrCopiesKeepTheirText) {
  std::vector<std::string> html = {SitePage("example.com", "Roads will close in May."),
                                   SitePage("example.com", "The library opens a new wing.")};
  std::vector<Page> pages;
  for (const std::string& h : html) pages.push_back(Extractor().Extract(h, ""));
  SiteBoilerplate site;  // three pages by default
  for (const Page& p : pages) site.Add(p);
  EXPECT_EQ(site.Strip(&pages[0]), 0u);

  // Three copies of one article: nothing is boilerplate, all is repeated.
  std::vector<Page> copies(3, Extractor().Extract(html[0], ""));
  SiteBoilerplate copied;
  for (const Page& p : copies) copied.Add(p);
  std::string before = copies[0].text;
  EXPECT_EQ(copied.Strip(&copies[0]), 0u);
  EXPECT_EQ(copies[0].text, before);
}

}  // namespace
}  // namespace warta
