// What the store's tests share: see store_test_support.h.
#include "store_test_support.h"

#include <stdlib.h>

#include <algorithm>
#include <string>
#include <system_error>
#include <vector>

#include "gtest/gtest.h"
#include "pg_test_server.h"
#include "warta/hash.h"
#include "warta/status.h"

namespace warta::store_testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "warta-store-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr) << "mkdtemp " << pattern;
  if (made != nullptr) path_ = made;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) fs::remove_all(path_, ignored);
}

std::string SqliteLocation(const fs::path& dir) { return (dir / "warta.db").string(); }

// A document with every field set, its hash computed from `content`.
Document MakeDocument(const std::string& id, const std::string& content) {
  Document doc;
  doc.id = id;
  doc.origin = "corpus/" + id + ":7";
  doc.content = content;
  doc.content_hash = ContentHash(content);
  doc.kind = ContentKind::kHtml;
  doc.text = "Clean text of " + id + ".\n\nSecond paragraph \xc3\xa9.";
  doc.map.AddCopy(0, 3, 10);
  doc.map.AddReplacement(10, 3, 20, 1);
  doc.map.AddCopy(13, 40, 5);
  doc.meta.title = "Title of " + id;
  doc.meta.author = "Siti Rahma";
  doc.meta.outlet = "Liputan6";
  doc.meta.dateline = "Kyiv";
  doc.meta.published = "2024-10-18";
  doc.meta.modified = "2024-10-19";
  doc.meta.url = "https://example.com/" + id;
  doc.meta.lang = "id";
  doc.meta.provenance = {{"published", "text:day-date"}, {"outlet", "jsonl"}};
  doc.ingested_at = 1729300000;
  return doc;
}

void ExpectSameDocument(const Document& got, const Document& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.origin, want.origin);
  EXPECT_EQ(got.content_hash, want.content_hash);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.content, want.content);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.map, want.map);
  EXPECT_EQ(got.meta.title, want.meta.title);
  EXPECT_EQ(got.meta.author, want.meta.author);
  EXPECT_EQ(got.meta.outlet, want.meta.outlet);
  EXPECT_EQ(got.meta.dateline, want.meta.dateline);
  EXPECT_EQ(got.meta.published, want.meta.published);
  EXPECT_EQ(got.meta.modified, want.meta.modified);
  EXPECT_EQ(got.meta.url, want.meta.url);
  EXPECT_EQ(got.meta.lang, want.meta.lang);
  EXPECT_EQ(got.meta.provenance, want.meta.provenance);
  EXPECT_EQ(got.ingested_at, want.ingested_at);
}

namespace {

// Stops the test server, if a test started one, when the tests are done.
class PgEnvironment : public testing::Environment {
 public:
  void TearDown() override { PgTestServer::StopShared(); }
};
testing::Environment* const kPgEnvironment = testing::AddGlobalTestEnvironment(new PgEnvironment);

}  // namespace

// A new database on the test server. Without a server (PostgreSQL not
// installed) the test fails, naming scripts/install-deps.sh, and gets a URL
// that refuses connections at once.
std::string PgLocation(const fs::path& /*dir*/) {
  Result<PgTestServer*> server = PgTestServer::Shared();
  if (!server.ok()) {
    ADD_FAILURE() << server.status().ToString();
    return "postgresql://postgres@127.0.0.1:1/unavailable";
  }
  Result<std::string> url = (*server)->NewDatabase();
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return "postgresql://postgres@127.0.0.1:1/unavailable";
  }
  return *url;
}

Claim SampleClaim(uint64_t at, double value) {
  Claim c;
  c.doc = "ignored";
  c.start = at;
  c.end = at + 20;
  c.text_start = at + 1;
  c.text_end = at + 21;
  c.quote = "mengirim 3.000 tentara";
  c.value = value;
  c.min = value;
  c.max = std::nullopt;  // open, as "lebih dari"
  c.qualifier = "more_than";
  c.what = "troops";
  c.what_text = "tentara";
  c.location = "RU";
  c.source = "NIS";
  c.source_mention = "Badan Intelijen Nasional";
  c.via = {"media Korea Selatan", "Yonhap"};
  c.cue = "mengutip";
  c.stance = "asserts";
  c.said_date = "2024-10-18";
  c.lang = "id";
  return c;
}

std::vector<std::string> HitIds(Store& store, const SearchQuery& query) {
  Result<std::vector<SearchHit>> hits = store.Search(query);
  EXPECT_TRUE(hits.ok()) << query.text << ": " << hits.status().ToString();
  std::vector<std::string> ids;
  if (hits.ok()) {
    for (const SearchHit& hit : *hits) ids.push_back(hit.id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

SearchQuery SearchFor(const std::string& text, const std::string& lang,
                      std::vector<std::string> stems) {
  SearchQuery query;
  query.text = text;
  query.lang = lang;
  query.stems = std::move(stems);
  return query;
}

// A document for the search tests: `text` in language `lang`.
Document SearchDocument(const std::string& id, const std::string& lang, const std::string& title,
                        const std::string& text, const std::string& stems) {
  Document doc = MakeDocument(id, id + ": " + text);
  doc.meta.lang = lang;
  doc.meta.title = title;
  doc.text = text;
  doc.index_stems = stems;
  return doc;
}

// Queued article `i`, every field set; content with a NUL and invalid UTF-8.
RawArticle MakeRaw(int i) {
  RawArticle raw;
  raw.id = "raw" + std::to_string(i);
  raw.origin = "feed.jsonl:" + std::to_string(i);
  raw.content = std::string("<p>article\0\xff ", 14) + std::to_string(i);
  raw.kind = i % 2 == 0 ? ContentKind::kHtml : ContentKind::kText;
  raw.url = "https://example.com/" + raw.id;
  raw.outlet = "Suara";
  raw.published = "2024-10-2" + std::to_string(i % 10);
  raw.title = "Judul " + std::to_string(i);
  raw.lang = "id";
  raw.author = i % 2 == 0 ? "Rina Sari, Budi" : "";  // "" is stored as NULL
  raw.charset = i % 2 == 0 ? "windows-1252" : "";
  raw.repaired_bytes = static_cast<size_t>(i);
  return raw;
}

StoryRecord MakeStory(const std::string& id, int64_t size) {
  StoryRecord story;
  story.id = id;
  story.label = "Korea Utara kirim tentara (" + id + ")";
  story.size = size;
  story.first_seen = "2024-10-18";
  story.last_seen = "2024-10-24";
  story.languages = {"en", "id"};
  return story;
}

void ExpectQueueMigratedFromVersionThree(Store& store) {
  EXPECT_EQ(*store.SchemaVersion(), kSchemaVersion);
  ASSERT_TRUE(store.Enqueue(MakeRaw(0)).ok());
  ASSERT_TRUE(store.BeginBatch().ok());
  Result<std::vector<QueuedArticle>> claimed = store.ClaimQueued(5);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->size(), 2u);
  const RawArticle& old = (*claimed)[0].raw;
  EXPECT_EQ(old.id, "old");
  EXPECT_EQ(old.outlet, "Suara");
  EXPECT_EQ(old.published, "2024-10-20");
  EXPECT_EQ(old.author, "");
  EXPECT_EQ(old.charset, "");
  const RawArticle& added = (*claimed)[1].raw;
  EXPECT_EQ(added.id, "raw0");
  EXPECT_EQ(added.author, "Rina Sari, Budi");
  EXPECT_EQ(added.charset, "windows-1252");
  ASSERT_TRUE(store.RollbackBatch().ok());
}

}  // namespace warta::store_testing
