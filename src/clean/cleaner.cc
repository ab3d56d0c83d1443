// The Cleaner: the clean stage's entry point.
//
// Plain text: repair UTF-8, remove boilerplate lines, read metadata.
// HTML: PageExtractor gives the page's text and metadata; the same line rules
// then run over that text. Each step's offset map is composed so that the
// final text maps back to RawArticle::content.
//
// Metadata precedence: the container (JSON Lines fields, feed elements, WARC
// headers) over the page's markup over the text's own words. The container's
// charset is a hint for decoding the page: the page's BOM or its own
// declaration wins over it (page_encoding.cc).
//
// A container's date becomes the ISO date YYYY-MM-DD here, for every reader
// (see ContainerDate); one that cannot be read as a date is dropped, and the
// page's and the text's rules are left to find the date.
//
// Tested by cleaner_test.cc.
#include "warta/clean.h"

#include <string>
#include <string_view>

#include "boilerplate.h"
#include "text_metadata.h"
#include "warta/dates.h"
#include "warta/page.h"
#include "warta/text.h"

namespace warta {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The value of the `n` digits at `s[at]`, or -1 when they are not all digits.
int Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return -1;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!IsDigit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// True when `text` (valid UTF-8) holds a character that is neither white
// space nor an invisible format character: a file of byte order marks
// ("\xEF\xBB\xBF" repeated, U+FEFF) or of zero-width spaces has nothing to
// read. The invisible ones: U+0085, U+00A0, U+00AD, U+1680, U+180E,
// U+2000-U+200F, U+2028-U+202F, U+205F-U+2064, U+3000, U+FEFF.
bool HasVisibleText(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return true;
      ++i;
      continue;
    }
    size_t len = Utf8SequenceLength(text.substr(i));
    if (len == 0) return true;  // not reached for repaired text
    char32_t cp = c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
    const bool invisible = cp == 0x85 || cp == 0xA0 || cp == 0xAD || cp == 0x1680 ||
                           cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) ||
                           (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x2064) ||
                           cp == 0x3000 || cp == 0xFEFF;
    if (!invisible) return true;
    i += len;
  }
  return false;
}

// "YYYY-MM-DD" when year, month and day make a day of the calendar
// (years 1000-9999), else "".
std::string FormatDay(int year, int month, int day) {
  if (year < 1000) return "";
  return CivilDate{year, month, day}.Iso();
}

// True when `s` is a time of day and what may follow it: "10:00",
// "10:00:00", "10:00:00.123", then optionally spaces and a zone ("Z", "UTC",
// "GMT", "+07:00", "+0700", "+07", "WIB", "EST").
bool IsTimeAndZone(std::string_view s) {
  int hour = Digits(s, 0, 2);
  if (hour < 0 || hour > 24 || s.size() < 5 || s[2] != ':') return false;
  int minute = Digits(s, 3, 2);
  if (minute < 0 || minute > 59) return false;
  size_t i = 5;
  if (i < s.size() && s[i] == ':') {
    int second = Digits(s, i + 1, 2);
    if (second < 0 || second > 60) return false;
    i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      size_t start = ++i;
      while (i < s.size() && IsDigit(s[i])) ++i;
      if (i == start) return false;
    }
  }
  while (i < s.size() && s[i] == ' ') ++i;
  std::string_view zone = s.substr(i);
  if (zone.empty()) return true;
  if (zone[0] == '+' || zone[0] == '-') {
    // +hh, +hhmm, +hh:mm
    int hh = Digits(zone, 1, 2);
    if (hh < 0 || hh > 14) return false;
    if (zone.size() == 3) return true;
    size_t m = zone[3] == ':' ? 4 : 3;
    return zone.size() == m + 2 && Digits(zone, m, 2) >= 0 && Digits(zone, m, 2) < 60;
  }
  // A zone name: letters only ("Z", "UTC", "WIB"), at most five.
  if (zone.size() > 5) return false;
  for (char c : zone) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

// A container's date as the ISO date YYYY-MM-DD; "" when it is not a date.
// Read: an ISO date ("2024-01-05"), an ISO timestamp that starts with one
// ("2024-01-05T10:00:00+07:00", "2024-01-05 10:00", "2024-01-05T03:00Z"),
// and an RFC 822 date ("Fri, 05 Jan 2024 10:00:00 +0700"). The day is the
// one written, in the timestamp's own offset, not converted to UTC:
// "2024-01-05T01:00:00+07:00" is 2024-01-05 where it was published, though
// it is still 2024-01-04 in UTC. Readers have already turned Unix seconds
// into UTC dates.
std::string ContainerDate(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
    if (year < 0 || month < 0 || day < 0) return "";
    if (s.size() > 10) {
      char sep = s[10];
      if ((sep != 'T' && sep != 't' && sep != ' ') || !IsTimeAndZone(s.substr(11))) return "";
    }
    return FormatDay(year, month, day);
  }
  std::optional<Rfc822Date> rfc822 = ParseRfc822(s);
  return rfc822 ? rfc822->date.Iso() : "";
}

void SetField(Metadata* meta, std::string Metadata::*field, const std::string& value,
              const char* name, const std::string& from) {
  if (value.empty() || !(meta->*field).empty()) return;
  meta->*field = value;
  meta->provenance[name] = from;
}

class CleanerImpl : public Cleaner {
 public:
  CleanerImpl(BoilerplateRules rules, std::unique_ptr<LanguageIdentifier> langid,
              std::unique_ptr<PageExtractor> pages)
      : rules_(std::move(rules)), langid_(std::move(langid)), pages_(std::move(pages)) {}

  CleanArticle Clean(const RawArticle& raw) const override {
    CleanArticle out;
    Metadata& meta = out.meta;
    // The container's fields first: they win.
    SetField(&meta, &Metadata::url, raw.url, "url", "input");
    SetField(&meta, &Metadata::outlet, raw.outlet, "outlet", "input");
    SetField(&meta, &Metadata::published, ContainerDate(raw.published), "published", "input");
    SetField(&meta, &Metadata::title, raw.title, "title", "input");
    SetField(&meta, &Metadata::author, raw.author, "author", "input");
    SetField(&meta, &Metadata::lang, raw.lang, "lang", "input");
    out.repaired_bytes = raw.repaired_bytes;

    std::string base;
    OffsetMap base_map;
    if (raw.kind == ContentKind::kHtml) {
      Page page = pages_->Extract(raw.content, raw.url, raw.charset);
      base = std::move(page.text);
      base_map = std::move(page.map);
      const Metadata& pm = page.meta;
      auto from = [&](const char* field) {
        auto it = pm.provenance.find(field);
        return it == pm.provenance.end() ? std::string("html") : it->second;
      };
      SetField(&meta, &Metadata::title, pm.title, "title", from("title"));
      SetField(&meta, &Metadata::author, pm.author, "author", from("author"));
      SetField(&meta, &Metadata::outlet, pm.outlet, "outlet", from("outlet"));
      SetField(&meta, &Metadata::published, pm.published, "published", from("published"));
      SetField(&meta, &Metadata::modified, pm.modified, "modified", from("modified"));
      SetField(&meta, &Metadata::url, pm.url, "url", from("url"));
      SetField(&meta, &Metadata::lang, pm.lang, "lang", from("lang"));
      // How the page was read: its encoding, and whether it was cut.
      for (const char* key : {"encoding", "truncated"}) {
        auto it = pm.provenance.find(key);
        if (it != pm.provenance.end()) meta.provenance[key] = it->second;
      }
      out.error = std::move(page.error);
    } else {
      // A UTF-8 byte order mark is not text: "\xEF\xBB\xBFHello" reads "Hello",
      // whose offset 0 maps to byte 3.
      std::string_view content = raw.content;
      const size_t bom = content.starts_with("\xEF\xBB\xBF") ? 3 : 0;
      size_t replaced = 0;
      base = RepairUtf8(content.substr(bom), &base_map, &replaced);
      if (bom != 0) {
        OffsetMap shift;
        shift.AddCopy(0, bom, content.size() - bom);
        base_map = base_map.ComposeWith(shift);
      }
      out.repaired_bytes += replaced;
    }

    LineCleanResult lines = rules_.Clean(base);
    out.text = std::move(lines.text);
    out.map = lines.map.ComposeWith(base_map);
    out.removed_lines = static_cast<int>(lines.removed.size());
    if (!HasVisibleText(out.text)) {
      out.error = out.error.empty() ? "empty after cleaning" : "empty after cleaning: " + out.error;
    }

    SetField(&meta, &Metadata::author, lines.author, "author", "text:byline");
    SetField(&meta, &Metadata::outlet, lines.outlet, "outlet", "text:byline");
    TextMetadata tm = ReadTextMetadata(out.text);
    SetField(&meta, &Metadata::title, tm.title, "title", "text:first-line");
    SetField(&meta, &Metadata::outlet, tm.outlet, "outlet", "text:dateline");
    SetField(&meta, &Metadata::dateline, tm.dateline, "dateline", "text:dateline");
    SetField(&meta, &Metadata::published, tm.published, "published", tm.published_rule);
    SetField(&meta, &Metadata::lang, langid_->Identify(out.text), "lang", "text:stopwords");
    return out;
  }

 private:
  BoilerplateRules rules_;
  std::unique_ptr<LanguageIdentifier> langid_;
  std::unique_ptr<PageExtractor> pages_;
};

}  // namespace

Result<std::unique_ptr<Cleaner>> Cleaner::Create(const DataDir& data) {
  ASSIGN_OR_RETURN(BoilerplateRules rules, BoilerplateRules::Load(data));
  ASSIGN_OR_RETURN(std::unique_ptr<LanguageIdentifier> langid,
                   LanguageIdentifier::Create(data));
  ASSIGN_OR_RETURN(std::unique_ptr<PageExtractor> pages, PageExtractor::Create(data));
  return std::unique_ptr<Cleaner>(
      new CleanerImpl(std::move(rules), std::move(langid), std::move(pages)));
}

}  // namespace warta
