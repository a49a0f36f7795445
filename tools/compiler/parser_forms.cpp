// Forms: function definitions, attributes and record definitions; plus the
// pattern normaliser and the AST deep copy.
#include <limits>

#include "tools/compiler/parser_internal.h"

namespace girder::compiler {
namespace {

std::string fa(const std::string& name, unsigned arity) {
  return quote_atom_if_needed(name) + "/" + std::to_string(arity);
}

// Name/Arity inside -export, -import and friends.
bool as_name_arity(const Expr& e, std::string& name, unsigned& arity) {
  if (e.kind != ExprKind::BinOp || e.name != "/" || !e.a || !e.b) return false;
  if (e.a->kind != ExprKind::Atom || e.b->kind != ExprKind::Integer || !e.b->big_value.empty()) return false;
  if (e.b->int_value < 0 || e.b->int_value > 255) return false;
  name = e.a->name;
  arity = static_cast<unsigned>(e.b->int_value);
  return true;
}

// Literal terms only, like erl_parse:normalise/1 (else "bad attribute");
// Name/Arity anywhere inside becomes {Name, Arity}, as erl_parse does.
bool normalise_term(ExprPtr& e, int depth) {
  if (depth > 200) return false;
  switch (e->kind) {
    case ExprKind::Atom:
    case ExprKind::Integer:
    case ExprKind::Float:
    case ExprKind::String:
    case ExprKind::Nil:
      return true;
    case ExprKind::BinOp: {
      std::string f;
      unsigned a;
      if (!as_name_arity(*e, f, a)) return false;
      Loc loc = e->loc;
      auto tup = make_expr(ExprKind::Tuple, loc);
      tup->args.push_back(make_atom(loc, f));
      tup->args.push_back(make_int(loc, a));
      e = std::move(tup);
      return true;
    }
    case ExprKind::Cons: {
      ExprPtr* p = &e;
      while ((*p)->kind == ExprKind::Cons) {
        if (!normalise_term((*p)->a, depth + 1)) return false;
        p = &(*p)->b;
      }
      return normalise_term(*p, depth + 1);
    }
    case ExprKind::Tuple:
      for (auto& a : e->args) if (!normalise_term(a, depth + 1)) return false;
      return true;
    case ExprKind::MapNew:
      for (auto& f : e->map_fields) {
        if (f.exact || !normalise_term(f.key, depth + 1) || !normalise_term(f.value, depth + 1)) return false;
      }
      return true;
    case ExprKind::Binary:
      for (auto& b : e->bin_elements) {
        auto k = b.value->kind;
        if (k != ExprKind::Integer && k != ExprKind::Float && k != ExprKind::String) return false;
        if (b.size && b.size->kind != ExprKind::Integer) return false;
      }
      return true;
    default:
      return false;
  }
}

// Walks a proper list expression; false if it is not one.
bool list_elements(const Expr& e, std::vector<const Expr*>& out) {
  const Expr* p = &e;
  while (p->kind == ExprKind::Cons) {
    out.push_back(p->a.get());
    p = p->b.get();
  }
  return p->kind == ExprKind::Nil;
}

bool too_deep(const Expr& root, int base) {
  return measure_tree(root, 1u << 30).depth + base > kMaxTreeDepth;
}

bool clause_too_deep(const Clause& c) {
  for (const auto& p : c.patterns) if (too_deep(*p, 1)) return true;
  for (const auto& conj : c.guard) for (const auto& t : conj) if (too_deep(*t, 1)) return true;
  for (const auto& b : c.body) if (too_deep(*b, 1)) return true;
  return false;
}

class FormParser {
 public:
  FormParser(Parser& p, ParseOutput& out) : p_(p), out_(out) {}

  void form() {
    const Token& t = p_.peek();
    if (!out_.first_form_seen) {
      out_.first_form_seen = true;
      out_.first_form_loc = t.is_symbol("-") ? p_.peek(1).loc : t.loc;
    }
    if (t.is_symbol("-")) {
      p_.next();
      attribute();
    } else if (t.kind == TokenKind::Atom) {
      function();
    } else {
      p_.syntax_error();
    }
  }

 private:
  Parser& p_;
  ParseOutput& out_;

  void function() {
    Function f;
    const Token& first = p_.peek();
    f.name = first.text;
    f.loc = first.loc;
    bool first_clause = true;
    do {
      Clause c;
      const Token& head = p_.peek();
      c.loc = head.loc;
      if (head.kind != TokenKind::Atom) {
        p_.syntax_error();
        return;
      }
      std::string name = p_.next().text;
      p_.expect("(");
      if (!p_.accept(")")) {
        do {
          c.patterns.push_back(p_.pattern());
        } while (p_.accept(","));
        p_.expect(")");
      }
      if (p_.failed()) return;
      if (first_clause) {
        f.arity = static_cast<unsigned>(c.patterns.size());
        first_clause = false;
      } else if (name != f.name || c.patterns.size() != f.arity) {
        p_.error_at(c.loc, "head mismatch");
        return;
      }
      p_.clause_tail(c);
      if (!p_.failed() && clause_too_deep(c)) p_.error_at(c.loc, "nesting too deep");
      f.clauses.push_back(std::move(c));
    } while (p_.accept(";"));
    p_.expect_dot();
    if (p_.failed()) return;
    for (const auto& g : out_.module.functions) {
      if (g.name == f.name && g.arity == f.arity) {
        p_.soft_error(f.loc, "function " + fa(f.name, f.arity) + " already defined");
        return;
      }
    }
    out_.module.functions.push_back(std::move(f));
  }

  // Skips a type (or a whole spec) robustly: up to a ',' or closer at depth
  // 0 (when stop_at_comma) or to the end of the form.
  void skip_type(bool stop_at_comma) {
    int depth = 0;
    while (true) {
      const Token& t = p_.peek();
      if (t.kind == TokenKind::Dot || t.kind == TokenKind::Eof) return;
      if (t.kind == TokenKind::Symbol) {
        const std::string& s = t.text;
        if (s == "(" || s == "[" || s == "{" || s == "<<") {
          ++depth;
        } else if (s == ")" || s == "]" || s == "}" || s == ">>") {
          if (depth == 0 && stop_at_comma) return;
          --depth;
        } else if (s == "," && depth == 0 && stop_at_comma) {
          return;
        }
      }
      p_.next();
    }
  }

  void attribute() {
    const Token& nt = p_.peek();
    if (nt.kind != TokenKind::Atom) {
      p_.syntax_error();
      return;
    }
    Token name_tok = p_.next();
    const std::string& name = name_tok.text;
    if (name == "spec" || name == "callback" || name == "type" || name == "opaque") {
      // Types are not needed by the code generator; skip them but insist on
      // a well-formed end.
      if (p_.peek().kind == TokenKind::Dot) {
        p_.syntax_error();
        return;
      }
      skip_type(false);
      p_.expect_dot();
      return;
    }
    if (name == "record") return record(name_tok.loc);
    std::vector<ExprPtr> vals;
    if (p_.accept("(")) {
      vals = p_.exprs();
      p_.expect(")");
    } else {
      vals.push_back(p_.expr());
    }
    p_.expect_dot();
    if (p_.failed()) return;
    Loc loc = name_tok.loc;
    auto bad = [&]() { p_.soft_error(loc, "bad attribute"); };
    if (name == "module") {
      if (vals[0]->kind != ExprKind::Atom) return bad();
      if (out_.have_module) {
        p_.soft_error(loc, "redefining module");
        return;
      }
      out_.module.name = vals[0]->name;
      out_.have_module = true;
      return;
    }
    if (name == "export" || name == "export_type" || name == "optional_callbacks") {
      std::vector<const Expr*> elems;
      if (vals.size() != 1 || !list_elements(*vals[0], elems)) {
        p_.soft_error(vals[0]->loc, "bad Name/Arity");
        return;
      }
      for (const Expr* e : elems) {
        std::string f;
        unsigned a;
        if (!as_name_arity(*e, f, a)) {
          p_.soft_error(e->loc, "bad Name/Arity");
          return;
        }
        if (name == "export") {
          out_.module.exports.emplace_back(f, a);
          out_.export_locs.push_back(loc);
        }
      }
      return;
    }
    if (name == "import") {
      std::vector<const Expr*> elems;
      if (vals.size() != 2 || vals[0]->kind != ExprKind::Atom || !list_elements(*vals[1], elems)) return bad();
      for (const Expr* e : elems) {
        std::string f;
        unsigned a;
        if (!as_name_arity(*e, f, a)) return bad();
        out_.module.imports.push_back({{f, a}, vals[0]->name});
      }
      return;
    }
    if (name == "file") return;  // -file("name", Line): locations stay those of the real file
    if (vals.size() != 1) return bad();
    if (name == "compile") {
      if (!normalise_term(vals[0], 0)) return bad();
      std::vector<const Expr*> opts;
      if (!list_elements(*vals[0], opts)) opts = {vals[0].get()};
      for (const Expr* o : opts) {
        // EUnit's parse transforms and ms_transform are built in
        // (eunit_transforms.h, ms_transform.h); other parse transforms and
        // options are ignored.
        if (o->kind == ExprKind::Tuple && o->args.size() == 2 && o->args[0]->kind == ExprKind::Atom &&
            o->args[0]->name == "parse_transform" && o->args[1]->kind == ExprKind::Atom) {
          if (o->args[1]->name == "eunit_autoexport") out_.module.eunit_autoexport = true;
          if (o->args[1]->name == "eunit_striptests") out_.module.eunit_striptests = true;
          if (o->args[1]->name == "ms_transform") out_.module.ms_transform = true;
        }
        if (o->kind != ExprKind::Atom) continue;
        if (o->name == "export_all") out_.module.export_all = true;
        if (o->name == "nowarn_export_all") out_.module.nowarn_export_all = true;
      }
      return;
    }
    if (name == "nifs") return;
    if (!normalise_term(vals[0], 0)) return bad();
    out_.module.attributes.push_back({name, std::move(vals[0]), loc});
  }

  // -record(name, {f1, f2 = Default, f3 :: Type, f4 = D :: Type}).
  void record(Loc attr_loc) {
    p_.expect("(");
    const Token& nt = p_.peek();
    if (nt.kind != TokenKind::Atom) {
      p_.syntax_error();
      return;
    }
    RecordDef def;
    def.loc = nt.loc;
    def.name = p_.next().text;
    p_.expect(",");
    p_.expect("{");
    std::vector<std::pair<std::string, Loc>> dups;
    if (!p_.accept("}")) {
      do {
        const Token& ft = p_.peek();
        if (ft.kind != TokenKind::Atom) {
          p_.syntax_error();
          return;
        }
        RecordDef::Field f;
        Loc floc = ft.loc;
        f.name = p_.next().text;
        if (p_.accept("=")) {
          f.default_value = p_.expr();
          if (!p_.failed() && too_deep(*f.default_value, 1)) p_.error_at(floc, "nesting too deep");
        }
        if (p_.accept("::")) skip_type(true);
        for (const auto& g : def.fields) {
          if (g.name == f.name) dups.emplace_back(f.name, floc);
        }
        def.fields.push_back(std::move(f));
      } while (p_.accept(","));
      p_.expect("}");
    }
    p_.expect(")");
    p_.expect_dot();
    if (p_.failed()) return;
    for (const auto& [f, l] : dups) p_.soft_error(l, "field " + quote_atom_if_needed(f) + " already defined in record " + quote_atom_if_needed(def.name));
    for (const auto& r : out_.module.records) {
      if (r.name == def.name) {
        p_.soft_error(attr_loc, "record " + quote_atom_if_needed(def.name) + " already defined");
        return;
      }
    }
    out_.module.records.push_back(std::move(def));
  }
};

// Integer-only constant folding for arithmetic in patterns (erl_lint
// accepts patterns such as 1 + 2 or 2 bsl 3 when they evaluate to numbers).
bool fold_int_op(const std::string& op, std::int64_t a, std::int64_t b, std::int64_t* out) {
  if (op == "+") return !__builtin_add_overflow(a, b, out);
  if (op == "-") return !__builtin_sub_overflow(a, b, out);
  if (op == "*") return !__builtin_mul_overflow(a, b, out);
  if (op == "div" || op == "rem") {
    if (b == 0 || (b == -1 && a == std::numeric_limits<std::int64_t>::min())) return false;
    *out = op == "div" ? a / b : a % b;
    return true;
  }
  if (op == "band") { *out = a & b; return true; }
  if (op == "bor") { *out = a | b; return true; }
  if (op == "bxor") { *out = a ^ b; return true; }
  if (op == "bsl" || op == "bsr") {
    if (b < 0 || b > 62 || a < 0) return false;
    if (op == "bsr") { *out = a >> b; return true; }
    if (a > (std::numeric_limits<std::int64_t>::max() >> b)) return false;
    *out = a << b;
    return true;
  }
  return false;
}

bool is_small_int(const Expr& e) { return e.kind == ExprKind::Integer && e.big_value.empty(); }

}  // namespace

TreeStats measure_tree(const Expr& root, std::size_t node_limit) {
  // Explicit stack: this runs on trees that may be too deep to recurse on.
  TreeStats st;
  std::vector<std::pair<const Expr*, int>> stack{{&root, 0}};
  auto push = [&](const ExprPtr& e, int d) {
    if (e) stack.emplace_back(e.get(), d);
  };
  auto push_clauses = [&](const std::vector<Clause>& cs, int d) {
    for (const auto& c : cs) {
      for (const auto& p : c.patterns) push(p, d);
      for (const auto& conj : c.guard) for (const auto& t : conj) push(t, d);
      for (const auto& b : c.body) push(b, d);
    }
  };
  while (!stack.empty()) {
    auto [e, d] = stack.back();
    stack.pop_back();
    if (d > st.depth) st.depth = d;
    if (++st.nodes > node_limit) return st;
    int n = d + 1;
    push(e->a, n);
    push(e->b, e->kind == ExprKind::Cons ? d : n);  // list tails: walked in loops
    push(e->c, n);
    for (const auto& x : e->args) push(x, n);
    push_clauses(e->clauses, n + 1);
    push_clauses(e->catch_clauses, n + 1);
    for (const auto& x : e->body) push(x, n);
    for (const auto& x : e->after_body) push(x, n);
    push(e->timeout, n);
    for (const auto& f : e->map_fields) {
      push(f.key, n);
      push(f.value, n);
    }
    for (const auto& f : e->record_fields) push(f.value, n);
    for (const auto& b : e->bin_elements) {
      push(b.value, n);
      push(b.size, n);
    }
    for (const auto& q : e->qualifiers) {
      push(q.pattern, n);
      push(q.expr, n);
    }
  }
  return st;
}

void to_pattern(ExprPtr& e) {
  if (!e) return;
  switch (e->kind) {
    case ExprKind::Match:
      to_pattern(e->a);
      to_pattern(e->b);
      return;
    case ExprKind::Cons: {
      Expr* p = e.get();
      while (p->kind == ExprKind::Cons) {
        to_pattern(p->a);
        if (!p->b || p->b->kind != ExprKind::Cons) {
          to_pattern(p->b);
          break;
        }
        p = p->b.get();
      }
      return;
    }
    case ExprKind::Tuple:
      for (auto& a : e->args) to_pattern(a);
      return;
    case ExprKind::MapNew:
      e->kind = ExprKind::MapPattern;
      for (auto& f : e->map_fields) to_pattern(f.value);
      return;
    case ExprKind::Binary:
      for (auto& el : e->bin_elements) to_pattern(el.value);
      return;
    case ExprKind::RecordNew:
      for (auto& f : e->record_fields) to_pattern(f.value);
      return;
    case ExprKind::BinOp: {
      if (e->name == "++" && e->a && e->b) {
        // "abc" ++ T and [$a, $b] ++ T become cons chains ending in T.
        std::vector<ExprPtr> heads;
        if (e->a->kind == ExprKind::String) {
          if (e->a->chars.size() > static_cast<size_t>(kMaxChain)) return;  // left illegal; check reports it
          for (char32_t c : e->a->chars) heads.push_back(make_int(e->a->loc, static_cast<std::int64_t>(c)));
        } else if (e->a->kind == ExprKind::Cons || e->a->kind == ExprKind::Nil) {
          Expr* p = e->a.get();
          while (p->kind == ExprKind::Cons) p = p->b.get();
          if (p->kind != ExprKind::Nil) return;
          ExprPtr cur = std::move(e->a);
          while (cur->kind == ExprKind::Cons) {
            heads.push_back(std::move(cur->a));
            ExprPtr rest = std::move(cur->b);
            cur = std::move(rest);
          }
        } else {
          return;
        }
        ExprPtr tail = std::move(e->b);
        to_pattern(tail);
        Loc loc = e->loc;
        for (size_t i = heads.size(); i-- > 0;) {
          auto c = make_expr(ExprKind::Cons, i == 0 ? loc : heads[i]->loc);
          to_pattern(heads[i]);
          c->a = std::move(heads[i]);
          c->b = std::move(tail);
          tail = std::move(c);
        }
        e = std::move(tail);
        return;
      }
      to_pattern(e->a);
      to_pattern(e->b);
      std::int64_t v;
      if (e->a && e->b && is_small_int(*e->a) && is_small_int(*e->b) &&
          fold_int_op(e->name, e->a->int_value, e->b->int_value, &v)) {
        e = make_int(e->loc, v);
      }
      return;
    }
    case ExprKind::UnOp:
      to_pattern(e->a);
      if (e->a && is_small_int(*e->a) && e->name == "bnot") e = make_int(e->loc, ~e->a->int_value);
      return;
    default:
      return;
  }
}

Clause clone_clause(const Clause& c) {
  Clause out;
  out.loc = c.loc;
  for (const auto& p : c.patterns) out.patterns.push_back(clone_expr(*p));
  for (const auto& conj : c.guard) {
    std::vector<ExprPtr> g;
    for (const auto& t : conj) g.push_back(clone_expr(*t));
    out.guard.push_back(std::move(g));
  }
  for (const auto& b : c.body) out.body.push_back(clone_expr(*b));
  return out;
}

ExprPtr clone_expr(const Expr& e) {
  auto out = std::make_unique<Expr>(e.kind, e.loc);
  out->name = e.name;
  out->field = e.field;
  out->int_value = e.int_value;
  out->big_value = e.big_value;
  out->float_value = e.float_value;
  out->arity = e.arity;
  out->chars = e.chars;
  if (e.a) out->a = clone_expr(*e.a);
  if (e.c) out->c = clone_expr(*e.c);
  for (const auto& x : e.args) out->args.push_back(clone_expr(*x));
  for (const auto& c : e.clauses) out->clauses.push_back(clone_clause(c));
  for (const auto& c : e.catch_clauses) out->catch_clauses.push_back(clone_clause(c));
  for (const auto& x : e.body) out->body.push_back(clone_expr(*x));
  for (const auto& x : e.after_body) out->after_body.push_back(clone_expr(*x));
  if (e.timeout) out->timeout = clone_expr(*e.timeout);
  for (const auto& f : e.map_fields) out->map_fields.push_back({clone_expr(*f.key), clone_expr(*f.value), f.exact});
  for (const auto& f : e.record_fields) out->record_fields.push_back({f.field, clone_expr(*f.value), f.loc});
  for (const auto& b : e.bin_elements) {
    BinElement nb;
    nb.value = clone_expr(*b.value);
    if (b.size) nb.size = clone_expr(*b.size);
    nb.type = b.type;
    nb.sign = b.sign;
    nb.endian = b.endian;
    nb.unit = b.unit;
    nb.loc = b.loc;
    out->bin_elements.push_back(std::move(nb));
  }
  for (const auto& q : e.qualifiers) {
    Qualifier nq;
    nq.kind = q.kind;
    if (q.pattern) nq.pattern = clone_expr(*q.pattern);
    if (q.expr) nq.expr = clone_expr(*q.expr);
    nq.loc = q.loc;
    out->qualifiers.push_back(std::move(nq));
  }
  // The tail (b) is cloned iteratively: long lists are long b-chains.
  Expr* src = e.b.get();
  Expr* dst = out.get();
  while (src) {
    if (src->kind == ExprKind::Cons && src->a) {
      auto cell = std::make_unique<Expr>(ExprKind::Cons, src->loc);
      cell->a = clone_expr(*src->a);
      dst->b = std::move(cell);
      dst = dst->b.get();
      src = src->b.get();
    } else {
      dst->b = clone_expr(*src);
      break;
    }
  }
  return out;
}

void parse_form(const std::vector<Token>& form, const std::vector<std::string>& files, ParseOutput& out,
                std::vector<Diagnostic>& errors) {
  Parser p(form, files, errors);
  FormParser(p, out).form();
}

bool parse_expr_seq(const std::vector<Token>& form, const std::vector<std::string>& files, std::vector<ExprPtr>& exprs,
                    std::vector<Diagnostic>& errors) {
  Parser p(form, files, errors);
  exprs = p.exprs();
  for (const auto& e : exprs) {
    if (!p.failed() && too_deep(*e, 0)) p.error_at(e->loc, "nesting too deep");
  }
  p.expect_dot();
  if (!p.failed() && p.peek().kind != TokenKind::Eof) p.syntax_error();
  return !p.failed();
}

}  // namespace girder::compiler
