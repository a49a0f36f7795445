// Bit syntax runtime (vm/binary.h): construction and matching, checked
// against bytes and values recorded from Erlang/OTP 25.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "vm/term/bignum.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

constexpr Word kS = kBinFlagSigned;
constexpr Word kL = kBinFlagLittle;
constexpr Word kN = kBinFlagNative;

class BinarySyntaxTest : public ::testing::Test {
 protected:
  VM vm;
  Process p{vm, 1};

  Term I(const char* s) {
    Term t = int_from_string(p, s);
    EXPECT_TRUE(t.is_value()) << s;
    return t;
  }
  Term F(double d) { return make_float(p, d); }
  Term atom_all() { return atoms::all; }

  // Segments.
  static BinSegment seg_int(Term v, SWord size, Word flags = 0, Word unit = 1) {
    return {BinSegKind::Integer, flags, v, Term::small(size), unit};
  }
  static BinSegment seg_float(Term v, SWord size, Word flags = 0) {
    return {BinSegKind::Float, flags, v, Term::small(size), 1};
  }
  static BinSegment seg_bin(Term v) { return {BinSegKind::Binary, 0, v, atoms::all, 8}; }
  static BinSegment seg_bits(Term v) { return {BinSegKind::Binary, 0, v, atoms::all, 1}; }
  static BinSegment seg_bin_sized(Term v, SWord size, Word unit) {
    return {BinSegKind::Binary, 0, v, Term::small(size), unit};
  }
  static BinSegment seg_utf(BinSegKind k, SWord cp, Word flags = 0) {
    return {k, flags, Term::small(cp), kNil, 1};
  }

  Term create(std::vector<BinSegment> segs) { return bs_create(p, segs.data(), segs.size()); }

  // Hex of a bitstring with the trailing partial byte zero-padded, and its size.
  static std::pair<std::string, Word> hex(Term t) {
    EXPECT_TRUE(t.is_bitstring());
    return {hex_slice(t, 0, bit_view(t).bit_size), bit_view(t).bit_size};
  }
  // Hex of bits [off, off + len) of a bitstring, zero-padded.
  static std::string hex_slice(Term t, Word off, Word len) {
    BitView v = bit_view(t);
    std::string out;
    for (Word i = 0; i < (len + 7) / 8; ++i) {
      unsigned byte = 0;
      for (Word b = 0; b < 8; ++b) {
        Word bit = i * 8 + b;
        unsigned val = 0;
        if (bit < len) {
          Word at = v.bit_offset + off + bit;
          val = (v.data[at / 8] >> (7 - at % 8)) & 1;
        }
        byte = (byte << 1) | val;
      }
      char buf[3];
      std::snprintf(buf, sizeof buf, "%02x", byte);
      out += buf;
    }
    return out;
  }

  // A bitstring of `bits` bits from hex digits, starting `offset` bits into
  // a fresh base binary (a SubBin when offset or size is not byte-aligned).
  Term bits_of(const std::string& hexdigits, Word bits, Word offset = 0) {
    std::vector<int> stream(offset, 1);  // junk ones before the value
    for (Word i = 0; i < bits; ++i) {
      unsigned nib = std::stoi(hexdigits.substr(i / 4, 1), nullptr, 16);
      stream.push_back((nib >> (3 - i % 4)) & 1);
    }
    while (stream.size() % 8 != 0) stream.push_back(1);
    std::string bytes(stream.size() / 8, '\0');
    for (std::size_t i = 0; i < stream.size(); ++i)
      if (stream[i]) bytes[i / 8] = static_cast<char>(bytes[i / 8] | (0x80 >> (i % 8)));
    Term base = make_binary(p, bytes);
    if (offset == 0 && bits % 8 == 0) return base;
    Word* sub = p.alloc(kSubBinWords);
    sub[0] = make_header(BoxKind::SubBin, kSubBinWords - 1);
    sub[1] = bits;
    sub[2] = offset;
    sub[3] = base.raw();
    return Term::boxed(sub);
  }
  Term bytes(std::string_view s) { return make_binary(p, s); }
};

#define EXPECT_BITS(term, hexstr, nbits)                       \
  do {                                                         \
    Term t_ = (term);                                          \
    ASSERT_TRUE(t_.is_value());                                \
    EXPECT_EQ(hex(t_), (std::pair<std::string, Word>{hexstr, nbits})); \
  } while (0)

// ---------------------------------------------------------------- construction

TEST_F(BinarySyntaxTest, FloatSegments) {
  EXPECT_BITS(create({seg_float(F(1.5), 16)}), "3e00", 16);
  EXPECT_BITS(create({seg_float(F(1.0e300), 32)}), "7f800000", 32);  // overflow: inf
  EXPECT_BITS(create({seg_float(F(3.4028235677973366e38), 32)}), "7f800000", 32);  // FLT_MAX + ulp/2
  EXPECT_BITS(create({seg_float(F(3.4028235677973362e38), 32)}), "7f7fffff", 32);
  EXPECT_BITS(create({seg_float(F(-3.4028235677973366e38), 32)}), "ff800000", 32);
  EXPECT_BITS(create({seg_float(F(65519.0), 16)}), "7bff", 16);
  EXPECT_BITS(create({seg_float(F(65520.0), 16)}), "7c00", 16);
  EXPECT_BITS(create({seg_float(Term::small(3), 32)}), "40400000", 32);
  EXPECT_BITS(create({seg_float(F(1.5), 64, kL)}), "000000000000f83f", 64);
  EXPECT_BITS(create({seg_float(F(-2.5), 32, kL)}), "000020c0", 32);
  EXPECT_BITS(create({seg_float(I("1606938044258990275541962092341162602522202993782792835301376"), 32)}),
              "7f800000", 32);
  EXPECT_BITS(create({seg_float(F(1.0e-8), 16)}), "0000", 16);
  EXPECT_BITS(create({seg_float(F(6.0e-8), 16)}), "0001", 16);
  EXPECT_BITS(create({seg_float(F(-0.0), 16)}), "8000", 16);
  EXPECT_BITS(create({seg_float(F(3.0e-8), 16)}), "0001", 16);
  EXPECT_BITS(create({seg_float(F(2.9802322387695312e-8), 16)}), "0000", 16);  // tie to even
  EXPECT_BITS(create({seg_float(F(6.097555160522461e-5), 16)}), "03ff", 16);
  EXPECT_BITS(create({seg_float(F(0.1), 16, kL)}), "662e", 16);
  EXPECT_BITS(create({seg_int(Term::small(1), 1), seg_float(F(1.5), 64)}), "9ffc00000000000000", 65);
}

TEST_F(BinarySyntaxTest, FloatErrors) {
  Term big = int_bsl(p, Term::small(1), Term::small(2000));
  EXPECT_TRUE(create({seg_float(big, 64)}).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::badarg);
  EXPECT_TRUE(create({seg_float(F(1.0), 24)}).is_non_value());
  EXPECT_TRUE(create({seg_float(F(1.0), 0)}).is_non_value());
  EXPECT_TRUE(create({seg_float(atoms::badarg, 64)}).is_non_value());
  EXPECT_EQ(p.error_class(), atoms::error);
  EXPECT_EQ(p.error_reason(), atoms::badarg);
}

TEST_F(BinarySyntaxTest, IntegerSegments) {
  EXPECT_BITS(create({seg_int(Term::small(-1), 13, kL)}), "fff8", 13);
  EXPECT_BITS(create({seg_int(Term::small(0x1234), 13, kL)}), "3490", 13);
  EXPECT_BITS(create({seg_int(Term::small(0x1234), 13)}), "91a0", 13);
  EXPECT_BITS(create({seg_int(Term::small(-5), 100, kS | kL)}), "fbfffffffffffffffffffffff0", 100);
  EXPECT_BITS(create({seg_int(I("633825300114114700748351615033"), 100)}), "80000000000000000000030390", 100);
  EXPECT_BITS(create({seg_int(I("-633825300114114700748351615033"), 100, kL)}), "c7cfffffffffffffffffffff70",
              100);
  EXPECT_BITS(create({seg_int(I("-1606938044258990275541962092341162602522202993782792835313721"), 70, kL)}),
              "c7cffffffffffffffc", 70);
  EXPECT_BITS(create({seg_int(Term::small(300), 8)}), "2c", 8);
  EXPECT_BITS(create({seg_int(Term::small(-1), 64)}), "ffffffffffffffff", 64);
  EXPECT_BITS(create({seg_int(I("18446744073709551615"), 64, kL)}), "ffffffffffffffff", 64);
  EXPECT_BITS(create({seg_int(Term::small(5), 3), seg_int(Term::small(7), 5), seg_int(Term::small(1), 1)}), "a780",
              9);
  EXPECT_BITS(create({seg_int(Term::small(1), 1), seg_int(Term::small(0x123456789), 37, kL)}), "c4b3a29184", 38);
  EXPECT_BITS(create({seg_int(Term::small(1), 3), seg_int(I("1180591620717411303427"), 77, kL)}),
              "20600000000000000800", 80);
  EXPECT_BITS(create({seg_int(Term::small(1), 3), seg_int(I("-1180591620717411303427"), 77)}),
              "3fbffffffffffffffffd", 80);
  EXPECT_BITS(create({seg_int(Term::small(1), 0)}), "", 0);
  EXPECT_BITS(create({seg_int(Term::small(0x0102030405060708), 64, kN)}), "0807060504030201", 64);
  EXPECT_BITS(create({seg_int(Term::small(1), 1), seg_int(Term::small(0x0102030405060708), 64, kL)}),
              "840383028201810080", 65);
  EXPECT_BITS(create({seg_int(I("-1267650600228229401496703205376"), 128, kL)}), "000000000000000000000000f0ffffff",
              128);
  EXPECT_BITS(create({seg_int(I("1267650600228229401496703205376"), 20)}), "000000", 20);
  // Size in units: 3 units of 4 bits.
  EXPECT_BITS(create({seg_int(Term::small(0xABC), 3, 0, 4)}), "abc0", 12);
}

TEST_F(BinarySyntaxTest, IntegerErrors) {
  // <<abc:0>> is badarg even though nothing would be written.
  EXPECT_TRUE(create({seg_int(atoms::all, 0)}).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::badarg);
  EXPECT_TRUE(create({seg_int(F(1.0), 8)}).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::badarg);
  EXPECT_TRUE(create({seg_int(Term::small(1), -1)}).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::badarg);
  BinSegment atom_size{BinSegKind::Integer, 0, Term::small(1), atoms::badarg, 1};
  EXPECT_TRUE(bs_create(p, &atom_size, 1).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::badarg);
  BinSegment huge_size{BinSegKind::Integer, 0, Term::small(1), I("1152921504606846976"), 1};
  EXPECT_TRUE(bs_create(p, &huge_size, 1).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::system_limit);
}

TEST_F(BinarySyntaxTest, BinarySegments) {
  EXPECT_BITS(create({seg_bits(bits_of("2", 3)), seg_bin(bytes("\x01\x02"))}), "202040", 19);
  EXPECT_BITS(create({seg_bin_sized(bytes("\x01\x02\x03"), 2, 8)}), "0102", 16);
  EXPECT_BITS(create({seg_bin_sized(bytes("\x01\x02"), 3, 1)}), "00", 3);
  EXPECT_BITS(create({seg_int(Term::small(1), 5), seg_bin(bytes("hello world")), seg_int(Term::small(3), 3)}),
              "0b432b63637903bb7b936323", 96);
  // Unaligned source (a SubBin at offset 5) into an unaligned destination.
  Term src = bits_of("abcdef0123", 40, 5);
  EXPECT_BITS(create({seg_int(Term::small(0), 3), seg_bin(src)}), "1579bde02460", 43);
}

TEST_F(BinarySyntaxTest, BinarySegmentErrors) {
  EXPECT_TRUE(create({seg_bin(bits_of("2", 3))}).is_non_value());  // <<B/binary>>, B not bytes
  EXPECT_EQ(p.error_reason(), atoms::badarg);
  EXPECT_TRUE(create({seg_bin_sized(bits_of("2", 3), 1, 8)}).is_non_value());
  EXPECT_TRUE(create({seg_bin_sized(bytes("\x01\x02"), 3, 8)}).is_non_value());
  EXPECT_TRUE(create({seg_bin(atoms::all)}).is_non_value());
  EXPECT_TRUE(create({seg_bin_sized(atoms::all, 0, 8)}).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::badarg);
  EXPECT_BITS(create({seg_bin_sized(bytes(""), 0, 8), seg_int(Term::small(1), 1)}), "80", 1);
}

TEST_F(BinarySyntaxTest, UtfSegments) {
  EXPECT_BITS(create({seg_utf(BinSegKind::Utf16, 0x10FFFF, kL)}), "ffdbffdf", 32);
  EXPECT_BITS(create({seg_utf(BinSegKind::Utf16, 0x1F600)}), "d83dde00", 32);
  EXPECT_BITS(create({seg_utf(BinSegKind::Utf32, 'a', kL)}), "61000000", 32);
  EXPECT_BITS(create({seg_utf(BinSegKind::Utf8, 0x20AC), seg_int(Term::small(1), 3),
                      seg_utf(BinSegKind::Utf8, 0x1F600)}),
              "e282ac3e13f31000", 59);
  EXPECT_BITS(create({seg_utf(BinSegKind::Utf8, 0x7FF), seg_utf(BinSegKind::Utf8, 0xFFFF),
                      seg_utf(BinSegKind::Utf32, 0x10000)}),
              "dfbfefbfbf00010000", 72);
  EXPECT_BITS(create({seg_int(Term::small(1), 1), seg_utf(BinSegKind::Utf16, 0x1F600, kL)}), "9eec006f00", 33);
  for (SWord bad : {SWord{0xD800}, SWord{0xDFFF}, SWord{0x110000}, SWord{-1}}) {
    for (BinSegKind k : {BinSegKind::Utf8, BinSegKind::Utf16, BinSegKind::Utf32}) {
      EXPECT_TRUE(create({seg_utf(k, bad)}).is_non_value()) << bad;
      EXPECT_EQ(p.error_reason(), atoms::badarg);
    }
  }
  BinSegment not_int{BinSegKind::Utf8, 0, F(65.0), kNil, 1};
  EXPECT_TRUE(bs_create(p, &not_int, 1).is_non_value());
}

TEST_F(BinarySyntaxTest, ResultRepresentation) {
  Term small = create({seg_bin(bytes(std::string(64, 'x')))});
  EXPECT_TRUE(small.is_box_of(BoxKind::HeapBin));
  Term large = create({seg_int(Term::small(1), 8), seg_bin(bytes(std::string(64, 'x')))});
  EXPECT_TRUE(large.is_box_of(BoxKind::RefcBin));
  Term odd = create({seg_int(Term::small(1), 7)});
  ASSERT_TRUE(odd.is_box_of(BoxKind::SubBin));
  EXPECT_TRUE(Term::from_raw(odd.box_ptr()[3]).is_box_of(BoxKind::HeapBin));
  Term empty = create({});
  EXPECT_BITS(empty, "", 0);
}

// ---------------------------------------------------------------- appending

TEST_F(BinarySyntaxTest, AppendLoopIsLinear) {
  Term acc = bytes("");
  std::string expect;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100000; ++i) {
    std::string piece = std::to_string(i % 97) + ",";
    expect += piece;
    Term data = bytes(piece);
    acc = create({seg_bin(acc), seg_bin(data)});
    ASSERT_TRUE(acc.is_value());
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BitView v = bit_view(acc);
  ASSERT_EQ(v.bit_size, expect.size() * 8);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(v.data), expect.size()), expect);
  // Quadratic copying of ~290 KB 100k times would take many seconds.
  EXPECT_LT(secs, 2.0);
}

TEST_F(BinarySyntaxTest, AppendKeepsOlderValues) {
  Term base = create({seg_bin(bytes(std::string(100, 'a')))});
  // Grows an appendable binary.
  Term a = create({seg_bin(base), seg_bin(bytes("b"))});
  Term a1 = create({seg_bin(a), seg_bin(bytes("c"))});  // in place
  Term a2 = create({seg_bin(a), seg_bin(bytes("d"))});  // a is no longer the newest: copy
  Term a3 = create({seg_bin(a1), seg_bits(bits_of("8", 1))});  // unaligned tail
  Term a4 = create({seg_bits(a3), seg_int(Term::small(0x7F), 7)});
  EXPECT_EQ(hex(a1).first, hex(base).first + "6263");
  EXPECT_EQ(hex(a2).first, hex(base).first + "6264");
  EXPECT_EQ(hex(a).first, hex(base).first + "62");
  EXPECT_EQ(hex(a3).second, 8 * 102 + 1);
  EXPECT_EQ(hex(a4).first, hex(base).first + "6263ff");
  // In place: the result shares a4's storage (a1's was grown by a3, so a1
  // is no longer the newest value of its binary).
  Term a5 = create({seg_bin(a4), seg_bin(bytes("e"))});
  ASSERT_TRUE(a5.is_box_of(BoxKind::SubBin) && a4.is_box_of(BoxKind::SubBin));
  EXPECT_EQ(a5.box_ptr()[3], a4.box_ptr()[3]);
  // A binary shared with another owner (refcount 2) is never written in place.
  Term a6 = create({seg_bin(a5), seg_bin(bytes("f"))});
  auto* rb = reinterpret_cast<RefcBinary*>(Term::from_raw(a6.box_ptr()[3]).box_ptr()[2]);
  rb->refcount += 1;
  Term a7 = create({seg_bin(a6), seg_bin(bytes("g"))});
  EXPECT_NE(a7.box_ptr()[3], a6.box_ptr()[3]);
  rb->refcount -= 1;
  EXPECT_EQ(hex(a7).first, hex(base).first + "6263ff656667");
  // Appending the accumulator to itself.
  Term twice = create({seg_bin(a1), seg_bin(a1)});
  EXPECT_EQ(hex(twice).first, hex(a1).first + hex(a1).first);
  EXPECT_EQ(hex(a1).first, hex(base).first + "6263");
}

// ---------------------------------------------------------------- matching

TEST_F(BinarySyntaxTest, StartMatch) {
  EXPECT_TRUE(bs_start_match(p, Term::small(1)).is_non_value());
  EXPECT_TRUE(bs_start_match(p, kNil).is_non_value());
  Term ctx = bs_start_match(p, bytes("abc"));
  ASSERT_TRUE(ctx.is_box_of(BoxKind::MatchCtx));
  EXPECT_EQ(bs_remaining(ctx), 24u);
  EXPECT_TRUE(bs_skip_bits(ctx, 5));
  EXPECT_EQ(bs_start_match(p, ctx), ctx);  // reused with its position
  EXPECT_EQ(bs_remaining(ctx), 19u);
  EXPECT_FALSE(bs_skip_bits(ctx, 20));
  EXPECT_EQ(bs_remaining(ctx), 19u);
  Word pos = bs_get_position(ctx);
  EXPECT_TRUE(bs_skip_bits(ctx, 19));
  EXPECT_EQ(bs_remaining(ctx), 0u);
  bs_set_position(ctx, pos);
  EXPECT_EQ(bs_remaining(ctx), 19u);
}

TEST_F(BinarySyntaxTest, GetInteger) {
  Term b = bytes(std::string("\xC8\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0A\x0B\x0C\x0D", 14));
  auto at = [&](Word skip, Word bits, Word flags) {
    Term ctx = bs_start_match(p, b);
    EXPECT_TRUE(bs_skip_bits(ctx, skip));
    Term r = bs_get_integer(p, ctx, bits, flags);
    EXPECT_TRUE(r.is_value());
    return r.is_value() ? int_to_string(r) : std::string("nomatch");
  };
  EXPECT_EQ(at(3, 100, kS), "317068608608411842265171166598");
  EXPECT_EQ(at(3, 100, kS | kL), "502700711210460729458201462848");
  EXPECT_EQ(at(3, 64, kS | kL), "4048780183313844288");
  EXPECT_EQ(at(3, 61, kS), "576744439255729671");
  EXPECT_EQ(at(1, 65, 0), "20753721830732470300");
  EXPECT_EQ(at(5, 64, kL), "16267178327293304832");
  EXPECT_EQ(at(7, 24, kL), "98560");
  EXPECT_EQ(at(4, 16, kN), "4224");
  EXPECT_EQ(at(0, 13, kL), "200");
  EXPECT_EQ(at(3, 13, kL), "320");
  EXPECT_EQ(at(0, 0, 0), "0");

  auto whole = [&](Term bin, Word bits, Word flags) {
    Term ctx = bs_start_match(p, bin);
    Term r = bs_get_integer(p, ctx, bits, flags);
    return r.is_value() ? int_to_string(r) : std::string("nomatch");
  };
  EXPECT_EQ(whole(bytes(std::string("\x80\0\0\0\0\0\0\0\0", 9)), 72, kS), "-2361183241434822606848");
  EXPECT_EQ(whole(bytes(std::string("\x80\0\0\0\0\0\0\0", 8)), 64, kS), "-9223372036854775808");
  EXPECT_EQ(whole(bytes(std::string("\x80\0\0\0\0\0\0\0", 8)), 60, kS), "-576460752303423488");
  EXPECT_EQ(whole(bytes(std::string("\xF0\0\0\0\0\0\0\0", 8)), 59, kS), "-36028797018963968");
  EXPECT_EQ(whole(bytes(std::string(12, '\0') + "\xFF\xFF\xFF\xF0"), 128, kS | kL),
            "-19938420016001900607821443497749118976");
  EXPECT_EQ(whole(bytes("\xFF\xFF\xFF"), 13, kS | kL), "-1");
  EXPECT_EQ(whole(bytes("\xFF\xFF"), 17, 0), "nomatch");
  // Round trips of odd sizes at odd offsets, both byte orders, both signs.
  for (Word bits : {1u, 7u, 13u, 63u, 64u, 65u, 100u, 129u}) {
    for (Word flags : {Word{0}, kL, kS, kS | kL}) {
      for (const char* v : {"1", "-1", "12345678901234567890123", "-98765432109876543210987654321", "0"}) {
        Term val = I(v);
        Term bin = create({seg_int(Term::small(0), 3), seg_int(val, static_cast<SWord>(bits), flags),
                           seg_int(Term::small(1), 5)});
        Term ctx = bs_start_match(p, bin);
        ASSERT_TRUE(bs_skip_bits(ctx, 3));
        Term got = bs_get_integer(p, ctx, bits, flags);
        ASSERT_TRUE(got.is_value());
        // The expected value is val truncated to `bits` bits (two's
        // complement), read back signed or unsigned.
        Term modulus = int_bsl(p, Term::small(1), Term::small(static_cast<SWord>(bits)));
        Term expect = int_rem(p, int_add(p, int_rem(p, val, modulus), modulus), modulus);
        if ((flags & kS) && int_compare(expect, int_bsr(p, modulus, Term::small(1))) >= 0)
          expect = int_sub(p, expect, modulus);
        EXPECT_EQ(int_to_string(got), int_to_string(expect)) << v << " " << bits << " " << flags;
        EXPECT_EQ(bs_remaining(ctx), 5u);
      }
    }
  }
}

TEST_F(BinarySyntaxTest, GetFloat) {
  auto get = [&](Term bin, Word bits, Word flags, Word skip = 0) {
    Term ctx = bs_start_match(p, bin);
    bs_skip_bits(ctx, skip);
    Term r = bs_get_float(p, ctx, bits, flags);
    return r.is_value() ? r.float_value() : -12345.0;
  };
  constexpr double kNo = -12345.0;
  EXPECT_EQ(get(bytes(std::string("\x7F\xF0\0\0\0\0\0\0", 8)), 64, 0), kNo);  // inf
  EXPECT_EQ(get(bytes(std::string("\x7F\xF8\0\0\0\0\0\x01", 8)), 64, 0), kNo);  // NaN
  EXPECT_EQ(get(bytes(std::string("\x3F\xF8\0\0\0\0\0\0", 8)), 64, 0), 1.5);
  EXPECT_EQ(get(bytes(std::string("\x7F\x80\0\0", 4)), 32, 0), kNo);
  EXPECT_EQ(get(bytes(std::string("\xFF\xC0\0\0", 4)), 32, 0), kNo);
  EXPECT_EQ(get(bytes(std::string("\0\0\0\x01", 4)), 32, 0), 1.401298464324817e-45);
  EXPECT_EQ(get(bytes(std::string("\x7C\0", 2)), 16, 0), kNo);
  EXPECT_EQ(get(bytes(std::string("\x7E\0", 2)), 16, 0), kNo);
  EXPECT_EQ(get(bytes(std::string("\0\x01", 2)), 16, 0), 5.960464477539063e-8);
  EXPECT_EQ(get(bytes(std::string("\x3C\0", 2)), 16, 0), 1.0);
  EXPECT_EQ(get(bytes(std::string("\0\x3C", 2)), 16, kL), 1.0);
  EXPECT_EQ(get(bytes("\x7B\xFF"), 16, 0), 65504.0);
  EXPECT_EQ(get(bytes("\x3C"), 16, 0), kNo);  // too short
  EXPECT_EQ(get(bytes("\x3C\0\0"), 24, 0), kNo);  // bad size
  // Unaligned, little endian: <<1:1, 1.5:64/float-little, 0:7>>.
  Term b = create({seg_int(Term::small(1), 1), seg_float(F(-1.5e-300), 64, kL), seg_int(Term::small(0), 7)});
  EXPECT_EQ(get(b, 64, kL, 1), -1.5e-300);
  Term ctx = bs_start_match(p, bytes(std::string("\x7F\xF0\0\0\0\0\0\0", 8)));
  EXPECT_TRUE(bs_get_float(p, ctx, 64, 0).is_non_value());
  EXPECT_EQ(bs_remaining(ctx), 64u);  // a failed match does not advance
}

TEST_F(BinarySyntaxTest, GetBinaryAndSubBinaries) {
  std::string text;
  for (int i = 0; i < 200; ++i) text.push_back(static_cast<char>(i));
  Term big = bytes(text);  // RefcBin
  ASSERT_TRUE(big.is_box_of(BoxKind::RefcBin));
  Term ctx = bs_start_match(p, big);
  ASSERT_TRUE(bs_skip_bits(ctx, 8 * 10));
  Term part = bs_get_binary(p, ctx, 8 * 100);
  ASSERT_TRUE(part.is_box_of(BoxKind::SubBin));
  EXPECT_EQ(Term::from_raw(part.box_ptr()[3]), big);
  EXPECT_EQ(hex(part).first, hex(bytes(text.substr(10, 100))).first);
  // Sub-binary of a sub-binary at an odd offset: still refers to the base.
  Term ctx2 = bs_start_match(p, part);
  ASSERT_TRUE(bs_skip_bits(ctx2, 3));
  Term inner = bs_get_binary(p, ctx2, 8 * 90 + 5);
  ASSERT_TRUE(inner.is_box_of(BoxKind::SubBin));
  EXPECT_EQ(Term::from_raw(inner.box_ptr()[3]), big);
  EXPECT_EQ(inner.box_ptr()[2], 8u * 10 + 3);
  EXPECT_EQ(inner.box_ptr()[1], 8u * 90 + 5);
  EXPECT_EQ(hex(inner).first, hex_slice(big, 8 * 10 + 3, 8 * 90 + 5));
  // Small whole-byte pieces are copied into heap binaries.
  Term small = bs_get_binary(p, ctx2, 16);
  ASSERT_TRUE(small.is_box_of(BoxKind::HeapBin));
  EXPECT_EQ(hex(small).first, "6566");
  // Tail: the rest of the match, possibly unaligned.
  Term tail = bs_get_tail(p, ctx2);
  EXPECT_EQ(bs_remaining(ctx2), 8u * 100 - 3 - (8 * 90 + 5) - 16);
  EXPECT_EQ(hex(tail).second, bs_remaining(ctx2));
  // Too long.
  EXPECT_TRUE(bs_get_binary(p, ctx2, 8 * 100).is_non_value());
  // ~0 means the rest.
  Term rest = bs_get_binary(p, ctx2, ~Word{0});
  EXPECT_EQ(hex(rest), hex(tail));
  EXPECT_EQ(bs_remaining(ctx2), 0u);
  // The whole of a heap binary is returned as itself.
  Term hb = bytes("hello");
  Term c4 = bs_start_match(p, hb);
  EXPECT_EQ(bs_get_tail(p, c4), hb);
}

TEST_F(BinarySyntaxTest, GetBinaryUnalignedContent) {
  // <<_:3, X:5/binary, _/bits>> on <<"abcdefg">>
  Term ctx = bs_start_match(p, bytes("abcdefg"));
  bs_skip_bits(ctx, 3);
  Term x = bs_get_binary(p, ctx, 40);
  EXPECT_TRUE(x.is_box_of(BoxKind::HeapBin));
  // "abcdef" << 3: 0x0b 0x13 0x1b 0x23 0x2b
  EXPECT_BITS(x, "0b131b232b", 40);
}

TEST_F(BinarySyntaxTest, GetUtf8) {
  auto get = [&](Term bin) -> std::pair<SWord, Word> {
    Term ctx = bs_start_match(p, bin);
    Term r = bs_get_utf8(p, ctx);
    if (r.is_non_value()) return {-1, bs_remaining(ctx)};
    return {r.small_value(), bs_remaining(ctx)};
  };
  using R = std::pair<SWord, Word>;
  EXPECT_EQ(get(bytes("\xC0\x80")), (R{-1, 16}));  // overlong
  EXPECT_EQ(get(bytes("\xC2\x80")), (R{0x80, 0}));
  EXPECT_EQ(get(bytes("\xE0\x80\x80")), (R{-1, 24}));  // overlong
  EXPECT_EQ(get(bytes("\xED\xA0\x80")), (R{-1, 24}));  // surrogate
  EXPECT_EQ(get(bytes("\xF4\x90\x80\x80")), (R{-1, 32}));  // > 10FFFF
  EXPECT_EQ(get(bytes("\xF0\x90\x80\x80")), (R{0x10000, 0}));
  EXPECT_EQ(get(bytes("\x80")), (R{-1, 8}));
  EXPECT_EQ(get(bytes("\xF8\x80\x80\x80")), (R{-1, 32}));
  EXPECT_EQ(get(bytes("\xE2\x82")), (R{-1, 16}));  // truncated
  EXPECT_EQ(get(bytes("\xE2\x28\xAC")), (R{-1, 24}));  // bad continuation
  EXPECT_EQ(get(bits_of("e282ac2", 27)), (R{8364, 3}));
  // <<0:1, 16#E2, 16#82, 16#AC>>: first char is 113 at an odd offset.
  Term odd = bits_of("7141560", 25);
  EXPECT_EQ(get(odd), (R{113, 17}));
  Term ctx = bs_start_match(p, bits_of("e282ac", 24, 3));
  EXPECT_EQ(bs_get_utf8(p, ctx), Term::small(0x20AC));
  EXPECT_EQ(get(bytes("A")), (R{'A', 0}));
}

TEST_F(BinarySyntaxTest, GetUtf16AndUtf32) {
  auto g16 = [&](Term bin, Word flags) -> SWord {
    Term r = bs_get_utf16(p, bs_start_match(p, bin), flags);
    return r.is_value() ? r.small_value() : -1;
  };
  auto g32 = [&](Term bin, Word flags) -> SWord {
    Term r = bs_get_utf32(p, bs_start_match(p, bin), flags);
    return r.is_value() ? r.small_value() : -1;
  };
  EXPECT_EQ(g16(bytes(std::string("\xD8\0", 2)), 0), -1);
  EXPECT_EQ(g16(bytes(std::string("\xDC\0", 2)), 0), -1);
  EXPECT_EQ(g16(bytes(std::string("\xD8\0\0\x41", 4)), 0), -1);
  EXPECT_EQ(g16(bytes(std::string("\xD8\x3D\xDE\0", 4)), 0), 128512);
  EXPECT_EQ(g16(bytes(std::string("\x3D\xD8\0\xDE", 4)), kL), 128512);
  EXPECT_EQ(g16(bytes(std::string("\0\x41", 2)), 0), 0x41);
  EXPECT_EQ(g16(bytes(std::string("\x41", 1)), 0), -1);
  EXPECT_EQ(g16(bits_of("0041", 16, 5), kN), 0x4100);
  EXPECT_EQ(g32(bytes(std::string("\0\0\xD8\0", 4)), 0), -1);
  EXPECT_EQ(g32(bytes(std::string("\0\x11\0\0", 4)), 0), -1);
  EXPECT_EQ(g32(bytes(std::string("\0\x10\xFF\xFF", 4)), 0), 0x10FFFF);
  EXPECT_EQ(g32(bytes("\xFF\xFF\xFF\xFF"), 0), -1);
  EXPECT_EQ(g32(bytes(std::string("\x61\0\0\0", 4)), kL), 'a');
  EXPECT_EQ(g32(bytes(std::string("\x61\0\0", 3)), kL), -1);
}

TEST_F(BinarySyntaxTest, MatchString) {
  Term ctx = bs_start_match(p, bytes("hello, world"));
  EXPECT_FALSE(bs_match_string(ctx, bytes("help")));
  EXPECT_EQ(bs_remaining(ctx), 96u);
  EXPECT_TRUE(bs_match_string(ctx, bytes("hello")));
  EXPECT_TRUE(bs_match_string(ctx, bytes("")));
  EXPECT_FALSE(bs_match_string(ctx, bytes(", world!")));
  EXPECT_TRUE(bs_skip_bits(ctx, 3));
  // ", world" << 3 bits, as a 53-bit literal from an unaligned SubBin.
  Term ctx2 = bs_start_match(p, bytes(", world"));
  bs_skip_bits(ctx2, 3);
  Term lit = bs_get_tail(p, ctx2);
  EXPECT_TRUE(bs_match_string(ctx, lit));
  EXPECT_EQ(bs_remaining(ctx), 0u);
  Term c3 = bs_start_match(p, bits_of("a5", 7, 1));
  EXPECT_TRUE(bs_match_string(c3, bits_of("a4", 7)));
  EXPECT_EQ(bs_remaining(c3), 0u);
}

TEST_F(BinarySyntaxTest, ZeroSizes) {
  Term ctx = bs_start_match(p, bytes(""));
  EXPECT_EQ(bs_get_integer(p, ctx, 0, 0), Term::small(0));
  Term e = bs_get_binary(p, ctx, 0);
  EXPECT_BITS(e, "", 0);
  EXPECT_TRUE(bs_get_integer(p, ctx, 1, 0).is_non_value());
  EXPECT_TRUE(bs_get_utf8(p, ctx).is_non_value());
  EXPECT_TRUE(bs_skip_bits(ctx, 0));
  EXPECT_BITS(bs_get_tail(p, ctx), "", 0);
}

// Round trip of every segment kind through construction and matching.
TEST_F(BinarySyntaxTest, RoundTrip) {
  Term bin = create({seg_int(Term::small(-3), 5, kS), seg_float(F(2.5), 32, kL), seg_utf(BinSegKind::Utf8, 0x10348),
                     seg_utf(BinSegKind::Utf16, 0x10348, kL), seg_utf(BinSegKind::Utf32, 0xE9),
                     seg_bits(bits_of("5", 4)), seg_bin(bytes("xyz"))});
  Term ctx = bs_start_match(p, bin);
  EXPECT_EQ(bs_get_integer(p, ctx, 5, kS), Term::small(-3));
  EXPECT_EQ(bs_get_float(p, ctx, 32, kL).float_value(), 2.5);
  EXPECT_EQ(bs_get_utf8(p, ctx), Term::small(0x10348));
  EXPECT_EQ(bs_get_utf16(p, ctx, kL), Term::small(0x10348));
  EXPECT_EQ(bs_get_utf32(p, ctx, 0), Term::small(0xE9));
  EXPECT_EQ(bs_get_integer(p, ctx, 4, 0), Term::small(5));
  EXPECT_BITS(bs_get_tail(p, ctx), "78797a", 24);
}

}  // namespace
}  // namespace girder::vm
