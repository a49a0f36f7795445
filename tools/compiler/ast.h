// The abstract syntax tree the parser produces and the code generator reads.
//
// One node type (Expr) serves expressions and patterns alike: a pattern is an
// expression restricted to Var, literals, Cons, Nil, Tuple, Map (with :=
// fields), Binary, Match (P1 = P2), String ++ Pattern (desugared to a
// cons chain by the parser) and records (desugared before code generation).
//
// Invariants after parse + desugar (desugar.h):
// * No Record* nodes remain: records become tuples / element calls / setelement
//   chains (with a {badrecord, Name} check on access and update).
// * Char literals ($a) are Integer nodes; strings are String nodes (a list of
//   code points), "abc" ++ Tail in a pattern becomes a Cons chain.
// * Every node has the line and column of its first token.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace girder::compiler {

struct Loc {
  std::uint32_t line = 0;
  std::uint32_t col = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  Var,          // name ("_" for the anonymous variable)
  Atom,         // name
  Integer,      // int_value, or big_value (decimal digits, with '-' if negative) when it does not fit
  Float,        // float_value
  String,       // chars (code points)
  Nil,          // []
  Cons,         // a = head, b = tail
  Tuple,        // args
  MapNew,       // #{k => v}: map_fields (all assoc)
  MapUpdate,    // a = map expression, map_fields (assoc or exact)
  MapPattern,   // #{k := P} in a pattern: map_fields (exact)
  RecordNew,    // #name{f = v}: name, record_fields; a = nullptr
  RecordUpdate, // Expr#name{f = v}: a = record expression, name, record_fields
  RecordField,  // Expr#name.field: a = record expression, name, field
  RecordIndex,  // #name.field: name, field
  Binary,       // <<...>>: bin_elements
  Match,        // a = b
  BinOp,        // op: + - * / div rem band bor bxor bsl bsr and or xor
                //     == /= =< < >= > =:= =/= ++ -- !
  UnOp,         // op: - + not bnot; a = operand
  AndAlso,      // a andalso b
  OrElse,       // a orelse b
  Call,         // local call: name = function, args; or remote: a = module expr,
                // b = function expr, args; or fun call: a = fun expr (b null,
                // name empty), args. See is_remote / is_fun_call below.
  FunRef,       // fun name/arity: name, arity (local)
  FunRemote,    // fun M:F/A: a = module, b = function, c = arity (each may be a Var)
  Lambda,       // fun (...) -> ... end: clauses; name = "" or the named-fun variable
  Case,         // case a of clauses end
  If,           // if clauses end (each clause has no patterns, only guards)
  Receive,      // receive clauses after timeout -> after_body end (timeout may be null)
  Try,          // try body of clauses catch catch_clauses after after_body end
  Catch,        // catch a
  Block,        // begin body end
  ListComp,     // [a || qualifiers]
  BinComp,      // << a || qualifiers >>
};

struct Clause;

struct MapField {
  ExprPtr key;
  ExprPtr value;
  bool exact = false;  // := (true) or => (false)
};

struct RecordFieldInit {
  std::string field;  // "_" for the catch-all `_ = Value`
  ExprPtr value;
  Loc loc;
};

// One segment of a binary: Value:Size/TypeSpecifiers.
struct BinElement {
  ExprPtr value;
  ExprPtr size;  // null when absent (default for the type)
  // Type specifier list, already split: type is one of "integer", "float",
  // "binary", "bytes", "bitstring", "bits", "utf8", "utf16", "utf32" or ""
  // (default integer); sign "signed"/"unsigned"/""; endian "big"/"little"/
  // "native"/""; unit 0 when absent.
  std::string type;
  std::string sign;
  std::string endian;
  unsigned unit = 0;
  Loc loc;
};

enum class QualifierKind { Generator, BinGenerator, Filter };
struct Qualifier {
  QualifierKind kind;
  ExprPtr pattern;  // generators: the pattern
  ExprPtr expr;     // generators: the list/binary; filters: the condition
  Loc loc;
};

struct Expr {
  ExprKind kind;
  Loc loc;
  std::string name;     // Var, Atom, Call (local), FunRef, Record*, Lambda (named fun), op
  std::string field;    // RecordField, RecordIndex
  std::string fun_name; // Lambda: the name OTP gives its code (codegen.cpp name_lambdas)
  std::int64_t int_value = 0;
  std::string big_value;  // Integer that does not fit in int64: decimal text
  double float_value = 0;
  unsigned arity = 0;     // FunRef
  std::u32string chars;   // String
  ExprPtr a, b, c;
  std::vector<ExprPtr> args;
  std::vector<Clause> clauses;        // Case, If, Receive, Try (of), Lambda
  std::vector<Clause> catch_clauses;  // Try
  std::vector<ExprPtr> body;          // Try body, Block body
  std::vector<ExprPtr> after_body;    // Try after, Receive after
  ExprPtr timeout;                    // Receive after timeout
  std::vector<MapField> map_fields;
  std::vector<RecordFieldInit> record_fields;
  std::vector<BinElement> bin_elements;
  std::vector<Qualifier> qualifiers;

  // Defined after Clause: clang instantiates std::vector<Clause>'s members
  // here otherwise, while Clause is still incomplete.
  Expr(ExprKind k, Loc l);
  bool is_remote_call() const { return kind == ExprKind::Call && a && b; }
  bool is_fun_call() const { return kind == ExprKind::Call && a && !b; }
};

// A guard: guard sequences separated by ';', each a list of guard
// expressions separated by ','. Empty = no guard (always true).
using Guard = std::vector<std::vector<ExprPtr>>;

struct Clause {
  std::vector<ExprPtr> patterns;  // function heads: one per argument; case/receive: one;
                                  // try catch: one pattern, a Tuple {Class, Reason, Stack}
                                  // built by the parser ({throw, R, _} when the class is omitted)
  Guard guard;
  std::vector<ExprPtr> body;
  Loc loc;
};

inline Expr::Expr(ExprKind k, Loc l) : kind(k), loc(l) {}

// Calls f(ExprPtr&) on every sub-expression slot of e (null ones included,
// f must check), one level deep, in source order: operands, arguments,
// bodies, then clauses (patterns, guard tests, body), catch clauses, after
// bodies, the receive timeout, map and record fields, binary segments and
// comprehension qualifiers.
template <class F>
void for_each_clause_child(std::vector<Clause>& clauses, F&& f) {
  for (Clause& c : clauses) {
    for (auto& p : c.patterns) f(p);
    for (auto& g : c.guard) {
      for (auto& t : g) f(t);
    }
    for (auto& b : c.body) f(b);
  }
}

template <class F>
void for_each_child(Expr& e, F&& f) {
  f(e.a);
  f(e.b);
  f(e.c);
  for (auto& x : e.args) f(x);
  for (auto& x : e.body) f(x);
  for_each_clause_child(e.clauses, f);
  for_each_clause_child(e.catch_clauses, f);
  for (auto& x : e.after_body) f(x);
  f(e.timeout);
  for (auto& m : e.map_fields) {
    f(m.key);
    f(m.value);
  }
  for (auto& r : e.record_fields) f(r.value);
  for (auto& b : e.bin_elements) {
    f(b.value);
    f(b.size);
  }
  for (auto& q : e.qualifiers) {
    f(q.pattern);
    f(q.expr);
  }
}

// The same walk over a node that is only read.
template <class F>
void for_each_child(const Expr& e, F&& f) {
  for_each_child(const_cast<Expr&>(e), [&f](ExprPtr& c) { f(static_cast<const ExprPtr&>(c)); });
}

struct Function {
  std::string name;
  unsigned arity = 0;
  std::vector<Clause> clauses;
  Loc loc;
};

struct RecordDef {
  std::string name;
  struct Field {
    std::string name;
    ExprPtr default_value;  // null: undefined
  };
  std::vector<Field> fields;
  Loc loc;
};

struct Attribute {  // any other -name(Value). kept for module_info(attributes)
  std::string name;
  ExprPtr value;
  Loc loc;
};

struct Module {
  std::string name;
  std::string file;  // as given on the command line, for ?FILE and stack traces
  std::vector<std::pair<std::string, unsigned>> exports;
  bool export_all = false;
  // -import(Mod, [F/A]): (function, arity) -> module
  std::vector<std::pair<std::pair<std::string, unsigned>, std::string>> imports;
  std::vector<RecordDef> records;
  std::vector<Attribute> attributes;
  std::vector<Function> functions;
  bool nowarn_export_all = false;
  // -compile({parse_transform, eunit_autoexport | eunit_striptests}), which
  // eunit.hrl sets: done by apply_eunit_transforms (eunit_transforms.h).
  bool eunit_autoexport = false;
  bool eunit_striptests = false;
  // -compile({parse_transform, ms_transform}), which ms_transform.hrl sets:
  // ets:fun2ms/dbg:fun2ms calls are translated (ms_transform.h).
  bool ms_transform = false;
};

// Node constructors shared by the parser and the desugarer.
inline ExprPtr make_expr(ExprKind k, Loc loc) { return std::make_unique<Expr>(k, loc); }
inline ExprPtr make_atom(Loc loc, std::string name) {
  auto e = make_expr(ExprKind::Atom, loc);
  e->name = std::move(name);
  return e;
}
inline ExprPtr make_var(Loc loc, std::string name) {
  auto e = make_expr(ExprKind::Var, loc);
  e->name = std::move(name);
  return e;
}
inline ExprPtr make_int(Loc loc, std::int64_t v) {
  auto e = make_expr(ExprKind::Integer, loc);
  e->int_value = v;
  return e;
}

}  // namespace girder::compiler
