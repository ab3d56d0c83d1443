// HmacSha256Hex against the test vectors of RFC 4231 (section 4). Delivery
// itself is tested end to end in tests/fetch_test.cc.
#include "warta/webhook.h"

#include <gtest/gtest.h>

#include <string>

namespace warta {
namespace {

TEST(HmacSha256Test, Rfc4231Vectors) {
  // Test case 1: a 20-byte key of 0x0b.
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2: a key shorter than the output.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 3: 0xaa key, 50 bytes of 0xdd.
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\xaa'), std::string(50, '\xdd')),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  // Test case 6: a key larger than the block, hashed first.
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(WebhookTest, SignsTheBodyWithTheToken) {
  WebhookOptions options;
  options.url = "http://127.0.0.1:1/hook";
  options.token = "Jefe";
  Webhook signed_hook(options);
  const std::vector<std::string> h = signed_hook.Headers("what do ya want for nothing?", 7);
  EXPECT_EQ(h[0], "Content-Type: application/json");
  EXPECT_EQ(h[1], "X-Warta-Alert: 7");
  EXPECT_EQ(h[2],
            "X-Warta-Signature: sha256="
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  options.token.clear();
  Webhook unsigned_hook(options);
  for (const std::string& line : unsigned_hook.Headers("{}", 1)) {
    EXPECT_EQ(line.find("X-Warta-Signature"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace warta
