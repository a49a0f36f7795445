// A process: its heap, stack, registers saved while it is not running, and
// the exception state BIFs report errors through.
//
// Invariants:
// * Only the scheduler thread currently running a process touches its heap,
//   stack and dictionary.
// * Error contract for BIFs and runtime helpers: on failure they return
//   kNonValue after storing the class (error/exit/throw) and reason with
//   fail(); the interpreter then unwinds to the nearest catch or ends the
//   process. No C++ exception ever crosses the interpreter.
#pragma once

#include <cstdint>
#include <vector>

#include "vm/atom.h"
#include "vm/heap.h"
#include "vm/term.h"

namespace girder::vm {

class VM;

class Process {
 public:
  Process(VM& vm, Word id);
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // --- errors (BIF contract) ---
  // Record an exception; always returns kNonValue so BIFs can `return p.fail(...)`.
  Term fail(Term error_class, Term reason) {
    error_class_ = error_class;
    error_reason_ = reason;
    return kNonValue;
  }
  Term badarg() { return fail(atoms::error, atoms::badarg); }
  Term badarith() { return fail(atoms::error, atoms::badarith); }
  Term system_limit() { return fail(atoms::error, atoms::system_limit); }
  Term error_class() const { return error_class_; }
  Term error_reason() const { return error_reason_; }
  Term& error_reason_ref() { return error_reason_; }
  // The stack trace of the pending exception, as Erlang terms, once built.
  Term& error_stacktrace() { return error_stacktrace_; }

  // --- allocation (never collects; see heap.h) ---
  Word* alloc(Word words) { return heap_.alloc(words); }
  Heap& heap() { return heap_; }

  VM& vm() const { return vm_; }
  Word id() const { return id_; }
  Term self() const { return Term::pid(id_); }

  // The process dictionary: a list of {Key, Value} pairs in insertion order
  // (erlang:get/0 order matches OTP for small dictionaries only roughly; see
  // docs/internals/vm.md). Stored as a vector of terms on this heap.
  std::vector<Term>& dictionary() { return dictionary_; }

  // --- execution state, saved while the process is not running ---
  // The stack grows down from stack_hi_ toward stack_lo_; E (the frame
  // pointer) is its lowest used word. Frames: E[0] = saved continuation
  // pointer (a raw code address), E[1..n] = Y slots.
  struct ExecState {
    const Word* pc = nullptr;
    const Word* cp = nullptr;  // continuation; nullptr = return ends the process
    Term* e = nullptr;
    std::vector<Term> args;    // live X registers while not running
  };
  ExecState& exec() { return exec_; }
  Term* stack_lo() const { return stack_lo_; }
  Term* stack_hi() const { return stack_hi_; }
  // Grow the stack so that at least `words` more fit below `e`; returns the
  // rebased e (all other stack addresses shift by the same amount).
  Term* grow_stack(Term* e, Word words);
  // Garbage-collect with x[0..live) as register roots, leaving `need` words
  // free. The caller passes its current E.
  void garbage_collect(Term* x, Word live, Term* e, Word need);

  // erlang:raise/3 supplies its own stack trace: the unwinder keeps it.
  void set_keep_stacktrace(bool keep) { keep_stacktrace_ = keep; }
  bool take_keep_stacktrace() {
    bool k = keep_stacktrace_;
    keep_stacktrace_ = false;
    return k;
  }
  // statistics(runtime | wall_clock) report the time since the last call.
  Term& last_runtime() { return last_runtime_; }
  Term& last_wall_clock() { return last_wall_clock_; }

  // Exit state once the process has finished.
  Term exit_reason() const { return exit_reason_; }
  void set_exit_reason(Term r) { exit_reason_ = r; }

  ~Process();

 private:
  ExecState exec_;
  Term* stack_lo_ = nullptr;
  Term* stack_hi_ = nullptr;
  Term exit_reason_ = kNonValue;
  bool keep_stacktrace_ = false;
  Term last_runtime_ = kNil;
  Term last_wall_clock_ = kNil;
  Heap heap_;
  Term error_class_ = kNonValue;
  Term error_reason_ = kNonValue;
  Term error_stacktrace_ = kNil;
  VM& vm_;
  Word id_;
  std::vector<Term> dictionary_;  // alternating key, value
};

}  // namespace girder::vm
