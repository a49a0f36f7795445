// Traversals of a whole table in bounded slices (tab2list, select, match,
// select_delete, select_count, delete_all_objects...). A slice visits about
// `budget` objects under the lock of one stripe at a time, and leaves a
// position from which the next slice continues; objects present for the
// whole traversal are visited exactly once, objects inserted or deleted
// meanwhile may or may not be.
//
// `fn(DbObject*)` returns Visit::Delete to have the object removed (the
// scan then holds write locks: `write`), Visit::Keep otherwise. It may
// allocate on the process heap (no collection happens inside a BIF).
// `budget` is read after every visit, so `fn` may end the slice early by
// lowering it (select/3 stops at its limit).
#pragma once

#include <iterator>

#include "vm/ets/object.h"
#include "vm/ets/table.h"

namespace girder::vm::ets {

enum class Visit { Keep, Delete };

enum class ScanResult { Done, More, Gone };

// Hash tables. `pos` starts as HashPos{} and is updated in place.
template <class Fn>
ScanResult scan_hash(Table& t, Word id, HashPos& pos, const Word& budget, bool write, Word& units, Fn&& fn) {
  std::uint32_t nstripes = t.stripe_count();
  while (pos.stripe < nstripes) {
    Stripe& s = t.stripe(static_cast<std::uint32_t>(pos.stripe));
    if (write) s.lock.lock(); else s.lock.lock_shared();
    if (t.id.load(std::memory_order_relaxed) != id) {
      if (write) s.lock.unlock(); else s.lock.unlock_shared();
      return ScanResult::Gone;
    }
    Word size = s.mask + 1;
    if (pos.size == 0) {
      pos.size = size;
      pos.bucket = 0;
    }
    if (size >= pos.size) {
      // Old bucket b (of pos.size) is now buckets b, b + pos.size, ...
      while (pos.bucket < pos.size && units < budget) {
        for (Word j = pos.bucket; j < size; j += pos.size) {
          DbObject** link = &s.buckets[j];
          while (*link != nullptr) {
            ++units;
            if (fn(*link) == Visit::Delete) {
              t.unlink_free(s, link);
            } else {
              link = &(*link)->next;
            }
          }
        }
        ++pos.bucket;
        ++units;
      }
    } else {
      pos.bucket = pos.size;  // emptied and shrunk meanwhile: nothing old is left
    }
    if (write) s.lock.unlock(); else s.lock.unlock_shared();
    if (pos.bucket >= pos.size) {
      ++pos.stripe;
      pos.size = 0;
      pos.bucket = 0;
    }
    if (units >= budget) return pos.stripe < nstripes ? ScanResult::More : ScanResult::Done;
  }
  return ScanResult::Done;
}

// ordered_set, in key order (descending if `reverse`). `from` is the key
// the slice starts at, inclusive (kNonValue at the start). When the slice
// ends early, `save` gets the next object not visited yet (still under the
// lock, to copy its key out) and the result is More.
template <class Fn, class Save>
ScanResult scan_tree(Table& t, Word id, Term from, bool reverse, const Word& budget, bool write, Word& units, Fn&& fn,
                     Save&& save) {
  RwLock& lock = t.tree_lock();
  if (write) lock.lock(); else lock.lock_shared();
  if (t.id.load(std::memory_order_relaxed) != id) {
    if (write) lock.unlock(); else lock.unlock_shared();
    return ScanResult::Gone;
  }
  Tree& tree = t.tree();
  ScanResult result = ScanResult::Done;
  if (!reverse) {
    auto it = from.is_non_value() ? tree.begin() : tree.lower_bound(from);
    while (it != tree.end()) {
      if (units >= budget) {
        save(*it);
        result = ScanResult::More;
        break;
      }
      ++units;
      auto next = std::next(it);
      if (fn(*it) == Visit::Delete) t.tree_erase(it);
      it = next;
    }
  } else {
    // `it` is one past the next object to visit.
    auto it = from.is_non_value() ? tree.end() : tree.upper_bound(from);
    while (it != tree.begin()) {
      auto cur = std::prev(it);
      if (units >= budget) {
        save(*cur);
        result = ScanResult::More;
        break;
      }
      ++units;
      if (fn(*cur) == Visit::Delete) {
        t.tree_erase(cur);  // `it` stays valid
      } else {
        it = cur;
      }
    }
  }
  if (write) lock.unlock(); else lock.unlock_shared();
  return result;
}

}  // namespace girder::vm::ets
