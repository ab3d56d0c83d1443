// Shingles: the unit every duplicate and reuse test in Warta compares.
//
// A shingle is k consecutive words of one paragraph. Words are the
// case-folded word and number tokens of warta::Tokenize, so "Korea Utara,"
// and "korea utara" give the same shingles and punctuation or spacing edits
// change nothing. Shingles never cross a paragraph break: an article whose
// paragraphs were reordered keeps every shingle, which is what an editor
// reshuffling wire copy does. A paragraph shorter than k words still counts,
// as one shingle of all its words, so short items are not invisible.
//
// Each word is hashed once (XXH3-64); a shingle's hash folds its word
// hashes in order and ends in a 64-bit finaliser (splitmix64), so the
// MinHash functions downstream may be plain multiply-add.
//
// Tested by dedup_test.cc.
#include <algorithm>

#include "warta/dedup.h"
#include "warta/hash.h"

namespace warta {
namespace {

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

inline bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::vector<Span> ParagraphSpans(std::string_view text) {
  std::vector<Span> out;
  size_t n = text.size();
  size_t start = 0;
  size_t i = 0;
  auto emit = [&](size_t s, size_t e) {
    while (s < e && IsBlank(text[s])) ++s;
    while (e > s && IsBlank(text[e - 1])) --e;
    if (e > s) out.push_back({static_cast<uint32_t>(s), static_cast<uint32_t>(e)});
  };
  while (i < n) {
    if (text[i] != '\n') {
      ++i;
      continue;
    }
    // A newline: is the next line blank?
    size_t j = i + 1;
    while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
    if (j < n && text[j] == '\n') {
      emit(start, i);
      while (j < n && IsBlank(text[j])) ++j;
      start = j;
      i = j;
    } else {
      i = j;
    }
  }
  emit(start, n);
  return out;
}

void Shingle(std::string_view text, int k, std::vector<uint64_t>* out, size_t* words) {
  if (k < 1) k = 1;
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<Span> paragraphs = ParagraphSpans(text);
  std::vector<uint64_t> word_hashes;
  size_t total_words = 0;
  size_t t = 0;
  for (const Span& p : paragraphs) {
    word_hashes.clear();
    while (t < tokens.size() && tokens[t].start < p.start) ++t;
    for (; t < tokens.size() && tokens[t].start < p.end; ++t) {
      if (tokens[t].kind == TokenKind::kPunct) continue;
      word_hashes.push_back(Hash64(tokens[t].folded));
    }
    total_words += word_hashes.size();
    if (word_hashes.empty()) continue;
    size_t kk = static_cast<size_t>(k);
    size_t count = word_hashes.size() < kk ? 1 : word_hashes.size() - kk + 1;
    size_t width = std::min(kk, word_hashes.size());
    for (size_t i = 0; i < count; ++i) {
      uint64_t h = 0x9e3779b97f4a7c15ull;
      for (size_t j = 0; j < width; ++j) h = (h ^ word_hashes[i + j]) * 0x100000001b3ull + j;
      out->push_back(Mix64(h));
    }
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  if (words != nullptr) *words = total_words;
}

double ExactJaccard(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t i = 0, j = 0, inter = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++inter;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(inter) / static_cast<double>(a.size() + b.size() - inter);
}

}  // namespace warta
