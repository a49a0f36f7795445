// Exceptions: stack traces, the value of `catch Expr`, undefined functions.
#pragma once

#include "vm/exec/code.h"
#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

// Frames kept in a stack trace (OTP's default backtrace_depth).
inline constexpr int kBacktraceDepth = 8;

// Build the stack trace of an exception raised at `pc` (may be null) with
// continuation `cp` and frame pointer `e`. If top_module is a value, the first
// frame is {top_module, top_function, top_args, Location} (a BIF or a missing
// function, or function_clause with its arguments).
Term build_stacktrace(Process& p, const Word* pc, const Word* cp, Term* e, Term top_module, Term top_function,
                      Term top_args);

// An export entry had no code: try to load its module, then look again.
// Returns the code address, or nullptr (the caller raises undef).
const Word* resolve_undefined(Process& p, ExportEntry* ep);

// What `catch Expr` evaluates to when Expr raised: throw -> Reason;
// error -> {'EXIT', {Reason, Stack}}; exit -> {'EXIT', Reason}.
Term catch_value(Process& p, Term error_class, Term reason, Term stacktrace);

// is_function(F, A) as a guard.
bool function_has_arity(Term fun, Term arity);

}  // namespace girder::vm
