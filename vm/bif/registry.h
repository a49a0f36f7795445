// The VM's BIF registry, built once at VM creation from all_bif_tables().
#pragma once

#include <unordered_map>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/term/atom.h"

namespace girder::vm {

struct BifEntry {
  Term module;
  Term name;
  unsigned arity;
  BifFn fn;
  bool guard_safe;
  BifFn call_fn;  // what calls run (BifSpec::call_fn, else fn)
};

class BifTable {
 public:
  explicit BifTable(AtomTable& atoms);
  // Index of the BIF, or -1.
  int find(Term module, Term name, unsigned arity) const;
  const BifEntry& at(int index) const { return entries_[index]; }
  // The entry of a BIF function pointer with this arity (an erlang one when
  // several share it), or nullptr. Linear: for error paths only.
  const BifEntry* find_fn(BifFn fn, unsigned arity) const;
  std::size_t size() const { return entries_.size(); }

 private:
  static std::uint64_t key(Term module, Term name, unsigned arity) {
    return (module.atom_index() << 40) ^ (name.atom_index() << 8) ^ arity;
  }
  std::vector<BifEntry> entries_;
  std::unordered_map<std::uint64_t, int> index_;
};

}  // namespace girder::vm
