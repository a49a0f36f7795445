// Hot list and tuple BIFs: lists:reverse/member/keyfind..., ++, --, and the
// erlang tuple builders (element, setelement, make_tuple, ...).
//
// Every walk over a list is a loop (never recursion on the tail), so lists of
// millions of elements are fine. Results are built front to back: cells are
// allocated one at a time and the previous cell's tail is patched, which is
// safe because a BIF never collects and the new cells are not yet visible.
#include <unordered_map>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/exec/code.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/phash.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// Tuples larger than this are a system limit in OTP (and badarg from BIFs).
constexpr SWord kMaxTupleArity = (SWord{1} << 24) - 1;

// Collects list cells front to back.
class ListBuilder {
 public:
  explicit ListBuilder(Process& p) : p_(p) {}
  void add(Term t) {
    Word* cell = p_.alloc(kConsWords);
    cell[0] = t.raw();
    cell[1] = kNil.raw();
    if (last_) last_[1] = Term::list(cell).raw();
    else first_ = Term::list(cell);
    last_ = cell;
  }
  Term finish(Term tail = kNil) {
    if (!last_) return tail;
    last_[1] = tail.raw();
    return first_;
  }

 private:
  Process& p_;
  Term first_ = kNil;
  Word* last_ = nullptr;
};

// Long lists are done a slice at a time: after kJobSliceUnits elements a BIF
// traps (Process::trap) to continue as a new call, and the scheduler can
// switch processes in between.

ExportEntry* export_of(Process& p, Term module, std::string_view function, unsigned arity) {
  return p.vm().code().export_entry(module, p.vm().atoms().intern(function), arity);
}

Term bif_reverse_2(Process& p, const Term* a) {
  Term acc = a[1];
  Term l = a[0];
  Word n = 0;
  while (l.is_list()) {
    if (n == static_cast<Word>(kJobSliceUnits)) {
      p.charge(n / 10);
      return p.trap(export_of(p, atoms::lists, "reverse", 2), {l, acc});
    }
    acc = make_cons(p, l.head(), acc);
    l = l.tail();
    ++n;
  }
  if (!l.is_nil()) return p.badarg();
  p.charge(n / 10);
  return acc;
}

// erlang:'$append_rev'(L, Acc, Tail): the long case of L ++ Tail, in slices:
// reverse L onto Acc, then lists:reverse(Acc, Tail). L is known to be a
// proper list.
Term bif_append_rev(Process& p, const Term* a) {
  Term l = a[0];
  Term acc = a[1];
  Word n = 0;
  while (l.is_list() && n < static_cast<Word>(kJobSliceUnits)) {
    acc = make_cons(p, l.head(), acc);
    l = l.tail();
    ++n;
  }
  p.charge(n / 10);
  if (l.is_list()) return p.trap(export_of(p, atoms::erlang, "$append_rev", 3), {l, acc, a[2]});
  if (!l.is_nil()) return p.badarg();
  return p.trap(export_of(p, atoms::lists, "reverse", 2), {acc, a[2]});
}

Term bif_reverse_1(Process& p, const Term* a) {
  // lists:reverse/1 is Erlang code in OTP: a one-cell improper list fails
  // its clauses; longer improper lists fail inside reverse/2 with badarg.
  Term l = a[0];
  if (l.is_nil()) return kNil;
  if (!l.is_list()) return p.fail(atoms::error, atoms::function_clause);
  if (!l.tail().is_list() && !l.tail().is_nil()) return p.fail(atoms::error, atoms::function_clause);
  Term args[2] = {l, kNil};
  return bif_reverse_2(p, args);
}

Term bif_member(Process& p, const Term* a) {
  Term x = a[0];
  Term l = a[1];
  Word n = 0;
  while (l.is_list()) {
    if (n == static_cast<Word>(kJobSliceUnits)) {
      p.charge(n / 10);
      return p.trap(export_of(p, atoms::lists, "member", 2), {x, l});
    }
    Term h = l.head();
    if (h == x || exact_equal(h, x)) {
      p.charge(n / 10);
      return kTrue;
    }
    l = l.tail();
    ++n;
  }
  p.charge(n / 10);
  if (!l.is_nil()) return p.badarg();
  return kFalse;
}

// The first tuple in `list` whose Nth element == key; kNil if none; kNonValue
// on bad arguments (badarg set), or after a slice of a long list (a trap to
// lists:`self`/3 with the rest of the list).
Term keyfind(Process& p, const Term* a, std::string_view self) {
  Term key = a[0];
  if (!a[1].is_small() || a[1].small_value() < 1) return p.badarg();
  Word n = static_cast<Word>(a[1].small_value());
  Term l = a[2];
  const VM& vm = p.vm();
  Word scanned = 0;
  while (l.is_list()) {
    if (scanned == static_cast<Word>(kJobSliceUnits)) {
      p.charge(scanned / 10);
      return p.trap(export_of(p, atoms::lists, self, 3), {key, a[1], l});
    }
    Term h = l.head();
    if (h.is_tuple() && h.tuple_arity() >= n) {
      Term e = h.element(n - 1);
      if (e == key || arith_equal(vm, e, key)) {
        p.charge(scanned / 10);
        return h;
      }
    }
    l = l.tail();
    ++scanned;
  }
  p.charge(scanned / 10);
  if (!l.is_nil()) return p.badarg();
  return kNil;
}

Term bif_keyfind(Process& p, const Term* a) {
  Term r = keyfind(p, a, "keyfind");
  if (r.is_non_value()) return r;
  return r.is_nil() ? kFalse : r;
}

Term bif_keymember(Process& p, const Term* a) {
  Term r = keyfind(p, a, "keymember");
  if (r.is_non_value()) return r;
  return make_bool(!r.is_nil());
}

Term bif_keysearch(Process& p, const Term* a) {
  Term r = keyfind(p, a, "keysearch");
  if (r.is_non_value()) return r;
  return r.is_nil() ? kFalse : make_tuple(p, {atoms::value, r});
}

Term bif_append(Process& p, const Term* a) {
  if (a[0].is_nil()) return a[1];
  std::int64_t len = list_length(a[0]);
  if (len < 0) return p.badarg();
  if (static_cast<Word>(len) > static_cast<Word>(kJobSliceUnits)) return p.trap(export_of(p, atoms::erlang, "$append_rev", 3), {a[0], kNil, a[1]});
  p.charge(static_cast<Word>(len) / 10);
  ListBuilder b(p);
  for (Term l = a[0]; l.is_list(); l = l.tail()) b.add(l.head());
  return b.finish(a[1]);
}

// A multiset of terms under =:=, for '--' on large inputs.
class TermBag {
 public:
  explicit TermBag(const VM& vm) : vm_(vm) {}
  void add(Term t) {
    auto& bucket = buckets_[phash2_hash(vm_, t)];
    for (auto& e : bucket)
      if (exact_equal(e.term, t)) { ++e.count; return; }
    bucket.push_back({t, 1});
  }
  // Remove one occurrence of t if present.
  bool take(Term t) {
    auto it = buckets_.find(phash2_hash(vm_, t));
    if (it == buckets_.end()) return false;
    for (auto& e : it->second)
      if (e.count > 0 && exact_equal(e.term, t)) { --e.count; return true; }
    return false;
  }

 private:
  struct Entry { Term term; Word count; };
  const VM& vm_;
  std::unordered_map<std::uint32_t, std::vector<Entry>> buckets_;
};

Term bif_subtract(Process& p, const Term* a) {
  std::int64_t na = list_length(a[0]);
  std::int64_t nb = list_length(a[1]);
  if (na < 0 || nb < 0) return p.badarg();
  if (na == 0 || nb == 0) return a[0];
  // Long inputs: Erlang code does it (girder_bif:subtract/2), preemptible.
  if (static_cast<Word>(na + nb) > static_cast<Word>(kJobSliceUnits) && nb > 16) {
    p.charge(static_cast<Word>(na + nb) / 100);  // the properness checks
    return p.trap(export_of(p, p.vm().atoms().intern("girder_bif"), "subtract", 2), {a[0], a[1]});
  }
  p.charge(static_cast<Word>(na + nb) / 10);
  ListBuilder b(p);
  if (nb <= 16) {
    // Small right side: a flag per element of B, linear scans.
    Term bs[16];
    bool used[16] = {};
    int k = 0;
    for (Term l = a[1]; l.is_list(); l = l.tail()) bs[k++] = l.head();
    for (Term l = a[0]; l.is_list(); l = l.tail()) {
      Term h = l.head();
      bool removed = false;
      for (int i = 0; i < k; ++i)
        if (!used[i] && (bs[i] == h || exact_equal(bs[i], h))) { used[i] = removed = true; break; }
      if (!removed) b.add(h);
    }
    return b.finish();
  }
  TermBag bag(p.vm());
  for (Term l = a[1]; l.is_list(); l = l.tail()) bag.add(l.head());
  for (Term l = a[0]; l.is_list(); l = l.tail())
    if (!bag.take(l.head())) b.add(l.head());
  return b.finish();
}

Term bif_tuple_to_list(Process& p, const Term* a) {
  if (!a[0].is_tuple()) return p.badarg();
  Word n = a[0].tuple_arity();
  return make_list(p, std::span<const Term>(a[0].tuple_elements(), n));
}

Term bif_list_to_tuple(Process& p, const Term* a) {
  std::int64_t n = list_length(a[0]);
  if (n < 0 || n > kMaxTupleArity) return p.badarg();
  Word* obj = p.alloc(1 + static_cast<Word>(n));
  obj[0] = make_header(BoxKind::Tuple, static_cast<Word>(n));
  Word i = 1;
  for (Term l = a[0]; l.is_list(); l = l.tail()) obj[i++] = l.head().raw();
  return Term::boxed(obj);
}

Term make_filled_tuple(Process& p, Term n_term, Term init) {
  if (!n_term.is_small() || n_term.small_value() < 0 || n_term.small_value() > kMaxTupleArity)
    return kNonValue;
  Word n = static_cast<Word>(n_term.small_value());
  Word* obj = p.alloc(1 + n);
  obj[0] = make_header(BoxKind::Tuple, n);
  for (Word i = 1; i <= n; ++i) obj[i] = init.raw();
  return Term::boxed(obj);
}

Term bif_make_tuple_2(Process& p, const Term* a) {
  Term t = make_filled_tuple(p, a[0], a[1]);
  return t.is_non_value() ? p.badarg() : t;
}

Term bif_make_tuple_3(Process& p, const Term* a) {
  if (list_length(a[2]) < 0) return p.badarg();
  Term t = make_filled_tuple(p, a[0], a[1]);
  if (t.is_non_value()) return p.badarg();
  Word n = t.tuple_arity();
  // Later entries win, so apply in list order.
  for (Term l = a[2]; l.is_list(); l = l.tail()) {
    Term e = l.head();
    if (!e.is_tuple() || e.tuple_arity() != 2) return p.badarg();
    Term pos = e.element(0);
    if (!pos.is_small() || pos.small_value() < 1 || static_cast<Word>(pos.small_value()) > n)
      return p.badarg();
    t.tuple_elements()[pos.small_value() - 1] = e.element(1);
  }
  return t;
}

Term bif_element(Process& p, const Term* a) {
  if (!a[0].is_small() || !a[1].is_tuple()) return p.badarg();
  SWord i = a[0].small_value();
  if (i < 1 || static_cast<Word>(i) > a[1].tuple_arity()) return p.badarg();
  return a[1].element(static_cast<Word>(i - 1));
}

Term bif_setelement(Process& p, const Term* a) {
  if (!a[0].is_small() || !a[1].is_tuple()) return p.badarg();
  SWord i = a[0].small_value();
  Word n = a[1].tuple_arity();
  if (i < 1 || static_cast<Word>(i) > n) return p.badarg();
  Word* obj = p.alloc(1 + n);
  std::memcpy(obj, a[1].box_ptr(), (1 + n) * sizeof(Word));
  obj[i] = a[2].raw();
  return Term::boxed(obj);
}

Term bif_append_element(Process& p, const Term* a) {
  if (!a[0].is_tuple()) return p.badarg();
  Word n = a[0].tuple_arity();
  if (static_cast<SWord>(n + 1) > kMaxTupleArity) return p.badarg();
  Word* obj = p.alloc(2 + n);
  obj[0] = make_header(BoxKind::Tuple, n + 1);
  std::memcpy(obj + 1, a[0].box_ptr() + 1, n * sizeof(Word));
  obj[n + 1] = a[1].raw();
  return Term::boxed(obj);
}

Term bif_insert_element(Process& p, const Term* a) {
  if (!a[0].is_small() || !a[1].is_tuple()) return p.badarg();
  SWord i = a[0].small_value();
  Word n = a[1].tuple_arity();
  if (i < 1 || static_cast<Word>(i) > n + 1 || static_cast<SWord>(n + 1) > kMaxTupleArity) return p.badarg();
  const Word* src = a[1].box_ptr() + 1;
  Word* obj = p.alloc(2 + n);
  obj[0] = make_header(BoxKind::Tuple, n + 1);
  Word k = static_cast<Word>(i - 1);
  std::memcpy(obj + 1, src, k * sizeof(Word));
  obj[1 + k] = a[2].raw();
  std::memcpy(obj + 2 + k, src + k, (n - k) * sizeof(Word));
  return Term::boxed(obj);
}

Term bif_delete_element(Process& p, const Term* a) {
  if (!a[0].is_small() || !a[1].is_tuple()) return p.badarg();
  SWord i = a[0].small_value();
  Word n = a[1].tuple_arity();
  if (i < 1 || static_cast<Word>(i) > n) return p.badarg();
  const Word* src = a[1].box_ptr() + 1;
  Word* obj = p.alloc(n);
  obj[0] = make_header(BoxKind::Tuple, n - 1);
  Word k = static_cast<Word>(i - 1);
  std::memcpy(obj + 1, src, k * sizeof(Word));
  std::memcpy(obj + 1 + k, src + k + 1, (n - k - 1) * sizeof(Word));
  return Term::boxed(obj);
}

Term bif_hd(Process& p, const Term* a) {
  if (!a[0].is_list()) return p.badarg();
  return a[0].head();
}

Term bif_tl(Process& p, const Term* a) {
  if (!a[0].is_list()) return p.badarg();
  return a[0].tail();
}

constexpr BifSpec kListsBifs[] = {
    {"lists", "reverse", 1, bif_reverse_1, false},
    {"lists", "reverse", 2, bif_reverse_2, false},
    {"lists", "member", 2, bif_member, false},
    {"lists", "keyfind", 3, bif_keyfind, false},
    {"lists", "keymember", 3, bif_keymember, false},
    {"lists", "keysearch", 3, bif_keysearch, false},
    {"lists", "append", 2, bif_append, false},
    {"erlang", "++", 2, bif_append, false, kMayTrap},
    {"erlang", "$append_rev", 3, bif_append_rev, false, kMayTrap},
    {"erlang", "append", 2, bif_append, false, kMayTrap},
    {"erlang", "--", 2, bif_subtract, false, kMayTrap},
    {"erlang", "subtract", 2, bif_subtract, false, kMayTrap},
    {"erlang", "tuple_to_list", 1, bif_tuple_to_list, false},
    {"erlang", "list_to_tuple", 1, bif_list_to_tuple, false},
    {"erlang", "make_tuple", 2, bif_make_tuple_2, false},
    {"erlang", "make_tuple", 3, bif_make_tuple_3, false},
    {"erlang", "element", 2, bif_element, true},
    {"erlang", "setelement", 3, bif_setelement, false},
    {"erlang", "append_element", 2, bif_append_element, false},
    {"erlang", "insert_element", 3, bif_insert_element, false},
    {"erlang", "delete_element", 2, bif_delete_element, false},
    {"erlang", "hd", 1, bif_hd, true},
    {"erlang", "tl", 1, bif_tl, true},
};

}  // namespace

std::span<const BifSpec> bifs_lists() { return kListsBifs; }

}  // namespace girder::vm
