// Code generation: module and function level, registers, clauses.
// Expressions are in codegen_expr.cpp, patterns and guards in
// codegen_match.cpp.
#include "tools/compiler/codegen.h"

#include <algorithm>
#include <functional>

#include "tools/compiler/check.h"
#include "tools/compiler/codegen_internal.h"
#include "tools/compiler/literal.h"
#include "tools/compiler/lower.h"
#include "vm/bif/bif.h"
#include "vm/exec/operand.h"

namespace girder::compiler {

// ---------------------------------------------------------------- ModuleGen

int ModuleGen::atom(const std::string& name) {
  auto it = atoms_.find(name);
  if (it != atoms_.end()) return it->second;
  int index = static_cast<int>(m_.atoms.size());
  m_.atoms.push_back(name);
  atoms_.emplace(name, index);
  return index;
}

int ModuleGen::literal(std::vector<std::uint8_t> etf) {
  auto it = literals_.find(etf);
  if (it != literals_.end()) return it->second;
  int index = static_cast<int>(m_.literals.size());
  m_.literals.push_back(etf);
  literals_.emplace(std::move(etf), index);
  return index;
}

int ModuleGen::import(const std::string& module, const std::string& function, unsigned arity) {
  auto key = std::make_tuple(module, function, arity);
  auto it = imports_.find(key);
  if (it != imports_.end()) return it->second;
  int index = static_cast<int>(m_.imports.size());
  m_.imports.push_back({static_cast<std::uint32_t>(atom(module)), static_cast<std::uint32_t>(atom(function)), arity});
  imports_.emplace(key, index);
  return index;
}

// ---------------------------------------------------------------- BIF facts

namespace {

const vm::BifSpec* find_erlang_bif(const std::string& name, unsigned arity) {
  for (std::span<const vm::BifSpec> table : vm::all_bif_tables()) {
    for (const vm::BifSpec& s : table) {
      if (s.module == "erlang" && s.name == name && s.arity == arity) return &s;
    }
  }
  return nullptr;
}

}  // namespace

bool is_erlang_bif(const std::string& name, unsigned arity) { return find_erlang_bif(name, arity) != nullptr; }

// A BIF that may trap or transfer control (BifSpec::may_trap) is emitted as
// a call, never as bif0..bif3: a trap continues as a call in its place.
bool is_inline_bif(const std::string& name, unsigned arity) {
  if (arity > 3) return false;
  const vm::BifSpec* bif = find_erlang_bif(name, arity);
  return bif != nullptr && !bif->may_trap;
}

bool is_auto_imported(const std::string& name, unsigned arity) { return is_auto_imported_bif(name, arity); }

// ---------------------------------------------------------------- emission

void FunctionGen::emit(Opcode op, std::vector<AsmOperand> ops) {
  for (const AsmOperand& o : ops) mark_written(o);  // conservative; refined below
  if (vm::is_returning_call(op)) {
    // After a call returns only x0 holds a value (kCall in opcodes.def).
    // A tail call does not return here: what follows is reached by a jump.
    std::fill(xinit_.begin(), xinit_.end(), false);
    if (xinit_.empty()) xinit_.resize(1);
    xinit_[0] = true;
  } else if (op == Opcode::test_heap) {
    std::size_t live = static_cast<std::size_t>(ops[1].value);
    for (std::size_t i = live; i < xinit_.size(); ++i) xinit_[i] = false;
  }
  code_.push_back(AsmInstr{op, std::move(ops)});
}

void FunctionGen::mark_written(const AsmOperand& op) {
  // Only destinations matter, but marking sources too is harmless: a source
  // X register holds a value by construction.
  if (op.kind == AsmOperand::Kind::X) {
    if (static_cast<std::size_t>(op.value) >= xinit_.size()) xinit_.resize(op.value + 1, false);
    xinit_[op.value] = true;
  }
}

void FunctionGen::line(const Loc& loc) {
  if (loc.line != 0 && loc.line != last_line_) {
    last_line_ = loc.line;
    code_.push_back(AsmInstr{Opcode::line, {AsmOperand::integer(loc.line)}});
  }
}

AsmOperand FunctionGen::literal_op(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Atom:
      return atom_op(e.name);
    case ExprKind::Nil:
      return AsmOperand::nil();
    case ExprKind::Integer:
      if (e.big_value.empty() && e.int_value >= vm::kSmallMin && e.int_value <= vm::kSmallMax) {
        return AsmOperand::integer(e.int_value);
      }
      break;
    case ExprKind::String:
      if (e.chars.empty()) return AsmOperand::nil();
      break;
    default:
      break;
  }
  return AsmOperand::literal(mg_.literal(constant_to_etf(e)));
}

AsmOperand FunctionGen::empty_map_op() {
  Expr m(ExprKind::MapNew, Loc{});
  return AsmOperand::literal(mg_.literal(constant_to_etf(m)));
}

void FunctionGen::error(const Loc& loc, const std::string& message) {
  mg_.errors.push_back(Diagnostic{mg_.file, loc.line, loc.col, message});
}

Reg FunctionGen::temp() {
  Reg r{false, x_top_++};
  if (x_top_ >= static_cast<int>(vm::kMaxXRegs)) {
    error(Loc{}, "function " + name_ + "/" + std::to_string(arity_) + " needs too many registers");
    x_top_ = x_base_;
  }
  return r;
}

Reg FunctionGen::ytemp() { return Reg{true, y_count_++}; }

void FunctionGen::gc_point(unsigned need, const std::vector<Reg>& extra_live) {
  int live = live_x(extra_live);
  emit(Opcode::test_heap, {AsmOperand::integer(need), AsmOperand::integer(live)});
}

int FunctionGen::live_x(const std::vector<Reg>& extra_live) {
  // X registers that hold values still needed: variable homes in X (bound),
  // live temporaries, and whatever the caller names.
  int live = 0;
  for (const std::string& v : bound_) {
    auto it = home_.find(v);
    if (it != home_.end() && !it->second.y) live = std::max(live, it->second.n + 1);
  }
  live = std::max(live, x_top_);
  for (const Reg& r : extra_live) {
    if (!r.y) live = std::max(live, r.n + 1);
  }
  for (int i = 0; i < live; ++i) {
    if (static_cast<std::size_t>(i) >= xinit_.size() || !xinit_[i]) {
      emit(Opcode::init_x, {AsmOperand::x(i)});
    }
  }
  return live;
}

// ---------------------------------------------------------------- clauses

void FunctionGen::collect_vars(const Expr& e, std::vector<std::string>& out, VarScope scope) const {
  if (e.kind == ExprKind::Var) {
    if (e.name != "_" && std::find(out.begin(), out.end(), e.name) == out.end()) out.push_back(e.name);
    return;
  }
  if (e.kind == ExprKind::Lambda && scope == VarScope::ThisFunction) return;  // its own function
  // Its own order, not for_each_child's: the order found here is the order
  // of a fun's free variables (its env, as fun_info shows it) and of
  // registers given to variables.
  auto sub = [&](const ExprPtr& p) {
    if (p) collect_vars(*p, out, scope);
  };
  for (const auto* cs : {&e.clauses, &e.catch_clauses}) {
    for (const Clause& c : *cs) {
      for (auto& p : c.patterns) sub(p);
      for (auto& g : c.guard) {
        for (auto& t : g) sub(t);
      }
      for (auto& b : c.body) sub(b);
    }
  }
  sub(e.a);
  sub(e.b);
  sub(e.c);
  sub(e.timeout);
  for (auto& x : e.args) sub(x);
  for (auto& x : e.body) sub(x);
  for (auto& x : e.after_body) sub(x);
  for (auto& f : e.map_fields) {
    sub(f.key);
    sub(f.value);
  }
  for (auto& b : e.bin_elements) {
    sub(b.value);
    sub(b.size);
  }
}

std::string FunctionGen::inline_bif_name(const Expr& e) const {
  auto n = static_cast<unsigned>(e.args.size());
  if (e.is_remote_call() && e.a->kind == ExprKind::Atom && e.b->kind == ExprKind::Atom && e.a->name == "erlang" &&
      is_inline_bif(e.b->name, n)) {
    return e.b->name;
  }
  // OTP's compiler turns maps:get/2 into the map_get guard BIF, which is
  // also what its stack traces then show.
  if (e.is_remote_call() && e.a->kind == ExprKind::Atom && e.b->kind == ExprKind::Atom && e.a->name == "maps" &&
      e.b->name == "get" && n == 2) {
    return "map_get";
  }
  if (!e.a && !mg_.locals.count({e.name, n}) && !mg_.imports.count({e.name, n}) && is_inline_bif(e.name, n) &&
      is_auto_imported(e.name, n)) {
    return e.name;
  }
  return "";
}

bool FunctionGen::contains_call(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::Call: {
      // Pure guard BIFs may be evaluated out of order; a BIF with effects
      // (put, erase, demonitor, send...) keeps its place like any call.
      std::string bif = inline_bif_name(e);
      if (!bif.empty() && is_guard_bif(bif, static_cast<unsigned>(e.args.size()))) break;
      return true;
    }
    case ExprKind::BinOp:
      if (e.name == "!" || e.name == "++" || e.name == "--") return true;  // real calls (codegen_expr.cpp)
      break;
    case ExprKind::Receive:
    case ExprKind::Try:
    case ExprKind::Catch:
      return true;
    case ExprKind::Lambda:
      return false;
    default:
      break;
  }
  auto sub = [&](const ExprPtr& p) { return p && contains_call(*p); };
  if (sub(e.a) || sub(e.b) || sub(e.c) || sub(e.timeout)) return true;
  for (auto& x : e.args) {
    if (sub(x)) return true;
  }
  for (auto& x : e.body) {
    if (sub(x)) return true;
  }
  for (auto& x : e.after_body) {
    if (sub(x)) return true;
  }
  for (const auto* cs : {&e.clauses, &e.catch_clauses}) {
    for (const Clause& c : *cs) {
      for (auto& b : c.body) {
        if (sub(b)) return true;
      }
      for (auto& p : c.patterns) {
        if (sub(p)) return true;
      }
    }
  }
  for (auto& f : e.map_fields) {
    if (sub(f.key) || sub(f.value)) return true;
  }
  for (auto& b : e.bin_elements) {
    if (sub(b.value) || sub(b.size)) return true;
  }
  return false;
}

unsigned FunctionGen::count_arith(const Expr& e) const {
  if (e.kind == ExprKind::Lambda) return 0;
  unsigned n = 0;
  if (e.kind == ExprKind::BinOp &&
      (e.name == "+" || e.name == "-" || e.name == "*" || e.name == "/" || e.name == "div" || e.name == "rem")) {
    n = 1;
  } else if (e.kind == ExprKind::UnOp && e.name == "-") {
    n = 1;
  }
  auto sub = [&](const ExprPtr& p) {
    if (p) n += count_arith(*p);
  };
  sub(e.a);
  sub(e.b);
  sub(e.c);
  for (auto& x : e.args) sub(x);
  for (auto& x : e.body) sub(x);
  for (const auto* cs : {&e.clauses, &e.catch_clauses}) {
    for (const Clause& c : *cs) {
      for (auto& b : c.body) sub(b);
    }
  }
  for (auto& f : e.map_fields) {
    sub(f.key);
    sub(f.value);
  }
  return n;
}

bool FunctionGen::needs_frame(const Clause& c) const {
  // A frame is needed when some call returns into this clause, or for
  // try/catch/receive (which keep state in the frame).
  std::function<bool(const Expr&, bool)> nf = [&](const Expr& e, bool is_tail) -> bool {
    switch (e.kind) {
      case ExprKind::Try:
      case ExprKind::Catch:
      case ExprKind::Receive:
        return true;
      case ExprKind::Lambda:
        return false;
      case ExprKind::Call: {
        bool inline_bif = !inline_bif_name(e).empty();
        if (!inline_bif && !is_tail) return true;
        if (e.a && !e.b && nf(*e.a, false)) return true;
        if (e.is_remote_call() && (nf(*e.a, false) || nf(*e.b, false))) return true;
        for (auto& a : e.args) {
          if (nf(*a, false)) return true;
        }
        return false;
      }
      case ExprKind::Case:
        if (nf(*e.a, false)) return true;
        for (const Clause& cl : e.clauses) {
          for (std::size_t i = 0; i < cl.body.size(); ++i) {
            if (nf(*cl.body[i], is_tail && i + 1 == cl.body.size())) return true;
          }
        }
        return false;
      case ExprKind::If:
        for (const Clause& cl : e.clauses) {
          for (std::size_t i = 0; i < cl.body.size(); ++i) {
            if (nf(*cl.body[i], is_tail && i + 1 == cl.body.size())) return true;
          }
        }
        return false;
      case ExprKind::Block:
        for (std::size_t i = 0; i < e.body.size(); ++i) {
          if (nf(*e.body[i], is_tail && i + 1 == e.body.size())) return true;
        }
        return false;
      case ExprKind::AndAlso:
      case ExprKind::OrElse:
        return nf(*e.a, false) || nf(*e.b, is_tail);
      default:
        return contains_call(e);
    }
  };
  for (std::size_t i = 0; i < c.body.size(); ++i) {
    if (nf(*c.body[i], i + 1 == c.body.size())) return true;
  }
  return false;
}

void FunctionGen::assign_homes(const Clause& c, unsigned arity, bool frame) {
  home_.clear();
  bound_.clear();
  xinit_.assign(arity, true);
  // Free variables of a fun arrive after its arguments.
  unsigned user_arity = arity - static_cast<unsigned>(free_vars_.size());
  for (std::size_t i = 0; i < free_vars_.size(); ++i) {
    home_[free_vars_[i]] = Reg{false, static_cast<int>(user_arity + i)};
    bound_.insert(free_vars_[i]);
  }
  // Whole-argument variables keep their argument register, and are bound
  // from the start (a repeated variable elsewhere in the head compares
  // against it instead of overwriting the argument).
  for (std::size_t i = 0; i < c.patterns.size(); ++i) {
    const Expr& p = *c.patterns[i];
    if (p.kind == ExprKind::Var && p.name != "_" && !home_.count(p.name)) {
      home_[p.name] = Reg{false, static_cast<int>(i)};
      bound_.insert(p.name);
    }
  }
  int next = static_cast<int>(arity);
  if (!frame) {
    std::vector<std::string> vars;
    for (auto& p : c.patterns) collect_vars(*p, vars, VarScope::ThisFunction);
    for (auto& g : c.guard) {
      for (auto& t : g) collect_vars(*t, vars, VarScope::ThisFunction);
    }
    for (auto& b : c.body) collect_vars(*b, vars, VarScope::ThisFunction);
    for (const std::string& v : vars) {
      if (!home_.count(v) && v != self_name_) home_[v] = Reg{false, next++};
    }
  }
  x_base_ = next;
  x_top_ = next;
}

void FunctionGen::function(const std::string& name, unsigned arity, const std::vector<Clause>& clauses,
                           int entry_label, const std::vector<std::string>& free_vars, const std::string& self_name,
                           int self_lambda_index) {
  name_ = name;
  arity_ = arity;
  free_vars_ = free_vars;
  self_name_ = self_name;
  self_lambda_index_ = self_lambda_index;
  last_line_ = 0;
  func_info_label_ = mg_.new_label();
  label(func_info_label_);
  if (!clauses.empty()) line(clauses.front().loc);
  emit(Opcode::func_info, {atom_op(mg_.module_name), atom_op(name), AsmOperand::integer(arity)});
  label(entry_label);
  std::vector<Reg> args;
  for (unsigned i = 0; i < arity; ++i) args.push_back(Reg{false, static_cast<int>(i)});
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    bool last = i + 1 == clauses.size();
    int fail = last ? func_info_label_ : mg_.new_label();
    clause_body(clauses[i], args, fail, needs_frame(clauses[i]));
    if (!last) label(fail);
  }
  // Out-of-line failure blocks (badmatch and friends), inside the function's
  // extent so stack traces name it.
  for (const Deferred& d : deferred_) {
    label(d.label);
    if (d.line) {
      code_.push_back(AsmInstr{Opcode::line, {AsmOperand::integer(d.line)}});
      last_line_ = d.line;
    }
    if (d.op == Opcode::if_end) {
      emit(d.op, {});
    } else {
      emit(d.op, {d.operand});
    }
  }
  deferred_.clear();
}

int FunctionGen::deferred_label(Opcode op, AsmOperand operand, std::uint32_t line_no) {
  int l = mg_.new_label();
  deferred_.push_back(Deferred{l, op, operand, line_no});
  return l;
}

void FunctionGen::clause_body(const Clause& c, const std::vector<Reg>& args, int fail, bool frame) {
  frame_ = false;
  y_count_ = 0;
  frame_patches_.clear();
  try_depth_ = 0;
  assign_homes(c, arity_, frame);
  line(c.loc);
  // Head: match each pattern against its argument register.
  for (std::size_t i = 0; i < c.patterns.size(); ++i) match(*c.patterns[i], args[i].op(), fail);
  guard(c.guard, fail);
  if (frame) {
    // Allocate, then move every variable bound so far into its Y slot.
    frame_ = true;
    catch_slots_ = 0;
    catch_depth_ = 0;
    for (auto& b : c.body) catch_slots_ = std::max(catch_slots_, catch_nesting(*b));
    y_count_ = catch_slots_;
    std::size_t alloc_index = code_.size();
    emit(Opcode::allocate, {AsmOperand::integer(0), AsmOperand::integer(arity_)});
    frame_patches_.push_back({alloc_index, 0});
    std::vector<std::string> moved(bound_.begin(), bound_.end());
    for (const std::string& v : moved) {
      Reg y = ytemp();
      emit(Opcode::move, {home_[v].op(), y.op()});
      home_[v] = y;
    }
    x_base_ = 0;
    x_top_ = 0;
  }
  // Arithmetic on floats and bignums allocates without a heap check of its
  // own; reserve room for the clause's arithmetic up front so that a loop
  // of float code collects at its heap checks instead of spilling into
  // heap fragments.
  unsigned arith = 0;
  for (auto& b : c.body) arith += count_arith(*b);
  if (arith > 0) gc_point(std::min(arith * 4, 4096u));
  Reg result{false, 0};
  body(c.body, result, true);
  // Patch frame sizes now that the clause's Y slot count is known.
  for (auto [instr, operand] : frame_patches_) code_[instr].ops[operand] = AsmOperand::integer(y_count_);
  frame_ = false;
}

// ---------------------------------------------------------------- module

namespace {

// Names every fun of one function as OTP 25 does, so fun_info, stack traces
// and crash reports show the same atoms:
//   fun (...) -> ... end       '-F/A-fun-N-'
//   fun Name(...) -> ... end   '-F/A-Name/Arity-K-'
//   a comprehension generator  '-F/A-lc$^N/1-K-' (blc, lbc/2, bbc/2)
// N counts funs and generators together in the order OTP's v3_core meets
// them: a fun after the funs inside it, a generator before what is inside
// it. K counts what v3_kernel lifts as local functions (generators and named
// funs), in source order. Nested funs are named after the top function.
class LambdaNamer {
 public:
  LambdaNamer(const std::string& function, unsigned arity)
      : prefix_("-" + function + "/" + std::to_string(arity) + "-") {}

  void clauses(std::vector<Clause>& cs) {
    for_each_clause_child(cs, [this](ExprPtr& c) { expr(c); });
  }

  void expr(ExprPtr& p) {
    if (!p) return;
    Expr& e = *p;
    if (e.kind == ExprKind::Lambda) {
      lambda(e);
      return;
    }
    // OTP numbers funs as its core translation meets them: the elements of
    // tuples and lists, and the arguments of calls and operators, right to
    // left (a fun applied on the spot comes before its arguments); the
    // rest in source order.
    auto right_to_left = [this](std::vector<ExprPtr>& xs) {
      for (auto it = xs.rbegin(); it != xs.rend(); ++it) expr(*it);
    };
    switch (e.kind) {
      case ExprKind::FunRef:
        // fun name/arity takes a number too (OTP makes it a fun at first),
        // though the fun it makes is named after the function.
        ++fcount_;
        return;
      case ExprKind::Tuple:
        right_to_left(e.args);
        return;
      case ExprKind::Cons:
      case ExprKind::BinOp:
        expr(e.b);
        expr(e.a);
        return;
      case ExprKind::Call:
        if (e.is_fun_call() && e.a->kind == ExprKind::Lambda && !e.a->name.empty() && e.a->name[0] == '@') {
          // A generator's function applied to its list: the list comes first.
          for (auto& x : e.args) expr(x);
          expr(e.a);
          return;
        }
        if (e.is_fun_call()) {
          expr(e.a);
          right_to_left(e.args);
          return;
        }
        right_to_left(e.args);
        expr(e.b);
        expr(e.a);
        return;
      default:
        for_each_child(e, [this](ExprPtr& c) { expr(c); });
    }
  }

 private:
  void lambda(Expr& e) {
    unsigned arity = e.clauses.empty() ? 0 : static_cast<unsigned>(e.clauses.front().patterns.size());
    if (!e.name.empty() && e.name[0] == '@') {
      // "@lc3": a generator (lower.cpp).
      std::string kind = e.name.substr(1, e.name.find_first_of("0123456789") - 1);
      int n = fcount_++;
      int k = kcount_++;
      bool binary_result = kind == "lbc" || kind == "bbc";
      e.fun_name = prefix_ + kind + "$^" + std::to_string(n) + "/" + (binary_result ? "2" : "1") + "-" +
                   std::to_string(k) + "-";
      clauses(e.clauses);
      return;
    }
    if (!e.name.empty()) {
      int k = kcount_++;
      clauses(e.clauses);
      ++fcount_;
      e.fun_name = prefix_ + e.name + "/" + std::to_string(arity) + "-" + std::to_string(k) + "-";
      return;
    }
    clauses(e.clauses);
    e.fun_name = prefix_ + "fun-" + std::to_string(fcount_++) + "-";
  }

  std::string prefix_;
  int fcount_ = 0;
  int kcount_ = 0;
};

}  // namespace

CodegenResult generate_module(Module& module) {
  CodegenResult result;
  AsmModule m;
  ModuleGen mg(m);
  mg.module_name = module.name;
  mg.file = module.file;
  mg.atom(module.name);  // atoms[0] is the module name
  m.source_file = module.file;
  m.label_count = 1;     // label 0 means "none"
  for (const auto& [fa, mod] : module.imports) mg.imports[fa] = mod;
  for (Function& f : module.functions) {
    lower_function(f);
    LambdaNamer(f.name, f.arity).clauses(f.clauses);
    mg.locals.insert({f.name, f.arity});
    mg.entry_labels[{f.name, f.arity}] = mg.new_label();
  }
  // module_info/0,1 are always there, as on BEAM, and a local call to them
  // (module_info(exports) inside the module) calls the generated function.
  bool has_info0 = mg.locals.count({"module_info", 0}) > 0;
  bool has_info1 = mg.locals.count({"module_info", 1}) > 0;
  for (unsigned arity : {0u, 1u}) {
    if (mg.locals.insert({"module_info", arity}).second) mg.entry_labels[{"module_info", arity}] = mg.new_label();
  }

  for (Function& f : module.functions) {
    FunctionGen fg(mg, m.code);
    fg.function(f.name, f.arity, f.clauses, mg.entry_labels[{f.name, f.arity}], {}, "", -1);
    // Lambdas made by this function (and by its lambdas) follow it.
    for (std::size_t i = 0; i < mg.pending.size(); ++i) {
      ModuleGen::PendingLambda pl = mg.pending[i];
      FunctionGen lg(mg, m.code);
      // Its code takes the free variables after the arguments; OTP's stack
      // traces show that whole arity too.
      unsigned arity = static_cast<unsigned>(pl.fun->clauses.front().patterns.size() + pl.free.size());
      lg.function(pl.function_name, arity, pl.fun->clauses, pl.entry_label, pl.free, pl.fun->name, pl.lambda_index);
    }
    mg.pending.clear();
  }

  // module_info/0 and /1 call the VM.
  auto info_function = [&](unsigned arity) {
    int entry = mg.entry_labels[{"module_info", arity}];
    int fi = mg.new_label();
    m.code.push_back({Opcode::label, {AsmOperand::integer(fi)}});
    m.code.push_back({Opcode::func_info,
                      {AsmOperand::atom(0), AsmOperand::atom(mg.atom("module_info")), AsmOperand::integer(arity)}});
    m.code.push_back({Opcode::label, {AsmOperand::integer(entry)}});
    if (arity == 0) {
      m.code.push_back({Opcode::move, {AsmOperand::atom(0), AsmOperand::x(0)}});
      m.code.push_back(
          {Opcode::call_ext_only, {AsmOperand::integer(1), AsmOperand::import(mg.import("erlang", "get_module_info", 1))}});
    } else {
      m.code.push_back({Opcode::move, {AsmOperand::x(0), AsmOperand::x(1)}});
      m.code.push_back({Opcode::move, {AsmOperand::atom(0), AsmOperand::x(0)}});
      m.code.push_back(
          {Opcode::call_ext_only, {AsmOperand::integer(2), AsmOperand::import(mg.import("erlang", "get_module_info", 2))}});
    }
    m.exports.push_back({static_cast<std::uint32_t>(mg.atom("module_info")), arity, static_cast<std::uint32_t>(entry)});
  };
  if (!has_info0) info_function(0);
  if (!has_info1) info_function(1);

  // module_info(attributes): every attribute but those the compiler itself
  // consumes (as OTP lists them), a value that is not a list wrapped in
  // one, in source order. The loader puts {vsn, [MD5 as an integer]} first
  // when the module has no -vsn, as OTP does.
  for (const Attribute& a : module.attributes) {
    if (a.name == "on_load") continue;
    std::vector<std::uint8_t> etf = constant_to_etf(*a.value);
    if (a.value->kind != ExprKind::Cons && a.value->kind != ExprKind::Nil &&
        !(a.value->kind == ExprKind::String)) {
      // [Value]: a list header of length 1, the value, then [].
      std::vector<std::uint8_t> list = {131, 108, 0, 0, 0, 1};
      list.insert(list.end(), etf.begin() + 1, etf.end());
      list.push_back(106);
      etf = std::move(list);
    }
    m.attributes.push_back({static_cast<std::uint32_t>(mg.atom(a.name)), static_cast<std::uint32_t>(mg.literal(etf))});
  }
  const size_t generated_info_count = m.exports.size();

  // Exports, in the order the functions are defined, then the generated
  // module_info/0,1: the order BEAM's module_info(exports) lists them in
  // (EUnit runs a module's tests in that order).
  std::set<std::pair<std::string, unsigned>> exported;
  if (module.export_all) {
    for (const Function& f : module.functions) exported.insert({f.name, f.arity});
  }
  for (const auto& fa : module.exports) exported.insert(fa);
  auto export_one = [&](const std::pair<std::string, unsigned>& fa) {
    auto it = mg.entry_labels.find(fa);
    if (it == mg.entry_labels.end()) return;  // the checker reported it
    m.exports.push_back({static_cast<std::uint32_t>(mg.atom(fa.first)), fa.second, static_cast<std::uint32_t>(it->second)});
  };
  for (const Function& f : module.functions) {
    if (exported.erase({f.name, f.arity})) export_one({f.name, f.arity});
  }
  std::vector<loader::AsmExport> generated_info(m.exports.begin(), m.exports.begin() + generated_info_count);
  m.exports.erase(m.exports.begin(), m.exports.begin() + generated_info_count);
  m.exports.insert(m.exports.end(), generated_info.begin(), generated_info.end());
  if (!mg.errors.empty()) {
    result.errors = std::move(mg.errors);
    return result;
  }
  result.module = std::move(m);
  return result;
}

CodegenResult generate_eval_module(std::vector<ExprPtr>& exprs, const std::string& module_name) {
  Module module;
  module.name = module_name;
  module.file = "eval";
  Function f;
  f.name = "eval";
  f.arity = 0;
  Clause c;
  for (auto& e : exprs) c.body.push_back(std::move(e));
  f.clauses.push_back(std::move(c));
  module.functions.push_back(std::move(f));
  module.exports.push_back({"eval", 0});
  return generate_module(module);
}

CodegenResult compile_source(std::string_view source, const std::string& file_name, const FrontendOptions& options) {
  FrontendResult fr = parse_module(source, file_name, options);
  if (!fr.module) {
    CodegenResult r;
    r.errors = std::move(fr.errors);
    return r;
  }
  return generate_module(*fr.module);
}

}  // namespace girder::compiler
