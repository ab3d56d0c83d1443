// What the tests that start a real `warta serve` share: the child process,
// raw loopback sockets for requests no well-behaved client sends, and the
// server's peak resident memory read from /proc.
#ifndef WARTA_SERVE_SERVE_TEST_UTIL_H_
#define WARTA_SERVE_SERVE_TEST_UTIL_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace warta::serve_test {

namespace fs = std::filesystem;

inline std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The `warta` binary under test: this build's, or the one named by
// $WARTA_BINARY_UNDER_TEST (to measure another build with the same tests).
inline std::string WartaBinary() {
  const char* other = std::getenv("WARTA_BINARY_UNDER_TEST");
  return other && *other ? other : WARTA_BINARY;
}

// Makes `dir` read-only for this process and its children only: a mount
// namespace of its own in which `dir` is bind-mounted onto itself and
// remounted read-only, so that even root (which file modes do not stop)
// gets EROFS there, while the folder stays writable for everyone else.
// Call it in a forked child. Returns "" on success, else what failed.
inline std::string MountReadOnly(const fs::path& dir) {
  auto failed = [](const char* what) { return std::string(what) + ": " + std::strerror(errno); };
  if (::unshare(CLONE_NEWNS) != 0) return failed("unshare(CLONE_NEWNS)");
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return failed("making the mounts private");
  }
  const std::string d = dir.string();
  if (::mount(d.c_str(), d.c_str(), nullptr, MS_BIND, nullptr) != 0) return failed("bind mount");
  if (::mount(nullptr, d.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
    return failed("read-only remount");
  }
  return "";
}

// Why a test cannot make `dir` read-only with MountReadOnly here (no
// CAP_SYS_ADMIN, no mount namespaces), or "" when it can: tried in a
// forked child, which also checks that creating a file there then fails.
inline std::string ReadOnlyMountUnavailable(const fs::path& dir) {
  int fds[2];
  if (::pipe(fds) != 0) return "pipe failed";
  std::fflush(nullptr);  // or the child writes what the parent buffered
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    std::string why = MountReadOnly(dir);
    if (why.empty()) {
      const std::string probe = (dir / ".probe").string();
      FILE* f = std::fopen(probe.c_str(), "w");
      if (f != nullptr) {
        std::fclose(f);
        ::unlink(probe.c_str());
        why = "the read-only mount still took a new file";
      }
    }
    ssize_t n = ::write(fds[1], why.data(), why.size());
    (void)n;
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string why;
  char buf[256];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) why.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (pid < 0) return "fork failed";
  return why;
}

// In a forked child: makes `dir` read-only (MountReadOnly) unless it is
// empty, then executes `argv`. Exits 97 when the mount fails (saying why on
// stderr), 127 when the exec does.
[[noreturn]] inline void ExecWithReadOnlyDir(const fs::path& dir, std::vector<std::string> argv) {
  if (!dir.empty()) {
    if (std::string why = MountReadOnly(dir); !why.empty()) {
      std::fprintf(stderr, "%s\n", why.c_str());
      ::_exit(97);
    }
  }
  std::vector<char*> c;
  for (std::string& a : argv) c.push_back(a.data());
  c.push_back(nullptr);
  ::execv(c[0], c.data());
  ::_exit(127);
}

// Runs `argv` with `dir` read-only (MountReadOnly), stdout and stderr to
// `out` and `err` (which must lie outside `dir`); returns its exit status,
// or -1 when it did not exit normally, or 97 when the mount failed.
inline int RunWithReadOnlyDir(const fs::path& dir, std::vector<std::string> argv,
                              const fs::path& out, const fs::path& err) {
  std::fflush(nullptr);  // or the child writes what the parent buffered
  pid_t pid = ::fork();
  if (pid == 0) {
    FILE* o = std::freopen(out.c_str(), "w", stdout);
    FILE* e = std::freopen(err.c_str(), "w", stderr);
    (void)o;
    (void)e;
    ExecWithReadOnlyDir(dir, std::move(argv));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A `warta serve` child process.
class ServerProcess {
 public:
  // Starts `warta --db DB serve --listen 127.0.0.1:0 ARGS...` with `env`
  // added to its environment and waits for its "listening on" line. port()
  // is 0 when it did not come up.
  // With `read_only_dir`, the server sees that folder read-only
  // (MountReadOnly); the log must lie outside it.
  ServerProcess(const std::string& db, const fs::path& log, std::vector<std::string> args,
                std::map<std::string, std::string> env = {}, const fs::path& read_only_dir = {})
      : log_(log) {
    std::vector<std::string> argv = {WartaBinary(), "--db", db, "serve", "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      FILE* f = std::freopen(log.c_str(), "w", stderr);
      (void)f;
      ::unsetenv("WARTA_TOKEN");
      for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
      ExecWithReadOnlyDir(read_only_dir, std::move(argv));
    }
    std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)/");
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::smatch m;
      std::string text = Slurp(log_);
      if (std::regex_search(text, m, listening))
        port_ = std::stoi(m[1]);
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~ServerProcess() { Stop(); }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const { return Slurp(log_); }

  // SIGTERM, then the exit status; -1 if it had not exited after
  // `patience` and had to be killed.
  int Stop(std::chrono::milliseconds patience = std::chrono::seconds(10)) {
    if (pid_ <= 0) return exit_code_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return exit_code_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
    return exit_code_ = -1;
  }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
};

// The peak resident set of process `pid` (VmHWM) in bytes, or -1.
inline long long PeakRssBytes(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atoll(line.c_str() + 6) * 1024;
  }
  return -1;
}

// A blocking TCP connection to 127.0.0.1:`port`, or -1.
inline int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Sends all of `data`; false once the server closed or reset the
// connection, or nothing could be sent for `stall`.
inline bool SendAll(int fd, std::string_view data,
                    std::chrono::milliseconds stall = std::chrono::seconds(10)) {
  while (!data.empty()) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(stall.count())) <= 0) return false;
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// True when the server has sent something (or closed) on `fd`.
inline bool Readable(int fd, int timeout_ms = 0) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) > 0;
}

// What the server sends on `fd` until it closes the connection, a whole
// response has arrived (by Content-Length), or `timeout` passes.
inline std::string ReadResponse(int fd, std::chrono::milliseconds timeout) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !Readable(fd, static_cast<int>(left.count()))) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    size_t end = out.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::smatch m;
      std::string head = out.substr(0, end);
      static const std::regex length("\\r\\n[Cc]ontent-[Ll]ength: *([0-9]+)");
      if (std::regex_search(head, m, length) && out.size() >= end + 4 + std::stoull(m[1])) break;
    }
  }
  return out;
}

// The status of the response in `text` ("HTTP/1.1 401 ..."), 0 if none.
inline int StatusOf(const std::string& text) {
  if (text.rfind("HTTP/1.", 0) != 0 || text.size() < 12) return 0;
  return std::atoi(text.c_str() + 9);
}

// The body of the response in `text`.
inline std::string BodyOf(const std::string& text) {
  size_t end = text.find("\r\n\r\n");
  return end == std::string::npos ? "" : text.substr(end + 4);
}

}  // namespace warta::serve_test

#endif  // WARTA_SERVE_SERVE_TEST_UTIL_H_
