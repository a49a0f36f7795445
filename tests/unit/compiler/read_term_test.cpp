// parse_term (frontend.h): one term's text as erl_scan + erl_parse:parse_term
// read it, with their error descriptors and line numbers (file:consult,
// io:read).
#include <gtest/gtest.h>

#include "tools/compiler/frontend.h"

namespace girder::compiler {
namespace {

std::string error_of(std::string_view text, std::uint32_t line = 1) {
  TermResult r = parse_term(text, line);
  if (r.status != TermResult::Status::Error) return "no error";
  return std::to_string(r.error.line) + (r.scan_error ? " scan: " : ": ") + r.error.message;
}

TEST(ReadTerm, ConstantTermsAreOk) {
  for (const char* text : {"{a, 1}.", "[1, \"two\", <<\"3\">>, #{k => v}]. ", "-1.5e3.", "'quoted atom'.\n",
                           "\"a\" \"b\".", "<<1:4, 2:4>>.", "[1|2]."}) {
    TermResult r = parse_term(text, 1);
    EXPECT_EQ(r.status, TermResult::Status::Ok) << text << ": " << r.error.message;
    EXPECT_FALSE(r.etf.empty());
    EXPECT_EQ(r.etf[0], 131);
  }
}

TEST(ReadTerm, NoTokensIsEof) {
  EXPECT_EQ(parse_term("", 1).status, TermResult::Status::Eof);
  EXPECT_EQ(parse_term("  % only a comment\n\t", 1).status, TermResult::Status::Eof);
}

TEST(ReadTerm, SyntaxErrorsAsErlParse) {
  EXPECT_EQ(error_of("{ok, 1}"), "1: syntax error before: ");  // no '.': the end
  EXPECT_EQ(error_of("line\nxy", 5), "6: syntax error before: xy");
  EXPECT_EQ(error_of("{oops."), "1: syntax error before: '.'");
  EXPECT_EQ(error_of("[1,\n 2,\n oops oops].", 10), "12: syntax error before: oops");
}

TEST(ReadTerm, ExpressionsAreBadTerms) {
  EXPECT_EQ(error_of("foo(1)."), "1: bad term");
  EXPECT_EQ(error_of("1 + 2."), "1: bad term");
  EXPECT_EQ(error_of("X."), "1: bad term");
  EXPECT_EQ(error_of("a,\n b.", 3), "4: bad term");  // the second expression
}

TEST(ReadTerm, UnterminatedStringKeepsItsText) {
  TermResult r = parse_term("{b, \"open string}.\n", 3);
  ASSERT_EQ(r.status, TermResult::Status::Error);
  EXPECT_TRUE(r.scan_error);
  EXPECT_EQ(r.error.line, 3u);
  EXPECT_EQ(r.unterminated, "open string}.\n");
  r = parse_term("x. 'λ atom", 1);
  ASSERT_EQ(r.status, TermResult::Status::Error);
  EXPECT_EQ(r.unterminated, "λ atom");
}

}  // namespace
}  // namespace girder::compiler
