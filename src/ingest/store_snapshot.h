// What a store holds, as comparable values, for tests that check two
// stores hold the same result (one process against workers, a killed run
// against a clean one).
#ifndef WARTA_SRC_INGEST_STORE_SNAPSHOT_H_
#define WARTA_SRC_INGEST_STORE_SNAPSHOT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "warta/claim.h"
#include "warta/store.h"

namespace warta {

struct StoreSnapshot {
  // doc id -> content hash, then each claim's export line.
  std::map<std::string, std::string> contents;
  // doc id -> story id.
  std::map<std::string, std::string> stories;
  // Stories whose stored size differs from their members (none in a
  // consistent store), and documents in no story.
  int inconsistent_stories = 0;
  int unassigned = 0;
};

inline Result<StoreSnapshot> TakeSnapshot(Store* store) {
  StoreSnapshot out;
  ASSIGN_OR_RETURN(std::vector<DocumentSummary> docs, store->ListDocuments());
  for (const DocumentSummary& d : docs) out.contents[d.id] = d.content_hash;
  ASSIGN_OR_RETURN(std::vector<Claim> claims, store->ListClaims({}));
  for (const Claim& c : claims) out.contents[c.doc] += "\n" + ClaimJson(c).dump();
  ASSIGN_OR_RETURN(std::vector<StoryRecord> stories, store->ListStories());
  for (const StoryRecord& s : stories) {
    ASSIGN_OR_RETURN(std::vector<StoryMember> members, store->ListStoryMembers(s.id));
    if (static_cast<int64_t>(members.size()) != s.size) ++out.inconsistent_stories;
    for (const StoryMember& m : members) out.stories[m.doc_id] = s.id;
  }
  for (const DocumentSummary& d : docs) out.unassigned += out.stories.count(d.id) ? 0 : 1;
  return out;
}

}  // namespace warta

#endif  // WARTA_SRC_INGEST_STORE_SNAPSHOT_H_
