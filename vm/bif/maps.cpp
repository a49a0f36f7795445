// Map BIFs: erlang:map_size/is_map/is_map_key/map_get and the maps module's
// C++ half (the fun-taking ones, fold/map/filter..., are Erlang in
// stdlib/maps.erl). Error reasons are OTP 25's: {badmap, M} for a non-map,
// {badkey, K} for a missing key, badarg for malformed lists and iterators.
#include <vector>

#include "vm/bif/bif.h"
#include "vm/term/build.h"
#include "vm/term/map.h"

namespace girder::vm {

namespace {

Term badmap(Process& p, Term m) { return p.fail(atoms::error, make_tuple(p, {atoms::badmap, m})); }
Term badkey(Process& p, Term k) { return p.fail(atoms::error, make_tuple(p, {atoms::badkey, k})); }

Term bif_is_map(Process&, const Term* a) { return make_bool(a[0].is_map()); }

Term bif_map_size(Process& p, const Term* a) {
  if (!a[0].is_map()) return badmap(p, a[0]);
  return Term::small(static_cast<SWord>(map_size(a[0])));
}

// is_map_key(Key, Map)
Term bif_is_map_key(Process& p, const Term* a) {
  if (!a[1].is_map()) return badmap(p, a[1]);
  return make_bool(map_get(a[1], a[0]).is_value());
}

// map_get(Key, Map) and maps:get/2
Term bif_map_get(Process& p, const Term* a) {
  if (!a[1].is_map()) return badmap(p, a[1]);
  Term v = map_get(a[1], a[0]);
  return v.is_value() ? v : badkey(p, a[0]);
}

// maps:get(Key, Map, Default)
Term bif_maps_get3(Process& p, const Term* a) {
  if (!a[1].is_map()) return badmap(p, a[1]);
  Term v = map_get(a[1], a[0]);
  return v.is_value() ? v : a[2];
}

Term bif_maps_find(Process& p, const Term* a) {
  if (!a[1].is_map()) return badmap(p, a[1]);
  Term v = map_get(a[1], a[0]);
  return v.is_value() ? make_tuple(p, {atoms::ok, v}) : atoms::error;
}

// maps:put(Key, Value, Map)
Term bif_maps_put(Process& p, const Term* a) {
  if (!a[2].is_map()) return badmap(p, a[2]);
  return map_put(p, a[2], a[0], a[1]);
}

Term bif_maps_update(Process& p, const Term* a) {
  if (!a[2].is_map()) return badmap(p, a[2]);
  Term r = map_update(p, a[2], a[0], a[1]);
  return r.is_value() ? r : badkey(p, a[0]);
}

Term bif_maps_remove(Process& p, const Term* a) {
  if (!a[1].is_map()) return badmap(p, a[1]);
  return map_remove(p, a[1], a[0]);
}

Term bif_maps_take(Process& p, const Term* a) {
  if (!a[1].is_map()) return badmap(p, a[1]);
  Term v = map_get(a[1], a[0]);
  if (v.is_non_value()) return atoms::error;
  return make_tuple(p, {v, map_remove(p, a[1], a[0])});
}

Term bif_maps_keys(Process& p, const Term* a) {
  if (!a[0].is_map()) return badmap(p, a[0]);
  return map_keys_list(p, a[0]);
}

Term bif_maps_values(Process& p, const Term* a) {
  if (!a[0].is_map()) return badmap(p, a[0]);
  return map_values_list(p, a[0]);
}

Term bif_maps_to_list(Process& p, const Term* a) {
  if (!a[0].is_map()) return badmap(p, a[0]);
  return map_to_list(p, a[0]);
}

// maps:from_list([{K, V}]): badarg unless a proper list of 2-tuples.
Term bif_maps_from_list(Process& p, const Term* a) {
  std::vector<Term> keys, values;
  Term l = a[0];
  for (; l.is_list(); l = l.tail()) {
    Term t = l.head();
    if (!t.is_tuple() || t.tuple_arity() != 2) return p.badarg();
    keys.push_back(t.element(0));
    values.push_back(t.element(1));
  }
  if (!l.is_nil()) return p.badarg();
  return map_from_pairs(p, keys, values);
}

// maps:from_keys(Keys, Value)
Term bif_maps_from_keys(Process& p, const Term* a) {
  std::vector<Term> keys;
  Term l = a[0];
  for (; l.is_list(); l = l.tail()) keys.push_back(l.head());
  if (!l.is_nil()) return p.badarg();
  std::vector<Term> values(keys.size(), a[1]);
  return map_from_pairs(p, keys, values);
}

Term bif_maps_merge(Process& p, const Term* a) {
  if (!a[0].is_map()) return badmap(p, a[0]);
  if (!a[1].is_map()) return badmap(p, a[1]);
  return map_merge(p, a[0], a[1]);
}

Term bif_maps_new(Process& p, const Term*) { return map_new(p); }

Term bif_maps_iterator(Process& p, const Term* a) {
  if (!a[0].is_map()) return badmap(p, a[0]);
  return make_cons(p, Term::small(0), a[0]);
}

// maps:next(Iterator): {K, V, Next} | none. A pre-fetched {K, V, Next} is
// returned as it is; [Path | Map] fetches the next batch.
Term bif_maps_next(Process& p, const Term* a) {
  Term it = a[0];
  if (it == atoms::none) return atoms::none;
  if (it.is_tuple() && it.tuple_arity() == 3) return it;
  if (it.is_list()) {
    Term path = it.head(), map = it.tail();
    if ((path.is_small() || path.is_list()) && map.is_map()) {
      Term r = map_iterator_next(p, path, map);
      if (r.is_value()) return r;
    }
  }
  return p.badarg();
}

constexpr BifSpec kMapsBifs[] = {
    {"erlang", "is_map", 1, bif_is_map, true},
    {"erlang", "map_size", 1, bif_map_size, true},
    {"erlang", "is_map_key", 2, bif_is_map_key, true},
    {"erlang", "map_get", 2, bif_map_get, true},
    {"maps", "get", 2, bif_map_get, false},
    {"maps", "get", 3, bif_maps_get3, false},
    {"maps", "find", 2, bif_maps_find, false},
    {"maps", "put", 3, bif_maps_put, false},
    {"maps", "update", 3, bif_maps_update, false},
    {"maps", "remove", 2, bif_maps_remove, false},
    {"maps", "take", 2, bif_maps_take, false},
    {"maps", "is_key", 2, bif_is_map_key, false},
    {"maps", "keys", 1, bif_maps_keys, false},
    {"maps", "values", 1, bif_maps_values, false},
    {"maps", "to_list", 1, bif_maps_to_list, false},
    {"maps", "from_list", 1, bif_maps_from_list, false},
    {"maps", "from_keys", 2, bif_maps_from_keys, false},
    {"maps", "merge", 2, bif_maps_merge, false},
    {"maps", "new", 0, bif_maps_new, false},
    {"maps", "size", 1, bif_map_size, false},
    {"maps", "iterator", 1, bif_maps_iterator, false},
    {"maps", "next", 1, bif_maps_next, false},
};

}  // namespace

std::span<const BifSpec> bifs_maps() { return kMapsBifs; }

}  // namespace girder::vm
