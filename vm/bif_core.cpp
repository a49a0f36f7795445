// Core erlang BIFs for terms: type conversions on tuples/lists/atoms.
#include "vm/bif.h"
#include "vm/build.h"

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

constexpr BifSpec kCoreBifs[] = {
    {"erlang", "self", 0, bif_self, true},
    {"erlang", "tuple_size", 1, bif_tuple_size, true},
    {"erlang", "length", 1, bif_length, true},
};

}  // namespace

std::span<const BifSpec> bifs_core() { return kCoreBifs; }

}  // namespace girder::vm
