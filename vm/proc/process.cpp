#include "vm/proc/process.h"

#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "vm/vm.h"

namespace girder::vm {

namespace {
constexpr Word kInitialStackWords = 16;
}

Process::Process(VM& vm, Word id, Word heap_words)
    : heap_(heap_words, &vm.heap_totals()), vm_(vm), id_(id) {
  stack_lo_ = static_cast<Term*>(std::malloc(kInitialStackWords * sizeof(Term)));
  if (!stack_lo_) std::abort();
  stack_hi_ = stack_lo_ + kInitialStackWords;
  exec_.e = stack_hi_;
}

Process::~Process() { std::free(stack_lo_); }

Term* Process::grow_stack(Term* e, Word words) {
  Word used = static_cast<Word>(stack_hi_ - e);
  Word old_size = static_cast<Word>(stack_hi_ - stack_lo_);
  Word new_size = old_size * 2;
  while (new_size < used + words + 16) new_size *= 2;
  auto* block = static_cast<Term*>(std::malloc(new_size * sizeof(Term)));
  if (!block) std::abort();
  Term* new_hi = block + new_size;
  std::memcpy(new_hi - used, e, used * sizeof(Term));
  std::free(stack_lo_);
  stack_lo_ = block;
  stack_hi_ = new_hi;
  return new_hi - used;
}

// Everything of the process the collector must treat as roots, besides
// the live X registers: the stack from `e` up, the dictionary, the pending
// exception and exit reason, saved arguments, a parked BIF job's terms.
GcRoots Process::gc_roots(Term* e) {
  GcRoots roots;
  roots.stack = std::span<Term>(e, stack_hi_);
  roots.extra = std::span<Term>(dictionary_);
  roots.more.push_back(std::span<Term>(&error_reason_, 1));
  roots.more.push_back(std::span<Term>(&error_stacktrace_, 1));
  roots.more.push_back(std::span<Term>(&exit_reason_, 1));
  roots.more.push_back(std::span<Term>(&return_value_, 1));
  // error/2,3's argument list lives from the failing BIF to the unwinder,
  // which allocates no GC point in between today; a root all the same, so
  // that stays a performance fact rather than a correctness condition.
  roots.more.push_back(std::span<Term>(&error_args_, 1));
  if (!exec_.args.empty()) roots.more.push_back(std::span<Term>(exec_.args));
  if (job_) job_->roots(roots.more);
  return roots;
}

void Process::compact_heap() {
  GcRoots roots = gc_roots(exec_.e);
  heap_.compact(roots);
}

void Process::garbage_collect(Term* x, Word live, Term* e, Word need) {
  GcRoots roots = gc_roots(e);
  roots.registers = std::span<Term>(x, live);
  heap_.collect(roots, need);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
Process::NativeLayout Process::native_layout() {
  // The hot fields lead the object (see the layout note in process.h): the
  // execution state at offset 0, the heap's allocation pointers within the
  // first two cache lines, the message queue right after the heap.
  static_assert(offsetof(Process, exec_) == 0);
  static_assert(offsetof(Process, stack_lo_) == sizeof(Process::ExecState));
  static_assert(offsetof(Process, charged_) < 64 + 32);
  static_assert(offsetof(Process, heap_) + 2 * sizeof(Word*) <= 128, "htop_ and limit_ within two cache lines");
  static_assert(offsetof(Process, messages_) < offsetof(Process, state_));
  static_assert(offsetof(Process, state_) >= 128, "the cross-thread fields start after the hot lines");
  return {offsetof(Process, exec_) + offsetof(ExecState, pc), offsetof(Process, exec_) + offsetof(ExecState, cp),
          offsetof(Process, exec_) + offsetof(ExecState, e), offsetof(Process, stack_lo_), offsetof(Process, heap_),
          offsetof(Process, charged_), offsetof(Process, messages_),
          offsetof(Process, bif_outcome_pending_), offsetof(Process, resume_length_)};
}
#pragma GCC diagnostic pop

}  // namespace girder::vm
