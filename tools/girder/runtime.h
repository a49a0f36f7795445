// A ready VM: loader wired to the embedded stdlib and the code path, the
// compiler available for .erl files, BIF exports registered. The CLI and the
// tests use this; the embedding API will sit on top of it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loader/code_path.h"
#include "vm/term/term.h"
#include "vm/vm.h"

namespace girder {

struct RuntimeOptions {
  std::vector<std::string> code_path;
  unsigned schedulers = 0;  // scheduler threads; 0 = one per core
  std::uint64_t seed = 0;   // nonzero: deterministic scheduling (one thread)
  // Native code (jit/) where the machine supports it; false interprets. The
  // environment variable GIRDER_NO_JIT=1 also turns it off, and GIRDER_JIT=step
  // keeps native code but runs every instruction through the interpreter's
  // step mode (the test suite runs the language programs all three ways).
  bool jit = true;
};

class Runtime {
 public:
  explicit Runtime(RuntimeOptions options = {});
  vm::VM& vm() { return *vm_; }

  // Compile (in memory) and load a source file; errors formatted as
  // file:line:col: message, one per line.
  bool load_source_file(const std::string& path, std::string& errors);

  // Run M:F(Args) in a fresh process to completion. Returns the exit status
  // a CLI should use: 0 after a normal return, the halt status after
  // erlang:halt/1, 1 after an uncaught exception (reported on stderr).
  // `result` receives the returned value (valid until the next call).
  struct Outcome {
    int status = 0;
    bool returned = false;  // a value was returned (not halted, not crashed)
    std::string result_text;  // the value printed with ~p (eval), if asked
  };
  Outcome call(vm::Term module, vm::Term function, const std::vector<std::string>& string_args, bool pass_args,
               bool print_result);

  const loader::ModuleSources& sources() const { return sources_; }

 private:
  std::unique_ptr<vm::VM> vm_;
  loader::ModuleSources sources_;
};

// The whole file at `path` into `out`; false if it cannot be read.
bool read_file(const std::string& path, std::string& out);

// Report of an uncaught exception, Erlang-style.
std::string format_crash_report(vm::VM& vm, vm::Term error_class, vm::Term reason, vm::Term stacktrace);

}  // namespace girder
