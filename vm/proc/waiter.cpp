#include "vm/proc/waiter.h"

#include <algorithm>

#include "vm/heap/copy.h"
#include "vm/proc/mailbox.h"
#include "vm/proc/process.h"
#include "vm/proc/process_table.h"
#include "vm/proc/scheduler.h"
#include "vm/vm.h"

namespace girder::vm {

ProcessOutcome::~ProcessOutcome() {
  if (area != nullptr) free_signal(area);
}

namespace {

// The outcome of a process that just ended, its terms copied out of the
// heap that is about to be freed.
std::shared_ptr<const ProcessOutcome> capture(Process& p) {
  auto outcome = std::make_shared<ProcessOutcome>();
  VM& vm = p.vm();
  Term cls = p.error_class();
  Term exit_reason = p.exit_reason();
  if (!exit_reason.is_value()) exit_reason = atoms::normal;
  // What to keep: a returned value, or the exception's reason and trace.
  Term terms[3] = {kNil, kNil, exit_reason};
  if (vm.halt_requested()) {
    outcome->kind = ProcessOutcome::Kind::Halted;
    outcome->halt_status = vm.halt_status();
  } else if (p.return_value().is_value()) {
    outcome->kind = ProcessOutcome::Kind::Returned;
    terms[0] = p.return_value();
  } else if (cls == atoms::exit_signal_) {
    outcome->kind = ProcessOutcome::Kind::Killed;
    terms[0] = exit_reason;
  } else {
    outcome->kind = ProcessOutcome::Kind::Raised;
    terms[0] = p.error_reason();
    terms[1] = p.error_stacktrace();
  }
  for (Term& t : terms) {
    if (!t.is_value()) t = kNil;
  }
  Word words = copy_size(terms[0]) + copy_size(terms[1]) + copy_size(terms[2]);
  if (words != 0) {
    outcome->area = new_signal(SignalKind::Message, p.self(), words);
    Word* hp = outcome->area->payload();
    for (Term& t : terms) t = copy_term(t, hp, outcome->area->proc_bins);
  }
  if (outcome->kind == ProcessOutcome::Kind::Returned) {
    outcome->value = terms[0];
  } else if (outcome->kind != ProcessOutcome::Kind::Halted) {
    outcome->error_class = cls == atoms::exit_signal_ ? Term(atoms::exit) : cls;
    outcome->reason = terms[0];
    outcome->stacktrace = terms[1];
  }
  outcome->exit_reason = terms[2];
  return outcome;
}

std::shared_ptr<const ProcessOutcome> outcome_of_kind(ProcessOutcome::Kind kind, int halt_status) {
  auto outcome = std::make_shared<ProcessOutcome>();
  outcome->kind = kind;
  outcome->halt_status = halt_status;
  return outcome;
}

}  // namespace

void WaiterRegistry::publish(WaitState& state, std::shared_ptr<const ProcessOutcome> outcome) {
  std::lock_guard lock(state.mutex);
  if (state.outcome) return;  // the first ending wins (an exit racing a halt)
  state.outcome = std::move(outcome);
  state.done.store(true, std::memory_order_release);
  state.done_cv.notify_all();
}

void WaiterRegistry::watch(Word pid, const std::shared_ptr<WaitState>& state, bool expect_alive) {
  {
    std::lock_guard lock(mutex_);
    bool alive = true;
    if (expect_alive) {
      Process* p = vm_.processes().acquire(pid);
      alive = p != nullptr;
      if (p != nullptr) ProcessTable::release(p);
    }
    if (alive) {
      by_pid_[pid].push_back(state);
      count_.store(by_pid_.size(), std::memory_order_relaxed);
      return;
    }
  }
  publish(*state, outcome_of_kind(ProcessOutcome::Kind::NoProc, 0));
}

void WaiterRegistry::unwatch(Word pid, const WaitState* state) {
  std::lock_guard lock(mutex_);
  auto it = by_pid_.find(pid);
  if (it == by_pid_.end()) return;
  std::erase_if(it->second, [state](const auto& s) { return s.get() == state; });
  if (it->second.empty()) by_pid_.erase(it);
  count_.store(by_pid_.size(), std::memory_order_relaxed);
}

void WaiterRegistry::process_exited(Process& p) {
  if (!anyone_waiting()) return;
  std::vector<std::shared_ptr<WaitState>> waiters;
  {
    std::lock_guard lock(mutex_);
    auto it = by_pid_.find(p.id());
    if (it == by_pid_.end()) return;
    waiters = std::move(it->second);
    by_pid_.erase(it);
    count_.store(by_pid_.size(), std::memory_order_relaxed);
  }
  std::shared_ptr<const ProcessOutcome> outcome = capture(p);
  bool stop = false;
  for (const auto& w : waiters) {
    stop |= w->stop_scheduler_on_exit;
    publish(*w, outcome);
  }
  // Not joined here: this runs on a worker thread.
  if (stop) vm_.scheduler().request_stop();
}

void WaiterRegistry::finish_all(ProcessOutcome::Kind kind, int halt_status) {
  std::unordered_map<Word, std::vector<std::shared_ptr<WaitState>>> all;
  {
    std::lock_guard lock(mutex_);
    all.swap(by_pid_);
    count_.store(0, std::memory_order_relaxed);
  }
  if (all.empty()) return;
  std::shared_ptr<const ProcessOutcome> outcome = outcome_of_kind(kind, halt_status);
  for (auto& [pid, waiters] : all) {
    for (const auto& w : waiters) publish(*w, outcome);
  }
}

ProcessWaiter::ProcessWaiter(VM& vm, Term pid, bool expect_alive)
    : vm_(vm), state_(std::make_shared<WaitState>()) {
  attach(pid, expect_alive);
}

ProcessWaiter::ProcessWaiter(VM& vm) : vm_(vm), state_(std::make_shared<WaitState>()) {}

void ProcessWaiter::attach(Term pid, bool expect_alive) {
  pid_ = pid.pid_index();
  vm_.waiters().watch(pid_, state_, expect_alive);
}

ProcessWaiter::~ProcessWaiter() {
  if (pid_ == 0) return;
  std::unique_lock lock(state_->mutex);
  bool finished = state_->outcome != nullptr;
  lock.unlock();
  if (!finished) vm_.waiters().unwatch(pid_, state_.get());
}

const ProcessOutcome& ProcessWaiter::wait() {
  std::unique_lock lock(state_->mutex);
  state_->done_cv.wait(lock, [this] { return state_->outcome != nullptr; });
  return *state_->outcome;
}

const ProcessOutcome* ProcessWaiter::wait_for(std::chrono::nanoseconds timeout) {
  std::unique_lock lock(state_->mutex);
  if (!state_->done_cv.wait_for(lock, timeout, [this] { return state_->outcome != nullptr; })) return nullptr;
  return state_->outcome.get();
}

}  // namespace girder::vm
