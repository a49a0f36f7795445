#include "vm/io/packet.h"

#include <cstring>

namespace girder::vm::io {

std::size_t packet_header_bytes(PacketType type) {
  switch (type) {
    case PacketType::One: return 1;
    case PacketType::Two: return 2;
    case PacketType::Four: return 4;
    default: return 0;
  }
}

PacketSpan next_packet(PacketType type, const unsigned char* data, std::size_t n, std::size_t max_size,
                       std::size_t line_max) {
  PacketSpan span;
  switch (type) {
    case PacketType::Raw:
      if (n > 0) {
        span.status = PacketSpan::Ready;
        span.body = n;
      }
      return span;
    case PacketType::Line: {
      std::size_t limit = line_max != 0 && n > line_max ? line_max : n;
      const void* nl = std::memchr(data, '\n', limit);
      if (nl != nullptr) {
        span.body = static_cast<const unsigned char*>(nl) - data + 1;
        span.status = max_size != 0 && span.body > max_size ? PacketSpan::TooBig : PacketSpan::Ready;
      } else if (max_size != 0 && n > max_size && (line_max == 0 || max_size < line_max)) {
        span.status = PacketSpan::TooBig;  // no end of line within packet_size
      } else if (line_max != 0 && n >= line_max) {
        span.status = PacketSpan::Ready;  // too long a line: deliver a piece
        span.body = line_max;
      }
      return span;
    }
    case PacketType::One:
    case PacketType::Two:
    case PacketType::Four: {
      std::size_t h = packet_header_bytes(type);
      if (n < h) return span;
      std::size_t length = 0;
      for (std::size_t i = 0; i < h; ++i) length = (length << 8) | data[i];
      // Without a packet_size, a header may still not make us buffer
      // gigabytes for a peer that sends garbage.
      std::size_t limit = max_size != 0 ? max_size : kDefaultMaxPacket;
      if (length > limit) {
        span.status = PacketSpan::TooBig;
        return span;
      }
      if (n - h < length) return span;
      span.status = PacketSpan::Ready;
      span.header = h;
      span.body = length;
      return span;
    }
  }
  return span;
}

}  // namespace girder::vm::io
