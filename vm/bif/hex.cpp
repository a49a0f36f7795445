// Hexadecimal text for binaries: binary:encode_hex/1 and binary:decode_hex/1
// (OTP 24+; OTP 25 has no encode_hex/2).
//
// Error contract: both raise badarg for an argument that is not a binary
// (a bitstring whose size is not a multiple of 8 included); decode_hex also
// for an odd number of digits or a character that is not a hex digit.
#include <string>
#include <string_view>

#include "vm/bif/bif.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/text/etf.h"  // copy_bits_aligned

namespace girder::vm {

namespace {

// The bytes of a binary, or false for anything else.
bool binary_bytes(Term t, std::string& out) {
  if (!t.is_bitstring()) return false;
  BitView v = bit_view(t);
  if (v.bit_size % 8 != 0) return false;
  out.resize(v.byte_size());
  if (v.bit_offset == 0) {
    out.assign(reinterpret_cast<const char*>(v.data), v.byte_size());
  } else {
    copy_bits_aligned(v, reinterpret_cast<unsigned char*>(out.data()));
  }
  return true;
}

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Upper-case digits, as OTP 25.
Term bif_encode_hex(Process& p, const Term* a) {
  std::string bytes;
  if (!binary_bytes(a[0], bytes)) return p.badarg();
  static constexpr char kDigits[] = "0123456789ABCDEF";
  unsigned char* out = nullptr;
  Term result = make_binary_uninit(p, 2 * bytes.size(), &out);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = static_cast<unsigned char>(kDigits[b >> 4]);
    out[2 * i + 1] = static_cast<unsigned char>(kDigits[b & 15]);
  }
  return result;
}

Term bif_decode_hex(Process& p, const Term* a) {
  std::string text;
  if (!binary_bytes(a[0], text) || text.size() % 2 != 0) return p.badarg();
  std::string bytes(text.size() / 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    int hi = hex_value(static_cast<unsigned char>(text[2 * i]));
    int lo = hex_value(static_cast<unsigned char>(text[2 * i + 1]));
    if (hi < 0 || lo < 0) return p.badarg();
    bytes[i] = static_cast<char>((hi << 4) | lo);
  }
  return make_binary(p, bytes);
}

constexpr BifSpec kHexBifs[] = {
    {"binary", "encode_hex", 1, bif_encode_hex, false},
    {"binary", "decode_hex", 1, bif_decode_hex, false},
};

}  // namespace

std::span<const BifSpec> bifs_hex() { return kHexBifs; }

}  // namespace girder::vm
