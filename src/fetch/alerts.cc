// Alerts from the verdict lines of stories' ledgers (alerts.h). Tested by
// alerts_test.cc and, through `warta watch`, tests/fetch_test.cc.
#include "warta/alerts.h"

#include <nlohmann/json.hpp>

#include <ctime>

#include "warta/ledger_stage.h"
#include "warta/watch.h"

namespace warta {

Result<std::vector<Alert>> VerdictLines(std::string_view json, const std::string& story_id) {
  nlohmann::json ledger = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (ledger.is_discarded() || !ledger.is_object() || !ledger.contains("groups") ||
      !ledger["groups"].is_array()) {
    return InvalidArgument("the ledger of " + story_id + " is not ledger JSON");
  }
  std::vector<Alert> lines;
  for (const nlohmann::json& group : ledger["groups"]) {
    if (!group.is_object() || !group.contains("verdicts")) continue;
    const std::string key = group.value("key", std::string());
    for (const nlohmann::json& v : group["verdicts"]) {
      if (!v.is_object()) continue;
      Alert a;
      a.story_id = story_id;
      a.group_key = key;
      a.kind = v.value("kind", std::string());
      a.line = v.value("explanation", std::string());
      a.verdict_json = v.dump();
      lines.push_back(std::move(a));
    }
  }
  return lines;
}

Result<std::vector<Alert>> UpdateAlerts(Store* store, WatchState* state,
                                        const std::vector<std::string>& story_ids, int64_t now) {
  std::vector<Alert> fresh;
  for (const std::string& id : story_ids) {
    Result<std::string> json = StoryLedgerJson(store, id);
    if (!json.ok()) {
      if (json.status().code() == StatusCode::kNotFound) continue;
      return json.status().WithContext("the ledger of " + id);
    }
    ASSIGN_OR_RETURN(std::vector<Alert> lines, VerdictLines(*json, id));
    ASSIGN_OR_RETURN(std::vector<Alert> added, state->RecordVerdicts(id, lines, now));
    for (Alert& a : added) fresh.push_back(std::move(a));
  }
  return fresh;
}

std::string IsoTime(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string AlertToJson(const Alert& a) {
  nlohmann::ordered_json j;
  j["seq"] = a.seq;
  j["story"] = a.story_id;
  j["group"] = a.group_key;
  j["kind"] = a.kind;
  j["line"] = a.line;
  j["created"] = IsoTime(a.created_at);
  nlohmann::json verdict = nlohmann::json::parse(a.verdict_json, nullptr, false);
  j["verdict"] = verdict.is_discarded() ? nlohmann::json(nullptr) : verdict;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<int64_t> ParseSince(const std::string& text, int64_t now) {
  const std::string bad = "'" + text +
                          "' is not a time (say 1729238400, 2024-10-18, or 2h for two hours ago)";
  if (text.empty() || text.size() > 19) return InvalidArgument(bad);
  size_t digits = text.find_first_not_of("0123456789");
  if (digits == std::string::npos) return static_cast<int64_t>(std::stoll(text));
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    std::tm tm{};
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
      return InvalidArgument(bad);
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<int64_t>(timegm(&tm));
  }
  Result<int64_t> ago = ParseInterval(text);
  if (!ago.ok()) return InvalidArgument(bad);
  return now - *ago;
}

}  // namespace warta
