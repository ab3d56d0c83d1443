// The binary envelope and field codec of saved index states (DupIndex,
// ReuseIndex, the story Clusterer).
//
// A state blob is
//   magic (8 bytes, one per kind of state) | version (u32 LE)
//   | payload size (u64 LE) | CRC-32 of the payload (u32 LE)
//   | the payload, zlib-compressed.
// The payload is a sequence of fields written by StateWriter: fixed-width
// little-endian integers, floats by their bits (a resumed index must
// compute exactly what the saved one would have), LEB128 varints for counts
// and ids, length-prefixed strings. A StateReader never reads past its
// buffer: a short or damaged payload sets an error that Finish() reports,
// and every count read is checked against the bytes left before anything
// is allocated, so a garbled blob cannot make a reader allocate more than
// the blob could describe.
//
// Thread-safety: none needed; a writer or reader is used by one thread.
#ifndef WARTA_SRC_DEDUP_STATE_CODEC_H_
#define WARTA_SRC_DEDUP_STATE_CODEC_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "warta/status.h"

namespace warta::state {

class StateWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void I32(int32_t v) { U32(static_cast<uint32_t>(v)); }
  void F32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    U32(bits);
  }
  void F64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    U64(bits);
  }
  void Var(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void Str(std::string_view s) {
    Var(s.size());
    out_.append(s);
  }
  void Bytes(const void* data, size_t n) { out_.append(static_cast<const char*>(data), n); }

  // The payload so far.
  const std::string& payload() const { return out_; }

 private:
  std::string out_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view payload) : in_(payload) {}

  uint8_t U8() { return Need(1) ? static_cast<uint8_t>(in_[pos_++]) : 0; }
  uint32_t U32() {
    if (!Need(4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(in_[pos_++])} << (8 * i);
    return v;
  }
  uint64_t U64() {
    if (!Need(8)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(in_[pos_++])} << (8 * i);
    return v;
  }
  int32_t I32() { return static_cast<int32_t>(U32()); }
  float F32() {
    uint32_t bits = U32();
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  }
  double F64() {
    uint64_t bits = U64();
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
  uint64_t Var() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!Need(1)) return 0;
      uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      v |= uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) return v;
    }
    Fail();
    return 0;
  }
  // A count of items of at least `min_item_bytes` bytes each: fails (and
  // returns 0) when the bytes left cannot hold that many.
  size_t Count(size_t min_item_bytes = 1) {
    uint64_t n = Var();
    if (min_item_bytes == 0) min_item_bytes = 1;
    if (n > (in_.size() - pos_) / min_item_bytes) {
      Fail();
      return 0;
    }
    return static_cast<size_t>(n);
  }
  std::string Str() {
    size_t n = Count(1);
    if (!Need(n)) return {};
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  void Bytes(void* data, size_t n) {
    if (!Need(n)) {
      std::memset(data, 0, n);
      return;
    }
    std::memcpy(data, in_.data() + pos_, n);
    pos_ += n;
  }

  // Marks the payload as damaged (a value out of its range).
  void Fail() { failed_ = true; }
  bool failed() const { return failed_; }
  // OK when every read was in bounds, nothing was marked bad and the whole
  // payload was read.
  Status Finish(std::string_view what) const;

 private:
  bool Need(size_t n) {
    if (failed_ || n > in_.size() - pos_) {
      failed_ = true;
      return false;
    }
    return true;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool failed_ = false;
};

// Wraps a payload in the envelope: magic, version, size, CRC, zlib.
std::string Seal(std::string_view magic, uint32_t version, std::string_view payload);

// Checks the envelope of `blob` (magic, a version in [1, max_version],
// sizes, CRC) and inflates the payload into `payload`; `version` receives
// the version. A blob of another kind, a newer version, a truncated or
// altered blob: kDataLoss or kInvalidArgument, never a crash.
Status Open(std::string_view blob, std::string_view magic, uint32_t max_version, uint32_t* version,
            std::string* payload);

}  // namespace warta::state

#endif  // WARTA_SRC_DEDUP_STATE_CODEC_H_
