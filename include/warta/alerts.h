// Alerts: a story's ledger gained a verdict line it did not have (a new
// conflict, a revision, a denial, a new agreement), stored once with the
// verdict and its claims (table alerts, warta/watch_state.h).
//
//   ASSIGN_OR_RETURN(std::vector<warta::Alert> fresh,
//                    warta::UpdateAlerts(store.get(), state.get(), {"story-0a1b2c3d"}, now));
//   for (const warta::Alert& a : fresh) std::cout << warta::AlertToJson(a) << '\n';
//
// A line is the group it belongs to, its kind and its explanation: the same
// line built again (the ledger rebuilt after an unrelated article) is not a
// new alert; a figure that changes makes a new explanation, and so a new
// alert. The first time a story is looked at, every line it has is new.
//
// Thread-safety: the functions use only their arguments.
#ifndef WARTA_ALERTS_H_
#define WARTA_ALERTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "warta/search_terms.h"
#include "warta/status.h"
#include "warta/store.h"
#include "warta/watch_state.h"

namespace warta {

// The verdict lines of a ledger as LedgerToJson writes it (warta/ledger.h),
// as alerts of `story_id` not stored yet. Each verdict is kept with what it
// is about rather than indices into a ledger that will change: its figures
// with their labels, dates and reports ({"origin": "NIS", "figure": 1,
// "label": "3,000", "date": "2024-10-25", ...}), its claims as the claim
// objects. kInvalidArgument when `json` is not a ledger.
Result<std::vector<Alert>> VerdictLines(std::string_view json, const std::string& story_id);

// For each story of `story_ids`: its ledger now (the stored one when current,
// else built: StoryLedgerJson) and the lines it gained since the last call,
// stored as alerts created at `now` and returned. A story that is gone is
// skipped.
Result<std::vector<Alert>> UpdateAlerts(Store* store, WatchState* state,
                                        const std::vector<std::string>& story_ids, int64_t now);

// What RaiseAlerts did: the alerts it stored, and the documents of
// `doc_ids` that have no story yet (the story stage has not reached them:
// give them again after it has).
struct RaisedAlerts {
  std::vector<Alert> alerts;
  std::vector<std::string> waiting;
};

// The one alert path of everything that stores articles (`warta ingest`,
// `fetch`, `watch`, `worker`, and POST /api/ingest): the stories the
// documents `doc_ids` belong to are looked at (UpdateAlerts) and the lines
// they gained stored as alerts created at `now`.
Result<RaisedAlerts> RaiseAlerts(Store* store, WatchState* state,
                                 const std::vector<std::string>& doc_ids, int64_t now);

// The search GET /api/search runs for `query`: its words as the engines
// split text (SearchTerms::QueryWords) joined by spaces, with their stems
// when `terms` is given. kInvalidArgument when it has no word.
Result<SearchQuery> SearchQueryFor(std::string_view query, SearchTerms* terms);

// The stories of the documents the search of `query` finds among its best
// `max_docs` hits, best first, each once: what `--query "korea utara"` and
// ?query= follow.
Result<std::vector<std::string>> StoriesMatching(Store* store, SearchTerms* terms,
                                                 std::string_view query, size_t max_docs = 200);

// Alerts created at or after `since` of the stories `story_ids`, newest
// first, at most `limit` (ListAlerts of each, merged).
Result<std::vector<Alert>> AlertsOfStories(WatchState* state,
                                           const std::vector<std::string>& story_ids, int64_t since,
                                           size_t limit);

// One alert as a compact JSON object: {"seq", "story", "story_label" (only
// when `story_label` is not empty), "group", "kind", "line", "created" (ISO
// 8601 UTC), "verdict" (the ledger's verdict object: kind, origins,
// explanation, figures, claims)}.
std::string AlertToJson(const Alert& alert, const std::string& story_label = "");

// Alerts as an Atom feed (RFC 4287), newest first as given: one entry per
// alert, titled "conflicting: NIS 3,000 (2024-10-25) vs ...", its id
// "urn:warta:alert:SEQ", updated when created, its category the kind, its
// link the story's page ("/#story=ID", relative to the feed), its summary
// the story's label from `labels` (by story id; the id when none) and the
// line, its content the line and each figure with its origin and date.
// Every string is escaped; bytes that are not UTF-8 and characters XML
// forbids become U+FFFD, so the feed is well-formed whatever the articles
// held. `query` is the feed's own query ({{"kind", "conflicting"}}: its
// self link "/api/alerts.atom?kind=conflicting"; empty values left out);
// `now` the feed's updated time when there is no alert.
std::string AlertsToAtom(const std::vector<Alert>& alerts,
                         const std::map<std::string, std::string>& labels,
                         const std::vector<std::pair<std::string, std::string>>& query,
                         int64_t now);

// "2024-10-18T08:00:00Z" of Unix seconds.
std::string IsoTime(int64_t unix_seconds);

// A --since or ?since= value: Unix seconds ("1729238400"), a date
// ("2024-10-18", midnight UTC), or an interval back from `now` ("90s",
// "30m", "2h", "7d"). kInvalidArgument otherwise.
Result<int64_t> ParseSince(const std::string& text, int64_t now);

}  // namespace warta

#endif  // WARTA_ALERTS_H_
