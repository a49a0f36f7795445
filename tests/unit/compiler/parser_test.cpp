// Parser tests: precedence, every expression form, patterns, forms and
// syntax errors with erl_parse's wording.
#include <gtest/gtest.h>

#include "tests/unit/compiler/test_util.h"

namespace girder::compiler::testing {
namespace {

TEST(Parser, Precedence) {
  EXPECT_EQ(parse_dump("1 + 2 * 3."), "(+ 1 (* 2 3))");
  EXPECT_EQ(parse_dump("1 - 2 - 3."), "(- (- 1 2) 3)");
  EXPECT_EQ(parse_dump("A ++ B ++ C."), "(++ A (++ B C))");
  EXPECT_EQ(parse_dump("A = B = C."), "(= A (= B C))");
  EXPECT_EQ(parse_dump("A ! B = C."), "(! A (= B C))");
  EXPECT_EQ(parse_dump("A orelse B andalso C."), "(orelse A (andalso B C))");
  EXPECT_EQ(parse_dump("A andalso B andalso C."), "(andalso A (andalso B C))");
  EXPECT_EQ(parse_dump("A == B + 1."), "(== A (+ B 1))");
  EXPECT_EQ(parse_dump("not A == B."), "(== (not A) B)");
  EXPECT_EQ(parse_dump("- A * B."), "(* (- A) B)");
  EXPECT_EQ(parse_dump("A bor B band C."), "(bor A (band B C))");
  EXPECT_EQ(parse_dump("A or B and C."), "(or A (and B C))");
  EXPECT_EQ(parse_dump("A div B rem C."), "(rem (div A B) C)");
  EXPECT_EQ(parse_dump("X + Y ++ Z."), "(++ (+ X Y) Z)");
  EXPECT_EQ(parse_dump("-X#r.a."), "(- (recfield X r a))");
  EXPECT_EQ(parse_dump("1 < 2 < 3."), "error: syntax error before: '<'");
}

TEST(Parser, CatchTakesTheRestOfTheExpression) {
  EXPECT_EQ(parse_dump("catch 1 + 2."), "(catch (+ 1 2))");
  EXPECT_EQ(parse_dump("A = catch 1."), "(= A (catch 1))");
  EXPECT_EQ(parse_dump("1 + catch 2 + 3."), "(+ 1 (catch (+ 2 3)))");
  EXPECT_EQ(parse_dump("X orelse catch 1."), "(orelse X (catch 1))");
  EXPECT_EQ(parse_dump("catch X = 1, 2."), "(catch (= X 1)) ; 2");
}

TEST(Parser, LiteralsAndFolding) {
  EXPECT_EQ(parse_dump("-1."), "-1");
  EXPECT_EQ(parse_dump("- - 1."), "1");
  EXPECT_EQ(parse_dump("-1.5."), "-1.5");
  EXPECT_EQ(parse_dump("-9223372036854775808."), "-9223372036854775808");
  EXPECT_EQ(parse_dump("9223372036854775808."), "9223372036854775808");
  EXPECT_EQ(parse_dump("-9223372036854775809."), "-9223372036854775809");
  EXPECT_EQ(parse_dump("$a."), "97");
  EXPECT_EQ(parse_dump("\"ab\" \"c\" \"\"."), "\"abc\"");
  EXPECT_EQ(parse_dump("'hello world'."), "'hello world'");
  EXPECT_EQ(parse_dump("[]."), "[]");
  EXPECT_EQ(parse_dump("[1, 2 | T]."), "[1,2|T]");
  EXPECT_EQ(parse_dump("{}."), "{}");
  EXPECT_EQ(parse_dump("{a, {b}}."), "{a,{b}}");
}

TEST(Parser, Calls) {
  EXPECT_EQ(parse_dump("f(1, 2)."), "(call f 1 2)");
  EXPECT_EQ(parse_dump("m:f(X)."), "(call m:f X)");
  EXPECT_EQ(parse_dump("M:F()."), "(call M:F)");
  EXPECT_EQ(parse_dump("(m):f()."), "(call m:f)");
  EXPECT_EQ(parse_dump("F(1)."), "(call (F) 1)");
  EXPECT_EQ(parse_dump("(fun() -> ok end)()."), "(call ((fun (cl () -> ok))))");
  EXPECT_EQ(parse_dump("f(1)(2)."), "error: syntax error before: '('");
  EXPECT_EQ(parse_dump("m:f:g()."), "error: syntax error before: ':'");
}

TEST(Parser, RecordsAndMaps) {
  EXPECT_EQ(parse_dump("#r{a = 1, b = X}."), "(rec r a=1 b=X)");
  EXPECT_EQ(parse_dump("#r{}."), "(rec r)");
  EXPECT_EQ(parse_dump("X#r{a = 1}."), "(rec X r a=1)");
  EXPECT_EQ(parse_dump("X#r.a."), "(recfield X r a)");
  EXPECT_EQ(parse_dump("X#r.a#s.b."), "(recfield (recfield X r a) s b)");
  EXPECT_EQ(parse_dump("#r.a."), "(recindex r a)");
  EXPECT_EQ(parse_dump("#r{_ = 0}."), "(rec r _=0)");
  EXPECT_EQ(parse_dump("#{a => 1, \"b\" => 2}."), "(map a=>1 \"b\"=>2)");
  EXPECT_EQ(parse_dump("#{}."), "(map)");
  EXPECT_EQ(parse_dump("M#{a := 1, b => 2}."), "(mapup M a:=1 b=>2)");
  EXPECT_EQ(parse_dump("#{a => 1}#{b => 2}."), "(mapup (map a=>1) b=>2)");
  EXPECT_EQ(parse_dump("#r{}#r.a."), "(recfield (rec r) r a)");
  EXPECT_EQ(parse_dump("f()#r.a."), "error: syntax error before: '#'");
  EXPECT_EQ(parse_dump("#r{}#{a => 1}."), "error: syntax error before: '{'");
  EXPECT_EQ(parse_dump("X#{a => 1}#r.a."), "error: syntax error before: r");
}

TEST(Parser, Binaries) {
  EXPECT_EQ(parse_dump("<<>>."), "<<>>");
  EXPECT_EQ(parse_dump("<<1, 2:16, X/binary, \"s\"/utf8>>."), "<<1,2:16,X/binary,\"s\"/utf8>>");
  EXPECT_EQ(parse_dump("<<X:4/little-signed-integer-unit:8>>."), "<<X:4/integer-signed-little-unit:8>>");
  EXPECT_EQ(parse_dump("<<(X + 1):(N * 2)>>."), "<<(+ X 1):(* N 2)>>");
  EXPECT_EQ(parse_dump("<<-1:8, +X>>."), "<<-1:8,(+ X)>>");
  EXPECT_EQ(parse_dump("<<X/bits, Y/bytes, Z/float-native>>."), "<<X/bits,Y/bytes,Z/float-native>>");
  EXPECT_EQ(parse_dump("<<f(X)>>."), "error: syntax error before: '('");
  EXPECT_EQ(parse_dump("<<X/foo>>."), "error: bit type foo undefined");
}

TEST(Parser, Comprehensions) {
  EXPECT_EQ(parse_dump("[X * 2 || X <- L, X > 1]."), "(lc (* X 2) X <- L (> X 1))");
  EXPECT_EQ(parse_dump("[{X, Y} || {X, _} <- L, <<Y>> <= B]."), "(lc {X,Y} {X,_} <- L <<Y>> <= B)");
  EXPECT_EQ(parse_dump("<< <<X>> || X <- L >>."), "(bc <<X>> X <- L)");
  EXPECT_EQ(parse_dump("<<X || X <- L>>."), "(bc X X <- L)");
  EXPECT_EQ(parse_dump("[X || X <= B]."), "error: syntax error before: '<='");
}

TEST(Parser, CaseIfReceive) {
  EXPECT_EQ(parse_dump("case X of {a, Y} when Y > 0; Y < -5 -> Y; _ -> 0 end."),
            "(case X (cl ({a,Y}) when ((> Y 0)) ((< Y -5)) -> Y) (cl (_) -> 0))");
  EXPECT_EQ(parse_dump("if X > 1, X < 5 -> a; true -> b end."),
            "(if (cl () when ((> X 1) (< X 5)) -> a) (cl () when (true) -> b))");
  EXPECT_EQ(parse_dump("receive X -> X end."), "(receive (cl (X) -> X))");
  EXPECT_EQ(parse_dump("receive after 10 -> ok end."), "(receive after 10 -> ok)");
  EXPECT_EQ(parse_dump("receive {a, X} -> X after T -> t end."), "(receive (cl ({a,X}) -> X) after T -> t)");
  EXPECT_EQ(parse_dump("receive end."), "error: syntax error before: 'end'");
  EXPECT_EQ(parse_dump("begin a, b end."), "(begin a b)");
}

TEST(Parser, Try) {
  EXPECT_EQ(parse_dump("try f() of X -> X catch E -> E; error:R:S -> S; C:R -> R end."),
            "(try (call f) of (cl (X) -> X) catch (cl ({throw,E,_}) -> E) (cl ({error,R,S}) -> S) (cl ({C,R,_}) -> R))");
  EXPECT_EQ(parse_dump("try a after b end."), "(try a after b)");
  EXPECT_EQ(parse_dump("try a catch _:_ when true -> b after c end."), "(try a catch (cl ({_,_,_}) when (true) -> b) after c)");
  EXPECT_EQ(parse_dump("try a end."), "error: syntax error before: 'end'");
}

TEST(Parser, Funs) {
  EXPECT_EQ(parse_dump("fun f/2."), "(fun f/2)");
  EXPECT_EQ(parse_dump("fun m:f/2."), "(fun m:f/2)");
  EXPECT_EQ(parse_dump("fun M:F/A."), "(fun M:F/A)");
  EXPECT_EQ(parse_dump("fun (X) when X > 0 -> X; (_) -> 0 end."), "(fun (cl (X) when ((> X 0)) -> X) (cl (_) -> 0))");
  EXPECT_EQ(parse_dump("fun F(0) -> 1; F(N) -> F(N - 1) end."), "(fun F (cl (0) -> 1) (cl (N) -> (call (F) (- N 1))))");
  EXPECT_EQ(parse_dump("fun F/1."), "error: syntax error before: '/'");
  EXPECT_EQ(parse_dump("fun F(0) -> 1; G(N) -> 2 end."), "error: head mismatch");
  EXPECT_EQ(parse_dump("fun (X) -> 1; (X, Y) -> 2 end."), "error: head mismatch");
}

TEST(Parser, PatternNormalisation) {
  EXPECT_EQ(parse_dump("\"ab\" ++ T = X."), "(= [97,98|T] X)");
  EXPECT_EQ(parse_dump("[$a, $b] ++ T = X."), "(= [97,98|T] X)");
  EXPECT_EQ(parse_dump("[] ++ T = X."), "(= T X)");
  EXPECT_EQ(parse_dump("#{a := V} = M."), "(= (mappat a:=V) M)");
  EXPECT_EQ(parse_dump("{1 + 2, 2 bsl 3} = X."), "(= {3,16} X)");
  EXPECT_EQ(parse_dump("\"ab\" ++ T."), "(++ \"ab\" T)");  // not a pattern: unchanged
  EXPECT_EQ(parse_dump("case X of \"x\" ++ R -> R end."), "(case X (cl ([120|R]) -> R))");
}

TEST(Parser, SyntaxErrorsReportTheToken) {
  EXPECT_EQ(parse_dump("f(."), "error: syntax error before: '.'");
  EXPECT_EQ(parse_dump("{1, 2]."), "error: syntax error before: ']'");
  EXPECT_EQ(parse_dump("[1, 2 end."), "error: syntax error before: 'end'");
  EXPECT_EQ(parse_dump("X Y."), "error: syntax error before: Y");
  EXPECT_EQ(parse_dump("1 \"s\"."), "error: syntax error before: \"s\"");
  EXPECT_EQ(parse_dump("a b."), "error: syntax error before: b");
  EXPECT_EQ(parse_dump("f(X"), "error: syntax error before: ");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '(');
  EXPECT_EQ(parse_dump(deep + "1."), "error: nesting too deep");
  std::string neg;
  for (int i = 0; i < 50000; ++i) neg += "- ";
  EXPECT_EQ(parse_dump(neg + "1."), "error: nesting too deep");
  std::string lists(50000, '[');
  EXPECT_EQ(parse_dump(lists + "."), "error: nesting too deep");
  std::string matches;
  for (int i = 0; i < 50000; ++i) matches += "A = ";
  EXPECT_EQ(parse_dump(matches + "1."), "error: nesting too deep");
  std::string sum = "X";
  for (int i = 0; i < 5000; ++i) sum += " + X";
  EXPECT_EQ(parse_dump(sum + "."), "error: nesting too deep");
  std::string fields = "X";
  for (int i = 0; i < 5000; ++i) fields += "#r.a";
  EXPECT_EQ(parse_dump(fields + "."), "error: nesting too deep");
  EXPECT_EQ(first_error("-module(m).\nf(X) -> " + sum + ".\n"), "2:1: nesting too deep");
  std::string ok(500, '(');
  EXPECT_EQ(parse_dump(ok + "1" + std::string(500, ')') + "."), "1");
}

TEST(Parser, LongListsAreIterative) {
  std::string list = "[";
  for (int i = 0; i < 15000; ++i) list += "1,";
  list += "2].";
  std::string d = parse_dump(list);
  EXPECT_EQ(d.substr(0, 5), "[1,1,");
  std::string longer = "[";
  for (int i = 0; i < kMaxChain + 10; ++i) longer += "1,";
  longer += "2].";
  EXPECT_EQ(parse_dump(longer), "error: expression too long");
}

TEST(Parser, Locations) {
  FrontendResult r = parse_module("-module(m).\n-export([f/1]).\nf(X) ->\n  Y = X + 1,\n  {Y, X}.\n", "m.erl");
  ASSERT_TRUE(r.module);
  const Function& f = r.module->functions[0];
  EXPECT_EQ(f.loc.line, 3u);
  EXPECT_EQ(f.loc.col, 1u);
  EXPECT_EQ(f.clauses[0].body[0]->loc.line, 4u);
  EXPECT_EQ(f.clauses[0].body[0]->loc.col, 3u);
  EXPECT_EQ(f.clauses[0].body[1]->kind, ExprKind::Tuple);
  EXPECT_EQ(f.clauses[0].body[1]->loc.line, 5u);
}

// ---- forms ----

TEST(ParserForms, ModuleAttributes) {
  FrontendResult r = parse_module(
      "-module(m).\n-export([f/0, g/1]).\n-import(lists, [map/2, foldl/3]).\n"
      "-compile([export_all, nowarn_export_all, {inline, [f/0]}]).\n-behaviour(gen_server).\n"
      "-vsn(\"1.0\").\n-author(me).\n-dialyzer({nowarn_function, f/0}).\n-on_load(f/0).\n-export_type([t/0]).\n"
      "-custom([1, {2, \"x\"}, #{a => b}, <<1>>]).\n-file(\"x.erl\", 1).\n"
      "f() -> map(fun g/1, []).\ng(X) -> X.\n",
      "m.erl");
  ASSERT_TRUE(r.module) << r.errors[0].format();
  const Module& m = *r.module;
  std::string d = dump(m);
  EXPECT_EQ(m.name, "m");
  EXPECT_EQ(m.file, "m.erl");
  EXPECT_TRUE(m.export_all);
  EXPECT_TRUE(m.nowarn_export_all);
  EXPECT_NE(d.find("export f/0\nexport g/1\nimport lists:map/2\nimport lists:foldl/3\n"), std::string::npos) << d;
  EXPECT_NE(d.find("attr behaviour gen_server\nattr vsn \"1.0\"\nattr author me\n"), std::string::npos) << d;
  EXPECT_NE(d.find("attr dialyzer {nowarn_function,{f,0}}\nattr on_load {f,0}\n"), std::string::npos) << d;
  EXPECT_NE(d.find("attr custom [1,{2,\"x\"},(map a=>b),<<1>>]\n"), std::string::npos) << d;
}

TEST(ParserForms, TypesAndSpecsAreSkipped) {
  FrontendResult r = parse_module(
      "-module(m).\n-export([f/1]).\n"
      "-type t() :: #{atom() => [integer() | {a, b}]} | fun((integer()) -> ok) | 1..10 | <<_:8, _:_*4>>.\n"
      "-type u(X) :: {X, fun((...) -> any())} | #r{} | m:t().\n"
      "-opaque o() :: term().\n-spec f(integer()) -> integer(); (atom()) -> atom().\n"
      "-spec m:f(X) -> X when X :: integer().\n"
      "-callback init(Args :: term()) -> {ok, State :: term()} | {error, Reason :: term()}.\n"
      "-record(r, {a :: integer(), b = 1 :: 1..10 | undefined, c = [] :: [#{k => v}], d = {x, y} :: {atom(), atom()}}).\n"
      "f(X) -> #r{a = X}.\n",
      "m.erl");
  ASSERT_TRUE(r.module) << r.errors[0].format();
  EXPECT_EQ(dump(*r.module).find("record r a b=1 c=[] d={x,y}\n") != std::string::npos, true) << dump(*r.module);
}

TEST(ParserForms, FunctionErrors) {
  EXPECT_EQ(first_error("-module(m).\nf(1) -> 1;\nf(1, 2) -> 2.\n"), "3:1: head mismatch");
  EXPECT_EQ(first_error("-module(m).\nf(1) -> 1;\ng(1) -> 2.\n"), "3:1: head mismatch");
  EXPECT_EQ(first_error("-module(m).\n-export([f/0]).\nf() -> 1.\nf() -> 2.\n"), "4:1: function f/0 already defined");
  EXPECT_EQ(first_error("-module(m).\nf() -> ok"), "2:8: syntax error before: ");
  EXPECT_EQ(first_error("-module(m).\nf( -> ok.\n"), "2:4: syntax error before: '->'");
  EXPECT_EQ(first_error("-module(m).\nX() -> ok.\n"), "2:1: syntax error before: X");
}

TEST(ParserForms, AttributeErrors) {
  EXPECT_EQ(first_error("-export([f/0]).\nf() -> ok.\n"), "1:2: no module definition");
  EXPECT_EQ(first_error("-module(m).\n-module(n).\n"), "2:2: redefining module");
  EXPECT_EQ(first_error("-module(m).\n-export(foo).\n"), "2:9: bad Name/Arity");
  EXPECT_EQ(first_error("-module(m).\n-foo(X).\n"), "2:2: bad attribute");
  EXPECT_EQ(first_error("-module(m).\n-record(r, {a, a}).\n"), "2:16: field a already defined in record r");
  EXPECT_EQ(first_error("-module(m).\n-record(r, {a}).\n-record(r, {b}).\n"), "3:2: record r already defined");
  EXPECT_EQ(first_error("-module(m).\n-record(r, [a]).\n"), "2:12: syntax error before: '['");
}

TEST(ParserForms, ErrorsInSeveralFormsAreAllReported) {
  auto es = module_errors("-module(m).\nf( -> ok.\ng() -> ok )\nh() -> [1,2,.\ni() -> }.\n");
  ASSERT_EQ(es.size(), 3u);
  EXPECT_EQ(es[0], "2:4: syntax error before: '->'");
  EXPECT_EQ(es[1], "3:11: syntax error before: ')'");
  EXPECT_EQ(es[2], "5:8: syntax error before: '}'");
}

TEST(ParseExprs, Basics) {
  ExprsResult r = parse_exprs("X = 1, Y = X + 2, [X, Y].");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].format();
  ASSERT_EQ(r.exprs.size(), 3u);
  EXPECT_EQ(dump(*r.exprs[2]), "[X,Y]");
}

TEST(ParseExprs, Errors) {
  ExprsResult r = parse_exprs("Y + 1.");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(), "eval:1:1: variable 'Y' is unbound");
  EXPECT_TRUE(r.exprs.empty());
  r = parse_exprs("?MODULE.");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(), "eval:1:1: syntax error before: '?'");
  r = parse_exprs("1. 2.");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(), "eval:1:4: syntax error before: 2");
  r = parse_exprs("#r{}.");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "record r undefined");
  r = parse_exprs("\"abc");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "unterminated string starting with \"abc\"");
  r = parse_exprs("1 +");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(), "eval:1:3: syntax error before: ");
}

}  // namespace
}  // namespace girder::compiler::testing
