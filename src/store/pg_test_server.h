// A throw-away PostgreSQL server for the store tests.
//
//   ASSIGN_OR_RETURN(PgTestServer* server, PgTestServer::Shared());
//   ASSIGN_OR_RETURN(std::string url, server->NewDatabase());
//   ... OpenStore(url) ...
//   PgTestServer::StopShared();  // at the end (a gtest Environment does it)
//
// The first call to Shared() starts one server for the test process: Debian's
// `postgresql` binaries (/usr/lib/postgresql/<version>/bin, or the folder in
// $WARTA_PG_BIN), a data folder copied from a template made once by initdb
// (cached under /dev/shm, or $TMPDIR without it, as initdb takes seconds and
// a copy a fraction of one; ctest runs each test in a process of its own, so
// this is paid per test there), listening on 127.0.0.1 only, on a free port, with trust
// authentication for the user `postgres` and fsync off (the data is thrown
// away). Run as root, the server runs as the `postgres` OS user, since
// PostgreSQL refuses to run as root. Each test takes a database of its own
// from NewDatabase(). StopShared() stops the server and deletes its folder.
//
// When the binaries are missing, Shared() fails with a message naming
// scripts/install-deps.sh, so the tests fail instead of skipping.
//
// Thread-safety: none; call from the test's main thread. A forked child may
// connect to databases, but must not call Shared() or StopShared().
#ifndef WARTA_SRC_STORE_PG_TEST_SERVER_H_
#define WARTA_SRC_STORE_PG_TEST_SERVER_H_

#include <filesystem>
#include <string>

#include "warta/status.h"

namespace warta {

class PgTestServer {
 public:
  // The running server of this process, started on the first call. The
  // pointer stays valid until StopShared(). A failure to start is remembered
  // and returned again by later calls.
  static Result<PgTestServer*> Shared();

  // Stops the shared server if one was started, and deletes its data.
  static void StopShared();

  ~PgTestServer();
  PgTestServer(const PgTestServer&) = delete;
  PgTestServer& operator=(const PgTestServer&) = delete;

  // Creates a new, empty database t_<n> and returns its URL.
  Result<std::string> NewDatabase();

  // The URL of database `database` on this server, as user postgres.
  std::string Url(const std::string& database) const;

  int port() const { return port_; }

  // Runs `sql` (made by the test; no outside values) on the database at
  // `url` outside a transaction and returns the first column of the first
  // row as text: "" when there is no row, "<null>" for NULL.
  static Result<std::string> Query(const std::string& url, const std::string& sql);

 private:
  PgTestServer() = default;
  Status Start();
  Status Stop();

  std::filesystem::path bin_;   // folder of initdb, pg_ctl
  std::filesystem::path root_;  // our temporary folder: data/, log
  int port_ = 0;
  int databases_ = 0;
  bool running_ = false;
};

}  // namespace warta

#endif  // WARTA_SRC_STORE_PG_TEST_SERVER_H_
