// libFuzzer target for the compiler frontend: any bytes must give either a
// module or diagnostics, never a crash, hang or sanitizer report.
//
// Build: clang++ -std=gnu++20 -g -O1 -fsanitize=fuzzer,address,undefined -I. \
//          tests/fuzz/fuzz_parser.cpp tools/compiler/{lexer,preprocessor,parser,parser_forms,desugar,check,frontend}.cpp
// Run:   ./fuzz_parser tests/fuzz/corpus/parser
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/compiler/frontend.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view src(reinterpret_cast<const char*>(data), size);
  // Include paths point nowhere, so -include only exercises the error path
  // (fuzzed file names must not read arbitrary files).
  girder::compiler::FrontendOptions opts;
  opts.include_dirs.push_back("/nonexistent-girder-fuzz");
  auto r = girder::compiler::parse_module(src, "/nonexistent-girder-fuzz/fuzz.erl", opts);
  if (!r.module && r.errors.empty()) __builtin_trap();  // contract: failure always explains itself
  auto e = girder::compiler::parse_exprs(src);
  (void)e;
  return 0;
}
