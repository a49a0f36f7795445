// Bignum arithmetic against values recorded from Erlang/OTP 25 and GMP.
#include <gmp.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

class BignumTest : public ::testing::Test {
 protected:
  VM vm;
  Process p{vm, 1};
  Term I(const char* s) {
    Term t = int_from_string(p, s);
    EXPECT_TRUE(t.is_value()) << s;
    return t;
  }
  std::string S(Term t) { return int_to_string(t); }
  Term fact(int n) {
    Term r = Term::small(1);
    for (int i = 2; i <= n; ++i) r = int_mul(p, r, Term::small(i));
    return r;
  }
};

TEST_F(BignumTest, NormalisesToSmall) {
  Term big = int_add(p, Term::small(kSmallMax), Term::small(1));
  EXPECT_TRUE(big.is_bignum());
  EXPECT_EQ(S(big), "576460752303423488");
  Term back = int_sub(p, big, Term::small(1));
  EXPECT_TRUE(back.is_small());
  EXPECT_EQ(back.small_value(), kSmallMax);
  Term m = int_sub(p, Term::small(kSmallMin), Term::small(1));
  EXPECT_TRUE(m.is_bignum());
  EXPECT_TRUE(int_add(p, m, Term::small(1)).is_small());
  EXPECT_TRUE(int_neg(p, Term::small(kSmallMin)).is_bignum());  // -(-2^59) = 2^59
  EXPECT_TRUE(make_integer(p, kSmallMin).is_small());
  EXPECT_TRUE(make_integer(p, kSmallMax + 1).is_bignum());
  EXPECT_TRUE(make_integer_u64(p, ~0ull).is_bignum());
  EXPECT_EQ(S(make_integer_u64(p, ~0ull)), "18446744073709551615");
  EXPECT_EQ(S(make_integer(p, INT64_MIN)), "-9223372036854775808");
}

TEST_F(BignumTest, Factorials) {
  EXPECT_EQ(S(fact(30)), "265252859812191058636308480000000");  // erl
  EXPECT_EQ(int_to_string(fact(40), 36), "GOZWJN3IHV4OW7ADJLPPTS000000000");
}

TEST_F(BignumTest, DivRemSigns) {
  Term f30 = fact(30);
  Term d = I("7777777777777777777");
  EXPECT_EQ(S(int_div(p, f30, d)), "34103939118710");
  EXPECT_EQ(S(int_rem(p, f30, int_neg(p, d))), "2169773944877092330");
  Term f25 = int_neg(p, fact(25));
  Term e = I("12345678901234567890123");
  EXPECT_EQ(S(int_div(p, f25, e)), "-1256");
  EXPECT_EQ(S(int_rem(p, f25, e)), "-5037343380368714005512");
  EXPECT_EQ(int_div(p, Term::small(7), Term::small(-2)).small_value(), -3);
  EXPECT_EQ(int_div(p, Term::small(-7), Term::small(2)).small_value(), -3);
  EXPECT_EQ(int_rem(p, Term::small(7), Term::small(-2)).small_value(), 1);
  EXPECT_EQ(int_rem(p, Term::small(-7), Term::small(2)).small_value(), -1);
  EXPECT_EQ(S(int_div(p, Term::small(kSmallMin), Term::small(-1))), "576460752303423488");
  EXPECT_TRUE(int_div(p, f30, Term::small(0)).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::badarith);
  EXPECT_TRUE(int_rem(p, Term::small(1), Term::small(0)).is_non_value());
  EXPECT_EQ(int_div(p, Term::small(5), f30).small_value(), 0);
  EXPECT_EQ(int_rem(p, Term::small(-5), f30).small_value(), -5);
}

TEST_F(BignumTest, Bitwise) {
  Term a = fact(25), b = int_neg(p, fact(22));
  EXPECT_EQ(S(int_band(p, a, b)), "15510612792695545124618240");
  EXPECT_EQ(S(int_bor(p, a, b)), "-526750092336748298240");
  EXPECT_EQ(S(int_bxor(p, a, b)), "-15511139542787881872916480");
  Term p70 = int_bsl(p, Term::small(1), Term::small(70));
  EXPECT_EQ(S(p70), "1180591620717411303424");
  EXPECT_EQ(S(int_band(p, Term::small(-1), p70)), "1180591620717411303424");
  EXPECT_EQ(S(int_bor(p, int_neg(p, p70), Term::small(5))), "-1180591620717411303419");
  EXPECT_EQ(S(int_bxor(p, int_neg(p, p70), Term::small(-1))), "1180591620717411303423");
  EXPECT_EQ(S(int_bnot(p, p70)), "-1180591620717411303425");
  EXPECT_EQ(int_bnot(p, Term::small(0)).small_value(), -1);
  EXPECT_TRUE(int_band(p, p70, int_neg(p, p70)).is_bignum());
}

TEST_F(BignumTest, Shifts) {
  EXPECT_EQ(int_bsr(p, Term::small(-1), Term::small(1)).small_value(), -1);
  EXPECT_EQ(int_bsr(p, Term::small(-7), Term::small(1)).small_value(), -4);
  Term p100 = int_bsl(p, Term::small(1), Term::small(100));
  EXPECT_EQ(int_bsr(p, int_neg(p, p100), Term::small(99)).small_value(), -2);
  Term m = int_sub(p, int_neg(p, p100), Term::small(1));
  EXPECT_EQ(int_bsr(p, m, Term::small(99)).small_value(), -3);
  EXPECT_EQ(S(int_bsr(p, int_neg(p, fact(25)), Term::small(3))), "-1938901255416373248000000");
  EXPECT_EQ(S(int_bsl(p, int_neg(p, fact(25)), Term::small(70))),
            "-18312404604344316353917376253428515209216000000");
  EXPECT_EQ(int_bsl(p, Term::small(5), Term::small(-1)).small_value(), 2);
  EXPECT_EQ(int_bsr(p, Term::small(5), Term::small(-2)).small_value(), 20);
  EXPECT_EQ(int_bsr(p, Term::small(5), Term::small(64)).small_value(), 0);
  EXPECT_EQ(int_bsr(p, Term::small(-5), Term::small(1000)).small_value(), -1);
  Term huge = int_bsl(p, Term::small(1), Term::small(64));  // a bignum shift count
  Term huge_shift = int_bsl(p, Term::small(1), Term::small(64));
  EXPECT_EQ(int_bsl(p, Term::small(0), huge_shift).small_value(), 0);
  EXPECT_EQ(int_bsr(p, Term::small(-5), huge_shift).small_value(), -1);
  EXPECT_EQ(int_bsl(p, Term::small(5), int_neg(p, huge_shift)).small_value(), 0);
  EXPECT_TRUE(int_bsl(p, Term::small(1), huge).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::system_limit);
  // OTP's limit: 1 bsl 33554367 works, 1 bsl 33554368 is a system_limit.
  EXPECT_TRUE(int_bsl(p, Term::small(1), Term::small(33554367)).is_bignum());
  EXPECT_TRUE(int_bsl(p, Term::small(1), Term::small(33554368)).is_non_value());
  // Small shifted into 64-bit range and beyond.
  EXPECT_EQ(S(int_bsl(p, Term::small(3), Term::small(62))), "13835058055282163712");
  EXPECT_EQ(S(int_bsl(p, Term::small(-1), Term::small(63))), "-9223372036854775808");
}

TEST_F(BignumTest, MulAgainstGmp) {
  // Cross-check a chain of mixed-sign products and sums against mpz.
  mpz_t z, t;
  mpz_init_set_si(z, 1);
  mpz_init(t);
  Term r = Term::small(1);
  for (int i = 1; i < 400; ++i) {
    long k = (i % 3 == 0 ? -1 : 1) * (1000003L * i + 17);
    r = int_mul(p, r, Term::small(k));
    mpz_mul_si(z, z, k);
    if (i % 7 == 0) {
      r = int_add(p, r, Term::small(-i));
      mpz_sub_ui(z, z, static_cast<unsigned long>(i));
    }
    if (i % 50 == 0) {
      r = int_mul(p, r, r);
      mpz_mul(z, z, z);
      Term q = int_div(p, r, Term::small(12345));
      mpz_tdiv_q_ui(t, z, 12345);
      char* s = mpz_get_str(nullptr, 10, t);
      ASSERT_EQ(S(q), s);
      free(s);
    }
    char* s = mpz_get_str(nullptr, 10, z);
    ASSERT_EQ(S(r), s) << i;
    free(s);
  }
  mpz_clear(z);
  mpz_clear(t);
}

TEST_F(BignumTest, ParseAndPrint) {
  EXPECT_EQ(int_from_string(p, "ff", 16).small_value(), 255);
  EXPECT_EQ(int_from_string(p, "FF", 16).small_value(), 255);
  EXPECT_EQ(int_from_string(p, "+5").small_value(), 5);
  EXPECT_EQ(int_from_string(p, "-0").small_value(), 0);
  EXPECT_EQ(int_from_string(p, "000123").small_value(), 123);
  for (const char* bad : {"", "+", "-", " 5", "1_000", "5 ", "12a", "--1"})
    EXPECT_TRUE(int_from_string(p, bad).is_non_value()) << bad;
  EXPECT_TRUE(int_from_string(p, "2", 2).is_non_value());
  EXPECT_EQ(int_to_string(Term::small(255), 16), "FF");
  EXPECT_EQ(int_to_string(Term::small(-255), 36), "-73");
  EXPECT_EQ(int_to_string(Term::small(0)), "0");
  std::string big = "-123456789012345678901234567890123456789012345678901234567890";
  EXPECT_EQ(S(I(big.c_str())), big);
  EXPECT_EQ(S(I("1152921504606846975")), "1152921504606846975");
  EXPECT_TRUE(I("576460752303423487").is_small());
  EXPECT_TRUE(I("576460752303423488").is_bignum());
  EXPECT_TRUE(I("-576460752303423488").is_small());
}

TEST_F(BignumTest, Factorial20000Digits) {
  // 20000! has 77338 digits (erl: length(integer_to_list(F))).
  Term f = fact(20000);
  EXPECT_EQ(S(f).size(), 77338u);
}

TEST_F(BignumTest, CompareAndConvert) {
  Term p64 = int_bsl(p, Term::small(1), Term::small(64));
  EXPECT_EQ(int_compare(p64, Term::small(5)), 1);
  EXPECT_EQ(int_compare(int_neg(p, p64), Term::small(-5)), -1);
  EXPECT_EQ(int_compare(p64, int_add(p, p64, Term::small(1))), -1);
  EXPECT_EQ(int_compare(int_neg(p, p64), int_neg(p, int_add(p, p64, Term::small(1)))), 1);
  EXPECT_EQ(int_to_double(p64), 18446744073709551616.0);
  // float(((1 bsl 53) + 1) bsl 64 + (1 bsl 63)) is 2^117 in OTP (it
  // accumulates limb by limb), not the correctly rounded 2^117 + 2^65.
  Term odd = int_add(p, int_bsl(p, Term::small((1LL << 53) + 1), Term::small(64)),
                     int_bsl(p, Term::small(1), Term::small(63)));
  EXPECT_EQ(int_to_double(odd), std::ldexp(1.0, 117));
  EXPECT_TRUE(std::isinf(int_to_double(int_bsl(p, Term::small(1), Term::small(1024)))));
  EXPECT_EQ(S(int_from_double(p, 1.0e20)), "100000000000000000000");
  EXPECT_EQ(S(int_from_double(p, -1.8446744073709552e19)), "-18446744073709551616");
  EXPECT_EQ(int_from_double(p, -3.0).small_value(), -3);
  std::int64_t v;
  EXPECT_TRUE(int_to_int64(make_integer(p, INT64_MIN), v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(int_to_int64(p64, v));
  EXPECT_FALSE(int_to_int64(make_integer_u64(p, 1ull << 63), v));
}

}  // namespace
}  // namespace girder::vm
