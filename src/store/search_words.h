// The words of a search query, shared by the storage engines: private to
// src/store.
//
// A query's words are its whitespace-separated parts. Words that hold no
// letter or digit (a lone dash, quotes, an ellipsis) are dropped, since no
// index holds them and a phrase with no token would make the whole AND match
// nothing. Each word keeps its stem from SearchQuery::stems (the stem of word
// i is stems[i]; extra or missing stems are ignored).
//
// Thread-safety: pure functions.
#ifndef WARTA_SRC_STORE_SEARCH_WORDS_H_
#define WARTA_SRC_STORE_SEARCH_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "warta/status.h"
#include "warta/store.h"

namespace warta {

struct SearchWord {
  std::string word;
  std::string stem;  // "" when none was given
};

std::vector<SearchWord> SearchWords(std::string_view text, const std::vector<std::string>& stems);

// The words a search for `query` must match (Store::Search): a query of
// white space only is kInvalidArgument; no words (nothing to find, or
// query.limit 0) means no hits.
Result<std::vector<SearchWord>> QueryWords(const SearchQuery& query);

// `word` as an FTS5 string: in double quotes, each quote doubled, so that
// it is matched as text (a phrase of its tokens), never read as syntax.
std::string Fts5Quote(std::string_view word);

}  // namespace warta

#endif  // WARTA_SRC_STORE_SEARCH_WORDS_H_
