// Code generation: patterns, guards, binary matching.
#include "tools/compiler/codegen_internal.h"
#include "tools/compiler/literal.h"
#include "vm/term/binary.h"
#include "vm/term/utf8.h"

namespace girder::compiler {

void FunctionGen::bind(const std::string& name, AsmOperand src, int fail) {
  if (name == "_") return;
  if (bound_.count(name)) {
    AsmOperand h = home_[name].op();
    if (!(h.kind == src.kind && h.value == src.value)) emit(Opcode::is_eq_exact, {AsmOperand::label(fail), src, h});
    return;
  }
  auto it = home_.find(name);
  Reg home;
  if (it != home_.end()) {
    home = it->second;
  } else {
    home = frame_ ? ytemp() : temp();
    home_[name] = home;
  }
  AsmOperand h = home.op();
  if (!(h.kind == src.kind && h.value == src.value)) emit(Opcode::move, {src, h});
  bound_.insert(name);
}

void FunctionGen::match(const Expr& p, AsmOperand src, int fail) {
  switch (p.kind) {
    case ExprKind::Var:
      bind(p.name, src, fail);
      return;
    case ExprKind::Match:
      match(*p.a, src, fail);
      match(*p.b, src, fail);
      return;
    default:
      break;
  }
  if (is_constant(p)) {
    AsmOperand lit = literal_op(p);
    if (lit.kind == AsmOperand::Kind::Nil) {
      emit(Opcode::is_nil, {AsmOperand::label(fail), src});
    } else {
      emit(Opcode::is_eq_exact, {AsmOperand::label(fail), src, lit});
    }
    return;
  }
  switch (p.kind) {
    case ExprKind::Cons: {
      emit(Opcode::is_nonempty_list, {AsmOperand::label(fail), src});
      Reg h = temp();
      Reg t = temp();
      emit(Opcode::get_list, {src, h.op(), t.op()});
      match(*p.a, h.op(), fail);
      match(*p.b, t.op(), fail);
      return;
    }
    case ExprKind::String:  // non-empty strings are constants; handled above
      return;
    case ExprKind::Tuple: {
      auto n = static_cast<std::int64_t>(p.args.size());
      if (n > 0 && p.args[0]->kind == ExprKind::Atom) {
        emit(Opcode::is_tagged_tuple, {AsmOperand::label(fail), src, AsmOperand::integer(n), atom_op(p.args[0]->name)});
      } else {
        emit(Opcode::is_tuple, {AsmOperand::label(fail), src});
        emit(Opcode::test_arity, {AsmOperand::label(fail), src, AsmOperand::integer(n)});
      }
      for (std::int64_t i = (n > 0 && p.args[0]->kind == ExprKind::Atom) ? 1 : 0; i < n; ++i) {
        const Expr& el = *p.args[i];
        if (el.kind == ExprKind::Var && el.name == "_") continue;
        Reg t = temp();
        emit(Opcode::get_tuple_element, {src, AsmOperand::integer(i), t.op()});
        match(el, t.op(), fail);
      }
      return;
    }
    case ExprKind::MapPattern:
    case ExprKind::MapNew: {
      emit(Opcode::is_map, {AsmOperand::label(fail), src});
      for (const MapField& f : p.map_fields) {
        AsmOperand key = guard_value(*f.key, fail);
        Reg t = temp();
        emit(Opcode::get_map_elements, {AsmOperand::label(fail), src, AsmOperand::integer(1), key, t.op()});
        match(*f.value, t.op(), fail);
      }
      return;
    }
    case ExprKind::Binary:
      match_binary(p, src, fail);
      return;
    default:
      error(p.loc, "illegal pattern");
      return;
  }
}

namespace {

struct SegmentType {
  vm::BinSegKind kind = vm::BinSegKind::Integer;
  unsigned default_unit = 1;
  bool bitstring = false;  // binary type with unit 1
};

SegmentType segment_type(const BinElement& el) {
  SegmentType t;
  const std::string& ty = el.type;
  if (ty == "float") {
    t.kind = vm::BinSegKind::Float;
  } else if (ty == "binary" || ty == "bytes") {
    t.kind = vm::BinSegKind::Binary;
    t.default_unit = 8;
  } else if (ty == "bitstring" || ty == "bits") {
    t.kind = vm::BinSegKind::Binary;
    t.bitstring = true;
  } else if (ty == "utf8") {
    t.kind = vm::BinSegKind::Utf8;
  } else if (ty == "utf16") {
    t.kind = vm::BinSegKind::Utf16;
  } else if (ty == "utf32") {
    t.kind = vm::BinSegKind::Utf32;
  }
  return t;
}

std::uint64_t segment_flags(const BinElement& el) {
  std::uint64_t f = 0;
  if (el.sign == "signed") f |= vm::kBinFlagSigned;
  if (el.endian == "little") f |= vm::kBinFlagLittle;
  if (el.endian == "native") f |= vm::kBinFlagNative;
  return f;
}

}  // namespace

// A binary made of the given bytes, as a literal operand.
static AsmOperand bytes_literal(ModuleGen& mg, const std::string& bytes) {
  std::vector<std::uint8_t> etf{131, 109};
  auto n = static_cast<std::uint32_t>(bytes.size());
  for (int s = 24; s >= 0; s -= 8) etf.push_back(static_cast<std::uint8_t>(n >> s));
  etf.insert(etf.end(), bytes.begin(), bytes.end());
  return AsmOperand::literal(mg.literal(std::move(etf)));
}

void FunctionGen::match_binary(const Expr& p, AsmOperand src, int fail) {
  Reg ctx = temp();
  emit(Opcode::bs_start_match, {AsmOperand::label(fail), src, ctx.op()});
  for (const BinElement& el : p.bin_elements) {
    SegmentType st = segment_type(el);
    std::uint64_t flags = segment_flags(el);
    unsigned unit = el.unit ? el.unit : st.default_unit;
    const Expr& v = *el.value;
    if (v.kind == ExprKind::String) {
      if (st.kind == vm::BinSegKind::Integer && !el.size) {
        std::string bytes;
        for (char32_t c : v.chars) bytes.push_back(static_cast<char>(c & 0xFF));
        emit(Opcode::bs_match_string, {AsmOperand::label(fail), ctx.op(), bytes_literal(mg_, bytes)});
      } else if (st.kind == vm::BinSegKind::Utf8 || st.kind == vm::BinSegKind::Utf16 ||
                 st.kind == vm::BinSegKind::Utf32) {
        for (char32_t c : v.chars) {
          Reg t = temp();
          if (st.kind == vm::BinSegKind::Utf8) {
            emit(Opcode::bs_get_utf8, {AsmOperand::label(fail), ctx.op(), t.op()});
          } else {
            emit(st.kind == vm::BinSegKind::Utf16 ? Opcode::bs_get_utf16 : Opcode::bs_get_utf32,
                 {AsmOperand::label(fail), ctx.op(), AsmOperand::integer(flags), t.op()});
          }
          emit(Opcode::is_eq_exact, {AsmOperand::label(fail), t.op(), AsmOperand::integer(c)});
        }
      } else {
        // "abc":16 and similar: each character is an integer segment.
        AsmOperand size = el.size ? guard_value(*el.size, fail) : AsmOperand::integer(8);
        for (char32_t c : v.chars) {
          Reg t = temp();
          emit(Opcode::bs_get_integer, {AsmOperand::label(fail), ctx.op(), size, AsmOperand::nil(),
                                        AsmOperand::integer(unit), AsmOperand::integer(flags), t.op()});
          emit(Opcode::is_eq_exact, {AsmOperand::label(fail), t.op(), AsmOperand::integer(c)});
        }
      }
      continue;
    }
    bool skip = v.kind == ExprKind::Var && v.name == "_";
    AsmOperand size;
    if (el.size) {
      size = guard_value(*el.size, fail);
    } else if (st.kind == vm::BinSegKind::Integer) {
      size = AsmOperand::integer(8);
    } else if (st.kind == vm::BinSegKind::Float) {
      size = AsmOperand::integer(64);
    } else if (st.kind == vm::BinSegKind::Binary) {
      size = atom_op("all");
    }
    Reg t = temp();
    switch (st.kind) {
      case vm::BinSegKind::Integer:
        if (skip) {
          emit(Opcode::bs_skip_bits, {AsmOperand::label(fail), ctx.op(), size, AsmOperand::integer(unit)});
          continue;
        }
        emit(Opcode::bs_get_integer, {AsmOperand::label(fail), ctx.op(), size, AsmOperand::nil(),
                                      AsmOperand::integer(unit), AsmOperand::integer(flags), t.op()});
        break;
      case vm::BinSegKind::Float:
        emit(Opcode::bs_get_float, {AsmOperand::label(fail), ctx.op(), size, AsmOperand::integer(unit),
                                    AsmOperand::integer(flags), t.op()});
        break;
      case vm::BinSegKind::Binary:
        if (skip) {
          emit(Opcode::bs_skip_bits, {AsmOperand::label(fail), ctx.op(), size, AsmOperand::integer(unit)});
          continue;
        }
        emit(Opcode::bs_get_binary, {AsmOperand::label(fail), ctx.op(), size, AsmOperand::integer(unit),
                                     AsmOperand::integer(flags), t.op()});
        break;
      case vm::BinSegKind::Utf8:
        emit(Opcode::bs_get_utf8, {AsmOperand::label(fail), ctx.op(), t.op()});
        break;
      case vm::BinSegKind::Utf16:
      case vm::BinSegKind::Utf32:
        emit(st.kind == vm::BinSegKind::Utf16 ? Opcode::bs_get_utf16 : Opcode::bs_get_utf32,
             {AsmOperand::label(fail), ctx.op(), AsmOperand::integer(flags), t.op()});
        break;
      default:
        break;
    }
    if (!skip) match(v, t.op(), fail);
  }
  emit(Opcode::bs_test_tail, {AsmOperand::label(fail), ctx.op(), AsmOperand::integer(0)});
}

// ---------------------------------------------------------------- guards

void FunctionGen::guard(const Guard& g, int fail) {
  if (g.empty()) return;
  if (g.size() == 1) {
    for (const auto& t : g[0]) guard_test(*t, fail);
    return;
  }
  int ok = mg_.new_label();
  State before = save();
  for (std::size_t i = 0; i < g.size(); ++i) {
    restore(before);
    bool last = i + 1 == g.size();
    int next = last ? fail : mg_.new_label();
    for (const auto& t : g[i]) guard_test(*t, next);
    if (!last) {
      emit(Opcode::jump, {AsmOperand::label(ok)});
      label(next);
    }
  }
  restore(before);
  label(ok);
}

namespace {

struct TypeTest {
  const char* name;
  Opcode op;
};
constexpr TypeTest kTypeTests[] = {
    {"is_integer", Opcode::is_integer}, {"is_float", Opcode::is_float},       {"is_number", Opcode::is_number},
    {"is_atom", Opcode::is_atom},       {"is_boolean", Opcode::is_boolean},   {"is_pid", Opcode::is_pid},
    {"is_port", Opcode::is_port},       {"is_reference", Opcode::is_reference}, {"is_list", Opcode::is_list},
    {"is_tuple", Opcode::is_tuple},     {"is_binary", Opcode::is_binary},     {"is_bitstring", Opcode::is_bitstring},
    {"is_function", Opcode::is_function}, {"is_map", Opcode::is_map},
};

// The erlang BIF a guard call refers to ("" if it is not erlang:F or F).
std::string guard_call_name(const Expr& e) {
  if (e.kind != ExprKind::Call) return "";
  if (e.is_remote_call()) {
    if (e.a->kind == ExprKind::Atom && e.a->name == "erlang" && e.b->kind == ExprKind::Atom) return e.b->name;
    return "";
  }
  if (!e.a) return e.name;
  return "";
}

}  // namespace

void FunctionGen::guard_test(const Expr& e, int fail) {
  int mark = temp_mark();
  switch (e.kind) {
    case ExprKind::Atom:
      if (e.name != "true") emit(Opcode::jump, {AsmOperand::label(fail)});
      return;
    case ExprKind::AndAlso:
      guard_test(*e.a, fail);
      guard_test(*e.b, fail);
      return;
    case ExprKind::OrElse: {
      int second = mg_.new_label();
      int ok = mg_.new_label();
      State before = save();
      guard_test(*e.a, second);
      emit(Opcode::jump, {AsmOperand::label(ok)});
      label(second);
      restore(before);
      guard_test(*e.b, fail);
      label(ok);
      restore(before);
      return;
    }
    case ExprKind::BinOp: {
      static const std::map<std::string, std::pair<Opcode, bool>> kCompare = {
          {"<", {Opcode::is_lt, false}},  {">", {Opcode::is_lt, true}},       {">=", {Opcode::is_ge, false}},
          {"=<", {Opcode::is_ge, true}},  {"==", {Opcode::is_eq, false}},     {"/=", {Opcode::is_ne, false}},
          {"=:=", {Opcode::is_eq_exact, false}}, {"=/=", {Opcode::is_ne_exact, false}},
      };
      auto it = kCompare.find(e.name);
      if (it != kCompare.end()) {
        AsmOperand a = guard_value(*e.a, fail);
        AsmOperand b = guard_value(*e.b, fail);
        if (it->second.second) std::swap(a, b);
        emit(it->second.first, {AsmOperand::label(fail), a, b});
        temp_release(mark);
        return;
      }
      break;
    }
    case ExprKind::Call: {
      std::string name = guard_call_name(e);
      if (e.args.size() == 1) {
        for (const TypeTest& t : kTypeTests) {
          if (name == t.name) {
            AsmOperand v = guard_value(*e.args[0], fail);
            emit(t.op, {AsmOperand::label(fail), v});
            temp_release(mark);
            return;
          }
        }
      }
      if (name == "is_function" && e.args.size() == 2) {
        AsmOperand f = guard_value(*e.args[0], fail);
        AsmOperand a = guard_value(*e.args[1], fail);
        emit(Opcode::is_function2, {AsmOperand::label(fail), f, a});
        temp_release(mark);
        return;
      }
      if (name == "is_record" && e.args.size() == 3 && e.args[1]->kind == ExprKind::Atom &&
          e.args[2]->kind == ExprKind::Integer) {
        AsmOperand v = guard_value(*e.args[0], fail);
        emit(Opcode::is_tagged_tuple, {AsmOperand::label(fail), v, AsmOperand::integer(e.args[2]->int_value),
                                       atom_op(e.args[1]->name)});
        temp_release(mark);
        return;
      }
      break;
    }
    default:
      break;
  }
  AsmOperand v = guard_value(e, fail);
  emit(Opcode::is_eq_exact, {AsmOperand::label(fail), v, atom_op("true")});
  temp_release(mark);
}

AsmOperand FunctionGen::guard_value(const Expr& e, int fail) {
  int saved = guard_fail_;
  guard_fail_ = fail;
  AsmOperand v = value(e);
  guard_fail_ = saved;
  return v;
}

}  // namespace girder::compiler
