// Out-of-line code native code calls: the C++ helpers (each does what the
// interpreter's handler does, minus the decoding), and the step trampoline
// (a step site per slow path and one step stub per unit, which runs an
// instruction through vm::step() and also holds the unit's exit).
#include <iterator>

#include "jit/x64/emitter.h"
#include "vm/exec/interp.h"
#include "vm/proc/mailbox.h"
#include "vm/proc/process.h"
#include "vm/proc/signals.h"
#include "vm/term/binary.h"

namespace girder::jit::x64 {

using namespace asmjit;
using vm::RunResult;

// --- binary matching ---
// For the direct calls of the bs_* instructions (the interpreter's handlers,
// op_bs_get_binary / op_bs_skip_bits, do the same with decoded operands).

Term bs_get_rest(vm::Process* p, Term ctx, Word unit) {
  Word bits = vm::bs_remaining(ctx);
  if (unit > 1 && bits % unit != 0) return vm::kNonValue;
  return vm::bs_get_binary(*p, ctx, bits);
}
bool bs_skip_rest(Term ctx, Word unit) {
  Word bits = vm::bs_remaining(ctx);
  if (unit > 1 && bits % unit != 0) return false;
  return vm::bs_skip_bits(ctx, bits);
}
bool bs_remaining_is_multiple(Term ctx, Word unit) { return vm::bs_remaining(ctx) % unit == 0; }
Term bs_position_term(Term ctx) { return Term::small(static_cast<vm::SWord>(vm::bs_get_position(ctx))); }
void bs_set_position_term(Term ctx, Term position) {
  vm::bs_set_position(ctx, static_cast<Word>(position.small_value()));
}

// --- the step ---

int step_helper(vm::Process* p, vm::MachineState* ms, int opcode) {
  return static_cast<int>(vm::step(*p, *ms, opcode));
}

// --- receive (what the interpreter's handlers do, without a trip through
// the step) ---

// loop_rec at the end of the queue: take in new signals (kRefill* says what
// came of it; on kRefillExited the slice is over: RunResult::Exited).
int loop_rec_refill(vm::Process* p, vm::MachineState* ms) {
  if (!vm::handle_signals(*p)) {
    p->add_reductions(static_cast<Word>(ms->slice - ms->reds));
    return kRefillExited;
  }
  return p->messages().save_at_end() ? kRefillNone : kRefillMessage;
}

// wait: suspend; the process resumes at `resume`.
int wait_helper(vm::Process* p, vm::MachineState* ms, const Word* resume) {
  p->exec().pc = resume;
  p->add_reductions(static_cast<Word>(ms->slice - ms->reds));
  return static_cast<int>(RunResult::Waiting);
}

void remove_message_helper(vm::Process* p) { vm::accept_current_message(*p); }

Term send_helper(vm::Process* p, Term* x) { return vm::send_message(*p, x[0], x[1]); }

// --- the step trampoline ---

// Run instruction i through vm::step() and continue where it says.
void UnitCompiler::emit_step_site(std::size_t i) {
  a_.mov(x86::rsi, Imm(reinterpret_cast<std::int64_t>(instr(i))));
  a_.mov(x86::edx, static_cast<int>(ops_[i]));
  a_.call(step_stub_);
  if (i + 1 < starts_.size()) {
    a_.mov(x86::rcx, Imm(reinterpret_cast<std::int64_t>(instr(i + 1))));
    a_.cmp(x86::rax, x86::rcx);
    a_.je(labels_[i + 1]);
  }
  a_.jmp(x86::qword_ptr(x86::rax));
}

// rsi = instruction address, edx = opcode. Returns the next bytecode
// address in rax with the pinned registers reloaded, or leaves native code
// with the step's result when the slice ends.
void UnitCompiler::emit_step_stub() {
  a_.bind(step_stub_);
  a_.mov(x86::qword_ptr(kRegP, L_.pc), x86::rsi);
  a_.mov(x86::qword_ptr(kRegP, L_.cp), kRegCP);
  a_.mov(x86::qword_ptr(kRegP, L_.e), kRegE);
  a_.mov(x86::dword_ptr(kRegMS, L_.ms_reds), kRegReds.r32());
  a_.mov(x86::rdi, kRegP);
  a_.mov(x86::rsi, kRegMS);
  a_.sub(x86::rsp, 8);  // the call into this stub left rsp 8 off alignment
  a_.call(Imm(reinterpret_cast<std::int64_t>(&step_helper)));
  a_.add(x86::rsp, 8);
  Label leave = a_.newLabel();
  a_.cmp(x86::eax, static_cast<int>(RunResult::Continue));
  a_.jne(leave);
  a_.mov(kRegE, x86::qword_ptr(kRegP, L_.e));
  a_.mov(kRegCP, x86::qword_ptr(kRegP, L_.cp));
  a_.movsxd(kRegReds, x86::dword_ptr(kRegMS, L_.ms_reds));
  a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.pc));
  a_.ret();
  a_.bind(leave);
  a_.add(x86::rsp, 8);  // drop the return address into the step site
  a_.bind(exit_);
  // Mirror of the entry trampoline's prologue (Jit::build_entry).
  a_.add(x86::rsp, 8);
  for (auto r = std::rbegin(kCalleeSaved); r != std::rend(kCalleeSaved); ++r) a_.pop(*r);
  a_.ret();
}

}  // namespace girder::jit::x64
