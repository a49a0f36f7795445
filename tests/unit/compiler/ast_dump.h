// Compact S-expression rendering of the AST, so tests can compare whole
// trees in one string.
#pragma once

#include <string>

#include "tools/compiler/ast.h"

namespace girder::compiler::testing {

std::string dump(const Expr& e);
std::string dump(const Function& f);
std::string dump(const Module& m);

}  // namespace girder::compiler::testing
