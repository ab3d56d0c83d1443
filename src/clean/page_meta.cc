// Page metadata: title, author, dates, site, canonical URL and language.
//
// One walk over the tree collects every candidate: <title>, <meta> tags by
// name/property/itemprop, JSON-LD blocks, <time> elements, elements marked
// itemprop="datePublished" or "author", elements whose class or id says
// date or byline, and <link rel=canonical>. Each field is then filled from
// its sources in order of trust — JSON-LD (schema.org NewsArticle and kin),
// OpenGraph and other meta tags (data/page/date_meta.tsv lists the date
// keys), <time> and microdata, date-classed elements and bylines, the URL
// (/2024/10/23/), and last the main text — and records the rule that filled
// it in Metadata::provenance ("published" -> "json-ld:datePublished").
// Published and modified dates are kept apart. <time> and date-classed
// elements are taken nearest the <h1> headline first (sidebars and teaser
// lists carry dates too), and a date read from markup is checked against
// the dates the page shows its reader (CheckShownDates).
//
// Tested by page_test.cc.
#include <libxml/tree.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "page_internal.h"
#include "warta/dates.h"

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

// ISO 639-1 code from a language tag: "en-US" -> "en", "de_DE" -> "de".
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

bool IsUrl(std::string_view s) {
  return s.substr(0, 7) == "http://" || s.substr(0, 8) == "https://" ||
         s.substr(0, 1) == "/";
}

// A plausible person or outlet name: short, not a URL.
std::string CleanName(std::string_view raw, const Config& config) {
  std::string s = CollapseSpace(raw);
  if (s.empty() || s.size() > 120 || IsUrl(s)) return "";
  // "By Jane Doe" -> "Jane Doe"
  std::string lower = LowerUtf8(s);
  for (const std::string& p : config.byline_prefixes) {
    if (lower.size() > p.size() + 1 && lower.compare(0, p.size(), p) == 0 &&
        (lower[p.size()] == ' ' || lower[p.size()] == ':')) {
      s = s.substr(p.size() + 1);
      while (!s.empty() && (s[0] == ' ' || s[0] == ':')) s.erase(0, 1);
      break;
    }
  }
  return s;
}

struct Candidates {
  std::string title, og_title, og_site, og_url, canonical, html_lang,
      meta_lang, og_locale, app_name;
  std::vector<std::pair<std::string, std::string>> metas;  // key, content
  std::vector<std::string> json_ld;
  // <time> elements: datetime attribute (or text), and whether marked as
  // publication (pubdate, itemprop, class) or modification.
  struct Time {
    std::string value;
    int kind;   // 0 plain, 1 published, 2 modified
    int order;  // element number in document order
  };
  std::vector<Time> times;
  // Element number of the first <h1> in the body (the headline), or -1,
  // and its text.
  int h1_order = -1;
  std::string h1_text;
  std::string itemprop_published, itemprop_modified, itemprop_author;
  struct DateText {
    std::string text;
    int order;
  };
  std::vector<DateText> date_texts;       // text of date-classed elements
  std::vector<std::string> byline_texts;  // text of author-classed elements
  std::string rel_author;
};

// True when `cls` contains one of the lower-case `words`, ignoring ASCII
// case. No allocation: this runs for every element. The value is lowered
// once into a buffer (its first 256 bytes) and each word found with
// string_view::find (measured: a third of the time of comparing case-blind
// at every offset).
bool ClassSays(std::string_view cls, std::initializer_list<const char*> words) {
  if (cls.empty()) return false;
  char buf[256];
  size_t n = cls.size() < sizeof(buf) ? cls.size() : sizeof(buf);
  for (size_t i = 0; i < n; ++i) {
    char c = cls[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  std::string_view lower(buf, n);
  for (const char* w : words) {
    if (lower.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// A site's logo set as an <h1> is no headline: "<h1><a href="/"
// class="logo">Example Radio</a></h1>" heads every page of the site, and a
// date beside it is the day's date of the site header. An <h1> whose first
// element is a link to the site's home (a path of "/" or none) is one.
bool IsLogoHeading(const xmlNode* h1) {
  for (const xmlNode* k = h1->children; k != nullptr; k = k->next) {
    if (k->type != XML_ELEMENT_NODE) continue;
    if (k->name == nullptr || std::string_view(reinterpret_cast<const char*>(
                                  k->name)) != "a")
      return false;
    std::string_view href = Attr(k, "href");
    size_t scheme = href.find("://");
    if (scheme != std::string_view::npos) {
      size_t path = href.find('/', scheme + 3);
      href = path == std::string_view::npos ? std::string_view("/")
                                            : href.substr(path);
    }
    return href == "/";
  }
  return false;
}

void Collect(xmlNode* root, Candidates* c) {
  std::unordered_map<std::string_view, int> class_cache;
  xmlNode* n = root;
  int order = 0;
  while (n != nullptr) {
    bool down = true;
    if (n->type == XML_ELEMENT_NODE) {
      Tag tag = TagOf(n);
      ++order;
      if (tag == Tag::kHeading && c->h1_order < 0 && n->name[1] == '1' &&
          !IsLogoHeading(n)) {
        c->h1_order = order;
        c->h1_text = TextOf(n, 300);
      }
      std::string_view name(reinterpret_cast<const char*>(n->name));
      if (tag == Tag::kTitle) {
        if (c->title.empty()) c->title = TextOf(n, 2000);
        down = false;
      } else if (tag == Tag::kMeta) {
        std::string key = LowerAscii(Attr(n, "property"));
        if (key.empty()) key = LowerAscii(Attr(n, "name"));
        if (key.empty()) key = LowerAscii(Attr(n, "itemprop"));
        if (key.empty()) key = LowerAscii(Attr(n, "http-equiv"));
        std::string content = CollapseSpace(Attr(n, "content"));
        if (!key.empty() && !content.empty() && c->metas.size() < 400)
          c->metas.emplace_back(key, content);
      } else if (name == "script") {
        if (LowerAscii(Attr(n, "type")).find("ld+json") != std::string::npos &&
            c->json_ld.size() < 16) {
          std::string text;
          for (xmlNode* k = n->children; k != nullptr; k = k->next)
            text += Content(k);
          c->json_ld.push_back(std::move(text));
        }
        down = false;
      } else if (name == "link") {
        std::string rel = LowerAscii(Attr(n, "rel"));
        if (rel == "canonical" && c->canonical.empty())
          c->canonical = std::string(Attr(n, "href"));
      } else if (tag == Tag::kSkip) {
        down = false;
      } else {
        std::string_view itemprop = Attr(n, "itemprop");
        if (itemprop.empty()) {
          // RDFa: property="schema:datePublished" content="...".
          std::string_view prop = Attr(n, "property");
          if (prop.substr(0, 7) == "schema:") itemprop = prop.substr(7);
        }
        std::string_view cls = Attr(n, "class");
        if (tag == Tag::kTime && c->times.size() < 32) {
          std::string v(Attr(n, "datetime"));
          if (v.empty()) v = TextOf(n, 200);
          int kind = 0;
          if (HasAttr(n, "pubdate") || itemprop == "datePublished" ||
              ClassSays(cls, {"publish", "entry-date", "post-date", "created"}))
            kind = 1;
          else if (itemprop == "dateModified" ||
                   ClassSays(cls, {"updated", "modified"}))
            kind = 2;
          c->times.push_back({v, kind, order});
        }
        if (!itemprop.empty()) {
          if ((itemprop == "datePublished" || itemprop == "dateCreated") &&
              c->itemprop_published.empty()) {
            std::string v(Attr(n, "content"));
            if (v.empty()) v = std::string(Attr(n, "datetime"));
            if (v.empty()) v = TextOf(n, 200);
            c->itemprop_published = v;
          } else if (itemprop == "dateModified" && c->itemprop_modified.empty()) {
            std::string v(Attr(n, "content"));
            if (v.empty()) v = std::string(Attr(n, "datetime"));
            if (v.empty()) v = TextOf(n, 200);
            c->itemprop_modified = v;
          } else if (itemprop == "author" && c->itemprop_author.empty()) {
            std::string v(Attr(n, "content"));
            if (v.empty()) v = TextOf(n, 200);
            c->itemprop_author = v;
          }
        }
        if (tag == Tag::kA && c->rel_author.empty() &&
            LowerAscii(Attr(n, "rel")) == "author")
          c->rel_author = TextOf(n, 200);
        std::string_view id = Attr(n, "id");
        int says = 0;  // 1: date-classed, 2: author-classed
        if (!cls.empty()) {
          // Pages repeat their class names: one answer per distinct one.
          auto it = class_cache.find(cls);
          if (it != class_cache.end()) {
            says = it->second;
          } else {
            // "submitted": the line under a post that says who saved it
            // when ("Submitted by jane on 24. Juli 2017").
            if (ClassSays(cls, {"date", "time", "publish", "posted", "datum",
                                "fecha", "meta", "submitted"}))
              says |= 1;
            if (ClassSays(cls, {"author", "byline", "autor"})) says |= 2;
            class_cache.emplace(cls, says);
          }
        }
        if (!id.empty()) {
          if (ClassSays(id, {"date", "time", "publish"})) says |= 1;
          if (ClassSays(id, {"author", "byline"})) says |= 2;
        }
        // A <time> is a candidate already, with its kind.
        if ((says & 1) && tag != Tag::kTime && c->date_texts.size() < 48) {
          std::string t = TextOf(n, 300);
          if (!t.empty() && t.size() < 300)
            c->date_texts.push_back({std::move(t), order});
        }
        if ((says & 2) && c->byline_texts.size() < 8) {
          std::string t = TextOf(n, 200);
          if (!t.empty() && t.size() < 120) c->byline_texts.push_back(t);
        }
      }
    }
    if (down && n->type == XML_ELEMENT_NODE && n->children != nullptr) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n->next == nullptr) n = n->parent;
    if (n != nullptr) n = n->next;
  }
}

// --- JSON-LD ---------------------------------------------------------------

// How much an object of this @type is the page's article: 2 for an
// article proper ("NewsArticle", "BlogPosting", "Report"), 1 for the page
// or another work that can be one ("WebPage", "Recipe", "VideoObject"),
// 0 for anything else (an Organization, a BreadcrumbList). In a @graph
// holding both a WebPage and its NewsArticle, the article's dates win.
int ArticleRank(const nlohmann::json& type) {
  auto one = [](const std::string& t) {
    if (t.find("Article") != std::string::npos ||
        t.find("Posting") != std::string::npos || t == "Report")
      return 2;
    if (t == "WebPage" || t == "ItemPage" || t == "Recipe" ||
        t == "VideoObject" || t == "Review" || t == "Event")
      return 1;
    return 0;
  };
  if (type.is_string()) return one(type.get<std::string>());
  int best = 0;
  if (type.is_array()) {
    for (const auto& t : type) {
      if (t.is_string()) best = std::max(best, one(t.get<std::string>()));
    }
  }
  return best;
}

// A string value, also when written as ["..."] or {"@value": "..."}.
std::string JsonString(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array() && !v.empty()) return JsonString(v.front());
  if (v.is_object()) {
    auto it = v.find("@value");
    if (it != v.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

// Name of a person, organisation or list of them.
std::string JsonName(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end()) return JsonName(*it);
    return "";
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string n = JsonName(e);
      if (n.empty()) continue;
      if (!out.empty()) out += ", ";
      out += n;
      if (out.size() > 200) break;
    }
    return out;
  }
  return "";
}

struct JsonLdFacts {
  std::string published, modified, created, headline, author, publisher, url,
      lang;
  int rank = 0;  // ArticleRank of the object the facts came from
};

void VisitJsonLd(const nlohmann::json& j, JsonLdFacts* f, int depth) {
  if (depth > 6) return;
  if (j.is_array()) {
    for (const auto& e : j) VisitJsonLd(e, f, depth + 1);
    return;
  }
  if (!j.is_object()) return;
  auto graph = j.find("@graph");
  if (graph != j.end()) VisitJsonLd(*graph, f, depth + 1);
  auto type = j.find("@type");
  int rank = type != j.end() ? ArticleRank(*type) : 0;
  // A WebPage whose article is nested in it: {"@type": "WebPage",
  // "mainEntity": {"@type": "NewsArticle", "datePublished": ...}}.
  for (const char* key : {"mainEntity", "mainEntityOfPage"}) {
    auto nested = j.find(key);
    if (nested != j.end() && (nested->is_object() || nested->is_array()))
      VisitJsonLd(*nested, f, depth + 1);
  }
  // A higher-ranked object replaces facts taken from lower ones; an object
  // of the same rank only fills gaps (the first article wins); an object
  // that is no article only gives a date when nothing has.
  auto get = [&](const char* key) {
    auto it = j.find(key);
    return it == j.end() ? std::string() : JsonString(*it);
  };
  std::string pub = get("datePublished");
  if (rank < f->rank) return;
  if (rank == 0 && (pub.empty() || !f->published.empty())) return;
  if (rank > f->rank) {
    // The article's own dates, else those of the page that holds it.
    JsonLdFacts lower = std::move(*f);
    *f = JsonLdFacts();
    f->rank = rank;
    if (!pub.empty()) {
      f->published = pub;
    } else {
      f->published = std::move(lower.published);
      f->modified = std::move(lower.modified);
    }
  }
  if (f->published.empty()) f->published = pub;
  if (f->modified.empty()) f->modified = get("dateModified");
  if (f->created.empty()) f->created = get("dateCreated");
  if (f->headline.empty()) f->headline = get("headline");
  if (f->url.empty()) f->url = get("url");
  if (f->lang.empty()) f->lang = get("inLanguage");
  auto author = j.find("author");
  if (author != j.end() && f->author.empty()) f->author = JsonName(*author);
  auto publisher = j.find("publisher");
  if (publisher != j.end() && f->publisher.empty())
    f->publisher = JsonName(*publisher);
}

// For JSON-LD that does not parse (raw newlines, trailing commas): the
// string value after "key":.
std::string ScanJsonKey(std::string_view s, std::string_view key) {
  std::string quoted = "\"" + std::string(key) + "\"";
  size_t at = s.find(quoted);
  if (at == std::string_view::npos) return "";
  size_t i = at + quoted.size();
  while (i < s.size() && (s[i] == ' ' || s[i] == ':' || s[i] == '\n' ||
                          s[i] == '\t' || s[i] == '\r'))
    ++i;
  if (i >= s.size() || s[i] != '"') return "";
  size_t end = s.find('"', i + 1);
  if (end == std::string_view::npos || end - i > 100) return "";
  return std::string(s.substr(i + 1, end - i - 1));
}

JsonLdFacts ReadJsonLd(const std::vector<std::string>& blocks) {
  JsonLdFacts f;
  for (const std::string& b : blocks) {
    nlohmann::json j = nlohmann::json::parse(b, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) {
      VisitJsonLd(j, &f, 0);
    } else {
      if (f.published.empty()) f.published = ScanJsonKey(b, "datePublished");
      if (f.modified.empty()) f.modified = ScanJsonKey(b, "dateModified");
    }
  }
  return f;
}

// Indices of `items` (with an element number `order`) in the order they are
// tried: from the headline down, then upwards from it. Without a headline,
// document order.
template <typename T>
std::vector<size_t> NearHeadline(const std::vector<T>& items, int h1) {
  std::vector<size_t> out(items.size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = i;
  if (h1 < 0) return out;
  std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) {
    int da = std::abs(items[a].order - h1), db = std::abs(items[b].order - h1);
    if (da != db) return da < db;
    return items[a].order > items[b].order;
  });
  return out;
}

std::string DateOf(std::string_view value, const Config& config) {
  std::string iso;
  if (value.empty()) return iso;
  FindDate(value.substr(0, 200), config, /*compact=*/false, &iso, nullptr);
  return iso;
}

// The day of a timestamp written with a non-zero offset from UTC
// ("2023-10-31T05:41:58+01:00" or "...+0100" -> "2023-10-31"); "" for any
// other value (UTC, no time of day, another format).
std::string LocalDay(std::string_view raw) {
  while (!raw.empty() && IsSpaceByte(static_cast<unsigned char>(raw.back())))
    raw.remove_suffix(1);
  if (raw.size() < 21 || raw[4] != '-' || raw[7] != '-' ||
      (raw[10] != 'T' && raw[10] != ' ') || raw[13] != ':')
    return "";
  std::string_view off = raw.substr(raw.size() - (raw[raw.size() - 3] == ':' ? 6 : 5));
  if (off[0] != '+' && off[0] != '-') return "";
  bool zero = true;
  for (char ch : off.substr(1)) {
    if (ch == ':') continue;
    if (ch < '0' || ch > '9') return "";
    if (ch != '0') zero = false;
  }
  return zero ? "" : std::string(raw.substr(0, 10));
}

}  // namespace

void ExtractMetadata(xmlNode* root, std::string_view url, const Config& config,
                     Metadata* meta, DateHints* hints) {
  Candidates c;
  c.html_lang = LangCode(Attr(root, "lang"));
  if (c.html_lang.empty()) c.html_lang = LangCode(Attr(root, "xml:lang"));
  Collect(root, &c);
  JsonLdFacts ld = ReadJsonLd(c.json_ld);

  auto meta_value = [&](const char* key) -> std::string {
    for (const auto& [k, v] : c.metas) {
      if (k == key) return v;
    }
    return "";
  };

  // Title.
  Set(meta, &Metadata::title, CollapseSpace(ld.headline), "title",
      "json-ld:headline");
  Set(meta, &Metadata::title, meta_value("og:title"), "title", "og:title");
  Set(meta, &Metadata::title, meta_value("twitter:title"), "title",
      "twitter:title");
  Set(meta, &Metadata::title, c.title, "title", "html:title");

  // Dates. A full date in the page's own address comes first: it is set
  // once when the article is filed and never updated.
  std::string page_url = !c.canonical.empty() ? c.canonical
                         : !meta_value("og:url").empty() ? meta_value("og:url")
                                                         : std::string(url);
  for (std::string_view u : {std::string_view(url), std::string_view(page_url)}) {
    std::string iso;
    if (!u.empty() && FindDate(u, config, /*compact=*/true, &iso, nullptr)) {
      Set(meta, &Metadata::published, iso, "published", "url");
      break;
    }
  }
  // Published dates remember the value they were read from: a UTC
  // timestamp's day may not be the day the page shows (CheckShownDates).
  auto set_published = [&](const std::string& raw, const std::string& rule) {
    if (!meta->published.empty()) return;
    std::string iso = DateOf(raw, config);
    if (iso.empty()) return;
    meta->published = iso;
    meta->provenance["published"] = rule;
    hints->published_raw = raw;
  };
  for (const auto& t : c.times) {
    std::string day = LocalDay(t.value);
    if (!day.empty()) hints->local_days.push_back(std::move(day));
  }
  for (const auto& kv : c.metas) {
    std::string day = LocalDay(kv.second);
    if (!day.empty()) hints->local_days.push_back(std::move(day));
  }
  set_published(ld.published, "json-ld:datePublished");
  Set(meta, &Metadata::modified, DateOf(ld.modified, config), "modified",
      "json-ld:dateModified");
  for (const auto& [key, field] : config.date_meta) {
    std::string v = meta_value(key.c_str());
    if (v.empty()) continue;
    if (field == "published-late") continue;
    if (field == "published") {
      set_published(v, "meta:" + key);
    } else {
      Set(meta, &Metadata::modified, DateOf(v, config), "modified",
          "meta:" + key);
    }
  }
  set_published(ld.created, "json-ld:dateCreated");
  set_published(c.itemprop_published, "itemprop:datePublished");
  Set(meta, &Metadata::modified, DateOf(c.itemprop_modified, config),
      "modified", "itemprop:dateModified");
  // <time> and date-classed elements also sit in sidebars, teasers and
  // comments. The one nearest the headline, when close to it, is the
  // article's own, whatever its kind; else the kinds in order of trust,
  // each nearest the headline first.
  if (c.h1_order >= 0 && meta->published.empty()) {
    int limit = static_cast<int>(config.Weight("date_headline_distance", 50));
    struct Near {
      std::string_view value;
      int distance;
      int rank;  // time:published, time, date-class
    };
    std::vector<Near> near;
    for (const auto& t : c.times) {
      int d = std::abs(t.order - c.h1_order);
      if (t.kind != 2 && d <= limit)
        near.push_back({t.value, d, t.kind == 1 ? 0 : 1});
    }
    for (const auto& t : c.date_texts) {
      int d = std::abs(t.order - c.h1_order);
      if (d <= limit) near.push_back({t.text, d, 2});
    }
    std::stable_sort(near.begin(), near.end(),
                     [](const Near& a, const Near& b) {
                       if (a.distance != b.distance)
                         return a.distance < b.distance;
                       return a.rank < b.rank;
                     });
    static const char* const kRules[] = {"time:published", "time",
                                         "element:date-class"};
    for (const Near& n : near) {
      set_published(std::string(n.value),
                    std::string(kRules[n.rank]) + ":headline");
    }
  }
  // Beyond that distance, <time> elements nearest the headline first,
  // marked or not: a <time class="published"> in a teaser list far below
  // the article is not its date when a plain <time> sits nearer.
  std::vector<size_t> times = NearHeadline(c.times, c.h1_order);
  for (size_t i : times) {
    const auto& t = c.times[i];
    if (t.kind == 1) set_published(t.value, "time:published");
    if (t.kind == 0) set_published(t.value, "time");
    if (t.kind == 2)
      Set(meta, &Metadata::modified, DateOf(t.value, config), "modified",
          "time:modified");
  }
  for (const auto& [key, field] : config.date_meta) {
    if (field != "published-late") continue;
    set_published(meta_value(key.c_str()), "meta:" + key);
  }
  for (size_t i : NearHeadline(c.date_texts, c.h1_order)) {
    Set(meta, &Metadata::published, DateOf(c.date_texts[i].text, config),
        "published", "element:date-class");
  }
  // Descriptions and titles that carry their date: "(Notizia del 14
  // Gennaio 2020)".
  Set(meta, &Metadata::published, DateOf(c.title, config), "published",
      "html:title");
  // A date set inside the headline element, as its stamp: "<h1>Zuschauer
  // zurück<br><small>02.02.2022 • Region</small></h1>". Below the title:
  // a headline that names a date ("Bericht vom 14. Januar 2022") is as
  // likely about it, and the title said so first.
  Set(meta, &Metadata::published, DateOf(c.h1_text, config), "published",
      "html:h1");

  if (std::getenv("WARTA_PAGE_DEBUG") != nullptr) {
    // Development aid: every date source, for comparing rules.
    std::string all = "ld=" + DateOf(ld.published, config) +
                      " ldmod=" + DateOf(ld.modified, config) +
                      " ip=" + DateOf(c.itemprop_published, config);
    for (const auto& [k, v] : c.metas) {
      std::string d = DateOf(v, config);
      if (!d.empty() && k.find("date") != std::string::npos) all += " " + k + "=" + d;
      else if (!d.empty() && k.find("time") != std::string::npos) all += " " + k + "=" + d;
    }
    all += " h1@" + std::to_string(c.h1_order);
    for (const auto& t : c.times)
      all += " time" + std::to_string(t.kind) + "@" + std::to_string(t.order) +
             "=" + DateOf(t.value, config);
    for (const auto& t : c.date_texts) {
      std::string d = DateOf(t.text, config);
      if (!d.empty()) all += " cls@" + std::to_string(t.order) + "=" + d;
    }
    meta->provenance["debug"] = all;
  }

  // Author.
  Set(meta, &Metadata::author, CleanName(ld.author, config), "author",
      "json-ld:author");
  for (const char* key : {"author", "article:author", "parsely-author",
                          "sailthru.author", "dc.creator", "dcterms.creator",
                          "byl", "citation_author"}) {
    Set(meta, &Metadata::author, CleanName(meta_value(key), config), "author",
        std::string("meta:") + key);
  }
  Set(meta, &Metadata::author, CleanName(c.itemprop_author, config), "author",
      "itemprop:author");
  Set(meta, &Metadata::author, CleanName(c.rel_author, config), "author",
      "link:rel-author");
  for (const std::string& t : c.byline_texts) {
    Set(meta, &Metadata::author, CleanName(t, config), "author", "byline");
  }

  // Outlet.
  Set(meta, &Metadata::outlet, meta_value("og:site_name"), "outlet",
      "og:site_name");
  Set(meta, &Metadata::outlet, CleanName(ld.publisher, config), "outlet",
      "json-ld:publisher");
  Set(meta, &Metadata::outlet, meta_value("application-name"), "outlet",
      "meta:application-name");

  // URL.
  Set(meta, &Metadata::url, c.canonical, "url", "link:canonical");
  Set(meta, &Metadata::url, meta_value("og:url"), "url", "og:url");
  Set(meta, &Metadata::url, IsUrl(ld.url) ? ld.url : "", "url", "json-ld:url");
  Set(meta, &Metadata::url, std::string(url), "url", "input");

  // Language.
  Set(meta, &Metadata::lang, c.html_lang, "lang", "html:lang");
  Set(meta, &Metadata::lang, LangCode(meta_value("content-language")), "lang",
      "meta:content-language");
  Set(meta, &Metadata::lang, LangCode(meta_value("og:locale")), "lang",
      "og:locale");
  Set(meta, &Metadata::lang, LangCode(ld.lang), "lang", "json-ld:inLanguage");
}

namespace {

// Hour of a timestamp written in UTC ("2023-11-09T02:11:03Z", "+00:00",
// "+0000"), or -1 for anything else (a local time, a bare date).
int UtcHour(std::string_view raw) {
  while (!raw.empty() && IsSpaceByte(static_cast<unsigned char>(raw.back())))
    raw.remove_suffix(1);
  if (raw.size() < 16 || raw[4] != '-' || raw[7] != '-' ||
      (raw[10] != 'T' && raw[10] != ' ') || raw[13] != ':')
    return -1;
  if (raw[11] < '0' || raw[11] > '2' || raw[12] < '0' || raw[12] > '9')
    return -1;
  bool utc = raw.back() == 'Z' || raw.ends_with("+00:00") ||
             raw.ends_with("+0000") || raw.ends_with("-00:00");
  if (!utc) return -1;
  return (raw[11] - '0') * 10 + (raw[12] - '0');
}

// "2023-11-09" moved by `days` (-1 or +1), across months and years.
std::string ShiftDay(const std::string& iso, int days) {
  int y = std::atoi(iso.substr(0, 4).c_str());
  int m = std::atoi(iso.substr(5, 2).c_str());
  int d = std::atoi(iso.substr(8, 2).c_str());
  auto month_days = [](int yy, int mm) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
    return kDays[mm - 1] + (mm == 2 && leap ? 1 : 0);
  };
  d += days;
  if (d < 1) {
    if (--m < 1) {
      m = 12;
      --y;
    }
    d = month_days(y, m);
  } else if (d > month_days(y, m)) {
    d = 1;
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool Shown(const std::vector<FoundDate>& shown, const std::string& iso,
           size_t first) {
  for (size_t i = 0; i < shown.size() && i < first; ++i) {
    if (shown[i].iso == iso) return true;
  }
  return false;
}

}  // namespace

namespace {

// Whether `before` (lower case, the text just before a date) ends with one
// of `labels`, after trailing spaces, ':' and '-': "erschienen am: ".
bool EndsWithLabel(std::string_view before,
                   const std::vector<std::string>& labels) {
  while (!before.empty() &&
         (IsSpaceByte(static_cast<unsigned char>(before.back())) ||
          before.back() == ':' || before.back() == '-'))
    before.remove_suffix(1);
  for (const std::string& l : labels) {
    if (before.size() < l.size() ||
        before.compare(before.size() - l.size(), l.size(), l) != 0)
      continue;
    size_t at = before.size() - l.size();
    unsigned char c = at == 0 ? ' ' : static_cast<unsigned char>(before[at - 1]);
    // A whole word: "posted", not "unposted".
    if (!((c >= 'a' && c <= 'z') || c >= 0x80)) return true;
  }
  return false;
}

}  // namespace

bool PageTextDate(const xmlNode* root, const Config& config, std::string* iso,
                  std::string* rule) {
  constexpr size_t kMaxDates = 64;  // dates looked at, in document order
  constexpr size_t kAlone = 40;     // a text node this short is a date stamp
  int best = -1;
  size_t seen = 0;
  std::string tail;  // the last bytes of text before the current node
  std::vector<FoundDate> found;
  const xmlNode* n = root;
  while (n != nullptr && seen < kMaxDates && best < 2) {
    if (n->type == XML_TEXT_NODE) {
      std::string t = CollapseSpace(Content(n));
      if (!t.empty()) {
        FindDates(t, config, 8, &found);
        for (const FoundDate& f : found) {
          if (++seen > kMaxDates) break;
          std::string before = LowerUtf8(tail + " " + t.substr(0, f.at));
          int score = EndsWithLabel(before, config.date_labels) ? 2
                      : t.size() <= kAlone                       ? 1
                                                                 : 0;
          if (score > best) {
            best = score;
            *iso = f.iso;
            static const char* const kRules[] = {
                "page-text:date", "page-text:date-alone", "page-text:labelled"};
            *rule = kRules[score];
            if (best == 2) break;
          }
        }
        tail += ' ';
        tail += t;
        if (tail.size() > 64) tail.erase(0, tail.size() - 64);
      }
    }
    if (n->type == XML_ELEMENT_NODE && n->children != nullptr &&
        TagOf(n) != Tag::kSkip) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n != root && n->next == nullptr) n = n->parent;
    if (n == nullptr || n == root) break;
    n = n->next;
  }
  return best >= 0;
}

bool NeedsShownDates(const Metadata& meta, const DateHints& hints) {
  if (meta.published.empty()) return false;
  // A date of the markup alone (JSON-LD, <meta>, itemprop), not one the
  // page writes where it is read (a <time>, a dated element, the URL).
  auto it = meta.provenance.find("published");
  if (it != meta.provenance.end() &&
      (it->second.starts_with("json-ld:") || it->second.starts_with("meta:") ||
       it->second.starts_with("itemprop:")))
    return true;
  if (!meta.modified.empty() && meta.modified != meta.published) return true;
  return UtcHour(hints.published_raw) >= 0;
}

void CheckShownDates(const std::vector<FoundDate>& shown,
                     const DateHints& hints, const Config& config,
                     Metadata* meta) {
  const std::string& published = meta->published;
  if (published.empty() || Shown(shown, published, shown.size())) return;
  // An article re-dated on update shows its reader the modified date and
  // nowhere the first one: the date shown is the date of this version.
  if (!meta->modified.empty() && meta->modified != published &&
      Shown(shown, meta->modified, shown.size())) {
    meta->published = meta->modified;
    meta->provenance["published"] = "shown:modified";
    return;
  }
  // The markup's own local timestamps on the day ("<time
  // datetime="2023-10-31T05:41:58+01:00">" beside "04:41:58Z"): that is the
  // page's day, whatever the first date shown (a teaser's, a sidebar's).
  if (std::find(hints.local_days.begin(), hints.local_days.end(), published) !=
      hints.local_days.end())
    return;
  // A UTC timestamp late or early in the day falls on another calendar day
  // where the page was written: the day before in the Americas, the day
  // after in Asia. The page's own header (its first few dates) says which.
  int hour = UtcHour(hints.published_raw);
  if (hour >= 0) {
    std::string local;
    if (hour < config.Weight("utc_day_before_until_hour", 10))
      local = ShiftDay(published, -1);
    else if (hour >= config.Weight("utc_day_after_from_hour", 14))
      local = ShiftDay(published, 1);
    if (!local.empty() && Shown(shown, local, 1)) {
      meta->published = local;
      meta->provenance["published"] = "shown:local-day";
      return;
    }
  }
  // Neither shown, but the page's first date follows the markup's by a few
  // days (and does not follow the modified date): the markup holds the day
  // the piece was drafted or filed, the page the day it went out
  // (JSON-LD "2011-02-21", the page "03.03.2011" under the headline).
  if (!shown.empty()) {
    std::optional<CivilDate> p = CivilDate::FromIso(published);
    std::optional<CivilDate> first = CivilDate::FromIso(shown[0].iso);
    std::optional<CivilDate> m = CivilDate::FromIso(meta->modified);
    if (p && first && *first > *p &&
        first->Days() - p->Days() <= config.Weight("shown_first_max_days", 30) &&
        (!m || *first <= *m)) {
      meta->published = shown[0].iso;
      meta->provenance["published"] = "shown:first";
    }
  }
}

void FinishMetadata(std::string_view text, const std::string& dateline,
                    size_t dateline_at, const Config& config, Metadata* meta) {
  if (!meta->published.empty()) return;
  // A date near the top of the article: in a dateline dropped from the
  // text, or written in the text itself; whichever comes first.
  std::string iso;
  size_t at = 0;
  size_t limit = static_cast<size_t>(config.Weight("text_date_window", 1000));
  bool in_text = !text.empty() &&
                 FindDate(text.substr(0, limit), config, /*compact=*/false,
                          &iso, &at);
  if (!dateline.empty() && dateline_at < limit &&
      (!in_text || dateline_at <= at)) {
    Set(meta, &Metadata::published, dateline, "published", "text:dateline");
  } else if (in_text) {
    Set(meta, &Metadata::published, iso, "published", "text:date");
  }
}

}  // namespace page_internal
}  // namespace warta
