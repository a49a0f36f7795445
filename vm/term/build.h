// Building and reading common terms. All builders allocate with p.alloc(), so
// they never collect (see heap.h) and may be used from BIFs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

Term make_tuple(Process& p, std::initializer_list<Term> elements);
Term make_tuple(Process& p, std::span<const Term> elements);
Term make_cons(Process& p, Term head, Term tail);
Term make_float(Process& p, double value);
// Any 64-bit value: a small, or a bignum when it does not fit (bignum.cpp).
Term make_integer(Process& p, std::int64_t value);
Term make_integer_u64(Process& p, std::uint64_t value);
// A list of character codes from UTF-8 text (one element per code point).
Term make_string(Process& p, std::string_view utf8);
// A list of bytes (latin-1 / raw), one element per byte.
Term make_byte_list(Process& p, std::string_view bytes);
// A binary holding a copy of `bytes` (heap binary when small, else refc).
Term make_binary(Process& p, std::string_view bytes);
// A fresh binary of `size` bytes, uninitialised; *data receives the bytes.
Term make_binary_uninit(Process& p, std::size_t size, unsigned char** data);
// A ProcBin over a fresh off-heap RefcBinary of `capacity` bytes, of which
// the first `used` are the value; *data points at the bytes to fill. Only
// callers that wrap it in a SubBin may pass used < capacity.
Term make_proc_bin(Process& p, Word used, Word capacity, unsigned char** data);
// A resource (term.h, RefcBinary::destroy): a ProcBin over `size` fresh
// bytes (*data, for the caller to fill) that `destroy` is run on when the
// last reference goes.
Term make_resource(Process& p, Word size, void (*destroy)(RefcBinary*), unsigned char** data);
// The storage of `t` if it is a whole resource ProcBin made with `destroy`;
// nullptr for anything else (other binaries, a copy of its bytes, a slice).
RefcBinary* resource_of(Term t, void (*destroy)(RefcBinary*));
// A list from terms, optionally with a tail other than [].
Term make_list(Process& p, std::span<const Term> elements, Term tail = kNil);

// Length of a proper list, or -1 if the term is not a proper list.
std::int64_t list_length(Term list);

// Bitstring access: the bytes, the bit offset of the first bit inside the
// first byte, and the size in bits. Precondition: t.is_bitstring().
struct BitView {
  const unsigned char* data;  // first byte holding bits
  Word bit_offset;             // 0..7
  Word bit_size;
  bool byte_aligned() const { return bit_offset == 0 && (bit_size & 7) == 0; }
  Word byte_size() const { return bit_size >> 3; }
};
BitView bit_view(Term bitstring);

// Convert a proper list of character codes (or a binary, when allowed) to a
// UTF-8 std::string. Returns false on anything else (improper list, non-char).
bool string_from_chars(Term list, std::string& out);
// Same, bytes 0..255 only (latin-1 / iodata-ish flat lists).
bool bytes_from_list(Term list, std::string& out);

}  // namespace girder::vm
