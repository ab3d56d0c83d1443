// Tests of the pure parts of alerts.h: verdict lines of a ledger's JSON,
// times for --since, and the JSON of an alert.
#include "warta/alerts.h"

#include <gtest/gtest.h>

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
}

}  // namespace
}  // namespace warta
