// A native code backend (the JIT in jit/) plugged into a VM.
//
// The VM's code stays bytecode: continuation pointers, catch handlers,
// export entries and stack traces all hold bytecode addresses. A backend
// rewrites the first word of every instruction (the interpreter's handler
// address) with the address of that instruction's native code, so "jump to
// bytecode address A" is `jmp [A]` for native code. Whatever it does not
// compile inline it hands to step() (interp.h), one instruction at a time.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "vm/exec/interp.h"
#include "vm/term/term.h"

namespace girder::vm {

class Process;

class CodeBackend {
 public:
  virtual ~CodeBackend() = default;
  // Translate the instructions in [code, code + words), which hold
  // interpreter handler addresses as the loader wrote them. On success every
  // instruction word holds its native entry and `owner` keeps the native code
  // alive (it must outlive the code words). On failure: false, a message in
  // `error`, and the code unchanged.
  virtual bool translate(Word* code, std::size_t words, std::shared_ptr<void>& owner, std::string& error) = 0;
  // Run a process whose code was translated (see run() in interp.h).
  virtual RunResult run(Process& p, int reductions) = 0;
};

}  // namespace girder::vm
