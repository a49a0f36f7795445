// Record desugaring, the job erl_expand_records does for erlc.
//
// After desugar_records no RecordNew/RecordUpdate/RecordField/RecordIndex
// node remains (see the invariants in ast.h):
//   #r{a = 1}          -> {r, 1, <default or undefined>...}; `_ = V` fills unlisted fields
//   #r{a = P} pattern  -> {r, P, _, ...}
//   #r.a               -> the integer index
//   R#r.a   (body)     -> case R of {r, _, V, _} -> V; _ -> erlang:error({badrecord, r}) end
//   R#r.a   (guard)    -> erlang:element(N, R), and the guard test becomes
//                         is_record(R, r, Size) andalso Test
//   R#r{a = V}         -> begin R' = R, V' = V, case R' of {r, _, F2} -> {r, V', F2};
//                         _ -> erlang:error({badrecord, r}) end end
//   record_info(size|fields, r) -> literal; is_record(X, r) -> is_record(X, r, Size)
// Fresh variables are spelled "__R.<n>": the '.' makes them impossible to
// write in source, so they cannot clash with user variables.
#pragma once

#include <string>
#include <vector>

#include "tools/compiler/ast.h"
#include "tools/compiler/frontend.h"

namespace girder::compiler {

// Errors: "record r undefined", "field f undefined in record r",
// "illegal record info", "illegal pattern" (record update/access in a pattern).
void desugar_records(Module& m, const std::string& file, std::vector<Diagnostic>& errors);

// For parse_exprs: desugars with no record definitions (any record use is an error).
void desugar_exprs(std::vector<ExprPtr>& exprs, const std::string& file, std::vector<Diagnostic>& errors);

}  // namespace girder::compiler
