// Tests of the pure parts of alerts.h: verdict lines of a ledger's JSON,
// times for --since, and the JSON of an alert.
#include "warta/alerts.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <nlohmann/json.hpp>

namespace warta {
namespace {

TEST(AlertsTest, VerdictLinesOfALedger) {
  const char* json = R"({"story":"s","groups":[
    {"key":"killed|ID|","verdicts":[
      {"kind":"conflicting","origins":["BNPB","PMI"],"explanation":"BNPB 46 vs PMI 56: disjoint","figures":[],"claims":[]},
      {"kind":"revised","origins":["BNPB"],"explanation":"BNPB moved its figure: 46 -> 62","figures":[],"claims":[]}]},
    {"key":"troops|KP|","verdicts":[]}]})";
  Result<std::vector<Alert>> lines = VerdictLines(json, "story-1");
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].story_id, "story-1");
  EXPECT_EQ((*lines)[0].group_key, "killed|ID|");
  EXPECT_EQ((*lines)[0].kind, "conflicting");
  EXPECT_EQ((*lines)[0].line, "BNPB 46 vs PMI 56: disjoint");
  EXPECT_NE((*lines)[1].verdict_json.find("\"origins\":[\"BNPB\"]"), std::string::npos);
  EXPECT_FALSE(VerdictLines("not json", "story-1").ok());
  EXPECT_FALSE(VerdictLines("[1,2]", "story-1").ok());
}

// The stored verdict carries its figures and claims, not indices into a
// ledger that changes as the story grows.
TEST(AlertsTest, VerdictLinesKeepTheirFiguresAndClaims) {
  const char* json = R"({"story":"s","groups":[
    {"key":"troops|KP|abroad","origins":[
      {"name":"NIS","figures":[{"label":"1,500","value":1500,"date":"2024-10-18","stance":"asserts"},
                               {"label":"3,000","value":3000,"date":"2024-10-25","stance":"asserts"}]},
      {"name":"Volodymyr Zelensky","figures":[{"label":"10,000","value":10000,"date":null,"stance":"asserts"}]}],
     "verdicts":[
      {"kind":"conflicting","origins":["NIS","Volodymyr Zelensky"],
       "explanation":"NIS 3,000 (2024-10-25) vs Volodymyr Zelensky 10,000",
       "figures":[{"origin":"NIS","figure":1},{"origin":"Volodymyr Zelensky","figure":0},
                  {"origin":"nobody","figure":7}],
       "claims":[1,0,9]}]}],
    "claims":[{"doc":"a.txt","quote":"Zelensky said 10,000."},{"doc":"b.txt","quote":"NIS said 3,000."}]})";
  Result<std::vector<Alert>> lines = VerdictLines(json, "story-1");
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), 1u);
  nlohmann::json v = nlohmann::json::parse((*lines)[0].verdict_json);
  ASSERT_EQ(v["figures"].size(), 3u);
  EXPECT_EQ(v["figures"][0]["origin"], "NIS");
  EXPECT_EQ(v["figures"][0]["label"], "3,000");
  EXPECT_EQ(v["figures"][0]["date"], "2024-10-25");
  EXPECT_EQ(v["figures"][1]["label"], "10,000");
  EXPECT_TRUE(v["figures"][1]["date"].is_null());
  EXPECT_FALSE(v["figures"][2].contains("label"));  // points at nothing: kept as it was
  ASSERT_EQ(v["claims"].size(), 3u);
  EXPECT_EQ(v["claims"][0]["quote"], "NIS said 3,000.");
  EXPECT_EQ(v["claims"][1]["doc"], "a.txt");
  EXPECT_EQ(v["claims"][2], 9);
}

TEST(AlertsTest, SinceTimes) {
  const int64_t now = 1729238400;  // 2024-10-18T08:00:00Z
  EXPECT_EQ(*ParseSince("1700000000", now), 1700000000);
  EXPECT_EQ(*ParseSince("2024-10-18", now), 1729209600);
  EXPECT_EQ(*ParseSince("2h", now), now - 7200);
  EXPECT_EQ(*ParseSince("7d", now), now - 7 * 86400);
  for (const char* bad : {"", "yesterday", "2h30m", "2024-13", "-5", "5w"}) {
    EXPECT_FALSE(ParseSince(bad, now).ok()) << bad;
  }
}

TEST(AlertsTest, AlertJson) {
  Alert a;
  a.seq = 3;
  a.story_id = "story-1";
  a.group_key = "killed|ID|";
  a.kind = "revised";
  a.line = "BNPB moved its figure";
  a.verdict_json = R"({"kind":"revised"})";
  a.created_at = 1729238400;
  EXPECT_EQ(AlertToJson(a),
            R"({"seq":3,"story":"story-1","group":"killed|ID|","kind":"revised",)"
            R"("line":"BNPB moved its figure","created":"2024-10-18T08:00:00Z",)"
            R"("verdict":{"kind":"revised"}})");
  EXPECT_EQ(AlertToJson(a, "Korea troops")
                .rfind(R"({"seq":3,"story":"story-1","story_label":"Korea troops","group":)", 0),
            0u);
}

// The text of the first element named `name` under `node`, depth first.
std::string ElementText(xmlNode* node, const char* name) {
  for (xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0) {
      xmlChar* text = xmlNodeGetContent(n);
      std::string out = text ? reinterpret_cast<const char*>(text) : "";
      xmlFree(text);
      return out;
    }
    if (std::string found = ElementText(n->children, name); !found.empty()) return found;
  }
  return "";
}

// An alert whose every field is markup, with bytes that are not UTF-8 and a
// control character XML forbids: the feed parses with libxml2 (no recovery,
// no network), and each field reads back as the text it was.
TEST(AlertsTest, AtomFeedIsWellFormedWhateverTheAlertsHold) {
  Alert a;
  a.seq = 7;
  a.story_id = "story-\"><img src=x onerror=alert(1)>";
  a.group_key = "troops|KP|";
  a.kind = "conflicting<b>";
  a.line = "<script>alert('x')</script> 7,000 & \"more\" \x01\xff]]>";
  a.verdict_json =
      R"({"figures":[{"origin":"<NIS>","figure":0,"label":"1,500 & <i>","date":"2024-10-18"},)"
      R"({"origin":"Z","figure":0,"label":"10,000","date":null}]})";
  a.created_at = 1729238400;
  Alert b = a;
  b.seq = 6;
  b.story_id = "story-2";
  b.kind = "revised";
  b.line = "NIS moved its figure";
  b.verdict_json = "not json";
  const std::string atom =
      AlertsToAtom({a, b}, {{a.story_id, "Troops & <co>"}}, {{"kind", "a&b"}, {"story", ""}}, 1);
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlReadMemory(atom.data(), static_cast<int>(atom.size()), "alerts.atom", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      xmlFreeDoc);
  ASSERT_NE(doc, nullptr) << atom;
  xmlNode* feed = xmlDocGetRootElement(doc.get());
  ASSERT_NE(feed, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(feed->name), "feed");
  ASSERT_NE(feed->ns, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(feed->ns->href), "http://www.w3.org/2005/Atom");
  size_t entries = 0;
  xmlNode* first = nullptr;
  for (xmlNode* n = feed->children; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST "entry") == 0) {
      if (!first) first = n;
      ++entries;
    }
  }
  ASSERT_EQ(entries, 2u);
  EXPECT_NE(atom.find("href=\"/api/alerts.atom?kind=a%26b\""), std::string::npos) << atom;
  EXPECT_EQ(ElementText(feed->children, "updated"), "2024-10-18T08:00:00Z");
  EXPECT_EQ(ElementText(first->children, "id"), "urn:warta:alert:7");
  EXPECT_EQ(ElementText(first->children, "title"),
            "conflicting<b>: <script>alert('x')</script> 7,000 & \"more\" \uFFFD\uFFFD]]>");
  EXPECT_EQ(ElementText(first->children, "summary").rfind("Troops & <co>: <script>", 0), 0u);
  EXPECT_EQ(ElementText(first->children, "content"),
            "<script>alert('x')</script> 7,000 & \"more\" \uFFFD\uFFFD]]>\n"
            "<NIS>: 1,500 & <i> (2024-10-18)\nZ: 10,000 (undated)");
  for (xmlNode* n = first->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, BAD_CAST "link") != 0) continue;
    xmlChar* href = xmlGetProp(n, BAD_CAST "href");
    EXPECT_STREQ(reinterpret_cast<const char*>(href),
                 "/#story=story-%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E");
    xmlFree(href);
  }
  // An empty feed is a feed too, updated `now`.
  const std::string empty = AlertsToAtom({}, {}, {}, 1729238400);
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> none(
      xmlReadMemory(empty.data(), static_cast<int>(empty.size()), "empty.atom", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      xmlFreeDoc);
  ASSERT_NE(none, nullptr) << empty;
  EXPECT_EQ(ElementText(xmlDocGetRootElement(none.get())->children, "updated"),
            "2024-10-18T08:00:00Z");
}

}  // namespace
}  // namespace warta
