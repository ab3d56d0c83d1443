// The read stage: turns paths into RawArticles.
//
//   warta::ReadOptions options;
//   warta::ReadInputs({"corpus/", "crawl.warc.gz", "-"}, options,
//       [&](warta::RawArticle a) { ... },          // each article read
//       [&](const warta::ReadError& e) { ... });   // each input rejected
//
// Inputs: files, folders (recursively, in name order, hidden entries
// skipped), and "-" for standard input. Formats (docs/formats.md), each
// optionally gzip-compressed:
//   - plain text and HTML: one article per file, id = the file's base name;
//   - JSON Lines (`id, url, outlet, published, title, lang, author,
//     html|text`): one article per line, origin "path:LINE";
//   - WARC and WARC.gz, as Common Crawl's news crawl publishes them (one
//     gzip member per record): one article per `response` record holding an
//     HTML page with status 200, id = url = WARC-Target-URI, origin
//     "path:record N at byte B", charset from the HTTP Content-Type; other
//     records are skipped;
//   - RSS 2.0, RSS 1.0 and Atom feeds: one article per item or entry, id =
//     its link (else guid or Atom id), origin "path:item N", with title,
//     publication date (ISO 8601), authors, outlet (the feed's title) and
//     language.
// The format is chosen by file name (.txt .text, .html .htm .xhtml, .jsonl
// .ndjson, .warc, .rss .atom, and .xml whose root element is a feed; ".gz"
// dropped first) and otherwise sniffed from the bytes; gzip by its magic
// bytes whatever the name. For WARC records and feed items, `content` is the
// page or item text itself (HTTP headers stripped, transfer and content
// encodings undone), so claim offsets point into it, not into the file.
// An input that opens with a UTF-16 or UTF-32 byte order mark is converted
// to UTF-8 (the mark dropped) before anything else reads it; `content` is
// then the converted bytes.
//
// Ids are valid UTF-8 without control characters (EscapeId), whatever the
// name they come from, so every stored id can be listed and asked for again.
//
// A bad input (unreadable, empty, binary, truncated gzip, over the size
// limit, a malformed JSON line, a damaged WARC record or gzip member, a
// malformed feed) is reported through the error callback, with the line,
// record or item it concerns in ReadError::where, and reading goes on with
// the next line, record, item or input; what was read before the damage is
// kept. Memory is bounded by one article whatever the input's size: JSON
// Lines, WARC and feeds stream.
//
// Thread-safety: ReadInputs is reentrant; callbacks run on the calling thread.
#ifndef WARTA_READ_H_
#define WARTA_READ_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "warta/document.h"
#include "warta/status.h"

namespace warta {

struct ReadOptions {
  // Largest article accepted, in bytes after decompression. A larger input
  // (JSON line, WARC payload, feed item) is rejected, not truncated.
  size_t max_article_bytes = 32u << 20;
};

struct ReadError {
  std::string input;  // path as given or found, "-" for stdin
  // Where in the input: "line 12" (JSON Lines, or an XML error's line),
  // "record 3 at byte 4096" (WARC; in a .warc.gz the byte is the offset of
  // the record's gzip member), "item 2 at line 40" (feeds), or empty.
  std::string where;
  Status status;
  // "corpus/a.jsonl: line 12: invalid argument: malformed JSON: ..."
  std::string ToString() const;
};

using ArticleFn = std::function<void(RawArticle)>;
using ReadErrorFn = std::function<void(const ReadError&)>;

// Reads every input named by `paths`. Returns the number of articles passed
// to `on_article`.
size_t ReadInputs(const std::vector<std::string>& paths,
                  const ReadOptions& options, const ArticleFn& on_article,
                  const ReadErrorFn& on_error);

// Reads `bytes` as ReadInputs reads a file named `name`: the name's
// extension chooses the format ("-" or none: sniffed), ReadError::input and
// the articles' origins start with `name`. For bytes that never were a file,
// such as a request body. `bytes` is only read during the call.
size_t ReadBytes(std::string_view bytes, const std::string& name,
                 const ReadOptions& options, const ArticleFn& on_article,
                 const ReadErrorFn& on_error);

// Reads a whole file, gunzipping it when it starts with the gzip magic bytes.
// Fails with kResourceExhausted past `max_bytes`, kDataLoss on a damaged
// stream.
Result<std::string> ReadFileBytes(const std::string& path, size_t max_bytes);

// Decompresses a complete gzip buffer with the same limit and errors.
Result<std::string> Gunzip(std::string_view bytes, size_t max_bytes);

// True when `bytes` look binary rather than text: a NUL byte, or many
// control characters, in the first 8 KiB.
bool LooksBinary(std::string_view bytes);

// The document id for a name (a file's base name, a JSON Lines `id` or
// `url`, a feed item's link): each byte that is not part of valid UTF-8,
// each control character (U+0000-U+001F, U+007F-U+009F) and the backslash
// itself become "\xHH", the byte in upper-case hex; everything else is kept.
//   "a\nb.txt"      -> "a\x0Ab.txt"
//   "caf\xE9.txt"   -> "caf\xE9.txt"   (the Latin-1 byte E9, as 4 characters)
//   "C:\\dir"       -> "C:\x5Cdir"
// UnescapeId(EscapeId(name)) == name for every name.
std::string EscapeId(std::string_view name);
// The name an id was made from: "\xHH" becomes the byte HH; any other text
// is kept as it is.
std::string UnescapeId(std::string_view id);

}  // namespace warta

#endif  // WARTA_READ_H_
