// Tests of the WARC reader (warc.cc) and of skipping damaged gzip members
// (gzip.cc), on WARC files built here record by record.
#include <gtest/gtest.h>

#include <iterator>
#include <string>
#include <vector>

#include "byte_reader.h"
#include "read_test_util.h"
#include "warta/read.h"

namespace warta {
namespace {

using read_test::Gzip;
using read_test::Outcome;
using read_test::Read;

class WarcTest : public read_test::TempDirTest {};

// One WARC record around `block`.
std::string Record(const std::string& type, const std::string& uri, const std::string& content_type,
                   const std::string& block) {
  std::string out = "WARC/1.1\r\nWARC-Type: " + type + "\r\n";
  if (!uri.empty()) out += "WARC-Target-URI: " + uri + "\r\n";
  out += "WARC-Date: 2024-10-18T09:00:00Z\r\n";
  out += "WARC-Record-ID: <urn:uuid:6d5e7c7a-0000-4000-8000-000000000000>\r\n";
  if (!content_type.empty()) out += "Content-Type: " + content_type + "\r\n";
  out += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  return out + block + "\r\n\r\n";
}

// An HTTP response with `headers` (each ending in CRLF) and `body`.
std::string Http(int status, const std::string& headers, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\n" + headers + "Server: test\r\n\r\n" + body;
}

std::string Response(const std::string& uri, const std::string& http) {
  return Record("response", uri, "application/http; msgtype=response", http);
}

std::string HtmlResponse(const std::string& uri, const std::string& body) {
  return Response(uri, Http(200, "Content-Type: text/html; charset=utf-8\r\n", body));
}

const char kPageA[] = "<html><body><p>Pasukan Korea Utara.</p></body></html>";
const char kPageB[] = "<html><body><p>Second page.</p></body></html>";
const char kPageC[] = "<!doctype html><p>Third page, chunked.</p>";

// A WARC with one record of each kind the reader meets, in order: the
// records that are pages, and what they hold.
struct Sample {
  std::vector<std::string> records;
  std::vector<std::string> ids;
  std::vector<std::string> contents;
  std::vector<int> numbers;  // record numbers of the pages
};

Sample MakeSample() {
  Sample s;
  s.records.push_back(
      Record("warcinfo", "", "application/warc-fields", "software: test\r\nformat: WARC 1.1\r\n"));
  s.records.push_back(Record("request", "https://a.id/1", "application/http; msgtype=request",
                             "GET /1 HTTP/1.1\r\nHost: a.id\r\n\r\n"));
  s.records.push_back(HtmlResponse("https://a.id/1", kPageA));
  s.records.push_back(
      Record("metadata", "https://a.id/1", "application/warc-fields", "fetchTimeMs: 12\r\n"));
  s.records.push_back(Response("https://a.id/missing",
                               Http(404, "Content-Type: text/html\r\n", "<p>Not found</p>")));
  s.records.push_back(
      Response("https://a.id/logo.png",
               Http(200, "Content-Type: image/png\r\n", std::string("\x89PNG\r\n\x1a\n\0\0", 10))));
  s.records.push_back(
      Response("https://a.id/redirect", Http(301, "Location: https://a.id/1\r\n", "")));
  // The URI in angle brackets, as in WARC 1.0's examples; gzip encoding.
  s.records.push_back(
      Response("<https://b.id/2>",
               Http(200, "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", Gzip(kPageB))));
  // Chunked, with no Content-Type: sniffed.
  std::string c = kPageC;
  std::string chunked = "A;ext=1\r\n" + c.substr(0, 10) + "\r\n";
  char size[16];
  std::snprintf(size, sizeof(size), "%zx", c.size() - 10);
  chunked += std::string(size) + "\r\n" + c.substr(10) + "\r\n0\r\n\r\n";
  s.records.push_back(
      Response("https://c.id/3", Http(200, "Transfer-Encoding: chunked\r\n", chunked)));
  s.records.push_back(Record("revisit", "https://a.id/1", "application/http; msgtype=response",
                             "HTTP/1.1 200 OK\r\n\r\n"));
  s.ids = {"https://a.id/1", "https://b.id/2", "https://c.id/3"};
  s.contents = {kPageA, kPageB, kPageC};
  s.numbers = {3, 8, 9};
  return s;
}

std::string Join(const std::vector<std::string>& records) {
  std::string out;
  for (const std::string& r : records) out += r;
  return out;
}

std::string GzipEach(const std::vector<std::string>& records) {
  std::string out;
  for (const std::string& r : records) out += Gzip(r);
  return out;
}

TEST_F(WarcTest, HtmlResponsesBecomeArticlesAndTheRestIsSkipped) {
  Sample s = MakeSample();
  std::string plain = Join(s.records);
  struct Case {
    std::string name;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {"crawl.warc", plain},
      {"crawl.warc.gz", GzipEach(s.records)},  // one member per record
      {"whole.warc.gz", Gzip(plain)},          // one member for the file
      {"sniffed.dat", plain},                  // no telling name
      {"sniffed.gz", GzipEach(s.records)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string path = Write(c.name, c.bytes);
    Outcome out = Read({path});
    EXPECT_TRUE(out.errors.empty()) << out.ErrorsText();
    ASSERT_EQ(out.articles.size(), s.ids.size());
    for (size_t i = 0; i < s.ids.size(); ++i) {
      const RawArticle& a = out.articles[i];
      EXPECT_EQ(a.id, s.ids[i]);
      EXPECT_EQ(a.url, s.ids[i]);
      EXPECT_EQ(a.kind, ContentKind::kHtml);
      EXPECT_EQ(a.content, s.contents[i]);
      EXPECT_EQ(a.origin.rfind(path + ":record " + std::to_string(s.numbers[i]) + " at byte ", 0),
                0u)
          << a.origin;
    }
  }
}

TEST_F(WarcTest, ByteOffsetsAreRecordStartsOrGzipMemberStarts) {
  Sample s = MakeSample();
  size_t plain_offset = 0, gz_offset = 0;
  for (int i = 0; i < 2; ++i) {
    plain_offset += s.records[i].size();
    gz_offset += Gzip(s.records[i]).size();
  }
  Outcome plain = Read({Write("a.warc", Join(s.records))});
  ASSERT_FALSE(plain.articles.empty());
  EXPECT_EQ(plain.articles[0].origin,
            Path("a.warc") + ":record 3 at byte " + std::to_string(plain_offset));
  Outcome gz = Read({Write("a.warc.gz", GzipEach(s.records))});
  ASSERT_FALSE(gz.articles.empty());
  EXPECT_EQ(gz.articles[0].origin,
            Path("a.warc.gz") + ":record 3 at byte " + std::to_string(gz_offset));
}

TEST_F(WarcTest, TruncatedFileKeepsTheRecordsBefore) {
  std::vector<std::string> records = {HtmlResponse("https://a.id/1", kPageA),
                                      HtmlResponse("https://a.id/2", kPageB),
                                      HtmlResponse("https://a.id/3", kPageC)};
  std::string plain = Join(records);
  size_t third = records[0].size() + records[1].size();
  // Cut inside the third record's block, and inside its header.
  for (size_t cut : {third + records[2].size() - 20, third + 30}) {
    SCOPED_TRACE(cut);
    std::string path = Write("cut.warc", plain.substr(0, cut));
    Outcome out = Read({path});
    ASSERT_EQ(out.articles.size(), 2u) << out.ErrorsText();
    EXPECT_EQ(out.articles[1].id, "https://a.id/2");
    ASSERT_EQ(out.errors.size(), 1u) << out.ErrorsText();
    EXPECT_EQ(out.errors[0].where, "record 3 at byte " + std::to_string(third));
    EXPECT_EQ(out.errors[0].status.code(), StatusCode::kDataLoss);
    EXPECT_NE(out.errors[0].status.message().find("truncated record"), std::string::npos)
        << out.ErrorsText();
  }

  std::string gz = GzipEach(records);
  size_t gz_third = Gzip(records[0]).size() + Gzip(records[1]).size();
  std::string path = Write("cut.warc.gz", gz.substr(0, gz_third + 25));
  Outcome out = Read({path});
  ASSERT_EQ(out.articles.size(), 2u) << out.ErrorsText();
  ASSERT_EQ(out.errors.size(), 1u) << out.ErrorsText();
  EXPECT_EQ(out.errors[0].where, "record 3 at byte " + std::to_string(gz_third));
  EXPECT_EQ(out.errors[0].status.message(), "truncated gzip stream");
}

TEST_F(WarcTest, DamagedGzipMemberIsReportedAndReadingResumes) {
  std::vector<std::string> records = {HtmlResponse("https://a.id/1", kPageA),
                                      HtmlResponse("https://a.id/2", kPageB),
                                      HtmlResponse("https://a.id/3", kPageC)};
  std::string first = Gzip(records[0]);
  std::string second = Gzip(records[1]);
  for (size_t at : {size_t{12}, second.size() / 2, second.size() - 6}) {
    SCOPED_TRACE(at);
    std::string damaged = second;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x55);
    std::string path = Write("damaged.warc.gz", first + damaged + Gzip(records[2]));
    Outcome out = Read({path});
    ASSERT_EQ(out.errors.size(), 1u) << out.ErrorsText();
    EXPECT_EQ(out.errors[0].status.code(), StatusCode::kDataLoss);
    ASSERT_GE(out.articles.size(), 2u) << out.ErrorsText();
    EXPECT_EQ(out.articles.front().id, "https://a.id/1");
    EXPECT_EQ(out.articles.back().id, "https://a.id/3");
    EXPECT_EQ(out.articles.back().content, kPageC);
    if (out.errors[0].status.message().find("incorrect data check") != std::string::npos) {
      // Damage that only the trailer's CRC reveals (a flipped literal, or
      // the CRC itself) comes to light after the record was read whole: it
      // is reported, and the record is kept.
      EXPECT_EQ(out.articles.size(), 3u) << out.ErrorsText();
    } else {
      EXPECT_EQ(out.articles.size(), 2u) << out.ErrorsText();
      EXPECT_EQ(out.errors[0].where, "record 2 at byte " + std::to_string(first.size()));
    }
  }
  // Bytes between members that are not a member are damage as well.
  std::string path = Write("gap.warc.gz", first + "not gzip at all" + second + Gzip(records[2]));
  Outcome out = Read({path});
  EXPECT_EQ(out.articles.size(), 3u) << out.ErrorsText();
  ASSERT_EQ(out.errors.size(), 1u) << out.ErrorsText();
  EXPECT_EQ(out.errors[0].ToString(),
            path + ": record 2 at byte " + std::to_string(first.size()) +
                ": damaged input: bytes that do not start a gzip member at "
                "compressed byte " +
                std::to_string(first.size()));
}

TEST_F(WarcTest, DamagedRecordsAreReportedAndReadingGoesOn) {
  std::string good1 = HtmlResponse("https://a.id/1", kPageA);
  std::string good2 = HtmlResponse("https://a.id/2", kPageB);
  std::string no_length =
      "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://x\r\n\r\n"
      "HTTP/1.1 200 OK\r\n\r\nbody\r\n\r\n";
  std::string bad_length =
      "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\n"
      "HTTP/1.1 200 OK\r\n\r\nbody\r\n\r\n";
  // Not reported on its own: it follows a record already reported, in the
  // same stretch of damage.
  std::string garbage = "this line is not a record header\r\nnor this\r\n";
  std::string not_http = Response("https://a.id/nothttp", "SPDY 200 yes\r\n\r\nx");
  std::string empty = HtmlResponse("https://a.id/empty", "  \n");
  std::string brotli = Response(
      "https://a.id/br", Http(200, "Content-Type: text/html\r\nContent-Encoding: br\r\n", "x"));
  std::string bad_chunks = Response(
      "https://a.id/chunks", Http(200, "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                                  "5\r\nabcde\r\nzz\r\n"));
  std::string bad_gzip =
      Response("https://a.id/gz", Http(200, "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                                       Gzip(kPageA).substr(0, 20)));
  std::string no_uri = Record("response", "", "application/http", Http(200, "", kPageA));
  std::string bytes = good1 + no_length + garbage + bad_length + not_http + empty + brotli +
                      bad_chunks + bad_gzip + no_uri + good2;
  Outcome out = Read({Write("bad.warc", bytes)});
  ASSERT_EQ(out.articles.size(), 2u) << out.ErrorsText();
  EXPECT_EQ(out.articles[0].id, "https://a.id/1");
  EXPECT_EQ(out.articles[1].id, "https://a.id/2");
  std::vector<std::string> expected = {
      "record 2 at byte " + std::to_string(good1.size()) +
          ": damaged input: record without Content-Length",
      "invalid Content-Length \"12x\"",
      "not an HTTP response: \"SPDY 200 yes\"",
      "invalid argument: empty HTML payload",
      "unsupported Content-Encoding \"br\"",
      "HTTP payload: malformed chunked body",
      "HTTP payload: truncated gzip stream",
      "response without WARC-Target-URI",
  };
  ASSERT_EQ(out.errors.size(), expected.size()) << out.ErrorsText();
  for (size_t i = 0; i < expected.size(); ++i) {
    std::string text = out.errors[i].ToString();
    EXPECT_NE(text.find(expected[i]), std::string::npos) << text;
  }
}

TEST_F(WarcTest, PayloadOverTheLimitIsReportedAndSkipped) {
  std::string big(5000, 'x');
  std::string bytes =
      HtmlResponse("https://a.id/big", "<p>" + big + "</p>") +
      Response("https://a.id/img.jpg", Http(200, "Content-Type: image/jpeg\r\n", big)) +
      HtmlResponse("https://a.id/small", kPageA);
  Outcome out = Read({Write("big.warc.gz", Gzip(bytes))}, 1000);
  ASSERT_EQ(out.articles.size(), 1u) << out.ErrorsText();
  EXPECT_EQ(out.articles[0].id, "https://a.id/small");
  ASSERT_EQ(out.errors.size(), 1u) << out.ErrorsText();
  EXPECT_EQ(out.errors[0].where, "record 1 at byte 0");
  EXPECT_EQ(out.errors[0].status.code(), StatusCode::kResourceExhausted);
}

TEST_F(WarcTest, EncodingsNamedButAlreadyUndoneAreReadAsTheyAre) {
  // Crawlers that store decoded payloads may keep the original headers.
  std::string bytes =
      Response("https://a.id/1", Http(200,
                                      "Content-Type: text/html\r\nContent-Encoding: gzip\r\n"
                                      "Transfer-Encoding: chunked\r\n",
                                      kPageA));
  Outcome out = Read({Write("decoded.warc", bytes)});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), 1u);
  EXPECT_EQ(out.articles[0].content, kPageA);
}

TEST_F(WarcTest, CharsetOfTheHttpContentTypeIsKept) {
  struct Case {
    const char* content_type;  // the HTTP Content-Type header, or null
    const char* charset;       // RawArticle::charset
  };
  const Case cases[] = {
      {"text/html; charset=windows-1252", "windows-1252"},
      {"text/html;charset=UTF-8", "utf-8"},
      {"text/html; Charset=\"ISO-8859-1\"", "iso-8859-1"},
      {"text/html; charset='euc-kr'", "euc-kr"},
      {"text/html; boundary=x; charset=gbk ", "gbk"},
      {"application/xhtml+xml; charset=Shift_JIS", "shift_jis"},
      {"text/html", ""},
      {"text/html; charset=", ""},
      {"text/html; charset=\"\"", ""},
      {"text/html; charset=utf 8", ""},  // not a charset name
      {"text/html; mycharset=latin1", ""},
      {nullptr, ""},  // no Content-Type: the page is sniffed
  };
  std::string bytes;
  for (size_t i = 0; i < std::size(cases); ++i) {
    std::string header =
        cases[i].content_type ? std::string("Content-Type: ") + cases[i].content_type + "\r\n" : "";
    bytes += Response("https://a.id/" + std::to_string(i), Http(200, header, kPageA));
  }
  Outcome out = Read({Write("charsets.warc", bytes)});
  ASSERT_TRUE(out.errors.empty()) << out.ErrorsText();
  ASSERT_EQ(out.articles.size(), std::size(cases));
  for (size_t i = 0; i < std::size(cases); ++i) {
    SCOPED_TRACE(cases[i].content_type ? cases[i].content_type : "(none)");
    EXPECT_EQ(out.articles[i].charset, cases[i].charset);
    EXPECT_EQ(out.articles[i].content, kPageA);
  }
}

TEST_F(WarcTest, EmptyAndNonWarcInputs) {
  Outcome empty = Read({Write("empty.warc", "")});
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_EQ(empty.errors[0].status.message(), "empty file");
  Outcome text = Read({Write("text.warc", "just some words\n")});
  ASSERT_EQ(text.errors.size(), 1u);
  EXPECT_EQ(text.errors[0].where, "record 1 at byte 0");
  EXPECT_TRUE(text.articles.empty());
  // Only records that are not pages: nothing read, nothing wrong.
  Outcome info =
      Read({Write("info.warc", Record("warcinfo", "", "application/warc-fields", "a: b"))});
  EXPECT_TRUE(info.errors.empty()) << info.ErrorsText();
  EXPECT_TRUE(info.articles.empty());
}

TEST(GzipMemberReaderTest, SkipsToTheNextMemberAndMapsOffsets) {
  std::string a = Gzip("first;");
  std::string b = Gzip("second;");
  std::string c = Gzip("third;");
  std::string damaged = b;
  damaged[damaged.size() / 2] ^= 0x40;
  std::string bytes = a + damaged + c;
  auto reader = read_internal::NewGzipMemberReader(read_internal::NewStringViewReader(bytes));
  std::string out;
  char buf[4];
  for (;;) {
    Result<size_t> got = reader->Read(buf, sizeof(buf));
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), StatusCode::kDataLoss);
      Result<bool> next = reader->SkipToNextMember();
      ASSERT_TRUE(next.ok());
      ASSERT_TRUE(*next);
      out += "|";
      continue;
    }
    if (*got == 0) break;
    out.append(buf, *got);
  }
  // What the damaged member inflated before its error may or may not have
  // been returned, but the first and third are whole.
  EXPECT_EQ(out.rfind("first;", 0), 0u) << out;
  EXPECT_NE(out.find("|"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - 6), "third;") << out;
  EXPECT_EQ(reader->MemberStart(0), 0u);
  EXPECT_EQ(reader->MemberStart(out.size() - 1), a.size() + damaged.size());
}

}  // namespace
}  // namespace warta
