// Helpers shared by the read stage's tests: gzip, a run of ReadInputs with
// everything it reported, and a fixture with a temporary folder.
#ifndef WARTA_SRC_READ_READ_TEST_UTIL_H_
#define WARTA_SRC_READ_READ_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "warta/read.h"

namespace warta::read_test {

namespace fs = std::filesystem;

constexpr size_t kDefaultLimit = 32u << 20;

// Compresses `bytes` as one gzip member.
inline std::string Gzip(std::string_view bytes) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&z, bytes.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

struct Outcome {
  std::vector<RawArticle> articles;
  std::vector<ReadError> errors;
  size_t returned = 0;

  const RawArticle* Article(const std::string& id) const {
    for (const RawArticle& a : articles) {
      if (a.id == id) return &a;
    }
    return nullptr;
  }
  const ReadError* Error(const std::string& input, const std::string& where = "") const {
    for (const ReadError& e : errors) {
      if (e.input == input && e.where == where) return &e;
    }
    return nullptr;
  }
  std::string ErrorsText() const {
    std::string out;
    for (const ReadError& e : errors) out += e.ToString() + "\n";
    return out;
  }
};

inline Outcome Read(const std::vector<std::string>& paths, size_t limit = kDefaultLimit) {
  Outcome outcome;
  ReadOptions options;
  options.max_article_bytes = limit;
  outcome.returned = ReadInputs(
      paths, options, [&](RawArticle a) { outcome.articles.push_back(std::move(a)); },
      [&](const ReadError& e) { outcome.errors.push_back(e); });
  return outcome;
}

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "warta_read_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // Writes `bytes` to `rel` under the test folder; returns the full path.
  std::string Write(const std::string& rel, std::string_view bytes) {
    fs::path path = fs::path(root_) / rel;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good()) << path;
    return path.string();
  }

  std::string Path(const std::string& rel) const { return (fs::path(root_) / rel).string(); }

  std::string root_;
};

}  // namespace warta::read_test

#endif  // WARTA_SRC_READ_READ_TEST_UTIL_H_
