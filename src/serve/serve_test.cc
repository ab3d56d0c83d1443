// API tests against a real server: the built `warta` binary ingests the
// sample corpus into a temporary SQLite file, `warta serve` is started on a
// free loopback port, and the tests talk HTTP to it with httplib::Client.
// The process is stopped with SIGTERM at the end and must exit cleanly.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "serve_test_util.h"

namespace {
namespace fs = std::filesystem;
using warta::serve_test::ServerProcess;
using Json = nlohmann::json;

constexpr const char* kToken = "test-token-7f3a";

// Percent-encodes everything but unreserved characters.
std::string UrlEncode(const std::string& s) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("warta_serve_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    db_ = new std::string((*dir_ / "warta.db").string());
    std::string cmd = std::string("'") + WARTA_BINARY + "' -q --db '" + *db_ + "' ingest '" +
                      WARTA_SOURCE_DATA_DIR + "/corpus/seeds' > /dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    server_ = new ServerProcess(*db_, *dir_ / "serve.log", {"--token", kToken});
    ASSERT_GT(server_->port(), 0) << server_->log();
  }
  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->log();
    }
    delete server_;
    server_ = nullptr;
    fs::remove_all(*dir_);
    delete dir_;
    delete db_;
  }

  httplib::Client Client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }

  // GET `path`, expecting `status` and a JSON body.
  Json GetJson(const std::string& path, int status = 200) {
    httplib::Client c = Client();
    auto res = c.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return Json();
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    Json j = Json::parse(res->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << path << ": " << res->body;
    return j;
  }

  httplib::Result Ingest(const std::string& body, const std::string& auth) {
    httplib::Client c = Client();
    httplib::Headers h;
    if (!auth.empty()) h.emplace("Authorization", auth);
    return c.Post("/api/ingest", h, body, "application/x-ndjson");
  }

  static fs::path* dir_;
  static std::string* db_;
  static ServerProcess* server_;
};

fs::path* ServeTest::dir_ = nullptr;
std::string* ServeTest::db_ = nullptr;
ServerProcess* ServeTest::server_ = nullptr;

TEST_F(ServeTest, HealthzCountsTheCorpus) {
  Json j = GetJson("/healthz");
  EXPECT_EQ(j["status"], "ok");
  EXPECT_GE(j["documents"].get<int>(), 5);
  EXPECT_EQ(j["writes"], true);
}

TEST_F(ServeTest, DocumentsAndOneDocumentWithItsCleanText) {
  Json list = GetJson("/api/documents");
  ASSERT_GE(list["documents"].size(), 5u);
  EXPECT_EQ(list["documents"][0]["id"], "000_4ca6dffac9dc008f.txt");
  EXPECT_FALSE(list["documents"][0].contains("text"));
  Json page = GetJson("/api/documents?offset=1&limit=2");
  ASSERT_EQ(page["documents"].size(), 2u);
  EXPECT_EQ(page["documents"][0]["id"], list["documents"][1]["id"]);

  Json doc = GetJson("/api/documents/004_2f167f2b09e4421a.txt");
  EXPECT_EQ(doc["outlet"], "Liputan6.com");
  // Ingested from an absolute path: the file's name only, no server folders.
  EXPECT_EQ(doc["origin"], "004_2f167f2b09e4421a.txt");
  EXPECT_EQ(list["documents"][0]["origin"], "000_4ca6dffac9dc008f.txt");
  EXPECT_NE(doc["text"].get<std::string>().find("Korea Utara"), std::string::npos);

  Json missing = GetJson("/api/documents/no-such-doc", 404);
  EXPECT_NE(missing["error"].get<std::string>().find("no-such-doc"), std::string::npos);
  GetJson("/api/documents?limit=ten", 400);
}

TEST_F(ServeTest, ClaimsFilteredBySourceWhatStanceAndDate) {
  Json all = GetJson("/api/claims");
  ASSERT_GT(all["count"].get<int>(), 20);
  EXPECT_EQ(all["count"].get<size_t>(), all["claims"].size());
  for (const Json& c : all["claims"]) {
    EXPECT_LE(c["text_start"].get<size_t>(), c["text_end"].get<size_t>());
  }

  Json troops = GetJson("/api/claims?what=troops");
  ASSERT_GT(troops["claims"].size(), 5u);
  std::set<double> values;
  for (const Json& c : troops["claims"]) {
    EXPECT_EQ(c["what"], "troops");
    if (c["value"].is_number()) values.insert(c["value"].get<double>());
  }
  EXPECT_TRUE(values.count(1500)) << troops.dump();
  EXPECT_TRUE(values.count(12000)) << troops.dump();

  Json nis = GetJson("/api/claims?source=nis");  // case-insensitive
  ASSERT_GT(nis["claims"].size(), 0u);
  for (const Json& c : nis["claims"]) {
    std::string s = c["source"].get<std::string>() + " " +
                    (c["source_mention"].is_string() ? c["source_mention"].get<std::string>() : "");
    EXPECT_NE(s.find("NIS"), std::string::npos) << s;
  }

  Json denies = GetJson("/api/claims?stance=denies");
  for (const Json& c : denies["claims"]) EXPECT_EQ(c["stance"], "denies");

  Json one_doc = GetJson("/api/claims?doc=000_4ca6dffac9dc008f.txt");
  ASSERT_GT(one_doc["claims"].size(), 0u);
  for (const Json& c : one_doc["claims"]) EXPECT_EQ(c["doc"], "000_4ca6dffac9dc008f.txt");

  Json dated = GetJson("/api/claims?from=2024-10-18&to=2024-10-18");
  ASSERT_GT(dated["claims"].size(), 0u);
  Json later = GetJson("/api/claims?from=2030-01-01");
  EXPECT_EQ(later["claims"].size(), 0u);
  GetJson("/api/claims?from=18-10-2024", 400);
}

TEST_F(ServeTest, LedgerOfTheCorpusAndOfChosenDocuments) {
  Json ledger = GetJson("/api/ledger");
  ASSERT_GT(ledger["groups"].size(), 0u);
  EXPECT_EQ(ledger["groups"][0]["what"], "deployed troops");
  std::string text = ledger.dump();
  EXPECT_NE(text.find("12,000"), std::string::npos);
  EXPECT_NE(text.find("1,500"), std::string::npos);

  Json two = GetJson("/api/ledger?docs=000_4ca6dffac9dc008f.txt,004_2f167f2b09e4421a.txt");
  EXPECT_EQ(two["documents"].size(), 2u);
  GetJson("/api/ledger?docs=nope", 404);
}

TEST_F(ServeTest, SearchIsCaseInsensitiveOverCleanText) {
  Json r = GetJson("/api/search?q=KREMLIN");
  ASSERT_GT(r["results"].size(), 0u);
  const Json& hit = r["results"][0];
  EXPECT_NE(hit["snippet"].get<std::string>().find("Kremlin"), std::string::npos) << hit.dump();
  EXPECT_EQ(hit["text_end"].get<size_t>() - hit["text_start"].get<size_t>(), 7u);
  EXPECT_TRUE(hit.contains("story"));
  EXPECT_TRUE(hit["title"].is_string() || hit["title"].is_null());
  EXPECT_EQ(GetJson("/api/search?q=zzqqxx-nothing")["results"].size(), 0u);
  GetJson("/api/search", 400);
  GetJson("/api/search?q=" + std::string(300, 'a'), 400);
  GetJson("/api/search?q=" + UrlEncode("?!"), 400);  // no words
  GetJson("/api/search?q=korea&limit=many", 400);
}

// "kirim" is the stem of "dikirim" (was sent): the Indonesian stemmer finds
// the documents that only have the derived form.
TEST_F(ServeTest, SearchMatchesIndonesianStems) {
  Json r = GetJson("/api/search?q=kirim");
  EXPECT_EQ(r["stems"], Json::array({"kirim"}));
  std::set<std::string> ids;
  for (const Json& hit : r["results"]) ids.insert(hit["id"]);
  EXPECT_TRUE(ids.count("000_4ca6dffac9dc008f.txt")) << r.dump();
  EXPECT_TRUE(ids.count("002_f8555e85fd7eb562.txt")) << r.dump();
  Json derived = GetJson("/api/search?q=dikirim");
  EXPECT_EQ(derived["stems"], Json::array({"kirim"}));
  EXPECT_GE(derived["results"].size(), 2u);
  // Every word must match: one word found nowhere empties the answer.
  EXPECT_EQ(GetJson("/api/search?q=kirim+zzqqxx")["results"].size(), 0u);
}

TEST_F(ServeTest, SearchByLanguageAndQuerySyntaxIsText) {
  for (const Json& hit : GetJson("/api/search?q=korea&lang=id")["results"]) {
    EXPECT_EQ(hit["lang"], "id") << hit.dump();
  }
  EXPECT_EQ(GetJson("/api/search?q=korea&lang=xx")["results"].size(), 0u);
  for (const char* q :
       {"\"korea", "korea OR NOT", "kor*", "NEAR(korea utara)", "a:b", "korea'; --"}) {
    GetJson(std::string("/api/search?q=") + UrlEncode(q));  // 200 with JSON, whatever it finds
  }
  // Inner punctuation splits words as the index does: "Korea-Utara" is two.
  Json hyphen = GetJson("/api/search?q=" + UrlEncode("Korea-Utara"));
  EXPECT_EQ(hyphen["words"], Json::array({"Korea", "Utara"}));
  EXPECT_EQ(hyphen["stems"].size(), 2u);
  EXPECT_GT(hyphen["results"].size(), 0u);
  Json page = GetJson("/api/search?q=korea&limit=1&offset=1");
  EXPECT_LE(page["results"].size(), 1u);
}

TEST_F(ServeTest, StoriesListTheSampleCorpusAsOneStory) {
  Json list = GetJson("/api/stories");
  ASSERT_GE(list["total"].get<size_t>(), 1u) << list.dump();
  ASSERT_GE(list["stories"].size(), 1u);
  const Json& top = list["stories"][0];  // largest first
  EXPECT_GE(top["size"].get<int>(), 5) << list.dump();
  for (const char* f : {"id", "label", "size", "first_seen", "last_seen", "languages"}) {
    EXPECT_TRUE(top.contains(f)) << f;
  }
  EXPECT_NE(std::find(top["languages"].begin(), top["languages"].end(), "id"),
            top["languages"].end());
  EXPECT_EQ(top["first_seen"].get<std::string>().substr(0, 7), "2024-10") << top.dump();
  size_t previous = SIZE_MAX;
  for (const Json& s : list["stories"]) {
    EXPECT_LE(s["size"].get<size_t>(), previous);
    previous = s["size"].get<size_t>();
  }
  Json page = GetJson("/api/stories?sort=id&limit=1&offset=0");
  EXPECT_EQ(page["stories"].size(), 1u);
  EXPECT_EQ(page["total"], list["total"]);
  EXPECT_EQ(GetJson("/api/stories?lang=xx")["total"], 0);
  GetJson("/api/stories?sort=sideways", 400);
  GetJson("/api/stories?limit=-1", 400);
}

TEST_F(ServeTest, AStoryWithItsMembersAndDocumentsWithTheirStory) {
  Json doc = GetJson("/api/documents/000_4ca6dffac9dc008f.txt");
  ASSERT_TRUE(doc["story"].is_string()) << doc.dump();
  ASSERT_TRUE(doc.contains("duplicate_of"));
  const std::string id = doc["story"];
  Json story = GetJson("/api/stories/" + UrlEncode(id));
  EXPECT_EQ(story["id"], id);
  ASSERT_GE(story["members"].size(), 5u) << story.dump();
  EXPECT_EQ(story["members_total"].get<size_t>(), story["members"].size());
  std::set<std::string> members;
  for (const Json& m : story["members"]) {
    members.insert(m["id"]);
    EXPECT_EQ(m["story"], id);
    EXPECT_TRUE(m.contains("duplicate_of"));
    EXPECT_FALSE(m.contains("text"));
    if (m["duplicate_of"].is_object()) {
      EXPECT_TRUE(m["duplicate_of"]["kind"] == "exact" || m["duplicate_of"]["kind"] == "near");
    }
  }
  for (const char* seed :
       {"000_4ca6dffac9dc008f.txt", "001_e0bda86051a4806c.txt", "002_f8555e85fd7eb562.txt",
        "003_669123e63d5a7895.txt", "004_2f167f2b09e4421a.txt"}) {
    EXPECT_TRUE(members.count(seed)) << seed;
  }
  Json page = GetJson("/api/stories/" + UrlEncode(id) + "?offset=1&limit=2");
  ASSERT_EQ(page["members"].size(), 2u);
  EXPECT_EQ(page["members"][0]["id"], story["members"][1]["id"]);
  GetJson("/api/stories/no-such-story", 404);
}

TEST_F(ServeTest, LedgerClaimsAndPlacesOfAStory) {
  const std::string id = GetJson("/api/documents/000_4ca6dffac9dc008f.txt")["story"];
  const std::string q = "?story=" + UrlEncode(id);
  Json story = GetJson("/api/stories/" + UrlEncode(id));
  std::set<std::string> members;
  for (const Json& m : story["members"]) members.insert(m["id"]);

  Json ledger = GetJson("/api/ledger" + q);
  EXPECT_EQ(ledger["story"], id);
  EXPECT_EQ(ledger["documents"].size(), members.size());
  ASSERT_GT(ledger["groups"].size(), 0u);
  EXPECT_EQ(ledger["groups"][0]["what"], "deployed troops");
  std::string text = ledger.dump();
  for (const char* figure : {"1,500", "3,000", "12,000"}) {
    EXPECT_NE(text.find(figure), std::string::npos) << figure;
  }
  GetJson("/api/ledger?story=no-such-story", 404);

  Json claims = GetJson("/api/claims" + q);
  ASSERT_GT(claims["claims"].size(), 20u);
  EXPECT_EQ(claims["total"], claims["count"]);
  for (const Json& c : claims["claims"]) EXPECT_TRUE(members.count(c["doc"])) << c["doc"];
  std::string listed;
  for (const std::string& m : members) listed += (listed.empty() ? "" : ",") + m;
  EXPECT_EQ(GetJson("/api/claims?doc=" + UrlEncode(listed))["total"], claims["total"]);
  Json one = GetJson("/api/claims" + q + "&doc=000_4ca6dffac9dc008f.txt");
  ASSERT_GT(one["claims"].size(), 0u);
  for (const Json& c : one["claims"]) EXPECT_EQ(c["doc"], "000_4ca6dffac9dc008f.txt");
  Json paged = GetJson("/api/claims" + q + "&offset=2&limit=3");
  ASSERT_EQ(paged["claims"].size(), 3u);
  EXPECT_EQ(paged["claims"][0], claims["claims"][2]);
  EXPECT_EQ(paged["total"], claims["total"]);
  GetJson("/api/claims?story=no-such-story", 404);

  Json places = GetJson("/api/places" + q);
  std::map<std::string, Json> by_code;
  size_t previous = SIZE_MAX;
  for (const Json& p : places["places"]) {
    by_code[p["code"]] = p;
    EXPECT_LE(p["claims"].get<size_t>(), previous);
    previous = p["claims"].get<size_t>();
  }
  for (const char* code : {"KP", "RU", "UA", "KR"}) {
    ASSERT_TRUE(by_code.count(code)) << code << " in " << places.dump();
  }
  EXPECT_EQ(by_code["KP"]["name"], "North Korea");
  EXPECT_NEAR(by_code["KP"]["lat"].get<double>(), 39.0, 0.5);  // Pyongyang
  EXPECT_NEAR(by_code["KP"]["lon"].get<double>(), 125.75, 0.5);
  // A place's count is the number of claims about it (location or subject).
  Json about_kp = GetJson("/api/claims" + q + "&place=KP");
  EXPECT_EQ(about_kp["total"], by_code["KP"]["claims"]);
  for (const Json& c : about_kp["claims"]) {
    EXPECT_TRUE(c["location"] == "KP" || c["subject"] == "KP") << c.dump();
  }
  GetJson("/api/places?story=no-such-story", 404);
}

TEST_F(ServeTest, WritesNeedTheToken) {
  const std::string body = R"({"id":"t1","text":"Seorang pejabat mengatakan 10 orang tewas."})"
                           "\n";
  auto none = Ingest(body, "");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_TRUE(Json::parse(none->body).contains("error"));
  auto wrong = Ingest(body, "Bearer not-the-token");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto basic = Ingest(body, std::string("Basic ") + kToken);
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->status, 401);
  GetJson("/api/documents/t1", 404);  // nothing was stored
}

TEST_F(ServeTest, IngestStoresArticlesAndReportsBadLines) {
  std::string body =
      R"({"id":"api-1","outlet":"Test Wire","published":"2024-10-26","title":"Test","lang":"en","text":"Officials said 2,000 troops arrived on Friday, according to the ministry."})"
      "\n"
      "not json\n"
      R"({"id":"api-2","html":"<html><body><p>Plain page about 40 containers.</p></body></html>"})"
      "\n";
  auto res = Ingest(body, std::string("Bearer ") + kToken);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  Json j = Json::parse(res->body);
  EXPECT_EQ(j["read"], 2);
  EXPECT_EQ(j["inserted"], 2);
  EXPECT_EQ(j["rejected"], 1);
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_NE(j["errors"][0].get<std::string>().find("line 2"), std::string::npos) << j.dump();
  EXPECT_EQ(GetJson("/api/documents/api-1")["outlet"], "Test Wire");

  // The same again: idempotent.
  Json again = Json::parse(Ingest(body, std::string("Bearer ") + kToken)->body);
  EXPECT_EQ(again["unchanged"], 2);
  EXPECT_EQ(again["inserted"], 0);

  auto empty = Ingest("", std::string("Bearer ") + kToken);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
}

// Issue 17, item 2: a body over 8 KiB is taken whatever its Content-Type;
// `curl --data-binary @file` sends application/x-www-form-urlencoded.
TEST_F(ServeTest, LargeBodiesOfAnyContentTypeAreIngested) {
  Json rec;
  rec["id"] = "large-form-body";
  rec["lang"] = "en";
  std::string text;
  while (text.size() < 40000) {
    text += "Officials said 1,200 people were evacuated from the valley on Monday. ";
  }
  rec["text"] = text;
  const std::string body = rec.dump() + "\n";
  ASSERT_GT(body.size(), 32000u);
  for (const char* type : {"application/x-www-form-urlencoded", "text/plain", ""}) {
    httplib::Client c = Client();
    httplib::Headers h = {{"Authorization", std::string("Bearer ") + kToken}};
    auto res = c.Post("/api/ingest", h, body, type);
    ASSERT_TRUE(res) << type;
    EXPECT_EQ(res->status, 200) << type << ": " << res->body;
    Json j = Json::parse(res->body, nullptr, false);
    EXPECT_EQ(j["read"], 1) << type << ": " << res->body;
  }
  EXPECT_EQ(GetJson("/api/documents/large-form-body")["id"], "large-form-body");
}

// A story's ledger as ClaimReview drafts (JSON-LD), one per figure and stance.
TEST_F(ServeTest, ClaimReviewDraftsOfAStory) {
  Json stories = GetJson("/api/stories?sort=size");
  ASSERT_FALSE(stories["stories"].empty());
  const std::string id = stories["stories"][0]["id"];
  httplib::Client c = Client();
  auto res = c.Get(("/api/claimreview?story=" + UrlEncode(id)).c_str());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/ld+json");
  Json drafts = Json::parse(res->body);
  ASSERT_GT(drafts.size(), 5u);
  bool nis_1500 = false, denial = false;
  for (const Json& d : drafts) {
    EXPECT_EQ(d["@type"], "ClaimReview");
    EXPECT_FALSE(d.contains("reviewRating"));
    const Json& item = d["itemReviewed"];
    ASSERT_FALSE(item["appearance"].empty()) << d.dump();
    nis_1500 |= item["author"]["name"] == "NIS" &&
                d["claimReviewed"].get<std::string>().find("1.500") != std::string::npos;
    denial |= item["name"].get<std::string>().rfind("denies", 0) == 0;
  }
  EXPECT_TRUE(nis_1500);
  EXPECT_TRUE(denial);
  GetJson("/api/claimreview?story=no-such-story", 404);
}

TEST_F(ServeTest, HostileArticleTextComesBackAsData) {
  const std::string hostile_id = "x'; DROP TABLE documents; --\"<b>";
  const std::string hostile_text =
      "<script>alert('x')</script> \"><img src=x onerror=alert(1)> "
      "Robert'); DROP TABLE claims;-- said 5,000 troops arrived. 100% \\ ` ${x} {{y}}";
  Json rec;
  rec["id"] = hostile_id;
  rec["title"] = "<script>document.title='pwned'</script>";
  rec["outlet"] = "\"quoted\" & <outlet>";
  rec["text"] = hostile_text;
  auto res = Ingest(rec.dump() + "\n", std::string("Bearer ") + kToken);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Json::parse(res->body)["inserted"], 1);

  Json doc = GetJson("/api/documents/" + UrlEncode(hostile_id));
  EXPECT_EQ(doc["id"], hostile_id);
  EXPECT_EQ(doc["title"], rec["title"]);
  EXPECT_EQ(doc["outlet"], rec["outlet"]);
  EXPECT_NE(doc["text"].get<std::string>().find("<script>alert('x')</script>"), std::string::npos);
  // The tables are all still there and the corpus with them.
  EXPECT_GE(GetJson("/healthz")["documents"].get<int>(), 6);
  EXPECT_GT(GetJson("/api/claims")["claims"].size(), 20u);
  Json hits = GetJson("/api/search?q=" + UrlEncode("DROP TABLE claims"));
  ASSERT_EQ(hits["results"].size(), 1u);
  EXPECT_EQ(hits["results"][0]["id"], hostile_id);
  // Filters with SQL metacharacters are data too.
  EXPECT_EQ(GetJson("/api/claims?doc=" + UrlEncode("' OR '1'='1"))["claims"].size(), 0u);
}

TEST_F(ServeTest, ErrorsAreJsonAndLimitsHold) {
  Json nothing = GetJson("/api/nothing-here", 404);
  EXPECT_TRUE(nothing.contains("error"));
  GetJson("/../../etc/passwd", 404);
  GetJson("/%2e%2e/CMakeLists.txt", 404);
  GetJson("/web/app.js", 404);

  // Over the body limit (32 MiB by default): refused on its Content-Length,
  // before one byte of it is sent (the answer comes, and the connection
  // closes, while the client would still be sending).
  namespace st = warta::serve_test;
  int fd = st::Connect(server_->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(st::SendAll(fd, std::string("POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                          "Authorization: Bearer ") +
                                  kToken + "\r\nContent-Length: " + std::to_string(33u << 20) +
                                  "\r\n\r\n"));
  const std::string answer = st::ReadResponse(fd, std::chrono::seconds(10));
  ::close(fd);
  EXPECT_EQ(st::StatusOf(answer), 413) << answer;
  EXPECT_TRUE(Json::parse(st::BodyOf(answer), nullptr, false).contains("error")) << answer;
}

TEST_F(ServeTest, PageAndAssetsCarryTheSecurityHeaders) {
  httplib::Client c = Client();
  for (const char* path : {"/", "/app.js", "/style.css", "/api/documents"}) {
    auto res = c.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    std::string csp = res->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << path;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
  auto page = c.Get("/");
  EXPECT_NE(page->body.find("<script src=\"/app.js\""), std::string::npos);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  // No external resources: nothing fetched from another host.
  EXPECT_EQ(page->body.find("http://"), std::string::npos);
  EXPECT_EQ(page->body.find("https://"), std::string::npos);
  auto js = c.Get("/app.js");
  EXPECT_EQ(js->body.find("innerHTML"), std::string::npos);
}

// Every route of /openapi.json is served (none answers "no such route"), and
// the route table itself is checked against it by api_test.cc.
TEST_F(ServeTest, EveryOpenApiRouteIsServed) {
  Json spec = GetJson("/openapi.json");
  EXPECT_EQ(spec["openapi"].get<std::string>().substr(0, 2), "3.");
  const std::string story = GetJson("/api/documents/000_4ca6dffac9dc008f.txt")["story"];
  httplib::Client c = Client();
  ASSERT_GT(spec["paths"].size(), 8u);
  for (const auto& [path, ops] : spec["paths"].items()) {
    std::string url = path == "/api/stories/{id}" ? "/api/stories/" + UrlEncode(story)
                                                  : std::regex_replace(path, std::regex("\\{id\\}"),
                                                                       "000_4ca6dffac9dc008f.txt");
    if (url == "/api/search") url += "?q=korea";
    for (const auto& [method, op] : ops.items()) {
      httplib::Result res =
          method == "post" ? c.Post(url.c_str(), "", "application/x-ndjson") : c.Get(url.c_str());
      ASSERT_TRUE(res) << method << ' ' << url;
      EXPECT_NE(res->body.find("no such route"), 0u);
      EXPECT_NE(res->status, 404) << method << ' ' << url << ": " << res->body;
      EXPECT_TRUE(op["responses"].contains(std::to_string(res->status)))
          << method << ' ' << url << " answered " << res->status << ", not documented";
    }
  }
}

TEST_F(ServeTest, MetricsCountRequestsLatencyAndIngest) {
  GetJson("/api/claims");
  httplib::Client c = Client();
  auto res = c.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const std::string& m = res->body;
  EXPECT_NE(m.find("# TYPE warta_http_requests_total counter"), std::string::npos);
  EXPECT_NE(
      m.find("warta_http_requests_total{route=\"/api/claims\",method=\"GET\",status=\"200\"}"),
      std::string::npos)
      << m;
  EXPECT_NE(m.find("warta_http_request_duration_seconds_bucket{route=\"/api/claims\",le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(m.find("warta_ingest_articles_total{outcome=\"inserted\"}"), std::string::npos);
}

// The value of the metric line that starts with `series` ("name{labels}"),
// or -1 when there is none.
double MetricValue(const std::string& exposition, const std::string& series) {
  size_t at = 0;
  while ((at = exposition.find(series + " ", at)) != std::string::npos) {
    if (at == 0 || exposition[at - 1] == '\n') {
      return std::stod(exposition.substr(at + series.size() + 1));
    }
    at += series.size();
  }
  return -1;
}

// Stored ledgers (docs/ledger.md): `warta ingest` stored the sample story's
// ledger, which is read as stored; an article posted to the server starts a
// story whose ledger the server's own thread then stores.
TEST_F(ServeTest, StoredLedgersAreReadAndTheServerStoresNewOnes) {
  httplib::Client c = Client();
  auto metric = [&](const std::string& series) {
    auto res = c.Get("/metrics");
    return res && res->status == 200 ? MetricValue(res->body, series) : -2;
  };
  const std::string stored_reads = "warta_ledger_requests_total{source=\"stored\"}";
  // Whether a GET of `story`'s ledger is read as stored, tried until it is
  // (the server's ledger thread may still be at work) or 20 s have passed.
  auto read_as_stored = [&](const std::string& story) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      const double before = metric(stored_reads);
      Json ledger = GetJson("/api/ledger?story=" + UrlEncode(story));
      EXPECT_EQ(ledger["story"], story);
      if (metric(stored_reads) == before + 1) return true;
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  };
  // `warta ingest` stored the sample story's ledger.
  const std::string seeds_story = GetJson("/api/documents/000_4ca6dffac9dc008f.txt")["story"];
  EXPECT_TRUE(read_as_stored(seeds_story));

  // An article posted to the server starts a story, whose ledger the
  // server's own thread stores.
  auto res = Ingest(
      R"({"id":"ledger-new-1","outlet":"Harbour Daily","published":"2024-11-02","title":"Ferry strike enters third day","lang":"en","text":"Port officials said 340 ferries stayed moored on Saturday as the strike entered its third day, according to the harbour authority."})"
      "\n",
      std::string("Bearer ") + kToken);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  ASSERT_EQ(Json::parse(res->body)["assigned_to_stories"], 1);
  const std::string story = GetJson("/api/documents/ledger-new-1")["story"];
  ASSERT_NE(story, seeds_story);
  EXPECT_TRUE(read_as_stored(story)) << server_->log();
  EXPECT_GT(metric("warta_ledgers_stored_total"), 0);
  EXPECT_EQ(GetJson("/api/ledger?story=" + UrlEncode(story))["documents"].size(), 1u);
}

TEST_F(ServeTest, ManyConcurrentReaders) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      httplib::Client c("127.0.0.1", server_->port());
      for (int i = 0; i < 10; ++i) {
        auto res = c.Get(i % 3 == 0   ? "/api/ledger"
                         : i % 3 == 1 ? "/api/claims?what=troops"
                                      : "/api/search?q=pasukan");
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
}

TEST(ServeProcessTest, WithoutATokenWritesAreRefusedAndSigtermStopsCleanly) {
  fs::path dir = fs::temp_directory_path() / ("warta_serve_nt_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // A server without a token only reads, so it refuses a database that
  // does not exist; one is made by ingest.
  std::string cmd = std::string("echo 'Banjir melanda Medan.' | '") + WARTA_BINARY + "' -q --db '" +
                    (dir / "w.db").string() + "' ingest - > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  {
    ServerProcess server((dir / "w.db").string(), dir / "serve.log", {});
    ASSERT_GT(server.port(), 0) << server.log();
    httplib::Client c("127.0.0.1", server.port());
    auto res =
        c.Post("/api/ingest", {{"Authorization", "Bearer "}}, "{}\n", "application/x-ndjson");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(server.Stop(), 0) << server.log();
    EXPECT_NE(server.log().find("stopped"), std::string::npos) << server.log();
  }
  fs::remove_all(dir);
}

TEST(ServeProcessTest, ABadListenAddressFails) {
  fs::path dir = fs::temp_directory_path() / ("warta_serve_bad_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string cmd = std::string("'") + WARTA_BINARY + "' --db '" + (dir / "w.db").string() +
                    "' serve --listen 127.0.0.1:notaport > /dev/null 2>&1";
  int status = std::system(cmd.c_str());
  EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 2);
  fs::remove_all(dir);
}

}  // namespace
