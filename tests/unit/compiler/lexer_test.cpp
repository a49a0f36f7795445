// Lexer tests: token kinds, values and erl_scan's error messages.
#include <gtest/gtest.h>

#include "tools/compiler/lexer.h"

namespace girder::compiler {
namespace {

std::vector<Token> toks(std::string_view s) {
  LexResult r = lex(s, 0, "t");
  EXPECT_TRUE(r.errors.empty()) << (r.errors.empty() ? "" : r.errors[0].message);
  r.tokens.pop_back();  // Eof
  return r.tokens;
}

std::string lex_error(std::string_view s) {
  LexResult r = lex(s, 0, "t");
  if (r.errors.empty()) return "";
  return std::to_string(r.errors[0].line) + ":" + std::to_string(r.errors[0].col) + ": " + r.errors[0].message;
}

TEST(Lexer, AtomsVariablesAndReservedWords) {
  auto t = toks("foo Bar _x _ 'hello world' a@b case 'case' maybe else");
  ASSERT_EQ(t.size(), 10u);
  EXPECT_EQ(t[0].kind, TokenKind::Atom);
  EXPECT_EQ(t[0].text, "foo");
  EXPECT_EQ(t[1].kind, TokenKind::Var);
  EXPECT_EQ(t[2].kind, TokenKind::Var);
  EXPECT_EQ(t[3].text, "_");
  EXPECT_EQ(t[4].kind, TokenKind::Atom);
  EXPECT_EQ(t[4].text, "hello world");
  EXPECT_EQ(t[5].text, "a@b");
  EXPECT_TRUE(t[6].is_symbol("case"));
  EXPECT_EQ(t[7].kind, TokenKind::Atom);  // quoted reserved word is an atom
  // OTP 25 without the maybe_expr feature: plain atoms.
  EXPECT_EQ(t[8].kind, TokenKind::Atom);
  EXPECT_EQ(t[9].kind, TokenKind::Atom);
}

TEST(Lexer, Integers) {
  auto t = toks("42 16#FF 2#101 36#zZ 1_000_000 16#ff_ff 0");
  std::vector<std::int64_t> want = {42, 255, 5, 1295, 1000000, 65535, 0};
  ASSERT_EQ(t.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(t[i].kind, TokenKind::Integer);
    EXPECT_EQ(t[i].int_value, want[i]) << i;
  }
}

TEST(Lexer, Bignums) {
  auto t = toks("9223372036854775807 9223372036854775808 16#FFFFFFFFFFFFFFFFFFFF 123456789012345678901234567890");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_FALSE(t[0].big);
  EXPECT_EQ(t[0].int_value, INT64_MAX);
  EXPECT_TRUE(t[1].big);
  EXPECT_EQ(t[1].text, "9223372036854775808");
  EXPECT_EQ(t[2].text, "1208925819614629174706175");
  EXPECT_EQ(t[3].text, "123456789012345678901234567890");
}

TEST(Lexer, Floats) {
  auto t = toks("1.0 1.5e-3 2.0E10 1_0.0_1 0.1e-400");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_DOUBLE_EQ(t[0].float_value, 1.0);
  EXPECT_DOUBLE_EQ(t[1].float_value, 0.0015);
  EXPECT_DOUBLE_EQ(t[2].float_value, 2e10);
  EXPECT_DOUBLE_EQ(t[3].float_value, 10.01);
  EXPECT_DOUBLE_EQ(t[4].float_value, 0.0);
}

TEST(Lexer, NumberEdgeCases) {
  // 1e10 is 1 followed by the atom e10; 1__0 is 1 then the variable __0.
  auto t = toks("1e10 1__0");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].kind, TokenKind::Atom);
  EXPECT_EQ(t[3].kind, TokenKind::Var);
  EXPECT_EQ(lex_error("37#1"), "1:1: illegal base '37'");
  EXPECT_EQ(lex_error("1#0"), "1:1: illegal base '1'");
  EXPECT_EQ(lex_error("16#"), "1:1: illegal integer");
  EXPECT_EQ(lex_error("1.5e400"), "1:1: illegal float");
}

TEST(Lexer, Chars) {
  auto t = toks(R"($a $\n $\x{41} $\^A $\101 $  $\s $\\ $é)");
  std::vector<std::int64_t> want = {'a', '\n', 'A', 1, 'A', ' ', ' ', '\\', 0xE9};
  ASSERT_EQ(t.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(t[i].kind, TokenKind::Char);
    EXPECT_EQ(t[i].int_value, want[i]) << i;
  }
}

TEST(Lexer, StringEscapes) {
  auto t = toks(R"("a\b\d\e\f\n\r\s\t\v\'\"\\\101\x41\x{1F600}\^Z\z")");
  ASSERT_EQ(t.size(), 1u);
  std::u32string want = {'a', 8, 127, 27, 12, 10, 13, 32, 9, 11, '\'', '"', '\\', 'A', 'A', 0x1F600, 26, 'z'};
  EXPECT_EQ(t[0].chars, want);
  EXPECT_EQ(lex_error(R"("\x4")"), "1:1: illegal character");
}

TEST(Lexer, Utf8InStringsAndAtoms) {
  auto t = toks("\"h\xC3\xA9\" '\xE2\x82\xAC'");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].chars, (std::u32string{'h', 0xE9}));
  EXPECT_EQ(t[1].text, "\xE2\x82\xAC");
}

TEST(Lexer, Operators) {
  auto t = toks("=:= =/= =< >= == /= ++ -- -> <- <= || << >> := => :: .. ... ? ?? ! # | : =<<");
  std::vector<std::string> want = {"=:=", "=/=", "=<", ">=", "==", "/=", "++", "--", "->", "<-", "<=", "||", "<<",
                                   ">>", ":=", "=>", "::", "..", "...", "?", "??", "!", "#", "|", ":", "=<", "<"};
  ASSERT_EQ(t.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_TRUE(t[i].is_symbol(want[i])) << i << " " << t[i].text;
}

TEST(Lexer, DotAndComments) {
  auto t = toks("a. % comment\nb.c.%x\nR#r.f");
  ASSERT_EQ(t.size(), 11u);
  EXPECT_EQ(t[1].kind, TokenKind::Dot);
  EXPECT_TRUE(t[3].is_symbol("."));  // b.c : a record-field dot, not an end of form
  EXPECT_EQ(t[5].kind, TokenKind::Dot);
  EXPECT_EQ(t[6].loc.line, 3u);
}

TEST(Lexer, Locations) {
  auto t = toks("f(X) ->\n  \"é\" ++ X.");
  ASSERT_GE(t.size(), 7u);
  EXPECT_EQ(t[2].loc.col, 3u);
  EXPECT_EQ(t[5].loc.line, 2u);
  EXPECT_EQ(t[5].loc.col, 3u);
  EXPECT_EQ(t[6].loc.col, 7u);  // columns count characters, not bytes
}

TEST(Lexer, Errors) {
  EXPECT_EQ(lex_error("f() -> \"abc\n"), "1:8: unterminated string starting with \"abc\\n\"");
  EXPECT_EQ(lex_error("'abc"), "1:1: unterminated atom starting with 'abc'");
  EXPECT_EQ(lex_error("a \\ b"), "1:3: illegal character");
  EXPECT_EQ(lex_error("$"), "1:1: unterminated character");
}

TEST(Lexer, TokenPrinting) {
  auto t = toks("foo 'Foo' X \"s\" 'end' ( 1.0e10 $a");
  EXPECT_EQ(token_to_string(t[0]), "foo");
  EXPECT_EQ(token_to_string(t[1]), "'Foo'");
  EXPECT_EQ(token_to_string(t[2]), "X");
  EXPECT_EQ(token_to_string(t[3]), "\"s\"");
  EXPECT_EQ(token_to_string(t[4]), "'end'");
  EXPECT_EQ(token_to_string(t[5]), "'('");
  EXPECT_EQ(token_to_string(t[6]), "1.0e10");
  EXPECT_EQ(token_to_string(t[7]), "$a");
  EXPECT_EQ(format_float(1.5), "1.5");
  EXPECT_EQ(format_float(1000.0), "1.0e3");
  EXPECT_EQ(format_float(100.0), "100.0");
  EXPECT_EQ(format_float(0.001), "0.001");
}

TEST(Lexer, ArbitraryBytesDoNotCrash) {
  std::string junk;
  for (int i = 0; i < 256; ++i) junk.push_back(static_cast<char>(i));
  LexResult r = lex(junk, 0, "t");
  EXPECT_FALSE(r.errors.empty());
  EXPECT_EQ(r.tokens.back().kind, TokenKind::Eof);
}

TEST(Lexer, ArbitraryBytesDoNotCrashAsSourceFile) {
  std::string junk;
  for (int i = 255; i >= 0; --i) junk.push_back(static_cast<char>(i));
  LexResult r = lex(junk, 0, "t", LexMode::SourceFile);
  ASSERT_TRUE(r.invalid_unicode.has_value());
  EXPECT_EQ(r.tokens.back().kind, TokenKind::Eof);
}

TEST(Lexer, ReadEncoding) {
  EXPECT_EQ(read_encoding("%% coding: latin-1\n"), SourceEncoding::Latin1);
  EXPECT_EQ(read_encoding("\n%% -*- coding: utf-8 -*-\n"), SourceEncoding::Utf8);
  EXPECT_EQ(read_encoding("-module(m). %% encoding=LATIN-1\n"), SourceEncoding::Latin1);
  EXPECT_EQ(read_encoding("%% coding: latin-1-x\n"), SourceEncoding::Latin1);  // '-' ends the name
  EXPECT_EQ(read_encoding("%% coding: utf-8 coding: latin-1\n"), SourceEncoding::Utf8);
  EXPECT_EQ(read_encoding("\n\n%% coding: latin-1\n"), std::nullopt);  // third line
  EXPECT_EQ(read_encoding("%% coding: latin1\n"), std::nullopt);
  EXPECT_EQ(read_encoding("%% coding: latin-1x\n"), std::nullopt);
  EXPECT_EQ(read_encoding("%% coding:\tlatin-1\n"), std::nullopt);
  EXPECT_EQ(read_encoding("%% Coding: latin-1\n"), std::nullopt);
  EXPECT_EQ(read_encoding("x coding: latin-1\n"), std::nullopt);  // not after a '%'
}

TEST(Lexer, Latin1SourceFile) {
  LexResult r = lex("%% coding: latin-1\n\"\xc3\xa9\" '\xe9' $\xff", 0, "t", LexMode::SourceFile);
  ASSERT_EQ(r.tokens.size(), 4u);
  EXPECT_EQ(r.tokens[0].chars, std::u32string(U"\u00c3\u00a9"));
  EXPECT_EQ(r.tokens[1].text, "\xc3\xa9");  // atom text is UTF-8
  EXPECT_EQ(r.tokens[2].int_value, 0xff);
}

// Where OTP 25 reports "cannot translate from UTF-8": the unit erl_scan was
// left inside when the valid bytes ran out.
std::string invalid_at(std::string_view s) {
  LexResult r = lex(s, 0, "t", LexMode::SourceFile);
  if (!r.invalid_unicode) return "none";
  return std::to_string(r.invalid_unicode->line) + ":" + std::to_string(r.invalid_unicode->col);
}

TEST(Lexer, InvalidUtf8Location) {
  EXPECT_EQ(invalid_at("a. \"caf\xe9\""), "1:8");     // inside a string: the byte
  EXPECT_EQ(invalid_at("a. \"a\\12\xe9\""), "1:6");   // an octal escape that may go on
  EXPECT_EQ(invalid_at("a. \"a\\n\xe9\""), "1:8");    // a finished escape
  EXPECT_EQ(invalid_at("a. abc\xe9"), "1:4");          // a name: its start
  EXPECT_EQ(invalid_at("a. 12.5\xe9"), "1:4");
  EXPECT_EQ(invalid_at("a. % x\xe9"), "1:4");          // a comment: its start
  EXPECT_EQ(invalid_at("a. {  \xe9"), "1:5");          // blanks: the run's start
  EXPECT_EQ(invalid_at("a. { \n  \xe9"), "2:1");       // a newline ends a run
  EXPECT_EQ(invalid_at("a.   \xe9"), "1:4");           // the dot took one blank
  EXPECT_EQ(invalid_at("a. 1 =\xe9"), "1:6");          // "=" may become "=:="
  EXPECT_EQ(invalid_at("a. X*\xe9"), "1:6");           // "*" is finished
  EXPECT_EQ(invalid_at("a. $\xe9"), "1:4");
  EXPECT_EQ(invalid_at("a. $a\xe9"), "1:6");
  EXPECT_EQ(invalid_at("a. \"\xed\xa0\x80\""), "1:5");  // a surrogate is invalid
  EXPECT_EQ(invalid_at("a. \"\xc3\""), "1:5");          // so is a cut sequence
  EXPECT_EQ(invalid_at("a. \"\xc3\xa9\""), "none");
}

}  // namespace
}  // namespace girder::compiler
