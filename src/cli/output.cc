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

namespace {
constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
}  // namespace

TerminalSafeBuf::~TerminalSafeBuf() {
  if (held_c2_) out_->sputc(static_cast<char>(0xC2));
  out_->pubsync();
}

bool TerminalSafeBuf::Put(unsigned char c) {
  if (held_c2_) {
    held_c2_ = false;
    if (c >= 0x80 && c <= 0x9F) return out_->sputn(kReplacement, 3) == 3;
    if (out_->sputc(static_cast<char>(0xC2)) == traits_type::eof()) return false;
  }
  if (c == 0xC2) {
    held_c2_ = true;
    return true;
  }
  if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
    return out_->sputn(kReplacement, 3) == 3;
  }
  return out_->sputc(static_cast<char>(c)) != traits_type::eof();
}

TerminalSafeBuf::int_type TerminalSafeBuf::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  return Put(static_cast<unsigned char>(traits_type::to_char_type(ch))) ? ch : traits_type::eof();
}

std::streamsize TerminalSafeBuf::xsputn(const char* s, std::streamsize n) {
  for (std::streamsize i = 0; i < n; ++i) {
    if (!Put(static_cast<unsigned char>(s[i]))) return i;
  }
  return n;
}

int TerminalSafeBuf::sync() { return out_->pubsync(); }

}  // namespace warta
