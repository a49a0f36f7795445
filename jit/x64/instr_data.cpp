// Data: moves, register initialisation, list and tuple access and
// construction, closures (make_fun) and length/1. Constructors bump-allocate
// in the young block and step when it is full (the step allocates from a
// fragment or collects).
#include "jit/x64/emitter.h"
#include "vm/proc/process.h"

namespace girder::jit::x64 {

using namespace asmjit;

// --- moves ---

bool UnitCompiler::emit_move(std::size_t i) {
  const Word* I = instr(i);
  load(x86::rax, I[1]);
  store(I[2], x86::rax);
  return true;
}

bool UnitCompiler::emit_swap(std::size_t i) {
  const Word* I = instr(i);
  a_.mov(x86::rax, reg_mem(I[1]));
  a_.mov(x86::rcx, reg_mem(I[2]));
  a_.mov(reg_mem(I[1]), x86::rcx);
  a_.mov(reg_mem(I[2]), x86::rax);
  return true;
}

bool UnitCompiler::emit_init_x(std::size_t i) {
  a_.mov(x86::eax, static_cast<std::uint32_t>(vm::kNil.raw()));
  a_.mov(x86::qword_ptr(kRegX, static_cast<std::int32_t>(instr(i)[1] * 8)), x86::rax);
  return true;
}

bool UnitCompiler::emit_init_yregs(std::size_t i) {
  const Word* I = instr(i);
  a_.mov(x86::eax, static_cast<std::uint32_t>(vm::kNil.raw()));
  for (Word k = 0; k < I[1]; ++k) store(I[2 + k], x86::rax);
  return true;
}

// Words first.. of the fresh object at rax (untagged) = the values of the
// n source operands at `sources`. Clobbers rcx.
void UnitCompiler::fill_words(const Word* sources, Word n, Word first) {
  for (Word k = 0; k < n; ++k) {
    load(x86::rcx, sources[k]);
    a_.mov(x86::qword_ptr(x86::rax, static_cast<std::int32_t>(8 * (first + k))), x86::rcx);
  }
}

// --- lists and tuples ---

bool UnitCompiler::emit_get_list(std::size_t i) {
  const Word* I = instr(i);
  load(x86::rax, I[1]);
  a_.mov(x86::rcx, x86::qword_ptr(x86::rax, kConsHeadOffset));
  a_.mov(x86::rdx, x86::qword_ptr(x86::rax, kConsTailOffset));
  store(I[2], x86::rcx);
  store(I[3], x86::rdx);
  return true;
}

bool UnitCompiler::emit_get_hd_tl(std::size_t i) {
  const Word* I = instr(i);
  load(x86::rax, I[1]);
  a_.mov(x86::rcx, x86::qword_ptr(x86::rax, ops_[i] == Opcode::get_hd ? kConsHeadOffset : kConsTailOffset));
  store(I[2], x86::rcx);
  return true;
}

bool UnitCompiler::emit_get_tuple_element(std::size_t i) {
  const Word* I = instr(i);
  load(x86::rax, I[1]);
  a_.mov(x86::rcx, x86::qword_ptr(x86::rax, boxed_offset(1 + I[2])));
  store(I[3], x86::rcx);
  return true;
}

bool UnitCompiler::emit_put_list(std::size_t i) {
  const Word* I = instr(i);
  alloc(vm::kConsWords, slow(i));
  load(x86::rcx, I[1]);
  a_.mov(x86::qword_ptr(x86::rax), x86::rcx);
  load(x86::rcx, I[2]);
  a_.mov(x86::qword_ptr(x86::rax, 8), x86::rcx);
  a_.inc(x86::rax);  // LIST tag (kListTag == 1)
  store(I[3], x86::rax);
  return true;
}

bool UnitCompiler::emit_put_tuple(std::size_t i) {
  const Word* I = instr(i);
  Word n = I[2];
  alloc(1 + n, slow(i));
  a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::make_header(vm::BoxKind::Tuple, n))));
  a_.mov(x86::qword_ptr(x86::rax), x86::rcx);
  fill_words(I + 3, n, 1);
  a_.add(x86::rax, kBoxedTag);
  store(I[1], x86::rax);
  return true;
}

// --- funs ---

bool UnitCompiler::emit_make_fun(std::size_t i) {
  const Word* I = instr(i);
  // A closure: header, FunEntry, free variables (interp.cpp
  // op_make_fun); with no room in the young block, the step
  // allocates it from a fragment.
  Word num_free = I[3];
  alloc(vm::fun_object_words(num_free), slow(i));
  a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::make_header(vm::BoxKind::Fun, 1 + num_free))));
  a_.mov(x86::qword_ptr(x86::rax), x86::rcx);
  a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(I[1])));
  a_.mov(x86::qword_ptr(x86::rax, 8), x86::rcx);
  fill_words(I + 4, num_free, 2);
  a_.add(x86::rax, kBoxedTag);
  store(I[2], x86::rax);
  return true;
}

// --- length/1 ---

bool UnitCompiler::emit_length(std::size_t i) {
  const Word* I = instr(i);
  // Count a proper list of up to kJobSliceUnits cells inline. A longer
  // or improper list, or a resumption after a yield in the middle of
  // one, is the step's (interp.cpp op_length).
  Label s = slow(i);
  Label top = a_.newLabel(), end = a_.newLabel();
  a_.cmp(x86::byte_ptr(kRegP, L_.resume_length), 0);
  a_.jne(s);
  load(x86::rax, I[3]);
  a_.xor_(x86::ecx, x86::ecx);
  a_.bind(top);
  cmp_low_bits(x86::rax, kPrimaryTagMask, kListTag);  // a cons cell
  a_.jne(end);
  a_.mov(x86::rax, x86::qword_ptr(x86::rax, kConsTailOffset));
  a_.inc(x86::rcx);
  a_.cmp(x86::rcx, static_cast<int>(vm::kJobSliceUnits));
  a_.jae(s);
  a_.jmp(top);
  a_.bind(end);
  a_.cmp(x86::rax, kNilWord);
  if (I[1] != 0) {
    const Label* fail = target(I[1]);
    if (fail == nullptr) return false;
    a_.jne(*fail);
  } else {
    a_.jne(s);  // badarg, raised by the step
  }
  a_.mov(x86::rax, x86::rcx);
  a_.shr(x86::rax, vm::kLengthCellsPerReductionLog2);  // as the step charges
  a_.sub(kRegReds, x86::rax);
  a_.shl(x86::rcx, kSmallShift);
  a_.or_(x86::rcx, kSmallTag);
  store(I[4], x86::rcx);
  return true;
}

}  // namespace girder::jit::x64
