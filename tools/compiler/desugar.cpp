// Record desugaring (see desugar.h for the translation table).
#include "tools/compiler/desugar.h"

#include <map>

#include "tools/compiler/lexer.h"
#include "tools/compiler/parser.h"

namespace girder::compiler {
namespace {

enum class Ctx { Expr, Pattern, Guard };

ExprPtr mk_remote(Loc loc, const char* mod, const char* fn, std::vector<ExprPtr> args) {
  auto e = make_expr(ExprKind::Call, loc);
  e->a = make_atom(loc, mod);
  e->b = make_atom(loc, fn);
  e->args = std::move(args);
  return e;
}

class Desugar {
 public:
  Desugar(const std::vector<RecordDef>& records, const std::string& file, std::vector<Diagnostic>& errors)
      : file_(file), errors_(errors) {
    for (const auto& r : records) records_.emplace(r.name, &r);
  }

  void function(Function& f) {
    for (auto& c : f.clauses) clause(c);
  }

  void expr(ExprPtr& e) { walk(e, Ctx::Expr, nullptr); }

  void record_default(const std::string& record, ExprPtr& e) {
    expanding_.push_back(record);
    walk(e, Ctx::Expr, nullptr);
    expanding_.pop_back();
  }

 private:
  std::map<std::string, const RecordDef*> records_;
  const std::string& file_;
  std::vector<Diagnostic>& errors_;
  int fresh_ = 0;
  std::vector<std::string> expanding_;  // records whose defaults are being expanded
  int depth_ = 0;                       // recursion depth of walk()
  bool too_deep_reported_ = false;
  std::size_t default_nodes_ = 0;       // nodes copied from record defaults so far

  // Record defaults are copied into every creation site and may contain
  // further creations, so a hostile module could make the tree exponentially
  // large or deep. These bounds are far above anything real code does.
  static constexpr int kMaxDepth = 2 * kMaxTreeDepth;
  static constexpr std::size_t kMaxDefaultNodes = 200'000;
  static constexpr std::size_t kMaxDefaultNesting = 32;

  [[gnu::noinline]] void error(Loc loc, std::string msg) { errors_.push_back({file_, loc.line, loc.col, std::move(msg)}); }

  std::string fresh() { return "__R." + std::to_string(++fresh_); }

  [[gnu::noinline]] const RecordDef* lookup(const std::string& name, Loc loc) {
    auto it = records_.find(name);
    for (const auto& x : expanding_) {
      if (x == name) it = records_.end();  // a record's own default cannot build it
    }
    if (it == records_.end()) {
      error(loc, "record " + quote_atom_if_needed(name) + " undefined");
      return nullptr;
    }
    return it->second;
  }

  [[gnu::noinline]] int field_index(const RecordDef& r, const std::string& f, Loc loc) {
    for (size_t i = 0; i < r.fields.size(); ++i) {
      if (r.fields[i].name == f) return static_cast<int>(i);
    }
    error(loc, "field " + quote_atom_if_needed(f) + " undefined in record " + quote_atom_if_needed(r.name));
    return -1;
  }

  void clause(Clause& c) {
    for (auto& p : c.patterns) walk(p, Ctx::Pattern, nullptr);
    guard(c.guard);
    for (auto& b : c.body) walk(b, Ctx::Expr, nullptr);
  }

  void guard(Guard& g) {
    for (auto& conj : g) {
      for (auto& test : conj) {
        std::vector<ExprPtr> checks;
        walk(test, Ctx::Guard, &checks);
        // Record accesses in a guard test are only valid on records of the
        // right shape: is_record(R, r, Size) andalso Test, as erlc does.
        for (size_t i = checks.size(); i-- > 0;) {
          auto a = make_expr(ExprKind::AndAlso, test->loc);
          a->a = std::move(checks[i]);
          a->b = std::move(test);
          test = std::move(a);
        }
      }
    }
  }

  void walk_clauses(std::vector<Clause>& cs) {
    for (auto& c : cs) clause(c);
  }

  // Walks e in context ctx; `checks` collects is_record tests in guards.
  // walk / walk_inner / walk_node recurse once per tree level, so they keep
  // no locals of their own: everything bulky lives in noinline helpers
  // (sanitizer builds otherwise spend kilobytes of stack per level).
  void walk(ExprPtr& e, Ctx ctx, std::vector<ExprPtr>* checks) {
    if (depth_ >= kMaxDepth) return report_too_deep(e);
    ++depth_;
    walk_inner(e, ctx, checks);
    --depth_;
  }

  void walk_inner(ExprPtr& e, Ctx ctx, std::vector<ExprPtr>* checks) {
    // Iterate along list tails so long lists do not recurse per element.
    ExprPtr* cur = &e;
    while (*cur && (*cur)->kind == ExprKind::Cons) {
      walk((*cur)->a, ctx, checks);
      cur = &(*cur)->b;
    }
    if (*cur) walk_node(*cur, ctx, checks);
  }

  void walk_node(ExprPtr& e, Ctx ctx, std::vector<ExprPtr>* checks) {
    Expr& x = *e;
    Ctx sub = ctx;
    switch (x.kind) {
      case ExprKind::RecordNew: return record_new(e, ctx, checks);
      case ExprKind::RecordIndex: return record_index(e);
      case ExprKind::RecordField: return record_field(e, ctx, checks);
      case ExprKind::RecordUpdate: return record_update(e, ctx, checks);
      case ExprKind::Call: return call(e, ctx, checks);
      case ExprKind::Match:
        walk(x.a, ctx == Ctx::Guard ? Ctx::Guard : Ctx::Pattern, checks);
        walk(x.b, sub, checks);
        return;
      case ExprKind::Lambda:
        walk_clauses(x.clauses);
        return;
      case ExprKind::Case:
        walk(x.a, sub, checks);
        walk_clauses(x.clauses);
        return;
      case ExprKind::If:
      case ExprKind::Receive:
        walk_clauses(x.clauses);
        if (x.timeout) walk(x.timeout, Ctx::Expr, nullptr);
        for (auto& b : x.after_body) walk(b, Ctx::Expr, nullptr);
        return;
      case ExprKind::Try:
        for (auto& b : x.body) walk(b, Ctx::Expr, nullptr);
        walk_clauses(x.clauses);
        walk_clauses(x.catch_clauses);
        for (auto& b : x.after_body) walk(b, Ctx::Expr, nullptr);
        return;
      case ExprKind::Block:
        for (auto& b : x.body) walk(b, sub, checks);
        return;
      case ExprKind::ListComp:
      case ExprKind::BinComp:
        for (auto& q : x.qualifiers) {
          if (q.pattern) walk(q.pattern, Ctx::Pattern, nullptr);
          if (q.expr) walk(q.expr, Ctx::Expr, nullptr);
        }
        walk(x.a, Ctx::Expr, nullptr);
        return;
      default:
        break;
    }
    // Generic children (operators, tuples, maps, binaries, funs...).
    if (x.a) walk(x.a, sub, checks);
    if (x.b) walk(x.b, sub, checks);
    if (x.c) walk(x.c, sub, checks);
    for (auto& a : x.args) walk(a, sub, checks);
    for (auto& f : x.map_fields) {
      // Map keys in patterns are expressions (guard-like), values patterns.
      walk(f.key, ctx == Ctx::Pattern ? Ctx::Guard : sub, checks);
      walk(f.value, sub, checks);
    }
    for (auto& b : x.bin_elements) {
      walk(b.value, sub, checks);
      if (b.size) walk(b.size, ctx == Ctx::Pattern ? Ctx::Guard : sub, checks);
    }
  }

  [[gnu::noinline]] void report_too_deep(const ExprPtr& e) {
    if (!too_deep_reported_ && e) error(e->loc, "nesting too deep");
    too_deep_reported_ = true;
  }

  [[gnu::noinline]] void record_index(ExprPtr& e) {
    const RecordDef* r = lookup(e->name, e->loc);
    int i = r ? field_index(*r, e->field, e->loc) : -1;
    e = i < 0 ? make_atom(e->loc, "undefined") : make_int(e->loc, i + 2);
  }

  [[gnu::noinline]] void record_new(ExprPtr& e, Ctx ctx, std::vector<ExprPtr>* checks) {
    Expr& x = *e;
    Loc loc = x.loc;
    const RecordDef* r = lookup(x.name, loc);
    if (!r) {
      e = ctx == Ctx::Pattern ? make_var(loc, "_") : make_atom(loc, "undefined");
      return;
    }
    std::vector<ExprPtr> given(r->fields.size());
    ExprPtr rest;  // `_ = V`
    for (auto& f : x.record_fields) {
      if (f.field == "_") {
        rest = std::move(f.value);
        continue;
      }
      int i = field_index(*r, f.field, f.loc);
      if (i < 0) continue;
      if (given[static_cast<size_t>(i)]) {
        error(f.loc, "field " + quote_atom_if_needed(f.field) + " already defined in record " + quote_atom_if_needed(r->name));
        continue;
      }
      given[static_cast<size_t>(i)] = std::move(f.value);
    }
    auto tup = make_expr(ExprKind::Tuple, loc);
    tup->args.push_back(make_atom(loc, r->name));
    for (size_t i = 0; i < r->fields.size(); ++i) {
      ExprPtr v;
      if (given[i]) {
        v = std::move(given[i]);
        walk(v, ctx, checks);
      } else if (rest) {
        v = clone_expr(*rest);
        walk(v, ctx, checks);
      } else if (ctx == Ctx::Pattern) {
        v = make_var(loc, "_");
      } else if (r->fields[i].default_value) {
        // Defaults are evaluated at each creation, so each gets its own copy.
        v = copy_default(*r->fields[i].default_value, loc);
        if (v) {
          expanding_.push_back(r->name);
          walk(v, Ctx::Expr, nullptr);
          expanding_.pop_back();
        } else {
          v = make_atom(loc, "undefined");
        }
      } else {
        v = make_atom(loc, "undefined");
      }
      tup->args.push_back(std::move(v));
    }
    e = std::move(tup);
  }

  // A copy of a default for one creation site, or null (error reported)
  // when the copies would grow beyond the bounds above.
  [[gnu::noinline]] ExprPtr copy_default(const Expr& def, Loc loc) {
    TreeStats st = measure_tree(def, kMaxDefaultNodes);
    default_nodes_ += st.nodes;
    const char* why = nullptr;
    if (expanding_.size() >= kMaxDefaultNesting || depth_ + st.depth >= kMaxDepth) why = "nesting too deep";
    else if (default_nodes_ > kMaxDefaultNodes) why = "record defaults too large";
    if (why) {
      if (!too_deep_reported_) error(loc, why);
      too_deep_reported_ = true;
      return nullptr;
    }
    return clone_expr(def);
  }

  // erlang:error({badrecord, Value}): OTP 25 reports the offending value.
  ExprPtr badrecord(Loc loc, const std::string& value_var) {
    auto t = make_expr(ExprKind::Tuple, loc);
    t->args.push_back(make_atom(loc, "badrecord"));
    t->args.push_back(make_var(loc, value_var));
    std::vector<ExprPtr> args;
    args.push_back(std::move(t));
    return mk_remote(loc, "erlang", "error", std::move(args));
  }

  // Record access and update are expressions, never patterns: in a pattern
  // report it and put `_` in its place so the walk can go on.
  bool reject_in_pattern(ExprPtr& e, Ctx ctx) {
    if (ctx != Ctx::Pattern) return false;
    Loc loc = e->loc;
    error(loc, "illegal pattern");
    e = make_var(loc, "_");
    return true;
  }

  [[gnu::noinline]] void record_field(ExprPtr& e, Ctx ctx, std::vector<ExprPtr>* checks) {
    Expr& x = *e;
    Loc loc = x.loc;
    if (reject_in_pattern(e, ctx)) return;
    walk(x.a, ctx, checks);
    const RecordDef* r = lookup(x.name, loc);
    int i = r ? field_index(*r, x.field, loc) : -1;
    if (i < 0) {
      e = make_atom(loc, "undefined");
      return;
    }
    std::int64_t size = static_cast<std::int64_t>(r->fields.size()) + 1;
    if (ctx == Ctx::Guard && checks) {
      std::vector<ExprPtr> test_args;
      test_args.push_back(clone_expr(*x.a));
      test_args.push_back(make_atom(loc, r->name));
      test_args.push_back(make_int(loc, size));
      auto test = make_expr(ExprKind::Call, loc);
      test->name = "is_record";
      test->args = std::move(test_args);
      checks->push_back(std::move(test));
      std::vector<ExprPtr> args;
      args.push_back(make_int(loc, i + 2));
      args.push_back(std::move(x.a));
      e = mk_remote(loc, "erlang", "element", std::move(args));
      return;
    }
    // case R of {r, _, V, _} -> V; B -> erlang:error({badrecord, B}) end
    std::string v = fresh();
    auto pat = make_expr(ExprKind::Tuple, loc);
    pat->args.push_back(make_atom(loc, r->name));
    for (size_t k = 0; k < r->fields.size(); ++k) {
      pat->args.push_back(make_var(loc, static_cast<int>(k) == i ? v : "_"));
    }
    auto cs = make_expr(ExprKind::Case, loc);
    cs->a = std::move(x.a);
    Clause ok;
    ok.loc = loc;
    ok.patterns.push_back(std::move(pat));
    ok.body.push_back(make_var(loc, v));
    Clause bad;
    bad.loc = loc;
    std::string bad_value = fresh();
    bad.patterns.push_back(make_var(loc, bad_value));
    bad.body.push_back(badrecord(loc, bad_value));
    cs->clauses.push_back(std::move(ok));
    cs->clauses.push_back(std::move(bad));
    e = std::move(cs);
  }

  static bool is_simple(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Var:
      case ExprKind::Atom:
      case ExprKind::Integer:
      case ExprKind::Float:
      case ExprKind::Nil:
      case ExprKind::String:
        return true;
      default:
        return false;
    }
  }

  [[gnu::noinline]] void record_update(ExprPtr& e, Ctx ctx, std::vector<ExprPtr>* checks) {
    Expr& x = *e;
    Loc loc = x.loc;
    if (reject_in_pattern(e, ctx)) return;
    walk(x.a, ctx, checks);
    const RecordDef* r = lookup(x.name, loc);
    if (!r) {
      e = make_atom(loc, "undefined");
      return;
    }
    auto block = make_expr(ExprKind::Block, loc);
    auto bind = [&](ExprPtr value) {
      std::string v = fresh();
      auto m = make_expr(ExprKind::Match, value->loc);
      Loc vloc = value->loc;
      m->a = make_var(vloc, v);
      m->b = std::move(value);
      block->body.push_back(std::move(m));
      return v;
    };
    // The record first, then the new values, then the shape check.
    std::string rec = bind(std::move(x.a));
    std::vector<ExprPtr> given(r->fields.size());
    for (auto& f : x.record_fields) {
      if (f.field == "_") {
        error(f.loc, "field '_' undefined in record " + quote_atom_if_needed(r->name));
        continue;
      }
      int i = field_index(*r, f.field, f.loc);
      if (i < 0) continue;
      if (given[static_cast<size_t>(i)]) {
        error(f.loc, "field " + quote_atom_if_needed(f.field) + " already defined in record " + quote_atom_if_needed(r->name));
        continue;
      }
      walk(f.value, ctx, checks);
      if (is_simple(*f.value)) {
        given[static_cast<size_t>(i)] = std::move(f.value);
      } else {
        Loc vloc = f.value->loc;
        given[static_cast<size_t>(i)] = make_var(vloc, bind(std::move(f.value)));
      }
    }
    auto pat = make_expr(ExprKind::Tuple, loc);
    auto out = make_expr(ExprKind::Tuple, loc);
    pat->args.push_back(make_atom(loc, r->name));
    out->args.push_back(make_atom(loc, r->name));
    for (size_t k = 0; k < r->fields.size(); ++k) {
      if (given[k]) {
        pat->args.push_back(make_var(loc, "_"));
        out->args.push_back(std::move(given[k]));
      } else {
        std::string keep = fresh();
        pat->args.push_back(make_var(loc, keep));
        out->args.push_back(make_var(loc, keep));
      }
    }
    auto cs = make_expr(ExprKind::Case, loc);
    cs->a = make_var(loc, rec);
    Clause ok;
    ok.loc = loc;
    ok.patterns.push_back(std::move(pat));
    ok.body.push_back(std::move(out));
    Clause bad;
    bad.loc = loc;
    std::string bad_value = fresh();
    bad.patterns.push_back(make_var(loc, bad_value));
    bad.body.push_back(badrecord(loc, bad_value));
    cs->clauses.push_back(std::move(ok));
    cs->clauses.push_back(std::move(bad));
    block->body.push_back(std::move(cs));
    e = std::move(block);
  }

  [[gnu::noinline]] void call(ExprPtr& e, Ctx ctx, std::vector<ExprPtr>* checks) {
    Expr& x = *e;
    Ctx sub = ctx == Ctx::Pattern ? Ctx::Expr : ctx;
    if (x.a) walk(x.a, sub, checks);
    if (x.b) walk(x.b, sub, checks);
    for (auto& a : x.args) walk(a, sub, checks);
    bool local = !x.a && !x.b;
    bool erlang_remote = x.a && x.b && x.a->kind == ExprKind::Atom && x.a->name == "erlang" &&
                         x.b->kind == ExprKind::Atom;
    std::string fn = local ? x.name : erlang_remote ? x.b->name : "";
    if (local && fn == "record_info" && x.args.size() == 2) {
      const Expr& what = *x.args[0];
      const Expr& rn = *x.args[1];
      if (what.kind != ExprKind::Atom || rn.kind != ExprKind::Atom || (what.name != "size" && what.name != "fields")) {
        error(x.loc, "illegal record info");
        return;
      }
      const RecordDef* r = lookup(rn.name, rn.loc);
      if (!r) return;
      if (what.name == "size") {
        e = make_int(x.loc, static_cast<std::int64_t>(r->fields.size()) + 1);
        return;
      }
      ExprPtr list = make_expr(ExprKind::Nil, x.loc);
      for (size_t k = r->fields.size(); k-- > 0;) {
        auto c = make_expr(ExprKind::Cons, x.loc);
        c->a = make_atom(x.loc, r->fields[k].name);
        c->b = std::move(list);
        list = std::move(c);
      }
      e = std::move(list);
      return;
    }
    if ((local || erlang_remote) && fn == "is_record" && x.args.size() == 2 &&
        x.args[1]->kind == ExprKind::Atom) {
      const RecordDef* r = lookup(x.args[1]->name, x.args[1]->loc);
      if (!r) return;
      x.args.push_back(make_int(x.args[1]->loc, static_cast<std::int64_t>(r->fields.size()) + 1));
    }
  }
};

}  // namespace

void desugar_records(Module& m, const std::string& file, std::vector<Diagnostic>& errors) {
  Desugar d(m.records, file, errors);
  for (auto& f : m.functions) d.function(f);
  // Defaults are desugared too, so no Record* node remains anywhere (the
  // creation sites above copied the raw defaults). Errors found here repeat
  // those at use sites; the frontend drops exact duplicates.
  for (size_t i = 0; i < m.records.size(); ++i) {
    for (auto& f : m.records[i].fields) {
      if (f.default_value) d.record_default(m.records[i].name, f.default_value);
    }
  }
}

void desugar_exprs(std::vector<ExprPtr>& exprs, const std::string& file, std::vector<Diagnostic>& errors) {
  std::vector<RecordDef> none;
  Desugar d(none, file, errors);
  for (auto& e : exprs) d.expr(e);
}

}  // namespace girder::compiler
