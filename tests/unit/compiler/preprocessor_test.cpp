// Preprocessor tests: macros, stringification, predefined macros,
// conditionals, includes and epp's error messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/unit/compiler/test_util.h"

namespace girder::compiler::testing {
namespace {

// Body of f/0 in a module made of `prelude` then "f() -> <body>."
std::string f_body(const std::string& prelude, const std::string& body, const FrontendOptions& opts = {}) {
  std::string src = "-module(m).\n-export([f/0]).\n" + prelude + "\nf() -> " + body + ".\n";
  std::string d = function_dump(src, "f", opts);
  const std::string head = "f/0: (cl () -> ";
  if (d.rfind(head, 0) != 0) return d;
  return d.substr(head.size(), d.size() - head.size() - 1);
}

TEST(Preprocessor, SimpleMacros) {
  EXPECT_EQ(f_body("-define(A, 1).", "?A + 1"), "(+ 1 1)");
  EXPECT_EQ(f_body("-define(A, {x, y}).\n-define(B, [?A]).", "?B"), "[{x,y}]");
  EXPECT_EQ(f_body("-define(EMPTY, ).", "[?EMPTY]"), "[]");
  EXPECT_EQ(f_body("-define(a, lower).", "?a"), "lower");
}

TEST(Preprocessor, MacrosWithArguments) {
  EXPECT_EQ(f_body("-define(SQ(X), (X) * (X)).", "?SQ(1 + 2)"), "(* (+ 1 2) (+ 1 2))");
  EXPECT_EQ(f_body("-define(P(A, B), {A, B}).", "?P({1, 2}, [3, 4])"), "{{1,2},[3,4]}");
  EXPECT_EQ(f_body("-define(P(A, B), {A, B}).", "?P(m:f(1, 2), <<1, 2>>)"), "{(call m:f 1 2),<<1,2>>}");
  EXPECT_EQ(f_body("-define(P(A, B), {A, B}).", "?P(begin 1, 2 end, case x of _ -> 3, 4 end)"),
            "{(begin 1 2),(case x (cl (_) -> 3 4))}");
  EXPECT_EQ(f_body("-define(P(A, B), {A, B}).", "?P(fun(X, Y) -> X end, 2)"), "{(fun (cl (X Y) -> X)),2}");
  EXPECT_EQ(f_body("-define(Z(), zero).", "?Z()"), "zero");
  EXPECT_EQ(f_body("-define(I(X), X).", "?I(?I(?I(3)))"), "3");
  // One arity may use another (cowlib's ?UNHEX(H, L) uses ?UNHEX(C)).
  EXPECT_EQ(f_body("-define(U(H, L), {?U(H), ?U(L)}).\n-define(U(C), [C]).", "?U(1, 2)"), "{[1],[2]}");
}

TEST(Preprocessor, OverloadingByArity) {
  std::string defs = "-define(M, none).\n-define(M(X), {one, X}).\n-define(M(X, Y), {two, X, Y}).";
  EXPECT_EQ(f_body(defs, "{?M, ?M(a), ?M(a, b)}"), "{none,{one,a},{two,a,b}}");
  // No definition with three arguments: the argument-less one applies and
  // the parenthesised list stays (a call of the result).
  EXPECT_EQ(f_body("-define(F, m:g).\n-define(F(X), X).", "?F(1, 2, 3)"), "(call m:g 1 2 3)");
}

TEST(Preprocessor, Stringify) {
  EXPECT_EQ(f_body("-define(S(X), ??X).", "?S(a + b)"), "\"a + b\"");
  EXPECT_EQ(f_body("-define(S(X), ??X).",
                   "?S(foo(1,'B', \"s\", 1.5, $a, 16#ff, <<1>>, 'hello world', [a|b], 1.0e10, -3, X))"),
            "\"foo ( 1 , 'B' , \\\"s\\\" , 1.5 , $a , 255 , << 1 >> , 'hello world' , [ a | b ] , 1.0e10 , - 3 , X )\"");
  EXPECT_EQ(f_body("-define(T(X), {X, ??X}).", "?T(1 * 2)"), "{(* 1 2),\"1 * 2\"}");
}

TEST(Preprocessor, Predefined) {
  EXPECT_EQ(f_body("", "{?MODULE, ?MODULE_STRING, ?MACHINE, ?OTP_RELEASE}"), "{m,\"m\",'BEAM',25}");
  EXPECT_EQ(f_body("", "?LINE"), "4");
  EXPECT_EQ(f_body("", "?FILE"), "\"m.erl\"");
  EXPECT_EQ(f_body("", "{?FUNCTION_NAME, ?FUNCTION_ARITY}"), "{f,0}");
  std::string src = "-module(m).\n-export([g/3]).\ng(A, {B, C}, [D | E]) -> {?FUNCTION_NAME, ?FUNCTION_ARITY, A, B, C, D, E}.\n";
  EXPECT_EQ(function_dump(src, "g"), "g/3: (cl (A {B,C} [D|E]) -> {g,3,A,B,C,D,E})");
}

TEST(Preprocessor, CommandLineDefines) {
  FrontendOptions opts;
  opts.defines = {{"DEBUG", ""}, {"LEVEL", "3"}};
  EXPECT_EQ(f_body("-ifdef(DEBUG).\n-define(X, yes).\n-else.\n-define(X, no).\n-endif.", "{?X, ?LEVEL, ?DEBUG}", opts),
            "{yes,3,true}");
}

TEST(Preprocessor, Conditionals) {
  std::string c = "-define(A, 1).\n-ifdef(A).\n-define(R, a).\n-else.\n-define(R, b).\n-endif.";
  EXPECT_EQ(f_body(c, "?R"), "a");
  c = "-ifndef(A).\n-define(R, a).\n-else.\n-define(R, b).\n-endif.";
  EXPECT_EQ(f_body(c, "?R"), "a");
  c = "-define(A, 1).\n-undef(A).\n-ifdef(A).\n-define(R, a).\n-else.\n-define(R, b).\n-endif.";
  EXPECT_EQ(f_body(c, "?R"), "b");
  // Nested: inner directives in a skipped region only track nesting.
  c = "-ifdef(NO).\n-ifdef(ALSO_NO).\n-define(R, x).\n-else.\n-define(R, y).\n-endif.\n-else.\n-define(R, z).\n-endif.";
  EXPECT_EQ(f_body(c, "?R"), "z");
  // Skipped regions may hold anything that lexes, even broken syntax or undefined macros.
  c = "-ifdef(NO).\nthis is not ( erlang ?UNDEFINED.\n-endif.\n-define(R, ok).";
  EXPECT_EQ(f_body(c, "?R"), "ok");
}

TEST(Preprocessor, IfElif) {
  std::string c = "-if(?OTP_RELEASE >= 25).\n-define(R, new).\n-elif(?OTP_RELEASE >= 21).\n-define(R, mid).\n"
                  "-else.\n-define(R, old).\n-endif.";
  EXPECT_EQ(f_body(c, "?R"), "new");
  c = "-if(?OTP_RELEASE > 30).\n-define(R, a).\n-elif(?OTP_RELEASE > 20).\n-define(R, b).\n-else.\n-define(R, c).\n-endif.";
  EXPECT_EQ(f_body(c, "?R"), "b");
  c = "-define(D, 1).\n-if(defined(D) andalso not defined(E)).\n-define(R, yes).\n-else.\n-define(R, no).\n-endif.";
  EXPECT_EQ(f_body(c, "?R"), "yes");
  // Non-boolean or unevaluable conditions are false, silently (as epp).
  c = "-if(1).\n-define(R, a).\n-else.\n-define(R, b).\n-endif.";
  EXPECT_EQ(f_body(c, "?R"), "b");
  c = "-if(foo(1)).\n-define(R, a).\n-else.\n-define(R, b).\n-endif.";
  EXPECT_EQ(f_body(c, "?R"), "b");
}

TEST(Preprocessor, Errors) {
  EXPECT_EQ(first_error("-module(m).\nf() -> ?FOO.\n"), "2:9: undefined macro 'FOO'");
  EXPECT_EQ(first_error("-module(m).\n-define(A, 1).\n-define(A, 2).\n"), "3:9: redefining macro 'A'");
  EXPECT_EQ(first_error("-module(m).\n-define(MODULE, 1).\n"), "2:9: redefining predefined macro 'MODULE'");
  EXPECT_EQ(first_error("-module(m).\n-define(F(X), X).\nf() -> ?F.\n"), "3:9: argument mismatch for macro 'F'");
  EXPECT_EQ(first_error("-module(m).\n-define(F(X), X).\nf() -> ?F(1, 2).\n"), "3:9: argument mismatch for macro 'F'");
  EXPECT_EQ(first_error("-module(m).\n-define(A, ?B).\n-define(B, ?A).\nf() -> ?A.\n"), "4:9: circular macro 'A'");
  EXPECT_EQ(first_error("-module(m).\n-define().\n"), "2:9: badly formed 'define'");
  EXPECT_EQ(first_error("-module(m).\n-ifdef(1).\n-endif.\n"), "2:8: badly formed 'ifdef'");
  EXPECT_EQ(first_error("-module(m).\nf() -> ? 1.\n"), "2:10: illegal macro call '?1'");
  EXPECT_EQ(first_error("-module(m).\n-endif.\n"), "2:2: unbalanced '-endif'");
  EXPECT_EQ(first_error("-module(m).\n-else.\n"), "2:2: unbalanced '-else'");
  EXPECT_EQ(first_error("-module(m).\n-ifdef(X).\n"), "3:1: unterminated '-ifdef'");
  EXPECT_EQ(first_error("-module(m).\n-ifdef(X).\n-else.\n-else.\n-endif.\n"), "4:2: repeated '-else'");
  EXPECT_EQ(first_error("-module(m).\n-ifdef(X).\n-else.\n"), "4:1: unterminated '-else'");
  EXPECT_EQ(first_error("-module(m).\n-x(?FUNCTION_NAME).\n"), "2:5: ?FUNCTION_NAME can only be used within a function");
  EXPECT_EQ(first_error("-module(m).\n-include(\"nofile.hrl\").\n"), "2:10: can't find include file \"nofile.hrl\"");
  EXPECT_EQ(first_error("-module(m).\n-include_lib(\"app/include/no.hrl\").\n"),
            "2:14: can't find include lib \"app/include/no.hrl\"");
  EXPECT_EQ(first_error("-module(m).\n-error(\"boom\").\n"), "2:2: -error(\"boom\").");
  EXPECT_EQ(first_error("?MODULE.\n-module(m).\n"), "1:2: undefined macro 'MODULE'");
}

// Arguments are substituted unexpanded (epp): ??X in a macro called from
// another macro's body sees the text as written; circularity follows the
// tokens, so a macro may take a call of itself as an argument.
TEST(Preprocessor, ArgumentsSubstitutedAsWritten) {
  EXPECT_EQ(f_body("-define(S(X), ??X).\n-define(T(X), ?S(X)).\n-define(F, foo).", "?T(?F + 1)"), "\"? F + 1\"");
  EXPECT_EQ(f_body("-define(M(A, B), {A, B}).", "?M(?M(1, 2), ?M(3, ?M(4, 5)))"), "{{1,2},{3,{4,5}}}");
  EXPECT_EQ(first_error("-module(m).\n-define(F(X), ?G(X)).\n-define(G(X), ?F(X)).\nf() -> ?F(1).\n"),
            "4:9: circular macro 'F'");
  EXPECT_EQ(first_error("-module(m).\n-define(F(X), X).\n-define(A, ?F(?A)).\nf() -> ?A.\n"), "4:9: circular macro 'A'");
}

// The headers Girder ships are found with no file on disk, after the
// include path; the eunit.hrl autoexport adds test/0.
TEST(Preprocessor, ShippedHeaders) {
  std::string src =
      "-module(m).\n-include_lib(\"eunit/include/eunit.hrl\").\n-include_lib(\"kernel/include/file.hrl\").\n"
      "a_test() -> ?assertEqual(1, 1).\nsize(#file_info{size = S}) -> S.\n";
  FrontendResult r = parse_module(src, "/nonexistent/dir/m.erl");
  ASSERT_TRUE(r.module) << r.errors[0].format();
  std::vector<std::pair<std::string, unsigned>> want = {{"a_test", 0}, {"test", 0}};
  EXPECT_EQ(r.module->exports, want);
  EXPECT_EQ(first_error("-module(m).\n-include_lib(\"eunit/include/nothere.hrl\").\n"),
            "2:14: can't find include lib \"eunit/include/nothere.hrl\"");
}

TEST(Preprocessor, ErrorsInOneFormDoNotHideOthers) {
  auto es = module_errors("-module(m).\nf() -> ?A.\ng() -> ?B.\nh() -> ok ok.\n");
  ASSERT_EQ(es.size(), 3u);
  EXPECT_EQ(es[0], "2:9: undefined macro 'A'");
  EXPECT_EQ(es[1], "3:9: undefined macro 'B'");
  EXPECT_EQ(es[2], "4:11: syntax error before: ok");
}

TEST(Preprocessor, ExponentialMacrosAreCut) {
  std::string src = "-module(m).\n-define(A0, x).\n";
  for (int i = 1; i <= 40; ++i) {
    src += "-define(A" + std::to_string(i) + ", ?A" + std::to_string(i - 1) + " ?A" + std::to_string(i - 1) + ").\n";
  }
  src += "f() -> [?A40].\n";
  std::string e = first_error(src);
  EXPECT_EQ(e.substr(0, 3), "43:");
  EXPECT_NE(e.find("macro expansion too large"), std::string::npos) << e;
}

class IncludeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("girder_pp_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / "sub");
    std::filesystem::create_directories(dir_ / "incdir");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) {
    std::ofstream(dir_ / rel) << text;
  }
  FrontendResult compile(const std::string& rel, const FrontendOptions& opts = {}) {
    std::ifstream in(dir_ / rel);
    std::string src((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parse_module(src, (dir_ / rel).string(), opts);
  }
  std::filesystem::path dir_;
};

TEST_F(IncludeTest, RelativeThenIncludeDirs) {
  write("sub/local.hrl", "-define(LOCAL, local).\n-record(r, {a = 1}).\n");
  write("incdir/lib.hrl", "-define(LIB, lib).\n-include(\"nested.hrl\").\n");
  write("incdir/nested.hrl", "-define(NESTED, ?LIB).\n");
  write("sub/m.erl",
        "-module(m).\n-export([f/0]).\n-include(\"local.hrl\").\n-include(\"lib.hrl\").\n"
        "f() -> {?LOCAL, ?LIB, ?NESTED, #r{}}.\n");
  FrontendOptions opts;
  opts.include_dirs.push_back((dir_ / "incdir").string());
  FrontendResult r = compile("sub/m.erl", opts);
  ASSERT_TRUE(r.module) << r.errors[0].format();
  EXPECT_EQ(dump(r.module->functions[0]), "f/0: (cl () -> {local,lib,lib,{r,1}})");
}

TEST_F(IncludeTest, IncludeLibFallsBackToIncludeDirs) {
  write("incdir/x.hrl", "-define(X, x).\n");
  write("m.erl", "-module(m).\n-export([f/0]).\n-include_lib(\"app/incdir/x.hrl\").\nf() -> ?X.\n");
  FrontendResult r = compile("m.erl");
  ASSERT_TRUE(r.module) << r.errors[0].format();
}

TEST_F(IncludeTest, ErrorsInIncludedFileNameThatFile) {
  write("bad.hrl", "-define(A, 1).\n-define(A, 2).\n");
  write("m.erl", "-module(m).\n-include(\"bad.hrl\").\n");
  FrontendResult r = compile("m.erl");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2u);
  EXPECT_EQ(r.errors[0].message, "redefining macro 'A'");
  EXPECT_NE(r.errors[0].file.find("bad.hrl"), std::string::npos);
}

TEST_F(IncludeTest, RecursiveIncludeIsCut) {
  write("self.hrl", "-include(\"self.hrl\").\n");
  write("m.erl", "-module(m).\n-include(\"self.hrl\").\n");
  FrontendResult r = compile("m.erl");
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].message.find("include depth"), std::string::npos) << r.errors[0].message;
}

TEST_F(IncludeTest, FileMacroInIncludeIsTheIncludedFile) {
  write("f.hrl", "-define(WHERE, ?FILE).\nwhere() -> ?FILE.\n");
  write("m.erl", "-module(m).\n-export([where/0]).\n-include(\"f.hrl\").\n");
  FrontendResult r = compile("m.erl");
  ASSERT_TRUE(r.module) << r.errors[0].format();
  EXPECT_NE(dump(r.module->functions[0]).find("f.hrl\""), std::string::npos);
}

}  // namespace
}  // namespace girder::compiler::testing
