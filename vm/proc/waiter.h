// Waiting for a process from outside the schedulers: the CLI waits for
// `main`, tests and embedders wait for whatever they spawned.
//
// A ProcessWaiter is a monitor whose watcher is a C++ object rather than a
// process. When the process ends, finish_process() copies its outcome (the
// value it returned, or the class, reason and stack trace of what ended it)
// off the dying heap into an area the outcome owns, and signals the waiter.
// halt/1, a deadlock and Scheduler::stop() end every wait too, each with its
// own kind, so a waiter never blocks on a VM that can no longer answer.
//
// Invariants:
// * Registration and exit are ordered by the registry's mutex and the
//   process table: finish_process() removes the process from the table and
//   only then takes the registry's waiters for it; watch() looks the process
//   up in the table under the same mutex. So a waiter either registers
//   before the exit and is told, or finds the process gone (NoProc).
// * An outcome is immutable once published and shared by every waiter of
//   that process; its terms live in its own area, never in a process heap.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "vm/term/term.h"

namespace girder::vm {

class VM;
class Process;
struct Signal;

struct ProcessOutcome {
  enum class Kind : std::uint8_t {
    Returned,    // its function returned `value`
    Raised,      // an uncaught exception: error_class (error, throw, exit), reason, stacktrace
    Killed,      // an exit signal ended it: reason (killed, or what the linked process died of)
    NoProc,      // there was no such process when the waiter registered
    Halted,      // erlang:halt/1 ended the VM: halt_status
    Deadlocked,  // every process waits and no wake source can wake any of them
    Stopped,     // the scheduler was stopped while the process still ran
  };
  Kind kind = Kind::Stopped;
  Term value;  // Returned
  Term error_class;
  Term reason;  // Raised, Killed
  Term stacktrace;
  // The reason links and monitors saw (`normal` after a return).
  Term exit_reason;
  int halt_status = 0;

  ProcessOutcome() = default;
  ~ProcessOutcome();
  ProcessOutcome(const ProcessOutcome&) = delete;
  ProcessOutcome& operator=(const ProcessOutcome&) = delete;

  // Where the terms above live (a signal-shaped block; nullptr when all of
  // them are immediates or the kind carries none).
  Signal* area = nullptr;
};

// The shared state between a waiter and the registry.
struct WaitState {
  std::mutex mutex;
  std::condition_variable done_cv;
  std::shared_ptr<const ProcessOutcome> outcome;  // set once, under mutex
  // Set (release) after `outcome`: a lock-free peek for hosts that spin.
  std::atomic<bool> done{false};
  // Hosts blocked in wait_for_or: a parking call process notifies only
  // then (seq_cst on both sides: the host counts itself and then checks its
  // condition under the mutex; the scheduler publishes the park and then
  // reads this count).
  std::atomic<int> host_sleepers{0};
  bool stop_scheduler_on_exit = false;
};

// Per VM: which waiters watch which process.
class WaiterRegistry {
 public:
  explicit WaiterRegistry(VM& vm) : vm_(vm) {}
  WaiterRegistry(const WaiterRegistry&) = delete;
  WaiterRegistry& operator=(const WaiterRegistry&) = delete;

  // Watch process `pid`. A pid that is not in the process table (gone, or
  // not inserted yet when `expect_alive`) finishes the wait at once with
  // NoProc; a runtime that watches a process it is about to insert passes
  // expect_alive = false.
  void watch(Word pid, const std::shared_ptr<WaitState>& state, bool expect_alive);
  void unwatch(Word pid, const WaitState* state);

  // finish_process() of `p`, after it left the process table: tell its
  // waiters. Cheap when nobody waits for anything (one relaxed load).
  void process_exited(Process& p);
  bool anyone_waiting() const { return count_.load(std::memory_order_relaxed) != 0; }

  // End every wait with `kind` (halt, deadlock, stop).
  void finish_all(ProcessOutcome::Kind kind, int halt_status = 0);

 private:
  static void publish(WaitState& state, std::shared_ptr<const ProcessOutcome> outcome);

  VM& vm_;
  std::mutex mutex_;
  std::unordered_map<Word, std::vector<std::shared_ptr<WaitState>>> by_pid_;
  // Mirrors by_pid_.size() for the lock-free check on every process exit.
  // Written under mutex_; a relaxed read can be stale only for a process
  // that is not watched (watch() inserts before the process can exit).
  std::atomic<std::size_t> count_{0};
};

// A handle for one wait (any thread). Destroying it before the process ends
// unregisters it.
class ProcessWaiter {
 public:
  ProcessWaiter(VM& vm, Term pid, bool expect_alive = true);
  // Not watching yet: attach() later (spawn_root attaches it to the new
  // process before it can run).
  explicit ProcessWaiter(VM& vm);
  void attach(Term pid, bool expect_alive);
  ~ProcessWaiter();
  ProcessWaiter(const ProcessWaiter&) = delete;
  ProcessWaiter& operator=(const ProcessWaiter&) = delete;

  // When the process ends, stop the scheduler too (the CLI's main process:
  // the program ends with it, as an escript's does).
  void stop_scheduler_on_exit() { state_->stop_scheduler_on_exit = true; }

  // Block until the outcome is known.
  const ProcessOutcome& wait();
  // Whether the outcome is known (no lock: for polling loops).
  bool done() const { return state_->done.load(std::memory_order_acquire); }
  // Block at most `timeout` or until `ready()` (checked under the wait's
  // lock whenever its condition is notified, as Scheduler does when a
  // host's call process parks); the outcome, or nullptr.
  template <typename Ready>
  const ProcessOutcome* wait_for_or(Ready&& ready, std::chrono::nanoseconds timeout) {
    state_->host_sleepers.fetch_add(1, std::memory_order_seq_cst);
    std::unique_lock lock(state_->mutex);
    state_->done_cv.wait_for(lock, timeout, [&] { return state_->outcome != nullptr || ready(); });
    state_->host_sleepers.fetch_sub(1, std::memory_order_relaxed);
    return state_->outcome.get();
  }
  // The shared wait state (a host's call process notifies it when it parks).
  const std::shared_ptr<WaitState>& state() const { return state_; }
  // Block at most `timeout`; nullptr if the process is still running.
  const ProcessOutcome* wait_for(std::chrono::nanoseconds timeout);

 private:
  VM& vm_;
  Word pid_ = 0;  // 0: not attached
  std::shared_ptr<WaitState> state_;
};

}  // namespace girder::vm
