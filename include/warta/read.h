// The read stage: turns paths into RawArticles.
//
//   warta::ReadOptions options;
//   warta::ReadInputs({"corpus/", "-"}, options,
//       [&](warta::RawArticle a) { ... },          // each article read
//       [&](const warta::ReadError& e) { ... });   // each input rejected
//
// Inputs: files, folders (recursively, in name order, hidden entries
// skipped), and "-" for standard input. Formats: plain text, HTML, JSON Lines
// (`id, url, outlet, published, title, lang, html|text`), each optionally
// gzip-compressed; the format is chosen by file name and confirmed by
// sniffing the bytes. A bad input (unreadable, empty, binary, truncated gzip,
// over the size limit, a malformed JSON line) is reported through the error
// callback and reading goes on with the next input or line.
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
  // (or JSON line) is rejected, not truncated.
  size_t max_article_bytes = 32u << 20;
};

struct ReadError {
  std::string input;  // path as given or found, "-" for stdin
  std::string where;  // "line 12", "byte 4096", or empty
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

// Reads a whole file, gunzipping it when it starts with the gzip magic bytes.
// Fails with kResourceExhausted past `max_bytes`, kDataLoss on a damaged
// stream.
Result<std::string> ReadFileBytes(const std::string& path, size_t max_bytes);

// Decompresses a complete gzip buffer with the same limit and errors.
Result<std::string> Gunzip(std::string_view bytes, size_t max_bytes);

// True when `bytes` look binary rather than text: a NUL byte, or many
// control characters, in the first 8 KiB.
bool LooksBinary(std::string_view bytes);

}  // namespace warta

#endif  // WARTA_READ_H_
