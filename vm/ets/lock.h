// A reader-writer spin lock for ETS tables: one word, no system call on
// the uncontended path, writer preference. Critical sections are short
// (a lookup, an insert, or one bounded slice of a traversal), so waiters
// spin with a pause and fall back to yielding the thread.
//
// state_: bit 31 is set while a writer holds the lock or waits for the
// readers to leave; the low bits count the readers inside. A reader enters
// only while the writer bit is clear, so a waiting writer stops new readers.
#pragma once

#include <atomic>
#include <cassert>
#include <cstdint>
#include <thread>

namespace girder::vm::ets {

class RwLock {
 public:
  void lock_shared() {
    unsigned spins = 0;
    for (;;) {
      std::uint32_t s = state_.load(std::memory_order_relaxed);
      // acquire: what the last writer wrote under the lock becomes visible.
      if ((s & kWriter) == 0 &&
          state_.compare_exchange_weak(s, s + 1, std::memory_order_acquire, std::memory_order_relaxed)) {
        return;
      }
      backoff(spins);
    }
  }
  void unlock_shared() {
    // release: a writer that sees the count drop sees our reads done.
    [[maybe_unused]] std::uint32_t before = state_.fetch_sub(1, std::memory_order_release);
    assert((before & ~kWriter) != 0 && "unlock_shared without lock_shared");
  }
  void lock() {
    unsigned spins = 0;
    for (;;) {
      std::uint32_t s = state_.load(std::memory_order_relaxed);
      if ((s & kWriter) == 0 &&
          state_.compare_exchange_weak(s, s | kWriter, std::memory_order_acquire, std::memory_order_relaxed)) {
        break;
      }
      backoff(spins);
    }
    // acquire: pairs with the readers' release in unlock_shared.
    while ((state_.load(std::memory_order_acquire) & ~kWriter) != 0) backoff(spins);
  }
  void unlock() {
    assert(state_.load(std::memory_order_relaxed) == kWriter && "unlock without lock");
    // release: publishes everything written under the lock. No reader can
    // have entered meanwhile (the writer bit was set), so the word is kWriter.
    state_.store(0, std::memory_order_release);
  }

 private:
  static constexpr std::uint32_t kWriter = 0x80000000u;
  static void backoff(unsigned& spins) {
    if (++spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    } else {
      std::this_thread::yield();
    }
  }
  std::atomic<std::uint32_t> state_{0};
};

// Scoped holders.
class ReadGuard {
 public:
  explicit ReadGuard(RwLock& l) : l_(l) { l_.lock_shared(); }
  ~ReadGuard() { l_.unlock_shared(); }
  ReadGuard(const ReadGuard&) = delete;
  ReadGuard& operator=(const ReadGuard&) = delete;

 private:
  RwLock& l_;
};

class WriteGuard {
 public:
  explicit WriteGuard(RwLock& l) : l_(l) { l_.lock(); }
  ~WriteGuard() { l_.unlock(); }
  WriteGuard(const WriteGuard&) = delete;
  WriteGuard& operator=(const WriteGuard&) = delete;

 private:
  RwLock& l_;
};

}  // namespace girder::vm::ets
