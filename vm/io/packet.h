// Packet framing ({packet, Type} on TCP sockets): where the next complete
// packet in a receive buffer ends. Pure functions over bytes, shared by the
// loop (active delivery) and the BIFs (passive recv).
#pragma once

#include <cstddef>
#include <cstdint>

namespace girder::vm::io {

// The largest {packet, 4} body taken when packet_size is 0 (OTP's "no
// limit"): a bound on what a peer can make a socket buffer.
inline constexpr std::size_t kDefaultMaxPacket = 64 * 1024 * 1024;

enum class PacketType : std::uint8_t { Raw, One, Two, Four, Line };

// Bytes of length header a packet of this type starts with (0 for raw and
// line; the header is not part of the data delivered).
std::size_t packet_header_bytes(PacketType type);

struct PacketSpan {
  enum Status : std::uint8_t { Need, Ready, TooBig } status = Need;
  std::size_t header = 0;  // bytes of length header to skip
  std::size_t body = 0;    // bytes of data after it
  std::size_t total() const { return header + body; }
};

// The first packet in data[0..n). For Raw the whole buffer is one packet
// (Ready when n > 0). `max_size`: packet_size (0: no limit) — a length
// header announcing more is TooBig (OTP: {error, emsgsize}). `line_max`: a
// line longer than this is cut there and delivered in pieces.
PacketSpan next_packet(PacketType type, const unsigned char* data, std::size_t n, std::size_t max_size,
                       std::size_t line_max);

}  // namespace girder::vm::io
