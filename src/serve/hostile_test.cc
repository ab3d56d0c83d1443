// `warta serve` against hostile and unlucky clients (docs/api.md, "Limits"):
// each test starts its own server over its own small database, sends what
// no well-behaved client sends over a raw loopback socket, and measures the
// server from outside: its peak resident memory (VmHWM in /proc), how fast
// /healthz answers meanwhile, how long SIGTERM takes, and what the answer
// says. Every loop is bounded in count and in time.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "serve_test_util.h"
#include "util/percent_encode.h"

namespace warta::serve_test {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kToken = "hostile-test-token";
constexpr long long kMaxPeakRss = 200ll << 20;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A folder and a database with one article, made by `warta ingest`.
class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("warta_hostile_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "w.db").string();
    const std::string cmd = std::string("echo 'Banjir melanda Medan, 40 rumah terendam.' | '") +
                            WartaBinary() + "' -q --db '" + db_ + "' ingest - > /dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<ServerProcess> Start(std::vector<std::string> args = {"--token", kToken},
                                       std::map<std::string, std::string> env = {}) {
    auto s = std::make_unique<ServerProcess>(db_, dir_ / "serve.log", args, env);
    EXPECT_GT(s->port(), 0) << s->log();
    return s;
  }

  fs::path dir_;
  std::string db_;
};

// Sends `head`, waits a moment for an early answer (a server that refuses
// on the headers alone answers before the body), then sends up to `total`
// bytes of chunked body in 1 MiB chunks until the server answers, closes,
// or `limit` passes. Returns what the server answered.
std::string PostChunked(int port, const std::string& head, size_t total, seconds limit,
                        size_t* sent) {
  int fd = Connect(port);
  if (fd < 0) return "";
  *sent = 0;
  const auto start = Clock::now();
  bool ok = SendAll(fd, head);
  if (ok && !Readable(fd, 300)) {
    const std::string chunk = "100000\r\n" + std::string(1 << 20, 'a') + "\r\n";
    while (*sent < total && Clock::now() - start < limit) {
      if (Readable(fd)) break;
      if (!SendAll(fd, chunk, seconds(5))) break;
      *sent += 1 << 20;
    }
    if (*sent >= total) SendAll(fd, "0\r\n\r\n");
  }
  std::string response = ReadResponse(fd, seconds(30));
  ::close(fd);
  return response;
}

// Prints what a probe sent and got, and checks the answer's status and the
// server's peak memory.
void ExpectRefused(const ServerProcess& server, const char* what, const std::string& response,
                   int status, size_t sent, Clock::time_point start) {
  const long long peak = PeakRssBytes(server.pid());
  std::printf("%s: status %d, %zu MiB sent, %.1f s, peak RSS %lld MiB\n", what, StatusOf(response),
              sent >> 20, SecondsSince(start), peak >> 20);
  EXPECT_EQ(StatusOf(response), status) << response.substr(0, 300);
  EXPECT_LT(peak, kMaxPeakRss);
}

// POSTs one small article with `authorization` and expects 200.
void ExpectIngested(int port, const std::string& authorization, const std::string& id) {
  httplib::Client c("127.0.0.1", port);
  auto res = c.Post("/api/ingest", {{"Authorization", authorization}},
                    R"({"id":")" + id +
                        R"(","text":"Hujan deras, 12 rumah rusak."})"
                        "\n",
                    "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

// Serious 1: a gigabyte sent chunked without the token is refused on its
// headers, not buffered first (before: 401 after reading it all, 2.78 GB).
TEST_F(HostileTest, ChunkedGigabyteWithoutTokenIsRefusedBeforeItsBody) {
  auto server = Start();
  size_t sent = 0;
  const auto start = Clock::now();
  std::string response = PostChunked(server->port(),
                                     "POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Content-Type: application/x-ndjson\r\n"
                                     "Transfer-Encoding: chunked\r\n\r\n",
                                     size_t{1} << 30, seconds(60), &sent);
  ExpectRefused(*server, "chunked 1 GiB without token", response, 401, sent, start);
}

// With the token, a chunked body over the size limit is cut off at the
// limit: 413, memory bounded by the limit.
TEST_F(HostileTest, ChunkedBodyOverTheLimitWithTokenIs413) {
  auto server = Start();
  size_t sent = 0;
  const auto start = Clock::now();
  std::string response = PostChunked(server->port(),
                                     std::string("POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                 "Authorization: Bearer ") +
                                         kToken + "\r\nTransfer-Encoding: chunked\r\n\r\n",
                                     size_t{256} << 20, seconds(60), &sent);
  ExpectRefused(*server, "chunked 256 MiB with token", response, 413, sent, start);
}

// One gzip member inflating to `inflated` zero bytes (about 1 KiB per MiB).
std::string GzipOfZeros(size_t inflated) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string zeros(1 << 20, '\0'), out, buf(1 << 16, '\0');
  for (size_t done = 0; done < inflated; done += zeros.size()) {
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = static_cast<uInt>(zeros.size());
    const int flush = done + zeros.size() >= inflated ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf.data());
      z.avail_out = static_cast<uInt>(buf.size());
      deflate(&z, flush);
      out.append(buf.data(), buf.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

// Serious 1: a 1 MB gzip body that inflates to 1 GB (before: 2.1 GB). The
// server takes no Content-Encoding: 401 without the token, 415 with it.
TEST_F(HostileTest, GzipBombIsNeverInflated) {
  static const std::string bomb = GzipOfZeros(size_t{1} << 30);
  auto server = Start();
  for (const std::string& auth : {std::string(), std::string("Bearer ") + kToken}) {
    int fd = Connect(server->port());
    ASSERT_GE(fd, 0);
    std::string head =
        "POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\n"
        "Content-Length: " +
        std::to_string(bomb.size()) + "\r\n";
    if (!auth.empty()) head += "Authorization: " + auth + "\r\n";
    SendAll(fd, head + "\r\n");
    if (!Readable(fd, 300)) SendAll(fd, bomb);
    std::string response = ReadResponse(fd, seconds(60));
    ::close(fd);
    std::printf("gzip bomb (%zu KiB) %s token: status %d, peak RSS %lld MiB\n", bomb.size() >> 10,
                auth.empty() ? "without" : "with", StatusOf(response),
                PeakRssBytes(server->pid()) >> 20);
    EXPECT_EQ(StatusOf(response), auth.empty() ? 401 : 415) << response.substr(0, 300);
  }
  EXPECT_LT(PeakRssBytes(server->pid()), kMaxPeakRss);
}

// Serious 1: 300 MB of 4 KB header lines (before: 200 and +600 MB).
TEST_F(HostileTest, HundredsOfMegabytesOfHeadersAre431) {
  auto server = Start();
  int fd = Connect(server->port());
  ASSERT_GE(fd, 0);
  const auto start = Clock::now();
  size_t sent = 0;
  bool ok = SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  const std::string pad(4000, 'a');
  for (int i = 0; ok && sent < (size_t{300} << 20) && Clock::now() - start < seconds(60); ++i) {
    if (Readable(fd)) break;
    std::string lines;
    for (int j = 0; j < 64; ++j)
      lines += "X-Pad-" + std::to_string(i * 64 + j) + ": " + pad + "\r\n";
    ok = SendAll(fd, lines, seconds(5));
    if (ok) sent += lines.size();
  }
  if (ok && !Readable(fd)) SendAll(fd, "\r\n");
  std::string response = ReadResponse(fd, seconds(30));
  ::close(fd);
  ExpectRefused(*server, "300 MB of headers", response, 431, sent, start);
}

// Serious 3: fifty clients sending a byte a second hold no worker: /healthz
// answers within a second throughout; the server drops each of them at the
// whole-request deadline (10 s); and SIGTERM with fifty such clients
// connected finishes within 10 s. Before: /healthz timed out, and SIGTERM
// never finished.
TEST_F(HostileTest, SlowClientsNeitherBlockHealthNorShutdown) {
  auto server = Start();
  const int port = server->port();
  auto open_slow = [port] {
    std::vector<int> fds;
    for (int i = 0; i < 50; ++i) {
      int fd = Connect(port);
      if (fd >= 0) {
        SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        fds.push_back(fd);
      }
    }
    return fds;
  };
  std::vector<int> slow = open_slow();
  ASSERT_EQ(slow.size(), 50u);
  std::atomic<bool> stop{false};
  std::atomic<int> dropped{0};
  auto trickle = [&stop, &dropped](std::vector<int> fds, seconds how_long) {
    const auto start = Clock::now();
    std::vector<bool> open(fds.size(), true);
    while (!stop.load() && Clock::now() - start < how_long) {
      for (size_t i = 0; i < fds.size(); ++i) {
        if (!open[i]) continue;
        if (Readable(fds[i]) || !SendAll(fds[i], "a", milliseconds(100))) {
          open[i] = false;  // answered (408) or closed by the server
          ++dropped;
        }
      }
      std::this_thread::sleep_for(seconds(1));
    }
    for (int fd : fds) ::close(fd);
  };
  std::thread trickler(trickle, slow, seconds(14));

  // /healthz every 200 ms for 13 s.
  double worst = 0;
  int failed = 0, probes = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < seconds(13)) {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(1, 0);
    c.set_read_timeout(1, 0);
    const auto t = Clock::now();
    auto res = c.Get("/healthz");
    const double took = SecondsSince(t);
    ++probes;
    if (!res || res->status != 200 || took > 1.0) ++failed;
    worst = std::max(worst, took);
    std::this_thread::sleep_for(milliseconds(200));
  }
  stop = true;
  trickler.join();
  std::printf(
      "50 slow clients: %d of %d /healthz probes failed or over 1 s, worst %.3f s; "
      "%d of 50 slow clients dropped by the server within 13 s\n",
      failed, probes, worst, dropped.load());
  EXPECT_EQ(failed, 0);
  EXPECT_LT(worst, 1.0);
  EXPECT_EQ(dropped.load(), 50);

  // SIGTERM with fifty fresh trickling clients connected.
  stop = false;
  std::thread again(trickle, open_slow(), seconds(20));
  std::this_thread::sleep_for(seconds(2));
  const auto term = Clock::now();
  const int code = server->Stop(seconds(12));
  const double took = SecondsSince(term);
  stop = true;
  again.join();
  std::printf("SIGTERM with 50 slow clients: exit %d after %.2f s\n", code, took);
  EXPECT_EQ(code, 0) << server->log();
  EXPECT_LT(took, 10.0);
}

// Holds the database's write lock from this process until destroyed.
class WriteLock {
 public:
  explicit WriteLock(const std::string& db) {
    EXPECT_EQ(sqlite3_open(db.c_str(), &db_), SQLITE_OK);
    // A server started with a token may still be writing (it resumes the
    // story stage at start): wait for that write rather than fail on it.
    sqlite3_busy_timeout(db_, 20000);
    EXPECT_EQ(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
  }
  ~WriteLock() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }

 private:
  sqlite3* db_ = nullptr;
};

// Serious 4: with another writer holding the database, POST /api/ingest is
// 503 with a message that names no path and no SQL (before: 200 with
// `rejected: 1`, the SQL and the server's paths); once the lock is gone the
// same request stores the article.
TEST_F(HostileTest, LockedDatabaseIs503WithoutPathsOrSql) {
  auto server = Start();
  const std::string body =
      R"({"id":"locked-1","lang":"en","text":"Officials said 300 homes were flooded."})"
      "\n";
  httplib::Client c("127.0.0.1", server->port());
  c.set_read_timeout(60, 0);
  httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kToken}};
  {
    WriteLock lock(db_);
    const auto start = Clock::now();
    auto res = c.Post("/api/ingest", auth, body, "application/x-ndjson");
    ASSERT_TRUE(res);
    std::printf("ingest on a locked database: %d after %.1f s: %s\n", res->status,
                SecondsSince(start), res->body.c_str());
    EXPECT_EQ(res->status, 503) << res->body;
    EXPECT_EQ(res->get_header_value("Retry-After").empty(), false);
    const Json j = Json::parse(res->body, nullptr, false);
    ASSERT_TRUE(j.contains("error")) << res->body;
    const std::string error = j["error"];
    EXPECT_NE(error.find("locked"), std::string::npos) << error;
    for (const char* leak : {"/", "INSERT", "SELECT", "BEGIN", "UPDATE", ".db"}) {
      EXPECT_EQ(res->body.find(leak), std::string::npos) << leak << " in " << res->body;
    }
  }
  auto res = c.Post("/api/ingest", auth, body, "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

// Serious 4, the CLI: a locked database stops the batch at its first
// article with one clear error, instead of waiting and failing per article.
TEST_F(HostileTest, CliFailsOnceAndFastOnALockedDatabase) {
  fs::create_directories(dir_ / "in");
  for (int i = 0; i < 5; ++i) {
    std::ofstream(dir_ / "in" / ("a" + std::to_string(i) + ".txt"))
        << "Banjir kedua melanda kota " << i << ", " << (i + 10) << " rumah terendam.\n";
  }
  WriteLock lock(db_);
  const auto start = Clock::now();
  const std::string cmd = "'" + WartaBinary() + "' --db '" + db_ + "' ingest '" +
                          (dir_ / "in").string() + "' > '" + (dir_ / "out").string() + "' 2> '" +
                          (dir_ / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  const double took = SecondsSince(start);
  const std::string err = Slurp(dir_ / "err");
  std::printf("CLI ingest of 5 files on a locked database: exit %d after %.1f s:\n%s",
              WIFEXITED(status) ? WEXITSTATUS(status) : -1, took, err.c_str());
  EXPECT_NE(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
  EXPECT_LT(took, 15.0);
  EXPECT_NE(err.find("locked"), std::string::npos) << err;
  size_t lines = 0;
  for (char ch : err) lines += ch == '\n';
  EXPECT_LE(lines, 2u) << err;
}

// Serious 2: the request body never touches the file system, so a folder
// planted in the temporary directory under the name the server used to
// pick receives nothing.
TEST_F(HostileTest, IngestWritesNoTemporaryFile) {
  fs::create_directories(dir_ / "tmp");
  fs::create_directories(dir_ / "victim");
  auto server = Start({"--token", kToken}, {{"TMPDIR", (dir_ / "tmp").string()}});
  for (int seq = 1; seq <= 3; ++seq) {
    fs::create_directory_symlink(
        dir_ / "victim",
        dir_ / "tmp" /
            ("warta-serve-" + std::to_string(server->pid()) + "-" + std::to_string(seq)));
  }
  ExpectIngested(server->port(), std::string("Bearer ") + kToken, "tmp-1");
  EXPECT_TRUE(fs::is_empty(dir_ / "victim"));
  size_t in_tmp = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "tmp")) in_tmp += !e.is_symlink();
  EXPECT_EQ(in_tmp, 0u);
}

// Also: DNS rebinding. A Host other than the listen address or localhost is
// refused unless --allow-host names it.
TEST_F(HostileTest, OnlyKnownHostsAreServed) {
  auto server = Start({"--allow-host", "news.example.org"});
  const std::string port = std::to_string(server->port());
  auto status_for = [&](const std::string& host) {
    int fd = Connect(server->port());
    if (fd < 0) return 0;
    SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    std::string r = ReadResponse(fd, seconds(10));
    ::close(fd);
    return StatusOf(r);
  };
  EXPECT_EQ(status_for("127.0.0.1:" + port), 200);
  EXPECT_EQ(status_for("localhost:" + port), 200);
  EXPECT_EQ(status_for("LOCALHOST"), 200);
  EXPECT_EQ(status_for("news.example.org:" + port), 200);
  EXPECT_EQ(status_for("attacker.example:" + port), 421);
  EXPECT_EQ(status_for("127.0.0.1.attacker.example"), 421);
}

// Also: the token's scheme is case-insensitive; ids too long or holding
// control bytes are 400, not echoed.
TEST_F(HostileTest, TokenSchemeAndIdsAreChecked) {
  auto server = Start();
  ExpectIngested(server->port(), std::string("bearer ") + kToken, "scheme-1");
  httplib::Client c("127.0.0.1", server->port());
  auto wrong = c.Post("/api/ingest", {{"Authorization", std::string("Bearer ") + kToken + "x"}},
                      "{}\n", "application/x-ndjson");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  for (const std::string& path :
       {"/api/documents/" + std::string(8000, 'a'), std::string("/api/documents/a%00b"),
        std::string("/api/stories/a%0Ab"), "/api/stories/" + std::string(8000, 'b')}) {
    auto r = c.Get(path.c_str());
    ASSERT_TRUE(r) << path.substr(0, 40);
    EXPECT_EQ(r->status, 400) << path.substr(0, 40) << ": " << r->body.substr(0, 200);
    EXPECT_EQ(r->body.find("aaaaaaaaaaaaaaaa"), std::string::npos);
  }
}

// Issue 18: a database SQLite may only read. `dir_/ro` holds a copy of the
// fixture's database and is mounted read-only for the process under test
// (MountReadOnly: root ignores file modes, a read-only mount it cannot).
class ReadOnlyTest : public HostileTest {
 protected:
  void SetUp() override {
    HostileTest::SetUp();
    ro_ = dir_ / "ro";
    fs::create_directories(ro_);
    fs::copy_file(db_, ro_ / "w.db");
    if (std::string why = ReadOnlyMountUnavailable(ro_); !why.empty()) {
      GTEST_SKIP() << "cannot make a folder read-only here: " << why;
    }
  }
  // `warta ARGS...` with ro_ read-only; stderr in *err.
  int Warta(std::vector<std::string> args, std::string* err) {
    args.insert(args.begin(), WartaBinary());
    int code = RunWithReadOnlyDir(ro_, args, dir_ / "out", dir_ / "err");
    *err = Slurp(dir_ / "err");
    return code;
  }
  fs::path ro_;
};

// POST /api/ingest on a read-only database is 503 with a message that names
// no path and no SQL; the server still starts and reads (before: it did not
// start, "not a SQLite database, or a damaged one: unable to open database
// file").
TEST_F(ReadOnlyTest, IngestIs503WithoutPathsOrSql) {
  ServerProcess server((ro_ / "w.db").string(), dir_ / "serve.log", {"--token", kToken}, {}, ro_);
  ASSERT_GT(server.port(), 0) << server.log();
  httplib::Client c("127.0.0.1", server.port());
  c.set_read_timeout(30, 0);
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200) << health->body;
  auto docs = c.Get("/api/documents");
  ASSERT_TRUE(docs);
  EXPECT_EQ(docs->status, 200) << docs->body;
  const auto start = Clock::now();
  auto res = c.Post("/api/ingest", {{"Authorization", std::string("Bearer ") + kToken}},
                    R"({"id":"ro-1","lang":"en","text":"Officials said 300 homes were flooded."})"
                    "\n",
                    "application/x-ndjson");
  ASSERT_TRUE(res);
  std::printf("ingest on a read-only database: %d after %.1f s: %s\n", res->status,
              SecondsSince(start), res->body.c_str());
  EXPECT_EQ(res->status, 503) << res->body;
  const Json j = Json::parse(res->body, nullptr, false);
  ASSERT_TRUE(j.contains("error")) << res->body;
  EXPECT_NE(j["error"].get<std::string>().find("read-only"), std::string::npos) << res->body;
  for (const char* leak : {"/", "INSERT", "SELECT", "BEGIN", ".db"}) {
    EXPECT_EQ(res->body.find(leak), std::string::npos) << leak << " in " << res->body;
  }
  // The server's log says which file and why.
  server.Stop();
  EXPECT_NE(server.log().find("database is read-only: " + (ro_ / "w.db").string()),
            std::string::npos)
      << server.log();
}

// The CLI stops at the first article of a batch on a read-only database,
// with one error naming the file and the reason, and no SQL (before: the
// whole INSERT statement in the message).
TEST_F(ReadOnlyTest, CliFailsOnceAndFastWithAClearError) {
  fs::create_directories(dir_ / "in");
  for (int i = 0; i < 5; ++i) {
    std::ofstream(dir_ / "in" / ("a" + std::to_string(i) + ".txt"))
        << "Banjir kedua melanda kota " << i << ", " << (i + 10) << " rumah terendam.\n";
  }
  std::string err;
  const auto start = Clock::now();
  const int code = Warta({"--db", (ro_ / "w.db").string(), "ingest", (dir_ / "in").string()}, &err);
  const double took = SecondsSince(start);
  std::printf("CLI ingest of 5 files on a read-only database: exit %d after %.1f s:\n%s", code,
              took, err.c_str());
  EXPECT_EQ(code, 2);
  EXPECT_LT(took, 10.0);
  EXPECT_NE(err.find("database is read-only: " + (ro_ / "w.db").string() +
                     " (Read-only file system)"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find("INSERT"), std::string::npos) << err;
  EXPECT_EQ(err.find("not a SQLite database"), std::string::npos) << err;
  size_t lines = 0;
  for (char ch : err) lines += ch == '\n';
  EXPECT_LE(lines, 1u) << err;
  // Reading still works.
  EXPECT_EQ(Warta({"--db", (ro_ / "w.db").string(), "docs"}, &err), 0) << err;
}

// A database that does not exist yet, in a read-only folder.
TEST_F(ReadOnlyTest, CliSaysWhyItCannotCreateTheDatabase) {
  std::ofstream(dir_ / "a.txt") << "Banjir melanda kota, 12 rumah terendam.\n";
  std::string err;
  const int code =
      Warta({"--db", (ro_ / "new.db").string(), "ingest", (dir_ / "a.txt").string()}, &err);
  EXPECT_EQ(code, 2) << err;
  EXPECT_NE(err.find("cannot create the database in " + ro_.string() + ": Read-only file system"),
            std::string::npos)
      << err;
}

// Issue 18, also: a server without a token writes nothing, not even to an
// existing database (before: it switched a rollback-journal file to WAL,
// rewriting its header), and creates none on a missing path.
TEST_F(HostileTest, ServerWithoutTokenWritesNothing) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  const std::string before = Slurp(db_);
  {
    auto server = Start({});
    httplib::Client c("127.0.0.1", server->port());
    for (const char* path : {"/healthz", "/api/documents", "/api/stories", "/api/search?q=banjir"}) {
      auto r = c.Get(path);
      ASSERT_TRUE(r) << path;
      EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    }
    auto post = c.Post("/api/ingest", "{}\n", "application/x-ndjson");
    ASSERT_TRUE(post);
    EXPECT_EQ(post->status, 403);
  }
  EXPECT_TRUE(Slurp(db_) == before) << "the database file changed";

  const std::string missing = (dir_ / "missing.db").string();
  const std::string cmd = "'" + WartaBinary() + "' --db '" + missing +
                          "' serve --listen 127.0.0.1:0 > /dev/null 2>&1";
  EXPECT_NE(std::system(cmd.c_str()), 0);
  EXPECT_FALSE(fs::exists(missing));
}


// Issue 18, also: file names with a newline or bytes that are not UTF-8
// became ids the API listed but could not open (404). Every listed id opens,
// through the API and through `warta show`, which also takes the name.
TEST_F(HostileTest, EveryListedIdOpens) {
  fs::create_directories(dir_ / "in");
  const std::vector<std::string> names = {"a\nb.txt", "c\xFF" "d.txt", "e\\f.txt",
                                          "tab\there.txt"};
  for (size_t i = 0; i < names.size(); ++i) {
    std::ofstream(dir_ / "in" / names[i])
        << "Harga beras naik " << (i + 3) << " persen di pasar kota pada hari Senin.\n";
  }
  const std::string ingest = "'" + WartaBinary() + "' -q --db '" + db_ + "' ingest '" +
                             (dir_ / "in").string() + "' > /dev/null 2>&1";
  ASSERT_EQ(std::system(ingest.c_str()), 0);
  auto server = Start({});
  httplib::Client c("127.0.0.1", server->port());
  auto list = c.Get("/api/documents?limit=100");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  const Json docs = Json::parse(list->body)["documents"];
  ASSERT_EQ(docs.size(), names.size() + 1) << list->body;
  for (const Json& d : docs) {
    const std::string id = d["id"];
    auto one = c.Get(("/api/documents/" + PercentEncode(id)).c_str());
    ASSERT_TRUE(one);
    EXPECT_EQ(one->status, 200) << id << ": " << one->body;
    const std::string show = "'" + WartaBinary() + "' --db '" + db_ + "' show '" + id +
                             "' > /dev/null 2>&1";
    EXPECT_EQ(std::system(show.c_str()), 0) << id;
  }
  for (const char* id : {"a\\x0Ab.txt", "c\\xFFd.txt", "e\\x5Cf.txt", "tab\\x09here.txt"}) {
    auto one = c.Get(("/api/documents/" + PercentEncode(id)).c_str());
    ASSERT_TRUE(one);
    EXPECT_EQ(one->status, 200) << id << ": " << one->body;
  }
  // `show` given the file's own name finds its id.
  const std::string by_name = "'" + WartaBinary() + "' --db '" + db_ + "' show \"$(printf 'a\\nb.txt')\" > /dev/null 2>&1";
  EXPECT_EQ(std::system(by_name.c_str()), 0);
}

}  // namespace
}  // namespace warta::serve_test
