// {line, N} framing of an OS-process port's input (vm/io/exec.h,
// io::next_line): the pieces OTP 25 delivers, checked against what
// tests/conformance/port records for the same inputs.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "vm/io/exec.h"

namespace girder::vm {
namespace {

// Every piece of `input` (fed whole, then closed), as (eol?, text).
std::vector<std::pair<bool, std::string>> pieces(const std::string& input, std::size_t max) {
  std::vector<std::pair<bool, std::string>> out;
  std::size_t pos = 0;
  for (bool at_eof : {false, true}) {
    for (;;) {
      io::LineSpan s = io::next_line(input.data() + pos, input.size() - pos, max, at_eof);
      if (s.status == io::LineSpan::Need) break;
      out.emplace_back(s.status == io::LineSpan::Eol, input.substr(pos, s.length));
      pos += s.consumed;
    }
  }
  EXPECT_EQ(pos, input.size());
  return out;
}

using Pieces = std::vector<std::pair<bool, std::string>>;

TEST(LineFraming, WholeLines) {
  EXPECT_EQ(pieces("ab\ncd\n", 10), (Pieces{{true, "ab"}, {true, "cd"}}));
  EXPECT_EQ(pieces("\n\n", 10), (Pieces{{true, ""}, {true, ""}}));
}

TEST(LineFraming, LongLinesComeInPieces) {
  EXPECT_EQ(pieces("abcdefghij\n", 4), (Pieces{{false, "abcd"}, {false, "efgh"}, {true, "ij"}}));
  // Exactly N bytes before the newline is still a whole line.
  EXPECT_EQ(pieces("abcd\n", 4), (Pieces{{true, "abcd"}}));
  EXPECT_EQ(pieces("abcde\n", 4), (Pieces{{false, "abcd"}, {true, "e"}}));
}

TEST(LineFraming, CrLfEndsALine) {
  EXPECT_EQ(pieces("a\r\nb\rc\n", 10), (Pieces{{true, "a"}, {true, "b\rc"}}));
  // The \r of \r\n does not count against N.
  EXPECT_EQ(pieces("abcd\r\n", 4), (Pieces{{true, "abcd"}}));
  EXPECT_EQ(pieces("ab\r\r\n", 4), (Pieces{{true, "ab\r"}}));
}

TEST(LineFraming, EndOfInput) {
  EXPECT_EQ(pieces("one\nlast", 80), (Pieces{{true, "one"}, {false, "last"}}));
  EXPECT_EQ(pieces("xyz\r", 4), (Pieces{{false, "xyz\r"}}));
}

TEST(LineFraming, WaitsForMore) {
  EXPECT_EQ(io::next_line("abc", 3, 10, false).status, io::LineSpan::Need);
  // A \r just past the limit may be half of \r\n.
  EXPECT_EQ(io::next_line("abcd\r", 5, 4, false).status, io::LineSpan::Need);
  EXPECT_EQ(io::next_line("abcd\rx", 6, 4, false).status, io::LineSpan::Noeol);
}

}  // namespace
}  // namespace girder::vm
