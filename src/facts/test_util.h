// Helpers for the facts tests: one extractor for the whole test binary, and
// Documents made from a string.
//
// Thread-safety: Extractor() is initialised once (a function-local static).
#ifndef WARTA_SRC_FACTS_TEST_UTIL_H_
#define WARTA_SRC_FACTS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "warta/claim.h"
#include "warta/document.h"
#include "warta/lang_data.h"

namespace warta {
namespace facts_test {

// The extractor over the source tree's data/, or null (the test fails).
inline const ClaimExtractor* Extractor() {
  static const ClaimExtractor* extractor = [] {
    auto data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    if (!data.ok()) return static_cast<ClaimExtractor*>(nullptr);
    auto ex = ClaimExtractor::Create(*data);
    if (!ex.ok()) return static_cast<ClaimExtractor*>(nullptr);
    return std::move(*ex).release();
  }();
  return extractor;
}

// A document whose clean text is `text` (an identity offset map).
inline Document MakeDoc(const std::string& text, const std::string& lang,
                        const std::string& published = "2024-10-25") {
  Document d;
  d.id = "t";
  d.content = text;
  d.text = text;
  d.map = OffsetMap::Identity(text.size());
  d.meta.lang = lang;
  d.meta.published = published;
  return d;
}

inline std::vector<Claim> ExtractText(const std::string& text, const std::string& lang) {
  const ClaimExtractor* ex = Extractor();
  if (ex == nullptr) {
    ADD_FAILURE() << "no extractor";
    return {};
  }
  return ex->Extract(MakeDoc(text, lang));
}

// The first claim with this value (or, for value < 0, the first stance-only
// claim), or null.
inline const Claim* FindValue(const std::vector<Claim>& claims, double value) {
  for (const Claim& c : claims) {
    if (value < 0 && c.what == "stance") return &c;
    if (value >= 0 && c.value && *c.value == value) return &c;
    if (value >= 0 && !c.value && c.min && *c.min == value) return &c;
  }
  return nullptr;
}

}  // namespace facts_test
}  // namespace warta

#endif  // WARTA_SRC_FACTS_TEST_UTIL_H_
