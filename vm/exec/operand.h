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

#include "vm/term/term.h"

namespace girder::vm {

inline constexpr Word encode_x(Word n) { return n << 3; }
inline constexpr Word encode_y(Word n) { return (n << 3) | 4; }
inline constexpr bool operand_is_register(Word w) { return (w & 3) == 0; }
inline constexpr bool operand_is_y(Word w) { return (w & 7) == 4; }
inline constexpr Word operand_register_index(Word w) { return w >> 3; }

// Most X registers a function may use (arguments and temporaries).
inline constexpr Word kMaxXRegs = 1024;

// Storage for an X register file that is NOT initialised: Term's default
// constructor zeroes, and zeroing 8 KB every time a process is scheduled
// cost more than a message round trip. Only registers written before they
// are read are ever used (the verifier guarantees it for code; run() copies
// the saved arguments in).
struct XRegisterFile {
  Term* get() { return reinterpret_cast<Term*>(words); }
  alignas(Term) Word words[kMaxXRegs];
};
static_assert(sizeof(Term) == sizeof(Word));

}  // namespace girder::vm
