// The story stage over a store: assigns stored documents to stories and
// links copies to their earliest version, in the order the documents were
// first stored, so that every process that runs it continues one clustering.
//
//   ASSIGN_OR_RETURN(auto stage, warta::StoryStage::Create(data));
//   ASSIGN_OR_RETURN(warta::StoryStageStats s, stage->Run(store.get()));
//
// State: the clusterer and the duplicate index live in the store
// (Store::GetStageState "stories", an index of the parts "stories.part.N"
// that hold the state's bytes), with a generation number beside them
// ("stories.gen"). A run takes the stage lock inside a transaction, loads
// the state when its own copy is older than the store's, assigns a chunk of
// unassigned documents, writes their stories, members and duplicate links
// and the new state, and commits: all of it or none. A process killed
// mid-chunk leaves the store as it was before the chunk. Several processes
// (ingest, workers on other machines) may call Run at once: one holds the
// lock, the others return at once with `locked_out` set and their documents
// are picked up by the holder's next chunk or by a later run.
//
// Story ids are "story-" and 8 hex digits of a hash of the story's first
// document id: the same documents in the same order give the same ids in
// any database. When a later story turns out to be the same event as an
// earlier one (the clusterer merges them), its members move to the earlier
// story and the later one is kept with size 0, so its id stays resolvable.
//
// The clusterer revises: a recent article can move to another story as
// later ones arrive (include/warta/story.h). After each chunk the stage
// rewrites the member rows of the recent articles that moved, and the
// records of the stories they left and joined (a story left empty is kept
// with size 0).
//
// A document whose content changed loses its story (the store drops it)
// and is assigned again as a new arrival.
//
// Thread-safety: one StoryStage per thread; Run must be called outside a
// batch of `store`.
#ifndef WARTA_STORY_STAGE_H_
#define WARTA_STORY_STAGE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "warta/dedup.h"
#include "warta/lang_data.h"
#include "warta/status.h"
#include "warta/store.h"
#include "warta/story.h"

namespace warta {

struct StoryStageOptions {
  // Documents per transaction, at least; a chunk grows to the number of
  // documents seen so far, up to `max_chunk`, so that saving the state
  // costs at most about as much as the chunk's own work. The state is
  // bounded by the windows below (the clusterer's StoryOptions::close_after
  // and the duplicate index's window), not by the corpus.
  size_t chunk = 1000;
  size_t max_chunk = 50000;
  // The saved state is written in parts of this many bytes (the last one
  // smaller), so that saving never holds a copy of the whole state.
  size_t state_part_bytes = 8u << 20;
  StoryOptions story;
  // Copies are looked for among at least the last 50,000 documents (up to
  // 100,000): about 100 MB of signatures and tables at most, where the
  // whole corpus took 1 KB a document (docs/stories.md).
  DedupOptions dedup = {.window = 50000};
};

struct StoryStageStats {
  size_t assigned = 0;    // documents given a story
  size_t created = 0;     // stories started
  size_t duplicates = 0;  // copies linked
  size_t chunks = 0;      // transactions committed
  bool locked_out = false;  // another process held the stage
};

class StoryStage {
 public:
  static Result<std::unique_ptr<StoryStage>> Create(const DataDir& data,
                                                    const StoryStageOptions& options = {});
  ~StoryStage();
  StoryStage(const StoryStage&) = delete;
  StoryStage& operator=(const StoryStage&) = delete;

  // Assigns every unassigned document of `store`, chunk by chunk, until
  // none is left or another process holds the stage. With `min_docs` > 1,
  // leaves them (and returns) while fewer than that many are waiting:
  // workers call it so between batches, and with 1 when the queue is empty.
  // With `stop`, returns between chunks once it is set (the server's start-up
  // run, which a SIGTERM ends); what is left waits for the next run.
  Result<StoryStageStats> Run(Store* store, size_t min_docs = 1,
                              const std::atomic<bool>* stop = nullptr);

 private:
  struct State;
  StoryStage(std::unique_ptr<StoryFeaturizer> featurizer, const StoryStageOptions& options);
  Status LoadOrStart(Store* store, const std::string& generation);
  Result<size_t> RunChunk(Store* store, size_t min_docs, StoryStageStats* stats);

  std::unique_ptr<StoryFeaturizer> featurizer_;
  StoryStageOptions options_;
  size_t recent_window_;
  std::unique_ptr<State> state_;
};

// "story-" and 8 hex digits of a hash of `first_doc_id`.
std::string StoryIdFor(const std::string& first_doc_id);

}  // namespace warta

#endif  // WARTA_STORY_STAGE_H_
