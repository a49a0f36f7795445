// vm/bif/ — built-in functions in C++. Owns: the BifSpec contract (this
// file), the registry the VM builds at start (registry.h), the one list of
// tables (tables.cpp) and one file of BIFs per area (erlang, lists, maps,
// binary, numbers, math, io, process, hex, core). May call: everything
// below it (term/, heap/, proc/, exec/, text/); nothing calls into a BIF
// except through the registry.
//
// Built-in functions implemented in C++.
//
// Contract: a BIF takes the process and its arguments (args[0..arity)) and
// returns the result, or kNonValue after p.fail(...) (usually p.badarg()).
// A BIF never collects garbage: it allocates with p.alloc(), which falls back
// to heap fragments, so the terms it was given stay where they are.
// BIFs that may run long (proportional to input size) report their work with
// p's reduction counter through charge() so the scheduler can preempt.
//
// Each bif/<area>.cpp defines a table of BifSpec and exposes it through a
// function named in bif/tables.cpp; that file is the one list of all tables.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

using BifFn = Term (*)(Process& p, const Term* args);

// BifSpec::may_trap, spelled so that a table entry reads as what it says.
inline constexpr bool kMayTrap = true;

struct BifSpec {
  std::string_view module;
  std::string_view name;
  unsigned arity;
  BifFn fn;
  bool guard_safe;  // allowed in guards (is_integer, element, ...)
  // fn may trap (Process::trap: continue a long job in slices, or retry
  // later) or transfer control (halt, hibernate, yield). A trap continues as
  // a call in the BIF's place, which only a real call has, so the compiler
  // emits such a BIF as a call (call_ext), never as an inline bif0..bif3
  // instruction (codegen.cpp derives this from the tables).
  bool may_trap = false;
  // When reached as a call (call_ext, apply, a fun) rather than an inline
  // instruction, this runs instead, if set: a version that may trap to do a
  // long job in slices, while fn, which inline instructions run, does not
  // (so may_trap stays false). length/1 is one: its inline form is the
  // `length` instruction, which does its own slicing (opcodes.def).
  BifFn call_fn = nullptr;
};

// The bytes of iodata (a binary or a deep list of bytes and binaries) in
// one go, for BIFs whose inputs are small by nature (file names, file
// contents to write). False if `t` is not iodata.
bool iodata_bytes(Term t, std::string& out);

// Every BIF table of the VM (bif/tables.cpp lists them; one line per area).
std::vector<std::span<const BifSpec>> all_bif_tables();

}  // namespace girder::vm
