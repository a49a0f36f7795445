// Calls, returns, frames and exception frames: allocate/deallocate,
// test_heap, call*, call_ext*, call_fun*, return, jump, the BIF calls
// (bif0..bif3, call_bif, call_ext of a BIF-implemented function) and the
// try/catch bookkeeping. A fast path here that leaves to the step does so
// before it touches CP, E or the reductions (call_last checks the reductions
// before it pops the frame; allocate checks the stack before it pushes).
#include "jit/x64/emitter.h"
#include "vm/term/atom.h"

namespace girder::jit::x64 {

using namespace asmjit;

// Charge the call's reduction, or step the call when the slice is over.
void UnitCompiler::charge_call(const Label& slow) {
  a_.cmp(kRegReds, 1);
  a_.jle(slow);
  a_.dec(kRegReds);
}

// Pop a frame of `y_count` Y registers: CP comes back from E[0].
void UnitCompiler::pop_frame(Word y_count) {
  a_.mov(kRegCP, x86::qword_ptr(kRegE));
  a_.add(kRegE, static_cast<std::int32_t>((y_count + 1) * 8));
}

// Return to CP (the caller's frame is current again).
void UnitCompiler::return_to_cp() {
  a_.mov(x86::rax, kRegCP);
  a_.mov(kRegCP.r32(), static_cast<std::uint32_t>(kInFrameMarker));
  a_.jmp(x86::qword_ptr(x86::rax));
}

// --- frames ---

bool UnitCompiler::emit_allocate(std::size_t i) {
  const Word* I = instr(i);
  auto bytes = static_cast<std::int32_t>((I[1] + 1) * 8);
  Label s = slow(i);
  a_.mov(x86::rax, kRegE);
  a_.sub(x86::rax, x86::qword_ptr(kRegP, L_.stack_lo));
  a_.cmp(x86::rax, bytes);
  a_.jb(s);
  a_.sub(kRegE, bytes);
  a_.mov(x86::qword_ptr(kRegE), kRegCP);
  a_.mov(kRegCP.r32(), static_cast<std::uint32_t>(kInFrameMarker));
  if (I[1] > 0) {
    a_.xor_(x86::eax, x86::eax);  // kNonValue
    for (Word k = 1; k <= I[1]; ++k) a_.mov(x86::qword_ptr(kRegE, static_cast<std::int32_t>(k * 8)), x86::rax);
  }
  return true;
}

bool UnitCompiler::emit_deallocate(std::size_t i) {
  pop_frame(instr(i)[1]);
  return true;
}

bool UnitCompiler::emit_test_heap(std::size_t i) {
#ifdef GIRDER_GC_TORTURE
  emit_step_site(i);
#else
  Label s = slow(i);
  a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.hlimit));
  a_.sub(x86::rax, x86::qword_ptr(kRegP, L_.htop));
  a_.cmp(x86::rax, static_cast<std::int32_t>(instr(i)[1] * 8));
  a_.jb(s);
#endif
  return true;
}

// --- calls and returns ---

bool UnitCompiler::emit_call(std::size_t i) {
  const Word* I = instr(i);
  const Label* t = target(I[2]);
  if (t == nullptr) return false;
  charge_call(slow(i));
  if (ops_[i] == Opcode::call) {
    a_.mov(kRegCP, Imm(reinterpret_cast<std::int64_t>(I + 3)));
  } else if (ops_[i] == Opcode::call_last) {
    pop_frame(I[3]);
  }
  a_.jmp(*t);
  return true;
}

bool UnitCompiler::emit_call_ext(std::size_t i) {
  const Word* I = instr(i);
  // Undefined functions and failing BIFs go through the interpreter.
  Label s = slow(i);
  Label bif = a_.newLabel();
  a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(I[2])));
  a_.mov(x86::rax, x86::qword_ptr(x86::rcx, L_.ep_bif_fn));
  a_.test(x86::rax, x86::rax);
  a_.jnz(bif);
  cold_.push_back([this, i, bif, s] { emit_export_bif_call(i, bif, s); });
  // The address for the active code index (code.h): slots[index].
  a_.mov(x86::rax, Imm(reinterpret_cast<std::int64_t>(L_.code_index)));
  a_.mov(x86::eax, x86::dword_ptr(x86::rax));
  a_.mov(x86::rax, x86::qword_ptr(x86::rcx, x86::rax, 3, L_.ep_slots));
  a_.test(x86::rax, x86::rax);
  a_.jz(s);
  charge_call(s);
  if (ops_[i] == Opcode::call_ext) {
    a_.mov(kRegCP, Imm(reinterpret_cast<std::int64_t>(I + 3)));
  } else if (ops_[i] == Opcode::call_ext_last) {
    pop_frame(I[3]);
  }
  a_.jmp(x86::qword_ptr(x86::rax));
  return true;
}

// call_ext* of a function a BIF implements (cold code; rax = the BIF, rcx
// = the export entry). The BIF runs in the caller's frame; a failure steps
// the whole instruction, which calls it again to raise.
void UnitCompiler::emit_export_bif_call(std::size_t i, Label entry, Label s) {  // copies: bif_failed grows cold_
  const Word* I = instr(i);
  Opcode opc = ops_[i];
  a_.bind(entry);
  // A return to "no continuation" ends the process: leave that to the step.
  if (opc == Opcode::call_ext_only) {
    a_.test(kRegCP, kRegCP);
    a_.jz(s);
  } else if (opc == Opcode::call_ext_last) {
    a_.cmp(x86::qword_ptr(kRegE), 0);
    a_.je(s);
  }
  a_.mov(x86::r8, x86::rax);
  save_state(I);
  a_.mov(x86::rdi, kRegP);
  a_.mov(x86::rsi, kRegX);
  a_.call(x86::r8);
  a_.test(x86::rax, x86::rax);
  a_.jz(bif_failed(s));
  a_.mov(x86::qword_ptr(kRegX), x86::rax);
  a_.dec(kRegReds);
  take_charge();
  if (opc == Opcode::call_ext) {
    if (i + 1 < starts_.size()) {
      a_.jmp(labels_[i + 1]);
    } else {
      a_.mov(x86::rax, Imm(reinterpret_cast<std::int64_t>(I + 3)));
      a_.jmp(x86::qword_ptr(x86::rax));
    }
    return;
  }
  if (opc == Opcode::call_ext_last) pop_frame(I[3]);
  return_to_cp();
}

bool UnitCompiler::emit_call_fun(std::size_t i) {
  const Word* I = instr(i);
  // A closure taking this many arguments: its free variables go after
  // the arguments, then a jump to its code (as interp.cpp
  // do_call_fun_body). Export funs, anything else (badfun, badarity)
  // and the end of the slice go to the step.
  Label s = slow(i);
  Word arity = I[1];
  a_.mov(x86::rax, x86::qword_ptr(kRegX, static_cast<std::int32_t>(arity * 8)));
  require_box_kind(vm::BoxKind::Fun, s);  // the header stays in rdx
  a_.mov(x86::rcx, x86::qword_ptr(x86::rax, boxed_offset(1)));  // the FunEntry
  a_.cmp(x86::dword_ptr(x86::rcx, L_.fe_arity), static_cast<int>(arity));
  a_.jne(s);
  // A purged version's fun (address null): the step resolves it.
  a_.cmp(x86::qword_ptr(x86::rcx, L_.fe_address), 0);
  a_.je(s);
  charge_call(s);
  // Nothing has changed so far; now copy the free variables.
  Label copy = a_.newLabel(), copied = a_.newLabel();
  a_.shr(x86::rdx, kHeaderArityShift);
  a_.dec(x86::rdx);  // free variables: the object's arity minus the FunEntry word
  a_.lea(x86::r8, x86::qword_ptr(x86::rax, boxed_offset(2)));  // the first one
  a_.lea(x86::r9, x86::qword_ptr(kRegX, static_cast<std::int32_t>(arity * 8)));
  a_.bind(copy);
  a_.test(x86::rdx, x86::rdx);
  a_.jz(copied);
  a_.mov(x86::r10, x86::qword_ptr(x86::r8));
  a_.mov(x86::qword_ptr(x86::r9), x86::r10);
  a_.add(x86::r8, 8);
  a_.add(x86::r9, 8);
  a_.dec(x86::rdx);
  a_.jmp(copy);
  a_.bind(copied);
  if (ops_[i] == Opcode::call_fun) {
    a_.mov(kRegCP, Imm(reinterpret_cast<std::int64_t>(I + 2)));
  } else if (ops_[i] == Opcode::call_fun_last) {
    pop_frame(I[2]);
  }
  a_.mov(x86::rax, x86::qword_ptr(x86::rcx, L_.fe_address));
  a_.jmp(x86::qword_ptr(x86::rax));
  return true;
}

bool UnitCompiler::emit_return(std::size_t i) {
  a_.test(kRegCP, kRegCP);
  a_.jz(slow(i));  // the process's last return
  return_to_cp();
  return true;
}

bool UnitCompiler::emit_jump(std::size_t i) {
  const Label* t = target(instr(i)[1]);
  if (t == nullptr) return false;
  a_.jmp(*t);
  return true;
}

// --- BIF calls ---

// Where a call_ext/call_bif goes when the BIF it called returned
// kNonValue (an error, or a trap to continue a long job): cold code that
// tells the interpreter the BIF has run (Process::take_bif_outcome_pending)
// and steps the instruction, which raises or follows the trap.
Label UnitCompiler::bif_failed(const Label& step) {
  Label l = a_.newLabel();
  cold_.push_back([this, l, step] {
    a_.bind(l);
    a_.mov(x86::byte_ptr(kRegP, L_.bif_outcome_pending), 1);
    a_.jmp(step);
  });
  return l;
}

bool UnitCompiler::emit_call_bif(std::size_t i) {
  const Word* I = instr(i);
  Label s = slow(i);
  save_state(I);
  a_.mov(x86::rdi, kRegP);
  a_.mov(x86::rsi, kRegX);
  a_.call(Imm(static_cast<std::int64_t>(I[2])));
  a_.test(x86::rax, x86::rax);
  a_.jz(bif_failed(s));
  a_.mov(x86::qword_ptr(kRegX), x86::rax);
  take_charge();
  return true;
}

// bif0..bif3: arguments into MachineState::bif_args, a direct call; a
// failure goes to the fail label, or to the step (which calls the BIF again
// to raise: BIFs check their arguments before they change anything).
bool UnitCompiler::emit_bif(std::size_t i) {
  const Word* I = instr(i);
  Opcode opc = ops_[i];
  if (opc == Opcode::bif0) {
    save_state(I);
    a_.mov(x86::rdi, kRegP);
    a_.lea(x86::rsi, x86::qword_ptr(kRegMS, L_.ms_bif_args));
    a_.call(Imm(static_cast<std::int64_t>(I[1])));
    a_.test(x86::rax, x86::rax);
    a_.jz(slow(i));
    store(I[2], x86::rax);
    return true;
  }
  int arity = opc == Opcode::bif1 ? 1 : opc == Opcode::bif2 ? 2 : 3;
  auto fn = reinterpret_cast<vm::BifFn>(I[2]);
  Word dst = I[3 + arity];
  const Label* fail = I[1] != 0 ? target(I[1]) : nullptr;
  if (I[1] != 0 && fail == nullptr) return false;
  Label s = slow(i);
  const Label& on_error = fail != nullptr ? *fail : s;
  for (const InlineBifs::Comparison& c : bifs_.comparisons) {
    if (fn != c.fn || arity != 2) continue;
    // Two smalls: compare the tagged words (same order); else the BIF.
    Label generic = a_.newLabel(), next = a_.newLabel(), yes = a_.newLabel();
    load(x86::rax, I[3]);
    load(x86::rcx, I[4]);
    cmp_low_bits_of_both(kImmed1TagMask, kSmallTag);
    a_.jne(generic);
    a_.cmp(x86::rax, x86::rcx);
    a_.j(c.when_true, yes);
    a_.mov(x86::rax, Imm(static_cast<std::int64_t>(vm::kFalse.raw())));
    store(dst, x86::rax);
    a_.jmp(next);
    a_.bind(yes);
    a_.mov(x86::rax, Imm(static_cast<std::int64_t>(vm::kTrue.raw())));
    store(dst, x86::rax);
    a_.jmp(next);
    a_.bind(generic);
    emit_bif_call(I, fn, arity, dst, on_error);
    a_.bind(next);
    return true;
  }
  if (fn == bifs_.fdiv && bifs_.fdiv != nullptr) {
    // Float division: numbers in, a finite float out; else the BIF decides.
    Label generic = a_.newLabel(), next = a_.newLabel();
    load(x86::rax, I[3]);
    load(x86::rcx, I[4]);
    to_double(x86::rax, x86::xmm0, generic);
    to_double(x86::rcx, x86::xmm1, generic);
    a_.xorpd(x86::xmm2, x86::xmm2);
    a_.ucomisd(x86::xmm1, x86::xmm2);
    a_.je(generic);  // division by zero: badarith
    a_.divsd(x86::xmm0, x86::xmm1);
    box_double(dst, generic);
    a_.jmp(next);
    a_.bind(generic);
    emit_bif_call(I, fn, arity, dst, on_error);
    a_.bind(next);
    return true;
  }
  emit_bif_call(I, fn, arity, dst, on_error);
  return true;
}

void UnitCompiler::emit_bif_call(const Word* I, vm::BifFn fn, int arity, Word dst, const Label& on_error) {
  for (int k = 0; k < arity; ++k) {
    load(x86::rax, I[3 + k]);
    a_.mov(x86::qword_ptr(kRegMS, L_.ms_bif_args + 8 * k), x86::rax);
  }
  save_state(I);
  a_.mov(x86::rdi, kRegP);
  a_.lea(x86::rsi, x86::qword_ptr(kRegMS, L_.ms_bif_args));
  a_.call(Imm(reinterpret_cast<std::int64_t>(fn)));
  a_.test(x86::rax, x86::rax);
  a_.jz(on_error);
  store(dst, x86::rax);
}

// --- exception frames ---

bool UnitCompiler::emit_try(std::size_t i) {
  const Word* I = instr(i);
  Word y = vm::operand_register_index(I[1]);
  store_imm(I[1], Term::catch_label((I[2] << kCatchSlotYBits) | y).raw());
  return true;
}

bool UnitCompiler::emit_try_end(std::size_t i) {
  store_imm(instr(i)[1], vm::kNil.raw());
  return true;
}

bool UnitCompiler::emit_try_case(std::size_t i) {
  store_imm(instr(i)[1], vm::kNil.raw());
  for (int k = 0; k < 3; ++k) {
    a_.mov(x86::rax, x86::qword_ptr(kRegX, (k + 1) * 8));
    a_.mov(x86::qword_ptr(kRegX, k * 8), x86::rax);
  }
  return true;
}

bool UnitCompiler::emit_catch_end(std::size_t i) {
  // A caught exception (x0 = non-value) is converted by the step.
  a_.cmp(x86::qword_ptr(kRegX), kNonValueWord);
  a_.je(slow(i));
  store_imm(instr(i)[1], vm::kNil.raw());
  return true;
}

}  // namespace girder::jit::x64
