// Boilerplate line rules.
//
// A plain-text article is a list of lines. Each rule marks lines removed; the
// lines that remain are joined into paragraphs, and every kept byte is
// mapped back to the input. The rules, in the order they run:
//
//   section  "Internasional" as one of the first three lines
//   byline   "Penulis: Ani" -> author "Ani"; "Yopi Makdori — Asumsi.co"
//            -> author and outlet (language-independent, in code)
//   list     "Baca Juga:" and the headlines after it, up to a sentence
//   prefix   "Share: Intelijen Korsel Sebut ..."
//   line     "Advertisement"
//   caption  "featured image" and the credit line after it
//   repeat   a caption printed twice, the second time with "(AFP via Getty)"
//   appeal   donation appeals in a run at the start or end of the article
//   credit   "Reuters contributed to this report" near the end
//
// Kept lines are joined with a blank line between paragraphs; a line that
// does not end a sentence and is followed by one starting in lower case is a
// hard wrap and is joined with a space.
//
// Tested by boilerplate_test.cc.
#include "boilerplate.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "warta/text.h"

namespace warta {
namespace {

enum class Kind { kLine, kPrefix, kList, kCaption, kSection, kByline };

struct KeyRule {
  Kind kind;
  std::string key;   // LineKey of the pattern
  std::string text;  // the pattern as written (prefix and byline match it raw)
};

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view TrimView(std::string_view s) {
  // ASCII blanks and U+00A0 (C2 A0), which pasted web text is full of.
  for (;;) {
    if (!s.empty() && IsSpace(s.front())) {
      s.remove_prefix(1);
    } else if (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0') {
      s.remove_prefix(2);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && IsSpace(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && s[s.size() - 2] == '\xC2' && s.back() == '\xA0') {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

// A line that is only a bullet, or starts with one: "-", "•", "*", "–", "—".
bool IsBulletOnly(std::string_view line) {
  return line == "-" || line == "*" || line == "\xE2\x80\xA2" ||
         line == "\xE2\x80\x93" || line == "\xE2\x80\x94";
}
bool StartsWithBullet(std::string_view line) {
  for (std::string_view b : {"- ", "* ", "\xE2\x80\xA2 ", "\xE2\x80\x93 "}) {
    if (line.substr(0, b.size()) == b) return true;
  }
  return false;
}

// Length of the last label of a domain: 2 for "asumsi.co".
size_t TopLevelDomainLength(const std::string& domain) {
  size_t dot = domain.rfind('.');
  return dot == std::string::npos ? domain.size() : domain.size() - dot - 1;
}

struct Line {
  size_t begin = 0, end = 0;  // trimmed span in the input
  std::string_view view;
  std::string key;
  bool blank = true;
  bool removed = false;
  std::string rule;
};

// True for a line of the page's user interface printed inside the text: a
// call to action or a label set in capitals, "SCROLL TO CONTINUE WITH
// CONTENT", "ADVERTISEMENT", "BACA SELENGKAPNYA". Running text is never set
// all in capitals; a heading that is gets dropped with it only when it holds
// no digit (so "12 TEWAS DALAM BANJIR" stays) and does not end like a
// sentence or lead into the next line ("KYIV —", "UPDATE:"). The rule needs
// two capital letters and no lower-case one; a line in a script without case
// (or with letters this check does not know the case of) is never matched.
bool IsCapitalisedUiLine(std::string_view line) {
  if (line.empty() || line.size() > 120 || LooksLikeSentence(line)) return false;
  const char last = line.back();
  if (last == ':' || last == '-' || last == ',' || last == ';' || last == '!' || last == '?') {
    return false;
  }
  for (std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94"}) {  // en and em dash
    if (line.size() >= dash.size() && line.substr(line.size() - dash.size()) == dash) return false;
  }
  int capitals = 0;
  for (size_t i = 0; i < line.size();) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      if (c >= 'a' && c <= 'z') return false;
      if (c >= '0' && c <= '9') return false;
      if (c >= 'A' && c <= 'Z') ++capitals;
      ++i;
      continue;
    }
    // Two- and three-byte sequences: Latin-1 capitals count, typographic
    // quotes, dashes, ellipsis and no-break space are neutral, anything
    // else may be a lower-case letter.
    uint32_t cp = 0;
    size_t n = 0;
    if ((c & 0xE0) == 0xC0 && i + 1 < line.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(line[i + 1]) & 0x3Fu);
      n = 2;
    } else if ((c & 0xF0) == 0xE0 && i + 2 < line.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(line[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(line[i + 2]) & 0x3Fu);
      n = 3;
    } else {
      return false;
    }
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
      ++capitals;
    } else if (!(cp == 0xA0 || cp == 0x2013 || cp == 0x2014 || cp == 0x2018 || cp == 0x2019 ||
                 cp == 0x201C || cp == 0x201D || cp == 0x2026)) {
      return false;
    }
    i += n;
  }
  return capitals >= 2;
}

}  // namespace

std::string LineKey(std::string_view line) {
  std::string key;
  for (const std::string& w : SimpleWords(line)) {
    if (!key.empty()) key.push_back(' ');
    key += w;
  }
  return key;
}

bool LooksLikeSentence(std::string_view line) {
  line = TrimView(line);
  if (line.size() > 160) return true;
  // Strip closing quotes and brackets: "... kata dia." ” -> '.'
  for (;;) {
    if (line.empty()) return false;
    char c = line.back();
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '*' || IsSpace(c)) {
      line.remove_suffix(1);
      continue;
    }
    // ” ’ » (E2 80 9D, E2 80 99, C2 BB)
    if (line.size() >= 3 && line[line.size() - 3] == '\xE2' &&
        line[line.size() - 2] == '\x80' &&
        (line.back() == '\x9D' || line.back() == '\x99')) {
      line.remove_suffix(3);
      continue;
    }
    if (line.size() >= 2 && line[line.size() - 2] == '\xC2' && line.back() == '\xBB') {
      line.remove_suffix(2);
      continue;
    }
    break;
  }
  char last = line.back();
  if (last == '.' || last == ':' || last == ';') return true;
  // "…" (E2 80 A6)
  return line.size() >= 3 && line.substr(line.size() - 3) == "\xE2\x80\xA6";
}

struct BoilerplateRules::Rules {
  std::vector<KeyRule> key_rules;
  std::vector<std::unique_ptr<RE2>> appeals;
  std::vector<std::unique_ptr<RE2>> credits;
  // "Yopi Makdori — Asumsi.co": a name, a dash, a domain.
  std::unique_ptr<RE2> name_dash_domain;
};

BoilerplateRules::BoilerplateRules() : rules_(std::make_unique<Rules>()) {}
BoilerplateRules::BoilerplateRules(BoilerplateRules&&) noexcept = default;
BoilerplateRules& BoilerplateRules::operator=(BoilerplateRules&&) noexcept = default;
BoilerplateRules::~BoilerplateRules() = default;

Result<BoilerplateRules> BoilerplateRules::Load(const DataDir& data) {
  BoilerplateRules out;
  RE2::Options re_options;
  re_options.set_case_sensitive(false);
  re_options.set_log_errors(false);
  for (const std::string& lang : data.Languages()) {
    ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lang, "boilerplate.tsv"));
    int row_no = 0;
    for (const auto& row : rows) {
      ++row_no;
      std::string where = "lang/" + lang + "/boilerplate.tsv rule " + std::to_string(row_no);
      if (row.size() != 2 || row[1].empty()) {
        return InvalidArgument(where + ": want kind<TAB>pattern");
      }
      const std::string& kind = row[0];
      const std::string& pattern = row[1];
      if (kind == "appeal" || kind == "credit") {
        auto re = std::make_unique<RE2>(pattern, re_options);
        if (!re->ok()) return InvalidArgument(where + ": " + re->error());
        (kind == "appeal" ? out.rules_->appeals : out.rules_->credits)
            .push_back(std::move(re));
        continue;
      }
      Kind k;
      if (kind == "line") {
        k = Kind::kLine;
      } else if (kind == "prefix") {
        k = Kind::kPrefix;
      } else if (kind == "list") {
        k = Kind::kList;
      } else if (kind == "caption") {
        k = Kind::kCaption;
      } else if (kind == "section") {
        k = Kind::kSection;
      } else if (kind == "byline") {
        k = Kind::kByline;
      } else {
        return InvalidArgument(where + ": unknown kind '" + kind + "'");
      }
      out.rules_->key_rules.push_back(KeyRule{k, LineKey(pattern), pattern});
    }
  }
  out.rules_->name_dash_domain = std::make_unique<RE2>(
      R"(^(\p{Lu}[\p{L}.'’ -]+?)\s+[—–-]\s+((?:[\p{L}\d-]+\.)+[A-Za-z]+)$)");
  if (!out.rules_->name_dash_domain->ok()) {
    return Internal("byline pattern: " + out.rules_->name_dash_domain->error());
  }
  return out;
}

LineCleanResult BoilerplateRules::Clean(std::string_view text) const {
  LineCleanResult result;
  std::vector<Line> lines;
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    std::string_view trimmed = TrimView(raw);
    Line line;
    line.begin = pos + static_cast<size_t>(trimmed.data() - raw.data());
    line.end = line.begin + trimmed.size();
    line.view = trimmed;
    line.blank = trimmed.empty();
    if (!line.blank) line.key = LineKey(trimmed);
    if (!line.blank && line.key.empty()) line.key = std::string(trimmed);  // "-"
    lines.push_back(std::move(line));
    pos = nl + 1;
  }

  auto remove = [&](size_t i, std::string rule) {
    if (lines[i].removed) return;
    lines[i].removed = true;
    lines[i].rule = std::move(rule);
  };
  auto next_nonblank = [&](size_t i) {
    for (++i; i < lines.size(); ++i) {
      if (!lines[i].blank) return i;
    }
    return lines.size();
  };

  int nonblank_seen = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    Line& line = lines[i];
    if (line.blank || line.removed) continue;
    ++nonblank_seen;
    std::string_view v = line.view;

    std::string match;  // name of the rule that fired
    for (const KeyRule& r : rules_->key_rules) {
      switch (r.kind) {
        case Kind::kSection:
          if (nonblank_seen <= 3 && line.key == r.key) match = "section";
          break;
        case Kind::kLine:
          if (line.key == r.key) match = "line";
          break;
        case Kind::kPrefix:
          if (StartsWithNoCase(v, r.text)) match = "prefix";
          break;
        case Kind::kByline:
          if (v.size() < 160 && StartsWithNoCase(v, r.text)) {
            match = "byline";
            if (result.author.empty()) {
              result.author = std::string(TrimView(v.substr(r.text.size())));
            }
          }
          break;
        case Kind::kCaption:
          if (line.key == r.key) {
            match = "caption";
            size_t j = next_nonblank(i);
            if (j < lines.size() && !LooksLikeSentence(lines[j].view)) {
              remove(j, "caption");
            }
          }
          break;
        case Kind::kList: {
          bool alone = line.key == r.key;
          // "Baca Juga: <one inline link>"
          bool inline_link =
              !alone && line.key.compare(0, r.key.size() + 1, r.key + " ") == 0 &&
              StartsWithNoCase(v, r.text) && v.size() > r.text.size() &&
              TrimView(v.substr(r.text.size())).substr(0, 1) == ":";
          if (inline_link) match = "list";
          if (alone) {
            match = "list";
            // The list: bullets and headline-like lines up to a sentence.
            for (size_t j = next_nonblank(i); j < lines.size(); j = next_nonblank(j)) {
              std::string_view item = lines[j].view;
              if (IsBulletOnly(item) || StartsWithBullet(item) ||
                  !LooksLikeSentence(item)) {
                remove(j, "list:" + r.key);
              } else {
                break;
              }
            }
          }
          break;
        }
      }
      if (!match.empty()) {
        remove(i, match + ":" + r.key);
        break;
      }
    }
    if (!match.empty()) continue;

    // The first line may be a headline set in capitals. (A call to action
    // comes as early as the second: after the page's first paragraph.)
    if (nonblank_seen > 1 && IsCapitalisedUiLine(v)) {
      remove(i, "ui-capitals");
      continue;
    }

    std::string author, outlet;
    if (v.size() < 120 &&
        RE2::FullMatch(v, *rules_->name_dash_domain, &author, &outlet) &&
        author.size() <= 60 && TopLevelDomainLength(outlet) <= 6) {
      remove(i, "byline:name-domain");
      if (result.author.empty()) result.author = author;
      if (result.outlet.empty()) result.outlet = outlet;
      continue;
    }

    // A caption printed twice, the second time with a credit:
    // "Putin dan Kim ..." then "Putin dan Kim ... (AFP melalui Getty)".
    size_t j = next_nonblank(i);
    if (j < lines.size() && !LooksLikeSentence(v)) {
      std::string_view w = lines[j].view;
      if (w == v) {
        remove(i, "caption-repeat");
        remove(j, "caption-repeat");
      } else if (w.size() > v.size() && w.substr(0, v.size()) == v) {
        std::string_view rest = TrimView(w.substr(v.size()));
        if (rest.size() >= 2 && rest.front() == '(' && rest.back() == ')') {
          remove(i, "caption-repeat");
          remove(j, "caption-repeat");
        }
      }
    }
  }

  // Appeals: runs of matching lines at the start and at the end.
  auto is_appeal = [&](const Line& line) {
    for (const auto& re : rules_->appeals) {
      if (RE2::PartialMatch(line.view, *re)) return true;
    }
    return false;
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].blank || lines[i].removed) continue;
    if (!is_appeal(lines[i])) break;
    remove(i, "appeal");
  }
  for (size_t i = lines.size(); i-- > 0;) {
    if (lines[i].blank || lines[i].removed) continue;
    if (!is_appeal(lines[i])) break;
    remove(i, "appeal");
  }
  // Credits and source links among the last three kept lines.
  int tail = 0;
  for (size_t i = lines.size(); i-- > 0 && tail < 3;) {
    if (lines[i].blank || lines[i].removed) continue;
    ++tail;
    for (const auto& re : rules_->credits) {
      if (RE2::PartialMatch(lines[i].view, *re)) {
        remove(i, "credit");
        break;
      }
    }
  }

  // Join the kept lines.
  bool blank_since_last = false;
  const Line* prev = nullptr;
  for (const Line& line : lines) {
    if (line.blank) {
      blank_since_last = true;
      continue;
    }
    if (line.removed) {
      result.removed.push_back(RemovedLine{line.begin, line.end, line.rule});
      continue;
    }
    if (prev) {
      unsigned char first = static_cast<unsigned char>(line.view.front());
      bool wrap = !blank_since_last && !LooksLikeSentence(prev->view) &&
                  std::islower(first);
      result.text += wrap ? " " : "\n\n";
    }
    result.map.AddCopy(result.text.size(), line.begin, line.view.size());
    result.text.append(line.view);
    prev = &line;
    blank_since_last = false;
  }
  return result;
}

}  // namespace warta
