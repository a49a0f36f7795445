// Term order and equality, exactly as Erlang defines them:
//   number < atom < reference < fun < port < pid < tuple < map < [] < list < bitstring
// Integers and floats compare by value (1 == 1.0, 1 < 1.5); for =:= they
// differ (1 =/= 1.0). Tuples compare by size, then elementwise; maps by size,
// then keys in term order (with =:= key order: integers before floats), then
// values; lists elementwise; bitstrings bytewise then by length; atoms by text.
// Under the exact order (map keys, =:=) every integer sorts before every
// float, whatever their values: maps:keys(#{1.5 => a, 2 => b}) is [2, 1.5].
// Local funs sort before export funs. 0.0 =:= -0.0 holds (as in OTP 25).
#pragma once

#include "vm/term/term.h"

namespace girder::vm {

class VM;

// -1, 0 or 1 under Erlang's term order with arithmetic equality (==).
int compare_terms(const VM& vm, Term a, Term b);
// Term order where 1 and 1.0 are distinct (used for map keys and =:=):
// all integers sort before all floats.
int compare_terms_exact(const VM& vm, Term a, Term b);
// =:= (structural, exact).
bool exact_equal(Term a, Term b);
// == (numbers compared by value).
bool arith_equal(const VM& vm, Term a, Term b);

// Order of two maps when at least one is a large map (BoxKind::HashMap):
// size first, then keys in exact order, then values in key order (values
// compared exactly when `exact`, else with ==). Defined by the maps code.
int hashmap_compare(const VM& vm, Term a, Term b, bool exact);

}  // namespace girder::vm
