// Walking an instruction's operands by its kind string (opcodes.def).
//
// Every consumer of AsmInstr (file writer, verifier, loader, disassembler)
// goes through for_each_operand, so the shape of each kind lives in one
// place: a scalar kind letter takes one operand; a list kind letter (j L M G
// B) takes an Int count operand followed by count groups of element kinds
// (list_element_kinds). Nothing here is per opcode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "loader/asm.h"
#include "vm/exec/opcodes.h"

namespace girder::loader {

// Kind letter reported for a list's count operand.
inline constexpr char kCountKind = '#';

using vm::is_list_kind;
using vm::list_element_kinds;

// The AsmOperand kinds a scalar kind letter accepts (asm.h).
inline bool operand_kind_allowed(char letter, AsmOperand::Kind kind) {
  using K = AsmOperand::Kind;
  switch (letter) {
    case 's': return kind == K::X || kind == K::Y || kind == K::Int || kind == K::Atom || kind == K::Literal || kind == K::Nil;
    case 'd': return kind == K::X || kind == K::Y;
    case 'x': return kind == K::X;
    case 'y': return kind == K::Y;
    case 'u': case kCountKind: return kind == K::Int;
    case 'a': return kind == K::Atom;
    case 'c': return kind == K::Literal || kind == K::Atom || kind == K::Int || kind == K::Nil;
    case 'l': case 'f': return kind == K::Label;
    case 'e': case 'b': return kind == K::Import;
    case 'F': return kind == K::Fun;
    default: return false;
  }
}

// Scalar kind letters whose file encoding carries a kind tag byte.
inline constexpr bool kind_is_tagged(char letter) { return letter == 's' || letter == 'd' || letter == 'c'; }

inline const char* operand_kind_name(AsmOperand::Kind kind) {
  switch (kind) {
    case AsmOperand::Kind::X: return "x";
    case AsmOperand::Kind::Y: return "y";
    case AsmOperand::Kind::Int: return "integer";
    case AsmOperand::Kind::Atom: return "atom";
    case AsmOperand::Kind::Literal: return "literal";
    case AsmOperand::Kind::Nil: return "nil";
    case AsmOperand::Kind::Label: return "label";
    case AsmOperand::Kind::Import: return "import";
    case AsmOperand::Kind::Fun: return "fun";
  }
  return "?";
}

// Calls f(letter, index) for every operand of `in` in order, where letter is
// the scalar kind the operand must have (kCountKind for a list count) and
// index its position in in.ops. Returns false with a message if the operand
// vector does not have the shape the kind string asks for (a count that is
// not a non-negative Int, too few or too many operands). f may return false
// to stop early; then the walk returns false with `error` left as f set it.
template <typename F>
bool for_each_operand(const AsmInstr& in, F&& f, std::string& error) {
  const auto op_index = static_cast<std::size_t>(in.op);
  if (op_index >= static_cast<std::size_t>(vm::kOpcodeCount)) {
    error = "unknown opcode " + std::to_string(op_index);
    return false;
  }
  std::string_view kinds = vm::kOpcodeInfo[op_index].operands;
  const std::vector<AsmOperand>& ops = in.ops;
  std::size_t i = 0;
  for (char k : kinds) {
    if (i >= ops.size()) {
      error = "too few operands (" + std::to_string(ops.size()) + ")";
      return false;
    }
    if (!is_list_kind(k)) {
      if (!f(k, i)) return false;
      ++i;
      continue;
    }
    const AsmOperand& count = ops[i];
    if (count.kind != AsmOperand::Kind::Int || count.value < 0) {
      error = "operand " + std::to_string(i) + ": list count must be a non-negative integer";
      return false;
    }
    std::string_view elems = list_element_kinds(k);
    // Checked against what is left before multiplying, so no overflow.
    std::size_t left = ops.size() - i - 1;
    if (static_cast<std::uint64_t>(count.value) > left / elems.size()) {
      error = "operand " + std::to_string(i) + ": list of " + std::to_string(count.value) + " items but only " +
              std::to_string(left) + " operands follow";
      return false;
    }
    if (!f(kCountKind, i)) return false;
    ++i;
    for (std::int64_t n = 0; n < count.value; ++n) {
      for (char e : elems) {
        if (!f(e, i)) return false;
        ++i;
      }
    }
  }
  if (i != ops.size()) {
    error = "too many operands (" + std::to_string(ops.size()) + ", expected " + std::to_string(i) + ")";
    return false;
  }
  return true;
}

}  // namespace girder::loader
