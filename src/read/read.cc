// The read stage: walks the inputs, picks each file's format, and turns
// files, JSON Lines records, WARC records and feed items into RawArticles.
//
// One input goes through these steps:
//   1. open it (a path, or "-" for standard input) as a ByteReader;
//   2. peek two bytes: the gzip magic 1f 8b puts an inflater on top, whatever
//      the name says; then a UTF-16 or UTF-32 byte order mark puts a
//      converter to UTF-8 on top (unicode_reader.cc);
//   3. a WARC file (named .warc, or starting "WARC/") goes to the WARC reader
//      (warc.cc) at once, before any sniffing window is read, so that a
//      damaged record early in the file costs only that record;
//   4. peek a 64 KiB window of the (inflated) bytes: empty input and binary
//      input stop here; the format is the file name's if it has a known
//      extension (after dropping ".gz"), else sniffed from the window; an
//      XML file is a feed when its root element is rss, feed or RDF;
//   5. JSON Lines stream line by line, one record per line, each line held
//      to the article size limit; feeds stream item by item (feed.cc); any
//      other format is read whole under the limit and becomes one article.
// Every failure becomes a ReadError for that input (or that line, record or
// item) and the batch goes on. No exception leaves ReadInputs: library
// exceptions are turned into a Status where the library is called, and a last
// catch around each input, line, record and item reports anything else.
//
// Tested by read_test.cc, warc_test.cc and feed_test.cc.
#include "warta/read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "byte_reader.h"
#include "formats.h"
#include "warta/text.h"

namespace warta {
namespace {

using read_internal::ByteReader;
using read_internal::HasHtmlTag;
using read_internal::LowerAscii;
using Json = nlohmann::json;

// Bytes looked at to choose a format; also the first read of every input.
constexpr size_t kSniffBytes = 64 << 10;
// How far into the input an HTML tag must appear for sniffing to say HTML.
constexpr size_t kHtmlSniffBytes = 8 << 10;
// Bytes LooksBinary examines.
constexpr size_t kBinarySniffBytes = 8 << 10;
// JSON parser messages quote the token they stopped at; keep them short.
constexpr size_t kMaxMessageBytes = 300;
// Unix seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
constexpr int64_t kMinUnixSeconds = -62135596800;
constexpr int64_t kMaxUnixSeconds = 253402300799;

// kXml is a name only: a .xml file is a feed or a page by its root element.
enum class Format { kText, kHtml, kJsonLines, kWarc, kFeed, kXml };

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// "dir/a.html.gz" -> "a.html"; "dir/a.txt" -> "a.txt".
std::string IdFromPath(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  if (name.size() > 3 && EndsWith(LowerAscii(name), ".gz")) {
    name.resize(name.size() - 3);
  }
  return name;
}

// The format a file name promises, if its extension is a known one.
// `id` is the base name with ".gz" already dropped.
std::optional<Format> FormatFromName(const std::string& id) {
  std::string ext = LowerAscii(std::filesystem::path(id).extension().string());
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonLines;
  if (ext == ".txt" || ext == ".text") return Format::kText;
  if (ext == ".warc") return Format::kWarc;
  if (ext == ".rss" || ext == ".atom") return Format::kFeed;
  if (ext == ".xml") return Format::kXml;
  return std::nullopt;
}

// Skips a UTF-8 byte order mark and white space.
size_t SkipBomAndSpace(std::string_view s) {
  size_t i = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < s.size() && IsSpace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// Chooses a format for an input with no telling extension. `head` is the
// start of the input; `complete` says it is the whole input.
Format SniffFormat(std::string_view head, bool complete) {
  size_t start = SkipBomAndSpace(head);
  if (start >= head.size()) return Format::kText;
  std::string_view rest = head.substr(start);
  if (rest[0] == '<') {
    std::string lower = LowerAscii(rest.substr(0, kHtmlSniffBytes));
    return HasHtmlTag(lower) ? Format::kHtml : Format::kText;
  }
  if (rest[0] != '{') return Format::kText;
  size_t eol = rest.find('\n');
  if (eol == std::string_view::npos && !complete) {
    // The first line is longer than the window: an opening brace followed
    // by a quoted key is taken as the start of a JSON object.
    size_t k = 1;
    while (k < rest.size() && IsSpace(static_cast<unsigned char>(rest[k]))) {
      ++k;
    }
    return k < rest.size() && rest[k] == '"' ? Format::kJsonLines
                                             : Format::kText;
  }
  std::string_view line = rest.substr(0, eol);
  std::string repaired;
  if (!IsValidUtf8(line)) {
    repaired = RepairUtf8(line, nullptr);
    line = repaired;
  }
  return Json::accept(line) ? Format::kJsonLines : Format::kText;
}

bool AllSpace(std::string_view s) {
  for (char c : s) {
    if (!IsSpace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Cuts `s` to about `max` bytes at a UTF-8 character boundary.
std::string Shorten(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  s += "...";
  return s;
}

// Status for a failed open/stat: kNotFound when the path is not there.
Status OsError(const std::string& what, int err) {
  std::string message = what + ": " + std::strerror(err);
  if (err == ENOENT || err == ENOTDIR) return NotFound(message);
  return IoError(message);
}

// Formats Unix seconds as the UTC date YYYY-MM-DD.
std::string UnixSecondsToDate(int64_t seconds) {
  std::chrono::sys_seconds t{std::chrono::seconds(seconds)};
  std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
  char buf[16];
  std::snprintf(
      buf, sizeof(buf), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Status WrongType(std::string_view field, std::string_view expected,
                 const Json& value) {
  return InvalidArgument("field \"" + std::string(field) + "\" must be " +
                         std::string(expected) + ", not " + value.type_name());
}

// Copies string field `name` of `record` to `*out`; absent or null leaves
// `*out` unchanged.
Status GetString(const Json& record, const char* name, std::string* out) {
  auto it = record.find(name);
  if (it == record.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return WrongType(name, "a string", *it);
  *out = it->get_ref<const std::string&>();
  return Status::Ok();
}

// A number of Unix seconds in field `name`, as a UTC date.
Result<std::string> DateFromNumber(const char* name, const Json& value) {
  int64_t seconds = 0;
  bool in_range = false;
  if (value.is_number_unsigned()) {
    uint64_t u = value.get<uint64_t>();
    in_range = u <= static_cast<uint64_t>(kMaxUnixSeconds);
    seconds = in_range ? static_cast<int64_t>(u) : 0;
  } else if (value.is_number_integer()) {
    seconds = value.get<int64_t>();
    in_range = seconds >= kMinUnixSeconds && seconds <= kMaxUnixSeconds;
  } else {
    double d = std::floor(value.get<double>());
    in_range = std::isfinite(d) && d >= static_cast<double>(kMinUnixSeconds) &&
               d <= static_cast<double>(kMaxUnixSeconds);
    seconds = in_range ? static_cast<int64_t>(d) : 0;
  }
  if (!in_range) {
    return InvalidArgument("field \"" + std::string(name) + "\" = " +
                           value.dump() + " is out of range for Unix seconds");
  }
  return UnixSecondsToDate(seconds);
}

// Fills `*article` from one parsed JSON Lines record. `fallback_id` is used
// when the record has neither an id nor a url.
Status ArticleFromRecord(const Json& record, const std::string& fallback_id,
                         RawArticle* article) {
  if (!record.is_object()) {
    return InvalidArgument(std::string("line is a JSON ") + record.type_name() +
                           ", not an object");
  }
  RETURN_IF_ERROR(GetString(record, "url", &article->url));
  RETURN_IF_ERROR(GetString(record, "outlet", &article->outlet));
  RETURN_IF_ERROR(GetString(record, "title", &article->title));
  RETURN_IF_ERROR(GetString(record, "lang", &article->lang));
  RETURN_IF_ERROR(GetString(record, "author", &article->author));

  // id: a string or a number, else the url, else "<file>:<line>".
  auto id = record.find("id");
  if (id != record.end() && !id->is_null()) {
    if (id->is_string()) {
      article->id = id->get_ref<const std::string&>();
    } else if (id->is_number()) {
      article->id = id->dump();
    } else {
      return WrongType("id", "a string or a number", *id);
    }
  }
  if (article->id.empty()) article->id = article->url;
  if (article->id.empty()) article->id = fallback_id;

  // published: an ISO string or Unix seconds; published_unix: Unix seconds.
  auto published = record.find("published");
  if (published != record.end() && !published->is_null()) {
    if (published->is_string()) {
      article->published = published->get_ref<const std::string&>();
    } else if (published->is_number()) {
      ASSIGN_OR_RETURN(article->published,
                       DateFromNumber("published", *published));
    } else {
      return WrongType("published", "a string or a number", *published);
    }
  }
  auto published_unix = record.find("published_unix");
  if (published_unix != record.end() && !published_unix->is_null()) {
    if (!published_unix->is_number()) {
      return WrongType("published_unix", "a number", *published_unix);
    }
    ASSIGN_OR_RETURN(std::string date,
                     DateFromNumber("published_unix", *published_unix));
    if (article->published.empty()) article->published = std::move(date);
  }

  // The article itself: "html" when present, else "text".
  std::string html_field, text_field;
  bool has_html = false;
  bool has_text = false;
  auto html = record.find("html");
  if (html != record.end() && !html->is_null()) {
    if (!html->is_string()) return WrongType("html", "a string", *html);
    has_html = true;
  }
  auto text = record.find("text");
  if (text != record.end() && !text->is_null()) {
    if (!text->is_string()) return WrongType("text", "a string", *text);
    has_text = true;
  }
  if (!has_html && !has_text) {
    return InvalidArgument("record has neither \"html\" nor \"text\"");
  }
  if (has_html) {
    article->content = html->get_ref<const std::string&>();
    article->kind = ContentKind::kHtml;
  } else {
    article->content = text->get_ref<const std::string&>();
    article->kind = ContentKind::kText;
  }
  if (AllSpace(article->content)) {
    return InvalidArgument(std::string("empty article in \"") +
                           (has_html ? "html" : "text") + "\"");
  }
  return Status::Ok();
}

// The name of a document format Warta does not read, known by its first
// bytes, or nullopt. Such a file is not damaged, and an uncompressed one may
// even pass as text ("%PDF-1.4 ... 1 0 obj"): it is refused by name rather
// than read as junk or called binary.
std::optional<std::string> UnsupportedFormat(std::string_view head) {
  if (head.substr(0, 5) == "%PDF-") return "PDF";
  return std::nullopt;
}

// Reads all the inputs of one ReadInputs call.
class InputReader {
 public:
  InputReader(const ReadOptions& options, const ArticleFn& on_article,
              const ReadErrorFn& on_error)
      : options_(options), on_article_(on_article), on_error_(on_error) {}

  size_t delivered() const { return delivered_; }

  // Reads `bytes` as if they were the file `name`.
  void ReadBytes(const std::string& name, std::string_view bytes) {
    Guarded(name, [&] {
      std::string id = name == "-" ? "stdin" : IdFromPath(name);
      std::optional<Format> format =
          name == "-" ? std::nullopt : FormatFromName(id);
      ReadStream(name, id, format, read_internal::NewStringViewReader(bytes),
                 bytes.size());
    });
  }

  // Reads a path named by the caller: "-", a file, or a folder. Reports
  // anything thrown as an error of that input.
  void ReadNamedPath(const std::string& path) {
    Guarded(path, [&] {
      if (path == "-") {
        ReadStream(path, "stdin", std::nullopt,
                   read_internal::NewFdReader(STDIN_FILENO, false),
                   std::nullopt);
        return;
      }
      struct stat st;
      if (stat(path.c_str(), &st) != 0) {
        Report(path, "", OsError("cannot open", errno));
        return;
      }
      if (S_ISDIR(st.st_mode)) {
        ReadFolder(path);
        return;
      }
      ReadFile(path);
    });
  }

 private:
  // Runs `fn`, reporting an exception that escapes it against `input` (and
  // `where` in it).
  template <typename Fn>
  void Guarded(const std::string& input, Fn&& fn, const std::string& where = "") {
    try {
      fn();
    } catch (const std::bad_alloc&) {
      Report(input, where, ResourceExhausted("out of memory"));
    } catch (const std::exception& e) {
      Report(input, where,
             Internal(std::string("unexpected exception: ") + e.what()));
    } catch (...) {
      Report(input, where, Internal("unexpected exception"));
    }
  }

  // Passes what a container format reader finds to the callbacks; an
  // exception from delivering one record is that record's error.
  class ContainerSink : public read_internal::Sink {
   public:
    ContainerSink(InputReader& reader, const std::string& input)
        : reader_(reader), input_(input) {}
    void Deliver(const std::string& where, RawArticle article) override {
      reader_.Guarded(
          input_, [&] { reader_.Deliver(std::move(article)); }, where);
    }
    void Report(const std::string& where, Status status) override {
      reader_.Report(input_, where, std::move(status));
    }

   private:
    InputReader& reader_;
    const std::string& input_;
  };

  void Report(const std::string& input, const std::string& where,
              Status status) {
    ReadError error{input, where, std::move(status)};
    // The error callback is the only way out; if it throws there is nowhere
    // left to report to.
    try {
      on_error_(error);
    } catch (...) {
    }
  }

  void Deliver(RawArticle article) {
    article.id = EscapeId(article.id);
    ++delivered_;
    on_article_(std::move(article));
  }

  // Reads the entries of `folder` in byte order of their names, skipping
  // hidden ones, recursing into subfolders but not into symbolic links to
  // folders.
  void ReadFolder(const std::string& folder) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      Report(folder, "", IoError("cannot list folder: " + ec.message()));
      return;
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(*it);
    }
    if (ec) {
      Report(folder, "", IoError("cannot list folder: " + ec.message()));
      return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) {
                return a.path().filename().string() <
                       b.path().filename().string();
              });
    for (const fs::directory_entry& entry : entries) {
      std::string name = entry.path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      std::string path = entry.path().string();
      Guarded(path, [&] { ReadFolderEntry(entry, path); });
    }
  }

  void ReadFolderEntry(const std::filesystem::directory_entry& entry,
                       const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::file_status link = entry.symlink_status(ec);
    if (ec) {
      Report(path, "", IoError("cannot stat: " + ec.message()));
      return;
    }
    if (fs::is_directory(link)) {
      ReadFolder(path);
      return;
    }
    fs::file_status target = link;
    if (fs::is_symlink(link)) {
      target = entry.status(ec);
      if (ec || !fs::exists(target)) {
        Report(path, "", NotFound("broken symbolic link"));
        return;
      }
      if (fs::is_directory(target)) return;  // folder links are not followed
    }
    if (!fs::is_regular_file(target)) {
      Report(path, "", InvalidArgument("not a regular file"));
      return;
    }
    ReadFile(path);
  }

  void ReadFile(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
      Report(path, "", OsError("cannot open", errno));
      return;
    }
    std::unique_ptr<ByteReader> raw = read_internal::NewFdReader(fd, true);
    std::optional<uint64_t> size;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      size = static_cast<uint64_t>(st.st_size);
    }
    std::string id = IdFromPath(path);
    std::optional<Format> format = FormatFromName(id);
    ReadStream(path, id, format, std::move(raw), size);
  }

  // Reads one input. `input` names it in errors and origins; `id` is its
  // document id; `format` is what its name promises, if anything; `size`
  // is its size on disk when it is a regular file.
  void ReadStream(const std::string& input, const std::string& id,
                  std::optional<Format> format, std::unique_ptr<ByteReader> raw,
                  std::optional<uint64_t> size) {
    const size_t max_bytes = options_.max_article_bytes;
    std::string magic(2, '\0');
    Result<size_t> got = read_internal::ReadUpTo(*raw, magic.data(), 2);
    if (!got.ok()) {
      Report(input, "", got.status());
      return;
    }
    magic.resize(*got);
    bool gzip = read_internal::HasGzipMagic(magic);
    std::unique_ptr<ByteReader> reader =
        read_internal::NewPrefixReader(std::move(magic), std::move(raw));
    read_internal::GzipMemberReader* members = nullptr;
    if (gzip) {
      std::unique_ptr<read_internal::GzipMemberReader> inflater =
          read_internal::NewGzipMemberReader(std::move(reader));
      members = inflater.get();
      reader = std::move(inflater);
    }

    // UTF-16 and UTF-32 (known only by a byte order mark) become UTF-8
    // before anything looks at the bytes: their NUL bytes would otherwise
    // make the input look binary.
    std::string lead(5, '\0');
    got = read_internal::ReadUpTo(*reader, lead.data(), lead.size());
    if (!got.ok()) {
      Report(input, "", got.status());
      return;
    }
    lead.resize(*got);
    bool converted = false;
    read_internal::UnicodeBom bom = read_internal::FindUnicodeBom(lead);
    // (Not a .warc file: its reader counts offsets in the gzip members.)
    if (bom.charset != nullptr && std::string_view(bom.charset) != "UTF-8" &&
        format != Format::kWarc) {
      Result<std::unique_ptr<ByteReader>> utf8 = read_internal::NewUtf8Converter(
          read_internal::NewPrefixReader(lead.substr(bom.length), std::move(reader)),
          bom.charset);
      if (!utf8.ok()) {
        Report(input, "", utf8.status());
        return;
      }
      reader = std::move(*utf8);
      converted = true;
      lead.assign(5, '\0');
      got = read_internal::ReadUpTo(*reader, lead.data(), lead.size());
      if (!got.ok()) {
        Report(input, "", got.status());
        return;
      }
      lead.resize(*got);
    }

    // WARC goes to its reader before the sniffing window is filled: a
    // damaged record in the first 64 KiB must cost only that record.
    bool warc = lead == "WARC/";
    reader = read_internal::NewPrefixReader(std::move(lead), std::move(reader));
    if (format == Format::kWarc || (!format && warc)) {
      if (*got == 0) {
        Report(input, "", InvalidArgument("empty file"));
        return;
      }
      ContainerSink sink(*this, input);
      read_internal::ReadWarc(input, *reader, members, options_, sink);
      return;
    }

    std::string head(kSniffBytes, '\0');
    got = read_internal::ReadUpTo(*reader, head.data(), head.size());
    if (!got.ok()) {
      Report(input, "", got.status());
      return;
    }
    head.resize(*got);
    bool complete = head.size() < kSniffBytes;
    if (head.empty()) {
      Report(input, "", InvalidArgument("empty file"));
      return;
    }
    if (std::optional<std::string> kind = UnsupportedFormat(head)) {
      Report(input, "", InvalidArgument("unsupported format (" + *kind + ")"));
      return;
    }
    if (LooksBinary(head)) {
      Report(input, "", DataLoss("binary file"));
      return;
    }
    if (!format || *format == Format::kXml) {
      std::string root = read_internal::XmlRootName(head);
      if (read_internal::IsFeedRoot(root)) {
        format = Format::kFeed;
      } else if (format) {  // a .xml file
        if (LowerAscii(root) != "html") {
          Report(input, "",
                 InvalidArgument(
                     root.empty()
                         ? std::string("not an XML document")
                         : "XML document with root element <" +
                               Shorten(root, 40) +
                               "> is neither an RSS nor an Atom feed"));
          return;
        }
        format = Format::kHtml;
      }
    }
    if (!format) format = SniffFormat(head, complete);

    if (*format == Format::kFeed) {
      reader =
          read_internal::NewPrefixReader(std::move(head), std::move(reader));
      ContainerSink sink(*this, input);
      read_internal::ReadFeed(input, id, *reader, options_, sink, converted);
      return;
    }
    if (*format == Format::kJsonLines) {
      reader =
          read_internal::NewPrefixReader(std::move(head), std::move(reader));
      ReadJsonLines(input, id, *reader);
      return;
    }

    if (!gzip && !converted && size && *size > max_bytes) {
      Report(input, "",
             ResourceExhausted("file of " + std::to_string(*size) +
                               " bytes exceeds the limit of " +
                               std::to_string(max_bytes) + " bytes"));
      return;
    }
    std::string content = std::move(head);
    bool over_limit = false;
    Status status =
        read_internal::ReadRest(*reader, max_bytes, &content, &over_limit);
    if (!status.ok()) {
      Report(input, "", status);
      return;
    }
    if (over_limit) {
      std::string what = gzip        ? "decompressed input exceeds"
                         : converted ? "input converted to UTF-8 exceeds"
                                     : "input exceeds";
      Report(input, "",
             ResourceExhausted(what + " the limit of " +
                               std::to_string(max_bytes) + " bytes"));
      return;
    }
    if (AllSpace(content)) {
      Report(input, "", InvalidArgument("empty file"));
      return;
    }
    RawArticle article;
    article.id = id;
    article.origin = input;
    article.content = std::move(content);
    article.kind =
        *format == Format::kHtml ? ContentKind::kHtml : ContentKind::kText;
    Deliver(std::move(article));
  }

  // Reads JSON Lines from `reader`, one record per line, never holding more
  // than one line (at most max_article_bytes) and one buffer in memory.
  void ReadJsonLines(const std::string& input, const std::string& id,
                     ByteReader& reader) {
    const size_t max_bytes = options_.max_article_bytes;
    auto buffer = std::make_unique<char[]>(kSniffBytes);
    std::string line;
    size_t line_bytes = 0;  // counted even when the line is not kept
    bool too_long = false;
    size_t line_number = 0;
    bool saw_record = false;

    auto finish_line = [&] {
      ++line_number;
      if (too_long) {
        Report(input, "line " + std::to_string(line_number),
               ResourceExhausted("line of " + std::to_string(line_bytes) +
                                 " bytes exceeds the limit of " +
                                 std::to_string(max_bytes) + " bytes"));
        saw_record = true;
      } else {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!AllSpace(line)) {
          saw_record = true;
          ReadJsonLine(input, id, line_number, line);
        }
      }
      line.clear();
      line_bytes = 0;
      too_long = false;
    };

    for (;;) {
      Result<size_t> got = reader.Read(buffer.get(), kSniffBytes);
      if (!got.ok()) {
        Report(input, "line " + std::to_string(line_number + 1), got.status());
        return;
      }
      if (*got == 0) break;
      std::string_view chunk(buffer.get(), *got);
      while (!chunk.empty()) {
        size_t eol = chunk.find('\n');
        std::string_view piece = chunk.substr(0, eol);
        line_bytes += piece.size();
        if (!too_long && line_bytes > max_bytes) {
          too_long = true;
          line.clear();
          line.shrink_to_fit();
        }
        if (!too_long) line.append(piece);
        if (eol == std::string_view::npos) break;
        chunk.remove_prefix(eol + 1);
        finish_line();
      }
    }
    if (line_bytes > 0) finish_line();
    if (!saw_record) Report(input, "", InvalidArgument("empty file"));
  }

  // Parses one non-blank line and delivers its article, or reports why not.
  void ReadJsonLine(const std::string& input, const std::string& id,
                    size_t line_number, std::string_view line) {
    std::string where = "line " + std::to_string(line_number);
    Guarded(input, [&] {
      RawArticle article;
      std::string repaired;
      if (!IsValidUtf8(line)) {
        repaired = RepairUtf8(line, nullptr, &article.repaired_bytes);
        line = repaired;
      }
      Json record;
      try {
        record = Json::parse(line);
      } catch (const Json::parse_error& e) {
        // what() is "[json.exception.parse_error.101] parse error at ...".
        std::string message = e.what();
        size_t bracket = message.find("] ");
        if (bracket != std::string::npos) message.erase(0, bracket + 2);
        Report(input, where,
               InvalidArgument("malformed JSON: " +
                               Shorten(std::move(message), kMaxMessageBytes)));
        return;
      }
      std::string fallback_id = id + ":" + std::to_string(line_number);
      Status status = ArticleFromRecord(record, fallback_id, &article);
      if (!status.ok()) {
        Report(input, where, status);
        return;
      }
      article.origin = input + ":" + std::to_string(line_number);
      Deliver(std::move(article));
    });
  }

  const ReadOptions& options_;
  const ArticleFn& on_article_;
  const ReadErrorFn& on_error_;
  size_t delivered_ = 0;
};

}  // namespace

std::string ReadError::ToString() const {
  std::string out = input + ": ";
  if (!where.empty()) out += where + ": ";
  return out + status.ToString();
}

size_t ReadInputs(const std::vector<std::string>& paths,
                  const ReadOptions& options, const ArticleFn& on_article,
                  const ReadErrorFn& on_error) {
  InputReader reader(options, on_article, on_error);
  for (const std::string& path : paths) reader.ReadNamedPath(path);
  return reader.delivered();
}

size_t ReadBytes(std::string_view bytes, const std::string& name,
                 const ReadOptions& options, const ArticleFn& on_article,
                 const ReadErrorFn& on_error) {
  InputReader reader(options, on_article, on_error);
  reader.ReadBytes(name, bytes);
  return reader.delivered();
}

Result<std::string> ReadFileBytes(const std::string& path, size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return OsError("cannot open", errno);
  std::unique_ptr<ByteReader> reader = read_internal::NewFdReader(fd, true);
  std::string magic(2, '\0');
  ASSIGN_OR_RETURN(size_t got,
                   read_internal::ReadUpTo(*reader, magic.data(), 2));
  magic.resize(got);
  bool gzip = read_internal::HasGzipMagic(magic);
  reader = read_internal::NewPrefixReader(std::move(magic), std::move(reader));
  if (gzip) reader = read_internal::NewGzipReader(std::move(reader));
  struct stat st;
  if (!gzip && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<uint64_t>(st.st_size) > max_bytes) {
    return ResourceExhausted("file of " + std::to_string(st.st_size) +
                             " bytes exceeds the limit of " +
                             std::to_string(max_bytes) + " bytes");
  }
  std::string content;
  bool over_limit = false;
  RETURN_IF_ERROR(
      read_internal::ReadRest(*reader, max_bytes, &content, &over_limit));
  if (over_limit) {
    return ResourceExhausted(
        std::string(gzip ? "decompressed input" : "input") +
        " exceeds the limit of " + std::to_string(max_bytes) + " bytes");
  }
  return content;
}

bool LooksBinary(std::string_view bytes) {
  size_t n = std::min(bytes.size(), kBinarySniffBytes);
  size_t control = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return true;
    bool is_control = c < 0x20 || c == 0x7f;
    if (is_control && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
      ++control;
    }
  }
  return control * 10 > n;
}

std::string EscapeId(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(name.size());
  auto escape = [&](unsigned char c) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  };
  size_t i = 0;
  while (i < name.size()) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    size_t len = Utf8SequenceLength(name.substr(i));
    if (len == 0) {  // not part of valid UTF-8
      escape(c);
      ++i;
      continue;
    }
    // C0 controls, DEL and the backslash; C1 controls (U+0080-U+009F) are
    // the two bytes C2 80-C2 9F.
    bool control = c < 0x20 || c == 0x7f || c == '\\' ||
                   (c == 0xC2 && static_cast<unsigned char>(name[i + 1]) < 0xA0);
    if (control) {
      for (size_t k = 0; k < len; ++k) escape(static_cast<unsigned char>(name[i + k]));
    } else {
      out.append(name.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string UnescapeId(std::string_view id) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  out.reserve(id.size());
  for (size_t i = 0; i < id.size(); ++i) {
    if (id[i] == '\\' && i + 3 < id.size() && id[i + 1] == 'x' && hex(id[i + 2]) >= 0 &&
        hex(id[i + 3]) >= 0) {
      out += static_cast<char>(hex(id[i + 2]) * 16 + hex(id[i + 3]));
      i += 3;
    } else {
      out += id[i];
    }
  }
  return out;
}

namespace read_internal {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool HasHtmlTag(std::string_view lower) {
  static constexpr const char* kTags[] = {
      "<!doctype", "<html",  "<head",    "<body",    "<p",  "<div",
      "<meta",     "<title", "<article", "<section", "<br", "<span",
      "<table",    "<h1",    "<h2",      "<h3",      "<a",  "<script"};
  for (const char* tag : kTags) {
    std::string_view t(tag);
    size_t pos = lower.find(t);
    while (pos != std::string_view::npos) {
      size_t after = pos + t.size();
      if (after >= lower.size()) break;
      unsigned char c = static_cast<unsigned char>(lower[after]);
      if (c == '>' || c == '/' || IsSpace(c)) return true;
      pos = lower.find(t, after);
    }
  }
  return false;
}

}  // namespace read_internal

}  // namespace warta
