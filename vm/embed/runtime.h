// vm/embed/ — the runtime library (girder_runtime), the top of the
// dependency graph. Owns: a ready VM (this file): the JIT backend, the
// loader wired to the embedded stdlib and the code path, the compiler for
// .erl files, BIF exports registered; later the embedding API. May call:
// everything (compiler, loader, jit, stdlib, vm). Reads no environment
// variables: its clients (the CLI, tests, hosts) say everything through
// RuntimeOptions. docs/internals/runtime.md has the lifecycle design.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "loader/code_path.h"
#include "vm/term/term.h"
#include "vm/proc/waiter.h"
#include "vm/vm.h"

namespace girder {

struct RuntimeOptions {
  std::vector<std::string> code_path;
  unsigned schedulers = 0;  // scheduler threads; 0 = one per core
  std::uint64_t seed = 0;   // nonzero: deterministic scheduling (one thread)
  // Native code (jit/) where the machine supports it; Off interprets; Step
  // keeps native code but runs every instruction through the interpreter's
  // step mode (the JIT's slow paths; the test suite runs the language
  // programs all three ways).
  enum class Jit { Native, Step, Off };
  Jit jit = Jit::Native;
  // Write /tmp/perf-PID.map so `perf report` names native code.
  bool perf_map = false;
  // A control socket to load code into the running VM (girder load/modules;
  // docs/internals/control.md); empty: none.
  std::string control_path;
  // Host-driven mode (the embedding API): no scheduler threads; the host
  // runs processes through Scheduler::run_for.
  bool host_driven = false;
  // Where standard output and error go (default: file descriptors 1 and 2).
  std::function<void(std::string_view)> write_stdout;
  std::function<void(std::string_view)> write_stderr;
  // max_heap_size of every process, in words (0: none).
  vm::Word default_max_heap_words = 0;
  // All process heaps together, in words (0: none).
  vm::Word vm_heap_limit_words = 0;
  // Process heaps' blocks (VMOptions::heap_allocate); null: malloc.
  void* (*heap_allocate)(void* userdata, std::size_t bytes) = nullptr;
  void (*heap_release)(void* userdata, void* block, std::size_t bytes) = nullptr;
  void* heap_allocator_userdata = nullptr;
};

class Runtime {
 public:
  explicit Runtime(RuntimeOptions options = {});
  vm::VM& vm() { return *vm_; }

  // Compile (in memory) and load a source file; errors formatted as
  // file:line:col: message, one per line.
  bool load_source_file(const std::string& path, std::string& errors);

  // Start the schedulers (and, once, the standard I/O server); stop them.
  // Processes still alive at stop() stay where they are; start() resumes
  // them. See docs/internals/runtime.md.
  void start();
  void stop();

  // Spawn M:F() from the host (any thread, before or after start()); its
  // group leader is the standard I/O server. `waiter` (optional) watches
  // it from before it can run.
  // `args` (a proper list, anywhere: it is copied) are M:F's arguments.
  // `report_crash` false: no error report for an uncaught exception (the
  // waiter gets it).
  vm::Term spawn(vm::Term module, vm::Term function, vm::ProcessWaiter* waiter = nullptr, vm::Term args = vm::kNil,
                 bool report_crash = true);

  // Run M:F(Args) in a fresh process to completion (starting the schedulers
  // if they are not running, and stopping them when it ends). Returns the exit status
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
  // The standard I/O server (`user`), started on first use.
  vm::Term io_server() {
    ensure_io_server();
    return io_server_;
  }

 private:
  std::unique_ptr<vm::VM> vm_;
  loader::ModuleSources sources_;
  void ensure_io_server();
  vm::Term io_server_ = vm::kNonValue;  // the `user` process, made once
  std::mutex io_server_mutex_;
};

// Compile Erlang source text in memory to a module file's bytes; `name`
// names it in diagnostics. False with `errors` (file:line:col: message, one
// per line) when it does not compile.
bool compile_to_module_file(std::string_view source, const std::string& name, std::vector<std::uint8_t>& bytes,
                            std::string& module, std::string& errors);

// The whole file at `path` into `out`; false if it cannot be read.
bool read_file(const std::string& path, std::string& out);

// Report of an uncaught exception, Erlang-style.
std::string format_crash_report(vm::VM& vm, vm::Term error_class, vm::Term reason, vm::Term stacktrace);

}  // namespace girder
