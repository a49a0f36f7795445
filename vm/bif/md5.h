// MD5 (RFC 1321) with a context that is plain bytes, for erlang:md5_init/0,
// md5_update/2 and md5_final/1 (bif/crypto.cpp), whose context is a binary
// on OTP too. OpenSSL 3 only offers MD5 through EVP, whose contexts cannot
// be written out, so this one is ours; crypto:hash(md5, _) uses OpenSSL.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace girder::vm::md5 {

struct Context {
  std::uint32_t state[4];
  std::uint64_t bit_count;       // bits hashed so far
  std::uint8_t buffer[64];       // the incomplete block
  std::uint32_t buffer_len = 0;  // bytes used in buffer
};

// The context as bytes, laid out as OTP 25's erlang:md5_init/0 result
// (88 bytes): A, B, C, D, the bit count (two 32-bit halves, low first;
// little-endian words) and the 64-byte block buffer, of which the first
// (bit count / 8) mod 64 bytes are in use.
inline constexpr std::size_t kContextBytes = 88;

void init(Context& c);
void update(Context& c, const std::uint8_t* data, std::size_t size);
std::array<std::uint8_t, 16> final(Context c);

void save(const Context& c, std::uint8_t* out);  // kContextBytes bytes
// False if the bytes cannot be a context (wrong size).
bool load(const std::uint8_t* bytes, std::size_t size, Context& c);

}  // namespace girder::vm::md5
