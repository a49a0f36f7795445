#include "vm/term/atom.h"

#include <mutex>

namespace girder::vm {

AtomTable::AtomTable() {
  static constexpr std::string_view kPredefined[] = {
#define GIRDER_ATOM(cpp_name, text) text,
#include "vm/term/atoms.def"
#undef GIRDER_ATOM
  };
  static_assert(std::size(kPredefined) == atoms::kPredefinedCount);
  for (std::string_view text : kPredefined) {
    names_.emplace_back(text);
    index_.emplace(names_.back(), names_.size() - 1);
  }
}

Term AtomTable::intern(std::string_view text) {
  {
    std::shared_lock lock(mutex_);
    auto it = index_.find(text);
    if (it != index_.end()) return Term::atom(it->second);
  }
  // Erlang limits atoms to 255 characters, not bytes; count UTF-8 lead bytes.
  std::size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  if (chars > kMaxAtomChars) return kNonValue;
  std::unique_lock lock(mutex_);
  auto it = index_.find(text);
  if (it != index_.end()) return Term::atom(it->second);
  if (names_.size() >= kMaxAtoms) return kNonValue;
  names_.emplace_back(text);
  Word index = names_.size() - 1;
  index_.emplace(names_.back(), index);
  return Term::atom(index);
}

std::optional<Term> AtomTable::find(std::string_view text) const {
  std::shared_lock lock(mutex_);
  auto it = index_.find(text);
  if (it == index_.end()) return std::nullopt;
  return Term::atom(it->second);
}

std::string_view AtomTable::name(Term atom) const {
  std::shared_lock lock(mutex_);
  return names_[atom.atom_index()];
}

std::size_t AtomTable::count() const {
  std::shared_lock lock(mutex_);
  return names_.size();
}

}  // namespace girder::vm
