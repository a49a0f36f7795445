#include "vm/bif/registry.h"

namespace girder::vm {

BifTable::BifTable(AtomTable& atoms) {
  for (std::span<const BifSpec> table : all_bif_tables()) {
    for (const BifSpec& spec : table) {
      BifEntry e{atoms.intern(spec.module), atoms.intern(spec.name), spec.arity, spec.fn, spec.guard_safe,
                 spec.call_fn != nullptr ? spec.call_fn : spec.fn};
      // Later tables override earlier ones for the same MFA (none should clash).
      auto [it, inserted] = index_.emplace(key(e.module, e.name, e.arity), static_cast<int>(entries_.size()));
      if (inserted) {
        entries_.push_back(e);
      } else {
        entries_[it->second] = e;
      }
    }
  }
}

int BifTable::find(Term module, Term name, unsigned arity) const {
  auto it = index_.find(key(module, name, arity));
  return it == index_.end() ? -1 : it->second;
}

const BifEntry* BifTable::find_fn(BifFn fn, unsigned arity) const {
  const BifEntry* found = nullptr;
  for (const BifEntry& e : entries_) {
    if (e.fn != fn || e.arity != arity) continue;
    if (found == nullptr || e.module == atoms::erlang) found = &e;
  }
  return found;
}

}  // namespace girder::vm
