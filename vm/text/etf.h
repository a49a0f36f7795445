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
#include <memory>
#include <span>
#include <vector>

#include "vm/term/build.h"
#include "vm/term/term.h"

namespace girder::vm {

class VM;
class Process;
class Heap;

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

// Builds terms off any heap, in malloc'd chunks that stay put: a decoder
// working in slices fills them while the process's own heap may be collected
// in between, then hands them over (adopt_into) as young fragments. Freed,
// with the ProcBins' references, if never handed over.
class DetachedAllocator final : public TermAllocator {
 public:
  DetachedAllocator() = default;
  DetachedAllocator(const DetachedAllocator&) = delete;
  DetachedAllocator& operator=(const DetachedAllocator&) = delete;
  ~DetachedAllocator() override;
  Word* alloc(Word words) override;
  void link_proc_bin(Word* proc_bin) override;
  // Give every chunk (and ProcBin) to `heap`; the allocator is empty after.
  void adopt_into(Heap& heap);

 private:
  static constexpr Word kChunkWords = 32 * 1024;
  struct Chunk {
    Word* start;
    Word used, capacity;
  };
  std::vector<Chunk> chunks_;
  Word* proc_bins_ = nullptr;
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

// An encoding that can stop after a budget of work and go on later:
// term_to_binary of a large term runs in slices between which the process
// may be preempted. While it waits, roots() are the heap terms it still has
// to encode: the collector must treat them as roots (Process BifJob).
class EtfEncoder {
 public:
  EtfEncoder(const VM& vm, Term term, const EtfOptions& options);
  ~EtfEncoder();
  enum class Status { Done, More, NotEncodable };
  // Encode about `budget` units of work (a term each, or a few dozen bytes of
  // a binary); More when work is left. After Done, output() is the whole
  // encoding (with the leading 131; compressed when the options say so).
  Status run(std::size_t budget);
  std::vector<std::uint8_t>& output();
  std::span<Term> roots();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Decode one term (starting with the 131 version byte). Returns kNonValue on
// any malformed input, unknown tag, or (when `safe`) an atom that does not
// exist yet. *used receives the number of bytes consumed.
Term etf_decode(std::span<const std::uint8_t> bytes, TermAllocator& alloc, VM& vm,
                std::size_t* used = nullptr, bool safe = false);

// A decoding that can stop after a budget of work and go on later
// (binary_to_term of a large binary runs in slices). The terms go wherever
// the allocator puts them; between slices they must not move, so a sliced
// decoding uses a DetachedAllocator. `bytes` is the whole input from the
// version byte; each run() is given it again (it may have moved, e.g. a
// binary's data is re-read from the binary term), with the same contents.
class EtfDecoder {
 public:
  EtfDecoder(std::span<const std::uint8_t> bytes, TermAllocator& alloc, VM& vm, bool safe);
  ~EtfDecoder();
  enum class Status { Done, More, Bad };
  Status run(std::size_t budget, std::span<const std::uint8_t> bytes);
  // After Done: the term, and the input bytes it took.
  Term result() const;
  std::size_t used() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Copy the bits of a bitstring to byte-aligned storage: ceil(bit_size/8)
// bytes, any final partial byte left-aligned with its unused low bits zero.
void copy_bits_aligned(const BitView& v, unsigned char* out);

}  // namespace girder::vm
