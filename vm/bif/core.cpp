// Core erlang BIFs for terms: type conversions on tuples/lists/atoms.
#include "vm/bif/bif.h"
#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/proc/process.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

Term bif_self(Process& p, const Term*) { return p.self(); }

Term bif_tuple_size(Process& p, const Term* a) {
  if (!a[0].is_tuple()) return p.badarg();
  return Term::small(static_cast<SWord>(a[0].tuple_arity()));
}

Term bif_length(Process& p, const Term* a) {
  std::int64_t n = list_length(a[0]);
  if (n < 0) return p.badarg();
  return Term::small(n);
}

// length/1 reached as a call (apply, fun erlang:length/1): a long list is
// counted in slices of kJobSliceUnits cells, continuing in
// erlang:'$length'(Whole, Rest, CountSoFar).
Term count_cells(Process& p, Term whole, Term rest, Word n, bool continuing) {
  Word k = 0;
  while (rest.is_list() && k < kJobSliceUnits) {
    rest = rest.tail();
    ++k;
  }
  p.charge(k / 10);
  n += k;
  VM& vm = p.vm();
  if (rest.is_list()) {
    return p.trap(vm.code().export_entry(atoms::erlang, vm.atoms().intern("$length"), 3),
                  {whole, rest, Term::small(static_cast<SWord>(n))});
  }
  if (!rest.is_nil()) {
    if (!continuing) return p.badarg();
    return p.fail_as(vm.code().export_entry(atoms::erlang, atoms::length, 1), atoms::error, atoms::badarg);
  }
  return Term::small(static_cast<SWord>(n));
}

Term bif_length_call(Process& p, const Term* a) { return count_cells(p, a[0], a[0], 0, false); }

Term bif_length_continue(Process& p, const Term* a) {
  if (!a[2].is_small() || a[2].small_value() < 0) return p.badarg();
  return count_cells(p, a[0], a[1], static_cast<Word>(a[2].small_value()), true);
}

constexpr BifSpec kCoreBifs[] = {
    {"erlang", "self", 0, bif_self, true},
    {"erlang", "tuple_size", 1, bif_tuple_size, true},
    {"erlang", "length", 1, bif_length, true, false, bif_length_call},
    {"erlang", "$length", 3, bif_length_continue, false},
};

}  // namespace

std::span<const BifSpec> bifs_core() { return kCoreBifs; }

}  // namespace girder::vm
