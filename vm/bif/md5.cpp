// MD5 as RFC 1321 specifies it: 64 steps per 64-byte block in four rounds,
// each step adding a sine-derived constant and rotating.
#include "vm/bif/md5.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace girder::vm::md5 {

namespace {

// T[i] = floor(2^32 * |sin(i + 1)|) (RFC 1321, 3.4).
struct SineTable {
  std::uint32_t t[64];
  SineTable() {
    for (int i = 0; i < 64; ++i) {
      t[i] = static_cast<std::uint32_t>(std::floor(4294967296.0 * std::fabs(std::sin(i + 1.0))));
    }
  }
};
const SineTable kSine;

constexpr int kShift[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

std::uint32_t load_le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
}
void store_le32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void block(std::uint32_t state[4], const std::uint8_t* in) {
  std::uint32_t m[16];
  for (int i = 0; i < 16; ++i) m[i] = load_le32(in + 4 * i);
  std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  for (int i = 0; i < 64; ++i) {
    std::uint32_t f;
    int g;
    switch (i / 16) {
      case 0: f = (b & c) | (~b & d); g = i; break;
      case 1: f = (d & b) | (~d & c); g = (5 * i + 1) % 16; break;
      case 2: f = b ^ c ^ d; g = (3 * i + 5) % 16; break;
      default: f = c ^ (b | ~d); g = (7 * i) % 16; break;
    }
    std::uint32_t sum = a + f + kSine.t[i] + m[g];
    a = d;
    d = c;
    c = b;
    b = b + rotl(sum, kShift[i / 16][i % 4]);
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
}

}  // namespace

void init(Context& c) {
  c.state[0] = 0x67452301;
  c.state[1] = 0xefcdab89;
  c.state[2] = 0x98badcfe;
  c.state[3] = 0x10325476;
  c.bit_count = 0;
  std::memset(c.buffer, 0, sizeof c.buffer);
  c.buffer_len = 0;
}

void update(Context& c, const std::uint8_t* data, std::size_t size) {
  c.bit_count += static_cast<std::uint64_t>(size) * 8;
  if (c.buffer_len > 0) {
    std::size_t take = std::min<std::size_t>(size, 64 - c.buffer_len);
    std::memcpy(c.buffer + c.buffer_len, data, take);
    c.buffer_len += static_cast<std::uint32_t>(take);
    data += take;
    size -= take;
    if (c.buffer_len < 64) return;
    block(c.state, c.buffer);
    c.buffer_len = 0;
  }
  for (; size >= 64; data += 64, size -= 64) block(c.state, data);
  std::memcpy(c.buffer, data, size);
  c.buffer_len = static_cast<std::uint32_t>(size);
}

std::array<std::uint8_t, 16> final(Context c) {
  std::uint64_t bits = c.bit_count;
  std::uint8_t pad[72] = {0x80};
  std::size_t pad_len = (c.buffer_len < 56 ? 56 : 120) - c.buffer_len;
  std::uint8_t length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<std::uint8_t>(bits >> (8 * i));
  update(c, pad, pad_len);
  update(c, length, 8);
  std::array<std::uint8_t, 16> out;
  for (int i = 0; i < 4; ++i) store_le32(out.data() + 4 * i, c.state[i]);
  return out;
}

void save(const Context& c, std::uint8_t* out) {
  for (int i = 0; i < 4; ++i) store_le32(out + 4 * i, c.state[i]);
  store_le32(out + 16, static_cast<std::uint32_t>(c.bit_count));
  store_le32(out + 20, static_cast<std::uint32_t>(c.bit_count >> 32));
  std::memcpy(out + 24, c.buffer, 64);
}

bool load(const std::uint8_t* bytes, std::size_t size, Context& c) {
  if (size != kContextBytes) return false;
  for (int i = 0; i < 4; ++i) c.state[i] = load_le32(bytes + 4 * i);
  c.bit_count = std::uint64_t{load_le32(bytes + 16)} | std::uint64_t{load_le32(bytes + 20)} << 32;
  std::memcpy(c.buffer, bytes + 24, 64);
  c.buffer_len = static_cast<std::uint32_t>((c.bit_count / 8) % 64);
  return true;
}

}  // namespace girder::vm::md5
