// A lock for critical sections of a few dozen instructions that several
// schedulers hit at a high rate (the process table's shards, the timer
// service's wheel): spinning costs less than a futex sleep and wake-up,
// which is what a contended std::mutex does on Linux. Never held while
// calling out or allocating much. After a while of spinning the waiter
// yields its core, so a holder that was preempted (more runnable threads
// than cores) gets to finish.
#pragma once

#include <atomic>
#include <thread>

namespace girder::vm {

class SpinLock {
 public:
  void lock() {
    // acquire: what the previous holder wrote under the lock is visible.
    while (locked_.exchange(true, std::memory_order_acquire)) {
      int spins = 0;
      while (locked_.load(std::memory_order_relaxed)) {
        if (++spins < 128) {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause();
#endif
        } else {
          std::this_thread::yield();
          spins = 0;
        }
      }
    }
  }
  bool try_lock() { return !locked_.exchange(true, std::memory_order_acquire); }
  void unlock() { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

}  // namespace girder::vm
