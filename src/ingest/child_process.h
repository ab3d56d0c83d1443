// Running the `warta` binary as a child process, for the tests and
// benchmarks that drive it as a user would (and kill it).
#ifndef WARTA_SRC_INGEST_CHILD_PROCESS_H_
#define WARTA_SRC_INGEST_CHILD_PROCESS_H_

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace warta {

// `fallback`, or the path in environment variable `env` when set (a copy
// of the binary, so that a rebuild does not change it mid-run).
inline const char* BinaryFrom(const char* env, const char* fallback) {
  const char* path = std::getenv(env);
  return path != nullptr && *path != 0 ? path : fallback;
}

// Starts `binary` with `args` (argv[0] included); stdout goes nowhere,
// stderr to `err_path` (empty: inherited). Returns the pid.
inline pid_t StartChild(const char* binary, std::vector<std::string> args,
                        const std::string& err_path = "") {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int null = ::open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    if (!err_path.empty()) {
      int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(err, STDERR_FILENO);
    }
    execv(binary, argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for `pid`: its exit code, or 128 + the signal that ended it.
inline int WaitChild(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace warta

#endif  // WARTA_SRC_INGEST_CHILD_PROCESS_H_
