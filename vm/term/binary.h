// Bit syntax: building binaries (bs_create_bin) and matching them (match
// contexts). The interpreter decodes operands and calls these; they follow
// the BIF error contract (kNonValue + p.fail) and never collect garbage.
#pragma once

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

// Segment kinds and flags used by bs_create_bin and the bs_get_* family.
enum class BinSegKind : Word { Integer = 0, Float = 1, Binary = 2, Utf8 = 3, Utf16 = 4, Utf32 = 5, String = 6, All = 7 };
inline constexpr Word kBinFlagSigned = 1;
inline constexpr Word kBinFlagLittle = 2;
inline constexpr Word kBinFlagNative = 4;

// One construction segment with its operands already read.
// size: a small integer (in `unit`s), or the atom 'all' for a whole binary
// segment / default; for utf segments it is ignored.
struct BinSegment {
  BinSegKind kind;
  Word flags;
  Term value;
  Term size;
  Word unit;
};

// Build a bitstring from segments. Errors: badarg (OTP 25 raises badarg for
// bad segment values and sizes).
Term bs_create(Process& p, const BinSegment* segments, Word count);

// Match contexts: header(MatchCtx, 3) | original bitstring term | position
// in bits from the start of the original's view | end position in bits.
// The position word is updated in place by the bs_get_* operations: a match
// context is private to the function that created it and never escapes.
inline constexpr Word kMatchCtxWords = 4;
Term bs_start_match(Process& p, Term bin);  // kNonValue (no fail) if not a bitstring
// Each returns kNonValue (without failing) when the match fails.
Term bs_get_integer(Process& p, Term ctx, Word bits, Word flags);
Term bs_get_float(Process& p, Term ctx, Word bits, Word flags);
Term bs_get_binary(Process& p, Term ctx, Word bits);  // bits = ~0: the rest (must be whole bytes? no: any)
Term bs_get_utf8(Process& p, Term ctx);
Term bs_get_utf16(Process& p, Term ctx, Word flags);
Term bs_get_utf32(Process& p, Term ctx, Word flags);
bool bs_skip_bits(Term ctx, Word bits);
Word bs_remaining(Term ctx);
bool bs_match_string(Term ctx, Term literal_bitstring);
Term bs_get_tail(Process& p, Term ctx);
Word bs_get_position(Term ctx);
void bs_set_position(Term ctx, Word position);

}  // namespace girder::vm
