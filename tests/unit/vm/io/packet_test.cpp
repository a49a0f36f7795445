// Packet framing ({packet, Type}): where the next packet ends in a buffer.
#include "vm/io/packet.h"

#include <gtest/gtest.h>

#include <string>

namespace girder::vm::io {
namespace {

PacketSpan span_of(PacketType type, const std::string& bytes, std::size_t max_size = 0, std::size_t line_max = 0) {
  return next_packet(type, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), max_size, line_max);
}

TEST(Packet, RawTakesEverythingBuffered) {
  EXPECT_EQ(span_of(PacketType::Raw, "").status, PacketSpan::Need);
  PacketSpan s = span_of(PacketType::Raw, "abc");
  EXPECT_EQ(s.status, PacketSpan::Ready);
  EXPECT_EQ(s.header, 0u);
  EXPECT_EQ(s.body, 3u);
}

TEST(Packet, LengthHeadersAreBigEndian) {
  std::string two = std::string("\x00\x03", 2) + "abcX";
  PacketSpan s = span_of(PacketType::Two, two);
  EXPECT_EQ(s.status, PacketSpan::Ready);
  EXPECT_EQ(s.header, 2u);
  EXPECT_EQ(s.body, 3u);
  std::string four = std::string("\x00\x00\x01\x00", 4) + std::string(255, 'x');
  EXPECT_EQ(span_of(PacketType::Four, four).status, PacketSpan::Need);  // one byte short
  four.push_back('y');
  EXPECT_EQ(span_of(PacketType::Four, four).body, 256u);
}

TEST(Packet, PartialHeaderNeedsMore) {
  EXPECT_EQ(span_of(PacketType::Four, std::string("\x00\x00", 2)).status, PacketSpan::Need);
  EXPECT_EQ(span_of(PacketType::One, "").status, PacketSpan::Need);
}

TEST(Packet, EmptyPacketIsReady) {
  PacketSpan s = span_of(PacketType::One, std::string("\x00", 1));
  EXPECT_EQ(s.status, PacketSpan::Ready);
  EXPECT_EQ(s.total(), 1u);
  EXPECT_EQ(s.body, 0u);
}

TEST(Packet, OverPacketSizeIsTooBig) {
  EXPECT_EQ(span_of(PacketType::One, std::string("\x0b", 1), 10).status, PacketSpan::TooBig);
  EXPECT_EQ(span_of(PacketType::One, std::string("\x0a", 1) + "0123456789", 10).status, PacketSpan::Ready);
  EXPECT_EQ(span_of(PacketType::Line, "0123456789ab\n", 10).status, PacketSpan::TooBig);
  EXPECT_EQ(span_of(PacketType::Line, "0123456789abc", 10).status, PacketSpan::TooBig);
}

TEST(Packet, LinesEndAtNewline) {
  PacketSpan s = span_of(PacketType::Line, "one\ntwo\n");
  EXPECT_EQ(s.status, PacketSpan::Ready);
  EXPECT_EQ(s.body, 4u);
  EXPECT_EQ(span_of(PacketType::Line, "no end").status, PacketSpan::Need);
}

TEST(Packet, LongLinesComeInPieces) {
  PacketSpan s = span_of(PacketType::Line, "0123456789abcdefXYZ", 0, 16);
  EXPECT_EQ(s.status, PacketSpan::Ready);
  EXPECT_EQ(s.body, 16u);
  // A newline beyond the piece size does not make the piece longer.
  EXPECT_EQ(span_of(PacketType::Line, "0123456789abcdefXYZ\n", 0, 16).body, 16u);
}

}  // namespace
}  // namespace girder::vm::io
