// Documents as JSON: the one rendering that the CLI (`warta docs`, `warta
// show`) and the HTTP API (/api/documents) both print. Unknown metadata is
// null; `provenance` says where each known field came from.
//
// Thread-safety: pure functions.
#ifndef WARTA_DOC_JSON_H_
#define WARTA_DOC_JSON_H_

#include <nlohmann/json.hpp>

#include "warta/document.h"
#include "warta/store.h"

namespace warta {

// The listing row of a stored document: its sizes, without the texts.
DocumentSummary SummaryOf(const Document& doc);

nlohmann::ordered_json MetadataJson(const Metadata& meta);
// A listing row: identity, metadata and sizes, without the texts.
nlohmann::ordered_json SummaryJson(const DocumentSummary& doc);
// The same with the clean text; `with_content` adds the original bytes too
// (invalid UTF-8 replaced when dumped).
nlohmann::ordered_json DocumentJson(const Document& doc, bool with_content);

}  // namespace warta

#endif  // WARTA_DOC_JSON_H_
