// The atom table: interned names <-> indexes, one per VM.
//
// Invariants: atoms are never removed, so an index, once handed out, names the
// same text for the VM's lifetime and a Term::atom(i) can be compared by
// identity. Predefined atoms (atoms.def) occupy indexes [0, kPredefinedCount)
// in file order. Lookups are thread-safe: a shared mutex guards the map and
// the name vector; names live in a deque so the string_view handed out by
// name() stays valid while other threads add atoms.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "vm/term/term.h"

namespace girder::vm {

namespace atoms {
enum : Word {
#define GIRDER_ATOM(cpp_name, text) idx_##cpp_name,
#include "vm/term/atoms.def"
#undef GIRDER_ATOM
  kPredefinedCount
};
#define GIRDER_ATOM(cpp_name, text) inline constexpr Term cpp_name = Term::atom(idx_##cpp_name);
#include "vm/term/atoms.def"
#undef GIRDER_ATOM
}  // namespace atoms

inline constexpr Term kTrue = atoms::true_;
inline constexpr Term kFalse = atoms::false_;
inline Term make_bool(bool b) { return b ? kTrue : kFalse; }

// Longest atom, in characters, as in Erlang.
inline constexpr std::size_t kMaxAtomChars = 255;
inline constexpr std::size_t kMaxAtoms = 1 << 20;

class AtomTable {
 public:
  AtomTable();
  // The atom for `text` (UTF-8), created if new. Returns kNonValue if the text
  // is too long or the table is full (callers raise system_limit).
  Term intern(std::string_view text);
  // The atom only if it exists already (list_to_existing_atom).
  std::optional<Term> find(std::string_view text) const;
  // The UTF-8 text of an atom. Valid for the table's lifetime.
  std::string_view name(Term atom) const;
  std::size_t count() const;

 private:
  mutable std::shared_mutex mutex_;
  std::deque<std::string> names_;
  std::unordered_map<std::string_view, Word> index_;
};

}  // namespace girder::vm
