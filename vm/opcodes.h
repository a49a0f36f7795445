// The opcode enum and per-opcode facts, derived from opcodes.def.
#pragma once

#include <cstdint>
#include <string_view>

namespace girder::vm {

enum class Opcode : std::uint8_t {
#define GIRDER_OP(name, operands, reds) name,
#include "vm/opcodes.def"
#undef GIRDER_OP
};

inline constexpr int kOpcodeCount = 0
#define GIRDER_OP(name, operands, reds) +1
#include "vm/opcodes.def"
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
#include "vm/opcodes.def"
#undef GIRDER_OP
};
static_assert(std::size(kOpcodeInfo) == kOpcodeCount);

inline const OpcodeInfo& opcode_info(Opcode op) { return kOpcodeInfo[static_cast<int>(op)]; }

// Pseudo-instructions exist only in module files.
// (func_info is real: a jump to it raises function_clause.)
inline constexpr bool is_pseudo(Opcode op) { return op == Opcode::label || op == Opcode::line; }

}  // namespace girder::vm
