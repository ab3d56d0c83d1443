// What both storage engines share in private: how a story's languages are
// kept (a JSON array of strings in one column) and the SQL of a page of
// stories. Private to src/store.
#ifndef WARTA_SRC_STORE_STORE_INTERNAL_H_
#define WARTA_SRC_STORE_STORE_INTERNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "warta/status.h"
#include "warta/store.h"

namespace warta {

// A story's languages as a JSON array of strings, as stored.
Result<std::string> LanguagesToJson(const StoryRecord& story);
// The stored form back; a damaged one is kDatabase naming `where` (the
// database) and the story.
Result<std::vector<std::string>> LanguagesFromJson(const std::string& json,
                                                   const std::string& where,
                                                   const std::string& id);

// A page of stories (Store::ListStoryPage) as SQL: both engines run the
// same statements but for the dialect's placeholders, substring test and
// byte-order collation.
struct SqlDialect {
  const char* placeholder;  // "?" (SQLite: ?1) or "$" (PostgreSQL: $1)
  const char* int_cast;     // appended to an integer placeholder: "" or "::bigint"
  const char* contains;     // instr(haystack, needle) > 0, by its function name
  const char* collate_c;    // "" or " COLLATE \"C\"" (byte order, as SQLite's)
};

struct SqlParam {
  bool is_int = false;
  int64_t i = 0;
  std::string s;
};

struct StoryPageSql {
  std::string select;  // id, label, size, first_seen, last_seen, languages; limit + 1 rows
  std::vector<SqlParam> select_params;
  std::string count;  // one row: the total
  std::vector<SqlParam> count_params;
};

// The statements of `query`; a cursor that is not one of its order is
// kInvalidArgument.
Result<StoryPageSql> BuildStoryPageSql(const StoryQuery& query, const SqlDialect& dialect);

// Cuts the limit + 1 rows the select returned to the page and sets its
// `next` from the last story kept.
void FinishStoryPage(const StoryQuery& query, StoryPage* page);

}  // namespace warta

#endif  // WARTA_SRC_STORE_STORE_INTERNAL_H_
