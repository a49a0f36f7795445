#include "vm/ets/match_spec.h"

#include <algorithm>
#include <charconv>

#include "vm/bif/registry.h"
#include "vm/ets/ets.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/vm.h"

namespace girder::vm::ets {

namespace {

constexpr int kMaxDepth = 200;

// '$N' -> N, or -1.
std::int64_t var_number(Process& p, Term atom) {
  std::string_view s = p.vm().atoms().name(atom);
  if (s.size() < 2 || s[0] != '$') return -1;
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(s.data() + 1, s.data() + s.size(), n);
  if (ec != std::errc() || ptr != s.data() + s.size() || n < 0 || n > 100000000) return -1;
  if (s.size() > 2 && s[1] == '0') return -1;
  return n;
}

const BifEntry* guard_bif(Process& p, Term name, unsigned arity) {
  const BifTable& bifs = p.vm().bifs();
  int i = bifs.find(atoms::erlang, name, arity);
  if (i < 0 || !bifs.at(i).guard_safe) return nullptr;
  return &bifs.at(i);
}

}  // namespace

int MatchSpec::var_index(Term atom) const {
  for (std::size_t i = 0; i < vars_.size(); ++i) {
    if (vars_[i].atom == atom.raw()) return static_cast<int>(i);
  }
  return -1;
}

bool MatchSpec::compile(Process& p, Term ms) {
  clauses_.clear();
  vars_.clear();
  if (!ms.is_list() && !ms.is_nil()) return false;
  // Pass 1: the clauses' shapes and every '$N' of the heads.
  std::vector<Term> heads;
  for (Term l = ms; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return false;
    Term c = l.head();
    if (!c.is_tuple() || c.tuple_arity() != 3) return false;
    Term guards = c.element(1), body = c.element(2);
    if (list_length(guards) < 0 || list_length(body) <= 0) return false;
    clauses_.push_back({c.element(0), guards, body});
  }
  // Variables of the heads (one numbering for all clauses; each clause
  // binds its own: the others stay unbound while it runs).
  std::vector<Term> stack;
  for (const Clause& c : clauses_) stack.push_back(c.head);
  int visited = 0;
  while (!stack.empty()) {
    Term t = stack.back();
    stack.pop_back();
    if (++visited > 1000000) return false;
    if (t.is_atom()) {
      if (t == atoms_.dollar_underscore || t == atoms_.dollar_dollar) return false;
      std::int64_t n = var_number(p, t);
      if (n >= 0 && var_index(t) < 0) vars_.push_back({t.raw(), static_cast<Word>(n)});
    } else if (t.is_list()) {
      stack.push_back(t.head());
      stack.push_back(t.tail());
    } else if (t.is_tuple()) {
      for (Word i = 0; i < t.tuple_arity(); ++i) stack.push_back(t.element(i));
    } else if (t.is_map()) {
      map_foreach(t, [&](Term, Term v) { stack.push_back(v); });
    }
  }
  std::sort(vars_.begin(), vars_.end(), [](const Var& a, const Var& b) { return a.number < b.number; });
  bound_.assign(vars_.size(), kNonValue);
  copied_.assign(vars_.size(), kNonValue);
  // Pass 2: guards and bodies use only known variables and functions.
  for (const Clause& c : clauses_) {
    for (Term l = c.guards; l.is_list(); l = l.tail()) {
      if (!check_expr(p, l.head(), 0)) return false;
    }
    for (Term l = c.body; l.is_list(); l = l.tail()) {
      if (!check_expr(p, l.head(), 0)) return false;
    }
  }
  return true;
}

bool MatchSpec::check_expr(Process& p, Term e, int depth) {
  if (depth > kMaxDepth) return false;
  if (e.is_atom()) {
    if (e == atoms_.dollar_underscore || e == atoms_.dollar_dollar) return true;
    if (e == atoms_.underscore) return false;
    if (var_number(p, e) >= 0) return var_index(e) >= 0;
    return true;
  }
  if (e.is_list()) {
    for (; e.is_list(); e = e.tail()) {
      if (!check_expr(p, e.head(), depth + 1)) return false;
    }
    return e.is_nil() || check_expr(p, e, depth + 1);
  }
  if (!e.is_tuple()) return true;  // any other constant
  Word n = e.tuple_arity();
  if (n == 0) return false;
  Term f = e.element(0);
  if (n == 1 && f.is_tuple()) {
    for (Word i = 0; i < f.tuple_arity(); ++i) {
      if (!check_expr(p, f.element(i), depth + 1)) return false;
    }
    return true;
  }
  if (!f.is_atom()) return false;
  if (f == atoms_.const_) return n == 2;
  if (f == atoms_.andalso || f == atoms_.orelse) {
    if (n < 2) return false;
  } else if (guard_bif(p, f, static_cast<unsigned>(n - 1)) == nullptr) {
    return false;
  }
  for (Word i = 1; i < n; ++i) {
    if (!check_expr(p, e.element(i), depth + 1)) return false;
  }
  return true;
}

bool MatchSpec::is_ground(Term t) const {
  if (t.is_atom()) return t != atoms_.underscore && var_index(t) < 0;
  if (t.is_list()) {
    for (; t.is_list(); t = t.tail()) {
      if (!is_ground(t.head())) return false;
    }
    return is_ground(t);
  }
  if (t.is_tuple()) {
    for (Word i = 0; i < t.tuple_arity(); ++i) {
      if (!is_ground(t.element(i))) return false;
    }
    return true;
  }
  if (t.is_map()) {
    bool ground = true;
    map_foreach(t, [&](Term, Term v) { ground = ground && is_ground(v); });
    return ground;
  }
  return true;
}

Term MatchSpec::bound_key(Word keypos) const {
  Term key = kNonValue;
  for (const Clause& c : clauses_) {
    Term h = c.head;
    if (!h.is_tuple() || h.tuple_arity() < keypos) return kNonValue;
    Term k = h.element(keypos - 1);
    if (!is_ground(k)) return kNonValue;
    if (key.is_non_value()) {
      key = k;
    } else if (!exact_equal(key, k)) {
      return kNonValue;
    }
  }
  return key;
}

bool MatchSpec::match(Term pat, Term val) {
  for (;;) {
    if (pat.is_atom()) {
      if (pat == atoms_.underscore) return true;
      int v = var_index(pat);
      if (v < 0) return pat == val;
      if (bound_[v].is_value()) return exact_equal(bound_[v], val);
      bound_[v] = val;
      return true;
    }
    if (pat.is_immediate()) return pat == val;
    if (pat.is_list()) {
      if (!val.is_list()) return false;
      if (!match(pat.head(), val.head())) return false;
      pat = pat.tail();
      val = val.tail();
      continue;
    }
    if (pat.is_tuple()) {
      if (!val.is_tuple()) return false;
      Word n = pat.tuple_arity();
      if (val.tuple_arity() != n) return false;
      if (n == 0) return true;
      for (Word i = 0; i + 1 < n; ++i) {
        if (!match(pat.element(i), val.element(i))) return false;
      }
      pat = pat.element(n - 1);
      val = val.element(n - 1);
      continue;
    }
    if (pat.is_map()) {
      if (!val.is_map()) return false;
      bool ok = true;
      map_foreach(pat, [&](Term k, Term v) {
        if (!ok) return;
        Term got = map_get(val, k);
        ok = got.is_value() && match(v, got);
      });
      return ok;
    }
    return exact_equal(pat, val);
  }
}

bool MatchSpec::match_clause(const Clause& c, const DbObject* o) {
  std::fill(bound_.begin(), bound_.end(), kNonValue);
  return match(c.head, o->root);
}

Term MatchSpec::var_value(Process& p, int v, bool body) {
  if (!body) return bound_[v];
  if (copied_[v].is_non_value()) copied_[v] = copy_term_out(p, bound_[v]);
  return copied_[v];
}

Term MatchSpec::whole_object(Process& p, bool body) {
  if (!body) return object_->root;
  if (object_copy_.is_non_value()) object_copy_ = copy_out(p, object_);
  return object_copy_;
}

Term MatchSpec::eval(Process& p, Term e, bool body) {
  if (e.is_atom()) {
    if (e == atoms_.dollar_underscore) return whole_object(p, body);
    if (e == atoms_.dollar_dollar) {
      std::vector<Term> values;
      for (std::size_t i = 0; i < vars_.size(); ++i) {
        if (bound_[i].is_value()) values.push_back(var_value(p, static_cast<int>(i), body));
      }
      return make_list(p, values);
    }
    int v = var_index(e);
    if (v >= 0) return bound_[v].is_value() ? var_value(p, v, body) : kNonValue;
    return e;
  }
  if (e.is_list()) {
    std::vector<Term> items;
    for (; e.is_list(); e = e.tail()) {
      Term x = eval(p, e.head(), body);
      if (x.is_non_value()) return x;
      items.push_back(x);
    }
    Term tail = e.is_nil() ? kNil : eval(p, e, body);
    if (tail.is_non_value()) return tail;
    return make_list(p, items, tail);
  }
  if (!e.is_tuple()) return e;
  Term f = e.element(0);
  if (e.tuple_arity() == 1 && f.is_tuple()) {
    Word n = f.tuple_arity();
    Word* w = p.alloc(1 + n);
    w[0] = make_header(BoxKind::Tuple, n);
    for (Word i = 0; i < n; ++i) w[1 + i] = kNil.raw();  // valid while filling
    for (Word i = 0; i < n; ++i) {
      Term x = eval(p, f.element(i), body);
      if (x.is_non_value()) return x;
      w[1 + i] = x.raw();
    }
    return Term::boxed(w);
  }
  if (f == atoms_.const_) return e.element(1);
  return eval_call(p, e, body);
}

Term MatchSpec::eval_call(Process& p, Term e, bool body) {
  Term f = e.element(0);
  Word n = e.tuple_arity() - 1;
  if (f == atoms_.andalso || f == atoms_.orelse) {
    bool is_and = f == atoms_.andalso;
    for (Word i = 1; i <= n; ++i) {
      Term x = eval(p, e.element(i), body);
      if (x == kTrue) {
        if (!is_and) return kTrue;
      } else if (x == kFalse) {
        if (is_and) return kFalse;
      } else {
        return kNonValue;
      }
    }
    return is_and ? kTrue : kFalse;
  }
  const BifEntry* bif = guard_bif(p, f, static_cast<unsigned>(n));
  if (bif == nullptr) return kNonValue;
  Term args[8];
  std::vector<Term> big;
  Term* a = args;
  if (n > 8) {
    big.resize(n);
    a = big.data();
  }
  for (Word i = 0; i < n; ++i) {
    a[i] = eval(p, e.element(1 + i), body);
    if (a[i].is_non_value()) return kNonValue;
  }
  Term r = bif->fn(p, a);
  if (r.is_non_value()) p.fail(kNonValue, kNonValue);  // the clause fails; forget the error
  return r;
}

Term MatchSpec::run(Process& p, const DbObject* o) {
  object_ = o;
  object_copy_ = kNonValue;
  for (const Clause& c : clauses_) {
    if (!match_clause(c, o)) continue;
    bool pass = true;
    for (Term g = c.guards; g.is_list() && pass; g = g.tail()) pass = eval(p, g.head(), false) == kTrue;
    if (!pass) continue;
    std::fill(copied_.begin(), copied_.end(), kNonValue);
    // A body that raises gives the atom 'EXIT' (as OTP's ETS does).
    Term r = kNonValue;
    for (Term b = c.body; b.is_list(); b = b.tail()) {
      r = eval(p, b.head(), true);
      if (r.is_non_value()) return atoms_.exit_upper;
    }
    return r;
  }
  return kNonValue;
}

bool MatchSpec::run_true(Process& p, const DbObject* o) {
  object_ = o;
  object_copy_ = kNonValue;
  for (const Clause& c : clauses_) {
    if (!match_clause(c, o)) continue;
    bool pass = true;
    for (Term g = c.guards; g.is_list() && pass; g = g.tail()) pass = eval(p, g.head(), false) == kTrue;
    if (!pass) continue;
    // The body's value decides; evaluated without copying (guard mode).
    Term r = kNonValue;
    for (Term b = c.body; b.is_list(); b = b.tail()) {
      r = eval(p, b.head(), false);
      if (r.is_non_value()) break;
    }
    return r == kTrue;
  }
  return false;
}

}  // namespace girder::vm::ets
