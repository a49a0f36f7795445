// The module file (.gbc): AsmModule <-> bytes. Format: docs/internals/module-format.md.
//
// The reader is the trust boundary for bytes from disk: it refuses anything
// malformed with a message naming the problem and where, never reads out of
// bounds, never sizes an allocation from a length field without first
// checking the bytes are there, and always terminates. It checks structure
// and table indexes; the deeper semantic checks are verify_module's.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "loader/asm.h"

namespace girder::loader {

inline constexpr char kModuleMagic[4] = {'G', 'B', 'C', '1'};
inline constexpr std::uint32_t kModuleFormatVersion = 1;

// FNV-1a, 64 bit: the content hash stored in the HASH section.
std::uint64_t fnv1a64(std::span<const std::uint8_t> bytes);

// Serialise a module. Precondition: every instruction's operands have the
// shape its kind string asks for (verify_module checks this). An instruction
// that does not is written as opcode 255 so that reading the file refuses it
// rather than misreading the code that follows.
std::vector<std::uint8_t> write_module(const AsmModule& m);

// The content hash write_module(m) would store (FNV-1a 64 of the file bytes
// before the HASH section).
std::uint64_t module_content_hash(const AsmModule& m);

// Both digests of the file bytes before the HASH section, from one
// serialisation: the content hash and the MD5 that M:module_info(md5)
// reports (so the same module file gives the same MD5 however it is loaded).
struct ModuleDigests {
  std::uint64_t content_hash;
  std::array<std::uint8_t, 16> md5;
};
ModuleDigests module_digests(const AsmModule& m);

// Parse a module file. Returns false with a message in `error` (and `out` in
// an unspecified state) if the bytes are not a well-formed module file.
bool read_module(std::span<const std::uint8_t> bytes, AsmModule& out, std::string& error);

}  // namespace girder::loader
