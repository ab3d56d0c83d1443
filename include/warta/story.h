// The story stage: online clustering of articles into stories.
//
// A story is one real-world event as the news follows it: the first report,
// the denials, the revised figures, across outlets and languages. Articles
// arrive one at a time; each joins the most similar open story or starts a
// new one. Similarity is a cosine over TF-IDF weights of three kinds of
// terms: stemmed words without stop words, entity-like tokens (capitalised
// words and phrases, acronyms; mapped through the alias list
// data/story/aliases.tsv so that "Korea Utara" = "North Korea"), and
// numbers ("1.500" = "1,500"). Entities and numbers carry across languages,
// and so do event words listed in data/lang/<code>/event-words.tsv
// ("gempa" = "earthquake"); other words do not, so an article in a language
// the story has not seen yet is compared on entities, numbers and event
// words alone. A story stays open for
// `window_days` after its last article. Quality on ECB+ and the measurements
// behind every default: docs/stories.md.
//
//   ASSIGN_OR_RETURN(auto featurizer, warta::StoryFeaturizer::Create(data));
//   auto clusterer = warta::NewClusterer(warta::StoryOptions{});
//   for (const Article& a : articles) {
//     warta::StoryFeatures f = featurizer->Extract({a.id, a.text, a.published, a.lang});
//     warta::StoryAssignment s = clusterer->Add(f);   // s.doc, s.story, s.created
//   }
//   clusterer->Story(0).label;  // "AS Khawatirkan Keberadaan Puluhan Ribu Pasukan Korea Utara di
//   Rusia" clusterer->StoryOf(3);      // the story article 3 is in now, after revisions
//
// A clusterer outlives the process that built it: SaveState() gives an
// opaque, versioned, compressed blob (kept in the database), and
// LoadClusterer(blob) a clusterer that goes on exactly as the saved one
// would have — the same assignments and labels for the next articles.
//
//   std::string blob = clusterer->SaveState();
//   ASSIGN_OR_RETURN(auto resumed, warta::LoadClusterer(blob));
//
// Thread-safety: a StoryFeaturizer is NOT thread-safe (it caches stems);
// Clone() one per thread — Extract is the expensive part and runs in
// parallel. A Clusterer is NOT thread-safe: Add documents from one thread,
// in arrival order.
#ifndef WARTA_STORY_H_
#define WARTA_STORY_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "warta/lang_data.h"
#include "warta/status.h"

namespace warta {

// One article as the story stage sees it. Views: valid for the call only.
struct StoryDoc {
  std::string_view id;
  std::string_view text;       // clean text, paragraphs separated by a blank line
  std::string_view published;  // ISO date "YYYY-MM-DD..." or empty
  std::string_view lang;       // "en", "id", ...; unknown: no stemming, no stop words
  // The headline; empty: the first line of `text` (where the clean stage
  // puts a plain-text article's title).
  std::string_view title = {};
};

// kConcept: an event word of a language mapped to a language-neutral
// concept (data/lang/<code>/event-words.tsv: "gempa" and "earthquake" are
// the concept "earthquake"); weighted as a word, compared across languages
// as entities and numbers are.
enum class TermKind : uint8_t { kWord, kEntity, kNumber, kConcept };

struct StoryTerm {
  // The term's identity: a hash of its normalised text, with the kind in
  // the low two bits.
  uint64_t key = 0;
  float count = 0;  // occurrences in the document
  TermKind kind = TermKind::kWord;
  std::string text;  // readable form, for labels: "pasukan", "Korea Utara", "1500"
};

// An entity term whose key has this bit names a place of data/geo
// (places.tsv: countries, large cities, Indonesia's provinces and
// regencies): "Cianjur", "Pakistan", "Jawa Barat".
inline constexpr uint64_t kPlaceKeyBit = 4;

inline constexpr int32_t kNoDay = std::numeric_limits<int32_t>::min();

// What the clusterer needs of a document: no text.
struct StoryFeatures {
  std::string id;
  int32_t day = kNoDay;  // days since 1970-01-01 of `published`
  std::string lang;
  std::string title;             // the headline, for labels (at most 200 bytes)
  std::vector<StoryTerm> terms;  // one per key
  // The key of the place it names most often (an entity term with
  // kPlaceKeyBit); 0 when it names none.
  uint64_t place = 0;
};

// Days since 1970-01-01 of an ISO date prefix "YYYY-MM-DD"; kNoDay if none.
int32_t ParseDay(std::string_view iso);
// "YYYY-MM-DD" of a day number; "" for kNoDay.
std::string FormatDay(int32_t day);

struct FeatureOptions {
  // Terms among the first `lead_words` words (the headline and lead, which
  // name the event) count `lead_boost` times. Measured on ECB+: B-cubed F1
  // +0.01 over no boost (docs/stories.md).
  int lead_words = 30;
  float lead_boost = 3;
};

class StoryFeaturizer {
 public:
  // Loads stemmers and stop words of every language under data/lang, the
  // day and month names (not entities), and data/story/aliases.tsv.
  static Result<std::unique_ptr<StoryFeaturizer>> Create(const DataDir& data,
                                                         const FeatureOptions& options = {});
  ~StoryFeaturizer();
  StoryFeaturizer(const StoryFeaturizer&) = delete;
  StoryFeaturizer& operator=(const StoryFeaturizer&) = delete;

  // A featurizer sharing the data, with its own stemmers, for another thread.
  std::unique_ptr<StoryFeaturizer> Clone() const;

  StoryFeatures Extract(const StoryDoc& doc);

 private:
  struct Shared;
  struct Cache;
  explicit StoryFeaturizer(std::shared_ptr<const Shared> shared);
  std::shared_ptr<const Shared> shared_;
  std::unique_ptr<Cache> cache_;
};

struct StoryOptions {
  // "centroid" (the default, below) or "singleton" (every article its own
  // story: the floor a clusterer must beat).
  std::string method = "centroid";
  // Join the best story when the cosine to its centroid reaches this.
  // 0.26 was best without revision; revision recovers the recall a higher
  // threshold loses (docs/stories.md).
  double threshold = 0.28;
  // A story takes articles dated up to this many days after its last one
  // (and before its first). Undated articles ignore the window.
  int window_days = 30;
  // A text of n < `short_text_terms` terms (a headline and a summary)
  // joins a story told in another language, or in several, at threshold *
  // sqrt(n / short_text_terms): against a centroid half made of the other
  // language's words a short text cannot reach the cosine of a long report
  // (0: the same threshold for all). Within one language short texts keep
  // the threshold: on ECB+ cut to 30 words a lower one joined two events
  // of one kind more than it found the rest of one (docs/stories.md).
  double short_text_terms = 40;
  // Term kinds' weights, multiplying TF-IDF.
  double entity_weight = 0.7;
  double number_weight = 3.0;
  // A centroid keeps its heaviest terms only.
  int centroid_terms = 100;
  // A story is indexed under its `index_terms` heaviest terms; a new article
  // looks up its `query_terms` heaviest, reads at most `posting_scan` most
  // recent stories of each posting list, and scores `candidates` stories
  // exactly.
  int index_terms = 20;
  int query_terms = 20;
  int posting_scan = 200;
  int candidates = 30;
  // After an article joins, its story merges into an earlier open one whose
  // centroid it now reaches at this similarity (0 or above 1: never).
  double merge_threshold = 0.5;
  // The merge pass, after each revision: a story changed since the last
  // pass merges with the open story closest to it when their centroids
  // reach `merge_pass_threshold` (0: no pass) and the cosine of their
  // entity terms alone reaches `merge_entity_threshold`.
  // ECB+ (docs/stories.md): tuned on the even topics (B-cubed F1 over 9
  // orders mean 0.936 -> 0.943, min 0.927 -> 0.934), on the odd ones mean
  // 0.907 -> 0.909; headlines and leads of 30 words: file order 0.679 ->
  // 0.695.
  double merge_pass_threshold = 0.25;
  double merge_entity_threshold = 0.7;
  // The split step, after each revision: a story with four or more
  // articles in the revision window is cut in two by a 2-means over them,
  // and the newer part becomes a story of its own when the merge pass would
  // not join the two parts (the rule above, used both ways): two events of
  // one kind that met in one order of arrival come apart
  // (docs/stories.md).
  bool split = true;
  // Between dated articles and stories (within each other's window), the
  // figures only one side gives are left out of both norms: a developing
  // event's toll or count changes with every report, and a short report's
  // own figures, at number_weight, would outweigh its places, agencies and
  // event words. Undated articles keep every figure: there figures are what
  // tell two events of one kind apart (docs/stories.md).
  bool dated_figures = true;
  // Where two stories (or two parts of one) are dated and both name the
  // same place, the merge pass and the split step ask their entity terms
  // to agree at the smaller of this and merge_entity_threshold. Off by
  // default (the same 0.7): at 0.2 the phases of the 2024 vote count (the
  // quick counts, the tallies, the result, which name other pollsters and
  // officials around the same candidates) came together, 4-7 stories ->
  // 3-5, but on dedup_bench's dated id-news stream B-cubed F1 fell 0.980
  // -> 0.961: two Jakarta stories name Jakarta (docs/stories.md).
  double dated_entity_threshold = 0.7;
  // Revision: a single pass decides each article with the stories as they
  // were when it arrived, so an early article can sit in the wrong story
  // for good. The last `revise_window` articles keep their vectors (0: no
  // revision); every `revise_every` articles each of them is scored again
  // against its candidate stories, its own story without it, and moves when
  // another open story is closer by `revise_margin` and reaches
  // `threshold`: one k-means step limited to the recent window. Window 500
  // every 50 articles: B-cubed F1 on ECB+ over the file order and 8
  // shuffles from mean 0.903, min 0.886 (single pass, threshold 0.26) to
  // mean 0.923, min 0.913 (docs/stories.md), at 10 re-scorings an article
  // and ~1 MB for the window's vectors.
  int revise_window = 500;
  int revise_every = 50;
  double revise_margin = 0.02;
  // A revised article looks up fewer candidates than a new one: its story
  // is known, only a close rival matters. 10 terms, 50 postings, 10
  // stories: the same quality on ECB+ as the full lookup (20, 200, 30),
  // at about a fifth of its cost.
  int revise_query_terms = 10;
  int revise_posting_scan = 50;
  int revise_candidates = 10;
  // State per window, not per corpus: a story that has taken no article in
  // the last `close_after` arrivals is closed when it is undated, or dated
  // and its window (`window_days` after its latest report) ended before the
  // latest date seen. A closed story takes no more articles: its centroid,
  // postings and label terms are freed (its headline, size, dates and
  // languages stay for Story()), and terms seen in one article only, not
  // within the last `close_after`, are forgotten (seen again, they count
  // from 0). Without it every undated story stays open for good: 200,000
  // one-line documents, each a story of its own, held 2.4 KB each
  // (docs/stories.md). At least revise_window + revise_every (a story with
  // an article in the revision window is never closed); 0: never close.
  int close_after = 50000;
};

struct StoryAssignment {
  uint32_t doc = 0;    // the article's number: 0, 1, ... in order of arrival
  uint32_t story = 0;  // 0, 1, ... in order of creation
  bool created = false;
  float similarity = 0;  // cosine to the story joined (0 when created)
};

struct StoryInfo {
  uint32_t id = 0;
  // The headline of the story's most central article (the closest to its
  // centroid): "Tara Reid checks into rehab"; for stories of untitled
  // articles, its heaviest names and words: "Tara Reid, Promises: rehab,
  // treatment".
  std::string label;
  uint32_t size = 0;                   // articles
  std::string first_seen, last_seen;   // ISO dates, "" when undated
  std::vector<std::string> languages;  // sorted
};

class Clusterer {
 public:
  virtual ~Clusterer() = default;
  // Assigns an article on arrival. The story returned is the decision at
  // arrival; revision may move a recent article later (StoryOf).
  virtual StoryAssignment Add(const StoryFeatures& doc) = 0;
  // Stories created so far, including those since merged into others.
  virtual size_t size() const = 0;
  // Two stories can turn out to be one (the second began before the first
  // had the words to be found): the later merges into the earlier. The id
  // a story now goes by; ids returned by Add stay valid through this.
  virtual uint32_t Resolve(uint32_t story) const = 0;
  // The story `story` now belongs to (after Resolve).
  virtual StoryInfo Story(uint32_t story) const = 0;
  // Articles added so far.
  virtual size_t docs() const = 0;
  // The story article `doc` (< docs()) belongs to now: revisions move
  // recent articles, merges join stories; resolved.
  virtual uint32_t StoryOf(uint32_t doc) const = 0;
  virtual size_t MemoryBytes() const = 0;
  // The whole state, options included, as an opaque blob: a magic, a format
  // version, a CRC and the zlib-compressed fields. Docs/stories.md gives
  // its size per article.
  virtual std::string SaveState() const = 0;
};

// "centroid" or "singleton"; null for an unknown method.
std::unique_ptr<Clusterer> NewClusterer(const StoryOptions& options);

// A clusterer restored from SaveState(), with the options it was saved
// with. A blob of another kind, of a newer format, truncated or altered is
// an error (kInvalidArgument or kDataLoss), never a crash.
Result<std::unique_ptr<Clusterer>> LoadClusterer(std::string_view state);

// Clustering quality against a gold grouping, document by document.
struct ClusterScore {
  double bcubed_precision = 0, bcubed_recall = 0, bcubed_f1 = 0;
  double pairwise_precision = 0, pairwise_recall = 0, pairwise_f1 = 0;
  size_t clusters = 0, gold_clusters = 0;
};
// gold[i] and predicted[i] label document i; same length.
ClusterScore ScoreClusters(std::span<const std::string> gold, std::span<const uint32_t> predicted);

}  // namespace warta

#endif  // WARTA_STORY_H_
