// Public entry points of the compiler frontend: source text in, AST out.
//
// Pipeline (each stage in its own file pair):
//   lexer.h        bytes -> tokens (erl_scan)
//   preprocessor.h tokens -> forms, with macros, includes and conditionals (epp)
//   parser.h       forms -> AST (erl_parse), patterns normalised
//   eunit_transforms.h  EUnit's autoexport / striptests parse transforms
//   desugar.h      records -> tuples (erl_expand_records)
//   check.h        variable binding, function existence, guards (erl_lint)
//
// Error contract: nothing here throws or aborts on any input; every failure is
// a Diagnostic. Recursion depth is capped so hostile input cannot exhaust the
// C++ stack (see kMaxNesting in parser.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tools/compiler/ast.h"

namespace girder::compiler {

struct Diagnostic {
  std::string file;
  std::uint32_t line = 0, col = 0;
  std::string message;
  std::string format() const;  // "file:line:col: message"
};

struct FrontendOptions {
  std::vector<std::string> include_dirs;
  std::vector<std::pair<std::string, std::string>> defines;  // -D Name=Value (Value may be "")
};

// Lex, preprocess, parse, desugar records, check. On any error `module` is
// empty and errors has >= 1 entries, sorted by position.
struct FrontendResult {
  std::optional<Module> module;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
};
FrontendResult parse_module(std::string_view source, const std::string& file_name,
                            const FrontendOptions& opts = {});

// For `girder eval 'Expr, Expr.'`: a sequence of expressions ending in '.'.
// No macros, no records. Errors use the file name "eval".
struct ExprsResult {
  std::vector<ExprPtr> exprs;
  std::vector<Diagnostic> errors;
};
ExprsResult parse_exprs(std::string_view source);

// For file:consult and io:read at run time (erl_scan + erl_parse:parse_term):
// the text of one term, its tokens up to the '.' that ends it (or to the end
// of the text when it has none). Lines count from `first_line`.
//   Ok:    `etf` is the term in the external format (with the 131 byte).
//   Eof:   the text has no tokens (only white space and comments).
//   Error: `error` says where and what: "syntax error before: X" or
//          "bad term" (erl_parse's words; `scan_error` false), or one of
//          the lexer's messages (`scan_error` true).
struct TermResult {
  enum class Status { Ok, Eof, Error } status = Status::Eof;
  std::vector<std::uint8_t> etf;
  Diagnostic error;
  bool scan_error = false;
  // An unterminated string or quoted atom: the text after its quote, as it
  // is (erl_scan's {string, Quote, Text}).
  std::string unterminated;
};
TermResult parse_term(std::string_view text, std::uint32_t first_line);

}  // namespace girder::compiler
