// Bit syntax runtime: bs_create (construction) and match contexts.
//
// Bit order: bit 0 of a bitstring is the most significant bit of its first
// byte, as in Erlang. Positions below are in bits from the start of a byte
// buffer; helpers take (data, bit position) pairs and never assume alignment,
// with byte-aligned fast paths.
//
// Invariants:
// * Match contexts never point at a SubBin: bs_start_match unwraps a SubBin
//   to its original (HeapBin or RefcBin) and stores positions relative to
//   the original's bytes, so bs_get_binary/bs_get_tail can build SubBins over
//   the original directly (term.h forbids SubBin-of-SubBin).
// * Appendable binaries (the amortised O(1) `<<Acc/binary, ...>>` trick, as
//   BEAM does it): bs_create may allocate a RefcBinary with spare capacity
//   (RefcBinary::byte_size is the capacity; the ProcBin's byte_size word is
//   the used part). Such a ProcBin is only ever exposed to Erlang through a
//   SubBin, never as a bare term, because appending in place grows the
//   ProcBin's size word. Appending in place is allowed only when
//     - the first segment's value is a SubBin at offset 0 whose size is the
//       ProcBin's whole (byte-aligned) size: it is the newest value, so the
//       bytes past it are not part of any value;
//     - the RefcBinary's refcount is 1: this ProcBin is the only handle in
//       the whole system, so no other process (or another ProcBin after a
//       message copy) can view or write the bytes past it;
//     - the capacity has room for the result.
//   Every view of a RefcBinary is bounded by some ProcBin's size, so writing
//   beyond the unique ProcBin's size is invisible until its size grows.
//   Foreign RefcBinaries (build.cpp, etf.cpp) have size == capacity, so they
//   never qualify.
#include "vm/term/binary.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "vm/term/bignum.h"
#include "vm/term/build.h"

namespace girder::vm {

namespace {

static_assert(std::endian::native == std::endian::little,
              "integer segments reinterpret limb arrays as little-endian bytes");

// Refuse results past 2^43 bits (1 TiB) with system_limit instead of
// attempting the allocation; BEAM dies on such sizes.
constexpr Word kMaxResultBits = Word{1} << 43;
// Initial capacity of a freshly allocated appendable binary, in bytes.
constexpr Word kMinAppendCapacity = 256;

inline bool little_endian(Word flags) {
  if (flags & kBinFlagLittle) return true;
  if (flags & kBinFlagNative) return std::endian::native == std::endian::little;
  return false;
}

inline Word low_mask(Word bits) { return bits >= 64 ? ~Word{0} : (Word{1} << bits) - 1; }

// ---- bit-level reading and writing -----------------------------------------

// Read `bits` (0..64) bits starting at bit `pos` of `src`, most significant
// first, as an unsigned number.
inline Word read_bits(const unsigned char* src, Word pos, Word bits) {
  if (bits == 0) return 0;
  src += pos >> 3;
  Word off = pos & 7;
  Word total = off + bits;  // <= 71
  Word nbytes = (total + 7) >> 3;
  unsigned __int128 acc = 0;
  for (Word i = 0; i < nbytes; ++i) acc = (acc << 8) | src[i];
  acc >>= nbytes * 8 - total;
  return static_cast<Word>(acc) & low_mask(bits);
}

// Write the low `bits` (0..64) bits of `value`, most significant first, at bit
// `pos` of `dst`. Bits before `pos` in the first byte are kept; the remaining
// bits of the last byte touched are cleared (output is written front to back,
// so they are never part of an earlier segment).
inline void write_bits(unsigned char* dst, Word pos, Word value, Word bits) {
  if (bits == 0) return;
  dst += pos >> 3;
  Word off = pos & 7;
  if (off == 0 && (bits & 7) == 0) {
    for (Word i = 0; i < bits / 8; ++i) dst[i] = static_cast<unsigned char>(value >> (bits - 8 * (i + 1)));
    return;
  }
  Word total = off + bits;  // <= 71
  Word nbytes = (total + 7) >> 3;
  unsigned __int128 acc = static_cast<unsigned __int128>(value & low_mask(bits)) << (nbytes * 8 - total);
  unsigned char keep = off ? static_cast<unsigned char>(dst[0] & (0xFF << (8 - off))) : 0;
  for (Word i = 0; i < nbytes; ++i) dst[i] = static_cast<unsigned char>(acc >> (8 * (nbytes - 1 - i)));
  dst[0] |= keep;
}

// Copy `bits` bits from (src, spos) to (dst, dpos), same conventions as
// write_bits. The ranges must not overlap.
void copy_bits(unsigned char* dst, Word dpos, const unsigned char* src, Word spos, Word bits) {
  if (bits == 0) return;
  dst += dpos >> 3;
  dpos &= 7;
  src += spos >> 3;
  spos &= 7;
  if (dpos != 0) {
    // Fill the partial first destination byte, then continue aligned.
    Word take = std::min<Word>(8 - dpos, bits);
    write_bits(dst, dpos, read_bits(src, spos, take), take);
    if (take == bits) return;
    ++dst;
    spos += take;
    src += spos >> 3;
    spos &= 7;
    bits -= take;
  }
  Word full = bits >> 3;
  Word rest = bits & 7;
  if (spos == 0) {
    std::memcpy(dst, src, full);
  } else {
    unsigned rs = 8 - static_cast<unsigned>(spos);
    for (Word i = 0; i < full; ++i)
      dst[i] = static_cast<unsigned char>((src[i] << spos) | (src[i + 1] >> rs));
  }
  if (rest) dst[full] = static_cast<unsigned char>(read_bits(src + full, spos, rest) << (8 - rest));
}

// Compare `bits` bits of (a, apos) and (b, bpos) for equality.
bool equal_bits(const unsigned char* a, Word apos, const unsigned char* b, Word bpos, Word bits) {
  if ((apos & 7) == 0 && (bpos & 7) == 0) {
    a += apos >> 3;
    b += bpos >> 3;
    if (std::memcmp(a, b, bits >> 3) != 0) return false;
    Word rest = bits & 7;
    return rest == 0 || read_bits(a + (bits >> 3), 0, rest) == read_bits(b + (bits >> 3), 0, rest);
  }
  for (Word done = 0; done < bits; done += 56) {
    Word n = std::min<Word>(56, bits - done);
    if (read_bits(a, apos + done, n) != read_bits(b, bpos + done, n)) return false;
  }
  return true;
}

// ---- integers <-> little-endian byte images --------------------------------

// Write the `bits`-bit image whose bytes are `le` (least significant first,
// ceil(bits/8) bytes, the top partial byte right-aligned) in the requested
// byte order. Little endian puts whole bytes first and the partial top byte
// last, as BEAM does for sizes that are not a multiple of 8.
void write_le_image(unsigned char* dst, Word pos, const unsigned char* le, Word bits, bool little) {
  Word n = (bits + 7) / 8;
  Word top_bits = bits - 8 * (n - 1);  // 1..8
  if (little) {
    if ((pos & 7) == 0) {
      std::memcpy(dst + pos / 8, le, n - 1);
    } else {
      for (Word i = 0; i + 1 < n; ++i) write_bits(dst, pos + 8 * i, le[i], 8);
    }
    write_bits(dst, pos + 8 * (n - 1), le[n - 1], top_bits);
  } else {
    write_bits(dst, pos, le[n - 1], top_bits);
    pos += top_bits;
    if ((pos & 7) == 0) {
      unsigned char* out = dst + pos / 8;
      for (Word i = 0; i + 1 < n; ++i) out[i] = le[n - 2 - i];
    } else {
      for (Word i = 0; i + 1 < n; ++i) write_bits(dst, pos + 8 * i, le[n - 2 - i], 8);
    }
  }
}

// Inverse of write_le_image: read `bits` bits into `le` (ceil(bits/8) bytes).
void read_le_image(const unsigned char* src, Word pos, unsigned char* le, Word bits, bool little) {
  Word n = (bits + 7) / 8;
  Word top_bits = bits - 8 * (n - 1);
  if (little) {
    if ((pos & 7) == 0) {
      std::memcpy(le, src + pos / 8, n - 1);
    } else {
      for (Word i = 0; i + 1 < n; ++i) le[i] = static_cast<unsigned char>(read_bits(src, pos + 8 * i, 8));
    }
    le[n - 1] = static_cast<unsigned char>(read_bits(src, pos + 8 * (n - 1), top_bits));
  } else {
    le[n - 1] = static_cast<unsigned char>(read_bits(src, pos, top_bits));
    pos += top_bits;
    for (Word i = 0; i + 1 < n; ++i) le[n - 2 - i] = static_cast<unsigned char>(read_bits(src, pos + 8 * i, 8));
  }
}

// The low `bits` bits (two's complement) of an integer term as a 64-bit word
// array, least significant word first; `words` = ceil(bits/64).
void integer_to_words(Term v, Word* out, Word words) {
  if (v.is_small()) {
    SWord s = v.small_value();
    out[0] = static_cast<Word>(s);
    for (Word i = 1; i < words; ++i) out[i] = s < 0 ? ~Word{0} : 0;
    return;
  }
  const Word* o = v.box_ptr();
  Word n = header_arity(o[0]);
  bool neg = header_kind(o[0]) == BoxKind::NegBig;
  Word copy = std::min(n, words);
  std::memcpy(out, o + 1, copy * sizeof(Word));
  std::memset(out + copy, 0, (words - copy) * sizeof(Word));
  if (neg) {
    // Two's complement of the magnitude: invert, add one.
    Word carry = 1;
    for (Word i = 0; i < words; ++i) {
      Word x = ~out[i] + carry;
      carry = carry && x == 0;
      out[i] = x;
    }
  }
}

// An integer term from a magnitude of `n` words (may have leading zeros).
Term integer_from_magnitude(Process& p, const Word* d, Word n, bool neg) {
  while (n > 0 && d[n - 1] == 0) --n;
  if (n == 0) return Term::small(0);
  if (n == 1) {
    Word limit = neg ? (Word{1} << 59) : (Word{1} << 59) - 1;
    if (d[0] <= limit) return Term::small(neg ? -static_cast<SWord>(d[0]) : static_cast<SWord>(d[0]));
  }
  Word* obj = p.alloc(1 + n);
  obj[0] = make_header(neg ? BoxKind::NegBig : BoxKind::PosBig, n);
  std::memcpy(obj + 1, d, n * sizeof(Word));
  return Term::boxed(obj);
}

// ---- floats ------------------------------------------------------------------

// IEEE binary16 from a double, round to nearest even, overflow to infinity,
// converting directly (double -> float -> half would round twice).
std::uint16_t double_to_half(double d) {
  Word b = std::bit_cast<Word>(d);
  auto sign = static_cast<std::uint16_t>((b >> 48) & 0x8000);
  Word exp = (b >> 52) & 0x7FF;
  Word mant = b & ((Word{1} << 52) - 1);
  if (exp == 0x7FF) return static_cast<std::uint16_t>(sign | 0x7C00 | (mant ? 0x200 : 0));
  if (exp == 0) return sign;  // zero or a double subnormal: far below half's range
  SWord e = static_cast<SWord>(exp) - 1023;
  Word m = mant | (Word{1} << 52);
  Word shift = e >= -14 ? 42 : static_cast<Word>(42 + (-14 - e));
  if (shift >= 64) return sign;
  Word q = m >> shift;
  Word rem = m & ((Word{1} << shift) - 1);
  Word half = Word{1} << (shift - 1);
  if (rem > half || (rem == half && (q & 1))) ++q;
  if (e >= -14) {
    if (q == (Word{1} << 11)) {
      q >>= 1;
      ++e;
    }
    if (e > 15) return static_cast<std::uint16_t>(sign | 0x7C00);
    return static_cast<std::uint16_t>(sign | ((e + 15) << 10) | (q & 0x3FF));
  }
  // Subnormal; q == 1 << 10 is the smallest normal and encodes as such.
  return static_cast<std::uint16_t>(sign | q);
}

// IEEE binary32 from a double; overflow gives infinity as on BEAM. The
// explicit branch keeps the conversion defined in C++ terms.
float double_to_single(double d) {
  // FLT_MAX plus half an ulp (2^128 - 2^103): from here on, rounding to
  // nearest even overflows.
  constexpr double kOverflow = 340282356779733661637539395458142568448.0;
  if (std::fabs(d) >= kOverflow) return std::signbit(d) ? -HUGE_VALF : HUGE_VALF;
  return static_cast<float>(d);
}

double half_to_double(std::uint16_t h) {
  double sign = (h & 0x8000) ? -1.0 : 1.0;
  int exp = (h >> 10) & 0x1F;
  int mant = h & 0x3FF;
  if (exp == 0x1F) return mant ? std::nan("") : sign * HUGE_VAL;
  if (exp == 0) return sign * std::ldexp(mant, -24);
  return sign * std::ldexp(mant | 0x400, exp - 25);
}

// ---- building results ----------------------------------------------------------

Term make_sub_bin(Process& p, Term original, Word bit_offset, Word bit_size) {
  Word* sub = p.alloc(kSubBinWords);
  sub[0] = make_header(BoxKind::SubBin, kSubBinWords - 1);
  sub[1] = bit_size;
  sub[2] = bit_offset;
  sub[3] = original.raw();
  return Term::boxed(sub);
}

// Storage for a result of `bits` bits; the returned term is the finished value
// (a SubBin when not byte-aligned). `appendable` asks for spare capacity.
Term alloc_result(Process& p, Word bits, bool appendable, unsigned char** data) {
  Word bytes = (bits + 7) / 8;
  if (appendable && bytes > kHeapBinLimit) {
    Word capacity = std::max(2 * bytes, kMinAppendCapacity);
    Term pb = make_proc_bin(p, bytes, capacity, data);
    return make_sub_bin(p, pb, 0, bits);
  }
  Term bin = make_binary_uninit(p, bytes, data);
  if (bits % 8 != 0) return make_sub_bin(p, bin, 0, bits);
  return bin;
}

// ---- segment validation --------------------------------------------------------

inline bool fail_badarg(Process& p) {
  p.badarg();
  return false;
}
inline bool fail_system_limit(Process& p) {
  p.system_limit();
  return false;
}

// Check one segment and compute its size in bits; false after p.fail.
bool seg_size_bits(Process& p, const BinSegment& s, Word& bits) {
  switch (s.kind) {
    case BinSegKind::Integer: {
      if (!s.value.is_integer()) return fail_badarg(p);
      if (!s.size.is_small()) {
        // A huge (bignum) size is a system limit on BEAM; anything else badarg.
        if (s.size.is_box_of(BoxKind::PosBig)) return fail_system_limit(p);
        return fail_badarg(p);
      }
      if (s.size.small_value() < 0) return fail_badarg(p);
      unsigned __int128 b = static_cast<unsigned __int128>(s.size.small_value()) * s.unit;
      if (b >= kMaxResultBits) return fail_system_limit(p);
      bits = static_cast<Word>(b);
      return true;
    }
    case BinSegKind::Float: {
      if (!s.size.is_small() || s.size.small_value() < 0) return fail_badarg(p);
      unsigned __int128 b = static_cast<unsigned __int128>(s.size.small_value()) * s.unit;
      if (b != 16 && b != 32 && b != 64) return fail_badarg(p);
      if (s.value.is_float()) {
        bits = static_cast<Word>(b);
        return true;
      }
      if (!s.value.is_integer()) return fail_badarg(p);
      if (!std::isfinite(int_to_double(s.value))) return fail_badarg(p);
      bits = static_cast<Word>(b);
      return true;
    }
    case BinSegKind::Binary: {
      if (!s.value.is_bitstring()) return fail_badarg(p);
      Word have = bit_view(s.value).bit_size;
      if (s.size == atoms::all) {
        if (s.unit > 1 && have % s.unit != 0) return fail_badarg(p);
        bits = have;
        return true;
      }
      if (!s.size.is_small() || s.size.small_value() < 0) return fail_badarg(p);
      unsigned __int128 b = static_cast<unsigned __int128>(s.size.small_value()) * s.unit;
      if (b > have) return fail_badarg(p);
      bits = static_cast<Word>(b);
      return true;
    }
    case BinSegKind::Utf8:
    case BinSegKind::Utf16:
    case BinSegKind::Utf32: {
      if (!s.value.is_small()) return fail_badarg(p);
      SWord cp = s.value.small_value();
      if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return fail_badarg(p);
      if (s.kind == BinSegKind::Utf32) bits = 32;
      else if (s.kind == BinSegKind::Utf16) bits = cp >= 0x10000 ? 32 : 16;
      else bits = cp < 0x80 ? 8 : cp < 0x800 ? 16 : cp < 0x10000 ? 24 : 32;
      return true;
    }
    default:
      return fail_badarg(p);
  }
}

void write_integer(unsigned char* dst, Word pos, Term value, Word bits, Word flags) {
  if (bits == 0) return;
  bool little = little_endian(flags);
  if (bits <= 64) {
    Word v;
    if (value.is_small()) {
      v = static_cast<Word>(value.small_value());
    } else {
      integer_to_words(value, &v, 1);
    }
    v &= low_mask(bits);
    if (!little) {
      write_bits(dst, pos, v, bits);
      return;
    }
    unsigned char le[8];
    std::memcpy(le, &v, 8);
    write_le_image(dst, pos, le, bits, true);
    return;
  }
  Word words = (bits + 63) / 64;
  std::vector<Word> image(words);
  integer_to_words(value, image.data(), words);
  write_le_image(dst, pos, reinterpret_cast<const unsigned char*>(image.data()), bits, little);
}

void write_float(unsigned char* dst, Word pos, Term value, Word bits, Word flags) {
  double d = value.is_float() ? value.float_value() : int_to_double(value);
  Word image;
  if (bits == 64) image = std::bit_cast<Word>(d);
  else if (bits == 32) image = std::bit_cast<std::uint32_t>(double_to_single(d));
  else image = double_to_half(d);
  if (!little_endian(flags)) {
    write_bits(dst, pos, image, bits);
  } else {
    unsigned char le[8];
    std::memcpy(le, &image, 8);
    write_le_image(dst, pos, le, bits, true);
  }
}

Word write_utf(unsigned char* dst, Word pos, BinSegKind kind, Word cp, Word flags) {
  if (kind == BinSegKind::Utf8) {
    if (cp < 0x80) {
      write_bits(dst, pos, cp, 8);
      return 8;
    }
    if (cp < 0x800) {
      write_bits(dst, pos, ((0xC0 | (cp >> 6)) << 8) | (0x80 | (cp & 0x3F)), 16);
      return 16;
    }
    if (cp < 0x10000) {
      write_bits(dst, pos, ((0xE0 | (cp >> 12)) << 16) | ((0x80 | ((cp >> 6) & 0x3F)) << 8) | (0x80 | (cp & 0x3F)),
                 24);
      return 24;
    }
    write_bits(dst, pos,
               ((0xF0 | (cp >> 18)) << 24) | ((0x80 | ((cp >> 12) & 0x3F)) << 16) |
                   ((0x80 | ((cp >> 6) & 0x3F)) << 8) | (0x80 | (cp & 0x3F)),
               32);
    return 32;
  }
  bool little = little_endian(flags);
  auto unit = [&](Word u, Word bits) {
    if (little) {
      unsigned char le[4];
      std::memcpy(le, &u, 4);
      write_le_image(dst, pos, le, bits, true);
    } else {
      write_bits(dst, pos, u, bits);
    }
    pos += bits;
  };
  if (kind == BinSegKind::Utf32) {
    unit(cp, 32);
    return 32;
  }
  if (cp < 0x10000) {
    unit(cp, 16);
    return 16;
  }
  Word v = cp - 0x10000;
  unit(0xD800 | (v >> 10), 16);
  unit(0xDC00 | (v & 0x3FF), 16);
  return 32;
}

// Write one validated segment of `bits` bits at `pos`.
void write_segment(unsigned char* dst, Word pos, const BinSegment& s, Word bits) {
  switch (s.kind) {
    case BinSegKind::Integer:
      write_integer(dst, pos, s.value, bits, s.flags);
      return;
    case BinSegKind::Float:
      write_float(dst, pos, s.value, bits, s.flags);
      return;
    case BinSegKind::Binary: {
      BitView v = bit_view(s.value);
      copy_bits(dst, pos, v.data, v.bit_offset, bits);
      return;
    }
    default:
      write_utf(dst, pos, s.kind, static_cast<Word>(s.value.small_value()), s.flags);
      return;
  }
}

// If `acc` (the first segment's value) is the newest value of an appendable
// binary with room for `total_bits`, return its ProcBin, else nullptr.
Word* appendable_proc_bin(Term acc, Word total_bits) {
  if (!acc.is_box_of(BoxKind::SubBin)) return nullptr;
  const Word* sub = acc.box_ptr();
  Word acc_bits = sub[1];
  if (sub[2] != 0 || acc_bits % 8 != 0) return nullptr;
  Term original = Term::from_raw(sub[3]);
  if (!original.is_box_of(BoxKind::RefcBin)) return nullptr;
  Word* pb = original.box_ptr();
  if (pb[1] * 8 != acc_bits) return nullptr;
  auto* bin = reinterpret_cast<RefcBinary*>(pb[2]);
  if ((total_bits + 7) / 8 > bin->byte_size) return nullptr;
  // acquire: if another owner just dropped its reference, its reads of these
  // bytes happen before our writes (pairs with the release in release_refc_binary, term.h).
  std::atomic_ref<std::uint64_t> count(bin->refcount);
  if (count.load(std::memory_order_acquire) != 1) return nullptr;
  return pb;
}

// ---- match contexts ---------------------------------------------------------

struct Ctx {
  Word* obj;
  Term original() const { return Term::from_raw(obj[1]); }
  Word pos() const { return obj[2]; }
  Word end() const { return obj[3]; }
  Word remaining() const { return obj[3] - obj[2]; }
  void advance(Word bits) { obj[2] += bits; }
  // Bytes of the original; positions are relative to this pointer (originals
  // are never SubBins, so their view starts at bit 0).
  const unsigned char* data() const { return bit_view(original()).data; }
};

inline Ctx ctx_of(Term t) { return Ctx{t.box_ptr()}; }

// A bitstring of `bits` bits at `pos` of the context's original: a heap copy
// when it is whole bytes and small, else a SubBin over the original.
Term extract(Process& p, const Ctx& c, Word pos, Word bits) {
  Term original = c.original();
  Word* o = original.box_ptr();
  if (pos == 0 && bits == bit_view(original).bit_size) {
    // The whole original. A RefcBin with spare capacity is appendable and
    // must stay behind a SubBin (see the top of this file).
    if (header_kind(o[0]) == BoxKind::HeapBin) return original;
    if (reinterpret_cast<RefcBinary*>(o[2])->byte_size == o[1]) return original;
  }
  if (bits % 8 == 0 && bits / 8 <= kHeapBinLimit) {
    unsigned char* out;
    Term bin = make_binary_uninit(p, bits / 8, &out);
    copy_bits(out, 0, c.data(), pos, bits);
    return bin;
  }
  return make_sub_bin(p, original, pos, bits);
}

}  // namespace

// ---- construction -----------------------------------------------------------

Term bs_create(Process& p, const BinSegment* segments, Word count) {
  Word small_sizes[32];
  std::vector<Word> big_sizes;
  Word* sizes = small_sizes;
  if (count > 32) {
    big_sizes.resize(count);
    sizes = big_sizes.data();
  }
  Word total = 0;
  for (Word i = 0; i < count; ++i) {
    if (!seg_size_bits(p, segments[i], sizes[i])) return kNonValue;
    total += sizes[i];
    if (total >= kMaxResultBits) return p.system_limit();
  }

  // `<<Acc/binary, ...>>`: the append pattern gets an appendable result.
  bool append = count >= 1 && segments[0].kind == BinSegKind::Binary && segments[0].size == atoms::all;
  if (append && total / 8 > kHeapBinLimit) {
    if (Word* pb = appendable_proc_bin(segments[0].value, total)) {
      unsigned char* data = reinterpret_cast<RefcBinary*>(pb[2])->data();
      Word pos = sizes[0];
      for (Word i = 1; i < count; ++i) {
        write_segment(data, pos, segments[i], sizes[i]);
        pos += sizes[i];
      }
      pb[1] = (total + 7) / 8;
      return make_sub_bin(p, Term::boxed(pb), 0, total);
    }
  }

  unsigned char* data;
  Term result = alloc_result(p, total, append, &data);
  Word pos = 0;
  for (Word i = 0; i < count; ++i) {
    write_segment(data, pos, segments[i], sizes[i]);
    pos += sizes[i];
  }
  return result;
}

// ---- matching ---------------------------------------------------------------

Term bs_start_match(Process& p, Term bin) {
  if (bin.is_box_of(BoxKind::MatchCtx)) return bin;
  if (!bin.is_bitstring()) return kNonValue;
  Word* obj = bin.box_ptr();
  Term original = bin;
  Word pos = 0;
  Word end;
  if (header_kind(obj[0]) == BoxKind::SubBin) {
    original = Term::from_raw(obj[3]);
    pos = obj[2];
    end = obj[2] + obj[1];
  } else {
    end = bit_view(bin).bit_size;
  }
  Word* ctx = p.alloc(kMatchCtxWords);
  ctx[0] = make_header(BoxKind::MatchCtx, kMatchCtxWords - 1);
  ctx[1] = original.raw();
  ctx[2] = pos;
  ctx[3] = end;
  return Term::boxed(ctx);
}

Term bs_get_integer(Process& p, Term ctx, Word bits, Word flags) {
  Ctx c = ctx_of(ctx);
  if (c.remaining() < bits) return kNonValue;
  if (bits == 0) return Term::small(0);
  const unsigned char* data = c.data();
  Word pos = c.pos();
  bool little = little_endian(flags);
  bool is_signed = (flags & kBinFlagSigned) != 0;
  if (bits <= 64) {
    Word v;
    if (!little) {
      v = read_bits(data, pos, bits);
    } else if ((pos & 7) == 0 && (bits & 7) == 0) {
      v = 0;
      std::memcpy(&v, data + pos / 8, bits / 8);
    } else {
      unsigned char le[8] = {};
      read_le_image(data, pos, le, bits, true);
      std::memcpy(&v, le, 8);
    }
    c.advance(bits);
    if (is_signed && bits < 64 && (v >> (bits - 1)) & 1) v |= ~low_mask(bits);
    if (is_signed) return make_integer(p, static_cast<std::int64_t>(v));
    return make_integer_u64(p, v);
  }
  Word words = (bits + 63) / 64;
  std::vector<Word> image(words, 0);
  read_le_image(data, pos, reinterpret_cast<unsigned char*>(image.data()), bits, little);
  c.advance(bits);
  bool neg = false;
  Word top = bits - 64 * (words - 1);  // bits used in the top word, 1..64
  if (is_signed && (image[words - 1] >> (top - 1)) & 1) {
    neg = true;
    image[words - 1] |= ~low_mask(top);
    Word carry = 1;
    for (Word i = 0; i < words; ++i) {
      Word x = ~image[i] + carry;
      carry = carry && x == 0;
      image[i] = x;
    }
  }
  return integer_from_magnitude(p, image.data(), words, neg);
}

Term bs_get_float(Process& p, Term ctx, Word bits, Word flags) {
  Ctx c = ctx_of(ctx);
  if (bits != 16 && bits != 32 && bits != 64) return kNonValue;
  if (c.remaining() < bits) return kNonValue;
  Word image;
  if (!little_endian(flags)) {
    image = read_bits(c.data(), c.pos(), bits);
  } else {
    unsigned char le[8] = {};
    read_le_image(c.data(), c.pos(), le, bits, true);
    std::memcpy(&image, le, 8);
  }
  double d;
  if (bits == 64) d = std::bit_cast<double>(image);
  else if (bits == 32) d = std::bit_cast<float>(static_cast<std::uint32_t>(image));
  else d = half_to_double(static_cast<std::uint16_t>(image));
  // Erlang has no infinities or NaNs: such patterns do not match.
  if (!std::isfinite(d)) return kNonValue;
  c.advance(bits);
  return make_float(p, d);
}

Term bs_get_binary(Process& p, Term ctx, Word bits) {
  Ctx c = ctx_of(ctx);
  if (bits == ~Word{0}) bits = c.remaining();
  if (c.remaining() < bits) return kNonValue;
  Term r = extract(p, c, c.pos(), bits);
  c.advance(bits);
  return r;
}

Term bs_get_utf8(Process& p, Term ctx) {
  Ctx c = ctx_of(ctx);
  Word rem = c.remaining();
  if (rem < 8) return kNonValue;
  const unsigned char* data = c.data();
  Word pos = c.pos();
  Word b0 = read_bits(data, pos, 8);
  if (b0 < 0x80) {
    c.advance(8);
    return Term::small(static_cast<SWord>(b0));
  }
  Word len;
  Word cp;
  Word min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return kNonValue;  // continuation byte or 0xF8.. as a lead byte
  }
  if (rem < 8 * len) return kNonValue;
  for (Word i = 1; i < len; ++i) {
    Word b = read_bits(data, pos + 8 * i, 8);
    if ((b & 0xC0) != 0x80) return kNonValue;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kNonValue;
  c.advance(8 * len);
  return Term::small(static_cast<SWord>(cp));
}

namespace {
Word read_unit(const Ctx& c, Word pos, Word bits, bool little) {
  if (!little) return read_bits(c.data(), pos, bits);
  unsigned char le[8] = {};
  read_le_image(c.data(), pos, le, bits, true);
  Word v;
  std::memcpy(&v, le, 8);
  return v;
}
}  // namespace

Term bs_get_utf16(Process& p, Term ctx, Word flags) {
  Ctx c = ctx_of(ctx);
  if (c.remaining() < 16) return kNonValue;
  bool little = little_endian(flags);
  Word w1 = read_unit(c, c.pos(), 16, little);
  if (w1 >= 0xDC00 && w1 <= 0xDFFF) return kNonValue;
  if (w1 < 0xD800 || w1 > 0xDBFF) {
    c.advance(16);
    return Term::small(static_cast<SWord>(w1));
  }
  if (c.remaining() < 32) return kNonValue;
  Word w2 = read_unit(c, c.pos() + 16, 16, little);
  if (w2 < 0xDC00 || w2 > 0xDFFF) return kNonValue;
  c.advance(32);
  return Term::small(static_cast<SWord>(0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00)));
}

Term bs_get_utf32(Process& p, Term ctx, Word flags) {
  Ctx c = ctx_of(ctx);
  if (c.remaining() < 32) return kNonValue;
  Word cp = read_unit(c, c.pos(), 32, little_endian(flags));
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kNonValue;
  c.advance(32);
  return Term::small(static_cast<SWord>(cp));
}

bool bs_skip_bits(Term ctx, Word bits) {
  Ctx c = ctx_of(ctx);
  if (c.remaining() < bits) return false;
  c.advance(bits);
  return true;
}

Word bs_remaining(Term ctx) { return ctx_of(ctx).remaining(); }

bool bs_match_string(Term ctx, Term literal_bitstring) {
  Ctx c = ctx_of(ctx);
  BitView lit = bit_view(literal_bitstring);
  if (c.remaining() < lit.bit_size) return false;
  if (!equal_bits(c.data(), c.pos(), lit.data, lit.bit_offset, lit.bit_size)) return false;
  c.advance(lit.bit_size);
  return true;
}

Term bs_get_tail(Process& p, Term ctx) {
  Ctx c = ctx_of(ctx);
  return extract(p, c, c.pos(), c.remaining());
}

Word bs_get_position(Term ctx) { return ctx_of(ctx).pos(); }

void bs_set_position(Term ctx, Word position) { ctx_of(ctx).obj[2] = position; }

}  // namespace girder::vm
