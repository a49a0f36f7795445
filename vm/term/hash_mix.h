// The mixing steps OTP's two term hashes share: erlang:phash2 (phash.cpp)
// and the internal hash that places keys in large maps (hashmap.cpp). Both
// are Bob Jenkins' lookup2 over 32-bit pieces of the term, with a per-kind
// constant that is a multiple of the golden ratio; they differ in their
// walks, kind constants and seeds, which stay in their own files.
//
// Invariant: these must stay bit-exact with OTP 25 (phash2 results and
// large-map iteration order are observable); tests/unit/vm/term/phash_test.cpp
// and the map printing tests pin them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace girder::vm::hash_mix {

inline constexpr std::uint32_t kGolden = 0x9e3779b9u;
// Kind constant n: n times the golden ratio, wrapping.
inline constexpr std::uint32_t kind(std::uint32_t n) { return kGolden * n; }

inline void mix(std::uint32_t& a, std::uint32_t& b, std::uint32_t& c) {
  a -= b; a -= c; a ^= (c >> 13);
  b -= c; b -= a; b ^= (a << 8);
  c -= a; c -= b; c ^= (b >> 13);
  a -= b; a -= c; a ^= (c >> 12);
  b -= c; b -= a; b ^= (a << 16);
  c -= a; c -= b; c ^= (b >> 5);
  a -= b; a -= c; a ^= (c >> 3);
  b -= c; b -= a; b ^= (a << 10);
  c -= a; c -= b; c ^= (b >> 15);
}

// Mix two 32-bit values into h under kind constant k.
inline void hash2(std::uint32_t& h, std::uint32_t x, std::uint32_t y, std::uint32_t k) {
  std::uint32_t a = k + x, b = k + y;
  mix(a, b, h);
}
inline void hash1(std::uint32_t& h, std::uint32_t x, std::uint32_t k) { hash2(h, x, 0, k); }

// lookup2's hash() over a byte block (binaries, atom text), starting from
// initval. Defined in phash.cpp.
std::uint32_t block_hash(const unsigned char* bytes, std::size_t len, std::uint32_t initval);

}  // namespace girder::vm::hash_mix
