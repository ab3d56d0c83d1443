// Tests of the read stage: formats, gzip, folders, JSON Lines and bad
// inputs, on real files in a temporary folder that each test makes and
// removes.
#include "warta/read.h"

#include "read_test_util.h"
#include "warta/text.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace warta {
namespace {

namespace fs = std::filesystem;

using read_test::Gzip;
using read_test::Outcome;
using read_test::Read;

class ReadTest : public read_test::TempDirTest {};

// --- Formats -------------------------------------------------------------

struct FormatCase {
  std::string name;
  std::string bytes;
  ContentKind kind;
};

const std::vector<FormatCase>& FormatCases() {
  static const std::vector<FormatCase> cases = {
      {"000_4ca6dffac9dc008f.txt", "Pasukan Korea Utara dikirim ke Rusia.\n",
       ContentKind::kText},
      {"page.html", "<html><body><p>Hello</p></body></html>",
       ContentKind::kHtml},
      {"page2.htm", "<p>short</p>", ContentKind::kHtml},
      {"page3.XHTML", "<?xml version=\"1.0\"?><html/>", ContentKind::kHtml},
      {"notes.text", "plain notes", ContentKind::kText},
      // No known extension: sniffed.
      {"sniffed_page", "\n  <!DOCTYPE html>\n<html><head></head></html>",
       ContentKind::kHtml},
      {"sniffed_div.dat", "<DIV class=x>Body</DIV>", ContentKind::kHtml},
      {"sniffed_text", "Just words, <not a tag>.", ContentKind::kText},
      {"angle_text", "<3 this is not html", ContentKind::kText},
      {"brace_text", "{not json} at all", ContentKind::kText},
      // The extension wins over the bytes.
      {"really_html.txt", "<html><body>x</body></html>", ContentKind::kText},
  };
  return cases;
}

TEST_F(ReadTest, EachFormatPlainAndGzip) {
  for (const FormatCase& c : FormatCases()) {
    SCOPED_TRACE(c.name);
    std::string plain = Write("plain/" + c.name, c.bytes);
    std::string gz = Write("gz/" + c.name + ".gz", Gzip(c.bytes));
    // Gzip is found by its magic bytes, not its name.
    std::string gz_unnamed = Write("gz_unnamed/" + c.name, Gzip(c.bytes));
    for (const std::string& path : {plain, gz, gz_unnamed}) {
      Outcome out = Read({path});
      ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
      ASSERT_EQ(out.returned, 1u);
      ASSERT_EQ(out.articles.size(), 1u);
      const RawArticle& a = out.articles[0];
      EXPECT_EQ(a.id, c.name);  // "x.html.gz" -> "x.html"
      EXPECT_EQ(a.origin, path);
      EXPECT_EQ(a.content, c.bytes);
      EXPECT_EQ(a.kind, c.kind);
      EXPECT_EQ(a.repaired_bytes, 0u);
    }
  }
}

TEST_F(ReadTest, InvalidUtf8InTextFilePassesThroughUnchanged) {
  std::string bytes = "caf\xE9 au lait \xC0\xAF and \xED\xA0\x80 done\n";
  std::string path = Write("latin1.txt", bytes);
  Outcome out = Read({path});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 1u);
  EXPECT_EQ(out.articles[0].content, bytes);
  EXPECT_EQ(out.articles[0].repaired_bytes, 0u);
}

TEST_F(ReadTest, ConcatenatedGzipMembersAreReadFully) {
  std::string bytes = Gzip("first member, ") + Gzip("second member") +
                      std::string(16, '\0');  // padding, as tape tools add
  std::string path = Write("two.txt.gz", bytes);
  Outcome out = Read({path});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 1u);
  EXPECT_EQ(out.articles[0].content, "first member, second member");
  EXPECT_EQ(out.articles[0].id, "two.txt");
}

// --- Folders -------------------------------------------------------------

TEST_F(ReadTest, FolderRecursesInNameOrderSkippingHiddenAndFolderLinks) {
  Write("corpus/b.txt", "b");
  Write("corpus/a/z.txt", "az");
  Write("corpus/a/b.html", "<p>ab</p>");
  Write("corpus/c/d/e.txt", "cde");
  Write("corpus/C.txt", "upper C sorts before lower a");
  Write("corpus/.hidden.txt", "hidden");
  Write("corpus/.git/config.txt", "hidden folder");
  Write("corpus/a/.DS_Store", "hidden");
  Write("outside/o.txt", "outside folder");
  std::string outside_file = Write("outside_file.txt", "linked file");
  fs::create_directory_symlink(Path("outside"), Path("corpus/dlink"));
  fs::create_symlink(outside_file, Path("corpus/flink.txt"));

  Outcome out = Read({Path("corpus")});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  std::vector<std::string> origins;
  for (const RawArticle& a : out.articles) origins.push_back(a.origin);
  std::vector<std::string> expected = {
      Path("corpus/C.txt"), Path("corpus/a/b.html"),  Path("corpus/a/z.txt"),
      Path("corpus/b.txt"), Path("corpus/c/d/e.txt"), Path("corpus/flink.txt"),
  };
  EXPECT_EQ(origins, expected);
  EXPECT_EQ(out.returned, expected.size());
  ASSERT_NE(out.Article("flink.txt"), nullptr);
  EXPECT_EQ(out.Article("flink.txt")->content, "linked file");
}

TEST_F(ReadTest, FolderEntriesThatAreNotFilesAreReported) {
  Write("corpus/a.txt", "a");
  ASSERT_EQ(mkfifo(Path("corpus/pipe").c_str(), 0600), 0);
  fs::create_symlink(Path("nowhere.txt"), Path("corpus/broken.txt"));
  Outcome out = Read({Path("corpus")});
  ASSERT_EQ(out.articles.size(), 1u);
  ASSERT_EQ(out.errors.size(), 2u) << out.ErrorsText();
  EXPECT_EQ(out.errors[0].ToString(),
            Path("corpus/broken.txt") + ": not found: broken symbolic link");
  EXPECT_EQ(out.errors[1].ToString(),
            Path("corpus/pipe") + ": invalid argument: not a regular file");
}

TEST_F(ReadTest, FolderGivenWithTrailingSlashKeepsPathsAsFound) {
  Write("corpus/x.txt", "x");
  Outcome out = Read({Path("corpus") + "/"});
  ASSERT_EQ(out.articles.size(), 1u);
  EXPECT_EQ(out.articles[0].origin, Path("corpus") + "/x.txt");
}

// --- JSON Lines ----------------------------------------------------------

TEST_F(ReadTest, JsonLinesFieldsIdsAndDates) {
  std::string jsonl =
      R"({"id":"a1","url":"https://x.id/a","outlet":"Suara","published":"2024-10-18T09:00:00+07:00","title":"T","lang":"id","author":"Yopi Makdori","text":"Teks satu."})"
      "\n"
      R"({"id":42,"html":"<p>Dua</p>","published":1729209600,"author":null})"
      "\n"
      "\n"  // blank line: skipped, but counted in line numbers
      R"({"url":"https://x.id/c","text":"Tiga","published_unix":1729641600.9})"
      "\r\n"
      R"({"text":"Empat","published":0})"
      "\n"
      "   \t \n"
      R"({"id":"","url":null,"text":"Lima","published":-86400})";
  std::string path = Write("feed.jsonl", jsonl);
  Outcome out = Read({path});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.returned, 5u);

  const RawArticle* a = out.Article("a1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->origin, path + ":1");
  EXPECT_EQ(a->url, "https://x.id/a");
  EXPECT_EQ(a->outlet, "Suara");
  EXPECT_EQ(a->published, "2024-10-18T09:00:00+07:00");
  EXPECT_EQ(a->title, "T");
  EXPECT_EQ(a->lang, "id");
  EXPECT_EQ(a->author, "Yopi Makdori");
  EXPECT_EQ(a->content, "Teks satu.");
  EXPECT_EQ(a->kind, ContentKind::kText);

  const RawArticle* b = out.Article("42");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->origin, path + ":2");
  EXPECT_EQ(b->kind, ContentKind::kHtml);
  EXPECT_EQ(b->content, "<p>Dua</p>");
  EXPECT_EQ(b->published, "2024-10-18");
  EXPECT_EQ(b->author, "");  // null: none

  const RawArticle* c = out.Article("https://x.id/c");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->origin, path + ":4");
  EXPECT_EQ(c->content, "Tiga");  // the \r of CRLF is not content
  EXPECT_EQ(c->published, "2024-10-23");

  const RawArticle* d = out.Article("feed.jsonl:5");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->published, "1970-01-01");

  const RawArticle* e = out.Article("feed.jsonl:7");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->content, "Lima");
  EXPECT_EQ(e->published, "1969-12-31");
}

TEST_F(ReadTest, JsonLinesGzippedAndSniffed) {
  std::string jsonl =
      "{\"text\":\"one\"}\n{\"html\":\"<p>two</p>\",\"id\":\"t\"}\n";
  std::vector<std::string> paths = {
      Write("feed.ndjson.gz", Gzip(jsonl)),
      Write("dump", jsonl),            // sniffed: first line is an object
      Write("dump2.gz", Gzip(jsonl)),  // sniffed after inflating
  };
  std::vector<std::string> ids = {"feed.ndjson", "dump", "dump2"};
  for (size_t i = 0; i < paths.size(); ++i) {
    SCOPED_TRACE(paths[i]);
    Outcome out = Read({paths[i]});
    ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
    ASSERT_EQ(out.articles.size(), 2u);
    EXPECT_EQ(out.articles[0].id, ids[i] + ":1");
    EXPECT_EQ(out.articles[0].origin, paths[i] + ":1");
    EXPECT_EQ(out.articles[0].content, "one");
    EXPECT_EQ(out.articles[1].id, "t");
    EXPECT_EQ(out.articles[1].kind, ContentKind::kHtml);
  }
}

TEST_F(ReadTest, InvalidUtf8InJsonLineIsRepairedAndCounted) {
  std::string path = Write(
      "bad_utf8.jsonl",
      "{\"id\":\"u\",\"title\":\"t\xFF\",\"text\":\"ab\xC3\x28 cd \xF0\x9F\"}\n"
      "{\"id\":\"ok\",\"text\":\"fine \xC3\xA9\"}\n");
  Outcome out = Read({path});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 2u);
  const RawArticle* u = out.Article("u");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->title, "t\xEF\xBF\xBD");
  EXPECT_EQ(u->content, "ab\xEF\xBF\xBD( cd \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(u->repaired_bytes, 4u);
  const RawArticle* ok = out.Article("ok");
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(ok->content, "fine \xC3\xA9");
  EXPECT_EQ(ok->repaired_bytes, 0u);
}

struct BadLineCase {
  std::string line;
  StatusCode code;
  std::string message_part;
};

TEST_F(ReadTest, BadJsonLinesAreReportedAndTheRestIsRead) {
  const std::vector<BadLineCase> cases = {
      {R"({"id":"x", text})", StatusCode::kInvalidArgument,
       "malformed JSON: parse error at line 1, column 13"},
      {R"({"id":"x","text":"unterminated)", StatusCode::kInvalidArgument,
       "malformed JSON"},
      {R"([1,2,3])", StatusCode::kInvalidArgument,
       "line is a JSON array, not an object"},
      {R"("just a string")", StatusCode::kInvalidArgument, "not an object"},
      {R"({"id":"x","text":12})", StatusCode::kInvalidArgument,
       "field \"text\" must be a string, not number"},
      {R"({"id":"x","html":["<p>"]})", StatusCode::kInvalidArgument,
       "field \"html\" must be a string, not array"},
      {R"({"id":true,"text":"t"})", StatusCode::kInvalidArgument,
       "field \"id\" must be a string or a number, not boolean"},
      {R"({"title":{"a":1},"text":"t"})", StatusCode::kInvalidArgument,
       "field \"title\" must be a string, not object"},
      {R"({"author":["A","B"],"text":"t"})", StatusCode::kInvalidArgument,
       "field \"author\" must be a string, not array"},
      {R"({"published":[2024],"text":"t"})", StatusCode::kInvalidArgument,
       "field \"published\" must be a string or a number, not array"},
      {R"({"published_unix":"1729209600","text":"t"})",
       StatusCode::kInvalidArgument,
       "field \"published_unix\" must be a number, not string"},
      {R"({"published":1e300,"text":"t"})", StatusCode::kInvalidArgument,
       "out of range"},
      {R"({"id":"x","url":"u"})", StatusCode::kInvalidArgument,
       "record has neither \"html\" nor \"text\""},
      {R"({"id":"x","text":"  "})", StatusCode::kInvalidArgument,
       "empty article"},
  };
  // Good lines at odd numbers, a bad one at each even number.
  std::string jsonl;
  for (size_t i = 0; i < cases.size(); ++i) {
    jsonl += "{\"id\":\"good" + std::to_string(i) + "\",\"text\":\"g\"}\n";
    jsonl += cases[i].line + "\n";
  }
  jsonl += "{\"id\":\"last\",\"text\":\"no newline at the end\"}";
  std::string path = Write("mixed.jsonl", jsonl);

  Outcome out = Read({path});
  EXPECT_EQ(out.returned, cases.size() + 1);
  EXPECT_EQ(out.articles.size(), cases.size() + 1);
  ASSERT_NE(out.Article("last"), nullptr);
  EXPECT_EQ(out.Article("last")->origin,
            path + ":" + std::to_string(2 * cases.size() + 1));
  ASSERT_EQ(out.errors.size(), cases.size()) << out.ErrorsText();
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string where = "line " + std::to_string(2 * i + 2);
    SCOPED_TRACE(where + ": " + cases[i].line);
    const ReadError* e = out.Error(path, where);
    ASSERT_NE(e, nullptr) << out.ErrorsText();
    EXPECT_EQ(e->status.code(), cases[i].code);
    EXPECT_NE(e->status.message().find(cases[i].message_part),
              std::string::npos)
        << e->ToString();
  }
}

TEST_F(ReadTest, JsonLineOverTheLimitIsSkippedAndReadingGoesOn) {
  const size_t limit = 1024;
  std::string exact = "{\"id\":\"exact\",\"text\":\"";
  exact += std::string(limit - exact.size() - 2, 'x') + "\"}";
  ASSERT_EQ(exact.size(), limit);
  std::string over = "{\"id\":\"over\",\"text\":\"";
  over += std::string(5000, 'y') + "\"}";
  std::string jsonl =
      exact + "\n" + over + "\n{\"id\":\"after\",\"text\":\"a\"}\n";
  for (const std::string& path :
       {Write("limit.jsonl", jsonl), Write("limit.jsonl.gz", Gzip(jsonl))}) {
    SCOPED_TRACE(path);
    Outcome out = Read({path}, limit);
    ASSERT_EQ(out.articles.size(), 2u) << out.ErrorsText();
    EXPECT_EQ(out.articles[0].id, "exact");
    EXPECT_EQ(out.articles[1].id, "after");
    ASSERT_EQ(out.errors.size(), 1u);
    EXPECT_EQ(out.errors[0].where, "line 2");
    EXPECT_EQ(out.errors[0].status.code(), StatusCode::kResourceExhausted);
    EXPECT_EQ(out.errors[0].status.message(),
              "line of " + std::to_string(over.size()) +
                  " bytes exceeds the limit of 1024 bytes");
  }
}

TEST_F(ReadTest, JsonLinesStreamAcrossBufferBoundaries) {
  // Lines of many lengths so that line ends fall everywhere in the reader's
  // buffers; about 1.5 MB in all.
  std::string jsonl;
  const int kLines = 3000;
  for (int i = 0; i < kLines; ++i) {
    jsonl += "{\"id\":" + std::to_string(i) + ",\"text\":\"" +
             std::string(static_cast<size_t>(i % 997 + 1), 'a' + i % 26) +
             "\"}\n";
  }
  for (const std::string& path :
       {Write("many.jsonl", jsonl), Write("many.jsonl.gz", Gzip(jsonl))}) {
    Outcome out = Read({path}, 4096);
    ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
    ASSERT_EQ(out.articles.size(), static_cast<size_t>(kLines));
    for (int i = 0; i < kLines; ++i) {
      ASSERT_EQ(out.articles[i].id, std::to_string(i));
      ASSERT_EQ(out.articles[i].content.size(),
                static_cast<size_t>(i % 997 + 1));
    }
  }
}

// --- Bad inputs in one batch ---------------------------------------------

struct BadInputCase {
  std::string name;
  std::string bytes;
  StatusCode code;
  std::string message_part;
};

TEST_F(ReadTest, BadInputsAreReportedAndTheBatchGoesOn) {
  std::string big_line(50u << 20, 'k');  // 50 MB, one line, over 32 MiB
  std::string text = "Sebuah artikel yang baik.\n";
  std::string truncated = Gzip(text + std::string(5000, 'z'));
  truncated.resize(truncated.size() / 2);
  std::string corrupt = Gzip(text);
  corrupt[12] = static_cast<char>(corrupt[12] ^ 0xff);
  std::string binary = "PK\x03\x04";
  binary += std::string("\0\0\x01\x02 binary", 12);

  const std::vector<BadInputCase> cases = {
      {"empty.txt", "", StatusCode::kInvalidArgument, "empty file"},
      {"blank.html", " \n\t\r\n  ", StatusCode::kInvalidArgument, "empty file"},
      {"empty.jsonl", "\n\n  \n", StatusCode::kInvalidArgument, "empty file"},
      {"empty.txt.gz", Gzip(""), StatusCode::kInvalidArgument, "empty file"},
      {"archive.zip", binary, StatusCode::kDataLoss, "binary file"},
      {"image.txt", std::string("\x01\x02\x03\x04\x05\x06 abc", 10), StatusCode::kDataLoss,
       "binary file"},
      {"binary.gz", Gzip(binary), StatusCode::kDataLoss, "binary file"},
      // Issue 17, item 9: a PDF is named, compressed streams or not; an
      // uncompressed one would otherwise pass as text.
      {"report.pdf",
       std::string("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nstream\n\x01\x02\x00", 38),
       StatusCode::kInvalidArgument, "unsupported format (PDF)"},
      {"plain.pdf", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nBT (Hello) Tj ET\n%%EOF\n",
       StatusCode::kInvalidArgument, "unsupported format (PDF)"},
      {"saved-as.txt", "%PDF-1.4\n1 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf (Text) Tj ET\n",
       StatusCode::kInvalidArgument, "unsupported format (PDF)"},
      {"truncated.txt.gz", truncated, StatusCode::kDataLoss, "truncated gzip stream"},
      {"magic_only.gz", "\x1f\x8b", StatusCode::kDataLoss, "truncated gzip stream"},
      {"corrupt.html.gz", corrupt, StatusCode::kDataLoss, "corrupt gzip stream: "},
      {"big.txt", big_line, StatusCode::kResourceExhausted,
       "file of 52428800 bytes exceeds the limit of 33554432 bytes"},
      {"bomb.txt.gz", Gzip(std::string(40u << 20, '\n')), StatusCode::kResourceExhausted,
       "decompressed input exceeds the limit of 33554432 bytes"},
      {"big_line.jsonl", "{\"text\":\"" + big_line + "\"}\n", StatusCode::kResourceExhausted,
       "line of 52428811 bytes exceeds the limit of 33554432 bytes"},
  };
  std::vector<std::string> paths;
  paths.push_back(Write("good1.txt", text));
  for (const BadInputCase& c : cases) paths.push_back(Write(c.name, c.bytes));
  paths.push_back(Path("missing.txt"));
  paths.push_back(Write("good2.html.gz", Gzip("<p>baik</p>")));

  Outcome out = Read(paths);
  ASSERT_EQ(out.articles.size(), 2u) << out.ErrorsText();
  EXPECT_EQ(out.returned, 2u);
  EXPECT_EQ(out.articles[0].id, "good1.txt");
  EXPECT_EQ(out.articles[1].id, "good2.html");
  EXPECT_EQ(out.articles[1].content, "<p>baik</p>");
  EXPECT_EQ(out.errors.size(), cases.size() + 1) << out.ErrorsText();
  for (const BadInputCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::string where = c.name == "big_line.jsonl" ? "line 1" : "";
    const ReadError* e = out.Error(Path(c.name), where);
    ASSERT_NE(e, nullptr) << out.ErrorsText();
    EXPECT_EQ(e->status.code(), c.code) << e->ToString();
    EXPECT_NE(e->status.message().find(c.message_part), std::string::npos)
        << e->ToString();
  }
  const ReadError* missing = out.Error(Path("missing.txt"));
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->status.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing->ToString(),
            Path("missing.txt") +
                ": not found: cannot open: No such file or directory");
}

TEST_F(ReadTest, UnreadableFileIsAnIoError) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any file";
  std::string path = Write("secret.txt", "secret");
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  Outcome out = Read({path});
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].status.code(), StatusCode::kIoError);
  EXPECT_NE(out.errors[0].status.message().find("Permission denied"),
            std::string::npos);
}

TEST_F(ReadTest, ExceptionsFromCallbacksDoNotEscape) {
  std::string a = Write("a.txt", "a");
  std::string b = Write("b.txt", "b");
  std::vector<ReadError> errors;
  std::vector<std::string> seen;
  size_t n = ReadInputs(
      {a, b}, ReadOptions(),
      [&](RawArticle article) {
        seen.push_back(article.id);
        if (article.id == "a.txt") throw std::runtime_error("boom");
      },
      [&](const ReadError& e) { errors.push_back(e); });
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(seen, (std::vector<std::string>{"a.txt", "b.txt"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].input, a);
  EXPECT_EQ(errors[0].status.code(), StatusCode::kInternal);
  EXPECT_NE(errors[0].status.message().find("boom"), std::string::npos);
}

// --- Standard input ------------------------------------------------------

// Runs ReadInputs({"-"}) with standard input read from `path`.
Outcome ReadStdinFrom(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  int saved = dup(STDIN_FILENO);
  dup2(fd, STDIN_FILENO);
  close(fd);
  Outcome out = Read({"-"});
  dup2(saved, STDIN_FILENO);
  close(saved);
  return out;
}

TEST_F(ReadTest, StandardInput) {
  Outcome text = ReadStdinFrom(Write("in.gz", Gzip("<html><p>x</p></html>")));
  ASSERT_TRUE(text.errors.empty()) << text.ErrorsText();
  ASSERT_EQ(text.articles.size(), 1u);
  EXPECT_EQ(text.articles[0].id, "stdin");
  EXPECT_EQ(text.articles[0].origin, "-");
  EXPECT_EQ(text.articles[0].kind, ContentKind::kHtml);

  Outcome jsonl = ReadStdinFrom(Write("in.jsonl", "{\"text\":\"a\"}\n[]\n"));
  ASSERT_EQ(jsonl.articles.size(), 1u);
  EXPECT_EQ(jsonl.articles[0].id, "stdin:1");
  EXPECT_EQ(jsonl.articles[0].origin, "-:1");
  ASSERT_EQ(jsonl.errors.size(), 1u);
  EXPECT_EQ(jsonl.errors[0].input, "-");
  EXPECT_EQ(jsonl.errors[0].where, "line 2");

  Outcome empty = ReadStdinFrom(Write("in.empty", ""));
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_EQ(empty.errors[0].ToString(), "-: invalid argument: empty file");
}

// --- ReadError, ReadFileBytes, Gunzip, LooksBinary -----------------------

TEST(ReadErrorTest, ToString) {
  ReadError with_where{"corpus/a.jsonl", "line 12",
                       InvalidArgument("malformed JSON: x")};
  EXPECT_EQ(with_where.ToString(),
            "corpus/a.jsonl: line 12: invalid argument: malformed JSON: x");
  ReadError without_where{"a.txt.gz", "", DataLoss("truncated gzip stream")};
  EXPECT_EQ(without_where.ToString(),
            "a.txt.gz: damaged input: truncated gzip stream");
}

TEST_F(ReadTest, ReadFileBytes) {
  std::string text = "hello world\n";
  Result<std::string> plain = ReadFileBytes(Write("p.txt", text), 100);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(*plain, text);
  Result<std::string> gz = ReadFileBytes(Write("g.bin", Gzip(text)), 100);
  ASSERT_TRUE(gz.ok()) << gz.status().ToString();
  EXPECT_EQ(*gz, text);
  Result<std::string> exact = ReadFileBytes(Path("p.txt"), text.size());
  ASSERT_TRUE(exact.ok());
  Result<std::string> over = ReadFileBytes(Path("p.txt"), text.size() - 1);
  EXPECT_EQ(over.status().code(), StatusCode::kResourceExhausted);
  Result<std::string> gz_over = ReadFileBytes(Path("g.bin"), text.size() - 1);
  EXPECT_EQ(gz_over.status().code(), StatusCode::kResourceExhausted);
  Result<std::string> missing = ReadFileBytes(Path("nope"), 100);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  Result<std::string> folder = ReadFileBytes(root_, 100);
  EXPECT_EQ(folder.status().code(), StatusCode::kIoError);
  EXPECT_NE(folder.status().message().find("Is a directory"), std::string::npos)
      << folder.status().message();
}

TEST(GunzipTest, RoundTripAndLimits) {
  std::string text(100000, 'q');
  for (size_t i = 0; i < text.size(); i += 7) text[i] = 'a' + i % 26;
  std::string gz = Gzip(text);
  Result<std::string> out = Gunzip(gz, text.size());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, text);

  Result<std::string> over = Gunzip(gz, text.size() - 1);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(over.status().message().find("limit of 99999 bytes"),
            std::string::npos);

  Result<std::string> two = Gunzip(Gzip("ab") + Gzip("") + Gzip("cd"), 10);
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(*two, "abcd");
}

TEST(GunzipTest, BombStopsAtTheLimit) {
  std::string bomb = Gzip(std::string(16u << 20, '\0'));
  ASSERT_LT(bomb.size(), 64u << 10);
  Result<std::string> out = Gunzip(bomb, 1u << 20);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kResourceExhausted);
}

TEST(GunzipTest, DamagedStreams) {
  std::string gz = Gzip("some text that is long enough to matter, some text");
  // Every proper prefix is truncated (or, for the shortest ones, has a
  // header zlib already rejects).
  for (size_t n = 0; n < gz.size(); ++n) {
    SCOPED_TRACE(n);
    Result<std::string> out = Gunzip(std::string_view(gz).substr(0, n), 1000);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.status().code(), StatusCode::kDataLoss);
  }
  Result<std::string> truncated =
      Gunzip(std::string_view(gz).substr(0, gz.size() - 3), 1000);
  EXPECT_EQ(truncated.status().message(), "truncated gzip stream");

  Result<std::string> not_gzip = Gunzip("plain text, not gzip", 1000);
  EXPECT_EQ(not_gzip.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(not_gzip.status().message().rfind("corrupt gzip stream: ", 0), 0u)
      << not_gzip.status().message();

  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 6] =
      static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 1);
  Result<std::string> crc = Gunzip(bad_crc, 1000);
  EXPECT_EQ(crc.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(crc.status().message().find("incorrect data check"),
            std::string::npos)
      << crc.status().message();
}

struct BinaryCase {
  std::string name;
  std::string bytes;
  bool binary;
};

TEST(LooksBinaryTest, Table) {
  std::string late_nul(9000, 'a');
  late_nul[8500] = '\0';  // past the 8 KiB examined
  std::string some_controls(100, 'a');
  for (int i = 0; i < 10; ++i) some_controls[i * 10] = '\x1b';  // exactly 10%
  std::string many_controls = some_controls;
  many_controls[5] = '\x07';  // 11%
  const std::vector<BinaryCase> cases = {
      {"empty", "", false},
      {"ascii", "Hello, world.\n", false},
      {"utf8", "Pyongyang \xED\x8F\x89\xEC\x96\x91 \xE2\x80\x94 ok", false},
      {"invalid utf8 is still text", "caf\xE9 \xFF\xFE", false},
      {"allowed controls", "\t\n\r\f\t\n\r\f", false},
      {"nul", std::string("abc\0def", 7), true},
      {"nul past 8 KiB", late_nul, false},
      {"ten percent controls", some_controls, false},
      {"over ten percent controls", many_controls, true},
      {"vertical tab counts", "\v\v\vabc", true},
      {"gzip magic", "\x1f\x8b\x08\x00", true},
  };
  for (const BinaryCase& c : cases) {
    EXPECT_EQ(LooksBinary(c.bytes), c.binary) << c.name;
  }
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

// `utf8` in UTF-16LE, UTF-16BE, UTF-32LE or UTF-32BE, after its byte order
// mark (the test strings are ASCII but for "é", U+00E9, and "€", U+20AC, and
// the emoji U+1F4F0, a surrogate pair in UTF-16).
std::string Encode(const std::u32string& text, int unit, bool little) {
  std::string out;
  auto put = [&](uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      int shift = little ? 8 * i : 8 * (bytes - 1 - i);
      out += static_cast<char>((v >> shift) & 0xFF);
    }
  };
  put(0xFEFF, unit);
  for (char32_t c : text) {
    if (unit == 2 && c > 0xFFFF) {
      put(0xD800 + ((c - 0x10000) >> 10), 2);
      put(0xDC00 + ((c - 0x10000) & 0x3FF), 2);
    } else {
      put(c, unit);
    }
  }
  return out;
}

// Issue 18: UTF-16 text or HTML with a byte order mark was rejected as
// binary ("damaged input: binary file"); it is converted to UTF-8 and read
// as any other input of its format, whatever the size of the read buffers.
TEST_F(ReadTest, Utf16AndUtf32WithAByteOrderMarkAreReadAsUtf8) {
  const std::u32string text = U"Caf\u00e9 prices rose 5 \u20ac \U0001F4F0 in Jakarta.\n";
  const std::string utf8 = "Caf\xC3\xA9 prices rose 5 \xE2\x82\xAC \xF0\x9F\x93\xB0 in Jakarta.\n";
  const std::u32string html = U"<html><body><p>Caf\u00e9 news</p></body></html>";
  const std::u32string jsonl =
      U"{\"id\":\"a\",\"text\":\"Caf\u00e9 one\"}\n{\"id\":\"b\",\"text\":\"two\"}\n";
  const std::u32string rss =
      U"<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>T</title>"
      U"<item><title>Caf\u00e9 flood</title><link>https://x.example/1</link>"
      U"<description>Flooding damaged 40 homes.</description></item></channel></rss>";
  struct Case {
    const char* name;
    int unit;
    bool little;
  };
  for (const Case& c : {Case{"le16", 2, true}, Case{"be16", 2, false}, Case{"le32", 4, true},
                        Case{"be32", 4, false}}) {
    SCOPED_TRACE(c.name);
    std::string dir = std::string(c.name) + "/";
    std::string txt = Write(dir + "a.txt", Encode(text, c.unit, c.little));
    std::string gz = Write(dir + "b.txt.gz", Gzip(Encode(text, c.unit, c.little)));
    std::string page = Write(dir + "sniffed_page", Encode(html, c.unit, c.little));
    std::string lines = Write(dir + "c.jsonl", Encode(jsonl, c.unit, c.little));
    // A feed that declares its encoding, as a UTF-16 file should.
    std::string feed = Write(dir + "d.rss", Encode(rss, c.unit, c.little));
    Outcome out = Read({txt, gz, page, lines, feed});
    ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
    ASSERT_EQ(out.articles.size(), 6u);
    ASSERT_NE(out.Article("https://x.example/1"), nullptr);
    EXPECT_EQ(out.Article("https://x.example/1")->title, "Caf\xC3\xA9 flood");
    EXPECT_EQ(out.Article("a.txt")->content, utf8);
    EXPECT_EQ(out.Article("b.txt")->content, utf8);
    ASSERT_NE(out.Article("sniffed_page"), nullptr);
    EXPECT_EQ(out.Article("sniffed_page")->kind, ContentKind::kHtml);
    EXPECT_EQ(out.Article("sniffed_page")->content,
              "<html><body><p>Caf\xC3\xA9 news</p></body></html>");
    ASSERT_NE(out.Article("a"), nullptr);
    EXPECT_EQ(out.Article("a")->content, "Caf\xC3\xA9 one");
    ASSERT_NE(out.Article("b"), nullptr);
  }
  // Longer than every buffer on the way (64 KiB), with the surrogate pair
  // split across reads somewhere.
  std::u32string long_text;
  std::string long_utf8;
  for (int i = 0; i < 30000; ++i) {
    long_text += U"\U0001F4F0 caf\u00e9 ";
    long_utf8 += "\xF0\x9F\x93\xB0 caf\xC3\xA9 ";
  }
  Outcome out = Read({Write("long.txt", Encode(long_text, 2, true))});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 1u);
  EXPECT_EQ(out.articles[0].content, long_utf8);
}

// A unit that is not a character (an unpaired surrogate, an odd byte at the
// end) is damaged text: it becomes U+FFFD, the rest is read.
TEST_F(ReadTest, DamagedUtf16BecomesReplacementCharacters) {
  std::string bytes = std::string("\xFF\xFE", 2) + std::string("o\0k\0", 4) +
                      std::string("\x00\xD8", 2) + std::string("!\0", 2) + "x";
  Outcome out = Read({Write("damaged.txt", bytes)});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 1u);
  EXPECT_EQ(out.articles[0].content, "ok\xEF\xBF\xBD!\xEF\xBF\xBD");
}

// Issue 18: file names with a newline or bytes that are not UTF-8 became
// ids the API listed but could not open. Ids are escaped, and the escape
// gives the name back.
TEST_F(ReadTest, IdsFromNamesAreEscapedAndReversible) {
  Outcome out = Read({Write("a\nb.txt", "Rice prices rose.\n"),
                      Write("c\xFF" "d.txt", "Fuel prices fell.\n"),
                      Write("e.jsonl", "{\"id\":\"x\\ty\",\"text\":\"Tab id.\"}\n")});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_NE(out.Article("a\\x0Ab.txt"), nullptr);
  ASSERT_NE(out.Article("c\\xFFd.txt"), nullptr);
  ASSERT_NE(out.Article("x\\x09y"), nullptr);
  EXPECT_EQ(out.Article("c\\xFFd.txt")->origin, (fs::path(root_) / "c\xFF" "d.txt").string());
}

TEST(EscapeIdTest, Table) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain-id.txt", "plain-id.txt"},
      {"https://example.org/a%20b?x=1", "https://example.org/a%20b?x=1"},
      {"a\nb.txt", "a\\x0Ab.txt"},
      {std::string("nul\0id", 6), "nul\\x00id"},
      {"del\x7f", "del\\x7F"},
      {"caf\xE9.txt", "caf\\xE9.txt"},             // Latin-1, not UTF-8
      {"caf\xC3\xA9.txt", "caf\xC3\xA9.txt"},      // UTF-8 kept
      {"\xE2\x82\xAC \xF0\x9F\x93\xB0", "\xE2\x82\xAC \xF0\x9F\x93\xB0"},
      {"c1\xC2\x85", "c1\\xC2\\x85"},              // U+0085, a C1 control
      {"nbsp\xC2\xA0", "nbsp\xC2\xA0"},            // U+00A0 is not one
      {"C:\\dir", "C:\\x5Cdir"},                   // the escape character itself
      {"\\x0A", "\\x5Cx0A"},                       // what looks escaped already
      {"\xED\xA0\x80", "\\xED\\xA0\\x80"},         // a surrogate is not UTF-8
      {"trunc\xE2\x82", "trunc\\xE2\\x82"},
  };
  for (const auto& [name, id] : cases) {
    EXPECT_EQ(EscapeId(name), id) << name;
    EXPECT_EQ(UnescapeId(EscapeId(name)), name) << name;
    EXPECT_TRUE(IsValidUtf8(EscapeId(name))) << name;
  }
  // Every single byte and every pair of bytes round-trips.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      std::string name{static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(UnescapeId(EscapeId(name)), name) << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace warta
