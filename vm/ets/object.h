// Stored objects: a term copied out of a process heap into one malloc'ed
// block that the table owns (ETS objects, a table's heir data).
//
// Invariants:
// * A block is closed: every pointer inside it points inside it (the copy
//   is deep, as a message's), except ProcBins, which point at off-heap
//   RefcBinaries and hold one reference each, released by free_object.
// * The root is at the start of the block (copy_term writes the root
//   first), so a stored tuple's elements are data()[1..arity].
// * A block is immutable once published, except for update_counter's
//   in-place write of an immediate over an immediate element, which
//   happens under the table's write lock for the object's bucket.
// * Copying out is a memcpy plus one linear pass that moves the internal
//   pointers by the distance between the block and the destination (no
//   work stack, no allocation besides the destination words).
#pragma once

#include <cstdint>

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm::ets {

struct DbObject {
  DbObject* next = nullptr;   // the bucket chain of a hash table
  std::uint32_t hash = 0;     // the key's hash (hash tables)
  std::uint32_t has_bins = 0; // the block holds ProcBins (copy-out bumps them)
  Word words = 0;             // words in the block (0 for an immediate root)
  Word* proc_bins = nullptr;  // ProcBins in the block, chained by their `next` word
  Term root;                  // the stored term: an immediate, or a pointer into data()

  Word* data() { return reinterpret_cast<Word*>(this + 1); }
  const Word* data() const { return reinterpret_cast<const Word*>(this + 1); }
  // The stored tuple's element at 1-based position `pos` (an ETS object).
  Term element(Word pos) const { return Term::from_raw(data()[pos]); }
  Word arity() const { return header_arity(data()[0]); }
};

// A deep copy of `t` in a new block (`hash` is stored as given).
DbObject* make_object(Term t, std::uint32_t hash);
// A copy of tuple `t` with element `pos` (1-based) replaced by `value`
// for each of the `count` (pos, value) pairs: update_element/update_counter.
DbObject* make_object_with(Term t, std::uint32_t hash, const Word* positions, const Term* values,
                           std::size_t count);
// Drop the block and the binary references it holds.
void free_object(DbObject* o);

// The stored term copied onto p's heap.
Term copy_out(Process& p, const DbObject* o);
// The same into `hp` (advanced by o->words), ProcBins linked onto *proc_bins:
// for building several results in one allocation.
Term copy_out_at(const DbObject* o, Word*& hp, Word*& proc_bins);
// Words on the heap a copy of o takes.
inline Word copy_words(const DbObject* o) { return o->words; }

// A subterm of a stored block (a match spec binding) copied onto p's heap.
Term copy_term_out(Process& p, Term t);

}  // namespace girder::vm::ets
