// Tests of shingles, MinHash, SimHash and DupIndex (include/warta/dedup.h).
#include "warta/dedup.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace warta {
namespace {

// Pseudo-words of three syllables: 8,000 of them, Indonesian-looking.
std::string RandomWord(std::mt19937_64& rng) {
  static const char* kSyllables[] = {"ka", "ri", "to", "ma", "se", "lu", "ba", "ng", "pe", "di",
                                     "sa", "ti", "ku", "ra", "ne", "jo", "wa", "ha", "bi", "ge"};
  std::string w;
  for (int i = 0; i < 3; ++i) w += kSyllables[rng() % 20];
  return w;
}

std::vector<std::vector<std::string>> RandomArticle(std::mt19937_64& rng, int paragraphs,
                                                    int words) {
  std::vector<std::vector<std::string>> out(paragraphs);
  for (auto& p : out) {
    for (int i = 0; i < words; ++i) p.push_back(RandomWord(rng));
  }
  return out;
}

// An index with `options`, which the test expects to be valid.
std::unique_ptr<DupIndex> NewIndex(const DedupOptions& options = {}) {
  Result<std::unique_ptr<DupIndex>> index = DupIndex::Create(options);
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  return index.ok() ? std::move(index).value() : nullptr;
}

std::string Join(const std::vector<std::vector<std::string>>& article) {
  std::string text;
  for (const auto& p : article) {
    if (!text.empty()) text += "\n\n";
    for (size_t i = 0; i < p.size(); ++i) {
      if (i > 0) text += ' ';
      text += p[i];
    }
  }
  return text;
}

// Replaces a fraction `rate` of the words with random ones.
std::vector<std::vector<std::string>> Edit(std::vector<std::vector<std::string>> article,
                                           double rate, std::mt19937_64& rng) {
  std::bernoulli_distribution coin(rate);
  for (auto& p : article) {
    for (auto& w : p) {
      if (coin(rng)) w = RandomWord(rng);
    }
  }
  return article;
}

struct ParagraphCase {
  const char* text;
  std::vector<std::string> paragraphs;
};

TEST(ParagraphSpansTest, SplitsOnBlankLines) {
  const ParagraphCase kCases[] = {
      {"", {}},
      {"one", {"one"}},
      {"one\ntwo", {"one\ntwo"}},
      {"one\n\ntwo", {"one", "two"}},
      {"  one \n \t\n\n two\n", {"one", "two"}},
      {"\n\n\none\r\n\r\ntwo", {"one", "two"}},
  };
  for (const ParagraphCase& c : kCases) {
    std::vector<std::string> got;
    for (const Span& s : ParagraphSpans(c.text)) got.emplace_back(s.Of(c.text));
    EXPECT_EQ(got, c.paragraphs) << c.text;
  }
}

std::vector<uint64_t> ShinglesOf(std::string_view text, int k = 5) {
  std::vector<uint64_t> out;
  Shingle(text, k, &out);
  return out;
}

TEST(ShingleTest, IgnoresCaseSpacingAndPunctuation) {
  EXPECT_EQ(ShinglesOf("Korea Utara mengirim 1.500 pasukan khusus ke Rusia."),
            ShinglesOf("korea  utara, mengirim 1.500 PASUKAN khusus ke rusia"));
  EXPECT_NE(ShinglesOf("Korea Utara mengirim 1.500 pasukan khusus ke Rusia."),
            ShinglesOf("Korea Utara mengirim 1.600 pasukan khusus ke Rusia."));
}

TEST(ShingleTest, CountsWindowsPerParagraph) {
  const struct {
    const char* text;
    size_t shingles;
  } kCases[] = {
      {"a b c d e f g", 3},           // 7 words, k = 5
      {"a b c", 1},                   // short: one shingle of all words
      {"a b c d e\n\nf g h i j", 2},  // no shingle crosses the break
      {"", 0},
      {"a b c d e f\n\na b c d e f", 2},  // a set: repeats count once
  };
  for (const auto& c : kCases) EXPECT_EQ(ShinglesOf(c.text).size(), c.shingles) << c.text;
}

TEST(ShingleTest, ReorderedParagraphsKeepTheSet) {
  EXPECT_EQ(ShinglesOf("a b c d e f\n\ng h i j k l\n\nm n o p q r"),
            ShinglesOf("m n o p q r\n\na b c d e f\n\ng h i j k l"));
}

TEST(ExactJaccardTest, Table) {
  const struct {
    std::vector<uint64_t> a, b;
    double j;
  } kCases[] = {
      {{}, {}, 1.0},
      {{1, 2, 3}, {}, 0.0},
      {{1, 2, 3}, {1, 2, 3}, 1.0},
      {{1, 2, 3}, {2, 3, 4}, 0.5},
      {{1, 2}, {3, 4}, 0.0},
      {{1, 2, 3, 4}, {4}, 0.25},
  };
  for (const auto& c : kCases) EXPECT_DOUBLE_EQ(ExactJaccard(c.a, c.b), c.j);
}

// The differential test: the MinHash estimate against the exact Jaccard on
// random pairs of sets spanning J in [0, 1]. With K hashes the estimate has
// standard deviation sigma = sqrt(J (1 - J) / K); we require 99% of pairs
// within 3 sigma (a normal law gives 99.73%), none beyond 5 sigma, and no
// bias.
TEST(MinHashTest, EstimateWithinTheBoundOfExactJaccard) {
  for (int k : {64, 128, 256}) {
    MinHasher hasher(k, 42);
    std::mt19937_64 rng(7 + k);
    int beyond3 = 0;
    int pairs = 400;
    double bias = 0;
    std::vector<uint32_t> sa, sb;
    for (int n = 0; n < pairs; ++n) {
      // |A| and |B| from 50 to 1000; a shared part giving J anywhere.
      size_t shared = rng() % 600, only_a = rng() % 400 + (shared == 0), only_b = rng() % 400;
      std::vector<uint64_t> a, b;
      for (size_t i = 0; i < shared; ++i) {
        uint64_t x = rng();
        a.push_back(x);
        b.push_back(x);
      }
      for (size_t i = 0; i < only_a; ++i) a.push_back(rng());
      for (size_t i = 0; i < only_b; ++i) b.push_back(rng());
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      double j = ExactJaccard(a, b);
      hasher.Sign(a, &sa);
      hasher.Sign(b, &sb);
      double est = MinHasher::Estimate(sa, sb);
      double sigma = std::sqrt(j * (1 - j) / k);
      double err = std::fabs(est - j);
      bias += est - j;
      // A 1/K grain: the estimate is a multiple of 1/K.
      if (err > 3 * sigma + 1.0 / k) ++beyond3;
      EXPECT_LE(err, 5 * sigma + 1.0 / k) << "k=" << k << " J=" << j << " est=" << est;
    }
    EXPECT_LE(beyond3, pairs / 100) << "k=" << k;
    EXPECT_LT(std::fabs(bias / pairs), 0.01) << "k=" << k;
  }
}

// The same on shingles of real-looking text: copies edited at rates from 0
// to 50% of words.
TEST(MinHashTest, EstimateTracksEditedTextCopies) {
  MinHasher hasher(128, 1);
  std::mt19937_64 rng(3);
  int beyond3 = 0, pairs = 0;
  for (double rate : {0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5}) {
    for (int n = 0; n < 20; ++n) {
      auto article = RandomArticle(rng, 5, 60);
      std::vector<uint64_t> a = ShinglesOf(Join(article));
      std::vector<uint64_t> b = ShinglesOf(Join(Edit(article, rate, rng)));
      std::vector<uint32_t> sa, sb;
      hasher.Sign(a, &sa);
      hasher.Sign(b, &sb);
      double j = ExactJaccard(a, b);
      double sigma = std::sqrt(j * (1 - j) / 128);
      if (std::fabs(MinHasher::Estimate(sa, sb) - j) > 3 * sigma + 1.0 / 128) ++beyond3;
      ++pairs;
    }
  }
  EXPECT_LE(beyond3, 2) << "of " << pairs;
}

TEST(SimHashTest, CloseSetsHaveCloseFingerprints) {
  std::mt19937_64 rng(5);
  auto article = RandomArticle(rng, 5, 80);
  std::vector<uint64_t> a = ShinglesOf(Join(article));
  EXPECT_EQ(SimHash(a), SimHash(ShinglesOf(Join(article))));
  auto far = ShinglesOf(Join(RandomArticle(rng, 5, 80)));
  EXPECT_GT(std::popcount(SimHash(a) ^ SimHash(far)), 16);
}

TEST(DupIndexTest, UnknownMethodIsNull) {
  DedupOptions options;
  options.method = "nope";
  EXPECT_EQ(NewNearDupMethod(options), nullptr);
}

// Options the index cannot run with are an error naming the option, not
// the end of the process.
TEST(DupIndexTest, BadOptionsAreAnErrorNamingTheOption) {
  struct Case {
    const char* what;
    void (*set)(DedupOptions*);
    const char* says;
  };
  const Case cases[] = {
      {"unknown method", [](DedupOptions* o) { o->method = "nope"; }, "method 'nope'"},
      {"empty method", [](DedupOptions* o) { o->method = ""; }, "method ''"},
      {"no rows", [](DedupOptions* o) { o->rows = 0; }, "rows 0"},
      {"no bands", [](DedupOptions* o) { o->bands = -3; }, "bands -3"},
      {"too many hashes", [](DedupOptions* o) { o->bands = o->rows = 4096; }, "65536 in all"},
      {"no shingle words", [](DedupOptions* o) { o->shingle_words = 0; }, "shingle_words 0"},
      {"negative window", [](DedupOptions* o) { o->window = -1; }, "window -1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    DedupOptions options;
    c.set(&options);
    Result<std::unique_ptr<DupIndex>> index = DupIndex::Create(options);
    ASSERT_FALSE(index.ok());
    EXPECT_EQ(index.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(index.status().message().find("dedup options"), std::string::npos);
    EXPECT_NE(index.status().message().find(c.says), std::string::npos) << index.status().message();
  }
  for (const char* method : {"minhash", "simhash"}) {
    DedupOptions options;
    options.method = method;
    EXPECT_TRUE(DupIndex::Create(options).ok()) << method;
  }
}

// Edited copies against one original, in both methods.
TEST(DupIndexTest, LinksEditedCopiesToTheEarliestVersion) {
  for (const char* method : {"minhash", "simhash"}) {
    SCOPED_TRACE(method);
    DedupOptions options;
    options.method = method;
    std::unique_ptr<DupIndex> owned = NewIndex(options);
    DupIndex& index = *owned;
    std::mt19937_64 rng(11);
    auto article = RandomArticle(rng, 6, 50);
    std::string original = Join(article);
    ASSERT_EQ(index.Add("original", original).kind, DupKind::kNone);
    ASSERT_EQ(index.Add("other", Join(RandomArticle(rng, 6, 50))).kind, DupKind::kNone);

    // Exact: the same words with other case, spacing and punctuation.
    std::string shouted = original;
    for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    shouted += " !";
    DupMatch m = index.Add("shouted", shouted);
    EXPECT_EQ(m.kind, DupKind::kExact);
    EXPECT_EQ(index.Id(m.original), "original");

    // Reordered paragraphs: the same shingle set.
    auto reordered = article;
    std::reverse(reordered.begin(), reordered.end());
    m = index.Add("reordered", Join(reordered));
    EXPECT_EQ(m.kind, DupKind::kNear);
    EXPECT_EQ(index.Id(m.original), "original");
    EXPECT_FLOAT_EQ(m.similarity, 1.0f);

    if (std::string(method) == "minhash") {
      // One word changed (J about 0.97). SimHash at distance 3 misses even
      // this one: the two fingerprints differ in about 4 bits.
      auto one = article;
      one[2][10] = "berbeda";
      m = index.Add("one-word", Join(one));
      EXPECT_EQ(m.kind, DupKind::kNear);
      EXPECT_EQ(index.Id(m.original), "original");
      // 3% of words edited: J about 0.75, well above the 0.5 threshold.
      m = index.Add("edited", Join(Edit(article, 0.03, rng)));
      EXPECT_EQ(m.kind, DupKind::kNear);
      EXPECT_EQ(index.Id(m.original), "original");
      EXPECT_GT(m.similarity, 0.5f);
      // Half of the original spliced with half of another: J about 1/3.
      auto splice = article;
      auto other = RandomArticle(rng, 3, 50);
      for (int i = 0; i < 3; ++i) splice[i] = other[i];
      EXPECT_EQ(index.Add("splice", Join(splice)).kind, DupKind::kNone);
    }
    EXPECT_EQ(index.Add("new", Join(RandomArticle(rng, 6, 50))).kind, DupKind::kNone);
    EXPECT_GT(index.MemoryBytes(), 0u);
  }
}

TEST(DupIndexTest, CopyOfACopyReachesTheRoot) {
  std::unique_ptr<DupIndex> owned = NewIndex();
  DupIndex& index = *owned;
  std::mt19937_64 rng(13);
  auto article = RandomArticle(rng, 6, 50);
  index.Add("a", Join(article));
  auto b = article;
  b[0][0] = "satu";
  DupMatch mb = index.Add("b", Join(b));
  ASSERT_EQ(mb.kind, DupKind::kNear);
  // c is b again (exact copy of b): its original is b, its root is a.
  DupMatch mc = index.Add("c", Join(b));
  EXPECT_EQ(mc.kind, DupKind::kExact);
  EXPECT_EQ(index.Id(mc.original), "b");
  EXPECT_EQ(index.Id(mc.root), "a");
}

TEST(DupIndexTest, PrepareIsIndependentOfTheIndex) {
  std::unique_ptr<DupIndex> owned = NewIndex();
  DupIndex& index = *owned;
  PreparedDoc p = index.Prepare("Korea Utara mengirim pasukan khusus ke Rusia bulan ini.");
  EXPECT_EQ(p.signature.size(), 128u);
  EXPECT_EQ(p.words, 9u);
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.Insert("x", p).kind, DupKind::kNone);
  EXPECT_EQ(index.Insert("y", p).kind, DupKind::kExact);
}

// A stream with copies: 60 originals, and edited, exact and case-changed
// copies of earlier articles (some of copies), shuffled in.
std::vector<std::string> CopyStream(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<std::vector<std::string>>> articles;
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) {
    if (articles.empty() || rng() % 3 == 0) {
      articles.push_back(RandomArticle(rng, 3, 40));
    } else {
      auto copy = articles[rng() % articles.size()];
      if (rng() % 4 != 0) copy = Edit(copy, 0.02 * static_cast<double>(rng() % 4), rng);
      articles.push_back(copy);
    }
    texts.push_back(Join(articles.back()));
  }
  return texts;
}

// Saving after k documents, loading into a fresh index and adding the rest
// gives exactly the matches one index given them all gives, and byte for
// byte the same saved state; for both signature methods.
TEST(DupIndexStateTest, ResumingAfterSaveGivesTheSameMatches) {
  std::vector<std::string> texts = CopyStream(5);
  DedupOptions simhash;
  simhash.method = "simhash";
  simhash.simhash_max_distance = 7;
  DedupOptions windowed;  // generations of 40 documents: five of them
  windowed.window = 40;
  DedupOptions windowed_simhash = simhash;
  windowed_simhash.window = 40;
  for (const DedupOptions& options : {DedupOptions{}, simhash, windowed, windowed_simhash}) {
    std::unique_ptr<DupIndex> owned = NewIndex(options);
    DupIndex& whole = *owned;
    std::vector<DupMatch> expected;
    size_t linked = 0;
    for (size_t i = 0; i < texts.size(); ++i) {
      expected.push_back(whole.Add("d" + std::to_string(i), texts[i]));
      linked += expected.back().kind != DupKind::kNone;
    }
    // A window of 40 misses the copies of older articles.
    EXPECT_GT(linked, options.window > 0 ? 30u : 50u) << options.method;
    for (size_t k : {size_t{0}, size_t{1}, size_t{64}, size_t{199}, size_t{200}}) {
      std::unique_ptr<DupIndex> owned = NewIndex(options);
      DupIndex& first = *owned;
      for (size_t i = 0; i < k; ++i) first.Add("d" + std::to_string(i), texts[i]);
      std::string blob = first.SaveState();
      Result<std::unique_ptr<DupIndex>> resumed = DupIndex::Load(blob);
      ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
      EXPECT_EQ((*resumed)->SaveState(), blob);
      for (size_t i = k; i < texts.size(); ++i) {
        DupMatch m = (*resumed)->Add("d" + std::to_string(i), texts[i]);
        EXPECT_EQ(m.doc, expected[i].doc);
        EXPECT_EQ(m.kind, expected[i].kind) << options.method << " k=" << k << " i=" << i;
        EXPECT_EQ(m.original, expected[i].original);
        EXPECT_EQ(m.root, expected[i].root);
        EXPECT_EQ(m.similarity, expected[i].similarity);
      }
      ASSERT_EQ((*resumed)->size(), whole.size());
      for (uint32_t d = 0; d < whole.size(); ++d) {
        EXPECT_EQ((*resumed)->Id(d), whole.Id(d));
        EXPECT_EQ((*resumed)->Parent(d), whole.Parent(d));
      }
      EXPECT_EQ((*resumed)->SaveState(), whole.SaveState()) << options.method << " k=" << k;
    }
  }
}

// State per window: with a window the index finds what the whole index
// finds as long as the original is within it, forgets the rest, and holds
// the window's documents (and a 4-byte link per document) instead of 1 KB
// a document.
TEST(DupIndexWindowTest, FindsCopiesWithinTheWindowInBoundedMemory) {
  std::vector<std::string> texts = CopyStream(5);
  DedupOptions wide;
  wide.window = 1000;  // wider than the stream: nothing changes
  std::unique_ptr<DupIndex> owned_whole = NewIndex(), owned_windowed = NewIndex(wide);
  DupIndex &whole = *owned_whole, &windowed = *owned_windowed;
  for (size_t i = 0; i < texts.size(); ++i) {
    DupMatch a = whole.Add("d" + std::to_string(i), texts[i]);
    DupMatch b = windowed.Add("d" + std::to_string(i), texts[i]);
    EXPECT_EQ(a.kind, b.kind) << i;
    EXPECT_EQ(a.original, b.original) << i;
    EXPECT_EQ(a.similarity, b.similarity) << i;
  }

  std::mt19937_64 rng(3);
  std::vector<std::string> fresh;
  for (int i = 0; i < 10000; ++i) fresh.push_back(Join(RandomArticle(rng, 1, 30)));
  DedupOptions narrow;
  narrow.window = 200;
  std::unique_ptr<DupIndex> owned_all = NewIndex(), owned_recent = NewIndex(narrow);
  DupIndex &all = *owned_all, &recent = *owned_recent;
  for (size_t i = 0; i < fresh.size(); ++i) {
    ASSERT_EQ(all.Add("f" + std::to_string(i), fresh[i]).kind, DupKind::kNone);
    ASSERT_EQ(recent.Add("f" + std::to_string(i), fresh[i]).kind, DupKind::kNone);
  }
  std::printf("10,000 documents: %zu bytes without a window, %zu with a window of 200\n",
              all.MemoryBytes(), recent.MemoryBytes());
  EXPECT_LT(recent.MemoryBytes() * 5, all.MemoryBytes());
  // A copy of the first document: beyond the window, new content.
  EXPECT_EQ(all.Add("copy-first", fresh[0]).kind, DupKind::kExact);
  EXPECT_EQ(recent.Add("copy-first", fresh[0]).kind, DupKind::kNone);
  EXPECT_EQ(recent.Id(0), "");
  // An edited copy of a recent one is found, with its id.
  std::string edited = fresh[9900];
  edited.replace(0, edited.find(' '), "berubah");
  DupMatch m = recent.Add("copy-recent", edited);
  EXPECT_EQ(m.kind, DupKind::kNear);
  EXPECT_EQ(m.original, 9900u);
  EXPECT_EQ(recent.Id(m.original), "f9900");
}

// A damaged or foreign blob is an error, never a crash.
TEST(DupIndexStateTest, DamagedStateIsAnError) {
  std::vector<std::string> texts = CopyStream(9);
  std::unique_ptr<DupIndex> owned = NewIndex();
  DupIndex& index = *owned;
  for (size_t i = 0; i < 40; ++i) index.Add("d" + std::to_string(i), texts[i]);
  std::string blob = index.SaveState();
  ASSERT_TRUE(DupIndex::Load(blob).ok());
  for (size_t n = 0; n < blob.size(); n += 1 + n / 16) {
    EXPECT_FALSE(DupIndex::Load(blob.substr(0, n)).ok()) << n;
  }
  for (size_t i = 0; i < blob.size(); i += 1 + i / 32) {
    std::string bad = blob;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    EXPECT_FALSE(DupIndex::Load(bad).ok()) << i;
  }
  EXPECT_FALSE(DupIndex::Load("").ok());
  EXPECT_FALSE(DupIndex::Load(std::string(100, '\0')).ok());
  std::string newer = blob;
  newer[8] = static_cast<char>(newer[8] + 1);  // the version field
  EXPECT_FALSE(DupIndex::Load(newer).ok());
}

}  // namespace
}  // namespace warta
