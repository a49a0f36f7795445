// EUnit's two parse transforms, done by the compiler itself (Girder has no
// parse transforms). eunit.hrl asks for them the way OTP's header does:
//   -compile({parse_transform, eunit_autoexport}).   (normal test builds)
//   -compile({parse_transform, eunit_striptests}).   (with NOTEST defined)
// and the parser records them on the Module (eunit_autoexport /
// eunit_striptests). docs/internals/eunit.md describes both.
#pragma once

#include <vector>

#include "tools/compiler/ast.h"

namespace girder::compiler {

// autoexport: export every Name_test/0, Name_test_/0 and Name_exported_/0,
// and, unless the module defines test/0, add and export
//   test() -> eunit:test(Module).
// striptests: remove those functions (and their exports) instead.
// export_locs stays parallel to module.exports. Runs before the checks.
void apply_eunit_transforms(Module& module, std::vector<Loc>& export_locs);

}  // namespace girder::compiler
