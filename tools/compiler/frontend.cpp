// Frontend driver: runs the stages in order and assembles diagnostics.
#include "tools/compiler/frontend.h"

#include <algorithm>
#include <tuple>

#include "tools/compiler/check.h"
#include "tools/compiler/desugar.h"
#include "tools/compiler/eunit_transforms.h"
#include "tools/compiler/lexer.h"
#include "tools/compiler/ms_transform.h"
#include "tools/compiler/parser.h"
#include "tools/compiler/preprocessor.h"

namespace girder::compiler {
namespace {

// Position order within each file, the main file first; exact duplicates
// (the same error reached twice, e.g. through a copied record default) go.
void sort_diagnostics(std::vector<Diagnostic>& ds, const std::string& main_file) {
  auto key = [&](const Diagnostic& d) { return std::make_tuple(d.file != main_file, d.file, d.line, d.col); };
  std::stable_sort(ds.begin(), ds.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.file == b.file && a.line == b.line && a.col == b.col && a.message == b.message;
  };
  ds.erase(std::unique(ds.begin(), ds.end(), same), ds.end());
}

}  // namespace

std::string Diagnostic::format() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
}

FrontendResult parse_module(std::string_view source, const std::string& file_name, const FrontendOptions& opts) {
  FrontendResult result;
  PreprocessResult pp = preprocess(source, file_name, opts);
  std::vector<Diagnostic> errors = std::move(pp.errors);
  result.warnings = std::move(pp.warnings);
  ParseOutput out;
  out.module.file = file_name;
  for (const auto& form : pp.forms) parse_form(form, pp.files, out, errors);
  if (!out.have_module) {
    Loc loc = out.first_form_seen ? out.first_form_loc : Loc{1, 1};
    errors.push_back({file_name, loc.line, loc.col, "no module definition"});
  }
  // Later passes still run after syntax errors so one compile reports as
  // much as erlc would.
  apply_eunit_transforms(out.module, out.export_locs);
  // A parse transform runs only on a module that parsed, and its first
  // error ends the compilation (erlc reports nothing else).
  if (errors.empty() && !apply_ms_transform(out.module, file_name, errors)) {
    result.errors = std::move(errors);
    return result;
  }
  desugar_records(out.module, file_name, errors);
  check_module(out.module, out.export_locs, file_name, errors, result.warnings);
  sort_diagnostics(errors, file_name);
  sort_diagnostics(result.warnings, file_name);
  result.errors = std::move(errors);
  if (result.errors.empty()) result.module = std::move(out.module);
  return result;
}

ExprsResult parse_exprs(std::string_view source) {
  static const std::string kFile = "eval";
  ExprsResult result;
  LexResult lr = lex(source, 0, kFile);
  if (!lr.errors.empty()) {
    result.errors = std::move(lr.errors);
    return result;
  }
  // One form: everything up to the first Dot; anything after it is an error.
  std::vector<Token> form;
  size_t i = 0;
  while (i < lr.tokens.size() && lr.tokens[i].kind != TokenKind::Dot && lr.tokens[i].kind != TokenKind::Eof) {
    form.push_back(lr.tokens[i++]);
  }
  if (i < lr.tokens.size()) form.push_back(lr.tokens[i++]);
  std::vector<std::string> files{kFile};
  std::vector<ExprPtr> exprs;
  if (!parse_expr_seq(form, files, exprs, result.errors)) return result;
  if (i < lr.tokens.size() && lr.tokens[i].kind != TokenKind::Eof) {
    const Token& t = lr.tokens[i];
    result.errors.push_back({kFile, t.loc.line, t.loc.col, "syntax error before: " + token_to_string(t)});
    return result;
  }
  desugar_exprs(exprs, kFile, result.errors);
  check_exprs(exprs, kFile, result.errors);
  sort_diagnostics(result.errors, kFile);
  if (result.errors.empty()) result.exprs = std::move(exprs);
  return result;
}

}  // namespace girder::compiler
