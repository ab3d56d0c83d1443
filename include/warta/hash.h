// Content hashing for identity and idempotence.
//
// Thread-safety: pure functions.
#ifndef WARTA_HASH_H_
#define WARTA_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace warta {

// XXH3-128 of `bytes` as 32 lower-case hex digits.
std::string ContentHash(std::string_view bytes);

// XXH3-64 of `bytes`.
uint64_t Hash64(std::string_view bytes, uint64_t seed = 0);

}  // namespace warta

#endif  // WARTA_HASH_H_
