// Semantic check tests: variable binding and safety, function existence,
// guards and patterns, with erl_lint's messages.
#include <gtest/gtest.h>

#include "tests/unit/compiler/test_util.h"

namespace girder::compiler::testing {
namespace {

// Errors of a module whose functions are all exported (so only real errors remain).
std::vector<std::string> errs(const std::string& body) {
  return module_errors("-module(m).\n-compile(export_all).\n" + body);
}

std::vector<std::string> v(std::initializer_list<const char*> l) { return {l.begin(), l.end()}; }

TEST(Check, CleanModule) {
  EXPECT_EQ(errs("f(X) -> case X of 1 -> Y = 1; _ -> Y = 2 end, Y.\n"
                 "g(X) -> receive X -> Y = 1 after 10 -> Y = 2 end, Y.\n"
                 "h(X) -> if X > 1 -> Y = a; true -> Y = b end, Y.\n"
                 "i(X) -> <<A:X, B:A>> = <<1, 2>>, {A, B}.\n"
                 "j(X) -> case X of {Y, Y} -> Y end.\n"
                 "k(X) -> F = fun(X) -> X end, F(X).\n"
                 "l(X) -> fun(A) when A > X -> A end.\n"
                 "m(X) -> [{Y, Z} || Y <- X, Z <- [Y], begin W = Z, W > 0 end].\n"
                 "n(X) -> try X of Y -> Y catch C:R:S -> {C, R, S} after ok end.\n"
                 "o(X) -> fun F(0) -> X; F(N) -> F(N - 1) end.\n"
                 "p(M) -> #{a := V} = M, #{V := W} = M, W.\n"
                 "q(X) -> Y = X, Y = X, {Y}.\n"
                 "r(X) -> [H | T] = X, H = 1, T.\n"
                 "s(X) -> catch X, (X andalso true), X.\n"
                 "t(F) -> apply(F, []), self(), length([]), erlang:now(), lists:map(F, []).\n"),
            v({}));
}

TEST(Check, Unbound) {
  EXPECT_EQ(errs("f(X) -> {X, Y}.\n"), v({"3:13: variable 'Y' is unbound"}));
  EXPECT_EQ(errs("f(X) -> Y + Y.\n"), v({"3:9: variable 'Y' is unbound"}));  // reported once
  EXPECT_EQ(errs("f(X) -> _ + X.\n"), v({"3:9: variable '_' is unbound"}));
  EXPECT_EQ(errs("f(X) -> F = fun(Y) -> Z = Y end, {F, Z}.\n"), v({"3:38: variable 'Z' is unbound"}));
  EXPECT_EQ(errs("f(X) -> [Y || Y <- X], Y.\n"), v({"3:24: variable 'Y' is unbound"}));
  EXPECT_EQ(errs("f(X) -> <<A:B, B:8>> = X, A.\n"), v({"3:13: variable 'B' is unbound"}));
  EXPECT_EQ(errs("f(X) -> try X of Y -> Y catch _ -> Y end.\n"), v({"3:36: variable 'Y' is unbound"}));
  EXPECT_EQ(errs("f(X) when Y > 1 -> X.\n"), v({"3:11: variable 'Y' is unbound"}));
  EXPECT_EQ(errs("f(X) -> #{K := V} = X, V.\n"), v({"3:11: variable 'K' is unbound"}));
}

TEST(Check, Unsafe) {
  EXPECT_EQ(errs("f(X) -> case X of 1 -> Y = 1; 2 -> Z = 2, Y = 3 end, {Y, Z}.\n"),
            v({"3:58: variable 'Z' unsafe in 'case' (line 3, column 9)"}));
  EXPECT_EQ(errs("f(X) -> if X > 1 -> Y = 1; true -> ok end, Y.\n"), v({"3:44: variable 'Y' unsafe in 'if' (line 3, column 9)"}));
  EXPECT_EQ(errs("f(X) -> receive X -> Y = 1 after 10 -> ok end, Y.\n"),
            v({"3:48: variable 'Y' unsafe in 'receive' (line 3, column 9)"}));
  EXPECT_EQ(errs("f() -> try A = 1 of _ -> ok catch _ -> ok end, A.\n"),
            v({"3:48: variable 'A' unsafe in 'try' (line 3, column 8)"}));
  EXPECT_EQ(errs("f() -> try A = 1 catch _ -> A end.\n"), v({"3:29: variable 'A' unsafe in 'try' (line 3, column 8)"}));
  EXPECT_EQ(errs("f() -> catch (Q = 1), Q.\n"), v({"3:23: variable 'Q' unsafe in 'catch' (line 3, column 8)"}));
  // erlc points at the operator; our nodes carry their first token.
  EXPECT_EQ(errs("f(X) -> (X andalso (B = true)), B.\n"), v({"3:33: variable 'B' unsafe in 'andalso' (line 3, column 10)"}));
  EXPECT_EQ(errs("f(X) -> (X orelse (B = true)), B.\n"), v({"3:32: variable 'B' unsafe in 'orelse' (line 3, column 10)"}));
  // Unsafe variables may not be matched in a later pattern either.
  EXPECT_EQ(errs("f(X) -> case X of 1 -> Y = 1; _ -> ok end, Y = 2.\n"),
            v({"3:44: variable 'Y' unsafe in 'case' (line 3, column 9)"}));
  // Bound in every branch of nested constructs: fine.
  EXPECT_EQ(errs("f(X) -> case X of 1 -> case X of _ -> Y = 1 end; _ -> Y = 2 end, Y.\n"), v({}));
}

TEST(Check, Functions) {
  EXPECT_EQ(module_errors("-module(m).\n-export([f/0, nope/2]).\nf() -> foo(1).\n"),
            v({"2:2: function nope/2 undefined", "3:8: function foo/1 undefined"}));
  EXPECT_EQ(errs("f() -> fun zz/3.\n"), v({"3:8: function zz/3 undefined"}));
  EXPECT_EQ(errs("f() -> 'Foo'().\n"), v({"3:8: function 'Foo'/0 undefined"}));
  // Imports, auto-imported BIFs, module_info and local functions are all fine.
  EXPECT_EQ(module_errors("-module(m).\n-export([f/0]).\n-import(lists, [reverse/1]).\n"
                          "f() -> {reverse([]), element(1, {a}), module_info(), module_info(md5), g(), fun g/0}.\ng() -> ok.\n"),
            v({}));
}

TEST(Check, Guards) {
  EXPECT_EQ(errs("f(X) when foo(X) -> 1.\n"), v({"3:11: illegal guard expression"}));
  EXPECT_EQ(errs("f(X) when X ++ [] -> 1.\n"), v({"3:11: illegal guard expression"}));
  EXPECT_EQ(errs("f(X) when X andalso (B = 1) -> ok.\n"), v({"3:22: illegal guard expression"}));
  EXPECT_EQ(errs("f(X) when X ! 1 -> ok.\n"), v({"3:11: illegal guard expression"}));
  EXPECT_EQ(errs("f(X) when lists:member(X, []) -> ok.\n"), v({"3:11: illegal guard expression"}));
  EXPECT_EQ(errs("f(X) when (fun() -> true end)() -> ok.\n"), v({"3:12: illegal guard expression"}));
  EXPECT_EQ(errs("f(X) when [Y || Y <- X] == [] -> ok.\n"), v({"3:11: illegal guard expression"}));
  EXPECT_EQ(errs("f(X) when is_integer(X), X > 0; is_atom(X) andalso not (X == a) -> ok;\n"
                 "f(X) when abs(X) + element(1, {1}) * 2 > length([1 | []]), map_size(#{a => X}) == 1 -> ok;\n"
                 "f(X) when erlang:is_list(X), erlang:'>'(X, 1), is_record(X, r, 3), X#{} == #{} -> ok;\n"
                 "f(X) when <<X/binary>> == <<>>, {X} =/= {}, -X < +X, bnot 1 == -2, tuple_size({}) == 0 -> ok.\n"),
            v({}));
}

TEST(Check, Patterns) {
  EXPECT_EQ(errs("f(X + Y) -> ok.\n"), v({"3:3: illegal pattern"}));
  EXPECT_EQ(errs("f(g()) -> ok.\n"), v({"3:3: illegal pattern"}));
  EXPECT_EQ(errs("f(#{a => 1}) -> ok.\n"), v({"3:5: illegal pattern"}));
  EXPECT_EQ(errs("f(<<(X + 1):8>>) -> ok.\n"), v({"3:6: illegal pattern"}));
  EXPECT_EQ(errs("f(X) -> [Y || {Y, m:f()} <- X].\n"), v({"3:19: illegal pattern"}));
  EXPECT_EQ(errs("f(\"ab\" ++ T, [1] ++ U, -1, 1 + 2, $a, 2.5, <<\"s\", Y:16>>, {A, [B | C]} = D) -> ok.\n"), v({}));
  EXPECT_EQ(errs("f(X ++ \"ab\") -> ok.\n"), v({"3:3: illegal pattern"}));
}

TEST(Check, MapConstruction) {
  EXPECT_EQ(errs("f() -> #{a := 1}.\n"), v({"3:10: only association operators '=>' are allowed in map construction"}));
}

TEST(Check, ErrorsAreSortedByPosition) {
  auto es = module_errors("-module(m).\n-export([f/0, nope/0]).\nf() -> ?A + Y.\ng() -> ok ok.\n");
  // f/0 is dropped with its macro error, so its export is undefined too (as in erlc).
  ASSERT_EQ(es.size(), 4u);
  EXPECT_EQ(es[0], "2:2: function f/0 undefined");
  EXPECT_EQ(es[1], "2:2: function nope/0 undefined");
  EXPECT_EQ(es[2], "3:9: undefined macro 'A'");
  EXPECT_EQ(es[3], "4:11: syntax error before: ok");
}

TEST(Check, FormatIsFileLineColMessage) {
  FrontendResult r = parse_module("-module(m).\nf() -> X.\n", "dir/m.erl");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(), "dir/m.erl:2:8: variable 'X' is unbound");
  EXPECT_FALSE(r.module);
}

}  // namespace
}  // namespace girder::compiler::testing
