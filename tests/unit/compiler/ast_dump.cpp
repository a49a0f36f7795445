// AST dumper for the compiler unit tests (see ast_dump.h).
#include "tests/unit/compiler/ast_dump.h"

#include "tools/compiler/lexer.h"

namespace girder::compiler::testing {
namespace {

void out_expr(std::string& o, const Expr& e);

void out_list(std::string& o, const std::vector<ExprPtr>& es) {
  for (size_t i = 0; i < es.size(); ++i) {
    if (i) o += " ";
    out_expr(o, *es[i]);
  }
}

void out_clause(std::string& o, const Clause& c) {
  o += "(cl (";
  out_list(o, c.patterns);
  o += ")";
  if (!c.guard.empty()) {
    o += " when";
    for (const auto& conj : c.guard) {
      o += " (";
      out_list(o, conj);
      o += ")";
    }
  }
  o += " -> ";
  out_list(o, c.body);
  o += ")";
}

void out_clauses(std::string& o, const std::vector<Clause>& cs) {
  for (const auto& c : cs) {
    o += " ";
    out_clause(o, c);
  }
}

void out_expr(std::string& o, const Expr& e) {
  switch (e.kind) {
    case ExprKind::Var: o += e.name; return;
    case ExprKind::Atom: o += quote_atom_if_needed(e.name); return;
    case ExprKind::Integer: o += e.big_value.empty() ? std::to_string(e.int_value) : e.big_value; return;
    case ExprKind::Float: o += format_float(e.float_value); return;
    case ExprKind::String: o += write_string(e.chars); return;
    case ExprKind::Nil: o += "[]"; return;
    case ExprKind::Cons: {
      o += "[";
      const Expr* p = &e;
      bool first = true;
      while (p->kind == ExprKind::Cons) {
        if (!first) o += ",";
        first = false;
        out_expr(o, *p->a);
        p = p->b.get();
      }
      if (p->kind != ExprKind::Nil) {
        o += "|";
        out_expr(o, *p);
      }
      o += "]";
      return;
    }
    case ExprKind::Tuple:
      o += "{";
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i) o += ",";
        out_expr(o, *e.args[i]);
      }
      o += "}";
      return;
    case ExprKind::MapNew:
    case ExprKind::MapUpdate:
    case ExprKind::MapPattern:
      o += e.kind == ExprKind::MapNew ? "(map" : e.kind == ExprKind::MapUpdate ? "(mapup" : "(mappat";
      if (e.a) {
        o += " ";
        out_expr(o, *e.a);
      }
      for (const auto& f : e.map_fields) {
        o += " ";
        out_expr(o, *f.key);
        o += f.exact ? ":=" : "=>";
        out_expr(o, *f.value);
      }
      o += ")";
      return;
    case ExprKind::RecordNew:
    case ExprKind::RecordUpdate:
      o += "(rec ";
      if (e.a) {
        out_expr(o, *e.a);
        o += " ";
      }
      o += e.name;
      for (const auto& f : e.record_fields) {
        o += " " + f.field + "=";
        out_expr(o, *f.value);
      }
      o += ")";
      return;
    case ExprKind::RecordField:
      o += "(recfield ";
      out_expr(o, *e.a);
      o += " " + e.name + " " + e.field + ")";
      return;
    case ExprKind::RecordIndex: o += "(recindex " + e.name + " " + e.field + ")"; return;
    case ExprKind::Binary:
      o += "<<";
      for (size_t i = 0; i < e.bin_elements.size(); ++i) {
        const auto& b = e.bin_elements[i];
        if (i) o += ",";
        out_expr(o, *b.value);
        if (b.size) {
          o += ":";
          out_expr(o, *b.size);
        }
        std::string spec;
        for (const std::string* s : {&b.type, &b.sign, &b.endian}) {
          if (!s->empty()) spec += (spec.empty() ? "" : "-") + *s;
        }
        if (b.unit) spec += (spec.empty() ? "" : "-") + std::string("unit:") + std::to_string(b.unit);
        if (!spec.empty()) o += "/" + spec;
      }
      o += ">>";
      return;
    case ExprKind::Match:
      o += "(= ";
      out_expr(o, *e.a);
      o += " ";
      out_expr(o, *e.b);
      o += ")";
      return;
    case ExprKind::BinOp:
    case ExprKind::AndAlso:
    case ExprKind::OrElse:
      o += "(" + (e.kind == ExprKind::BinOp ? e.name : e.kind == ExprKind::AndAlso ? "andalso" : "orelse") + " ";
      out_expr(o, *e.a);
      o += " ";
      out_expr(o, *e.b);
      o += ")";
      return;
    case ExprKind::UnOp:
      o += "(" + e.name + " ";
      out_expr(o, *e.a);
      o += ")";
      return;
    case ExprKind::Call:
      o += "(call ";
      if (e.is_remote_call()) {
        out_expr(o, *e.a);
        o += ":";
        out_expr(o, *e.b);
      } else if (e.is_fun_call()) {
        o += "(";
        out_expr(o, *e.a);
        o += ")";
      } else {
        o += quote_atom_if_needed(e.name);
      }
      for (const auto& a : e.args) {
        o += " ";
        out_expr(o, *a);
      }
      o += ")";
      return;
    case ExprKind::FunRef: o += "(fun " + e.name + "/" + std::to_string(e.arity) + ")"; return;
    case ExprKind::FunRemote:
      o += "(fun ";
      out_expr(o, *e.a);
      o += ":";
      out_expr(o, *e.b);
      o += "/";
      out_expr(o, *e.c);
      o += ")";
      return;
    case ExprKind::Lambda:
      o += "(fun";
      if (!e.name.empty()) o += " " + e.name;
      out_clauses(o, e.clauses);
      o += ")";
      return;
    case ExprKind::Case:
      o += "(case ";
      out_expr(o, *e.a);
      out_clauses(o, e.clauses);
      o += ")";
      return;
    case ExprKind::If:
      o += "(if";
      out_clauses(o, e.clauses);
      o += ")";
      return;
    case ExprKind::Receive:
      o += "(receive";
      out_clauses(o, e.clauses);
      if (e.timeout) {
        o += " after ";
        out_expr(o, *e.timeout);
        o += " -> ";
        out_list(o, e.after_body);
      }
      o += ")";
      return;
    case ExprKind::Try:
      o += "(try ";
      out_list(o, e.body);
      if (!e.clauses.empty()) {
        o += " of";
        out_clauses(o, e.clauses);
      }
      if (!e.catch_clauses.empty()) {
        o += " catch";
        out_clauses(o, e.catch_clauses);
      }
      if (!e.after_body.empty()) {
        o += " after ";
        out_list(o, e.after_body);
      }
      o += ")";
      return;
    case ExprKind::Catch:
      o += "(catch ";
      out_expr(o, *e.a);
      o += ")";
      return;
    case ExprKind::Block:
      o += "(begin ";
      out_list(o, e.body);
      o += ")";
      return;
    case ExprKind::ListComp:
    case ExprKind::BinComp:
      o += e.kind == ExprKind::ListComp ? "(lc " : "(bc ";
      out_expr(o, *e.a);
      for (const auto& q : e.qualifiers) {
        o += " ";
        if (q.kind == QualifierKind::Filter) {
          out_expr(o, *q.expr);
        } else {
          out_expr(o, *q.pattern);
          o += q.kind == QualifierKind::Generator ? " <- " : " <= ";
          out_expr(o, *q.expr);
        }
      }
      o += ")";
      return;
  }
}

}  // namespace

std::string dump(const Expr& e) {
  std::string o;
  out_expr(o, e);
  return o;
}

std::string dump(const Function& f) {
  std::string o = f.name + "/" + std::to_string(f.arity) + ":";
  out_clauses(o, f.clauses);
  return o;
}

std::string dump(const Module& m) {
  std::string o = "module " + m.name + "\n";
  for (const auto& [f, a] : m.exports) o += "export " + f + "/" + std::to_string(a) + "\n";
  for (const auto& imp : m.imports) o += "import " + imp.second + ":" + imp.first.first + "/" + std::to_string(imp.first.second) + "\n";
  if (m.export_all) o += "export_all\n";
  for (const auto& r : m.records) {
    o += "record " + r.name;
    for (const auto& f : r.fields) {
      o += " " + f.name;
      if (f.default_value) o += "=" + dump(*f.default_value);
    }
    o += "\n";
  }
  for (const auto& a : m.attributes) o += "attr " + a.name + " " + dump(*a.value) + "\n";
  for (const auto& f : m.functions) o += dump(f) + "\n";
  return o;
}

}  // namespace girder::compiler::testing
