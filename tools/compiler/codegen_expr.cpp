// Code generation: expressions, calls, control flow.
#include <algorithm>

#include "tools/compiler/codegen_internal.h"
#include "tools/compiler/literal.h"
#include "vm/exec/operand.h"
#include "vm/term/binary.h"

namespace girder::compiler {

namespace {

bool same(const AsmOperand& a, const AsmOperand& b) { return a.kind == b.kind && a.value == b.value; }

bool is_register(const AsmOperand& a) { return a.kind == AsmOperand::Kind::X || a.kind == AsmOperand::Kind::Y; }

ExprPtr make_atom(const std::string& name, Loc loc) {
  auto a = std::make_unique<Expr>(ExprKind::Atom, loc);
  a->name = name;
  return a;
}

}  // namespace

// ---------------------------------------------------------------- bodies

void FunctionGen::body(const std::vector<ExprPtr>& exprs, Reg dest, bool is_tail) {
  if (exprs.empty()) {
    if (is_tail) ret(atom_op("ok"));
    return;
  }
  for (std::size_t i = 0; i + 1 < exprs.size(); ++i) {
    int mark = temp_mark();
    effect(*exprs[i]);
    temp_release(std::max(mark, temp_mark_floor()));
  }
  const Expr& last = *exprs.back();
  if (is_tail && try_depth_ == 0) {
    tail(last);
  } else {
    value_into(last, dest);
  }
}

int FunctionGen::temp_mark_floor() const {
  // Temporaries that became variable homes (head phase of a framed clause)
  // must not be released.
  int floor = x_base_;
  for (const std::string& v : bound_) {
    auto it = home_.find(v);
    if (it != home_.end() && !it->second.y) floor = std::max(floor, it->second.n + 1);
  }
  return floor;
}

void FunctionGen::effect(const Expr& e) { value(e); }

void FunctionGen::ret(AsmOperand v) {
  if (!same(v, AsmOperand::x(0))) emit(Opcode::move, {v, AsmOperand::x(0)});
  if (frame_) {
    std::size_t idx = code_.size();
    emit(Opcode::deallocate, {AsmOperand::integer(0)});
    frame_patches_.push_back({idx, 0});
  }
  emit(Opcode::return_, {});
}

void FunctionGen::tail(const Expr& e) {
  line(e.loc);
  switch (e.kind) {
    case ExprKind::Call:
      if (inline_bif_name(e).empty()) {
        call(e, Reg{false, 0}, true);
        return;
      }
      break;
    case ExprKind::Case:
      case_expr(e, Reg{false, 0}, true);
      return;
    case ExprKind::If:
      if_expr(e, Reg{false, 0}, true);
      return;
    case ExprKind::Block:
      body(e.body, Reg{false, 0}, true);
      return;
    case ExprKind::Receive:
      receive_expr(e, Reg{false, 0}, true);
      return;
    case ExprKind::AndAlso:
    case ExprKind::OrElse:
      tail_bool_op(e);
      return;
    default:
      break;
  }
  AsmOperand v = value(e);
  ret(v);
}

void FunctionGen::tail_bool_op(const Expr& e) {
  // In tail position the right operand of andalso/orelse is itself in tail
  // position (OTP does not check that it is a boolean).
  bool is_and = e.kind == ExprKind::AndAlso;
  AsmOperand a = value(*e.a);
  if (a.kind == AsmOperand::Kind::X && a.value >= x_top_) x_top_ = static_cast<int>(a.value) + 1;
  int short_circuit = mg_.new_label();
  int bad = mg_.new_label();
  State before = save();
  emit(Opcode::is_eq_exact, {AsmOperand::label(short_circuit), a, atom_op(is_and ? "true" : "false")});
  tail(*e.b);
  label(short_circuit);
  restore(before);
  emit(Opcode::is_eq_exact, {AsmOperand::label(bad), a, atom_op(is_and ? "false" : "true")});
  ret(atom_op(is_and ? "false" : "true"));
  label(bad);
  restore(before);
  Reg t = temp();
  gc_point(3, {t});
  emit(Opcode::put_tuple, {t.op(), AsmOperand::integer(2), atom_op("badarg"), a});
  emit(Opcode::bif1, {AsmOperand::label(0), import_op("erlang", "error", 1), t.op(), t.op()});
  ret(t.op());
}

void FunctionGen::value_into(const Expr& e, Reg dest) {
  line(e.loc);
  switch (e.kind) {
    case ExprKind::Call:
      if (inline_bif_name(e).empty()) {
        call(e, dest, false);
        return;
      }
      break;
    case ExprKind::Case:
      case_expr(e, dest, false);
      return;
    case ExprKind::If:
      if_expr(e, dest, false);
      return;
    case ExprKind::Try:
      try_expr(e, dest, false);
      return;
    case ExprKind::Catch:
      catch_expr(e, dest);
      return;
    case ExprKind::Receive:
      receive_expr(e, dest, false);
      return;
    case ExprKind::Block:
      body(e.body, dest, false);
      return;
    case ExprKind::Match:
      match_expr(e, dest);
      return;
    case ExprKind::AndAlso:
    case ExprKind::OrElse:
      bool_op(e, dest);
      return;
    default:
      break;
  }
  AsmOperand v = value(e);
  if (!same(v, dest.op())) emit(Opcode::move, {v, dest.op()});
}

// ---------------------------------------------------------------- values

AsmOperand FunctionGen::value(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Var: {
      if (!self_name_.empty() && e.name == self_name_ && !bound_.count(e.name)) {
        Reg t = temp();
        std::vector<AsmOperand> ops{AsmOperand::fun(self_lambda_index_), t.op(),
                                    AsmOperand::integer(static_cast<std::int64_t>(free_vars_.size()))};
        for (const std::string& v : free_vars_) ops.push_back(home_[v].op());
        emit(Opcode::make_fun, std::move(ops));
        return t.op();
      }
      auto it = home_.find(e.name);
      if (it == home_.end() || !bound_.count(e.name)) {
        error(e.loc, "variable '" + e.name + "' is unbound");
        return AsmOperand::nil();
      }
      return it->second.op();
    }
    case ExprKind::Atom:
    case ExprKind::Integer:
    case ExprKind::Float:
    case ExprKind::String:
    case ExprKind::Nil:
      return literal_op(e);
    default:
      break;
  }
  if (is_constant(e)) return literal_op(e);
  line(e.loc);
  switch (e.kind) {
    case ExprKind::Cons:
    case ExprKind::Tuple:
      return construct(e);
    case ExprKind::MapNew:
    case ExprKind::MapUpdate:
      return map_expr(e);
    case ExprKind::Binary:
      return binary(e, guard_fail_);
    case ExprKind::BinOp: {
      if (e.name == "!" || e.name == "++" || e.name == "--") {
        // Real calls: send, and ++ and --, which trap to do long lists in
        // slices (Process::trap).
        const char* fn = e.name == "!" ? "send" : e.name == "++" ? "++" : "--";
        Reg t = frame_ ? ytemp() : temp();
        std::vector<const Expr*> args{e.a.get(), e.b.get()};
        call_with_args(args, {}, [&] { emit(Opcode::call_ext, {AsmOperand::integer(2), import_op("erlang", fn, 2)}); }, true);
        after_call(t, false);
        return t.op();
      }
      std::vector<const Expr*> args{e.a.get(), e.b.get()};
      static const std::map<std::string, Opcode> kArithOps = {
          {"+", Opcode::add},      {"-", Opcode::sub},      {"*", Opcode::mul},   {"div", Opcode::int_div},
          {"rem", Opcode::int_rem}, {"band", Opcode::band}, {"bor", Opcode::bor}, {"bxor", Opcode::bxor},
          {"bsr", Opcode::bsr}};
      if (auto it = kArithOps.find(e.name); it != kArithOps.end()) {
        std::vector<AsmOperand> ops = eval_args(args);
        Reg t = temp();
        emit(it->second, {AsmOperand::label(guard_fail_), ops[0], ops[1], t.op()});
        return t.op();
      }
      return bif_call(e.name, args, guard_fail_);
    }
    case ExprKind::UnOp: {
      std::vector<const Expr*> args{e.a.get()};
      return bif_call(e.name, args, guard_fail_);
    }
    case ExprKind::Call: {
      std::string bif = inline_bif_name(e);
      if (!bif.empty()) {
        std::vector<const Expr*> args;
        for (auto& a : e.args) args.push_back(a.get());
        return bif_call(bif, args, guard_fail_);
      }
      Reg t = frame_ ? ytemp() : temp();
      call(e, t, false);
      return t.op();
    }
    case ExprKind::Lambda:
      return make_lambda(e);
    case ExprKind::FunRef: {
      if (!mg_.locals.count({e.name, e.arity})) {
        // fun f/A naming an imported or auto-imported function is fun M:f/A.
        auto imp = mg_.imports.find({e.name, e.arity});
        Expr m(ExprKind::Atom, e.loc), f(ExprKind::Atom, e.loc), a(ExprKind::Integer, e.loc);
        m.name = imp != mg_.imports.end() ? imp->second : "erlang";
        f.name = e.name;
        a.int_value = e.arity;
        std::vector<const Expr*> args{&m, &f, &a};
        return bif_call("make_fun", args, guard_fail_);
      }
      // fun name/arity: a fun entry straight at the local function.
      int entry = mg_.entry_labels[{e.name, e.arity}];
      auto& lambdas = mg_.asm_module().lambdas;
      int index = -1;
      for (std::size_t i = 0; i < lambdas.size(); ++i) {
        if (lambdas[i].label == static_cast<std::uint32_t>(entry) && lambdas[i].num_free == 0) index = static_cast<int>(i);
      }
      if (index < 0) {
        index = static_cast<int>(lambdas.size());
        lambdas.push_back({static_cast<std::uint32_t>(mg_.atom(e.name)), e.arity, 0, static_cast<std::uint32_t>(entry)});
      }
      Reg t = temp();
      emit(Opcode::make_fun, {AsmOperand::fun(index), t.op(), AsmOperand::integer(0)});
      return t.op();
    }
    case ExprKind::FunRemote: {
      std::vector<const Expr*> args{e.a.get(), e.b.get(), e.c.get()};
      return bif_call("make_fun", args, guard_fail_);
    }
    default: {
      Reg t = frame_ ? ytemp() : temp();
      value_into(e, t);
      return t.op();
    }
  }
}

std::vector<AsmOperand> FunctionGen::eval_args(const std::vector<const Expr*>& args) {
  // Arguments that call functions go first, into Y slots (a call clobbers
  // every X register); the rest are computed afterwards. Side effects keep
  // their left-to-right order because only calls have them.
  std::vector<AsmOperand> ops(args.size());
  std::vector<bool> done(args.size(), false);
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (contains_call(*args[i])) {
      Reg r = frame_ ? ytemp() : temp();
      value_into(*args[i], r);
      ops[i] = r.op();
      done[i] = true;
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!done[i]) ops[i] = value(*args[i]);
  }
  return ops;
}

AsmOperand FunctionGen::bif_call(const std::string& name, const std::vector<const Expr*>& args, int fail) {
  std::vector<AsmOperand> ops = eval_args(args);
  auto arity = static_cast<unsigned>(args.size());
  if (name == "length" && arity == 1) {
    // Its own instruction: a long list is counted in slices, the process
    // yielding in between with x(live).. holding its place (opcodes.def).
    int live = live_x({});
    if (live + 3 > static_cast<int>(vm::kMaxXRegs)) {
      error(Loc{}, "function " + name_ + "/" + std::to_string(arity_) + " needs too many registers");
    }
    Reg t = temp();
    emit(Opcode::length, {AsmOperand::label(fail), AsmOperand::integer(live), ops[0], t.op()});
    return t.op();
  }
  AsmOperand bif = import_op("erlang", name, arity);
  Reg t = temp();
  switch (arity) {
    case 0:
      emit(Opcode::bif0, {bif, t.op()});
      break;
    case 1:
      emit(Opcode::bif1, {AsmOperand::label(fail), bif, ops[0], t.op()});
      break;
    case 2:
      emit(Opcode::bif2, {AsmOperand::label(fail), bif, ops[0], ops[1], t.op()});
      break;
    default:
      emit(Opcode::bif3, {AsmOperand::label(fail), bif, ops[0], ops[1], ops[2], t.op()});
      break;
  }
  return t.op();
}

unsigned FunctionGen::construction_size(const Expr& e) const {
  if (is_constant(e)) return 0;
  switch (e.kind) {
    case ExprKind::Cons:
      return 2 + construction_size(*e.a) + construction_size(*e.b);
    case ExprKind::Tuple: {
      unsigned n = 1 + static_cast<unsigned>(e.args.size());
      for (auto& a : e.args) n += construction_size(*a);
      return n;
    }
    default:
      return 0;
  }
}

AsmOperand FunctionGen::construct(const Expr& e) {
  // Leaves (anything that is not a non-constant cons or tuple) are computed
  // first, in order; then one heap check; then the cells, innermost first.
  std::vector<const Expr*> leaves;
  std::function<void(const Expr&)> gather = [&](const Expr& n) {
    if (!is_constant(n) && (n.kind == ExprKind::Cons || n.kind == ExprKind::Tuple)) {
      if (n.kind == ExprKind::Cons) {
        gather(*n.a);
        gather(*n.b);
      } else {
        for (auto& a : n.args) gather(*a);
      }
    } else {
      leaves.push_back(&n);
    }
  };
  gather(e);
  std::vector<AsmOperand> leaf_ops = eval_args(leaves);
  gc_point(construction_size(e));
  std::size_t next_leaf = 0;
  std::function<AsmOperand(const Expr&)> build = [&](const Expr& n) -> AsmOperand {
    if (!is_constant(n) && n.kind == ExprKind::Cons) {
      AsmOperand h = build(*n.a);
      AsmOperand t = build(*n.b);
      Reg d = temp();
      emit(Opcode::put_list, {h, t, d.op()});
      return d.op();
    }
    if (!is_constant(n) && n.kind == ExprKind::Tuple) {
      std::vector<AsmOperand> elems;
      for (auto& a : n.args) elems.push_back(build(*a));
      Reg d = temp();
      std::vector<AsmOperand> ops{d.op(), AsmOperand::integer(static_cast<std::int64_t>(elems.size()))};
      ops.insert(ops.end(), elems.begin(), elems.end());
      emit(Opcode::put_tuple, std::move(ops));
      return d.op();
    }
    return leaf_ops[next_leaf++];
  };
  return build(e);
}

AsmOperand FunctionGen::map_expr(const Expr& e) {
  std::vector<const Expr*> parts;
  if (e.kind == ExprKind::MapUpdate) parts.push_back(e.a.get());
  for (const MapField& f : e.map_fields) {
    parts.push_back(f.key.get());
    parts.push_back(f.value.get());
  }
  std::vector<AsmOperand> ops = eval_args(parts);
  std::size_t base = e.kind == ExprKind::MapUpdate ? 1 : 0;
  AsmOperand map = e.kind == ExprKind::MapUpdate ? ops[0] : empty_map_op();
  // := fields first (they must exist in the original map), then =>.
  for (bool exact : {true, false}) {
    std::vector<AsmOperand> pairs;
    for (std::size_t i = 0; i < e.map_fields.size(); ++i) {
      if (e.map_fields[i].exact != exact) continue;
      pairs.push_back(ops[base + 2 * i]);
      pairs.push_back(ops[base + 2 * i + 1]);
    }
    if (pairs.empty() && !(exact == false && e.kind == ExprKind::MapNew && e.map_fields.empty())) {
      if (!(exact == false && e.kind == ExprKind::MapUpdate && e.map_fields.empty())) continue;
    }
    Reg d = temp();
    std::vector<AsmOperand> instr{AsmOperand::label(guard_fail_), map, d.op(), AsmOperand::integer(x_top_),
                                  AsmOperand::integer(static_cast<std::int64_t>(pairs.size() / 2))};
    instr.insert(instr.end(), pairs.begin(), pairs.end());
    emit(exact ? Opcode::put_map_exact : Opcode::put_map_assoc, std::move(instr));
    map = d.op();
  }
  return map;
}

AsmOperand FunctionGen::binary(const Expr& e, int fail) {
  struct Seg {
    vm::BinSegKind kind;
    std::uint64_t flags;
    AsmOperand value;
    AsmOperand size;
    std::uint64_t unit;
  };
  std::vector<const Expr*> parts;
  for (const BinElement& el : e.bin_elements) {
    if (el.value->kind != ExprKind::String) parts.push_back(el.value.get());
    if (el.size) parts.push_back(el.size.get());
  }
  std::vector<AsmOperand> ops = eval_args(parts);
  std::size_t k = 0;
  std::vector<Seg> segs;
  for (const BinElement& el : e.bin_elements) {
    std::uint64_t flags = 0;
    if (el.sign == "signed") flags |= vm::kBinFlagSigned;
    if (el.endian == "little") flags |= vm::kBinFlagLittle;
    if (el.endian == "native") flags |= vm::kBinFlagNative;
    const std::string& ty = el.type;
    vm::BinSegKind kind = vm::BinSegKind::Integer;
    std::uint64_t unit = 1;
    if (ty == "float") {
      kind = vm::BinSegKind::Float;
    } else if (ty == "binary" || ty == "bytes") {
      kind = vm::BinSegKind::Binary;
      unit = 8;
    } else if (ty == "bitstring" || ty == "bits") {
      kind = vm::BinSegKind::Binary;
    } else if (ty == "utf8") {
      kind = vm::BinSegKind::Utf8;
    } else if (ty == "utf16") {
      kind = vm::BinSegKind::Utf16;
    } else if (ty == "utf32") {
      kind = vm::BinSegKind::Utf32;
    }
    if (el.unit) unit = el.unit;
    if (el.value->kind == ExprKind::String) {
      // A string segment is one segment per character of the given type.
      AsmOperand size = el.size ? ops[k++] : AsmOperand::integer(8);
      for (char32_t c : el.value->chars) {
        segs.push_back(Seg{kind, flags, AsmOperand::integer(c),
                           kind == vm::BinSegKind::Integer ? size : AsmOperand::nil(), unit});
      }
      continue;
    }
    AsmOperand value = ops[k++];
    AsmOperand size;
    if (el.size) {
      size = ops[k++];
    } else if (kind == vm::BinSegKind::Integer) {
      size = AsmOperand::integer(8);
    } else if (kind == vm::BinSegKind::Float) {
      size = AsmOperand::integer(64);
    } else if (kind == vm::BinSegKind::Binary) {
      size = atom_op("all");
    } else {
      size = AsmOperand::nil();
    }
    segs.push_back(Seg{kind, flags, value, size, unit});
  }
  Reg d = temp();
  std::vector<AsmOperand> instr{AsmOperand::label(fail), AsmOperand::integer(x_top_),
                                AsmOperand::integer(static_cast<std::int64_t>(segs.size()))};
  for (const Seg& s : segs) {
    instr.push_back(AsmOperand::integer(static_cast<std::int64_t>(s.kind)));
    instr.push_back(AsmOperand::integer(static_cast<std::int64_t>(s.flags)));
    instr.push_back(s.value);
    instr.push_back(s.size);
    instr.push_back(AsmOperand::integer(static_cast<std::int64_t>(s.unit)));
  }
  instr.push_back(d.op());
  emit(Opcode::bs_create_bin, std::move(instr));
  return d.op();
}

AsmOperand FunctionGen::make_lambda(const Expr& e) {
  // Free variables: used in a clause's guard or body (or non-head patterns),
  // not bound by that clause's head, and bound here.
  std::vector<std::string> free;
  for (const Clause& c : e.clauses) {
    std::vector<std::string> head;
    for (auto& p : c.patterns) collect_vars(*p, head, VarScope::IntoFuns);
    std::vector<std::string> used;
    for (auto& g : c.guard) {
      for (auto& t : g) collect_vars(*t, used, VarScope::IntoFuns);
    }
    for (auto& b : c.body) collect_vars(*b, used, VarScope::IntoFuns);
    for (const std::string& v : used) {
      if (std::find(head.begin(), head.end(), v) != head.end()) continue;
      if (v == e.name) continue;
      bool available = bound_.count(v) > 0 || (v == self_name_ && !self_name_.empty());
      if (available && std::find(free.begin(), free.end(), v) == free.end()) free.push_back(v);
    }
  }
  auto& lambdas = mg_.asm_module().lambdas;
  int index = static_cast<int>(lambdas.size());
  unsigned user_arity = e.clauses.empty() ? 0 : static_cast<unsigned>(e.clauses.front().patterns.size());
  std::string fname = !e.fun_name.empty() ? e.fun_name : "-" + name_ + "-fun-" + std::to_string(mg_.lambda_counter++) + "-";
  int entry = mg_.new_label();
  lambdas.push_back({static_cast<std::uint32_t>(mg_.atom(fname)), user_arity + static_cast<unsigned>(free.size()),
                     static_cast<std::uint32_t>(free.size()), static_cast<std::uint32_t>(entry)});
  mg_.pending.push_back({&e, free, fname, index, entry});
  std::vector<AsmOperand> free_ops;
  for (const std::string& v : free) {
    Expr var(ExprKind::Var, e.loc);
    var.name = v;
    free_ops.push_back(value(var));
  }
  Reg t = temp();
  std::vector<AsmOperand> ops{AsmOperand::fun(index), t.op(), AsmOperand::integer(static_cast<std::int64_t>(free.size()))};
  ops.insert(ops.end(), free_ops.begin(), free_ops.end());
  emit(Opcode::make_fun, std::move(ops));
  return t.op();
}

// ---------------------------------------------------------------- calls

void FunctionGen::parallel_move(std::vector<AsmOperand> sources) {
  // Move sources[i] into x(i) for all i, as if simultaneously.
  std::size_t n = sources.size();
  std::vector<bool> pending(n, false);
  for (std::size_t i = 0; i < n; ++i) pending[i] = !same(sources[i], AsmOperand::x(static_cast<std::int64_t>(i)));
  auto is_source_of_pending = [&](std::size_t reg) {
    for (std::size_t j = 0; j < n; ++j) {
      if (pending[j] && same(sources[j], AsmOperand::x(static_cast<std::int64_t>(reg)))) return true;
    }
    return false;
  };
  for (;;) {
    bool progress = false;
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!pending[i]) continue;
      any = true;
      if (!is_source_of_pending(i)) {
        emit(Opcode::move, {sources[i], AsmOperand::x(static_cast<std::int64_t>(i))});
        pending[i] = false;
        progress = true;
      }
    }
    if (!any) break;
    if (!progress) {
      // Only cycles remain: park one destination's current value in a
      // scratch register above every argument and redirect its readers.
      for (std::size_t i = 0; i < n; ++i) {
        if (!pending[i]) continue;
        int scratch = std::max<int>(x_top_, static_cast<int>(n));
        x_top_ = scratch + 1;
        AsmOperand s = AsmOperand::x(scratch);
        emit(Opcode::move, {AsmOperand::x(static_cast<std::int64_t>(i)), s});
        for (std::size_t j = 0; j < n; ++j) {
          if (pending[j] && same(sources[j], AsmOperand::x(static_cast<std::int64_t>(i)))) sources[j] = s;
        }
        break;
      }
    }
  }
}

void FunctionGen::call_with_args(const std::vector<const Expr*>& args, const std::vector<AsmOperand>& extra,
                                 const std::function<void()>& emit_call, bool clobbers) {
  std::vector<AsmOperand> ops = eval_args(args);
  ops.insert(ops.end(), extra.begin(), extra.end());
  parallel_move(ops);
  emit_call();
  (void)clobbers;
}

void FunctionGen::after_call(Reg dest, bool is_tail) {
  if (is_tail) return;
  // Only x0 survives a call; values needed later are in Y slots.
  x_top_ = x_base_;
  if (!dest.y) x_top_ = std::max(x_top_, dest.n + 1);
  if (!same(dest.op(), AsmOperand::x(0))) emit(Opcode::move, {AsmOperand::x(0), dest.op()});
}

void FunctionGen::call(const Expr& e, Reg dest, bool is_tail) {
  auto n = static_cast<unsigned>(e.args.size());
  std::vector<const Expr*> args;
  for (auto& a : e.args) args.push_back(a.get());
  bool tail_call = is_tail && try_depth_ == 0;
  if (!tail_call && !frame_) {
    // needs_frame() and the code generator disagree about tail position:
    // generating the call would clobber the continuation.
    error(e.loc, "internal compiler error: call in a non-tail position of a frameless clause in " + name_);
  }
  // A _last tail call: its frame-drop operand (opcodes.def) is patched with
  // the frame size once the function's frame is known.
  auto frame_op = [&](Opcode op, std::vector<AsmOperand> ops) {
    std::size_t idx = code_.size();
    emit(op, std::move(ops));
    frame_patches_.push_back({idx, static_cast<std::size_t>(vm::frame_drop_operand_index(op))});
  };
  // Emit the body form of a call family (call, call_ext, apply, call_fun,
  // apply_list, apply_fun_list), or in tail position its _last form (with a
  // frame-drop operand to patch) or its _only form (no frame).
  auto emit_call_form = [&](Opcode op, std::vector<AsmOperand> ops) {
    if (!tail_call) {
      emit(op, std::move(ops));
    } else if (frame_) {
      ops.push_back(AsmOperand::integer(0));
      frame_op(vm::call_last_form(op), std::move(ops));
    } else {
      emit(vm::call_only_form(op), std::move(ops));
    }
  };
  // A call to a label or import with arity `a`, tail or not.
  auto emit_local = [&](int entry, unsigned a) {
    emit_call_form(Opcode::call, {AsmOperand::integer(a), AsmOperand::label(entry)});
  };
  auto emit_ext = [&](const std::string& m, const std::string& f, unsigned a) {
    emit_call_form(Opcode::call_ext, {AsmOperand::integer(a), import_op(m, f, a)});
  };
  auto finish = [&] {
    if (tail_call && !frame_) return;
    if (tail_call) return;
    after_call(dest, false);
  };

  if (e.is_fun_call()) {
    const Expr& f = *e.a;
    // A named fun calling itself: straight to its code, free variables after the arguments.
    if (f.kind == ExprKind::Var && !self_name_.empty() && f.name == self_name_ && !bound_.count(f.name)) {
      std::vector<AsmOperand> extra;
      for (const std::string& v : free_vars_) extra.push_back(home_[v].op());
      int entry = static_cast<int>(mg_.asm_module().lambdas[self_lambda_index_].label);
      call_with_args(args, extra, [&] { emit_local(entry, n + static_cast<unsigned>(extra.size())); }, true);
      finish();
      return;
    }
    args.push_back(&f);
    call_with_args(args, {}, [&] { emit_call_form(Opcode::call_fun, {AsmOperand::integer(n)}); }, true);
    finish();
    return;
  }

  std::string module, function;
  bool dynamic = false;
  if (e.is_remote_call()) {
    if (e.a->kind == ExprKind::Atom && e.b->kind == ExprKind::Atom) {
      module = e.a->name;
      function = e.b->name;
    } else {
      dynamic = true;
    }
  } else {
    function = e.name;
    if (mg_.locals.count({function, n})) {
      int entry = mg_.entry_labels[{function, n}];
      call_with_args(args, {}, [&] { emit_local(entry, n); }, true);
      finish();
      return;
    }
    auto imp = mg_.imports.find({function, n});
    module = imp != mg_.imports.end() ? imp->second : "erlang";
  }

  if (dynamic) {
    // M:F(Args) with M or F computed: apply with arity n.
    args.push_back(e.a.get());
    args.push_back(e.b.get());
    call_with_args(args, {}, [&] { emit_call_form(Opcode::apply, {AsmOperand::integer(n)}); }, true);
    finish();
    return;
  }

  if (module == "erlang" && function == "apply" && (n == 2 || n == 3)) {
    Opcode op = n == 3 ? Opcode::apply_list : Opcode::apply_fun_list;
    call_with_args(args, {}, [&] { emit_call_form(op, {}); }, true);
    finish();
    return;
  }
  call_with_args(args, {}, [&] { emit_ext(module, function, n); }, true);
  finish();
}

// ---------------------------------------------------------------- control flow

void FunctionGen::match_expr(const Expr& e, Reg dest) {
  const Expr& pattern = *e.a;
  AsmOperand v;
  if (pattern.kind == ExprKind::Var && pattern.name != "_" && !bound_.count(pattern.name) &&
      !(pattern.name == self_name_)) {
    // Fresh variable: compute straight into its home.
    auto it = home_.find(pattern.name);
    Reg home = it != home_.end() ? it->second : (frame_ ? ytemp() : temp());
    home_[pattern.name] = home;
    value_into(*e.b, home);
    bound_.insert(pattern.name);
    v = home.op();
    if (makes_fresh_ref(*e.b)) {
      // Mark the queue end for this reference (see receive_expr).
      emit(Opcode::recv_mark, {v});
      fresh_refs_.insert(pattern.name);
    }
  } else {
    v = value(*e.b);
    if (v.kind == AsmOperand::Kind::X && v.value >= x_top_) x_top_ = static_cast<int>(v.value) + 1;
    int fail = deferred_label(Opcode::badmatch, v, last_line_);
    match(pattern, v, fail);
  }
  if (!same(v, dest.op())) emit(Opcode::move, {v, dest.op()});
}

void FunctionGen::case_expr(const Expr& e, Reg dest, bool is_tail) {
  int mark = temp_mark();
  AsmOperand v = value(*e.a);
  // Keep the scrutinee's temporary reserved through the clauses.
  if (v.kind == AsmOperand::Kind::X && v.value >= x_top_) x_top_ = static_cast<int>(v.value) + 1;
  State before = save();
  int end = mg_.new_label();
  std::vector<State> outs;
  for (std::size_t i = 0; i < e.clauses.size(); ++i) {
    const Clause& c = e.clauses[i];
    restore(before);
    bool last = i + 1 == e.clauses.size();
    int next = last ? deferred_label(Opcode::case_end, v, last_line_) : mg_.new_label();
    line(c.loc);
    match(*c.patterns[0], v, next);
    guard(c.guard, next);
    body(c.body, dest, is_tail);
    if (!is_tail || try_depth_ > 0) {
      emit(Opcode::jump, {AsmOperand::label(end)});
      outs.push_back(save());
    }
    if (!last) label(next);
  }
  if (e.clauses.empty()) emit(Opcode::case_end, {v});
  if (!is_tail || try_depth_ > 0) {
    merge_branches(outs);
    label(end);
    mark_written(dest.op());
    if (!dest.y) x_top_ = std::max(x_top_, dest.n + 1);
    (void)mark;
  }
}

void FunctionGen::if_expr(const Expr& e, Reg dest, bool is_tail) {
  State before = save();
  int end = mg_.new_label();
  std::vector<State> outs;
  for (std::size_t i = 0; i < e.clauses.size(); ++i) {
    const Clause& c = e.clauses[i];
    restore(before);
    bool last = i + 1 == e.clauses.size();
    int next = last ? deferred_label(Opcode::if_end, AsmOperand::nil(), last_line_) : mg_.new_label();
    line(c.loc);
    guard(c.guard, next);
    body(c.body, dest, is_tail);
    if (!is_tail || try_depth_ > 0) {
      emit(Opcode::jump, {AsmOperand::label(end)});
      outs.push_back(save());
    }
    if (!last) label(next);
  }
  if (!is_tail || try_depth_ > 0) {
    merge_branches(outs);
    label(end);
    mark_written(dest.op());
  }
}

void FunctionGen::bool_op(const Expr& e, Reg dest) {
  // A andalso B: case A of true -> B; false -> false; V -> error({badarg, V}) end
  bool is_and = e.kind == ExprKind::AndAlso;
  AsmOperand a = value(*e.a);
  if (a.kind == AsmOperand::Kind::X && a.value >= x_top_) x_top_ = static_cast<int>(a.value) + 1;
  int short_circuit = mg_.new_label();
  int bad = mg_.new_label();
  int end = mg_.new_label();
  State before = save();
  // If A is the deciding value, jump out with it.
  emit(Opcode::is_eq_exact, {AsmOperand::label(short_circuit), a, atom_op(is_and ? "true" : "false")});
  value_into(*e.b, dest);
  State after_b = save();
  emit(Opcode::jump, {AsmOperand::label(end)});
  label(short_circuit);
  restore(before);
  emit(Opcode::is_eq_exact, {AsmOperand::label(bad), a, atom_op(is_and ? "false" : "true")});
  emit(Opcode::move, {atom_op(is_and ? "false" : "true"), dest.op()});
  emit(Opcode::jump, {AsmOperand::label(end)});
  label(bad);
  {
    Reg t = temp();
    gc_point(3, {t});
    emit(Opcode::put_tuple, {t.op(), AsmOperand::integer(2), atom_op("badarg"), a});
    emit(Opcode::bif1, {AsmOperand::label(guard_fail_), import_op("erlang", "error", 1), t.op(), t.op()});
    emit(Opcode::jump, {AsmOperand::label(guard_fail_ ? guard_fail_ : end)});
  }
  // Join: only what both non-failing paths share.
  State merged = before;
  for (std::size_t k = 0; k < merged.xinit.size() && k < after_b.xinit.size(); ++k) {
    merged.xinit[k] = merged.xinit[k] && after_b.xinit[k];
  }
  merged.x_top = std::max(before.x_top, after_b.x_top);
  restore(merged);
  label(end);
  mark_written(dest.op());
  if (!dest.y) x_top_ = std::max(x_top_, dest.n + 1);
}

Reg FunctionGen::catch_slot() const {
  // Catch slots are reserved at the bottom of the frame, innermost lowest:
  // the unwinder scans upward from E and must meet the innermost catch of a
  // frame first.
  return Reg{true, catch_slots_ - 1 - catch_depth_};
}

int FunctionGen::catch_nesting(const Expr& e) const {
  int inner = 0;
  auto sub = [&](const ExprPtr& p) {
    if (p) inner = std::max(inner, catch_nesting(*p));
  };
  switch (e.kind) {
    case ExprKind::Lambda:
      return 0;
    case ExprKind::Catch:
      return 1 + catch_nesting(*e.a);
    case ExprKind::Try: {
      int body = 0;
      for (auto& x : e.body) body = std::max(body, catch_nesting(*x));
      bool has_after = !e.after_body.empty();
      bool has_inner = !e.clauses.empty() || !e.catch_clauses.empty();
      int depth = 1 + body + (has_after && has_inner ? 1 : 0);
      for (const auto* cs : {&e.clauses, &e.catch_clauses}) {
        for (const Clause& c : *cs) {
          for (auto& b : c.body) sub(b);
        }
      }
      for (auto& x : e.after_body) sub(x);
      return std::max(depth, inner);
    }
    default:
      break;
  }
  // Patterns and guards hold no catch, so every child may be visited.
  for_each_child(e, sub);
  return inner;
}

void FunctionGen::catch_expr(const Expr& e, Reg dest) {
  Reg slot = catch_slot();
  int handler = mg_.new_label();
  emit(Opcode::catch_, {slot.op(), AsmOperand::label(handler)});
  ++try_depth_;
  ++catch_depth_;
  State before = save();
  value_into(*e.a, Reg{false, 0});
  --catch_depth_;
  --try_depth_;
  State after = save();
  label(handler);
  // Both paths: the normal one (x0 = value) and the exception one.
  restore(before);
  for (const std::string& b : after.bound) (void)b;  // variables bound inside catch are unsafe
  std::fill(xinit_.begin(), xinit_.end(), false);
  x_top_ = x_base_;
  emit(Opcode::catch_end, {slot.op()});
  mark_written(AsmOperand::x(0));
  if (!same(dest.op(), AsmOperand::x(0))) emit(Opcode::move, {AsmOperand::x(0), dest.op()});
  if (!dest.y) x_top_ = std::max(x_top_, dest.n + 1);
}

void FunctionGen::try_expr(const Expr& e, Reg dest, bool is_tail) {
  (void)is_tail;
  bool has_after = !e.after_body.empty();
  bool has_inner = !e.clauses.empty() || !e.catch_clauses.empty();

  // The part protected by catch clauses: body, then `of` clauses outside
  // protection, then the handler.
  auto core = [&](Reg result) {
    Reg slot = catch_slot();
    int handler = mg_.new_label();
    int end = mg_.new_label();
    emit(Opcode::try_, {slot.op(), AsmOperand::label(handler)});
    Reg value_slot = ytemp();
    ++try_depth_;
    ++catch_depth_;
    State before = save();
    body(e.body, value_slot, false);
    --catch_depth_;
    --try_depth_;
    emit(Opcode::try_end, {slot.op()});
    // Variables bound in the protected body are not usable afterwards.
    State after_body = save();
    after_body.bound = before.bound;
    restore(after_body);
    if (!e.clauses.empty()) {
      State of_before = save();
      std::vector<State> outs;
      for (std::size_t i = 0; i < e.clauses.size(); ++i) {
        const Clause& c = e.clauses[i];
        restore(of_before);
        bool last = i + 1 == e.clauses.size();
        int next = last ? deferred_label(Opcode::try_case_end, value_slot.op(), last_line_) : mg_.new_label();
        match(*c.patterns[0], value_slot.op(), next);
        guard(c.guard, next);
        ++try_depth_;  // clause bodies of a try are not in tail position
        body(c.body, result, false);
        --try_depth_;
        emit(Opcode::jump, {AsmOperand::label(end)});
        outs.push_back(save());
        if (!last) label(next);
      }
    } else {
      emit(Opcode::move, {value_slot.op(), result.op()});
      emit(Opcode::jump, {AsmOperand::label(end)});
    }
    label(handler);
    restore(before);
    std::fill(xinit_.begin(), xinit_.end(), false);
    emit(Opcode::try_case, {slot.op()});
    for (int i = 0; i < 3; ++i) mark_written(AsmOperand::x(i));
    x_top_ = std::max(x_base_, 3);
    State catch_before = save();
    for (const Clause& c : e.catch_clauses) {
      restore(catch_before);
      int next = mg_.new_label();
      const Expr& p = *c.patterns[0];  // {Class, Reason, Stack}
      match(*p.args[0], AsmOperand::x(0), next);
      match(*p.args[1], AsmOperand::x(1), next);
      match(*p.args[2], AsmOperand::x(2), next);
      guard(c.guard, next);
      ++try_depth_;
      body(c.body, result, false);
      --try_depth_;
      emit(Opcode::jump, {AsmOperand::label(end)});
      label(next);
    }
    restore(catch_before);
    emit(Opcode::raise, {AsmOperand::x(0), AsmOperand::x(1), AsmOperand::x(2)});
    label(end);
    restore(before);
    std::fill(xinit_.begin(), xinit_.end(), false);
    x_top_ = x_base_;
    mark_written(result.op());
  };

  if (!has_after) {
    core(dest);
    return;
  }
  // try ... after: run `after` on both paths, then return or re-raise.
  Reg slot = catch_slot();
  int handler = mg_.new_label();
  int end = mg_.new_label();
  Reg result = ytemp();
  emit(Opcode::try_, {slot.op(), AsmOperand::label(handler)});
  ++try_depth_;
  ++catch_depth_;
  State before = save();
  if (has_inner) {
    core(result);
  } else {
    body(e.body, result, false);
  }
  --catch_depth_;
  --try_depth_;
  emit(Opcode::try_end, {slot.op()});
  restore(before);
  std::fill(xinit_.begin(), xinit_.end(), false);
  x_top_ = x_base_;
  {
    int mark = temp_mark();
    for (const auto& a : e.after_body) {
      effect(*a);
      temp_release(mark);
    }
  }
  emit(Opcode::move, {result.op(), dest.op()});
  emit(Opcode::jump, {AsmOperand::label(end)});
  label(handler);
  restore(before);
  std::fill(xinit_.begin(), xinit_.end(), false);
  emit(Opcode::try_case, {slot.op()});
  Reg yc = ytemp(), yr = ytemp(), ys = ytemp();
  emit(Opcode::move, {AsmOperand::x(0), yc.op()});
  emit(Opcode::move, {AsmOperand::x(1), yr.op()});
  emit(Opcode::move, {AsmOperand::x(2), ys.op()});
  std::fill(xinit_.begin(), xinit_.end(), false);
  x_top_ = x_base_;
  {
    int mark = temp_mark();
    for (const auto& a : e.after_body) {
      effect(*a);
      temp_release(mark);
    }
  }
  emit(Opcode::raise, {yc.op(), yr.op(), ys.op()});
  label(end);
  restore(before);
  std::fill(xinit_.begin(), xinit_.end(), false);
  x_top_ = x_base_;
  mark_written(dest.op());
  if (!dest.y) x_top_ = std::max(x_top_, dest.n + 1);
}

void FunctionGen::merge_branches(const std::vector<State>& outs) {
  // Join: variables bound in every branch stay bound; registers valid in
  // every branch stay valid.
  if (outs.empty()) return;
  State merged = outs[0];
  for (std::size_t i = 1; i < outs.size(); ++i) {
    std::set<std::string> both;
    for (const std::string& b : merged.bound) {
      if (outs[i].bound.count(b)) both.insert(b);
    }
    merged.bound = both;
    std::size_t len = std::min(merged.xinit.size(), outs[i].xinit.size());
    merged.xinit.resize(len);
    for (std::size_t k = 0; k < len; ++k) merged.xinit[k] = merged.xinit[k] && outs[i].xinit[k];
    merged.x_top = std::max(merged.x_top, outs[i].x_top);
  }
  restore(merged);
}

// make_ref() and monitor/2 return a reference nobody else has seen yet.
bool FunctionGen::makes_fresh_ref(const Expr& e) const {
  if (e.kind != ExprKind::Call || e.is_fun_call()) return false;
  std::string fn;
  if (e.is_remote_call()) {
    if (e.a->kind != ExprKind::Atom || e.a->name != "erlang" || e.b->kind != ExprKind::Atom) return false;
    fn = e.b->name;
  } else {
    fn = e.name;
  }
  return (fn == "make_ref" && e.args.empty()) || (fn == "monitor" && e.args.size() == 2);
}

// Does the pattern use the bound variable `name`?
static bool pattern_uses(const Expr& p, const std::string& name) {
  if (p.kind == ExprKind::Var) return p.name == name;
  for (const ExprPtr* child : {&p.a, &p.b, &p.c}) {
    if (*child && pattern_uses(**child, name)) return true;
  }
  for (const ExprPtr& arg : p.args) {
    if (arg && pattern_uses(*arg, name)) return true;
  }
  for (const MapField& f : p.map_fields) {
    if ((f.key && pattern_uses(*f.key, name)) || (f.value && pattern_uses(*f.value, name))) return true;
  }
  return false;
}

// The fresh reference every clause of a receive matches on, if any.
const std::string* FunctionGen::receive_ref(const Expr& e) const {
  if (e.clauses.empty()) return nullptr;
  for (const std::string& ref : fresh_refs_) {
    if (!bound_.count(ref)) continue;
    bool all = true;
    for (const Clause& c : e.clauses) {
      if (!pattern_uses(*c.patterns[0], ref)) {
        all = false;
        break;
      }
    }
    if (all) return &ref;
  }
  return nullptr;
}

void FunctionGen::receive_expr(const Expr& e, Reg dest, bool is_tail) {
  Reg timeout_slot{};
  bool has_timeout = e.timeout != nullptr;
  if (has_timeout) {
    timeout_slot = ytemp();
    value_into(*e.timeout, timeout_slot);
  }
  int loop = mg_.new_label();
  int wait = mg_.new_label();
  int end = mg_.new_label();
  // In tail position each clause body ends the function itself (so a
  // server loop `loop() -> receive ... -> loop() end` runs in constant
  // space); inside a try it must still come back to the join.
  bool tail = is_tail && try_depth_ == 0;
  if (const std::string* ref = receive_ref(e)) {
    // Skip every message older than the reference: none can match.
    emit(Opcode::recv_set, {home_[*ref].op()});
  }
  label(loop);
  std::fill(xinit_.begin(), xinit_.end(), false);
  x_top_ = x_base_;
  Reg msg{false, 0};
  emit(Opcode::loop_rec, {AsmOperand::label(wait), msg.op()});
  x_top_ = std::max(x_top_, 1);
  State before = save();
  std::vector<State> outs;
  int next_msg = mg_.new_label();
  for (std::size_t i = 0; i < e.clauses.size(); ++i) {
    const Clause& c = e.clauses[i];
    restore(before);
    bool last = i + 1 == e.clauses.size();
    int next = last ? next_msg : mg_.new_label();
    match(*c.patterns[0], msg.op(), next);
    guard(c.guard, next);
    emit(Opcode::remove_message, {});
    body(c.body, dest, tail);
    if (!tail) {
      emit(Opcode::jump, {AsmOperand::label(end)});
      outs.push_back(save());
    }
    if (!last) label(next);
  }
  label(next_msg);
  restore(before);
  emit(Opcode::loop_rec_end, {AsmOperand::label(loop)});
  label(wait);
  restore(before);
  if (has_timeout) {
    emit(Opcode::wait_timeout, {AsmOperand::label(loop), timeout_slot.op()});
    emit(Opcode::timeout, {});
    body(e.after_body, dest, tail);
    if (!tail) outs.push_back(save());
  } else {
    emit(Opcode::wait, {AsmOperand::label(loop)});
  }
  if (tail) return;
  label(end);
  merge_branches(outs);
  mark_written(dest.op());
  if (!dest.y) x_top_ = std::max(x_top_, dest.n + 1);
}

}  // namespace girder::compiler
