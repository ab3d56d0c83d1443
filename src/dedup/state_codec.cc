// The envelope of saved states: see state_codec.h. zlib at its default
// level: the payloads are mostly small integers, hashes and floats, and
// compress by about half (hash-heavy DupIndex signatures less).
//
// Tested by dedup_test.cc and story_test.cc (round trips, truncated and
// garbled blobs).
#include "state_codec.h"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace warta::state {
namespace {

constexpr size_t kMagicBytes = 8;
constexpr size_t kHeaderBytes = kMagicBytes + 4 + 8 + 4;
// Deflate cannot compress better than about 1032:1, so a header claiming a
// larger payload than that of its body is damaged: checked before the
// payload is allocated.
constexpr uint64_t kMaxDeflateRatio = 1040;

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
uint64_t GetLe(std::string_view s, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<uint8_t>(s[at + i])} << (8 * i);
  return v;
}

uint32_t Crc(std::string_view data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const Bytef* p = reinterpret_cast<const Bytef*>(data.data());
  size_t left = data.size();
  while (left > 0) {
    uInt n = static_cast<uInt>(std::min<size_t>(left, std::numeric_limits<uInt>::max()));
    crc = crc32(crc, p, n);
    p += n;
    left -= n;
  }
  return static_cast<uint32_t>(crc);
}

}  // namespace

Status StateReader::Finish(std::string_view what) const {
  if (failed_) return DataLoss(std::string(what) + ": damaged state (a field is out of bounds)");
  if (pos_ != in_.size()) return DataLoss(std::string(what) + ": damaged state (trailing bytes)");
  return Status::Ok();
}

std::string Seal(std::string_view magic, uint32_t version, std::string_view payload) {
  std::string out;
  out.append(magic.substr(0, kMagicBytes));
  out.resize(kMagicBytes, '\0');
  PutU32(&out, version);
  PutU64(&out, payload.size());
  PutU32(&out, Crc(payload));
  uLongf bound = compressBound(static_cast<uLong>(payload.size()));
  size_t header = out.size();
  out.resize(header + bound);
  int rc = compress2(reinterpret_cast<Bytef*>(out.data() + header), &bound,
                     reinterpret_cast<const Bytef*>(payload.data()),
                     static_cast<uLong>(payload.size()), Z_DEFAULT_COMPRESSION);
  // compress2 fails only on memory exhaustion or a bound too small, which
  // compressBound rules out.
  if (rc != Z_OK) std::abort();
  out.resize(header + bound);
  return out;
}

Status Open(std::string_view blob, std::string_view magic, uint32_t max_version, uint32_t* version,
            std::string* payload) {
  std::string expected(magic.substr(0, kMagicBytes));
  expected.resize(kMagicBytes, '\0');
  if (blob.size() < kHeaderBytes || blob.substr(0, kMagicBytes) != expected) {
    return InvalidArgument("not a saved " + std::string(magic) + " state");
  }
  *version = static_cast<uint32_t>(GetLe(blob, kMagicBytes, 4));
  uint64_t size = GetLe(blob, kMagicBytes + 4, 8);
  uint32_t crc = static_cast<uint32_t>(GetLe(blob, kMagicBytes + 12, 4));
  if (*version == 0 || *version > max_version) {
    return InvalidArgument("saved " + std::string(magic) + " state of version " +
                           std::to_string(*version) + "; this build reads up to " +
                           std::to_string(max_version));
  }
  std::string_view body = blob.substr(kHeaderBytes);
  if (size > (body.size() + 64) * kMaxDeflateRatio || size > std::numeric_limits<uLong>::max()) {
    return DataLoss("saved " + std::string(magic) + " state: damaged header");
  }
  payload->assign(size, '\0');
  uLongf got = static_cast<uLongf>(size);
  int rc = uncompress(reinterpret_cast<Bytef*>(payload->data()), &got,
                      reinterpret_cast<const Bytef*>(body.data()), static_cast<uLong>(body.size()));
  if (rc != Z_OK || got != size || Crc(*payload) != crc) {
    payload->clear();
    return DataLoss("saved " + std::string(magic) + " state: truncated or damaged");
  }
  return Status::Ok();
}

}  // namespace warta::state
