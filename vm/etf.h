// The external term format (term_to_binary / binary_to_term), version 131.
//
// Encoding is byte-identical to OTP 25's term_to_binary for every term kind
// Girder can encode (see etf.cpp for the tag choices OTP 25 makes: latin-1
// atoms as ATOM_EXT by default, UTF-8 atoms with {minor_version, 2}, ...).
// Local pids/ports/refs are encoded as on a node named nonode@nohost with
// creation 0. Mapping of Girder's identifiers:
//   pid index  -> NEW_PID_EXT ID = index & 0x7fff, Serial = index >> 15
//   ref words  -> NEWER_REFERENCE_EXT IDs lo32(w0), hi32(w0), lo32(w1)
//                 [, hi32(w1) when non-zero]
// Funs (closures) and HashMap maps are not encodable yet: encode fails.
//
// Decoding accepts any byte string without crashing or recursing: every
// length is checked against the bytes left before anything is allocated (each
// element takes at least one byte, so allocation is bounded by the input
// size), the nesting is walked with an explicit stack, atoms must be valid
// UTF-8 (or latin-1 for the old tags) of at most 255 characters, and anything
// malformed yields kNonValue.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "vm/build.h"
#include "vm/term.h"

namespace girder::vm {

class VM;
class Process;

// Where the decoder puts terms: a process heap (BIFs) or a module's literal
// area (the loader).
class TermAllocator {
 public:
  virtual ~TermAllocator() = default;
  virtual Word* alloc(Word words) = 0;
  // Register a freshly built ProcBin (header(RefcBin) | size | RefcBinary* | next).
  virtual void link_proc_bin(Word* proc_bin) = 0;
};

class ProcessAllocator final : public TermAllocator {
 public:
  explicit ProcessAllocator(Process& p) : p_(p) {}
  Word* alloc(Word words) override;
  void link_proc_bin(Word* proc_bin) override;

 private:
  Process& p_;
};

struct EtfOptions {
  int minor_version = 1;     // OTP 25's default; 0: floats as text, 2: UTF-8 atoms
  int compress_level = -1;   // -1: not compressed; 0..9 zlib level ([compressed] = 6)
  bool deterministic = false;
};

enum class EtfError { Ok, NotEncodable };

// Append the encoding of `term` (with the leading 131) to `out`. Returns
// NotEncodable (leaving `out` unspecified) for funs.
[[nodiscard]] EtfError etf_encode(const VM& vm, Term term, const EtfOptions& options,
                                  std::vector<std::uint8_t>& out);

// Decode one term (starting with the 131 version byte). Returns kNonValue on
// any malformed input, unknown tag, or (when `safe`) an atom that does not
// exist yet. *used receives the number of bytes consumed.
Term etf_decode(std::span<const std::uint8_t> bytes, TermAllocator& alloc, VM& vm,
                std::size_t* used = nullptr, bool safe = false);

// Copy the bits of a bitstring to byte-aligned storage: ceil(bit_size/8)
// bytes, any final partial byte left-aligned with its unused low bits zero.
void copy_bits_aligned(const BitView& v, unsigned char* out);

}  // namespace girder::vm
