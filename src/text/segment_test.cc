#include "warta/segment.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace warta {
namespace {

DataDir Data() {
  auto d = DataDir::At(WARTA_SOURCE_DATA_DIR);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return *d;
}

std::vector<std::string> Sentences(const std::string& lang, std::string_view text) {
  auto splitter = SentenceSplitter::Create(Data(), lang);
  EXPECT_TRUE(splitter.ok()) << splitter.status().ToString();
  std::vector<Span> spans;
  (*splitter)->Split(text, &spans);
  std::vector<std::string> out;
  for (const Span& s : spans) out.emplace_back(s.Of(text));
  return out;
}

// Folded forms of the tokens, joined by '|'.
std::string Folded(std::string_view text) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::string out;
  for (const Token& t : tokens) {
    if (!out.empty()) out += '|';
    out += t.folded;
  }
  return out;
}

struct SentenceCase {
  const char* lang;
  const char* text;
  std::vector<std::string> want;
};

TEST(SentenceSplitterTest, Table) {
  const std::vector<SentenceCase> cases = {
      {"en",
       "Mr. Smith met U.S. officials. They agreed.",
       {"Mr. Smith met U.S. officials.", "They agreed."}},
      {"en",
       "U.S. President Joe Biden spoke. Gen. Milley nodded.",
       {"U.S. President Joe Biden spoke.", "Gen. Milley nodded."}},
      {"en",
       "Sen. Warren and Dr. Jones left. It rained.",
       {"Sen. Warren and Dr. Jones left.", "It rained."}},
      {"en", "George W. Bush arrived. He waved.", {"George W. Bush arrived.", "He waved."}},
      {"en", "\"We are ready.\" The general left.", {"\"We are ready.\"", "The general left."}},
      {"en",
       "\"Who are you?\" she asked. Nobody answered.",
       {"\"Who are you?\" she asked.", "Nobody answered."}},
      {"en",
       "It cost $1.5 billion. Then 1,500 troops left.",
       {"It cost $1.5 billion.", "Then 1,500 troops left."}},
      {"id",
       "Jend. Sudirman memimpin. Pasukan bergerak.",
       {"Jend. Sudirman memimpin.", "Pasukan bergerak."}},
      {"id",
       "Korea Utara mengirim 1.500 pasukan ke AS. Presiden Yoon bereaksi.",
       {"Korea Utara mengirim 1.500 pasukan ke AS.", "Presiden Yoon bereaksi."}},
      {"id",
       "Kol. Inf. Budi dan Dr. Andi hadir. Acara dimulai.",
       {"Kol. Inf. Budi dan Dr. Andi hadir.", "Acara dimulai."}},
      {"id",
       "“Secara keseluruhan, lebih dari delapan juta artileri dan roket telah "
       "dikirim ke Rusia,” katanya. Badan itu menuding.",
       {"“Secara keseluruhan, lebih dari delapan juta artileri dan roket telah "
        "dikirim ke Rusia,” katanya.",
        "Badan itu menuding."}},
      {"id",
       "“Siapa kamu?” tanya dia. Tidak ada jawaban.",
       {"“Siapa kamu?” tanya dia.", "Tidak ada jawaban."}},
      {"id",
       "Kata Kantor Kepresidenan.\n\nBaca Juga:\n\nKorea Utara Klaim Sejuta Pemuda",
       {"Kata Kantor Kepresidenan.", "Baca Juga:", "Korea Utara Klaim Sejuta Pemuda"}},
      {"id",
       "Judul tanpa titik\nKalimat pertama. Kalimat kedua.",
       {"Judul tanpa titik", "Kalimat pertama.", "Kalimat kedua."}},
      {"id", "Nilainya 1,2 juta. Itu 12.000 orang.", {"Nilainya 1,2 juta.", "Itu 12.000 orang."}},
      {"id", "  ", {}},
      {"id", "", {}},
  };
  for (const SentenceCase& c : cases) {
    EXPECT_EQ(Sentences(c.lang, c.text), c.want) << c.text;
  }
}

TEST(SentenceSplitterTest, SpansPointAtTheText) {
  std::string text = "  Satu.  Dua dua.\n Tiga  ";
  auto splitter = SentenceSplitter::Create(Data(), "id");
  ASSERT_TRUE(splitter.ok());
  std::vector<Span> spans;
  (*splitter)->Split(text, &spans);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], (Span{2, 7}));
  EXPECT_EQ(spans[1], (Span{9, 17}));
  EXPECT_EQ(spans[2], (Span{19, 23}));
  auto clone = (*splitter)->Clone();
  std::vector<Span> again;
  clone->Split(text, &again);
  EXPECT_EQ(again, spans);
}

TEST(SentenceSplitterTest, SampleCorpusSentencesAreWholeAndInside) {
  auto splitter = SentenceSplitter::Create(Data(), "id");
  ASSERT_TRUE(splitter.ok());
  std::ifstream in(std::string(WARTA_SOURCE_DATA_DIR) + "/corpus/seeds/000_4ca6dffac9dc008f.txt");
  ASSERT_TRUE(in) << "sample corpus missing";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  std::vector<Span> spans;
  (*splitter)->Split(text, &spans);
  ASSERT_GT(spans.size(), 15u);
  bool found = false;
  uint32_t last = 0;
  for (const Span& s : spans) {
    EXPECT_GE(s.start, last);
    EXPECT_LE(s.end, text.size());
    last = s.end;
    if (s.Of(text) ==
        "“Secara keseluruhan, lebih dari delapan juta artileri dan roket telah "
        "dikirim ke Rusia,” katanya.") {
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

struct TokenCase {
  const char* text;
  const char* want;  // folded tokens joined by '|'
};

TEST(TokenizeTest, Table) {
  const std::vector<TokenCase> cases = {
      {"lebih dari 12 ribu pasukan", "lebih|dari|12|ribu|pasukan"},
      {"sekitar 12.000 tentara,", "sekitar|12.000|tentara|,"},
      {"1,2 juta tentara", "1,2|juta|tentara"},
      {"rudal balistik KN-23 yang", "rudal|balistik|kn-23|yang"},
      {"F-16, Su-57 dan COVID-19", "f-16|,|su-57|dan|covid-19"},
      {"tahun 1950 hingga 1953", "tahun|1950|hingga|1953"},
      {"1950-1953", "1950|-|1953"},
      {"era 1950-an", "era|1950-an"},
      {"ke-3 kalinya", "ke-3|kalinya"},
      {"sisa-sisa senjata", "sisa-sisa|senjata"},
      {"Kamis (24/10/2024) pukul 10.30 WIB", "kamis|(|24/10/2024|)|pukul|10.30|wib"},
      {"Rp3,5 T", "rp|3,5|t"},
      {"$5bn", "$|5|bn"},
      {"U.S. officials", "u.s.|officials"},
      {"Jum'at dan Jum’at", "jum'at|dan|jum'at"},
      {"“Kerja sama,” kata", "“|kerja|sama|,|”|kata"},
      {"ＡＢＣ １２", "abc|12"},                // fullwidth letters and digits
      {"soft\xC2\xADhyphen", "softhyphen"},     // soft hyphen inside a word
      {"zero\xE2\x80\x8Bwidth", "zero|width"},  // zero-width space splits
      {"bad\xFF"
       "byte",
       "bad|byte"},  // an invalid byte is a space
      // Each byte of an ill-formed or truncated sequence is a space of its
      // own; the bytes after it are read afresh.
      {"ab\xE2\x82"
       "cd",
       "ab|cd"},
      {"ab\xE2\x82\xC3\xA9", "ab|é"},
      {"tail\xC3", "tail"},
      {"tail\xF0\x9F\x98", "tail"},
      {"x\xE0\x80\xAFy", "x|y"},      // overlong
      {"x\xED\xA0\x80y", "x|y"},      // a surrogate
      {"x\xF4\x90\x80\x80y", "x|y"},  // past U+10FFFF
      {"x\x80\xBFy", "x|y"},           // stray continuation bytes
      {"selesai.", "selesai|."},
      {"ÉTAT Ünited", "état|ünited"},
  };
  for (const TokenCase& c : cases) {
    EXPECT_EQ(Folded(c.text), c.want) << c.text;
  }
}

// Folding is ICU's NFKC_Casefold for non-ASCII tokens: decomposed and
// precomposed spellings, ligatures and fullwidth forms fold alike, and each
// token's span still points at the bytes as written.
TEST(TokenizeTest, FoldingNormalizes) {
  EXPECT_EQ(FoldCase("Cafe\xCC\x81"), FoldCase("Caf\xC3\xA9"));  // e + U+0301 vs é
  EXPECT_EQ(FoldCase("Caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(FoldCase("\xEF\xAC\x81nal"), "final");                 // "ﬁ" ligature
  EXPECT_EQ(FoldCase("Stra\xC3\x9F" "e"), "strasse");                // full case folding
  EXPECT_EQ(FoldCase("\xEF\xBC\xAB\xEF\xBC\xAE"), "kn");          // fullwidth "ＫＮ"
  std::string text = "Kata Cafe\xCC\x81 itu";
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].folded, "caf\xC3\xA9");
  EXPECT_EQ(tokens[1].Text(text), "Cafe\xCC\x81");
}

TEST(TokenizeTest, OffsetsAndFlags) {
  std::string text = "Rp3,5 T dan KN-23";
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].Text(text), "Rp");
  EXPECT_TRUE(tokens[0].capitalized);
  EXPECT_EQ(tokens[1].Text(text), "3,5");
  EXPECT_EQ(tokens[1].kind, TokenKind::kNumber);
  EXPECT_TRUE(tokens[1].glued);
  EXPECT_FALSE(tokens[2].glued);
  EXPECT_EQ(tokens[4].Text(text), "KN-23");
  EXPECT_EQ(tokens[4].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[4].start, 12u);
  EXPECT_EQ(tokens[4].end, 17u);
  // A range of the text keeps offsets relative to the whole text.
  std::vector<Token> part;
  Tokenize(text, Span{8, 17}, &part);
  ASSERT_EQ(part.size(), 2u);
  EXPECT_EQ(part[0].start, 8u);
  EXPECT_EQ(part[1].folded, "kn-23");
}

TEST(PhraseMatcherTest, LongestFirst) {
  PhraseMatcher m;
  m.Add("kurang dari", 1);
  m.Add("tidak kurang dari", 2);
  m.Add("lebih", 3);
  m.Add("lebih dari", 4);
  std::vector<Token> tokens;
  Tokenize("Tidak kurang dari 5, lebih dari 6, lebih besar", &tokens);
  int32_t v = 0;
  EXPECT_EQ(m.Match(tokens, 0, &v), 3u);
  EXPECT_EQ(v, 2);
  EXPECT_EQ(m.Match(tokens, 1, &v), 2u);
  EXPECT_EQ(v, 1);
  EXPECT_EQ(m.Match(tokens, 5, &v), 2u);
  EXPECT_EQ(v, 4);
  EXPECT_EQ(m.Match(tokens, 9, &v), 1u);
  EXPECT_EQ(v, 3);
  EXPECT_EQ(m.Match(tokens, 3, &v), 0u);
  EXPECT_EQ(m.Match(tokens, 100, &v), 0u);
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

// Random bytes, broken UTF-8 and long runs must neither crash nor produce a
// span outside the text.
TEST(SegmentRobustnessTest, GarbageIn) {
  auto splitter = SentenceSplitter::Create(Data(), "id");
  ASSERT_TRUE(splitter.ok());
  uint32_t seed = 12345;
  auto next = [&]() {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0xFF;
  };
  const std::string alphabet = "aZ9.,/:-'() \n\"\xE2\x80\x9C\xC2\xAD\xFF\xC3";
  for (int round = 0; round < 300; ++round) {
    std::string text;
    size_t len = next() * 4;
    for (size_t i = 0; i < len; ++i) {
      text += round % 2 ? static_cast<char>(next()) : alphabet[next() % alphabet.size()];
    }
    std::vector<Span> spans;
    (*splitter)->Split(text, &spans);
    for (const Span& s : spans) {
      ASSERT_LE(s.start, s.end);
      ASSERT_LE(s.end, text.size());
    }
    std::vector<Token> tokens;
    Tokenize(text, &tokens);
    uint32_t last = 0;
    for (const Token& t : tokens) {
      ASSERT_GE(t.start, last);
      ASSERT_LT(t.start, t.end);
      ASSERT_LE(t.end, text.size());
      last = t.end;
    }
  }
  std::string long_run(100000, '9');
  std::vector<Token> tokens;
  Tokenize(long_run, &tokens);
  EXPECT_EQ(tokens.size(), 1u);
}

}  // namespace
}  // namespace warta
