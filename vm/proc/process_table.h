// Every live process by pid, and the registered names.
//
// Invariants:
// * Pids are never reused: each spawn takes the next number, so a stale pid
//   can never reach a newer process.
// * The table holds one reference to each process it lists (process.h);
//   acquire() hands out another, which the caller gives back with release().
//   Removal happens once, when the process exits, before it closes its inbox.
// * Locks: each shard has its own spin lock, held only for map operations; the
//   name table has one mutex. Neither is held while calling out, so they
//   never nest with any other lock.
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "vm/proc/spin_lock.h"
#include "vm/term/term.h"

namespace girder::vm {

class Process;

class ProcessTable {
 public:
  ProcessTable() = default;
  ~ProcessTable();
  ProcessTable(const ProcessTable&) = delete;
  ProcessTable& operator=(const ProcessTable&) = delete;

  // A fresh pid number.
  Word next_id() { return next_id_.fetch_add(1, std::memory_order_relaxed); }

  void insert(Process* p);
  // Remove the table's entry (the caller drops the table's reference).
  void remove(Word id);
  // The process with this pid number, retained; nullptr if it has exited.
  Process* acquire(Word id);
  static void release(Process* p);
  bool alive(Word id);
  std::size_t count() const { return count_.load(std::memory_order_relaxed); }
  // Pid numbers of every live process, ascending.
  std::vector<Word> pids();
  // Ids above `after`, the `limit` smallest of them, in order (a scan in chunks).
  std::vector<Word> pids_after(Word after, std::size_t limit);

  // --- registered names ---
  // False if the name is taken or the process already has a name.
  bool register_name(Term name, Word id);
  bool unregister_name(Term name);
  // The pid number registered under `name`, or 0.
  Word whereis(Term name);
  std::vector<Term> registered();
  // The name `id` is registered under, or [].
  Term name_of(Word id);

 private:
  static constexpr std::size_t kShards = 64;
  // Each shard's lock (spin_lock.h) is held for a hash lookup only; never
  // while calling out.
  // Pid number -> process, open addressing (Robin Hood): a lookup
  // on the send path is usually one cache line (a node-based map costs a
  // bucket load and a node load). Pids within a shard are spaced kShards
  // apart and only increase, so id / kShards is the slot.
  class PidMap {
   public:
    Process* find(Word id) const;
    void insert(Word id, Process* p);
    bool erase(Word id);
    template <typename F>
    void for_each(F&& f) const {
      for (const Slot& s : slots_) {
        if (s.id != kEmpty) f(s.id, s.process);
      }
    }
    void clear() {
      slots_.clear();
      size_ = 0;
    }

   private:
    static constexpr Word kEmpty = ~Word{0};
    struct Slot {
      Word id = kEmpty;
      Process* process = nullptr;
    };
    std::size_t home(Word id) const { return (id / kShards) & (slots_.size() - 1); }
    void resize(std::size_t capacity);
    std::vector<Slot> slots_;  // empty or a power of two
    std::size_t size_ = 0;
  };
  struct Shard {
    SpinLock lock;
    PidMap map;
  };
  Shard& shard(Word id) { return shards_[id % kShards]; }

  // Pid 0 is never handed out (it marks "none" in whereis).
  std::atomic<Word> next_id_{1};
  std::atomic<std::size_t> count_{0};
  std::array<Shard, kShards> shards_;
  std::mutex names_mutex_;
  std::unordered_map<Word, Word> names_;    // atom index -> pid number
  std::unordered_map<Word, Word> name_of_;  // pid number -> atom index
};

}  // namespace girder::vm
