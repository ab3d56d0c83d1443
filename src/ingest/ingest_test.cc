#include "warta/ingest.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "warta/read.h"

namespace warta {
namespace {
namespace fs = std::filesystem;

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("warta_ingest_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Result<DataDir> data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    data_ = *data;
    auto cleaner = Cleaner::Create(data_);
    ASSERT_TRUE(cleaner.ok()) << cleaner.status().ToString();
    cleaner_ = std::move(*cleaner);
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    auto store = OpenStore((dir_ / "warta.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  IngestStats IngestSeeds() {
    Ingester ingester(store_.get(), cleaner_.get(), nullptr, 2);
    ReadInputs({data_.SampleCorpus()}, ReadOptions{},
               [&](RawArticle a) { EXPECT_TRUE(ingester.Add(std::move(a)).ok()); },
               [&](const ReadError& e) { ADD_FAILURE() << e.ToString(); });
    EXPECT_TRUE(ingester.Finish().ok());
    return ingester.stats();
  }
  static RawArticle Article(std::string id, std::string origin, std::string content) {
    RawArticle a;
    a.id = std::move(id);
    a.origin = std::move(origin);
    a.content = std::move(content);
    return a;
  }

  fs::path dir_;
  DataDir data_;
  std::unique_ptr<Cleaner> cleaner_;
  std::unique_ptr<Store> store_;
};

TEST_F(IngestTest, SampleCorpusIsStoredOnceAcrossRuns) {
  IngestStats first = IngestSeeds();
  EXPECT_EQ(first.read, 5u);
  EXPECT_EQ(first.inserted, 5u);
  Reopen();
  IngestStats second = IngestSeeds();
  EXPECT_EQ(second.inserted, 0u);
  EXPECT_EQ(second.unchanged, 5u);
  EXPECT_EQ(*store_->CountDocuments(), 5);

  auto doc = store_->GetDocument("004_2f167f2b09e4421a.txt");
  ASSERT_TRUE(doc.ok() && doc->has_value());
  const Document& d = **doc;
  EXPECT_EQ(d.meta.outlet, "Liputan6.com");
  EXPECT_EQ(d.meta.published, "2024-10-25");
  // The stored map still points claims at their source bytes.
  size_t at = d.text.find("12.000 tentara");
  ASSERT_NE(at, std::string::npos);
  auto span = d.map.ToOriginalSpan(at, at + 14);
  EXPECT_EQ(d.content.substr(span.first, span.second - span.first), "12.000 tentara");
}

TEST_F(IngestTest, SameContentUnderAnotherIdIsADuplicate) {
  Ingester ingester(store_.get(), cleaner_.get());
  auto a = ingester.Add(Article("a.txt", "x/a.txt", "Harga beras naik di Jakarta."));
  auto b = ingester.Add(Article("b.txt", "x/b.txt", "Harga beras naik di Jakarta."));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->put.outcome, PutOutcome::kInserted);
  EXPECT_EQ(b->put.outcome, PutOutcome::kDuplicate);
  EXPECT_EQ(b->put.stored_id, "a.txt");
  ASSERT_TRUE(ingester.Finish().ok());
  EXPECT_EQ(*store_->CountDocuments(), 1);
}

TEST_F(IngestTest, SameNameInTwoFoldersKeepsBoth) {
  Ingester ingester(store_.get(), cleaner_.get());
  auto a = ingester.Add(Article("index.html", "one/index.html", "Berita pertama di sini."));
  auto b = ingester.Add(Article("index.html", "two/index.html", "Berita kedua di sana."));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->put.outcome, PutOutcome::kInserted);
  EXPECT_EQ(b->put.stored_id.rfind("index.html~", 0), 0u) << b->put.stored_id;
  ASSERT_TRUE(ingester.Finish().ok());
  EXPECT_EQ(*store_->CountDocuments(), 2);
}

TEST_F(IngestTest, UnfinishedBatchIsRolledBack) {
  {
    Ingester ingester(store_.get(), cleaner_.get(), nullptr, 10);
    ASSERT_TRUE(ingester.Add(Article("a.txt", "a.txt", "Satu kalimat berita.")).ok());
    // No Finish: the process "dies" with the batch open.
  }
  Reopen();
  EXPECT_EQ(*store_->CountDocuments(), 0);
}

}  // namespace
}  // namespace warta
