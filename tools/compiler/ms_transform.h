// ms_transform: ets:fun2ms/1 and dbg:fun2ms/1 at compile time, as OTP 25's
// ms_transform parse transform does them. stdlib/include/ms_transform.hrl
// asks for it with -compile({parse_transform, ms_transform}), which the
// parser records on the Module.
//
// Each call whose argument is a literal fun becomes an expression that
// builds the match specification: one {Head, Guards, Body} per clause (and
// per guard sequence of a clause). Head variables are numbered '$1', '$2'...
// in order of appearance, a variable matched with the whole head (X = {...})
// is '$_'; in guards and bodies tuples are wrapped as {{...}}, atoms that
// begin with '$' as {const, A}, and variables bound outside the fun as
// {const, Var}, so their values are taken when the expression runs.
// Records are expanded here, before desugar, into what OTP writes.
// docs/internals/compiler.md, "fun2ms", has the details.
#pragma once

#include <string>
#include <vector>

#include "tools/compiler/ast.h"
#include "tools/compiler/frontend.h"

namespace girder::compiler {

// Rewrites every ets:fun2ms/dbg:fun2ms call of the module (when it asked for
// the transform). On the first fun it cannot translate it stops and returns
// false with one diagnostic, as OTP's transform stops the compilation.
bool apply_ms_transform(Module& module, const std::string& file, std::vector<Diagnostic>& errors);

}  // namespace girder::compiler
