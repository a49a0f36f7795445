// vm/exec/ — executing code. Owns: the instruction table (opcodes.def) and
// operand encoding, the interpreter (this file, interp.cpp), loaded code
// (modules, versions, export and fun entries: code.h), error terms and stack
// traces, generic arithmetic, and the CodeBackend interface the JIT plugs
// into (backend.h). May call: term/, proc/ (the running Process), bif/ (the
// BIF registry), text/. The loader (loader/) fills code.h's structures; the
// JIT (jit/) depends on this folder, never the reverse.
//
// The bytecode interpreter: one loop, direct-threaded.
#pragma once

#include "vm/exec/opcodes.h"
#include "vm/term/term.h"

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
  Continue,  // step() only: the instruction is done, go on at p.exec().pc
  HostReturned,  // a host's call process returned (Process::host_call): parked, not ended
};

// Run `p` until it exits, yields or waits: through the VM's code backend
// (the JIT) when it has one, else the interpreter.
RunResult run(Process& p, int reductions);

// The state of a running process that lives outside Process while it runs
// native code: the X register file and the reductions of the slice.
// Whether a process about to run should first collect the fragments BIFs
// left (Heap::fragments_heavy). Not between the slices of a BIF's long job
// (it resumes at the boot code's apply): the partial result is live, and
// collecting at every slice would copy it again and again; the first heap
// check after the job collects instead.
bool collect_at_slice_start(Process& p);

// What the interpreter and native code both do when a process starts a
// slice: collect BIF fragments if collect_at_slice_start says so, then move
// the arguments a scheduled call left in p.exec().args into x0...
void begin_slice(Process& p, Term* x);

struct MachineState {
  Term* x = nullptr;
  int reds = 0;   // left in this slice
  int slice = 0;  // at the start of the slice (for process accounting)
  Term bif_args[4];  // native code passes bif0..bif3 arguments here
};

// Execute the one instruction at p.exec().pc (its opcode given, since the
// instruction word holds a native address under the JIT), with the frame
// state in p.exec() (pc, cp, e) and `ms`. The JIT calls it for everything it
// does not inline: Continue means done, go on at p.exec().pc; any other
// result ends the slice, as run() would.
RunResult step(Process& p, MachineState& ms, int opcode);

}  // namespace girder::vm
