// The clean stage: an article's main text and metadata.
//
// Plain text: boilerplate lines are removed by rules kept as per-language
// data (data/lang/<code>/boilerplate.tsv; the rule kinds are documented in
// that file), and metadata is read from the text: byline, dateline, outlet,
// publication date, title, language.
// HTML: libxml2's HTML parser; the title and the visible text of the page,
// then the same line rules.
//
// Every output carries an OffsetMap from the clean text to the bytes of
// RawArticle::content.
//
//   ASSIGN_OR_RETURN(auto cleaner, warta::Cleaner::Create(data));
//   warta::CleanArticle clean = cleaner->Clean(raw);
//
// Thread-safety: a Cleaner is immutable after Create; Clean may be called
// from several threads at once.
#ifndef WARTA_CLEAN_H_
#define WARTA_CLEAN_H_

#include <memory>
#include <string>
#include <string_view>

#include "warta/document.h"
#include "warta/lang_data.h"
#include "warta/status.h"

namespace warta {

class Cleaner {
 public:
  static Result<std::unique_ptr<Cleaner>> Create(const DataDir& data);
  virtual ~Cleaner() = default;

  // Never fails: damaged input yields less text, not an error. Text with
  // nothing left to read (empty, or only white space and invisible format
  // characters such as byte order marks) comes with CleanArticle::error
  // "empty after cleaning", followed by the page's own error when there is
  // one ("empty after cleaning: binary content, not an HTML page"); the
  // Ingester refuses to store it. A UTF-8 byte order mark at the start of a
  // text is not part of the text. Container metadata in `raw` (JSON Lines
  // fields, feed elements, WARC headers) wins over what the page and the
  // text suggest.
  virtual CleanArticle Clean(const RawArticle& raw) const = 0;
};

}  // namespace warta

#endif  // WARTA_CLEAN_H_
