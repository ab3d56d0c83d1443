// SearchTerms: stems for the search index. Tested in search_terms_test.cc.
#include "warta/search_terms.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <unordered_set>

#include "warta/segment.h"

namespace warta {
namespace {

// Splits `text` into runs of letters and digits (the words of FTS5's
// unicode61 tokenizer and of PostgreSQL's parser, near enough), folded or
// as written.
std::vector<std::string> AlnumRuns(std::string_view text, bool fold = true) {
  std::vector<std::string> out;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t start = -1;
  auto flush = [&](int32_t end) {
    if (start >= 0) {
      std::string_view run = text.substr(start, end - start);
      out.push_back(fold ? FoldCase(run) : std::string(run));
    }
    start = -1;
  };
  while (i < n) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    bool alnum = c >= 0 && (u_isalpha(c) || u_isdigit(c) || u_hasBinaryProperty(c, UCHAR_DIACRITIC));
    if (alnum) {
      if (start < 0) start = at;
    } else {
      flush(at);
    }
  }
  flush(n);
  return out;
}

}  // namespace

SearchTerms::SearchTerms(std::unique_ptr<Stemmer> id_stemmer)
    : id_stemmer_(std::move(id_stemmer)) {}

Result<std::unique_ptr<SearchTerms>> SearchTerms::Create(const DataDir& data) {
  ASSIGN_OR_RETURN(std::unique_ptr<Stemmer> id, NewStemmer(data, "id"));
  return std::unique_ptr<SearchTerms>(new SearchTerms(std::move(id)));
}

std::unique_ptr<SearchTerms> SearchTerms::Clone() const {
  return std::unique_ptr<SearchTerms>(new SearchTerms(id_stemmer_->Clone()));
}

std::string SearchTerms::IndexStems(std::string_view text, std::string_view lang) {
  if (lang != "id") return "";
  std::string out;
  std::unordered_set<std::string> seen;
  for (const std::string& word : AlnumRuns(text)) {
    std::string stem = id_stemmer_->Stem(word);
    if (!seen.insert(stem).second) continue;
    if (!out.empty()) out += ' ';
    out += stem;
  }
  return out;
}

std::vector<std::string> SearchTerms::QueryWords(std::string_view query) {
  return AlnumRuns(query, false);
}

std::vector<std::string> SearchTerms::QueryStems(std::string_view query) {
  std::vector<std::string> out = AlnumRuns(query);
  for (std::string& word : out) word = id_stemmer_->Stem(word);
  return out;
}

}  // namespace warta
