// TerminalSafeBuf: what reaches a terminal from article text.
#include "output.h"

#include <gtest/gtest.h>

#include <ostream>
#include <sstream>

namespace warta {
namespace {

std::string Through(const std::string& text) {
  std::ostringstream sink;
  {
    TerminalSafeBuf safe(sink.rdbuf());
    std::ostream out(&safe);
    out << text << std::flush;
  }
  return sink.str();
}

TEST(TerminalSafeBufTest, EscapeSequencesAreShownNotObeyed) {
  // A title that would set the window title, clear the screen and ring.
  EXPECT_EQ(Through("a\x1b]0;pwned\x07z"), "a\xEF\xBF\xBD]0;pwned\xEF\xBF\xBDz");
  EXPECT_EQ(Through("\x1b[2J\r\x7f"), "\xEF\xBF\xBD[2J\xEF\xBF\xBD\xEF\xBF\xBD");
  // C1 controls in UTF-8: CSI (U+009B) and NEL (U+0085).
  EXPECT_EQ(Through("x\xC2\x9B" "31m\xC2\x85"), "x\xEF\xBF\xBD" "31m\xEF\xBF\xBD");
}

TEST(TerminalSafeBufTest, TextTabsNewlinesAndOtherUtf8PassUnchanged) {
  const std::string text = "Banjir\tMedan\n\xC2\xA0\xC3\xA9 \xE2\x80\x94 caf\xC3\xA9\n";
  EXPECT_EQ(Through(text), text);
  EXPECT_EQ(Through("ends with C2 \xC2"), "ends with C2 \xC2");
}

}  // namespace
}  // namespace warta
