// Checking and printing external-term-format literals without a VM.
//
// The verifier must know a module's literals decode before the loader hands
// them to the VM's ETF decoder, and the disassembler wants to print them; both
// work here on the bytes alone. The accepted subset is what a compiled
// module's constants can hold: numbers, atoms, tuples, lists, strings, maps,
// binaries and bitstrings, and export funs (fun m:f/a). No pids, ports,
// references, local funs or compressed terms (they cannot be literals).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace girder::loader {

// True if `text` is valid UTF-8 of at most 255 code points (an atom's name).
bool valid_atom_text(std::string_view text);

// True if `bytes` is exactly one well-formed term (131, then the term) in the
// accepted subset. Iterative: deep nesting cannot overflow the stack, and the
// work is linear in the byte count.
bool etf_validate(std::span<const std::uint8_t> bytes, std::string& error);

// Erlang-ish text of a literal for the disassembler, at most `max_chars`
// characters (then "..."). Precondition: etf_validate(bytes) is true; on
// anything else it prints "<bad literal>".
std::string etf_to_string(std::span<const std::uint8_t> bytes, std::size_t max_chars = 200);

// An atom name as Erlang prints it: bare when it can be, else 'quoted'.
std::string format_atom(std::string_view name);

}  // namespace girder::loader
