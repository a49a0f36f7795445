// How decoded operands are laid out in the in-memory instruction stream.
//
// A source operand ('s') is one word: either a literal term (any primary tag
// but HEADER) or a register reference, which uses the HEADER tag that no
// literal can have:
//     x(n): (n << 3) | 0b000        y(n): (n << 3) | 0b100
// so reading a source is one test and either a load or nothing. Destination
// operands ('d') use the same register encoding. Y slot n of the current
// frame is E[n + 1] (E[0] holds the saved continuation pointer).
#pragma once

#include "vm/term.h"

namespace girder::vm {

inline constexpr Word encode_x(Word n) { return n << 3; }
inline constexpr Word encode_y(Word n) { return (n << 3) | 4; }
inline constexpr bool operand_is_register(Word w) { return (w & 3) == 0; }
inline constexpr bool operand_is_y(Word w) { return (w & 7) == 4; }
inline constexpr Word operand_register_index(Word w) { return w >> 3; }

// Most X registers a function may use (arguments and temporaries).
inline constexpr Word kMaxXRegs = 1024;

}  // namespace girder::vm
