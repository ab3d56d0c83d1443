// DupIndex: exact copies first, then near-duplicates, linked to the earliest.
//
// Every document gets a number in arrival order. An exact copy is found by
// a hash of its word sequence (the folded word and number tokens joined by
// spaces), so a copy that only changed case, spacing or punctuation counts
// as exact; the map holds the first document per key. Otherwise the
// near-duplicate method (MinHash LSH by default) names the earliest verified
// match. `parent_` keeps each document's link so that chains (a copy of a
// copy) can be followed to the root.
//
// Prepare does all the per-document work — tokenizing, shingling, signing —
// without touching the index, so a caller with many cores runs it in
// parallel and keeps only the Insert calls in order.
//
// Tested by dedup_test.cc.
#include <cstdio>
#include <cstdlib>

#include "warta/dedup.h"
#include "warta/hash.h"

namespace warta {

const char* DupKindName(DupKind kind) {
  switch (kind) {
    case DupKind::kNone:
      return "none";
    case DupKind::kExact:
      return "exact";
    case DupKind::kNear:
      return "near";
  }
  return "none";
}

DupIndex::DupIndex(const DedupOptions& options)
    : options_(options), method_(NewNearDupMethod(options)) {
  if (method_ == nullptr) {
    std::fprintf(stderr, "warta: unknown near-duplicate method '%s'\n", options.method.c_str());
    std::abort();
  }
}

DupIndex::~DupIndex() = default;

PreparedDoc DupIndex::Prepare(std::string_view text) const {
  PreparedDoc doc;
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  // The content key: XXH3 over the folded words, streamed through a
  // running hash of word hashes to avoid building the joined string.
  uint64_t key = 0x243f6a8885a308d3ull;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kPunct) continue;
    key = (key ^ Hash64(t.folded)) * 0x100000001b3ull;
  }
  doc.content_key = key;
  std::vector<uint64_t> shingles;
  Shingle(text, options_.shingle_words, &shingles, &doc.words);
  method_->Sign(shingles, &doc);
  return doc;
}

DupMatch DupIndex::Insert(std::string_view id, const PreparedDoc& doc) {
  DupMatch m;
  m.doc = static_cast<uint32_t>(parent_.size());
  m.original = m.doc;
  uint32_t near = 0;
  float similarity = 0;
  bool is_near = method_->FindAndAdd(m.doc, doc, &near, &similarity);
  auto [it, inserted] = exact_.try_emplace(doc.content_key, m.doc);
  if (!inserted && doc.words > 0) {
    m.kind = DupKind::kExact;
    m.original = it->second;
    m.similarity = 1;
  } else if (is_near) {
    m.kind = DupKind::kNear;
    m.original = near;
    m.similarity = similarity;
  }
  parent_.push_back(m.original);
  uint32_t root = m.original;
  while (parent_[root] != root) root = parent_[root];
  m.root = root;
  id_bytes_.append(id);
  id_end_.push_back(static_cast<uint32_t>(id_bytes_.size()));
  return m;
}

std::string_view DupIndex::Id(uint32_t doc) const {
  uint32_t start = doc == 0 ? 0 : id_end_[doc - 1];
  return std::string_view(id_bytes_).substr(start, id_end_[doc] - start);
}

size_t DupIndex::MemoryBytes() const {
  return method_->MemoryBytes() + exact_.bucket_count() * sizeof(void*) + exact_.size() * 32 +
         id_bytes_.capacity() + id_end_.capacity() * 4 + parent_.capacity() * 4;
}

}  // namespace warta
