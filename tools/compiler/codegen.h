// Code generation: a checked, desugared module AST -> AsmModule.
//
// Register discipline (see docs/internals/compiler.md for the long form):
// * A clause is compiled in one of two modes. Frameless when its body makes
//   no call that returns to it (only tail calls and inline BIFs): variables
//   live in X registers ("homes"), head variables that are whole arguments
//   keep the argument register. Framed otherwise: after the head and guard
//   match, the clause allocates a frame and every variable lives in a Y slot.
// * Temporaries are X registers above every home, allocated as a stack.
// * Heap checks (test_heap) name exactly the X registers that hold values
//   still needed; holes below that count are filled with init_x, so the
//   collector only ever sees valid terms.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "loader/asm.h"
#include "tools/compiler/ast.h"
#include "tools/compiler/frontend.h"

namespace girder::compiler {

struct CodegenResult {
  std::optional<loader::AsmModule> module;
  std::vector<Diagnostic> errors;
};

// Consumes the module (lowering rewrites it in place).
CodegenResult generate_module(Module& module);

// Compile one sequence of expressions (girder eval) into a module named
// `module_name` exporting `'eval'/0`, whose body evaluates the expressions
// and returns the last value.
CodegenResult generate_eval_module(std::vector<ExprPtr>& exprs, const std::string& module_name);

// Source text -> AsmModule: frontend, then code generation.
CodegenResult compile_source(std::string_view source, const std::string& file_name,
                             const FrontendOptions& options = {});

}  // namespace girder::compiler
