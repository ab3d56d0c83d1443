// The plain data types that pipeline stages pass to each other.
//
//   read  -> RawArticle       (bytes as found, plus container metadata)
//   clean -> CleanArticle     (main text, offset map, metadata)
//   store <- Document         (both, with identity and content hash)
//
// Plain structs with value semantics: no stage holds a pointer into another
// stage's data. Thread-safety: values.
#ifndef WARTA_DOCUMENT_H_
#define WARTA_DOCUMENT_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "warta/offset_map.h"

namespace warta {

enum class ContentKind { kText, kHtml };
const char* ContentKindName(ContentKind kind);  // "text", "html"

// One article as a reader found it, before any cleaning.
struct RawArticle {
  // Document id: for a file, its base name; for a JSON Lines record, its
  // `id`, else its `url`, else "<file base name>:<line>"; escaped by
  // EscapeId (warta/read.h) so it is valid UTF-8 without control characters.
  std::string id;
  // Where it came from, for messages and provenance: a path, "path:LINE" for
  // a JSON Lines record, "path:record N at byte B" for a WARC record,
  // "path:item N" for a feed item, or "-" for standard input.
  std::string origin;
  // The article bytes exactly as read (after gzip, and converted to UTF-8
  // when the input opened with a UTF-16 or UTF-32 byte order mark). Offsets
  // in claims point into these bytes. May hold invalid UTF-8: cleaning
  // repairs it.
  std::string content;
  ContentKind kind = ContentKind::kText;
  // Metadata given by the container (JSON Lines fields, WARC headers, feed
  // elements); empty when absent. `published` is as the container gives it
  // (readers turn Unix seconds into a UTC date and RSS pubDate into ISO
  // 8601): often a full timestamp, which the cleaner reduces to the date as
  // written, or drops when it is not a date. `author` is the byline, several
  // authors joined with ", ".
  std::string url, outlet, published, title, lang, author;
  // The charset the container declares for `content` (the HTTP
  // Content-Type of a WARC response), lower case; empty when none. A hint
  // for page decoding: a BOM or the page's own declaration wins over it.
  std::string charset;
  // Invalid UTF-8 bytes the reader already replaced with U+FFFD (JSON Lines
  // records are repaired before parsing); reported, never silent.
  size_t repaired_bytes = 0;
};

// What cleaning learnt about an article. Empty strings mean unknown.
struct Metadata {
  std::string title;
  std::string author;     // byline
  std::string outlet;     // outlet or site name, as written
  std::string dateline;   // place in a dateline: "Kyiv" in "Liputan6.com, Kyiv -"
  std::string published;  // ISO date YYYY-MM-DD
  std::string modified;   // ISO date YYYY-MM-DD
  std::string url;        // canonical URL
  std::string lang;       // ISO 639-1 code
  // Where each known field came from: field name -> rule, such as
  // {"published", "text:day-date"} or {"outlet", "jsonl"}.
  std::map<std::string, std::string> provenance;
};

// The output of the clean stage.
struct CleanArticle {
  std::string text;  // valid UTF-8; paragraphs separated by a blank line
  OffsetMap map;     // text -> RawArticle::content
  Metadata meta;
  int removed_lines = 0;      // boilerplate lines dropped
  size_t repaired_bytes = 0;  // invalid UTF-8 bytes replaced with U+FFFD
  // Non-empty when there is nothing to store: "empty after cleaning", and
  // why a page could not be read when that is the cause.
  std::string error;
};

// A stored document.
struct Document {
  std::string id;
  std::string origin;
  std::string content_hash;  // 32 hex digits, XXH3-128 of `content`
  ContentKind kind = ContentKind::kText;
  std::string content;  // original bytes
  std::string text;     // clean text
  OffsetMap map;        // text -> content
  Metadata meta;
  int64_t ingested_at = 0;  // Unix seconds
  // Stems of `text` for the search index, space-separated (ingest fills it
  // for languages with our own stemmer: Indonesian). Indexed, not returned
  // by GetDocument.
  std::string index_stems;
};

}  // namespace warta

#endif  // WARTA_DOCUMENT_H_
