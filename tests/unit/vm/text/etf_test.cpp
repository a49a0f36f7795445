// External term format against bytes recorded from OTP 25 (etf_vectors.inc:
// term_to_binary with default options, {minor_version,2}, {minor_version,0}
// and [compressed], plus phash2/1, phash2/2 with 2^32 and 1000), decoder
// robustness on hostile input, and deep/long terms.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "vm/proc/process.h"
#include "vm/term/build.h"
#include "vm/term/map.h"
#include "vm/term/phash.h"
#include "vm/text/etf.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

struct Vector {
  std::vector<std::uint8_t> v1, v2, v0, compressed;
  std::uint32_t phash27, phash32, phash1000;
};

const std::vector<Vector>& vectors() {
  static const std::vector<Vector> kVectors = {
#include "tests/unit/vm/text/etf_vectors.inc"
  };
  return kVectors;
}

std::vector<std::uint8_t> encode(VM& vm, Term t, int minor = 1, int level = -1) {
  std::vector<std::uint8_t> out;
  EtfOptions o;
  o.minor_version = minor;
  o.compress_level = level;
  EXPECT_EQ(etf_encode(vm, t, o, out), EtfError::Ok);
  return out;
}

Term decode(Process& p, const std::vector<std::uint8_t>& b, std::size_t* used = nullptr, bool safe = false) {
  ProcessAllocator a(p);
  return etf_decode(b, a, p.vm(), used, safe);
}

TEST(Etf, OtpVectorsRoundTripByteIdentical) {
  VM vm;
  Process p(vm, 1);
  int i = 0;
  for (const Vector& v : vectors()) {
    SCOPED_TRACE(i++);
    std::size_t used = 0;
    Term t = decode(p, v.v1, &used);
    ASSERT_TRUE(t.is_value());
    EXPECT_EQ(used, v.v1.size());
    EXPECT_EQ(encode(vm, t), v.v1);
    EXPECT_EQ(encode(vm, t, 2), v.v2);
    EXPECT_EQ(encode(vm, t, 0), v.v0);
    EXPECT_EQ(encode(vm, t, 1, 6), v.compressed);
    // Every other form decodes to a term that encodes back to the default form.
    for (const auto* other : {&v.v2, &v.v0, &v.compressed}) {
      Term u = decode(p, *other);
      ASSERT_TRUE(u.is_value());
      EXPECT_EQ(encode(vm, u), v.v1);
    }
  }
  EXPECT_GT(i, 100);
}

TEST(Etf, OtpVectorsPhash2) {
  VM vm;
  Process p(vm, 1);
  int i = 0;
  for (const Vector& v : vectors()) {
    SCOPED_TRACE(i++);
    Term t = decode(p, v.v1);
    ASSERT_TRUE(t.is_value());
    std::uint32_t h = phash2_hash(vm, t);
    EXPECT_EQ(h & ((1u << 27) - 1), v.phash27);
    EXPECT_EQ(h, v.phash32);
    EXPECT_EQ(h % 1000, v.phash1000);
  }
}

TEST(Etf, StringExtBoundary) {
  VM vm;
  Process p(vm, 1);
  std::string s(65535, 'a');
  auto b = encode(vm, make_byte_list(p, s));
  EXPECT_EQ(b[1], 107);
  EXPECT_EQ(b.size(), 1u + 3 + 65535);
  s.push_back('a');
  b = encode(vm, make_byte_list(p, s));
  EXPECT_EQ(b[1], 108);  // LIST_EXT of SMALL_INTEGER_EXT
  EXPECT_EQ(b.size(), 1u + 5 + 2 * 65536 + 1);
}

TEST(Etf, OtpDecodeQuirks) {
  VM vm;
  Process p(vm, 1);
  // Trailing bytes are ignored; `used` says where the term ended.
  std::size_t used = 0;
  Term t = decode(p, {131, 97, 1, 0}, &used);
  EXPECT_EQ(t, Term::small(1));
  EXPECT_EQ(used, 3u);
  // BIT_BINARY_EXT: zero length with 0 bits is <<>>; 0 bits otherwise is bad; 8 bits is whole.
  EXPECT_TRUE(decode(p, {131, 77, 0, 0, 0, 0, 0}).is_bitstring());
  EXPECT_TRUE(decode(p, {131, 77, 0, 0, 0, 1, 0, 5}).is_non_value());
  t = decode(p, {131, 77, 0, 0, 0, 1, 8, 5});
  ASSERT_TRUE(t.is_bitstring());
  EXPECT_EQ(bit_view(t).bit_size, 8u);
  // Duplicate map keys are rejected.
  EXPECT_TRUE(decode(p, {131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2}).is_non_value());
  // Non-normalised bignums decode to smalls.
  EXPECT_EQ(decode(p, {131, 110, 1, 0, 0}), Term::small(0));
  EXPECT_EQ(decode(p, {131, 110, 2, 0, 5, 0}), Term::small(5));
  // A zero-length LIST_EXT is its tail.
  EXPECT_EQ(decode(p, {131, 108, 0, 0, 0, 0, 106}), kNil);
  EXPECT_EQ(decode(p, {131, 108, 0, 0, 0, 0, 97, 1}), Term::small(1));
  // Old tags: SMALL_ATOM_EXT, FLOAT_EXT.
  t = decode(p, {131, 115, 2, 'o', 'k'});
  EXPECT_EQ(t, atoms::ok);
  // safe: unknown atoms fail, known ones pass.
  EXPECT_TRUE(decode(p, {131, 100, 0, 3, 'x', 'y', 'q'}, nullptr, true).is_non_value());
  EXPECT_EQ(decode(p, {131, 100, 0, 2, 'o', 'k'}, nullptr, true), atoms::ok);
  // Invalid UTF-8 atom.
  EXPECT_TRUE(decode(p, {131, 119, 2, 0xC3, 0x28}).is_non_value());
  // Atom longer than 255 characters.
  std::vector<std::uint8_t> long_atom = {131, 100, 1, 0};
  long_atom.resize(long_atom.size() + 256, 'a');
  EXPECT_TRUE(decode(p, long_atom).is_non_value());
}

TEST(Etf, MalformedInputNeverCrashes) {
  VM vm;
  Process p(vm, 1);
  // Every truncation of every vector fails cleanly (or decodes a prefix term
  // for the forms with trailing data).
  for (const Vector& v : vectors()) {
    if (v.v1.size() > 400) continue;
    for (std::size_t n = 0; n < v.v1.size(); ++n) {
      std::vector<std::uint8_t> cut(v.v1.begin(), v.v1.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_TRUE(decode(p, cut).is_non_value());
    }
  }
  // Huge declared lengths with no data.
  EXPECT_TRUE(decode(p, {131, 108, 255, 255, 255, 255}).is_non_value());
  EXPECT_TRUE(decode(p, {131, 105, 255, 255, 255, 255, 106}).is_non_value());
  EXPECT_TRUE(decode(p, {131, 116, 255, 255, 255, 255}).is_non_value());
  EXPECT_TRUE(decode(p, {131, 111, 255, 255, 255, 255, 0}).is_non_value());
  EXPECT_TRUE(decode(p, {131, 80, 255, 255, 255, 255, 120, 156}).is_non_value());
  // Random bytes and random mutations of valid encodings.
  std::mt19937 rng(1234);
  for (int iter = 0; iter < 20000; ++iter) {
    const Vector& v = vectors()[rng() % vectors().size()];
    std::vector<std::uint8_t> b = (iter % 3 == 0) ? v.compressed : v.v1;
    if (b.size() > 2000) continue;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) b[1 + rng() % (b.size() - 1)] = static_cast<std::uint8_t>(rng());
    (void)decode(p, b);  // must not crash; any result is fine
  }
  for (int iter = 0; iter < 5000; ++iter) {
    std::vector<std::uint8_t> b(2 + rng() % 40);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    b[0] = 131;
    (void)decode(p, b);
  }
}

TEST(Etf, DeepNestingIsIterative) {
  VM vm;
  Process p(vm, 1);
  // [[[...]]] 1,000,000 deep: encode and decode without recursion.
  Term t = kNil;
  for (int i = 0; i < 1000000; ++i) t = make_cons(p, t, kNil);
  auto b = encode(vm, t);
  Term u = decode(p, b);
  ASSERT_TRUE(u.is_value());
  EXPECT_EQ(encode(vm, u), b);
  // A 3-million element list.
  std::vector<Term> elems(3000000, Term::small(1000));
  Term l = make_list(p, elems);
  b = encode(vm, l);
  u = decode(p, b);
  ASSERT_TRUE(u.is_value());
  EXPECT_EQ(list_length(u), 3000000);
  // Deep tuples hashed without recursion.
  Term tup = kNil;
  for (int i = 0; i < 1000000; ++i) tup = make_tuple(p, {tup});
  (void)phash2_hash(vm, tup);
}

// A MAP_EXT of more than 32 keys decodes to a HAMT (map.h's invariant), and
// a HAMT encodes with its pairs in OTP's order. Bytes recorded from OTP 25:
// term_to_binary(maps:from_list([{I, I} || I <- lists:seq(1, 33)])).
TEST(Etf, LargeMapsAreHashMaps) {
  VM vm;
  Process p(vm, 1);
  const std::vector<std::uint8_t> otp = {131,116,0,0,0,33,97,33,97,33,97,12,97,12,97,23,97,23,97,29,97,29,97,30,97,30,97,26,97,26,97,31,97,31,97,11,97,11,97,9,97,9,97,32,97,32,97,25,97,25,97,28,97,28,97,6,97,6,97,13,97,13,97,20,97,20,97,15,97,15,97,14,97,14,97,2,97,2,97,7,97,7,97,1,97,1,97,8,97,8,97,3,97,3,97,17,97,17,97,22,97,22,97,21,97,21,97,4,97,4,97,24,97,24,97,10,97,10,97,27,97,27,97,19,97,19,97,5,97,5,97,18,97,18,97,16,97,16};
  Term m = decode(p, otp);
  ASSERT_TRUE(m.is_value());
  EXPECT_TRUE(m.is_box_of(BoxKind::HashMap));
  EXPECT_EQ(map_size(m), 33u);
  EXPECT_EQ(map_get(m, Term::small(17)), Term::small(17));
  EXPECT_EQ(encode(vm, m), otp);
  // The same pairs in ascending key order decode to the same map.
  std::vector<std::uint8_t> sorted = {131, 116, 0, 0, 0, 33};
  for (std::uint8_t i = 1; i <= 33; ++i) sorted.insert(sorted.end(), {97, i, 97, i});
  Term m2 = decode(p, sorted);
  ASSERT_TRUE(m2.is_value());
  EXPECT_EQ(encode(vm, m2), otp);
  // A repeated key is rejected, as OTP does.
  std::vector<std::uint8_t> dup = {131, 116, 0, 0, 0, 33};
  for (int i = 0; i < 33; ++i) dup.insert(dup.end(), {97, 1, 97, 1});
  EXPECT_TRUE(decode(p, dup).is_non_value());
}

TEST(Etf, FunsAreNotEncodableYet) {
  VM vm;
  Process p(vm, 1);
  Word* obj = p.alloc(2);
  obj[0] = make_header(BoxKind::Fun, 1);
  obj[1] = 0;
  std::vector<std::uint8_t> out;
  EXPECT_EQ(etf_encode(vm, Term::boxed(obj), EtfOptions{}, out), EtfError::NotEncodable);
}

}  // namespace
}  // namespace girder::vm
