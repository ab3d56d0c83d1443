#include "warta/lang_data.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace warta {
namespace fs = std::filesystem;

namespace {

std::string ExecutableDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return exe.parent_path().string();
}

bool HasLang(const fs::path& root) {
  std::error_code ec;
  return fs::is_directory(root / "lang", ec);
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

Result<DataDir> DataDir::At(const std::string& root) {
  if (!HasLang(root)) {
    return NotFound("data folder " + root + " has no lang/ folder");
  }
  DataDir d;
  d.root_ = root;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(root) / "lang", ec)) {
    if (entry.is_directory()) d.languages_.push_back(entry.path().filename().string());
  }
  if (ec) return IoError("cannot list " + root + "/lang: " + ec.message());
  std::sort(d.languages_.begin(), d.languages_.end());
  return d;
}

Result<DataDir> DataDir::Find(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return At(explicit_dir);
  if (const char* env = std::getenv("WARTA_DATA_DIR"); env && *env) return At(env);
  std::vector<fs::path> candidates;
  std::string exe_dir = ExecutableDir();
  if (!exe_dir.empty()) {
    fs::path e(exe_dir);
    candidates.push_back(e / "data");
    candidates.push_back(e.parent_path() / "data");
    candidates.push_back(e.parent_path() / "share" / "warta" / "data");
    candidates.push_back(e.parent_path().parent_path() / "data");
  }
#ifdef WARTA_SOURCE_DATA_DIR
  candidates.push_back(WARTA_SOURCE_DATA_DIR);
#endif
  for (const fs::path& c : candidates) {
    if (HasLang(c)) return At(c.string());
  }
  return NotFound(
      "cannot find Warta's data folder (with lang/ in it); set "
      "WARTA_DATA_DIR or pass --data");
}

Result<std::vector<std::string>> DataDir::ReadLines(
    const std::string& lang, const std::string& file) const {
  fs::path p = fs::path(root_) / "lang" / lang / file;
  std::vector<std::string> lines;
  std::error_code ec;
  if (!fs::exists(p, ec)) return lines;
  std::ifstream in(p, std::ios::binary);
  if (!in) return IoError("cannot open " + p.string());
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    // Keep inner tabs for TSV: trim only the ends.
    lines.push_back(t);
  }
  return lines;
}

Result<std::vector<std::vector<std::string>>> DataDir::ReadTsv(
    const std::string& lang, const std::string& file) const {
  ASSIGN_OR_RETURN(std::vector<std::string> lines, ReadLines(lang, file));
  std::vector<std::vector<std::string>> rows;
  rows.reserve(lines.size());
  for (const std::string& line : lines) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(Trim(col));
    rows.push_back(std::move(cols));
  }
  return rows;
}

Result<std::vector<DataDir::Row>> DataDir::ReadTable(const std::string& relative_path) const {
  fs::path p = fs::path(root_) / relative_path;
  std::vector<Row> rows;
  std::error_code ec;
  if (!fs::exists(p, ec)) return rows;
  std::ifstream in(p, std::ios::binary);
  if (!in) return IoError("cannot open " + p.string());
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    Row row{number, {}};
    for (size_t start = 0;;) {
      size_t tab = line.find('\t', start);
      row.fields.push_back(Trim(line.substr(start, tab == std::string::npos ? tab : tab - start)));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string DataDir::SampleCorpus() const {
  return (fs::path(root_) / "corpus" / "seeds").string();
}

}  // namespace warta
