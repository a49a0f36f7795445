// Term order and equality against results recorded from Erlang/OTP 25.
#include <gtest/gtest.h>

#include <vector>

#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

class CompareTest : public ::testing::Test {
 protected:
  VM vm;
  Process p{vm, 1};
  int cmp(Term a, Term b) { return compare_terms(vm, a, b); }
  int cmpx(Term a, Term b) { return compare_terms_exact(vm, a, b); }
  Term F(double d) { return make_float(p, d); }
  Term A(const char* s) { return vm.atoms().intern(s); }
  Term big(const char* s) { return int_from_string(p, s); }
  Term bits(std::initializer_list<unsigned char> bytes, Word bit_size) {
    // A sub-binary over a heap binary, to get any bit length.
    std::string b(bytes.begin(), bytes.end());
    Term base = make_binary(p, b);
    Word* o = p.alloc(kSubBinWords);
    o[0] = make_header(BoxKind::SubBin, 3);
    o[1] = bit_size;
    o[2] = 0;
    o[3] = base.raw();
    return Term::boxed(o);
  }
  Term ref(Word id) {
    Word* o = p.alloc(kRefObjectWords);
    o[0] = make_header(BoxKind::Ref, kRefWords);
    o[1] = id;
    o[2] = 0;
    return Term::boxed(o);
  }
  Term flatmap(std::vector<Term> keys, std::vector<Term> values) {
    Term kt = make_tuple(p, std::span<const Term>(keys));
    Word* o = p.alloc(flatmap_words(keys.size()));
    o[0] = make_header(BoxKind::Map, 2 + keys.size());
    o[1] = keys.size();
    o[2] = kt.raw();
    for (std::size_t i = 0; i < values.size(); ++i) o[3 + i] = values[i].raw();
    return Term::boxed(o);
  }
};

TEST_F(CompareTest, TypeOrder) {
  // number < atom < reference < fun < port < pid < tuple < map < [] < list < bitstring
  Term s1 = Term::small(1);
  std::vector<Term> order = {s1, A("a"), ref(1), Term::port(1), Term::pid(1), make_tuple(p, {s1}),
                             flatmap({}, {}), kNil, make_cons(p, s1, kNil), bits({1}, 8)};
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t j = 0; j < order.size(); ++j) {
      int want = i < j ? -1 : (i > j ? 1 : 0);
      EXPECT_EQ(cmp(order[i], order[j]), want) << i << " " << j;
      EXPECT_EQ(cmpx(order[i], order[j]), want) << i << " " << j;
    }
}

TEST_F(CompareTest, Numbers) {
  EXPECT_EQ(cmp(Term::small(1), F(1.0)), 0);
  EXPECT_EQ(cmp(Term::small(1), F(1.5)), -1);
  EXPECT_EQ(cmp(F(-0.0), F(0.0)), 0);
  EXPECT_TRUE(exact_equal(F(-0.0), F(0.0)));  // OTP 25: 0.0 =:= -0.0
  EXPECT_FALSE(exact_equal(Term::small(1), F(1.0)));
  EXPECT_TRUE(arith_equal(vm, Term::small(1), F(1.0)));
  // 9007199254740993 vs 9007199254740992.0: greater, not equal.
  EXPECT_EQ(cmp(make_integer(p, 9007199254740993LL), F(9007199254740992.0)), 1);
  // 1152921504606846977 > 1152921504606846976.0 (a bignum and 2^60)
  EXPECT_EQ(cmp(big("1152921504606846977"), F(1152921504606846976.0)), 1);
  EXPECT_EQ(cmp(big("18446744073709551616"), F(1.8446744073709552e19)), 0);
  EXPECT_EQ(cmp(big("18446744073709551617"), F(1.8446744073709552e19)), 1);
  EXPECT_EQ(cmp(big("-18446744073709551617"), F(-1.8446744073709552e19)), -1);
  EXPECT_EQ(cmp(big("100000000000000000000"), F(1.0e20)), 0);
  Term p1024 = int_bsl(p, Term::small(1), Term::small(1024));
  EXPECT_EQ(cmp(p1024, F(1.7976931348623157e308)), 1);
  EXPECT_EQ(cmp(F(1.0e308), p1024), -1);
  EXPECT_EQ(cmp(big("576460752303423488"), F(576460752303423488.5)), 0);  // float is 2^59
  EXPECT_EQ(cmp(big("-576460752303423489"), F(-576460752303423488.0)), -1);
  // Exact order: every integer before every float (maps:keys order).
  EXPECT_EQ(cmpx(Term::small(1), F(1.0)), -1);
  EXPECT_EQ(cmpx(Term::small(2), F(1.5)), -1);
  EXPECT_EQ(cmpx(big("1180591620717411303424"), F(0.5)), -1);
  EXPECT_EQ(cmpx(F(0.5), F(1.5)), -1);
}

TEST_F(CompareTest, AtomsTuplesLists) {
  EXPECT_EQ(cmp(A("a"), A("b")), -1);
  EXPECT_EQ(cmp(A("ab"), A("a")), 1);
  EXPECT_EQ(cmp(A("\xce\xa9"), A("z")), 1);  // 'Ω' > 'z'
  Term s1 = Term::small(1), s2 = Term::small(2), s3 = Term::small(3);
  EXPECT_EQ(cmp(make_tuple(p, {s1, s2}), make_tuple(p, {s1, s2, s3})), -1);
  EXPECT_EQ(cmp(make_tuple(p, {s3}), make_tuple(p, {s1, s2})), -1);  // size first
  EXPECT_EQ(cmp(make_tuple(p, {s1, F(2.0)}), make_tuple(p, {s1, s2})), 0);
  EXPECT_EQ(cmpx(make_tuple(p, {s1, F(2.0)}), make_tuple(p, {s1, s2})), 1);
  // [1|2] < [1,2]; [1|2] < [1|a]; [a] > [1|b]
  Term l12 = make_list(p, std::vector<Term>{s1, s2});
  EXPECT_EQ(cmp(make_cons(p, s1, s2), l12), -1);
  EXPECT_EQ(cmp(make_cons(p, s1, s2), make_cons(p, s1, A("a"))), -1);
  EXPECT_EQ(cmp(make_cons(p, A("a"), kNil), make_cons(p, s1, A("b"))), 1);
  EXPECT_FALSE(exact_equal(make_list(p, std::vector<Term>{s1}), make_list(p, std::vector<Term>{F(1.0)})));
  EXPECT_TRUE(arith_equal(vm, make_list(p, std::vector<Term>{s1}), make_list(p, std::vector<Term>{F(1.0)})));
}

TEST_F(CompareTest, LongAndDeepTermsDoNotRecurse) {
  Term a = kNil, b = kNil;
  for (int i = 0; i < 2000000; ++i) {
    a = make_cons(p, Term::small(i), a);
    b = make_cons(p, Term::small(i), b);
  }
  EXPECT_EQ(cmp(a, b), 0);
  EXPECT_TRUE(exact_equal(a, b));
  Term c = make_cons(p, Term::small(-1), b);
  EXPECT_EQ(cmp(make_cons(p, Term::small(-2), a), c), -1);
  Term x = kNil, y = kNil;  // nested heads: [[[...]]]
  for (int i = 0; i < 1000000; ++i) {
    x = make_cons(p, x, kNil);
    y = make_cons(p, y, kNil);
  }
  EXPECT_TRUE(exact_equal(x, y));
  EXPECT_EQ(cmp(x, y), 0);
}

TEST_F(CompareTest, Bitstrings) {
  // lists:sort([<<1:1>>, <<0:2>>, <<>>, <<1>>, <<0,1>>, <<1:3>>, <<128>>])
  // = [<<>>,<<0:2>>,<<0,1>>,<<1>>,<<1:3>>,<<1:1>>,<<128>>]
  std::vector<Term> sorted = {bits({}, 0),     bits({0}, 2),   bits({0, 1}, 16), bits({1}, 8),
                              bits({0x20}, 3), bits({0x80}, 1), bits({128}, 8)};
  for (std::size_t i = 0; i + 1 < sorted.size(); ++i) EXPECT_EQ(cmp(sorted[i], sorted[i + 1]), -1) << i;
  EXPECT_TRUE(exact_equal(bits({1, 2, 3}, 24), make_binary(p, "\x01\x02\x03")));
  EXPECT_FALSE(exact_equal(bits({1, 2, 3}, 23), make_binary(p, "\x01\x02\x03")));
}

TEST_F(CompareTest, MapsAndRefs) {
  Term s1 = Term::small(1), s2 = Term::small(2);
  // #{1 => a} == #{1.0 => a} is false; #{a => 1} == #{a => 1.0} is true.
  EXPECT_NE(cmp(flatmap({s1}, {A("a")}), flatmap({F(1.0)}, {A("a")})), 0);
  EXPECT_EQ(cmp(flatmap({s1}, {A("a")}), flatmap({F(1.0)}, {A("a")})), -1);
  EXPECT_EQ(cmp(flatmap({A("a")}, {s1}), flatmap({A("a")}, {F(1.0)})), 0);
  EXPECT_FALSE(exact_equal(flatmap({A("a")}, {s1}), flatmap({A("a")}, {F(1.0)})));
  EXPECT_EQ(cmp(flatmap({s2}, {A("a")}), flatmap({F(1.0)}, {A("a")})), -1);
  // #{a => 1, b => 2} < #{a => 2, b => 1}; #{a => 2, c => 1} > #{a => 1, b => 1}
  EXPECT_EQ(cmp(flatmap({A("a"), A("b")}, {s1, s2}), flatmap({A("a"), A("b")}, {s2, s1})), -1);
  EXPECT_EQ(cmp(flatmap({A("a"), A("c")}, {s2, s1}), flatmap({A("a"), A("b")}, {s1, s1})), 1);
  EXPECT_EQ(cmp(flatmap({A("a")}, {s1}), flatmap({A("a"), A("b")}, {s1, s1})), -1);
  EXPECT_TRUE(exact_equal(flatmap({A("a")}, {s1}), flatmap({A("a")}, {s1})));
  EXPECT_EQ(cmp(ref(1), ref(2)), -1);  // make_ref() < make_ref()
  EXPECT_TRUE(exact_equal(ref(7), ref(7)));
  EXPECT_EQ(cmp(Term::pid(3), Term::pid(10)), -1);
  EXPECT_EQ(cmp(Term::port(3), Term::port(1)), 1);
}

}  // namespace
}  // namespace girder::vm
