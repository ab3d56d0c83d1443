// Streaming gzip (and zlib / raw deflate) decompression with zlib, safe
// against damaged input and decompression bombs.
//
// GzipReader inflates on demand into the caller's buffer, so memory stays at
// one 64 KiB input buffer plus zlib's 32 KiB window however large the stream
// inflates; the size limit is applied by whoever reads (ReadRest, or the
// JSON Lines line limit). Concatenated members (`cat a.gz b.gz`) are read one
// after the other, as gzip(1) does; zero padding or other bytes after the last
// member are ignored. A stream that ends inside a member is "truncated"; one
// zlib rejects is "corrupt", with zlib's reason and the compressed offset.
//
// WARC.gz files compress each record as its own member, so one damaged member
// need not cost the rest of the file: after an error, SkipToNextMember scans
// the compressed bytes still in the input buffer, from just after the damaged
// member's start, for the next member header and resumes there. A false
// match inside the damaged data only fails again and moves on.
//
// Tested by read_test.cc and warc_test.cc.
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "byte_reader.h"
#include "warta/read.h"

namespace warta {
namespace read_internal {
namespace {

constexpr size_t kInputBytes = 64 << 10;

enum class Wrapper { kGzip, kZlib, kRaw };

// zlib's windowBits for each wrapper: 16 + 15 a gzip header and trailer,
// 15 a zlib header, -15 none.
int WindowBits(Wrapper wrapper) {
  switch (wrapper) {
    case Wrapper::kGzip: return 16 + MAX_WBITS;
    case Wrapper::kZlib: return MAX_WBITS;
    case Wrapper::kRaw: return -MAX_WBITS;
  }
  return MAX_WBITS;
}

// True when `p` (at least 4 bytes) starts a gzip member: the magic, the
// deflate method and no reserved flag bits.
bool IsMemberHeader(const unsigned char* p) {
  return p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 && (p[3] & 0xe0) == 0;
}

class GzipReader : public GzipMemberReader {
 public:
  GzipReader(std::unique_ptr<ByteReader> compressed, Wrapper wrapper)
      : compressed_(std::move(compressed)),
        input_(std::make_unique<unsigned char[]>(kInputBytes)),
        wrapper_(wrapper) {
    int rc = inflateInit2(&stream_, WindowBits(wrapper));
    if (rc != Z_OK) {
      init_status_ = Internal(std::string("inflateInit2 failed: ") +
                              (stream_.msg ? stream_.msg : zError(rc)));
      return;
    }
    initialised_ = true;
    members_.push_back({0, 0});
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
        if (!got.ok()) return Fail(got.status(), want - stream_.avail_out);
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
        if (stream_.next_in[0] != 0x1f) {
          if (!require_members_) {  // padding or trailing garbage
            finished_ = true;
            break;
          }
          // Damage where a member should start: remembered as a member of
          // its own, so that offsets and the search for the next member
          // start from here.
          members_.push_back({produced_ + (want - stream_.avail_out), InOffset()});
          return Fail(DataLoss("bytes that do not start a gzip member at "
                               "compressed byte " +
                               std::to_string(InOffset())),
                      want - stream_.avail_out);
        }
        inflateReset(&stream_);
        between_members_ = false;
        members_.push_back({produced_ + (want - stream_.avail_out), InOffset()});
      }
      int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        if (wrapper_ != Wrapper::kGzip) {
          finished_ = true;
          break;
        }
        between_members_ = true;
        continue;
      }
      if (rc == Z_OK) continue;
      if (rc == Z_BUF_ERROR) {
        // No progress possible: zlib needs input that is not coming.
        if (stream_.avail_in == 0 && input_ended_) {
          return Fail(DataLoss(std::string("truncated ") + Name() + " stream"),
                      want - stream_.avail_out);
        }
        continue;
      }
      if (rc == Z_MEM_ERROR) {
        return Fail(ResourceExhausted(std::string("out of memory inflating ") +
                                      Name() + " stream"),
                    want - stream_.avail_out);
      }
      // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR.
      return Fail(DataLoss(std::string("corrupt ") + Name() + " stream: " +
                           (stream_.msg ? stream_.msg : zError(rc)) +
                           " (at compressed byte " +
                           std::to_string(InOffset()) + ")"),
                  want - stream_.avail_out);
    }
    size_t out = want - stream_.avail_out;
    produced_ += out;
    return out;
  }

  Result<bool> SkipToNextMember() override {
    if (!init_status_.ok()) return init_status_;
    if (error_.code() != StatusCode::kDataLoss) {
      if (!error_.ok()) return error_;
      return Internal("SkipToNextMember called without a damaged member");
    }
    // Search the input buffer from just after the damaged member's start,
    // or from the buffer's start if that has gone.
    uint64_t from = std::max<uint64_t>(members_.back().in + 1, consumed_before_);
    size_t pos = static_cast<size_t>(from - consumed_before_);
    for (;;) {
      unsigned char* base = input_.get();
      for (; pos + 4 <= pending_; ++pos) {
        if (IsMemberHeader(base + pos)) {
          stream_.next_in = base + pos;
          stream_.avail_in = static_cast<uInt>(pending_ - pos);
          inflateReset(&stream_);
          error_ = Status::Ok();
          between_members_ = false;
          finished_ = false;
          members_.push_back({produced_, consumed_before_ + pos});
          return true;
        }
      }
      if (input_ended_) break;
      // Keep the last bytes, which may begin a header, and read more.
      size_t keep = std::min<size_t>(pending_ - std::min(pos, pending_), 3);
      std::memmove(base, base + pending_ - keep, keep);
      consumed_before_ += pending_ - keep;
      pending_ = keep;
      Result<size_t> got = compressed_->Read(
          reinterpret_cast<char*>(base + keep), kInputBytes - keep);
      if (!got.ok()) return Fail(got.status(), 0).status();
      if (*got == 0) input_ended_ = true;
      pending_ += *got;
      pos = 0;
    }
    stream_.avail_in = 0;
    finished_ = true;
    error_ = Status::Ok();
    return false;
  }

  uint64_t MemberStart(uint64_t offset) const override {
    // The last member that started at or before `offset`.
    auto it = std::upper_bound(
        members_.begin(), members_.end(), offset,
        [](uint64_t o, const Member& m) { return o < m.out; });
    if (it == members_.begin()) return members_.front().in;
    return std::prev(it)->in;
  }

  void RequireMembers() override { require_members_ = true; }

  void ForgetBefore(uint64_t offset) override {
    while (members_.size() > 1 && members_[1].out <= offset) {
      members_.pop_front();
    }
  }

 private:
  struct Member {
    uint64_t out;  // output offset of its first byte
    uint64_t in;   // compressed offset of its header
  };

  const char* Name() const {
    switch (wrapper_) {
      case Wrapper::kGzip: return "gzip";
      case Wrapper::kZlib: return "zlib";
      case Wrapper::kRaw: return "deflate";
    }
    return "gzip";
  }

  // Compressed offset of the next byte zlib will read.
  uint64_t InOffset() const {
    return consumed_before_ + (pending_ - stream_.avail_in);
  }

  // Records `status` as the reader's error. Output this call already made
  // (`made` bytes) is returned first; the error comes with the next call.
  Result<size_t> Fail(Status status, size_t made) {
    error_ = std::move(status);
    if (made > 0) {
      produced_ += made;
      return made;
    }
    return error_;
  }

  std::unique_ptr<ByteReader> compressed_;
  std::unique_ptr<unsigned char[]> input_;
  Wrapper wrapper_;
  z_stream stream_{};
  bool initialised_ = false;
  Status init_status_;
  Status error_;
  bool input_ended_ = false;
  bool between_members_ = false;
  bool finished_ = false;
  bool require_members_ = false;
  // Compressed bytes before the current input buffer, and the size of the
  // current buffer: for offsets in messages and for member starts.
  uint64_t consumed_before_ = 0;
  size_t pending_ = 0;
  uint64_t produced_ = 0;  // output bytes returned so far
  std::deque<Member> members_;
};

// Tells a zlib stream from raw deflate by the first two bytes: a zlib header
// names the deflate method and is a multiple of 31.
class DeflateReader : public ByteReader {
 public:
  explicit DeflateReader(std::unique_ptr<ByteReader> compressed)
      : compressed_(std::move(compressed)) {}

  Result<size_t> Read(char* buf, size_t n) override {
    if (!inner_) {
      std::string head(2, '\0');
      ASSIGN_OR_RETURN(size_t got, ReadUpTo(*compressed_, head.data(), 2));
      head.resize(got);
      bool zlib = got == 2 &&
                  (static_cast<unsigned char>(head[0]) & 0x0f) == 8 &&
                  ((static_cast<unsigned char>(head[0]) << 8) |
                   static_cast<unsigned char>(head[1])) % 31 == 0;
      inner_ = std::make_unique<GzipReader>(
          NewPrefixReader(std::move(head), std::move(compressed_)),
          zlib ? Wrapper::kZlib : Wrapper::kRaw);
    }
    return inner_->Read(buf, n);
  }

 private:
  std::unique_ptr<ByteReader> compressed_;
  std::unique_ptr<ByteReader> inner_;
};

}  // namespace

std::unique_ptr<ByteReader> NewGzipReader(
    std::unique_ptr<ByteReader> compressed) {
  return std::make_unique<GzipReader>(std::move(compressed), Wrapper::kGzip);
}

std::unique_ptr<GzipMemberReader> NewGzipMemberReader(
    std::unique_ptr<ByteReader> compressed) {
  return std::make_unique<GzipReader>(std::move(compressed), Wrapper::kGzip);
}

std::unique_ptr<ByteReader> NewDeflateReader(
    std::unique_ptr<ByteReader> compressed) {
  return std::make_unique<DeflateReader>(std::move(compressed));
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
