// erlang BIFs on numbers: the operators as functions (so `fun erlang:'+'/2`
// and apply work), comparisons, rounding, conversions to and from text, and
// the number type tests.
#include <cmath>
#include <string>

#include "vm/bif/bif.h"
#include "vm/exec/arith.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/text/float_format.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// --- operators ---
Term bif_add(Process& p, const Term* a) { return arith_add(p, a[0], a[1]); }
Term bif_sub(Process& p, const Term* a) { return arith_sub(p, a[0], a[1]); }
Term bif_mul(Process& p, const Term* a) { return arith_mul(p, a[0], a[1]); }
Term bif_fdiv(Process& p, const Term* a) { return arith_fdiv(p, a[0], a[1]); }
Term bif_idiv(Process& p, const Term* a) { return arith_idiv(p, a[0], a[1]); }
Term bif_rem(Process& p, const Term* a) { return arith_rem(p, a[0], a[1]); }
Term bif_band(Process& p, const Term* a) { return arith_band(p, a[0], a[1]); }
Term bif_bor(Process& p, const Term* a) { return arith_bor(p, a[0], a[1]); }
Term bif_bxor(Process& p, const Term* a) { return arith_bxor(p, a[0], a[1]); }
Term bif_bsl(Process& p, const Term* a) { return arith_bsl(p, a[0], a[1]); }
Term bif_bsr(Process& p, const Term* a) { return arith_bsr(p, a[0], a[1]); }
Term bif_bnot(Process& p, const Term* a) { return arith_bnot(p, a[0]); }
Term bif_neg(Process& p, const Term* a) { return arith_neg(p, a[0]); }
Term bif_plus(Process& p, const Term* a) { return arith_plus(p, a[0]); }

// --- comparisons ---
Term bif_eq(Process& p, const Term* a) { return make_bool(arith_equal(p.vm(), a[0], a[1])); }
Term bif_ne(Process& p, const Term* a) { return make_bool(!arith_equal(p.vm(), a[0], a[1])); }
Term bif_exact_eq(Process&, const Term* a) { return make_bool(exact_equal(a[0], a[1])); }
Term bif_exact_ne(Process&, const Term* a) { return make_bool(!exact_equal(a[0], a[1])); }
Term bif_lt(Process& p, const Term* a) { return make_bool(compare_terms(p.vm(), a[0], a[1]) < 0); }
Term bif_gt(Process& p, const Term* a) { return make_bool(compare_terms(p.vm(), a[0], a[1]) > 0); }
Term bif_le(Process& p, const Term* a) { return make_bool(compare_terms(p.vm(), a[0], a[1]) <= 0); }
Term bif_ge(Process& p, const Term* a) { return make_bool(compare_terms(p.vm(), a[0], a[1]) >= 0); }

// min/max return the first argument when the two compare equal (min(1, 1.0)
// is 1, min(1.0, 1) is 1.0), as OTP does.
Term bif_min(Process& p, const Term* a) {
  return compare_terms(p.vm(), a[1], a[0]) < 0 ? a[1] : a[0];
}
Term bif_max(Process& p, const Term* a) {
  return compare_terms(p.vm(), a[1], a[0]) > 0 ? a[1] : a[0];
}

// --- numeric functions ---
Term bif_abs(Process& p, const Term* a) {
  Term x = a[0];
  if (x.is_small()) return x.small_value() < 0 ? make_integer(p, -x.small_value()) : x;
  if (x.is_bignum()) return x.box_kind() == BoxKind::NegBig ? int_neg(p, x) : x;
  if (x.is_float()) return x.float_value() < 0 || std::signbit(x.float_value()) ? make_float(p, std::fabs(x.float_value())) : x;
  return p.badarg();
}

template <double (*Round)(double)>
Term round_bif(Process& p, const Term* a) {
  if (a[0].is_integer()) return a[0];
  if (!a[0].is_float()) return p.badarg();
  return int_from_double(p, Round(a[0].float_value()));
}

Term bif_float(Process& p, const Term* a) {
  if (a[0].is_float()) return a[0];
  if (!a[0].is_integer()) return p.badarg();
  double d;
  if (!number_to_double(a[0], d)) return p.badarg();
  return make_float(p, d);
}

Term bif_is_integer(Process&, const Term* a) { return make_bool(a[0].is_integer()); }
Term bif_is_float(Process&, const Term* a) { return make_bool(a[0].is_float()); }
Term bif_is_number(Process&, const Term* a) { return make_bool(a[0].is_number()); }

// --- text conversions ---

// The bytes of a binary (whole bytes, any bit offset). False for anything
// else, including bitstrings that are not a whole number of bytes.
bool binary_bytes(Term t, std::string& out) {
  if (!t.is_bitstring()) return false;
  BitView v = bit_view(t);
  if ((v.bit_size & 7) != 0) return false;
  Word n = v.byte_size();
  if (v.bit_offset == 0) {
    out.assign(reinterpret_cast<const char*>(v.data), n);
    return true;
  }
  out.resize(n);
  for (Word i = 0; i < n; ++i) {
    unsigned hi = v.data[i] << v.bit_offset;
    unsigned lo = v.data[i + 1] >> (8 - v.bit_offset);
    out[i] = static_cast<char>((hi | lo) & 0xFF);
  }
  return true;
}

bool get_base(Term t, int& base) {
  if (!t.is_small() || t.small_value() < 2 || t.small_value() > 36) return false;
  base = static_cast<int>(t.small_value());
  return true;
}

Term integer_to_text(Process& p, Term i, Term base_term, bool binary) {
  int base = 10;
  if (!i.is_integer()) return p.badarg();
  if (base_term.is_value() && !get_base(base_term, base)) return p.badarg();
  std::string s = int_to_string(i, base);
  return binary ? make_binary(p, s) : make_byte_list(p, s);
}

Term text_to_integer(Process& p, Term text, Term base_term, bool binary) {
  int base = 10;
  std::string s;
  if (binary ? !binary_bytes(text, s) : !bytes_from_list(text, s)) return p.badarg();
  if (base_term.is_value() && !get_base(base_term, base)) return p.badarg();
  Term r = int_from_string(p, s, base);
  if (r.is_non_value()) return p.badarg();
  return r;
}

Term bif_integer_to_list1(Process& p, const Term* a) { return integer_to_text(p, a[0], kNonValue, false); }
Term bif_integer_to_list2(Process& p, const Term* a) { return integer_to_text(p, a[0], a[1], false); }
Term bif_integer_to_binary1(Process& p, const Term* a) { return integer_to_text(p, a[0], kNonValue, true); }
Term bif_integer_to_binary2(Process& p, const Term* a) { return integer_to_text(p, a[0], a[1], true); }
Term bif_list_to_integer1(Process& p, const Term* a) { return text_to_integer(p, a[0], kNonValue, false); }
Term bif_list_to_integer2(Process& p, const Term* a) { return text_to_integer(p, a[0], a[1], false); }
Term bif_binary_to_integer1(Process& p, const Term* a) { return text_to_integer(p, a[0], kNonValue, true); }
Term bif_binary_to_integer2(Process& p, const Term* a) { return text_to_integer(p, a[0], a[1], true); }

// float_to_list/2 options: the last of {decimals, N}, {scientific, N} and
// short wins; compact only affects decimals. Anything else is a badarg.
bool float_text(Term f, Term options, std::string& out) {
  enum class Mode { Default, Decimals, Scientific, Short } mode = Mode::Default;
  SWord digits = 0;
  bool compact = false;
  Term l = options;
  while (l.is_list()) {
    Term o = l.head();
    if (o == atoms::compact) {
      compact = true;
    } else if (o == atoms::short_) {
      mode = Mode::Short;
    } else if (o.is_tuple() && o.tuple_arity() == 2 && o.element(1).is_small() &&
               (o.element(0) == atoms::decimals || o.element(0) == atoms::scientific)) {
      digits = o.element(1).small_value();
      mode = o.element(0) == atoms::decimals ? Mode::Decimals : Mode::Scientific;
      if (digits < 0 || digits > (mode == Mode::Decimals ? 253 : 249)) return false;
    } else {
      return false;
    }
    l = l.tail();
  }
  if (!l.is_nil()) return false;
  double d = f.float_value();
  switch (mode) {
    case Mode::Default: out = format_float_scientific(d, 20); break;
    case Mode::Scientific: out = format_float_scientific(d, static_cast<int>(digits)); break;
    case Mode::Decimals: out = format_float_decimals(d, static_cast<int>(digits), compact); break;
    case Mode::Short: out = format_float_short(d); break;
  }
  return !out.empty();
}

Term bif_float_to_list1(Process& p, const Term* a) {
  if (!a[0].is_float()) return p.badarg();
  return make_byte_list(p, format_float_scientific(a[0].float_value(), 20));
}
Term bif_float_to_list2(Process& p, const Term* a) {
  std::string s;
  if (!a[0].is_float() || !float_text(a[0], a[1], s)) return p.badarg();
  return make_byte_list(p, s);
}
Term bif_float_to_binary1(Process& p, const Term* a) {
  if (!a[0].is_float()) return p.badarg();
  return make_binary(p, format_float_scientific(a[0].float_value(), 20));
}
Term bif_float_to_binary2(Process& p, const Term* a) {
  std::string s;
  if (!a[0].is_float() || !float_text(a[0], a[1], s)) return p.badarg();
  return make_binary(p, s);
}

Term bif_list_to_float(Process& p, const Term* a) {
  std::string s;
  double d;
  if (!bytes_from_list(a[0], s) || !parse_float(s, d)) return p.badarg();
  return make_float(p, d);
}
Term bif_binary_to_float(Process& p, const Term* a) {
  std::string s;
  double d;
  if (!binary_bytes(a[0], s) || !parse_float(s, d)) return p.badarg();
  return make_float(p, d);
}

double round_half_away(double d) { return std::round(d); }
double trunc_d(double d) { return std::trunc(d); }
double ceil_d(double d) { return std::ceil(d); }
double floor_d(double d) { return std::floor(d); }

constexpr BifSpec kNumberBifs[] = {
    {"erlang", "+", 2, bif_add, true},
    {"erlang", "-", 2, bif_sub, true},
    {"erlang", "*", 2, bif_mul, true},
    {"erlang", "/", 2, bif_fdiv, true},
    {"erlang", "div", 2, bif_idiv, true},
    {"erlang", "rem", 2, bif_rem, true},
    {"erlang", "band", 2, bif_band, true},
    {"erlang", "bor", 2, bif_bor, true},
    {"erlang", "bxor", 2, bif_bxor, true},
    {"erlang", "bsl", 2, bif_bsl, true},
    {"erlang", "bsr", 2, bif_bsr, true},
    {"erlang", "bnot", 1, bif_bnot, true},
    {"erlang", "-", 1, bif_neg, true},
    {"erlang", "+", 1, bif_plus, true},
    {"erlang", "==", 2, bif_eq, true},
    {"erlang", "/=", 2, bif_ne, true},
    {"erlang", "=:=", 2, bif_exact_eq, true},
    {"erlang", "=/=", 2, bif_exact_ne, true},
    {"erlang", "<", 2, bif_lt, true},
    {"erlang", ">", 2, bif_gt, true},
    {"erlang", "=<", 2, bif_le, true},
    {"erlang", ">=", 2, bif_ge, true},
    {"erlang", "abs", 1, bif_abs, true},
    // Not guard BIFs in OTP 25 (they became so in OTP 26).
    {"erlang", "min", 2, bif_min, false},
    {"erlang", "max", 2, bif_max, false},
    {"erlang", "round", 1, round_bif<round_half_away>, true},
    {"erlang", "trunc", 1, round_bif<trunc_d>, true},
    {"erlang", "ceil", 1, round_bif<ceil_d>, true},
    {"erlang", "floor", 1, round_bif<floor_d>, true},
    {"erlang", "float", 1, bif_float, true},
    {"erlang", "is_integer", 1, bif_is_integer, true},
    {"erlang", "is_float", 1, bif_is_float, true},
    {"erlang", "is_number", 1, bif_is_number, true},
    {"erlang", "integer_to_list", 1, bif_integer_to_list1, false},
    {"erlang", "integer_to_list", 2, bif_integer_to_list2, false},
    {"erlang", "integer_to_binary", 1, bif_integer_to_binary1, false},
    {"erlang", "integer_to_binary", 2, bif_integer_to_binary2, false},
    {"erlang", "list_to_integer", 1, bif_list_to_integer1, false},
    {"erlang", "list_to_integer", 2, bif_list_to_integer2, false},
    {"erlang", "binary_to_integer", 1, bif_binary_to_integer1, false},
    {"erlang", "binary_to_integer", 2, bif_binary_to_integer2, false},
    {"erlang", "float_to_list", 1, bif_float_to_list1, false},
    {"erlang", "float_to_list", 2, bif_float_to_list2, false},
    {"erlang", "float_to_binary", 1, bif_float_to_binary1, false},
    {"erlang", "float_to_binary", 2, bif_float_to_binary2, false},
    {"erlang", "list_to_float", 1, bif_list_to_float, false},
    {"erlang", "binary_to_float", 1, bif_binary_to_float, false},
};

}  // namespace

std::span<const BifSpec> bifs_numbers() { return kNumberBifs; }

}  // namespace girder::vm
