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
// Each bif_<area>.cpp defines a table of BifSpec and exposes it through a
// function named in bif_tables.cpp; that file is the one list of all tables.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

using BifFn = Term (*)(Process& p, const Term* args);

struct BifSpec {
  std::string_view module;
  std::string_view name;
  unsigned arity;
  BifFn fn;
  bool guard_safe;  // allowed in guards (is_integer, element, ...)
  // When reached as a call (call_ext, apply, a fun) rather than an inline
  // bif1..bif3 instruction, this runs instead, if set: a version that may
  // trap (Process::trap) to do a long job in slices.
  BifFn call_fn = nullptr;
};

// Every BIF table of the VM (bif_tables.cpp lists them; one line per area).
std::vector<std::span<const BifSpec>> all_bif_tables();

}  // namespace girder::vm
