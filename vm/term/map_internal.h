// Internals shared by map.cpp (flat maps, the public API) and hashmap.cpp
// (the trie). Not for use outside those two files; see map.h for the layout.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "vm/term/compare.h"
#include "vm/term/map.h"

namespace girder::vm {

// =:= on keys, with the common immediate case inline.
inline bool keys_equal(Term a, Term b) {
  if (a == b) return true;
  if (a.is_immediate() || b.is_immediate()) return false;
  return exact_equal(a, b);
}

namespace hamt {

// Levels of 4 hash bits before keys go into a collision node (8 salts of 32 bits).
inline constexpr unsigned kMaxLevels = 64;

// Lookup in a trie rooted at `root`: the value or kNonValue.
Term get(Term root, Term key);

// Insert or replace below `node` (at `level`, h = the key's hash bits for that
// level). Returns the new node, `node` itself when nothing changed, or
// kNonValue when update_only and the key is absent. Sets `added` when the key
// was new. The head's size field is NOT updated (the caller does it).
Term insert(Process& p, Term node, Term key, Term value, std::uint32_t h, unsigned level, bool update_only,
            bool& added);

struct Removed {
  enum Kind { NotFound, Node, Leaf, Empty } kind;
  Term term;  // the new node (Node) or the lone leaf to lift (Leaf)
};
// Remove below `node`. The head never returns Leaf or Empty; its size field
// is NOT updated (the caller does it).
Removed remove(Process& p, Term node, Term key, std::uint32_t h, unsigned level);

struct BuildEntry {
  std::uint32_t hash;
  Term key;
  Term value;
};
// Hash every entry (salt 0), order them by trie position and drop entries
// whose key reappears later (later wins).
void sort_and_dedupe(std::vector<BuildEntry>& es);
// A trie of the entries, which went through sort_and_dedupe (more than
// kFlatMapLimit of them).
Term build(Process& p, std::vector<BuildEntry>& es);
// The same with every node and leaf allocated by `alloc` (a literal area, say).
using NodeAlloc = std::function<Word*(Word words)>;
Term build(const VM& vm, const NodeAlloc& alloc, std::vector<BuildEntry>& es);

// Every leaf ([K | V] cons) in iterator order.
void for_each_leaf(Term node, const std::function<void(Term leaf)>& fn);

// Depth-first walk in iterator order, resumable from a leaf's slot path.
class Walker {
 public:
  explicit Walker(Term root) : root_(root) {
    frames_[0] = {root.box_ptr(), 0};
    depth_ = 1;
  }
  // Position on the leaf at `slots` (one slot per level, root first), which
  // next() then returns first. False if no leaf is there.
  bool seek(const std::vector<unsigned>& slots);
  // The next leaf, or kNonValue at the end.
  Term next();
  // The slot path of the leaf next() returned last.
  std::vector<unsigned> current_path() const;

 private:
  struct Frame {
    const Word* node;
    Word pos;  // next child to visit
  };
  Term root_;
  Frame frames_[kMaxLevels + 1];
  unsigned depth_ = 0;
  Term pending_ = kNonValue;
};

}  // namespace hamt

}  // namespace girder::vm
