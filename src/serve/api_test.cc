// In-process tests of the serve library: the route table against
// /openapi.json, the embedded assets, metrics, listen addresses, and the
// handlers over a temporary SQLite store.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "api.h"
#include "assets.h"
#include "metrics.h"
#include "warta/lang_data.h"
#include "warta/serve.h"

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
  for (const char* bad : {"", "/../CMakeLists.txt", "/./app.js", "//app.js", "/APP.JS",
                          "/app.js/", "/web/app.js", "app.js"}) {
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
  } cases[] = {{"127.0.0.1:8080", "127.0.0.1", 8080},
               {":9000", "127.0.0.1", 9000},
               {"8081", "127.0.0.1", 8081},
               {"0.0.0.0:80", "0.0.0.0", 80},
               {"[::1]:8080", "::1", 8080},
               {"localhost:0", "localhost", 0}};
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
  EXPECT_NE(text.find("warta_http_requests_total{route=\"/api/claims\",method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("warta_http_request_duration_seconds_bucket{route=\"/api/claims\",le=\"0.005\"} 1\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("warta_http_request_duration_seconds_bucket{route=\"/api/claims\",le=\"0.25\"} 2\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("warta_http_request_duration_seconds_bucket{route=\"/api/claims\",le=\"+Inf\"} 3\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("warta_ingest_articles_total{outcome=\"inserted\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("warta_ingest_articles_total{outcome=\"rejected\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("warta_ingest_claims_total 7\n"), std::string::npos);
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
    api_ = std::make_unique<Api>(options_, cleaner_.get(), extractor_.get(), &metrics_);
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
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, IngestThenReadBack) {
  ApiRequest post;
  post.method = "POST";
  post.body = R"({"id":"a","lang":"en","published":"2024-10-20","text":"The ministry said 3,000 troops arrived."})" "\n";
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

TEST_F(ApiTest, UnknownAssetIs404Json) {
  ApiRequest get;
  get.path = "/../../etc/passwd";
  ApiReply r = Call("/{asset}", get);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
}

}  // namespace
}  // namespace warta::serve
