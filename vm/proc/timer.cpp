#include "vm/proc/timer.h"

#include <algorithm>
#include <chrono>

#include "vm/proc/mailbox.h"
#include "vm/proc/process_table.h"
#include "vm/proc/signals.h"
#include "vm/vm.h"

namespace girder::vm {

// --- TimerWheel -------------------------------------------------------------

void TimerWheel::insert(TimerEntry* e) {
  std::int64_t tick = std::max(e->deadline, now_ + 1);
  e->slot = static_cast<std::size_t>(tick % kSlots);
  TimerEntry*& head = slots_[e->slot];
  e->prev = nullptr;
  e->next = head;
  if (head != nullptr) head->prev = e;
  head = e;
  ++size_;
}

void TimerWheel::remove(TimerEntry* e) {
  if (e->prev != nullptr) {
    e->prev->next = e->next;
  } else {
    slots_[e->slot] = e->next;
  }
  if (e->next != nullptr) e->next->prev = e->prev;
  e->prev = e->next = nullptr;
  --size_;
}

void TimerWheel::advance(std::int64_t now, std::vector<TimerEntry*>& fired) {
  if (now <= now_) return;
  std::size_t first = fired.size();
  // Visit each slot whose tick passed; a full turn or more visits them all.
  std::int64_t steps = std::min<std::int64_t>(now - now_, kSlots);
  for (std::int64_t i = 1; i <= steps; ++i) {
    TimerEntry*& head = slots_[static_cast<std::size_t>((now_ + i) % kSlots)];
    TimerEntry* e = head;
    while (e != nullptr) {
      TimerEntry* next = e->next;
      if (e->deadline <= now) {
        if (e->prev != nullptr) {
          e->prev->next = e->next;
        } else {
          head = e->next;
        }
        if (e->next != nullptr) e->next->prev = e->prev;
        e->prev = e->next = nullptr;
        --size_;
        fired.push_back(e);
      }
      e = next;
    }
  }
  now_ = now;
  std::stable_sort(fired.begin() + static_cast<std::ptrdiff_t>(first), fired.end(),
                   [](const TimerEntry* a, const TimerEntry* b) { return a->deadline < b->deadline; });
}

std::int64_t TimerWheel::next_wake() const {
  if (size_ == 0) return -1;
  for (std::int64_t i = 1; i <= kSlots; ++i) {
    const TimerEntry* e = slots_[static_cast<std::size_t>((now_ + i) % kSlots)];
    // The slot's turn comes; if every entry there is for a later turn this
    // wake is wasted, which costs one wake per turn at most.
    if (e != nullptr) return now_ + i;
  }
  return now_ + kSlots;
}

// --- TimerService -----------------------------------------------------------

TimerService::~TimerService() { shutdown(); }

std::int64_t TimerService::now_tick() const { return vm_.monotonic_ns() / 1000000; }

std::int64_t TimerService::left_ms(const TimerEntry* e) const {
  return std::max<std::int64_t>(0, (e->due_ns - vm_.monotonic_ns()) / 1000000);
}

bool TimerService::target_gone(const TimerEntry* e) const {
  return e->message != nullptr && e->dest.is_pid() && !vm_.processes().alive(e->dest.pid_index());
}

void TimerService::schedule(TimerEntry* e, std::int64_t ms) {
  std::lock_guard lock(mutex_);
  // Round the deadline up: a timer never fires early.
  e->due_ns = vm_.monotonic_ns() + ms * 1000000;
  e->deadline = (e->due_ns + 999999) / 1000000;
  if (!thread_.joinable() && !stop_) thread_ = std::thread([this] { thread_main(); });
  wheel_.insert(e);
  index_.emplace(e->id, e);
  if (planned_wake_ < 0 || e->deadline < planned_wake_) wake_.notify_one();
}

std::uint64_t TimerService::start_timeout(Word pid, Word seq, std::int64_t ms) {
  auto* e = new TimerEntry();
  e->id = vm_.next_ref_id();
  e->pid = pid;
  e->seq = seq;
  std::uint64_t id = e->id;  // the entry may fire and be freed once scheduled
  schedule(e, ms);
  return id;
}

void TimerService::start_message(std::uint64_t id, Term dest, Signal* message, std::int64_t ms) {
  auto* e = new TimerEntry();
  e->id = id;
  e->dest = dest;
  e->message = message;
  schedule(e, ms);
}

std::int64_t TimerService::cancel(std::uint64_t id) {
  TimerEntry* e = nullptr;
  std::int64_t left = -1;
  {
    std::lock_guard lock(mutex_);
    auto it = index_.find(id);
    if (it == index_.end()) return -1;
    e = it->second;
    index_.erase(it);
    wheel_.remove(e);
    left = target_gone(e) ? -1 : left_ms(e);
  }
  if (e->message != nullptr) free_signal(e->message);
  delete e;
  return left;
}

void TimerService::discard(std::uint64_t id) {
  TimerEntry* e = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto it = index_.find(id);
    if (it == index_.end()) return;
    e = it->second;
    index_.erase(it);
    wheel_.remove(e);
  }
  if (e->message != nullptr) free_signal(e->message);
  delete e;
}

std::int64_t TimerService::read(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(id);
  if (it == index_.end()) return -1;
  return target_gone(it->second) ? -1 : left_ms(it->second);
}

std::size_t TimerService::pending() const {
  std::lock_guard lock(mutex_);
  return wheel_.size() + delivering_;
}

void TimerService::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  for (auto& [id, e] : index_) {
    if (e->message != nullptr) free_signal(e->message);
    delete e;
  }
  index_.clear();
}

void TimerService::thread_main() {
  std::vector<TimerEntry*> fired;
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wheel_.advance(now_tick(), fired);
    if (!fired.empty()) {
      for (TimerEntry* e : fired) index_.erase(e->id);
      delivering_ += fired.size();
      lock.unlock();
      for (TimerEntry* e : fired) deliver(e);
      lock.lock();
      delivering_ -= fired.size();
      fired.clear();
      continue;
    }
    planned_wake_ = wheel_.next_wake();
    if (planned_wake_ < 0) {
      wake_.wait(lock);
    } else {
      std::int64_t wait_ns = planned_wake_ * 1000000 - vm_.monotonic_ns();
      if (wait_ns > 0) wake_.wait_for(lock, std::chrono::nanoseconds(wait_ns));
    }
    planned_wake_ = -1;
  }
}

void TimerService::deliver(TimerEntry* e) {
  if (e->message != nullptr) {
    deliver_timer_message(vm_, e->dest, e->message);
  } else {
    deliver_receive_timeout(vm_, e->pid, e->seq);
  }
  delete e;
}

}  // namespace girder::vm
