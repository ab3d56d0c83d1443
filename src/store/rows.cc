// The row layer both storage engines share: see rows.h.
//
// Tested by store_test.cc and rows_test.cc.
#include "rows.h"

#include <chrono>
#include <exception>
#include <nlohmann/json.hpp>
#include <utility>

#include "store_internal.h"
#include "warta/offset_map.h"

namespace warta {
namespace {

// The head of a document row: id, origin, content_hash, kind, the metadata
// and provenance. `Record` is Document or DocumentSummary.
template <typename Record>
Status ReadHead(const Row& row, const std::string& where, Record& out) {
  out.id = row.Text(kDocId);
  out.origin = row.Text(kDocOrigin);
  out.content_hash = row.Text(kDocContentHash);
  ASSIGN_OR_RETURN(out.kind, KindFromName(row.Text(kDocKind), where, out.id));
  Metadata& meta = out.meta;
  int column = kDocTitle;
  for (std::string* field : {&meta.title, &meta.author, &meta.outlet, &meta.dateline,
                             &meta.published, &meta.modified, &meta.url, &meta.lang}) {
    *field = row.Text(column++);
  }
  ASSIGN_OR_RETURN(meta.provenance, ProvenanceFromJson(row.Text(kDocProvenance), where, out.id));
  out.ingested_at = row.Int64(kDocIngestedAt);
  return Status::Ok();
}

}  // namespace

std::string Columns(std::span<const std::string_view> columns, std::string_view prefix) {
  std::string out;
  for (std::string_view column : columns) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += column;
  }
  return out;
}

std::string Assignments(std::span<const std::string_view> columns, size_t first_param, char mark) {
  std::string out;
  size_t param = first_param;
  for (std::string_view column : columns) {
    if (!out.empty()) out += ", ";
    out += column;
    out += " = ";
    out += mark;
    out += std::to_string(param++);
  }
  return out;
}

std::string Placeholders(size_t n, char mark) {
  std::string out;
  for (size_t i = 1; i <= n; ++i) {
    if (i > 1) out += ", ";
    out += mark;
    out += std::to_string(i);
  }
  return out;
}

std::string DocumentSelect(DocumentTail tail) {
  std::span<const std::string_view> all(kDocumentReadColumns);
  std::string out = Columns(all.first(kDocHeadEnd));
  out += ", ";
  out += tail == DocumentTail::kWithBody ? Columns(all.subspan(kDocHeadEnd, 3))
                                         : Columns(all.subspan(kDocHeadEnd + 3, 2));
  return out;
}

Result<Document> DocumentFromRow(const Row& row, const std::string& where) {
  Document doc;
  RETURN_IF_ERROR(ReadHead(row, where, doc));
  doc.content = row.Blob(kDocContent);
  doc.text = row.Text(kDocText);
  Result<OffsetMap> map = OffsetMap::Deserialize(row.Blob(kDocOffsetMap));
  if (!map.ok()) {
    return DatabaseError(where + ": document " + doc.id +
                         ": stored offset map is damaged: " + map.status().message());
  }
  doc.map = std::move(map).value();
  return doc;
}

Result<DocumentSummary> SummaryFromRow(const Row& row, const std::string& where) {
  DocumentSummary summary;
  RETURN_IF_ERROR(ReadHead(row, where, summary));
  summary.content_bytes = row.Int64(kDocContentBytes);
  summary.text_bytes = row.Int64(kDocTextBytes);
  return summary;
}

Result<Claim> ClaimFromRow(const Row& row, const std::string& where) {
  Claim c;
  c.doc = row.Text(kClaimDocId);
  c.start = static_cast<uint64_t>(row.Int64(kClaimStart));
  c.end = static_cast<uint64_t>(row.Int64(kClaimEnd));
  c.text_start = static_cast<uint64_t>(row.Int64(kClaimTextStart));
  c.text_end = static_cast<uint64_t>(row.Int64(kClaimTextEnd));
  c.quote = row.Text(kClaimQuote);
  c.value = row.DoubleOrNull(kClaimValue);
  c.min = row.DoubleOrNull(kClaimMin);
  c.max = row.DoubleOrNull(kClaimMax);
  c.qualifier = row.Text(kClaimQualifier);
  c.what = row.Text(kClaimWhat);
  c.what_text = row.Text(kClaimWhatText);
  c.subject = row.Text(kClaimSubject);
  c.location = row.Text(kClaimLocation);
  c.source = row.Text(kClaimSource);
  c.source_mention = row.Text(kClaimSourceMention);
  try {
    nlohmann::json via = nlohmann::json::parse(row.Text(kClaimVia));
    for (const auto& v : via) c.via.push_back(v.get<std::string>());
  } catch (const nlohmann::json::exception& e) {
    return DatabaseError(where + ": claim of " + c.doc + ": damaged citation chain: " + e.what());
  }
  c.cue = row.Text(kClaimCue);
  c.stance = row.Text(kClaimStance);
  c.said_date = row.Text(kClaimSaidDate);
  c.event_date = row.Text(kClaimEventDate);
  c.lang = row.Text(kClaimLang);
  return c;
}

Result<QueuedArticle> QueuedFromRow(const Row& row, const std::string& where) {
  QueuedArticle a;
  a.seq = row.Int64(0);
  a.raw.id = row.Text(1);
  a.raw.origin = row.Text(2);
  ASSIGN_OR_RETURN(a.raw.kind, KindFromName(row.Text(3), where, a.raw.id));
  a.raw.content = row.Blob(4);
  a.raw.url = row.Text(5);
  a.raw.outlet = row.Text(6);
  a.raw.published = row.Text(7);
  a.raw.title = row.Text(8);
  a.raw.lang = row.Text(9);
  a.raw.repaired_bytes = static_cast<size_t>(row.Int64(10));
  a.attempts = static_cast<int>(row.Int64(11));
  a.raw.author = row.Text(12);
  a.raw.charset = row.Text(13);
  return a;
}

Result<StoryRecord> StoryFromRow(const Row& row, const std::string& where) {
  StoryRecord story;
  story.id = row.Text(0);
  story.label = row.Text(1);
  story.size = row.Int64(2);
  story.first_seen = row.Text(3);
  story.last_seen = row.Text(4);
  ASSIGN_OR_RETURN(story.languages, LanguagesFromJson(row.Text(5), where, story.id));
  return story;
}

StoryMember MemberFromRow(const Row& row) {
  return StoryMember{row.Text(0), row.Text(1), row.DoubleOrNull(2).value_or(0)};
}

DuplicateLink DuplicateFromRow(const Row& row) {
  return DuplicateLink{row.Text(0), row.Text(1), row.Text(2), row.DoubleOrNull(3).value_or(0)};
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::string> ProvenanceToJson(const std::map<std::string, std::string>& provenance,
                                     const std::string& id) {
  if (provenance.empty()) return std::string("{}");
  try {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [field, rule] : provenance) object[field] = rule;
    return object.dump();
  } catch (const nlohmann::json::exception& e) {
    // dump() throws on invalid UTF-8 in a key or value.
    return InvalidArgument("document " + id + ": provenance cannot be stored as JSON: " + e.what());
  }
}

Result<std::map<std::string, std::string>> ProvenanceFromJson(const std::string& json,
                                                              const std::string& where,
                                                              const std::string& id) {
  std::map<std::string, std::string> provenance;
  if (json.empty()) return provenance;
  try {
    nlohmann::json object = nlohmann::json::parse(json);
    if (!object.is_object()) {
      return DatabaseError(where + ": document " + id + ": provenance is not a JSON object");
    }
    for (const auto& [field, rule] : object.items()) {
      provenance[field] = rule.get<std::string>();  // throws if not a string
    }
  } catch (const nlohmann::json::exception& e) {
    return DatabaseError(where + ": document " + id +
                         ": stored provenance is damaged: " + e.what());
  }
  return provenance;
}

Result<ContentKind> KindFromName(const std::string& name, const std::string& where,
                                 const std::string& id) {
  if (name == ContentKindName(ContentKind::kText)) return ContentKind::kText;
  if (name == ContentKindName(ContentKind::kHtml)) return ContentKind::kHtml;
  return DatabaseError(where + ": document " + id + ": unknown kind '" + name + "'");
}

Result<std::string> ViaToJson(const Claim& claim, const std::string& doc_id) {
  try {
    return nlohmann::json(claim.via).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const std::exception& e) {
    return Internal("claim citation chain of " + doc_id + ": " + e.what());
  }
}

Status CheckDuplicateKind(const DuplicateLink& link) {
  if (link.kind == "exact" || link.kind == "near") return Status::Ok();
  return InvalidArgument("duplicate link of " + link.doc_id + ": kind '" + link.kind +
                         "' is neither exact nor near");
}

Status CheckDocumentIdentity(const Document& doc) {
  if (doc.id.empty()) return InvalidArgument("document with an empty id");
  if (doc.content_hash.empty()) {
    return InvalidArgument("document " + doc.id + ": empty content hash");
  }
  return Status::Ok();
}

Result<DocumentRow> EncodeDocument(const Document& doc) {
  DocumentRow row;
  row.doc = &doc;
  ASSIGN_OR_RETURN(row.provenance, ProvenanceToJson(doc.meta.provenance, doc.id));
  row.offset_map = doc.map.Serialize();
  row.kind = ContentKindName(doc.kind);
  row.content_bytes = static_cast<int64_t>(doc.content.size());
  row.text_bytes = static_cast<int64_t>(doc.text.size());
  row.ingested_at = doc.ingested_at != 0 ? doc.ingested_at : NowSeconds();
  return row;
}

Result<PutDecision> DecidePut(const Document& doc, const HashLookup& hash_of_id,
                              const HashLookup& id_of_hash) {
  PutDecision decision;
  ASSIGN_OR_RETURN(decision.stored_hash, hash_of_id(doc.id));
  if (decision.stored_hash == doc.content_hash) {
    decision.result = PutResult{PutOutcome::kUnchanged, doc.id};
    return decision;
  }
  // Not doc.id: that id's hash differs, and hashes are unique.
  ASSIGN_OR_RETURN(std::optional<std::string> holder, id_of_hash(doc.content_hash));
  if (holder.has_value()) {
    decision.result = PutResult{PutOutcome::kDuplicate, std::move(*holder)};
    return decision;
  }
  decision.write =
      decision.stored_hash.has_value() ? PutDecision::Write::kUpdate : PutDecision::Write::kInsert;
  return decision;
}

PutResult WrittenPut(const Document& doc, const PutDecision& decision) {
  return PutResult{
      decision.write == PutDecision::Write::kUpdate ? PutOutcome::kUpdated : PutOutcome::kInserted,
      doc.id};
}

Status CheckMigrationList(std::span<const Migration> migrations) {
  if (migrations.empty()) return Internal("no schema migrations");
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i + 1)) {
      return Internal("schema migration " + std::to_string(i) + " has version " +
                      std::to_string(migrations[i].version) + ", want " + std::to_string(i + 1));
    }
  }
  return Status::Ok();
}

Status SchemaTooNew(const std::string& where, int64_t version, int newest, std::string_view other) {
  return DatabaseError(where + ": schema version " + std::to_string(version) +
                       " was written by a newer Warta; this build knows versions up to " +
                       std::to_string(newest) + " (upgrade Warta, or use another " +
                       std::string(other) + ")");
}

}  // namespace warta
