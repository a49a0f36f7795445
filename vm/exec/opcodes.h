// The opcode enum and per-opcode facts, derived from opcodes.def.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace girder::vm {

enum class Opcode : std::uint8_t {
#define GIRDER_OP(name, operands, reds) name,
#include "vm/exec/opcodes.def"
#undef GIRDER_OP
};

inline constexpr int kOpcodeCount = 0
#define GIRDER_OP(name, operands, reds) +1
#include "vm/exec/opcodes.def"
#undef GIRDER_OP
    ;

struct OpcodeInfo {
  std::string_view name;      // without a trailing underscore (return_ -> return)
  std::string_view operands;  // operand kind letters, see opcodes.def
  int reductions;
};

inline constexpr OpcodeInfo kOpcodeInfo[] = {
#define GIRDER_OP(name, operands, reds) \
  {std::string_view(#name).ends_with('_') ? std::string_view(#name).substr(0, sizeof(#name) - 2) : std::string_view(#name), operands, reds},
#include "vm/exec/opcodes.def"
#undef GIRDER_OP
};
static_assert(std::size(kOpcodeInfo) == kOpcodeCount);

inline const OpcodeInfo& opcode_info(Opcode op) { return kOpcodeInfo[static_cast<int>(op)]; }

// List operand kinds (j L M G B) are a count word followed by count groups.
inline constexpr bool is_list_kind(char k) { return k == 'j' || k == 'L' || k == 'M' || k == 'G' || k == 'B'; }

// Element kinds of one group of a list kind ("" for scalar kinds).
inline constexpr std::string_view list_element_kinds(char k) {
  switch (k) {
    case 'j': return "cl";     // (literal term, label)
    case 'L': return "s";      // source
    case 'M': return "ss";     // (key, value)
    case 'G': return "sd";     // (key, destination)
    case 'B': return "uussu";  // (kind, flags, value, size, unit)
    default: return "";
  }
}

// Words of a loaded instruction at `I` (its first word and the operands):
// each scalar operand is one word, a list is its count word plus the groups.
inline std::size_t instruction_words(const std::uint64_t* I, Opcode op) {
  std::size_t n = 1;
  for (char k : opcode_info(op).operands) {
    if (is_list_kind(k)) {
      n += 1 + I[n] * list_element_kinds(k).size();
    } else {
      n += 1;
    }
  }
  return n;
}

// Pseudo-instructions exist only in module files.
// (func_info is real: a jump to it raises function_clause.)
inline constexpr bool is_pseudo(Opcode op) { return op == Opcode::label || op == Opcode::line; }

}  // namespace girder::vm
