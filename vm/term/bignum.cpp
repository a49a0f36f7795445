// Bignum arithmetic on heap limbs with GMP's mpn layer.
//
// Invariants:
// * Inputs are integers (small or normalised bignum). A small is viewed as a
//   one-limb magnitude plus a sign, so every slow path works on (limbs, n,
//   sign) triples and small/small cases take early exits.
// * Results are built in place on the heap with an upper bound on their size,
//   then normalised: leading zero limbs dropped, and a value that fits a small
//   becomes a small. Unused trailing words are given back when they are the
//   last thing allocated, else covered by a dead raw object so the heap stays
//   walkable (every object is exactly 1 + arity words).
// * Results larger than kMaxBigLimbs raise system_limit, as BEAM does
//   (1 bsl 33554367 is the largest power of two it accepts).
#include "vm/term/bignum.h"

#include <gmp.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "vm/term/build.h"

namespace girder::vm {

namespace {

static_assert(sizeof(mp_limb_t) == sizeof(Word), "GMP limbs must be 64-bit words");

// BEAM's limit: 33554368 bits (2^25 - 64) of magnitude.
constexpr mp_size_t kMaxBigLimbs = (mp_size_t{1} << 19) - 1;

// A read-only view of an integer's magnitude and sign. Holds its own limb for
// smalls, so it must not be copied after view().
struct IntView {
  const mp_limb_t* d;
  mp_size_t n;
  bool neg;
  mp_limb_t one;
};

inline void view(Term t, IntView& v) {
  if (t.is_small()) {
    SWord s = t.small_value();
    v.neg = s < 0;
    v.one = v.neg ? static_cast<mp_limb_t>(-static_cast<Word>(s)) : static_cast<mp_limb_t>(s);
    v.d = &v.one;
    v.n = s != 0;
  } else {
    const Word* o = t.box_ptr();
    v.neg = header_kind(o[0]) == BoxKind::NegBig;
    v.n = static_cast<mp_size_t>(header_arity(o[0]));
    v.d = reinterpret_cast<const mp_limb_t*>(o + 1);
  }
}

// Room for a result of up to `cap` limbs, allocated on p's heap.
struct BigOut {
  Word* obj;
  mp_size_t cap;
  mp_limb_t* limbs() const { return reinterpret_cast<mp_limb_t*>(obj + 1); }
};

inline BigOut big_alloc(Process& p, mp_size_t cap) {
  Word* obj = p.alloc(static_cast<Word>(1 + cap));
  return {obj, cap};
}

// Give back `words` words at `w`: retract the heap top when they are the last
// allocation, else mark them as a dead raw object the GC steps over.
void release_words(Process& p, Word* w, Word words) {
  if (words == 0) return;
  Word*& top = p.heap().htop();
  if (w + words == top) {
    top = w;
    return;
  }
  w[0] = make_header(BoxKind::PosBig, words - 1);
}

// Normalise a result of n limbs (may have leading zeros) built in `out`.
Term big_finish(Process& p, const BigOut& out, mp_size_t n, bool neg) {
  const mp_limb_t* d = out.limbs();
  while (n > 0 && d[n - 1] == 0) --n;
  if (n <= 1) {
    Word mag = n == 0 ? 0 : d[0];
    Word limit = neg ? (Word{1} << 59) : (Word{1} << 59) - 1;
    if (mag <= limit) {
      release_words(p, out.obj, static_cast<Word>(1 + out.cap));
      SWord v = neg ? -static_cast<SWord>(mag) : static_cast<SWord>(mag);
      return Term::small(v);
    }
  }
  if (n > kMaxBigLimbs) {
    release_words(p, out.obj, static_cast<Word>(1 + out.cap));
    return p.system_limit();
  }
  out.obj[0] = make_header(neg ? BoxKind::NegBig : BoxKind::PosBig, static_cast<Word>(n));
  release_words(p, out.obj + 1 + n, static_cast<Word>(out.cap - n));
  return Term::boxed(out.obj);
}

// A bignum (or small) from a magnitude held elsewhere.
Term big_from_limbs(Process& p, const mp_limb_t* d, mp_size_t n, bool neg) {
  while (n > 0 && d[n - 1] == 0) --n;
  BigOut out = big_alloc(p, std::max<mp_size_t>(n, 1));
  if (n > 0) std::copy(d, d + n, out.limbs());
  else out.limbs()[0] = 0;
  return big_finish(p, out, n, neg);
}

// |a| vs |b| for magnitudes.
inline int mag_cmp(const IntView& a, const IntView& b) {
  if (a.n != b.n) return a.n < b.n ? -1 : 1;
  int c = mpn_cmp(a.d, b.d, a.n);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// a + b where b's sign is flipped when `negate_b`.
Term add_views(Process& p, const IntView& a, const IntView& b, bool negate_b) {
  bool bneg = b.neg != negate_b;
  if (b.n == 0) return big_from_limbs(p, a.d, a.n, a.neg);
  if (a.n == 0) return big_from_limbs(p, b.d, b.n, bneg);
  if (a.neg == bneg) {
    const IntView& big = a.n >= b.n ? a : b;
    const IntView& lit = a.n >= b.n ? b : a;
    BigOut out = big_alloc(p, big.n + 1);
    mp_limb_t carry = mpn_add(out.limbs(), big.d, big.n, lit.d, lit.n);
    out.limbs()[big.n] = carry;
    return big_finish(p, out, big.n + 1, a.neg);
  }
  int c = mag_cmp(a, b);
  if (c == 0) return Term::small(0);
  const IntView& big = c > 0 ? a : b;
  const IntView& lit = c > 0 ? b : a;
  bool neg = c > 0 ? a.neg : bneg;
  BigOut out = big_alloc(p, big.n);
  mpn_sub(out.limbs(), big.d, big.n, lit.d, lit.n);
  return big_finish(p, out, big.n, neg);
}

// Two's complement image of an integer in `len` limbs (len > n so the top
// limb carries the sign extension).
void to_twos(const IntView& v, mp_limb_t* out, mp_size_t len) {
  std::fill(out, out + len, mp_limb_t{0});
  if (v.n > 0) std::copy(v.d, v.d + v.n, out);
  if (v.neg) {
    mpn_sub_1(out, out, len, 1);  // |v| - 1, never borrows since |v| >= 1
    for (mp_size_t i = 0; i < len; ++i) out[i] = ~out[i];
  }
}

enum class BitOp { And, Or, Xor };

Term bitop(Process& p, Term ta, Term tb, BitOp op) {
  if (ta.is_small() && tb.is_small()) {
    SWord a = ta.small_value(), b = tb.small_value();
    SWord r = op == BitOp::And ? (a & b) : op == BitOp::Or ? (a | b) : (a ^ b);
    return Term::small(r);
  }
  IntView a, b;
  view(ta, a);
  view(tb, b);
  mp_size_t len = std::max(a.n, b.n) + 1;
  std::vector<mp_limb_t> x(len), y(len);
  to_twos(a, x.data(), len);
  to_twos(b, y.data(), len);
  BigOut out = big_alloc(p, len);
  mp_limb_t* r = out.limbs();
  switch (op) {
    case BitOp::And: mpn_and_n(r, x.data(), y.data(), len); break;
    case BitOp::Or: mpn_ior_n(r, x.data(), y.data(), len); break;
    case BitOp::Xor: mpn_xor_n(r, x.data(), y.data(), len); break;
  }
  bool neg = (r[len - 1] >> 63) != 0;
  if (neg) {
    // Magnitude of a negative two's complement value: ~r + 1.
    for (mp_size_t i = 0; i < len; ++i) r[i] = ~r[i];
    mpn_add_1(r, r, len, 1);
  }
  return big_finish(p, out, len, neg);
}

// |a| << bits, keeping a's sign.
Term shift_left(Process& p, const IntView& a, Word bits) {
  if (a.n == 0) return Term::small(0);
  Word limb_shift = bits / 64;
  unsigned bit_shift = static_cast<unsigned>(bits % 64);
  if (limb_shift > static_cast<Word>(kMaxBigLimbs)) return p.system_limit();
  mp_size_t cap = a.n + static_cast<mp_size_t>(limb_shift) + 1;
  if (cap > kMaxBigLimbs + 1) return p.system_limit();
  BigOut out = big_alloc(p, cap);
  mp_limb_t* r = out.limbs();
  std::fill(r, r + limb_shift, mp_limb_t{0});
  if (bit_shift == 0) {
    std::copy(a.d, a.d + a.n, r + limb_shift);
    r[cap - 1] = 0;
  } else {
    r[cap - 1] = mpn_lshift(r + limb_shift, a.d, a.n, bit_shift);
  }
  return big_finish(p, out, cap, a.neg);
}

// Arithmetic shift right (floor division by 2^bits).
Term shift_right(Process& p, const IntView& a, Word bits) {
  Word limb_shift = bits / 64;
  unsigned bit_shift = static_cast<unsigned>(bits % 64);
  if (a.n == 0) return Term::small(0);
  if (limb_shift >= static_cast<Word>(a.n)) return Term::small(a.neg ? -1 : 0);
  mp_size_t n = a.n - static_cast<mp_size_t>(limb_shift);
  // For negatives, floor(a / 2^s) = -(((|a| - 1) >> s) + 1).
  std::vector<mp_limb_t> tmp;
  const mp_limb_t* src = a.d;
  if (a.neg) {
    tmp.assign(a.d, a.d + a.n);
    mpn_sub_1(tmp.data(), tmp.data(), a.n, 1);
    src = tmp.data();
  }
  BigOut out = big_alloc(p, n + 1);
  mp_limb_t* r = out.limbs();
  if (bit_shift == 0) std::copy(src + limb_shift, src + a.n, r);
  else mpn_rshift(r, src + limb_shift, n, bit_shift);
  r[n] = 0;
  if (a.neg) mpn_add_1(r, r, n + 1, 1);
  return big_finish(p, out, n + 1, a.neg);
}

// Shift amount as a signed count; huge shifts saturate (the callers treat
// anything beyond the bignum limit alike).
SWord shift_amount(Term shift) {
  if (shift.is_small()) return shift.small_value();
  return shift.box_kind() == BoxKind::NegBig ? INT64_MIN / 2 : INT64_MAX / 2;
}

Term shift(Process& p, Term a, SWord s) {
  if (a.is_small()) {
    SWord v = a.small_value();
    if (s <= 0) {
      if (s <= -63) return Term::small(v < 0 ? -1 : 0);
      return Term::small(v >> -s);
    }
    if (v == 0) return Term::small(0);
    if (s < 64) {
      __int128 r = static_cast<__int128>(v) << s;
      if ((r >> s) == v && r >= INT64_MIN && r <= INT64_MAX)
        return make_integer(p, static_cast<std::int64_t>(r));
    }
  }
  IntView v;
  view(a, v);
  if (s >= 0) {
    if (v.n != 0 && static_cast<Word>(s) / 64 > static_cast<Word>(kMaxBigLimbs)) return p.system_limit();
    return shift_left(p, v, static_cast<Word>(s));
  }
  return shift_right(p, v, static_cast<Word>(-s));
}

}  // namespace

Term make_integer(Process& p, std::int64_t value) {
  if (Term::fits_small(value)) return Term::small(value);
  Word* obj = p.alloc(2);
  bool neg = value < 0;
  obj[0] = make_header(neg ? BoxKind::NegBig : BoxKind::PosBig, 1);
  obj[1] = neg ? static_cast<Word>(0) - static_cast<Word>(value) : static_cast<Word>(value);
  return Term::boxed(obj);
}

Term make_integer_u64(Process& p, std::uint64_t value) {
  if (value <= static_cast<std::uint64_t>(kSmallMax)) return Term::small(static_cast<SWord>(value));
  Word* obj = p.alloc(2);
  obj[0] = make_header(BoxKind::PosBig, 1);
  obj[1] = value;
  return Term::boxed(obj);
}

Term int_add(Process& p, Term a, Term b) {
  if (a.is_small() && b.is_small()) return make_integer(p, a.small_value() + b.small_value());
  IntView x, y;
  view(a, x);
  view(b, y);
  return add_views(p, x, y, false);
}

Term int_sub(Process& p, Term a, Term b) {
  if (a.is_small() && b.is_small()) return make_integer(p, a.small_value() - b.small_value());
  IntView x, y;
  view(a, x);
  view(b, y);
  return add_views(p, x, y, true);
}

Term int_mul(Process& p, Term a, Term b) {
  if (a.is_small() && b.is_small()) {
    std::int64_t r;
    if (!__builtin_mul_overflow(a.small_value(), b.small_value(), &r)) return make_integer(p, r);
    __int128 wide = static_cast<__int128>(a.small_value()) * b.small_value();
    bool neg = wide < 0;
    unsigned __int128 mag = neg ? -static_cast<unsigned __int128>(wide) : static_cast<unsigned __int128>(wide);
    mp_limb_t limbs[2] = {static_cast<mp_limb_t>(mag), static_cast<mp_limb_t>(mag >> 64)};
    return big_from_limbs(p, limbs, 2, neg);
  }
  IntView x, y;
  view(a, x);
  view(b, y);
  if (x.n == 0 || y.n == 0) return Term::small(0);
  bool neg = x.neg != y.neg;
  const IntView& big = x.n >= y.n ? x : y;
  const IntView& lit = x.n >= y.n ? y : x;
  if (big.n + lit.n > kMaxBigLimbs + 1) return p.system_limit();
  BigOut out = big_alloc(p, big.n + lit.n);
  mp_limb_t* r = out.limbs();
  if (lit.n == 1) {
    r[big.n] = mpn_mul_1(r, big.d, big.n, lit.d[0]);
  } else if (big.d == lit.d && big.n == lit.n) {
    mpn_sqr(r, big.d, big.n);
  } else {
    mpn_mul(r, big.d, big.n, lit.d, lit.n);
  }
  return big_finish(p, out, big.n + lit.n, neg);
}

namespace {

// Quotient and/or remainder of truncating division. Either output may be null.
bool divide(Process& p, Term a, Term b, Term* quot, Term* rem) {
  if (a.is_small() && b.is_small()) {
    SWord x = a.small_value(), y = b.small_value();
    if (y == 0) return false;
    if (quot) *quot = make_integer(p, x / y);  // kSmallMin / -1 overflows a small only
    if (rem) *rem = Term::small(x % y);
    return true;
  }
  IntView x, y;
  view(a, x);
  view(b, y);
  if (y.n == 0) return false;
  if (mag_cmp(x, y) < 0) {
    if (quot) *quot = Term::small(0);
    if (rem) *rem = a;
    return true;
  }
  mp_size_t qn = x.n - y.n + 1;
  std::vector<mp_limb_t> q(qn), r(y.n);
  mpn_tdiv_qr(q.data(), r.data(), 0, x.d, x.n, y.d, y.n);
  if (quot) *quot = big_from_limbs(p, q.data(), qn, x.neg != y.neg);
  if (rem) *rem = big_from_limbs(p, r.data(), y.n, x.neg);
  return true;
}

}  // namespace

Term int_div(Process& p, Term a, Term b) {
  Term q;
  if (!divide(p, a, b, &q, nullptr)) return p.badarith();
  return q;
}

Term int_rem(Process& p, Term a, Term b) {
  Term r;
  if (!divide(p, a, b, nullptr, &r)) return p.badarith();
  return r;
}

Term int_neg(Process& p, Term a) {
  if (a.is_small()) return make_integer(p, -a.small_value());
  IntView x;
  view(a, x);
  return big_from_limbs(p, x.d, x.n, !x.neg);
}

Term int_band(Process& p, Term a, Term b) { return bitop(p, a, b, BitOp::And); }
Term int_bor(Process& p, Term a, Term b) { return bitop(p, a, b, BitOp::Or); }
Term int_bxor(Process& p, Term a, Term b) { return bitop(p, a, b, BitOp::Xor); }

Term int_bnot(Process& p, Term a) {
  if (a.is_small()) return Term::small(~a.small_value());
  // bnot X = -X - 1
  Term n = int_neg(p, a);
  return int_sub(p, n, Term::small(1));
}

Term int_bsl(Process& p, Term a, Term s) { return shift(p, a, shift_amount(s)); }

Term int_bsr(Process& p, Term a, Term s) {
  SWord amount = shift_amount(s);
  return shift(p, a, -amount);
}

int int_compare(Term a, Term b) {
  if (a.is_small() && b.is_small()) {
    SWord x = a.small_value(), y = b.small_value();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  IntView x, y;
  view(a, x);
  view(b, y);
  if (x.neg != y.neg) {
    // Zero is never negative here, so differing signs decide alone.
    return x.neg ? -1 : 1;
  }
  int c = mag_cmp(x, y);
  return x.neg ? -c : c;
}

double int_to_double(Term a) {
  if (a.is_small()) return static_cast<double>(a.small_value());
  // Same digit-by-digit accumulation as BEAM (most significant limb first),
  // so float(Big) rounds exactly as OTP does, including its double rounding.
  IntView x;
  view(a, x);
  double d = 0.0;
  constexpr double kBase = 18446744073709551616.0;  // 2^64
  for (mp_size_t i = x.n; i-- > 0;) {
    d = d * kBase + static_cast<double>(x.d[i]);
    if (!std::isfinite(d)) break;
  }
  return x.neg ? -d : d;
}

Term int_from_double(Process& p, double d) {
  if (d > -9.2e18 && d < 9.2e18) return make_integer(p, static_cast<std::int64_t>(d));
  int exp;
  double frac = std::frexp(std::fabs(d), &exp);  // |d| = frac * 2^exp, frac in [0.5, 1)
  auto mant = static_cast<std::uint64_t>(std::ldexp(frac, 53));
  IntView v;
  v.one = mant;
  v.d = &v.one;
  v.n = 1;
  v.neg = d < 0;
  return shift_left(p, v, static_cast<Word>(exp - 53));
}

std::string int_to_string(Term a, int base) {
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  if (a.is_small()) {
    SWord v = a.small_value();
    Word mag = v < 0 ? static_cast<Word>(0) - static_cast<Word>(v) : static_cast<Word>(v);
    char buf[70];
    int i = 70;
    do {
      buf[--i] = kDigits[mag % static_cast<Word>(base)];
      mag /= static_cast<Word>(base);
    } while (mag != 0);
    if (v < 0) buf[--i] = '-';
    return std::string(buf + i, buf + 70);
  }
  IntView x;
  view(a, x);
  // mpn_get_str clobbers its input and wants one spare limb.
  std::vector<mp_limb_t> tmp(x.d, x.d + x.n);
  tmp.push_back(0);
  size_t max_digits = mpn_sizeinbase(x.d, x.n, base) + 1;
  std::string out(max_digits + 1, '\0');
  auto* digits = reinterpret_cast<unsigned char*>(out.data() + 1);
  size_t len = mpn_get_str(digits, base, tmp.data(), x.n);
  // mpn_get_str may emit leading zeros; skip them.
  size_t skip = 0;
  while (skip + 1 < len && digits[skip] == 0) ++skip;
  std::string s;
  s.reserve(len - skip + 1);
  if (x.neg) s.push_back('-');
  for (size_t i = skip; i < len; ++i) s.push_back(kDigits[digits[i]]);
  return s;
}

Term int_from_string(Process& p, std::string_view text, int base) {
  if (base < 2 || base > 36) return kNonValue;
  size_t i = 0;
  bool neg = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    neg = text[i] == '-';
    ++i;
  }
  if (i == text.size()) return kNonValue;
  std::vector<unsigned char> digits;
  digits.reserve(text.size() - i);
  for (; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    else return kNonValue;
    if (d >= base) return kNonValue;
    if (!digits.empty() || d != 0) digits.push_back(static_cast<unsigned char>(d));
  }
  if (digits.empty()) return Term::small(0);
  int bits_per_digit = 1;
  while ((1 << bits_per_digit) < base) ++bits_per_digit;
  if (digits.size() * static_cast<size_t>(bits_per_digit) <= 59) {
    SWord v = 0;
    for (unsigned char d : digits) v = v * base + d;
    return Term::small(neg ? -v : v);
  }
  // Limbs needed: digits * log2(base) / 64, rounded up, plus slack.
  double bits = static_cast<double>(digits.size()) * std::log2(static_cast<double>(base));
  auto cap = static_cast<mp_size_t>(bits / 64.0) + 2;
  if (cap > kMaxBigLimbs + 2) {
    p.system_limit();
    return kNonValue;
  }
  std::vector<mp_limb_t> limbs(static_cast<size_t>(cap) + 1);
  mp_size_t n = mpn_set_str(limbs.data(), digits.data(), digits.size(), base);
  return big_from_limbs(p, limbs.data(), n, neg);
}

bool int_to_int64(Term a, std::int64_t& out) {
  if (a.is_small()) {
    out = a.small_value();
    return true;
  }
  IntView x;
  view(a, x);
  if (x.n != 1) return false;
  Word m = x.d[0];
  if (x.neg) {
    if (m > (Word{1} << 63)) return false;
    out = static_cast<std::int64_t>(static_cast<Word>(0) - m);
    return true;
  }
  if (m > static_cast<Word>(INT64_MAX)) return false;
  out = static_cast<std::int64_t>(m);
  return true;
}

}  // namespace girder::vm
