// Bignums: integers outside the small range, stored on the process heap as
// header(PosBig|NegBig, n) followed by n GMP limbs (least significant first,
// no leading zero limb). Arithmetic uses GMP's mpn layer directly on those
// limbs, so no bignum ever lives in malloc'd memory.
//
// Invariant: every function here returns a small when the result fits in a
// small (normalised), so integer equality is representation equality.
// All functions allocate with p.alloc() (never collect) and follow the BIF
// error contract (kNonValue + p.fail on error, e.g. badarith, system_limit).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

// Integer arithmetic on any integers (small or big). Callers have checked that
// both arguments are integers.
Term int_add(Process& p, Term a, Term b);
Term int_sub(Process& p, Term a, Term b);
Term int_mul(Process& p, Term a, Term b);
Term int_div(Process& p, Term a, Term b);  // truncating (div); badarith on 0
Term int_rem(Process& p, Term a, Term b);  // sign of dividend (rem); badarith on 0
Term int_neg(Process& p, Term a);
Term int_band(Process& p, Term a, Term b);
Term int_bor(Process& p, Term a, Term b);
Term int_bxor(Process& p, Term a, Term b);
Term int_bnot(Process& p, Term a);
Term int_bsl(Process& p, Term a, Term shift);  // shift may be negative (= bsr)
Term int_bsr(Process& p, Term a, Term shift);
// Three-way compare of two integers: -1, 0, 1.
int int_compare(Term a, Term b);
// Integer to double (may be inf for huge values: callers check).
double int_to_double(Term a);
// Exact conversion of a finite double with no fraction to an integer.
Term int_from_double(Process& p, double d);
// Base 2..36, uppercase letters, leading '-' for negatives.
std::string int_to_string(Term a, int base = 10);
// Parse an optional sign and digits in base 2..36 (both cases). Returns
// kNonValue (without failing) if the text is not a valid integer.
Term int_from_string(Process& p, std::string_view text, int base = 10);
// If the integer fits in int64, store it and return true.
bool int_to_int64(Term a, std::int64_t& out);

}  // namespace girder::vm
