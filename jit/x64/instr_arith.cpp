// Arithmetic: add/sub/mul on smalls inline (floats, and a float with a small,
// in cold code), band/bor/bxor/div/rem on smalls, and the double conversion
// and boxing the float paths (and bif2 erlang:'/'/2) share. Anything else,
// overflow included, steps: the interpreter makes bignums and raises.
#include "jit/x64/emitter.h"

namespace girder::jit::x64 {

using namespace asmjit;

// xmm = the number in `r` (a small or a float), else go to `slow`.
// Clobbers rdx.
void UnitCompiler::to_double(const x86::Gp& r, const x86::Xmm& xmm, const Label& slow) {
  Label not_small = a_.newLabel(), done = a_.newLabel();
  cmp_low_bits(r, kImmed1TagMask, kSmallTag);
  a_.jne(not_small);
  a_.mov(x86::rdx, r);
  a_.sar(x86::rdx, kSmallShift);
  a_.cvtsi2sd(xmm, x86::rdx);
  a_.jmp(done);
  a_.bind(not_small);
  require_boxed_float(r, slow);
  a_.movsd(xmm, x86::qword_ptr(r, boxed_offset(1)));
  a_.bind(done);
}

// Box xmm0 as a float into `dst`; a non-finite value (badarith) or a full
// heap goes to `slow`. Clobbers rax, rdx.
void UnitCompiler::box_double(Word dst, const Label& slow) {
  a_.movq(x86::rdx, x86::xmm0);
  a_.shr(x86::rdx, kDoubleExponentShift);
  a_.and_(x86::edx, kDoubleExponentMask);
  a_.cmp(x86::edx, kDoubleExponentMask);
  a_.je(slow);
  alloc(vm::kFloatWords, slow);
  a_.mov(x86::qword_ptr(x86::rax), kFloatHeader);
  a_.movsd(x86::qword_ptr(x86::rax, 8), x86::xmm0);
  a_.add(x86::rax, kBoxedTag);
  store(dst, x86::rax);
}

bool UnitCompiler::emit_arith(std::size_t i) {
  const Word* I = instr(i);
  Word wa = I[2], wb = I[3], dst = I[4];
  Opcode opc = ops_[i];
  bool float_ok = opc == Opcode::add || opc == Opcode::sub || opc == Opcode::mul;
  auto number_literal = [&](Word w) { return !is_literal(w) || is_small_literal(w) || (float_ok && is_float_literal(w)); };
  if (!number_literal(wa) || !number_literal(wb)) {
    emit_step_site(i);  // a non-number literal operand: the generic path (badarith)
    return true;
  }
  Label s = slow(i);
  load(x86::rax, wa);
  load(x86::rcx, wb);
  if (float_ok) {
    // Floats (or a float and a small) in cold code; rax, rcx hold a, b.
    Label floats = a_.newLabel();
    Label next = next_or(i, s);
    if (is_float_literal(wa) || is_float_literal(wb)) {
      a_.jmp(floats);
    } else {
      require_smalls(wa, wb, floats);
    }
    cold_.push_back([this, opc, floats, s, dst, next] {
      a_.bind(floats);
      to_double(x86::rax, x86::xmm0, s);
      to_double(x86::rcx, x86::xmm1, s);
      if (opc == Opcode::add) a_.addsd(x86::xmm0, x86::xmm1);
      if (opc == Opcode::sub) a_.subsd(x86::xmm0, x86::xmm1);
      if (opc == Opcode::mul) a_.mulsd(x86::xmm0, x86::xmm1);
      box_double(dst, s);
      a_.jmp(next);
    });
  } else {
    require_smalls(wa, wb, s);
  }
  switch (ops_[i]) {
    case Opcode::add:  // (a - tag) + b keeps b's tag; overflow iff the sum leaves the small range
      a_.sub(x86::rax, kSmallTag);
      a_.add(x86::rax, x86::rcx);
      a_.jo(s);
      break;
    case Opcode::sub:
      a_.sub(x86::rax, x86::rcx);
      a_.jo(s);
      a_.or_(x86::rax, kSmallTag);
      break;
    case Opcode::mul:
      a_.sub(x86::rax, kSmallTag);
      a_.sar(x86::rcx, kSmallShift);
      a_.imul(x86::rax, x86::rcx);
      a_.jo(s);
      a_.or_(x86::rax, kSmallTag);
      break;
    case Opcode::band:
      a_.and_(x86::rax, x86::rcx);
      break;
    case Opcode::bor:
      a_.or_(x86::rax, x86::rcx);
      break;
    case Opcode::bxor:
      a_.xor_(x86::rax, x86::rcx);
      a_.or_(x86::rax, kSmallTag);
      break;
    case Opcode::int_div:
    case Opcode::int_rem:
      // Zero (badarith) and -1 (the one overflow) take the generic path.
      a_.sar(x86::rax, kSmallShift);
      a_.sar(x86::rcx, kSmallShift);
      a_.lea(x86::rdx, x86::qword_ptr(x86::rcx, 1));
      a_.cmp(x86::rdx, 1);
      a_.jbe(s);  // rcx + 1 is 0 or 1
      a_.cqo();
      a_.idiv(x86::rcx);
      if (ops_[i] == Opcode::int_rem) a_.mov(x86::rax, x86::rdx);
      a_.shl(x86::rax, kSmallShift);
      a_.or_(x86::rax, kSmallTag);
      break;
    default:
      break;
  }
  store(dst, x86::rax);
  return true;
}

}  // namespace girder::jit::x64
