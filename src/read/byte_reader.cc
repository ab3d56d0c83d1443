// The plain ByteReaders (file descriptor, string view, prefix) and the two
// loops every reader uses: fill a buffer, and read the rest under a limit.
//
// Tested by read_test.cc.
#include "byte_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace warta::read_internal {
namespace {

class FdReader : public ByteReader {
 public:
  FdReader(int fd, bool owns_fd) : fd_(fd), owns_fd_(owns_fd) {}
  ~FdReader() override {
    if (owns_fd_) close(fd_);
  }
  FdReader(const FdReader&) = delete;
  FdReader& operator=(const FdReader&) = delete;

  Result<size_t> Read(char* buf, size_t n) override {
    for (;;) {
      ssize_t got = read(fd_, buf, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno == EINTR) continue;
      return IoError(std::string("read failed: ") + std::strerror(errno));
    }
  }

 private:
  int fd_;
  bool owns_fd_;
};

class StringViewReader : public ByteReader {
 public:
  explicit StringViewReader(std::string_view bytes) : bytes_(bytes) {}

  Result<size_t> Read(char* buf, size_t n) override {
    size_t take = std::min(n, bytes_.size());
    std::memcpy(buf, bytes_.data(), take);
    bytes_.remove_prefix(take);
    return take;
  }

 private:
  std::string_view bytes_;
};

class PrefixReader : public ByteReader {
 public:
  PrefixReader(std::string prefix, std::unique_ptr<ByteReader> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}

  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ < prefix_.size()) {
      size_t take = std::min(n, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, take);
      pos_ += take;
      if (pos_ == prefix_.size()) {
        prefix_.clear();  // give the memory back early
        prefix_.shrink_to_fit();
        pos_ = 0;
      }
      return take;
    }
    return rest_->Read(buf, n);
  }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  std::unique_ptr<ByteReader> rest_;
};

constexpr size_t kChunkBytes = 64 << 10;

}  // namespace

std::unique_ptr<ByteReader> NewFdReader(int fd, bool owns_fd) {
  return std::make_unique<FdReader>(fd, owns_fd);
}

std::unique_ptr<ByteReader> NewStringViewReader(std::string_view bytes) {
  return std::make_unique<StringViewReader>(bytes);
}

std::unique_ptr<ByteReader> NewPrefixReader(std::string prefix,
                                            std::unique_ptr<ByteReader> rest) {
  return std::make_unique<PrefixReader>(std::move(prefix), std::move(rest));
}

bool HasGzipMagic(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<size_t> ReadUpTo(ByteReader& reader, char* buf, size_t n) {
  size_t filled = 0;
  while (filled < n) {
    Result<size_t> got = reader.Read(buf + filled, n - filled);
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    filled += *got;
  }
  return filled;
}

Status ReadRest(ByteReader& reader, size_t max_bytes, std::string* out,
                bool* over_limit) {
  *over_limit = false;
  if (out->size() > max_bytes) {
    *over_limit = true;
    return Status::Ok();
  }
  auto chunk = std::make_unique<char[]>(kChunkBytes);
  for (;;) {
    // Ask for at most one byte more than still fits: that byte, if it
    // comes, proves the input is over the limit.
    size_t room = max_bytes - out->size();
    size_t want = room >= kChunkBytes ? kChunkBytes : room + 1;
    Result<size_t> got = reader.Read(chunk.get(), want);
    if (!got.ok()) return got.status();
    if (*got == 0) return Status::Ok();
    if (*got > room) {
      *over_limit = true;
      return Status::Ok();
    }
    size_t needed = out->size() + *got;
    if (needed > out->capacity()) {
      // Grow geometrically, but never reserve past the limit.
      size_t grown = std::max(needed, out->capacity() * 2);
      out->reserve(std::min(grown, max_bytes));
    }
    out->append(chunk.get(), *got);
  }
}

}  // namespace warta::read_internal
