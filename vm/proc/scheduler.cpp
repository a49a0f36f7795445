#include "vm/proc/scheduler.h"

#include <algorithm>
#include <chrono>

#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/proc/process_table.h"
#include "vm/proc/signals.h"
#include "vm/proc/timer.h"
#include "vm/proc/waiter.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

std::uint64_t next_random(std::uint64_t& state) {
  // xorshift64*: small, fast, good enough for picking victims and test orders.
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ULL;
}

}  // namespace

void Scheduler::Fifo::push(Process* p) {
  p->queue_link() = nullptr;
  if (tail != nullptr) {
    tail->queue_link() = p;
  } else {
    head = p;
  }
  tail = p;
}

void Scheduler::Fifo::unlink(Process* prev, Process* p) {
  if (prev == nullptr) {
    head = p->queue_link();
  } else {
    prev->queue_link() = p->queue_link();
  }
  if (tail == p) tail = prev;
  p->queue_link() = nullptr;
}

Process* Scheduler::Fifo::pop() {
  Process* p = head;
  if (p == nullptr) return nullptr;
  head = p->queue_link();
  if (head == nullptr) tail = nullptr;
  p->queue_link() = nullptr;
  return p;
}

Scheduler::Scheduler(VM& vm) : vm_(vm) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::configure(const SchedulerOptions& options) {
  options_ = options;
  if (!running_) create_workers();
}

void Scheduler::create_workers() {
  unsigned n = options_.threads;
  if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
  if (options_.seed != 0 || options_.host_driven) n = 1;
  // Processes already queued (configure() called twice) go to the start list.
  for (auto& w : workers_) {
    if (Process* p = w->next.exchange(nullptr, std::memory_order_acquire)) start_list_.push_back(p);
    for (Fifo& q : w->queues) {
      while (Process* p = q.pop()) start_list_.push_back(p);
    }
  }
  workers_.clear();
  for (unsigned i = 0; i < n; ++i) {
    auto w = std::make_unique<Worker>();
    w->rng = (options_.seed != 0 ? options_.seed : 0x9E3779B97F4A7C15ULL) + i * 0x632BE59BD9B4E019ULL;
    if (w->rng == 0) w->rng = 1;
    workers_.push_back(std::move(w));
  }
  for (Process* p : start_list_) push(*workers_[0], p);
  start_list_.clear();
}

void Scheduler::add_wake_source(const WakeSource* source) {
  std::lock_guard lock(wake_sources_mutex_);
  wake_sources_.push_back(source);
}

void Scheduler::remove_wake_source(const WakeSource* source) {
  std::lock_guard lock(wake_sources_mutex_);
  std::erase(wake_sources_, source);
}

void Scheduler::push(Worker& w, Process* p) {
  std::lock_guard lock(w.mutex);
  w.queues[static_cast<int>(p->priority())].push(p);
  ++w.length;
  // relaxed: a hint for thieves, who re-check under the lock.
  w.visible_length.store(w.length, std::memory_order_relaxed);
}

void Scheduler::enqueue(Process* p, int from) {
  if (workers_.empty()) {
    start_list_.push_back(p);
    return;
  }
  int target = from;
  if (target < 0) {
    target = static_cast<int>(round_robin_.fetch_add(1, std::memory_order_relaxed) % workers_.size());
  }
  push(*workers_[static_cast<std::size_t>(target)], p);
  if (from < 0) {
    // From outside the workers: make sure the target is awake.
    Worker& w = *workers_[static_cast<std::size_t>(target)];
    std::lock_guard lock(w.sleep_mutex);
    if (w.sleeping) {
      w.wake_flag = true;
      w.sleep_cv.notify_one();
      return;
    }
  }
  // seq_cst: pairs with sleep()'s increment so a sleeper re-checking queues
  // or this check sees the other.
  if (sleepers_.load(std::memory_order_seq_cst) > 0) notify_one_sleeper(target);
}

void Scheduler::enqueue_near(Process* p, unsigned preferred) {
  if (workers_.empty() || options_.host_driven) {
    enqueue(p, -1);
    return;
  }
  Worker& w = *workers_[preferred % workers_.size()];
  // A worker in the middle of a slice may keep at it for a while: then any
  // worker will do, as for enqueue().
  if (w.busy.load(std::memory_order_relaxed)) {
    enqueue(p, -1);
    return;
  }
  push(w, p);
  std::lock_guard lock(w.sleep_mutex);
  if (w.sleeping && !w.wake_flag) {
    w.wake_flag = true;
    w.sleep_cv.notify_one();
  }
}

void Scheduler::wake(Process* p, int from) {
  ProcState expected = ProcState::Waiting;
  // seq_cst: the Dekker pair with run_slice's "store Waiting, then check".
  if (!p->state().compare_exchange_strong(expected, ProcState::Runnable, std::memory_order_seq_cst)) return;
  if (from >= 0 && options_.seed == 0 && static_cast<std::size_t>(from) < workers_.size()) {
    Worker& w = *workers_[static_cast<std::size_t>(from)];
    // The waker's worker runs it next; whatever held the slot goes to the queue.
    // acq_rel: publishes p to a claimer that takes the slot (claim()).
    Process* bumped = w.next.exchange(p, std::memory_order_acq_rel);
    if (bumped != nullptr) enqueue(bumped, from);
    return;
  }
  enqueue(p, from);
}

void Scheduler::notify_one_sleeper(int except) {
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    if (static_cast<int>(i) == except) continue;
    Worker& w = *workers_[i];
    std::lock_guard lock(w.sleep_mutex);
    if (w.sleeping && !w.wake_flag) {
      w.wake_flag = true;
      w.sleep_cv.notify_one();
      return;
    }
  }
}

Process* Scheduler::pop_local(Worker& w) {
  std::lock_guard lock(w.mutex);
  if (w.length == 0) return nullptr;
  Process* p = nullptr;
  if (!w.queues[0].empty()) {
    p = w.queues[0].pop();
  } else if (!w.queues[1].empty()) {
    p = w.queues[1].pop();
  } else {
    bool low_turn = (++w.low_counter % 8) == 0;
    if (!w.queues[3].empty() && (low_turn || w.queues[2].empty())) {
      p = w.queues[3].pop();
    } else {
      p = w.queues[2].pop();
    }
  }
  --w.length;
  w.visible_length.store(w.length, std::memory_order_relaxed);
  return p;
}

Process* Scheduler::pop_random(Worker& w) {
  // Deterministic mode: a random process of the highest non-empty priority.
  std::lock_guard lock(w.mutex);
  if (w.length == 0) return nullptr;
  for (Fifo& q : w.queues) {
    if (q.empty()) continue;
    std::size_t n = 0;
    for (Process* p = q.head; p != nullptr; p = p->queue_link()) ++n;
    std::size_t pick = next_random(w.rng) % n;
    Process* prev = nullptr;
    Process* p = q.head;
    for (std::size_t i = 0; i < pick; ++i) {
      prev = p;
      p = p->queue_link();
    }
    q.unlink(prev, p);
    --w.length;
    w.visible_length.store(w.length, std::memory_order_relaxed);
    return p;
  }
  return nullptr;
}

bool Scheduler::steal(int thief) {
  std::size_t n = workers_.size();
  if (n < 2) return false;
  Worker& me = *workers_[static_cast<std::size_t>(thief)];
  std::size_t start = next_random(me.rng) % n;
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t v = (start + k) % n;
    if (static_cast<int>(v) == thief) continue;
    Worker& victim = *workers_[v];
    if (victim.visible_length.load(std::memory_order_relaxed) == 0) continue;
    std::vector<Process*> taken;
    {
      std::lock_guard lock(victim.mutex);
      std::size_t want = (victim.length + 1) / 2;
      for (Fifo& q : victim.queues) {
        while (taken.size() < want && !q.empty()) taken.push_back(q.pop());
      }
      victim.length -= taken.size();
      victim.visible_length.store(victim.length, std::memory_order_relaxed);
    }
    if (taken.empty()) continue;
    std::lock_guard lock(me.mutex);
    for (Process* p : taken) me.queues[static_cast<int>(p->priority())].push(p);
    me.length += taken.size();
    me.visible_length.store(me.length, std::memory_order_relaxed);
    return true;
  }
  return false;
}

Process* Scheduler::take(int index) {
  Worker& w = *workers_[static_cast<std::size_t>(index)];
  if (options_.seed != 0) return pop_random(w);
  // relaxed: a peek to skip the exchange when the slot is empty.
  if (w.next.load(std::memory_order_relaxed) != nullptr) {
    // acquire: pairs with wake()'s exchange (the slot may also have been
    // emptied by a claimer since the check).
    Process* p = w.next.exchange(nullptr, std::memory_order_acquire);
    if (p == nullptr) return take(index);
    // The slot must not starve the queue: two processes waking each other
    // would otherwise run for ever. While others wait, slot runs share one
    // slice's worth of reductions (as Go's runnext inherits the time slice),
    // and a queued process of higher priority goes first.
    if (w.visible_length.load(std::memory_order_relaxed) == 0) {
      w.next_budget = kSliceReductions;
      return p;
    }
    bool higher_waiting = false;
    {
      std::lock_guard lock(w.mutex);
      for (int q = 0; q < static_cast<int>(p->priority()); ++q) higher_waiting |= !w.queues[q].empty();
    }
    if (!higher_waiting && w.next_budget > 0) return p;
    w.next_budget = kSliceReductions;
    push(w, p);
  }
  // A process taken from the queue starts a fresh slice, which the
  // processes it wakes through the slot then share.
  w.next_budget = kSliceReductions;
  if (Process* p = pop_local(w)) return p;
  if (steal(index)) return pop_local(w);
  return nullptr;
}

bool Scheduler::claim(Process* p, [[maybe_unused]] int from, bool& was_waiting) {
  ProcState expected = ProcState::Waiting;
  if (p->state().compare_exchange_strong(expected, ProcState::Running, std::memory_order_seq_cst)) {
    was_waiting = true;
    return true;
  }
  if (expected != ProcState::Runnable) return false;
  // acq_rel: pairs with run_slice's CAS, so the holder sees what the last
  // slice wrote and the next slice sees what the holder wrote.
  if (!p->state().compare_exchange_strong(expected, ProcState::Held, std::memory_order_acq_rel)) return false;
  was_waiting = false;
  return true;
}

void Scheduler::unclaim(Process* p, bool was_waiting) {
  if (!was_waiting) {
    // Still in its queue or slot: a worker waiting to run it goes on.
    p->state().store(ProcState::Runnable, std::memory_order_release);
    return;
  }
  bool armed = p->timer_armed();
  Word seq = p->timer_seq();
  p->state().store(ProcState::Waiting, std::memory_order_seq_cst);
  if (p->inbox().has_pending() || (armed && p->timeout_seq_fired() == seq)) wake(p, -1);
}

bool Scheduler::quiescent() {
  for (auto& w : workers_) {
    if (w->busy.load(std::memory_order_seq_cst)) return false;
  }
  for (auto& w : workers_) {
    std::lock_guard lock(w->mutex);
    if (w->length != 0) return false;
  }
  for (auto& w : workers_) {
    std::lock_guard lock(w->sleep_mutex);
    if (!w->sleeping) return false;
  }
  std::lock_guard lock(wake_sources_mutex_);
  for (const WakeSource* source : wake_sources_) {
    if (source->may_wake()) return false;
  }
  return true;
}

void Scheduler::check_deadlock() {
  // Twice: a worker may finish a slice between the first look's parts.
  if (!quiescent() || !quiescent()) return;
  // Nothing can ever run again: whoever waits for a process would wait
  // for ever. The workers stay (a host may still spawn or send).
  if (!deadlocked_.exchange(true, std::memory_order_relaxed)) {
    vm_.waiters().finish_all(ProcessOutcome::Kind::Deadlocked);
  }
}

void Scheduler::sleep(int index) {
  Worker& w = *workers_[static_cast<std::size_t>(index)];
  // Spin a little first: work often arrives within microseconds. The loads
  // are relaxed hints; the seq_cst re-check below decides.
  for (int i = 0; i < 64; ++i) {
    if (stop_.load(std::memory_order_relaxed)) return;
    for (auto& other : workers_) {
      if (other->visible_length.load(std::memory_order_relaxed) != 0) return;
    }
    std::this_thread::yield();
  }
  vm_.flush_output_when_idle();
  // Asleep, this worker holds no code: let retired versions go.
  w.code_epoch.store(kIdleEpoch, std::memory_order_release);
  if (vm_.code().has_retired()) vm_.code().reclaim();
  std::unique_lock lock(w.sleep_mutex);
  w.sleeping = true;
  // seq_cst, then the seq_cst loads of visible_length below: the sleeper's
  // half of the Dekker pair with enqueue() (see sleepers_ in scheduler.h).
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  lock.unlock();
  bool work = false;
  for (auto& other : workers_) {
    if (other->visible_length.load(std::memory_order_seq_cst) != 0) work = true;
  }
  lock.lock();
  while (!work && !w.wake_flag && !stop_.load(std::memory_order_relaxed)) {
    if (w.sleep_cv.wait_for(lock, std::chrono::milliseconds(50)) == std::cv_status::timeout && index == 0 &&
        vm_.waiters().anyone_waiting()) {
      // Everyone asleep, nothing queued, no wake source: see check_deadlock.
      lock.unlock();
      check_deadlock();
      lock.lock();
    }
  }
  w.wake_flag = false;
  w.sleeping = false;
  sleepers_.fetch_sub(1, std::memory_order_seq_cst);
}

void Scheduler::run_slice(int index, Process* p) {
  Worker& w = *workers_[static_cast<std::size_t>(index)];
  // relaxed: the deadlock check only runs after this worker went to sleep,
  // which orders through the sleep mutex.
  w.busy.store(true, std::memory_order_relaxed);
  // Before touching any code: see Worker::code_epoch.
  w.slice_thread.store(std::this_thread::get_id(), std::memory_order_relaxed);
  w.code_epoch.store(vm_.code().epoch(), std::memory_order_release);
  // relaxed: a hint for the next idle check, which re-reads everything.
  if (deadlocked_.load(std::memory_order_relaxed)) deadlocked_.store(false, std::memory_order_relaxed);
  // This thread took p off a queue or slot. Held by a claimer meanwhile:
  // wait (a hold is a scan or a read, microseconds). acquire: see claim().
  for (ProcState expected = ProcState::Runnable;
       !p->state().compare_exchange_weak(expected, ProcState::Running, std::memory_order_acquire);) {
    if (expected == ProcState::Held) {
      std::this_thread::yield();
      expected = ProcState::Runnable;
    } else if (expected != ProcState::Runnable) {
      p->state().store(ProcState::Running, std::memory_order_relaxed);  // as it was before claims held in place
      break;
    }
  }
  p->set_worker(index);
  RunResult r;
  if (!handle_signals(*p)) {
    r = RunResult::Exited;
  } else {
    int budget = kSliceReductions;
    if (options_.seed != 0) budget = 1 + static_cast<int>(next_random(w.rng) % kSliceReductions);
    Word before = p->reductions();
    r = girder::vm::run(*p, budget);
    w.next_budget -= static_cast<int>(p->reductions() - before);
  }
  p->set_worker(-1);
  switch (r) {
    case RunResult::Continue:  // step() only; run() never returns it
    case RunResult::Yielded:
      // release: a claimer's CAS to Held (claim()) acquires the slice's
      // writes through this store, not through the queue's mutex.
      p->state().store(ProcState::Runnable, std::memory_order_release);
      push(w, p);
      break;
    case RunResult::Waiting: {
      // Read what the process owns before it can be woken elsewhere.
      p->heap().drop_small_spare();
      bool armed = p->timer_armed();
      Word seq = p->timer_seq();
      // Once Waiting is stored another worker may wake, run and end the
      // process; hold a reference until the check below is done.
      p->retain();
      p->state().store(ProcState::Waiting, std::memory_order_seq_cst);
      if (p->inbox().has_pending() || (armed && p->timeout_seq_fired() == seq)) {
        ProcState expected = ProcState::Waiting;
        if (p->state().compare_exchange_strong(expected, ProcState::Runnable, std::memory_order_seq_cst)) {
          push(w, p);
        }
      }
      ProcessTable::release(p);
      break;
    }
    case RunResult::HostReturned: {
      // A host's call process parks: it waits at the boot code's `wait`
      // (a message that wakes it only waits again) until its host claims
      // it. host_returned() is the last touch, under a reference: once
      // Waiting is stored, a kill may end the process elsewhere.
      p->exec().pc = vm_.boot_host_park();
      // Kept alive by the process, which our reference keeps alive.
      WaitState* notify = p->host_wait_state().get();
      p->retain();
      p->state().store(ProcState::Waiting, std::memory_order_seq_cst);
      if (p->inbox().has_pending()) {
        ProcState expected = ProcState::Waiting;
        if (p->state().compare_exchange_strong(expected, ProcState::Runnable, std::memory_order_seq_cst)) {
          push(w, p);
        }
      }
      p->host_returned().store(true, std::memory_order_seq_cst);
      if (notify != nullptr && notify->host_sleepers.load(std::memory_order_seq_cst) != 0) {
        std::lock_guard lock(notify->mutex);
        notify->done_cv.notify_all();
      }
      ProcessTable::release(p);
      break;
    }
    case RunResult::Exited:
      // seq_cst: senders and claim() read the state to stop waking or
      // claiming a process that is going away.
      p->state().store(ProcState::Exiting, std::memory_order_seq_cst);
    {
      finish_process(*p, index);
      ProcessTable::release(p);  // the table's reference
      if (vm_.halt_requested()) {
        // halt/1 ends the VM at once: no other process runs another slice.
        request_stop();
        vm_.waiters().finish_all(ProcessOutcome::Kind::Halted, vm_.halt_status());
      }
      break;
    }
  }
  w.busy.store(false, std::memory_order_relaxed);
  // Between slices this worker holds no code. Marked here, not only when it
  // goes to sleep: a worker that looks for work without finding it (and
  // spins before it sleeps) would otherwise keep every later retired
  // version alive (seen as a reload loop that never freed old code).
  w.code_epoch.store(kIdleEpoch, std::memory_order_release);
}

void Scheduler::worker_main(int index) {
  while (!stop_.load(std::memory_order_relaxed)) {
    Process* p = take(index);
    if (p == nullptr) {
      sleep(index);
      continue;
    }
    run_slice(index, p);
  }
}

bool Scheduler::code_epochs_passed(std::uint64_t epoch, bool except_this_thread) const {
  for (const auto& w : workers_) {
    std::uint64_t seen = w->code_epoch.load(std::memory_order_acquire);
    if (seen == kIdleEpoch || seen >= epoch) continue;
    // slice_thread was stored before code_epoch (release above, acquire
    // here), so it names the thread of the slice `seen` belongs to.
    if (except_this_thread && w->slice_thread.load(std::memory_order_relaxed) == std::this_thread::get_id()) continue;
    return false;
  }
  return true;
}

void Scheduler::request_stop() {
  stop_.store(true, std::memory_order_seq_cst);
  for (auto& w : workers_) {
    std::lock_guard lock(w->sleep_mutex);
    w->wake_flag = true;
    w->sleep_cv.notify_one();
  }
}

void Scheduler::start() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (running_) return;
  if (workers_.empty()) create_workers();
  stop_.store(false, std::memory_order_seq_cst);
  deadlocked_.store(false, std::memory_order_relaxed);
  for (auto& w : workers_) {
    std::lock_guard lock(w->sleep_mutex);
    w->wake_flag = false;
    w->sleeping = false;
  }
  running_ = true;
  if (options_.host_driven) return;  // the host lends its thread (run_for)
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    workers_[i]->thread = std::thread([this, i] { worker_main(static_cast<int>(i)); });
  }
}

void Scheduler::stop() {
  {
    std::lock_guard lifecycle(lifecycle_mutex_);
    if (running_) {
      request_stop();
      // A host thread inside run_for sees stop_ after its slice and leaves.
      if (options_.host_driven) {
        std::lock_guard drive(host_drive_mutex_);
      }
      for (auto& w : workers_) {
        if (w->thread.joinable()) w->thread.join();
        w->code_epoch.store(kIdleEpoch, std::memory_order_release);
      }
      running_ = false;
      // A woken process parked in a `next` slot goes back on its queue, so
      // a later start() runs it.
      for (auto& w : workers_) {
        if (Process* p = w->next.exchange(nullptr, std::memory_order_acquire)) push(*w, p);
      }
    }
  }
  vm_.waiters().finish_all(ProcessOutcome::Kind::Stopped);
}

Scheduler::RunFor Scheduler::run_for(std::chrono::nanoseconds budget, const std::function<bool()>& done) {
  if (!options_.host_driven) return RunFor::NotHostDriven;
  std::unique_lock drive(host_drive_mutex_, std::try_to_lock);
  if (!drive.owns_lock()) return RunFor::Busy;
  if (stop_.load(std::memory_order_relaxed)) return RunFor::Stopped;
  auto deadline = std::chrono::steady_clock::now() + budget;
  Worker& w = *workers_[0];
  RunFor result = RunFor::BudgetSpent;
  for (;;) {
    if (done && done()) {
      result = RunFor::Done;
      break;
    }
    if (stop_.load(std::memory_order_relaxed)) {
      result = RunFor::Stopped;
      break;
    }
    Process* p = take(0);
    if (p == nullptr) {
      result = RunFor::Idle;
      break;
    }
    run_slice(0, p);
    if (std::chrono::steady_clock::now() >= deadline) break;
  }
  // Between run_for calls the host thread holds no code (see code_epoch).
  w.code_epoch.store(kIdleEpoch, std::memory_order_release);
  if (result == RunFor::Idle) {
    vm_.flush_output_when_idle();
    if (vm_.code().has_retired()) vm_.code().reclaim();
  }
  return result;
}

bool Scheduler::run_now(Process* p) {
  std::unique_lock drive(host_drive_mutex_, std::try_to_lock);
  if (!drive.owns_lock()) return false;
  if (stop_.load(std::memory_order_relaxed)) return false;
  run_slice(0, p);
  workers_[0]->code_epoch.store(kIdleEpoch, std::memory_order_release);
  return true;
}

bool Scheduler::wait_for_work(std::chrono::steady_clock::time_point deadline) {
  if (!options_.host_driven || workers_.empty()) return false;
  Worker& w = *workers_[0];
  std::unique_lock lock(w.sleep_mutex);
  if (w.sleeping) {
    // Another host thread waits already: wait beside it on the same
    // condition (notify_all below wakes both).
    return w.sleep_cv.wait_until(lock, deadline, [&] { return w.visible_length.load() != 0 || stop_.load(); });
  }
  w.sleeping = true;
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  lock.unlock();
  bool work = w.visible_length.load(std::memory_order_seq_cst) != 0;
  lock.lock();
  while (!work && !w.wake_flag && !stop_.load(std::memory_order_relaxed)) {
    if (w.sleep_cv.wait_until(lock, deadline) == std::cv_status::timeout) break;
    work = w.visible_length.load(std::memory_order_relaxed) != 0;
  }
  bool woken = work || w.wake_flag || w.visible_length.load(std::memory_order_relaxed) != 0;
  w.wake_flag = false;
  w.sleeping = false;
  sleepers_.fetch_sub(1, std::memory_order_seq_cst);
  w.sleep_cv.notify_all();
  return woken;
}

}  // namespace girder::vm
