// What both storage engines share in private: how a story's languages are
// kept (a JSON array of strings in one column). Private to src/store.
#ifndef WARTA_SRC_STORE_STORE_INTERNAL_H_
#define WARTA_SRC_STORE_STORE_INTERNAL_H_

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

}  // namespace warta

#endif  // WARTA_SRC_STORE_STORE_INTERNAL_H_
