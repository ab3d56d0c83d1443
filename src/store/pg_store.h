// The PostgreSQL engine of the store: private to src/store.
//
// Callers outside src/store use OpenStore (warta/store.h) with a
// postgresql:// or postgres:// URL. This header exists so that OpenStore can
// reach the engine and so that pg_store_test.cc can run it with a migration list
// of its own (a later build's next version, a failing migration).
//
// Thread-safety: as for Store, one thread at a time per store; each store
// owns its own connection, so stores in several threads or processes may
// write the same database at once.
#ifndef WARTA_SRC_STORE_PG_STORE_H_
#define WARTA_SRC_STORE_PG_STORE_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "rows.h"
#include "warta/status.h"
#include "warta/store.h"

namespace warta {

// One step of the PostgreSQL schema: a Migration (rows.h), the same numbers
// and meaning as SQLite's.
using PgMigration = Migration;

// The migrations this build ships, in order; the last one's version is
// kSchemaVersion. The views point at static storage.
std::span<const PgMigration> PgMigrations();

// Opens the database named by `url` (a libpq connection URL) and migrates it
// to the newest version in `migrations` (ordered, no gaps, from 1), under a
// transaction-scoped advisory lock so that concurrent openers migrate once.
// The database itself must exist and use the UTF8 encoding. Fails with a
// DatabaseError naming the URL without its password when the server cannot
// be reached, the database is from a newer schema, or it holds Warta's table
// names without Warta's bookkeeping. `migrations` need only outlive the call.
Result<std::unique_ptr<Store>> OpenPgStore(const std::string& url,
                                           std::span<const PgMigration> migrations);

// Same, with PgMigrations().
Result<std::unique_ptr<Store>> OpenPgStore(const std::string& url);

// `url` with any password replaced by *** (user:secret@ -> user:***@,
// password=secret in the query -> password=***), for messages.
std::string RedactPgUrl(std::string_view url);

}  // namespace warta

#endif  // WARTA_SRC_STORE_PG_STORE_H_
