// Parser: one preprocessed form at a time -> AST, following erl_parse (OTP 25).
//
// Recursive descent with one function per precedence level:
//   catch (prefix, takes a whole expression) < = ! (right) < orelse < andalso
//   < comparisons (non-assoc) < ++ -- (right) < + - bor bxor bsl bsr or xor
//   < * / div rem band and < unary + - bnot not < # < : / calls.
// After the first syntax error in a form the parser is "poisoned": peek()
// yields Eof, so every loop ends and the form is dropped; the caller goes on
// with the next form, as erlc does.
//
// Normalisation done here: chars become Integer, `-Literal` is folded into a
// negative literal, adjacent strings are joined, and anything in pattern
// position goes through to_pattern() ("abc" ++ T -> cons chain, #{k := V} ->
// MapPattern, constant arithmetic folded).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tools/compiler/ast.h"
#include "tools/compiler/frontend.h"
#include "tools/compiler/lexer.h"

namespace girder::compiler {

// Syntactic nesting limit: each level costs about a dozen C++ frames in the
// parser and a few in every later recursive pass.
constexpr int kMaxNesting = 1000;
// Lists and left-associative operator chains are parsed iteratively but still
// build a tree as deep as they are long. Every pass walks list tails in a
// loop, so lists may be long; other depth (operator chains, record and map
// suffixes) counts against kMaxTreeDepth, checked on each finished clause.
// Later recursive passes (desugar, check, code generation) may rely on both.
constexpr int kMaxChain = 20000;
constexpr int kMaxTreeDepth = 1500;

// Module under construction plus the side information later passes need.
struct ParseOutput {
  Module module;
  bool have_module = false;
  std::vector<Loc> export_locs;  // export_locs[i]: where module.exports[i] was written
  bool first_form_seen = false;
  Loc first_form_loc;            // where "no module definition" is reported
};

// Parses one form and adds it to `out`. Errors go to `errors`.
void parse_form(const std::vector<Token>& form, const std::vector<std::string>& files,
                ParseOutput& out, std::vector<Diagnostic>& errors);

// Parses `Expr, Expr, ... .` (the form must end in Dot) into `exprs`.
// Returns false on a syntax error (reported).
bool parse_expr_seq(const std::vector<Token>& form, const std::vector<std::string>& files,
                    std::vector<ExprPtr>& exprs, std::vector<Diagnostic>& errors);

// Size and depth of a tree (list tails do not add depth), computed without
// recursion; stops counting once nodes exceed node_limit.
struct TreeStats {
  std::size_t nodes = 0;
  int depth = 0;
};
TreeStats measure_tree(const Expr& e, std::size_t node_limit);

// Deep copy (record defaults are copied into every creation site).
ExprPtr clone_expr(const Expr& e);
Clause clone_clause(const Clause& c);

}  // namespace girder::compiler
