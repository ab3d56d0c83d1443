// Metadata from text.
//
// Title: the first paragraph when it reads as a headline (3 to 30 words, not
// ending a sentence) and more text follows.
//
// Dateline and outlet, from the start of the first paragraphs:
//   "Liputan6.com, Kyiv - Dinas ..."     outlet Liputan6.com, place Kyiv
//   "PARAMETERMEDIA.COM – Pejabat ..."   outlet PARAMETERMEDIA.COM
//   "KYIV, Ukraine (AP) — ..."           outlet AP, place KYIV
//
// Publication date: news writing dates recent events as "Kamis (24/10/2024)"
// and, once the year is given, "(25/10)". The article cannot be older than
// the latest event it dates, so the latest such date is taken; a bare
// "(dd/mm)" takes the year of the nearest full date before it. An ISO date
// (2024-10-25) in the first paragraphs wins over these.
//
// Tested by text_metadata_test.cc.
#include "text_metadata.h"

#include <re2/re2.h>

#include <cstdio>
#include <vector>

#include "boilerplate.h"

namespace warta {
namespace {

std::vector<std::string_view> Paragraphs(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

int WordCount(std::string_view s) {
  int n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\n';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool ValidDate(int y, int m, int d) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1];
}

std::string IsoDate(int y, int m, int d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

}  // namespace

TextMetadata ReadTextMetadata(std::string_view text) {
  static const RE2 kDomainDateline(
      R"(^((?:[\p{L}\d-]+\.)+[A-Za-z]+)(?:,\s*([^,\-–—\n]+?))?\s+[-–—]\s)");
  static const RE2 kAgencyDateline(
      R"(^(\p{Lu}[\p{Lu} .'-]+?)(?:,\s*[\p{L} .]+)?\s*\(([\p{L} ]+)\)\s*[-–—])");
  static const RE2 kDayDate(R"(\((\d{1,2})/(\d{1,2})(?:/(\d{4}))?\))");
  static const RE2 kIsoDate(R"(\b(\d{4})-(\d{2})-(\d{2})\b)");

  TextMetadata meta;
  std::vector<std::string_view> paras = Paragraphs(text);
  if (paras.empty()) return meta;

  std::string_view first = paras.front();
  if (paras.size() > 1 && first.find('\n') == std::string_view::npos &&
      !LooksLikeSentence(first) && WordCount(first) >= 3 && WordCount(first) <= 30) {
    meta.title = std::string(first);
  }

  for (size_t i = 0; i < paras.size() && i < 3; ++i) {
    std::string outlet, place;
    if (RE2::PartialMatch(paras[i], kDomainDateline, &outlet, &place) &&
        place.size() <= 40) {
      meta.outlet = outlet;
      meta.dateline = place;
      break;
    }
    if (RE2::PartialMatch(paras[i], kAgencyDateline, &place, &outlet) &&
        place.size() <= 40 && outlet.size() <= 30) {
      meta.outlet = outlet;
      meta.dateline = place;
      break;
    }
  }

  for (size_t i = 0; i < paras.size() && i < 3; ++i) {
    int y, m, d;
    if (RE2::PartialMatch(paras[i], kIsoDate, &y, &m, &d) && ValidDate(y, m, d)) {
      meta.published = IsoDate(y, m, d);
      meta.published_rule = "text:iso-date";
      return meta;
    }
  }

  std::string best;
  int year = 0;
  re2::StringPiece input(text.data(), text.size());
  std::string d_s, m_s, y_s;
  while (RE2::FindAndConsume(&input, kDayDate, &d_s, &m_s, &y_s)) {
    int d = std::stoi(d_s), m = std::stoi(m_s);
    int y = y_s.empty() ? year : std::stoi(y_s);
    if (!y_s.empty()) year = y;
    if (y == 0 || !ValidDate(y, m, d)) continue;
    std::string iso = IsoDate(y, m, d);
    if (iso > best) best = iso;
  }
  if (!best.empty()) {
    meta.published = best;
    meta.published_rule = "text:day-date";
  }
  return meta;
}

}  // namespace warta
