#include "vm/heap/copy.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace girder::vm {

namespace {

// Words of the object a boxed term points at, for copying purposes. A SubBin
// is copied together with its original binary.
Word object_words(const Word* obj) { return 1 + header_arity(obj[0]); }

}  // namespace

Word copy_size(Term t) {
  if (t.is_immediate() || t.is_non_value()) return 0;
  Word total = 0;
  std::vector<Term> work;
  work.push_back(t);
  while (!work.empty()) {
    Term u = work.back();
    work.pop_back();
    // Walk a list's spine here so long lists cost no stack.
    while (u.is_list()) {
      total += kConsWords;
      Term head = u.head();
      if (!head.is_immediate()) work.push_back(head);
      u = u.tail();
    }
    if (!u.is_boxed()) continue;
    const Word* obj = u.box_ptr();
    total += object_words(obj);
    Word first, last;
    boxed_term_range(obj[0], first, last);
    for (Word i = first; i < last; ++i) {
      Term child = Term::from_raw(obj[i]);
      if (!child.is_immediate()) work.push_back(child);
    }
  }
  return total;
}

Term copy_term(Term t, Word*& hp, Word*& proc_bins) {
  if (t.is_immediate() || t.is_non_value()) return t;
  // Each work item is a destination word holding a source term still to be
  // replaced by its copy.
  Term result = t;
  std::vector<Word*> work;
  work.push_back(reinterpret_cast<Word*>(&result));
  while (!work.empty()) {
    Word* slot = work.back();
    work.pop_back();
    for (;;) {
      Term u = Term::from_raw(*slot);
      if (u.is_list()) {
        const Word* cell = u.cons_ptr();
        Word* dest = hp;
        hp += kConsWords;
        dest[0] = cell[0];
        dest[1] = cell[1];
        *slot = Term::list(dest).raw();
        if (!Term::from_raw(dest[0]).is_immediate()) work.push_back(&dest[0]);
        slot = &dest[1];  // continue down the spine
        continue;
      }
      if (u.is_boxed()) {
        const Word* obj = u.box_ptr();
        Word words = object_words(obj);
        Word* dest = hp;
        hp += words;
        std::memcpy(dest, obj, words * sizeof(Word));
        *slot = Term::boxed(dest).raw();
        if (header_kind(obj[0]) == BoxKind::RefcBin) {
          auto* bin = reinterpret_cast<RefcBinary*>(dest[2]);
          // relaxed: taking another reference needs no ordering; the release
          // in release_refc_binary (term.h) is acq_rel.
          std::atomic_ref<std::uint64_t>(bin->refcount).fetch_add(1, std::memory_order_relaxed);
          dest[3] = reinterpret_cast<Word>(proc_bins);
          proc_bins = dest;
        }
        Word first, last;
        boxed_term_range(dest[0], first, last);
        for (Word i = first; i < last; ++i) {
          if (!Term::from_raw(dest[i]).is_immediate()) work.push_back(&dest[i]);
        }
      }
      break;
    }
  }
  return result;
}

void release_proc_bins(Word* proc_bins) {
  while (proc_bins != nullptr) {
    Word* next = reinterpret_cast<Word*>(proc_bins[3]);
    release_refc_binary(reinterpret_cast<RefcBinary*>(proc_bins[2]));
    proc_bins = next;
  }
}

}  // namespace girder::vm
