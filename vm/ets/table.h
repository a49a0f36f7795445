// One ETS table: its options, its objects and the locks that guard them.
//
// Storage:
// * set, bag, duplicate_bag: a hash table split into stripes (1 without
//   read_concurrency/write_concurrency, kMaxStripes with either). The low
//   kStripeBits of a key's hash pick the stripe, the next bits the bucket;
//   each stripe has its own lock, bucket array and count and grows on its
//   own (doubling, so bucket b of size n splits into b and b + n: a
//   traversal that remembers (stripe, bucket, size) can resume exactly,
//   see HashPos). Objects with equal keys are adjacent in a chain, in
//   insertion order (bag, duplicate_bag).
// * ordered_set: a balanced tree (std::set ordered by the keys' term
//   order, ==) under stripe 0's lock.
//
// Lifetime and locking (read before touching a Table):
// * Table structs are type-stable: the registry allocates one per slot and
//   reuses it for later tables, never freeing it while the VM lives. So a
//   thread that read a slot may always lock the stripes it finds there.
//   Each table has a unique `id` (the unique word of its reference); an
//   operation reads the options it needs to pick a lock (relaxed atomics),
//   takes the lock, then checks that `id` is still its table's. Deleting a
//   table sets `id` to 0 while holding every stripe's write lock, so an
//   operation that validated under a lock works on a live table until it
//   unlocks.
// * Lock order: stripes in ascending index; the registry's mutex may be
//   held while taking stripe locks, never the other way round.
// * The options that never change during a table's life (type, keypos,
//   stripe count, access) are written before `id` is published (release).
//   owner, heir and name change under the registry's mutex and are atomics.
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <memory>
#include <set>

#include "vm/ets/lock.h"
#include "vm/ets/object.h"
#include "vm/term/compare.h"
#include "vm/term/term.h"

namespace girder::vm {
class VM;
}

namespace girder::vm::ets {

enum class Type : std::uint8_t { Set, OrderedSet, Bag, DuplicateBag };
enum class Access : std::uint8_t { Public, Protected, Private };

inline constexpr unsigned kStripeBits = 6;
inline constexpr unsigned kMaxStripes = 1u << kStripeBits;
inline constexpr Word kInitialBuckets = 8;

// A key's hash for set/bag tables: equal under =:= means equal hashes.
std::uint32_t hash_key(Term key);

struct alignas(64) Stripe {
  RwLock lock;
  // Written under the write lock; read relaxed by info/size.
  std::atomic<Word> count{0};
  std::atomic<Word> words{0};  // heap words of the objects (info memory)
  Word mask = 0;               // bucket count - 1 (under the lock)
  DbObject** buckets = nullptr;
};

// Orders ordered_set objects by key (term order, ==); also compares
// against a bare key term.
struct ObjectLess {
  using is_transparent = void;
  const VM* vm;
  Word keypos;
  bool operator()(const DbObject* a, const DbObject* b) const;
  bool operator()(const DbObject* a, Term b) const;
  bool operator()(Term a, const DbObject* b) const;
};
using Tree = std::set<DbObject*, ObjectLess>;

// Where a traversal of a hash table stands: the next bucket to visit in
// `stripe`, counted in that stripe's bucket array of `size` buckets when
// the traversal reached it (if the stripe grew since, old bucket b is the
// new buckets b, b + size, b + 2 size, ...). Packs into a small integer.
struct HashPos {
  Word stripe = 0;
  Word bucket = 0;
  Word size = 0;  // 0: the stripe was not reached yet
  // stripe (6 bits) | log2 size + 1 (6 bits, 0 for size 0) | bucket (44 bits)
  Word pack() const {
    Word lg = 0;
    if (size != 0) lg = static_cast<Word>(std::countr_zero(size)) + 1;
    return (stripe << 50) | (lg << 44) | bucket;
  }
  static HashPos unpack(Word w) {
    HashPos p;
    p.stripe = w >> 50;
    Word lg = (w >> 44) & 63;
    p.size = lg == 0 ? 0 : Word{1} << (lg - 1);
    p.bucket = w & ((Word{1} << 44) - 1);
    return p;
  }
};

class Table {
 public:
  Table(const VM& vm, std::uint32_t slot) : vm_(vm), slot_(slot) {}
  ~Table();
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  // --- identity and options (see the header comment for who writes what) ---
  std::atomic<Word> id{0};
  std::atomic<Word> owner{0};   // pid number
  std::atomic<Word> heir{0};    // pid number, 0 for none
  std::atomic<Word> name{0};    // raw atom term
  std::atomic<bool> named{false};
  std::atomic<Type> type{Type::Set};
  std::atomic<Access> access{Access::Protected};
  std::atomic<std::uint32_t> keypos{1};
  std::atomic<std::uint32_t> stripe_mask{0};
  std::atomic<bool> read_concurrency{false};
  std::atomic<bool> write_concurrency{false};
  DbObject* heir_data = nullptr;  // under the registry's mutex
  std::uint32_t slot() const { return slot_; }

  Type kind() const { return type.load(std::memory_order_relaxed); }
  Word kp() const { return keypos.load(std::memory_order_relaxed); }
  bool hashed() const { return kind() != Type::OrderedSet; }
  bool is_bag() const { Type t = kind(); return t == Type::Bag || t == Type::DuplicateBag; }
  Stripe& stripe(std::uint32_t index) { return stripes_[index]; }
  std::uint32_t stripe_count() const { return stripe_mask.load(std::memory_order_relaxed) + 1; }
  // The stripe (and so the lock) holding objects with this key hash.
  Stripe& stripe_for(std::uint32_t hash) { return stripes_[hash & stripe_mask.load(std::memory_order_relaxed)]; }
  RwLock& tree_lock() { return stripes_[0].lock; }

  // Set up empty storage for a new table (options already stored).
  void init_storage();
  // Take every object out (all locks held by the caller, or the table is
  // unreachable); the returned chain (linked through `next`) is the
  // caller's to free.
  DbObject* detach_all();

  // Objects and heap words, summed over the stripes (relaxed: a snapshot).
  Word size() const;
  Word memory_words() const;

  // --- hash tables; the caller holds the key's stripe lock ---
  // Does `o` have this key (=:=)?
  bool has_key(const DbObject* o, std::uint32_t hash, Term key) const {
    if (o->hash != hash) return false;
    Term k = key_of(o);
    return k == key || exact_equal(k, key);
  }
  // The first object with this key (for bags, the first of its group).
  DbObject* find(Stripe& s, std::uint32_t hash, Term key) const;
  DbObject** bucket_of(Stripe& s, std::uint32_t hash) const {
    return &s.buckets[(hash >> kStripeBits) & s.mask];
  }
  // Insert `o` (write lock; the table takes it): set replaces, bag drops
  // `o` if an equal object is there and else appends it to its key's
  // group, duplicate_bag appends.
  void insert(Stripe& s, DbObject* o);
  // Remove and free every object with this key; returns how many.
  Word erase_key(Stripe& s, std::uint32_t hash, Term key);
  // Remove and free objects =:= to `obj` (all of them in a duplicate_bag).
  Word erase_object(Stripe& s, std::uint32_t hash, Term key, Term obj);
  // Put `neu` where `old` is and free `old` (same key).
  void replace(Stripe& s, DbObject* old, DbObject* neu);
  // Unlink `o` (found by walking bucket `slot`) and free it.
  void unlink_free(Stripe& s, DbObject** link);

  // --- ordered_set; the caller holds tree_lock() ---
  Tree& tree() { return *tree_; }
  void tree_insert(DbObject* o);
  Word tree_erase_key(Term key);
  void tree_replace(Tree::iterator it, DbObject* neu);
  void tree_erase(Tree::iterator it);

  // Both kinds: the key of a stored object.
  Term key_of(const DbObject* o) const { return o->element(kp()); }
  const VM& vm() const { return vm_; }

 private:
  void grow(Stripe& s);
  void account(Stripe& s, const DbObject* o, bool add);

  const VM& vm_;
  const std::uint32_t slot_;
  Stripe stripes_[kMaxStripes];
  std::unique_ptr<Tree> tree_;
};

}  // namespace girder::vm::ets
