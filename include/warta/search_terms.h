// Search terms: the stems that the search index holds beside the text.
//
// Both engines' full-text indexes stem English themselves (FTS5 porter,
// PostgreSQL's 'english' configuration); neither knows Indonesian. For
// languages that only Warta stems, ingest stores the stems of the text in
// Document::index_stems, and a query passes the stems of its words in
// SearchQuery::stems, so "pengiriman" finds "dikirim" (both "kirim").
//
//   ASSIGN_OR_RETURN(auto terms, warta::SearchTerms::Create(data));
//   doc.index_stems = terms->IndexStems(doc.text, doc.meta.lang);
//   query.stems = terms->QueryStems(query.text);
//
// Thread-safety: NOT thread-safe (stemmers keep state); Clone() one per
// thread.
#ifndef WARTA_SEARCH_TERMS_H_
#define WARTA_SEARCH_TERMS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "warta/lang_data.h"
#include "warta/stem.h"
#include "warta/status.h"

namespace warta {

class SearchTerms {
 public:
  // The languages stemmed by Warta for search: "id".
  static Result<std::unique_ptr<SearchTerms>> Create(const DataDir& data);
  std::unique_ptr<SearchTerms> Clone() const;

  // Space-separated stems of the word tokens of `text`, each distinct stem
  // once, in order of first appearance, when `lang` is stemmed by Warta;
  // "" otherwise (the engine's own index covers the language).
  std::string IndexStems(std::string_view text, std::string_view lang);

  // The words of `query` as written, split the way the engines split text
  // (runs of letters and digits: "KN-23" is two words, "Jum'at" too).
  // Joined by spaces they make a SearchQuery::text whose words are these.
  static std::vector<std::string> QueryWords(std::string_view query);

  // One stem per word of `query` (QueryWords): the Indonesian stem, or the
  // folded word itself when no rule applies.
  std::vector<std::string> QueryStems(std::string_view query);

 private:
  explicit SearchTerms(std::unique_ptr<Stemmer> id_stemmer);
  std::unique_ptr<Stemmer> id_stemmer_;
};

}  // namespace warta

#endif  // WARTA_SEARCH_TERMS_H_
