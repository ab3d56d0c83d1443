// Loading data/page/: scoring weights and word lists for page extraction.
//
// Every file is UTF-8 text, '#' starts a comment line, blank lines are
// ignored. A missing file leaves built-in defaults (so a DataDir without
// page/ still extracts text, with fewer hints).
//
// Tested by page_test.cc.
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "page_internal.h"

namespace warta {
namespace page_internal {
namespace {

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
    --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

// Lines of data/page/<name>; a missing file gives no lines.
Result<std::vector<std::string>> ReadPageLines(const DataDir& data,
                                               const std::string& name) {
  std::vector<std::string> lines;
  std::string path = data.root() + "/page/" + name;
  std::ifstream in(path);
  if (!in) return lines;
  std::string line;
  while (std::getline(in, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    lines.push_back(line);
  }
  if (in.bad()) return IoError("cannot read " + path);
  return lines;
}

// Lower-case words of each language folder's `name`, then of
// data/page/<name>, appended to `out`.
Status ReadLabels(const DataDir& data, const std::string& name,
                  std::vector<std::string>* out) {
  for (const std::string& lang : data.Languages()) {
    ASSIGN_OR_RETURN(std::vector<std::string> words, data.ReadLines(lang, name));
    for (const std::string& w : words) out->push_back(LowerUtf8(w));
  }
  ASSIGN_OR_RETURN(std::vector<std::string> words, ReadPageLines(data, name));
  for (const std::string& w : words) out->push_back(LowerUtf8(w));
  return Status::Ok();
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.push_back(Trim(line.substr(start, tab == std::string::npos
                                              ? std::string::npos
                                              : tab - start)));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

}  // namespace

std::string LowerUtf8(std::string_view s) {
  // ASCII plus the Latin-1 capitals (U+00C0..U+00DE, as C3 80..C3 9E):
  // enough for matching short boilerplate lines; not a full case fold.
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

void HintWords::Add(const std::string& word) {
  if (word.empty()) return;
  if (word[0] == '=') {
    if (word.size() > 1) exact_.push_back(word.substr(1));
    return;
  }
  by_first_[static_cast<unsigned char>(word[0])].push_back(word);
  if (word.size() == 1) {
    short_word_ = true;
  } else {
    opens_[static_cast<unsigned char>(word[0]) << 8 |
           static_cast<unsigned char>(word[1])] = true;
  }
}

// Measured on clean-dev: class/id matching with one std::string::find per
// word took about 8% of extraction time (perf); one pass over the names,
// testing the words bucketed under the first byte only where the first two
// bytes open some word, about 3% (callgrind).
bool HintWords::Matches(std::string_view names,
                        const std::vector<std::string_view>& tokens) const {
  for (const std::string& e : exact_) {
    for (std::string_view t : tokens) {
      if (t == e) return true;
    }
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (!short_word_ &&
        (i + 1 == names.size() ||
         !opens_[static_cast<unsigned char>(names[i]) << 8 |
                 static_cast<unsigned char>(names[i + 1])]))
      continue;
    const auto& bucket = by_first_[static_cast<unsigned char>(names[i])];
    for (const std::string& w : bucket) {
      if (w.size() <= names.size() - i &&
          std::memcmp(names.data() + i, w.data(), w.size()) == 0)
        return true;
    }
  }
  return false;
}

Result<Config> LoadConfig(const DataDir& data) {
  Config config;
  ASSIGN_OR_RETURN(std::vector<std::string> weights,
                   ReadPageLines(data, "weights.tsv"));
  for (const std::string& line : weights) {
    std::vector<std::string> cols = SplitTabs(line);
    if (cols.size() < 2) {
      return InvalidArgument("data/page/weights.tsv: expected NAME<TAB>VALUE: " +
                             line);
    }
    char* end = nullptr;
    double v = std::strtod(cols[1].c_str(), &end);
    if (end == cols[1].c_str()) {
      return InvalidArgument("data/page/weights.tsv: not a number: " + line);
    }
    config.weights[cols[0]] = v;
  }
  ASSIGN_OR_RETURN(std::vector<std::string> neg,
                   ReadPageLines(data, "hints_negative.txt"));
  for (const std::string& w : neg) config.negative_hints.Add(Lower(w));
  ASSIGN_OR_RETURN(std::vector<std::string> strong,
                   ReadPageLines(data, "hints_strong_negative.txt"));
  for (const std::string& w : strong)
    config.strong_negative_hints.Add(Lower(w));
  ASSIGN_OR_RETURN(std::vector<std::string> pos,
                   ReadPageLines(data, "hints_positive.txt"));
  for (const std::string& w : pos) config.positive_hints.Add(Lower(w));
  ASSIGN_OR_RETURN(std::vector<std::string> ignore,
                   ReadPageLines(data, "hints_ignore_prefixes.txt"));
  for (const std::string& w : ignore)
    config.hint_ignore_prefixes.push_back(Lower(w));
  // Hint words that open with a taxonomy prefix ("post-author" with
  // "post-"): names that begin with them are hints, not taxonomy.
  for (const auto* list : {&neg, &strong, &pos}) {
    for (const std::string& w : *list) {
      std::string lw = Lower(w);
      for (const std::string& prefix : config.hint_ignore_prefixes) {
        if (lw.size() > prefix.size() && lw.compare(0, prefix.size(), prefix) == 0)
          config.hint_prefixed_words.push_back(lw);
      }
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> exceptions,
                   ReadPageLines(data, "hints_not.txt"));
  for (const std::string& w : exceptions)
    config.hint_exceptions.push_back(Lower(w));
  ASSIGN_OR_RETURN(std::vector<std::string> boiler,
                   ReadPageLines(data, "boilerplate.txt"));
  for (const std::string& w : boiler) {
    if (w.size() > 2 && w.front() == '*' && w.back() == '*') {
      config.boilerplate_infixes.push_back(LowerUtf8(w.substr(1, w.size() - 2)));
    } else if (w.size() > 1 && w.front() == '*') {
      config.boilerplate_suffixes.push_back(LowerUtf8(w.substr(1)));
    } else if (w.size() > 1 && w.back() == '*') {
      config.boilerplate_prefixes.push_back(LowerUtf8(w.substr(0, w.size() - 1)));
    } else {
      config.boilerplate_lines.insert(LowerUtf8(w));
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> stops,
                   ReadPageLines(data, "section_stop.txt"));
  for (const std::string& w : stops) {
    if (w.size() > 1 && w.back() == '*') {
      config.section_stop_prefixes.push_back(LowerUtf8(w.substr(0, w.size() - 1)));
    } else {
      config.section_stops.insert(LowerUtf8(w));
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> cta,
                   ReadPageLines(data, "calls_to_action.txt"));
  for (const std::string& w : cta) config.calls_to_action.push_back(LowerUtf8(w));
  ASSIGN_OR_RETURN(std::vector<std::string> labels,
                   ReadPageLines(data, "date_labels.txt"));
  for (const std::string& w : labels) config.date_labels.push_back(LowerUtf8(w));
  ASSIGN_OR_RETURN(std::vector<std::string> date_words,
                   ReadPageLines(data, "date_words.tsv"));
  for (const std::string& line : date_words) {
    std::vector<std::string> cols = SplitTabs(line);
    std::vector<std::string>* list =
        cols.size() < 2            ? nullptr
        : cols[0] == "ordinal"     ? &config.date_ordinals
        : cols[0] == "join"        ? &config.date_joiners
        : cols[0] == "year"        ? &config.date_year_marks
        : cols[0] == "month"       ? &config.date_month_marks
        : cols[0] == "day"         ? &config.date_day_marks
        : cols[0] == "clock"       ? &config.date_clock_marks
                                   : nullptr;
    if (list == nullptr) {
      return InvalidArgument(
          "data/page/date_words.tsv: expected "
          "ordinal|join|year|month|day|clock"
          "<TAB>WORD: " + line);
    }
    list->push_back(LowerUtf8(cols[1]));
  }
  // Caption and "read also" labels: each language folder's file, then
  // data/page/'s for languages that have no folder yet.
  RETURN_IF_ERROR(ReadLabels(data, "caption_labels.txt", &config.caption_labels));
  RETURN_IF_ERROR(ReadLabels(data, "read_also.txt", &config.read_also_labels));
  ASSIGN_OR_RETURN(std::vector<std::string> byline,
                   ReadPageLines(data, "byline.txt"));
  for (const std::string& w : byline) config.byline_prefixes.push_back(Lower(w));
  // Month names: each language folder's months.tsv (MONTH<TAB>NAME[<TAB>
  // FLAGS], shared with the text stage: "8<TAB>Agustus"), then
  // data/page/months.tsv for languages that have no folder yet
  // (NAME<TAB>MONTH: "oktober<TAB>10"). A page's date is a month name
  // between a day and a year, so the text stage's flags ("cap", "abbr")
  // do not matter here. One table for all: a name is a month in whatever
  // language the page is.
  for (const std::string& lang : data.Languages()) {
    ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lang, "months.tsv"));
    for (const auto& row : rows) {
      if (row.size() < 2) continue;
      int m = std::atoi(row[0].c_str());
      if (m >= 1 && m <= 12) config.months[LowerUtf8(row[1])] = m;
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> months,
                   ReadPageLines(data, "months.tsv"));
  for (const std::string& line : months) {
    std::vector<std::string> cols = SplitTabs(line);
    if (cols.size() < 2) continue;
    int m = std::atoi(cols[1].c_str());
    if (m >= 1 && m <= 12) config.months[LowerUtf8(cols[0])] = m;
  }
  ASSIGN_OR_RETURN(std::vector<std::string> date_meta,
                   ReadPageLines(data, "date_meta.tsv"));
  for (const std::string& line : date_meta) {
    std::vector<std::string> cols = SplitTabs(line);
    if (cols.size() < 2 || (cols[1] != "published" && cols[1] != "modified" &&
                            cols[1] != "published-late")) {
      return InvalidArgument(
          "data/page/date_meta.tsv: expected "
          "KEY<TAB>published|published-late|modified: " + line);
    }
    config.date_meta.emplace_back(Lower(cols[0]), cols[1]);
  }
  {
    std::time_t now = std::time(nullptr) + 24 * 3600;
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[16];
    std::strftime(buf, sizeof(buf), "%Y-%m-%d", &utc);
    config.latest_date = buf;
  }
  config.max_bytes = static_cast<size_t>(
      config.Weight("max_page_bytes", static_cast<double>(config.max_bytes)));
  return config;
}

bool Config::IsClockLine(std::string_view line) const {
  size_t i = 0;
  size_t hour = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i, ++hour;
  if (hour == 0 || hour > 2 || i + 3 > line.size() || line[i] != ':' ||
      line[i + 1] < '0' || line[i + 1] > '5' || line[i + 2] < '0' ||
      line[i + 2] > '9')
    return false;
  i += 3;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i == line.size()) return true;
  std::string_view rest = line.substr(i);
  for (const std::string& mark : date_clock_marks) {
    if (rest == mark) return true;
  }
  return false;
}

size_t Config::DateLabelAt(std::string_view line) const {
  size_t best = 0;
  for (const std::string& label : date_labels) {
    if (label.size() <= best || !line.starts_with(label)) continue;
    size_t i = label.size();
    // A label ends a word: "posted" is not the start of "postedit".
    if (i < line.size() && ((line[i] >= 'a' && line[i] <= 'z') ||
                            static_cast<unsigned char>(line[i]) >= 0x80))
      continue;
    best = i;
  }
  return best;
}

namespace {

// True when `line` opens with one of `labels` as a whole word ("bild" does
// not open "bilder"; a label ending in '.' is an abbreviation), then, when
// `numbered`, an optional figure number ("4", "2a", "3.1"), then a colon.
bool LabelAndColon(std::string_view line, const std::vector<std::string>& labels,
                   bool numbered) {
  for (const std::string& label : labels) {
    if (!line.starts_with(label)) continue;
    size_t i = label.size();
    if (label.back() != '.' && i < line.size() &&
        ((line[i] >= 'a' && line[i] <= 'z') ||
         static_cast<unsigned char>(line[i]) >= 0x80))
      continue;
    while (i < line.size() && line[i] == ' ') ++i;
    if (numbered) {
      size_t digits = i;
      while (i < line.size() && ((line[i] >= '0' && line[i] <= '9') ||
                                 (line[i] == '.' && i > digits)))
        ++i;
      if (i > digits && i < line.size() && line[i] >= 'a' && line[i] <= 'z') ++i;
      while (i < line.size() && line[i] == ' ') ++i;
    }
    if (i < line.size() && line[i] == ':') return true;
  }
  return false;
}

}  // namespace

bool Config::IsCaptionLine(std::string_view line) const {
  return LabelAndColon(line, caption_labels, /*numbered=*/true);
}

bool Config::IsReadAlsoLine(std::string_view line) const {
  return LabelAndColon(line, read_also_labels, /*numbered=*/false);
}

}  // namespace page_internal
}  // namespace warta
