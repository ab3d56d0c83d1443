// OffsetMap: pieces sorted by derived offset; lookups by binary search.
// Tested by offset_map_test.cc.
#include "warta/offset_map.h"

#include <algorithm>
#include <cassert>

namespace warta {

OffsetMap OffsetMap::Identity(size_t len) {
  OffsetMap m;
  if (len > 0) m.AddCopy(0, 0, len);
  return m;
}

void OffsetMap::AddCopy(size_t derived, size_t original, size_t len) {
  if (len == 0) return;
  assert(pieces_.empty() ||
         pieces_.back().derived + pieces_.back().derived_len <= derived);
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.derived_len == last.original_len &&
        last.derived + last.derived_len == derived &&
        last.original + last.original_len == original) {
      last.derived_len += len;
      last.original_len += len;
      return;
    }
  }
  pieces_.push_back(Piece{derived, original, len, len});
}

void OffsetMap::AddReplacement(size_t derived, size_t derived_len,
                               size_t original, size_t original_len) {
  if (derived_len == original_len) {
    AddCopy(derived, original, derived_len);
    return;
  }
  assert(pieces_.empty() ||
         pieces_.back().derived + pieces_.back().derived_len <= derived);
  pieces_.push_back(Piece{derived, original, derived_len, original_len});
}

size_t OffsetMap::ToOriginal(size_t pos) const {
  if (pieces_.empty()) return 0;
  // Last piece whose derived start is <= pos.
  auto it = std::upper_bound(
      pieces_.begin(), pieces_.end(), pos,
      [](size_t p, const Piece& piece) { return p < piece.derived; });
  if (it == pieces_.begin()) return pieces_.front().original;
  const Piece& piece = *(it - 1);
  size_t into = pos - piece.derived;
  if (into >= piece.derived_len) return piece.original + piece.original_len;
  if (piece.derived_len == piece.original_len) return piece.original + into;
  return piece.original;
}

std::pair<size_t, size_t> OffsetMap::ToOriginalSpan(size_t begin,
                                                    size_t end) const {
  if (end <= begin) {
    size_t o = ToOriginal(begin);
    return {o, o};
  }
  size_t first = ToOriginal(begin);
  // The end is the original end of the last derived byte in the span.
  size_t last = end - 1;
  auto it = std::upper_bound(
      pieces_.begin(), pieces_.end(), last,
      [](size_t p, const Piece& piece) { return p < piece.derived; });
  if (it == pieces_.begin()) return {first, first};
  const Piece& piece = *(it - 1);
  size_t into = last - piece.derived;
  size_t second;
  if (into >= piece.derived_len) {
    second = piece.original + piece.original_len;
  } else if (piece.derived_len == piece.original_len) {
    second = piece.original + into + 1;
  } else {
    second = piece.original + piece.original_len;
  }
  return {first, std::max(first, second)};
}

OffsetMap OffsetMap::ComposeWith(const OffsetMap& inner) const {
  OffsetMap out;
  for (const Piece& p : pieces_) {
    if (p.derived_len == p.original_len) {
      // Split the copy wherever `inner` changes piece.
      size_t done = 0;
      while (done < p.derived_len) {
        size_t mid = p.original + done;
        auto it = std::upper_bound(
            inner.pieces_.begin(), inner.pieces_.end(), mid,
            [](size_t q, const Piece& piece) { return q < piece.derived; });
        if (it == inner.pieces_.begin()) {
          // Before the first inner piece: nothing to map to; skip a byte.
          ++done;
          continue;
        }
        const Piece& ip = *(it - 1);
        size_t into = mid - ip.derived;
        if (into >= ip.derived_len) {
          // A gap in `inner`: map these bytes to its preceding end.
          size_t next_start = (it == inner.pieces_.end())
                                  ? mid + (p.derived_len - done)
                                  : static_cast<size_t>(it->derived);
          size_t run = std::min(p.derived_len - done, next_start - mid);
          out.AddReplacement(p.derived + done, run,
                             ip.original + ip.original_len, 0);
          done += run;
        } else if (ip.derived_len == ip.original_len) {
          size_t run = std::min<size_t>(p.derived_len - done,
                                        ip.derived_len - into);
          out.AddCopy(p.derived + done, ip.original + into, run);
          done += run;
        } else {
          size_t run = std::min<size_t>(p.derived_len - done,
                                        ip.derived_len - into);
          out.AddReplacement(p.derived + done, run, ip.original,
                             ip.original_len);
          done += run;
        }
      }
    } else {
      auto span = inner.ToOriginalSpan(p.original, p.original + p.original_len);
      out.AddReplacement(p.derived, p.derived_len, span.first,
                         span.second - span.first);
    }
  }
  return out;
}

namespace {

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

}  // namespace

// Format: count, then per piece the deltas of derived and original starts
// from the previous piece's ends, and the two lengths.
std::string OffsetMap::Serialize() const {
  std::string out;
  PutVarint(&out, pieces_.size());
  uint64_t prev_d = 0, prev_o = 0;
  for (const Piece& p : pieces_) {
    PutVarint(&out, p.derived - prev_d);
    // Original offsets may go backwards (reordered text): zigzag encode.
    int64_t delta_o = static_cast<int64_t>(p.original) - static_cast<int64_t>(prev_o);
    PutVarint(&out, (static_cast<uint64_t>(delta_o) << 1) ^
                        static_cast<uint64_t>(delta_o >> 63));
    PutVarint(&out, p.derived_len);
    PutVarint(&out, p.original_len);
    prev_d = p.derived + p.derived_len;
    prev_o = p.original + p.original_len;
  }
  return out;
}

Result<OffsetMap> OffsetMap::Deserialize(std::string_view bytes) {
  OffsetMap m;
  uint64_t n = 0;
  if (!GetVarint(&bytes, &n)) return DataLoss("offset map: bad header");
  if (n > bytes.size()) return DataLoss("offset map: piece count too large");
  uint64_t prev_d = 0, prev_o = 0;
  m.pieces_.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t dd, zo, dl, ol;
    if (!GetVarint(&bytes, &dd) || !GetVarint(&bytes, &zo) ||
        !GetVarint(&bytes, &dl) || !GetVarint(&bytes, &ol)) {
      return DataLoss("offset map: truncated at piece " + std::to_string(i));
    }
    int64_t delta_o = static_cast<int64_t>(zo >> 1) ^ -static_cast<int64_t>(zo & 1);
    Piece p;
    p.derived = prev_d + dd;
    p.original = static_cast<uint64_t>(static_cast<int64_t>(prev_o) + delta_o);
    p.derived_len = dl;
    p.original_len = ol;
    m.pieces_.push_back(p);
    prev_d = p.derived + p.derived_len;
    prev_o = p.original + p.original_len;
  }
  if (!bytes.empty()) return DataLoss("offset map: trailing bytes");
  return m;
}

}  // namespace warta
