// The dedup stage: exact copies, near-duplicates and wire reuse.
//
// Outlets copy wire text and each other. This header finds, for each new
// article, the earliest article it copies (exact or near-duplicate), and the
// paragraphs it shares with earlier articles (partial reuse), with their byte
// spans in both. Both indexes are streaming: documents are added one at a
// time, and neither keeps any text — only signatures, hashes and spans.
//
//   warta::DupIndex dups(warta::DedupOptions{});           // MinHash + LSH
//   warta::DupMatch m = dups.Add("a.txt", text_a);          // m.kind == kNone
//   m = dups.Add("b.txt", text_b);                          // a light edit of a
//   // m.kind == DupKind::kNear, dups.Id(m.original) == "a.txt", m.similarity ~0.8
//
//   warta::ReuseIndex reuse(warta::ReuseOptions{});
//   reuse.Add("000", clean_000);
//   for (const warta::Reuse& r : reuse.Add("002", clean_002))
//     // r.other == 0; r.here.Of(clean_002) and r.there.Of(clean_000) are the
//     // shared wire paragraphs.
//
// Text is clean text: UTF-8, paragraphs separated by a blank line. Words are
// the case-folded word and number tokens of warta::Tokenize; a shingle is k
// consecutive words inside one paragraph, so reordering paragraphs keeps
// nearly every shingle.
//
// Thread-safety: the free functions and DupIndex::Prepare are reentrant;
// Add/Insert mutate the index and need external synchronisation. The
// intended pipeline prepares documents on many threads and inserts them in
// order on one.
#ifndef WARTA_DEDUP_H_
#define WARTA_DEDUP_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "warta/segment.h"
#include "warta/status.h"

namespace warta {

// ---------------------------------------------------------------- shingles

// The paragraphs of `text`: ranges separated by a line that is empty or only
// white space, trimmed of white space; empty paragraphs are dropped.
std::vector<Span> ParagraphSpans(std::string_view text);

// Appends to `out` the 64-bit hashes of the k-word shingles of each
// paragraph of `text` (a paragraph of fewer than k words gives one shingle
// of all its words), then sorts `out` and removes duplicates: a set.
// `words` (may be null) receives the number of words seen.
void Shingle(std::string_view text, int k, std::vector<uint64_t>* out, size_t* words = nullptr);

// Exact Jaccard similarity |a ∩ b| / |a ∪ b| of two sorted, duplicate-free
// sets; 1 for two empty sets.
double ExactJaccard(std::span<const uint64_t> a, std::span<const uint64_t> b);

// ---------------------------------------------------------------- signatures

// MinHash: `num_hashes` hash functions h_i(x) = (a_i * x + b_i) >> 32 over
// the (already mixed) 64-bit shingle hashes; the signature holds the minimum
// of each. For two sets with Jaccard J, each position agrees with
// probability J, so the fraction of agreeing positions estimates J with
// standard deviation sqrt(J (1 - J) / num_hashes).
class MinHasher {
 public:
  MinHasher(int num_hashes, uint64_t seed);
  int num_hashes() const { return static_cast<int>(mul_.size()); }
  // Replaces `signature` with the signature of `shingles` (any order,
  // duplicates allowed). An empty set gives all 0xFFFFFFFF.
  void Sign(std::span<const uint64_t> shingles, std::vector<uint32_t>* signature) const;
  // Fraction of equal positions of two signatures of the same hasher.
  static double Estimate(std::span<const uint32_t> a, std::span<const uint32_t> b);

 private:
  std::vector<uint64_t> mul_, add_;
};

// Charikar's SimHash of a shingle set: bit i is set when more shingles have
// bit i set than clear (each shingle weighted 1).
uint64_t SimHash(std::span<const uint64_t> shingles);

// ---------------------------------------------------------------- duplicates

struct DedupOptions {
  // "minhash" (MinHash with LSH banding; the default, see docs/stories.md for
  // the measurements behind the choice) or "simhash" (64-bit SimHash with
  // pigeonhole block tables; kept as the measured alternative).
  std::string method = "minhash";
  int shingle_words = 5;
  // MinHash: num_hashes = bands * rows. 32 bands of 4 rows put the middle of
  // the LSH S-curve 1 - (1 - J^4)^32 at J = 0.42: a pair at J = 0.5 becomes
  // a candidate with probability 0.87, at 0.6 with 0.99, at 0.3 with 0.23.
  int bands = 32;
  int rows = 4;
  // A candidate is a near-duplicate when its MinHash estimate of Jaccard is
  // at least this.
  double threshold = 0.5;
  // SimHash: a near-duplicate is within this Hamming distance (of 64 bits).
  // Tables: max_distance + 1 blocks, by the pigeonhole principle.
  int simhash_max_distance = 3;
  uint64_t seed = 0x5741525441ull;  // "WARTA"
  // State per window, not per corpus: with `window` > 0 a document is
  // compared with at least the `window` documents before it and at most
  // twice as many (the index keeps two generations of `window` documents
  // and drops the older when a third begins); a copy of an older document
  // is new content. 0: every document ever added (about 1 KB a document,
  // docs/stories.md). The story stage keeps a window (StoryStageOptions).
  int window = 0;
};

enum class DupKind : uint8_t {
  kNone,   // new content
  kExact,  // the same words as an earlier document (case, spacing and
           // punctuation aside)
  kNear,   // a near-duplicate of an earlier document
};
const char* DupKindName(DupKind kind);  // "none", "exact", "near"

struct DupMatch {
  uint32_t doc = 0;  // the number the index gave this document: 0, 1, ...
  DupKind kind = DupKind::kNone;
  uint32_t original = 0;  // the earliest matching document (== doc for kNone)
  uint32_t root = 0;      // `original`'s own original, followed to the end
  float similarity = 0;   // estimated Jaccard (minhash) or 1 - hamming/64
};

// What Prepare computes from a text, without touching the index.
struct PreparedDoc {
  uint64_t content_key = 0;         // hash of the word sequence
  std::vector<uint32_t> signature;  // minhash: num_hashes values
  uint64_t simhash = 0;             // simhash
  size_t words = 0;
};

// A near-duplicate signature method behind DupIndex: the index proper.
class NearDupMethod {
 public:
  virtual ~NearDupMethod() = default;
  // Fills the signature fields of `doc` from its shingle set.
  virtual void Sign(std::span<const uint64_t> shingles, PreparedDoc* doc) const = 0;
  // Finds the earliest earlier document whose signature matches `doc`
  // (returns false when none), then adds `doc` as number `number`.
  virtual bool FindAndAdd(uint32_t number, const PreparedDoc& doc, uint32_t* match,
                          float* similarity) = 0;
  // The same search, without adding `doc`.
  virtual bool Find(const PreparedDoc& doc, uint32_t* match, float* similarity) const = 0;
  // Adds `doc` as number `number` without searching: rebuilds the tables
  // from saved signatures, exactly as FindAndAdd left them.
  virtual void Restore(uint32_t number, const PreparedDoc& doc) = 0;
  // The signature fields of document `number` as they were added.
  virtual void Signature(uint32_t number, PreparedDoc* doc) const = 0;
  // Heap bytes held.
  virtual size_t MemoryBytes() const = 0;
};

// "minhash" or "simhash"; null for an unknown name.
std::unique_ptr<NearDupMethod> NewNearDupMethod(const DedupOptions& options);

// The streaming duplicate index. Per document it keeps: the id (its bytes
// plus 4), the parent link (4 bytes), an exact-content hash map entry (~40
// bytes) and the method's signature and table entries — for the default
// MinHash 128 x 4 = 512 signature bytes plus 32 band entries of 8 bytes in
// open-addressing tables at most 3/4 full (~340 bytes, fewer when copies
// share band keys): 1,066 bytes a document measured at 100,000 documents by
// bench/dedup_bench.cc. No text is kept.
class DupIndex {
 public:
  // An empty index with `options`. Options it cannot run with are
  // kInvalidArgument naming the option: an unknown method ("dedup options:
  // unknown near-duplicate method 'nope' (minhash or simhash)"), fewer than
  // one shingle word, band or row, more than 4,096 bands or rows or 65,536
  // in all, a negative window.
  static Result<std::unique_ptr<DupIndex>> Create(const DedupOptions& options);
  ~DupIndex();
  DupIndex(const DupIndex&) = delete;
  DupIndex& operator=(const DupIndex&) = delete;

  // Shingles and signs `text`. Reentrant and const: call it from worker
  // threads, then Insert in order.
  PreparedDoc Prepare(std::string_view text) const;
  // Adds a prepared document and returns how it relates to earlier ones.
  DupMatch Insert(std::string_view id, const PreparedDoc& doc);
  // Prepare + Insert.
  DupMatch Add(std::string_view id, std::string_view text) { return Insert(id, Prepare(text)); }

  // The whole index, options included, as an opaque blob (a magic, a
  // format version, a CRC and the zlib-compressed fields: ids, links,
  // content keys and signatures; the LSH tables are rebuilt on load).
  // 473 bytes a document with the default MinHash, measured at 100,000
  // documents (docs/stories.md).
  std::string SaveState() const;
  // An index restored from SaveState(), with the options it was saved with:
  // it goes on exactly as the saved one would have. A blob of another kind,
  // of a newer format, truncated or altered is an error (kInvalidArgument
  // or kDataLoss), never a crash.
  static Result<std::unique_ptr<DupIndex>> Load(std::string_view state);

  // Sets DedupOptions::window from the next document on (a state saved
  // without one, loaded by the story stage, which keeps a window).
  void SetWindow(int window) { options_.window = window; }

  size_t size() const { return parent_.size(); }
  // The id of document `doc` (< size()); valid until the next Insert. Empty
  // for a document before the window (DedupOptions::window), whose id is
  // forgotten; a match's `original` is always within it.
  std::string_view Id(uint32_t doc) const;
  // The document `doc` copies, or `doc` itself.
  uint32_t Parent(uint32_t doc) const { return parent_[doc]; }
  // Heap bytes held by the index.
  size_t MemoryBytes() const;
  const DedupOptions& options() const { return options_; }

 private:
  // `options` as CheckOptions accepts them.
  explicit DupIndex(const DedupOptions& options);

  // Documents [base, base + size()): their signatures (numbered from 0
  // within the generation), exact-content keys and ids. Without a window
  // there is one generation, of every document.
  struct Generation {
    explicit Generation(const DedupOptions& options, uint32_t first);
    size_t size() const { return id_end.size(); }
    uint32_t base = 0;
    std::unique_ptr<NearDupMethod> method;
    std::unordered_map<uint64_t, uint32_t> exact;  // content key -> first doc
    std::string id_bytes;
    std::vector<uint32_t> id_end;
  };
  DedupOptions options_;
  std::unique_ptr<NearDupMethod> signer_;  // Prepare's: read-only, any thread
  std::deque<Generation> generations_;  // oldest first; at most two with a window
  std::vector<uint32_t> parent_;        // every document's link, 4 bytes each
};

// ---------------------------------------------------------------- reuse

struct ReuseOptions {
  // Reused wire text is often lightly rewritten or re-translated, so the
  // shingles are short: 3 words.
  int shingle_words = 3;
  // A paragraph pair is reuse when it shares at least `min_shared` shingles
  // and they are at least `min_containment` of the smaller paragraph's.
  int min_shared = 5;
  double min_containment = 0.25;
  // A shingle seen in more than this many paragraphs is a stock phrase and
  // stops being indexed.
  int max_postings = 64;
  // Index only shingles whose hash is 0 modulo `sample` (1: all). Sampling
  // divides memory and time by `sample` at some loss on short paragraphs;
  // min_shared applies to the sampled counts.
  int sample = 1;
};

// A run of consecutive paragraphs shared with an earlier document.
struct Reuse {
  uint32_t other = 0;     // the earlier document's number in the index
  Span here;              // byte range in the new document's text
  Span there;             // byte range in the earlier document's text
  uint32_t shared = 0;    // shingles in common (sampled)
  float containment = 0;  // shared / shingles of the smaller side
};

// The streaming paragraph-reuse index. Per document it keeps its id, one
// 12-byte entry per paragraph and one 8-byte posting per (sampled) distinct
// shingle in a hash table. Measured on the 3,463 id-news articles (295
// words on average): 17 KB a document at sample 1, 2.4 KB at sample 8 —
// for a stream of millions, sample or keep a window of recent documents.
class ReuseIndex {
 public:
  explicit ReuseIndex(const ReuseOptions& options);
  ~ReuseIndex();
  ReuseIndex(const ReuseIndex&) = delete;
  ReuseIndex& operator=(const ReuseIndex&) = delete;

  // Adds a document (number size() before the call) and returns its reuse
  // of earlier documents, ordered by (other, here.start).
  std::vector<Reuse> Add(std::string_view id, std::string_view text);

  // The whole index, options included, as an opaque blob (magic, version,
  // CRC, zlib): ids, paragraph spans and every posting list in its order.
  std::string SaveState() const;
  // An index restored from SaveState(), with the options it was saved with.
  // A damaged or foreign blob is an error, never a crash.
  static Result<std::unique_ptr<ReuseIndex>> Load(std::string_view state);

  size_t size() const { return doc_paragraphs_.size(); }
  std::string_view Id(uint32_t doc) const { return ids_[doc]; }
  size_t MemoryBytes() const;

 private:
  struct Paragraph {
    Span span;
    uint32_t shingles = 0;
  };
  struct Posting {
    uint32_t doc;
    uint32_t paragraph;  // index within the document
  };
  ReuseOptions options_;
  std::vector<std::string> ids_;
  std::vector<uint32_t> doc_paragraphs_;  // first paragraph of each document
  std::vector<Paragraph> paragraphs_;
  std::unordered_map<uint64_t, std::vector<Posting>> postings_;
};

}  // namespace warta

#endif  // WARTA_DEDUP_H_
