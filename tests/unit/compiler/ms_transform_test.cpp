// ms_transform: ets:fun2ms/dbg:fun2ms rewritten at compile time. The
// translations themselves are pinned against OTP by the conformance
// programs (tests/conformance/ets/fun2ms_*); these tests pin the hook.
#include <gtest/gtest.h>

#include "tests/unit/compiler/test_util.h"

namespace girder::compiler {
namespace {

using testing::function_dump;
using testing::module_errors;

constexpr std::string_view kHead = "-module(m).\n-export([f/1]).\n";

TEST(MsTransform, OnlyWhenTheModuleAsksForIt) {
  std::string plain = std::string(kHead) + "f(X) -> ets:fun2ms(fun({A}) -> A end).\n";
  EXPECT_NE(function_dump(plain, "f").find("fun2ms"), std::string::npos);
  std::string asked = std::string(kHead) + "-compile({parse_transform, ms_transform}).\n" +
                      "f(X) -> ets:fun2ms(fun({A}) -> A end).\n";
  std::string d = function_dump(asked, "f");
  EXPECT_EQ(d.find("fun2ms"), std::string::npos) << d;
  EXPECT_NE(d.find("$1"), std::string::npos) << d;
}

TEST(MsTransform, OuterVariablesStayVariables) {
  std::string src = std::string(kHead) + "-compile({parse_transform, ms_transform}).\n" +
                    "f(X) -> ets:fun2ms(fun({A}) when A > X -> A end).\n";
  std::string d = function_dump(src, "f");
  EXPECT_NE(d.find("const"), std::string::npos) << d;
  EXPECT_NE(d.find("X"), std::string::npos) << d;
}

TEST(MsTransform, FirstErrorOnly) {
  std::string src = std::string(kHead) + "-compile({parse_transform, ms_transform}).\n" +
                    "f(X) -> ets:fun2ms(fun({A}) -> foo(A) end), ets:fun2ms(X), undefined_fun().\n";
  auto errs = module_errors(src);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0], "4:32: fun containing the local function call 'foo/1' (called in body) cannot be "
                     "translated into match_spec");
}

TEST(MsTransform, NotAfterSyntaxErrors) {
  std::string src = std::string(kHead) + "-compile({parse_transform, ms_transform}).\n" +
                    "f(X) -> ets:fun2ms(X).\ng( -> ok.\n";
  auto errs = module_errors(src);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_NE(errs[0].find("syntax error"), std::string::npos) << errs[0];
}

}  // namespace
}  // namespace girder::compiler
