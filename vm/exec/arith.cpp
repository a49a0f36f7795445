// Generic arithmetic: dispatch on small / bignum / float, per Erlang's rules.
// The interpreter inlines small+small cases; these are its fallbacks and the
// bodies of the erlang:'+'/2 family of BIFs.
#include "vm/exec/arith.h"

#include <cmath>

#include "vm/term/bignum.h"
#include "vm/term/build.h"

namespace girder::vm {

bool number_to_double(Term t, double& out) {
  if (t.is_small()) {
    out = static_cast<double>(t.small_value());
    return true;
  }
  if (t.is_float()) {
    out = t.float_value();
    return true;
  }
  if (t.is_bignum()) {
    out = int_to_double(t);
    return std::isfinite(out);
  }
  return false;
}

namespace {

enum class FloatOp { Add, Sub, Mul, Div };

// Both operands are numbers and at least one is a float (or '/').
Term float_op(Process& p, Term a, Term b, FloatOp op) {
  double x, y;
  if (!number_to_double(a, x) || !number_to_double(b, y)) return p.badarith();
  double r;
  switch (op) {
    case FloatOp::Add: r = x + y; break;
    case FloatOp::Sub: r = x - y; break;
    case FloatOp::Mul: r = x * y; break;
    case FloatOp::Div:
      if (y == 0.0) return p.badarith();
      r = x / y;
      break;
  }
  if (!std::isfinite(r)) return p.badarith();
  return make_float(p, r);
}

using IntFn = Term (*)(Process&, Term, Term);

inline Term mixed(Process& p, Term a, Term b, IntFn int_fn, FloatOp op) {
  if (a.is_integer() && b.is_integer()) return int_fn(p, a, b);
  if (!a.is_number() || !b.is_number()) return p.badarith();
  return float_op(p, a, b, op);
}

inline Term integers_only(Process& p, Term a, Term b, IntFn int_fn) {
  if (!a.is_integer() || !b.is_integer()) return p.badarith();
  return int_fn(p, a, b);
}

}  // namespace

Term arith_add(Process& p, Term a, Term b) {
  if (a.is_small() && b.is_small()) return make_integer(p, a.small_value() + b.small_value());
  return mixed(p, a, b, int_add, FloatOp::Add);
}

Term arith_sub(Process& p, Term a, Term b) {
  if (a.is_small() && b.is_small()) return make_integer(p, a.small_value() - b.small_value());
  return mixed(p, a, b, int_sub, FloatOp::Sub);
}

Term arith_mul(Process& p, Term a, Term b) { return mixed(p, a, b, int_mul, FloatOp::Mul); }

Term arith_fdiv(Process& p, Term a, Term b) {
  if (!a.is_number() || !b.is_number()) return p.badarith();
  return float_op(p, a, b, FloatOp::Div);
}

Term arith_idiv(Process& p, Term a, Term b) { return integers_only(p, a, b, int_div); }
Term arith_rem(Process& p, Term a, Term b) { return integers_only(p, a, b, int_rem); }
Term arith_band(Process& p, Term a, Term b) { return integers_only(p, a, b, int_band); }
Term arith_bor(Process& p, Term a, Term b) { return integers_only(p, a, b, int_bor); }
Term arith_bxor(Process& p, Term a, Term b) { return integers_only(p, a, b, int_bxor); }
Term arith_bsl(Process& p, Term a, Term b) { return integers_only(p, a, b, int_bsl); }
Term arith_bsr(Process& p, Term a, Term b) { return integers_only(p, a, b, int_bsr); }

Term arith_bnot(Process& p, Term a) {
  if (!a.is_integer()) return p.badarith();
  return int_bnot(p, a);
}

Term arith_neg(Process& p, Term a) {
  if (a.is_integer()) return int_neg(p, a);
  if (a.is_float()) return make_float(p, -a.float_value());
  return p.badarith();
}

Term arith_plus(Process& p, Term a) {
  if (!a.is_number()) return p.badarith();
  return a;
}

}  // namespace girder::vm
