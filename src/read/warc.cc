// The WARC reader: web archive records to RawArticles, one record at a time.
//
// A WARC file (ISO 28500; WARC/1.0 and 1.1) is a sequence of records, each a
// header block ("WARC/1.1", then "Name: value" lines, then a blank line)
// followed by Content-Length bytes of content and a blank line. Common
// Crawl's news crawl (CC-NEWS) publishes them gzipped, one gzip member per
// record, so a reader can start at any record's member.
//
// What becomes an article: a `response` record whose content is an HTTP
// response (Content-Type application/http) with status 200 and an HTML
// payload (Content-Type text/html or application/xhtml+xml; sniffed when the
// server sent none). Its id and url are WARC-Target-URI; its content is the
// payload with the HTTP header stripped, chunked transfer-encoding undone and
// a gzip or deflate Content-Encoding inflated. Crawlers differ in whether
// they store the payload as sent or already decoded (Common Crawl decodes it
// and renames the headers; wget keeps it as sent), so a payload is dechunked
// or inflated only when its bytes look encoded. The charset named in the
// HTTP Content-Type ("text/html; charset=windows-1252") becomes
// RawArticle::charset, a hint for the page cleaner, which trusts the page's
// own BOM or declaration first. Payloads that Common Crawl cut at its size
// cap (WARC-Truncated) are read as they are.
//
// Skipped without a word: warcinfo, request, metadata, revisit, resource
// and conversion records, responses other than 200, and non-HTML payloads.
// Reported, with "record N at byte B" (B is the record's offset in the file,
// or in a .warc.gz the offset of its gzip member, as in Common Crawl's
// index), and the reading goes on: a malformed header, a missing
// Content-Length, bytes where a record should start, a malformed HTTP
// response, an undecodable or over-limit payload, an empty HTML payload.
// A truncated file ends the reading after reporting its last record; in a
// .warc.gz a damaged member is reported and reading resumes at the next
// member. Records already delivered are kept in every case.
//
// Memory stays bounded whatever the file's size: one 64 KiB buffer, one
// record header (at most 256 KiB), and one payload (at most
// ReadOptions::max_article_bytes); the rest of a record is skipped as it
// streams by.
//
// Tested by warc_test.cc.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "byte_reader.h"
#include "formats.h"

namespace warta::read_internal {
namespace {

constexpr size_t kBufferBytes = 64 << 10;
// Longest WARC header line, and all of a record's header lines together.
constexpr size_t kMaxHeaderLine = 64 << 10;
constexpr size_t kMaxHeaderBytes = 256 << 10;
// Longest HTTP response header kept in front of the payload.
constexpr size_t kMaxHttpHeadBytes = 64 << 10;
// Longest chunk-size line of a chunked payload.
constexpr size_t kMaxChunkLine = 1024;
// Quoted bytes of a line that should have started a record.
constexpr size_t kMaxQuoteBytes = 40;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool AllSpace(std::string_view s) { return Trim(s).empty(); }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "text/html; charset=utf-8" -> "text/html".
std::string MediaType(std::string_view content_type) {
  return LowerAscii(Trim(content_type.substr(0, content_type.find(';'))));
}

// The charset parameter of a Content-Type, lower case, quotes removed:
// "text/html; charset=\"Windows-1252\"" -> "windows-1252"; "" when there is
// none, or when its value is not a charset name (letters, digits and
// "-_.:+", at most 40).
std::string CharsetParameter(std::string_view content_type) {
  size_t semicolon = content_type.find(';');
  while (semicolon != std::string_view::npos) {
    std::string_view rest = content_type.substr(semicolon + 1);
    size_t next = rest.find(';');
    std::string_view param = rest.substr(0, next);
    semicolon = next == std::string_view::npos ? next : semicolon + 1 + next;
    size_t eq = param.find('=');
    if (eq == std::string_view::npos || LowerAscii(Trim(param.substr(0, eq))) != "charset") {
      continue;
    }
    std::string_view value = Trim(param.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = Trim(value.substr(1, value.size() - 2));
    }
    if (value.empty() || value.size() > 40) return "";
    for (char c : value) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == ':' || c == '+';
      if (!ok) return "";
    }
    return LowerAscii(value);
  }
  return "";
}

// A decimal Content-Length; nullopt when it is not one.
std::optional<uint64_t> ParseLength(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.size() > 18) return std::nullopt;
  uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

// A printable excerpt of `line` for a message.
std::string Quote(std::string_view line) {
  std::string out;
  for (char c : line.substr(0, kMaxQuoteBytes)) {
    unsigned char u = static_cast<unsigned char>(c);
    out += u >= 0x20 && u < 0x7f ? c : '?';
  }
  if (line.size() > kMaxQuoteBytes) out += "...";
  return out;
}

// The inflated WARC bytes, buffered, with a count of the bytes consumed.
class Stream {
 public:
  explicit Stream(ByteReader& reader)
      : reader_(reader), buf_(std::make_unique<char[]>(kBufferBytes)) {}

  // Bytes taken from the reader before the first unconsumed one.
  uint64_t offset() const { return offset_; }

  // Reads one line without its "\n" or "\r\n", keeping at most `max` bytes
  // of it in `*line` (`*cut` says more were dropped). False at the end of
  // the input, when no byte was left to read.
  Result<bool> ReadLine(std::string* line, size_t max, bool* cut) {
    line->clear();
    *cut = false;
    bool any = false;
    for (;;) {
      if (pos_ == end_) {
        ASSIGN_OR_RETURN(bool more, Fill());
        if (!more) return any;
      }
      any = true;
      const char* start = buf_.get() + pos_;
      const void* nl = std::memchr(start, '\n', end_ - pos_);
      size_t n = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : end_ - pos_;
      size_t take = std::min(n, max - line->size());
      line->append(start, take);
      if (take < n) *cut = true;
      pos_ += n;
      offset_ += n;
      if (nl) {
        ++pos_;
        ++offset_;
        if (!line->empty() && line->back() == '\r') line->pop_back();
        return true;
      }
    }
  }

  // Copies up to `n` bytes; 0 only at the end of the input.
  Result<size_t> Read(char* out, size_t n) {
    if (pos_ == end_) {
      ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) return size_t{0};
    }
    size_t take = std::min(n, end_ - pos_);
    std::memcpy(out, buf_.get() + pos_, take);
    pos_ += take;
    offset_ += take;
    return take;
  }

  // Forgets the buffered bytes, after the inflater skipped ahead.
  void Drop() {
    offset_ += end_ - pos_;
    pos_ = end_ = 0;
  }

 private:
  Result<bool> Fill() {
    ASSIGN_OR_RETURN(size_t got, reader_.Read(buf_.get(), kBufferBytes));
    pos_ = 0;
    end_ = got;
    return got > 0;
  }

  ByteReader& reader_;
  std::unique_ptr<char[]> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  uint64_t offset_ = 0;
};

// A record's content: exactly Content-Length bytes of the stream. An input
// that ends sooner is a truncated record. Remembers whether a failure came
// from the stream (the file) rather than from a decoder above it.
class BlockReader : public ByteReader {
 public:
  BlockReader(Stream& stream, uint64_t length)
      : stream_(stream), length_(length), remaining_(length) {}

  Result<size_t> Read(char* buf, size_t n) override {
    if (!stream_error_.ok()) return stream_error_;
    if (remaining_ == 0) return size_t{0};
    Result<size_t> got = stream_.Read(buf, std::min<uint64_t>(n, remaining_));
    if (!got.ok()) {
      stream_error_ = got.status();
      return stream_error_;
    }
    if (*got == 0) {
      stream_error_ =
          DataLoss("truncated record: the input ends " + std::to_string(remaining_) +
                   " bytes before the end of its " + std::to_string(length_) + "-byte block");
      return stream_error_;
    }
    remaining_ -= *got;
    return *got;
  }

  // Reads past what is left of the block.
  Status SkipRest() {
    auto scratch = std::make_unique<char[]>(kBufferBytes);
    while (remaining_ > 0) {
      Result<size_t> got = Read(scratch.get(), kBufferBytes);
      if (!got.ok()) return got.status();
    }
    return Status::Ok();
  }

  uint64_t remaining() const { return remaining_; }
  const Status& stream_error() const { return stream_error_; }

 private:
  Stream& stream_;
  uint64_t length_;
  uint64_t remaining_;
  Status stream_error_;
};

// Lends a reader to a chain that wants to own one.
class BorrowedReader : public ByteReader {
 public:
  explicit BorrowedReader(ByteReader& reader) : reader_(reader) {}
  Result<size_t> Read(char* buf, size_t n) override { return reader_.Read(buf, n); }

 private:
  ByteReader& reader_;
};

// Undoes HTTP/1.1 chunked transfer-encoding: "<hex size>[;ext]\r\n<data>\r\n"
// repeated, ending with a zero-size chunk (trailers after it are ignored).
class ChunkedReader : public ByteReader {
 public:
  explicit ChunkedReader(std::unique_ptr<ByteReader> chunked) : chunked_(std::move(chunked)) {}

  Result<size_t> Read(char* buf, size_t n) override {
    if (done_) return size_t{0};
    while (left_ == 0) {
      if (after_chunk_) {
        ASSIGN_OR_RETURN(std::string end, ReadLine());
        if (!Trim(end).empty()) {
          return DataLoss("malformed chunked body: chunk not followed by CRLF");
        }
      }
      ASSIGN_OR_RETURN(std::string line, ReadLine());
      std::string_view size = Trim(std::string_view(line).substr(0, line.find(';')));
      if (size.empty() || size.size() > 15) {
        return DataLoss("malformed chunked body: bad chunk size \"" + Quote(line) + "\"");
      }
      uint64_t value = 0;
      for (char c : size) {
        int digit = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
        if (digit < 0) {
          return DataLoss("malformed chunked body: bad chunk size \"" + Quote(line) + "\"");
        }
        value = value * 16 + static_cast<uint64_t>(digit);
      }
      if (value == 0) {
        done_ = true;
        return size_t{0};
      }
      left_ = value;
      after_chunk_ = true;
    }
    ASSIGN_OR_RETURN(size_t got, chunked_->Read(buf, std::min<uint64_t>(n, left_)));
    if (got == 0) return DataLoss("truncated chunked body");
    left_ -= got;
    return got;
  }

 private:
  // One line, byte by byte: chunk lines are short and few.
  Result<std::string> ReadLine() {
    std::string line;
    char c;
    for (;;) {
      ASSIGN_OR_RETURN(size_t got, chunked_->Read(&c, 1));
      if (got == 0) return DataLoss("truncated chunked body");
      if (c == '\n') break;
      if (line.size() >= kMaxChunkLine) {
        return DataLoss("malformed chunked body: chunk-size line too long");
      }
      line += c;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }

  std::unique_ptr<ByteReader> chunked_;
  uint64_t left_ = 0;
  bool after_chunk_ = false;
  bool done_ = false;
};

// True when `body` starts with a chunk-size line: hex digits, then an
// optional extension, then the line's end.
bool LooksChunked(std::string_view body) {
  size_t i = 0;
  while (i < body.size() && std::isxdigit(static_cast<unsigned char>(body[i]))) {
    ++i;
  }
  if (i == 0 || i > 15) return false;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;
  if (i < body.size() && body[i] == ';') {
    size_t nl = body.find('\n', i);
    return nl != std::string_view::npos && nl - i < kMaxChunkLine;
  }
  return body.substr(i, 2) == "\r\n" || body.substr(i, 1) == "\n";
}

// The fields of a WARC record header that the reader uses.
struct RecordHeader {
  std::string type;          // WARC-Type, lower case
  std::string target_uri;    // WARC-Target-URI, without <...>
  std::string content_type;  // Content-Type
  std::string length;        // Content-Length, as written
  bool has_length = false;
};

// The fields of an HTTP response header that the reader uses.
struct HttpHead {
  int status = 0;
  std::string content_type, content_encoding, transfer_encoding;
  size_t size = 0;  // bytes of the header with its blank line
};

// Parses the HTTP response header at the start of `bytes`; an error says
// why it is not one.
Result<HttpHead> ParseHttpHead(std::string_view bytes, bool complete) {
  size_t crlf = bytes.find("\r\n\r\n");
  size_t lf = bytes.find("\n\n");
  size_t end = std::string_view::npos;
  size_t sep = 0;
  if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
    end = crlf;
    sep = 4;
  } else if (lf != std::string_view::npos) {
    end = lf;
    sep = 2;
  }
  if (end == std::string_view::npos) {
    if (!complete) {
      return DataLoss("HTTP response header longer than " + std::to_string(kMaxHttpHeadBytes) +
                      " bytes");
    }
    if (!StartsWith(bytes, "HTTP/")) {
      return DataLoss("not an HTTP response: \"" + Quote(bytes) + "\"");
    }
    // A header with no payload after it may lack the closing blank line.
    end = bytes.size();
  }
  HttpHead head;
  head.size = std::min(bytes.size(), end + sep);
  std::string_view header = bytes.substr(0, end);
  size_t eol = header.find('\n');
  std::string_view status_line = Trim(header.substr(0, eol));
  // "HTTP/1.1 200 OK", "HTTP/2 200".
  size_t space = status_line.find(' ');
  if (!StartsWith(status_line, "HTTP/") || space == std::string_view::npos ||
      status_line.size() < space + 4) {
    return DataLoss("not an HTTP response: \"" + Quote(status_line) + "\"");
  }
  std::string_view code = status_line.substr(space + 1, 3);
  for (char c : code) {
    if (c < '0' || c > '9') {
      return DataLoss("malformed HTTP status line: \"" + Quote(status_line) + "\"");
    }
  }
  head.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  while (eol != std::string_view::npos) {
    header.remove_prefix(eol + 1);
    eol = header.find('\n');
    std::string_view line = header.substr(0, eol);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = LowerAscii(Trim(line.substr(0, colon)));
    std::string value(Trim(line.substr(colon + 1)));
    if (name == "content-type") {
      head.content_type = value;
    } else if (name == "content-encoding") {
      head.content_encoding = LowerAscii(value);
    } else if (name == "transfer-encoding") {
      head.transfer_encoding = LowerAscii(value);
    }
  }
  return head;
}

class WarcReader {
 public:
  WarcReader(const std::string& input, ByteReader& reader, GzipMemberReader* members,
             const ReadOptions& options, Sink& sink)
      : input_(input), stream_(reader), members_(members), options_(options), sink_(sink) {}

  void Run() {
    if (members_) members_->RequireMembers();
    std::string line;
    bool cut = false;
    for (;;) {
      uint64_t start = stream_.offset();
      if (members_) members_->ForgetBefore(start);
      Result<bool> got = stream_.ReadLine(&line, kMaxHeaderLine, &cut);
      if (!got.ok()) {
        if (Recover(got.status(), Where(records_ + 1, start))) continue;
        return;
      }
      if (!*got) return;             // the end
      if (AllSpace(line)) continue;  // the blank lines that end a record
      if (!StartsWith(line, "WARC/")) {
        if (!resyncing_) {
          sink_.Report(Where(records_ + 1, start),
                       DataLoss("expected a WARC record header, found \"" + Quote(line) +
                                "\"; skipping to the next record"));
          resyncing_ = true;
        }
        continue;
      }
      ++records_;
      resyncing_ = false;
      if (!ReadRecord(Where(records_, start))) return;
    }
  }

 private:
  std::string Where(uint64_t number, uint64_t offset) const {
    uint64_t byte = members_ ? members_->MemberStart(offset) : offset;
    return "record " + std::to_string(number) + " at byte " + std::to_string(byte);
  }

  // After the stream failed with `error` in record `at`: reports it unless
  // this stretch of damage was reported already, and in a .warc.gz skips to
  // the next gzip member. True when reading can go on.
  bool Recover(const Status& error, const std::string& at) {
    if (!resyncing_) sink_.Report(at, error);
    resyncing_ = true;
    if (members_ == nullptr || error.code() != StatusCode::kDataLoss) {
      return false;
    }
    Result<bool> next = members_->SkipToNextMember();
    if (!next.ok()) {
      sink_.Report(at, next.status());
      return false;
    }
    if (!*next) return false;
    stream_.Drop();
    return true;
  }

  // Reads the rest of a record whose "WARC/" line was just read. False when
  // reading must stop.
  bool ReadRecord(const std::string& at) {
    RecordHeader header;
    std::string line;
    bool cut = false;
    size_t header_bytes = 0;
    for (;;) {
      Result<bool> got = stream_.ReadLine(&line, kMaxHeaderLine, &cut);
      if (!got.ok()) return Recover(got.status(), at);
      if (!*got) {
        sink_.Report(at, DataLoss("truncated record: the input ends inside "
                                  "its header"));
        return false;
      }
      if (line.empty()) break;
      header_bytes += line.size();
      if (cut || header_bytes > kMaxHeaderBytes) {
        sink_.Report(at, DataLoss("record header longer than " + std::to_string(kMaxHeaderBytes) +
                                  " bytes; skipping to the next record"));
        resyncing_ = true;
        return true;
      }
      if (line[0] == ' ' || line[0] == '\t') continue;  // folded value
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = LowerAscii(Trim(std::string_view(line).substr(0, colon)));
      std::string_view value = Trim(std::string_view(line).substr(colon + 1));
      if (name == "warc-type") {
        header.type = LowerAscii(value);
      } else if (name == "warc-target-uri") {
        if (value.size() >= 2 && value.front() == '<' && value.back() == '>') {
          value = value.substr(1, value.size() - 2);
        }
        header.target_uri = std::string(value);
      } else if (name == "content-type") {
        header.content_type = std::string(value);
      } else if (name == "content-length") {
        header.length = std::string(value);
        header.has_length = true;
      }
    }
    std::optional<uint64_t> length = ParseLength(header.length);
    if (!length) {
      sink_.Report(at,
                   DataLoss(header.has_length ? "invalid Content-Length \"" + Quote(header.length) +
                                                    "\"; skipping to the next record"
                                              : "record without Content-Length; "
                                                "skipping to the next record"));
      resyncing_ = true;
      return true;
    }
    BlockReader block(stream_, *length);
    if (header.type == "response" && MediaType(header.content_type) == "application/http") {
      Status stream_error = ReadResponse(header, block, at);
      if (!stream_error.ok()) return Recover(stream_error, at);
    }
    Status skipped = block.SkipRest();
    if (!skipped.ok()) return Recover(skipped, at);
    return true;
  }

  // Turns an HTTP response block into an article when it holds an HTML page
  // with status 200. Problems with the response are reported here; only a
  // failure of the stream itself is returned, for Recover.
  Status ReadResponse(const RecordHeader& header, BlockReader& block, const std::string& at) {
    std::string head(std::min<uint64_t>(kMaxHttpHeadBytes, block.remaining()), '\0');
    Result<size_t> got = ReadUpTo(block, head.data(), head.size());
    if (!got.ok()) return got.status();
    head.resize(*got);
    Result<HttpHead> http = ParseHttpHead(head, block.remaining() == 0);
    if (!http.ok()) {
      sink_.Report(at, http.status());
      return Status::Ok();
    }
    if (http->status != 200) return Status::Ok();
    std::string media = MediaType(http->content_type);
    bool html = media == "text/html" || media == "application/xhtml+xml";
    if (!html && !media.empty()) return Status::Ok();

    std::string rest = head.substr(http->size);
    bool chunked =
        http->transfer_encoding.find("chunked") != std::string::npos && LooksChunked(rest);
    std::unique_ptr<ByteReader> body =
        NewPrefixReader(std::move(rest), std::make_unique<BorrowedReader>(block));
    if (chunked) body = std::make_unique<ChunkedReader>(std::move(body));

    const std::string& encoding = http->content_encoding;
    if (encoding == "gzip" || encoding == "x-gzip") {
      std::string magic(2, '\0');
      Result<size_t> n = ReadUpTo(*body, magic.data(), 2);
      if (!n.ok()) return Failed(block, n.status(), at);
      magic.resize(*n);
      bool gzipped = HasGzipMagic(magic);
      body = NewPrefixReader(std::move(magic), std::move(body));
      if (gzipped) body = NewGzipReader(std::move(body));
    } else if (encoding == "deflate") {
      body = NewDeflateReader(std::move(body));
    } else if (!encoding.empty() && encoding != "identity") {
      sink_.Report(at, InvalidArgument("unsupported Content-Encoding \"" + Quote(encoding) + "\""));
      return Status::Ok();
    }

    std::string content;
    bool over_limit = false;
    Status read = ReadRest(*body, options_.max_article_bytes, &content, &over_limit);
    if (!read.ok()) return Failed(block, read, at);
    if (over_limit) {
      sink_.Report(at, ResourceExhausted("HTML payload exceeds the limit of " +
                                         std::to_string(options_.max_article_bytes) + " bytes"));
      return Status::Ok();
    }
    if (!html) {
      // No Content-Type: HTML only if it looks like a page.
      if (!HasHtmlTag(LowerAscii(std::string_view(content).substr(0, 8192)))) {
        return Status::Ok();
      }
    }
    if (AllSpace(content)) {
      sink_.Report(at, InvalidArgument("empty HTML payload"));
      return Status::Ok();
    }
    if (header.target_uri.empty()) {
      sink_.Report(at, InvalidArgument("response without WARC-Target-URI"));
      return Status::Ok();
    }
    RawArticle article;
    article.id = header.target_uri;
    article.url = header.target_uri;
    article.origin = input_ + ":" + at;
    article.content = std::move(content);
    article.kind = ContentKind::kHtml;
    article.charset = CharsetParameter(http->content_type);
    sink_.Deliver(at, std::move(article));
    return Status::Ok();
  }

  // A payload read failed with `status`: a stream failure is returned for
  // Recover; a decoding failure is reported as this record's.
  Status Failed(const BlockReader& block, const Status& status, const std::string& at) {
    if (!block.stream_error().ok()) return block.stream_error();
    sink_.Report(at, status.WithContext("HTTP payload"));
    return Status::Ok();
  }

  const std::string& input_;
  Stream stream_;
  GzipMemberReader* members_;
  const ReadOptions& options_;
  Sink& sink_;
  uint64_t records_ = 0;
  // Set after damage was reported, until the next good record header:
  // further damage in the same stretch is not reported again.
  bool resyncing_ = false;
};

}  // namespace

void ReadWarc(const std::string& input, ByteReader& reader, GzipMemberReader* members,
              const ReadOptions& options, Sink& sink) {
  WarcReader(input, reader, members, options, sink).Run();
}

}  // namespace warta::read_internal
