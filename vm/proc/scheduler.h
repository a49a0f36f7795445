// The scheduler: N threads, each with its own run queues, stealing from one
// another when idle.
//
// Process state machine (Process::state(), an atomic):
//   Runnable --(a worker takes it)--> Running
//   Running --(slice used up)--> Runnable (back on the worker's queue)
//   Running --(receive found nothing)--> Waiting
//   Waiting --(a signal or its timeout; CAS by whoever wakes it)--> Runnable
//   Running --(returned, crashed or killed)--> Exiting
// Only the thread that wins the Waiting->Runnable CAS enqueues the process,
// so a process is on at most one queue and run by at most one thread.
//
// No lost wake-ups: a sender pushes onto the inbox and then tries the CAS; a
// worker that stops a process stores Waiting and then looks at the inbox and
// the timeout (both seq_cst), so at least one of them sees the other.
//
// Placement: a process woken by a running process goes into its worker's
// `next` slot and runs as soon as the waker stops (ping-pong stays on one
// core); a slot already taken is pushed to the queue, where others can steal
// it. Idle workers steal half of a victim's queue, spin briefly, then sleep
// on their own condition variable until someone pushes work.
//
// Priorities: max, high, normal, low; low runs once in 8 picks while normal
// work waits (as BEAM does).
//
// Deterministic mode (a nonzero seed): one worker; each pick takes a random
// runnable process and each slice a random budget, both from the seeded
// generator, so a test can replay an interleaving by its seed.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "vm/proc/process.h"
#include "vm/proc/wake_source.h"

namespace girder::vm {

class VM;

struct SchedulerOptions {
  unsigned threads = 0;     // 0: one per core
  std::uint64_t seed = 0;   // nonzero: deterministic mode (one thread)
  // Host-driven mode (embedding, docs/internals/runtime.md): one worker
  // record and no thread; start() only marks the scheduler running and the
  // host lends a thread through run_for(). `threads` is ignored.
  bool host_driven = false;
};

class Scheduler {
 public:
  static constexpr int kSliceReductions = 4000;

  explicit Scheduler(VM& vm);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Thread count and mode; creates the worker records. Call it while the VM
  // is being set up, before anything is spawned or started.
  void configure(const SchedulerOptions& options);
  unsigned thread_count() const { return static_cast<unsigned>(workers_.size()); }

  // Put a Runnable process on a queue. `from`: the index of the calling
  // worker, or -1 from any other thread. Worker records (and their queues)
  // exist from configure() or the first start() to the scheduler's end; a
  // process enqueued while no thread runs waits on its queue. Before the
  // records exist (only while the VM is being set up, on one thread),
  // processes wait in a start list.
  void enqueue(Process* p, int from);
  // From outside the workers (a host's call): put p on worker `preferred`
  // (modulo the count) and wake that one only, so back-to-back calls from
  // one host thread keep one worker warm instead of waking every sleeper.
  // Falls back to enqueue(p, -1) when that worker is busy.
  void enqueue_near(Process* p, unsigned preferred);
  // Wake a process if it is Waiting (any thread).
  void wake(Process* p, int from);

  // Take hold of a process that is not running, so another thread may read
  // its state (process_info, a purge's scan): Waiting -> Running by CAS
  // (was_waiting), or Runnable -> Held by CAS, leaving it where it is in
  // its queue or `next` slot; a worker that takes a Held process waits for
  // unclaim() (run_slice). False when it is running, held or has exited.
  // unclaim() gives it back. (Taking a runnable process off its queue, as
  // this once did, searched the queue under its lock: a purge scanning
  // 10,000 busy processes held the workers' queues for hundreds of ms.)
  // `from`: the caller's worker.
  bool claim(Process* p, int from, bool& was_waiting);
  void unclaim(Process* p, bool was_waiting);

  // The lifecycle (docs/internals/runtime.md). start() creates the worker
  // threads, which run until stop(); processes enqueued before start() wait
  // in a start list. stop() may be called from any thread but a worker's;
  // it joins the workers, and processes still queued go back to the start
  // list, so a later start() resumes them. request_stop() only asks (any
  // thread, workers included) and does not wait. Every pending
  // ProcessWaiter ends with Stopped when stop() returns.
  void start();
  void request_stop();
  void stop();
  bool running() const { return running_; }
  bool host_driven() const { return options_.host_driven; }

  // Host-driven mode: run slices on the calling thread, as worker 0, until
  // `budget` has passed (checked between slices), `done()` says so, nothing
  // is runnable, or stop is requested. One thread at a time (a second
  // caller gets Busy at once). Timers, I/O and other host threads enqueue
  // on worker 0's queue as usual; wait_for_work() sleeps until they do.
  enum class RunFor : std::uint8_t { BudgetSpent, Done, Idle, Stopped, Busy, NotHostDriven };
  RunFor run_for(std::chrono::nanoseconds budget, const std::function<bool()>& done = {});
  // Host-driven mode: run one slice of `p` (Runnable, on no queue) on the
  // calling thread at once, as worker 0. False (p untouched) when another
  // thread is running the VM or it is stopping.
  bool run_now(Process* p);
  // Host-driven mode: block the calling thread until something is queued
  // or `deadline` (false then). A thread inside run_for is not woken.
  bool wait_for_work(std::chrono::steady_clock::time_point deadline);

  // Wake sources: what may make a waiting process runnable besides another
  // process (timers, I/O, a host holding a mailbox, a control socket). The
  // idle check only calls it a deadlock when no source may wake anyone.
  // Sources are owned by their subsystem and must be removed before they die.
  void add_wake_source(const WakeSource* source);
  void remove_wake_source(const WakeSource* source);

  // Code reclamation (code.h): true when every worker has started a slice
  // at code epoch `epoch` or later, or is idle (asleep or not running).
  // With `except_this_thread`, a worker whose slice runs on the calling
  // thread is not waited for (a publisher inside a slice: its own reads
  // are ordered by program order, CodeServer::publish).
  bool code_epochs_passed(std::uint64_t epoch, bool except_this_thread = false) const;

  // The last idle check found that nothing can ever run again (every
  // waiter was told Deadlocked). Cleared when a process runs again.
  bool deadlocked() const { return deadlocked_.load(std::memory_order_relaxed); }

 private:
  struct Fifo {
    Process* head = nullptr;
    Process* tail = nullptr;
    void push(Process* p);
    Process* pop();
    // Remove p, whose predecessor is prev (nullptr: p is the head).
    void unlink(Process* prev, Process* p);
    bool empty() const { return head == nullptr; }
  };
  struct Worker {
    std::mutex mutex;  // guards queues and length
    Fifo queues[kPriorityCount];
    std::size_t length = 0;
    // A copy of `length` for other threads to peek at without the lock.
    // Written under `mutex` (relaxed: the lock publishes the queues); read
    // relaxed by thieves and the sleep spin, who re-check under the lock, and
    // seq_cst once by sleep() after it registers as a sleeper (see sleepers_).
    std::atomic<std::size_t> visible_length{0};
    // Set by the owner (wake), taken by the owner (take) or by a claimer.
    // Every write that publishes a process is an exchange or CAS with
    // acq_rel, every take an exchange/CAS with acquire or stronger: the taker
    // then sees everything the waker did before. A relaxed load only peeks.
    std::atomic<Process*> next{nullptr};
    int next_budget = 0;      // reductions slot runs may still use while others wait (owner only)
    unsigned low_counter = 0;
    std::mutex sleep_mutex;
    std::condition_variable sleep_cv;
    bool wake_flag = false;  // guarded by sleep_mutex
    bool sleeping = false;   // guarded by sleep_mutex
    std::thread thread;
    std::uint64_t rng = 0;
    // True while this worker runs a slice (written by the owner only; read
    // by the deadlock check). Per worker, so slices share no counter.
    // Written relaxed: it is only a first filter. The deadlock check
    // (quiescent) also requires every worker's `sleeping`, read under its
    // sleep lock, and a worker clears `sleeping` under that lock before it
    // takes work; so a stale `false` here cannot make a running worker look
    // idle.
    std::atomic<bool> busy{false};
    // The code epoch this worker's current slice started at, or kIdleEpoch
    // between slices (looking for work, asleep, stopped). Stored (release)
    // by the owner at every slice start and end: between two slices no code
    // of any version is on its stack. Read (acquire) by CodeServer::reclaim through
    // code_epochs_passed.
    std::atomic<std::uint64_t> code_epoch{kIdleEpoch};
    // The thread running this worker's slices (a host thread in host-driven
    // mode), stored with code_epoch; read by code_epochs_passed.
    std::atomic<std::thread::id> slice_thread{};
  };
  static constexpr std::uint64_t kIdleEpoch = ~std::uint64_t{0};

  void worker_main(int index);
  Process* take(int index);
  Process* pop_local(Worker& w);
  Process* pop_random(Worker& w);
  bool steal(int thief);
  void push(Worker& w, Process* p);
  void notify_one_sleeper(int except);
  void sleep(int index);
  void run_slice(int index, Process* p);
  bool quiescent();
  void check_deadlock();

  VM& vm_;
  SchedulerOptions options_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Process*> start_list_;  // enqueued before the worker records exist
  void create_workers();
  // Serialises start() and stop(); running_ is written under it.
  std::mutex lifecycle_mutex_;
  bool running_ = false;
  std::mutex wake_sources_mutex_;
  std::vector<const WakeSource*> wake_sources_;
  // Set, seq_cst, by request_stop(), which then wakes every sleeper under
  // its sleep lock; workers poll it relaxed at the top of each loop and
  // under the sleep lock, so each sees it within a slice or on waking.
  std::atomic<bool> stop_{false};
  // Workers registered as (about to be) asleep. seq_cst on both sides: the
  // Dekker pair of "enqueue: push, then read sleepers_" against "sleep:
  // increment sleepers_, then read every visible_length": at least one of
  // them sees the other, so queued work never waits for a sleeping worker.
  std::atomic<int> sleepers_{0};
  // Spreads enqueues from outside the workers; relaxed: it only picks a
  // queue, the queue's mutex orders the push.
  std::atomic<unsigned> round_robin_{0};
  std::atomic<bool> deadlocked_{false};
  // Host-driven mode: held by the thread inside run_for (worker 0's owner).
  std::mutex host_drive_mutex_;
};

}  // namespace girder::vm
