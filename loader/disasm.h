// Text listing of a module for `girder dis`: one instruction per line,
// operands printed from their kinds (opcodes.def), never per opcode.
//
//   function len/1:
//   L1:
//     line 3
//     func_info lists, len, 1
//   L2:
//     is_nonempty_list L3, x0
//     call_ext 1, erlang:length/1
//     select_val x0, L3, [1 => L4, foo => L5]
#pragma once

#include <string>

#include "loader/asm.h"

namespace girder::loader {

// Works on any AsmModule read_module accepts (out-of-range indexes are
// printed as such rather than trusted).
std::string disassemble(const AsmModule& m);

}  // namespace girder::loader
