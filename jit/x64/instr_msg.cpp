// Messages: send, and the selective receive (loop_rec, loop_rec_end,
// remove_message, wait). The scan of the queue runs inline; taking in new
// signals, accepting a message and suspending call the helpers in
// helpers.cpp, which do what the interpreter's handlers do.
#include "jit/x64/emitter.h"
#include "vm/exec/interp.h"

namespace girder::jit::x64 {

using namespace asmjit;
using vm::RunResult;

bool UnitCompiler::emit_loop_rec(std::size_t i) {
  const Word* I = instr(i);
  // The message at the save point; at the end of the queue, take in
  // new signals (cold code), then the message or the wait.
  const Label* none = target(I[1]);
  if (none == nullptr) return false;
  Label refill = a_.newLabel(), have = a_.newLabel();
  a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.msg_save));
  a_.mov(x86::rax, x86::qword_ptr(x86::rax));
  a_.test(x86::rax, x86::rax);
  a_.jz(refill);
  a_.bind(have);
  a_.mov(x86::rax, x86::qword_ptr(x86::rax, L_.signal_message));
  store(I[2], x86::rax);
  cold_.push_back([this, I, none, refill, have] {
    a_.bind(refill);
    save_state(I);
    a_.mov(x86::dword_ptr(kRegMS, L_.ms_reds), kRegReds.r32());
    a_.mov(x86::rdi, kRegP);
    a_.mov(x86::rsi, kRegMS);
    a_.call(Imm(reinterpret_cast<std::int64_t>(&loop_rec_refill)));
    a_.cmp(x86::eax, kRefillMessage);
    a_.jb(*none);  // kRefillNone
    Label killed = a_.newLabel();
    a_.ja(killed);  // kRefillExited
    a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.msg_save));
    a_.mov(x86::rax, x86::qword_ptr(x86::rax));
    a_.jmp(have);
    a_.bind(killed);
    a_.mov(x86::eax, static_cast<int>(RunResult::Exited));
    a_.jmp(exit_);
  });
  return true;
}

bool UnitCompiler::emit_loop_rec_end(std::size_t i) {
  const Word* I = instr(i);
  // Advance past the current message and, if another is queued, do the
  // loop_rec at the target here (as the interpreter does).
  const Word* loop = reinterpret_cast<const Word*>(I[1]);
  const Label* loop_label = target(I[1]);
  const Label* after_loop = target(reinterpret_cast<Word>(loop + 3));
  if (loop_label == nullptr || after_loop == nullptr) return false;
  a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.msg_save));
  a_.mov(x86::rax, x86::qword_ptr(x86::rax));
  a_.mov(x86::qword_ptr(kRegP, L_.msg_save), x86::rax);
  a_.mov(x86::rax, x86::qword_ptr(x86::rax));
  a_.test(x86::rax, x86::rax);
  a_.jz(*loop_label);
  a_.mov(x86::rax, x86::qword_ptr(x86::rax, L_.signal_message));
  store(loop[2], x86::rax);
  a_.jmp(*after_loop);
  return true;
}

bool UnitCompiler::emit_remove_message(std::size_t i) {
  a_.mov(x86::rdi, kRegP);
  a_.call(Imm(reinterpret_cast<std::int64_t>(&remove_message_helper)));
  return true;
}

bool UnitCompiler::emit_send(std::size_t i) {
  save_state(instr(i));
  a_.mov(x86::rdi, kRegP);
  a_.mov(x86::rsi, kRegX);
  a_.call(Imm(reinterpret_cast<std::int64_t>(&send_helper)));
  a_.test(x86::rax, x86::rax);
  a_.jz(slow(i));  // badarg: nothing was sent; the step raises
  a_.mov(x86::qword_ptr(kRegX), x86::rax);
  return true;
}

bool UnitCompiler::emit_wait(std::size_t i) {
  a_.mov(x86::qword_ptr(kRegP, L_.cp), kRegCP);
  a_.mov(x86::qword_ptr(kRegP, L_.e), kRegE);
  a_.mov(x86::dword_ptr(kRegMS, L_.ms_reds), kRegReds.r32());
  a_.mov(x86::rdi, kRegP);
  a_.mov(x86::rsi, kRegMS);
  a_.mov(x86::rdx, Imm(static_cast<std::int64_t>(instr(i)[1])));
  a_.call(Imm(reinterpret_cast<std::int64_t>(&wait_helper)));
  a_.jmp(exit_);
  return true;
}

}  // namespace girder::jit::x64
