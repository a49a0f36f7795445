// Expression grammar (see parser.h for the precedence ladder and the error
// strategy). Forms and attributes live in parser_forms.cpp.
#include <array>
#include <limits>

#include "tools/compiler/parser_internal.h"

namespace girder::compiler {

namespace {

bool is_one_of(const Token& t, std::initializer_list<std::string_view> syms) {
  if (t.kind != TokenKind::Symbol) return false;
  for (auto s : syms) if (t.text == s) return true;
  return false;
}

// -Literal / +Literal folded at parse time so patterns like f(-1) need no
// evaluation later. Returns true when folded into `operand`.
bool fold_sign(const std::string& op, ExprPtr& operand) {
  if (op != "-" && op != "+") return false;
  if (operand->kind == ExprKind::Float) {
    if (op == "-") operand->float_value = -operand->float_value;
    return true;
  }
  if (operand->kind != ExprKind::Integer) return false;
  if (op == "+") return true;
  if (!operand->big_value.empty()) {
    std::string& b = operand->big_value;
    if (b[0] == '-') b.erase(0, 1); else b.insert(0, "-");
    if (b == "-9223372036854775808") {
      operand->big_value.clear();
      operand->int_value = std::numeric_limits<std::int64_t>::min();
    }
    return true;
  }
  if (operand->int_value == std::numeric_limits<std::int64_t>::min()) {
    operand->big_value = "9223372036854775808";
    operand->int_value = 0;
    return true;
  }
  operand->int_value = -operand->int_value;
  return true;
}

ExprPtr make_binop(const Token& op, ExprPtr a, ExprPtr b) {
  ExprKind k = op.text == "andalso" ? ExprKind::AndAlso : op.text == "orelse" ? ExprKind::OrElse : ExprKind::BinOp;
  auto e = make_expr(k, a->loc);
  if (k == ExprKind::BinOp) e->name = op.text;
  e->a = std::move(a);
  e->b = std::move(b);
  return e;
}

}  // namespace

Parser::Parser(const std::vector<Token>& toks, const std::vector<std::string>& files, std::vector<Diagnostic>& errors)
    : toks_(toks), files_(files), errors_(errors) {
  eof_.kind = TokenKind::Eof;
  if (!toks_.empty()) {
    // A form cut short by the end of the file reports at its last real token,
    // as erl_parse does.
    const Token& last = toks_.back();
    eof_.file = last.file;
    eof_.loc = last.loc;
    if (last.kind == TokenKind::Eof && toks_.size() >= 2) eof_.loc = toks_[toks_.size() - 2].loc;
  }
}

const Token& Parser::peek(size_t ahead) const {
  if (failed_) return eof_;
  size_t i = pos_ + ahead;
  if (i >= toks_.size()) return eof_;
  if (toks_[i].kind == TokenKind::Eof) return eof_;
  return toks_[i];
}

const Token& Parser::next() {
  const Token& t = peek();
  if (!failed_ && pos_ < toks_.size()) ++pos_;
  return t;
}

bool Parser::accept(std::string_view s) {
  if (!is_sym(s)) return false;
  ++pos_;
  return true;
}

void Parser::expect(std::string_view s) {
  if (!accept(s)) syntax_error();
}

void Parser::expect_dot() {
  if (peek().kind == TokenKind::Dot) {
    ++pos_;
    return;
  }
  syntax_error();
}

void Parser::syntax_error() {
  if (failed_) return;
  const Token& t = peek();
  error_at(t, "syntax error before: " + token_to_string(t));
}

void Parser::error_at(const Token& t, std::string msg) {
  if (failed_) return;
  std::string file = t.file < files_.size() ? files_[t.file] : (files_.empty() ? "" : files_[0]);
  errors_.push_back({std::move(file), t.loc.line, t.loc.col, std::move(msg)});
  failed_ = true;
}

void Parser::error_at(Loc loc, std::string msg) {
  if (failed_) return;
  soft_error(loc, std::move(msg));
  failed_ = true;
}

void Parser::soft_error(Loc loc, std::string msg) {
  errors_.push_back({files_.empty() ? "" : files_[0], loc.line, loc.col, std::move(msg)});
}

ExprPtr Parser::dummy(Loc loc) { return make_atom(loc, "error"); }

bool Parser::enter() {
  if (++depth_ > kMaxNesting) {
    error_at(peek(), "nesting too deep");
    return false;
  }
  return true;
}

bool Parser::chain_step() {
  if (++chain_ > kMaxChain) {
    error_at(peek(), "expression too long");
    return false;
  }
  return true;
}

// ---- precedence levels ----

ExprPtr Parser::expr() {
  Loc loc = peek().loc;
  if (!enter()) {
    leave();
    return dummy(loc);
  }
  ExprPtr e = match_expr();
  leave();
  return e;
}

std::vector<ExprPtr> Parser::exprs() {
  std::vector<ExprPtr> out;
  out.push_back(expr());
  while (accept(",")) out.push_back(expr());
  return out;
}

ExprPtr Parser::pattern() {
  ExprPtr p = expr();
  to_pattern(p);
  return p;
}

ExprPtr Parser::match_expr() {
  ExprPtr lhs = orelse_expr();
  if (is_sym("=") || is_sym("!")) {
    Token op = next();
    if (!enter()) {
      leave();
      return lhs;
    }
    ExprPtr rhs = match_expr();
    leave();
    if (op.text == "=") {
      to_pattern(lhs);
      auto m = make_expr(ExprKind::Match, lhs->loc);
      m->a = std::move(lhs);
      m->b = std::move(rhs);
      return m;
    }
    return make_binop(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::orelse_expr() {
  ExprPtr lhs = andalso_expr();
  if (is_sym("orelse")) {
    Token op = next();
    if (!enter()) { leave(); return lhs; }
    ExprPtr rhs = orelse_expr();
    leave();
    return make_binop(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::andalso_expr() {
  ExprPtr lhs = comp_expr();
  if (is_sym("andalso")) {
    Token op = next();
    if (!enter()) { leave(); return lhs; }
    ExprPtr rhs = andalso_expr();
    leave();
    return make_binop(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::comp_expr() {
  ExprPtr lhs = list_op_expr();
  if (is_one_of(peek(), {"==", "/=", "=<", "<", ">=", ">", "=:=", "=/="})) {
    Token op = next();
    ExprPtr rhs = list_op_expr();
    return make_binop(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::list_op_expr() {
  ExprPtr lhs = add_expr();
  if (is_one_of(peek(), {"++", "--"})) {
    Token op = next();
    if (!enter()) { leave(); return lhs; }
    ExprPtr rhs = list_op_expr();
    leave();
    return make_binop(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::add_expr() {
  ExprPtr lhs = mult_expr();
  while (is_one_of(peek(), {"+", "-", "bor", "bxor", "bsl", "bsr", "or", "xor"})) {
    if (!chain_step()) break;
    Token op = next();
    ExprPtr rhs = mult_expr();
    lhs = make_binop(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::mult_expr() {
  ExprPtr lhs = prefix_expr();
  while (is_one_of(peek(), {"*", "/", "div", "rem", "band", "and"})) {
    if (!chain_step()) break;
    Token op = next();
    ExprPtr rhs = prefix_expr();
    lhs = make_binop(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::prefix_expr() {
  const Token& t = peek();
  if (t.is_symbol("catch")) {
    // 'catch' has the lowest precedence but may start any operand: it takes
    // the whole expression to its right (erl_parse's Unary 0).
    Loc loc = next().loc;
    auto e = make_expr(ExprKind::Catch, loc);
    e->a = expr();
    return e;
  }
  if (is_one_of(t, {"+", "-", "bnot", "not"})) {
    Token op = next();
    if (!enter()) {
      leave();
      return dummy(op.loc);
    }
    ExprPtr operand = prefix_expr();
    leave();
    if (fold_sign(op.text, operand)) {
      operand->loc = op.loc;
      return operand;
    }
    auto e = make_expr(ExprKind::UnOp, op.loc);
    e->name = op.text;
    e->a = std::move(operand);
    return e;
  }
  return postfix_expr();
}

// expr_700 / expr_800: calls, remote calls, record and map suffixes.
ExprPtr Parser::postfix_expr() {
  if (is_sym("#")) return hash_chain(nullptr, 0);
  ExprPtr e = primary();
  if (is_sym("#")) return hash_chain(std::move(e), 0);
  if (!no_remote_ && is_sym(":")) {
    next();
    ExprPtr fn = primary();
    if (!is_sym("(")) {
      syntax_error();
      return e;
    }
    auto call = make_expr(ExprKind::Call, e->loc);
    call->a = std::move(e);
    call->b = std::move(fn);
    call->args = call_args();
    return call;
  }
  if (is_sym("(")) {
    auto call = make_expr(ExprKind::Call, e->loc);
    if (e->kind == ExprKind::Atom) {
      call->name = e->name;
    } else {
      call->a = std::move(e);
    }
    call->args = call_args();
    return call;
  }
  return e;
}

// `#` suffixes. state: 0 = plain expr_max, 1 = record expression, 2 = map
// expression; erl_parse lets records chain onto records and maps onto maps
// only.
ExprPtr Parser::hash_chain(ExprPtr base, int state) {
  while (is_sym("#")) {
    if (!chain_step()) break;
    Token hash = next();
    Loc loc = base ? base->loc : hash.loc;
    const Token& t = peek();
    if (t.kind == TokenKind::Atom) {
      if (state == 2) {
        syntax_error();
        break;
      }
      std::string rec = next().text;
      if (accept(".")) {
        const Token& f = peek();
        if (f.kind != TokenKind::Atom) {
          syntax_error();
          break;
        }
        auto e = make_expr(base ? ExprKind::RecordField : ExprKind::RecordIndex, loc);
        e->name = rec;
        e->field = next().text;
        e->a = std::move(base);
        base = std::move(e);
      } else if (is_sym("{")) {
        auto e = make_expr(base ? ExprKind::RecordUpdate : ExprKind::RecordNew, loc);
        e->name = rec;
        e->a = std::move(base);
        e->record_fields = record_fields();
        base = std::move(e);
      } else {
        syntax_error();
        break;
      }
      state = 1;
    } else if (t.is_symbol("{")) {
      if (state == 1) {
        syntax_error();
        break;
      }
      auto e = make_expr(base ? ExprKind::MapUpdate : ExprKind::MapNew, loc);
      e->a = std::move(base);
      e->map_fields = map_fields();
      base = std::move(e);
      state = 2;
    } else {
      syntax_error();
      break;
    }
  }
  return base ? std::move(base) : dummy(peek().loc);
}

std::vector<ExprPtr> Parser::call_args() {
  std::vector<ExprPtr> args;
  expect("(");
  if (accept(")")) return args;
  args = exprs();
  expect(")");
  return args;
}

std::vector<MapField> Parser::map_fields() {
  std::vector<MapField> fields;
  expect("{");
  if (accept("}")) return fields;
  do {
    MapField f;
    f.key = expr();
    if (accept("=>")) {
      f.exact = false;
    } else if (accept(":=")) {
      f.exact = true;
    } else {
      syntax_error();
      return fields;
    }
    f.value = expr();
    fields.push_back(std::move(f));
  } while (accept(","));
  expect("}");
  return fields;
}

std::vector<RecordFieldInit> Parser::record_fields() {
  std::vector<RecordFieldInit> fields;
  expect("{");
  if (accept("}")) return fields;
  do {
    RecordFieldInit f;
    const Token& t = peek();
    f.loc = t.loc;
    if (t.kind == TokenKind::Atom || (t.kind == TokenKind::Var && t.text == "_")) {
      f.field = next().text;
    } else {
      syntax_error();
      return fields;
    }
    expect("=");
    f.value = expr();
    fields.push_back(std::move(f));
  } while (accept(","));
  expect("}");
  return fields;
}

// expr_max
ExprPtr Parser::primary() {
  const Token& t = peek();
  Loc loc = t.loc;
  switch (t.kind) {
    case TokenKind::Var: return make_var(loc, next().text);
    case TokenKind::Atom: return make_atom(loc, next().text);
    case TokenKind::Integer: {
      auto e = make_expr(ExprKind::Integer, loc);
      if (t.big) e->big_value = t.text; else e->int_value = t.int_value;
      next();
      return e;
    }
    case TokenKind::Char: return make_int(loc, next().int_value);
    case TokenKind::Float: {
      auto e = make_expr(ExprKind::Float, loc);
      e->float_value = next().float_value;
      return e;
    }
    case TokenKind::String: {
      auto e = make_expr(ExprKind::String, loc);
      while (peek().kind == TokenKind::String) e->chars += next().chars;
      return e;
    }
    case TokenKind::Symbol: break;
    default:
      syntax_error();
      return dummy(loc);
  }
  if (t.text == "(") {
    next();
    ExprPtr e = expr();
    expect(")");
    return e;
  }
  if (t.text == "[") return list_or_comp();
  if (t.text == "{") return tuple();
  if (t.text == "<<") return binary_or_comp();
  if (t.text == "begin") {
    next();
    auto e = make_expr(ExprKind::Block, loc);
    e->body = exprs();
    expect("end");
    return e;
  }
  if (t.text == "case") return case_expr();
  if (t.text == "if") return if_expr();
  if (t.text == "receive") return receive_expr();
  if (t.text == "fun") return fun_expr();
  if (t.text == "try") return try_expr();
  syntax_error();
  return dummy(loc);
}

ExprPtr Parser::list_or_comp() {
  Loc loc = next().loc;  // [
  if (accept("]")) return make_expr(ExprKind::Nil, loc);
  ExprPtr first = expr();
  if (accept("||")) {
    auto e = make_expr(ExprKind::ListComp, loc);
    e->a = std::move(first);
    e->qualifiers = qualifiers();
    expect("]");
    return e;
  }
  std::vector<ExprPtr> elems;
  elems.push_back(std::move(first));
  while (accept(",")) {
    if (!chain_step()) break;
    elems.push_back(expr());
  }
  ExprPtr tail;
  if (accept("|")) tail = expr();
  else tail = make_expr(ExprKind::Nil, peek().loc);
  expect("]");
  for (size_t i = elems.size(); i-- > 0;) {
    auto c = make_expr(ExprKind::Cons, i == 0 ? loc : elems[i]->loc);
    c->a = std::move(elems[i]);
    c->b = std::move(tail);
    tail = std::move(c);
  }
  return tail;
}

ExprPtr Parser::tuple() {
  Loc loc = next().loc;  // {
  auto e = make_expr(ExprKind::Tuple, loc);
  if (accept("}")) return e;
  e->args = exprs();
  expect("}");
  return e;
}

std::vector<Qualifier> Parser::qualifiers() {
  std::vector<Qualifier> qs;
  do {
    Qualifier q;
    q.loc = peek().loc;
    ExprPtr e = expr();
    if (accept("<-")) {
      q.kind = QualifierKind::Generator;
      to_pattern(e);
      q.pattern = std::move(e);
      q.expr = expr();
    } else if (is_sym("<=")) {
      if (e->kind != ExprKind::Binary) {
        syntax_error();
        return qs;
      }
      next();
      q.kind = QualifierKind::BinGenerator;
      to_pattern(e);
      q.pattern = std::move(e);
      q.expr = expr();
    } else {
      q.kind = QualifierKind::Filter;
      q.expr = std::move(e);
    }
    qs.push_back(std::move(q));
  } while (accept(","));
  return qs;
}

ExprPtr Parser::binary_or_comp() {
  Loc loc = next().loc;  // <<
  auto e = make_expr(ExprKind::Binary, loc);
  if (accept(">>")) return e;
  BinElement first;
  bool simple = bin_element(first);
  if (simple && is_sym("||")) {
    next();
    auto bc = make_expr(ExprKind::BinComp, loc);
    bc->a = std::move(first.value);
    bc->qualifiers = qualifiers();
    expect(">>");
    return bc;
  }
  e->bin_elements.push_back(std::move(first));
  while (accept(",")) {
    if (!chain_step()) break;
    BinElement el;
    bin_element(el);
    e->bin_elements.push_back(std::move(el));
  }
  expect(">>");
  return e;
}

// bit_expr [':' expr_max] ['/' type-type...]. Returns true when the element
// is just a value (so it may be a binary comprehension template).
bool Parser::bin_element(BinElement& el) {
  const Token& t = peek();
  el.loc = t.loc;
  if (is_one_of(t, {"+", "-", "bnot", "not"})) {
    Token op = next();
    ExprPtr operand = primary();
    if (fold_sign(op.text, operand)) {
      operand->loc = op.loc;
      el.value = std::move(operand);
    } else {
      auto u = make_expr(ExprKind::UnOp, op.loc);
      u->name = op.text;
      u->a = std::move(operand);
      el.value = std::move(u);
    }
  } else {
    el.value = primary();
  }
  bool simple = true;
  if (accept(":")) {
    el.size = primary();
    simple = false;
  }
  if (accept("/")) {
    simple = false;
    do {
      const Token& ty = peek();
      if (ty.kind != TokenKind::Atom) {
        syntax_error();
        return false;
      }
      std::string name = next().text;
      if (accept(":")) {
        const Token& n = peek();
        if (n.kind != TokenKind::Integer || n.big) {
          syntax_error();
          return false;
        }
        std::int64_t v = next().int_value;
        if (name != "unit") {
          soft_error(ty.loc, "bit type " + name + ":" + std::to_string(v) + " undefined");
        } else if (v < 1 || v > 256) {
          soft_error(ty.loc, "bad unit value " + std::to_string(v));
        } else {
          el.unit = static_cast<unsigned>(v);
        }
        continue;
      }
      static constexpr std::array<std::string_view, 9> kTypes = {"integer", "float", "binary", "bytes", "bitstring",
                                                                 "bits", "utf8", "utf16", "utf32"};
      bool known = false;
      for (auto k : kTypes) if (name == k) { el.type = name; known = true; }
      if (name == "signed" || name == "unsigned") { el.sign = name; known = true; }
      if (name == "big" || name == "little" || name == "native") { el.endian = name; known = true; }
      if (!known) soft_error(ty.loc, "bit type " + name + " undefined");
    } while (accept("-"));
  }
  return simple;
}

std::vector<Clause> Parser::cr_clauses() {
  std::vector<Clause> cs;
  do {
    Clause c;
    c.loc = peek().loc;
    c.patterns.push_back(pattern());
    clause_tail(c);
    cs.push_back(std::move(c));
  } while (accept(";"));
  return cs;
}

Guard Parser::guard() {
  Guard g;
  do {
    g.push_back(exprs());
  } while (accept(";"));
  return g;
}

void Parser::clause_tail(Clause& c) {
  if (accept("when")) c.guard = guard();
  expect("->");
  c.body = exprs();
}

ExprPtr Parser::case_expr() {
  Loc loc = next().loc;
  auto e = make_expr(ExprKind::Case, loc);
  e->a = expr();
  expect("of");
  e->clauses = cr_clauses();
  expect("end");
  return e;
}

ExprPtr Parser::if_expr() {
  Loc loc = next().loc;
  auto e = make_expr(ExprKind::If, loc);
  do {
    Clause c;
    c.loc = peek().loc;
    c.guard = guard();
    expect("->");
    c.body = exprs();
    e->clauses.push_back(std::move(c));
  } while (accept(";"));
  expect("end");
  return e;
}

ExprPtr Parser::receive_expr() {
  Loc loc = next().loc;
  auto e = make_expr(ExprKind::Receive, loc);
  if (!is_sym("after")) e->clauses = cr_clauses();
  if (accept("after")) {
    e->timeout = expr();
    expect("->");
    e->after_body = exprs();
  }
  expect("end");
  return e;
}

ExprPtr Parser::fun_expr() {
  Loc loc = next().loc;  // fun
  const Token& t = peek();
  if (t.kind == TokenKind::Atom && is_sym("/", 1)) {
    auto e = make_expr(ExprKind::FunRef, loc);
    e->name = next().text;
    next();  // '/'
    const Token& n = peek();
    if (n.kind != TokenKind::Integer || n.big || n.int_value > 255) {
      syntax_error();
      return e;
    }
    e->arity = static_cast<unsigned>(next().int_value);
    return e;
  }
  if ((t.kind == TokenKind::Atom || t.kind == TokenKind::Var) && is_sym(":", 1)) {
    auto e = make_expr(ExprKind::FunRemote, loc);
    auto atom_or_var = [&]() -> ExprPtr {
      const Token& x = peek();
      if (x.kind == TokenKind::Atom) return make_atom(x.loc, next().text);
      if (x.kind == TokenKind::Var) return make_var(x.loc, next().text);
      syntax_error();
      return dummy(x.loc);
    };
    e->a = atom_or_var();
    expect(":");
    e->b = atom_or_var();
    expect("/");
    const Token& n = peek();
    if (n.kind == TokenKind::Var) {
      e->c = make_var(n.loc, next().text);
    } else if (n.kind == TokenKind::Integer && !n.big) {
      e->c = make_int(n.loc, next().int_value);
    } else {
      syntax_error();
    }
    return e;
  }
  auto e = make_expr(ExprKind::Lambda, loc);
  bool named = t.kind == TokenKind::Var;
  if (named) e->name = t.text;
  if (!named && !t.is_symbol("(")) {
    syntax_error();
    return e;
  }
  do {
    Clause c;
    c.loc = peek().loc;
    if (named) {
      const Token& v = peek();
      if (v.kind != TokenKind::Var) {
        syntax_error();
        return e;
      }
      if (v.text != e->name) {
        error_at(v, "head mismatch");
        return e;
      }
      next();
    }
    expect("(");
    if (!accept(")")) {
      do {
        c.patterns.push_back(pattern());
      } while (accept(","));
      expect(")");
    }
    clause_tail(c);
    if (!e->clauses.empty() && e->clauses[0].patterns.size() != c.patterns.size()) {
      error_at(c.loc, "head mismatch");
    }
    e->clauses.push_back(std::move(c));
  } while (accept(";"));
  expect("end");
  return e;
}

ExprPtr Parser::try_expr() {
  Loc loc = next().loc;
  auto e = make_expr(ExprKind::Try, loc);
  e->body = exprs();
  if (accept("of")) e->clauses = cr_clauses();
  bool any = false;
  if (accept("catch")) {
    any = true;
    do {
      e->catch_clauses.push_back(try_clause());
    } while (accept(";"));
  }
  if (accept("after")) {
    any = true;
    e->after_body = exprs();
  }
  if (!any) {
    syntax_error();
    return e;
  }
  expect("end");
  return e;
}

// [Class:]Reason[:Stack] [when Guard] -> Body, as the tuple {Class, Reason, Stack}.
Clause Parser::try_clause() {
  Clause c;
  c.loc = peek().loc;
  ExprPtr cls, stack;
  const Token& t = peek();
  if ((t.kind == TokenKind::Atom || t.kind == TokenKind::Var) && is_sym(":", 1)) {
    cls = t.kind == TokenKind::Atom ? make_atom(t.loc, t.text) : make_var(t.loc, t.text);
    next();
    next();
  } else {
    cls = make_atom(t.loc, "throw");
  }
  no_remote_ = true;
  ExprPtr reason = pattern();
  no_remote_ = false;
  if (accept(":")) {
    const Token& s = peek();
    if (s.kind != TokenKind::Var) {
      syntax_error();
      return c;
    }
    stack = make_var(s.loc, next().text);
  } else {
    stack = make_var(reason->loc, "_");
  }
  auto tup = make_expr(ExprKind::Tuple, c.loc);
  tup->args.push_back(std::move(cls));
  tup->args.push_back(std::move(reason));
  tup->args.push_back(std::move(stack));
  c.patterns.push_back(std::move(tup));
  clause_tail(c);
  return c;
}

}  // namespace girder::compiler
