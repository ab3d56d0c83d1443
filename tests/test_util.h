// What the tests that run the built `warta` binary share: its result, and
// reading and writing whole files.
#ifndef WARTA_TESTS_TEST_UTIL_H_
#define WARTA_TESTS_TEST_UTIL_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace warta_test

#endif  // WARTA_TESTS_TEST_UTIL_H_
