// The bytecode interpreter: one loop, direct-threaded.
#pragma once

#include "vm/opcodes.h"
#include "vm/term.h"

namespace girder::vm {

class Process;

// Handler address of every opcode, indexed by Opcode (kOpcodeCount entries).
// The loader writes these into the instruction stream (direct threading).
// Pseudo-instructions have a handler that is never reached.
const void* const* dispatch_table();

// Opcode of a threaded instruction word (inverse of dispatch_table), or -1.
int opcode_of_handler(const void* handler);

enum class RunResult {
  Exited,    // the process finished (normally or by an exception); see Process
  Yielded,   // reductions ran out; call run() again to continue
  Waiting,   // blocked in receive
};

// Run `p` until it exits, yields or waits.
RunResult run(Process& p, int reductions);

}  // namespace girder::vm
