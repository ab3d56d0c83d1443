// OffsetMap: where each byte of a derived text came from in the original.
//
// Every transformation of article text in Warta (UTF-8 repair, boilerplate
// removal, HTML to text, normalisation) produces a map from the bytes it
// outputs back to the bytes it read, so that a claim found in clean text can
// point at its source bytes. Maps compose: clean->repaired composed with
// repaired->original gives clean->original.
//
// The map is a sorted list of pieces. A piece says "derived bytes
// [derived, derived + derived_len) came from original bytes
// [original, original + original_len)". When the two lengths are equal the
// bytes correspond one to one (a copy); otherwise the piece maps as a whole
// (a replacement: U+FFFD for one bad byte, "&amp;" decoded to "&").
// Derived bytes not covered by any piece (a separator the transformation
// inserted, such as the blank line between two paragraphs) map to the end of
// the nearest preceding piece.
//
// Thread-safety: immutable after building; const methods are safe to share.
#ifndef WARTA_OFFSET_MAP_H_
#define WARTA_OFFSET_MAP_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "warta/status.h"

namespace warta {

class OffsetMap {
 public:
  struct Piece {
    uint64_t derived = 0;
    uint64_t original = 0;
    uint64_t derived_len = 0;
    uint64_t original_len = 0;
    bool operator==(const Piece&) const = default;
  };

  OffsetMap() = default;

  // The identity map over `len` bytes.
  static OffsetMap Identity(size_t len);

  // Appends a piece; pieces must be appended in increasing derived order and
  // must not overlap. Adjacent copies are merged.
  void AddCopy(size_t derived, size_t original, size_t len);
  void AddReplacement(size_t derived, size_t derived_len, size_t original,
                      size_t original_len);

  // Original offset of the derived byte at `pos`. For a position inside a
  // replacement piece, the start of its original range; for pos == derived
  // length, the end of the last piece.
  size_t ToOriginal(size_t pos) const;

  // Original byte range [first, second) covering derived range [begin, end).
  std::pair<size_t, size_t> ToOriginalSpan(size_t begin, size_t end) const;

  // this: C -> B, inner: B -> A. Returns C -> A.
  OffsetMap ComposeWith(const OffsetMap& inner) const;

  const std::vector<Piece>& pieces() const { return pieces_; }
  bool empty() const { return pieces_.empty(); }

  // Compact binary form for storage (varints), and its inverse.
  std::string Serialize() const;
  static Result<OffsetMap> Deserialize(std::string_view bytes);

  bool operator==(const OffsetMap&) const = default;

 private:
  std::vector<Piece> pieces_;
};

}  // namespace warta

#endif  // WARTA_OFFSET_MAP_H_
