// Term order and equality.
//
// Invariants:
// * Nothing here recurses on term structure: compound terms push their parts
//   onto an explicit stack of pending pairs, so a 10-million-element list or
//   a deeply nested term costs heap memory, never C++ stack. Lists push the
//   tail pair before the head pair, so a flat list keeps the stack at a few
//   entries.
// * Each pending pair carries its own `exact` flag because map keys are always
//   compared exactly, even under ==.
// * Integer/float comparison is exact (no rounding through double), matching
//   BEAM: 2^60 + 1 > 2^60 as a float.
#include "vm/term/compare.h"

#include <gmp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <vector>

#include "vm/exec/code.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// Rank of each type in the term order.
enum Rank : int {
  kRankNumber, kRankAtom, kRankRef, kRankFun, kRankPort, kRankPid,
  kRankTuple, kRankMap, kRankNil, kRankList, kRankBits, kRankOther
};

int rank(Term t) {
  switch (t.primary()) {
    case PrimaryTag::List: return kRankList;
    case PrimaryTag::Immed1:
      if (t.is_small()) return kRankNumber;
      if (t.is_atom()) return kRankAtom;
      if (t.is_nil()) return kRankNil;
      if (t.is_pid()) return kRankPid;
      if (t.is_port()) return kRankPort;
      return kRankOther;
    case PrimaryTag::Boxed:
      switch (t.box_kind()) {
        case BoxKind::Tuple: return kRankTuple;
        case BoxKind::PosBig:
        case BoxKind::NegBig:
        case BoxKind::Float: return kRankNumber;
        case BoxKind::Ref: return kRankRef;
        case BoxKind::Fun:
        case BoxKind::Export: return kRankFun;
        case BoxKind::Map:
        case BoxKind::HashMap: return kRankMap;
        case BoxKind::HeapBin:
        case BoxKind::RefcBin:
        case BoxKind::SubBin: return kRankBits;
        case BoxKind::ExtPid: return kRankPid;
        default: return kRankOther;
      }
    default: return kRankOther;
  }
}

inline int sign3(SWord x, SWord y) { return x < y ? -1 : (x > y ? 1 : 0); }
inline int usign3(Word x, Word y) { return x < y ? -1 : (x > y ? 1 : 0); }

// A bignum against a double with no fractional part.
int big_vs_integral(Term big, double f) {
  const Word* o = big.box_ptr();
  bool ineg = header_kind(o[0]) == BoxKind::NegBig;
  bool fneg = f < 0;
  if (ineg != fneg) return ineg ? -1 : 1;
  double m = std::fabs(f);
  // |f| as limbs: at most 2^1024, i.e. 17 limbs.
  mp_limb_t limbs[18] = {};
  mp_size_t n = 0;
  if (m < 18446744073709551616.0) {
    limbs[0] = static_cast<mp_limb_t>(m);
    n = limbs[0] != 0;
  } else {
    int exp;
    double frac = std::frexp(m, &exp);
    auto mant = static_cast<std::uint64_t>(std::ldexp(frac, 53));
    int shift = exp - 53;  // >= 11 here
    int limb = shift / 64, bit = shift % 64;
    limbs[limb] = mant << bit;
    if (bit != 0) limbs[limb + 1] = mant >> (64 - bit);
    n = limb + 2;
    while (n > 0 && limbs[n - 1] == 0) --n;
  }
  auto bn = static_cast<mp_size_t>(header_arity(o[0]));
  int c;
  if (bn != n) c = bn < n ? -1 : 1;
  else {
    int r = mpn_cmp(reinterpret_cast<const mp_limb_t*>(o + 1), limbs, n);
    c = r < 0 ? -1 : (r > 0 ? 1 : 0);
  }
  return ineg ? -c : c;
}

// An integer against a (finite) double, exactly.
int int_vs_double(Term i, double f) {
  if (i.is_small()) {
    SWord v = i.small_value();
    auto dv = static_cast<double>(v);
    if (dv < f) return -1;
    if (dv > f) return 1;
    // dv == f: f is integral and within the small range, so exact in int64.
    return sign3(v, static_cast<SWord>(f));
  }
  double fl = std::floor(f);
  int c = big_vs_integral(i, fl);
  if (c != 0) return c;
  return f > fl ? -1 : 0;
}

int compare_numbers(Term a, Term b, bool exact) {
  bool af = a.is_float(), bf = b.is_float();
  if (!af && !bf) return int_compare(a, b);
  if (af && bf) {
    double x = a.float_value(), y = b.float_value();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (exact) return af ? 1 : -1;  // every integer before every float
  if (af) return -int_vs_double(b, a.float_value());
  return int_vs_double(a, b.float_value());
}

// Bit i (0 = first) of a bitstring view.
inline unsigned bit_at(const BitView& v, Word i) {
  Word pos = v.bit_offset + i;
  return (v.data[pos >> 3] >> (7 - (pos & 7))) & 1u;
}

// Byte starting at bit 8*k of a view (the view must hold those 8 bits).
inline unsigned byte_at(const BitView& v, Word k) {
  if (v.bit_offset == 0) return v.data[k];
  unsigned hi = v.data[k] << v.bit_offset;
  unsigned lo = v.data[k + 1] >> (8 - v.bit_offset);
  return (hi | lo) & 0xFF;
}

int compare_bits(Term a, Term b) {
  BitView x = bit_view(a), y = bit_view(b);
  Word common = std::min(x.bit_size, y.bit_size);
  Word bytes = common / 8;
  if (x.bit_offset == 0 && y.bit_offset == 0) {
    if (bytes > 0) {
      int c = std::memcmp(x.data, y.data, bytes);
      if (c != 0) return c < 0 ? -1 : 1;
    }
  } else {
    for (Word k = 0; k < bytes; ++k) {
      unsigned p = byte_at(x, k), q = byte_at(y, k);
      if (p != q) return p < q ? -1 : 1;
    }
  }
  for (Word i = bytes * 8; i < common; ++i) {
    unsigned p = bit_at(x, i), q = bit_at(y, i);
    if (p != q) return p < q ? -1 : 1;
  }
  return usign3(x.bit_size, y.bit_size);
}

int compare_atoms(const VM& vm, Term a, Term b) {
  if (a == b) return 0;
  std::string_view x = vm.atoms().name(a), y = vm.atoms().name(b);
  int c = x.compare(y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare_refs(Term a, Term b) {
  const Word* x = a.box_ptr();
  const Word* y = b.box_ptr();
  // The last id word is the most significant: later refs compare greater.
  for (Word i = kRefWords; i >= 1; --i) {
    if (x[i] != y[i]) return usign3(x[i], y[i]);
  }
  return 0;
}

struct Pending {
  Term a, b;
  bool exact;
};

// A stack that lives inline for the common shallow case.
class PendingStack {
 public:
  void push(Term a, Term b, bool exact) {
    if (size_ < kInline) inline_[size_] = {a, b, exact};
    else spill_.push_back({a, b, exact});
    ++size_;
  }
  bool empty() const { return size_ == 0; }
  Pending pop() {
    --size_;
    if (size_ < kInline) return inline_[size_];
    Pending top = spill_.back();
    spill_.pop_back();
    return top;
  }

 private:
  static constexpr std::size_t kInline = 32;
  Pending inline_[kInline];
  std::size_t size_ = 0;
  std::vector<Pending> spill_;
};

// Pushes free variables / elements in reverse so the first pops first.
void push_range(PendingStack& st, const Word* x, const Word* y, Word count, bool exact) {
  for (Word i = count; i-- > 0;) {
    if (x[i] != y[i]) st.push(Term::from_raw(x[i]), Term::from_raw(y[i]), exact);
  }
}

int compare_funs(const VM& vm, Term a, Term b, bool exact, PendingStack& st) {
  bool ax = a.box_kind() == BoxKind::Export, bx = b.box_kind() == BoxKind::Export;
  if (ax != bx) return ax ? 1 : -1;  // local funs before export funs
  const Word* x = a.box_ptr();
  const Word* y = b.box_ptr();
  if (ax) {
    const auto* ea = reinterpret_cast<const ExportEntry*>(x[1]);
    const auto* eb = reinterpret_cast<const ExportEntry*>(y[1]);
    if (ea == eb) return 0;
    if (int c = compare_atoms(vm, ea->module, eb->module)) return c;
    if (int c = compare_atoms(vm, ea->function, eb->function)) return c;
    return usign3(ea->arity, eb->arity);
  }
  const auto* fa = reinterpret_cast<const FunEntry*>(x[1]);
  const auto* fb = reinterpret_cast<const FunEntry*>(y[1]);
  if (fa != fb) {
    if (int c = compare_atoms(vm, fa->module, fb->module)) return c;
    if (int c = usign3(fa->index, fb->index)) return c;
    if (int c = usign3(fa->uniq, fb->uniq)) return c;
  }
  Word na = header_arity(x[0]) - 1, nb = header_arity(y[0]) - 1;
  if (na != nb) return usign3(na, nb);
  push_range(st, x + 2, y + 2, na, exact);
  return 0;
}

// Compares one pair shallowly, pushing parts of compound terms. Returns the
// order if it is decided by this pair alone, else 0.
int step(const VM& vm, Term a, Term b, bool exact, PendingStack& st) {
  int ra = rank(a), rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case kRankNumber:
      if (a.is_small() && b.is_small()) return sign3(a.small_value(), b.small_value());
      return compare_numbers(a, b, exact);
    case kRankAtom: return compare_atoms(vm, a, b);
    case kRankRef: return compare_refs(a, b);
    case kRankFun: return compare_funs(vm, a, b, exact, st);
    case kRankPort: return usign3(a.port_index(), b.port_index());
    case kRankPid: {
      // Local pids before external ones (reserved for distribution).
      bool ae = !a.is_pid(), be = !b.is_pid();
      if (ae != be) return ae ? 1 : -1;
      if (!ae) return usign3(a.pid_index(), b.pid_index());
      return 0;
    }
    case kRankTuple: {
      Word na = a.tuple_arity(), nb = b.tuple_arity();
      if (na != nb) return usign3(na, nb);
      push_range(st, a.box_ptr() + 1, b.box_ptr() + 1, na, exact);
      return 0;
    }
    case kRankMap: {
      if (a.box_kind() == BoxKind::HashMap || b.box_kind() == BoxKind::HashMap)
        return hashmap_compare(vm, a, b, exact);
      const Word* x = a.box_ptr();
      const Word* y = b.box_ptr();
      if (x[1] != y[1]) return usign3(x[1], y[1]);
      // Values in key order (pushed first, popped last), then the keys.
      push_range(st, x + 3, y + 3, x[1], exact);
      if (x[2] != y[2]) st.push(Term::from_raw(x[2]), Term::from_raw(y[2]), true);
      return 0;
    }
    case kRankNil: return 0;
    case kRankList:
      st.push(a.tail(), b.tail(), exact);
      st.push(a.head(), b.head(), exact);
      return 0;
    case kRankBits: return compare_bits(a, b);
    default: return usign3(a.raw(), b.raw());
  }
}

int compare(const VM& vm, Term a, Term b, bool exact) {
  if (a == b) return 0;
  PendingStack st;
  st.push(a, b, exact);
  while (!st.empty()) {
    Pending next = st.pop();
    if (next.a == next.b) continue;
    int c = step(vm, next.a, next.b, next.exact, st);
    if (c != 0) return c;
  }
  return 0;
}

// Structural equality of one pair; pushes parts of compound terms. False when
// the pair already differs.
bool equal_step(Term a, Term b, PendingStack& st) {
  if (a.primary() != b.primary()) return false;
  switch (a.primary()) {
    case PrimaryTag::List:
      st.push(a.tail(), b.tail(), true);
      st.push(a.head(), b.head(), true);
      return true;
    case PrimaryTag::Boxed: break;
    default: return false;  // distinct immediates
  }
  const Word* x = a.box_ptr();
  const Word* y = b.box_ptr();
  BoxKind k = header_kind(x[0]);
  BoxKind kb = header_kind(y[0]);
  if (k != kb) {
    bool xb = k == BoxKind::HeapBin || k == BoxKind::RefcBin || k == BoxKind::SubBin;
    bool yb = kb == BoxKind::HeapBin || kb == BoxKind::RefcBin || kb == BoxKind::SubBin;
    return xb && yb && compare_bits(a, b) == 0;
  }
  switch (k) {
    case BoxKind::Float: return a.float_value() == b.float_value();  // 0.0 =:= -0.0
    case BoxKind::PosBig:
    case BoxKind::NegBig:
    case BoxKind::Ref:
      return x[0] == y[0] && std::memcmp(x + 1, y + 1, header_arity(x[0]) * sizeof(Word)) == 0;
    case BoxKind::Tuple:
      if (x[0] != y[0]) return false;
      push_range(st, x + 1, y + 1, header_arity(x[0]), true);
      return true;
    case BoxKind::Map:
      if (x[1] != y[1]) return false;
      push_range(st, x + 3, y + 3, x[1], true);
      if (x[2] != y[2]) st.push(Term::from_raw(x[2]), Term::from_raw(y[2]), true);
      return true;
    case BoxKind::HashMap: {
      // Equal key sets give identical trie shapes (the trie is canonical),
      // so equality is structural: raw words equal, term words =:=.
      if (x[0] != y[0]) return false;
      Word first, last;
      boxed_term_range(x[0], first, last);
      for (Word i = 1; i < first; ++i)
        if (x[i] != y[i]) return false;
      push_range(st, x + first, y + first, last - first, true);
      return true;
    }
    case BoxKind::Export: {
      if (x[1] == y[1]) return true;
      const auto* ea = reinterpret_cast<const ExportEntry*>(x[1]);
      const auto* eb = reinterpret_cast<const ExportEntry*>(y[1]);
      return ea->module == eb->module && ea->function == eb->function && ea->arity == eb->arity;
    }
    case BoxKind::Fun: {
      if (x[0] != y[0]) return false;
      const auto* fa = reinterpret_cast<const FunEntry*>(x[1]);
      const auto* fb = reinterpret_cast<const FunEntry*>(y[1]);
      if (fa != fb && (fa->module != fb->module || fa->index != fb->index || fa->uniq != fb->uniq))
        return false;
      push_range(st, x + 2, y + 2, header_arity(x[0]) - 1, true);
      return true;
    }
    case BoxKind::HeapBin:
    case BoxKind::RefcBin:
    case BoxKind::SubBin: return compare_bits(a, b) == 0;
    default: return false;
  }
}

}  // namespace

int compare_terms(const VM& vm, Term a, Term b) { return compare(vm, a, b, false); }

int compare_terms_exact(const VM& vm, Term a, Term b) { return compare(vm, a, b, true); }

bool exact_equal(Term a, Term b) {
  if (a == b) return true;
  if (a.is_immediate() || b.is_immediate()) return false;
  PendingStack st;
  st.push(a, b, true);
  while (!st.empty()) {
    Pending next = st.pop();
    if (next.a == next.b) continue;
    if (!equal_step(next.a, next.b, st)) return false;
  }
  return true;
}

bool arith_equal(const VM& vm, Term a, Term b) {
  if (a == b) return true;
  if (a.is_small() && b.is_small()) return false;
  return compare(vm, a, b, false) == 0;
}

}  // namespace girder::vm
