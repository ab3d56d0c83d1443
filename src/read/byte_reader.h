// Byte streams inside the read stage (not a public header).
//
// Readers pull bytes through a small chain of ByteReaders: a file descriptor
// at the bottom, optionally a gzip inflater on top of it, a converter to
// UTF-8 for UTF-16 and UTF-32 input, and prefix readers
// that give back bytes already peeked at (the gzip magic, the sniffing
// window). Nothing in the chain holds more than one fixed-size buffer, so a
// JSON Lines file of any size streams through in constant memory.
//
// Thread-safety: a ByteReader is used by one thread at a time.
#ifndef WARTA_SRC_READ_BYTE_READER_H_
#define WARTA_SRC_READ_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "warta/status.h"

namespace warta::read_internal {

class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Copies up to `n` (> 0) bytes into `buf` and returns how many; returns 0
  // only at the end of the input. Errors are sticky only if the
  // implementation says so; callers stop at the first one.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
};

// Reads from `fd`; closes it on destruction when `owns_fd`. Errors carry
// the operating system's reason.
std::unique_ptr<ByteReader> NewFdReader(int fd, bool owns_fd);

// Reads the bytes of `bytes`, which must outlive the reader.
std::unique_ptr<ByteReader> NewStringViewReader(std::string_view bytes);

// Yields `prefix`, then whatever `rest` yields. Owns both.
std::unique_ptr<ByteReader> NewPrefixReader(std::string prefix,
                                            std::unique_ptr<ByteReader> rest);

// Inflates the gzip stream read from `compressed` (one member or several
// concatenated; bytes after the last member that do not start another
// member are ignored, as gzip(1) does). Read fails with kDataLoss
// "truncated gzip stream" or "corrupt gzip stream: <zlib message>".
// Defined in gzip.cc.
std::unique_ptr<ByteReader> NewGzipReader(
    std::unique_ptr<ByteReader> compressed);

// A gzip inflater that can step over a damaged member, for formats that
// compress each record as its own member (WARC.gz). Offsets are counted in
// bytes from the start of `compressed` and of the inflated output.
class GzipMemberReader : public ByteReader {
 public:
  // After Read failed with kDataLoss, looks for the next gzip member header
  // (1f 8b 08) after the start of the damaged member, as far back as the
  // inflater still holds compressed bytes (its last 64 KiB), and resumes
  // inflating there. Returns false when the input ends first; errors only
  // when reading `compressed` fails.
  virtual Result<bool> SkipToNextMember() = 0;
  // Compressed offset of the member that inflated to output byte `offset`.
  // Exact for offsets at or after the last ForgetBefore.
  virtual uint64_t MemberStart(uint64_t offset) const = 0;
  // Drops what MemberStart remembers of members that ended before output
  // byte `offset`, so a file of a million members needs no more memory.
  virtual void ForgetBefore(uint64_t offset) = 0;
  // From now on, bytes after a member that do not start another member are
  // damage (kDataLoss, and SkipToNextMember may follow), not the trailing
  // padding gzip(1) ignores.
  virtual void RequireMembers() = 0;
};
std::unique_ptr<GzipMemberReader> NewGzipMemberReader(
    std::unique_ptr<ByteReader> compressed);

// Inflates an HTTP "Content-Encoding: deflate" body: a zlib stream, or the
// raw deflate data some servers send instead (told apart by the zlib
// header). Same errors as NewGzipReader. Defined in gzip.cc.
std::unique_ptr<ByteReader> NewDeflateReader(
    std::unique_ptr<ByteReader> compressed);

// The Unicode encoding whose byte order mark starts `head` (which should
// hold at least 4 bytes when the input does): charset "UTF-32LE",
// "UTF-32BE", "UTF-16LE", "UTF-16BE" or "UTF-8" and the mark's length;
// charset null and length 0 when there is none. Defined in
// unicode_reader.cc.
struct UnicodeBom {
  const char* charset = nullptr;
  size_t length = 0;
};
UnicodeBom FindUnicodeBom(std::string_view head);

// Converts `in`, text in `charset` ("UTF-16LE", "UTF-16BE", "UTF-32LE",
// "UTF-32BE") whose byte order mark was already taken off, to UTF-8 as it
// is read. Units that are not characters become U+FFFD. Fails only when ICU
// has no such converter. Defined in unicode_reader.cc.
Result<std::unique_ptr<ByteReader>> NewUtf8Converter(std::unique_ptr<ByteReader> in,
                                                     const char* charset);

// True when `bytes` starts with the gzip magic bytes 1f 8b.
bool HasGzipMagic(std::string_view bytes);

// Reads until `n` bytes are in `buf` or the input ends; returns the count.
Result<size_t> ReadUpTo(ByteReader& reader, char* buf, size_t n);

// Appends the rest of `reader` to `*out`. Stops, sets `*over_limit` and
// returns OK as soon as `*out` would grow past `max_bytes`; never reserves
// more than `max_bytes` for `*out`, so a gzip bomb cannot exhaust memory.
Status ReadRest(ByteReader& reader, size_t max_bytes, std::string* out,
                bool* over_limit);

}  // namespace warta::read_internal

#endif  // WARTA_SRC_READ_BYTE_READER_H_
