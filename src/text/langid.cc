// Language identification by stop-word counts.
//
// Function words are the most reliable signal in short news text: an
// Indonesian sentence is full of "yang", "dan", "di", "untuk"; an English one
// of "the", "of", "and". Each language's list is data
// (data/lang/<code>/stopwords.txt). A word found in several lists counts for
// none of them, so shared tokens ("a", "di" in both) do not decide. The text
// is scored on its first 2,000 words; a language needs at least three hits
// and more than any other.
//
// Tested by langid_test.cc.
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "warta/text.h"

namespace warta {

std::vector<std::string> SimpleWords(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && (u_isalnum(c) || (c == '-' && !current.empty()))) {
      UChar32 folded = u_foldCase(c, U_FOLD_CASE_DEFAULT);
      char buf[4];
      int32_t len = 0;
      UBool error = false;
      U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, folded, error);
      if (!error) current.append(buf, static_cast<size_t>(len));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  // A trailing hyphen is punctuation, not part of the word.
  for (std::string& w : words) {
    while (!w.empty() && w.back() == '-') w.pop_back();
  }
  words.erase(std::remove_if(words.begin(), words.end(),
                             [](const std::string& w) { return w.empty(); }),
              words.end());
  return words;
}

Result<std::unique_ptr<LanguageIdentifier>> LanguageIdentifier::Create(
    const DataDir& data) {
  auto id = std::unique_ptr<LanguageIdentifier>(new LanguageIdentifier());
  for (const std::string& code : data.Languages()) {
    ASSIGN_OR_RETURN(std::vector<std::string> words,
                     data.ReadLines(code, "stopwords.txt"));
    if (words.empty()) continue;
    int index = static_cast<int>(id->codes_.size());
    id->codes_.push_back(code);
    for (const std::string& w : words) {
      for (const std::string& folded : SimpleWords(w)) {
        std::vector<int>& langs = id->word_langs_[folded];
        if (std::find(langs.begin(), langs.end(), index) == langs.end()) {
          langs.push_back(index);
        }
      }
    }
  }
  if (id->codes_.empty()) {
    return NotFound("no stopwords.txt under " + data.root() + "/lang/*/");
  }
  return id;
}

std::string LanguageIdentifier::Identify(std::string_view text) const {
  constexpr size_t kMaxWords = 2000;
  constexpr int kMinHits = 3;
  std::vector<int> hits(codes_.size(), 0);
  std::vector<std::string> words = SimpleWords(text);
  if (words.size() > kMaxWords) words.resize(kMaxWords);
  for (const std::string& w : words) {
    auto it = word_langs_.find(w);
    if (it == word_langs_.end() || it->second.size() != 1) continue;
    ++hits[static_cast<size_t>(it->second.front())];
  }
  int best = -1, best_hits = 0, second_hits = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    if (hits[i] > best_hits) {
      second_hits = best_hits;
      best_hits = hits[i];
      best = static_cast<int>(i);
    } else if (hits[i] > second_hits) {
      second_hits = hits[i];
    }
  }
  if (best < 0 || best_hits < kMinHits || best_hits == second_hits) return "";
  return codes_[static_cast<size_t>(best)];
}

}  // namespace warta
