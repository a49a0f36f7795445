#include "vm/exec/errors.h"

#include <string>

#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

Term location(Process& p, const CodeVersion* version, const Word* pc) {
  if (version == nullptr) return kNil;
  std::uint32_t line = pc ? version->line_at(pc) : 0;
  Term file = make_tuple(p, {atoms::file, make_string(p, version->source_file)});
  if (line == 0) return make_list(p, std::span<const Term>(&file, 1));
  Term items[2] = {file, make_tuple(p, {atoms::line, Term::small(line)})};
  return make_list(p, items);
}

}  // namespace

Term build_stacktrace(Process& p, const Word* pc, const Word* cp, Term* e, Term top_module, Term top_function,
                      Term top_args) {
  CodeServer& code = p.vm().code();
  std::vector<Term> frames;
  const FunctionRange* skip = nullptr;
  const CodeVersion* pc_version = pc ? code.version_of(pc) : nullptr;
  const FunctionRange* pc_function = pc_version ? pc_version->function_at(pc) : nullptr;
  if (top_module.is_value()) {
    Term loc = kNil;
    if (pc_function != nullptr && pc_version->module == top_module && pc_function->name == top_function) {
      // function_clause: the failing function itself, with its arguments.
      loc = location(p, pc_version, pc);
      skip = pc_function;
    }
    frames.push_back(make_tuple(p, {top_module, top_function, top_args, loc}));
  }
  auto add_frame = [&](const Word* at) {
    const CodeVersion* v = code.version_of(at);
    if (v == nullptr) return;
    const FunctionRange* f = v->function_at(at);
    if (f == nullptr || f == skip) {
      skip = nullptr;
      return;
    }
    // A continuation points after the call; the call's own line is the
    // line of the word before it.
    frames.push_back(make_tuple(p, {v->module, f->name, Term::small(f->arity), location(p, v, at)}));
  };
  if (pc != nullptr) add_frame(pc);
  if (cp != nullptr && static_cast<int>(frames.size()) < kBacktraceDepth) add_frame(cp - 1);
  for (Term* s = e; s < p.stack_hi() && static_cast<int>(frames.size()) < kBacktraceDepth; ++s) {
    Word w = s->raw();
    if (w != 0 && (w & 7) == 0) add_frame(reinterpret_cast<const Word*>(w) - 1);
  }
  return make_list(p, frames);
}

const Word* resolve_undefined(Process& p, ExportEntry* ep) {
  std::string error;
  if (!p.vm().code().ensure_loaded(ep->module, error)) return nullptr;
  return p.vm().code().address(ep);
}

Term catch_value(Process& p, Term error_class, Term reason, Term stacktrace) {
  if (error_class == atoms::throw_) return reason;
  if (error_class == atoms::exit) return make_tuple(p, {atoms::EXIT, reason});
  return make_tuple(p, {atoms::EXIT, make_tuple(p, {reason, stacktrace})});
}

bool function_has_arity(Term fun, Term arity) {
  if (!arity.is_small() || arity.small_value() < 0) return false;
  if (fun.is_box_of(BoxKind::Fun)) {
    auto* fe = reinterpret_cast<const FunEntry*>(fun.box_ptr()[1]);
    return fe->arity == static_cast<unsigned>(arity.small_value());
  }
  if (fun.is_box_of(BoxKind::Export)) {
    auto* ep = reinterpret_cast<const ExportEntry*>(fun.box_ptr()[1]);
    return ep->arity == static_cast<unsigned>(arity.small_value());
  }
  return false;
}

}  // namespace girder::vm
