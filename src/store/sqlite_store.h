// The SQLite engine of the store: private to src/store.
//
// Callers outside src/store use OpenStore (warta/store.h). This header exists
// so that OpenStore can reach the engine and so that sqlite_store_test.cc can run
// the engine with a migration list of its own (to test migrating from an
// older version and a failing migration without shipping a fake one).
//
// Thread-safety: as for Store, one thread at a time per store.
#ifndef WARTA_SRC_STORE_SQLITE_STORE_H_
#define WARTA_SRC_STORE_SQLITE_STORE_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "rows.h"
#include "warta/status.h"
#include "warta/store.h"

namespace warta {

// One step of the SQLite schema: a Migration (rows.h), the same numbers and
// meaning as PostgreSQL's.
using SqliteMigration = Migration;

// The migrations this build ships, in order; the last one's version is
// kSchemaVersion. The views point at static storage.
std::span<const SqliteMigration> SqliteMigrations();

// Opens (creating if needed) the SQLite file at `path` and migrates it to the
// newest version in `migrations` (which must be ordered with no gaps, starting
// at 1). Fails with a DatabaseError naming `path` if the file is not a SQLite
// database, is damaged, holds tables but is not a Warta store, or was written
// by a newer schema than `migrations` knows. `migrations` need only outlive
// this call.
// With StoreAccess::kReadOnly, opens an existing file for reading only
// (warta/store.h).
Result<std::unique_ptr<Store>> OpenSqliteStore(
    const std::string& path, std::span<const SqliteMigration> migrations,
    StoreAccess access = StoreAccess::kReadWrite);

// Same, with SqliteMigrations().
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               StoreAccess access = StoreAccess::kReadWrite);

}  // namespace warta

#endif  // WARTA_SRC_STORE_SQLITE_STORE_H_
