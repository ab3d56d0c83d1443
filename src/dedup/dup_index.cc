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
// SaveState writes the options, then per document its id, its link and its
// signature, and the exact-content map; Load replays the signatures through
// NearDupMethod::Restore, which rebuilds the LSH tables exactly as the
// insertions built them (the tables keep the first document per band key,
// and replaying in the same order finds the same first). Rebuilding is
// cheaper in bytes than saving the tables: they are 3/4-full open
// addressing of random keys, incompressible.
//
// Tested by dedup_test.cc.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "state_codec.h"
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

namespace {
constexpr char kMagic[] = "WDUPINDX";
constexpr uint32_t kVersion = 1;
}  // namespace

std::string DupIndex::SaveState() const {
  state::StateWriter w;
  w.Str(options_.method);
  w.I32(options_.shingle_words);
  w.I32(options_.bands);
  w.I32(options_.rows);
  w.F64(options_.threshold);
  w.I32(options_.simhash_max_distance);
  w.U64(options_.seed);
  const bool minhash = options_.method == "minhash";
  w.Var(parent_.size());
  PreparedDoc doc;
  for (uint32_t d = 0; d < parent_.size(); ++d) {
    w.Str(Id(d));
    w.Var(d - parent_[d]);  // links point back: a small number
    method_->Signature(d, &doc);
    if (minhash) {
      for (uint32_t v : doc.signature) w.U32(v);
    } else {
      w.U64(doc.simhash);
    }
  }
  // The exact-content map in document order: the blob does not depend on
  // hash-table layout.
  std::vector<std::pair<uint32_t, uint64_t>> exact;
  exact.reserve(exact_.size());
  for (const auto& [key, d] : exact_) exact.emplace_back(d, key);
  std::sort(exact.begin(), exact.end());
  w.Var(exact.size());
  uint32_t last = 0;
  for (const auto& [d, key] : exact) {
    w.Var(d - last);
    w.U64(key);
    last = d;
  }
  return state::Seal(kMagic, kVersion, w.payload());
}

Result<std::unique_ptr<DupIndex>> DupIndex::Load(std::string_view blob) {
  uint32_t version = 0;
  std::string payload;
  RETURN_IF_ERROR(state::Open(blob, kMagic, kVersion, &version, &payload));
  state::StateReader r(payload);
  DedupOptions o;
  o.method = r.Str();
  o.shingle_words = r.I32();
  o.bands = r.I32();
  o.rows = r.I32();
  o.threshold = r.F64();
  o.simhash_max_distance = r.I32();
  o.seed = r.U64();
  if (r.failed() || o.shingle_words < 1 || o.bands < 1 || o.rows < 1 || o.bands > 4096 ||
      o.rows > 4096 || o.bands * o.rows > 65536 || NewNearDupMethod(o) == nullptr) {
    return DataLoss("duplicate index: damaged state (options)");
  }
  auto index = std::make_unique<DupIndex>(o);
  const bool minhash = o.method == "minhash";
  const size_t k = static_cast<size_t>(o.bands * o.rows);
  size_t n = r.Count(minhash ? 2 + 4 * k : 10);
  index->parent_.reserve(n);
  index->id_end_.reserve(n);
  PreparedDoc doc;
  doc.signature.resize(minhash ? k : 0);
  for (uint32_t d = 0; d < n && !r.failed(); ++d) {
    index->id_bytes_ += r.Str();
    index->id_end_.push_back(static_cast<uint32_t>(index->id_bytes_.size()));
    uint64_t back = r.Var();
    if (back > d) r.Fail();
    index->parent_.push_back(d - static_cast<uint32_t>(std::min<uint64_t>(back, d)));
    if (minhash) {
      for (uint32_t& v : doc.signature) v = r.U32();
    } else {
      doc.simhash = r.U64();
    }
    if (!r.failed()) index->method_->Restore(d, doc);
  }
  size_t m = r.Count(9);
  uint64_t d = 0;
  for (size_t i = 0; i < m && !r.failed(); ++i) {
    d += r.Var();
    uint64_t key = r.U64();
    if (d >= n) r.Fail();
    index->exact_.emplace(key, static_cast<uint32_t>(d));
  }
  RETURN_IF_ERROR(r.Finish("duplicate index"));
  return index;
}

size_t DupIndex::MemoryBytes() const {
  return method_->MemoryBytes() + exact_.bucket_count() * sizeof(void*) + exact_.size() * 32 +
         id_bytes_.capacity() + id_end_.capacity() * 4 + parent_.capacity() * 4;
}

}  // namespace warta
