// In-process tests of the serve library: the route table against
// /openapi.json, the embedded assets, metrics, listen addresses, and the
// handlers over a temporary SQLite store.
#include "api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "assets.h"
#include "metrics.h"
#include "warta/hash.h"
#include "warta/lang_data.h"
#include "warta/offset_map.h"
#include "warta/serve.h"
#include "warta/store.h"

namespace warta::serve {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;

TEST(AssetsTest, ThePageIsEmbeddedAndOnlyExactPathsMatch) {
  const Asset* root = FindAsset("/");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->content_type, "text/html; charset=utf-8");
  ASSERT_NE(FindAsset("/index.html"), nullptr);
  EXPECT_EQ(FindAsset("/index.html")->bytes, root->bytes);
  ASSERT_NE(FindAsset("/app.js"), nullptr);
  EXPECT_EQ(FindAsset("/app.js")->content_type, "text/javascript; charset=utf-8");
  ASSERT_NE(FindAsset("/openapi.json"), nullptr);
  for (const char* bad : {"", "/../CMakeLists.txt", "/./app.js", "//app.js", "/APP.JS", "/app.js/",
                          "/web/app.js", "app.js"}) {
    EXPECT_EQ(FindAsset(bad), nullptr) << bad;
  }
}

TEST(OpenApiTest, DocumentsExactlyTheRoutesServed) {
  const Asset* a = FindAsset("/openapi.json");
  ASSERT_NE(a, nullptr);
  Json spec = Json::parse(a->bytes);
  std::set<std::string> documented;
  for (const auto& [path, ops] : spec["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(m + " " + path);
    }
  }
  std::set<std::string> served;
  for (const Route& r : Api::Routes()) {
    if (std::string(r.name) == "/{asset}") {
      for (const Asset& asset : AllAssets()) served.insert("GET " + std::string(asset.path));
    } else {
      served.insert(std::string(r.method) + " " + r.name);
    }
  }
  EXPECT_EQ(documented, served);
}

TEST(ListenTest, Addresses) {
  struct Case {
    const char* in;
    const char* host;
    int port;
  } cases[] = {{"127.0.0.1:8080", "127.0.0.1", 8080}, {":9000", "127.0.0.1", 9000},
               {"8081", "127.0.0.1", 8081},           {"0.0.0.0:80", "0.0.0.0", 80},
               {"[::1]:8080", "::1", 8080},           {"localhost:0", "localhost", 0}};
  for (const Case& c : cases) {
    Result<ListenAddress> a = ParseListen(c.in);
    ASSERT_TRUE(a.ok()) << c.in << ": " << a.status().ToString();
    EXPECT_EQ(a->host, c.host) << c.in;
    EXPECT_EQ(a->port, c.port) << c.in;
  }
  for (const char* bad : {"", "host:", "host:port", "1:99999", "[::1]8080", "[::1"}) {
    EXPECT_FALSE(ParseListen(bad).ok()) << bad;
  }
}

TEST(MetricsTest, CountersAndCumulativeHistogram) {
  Metrics m;
  m.ObserveRequest("/api/claims", "GET", 200, 0.003);
  m.ObserveRequest("/api/claims", "GET", 200, 0.2);
  m.ObserveRequest("/api/claims", "GET", 400, 20);
  IngestStats s;
  s.inserted = 3;
  s.claims = 7;
  m.ObserveIngest(s, 2);
  std::string text = m.Render();
  EXPECT_NE(
      text.find(
          "warta_http_requests_total{route=\"/api/claims\",method=\"GET\",status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "warta_http_request_duration_seconds_bucket{route=\"/api/claims\",le=\"0.005\"} 1\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "warta_http_request_duration_seconds_bucket{route=\"/api/claims\",le=\"0.25\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "warta_http_request_duration_seconds_bucket{route=\"/api/claims\",le=\"+Inf\"} 3\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("warta_ingest_articles_total{outcome=\"inserted\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("warta_ingest_articles_total{outcome=\"rejected\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("warta_ingest_claims_total 7\n"), std::string::npos);
}

TEST(ApiDataTest, CountriesStandOnTheirCapitals) {
  Result<DataDir> data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  Result<ApiData> api_data = LoadApiData(*data);
  ASSERT_TRUE(api_data.ok()) << api_data.status().ToString();
  ASSERT_NE(api_data->search_terms, nullptr);
  EXPECT_EQ(api_data->search_terms->QueryStems("dikirim"), std::vector<std::string>{"kirim"});
  const auto& countries = api_data->countries;
  EXPECT_GT(countries.size(), 200u);
  struct Case {
    const char* code;
    const char* name;
    double lat, lon;
  } cases[] = {{"KP", "North Korea", 39.03, 125.75},  // Pyongyang
               {"KR", "South Korea", 37.57, 126.98},  // Seoul
               {"RU", "Russia", 55.75, 37.62},        // Moscow
               {"UA", "Ukraine", 50.45, 30.52},       // Kyiv
               {"ID", "Indonesia", -6.21, 106.85}};   // Jakarta
  for (const Case& c : cases) {
    auto it = countries.find(c.code);
    ASSERT_NE(it, countries.end()) << c.code;
    EXPECT_EQ(it->second.name, c.name);
    EXPECT_NEAR(it->second.lat, c.lat, 0.1) << c.code;
    EXPECT_NEAR(it->second.lon, c.lon, 0.1) << c.code;
  }
}

TEST(ApiDataTest, AMalformedCountryLineIsAnErrorNamingIt) {
  fs::path dir = fs::temp_directory_path() / ("warta_apidata_" + std::to_string(::getpid()));
  fs::create_directories(dir / "geo");
  fs::create_directory_symlink(fs::path(WARTA_SOURCE_DATA_DIR) / "lang", dir / "lang");
  {
    std::ofstream out(dir / "geo" / "countries.tsv");
    out << "# comment\nKP\t39.03\t125.75\tNorth Korea\nRU\t55.75\teast\tRussia\n";
  }
  Result<DataDir> data = DataDir::At(dir.string());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  Result<ApiData> api_data = LoadApiData(*data);
  ASSERT_FALSE(api_data.ok());
  EXPECT_NE(api_data.status().ToString().find("countries.tsv:3"), std::string::npos)
      << api_data.status().ToString();
  fs::remove(dir / "geo" / "countries.tsv");
  api_data = LoadApiData(*data);  // no map data: no markers, not an error
  ASSERT_TRUE(api_data.ok()) << api_data.status().ToString();
  EXPECT_TRUE(api_data->countries.empty());
  fs::remove_all(dir);
}

TEST(MapAssetTest, TheWorldOutlineIsEmbeddedInTheProjectionThePageUses) {
  const Asset* world = FindAsset("/world.svg");
  ASSERT_NE(world, nullptr);
  EXPECT_EQ(world->content_type, "image/svg+xml");
  // x = lon + 180 over 360 degrees, y = 90 - lat down to 60 S: app.js
  // places markers with the same formulas.
  EXPECT_NE(world->bytes.find("viewBox=\"0 0 360 150\""), std::string::npos);
  EXPECT_NE(world->bytes.find("GENERATED BY data/geo/make_world.py"), std::string::npos);
  EXPECT_GT(world->bytes.size(), 20000u);  // every country, not a placeholder
  EXPECT_LT(world->bytes.size(), 200000u);
  const Asset* app = FindAsset("/app.js");
  ASSERT_NE(app, nullptr);
  EXPECT_NE(app->bytes.find("p.lon + 180"), std::string::npos);
  EXPECT_NE(app->bytes.find("90 - p.lat"), std::string::npos);
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("warta_api_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    options_.db = (dir_ / "w.db").string();
    options_.token = "tok";
    options_.max_body_bytes = 4096;
    Result<DataDir> data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    Result<std::unique_ptr<Cleaner>> cleaner = Cleaner::Create(*data);
    ASSERT_TRUE(cleaner.ok());
    cleaner_ = std::move(*cleaner);
    Result<std::unique_ptr<ClaimExtractor>> extractor = ClaimExtractor::Create(*data);
    ASSERT_TRUE(extractor.ok());
    extractor_ = std::move(*extractor);
    Result<ApiData> api_data = LoadApiData(*data);
    ASSERT_TRUE(api_data.ok()) << api_data.status().ToString();
    api_data_ = std::move(*api_data);
    api_ = std::make_unique<Api>(options_, &api_data_, cleaner_.get(), extractor_.get(), &metrics_);
  }
  void TearDown() override {
    api_.reset();
    fs::remove_all(dir_);
  }

  ApiReply Call(const std::string& name, ApiRequest req) {
    for (const Route& r : Api::Routes()) {
      if (r.name == name) return api_->Handle(r, req);
    }
    ADD_FAILURE() << "no route " << name;
    return {};
  }

  fs::path dir_;
  ServeOptions options_;
  Metrics metrics_;
  std::unique_ptr<Cleaner> cleaner_;
  std::unique_ptr<ClaimExtractor> extractor_;
  ApiData api_data_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, IngestThenReadBack) {
  ApiRequest post;
  post.method = "POST";
  post.body =
      R"({"id":"a","lang":"en","published":"2024-10-20","text":"The ministry said 3,000 troops arrived."})"
      "\n";
  EXPECT_EQ(Call("/api/ingest", post).status, 401);
  post.authorization = "Bearer tok";
  ApiReply r = Call("/api/ingest", post);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json::parse(r.body)["inserted"], 1);

  ApiRequest get;
  get.captures = {"a"};
  Json doc = Json::parse(Call("/api/documents/{id}", get).body);
  EXPECT_EQ(doc["text"], "The ministry said 3,000 troops arrived.");
  EXPECT_EQ(Json::parse(Call("/api/documents", {}).body)["total"], 1);
  EXPECT_NE(metrics_.Render().find("warta_ingest_articles_total{outcome=\"inserted\"} 1"),
            std::string::npos);
}

TEST_F(ApiTest, BodyOverTheLimitIs413) {
  ApiRequest post;
  post.method = "POST";
  post.authorization = "Bearer tok";
  post.body = std::string(5000, 'x');
  ApiReply r = Call("/api/ingest", post);
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(Json::parse(r.body).contains("error"));
}

TEST_F(ApiTest, ParametersAreCheckedBeforeTheStoreIsAsked) {
  ApiRequest get;
  get.params = {{"q", "kirim"}, {"limit", "ten"}};
  EXPECT_EQ(Call("/api/search", get).status, 400);
  get.params = {{"q", "a b c d e f g h i j k l m n o p q"}};  // 17 words
  EXPECT_EQ(Call("/api/search", get).status, 400);
  get.params = {{"sort", "size; DROP"}};
  EXPECT_EQ(Call("/api/stories", get).status, 400);
  get.params = {{"story", std::string(600, 's')}};
  EXPECT_EQ(Call("/api/ledger", get).status, 400);
  std::string many;
  for (int i = 0; i < 5001; ++i) many += "d" + std::to_string(i) + ",";
  get.params = {{"docs", many}};
  ApiReply r = Call("/api/places", get);
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(Json::parse(r.body).contains("error"));
  get.captures = {"bad\nid"};  // a control character
  EXPECT_EQ(Call("/api/stories/{id}", get).status, 400);
}

TEST_F(ApiTest, PlacesOfNamedDocumentsCountTheirClaims) {
  ApiRequest post;
  post.method = "POST";
  post.authorization = "Bearer tok";
  post.body =
      R"({"id":"p1","lang":"id","published":"2024-10-24","text":"Menurut intelijen Ukraina, sekitar 12.000 tentara Korea Utara berada di Rusia."})"
      "\n";
  ASSERT_EQ(Call("/api/ingest", post).status, 200);
  ApiRequest get;
  get.params = {{"docs", "p1"}};
  ApiReply r = Call("/api/places", get);
  ASSERT_EQ(r.status, 200) << r.body;
  Json places = Json::parse(r.body);
  ApiRequest get_claims;
  get_claims.params = {{"doc", "p1"}};
  ApiReply claims_reply = Call("/api/claims", get_claims);
  Json claims = Json::parse(claims_reply.body)["claims"];
  ASSERT_GT(claims.size(), 0u) << claims_reply.body;
  // Each place counts the claims whose location or subject it is; the rest
  // are unmapped.
  std::map<std::string, size_t> expected;
  size_t mentions = 0;
  for (const Json& c : claims) {
    std::set<std::string> codes;
    for (const char* f : {"location", "subject"}) {
      if (c[f].is_string()) codes.insert(c[f].get<std::string>());
    }
    for (const std::string& code : codes) ++expected[code];
    mentions += codes.size();
  }
  size_t counted = places["unmapped"].get<size_t>();
  for (const Json& p : places["places"]) {
    EXPECT_EQ(p["claims"].get<size_t>(), expected[p["code"]]) << p.dump();
    counted += p["claims"].get<size_t>();
  }
  EXPECT_EQ(counted, mentions) << places.dump();
  EXPECT_FALSE(places["places"].empty()) << claims.dump();
}

TEST_F(ApiTest, ALargeDatabaseIsReadAPageOrAStoryAtATime) {
  // More documents than one request reads whole (kMaxNamedDocs, 5,000).
  {
    Result<std::unique_ptr<Store>> store = OpenStore(options_.db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->BeginBatch().ok());
    for (int i = 0; i < 5001; ++i) {
      char id[16];
      std::snprintf(id, sizeof(id), "d%05d", i);
      Document doc;
      doc.id = id;
      doc.origin = "test";
      doc.content = std::string("article ") + id;
      doc.content_hash = ContentHash(doc.content);
      doc.text = doc.content;
      doc.map = OffsetMap::Identity(doc.text.size());
      ASSERT_TRUE((*store)->PutDocument(doc).ok()) << id;
    }
    ASSERT_TRUE((*store)->CommitBatch().ok());
  }
  Json page = Json::parse(Call("/api/documents", {}).body);
  EXPECT_EQ(page["total"], 5001);
  EXPECT_EQ(page["documents"].size(), 1000u) << "the default page";
  ApiRequest last;
  last.params = {{"offset", "4998"}, {"limit", "10"}};
  page = Json::parse(Call("/api/documents", last).body);
  ASSERT_EQ(page["documents"].size(), 3u);
  EXPECT_EQ(page["documents"][0]["id"], "d04998");
  EXPECT_EQ(page["documents"][2]["id"], "d05000");
  // Every document at once is refused with a way forward; named ones are read.
  for (const char* route : {"/api/ledger", "/api/places", "/api/claims"}) {
    ApiReply r = Call(route, {});
    EXPECT_EQ(r.status, 413) << route;
    EXPECT_NE(Json::parse(r.body)["error"].get<std::string>().find("name a story"),
              std::string::npos)
        << route << ": " << r.body;
  }
  ApiRequest named;
  named.params = {{"docs", "d00007,d04999"}};
  ApiReply ledger = Call("/api/ledger", named);
  ASSERT_EQ(ledger.status, 200) << ledger.body;
  EXPECT_EQ(Json::parse(ledger.body)["documents"].size(), 2u);
}

// Many stories: a request reads one page of them from the store (at most
// 1,000, 100 by default), and following `next` reaches every story
// exactly once.
TEST_F(ApiTest, StoriesAreReadAPageAtATime) {
  constexpr int kStories = 2345;
  {
    Result<std::unique_ptr<Store>> store = OpenStore(options_.db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::vector<StoryRecord> stories;
    for (int i = 0; i < kStories; ++i) {
      StoryRecord s;
      s.id = "story-" + std::to_string(100000 + i);
      s.label = "story " + std::to_string(i);
      s.size = 1 + i % 7;
      s.languages = {i % 2 ? "en" : "id"};
      stories.push_back(std::move(s));
    }
    ASSERT_TRUE((*store)->PutStories(stories).ok());
  }
  Json page = Json::parse(Call("/api/stories", {}).body);
  EXPECT_EQ(page["total"], kStories);
  EXPECT_EQ(page["stories"].size(), 100u) << "the default page";
  ApiRequest huge;
  huge.params = {{"limit", "1000000"}};
  ApiReply capped = Call("/api/stories", huge);
  ASSERT_EQ(capped.status, 200) << capped.body;
  EXPECT_EQ(Json::parse(capped.body)["stories"].size(), 1000u) << "at most 1,000 a page";
  EXPECT_LT(capped.body.size(), 1000u * 200) << "a page's bytes follow its stories";

  for (const char* sort : {"size", "recent", "id"}) {
    std::set<std::string> seen;
    ApiRequest req;
    req.params = {{"sort", sort}, {"limit", "500"}};
    int pages = 0;
    for (;;) {
      ApiReply r = Call("/api/stories", req);
      ASSERT_EQ(r.status, 200) << r.body;
      Json j = Json::parse(r.body);
      for (const Json& s : j["stories"]) {
        EXPECT_TRUE(seen.insert(s["id"].get<std::string>()).second)
            << sort << ": twice " << s["id"];
      }
      ASSERT_LT(++pages, 10) << sort;
      if (j["next"].is_null()) break;
      req.params = {{"sort", sort}, {"limit", "500"}, {"after", j["next"].get<std::string>()}};
    }
    EXPECT_EQ(seen.size(), static_cast<size_t>(kStories)) << sort;
    EXPECT_EQ(pages, 5) << sort;
  }
  ApiRequest lang;
  lang.params = {{"lang", "en"}, {"limit", "1"}};
  EXPECT_EQ(Json::parse(Call("/api/stories", lang).body)["total"], kStories / 2);
  ApiRequest bad;
  bad.params = {{"sort", "size"}, {"after", "story-100001"}};
  EXPECT_EQ(Call("/api/stories", bad).status, 400) << "an id is not a cursor of sizes";
}

TEST_F(ApiTest, UnknownAssetIs404Json) {
  ApiRequest get;
  get.path = "/../../etc/passwd";
  ApiReply r = Call("/{asset}", get);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
}

}  // namespace
}  // namespace warta::serve
