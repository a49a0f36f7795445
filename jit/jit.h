// jit/ — the x86-64 code backend. Owns: translating loaded code units to
// native code (x64/: the register contract and tag helpers in emitter.h, one
// instr_<area>.cpp per instruction area, the C++ helpers native code calls,
// the backend and its entry trampoline). May call: vm/ (terms, processes,
// the interpreter's step, BIFs, loaded code) and asmjit, nothing else in the
// project. Dependencies go one way: nothing in vm/ includes jit/; the VM
// reaches the JIT only through the vm::CodeBackend make_backend returns.
//
// The x86-64 JIT: a vm::CodeBackend built on asmjit.
//
// Every loaded instruction gets native code; the instruction's first word
// (the interpreter's handler address) is rewritten to point at it, so all
// addresses the VM keeps (continuations, catch handlers, export entries,
// stack traces) stay bytecode addresses. Common instructions run inline
// (moves, frames, calls and returns, small-integer arithmetic and
// comparisons, type tests, list and tuple access and construction); the rest,
// and every slow path, run through vm::step(), the interpreter's own handler
// for that one instruction. Design: docs/internals/jit.md.
#pragma once

#include <memory>

#include "vm/exec/backend.h"
#include "vm/vm.h"

namespace girder::jit {

// True when this build can generate native code for the machine it runs on.
bool available();

struct JitOptions {
  // false: every instruction goes through vm::step() (no inline fast paths).
  // Tests use it to run the whole suite through each handler's step mode.
  bool inline_fast_paths = true;
  // Append a symbol per instruction to /tmp/perf-PID.map (for perf).
  bool perf_map = false;
};

// A new JIT backend for one VM (install it with VM::set_backend), or nullptr
// when the machine is not supported or asmjit cannot start.
std::unique_ptr<vm::CodeBackend> make_backend(vm::VM& vm, JitOptions options = {});

}  // namespace girder::jit
