// Binary matching: the bs_* matching instructions as direct calls of
// binary.h's functions (which neither collect nor raise: a failed match goes
// to the fail label, and no frame state needs saving). A size in a register,
// rather than a literal, goes to the step. Construction (bs_create_bin) is
// the step's.
#include "jit/x64/emitter.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"

namespace girder::jit::x64 {

using namespace asmjit;

bool UnitCompiler::emit_bs(std::size_t i) {
  const Word* I = instr(i);
  Opcode opc = ops_[i];
  auto literal_size = [&](Word w, Word unit, Word& bits) {
    if (vm::operand_is_register(w)) return false;
    vm::Term t = vm::Term::from_raw(w);
    if (!t.is_small() || t.small_value() < 0) return false;
    bits = static_cast<Word>(t.small_value()) * unit;
    return true;
  };
  auto is_all = [](Word w) { return !vm::operand_is_register(w) && vm::Term::from_raw(w) == vm::atoms::all; };
  auto call = [&](auto fn) { a_.call(Imm(reinterpret_cast<std::int64_t>(fn))); };
  const Label* fail = nullptr;
  if (opc != Opcode::bs_get_tail && opc != Opcode::bs_position && opc != Opcode::bs_set_position) {
    fail = target(I[1]);
    if (fail == nullptr) return false;
  }
  Word bits = 0;
  switch (opc) {
    case Opcode::bs_start_match: {
      Term (*fn)(vm::Process&, vm::Term) = vm::bs_start_match;
      a_.mov(x86::rdi, kRegP);
      load(x86::rsi, I[2]);
      call(fn);
      a_.test(x86::rax, x86::rax);
      a_.jz(*fail);
      store(I[3], x86::rax);
      return true;
    }
    case Opcode::bs_get_integer:
    case Opcode::bs_get_float: {
      bool integer = opc == Opcode::bs_get_integer;
      Word unit = integer ? I[5] : I[4], flags = integer ? I[6] : I[5], dst = integer ? I[7] : I[6];
      if (!literal_size(I[3], unit, bits)) {
        emit_step_site(i);
        return true;
      }
      Term (*fn)(vm::Process&, vm::Term, Word, Word) = integer ? vm::bs_get_integer : vm::bs_get_float;
      a_.mov(x86::rdi, kRegP);
      load(x86::rsi, I[2]);
      a_.mov(x86::rdx, Imm(static_cast<std::int64_t>(bits)));
      a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(flags)));
      call(fn);
      a_.test(x86::rax, x86::rax);
      a_.jz(*fail);
      store(dst, x86::rax);
      return true;
    }
    case Opcode::bs_get_binary: {
      a_.mov(x86::rdi, kRegP);
      load(x86::rsi, I[2]);
      if (is_all(I[3])) {
        a_.mov(x86::rdx, Imm(static_cast<std::int64_t>(I[4])));
        call(&bs_get_rest);
      } else if (literal_size(I[3], I[4], bits)) {
        Term (*fn)(vm::Process&, vm::Term, Word) = vm::bs_get_binary;
        a_.mov(x86::rdx, Imm(static_cast<std::int64_t>(bits)));
        call(fn);
      } else {
        emit_step_site(i);
        return true;
      }
      a_.test(x86::rax, x86::rax);
      a_.jz(*fail);
      store(I[6], x86::rax);
      return true;
    }
    case Opcode::bs_get_utf8:
    case Opcode::bs_get_utf16:
    case Opcode::bs_get_utf32: {
      a_.mov(x86::rdi, kRegP);
      load(x86::rsi, I[2]);
      if (opc == Opcode::bs_get_utf8) {
        Term (*fn)(vm::Process&, vm::Term) = vm::bs_get_utf8;
        call(fn);
      } else {
        Term (*fn)(vm::Process&, vm::Term, Word) = opc == Opcode::bs_get_utf16 ? vm::bs_get_utf16 : vm::bs_get_utf32;
        a_.mov(x86::rdx, Imm(static_cast<std::int64_t>(I[3])));
        call(fn);
      }
      a_.test(x86::rax, x86::rax);
      a_.jz(*fail);
      store(opc == Opcode::bs_get_utf8 ? I[3] : I[4], x86::rax);
      return true;
    }
    case Opcode::bs_skip_bits: {
      load(x86::rdi, I[2]);
      if (is_all(I[3])) {
        a_.mov(x86::rsi, Imm(static_cast<std::int64_t>(I[4])));
        call(&bs_skip_rest);
      } else if (literal_size(I[3], I[4], bits)) {
        bool (*fn)(vm::Term, Word) = vm::bs_skip_bits;
        a_.mov(x86::rsi, Imm(static_cast<std::int64_t>(bits)));
        call(fn);
      } else {
        emit_step_site(i);
        return true;
      }
      a_.test(x86::al, x86::al);
      a_.jz(*fail);
      return true;
    }
    case Opcode::bs_test_tail: {
      Word (*fn)(vm::Term) = vm::bs_remaining;
      load(x86::rdi, I[2]);
      call(fn);
      a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(I[3])));
      a_.cmp(x86::rax, x86::rcx);
      a_.jne(*fail);
      return true;
    }
    case Opcode::bs_test_unit:
      load(x86::rdi, I[2]);
      a_.mov(x86::rsi, Imm(static_cast<std::int64_t>(I[3])));
      call(&bs_remaining_is_multiple);
      a_.test(x86::al, x86::al);
      a_.jz(*fail);
      return true;
    case Opcode::bs_match_string: {
      bool (*fn)(vm::Term, vm::Term) = vm::bs_match_string;
      load(x86::rdi, I[2]);
      a_.mov(x86::rsi, Imm(static_cast<std::int64_t>(I[3])));
      call(fn);
      a_.test(x86::al, x86::al);
      a_.jz(*fail);
      return true;
    }
    case Opcode::bs_get_tail: {
      Term (*fn)(vm::Process&, vm::Term) = vm::bs_get_tail;
      a_.mov(x86::rdi, kRegP);
      load(x86::rsi, I[1]);
      call(fn);
      store(I[2], x86::rax);
      return true;
    }
    case Opcode::bs_position:
      load(x86::rdi, I[1]);
      call(&bs_position_term);
      store(I[2], x86::rax);
      return true;
    case Opcode::bs_set_position:
      load(x86::rdi, I[1]);
      load(x86::rsi, I[2]);
      call(&bs_set_position_term);
      return true;
    default:
      return false;
  }
}

}  // namespace girder::jit::x64
