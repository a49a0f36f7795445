// Record desugaring tests: creation, patterns, access, update, guards,
// record_info and is_record.
#include <gtest/gtest.h>

#include "tests/unit/compiler/test_util.h"

namespace girder::compiler::testing {
namespace {

const char* const kPrelude =
    "-module(m).\n-export([f/1]).\n"
    "-record(r, {a = 1, b, c = [x]}).\n"
    "-record(s, {x = #r{b = 2}, y}).\n";

std::string f(const std::string& clauses) { return function_dump(std::string(kPrelude) + clauses + "\n", "f"); }

TEST(Desugar, Creation) {
  EXPECT_EQ(f("f(X) -> #r{b = X}."), "f/1: (cl (X) -> {r,1,X,[x]})");
  EXPECT_EQ(f("f(X) -> #r{c = X, a = 2}."), "f/1: (cl (X) -> {r,2,undefined,X})");
  EXPECT_EQ(f("f(X) -> #r{_ = X}."), "f/1: (cl (X) -> {r,X,X,X})");
  EXPECT_EQ(f("f(X) -> #r{a = 0, _ = X}."), "f/1: (cl (X) -> {r,0,X,X})");
  // Defaults that are records themselves are expanded at each creation.
  EXPECT_EQ(f("f(X) -> #s{y = X}."), "f/1: (cl (X) -> {s,{r,1,2,[x]},X})");
}

TEST(Desugar, Patterns) {
  EXPECT_EQ(f("f(#r{a = A}) -> A."), "f/1: (cl ({r,A,_,_}) -> A)");
  EXPECT_EQ(f("f(#r{}) -> ok."), "f/1: (cl ({r,_,_,_}) -> ok)");
  EXPECT_EQ(f("f(#r{b = 1, _ = '_'}) -> ok."), "f/1: (cl ({r,'_',1,'_'}) -> ok)");
  EXPECT_EQ(f("f(R = #s{x = #r{a = A}}) -> {R, A}."), "f/1: (cl ((= R {s,{r,A,_,_},_})) -> {R,A})");
  EXPECT_EQ(f("f(X) -> case X of #r{c = [C]} -> C end."), "f/1: (cl (X) -> (case X (cl ({r,_,_,[C]}) -> C)))");
}

TEST(Desugar, IndexAndInfo) {
  EXPECT_EQ(f("f(_) -> {#r.a, #r.c, #s.y}."), "f/1: (cl (_) -> {2,4,3})");
  EXPECT_EQ(f("f(_) -> {record_info(size, r), record_info(fields, r)}."), "f/1: (cl (_) -> {4,[a,b,c]})");
  EXPECT_EQ(f("f(X) when X =:= #r.b -> ok."), "f/1: (cl (X) when ((=:= X 3)) -> ok)");
}

TEST(Desugar, FieldAccessInBody) {
  EXPECT_EQ(f("f(R) -> R#r.b."),
            "f/1: (cl (R) -> (case R (cl ({r,_,__R.1,_}) -> __R.1) (cl (__R.2) -> (call erlang:error {badrecord,__R.2}))))");
}

TEST(Desugar, NestedFieldAccess) {
  EXPECT_EQ(f("f(S) -> S#s.x#r.a."),
            "f/1: (cl (S) -> (case (case S (cl ({s,__R.1,_}) -> __R.1) (cl (__R.2) -> (call erlang:error {badrecord,__R.2}))) "
            "(cl ({r,__R.3,_,_}) -> __R.3) (cl (__R.4) -> (call erlang:error {badrecord,__R.4}))))");
}

TEST(Desugar, Update) {
  EXPECT_EQ(f("f(R) -> R#r{b = 5}."),
            "f/1: (cl (R) -> (begin (= __R.1 R) (case __R.1 (cl ({r,__R.2,_,__R.3}) -> {r,__R.2,5,__R.3}) "
            "(cl (__R.4) -> (call erlang:error {badrecord,__R.4})))))");
  // Non-trivial values are bound first, outside the shape check.
  EXPECT_EQ(f("f(R) -> R#r{a = m:g(), c = 1}."),
            "f/1: (cl (R) -> (begin (= __R.1 R) (= __R.2 (call m:g)) (case __R.1 (cl ({r,_,__R.3,_}) -> {r,__R.2,__R.3,1}) "
            "(cl (__R.4) -> (call erlang:error {badrecord,__R.4})))))");
}

TEST(Desugar, GuardAccessAddsRecordTest) {
  EXPECT_EQ(f("f(R) when R#r.a > 1 -> ok."),
            "f/1: (cl (R) when ((andalso (call is_record R r 4) (> (call erlang:element 2 R) 1))) -> ok)");
  EXPECT_EQ(f("f(R) when is_integer(R#r.a), R#r.b; R#s.y -> ok."),
            "f/1: (cl (R) when ((andalso (call is_record R r 4) (call is_integer (call erlang:element 2 R))) "
            "(andalso (call is_record R r 4) (call erlang:element 3 R))) "
            "((andalso (call is_record R s 3) (call erlang:element 3 R))) -> ok)");
}

TEST(Desugar, IsRecord) {
  EXPECT_EQ(f("f(X) when is_record(X, r) -> 1; f(X) -> is_record(X, s)."),
            "f/1: (cl (X) when ((call is_record X r 4)) -> 1) (cl (X) -> (call is_record X s 3))");
  EXPECT_EQ(f("f(X) -> erlang:is_record(X, r)."), "f/1: (cl (X) -> (call erlang:is_record X r 4))");
  EXPECT_EQ(f("f(X) -> is_record(X, r, 4)."), "f/1: (cl (X) -> (call is_record X r 4))");
}

TEST(Desugar, RecordsInsideFunsAndComprehensions) {
  EXPECT_EQ(f("f(L) -> [A || #r{a = A} <- L, A > #r.b]."), "f/1: (cl (L) -> (lc A {r,A,_,_} <- L (> A 3)))");
  EXPECT_EQ(f("f(L) -> fun(#r{b = B}) -> #s{y = B} end."), "f/1: (cl (L) -> (fun (cl ({r,_,B,_}) -> {s,{r,1,2,[x]},B})))");
}

TEST(Desugar, Errors) {
  EXPECT_EQ(first_error(std::string(kPrelude) + "f(X) -> #q{}.\n"), "5:9: record q undefined");
  EXPECT_EQ(first_error(std::string(kPrelude) + "f(X) -> #r{z = 1}.\n"), "5:12: field z undefined in record r");
  EXPECT_EQ(first_error(std::string(kPrelude) + "f(X) -> X#r.z.\n"), "5:9: field z undefined in record r");
  EXPECT_EQ(first_error(std::string(kPrelude) + "f(X) -> #r.z.\n"), "5:9: field z undefined in record r");
  EXPECT_EQ(first_error(std::string(kPrelude) + "f(X) -> #r{a = 1, a = 2}.\n"), "5:19: field a already defined in record r");
  EXPECT_EQ(first_error(std::string(kPrelude) + "f(X) -> record_info(foo, r).\n"), "5:9: illegal record info");
  EXPECT_EQ(first_error(std::string(kPrelude) + "f(X#r.a) -> ok.\n"), "5:3: illegal pattern");
  EXPECT_EQ(first_error(std::string(kPrelude) + "f(X) -> is_record(X, q).\n"), "5:22: record q undefined");
  // A record cannot use itself in its own default.
  EXPECT_EQ(first_error("-module(m).\n-export([f/0]).\n-record(t, {a = #t{}}).\nf() -> #t{}.\n"), "3:17: record t undefined");
}

TEST(Desugar, ExplosiveDefaultsAreCut) {
  // Each record's two fields default to the next record: 2^40 tuples if expanded.
  std::string src = "-module(m).\n-export([f/0]).\n-record(r40, {a, b}).\n";
  for (int i = 39; i >= 0; --i) {
    std::string next = "#r" + std::to_string(i + 1) + "{}";
    src += "-record(r" + std::to_string(i) + ", {a = " + next + ", b = " + next + "}).\n";
  }
  src += "f() -> #r0{}.\n";
  std::string e = first_error(src);
  EXPECT_TRUE(e.find("record defaults too large") != std::string::npos || e.find("nesting too deep") != std::string::npos) << e;
}

TEST(Desugar, NoRecordNodesRemain) {
  FrontendResult r = parse_module(std::string(kPrelude) + "f(R) when R#r.a > 0 -> {R#r{a = 1}, #s{}, R#r.b, #r.c}.\n", "m.erl");
  ASSERT_TRUE(r.module) << r.errors[0].format();
  std::string d = dump(*r.module);
  EXPECT_EQ(d.find("(rec"), std::string::npos) << d;
  EXPECT_EQ(d.find("(recfield"), std::string::npos) << d;
  EXPECT_EQ(d.find("(recindex"), std::string::npos) << d;
}

}  // namespace
}  // namespace girder::compiler::testing
