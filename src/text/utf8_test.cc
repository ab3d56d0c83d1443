#include <gtest/gtest.h>

#include "warta/text.h"

namespace warta {
namespace {

std::pair<size_t, size_t> Span(size_t a, size_t b) { return {a, b}; }

struct RepairCase {
  const char* name;
  std::string in;
  std::string out;
  size_t replaced;
};

TEST(Utf8Test, RepairTable) {
  const std::string r = "\xEF\xBF\xBD";
  const RepairCase cases[] = {
      {"ascii", "Korea Utara", "Korea Utara", 0},
      {"two-byte", "caf\xC3\xA9", "caf\xC3\xA9", 0},
      {"em dash", "Makdori \xE2\x80\x94 Asumsi", "Makdori \xE2\x80\x94 Asumsi", 0},
      {"four-byte", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80", 0},
      {"latin-1 byte", "caf\xE9!", "caf" + r + "!", 1},
      {"stray continuation", "a\x80" "b", "a" + r + "b", 1},
      {"overlong slash", "\xC0\xAF", r + r, 2},
      {"overlong 3-byte", "\xE0\x80\xAF", r + r + r, 3},
      {"surrogate", "\xED\xA0\x80", r + r + r, 3},
      {"past U+10FFFF", "\xF4\x90\x80\x80", r + r + r + r, 4},
      {"truncated at end", "ab\xE2\x80", "ab" + r + r, 2},
      {"truncated then ascii", "\xE2\x80z", r + r + "z", 2},
      {"nul", std::string("a\0b", 3), "a" + r + "b", 1},
      {"empty", "", "", 0},
  };
  for (const RepairCase& c : cases) {
    size_t replaced = 99;
    OffsetMap map;
    std::string got = RepairUtf8(c.in, &map, &replaced);
    EXPECT_EQ(got, c.out) << c.name;
    EXPECT_EQ(replaced, c.replaced) << c.name;
    EXPECT_TRUE(IsValidUtf8(got)) << c.name;
    EXPECT_EQ(IsValidUtf8(c.in), c.replaced == 0) << c.name;
    // The whole output maps back onto the whole input.
    if (!c.in.empty()) {
      EXPECT_EQ(map.ToOriginalSpan(0, got.size()),
                Span(0, c.in.size()))
          << c.name;
    }
  }
}

TEST(Utf8Test, MapPointsPastReplacement) {
  OffsetMap map;
  std::string got = RepairUtf8("ab\xFF" "cd", &map);
  ASSERT_EQ(got, "ab\xEF\xBF\xBD" "cd");
  EXPECT_EQ(map.ToOriginal(2), 2u);                 // the replacement
  EXPECT_EQ(map.ToOriginal(5), 3u);                 // 'c'
  EXPECT_EQ(map.ToOriginalSpan(2, 5), Span(2, 3));
}

}  // namespace
}  // namespace warta
