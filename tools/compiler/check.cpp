// Semantic checks (see check.h).
#include "tools/compiler/check.h"

#include <array>
#include <map>
#include <set>
#include <string_view>

#include "tools/compiler/lexer.h"

namespace girder::compiler {
namespace {

struct NameArity {
  std::string_view name;
  unsigned arity;
};

// Generated from OTP 25: erl_internal:bif/2 and erl_internal:guard_bif/2
// over erlang:module_info(exports).
constexpr std::array<NameArity, 176> kAutoImported = {{
    {"abs", 1}, {"alias", 0}, {"alias", 1}, {"apply", 2}, {"apply", 3}, {"atom_to_binary", 1},
    {"atom_to_binary", 2}, {"atom_to_list", 1}, {"binary_part", 2}, {"binary_part", 3},
    {"binary_to_atom", 1}, {"binary_to_atom", 2}, {"binary_to_existing_atom", 1},
    {"binary_to_existing_atom", 2}, {"binary_to_float", 1}, {"binary_to_integer", 1},
    {"binary_to_integer", 2}, {"binary_to_list", 1}, {"binary_to_list", 3}, {"binary_to_term", 1},
    {"binary_to_term", 2}, {"bit_size", 1}, {"bitstring_to_list", 1}, {"byte_size", 1}, {"ceil", 1},
    {"check_old_code", 1}, {"check_process_code", 2}, {"check_process_code", 3}, {"date", 0},
    {"delete_module", 1}, {"demonitor", 1}, {"demonitor", 2}, {"disconnect_node", 1}, {"element", 2},
    {"erase", 0}, {"erase", 1}, {"error", 1}, {"error", 2}, {"error", 3}, {"exit", 1}, {"exit", 2},
    {"float", 1}, {"float_to_binary", 1}, {"float_to_binary", 2}, {"float_to_list", 1}, {"float_to_list", 2},
    {"floor", 1}, {"garbage_collect", 0}, {"garbage_collect", 1}, {"garbage_collect", 2}, {"get", 0},
    {"get", 1}, {"get_keys", 0}, {"get_keys", 1}, {"group_leader", 0}, {"group_leader", 2}, {"halt", 0},
    {"halt", 1}, {"halt", 2}, {"hd", 1}, {"integer_to_binary", 1}, {"integer_to_binary", 2},
    {"integer_to_list", 1}, {"integer_to_list", 2}, {"iolist_size", 1}, {"iolist_to_binary", 1},
    {"is_alive", 0}, {"is_atom", 1}, {"is_binary", 1}, {"is_bitstring", 1}, {"is_boolean", 1},
    {"is_float", 1}, {"is_function", 1}, {"is_function", 2}, {"is_integer", 1}, {"is_list", 1},
    {"is_map", 1}, {"is_map_key", 2}, {"is_number", 1}, {"is_pid", 1}, {"is_port", 1},
    {"is_process_alive", 1}, {"is_record", 2}, {"is_record", 3}, {"is_reference", 1}, {"is_tuple", 1},
    {"length", 1}, {"link", 1}, {"list_to_atom", 1}, {"list_to_binary", 1}, {"list_to_bitstring", 1},
    {"list_to_existing_atom", 1}, {"list_to_float", 1}, {"list_to_integer", 1}, {"list_to_integer", 2},
    {"list_to_pid", 1}, {"list_to_port", 1}, {"list_to_ref", 1}, {"list_to_tuple", 1}, {"load_module", 2},
    {"make_ref", 0}, {"map_get", 2}, {"map_size", 1}, {"max", 2}, {"min", 2}, {"module_loaded", 1},
    {"monitor", 2}, {"monitor", 3}, {"monitor_node", 2}, {"node", 0}, {"node", 1}, {"nodes", 0},
    {"nodes", 1}, {"nodes", 2}, {"now", 0}, {"open_port", 2}, {"pid_to_list", 1}, {"port_close", 1},
    {"port_command", 2}, {"port_command", 3}, {"port_connect", 2}, {"port_control", 3}, {"port_to_list", 1},
    {"pre_loaded", 0}, {"process_flag", 2}, {"process_flag", 3}, {"process_info", 1}, {"process_info", 2},
    {"processes", 0}, {"purge_module", 1}, {"put", 2}, {"ref_to_list", 1}, {"register", 2},
    {"registered", 0}, {"round", 1}, {"self", 0}, {"setelement", 3}, {"size", 1}, {"spawn", 1}, {"spawn", 2},
    {"spawn", 3}, {"spawn", 4}, {"spawn_link", 1}, {"spawn_link", 2}, {"spawn_link", 3}, {"spawn_link", 4},
    {"spawn_monitor", 1}, {"spawn_monitor", 2}, {"spawn_monitor", 3}, {"spawn_monitor", 4}, {"spawn_opt", 2},
    {"spawn_opt", 3}, {"spawn_opt", 4}, {"spawn_opt", 5}, {"spawn_request", 1}, {"spawn_request", 2},
    {"spawn_request", 3}, {"spawn_request", 4}, {"spawn_request", 5}, {"spawn_request_abandon", 1},
    {"split_binary", 2}, {"statistics", 1}, {"term_to_binary", 1}, {"term_to_binary", 2},
    {"term_to_iovec", 1}, {"term_to_iovec", 2}, {"throw", 1}, {"time", 0}, {"tl", 1}, {"trunc", 1},
    {"tuple_size", 1}, {"tuple_to_list", 1}, {"unalias", 1}, {"unlink", 1}, {"unregister", 1},
    {"whereis", 1},
}};
constexpr std::array<NameArity, 39> kGuardBifs = {{
    {"abs", 1}, {"binary_part", 2}, {"binary_part", 3}, {"bit_size", 1}, {"byte_size", 1}, {"ceil", 1},
    {"element", 2}, {"float", 1}, {"floor", 1}, {"hd", 1}, {"is_atom", 1}, {"is_binary", 1},
    {"is_bitstring", 1}, {"is_boolean", 1}, {"is_float", 1}, {"is_function", 1}, {"is_function", 2},
    {"is_integer", 1}, {"is_list", 1}, {"is_map", 1}, {"is_map_key", 2}, {"is_number", 1}, {"is_pid", 1},
    {"is_port", 1}, {"is_record", 2}, {"is_record", 3}, {"is_reference", 1}, {"is_tuple", 1}, {"length", 1},
    {"map_get", 2}, {"map_size", 1}, {"node", 0}, {"node", 1}, {"round", 1}, {"self", 0}, {"size", 1},
    {"tl", 1}, {"trunc", 1}, {"tuple_size", 1},
}};

bool in_table(const auto& table, const std::string& name, unsigned arity) {
  for (const auto& na : table) {
    if (na.arity == arity && na.name == name) return true;
  }
  return false;
}

bool is_operator_bif(const std::string& name, unsigned arity) {
  static constexpr std::array<std::string_view, 23> kBinary = {
      "+", "-", "*", "/", "div", "rem", "band", "bor", "bxor", "bsl", "bsr", "and",
      "or", "xor", "==", "/=", "=<", "<", ">=", ">", "=:=", "=/=", "!"};
  if (arity == 2) {
    for (auto op : kBinary) if (op == name && op != "!") return true;
  }
  if (arity == 1) return name == "-" || name == "+" || name == "not" || name == "bnot";
  return false;
}

bool is_guard_op(const std::string& op) {
  return op != "!" && op != "++" && op != "--";
}

struct VarState {
  bool unsafe = false;
  std::string where;  // construct that made it unsafe: case, if, receive, try, catch, andalso, orelse
  Loc at;
};
using Env = std::map<std::string, VarState>;

class Checker {
 public:
  Checker(const std::string& file, std::vector<Diagnostic>& errors) : file_(file), errors_(errors) {}

  void set_functions(const Module& m) {
    check_functions_ = true;
    for (const auto& f : m.functions) defined_.insert({f.name, f.arity});
    for (const auto& imp : m.imports) defined_.insert(imp.first);
    defined_.insert({"module_info", 0});
    defined_.insert({"module_info", 1});
  }

  void function(const Function& f) {
    for (const auto& c : f.clauses) {
      Env env;
      for (const auto& p : c.patterns) pattern(*p, env);
      guard(c.guard, env);
      body(c.body, env);
    }
  }

  void exports(const Module& m, const std::vector<Loc>& locs) {
    for (size_t i = 0; i < m.exports.size(); ++i) {
      const auto& [name, arity] = m.exports[i];
      if (defined_local(m, name, arity)) continue;
      Loc loc = i < locs.size() ? locs[i] : Loc{};
      error(loc, "function " + fa(name, arity) + " undefined");
    }
  }

  void body(const std::vector<ExprPtr>& es, Env& env) {
    for (const auto& e : es) expr(*e, env);
  }

 private:
  const std::string& file_;
  std::vector<Diagnostic>& errors_;
  bool check_functions_ = false;
  std::set<std::pair<std::string, unsigned>> defined_;

  static bool defined_local(const Module& m, const std::string& name, unsigned arity) {
    for (const auto& f : m.functions) {
      if (f.name == name && f.arity == arity) return true;
    }
    return false;
  }

  static std::string fa(const std::string& name, unsigned arity) {
    return quote_atom_if_needed(name) + "/" + std::to_string(arity);
  }

  [[gnu::noinline]] void error(Loc loc, std::string msg) { errors_.push_back({file_, loc.line, loc.col, std::move(msg)}); }
  // For the recursive walkers: no std::string temporary in their frames.
  [[gnu::noinline]] void error_at(Loc loc, const char* msg) { error(loc, msg); }

  [[gnu::noinline]] void use_var(const Expr& v, Env& env) {
    auto it = env.find(v.name);
    if (it == env.end() || v.name == "_") {
      error(v.loc, "variable '" + v.name + "' is unbound");
      if (v.name != "_") env[v.name] = VarState{};  // report once
      return;
    }
    if (it->second.unsafe) {
      const VarState& s = it->second;
      error(v.loc, "variable '" + v.name + "' unsafe in '" + s.where + "' (line " + std::to_string(s.at.line) +
                       ", column " + std::to_string(s.at.col) + ")");
      it->second = VarState{};
    }
  }

  [[gnu::noinline]] void check_call(const std::string& name, unsigned arity, Loc loc) {
    if (!check_functions_) return;
    if (defined_.count({name, arity}) || is_auto_imported_bif(name, arity)) return;
    error(loc, "function " + fa(name, arity) + " undefined");
  }

  // Variables a pattern would bind, for shadowing in fun heads and generators.
  static void pattern_vars(const Expr& p, std::set<std::string>& out) {
    const Expr* e = &p;
    while (e->kind == ExprKind::Cons) {
      pattern_vars(*e->a, out);
      e = e->b.get();
    }
    switch (e->kind) {
      case ExprKind::Var:
        if (e->name != "_") out.insert(e->name);
        return;
      case ExprKind::Tuple:
        for (const auto& a : e->args) pattern_vars(*a, out);
        return;
      case ExprKind::Match:
        pattern_vars(*e->a, out);
        pattern_vars(*e->b, out);
        return;
      case ExprKind::MapPattern:
      case ExprKind::MapNew:
        for (const auto& f : e->map_fields) pattern_vars(*f.value, out);
        return;
      case ExprKind::Binary:
        for (const auto& b : e->bin_elements) pattern_vars(*b.value, out);
        return;
      default:
        return;
    }
  }

  [[gnu::noinline]] void shadowed_pattern(const Expr& p, Env& env) {
    std::set<std::string> vars;
    pattern_vars(p, vars);
    for (const auto& v : vars) env.erase(v);
    pattern(p, env);
  }

  void pattern(const Expr& p, Env& env) {
    const Expr* e = &p;
    while (e->kind == ExprKind::Cons) {
      pattern(*e->a, env);
      e = e->b.get();
    }
    switch (e->kind) {
      case ExprKind::Var: {
        if (e->name == "_") return;
        auto it = env.find(e->name);
        if (it == env.end()) {
          env[e->name] = VarState{};
        } else if (it->second.unsafe) {
          use_var(*e, env);
        }
        return;
      }
      case ExprKind::Atom:
      case ExprKind::Integer:
      case ExprKind::Float:
      case ExprKind::String:
      case ExprKind::Nil:
        return;
      case ExprKind::Tuple:
        for (const auto& a : e->args) pattern(*a, env);
        return;
      case ExprKind::Match:
        pattern(*e->a, env);
        pattern(*e->b, env);
        return;
      case ExprKind::MapPattern:
        for (const auto& f : e->map_fields) {
          if (!f.exact) {
            error_at(f.key->loc, "illegal pattern");
            continue;
          }
          guard_expr(*f.key, env);
          pattern(*f.value, env);
        }
        return;
      case ExprKind::Binary:
        for (const auto& b : e->bin_elements) {
          const Expr& v = *b.value;
          if (v.kind == ExprKind::Var || v.kind == ExprKind::Integer || v.kind == ExprKind::Float ||
              v.kind == ExprKind::String) {
            pattern(v, env);
          } else {
            error_at(v.loc, "illegal pattern");
          }
          if (b.size) {
            // A size is an expression over variables bound before it.
            guard_expr(*b.size, env);
          }
        }
        return;
      default:
        error_at(e->loc, "illegal pattern");
        return;
    }
  }

  void guard(const Guard& g, Env& env) {
    for (const auto& conj : g) {
      for (const auto& t : conj) guard_expr(*t, env);
    }
  }

  // Checks a guard expression: every variable bound, only guard-safe forms.
  void guard_expr(const Expr& g, Env& env) {
    const Expr* e = &g;
    while (e->kind == ExprKind::Cons) {
      guard_expr(*e->a, env);
      e = e->b.get();
    }
    switch (e->kind) {
      case ExprKind::Var:
        use_var(*e, env);
        return;
      case ExprKind::Atom:
      case ExprKind::Integer:
      case ExprKind::Float:
      case ExprKind::String:
      case ExprKind::Nil:
        return;
      case ExprKind::Tuple:
        for (const auto& a : e->args) guard_expr(*a, env);
        return;
      case ExprKind::MapNew:
      case ExprKind::MapUpdate:
        if (e->a) guard_expr(*e->a, env);
        for (const auto& f : e->map_fields) {
          guard_expr(*f.key, env);
          guard_expr(*f.value, env);
        }
        return;
      case ExprKind::Binary:
        for (const auto& b : e->bin_elements) {
          guard_expr(*b.value, env);
          if (b.size) guard_expr(*b.size, env);
        }
        return;
      case ExprKind::BinOp:
        if (!is_guard_op(e->name)) break;
        guard_expr(*e->a, env);
        guard_expr(*e->b, env);
        return;
      case ExprKind::UnOp:
        guard_expr(*e->a, env);
        return;
      case ExprKind::AndAlso:
      case ExprKind::OrElse:
        guard_expr(*e->a, env);
        guard_expr(*e->b, env);
        return;
      case ExprKind::Call: {
        auto arity = static_cast<unsigned>(e->args.size());
        bool ok = false;
        if (!e->a && !e->b) {
          ok = is_guard_bif(e->name, arity);
        } else if (e->a && e->b && e->a->kind == ExprKind::Atom && e->a->name == "erlang" &&
                   e->b->kind == ExprKind::Atom) {
          ok = is_guard_bif(e->b->name, arity) || is_operator_bif(e->b->name, arity);
        }
        if (!ok) break;
        for (const auto& a : e->args) guard_expr(*a, env);
        return;
      }
      default:
        break;
    }
    error_at(e->loc, "illegal guard expression");
  }

  // Merges branch environments back into env (erl_lint's icrt_export):
  // bound in every branch -> bound; in some -> unsafe.
  [[gnu::noinline]] void merge(Env& env, const std::vector<Env>& branches, const char* what, Loc loc, bool all_unsafe = false) {
    std::set<std::string> fresh;
    for (const auto& b : branches) {
      for (const auto& [name, st] : b) {
        if (!env.count(name)) fresh.insert(name);
      }
    }
    for (const auto& name : fresh) {
      bool everywhere = !all_unsafe;
      const VarState* inner_unsafe = nullptr;
      for (const auto& b : branches) {
        auto it = b.find(name);
        if (it == b.end()) everywhere = false;
        else if (it->second.unsafe) inner_unsafe = &it->second;
      }
      if (everywhere && !inner_unsafe) env[name] = VarState{};
      else if (inner_unsafe && everywhere) env[name] = *inner_unsafe;
      else env[name] = VarState{true, what, loc};
    }
  }

  void clause(const Clause& c, Env& env) {
    for (const auto& p : c.patterns) pattern(*p, env);
    guard(c.guard, env);
    body(c.body, env);
  }

  void expr(const Expr& root, Env& env) {
    const Expr* e = &root;
    while (e->kind == ExprKind::Cons) {
      expr(*e->a, env);
      e = e->b.get();
    }
    const Expr& x = *e;
    switch (x.kind) {
      case ExprKind::Var:
        use_var(x, env);
        return;
      case ExprKind::Atom:
      case ExprKind::Integer:
      case ExprKind::Float:
      case ExprKind::String:
      case ExprKind::Nil:
      case ExprKind::RecordIndex:
        return;
      case ExprKind::Tuple:
        for (const auto& a : x.args) expr(*a, env);
        return;
      case ExprKind::MapNew:
      case ExprKind::MapUpdate:
      case ExprKind::MapPattern:
        if (x.a) expr(*x.a, env);
        for (const auto& f : x.map_fields) {
          if (f.exact && x.kind != ExprKind::MapUpdate) {
            error_at(f.key->loc, "only association operators '=>' are allowed in map construction");
          }
          expr(*f.key, env);
          expr(*f.value, env);
        }
        return;
      case ExprKind::Binary:
        for (const auto& b : x.bin_elements) {
          expr(*b.value, env);
          if (b.size) expr(*b.size, env);
        }
        return;
      case ExprKind::Match:
        expr(*x.b, env);
        pattern(*x.a, env);
        return;
      case ExprKind::BinOp:
        expr(*x.a, env);
        expr(*x.b, env);
        return;
      case ExprKind::UnOp:
        expr(*x.a, env);
        return;
      case ExprKind::Catch:
      case ExprKind::AndAlso:
      case ExprKind::OrElse:
        return guarded_expr(x, env);
      case ExprKind::Call:
        if (x.a) expr(*x.a, env);
        if (x.b) expr(*x.b, env);
        for (const auto& a : x.args) expr(*a, env);
        if (!x.a && !x.b) check_call(x.name, static_cast<unsigned>(x.args.size()), x.loc);
        return;
      case ExprKind::FunRef:
        check_call(x.name, x.arity, x.loc);
        return;
      case ExprKind::FunRemote:
        expr(*x.a, env);
        expr(*x.b, env);
        if (x.c) expr(*x.c, env);
        return;
      case ExprKind::Lambda:
        return lambda(x, env);
      case ExprKind::Case:
      case ExprKind::If:
      case ExprKind::Receive:
        return branches(x, env);
      case ExprKind::Try:
        try_expr(x, env);
        return;
      case ExprKind::Block:
        body(x.body, env);
        return;
      case ExprKind::ListComp:
      case ExprKind::BinComp:
        return comprehension(x, env);
      default:
        return;  // Record* nodes are gone after desugaring
    }
  }

  // expr() recurses once per tree level, so constructs that need local
  // environments are handled out of line to keep its frame small.
  [[gnu::noinline]] void guarded_expr(const Expr& x, Env& env) {
    // catch E: bindings in E are unsafe after it; A andalso B / A orelse B:
    // bindings in B are.
    if (x.kind == ExprKind::Catch) {
      Env inner = env;
      expr(*x.a, inner);
      merge(env, {inner}, "catch", x.loc, true);
      return;
    }
    expr(*x.a, env);
    Env inner = env;
    expr(*x.b, inner);
    merge(env, {inner}, x.kind == ExprKind::AndAlso ? "andalso" : "orelse", x.loc, true);
  }

  [[gnu::noinline]] void lambda(const Expr& x, Env& env) {
    for (const auto& c : x.clauses) {
      Env inner = env;
      if (!x.name.empty()) inner[x.name] = VarState{};
      for (const auto& p : c.patterns) {
        std::set<std::string> vars;
        pattern_vars(*p, vars);
        for (const auto& v : vars) inner.erase(v);
      }
      clause(c, inner);
    }
  }

  [[gnu::noinline]] void branches(const Expr& x, Env& env) {
    if (x.kind == ExprKind::Case) expr(*x.a, env);
    std::vector<Env> outs;
    for (const auto& c : x.clauses) {
      Env b = env;
      clause(c, b);
      outs.push_back(std::move(b));
    }
    if (x.kind == ExprKind::Receive && x.timeout) {
      expr(*x.timeout, env);
      Env b = env;
      body(x.after_body, b);
      outs.push_back(std::move(b));
    }
    const char* what = x.kind == ExprKind::Case ? "case" : x.kind == ExprKind::If ? "if" : "receive";
    merge(env, outs, what, x.loc);
  }

  [[gnu::noinline]] void comprehension(const Expr& x, Env& env) {
    Env inner = env;
    for (const auto& q : x.qualifiers) {
      expr(*q.expr, inner);
      if (q.kind != QualifierKind::Filter) shadowed_pattern(*q.pattern, inner);
    }
    expr(*x.a, inner);
  }

  [[gnu::noinline]] void try_expr(const Expr& x, Env& env) {
    Env after_body = env;
    body(x.body, after_body);
    std::vector<Env> outs;
    for (const auto& c : x.clauses) {
      Env b = after_body;
      clause(c, b);
      outs.push_back(std::move(b));
    }
    if (x.clauses.empty()) outs.push_back(after_body);
    // Catch clauses run when the body failed part-way: its bindings are unsafe there.
    Env catch_env = env;
    for (const auto& [name, st] : after_body) {
      if (!catch_env.count(name)) catch_env[name] = VarState{true, "try", x.loc};
    }
    for (const auto& c : x.catch_clauses) {
      Env b = catch_env;
      clause(c, b);
      outs.push_back(std::move(b));
    }
    if (!x.after_body.empty()) {
      Env a = env;
      for (const auto& o : outs) {
        for (const auto& [name, st] : o) {
          if (!a.count(name)) a[name] = VarState{true, "try", x.loc};
        }
      }
      body(x.after_body, a);
      outs.push_back(std::move(a));
    }
    merge(env, outs, "try", x.loc, true);
  }
};

}  // namespace

bool is_auto_imported_bif(const std::string& name, unsigned arity) { return in_table(kAutoImported, name, arity); }
bool is_guard_bif(const std::string& name, unsigned arity) { return in_table(kGuardBifs, name, arity); }

void check_module(const Module& m, const std::vector<Loc>& export_locs, const std::string& file,
                  std::vector<Diagnostic>& errors, std::vector<Diagnostic>& /*warnings*/) {
  Checker c(file, errors);
  c.set_functions(m);
  for (const auto& f : m.functions) c.function(f);
  c.exports(m, export_locs);
}

void check_exprs(const std::vector<ExprPtr>& exprs, const std::string& file, std::vector<Diagnostic>& errors) {
  Checker c(file, errors);
  Env env;
  c.body(exprs, env);
}

}  // namespace girder::compiler
