// vm/proc/ — processes and their life. Owns: the Process object (this
// file), mailboxes and signals (send, links, monitors, exits), the process
// table, the timer wheel and timer thread, and the scheduler threads. May
// call: term/, heap/, exec/ (run a slice), text/ (crash reports).
//
// A process: its heap, stack, registers saved while it is not running, the
// exception state BIFs report errors through, its mailbox and its relations
// (links, monitors) to other processes.
//
// Invariants:
// * Only the scheduler thread currently running a process touches its heap,
//   stack, dictionary, message queue and relations. Other threads reach a
//   process only through its inbox (signals), its atomic `state` (wake-ups)
//   and `timeout_fired_` (timers); see scheduler.h for the state machine.
// * Lifetime: the process table holds one reference; anyone who looks a
//   process up holds another until release(). The object is freed at zero.
// * Error contract for BIFs and runtime helpers: on failure they return
//   kNonValue after storing the class (error/exit/throw) and reason with
//   fail(); the interpreter then unwinds to the nearest catch or ends the
//   process. No C++ exception ever crosses the interpreter.
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "vm/heap/heap.h"
#include "vm/proc/mailbox.h"
#include "vm/term/atom.h"
#include "vm/term/term.h"

namespace girder::vm {

struct WaitState;

class VM;
struct ExportEntry;

// The native state of a BIF that does a long job in slices and keeps more
// than fits in its trap arguments (term_to_binary's encoder stack, a
// decoder's half-built term, the output so far). It lives on the process
// from a trap until the continuation's next call, which takes it back
// (Process::take_job); a process that dies meanwhile frees it.
class BifJob {
 public:
  virtual ~BifJob() = default;
  // Heap terms the job holds: the collector treats them as roots and
  // updates them in place when it moves what they point to.
  virtual void roots(std::vector<std::span<Term>>& out) { (void)out; }
};

// Scheduling state (see scheduler.h for the transitions).
enum class ProcState : std::uint8_t {
  Runnable,  // on a run queue, or about to be put on one
  Running,   // a scheduler is executing it
  Waiting,   // in receive with nothing to match: on no queue
  Exiting,   // finished; never runs again
  Held,      // Runnable, held still where it is by another thread for a
             // moment (Scheduler::claim); a worker that takes it waits
};

enum class Priority : std::uint8_t { Max = 0, High = 1, Normal = 2, Low = 3 };
inline constexpr int kPriorityCount = 4;

// The identity of a reference term (its payload words).
struct RefId {
  Word w0 = 0, w1 = 0;
  bool operator==(const RefId&) const = default;
};

// Links and monitors; allocated on first use so that a fresh process stays small.
struct Relations {
  std::vector<Word> links;  // pid indexes
  std::vector<Word> port_links;  // port indexes (vm/io/port.h): sockets and ports this process owns
  struct Monitor {
    RefId ref;
    Word pid;        // the monitored process
    Term name;       // the registered name it was set up by, or [] (an atom: no heap)
  };
  std::vector<Monitor> monitors;  // monitors this process holds
  struct Watcher {
    RefId ref;
    Word pid;        // the process holding the monitor
    Term name;       // as above: how the watcher named this process
  };
  std::vector<Watcher> watchers;  // monitors held on this process
};

// A long job (length/1, lists:reverse, iodata and ETF conversions...) does
// about this many units of work (list cells, terms, chunks of bytes) per
// slice, then yields or traps so the scheduler can switch processes; each
// slice charges about a tenth of it in reductions (Process::charge).
inline constexpr std::size_t kJobSliceUnits = 40000;

class Process {
 public:
  // `heap_words`: size of the first young block (see heap.h).
  Process(VM& vm, Word id, Word heap_words = Heap::kMinWords);
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
  // A BIF that has done a slice of a long job returns this: the interpreter
  // then calls `target` with `args` (x0.., at most kMaxTrapArgs) in the BIF's
  // place, charging reductions and yielding first when the slice is over.
  // Only BIFs reached as calls (call_ext, apply, funs) may trap; the
  // compiler never emits them as bif1..bif3 (BifSpec::may_trap, bif/bif.h).
  static constexpr std::size_t kMaxTrapArgs = 3;
  Term trap(ExportEntry* target, std::initializer_list<Term> args) {
    trap_target_ = target;
    exec_.args.assign(args.begin(), args.end());
    return fail(atoms::trap_, kNil);
  }
  // The interpreter's side: move the arguments into x, clear the
  // exception, return the target.
  // A BIF continuing a job (BifJob) parks it here before trapping; `token`
  // (a small integer, passed in the trap's arguments) lets the continuation
  // check that the job it is handed is the one it left, so a direct call of
  // the hidden continuation with made-up arguments finds nothing.
  Term park_job(std::unique_ptr<BifJob> job) {
    job_token_ = (job_token_ + 1) & 0xffffffff;
    job_ = std::move(job);
    return Term::small(static_cast<SWord>(job_token_));
  }
  template <class Job>
  std::unique_ptr<Job> take_job(Term token) {
    if (!job_ || !token.is_small() || token.small_value() != static_cast<SWord>(job_token_)) return nullptr;
    if (dynamic_cast<Job*>(job_.get()) == nullptr) return nullptr;
    return std::unique_ptr<Job>(static_cast<Job*>(job_.release()));
  }
  // A continuation that fails reports the error as the BIF the program
  // called (OTP shows erlang:term_to_binary/1, never its trap target), with
  // the original arguments, which are the continuation's first ones.
  Term fail_as(ExportEntry* original, Term error_class, Term reason) {
    error_as_ = original;
    return fail(error_class, reason);
  }
  ExportEntry* take_error_as() {
    ExportEntry* e = error_as_;
    error_as_ = nullptr;
    return e;
  }
  // Set by native code when a BIF it called directly returned kNonValue
  // (an error or a trap) and it hands the instruction to the interpreter's
  // step: the step must take that outcome, not call the BIF a second time
  // (a continuation has already advanced its job).
  bool take_bif_outcome_pending() {
    bool b = bif_outcome_pending_;
    bif_outcome_pending_ = false;
    return b;
  }
  // The `length` instruction yielded in the middle of a list (opcodes.def):
  // the next time this process runs, which is that instruction again, it
  // continues from the state it left in X registers.
  void set_resume_length() { resume_length_ = true; }
  bool take_resume_length() {
    bool r = resume_length_;
    resume_length_ = false;
    return r;
  }
  ExportEntry* take_trap(Term* x) {
    for (std::size_t i = 0; i < exec_.args.size(); ++i) x[i] = exec_.args[i];
    exec_.args.clear();
    fail(kNonValue, kNonValue);
    ExportEntry* t = trap_target_;
    trap_target_ = nullptr;
    return t;
  }
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
  // Hash index over a large dictionary (bif/erlang.cpp): key hash -> position
  // of the key in dictionary(). Holds no terms, so collections leave it valid.
  struct DictIndex {
    std::unordered_multimap<std::uint32_t, std::uint32_t> positions;
  };
  std::unique_ptr<DictIndex>& dict_index() { return dict_index_; }

  // --- execution state, saved while the process is not running ---
  // The stack grows down from stack_hi_ toward stack_lo_; E (the frame
  // pointer) is its lowest used word. Frames: E[0] = saved continuation
  // pointer (a raw code address), E[1..n] = Y slots.
  struct ExecState {
    const Word* pc = nullptr;
    const Word* cp = nullptr;  // continuation; nullptr = return ends the process
    Term* e = nullptr;
    std::vector<Term> args;    // live X registers while not running
    // Set when the slice ended at a remote call, before the callee ran an
    // instruction (pc is the entry the export led to then): a purge may
    // move pc to where the export leads now (retarget_remote_call in
    // vm/bif/code.cpp). Cleared at every slice start.
    const ExportEntry* yielded_at_export = nullptr;
  };
  ExecState& exec() { return exec_; }
  // Byte offsets of the fields generated code reads and writes directly.
  struct NativeLayout {
    std::size_t pc, cp, e, stack_lo, heap, charged, messages, bif_outcome_pending, resume_length;
  };
  static NativeLayout native_layout();
  Term* stack_lo() const { return stack_lo_; }
  Term* stack_hi() const { return stack_hi_; }
  // Grow the stack so that at least `words` more fit below `e`; returns the
  // rebased e (all other stack addresses shift by the same amount).
  Term* grow_stack(Term* e, Word words);
  // Garbage-collect with x[0..live) as register roots, leaving `need` words
  // free. The caller passes its current E.
  void garbage_collect(Term* x, Word live, Term* e, Word need);
  // erlang:hibernate/3, after the stack was dropped: shrink the heap to
  // what is live (the M, F, A in exec().args, the dictionary...).
  void compact_heap();
  GcRoots gc_roots(Term* e);  // all roots but the X registers (process.cpp)

  // error/2,3: the argument list for the top frame of the trace (or kNonValue).
  void set_error_args(Term args) { error_args_ = args; }
  Term take_error_args() {
    Term a = error_args_;
    error_args_ = kNonValue;
    return a;
  }
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
  // What the process's first function returned (kNonValue until it does,
  // and for ever if it ends otherwise); ProcessWaiter reports it.
  Term return_value() const { return return_value_; }
  void set_return_value(Term v) { return_value_ = v; }

  ~Process();

  // --- lifetime (process_table.h) ---
  void retain() { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Returns true when this was the last reference (the caller deletes).
  bool release_ref() {
    // acq_rel: the deleting thread must see every other user's writes.
    return refs_.fetch_sub(1, std::memory_order_acq_rel) == 1;
  }

  // --- scheduling ---
  std::atomic<ProcState>& state() { return state_; }
  Priority priority() const { return priority_; }
  void set_priority(Priority p) { priority_ = p; }
  Process*& queue_link() { return queue_link_; }
  // The worker running this process (-1 when none): wake-ups it causes go
  // to that worker's `next` slot.
  int worker() const { return worker_; }
  void set_worker(int w) { worker_ = w; }
  // The CLI's main process reports its own crash; others print an error
  // report when they die of an uncaught error.
  bool report_crash() const { return report_crash_; }
  void set_report_crash(bool on) { report_crash_ = on; }
  // A host's call process (the embedding API's girder_call): its last
  // return parks it (RunResult::HostReturned, state left Running: owned by
  // the host, which reuses it for the next call) instead of ending it.
  // host_returned() is set, release, by the scheduler after its last touch.
  bool host_call() const { return host_call_; }
  void set_host_call(bool on) { host_call_ = on; }
  std::atomic<bool>& host_returned() { return host_returned_; }
  // Notified (its condition, under its mutex) when the process parks, so a
  // host blocked waiting for the call wakes at once.
  const std::shared_ptr<WaitState>& host_wait_state() const { return host_wait_state_; }
  void set_host_wait_state(std::shared_ptr<WaitState> s) { host_wait_state_ = std::move(s); }
  // BIFs whose work grows with their input charge it here (about one
  // reduction per 10 elements, as BEAM's lists:reverse); the interpreter
  // takes it off the slice budget after the call, so long BIF work moves
  // the next preemption point closer.
  void charge(Word reductions) { charged_ += reductions; }
  Word take_charge() {
    Word c = charged_;
    charged_ = 0;
    return c;
  }
  Word reductions() const { return reductions_; }
  void add_reductions(Word n) { reductions_ += n; }

  // --- mailbox ---
  Inbox& inbox() { return inbox_; }
  MessageQueue& messages() { return messages_; }

  // Receive timeout: armed by wait_timeout, fired by the timer service.
  // Each arming gets a fresh sequence number so a late firing of an earlier
  // timer is ignored.
  Word timer_seq() const { return timer_seq_; }
  Word arm_timer() {
    timer_armed_ = true;
    return ++timer_seq_;
  }
  bool timer_armed() const { return timer_armed_; }
  std::uint64_t& timer_id() { return timer_id_; }
  // The armed timer fired (read by the owner).
  bool timeout_fired() const {
    // acquire: pairs with the timer thread's release store.
    return timer_armed_ && timeout_fired_.load(std::memory_order_acquire) == timer_seq_;
  }
  // Called by the timer service (any thread).
  void fire_timeout(Word seq) { timeout_fired_.store(seq, std::memory_order_seq_cst); }
  void disarm_timer() { timer_armed_ = false; }
  // The sequence number of the last timer that fired (any thread).
  Word timeout_seq_fired() const { return timeout_fired_.load(std::memory_order_seq_cst); }

  // --- flags and identity ---
  bool trap_exit() const { return trap_exit_; }
  void set_trap_exit(bool on) { trap_exit_ = on; }
  Term group_leader() const { return group_leader_; }
  void set_group_leader(Term pid) { group_leader_ = pid; }
  Relations& relations() {
    if (!relations_) relations_ = std::make_unique<Relations>();
    return *relations_;
  }
  bool has_relations() const { return relations_ != nullptr; }
  // {M, F, A} of the call the process was spawned with (atoms and a small).
  void set_initial_call(Term m, Term f, Word arity) {
    initial_module_ = m;
    initial_function_ = f;
    initial_arity_ = arity;
  }
  Term initial_module() const { return initial_module_; }
  Term initial_function() const { return initial_function_; }
  Word initial_arity() const { return initial_arity_; }
  // max_heap_size in words (0: no limit).
  Word max_heap_words() const { return max_heap_words_; }
  // Checked after each collection (as BEAM does): the heap outgrew the limit.
  // Over its own max_heap_size, or its growth put the VM's heaps together
  // over the VM's limit (VMOptions::vm_heap_limit_words): either way it dies.
  bool over_heap_limit() const {
    return (max_heap_words_ != 0 && heap_.words_used() > max_heap_words_) || heap_.vm_over_limit();
  }
  void set_max_heap_words(Word w) { max_heap_words_ = w; }

 private:
  // Layout: fields the interpreter and native code touch on every call,
  // allocation, BIF call and receive come first, so they share the first
  // two cache lines; their offsets are pinned by static_asserts in
  // process.cpp and handed to the JIT through native_layout(). Fields other
  // threads write (state_, refs_, the inbox, timeout_fired_) follow, apart
  // from them, so a sender does not invalidate the running process's hot
  // line on every message.
  ExecState exec_;                    // pc, cp, e: saved at every exit to the runtime
  Term* stack_lo_ = nullptr;          // stack limit, checked by allocate
  Term* stack_hi_ = nullptr;
  Word charged_ = 0;                  // BIF work, taken after each BIF call
  bool bif_outcome_pending_ = false;  // see take_bif_outcome_pending
  bool resume_length_ = false;        // see set_resume_length
  Heap heap_;                         // htop_ and limit_ first (heap.h)
  MessageQueue messages_;             // the receive scan

  // Touched by the scheduler and by other threads.
  std::atomic<ProcState> state_{ProcState::Runnable};
  std::atomic<std::uint32_t> refs_{1};
  Priority priority_ = Priority::Normal;
  bool trap_exit_ = false;
  bool timer_armed_ = false;
  bool report_crash_ = true;
  bool host_call_ = false;
  std::atomic<bool> host_returned_{false};
  std::shared_ptr<WaitState> host_wait_state_;
  int worker_ = -1;
  Process* queue_link_ = nullptr;
  Inbox inbox_;
  Word timer_seq_ = 0;
  std::atomic<Word> timeout_fired_{0};
  std::uint64_t timer_id_ = 0;
  Word reductions_ = 0;

  // Cold: identity, relations, errors, the dictionary.
  Term group_leader_ = kNil;
  Term initial_module_ = kNil;
  Term initial_function_ = kNil;
  Word initial_arity_ = 0;
  Word max_heap_words_ = 0;
  std::unique_ptr<Relations> relations_;
  Term exit_reason_ = kNonValue;
  Term return_value_ = kNonValue;
  bool keep_stacktrace_ = false;
  Term last_runtime_ = kNil;
  Term last_wall_clock_ = kNil;
  Term error_class_ = kNonValue;
  Term error_reason_ = kNonValue;
  Term error_stacktrace_ = kNil;
  Term error_args_ = kNonValue;
  ExportEntry* trap_target_ = nullptr;  // see trap()
  ExportEntry* error_as_ = nullptr;     // see fail_as()
  std::unique_ptr<BifJob> job_;         // see park_job()
  Word job_token_ = 0;
  VM& vm_;
  Word id_;
  std::vector<Term> dictionary_;  // alternating key, value
  std::unique_ptr<DictIndex> dict_index_;
};

}  // namespace girder::vm
