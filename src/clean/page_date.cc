// Dates written by people and machines: "2019-10-16T08:00:00+02:00",
// "16.10.2019", "16. Oktober 2019", "Oct. 16th, 2019", "/2019/10/16/",
// "2019年10月16日".
//
// One scanner over the lower-cased input tries, at each token start, the
// patterns below and returns the first valid date (year 1995 to 2039, a day
// that exists in its month, not after Config::latest_date). Month names come
// from data/lang/<code>/months.tsv and data/page/months.tsv, so a language
// is a few lines of data; so are ordinal suffixes, joining words and the
// marks of year-first dates (data/page/date_words.tsv: "1er novembre 2023",
// "1 de noviembre de 2023", "2019년 10월 16일"). Numeric dates with slashes
// or dashes read as day/month unless the first number cannot be a day-of-
// month pairing (3/25/2020 and 10-31-2023 are month first); dots are always
// day.month.year ("4. 2. 2022" too). Two-digit years ("30.10.23") only with
// dots and a two-digit day and month, and never inside a longer dotted
// number (a version: 10.12.23.4).
//
// Tested by page_test.cc.
#include <cstdio>
#include <string>
#include <string_view>

#include "page_internal.h"

namespace warta {
namespace page_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetterByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || u >= 0x80;
}

// Reads up to `max` digits at s[*i]; returns the count and the value.
size_t Digits(std::string_view s, size_t* i, size_t max, int* value) {
  size_t n = 0;
  int v = 0;
  while (*i < s.size() && IsDigit(s[*i]) && n < max) {
    v = v * 10 + (s[*i] - '0');
    ++*i;
    ++n;
  }
  // Too many digits: not this pattern.
  if (*i < s.size() && IsDigit(s[*i])) return 0;
  *value = v;
  return n;
}

void SkipSpaces(std::string_view s, size_t* i) {
  while (*i < s.size() && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n' ||
                           s[*i] == '\r' || s[*i] == ','))
    ++*i;
  // NBSP as written in UTF-8.
  while (*i + 1 < s.size() && s[*i] == '\xC2' && s[*i + 1] == '\xA0') {
    *i += 2;
    while (*i < s.size() && (s[*i] == ' ' || s[*i] == ',')) ++*i;
  }
}

// Skips one of `words` at s[*i] when it is followed by a non-letter:
// "er" in "1er novembre", "de" in "1 de noviembre".
void SkipWord(std::string_view s, size_t* i,
              const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    if (s.compare(*i, w.size(), w) == 0 &&
        (*i + w.size() >= s.size() || !IsLetterByte(s[*i + w.size()]))) {
      *i += w.size();
      return;
    }
  }
}

// Skips one of `marks` right at s[*i] ("年" after a year); false when
// none is there.
bool SkipMark(std::string_view s, size_t* i,
              const std::vector<std::string>& marks) {
  for (const std::string& m : marks) {
    if (s.compare(*i, m.size(), m) == 0) {
      *i += m.size();
      return true;
    }
  }
  return false;
}

// Skips spaces and a joining word with its spaces: " de ", " of ".
void SkipJoin(std::string_view s, size_t* i, const Config& config) {
  SkipSpaces(s, i);
  size_t at = *i;
  SkipWord(s, i, config.date_joiners);
  if (*i != at) SkipSpaces(s, i);
}

int Month(std::string_view s, size_t* i, const Config& config) {
  size_t start = *i;
  while (*i < s.size() && IsLetterByte(s[*i])) ++*i;
  // Up to 24 bytes: "października", "сентября" in UTF-8.
  if (*i == start || *i - start > 24) return 0;
  auto it = config.months.find(std::string(s.substr(start, *i - start)));
  if (it == config.months.end()) return 0;
  if (*i < s.size() && s[*i] == '.') ++*i;
  return it->second;
}

// Years before 1995 are not the publication date of a web page (the web
// had few dated articles before then): "1990" in an old press release's
// reference is history.
bool Valid(int y, int m, int d) {
  if (y < 1995 || y > 2039 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kDays[m - 1]) return false;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return false;
  return true;
}

std::string Iso(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Tries every pattern at s[i]; on success sets *iso and *end.
bool DateAt(std::string_view s, size_t i, const Config& config, bool compact,
            std::string* iso, size_t* end) {
  if (IsDigit(s[i])) {
    size_t j = i;
    int a = 0;
    size_t na = Digits(s, &j, 8, &a);
    if (na == 8 && compact) {
      int y = a / 10000, m = (a / 100) % 100, d = a % 100;
      if (Valid(y, m, d)) {
        *iso = Iso(y, m, d);
        *end = j;
        return true;
      }
      return false;
    }
    if (na == 4 && j < s.size() && !IsDigit(s[j])) {
      // 2019年10月16日, 2019년 10월 16일
      size_t k = j;
      if (SkipMark(s, &k, config.date_year_marks)) {
        int m = 0, d = 0;
        SkipSpaces(s, &k);
        if (Digits(s, &k, 2, &m) > 0 && SkipMark(s, &k, config.date_month_marks)) {
          SkipSpaces(s, &k);
          if (Digits(s, &k, 2, &d) > 0 && SkipMark(s, &k, config.date_day_marks) &&
              Valid(a, m, d)) {
            *iso = Iso(a, m, d);
            *end = k;
            return true;
          }
        }
        return false;
      }
    }
    if (na == 4 && j < s.size() &&
        (s[j] == '-' || s[j] == '/' || s[j] == '.' || s[j] == '_')) {
      // 2019-10-16, 2019/10/16
      char sep = s[j++];
      int m = 0, d = 0;
      if (Digits(s, &j, 2, &m) == 0 || j >= s.size() || s[j] != sep) return false;
      ++j;
      size_t nd = Digits(s, &j, 2, &d);
      if (nd == 0) return false;
      // In an address a one-digit day that runs on into a word is the
      // slug's first word: "/2023/10/3-fragen-an-..." is filed in October
      // 2023, not on its third day ("/2023/10/03/..." and "/2023/10/3/"
      // are days).
      if (compact && nd == 1 && j < s.size() &&
          (s[j] == '-' || IsLetterByte(s[j])))
        return false;
      if (!Valid(a, m, d)) return false;
      *iso = Iso(a, m, d);
      *end = j;
      return true;
    }
    if (na >= 1 && na <= 2 && j < s.size()) {
      if (s[j] == '.' || s[j] == '/' || s[j] == '-') {
        char sep = s[j];
        size_t k = j + 1;
        int b = 0, y = 0;
        if (k < s.size() && IsDigit(s[k])) {
          // 16.10.2019, 10/16/2019
          size_t nb = Digits(s, &k, 2, &b);
          if (nb > 0 && k < s.size() && s[k] == sep) {
            ++k;
            size_t ny = Digits(s, &k, 4, &y);
            // 30.10.23: a two-digit year, only with dots and two-digit day
            // and month, and not followed by another ".digit" (a version
            // number such as 10.12.23.4).
            if (ny == 2 && sep == '.' && na == 2 && nb == 2 &&
                !(k + 1 < s.size() && s[k] == '.' && IsDigit(s[k + 1])) &&
                !(i >= 2 && s[i - 1] == '.' && IsDigit(s[i - 2]))) {
              y += y < 40 ? 2000 : 1900;
              ny = 4;
            }
            if (ny == 4) {
              int d = a, m = b;
              if ((sep == '/' || sep == '-') && a <= 12 && b > 12) {
                d = b;
                m = a;
              }
              if (Valid(y, m, d)) {
                *iso = Iso(y, m, d);
                *end = k;
                return true;
              }
            }
          }
          return false;
        }
      }
      // 4. 2. 2022: day, month and year with a space after each dot.
      if (s[j] == '.') {
        size_t k = j + 1;
        SkipSpaces(s, &k);
        int m = 0, y = 0;
        if (k > j + 1 && k < s.size() && IsDigit(s[k]) &&
            Digits(s, &k, 2, &m) > 0 && k < s.size() && s[k] == '.') {
          ++k;
          SkipSpaces(s, &k);
          if (Digits(s, &k, 4, &y) == 4 && Valid(y, m, a)) {
            *iso = Iso(y, m, a);
            *end = k;
            return true;
          }
        }
      }
      // 16. Oktober 2019, 16 October 2019, 16-oct-2019, 1er novembre
      // 2023, 1 de noviembre de 2023
      size_t k = j;
      SkipWord(s, &k, config.date_ordinals);
      if (k < s.size() && (s[k] == '.' || s[k] == '-')) ++k;
      SkipJoin(s, &k, config);
      int m = Month(s, &k, config);
      if (m == 0) return false;
      if (k < s.size() && s[k] == '-') ++k;
      SkipJoin(s, &k, config);
      int y = 0;
      if (Digits(s, &k, 4, &y) != 4) return false;
      if (!Valid(y, m, a)) return false;
      *iso = Iso(y, m, a);
      *end = k;
      return true;
    }
    return false;
  }
  if (IsLetterByte(s[i])) {
    // October 16, 2019; Oct. 16th 2019
    size_t k = i;
    int m = Month(s, &k, config);
    if (m == 0) return false;
    SkipSpaces(s, &k);
    int d = 0;
    if (Digits(s, &k, 2, &d) == 0) return false;
    SkipWord(s, &k, config.date_ordinals);
    if (k < s.size() && s[k] == '.') ++k;
    SkipJoin(s, &k, config);
    int y = 0;
    if (Digits(s, &k, 4, &y) != 4) return false;
    if (!Valid(y, m, d)) return false;
    *iso = Iso(y, m, d);
    *end = k;
    return true;
  }
  return false;
}

// Calls `found(iso, at)` for each date in `text`, in order, until it
// returns false.
template <typename Found>
void ScanDates(std::string_view text, const Config& config, bool compact,
               Found found) {
  std::string lower = LowerUtf8(text);
  std::string_view s = lower;
  std::string iso;
  for (size_t i = 0; i < s.size(); ++i) {
    // A number starts after anything but a digit (text joined across
    // inline tags: "Jane Doe3.11.2023"); a word after anything but a letter.
    if (IsDigit(s[i])) {
      if (i > 0 && IsDigit(s[i - 1])) continue;
    } else if (IsLetterByte(s[i])) {
      if (i > 0 && IsLetterByte(s[i - 1])) continue;
    } else {
      continue;
    }
    size_t end = 0;
    if (DateAt(s, i, config, compact, &iso, &end)) {
      // After the crawl: not when the page was published (skipped).
      if (iso > config.latest_date) {
        i = end - 1;
        continue;
      }
      if (!found(iso, i)) return;
      i = end - 1;
    }
  }
}

}  // namespace

bool FindDate(std::string_view text, const Config& config, bool compact,
              std::string* iso, size_t* at) {
  bool any = false;
  ScanDates(text, config, compact, [&](const std::string& d, size_t i) {
    *iso = d;
    if (at != nullptr) *at = i;
    any = true;
    return false;
  });
  return any;
}

void FindDates(std::string_view text, const Config& config, size_t max,
               std::vector<FoundDate>* out) {
  out->clear();
  if (max == 0) return;
  ScanDates(text, config, /*compact=*/false,
            [&](const std::string& d, size_t i) {
              out->push_back(FoundDate{d, i});
              return out->size() < max;
            });
}

}  // namespace page_internal
}  // namespace warta
