// Loading: AsmModule -> a runnable, installed vm::CodeVersion.
//
// load_module verifies the module, then decodes it once into the form the
// interpreter runs (code.h, operand.h): word 0 of each instruction is the
// handler address from vm::dispatch_table(); operands follow, one word each:
//   s, c   register (encode_x/encode_y) or a term: small integer, atom,
//          [] or a literal in the version's literal area (integers beyond
//          the small range become bignum literals)
//   d      register, encode_x / encode_y
//   x      the bare register number (init_x: x[n])
//   y      encode_y(n) (try_/catch_ and friends read operand_register_index)
//   u      the raw unsigned value
//   a      the atom term (module atoms interned into the VM's atom table)
//   l, f   absolute code address, (Word)&code[offset]; label 0 stays 0
//   e      ExportEntry* of the import (created undefined if need be)
//   b      the BIF's BifFn pointer
//   F      FunEntry* of the lambda
//   lists  count word, then the items (as flattened in AsmInstr)
// label and line pseudo-ops produce no words (line -> CodeVersion::lines);
// func_info stays (jumping to it raises function_clause).
//
// The code vector is sized once before any address into it is taken and never
// resized afterwards, so label addresses, FunEntry::address and export
// addresses stay valid for the version's life.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "loader/asm.h"
#include "vm/exec/code.h"
#include "vm/vm.h"

namespace girder::loader {

// Verify and load `m`, making it the current version of its module (the
// previous current version becomes old). Fails (with a message) if the module
// does not verify, a literal does not decode, the atom table is full, or the
// module still has old code that has not been purged.
bool load_module(vm::VM& vm, const AsmModule& m, std::string& error);

// Everything load_module does but the install: a complete version, ready
// for CodeServer::install_all (several modules published at one instant),
// or nullptr with a message.
std::unique_ptr<vm::CodeVersion> prepare_module(vm::VM& vm, const AsmModule& m, std::string& error);

// read_module + load_module.
bool load_module_bytes(vm::VM& vm, std::span<const std::uint8_t> bytes, std::string& error);

// Give every BIF of the VM's BifTable an export entry with its `bif` index
// set, so remote calls (and fun m:f/a) reach BIFs of modules that have no
// Erlang source (erlang:*). Call once when the VM is set up.
void register_bif_exports(vm::VM& vm);

}  // namespace girder::loader
