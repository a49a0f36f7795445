// Lowering passes between checking and code generation: rewrite list and
// binary comprehensions into recursive named funs, so the code generator
// only sees funs and calls.
//
//   [E || P <- L, Rest]  ==>  (fun F([P | T]) -> <[E || Rest] with tail F(T)>;
//                                  F([_ | T]) -> F(T);
//                                  F([]) -> Tail;
//                                  F(X) -> erlang:error({bad_generator, X}) end)(L)
//   filter C             ==>  case C of true -> <Rest>; false -> Tail;
//                                       X -> erlang:error({bad_filter, X}) end
//   <<E || Q>>           ==>  erlang:list_to_bitstring([E || Q])
//
// Results are built by body recursion, as BEAM does, so side effects in E
// happen in generator order. Generated variables start with '@' and cannot
// clash with user variables.
#pragma once

#include "tools/compiler/ast.h"

namespace girder::compiler {

void lower_function(Function& f);

}  // namespace girder::compiler
