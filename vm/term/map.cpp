// Maps: flat maps, the public map API (dispatching to the trie in
// hashmap.cpp for large maps), lists and ordering. Layout and invariants in
// map.h.
#include "vm/term/map.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map_internal.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

inline bool is_flat(Term map) { return map.box_kind() == BoxKind::Map; }
inline Word flat_size(const Word* m) { return m[1]; }
inline const Word* flat_keys(const Word* m) { return Term::from_raw(m[2]).box_ptr() + 1; }
inline const Word* flat_values(const Word* m) { return m + 3; }

// Index of key in a flat map, or -1. Linear: at most 32 keys, and immediate
// keys are compared by identity without a call.
SWord flat_find(const Word* m, Term key) {
  Word n = flat_size(m);
  const Word* ks = flat_keys(m);
  if (key.is_immediate()) {
    for (Word i = 0; i < n; ++i)
      if (ks[i] == key.raw()) return static_cast<SWord>(i);
    return -1;
  }
  for (Word i = 0; i < n; ++i) {
    Term k = Term::from_raw(ks[i]);
    if (!k.is_immediate() && exact_equal(k, key)) return static_cast<SWord>(i);
  }
  return -1;
}

// A flat map from pairs sorted by key, unique.
Term flat_build(Process& p, std::span<const std::pair<Term, Term>> pairs) {
  Word n = pairs.size();
  Word* kt = p.alloc(1 + n);
  kt[0] = make_header(BoxKind::Tuple, n);
  Word* m = p.alloc(flatmap_words(n));
  m[0] = make_header(BoxKind::Map, 2 + n);
  m[1] = n;
  m[2] = Term::boxed(kt).raw();
  for (Word i = 0; i < n; ++i) {
    kt[1 + i] = pairs[i].first.raw();
    m[3 + i] = pairs[i].second.raw();
  }
  return Term::boxed(m);
}

// A flat map with the same keys tuple and the value at i replaced.
Term flat_with_value(Process& p, const Word* m, Word i, Term value) {
  Word n = flat_size(m);
  Word* c = p.alloc(flatmap_words(n));
  std::memcpy(c, m, flatmap_words(n) * sizeof(Word));
  c[3 + i] = value.raw();
  return Term::boxed(c);
}

void flat_pairs(const Word* m, std::vector<std::pair<Term, Term>>& out) {
  Word n = flat_size(m);
  const Word* ks = flat_keys(m);
  for (Word i = 0; i < n; ++i) out.emplace_back(Term::from_raw(ks[i]), Term::from_raw(m[3 + i]));
}

// Sorts pairs by key (exact order) and keeps the last of each run of equal keys.
void sort_unique_later_wins(const VM& vm, std::vector<std::pair<Term, Term>>& pairs) {
  std::stable_sort(pairs.begin(), pairs.end(),
                   [&](const auto& a, const auto& b) { return compare_terms_exact(vm, a.first, b.first) < 0; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i + 1 < pairs.size() && compare_terms_exact(vm, pairs[i].first, pairs[i + 1].first) == 0) continue;
    pairs[out++] = pairs[i];
  }
  pairs.resize(out);
}

}  // namespace

Term hashmap_from_unique_pairs(const VM& vm, const std::function<Word*(Word words)>& alloc,
                               std::span<const Term> keys, std::span<const Term> values) {
  std::vector<hamt::BuildEntry> es;
  es.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) es.push_back({0, keys[i], values[i]});
  hamt::sort_and_dedupe(es);
  if (es.size() != keys.size()) return kNonValue;
  return hamt::build(vm, alloc, es);
}

namespace {

// A map (flat or trie, by size) from arbitrary pairs; later duplicates win.
Term build_from_pairs(Process& p, std::vector<std::pair<Term, Term>>& pairs) {
  if (pairs.size() <= kFlatMapLimit) {
    sort_unique_later_wins(p.vm(), pairs);
    return flat_build(p, pairs);
  }
  std::vector<hamt::BuildEntry> es;
  es.reserve(pairs.size());
  for (auto& [k, v] : pairs) es.push_back({0, k, v});
  hamt::sort_and_dedupe(es);
  if (es.size() <= kFlatMapLimit) {
    std::vector<std::pair<Term, Term>> unique;
    for (auto& e : es) unique.emplace_back(e.key, e.value);
    sort_unique_later_wins(p.vm(), unique);
    return flat_build(p, unique);
  }
  return hamt::build(p, es);
}

inline Word hamt_size(Term root) { return root.box_ptr()[1] >> kHamtSizeShift; }

inline Term with_size(Term root, Word size) {
  Word* r = root.box_ptr();  // a fresh copy made by the caller's update
  r[1] = (r[1] & ((Word{1} << kHamtSizeShift) - 1)) | kHamtHeadBit | (size << kHamtSizeShift);
  return root;
}

Term hamt_put(Process& p, Term map, Term key, Term value, bool update_only) {
  bool added = false;
  Term r = hamt::insert(p, map, key, value, map_key_hash(key, 0), 0, update_only, added);
  if (r.is_non_value() || r == map) return r;
  return with_size(r, hamt_size(map) + (added ? 1 : 0));
}

}  // namespace

Word map_size(Term map) {
  const Word* m = map.box_ptr();
  return is_flat(map) ? flat_size(m) : hamt_size(map);
}

Term map_get(Term map, Term key) {
  if (is_flat(map)) {
    const Word* m = map.box_ptr();
    SWord i = flat_find(m, key);
    return i < 0 ? kNonValue : Term::from_raw(m[3 + i]);
  }
  return hamt::get(map, key);
}

Term map_new(Process& p) { return flat_build(p, {}); }

Term map_put(Process& p, Term map, Term key, Term value) {
  if (!is_flat(map)) return hamt_put(p, map, key, value, false);
  const Word* m = map.box_ptr();
  Word n = flat_size(m);
  const Word* ks = flat_keys(m);
  // Binary search in exact key order: finds the key or where it goes.
  const VM& vm = p.vm();
  Word lo = 0, hi = n;
  while (lo < hi) {
    Word mid = (lo + hi) / 2;
    Term k = Term::from_raw(ks[mid]);
    int c = key == k ? 0 : compare_terms_exact(vm, key, k);
    if (c == 0) {
      if (m[3 + mid] == value.raw()) return map;
      return flat_with_value(p, m, mid, value);
    }
    if (c < 0) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  if (n == kFlatMapLimit) {
    std::vector<hamt::BuildEntry> es;
    es.reserve(n + 1);
    for (Word i = 0; i < n; ++i) es.push_back({0, Term::from_raw(ks[i]), Term::from_raw(m[3 + i])});
    es.push_back({0, key, value});
    hamt::sort_and_dedupe(es);
    return hamt::build(p, es);
  }
  Word* kt = p.alloc(2 + n);
  kt[0] = make_header(BoxKind::Tuple, n + 1);
  Word* c = p.alloc(flatmap_words(n + 1));
  c[0] = make_header(BoxKind::Map, 3 + n);
  c[1] = n + 1;
  c[2] = Term::boxed(kt).raw();
  std::memcpy(kt + 1, ks, lo * sizeof(Word));
  kt[1 + lo] = key.raw();
  std::memcpy(kt + 2 + lo, ks + lo, (n - lo) * sizeof(Word));
  std::memcpy(c + 3, m + 3, lo * sizeof(Word));
  c[3 + lo] = value.raw();
  std::memcpy(c + 4 + lo, m + 3 + lo, (n - lo) * sizeof(Word));
  return Term::boxed(c);
}

Term map_update(Process& p, Term map, Term key, Term value) {
  if (!is_flat(map)) return hamt_put(p, map, key, value, true);
  const Word* m = map.box_ptr();
  SWord i = flat_find(m, key);
  if (i < 0) return kNonValue;
  if (m[3 + i] == value.raw()) return map;
  return flat_with_value(p, m, static_cast<Word>(i), value);
}

Term map_remove(Process& p, Term map, Term key) {
  if (is_flat(map)) {
    const Word* m = map.box_ptr();
    SWord at = flat_find(m, key);
    if (at < 0) return map;
    Word n = flat_size(m);
    const Word* ks = flat_keys(m);
    Word i = static_cast<Word>(at);
    Word* kt = p.alloc(n);
    kt[0] = make_header(BoxKind::Tuple, n - 1);
    Word* c = p.alloc(flatmap_words(n - 1));
    c[0] = make_header(BoxKind::Map, 1 + n);
    c[1] = n - 1;
    c[2] = Term::boxed(kt).raw();
    std::memcpy(kt + 1, ks, i * sizeof(Word));
    std::memcpy(kt + 1 + i, ks + i + 1, (n - i - 1) * sizeof(Word));
    std::memcpy(c + 3, m + 3, i * sizeof(Word));
    std::memcpy(c + 3 + i, m + 4 + i, (n - i - 1) * sizeof(Word));
    return Term::boxed(c);
  }
  Word size = hamt_size(map);
  if (size == kFlatMapLimit + 1) {
    // Back to a flat map, as OTP does, so the kind follows from the size.
    if (hamt::get(map, key).is_non_value()) return map;
    std::vector<std::pair<Term, Term>> pairs;
    hamt::for_each_leaf(map, [&](Term leaf) {
      if (!keys_equal(leaf.head(), key)) pairs.emplace_back(leaf.head(), leaf.tail());
    });
    std::sort(pairs.begin(), pairs.end(),
              [&](const auto& a, const auto& b) { return compare_terms_exact(p.vm(), a.first, b.first) < 0; });
    return flat_build(p, pairs);
  }
  hamt::Removed r = hamt::remove(p, map, key, map_key_hash(key, 0), 0);
  if (r.kind == hamt::Removed::NotFound) return map;
  return with_size(r.term, size - 1);
}

Term map_from_pairs(Process& p, std::span<const Term> keys, std::span<const Term> values) {
  std::vector<std::pair<Term, Term>> pairs;
  pairs.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) pairs.emplace_back(keys[i], values[i]);
  return build_from_pairs(p, pairs);
}

Term map_put_many(Process& p, Term map, std::span<const Term> keys, std::span<const Term> values, bool exact,
                  Term* bad_key) {
  std::size_t k = keys.size();
  if (k == 0) return map;
  if (exact) {
    if (is_flat(map)) {
      // Same key set: one copy sharing the keys tuple.
      const Word* m = map.box_ptr();
      Word n = flat_size(m);
      Word* c = nullptr;
      for (std::size_t i = 0; i < k; ++i) {
        SWord at = flat_find(m, keys[i]);
        if (at < 0) {
          *bad_key = keys[i];
          return kNonValue;  // the partial copy is dead garbage
        }
        if (c == nullptr) {
          c = p.alloc(flatmap_words(n));
          std::memcpy(c, m, flatmap_words(n) * sizeof(Word));
        }
        c[3 + at] = values[i].raw();
      }
      return Term::boxed(c);
    }
    for (std::size_t i = 0; i < k; ++i) {
      if (hamt::get(map, keys[i]).is_non_value()) {
        *bad_key = keys[i];
        return kNonValue;
      }
    }
    for (std::size_t i = 0; i < k; ++i) map = hamt_put(p, map, keys[i], values[i], true);
    return map;
  }
  if (k == 1) return map_put(p, map, keys[0], values[0]);
  if (is_flat(map)) {
    const Word* m = map.box_ptr();
    bool all_present = true;
    for (std::size_t i = 0; i < k && all_present; ++i) all_present = flat_find(m, keys[i]) >= 0;
    if (all_present) {
      Word n = flat_size(m);
      Word* c = p.alloc(flatmap_words(n));
      std::memcpy(c, m, flatmap_words(n) * sizeof(Word));
      for (std::size_t i = 0; i < k; ++i) c[3 + flat_find(m, keys[i])] = values[i].raw();
      return Term::boxed(c);
    }
    std::vector<std::pair<Term, Term>> pairs;
    pairs.reserve(flat_size(m) + k);
    flat_pairs(m, pairs);
    for (std::size_t i = 0; i < k; ++i) pairs.emplace_back(keys[i], values[i]);
    return build_from_pairs(p, pairs);
  }
  for (std::size_t i = 0; i < k; ++i) map = hamt_put(p, map, keys[i], values[i], false);
  return map;
}

Term map_merge(Process& p, Term a, Term b) {
  Word na = map_size(a), nb = map_size(b);
  if (nb == 0) return a;
  if (na == 0) return b;
  if (is_flat(a) && is_flat(b)) {
    // Merge two sorted key sequences; b wins on equal keys.
    const VM& vm = p.vm();
    const Word* x = a.box_ptr();
    const Word* y = b.box_ptr();
    const Word* xk = flat_keys(x);
    const Word* yk = flat_keys(y);
    std::vector<std::pair<Term, Term>> out;
    out.reserve(na + nb);
    Word i = 0, j = 0;
    while (i < na && j < nb) {
      Term ka = Term::from_raw(xk[i]), kb = Term::from_raw(yk[j]);
      int c = ka == kb ? 0 : compare_terms_exact(vm, ka, kb);
      if (c < 0) {
        out.emplace_back(ka, Term::from_raw(x[3 + i++]));
      } else if (c > 0) {
        out.emplace_back(kb, Term::from_raw(y[3 + j++]));
      } else {
        out.emplace_back(kb, Term::from_raw(y[3 + j++]));
        ++i;
      }
    }
    for (; i < na; ++i) out.emplace_back(Term::from_raw(xk[i]), Term::from_raw(x[3 + i]));
    for (; j < nb; ++j) out.emplace_back(Term::from_raw(yk[j]), Term::from_raw(y[3 + j]));
    if (out.size() <= kFlatMapLimit) return flat_build(p, out);
    std::vector<hamt::BuildEntry> es;
    es.reserve(out.size());
    for (auto& [k, v] : out) es.push_back({0, k, v});
    hamt::sort_and_dedupe(es);
    return hamt::build(p, es);
  }
  // One side much smaller: path-copying puts into the larger one. Otherwise
  // one rebuild allocates less than many path copies.
  if (nb * 8 <= na) {
    map_foreach(b, [&](Term k, Term v) { a = map_put(p, a, k, v); });
    return a;
  }
  if (na * 8 <= nb) {
    map_foreach(a, [&](Term k, Term v) {
      if (map_get(b, k).is_non_value()) b = map_put(p, b, k, v);
    });
    return b;
  }
  std::vector<std::pair<Term, Term>> pairs;
  pairs.reserve(na + nb);
  map_iteration_pairs(a, pairs);
  map_iteration_pairs(b, pairs);
  return build_from_pairs(p, pairs);
}

void map_foreach(Term map, const std::function<void(Term key, Term value)>& fn) {
  if (is_flat(map)) {
    const Word* m = map.box_ptr();
    const Word* ks = flat_keys(m);
    for (Word i = 0; i < flat_size(m); ++i) fn(Term::from_raw(ks[i]), Term::from_raw(m[3 + i]));
    return;
  }
  hamt::for_each_leaf(map, [&](Term leaf) { fn(leaf.head(), leaf.tail()); });
}

void map_iteration_pairs(Term map, std::vector<std::pair<Term, Term>>& out) {
  if (is_flat(map)) {
    flat_pairs(map.box_ptr(), out);
    return;
  }
  out.reserve(out.size() + hamt_size(map));
  hamt::for_each_leaf(map, [&](Term leaf) { out.emplace_back(leaf.head(), leaf.tail()); });
}

std::vector<std::pair<Term, Term>> map_sorted_pairs(const VM& vm, Term map) {
  std::vector<std::pair<Term, Term>> out;
  map_iteration_pairs(map, out);
  if (!is_flat(map)) {
    std::sort(out.begin(), out.end(),
              [&](const auto& a, const auto& b) { return compare_terms_exact(vm, a.first, b.first) < 0; });
  }
  return out;
}

// Lists: flat maps in key order; tries consed while walking in iterator
// order, which reverses it, exactly as OTP's lists come out.
namespace {
enum class ListKind { Keys, Values, Pairs };

Term map_list(Process& p, Term map, ListKind kind) {
  std::vector<std::pair<Term, Term>> pairs;
  map_iteration_pairs(map, pairs);
  Word per = kind == ListKind::Pairs ? 5 : 2;  // cons (+ 2-tuple)
  Word* h = p.alloc(per * pairs.size());
  Term list = kNil;
  auto element = [&](const std::pair<Term, Term>& kv) -> Term {
    switch (kind) {
      case ListKind::Keys: return kv.first;
      case ListKind::Values: return kv.second;
      case ListKind::Pairs: {
        h[0] = make_header(BoxKind::Tuple, 2);
        h[1] = kv.first.raw();
        h[2] = kv.second.raw();
        Term t = Term::boxed(h);
        h += 3;
        return t;
      }
    }
    return kNil;
  };
  auto cons = [&](Term e) {
    h[0] = e.raw();
    h[1] = list.raw();
    list = Term::list(h);
    h += 2;
  };
  if (is_flat(map)) {
    for (std::size_t i = pairs.size(); i-- > 0;) cons(element(pairs[i]));
  } else {
    for (const auto& kv : pairs) cons(element(kv));
  }
  return list;
}
}  // namespace

Term map_keys_list(Process& p, Term map) { return map_list(p, map, ListKind::Keys); }
Term map_values_list(Process& p, Term map) { return map_list(p, map, ListKind::Values); }
Term map_to_list(Process& p, Term map) { return map_list(p, map, ListKind::Pairs); }

bool map_exact_equal(Term a, Term b) {
  // Same size implies same kind, and tries are canonical, so the structural
  // =:= of compare.cpp is map equality.
  return exact_equal(a, b);
}

int hashmap_compare(const VM& vm, Term a, Term b, bool exact) {
  Word na = map_size(a), nb = map_size(b);
  if (na != nb) return na < nb ? -1 : 1;
  std::vector<std::pair<Term, Term>> x = map_sorted_pairs(vm, a);
  std::vector<std::pair<Term, Term>> y = map_sorted_pairs(vm, b);
  for (std::size_t i = 0; i < x.size(); ++i) {
    int c = compare_terms_exact(vm, x[i].first, y[i].first);
    if (c != 0) return c;
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    int c = exact ? compare_terms_exact(vm, x[i].second, y[i].second) : compare_terms(vm, x[i].second, y[i].second);
    if (c != 0) return c;
  }
  return 0;
}

// ---- Iterators -----------------------------------------------------------
//
// A trie iterator's Path is the slot path of the next leaf, 4 bits per level
// with the root's slot lowest, under a sentinel 1 bit that marks the depth
// (so 0 stays "the start"); paths deeper than 14 levels (never seen in
// practice) are a list of slots instead. A flat map's Path is accepted from 0
// up to the size, and restarts from the first key, as OTP 25's does.

namespace {
constexpr Word kIteratorBatch = 32;
constexpr std::size_t kMaxPackedLevels = 14;

Term encode_path(Process& p, const std::vector<unsigned>& slots) {
  if (slots.size() <= kMaxPackedLevels) {
    Word v = Word{1} << (4 * slots.size());
    for (std::size_t i = 0; i < slots.size(); ++i) v |= Word{slots[i]} << (4 * i);
    return Term::small(static_cast<SWord>(v));
  }
  std::vector<Term> ts;
  for (unsigned s : slots) ts.push_back(Term::small(s));
  return make_list(p, ts);
}

bool decode_path(Term path, std::vector<unsigned>& slots) {
  if (path.is_small()) {
    SWord v = path.small_value();
    if (v < 16) return false;
    unsigned depth = (63 - std::countl_zero(static_cast<Word>(v))) / 4;
    if ((Word{1} << (4 * depth)) > static_cast<Word>(v) || (static_cast<Word>(v) >> (4 * depth)) != 1) return false;
    for (unsigned i = 0; i < depth; ++i) slots.push_back(static_cast<unsigned>((v >> (4 * i)) & 0xF));
    return true;
  }
  while (path.is_list()) {
    Term s = path.head();
    if (!s.is_small() || s.small_value() < 0 || s.small_value() > 0xFFFF) return false;
    slots.push_back(static_cast<unsigned>(s.small_value()));
    path = path.tail();
  }
  return path.is_nil() && slots.size() > kMaxPackedLevels;
}

Term make_triple(Process& p, Term k, Term v, Term rest) { return make_tuple(p, {k, v, rest}); }
}  // namespace

Term map_iterator_next(Process& p, Term path, Term map) {
  std::vector<std::pair<Term, Term>> batch;
  Term rest = atoms::none;
  if (is_flat(map)) {
    if (!path.is_small() || path.small_value() < 0 || static_cast<Word>(path.small_value()) > map_size(map))
      return kNonValue;
    flat_pairs(map.box_ptr(), batch);
  } else {
    hamt::Walker w(map);
    if (!(path.is_small() && path.small_value() == 0)) {
      std::vector<unsigned> slots;
      if (!decode_path(path, slots) || !w.seek(slots)) return kNonValue;
    }
    for (;;) {
      Term leaf = w.next();
      if (leaf.is_non_value()) break;
      if (batch.size() == kIteratorBatch) {
        Term next_path = encode_path(p, w.current_path());
        rest = make_cons(p, next_path, map);
        break;
      }
      batch.emplace_back(leaf.head(), leaf.tail());
    }
  }
  if (batch.empty()) return atoms::none;
  for (std::size_t i = batch.size(); i-- > 0;) rest = make_triple(p, batch[i].first, batch[i].second, rest);
  return rest;
}

}  // namespace girder::vm
