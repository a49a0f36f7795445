// Semantic checks on the desugared AST, the subset of erl_lint the VM needs
// to reject bad programs before code generation.
//
// Variables follow erl_lint's rules: a variable bound in some but not all
// branches of case/if/receive, or anywhere inside try/catch or the right
// side of andalso/orelse, is "unsafe" afterwards; one bound in every branch
// is exported. Fun bodies and comprehensions do not leak bindings, and fun
// heads / generator patterns shadow outer variables.
//
// Errors (erlc wording): "variable 'X' is unbound", "variable 'X' unsafe in
// 'case' (line L, column C)", "function f/1 undefined", "illegal pattern",
// "illegal guard expression", "only association operators '=>' are allowed
// in map construction". Warnings: "variable 'X' is unused" is not produced.
#pragma once

#include <string>
#include <vector>

#include "tools/compiler/ast.h"
#include "tools/compiler/frontend.h"

namespace girder::compiler {

void check_module(const Module& m, const std::vector<Loc>& export_locs, const std::string& file,
                  std::vector<Diagnostic>& errors, std::vector<Diagnostic>& warnings);

// For parse_exprs: variables bind left to right across the sequence; local
// calls are not checked (they resolve to BIFs or shell functions).
void check_exprs(const std::vector<ExprPtr>& exprs, const std::string& file, std::vector<Diagnostic>& errors);

// erl_internal:bif/2 and erl_internal:guard_bif/2 of OTP 25.
bool is_auto_imported_bif(const std::string& name, unsigned arity);
bool is_guard_bif(const std::string& name, unsigned arity);

}  // namespace girder::compiler
