// Helpers shared by the compiler frontend tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/compiler/ast_dump.h"
#include "tools/compiler/frontend.h"
#include "tools/compiler/lexer.h"
#include "tools/compiler/parser.h"

namespace girder::compiler::testing {

// Parses "Expr, ... ." with the parser alone (no desugar, no checks) and
// dumps the expressions separated by " ; ", or returns "error: <msg>".
inline std::string parse_dump(std::string_view src) {
  LexResult lr = lex(src, 0, "t");
  if (!lr.errors.empty()) return "error: " + lr.errors[0].message;
  std::vector<ExprPtr> exprs;
  std::vector<Diagnostic> errs;
  std::vector<std::string> files{"t"};
  if (!parse_expr_seq(lr.tokens, files, exprs, errs) || !errs.empty()) {
    return "error: " + (errs.empty() ? std::string("?") : errs[0].message);
  }
  std::string out;
  for (const auto& e : exprs) out += (out.empty() ? "" : " ; ") + dump(*e);
  return out;
}

// "line:col: message" for each error of a whole module.
inline std::vector<std::string> module_errors(std::string_view src, const FrontendOptions& opts = {}) {
  FrontendResult r = parse_module(src, "m.erl", opts);
  std::vector<std::string> out;
  for (const auto& d : r.errors) out.push_back(std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message);
  return out;
}

// The dump of function name/arity of a module that must compile cleanly
// (or the first error, prefixed with "error: ").
inline std::string function_dump(std::string_view src, const std::string& name, const FrontendOptions& opts = {}) {
  FrontendResult r = parse_module(src, "m.erl", opts);
  if (!r.module) return "error: " + (r.errors.empty() ? std::string("?") : r.errors[0].format());
  for (const auto& f : r.module->functions) {
    if (f.name == name) return dump(f);
  }
  return "no function " + name;
}

inline std::string first_error(std::string_view src) {
  auto es = module_errors(src);
  return es.empty() ? "" : es[0];
}

}  // namespace girder::compiler::testing
