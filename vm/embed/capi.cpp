// The C embedding API (include/girder.h) over the runtime (runtime.h).
// Design and ownership rules: docs/internals/embedding.md; the user's
// guide: docs/embedding.md.
//
// Invariants:
// * Every API function that touches a VM counts itself in its Core's
//   `inflight` for the whole call (an Entry). girder_vm_free first tells
//   every waiting call and receive to give up and stops the schedulers,
//   then sets `gone` and waits for `inflight` to drain: an Entry
//   increments and then reads `gone`, the destroyer stores `gone` and then
//   reads `inflight` (both seq_cst), so either the Entry sees the VM gone
//   or the destroyer waits for it. Core::vm is nullptr once the VM is
//   freed; arenas and mailboxes then answer GIRDER_ECLOSED. (A counter, not
//   a reader-writer lock: it is on every call's path.)
// * A term handle is either an immediate's own word (primary tag 3: small
//   integers, atoms, pids, ports, []) or (arena serial << 32 | slot << 2),
//   an index into the arena's slot table. An arena's serial changes when it
//   is cleared, so handles from before are refused, not followed.
// * Every boxed term a slot holds lives in that arena's store (a process
//   heap no scheduler runs and no collector moves) and points only into
//   it or to off-heap binaries the store holds a reference to: builders
//   take elements from the same arena only.
// * No C++ exception leaves this file: every entry point catches and
//   reports (std::bad_alloc as GIRDER_ENOMEM).
#include "girder.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "loader/load.h"
#include "loader/module_file.h"
#include "tools/compiler/frontend.h"
#include "vm/embed/runtime.h"
#include "vm/bif/registry.h"
#include "vm/exec/code.h"
#include "vm/heap/copy.h"
#include "vm/proc/mailbox.h"
#include "vm/proc/process.h"
#include "vm/proc/process_table.h"
#include "vm/proc/scheduler.h"
#include "vm/proc/signals.h"
#include "vm/proc/waiter.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/text/etf.h"
#include "vm/text/print.h"
#include "vm/vm.h"

using girder::vm::Term;
using girder::vm::Word;
namespace gv = girder::vm;

namespace {

// The text of the last failure, per host thread (errno-like): the one
// piece of state that is not per VM, because a failure may have no VM.
thread_local std::string t_last_error;

girder_status fail(girder_status status, std::string text) {
  t_last_error = std::move(text);
  return status;
}

using Clock = std::chrono::steady_clock;

Clock::time_point deadline_after(std::int64_t timeout_ms) {
  if (timeout_ms < 0) return Clock::time_point::max();
  return Clock::now() + std::chrono::milliseconds(timeout_ms);
}

}  // namespace

// What outlives the VM: arenas and mailboxes hold it to learn the VM is gone.
struct Core {
  // Every live arena of the VM (girder_vm_free empties their stores), with
  // its own lock in Core: girder_arena_free may run after the VM is gone.
  std::mutex arenas_mutex;
  std::unordered_set<girder_arena*> arenas;
  bool arenas_torn_down = false;  // under arenas_mutex
  std::atomic<int> inflight{0};
  std::atomic<bool> gone{false};
  std::atomic<bool> closing{false};
  girder_vm* vm = nullptr;  // valid while !gone, read inside an Entry only
};

// A host mailbox's queue of received messages (each a message signal, an
// off-heap copy), shared by the mailbox handle and the VM's table.
struct HostQueue {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<gv::Signal*> messages;
  std::atomic<std::size_t> count{0};  // messages.size(), for lock-free polling
  bool closed = false;
  int event_fd = -1;  // readable while messages is not empty
  ~HostQueue() {
    for (gv::Signal* s : messages) gv::free_signal(s);
    if (event_fd >= 0) ::close(event_fd);
  }
};

struct NativeEntry {
  std::string module;
  std::string function;
  unsigned arity = 0;
  girder_native_fn fn = nullptr;
  void* userdata = nullptr;
};

struct girder_native_call {
  void* userdata = nullptr;
  bool raised = false;
  Term error_class;
  girder_term reason = 0;
};

struct girder_arena {
  std::shared_ptr<Core> core;
  std::uint32_t serial = 0;
  std::unique_ptr<gv::Process> store;  // terms live on its heap
  std::vector<Term> slots;
  std::deque<std::string> texts;  // text handed out until the next clear
  // The last function girder_call resolved here: a host calling the same
  // function again skips the atom and export lookups (export entries live
  // as long as the VM).
  std::string last_module, last_function;
  unsigned last_arity = 0;
  gv::ExportEntry* last_entry = nullptr;
};

struct girder_mailbox {
  std::shared_ptr<Core> core;
  std::shared_ptr<HostQueue> queue;
  Word pid = 0;
};

// A parked call process (Process::host_call) and the waiter that learns if
// it ends (an exception, a kill) instead of parking again.
// The Caller holds a reference on its process (Process::retain), so the
// process object outlives an exit the host has not seen yet.
struct Caller {
  gv::Process* process = nullptr;
  unsigned home = 0;  // the worker its calls are queued on (Scheduler::enqueue_near)
  std::unique_ptr<gv::ProcessWaiter> waiter;
  Caller() = default;
  Caller(const Caller&) = delete;
  Caller& operator=(const Caller&) = delete;
  ~Caller() { gv::ProcessTable::release(process); }
};

struct girder_vm final : gv::HostHooks, gv::WakeSource {
  std::shared_ptr<Core> core;
  std::unique_ptr<girder::Runtime> runtime;
  bool host_driven = false;

  std::mutex mailboxes_mutex;
  std::unordered_map<Word, std::shared_ptr<HostQueue>> mailboxes;

  std::mutex natives_mutex;
  std::vector<NativeEntry> natives;
  std::unordered_set<std::string> native_modules;
  std::mutex native_load_mutex;  // one stub module rebuilt at a time

  std::mutex callers_mutex;
  std::vector<std::unique_ptr<Caller>> idle_callers;
  std::atomic<unsigned> next_home{0};

  std::vector<girder_arena*> spare_arenas;  // for natives' arguments, under core->arenas_mutex
  std::atomic<std::uint32_t> next_serial{1};

  gv::VM& vm() { return runtime->vm(); }

  // The host may always send or spawn: an embedded VM is never deadlocked.
  bool may_wake() const override { return true; }
  bool mailbox_put(gv::Process& p, Term message) override;
  Term call_native(gv::Process& p, Word id, Term args) override;
};

namespace {

// Counts one API call in flight on a VM (see the invariant at the top).
class Entry {
 public:
  explicit Entry(const std::shared_ptr<Core>& core) : core_(*core) {
    core_.inflight.fetch_add(1, std::memory_order_seq_cst);
    vm_ = core_.gone.load(std::memory_order_seq_cst) ? nullptr : core_.vm;
  }
  ~Entry() { core_.inflight.fetch_sub(1, std::memory_order_release); }
  Entry(const Entry&) = delete;
  Entry& operator=(const Entry&) = delete;
  girder_vm* vm() const { return vm_; }
  bool ok() const { return vm_ != nullptr; }

 private:
  Core& core_;
  girder_vm* vm_ = nullptr;
};

girder_status closed() { return fail(GIRDER_ECLOSED, "the VM has been destroyed"); }

// --- arenas and handles ---------------------------------------------------

void arena_reset_store(girder_vm* v, girder_arena* a) {
  a->slots.clear();
  a->texts.clear();
  a->store = std::make_unique<gv::Process>(v->vm(), 0, gv::Heap::kMinWords);
  a->serial = v->next_serial.fetch_add(1, std::memory_order_relaxed);
  if (a->serial == 0) a->serial = v->next_serial.fetch_add(1, std::memory_order_relaxed);
}

girder_arena* arena_create(girder_vm* v) {
  auto* a = new girder_arena;
  a->core = v->core;
  arena_reset_store(v, a);
  std::lock_guard lock(v->core->arenas_mutex);
  v->core->arenas.insert(a);
  return a;
}

// Is an immediate word one this VM could have made?
bool valid_immediate(girder_vm* v, Term t) {
  if (t.is_small() || t.is_nil() || t.is_pid() || t.is_port()) return true;
  if (t.is_atom()) return t.atom_index() < v->vm().atoms().count();
  return false;
}

bool decode(girder_vm* v, girder_arena* a, girder_term h, Term& out) {
  if ((h & 3) == 3) {
    out = Term::from_raw(h);
    return valid_immediate(v, out);
  }
  if ((h & 3) != 0 || (h >> 32) != a->serial) return false;
  std::uint64_t slot = (h & 0xFFFFFFFFu) >> 2;
  if (slot >= a->slots.size()) return false;
  out = a->slots[slot];
  return true;
}

girder_term encode(girder_arena* a, Term t) {
  if (t.is_immediate()) return t.raw();
  a->slots.push_back(t);
  return (static_cast<std::uint64_t>(a->serial) << 32) | (static_cast<std::uint64_t>(a->slots.size() - 1) << 2);
}

girder_status bad_term() { return fail(GIRDER_EBADARG, "a term that is not valid in this arena"); }

// A deep copy of `t` (from anywhere) onto the arena's heap.
Term copy_into(girder_arena* a, Term t) {
  if (t.is_immediate()) return t;
  Word words = gv::copy_size(t);
  Word* hp = a->store->alloc(words);
  Word* proc_bins = nullptr;
  Term copy = gv::copy_term(t, hp, proc_bins);
  a->store->heap().link_proc_bins(proc_bins);
  return copy;
}

Term copy_onto_process(gv::Process& p, Term t) {
  if (t.is_immediate()) return t;
  Word words = gv::copy_size(t);
  Word* hp = p.alloc(words);
  Word* proc_bins = nullptr;
  Term copy = gv::copy_term(t, hp, proc_bins);
  p.heap().link_proc_bins(proc_bins);
  return copy;
}

const char* keep_text(girder_arena* a, std::string text, size_t* length) {
  a->texts.push_back(std::move(text));
  if (length != nullptr) *length = a->texts.back().size();
  return a->texts.back().c_str();
}

// Calls an API body, turning C++ exceptions into status codes.
template <typename F>
girder_status guarded(F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(GIRDER_ENOMEM, "out of memory");
  } catch (const std::exception& e) {
    return fail(GIRDER_EBADARG, e.what());
  } catch (...) {
    return fail(GIRDER_EBADARG, "unexpected failure");
  }
}

// Runs an arena function: the VM alive, the arena given.
template <typename F>
girder_status with_arena(girder_arena* a, F&& body) {
  if (a == nullptr) return fail(GIRDER_EBADARG, "arena is NULL");
  return guarded([&]() -> girder_status {
    Entry entry(a->core);
    if (!entry.ok()) return closed();
    return body(entry.vm());
  });
}

// --- waiting for a process ------------------------------------------------

// Wait up to about 30 us for `ready` without sleeping: a quick call or
// reply lands within microseconds, far sooner than a thread blocked on a
// condition variable wakes. A few pause-spins, then yields, so a worker
// sharing this core (2 cores, 2 schedulers and a host thread) can run the
// very process we wait for. Bounded by time, not iterations: a yield on a
// loaded machine can last a whole time slice.
template <typename F>
void spin_until(F&& ready) {
  auto until = Clock::now() + std::chrono::microseconds(30);
  for (int i = 0; !ready(); ++i) {
    if (i < 32) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
      continue;
    }
    std::this_thread::yield();
    if ((i & 3) == 3 && Clock::now() >= until) return;
  }
}

// Waits for the process `waiter` watches, running the VM on this thread in
// host-driven mode. nullptr on timeout or when the VM is closing.
const gv::ProcessOutcome* await_outcome(girder_vm* v, gv::ProcessWaiter& waiter, Clock::time_point deadline) {
  gv::Scheduler& sched = v->vm().scheduler();
  if (!v->host_driven) {
    // A short spin first: a quick call answers within microseconds, far
    // sooner than a sleeping thread wakes.
    spin_until([&] { return waiter.done(); });
    for (;;) {
      if (waiter.done()) return waiter.wait_for(std::chrono::nanoseconds(0));
      if (v->core->closing.load(std::memory_order_relaxed)) return nullptr;
      auto now = Clock::now();
      if (now >= deadline) return nullptr;
      auto slice = std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(20));
      if (const gv::ProcessOutcome* o = waiter.wait_for(slice)) return o;
    }
  }
  for (;;) {
    auto r = sched.run_for(std::chrono::milliseconds(2), [&] { return waiter.done(); });
    if (waiter.done()) return waiter.wait_for(std::chrono::nanoseconds(0));
    if (v->core->closing.load(std::memory_order_relaxed)) return nullptr;
    auto now = Clock::now();
    if (now >= deadline) return nullptr;
    auto until = std::min<Clock::time_point>(deadline, now + std::chrono::milliseconds(20));
    if (r == gv::Scheduler::RunFor::Idle) {
      sched.wait_for_work(until);
    } else if (r == gv::Scheduler::RunFor::Busy) {
      // Another host thread drives the VM; it runs our process too.
      waiter.wait_for(std::chrono::microseconds(200));
    } else if (r == gv::Scheduler::RunFor::Stopped) {
      return nullptr;
    }
  }
}

// exit(Pid, kill) from the host.
void kill_process(girder_vm* v, Word pid) {
  gv::Signal* s = gv::new_signal(gv::SignalKind::Exit, Term::pid(pid), 0);
  s->reason() = gv::atoms::kill;
  if (!gv::post_signal(v->vm(), pid, s, -1)) gv::free_signal(s);
}

girder_status resolve_function(girder_vm* v, Term m, Term f, std::size_t arity) {
  gv::ExportEntry* e = v->vm().code().export_entry(m, f, static_cast<unsigned>(arity));
  std::string error;
  if (v->vm().code().address(e) == nullptr && e->bif < 0) v->vm().code().ensure_loaded(m, error);
  if (v->vm().code().address(e) == nullptr && e->bif < 0) {
    return fail(GIRDER_EUNDEF, std::string(v->vm().atoms().name(m)) + ":" + std::string(v->vm().atoms().name(f)) +
                                   "/" + std::to_string(arity) + " is not defined" +
                                   (error.empty() ? "" : " (" + error + ")"));
  }
  return GIRDER_OK;
}

bool atom_from_name(girder_vm* v, const char* name, Term& out) {
  if (name == nullptr) return false;
  std::size_t n = std::strlen(name);
  if (n == 0 || n > 1020) return false;
  out = v->vm().atoms().intern(std::string_view(name, n));
  return true;
}

// Runs M:F(Args) (args: a list term, anywhere) in a fresh process to its
// end; the outcome's kind decides the status. No crash report on stderr.
girder_status outcome_status(girder_vm* v, girder_arena* a, const gv::ProcessOutcome& o, girder_term* result) {
  using Kind = gv::ProcessOutcome::Kind;
  switch (o.kind) {
    case Kind::Returned:
      if (result != nullptr) *result = encode(a, copy_into(a, o.value));
      return GIRDER_OK;
    case Kind::Raised:
    case Kind::Killed: {
      Term cls = o.kind == Kind::Killed ? gv::atoms::exit : o.error_class;
      Term stack = o.stacktrace.is_value() ? o.stacktrace : gv::kNil;
      if (result != nullptr) {
        Term parts[3] = {cls, copy_into(a, o.reason), copy_into(a, stack)};
        *result = encode(a, gv::make_tuple(*a->store, std::span<const Term>(parts, 3)));
      }
      return fail(GIRDER_EEXCEPTION, girder::format_crash_report(v->vm(), cls, o.reason, stack));
    }
    case Kind::Halted:
      return fail(GIRDER_ECLOSED, "erlang:halt/1 ended the VM (status " + std::to_string(o.halt_status) + ")");
    case Kind::NoProc:
    case Kind::Deadlocked:
    case Kind::Stopped:
      break;
  }
  return fail(GIRDER_ECLOSED, "the VM stopped before the call returned");
}

girder_status run_call(girder_vm* v, girder_arena* a, Term m, Term f, Term args, std::size_t argc,
                       std::int64_t timeout_ms, girder_term* result) {
  if (girder_status s = resolve_function(v, m, f, argc); s != GIRDER_OK) return s;
  gv::ProcessWaiter waiter(v->vm());
  Term pid = v->runtime->spawn(m, f, &waiter, args, /*report_crash=*/false);
  const gv::ProcessOutcome* o = await_outcome(v, waiter, deadline_after(timeout_ms));
  if (o == nullptr) {
    if (v->core->closing.load(std::memory_order_relaxed)) return closed();
    kill_process(v, pid.pid_index());
    return fail(GIRDER_ETIMEOUT, "the call did not return within " + std::to_string(timeout_ms) + " ms");
  }
  return outcome_status(v, a, *o, result);
}

// --- call processes ----------------------------------------------------------
//
// girder_call does not spawn a process per call: it reuses parked call
// processes (Process::host_call), whose last return parks them instead of
// ending them. A call process is reused only while nothing of an earlier
// call can leak into the next: no message or signal waiting, empty
// dictionary, no links, monitors, name, timer or trap_exit, normal priority
// and the standard group leader; otherwise it is let go (killed) and a new
// one made. An exception or a kill ends it as any process ends.

std::unique_ptr<Caller> make_caller(girder_vm* v) {
  gv::VM& vm = v->vm();
  auto c = std::make_unique<Caller>();
  Word id = vm.processes().next_id();
  auto* p = new gv::Process(vm, id, 233);
  p->set_host_call(true);
  p->set_report_crash(false);
  p->set_initial_call(vm.atoms().intern("girder"), vm.atoms().intern("host_call"), 0);
  p->set_group_leader(v->runtime->io_server());
  p->set_max_heap_words(vm.options().default_max_heap_words);
  p->exec().pc = vm.boot_host_park();
  c->waiter = std::make_unique<gv::ProcessWaiter>(vm);
  c->waiter->attach(Term::pid(id), /*expect_alive=*/false);
  // Threaded hosts block on the waiter's condition; a host-driven one runs
  // the process itself and never does (the notify would be wasted).
  if (!v->host_driven) p->set_host_wait_state(c->waiter->state());
  // Claimed from the start (Running, on no queue): the caller uses it now.
  p->state().store(gv::ProcState::Running, std::memory_order_relaxed);
  p->retain();  // the Caller's reference (the table holds its own)
  vm.processes().insert(p);
  c->process = p;
  c->home = v->next_home.fetch_add(1, std::memory_order_relaxed);
  return c;
}

// Take hold of a parked call process (as process_info does): false when
// it is gone, or busy elsewhere (woken by a message: then it is dirty).
bool claim_caller(girder_vm* v, Caller& c) {
  bool was_waiting = false;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    if (c.waiter->done()) return false;
    if (v->vm().scheduler().claim(c.process, -1, was_waiting)) {
      if (!was_waiting) {
        // It was queued (woken): give it back to run its `wait`.
        v->vm().scheduler().unclaim(c.process, false);
        return false;
      }
      return true;
    }
    std::this_thread::yield();  // claimed by a process_info, or running its `wait`
  }
  return false;
}

bool caller_is_clean(girder_vm* v, gv::Process& p) {
  if (p.inbox().has_pending() || p.messages().count() != 0 || !p.dictionary().empty() || p.trap_exit() ||
      p.priority() != gv::Priority::Normal || p.timer_armed() || p.group_leader() != v->runtime->io_server()) {
    return false;
  }
  if (p.has_relations()) {
    gv::Relations& r = p.relations();
    if (!r.links.empty() || !r.port_links.empty() || !r.monitors.empty() || !r.watchers.empty()) return false;
  }
  return !v->vm().processes().name_of(p.id()).is_atom();
}

// Let a claimed call process go: it takes a kill at its next slice.
void release_caller(girder_vm* v, std::unique_ptr<Caller> c) {
  kill_process(v, c->process->id());
  c->process->state().store(gv::ProcState::Runnable, std::memory_order_release);  // see Scheduler::claim
  v->vm().scheduler().enqueue(c->process, -1);
}

// A parked call process that could not be claimed: the kill reaches it.
void abandon_caller(girder_vm* v, std::unique_ptr<Caller> c) {
  if (!c->waiter->done()) kill_process(v, c->process->id());
}

// Waits for call process `c` to park again or end.
bool await_caller(girder_vm* v, Caller& c, Clock::time_point deadline) {
  gv::Process& p = *c.process;
  auto finished = [&] { return p.host_returned().load(std::memory_order_acquire) || c.waiter->done(); };
  gv::Scheduler& sched = v->vm().scheduler();
  if (!v->host_driven) {
    spin_until(finished);
    while (!finished()) {
      if (v->core->closing.load(std::memory_order_relaxed)) return false;
      auto now = Clock::now();
      if (now >= deadline) return false;
      // Parking notifies the waiter's condition (Process::host_wait_state).
      auto slice = std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(20));
      c.waiter->wait_for_or(finished, slice);
    }
    return true;
  }
  for (;;) {
    if (finished()) return true;
    auto r = sched.run_for(std::chrono::milliseconds(2), finished);
    if (finished()) return true;
    if (v->core->closing.load(std::memory_order_relaxed)) return false;
    auto now = Clock::now();
    if (now >= deadline) return false;
    auto until = std::min<Clock::time_point>(deadline, now + std::chrono::milliseconds(20));
    if (r == gv::Scheduler::RunFor::Idle) {
      sched.wait_for_work(until);
    } else if (r == gv::Scheduler::RunFor::Busy) {
      c.waiter->wait_for(std::chrono::microseconds(200));
    } else if (r == gv::Scheduler::RunFor::Stopped) {
      return false;
    }
  }
}

girder_status pooled_call(girder_vm* v, girder_arena* a, gv::ExportEntry& entry, std::span<const Term> args,
                          std::int64_t timeout_ms, girder_term* result) {
  gv::ExportEntry* e = &entry;
  Term m = e->module, f = e->function;
  const Word* address = v->vm().code().address(e);
  if (address == nullptr) {
    if (girder_status s = resolve_function(v, m, f, args.size()); s != GIRDER_OK) return s;
    // Still no code address: a BIF. The boot code's apply calls it.
    address = v->vm().code().address(e);
  }
  std::unique_ptr<Caller> c;
  for (;;) {
    {
      std::lock_guard lock(v->callers_mutex);
      if (v->idle_callers.empty()) break;
      c = std::move(v->idle_callers.back());
      v->idle_callers.pop_back();
    }
    if (claim_caller(v, *c)) {
      if (caller_is_clean(v, *c->process)) break;
      release_caller(v, std::move(c));
    } else {
      abandon_caller(v, std::move(c));
    }
    c.reset();
  }
  if (!c) c = make_caller(v);
  gv::Process& p = *c->process;
  // A parked process's heap only holds what earlier calls left: collect it
  // now and then (no roots: nothing in it is live).
  auto& exec = p.exec();
  exec.args.clear();
  if (p.heap().words_used() > 32 * 1024) p.garbage_collect(nullptr, 0, p.stack_hi(), 0);
  if (address != nullptr) {
    for (Term t : args) exec.args.push_back(copy_onto_process(p, t));
    exec.pc = address;
  } else {
    std::vector<Term> copied;
    for (Term t : args) copied.push_back(copy_onto_process(p, t));
    exec.args = {m, f, gv::make_list(p, std::span<const Term>(copied))};
    exec.pc = v->vm().boot_apply();
  }
  exec.cp = nullptr;
  exec.e = p.stack_hi();
  p.set_initial_call(m, f, args.size());
  p.host_returned().store(false, std::memory_order_relaxed);
  p.state().store(gv::ProcState::Runnable, std::memory_order_release);  // see Scheduler::claim
  gv::Scheduler& sched = v->vm().scheduler();
  if (v->host_driven) {
    if (!sched.run_now(&p)) sched.enqueue(&p, -1);
  } else {
    sched.enqueue_near(&p, c->home);
  }
  if (!await_caller(v, *c, deadline_after(timeout_ms))) {
    if (v->core->closing.load(std::memory_order_relaxed)) return closed();
    kill_process(v, p.id());
    return fail(GIRDER_ETIMEOUT, "the call did not return within " + std::to_string(timeout_ms) + " ms");
  }
  if (c->waiter->done()) {
    // It ended (an exception, or killed): the outcome says how.
    const gv::ProcessOutcome* o = c->waiter->wait_for(std::chrono::nanoseconds(0));
    return outcome_status(v, a, *o, result);
  }
  // Parked: claim it back to read what it returned (its heap is ours then).
  if (!claim_caller(v, *c)) {
    if (c->waiter->done()) {
      const gv::ProcessOutcome* o = c->waiter->wait_for(std::chrono::nanoseconds(0));
      return outcome_status(v, a, *o, result);
    }
    abandon_caller(v, std::move(c));
    return fail(GIRDER_EEXCEPTION, "the call's process was taken over before its result could be read");
  }
  if (result != nullptr) *result = encode(a, copy_into(a, p.return_value()));
  // kNonValue: a later exception must not look like a return (waiter.cpp
  // calls an exit with a return value Returned).
  p.set_return_value(gv::kNonValue);
  if (caller_is_clean(v, p)) {
    v->vm().scheduler().unclaim(&p, /*was_waiting=*/true);
    std::lock_guard lock(v->callers_mutex);
    if (v->idle_callers.size() < 64) {
      v->idle_callers.push_back(std::move(c));
      return GIRDER_OK;
    }
    abandon_caller(v, std::move(c));
    return GIRDER_OK;
  }
  release_caller(v, std::move(c));
  return GIRDER_OK;
}

girder_status check_args(girder_vm* v, girder_arena* a, const girder_term* args, std::size_t argc,
                         std::vector<Term>& out) {
  if (argc > 255) return fail(GIRDER_EBADARG, "more than 255 arguments");
  if (argc != 0 && args == nullptr) return fail(GIRDER_EBADARG, "args is NULL");
  out.resize(argc);
  for (std::size_t i = 0; i < argc; ++i) {
    if (!decode(v, a, args[i], out[i])) return bad_term();
  }
  return GIRDER_OK;
}

// --- loading --------------------------------------------------------------

girder_status load_module_bytes(girder_vm* v, std::vector<std::uint8_t> bytes, int flags, girder_term* name_out) {
  girder::loader::AsmModule module;
  std::string error;
  if (!girder::loader::read_module(bytes, module, error)) return fail(GIRDER_ELOAD, "bad module file: " + error);
  if (module.atoms.empty()) return fail(GIRDER_ELOAD, "bad module file: no module name");
  gv::VM& vm = v->vm();
  Term name = vm.atoms().intern(module.atoms[0]);
  {
    std::lock_guard lock(v->natives_mutex);
    if (v->native_modules.count(module.atoms[0]) != 0) {
      return fail(GIRDER_ELOAD, "module " + module.atoms[0] + " holds natives registered by the host");
    }
  }
  // girder_control:load_modules([{Name, Bin}], Purge): the same
  // all-or-nothing load `girder load` makes, run in a process of the VM.
  girder_arena* a = arena_create(v);
  std::unique_ptr<girder_arena, void (*)(girder_arena*)> hold(a, girder_arena_free);
  unsigned char* data = nullptr;
  Term bin = gv::make_binary_uninit(*a->store, bytes.size(), &data);
  std::memcpy(data, bytes.data(), bytes.size());
  Term pair = gv::make_tuple(*a->store, {name, bin});
  Term call_args[2] = {gv::make_cons(*a->store, pair, gv::kNil),
                       (flags & GIRDER_LOAD_PURGE) != 0 ? gv::atoms::true_ : gv::atoms::false_};
  Term args = gv::make_list(*a->store, std::span<const Term>(call_args, 2));
  girder_term result = 0;
  girder_status s = run_call(v, a, vm.atoms().intern("girder_control"), vm.atoms().intern("load_modules"), args, 2,
                             -1, &result);
  if (s != GIRDER_OK) return s;
  Term r;
  if (!decode(v, a, result, r) || !r.is_tuple() || r.tuple_arity() != 2) {
    return fail(GIRDER_ELOAD, "the code loader gave an unexpected answer");
  }
  std::string text;
  Term t = r.element(1);
  if (t.is_bitstring()) {
    gv::BitView view = gv::bit_view(t);
    text.assign(reinterpret_cast<const char*>(view.data), view.byte_size());
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (r.element(0) != gv::atoms::ok) return fail(GIRDER_ELOAD, text);
  if (name_out != nullptr) *name_out = name.raw();
  t_last_error = text;  // what was loaded, for the curious
  return GIRDER_OK;
}

girder_status load_data(girder_vm* v, const std::string& name_hint, std::string_view data, int flags,
                        girder_term* name_out) {
  if (data.size() >= 4 && data.substr(0, 4) == "GBC1") {
    return load_module_bytes(v, std::vector<std::uint8_t>(data.begin(), data.end()), flags, name_out);
  }
  std::vector<std::uint8_t> bytes;
  std::string module, errors;
  if (!girder::compile_to_module_file(data, name_hint, bytes, module, errors)) return fail(GIRDER_ELOAD, errors);
  return load_module_bytes(v, std::move(bytes), flags, name_out);
}

// The stub module of a native module: each native is a function that hands
// its arguments to girder_bif:call_native/2 with the native's index.
std::string native_stub_source(const std::string& module, const std::vector<std::pair<std::size_t, NativeEntry>>& fns) {
  auto quote = [](const std::string& atom) {
    std::string out = "'";
    for (char c : atom) {
      if (c == '\'' || c == '\\') out += '\\';
      out += c;
    }
    return out + "'";
  };
  std::string src = "-module(" + quote(module) + ").\n-export([";
  bool first = true;
  for (const auto& [id, e] : fns) {
    src += (first ? "" : ", ") + quote(e.function) + "/" + std::to_string(e.arity);
    first = false;
  }
  src += "]).\n";
  for (const auto& [id, e] : fns) {
    std::string params;
    for (unsigned i = 0; i < e.arity; ++i) params += (i ? ", A" : "A") + std::to_string(i);
    src += quote(e.function) + "(" + params + ") -> girder_bif:call_native(" + std::to_string(id) + ", [" + params +
           "]).\n";
  }
  return src;
}

}  // namespace

// --- hooks the VM calls -----------------------------------------------------

bool girder_vm::mailbox_put(gv::Process& p, Term message) {
  std::shared_ptr<HostQueue> q;
  {
    std::lock_guard lock(mailboxes_mutex);
    auto it = mailboxes.find(p.id());
    if (it == mailboxes.end()) return false;
    q = it->second;
  }
  gv::Signal* s = gv::message_signal(p.self(), message);
  std::lock_guard lock(q->mutex);
  if (q->closed) {
    gv::free_signal(s);
    return false;
  }
  q->messages.push_back(s);
  if (q->count.fetch_add(1, std::memory_order_release) == 0 && q->event_fd >= 0) {
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(q->event_fd, &one, sizeof one);
  }
  q->cv.notify_one();
  return true;
}

Term girder_vm::call_native(gv::Process& p, Word id, Term args) {
  NativeEntry entry;
  {
    std::lock_guard lock(natives_mutex);
    if (id >= natives.size()) return p.badarg();
    entry = natives[id];
  }
  girder_arena* a = nullptr;
  {
    std::lock_guard lock(core->arenas_mutex);
    if (!spare_arenas.empty()) {
      a = spare_arenas.back();
      spare_arenas.pop_back();
    }
  }
  if (a == nullptr) a = arena_create(this);
  std::vector<girder_term> argv;
  for (Term l = args; l.is_list(); l = l.tail()) argv.push_back(encode(a, copy_into(a, l.head())));
  girder_native_call call;
  call.userdata = entry.userdata;
  girder_term result = 0;
  girder_status status = GIRDER_EBADARG;
  try {
    status = entry.fn(&call, a, argv.data(), argv.size(), &result);
  } catch (...) {
    status = GIRDER_EBADARG;  // a C++ host's exception must not unwind the VM
  }
  Term out = gv::kNonValue;
  Term value;
  if (status == GIRDER_OK && result != 0 && decode(this, a, result, value)) {
    out = copy_onto_process(p, value);
  } else if (call.raised && decode(this, a, call.reason, value)) {
    p.fail(call.error_class, copy_onto_process(p, value));
  } else {
    p.badarg();
  }
  arena_reset_store(this, a);
  std::lock_guard lock(core->arenas_mutex);
  if (spare_arenas.size() < 8) {
    spare_arenas.push_back(a);
  } else {
    core->arenas.erase(a);
    delete a;
  }
  return out;
}

// --- the API ----------------------------------------------------------------

extern "C" {

int girder_version(void) { return GIRDER_API_VERSION; }

const char* girder_last_error(void) { return t_last_error.c_str(); }

const char* girder_status_name(girder_status status) {
  switch (status) {
    case GIRDER_OK: return "GIRDER_OK";
    case GIRDER_EBADARG: return "GIRDER_EBADARG";
    case GIRDER_EEXCEPTION: return "GIRDER_EEXCEPTION";
    case GIRDER_ETIMEOUT: return "GIRDER_ETIMEOUT";
    case GIRDER_ENOPROC: return "GIRDER_ENOPROC";
    case GIRDER_EUNDEF: return "GIRDER_EUNDEF";
    case GIRDER_ELOAD: return "GIRDER_ELOAD";
    case GIRDER_ECLOSED: return "GIRDER_ECLOSED";
    case GIRDER_ENOMEM: return "GIRDER_ENOMEM";
    case GIRDER_ERANGE: return "GIRDER_ERANGE";
    case GIRDER_EBUSY: return "GIRDER_EBUSY";
    case GIRDER_EIO: return "GIRDER_EIO";
  }
  return "GIRDER_E?";
}

void girder_options_init(girder_options* options) {
  if (options == nullptr) return;
  std::memset(options, 0, sizeof *options);
  options->size = sizeof *options;
  options->jit = 1;
}

girder_status girder_vm_new(const girder_options* user_options, girder_vm** out) {
  if (out == nullptr) return fail(GIRDER_EBADARG, "out is NULL");
  *out = nullptr;
  girder_options options;
  girder_options_init(&options);
  if (user_options != nullptr) {
    if (user_options->size < offsetof(girder_options, output) || user_options->size > sizeof options) {
      return fail(GIRDER_EBADARG, "options.size is not sizeof(girder_options): call girder_options_init");
    }
    std::memcpy(&options, user_options, user_options->size);
  }
  if (options.schedulers < GIRDER_HOST_DRIVEN || options.schedulers > 1024) {
    return fail(GIRDER_EBADARG, "options.schedulers must be GIRDER_HOST_DRIVEN, 0 or 1..1024");
  }
  if (options.code_path_count != 0 && options.code_path == nullptr) {
    return fail(GIRDER_EBADARG, "options.code_path is NULL");
  }
  if (options.allocator != nullptr &&
      (options.allocator->allocate == nullptr || options.allocator->release == nullptr)) {
    return fail(GIRDER_EBADARG, "options.allocator needs both allocate and release");
  }
  return guarded([&]() -> girder_status {
    auto v = std::make_unique<girder_vm>();
    v->core = std::make_shared<Core>();
    v->host_driven = options.schedulers == GIRDER_HOST_DRIVEN;
    girder::RuntimeOptions ro;
    for (std::size_t i = 0; i < options.code_path_count; ++i) {
      if (options.code_path[i] == nullptr) return fail(GIRDER_EBADARG, "options.code_path has a NULL entry");
      ro.code_path.emplace_back(options.code_path[i]);
    }
    ro.schedulers = options.schedulers > 0 ? static_cast<unsigned>(options.schedulers) : 0;
    ro.host_driven = v->host_driven;
    ro.jit = options.jit != 0 ? girder::RuntimeOptions::Jit::Native : girder::RuntimeOptions::Jit::Off;
    ro.default_max_heap_words = options.process_heap_limit / sizeof(Word);
    ro.vm_heap_limit_words = options.vm_heap_limit / sizeof(Word);
    if (options.allocator != nullptr) {  // copied: the host's struct may go
      ro.heap_allocate = options.allocator->allocate;
      ro.heap_release = options.allocator->release;
      ro.heap_allocator_userdata = options.allocator->userdata;
    }
    if (options.output != nullptr) {
      girder_output_fn fn = options.output;
      void* ud = options.output_userdata;
      ro.write_stdout = [fn, ud](std::string_view s) { fn(ud, 1, s.data(), s.size()); };
      ro.write_stderr = [fn, ud](std::string_view s) { fn(ud, 2, s.data(), s.size()); };
    }
    v->runtime = std::make_unique<girder::Runtime>(std::move(ro));
    v->vm().set_host_hooks(v.get());
    v->vm().scheduler().add_wake_source(v.get());
    v->core->vm = v.get();
    v->runtime->start();
    *out = v.release();
    return GIRDER_OK;
  });
}

void girder_vm_free(girder_vm* v) {
  if (v == nullptr) return;
  std::shared_ptr<Core> core = v->core;
  core->closing.store(true, std::memory_order_seq_cst);
  // Wake everything that waits: receives on mailboxes, then calls (the
  // scheduler's stop ends every process wait with Stopped).
  {
    std::lock_guard lock(v->mailboxes_mutex);
    for (auto& [pid, q] : v->mailboxes) {
      std::lock_guard ql(q->mutex);
      q->closed = true;
      q->cv.notify_all();
    }
  }
  v->runtime->stop();
  v->vm().waiters().finish_all(gv::ProcessOutcome::Kind::Stopped);
  core->gone.store(true, std::memory_order_seq_cst);
  while (core->inflight.load(std::memory_order_acquire) != 0) std::this_thread::yield();
  core->vm = nullptr;
  {
    std::lock_guard lock(v->callers_mutex);
    v->idle_callers.clear();  // their processes go with the process table
  }
  {
    std::lock_guard lock(core->arenas_mutex);
    for (girder_arena* a : v->spare_arenas) {
      core->arenas.erase(a);
      delete a;
    }
    v->spare_arenas.clear();
    for (girder_arena* a : core->arenas) {
      a->slots.clear();
      a->texts.clear();
      a->store.reset();
    }
    core->arenas.clear();
    core->arenas_torn_down = true;
  }
  {
    std::lock_guard lock(v->mailboxes_mutex);
    for (auto& [pid, q] : v->mailboxes) {
      std::lock_guard ql(q->mutex);
      for (gv::Signal* s : q->messages) gv::free_signal(s);
      q->messages.clear();
    }
    v->mailboxes.clear();
  }
  v->vm().scheduler().remove_wake_source(v);
  v->vm().set_host_hooks(nullptr);
  v->runtime.reset();
  delete v;
}

girder_status girder_run_for(girder_vm* v, uint64_t microseconds, int* idle) {
  if (v == nullptr) return fail(GIRDER_EBADARG, "vm is NULL");
  if (idle != nullptr) *idle = 0;
  Entry entry(v->core);
  if (!entry.ok() || v->core->closing.load()) return closed();
  if (!v->host_driven) return fail(GIRDER_EBADARG, "girder_run_for: the VM runs its own schedulers");
  auto r = v->vm().scheduler().run_for(std::chrono::microseconds(microseconds));
  switch (r) {
    case gv::Scheduler::RunFor::Busy: return fail(GIRDER_EBUSY, "another thread is running the VM");
    case gv::Scheduler::RunFor::Stopped: return closed();
    case gv::Scheduler::RunFor::Idle:
      if (idle != nullptr) *idle = 1;
      return GIRDER_OK;
    default: return GIRDER_OK;
  }
}

girder_status girder_wait_for_work(girder_vm* v, int64_t timeout_ms, int* woken) {
  if (v == nullptr) return fail(GIRDER_EBADARG, "vm is NULL");
  Entry entry(v->core);
  if (!entry.ok() || v->core->closing.load()) return closed();
  if (!v->host_driven) return fail(GIRDER_EBADARG, "girder_wait_for_work: the VM runs its own schedulers");
  bool w = v->vm().scheduler().wait_for_work(deadline_after(timeout_ms));
  if (woken != nullptr) *woken = w ? 1 : 0;
  return GIRDER_OK;
}

girder_status girder_load_file(girder_vm* v, const char* path, int flags, girder_term* module_name) {
  if (v == nullptr || path == nullptr) return fail(GIRDER_EBADARG, "vm or path is NULL");
  return guarded([&]() -> girder_status {
    Entry entry(v->core);
    if (!entry.ok() || v->core->closing.load()) return closed();
    std::string data;
    if (!girder::read_file(path, data)) return fail(GIRDER_EIO, std::string(path) + ": cannot read file");
    return load_data(v, path, data, flags, module_name);
  });
}

girder_status girder_load_memory(girder_vm* v, const char* name_hint, const void* data, size_t length, int flags,
                                 girder_term* module_name) {
  if (v == nullptr || (data == nullptr && length != 0)) return fail(GIRDER_EBADARG, "vm or data is NULL");
  return guarded([&]() -> girder_status {
    Entry entry(v->core);
    if (!entry.ok() || v->core->closing.load()) return closed();
    return load_data(v, name_hint != nullptr ? name_hint : "nofile",
                     std::string_view(static_cast<const char*>(data), length), flags, module_name);
  });
}

girder_status girder_arena_new(girder_vm* v, girder_arena** out) {
  if (v == nullptr || out == nullptr) return fail(GIRDER_EBADARG, "vm or out is NULL");
  return guarded([&]() -> girder_status {
    Entry entry(v->core);
    if (!entry.ok()) return closed();
    *out = arena_create(v);
    return GIRDER_OK;
  });
}

void girder_arena_free(girder_arena* a) {
  if (a == nullptr) return;
  std::shared_ptr<Core> core = a->core;
  // Under the lock girder_vm_free empties the arenas with: either it
  // has not reached this one (taken out here) or its store is gone.
  std::lock_guard lock(core->arenas_mutex);
  core->arenas.erase(a);
  delete a;
}

void girder_arena_clear(girder_arena* a) {
  if (a == nullptr) return;
  Entry entry(a->core);
  if (girder_vm* v = entry.vm()) {
    try {
      arena_reset_store(v, a);
    } catch (...) {
      a->slots.clear();
    }
  }
}

girder_status girder_term_copy(girder_arena* from, girder_term t, girder_arena* to, girder_term* out) {
  if (from == nullptr || to == nullptr || out == nullptr) return fail(GIRDER_EBADARG, "NULL argument");
  if (from->core != to->core) return fail(GIRDER_EBADARG, "the arenas belong to different VMs");
  return with_arena(from, [&](girder_vm* v) -> girder_status {
    Term term;
    if (!decode(v, from, t, term)) return bad_term();
    *out = encode(to, copy_into(to, term));
    return GIRDER_OK;
  });
}

// --- builders ---------------------------------------------------------------

girder_status girder_make_int(girder_arena* a, int64_t value, girder_term* out) {
  if (out == nullptr) return fail(GIRDER_EBADARG, "out is NULL");
  return with_arena(a, [&](girder_vm*) {
    *out = encode(a, gv::make_integer(*a->store, value));
    return GIRDER_OK;
  });
}

girder_status girder_make_uint(girder_arena* a, uint64_t value, girder_term* out) {
  if (out == nullptr) return fail(GIRDER_EBADARG, "out is NULL");
  return with_arena(a, [&](girder_vm*) {
    *out = encode(a, gv::make_integer_u64(*a->store, value));
    return GIRDER_OK;
  });
}

girder_status girder_make_int_text(girder_arena* a, const char* text, int base, girder_term* out) {
  if (out == nullptr || text == nullptr) return fail(GIRDER_EBADARG, "NULL argument");
  if (base < 2 || base > 36) return fail(GIRDER_EBADARG, "base must be 2..36");
  return with_arena(a, [&](girder_vm*) -> girder_status {
    std::string_view s(text);
    std::string_view digits = s;
    if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
    if (digits.empty() || digits.size() > 100000) return fail(GIRDER_EBADARG, "not an integer");
    for (char c : digits) {
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 99;
      if (d >= base) return fail(GIRDER_EBADARG, "not an integer in base " + std::to_string(base) + ": " + std::string(s));
    }
    Term t = gv::int_from_string(*a->store, s, base);
    if (!t.is_value()) return fail(GIRDER_EBADARG, "not an integer: " + std::string(s));
    *out = encode(a, t);
    return GIRDER_OK;
  });
}

girder_status girder_make_float(girder_arena* a, double value, girder_term* out) {
  if (out == nullptr) return fail(GIRDER_EBADARG, "out is NULL");
  if (!std::isfinite(value)) return fail(GIRDER_EBADARG, "Erlang floats are finite");
  return with_arena(a, [&](girder_vm*) {
    *out = encode(a, gv::make_float(*a->store, value));
    return GIRDER_OK;
  });
}

girder_status girder_make_atom(girder_arena* a, const char* name, size_t length, girder_term* out) {
  if (out == nullptr || (name == nullptr && length != 0)) return fail(GIRDER_EBADARG, "NULL argument");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    std::string_view text(name, length);
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size();) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
      if (n == 0 || i + n > text.size()) return fail(GIRDER_EBADARG, "atom name is not UTF-8");
      for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return fail(GIRDER_EBADARG, "atom name is not UTF-8");
      }
      i += n;
      ++chars;
    }
    if (chars > 255) return fail(GIRDER_EBADARG, "atom name longer than 255 characters");
    *out = v->vm().atoms().intern(text).raw();
    return GIRDER_OK;
  });
}

girder_status girder_make_binary(girder_arena* a, const void* data, size_t length, girder_term* out) {
  if (out == nullptr || (data == nullptr && length != 0)) return fail(GIRDER_EBADARG, "NULL argument");
  return with_arena(a, [&](girder_vm*) {
    *out = encode(a, gv::make_binary(*a->store, std::string_view(static_cast<const char*>(data), length)));
    return GIRDER_OK;
  });
}

girder_status girder_make_string(girder_arena* a, const char* utf8, size_t length, girder_term* out) {
  if (out == nullptr || (utf8 == nullptr && length != 0)) return fail(GIRDER_EBADARG, "NULL argument");
  return with_arena(a, [&](girder_vm*) {
    *out = encode(a, gv::make_string(*a->store, std::string_view(utf8, length)));
    return GIRDER_OK;
  });
}

girder_status girder_make_tuple(girder_arena* a, const girder_term* elements, size_t count, girder_term* out) {
  if (out == nullptr || (elements == nullptr && count != 0)) return fail(GIRDER_EBADARG, "NULL argument");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    std::vector<Term> terms(count);
    for (std::size_t i = 0; i < count; ++i) {
      if (!decode(v, a, elements[i], terms[i])) return bad_term();
    }
    *out = encode(a, gv::make_tuple(*a->store, std::span<const Term>(terms)));
    return GIRDER_OK;
  });
}

girder_status girder_make_list(girder_arena* a, const girder_term* elements, size_t count, girder_term tail,
                               girder_term* out) {
  if (out == nullptr || (elements == nullptr && count != 0)) return fail(GIRDER_EBADARG, "NULL argument");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    std::vector<Term> terms(count);
    for (std::size_t i = 0; i < count; ++i) {
      if (!decode(v, a, elements[i], terms[i])) return bad_term();
    }
    Term t = gv::kNil;
    if (tail != 0 && !decode(v, a, tail, t)) return bad_term();
    *out = encode(a, gv::make_list(*a->store, std::span<const Term>(terms), t));
    return GIRDER_OK;
  });
}

girder_status girder_make_map(girder_arena* a, const girder_term* keys, const girder_term* values, size_t count,
                              girder_term* out) {
  if (out == nullptr || ((keys == nullptr || values == nullptr) && count != 0)) {
    return fail(GIRDER_EBADARG, "NULL argument");
  }
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    std::vector<Term> ks(count), vs(count);
    for (std::size_t i = 0; i < count; ++i) {
      if (!decode(v, a, keys[i], ks[i]) || !decode(v, a, values[i], vs[i])) return bad_term();
    }
    *out = encode(a, gv::map_from_pairs(*a->store, ks, vs));
    return GIRDER_OK;
  });
}

girder_status girder_parse_term(girder_arena* a, const char* text, size_t length, girder_term* out) {
  if (out == nullptr || (text == nullptr && length != 0)) return fail(GIRDER_EBADARG, "NULL argument");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    std::string src(text, length);
    // The term reader wants the final dot; add one if it is missing.
    std::size_t end = src.find_last_not_of(" \t\r\n");
    if (end == std::string::npos) return fail(GIRDER_EBADARG, "empty text");
    if (src[end] != '.') src += ".";
    girder::compiler::TermResult r = girder::compiler::parse_term(src, 1);
    if (r.status != girder::compiler::TermResult::Status::Ok) {
      return fail(GIRDER_EBADARG, "1: " + (r.error.message.empty() ? std::string("not a term") : r.error.message));
    }
    gv::ProcessAllocator alloc(*a->store);
    Term t = gv::etf_decode(r.etf, alloc, v->vm());
    if (!t.is_value()) return fail(GIRDER_EBADARG, "not a term");
    *out = encode(a, t);
    return GIRDER_OK;
  });
}

// --- inspection -------------------------------------------------------------

girder_type girder_type_of(girder_arena* a, girder_term h) {
  girder_type type = static_cast<girder_type>(0);
  with_arena(a, [&](girder_vm* v) -> girder_status {
    Term t;
    if (!decode(v, a, h, t)) return bad_term();
    if (t.is_integer()) type = GIRDER_TYPE_INTEGER;
    else if (t.is_float()) type = GIRDER_TYPE_FLOAT;
    else if (t.is_atom()) type = GIRDER_TYPE_ATOM;
    else if (t.is_bitstring()) type = GIRDER_TYPE_BINARY;
    else if (t.is_tuple()) type = GIRDER_TYPE_TUPLE;
    else if (t.is_nil()) type = GIRDER_TYPE_NIL;
    else if (t.is_list()) type = GIRDER_TYPE_LIST;
    else if (t.is_map()) type = GIRDER_TYPE_MAP;
    else if (t.is_pid()) type = GIRDER_TYPE_PID;
    else if (t.is_port()) type = GIRDER_TYPE_PORT;
    else if (t.is_ref()) type = GIRDER_TYPE_REFERENCE;
    else if (t.is_function()) type = GIRDER_TYPE_FUN;
    return GIRDER_OK;
  });
  return type;
}

#define GIRDER_DECODE(var, handle)                     \
  Term var;                                            \
  if (!decode(v, a, (handle), var)) return bad_term();

girder_status girder_get_int(girder_arena* a, girder_term h, int64_t* out) {
  if (out == nullptr) return fail(GIRDER_EBADARG, "out is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    if (!t.is_integer()) return fail(GIRDER_EBADARG, "not an integer");
    if (!gv::int_to_int64(t, *out)) return fail(GIRDER_ERANGE, "the integer does not fit in 64 bits");
    return GIRDER_OK;
  });
}

girder_status girder_get_int_text(girder_arena* a, girder_term h, int base, const char** text, size_t* length) {
  if (text == nullptr) return fail(GIRDER_EBADARG, "text is NULL");
  if (base < 2 || base > 36) return fail(GIRDER_EBADARG, "base must be 2..36");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    if (!t.is_integer()) return fail(GIRDER_EBADARG, "not an integer");
    *text = keep_text(a, gv::int_to_string(t, base), length);
    return GIRDER_OK;
  });
}

girder_status girder_get_float(girder_arena* a, girder_term h, double* out) {
  if (out == nullptr) return fail(GIRDER_EBADARG, "out is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    if (t.is_float()) *out = t.float_value();
    else if (t.is_integer()) *out = gv::int_to_double(t);
    else return fail(GIRDER_EBADARG, "not a number");
    return GIRDER_OK;
  });
}

girder_status girder_get_atom(girder_arena* a, girder_term h, const char** name, size_t* length) {
  if (name == nullptr) return fail(GIRDER_EBADARG, "name is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    if (!t.is_atom()) return fail(GIRDER_EBADARG, "not an atom");
    std::string_view s = v->vm().atoms().name(t);
    *name = s.data();
    if (length != nullptr) *length = s.size();
    return GIRDER_OK;
  });
}

girder_status girder_get_binary(girder_arena* a, girder_term h, const void** data, size_t* length) {
  if (data == nullptr || length == nullptr) return fail(GIRDER_EBADARG, "NULL argument");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    if (!t.is_bitstring()) return fail(GIRDER_EBADARG, "not a binary");
    gv::BitView view = gv::bit_view(t);
    if (view.bit_size % 8 != 0) return fail(GIRDER_EBADARG, "a bitstring that is not whole bytes");
    if (view.bit_offset == 0) {
      *data = view.data;
      *length = view.byte_size();
      return GIRDER_OK;
    }
    std::string bytes(view.byte_size(), '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      unsigned hi = view.data[i] << view.bit_offset, lo = view.data[i + 1] >> (8 - view.bit_offset);
      bytes[i] = static_cast<char>((hi | lo) & 0xFF);
    }
    *data = keep_text(a, std::move(bytes), length);
    return GIRDER_OK;
  });
}

girder_status girder_get_string(girder_arena* a, girder_term h, const char** utf8, size_t* length) {
  if (utf8 == nullptr) return fail(GIRDER_EBADARG, "utf8 is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    std::string out;
    if (t.is_bitstring()) {
      gv::BitView view = gv::bit_view(t);
      if (!view.byte_aligned()) return fail(GIRDER_EBADARG, "not a string");
      out.assign(reinterpret_cast<const char*>(view.data), view.byte_size());
    } else if (!t.is_nil() && !gv::string_from_chars(t, out)) {
      return fail(GIRDER_EBADARG, "not a string");
    }
    *utf8 = keep_text(a, std::move(out), length);
    return GIRDER_OK;
  });
}

girder_status girder_tuple_size(girder_arena* a, girder_term h, size_t* size) {
  if (size == nullptr) return fail(GIRDER_EBADARG, "size is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    if (!t.is_tuple()) return fail(GIRDER_EBADARG, "not a tuple");
    *size = t.tuple_arity();
    return GIRDER_OK;
  });
}

girder_status girder_tuple_element(girder_arena* a, girder_term h, size_t index, girder_term* out) {
  if (out == nullptr) return fail(GIRDER_EBADARG, "out is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    if (!t.is_tuple()) return fail(GIRDER_EBADARG, "not a tuple");
    if (index >= t.tuple_arity()) return fail(GIRDER_ERANGE, "tuple index out of range");
    *out = encode(a, t.element(index));
    return GIRDER_OK;
  });
}

girder_status girder_list_cell(girder_arena* a, girder_term h, girder_term* head, girder_term* tail) {
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    if (!t.is_list()) return fail(GIRDER_EBADARG, "not a non-empty list");
    if (head != nullptr) *head = encode(a, t.head());
    if (tail != nullptr) *tail = encode(a, t.tail());
    return GIRDER_OK;
  });
}

girder_status girder_list_length(girder_arena* a, girder_term h, size_t* length) {
  if (length == nullptr) return fail(GIRDER_EBADARG, "length is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    std::int64_t n = gv::list_length(t);
    if (n < 0) return fail(GIRDER_EBADARG, "not a proper list");
    *length = static_cast<size_t>(n);
    return GIRDER_OK;
  });
}

girder_status girder_map_size(girder_arena* a, girder_term h, size_t* size) {
  if (size == nullptr) return fail(GIRDER_EBADARG, "size is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    if (!t.is_map()) return fail(GIRDER_EBADARG, "not a map");
    *size = gv::map_size(t);
    return GIRDER_OK;
  });
}

girder_status girder_map_get(girder_arena* a, girder_term map, girder_term key, girder_term* value) {
  if (value == nullptr) return fail(GIRDER_EBADARG, "value is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(m, map);
    GIRDER_DECODE(k, key);
    if (!m.is_map()) return fail(GIRDER_EBADARG, "not a map");
    Term found = gv::map_get(m, k);
    if (!found.is_value()) return fail(GIRDER_ERANGE, "no such key");
    *value = encode(a, found);
    return GIRDER_OK;
  });
}

girder_status girder_map_entry(girder_arena* a, girder_term map, size_t index, girder_term* key, girder_term* value) {
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(m, map);
    if (!m.is_map()) return fail(GIRDER_EBADARG, "not a map");
    auto pairs = gv::map_sorted_pairs(v->vm(), m);
    if (index >= pairs.size()) return fail(GIRDER_ERANGE, "map index out of range");
    if (key != nullptr) *key = encode(a, pairs[index].first);
    if (value != nullptr) *value = encode(a, pairs[index].second);
    return GIRDER_OK;
  });
}

int girder_term_equal(girder_arena* a, girder_term x, girder_term y) {
  int result = 0;
  with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(tx, x);
    GIRDER_DECODE(ty, y);
    result = gv::exact_equal(tx, ty) ? 1 : 0;
    return GIRDER_OK;
  });
  return result;
}

int girder_term_compare(girder_arena* a, girder_term x, girder_term y) {
  int result = 0;
  with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(tx, x);
    GIRDER_DECODE(ty, y);
    int c = gv::compare_terms(v->vm(), tx, ty);
    result = c < 0 ? -1 : c > 0 ? 1 : 0;
    return GIRDER_OK;
  });
  return result;
}

girder_status girder_format(girder_arena* a, girder_term h, const char** text, size_t* length) {
  if (text == nullptr) return fail(GIRDER_EBADARG, "text is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    GIRDER_DECODE(t, h);
    *text = keep_text(a, gv::print_term(v->vm(), t, 1, 80, -1, true), length);
    return GIRDER_OK;
  });
}

// --- processes --------------------------------------------------------------

girder_status girder_call(girder_arena* a, const char* module, const char* function, const girder_term* args,
                          size_t argc, int64_t timeout_ms, girder_term* result) {
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    if (v->core->closing.load(std::memory_order_relaxed)) return closed();
    gv::ExportEntry* entry = nullptr;
    if (a->last_entry != nullptr && a->last_arity == argc && module != nullptr && function != nullptr &&
        a->last_module == module && a->last_function == function) {
      entry = a->last_entry;
    } else {
      Term m, f;
      if (!atom_from_name(v, module, m) || !atom_from_name(v, function, f) || argc > 255) {
        return fail(GIRDER_EBADARG, "module or function name is missing or too long");
      }
      entry = v->vm().code().export_entry(m, f, static_cast<unsigned>(argc));
      a->last_module = module;
      a->last_function = function;
      a->last_arity = static_cast<unsigned>(argc);
      a->last_entry = entry;
    }
    Term terms[256];
    if (argc != 0 && args == nullptr) return fail(GIRDER_EBADARG, "args is NULL");
    for (std::size_t i = 0; i < argc; ++i) {
      if (!decode(v, a, args[i], terms[i])) return bad_term();
    }
    return pooled_call(v, a, *entry, std::span<const Term>(terms, argc), timeout_ms, result);
  });
}

girder_status girder_spawn(girder_arena* a, const char* module, const char* function, const girder_term* args,
                           size_t argc, girder_term* pid) {
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    if (v->core->closing.load(std::memory_order_relaxed)) return closed();
    Term m, f;
    if (!atom_from_name(v, module, m) || !atom_from_name(v, function, f)) {
      return fail(GIRDER_EBADARG, "module or function name is missing or too long");
    }
    std::vector<Term> terms;
    if (girder_status s = check_args(v, a, args, argc, terms); s != GIRDER_OK) return s;
    if (girder_status s = resolve_function(v, m, f, argc); s != GIRDER_OK) return s;
    Term list = gv::make_list(*a->store, std::span<const Term>(terms));
    Term p = v->runtime->spawn(m, f, nullptr, list);
    if (pid != nullptr) *pid = p.raw();
    return GIRDER_OK;
  });
}

girder_status girder_send(girder_arena* a, girder_term to, girder_term message) {
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    if (v->core->closing.load(std::memory_order_relaxed)) return closed();
    GIRDER_DECODE(dest, to);
    GIRDER_DECODE(msg, message);
    Word pid;
    if (dest.is_pid()) {
      pid = dest.pid_index();
    } else if (dest.is_atom()) {
      pid = v->vm().processes().whereis(dest);
      if (pid == 0) {
        return fail(GIRDER_ENOPROC, "no process is registered as " + std::string(v->vm().atoms().name(dest)));
      }
    } else {
      return fail(GIRDER_EBADARG, "send to something that is not a pid or a name");
    }
    // The host has no pid of its own: the message comes "from" its receiver.
    gv::Signal* s = gv::message_signal(Term::pid(pid), msg);
    if (!gv::post_signal(v->vm(), pid, s, -1)) gv::free_signal(s);
    return GIRDER_OK;
  });
}

girder_status girder_whereis(girder_arena* a, const char* name, girder_term* pid) {
  if (pid == nullptr) return fail(GIRDER_EBADARG, "pid is NULL");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    Term n;
    if (!atom_from_name(v, name, n)) return fail(GIRDER_EBADARG, "bad name");
    Word found = v->vm().processes().whereis(n);
    if (found == 0) return fail(GIRDER_ENOPROC, std::string("no process is registered as ") + name);
    *pid = Term::pid(found).raw();
    return GIRDER_OK;
  });
}

// --- mailboxes --------------------------------------------------------------

girder_status girder_mailbox_new(girder_vm* v, girder_mailbox** out) {
  if (v == nullptr || out == nullptr) return fail(GIRDER_EBADARG, "vm or out is NULL");
  return guarded([&]() -> girder_status {
    Entry entry(v->core);
    if (!entry.ok() || v->core->closing.load()) return closed();
    auto q = std::make_shared<HostQueue>();
    q->event_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    gv::VM& vm = v->vm();
    // Registered before anyone but us knows the pid, so no message can
    // arrive first; the process only runs once the scheduler takes it.
    Term pid = v->runtime->spawn(vm.atoms().intern("girder_host"), vm.atoms().intern("mailbox"));
    {
      std::lock_guard lock(v->mailboxes_mutex);
      v->mailboxes[pid.pid_index()] = q;
    }
    auto* mb = new girder_mailbox;
    mb->core = v->core;
    mb->queue = std::move(q);
    mb->pid = pid.pid_index();
    *out = mb;
    return GIRDER_OK;
  });
}

girder_status girder_mailbox_pid(girder_mailbox* mb, girder_arena* a, girder_term* pid) {
  if (mb == nullptr || pid == nullptr) return fail(GIRDER_EBADARG, "NULL argument");
  return with_arena(a, [&](girder_vm*) -> girder_status {
    if (mb->core != a->core) return fail(GIRDER_EBADARG, "the mailbox and the arena belong to different VMs");
    *pid = Term::pid(mb->pid).raw();
    return GIRDER_OK;
  });
}

girder_status girder_mailbox_receive(girder_mailbox* mb, girder_arena* a, int64_t timeout_ms, girder_term* message) {
  if (mb == nullptr || message == nullptr) return fail(GIRDER_EBADARG, "NULL argument");
  return with_arena(a, [&](girder_vm* v) -> girder_status {
    if (mb->core != a->core) return fail(GIRDER_EBADARG, "the mailbox and the arena belong to different VMs");
    HostQueue& q = *mb->queue;
    Clock::time_point deadline = deadline_after(timeout_ms);
    auto ready = [&] { return q.count.load(std::memory_order_acquire) != 0; };
    if (v->host_driven) {
      gv::Scheduler& sched = v->vm().scheduler();
      for (;;) {
        auto r = sched.run_for(std::chrono::milliseconds(2), ready);
        if (ready() || v->core->closing.load()) break;
        auto now = Clock::now();
        if (now >= deadline) break;
        auto until = std::min<Clock::time_point>(deadline, now + std::chrono::milliseconds(20));
        if (r == gv::Scheduler::RunFor::Idle) {
          sched.wait_for_work(until);
        } else if (r == gv::Scheduler::RunFor::Busy) {
          std::unique_lock lock(q.mutex);
          q.cv.wait_until(lock, std::min<Clock::time_point>(until, now + std::chrono::microseconds(200)));
        } else if (r == gv::Scheduler::RunFor::Stopped) {
          break;
        }
      }
    } else if (timeout_ms != 0) {
      spin_until(ready);
    }
    std::unique_lock lock(q.mutex);
    if (!v->host_driven) {
      q.cv.wait_until(lock, deadline, [&] { return !q.messages.empty() || q.closed; });
    }
    if (q.messages.empty()) {
      if (q.closed || v->core->closing.load()) return fail(GIRDER_ECLOSED, "the mailbox is closed");
      return fail(GIRDER_ETIMEOUT, "no message");
    }
    gv::Signal* s = q.messages.front();
    q.messages.pop_front();
    if (q.count.fetch_sub(1, std::memory_order_acq_rel) == 1 && q.event_fd >= 0) {
      std::uint64_t drained;
      [[maybe_unused]] ssize_t n = ::read(q.event_fd, &drained, sizeof drained);
    }
    lock.unlock();
    Term copy = copy_into(a, s->message);
    gv::free_signal(s);
    *message = encode(a, copy);
    return GIRDER_OK;
  });
}

int girder_mailbox_fd(girder_mailbox* mb) { return mb != nullptr ? mb->queue->event_fd : -1; }

void girder_mailbox_free(girder_mailbox* mb) {
  if (mb == nullptr) return;
  {
    Entry entry(mb->core);
    {
      std::lock_guard lock(mb->queue->mutex);
      mb->queue->closed = true;
      mb->queue->cv.notify_all();
    }
    if (girder_vm* v = entry.vm()) {
      {
        std::lock_guard lock(v->mailboxes_mutex);
        v->mailboxes.erase(mb->pid);
      }
      // Wake its process: the next put answers `closed` and it ends.
      gv::Signal* s = gv::message_signal(Term::pid(mb->pid), gv::atoms::closed);
      if (!gv::post_signal(v->vm(), mb->pid, s, -1)) gv::free_signal(s);
    }
  }
  delete mb;
}

// --- natives ----------------------------------------------------------------

girder_status girder_register_native(girder_vm* v, const char* module, const char* function, unsigned arity,
                                     girder_native_fn fn, void* userdata) {
  if (v == nullptr || module == nullptr || function == nullptr || fn == nullptr) {
    return fail(GIRDER_EBADARG, "NULL argument");
  }
  if (arity > 255) return fail(GIRDER_EBADARG, "arity over 255");
  return guarded([&]() -> girder_status {
    Entry entry(v->core);
    if (!entry.ok() || v->core->closing.load()) return closed();
    std::string mod(module), fun(function);
    if (mod.empty() || fun.empty() || mod.size() > 255 || fun.size() > 255) {
      return fail(GIRDER_EBADARG, "bad module or function name");
    }
    gv::VM& vm = v->vm();
    std::lock_guard load_lock(v->native_load_mutex);
    std::vector<std::pair<std::size_t, NativeEntry>> fns;
    {
      std::lock_guard lock(v->natives_mutex);
      if (v->native_modules.count(mod) == 0 && vm.code().find_module(vm.atoms().intern(mod)) != nullptr) {
        return fail(GIRDER_EBADARG, "module " + mod + " is an Erlang module: natives need a module of their own");
      }
      if (vm.bifs().find(vm.atoms().intern(mod), vm.atoms().intern(fun), arity) >= 0) {
        return fail(GIRDER_EBADARG, mod + ":" + fun + "/" + std::to_string(arity) + " is a BIF");
      }
      bool replaced = false;
      for (auto& e : v->natives) {
        if (e.module == mod && e.function == fun && e.arity == arity) {
          e.fn = fn;
          e.userdata = userdata;
          replaced = true;
        }
      }
      if (!replaced) v->natives.push_back(NativeEntry{mod, fun, arity, fn, userdata});
      for (std::size_t i = 0; i < v->natives.size(); ++i) {
        if (v->natives[i].module == mod) fns.emplace_back(i, v->natives[i]);
      }
      v->native_modules.insert(mod);
    }
    std::vector<std::uint8_t> bytes;
    std::string name, errors;
    if (!girder::compile_to_module_file(native_stub_source(mod, fns), mod + " (natives)", bytes, name, errors)) {
      return fail(GIRDER_EBADARG, "cannot make the module for native " + mod + ": " + errors);
    }
    // Installed straight through the loader: no process needs to run, so
    // this works before the first girder_run_for in host-driven mode too.
    // A stub calls girder_bif:call_native/2 in tail position, so no stack
    // frame ever points into a stub version: purging the old one kills
    // nobody.
    vm.code().purge(vm.atoms().intern(mod));
    std::string error;
    if (!girder::loader::load_module_bytes(vm, bytes, error)) {
      return fail(GIRDER_ELOAD, "cannot load the module for native " + mod + ": " + error);
    }
    return GIRDER_OK;
  });
}

void* girder_native_userdata(girder_native_call* call) { return call != nullptr ? call->userdata : nullptr; }

girder_status girder_native_raise(girder_native_call* call, const char* error_class, girder_term reason) {
  if (call == nullptr || error_class == nullptr) return fail(GIRDER_EBADARG, "NULL argument");
  std::string_view cls(error_class);
  if (cls == "error") call->error_class = gv::atoms::error;
  else if (cls == "exit") call->error_class = gv::atoms::exit;
  else if (cls == "throw") call->error_class = gv::atoms::throw_;
  else return fail(GIRDER_EBADARG, "class must be error, exit or throw");
  call->raised = true;
  call->reason = reason;
  return GIRDER_EEXCEPTION;
}

}  // extern "C"
