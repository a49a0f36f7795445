// Maps: small flat maps and large hash array mapped tries (HAMTs).
//
// Invariants (read before building or walking a map):
// * A map with at most kFlatMapLimit (32) keys is always a flat map
//   (BoxKind::Map); a map with more keys is always a HAMT (BoxKind::HashMap).
//   Every operation restores this: a put that makes the 33rd key builds a
//   HAMT, a remove that leaves 32 keys builds a flat map again (as OTP 25).
//   So the kind follows from the size, and =:= never compares a flat map
//   with a HAMT.
// * Flat map (term.h): header(Map, 2 + n) | n | keys tuple | values[n]. Keys
//   are sorted by compare_terms_exact and unique under =:=; lookups scan
//   linearly (at most 32 words, usually immediates compared by identity).
//   Updates that keep the key set share the keys tuple.
// * HAMT node: header(HashMap, 1 + c) | meta | child[0..c). Every node is an
//   ordinary boxed object; the GC traces words [2, 1 + arity) (term.h).
//     meta bits 0-15   bitmap: slot i (0..15) is occupied iff bit i is set;
//                      children are stored in slot order, so a child's
//                      position is popcount(bitmap & ((1 << i) - 1)).
//     meta bit 16      head: this node is the root of a map.
//     meta bit 17      collision node (see below); bitmap is 0 then.
//     meta bits 20-63  number of keys in the map (head only, else 0).
//   A child is a leaf, a cons cell [Key | Value] (list-tagged), or a
//   sub-node (boxed HashMap node without the head bit).
// * Hashing follows OTP 25 so that iteration order matches it: a key's hash
//   is OTP's 32-bit internal term hash (map_key_hash(key, 0)); level L of the
//   trie uses nibble L mod 8 of map_key_hash(key, L / 8) (lowest nibble
//   first), i.e. after 8 levels the key is rehashed with the next salt
//   (OTP rehashes differently there: keys whose 32-bit hashes collide may
//   come out in a different relative order than in OTP).
//   After kMaxLevels levels (never reached in practice: it takes distinct
//   keys sharing 256 hash bits) keys go into a collision node: its children
//   are leaves only, sorted in exact term order.
// * The trie is canonical: a key sits at the shallowest level where its
//   hash-nibble path is unique, and removing a key lifts a lone remaining
//   leaf back up. So maps with equal contents have identical shapes and =:=
//   on HAMTs is structural (compare.cpp relies on this), and iteration
//   order depends only on the key set, never on insertion history.
// * Iteration order ("iterator order", map_foreach): flat maps in key order;
//   HAMTs depth first, slots 0..15 in order. This is the order of
//   maps:iterator/next, maps:fold, and of ~p / ~w printing in OTP 25.
//   maps:keys/values/to_list return the REVERSE of it for HAMTs (OTP builds
//   those lists by consing while walking); for flat maps they are in key
//   order too.
// * Maps are immutable: every update copies the path from the root to the
//   changed leaf and shares everything else. Nothing here collects garbage:
//   all allocation is p.alloc() (heap fragments when the block is full).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

class VM;

inline constexpr Word kFlatMapLimit = 32;

// HAMT meta word fields (see above).
inline constexpr Word kHamtBitmapMask = 0xFFFF;
inline constexpr Word kHamtHeadBit = Word{1} << 16;
inline constexpr Word kHamtCollisionBit = Word{1} << 17;
inline constexpr unsigned kHamtSizeShift = 20;

// Number of keys. Precondition: m.is_map().
Word map_size(Term map);

// The value for `key`, or kNonValue when absent. Precondition: map.is_map().
// Never fails, never allocates: safe in guards.
Term map_get(Term map, Term key);

// A new map with key => value (replacing any value for a =:= key).
Term map_put(Process& p, Term map, Term key, Term value);
// Like map_put, but kNonValue (without failing) when the key is absent.
Term map_update(Process& p, Term map, Term key, Term value);
// A new map without `key` (the same map when the key is absent).
Term map_remove(Process& p, Term map, Term key);
// A map from parallel key/value arrays; later duplicates win (maps:from_list).
Term map_from_pairs(Process& p, std::span<const Term> keys, std::span<const Term> values);
// A HAMT of more than kFlatMapLimit pairs with distinct keys, every node
// and leaf allocated by `alloc` (the ETF decoder: a process heap or a
// module's literal area). kNonValue if two keys are =:= (a MAP_EXT OTP
// rejects). Precondition: keys.size() == values.size() > kFlatMapLimit.
Term hashmap_from_unique_pairs(const VM& vm, const std::function<Word*(Word words)>& alloc,
                               std::span<const Term> keys, std::span<const Term> values);
// put_map_assoc (exact = false) / put_map_exact (exact = true): apply all the
// pairs at once. With exact, every key must be present already: otherwise
// returns kNonValue (without failing) and stores the missing key in *bad_key.
Term map_put_many(Process& p, Term map, std::span<const Term> keys, std::span<const Term> values,
                  bool exact, Term* bad_key);
// maps:merge/2: pairs of `b` win. Preconditions: both are maps.
Term map_merge(Process& p, Term a, Term b);
// An empty map.
Term map_new(Process& p);

// Every pair in iterator order (see above).
void map_foreach(Term map, const std::function<void(Term key, Term value)>& fn);
// Every pair in iterator order, appended to `out`.
void map_iteration_pairs(Term map, std::vector<std::pair<Term, Term>>& out);
// Every pair in exact term order of the keys.
std::vector<std::pair<Term, Term>> map_sorted_pairs(const VM& vm, Term map);

// maps:keys/values/to_list, in OTP's order (see above).
Term map_keys_list(Process& p, Term map);
Term map_values_list(Process& p, Term map);
Term map_to_list(Process& p, Term map);

// =:= on two maps (compare.cpp has its own structural walk; this is the
// same relation for C++ callers).
bool map_exact_equal(Term a, Term b);
// Term order of two maps when at least one is a HAMT (declared in compare.h).
int hashmap_compare(const VM& vm, Term a, Term b, bool exact);

// OTP 25's internal term hash (make_internal_hash): the hash that places
// keys in the trie. Bit for bit OTP's for integers, floats, binaries, lists,
// tuples and maps built of those; atoms, pids, ports, refs and funs hash by
// Girder's own representation (OTP hashes atoms by its atom-table index,
// which no other VM can reproduce).
std::uint32_t map_key_hash(Term key, std::uint32_t salt);

// maps:iterator/1 and maps:next/1 support. The iterator term is OTP's shape:
// [Path | Map] with Path = 0 at the start; next returns {K, V, Next} where
// Next is a pre-fetched chain {K2, V2, ... none | [Path | Map]}.
// map_iterator_next returns kNonValue (without failing) for a bad path.
Term map_iterator_next(Process& p, Term path, Term map);

}  // namespace girder::vm
