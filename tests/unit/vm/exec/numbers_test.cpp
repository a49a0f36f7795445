// Number BIFs, generic arithmetic, math and float text, against output
// recorded from Erlang/OTP 25.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "vm/bif/bif.h"
#include "vm/exec/arith.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/text/float_format.h"
#include "vm/vm.h"

namespace girder::vm {

std::span<const BifSpec> bifs_numbers();
std::span<const BifSpec> bifs_math();

namespace {

class NumbersTest : public ::testing::Test {
 protected:
  VM vm;
  Process p{vm, 1};
  Term call(std::string_view m, std::string_view f, std::initializer_list<Term> args) {
    for (auto table : {bifs_numbers(), bifs_math()})
      for (const BifSpec& b : table)
        if (b.module == m && b.name == f && b.arity == args.size()) return b.fn(p, args.begin());
    ADD_FAILURE() << "no bif " << f;
    return kNonValue;
  }
  Term F(double d) { return make_float(p, d); }
  std::string str(Term list) {
    std::string s;
    EXPECT_TRUE(bytes_from_list(list, s));
    return s;
  }
  bool fails(Term r, Term reason) { return r.is_non_value() && p.error_reason() == reason; }
  Term opts(std::initializer_list<Term> o) { return make_list(p, std::span<const Term>(o.begin(), o.size())); }
  Term dec(int n) { return make_tuple(p, {atoms::decimals, Term::small(n)}); }
  Term sci(int n) { return make_tuple(p, {atoms::scientific, Term::small(n)}); }
};

TEST_F(NumbersTest, ArithMixing) {
  EXPECT_EQ(arith_sub(p, Term::small(5), F(1.0)).float_value(), 4.0);
  EXPECT_EQ(arith_mul(p, Term::small(3), F(0.5)).float_value(), 1.5);
  EXPECT_EQ(arith_fdiv(p, Term::small(1), Term::small(2)).float_value(), 0.5);
  EXPECT_TRUE(fails(arith_fdiv(p, Term::small(1), Term::small(0)), atoms::badarith));
  EXPECT_TRUE(fails(arith_fdiv(p, F(0.0), F(0.0)), atoms::badarith));
  EXPECT_TRUE(fails(arith_mul(p, F(1.0e308), Term::small(10)), atoms::badarith));
  EXPECT_TRUE(fails(arith_rem(p, F(1.0), Term::small(2)), atoms::badarith));
  EXPECT_TRUE(fails(arith_idiv(p, Term::small(5), F(2.0)), atoms::badarith));
  EXPECT_TRUE(fails(arith_band(p, Term::small(1), F(1.0)), atoms::badarith));
  EXPECT_TRUE(fails(arith_add(p, atoms::ok, Term::small(1)), atoms::badarith));
  EXPECT_TRUE(fails(arith_plus(p, atoms::ok), atoms::badarith));
  Term p1024 = int_bsl(p, Term::small(1), Term::small(1024));
  EXPECT_TRUE(fails(arith_add(p, p1024, F(0.5)), atoms::badarith));
  // (1 bsl 64) + 0.5 = 1.8446744073709552e19
  EXPECT_EQ(arith_add(p, int_bsl(p, Term::small(1), Term::small(64)), F(0.5)).float_value(),
            18446744073709551616.0);
  EXPECT_TRUE(std::signbit(arith_neg(p, F(0.0)).float_value()));
  EXPECT_TRUE(arith_add(p, Term::small(kSmallMax), Term::small(1)).is_bignum());
}

TEST_F(NumbersTest, RoundingAndAbs) {
  EXPECT_EQ(call("erlang", "round", {F(2.5)}).small_value(), 3);
  EXPECT_EQ(call("erlang", "round", {F(-2.5)}).small_value(), -3);
  EXPECT_EQ(int_to_string(call("erlang", "round", {F(1.0e20)})), "100000000000000000000");
  EXPECT_EQ(call("erlang", "trunc", {F(-1.5)}).small_value(), -1);
  EXPECT_EQ(call("erlang", "ceil", {F(-1.5)}).small_value(), -1);
  EXPECT_EQ(call("erlang", "floor", {F(-1.5)}).small_value(), -2);
  EXPECT_TRUE(fails(call("erlang", "round", {atoms::ok}), atoms::badarg));
  EXPECT_EQ(int_to_string(call("erlang", "abs", {Term::small(kSmallMin)})), "576460752303423488");
  EXPECT_EQ(call("erlang", "abs", {F(-2.0)}).float_value(), 2.0);
  EXPECT_TRUE(fails(call("erlang", "float", {int_bsl(p, Term::small(1), Term::small(1024))}), atoms::badarg));
  EXPECT_EQ(call("erlang", "float", {Term::small(-3)}).float_value(), -3.0);
  // min(1, 1.0) = 1, max(1, 1.0) = 1, min(1.0, 1) = 1.0, max(1.0, 1) = 1.0
  Term one = Term::small(1), onef = F(1.0);
  EXPECT_EQ(call("erlang", "min", {one, onef}), one);
  EXPECT_EQ(call("erlang", "max", {one, onef}), one);
  EXPECT_EQ(call("erlang", "min", {onef, one}), onef);
  EXPECT_EQ(call("erlang", "max", {onef, one}), onef);
  EXPECT_EQ(call("erlang", "<", {one, atoms::ok}), kTrue);
  EXPECT_EQ(call("erlang", "=:=", {one, onef}), kFalse);
  EXPECT_EQ(call("erlang", "==", {one, onef}), kTrue);
}

TEST_F(NumbersTest, IntegerText) {
  EXPECT_EQ(str(call("erlang", "integer_to_list", {Term::small(255), Term::small(16)})), "FF");
  EXPECT_EQ(str(call("erlang", "integer_to_list", {Term::small(-255), Term::small(36)})), "-73");
  EXPECT_TRUE(fails(call("erlang", "integer_to_list", {Term::small(1), Term::small(37)}), atoms::badarg));
  EXPECT_EQ(call("erlang", "list_to_integer", {make_string(p, "+5")}).small_value(), 5);
  EXPECT_EQ(call("erlang", "list_to_integer", {make_string(p, "ff"), Term::small(16)}).small_value(), 255);
  for (const char* bad : {"1_000", "+", "-", "", " 5"})
    EXPECT_TRUE(fails(call("erlang", "list_to_integer", {make_string(p, bad)}), atoms::badarg)) << bad;
  EXPECT_EQ(call("erlang", "binary_to_integer", {make_binary(p, "-0")}).small_value(), 0);
  Term b = call("erlang", "integer_to_binary", {make_integer(p, INT64_MIN)});
  BitView v = bit_view(b);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(v.data), v.byte_size()), "-9223372036854775808");
}

TEST_F(NumbersTest, FloatShortAndScientific) {
  // {F, io_lib ~p / float_to_list(F, [short]), float_to_list(F)} from erl.
  struct Case { double f; const char* shortest; const char* scientific; };
  const Case cases[] = {
      {0.1, "0.1", "1.00000000000000005551e-01"},
      {1.0, "1.0", "1.00000000000000000000e+00"},
      {100.0, "100.0", "1.00000000000000000000e+02"},
      {1.0e15, "1.0e15", "1.00000000000000000000e+15"},
      {123.456, "123.456", "1.23456000000000003070e+02"},
      {1.0e-4, "0.0001", "1.00000000000000004792e-04"},
      {5.0e-324, "5.0e-324", "4.94065645841246544177e-324"},
      {1.7976931348623157e308, "1.7976931348623157e308", "1.79769313486231570815e+308"},
      {-0.0, "-0.0", "-0.00000000000000000000e+00"},
      {2.5e22, "2.5e22", "2.49999999999999979028e+22"},
      {123456789012345680000.0, "1.2345678901234568e20", "1.23456789012345683968e+20"},
      {1.0e23, "1.0e23", "9.99999999999999916114e+22"},
      {9007199254740992.0, "9.007199254740992e15", "9.00719925474099200000e+15"},
      {999999999999999.9, "999999999999999.9", "9.99999999999999875000e+14"},
      {1.0e5, "1.0e5", "1.00000000000000000000e+05"},
      {123456.0, "123456.0", "1.23456000000000000000e+05"},
      {1.0e-5, "1.0e-5", "1.00000000000000008180e-05"},
      {0.30000000000000004, "0.30000000000000004", "3.00000000000000044409e-01"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(format_float_short(c.f), c.shortest);
    EXPECT_EQ(format_float_scientific(c.f, 20), c.scientific);
  }
  // More short layouts: fixed unless scientific is shorter; ties go fixed.
  EXPECT_EQ(format_float_short(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(format_float_short(4503599627370497.0), "4503599627370497.0");
  EXPECT_EQ(format_float_short(9999999999999998.0), "9.999999999999998e15");
  EXPECT_EQ(format_float_short(0.00012345), "1.2345e-4");
  EXPECT_EQ(format_float_short(0.0012345), "0.0012345");
  EXPECT_EQ(format_float_short(0.0003), "0.0003");
  EXPECT_EQ(format_float_short(0.00031), "3.1e-4");
  EXPECT_EQ(format_float_short(1.0e14), "1.0e14");
  EXPECT_EQ(format_float_short(-1.23e-8), "-1.23e-8");
}

TEST_F(NumbersTest, FloatDecimals) {
  struct Case { double f; int d; bool compact; const char* want; };
  const Case cases[] = {
      {1.005, 2, false, "1.00"}, {2.675, 2, false, "2.67"}, {1.0, 3, true, "1.0"},
      {1.5, 3, true, "1.5"}, {100.0, 0, true, "100"}, {0.5, 0, false, "1"},
      {1.5, 0, false, "2"}, {2.5, 0, false, "3"}, {-0.0, 2, false, "-0.00"},
      {-0.001, 2, false, "-0.00"}, {1.0e20, 2, false, "100000000000000000000.00"},
      {0.1, 20, false, "0.10000000000000000555"}, {0.1, 17, false, "0.10000000000000000"},
      {123.0, 2, true, "123.0"}, {0.0, 2, true, "0.0"}, {-1.0e-10, 2, true, "-0.0"},
      {0.145, 2, false, "0.14"}, {0.125, 2, false, "0.13"}, {8.345, 2, false, "8.35"},
      {1.15, 1, false, "1.1"}, {1.25, 1, false, "1.3"}, {5.0e-324, 3, false, "0.000"},
      {4503599627370495.5, 0, false, "4503599627370496"},
      {9007199254740993.0, 1, false, "9007199254740992.0"},
      {1.0e22, 1, false, "10000000000000000000000.0"},
      {-6004600000.2093039, 17, false, "-6004600000.20930385589599608"},
      {2.1000000000000001, 16, false, "2.1000000000000001"},
  };
  for (const Case& c : cases) EXPECT_EQ(format_float_decimals(c.f, c.d, c.compact), c.want) << c.f;
  EXPECT_EQ(format_float_decimals(1.0e300, 2, false), "");  // badarg: 256+ bytes
  EXPECT_EQ(format_float_decimals(1.0e252, 2, false), "");
  EXPECT_EQ(format_float_decimals(1.0e251, 2, false).size(), 255u);
  EXPECT_EQ(format_float_decimals(1.23, 254, false), "");
  EXPECT_EQ(format_float_decimals(1.23, 253, false).size(), 255u);
  EXPECT_EQ(format_float_scientific(1.23, 3), "1.230e+00");
  EXPECT_EQ(format_float_scientific(1.23, 0), "1e+00");
  EXPECT_EQ(format_float_scientific(1.23, 250), "");
}

TEST_F(NumbersTest, FloatToListOptions) {
  Term x = F(1.23);
  EXPECT_EQ(str(call("erlang", "float_to_list", {x, opts({sci(3), dec(2)})})), "1.23");
  EXPECT_EQ(str(call("erlang", "float_to_list", {x, opts({dec(2), sci(3)})})), "1.230e+00");
  EXPECT_EQ(str(call("erlang", "float_to_list", {x, opts({atoms::short_, dec(2)})})), "1.23");
  EXPECT_EQ(str(call("erlang", "float_to_list", {x, opts({atoms::compact})})), "1.22999999999999998224e+00");
  EXPECT_EQ(str(call("erlang", "float_to_list", {x, opts({sci(3), atoms::compact})})), "1.230e+00");
  EXPECT_EQ(str(call("erlang", "float_to_list", {x, kNil})), "1.22999999999999998224e+00");
  EXPECT_TRUE(fails(call("erlang", "float_to_list", {x, opts({atoms::ok})}), atoms::badarg));
  EXPECT_TRUE(fails(call("erlang", "float_to_list", {x, opts({dec(-1)})}), atoms::badarg));
  EXPECT_TRUE(fails(call("erlang", "float_to_list", {x, atoms::ok}), atoms::badarg));
  EXPECT_TRUE(fails(call("erlang", "float_to_list", {Term::small(1), kNil}), atoms::badarg));
}

TEST_F(NumbersTest, ParseFloat) {
  double d;
  for (const char* bad : {"1", "1e5", ".5", "1.", "1.5e", " 1.5", "1.5 ", "1.0e400", "1_0.5", "inf",
                          "1.5e+", "1.e5", "1.0e5.0"})
    EXPECT_FALSE(parse_float(bad, d)) << bad;
  ASSERT_TRUE(parse_float("-1.5e-3", d));
  EXPECT_EQ(d, -0.0015);
  ASSERT_TRUE(parse_float("+1.5E+3", d));
  EXPECT_EQ(d, 1500.0);
  ASSERT_TRUE(parse_float("1.0e-400", d));
  EXPECT_EQ(d, 0.0);
  ASSERT_TRUE(parse_float("01.50", d));
  EXPECT_EQ(d, 1.5);
  EXPECT_EQ(call("erlang", "binary_to_float", {make_binary(p, "2.5")}).float_value(), 2.5);
  EXPECT_TRUE(fails(call("erlang", "binary_to_float", {make_binary(p, "2")}), atoms::badarg));
}

TEST_F(NumbersTest, Math) {
  EXPECT_EQ(call("math", "pi", {}).float_value(), 3.141592653589793);
  EXPECT_EQ(call("math", "sqrt", {Term::small(2)}).float_value(), 1.4142135623730951);
  EXPECT_EQ(call("math", "exp", {Term::small(1)}).float_value(), 2.718281828459045);
  EXPECT_EQ(call("math", "atan2", {Term::small(1), Term::small(2)}).float_value(), 0.4636476090008061);
  EXPECT_EQ(call("math", "fmod", {F(5.5), Term::small(2)}).float_value(), 1.5);
  EXPECT_TRUE(fails(call("math", "sqrt", {Term::small(-1)}), atoms::badarith));
  EXPECT_TRUE(fails(call("math", "log", {Term::small(0)}), atoms::badarith));
  EXPECT_TRUE(fails(call("math", "log", {Term::small(-1)}), atoms::badarith));
  EXPECT_TRUE(fails(call("math", "fmod", {Term::small(1), Term::small(0)}), atoms::badarith));
  EXPECT_TRUE(fails(call("math", "pow", {Term::small(0), Term::small(-1)}), atoms::badarith));
  EXPECT_TRUE(fails(call("math", "acos", {Term::small(2)}), atoms::badarith));
  EXPECT_TRUE(fails(call("math", "exp", {Term::small(1000)}), atoms::badarith));
  EXPECT_TRUE(fails(call("math", "sqrt", {atoms::ok}), atoms::badarg));
  EXPECT_TRUE(fails(call("math", "pow", {atoms::ok, Term::small(1)}), atoms::badarg));
  EXPECT_TRUE(fails(call("math", "sqrt", {int_bsl(p, Term::small(1), Term::small(1100))}), atoms::badarith));
}

}  // namespace
}  // namespace girder::vm
