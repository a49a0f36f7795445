// Generational copying collector (Cheney scan), one process at a time.
//
// Minor collection: live young objects below the high-water mark (they
// survived the previous collection) are promoted into the old block; the rest
// are copied into a fresh young block. Fragments are young. If the old block
// cannot take every possible promotion, the collection becomes major.
// Major collection: everything live (old, young, fragments) is copied into a
// fresh block that becomes the old generation (finish_into_old); the young
// block starts empty. Compaction copies into a young block instead.
#include "vm/heap/heap.h"

#include <chrono>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <cstddef>
#include <cstdio>

namespace girder::vm {

namespace {

// Fragments and overflow chunks grow geometrically up to this size (8 MB).
constexpr Word kMaxFragmentGrowth = Word{1} << 20;


// Fibonacci-like growth as on BEAM, then 20% steps past a million words.
// The sequence starts at 144 (then 233, 377, ... as BEAM's): a small
// process that outgrows its first block by a few words must not jump to
// 377 words (3 KB), which ten thousand connection processes would each
// keep for life.
Word next_heap_size(Word at_least) {
  Word a = 89, b = 144;
  while (b < at_least) {
    if (b >= (Word{1} << 20)) {
      b = b + b / 5;
    } else {
      Word c = a + b;
      a = b;
      b = c;
    }
  }
  return b;
}

void release_refc(Word* proc_bin) {
  release_refc_binary(reinterpret_cast<RefcBinary*>(proc_bin[2]));
}

}  // namespace

Word* Heap::get_block(Word words) {
  void* p = allocator_ != nullptr && allocator_->allocate != nullptr
                ? allocator_->allocate(allocator_->userdata, words * sizeof(Word))
                : std::malloc(words * sizeof(Word));
  if (!p) std::abort();  // out of memory: nothing sensible to do per process
  return static_cast<Word*>(p);
}

void Heap::put_block(Word* block, Word words) {
  if (block == nullptr) return;
  if (allocator_ != nullptr && allocator_->release != nullptr) {
    allocator_->release(allocator_->userdata, block, words * sizeof(Word));
  } else {
    std::free(block);
  }
}

// A received message's fragment is its signal's malloc block; the others
// are the heap's own blocks.
void Heap::free_fragment(Fragment& f) {
  if (f.block != nullptr) {
    std::free(f.block);
  } else {
    put_block(f.start, f.capacity);
  }
}

Heap::Heap(Word initial_words, HeapTotals* shared) : allocator_(shared) {
  initial_words = std::max<Word>(initial_words, 8);
  start_ = get_block(initial_words);
  htop_ = start_;
  hend_ = start_ + initial_words;
  limit_ = hend_;
  high_water_ = start_;
  totals_ = shared;
  publish_footprint();
}

void Heap::drop_small_spare() {
  constexpr Word kSmallSpareWords = 4096;
  if (spare_ == nullptr || spare_capacity_ > kSmallSpareWords) return;
  put_block(spare_, spare_capacity_);
  spare_ = nullptr;
  spare_capacity_ = 0;
  publish_footprint();
}

void Heap::publish_footprint() {
  Word words = static_cast<Word>(hend_ - start_) + static_cast<Word>(old_end_ - old_start_) + spare_capacity_;
  for (const Fragment& f : fragments_) words += f.capacity;
  Word before = footprint_words_.exchange(words, std::memory_order_relaxed);
  if (totals_ != nullptr && words != before) {
    totals_->words.fetch_add(static_cast<std::int64_t>(words) - static_cast<std::int64_t>(before),
                             std::memory_order_relaxed);
  }
}


void Heap::detach_totals() {
  if (totals_ == nullptr) return;
  totals_->words.fetch_sub(static_cast<std::int64_t>(footprint_words()), std::memory_order_relaxed);
  totals_ = nullptr;
}

Heap::~Heap() {
  detach_totals();
  for (Word* pb = off_heap_; pb != nullptr; pb = reinterpret_cast<Word*>(pb[3])) release_refc(pb);
  put_block(start_, static_cast<Word>(hend_ - start_));
  put_block(spare_, spare_capacity_);
  put_block(old_start_, static_cast<Word>(old_end_ - old_start_));
  for (Fragment& f : fragments_) free_fragment(f);
}

Word* Heap::alloc_fragment(Word words) {
  // Fragments are at least 256 words so a BIF building a long list does not
  // make one malloc per cell; the last fragment is reused while it has room.
  if (!fragments_.empty()) {
    Fragment& last = fragments_.back();
    if (last.capacity - last.used >= words) {
      Word* p = last.start + last.used;
      last.used += words;
      fragment_words_ += words;
      return p;
    }
  }
  fragment_words_ += words;
  // Each new fragment is as big as half of those so far (up to a cap), so
  // a BIF-heavy stretch without a heap check leaves a few dozen fragments,
  // not tens of thousands: the collector looks every pointer up among them.
  Word capacity = std::max<Word>({words, 256, std::min<Word>(fragment_words_ / 2, kMaxFragmentGrowth)});
  Fragment f{get_block(capacity), words, capacity, 0};
  fragments_.push_back(f);
  publish_footprint();
  return f.start;
}

void Heap::adopt(Word* start, Word words, void* block, Word* proc_bins) {
  // Keep any BIF fragment with spare room last, where alloc_fragment looks.
  Fragment f{start, words, words, 0, block};
  if (!fragments_.empty() && fragments_.back().block == nullptr) {
    fragments_.insert(fragments_.end() - 1, f);
  } else {
    fragments_.push_back(f);
  }
  link_proc_bins(proc_bins);
  // Many small fragments make every collection's from-space test slower;
  // once they outweigh the young block, collect at the next heap check.
  fragment_words_ += words;
  // Each adopted block costs the collector a range lookup, so trigger early
  // enough to keep the count modest, but not so early that a process that
  // receives many small messages collects all the time.
  adopted_words_ += words + 4;
  if (adopted_words_ > young_capacity()) limit_ = htop_;
}

void Heap::link_proc_bins(Word* chain) {
  while (chain != nullptr) {
    Word* next = reinterpret_cast<Word*>(chain[3]);
    link_proc_bin(chain);
    chain = next;
  }
}

void Heap::link_proc_bin(Word* proc_bin) {
  proc_bin[3] = reinterpret_cast<Word>(off_heap_);
  off_heap_ = proc_bin;
}

Word Heap::fragment_words() const {
  Word n = 0;
  for (const Fragment& f : fragments_) n += f.used;
  return n;
}

Word Heap::words_used() const {
  return static_cast<Word>(htop_ - start_) + static_cast<Word>(old_top_ - old_start_) + fragment_words();
}

bool Heap::in_young(const Word* p) const { return p >= start_ && p < hend_; }

namespace {
// A fragment's extent, as the collector indexes it.
struct Range {
  const Word* start;
  const Word* end;
  Word survivors;
};
}  // namespace

// A process that keeps filling a small young block pays the fixed cost of a
// collection over and over for little garbage each time: when
// kBusyCollections collections at one size come within kBusyWindow, its
// block gets the next size, up to kBusyGrowLimitWords. Processes that
// collect rarely keep small blocks: a count alone grew every long-lived
// process (10,000 callers that each woke every 100 ms reached 13 KB each
// where OTP keeps 2.6 KB).
// Blocks up to that size are never shrunk: a block that shrinks after a
// mostly-dead collection only to grow again makes the collector allocate a
// fresh block (and fault its pages in) each time, and collect more often.
constexpr std::size_t kBusyCollections = 8;
constexpr std::chrono::milliseconds kBusyWindow{20};
constexpr Word kBusyGrowLimitWords = 8192;
constexpr Word kShrinkFloorWords = kBusyGrowLimitWords;

// One collection's working state.
class Collector {
 public:
  Collector(Heap& heap, bool major) : heap_(heap), major_(major) {}

  void run(GcRoots& roots, Word need) {
    index_fragments();
#ifdef GIRDER_GC_VERIFY
    precheck();
#endif
    Word young_used = static_cast<Word>(heap_.htop_ - heap_.start_) + heap_.fragment_words();
    Word old_used = static_cast<Word>(heap_.old_top_ - heap_.old_start_);
    // When most of the young data survived the last collection (a process
    // building a large result), survivors go straight to the old block
    // instead of being copied once more within the young generation.
    promote_all_ = !major_ && heap_.tenure_all_next_;
    Word promotable = static_cast<Word>(heap_.high_water_ - heap_.start_);
    for (const Fragment& f : heap_.fragments_) promotable += f.survivors;
    if (promote_all_) promotable = young_used;
    if (!major_ && static_cast<Word>(heap_.old_end_ - heap_.old_top_) < promotable) {
      // Grow the old block only as part of a major collection, which empties it.
      major_ = true;
      promote_all_ = false;
    }
    Word upper_bound = young_used + (major_ ? old_used : 0);
    // The young block keeps its size unless the last collection found it
    // mostly live (grow) or mostly dead (shrink); it is never smaller than
    // what could survive plus what is needed now.
    Word capacity = static_cast<Word>(heap_.hend_ - heap_.start_);
    Word desired = capacity;
    if (heap_.grow_next_) desired = next_heap_size(capacity + 1);
    if (heap_.shrink_to_ != 0) desired = heap_.shrink_to_;
    // Survivors that do not fit spill into overflow chunks, which become
    // fragments of the new heap; so the block need not be sized for the
    // worst case (everything in it and in the fragments surviving).
    Word target = desired;
    // A process holding much data gets a young block in proportion, so the
    // cost of collections stays amortised (as BEAM sizes by total heap).
    Word old_used_now = static_cast<Word>(heap_.old_top_ - heap_.old_start_);
    if (old_used_now / 4 > target) target = next_heap_size(old_used_now / 4);
    // Likewise for a deep stack: every collection scans all of it, so a
    // body recursion a million calls deep (a list comprehension over a long
    // list) must not collect every few thousand cells, or the scans grow
    // quadratically. BEAM gets this by keeping stack and heap in one block.
    if (roots.stack.size() > target && roots.stack.size() > Heap::kMinWords) {
      target = next_heap_size(roots.stack.size());
    }
    if (need * 2 > target) target = next_heap_size(need * 2);
    target = std::max(target, Heap::kMinWords);
    // A full sweep copies what is live into a block big enough for all that
    // could survive (so nothing overflows) with room for later promotions,
    // and that block becomes the old generation: survivors are not copied
    // a second time by the next minor collection. Compaction (hibernate)
    // instead wants one small young block.
    into_old_ = major_ && !heap_.compacting_;
    Word to_words = target;
    if (into_old_) {
      to_words = next_heap_size(upper_bound + upper_bound / 2 + Heap::kMinWords);
      to_start_ = heap_.get_block(to_words);
    } else if (heap_.spare_ != nullptr && heap_.spare_capacity_ == target) {
      // Semi-space reuse: the block left over from the previous collection
      // is already mapped, so reusing it avoids a page fault per word.
      to_start_ = heap_.spare_;
      heap_.spare_ = nullptr;
    } else {
      heap_.put_block(heap_.spare_, heap_.spare_capacity_);
      heap_.spare_ = nullptr;
      to_start_ = heap_.get_block(target);
    }
    to_top_ = to_start_;
    to_end_ = to_start_ + to_words;
    old_scan_ = heap_.old_top_;

    evacuate_span(roots.registers);
    evacuate_span(roots.stack);
    evacuate_span(roots.extra);
    for (auto& span : roots.more) evacuate_span(span);
    scan();
    sweep_off_heap();

#ifdef GIRDER_GC_VERIFY
    verify(roots);
#endif
    if (into_old_ && overflow_.empty()) {
      finish_into_old(capacity, target, need);
      return;
    }
    Word live = static_cast<Word>(to_top_ - to_start_);
    for (const Fragment& f : overflow_) live += f.used;
    heap_.grow_next_ = (live + need) * 4 > target * 3;
    heap_.tenure_all_next_ = !major_ && live * 2 > young_used;
    // Busy processes grow (see kBusyCollections).
    if (++heap_.collections_at_size_ == 1) heap_.busy_window_start_ = std::chrono::steady_clock::now();
    if (heap_.collections_at_size_ >= kBusyCollections && target < kBusyGrowLimitWords) {
      if (std::chrono::steady_clock::now() - heap_.busy_window_start_ <= kBusyWindow) {
        heap_.grow_next_ = true;
      } else {
        heap_.collections_at_size_ = 0;  // not busy: a new window
      }
    }
    if (heap_.grow_next_) heap_.collections_at_size_ = 0;
    heap_.shrink_to_ = 0;
    if (live * 8 < target && target > kShrinkFloorWords) {
      heap_.shrink_to_ = next_heap_size(std::max(live * 3 + need, Heap::kMinWords));
    }
    // Keep the old young block as the next to-space when it has the size
    // the next collection will want.
    heap_.spare_ = heap_.start_;
    heap_.spare_capacity_ = capacity;
    for (Fragment& f : heap_.fragments_) heap_.free_fragment(f);
    // Keep the vector's capacity: a process receiving many messages adopts
    // one fragment per message between collections.
    heap_.fragments_.clear();
    heap_.fragments_.insert(heap_.fragments_.end(), overflow_.begin(), overflow_.end());
    heap_.adopted_words_ = 0;
    heap_.fragment_words_ = 0;
    for (const Fragment& f : heap_.fragments_) heap_.fragment_words_ += f.used;
    for (Fragment& f : heap_.fragments_) f.survivors = f.used;
    if (major_) {
      heap_.put_block(heap_.old_start_, static_cast<Word>(heap_.old_end_ - heap_.old_start_));
      heap_.old_start_ = heap_.old_top_ = heap_.old_end_ = nullptr;
      // Survivors of a major collection are promoted at the next minor one;
      // give the old block room for them now so that minor can proceed.
      Word old_capacity = next_heap_size(live * 2 + Heap::kMinWords);
      heap_.old_start_ = heap_.get_block(old_capacity);
      heap_.old_top_ = heap_.old_start_;
      heap_.old_end_ = heap_.old_start_ + old_capacity;
      heap_.minor_since_major_ = 0;
    } else {
      ++heap_.minor_since_major_;
    }
    heap_.start_ = to_start_;
    heap_.htop_ = to_top_;
    heap_.hend_ = to_end_;
    heap_.limit_ = to_end_;
    heap_.high_water_ = to_top_;
    ++heap_.gc_count_;
  }

 private:
  // Debug check before a collection: old objects never point to young ones.
  void precheck() {
    bool saved = major_;
    major_ = false;  // in_from_space = young block + fragments
    Word* p = heap_.old_start_;
    while (p != nullptr && p < heap_.old_top_) {
      Word w = *p;
      auto check = [&](Word v) {
        Term t = Term::from_raw(v);
        if ((t.is_list() && in_from_space(t.cons_ptr())) || (t.is_boxed() && in_from_space(t.box_ptr()))) {
          std::fprintf(stderr, "GC PRECHECK: old object at %p points to young (gc %zu)\n", (void*)p, heap_.gc_count_);
          std::abort();
        }
      };
      if ((w & 3) == 0 && w != 0) {
        Word first, last;
        boxed_term_range(w, first, last);
        for (Word i = first; i < last; ++i) check(p[i]);
        p += 1 + header_arity(w);
      } else {
        check(w);
        ++p;
      }
    }
    major_ = saved;
  }

  // Debug check: no reachable word may still point into from-space.
  void verify(GcRoots& roots) {
    auto check = [&](Word w, const char* where) {
      Term t = Term::from_raw(w);
      if ((t.is_list() && in_from_space(t.cons_ptr())) || (t.is_boxed() && in_from_space(t.box_ptr()))) {
        std::fprintf(stderr, "GC VERIFY: stale pointer in %s\n", where);
        std::abort();
      }
    };
    for (Term t : roots.registers) check(t.raw(), "registers");
    for (Term t : roots.stack) check(t.raw(), "stack");
    auto walk = [&](Word* p, Word* end, const char* where) {
      while (p < end) {
        Word w = *p;
        if ((w & 3) == 0 && w != 0) {
          Word first, last;
          boxed_term_range(w, first, last);
          for (Word i = first; i < last; ++i) check(p[i], where);
          p += 1 + header_arity(w);
        } else {
          check(w, where);
          ++p;
        }
      }
    };
    walk(to_start_, to_top_, "young");
    for (auto& f : overflow_) walk(f.start, f.start + f.used, "overflow");
    if (!major_) walk(heap_.old_start_, heap_.old_top_, "old");
  }

  // Fragments sorted by address, so the from-space test stays logarithmic
  // when many received messages were adopted since the last collection.
  void index_fragments() {
    last_hit_ = nullptr;
    sorted_.clear();
    for (const Fragment& f : heap_.fragments_) {
      sorted_.push_back({f.start, f.start + f.used, f.survivors});
    }
    if (sorted_.size() > 8) {
      std::sort(sorted_.begin(), sorted_.end(), [](const Range& a, const Range& b) { return a.start < b.start; });
    }
  }

  const Range* find_fragment(const Word* p) const {
    // Neighbouring objects point into the same fragment: try the last hit
    // before searching (the search's branches mispredict).
    if (last_hit_ != nullptr && p >= last_hit_->start && p < last_hit_->end) return last_hit_;
    const Range* r = search_fragment(p);
    if (r != nullptr) last_hit_ = r;
    return r;
  }

  const Range* search_fragment(const Word* p) const {
    if (sorted_.size() <= 8) {
      for (const Range& r : sorted_) {
        if (p >= r.start && p < r.end) return &r;
      }
      return nullptr;
    }
    auto it = std::upper_bound(sorted_.begin(), sorted_.end(), p,
                               [](const Word* q, const Range& r) { return q < r.start; });
    if (it == sorted_.begin()) return nullptr;
    --it;
    return p < it->end ? &*it : nullptr;
  }

  bool in_from_space(const Word* p) const {
    if (p >= heap_.start_ && p < heap_.htop_) return true;
    if (major_ && p >= heap_.old_start_ && p < heap_.old_top_) return true;
    return find_fragment(p) != nullptr;
  }

  // Objects below the high-water mark in a minor collection go to the old block.
  bool promote(const Word* p) const {
    if (major_) return false;
    if (promote_all_) return true;
    if (p >= heap_.start_ && p < heap_.high_water_) return true;
    const Range* r = find_fragment(p);
    return r != nullptr && p < r->start + r->survivors;
  }

  // After a full sweep into a new block (into_old_): that block becomes the
  // old generation, and the young one starts empty, reusing the previous
  // young block (all evacuated) when it is big enough.
  void finish_into_old(Word young_capacity, Word young_target, Word need) {
    heap_.put_block(heap_.old_start_, static_cast<Word>(heap_.old_end_ - heap_.old_start_));
    heap_.old_start_ = to_start_;
    heap_.old_top_ = to_top_;
    heap_.old_end_ = to_end_;
    Word* young = heap_.start_;
    Word capacity = young_capacity;
    if (capacity < need + Heap::kMinWords) {
      heap_.put_block(young, capacity);
      capacity = std::max(young_target, next_heap_size(need * 2));
      young = heap_.get_block(capacity);
    }
    for (Fragment& f : heap_.fragments_) heap_.free_fragment(f);
    heap_.fragments_.clear();
    heap_.adopted_words_ = 0;
    heap_.fragment_words_ = 0;
    heap_.start_ = heap_.htop_ = heap_.high_water_ = young;
    heap_.hend_ = heap_.limit_ = young + capacity;
    heap_.grow_next_ = false;
    heap_.shrink_to_ = 0;
    heap_.collections_at_size_ = 0;
    heap_.minor_since_major_ = 0;
    heap_.tenure_all_next_ = false;
    ++heap_.gc_count_;
  }

  bool into_old_ = false;  // this full sweep's to-space becomes the old block
  bool promote_all_ = false;  // this minor collection tenures every survivor
  mutable const Range* last_hit_ = nullptr;  // find_fragment's cache (into sorted_)
  Word overflow_words_ = 0;  // in overflow chunks so far (roughly: at chunk starts)

  Word* to_alloc(Word words, bool to_old) {
    if (to_old) {
      Word* d = heap_.old_top_;
      heap_.old_top_ += words;
      return d;
    }
    if (static_cast<Word>(to_end_ - to_top_) >= words) {
      Word* d = to_top_;
      to_top_ += words;
      return d;
    }
    if (overflow_.empty() || overflow_.back().capacity - overflow_.back().used < words) {
      // Geometric, as fragments (alloc_fragment): few chunks to look up later.
      overflow_words_ += words;
      Word capacity = std::max<Word>({words, 4096, std::min<Word>(overflow_words_, kMaxFragmentGrowth)});
      overflow_.push_back(Fragment{heap_.get_block(capacity), 0, capacity, 0});
      overflow_scan_.push_back(0);
    }
    Fragment& f = overflow_.back();
    Word* d = f.start + f.used;
    f.used += words;
    return d;
  }

  Term evacuate(Term t) {
    if (t.is_list()) {
      Word* cell = t.cons_ptr();
      if (!in_from_space(cell)) return t;
      if (cell[0] == 0) return Term::from_raw(cell[1]);  // already moved
      Word* dest = to_alloc(2, promote(cell));
      dest[0] = cell[0];
      dest[1] = cell[1];
      Term moved = Term::list(dest);
      cell[0] = 0;
      cell[1] = moved.raw();
      return moved;
    }
    if (t.is_boxed()) {
      Word* obj = t.box_ptr();
      if (!in_from_space(obj)) return t;
      Word header = obj[0];
      if ((header & 3) == static_cast<Word>(PrimaryTag::Boxed)) return Term::from_raw(header);  // moved
      Word words = 1 + header_arity(header);
      Word* dest = to_alloc(words, promote(obj));
      std::memcpy(dest, obj, words * sizeof(Word));
      Term moved = Term::boxed(dest);
      obj[0] = moved.raw();
      return moved;
    }
    return t;
  }

  void evacuate_span(std::span<Term> span) {
    for (Term& t : span) t = evacuate(t);
  }

  // Scan one to-region from *scan to its moving top.
  template <typename TopFn>
  bool scan_region(Word*& scan, TopFn top) {
    bool progressed = false;
    while (scan < top()) {
      progressed = true;
      Word w = *scan;
      if ((w & 3) == 0 && w != 0) {
        Word first, last;
        boxed_term_range(w, first, last);
        for (Word i = first; i < last; ++i) {
          scan[i] = evacuate(Term::from_raw(scan[i])).raw();
        }
        scan += 1 + header_arity(w);
      } else {
        *scan = evacuate(Term::from_raw(w)).raw();
        ++scan;
      }
    }
    return progressed;
  }

  void scan() {
    Word* young_scan = to_start_;
    bool more = true;
    while (more) {
      more = scan_region(young_scan, [this] { return to_top_; });
      for (std::size_t i = 0; i < overflow_.size(); ++i) {
        Word* chunk_scan = overflow_[i].start + overflow_scan_[i];
        more |= scan_region(chunk_scan, [this, i] { return overflow_[i].start + overflow_[i].used; });
        overflow_scan_[i] = static_cast<Word>(chunk_scan - overflow_[i].start);
      }
      if (!major_) more |= scan_region(old_scan_, [this] { return heap_.old_top_; });
    }
  }

  // ProcBins that were copied stay on the list (at their new address); those
  // left behind in from-space are dead and drop their reference.
  void sweep_off_heap() {
    Word* kept = nullptr;
    Word* pb = heap_.off_heap_;
    while (pb != nullptr) {
      Word* next = reinterpret_cast<Word*>(pb[3]);
      Word* live = nullptr;
      if (!in_from_space(pb)) {
        live = pb;  // old generation, untouched by a minor collection
      } else if ((pb[0] & 3) == static_cast<Word>(PrimaryTag::Boxed)) {
        live = Term::from_raw(pb[0]).box_ptr();
      }
      if (live != nullptr) {
        live[3] = reinterpret_cast<Word>(kept);
        kept = live;
      } else {
        release_refc(pb);
      }
      pb = next;
    }
    heap_.off_heap_ = kept;
  }

  Heap& heap_;
  bool major_;
  std::vector<Range> sorted_;
  std::vector<Fragment> overflow_;  // survivors past the end of the new block
  std::vector<Word> overflow_scan_;  // scan offset per overflow chunk
  Word* to_start_ = nullptr;
  Word* to_top_ = nullptr;
  Word* to_end_ = nullptr;
  Word* old_scan_ = nullptr;
};

void Heap::collect(GcRoots& roots, Word need, bool major) {
  Collector(*this, major).run(roots, need);
  publish_footprint();
}

void Heap::compact(GcRoots& roots) {
  compacting_ = true;
  collect(roots, 0, true);
  Word live = words_used();
  shrink_to_ = std::max(next_heap_size(live + live / 4 + 16), kMinWords);
  grow_next_ = false;
  collect(roots, 0, true);
  compacting_ = false;
  // After a full sweep the old block is empty; a missing one makes the next
  // collection a full sweep, which allocates it again when needed.
  put_block(old_start_, static_cast<Word>(old_end_ - old_start_));
  old_start_ = old_top_ = old_end_ = nullptr;
  put_block(spare_, spare_capacity_);
  spare_ = nullptr;
  spare_capacity_ = 0;
  collections_at_size_ = 0;
  publish_footprint();
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
std::size_t Heap::top_offset() { return offsetof(Heap, htop_); }
std::size_t Heap::limit_offset() { return offsetof(Heap, limit_); }
#pragma GCC diagnostic pop

}  // namespace girder::vm
