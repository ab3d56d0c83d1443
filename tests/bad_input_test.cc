// The hostile-input corpus (tests/data/bad/, listed in its README.md) through
// the real `warta ingest`: every bad file is named on stderr with its reason,
// the good articles and the good records of damaged containers are stored,
// the exit status is 1 (some input rejected), and nothing crashes. The big
// generated inputs (tests/data/bad/make_big.sh) are a separate test,
// labelled slow.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kBad = fs::path(WARTA_TEST_DATA_DIR) / "bad";
const fs::path kRead = fs::path(WARTA_TEST_DATA_DIR) / "read";

struct RunResult {
  int code = -1;   // exit status, or -1 when killed by a signal
  int signal = 0;  // the signal that killed it, if any
  std::string out, err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(WARTA_ARTIFACT_DIR) /
           ("bad_input_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "warta.db").string();
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  RunResult Warta(const std::vector<std::string>& args) {
    std::string cmd = Quote(WARTA_BINARY) + " --db " + Quote(db_);
    for (const std::string& a : args) cmd += " " + Quote(a);
    cmd += " < /dev/null > " + Quote((dir_ / "out.txt").string()) + " 2> " +
           Quote((dir_ / "err.txt").string());
    int status = std::system(cmd.c_str());
    RunResult r;
    if (WIFEXITED(status)) {
      r.code = WEXITSTATUS(status);
      // A shell reports a child killed by a signal as 128 + the signal.
      if (r.code > 128) r.signal = r.code - 128;
    } else if (WIFSIGNALED(status)) {
      r.signal = WTERMSIG(status);
    }
    r.out = Slurp(dir_ / "out.txt");
    r.err = Slurp(dir_ / "err.txt");
    return r;
  }

  // The ids of the stored documents.
  std::set<std::string> StoredIds() {
    RunResult docs = Warta({"docs", "--format", "jsonl"});
    EXPECT_EQ(docs.code, 0) << docs.err;
    std::set<std::string> ids;
    std::istringstream lines(docs.out);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.empty()) continue;
      ids.insert(nlohmann::json::parse(line).at("id").get<std::string>());
    }
    return ids;
  }

  fs::path dir_;
  std::string db_;
};

// The stderr lines that name `path` (then a colon: "a.warc" must not match
// "a.warc.gz").
std::vector<std::string> LinesNaming(const std::string& err, const std::string& path) {
  std::vector<std::string> out;
  std::istringstream lines(err);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("warta: " + path + ":", 0) == 0) out.push_back(line);
  }
  return out;
}

// What each file of the corpus must make `warta ingest` say: one stderr line
// naming the file (or a record, item or line in it) for each entry of
// `reasons`, in order.
struct Expected {
  std::string file;
  std::vector<std::string> reasons;
};

[[maybe_unused]] const std::vector<Expected>& Corpus() {
  static const std::vector<Expected> corpus = {
      {"binary.bin", {": damaged input: binary file"}},
      {"damaged_member.warc.gz", {": record 3 at byte 518: damaged input: corrupt gzip stream: "}},
      {"empty.txt", {": invalid argument: empty file"}},
      {"entity_bomb.xml",
       {": item 1 at line 14: invalid argument: item has neither "
        "content:encoded nor description",
        ": line 14: invalid argument: malformed XML: Entity 'lol9' not "
        "defined"}},
      {"garbage.warc", {": record 1 at byte 0: damaged input: expected a WARC record header"}},
      {"invalid_utf8.txt", {": replaced 3 invalid UTF-8 bytes with U+FFFD"}},
      {"malformed.rss",
       {": line 7: invalid argument: malformed XML: Opening and ending tag "
        "mismatch"}},
      {"nesting_bomb.html.gz", {": not stored: invalid argument: empty after cleaning"}},
      {"not_a_feed.xml",
       {": invalid argument: XML document with root element <catalog> is "
        "neither an RSS nor an Atom feed"}},
      {"nul_escaped.jsonl", {":1: replaced 1 invalid UTF-8 bytes with U+FFFD"}},
      {"nul_in_text.txt", {": damaged input: binary file"}},
      {"nul_raw.jsonl", {": damaged input: binary file"}},
      {"only_boms.txt", {": not stored: invalid argument: empty after cleaning"}},
      {"truncated.txt.gz", {": damaged input: truncated gzip stream"}},
      {"truncated.warc",
       {": record 4 at byte 1317: damaged input: truncated record: the input "
        "ends 371 bytes before the end of its 389-byte block"}},
      {"truncated.warc.gz", {": record 4 at byte 895: damaged input: truncated gzip stream"}},
      {"utf16_bom.txt", {}},
      {"wrong_types.jsonl",
       {": line 1: invalid argument: field \"text\" must be a string, not "
        "number",
        ": line 2: invalid argument: field \"url\" must be a string, not array",
        ": line 3: invalid argument: field \"published\" must be a string or a "
        "number, not boolean",
        ": line 4: invalid argument: field \"html\" must be a string, not "
        "object",
        ": line 5: invalid argument: line is a JSON array, not an object",
        ": line 6: invalid argument: line is a JSON string, not an object",
        ": line 7: invalid argument: malformed JSON: "}},
      {"xxe.rss",
       {": line 5: invalid argument: malformed XML: Entity 'xxe' not "
        "defined"}},
  };
  return corpus;
}

// The same source makes two binaries: the fast corpus test, and (with
// WARTA_BAD_INPUT_SLOW) the slow one.
#ifndef WARTA_BAD_INPUT_SLOW

TEST_F(BadInputTest, EveryBadFileIsReportedAndTheGoodOnesAreStored) {
  // The corpus is every file of the folder but its README and generators.
  std::vector<std::string> corpus_files;
  for (const fs::directory_entry& e : fs::directory_iterator(kBad)) {
    std::string name = e.path().filename().string();
    if (name == "README.md" || name.rfind("make_", 0) == 0) continue;
    corpus_files.push_back(name);
  }
  std::sort(corpus_files.begin(), corpus_files.end());
  std::vector<std::string> listed;
  for (const Expected& e : Corpus()) listed.push_back(e.file);
  ASSERT_EQ(corpus_files, listed) << "a file of tests/data/bad/ is not in "
                                     "this test's table, or the reverse";

  std::vector<std::string> args = {"ingest"};
  for (const Expected& e : Corpus()) args.push_back((kBad / e.file).string());
  args.push_back((kRead / "good_article.txt").string());
  args.push_back((kRead / "good_page.html").string());
  RunResult run = Warta(args);
  ASSERT_EQ(run.signal, 0) << "killed by signal " << run.signal << "\n" << run.err;
  EXPECT_EQ(run.code, 1) << run.err;  // some input rejected

  for (const Expected& e : Corpus()) {
    SCOPED_TRACE(e.file);
    std::string path = (kBad / e.file).string();
    std::vector<std::string> lines = LinesNaming(run.err, path);
    ASSERT_EQ(lines.size(), e.reasons.size()) << run.err;
    for (size_t i = 0; i < lines.size(); ++i) {
      EXPECT_EQ(lines[i].rfind("warta: " + path + e.reasons[i], 0), 0u)
          << lines[i] << "\nexpected: " << path << e.reasons[i];
    }
  }
  EXPECT_TRUE(LinesNaming(run.err, (kRead / "good_article.txt").string()).empty()) << run.err;
  EXPECT_TRUE(LinesNaming(run.err, (kRead / "good_page.html").string()).empty()) << run.err;

  // The good articles, and what was readable in the damaged files.
  std::set<std::string> expected = {
      "good_article.txt",
      "good_page.html",
      "invalid_utf8.txt",               // repaired, not rejected
      "utf16_bom.txt",                  // converted to UTF-8
      "https://bad.example/damaged/1",  // records around a damaged member
      "https://bad.example/damaged/3",
      "https://bad.example/warc/1",  // records before the truncation
      "https://bad.example/warc/2",
      "https://bad.example/warcgz/1",
      "https://bad.example/warcgz/2",
      "https://bad.example/jsonl/6",  // the valid line among bad ones
      "https://bad.example/nul-escaped",
      "https://bad.example/rss/1",  // the item before the damage
      "https://bad.example/xxe",    // without the external entity
  };
  EXPECT_EQ(StoredIds(), expected);

  RunResult xxe = Warta({"show", "https://bad.example/xxe", "--format", "json", "--original"});
  EXPECT_EQ(xxe.code, 0) << xxe.err;
  EXPECT_EQ(xxe.out.find("root:"), std::string::npos) << xxe.out;

  // Ingesting it all again stores nothing new and reports the same errors;
  // the verdict lines the first run's stories gained are not new again.
  RunResult again = Warta(args);
  EXPECT_EQ(again.code, 1);
  auto errors = [](const std::string& err) {
    std::istringstream in(err.substr(0, err.find("ingest:")));
    std::string kept;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("alert: ", 0) != 0) kept += line + "\n";
    }
    return kept;
  };
  EXPECT_EQ(errors(again.err), errors(run.err));
  EXPECT_EQ(again.err.find("alert: "), std::string::npos) << again.err;
  EXPECT_EQ(StoredIds(), expected);
}

#else  // WARTA_BAD_INPUT_SLOW

// 100 MB inputs and a folder of 10,000 files, made at test time.
TEST_F(BadInputTest, BigGeneratedInputs) {
  fs::path big = dir_ / "big";
  std::string make = "bash " + Quote((kBad / "make_big.sh").string()) + " " + Quote(big.string());
  ASSERT_EQ(std::system(make.c_str()), 0);
  RunResult run = Warta({"ingest", big.string()});
  ASSERT_EQ(run.signal, 0) << run.err;
  EXPECT_EQ(run.code, 1) << run.err;
  std::vector<std::string> line = LinesNaming(run.err, (big / "big_line.jsonl").string());
  ASSERT_EQ(line.size(), 1u) << run.err;
  EXPECT_NE(line[0].find(": line 1: too large: line of 104857644 bytes exceeds "
                         "the limit of 33554432 bytes"),
            std::string::npos)
      << line[0];
  std::vector<std::string> page = LinesNaming(run.err, (big / "big_page.html").string());
  ASSERT_EQ(page.size(), 1u) << run.err;
  EXPECT_NE(page[0].find(": too large: file of 104857661 bytes exceeds the "
                         "limit of 33554432 bytes"),
            std::string::npos)
      << page[0];
  EXPECT_NE(run.err.find("ingest: 10000 read: 10000 new"), std::string::npos) << run.err;
  std::set<std::string> ids = StoredIds();
  EXPECT_EQ(ids.size(), 10000u);
  EXPECT_TRUE(ids.count("report_00001.txt"));
  EXPECT_TRUE(ids.count("report_10000.txt"));
  fs::remove_all(big);
}

#endif  // WARTA_BAD_INPUT_SLOW

}  // namespace
