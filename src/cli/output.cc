// CLI output: tables and JSON. Tested through e2e_test.cc.
#include "output.h"

#include <algorithm>

namespace warta {
namespace {

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

// The first `max` code points of s, with "…" when cut; newlines and tabs
// become spaces so a cell stays on its row.
std::string Cell(const std::string& s, size_t max) {
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (n == max) {
        // Drop the last code point to make room for the ellipsis.
        size_t back = out.size();
        while (back > 0 && (static_cast<unsigned char>(out[back - 1]) & 0xC0) == 0x80) --back;
        if (back > 0) --back;
        out.resize(back);
        out += "\xE2\x80\xA6";
        return out;
      }
      ++n;
    }
    out.push_back(c == '\n' || c == '\t' || c == '\r' ? ' ' : static_cast<char>(c));
  }
  return out;
}

}  // namespace

Result<Format> ParseFormat(const std::string& name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "jsonl") return Format::kJsonl;
  if (name == "text") return Format::kText;
  return InvalidArgument("unknown format '" + name + "' (want table, json, jsonl or text)");
}

void Table::Print(std::ostream& out, size_t max_width) const {
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows_.size() + 1);
  auto add = [&](const std::vector<std::string>& row) {
    std::vector<std::string> r;
    for (const std::string& c : row) r.push_back(Cell(c, max_width));
    cells.push_back(std::move(r));
  };
  add(header_);
  for (const auto& row : rows_) add(row);
  std::vector<size_t> width(header_.size(), 0);
  for (const auto& row : cells) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], CodePoints(row[i]));
    }
  }
  for (const auto& row : cells) {
    std::string line;
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - CodePoints(row[i]) + 2, ' ');
    }
    out << line << '\n';
  }
}

std::string OrDash(const std::string& s) { return s.empty() ? "\xE2\x80\x94" : s; }

nlohmann::ordered_json MetadataJson(const Metadata& meta) {
  auto or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
  };
  nlohmann::ordered_json j;
  j["title"] = or_null(meta.title);
  j["author"] = or_null(meta.author);
  j["outlet"] = or_null(meta.outlet);
  j["dateline"] = or_null(meta.dateline);
  j["published"] = or_null(meta.published);
  j["modified"] = or_null(meta.modified);
  j["url"] = or_null(meta.url);
  j["lang"] = or_null(meta.lang);
  j["provenance"] = nlohmann::ordered_json::object();
  for (const auto& [field, from] : meta.provenance) j["provenance"][field] = from;
  return j;
}

nlohmann::ordered_json SummaryJson(const DocumentSummary& doc) {
  nlohmann::ordered_json j;
  j["id"] = doc.id;
  j["origin"] = doc.origin;
  j["kind"] = ContentKindName(doc.kind);
  j["content_hash"] = doc.content_hash;
  j.update(MetadataJson(doc.meta));
  j["content_bytes"] = doc.content_bytes;
  j["text_bytes"] = doc.text_bytes;
  j["ingested_at"] = doc.ingested_at;
  return j;
}

nlohmann::ordered_json DocumentJson(const Document& doc, bool with_content) {
  DocumentSummary summary;
  summary.id = doc.id;
  summary.origin = doc.origin;
  summary.content_hash = doc.content_hash;
  summary.kind = doc.kind;
  summary.meta = doc.meta;
  summary.content_bytes = static_cast<int64_t>(doc.content.size());
  summary.text_bytes = static_cast<int64_t>(doc.text.size());
  summary.ingested_at = doc.ingested_at;
  nlohmann::ordered_json j = SummaryJson(summary);
  j["text"] = doc.text;
  if (with_content) j["content"] = doc.content;
  return j;
}

std::string DumpJson(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void PrintJsonRows(std::ostream& out, const std::vector<nlohmann::ordered_json>& rows,
                   Format format) {
  if (format == Format::kJsonl) {
    for (const auto& r : rows) out << DumpJson(r) << '\n';
    return;
  }
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& r : rows) arr.push_back(r);
  out << DumpJson(arr, 2) << '\n';
}

}  // namespace warta
