// Internal to the parser: the token cursor and expression grammar, shared by
// parser.cpp (expressions) and parser_forms.cpp (forms, attributes, records).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/compiler/parser.h"

namespace girder::compiler {

// Rewrites an expression parsed in pattern position into the pattern form
// documented in ast.h. Never reports errors: whatever it cannot rewrite is
// left for check.cpp to call an illegal pattern.
void to_pattern(ExprPtr& e);

class Parser {
 public:
  Parser(const std::vector<Token>& toks, const std::vector<std::string>& files, std::vector<Diagnostic>& errors);

  bool failed() const { return failed_; }

  // ---- token cursor ----
  const Token& peek(size_t ahead = 0) const;
  const Token& next();
  bool is_sym(std::string_view s, size_t ahead = 0) const { return peek(ahead).is_symbol(s); }
  bool accept(std::string_view s);
  void expect(std::string_view s);
  void expect_dot();
  void syntax_error();                    // "syntax error before: <current token>"
  void error_at(const Token& t, std::string msg);  // poisons the form
  void error_at(Loc loc, std::string msg);         // main-file location, poisons
  void soft_error(Loc loc, std::string msg);       // reported, parsing continues

  // ---- grammar ----
  ExprPtr expr();
  std::vector<ExprPtr> exprs();  // Expr, Expr, ...
  ExprPtr pattern();             // expr() then to_pattern()
  ExprPtr dummy(Loc loc);        // placeholder after an error

  Guard guard();                  // after 'when'
  void clause_tail(Clause& c);    // [when Guard] -> Body

  const std::vector<std::string>& files() const { return files_; }
  std::vector<Diagnostic>& errors() { return errors_; }

 private:
  ExprPtr match_expr();
  ExprPtr orelse_expr();
  ExprPtr andalso_expr();
  ExprPtr comp_expr();
  ExprPtr list_op_expr();
  ExprPtr add_expr();
  ExprPtr mult_expr();
  ExprPtr prefix_expr();
  ExprPtr postfix_expr();
  ExprPtr hash_chain(ExprPtr base, int state);
  ExprPtr primary();
  ExprPtr list_or_comp();
  ExprPtr tuple();
  ExprPtr binary_or_comp();
  bool bin_element(BinElement& el);
  std::vector<Qualifier> qualifiers();
  std::vector<ExprPtr> call_args();
  std::vector<MapField> map_fields();
  std::vector<RecordFieldInit> record_fields();
  std::vector<Clause> cr_clauses();
  ExprPtr case_expr();
  ExprPtr if_expr();
  ExprPtr receive_expr();
  ExprPtr fun_expr();
  ExprPtr try_expr();
  Clause try_clause();
  bool enter();  // depth check; false (with error) when nesting is too deep
  void leave() { --depth_; }
  bool chain_step();  // counts list elements / operator chain links

  const std::vector<Token>& toks_;
  const std::vector<std::string>& files_;
  std::vector<Diagnostic>& errors_;
  size_t pos_ = 0;
  Token eof_;
  bool failed_ = false;
  int depth_ = 0;
  int chain_ = 0;
  bool no_remote_ = false;  // while parsing Class:Reason:Stack in a catch clause
};

}  // namespace girder::compiler
