// The feed reader: RSS 2.0, RSS 1.0 (RDF) and Atom items to RawArticles.
//
// The feed streams through libxml2's SAX2 push parser, chunk by chunk, so
// memory holds one item, not the feed, and every item parsed before a
// damaged spot is delivered. Only the element, text and reference callbacks
// are set: no tree is built, and with no getEntity or resolveEntity
// callback no entity declared in the document is ever looked up, so none is
// expanded (no "billion laughs") and none is loaded from a file or the
// network (no XXE); XML_PARSE_NONET is set too, and XML_PARSE_NOENT,
// XML_PARSE_DTDLOAD and XML_PARSE_HUGE are not, so libxml2's default limits
// hold (256 levels of nesting, 10 MB per text node). A reference to any
// entity but the five predefined ones and character references is thus an
// "Entity 'x' not defined" error, and the reference is dropped.
// XML_PARSE_RECOVER lets reading go on past a well-formedness error, such as
// an undeclared &nbsp; in a feed written by hand; the first error is
// reported with its line, and the items read whole are kept.
//
// Each item (RSS <item>, Atom <entry>) becomes an article:
//   content   content:encoded, else description (RSS: HTML, kind html); Atom
//             content, else summary (kind html for type html or xhtml, text
//             for type text); xhtml content is written back as markup;
//   url, id   link (Atom: the alternate link); else a permalink guid; the id
//             falls back to the guid or Atom id, then "<file id>:item N";
//   title     the item's title;
//   published pubDate (RFC 822, converted to ISO 8601), dc:date, Atom
//             published, else updated;
//   outlet    the channel's (feed's) title, when it comes before the item;
//   lang      the channel's language or xml:lang, as a primary subtag;
//   author    RSS author and dc:creator, Atom author/name and dc:creator, in
//             document order, the same name kept once, several joined with
//             ", ". RSS 2.0's author is an e-mail address: "jd@example.com
//             (Jane Doe)" gives "Jane Doe", a bare address gives nothing.
// An item with no content, description or summary, or with a field over
// ReadOptions::max_article_bytes, is reported as "item N at line L" and
// skipped.
//
// Tested by feed_test.cc.
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byte_reader.h"
#include "formats.h"
#include "warta/dates.h"

namespace warta::read_internal {
namespace {

constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_RECOVER;

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kRss1Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return std::string(s);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view View(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// True when `s` starts with a valid ISO date YYYY-MM-DD.
bool StartsWithIsoDate(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// "en-US" -> "en"; "" when not a two- or three-letter primary subtag.
std::string PrimaryLanguage(std::string_view tag) {
  std::string lower = LowerAscii(Trim(tag));
  size_t end = lower.find_first_of("-_");
  lower = lower.substr(0, end);
  if (lower.size() < 2 || lower.size() > 3) return "";
  for (char c : lower) {
    if (c < 'a' || c > 'z') return "";
  }
  return lower;
}

// Escapes text for XML (and HTML) markup.
void AppendEscaped(std::string_view text, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      default:
        *out += c;
    }
  }
}

// What the reader collects of one item.
struct Item {
  std::string title, link, guid, atom_id, description, content_encoded;
  std::string content, content_type, summary, summary_type;
  std::string pub_date, dc_date, published, updated, lang;
  std::vector<std::string> authors;  // names, each once, in document order
  bool guid_is_permalink = true;
  bool content_has_src = false;
  bool too_large = false;
  int line = 0;
};

// An element whose text is being collected.
enum class Field {
  kNone,
  kFeedTitle,
  kFeedLanguage,
  kTitle,
  kLink,
  kGuid,
  kAtomId,
  kDescription,
  kContentEncoded,
  kContent,
  kSummary,
  kPubDate,
  kDcDate,
  kPublished,
  kUpdated,
  kAuthor,     // dc:creator, Atom author/name: a name
  kRssAuthor,  // RSS author: an e-mail address, with the name in brackets
};

// One attribute of a SAX2 start tag: libxml2 passes five pointers each.
struct SaxAttribute {
  std::string_view local, prefix, value;
};

std::vector<SaxAttribute> Attributes(int count, const xmlChar** attributes) {
  std::vector<SaxAttribute> out;
  for (int i = 0; i < count; ++i) {
    const xmlChar** a = attributes + 5 * i;
    const char* begin = reinterpret_cast<const char*>(a[3]);
    const char* end = reinterpret_cast<const char*>(a[4]);
    out.push_back(
        {View(a[0]), View(a[1]), std::string_view(begin, static_cast<size_t>(end - begin))});
  }
  return out;
}

std::string AttributeValue(const std::vector<SaxAttribute>& attributes, std::string_view local,
                           std::string_view prefix = "") {
  for (const SaxAttribute& a : attributes) {
    if (a.local == local && a.prefix == prefix) return std::string(a.value);
  }
  return "";
}

// `text` with its runs of white space made one space, and trimmed.
std::string CollapseSpace(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The name in an RSS 2.0 author, which the specification makes an e-mail
// address: "jd@example.com (Jane Doe)" -> "Jane Doe"; "Jane Doe
// <jd@example.com>" -> "Jane Doe"; "jd@example.com" -> "" (no name); a
// plain name, as many feeds write, is kept.
std::string RssAuthorName(std::string_view text) {
  std::string author = CollapseSpace(text);
  if (author.empty()) return "";
  size_t open = author.find('(');
  if (open != std::string::npos && author.back() == ')' &&
      author.substr(0, open).find('@') != std::string::npos) {
    return CollapseSpace(std::string_view(author).substr(open + 1, author.size() - open - 2));
  }
  size_t angle = author.find('<');
  if (angle != std::string::npos && author.back() == '>' &&
      author.find('@', angle) != std::string::npos) {
    return CollapseSpace(std::string_view(author).substr(0, angle));
  }
  if (author.find('@') != std::string::npos && author.find(' ') == std::string::npos) return "";
  return author;
}

std::string QualifiedName(const xmlChar* local, const xmlChar* prefix) {
  std::string name;
  if (prefix) name = std::string(View(prefix)) + ":";
  return name + std::string(View(local));
}

constexpr size_t kChunkBytes = 64 << 10;

class FeedReader {
 public:
  FeedReader(const std::string& input, const std::string& id, const ReadOptions& options,
             Sink& sink)
      : input_(input), id_(id), options_(options), sink_(sink) {}

  void Run(ByteReader& bytes, bool converted) {
    xmlInitParser();
    // Only the SAX2 callbacks below: no tree is built, and with no
    // getEntity, resolveEntity or externalSubset handler no entity is ever
    // looked up, expanded or loaded.
    xmlSAXHandler sax{};
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = &FeedReader::OnStartThunk;
    sax.endElementNs = &FeedReader::OnEndThunk;
    sax.characters = &FeedReader::OnTextThunk;
    sax.cdataBlock = &FeedReader::OnTextThunk;
    sax.serror = &FeedReader::OnErrorThunk;
    auto buffer = std::make_unique<char[]>(kChunkBytes);
    std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(
        xmlCreatePushParserCtxt(&sax, this, nullptr, 0, nullptr), [](xmlParserCtxtPtr c) {
          // libxml2 keeps a document's entity declarations in a document of
          // its own making (for expat compatibility), which the context does
          // not free.
          if (c->myDoc) xmlFreeDoc(c->myDoc);
          c->myDoc = nullptr;
          xmlFreeParserCtxt(c);
        });
    if (!ctxt) {
      sink_.Report("", Internal("cannot create an XML parser"));
      return;
    }
    xmlCtxtUseOptions(ctxt.get(), converted ? kParseOptions | XML_PARSE_IGNORE_ENC : kParseOptions);
    ctxt_ = ctxt.get();
    Status io;
    for (;;) {
      Result<size_t> got = bytes.Read(buffer.get(), kChunkBytes);
      if (!got.ok()) {
        io = got.status();
        break;
      }
      bool last = *got == 0;
      xmlParseChunk(ctxt_, buffer.get(), static_cast<int>(*got), last ? 1 : 0);
      if (last || stop_) break;
    }
    if (!io.ok()) {
      sink_.Report("", io);
    } else if (stop_) {
      // Reported where it was found.
    } else if (errors_ > 0) {
      std::string more =
          errors_ > 1 ? " (and " + std::to_string(errors_ - 1) + " more errors)" : "";
      sink_.Report("line " + std::to_string(error_line_),
                   InvalidArgument("malformed XML: " + error_ + more));
    } else if (!saw_root_) {
      sink_.Report("", InvalidArgument("empty XML document"));
    }
  }

 private:
  // The callbacks run inside libxml2's C code, which no exception may
  // cross: one stops the parse and is reported after it.
  template <typename Fn>
  static void Guard(void* user, Fn&& fn) {
    auto* self = static_cast<FeedReader*>(user);
    try {
      fn(self);
    } catch (const std::bad_alloc&) {
      self->Abort(ResourceExhausted("out of memory"));
    } catch (const std::exception& e) {
      self->Abort(Internal(std::string("unexpected exception: ") + e.what()));
    }
  }
  static void OnStartThunk(void* user, const xmlChar* local, const xmlChar* prefix,
                           const xmlChar* uri, int, const xmlChar**, int nb_attributes, int,
                           const xmlChar** attributes) {
    Guard(user, [&](FeedReader* self) {
      self->OnStart(local, prefix, uri, Attributes(nb_attributes, attributes));
    });
  }
  static void OnEndThunk(void* user, const xmlChar* local, const xmlChar* prefix, const xmlChar*) {
    Guard(user, [&](FeedReader* self) { self->OnEnd(local, prefix); });
  }
  static void OnTextThunk(void* user, const xmlChar* text, int len) {
    Guard(user, [&](FeedReader* self) {
      self->OnText(std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(len)));
    });
  }
  static void OnErrorThunk(void* user, xmlErrorPtr error) {
    auto* self = static_cast<FeedReader*>(user);
    if (error == nullptr || error->level < XML_ERR_ERROR) return;
    if (self->errors_++ > 0) return;
    self->error_line_ = error->line;
    self->error_ = Trim(error->message ? error->message : "unknown error");
  }

  int Line() const { return ctxt_ ? xmlSAX2GetLineNumber(ctxt_) : 0; }

  void Abort(Status status) {
    if (!stop_) sink_.Report("", std::move(status));
    stop_ = true;
    xmlStopParser(ctxt_);
  }

  void OnText(std::string_view text) {
    if (field_ == Field::kNone) return;
    if (xhtml_) {
      std::string escaped;
      AppendEscaped(text, &escaped);
      Append(escaped);
    } else {
      Append(text);
    }
  }

  void OnStart(const xmlChar* local_name, const xmlChar* prefix, const xmlChar* uri,
               const std::vector<SaxAttribute>& attributes) {
    if (stop_) return;
    int depth = depth_++;
    std::string_view local = View(local_name);
    std::string_view ns = View(uri);
    if (stack_.size() <= static_cast<size_t>(depth)) {
      stack_.resize(static_cast<size_t>(depth) + 1);
    }
    stack_[static_cast<size_t>(depth)] = std::string(local);
    if (!saw_root_) {
      saw_root_ = true;
      atom_ = local == "feed";
      if (!IsFeedRoot(local)) {
        sink_.Report("", InvalidArgument("not an RSS or Atom feed: root "
                                         "element <" +
                                         Trim(local.substr(0, 40)) + ">"));
        stop_ = true;
        xmlStopParser(ctxt_);
        return;
      }
      feed_lang_ = PrimaryLanguage(AttributeValue(attributes, "lang", "xml"));
      return;
    }
    if (field_ != Field::kNone) {
      // Markup inside a field: written back when the field is xhtml.
      if (xhtml_) {
        // (Appended, not "<" + name: GCC 12 at -O3 takes that for an
        // overlapping copy and warns, which -Werror makes fatal.)
        std::string tag = "<";
        tag += QualifiedName(local_name, prefix);
        for (const SaxAttribute& a : attributes) {
          tag += " ";
          if (!a.prefix.empty()) tag += std::string(a.prefix) + ":";
          // libxml2 hands attribute values with "&" already written as
          // "&#38;"; only the quote and "<" need escaping here.
          tag += std::string(a.local) + "=\"";
          for (char c : a.value) {
            if (c == '"') {
              tag += "&quot;";
            } else if (c == '<') {
              tag += "&lt;";
            } else {
              tag += c;
            }
          }
          tag += "\"";
        }
        Append(tag + ">");
        open_tag_end_ = text_.size();
      }
      return;
    }
    bool plain_ns = ns.empty() || ns == kRss1Ns;
    bool atom_ns = ns.empty() || ns == kAtomNs;
    if (item_depth_ < 0) {
      bool is_item = atom_ ? (local == "entry" && atom_ns) : (local == "item" && plain_ns);
      if (is_item) {
        item_depth_ = depth;
        item_ = Item();
        in_atom_author_ = false;
        item_.line = Line();
        item_.lang = PrimaryLanguage(AttributeValue(attributes, "lang", "xml"));
        ++items_;
        return;
      }
      // The feed's own title and language.
      std::string_view parent =
          depth > 0 ? std::string_view(stack_[depth - 1]) : std::string_view();
      bool feed_level = atom_ ? depth == 1 : (depth == 2 && parent == "channel");
      if (!feed_level) return;
      if (local == "title" && (atom_ ? atom_ns : plain_ns)) {
        Begin(Field::kFeedTitle, depth, "");
      } else if (!atom_ && local == "language" && (plain_ns || ns == kDcNs)) {
        Begin(Field::kFeedLanguage, depth, "");
      }
      return;
    }
    // Atom: the name inside an entry's <author>.
    if (in_atom_author_ && depth == item_depth_ + 2 && atom_ns && local == "name") {
      Begin(Field::kAuthor, depth, "");
      return;
    }
    if (depth != item_depth_ + 1) return;
    if (ns == kDcNs && local == "creator") {
      Begin(Field::kAuthor, depth, "");
      return;
    }
    if (atom_) {
      if (!atom_ns) return;
      if (local == "author") {
        in_atom_author_ = true;
      } else if (local == "title") {
        Begin(Field::kTitle, depth, "");
      } else if (local == "link") {
        std::string rel = AttributeValue(attributes, "rel");
        std::string href = Trim(AttributeValue(attributes, "href"));
        if ((rel.empty() || rel == "alternate") && item_.link.empty()) {
          item_.link = href;
        }
      } else if (local == "id") {
        Begin(Field::kAtomId, depth, "");
      } else if (local == "content") {
        item_.content_type = LowerAscii(AttributeValue(attributes, "type"));
        item_.content_has_src = !AttributeValue(attributes, "src").empty();
        Begin(Field::kContent, depth, item_.content_type);
      } else if (local == "summary") {
        item_.summary_type = LowerAscii(AttributeValue(attributes, "type"));
        Begin(Field::kSummary, depth, item_.summary_type);
      } else if (local == "published") {
        Begin(Field::kPublished, depth, "");
      } else if (local == "updated") {
        Begin(Field::kUpdated, depth, "");
      }
      return;
    }
    if (ns == kContentNs && local == "encoded") {
      Begin(Field::kContentEncoded, depth, "");
    } else if (ns == kDcNs && local == "date") {
      Begin(Field::kDcDate, depth, "");
    } else if (!plain_ns) {
      return;
    } else if (local == "title") {
      Begin(Field::kTitle, depth, "");
    } else if (local == "link") {
      Begin(Field::kLink, depth, "");
    } else if (local == "guid") {
      item_.guid_is_permalink =
          LowerAscii(Trim(AttributeValue(attributes, "isPermaLink"))) != "false";
      Begin(Field::kGuid, depth, "");
    } else if (local == "description") {
      Begin(Field::kDescription, depth, "");
    } else if (local == "pubDate") {
      Begin(Field::kPubDate, depth, "");
    } else if (local == "author") {
      Begin(Field::kRssAuthor, depth, "");
    }
  }

  void OnEnd(const xmlChar* local, const xmlChar* prefix) {
    if (stop_) return;
    // Recovery from a malformed feed may end more elements than it started.
    if (depth_ > 0) --depth_;
    int depth = depth_;
    if (field_ != Field::kNone) {
      if (depth > field_depth_) {
        if (!xhtml_) return;
        if (text_.size() == open_tag_end_ && !text_.empty()) {
          text_.insert(text_.size() - 1, "/");  // <br></br> -> <br/>
        } else {
          Append("</" + QualifiedName(local, prefix) + ">");
        }
        return;
      }
      End();
      return;
    }
    // Only the open <author> can end at the entry's child level.
    if (in_atom_author_ && depth == item_depth_ + 1) in_atom_author_ = false;
    if (item_depth_ >= 0 && depth == item_depth_) {
      item_depth_ = -1;
      FinishItem();
    }
  }

  void Begin(Field field, int depth, const std::string& type) {
    field_ = field;
    field_depth_ = depth;
    xhtml_ = type == "xhtml";
    text_.clear();
  }

  void Append(std::string_view text) {
    if (text_.size() + text.size() > options_.max_article_bytes) {
      if (item_depth_ >= 0) item_.too_large = true;
      return;
    }
    text_.append(text);
  }

  void End() {
    Field field = field_;
    field_ = Field::kNone;
    xhtml_ = false;
    std::string text = std::move(text_);
    text_.clear();
    switch (field) {
      case Field::kNone:
        break;
      case Field::kFeedTitle:
        outlet_ = Trim(text);
        break;
      case Field::kFeedLanguage:
        feed_lang_ = PrimaryLanguage(text);
        break;
      case Field::kTitle:
        item_.title = Trim(text);
        break;
      case Field::kLink:
        item_.link = Trim(text);
        break;
      case Field::kGuid:
        item_.guid = Trim(text);
        break;
      case Field::kAtomId:
        item_.atom_id = Trim(text);
        break;
      case Field::kDescription:
        item_.description = std::move(text);
        break;
      case Field::kContentEncoded:
        item_.content_encoded = std::move(text);
        break;
      case Field::kContent:
        item_.content = std::move(text);
        break;
      case Field::kSummary:
        item_.summary = std::move(text);
        break;
      case Field::kPubDate:
        item_.pub_date = Trim(text);
        break;
      case Field::kDcDate:
        item_.dc_date = Trim(text);
        break;
      case Field::kPublished:
        item_.published = Trim(text);
        break;
      case Field::kUpdated:
        item_.updated = Trim(text);
        break;
      case Field::kAuthor:
        AddAuthor(CollapseSpace(text));
        break;
      case Field::kRssAuthor:
        AddAuthor(RssAuthorName(text));
        break;
    }
  }

  void AddAuthor(std::string name) {
    if (name.empty()) return;
    for (const std::string& known : item_.authors) {
      if (known == name) return;
    }
    item_.authors.push_back(std::move(name));
  }

  // Atom: html and xhtml (and HTML media types) are pages; text is text.
  static ContentKind AtomKind(const std::string& type) {
    return type.find("html") != std::string::npos ? ContentKind::kHtml : ContentKind::kText;
  }

  static std::string IsoOrEmpty(const std::string& date) {
    return StartsWithIsoDate(date) ? date : "";
  }

  void FinishItem() {
    std::string where = "item " + std::to_string(items_) + " at line " + std::to_string(item_.line);
    if (item_.too_large) {
      sink_.Report(where, ResourceExhausted("item exceeds the limit of " +
                                            std::to_string(options_.max_article_bytes) + " bytes"));
      return;
    }
    RawArticle article;
    if (atom_) {
      if (!item_.content_has_src && !Trim(item_.content).empty()) {
        article.content = std::move(item_.content);
        article.kind = AtomKind(item_.content_type);
      } else if (!Trim(item_.summary).empty()) {
        article.content = std::move(item_.summary);
        article.kind = AtomKind(item_.summary_type);
      }
      article.published = IsoOrEmpty(item_.published);
      if (article.published.empty()) article.published = IsoOrEmpty(item_.updated);
    } else {
      if (!Trim(item_.content_encoded).empty()) {
        article.content = std::move(item_.content_encoded);
      } else if (!Trim(item_.description).empty()) {
        article.content = std::move(item_.description);
      }
      article.kind = ContentKind::kHtml;
      article.published = Rfc822ToIso(item_.pub_date);
      if (article.published.empty()) article.published = IsoOrEmpty(item_.pub_date);
      if (article.published.empty()) article.published = IsoOrEmpty(item_.dc_date);
    }
    if (article.content.empty()) {
      sink_.Report(where, InvalidArgument(atom_ ? "entry has neither content nor summary"
                                                : "item has neither content:encoded nor "
                                                  "description"));
      return;
    }
    article.url = item_.link;
    if (article.url.empty() && item_.guid_is_permalink &&
        (StartsWith(item_.guid, "http://") || StartsWith(item_.guid, "https://"))) {
      article.url = item_.guid;
    }
    article.id = article.url;
    if (article.id.empty()) article.id = item_.guid;
    if (article.id.empty()) article.id = item_.atom_id;
    if (article.id.empty()) article.id = id_ + ":item " + std::to_string(items_);
    article.title = std::move(item_.title);
    for (const std::string& name : item_.authors) {
      if (!article.author.empty()) article.author += ", ";
      article.author += name;
    }
    article.outlet = outlet_;
    article.lang = item_.lang.empty() ? feed_lang_ : item_.lang;
    article.origin = input_ + ":item " + std::to_string(items_);
    sink_.Deliver(where, std::move(article));
  }

  const std::string& input_;
  const std::string& id_;
  const ReadOptions& options_;
  Sink& sink_;
  xmlParserCtxtPtr ctxt_ = nullptr;
  int depth_ = 0;            // elements open
  size_t open_tag_end_ = 0;  // size of text_ after the last xhtml start tag
  int errors_ = 0;
  int error_line_ = 0;
  std::string error_;  // the first error's message
  bool saw_root_ = false;
  bool stop_ = false;
  bool atom_ = false;
  std::vector<std::string> stack_;  // local names of the open elements
  std::string outlet_, feed_lang_;
  int item_depth_ = -1;  // depth of the open item, or -1
  bool in_atom_author_ = false;  // inside an entry's <author>
  size_t items_ = 0;
  Item item_;
  Field field_ = Field::kNone;
  int field_depth_ = 0;
  bool xhtml_ = false;  // the field's markup is kept
  std::string text_;
};

}  // namespace

std::string Rfc822ToIso(std::string_view date) {
  std::optional<Rfc822Date> parsed = ParseRfc822(date);
  // A feed's date without a time is left to the other date fields.
  if (!parsed || !parsed->has_time) return "";
  char buf[80];
  std::snprintf(buf, sizeof(buf), "%sT%02d:%02d:%02d", parsed->date.Iso().c_str(), parsed->hour,
                parsed->minute, parsed->second);
  return buf + parsed->zone;
}

std::string XmlRootName(std::string_view head) {
  size_t i = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  for (;;) {
    while (i < head.size() && IsSpace(head[i])) ++i;
    if (i >= head.size() || head[i] != '<') return "";
    std::string_view rest = head.substr(i);
    size_t end = std::string_view::npos;
    if (StartsWith(rest, "<?")) {
      end = rest.find("?>");
      if (end != std::string_view::npos) end += 2;
    } else if (StartsWith(rest, "<!--")) {
      end = rest.find("-->");
      if (end != std::string_view::npos) end += 3;
    } else if (StartsWith(rest, "<!")) {
      // <!DOCTYPE name [internal subset]>
      size_t bracket = rest.find('[');
      size_t close = rest.find('>');
      if (bracket != std::string_view::npos && bracket < close) {
        size_t subset_end = rest.find("]", bracket);
        if (subset_end == std::string_view::npos) return "";
        close = rest.find('>', subset_end);
      }
      if (close != std::string_view::npos) end = close + 1;
    } else {
      size_t n = 1;
      while (n < rest.size()) {
        unsigned char c = static_cast<unsigned char>(rest[n]);
        bool name_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '-' || c == '.' ||
                         c >= 0x80;
        if (!name_char) break;
        ++n;
      }
      if (n == 1 || n >= rest.size()) return "";
      return std::string(rest.substr(1, n - 1));
    }
    if (end == std::string_view::npos) return "";
    i += end;
  }
}

bool IsFeedRoot(std::string_view root) {
  // The local name: "rdf:RDF" -> "RDF"; npos + 1 is 0 when there is no prefix.
  std::string_view local = root.substr(root.rfind(':') + 1);
  return local == "rss" || local == "feed" || local == "RDF";
}

void ReadFeed(const std::string& input, const std::string& id, ByteReader& reader,
              const ReadOptions& options, Sink& sink, bool converted) {
  FeedReader(input, id, options, sink).Run(reader, converted);
}

}  // namespace warta::read_internal
