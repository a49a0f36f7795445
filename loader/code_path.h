// Finding modules by name: the vm::ModuleLoader the VM calls on demand.
//
// Search order for module `m` (an atom):
//   1. the embedded registry (stdlib modules compiled into the binary), when
//      `embedded_first` (the default: like OTP's sticky stdlib directories, a
//      stray lists.erl in the working directory cannot replace lists);
//   2. each directory of VMOptions::code_path in order: `<dir>/m.gbc`, then
//      `<dir>/m.erl` (compiled through the `compile` hook);
//   3. the embedded registry, when not `embedded_first`.
// The first candidate found is loaded (read_module or compile, then
// load_module); its failure is the result, later candidates are not tried.
// The file must define the module asked for.
//
// The compiler depends on the loader, not the reverse, so .erl support comes
// from a hook the embedder (the CLI) provides.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "loader/asm.h"
#include "vm/exec/code.h"
#include "vm/vm.h"

namespace girder::loader {

struct ModuleSources {
  // Module file bytes of a built-in module, or nullopt. The bytes must stay
  // valid while the VM lives (static data).
  std::function<std::optional<std::span<const std::uint8_t>>(std::string_view name)> embedded;
  // Compile an Erlang source file; false with a message on failure.
  std::function<bool(const std::string& path, AsmModule& out, std::string& error)> compile;
  bool embedded_first = true;
};

// A loader for vm::CodeServer::set_loader. Loads are serialised per loader,
// so two processes asking for the same missing module load it once.
vm::ModuleLoader make_code_path_loader(ModuleSources sources);

// Find and load `module` now (what the loader above does, without the lock).
bool load_from_code_path(vm::VM& vm, vm::Term module, const ModuleSources& sources, std::string& error);

// Load a file by path: `.gbc` is read, `.erl` compiled with sources.compile.
// If `expected` is not empty the file must define that module.
bool load_file(vm::VM& vm, const std::string& path, const ModuleSources& sources, std::string& error,
               std::string_view expected = {});

// erlang:load_module/2 (vm::BinaryLoader): module file bytes that must define
// `expected`. On failure `error` starts with OTP's reason: "badfile: ..."
// (unreadable, not verified, another module) or "not_purged: ...".
// Decode and verify without installing (the binary checker hook).
bool check_module_binary(vm::VM& vm, vm::Term expected, std::span<const std::uint8_t> bytes, std::string& error);
bool load_module_binary(vm::VM& vm, vm::Term expected, std::span<const std::uint8_t> bytes, std::string& error);
// Decode, verify, lay out and translate without installing (the first
// phase of girder:load_binaries/1, which publishes several at one instant).
std::unique_ptr<vm::CodeVersion> prepare_module_binary(vm::VM& vm, vm::Term expected,
                                                      std::span<const std::uint8_t> bytes, std::string& error);

}  // namespace girder::loader
