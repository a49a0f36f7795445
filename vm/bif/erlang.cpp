// erlang module BIFs for exceptions, type tests, the process dictionary,
// time, references, funs and module information.
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <ctime>

#include "vm/bif/bif.h"
#include "vm/bif/registry.h"
#include "vm/exec/code.h"
#include "vm/exec/errors.h"
#include "vm/proc/process_table.h"
#include "vm/proc/scheduler.h"
#include "vm/proc/signals.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/phash.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// --- exceptions ---

Term bif_error1(Process& p, const Term* a) { return p.fail(atoms::error, a[0]); }
// error/2,3: Args (a list) stands in for the arity of the caller's frame at
// the top of the stack trace.
Term bif_error2(Process& p, const Term* a) {
  if (a[1].is_list() || a[1].is_nil()) p.set_error_args(a[1]);
  return p.fail(atoms::error, a[0]);
}
Term bif_error3(Process& p, const Term* a) { return bif_error2(p, a); }
Term bif_throw(Process& p, const Term* a) { return p.fail(atoms::throw_, a[0]); }
Term bif_exit1(Process& p, const Term* a) { return p.fail(atoms::exit, a[0]); }
Term bif_nif_error(Process& p, const Term* a) { return p.fail(atoms::error, a[0]); }

Term bif_raise(Process& p, const Term* a) {
  // A bad class or trace is not an exception: raise/3 then returns badarg.
  Term cls = a[0];
  if (cls != atoms::error && cls != atoms::exit && cls != atoms::throw_) return atoms::badarg;
  if (list_length(a[2]) < 0) return atoms::badarg;
  p.fail(cls, a[1]);
  // The interpreter builds a fresh trace for BIF errors; raise/3 keeps the
  // given one by storing it where the unwinder looks (see interp.cpp).
  p.error_stacktrace() = a[2];
  p.set_keep_stacktrace(true);
  return kNonValue;
}

Term bif_halt(Process& p, Term code) {
  std::int64_t status = 0;
  if (code.is_small()) {
    status = code.small_value();
    if (status < 0) return p.badarg();
  } else if (code == atoms::abort) {
    status = 134;
  } else if (list_length(code) >= 0) {
    // halt("message"): OTP writes a crash dump slogan; we print it and use 1.
    std::string text;
    if (!string_from_chars(code, text)) return p.badarg();
    p.vm().write_stderr(text + "\n");
    status = 1;
  } else {
    return p.badarg();
  }
  p.vm().request_halt(static_cast<int>(status & 255));
  return p.fail(atoms::halt, Term::small(status));
}
Term bif_halt0(Process& p, const Term*) { return bif_halt(p, Term::small(0)); }
Term bif_halt1(Process& p, const Term* a) { return bif_halt(p, a[0]); }
Term bif_halt2(Process& p, const Term* a) { return bif_halt(p, a[0]); }

// --- type tests ---

Term bif_size(Process& p, const Term* a) {
  if (a[0].is_tuple()) return Term::small(static_cast<SWord>(a[0].tuple_arity()));
  if (a[0].is_bitstring()) return make_integer(p, static_cast<std::int64_t>(bit_view(a[0]).bit_size / 8));
  return p.badarg();
}

Term bif_is_atom(Process&, const Term* a) { return make_bool(a[0].is_atom()); }
Term bif_is_boolean(Process&, const Term* a) { return make_bool(a[0] == kTrue || a[0] == kFalse); }
Term bif_is_binary(Process&, const Term* a) {
  return make_bool(a[0].is_bitstring() && (bit_view(a[0]).bit_size & 7) == 0);
}
Term bif_is_bitstring(Process&, const Term* a) { return make_bool(a[0].is_bitstring()); }
Term bif_is_function1(Process&, const Term* a) { return make_bool(a[0].is_function()); }
Term bif_is_function2(Process& p, const Term* a) {
  if (!a[1].is_integer()) return p.badarg();
  if (a[1].is_small() && a[1].small_value() < 0) return p.badarg();
  return make_bool(function_has_arity(a[0], a[1]));
}
Term bif_is_list(Process&, const Term* a) { return make_bool(a[0].is_list() || a[0].is_nil()); }
Term bif_is_pid(Process&, const Term* a) { return make_bool(a[0].is_pid()); }
Term bif_is_port(Process&, const Term* a) { return make_bool(a[0].is_port()); }
Term bif_is_reference(Process&, const Term* a) { return make_bool(a[0].is_ref()); }
Term bif_is_tuple(Process&, const Term* a) { return make_bool(a[0].is_tuple()); }
Term bif_is_record2(Process& p, const Term* a) {
  if (!a[1].is_atom()) return p.badarg();
  return make_bool(a[0].is_tuple() && a[0].tuple_arity() > 0 && a[0].element(0) == a[1]);
}
Term bif_is_record3(Process& p, const Term* a) {
  if (!a[1].is_atom() || !a[2].is_small()) return p.badarg();
  return make_bool(a[0].is_tuple() && a[0].tuple_arity() == static_cast<Word>(a[2].small_value()) &&
                   a[0].tuple_arity() > 0 && a[0].element(0) == a[1]);
}

// --- boolean operators (guard-safe) ---

bool as_bool(Term t, bool& out) {
  if (t == kTrue) {
    out = true;
    return true;
  }
  if (t == kFalse) {
    out = false;
    return true;
  }
  return false;
}
Term bif_and(Process& p, const Term* a) {
  bool x, y;
  if (!as_bool(a[0], x) || !as_bool(a[1], y)) return p.badarg();
  return make_bool(x && y);
}
Term bif_or(Process& p, const Term* a) {
  bool x, y;
  if (!as_bool(a[0], x) || !as_bool(a[1], y)) return p.badarg();
  return make_bool(x || y);
}
Term bif_xor(Process& p, const Term* a) {
  bool x, y;
  if (!as_bool(a[0], x) || !as_bool(a[1], y)) return p.badarg();
  return make_bool(x != y);
}
Term bif_not(Process& p, const Term* a) {
  bool x;
  if (!as_bool(a[0], x)) return p.badarg();
  return make_bool(!x);
}

// --- process dictionary ---
// Stored as alternating key, value in Process::dictionary(); keys compare
// with =:=. Small dictionaries are searched linearly and keep insertion
// order (erlang:get/0 lists them so). From kDictIndexFrom keys on, a hash
// index finds keys in constant time and erase moves the last pair into the
// hole (order is then unspecified, as OTP's hash order is).
constexpr std::size_t kDictIndexFrom = 32;

std::uint32_t dict_hash(Process& p, Term key) { return phash2_hash(p.vm(), key); }

void dict_build_index(Process& p) {
  auto& d = p.dictionary();
  auto& index = p.dict_index();
  index = std::make_unique<Process::DictIndex>();
  index->positions.reserve(d.size());
  for (std::size_t i = 0; i < d.size(); i += 2) {
    index->positions.emplace(dict_hash(p, d[i]), static_cast<std::uint32_t>(i));
  }
}

int dict_find(Process& p, Term key) {
  auto& d = p.dictionary();
  if (d.size() / 2 < kDictIndexFrom) {
    for (std::size_t i = 0; i < d.size(); i += 2) {
      if (exact_equal(d[i], key)) return static_cast<int>(i);
    }
    return -1;
  }
  if (!p.dict_index()) dict_build_index(p);
  auto [lo, hi] = p.dict_index()->positions.equal_range(dict_hash(p, key));
  for (auto it = lo; it != hi; ++it) {
    if (exact_equal(d[it->second], key)) return static_cast<int>(it->second);
  }
  return -1;
}

void dict_forget_index_entry(Process& p, Term key, std::uint32_t pos) {
  auto [lo, hi] = p.dict_index()->positions.equal_range(dict_hash(p, key));
  for (auto it = lo; it != hi; ++it) {
    if (it->second == pos) {
      p.dict_index()->positions.erase(it);
      return;
    }
  }
}

Term bif_put(Process& p, const Term* a) {
  auto& d = p.dictionary();
  int i = dict_find(p, a[0]);
  if (i >= 0) {
    Term old = d[i + 1];
    d[i + 1] = a[1];
    return old;
  }
  d.push_back(a[0]);
  d.push_back(a[1]);
  if (p.dict_index()) p.dict_index()->positions.emplace(dict_hash(p, a[0]), static_cast<std::uint32_t>(d.size() - 2));
  return atoms::undefined;
}
Term bif_get1(Process& p, const Term* a) {
  int i = dict_find(p, a[0]);
  return i >= 0 ? p.dictionary()[i + 1] : atoms::undefined;
}
Term bif_get0(Process& p, const Term*) {
  auto& d = p.dictionary();
  std::vector<Term> pairs;
  for (std::size_t i = 0; i < d.size(); i += 2) pairs.push_back(make_tuple(p, {d[i], d[i + 1]}));
  return make_list(p, pairs);
}
Term bif_get_keys0(Process& p, const Term*) {
  auto& d = p.dictionary();
  std::vector<Term> keys;
  for (std::size_t i = 0; i < d.size(); i += 2) keys.push_back(d[i]);
  return make_list(p, keys);
}
Term bif_get_keys1(Process& p, const Term* a) {
  auto& d = p.dictionary();
  std::vector<Term> keys;
  for (std::size_t i = 0; i < d.size(); i += 2) {
    if (exact_equal(d[i + 1], a[0])) keys.push_back(d[i]);
  }
  return make_list(p, keys);
}
Term bif_erase1(Process& p, const Term* a) {
  auto& d = p.dictionary();
  int i = dict_find(p, a[0]);
  if (i < 0) return atoms::undefined;
  Term old = d[i + 1];
  if (!p.dict_index()) {
    d.erase(d.begin() + i, d.begin() + i + 2);
    return old;
  }
  auto pos = static_cast<std::uint32_t>(i);
  auto last = static_cast<std::uint32_t>(d.size() - 2);
  dict_forget_index_entry(p, d[pos], pos);
  if (pos != last) {
    dict_forget_index_entry(p, d[last], last);
    d[pos] = d[last];
    d[pos + 1] = d[last + 1];
    p.dict_index()->positions.emplace(dict_hash(p, d[pos]), pos);
  }
  d.resize(last);
  if (d.size() / 2 < kDictIndexFrom / 2) p.dict_index().reset();  // small again: linear search
  return old;
}
Term bif_erase0(Process& p, const Term* a) {
  Term all = bif_get0(p, a);
  p.dictionary().clear();
  p.dict_index().reset();
  return all;
}

// --- time ---

// Native time unit is nanoseconds; monotonic time starts at a large negative
// offset as on BEAM, so it is never mistaken for system time.
constexpr std::int64_t kMonotonicOffset = -576460751000000000;

bool unit_divisor(Term unit, std::int64_t& per_second) {
  if (unit == atoms::second || unit == atoms::seconds) per_second = 1;
  else if (unit == atoms::millisecond || unit == atoms::milli_seconds) per_second = 1000;
  else if (unit == atoms::microsecond || unit == atoms::micro_seconds) per_second = 1000000;
  else if (unit == atoms::nanosecond || unit == atoms::nano_seconds || unit == atoms::native) per_second = 1000000000;
  else if (unit == atoms::perf_counter) per_second = 1000000000;
  else if (unit.is_small() && unit.small_value() > 0) per_second = unit.small_value();
  else return false;
  return true;
}

Term convert_ns(Process& p, std::int64_t ns, Term unit) {
  std::int64_t per_second;
  if (!unit_divisor(unit, per_second)) return p.badarg();
  // floor division, as erlang:convert_time_unit does for negative values
  __int128 scaled = static_cast<__int128>(ns) * per_second;
  __int128 q = scaled / 1000000000;
  if (scaled % 1000000000 != 0 && scaled < 0) --q;
  return make_integer(p, static_cast<std::int64_t>(q));
}

Term bif_monotonic_time0(Process& p, const Term*) {
  return make_integer(p, p.vm().monotonic_ns() + kMonotonicOffset);
}
Term bif_monotonic_time1(Process& p, const Term* a) {
  return convert_ns(p, p.vm().monotonic_ns() + kMonotonicOffset, a[0]);
}
Term bif_system_time0(Process& p, const Term*) { return make_integer(p, p.vm().system_ns()); }
Term bif_system_time1(Process& p, const Term* a) { return convert_ns(p, p.vm().system_ns(), a[0]); }
Term bif_timestamp(Process& p, const Term*) {
  std::int64_t us = p.vm().system_ns() / 1000;
  return make_tuple(p, {Term::small(us / 1000000000000), Term::small((us / 1000000) % 1000000), Term::small(us % 1000000)});
}
Term bif_time_offset(Process& p, const Term*) {
  return make_integer(p, p.vm().system_ns() - (p.vm().monotonic_ns() + kMonotonicOffset));
}
Term bif_convert_time_unit(Process& p, const Term* a) {
  std::int64_t from, to;
  std::int64_t v;
  if (!int_to_int64(a[0], v) || !a[0].is_integer() || !unit_divisor(a[1], from) || !unit_divisor(a[2], to)) {
    return p.badarg();
  }
  __int128 scaled = static_cast<__int128>(v) * to;
  __int128 q = scaled / from;
  if (scaled % from != 0 && scaled < 0) --q;
  return make_integer(p, static_cast<std::int64_t>(q));
}

Term date_time_tuple(Process& p, bool local, bool want_date, bool want_time) {
  std::time_t now = static_cast<std::time_t>(p.vm().system_ns() / 1000000000);
  std::tm tm{};
  if (local) {
    localtime_r(&now, &tm);
  } else {
    gmtime_r(&now, &tm);
  }
  Term date = make_tuple(p, {Term::small(tm.tm_year + 1900), Term::small(tm.tm_mon + 1), Term::small(tm.tm_mday)});
  Term time = make_tuple(p, {Term::small(tm.tm_hour), Term::small(tm.tm_min), Term::small(tm.tm_sec)});
  if (want_date && want_time) return make_tuple(p, {date, time});
  return want_date ? date : time;
}
Term bif_date(Process& p, const Term*) { return date_time_tuple(p, true, true, false); }
Term bif_time(Process& p, const Term*) { return date_time_tuple(p, true, false, true); }
Term bif_localtime(Process& p, const Term*) { return date_time_tuple(p, true, true, true); }
Term bif_universaltime(Process& p, const Term*) { return date_time_tuple(p, false, true, true); }

// --- references and unique integers ---

// erlang:crc32/1,2 and adler32/1,2 over iodata (zlib's, as OTP's).
Term checksum(Process& p, Term data, std::uint64_t start, bool adler) {
  std::string bytes;
  if (!iodata_bytes(data, bytes)) return p.badarg();
  p.charge(bytes.size() / 256);
  auto* b = reinterpret_cast<const Bytef*>(bytes.data());
  uLong value = adler ? ::adler32(static_cast<uLong>(start), b, static_cast<uInt>(bytes.size()))
                      : ::crc32(static_cast<uLong>(start), b, static_cast<uInt>(bytes.size()));
  return make_integer(p, static_cast<std::int64_t>(value));
}
bool checksum_start(Term t, std::uint64_t& out) {
  if (!t.is_small() || t.small_value() < 0 || t.small_value() > 0xFFFFFFFF) return false;
  out = static_cast<std::uint64_t>(t.small_value());
  return true;
}
Term bif_crc32_1(Process& p, const Term* a) { return checksum(p, a[0], 0, false); }
Term bif_crc32_2(Process& p, const Term* a) {
  std::uint64_t start;
  if (!checksum_start(a[0], start)) return p.badarg();
  return checksum(p, a[1], start, false);
}
Term bif_adler32_1(Process& p, const Term* a) { return checksum(p, a[0], 1, true); }
Term bif_adler32_2(Process& p, const Term* a) {
  std::uint64_t start;
  if (!checksum_start(a[0], start)) return p.badarg();
  return checksum(p, a[1], start, true);
}
Term bif_crc32_combine(Process& p, const Term* a) {
  std::uint64_t c1, c2;
  if (!checksum_start(a[0], c1) || !checksum_start(a[1], c2) || !a[2].is_small() || a[2].small_value() < 0) {
    return p.badarg();
  }
  return make_integer(p, static_cast<std::int64_t>(::crc32_combine(static_cast<uLong>(c1), static_cast<uLong>(c2),
                                                                   static_cast<z_off_t>(a[2].small_value()))));
}
Term bif_adler32_combine(Process& p, const Term* a) {
  std::uint64_t c1, c2;
  if (!checksum_start(a[0], c1) || !checksum_start(a[1], c2) || !a[2].is_small() || a[2].small_value() < 0) {
    return p.badarg();
  }
  return make_integer(p, static_cast<std::int64_t>(::adler32_combine(
                             static_cast<uLong>(c1), static_cast<uLong>(c2), static_cast<z_off_t>(a[2].small_value()))));
}

// erlang:memory/0,1. Measured: total (the OS's resident set of the VM),
// processes (every process heap's blocks and fragments, as each heap last
// published it) and atom (the atom table's entries). Not tracked apart yet:
// binary, code and ets, reported as 0 and counted inside system (total
// minus processes). docs/internals/stdlib_gaps.md lists this.
std::vector<std::pair<Term, std::int64_t>> memory_items(VM& vm) {
  std::int64_t total = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    long pages = 0, resident = 0;
    if (std::fscanf(f, "%ld %ld", &pages, &resident) == 2) total = resident * ::sysconf(_SC_PAGESIZE);
    std::fclose(f);
  }
  std::int64_t processes = 0;
  for (Word id : vm.processes().pids()) {
    if (Process* t = vm.processes().acquire(id)) {
      processes += static_cast<std::int64_t>(t->heap().footprint_words() * sizeof(Word) + sizeof(Process));
      ProcessTable::release(t);
    }
  }
  std::int64_t atom = static_cast<std::int64_t>(vm.atoms().count()) * 48;
  total = std::max(total, processes + atom);
  AtomTable& at = vm.atoms();
  return {{atoms::total, total},
          {at.intern("processes"), processes},
          {at.intern("processes_used"), processes},
          {at.intern("system"), total - processes},
          {atoms::atom, atom},
          {at.intern("atom_used"), atom},
          {atoms::binary, 0},
          {at.intern("code"), 0},
          {at.intern("ets"), 0}};
}

Term bif_memory0(Process& p, const Term*) {
  std::vector<Term> out;
  for (auto& [k, v] : memory_items(p.vm())) out.push_back(make_tuple(p, {k, make_integer(p, v)}));
  return make_list(p, out);
}

Term memory_of(Process& p, const std::vector<std::pair<Term, std::int64_t>>& items, Term k, bool& ok) {
  for (auto& [name, v] : items) {
    if (name == k) return make_integer(p, v);
  }
  ok = false;
  return kNonValue;
}

Term bif_memory1(Process& p, const Term* a) {
  auto items = memory_items(p.vm());
  bool ok = true;
  if (a[0].is_atom()) {
    Term v = memory_of(p, items, a[0], ok);
    return ok ? v : p.badarg();
  }
  std::vector<Term> out;
  for (Term l = a[0]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    Term v = memory_of(p, items, l.head(), ok);
    if (!ok) return p.badarg();
    out.push_back(make_tuple(p, {l.head(), v}));
  }
  return make_list(p, out);
}

Term bif_make_ref(Process& p, const Term*) {
  Word id = p.vm().next_ref_id();
  Word* obj = p.alloc(kRefObjectWords);
  obj[0] = make_header(BoxKind::Ref, kRefWords);
  obj[1] = id;
  obj[2] = 0;
  return Term::boxed(obj);
}
Term bif_unique_integer0(Process& p, const Term*) {
  // Like BEAM without options: unique, may be negative; ours are positive.
  return make_integer(p, p.vm().next_unique_integer());
}
Term bif_unique_integer1(Process& p, const Term* a) {
  for (Term l = a[0]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    Term o = l.head();
    if (o != atoms::positive && o != atoms::monotonic) return p.badarg();
  }
  return make_integer(p, p.vm().next_unique_integer());
}

Term bif_node0(Process&, const Term*) { return atoms::nonode_at_nohost; }
Term bif_node1(Process&, const Term*) { return atoms::nonode_at_nohost; }

// --- funs and modules ---

Term bif_make_fun(Process& p, const Term* a) {
  if (!a[0].is_atom() || !a[1].is_atom() || !a[2].is_small() || a[2].small_value() < 0 || a[2].small_value() > 255) {
    return p.badarg();
  }
  ExportEntry* e = p.vm().code().export_entry(a[0], a[1], static_cast<unsigned>(a[2].small_value()));
  Word* obj = p.alloc(kExportFunWords);
  obj[0] = make_header(BoxKind::Export, 1);
  obj[1] = reinterpret_cast<Word>(e);
  return Term::boxed(obj);
}

Term fun_info_item(Process& p, Term fun, Term item) {
  if (fun.is_box_of(BoxKind::Export)) {
    auto* e = reinterpret_cast<const ExportEntry*>(fun.box_ptr()[1]);
    if (item == atoms::module) return make_tuple(p, {item, e->module});
    if (item == atoms::name) return make_tuple(p, {item, e->function});
    if (item == atoms::arity) return make_tuple(p, {item, Term::small(e->arity)});
    if (item == atoms::env) return make_tuple(p, {item, kNil});
    if (item == atoms::type) return make_tuple(p, {item, atoms::external});
    return p.badarg();
  }
  auto* fe = reinterpret_cast<const FunEntry*>(fun.box_ptr()[1]);
  Word num_free = header_arity(fun.header()) - 1;
  if (item == atoms::module) return make_tuple(p, {item, fe->module});
  if (item == atoms::name) return make_tuple(p, {item, fe->name});
  if (item == atoms::arity) return make_tuple(p, {item, Term::small(fe->arity)});
  if (item == atoms::type) return make_tuple(p, {item, atoms::local});
  if (item == atoms::index) return make_tuple(p, {item, Term::small(static_cast<SWord>(fe->index))});
  if (item == atoms::uniq) return make_tuple(p, {item, Term::small(static_cast<SWord>(fe->uniq))});
  if (item == atoms::env) {
    std::vector<Term> env;
    for (Word i = 0; i < num_free; ++i) env.push_back(Term::from_raw(fun.box_ptr()[2 + i]));
    return make_tuple(p, {item, make_list(p, env)});
  }
  if (item == atoms::pid) return make_tuple(p, {item, p.self()});
  return p.badarg();
}
Term bif_fun_info2(Process& p, const Term* a) {
  if (!a[0].is_function() || !a[1].is_atom()) return p.badarg();
  return fun_info_item(p, a[0], a[1]);
}
Term bif_fun_info1(Process& p, const Term* a) {
  if (!a[0].is_function()) return p.badarg();
  std::vector<Term> items;
  if (a[0].is_box_of(BoxKind::Export)) {
    for (Term k : {atoms::module, atoms::name, atoms::arity, atoms::env, atoms::type}) {
      items.push_back(fun_info_item(p, a[0], k));
    }
  } else {
    for (Term k : {atoms::pid, atoms::module, atoms::new_index, atoms::new_uniq, atoms::index, atoms::uniq,
                   atoms::name, atoms::arity, atoms::env, atoms::type}) {
      if (k == atoms::new_index || k == atoms::new_uniq) {
        auto* fe = reinterpret_cast<const FunEntry*>(a[0].box_ptr()[1]);
        items.push_back(make_tuple(p, {k, Term::small(static_cast<SWord>(k == atoms::new_index ? fe->index : fe->uniq))}));
        continue;
      }
      items.push_back(fun_info_item(p, a[0], k));
    }
  }
  return make_list(p, items);
}

Term module_info_item(Process& p, Term module, Term item) {
  Module* m = p.vm().code().find_module(module);
  CodeVersion* current = m != nullptr ? m->current() : nullptr;
  if (current == nullptr) return p.badarg();
  const CodeVersion& v = *current;
  if (item == atoms::module) return module;
  if (item == atoms::exports || item == atoms::functions) {
    std::vector<Term> fs;
    if (item == atoms::exports) {
      for (const auto& [name, arity] : v.exports) fs.push_back(make_tuple(p, {name, Term::small(arity)}));
      // Functions of the module that a C++ BIF implements (ets:lookup/2
      // beside ets.erl's foldl/3) are exports too, as on OTP.
      const BifTable& bifs = p.vm().bifs();
      for (std::size_t i = 0; i < bifs.size(); ++i) {
        const BifEntry& b = bifs.at(static_cast<int>(i));
        if (b.module != module) continue;
        bool listed = std::any_of(v.exports.begin(), v.exports.end(),
                                  [&](const auto& e) { return e.first == b.name && e.second == b.arity; });
        if (!listed) fs.push_back(make_tuple(p, {b.name, Term::small(b.arity)}));
      }
    } else {
      for (const FunctionRange& f : v.functions) fs.push_back(make_tuple(p, {f.name, Term::small(f.arity)}));
    }
    return make_list(p, fs);
  }
  if (item == atoms::attributes) return make_list(p, v.attributes);
  if (item == atoms::compile) {
    return make_list(p, std::vector<Term>{make_tuple(p, {atoms::file, make_string(p, v.source_file)})});
  }
  if (item == atoms::md5) {
    return make_binary(p, std::string_view(reinterpret_cast<const char*>(v.md5.data()), v.md5.size()));
  }
  return p.badarg();
}
Term bif_get_module_info1(Process& p, const Term* a) {
  std::vector<Term> items;
  for (Term k : {atoms::module, atoms::exports, atoms::attributes, atoms::compile, atoms::md5}) {
    Term v = module_info_item(p, a[0], k);
    if (v.is_non_value()) return v;
    items.push_back(make_tuple(p, {k, v}));
  }
  return make_list(p, items);
}
Term bif_get_module_info2(Process& p, const Term* a) { return module_info_item(p, a[0], a[1]); }

Term bif_function_exported(Process& p, const Term* a) {
  if (!a[0].is_atom() || !a[1].is_atom() || !a[2].is_small()) return p.badarg();
  // OTP answers false for a module that is not loaded, but has its stdlib
  // loaded at boot while Girder loads modules on first use: so a module not
  // loaded yet is loaded first (one that cannot be found answers false).
  if (p.vm().code().find_module(a[0]) == nullptr) {
    std::string ignored;
    p.vm().code().ensure_loaded(a[0], ignored);
  }
  ExportEntry* e = p.vm().code().find_export(a[0], a[1], static_cast<unsigned>(a[2].small_value()));
  if (e == nullptr) return kFalse;
  return make_bool(p.vm().code().address(e) != nullptr || e->bif >= 0);
}
// True when a C++ BIF implements M:F/A and OTP 25 implements it as a BIF
// too: Girder also has BIFs for functions OTP writes in Erlang (io, io_lib,
// most of lists), and those answer false, as on OTP.
Term bif_is_builtin(Process& p, const Term* a) {
  if (!a[0].is_atom() || !a[1].is_atom() || !a[2].is_small() || a[2].small_value() < 0) return p.badarg();
  auto arity = static_cast<unsigned>(a[2].small_value());
  if (p.vm().bifs().find(a[0], a[1], arity) < 0) return kFalse;
  Term m = a[0];
  if (m == atoms::erlang || m == atoms::maps || m == atoms::binary || m == atoms::math || m == atoms::unicode)
    return kTrue;
  if (m == atoms::lists) {
    std::string_view f = p.vm().atoms().name(a[1]);
    return make_bool((f == "reverse" && arity == 2) || f == "member" || f == "keyfind" || f == "keymember" ||
                     f == "keysearch");
  }
  return kFalse;
}
// The items of erlang:system_info/1 that programs commonly ask about;
// anything else is badarg.
Term bif_system_info(Process& p, const Term* a) {
  Term item = a[0];
  auto atom_is = [&](Term t, std::string_view name) { return t.is_atom() && p.vm().atoms().name(t) == name; };
  if (atom_is(item, "wordsize")) return Term::small(sizeof(Word));
  if (item.is_tuple() && item.tuple_arity() == 2 && atom_is(item.element(0), "wordsize") &&
      (atom_is(item.element(1), "internal") || atom_is(item.element(1), "external")))
    return Term::small(sizeof(Word));
  if (atom_is(item, "otp_release")) return make_string(p, "25");
  if (atom_is(item, "schedulers") || atom_is(item, "schedulers_online") || atom_is(item, "logical_processors"))
    return Term::small(std::max<SWord>(1, p.vm().scheduler().thread_count()));
  if (atom_is(item, "process_count")) return Term::small(static_cast<SWord>(p.vm().processes().count()));
  if (atom_is(item, "process_limit")) return Term::small(1 << 27);
  if (atom_is(item, "atom_count")) return Term::small(static_cast<SWord>(p.vm().atoms().count()));
  return p.badarg();
}
Term bif_module_loaded(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  Module* m = p.vm().code().find_module(a[0]);
  return make_bool(m != nullptr && m->current() != nullptr);
}

// erlang:garbage_collect/0: a BIF cannot collect (it does not know which
// X registers are live), so it asks for a collection at the process's
// next heap check, which comes within a few instructions.
Term bif_garbage_collect(Process& p, const Term*) {
  p.heap().request_collection();
  return kTrue;
}

// garbage_collect(Pid[, Options]): this process as /0; another process
// collects on its own schedule (heaps are only touched by their owner), so
// the answer is whether it is alive, as OTP's. {async, RequestId} sends
// {garbage_collect, RequestId, Result} instead of returning it.
Term garbage_collect_pid(Process& p, Term pid, Term opts) {
  auto atom_is = [&](Term t, std::string_view name) { return t.is_atom() && p.vm().atoms().name(t) == name; };
  if (!pid.is_pid()) return p.badarg();
  Term request = kNonValue;
  for (; opts.is_list(); opts = opts.tail()) {
    Term o = opts.head();
    if (o.is_tuple() && o.tuple_arity() == 2 && atom_is(o.element(0), "async")) {
      request = o.element(1);
    } else if (o.is_tuple() && o.tuple_arity() == 2 && atom_is(o.element(0), "type") &&
               (atom_is(o.element(1), "major") || atom_is(o.element(1), "minor"))) {
      // Either kind: the next collection decides.
    } else {
      return p.badarg();
    }
  }
  if (!opts.is_nil()) return p.badarg();
  bool alive = pid.pid_index() == p.id() || p.vm().processes().alive(pid.pid_index());
  if (pid.pid_index() == p.id()) p.heap().request_collection();
  if (request.is_non_value()) return make_bool(alive);
  Term msg = make_tuple(p, {p.vm().atoms().intern("garbage_collect"), request, make_bool(alive)});
  send_message(p, p.self(), msg);
  return p.vm().atoms().intern("async");
}

Term bif_garbage_collect_1(Process& p, const Term* a) { return garbage_collect_pid(p, a[0], kNil); }
Term bif_garbage_collect_2(Process& p, const Term* a) { return garbage_collect_pid(p, a[0], a[1]); }

Term bif_statistics(Process& p, const Term* a) {
  using namespace std::chrono;
  if (a[0] == p.vm().atoms().intern("runtime") || a[0] == p.vm().atoms().intern("wall_clock")) {
    std::int64_t ms;
    if (a[0] == p.vm().atoms().intern("runtime")) {
      ms = static_cast<std::int64_t>(std::clock() * 1000.0 / CLOCKS_PER_SEC);
    } else {
      ms = p.vm().monotonic_ns() / 1000000;
    }
    Term& last = a[0] == p.vm().atoms().intern("runtime") ? p.last_runtime() : p.last_wall_clock();
    std::int64_t since = last.is_small() ? ms - last.small_value() : ms;
    last = Term::small(ms);
    return make_tuple(p, {make_integer(p, ms), make_integer(p, since)});
  }
  if (a[0] == p.vm().atoms().intern("reductions")) {
    return make_tuple(p, {Term::small(0), Term::small(0)});
  }
  return p.badarg();
}

constexpr BifSpec kErlangBifs[] = {
    {"erlang", "error", 1, bif_error1, false},
    {"erlang", "error", 2, bif_error2, false},
    {"erlang", "error", 3, bif_error3, false},
    {"erlang", "throw", 1, bif_throw, false},
    {"erlang", "exit", 1, bif_exit1, false},
    {"erlang", "nif_error", 1, bif_nif_error, false},
    {"erlang", "nif_error", 2, bif_nif_error, false},
    {"erlang", "raise", 3, bif_raise, false},
    {"erlang", "halt", 0, bif_halt0, false, kMayTrap},
    {"erlang", "halt", 1, bif_halt1, false, kMayTrap},
    {"erlang", "halt", 2, bif_halt2, false, kMayTrap},
    {"erlang", "size", 1, bif_size, true},
    {"erlang", "is_atom", 1, bif_is_atom, true},
    {"erlang", "is_boolean", 1, bif_is_boolean, true},
    {"erlang", "is_binary", 1, bif_is_binary, true},
    {"erlang", "is_bitstring", 1, bif_is_bitstring, true},
    {"erlang", "is_function", 1, bif_is_function1, true},
    {"erlang", "is_function", 2, bif_is_function2, true},
    {"erlang", "is_list", 1, bif_is_list, true},
    {"erlang", "is_pid", 1, bif_is_pid, true},
    {"erlang", "is_port", 1, bif_is_port, true},
    {"erlang", "is_reference", 1, bif_is_reference, true},
    {"erlang", "is_tuple", 1, bif_is_tuple, true},
    {"erlang", "is_record", 2, bif_is_record2, true},
    {"erlang", "is_record", 3, bif_is_record3, true},
    {"erlang", "and", 2, bif_and, true},
    {"erlang", "or", 2, bif_or, true},
    {"erlang", "xor", 2, bif_xor, true},
    {"erlang", "not", 1, bif_not, true},
    {"erlang", "put", 2, bif_put, false},
    {"erlang", "get", 1, bif_get1, false},
    {"erlang", "get", 0, bif_get0, false},
    {"erlang", "get_keys", 0, bif_get_keys0, false},
    {"erlang", "get_keys", 1, bif_get_keys1, false},
    {"erlang", "erase", 1, bif_erase1, false},
    {"erlang", "erase", 0, bif_erase0, false},
    {"erlang", "monotonic_time", 0, bif_monotonic_time0, false},
    {"erlang", "monotonic_time", 1, bif_monotonic_time1, false},
    {"erlang", "system_time", 0, bif_system_time0, false},
    {"erlang", "system_time", 1, bif_system_time1, false},
    {"os", "system_time", 0, bif_system_time0, false},
    {"os", "system_time", 1, bif_system_time1, false},
    {"erlang", "timestamp", 0, bif_timestamp, false},
    {"os", "timestamp", 0, bif_timestamp, false},
    {"erlang", "time_offset", 0, bif_time_offset, false},
    {"erlang", "convert_time_unit", 3, bif_convert_time_unit, false},
    {"erlang", "date", 0, bif_date, false},
    {"erlang", "time", 0, bif_time, false},
    {"erlang", "localtime", 0, bif_localtime, false},
    {"erlang", "universaltime", 0, bif_universaltime, false},
    {"erlang", "make_ref", 0, bif_make_ref, false},
    {"erlang", "memory", 0, bif_memory0, false},
    {"erlang", "memory", 1, bif_memory1, false},
    {"erlang", "crc32", 1, bif_crc32_1, false},
    {"erlang", "crc32", 2, bif_crc32_2, false},
    {"erlang", "crc32_combine", 3, bif_crc32_combine, false},
    {"erlang", "adler32", 1, bif_adler32_1, false},
    {"erlang", "adler32", 2, bif_adler32_2, false},
    {"erlang", "adler32_combine", 3, bif_adler32_combine, false},
    {"erlang", "unique_integer", 0, bif_unique_integer0, false},
    {"erlang", "unique_integer", 1, bif_unique_integer1, false},
    {"erlang", "node", 0, bif_node0, true},
    {"erlang", "node", 1, bif_node1, true},
    {"erlang", "make_fun", 3, bif_make_fun, false},
    {"erlang", "fun_info", 1, bif_fun_info1, false},
    {"erlang", "fun_info", 2, bif_fun_info2, false},
    {"erlang", "get_module_info", 1, bif_get_module_info1, false},
    {"erlang", "get_module_info", 2, bif_get_module_info2, false},
    {"erlang", "function_exported", 3, bif_function_exported, false},
    {"erlang", "is_builtin", 3, bif_is_builtin, false},
    {"erlang", "system_info", 1, bif_system_info, false},
    {"erlang", "module_loaded", 1, bif_module_loaded, false},
    {"erlang", "garbage_collect", 0, bif_garbage_collect, false},
    {"erlang", "garbage_collect", 1, bif_garbage_collect_1, false},
    {"erlang", "garbage_collect", 2, bif_garbage_collect_2, false},
    {"erlang", "statistics", 1, bif_statistics, false},
};

}  // namespace

std::span<const BifSpec> bifs_erlang() { return kErlangBifs; }

}  // namespace girder::vm
