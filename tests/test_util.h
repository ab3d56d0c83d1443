// What the tests that run the built `warta` binary share: its result,
// reading and writing whole files, and a fixture that gives each test a
// folder of its own and runs `warta --db` in it. WARTA_BINARY is the
// binary's path, set by the test target.
#ifndef WARTA_TESTS_TEST_UTIL_H_
#define WARTA_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

namespace warta_test {

// The exit code (-1 when it did not exit) and the output of one run.
struct RunResult {
  int code = -1;
  std::string out, err;
};

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes `bytes` to `p`, creating its folder.
inline void WriteFile(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

// Each test runs in a fresh folder of the system's temp directory named
// after the suite's prefix, the process and the test ("warta_e2e_123_Tour"),
// removed after it; the database is warta.db there.
class CliFixture : public ::testing::Test {
 protected:
  explicit CliFixture(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           (prefix_ + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "warta.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `warta ARGS` with --db pointing into the test's folder and
  // `stdin_text` on its standard input.
  RunResult Warta(const std::string& args, const std::string& stdin_text = "") {
    std::filesystem::path in = dir_ / "stdin.txt", out = dir_ / "stdout.txt",
                          err = dir_ / "stderr.txt";
    WriteFile(in, stdin_text);
    std::string cmd = std::string("'") + WARTA_BINARY + "' --db '" + db_ + "' " + args +
                      " < '" + in.string() + "' > '" + out.string() + "' 2> '" +
                      err.string() + "'";
    int status = std::system(cmd.c_str());
    RunResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }

  std::filesystem::path dir_;
  std::string db_;

 private:
  std::string prefix_;
};

}  // namespace warta_test

#endif  // WARTA_TESTS_TEST_UTIL_H_
