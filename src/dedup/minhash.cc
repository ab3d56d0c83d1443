// Near-duplicate signatures: MinHash with LSH banding, and SimHash.
//
// MinHash. For a random hash function h, P[min h(A) == min h(B)] equals the
// Jaccard similarity of the sets A and B. With K functions the fraction of
// agreeing minima estimates J with variance J(1-J)/K. The shingle hashes are
// already mixed 64-bit values (shingle.cc), so each function is the cheap
// multiply-add h_i(x) = (a_i x + b_i) >> 32 with random odd a_i; the
// differential test in dedup_test.cc checks that the estimate stays within
// 3 sigma of the exact Jaccard on random pairs, which is the property we
// rely on.
//
// LSH banding. The K = bands * rows values are cut into bands; two
// documents become candidates when all rows of some band agree, which
// happens with probability 1 - (1 - J^rows)^bands: an S-curve whose middle
// sits near (1/bands)^(1/rows). Candidates are then verified by the full
// signature estimate. Each band has its own open-addressing table from a
// 32-bit band key to the FIRST document that had it (8 bytes a slot): the
// earliest version is what we link to, and a later document with the same
// band key adds nothing a lookup needs. A 32-bit key collides by chance
// with probability n/2^32 per band lookup; such false candidates fail the
// verification, so they cost time (128 compares), never precision.
//
// SimHash. Bit i of the fingerprint is the majority vote of bit i over the
// shingle hashes. Hamming distance tracks the angle between the sets, so it
// is sharp only for very close pairs: at J = 0.5 two documents differ in
// about 17 of 64 bits, beyond what block tables can search. Kept as the
// measured alternative (docs/stories.md): d+1 blocks find every pair within
// Hamming distance d (pigeonhole), each block table a bucket list.
//
// Tested by dedup_test.cc.
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>

#include "warta/dedup.h"
#include "warta/hash.h"

namespace warta {

MinHasher::MinHasher(int num_hashes, uint64_t seed) {
  std::mt19937_64 rng(seed);
  mul_.resize(static_cast<size_t>(num_hashes));
  add_.resize(static_cast<size_t>(num_hashes));
  for (int i = 0; i < num_hashes; ++i) {
    mul_[i] = rng() | 1;
    add_[i] = rng();
  }
}

void MinHasher::Sign(std::span<const uint64_t> shingles, std::vector<uint32_t>* signature) const {
  size_t k = mul_.size();
  signature->assign(k, std::numeric_limits<uint32_t>::max());
  uint32_t* sig = signature->data();
  const uint64_t* mul = mul_.data();
  const uint64_t* add = add_.data();
  for (uint64_t x : shingles) {
    for (size_t i = 0; i < k; ++i) {
      uint32_t v = static_cast<uint32_t>((mul[i] * x + add[i]) >> 32);
      sig[i] = v < sig[i] ? v : sig[i];
    }
  }
}

double MinHasher::Estimate(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  size_t n = std::min(a.size(), b.size());
  if (n == 0) return 0;
  size_t same = 0;
  for (size_t i = 0; i < n; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(n);
}

uint64_t SimHash(std::span<const uint64_t> shingles) {
  int32_t votes[64] = {};
  for (uint64_t x : shingles) {
    for (int b = 0; b < 64; ++b) votes[b] += ((x >> b) & 1) ? 1 : -1;
  }
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    if (votes[b] > 0) out |= uint64_t{1} << b;
  }
  return out;
}

namespace {

// One band's table: 32-bit key -> first document, open addressing with
// linear probing, at most 3/4 full. A slot packs key << 32 | (doc + 1);
// 0 is empty.
class BandTable {
 public:
  BandTable() : slots_(1024, 0), shift_(32 - 10) {}

  // The first document stored under `key`, or -1 after storing `doc`.
  int64_t FindOrInsert(uint32_t key, uint32_t doc) {
    if ((used_ + 1) * 4 > slots_.size() * 3) Grow();
    size_t mask = slots_.size() - 1;
    size_t i = Slot(key);
    while (true) {
      uint64_t s = slots_[i];
      if (s == 0) {
        slots_[i] = (uint64_t{key} << 32) | (uint64_t{doc} + 1);
        ++used_;
        return -1;
      }
      if (static_cast<uint32_t>(s >> 32) == key) return static_cast<int64_t>((s & 0xffffffffu) - 1);
      i = (i + 1) & mask;
    }
  }
  // The first document stored under `key`, or -1.
  int64_t Find(uint32_t key) const {
    size_t mask = slots_.size() - 1;
    for (size_t i = Slot(key);; i = (i + 1) & mask) {
      uint64_t s = slots_[i];
      if (s == 0) return -1;
      if (static_cast<uint32_t>(s >> 32) == key) return static_cast<int64_t>((s & 0xffffffffu) - 1);
    }
  }
  size_t MemoryBytes() const { return slots_.capacity() * sizeof(uint64_t); }

 private:
  size_t Slot(uint32_t key) const { return (key * 0x9e3779b1u) >> shift_; }
  void Grow() {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, 0);
    --shift_;
    size_t mask = slots_.size() - 1;
    for (uint64_t s : old) {
      if (s == 0) continue;
      size_t i = Slot(static_cast<uint32_t>(s >> 32));
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<uint64_t> slots_;
  int shift_;
  size_t used_ = 0;
};

class MinHashLsh : public NearDupMethod {
 public:
  explicit MinHashLsh(const DedupOptions& options)
      : options_(options),
        hasher_(options.bands * options.rows, options.seed),
        tables_(static_cast<size_t>(options.bands)) {}

  void Sign(std::span<const uint64_t> shingles, PreparedDoc* doc) const override {
    hasher_.Sign(shingles, &doc->signature);
  }

  bool FindAndAdd(uint32_t number, const PreparedDoc& doc, uint32_t* match,
                  float* similarity) override {
    const size_t rows = static_cast<size_t>(options_.rows);
    candidates_.clear();
    for (size_t b = 0; b < tables_.size(); ++b) {
      int64_t found = tables_[b].FindOrInsert(BandKey(doc, b, rows), number);
      if (found >= 0) candidates_.push_back(static_cast<uint32_t>(found));
    }
    bool found = Verify(doc, &candidates_, match, similarity);
    signatures_.insert(signatures_.end(), doc.signature.begin(), doc.signature.end());
    return found;
  }

  bool Find(const PreparedDoc& doc, uint32_t* match, float* similarity) const override {
    const size_t rows = static_cast<size_t>(options_.rows);
    std::vector<uint32_t> candidates;
    for (size_t b = 0; b < tables_.size(); ++b) {
      int64_t found = tables_[b].Find(BandKey(doc, b, rows));
      if (found >= 0) candidates.push_back(static_cast<uint32_t>(found));
    }
    return Verify(doc, &candidates, match, similarity);
  }

  void Restore(uint32_t number, const PreparedDoc& doc) override {
    const size_t rows = static_cast<size_t>(options_.rows);
    for (size_t b = 0; b < tables_.size(); ++b)
      tables_[b].FindOrInsert(BandKey(doc, b, rows), number);
    signatures_.insert(signatures_.end(), doc.signature.begin(), doc.signature.end());
  }

  void Signature(uint32_t number, PreparedDoc* doc) const override {
    const size_t k = static_cast<size_t>(hasher_.num_hashes());
    doc->signature.assign(signatures_.begin() + static_cast<std::ptrdiff_t>(number * k),
                          signatures_.begin() + static_cast<std::ptrdiff_t>((number + 1) * k));
  }

  size_t MemoryBytes() const override {
    size_t bytes = signatures_.capacity() * sizeof(uint32_t);
    for (const BandTable& t : tables_) bytes += t.MemoryBytes();
    return bytes;
  }

 private:
  // The earliest of `candidates` whose signature estimates a Jaccard of at
  // least the threshold with `doc`'s.
  bool Verify(const PreparedDoc& doc, std::vector<uint32_t>* candidates, uint32_t* match,
              float* similarity) const {
    const size_t k = static_cast<size_t>(hasher_.num_hashes());
    std::sort(candidates->begin(), candidates->end());
    candidates->erase(std::unique(candidates->begin(), candidates->end()), candidates->end());
    for (uint32_t c : *candidates) {  // ascending: the first verified is the earliest
      double est =
          MinHasher::Estimate(doc.signature, std::span<const uint32_t>(&signatures_[c * k], k));
      if (est >= options_.threshold) {
        *match = c;
        *similarity = static_cast<float>(est);
        return true;
      }
    }
    return false;
  }

  // The 32-bit key of band `b`: a hash of its `rows` signature values.
  static uint32_t BandKey(const PreparedDoc& doc, size_t b, size_t rows) {
    uint64_t h = Hash64(std::string_view(reinterpret_cast<const char*>(&doc.signature[b * rows]),
                                         rows * sizeof(uint32_t)),
                        b);
    return static_cast<uint32_t>(h >> 32);
  }
  DedupOptions options_;
  MinHasher hasher_;
  std::vector<BandTable> tables_;
  std::vector<uint32_t> signatures_;  // size() * num_hashes
  std::vector<uint32_t> candidates_;  // scratch
};

class SimHashBlocks : public NearDupMethod {
 public:
  explicit SimHashBlocks(const DedupOptions& options)
      : max_distance_(std::clamp(options.simhash_max_distance, 0, 15)),
        blocks_(max_distance_ + 1),
        tables_(static_cast<size_t>(blocks_)) {}

  void Sign(std::span<const uint64_t> shingles, PreparedDoc* doc) const override {
    doc->simhash = SimHash(shingles);
  }

  bool FindAndAdd(uint32_t number, const PreparedDoc& doc, uint32_t* match,
                  float* similarity) override {
    bool found = Find(doc, match, similarity);
    for (int b = 0; b < blocks_; ++b) tables_[b][Block(doc.simhash, b)].push_back(number);
    fingerprints_.push_back(doc.simhash);
    return found;
  }

  bool Find(const PreparedDoc& doc, uint32_t* match, float* similarity) const override {
    bool found = false;
    uint32_t best = 0;
    int best_distance = 0;
    for (int b = 0; b < blocks_; ++b) {
      auto it = tables_[b].find(Block(doc.simhash, b));
      if (it == tables_[b].end()) continue;
      for (uint32_t c : it->second) {
        if (found && c >= best) break;  // lists are in insertion order
        int d = std::popcount(doc.simhash ^ fingerprints_[c]);
        if (d <= max_distance_) {
          found = true;
          best = c;
          best_distance = d;
          break;
        }
      }
    }
    if (found) {
      *match = best;
      *similarity = 1.0f - static_cast<float>(best_distance) / 64.0f;
    }
    return found;
  }

  void Restore(uint32_t number, const PreparedDoc& doc) override {
    for (int b = 0; b < blocks_; ++b) tables_[b][Block(doc.simhash, b)].push_back(number);
    fingerprints_.push_back(doc.simhash);
  }

  void Signature(uint32_t number, PreparedDoc* doc) const override {
    doc->simhash = fingerprints_[number];
  }

  size_t MemoryBytes() const override {
    size_t bytes = fingerprints_.capacity() * sizeof(uint64_t);
    for (const auto& t : tables_) {
      bytes += t.bucket_count() * sizeof(void*);
      for (const auto& [key, list] : t) bytes += 48 + list.capacity() * sizeof(uint32_t);
    }
    return bytes;
  }

 private:
  // Bits [64 b / blocks, 64 (b + 1) / blocks) of `x`.
  uint64_t Block(uint64_t x, int b) const {
    int lo = 64 * b / blocks_;
    int hi = 64 * (b + 1) / blocks_;
    uint64_t mask = hi - lo >= 64 ? ~uint64_t{0} : ((uint64_t{1} << (hi - lo)) - 1);
    return (x >> lo) & mask;
  }
  int max_distance_;
  int blocks_;
  std::vector<std::unordered_map<uint64_t, std::vector<uint32_t>>> tables_;
  std::vector<uint64_t> fingerprints_;
};

}  // namespace

std::unique_ptr<NearDupMethod> NewNearDupMethod(const DedupOptions& options) {
  if (options.method == "minhash") {
    if (options.bands < 1 || options.rows < 1) return nullptr;
    return std::make_unique<MinHashLsh>(options);
  }
  if (options.method == "simhash") return std::make_unique<SimHashBlocks>(options);
  return nullptr;
}

}  // namespace warta
