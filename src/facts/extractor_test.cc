// The extractor as a whole: threads, odd input, offsets through a map, and
// languages it has no data for.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace warta {
namespace {

using facts_test::Extractor;
using facts_test::MakeDoc;

const char* const kTexts[] = {
    "Badan itu juga menuding Korea Utara telah mengirimkan 13.000 kontainer ke Rusia.",
    "Korea Utara mengirim 3.000 tentara ke Rusia, kata Kementerian Pertahanan.",
    "Menurut BNPB, 12 orang tewas dan 30 orang luka-luka.",
    "Namun, hal ini dibantah Korea Utara.",
};

TEST(ExtractorTest, SameClaimsFromManyThreads) {
  const ClaimExtractor* ex = Extractor();
  ASSERT_NE(ex, nullptr);
  std::vector<size_t> want;
  for (const char* t : kTexts) want.push_back(ex->Extract(MakeDoc(t, "id")).size());
  std::vector<std::thread> threads;
  std::vector<int> bad(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < std::size(kTexts); ++i) {
          if (ex->Extract(MakeDoc(kTexts[i], "id")).size() != want[i]) ++bad[k];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int b : bad) EXPECT_EQ(b, 0);
}

TEST(ExtractorTest, OddInput) {
  const ClaimExtractor* ex = Extractor();
  ASSERT_NE(ex, nullptr);
  EXPECT_TRUE(ex->Extract(MakeDoc("", "id")).empty());
  EXPECT_TRUE(ex->Extract(MakeDoc("\n\n\n", "id")).empty());
  std::string junk;
  for (int i = 0; i < 5000; ++i) junk += static_cast<char>("1.,-(“”\" a\n"[i % 12]);
  ex->Extract(MakeDoc(junk, "id"));  // no crash
  std::string long_sentence;
  for (int i = 0; i < 3000; ++i) long_sentence += "kata 12 orang, ";
  ex->Extract(MakeDoc(long_sentence, "id"));  // no crash
  // A language without claim data falls back to the first that has some.
  auto claims = ex->Extract(MakeDoc("Korea Utara mengirim 3.000 tentara ke Rusia.", "xx"));
  EXPECT_FALSE(claims.empty());
}

TEST(ExtractorTest, OffsetsGoThroughTheMap) {
  const ClaimExtractor* ex = Extractor();
  ASSERT_NE(ex, nullptr);
  // Original: "<p>Korea Utara mengirim 3.000 tentara.</p>"; clean text
  // drops the tags.
  std::string original = "<p>Korea Utara mengirim 3.000 tentara.</p>";
  Document d = MakeDoc("Korea Utara mengirim 3.000 tentara.", "id");
  d.content = original;
  d.map = OffsetMap();
  d.map.AddCopy(0, 3, d.text.size());
  auto claims = ex->Extract(d);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].text_start, 0u);
  EXPECT_EQ(claims[0].start, 3u);
  EXPECT_EQ(original.substr(claims[0].start, claims[0].end - claims[0].start),
            "Korea Utara mengirim 3.000 tentara.");
}

}  // namespace
}  // namespace warta
