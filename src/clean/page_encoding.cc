// Page bytes to a UTF-8 work buffer, with a map back to the input bytes.
//
// Order of trust: a byte-order mark; then the charset the page declares in
// its first 4 KB (<meta charset=...> or <meta http-equiv="Content-Type"
// content="...; charset=...">); then the charset the transport declared (the
// HTTP Content-Type of an archived response, given to Extract); then, for
// pages that declare nothing or lie (a page declared UTF-8 whose bytes are
// not valid UTF-8), ICU's charset detector. Browsers put the HTTP header
// before <meta>; here the page's own declaration comes first because a
// server's header is often its configured default (Apache's iso-8859-1)
// whatever the page holds, while the <meta> was written with the page. A
// declaration of either kind that the bytes contradict (a legacy charset
// over valid non-ASCII UTF-8) gives way to UTF-8, as below. Valid UTF-8 needs no conversion: the
// work buffer is the input itself (identity map), which is the common case
// and costs one validation pass. Other encodings go through ICU's converter
// with per-unit source offsets, so every output byte maps to the input
// bytes of its character. Declared "iso-8859-1" and "us-ascii" are read as
// windows-1252, as the HTML standard says.
//
// Tested by page_test.cc.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "page_internal.h"
#include "util/utf8.h"
#include "warta/text.h"

namespace warta {
namespace page_internal {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

// Case-insensitive search of an ASCII lower-case needle.
size_t FindNoCase(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (Lower(hay[i]) != needle[0]) continue;
    size_t k = 1;
    while (k < needle.size() && Lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// The charset name after "charset=" at `at`, quotes and spaces skipped.
std::string CharsetValue(std::string_view s, size_t at) {
  size_t i = at;
  while (i < s.size() && (s[i] == ' ' || s[i] == '"' || s[i] == '\'' ||
                          s[i] == '=' || s[i] == '\t'))
    ++i;
  size_t start = i;
  while (i < s.size() && i - start < 40) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
              c == ':';
    if (!ok) break;
    ++i;
  }
  return LowerAscii(s.substr(start, i - start));
}

// Normalises a charset label to the name given to ICU, per the HTML
// encoding standard's main aliases.
std::string Canonical(const std::string& label) {
  if (label.empty()) return label;
  if (label == "utf8" || label == "utf-8" || label == "unicode-1-1-utf-8")
    return "utf-8";
  if (label == "iso-8859-1" || label == "iso8859-1" || label == "latin1" ||
      label == "latin-1" || label == "us-ascii" || label == "ascii" ||
      label == "windows-1252" || label == "cp1252" || label == "l1" ||
      label == "iso_8859-1" || label == "x-cp1252")
    return "windows-1252";
  if (label == "iso-8859-9" || label == "latin5") return "windows-1254";
  if (label == "tis-620" || label == "iso-8859-11") return "windows-874";
  if (label == "gb2312" || label == "gbk" || label == "x-gbk") return "gbk";
  if (label == "utf-16" || label == "utf-16le" || label == "utf-16be")
    return "utf-8";  // a page that reached us as bytes and says UTF-16 lies
  return label;
}

}  // namespace

std::string DeclaredCharset(std::string_view html, std::string* how) {
  std::string_view head = html.substr(0, 4096);
  size_t pos = 0;
  while (true) {
    size_t meta = FindNoCase(head, "<meta", pos);
    if (meta == std::string_view::npos) break;
    size_t end = head.find('>', meta);
    if (end == std::string_view::npos) end = head.size();
    std::string_view tag = head.substr(meta, end - meta);
    size_t cs = FindNoCase(tag, "charset", 0);
    if (cs != std::string_view::npos) {
      std::string value = CharsetValue(tag, cs + 7);
      if (!value.empty()) {
        bool equiv = FindNoCase(tag, "http-equiv", 0) != std::string_view::npos;
        *how = equiv ? "http-equiv" : "meta-charset";
        return value;
      }
    }
    pos = end;
  }
  // <?xml version="1.0" encoding="..."?> on XHTML pages.
  if (head.substr(0, 5) == "<?xml") {
    size_t e = head.find("encoding=");
    size_t close = head.find("?>");
    if (e != std::string_view::npos && close != std::string_view::npos &&
        e < close) {
      *how = "xml-declaration";
      return CharsetValue(head, e + 9);
    }
  }
  return "";
}

namespace {

// Converts `in` from `charset` with ICU; false when ICU does not know it.
bool ConvertWithIcu(std::string_view in, const std::string& charset,
                    size_t base, Decoded* out) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset.c_str(), &status);
  if (U_FAILURE(status) || conv == nullptr) return false;
  std::unique_ptr<UConverter, void (*)(UConverter*)> closer(conv, ucnv_close);
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr,
                      nullptr, &status);
  // Convert in blocks so that memory stays at a few times the input.
  std::vector<UChar> u16(1 << 16);
  std::vector<int32_t> offs(u16.size());
  std::string& text = out->text;
  text.clear();
  text.reserve(in.size() + in.size() / 4);
  OffsetMap map;
  const char* src = in.data();
  const char* src_end = in.data() + in.size();
  size_t block_base = 0;  // input offset of `src` at the start of a call
  UChar pending_high = 0;
  size_t pending_off = 0;
  while (true) {
    UChar* target = u16.data();
    UChar* target_end = u16.data() + u16.size();
    const char* call_start = src;
    status = U_ZERO_ERROR;
    ucnv_toUnicode(conv, &target, target_end, &src, src_end, offs.data(),
                   /*flush=*/true, &status);
    if (U_FAILURE(status) && status != U_BUFFER_OVERFLOW_ERROR) return false;
    size_t n = static_cast<size_t>(target - u16.data());
    for (size_t k = 0; k < n; ++k) {
      size_t off = offs[k] < 0 ? (pending_off)
                               : block_base + static_cast<size_t>(offs[k]);
      uint32_t cp = u16[k];
      if (U16_IS_LEAD(cp)) {
        pending_high = static_cast<UChar>(cp);
        pending_off = off;
        continue;
      }
      if (U16_IS_TRAIL(cp)) {
        if (pending_high == 0) {
          cp = 0xFFFD;
        } else {
          cp = U16_GET_SUPPLEMENTARY(pending_high, cp);
          off = pending_off;
        }
      } else if (pending_high != 0) {
        // A lone lead surrogate: emit U+FFFD for it.
        size_t d = text.size();
        text += "\xEF\xBF\xBD";
        map.AddReplacement(d, 3, base + pending_off, 1);
      }
      pending_high = 0;
      if (cp == 0) cp = 0xFFFD;
      size_t d = text.size();
      AppendUtf8(static_cast<int32_t>(cp), &text);  // never a surrogate here
      // The character's input bytes run to the next unit's offset; for a
      // single-byte charset that is one byte. Map as a piece of the output
      // character to the input bytes [off, next).
      size_t next = in.size();
      for (size_t j = k + 1; j < n; ++j) {
        if (offs[j] >= 0) {
          next = block_base + static_cast<size_t>(offs[j]);
          break;
        }
      }
      if (k + 1 >= n && src != src_end) next = static_cast<size_t>(src - in.data());
      if (next < off) next = off;
      size_t len = next - off;
      if (len > 4) len = 1;
      map.AddReplacement(d, text.size() - d, base + off, len);
    }
    // Offsets from ucnv_toUnicode are relative to the start of each call.
    block_base += static_cast<size_t>(src - call_start);
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
  }
  out->map = std::move(map);
  out->identity = false;
  out->view = out->text;
  return true;
}

std::string DetectCharset(std::string_view html) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&status);
  if (U_FAILURE(status)) return "";
  std::unique_ptr<UCharsetDetector, void (*)(UCharsetDetector*)> closer(
      det, ucsdet_close);
  // The detector only needs a sample; markup is filtered out by it.
  size_t n = html.size() < (64u << 10) ? html.size() : (64u << 10);
  ucsdet_setText(det, html.data(), static_cast<int32_t>(n), &status);
  ucsdet_enableInputFilter(det, true);
  const UCharsetMatch* match = ucsdet_detect(det, &status);
  if (U_FAILURE(status) || match == nullptr) return "";
  const char* name = ucsdet_getName(match, &status);
  if (U_FAILURE(status) || name == nullptr) return "";
  return LowerAscii(name);
}

// Counts well-formed multi-byte UTF-8 sequences and bytes that start none.
void CountUtf8(std::string_view s, size_t* good, size_t* bad) {
  *good = 0;
  *bad = 0;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3;
    else if (c >= 0xF0 && c <= 0xF4) len = 4;
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (ok) {
      ++*good;
      i += len;
    } else {
      ++*bad;
      ++i;
    }
  }
}

bool LooksBinary(std::string_view html) {
  size_t n = html.size() < 1024 ? html.size() : 1024;
  size_t bad = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(html[i]);
    if (c == 0 || (c < 0x09) || (c > 0x0D && c < 0x20 && c != 0x1B)) ++bad;
  }
  return n > 0 && bad * 10 > n;  // more than 10% control bytes
}

}  // namespace

bool DecodeToUtf8(std::string_view html, std::string_view transport_charset, const Config& config,
                  Decoded* out, std::string* error) {
  (void)config;  // no encoding settings yet
  // UTF-16 with a BOM: convert (the only case where NUL bytes are normal).
  size_t bom = 0;
  std::string charset, how;
  if (html.size() >= 3 && html.substr(0, 3) == "\xEF\xBB\xBF") {
    bom = 3;
    charset = "utf-8";
    how = "bom";
  } else if (html.size() >= 2 && (html.substr(0, 2) == "\xFF\xFE" ||
                                  html.substr(0, 2) == "\xFE\xFF")) {
    charset = html[0] == '\xFF' ? "utf-16le" : "utf-16be";
    how = "bom";
    bom = 2;
    if (ConvertWithIcu(html.substr(bom), charset, bom, out)) {
      out->provenance = "bom:" + charset;
      return true;
    }
  }
  if (LooksBinary(html)) {
    *error = "binary content, not an HTML page";
    return false;
  }
  std::string_view body = html.substr(bom);
  if (charset.empty()) charset = Canonical(DeclaredCharset(body, &how));
  if (charset.empty() && !transport_charset.empty()) {
    charset = Canonical(LowerAscii(transport_charset));
    how = "transport";
  }
  bool valid = IsValidUtf8(body);
  if (charset.empty() || charset == "utf-8") {
    if (valid) {
      if (bom == 0) {
        out->view = body;  // no copy: the common case
        out->identity = true;
      } else {
        out->view = body;
        OffsetMap m;
        m.AddCopy(0, bom, body.size());
        out->map = std::move(m);
        out->identity = false;
      }
      out->provenance = charset.empty() ? "valid-utf-8" : how + ":utf-8";
      return true;
    }
    // Declared UTF-8 (or nothing) but not valid: a page with more good
    // multi-byte sequences than bad bytes is UTF-8 with a few stray bytes,
    // repaired; otherwise ask the detector.
    size_t good = 0, bad = 0;
    CountUtf8(body, &good, &bad);
    bool repair_it = charset.empty() ? good > bad : good >= bad;
    std::string detected = repair_it ? "" : DetectCharset(body);
    if (!detected.empty() && detected != "utf-8" &&
        ConvertWithIcu(body, Canonical(detected), bom, out)) {
      out->provenance = "detected:" + Canonical(detected);
      return true;
    }
    OffsetMap repair;
    out->text = RepairUtf8(body, &repair);
    out->view = out->text;
    if (bom != 0) {
      OffsetMap shift;
      shift.AddCopy(0, bom, body.size());
      repair = repair.ComposeWith(shift);
    }
    out->map = std::move(repair);
    out->identity = false;
    out->provenance = "repaired-utf-8";
    return true;
  }
  // A declared legacy charset. Pages that declare one but are valid UTF-8
  // with non-ASCII bytes lie: UTF-8 by accident is vanishingly rare.
  if (valid) {
    bool ascii = true;
    for (char c : body) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      out->view = body;
      out->identity = bom == 0;
      if (bom != 0) out->map.AddCopy(0, bom, body.size());
      out->provenance = "valid-utf-8-despite:" + charset;
      return true;
    }
    out->view = body;
    out->identity = bom == 0;
    if (bom != 0) out->map.AddCopy(0, bom, body.size());
    out->provenance = how + ":" + charset;
    return true;
  }
  if (ConvertWithIcu(body, charset, bom, out)) {
    out->provenance = how + ":" + charset;
    return true;
  }
  std::string detected = DetectCharset(body);
  if (!detected.empty() && ConvertWithIcu(body, Canonical(detected), bom, out)) {
    out->provenance = "detected:" + Canonical(detected);
    return true;
  }
  OffsetMap repair;
  out->text = RepairUtf8(body, &repair);
  out->view = out->text;
  if (bom != 0) {
    OffsetMap shift;
    shift.AddCopy(0, bom, body.size());
    repair = repair.ComposeWith(shift);
  }
  out->map = std::move(repair);
  out->identity = false;
  out->provenance = "repaired-utf-8";
  return true;
}

// Decomposed letters ("u" followed by U+0308 COMBINING DIAERESIS, as some
// editors on macOS write "ü") become their composed form (NFC), so that the
// text reads and compares like the same words typed elsewhere. Only the
// segments that change are rewritten, each as one replacement piece of
// the map; a text that is already NFC (nearly every page) costs one check.
void ComposeNfc(std::string* text, OffsetMap* map) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return;
  const std::string& s = *text;
  if (nfc->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())),
                            status) ||
      U_FAILURE(status))
    return;
  std::string out;
  out.reserve(s.size());
  OffsetMap m;
  size_t seg = 0;          // start of the current segment
  bool joined = false;     // the segment has more than one code point
  auto flush = [&](size_t end) {
    std::string_view piece(s.data() + seg, end - seg);
    if (piece.empty()) return;
    std::string norm;
    if (joined) {
      icu::StringByteSink<std::string> sink(&norm);
      UErrorCode st = U_ZERO_ERROR;
      nfc->normalizeUTF8(0, icu::StringPiece(piece.data(), static_cast<int32_t>(piece.size())),
                         sink, nullptr, st);
      if (U_FAILURE(st)) norm.assign(piece);
    }
    if (!joined || norm == piece) {
      m.AddCopy(out.size(), seg, piece.size());
      out.append(piece);
    } else {
      m.AddReplacement(out.size(), norm.size(), seg, piece.size());
      out += norm;
    }
  };
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0 || nfc->hasBoundaryBefore(c)) {
      if (static_cast<size_t>(start) > seg) flush(static_cast<size_t>(start));
      seg = static_cast<size_t>(start);
      joined = false;
    } else {
      joined = true;
    }
  }
  flush(s.size());
  *map = m.ComposeWith(*map);
  *text = std::move(out);
}

}  // namespace page_internal
}  // namespace warta
