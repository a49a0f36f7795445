// Arithmetic on any numbers (small, bignum, float) with Erlang's rules: a
// float operand makes the result a float; '/' always gives a float; div, rem
// and the bitwise operators take integers only. Any non-number operand, a
// float result that is not finite, or an integer too large to convert to a
// float raises error:badarith.
//
// Error contract: each returns the result, or kNonValue after p.badarith()
// (p.system_limit() for integers beyond the bignum limit).
#pragma once

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

Term arith_add(Process& p, Term a, Term b);
Term arith_sub(Process& p, Term a, Term b);
Term arith_mul(Process& p, Term a, Term b);
Term arith_fdiv(Process& p, Term a, Term b);  // '/'
Term arith_idiv(Process& p, Term a, Term b);  // div
Term arith_rem(Process& p, Term a, Term b);
Term arith_band(Process& p, Term a, Term b);
Term arith_bor(Process& p, Term a, Term b);
Term arith_bxor(Process& p, Term a, Term b);
Term arith_bsl(Process& p, Term a, Term b);
Term arith_bsr(Process& p, Term a, Term b);
Term arith_bnot(Process& p, Term a);
Term arith_neg(Process& p, Term a);   // unary -
Term arith_plus(Process& p, Term a);  // unary +

// A number as a double. False if `t` is not a number or is an integer too
// large for a finite double.
bool number_to_double(Term t, double& out);

}  // namespace girder::vm
