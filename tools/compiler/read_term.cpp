// parse_term (frontend.h): one term's text read as erl_scan and
// erl_parse:parse_term read it, for file:consult and io:read at run time.
// A file of its own so the frontend alone (the parser fuzzer builds it)
// needs no literal encoder.
#include <string>
#include <vector>

#include "tools/compiler/frontend.h"
#include "tools/compiler/lexer.h"
#include "tools/compiler/literal.h"
#include "tools/compiler/parser.h"

namespace girder::compiler {

namespace {

// The byte offset of a lexer location (1-based line, and column in
// characters), or text.size().
std::size_t offset_of(std::string_view text, std::uint32_t line, std::uint32_t col) {
  std::size_t i = 0;
  for (std::uint32_t l = 1; l < line && i < text.size(); ++i) {
    if (text[i] == '\n') ++l;
  }
  for (std::uint32_t c = 1; c < col && i < text.size(); ++c) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;  // continuation bytes
  }
  return i;
}

}  // namespace

TermResult parse_term(std::string_view text, std::uint32_t first_line) {
  static const std::string kFile = "term";
  TermResult result;
  std::uint32_t shift = first_line > 0 ? first_line - 1 : 0;
  LexResult lr = lex(text, 0, kFile);
  if (!lr.errors.empty()) {
    result.status = TermResult::Status::Error;
    result.error = lr.errors.front();
    if (result.error.message.starts_with("unterminated string") ||
        result.error.message.starts_with("unterminated atom")) {
      std::size_t at = offset_of(text, result.error.line, result.error.col);
      if (at < text.size()) result.unterminated = std::string(text.substr(at + 1));
    }
    result.error.line += shift;
    result.scan_error = true;
    return result;
  }
  std::vector<Token> form;
  for (Token& t : lr.tokens) {
    if (t.kind == TokenKind::Eof) break;
    t.loc.line += shift;
    form.push_back(std::move(t));
    if (form.back().kind == TokenKind::Dot) break;
  }
  if (form.empty()) return result;  // Eof
  result.status = TermResult::Status::Error;
  std::vector<std::string> files{kFile};
  std::vector<ExprPtr> exprs;
  std::vector<Diagnostic> errors;
  // Without a final '.', the parser reports the end of the tokens as
  // "syntax error before: " at the last token, as erl_parse does.
  if (!parse_expr_seq(form, files, exprs, errors)) {
    result.error = errors.front();
    return result;
  }
  // erl_parse:parse_term: one expression, and a constant one.
  const Expr* bad = exprs.size() > 1 ? exprs[1].get() : !is_constant(*exprs[0]) ? exprs[0].get() : nullptr;
  if (bad != nullptr) {
    result.error = Diagnostic{kFile, bad->loc.line, bad->loc.col, "bad term"};
    return result;
  }
  result.status = TermResult::Status::Ok;
  result.etf = constant_to_etf(*exprs[0]);
  return result;
}

}  // namespace girder::compiler
