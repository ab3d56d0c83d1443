// A throw-away PostgreSQL server for the store tests (see the header).
//
// Starting one takes three steps. (1) A template data folder: initdb once
// (1 MB WAL segments, so that there is less to copy), into a fresh folder that
// is then renamed into place under /dev/shm or $TMPDIR, so that
// test processes started together (ctest -j) never see half of one; the
// loser of a race deletes its own copy. (2) This process's folder: the
// template copied with `cp -a`, the port and settings appended to its
// postgresql.conf (loopback only, no Unix socket, fsync off). (3) pg_ctl start
// -w, which returns once the server accepts connections; a port taken between
// our probe and the start is retried with another one.
//
// A test process killed before it could stop its server leaves the server
// running; the next test process to start one stops and deletes it (the
// folder names its owner's pid).
//
// Commands run with fork and execv, never through a shell; as root the child
// drops to the `postgres` user before exec, as PostgreSQL refuses to run as
// root, and the folders are given to that user. Their output goes to a log
// file, quoted in the error when they fail.
//
// Tested by pg_store_test.cc and store_test.cc (its only users).
#include "pg_test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <system_error>
#include <vector>

#include "warta/status.h"

namespace warta {
namespace {

namespace fs = std::filesystem;

constexpr char kInstallHint[] =
    "PostgreSQL server binaries (initdb, pg_ctl) not found in "
    "/usr/lib/postgresql/<version>/bin or $WARTA_PG_BIN: install them with "
    "scripts/install-deps.sh (make test runs it), then run the tests again";

// The OS user the server runs as: ourselves, or `postgres` when we are root.
struct RunAs {
  bool drop = false;  // switch user in the child
  uid_t uid = 0;
  gid_t gid = 0;
  std::string name;
};

Result<RunAs> ServerUser() {
  RunAs user;
  if (geteuid() != 0) return user;
  struct passwd* pw = getpwnam("postgres");
  if (pw == nullptr) {
    return Internal(
        "running as root, and there is no `postgres` OS user to run the test "
        "server as (PostgreSQL refuses root): install the postgresql package "
        "with scripts/install-deps.sh, or run the tests as another user");
  }
  user.drop = true;
  user.uid = pw->pw_uid;
  user.gid = pw->pw_gid;
  user.name = pw->pw_name;
  return user;
}

// The folder holding initdb and pg_ctl: $WARTA_PG_BIN, or the newest
// /usr/lib/postgresql/<version>/bin.
Result<fs::path> FindBinaries() {
  if (const char* env = std::getenv("WARTA_PG_BIN"); env != nullptr && *env) {
    fs::path bin(env);
    if (fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl")) return bin;
    return Internal(std::string(kInstallHint) + " ($WARTA_PG_BIN is " + env + ")");
  }
  std::error_code error;
  int best = -1;
  fs::path found;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    fs::path bin = entry.path() / "bin";
    if (!fs::exists(bin / "initdb") || !fs::exists(bin / "pg_ctl")) continue;
    int version = std::atoi(entry.path().filename().c_str());
    if (version > best) {
      best = version;
      found = bin;
    }
  }
  if (best < 0) return Internal(kInstallHint);
  return found;
}

// Gives `path` (and what is under it) to the server's user.
Status GiveTo(const fs::path& path, const RunAs& user) {
  if (!user.drop) return Status::Ok();
  if (lchown(path.c_str(), user.uid, user.gid) != 0) {
    return IoError("chown " + path.string() + " failed");
  }
  std::error_code error;
  if (fs::is_directory(path, error)) {
    for (const auto& entry : fs::recursive_directory_iterator(path, error)) {
      if (lchown(entry.path().c_str(), user.uid, user.gid) != 0) {
        return IoError("chown " + entry.path().string() + " failed");
      }
    }
  }
  return Status::Ok();
}

std::string ReadLog(const fs::path& log) {
  std::ifstream in(log, std::ios::binary);
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (text.size() > 2000) text = "..." + text.substr(text.size() - 2000);
  return text;
}

// Runs `argv` as the server's user, its output appended to `log`, and waits.
Status Run(const std::vector<std::string>& argv, const RunAs& user, const fs::path& log) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return IoError("fork failed for " + argv[0]);
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) {
      dup2(null, STDIN_FILENO);
      close(null);
    }
    if (user.drop) {
      if (initgroups(user.name.c_str(), user.gid) != 0 || setgid(user.gid) != 0 ||
          setuid(user.uid) != 0) {
        _exit(126);
      }
    }
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return IoError("waitpid failed for " + argv[0]);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
  std::string how = WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                      : "signal " + std::to_string(WTERMSIG(status));
  return Internal(argv[0] + " failed (" + how + "); " + log.string() + ": " + ReadLog(log));
}

// Where the server's folders go: /dev/shm when it is there (a RAM disk: a
// copy of the template takes 0.2 s there and 2 s on the disk of the machine
// this was measured on), else $TMPDIR.
fs::path TempRoot() {
  std::error_code error;
  if (fs::is_directory("/dev/shm", error) && access("/dev/shm", W_OK | X_OK) == 0) {
    return "/dev/shm";
  }
  return fs::temp_directory_path();
}

// A folder made by mkdtemp from `pattern` (ending in XXXXXX), given to the
// server's user.
Result<fs::path> MakeTempDir(const fs::path& pattern, const RunAs& user) {
  std::string buffer = pattern.string();
  if (mkdtemp(buffer.data()) == nullptr) {
    return IoError("mkdtemp " + pattern.string() + " failed");
  }
  fs::path dir(buffer);
  RETURN_IF_ERROR(GiveTo(dir, user));
  return dir;
}

// The template data folder for this PostgreSQL version and user, made once.
Result<fs::path> TemplateData(const fs::path& bin, const RunAs& user) {
  fs::path tmp = TempRoot();
  std::string version = bin.parent_path().filename().string();
  fs::path final_dir = tmp / ("warta-pg-template-" + version + "-" +
                              std::to_string(user.drop ? user.uid : getuid()));
  if (fs::exists(final_dir / "data" / "PG_VERSION")) return final_dir / "data";

  ASSIGN_OR_RETURN(fs::path work, MakeTempDir(tmp / "warta-pg-initdb-XXXXXX", user));
  Status made = Run({(bin / "initdb").string(), "-D", (work / "data").string(), "-U", "postgres",
                     "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--wal-segsize=1"},
                    user, work / "initdb.log");
  std::error_code error;
  if (!made.ok()) {
    fs::remove_all(work, error);
    return made;
  }
  fs::rename(work, final_dir, error);
  if (error) {
    // Another test process made it first; use theirs.
    fs::remove_all(work, error);
    if (!fs::exists(final_dir / "data" / "PG_VERSION")) {
      return IoError("cannot make the template data folder " + final_dir.string());
    }
  }
  return final_dir / "data";
}

// A TCP port on 127.0.0.1 that was free a moment ago.
Result<int> FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return IoError("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    close(fd);
    return IoError("cannot find a free port on 127.0.0.1");
  }
  close(fd);
  return static_cast<int>(ntohs(address.sin_port));
}

// Stops and deletes the servers of test processes that died without
// stopping theirs (a crash, a ctest timeout): each server folder names its
// owner's pid in the file `owner`.
void ReapOrphans(const fs::path& bin, const RunAs& user) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(TempRoot(), error)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with("warta-pg-") || name.starts_with("warta-pg-template-") ||
        name.starts_with("warta-pg-initdb-")) {
      continue;
    }
    std::ifstream owner_file(entry.path() / "owner");
    long owner = 0;
    if (!(owner_file >> owner) || owner <= 0) continue;  // still starting
    if (kill(static_cast<pid_t>(owner), 0) == 0 || errno != ESRCH) continue;
    if (fs::exists(entry.path() / "data" / "postmaster.pid", error)) {
      // Best effort: a server that will not stop loses its directory below
      // all the same, and this run uses a server of its own.
      (void)Run({(bin / "pg_ctl").string(), "-D", (entry.path() / "data").string(), "-m",
                 "immediate", "-w", "-s", "stop"},
                user, "/dev/null");
    }
    fs::remove_all(entry.path(), error);
  }
}

std::unique_ptr<PgTestServer>& SharedServer() {
  static std::unique_ptr<PgTestServer> server;
  return server;
}

Status& SharedFailure() {
  static Status failure;
  return failure;
}

}  // namespace

Result<PgTestServer*> PgTestServer::Shared() {
  if (SharedServer() != nullptr) return SharedServer().get();
  if (!SharedFailure().ok()) return SharedFailure();
  std::unique_ptr<PgTestServer> server(new PgTestServer());
  Status started = server->Start();
  if (!started.ok()) {
    SharedFailure() = started.WithContext("cannot start the test PostgreSQL server");
    return SharedFailure();
  }
  SharedServer() = std::move(server);
  return SharedServer().get();
}

void PgTestServer::StopShared() { SharedServer().reset(); }

PgTestServer::~PgTestServer() {
  // A destructor cannot report. Should pg_ctl fail, the data directory is
  // removed below all the same, and the postmaster shuts itself down when
  // it finds its lock file (postmaster.pid, checked each minute) gone.
  (void)Stop();
  std::error_code error;
  if (!root_.empty()) fs::remove_all(root_, error);
}

Status PgTestServer::Start() {
  ASSIGN_OR_RETURN(bin_, FindBinaries());
  ASSIGN_OR_RETURN(RunAs user, ServerUser());
  ASSIGN_OR_RETURN(fs::path template_data, TemplateData(bin_, user));
  ReapOrphans(bin_, user);
  ASSIGN_OR_RETURN(root_, MakeTempDir(TempRoot() / "warta-pg-XXXXXX", user));
  {
    std::ofstream owner(root_ / "owner");
    owner << getpid() << "\n";
  }
  fs::path data = root_ / "data";
  RETURN_IF_ERROR(
      Run({"/bin/cp", "-a", template_data.string(), data.string()}, user, root_ / "cp.log"));
  Status started;
  for (int attempt = 0; attempt < 3; ++attempt) {
    ASSIGN_OR_RETURN(port_, FreePort());
    {
      // The last setting of a name wins, so each attempt appends its port.
      std::ofstream conf(data / "postgresql.conf", std::ios::app);
      conf << "\n# warta store tests\n"
           << "listen_addresses = '127.0.0.1'\n"
           << "port = " << port_ << "\n"
           << "unix_socket_directories = ''\n"
           << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
           << "max_connections = 60\n";
      if (!conf) return IoError("cannot write " + (data / "postgresql.conf").string());
    }
    started = Run({(bin_ / "pg_ctl").string(), "-D", data.string(), "-l",
                   (root_ / "server.log").string(), "-w", "-t", "60", "-s", "start"},
                  user, root_ / "pg_ctl.log");
    if (started.ok()) {
      running_ = true;
      return Status::Ok();
    }
  }
  return started.WithContext(ReadLog(root_ / "server.log"));
}

Status PgTestServer::Stop() {
  if (!running_) return Status::Ok();
  running_ = false;
  Result<RunAs> user = ServerUser();
  if (!user.ok()) return user.status();
  return Run({(bin_ / "pg_ctl").string(), "-D", (root_ / "data").string(), "-m", "immediate", "-w",
              "-s", "stop"},
             *user, root_ / "pg_ctl.log");
}

std::string PgTestServer::Url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

Result<std::string> PgTestServer::NewDatabase() {
  std::string name = "t_" + std::to_string(++databases_);
  // FILE_COPY copies template0's files: faster than WAL-logging them.
  RETURN_IF_ERROR(Query(Url("postgres"), "CREATE DATABASE " + name +
                                             " TEMPLATE template0 ENCODING "
                                             "'UTF8' STRATEGY FILE_COPY")
                      .status());
  return Url(name);
}

Result<std::string> PgTestServer::Query(const std::string& url, const std::string& sql) {
  try {
    pqxx::connection conn(url);
    pqxx::nontransaction txn(conn);
    pqxx::result rows = txn.exec(sql);
    if (rows.empty() || rows.columns() == 0) return std::string();
    if (rows[0][0].is_null()) return std::string("<null>");
    return std::string(rows[0][0].c_str(), rows[0][0].size());
  } catch (const std::exception& e) {
    return DatabaseError(url + ": " + sql + ": " + e.what());
  }
}

}  // namespace warta
