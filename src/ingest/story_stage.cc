// StoryStage: the story and duplicate stages run over the store, resumable
// across processes. Tested by pipeline_test.cc (both engines) and the
// kill test in tests/.
#include "warta/story_stage.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>
#include <set>
#include <string>
#include <string_view>

#include "warta/hash.h"

namespace warta {
namespace {

constexpr char kStateName[] = "stories";
constexpr char kGenerationName[] = "stories.gen";
constexpr char kMagic[4] = {'W', 'S', 'T', 'G'};
constexpr uint32_t kFormat = 1;
// The state is saved in parts: "stories" holds kPartsMagic, the format and
// the number of parts, and "stories.part.N" (N from 0) the state's bytes
// in order: the state is never built as one value, nor handed to the
// engine as one row (PostgreSQL refuses values over 1 GB; one-line
// documents, each a story, save 636 bytes a document). A state saved
// whole (before parts) still loads.
constexpr char kPartsMagic[4] = {'W', 'S', 'T', 'P'};

std::string PartName(uint64_t n) { return std::string(kStateName) + ".part." + std::to_string(n); }

void PutU64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 8);
}

void PutBytes(std::string* out, std::string_view bytes) {
  PutU64(out, bytes.size());
  out->append(bytes);
}

// Reads what PutU64/PutBytes wrote; every read checks the bounds.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool U64(uint64_t* v) {
    if (in_.size() < 8) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i) *v |= static_cast<uint64_t>(static_cast<uint8_t>(in_[i])) << (8 * i);
    in_.remove_prefix(8);
    return true;
  }
  bool Bytes(std::string_view* bytes) {
    uint64_t n;
    if (!U64(&n) || n > in_.size()) return false;
    *bytes = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  bool Byte(uint8_t* v) {
    if (in_.empty()) return false;
    *v = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return true;
  }
  bool Magic() {
    if (in_.size() < 4 || std::memcmp(in_.data(), kMagic, 4) != 0) return false;
    in_.remove_prefix(4);
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

std::string StoryIdFor(const std::string& first_doc_id) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Hash64(first_doc_id)));
  return "story-" + std::string(hex, 8);
}

// Writes a byte stream as parts of at most `part_bytes` (PartName(0),
// PartName(1), ...): the stream is never held whole.
class PartWriter {
 public:
  PartWriter(Store* store, size_t part_bytes)
      : store_(store), part_bytes_(std::max<size_t>(part_bytes, 1)) {}

  Status Append(std::string_view bytes) {
    while (!bytes.empty()) {
      const size_t take = std::min(bytes.size(), part_bytes_ - buffer_.size());
      buffer_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (buffer_.size() == part_bytes_) RETURN_IF_ERROR(Flush());
    }
    return Status::Ok();
  }

  // Writes what is left and the index naming the parts.
  Status Finish() {
    if (!buffer_.empty()) RETURN_IF_ERROR(Flush());
    std::string index(kPartsMagic, 4);
    PutU64(&index, kFormat);
    PutU64(&index, parts_);
    return store_->PutStageState(kStateName, index);
  }

 private:
  Status Flush() {
    RETURN_IF_ERROR(store_->PutStageState(PartName(parts_++), buffer_));
    buffer_.clear();
    return Status::Ok();
  }

  Store* store_;
  size_t part_bytes_;
  std::string buffer_;
  uint64_t parts_ = 0;
};

struct StoryStage::State {
  // A recent article, whose story the clusterer's revision may still change.
  struct Recent {
    uint32_t doc = 0;      // the clusterer's article number
    std::string id;
    uint32_t written = 0;  // the story its member row names
  };

  uint64_t generation = 0;
  std::unique_ptr<Clusterer> clusterer;
  std::unique_ptr<DupIndex> dups;
  std::vector<std::string> story_ids;  // by the clusterer's story number
  std::vector<uint8_t> moved;          // 1: a merged story's members were moved
  std::deque<Recent> recent;           // oldest first

  // Saves the state to `store` in parts of `part_bytes`: the bytes of one
  // section at a time are held, never the whole state.
  Status Save(Store* store, size_t part_bytes) const {
    PartWriter parts(store, part_bytes);
    std::string out(kMagic, 4);
    PutU64(&out, kFormat);
    PutU64(&out, generation);
    PutU64(&out, story_ids.size());
    for (size_t i = 0; i < story_ids.size(); ++i) {
      PutBytes(&out, story_ids[i]);
      out.push_back(static_cast<char>(moved[i]));
      if (out.size() >= part_bytes) {
        RETURN_IF_ERROR(parts.Append(out));
        out.clear();
      }
    }
    PutU64(&out, recent.size());
    for (const Recent& r : recent) {
      PutU64(&out, r.doc);
      PutBytes(&out, r.id);
      PutU64(&out, r.written);
    }
    RETURN_IF_ERROR(parts.Append(out));
    out.clear();
    for (int section = 0; section < 2; ++section) {
      std::string blob = section == 0 ? clusterer->SaveState() : dups->SaveState();
      PutU64(&out, blob.size());
      RETURN_IF_ERROR(parts.Append(out));
      out.clear();
      RETURN_IF_ERROR(parts.Append(blob));
    }
    return parts.Finish();
  }

  // The saved bytes into `*out`: the parts put together, or a state saved
  // whole.
  static Status Read(Store* store, std::string* out) {
    ASSIGN_OR_RETURN(*out, store->GetStageState(kStateName));
    if (out->size() < 4 || std::memcmp(out->data(), kPartsMagic, 4) != 0) return Status::Ok();
    const std::string index = std::move(*out);
    out->clear();
    Reader in(std::string_view(index).substr(4));
    uint64_t format = 0, n = 0;
    if (!in.U64(&format) || format != kFormat || !in.U64(&n) || !in.done()) {
      return DataLoss("saved story stage state is damaged: bad index of parts");
    }
    for (uint64_t i = 0; i < n; ++i) {
      ASSIGN_OR_RETURN(std::string part, store->GetStageState(PartName(i)));
      if (part.empty()) {
        return DataLoss("saved story stage state is damaged: part " + std::to_string(i) +
                        " missing");
      }
      *out += part;
    }
    return Status::Ok();
  }

  static Result<std::unique_ptr<State>> Parse(std::string_view blob) {
    auto damaged = [](const std::string& what) {
      return DataLoss("saved story stage state is damaged: " + what);
    };
    Reader in(blob);
    uint64_t format = 0, n = 0;
    auto state = std::make_unique<State>();
    if (!in.Magic()) return damaged("no magic");
    if (!in.U64(&format) || format != kFormat) {
      return damaged("format " + std::to_string(format) + ", this build reads " +
                     std::to_string(kFormat));
    }
    if (!in.U64(&state->generation) || !in.U64(&n)) return damaged("truncated header");
    for (uint64_t i = 0; i < n; ++i) {
      std::string_view id;
      uint8_t moved;
      if (!in.Bytes(&id) || !in.Byte(&moved)) return damaged("truncated story ids");
      state->story_ids.emplace_back(id);
      state->moved.push_back(moved);
    }
    if (!in.U64(&n)) return damaged("truncated recent articles");
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t doc = 0, written = 0;
      std::string_view id;
      if (!in.U64(&doc) || !in.Bytes(&id) || !in.U64(&written)) {
        return damaged("truncated recent articles");
      }
      if (written >= state->story_ids.size()) return damaged("recent article in no story");
      state->recent.push_back(
          {static_cast<uint32_t>(doc), std::string(id), static_cast<uint32_t>(written)});
    }
    std::string_view clusterer_blob, dups_blob;
    if (!in.Bytes(&clusterer_blob) || !in.Bytes(&dups_blob) || !in.done()) {
      return damaged("truncated sections");
    }
    ASSIGN_OR_RETURN(state->clusterer, LoadClusterer(clusterer_blob));
    ASSIGN_OR_RETURN(state->dups, DupIndex::Load(dups_blob));
    if (state->clusterer->size() != state->story_ids.size()) {
      return damaged("story ids do not match the clusterer");
    }
    for (const Recent& r : state->recent) {
      if (r.doc >= state->clusterer->docs()) return damaged("recent article unknown to the clusterer");
    }
    return state;
  }
};

StoryStage::StoryStage(std::unique_ptr<StoryFeaturizer> featurizer,
                       const StoryStageOptions& options)
    : featurizer_(std::move(featurizer)),
      options_(options),
      // Twice the clusterer's revision window: every article it may still
      // move is watched.
      recent_window_(2 * static_cast<size_t>(std::max(options.story.revise_window, 0))) {}

StoryStage::~StoryStage() = default;

Result<std::unique_ptr<StoryStage>> StoryStage::Create(const DataDir& data,
                                                       const StoryStageOptions& options) {
  if (!NewClusterer(options.story)) {
    return InvalidArgument("unknown story method '" + options.story.method + "'");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<StoryFeaturizer> featurizer, StoryFeaturizer::Create(data));
  return std::unique_ptr<StoryStage>(new StoryStage(std::move(featurizer), options));
}

// Makes state_ the store's state of generation `generation` ("" when the
// stage never ran): kept when it is already that one, else loaded.
Status StoryStage::LoadOrStart(Store* store, const std::string& generation) {
  if (generation.empty()) {
    ASSIGN_OR_RETURN(std::unique_ptr<DupIndex> dups, DupIndex::Create(options_.dedup));
    state_ = std::make_unique<State>();
    state_->clusterer = NewClusterer(options_.story);
    state_->dups = std::move(dups);
    return Status::Ok();
  }
  if (state_ && std::to_string(state_->generation) == generation) return Status::Ok();
  state_.reset();
  std::string blob;
  RETURN_IF_ERROR(State::Read(store, &blob));
  ASSIGN_OR_RETURN(state_, State::Parse(blob));
  // A duplicate index saved without a window (by an earlier version) keeps
  // the stage's from now on, so that its memory stops growing.
  if (state_->dups->options().window == 0 && options_.dedup.window > 0) {
    state_->dups->SetWindow(options_.dedup.window);
  }
  if (std::to_string(state_->generation) != generation) {
    state_.reset();
    return DataLoss("saved story stage state is generation " + generation +
                    " by its marker but not by its content");
  }
  return Status::Ok();
}

// One transaction: lock, load, assign up to a chunk, write, commit. Returns
// the documents assigned (0: fewer than `min_docs` left, or locked out).
Result<size_t> StoryStage::RunChunk(Store* store, size_t min_docs, StoryStageStats* stats) {
  ASSIGN_OR_RETURN(bool locked, store->TryLockStage(kStateName));
  if (!locked) {
    stats->locked_out = true;
    return 0;
  }
  if (min_docs > 1) {
    // Enough waiting? Asked before loading a state that may be large.
    ASSIGN_OR_RETURN(std::vector<std::string> waiting, store->ListUnassigned(min_docs));
    if (waiting.size() < min_docs) return 0;
  }
  ASSIGN_OR_RETURN(std::string generation, store->GetStageState(kGenerationName));
  RETURN_IF_ERROR(LoadOrStart(store, generation));
  State& st = *state_;
  size_t chunk = std::max({options_.chunk, std::min(st.dups->size(), options_.max_chunk), min_docs});
  ASSIGN_OR_RETURN(std::vector<std::string> ids, store->ListUnassigned(chunk));
  if (ids.empty()) return 0;

  std::vector<StoryMember> members;
  std::set<uint32_t> touched;
  size_t created = 0, duplicates = 0;
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(std::optional<Document> doc, store->GetDocument(id));
    if (!doc) return Internal("unassigned document '" + id + "' is not stored");
    StoryFeatures features =
        featurizer_->Extract({doc->id, doc->text, doc->meta.published, doc->meta.lang,
                              doc->meta.title});
    StoryAssignment a = st.clusterer->Add(features);
    if (a.created) {
      st.story_ids.push_back(StoryIdFor(doc->id));
      st.moved.push_back(0);
      ++created;
    }
    // Stories the clusterer made itself: the split step cuts a story in two
    // during the revision pass this article's arrival ran. Named after that
    // article and their number, so the same documents in the same order
    // give the same ids; their members are recent articles, rewritten with
    // the revisions below.
    while (st.story_ids.size() < st.clusterer->size()) {
      st.story_ids.push_back(StoryIdFor(doc->id + "#" + std::to_string(st.story_ids.size())));
      st.moved.push_back(0);
      ++created;
    }
    uint32_t story = st.clusterer->Resolve(a.story);
    touched.insert(story);
    members.push_back({doc->id, st.story_ids[story], a.created ? 0.0 : a.similarity});
    st.recent.push_back({a.doc, doc->id, story});
    DupMatch match = st.dups->Add(doc->id, doc->text);
    if (match.kind != DupKind::kNone) {
      RETURN_IF_ERROR(store->PutDuplicate({doc->id, std::string(st.dups->Id(match.original)),
                                           DupKindName(match.kind), match.similarity}));
      ++duplicates;
    }
  }
  if (st.story_ids.size() != st.clusterer->size()) {
    return Internal("story ids out of step with the clusterer");
  }
  RETURN_IF_ERROR(store->PutStoryMembers(members));

  // Stories merged into earlier ones: their members move, they stay empty.
  std::vector<StoryRecord> records;
  for (uint32_t c = 0; c < st.story_ids.size(); ++c) {
    uint32_t into = st.clusterer->Resolve(c);
    if (into == c || st.moved[c]) continue;
    ASSIGN_OR_RETURN(std::vector<StoryMember> moving, store->ListStoryMembers(st.story_ids[c]));
    for (StoryMember& m : moving) m.story_id = st.story_ids[into];
    RETURN_IF_ERROR(store->PutStoryMembers(moving));
    StoryRecord empty;
    empty.id = st.story_ids[c];
    empty.label = "merged into " + st.story_ids[into];
    records.push_back(std::move(empty));
    st.moved[c] = 1;
    touched.erase(c);
    touched.insert(into);
  }
  // Revisions: recent articles the clusterer has moved to another story.
  std::vector<StoryMember> revised;
  for (State::Recent& r : st.recent) {
    uint32_t now = st.clusterer->StoryOf(r.doc);
    uint32_t was = st.clusterer->Resolve(r.written);  // merged rows moved above
    if (now != was) {
      revised.push_back({r.id, st.story_ids[now], 0.0});
      touched.insert(now);
      touched.insert(was);
    }
    r.written = now;
  }
  RETURN_IF_ERROR(store->PutStoryMembers(revised));
  // Trimmed only now: during a chunk the window holds the articles before it
  // and every article of it, all of which the clusterer may have moved.
  while (st.recent.size() > recent_window_) st.recent.pop_front();
  for (uint32_t c : touched) {
    if (st.clusterer->Resolve(c) != c) continue;  // recorded as merged
    StoryInfo info = st.clusterer->Story(c);
    StoryRecord r;
    r.id = st.story_ids[c];
    r.label = info.label;
    r.size = info.size;
    r.first_seen = info.first_seen;
    r.last_seen = info.last_seen;
    r.languages = info.languages;
    records.push_back(std::move(r));
  }
  RETURN_IF_ERROR(store->PutStories(records));

  ++st.generation;
  RETURN_IF_ERROR(st.Save(store, options_.state_part_bytes));
  RETURN_IF_ERROR(store->PutStageState(kGenerationName, std::to_string(st.generation)));
  stats->created += created;
  stats->duplicates += duplicates;
  return ids.size();
}

Result<StoryStageStats> StoryStage::Run(Store* store, size_t min_docs,
                                        const std::atomic<bool>* stop) {
  StoryStageStats stats;
  while (stop == nullptr || !stop->load()) {
    RETURN_IF_ERROR(store->BeginBatch());
    StoryStageStats chunk_stats;
    Result<size_t> done = RunChunk(store, std::max<size_t>(min_docs, 1), &chunk_stats);
    if (!done.ok() || *done == 0) {
      (void)store->RollbackBatch();
      // The in-memory state may be ahead of the store now: reload next time.
      if (!done.ok()) state_.reset();
      if (!done.ok()) return done.status();
      stats.locked_out = chunk_stats.locked_out;
      return stats;
    }
    Status committed = store->CommitBatch();
    if (!committed.ok()) {
      state_.reset();
      return committed;
    }
    stats.assigned += *done;
    stats.created += chunk_stats.created;
    stats.duplicates += chunk_stats.duplicates;
    ++stats.chunks;
  }
  return stats;
}

}  // namespace warta
