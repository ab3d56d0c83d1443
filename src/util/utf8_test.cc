// Tests of utf8.h: well-formed sequences of every length, and the odd
// cases one at a time (each invalid byte consumes one byte).
#include "util/utf8.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace warta {
namespace {

// The code points of `text`, decoded left to right.
std::vector<int32_t> Decode(std::string_view text) {
  std::vector<int32_t> out;
  for (size_t i = 0; i < text.size();) {
    size_t len = 0;
    out.push_back(DecodeUtf8(text, i, &len));
    EXPECT_GE(len, 1u);
    i += len;
  }
  return out;
}

constexpr int32_t kBad = kInvalidCodePoint;

TEST(Utf8CodecTest, DecodesEveryLength) {
  EXPECT_EQ(Decode("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
            (std::vector<int32_t>{'a', 0xE9, 0x20AC, 0x1F600}));
  EXPECT_EQ(Decode(std::string("\0x", 2)), (std::vector<int32_t>{0, 'x'}));
  EXPECT_EQ(Decode("\xF4\x8F\xBF\xBF"), (std::vector<int32_t>{0x10FFFF}));
  EXPECT_EQ(Decode("\xED\x9F\xBF"), (std::vector<int32_t>{0xD7FF}));
}

TEST(Utf8CodecTest, InvalidBytesConsumeOneByteEach) {
  struct Case {
    const char* name;
    std::string bytes;
    std::vector<int32_t> want;
  };
  const Case cases[] = {
      {"stray continuation",
       "\x80"
       "a",
       {kBad, 'a'}},
      {"lead without its tail",
       "\xE2\x82"
       "A",
       {kBad, kBad, 'A'}},
      {"truncated at the end (2)", "a\xC3", {'a', kBad}},
      {"truncated at the end (3)", "\xE2\x82", {kBad, kBad}},
      {"truncated at the end (4)", "\xF0\x9F\x98", {kBad, kBad, kBad}},
      {"overlong two bytes", "\xC0\xAF", {kBad, kBad}},
      {"overlong three bytes", "\xE0\x80\xAF", {kBad, kBad, kBad}},
      {"overlong four bytes", "\xF0\x80\x80\xAF", {kBad, kBad, kBad, kBad}},
      {"surrogate", "\xED\xA0\x80", {kBad, kBad, kBad}},
      {"past U+10FFFF", "\xF4\x90\x80\x80", {kBad, kBad, kBad, kBad}},
      {"F5..FF",
       "\xF5\xFF"
       "b",
       {kBad, kBad, 'b'}},
      {"Latin-1 e acute inside ASCII", "caf\xE9 ok", {'c', 'a', 'f', kBad, ' ', 'o', 'k'}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Decode(c.bytes), c.want) << c.name;
  }
}

TEST(Utf8CodecTest, AppendsEveryLengthAndRefusesWhatIsNotACodePoint) {
  std::string out;
  for (int32_t cp : {0x41, 0xE9, 0x20AC, 0x1F600, 0x10FFFF}) AppendUtf8(cp, &out);
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
  std::string none;
  for (int32_t cp : {0xD800, 0xDFFF, 0x110000, -1}) AppendUtf8(cp, &none);
  EXPECT_EQ(none, "");
}

TEST(Utf8CodecTest, RoundTripsEveryCodePoint) {
  for (int32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string bytes;
    AppendUtf8(cp, &bytes);
    size_t len = 0;
    ASSERT_EQ(DecodeUtf8(bytes, 0, &len), cp);
    ASSERT_EQ(len, bytes.size());
  }
}

}  // namespace
}  // namespace warta
