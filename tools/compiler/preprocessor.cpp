// Preprocessor (see preprocessor.h). Mirrors epp's observable behaviour:
// macro overloading by arity, argument splitting at bracket depth 0,
// ??Arg stringification with one space between tokens, predefined macros,
// conditional compilation and include search, with epp's error wording.
#include "tools/compiler/preprocessor.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "stdlib/include/headers.h"
#include "tools/compiler/parser.h"
#include "vm/term/utf8.h"

namespace girder::compiler {
namespace {

constexpr int kMaxIncludeDepth = 40;
// The file name diagnostics give a header Girder ships (stdlib/include/).
constexpr std::string_view kShippedHeaderPrefix = "girder/lib/";
constexpr std::uintmax_t kMaxIncludeBytes = 64u << 20;
constexpr int kMaxMacroDepth = 200;
// Tokens produced by macro bodies: stops exponential macros (-define(A, ?B ?B)...).
constexpr size_t kMaxExpandedTokens = 100'000;   // per form
constexpr size_t kMaxTotalExpanded = 2'000'000;  // per compilation

struct MacroDef {
  bool has_params = false;
  std::vector<std::string> params;
  std::vector<Token> body;
};

struct Cond {
  std::string kind;     // "-ifdef", "-ifndef", "-if", "-else", "-elif" (for messages)
  bool outer_active;    // was the enclosing region live?
  bool taking;          // is this branch live?
  bool done;            // has some branch of this conditional been taken?
  bool else_seen = false;
};

// State of one form's expansion. Circularity follows the tokens, not the
// call stack (a "hide set" per token, as C preprocessors do): a token that a
// macro body produced carries the set of macros it came from, and calling one
// of those again from such a token is circular. Arguments are substituted
// unexpanded and keep the hide set of the call site, so ?F(?F(1)) is fine
// and ??Arg in a nested macro sees the text as written (epp's behaviour:
// -define(T(X), ?S(X)) with ?S(X) = ??X turns ?T(?M) into "? M").
struct ExpandCtx {
  const std::vector<Token>* form = nullptr;  // raw form, for ?FUNCTION_NAME
  std::vector<std::vector<std::string>> hide_sets{{}};  // [0] is the empty set
  size_t produced = 0;
  bool failed = false;
};

bool is_name_token(const Token& t) { return t.kind == TokenKind::Atom || t.kind == TokenKind::Var; }

Token make_token(TokenKind k, const Token& at) {
  Token t;
  t.kind = k;
  t.loc = at.loc;
  t.file = at.file;
  return t;
}

// Splits the tokens after an opening '(' at index `open` into macro
// arguments. Returns the index of the closing ')' or 0 when unterminated.
// With `hs` (one hide set id per token of ts), arg_hs gets the ids of the
// argument tokens.
size_t split_args(const std::vector<Token>& ts, size_t open, std::vector<std::vector<Token>>& args,
                  const std::vector<std::uint32_t>* hs = nullptr,
                  std::vector<std::vector<std::uint32_t>>* arg_hs = nullptr) {
  std::vector<std::string> stack;  // expected closers
  std::vector<Token> cur;
  std::vector<std::uint32_t> cur_hs;
  auto flush = [&]() {
    args.push_back(std::move(cur));
    cur.clear();
    if (arg_hs) arg_hs->push_back(std::move(cur_hs));
    cur_hs.clear();
  };
  bool any = false;
  for (size_t i = open + 1; i < ts.size(); ++i) {
    const Token& t = ts[i];
    if (t.kind == TokenKind::Dot || t.kind == TokenKind::Eof) return 0;
    if (t.kind == TokenKind::Symbol) {
      const std::string& s = t.text;
      if (stack.empty() && s == ")") {
        if (any || !args.empty()) flush();
        return i;
      }
      if (stack.empty() && s == ",") {
        flush();
        any = true;
        continue;
      }
      if (s == "(") stack.push_back(")");
      else if (s == "[") stack.push_back("]");
      else if (s == "{") stack.push_back("}");
      else if (s == "<<") stack.push_back(">>");
      else if (s == "begin" || s == "if" || s == "case" || s == "receive" || s == "try") stack.push_back("end");
      else if (s == "fun" && i + 1 < ts.size() && ts[i + 1].is_symbol("(")) stack.push_back("end");
      else if (!stack.empty() && s == stack.back()) stack.pop_back();
    }
    cur.push_back(t);
    cur_hs.push_back(hs ? (*hs)[i] : 0);
    any = true;
  }
  return 0;
}

// epp's token_src: the text ??Arg produces for one token.
std::string token_src(const Token& t) {
  switch (t.kind) {
    case TokenKind::Symbol: return t.text;
    case TokenKind::Dot: return ".";
    default: return token_to_string(t);
  }
}

class Preprocessor {
 public:
  Preprocessor(const FrontendOptions& opts) : opts_(opts) {}

  PreprocessResult run(std::string_view source, const std::string& file_name) {
    result_.files.push_back(file_name);
    for (const auto& [name, value] : opts_.defines) {
      MacroDef def;
      if (value.empty()) {
        Token t;
        t.kind = TokenKind::Atom;
        t.text = "true";
        def.body.push_back(t);
      } else {
        LexResult lr = lex(value, 0, "-D" + name);
        lr.tokens.pop_back();  // Eof
        def.body = std::move(lr.tokens);
      }
      macros_[name][-1] = std::move(def);
    }
    process_source(source, 0, 0);
    return std::move(result_);
  }

 private:
  const FrontendOptions& opts_;
  PreprocessResult result_;
  std::map<std::string, std::map<int, MacroDef>> macros_;  // name -> arity (-1: no parens) -> def
  std::vector<Cond> conds_;
  std::string module_;
  bool have_module_ = false;
  size_t total_expanded_ = 0;

  bool active() const { return conds_.empty() || conds_.back().taking; }

  void error(const Token& at, std::string msg) {
    result_.errors.push_back({file_name(at.file), at.loc.line, at.loc.col, std::move(msg)});
  }
  void warning(const Token& at, std::string msg) {
    result_.warnings.push_back({file_name(at.file), at.loc.line, at.loc.col, std::move(msg)});
  }
  std::string file_name(std::uint16_t idx) const {
    return idx < result_.files.size() ? result_.files[idx] : std::string();
  }

  void process_source(std::string_view source, std::uint16_t file, int depth) {
    LexResult lr = lex(source, file, file_name(file), LexMode::SourceFile);
    for (auto& e : lr.errors) result_.errors.push_back(std::move(e));
    if (lr.invalid_unicode) {
      // epp stops reading this file there (an including file goes on); the
      // form cut short holds the lexer's Error token and is dropped below.
      const Loc& at = *lr.invalid_unicode;
      result_.errors.push_back({file_name(file), at.line, at.col, "cannot parse file, giving up"});
      result_.errors.push_back({file_name(file), at.line, at.col, "cannot translate from UTF-8"});
    }
    size_t conds_at_start = conds_.size();
    const std::vector<Token>& ts = lr.tokens;
    size_t i = 0;
    while (i < ts.size() && ts[i].kind != TokenKind::Eof) {
      std::vector<Token> form;
      while (i < ts.size() && ts[i].kind != TokenKind::Eof && ts[i].kind != TokenKind::Dot) form.push_back(ts[i++]);
      if (i < ts.size() && ts[i].kind == TokenKind::Dot) form.push_back(ts[i++]);
      else form.push_back(ts[i]);  // the Eof: the parser reports "syntax error before: "
      process_form(std::move(form), depth);
    }
    while (conds_.size() > conds_at_start) {
      error(ts.back(), "unterminated '" + conds_.back().kind + "'");
      conds_.pop_back();
    }
  }

  static bool has_lex_error(const std::vector<Token>& form) {
    for (const Token& t : form) if (t.kind == TokenKind::Error) return true;
    return false;
  }

  void process_form(std::vector<Token> form, int depth) {
    std::string directive;
    if (form.size() >= 2 && form[0].is_symbol("-")) {
      if (form[1].kind == TokenKind::Atom) directive = form[1].text;
      else if (form[1].is_symbol("if")) directive = "if";
    }
    static const char* const kConditionals[] = {"ifdef", "ifndef", "if", "elif", "else", "endif"};
    bool is_cond = false;
    for (const char* c : kConditionals) if (directive == c) is_cond = true;
    if (is_cond) {
      handle_conditional(directive, form);
      return;
    }
    if (!active()) return;
    if (has_lex_error(form)) return;
    if (directive == "define") return handle_define(form);
    if (directive == "undef") return handle_undef(form);
    if (directive == "include" || directive == "include_lib") return handle_include(directive, form, depth);
    if (directive == "error" || directive == "warning") {
      std::string text = "-" + directive + "(";
      for (size_t k = 3; k + 2 < form.size(); ++k) text += token_src(form[k]);
      text += ").";
      if (directive == "error") error(form[1], text); else warning(form[1], text);
      return;
    }
    ExpandCtx ctx;
    ctx.form = &form;
    std::vector<Token> out;
    expand(form, out, ctx);
    if (ctx.failed) return;
    if (out.size() >= 5 && out[0].is_symbol("-") && out[1].kind == TokenKind::Atom && out[1].text == "module" &&
        out[2].is_symbol("(") && out[3].kind == TokenKind::Atom) {
      module_ = out[3].text;
      have_module_ = true;
    }
    result_.forms.push_back(std::move(out));
  }

  // ---- conditionals ----

  void handle_conditional(const std::string& d, const std::vector<Token>& form) {
    bool live = active();
    if (d == "ifdef" || d == "ifndef") {
      bool defined = false;
      if (live) {
        if (form.size() != 6 || !form[2].is_symbol("(") || !is_name_token(form[3]) || !form[4].is_symbol(")") ||
            form[5].kind != TokenKind::Dot) {
          error(form.size() > 3 ? form[3] : form[1], "badly formed '" + d + "'");
        } else {
          defined = is_defined(form[3].text);
        }
      }
      bool take = live && (d == "ifdef" ? defined : !defined);
      conds_.push_back({"-" + d, live, take, take});
      return;
    }
    if (d == "if") {
      bool take = live && eval_if(form);
      conds_.push_back({"-if", live, take, take});
      return;
    }
    if (conds_.empty()) {
      error(form[1], "unbalanced '-" + d + "'");
      return;
    }
    Cond& c = conds_.back();
    if (d == "endif") {
      conds_.pop_back();
      return;
    }
    if (c.else_seen) {
      error(form[1], d == "else" ? "repeated '-else'" : "'-elif' after '-else'");
      return;
    }
    if (d == "else") {
      c.taking = c.outer_active && !c.done;
      c.done = true;
      c.else_seen = true;
      c.kind = "-else";
      return;
    }
    // elif
    bool take = c.outer_active && !c.done && eval_if(form);
    c.taking = take;
    c.done = c.done || take;
    c.kind = "-elif";
  }

  bool is_defined(const std::string& name) const {
    if (macros_.count(name)) return true;
    return name == "FILE" || name == "LINE" || name == "MACHINE" || name == "OTP_RELEASE" ||
           name == "FUNCTION_NAME" || name == "FUNCTION_ARITY" ||
           ((name == "MODULE" || name == "MODULE_STRING") && have_module_);
  }

  // -if(Expr) / -elif(Expr): true only when Expr evaluates to 'true'; epp
  // silently treats anything else (including evaluation errors) as false.
  bool eval_if(const std::vector<Token>& form) {
    if (form.size() < 5 || !form[2].is_symbol("(") || form.back().kind != TokenKind::Dot ||
        !form[form.size() - 2].is_symbol(")")) {
      error(form[1], "badly formed '" + form[1].text + "'");
      return false;
    }
    std::vector<Token> cond;
    for (size_t k = 3; k + 2 < form.size(); ++k) {
      // defined(Name) is answered before macro expansion.
      if (form[k].kind == TokenKind::Atom && form[k].text == "defined" && k + 3 < form.size() - 1 &&
          form[k + 1].is_symbol("(") && is_name_token(form[k + 2]) && form[k + 3].is_symbol(")")) {
        Token t = make_token(TokenKind::Atom, form[k]);
        t.text = is_defined(form[k + 2].text) ? "true" : "false";
        cond.push_back(std::move(t));
        k += 3;
        continue;
      }
      cond.push_back(form[k]);
    }
    ExpandCtx ctx;
    ctx.form = &form;
    std::vector<Token> out;
    expand(cond, out, ctx);
    if (ctx.failed) return false;
    out.push_back(make_token(TokenKind::Dot, form.back()));
    std::vector<Diagnostic> errs;
    std::vector<ExprPtr> exprs;
    if (!parse_expr_seq(out, result_.files, exprs, errs) || exprs.size() != 1) {
      for (auto& e : errs) result_.errors.push_back(std::move(e));
      return false;
    }
    Value v;
    return eval(*exprs[0], v, 0) && v.kind == Value::Atom && v.atom == "true";
  }

  // Tiny evaluator for -if conditions: integers, atoms, arithmetic,
  // comparisons and boolean operators.
  struct Value {
    enum Kind { Int, Atom } kind = Int;
    std::int64_t i = 0;
    std::string atom;
  };
  static bool as_bool(const Value& v, bool* b) {
    if (v.kind != Value::Atom || (v.atom != "true" && v.atom != "false")) return false;
    *b = v.atom == "true";
    return true;
  }
  static Value boolean(bool b) {
    Value v;
    v.kind = Value::Atom;
    v.atom = b ? "true" : "false";
    return v;
  }
  bool eval(const Expr& e, Value& out, int depth) {
    if (depth > 100) return false;
    switch (e.kind) {
      case ExprKind::Integer:
        if (!e.big_value.empty()) return false;
        out.kind = Value::Int;
        out.i = e.int_value;
        return true;
      case ExprKind::Atom:
        out.kind = Value::Atom;
        out.atom = e.name;
        return true;
      case ExprKind::UnOp: {
        Value a;
        if (!e.a || !eval(*e.a, a, depth + 1)) return false;
        if (e.name == "not") {
          bool b;
          if (!as_bool(a, &b)) return false;
          out = boolean(!b);
          return true;
        }
        if (a.kind != Value::Int) return false;
        out = a;
        if (e.name == "-") out.i = static_cast<std::int64_t>(0ull - static_cast<std::uint64_t>(a.i));
        else if (e.name == "bnot") out.i = ~a.i;
        return true;
      }
      case ExprKind::AndAlso:
      case ExprKind::OrElse: {
        Value a, b;
        bool x, y;
        if (!e.a || !e.b || !eval(*e.a, a, depth + 1) || !as_bool(a, &x)) return false;
        if (e.kind == ExprKind::AndAlso ? !x : x) { out = boolean(x); return true; }
        if (!eval(*e.b, b, depth + 1) || !as_bool(b, &y)) return false;
        out = boolean(y);
        return true;
      }
      case ExprKind::BinOp: {
        Value a, b;
        if (!e.a || !e.b || !eval(*e.a, a, depth + 1) || !eval(*e.b, b, depth + 1)) return false;
        const std::string& op = e.name;
        if (op == "and" || op == "or" || op == "xor") {
          bool x, y;
          if (!as_bool(a, &x) || !as_bool(b, &y)) return false;
          out = boolean(op == "and" ? (x && y) : op == "or" ? (x || y) : (x != y));
          return true;
        }
        if (op == "==" || op == "=:=" || op == "/=" || op == "=/=" || op == "<" || op == ">" || op == "=<" || op == ">=") {
          // Term order: numbers < atoms.
          int c;
          if (a.kind != b.kind) c = a.kind == Value::Int ? -1 : 1;
          else if (a.kind == Value::Int) c = a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
          else c = a.atom.compare(b.atom) < 0 ? -1 : a.atom == b.atom ? 0 : 1;
          bool r = op == "==" || op == "=:=" ? c == 0 : op == "/=" || op == "=/=" ? c != 0
                 : op == "<" ? c < 0 : op == ">" ? c > 0 : op == "=<" ? c <= 0 : c >= 0;
          out = boolean(r);
          return true;
        }
        if (a.kind != Value::Int || b.kind != Value::Int) return false;
        auto x = static_cast<std::uint64_t>(a.i), y = static_cast<std::uint64_t>(b.i);
        out.kind = Value::Int;
        if (op == "+") out.i = static_cast<std::int64_t>(x + y);
        else if (op == "-") out.i = static_cast<std::int64_t>(x - y);
        else if (op == "*") out.i = static_cast<std::int64_t>(x * y);
        else if ((op == "div" || op == "rem") && b.i != 0 && !(b.i == -1)) out.i = op == "div" ? a.i / b.i : a.i % b.i;
        else if (op == "band") out.i = a.i & b.i;
        else if (op == "bor") out.i = a.i | b.i;
        else if (op == "bxor") out.i = a.i ^ b.i;
        else return false;
        return true;
      }
      default:
        return false;
    }
  }

  // ---- define / undef / include ----

  void handle_define(const std::vector<Token>& form) {
    // -define(Name, Body). or -define(Name(P1, ..., Pn), Body).
    size_t n = form.size();
    auto bad = [&](size_t at) { error(form[at < n ? at : n - 1], "badly formed 'define'"); };
    if (n < 4 || !form[2].is_symbol("(")) return bad(2);
    if (!is_name_token(form[3])) return bad(3);
    if (form.back().kind != TokenKind::Dot || n < 7 || !form[n - 2].is_symbol(")")) return bad(3);
    const std::string& name = form[3].text;
    MacroDef def;
    size_t k = 4;
    if (form[k].is_symbol("(")) {
      def.has_params = true;
      ++k;
      if (form[k].is_symbol(")")) {
        ++k;
      } else {
        while (true) {
          if (k >= n || form[k].kind != TokenKind::Var) return bad(k);
          def.params.push_back(form[k].text);
          ++k;
          if (k < n && form[k].is_symbol(",")) { ++k; continue; }
          if (k < n && form[k].is_symbol(")")) { ++k; break; }
          return bad(k);
        }
      }
    }
    if (k >= n || !form[k].is_symbol(",")) return bad(k);
    ++k;
    for (; k + 2 < n; ++k) def.body.push_back(form[k]);
    static const char* const kPredefined[] = {"MODULE", "MODULE_STRING", "FILE", "LINE", "MACHINE",
                                              "FUNCTION_NAME", "FUNCTION_ARITY", "OTP_RELEASE"};
    for (const char* p : kPredefined) {
      if (name == p) {
        error(form[3], "redefining predefined macro '" + name + "'");
        return;
      }
    }
    int arity = def.has_params ? static_cast<int>(def.params.size()) : -1;
    auto& defs = macros_[name];
    if (defs.count(arity)) {
      error(form[3], "redefining macro '" + name + "'");
      return;
    }
    defs[arity] = std::move(def);
  }

  void handle_undef(const std::vector<Token>& form) {
    if (form.size() != 6 || !form[2].is_symbol("(") || !is_name_token(form[3]) || !form[4].is_symbol(")")) {
      error(form.size() > 3 ? form[3] : form[1], "badly formed 'undef'");
      return;
    }
    macros_.erase(form[3].text);
  }

  // Regular files only, and never more than kMaxIncludeBytes: an include of
  // a device or of something like /proc/kcore must not hang the compiler.
  static bool read_file(const std::filesystem::path& p, std::string& out) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec)) return false;
    auto size = std::filesystem::file_size(p, ec);
    if (ec || size > kMaxIncludeBytes) return false;
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    out.clear();
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      out.append(buf, static_cast<size_t>(in.gcount()));
      if (out.size() > kMaxIncludeBytes) return false;
    }
    return true;
  }

  void handle_include(const std::string& d, const std::vector<Token>& form, int depth) {
    ExpandCtx ctx;
    ctx.form = &form;
    std::vector<Token> args;
    std::vector<Token> inner(form.begin() + 2, form.end());
    expand(inner, args, ctx);
    if (ctx.failed) return;
    // Expect ( String... ) .
    std::u32string name32;
    size_t k = 0;
    bool ok = k < args.size() && args[k].is_symbol("(");
    ++k;
    const Token* str_tok = k < args.size() ? &args[k] : &form[1];
    bool any = false;
    while (ok && k < args.size() && args[k].kind == TokenKind::String) {
      name32 += args[k].chars;
      ++k;
      any = true;
    }
    ok = ok && any && k + 2 == args.size() && args[k].is_symbol(")") && args[k + 1].kind == TokenKind::Dot;
    if (!ok) {
      error(*str_tok, "badly formed '" + d + "'");
      return;
    }
    std::string name;
    for (char32_t c : name32) vm::utf8::append(name, c);
    if (depth >= kMaxIncludeDepth) {
      error(*str_tok, "include depth limit exceeded for \"" + name + "\"");
      return;
    }
    namespace fs = std::filesystem;
    // epp's order: the name as given, against the including file's directory
    // and the include path; for -include_lib then the application's own
    // include/ (here: the headers Girder ships, stdlib/include/), and last
    // the path below the application name beside the file (a local app,
    // where OTP would ask code:lib_dir).
    std::vector<fs::path> candidates, fallbacks;
    fs::path rel(name);
    fs::path base = fs::path(file_name(form[0].file)).parent_path();
    if (rel.is_absolute()) {
      candidates.push_back(rel);
    } else {
      candidates.push_back(base / rel);
      for (const auto& dir : opts_.include_dirs) candidates.push_back(fs::path(dir) / rel);
      if (d == "include_lib") {
        auto it = rel.begin();
        if (it != rel.end() && ++it != rel.end()) {
          fs::path rest;
          for (; it != rel.end(); ++it) rest /= *it;
          fallbacks.push_back(base / rest);
          fallbacks.push_back(base / ".." / rest);
          for (const auto& dir : opts_.include_dirs) {
            fallbacks.push_back(fs::path(dir) / rest);
            fallbacks.push_back(fs::path(dir) / ".." / rest);  // dir is the app's own include/
          }
        }
      }
    }
    std::string text;
    std::string found;
    for (const auto& c : candidates) {
      if (read_file(c, text)) {
        found = c.lexically_normal().string();
        break;
      }
    }
    if (found.empty() && d == "include_lib") {
      if (auto shipped = stdlib::embedded_header(rel.lexically_normal().generic_string())) {
        text.assign(shipped->data(), shipped->size());
        found = std::string(kShippedHeaderPrefix) + rel.lexically_normal().generic_string();
      }
    }
    for (size_t k = 0; found.empty() && k < fallbacks.size(); ++k) {
      if (read_file(fallbacks[k], text)) found = fallbacks[k].lexically_normal().string();
    }
    if (found.empty()) {
      error(*str_tok, std::string(d == "include" ? "can't find include file \"" : "can't find include lib \"") + name + "\"");
      return;
    }
    if (result_.files.size() >= 0xFFFF) {
      error(*str_tok, "too many include files");
      return;
    }
    result_.files.push_back(found);
    process_source(text, static_cast<std::uint16_t>(result_.files.size() - 1), depth + 1);
  }

  // ---- macro expansion ----

  void fail(ExpandCtx& ctx, const Token& at, std::string msg) {
    if (!ctx.failed) error(at, std::move(msg));
    ctx.failed = true;
  }

  bool emit(ExpandCtx& ctx, std::vector<Token>& out, Token t, const Token& at) {
    if (++ctx.produced > kMaxExpandedTokens || ++total_expanded_ > kMaxTotalExpanded) {
      fail(ctx, at, "macro expansion too large");
      return false;
    }
    out.push_back(std::move(t));
    return true;
  }

  // Expands every macro call in `in` (which may end in Dot) onto `out`. `hs`
  // holds a hide set id per token of `in` (null: all tokens are the source's).
  void expand(const std::vector<Token>& in, std::vector<Token>& out, ExpandCtx& ctx,
              const std::vector<std::uint32_t>* hs = nullptr, int depth = 0) {
    for (size_t i = 0; i < in.size() && !ctx.failed; ++i) {
      const Token& t = in[i];
      if (!t.is_symbol("?")) {
        out.push_back(t);  // source tokens are not counted against the budget
        continue;
      }
      if (i + 1 >= in.size() || !is_name_token(in[i + 1])) {
        const Token& at = i + 1 < in.size() ? in[i + 1] : t;
        fail(ctx, at, "illegal macro call '?" + (i + 1 < in.size() ? token_src(in[i + 1]) : std::string()) + "'");
        return;
      }
      i = expand_call(in, hs, i, out, ctx, depth);
    }
  }

  // Expands the call whose '?' is at in[q]; returns the index of its last token.
  size_t expand_call(const std::vector<Token>& in, const std::vector<std::uint32_t>* hs, size_t q,
                     std::vector<Token>& out, ExpandCtx& ctx, int depth) {
    const Token& name_tok = in[q + 1];
    const std::string& name = name_tok.text;
    auto it = macros_.find(name);
    if (it == macros_.end()) {
      if (expand_predefined(name_tok, out, ctx)) return q + 1;
      if (!ctx.failed) fail(ctx, name_tok, "undefined macro '" + name + "'");
      return q + 1;
    }
    const auto& defs = it->second;
    const MacroDef* def = nullptr;
    std::vector<std::vector<Token>> args;
    std::vector<std::vector<std::uint32_t>> arg_hs;
    size_t last = q + 1;
    bool has_param_defs = defs.size() > 1 || defs.begin()->first >= 0;
    if (has_param_defs && q + 2 < in.size() && in[q + 2].is_symbol("(")) {
      size_t close = split_args(in, q + 2, args, hs, &arg_hs);
      if (close == 0) {
        fail(ctx, name_tok, "unterminated macro arguments for '" + name + "'");
        return in.size();
      }
      auto d = defs.find(static_cast<int>(args.size()));
      if (d != defs.end()) {
        def = &d->second;
        last = close;
      }
    }
    if (!def) {
      auto d = defs.find(-1);
      if (d == defs.end()) {
        fail(ctx, name_tok, "argument mismatch for macro '" + name + "'");
        return q + 1;
      }
      def = &d->second;
      args.clear();
      arg_hs.clear();
    }
    // Circularity is per definition: ?F(X, Y) may use ?F(X) (epp does the same).
    std::string key = name + "/" + std::to_string(def->has_params ? static_cast<int>(def->params.size()) : -1);
    std::uint32_t call_hs = hs ? (*hs)[q] : 0;
    for (const auto& a : ctx.hide_sets[call_hs]) {
      if (a == key) {
        fail(ctx, name_tok, "circular macro '" + name + "'");
        return last;
      }
    }
    if (depth >= kMaxMacroDepth) {
      fail(ctx, name_tok, "macro expansion too deep");
      return last;
    }
    // The body's tokens carry the call site's hide set plus this macro.
    std::vector<std::string> body_set = ctx.hide_sets[call_hs];
    body_set.push_back(key);
    ctx.hide_sets.push_back(std::move(body_set));
    auto body_hs = static_cast<std::uint32_t>(ctx.hide_sets.size() - 1);
    std::vector<Token> subst;
    std::vector<std::uint32_t> subst_hs;
    const auto& body = def->body;
    auto find_param = [&](const Token& tok) {
      if (tok.kind != TokenKind::Var) return -1;
      for (size_t p = 0; p < def->params.size(); ++p) if (def->params[p] == tok.text) return static_cast<int>(p);
      return -1;
    };
    for (size_t b = 0; b < body.size(); ++b) {
      const Token& bt = body[b];
      int param = -1;
      if (bt.is_symbol("??") && b + 1 < body.size() && (param = find_param(body[b + 1])) >= 0) {
        std::string s;
        for (const Token& at : args[static_cast<size_t>(param)]) {
          if (!s.empty()) s += " ";
          s += token_src(at);
        }
        Token st = make_token(TokenKind::String, name_tok);
        st.chars = vm::utf8::decode_lenient(s);
        if (!emit(ctx, subst, std::move(st), name_tok)) return last;
        subst_hs.push_back(body_hs);
        ++b;
        continue;
      }
      if ((param = find_param(bt)) >= 0) {
        const auto& arg = args[static_cast<size_t>(param)];
        const auto& ahs = arg_hs[static_cast<size_t>(param)];
        for (size_t k = 0; k < arg.size(); ++k) {
          if (!emit(ctx, subst, arg[k], name_tok)) return last;
          subst_hs.push_back(ahs[k]);
        }
        continue;
      }
      Token copy = bt;
      copy.loc = name_tok.loc;
      copy.file = name_tok.file;
      if (!emit(ctx, subst, std::move(copy), name_tok)) return last;
      subst_hs.push_back(body_hs);
    }
    expand(subst, out, ctx, &subst_hs, depth + 1);
    return last;
  }

  bool expand_predefined(const Token& name_tok, std::vector<Token>& out, ExpandCtx& ctx) {
    const std::string& name = name_tok.text;
    Token t = make_token(TokenKind::Atom, name_tok);
    if (name == "MODULE" && have_module_) {
      t.text = module_;
    } else if (name == "MODULE_STRING" && have_module_) {
      t.kind = TokenKind::String;
      t.chars = vm::utf8::decode_lenient(module_);
    } else if (name == "FILE") {
      t.kind = TokenKind::String;
      t.chars = vm::utf8::decode_lenient(file_name(name_tok.file));
    } else if (name == "LINE") {
      t.kind = TokenKind::Integer;
      t.int_value = name_tok.loc.line;
    } else if (name == "MACHINE") {
      t.text = "BEAM";
    } else if (name == "OTP_RELEASE") {
      t.kind = TokenKind::Integer;
      t.int_value = 25;
    } else if (name == "FUNCTION_NAME" || name == "FUNCTION_ARITY") {
      const std::vector<Token>& f = *ctx.form;
      if (f.size() < 2 || f[0].kind != TokenKind::Atom || !f[1].is_symbol("(")) {
        fail(ctx, name_tok, "?" + name + " can only be used within a function");
        return true;
      }
      if (name == "FUNCTION_NAME") {
        t.text = f[0].text;
      } else {
        std::vector<std::vector<Token>> args;
        split_args(f, 1, args);
        t.kind = TokenKind::Integer;
        t.int_value = static_cast<std::int64_t>(args.size());
      }
    } else {
      return false;
    }
    return emit(ctx, out, std::move(t), name_tok);
  }
};

}  // namespace

PreprocessResult preprocess(std::string_view source, const std::string& file_name, const FrontendOptions& opts) {
  return Preprocessor(opts).run(source, file_name);
}

}  // namespace girder::compiler
