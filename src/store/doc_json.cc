// Documents as JSON (include/warta/doc_json.h). Tested through the CLI's
// e2e_test.cc and the server's serve_test.cc.
#include "warta/doc_json.h"

namespace warta {

nlohmann::ordered_json MetadataJson(const Metadata& meta) {
  auto or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
  };
  nlohmann::ordered_json j;
  j["title"] = or_null(meta.title);
  j["author"] = or_null(meta.author);
  j["outlet"] = or_null(meta.outlet);
  j["dateline"] = or_null(meta.dateline);
  j["published"] = or_null(meta.published);
  j["modified"] = or_null(meta.modified);
  j["url"] = or_null(meta.url);
  j["lang"] = or_null(meta.lang);
  j["provenance"] = nlohmann::ordered_json::object();
  for (const auto& [field, from] : meta.provenance) j["provenance"][field] = from;
  return j;
}

nlohmann::ordered_json SummaryJson(const DocumentSummary& doc) {
  nlohmann::ordered_json j;
  j["id"] = doc.id;
  j["origin"] = doc.origin;
  j["kind"] = ContentKindName(doc.kind);
  j["content_hash"] = doc.content_hash;
  j.update(MetadataJson(doc.meta));
  j["content_bytes"] = doc.content_bytes;
  j["text_bytes"] = doc.text_bytes;
  j["ingested_at"] = doc.ingested_at;
  return j;
}

DocumentSummary SummaryOf(const Document& doc) {
  DocumentSummary summary;
  summary.id = doc.id;
  summary.origin = doc.origin;
  summary.content_hash = doc.content_hash;
  summary.kind = doc.kind;
  summary.meta = doc.meta;
  summary.content_bytes = static_cast<int64_t>(doc.content.size());
  summary.text_bytes = static_cast<int64_t>(doc.text.size());
  summary.ingested_at = doc.ingested_at;
  return summary;
}

nlohmann::ordered_json DocumentJson(const Document& doc, bool with_content) {
  nlohmann::ordered_json j = SummaryJson(SummaryOf(doc));
  j["text"] = doc.text;
  if (with_content) j["content"] = doc.content;
  return j;
}

}  // namespace warta
