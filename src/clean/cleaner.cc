// The Cleaner: the clean stage's entry point.
//
// Plain text: repair UTF-8, remove boilerplate lines, read metadata.
// HTML: PageExtractor gives the page's text and metadata; the same line rules
// then run over that text. Each step's offset map is composed so that the
// final text maps back to RawArticle::content.
//
// Metadata precedence: the container (JSON Lines fields) over the page's
// markup over the text's own words.
//
// Tested by cleaner_test.cc.
#include "warta/clean.h"

#include "boilerplate.h"
#include "text_metadata.h"
#include "warta/page.h"
#include "warta/text.h"

namespace warta {
namespace {

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
    SetField(&meta, &Metadata::published, raw.published, "published", "input");
    SetField(&meta, &Metadata::title, raw.title, "title", "input");
    SetField(&meta, &Metadata::lang, raw.lang, "lang", "input");
    out.repaired_bytes = raw.repaired_bytes;

    std::string base;
    OffsetMap base_map;
    if (raw.kind == ContentKind::kHtml) {
      Page page = pages_->Extract(raw.content, raw.url);
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
      size_t replaced = 0;
      base = RepairUtf8(raw.content, &base_map, &replaced);
      out.repaired_bytes += replaced;
    }

    LineCleanResult lines = rules_.Clean(base);
    out.text = std::move(lines.text);
    out.map = lines.map.ComposeWith(base_map);
    out.removed_lines = static_cast<int>(lines.removed.size());

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
