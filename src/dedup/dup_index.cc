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
// With a window (DedupOptions::window = W) the signatures, exact keys and
// ids live in generations of W documents: a new document is searched in
// every generation, oldest first (the earliest match wins), and added to
// the newest; when a third generation begins the oldest is dropped, so the
// index holds between W and 2W documents whatever the corpus, and only
// `parent_` (4 bytes a document) grows. Each generation's tables keep the
// first document per band key within it; without a window there is one
// generation and the index is as it always was.
//
// Prepare does all the per-document work — tokenizing, shingling, signing —
// without touching the index, so a caller with many cores runs it in
// parallel and keeps only the Insert calls in order.
//
// SaveState writes the options, the links of the documents before the
// window, then per generation per document its id, its link and its
// signature, and the generation's exact-content map; Load replays the signatures through
// NearDupMethod::Restore, which rebuilds the LSH tables exactly as the
// insertions built them (the tables keep the first document per band key,
// and replaying in the same order finds the same first). Rebuilding is
// cheaper in bytes than saving the tables: they are 3/4-full open
// addressing of random keys, incompressible.
//
// Tested by dedup_test.cc.
#include <algorithm>

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

DupIndex::Generation::Generation(const DedupOptions& options, uint32_t first)
    : base(first), method(NewNearDupMethod(options)) {}

namespace {

// Why DupIndex cannot run with `o`, or OK. The bounds keep a signature
// (bands x rows hashes) allocatable: 4,096 x 16 is 256 kB a document.
Status CheckOptions(const DedupOptions& o) {
  if (o.method != "minhash" && o.method != "simhash") {
    return InvalidArgument("dedup options: unknown near-duplicate method '" + o.method +
                           "' (minhash or simhash)");
  }
  if (o.shingle_words < 1 || o.bands < 1 || o.rows < 1 || o.bands > 4096 || o.rows > 4096 ||
      o.bands * o.rows > 65536) {
    return InvalidArgument("dedup options: shingle_words " + std::to_string(o.shingle_words) +
                           ", bands " + std::to_string(o.bands) + ", rows " +
                           std::to_string(o.rows) +
                           " (each at least 1; bands and rows at most 4096, 65536 in all)");
  }
  if (o.window < 0) {
    return InvalidArgument("dedup options: window " + std::to_string(o.window) +
                           " (0 for none, or a number of documents)");
  }
  return Status::Ok();
}

}  // namespace

DupIndex::DupIndex(const DedupOptions& options)
    : options_(options), signer_(NewNearDupMethod(options)) {
  generations_.emplace_back(options_, 0);
}

Result<std::unique_ptr<DupIndex>> DupIndex::Create(const DedupOptions& options) {
  RETURN_IF_ERROR(CheckOptions(options));
  return std::unique_ptr<DupIndex>(new DupIndex(options));
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
  signer_->Sign(shingles, &doc);
  return doc;
}

DupMatch DupIndex::Insert(std::string_view id, const PreparedDoc& doc) {
  DupMatch m;
  m.doc = static_cast<uint32_t>(parent_.size());
  m.original = m.doc;
  if (options_.window > 0 && generations_.back().size() >= static_cast<size_t>(options_.window)) {
    generations_.emplace_back(options_, m.doc);
    if (generations_.size() > 2) generations_.pop_front();
  }
  // The earliest match: older generations first. The newest generation
  // takes the document; with one generation this is the whole index.
  bool exact = false, near = false;
  uint32_t exact_doc = 0, near_doc = 0;
  float similarity = 0;
  for (Generation& g : generations_) {
    const bool newest = &g == &generations_.back();
    uint32_t local = 0;
    float sim = 0;
    bool found = newest ? g.method->FindAndAdd(m.doc - g.base, doc, &local, &sim)
                        : g.method->Find(doc, &local, &sim);
    if (found && !near) {
      near = true;
      near_doc = g.base + local;
      similarity = sim;
    }
    auto it = newest ? g.exact.try_emplace(doc.content_key, m.doc).first
                     : g.exact.find(doc.content_key);
    if (!exact && it != g.exact.end() && it->second != m.doc) {
      exact = true;
      exact_doc = it->second;
    }
  }
  if (exact && doc.words > 0) {
    m.kind = DupKind::kExact;
    m.original = exact_doc;
    m.similarity = 1;
  } else if (near) {
    m.kind = DupKind::kNear;
    m.original = near_doc;
    m.similarity = similarity;
  }
  parent_.push_back(m.original);
  uint32_t root = m.original;
  while (parent_[root] != root) root = parent_[root];
  m.root = root;
  Generation& newest = generations_.back();
  newest.id_bytes.append(id);
  newest.id_end.push_back(static_cast<uint32_t>(newest.id_bytes.size()));
  return m;
}

std::string_view DupIndex::Id(uint32_t doc) const {
  for (const Generation& g : generations_) {
    if (doc < g.base || doc - g.base >= g.size()) continue;
    uint32_t i = doc - g.base;
    uint32_t start = i == 0 ? 0 : g.id_end[i - 1];
    return std::string_view(g.id_bytes).substr(start, g.id_end[i] - start);
  }
  return {};
}

namespace {
constexpr char kMagic[] = "WDUPINDX";
// 1: one generation of every document. 2: the window (DedupOptions::window)
// after the other options, and the documents in generations: the links of
// those before the window, then each generation's documents and exact map.
// A version-1 state loads as one generation without a window.
constexpr uint32_t kVersion = 2;
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
  w.I32(options_.window);
  const bool minhash = options_.method == "minhash";
  w.Var(parent_.size());
  const uint32_t first = generations_.front().base;
  w.Var(first);
  for (uint32_t d = 0; d < first; ++d) w.Var(d - parent_[d]);  // links point back: small
  w.Var(generations_.size());
  PreparedDoc doc;
  for (const Generation& g : generations_) {
    w.Var(g.size());
    for (uint32_t i = 0; i < g.size(); ++i) {
      const uint32_t d = g.base + i;
      w.Str(Id(d));
      w.Var(d - parent_[d]);
      g.method->Signature(i, &doc);
      if (minhash) {
        for (uint32_t v : doc.signature) w.U32(v);
      } else {
        w.U64(doc.simhash);
      }
    }
    // The exact-content map in document order: the blob does not depend on
    // hash-table layout.
    std::vector<std::pair<uint32_t, uint64_t>> exact;
    exact.reserve(g.exact.size());
    for (const auto& [key, d] : g.exact) exact.emplace_back(d, key);
    std::sort(exact.begin(), exact.end());
    w.Var(exact.size());
    uint32_t last = g.base;
    for (const auto& [d, key] : exact) {
      w.Var(d - last);
      w.U64(key);
      last = d;
    }
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
  o.window = version >= 2 ? r.I32() : 0;
  if (r.failed() || !CheckOptions(o).ok()) {
    return DataLoss("duplicate index: damaged state (options)");
  }
  std::unique_ptr<DupIndex> index(new DupIndex(o));
  const bool minhash = o.method == "minhash";
  const size_t k = static_cast<size_t>(o.bands * o.rows);
  const size_t doc_bytes = minhash ? 2 + 4 * k : 10;
  const size_t n = r.Count(version >= 2 ? 1 : doc_bytes);
  const uint64_t first = version >= 2 ? r.Var() : 0;
  if (first > n) r.Fail();
  index->parent_.reserve(n);
  auto link = [&](uint32_t d) {
    uint64_t back = r.Var();
    if (back > d) r.Fail();
    index->parent_.push_back(d - static_cast<uint32_t>(std::min<uint64_t>(back, d)));
  };
  uint32_t d = 0;
  for (; d < first && !r.failed(); ++d) link(d);
  const size_t generations = version >= 2 ? r.Count(1) : 1;
  if (generations == 0 || generations > (o.window > 0 ? 2u : 1u)) r.Fail();
  PreparedDoc doc;
  doc.signature.resize(minhash ? k : 0);
  for (size_t gi = 0; gi < generations && !r.failed(); ++gi) {
    if (gi > 0) index->generations_.emplace_back(o, d);
    Generation& g = index->generations_.back();
    g.base = d;
    const size_t size = version >= 2 ? r.Count(doc_bytes) : n;
    g.id_end.reserve(size);
    for (uint32_t i = 0; i < size && !r.failed(); ++i, ++d) {
      g.id_bytes += r.Str();
      g.id_end.push_back(static_cast<uint32_t>(g.id_bytes.size()));
      link(d);
      if (minhash) {
        for (uint32_t& v : doc.signature) v = r.U32();
      } else {
        doc.simhash = r.U64();
      }
      if (!r.failed()) g.method->Restore(i, doc);
    }
    size_t m = r.Count(9);
    uint64_t e = g.base;
    for (size_t i = 0; i < m && !r.failed(); ++i) {
      e += r.Var();
      uint64_t key = r.U64();
      if (e < g.base || e >= d) r.Fail();
      g.exact.emplace(key, static_cast<uint32_t>(e));
    }
  }
  if (d != n) r.Fail();
  RETURN_IF_ERROR(r.Finish("duplicate index"));
  return index;
}

size_t DupIndex::MemoryBytes() const {
  size_t bytes = parent_.capacity() * 4;
  for (const Generation& g : generations_) {
    bytes += g.method->MemoryBytes() + g.exact.bucket_count() * sizeof(void*) +
             g.exact.size() * 32 + g.id_bytes.capacity() + g.id_end.capacity() * 4;
  }
  return bytes;
}

}  // namespace warta
