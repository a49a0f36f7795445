// ets:fun2ms/1 and dbg:fun2ms/1 at compile time (see ms_transform.h).
//
// The translation builds AST that constructs the specification when it runs:
// mostly constants, which code generation turns into literals, plus
// {const, Var} for variables the fun takes from its surroundings. The error
// texts, their places and which functions a guard or a body may call are
// OTP 25's, observed with erlc (tests/conformance/ets/fun2ms_*).
#include "tools/compiler/ms_transform.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "tools/compiler/lexer.h"
#include "tools/compiler/parser.h"

namespace girder::compiler {
namespace {

enum class Where { Guard, Body };

struct FnName {
  std::string_view name;
  unsigned arity;
};

// What a match specification guard may call (and so may a body).
constexpr FnName kGuardFns[] = {
    {"self", 0}, {"node", 0}, {"get_tcw", 0},
    {"abs", 1}, {"hd", 1}, {"tl", 1}, {"length", 1}, {"map_size", 1}, {"round", 1}, {"size", 1},
    {"bit_size", 1}, {"byte_size", 1}, {"trunc", 1}, {"float", 1}, {"node", 1},
    {"is_atom", 1}, {"is_float", 1}, {"is_integer", 1}, {"is_list", 1}, {"is_number", 1},
    {"is_pid", 1}, {"is_port", 1}, {"is_reference", 1}, {"is_tuple", 1}, {"is_map", 1},
    {"is_binary", 1}, {"is_function", 1}, {"not", 1}, {"bnot", 1}, {"-", 1}, {"+", 1},
    {"element", 2}, {"map_get", 2}, {"is_map_key", 2}, {"is_record", 2}, {"binary_part", 2},
    {"and", 2}, {"or", 2}, {"xor", 2}, {"andalso", 2}, {"orelse", 2},
    {"+", 2}, {"-", 2}, {"*", 2}, {"/", 2}, {"div", 2}, {"rem", 2},
    {"band", 2}, {"bor", 2}, {"bxor", 2}, {"bsl", 2}, {"bsr", 2},
    {">", 2}, {">=", 2}, {"<", 2}, {"=<", 2}, {"=:=", 2}, {"==", 2}, {"=/=", 2}, {"/=", 2},
    {"binary_part", 3},
};

// The tracing actions, allowed in bodies only.
constexpr FnName kBodyFns[] = {
    {"return_trace", 0}, {"exception_trace", 0}, {"caller", 0}, {"process_dump", 0},
    {"get_seq_token", 0}, {"message", 1}, {"display", 1}, {"silent", 1}, {"enable_trace", 1},
    {"disable_trace", 1}, {"set_tcw", 1}, {"enable_trace", 2}, {"disable_trace", 2},
    {"trace", 2}, {"set_seq_token", 2}, {"trace", 3},
};

bool listed(std::string_view name, unsigned arity, const auto& table) {
  return std::any_of(std::begin(table), std::end(table),
                     [&](const FnName& f) { return f.name == name && f.arity == arity; });
}

bool allowed(std::string_view name, unsigned arity, Where where) {
  return listed(name, arity, kGuardFns) || (where == Where::Body && listed(name, arity, kBodyFns));
}

// '$' and then something list_to_integer/1 reads: a match variable's name,
// which a head may not use as a constant.
bool is_reserved_head_atom(std::string_view s) {
  if (s.size() < 2 || s[0] != '$') return false;
  size_t i = 1;
  if (s[i] == '-' || s[i] == '+') ++i;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

ExprPtr tuple_of(Loc loc, std::vector<ExprPtr> elems) {
  auto t = make_expr(ExprKind::Tuple, loc);
  t->args = std::move(elems);
  return t;
}

ExprPtr list_of(Loc loc, std::vector<ExprPtr> elems) {
  ExprPtr tail = make_expr(ExprKind::Nil, loc);
  for (size_t i = elems.size(); i-- > 0;) {
    auto c = make_expr(ExprKind::Cons, loc);
    c->a = std::move(elems[i]);
    c->b = std::move(tail);
    tail = std::move(c);
  }
  return tail;
}

ExprPtr const_of(Loc loc, ExprPtr value) {
  std::vector<ExprPtr> e;
  e.push_back(make_atom(loc, "const"));
  e.push_back(std::move(value));
  return tuple_of(loc, std::move(e));
}

// A name as io_lib:write/1 prints it in the messages ('foo/1', 'lists:reverse/1').
std::string fa(const std::string& name, size_t arity) {
  return quote_atom_if_needed(name) + "/" + std::to_string(arity);
}

// The first variable inside a bit syntax expression, if any.
const Expr* first_var(const Expr& e) {
  if (e.kind == ExprKind::Var) return &e;
  const Expr* found = nullptr;
  for_each_child(e, [&](const ExprPtr& c) {
    if (!found && c) found = first_var(*c);
  });
  return found;
}

struct Failure {
  Loc loc;
  std::string message;
};

class Translator {
 public:
  Translator(const Module& module, bool dbg) : module_(module), dbg_(dbg) {}

  // The specification for `fun`, or nullopt with failure() set.
  std::optional<ExprPtr> run(const Expr& fun) {
    std::vector<ExprPtr> clauses;
    for (const Clause& c : fun.clauses) {
      if (!clause(c, clauses)) return std::nullopt;
    }
    return list_of(fun.loc, std::move(clauses));
  }

  const Failure& failure() const { return *failure_; }

 private:
  const Module& module_;
  bool dbg_;
  std::vector<std::pair<std::string, std::string>> vars_;  // head variable -> '$N' or '$_'
  int next_var_ = 1;
  std::optional<Failure> failure_;

  bool fail(Loc loc, std::string message) {
    if (!failure_) failure_ = Failure{loc, std::move(message)};
    return false;
  }

  bool bad_head(const Clause& c) {
    return fail(c.loc, dbg_ ? "dbg:fun2ms requires fun with single variable or list parameter"
                            : "ets:fun2ms requires fun with single variable or tuple parameter");
  }

  bool clause(const Clause& c, std::vector<ExprPtr>& out) {
    vars_.clear();
    next_var_ = 1;
    if (c.patterns.size() != 1) return bad_head(c);
    // A top-level match binds one side, a variable, to the whole object.
    const Expr* p = c.patterns[0].get();
    if (p->kind == ExprKind::Match) {
      const Expr* whole = nullptr;
      if (p->a->kind == ExprKind::Var) {
        whole = p->a.get();
        p = p->b.get();
      } else if (p->b->kind == ExprKind::Var) {
        whole = p->b.get();
        p = p->a.get();
      } else {
        return bad_head(c);
      }
      if (whole->name != "_") vars_.emplace_back(whole->name, "$_");
    }
    bool shape_ok = p->kind == ExprKind::Var ||
                    (dbg_ ? p->kind == ExprKind::Cons || p->kind == ExprKind::Nil
                          : p->kind == ExprKind::Tuple || p->kind == ExprKind::RecordNew);
    if (!shape_ok) return bad_head(c);
    ExprPtr head = pattern(*p);
    if (!head) return false;
    std::vector<std::vector<ExprPtr>> guard_lists;
    if (c.guard.empty()) guard_lists.emplace_back();
    for (const auto& seq : c.guard) {
      std::vector<ExprPtr> tests;
      for (const ExprPtr& g : seq) {
        ExprPtr t = expr(*g, Where::Guard);
        if (!t) return false;
        tests.push_back(std::move(t));
      }
      guard_lists.push_back(std::move(tests));
    }
    std::vector<ExprPtr> body;
    for (const ExprPtr& b : c.body) {
      ExprPtr t = expr(*b, Where::Body);
      if (!t) return false;
      body.push_back(std::move(t));
    }
    // One specification clause per guard sequence, each with the same head
    // and body.
    for (size_t i = 0; i < guard_lists.size(); ++i) {
      std::vector<ExprPtr> parts;
      parts.push_back(i + 1 == guard_lists.size() ? std::move(head) : clone_expr(*head));
      parts.push_back(list_of(c.loc, std::move(guard_lists[i])));
      std::vector<ExprPtr> b;
      for (const ExprPtr& x : body) b.push_back(clone_expr(*x));
      parts.push_back(list_of(c.loc, std::move(b)));
      out.push_back(tuple_of(c.loc, std::move(parts)));
    }
    return true;
  }

  const std::string* bound(const std::string& name) const {
    for (const auto& [var, ms] : vars_) {
      if (var == name) return &ms;
    }
    return nullptr;
  }

  const RecordDef* record(const std::string& name) const {
    for (const RecordDef& r : module_.records) {
      if (r.name == name) return &r;
    }
    return nullptr;
  }

  static int field_index(const RecordDef& r, const std::string& field) {
    for (size_t i = 0; i < r.fields.size(); ++i) {
      if (r.fields[i].name == field) return static_cast<int>(i);
    }
    return -1;
  }

  // ---- heads ----

  ExprPtr pattern(const Expr& p) {
    switch (p.kind) {
      case ExprKind::Var: {
        if (p.name == "_") return make_atom(p.loc, "_");
        if (const std::string* ms = bound(p.name)) return make_atom(p.loc, *ms);
        std::string ms = "$" + std::to_string(next_var_++);
        vars_.emplace_back(p.name, ms);
        return make_atom(p.loc, ms);
      }
      case ExprKind::Atom:
        if (is_reserved_head_atom(p.name)) {
          fail(p.loc, "fun head contains atom " + quote_atom_if_needed(p.name) +
                          ", which conflics with reserved atoms in match_spec heads");
          return nullptr;
        }
        return clone_expr(p);
      case ExprKind::Cons: {
        auto c = make_expr(ExprKind::Cons, p.loc);
        c->a = pattern(*p.a);
        if (!c->a) return nullptr;
        c->b = pattern(*p.b);
        if (!c->b) return nullptr;
        return c;
      }
      case ExprKind::Tuple: {
        std::vector<ExprPtr> elems;
        for (const ExprPtr& x : p.args) {
          elems.push_back(pattern(*x));
          if (!elems.back()) return nullptr;
        }
        return tuple_of(p.loc, std::move(elems));
      }
      case ExprKind::MapPattern:
      case ExprKind::MapNew: {
        auto m = make_expr(ExprKind::MapNew, p.loc);
        for (const MapField& f : p.map_fields) {
          MapField g;
          g.key = clone_expr(*f.key);
          g.value = pattern(*f.value);
          if (!g.value) return nullptr;
          m->map_fields.push_back(std::move(g));
        }
        return m;
      }
      case ExprKind::RecordNew:
        return record_pattern(p);
      case ExprKind::Binary:
        if (const Expr* v = first_var(p)) {
          fail(v->loc, "fun head contains bit syntax matching of variable " + quote_atom_if_needed(v->name) +
                           ", which cannot be translated into match_spec");
          return nullptr;
        }
        return clone_expr(p);
      case ExprKind::Match:
        fail(p.loc, "in fun head, only matching (=) on toplevel can be translated into match_spec");
        return nullptr;
      default:
        return clone_expr(p);
    }
  }

  ExprPtr record_pattern(const Expr& p) {
    const RecordDef* r = record(p.name);
    if (!r) {
      fail(p.loc, "fun head contains unknown record type " + quote_atom_if_needed(p.name));
      return nullptr;
    }
    std::vector<const Expr*> given(r->fields.size(), nullptr);
    const Expr* rest = nullptr;  // `_ = P`: every field not named
    for (const RecordFieldInit& f : p.record_fields) {
      if (f.field == "_") {
        rest = f.value.get();
        continue;
      }
      int i = field_index(*r, f.field);
      if (i < 0) {
        fail(p.loc, "fun head contains reference to unknown field " + quote_atom_if_needed(f.field) +
                        " in record type " + quote_atom_if_needed(r->name));
        return nullptr;
      }
      if (given[static_cast<size_t>(i)]) {
        fail(p.loc, "fun head contains already defined field " + quote_atom_if_needed(f.field) +
                        " in record type " + quote_atom_if_needed(r->name));
        return nullptr;
      }
      given[static_cast<size_t>(i)] = f.value.get();
    }
    std::vector<ExprPtr> elems;
    elems.push_back(make_atom(p.loc, r->name));
    for (const Expr* g : given) {
      const Expr* src = g ? g : rest;
      elems.push_back(src ? pattern(*src) : make_atom(p.loc, "_"));
      if (!elems.back()) return nullptr;
    }
    return tuple_of(p.loc, std::move(elems));
  }

  // ---- guards and bodies ----

  static const char* where_text(Where w) { return w == Where::Guard ? "guard" : "body"; }

  ExprPtr not_here(const Expr& e, std::string_view element, Where w) {
    fail(e.loc, "the language element " + std::string(element) + " (in " + where_text(w) +
                    ") cannot be translated into match_spec");
    return nullptr;
  }

  ExprPtr expr(const Expr& e, Where w) {
    Loc loc = e.loc;
    switch (e.kind) {
      case ExprKind::Var:
        if (const std::string* ms = bound(e.name)) return make_atom(loc, *ms);
        // From the surroundings: its value, taken when the code runs (an
        // unbound one is left for the checks to report).
        return const_of(loc, clone_expr(e));
      case ExprKind::Atom:
        if (!e.name.empty() && e.name[0] == '$') return const_of(loc, clone_expr(e));
        return clone_expr(e);
      case ExprKind::Integer:
      case ExprKind::Float:
      case ExprKind::String:
      case ExprKind::Nil:
        return clone_expr(e);
      case ExprKind::Cons: {
        auto c = make_expr(ExprKind::Cons, loc);
        c->a = expr(*e.a, w);
        if (!c->a) return nullptr;
        c->b = expr(*e.b, w);
        if (!c->b) return nullptr;
        return c;
      }
      case ExprKind::Tuple: {
        std::vector<ExprPtr> elems;
        for (const ExprPtr& x : e.args) {
          elems.push_back(expr(*x, w));
          if (!elems.back()) return nullptr;
        }
        std::vector<ExprPtr> outer;
        outer.push_back(tuple_of(loc, std::move(elems)));
        return tuple_of(loc, std::move(outer));
      }
      case ExprKind::MapNew: {
        auto m = make_expr(ExprKind::MapNew, loc);
        for (const MapField& f : e.map_fields) {
          MapField g;
          g.key = expr(*f.key, w);
          if (!g.key) return nullptr;
          g.value = expr(*f.value, w);
          if (!g.value) return nullptr;
          m->map_fields.push_back(std::move(g));
        }
        return m;
      }
      case ExprKind::MapUpdate:
      case ExprKind::MapPattern:
        return not_here(e, "map", w);
      case ExprKind::Binary:
        if (const Expr* v = first_var(e)) {
          fail(v->loc, "bit syntax construction with variable " + quote_atom_if_needed(v->name) + " (in " +
                           where_text(w) + ") cannot be translated into match_spec");
          return nullptr;
        }
        return clone_expr(e);
      case ExprKind::BinOp:
        return op(loc, e.name, {e.a.get(), e.b.get()}, w);
      case ExprKind::UnOp:
        return op(loc, e.name, {e.a.get()}, w);
      case ExprKind::AndAlso:
        return op(loc, "andalso", {e.a.get(), e.b.get()}, w);
      case ExprKind::OrElse:
        return op(loc, "orelse", {e.a.get(), e.b.get()}, w);
      case ExprKind::Call:
        return call(e, w);
      case ExprKind::RecordNew:
        return record_new(e, nullptr, w);
      case ExprKind::RecordUpdate:
        return record_new(e, e.a.get(), w);
      case ExprKind::RecordField: {
        const RecordDef* r = record_in(e, w);
        if (!r) return nullptr;
        int i = field_index(*r, e.field);
        if (i < 0) return unknown_field(e, *r, e.field, w);
        ExprPtr base = expr(*e.a, w);
        if (!base) return nullptr;
        std::vector<ExprPtr> elems;
        elems.push_back(make_atom(loc, "element"));
        elems.push_back(make_int(loc, i + 2));
        elems.push_back(std::move(base));
        return tuple_of(loc, std::move(elems));
      }
      case ExprKind::RecordIndex: {
        const RecordDef* r = record_in(e, w);
        if (!r) return nullptr;
        int i = field_index(*r, e.field);
        if (i < 0) return unknown_field(e, *r, e.field, w);
        return make_int(loc, i + 2);
      }
      case ExprKind::Match:
        fail(loc, "fun with body matching ('=' in body) is illegal as match_spec");
        return nullptr;
      case ExprKind::Case: return not_here(e, "case", w);
      case ExprKind::If: return not_here(e, "if", w);
      case ExprKind::Receive: return not_here(e, "receive", w);
      case ExprKind::Try: return not_here(e, "try", w);
      case ExprKind::Catch: return not_here(e, "catch", w);
      case ExprKind::Block: return not_here(e, "begin/end block", w);
      case ExprKind::ListComp: return not_here(e, "list comprehension", w);
      case ExprKind::BinComp: return not_here(e, "binary comprehension", w);
      case ExprKind::Lambda:
      case ExprKind::FunRef:
      case ExprKind::FunRemote: return not_here(e, "fun", w);
    }
    return not_here(e, "expression", w);
  }

  ExprPtr op(Loc loc, const std::string& name, std::initializer_list<const Expr*> operands, Where w) {
    std::vector<ExprPtr> elems;
    elems.push_back(make_atom(loc, name));
    for (const Expr* x : operands) {
      elems.push_back(expr(*x, w));
      if (!elems.back()) return nullptr;
    }
    return tuple_of(loc, std::move(elems));
  }

  ExprPtr call(const Expr& e, Where w) {
    if (e.is_fun_call()) return not_here(e, "call", w);
    std::string name;
    bool remote = e.is_remote_call();
    std::string module;
    if (remote) {
      if (e.a->kind != ExprKind::Atom || e.b->kind != ExprKind::Atom) return not_here(e, "call", w);
      module = e.a->name;
      name = e.b->name;
    } else {
      name = e.name;
    }
    unsigned arity = static_cast<unsigned>(e.args.size());
    bool known = !remote || module == "erlang";
    if (known && arity == 0 && name == "object") return make_atom(e.loc, "$_");
    if (known && arity == 0 && name == "bindings") return make_atom(e.loc, "$*");
    if (known && allowed(name, arity, w)) {
      // float/1 in a guard is the type test there (a conversion in a body).
      if (name == "float" && arity == 1 && w == Where::Guard) name = "is_float";
      std::vector<ExprPtr> elems;
      elems.push_back(make_atom(e.loc, name));
      for (const ExprPtr& a : e.args) {
        elems.push_back(expr(*a, w));
        if (!elems.back()) return nullptr;
      }
      // is_record(X, Name) gets the record's size, as the guard BIF wants.
      if (name == "is_record" && e.args[1]->kind == ExprKind::Atom) {
        const RecordDef* r = record(e.args[1]->name);
        if (!r) {
          fail(e.args[1]->loc, std::string("fun ") + where_text(w) + " contains unknown record type " +
                                   quote_atom_if_needed(e.args[1]->name));
          return nullptr;
        }
        elems.push_back(make_int(e.loc, static_cast<std::int64_t>(r->fields.size()) + 1));
      }
      return tuple_of(e.loc, std::move(elems));
    }
    std::string what = remote ? "remote function call '" + quote_atom_if_needed(module) + ":" + fa(name, arity) + "'"
                              : "local function call '" + fa(name, arity) + "'";
    fail(e.loc, "fun containing the " + what + " (called in " + where_text(w) +
                    ") cannot be translated into match_spec");
    return nullptr;
  }

  const RecordDef* record_in(const Expr& e, Where w) {
    const RecordDef* r = record(e.name);
    if (!r) {
      fail(e.loc, std::string("fun ") + where_text(w) + " contains unknown record type " +
                      quote_atom_if_needed(e.name));
    }
    return r;
  }

  ExprPtr unknown_field(const Expr& e, const RecordDef& r, const std::string& field, Where w) {
    fail(e.loc, std::string("fun ") + where_text(w) + " contains reference to unknown field " +
                    quote_atom_if_needed(field) + " in record type " + quote_atom_if_needed(r.name));
    return nullptr;
  }

  // #r{...}, or Base#r{...} when `base` is set: {{r, F1, ...}} with each
  // field given, `_ = V`, the field of Base ({element, I, Base}) or the
  // default.
  ExprPtr record_new(const Expr& e, const Expr* base, Where w) {
    const RecordDef* r = record_in(e, w);
    if (!r) return nullptr;
    std::vector<const Expr*> given(r->fields.size(), nullptr);
    const Expr* rest = nullptr;
    for (const RecordFieldInit& f : e.record_fields) {
      if (f.field == "_") {
        rest = f.value.get();
        continue;
      }
      int i = field_index(*r, f.field);
      if (i < 0) return unknown_field(e, *r, f.field, w);
      given[static_cast<size_t>(i)] = f.value.get();
    }
    ExprPtr base_ms;
    if (base) {
      base_ms = expr(*base, w);
      if (!base_ms) return nullptr;
    }
    std::vector<ExprPtr> elems;
    elems.push_back(make_atom(e.loc, r->name));
    for (size_t i = 0; i < r->fields.size(); ++i) {
      ExprPtr v;
      if (given[i]) {
        v = expr(*given[i], w);
      } else if (base) {
        std::vector<ExprPtr> el;
        el.push_back(make_atom(e.loc, "element"));
        el.push_back(make_int(e.loc, static_cast<std::int64_t>(i) + 2));
        el.push_back(clone_expr(*base_ms));
        v = tuple_of(e.loc, std::move(el));
      } else if (rest) {
        v = expr(*rest, w);
      } else if (r->fields[i].default_value) {
        v = expr(*r->fields[i].default_value, w);
      } else {
        v = make_atom(e.loc, "undefined");
      }
      if (!v) return nullptr;
      elems.push_back(std::move(v));
    }
    std::vector<ExprPtr> outer;
    outer.push_back(tuple_of(e.loc, std::move(elems)));
    return tuple_of(e.loc, std::move(outer));
  }
};

// Walks every expression of the module and rewrites the fun2ms calls.
class Rewriter {
 public:
  explicit Rewriter(const Module& module) : module_(module) {}

  void visit(ExprPtr& e) {
    if (!e || failure_) return;
    if (e->is_remote_call() && e->a->kind == ExprKind::Atom && e->b->kind == ExprKind::Atom &&
        e->b->name == "fun2ms" && (e->a->name == "ets" || e->a->name == "dbg") && e->args.size() == 1) {
      const Expr& arg = *e->args[0];
      if (arg.kind != ExprKind::Lambda || !arg.name.empty()) {
        failure_ = Failure{e->loc, "Parameter of ets/dbg:fun2ms/1 is not a literal fun"};
        return;
      }
      Translator t(module_, e->a->name == "dbg");
      std::optional<ExprPtr> ms = t.run(arg);
      if (!ms) {
        failure_ = t.failure();
        return;
      }
      e = std::move(*ms);
      return;
    }
    for_each_child(*e, [this](ExprPtr& c) { visit(c); });
  }

  const std::optional<Failure>& failure() const { return failure_; }

 private:
  const Module& module_;
  std::optional<Failure> failure_;
};

}  // namespace

bool apply_ms_transform(Module& module, const std::string& file, std::vector<Diagnostic>& errors) {
  if (!module.ms_transform) return true;
  Rewriter r(module);
  for (Function& f : module.functions) {
    for (Clause& c : f.clauses) {
      for (auto& g : c.guard) {
        for (auto& t : g) r.visit(t);
      }
      for (auto& b : c.body) r.visit(b);
      if (r.failure()) break;
    }
    if (r.failure()) break;
  }
  if (!r.failure()) return true;
  const Failure& f = *r.failure();
  errors.push_back({file, f.loc.line, f.loc.col, f.message});
  return false;
}

}  // namespace girder::compiler
