// Page extraction: from HTML bytes to main text, metadata and an offset map.
//
// The approach, in the order a page flows:
//
// 1. Bytes to UTF-8 (page_encoding.cc). The page's encoding is found from a
//    BOM, <meta charset>, <meta http-equiv>, or else by ICU's detector, and
//    the bytes are converted to a UTF-8 work buffer together with a map from
//    work bytes to input bytes. Invalid UTF-8 is repaired (one bad byte ->
//    U+FFFD). libxml2 is then told the buffer is UTF-8 so it never switches
//    encoding under us.
// 2. libxml2's HTML parser (recovering, silent, no network) builds a tree.
//    Every walk over the tree is iterative (parent/next pointers), so a
//    million nested tags cannot overflow the stack.
// 3. Alignment. libxml2 does not report byte offsets, so each text node is
//    found again in the work buffer: one forward pass in document order
//    searches for a literal prefix of the node (the bytes before anything an
//    entity could have produced) from the end of the previous node. A node
//    that cannot be found is mapped as one replacement piece spanning the gap
//    between its found neighbours. When a node is emitted, its bytes are
//    aligned one by one against the source from that start, decoding
//    entities (&amp; -> "&" is a replacement piece of 1 <- 5 bytes) and CRLF.
// 4. Main text (page_content.cc) picks the elements that hold the article,
//    and the emitter writes their text: block elements become paragraphs
//    separated by a blank line, whitespace runs collapse to one space, and
//    each output byte gets a piece in the map.
// 5. Metadata (page_meta.cc) from JSON-LD, OpenGraph and meta tags, <time>,
//    bylines and the URL, with provenance.
//
// Tested by page_test.cc.
#include "warta/page.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "page_internal.h"
#include "util/utf8.h"
#include "warta/text.h"

namespace warta {
namespace page_internal {

// ---------------------------------------------------------------------------
// Tags.

namespace {

const std::unordered_map<std::string_view, Tag>& TagTable() {
  static const auto* table = new std::unordered_map<std::string_view, Tag>{
      {"p", Tag::kP}, {"a", Tag::kA}, {"div", Tag::kDiv},
      {"h1", Tag::kHeading}, {"h2", Tag::kHeading}, {"h3", Tag::kHeading},
      {"h4", Tag::kHeading}, {"h5", Tag::kHeading}, {"h6", Tag::kHeading},
      {"li", Tag::kLi}, {"dt", Tag::kLi}, {"dd", Tag::kLi},
      {"ul", Tag::kList}, {"ol", Tag::kList}, {"dl", Tag::kList},
      {"br", Tag::kBr}, {"hr", Tag::kBlock}, {"td", Tag::kCell},
      {"th", Tag::kCell}, {"tr", Tag::kBlock}, {"thead", Tag::kBlock},
      {"tbody", Tag::kBlock}, {"tfoot", Tag::kBlock}, {"table", Tag::kTable},
      {"caption", Tag::kBlock}, {"pre", Tag::kPre},
      {"blockquote", Tag::kBlockquote}, {"nav", Tag::kNav},
      {"aside", Tag::kAside}, {"header", Tag::kHeader},
      {"footer", Tag::kFooter}, {"article", Tag::kArticle},
      {"section", Tag::kSection}, {"main", Tag::kMain}, {"form", Tag::kForm},
      {"figure", Tag::kFigure}, {"figcaption", Tag::kFigcaption},
      {"head", Tag::kHead}, {"body", Tag::kBody}, {"title", Tag::kTitle},
      {"meta", Tag::kMeta}, {"time", Tag::kTime}, {"img", Tag::kImg},
      {"html", Tag::kBlock}, {"center", Tag::kBlock},
      {"address", Tag::kBlock}, {"details", Tag::kBlock},
      {"summary", Tag::kBlock}, {"hgroup", Tag::kBlock},
      {"fieldset", Tag::kBlock}, {"legend", Tag::kBlock},
      {"span", Tag::kInline}, {"b", Tag::kInline}, {"i", Tag::kInline},
      {"u", Tag::kInline}, {"s", Tag::kInline}, {"q", Tag::kInline},
      {"em", Tag::kInline}, {"strong", Tag::kInline}, {"small", Tag::kInline},
      {"sup", Tag::kInline}, {"sub", Tag::kInline}, {"font", Tag::kInline},
      {"abbr", Tag::kInline}, {"acronym", Tag::kInline},
      {"cite", Tag::kInline}, {"code", Tag::kInline}, {"mark", Tag::kInline},
      {"del", Tag::kInline}, {"ins", Tag::kInline}, {"kbd", Tag::kInline},
      {"samp", Tag::kInline}, {"var", Tag::kInline}, {"dfn", Tag::kInline},
      {"bdi", Tag::kInline}, {"bdo", Tag::kInline}, {"nobr", Tag::kInline},
      {"label", Tag::kInline}, {"strike", Tag::kInline},
      {"big", Tag::kInline}, {"tt", Tag::kInline}, {"wbr", Tag::kInline},
      {"script", Tag::kSkip}, {"style", Tag::kSkip}, {"noscript", Tag::kNoscript},
      {"template", Tag::kSkip}, {"svg", Tag::kSkip}, {"math", Tag::kSkip},
      {"link", Tag::kSkip}, {"input", Tag::kSkip}, {"button", Tag::kSkip},
      {"select", Tag::kSkip}, {"option", Tag::kSkip},
      {"optgroup", Tag::kSkip}, {"textarea", Tag::kSkip},
      {"iframe", Tag::kSkip}, {"object", Tag::kSkip}, {"embed", Tag::kSkip},
      {"param", Tag::kSkip}, {"video", Tag::kSkip}, {"audio", Tag::kSkip},
      {"canvas", Tag::kSkip}, {"dialog", Tag::kSkip}, {"frame", Tag::kSkip},
      {"frameset", Tag::kSkip}, {"noframes", Tag::kSkip},
      {"map", Tag::kSkip}, {"area", Tag::kSkip}, {"source", Tag::kSkip},
      {"picture", Tag::kSkip},
      // Ruby annotations: the reading of the characters they sit on, not
      // text ("<ruby>災害<rt>さいがい</rt></ruby>" reads 災害).
      {"rt", Tag::kSkip}, {"rp", Tag::kSkip},
  };
  return *table;
}

}  // namespace

Tag TagOf(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr)
    return Tag::kOther;
  // Buckets by first byte, built once from TagTable(): a few strcmp per
  // lookup instead of strlen, hashing and a compare (TagOf runs for every
  // element, several times).
  struct Entry {
    const char* name;
    Tag tag;
  };
  static const auto* buckets = [] {
    auto* b = new std::vector<Entry>[256];
    for (const auto& [name, tag] : TagTable())
      b[static_cast<unsigned char>(name[0])].push_back({name.data(), tag});
    return b;
  }();
  // Each element's tag is looked up once and kept in its `extra` field,
  // which libxml2's HTML parser leaves zero (it serves XPath and XSLT, which
  // never see these trees; checked on every clean-dev page). Measured:
  // tag lookups fell from 2.6% of extraction instructions to under 1%.
  if (node->extra != 0) return static_cast<Tag>(node->extra - 1);
  Tag tag = Tag::kOther;
  const char* name = reinterpret_cast<const char*>(node->name);
  for (const Entry& e : buckets[static_cast<unsigned char>(name[0])]) {
    if (std::strcmp(e.name, name) == 0) {
      tag = e.tag;
      break;
    }
  }
  const_cast<xmlNode*>(node)->extra =
      static_cast<unsigned short>(static_cast<int>(tag) + 1);
  return tag;
}

bool IsBlock(Tag tag) {
  switch (tag) {
    case Tag::kInline:
    case Tag::kA:
    case Tag::kTime:
    case Tag::kImg:
    case Tag::kOther:
    case Tag::kBr:
    case Tag::kNoscript:
      return false;
    default:
      return true;
  }
}

std::string_view Attr(const xmlNode* node, const char* name) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return {};
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr) continue;
    // libxml2's HTML parser lower-cases attribute names.
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) != 0)
      continue;
    const xmlNode* v = a->children;
    if (v == nullptr || v->content == nullptr) return std::string_view("", 0);
    return std::string_view(reinterpret_cast<const char*>(v->content));
  }
  return {};
}

bool HasAttr(const xmlNode* node, const char* name) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return false;
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr &&
        std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0)
      return true;
  }
  return false;
}

std::string_view Content(const xmlNode* node) {
  if (node == nullptr || node->content == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(node->content));
}

std::string TextOf(const xmlNode* node, size_t limit) {
  std::string out;
  if (node == nullptr) return out;
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
    out = std::string(Content(node).substr(0, limit));
    return out;
  }
  const xmlNode* n = node->children;
  while (n != nullptr && out.size() < limit) {
    if (n->type == XML_TEXT_NODE) {
      out += Content(n);
    } else if (n->type == XML_ELEMENT_NODE && n->children != nullptr &&
               TagOf(n) != Tag::kSkip) {
      if (IsBlock(TagOf(n))) out += ' ';
      n = n->children;
      continue;
    }
    while (n != nullptr && n->next == nullptr) {
      n = n->parent;
      if (n == node) {
        n = nullptr;
        break;
      }
    }
    if (n != nullptr) n = n->next;
  }
  if (out.size() > limit) out.resize(limit);
  return CollapseSpace(out);
}

bool IsSpaceByte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

// Length of a Unicode whitespace sequence at s[i] (ASCII space, NBSP and the
// U+2000 block spaces, ideographic space), or 0.
size_t SpaceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return IsSpaceByte(c) ? 1 : 0;
  if (c == 0xC2 && i + 1 < s.size() &&
      static_cast<unsigned char>(s[i + 1]) == 0xA0)
    return 2;  // U+00A0
  if (c == 0xE2 && i + 2 < s.size()) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    unsigned char c2 = static_cast<unsigned char>(s[i + 2]);
    if (c1 == 0x80 && (c2 <= 0x8B || c2 == 0xAF)) return 3;  // U+2000..200B, 202F
    if (c1 == 0x81 && c2 == 0x9F) return 3;                  // U+205F
  }
  if (c == 0xE3 && i + 2 < s.size() &&
      static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80)
    return 3;  // U+3000
  return 0;
}

size_t Utf8Length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t sl = SpaceLength(s, i);
    if (sl > 0) {
      space = true;
      i += sl;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += s[i];
    ++i;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Alignment of text nodes with the work buffer.

namespace {

// Decodes the character reference at s[p] == '&'. On success sets `utf8` to
// what libxml2 puts in the tree and `len` to the reference's length.
bool DecodeEntity(std::string_view s, size_t p, std::string* utf8,
                  size_t* len) {
  size_t end = s.size() < p + 40 ? s.size() : p + 40;
  size_t q = p + 1;
  uint32_t cp = 0;
  if (q < end && s[q] == '#') {
    ++q;
    bool hex = q < end && (s[q] == 'x' || s[q] == 'X');
    if (hex) ++q;
    size_t digits = 0;
    while (q < end) {
      char c = s[q];
      int v;
      if (c >= '0' && c <= '9') {
        v = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        v = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        v = c - 'A' + 10;
      } else {
        break;
      }
      if (cp < 0x110000) cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      ++digits;
      ++q;
    }
    if (digits == 0) return false;
    if (q < end && s[q] == ';') ++q;
  } else {
    size_t name_start = q;
    while (q < end && ((s[q] >= 'a' && s[q] <= 'z') ||
                       (s[q] >= 'A' && s[q] <= 'Z') ||
                       (s[q] >= '0' && s[q] <= '9')))
      ++q;
    if (q == name_start || q >= end || s[q] != ';') return false;
    std::string name(s.substr(name_start, q - name_start));
    const htmlEntityDesc* desc =
        htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
    if (desc == nullptr) return false;
    cp = desc->value;
    ++q;
  }
  *len = q - p;
  utf8->clear();
  if (cp == 0 || cp >= 0x110000 || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return true;  // libxml2 drops invalid references: empty expansion
  }
  AppendUtf8(static_cast<int32_t>(cp), utf8);
  return true;
}

// Bytes of `t` that certainly appear literally in the source: everything up
// to the first byte an entity or a line-end normalisation could have made.
size_t LiteralPrefix(std::string_view t, size_t max_len) {
  size_t i = 0;
  size_t n = t.size() < max_len ? t.size() : max_len;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' ||
        c == '\r' || c == '\n' || c >= 0x80)
      break;
    ++i;
  }
  return i;
}

// Same, but letting non-ASCII through (most pages write it literally).
size_t LiteralPrefixUtf8(std::string_view t, size_t max_len) {
  size_t i = 0;
  size_t n = t.size() < max_len ? t.size() : max_len;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' ||
        c == '\r' || c == '\n' || (c == 0xC2 && i + 1 < t.size() &&
                                   static_cast<unsigned char>(t[i + 1]) == 0xA0))
      break;
    ++i;
  }
  // Do not cut a UTF-8 sequence.
  while (i > 0 && (static_cast<unsigned char>(t[i - 1]) & 0xC0) == 0x80 &&
         i < n)
    --i;
  if (i > 0 && i < t.size() && static_cast<unsigned char>(t[i - 1]) >= 0xC0) --i;
  return i;
}

size_t Find(std::string_view s, size_t from, std::string_view needle,
            size_t limit) {
  if (from >= s.size() || needle.empty()) return std::string_view::npos;
  size_t end = limit < s.size() ? limit : s.size();
  if (end <= from || end - from < needle.size()) return std::string_view::npos;
  const void* hit = memmem(s.data() + from, end - from, needle.data(),
                           needle.size());
  if (hit == nullptr) return std::string_view::npos;
  return static_cast<size_t>(static_cast<const char*>(hit) - s.data());
}

// Find() for text: skips matches inside markup ("Pam" in <a href="/Pam">
// before the link text "Pam").
size_t FindText(std::string_view s, size_t from, std::string_view needle,
                size_t limit) {
  while (true) {
    size_t f = Find(s, from, needle, limit);
    if (f == std::string_view::npos) return f;
    size_t k = f;
    bool in_tag = false;
    while (k > from) {
      char c = s[k - 1];
      if (c == '>') break;
      if (c == '<') {
        in_tag = true;
        break;
      }
      --k;
    }
    if (!in_tag) return f;
    size_t gt = s.find('>', f);
    if (gt == std::string_view::npos) return std::string_view::npos;
    from = gt + 1;
  }
}

}  // namespace

void Aligner::Run(xmlNode* root) {
  locs_.clear();
  size_t cursor = 0;
  std::vector<size_t> pending;  // locs_ waiting for the next found start
  size_t misses = 0;
  xmlNode* n = root;
  while (n != nullptr) {
    bool is_text = n->type == XML_TEXT_NODE ||
                   n->type == XML_CDATA_SECTION_NODE ||
                   n->type == XML_COMMENT_NODE;
    if (is_text && n->content != nullptr) {
      std::string_view t = Content(n);
      bool raw = n->type != XML_TEXT_NODE ||
                 (n->parent != nullptr && TagOf(n->parent) == Tag::kSkip);
      size_t lead = 0;
      while (lead < t.size() && IsSpaceByte(static_cast<unsigned char>(t[lead])))
        ++lead;
      Loc loc{cursor, 0, false};
      if (lead < t.size()) {
        std::string_view body = t.substr(lead);
        size_t found = std::string_view::npos;
        size_t plen = 0;
        // Unbounded searches are linear in the page; after many misses only
        // look nearby so that a page of odd text stays linear overall.
        size_t limit = misses < 64 ? src_.size() : cursor + (1 << 16);
        if (raw) {
          plen = body.size() < 64 ? body.size() : 64;
          found = Find(src_, cursor, body.substr(0, plen), limit);
        }
        // Else the node's literal prefix, or an anchor: the first run of at
        // least 3 ASCII bytes that must be in the source literally (a node may open with "&nbsp;" or with
        // a curly quote written as "&#8220;").
        size_t anchor = 0;
        if (found == std::string_view::npos) {
          plen = LiteralPrefix(body, 64);
          if (plen >= 3) {
            found = FindText(src_, cursor, body.substr(0, plen), limit);
          } else {
            // Text in other scripts: its UTF-8 is usually literal.
            size_t ulen = LiteralPrefixUtf8(body, 64);
            if (ulen >= 3) {
              found = FindText(src_, cursor, body.substr(0, ulen), limit);
              if (found != std::string_view::npos) plen = ulen;
            }
          }
        }
        if (found == std::string_view::npos) {
          plen = LiteralPrefix(body, 64);
          while (plen < 3 && anchor < body.size() && anchor < 64) {
            anchor += Utf8Length(static_cast<unsigned char>(body[anchor]));
            if (anchor >= body.size()) break;
            plen = LiteralPrefix(body.substr(anchor), 64);
          }
          if (anchor < body.size() && plen >= 3) {
            found = FindText(src_, cursor, body.substr(anchor, plen), limit);
          } else {
            // A short node ("13", "SM"): its first text occurrence.
            anchor = 0;
            plen = LiteralPrefix(body, 64);
            if (plen > 0 && plen == body.size())
              found = FindText(src_, cursor, body, cursor + 4096);
          }
        }
        // A short prefix found far ahead is more likely a chance match than
        // the node (which then is left as a gap, the cursor kept).
        if (found != std::string_view::npos && plen < 8 &&
            found - cursor > (1u << 16))
          found = std::string_view::npos;
        // libxml2 sometimes moves content (a link's text out of a <noscript>
        // the link opened): look behind the cursor too, for a long enough
        // anchor, without moving the cursor.
        bool behind = false;
        if (found == std::string_view::npos && !raw && misses < 64) {
          size_t a = 0;
          size_t len = LiteralPrefix(body, 64);
          while (len < 3 && a < body.size() && a < 64) {
            a += Utf8Length(static_cast<unsigned char>(body[a]));
            if (a >= body.size()) break;
            len = LiteralPrefix(body.substr(a), 64);
          }
          if (a < body.size() && len >= 8) {
            size_t f = FindText(src_, 0, body.substr(a, len), cursor);
            // Not inside a script (JSON-LD repeats headlines and bodies).
            if (f != std::string_view::npos) {
              size_t open = src_.rfind("<script", f);
              size_t close = src_.rfind("</script", f);
              if (open != std::string_view::npos &&
                  (close == std::string_view::npos || close < open))
                f = std::string_view::npos;
            }
            if (f != std::string_view::npos) {
              found = f;
              anchor = a;
              plen = len;
              behind = true;
            }
          }
        }
        size_t floor = behind ? 0 : cursor;
        if (found != std::string_view::npos) {
          size_t start = found;
          if (anchor > 0) {
            // The node starts after the tag that precedes its anchor.
            size_t gt = src_.rfind('>', found);
            start = (gt != std::string_view::npos && gt + 1 >= floor) ? gt + 1
                                                                     : floor;
          } else {
            // Back up over the leading whitespace when it is there literally.
            size_t back = lead;
            while (back > 0 && start > floor &&
                   IsSpaceByte(static_cast<unsigned char>(src_[start - 1]))) {
              --start;
              --back;
            }
          }
          loc.start = start;
          loc.aligned = true;
        }
        if (found != std::string_view::npos && !behind) {
          for (size_t k : pending) locs_[k].gap = loc.start - locs_[k].start;
          pending.clear();
          // Move past the node: raw text is literal; other text ends at the
          // next tag.
          size_t end = found + plen;
          if (raw && body.size() <= src_.size() - found &&
              src_.compare(found, body.size(), body) == 0) {
            end = found + body.size();
          } else if (!raw) {
            size_t lt = src_.find('<', end);
            end = lt == std::string_view::npos ? src_.size() : lt;
          }
          cursor = end;
        } else {
          ++misses;
        }
      }
      if (!loc.aligned) pending.push_back(locs_.size());
      locs_.push_back(loc);
      n->psvi = reinterpret_cast<void*>(static_cast<uintptr_t>(locs_.size()));
    }
    if (n->type == XML_ELEMENT_NODE && n->children != nullptr) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n->next == nullptr) n = n->parent;
    if (n != nullptr) n = n->next;
  }
  for (size_t k : pending) locs_[k].gap = 0;
}

size_t Aligner::StartOf(const xmlNode* node) const {
  uintptr_t id = reinterpret_cast<uintptr_t>(node->psvi);
  if (id == 0 || id > locs_.size()) return std::string_view::npos;
  return locs_[id - 1].start;
}

void Aligner::Align(const xmlNode* node, std::vector<Seg>* segs) const {
  segs->clear();
  std::string_view t = Content(node);
  uintptr_t id = reinterpret_cast<uintptr_t>(node->psvi);
  if (t.empty()) return;
  if (id == 0 || id > locs_.size()) {
    segs->push_back(Seg{0, t.size(), 0, 0});
    return;
  }
  const Loc& loc = locs_[id - 1];
  if (!loc.aligned) {
    segs->push_back(Seg{0, t.size(), loc.start, loc.gap});
    return;
  }
  std::string_view s = src_;
  size_t p = loc.start;
  size_t i = 0;
  std::string ent;
  auto add = [segs](size_t ti, size_t tl, size_t sp, size_t sl) {
    if (!segs->empty()) {
      Seg& b = segs->back();
      if (b.t_len == b.s_len && tl == sl && b.t_off + b.t_len == ti &&
          b.s_off + b.s_len == sp) {
        b.t_len += tl;
        b.s_len += sl;
        return;
      }
    }
    segs->push_back(Seg{ti, tl, sp, sl});
  };
  while (i < t.size()) {
    if (p >= s.size()) break;
    char c = s[p];
    char want = t[i];
    if (c == '&') {
      size_t len = 0;
      if (DecodeEntity(s, p, &ent, &len)) {
        if (ent.empty()) {
          p += len;  // dropped by the parser
          continue;
        }
        if (t.compare(i, ent.size(), ent) == 0) {
          add(i, ent.size(), p, len);
          i += ent.size();
          p += len;
          continue;
        }
      }
    }
    if (c == want) {
      add(i, 1, p, 1);
      ++i;
      ++p;
      continue;
    }
    if (c == '\r') {
      if (want == '\n' && p + 1 < s.size() && s[p + 1] == '\n') {
        add(i, 1, p, 2);
        ++i;
        p += 2;
      } else if (want == '\n') {
        add(i, 1, p, 1);
        ++i;
        ++p;
      } else {
        ++p;
      }
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
      ++p;  // control bytes the parser dropped
      continue;
    }
    break;
  }
  if (i < t.size()) {
    // The rest could not be matched byte for byte: one replacement piece up
    // to the next tag.
    size_t end = s.find('<', p);
    if (end == std::string_view::npos) end = s.size();
    segs->push_back(Seg{i, t.size() - i, p < s.size() ? p : s.size(),
                        end > p ? end - p : 0});
  }
}

// ---------------------------------------------------------------------------
// Emitter.

void Emitter::Break() {
  if (!out_.empty()) pending_break_ = true;
  pending_space_ = false;
}

void Emitter::AddPiece(size_t d, size_t dl, size_t o, size_t ol) {
  if (!pieces_.empty()) {
    OffsetMap::Piece& b = pieces_.back();
    bool b_copy = b.derived_len == b.original_len;
    if (b.derived + b.derived_len == d) {
      if (b_copy && dl == ol && b.original + b.original_len == o) {
        b.derived_len += dl;
        b.original_len += ol;
        return;
      }
      if (!b_copy && dl != ol && b.original == o && b.original_len == ol) {
        b.derived_len += dl;  // more output from the same replaced range
        return;
      }
    }
  }
  pieces_.push_back(OffsetMap::Piece{d, o, dl, ol});
}

void Emitter::Text(const xmlNode* node, const Aligner& aligner) {
  std::string_view t = Content(node);
  if (t.empty()) return;
  aligner.Align(node, &segs_);
  size_t seg = 0;
  size_t i = 0;
  // Maps t[i..i+len) to the source: (offset, length, is_copy).
  auto locate = [&](size_t at, size_t* off, size_t* len) {
    while (seg + 1 < segs_.size() && segs_[seg].t_off + segs_[seg].t_len <= at)
      ++seg;
    if (segs_.empty()) {
      *off = 0;
      *len = 0;
      return false;
    }
    const Aligner::Seg& g = segs_[seg];
    if (g.t_len == g.s_len) {
      *off = g.s_off + (at - g.t_off);
      *len = 1;
      return true;
    }
    *off = g.s_off;
    *len = g.s_len;
    return false;
  };
  while (i < t.size()) {
    size_t sl = SpaceLength(t, i);
    if (sl > 0) {
      if (!pending_space_ && !out_.empty() && !pending_break_) {
        pending_space_ = true;
        size_t off, len;
        locate(i, &off, &len);
        space_off_ = off;
        space_len_ = len;
      }
      i += sl;
      continue;
    }
    if (pending_break_) {
      out_ += "\n\n";
      pending_break_ = false;
      pending_space_ = false;
    } else if (pending_space_) {
      AddPiece(out_.size(), 1, space_off_, space_len_);
      out_ += ' ';
      pending_space_ = false;
    }
    size_t cl = Utf8Length(static_cast<unsigned char>(t[i]));
    if (i + cl > t.size()) cl = t.size() - i;
    size_t off, len;
    if (locate(i, &off, &len)) {
      // A copy: the character's bytes map one to one.
      AddPiece(out_.size(), cl, off, cl);
    } else {
      AddPiece(out_.size(), cl, off, len);
    }
    out_.append(t.data() + i, cl);
    i += cl;
  }
  // Trailing whitespace in this node separates it from the next one.
}

void Emitter::Finish(std::string* text, OffsetMap* map) {
  *text = std::move(out_);
  OffsetMap m;
  for (const OffsetMap::Piece& p : pieces_) {
    m.AddReplacement(p.derived, p.derived_len, p.original, p.original_len);
  }
  *map = std::move(m);
}

void Emitter::Truncate(size_t size) {
  if (size >= out_.size()) return;
  out_.resize(size);
  while (!pieces_.empty() && pieces_.back().derived >= size) pieces_.pop_back();
  if (!pieces_.empty()) {
    OffsetMap::Piece& b = pieces_.back();
    if (b.derived + b.derived_len > size) {
      bool copy = b.derived_len == b.original_len;
      b.derived_len = size - b.derived;
      if (copy) b.original_len = b.derived_len;
    }
  }
  pending_space_ = false;
  pending_break_ = !out_.empty();
}

}  // namespace page_internal

namespace {

using page_internal::Aligner;
using page_internal::Emitter;
using page_internal::Tag;
using page_internal::TagOf;

constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                              HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                              HTML_PARSE_COMPACT;

class PageExtractorImpl : public PageExtractor {
 public:
  explicit PageExtractorImpl(page_internal::Config config)
      : config_(std::move(config)) {}

  using PageExtractor::Extract;
  Page Extract(std::string_view html, std::string_view url,
               std::string_view charset) const override {
    Page page;
    try {
      ExtractInto(html, url, charset, &page);
    } catch (const std::exception& e) {
      page = Page();
      page.error = std::string("cannot extract page: ") + e.what();
    } catch (...) {
      page = Page();
      page.error = "cannot extract page";
    }
    return page;
  }

 private:
  void ExtractInto(std::string_view html, std::string_view url, std::string_view charset,
                   Page* page) const {
    if (html.empty()) {
      page->error = "empty page";
      return;
    }
    // Bounded memory: a page past max_page_bytes (data/page/weights.tsv) is
    // read up to that size. The cut is reported in the provenance; offsets
    // stay valid since only the end is dropped.
    if (html.size() > config_.max_bytes) {
      page->meta.provenance["truncated"] =
          "page of " + std::to_string(html.size()) + " bytes read up to " +
          std::to_string(config_.max_bytes);
      html = html.substr(0, config_.max_bytes);
    }
    page_internal::Decoded decoded;
    if (!page_internal::DecodeToUtf8(html, charset, config_, &decoded, &page->error)) {
      return;
    }
    // Drop what the parser would read for nothing (page_prefilter.cc).
    std::string filtered;
    OffsetMap filter_map;
    page_internal::Prefilter(decoded.view, &filtered, &filter_map);
    std::string_view work = filtered;
    // libxml2 takes an int length.
    if (work.size() > static_cast<size_t>(INT32_MAX)) {
      page->error = "page too large";
      return;
    }
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (ctxt == nullptr) {
      page->error = "cannot create the HTML parser";
      return;
    }
    std::string url_z(url);
    htmlDocPtr doc = htmlCtxtReadMemory(
        ctxt, work.data(), static_cast<int>(work.size()),
        url_z.empty() ? nullptr : url_z.c_str(), "UTF-8", kParseOptions);
    // libxml2 stops at 256 nested elements (without XML_PARSE_HUGE, which
    // we leave off so that a nesting bomb costs little): the page is read
    // up to that point, and the cut is reported.
    const xmlError* last = xmlCtxtGetLastError(ctxt);
    if (last != nullptr && last->message != nullptr &&
        std::strstr(last->message, "Excessive depth") != nullptr) {
      page->meta.provenance["truncated"] =
          "elements nested deeper than 256: page read up to there";
    }
    htmlFreeParserCtxt(ctxt);
    if (doc == nullptr) {
      page->error = "cannot parse HTML";
      return;
    }
    struct DocFree {
      htmlDocPtr d;
      ~DocFree() { xmlFreeDoc(d); }
    } doc_free{doc};
    xmlNode* root = xmlDocGetRootElement(doc);
    if (root == nullptr) {
      page->error = "no HTML content";
      return;
    }
    Aligner aligner(work);
    aligner.Run(root);

    page_internal::DateHints date_hints;
    page_internal::ExtractMetadata(root, url, config_, &page->meta,
                                   &date_hints);
    if (!decoded.provenance.empty())
      page->meta.provenance["encoding"] = decoded.provenance;

    Emitter emitter;
    page_internal::ExtractMainText(root, aligner, config_, &emitter);
    std::string text;
    OffsetMap to_work;
    std::string dateline = emitter.dateline();
    size_t dateline_at = emitter.dateline_at();
    emitter.Finish(&text, &to_work);
    page_internal::ComposeNfc(&text, &to_work);
    page->text = std::move(text);
    OffsetMap to_decoded = to_work.ComposeWith(filter_map);
    if (decoded.identity) {
      page->map = std::move(to_decoded);
    } else {
      page->map = to_decoded.ComposeWith(decoded.map);
    }
    page_internal::FinishMetadata(page->text, dateline, dateline_at, config_,
                                  &page->meta);
    if (page->meta.published.empty()) {
      // Last resort: a date in the page's visible text.
      std::string iso, rule;
      if (page_internal::PageTextDate(root, config_, &iso, &rule)) {
        page->meta.published = iso;
        page->meta.provenance["published"] = rule;
      }
    } else if (page_internal::NeedsShownDates(page->meta, date_hints)) {
      // The markup's date against the dates the page shows its reader.
      std::string all = page_internal::TextOf(root, 1u << 20);
      std::vector<page_internal::FoundDate> shown;
      page_internal::FindDates(all, config_, 64, &shown);
      page_internal::CheckShownDates(shown, date_hints, config_,
                                     &page->meta);
    }
  }

  page_internal::Config config_;
};

}  // namespace

Result<std::unique_ptr<PageExtractor>> PageExtractor::Create(
    const DataDir& data) {
  xmlInitParser();
  ASSIGN_OR_RETURN(page_internal::Config config,
                   page_internal::LoadConfig(data));
  return std::unique_ptr<PageExtractor>(
      new PageExtractorImpl(std::move(config)));
}

}  // namespace warta
