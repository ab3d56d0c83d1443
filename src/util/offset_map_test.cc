#include "warta/offset_map.h"

#include <gtest/gtest.h>

namespace warta {
namespace {

std::pair<size_t, size_t> Span(size_t a, size_t b) { return {a, b}; }

TEST(OffsetMapTest, IdentityMapsEachByte) {
  OffsetMap m = OffsetMap::Identity(10);
  EXPECT_EQ(m.ToOriginal(0), 0u);
  EXPECT_EQ(m.ToOriginal(7), 7u);
  EXPECT_EQ(m.ToOriginal(10), 10u);
  EXPECT_EQ(m.ToOriginalSpan(2, 5), Span(2, 5));
}

TEST(OffsetMapTest, AdjacentCopiesMerge) {
  OffsetMap m;
  m.AddCopy(0, 0, 3);
  m.AddCopy(3, 3, 4);
  EXPECT_EQ(m.pieces().size(), 1u);
  m.AddCopy(7, 20, 2);  // a jump: removed bytes 7..19 of the original
  EXPECT_EQ(m.pieces().size(), 2u);
  EXPECT_EQ(m.ToOriginal(7), 20u);
  EXPECT_EQ(m.ToOriginalSpan(5, 9), Span(5, 22));
}

TEST(OffsetMapTest, ReplacementMapsAsWhole) {
  // "a&amp;b" -> "a&b": derived [1,2) came from original [1,6).
  OffsetMap m;
  m.AddCopy(0, 0, 1);
  m.AddReplacement(1, 1, 1, 5);
  m.AddCopy(2, 6, 1);
  EXPECT_EQ(m.ToOriginal(1), 1u);
  EXPECT_EQ(m.ToOriginal(2), 6u);
  EXPECT_EQ(m.ToOriginalSpan(1, 2), Span(1, 6));
  EXPECT_EQ(m.ToOriginalSpan(0, 3), Span(0, 7));
}

TEST(OffsetMapTest, InsertedSeparatorMapsToPrecedingEnd) {
  // "ab" + "\n\n" (inserted) + "cd" where cd came from original 10..12.
  OffsetMap m;
  m.AddCopy(0, 0, 2);
  m.AddCopy(4, 10, 2);
  EXPECT_EQ(m.ToOriginal(2), 2u);
  EXPECT_EQ(m.ToOriginal(3), 2u);
  EXPECT_EQ(m.ToOriginal(4), 10u);
}

TEST(OffsetMapTest, ComposeChainsTwoMaps) {
  // original "xxABCyyDE" -> middle "ABCDE" -> derived "CD".
  OffsetMap inner;  // middle -> original
  inner.AddCopy(0, 2, 3);
  inner.AddCopy(3, 7, 2);
  OffsetMap outer;  // derived -> middle
  outer.AddCopy(0, 2, 2);
  OffsetMap c = outer.ComposeWith(inner);
  EXPECT_EQ(c.ToOriginal(0), 4u);  // C
  EXPECT_EQ(c.ToOriginal(1), 7u);  // D
  EXPECT_EQ(c.ToOriginalSpan(0, 2), Span(4, 8));
}

TEST(OffsetMapTest, ComposeThroughReplacement) {
  OffsetMap inner;  // middle "a\xEF\xBF\xBDb" from original "a\xFFb"
  inner.AddCopy(0, 0, 1);
  inner.AddReplacement(1, 3, 1, 1);
  inner.AddCopy(4, 2, 1);
  OffsetMap outer = OffsetMap::Identity(5);
  OffsetMap c = outer.ComposeWith(inner);
  EXPECT_EQ(c.ToOriginalSpan(0, 5), Span(0, 3));
  EXPECT_EQ(c.ToOriginalSpan(1, 4), Span(1, 2));
  EXPECT_EQ(c.ToOriginal(4), 2u);
}

TEST(OffsetMapTest, SerializeRoundTrips) {
  OffsetMap m;
  m.AddCopy(0, 100, 5);
  m.AddReplacement(5, 3, 105, 1);
  m.AddCopy(10, 50, 7);  // goes backwards in the original
  Result<OffsetMap> back = OffsetMap::Deserialize(m.Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, m);
  EXPECT_FALSE(OffsetMap::Deserialize("\x05\x01").ok());
  std::string bytes = m.Serialize();
  EXPECT_FALSE(OffsetMap::Deserialize(bytes + "x").ok());
}

}  // namespace
}  // namespace warta
