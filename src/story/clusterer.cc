// The centroid clusterer: single-pass clustering with an inverted index.
//
// Each article becomes a unit vector of TF-IDF weights,
//   w(t) = (1 + ln count(t)) * idf(t) * kind_weight(t),
//   idf(t) = ln((N + 1) / (df(t) + 1)) + 1,
// where N and df count the articles seen so far (the stream is its own
// background corpus; early articles see flat weights, which only matters
// for the first few hundred). A story is the sum of its articles' vectors,
// cut to its `centroid_terms` heaviest terms after every addition, so a
// story costs the same memory after ten articles or ten thousand.
//
// An article joins the story with the highest cosine to its centroid if that
// reaches `threshold` and the story is open (its dates within `window_days`
// of the article's); otherwise it starts a new story. Scoring every story
// would be quadratic, so candidate stories come from an inverted index: a
// story is posted under its `index_terms` heaviest terms (when a term
// enters its top), an article looks up its `query_terms` heaviest terms and
// reads the `posting_scan` most recent stories of each list, ranks them by
// the summed weight of the terms that hit, and scores the best
// `candidates` exactly. Work per article is thus bounded by constants,
// whatever the number of stories: what makes a million articles possible.
//
// Across languages words cannot match, so an article in a language its
// candidate story has not seen is scored on entities and numbers alone (the
// low two bits of a term key give its kind). And a single pass splits
// stories whose first articles arrived before the words that join them: after
// each join, the story is compared with the open stories its centroid finds
// in the index, and merges into an earlier one at `merge_threshold`
// (+0.004 B-cubed F1 on ECB+); Resolve() follows merges.
//
// Revision. A join is final in a single pass, and which story an article
// meets first depends on the order of arrival. So the last `revise_window`
// articles keep their vectors, and every `revise_every` articles each is
// scored again against the candidate stories of its vector, its own story
// taken without it (a leave-one-out cosine); it moves when another open
// story reaches `threshold` and beats its own by `revise_margin`. Moving
// subtracts its vector from one centroid and adds it to the other; a term
// the truncated centroid no longer holds has nothing to subtract, the
// story's dates and languages stay as they were, and an emptied story stays
// empty (its id is never reused). The work is bounded by the window and the
// revision's lookup constants, not by the stream.
//
// Merge pass. Merging on each join looks only at the story just changed,
// with a strict threshold. After each revision, every story changed since
// the last pass (joined, moved from, merged) is compared with the open
// story its centroid finds closest, and the two merge when their centroids
// reach `merge_pass_threshold` and their entity terms agree
// (`merge_entity_threshold`): two halves of one event that began apart in
// one order of arrival — the first reports named the place, the next the
// people — are one story in every order, while two events of one kind
// (two quakes, two arrests of players of one team) differ in their names
// and stay apart. Bounded by the stories changed in `revise_every`
// articles, one lookup each.
//
// Dated figures. Where both sides are dated and about the same place
// (LooseFigures), the figures only one side gives are left out of both
// norms — a developing event's toll changes with every report — and the
// merge pass and the split step ask their entities to agree at
// `dated_entity_threshold` only: the phases of a vote count name other
// pollsters and officials around the same candidates. Between stories of
// short reports the entity agreement is also taken without IDF
// (EntityAgreement), so the names every phase repeats count, and the
// merge pass joins two such stories that are one developing event
// (OneEvent): the president's visit to the quake zone shares little with
// the toll reports but the regency, the kind of event and a name or two.
// Undated articles (ECB+) are compared as before.
//
// Split step. Revision cannot undo a join that brought a second event
// into a story: each of its articles is held there by the others of its
// event. So before the merge pass, each story with four or more articles
// in the window is cut in two by a 2-means over them, and the newer part
// leaves when the merge pass's own rule would not join the two parts
// (SameStory): "Klitschko stops Rahman" and "Klitschko stops Thompson"
// met at their first reports in one order come apart, while the halves of
// one fight, which share their names, stay. On ECB+ the spread of
// B-cubed F1 over nine orders fell from 0.033 to 0.010.
//
// Closing. A story that has taken no article in the last `close_after`
// arrivals, undated or dated and past its window at the latest date seen,
// is closed (CloseIdle, every quarter of that span): it leaves the posting
// lists and frees its centroid; terms of one article not seen within the
// span are forgotten. The state is then per window, not per corpus: 200,000
// undated one-line documents, each a story, no longer keep every story
// open (docs/stories.md).
//
// Saving. SaveState writes every field the next Add reads — options, term
// statistics, stories, postings in their order, merges, the window — with
// floats by their bits, so a loaded clusterer continues exactly as the
// saved one would have (story_test.cc checks it at several cut points).
//
// Tested by story_test.cc (and on ECB+ by stories_dev_test.cc).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <unordered_map>
#include <vector>

#include "../dedup/state_codec.h"
#include "warta/dates.h"
#include "warta/story.h"

namespace warta {
namespace {

using Vec = std::vector<std::pair<uint64_t, float>>;  // sorted by key

double Norm(const Vec& v) {
  double s = 0;
  for (const auto& [k, w] : v) s += static_cast<double>(w) * w;
  return std::sqrt(s);
}

// Indices of the `n` heaviest entries of `v`, heaviest first.
std::vector<size_t> Heaviest(const Vec& v, size_t n) {
  std::vector<size_t> idx(v.size());
  for (size_t i = 0; i < v.size(); ++i) idx[i] = i;
  n = std::min(n, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(n), idx.end(),
                    [&](size_t a, size_t b) {
                      if (v[a].second != v[b].second) return v[a].second > v[b].second;
                      return v[a].first < v[b].first;
                    });
  idx.resize(n);
  return idx;
}

// An article of fewer terms is a short report (a headline and a few
// paragraphs), whose own figures, at number_weight, outweigh the rest:
// only such an article is compared without the figures only it gives
// (LooseFigures). Long reports carry enough words to meet their story
// with their figures counted, and their figures are what tells two
// reports of one city's news apart: on dedup_bench's dated id-news stream
// (20,000 articles, 295 words on average) loose figures for every article
// lowered B-cubed F1 0.981 -> 0.968 (precision 0.972 -> 0.946); for
// short reports only, 0.980. The reports of tests/data/story-events have
// 39 to 83 words of body and a headline.
constexpr size_t kShortReportTerms = 100;

constexpr char kMagic[] = "WSTORYCL";
// 1: the first format. 2: the merge pass and short texts — three options
// after the others, each story's headline and its terms, and the stories
// changed since the last pass after the window. A version-1 state loads
// with the merge pass and the short-text threshold off, as it was saved,
// and labels its stories by their terms until a titled article joins.
// 3: the split step — one option after the others, and each window
// article's headline. A version-2 state loads with the split step off.
// 4: dated figures — two options after the others, and each window
// article's place. Older states load with it off.
// 5: closing idle stories — one option after the others, the latest date
// seen after the article count, each term's and each story's latest
// article. Older states load with the default close_after: their terms
// and stories count as last seen at their last article.
constexpr uint32_t kVersion = 5;

// Story::last_doc of a closed story (CloseIdle).
constexpr uint32_t kClosed = 0xffffffffu;

void WriteVec(state::StateWriter& w, const Vec& v) {
  w.Var(v.size());
  for (const auto& [k, x] : v) {
    w.U64(k);
    w.F32(x);
  }
}

// A vector's keys must be strictly increasing: every merge loop relies on it.
void ReadVec(state::StateReader& r, Vec* v) {
  size_t n = r.Count(12);
  v->resize(n);
  for (size_t i = 0; i < n; ++i) {
    (*v)[i].first = r.U64();
    (*v)[i].second = r.F32();
    if (i > 0 && (*v)[i].first <= (*v)[i - 1].first) r.Fail();
  }
}

void WriteOptions(state::StateWriter& w, const StoryOptions& o) {
  w.Str(o.method);
  w.F64(o.threshold);
  w.I32(o.window_days);
  w.F64(o.entity_weight);
  w.F64(o.number_weight);
  w.I32(o.centroid_terms);
  w.I32(o.index_terms);
  w.I32(o.query_terms);
  w.I32(o.posting_scan);
  w.I32(o.candidates);
  w.F64(o.merge_threshold);
  w.I32(o.revise_window);
  w.I32(o.revise_every);
  w.F64(o.revise_margin);
  w.I32(o.revise_query_terms);
  w.I32(o.revise_posting_scan);
  w.I32(o.revise_candidates);
  w.F64(o.merge_pass_threshold);
  w.F64(o.merge_entity_threshold);
  w.F64(o.short_text_terms);
  w.U8(o.split ? 1 : 0);
  w.U8(o.dated_figures ? 1 : 0);
  w.F64(o.dated_entity_threshold);
  w.I32(o.close_after);
}

StoryOptions ReadOptions(state::StateReader& r, uint32_t version) {
  StoryOptions o;
  o.method = r.Str();
  o.threshold = r.F64();
  o.window_days = r.I32();
  o.entity_weight = r.F64();
  o.number_weight = r.F64();
  o.centroid_terms = r.I32();
  o.index_terms = r.I32();
  o.query_terms = r.I32();
  o.posting_scan = r.I32();
  o.candidates = r.I32();
  o.merge_threshold = r.F64();
  o.revise_window = r.I32();
  o.revise_every = r.I32();
  o.revise_margin = r.F64();
  o.revise_query_terms = r.I32();
  o.revise_posting_scan = r.I32();
  o.revise_candidates = r.I32();
  if (version >= 2) {
    o.merge_pass_threshold = r.F64();
    o.merge_entity_threshold = r.F64();
    o.short_text_terms = r.F64();
  } else {
    o.merge_pass_threshold = 0;
    o.short_text_terms = 0;
  }
  o.split = version >= 3 && r.U8() != 0;
  o.dated_figures = version >= 4 && r.U8() != 0;
  if (version >= 4) o.dated_entity_threshold = r.F64();
  // An older state closes idle stories from now on: the bound on memory is
  // what a store saved by an earlier version needs most.
  o.close_after = version >= 5 ? r.I32() : StoryOptions{}.close_after;
  if (o.revise_query_terms < 0 || o.revise_posting_scan < 0 || o.revise_candidates < 0 ||
      o.centroid_terms < 1 || o.index_terms < 0 || o.query_terms < 0 || o.posting_scan < 0 ||
      o.candidates < 0 || o.revise_window < 0 || o.revise_every < 0 || o.window_days < 0 ||
      o.close_after < 0 || !(o.short_text_terms >= 0)) {
    r.Fail();
  }
  return o;
}

class CentroidClusterer : public Clusterer {
 public:
  explicit CentroidClusterer(const StoryOptions& options) : options_(options) {}

  StoryAssignment Add(const StoryFeatures& doc) override {
    Vec v = Vectorize(doc, &stats_);
    double doc_shared_norm = SharedNorm(v);
    if (doc.day != kNoDay && (max_day_ == kNoDay || doc.day > max_day_)) max_day_ = doc.day;
    StoryAssignment a;
    a.doc = static_cast<uint32_t>(assigned_.size());
    int64_t best = -1;
    double best_sim = 0;
    for (uint32_t s : Candidates(v)) {
      const Cluster& story = stories_[s];
      if (story.size == 0 || !Open(story, doc.day)) continue;
      double sim = Similarity(v, doc_shared_norm, doc.lang, doc.day, doc.place, story);
      if (sim > best_sim) {
        best_sim = sim;
        best = s;
      }
    }
    if (best >= 0 && best_sim >= Threshold(v, doc.lang, stories_[static_cast<size_t>(best)])) {
      a.story = static_cast<uint32_t>(best);
      a.similarity = static_cast<float>(best_sim);
    } else {
      a.story = static_cast<uint32_t>(stories_.size());
      a.created = true;
      stories_.emplace_back();
      merged_into_.push_back(a.story);
    }
    Join(a.story, v, doc.day, doc.lang, doc.title);
    a.story = MaybeMerge(a.story);
    assigned_.push_back(a.story);
    Remember(a.doc, std::move(v), doc_shared_norm, doc);
    // Document frequencies include this article from now on.
    ++docs_;
    for (size_t i = 0; i < doc.terms.size(); ++i) {
      TermStat& stat = *stats_[i];
      if (stat.df++ == 0) stat.text = doc.terms[i].text;
      stat.kind = doc.terms[i].kind;
      stat.last_doc = a.doc;
    }
    if (options_.revise_window > 0 && options_.revise_every > 0 &&
        assigned_.size() % static_cast<size_t>(options_.revise_every) == 0) {
      Revise();
      if (options_.split) Split();
      MergePass();
    } else if (options_.revise_window <= 0 || options_.revise_every <= 0) {
      changed_.clear();  // no pass will read it
    }
    if (options_.close_after > 0 && docs_ % SweepEvery() == 0) CloseIdle();
    return a;
  }

  size_t size() const override { return stories_.size(); }
  size_t docs() const override { return assigned_.size(); }

  uint32_t Resolve(uint32_t id) const override {
    while (merged_into_[id] != id) id = merged_into_[id];
    return id;
  }

  uint32_t StoryOf(uint32_t doc) const override { return Resolve(assigned_[doc]); }

  StoryInfo Story(uint32_t id) const override {
    id = Resolve(id);
    const Cluster& s = stories_[id];
    StoryInfo info;
    info.id = id;
    info.size = s.size;
    info.first_seen = FormatDay(s.first_day);
    info.last_seen = FormatDay(s.last_day);
    info.languages = s.languages;
    info.label = Label(s);
    return info;
  }

  size_t MemoryBytes() const override {
    size_t bytes = stories_.capacity() * sizeof(Cluster) + merged_into_.capacity() * 4 +
                   acc_.capacity() * 4 + assigned_.capacity() * 4;
    for (const Cluster& s : stories_) {
      bytes += s.centroid.capacity() * sizeof(Vec::value_type) + s.indexed.capacity() * 8 +
               s.headline.capacity() + s.headline_v.capacity() * sizeof(Vec::value_type);
      for (const std::string& l : s.languages) bytes += l.capacity();
    }
    bytes += terms_.bucket_count() * sizeof(void*);
    for (const auto& [k, t] : terms_) bytes += 32 + sizeof(TermStat) + t.text.capacity();
    bytes += postings_.bucket_count() * sizeof(void*);
    for (const auto& [k, p] : postings_) bytes += 48 + p.capacity() * 4;
    for (const Recent& r : recent_) {
      bytes += sizeof(Recent) + r.v.capacity() * sizeof(Vec::value_type) + r.lang.capacity() +
               r.title.capacity();
    }
    return bytes;
  }

  std::string SaveState() const override {
    state::StateWriter w;
    WriteOptions(w, options_);
    w.U64(docs_);
    w.I32(max_day_);
    // Terms in key order: the blob of a state does not depend on hash-table
    // layout.
    std::vector<uint64_t> keys;
    keys.reserve(terms_.size());
    for (const auto& [k, t] : terms_) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    w.Var(keys.size());
    for (uint64_t k : keys) {
      const TermStat& t = terms_.at(k);
      w.U64(k);
      w.Var(t.df);
      w.U8(static_cast<uint8_t>(t.kind));
      w.Str(t.text);
      w.Var(t.last_doc);
    }
    w.Var(stories_.size());
    for (size_t i = 0; i < stories_.size(); ++i) {
      const Cluster& s = stories_[i];
      w.Var(merged_into_[i]);
      WriteVec(w, s.centroid);
      w.F32(s.norm);
      w.F32(s.shared_norm);
      w.Var(s.size);
      w.I32(s.first_day);
      w.I32(s.last_day);
      w.Var(s.languages.size());
      for (const std::string& l : s.languages) w.Str(l);
      w.Var(s.indexed.size());
      for (uint64_t k : s.indexed) w.U64(k);
      w.Str(s.headline);
      WriteVec(w, s.headline_v);
      w.Var(s.last_doc);
    }
    keys.clear();
    for (const auto& [k, p] : postings_) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    w.Var(keys.size());
    for (uint64_t k : keys) {
      const std::vector<uint32_t>& list = postings_.at(k);
      w.U64(k);
      w.Var(list.size());
      for (uint32_t s : list) w.Var(s);
    }
    w.Var(assigned_.size());
    for (uint32_t s : assigned_) w.Var(s);
    w.Var(recent_.size());
    for (const Recent& r : recent_) {
      w.Var(r.doc);
      w.I32(r.day);
      w.Str(r.lang);
      w.F64(r.shared_norm);
      WriteVec(w, r.v);
      w.Str(r.title);
      w.U64(r.place);
    }
    w.Var(changed_.size());
    for (uint32_t id : changed_) w.Var(id);
    return state::Seal(kMagic, kVersion, w.payload());
  }

  // Reads what SaveState wrote after the options; checks every id against
  // what it indexes, so that no later call can run out of bounds or loop.
  void Read(state::StateReader& r, uint32_t version) {
    docs_ = r.U64();
    if (version >= 5) max_day_ = r.I32();
    size_t n = r.Count(11);
    terms_.reserve(n);
    for (size_t i = 0; i < n && !r.failed(); ++i) {
      uint64_t key = r.U64();
      TermStat t;
      t.df = static_cast<uint32_t>(r.Var());
      uint8_t kind = r.U8();
      if (kind > static_cast<uint8_t>(TermKind::kConcept)) r.Fail();
      t.kind = static_cast<TermKind>(kind);
      t.text = r.Str();
      // An older state's terms and stories count as seen at its last
      // article: they close after `close_after` more, not at once.
      t.last_doc = version >= 5 ? static_cast<uint32_t>(r.Var()) : static_cast<uint32_t>(docs_);
      terms_.emplace(key, std::move(t));
    }
    n = r.Count(16);
    stories_.resize(n);
    merged_into_.resize(n);
    for (size_t i = 0; i < n && !r.failed(); ++i) {
      Cluster& s = stories_[i];
      uint64_t into = r.Var();
      if (into > i) r.Fail();  // merges go into earlier stories: Resolve ends
      merged_into_[i] = static_cast<uint32_t>(into);
      ReadVec(r, &s.centroid);
      s.norm = r.F32();
      s.shared_norm = r.F32();
      s.size = static_cast<uint32_t>(r.Var());
      s.first_day = r.I32();
      s.last_day = r.I32();
      s.languages.resize(r.Count(1));
      for (std::string& l : s.languages) l = r.Str();
      s.indexed.resize(r.Count(8));
      for (uint64_t& k : s.indexed) k = r.U64();
      if (version >= 2) {
        s.headline = r.Str();
        ReadVec(r, &s.headline_v);
      }
      s.last_doc = version >= 5 ? static_cast<uint32_t>(r.Var()) : static_cast<uint32_t>(docs_);
    }
    n = r.Count(9);
    postings_.reserve(n);
    for (size_t i = 0; i < n && !r.failed(); ++i) {
      uint64_t key = r.U64();
      std::vector<uint32_t>& list = postings_[key];
      list.resize(r.Count(1));
      for (uint32_t& s : list) s = ReadStory(r);
    }
    assigned_.resize(r.Count(1));
    for (uint32_t& s : assigned_) s = ReadStory(r);
    n = r.Count(14);
    for (size_t i = 0; i < n && !r.failed(); ++i) {
      Recent rec;
      uint64_t doc = r.Var();
      if (doc >= assigned_.size()) r.Fail();
      rec.doc = static_cast<uint32_t>(doc);
      rec.day = r.I32();
      rec.lang = r.Str();
      rec.shared_norm = r.F64();
      ReadVec(r, &rec.v);
      if (version >= 3) rec.title = r.Str();
      if (version >= 4) rec.place = r.U64();
      recent_.push_back(std::move(rec));
    }
    if (version >= 2) {
      changed_.resize(r.Count(1));
      for (uint32_t& id : changed_) id = ReadStory(r);
    }
  }

  const StoryOptions& options() const { return options_; }

 private:
  struct Cluster {
    Vec centroid;  // truncated sum of member vectors, sorted by key
    float norm = 1;
    float shared_norm = 0;  // of the entity and number terms alone
    uint32_t size = 0;      // 0: emptied by revision or merged
    int32_t first_day = kNoDay, last_day = kNoDay;
    // The newest article when it last took one; kClosed once closed
    // (CloseIdle).
    uint32_t last_doc = 0;
    std::vector<std::string> languages;
    std::vector<uint64_t> indexed;  // keys this story is posted under
    // The label: the headline of the most central article seen, and that
    // article's heaviest terms, to weigh it against the next one.
    std::string headline;
    Vec headline_v;
  };
  struct TermStat {
    uint32_t df = 0;
    uint32_t last_doc = 0;  // the latest article that holds it
    TermKind kind = TermKind::kWord;
    std::string text;
  };
  // An article of the revision window.
  struct Recent {
    uint32_t doc = 0;
    int32_t day = kNoDay;
    std::string lang;
    double shared_norm = 0;
    Vec v;              // its unit vector as it joined
    std::string title;  // its headline, for the label of a story split off
    uint64_t place = 0;  // StoryFeatures::place
  };

  uint32_t ReadStory(state::StateReader& r) const {
    uint64_t s = r.Var();
    if (s >= stories_.size()) {
      r.Fail();
      return 0;
    }
    return static_cast<uint32_t>(s);
  }

  // The unit TF-IDF vector of `doc`; `stats` receives each term's entry in
  // terms_ (created with df 0 when new), for the df update after clustering.
  // One hash lookup a term: measured 6.5% -> 3% of dedup_bench's time.
  Vec Vectorize(const StoryFeatures& doc, std::vector<TermStat*>* stats) {
    Vec v;
    v.reserve(doc.terms.size());
    stats->clear();
    double n = static_cast<double>(docs_) + 1;
    for (const StoryTerm& t : doc.terms) {
      TermStat* stat = &terms_[t.key];  // node-based: the pointer stays valid
      stats->push_back(stat);
      double df = stat->df;
      double idf = std::log((n + 1) / (df + 1)) + 1;
      double kind = t.kind == TermKind::kEntity   ? options_.entity_weight
                    : t.kind == TermKind::kNumber ? options_.number_weight
                                                  : 1.0;
      double w = (1 + std::log(std::max(1.0f, t.count))) * idf * kind;
      if (w > 0) v.emplace_back(t.key, static_cast<float>(w));
    }
    std::sort(v.begin(), v.end());
    double norm = Norm(v);
    if (norm > 0) {
      for (auto& e : v) e.second = static_cast<float>(e.second / norm);
    }
    return v;
  }

  // The threshold for a text of n terms joining story `c`: `threshold`,
  // lowered for a short text, times sqrt(n / short_text_terms) below that
  // many terms, where the story is told in another language or in several.
  // A headline and a summary (15 terms) against a story of long reports in
  // two languages (a 100-term centroid, half of it the other language's
  // words) is a cosine of 0.2 however well it matches. Within one language
  // short texts keep the threshold: two events of one kind told in a
  // headline each are too alike (ECB+ cut to 30 words, docs/stories.md).
  double Threshold(const Vec& v, const std::string& lang, const Cluster& c) const {
    double n = static_cast<double>(v.size());
    if (options_.short_text_terms <= 0 || n >= options_.short_text_terms) return options_.threshold;
    bool other_language =
        c.languages.size() > 1 ||
        (!lang.empty() && !c.languages.empty() &&
         std::find(c.languages.begin(), c.languages.end(), lang) == c.languages.end());
    if (!other_language) return options_.threshold;
    return options_.threshold * std::sqrt(n / options_.short_text_terms);
  }

  // Entities, numbers and event concepts: the terms that carry across
  // languages.
  static bool IsShared(uint64_t key) { return (key & 3) != static_cast<uint64_t>(TermKind::kWord); }

  static double SharedNorm(const Vec& v) {
    double n = 0;
    for (const auto& [k, w] : v) {
      if (IsShared(k)) n += static_cast<double>(w) * w;
    }
    return std::sqrt(n);
  }

  // The cosine of `v` and the centroid of `c`. Across languages — `lang`
  // not among the story's languages — words cannot match ("pasukan" is not
  // "troops"), so the cosine is taken over entities and numbers alone.
  // `day`: the article's; figures one side alone gives do not count
  // against a dated story (LooseFigures).
  double Similarity(const Vec& v, double v_shared_norm, const std::string& lang, int32_t day,
                    uint64_t place, const Cluster& c) const {
    return Cosine(v, v_shared_norm, lang, c.centroid, c.norm, c.shared_norm, c.languages,
                  v.size() < kShortReportTerms &&
                      LooseFigures(day, c.first_day, v, place, c.centroid, TopPlace(c.centroid)));
  }

  // Whether two dated sides (articles or stories, already within each
  // other's window) are compared without the figures only one of them
  // gives. A developing event's figures change with every report (a toll
  // of 14, then 62, 268, 334): a figure one report alone gives is no
  // evidence against the story it follows, while its places, agencies and
  // event words are. Undated, figures are what tells two events of one
  // kind apart (ECB+, whose topics pair events years apart that share
  // their names: docs/stories.md), so they keep counting there. And only
  // when the two are about the same place: the place one side is about
  // is among the other's terms, or one side names no place. Two quakes in
  // one province a week apart share the province, the agency and the
  // event words, but a report of the second is about its own regency,
  // which the first one's story never names.
  // `pa`, `pb`: the place each side is about (StoryFeatures::place for an
  // article, TopPlace for a story), 0 for none. The overload without
  // places: two parts of one story (the split step).
  bool LooseFigures(int32_t a_day, int32_t b_day, const Vec& a, uint64_t pa, const Vec& b,
                    uint64_t pb) const {
    if (!options_.dated_figures || a_day == kNoDay || b_day == kNoDay) return false;
    if (pa == 0 || pb == 0) return true;
    return Holds(b, pa) || Holds(a, pb);
  }
  bool LooseFigures(int32_t a_day, int32_t b_day) const {
    return options_.dated_figures && a_day != kNoDay && b_day != kNoDay;
  }

  // Whether two sides both name a place and one is about a place the
  // other names (LooseFigures asks less: one side naming no place).
  static bool SamePlace(const Vec& a, uint64_t pa, const Vec& b, uint64_t pb) {
    return pa != 0 && pb != 0 && (Holds(b, pa) || Holds(a, pb));
  }

  // The key of the heaviest place of `v` (an entity term with
  // kPlaceKeyBit); 0 when it names none. For a story: the place its
  // reports name again and again outweighs one a report names once.
  static uint64_t TopPlace(const Vec& v) {
    uint64_t key = 0;
    float best = 0;
    for (const auto& [k, w] : v) {
      if ((k & 3) == static_cast<uint64_t>(TermKind::kEntity) && (k & kPlaceKeyBit) && w > best) {
        best = w;
        key = k;
      }
    }
    return key;
  }

  static bool Holds(const Vec& v, uint64_t key) {
    if (key == 0) return false;
    auto it = std::lower_bound(v.begin(), v.end(), key,
                               [](const auto& e, uint64_t k) { return e.first < k; });
    return it != v.end() && it->first == key;
  }

  // The dot products of two vectors over all their terms and over the
  // terms that cross languages; with `alone`, alone[0] and alone[1] get the
  // squared weights of the numbers only `a`, only `b` holds.
  static void Dots(const Vec& a, const Vec& b, double* all, double* shared,
                   double* alone = nullptr) {
    auto number = [](uint64_t k) { return (k & 3) == static_cast<uint64_t>(TermKind::kNumber); };
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
        if (alone && number(a[i].first)) alone[0] += static_cast<double>(a[i].second) * a[i].second;
        ++i;
      } else if (i == a.size() || b[j].first < a[i].first) {
        if (alone && number(b[j].first)) alone[1] += static_cast<double>(b[j].second) * b[j].second;
        ++j;
      } else {
        double p = static_cast<double>(a[i].second) * b[j].second;
        *all += p;
        if (IsShared(a[i].first)) *shared += p;
        ++i;
        ++j;
      }
      if (!alone && (i == a.size() || j == b.size())) break;
    }
  }

  // `v` is a unit vector; `loose`: the figures only one side gives are
  // left out of both norms (LooseFigures).
  static double Cosine(const Vec& v, double v_shared_norm, const std::string& lang,
                       const Vec& centroid, double norm, double shared_norm,
                       const std::vector<std::string>& languages, bool loose = false) {
    bool cross = !lang.empty() && !languages.empty() &&
                 std::find(languages.begin(), languages.end(), lang) == languages.end();
    double all = 0, shared = 0;
    double alone[2] = {0, 0};
    Dots(v, centroid, &all, &shared, loose ? alone : nullptr);
    double v_norm = 1;
    if (loose) {
      v_norm = std::sqrt(std::max(0.0, 1 - alone[0]));
      norm = std::sqrt(std::max(0.0, norm * norm - alone[1]));
      v_shared_norm = std::sqrt(std::max(0.0, v_shared_norm * v_shared_norm - alone[0]));
      shared_norm = std::sqrt(std::max(0.0, shared_norm * shared_norm - alone[1]));
    }
    double across =
        v_shared_norm > 1e-9 && shared_norm > 1e-9 ? shared / (v_shared_norm * shared_norm) : 0;
    if (cross) return across;
    double full = norm > 1e-9 && v_norm > 1e-9 ? all / (v_norm * norm) : 0;
    // A story told in several languages holds the words of each: an English
    // report compared with all of them meets the Indonesian words in the
    // centroid's norm and none in its own. It is compared on all its terms
    // or on the terms that cross languages, whichever is closer.
    if (languages.size() > 1) return std::max(full, across);
    return full;
  }

  bool Open(const Cluster& s, int32_t day) const {
    if (day == kNoDay || s.first_day == kNoDay) return true;
    return day <= s.last_day + options_.window_days && day >= s.first_day - options_.window_days;
  }

  // Accumulates into a dense array indexed by story (and a list of the
  // stories touched): measured 2x faster than an unordered_map here.
  std::vector<uint32_t> Candidates(const Vec& v) {
    return Candidates(v, options_.query_terms, options_.posting_scan, options_.candidates);
  }
  std::vector<uint32_t> Candidates(const Vec& v, int query_terms, int posting_scan,
                                   int candidates) {
    if (acc_.size() < stories_.size()) acc_.resize(stories_.size(), 0);
    touched_.clear();
    for (size_t i : Heaviest(v, static_cast<size_t>(query_terms))) {
      auto it = postings_.find(v[i].first);
      if (it == postings_.end()) continue;
      const std::vector<uint32_t>& list = it->second;
      size_t from = list.size() > static_cast<size_t>(posting_scan)
                        ? list.size() - static_cast<size_t>(posting_scan)
                        : 0;
      for (size_t j = from; j < list.size(); ++j) {
        uint32_t s = Resolve(list[j]);
        if (stories_[s].last_doc == kClosed) continue;
        if (acc_[s] == 0) touched_.push_back(s);
        acc_[s] += v[i].second;
      }
    }
    std::vector<std::pair<float, uint32_t>> ranked;
    ranked.reserve(touched_.size());
    for (uint32_t s : touched_) {
      ranked.emplace_back(acc_[s], s);
      acc_[s] = 0;
    }
    size_t n = std::min(ranked.size(), static_cast<size_t>(candidates));
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(),
                      [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    std::vector<uint32_t> out;
    for (size_t i = 0; i < n; ++i) out.push_back(ranked[i].second);
    return out;
  }

  // Adds `v` to the centroid of `s` and truncates it.
  void AddVector(Cluster& s, const Vec& v) const {
    Vec merged = Sum(s.centroid, v);
    size_t keep = static_cast<size_t>(options_.centroid_terms);
    if (merged.size() > keep) {
      std::nth_element(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(keep),
                       merged.end(), [](const auto& a, const auto& b) {
                         return a.second != b.second ? a.second > b.second : a.first < b.first;
                       });
      merged.resize(keep);
      std::sort(merged.begin(), merged.end());
    }
    s.centroid.swap(merged);
    s.norm = static_cast<float>(std::max(Norm(s.centroid), 1e-9));
    s.shared_norm = static_cast<float>(SharedNorm(s.centroid));
  }

  static void AddDays(Cluster& s, int32_t first, int32_t last) {
    if (first == kNoDay) return;
    s.first_day = s.first_day == kNoDay ? first : std::min(s.first_day, first);
    s.last_day = s.last_day == kNoDay ? last : std::max(s.last_day, last);
  }

  static void AddLanguage(Cluster& s, const std::string& lang) {
    if (lang.empty() ||
        std::find(s.languages.begin(), s.languages.end(), lang) != s.languages.end()) {
      return;
    }
    s.languages.push_back(lang);
    std::sort(s.languages.begin(), s.languages.end());
  }

  // Posts story `id` under its heaviest terms not yet posted. The list of
  // posted keys is capped so that a long story's churn stays bounded.
  void Index(uint32_t id) {
    Cluster& s = stories_[id];
    size_t cap = 3 * static_cast<size_t>(options_.index_terms);
    for (size_t k : Heaviest(s.centroid, static_cast<size_t>(options_.index_terms))) {
      uint64_t key = s.centroid[k].first;
      if (s.indexed.size() >= cap) break;
      if (std::find(s.indexed.begin(), s.indexed.end(), key) != s.indexed.end()) continue;
      s.indexed.push_back(key);
      postings_[key].push_back(id);
    }
  }

  void Join(uint32_t id, const Vec& v, int32_t day, const std::string& lang,
            const std::string& title = {}) {
    Cluster& s = stories_[id];
    AddVector(s, v);
    if (!title.empty()) {
      Vec top = HeadlineTerms(v);
      if (s.headline.empty() || Centrality(top, s) > Centrality(s.headline_v, s)) {
        s.headline = title;
        s.headline_v = std::move(top);
      }
    }
    ++s.size;
    s.last_doc = static_cast<uint32_t>(assigned_.size());
    AddDays(s, day, day);
    AddLanguage(s, lang);
    Index(id);
    changed_.push_back(id);
  }

  // An article's heaviest terms, kept with its headline: 20 terms say
  // what it is about as well as 150 do.
  static Vec HeadlineTerms(const Vec& v) {
    Vec top;
    for (size_t k : Heaviest(v, 20)) top.push_back(v[k]);
    std::sort(top.begin(), top.end());
    return top;
  }

  // How central an article (its heaviest terms) is to story `s`: the
  // cosine with its centroid. The label is the headline of the most
  // central article: the report that tells the story's common core, not
  // the first one nor a side story that joined it.
  static double Centrality(const Vec& top, const Cluster& s) {
    double dot = 0;
    ForEachShared(top, s.centroid, [&](uint64_t, float wa, float wb) {
      dot += static_cast<double>(wa) * wb;
      return true;
    });
    double n = Norm(top) * s.norm;
    return n > 0 ? dot / n : 0;
  }

  // Subtracts `v` from the centroid of `s` (where the truncated centroid
  // still holds its terms); what is left at or below zero is dropped.
  static void SubtractVector(Cluster& s, const Vec& v) {
    Vec out;
    out.reserve(s.centroid.size());
    size_t j = 0;
    for (const auto& [k, w] : s.centroid) {
      while (j < v.size() && v[j].first < k) ++j;
      float x = w;
      if (j < v.size() && v[j].first == k) x -= v[j].second;
      if (x > 1e-6f) out.emplace_back(k, x);
    }
    s.centroid.swap(out);
    s.norm = static_cast<float>(std::max(Norm(s.centroid), 1e-9));
    s.shared_norm = static_cast<float>(SharedNorm(s.centroid));
  }

  // Keeps the article's vector for revision, forgetting the oldest beyond
  // the window.
  void Remember(uint32_t doc, Vec v, double shared_norm, const StoryFeatures& features) {
    if (options_.revise_window <= 0) return;
    recent_.push_back(Recent{doc, features.day, features.lang, shared_norm, std::move(v),
                             features.title, features.place});
    while (recent_.size() > static_cast<size_t>(options_.revise_window)) recent_.pop_front();
  }

  // Arrivals between two sweeps of CloseIdle: a quarter of the idle span,
  // so a story is closed at most a quarter late and each sweep's pass over
  // the stories and postings is paid by that many articles.
  uint64_t SweepEvery() const {
    return std::max<uint64_t>(1, static_cast<uint64_t>(IdleSpan()) / 4);
  }
  // close_after, but never within reach of the revision window: a story
  // with an article there took it within the last revise_window arrivals.
  // Summed in 64 bits: a window and a period near INT_MAX each (a saved
  // state may hold any non-negative ints) would overflow an int.
  uint32_t IdleSpan() const {
    int64_t floor =
        options_.revise_window > 0 ? int64_t{options_.revise_window} + options_.revise_every : 0;
    return static_cast<uint32_t>(std::max<int64_t>(options_.close_after, floor));
  }

  // Closes the stories idle for IdleSpan() arrivals (undated, or dated and
  // past their window at the latest date seen), drops them from the posting
  // lists, and forgets the terms of one article not seen within the span.
  // A stream of undated one-line documents, each a story of its own, keeps
  // about IdleSpan() stories open instead of all of them.
  void CloseIdle() {
    const uint64_t span = IdleSpan();
    if (docs_ <= span) return;
    const uint64_t limit = docs_ - span;
    bool closed = false;
    for (Cluster& s : stories_) {
      if (s.last_doc == kClosed || s.last_doc >= limit) continue;
      if (s.first_day != kNoDay &&
          (max_day_ == kNoDay || s.last_day + options_.window_days >= max_day_)) {
        continue;  // dated and still open to the latest news
      }
      s.last_doc = kClosed;
      Vec().swap(s.centroid);
      Vec().swap(s.headline_v);
      std::vector<uint64_t>().swap(s.indexed);
      closed = true;
    }
    if (closed) {
      for (auto it = postings_.begin(); it != postings_.end();) {
        std::vector<uint32_t>& list = it->second;
        std::erase_if(list, [&](uint32_t id) { return stories_[Resolve(id)].last_doc == kClosed; });
        if (list.empty()) {
          it = postings_.erase(it);
        } else {
          if (list.capacity() > 2 * list.size()) list.shrink_to_fit();
          ++it;
        }
      }
    }
    std::erase_if(terms_, [&](const auto& entry) {
      return entry.second.df <= 1 && entry.second.last_doc < limit;
    });
  }

  // One k-means step over the window: each recent article moves to the
  // open story closest to it when that beats its own story without it.
  void Revise() {
    for (Recent& r : recent_) {
      uint32_t own = Resolve(assigned_[r.doc]);
      double own_sim = 0;
      const Cluster& o = stories_[own];
      if (o.size > 1) {
        Cluster rest;
        rest.centroid = o.centroid;
        SubtractVector(rest, r.v);
        own_sim = Cosine(r.v, r.shared_norm, r.lang, rest.centroid, rest.norm, rest.shared_norm,
                         o.languages,
                         r.v.size() < kShortReportTerms &&
                             LooseFigures(r.day, o.first_day, r.v, r.place, rest.centroid,
                                          TopPlace(rest.centroid)));
      }
      int64_t best = -1;
      double best_sim = 0;
      for (uint32_t s : Candidates(r.v, options_.revise_query_terms, options_.revise_posting_scan,
                                   options_.revise_candidates)) {
        const Cluster& c = stories_[s];
        if (s == own || c.size == 0 || !Open(c, r.day)) continue;
        double sim = Similarity(r.v, r.shared_norm, r.lang, r.day, r.place, c);
        if (sim > best_sim) {
          best_sim = sim;
          best = s;
        }
      }
      if (best < 0 || best_sim < Threshold(r.v, r.lang, stories_[static_cast<size_t>(best)]) ||
          best_sim < own_sim + options_.revise_margin) {
        continue;
      }
      uint32_t to = static_cast<uint32_t>(best);
      Cluster& from = stories_[own];
      changed_.push_back(own);
      SubtractVector(from, r.v);
      if (--from.size == 0) from.centroid.clear();
      Join(to, r.v, r.day, r.lang);
      assigned_[r.doc] = to;
    }
  }

  // The sum of two vectors, not truncated.
  static Vec Sum(const Vec& a, const Vec& b) {
    Vec out;
    out.reserve(a.size() + b.size());
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
        out.push_back(a[i++]);
      } else if (i == a.size() || b[j].first < a[i].first) {
        out.push_back(b[j++]);
      } else {
        out.emplace_back(a[i].first, a[i].second + b[j].second);
        ++i;
        ++j;
      }
    }
    return out;
  }

  // How alike two parts of one story are, on the terms they can share:
  // all terms within one language; across languages, or where either part
  // is told in several, the larger of the full cosine and the cosine of
  // the terms that cross languages (as Cosine compares an article).
  // `loose`: without the figures only one part gives (LooseFigures).
  static double PartSimilarity(const Vec& a, const std::vector<std::string>& a_langs, const Vec& b,
                               const std::vector<std::string>& b_langs, bool loose = false) {
    double na = Norm(a), nb = Norm(b);
    if (na <= 0 || nb <= 0) return 0;
    double all = 0, shared = 0;
    double alone[2] = {0, 0};
    Dots(a, b, &all, &shared, loose ? alone : nullptr);
    double sa = SharedNorm(a), sb = SharedNorm(b);
    if (loose) {
      na = std::sqrt(std::max(0.0, na * na - alone[0]));
      nb = std::sqrt(std::max(0.0, nb * nb - alone[1]));
      sa = std::sqrt(std::max(0.0, sa * sa - alone[0]));
      sb = std::sqrt(std::max(0.0, sb * sb - alone[1]));
    }
    double full = na > 1e-9 && nb > 1e-9 ? all / (na * nb) : 0;
    if (a_langs == b_langs && a_langs.size() <= 1) return full;
    double across = sa > 1e-9 && sb > 1e-9 ? shared / (sa * sb) : 0;
    return std::max(full, across);
  }

  // Whether the merge pass would join two stories of these centroids: the
  // rule that says two parts are one story, used both ways.
  // The entity agreement asked of two stories (or parts) for the merge
  // pass: `base`, or where both are dated and about the same place
  // (LooseFigures) at most dated_entity_threshold.
  double EntityThreshold(double base, bool loose) const {
    return loose ? std::min(base, options_.dated_entity_threshold) : base;
  }

  // Whether two stories (or two parts of one) told in short dated reports
  // about the same place, or one of them about no place the gazetteer
  // knows, are one developing event, though their centroids stay below
  // the merge pass's 0.25. Side reports of an event (the president's
  // visit to the quake zone, helicopters sent to two villages of the
  // regency) share with its story little but the place, the kind of event
  // and a name or two: cosine 0.08-0.20 with the Cianjur story, entity
  // agreement 0.17-0.7. So between short dated sides (LooseFigures and
  // ShortReports, checked by the caller) it is enough that their centroids
  // reach kEventFloor and
  // - both are about the same place and share an event concept
  //   (data/lang/<code>/event-words.tsv: "gempa" is "earthquake") with
  //   their entities agreeing at kSamePlaceEntities: two quakes of one
  //   province twelve days apart are about two regencies (Cianjur,
  //   Garut) and stay apart whatever they share;
  // - or one names no place among its heaviest terms (a story told in two
  //   languages loses its common places and concepts to the truncation of
  //   its centroid, as their IDF is the lowest), with their entities
  //   agreeing at kNoPlaceEntities: the phases of a vote count name the
  //   same candidates and commission (agreement 0.4-0.7), another
  //   country's count none of them (0.0).
  // Long reports are compared as before (dedup_bench's dated id-news
  // stream: the same 3,227 stories), and undated ones never get here
  // (ECB+: the same output).
  static constexpr double kEventFloor = 0.1;
  static constexpr double kSamePlaceEntities = 0.15;
  static constexpr double kNoPlaceEntities = 0.2;
  static bool OneEvent(double sim, double entity_sim, const Vec& a, uint64_t pa, const Vec& b,
                       uint64_t pb) {
    if (sim < kEventFloor) return false;
    if (pa != 0 && pa == pb) return entity_sim >= kSamePlaceEntities && SharesConcept(a, b);
    return (pa == 0 || pb == 0) && entity_sim >= kNoPlaceEntities;
  }

  // Calls f(key, weight in a, weight in b) for each key two sorted
  // vectors hold in common, in key order, until f returns false.
  template <typename F>
  static void ForEachShared(const Vec& a, const Vec& b, F&& f) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      if (a[i].first < b[j].first) {
        ++i;
      } else if (b[j].first < a[i].first) {
        ++j;
      } else {
        if (!f(a[i].first, a[i].second, b[j].second)) return;
        ++i;
        ++j;
      }
    }
  }

  // Whether two vectors hold an event concept in common.
  static bool SharesConcept(const Vec& a, const Vec& b) {
    bool shared = false;
    ForEachShared(a, b, [&](uint64_t k, float, float) {
      shared = (k & 3) == static_cast<uint64_t>(TermKind::kConcept);
      return !shared;
    });
    return shared;
  }

  bool SameStory(double sim, double entity_sim, bool loose = false) const {
    if (options_.merge_threshold > 0 && options_.merge_threshold <= 1 &&
        sim >= options_.merge_threshold) {
      return true;
    }
    return sim >= options_.merge_pass_threshold &&
           entity_sim >= EntityThreshold(options_.merge_entity_threshold, loose);
  }

  // The split step, after each revision. Revision moves one article at a
  // time, and an article that joined a story holding two events is held
  // there by the others of its event: in one order of arrival the first
  // report of a second quake, a second rehab, lands in the first one's
  // story (their words agree) and its followers come after it, in another
  // it starts its own story. So every story with at least four articles in
  // the window is cut in two by a 2-means over its window articles (the
  // part of its centroid from older articles is one more member, fixed),
  // and the part without the older articles — or, when the whole story is
  // in the window, the part without its first article — becomes a story of
  // its own when the merge pass would not join the two (SameStory): the
  // two halves of one event share their names and stay together, two
  // events of one kind differ in them and come apart, whatever the order
  // of arrival. Bounded by the window: each article of it is assigned a few
  // times a pass.
  void Split() {
    std::vector<std::pair<uint32_t, size_t>> by_story;  // (story, index in recent_)
    for (size_t i = 0; i < recent_.size(); ++i) {
      by_story.emplace_back(Resolve(assigned_[recent_[i].doc]), i);
    }
    std::sort(by_story.begin(), by_story.end());
    for (size_t from = 0; from < by_story.size();) {
      size_t to = from;
      while (to < by_story.size() && by_story[to].first == by_story[from].first) ++to;
      if (to - from >= 4) {
        std::vector<size_t> members;
        for (size_t k = from; k < to; ++k) members.push_back(by_story[k].second);
        SplitStory(by_story[from].first, members);
      }
      from = to;
    }
  }

  void SplitStory(uint32_t id, const std::vector<size_t>& members) {
    constexpr size_t kMinPart = 2;
    constexpr int kRounds = 5;
    const Cluster& story = stories_[id];
    // The older articles' part of the centroid: what the window does not
    // explain (at least half an article's weight to count).
    Cluster rest;
    rest.centroid = story.centroid;
    for (size_t m : members) SubtractVector(rest, recent_[m].v);
    bool has_rest = Norm(rest.centroid) >= 0.5;
    const bool loose = LooseFigures(story.first_day, story.first_day);
    // Seeds: the article least like the story, then the one least like it.
    auto similarity = [&](const Recent& r, const Vec& part, const std::vector<std::string>& langs) {
      return Cosine(r.v, r.shared_norm, r.lang, part, std::max(Norm(part), 1e-9), SharedNorm(part),
                    langs, loose);
    };
    size_t seed_b = members[0];
    double low = 2;
    for (size_t m : members) {
      double sim = similarity(recent_[m], story.centroid, story.languages);
      if (sim < low) {
        low = sim;
        seed_b = m;
      }
    }
    size_t seed_a = members[0];
    low = 2;
    for (size_t m : members) {
      if (m == seed_b) continue;
      double sim = similarity(recent_[m], recent_[seed_b].v, {recent_[seed_b].lang});
      if (sim < low) {
        low = sim;
        seed_a = m;
      }
    }
    Vec a = recent_[seed_a].v, b = recent_[seed_b].v;
    std::vector<std::string> a_langs = {recent_[seed_a].lang}, b_langs = {recent_[seed_b].lang};
    std::vector<bool> in_b(members.size(), false);
    bool rest_in_b = false;
    for (int round = 0; round < kRounds; ++round) {
      bool moved = false;
      for (size_t k = 0; k < members.size(); ++k) {
        const Recent& r = recent_[members[k]];
        bool to_b = similarity(r, b, b_langs) > similarity(r, a, a_langs);
        moved |= to_b != in_b[k];
        in_b[k] = to_b;
      }
      if (has_rest) {
        bool to_b = PartSimilarity(rest.centroid, story.languages, b, b_langs, loose) >
                    PartSimilarity(rest.centroid, story.languages, a, a_langs, loose);
        moved |= to_b != rest_in_b;
        rest_in_b = to_b;
      }
      // The parts' sums and languages.
      a.clear();
      b.clear();
      a_langs.clear();
      b_langs.clear();
      for (size_t k = 0; k < members.size(); ++k) {
        const Recent& r = recent_[members[k]];
        Vec& part = in_b[k] ? b : a;
        part = Sum(part, r.v);
        std::vector<std::string>& langs = in_b[k] ? b_langs : a_langs;
        if (!r.lang.empty() && std::find(langs.begin(), langs.end(), r.lang) == langs.end()) {
          langs.push_back(r.lang);
        }
      }
      if (has_rest) {
        (rest_in_b ? b : a) = Sum(rest_in_b ? b : a, rest.centroid);
        std::vector<std::string>& langs = rest_in_b ? b_langs : a_langs;
        for (const std::string& l : story.languages) {
          if (std::find(langs.begin(), langs.end(), l) == langs.end()) langs.push_back(l);
        }
      }
      std::sort(a_langs.begin(), a_langs.end());
      std::sort(b_langs.begin(), b_langs.end());
      if (!moved && round > 0) break;
    }
    size_t n_b = static_cast<size_t>(std::count(in_b.begin(), in_b.end(), true));
    size_t n_a = members.size() - n_b;
    // The part that leaves: the one without the older articles, else the
    // one without the story's earliest window article.
    bool b_leaves = has_rest ? !rest_in_b : !in_b[0];
    if ((b_leaves ? n_b : n_a) < kMinPart || (b_leaves ? n_a + has_rest : n_b + has_rest) < 1) {
      return;
    }
    {
      const bool short_dated = loose && ShortReports(id);
      const double sim = PartSimilarity(a, a_langs, b, b_langs, loose);
      const double entity_sim = EntityAgreement(a, b, short_dated);
      if (SameStory(sim, entity_sim, loose && SamePlace(a, TopPlace(a), b, TopPlace(b))) ||
          (short_dated && OneEvent(sim, entity_sim, a, TopPlace(a), b, TopPlace(b)))) {
        return;
      }
    }
    // Split: the leaving articles start a story of their own.
    uint32_t fresh = static_cast<uint32_t>(stories_.size());
    stories_.emplace_back();
    merged_into_.push_back(fresh);
    for (size_t k = 0; k < members.size(); ++k) {
      if (in_b[k] != b_leaves) continue;
      const Recent& r = recent_[members[k]];
      Cluster& old = stories_[id];
      SubtractVector(old, r.v);
      --old.size;
      Join(fresh, r.v, r.day, r.lang, r.title);
      assigned_[r.doc] = fresh;
    }
    changed_.push_back(id);
    // The label stays with the part its article is more central to.
    Cluster& kept = stories_[id];
    if (!kept.headline.empty() &&
        Centrality(kept.headline_v, stories_[fresh]) > Centrality(kept.headline_v, kept)) {
      kept.headline.clear();
      kept.headline_v.clear();
      for (size_t k = 0; k < members.size(); ++k) {
        const Recent& r = recent_[members[k]];
        if (in_b[k] == b_leaves || r.title.empty()) continue;
        Vec top = HeadlineTerms(r.v);
        if (kept.headline.empty() || Centrality(top, kept) > Centrality(kept.headline_v, kept)) {
          kept.headline = r.title;
          kept.headline_v = std::move(top);
        }
      }
    }
  }

  // After story `id` changed: if its centroid now reaches another open
  // story's at merge_threshold, the two are one story told twice (the
  // second started before the first had the words to be found); the later
  // merges into the earlier. Returns the surviving id.
  uint32_t MaybeMerge(uint32_t id) {
    if (options_.merge_threshold <= 0 || options_.merge_threshold > 1) return id;
    return MergeBest(id, options_.merge_threshold, 0, false);
  }

  // Merges story `id` with the open story its centroid finds closest, when
  // the cosine of the two centroids reaches `threshold` and that of their
  // entity terms alone reaches `entity_threshold` (0: not asked); in the
  // merge pass (entity_threshold > 0), failing that, with the closest that
  // is one developing event with it (OneEvent), among the stories its
  // place is posted under too (PlaceCandidates). Returns
  // the surviving id (the earlier of the two). `light`: the revision's
  // smaller candidate lookup.
  uint32_t MergeBest(uint32_t id, double threshold, double entity_threshold, bool light) {
    const Cluster& s = stories_[id];
    if (s.size == 0) return id;
    Vec unit = s.centroid;
    for (auto& e : unit) e.second = static_cast<float>(e.second / s.norm);
    double unit_shared_norm = SharedNorm(unit);
    int64_t best = -1, event = -1;
    double best_sim = 0, event_sim = 0;
    // A dated story of short reports looks up as a new article does: the
    // revision's lighter lookup (10 terms) finds a story by its heaviest,
    // rarest terms, and the phases of a developing event each have their
    // own (the quick counts' pollsters, the tallies' app): the vote
    // count's phases did not find each other in 5 of 12 orders.
    if (light && s.first_day != kNoDay && ShortReports(id)) light = false;
    std::vector<uint32_t> candidates =
        light ? Candidates(unit, options_.revise_query_terms, options_.revise_posting_scan,
                           options_.revise_candidates)
              : Candidates(unit);
    if (entity_threshold > 0) PlaceCandidates(s, unit, &candidates);
    for (uint32_t c : candidates) {
      if (c == id) continue;
      const Cluster& other = stories_[c];
      if (other.size == 0) continue;
      if (!Open(other, s.first_day) && !Open(other, s.last_day)) continue;
      // Across languages when the two share none.
      std::string lang;
      for (const std::string& l : s.languages) {
        if (std::find(other.languages.begin(), other.languages.end(), l) != other.languages.end())
          lang = l;
      }
      if (lang.empty() && !s.languages.empty()) lang = s.languages[0];
      uint64_t other_place = TopPlace(other.centroid);
      uint64_t place = TopPlace(unit);
      bool loose = LooseFigures(s.first_day, other.first_day, unit, place, other.centroid,
                                other_place);
      double sim = Cosine(unit, unit_shared_norm, lang, other.centroid, other.norm,
                          other.shared_norm, other.languages, loose);
      if (entity_threshold <= 0) {
        if (sim > best_sim) {
          best_sim = sim;
          best = c;
        }
        continue;
      }
      bool short_dated = loose && ShortReports(id) && ShortReports(c);
      double entity_sim = EntityAgreement(unit, other.centroid, short_dated);
      if (sim > best_sim &&
          entity_sim >= EntityThreshold(entity_threshold,
                                        loose && SamePlace(unit, place, other.centroid,
                                                           other_place))) {
        best_sim = sim;
        best = c;
      }
      if (sim > event_sim && short_dated &&
          OneEvent(sim, entity_sim, unit, place, other.centroid, other_place)) {
        event_sim = sim;
        event = c;
      }
    }
    // A story of a few short texts is a short text: across languages its
    // threshold is lowered as an article's is (Threshold).
    if (best >= 0 && options_.short_text_terms > 0 &&
        static_cast<double>(unit.size()) < options_.short_text_terms) {
      const Cluster& other = stories_[static_cast<size_t>(best)];
      if (other.languages.size() > 1 || s.languages.size() > 1 || other.languages != s.languages) {
        threshold *= std::sqrt(static_cast<double>(unit.size()) / options_.short_text_terms);
      }
    }
    if (best >= 0 && best_sim >= threshold) return Merge(id, static_cast<uint32_t>(best));
    if (event >= 0) return Merge(id, static_cast<uint32_t>(event));
    return id;
  }

  // Adds to `out` the open stories posted under the place a dated story
  // `s` (its centroid as the unit vector `unit`) is about, the most recent
  // revise_posting_scan of them. A side report's heaviest terms are its
  // own rare names (a rescue agency's chief, two villages), and its story
  // found by them is not the event's: the place they share is what finds
  // it (OneEvent). Bounded: one posting list more a lookup.
  void PlaceCandidates(const Cluster& s, const Vec& unit, std::vector<uint32_t>* out) {
    if (s.first_day == kNoDay) return;
    uint64_t place = TopPlace(unit);
    if (place == 0) return;
    auto it = postings_.find(place);
    if (it == postings_.end()) return;
    const std::vector<uint32_t>& list = it->second;
    size_t scan = static_cast<size_t>(options_.revise_posting_scan);
    size_t from = list.size() > scan ? list.size() - scan : 0;
    for (size_t j = from; j < list.size(); ++j) {
      uint32_t c = Resolve(list[j]);
      if (stories_[c].last_doc == kClosed) continue;
      if (std::find(out->begin(), out->end(), c) == out->end()) out->push_back(c);
    }
  }

  // The later of two stories merges into the earlier; returns the earlier.
  uint32_t Merge(uint32_t x, uint32_t y) {
    uint32_t into = std::min(x, y);
    uint32_t from = std::max(x, y);
    Cluster& a = stories_[into];
    Cluster& b = stories_[from];
    AddVector(a, b.centroid);
    a.size += b.size;
    a.last_doc = std::max(a.last_doc, b.last_doc);
    AddDays(a, b.first_day, b.last_day);
    for (const std::string& l : b.languages) AddLanguage(a, l);
    if (!b.headline.empty() &&
        (a.headline.empty() || Centrality(b.headline_v, a) > Centrality(a.headline_v, a))) {
      a.headline = std::move(b.headline);
      a.headline_v = std::move(b.headline_v);
    }
    b = Cluster{};
    merged_into_[from] = into;
    Index(into);
    changed_.push_back(into);
    return into;
  }

  // Whether story `id` has articles in the revision window and all of
  // them are short reports (kShortReportTerms): a story of headlines and
  // a few paragraphs each.
  bool ShortReports(uint32_t id) const {
    bool any = false;
    for (const Recent& r : recent_) {
      if (Resolve(assigned_[r.doc]) != id) continue;
      if (r.v.size() >= kShortReportTerms) return false;
      any = true;
    }
    return any;
  }

  // The entity agreement of two stories (or parts) for the merge pass and
  // the split step. `short_dated`: both are dated, about the same place or
  // one names none (LooseFigures), and told in short reports
  // (ShortReports). Then the agreement is the larger of the entity cosine
  // and the same cosine with each entity's IDF taken out: how much the two
  // sides name each entity. The phases of a developing event each bring a
  // few rare names (a pollster, the commission's chairman, a party
  // leader) around the names every phase repeats (the candidates, the
  // commission), which IDF makes the lightest; in a short report the rare
  // ones make up the entity vector, as its own figures make up its norm
  // (LooseFigures). The phases of Indonesia's 2024 count (quick
  // counts, tallies, result) agreed at 0.1-0.57 with IDF, below the 0.7
  // asked. Long reports name enough people to keep IDF: taking it out for
  // every dated story lowered dedup_bench's dated stream 0.980 -> 0.978.
  double EntityAgreement(const Vec& a, const Vec& b, bool short_dated) const {
    double plain = EntityCosine(a, b);
    if (!short_dated) return plain;
    double n = static_cast<double>(docs_) + 1;
    auto without_idf = [&](const Vec& v) {
      Vec out;
      for (const auto& [k, w] : v) {
        if ((k & 3) != static_cast<uint64_t>(TermKind::kEntity)) continue;
        auto it = terms_.find(k);
        double df = it == terms_.end() ? 0 : it->second.df;
        out.emplace_back(k, static_cast<float>(w / (std::log((n + 1) / (df + 1)) + 1)));
      }
      return out;
    };
    return std::max(plain, EntityCosine(without_idf(a), without_idf(b)));
  }

  // The cosine of two vectors over their entity terms alone: whether two
  // stories are about the same people and places. "Klitschko stops
  // Thompson" and "Klitschko stops Rahman" agree on words and on Klitschko,
  // less on the rest of their names.
  static double EntityCosine(const Vec& a, const Vec& b) {
    auto entity = [](uint64_t k) { return (k & 3) == static_cast<uint64_t>(TermKind::kEntity); };
    double dot = 0, na = 0, nb = 0;
    for (const auto& [k, w] : a) {
      if (entity(k)) na += static_cast<double>(w) * w;
    }
    for (const auto& [k, w] : b) {
      if (entity(k)) nb += static_cast<double>(w) * w;
    }
    ForEachShared(a, b, [&](uint64_t k, float wa, float wb) {
      if (entity(k)) dot += static_cast<double>(wa) * wb;
      return true;
    });
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0;
  }

  // The merge pass: every story changed since the last pass (articles
  // joined, moved in or out, merged) looks for the open story closest to
  // it, and the two merge when their centroids reach merge_pass_threshold
  // and their entities agree (merge_entity_threshold). Two halves of one
  // story that began apart — in one order of arrival the first reports
  // named the place, in another the people — meet here whatever the
  // order. Bounded: the stories changed in the last `revise_every`
  // articles, each with one candidate lookup.
  void MergePass() {
    std::vector<uint32_t> changed;
    changed.swap(changed_);
    for (uint32_t& id : changed) id = Resolve(id);
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    if (options_.merge_pass_threshold <= 0 || options_.merge_pass_threshold > 1) return;
    for (uint32_t id : changed) {
      id = Resolve(id);
      MergeBest(id, options_.merge_pass_threshold, options_.merge_entity_threshold, true);
    }
    changed_.clear();
  }

  // The headline of the most central article; for a story of untitled
  // articles, "Tara Reid, Promises: rehab, treatment": the three heaviest entities
  // (a phrase replaces its parts), then the three heaviest words that are
  // not part of a shown entity.
  std::string Label(const Cluster& s) const {
    if (!s.headline.empty()) return s.headline;
    std::vector<size_t> order = Heaviest(s.centroid, s.centroid.size());
    auto fold = [](const std::string& x) {
      std::string f;
      for (char c : x) f += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return f;
    };
    std::vector<std::string> entities, words;  // entities folded for tests
    std::vector<std::string> shown;
    for (size_t k : order) {
      auto it = terms_.find(s.centroid[k].first);
      if (it == terms_.end() || it->second.kind != TermKind::kEntity) continue;
      std::string f = fold(it->second.text);
      bool part = false;
      for (const std::string& e : entities) part |= e.find(f) != std::string::npos;
      if (part) continue;
      // A phrase replaces the parts already shown.
      for (size_t i = 0; i < entities.size();) {
        if (f.find(entities[i]) != std::string::npos) {
          entities.erase(entities.begin() + static_cast<std::ptrdiff_t>(i));
          shown.erase(shown.begin() + static_cast<std::ptrdiff_t>(i));
        } else {
          ++i;
        }
      }
      if (entities.size() >= 3) break;
      entities.push_back(f);
      shown.push_back(it->second.text);
    }
    for (size_t k : order) {
      if (words.size() >= 3) break;
      auto it = terms_.find(s.centroid[k].first);
      if (it == terms_.end() || it->second.kind != TermKind::kWord) continue;
      bool part = false;
      for (const std::string& e : entities) part |= e.find(it->second.text) != std::string::npos;
      if (!part) words.push_back(it->second.text);
    }
    std::string label;
    for (size_t i = 0; i < shown.size(); ++i) label += (i ? ", " : "") + shown[i];
    if (!words.empty() && !shown.empty()) label += ": ";
    for (size_t i = 0; i < words.size(); ++i) label += (i ? ", " : "") + words[i];
    return label;
  }

  StoryOptions options_;
  std::vector<Cluster> stories_;
  std::unordered_map<uint64_t, TermStat> terms_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> postings_;
  std::vector<uint32_t> merged_into_;  // story -> the story it merged into, or itself
  std::vector<uint32_t> assigned_;     // article -> its story (before Resolve)
  std::deque<Recent> recent_;          // the revision window, oldest first
  std::vector<float> acc_;             // scratch: candidate scores by story, all 0 between calls
  std::vector<uint32_t> touched_;      // scratch: stories with a score
  std::vector<TermStat*> stats_;       // scratch: the current article's terms
  std::vector<uint32_t> changed_;      // stories changed since the last merge pass
  uint64_t docs_ = 0;
  int32_t max_day_ = kNoDay;  // the latest date of an article seen
};

// Every article its own story: the floor for the benchmarks.
class SingletonClusterer : public Clusterer {
 public:
  explicit SingletonClusterer(const StoryOptions& options) : options_(options) {}
  StoryAssignment Add(const StoryFeatures& doc) override {
    StoryAssignment a;
    a.doc = static_cast<uint32_t>(langs_.size());
    a.story = a.doc;
    a.created = true;
    langs_.push_back(doc.lang);
    return a;
  }
  size_t size() const override { return langs_.size(); }
  size_t docs() const override { return langs_.size(); }
  uint32_t StoryOf(uint32_t doc) const override { return doc; }
  StoryInfo Story(uint32_t id) const override {
    StoryInfo info;
    info.id = id;
    info.size = 1;
    if (!langs_[id].empty()) info.languages = {langs_[id]};
    return info;
  }
  size_t MemoryBytes() const override { return langs_.capacity() * sizeof(std::string); }
  uint32_t Resolve(uint32_t id) const override { return id; }
  std::string SaveState() const override {
    state::StateWriter w;
    WriteOptions(w, options_);
    w.Var(langs_.size());
    for (const std::string& l : langs_) w.Str(l);
    return state::Seal(kMagic, kVersion, w.payload());
  }
  void Read(state::StateReader& r) {
    langs_.resize(r.Count(1));
    for (std::string& l : langs_) l = r.Str();
  }

 private:
  StoryOptions options_;
  std::vector<std::string> langs_;  // language of each story's one article
};

}  // namespace

std::unique_ptr<Clusterer> NewClusterer(const StoryOptions& options) {
  if (options.method == "centroid") return std::make_unique<CentroidClusterer>(options);
  if (options.method == "singleton") return std::make_unique<SingletonClusterer>(options);
  return nullptr;
}

Result<std::unique_ptr<Clusterer>> LoadClusterer(std::string_view blob) {
  uint32_t version = 0;
  std::string payload;
  RETURN_IF_ERROR(state::Open(blob, kMagic, kVersion, &version, &payload));
  state::StateReader r(payload);
  StoryOptions options = ReadOptions(r, version);
  std::unique_ptr<Clusterer> out;
  if (r.failed()) return r.Finish("story clusterer");
  if (options.method == "centroid") {
    auto c = std::make_unique<CentroidClusterer>(options);
    c->Read(r, version);
    out = std::move(c);
  } else if (options.method == "singleton") {
    auto c = std::make_unique<SingletonClusterer>(options);
    c->Read(r);
    out = std::move(c);
  } else {
    return DataLoss("story clusterer: damaged state (unknown method)");
  }
  RETURN_IF_ERROR(r.Finish("story clusterer"));
  return out;
}

int32_t ParseDay(std::string_view iso) {
  std::optional<CivilDate> d = CivilDate::FromIso(iso);
  return d ? static_cast<int32_t>(d->Days()) : kNoDay;
}

std::string FormatDay(int32_t day) {
  if (day == kNoDay) return "";
  return CivilDate::FromDays(day).Iso();
}

ClusterScore ScoreClusters(std::span<const std::string> gold, std::span<const uint32_t> predicted) {
  ClusterScore score;
  size_t n = std::min(gold.size(), predicted.size());
  if (n == 0) return score;
  std::unordered_map<std::string, uint32_t> gold_ids;
  std::vector<uint32_t> g(n);
  for (size_t i = 0; i < n; ++i) {
    g[i] = gold_ids.try_emplace(gold[i], static_cast<uint32_t>(gold_ids.size())).first->second;
  }
  std::unordered_map<uint64_t, double> joint;
  std::unordered_map<uint32_t, double> pred_size, gold_size;
  for (size_t i = 0; i < n; ++i) {
    joint[(uint64_t{predicted[i]} << 32) | g[i]] += 1;
    pred_size[predicted[i]] += 1;
    gold_size[g[i]] += 1;
  }
  double p = 0, r = 0, tp_pairs = 0, pred_pairs = 0, gold_pairs = 0;
  for (const auto& [key, c] : joint) {
    uint32_t pc = static_cast<uint32_t>(key >> 32);
    uint32_t gc = static_cast<uint32_t>(key);
    // Each of the c documents in this cell has precision c/|pred| and
    // recall c/|gold|.
    p += c * c / pred_size[pc];
    r += c * c / gold_size[gc];
    tp_pairs += c * (c - 1) / 2;
  }
  for (const auto& [k, s] : pred_size) pred_pairs += s * (s - 1) / 2;
  for (const auto& [k, s] : gold_size) gold_pairs += s * (s - 1) / 2;
  auto f1 = [](double a, double b) { return a + b > 0 ? 2 * a * b / (a + b) : 0; };
  score.bcubed_precision = p / n;
  score.bcubed_recall = r / n;
  score.bcubed_f1 = f1(score.bcubed_precision, score.bcubed_recall);
  score.pairwise_precision = pred_pairs > 0 ? tp_pairs / pred_pairs : 1;
  score.pairwise_recall = gold_pairs > 0 ? tp_pairs / gold_pairs : 1;
  score.pairwise_f1 = f1(score.pairwise_precision, score.pairwise_recall);
  score.clusters = pred_size.size();
  score.gold_clusters = gold_size.size();
  return score;
}

}  // namespace warta
