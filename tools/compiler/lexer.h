// Lexer: source bytes -> Erlang tokens, following erl_scan (OTP 25).
//
// Bytes become characters one of two ways (LexMode). Text already decoded
// (io:read, girder eval, -D values) is UTF-8 with any invalid byte taken as
// its Latin-1 value, so every byte string lexes. A source file is read as
// epp reads it: a coding comment on one of its first two lines
// (read_encoding) picks Latin-1 or UTF-8, UTF-8 by default; in UTF-8 the
// tokens stop before the first invalid sequence, where OTP 25's file server
// stops feeding erl_scan (LexResult::invalid_unicode;
// docs/internals/compiler.md, "Source encoding").
//
// Reserved words and punctuation are both TokenKind::Symbol with their
// spelling in `text`, so the parser tests one field for either. A quoted atom
// such as 'case' is an Atom, never a Symbol. Lexical errors are reported and
// leave a TokenKind::Error token in the stream, so the preprocessor can drop
// just the form that contains it (as epp does) instead of cascading into
// syntax errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/compiler/ast.h"
#include "tools/compiler/frontend.h"

namespace girder::compiler {

enum class TokenKind : std::uint8_t {
  Atom,     // text = name (UTF-8)
  Var,      // text = name
  Integer,  // int_value, or big = true with decimal digits in text
  Float,    // float_value
  Char,     // int_value = code point
  String,   // chars
  Symbol,   // punctuation or reserved word: text
  Dot,      // end of form: '.' followed by white space, '%' or end of input
  Error,    // placeholder for a lexical error already reported
  Eof,
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  Loc loc;
  std::uint16_t file = 0;  // index into the preprocessor's file table
  std::string text;
  std::int64_t int_value = 0;
  bool big = false;
  double float_value = 0;
  std::u32string chars;

  bool is(TokenKind k) const { return kind == k; }
  bool is_symbol(std::string_view s) const { return kind == TokenKind::Symbol && text == s; }
};

struct LexResult {
  std::vector<Token> tokens;  // always ends with one Eof token
  std::vector<Diagnostic> errors;
  // SourceFile mode, UTF-8 only: the file holds an invalid sequence. The
  // tokens end with an Error token (no diagnostic) where erl_scan would have
  // been left waiting for more input: the start of the token, comment or
  // run of blanks the sequence cuts short, or the sequence itself (or the
  // escape it ends) inside a string or quoted atom. The preprocessor reports
  // it and gives up on the file there, as epp does.
  std::optional<Loc> invalid_unicode;
};

enum class SourceEncoding : std::uint8_t { Utf8, Latin1 };

// epp:read_encoding's rule: on one of the first two lines, after a '%', the
// word "coding" (lower case, anything before it), optional spaces, ':' or
// '=', optional spaces and "latin-1" or "utf-8" in any case, not followed by
// a letter or digit. The first such comment wins; nullopt when there is none.
std::optional<SourceEncoding> read_encoding(std::string_view source);

enum class LexMode : std::uint8_t {
  Text,        // UTF-8, an invalid byte reads as its Latin-1 value
  SourceFile,  // as epp reads a file: read_encoding, else strict UTF-8
};

// Never fails hard: malformed input yields Error tokens plus diagnostics.
LexResult lex(std::string_view source, std::uint16_t file_index, const std::string& file_name,
              LexMode mode = LexMode::Text);

bool is_reserved_word(std::string_view s);

// How erl_parse prints a token in "syntax error before: X".
std::string token_to_string(const Token& t);

// Printing helpers shared with the preprocessor (??Arg) and the parser.
std::string quote_atom_if_needed(std::string_view name);  // io_lib:write_atom
std::string write_string(const std::u32string& s);          // io_lib:write_string
std::string write_char(std::int64_t c);                    // io_lib:write_char
std::string format_float(double d);                         // io_lib:write(Float)

}  // namespace girder::compiler
