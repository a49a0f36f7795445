// The module verifier: everything the loader and interpreter assume about a
// module, checked once before loading so the interpreter need not check at
// run time (it trusts register numbers, labels, table indexes and frames).
//
// What it checks (details in docs/internals/module-format.md, "Verifier"):
// * tables: atom 0 names the module; atoms are UTF-8 of at most 255
//   characters; literals are well-formed ETF; import/export/lambda/attribute
//   fields index existing atoms, literals and labels;
// * layout: every function is `label, func_info M F A, label` (line
//   pseudo-ops may appear anywhere) with M the module; nothing outside a
//   function but line pseudo-ops; each function ends with a terminator
//   (kTerminator in opcodes.def: return, jump, tail call, raise-type
//   instruction, select, wait, loop_rec_end) or a call to
//   erlang:error/exit/throw/raise/nif_error;
// * operands: kinds and counts match the opcode's kind string; x < kMaxXRegs;
//   y only after an allocate in the same function and below its largest
//   frame; try_/catch_ y < 1024; labels defined exactly once, jumps stay in
//   their function, call targets are function entries of the called arity;
//   label 0 only as the fail label of kOptionalFail instructions (BIFs,
//   arithmetic, put_map_*, bs_create_bin); live counts and frame drops
//   (kLive, kFrameDrop) within bounds; 'b' imports name BIFs of the
//   BifTable; call arities agree with imports, functions and lambdas;
// * exports and lambdas point at function entries of the right name/arity.
// Every message names the function (name/arity) and instruction index.
#pragma once

#include <string>

#include "loader/asm.h"
#include "vm/bif/registry.h"
#include "vm/term/atom.h"

namespace girder::loader {

// True if `m` is safe to load. `atoms` resolves BIF names (looked up, never
// added). On failure `error` says what and where.
bool verify_module(const AsmModule& m, const vm::BifTable& bifs, vm::AtomTable& atoms, std::string& error);

}  // namespace girder::loader
