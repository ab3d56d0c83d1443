// Alerts from the verdict lines of stories' ledgers (alerts.h). Tested by
// alerts_test.cc and, through `warta watch`, tests/fetch_test.cc.
#include "warta/alerts.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "util/percent_encode.h"
#include "util/utf8.h"
#include "warta/ledger_stage.h"
#include "warta/watch.h"

namespace warta {

namespace {

// A verdict as the ledger JSON gives it points into its ledger: a figure is
// {"origin": "NIS", "figure": 1}, the second figure of NIS's row in the
// group, and a claim is its index in the ledger's claims. Those numbers
// change as the story grows, so the alert keeps what they point at: each
// figure gains its label, value, stance, date and reports ({"origin": "NIS",
// "figure": 1, "label": "3,000", "date": "2024-10-25", ...}), and each claim
// index becomes the claim object (doc, quote, source, value, ...). A number
// that points at nothing is kept as it is.
nlohmann::json SelfContained(const nlohmann::json& verdict, const nlohmann::json& group,
                             const nlohmann::json& claims) {
  nlohmann::json out = verdict;
  if (out.contains("figures") && out["figures"].is_array() && group.contains("origins") &&
      group["origins"].is_array()) {
    for (nlohmann::json& ref : out["figures"]) {
      if (!ref.is_object() || !ref.contains("figure") || !ref["figure"].is_number_unsigned())
        continue;
      const std::string origin = ref.value("origin", std::string());
      const size_t index = ref["figure"].get<size_t>();
      for (const nlohmann::json& o : group["origins"]) {
        if (!o.is_object() || o.value("name", std::string()) != origin || !o.contains("figures") ||
            !o["figures"].is_array() || index >= o["figures"].size()) {
          continue;
        }
        for (const auto& [field, value] : o["figures"][index].items()) {
          if (!ref.contains(field)) ref[field] = value;
        }
        break;
      }
    }
  }
  if (out.contains("claims") && out["claims"].is_array()) {
    for (nlohmann::json& c : out["claims"]) {
      if (c.is_number_unsigned() && c.get<size_t>() < claims.size()) c = claims[c.get<size_t>()];
    }
  }
  return out;
}

}  // namespace

Result<std::vector<Alert>> VerdictLines(std::string_view json, const std::string& story_id) {
  nlohmann::json ledger = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (ledger.is_discarded() || !ledger.is_object() || !ledger.contains("groups") ||
      !ledger["groups"].is_array()) {
    return InvalidArgument("the ledger of " + story_id + " is not ledger JSON");
  }
  const nlohmann::json no_claims = nlohmann::json::array();
  const nlohmann::json& claims =
      ledger.contains("claims") && ledger["claims"].is_array() ? ledger["claims"] : no_claims;
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
      a.verdict_json = SelfContained(v, group, claims)
                           .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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

Result<RaisedAlerts> RaiseAlerts(Store* store, WatchState* state,
                                 const std::vector<std::string>& doc_ids, int64_t now) {
  RaisedAlerts raised;
  std::set<std::string> stories;
  for (const std::string& id : doc_ids) {
    ASSIGN_OR_RETURN(std::optional<StoryMember> m, store->GetStoryMember(id));
    if (m) {
      stories.insert(m->story_id);
    } else {
      raised.waiting.push_back(id);
    }
  }
  if (stories.empty()) return raised;
  ASSIGN_OR_RETURN(raised.alerts,
                   UpdateAlerts(store, state, {stories.begin(), stories.end()}, now));
  return raised;
}

Result<SearchQuery> SearchQueryFor(std::string_view text, SearchTerms* terms) {
  SearchQuery query;
  for (const std::string& w : SearchTerms::QueryWords(text)) {
    query.text += (query.text.empty() ? "" : " ") + w;
  }
  if (query.text.empty())
    return InvalidArgument("no words in the query '" + std::string(text) + "'");
  if (terms != nullptr) query.stems = terms->QueryStems(query.text);
  return query;
}

Result<std::vector<std::string>> StoriesMatching(Store* store, SearchTerms* terms,
                                                 std::string_view text, size_t max_docs) {
  ASSIGN_OR_RETURN(SearchQuery query, SearchQueryFor(text, terms));
  query.limit = max_docs;
  ASSIGN_OR_RETURN(std::vector<SearchHit> hits, store->Search(query));
  std::vector<std::string> stories;
  std::set<std::string> seen;
  for (const SearchHit& hit : hits) {
    ASSIGN_OR_RETURN(std::optional<StoryMember> m, store->GetStoryMember(hit.id));
    if (m && seen.insert(m->story_id).second) stories.push_back(m->story_id);
  }
  return stories;
}

Result<std::vector<Alert>> AlertsOfStories(WatchState* state,
                                           const std::vector<std::string>& story_ids, int64_t since,
                                           size_t limit) {
  std::vector<Alert> all;
  for (const std::string& id : story_ids) {
    if (id.empty()) continue;  // ListAlerts reads "" as every story
    ASSIGN_OR_RETURN(std::vector<Alert> some, state->ListAlerts(since, id, limit));
    for (Alert& a : some) all.push_back(std::move(a));
  }
  std::sort(all.begin(), all.end(), [](const Alert& a, const Alert& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.seq > b.seq;
  });
  if (all.size() > limit) all.resize(limit);
  return all;
}

std::string IsoTime(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string AlertToJson(const Alert& a, const std::string& story_label) {
  nlohmann::ordered_json j;
  j["seq"] = a.seq;
  j["story"] = a.story_id;
  if (!story_label.empty()) j["story_label"] = story_label;
  j["group"] = a.group_key;
  j["kind"] = a.kind;
  j["line"] = a.line;
  j["created"] = IsoTime(a.created_at);
  nlohmann::json verdict = nlohmann::json::parse(a.verdict_json, nullptr, false);
  j["verdict"] = verdict.is_discarded() ? nlohmann::json(nullptr) : verdict;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// `text` as XML character data or an attribute value: &, <, >, " and '
// escaped; invalid UTF-8 and the characters XML 1.0 forbids (controls other
// than tab, newline and carriage return; U+FFFE, U+FFFF) as U+FFFD.
std::string XmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    const int32_t cp = DecodeUtf8(text, i, &len);
    const bool allowed =
        cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
    if (!allowed) {
      out += "\xEF\xBF\xBD";
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '"') {
      out += "&quot;";
    } else if (cp == '\'') {
      out += "&apos;";
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

// "NIS: 3,000 (2024-10-25)" for each figure of the stored verdict.
std::vector<std::string> FigureLines(const std::string& verdict_json) {
  std::vector<std::string> lines;
  nlohmann::json v = nlohmann::json::parse(verdict_json, nullptr, /*allow_exceptions=*/false);
  if (!v.is_object() || !v.contains("figures") || !v["figures"].is_array()) return lines;
  for (const nlohmann::json& f : v["figures"]) {
    if (!f.is_object() || !f.contains("label") || !f["label"].is_string()) continue;
    std::string line = f.value("origin", std::string()) + ": " + f["label"].get<std::string>();
    line += f.contains("date") && f["date"].is_string() ? " (" + f["date"].get<std::string>() + ")"
                                                        : " (undated)";
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace

std::string AlertsToAtom(const std::vector<Alert>& alerts,
                         const std::map<std::string, std::string>& labels,
                         const std::vector<std::pair<std::string, std::string>>& query,
                         int64_t now) {
  std::string self = "/api/alerts.atom";
  for (const auto& [name, value] : query) {
    if (value.empty()) continue;
    self += (self.find('?') == std::string::npos ? "?" : "&") + PercentEncode(name) + "=" +
            PercentEncode(value);
  }
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
      "  <id>urn:warta:alerts:" +
      XmlText(PercentEncode(self)) +
      "</id>\n"
      "  <title>Warta alerts</title>\n"
      "  <subtitle>Verdict lines stories' ledgers gained: new conflicts, revisions, "
      "denials</subtitle>\n"
      "  <updated>" +
      IsoTime(alerts.empty() ? now : alerts.front().created_at) +
      "</updated>\n"
      "  <author><name>Warta</name></author>\n"
      "  <generator>Warta</generator>\n"
      "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" +
      XmlText(self) +
      "\"/>\n"
      "  <link rel=\"alternate\" type=\"text/html\" href=\"/#alerts\"/>\n";
  for (const Alert& a : alerts) {
    auto label = labels.find(a.story_id);
    const std::string story =
        label != labels.end() && !label->second.empty() ? label->second : a.story_id;
    std::string content = a.line;
    for (const std::string& f : FigureLines(a.verdict_json)) content += "\n" + f;
    out +=
        "  <entry>\n"
        "    <id>urn:warta:alert:" +
        std::to_string(a.seq) +
        "</id>\n"
        "    <title>" +
        XmlText(a.kind + ": " + a.line) +
        "</title>\n"
        "    <updated>" +
        IsoTime(a.created_at) +
        "</updated>\n"
        "    <category term=\"" +
        XmlText(a.kind) +
        "\"/>\n"
        "    <link rel=\"alternate\" type=\"text/html\" href=\"/#story=" +
        XmlText(PercentEncode(a.story_id)) +
        "\"/>\n"
        "    <summary>" +
        XmlText(story + ": " + a.line) +
        "</summary>\n"
        "    <content type=\"text\">" +
        XmlText(content) +
        "</content>\n"
        "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
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
