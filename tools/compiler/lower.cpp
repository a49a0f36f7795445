#include "tools/compiler/lower.h"

#include <functional>
#include <string>

#include "tools/compiler/check.h"

namespace girder::compiler {

namespace {

class Lowerer {
 public:
  void lower(ExprPtr& e) {
    if (!e) return;
    // Children first, so nested comprehensions are already funs.
    visit_children(*e);
    if (e->kind == ExprKind::ListComp) {
      Loc loc = e->loc;
      ExprPtr body = std::move(e->a);
      auto quals = std::move(e->qualifiers);
      binary_comprehension_ = false;
      e = expand(std::move(body), quals, 0, [loc] { return node(ExprKind::Nil, loc); });
    } else if (e->kind == ExprKind::BinComp) {
      Loc loc = e->loc;
      ExprPtr body = std::move(e->a);
      auto quals = std::move(e->qualifiers);
      binary_comprehension_ = true;
      ExprPtr list = expand(std::move(body), quals, 0, [loc] { return node(ExprKind::Nil, loc); });
      ExprPtr call = remote_call("erlang", "list_to_bitstring", loc);
      call->args.push_back(std::move(list));
      e = std::move(call);
    }
  }

 private:
  using TailFn = std::function<ExprPtr()>;

  static ExprPtr node(ExprKind k, Loc loc) { return std::make_unique<Expr>(k, loc); }
  static ExprPtr var(const std::string& name, Loc loc) {
    auto v = node(ExprKind::Var, loc);
    v->name = name;
    return v;
  }
  static ExprPtr atom(const std::string& name, Loc loc) {
    auto a = node(ExprKind::Atom, loc);
    a->name = name;
    return a;
  }
  static ExprPtr remote_call(const std::string& m, const std::string& f, Loc loc) {
    auto c = node(ExprKind::Call, loc);
    c->a = atom(m, loc);
    c->b = atom(f, loc);
    return c;
  }
  static ExprPtr cons(ExprPtr h, ExprPtr t, Loc loc) {
    auto c = node(ExprKind::Cons, loc);
    c->a = std::move(h);
    c->b = std::move(t);
    return c;
  }
  static ExprPtr error_tuple(const std::string& tag, const std::string& v, Loc loc) {
    auto call = remote_call("erlang", "error", loc);
    auto tuple = node(ExprKind::Tuple, loc);
    tuple->args.push_back(atom(tag, loc));
    tuple->args.push_back(var(v, loc));
    call->args.push_back(std::move(tuple));
    return call;
  }
  static Clause clause1(ExprPtr pattern, ExprPtr body, Loc loc) {
    Clause c;
    c.loc = loc;
    c.patterns.push_back(std::move(pattern));
    c.body.push_back(std::move(body));
    return c;
  }

  std::string fresh(const char* what) { return std::string("@") + what + std::to_string(counter_++); }

  bool binary_comprehension_ = false;  // the comprehension being expanded

  ExprPtr expand(ExprPtr body, std::vector<Qualifier>& quals, std::size_t i, const TailFn& tail) {
    if (i == quals.size()) {
      Loc loc = body ? body->loc : Loc{};
      return cons(std::move(body), tail(), loc);
    }
    Qualifier& q = quals[i];
    Loc loc = q.loc;
    if (q.kind == QualifierKind::Filter && is_guard_expr(*q.expr)) {
      // A filter that is a guard expression acts as a guard: anything but
      // true (including an exception) skips the element.
      auto c = node(ExprKind::Case, loc);
      c->a = atom("true", loc);
      Clause pass = clause1(var("_", loc), expand(std::move(body), quals, i + 1, tail), loc);
      pass.guard.emplace_back();
      pass.guard.back().push_back(std::move(q.expr));
      c->clauses.push_back(std::move(pass));
      c->clauses.push_back(clause1(var("_", loc), tail(), loc));
      return c;
    }
    if (q.kind == QualifierKind::Filter) {
      auto c = node(ExprKind::Case, loc);
      c->a = std::move(q.expr);
      c->clauses.push_back(clause1(atom("true", loc), expand(std::move(body), quals, i + 1, tail), loc));
      c->clauses.push_back(clause1(atom("false", loc), tail(), loc));
      std::string other = fresh("F");
      c->clauses.push_back(clause1(var(other, loc), error_tuple("bad_filter", other, loc), loc));
      return c;
    }
    // The generator's function is a named fun called "@<kind><n>"; the kind
    // is OTP's for its comprehension functions (lc: list generator in a list
    // comprehension, blc: binary generator in one, lbc/bbc: the same in a
    // binary comprehension), from which codegen names it as OTP does.
    const char* kind = q.kind == QualifierKind::Generator ? (binary_comprehension_ ? "lbc" : "lc")
                                                           : (binary_comprehension_ ? "bbc" : "blc");
    std::string fname = fresh(kind);
    std::string rest = fresh("T");
    auto lambda = node(ExprKind::Lambda, loc);
    lambda->name = fname;
    TailFn recurse = [fname, rest, loc] {
      auto call = node(ExprKind::Call, loc);
      call->a = var(fname, loc);
      call->args.push_back(var(rest, loc));
      return call;
    };
    if (q.kind == QualifierKind::Generator) {
      // F([P | T]) -> ...
      lambda->clauses.push_back(
          clause1(cons(std::move(q.pattern), var(rest, loc), loc), expand(std::move(body), quals, i + 1, recurse), loc));
      // F([_ | T]) -> F(T)
      lambda->clauses.push_back(clause1(cons(var("_", loc), var(rest, loc), loc), recurse(), loc));
      // F([]) -> Tail
      lambda->clauses.push_back(clause1(node(ExprKind::Nil, loc), tail(), loc));
    } else {
      // F(<<P..., T/bitstring>>) -> ...; F(B) when is_bitstring(B) -> Tail
      ExprPtr pattern = std::move(q.pattern);
      BinElement rest_el;
      rest_el.value = var(rest, loc);
      rest_el.type = "bitstring";
      rest_el.loc = loc;
      pattern->bin_elements.push_back(std::move(rest_el));
      lambda->clauses.push_back(clause1(std::move(pattern), expand(std::move(body), quals, i + 1, recurse), loc));
      // What is left of a bitstring that no longer matches ends the
      // generator; anything else is a bad generator (added below).
      std::string left = fresh("B");
      Clause end = clause1(var(left, loc), tail(), loc);
      auto test = remote_call("erlang", "is_bitstring", loc);
      test->args.push_back(var(left, loc));
      end.guard.emplace_back();
      end.guard.back().push_back(std::move(test));
      lambda->clauses.push_back(std::move(end));
    }
    std::string other = fresh("G");
    lambda->clauses.push_back(clause1(var(other, loc), error_tuple("bad_generator", other, loc), loc));
    auto call = node(ExprKind::Call, loc);
    call->a = std::move(lambda);
    call->args.push_back(std::move(q.expr));
    return call;
  }

  void visit_children(Expr& e) {
    for_each_child(e, [this](ExprPtr& c) { lower(c); });
  }

  static bool is_guard_expr(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Var:
      case ExprKind::Atom:
      case ExprKind::Integer:
      case ExprKind::Float:
      case ExprKind::String:
      case ExprKind::Nil:
        return true;
      case ExprKind::Cons:
      case ExprKind::AndAlso:
      case ExprKind::OrElse:
        return is_guard_expr(*e.a) && is_guard_expr(*e.b);
      case ExprKind::BinOp:
        if (e.name == "++" || e.name == "--" || e.name == "!") return false;
        return is_guard_expr(*e.a) && is_guard_expr(*e.b);
      case ExprKind::UnOp:
        return is_guard_expr(*e.a);
      case ExprKind::Tuple:
        for (auto& a : e.args) {
          if (!is_guard_expr(*a)) return false;
        }
        return true;
      case ExprKind::Call: {
        std::string name;
        if (e.is_remote_call()) {
          if (e.a->kind != ExprKind::Atom || e.a->name != "erlang" || e.b->kind != ExprKind::Atom) return false;
          name = e.b->name;
        } else if (!e.a) {
          name = e.name;
        } else {
          return false;
        }
        if (!is_guard_bif(name, static_cast<unsigned>(e.args.size()))) return false;
        for (auto& a : e.args) {
          if (!is_guard_expr(*a)) return false;
        }
        return true;
      }
      default:
        return false;
    }
  }

  int counter_ = 0;
};

}  // namespace

void lower_function(Function& f) {
  Lowerer l;
  for (Clause& c : f.clauses) {
    for (auto& b : c.body) l.lower(b);
    for (auto& g : c.guard) {
      for (auto& t : g) l.lower(t);
    }
  }
}

}  // namespace girder::compiler
