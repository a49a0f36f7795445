// vm/heap/ — process heaps. Owns: the young and old blocks, fragments, the
// generational copying collector, compaction, and deep copies of terms
// between heaps (copy.h). May call: term/ (layouts). It knows nothing of
// processes: a collection is given its roots (GcRoots) by the caller.
//
// A process heap and its garbage collector.
//
// Invariants:
// * A heap belongs to exactly one process; only the thread running that
//   process reads or writes it (messages arrive as fragments, see below).
// * Young objects live in one contiguous block [start, hend), filled upward
//   from start to htop. The interpreter allocates inline after a heap check
//   (test_heap) that names how many X registers are live, so GC happens only
//   at points where every root is known.
// * Code that cannot GC (BIFs, message delivery) allocates with alloc(): from
//   the block if there is room, otherwise from a fragment: a separately
//   allocated chunk kept on the heap's fragment list. Fragments are part of
//   the young generation; the next GC evacuates them and frees them, so a
//   BIF never moves anything under its caller's feet.
// * Old generation: objects that survived two collections are promoted to the
//   old block (tenured); a minor GC does not scan or move them. Because terms
//   are immutable, an old object never points to a young one, so the old
//   block needs no remembered set. When more than half the young data
//   survived a minor collection, the next minor tenures every survivor.
// * A major (full-sweep) collection happens when the old block cannot take
//   every possible promotion (or on request). It copies everything live (old,
//   young, fragments) into a fresh block sized for all that could survive
//   plus room for later promotions; that block becomes the new old
//   generation and the young block starts empty, so survivors are not copied
//   again by the next minor. (Should survivors overflow that block, they
//   stay young instead and the old block starts empty.) Compaction (hibernate, compact()) is the
//   exception: its full sweeps copy into one small young block and leave no
//   old block.
// * Literals (module constants) live outside every heap; the GC recognises
//   from-space by address and leaves any other pointer untouched.
// * Off-heap binaries: every ProcBin on this heap is on the off_heap list;
//   after a collection, ProcBins that were not copied drop their reference.
#pragma once

#include <atomic>
#include <chrono>
#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "vm/term/term.h"

namespace girder::vm {

struct Fragment {
  Word* start;
  Word used;
  Word capacity;
  // Words at the start that survived the last collection (the fragment was
  // an overflow chunk of it): like the young block's high-water mark, they
  // are promoted at the next minor collection, which keeps "old objects never
  // point to young ones" true.
  Word survivors = 0;
  // The malloc block to free, when `start` is not its beginning (a received
  // message: the block is the Signal, see mailbox.h).
  void* block = nullptr;
};

// Where the GC looks for roots besides the heap itself.
struct GcRoots {
  std::span<Term> registers;   // live X registers
  std::span<Term> stack;       // stack words (Y slots; header-tagged words skipped)
  std::span<Term> extra;       // process dictionary, pending exception, ...
  std::vector<std::span<Term>> more;  // anything else (message queue payloads)
};

// What every process heap of one VM holds together (the embedding API's
// VM-wide heap limit, girder_options.vm_heap_limit): each heap adds the
// change of its footprint when it publishes it. One per VM.
struct HeapTotals {
  std::atomic<std::int64_t> words{0};
  Word limit_words = 0;  // 0: no limit
  // Where the heaps' blocks come from (the embedding API's allocator hook,
  // girder_options.allocator); nullptr: malloc and free. Set before any
  // heap exists. `release` is told the size `allocate` was asked for.
  void* (*allocate)(void* userdata, std::size_t bytes) = nullptr;
  void (*release)(void* userdata, void* block, std::size_t bytes) = nullptr;
  void* userdata = nullptr;
  bool over_limit() const {
    return limit_words != 0 && words.load(std::memory_order_relaxed) > static_cast<std::int64_t>(limit_words);
  }
};

class Heap {
 public:
  static constexpr Word kMinWords = 128;

  // `shared`: the VM's totals and allocator (nullptr: malloc, uncounted).
  explicit Heap(Word initial_words = kMinWords, HeapTotals* shared = nullptr);
  ~Heap();
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;

  // Room for `words` in the young block right now (no fragment needed)?
  // `limit_` is hend_ except when received messages have piled up as
  // fragments: then it is pulled down to force a collection at the next heap
  // check (see adopt()).
  bool has_room(Word words) const { return static_cast<Word>(limit_ - htop_) >= words; }

  // Byte offsets of htop_ and limit_ in a Heap: the JIT allocates inline
  // (room when limit_ - htop_ >= words, then bump htop_).
  static std::size_t top_offset();
  static std::size_t limit_offset();

  // Inline allocation. Precondition: has_room(words). Never collects.
  Word* alloc_unchecked(Word words) {
    Word* p = htop_;
    htop_ += words;
    return p;
  }

  // Allocation that never collects: from the block, else from a fragment.
  Word* alloc(Word words) {
    if (has_room(words)) return alloc_unchecked(words);
    return alloc_fragment(words);
  }

  // Collect, keeping everything reachable from `roots`, and make sure at least
  // `need` words are free in the young block afterwards. Updates every root in
  // place. `major` forces a full sweep of both generations.
  void collect(GcRoots& roots, Word need, bool major = false);
  // Shrink to the live data (erlang:hibernate/3): a full sweep to learn the
  // live size, a second one into a young block of about that size, and the
  // empty old block and the spare block given back.
  void compact(GcRoots& roots);

  // Register a ProcBin just built on this heap (for the off-heap sweep).
  void link_proc_bin(Word* proc_bin);
  // Register a chain of ProcBins linked through their `next` word (as
  // copy_term builds them).
  void link_proc_bins(Word* chain);

  // Take a received message's payload (`words` words at `start`, inside the
  // malloc block `block`) into the young generation as a fragment, with the
  // ProcBins it holds.
  void adopt(Word* start, Word words, void* block, Word* proc_bins);

  // Make the next heap check collect (erlang:garbage_collect/0).
  void request_collection() { limit_ = htop_; }

  // Total words in use (young + old + fragments); used by process_info.
  Word words_used() const;
  Word young_capacity() const { return static_cast<Word>(hend_ - start_); }
  // Words of memory the heap holds (blocks and fragments), as last
  // published by its owner after a change: readable from any thread
  // (erlang:memory/0 sums it over every process).
  Word footprint_words() const { return footprint_words_.load(std::memory_order_relaxed); }
  // Stop counting this heap in its VM's totals (a finished process, whose
  // heap dies later); its blocks still go back through the allocator.
  void detach_totals();
  // Whether the VM's heaps together are over the VM's limit.
  bool vm_over_limit() const { return totals_ != nullptr && totals_->over_limit(); }
  // Free the semi-space spare block kept for the next collection when it is
  // small: a process about to wait gives it back, so ten thousand idle
  // processes do not hold two young blocks each (the next collection of a
  // busy one pays one malloc instead).
  void drop_small_spare();
  Word old_used() const { return static_cast<Word>(old_top_ - old_start_); }
  Word fragment_words() const;
  // Whether fragments (BIF overflow, received messages) have piled up past
  // the young block: the interpreter then collects at the start of a slice.
  bool fragments_heavy() const { return fragment_words_ > young_capacity(); }
  std::size_t gc_count() const { return gc_count_; }

  Word*& htop() { return htop_; }
  Word* hend() const { return hend_; }

 private:
  Word* alloc_fragment(Word words);
  bool in_young(const Word* p) const;

  // Hot fields first: the interpreter reads htop_/hend_ on every allocation.
  Word* htop_ = nullptr;
  Word* limit_ = nullptr;
  Word* hend_ = nullptr;
  Word* start_ = nullptr;
  // Objects below this mark survived one collection already; at the next minor
  // collection they are promoted to the old generation.
  Word* high_water_ = nullptr;
  Word* old_start_ = nullptr;
  Word* old_top_ = nullptr;
  Word* old_end_ = nullptr;
  std::vector<Fragment> fragments_;
  Word* off_heap_ = nullptr;  // ProcBin list (young and old)
  Word adopted_words_ = 0;    // message payload words adopted since the last collection
  void publish_footprint();
  std::atomic<Word> footprint_words_{0};
  HeapTotals* totals_ = nullptr;     // counted in, until detach_totals
  HeapTotals* allocator_ = nullptr;  // where blocks come from and go (null: malloc)
  Word* get_block(Word words);
  void put_block(Word* block, Word words);
  void free_fragment(Fragment& f);
  Word fragment_words_ = 0;   // words used in fragments (kept up to date; fragment_words() recounts)
  std::size_t gc_count_ = 0;
  // Sizing policy between collections (see Collector::run).
  bool grow_next_ = false;
  std::size_t collections_at_size_ = 0;  // since the young block last grew
  std::chrono::steady_clock::time_point busy_window_start_{};  // at the first of those
  Word shrink_to_ = 0;
  // The previous young block, kept for reuse as the next to-space.
  Word* spare_ = nullptr;
  Word spare_capacity_ = 0;
  std::size_t minor_since_major_ = 0;
  bool compacting_ = false;  // compact(): full sweeps stay in the young block
  bool tenure_all_next_ = false;  // most of the young data survived last time

  friend class Collector;
};

}  // namespace girder::vm
