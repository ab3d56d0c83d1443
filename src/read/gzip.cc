// Streaming gzip decompression with zlib, safe against damaged input and
// decompression bombs.
//
// GzipReader inflates on demand into the caller's buffer, so memory stays at
// one 64 KiB input buffer plus zlib's 32 KiB window however large the stream
// inflates; the size limit is applied by whoever reads (ReadRest, or the
// JSON Lines line limit). Concatenated members (`cat a.gz b.gz`) are read one
// after the other, as gzip(1) does; zero padding or other bytes after the last
// member are ignored. A stream that ends inside a member is "truncated"; one
// zlib rejects is "corrupt", with zlib's reason and the compressed offset.
//
// Tested by read_test.cc.
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <string>
#include <utility>

#include "byte_reader.h"
#include "warta/read.h"

namespace warta {
namespace read_internal {
namespace {

constexpr size_t kInputBytes = 64 << 10;

class GzipReader : public ByteReader {
 public:
  explicit GzipReader(std::unique_ptr<ByteReader> compressed)
      : compressed_(std::move(compressed)),
        input_(std::make_unique<unsigned char[]>(kInputBytes)) {
    // 16 + MAX_WBITS: a gzip header and trailer, not zlib or raw deflate.
    int rc = inflateInit2(&stream_, 16 + MAX_WBITS);
    if (rc != Z_OK) {
      init_status_ = Internal(std::string("inflateInit2 failed: ") +
                              (stream_.msg ? stream_.msg : zError(rc)));
      return;
    }
    initialised_ = true;
  }
  ~GzipReader() override {
    if (initialised_) inflateEnd(&stream_);
  }
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  Result<size_t> Read(char* buf, size_t n) override {
    if (!init_status_.ok()) return init_status_;
    if (!error_.ok()) return error_;
    if (finished_) return size_t{0};
    size_t want = std::min<size_t>(n, UINT_MAX);
    stream_.next_out = reinterpret_cast<Bytef*>(buf);
    stream_.avail_out = static_cast<uInt>(want);
    // Loop until some output is produced or the stream ends: a Read that
    // returns 0 means the end of the input.
    while (stream_.avail_out == want) {
      if (stream_.avail_in == 0 && !input_ended_) {
        Result<size_t> got = compressed_->Read(
            reinterpret_cast<char*>(input_.get()), kInputBytes);
        if (!got.ok()) return Fail(got.status());
        if (*got == 0) input_ended_ = true;
        stream_.next_in = input_.get();
        stream_.avail_in = static_cast<uInt>(*got);
        consumed_before_ += pending_;
        pending_ = *got;
      }
      if (between_members_) {
        if (stream_.avail_in == 0) {
          if (input_ended_) {
            finished_ = true;
            break;
          }
          continue;
        }
        if (stream_.next_in[0] != 0x1f) {  // padding or trailing garbage
          finished_ = true;
          break;
        }
        inflateReset(&stream_);
        between_members_ = false;
      }
      int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        between_members_ = true;
        continue;
      }
      if (rc == Z_OK) continue;
      if (rc == Z_BUF_ERROR) {
        // No progress possible: zlib needs input that is not coming.
        if (stream_.avail_in == 0 && input_ended_) {
          return Fail(DataLoss("truncated gzip stream"));
        }
        continue;
      }
      if (rc == Z_MEM_ERROR) {
        return Fail(ResourceExhausted("out of memory inflating gzip stream"));
      }
      // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR.
      size_t offset = consumed_before_ + (pending_ - stream_.avail_in);
      return Fail(DataLoss(std::string("corrupt gzip stream: ") +
                           (stream_.msg ? stream_.msg : zError(rc)) +
                           " (at compressed byte " + std::to_string(offset) +
                           ")"));
    }
    return want - stream_.avail_out;
  }

 private:
  Result<size_t> Fail(Status status) {
    error_ = std::move(status);
    return error_;
  }

  std::unique_ptr<ByteReader> compressed_;
  std::unique_ptr<unsigned char[]> input_;
  z_stream stream_{};
  bool initialised_ = false;
  Status init_status_;
  Status error_;
  bool input_ended_ = false;
  bool between_members_ = false;
  bool finished_ = false;
  // Compressed bytes handed to zlib before the current input buffer, and
  // the size of the current buffer: for the offset in error messages.
  size_t consumed_before_ = 0;
  size_t pending_ = 0;
};

}  // namespace

std::unique_ptr<ByteReader> NewGzipReader(
    std::unique_ptr<ByteReader> compressed) {
  return std::make_unique<GzipReader>(std::move(compressed));
}

}  // namespace read_internal

Result<std::string> Gunzip(std::string_view bytes, size_t max_bytes) {
  std::unique_ptr<read_internal::ByteReader> reader =
      read_internal::NewGzipReader(read_internal::NewStringViewReader(bytes));
  std::string out;
  bool over_limit = false;
  RETURN_IF_ERROR(
      read_internal::ReadRest(*reader, max_bytes, &out, &over_limit));
  if (over_limit) {
    return ResourceExhausted("gzip stream of " + std::to_string(bytes.size()) +
                             " bytes inflates past the limit of " +
                             std::to_string(max_bytes) + " bytes");
  }
  return out;
}

}  // namespace warta
