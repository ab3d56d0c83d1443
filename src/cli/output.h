// Output helpers for the CLI: aligned tables and JSON renderings of stored
// documents. Table cells are measured in code points, so Indonesian and
// accented text lines up.
//
// Thread-safety: reentrant.
#ifndef WARTA_CLI_OUTPUT_H_
#define WARTA_CLI_OUTPUT_H_

#include <nlohmann/json.hpp>

#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "warta/doc_json.h"
#include "warta/document.h"
#include "warta/store.h"

namespace warta {

enum class Format { kTable, kJson, kJsonl, kText };

// Parses "table", "json", "jsonl" or "text".
Result<Format> ParseFormat(const std::string& name);

// A simple text table: header row, then rows; columns padded to the widest
// cell, each cell cut to `max_width` code points with "…".
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out, size_t max_width = 60) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Prints `value` (an array for json, one line per element for jsonl).
void PrintJsonRows(std::ostream& out, const std::vector<nlohmann::ordered_json>& rows,
                   Format format);

// JSON text of `j` with invalid UTF-8 replaced, never throwing.
std::string DumpJson(const nlohmann::ordered_json& j, int indent = -1);

// "—" for an empty string, else the string.
std::string OrDash(const std::string& s);

// Passes text through to another stream buffer with every control
// character a terminal would obey shown as U+FFFD instead: C0 controls but
// tab and newline, DEL, and the C1 controls U+0080..U+009F (UTF-8 C2 80 ..
// C2 9F). The CLI puts it in front of standard output when that is a
// terminal, so an article whose title holds "\x1b]0;pwned\x07" or "\x1b[2J"
// is printed, not obeyed; a pipe or file gets the bytes as stored.
class TerminalSafeBuf : public std::streambuf {
 public:
  explicit TerminalSafeBuf(std::streambuf* out) : out_(out) {}
  ~TerminalSafeBuf() override;

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  bool Put(unsigned char c);
  std::streambuf* out_;
  bool held_c2_ = false;  // a C2 byte whose next byte says whether it is C1
};

}  // namespace warta

#endif  // WARTA_CLI_OUTPUT_H_
