// Feed and sitemap links with libxml2's tree parser (feeds and sitemaps are
// small next to the pages they list; the size cap of the transfer bounds
// them). Tested by feed_links_test.cc.
#include "feed_links.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cctype>
#include <memory>
#include <set>

#include "warta/fetch.h"
#include "warta/read.h"

namespace warta {
namespace {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

std::string_view Name(const xmlNode* n) {
  return n->name == nullptr ? std::string_view() : reinterpret_cast<const char*>(n->name);
}

std::string Text(const xmlNode* n) {
  xmlChar* t = xmlNodeGetContent(n);
  std::string s = t != nullptr ? reinterpret_cast<const char*>(t) : "";
  xmlFree(t);
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string s = v != nullptr ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

// The element children of `n` named `name` (any namespace).
std::vector<const xmlNode*> Children(const xmlNode* n, std::string_view name) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && Name(c) == name) out.push_back(c);
  }
  return out;
}

// The page URL of one RSS item or Atom entry; "" when it names none.
std::string ItemLink(const xmlNode* item, bool atom) {
  for (const xmlNode* link : Children(item, "link")) {
    if (!atom) {
      std::string t = Text(link);
      if (!t.empty()) return t;
      continue;
    }
    std::string rel = Attr(link, "rel");
    if (rel.empty() || rel == "alternate") return Attr(link, "href");
  }
  if (!atom) {
    for (const xmlNode* guid : Children(item, "guid")) {
      if (Attr(guid, "isPermaLink") != "false") return Text(guid);
    }
  }
  return "";
}

// Feeds written by hand hold HTML's entities (&nbsp;, &eacute;) and bare
// ampersands ("Q&A"), which XML does not declare. libxml2 recovers from the
// first such error but then drops every later entity reference, &amp;
// included, so "a.php?id=1&amp;p=2" after a "&nbsp;" would come out as
// "a.php?id=1p=2". Each "&" that does not start one of the five predefined
// references or a character reference is therefore escaped first ("&nbsp;"
// -> "&amp;nbsp;"): the reference stays as text and the links stay whole.
std::string EscapeStrayAmpersands(std::string_view in) {
  static constexpr std::string_view kPredefined[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    out += in[i];
    if (in[i] != '&') continue;
    std::string_view rest = in.substr(i + 1);
    bool keep = false;
    for (std::string_view p : kPredefined) keep = keep || rest.substr(0, p.size()) == p;
    if (!keep && !rest.empty() && rest[0] == '#') {
      size_t j = 1;
      const bool hex = rest.size() > 1 && (rest[1] == 'x' || rest[1] == 'X');
      if (hex) ++j;
      size_t digits = j;
      while (j < rest.size() && j < 12 &&
             (std::isdigit(static_cast<unsigned char>(rest[j])) ||
              (hex && std::isxdigit(static_cast<unsigned char>(rest[j]))))) {
        ++j;
      }
      keep = j > digits && j < rest.size() && rest[j] == ';';
    }
    if (!keep) out += "amp;";
  }
  return out;
}

class Collector {
 public:
  Collector(const std::string& base, std::vector<std::string>* out) : base_(base), out_(out) {}
  void Add(const std::string& link) {
    if (link.empty()) return;
    std::string url = ResolveUrl(base_, link);
    if (url.empty() || UrlHost(url).empty()) return;  // not http(s)
    if (seen_.insert(url).second) out_->push_back(url);
  }

 private:
  const std::string& base_;
  std::vector<std::string>* out_;
  std::set<std::string> seen_;
};

}  // namespace

Result<FeedListing> ParseFeedListing(std::string_view bytes, const std::string& base_url,
                                     size_t max_bytes) {
  std::string unpacked;
  if (bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b') {
    ASSIGN_OR_RETURN(unpacked, Gunzip(bytes, max_bytes));
    bytes = unpacked;
  }
  const std::string xml = EscapeStrayAmpersands(bytes);
  std::unique_ptr<xmlDoc, DocFree> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), base_url.c_str(), nullptr,
                    XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
                        XML_PARSE_NOWARNING));
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) return InvalidArgument("not XML: no feed or sitemap could be read");
  FeedListing listing;
  Collector items(base_url, &listing.items);
  const std::string_view name = Name(root);
  if (name == "rss") {
    for (const xmlNode* channel : Children(root, "channel")) {
      for (const xmlNode* item : Children(channel, "item")) items.Add(ItemLink(item, false));
    }
  } else if (name == "RDF") {
    for (const xmlNode* item : Children(root, "item")) items.Add(ItemLink(item, false));
  } else if (name == "feed") {
    for (const xmlNode* entry : Children(root, "entry")) items.Add(ItemLink(entry, true));
  } else if (name == "urlset") {
    listing.kind = FeedListing::Kind::kSitemap;
    for (const xmlNode* url : Children(root, "url")) {
      for (const xmlNode* loc : Children(url, "loc")) items.Add(Text(loc));
    }
  } else if (name == "sitemapindex") {
    listing.kind = FeedListing::Kind::kSitemapIndex;
    Collector maps(base_url, &listing.sitemaps);
    for (const xmlNode* map : Children(root, "sitemap")) {
      for (const xmlNode* loc : Children(map, "loc")) maps.Add(Text(loc));
    }
  } else {
    return InvalidArgument("not a feed or sitemap: the root element is <" + std::string(name) +
                           ">");
  }
  return listing;
}

}  // namespace warta
