// ReuseIndex: paragraphs shared with earlier articles, with their spans.
//
// Wire copy rarely arrives whole. An outlet takes four paragraphs of a
// Reuters story, rewrites a clause, translates it, and wraps its own intro
// and donation appeal around it. The unit here is therefore the paragraph
// pair, and the test is fuzzy: two paragraphs are reuse when they share at
// least `min_shared` 3-word shingles making up at least `min_containment`
// of the smaller one. In the sample corpus the wire paragraph
//   "Kerja sama militer langsung antara Rusia dan Korea Utara yang
//    diberitakan oleh media asing kini telah dikonfirmasi secara resmi"
// reappears in another outlet as "... diberitakan media asing kini telah
// resmi terkonfirmasi": 16 of 22 shingles shared, while unrelated paragraph
// pairs of the same two articles share at most 3 (stock phrases such as
// "korea utara telah").
//
// The index maps each shingle to the paragraphs that hold it. Shingles in
// more than `max_postings` paragraphs are stock phrases (datelines, "kata
// dia kepada wartawan") and stop collecting postings. Matches of
// consecutive paragraphs to consecutive paragraphs merge into one span.
//
// Tested by reuse_test.cc.
#include <algorithm>

#include "state_codec.h"
#include "warta/dedup.h"

namespace warta {

ReuseIndex::ReuseIndex(const ReuseOptions& options) : options_(options) {
  if (options_.sample < 1) options_.sample = 1;
}

ReuseIndex::~ReuseIndex() = default;

std::vector<Reuse> ReuseIndex::Add(std::string_view id, std::string_view text) {
  const uint32_t doc = static_cast<uint32_t>(doc_paragraphs_.size());
  const uint64_t sample = static_cast<uint64_t>(options_.sample);
  std::vector<Span> spans = ParagraphSpans(text);
  std::vector<std::vector<uint64_t>> shingles(spans.size());
  for (size_t p = 0; p < spans.size(); ++p) {
    std::vector<uint64_t> all;
    Shingle(spans[p].Of(text), options_.shingle_words, &all);
    for (uint64_t s : all) {
      if (s % sample == 0) shingles[p].push_back(s);
    }
  }

  // Count shared shingles per (this paragraph, earlier paragraph).
  struct Hit {
    uint32_t here;   // paragraph in this document
    uint32_t there;  // global paragraph index
    uint32_t count;
  };
  std::vector<Hit> hits;
  std::unordered_map<uint32_t, uint32_t> counts;  // global paragraph -> hits
  for (size_t p = 0; p < spans.size(); ++p) {
    counts.clear();
    for (uint64_t s : shingles[p]) {
      auto it = postings_.find(s);
      if (it == postings_.end()) continue;
      for (const Posting& post : it->second) {
        ++counts[doc_paragraphs_[post.doc] + post.paragraph];
      }
    }
    for (const auto& [there, count] : counts) {
      uint32_t smaller = std::min<uint32_t>(static_cast<uint32_t>(shingles[p].size()),
                                            paragraphs_[there].shingles);
      if (count < static_cast<uint32_t>(options_.min_shared) || smaller == 0) continue;
      if (count < options_.min_containment * smaller) continue;
      hits.push_back({static_cast<uint32_t>(p), there, count});
    }
  }

  // Global paragraph index -> document: binary search over doc_paragraphs_.
  auto doc_of = [&](uint32_t global) {
    auto it = std::upper_bound(doc_paragraphs_.begin(), doc_paragraphs_.end(), global);
    return static_cast<uint32_t>(it - doc_paragraphs_.begin() - 1);
  };
  std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    uint32_t da = doc_of(a.there), db = doc_of(b.there);
    if (da != db) return da < db;
    if (a.here != b.here) return a.here < b.here;
    return a.there < b.there;
  });

  std::vector<Reuse> out;
  uint32_t last_here = 0, last_there = 0;
  for (const Hit& h : hits) {
    uint32_t other = doc_of(h.there);
    const Paragraph& q = paragraphs_[h.there];
    uint32_t smaller =
        std::min<uint32_t>(static_cast<uint32_t>(shingles[h.here].size()), q.shingles);
    if (!out.empty() && out.back().other == other && h.here == last_here + 1 &&
        h.there == last_there + 1) {
      Reuse& r = out.back();
      r.here.end = spans[h.here].end;
      r.there.end = q.span.end;
      r.shared += h.count;
      r.containment = std::max(r.containment, static_cast<float>(h.count) / smaller);
    } else {
      Reuse r;
      r.other = other;
      r.here = spans[h.here];
      r.there = q.span;
      r.shared = h.count;
      r.containment = static_cast<float>(h.count) / smaller;
      out.push_back(r);
    }
    last_here = h.here;
    last_there = h.there;
  }

  // Add this document.
  ids_.emplace_back(id);
  doc_paragraphs_.push_back(static_cast<uint32_t>(paragraphs_.size()));
  for (size_t p = 0; p < spans.size(); ++p) {
    paragraphs_.push_back({spans[p], static_cast<uint32_t>(shingles[p].size())});
    for (uint64_t s : shingles[p]) {
      std::vector<Posting>& list = postings_[s];
      if (list.size() < static_cast<size_t>(options_.max_postings)) {
        list.push_back({doc, static_cast<uint32_t>(p)});
      }
    }
  }
  return out;
}

namespace {
constexpr char kReuseMagic[] = "WREUSEIX";
constexpr uint32_t kReuseVersion = 1;
}  // namespace

std::string ReuseIndex::SaveState() const {
  state::StateWriter w;
  w.I32(options_.shingle_words);
  w.I32(options_.min_shared);
  w.F64(options_.min_containment);
  w.I32(options_.max_postings);
  w.I32(options_.sample);
  w.Var(ids_.size());
  for (size_t d = 0; d < ids_.size(); ++d) {
    w.Str(ids_[d]);
    w.Var(doc_paragraphs_[d]);
  }
  w.Var(paragraphs_.size());
  for (const Paragraph& p : paragraphs_) {
    w.Var(p.span.start);
    w.Var(p.span.end - p.span.start);
    w.Var(p.shingles);
  }
  std::vector<uint64_t> keys;
  keys.reserve(postings_.size());
  for (const auto& [key, list] : postings_) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  w.Var(keys.size());
  for (uint64_t key : keys) {
    const std::vector<Posting>& list = postings_.at(key);
    w.U64(key);
    w.Var(list.size());
    for (const Posting& p : list) {
      w.Var(p.doc);
      w.Var(p.paragraph);
    }
  }
  return state::Seal(kReuseMagic, kReuseVersion, w.payload());
}

Result<std::unique_ptr<ReuseIndex>> ReuseIndex::Load(std::string_view blob) {
  uint32_t version = 0;
  std::string payload;
  RETURN_IF_ERROR(state::Open(blob, kReuseMagic, kReuseVersion, &version, &payload));
  state::StateReader r(payload);
  ReuseOptions o;
  o.shingle_words = r.I32();
  o.min_shared = r.I32();
  o.min_containment = r.F64();
  o.max_postings = r.I32();
  o.sample = r.I32();
  if (r.failed() || o.shingle_words < 1 || o.sample < 1 || o.max_postings < 0) {
    return DataLoss("reuse index: damaged state (options)");
  }
  auto index = std::make_unique<ReuseIndex>(o);
  size_t n = r.Count(2);
  index->ids_.resize(n);
  index->doc_paragraphs_.resize(n);
  for (size_t d = 0; d < n && !r.failed(); ++d) {
    index->ids_[d] = r.Str();
    uint64_t first = r.Var();
    // First paragraphs never decrease: doc_of() binary-searches them.
    if (d > 0 && first < index->doc_paragraphs_[d - 1]) r.Fail();
    index->doc_paragraphs_[d] = static_cast<uint32_t>(first);
  }
  size_t m = r.Count(3);
  if (n > 0 && index->doc_paragraphs_.back() > m) r.Fail();
  index->paragraphs_.resize(m);
  for (Paragraph& p : index->paragraphs_) {
    uint64_t start = r.Var(), size = r.Var();
    if (start + size > UINT32_MAX) r.Fail();
    p.span = {static_cast<uint32_t>(start), static_cast<uint32_t>(start + size)};
    p.shingles = static_cast<uint32_t>(r.Var());
  }
  size_t k = r.Count(9);
  index->postings_.reserve(k);
  for (size_t i = 0; i < k && !r.failed(); ++i) {
    std::vector<Posting>& list = index->postings_[r.U64()];
    list.resize(r.Count(2));
    for (Posting& p : list) {
      uint64_t doc = r.Var(), paragraph = r.Var();
      // A posting must name a paragraph of its document.
      if (doc >= n) {
        r.Fail();
        break;
      }
      uint64_t end = doc + 1 < n ? index->doc_paragraphs_[doc + 1] : m;
      if (index->doc_paragraphs_[doc] + paragraph >= end) {
        r.Fail();
        break;
      }
      p = {static_cast<uint32_t>(doc), static_cast<uint32_t>(paragraph)};
    }
  }
  RETURN_IF_ERROR(r.Finish("reuse index"));
  return index;
}

size_t ReuseIndex::MemoryBytes() const {
  size_t bytes = paragraphs_.capacity() * sizeof(Paragraph) + doc_paragraphs_.capacity() * 4 +
                 postings_.bucket_count() * sizeof(void*);
  for (const auto& [key, list] : postings_) bytes += 48 + list.capacity() * sizeof(Posting);
  for (const std::string& id : ids_) bytes += sizeof(std::string) + id.capacity();
  return bytes;
}

}  // namespace warta
