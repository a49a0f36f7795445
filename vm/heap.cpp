// Generational copying collector (Cheney scan), one process at a time.
//
// Minor collection: live young objects below the high-water mark (they
// survived the previous collection) are promoted into the old block; the rest
// are copied into a fresh young block. Fragments are young. If the old block
// cannot take every possible promotion, the collection becomes major.
// Major collection: everything live (old, young, fragments) is copied into a
// fresh young block and the old block is dropped.
#include "vm/heap.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>

namespace girder::vm {

namespace {

Word* allocate_block(Word words) {
  void* p = std::malloc(words * sizeof(Word));
  if (!p) std::abort();  // out of memory: nothing sensible to do per process
  return static_cast<Word*>(p);
}

// Fibonacci-like growth as on BEAM, then 20% steps past a million words.
Word next_heap_size(Word at_least) {
  Word a = 233, b = 377;
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
  auto* bin = reinterpret_cast<RefcBinary*>(proc_bin[2]);
  std::atomic_ref<std::uint64_t> count(bin->refcount);
  // acq_rel: the last releaser must see every other owner's writes before free.
  if (count.fetch_sub(1, std::memory_order_acq_rel) == 1) std::free(bin);
}

}  // namespace

Heap::Heap() {
  start_ = allocate_block(kMinWords);
  htop_ = start_;
  hend_ = start_ + kMinWords;
  high_water_ = start_;
}

Heap::~Heap() {
  for (Word* pb = off_heap_; pb != nullptr; pb = reinterpret_cast<Word*>(pb[3])) release_refc(pb);
  std::free(start_);
  std::free(old_start_);
  for (Fragment& f : fragments_) std::free(f.start);
}

Word* Heap::alloc_fragment(Word words) {
  // Fragments are at least 256 words so a BIF building a long list does not
  // make one malloc per cell; the last fragment is reused while it has room.
  if (!fragments_.empty()) {
    Fragment& last = fragments_.back();
    if (last.capacity - last.used >= words) {
      Word* p = last.start + last.used;
      last.used += words;
      return p;
    }
  }
  Word capacity = std::max<Word>(words, 256);
  Fragment f{allocate_block(capacity), words, capacity};
  fragments_.push_back(f);
  return f.start;
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

// One collection's working state.
class Collector {
 public:
  Collector(Heap& heap, bool major) : heap_(heap), major_(major) {}

  void run(GcRoots& roots, Word need) {
    Word young_used = static_cast<Word>(heap_.htop_ - heap_.start_) + heap_.fragment_words();
    Word old_used = static_cast<Word>(heap_.old_top_ - heap_.old_start_);
    Word promotable = static_cast<Word>(heap_.high_water_ - heap_.start_);
    if (!major_ && static_cast<Word>(heap_.old_end_ - heap_.old_top_) < promotable) {
      // Grow the old block only as part of a major collection, which empties it.
      major_ = true;
    }
    Word upper_bound = young_used + (major_ ? old_used : 0);
    // Strictly above what can survive plus what is needed, so that a heap full
    // of live data still gains free room (no quadratic re-collection). A heap
    // whose data died shrinks back because the bound follows use, not size.
    Word target = next_heap_size(std::max(upper_bound + need, Heap::kMinWords) + 1);
    to_start_ = allocate_block(target);
    to_top_ = to_start_;
    to_end_ = to_start_ + target;
    old_scan_ = heap_.old_top_;

    evacuate_span(roots.registers);
    evacuate_span(roots.stack);
    evacuate_span(roots.extra);
    for (auto& span : roots.more) evacuate_span(span);
    scan();
    sweep_off_heap();

    Word live = static_cast<Word>(to_top_ - to_start_);
    std::free(heap_.start_);
    for (Fragment& f : heap_.fragments_) std::free(f.start);
    heap_.fragments_.clear();
    if (major_) {
      std::free(heap_.old_start_);
      heap_.old_start_ = heap_.old_top_ = heap_.old_end_ = nullptr;
      // Survivors of a major collection are promoted at the next minor one;
      // give the old block room for them now so that minor can proceed.
      Word old_capacity = next_heap_size(live * 2 + Heap::kMinWords);
      heap_.old_start_ = allocate_block(old_capacity);
      heap_.old_top_ = heap_.old_start_;
      heap_.old_end_ = heap_.old_start_ + old_capacity;
      heap_.minor_since_major_ = 0;
    } else {
      ++heap_.minor_since_major_;
    }
    heap_.start_ = to_start_;
    heap_.htop_ = to_top_;
    heap_.hend_ = to_end_;
    heap_.high_water_ = to_top_;
    ++heap_.gc_count_;
  }

 private:
  bool in_from_space(const Word* p) const {
    if (p >= heap_.start_ && p < heap_.htop_) return true;
    if (major_ && p >= heap_.old_start_ && p < heap_.old_top_) return true;
    for (const Fragment& f : heap_.fragments_) {
      if (p >= f.start && p < f.start + f.used) return true;
    }
    return false;
  }

  // Objects below the high-water mark in a minor collection go to the old block.
  bool promote(const Word* p) const {
    return !major_ && p >= heap_.start_ && p < heap_.high_water_;
  }

  Word* to_alloc(Word words, bool to_old) {
    if (to_old) {
      Word* d = heap_.old_top_;
      heap_.old_top_ += words;
      return d;
    }
    Word* d = to_top_;
    to_top_ += words;
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
  Word* to_start_ = nullptr;
  Word* to_top_ = nullptr;
  Word* to_end_ = nullptr;
  Word* old_scan_ = nullptr;
};

void Heap::collect(GcRoots& roots, Word need, bool major) {
  Collector(*this, major).run(roots, need);
}

}  // namespace girder::vm
