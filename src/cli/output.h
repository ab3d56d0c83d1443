// Output helpers for the CLI: aligned tables and JSON renderings of stored
// documents. Table cells are measured in code points, so Indonesian and
// accented text lines up.
//
// Thread-safety: reentrant.
#ifndef WARTA_CLI_OUTPUT_H_
#define WARTA_CLI_OUTPUT_H_

#include <nlohmann/json.hpp>

#include <ostream>
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

}  // namespace warta

#endif  // WARTA_CLI_OUTPUT_H_
