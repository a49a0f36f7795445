// jit/x64/ internals: the register contract, the tag helpers and the emitter
// class whose member functions the instr_<area>.cpp files define. Nothing
// outside jit/ includes this header; the public API is jit/jit.h.
//
// Register contract. While native code runs, six registers are pinned (all
// callee-saved in the SysV ABI, so the C++ helpers native code calls
// preserve them):
//   r12 = X register file (Term*)      r13 = E, the frame pointer (Term*)
//   r14 = Process*                     r15 = reductions left (signed)
//   rbx = CP, a bytecode address       rbp = MachineState*
// CP is kInFrameMarker while a framed function runs (the saved CP is then in
// E[0]), as in the interpreter. rsp stays where the entry trampoline left it
// (16-byte aligned), except inside the step stub. Native code keeps no other
// value across instructions: every instruction starts with nothing but the
// pinned registers live, so any instruction may be entered by
// `jmp [bytecode addr]`.
//
// Entering and leaving the runtime. The entry trampoline (backend.cpp,
// Jit::build_entry) pushes kCalleeSaved, loads the pinned registers from the
// Process and MachineState and jumps to [p.exec().pc]. Every unit carries
// its own copy of the matching epilogue (exit_, emitted with the step stub in
// helpers.cpp), reached with eax = RunResult. Before native code calls
// anything that may look at the process's frame state (a BIF, send, a
// receive helper) it publishes pc, CP and E (save_state); before anything
// that may end the slice it also stores the reductions into the
// MachineState. The step stub does both and reloads E, CP and the
// reductions afterwards, since vm::step() may change any of them.
//
// Fast paths and the step. Each instruction is emitted as its fast path; any
// case the fast path does not cover jumps to an out-of-line "step site" that
// runs the whole instruction through vm::step() and goes on where it says. A
// fast path therefore checks everything before it changes anything: the step
// must see the state exactly as the instruction found it.
//
// Tags. Every tag, mask and shift the emitted code tests is named below and
// derived from vm/term/term.h, with static_asserts that tie each one to
// term.h's own predicates, so a change of the term layout fails to compile
// here instead of miscompiling Erlang code.
#pragma once

#include <asmjit/x86.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/exec/opcodes.h"
#include "vm/exec/operand.h"
#include "vm/term/term.h"

namespace girder::vm {
class Process;
struct MachineState;
}  // namespace girder::vm

namespace girder::jit::x64 {

namespace x86 = asmjit::x86;
using asmjit::Imm;
using asmjit::Label;
using vm::Opcode;
using vm::Term;
using vm::Word;

// ---- Pinned registers ------------------------------------------------------

inline constexpr x86::Gp kRegX = x86::r12;
inline constexpr x86::Gp kRegE = x86::r13;
inline constexpr x86::Gp kRegP = x86::r14;
inline constexpr x86::Gp kRegReds = x86::r15;
inline constexpr x86::Gp kRegCP = x86::rbx;
inline constexpr x86::Gp kRegMS = x86::rbp;

// Saved by the entry trampoline in this order and restored in reverse by
// every unit's exit: one list, so prologue and epilogue cannot disagree.
// With the return address that is 7 words, so one more keeps rsp 16-aligned.
inline constexpr x86::Gp kCalleeSaved[] = {x86::rbx, x86::rbp, x86::r12, x86::r13, x86::r14, x86::r15};

// The interpreter's marker for "CP is in the frame" (interp.cpp kInFrame).
inline constexpr Word kInFrameMarker = alignof(Word);

// ---- Tags (from vm/term/term.h) --------------------------------------------

// True when `test` accepts `sample` and its answer depends on exactly the low
// `bits` bits: flipping any of them changes it, flipping a higher one (up to
// bit 15) does not. Ties each mask below to the predicate term.h defines.
template <typename Test>
constexpr bool decided_by_low_bits(Test test, Word sample, int bits) {
  if (!test(Term::from_raw(sample))) return false;
  for (int b = 0; b < 16; ++b) {
    if (test(Term::from_raw(sample ^ (Word{1} << b))) == (b < bits)) return false;
  }
  return true;
}

// Primary tag: the low two bits of every term.
inline constexpr int kPrimaryTagBits = 2;
inline constexpr int kPrimaryTagMask = (1 << kPrimaryTagBits) - 1;
inline constexpr int kListTag = static_cast<int>(vm::PrimaryTag::List);
inline constexpr int kBoxedTag = static_cast<int>(vm::PrimaryTag::Boxed);
inline constexpr int kImmed1Tag = static_cast<int>(vm::PrimaryTag::Immed1);
static_assert(decided_by_low_bits([](Term t) { return t.is_list(); }, 0x1000 | kListTag, kPrimaryTagBits));
static_assert(decided_by_low_bits([](Term t) { return t.is_boxed(); }, 0x1000 | kBoxedTag, kPrimaryTagBits));
static_assert(decided_by_low_bits([](Term t) { return t.is_immediate(); }, vm::kTagNil, kPrimaryTagBits));
// Native code tags a fresh cons cell with `inc` (see put_list).
static_assert(kListTag == 1);
// The immediate primary tag is all ones, so the AND of two words has it iff
// both do (the equality tests use that).
static_assert(kImmed1Tag == kPrimaryTagMask);

// Immediate-1 tags (small, pid, port): the low four bits.
inline constexpr int kImmed1TagBits = 4;
inline constexpr int kImmed1TagMask = (1 << kImmed1TagBits) - 1;
inline constexpr int kSmallTag = static_cast<int>(vm::kTagSmall);
inline constexpr int kPidTag = static_cast<int>(vm::kTagPid);
static_assert(decided_by_low_bits([](Term t) { return t.is_small(); }, Term::small(-5).raw(), kImmed1TagBits));
static_assert(decided_by_low_bits([](Term t) { return t.is_pid(); }, Term::pid(5).raw(), kImmed1TagBits));
// The small tag is all ones, so the AND of two words has it iff both do.
static_assert(kSmallTag == kImmed1TagMask);

// A small integer's value sits above its tag: raw = value << kSmallShift | tag.
inline constexpr int kSmallShift = kImmed1TagBits;
static_assert(Term::small(-5).raw() == ((static_cast<Word>(-5) << kSmallShift) | vm::kTagSmall));
static_assert(Term::small(vm::kSmallMin).small_value() == vm::kSmallMin);
static_assert(Term::small(vm::kSmallMax).small_value() == vm::kSmallMax);

// Immediate-2 tags (atom, catch, nil): the low six bits.
inline constexpr int kImmed2TagBits = 6;
inline constexpr int kImmed2TagMask = (1 << kImmed2TagBits) - 1;
inline constexpr int kAtomTag = static_cast<int>(vm::kTagAtom);
inline constexpr int kNilWord = static_cast<int>(vm::kTagNil);
static_assert(decided_by_low_bits([](Term t) { return t.is_atom(); }, Term::atom(5).raw(), kImmed2TagBits));
static_assert(vm::kNil.raw() == vm::kTagNil);

// The non-value is the zero word (`test r, r` finds it).
inline constexpr int kNonValueWord = static_cast<int>(vm::kNonValue.raw());
static_assert(kNonValueWord == 0 && vm::kNonValue.raw() == 0);

// Header words: the primary tag HEADER, the BoxKind in the next
// kHeaderKindBits bits, the arity above them.
inline constexpr int kHeaderKindShift = kPrimaryTagBits;
inline constexpr int kHeaderKindBits = 4;
inline constexpr int kHeaderKindMask = ((1 << kHeaderKindBits) - 1) << kHeaderKindShift;
inline constexpr int kHeaderArityShift = kHeaderKindShift + kHeaderKindBits;
static_assert(vm::make_header(vm::BoxKind{1}, 0) == Word{1} << kHeaderKindShift);
static_assert(vm::header_kind(~static_cast<Word>(kHeaderKindMask)) == vm::BoxKind::Tuple);
static_assert(vm::header_kind(static_cast<Word>(kHeaderKindMask)) == vm::BoxKind{(1 << kHeaderKindBits) - 1});
static_assert(vm::make_header(vm::BoxKind::Tuple, 7) == Word{7} << kHeaderArityShift);
static_assert(vm::header_arity(vm::make_header(vm::BoxKind::Fun, 7)) == 7);

// A header's kind bits, as compared against `header & kHeaderKindMask`.
constexpr int header_kind_bits(vm::BoxKind kind) { return static_cast<int>(vm::make_header(kind, 0)); }

// The header of a boxed float (one payload word, the double).
inline constexpr int kFloatHeader = static_cast<int>(vm::make_header(vm::BoxKind::Float, 1));
static_assert(vm::kFloatWords == 2);  // box_double writes exactly the header and the double

// Displacements from a tagged pointer to the words it points at: word k of a
// boxed object (k = 0 is the header), and a cons cell's head and tail.
constexpr std::int32_t boxed_offset(Word k) {
  return static_cast<std::int32_t>(k * sizeof(Word) - static_cast<Word>(kBoxedTag));
}
inline constexpr std::int32_t kConsHeadOffset = -kListTag;
inline constexpr std::int32_t kConsTailOffset = static_cast<std::int32_t>(sizeof(Word)) - kListTag;
static_assert(vm::kConsWords == 2);  // put_list writes exactly a head and a tail

// A catch slot holds Term::catch_label((handler << kCatchSlotYBits) | y)
// (vm/exec/opcodes.h).
using vm::kCatchSlotYBits;

// An IEEE double is infinite or NaN iff its exponent field is all ones.
inline constexpr int kDoubleExponentShift = std::numeric_limits<double>::digits - 1;
inline constexpr int kDoubleExponentMask = (1 << (64 - 1 - kDoubleExponentShift)) - 1;
static_assert(std::numeric_limits<double>::is_iec559 && kDoubleExponentShift == 52 && kDoubleExponentMask == 0x7FF);

constexpr bool is_literal(Word w) { return !vm::operand_is_register(w); }
constexpr bool is_small_literal(Word w) { return is_literal(w) && Term::from_raw(w).is_small(); }
inline bool is_float_literal(Word w) { return is_literal(w) && Term::from_raw(w).is_float(); }

// ---- What the emitter needs from the VM ------------------------------------

// Byte offsets the generated code uses (backend.cpp compute_layout).
struct Layout {
  std::int32_t pc, cp, e, stack_lo, htop, hlimit, charged, msg_save;  // from the Process
  std::int32_t bif_outcome_pending, resume_length;                  // from the Process
  std::int32_t ms_x, ms_reds, ms_bif_args;                   // from the MachineState
  std::int32_t ep_slots, ep_bif_fn;                          // from an ExportEntry
  std::int32_t fe_arity, fe_address;                         // from a FunEntry
  std::int32_t signal_message;                               // from a Signal
  // The VM's active code index (ExportEntry::slots[index]; code.h), which
  // lives as long as the VM and so as long as the code generated here.
  const std::atomic<unsigned>* code_index = nullptr;
};
Layout compute_layout();

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

// ---- Out-of-line helpers native code calls (helpers.cpp) -------------------

// Binary matching with a size of `all` (the rest of the context, which must
// be a multiple of `unit`), and the other bs_* calls binary.h has no
// term-level form of.
Term bs_get_rest(vm::Process* p, Term ctx, Word unit);
bool bs_skip_rest(Term ctx, Word unit);
bool bs_remaining_is_multiple(Term ctx, Word unit);
Term bs_position_term(Term ctx);
void bs_set_position_term(Term ctx, Term position);

// Called by the step stub: the interpreter runs one instruction.
int step_helper(vm::Process* p, vm::MachineState* ms, int opcode);

// What loop_rec_refill returns (instr_msg.cpp tests it with cmp/jb/ja, so
// the order matters: none < message < exited).
inline constexpr int kRefillNone = 0;     // no message: go to the wait
inline constexpr int kRefillMessage = 1;  // a message is there now
inline constexpr int kRefillExited = 2;   // a signal ended the process
static_assert(kRefillNone < kRefillMessage && kRefillMessage < kRefillExited);
int loop_rec_refill(vm::Process* p, vm::MachineState* ms);
int wait_helper(vm::Process* p, vm::MachineState* ms, const Word* resume);
void remove_message_helper(vm::Process* p);
Term send_helper(vm::Process* p, Term* x);

// ---- The emitter -----------------------------------------------------------

// Translates one code unit (a module version's code, or the VM's boot code).
// Member functions are defined by area: emitter.cpp (dispatch, operands,
// shared tests), instr_<area>.cpp (one emit_<op> per instruction or family),
// helpers.cpp (the step site and stub).
class UnitCompiler {
 public:
  UnitCompiler(x86::Assembler& a, const Layout& layout, const InlineBifs& bifs, bool inline_fast_paths, Word* code,
               std::size_t words, std::vector<std::uint32_t> starts, std::vector<Opcode> ops);

  // Returns false when a jump target is not an instruction of this unit.
  bool compile();

  const std::vector<Label>& labels() const { return labels_; }

 private:
  // --- operands (emitter.cpp) ---
  const Word* instr(std::size_t i) const { return code_ + starts_[i]; }
  x86::Mem reg_mem(Word w) const;
  void load(const x86::Gp& r, Word w);
  void store(Word w, const x86::Gp& r);
  void store_imm(Word w, Word value);
  // The native label of a bytecode jump target, or nullptr if not in the unit.
  const Label* target(Word address) const;
  // A fresh out-of-line slow path that steps instruction i.
  Label slow(std::size_t i);
  // The label of instruction i + 1, or `otherwise` after the last one.
  Label next_or(std::size_t i, const Label& otherwise) const;

  // --- shared tests and runtime glue (emitter.cpp) ---
  void cmp_low_bits(const x86::Gp& r, int mask, int value);
  void cmp_low_bits_of_both(int mask, int value);
  void require_small(const x86::Gp& r, const Label& slow);
  void require_smalls(Word wa, Word wb, const Label& slow);
  void require_box_kind(vm::BoxKind kind, const Label& no);
  void require_boxed_float(const x86::Gp& r, const Label& no);
  void alloc(std::size_t words, const Label& slow);
  void save_state(const Word* pc);
  void take_charge();

  // --- the step (helpers.cpp) ---
  void emit_step_site(std::size_t i);
  void emit_step_stub();

  // --- dispatch (emitter.cpp): emit instruction i; false on a malformed
  // jump target. Every emit_<op> below has that contract. ---
  bool emit(std::size_t i);

  // --- calls, returns, frames, exceptions (instr_calls.cpp) ---
  void charge_call(const Label& slow);
  void pop_frame(Word y_count);
  void return_to_cp();
  Label bif_failed(const Label& step);
  bool emit_allocate(std::size_t i);
  bool emit_deallocate(std::size_t i);
  bool emit_test_heap(std::size_t i);
  bool emit_call(std::size_t i);      // call, call_last, call_only
  bool emit_call_ext(std::size_t i);  // call_ext, call_ext_last, call_ext_only
  void emit_export_bif_call(std::size_t i, Label entry, Label s);
  bool emit_call_fun(std::size_t i);  // call_fun, call_fun_last, call_fun_only
  bool emit_return(std::size_t i);
  bool emit_jump(std::size_t i);
  bool emit_call_bif(std::size_t i);
  bool emit_bif(std::size_t i);  // bif0..bif3
  void emit_bif_call(const Word* I, vm::BifFn fn, int arity, Word dst, const Label& on_error);
  bool emit_try(std::size_t i);  // try_, catch_
  bool emit_try_end(std::size_t i);
  bool emit_try_case(std::size_t i);
  bool emit_catch_end(std::size_t i);

  // --- arithmetic (instr_arith.cpp) ---
  void to_double(const x86::Gp& r, const x86::Xmm& xmm, const Label& slow);
  void box_double(Word dst, const Label& slow);
  bool emit_arith(std::size_t i);  // add sub mul band bor bxor int_div int_rem

  // --- tests, comparisons, select (instr_tests.cpp) ---
  bool emit_order_test(std::size_t i);     // is_lt, is_ge
  bool emit_equality_test(std::size_t i);  // is_eq_exact, is_ne_exact, is_eq, is_ne
  bool emit_type_test(std::size_t i);      // is_integer, is_atom, ...
  bool emit_test_arity(std::size_t i);     // test_arity, is_tagged_tuple
  bool emit_select_val(std::size_t i);
  bool emit_select_tuple_arity(std::size_t i);

  // --- data: moves, lists, tuples, funs (instr_data.cpp) ---
  void fill_words(const Word* sources, Word n, Word first);
  bool emit_move(std::size_t i);
  bool emit_swap(std::size_t i);
  bool emit_init_x(std::size_t i);
  bool emit_init_yregs(std::size_t i);
  bool emit_get_list(std::size_t i);
  bool emit_get_hd_tl(std::size_t i);  // get_hd, get_tl
  bool emit_get_tuple_element(std::size_t i);
  bool emit_put_list(std::size_t i);
  bool emit_put_tuple(std::size_t i);
  bool emit_make_fun(std::size_t i);
  bool emit_length(std::size_t i);

  // --- binary matching (instr_bs.cpp) ---
  bool emit_bs(std::size_t i);  // bs_start_match, bs_get_*, bs_skip_bits, ...

  // --- messages (instr_msg.cpp) ---
  bool emit_loop_rec(std::size_t i);
  bool emit_loop_rec_end(std::size_t i);
  bool emit_remove_message(std::size_t i);
  bool emit_send(std::size_t i);
  bool emit_wait(std::size_t i);

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

}  // namespace girder::jit::x64
