// Preprocessor: token stream -> forms, the job epp does for erlc.
//
// Works on tokens, never on text. A form is the tokens up to and including a
// Dot. Directives (-define, -undef, -ifdef, -ifndef, -if, -elif, -else,
// -endif, -include, -include_lib, -error, -warning) are consumed here; every
// other form is macro-expanded and handed on. A form containing a lexical or
// macro error is dropped after the error is reported, so one bad macro does
// not also produce a syntax error.
//
// Token locations: tokens produced by a macro body carry the location of the
// macro call, arguments keep their own. Token::file indexes `files`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/compiler/frontend.h"
#include "tools/compiler/lexer.h"

namespace girder::compiler {

struct PreprocessResult {
  std::vector<std::vector<Token>> forms;  // each ends with a Dot, or Eof if the input ended mid-form
  std::vector<std::string> files;         // Token::file -> file name; [0] is the main file
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
};

// Never throws. Include files are read from disk relative to the including
// file's directory, then opts.include_dirs; -include_lib("App/include/F")
// then tries the headers Girder ships (stdlib/include/headers.h, named
// "girder/lib/App/include/F" in diagnostics), then App's include/ beside the
// file (docs/internals/eunit.md).
PreprocessResult preprocess(std::string_view source, const std::string& file_name,
                            const FrontendOptions& opts);

}  // namespace girder::compiler
