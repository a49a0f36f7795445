// EUnit's autoexport and striptests (see eunit_transforms.h).
#include "tools/compiler/eunit_transforms.h"

#include <algorithm>
#include <string_view>

namespace girder::compiler {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The suffixes EUnit documents: tests, generators, and functions to export.
bool is_test_function(const Function& f) {
  return f.arity == 0 && (ends_with(f.name, "_test") || ends_with(f.name, "_test_") || ends_with(f.name, "_exported_"));
}

// test() -> eunit:test(Module).
Function make_test_function(const std::string& module, Loc loc) {
  Function f;
  f.name = "test";
  f.arity = 0;
  f.loc = loc;
  Clause c;
  c.loc = loc;
  ExprPtr call = make_expr(ExprKind::Call, loc);
  call->a = make_atom(loc, "eunit");
  call->b = make_atom(loc, "test");
  call->args.push_back(make_atom(loc, module));
  c.body.push_back(std::move(call));
  f.clauses.push_back(std::move(c));
  return f;
}

}  // namespace

void apply_eunit_transforms(Module& module, std::vector<Loc>& export_locs) {
  if (module.eunit_striptests) {
    auto stripped = [](const Function& f) { return is_test_function(f); };
    std::vector<std::pair<std::string, unsigned>> exports;
    std::vector<Loc> locs;
    for (size_t i = 0; i < module.exports.size(); ++i) {
      const std::string& name = module.exports[i].first;
      unsigned arity = module.exports[i].second;
      bool gone = std::any_of(module.functions.begin(), module.functions.end(), [&](const Function& f) {
        return stripped(f) && f.name == name && f.arity == arity;
      });
      if (gone) continue;
      exports.push_back(module.exports[i]);
      if (i < export_locs.size()) locs.push_back(export_locs[i]);
    }
    module.exports = std::move(exports);
    export_locs = std::move(locs);
    std::erase_if(module.functions, stripped);
    return;
  }
  if (!module.eunit_autoexport) return;
  auto exported = [&](const std::string& name, unsigned arity) {
    return std::find(module.exports.begin(), module.exports.end(), std::make_pair(name, arity)) != module.exports.end();
  };
  bool has_test0 = false;
  for (const Function& f : module.functions) {
    if (f.name == "test" && f.arity == 0) has_test0 = true;
    if (is_test_function(f) && !exported(f.name, 0)) {
      module.exports.emplace_back(f.name, 0);
      export_locs.push_back(f.loc);
    }
  }
  if (has_test0) return;  // the module's own test/0 stays as it is
  Loc loc = module.functions.empty() ? Loc{1, 1} : module.functions.back().loc;
  module.functions.push_back(make_test_function(module.name, loc));
  if (!exported("test", 0)) {
    module.exports.emplace_back("test", 0);
    export_locs.push_back(loc);
  }
}

}  // namespace girder::compiler
