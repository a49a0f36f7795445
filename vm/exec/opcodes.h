// The opcode enum and per-opcode facts, derived from opcodes.def.
//
// A property shared by a group of opcodes (a call, a terminator, a fail
// label that may be 0, a live count, a frame drop) is a flag in the table
// and a predicate below, so that the compiler and the verifier do not keep
// lists of opcodes in step by hand.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace girder::vm {

// The flags column of opcodes.def: an OR of the bits below (0 for none).
// They are defined before the table is included so that its third column
// can name them.
using OpFlags = std::uint32_t;

// A call into a function (local, external, apply, fun or BIF through
// call_bif): it charges one reduction when it enters Erlang code, and after
// it returns only x0 holds a value. Tail calls are calls and terminators.
inline constexpr OpFlags kCall = 1u << 0;
// Control never reaches the next instruction: return, jump, a tail call, a
// raise, a select, wait, loop_rec_end.
inline constexpr OpFlags kTerminator = 1u << 1;
// The first operand is a fail label ('l') that may be 0: the instruction
// raises the error instead of branching. Elsewhere label 0 is refused.
inline constexpr OpFlags kOptionalFail = 1u << 2;
// The last operand is a 'u' count of frame slots the instruction drops
// (deallocate and the _last tail calls).
inline constexpr OpFlags kFrameDrop = 1u << 3;
// Operand `index` ('u') counts the live X registers x0..x(live-1) that must
// survive a garbage collection. Stored as index + 1 in 4 bits, 0 meaning none.
inline constexpr int kLiveShift = 4;
inline constexpr OpFlags kLiveMask = 0xfu << kLiveShift;
consteval OpFlags kLive(int index) {
  if (index < 0 || index >= 15) throw "kLive: operand index out of range";  // a compile error
  return static_cast<OpFlags>(index + 1) << kLiveShift;
}

enum class Opcode : std::uint8_t {
#define GIRDER_OP(name, operands, flags) name,
#include "vm/exec/opcodes.def"
#undef GIRDER_OP
};

inline constexpr int kOpcodeCount = 0
#define GIRDER_OP(name, operands, flags) +1
#include "vm/exec/opcodes.def"
#undef GIRDER_OP
    ;

struct OpcodeInfo {
  std::string_view name;      // without a trailing underscore (return_ -> return)
  std::string_view operands;  // operand kind letters, see opcodes.def
  OpFlags flags;              // kCall, kTerminator, ... above
};

inline constexpr OpcodeInfo kOpcodeInfo[] = {
#define GIRDER_OP(name, operands, flags) \
  {std::string_view(#name).ends_with('_') ? std::string_view(#name).substr(0, sizeof(#name) - 2) : std::string_view(#name), operands, flags},
#include "vm/exec/opcodes.def"
#undef GIRDER_OP
};
static_assert(std::size(kOpcodeInfo) == kOpcodeCount);

constexpr const OpcodeInfo& opcode_info(Opcode op) { return kOpcodeInfo[static_cast<int>(op)]; }

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

// The tail forms of a call instruction. Every call family is declared in
// opcodes.def as the body call, then `_last` (drops the frame, one more
// operand) and `_only` (no frame), in that order.
inline constexpr Opcode call_last_form(Opcode op) { return static_cast<Opcode>(static_cast<int>(op) + 1); }
inline constexpr Opcode call_only_form(Opcode op) { return static_cast<Opcode>(static_cast<int>(op) + 2); }
#define GIRDER_CALL_FAMILY(base)                                                                            \
  static_assert(call_last_form(Opcode::base) == Opcode::base##_last && call_only_form(Opcode::base) == \
                Opcode::base##_only)
GIRDER_CALL_FAMILY(call);
GIRDER_CALL_FAMILY(call_ext);
GIRDER_CALL_FAMILY(apply);
GIRDER_CALL_FAMILY(call_fun);
GIRDER_CALL_FAMILY(apply_list);
GIRDER_CALL_FAMILY(apply_fun_list);
#undef GIRDER_CALL_FAMILY

// A catch slot (try_, catch_) holds Term::catch_label((handler address <<
// kCatchSlotYBits) | y): the unwinder finds the tag on the stack and
// recovers the frame from y, so y < kMaxCatchSlot (the verifier checks).
inline constexpr int kCatchSlotYBits = 10;
inline constexpr std::uint64_t kMaxCatchSlot = std::uint64_t{1} << kCatchSlotYBits;

// length/1 charges one reduction per 2^kLengthCellsPerReductionLog2 cells it
// counts (interpreter and native code alike).
inline constexpr int kLengthCellsPerReductionLog2 = 3;

// Pseudo-instructions exist only in module files.
// (func_info is real: a jump to it raises function_clause.)
inline constexpr bool is_pseudo(Opcode op) { return op == Opcode::label || op == Opcode::line; }

// --- facts derived from the flags column ---

constexpr bool is_call(Opcode op) { return (opcode_info(op).flags & kCall) != 0; }
// Replaces a list of "unconditional transfers": a function must end with one
// (or with a call that never returns, which the verifier checks by import).
constexpr bool is_terminator(Opcode op) { return (opcode_info(op).flags & kTerminator) != 0; }
// A call that returns to the next instruction (not a tail call).
constexpr bool is_returning_call(Opcode op) { return is_call(op) && !is_terminator(op); }
constexpr bool allows_no_label(Opcode op) { return (opcode_info(op).flags & kOptionalFail) != 0; }
constexpr bool drops_frame(Opcode op) { return (opcode_info(op).flags & kFrameDrop) != 0; }
// Index of the frame-drop operand (the last; all operands are scalars), or -1.
constexpr int frame_drop_operand_index(Opcode op) {
  return drops_frame(op) ? static_cast<int>(opcode_info(op).operands.size()) - 1 : -1;
}
// Index of the live-register count operand, or -1 if there is none.
constexpr int live_operand_index(Opcode op) {
  return static_cast<int>((opcode_info(op).flags & kLiveMask) >> kLiveShift) - 1;
}
// Does the call take its arity as its first operand? Calls through
// apply_list / apply_fun_list take it from the argument list at run time;
// their only 'u' operand, if any, is the frame drop.
constexpr bool has_arity_operand(Opcode op) {
  std::string_view k = opcode_info(op).operands;
  return is_call(op) && !k.empty() && k[0] == 'u' && !(drops_frame(op) && k.size() == 1);
}

// The flags name operands that exist and have the right kind: the fail label
// is a leading 'l'; the frame drop and live count are 'u' operands with only
// scalar kinds before them, so that a kind's index is its operand index.
constexpr bool flags_agree_with_operands() {
  auto scalars_only = [](std::string_view kinds) {
    for (char c : kinds) {
      if (is_list_kind(c)) return false;
    }
    return true;
  };
  for (int i = 0; i < kOpcodeCount; ++i) {
    auto op = static_cast<Opcode>(i);
    std::string_view k = opcode_info(op).operands;
    if (allows_no_label(op) && !k.starts_with('l')) return false;
    if (drops_frame(op) && !(k.ends_with('u') && scalars_only(k))) return false;
    int live = live_operand_index(op);
    if (live >= 0) {
      auto at = static_cast<std::size_t>(live);
      if (at >= k.size() || k[at] != 'u' || !scalars_only(k.substr(0, at))) return false;
    }
  }
  return true;
}
static_assert(flags_agree_with_operands(), "a flag in opcodes.def names a missing or wrong operand");

}  // namespace girder::vm
