// OpenStore: picks the storage engine from the shape of the location (a
// postgresql:// URL or a SQLite file path), plus the names of the enums the
// store writes (ContentKind, PutOutcome).
//
// Tested by store_test.cc.
#include "warta/store.h"

#include <memory>
#include <string>
#include <string_view>

#include "sqlite_store.h"
#include "warta/document.h"
#include "warta/status.h"

namespace warta {

const char* ContentKindName(ContentKind kind) {
  switch (kind) {
    case ContentKind::kText:
      return "text";
    case ContentKind::kHtml:
      return "html";
  }
  return "unknown";
}

const char* PutOutcomeName(PutOutcome outcome) {
  switch (outcome) {
    case PutOutcome::kInserted:
      return "inserted";
    case PutOutcome::kUnchanged:
      return "unchanged";
    case PutOutcome::kDuplicate:
      return "duplicate";
    case PutOutcome::kUpdated:
      return "updated";
  }
  return "unknown";
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  std::string_view where = location;
  if (where.starts_with("postgresql://") || where.starts_with("postgres://")) {
    // The URL is not echoed: it may carry a password.
    return InvalidArgument(
        "PostgreSQL engine not built yet (issue 7); give a SQLite file path "
        "instead of a postgresql:// URL");
  }
  if (where.empty()) {
    return InvalidArgument("empty store location: give a SQLite file path");
  }
  return OpenSqliteStore(location);
}

}  // namespace warta
