// OpenStore: picks the storage engine from the shape of the location (a
// postgresql:// or postgres:// URL for pg_store.cc, else a SQLite file path
// for sqlite_store.cc), plus the names of the enums the store writes
// (ContentKind, PutOutcome) and the display form of a location.
//
// Tested by store_test.cc.
#include "warta/store.h"

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

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

namespace {

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") ||
         location.starts_with("postgres://");
}

}  // namespace

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

}  // namespace warta
