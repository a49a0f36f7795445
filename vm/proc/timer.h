// Timers: receive ... after, erlang:send_after/3, erlang:start_timer/3.
//
// TimerWheel is the data structure (a hashed wheel of 1 ms ticks, one list
// per slot; an entry whose deadline is more than one turn away stays in its
// slot until the wheel comes round to it), kept apart from any thread or
// clock so tests can drive it tick by tick. TimerService owns a wheel and one
// thread that sleeps until the next occupied slot and delivers what is due.
//
// Invariants:
// * All wheel operations happen under the service's mutex; delivery happens
//   after the mutex is released (delivering takes process-table locks).
// * Every timer has an id that is unique in the VM (a reference id); an id
//   is in the index exactly while its entry is in the wheel.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "vm/proc/spin_lock.h"
#include "vm/proc/wake_source.h"
#include "vm/term/term.h"

namespace girder::vm {

class VM;
struct Signal;

struct TimerEntry {
  TimerEntry* prev = nullptr;
  TimerEntry* next = nullptr;
  std::int64_t deadline = 0;  // tick (ms since the VM started) it fires at
  std::int64_t due_ns = 0;    // the exact time asked for (for read/cancel)
  std::size_t slot = 0;       // the wheel slot it is listed in
  std::uint64_t id = 0;
  // Either a receive timeout (message == nullptr) for process `pid` armed
  // with `seq`, or a message for `dest` (a pid or a registered name).
  Word pid = 0;
  Word seq = 0;
  Term dest;
  Signal* message = nullptr;
};

class TimerWheel {
 public:
  static constexpr std::int64_t kSlots = 1024;

  explicit TimerWheel(std::int64_t now = 0) : now_(now), slots_(kSlots, nullptr) {}
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  // Insert an entry; a deadline in the past fires at the next advance().
  void insert(TimerEntry* e);
  void remove(TimerEntry* e);
  // Move time to `now`, appending every entry due by then to `fired`
  // (removed from the wheel), in deadline order.
  void advance(std::int64_t now, std::vector<TimerEntry*>& fired);
  // The tick to wake at next (an occupied slot's turn), or -1 when empty.
  std::int64_t next_wake() const;
  std::size_t size() const { return size_; }
  std::int64_t now() const { return now_; }

 private:
  std::int64_t now_;
  std::vector<TimerEntry*> slots_;
  std::size_t size_ = 0;
};

class TimerService final : public WakeSource {
 public:
  explicit TimerService(VM& vm) : vm_(vm) {}
  ~TimerService();
  TimerService(const TimerService&) = delete;
  TimerService& operator=(const TimerService&) = delete;

  // A receive timeout for process `pid`, armed with `seq`, `ms` from now.
  std::uint64_t start_timeout(Word pid, Word seq, std::int64_t ms);
  // Deliver `message` (owned by the service from now on) to `dest` in `ms`.
  void start_message(std::uint64_t id, Term dest, Signal* message, std::int64_t ms);
  // Cancel: milliseconds that were left, or -1 if no such timer is pending.
  // A timer aimed at a pid that has exited counts as gone (OTP cancels it
  // when its target dies).
  std::int64_t cancel(std::uint64_t id);
  // Cancel without asking what was left: a receive's timeout once a
  // message matched (every gen_server:call does this; the time-left read
  // and the target lookup are most of cancel()'s work).
  void discard(std::uint64_t id);
  // Milliseconds left, or -1.
  std::int64_t read(std::uint64_t id);
  std::size_t pending() const;
  // A pending timer may still wake a process (WakeSource).
  bool may_wake() const override { return pending() != 0; }
  // Stop the thread and drop every pending timer.
  void shutdown();

 private:
  std::int64_t now_tick() const;
  std::int64_t left_ms(const TimerEntry* e) const;
  bool target_gone(const TimerEntry* e) const;
  // Put an entry on the wheel, due `ms` from now (starts the thread once).
  void schedule(TimerEntry* e, std::int64_t ms);
  void thread_main();
  void deliver(TimerEntry* e);

  VM& vm_;
  // A spin lock (spin_lock.h): every receive with a timeout arms and then
  // discards a timer, from every scheduler at once (each gen_server:call
  // does), and a futex-based mutex made those two short sections the most
  // contended thing in the VM.
  mutable SpinLock mutex_;
  std::condition_variable_any wake_;
  TimerWheel wheel_;
  std::unordered_map<std::uint64_t, TimerEntry*> index_;
  std::thread thread_;
  bool stop_ = false;
  std::int64_t planned_wake_ = -1;  // tick the thread sleeps until (-1: none)
  // Timers taken off the wheel and not yet delivered: still pending for
  // the scheduler's "can anything ever run again?" test.
  std::size_t delivering_ = 0;
};

}  // namespace girder::vm
