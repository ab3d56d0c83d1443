// OpenStore: picks the storage engine from the shape of the location (a
// postgresql:// or postgres:// URL for pg_store.cc, else a SQLite file path
// for sqlite_store.cc), plus the names of the enums the store writes
// (ContentKind, PutOutcome) and the display form of a location.
//
// Tested by store_test.cc.
#include "warta/store.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "pg_store.h"
#include "sqlite_store.h"
#include "store_internal.h"
#include "warta/document.h"
#include "warta/status.h"

namespace warta {

const char* ContentKindName(ContentKind kind) {
  switch (kind) {
    case ContentKind::kText:
      return "text";
    case ContentKind::kHtml:
      return "html";
  }
  return "unknown";
}

const char* PutOutcomeName(PutOutcome outcome) {
  switch (outcome) {
    case PutOutcome::kInserted:
      return "inserted";
    case PutOutcome::kUnchanged:
      return "unchanged";
    case PutOutcome::kDuplicate:
      return "duplicate";
    case PutOutcome::kUpdated:
      return "updated";
  }
  return "unknown";
}

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") ||
         location.starts_with("postgres://");
}

std::string StoreLocationForDisplay(const std::string& location) {
  return IsPostgresUrl(location) ? RedactPgUrl(location) : location;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, StoreAccess access) {
  std::string_view where = location;
  if (IsPostgresUrl(where)) {
    return OpenPgStore(location);
  }
  if (where.empty()) {
    return InvalidArgument("empty store location: give a SQLite file path");
  }
  return OpenSqliteStore(location, access);
}

Result<std::string> LanguagesToJson(const StoryRecord& story) {
  try {
    return nlohmann::json(story.languages).dump();
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument("story " + story.id +
                           ": languages cannot be stored as JSON: " + e.what());
  }
}

Result<std::vector<std::string>> LanguagesFromJson(const std::string& json,
                                                   const std::string& where,
                                                   const std::string& id) {
  std::vector<std::string> languages;
  try {
    for (const auto& language : nlohmann::json::parse(json)) {
      languages.push_back(language.get<std::string>());
    }
  } catch (const nlohmann::json::exception& e) {
    return DatabaseError(where + ": story " + id + ": stored languages are damaged: " + e.what());
  }
  return languages;
}

namespace {

// A cursor is the sort key of the last story of a page and its id: "ID"
// (by id), "SIZE,ID" or "LAST_SEEN,ID" (LAST_SEEN empty when undated); an
// ISO date and a number hold no comma, so the first comma ends the key.
struct StoryCursor {
  std::string key;
  std::string id;
};

Result<StoryCursor> ParseStoryCursor(const StoryQuery& q) {
  StoryCursor c;
  if (q.order == StoryOrder::kId) {
    c.id = q.after;
    return c;
  }
  const size_t comma = q.after.find(',');
  auto bad = [&] {
    return InvalidArgument("parameter 'after' is not the `next` of a page of this sort");
  };
  if (comma == std::string::npos) return bad();
  c.key = q.after.substr(0, comma);
  c.id = q.after.substr(comma + 1);
  if (q.order == StoryOrder::kSize &&
      (c.key.empty() || c.key.size() > 18 ||
       c.key.find_first_not_of("0123456789") != std::string::npos)) {
    return bad();
  }
  return c;
}

SqlParam IntParam(int64_t v) { return SqlParam{true, v, ""}; }
SqlParam TextParam(std::string v) { return SqlParam{false, 0, std::move(v)}; }

}  // namespace

Result<StoryPageSql> BuildStoryPageSql(const StoryQuery& query, const SqlDialect& dialect) {
  StoryPageSql out;
  std::vector<SqlParam>* params = nullptr;
  auto param = [&](SqlParam p) {
    params->push_back(std::move(p));
    std::string text = dialect.placeholder + std::to_string(params->size());
    if (params->back().is_int) text += dialect.int_cast;
    return text;
  };
  // The same expressions as the indexes of schema version 7.
  const std::string seen = std::string("COALESCE(last_seen, '')") + dialect.collate_c;
  const std::string needle = nlohmann::json(query.lang).dump();  // "en", with its quotes
  auto where = [&] {
    std::string w = " WHERE size > 0";
    if (!query.lang.empty()) {
      w += std::string(" AND ") + dialect.contains + "(languages, " + param(TextParam(needle)) +
           ") > 0";
    }
    return w;
  };

  params = &out.count_params;
  out.count = "SELECT COUNT(*) FROM stories" + where();

  params = &out.select_params;
  std::string sql =
      "SELECT id, label, size, first_seen, last_seen, languages FROM stories" + where();
  if (!query.after.empty()) {
    ASSIGN_OR_RETURN(StoryCursor c, ParseStoryCursor(query));
    switch (query.order) {
      case StoryOrder::kId:
        sql += " AND id > " + param(TextParam(c.id));
        break;
      case StoryOrder::kSize:
        sql += " AND (size, id) < (" + param(IntParam(std::stoll(c.key))) + ", " +
               param(TextParam(c.id)) + ")";
        break;
      case StoryOrder::kRecent:
        sql += " AND (" + seen + ", id) < (" + param(TextParam(c.key)) + ", " +
               param(TextParam(c.id)) + ")";
        break;
    }
  }
  switch (query.order) {
    case StoryOrder::kId:
      sql += " ORDER BY id";
      break;
    case StoryOrder::kSize:
      sql += " ORDER BY size DESC, id DESC";
      break;
    case StoryOrder::kRecent:
      sql += " ORDER BY " + seen + " DESC, id DESC";
      break;
  }
  const int64_t limit = static_cast<int64_t>(std::min<size_t>(query.limit, INT64_MAX - 1)) + 1;
  const int64_t offset = static_cast<int64_t>(std::min<size_t>(query.offset, INT64_MAX));
  sql += " LIMIT " + param(IntParam(limit));
  sql += " OFFSET " + param(IntParam(offset));
  out.select = std::move(sql);
  return out;
}

void FinishStoryPage(const StoryQuery& query, StoryPage* page) {
  page->next.clear();
  if (page->stories.size() <= query.limit) return;
  page->stories.resize(query.limit);
  if (page->stories.empty()) return;
  const StoryRecord& last = page->stories.back();
  switch (query.order) {
    case StoryOrder::kId:
      page->next = last.id;
      break;
    case StoryOrder::kSize:
      page->next = std::to_string(last.size) + "," + last.id;
      break;
    case StoryOrder::kRecent:
      page->next = last.last_seen + "," + last.id;
      break;
  }
}

}  // namespace warta
