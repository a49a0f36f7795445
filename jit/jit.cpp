// The x86-64 JIT (see jit.h and docs/internals/jit.md).
//
// Register contract while native code runs (all callee-saved in the SysV
// ABI, so C++ helpers preserve them):
//   r12 = X register file (Term*)      r13 = E, the frame pointer (Term*)
//   r14 = Process*                     r15 = reductions left (signed)
//   rbx = CP, a bytecode address       rbp = MachineState*
// rsp stays where the entry trampoline left it (16-byte aligned), except
// inside the step stub. Native code keeps no other value across
// instructions: every instruction starts with nothing but the pinned
// registers live, so any instruction may be entered by `jmp [bytecode addr]`.
//
// Each instruction is emitted as its fast path; any case the fast path does
// not cover jumps to an out-of-line "step site" that runs the whole
// instruction through vm::step() and goes on where it says. A fast path
// therefore checks everything before it changes anything: the step must see
// the state exactly as the instruction found it.
#include "jit/jit.h"

#include <asmjit/x86.h>

#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <functional>
#include <iterator>
#include <string>
#include <unordered_map>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/bif/registry.h"
#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/exec/opcodes.h"
#include "vm/exec/operand.h"
#include "vm/heap/heap.h"
#include "vm/proc/mailbox.h"
#include "vm/proc/process.h"
#include "vm/proc/signals.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/vm.h"

namespace girder::jit {

namespace {

using namespace asmjit;
using vm::Opcode;
using vm::RunResult;
using vm::Term;
using vm::Word;

const x86::Gp kRegX = x86::r12;
const x86::Gp kRegE = x86::r13;
const x86::Gp kRegP = x86::r14;
const x86::Gp kRegReds = x86::r15;
const x86::Gp kRegCP = x86::rbx;
const x86::Gp kRegMS = x86::rbp;

// Saved by the entry trampoline in this order and restored in reverse by
// every unit's exit: one list, so prologue and epilogue cannot disagree.
// With the return address that is 7 words, so one more keeps rsp 16-aligned.
const x86::Gp kCalleeSaved[] = {x86::rbx, x86::rbp, x86::r12, x86::r13, x86::r14, x86::r15};

// The interpreter's marker for "CP is in the frame" (interp.cpp kInFrame).
constexpr Word kInFrameMarker = alignof(Word);

// Byte offsets the generated code uses.
struct Layout {
  std::int32_t pc, cp, e, stack_lo, htop, hlimit, charged, msg_save;  // from the Process
  std::int32_t bif_outcome_pending, resume_length;                  // from the Process
  std::int32_t ms_x, ms_reds, ms_bif_args;                   // from the MachineState
  std::int32_t ep_address, ep_bif_fn;                        // from an ExportEntry
  std::int32_t fe_arity, fe_address;                         // from a FunEntry
  std::int32_t signal_message;                               // from a Signal
};

// BIFs whose work the JIT inlines (found by function pointer).
struct InlineBifs {
  vm::BifFn fdiv = nullptr;  // erlang:'/'/2
  // Comparisons used as values (A < B outside a guard): small integers
  // compare inline, the condition code saying when the result is true.
  struct Comparison {
    vm::BifFn fn;
    x86::CondCode when_true;
  };
  std::vector<Comparison> comparisons;
};

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
Layout compute_layout() {
  vm::Process::NativeLayout pl = vm::Process::native_layout();
  auto i32 = [](std::size_t v) { return static_cast<std::int32_t>(v); };
  return Layout{i32(pl.pc),
                i32(pl.cp),
                i32(pl.e),
                i32(pl.stack_lo),
                i32(pl.heap + vm::Heap::top_offset()),
                i32(pl.heap + vm::Heap::limit_offset()),
                i32(pl.charged),
                i32(pl.messages + vm::MessageQueue::save_offset()),
                i32(pl.bif_outcome_pending),
                i32(pl.resume_length),
                i32(offsetof(vm::MachineState, x)),
                i32(offsetof(vm::MachineState, reds)),
                i32(offsetof(vm::MachineState, bif_args)),
                i32(offsetof(vm::ExportEntry, address)),
                i32(offsetof(vm::ExportEntry, bif_fn)),
                i32(offsetof(vm::FunEntry, arity)),
                i32(offsetof(vm::FunEntry, address)),
                i32(offsetof(vm::Signal, message))};
}
#pragma GCC diagnostic pop

// Binary matching with a size of `all` (the rest of the context, which must
// be a multiple of `unit`), for the direct calls of the bs_* instructions
// (the interpreter's handlers, op_bs_get_binary / op_bs_skip_bits, do the
// same with decoded operands).
vm::Term bs_get_rest(vm::Process* p, vm::Term ctx, Word unit) {
  Word bits = vm::bs_remaining(ctx);
  if (unit > 1 && bits % unit != 0) return vm::kNonValue;
  return vm::bs_get_binary(*p, ctx, bits);
}
bool bs_skip_rest(vm::Term ctx, Word unit) {
  Word bits = vm::bs_remaining(ctx);
  if (unit > 1 && bits % unit != 0) return false;
  return vm::bs_skip_bits(ctx, bits);
}
bool bs_remaining_is_multiple(vm::Term ctx, Word unit) { return vm::bs_remaining(ctx) % unit == 0; }
vm::Term bs_position_term(vm::Term ctx) {
  return vm::Term::small(static_cast<vm::SWord>(vm::bs_get_position(ctx)));
}
void bs_set_position_term(vm::Term ctx, vm::Term position) {
  vm::bs_set_position(ctx, static_cast<Word>(position.small_value()));
}

// Called by the step stub: the interpreter runs one instruction.
int step_helper(vm::Process* p, vm::MachineState* ms, int opcode) {
  return static_cast<int>(vm::step(*p, *ms, opcode));
}

// Helpers for the receive instructions (what their interpreter handlers do,
// without a trip through the step).

// loop_rec at the end of the queue: take in new signals. 1: a message is
// there now; 0: none (go to the wait); 2: a signal ended the process (the
// slice is over: RunResult::Exited).
int loop_rec_refill(vm::Process* p, vm::MachineState* ms) {
  if (!vm::handle_signals(*p)) {
    p->add_reductions(static_cast<Word>(ms->slice - ms->reds));
    return 2;
  }
  return p->messages().save_at_end() ? 0 : 1;
}

// wait: suspend; the process resumes at `resume`.
int wait_helper(vm::Process* p, vm::MachineState* ms, const Word* resume) {
  p->exec().pc = resume;
  p->add_reductions(static_cast<Word>(ms->slice - ms->reds));
  return static_cast<int>(RunResult::Waiting);
}

void remove_message_helper(vm::Process* p) { vm::accept_current_message(*p); }

Term send_helper(vm::Process* p, Term* x) { return vm::send_message(*p, x[0], x[1]); }

// Keeps the first asmjit error of a translation (emitters keep going).
class ErrorRecorder : public ErrorHandler {
 public:
  void handleError(Error err, const char* message, BaseEmitter*) override {
    if (error == kErrorOk) {
      error = err;
      text = message;
    }
  }
  Error error = kErrorOk;
  std::string text;
};

using EnterFn = int (*)(vm::Process*, vm::MachineState*, const Word* pc);

constexpr bool is_small_literal(Word w) { return !vm::operand_is_register(w) && Term::from_raw(w).is_small(); }
constexpr bool is_literal(Word w) { return !vm::operand_is_register(w); }

// Translates one code unit (a module version's code, or the VM's boot code).
class UnitCompiler {
 public:
  UnitCompiler(x86::Assembler& a, const Layout& layout, const InlineBifs& bifs, bool inline_fast_paths, Word* code,
               std::size_t words, std::vector<std::uint32_t> starts, std::vector<Opcode> ops)
      : a_(a), L_(layout), bifs_(bifs), inline_(inline_fast_paths), code_(code), words_(words), starts_(std::move(starts)), ops_(std::move(ops)) {
    index_at_.assign(words_, -1);
    for (std::size_t i = 0; i < starts_.size(); ++i) {
      index_at_[starts_[i]] = static_cast<std::int32_t>(i);
      labels_.push_back(a_.newLabel());
    }
    step_stub_ = a_.newLabel();
    exit_ = a_.newLabel();
  }

  // Returns false when a jump target is not an instruction of this unit.
  bool compile() {
    for (std::size_t i = 0; i < starts_.size(); ++i) {
      a_.bind(labels_[i]);
      if (!emit(i)) return false;
    }
    // Cold code may add more slow paths, so run it first.
    // (Each runs from a local copy: it may grow cold_ under itself.)
    for (std::size_t k = 0; k < cold_.size(); ++k) {
      std::function<void()> emit_cold = std::move(cold_[k]);
      emit_cold();
    }
    for (const auto& [label, index] : slow_) {
      a_.bind(label);
      emit_step_site(index);
    }
    emit_step_stub();
    return true;
  }

  const std::vector<Label>& labels() const { return labels_; }

 private:
  // --- operands ---
  const Word* instr(std::size_t i) const { return code_ + starts_[i]; }

  x86::Mem reg_mem(Word w) const {
    auto n = static_cast<std::int32_t>(vm::operand_register_index(w));
    return vm::operand_is_y(w) ? x86::qword_ptr(kRegE, (n + 1) * 8) : x86::qword_ptr(kRegX, n * 8);
  }
  void load(const x86::Gp& r, Word w) {
    if (vm::operand_is_register(w)) {
      a_.mov(r, reg_mem(w));
    } else {
      a_.mov(r, Imm(static_cast<std::int64_t>(w)));
    }
  }
  void store(Word w, const x86::Gp& r) { a_.mov(reg_mem(w), r); }
  void store_imm(Word w, Word value) {
    a_.mov(x86::rax, Imm(static_cast<std::int64_t>(value)));
    a_.mov(reg_mem(w), x86::rax);
  }

  // The native label of a bytecode jump target, or nullptr if not in the unit.
  const Label* target(Word address) const {
    auto* p = reinterpret_cast<const Word*>(address);
    if (p < code_ || p >= code_ + words_) return nullptr;
    std::int32_t idx = index_at_[static_cast<std::size_t>(p - code_)];
    return idx < 0 ? nullptr : &labels_[static_cast<std::size_t>(idx)];
  }

  // A fresh out-of-line slow path that steps instruction i.
  Label slow(std::size_t i) {
    Label l = a_.newLabel();
    slow_.emplace_back(l, i);
    return l;
  }

  // Jump to `slow` unless r holds a small integer (scratch: edx).
  void require_small(const x86::Gp& r, const Label& slow) {
    a_.mov(x86::edx, r.r32());
    a_.and_(x86::edx, 0xF);
    a_.cmp(x86::edx, vm::kTagSmall);
    a_.jne(slow);
  }
  // Jump to `slow` unless both operand values (in rax, rcx) are smalls;
  // literal smalls need no test.
  void require_smalls(Word wa, Word wb, const Label& slow) {
    if (is_small_literal(wa) && is_small_literal(wb)) return;
    if (is_small_literal(wa)) {
      require_small(x86::rcx, slow);
    } else if (is_small_literal(wb)) {
      require_small(x86::rax, slow);
    } else {
      a_.mov(x86::edx, x86::eax);
      a_.and_(x86::edx, x86::ecx);
      a_.and_(x86::edx, 0xF);
      a_.cmp(x86::edx, vm::kTagSmall);
      a_.jne(slow);
    }
  }
  // Jump to `no` unless rax is boxed with a header (loaded into rdx) whose
  // kind is `kind`.
  void require_box_kind(vm::BoxKind kind, const Label& no) {
    a_.mov(x86::edx, x86::eax);
    a_.and_(x86::edx, 3);
    a_.cmp(x86::edx, 2);
    a_.jne(no);
    a_.mov(x86::rdx, x86::qword_ptr(x86::rax, -2));
    a_.mov(x86::ecx, x86::edx);
    a_.and_(x86::ecx, 0x3C);
    a_.cmp(x86::ecx, static_cast<int>(kind) << 2);
    a_.jne(no);
  }

  // Bump-allocate `words` heap words into rax, or go to `slow`. Clobbers rdx.
  void alloc(std::size_t words, const Label& slow) {
    a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.htop));
    a_.lea(x86::rdx, x86::qword_ptr(x86::rax, static_cast<std::int32_t>(words * 8)));
    a_.cmp(x86::rdx, x86::qword_ptr(kRegP, L_.hlimit));
    a_.ja(slow);
    a_.mov(x86::qword_ptr(kRegP, L_.htop), x86::rdx);
  }

  // Publish pc, cp and e before calling a BIF (some BIFs look at them).
  void save_state(const Word* pc) {
    a_.mov(x86::rax, Imm(reinterpret_cast<std::int64_t>(pc)));
    a_.mov(x86::qword_ptr(kRegP, L_.pc), x86::rax);
    a_.mov(x86::qword_ptr(kRegP, L_.cp), kRegCP);
    a_.mov(x86::qword_ptr(kRegP, L_.e), kRegE);
  }

  // reds -= what the BIF just charged (Process::take_charge).
  void take_charge() {
    a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.charged));
    a_.sub(kRegReds, x86::rax);
    a_.mov(x86::qword_ptr(kRegP, L_.charged), 0);
  }

  // Go to `no` unless `r` is a boxed float (its double at [r + 6]). Clobbers edx.
  void require_boxed_float(const x86::Gp& r, const Label& no) {
    a_.mov(x86::edx, r.r32());
    a_.and_(x86::edx, 3);
    a_.cmp(x86::edx, 2);
    a_.jne(no);
    a_.cmp(x86::qword_ptr(r, -2), static_cast<int>(vm::make_header(vm::BoxKind::Float, 1)));
    a_.jne(no);
  }

  // xmm = the number in `r` (a small or a float), else go to `slow`.
  // Clobbers rdx.
  void to_double(const x86::Gp& r, const x86::Xmm& xmm, const Label& slow) {
    Label not_small = a_.newLabel(), done = a_.newLabel();
    a_.mov(x86::edx, r.r32());
    a_.and_(x86::edx, 0xF);
    a_.cmp(x86::edx, vm::kTagSmall);
    a_.jne(not_small);
    a_.mov(x86::rdx, r);
    a_.sar(x86::rdx, 4);
    a_.cvtsi2sd(xmm, x86::rdx);
    a_.jmp(done);
    a_.bind(not_small);
    require_boxed_float(r, slow);
    a_.movsd(xmm, x86::qword_ptr(r, 6));
    a_.bind(done);
  }

  // Box xmm0 as a float into `dst`; a non-finite value (badarith) or a full
  // heap goes to `slow`. Clobbers rax, rdx.
  void box_double(Word dst, const Label& slow) {
    a_.movq(x86::rdx, x86::xmm0);
    a_.shr(x86::rdx, 52);
    a_.and_(x86::edx, 0x7FF);
    a_.cmp(x86::edx, 0x7FF);
    a_.je(slow);
    alloc(vm::kFloatWords, slow);
    a_.mov(x86::qword_ptr(x86::rax), static_cast<int>(vm::make_header(vm::BoxKind::Float, 1)));
    a_.movsd(x86::qword_ptr(x86::rax, 8), x86::xmm0);
    a_.add(x86::rax, 2);
    store(dst, x86::rax);
  }

  // Charge the call's reduction, or step the call when the slice is over.
  void charge_call(const Label& slow) {
    a_.cmp(kRegReds, 1);
    a_.jle(slow);
    a_.dec(kRegReds);
  }

  // --- the step machinery ---
  // Run instruction i through vm::step() and continue where it says.
  void emit_step_site(std::size_t i) {
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
  void emit_step_stub() {
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

  // --- instructions ---
  // Emit instruction i. Returns false on a malformed jump target.
  bool emit(std::size_t i) {
    const Word* I = instr(i);
    auto op = [&](int k) { return I[k]; };
    if (!inline_) {
      emit_step_site(i);
      return true;
    }
    switch (ops_[i]) {
      case Opcode::move:
        load(x86::rax, op(1));
        store(op(2), x86::rax);
        return true;

      case Opcode::swap:
        a_.mov(x86::rax, reg_mem(op(1)));
        a_.mov(x86::rcx, reg_mem(op(2)));
        a_.mov(reg_mem(op(1)), x86::rcx);
        a_.mov(reg_mem(op(2)), x86::rax);
        return true;

      case Opcode::init_x:
        a_.mov(x86::eax, static_cast<std::uint32_t>(vm::kNil.raw()));
        a_.mov(x86::qword_ptr(kRegX, static_cast<std::int32_t>(op(1) * 8)), x86::rax);
        return true;

      case Opcode::init_yregs: {
        a_.mov(x86::eax, static_cast<std::uint32_t>(vm::kNil.raw()));
        for (Word k = 0; k < op(1); ++k) store(op(2 + static_cast<int>(k)), x86::rax);
        return true;
      }

      case Opcode::allocate: {
        auto bytes = static_cast<std::int32_t>((op(1) + 1) * 8);
        Label s = slow(i);
        a_.mov(x86::rax, kRegE);
        a_.sub(x86::rax, x86::qword_ptr(kRegP, L_.stack_lo));
        a_.cmp(x86::rax, bytes);
        a_.jb(s);
        a_.sub(kRegE, bytes);
        a_.mov(x86::qword_ptr(kRegE), kRegCP);
        a_.mov(kRegCP.r32(), static_cast<std::uint32_t>(kInFrameMarker));
        if (op(1) > 0) {
          a_.xor_(x86::eax, x86::eax);  // kNonValue
          for (Word k = 1; k <= op(1); ++k) a_.mov(x86::qword_ptr(kRegE, static_cast<std::int32_t>(k * 8)), x86::rax);
        }
        return true;
      }

      case Opcode::deallocate:
        a_.mov(kRegCP, x86::qword_ptr(kRegE));
        a_.add(kRegE, static_cast<std::int32_t>((op(1) + 1) * 8));
        return true;

      case Opcode::test_heap: {
#ifdef GIRDER_GC_TORTURE
        emit_step_site(i);
#else
        Label s = slow(i);
        a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.hlimit));
        a_.sub(x86::rax, x86::qword_ptr(kRegP, L_.htop));
        a_.cmp(x86::rax, static_cast<std::int32_t>(op(1) * 8));
        a_.jb(s);
#endif
        return true;
      }

      case Opcode::call:
      case Opcode::call_last:
      case Opcode::call_only: {
        const Label* t = target(op(2));
        if (t == nullptr) return false;
        charge_call(slow(i));
        if (ops_[i] == Opcode::call) {
          a_.mov(kRegCP, Imm(reinterpret_cast<std::int64_t>(I + 3)));
        } else if (ops_[i] == Opcode::call_last) {
          a_.mov(kRegCP, x86::qword_ptr(kRegE));
          a_.add(kRegE, static_cast<std::int32_t>((op(3) + 1) * 8));
        }
        a_.jmp(*t);
        return true;
      }

      case Opcode::call_ext:
      case Opcode::call_ext_last:
      case Opcode::call_ext_only: {
        // Undefined functions and failing BIFs go through the interpreter.
        Label s = slow(i);
        Label bif = a_.newLabel();
        a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(op(2))));
        a_.mov(x86::rax, x86::qword_ptr(x86::rcx, L_.ep_bif_fn));
        a_.test(x86::rax, x86::rax);
        a_.jnz(bif);
        cold_.push_back([this, i, bif, s] { emit_export_bif_call(i, bif, s); });
        a_.mov(x86::rax, x86::qword_ptr(x86::rcx, L_.ep_address));
        a_.test(x86::rax, x86::rax);
        a_.jz(s);
        charge_call(s);
        if (ops_[i] == Opcode::call_ext) {
          a_.mov(kRegCP, Imm(reinterpret_cast<std::int64_t>(I + 3)));
        } else if (ops_[i] == Opcode::call_ext_last) {
          a_.mov(kRegCP, x86::qword_ptr(kRegE));
          a_.add(kRegE, static_cast<std::int32_t>((op(3) + 1) * 8));
        }
        a_.jmp(x86::qword_ptr(x86::rax));
        return true;
      }

      case Opcode::bif0:
      case Opcode::bif1:
      case Opcode::bif2:
      case Opcode::bif3:
        return emit_bif(i);

      case Opcode::call_fun:
      case Opcode::call_fun_last:
      case Opcode::call_fun_only: {
        // A closure taking this many arguments: its free variables go after
        // the arguments, then a jump to its code (as interp.cpp
        // do_call_fun_body). Export funs, anything else (badfun, badarity)
        // and the end of the slice go to the step.
        Label s = slow(i);
        Word arity = op(1);
        a_.mov(x86::rax, x86::qword_ptr(kRegX, static_cast<std::int32_t>(arity * 8)));
        require_box_kind(vm::BoxKind::Fun, s);  // the header stays in rdx
        a_.mov(x86::rcx, x86::qword_ptr(x86::rax, 6));  // the FunEntry (boxed tag 2, second word)
        a_.cmp(x86::dword_ptr(x86::rcx, L_.fe_arity), static_cast<int>(arity));
        a_.jne(s);
        charge_call(s);
        // Nothing has changed so far; now copy the free variables.
        Label copy = a_.newLabel(), copied = a_.newLabel();
        a_.shr(x86::rdx, 6);
        a_.dec(x86::rdx);  // free variables: the object's arity minus the FunEntry word
        a_.lea(x86::r8, x86::qword_ptr(x86::rax, 14));  // the first one
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
          a_.mov(kRegCP, x86::qword_ptr(kRegE));
          a_.add(kRegE, static_cast<std::int32_t>((op(2) + 1) * 8));
        }
        a_.mov(x86::rax, x86::qword_ptr(x86::rcx, L_.fe_address));
        a_.jmp(x86::qword_ptr(x86::rax));
        return true;
      }

      case Opcode::bs_start_match:
      case Opcode::bs_get_integer:
      case Opcode::bs_get_float:
      case Opcode::bs_get_binary:
      case Opcode::bs_get_utf8:
      case Opcode::bs_get_utf16:
      case Opcode::bs_get_utf32:
      case Opcode::bs_skip_bits:
      case Opcode::bs_test_tail:
      case Opcode::bs_test_unit:
      case Opcode::bs_match_string:
      case Opcode::bs_get_tail:
      case Opcode::bs_position:
      case Opcode::bs_set_position:
        return emit_bs(i);

      case Opcode::length: {
        // Count a proper list of up to kJobSliceUnits cells inline. A longer
        // or improper list, or a resumption after a yield in the middle of
        // one, is the step's (interp.cpp op_length).
        Label s = slow(i);
        Label top = a_.newLabel(), end = a_.newLabel();
        a_.cmp(x86::byte_ptr(kRegP, L_.resume_length), 0);
        a_.jne(s);
        load(x86::rax, op(3));
        a_.xor_(x86::ecx, x86::ecx);
        a_.bind(top);
        a_.mov(x86::edx, x86::eax);
        a_.and_(x86::edx, 3);
        a_.cmp(x86::edx, 1);  // a cons cell (list tag)
        a_.jne(end);
        a_.mov(x86::rax, x86::qword_ptr(x86::rax, 7));  // its tail
        a_.inc(x86::rcx);
        a_.cmp(x86::rcx, static_cast<int>(vm::kJobSliceUnits));
        a_.jae(s);
        a_.jmp(top);
        a_.bind(end);
        a_.cmp(x86::rax, static_cast<int>(vm::kTagNil));
        if (op(1) != 0) {
          const Label* fail = target(op(1));
          if (fail == nullptr) return false;
          a_.jne(*fail);
        } else {
          a_.jne(s);  // badarg, raised by the step
        }
        a_.mov(x86::rax, x86::rcx);
        a_.shr(x86::rax, 3);  // about a reduction per ten cells, as the step
        a_.sub(kRegReds, x86::rax);
        a_.shl(x86::rcx, 4);
        a_.or_(x86::rcx, static_cast<int>(vm::kTagSmall));
        store(op(4), x86::rcx);
        return true;
      }

      case Opcode::call_bif: {
        Label s = slow(i);
        save_state(I);
        a_.mov(x86::rdi, kRegP);
        a_.mov(x86::rsi, kRegX);
        a_.call(Imm(static_cast<std::int64_t>(op(2))));
        a_.test(x86::rax, x86::rax);
        a_.jz(bif_failed(s));
        a_.mov(x86::qword_ptr(kRegX), x86::rax);
        take_charge();
        return true;
      }

      case Opcode::loop_rec: {
        // The message at the save point; at the end of the queue, take in
        // new signals (cold code), then the message or the wait.
        const Label* none = target(op(1));
        if (none == nullptr) return false;
        Label refill = a_.newLabel(), have = a_.newLabel();
        a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.msg_save));
        a_.mov(x86::rax, x86::qword_ptr(x86::rax));
        a_.test(x86::rax, x86::rax);
        a_.jz(refill);
        a_.bind(have);
        a_.mov(x86::rax, x86::qword_ptr(x86::rax, L_.signal_message));
        store(op(2), x86::rax);
        cold_.push_back([this, I, none, refill, have] {
          a_.bind(refill);
          save_state(I);
          a_.mov(x86::dword_ptr(kRegMS, L_.ms_reds), kRegReds.r32());
          a_.mov(x86::rdi, kRegP);
          a_.mov(x86::rsi, kRegMS);
          a_.call(Imm(reinterpret_cast<std::int64_t>(&loop_rec_refill)));
          a_.cmp(x86::eax, 1);
          a_.jb(*none);
          Label killed = a_.newLabel();
          a_.ja(killed);
          a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.msg_save));
          a_.mov(x86::rax, x86::qword_ptr(x86::rax));
          a_.jmp(have);
          a_.bind(killed);
          a_.mov(x86::eax, static_cast<int>(RunResult::Exited));
          a_.jmp(exit_);
        });
        return true;
      }

      case Opcode::remove_message:
        a_.mov(x86::rdi, kRegP);
        a_.call(Imm(reinterpret_cast<std::int64_t>(&remove_message_helper)));
        return true;

      case Opcode::send:
        save_state(I);
        a_.mov(x86::rdi, kRegP);
        a_.mov(x86::rsi, kRegX);
        a_.call(Imm(reinterpret_cast<std::int64_t>(&send_helper)));
        a_.test(x86::rax, x86::rax);
        a_.jz(slow(i));  // badarg: nothing was sent; the step raises
        a_.mov(x86::qword_ptr(kRegX), x86::rax);
        return true;

      case Opcode::wait:
        a_.mov(x86::qword_ptr(kRegP, L_.cp), kRegCP);
        a_.mov(x86::qword_ptr(kRegP, L_.e), kRegE);
        a_.mov(x86::dword_ptr(kRegMS, L_.ms_reds), kRegReds.r32());
        a_.mov(x86::rdi, kRegP);
        a_.mov(x86::rsi, kRegMS);
        a_.mov(x86::rdx, Imm(static_cast<std::int64_t>(op(1))));
        a_.call(Imm(reinterpret_cast<std::int64_t>(&wait_helper)));
        a_.jmp(exit_);
        return true;

      case Opcode::loop_rec_end: {
        // Advance past the current message and, if another is queued, do the
        // loop_rec at the target here (as the interpreter does).
        const Word* loop = reinterpret_cast<const Word*>(op(1));
        const Label* loop_label = target(op(1));
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

      case Opcode::return_: {
        a_.test(kRegCP, kRegCP);
        a_.jz(slow(i));  // the process's last return
        a_.mov(x86::rax, kRegCP);
        a_.mov(kRegCP.r32(), static_cast<std::uint32_t>(kInFrameMarker));
        a_.jmp(x86::qword_ptr(x86::rax));
        return true;
      }

      case Opcode::jump: {
        const Label* t = target(op(1));
        if (t == nullptr) return false;
        a_.jmp(*t);
        return true;
      }

      case Opcode::add:
      case Opcode::sub:
      case Opcode::mul:
      case Opcode::band:
      case Opcode::bor:
      case Opcode::bxor:
      case Opcode::int_div:
      case Opcode::int_rem:
        return emit_int_arith(i);

      case Opcode::is_lt:
      case Opcode::is_ge:
        return emit_order_test(i);

      case Opcode::is_eq_exact:
      case Opcode::is_ne_exact:
      case Opcode::is_eq:
      case Opcode::is_ne:
        return emit_equality_test(i);

      case Opcode::is_integer:
      case Opcode::is_number:
      case Opcode::is_atom:
      case Opcode::is_nil:
      case Opcode::is_nonempty_list:
      case Opcode::is_list:
      case Opcode::is_tuple:
      case Opcode::is_boolean:
      case Opcode::is_pid:
      case Opcode::is_float:
        return emit_type_test(i);

      case Opcode::test_arity:
      case Opcode::is_tagged_tuple: {
        const Label* fail = target(op(1));
        if (fail == nullptr) return false;
        load(x86::rax, op(2));
        require_box_kind(vm::BoxKind::Tuple, *fail);
        a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::make_header(vm::BoxKind::Tuple, op(3)))));
        a_.cmp(x86::rdx, x86::rcx);
        a_.jne(*fail);
        if (ops_[i] == Opcode::is_tagged_tuple) {
          a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(op(4))));
          a_.cmp(x86::qword_ptr(x86::rax, 6), x86::rcx);
          a_.jne(*fail);
        }
        return true;
      }

      case Opcode::select_val:
        return emit_select_val(i);

      case Opcode::select_tuple_arity: {
        const Label* fail = target(op(2));
        if (fail == nullptr) return false;
        load(x86::rax, op(1));
        require_box_kind(vm::BoxKind::Tuple, *fail);
        const Word* table = I + 4;
        for (Word k = 0; k < op(3); ++k) {
          const Label* t = target(table[2 * k + 1]);
          if (t == nullptr) return false;
          auto arity = static_cast<Word>(Term::from_raw(table[2 * k]).small_value());
          a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::make_header(vm::BoxKind::Tuple, arity))));
          a_.cmp(x86::rdx, x86::rcx);
          a_.je(*t);
        }
        a_.jmp(*fail);
        return true;
      }

      case Opcode::get_list:
        load(x86::rax, op(1));
        a_.mov(x86::rcx, x86::qword_ptr(x86::rax, -1));
        a_.mov(x86::rdx, x86::qword_ptr(x86::rax, 7));
        store(op(2), x86::rcx);
        store(op(3), x86::rdx);
        return true;

      case Opcode::get_hd:
      case Opcode::get_tl:
        load(x86::rax, op(1));
        a_.mov(x86::rcx, x86::qword_ptr(x86::rax, ops_[i] == Opcode::get_hd ? -1 : 7));
        store(op(2), x86::rcx);
        return true;

      case Opcode::get_tuple_element:
        load(x86::rax, op(1));
        a_.mov(x86::rcx, x86::qword_ptr(x86::rax, static_cast<std::int32_t>(-2 + 8 * (1 + op(2)))));
        store(op(3), x86::rcx);
        return true;

      case Opcode::put_list: {
        alloc(2, slow(i));
        load(x86::rcx, op(1));
        a_.mov(x86::qword_ptr(x86::rax), x86::rcx);
        load(x86::rcx, op(2));
        a_.mov(x86::qword_ptr(x86::rax, 8), x86::rcx);
        a_.inc(x86::rax);  // LIST tag
        store(op(3), x86::rax);
        return true;
      }

      case Opcode::make_fun: {
        // A closure: header, FunEntry, free variables (interp.cpp
        // op_make_fun); with no room in the young block, the step
        // allocates it from a fragment.
        Word num_free = op(3);
        alloc(vm::fun_object_words(num_free), slow(i));
        a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::make_header(vm::BoxKind::Fun, 1 + num_free))));
        a_.mov(x86::qword_ptr(x86::rax), x86::rcx);
        a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(op(1))));
        a_.mov(x86::qword_ptr(x86::rax, 8), x86::rcx);
        for (Word k = 0; k < num_free; ++k) {
          load(x86::rcx, op(4 + static_cast<int>(k)));
          a_.mov(x86::qword_ptr(x86::rax, static_cast<std::int32_t>(8 * (2 + k))), x86::rcx);
        }
        a_.add(x86::rax, 2);  // BOXED tag
        store(op(2), x86::rax);
        return true;
      }

      case Opcode::put_tuple: {
        Word n = op(2);
        alloc(1 + n, slow(i));
        a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::make_header(vm::BoxKind::Tuple, n))));
        a_.mov(x86::qword_ptr(x86::rax), x86::rcx);
        for (Word k = 0; k < n; ++k) {
          load(x86::rcx, op(3 + static_cast<int>(k)));
          a_.mov(x86::qword_ptr(x86::rax, static_cast<std::int32_t>(8 * (1 + k))), x86::rcx);
        }
        a_.add(x86::rax, 2);  // BOXED tag
        store(op(1), x86::rax);
        return true;
      }

      case Opcode::try_:
      case Opcode::catch_: {
        Word y = vm::operand_register_index(op(1));
        store_imm(op(1), Term::catch_label((op(2) << 10) | y).raw());
        return true;
      }

      case Opcode::try_end:
        store_imm(op(1), vm::kNil.raw());
        return true;

      case Opcode::try_case:
        store_imm(op(1), vm::kNil.raw());
        for (int k = 0; k < 3; ++k) {
          a_.mov(x86::rax, x86::qword_ptr(kRegX, (k + 1) * 8));
          a_.mov(x86::qword_ptr(kRegX, k * 8), x86::rax);
        }
        return true;

      case Opcode::catch_end:
        // A caught exception (x0 = non-value) is converted by the step.
        a_.cmp(x86::qword_ptr(kRegX), 0);
        a_.je(slow(i));
        store_imm(op(1), vm::kNil.raw());
        return true;

      default:
        emit_step_site(i);
        return true;
    }
  }

  static bool is_float_literal(Word w) { return is_literal(w) && Term::from_raw(w).is_float(); }

  bool emit_int_arith(std::size_t i) {
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
      Label next = i + 1 < starts_.size() ? labels_[i + 1] : s;
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
        a_.sub(x86::rax, static_cast<int>(vm::kTagSmall));
        a_.add(x86::rax, x86::rcx);
        a_.jo(s);
        break;
      case Opcode::sub:
        a_.sub(x86::rax, x86::rcx);
        a_.jo(s);
        a_.or_(x86::rax, static_cast<int>(vm::kTagSmall));
        break;
      case Opcode::mul:
        a_.sub(x86::rax, static_cast<int>(vm::kTagSmall));
        a_.sar(x86::rcx, 4);
        a_.imul(x86::rax, x86::rcx);
        a_.jo(s);
        a_.or_(x86::rax, static_cast<int>(vm::kTagSmall));
        break;
      case Opcode::band:
        a_.and_(x86::rax, x86::rcx);
        break;
      case Opcode::bor:
        a_.or_(x86::rax, x86::rcx);
        break;
      case Opcode::bxor:
        a_.xor_(x86::rax, x86::rcx);
        a_.or_(x86::rax, static_cast<int>(vm::kTagSmall));
        break;
      case Opcode::int_div:
      case Opcode::int_rem:
        // Zero (badarith) and -1 (the one overflow) take the generic path.
        a_.sar(x86::rax, 4);
        a_.sar(x86::rcx, 4);
        a_.lea(x86::rdx, x86::qword_ptr(x86::rcx, 1));
        a_.cmp(x86::rdx, 1);
        a_.jbe(s);  // rcx + 1 is 0 or 1
        a_.cqo();
        a_.idiv(x86::rcx);
        if (ops_[i] == Opcode::int_rem) a_.mov(x86::rax, x86::rdx);
        a_.shl(x86::rax, 4);
        a_.or_(x86::rax, static_cast<int>(vm::kTagSmall));
        break;
      default:
        break;
    }
    store(dst, x86::rax);
    return true;
  }

  // bif0..bif3: arguments into MachineState::bif_args, a direct call; a
  // failure goes to the fail label, or to the step (which calls the BIF again
  // to raise: BIFs check their arguments before they change anything).
  bool emit_bif(std::size_t i) {
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
      a_.mov(x86::edx, x86::eax);
      a_.and_(x86::edx, x86::ecx);
      a_.and_(x86::edx, 0xF);
      a_.cmp(x86::edx, vm::kTagSmall);
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

  void emit_bif_call(const Word* I, vm::BifFn fn, int arity, Word dst, const Label& on_error) {
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

  // call_ext* of a function a BIF implements (cold code; rax = the BIF, rcx
  // = the export entry). The BIF runs in the caller's frame; a failure steps
  // the whole instruction, which calls it again to raise.
  // Binary matching: direct calls of binary.h's functions (which neither
  // collect nor raise: a failed match goes to the fail label). A size in a
  // register, rather than a literal, goes to the step.
  bool emit_bs(std::size_t i) {
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

  // Where a call_ext/call_bif goes when the BIF it called returned
  // kNonValue (an error, or a trap to continue a long job): cold code that
  // tells the interpreter the BIF has run (Process::take_bif_outcome_pending)
  // and steps the instruction, which raises or follows the trap.
  Label bif_failed(const Label& step) {
    Label l = a_.newLabel();
    cold_.push_back([this, l, step] {
      a_.bind(l);
      a_.mov(x86::byte_ptr(kRegP, L_.bif_outcome_pending), 1);
      a_.jmp(step);
    });
    return l;
  }

  void emit_export_bif_call(std::size_t i, Label entry, Label s) {  // copies: bif_failed grows cold_
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
    if (opc == Opcode::call_ext_last) {
      a_.mov(kRegCP, x86::qword_ptr(kRegE));
      a_.add(kRegE, static_cast<std::int32_t>((I[3] + 1) * 8));
    }
    a_.mov(x86::rax, kRegCP);
    a_.mov(kRegCP.r32(), static_cast<std::uint32_t>(kInFrameMarker));
    a_.jmp(x86::qword_ptr(x86::rax));
  }

  bool emit_order_test(std::size_t i) {
    const Word* I = instr(i);
    const Label* fail = target(I[1]);
    if (fail == nullptr) return false;
    Word wa = I[2], wb = I[3];
    auto number_literal = [](Word w) { return !is_literal(w) || is_small_literal(w) || is_float_literal(w); };
    if (!number_literal(wa) || !number_literal(wb)) {
      emit_step_site(i);
      return true;
    }
    bool float_literal = is_float_literal(wa) || is_float_literal(wb);
    bool small_literal = is_small_literal(wa) || is_small_literal(wb);
    bool lt = ops_[i] == Opcode::is_lt;
    Label s = slow(i);
    // Two smalls compare inline, two floats in cold code (exactly, as
    // doubles); a small against a float, and everything else, step.
    Label floats = a_.newLabel();
    load(x86::rax, wa);
    load(x86::rcx, wb);
    if (float_literal) {
      a_.jmp(floats);
    } else {
      require_smalls(wa, wb, small_literal ? s : floats);
      a_.cmp(x86::rax, x86::rcx);  // tagged smalls order as their values
      if (lt) {
        a_.jge(*fail);
      } else {
        a_.jl(*fail);
      }
    }
    if (float_literal || !small_literal) {
      Label next = i + 1 < starts_.size() ? labels_[i + 1] : s;
      const Label fail_label = *fail;
      cold_.push_back([this, floats, s, next, fail_label, lt] {
        a_.bind(floats);
        for (const x86::Gp& r : {x86::rax, x86::rcx}) require_boxed_float(r, s);
        a_.movsd(x86::xmm0, x86::qword_ptr(x86::rax, 6));
        a_.ucomisd(x86::xmm0, x86::qword_ptr(x86::rcx, 6));
        if (lt) {
          a_.jae(fail_label);  // not a < b
        } else {
          a_.jb(fail_label);  // a < b
        }
        a_.jmp(next);
      });
    }
    return true;
  }

  // Equal words are equal terms; differing words where one side is an
  // immediate are different terms, except that == must still compare a
  // small with a float. Everything else goes to the generic comparison.
  bool emit_equality_test(std::size_t i) {
    const Word* I = instr(i);
    const Label* fail = target(I[1]);
    if (fail == nullptr) return false;
    bool exact = ops_[i] == Opcode::is_eq_exact || ops_[i] == Opcode::is_ne_exact;
    bool want_equal = ops_[i] == Opcode::is_eq_exact || ops_[i] == Opcode::is_eq;
    Word wa = I[2], wb = I[3];
    Label next = a_.newLabel();
    const Label& on_equal = want_equal ? next : *fail;
    const Label& on_differ = want_equal ? *fail : next;
    load(x86::rax, wa);
    load(x86::rcx, wb);
    a_.cmp(x86::rax, x86::rcx);
    a_.je(on_equal);
    // A literal immediate that is not a small differs from anything with
    // another word; so does any immediate under =:=.
    auto decisive_literal = [&](Word w) {
      if (!is_literal(w)) return false;
      Term t = Term::from_raw(w);
      return t.is_immediate() && (exact || !t.is_small());
    };
    if (decisive_literal(wa) || decisive_literal(wb)) {
      a_.jmp(on_differ);
    } else {
      Label s = slow(i);
      // Both immediate: different. For ==, only two smalls (or a non-small
      // immediate against anything) are decided here; else the slow path.
      a_.mov(x86::edx, x86::eax);
      a_.and_(x86::edx, x86::ecx);
      a_.and_(x86::edx, 3);
      a_.cmp(x86::edx, 3);
      a_.je(on_differ);
      if (exact) {
        // One side immediate, the other not: different.
        a_.mov(x86::edx, x86::eax);
        a_.and_(x86::edx, 3);
        a_.cmp(x86::edx, 3);
        a_.je(on_differ);
        a_.mov(x86::edx, x86::ecx);
        a_.and_(x86::edx, 3);
        a_.cmp(x86::edx, 3);
        a_.je(on_differ);
      }
      a_.jmp(s);
    }
    a_.bind(next);
    return true;
  }

  bool emit_type_test(std::size_t i) {
    const Word* I = instr(i);
    const Label* fail = target(I[1]);
    if (fail == nullptr) return false;
    load(x86::rax, I[2]);
    auto low_bits_are = [&](int mask, int value, const Label& no) {
      a_.mov(x86::edx, x86::eax);
      a_.and_(x86::edx, mask);
      a_.cmp(x86::edx, value);
      a_.jne(no);
    };
    switch (ops_[i]) {
      case Opcode::is_integer:
      case Opcode::is_number: {
        // Smalls here; anything boxed (a bignum or float) goes to the step.
        Label next = a_.newLabel();
        a_.mov(x86::edx, x86::eax);
        a_.and_(x86::edx, 0xF);
        a_.cmp(x86::edx, vm::kTagSmall);
        a_.je(next);
        low_bits_are(3, 2, *fail);
        a_.jmp(slow(i));
        a_.bind(next);
        break;
      }
      case Opcode::is_atom: low_bits_are(0x3F, vm::kTagAtom, *fail); break;
      case Opcode::is_pid: low_bits_are(0xF, vm::kTagPid, *fail); break;
      case Opcode::is_nonempty_list: low_bits_are(3, 1, *fail); break;
      case Opcode::is_nil:
        a_.cmp(x86::rax, static_cast<int>(vm::kTagNil));
        a_.jne(*fail);
        break;
      case Opcode::is_list: {
        Label next = a_.newLabel();
        a_.cmp(x86::rax, static_cast<int>(vm::kTagNil));
        a_.je(next);
        low_bits_are(3, 1, *fail);
        a_.bind(next);
        break;
      }
      case Opcode::is_boolean: {
        Label next = a_.newLabel();
        a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::kTrue.raw())));
        a_.cmp(x86::rax, x86::rcx);
        a_.je(next);
        a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::kFalse.raw())));
        a_.cmp(x86::rax, x86::rcx);
        a_.jne(*fail);
        a_.bind(next);
        break;
      }
      case Opcode::is_tuple: require_box_kind(vm::BoxKind::Tuple, *fail); break;
      case Opcode::is_float: require_box_kind(vm::BoxKind::Float, *fail); break;
      default: break;
    }
    return true;
  }

  bool emit_select_val(std::size_t i) {
    const Word* I = instr(i);
    const Label* fail = target(I[2]);
    if (fail == nullptr) return false;
    Word n = I[3];
    const Word* table = I + 4;
    for (Word k = 0; k < n; ++k) {
      if (!Term::from_raw(table[2 * k]).is_immediate()) {
        emit_step_site(i);  // a boxed key (float, bignum...): generic matching
        return true;
      }
    }
    load(x86::rax, I[1]);
    for (Word k = 0; k < n; ++k) {
      const Label* t = target(table[2 * k + 1]);
      if (t == nullptr) return false;
      a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(table[2 * k])));
      a_.cmp(x86::rax, x86::rcx);
      a_.je(*t);
    }
    a_.jmp(*fail);
    return true;
  }

  x86::Assembler& a_;
  const Layout& L_;
  const InlineBifs& bifs_;
  bool inline_;
  Word* code_;
  std::size_t words_;
  std::vector<std::uint32_t> starts_;
  std::vector<Opcode> ops_;
  std::vector<std::int32_t> index_at_;  // code word -> instruction index, or -1
  std::vector<Label> labels_;           // per instruction
  std::vector<std::pair<Label, std::size_t>> slow_;
  std::vector<std::function<void()>> cold_;  // out-of-line code, emitted after the instructions
  Label step_stub_;
  Label exit_;
};

class Jit final : public vm::CodeBackend {
 public:
  Jit(vm::VM& vm, JitOptions options)
      : options_(options), rt_(std::make_shared<JitRuntime>()), layout_(compute_layout()) {
    int fdiv = vm.bifs().find(vm::atoms::erlang, vm.atoms().intern("/"), 2);
    if (fdiv >= 0) inline_bifs_.fdiv = vm.bifs().at(fdiv).fn;
    const std::pair<const char*, x86::CondCode> comparisons[] = {
        {"<", x86::CondCode::kL},   {"=<", x86::CondCode::kLE}, {">", x86::CondCode::kG},
        {">=", x86::CondCode::kGE}, {"=:=", x86::CondCode::kE}, {"==", x86::CondCode::kE},
        {"=/=", x86::CondCode::kNE}, {"/=", x86::CondCode::kNE}};
    for (const auto& [name, cc] : comparisons) {
      int bif = vm.bifs().find(vm::atoms::erlang, vm.atoms().intern(name), 2);
      if (bif >= 0) inline_bifs_.comparisons.push_back({vm.bifs().at(bif).fn, cc});
    }
    const void* const* handlers = vm::dispatch_table();
    for (int op = 0; op < vm::kOpcodeCount; ++op) {
      if (vm::is_pseudo(static_cast<Opcode>(op))) continue;
      opcode_of_.emplace(reinterpret_cast<Word>(handlers[op]), static_cast<Opcode>(op));
    }
  }

  bool init(std::string& error) { return build_entry(error); }

  bool translate(Word* code, std::size_t words, std::shared_ptr<void>& owner, std::string& error) override {
    std::vector<std::uint32_t> starts;
    std::vector<Opcode> ops;
    for (std::size_t pc = 0; pc < words;) {
      auto it = opcode_of_.find(code[pc]);
      if (it == opcode_of_.end()) {
        error = "word " + std::to_string(pc) + " is not an instruction";
        return false;
      }
      starts.push_back(static_cast<std::uint32_t>(pc));
      ops.push_back(it->second);
      pc += vm::instruction_words(code + pc, it->second);
    }
    CodeHolder holder;
    ErrorRecorder errors;
    holder.init(rt_->environment());
    holder.setErrorHandler(&errors);
    x86::Assembler a(&holder);
    std::vector<std::uint32_t> starts_copy = starts;
    UnitCompiler unit(a, layout_, inline_bifs_, options_.inline_fast_paths, code, words, std::move(starts), ops);
    if (!unit.compile()) {
      error = "a jump target is not an instruction";
      return false;
    }
    void* fn = finish(holder, errors, error);
    if (fn == nullptr) return false;
    auto base = reinterpret_cast<std::uintptr_t>(fn);
    const std::vector<Label>& labels = unit.labels();
    for (std::size_t pc = 0, i = 0; pc < words; ++i) {
      std::size_t len = vm::instruction_words(code + pc, ops[i]);
      code[pc] = static_cast<Word>(base + holder.labelOffsetFromBase(labels[i]));
      pc += len;
    }
    if (options_.perf_map) write_perf_map(base, holder, labels, code, starts_copy, ops);
    owner = keep_alive(fn);
    return true;
  }

  RunResult run(vm::Process& p, int reductions) override {
    vm::XRegisterFile x_file;
    Term* x = x_file.get();
    vm::begin_slice(p, x);
    vm::MachineState ms{x, reductions, reductions};
    return static_cast<RunResult>(enter_(&p, &ms, p.exec().pc));
  }

 private:
  // /tmp/perf-PID.map: one symbol per instruction ("opcode@bytecode
  // address"), so `perf report` can attribute samples in native code.
  void write_perf_map(std::uintptr_t base, const CodeHolder& holder, const std::vector<Label>& labels, const Word* code,
                      const std::vector<std::uint32_t>& starts, const std::vector<Opcode>& ops) {
    std::string path = "/tmp/perf-" + std::to_string(::getpid()) + ".map";
    std::FILE* f = std::fopen(path.c_str(), "a");
    if (f == nullptr) return;
    std::size_t end = holder.codeSize();
    for (std::size_t i = 0; i < labels.size(); ++i) {
      std::size_t from = holder.labelOffsetFromBase(labels[i]);
      std::size_t to = i + 1 < labels.size() ? holder.labelOffsetFromBase(labels[i + 1]) : end;
      std::string_view name = vm::opcode_info(ops[i]).name;
      std::fprintf(f, "%lx %lx %.*s@%p\n", static_cast<unsigned long>(base + from),
                   static_cast<unsigned long>(to > from ? to - from : 1), static_cast<int>(name.size()), name.data(),
                   static_cast<const void*>(code + starts[i]));
    }
    std::fclose(f);
  }

  // Put assembled code into executable memory; nullptr (and why) when the
  // assembler or the allocator failed.
  void* finish(CodeHolder& holder, const ErrorRecorder& errors, std::string& error) {
    if (errors.error != kErrorOk) {
      error = "asmjit: " + errors.text;
      return nullptr;
    }
    void* fn = nullptr;
    if (Error err = rt_->add(&fn, &holder); err != kErrorOk) {
      error = std::string("asmjit: ") + DebugUtils::errorAsString(err);
      return nullptr;
    }
    return fn;
  }

  std::shared_ptr<void> keep_alive(void* fn) {
    std::shared_ptr<JitRuntime> rt = rt_;
    return std::shared_ptr<void>(fn, [rt](void* f) { rt->release(f); });
  }

  // enter(Process*, MachineState*, pc): save the callee-saved registers, load
  // the pinned ones and jump to pc's native code. Units leave through their
  // own copy of the matching epilogue (UnitCompiler::emit_step_stub).
  bool build_entry(std::string& error) {
    CodeHolder holder;
    ErrorRecorder errors;
    holder.init(rt_->environment());
    holder.setErrorHandler(&errors);
    x86::Assembler a(&holder);
    for (const x86::Gp& r : kCalleeSaved) a.push(r);
    a.sub(x86::rsp, 8);  // 16-byte alignment for calls from native code
    a.mov(kRegP, x86::rdi);
    a.mov(kRegMS, x86::rsi);
    a.mov(kRegX, x86::qword_ptr(x86::rsi, layout_.ms_x));
    a.movsxd(kRegReds, x86::dword_ptr(x86::rsi, layout_.ms_reds));
    a.mov(kRegE, x86::qword_ptr(x86::rdi, layout_.e));
    a.mov(kRegCP, x86::qword_ptr(x86::rdi, layout_.cp));
    a.jmp(x86::qword_ptr(x86::rdx));
    void* fn = finish(holder, errors, error);
    if (fn == nullptr) return false;
    enter_ = reinterpret_cast<EnterFn>(fn);
    enter_owner_ = keep_alive(fn);
    return true;
  }

  JitOptions options_;
  InlineBifs inline_bifs_;
  std::shared_ptr<JitRuntime> rt_;
  Layout layout_;
  std::unordered_map<Word, Opcode> opcode_of_;
  EnterFn enter_ = nullptr;
  std::shared_ptr<void> enter_owner_;
};

}  // namespace

bool available() {
#if defined(__x86_64__)
  return true;
#else
  return false;
#endif
}

std::unique_ptr<vm::CodeBackend> make_backend(vm::VM& vm, JitOptions options) {
  if (!available()) return nullptr;
  auto jit = std::make_unique<Jit>(vm, options);
  std::string error;
  if (!jit->init(error)) return nullptr;
  return jit;
}

}  // namespace girder::jit
