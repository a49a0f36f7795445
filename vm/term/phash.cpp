#include "vm/term/phash.h"

#include <bit>
#include <cstring>
#include <string_view>
#include <vector>

#include "vm/exec/code.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/hash_mix.h"
#include "vm/term/map.h"
#include "vm/text/etf.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// Multiples of the golden ratio constant; each term kind mixes in its own so
// that e.g. the integer 3 and a 3-element tuple header differ.
using namespace hash_mix;  // mix, hash1, hash2, block_hash, kind
constexpr std::uint32_t kH = hash_mix::kGolden;
// Verified against OTP 25: kind constant n is n times the golden ratio.
constexpr std::uint32_t kH2 = kH * 2u, kH3 = kH * 3u, kH4 = kH * 4u, kH5 = kH * 5u,
                        kH6 = kH * 6u, kH7 = kH * 7u, kH9 = kH * 9u, kH10 = kH * 10u,
                        kH11 = kH * 11u, kH12 = kH * 12u, kH13 = kH * 13u, kH14 = kH * 14u,
                        kH15 = kH * 15u, kH16 = kH * 16u, kH19 = kH * 19u;

// What a [] inside a compound term contributes (determined by matching
// OTP 25 outputs; the top-level [] uses the fixed value below).
constexpr std::uint32_t kNilDef = 2;

// Negative 32-bit values are mixed twice (once negated), as OTP does.
inline void hash_s32(std::uint32_t& h, std::int32_t y, std::uint32_t k) {
  if (y < 0) hash1(h, static_cast<std::uint32_t>(-static_cast<std::int64_t>(y)), k);
  hash1(h, static_cast<std::uint32_t>(y), k);
}

// Hash the 64-bit limbs of a magnitude as 32-bit halves.
void hash_limbs(std::uint32_t& h, const Word* limbs, Word n, bool negative) {
  std::uint32_t k = negative ? kH10 : kH11;  // verified: positive uses 11
  for (Word i = 0; i < n; ++i)
    hash2(h, static_cast<std::uint32_t>(limbs[i]), static_cast<std::uint32_t>(limbs[i] >> 32), k);
}

// Work items on the explicit stack.
enum class Op : std::uint8_t { Term, MapPair, MapTail };
struct Item {
  Op op;
  Word value;   // term (Op::Term), saved hash (MapTail)
  Word value2;  // saved pair accumulator (MapTail)
};

}  // namespace

std::uint32_t hash_mix::block_hash(const unsigned char* k, std::size_t length, std::uint32_t initval) {
  std::uint32_t a = kH, b = kH, c = initval;
  std::size_t len = length;
  auto le32 = [](const unsigned char* p) {
    return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) |
           (std::uint32_t(p[3]) << 24);
  };
  while (len >= 12) {
    a += le32(k);
    b += le32(k + 4);
    c += le32(k + 8);
    mix(a, b, c);
    k += 12;
    len -= 12;
  }
  c += static_cast<std::uint32_t>(length);
  switch (len) {
    case 11: c += std::uint32_t(k[10]) << 24; [[fallthrough]];
    case 10: c += std::uint32_t(k[9]) << 16; [[fallthrough]];
    case 9: c += std::uint32_t(k[8]) << 8; [[fallthrough]];
    case 8: b += std::uint32_t(k[7]) << 24; [[fallthrough]];
    case 7: b += std::uint32_t(k[6]) << 16; [[fallthrough]];
    case 6: b += std::uint32_t(k[5]) << 8; [[fallthrough]];
    case 5: b += k[4]; [[fallthrough]];
    case 4: a += std::uint32_t(k[3]) << 24; [[fallthrough]];
    case 3: a += std::uint32_t(k[2]) << 16; [[fallthrough]];
    case 2: a += std::uint32_t(k[1]) << 8; [[fallthrough]];
    case 1: a += k[0]; break;
    default: break;
  }
  mix(a, b, c);
  return c;
}

std::uint32_t atom_text_hash(std::string_view name) {
  std::uint32_t h = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(name.data());
  std::size_t len = name.size();
  while (len--) {
    std::uint32_t v = *p++;
    // Latin-1 characters stored as two UTF-8 bytes hash as their latin-1 byte,
    // so atom hashes did not change when atoms became UTF-8.
    if (len && (v & 0xFE) == 0xC2 && (*p & 0xC0) == 0x80) {
      v = ((v << 6) | (*p & 0x3F)) & 0xFF;
      ++p;
      --len;
    }
    h = (h << 4) + v;
    if (std::uint32_t g = h & 0xf0000000u) {
      h ^= (g >> 24);
      h ^= g;
    }
  }
  return h;
}

std::uint32_t phash2_hash(const VM& vm, Term term) {
  std::uint32_t h = 0;
  std::uint32_t xor_pairs = 0;
  std::vector<Item> stack;
  auto atom_hash = [&](Term a) { return atom_text_hash(vm.atoms().name(a)); };

  for (;;) {
    // Hash `term` into h (pushing its children), then pop the next item.
    if (term.is_list()) {
      // Runs of bytes are packed four to a 32-bit word (a string fast path).
      Term t = term;
      std::uint32_t sh = 0;
      int c = 0;
      bool more = false;
      for (;;) {
        Term hd = t.head();
        if (!(hd.is_small() && hd.small_value() >= 0 && hd.small_value() <= 255)) {
          more = true;
          break;
        }
        sh = (sh << 8) + static_cast<std::uint32_t>(hd.small_value());
        if (c == 3) {
          hash1(h, sh, kH4);
          c = 0;
          sh = 0;
        } else {
          ++c;
        }
        t = t.tail();
        if (!t.is_list()) break;
      }
      if (c > 0) hash1(h, sh, kH4);
      if (more) {
        stack.push_back({Op::Term, t.tail().raw(), 0});
        term = t.head();
      } else {
        term = t;
      }
      continue;
    }
    if (term.is_small()) {
      SWord x = term.small_value();
      if (x >= -(SWord{1} << 27) && x < (SWord{1} << 27)) {
        hash_s32(h, static_cast<std::int32_t>(x), kH);
      } else {
        Word mag = x < 0 ? static_cast<Word>(-x) : static_cast<Word>(x);
        hash_limbs(h, &mag, 1, x < 0);
      }
    } else if (term.is_atom()) {
      if (h == 0) h = atom_hash(term);
      else hash1(h, atom_hash(term), kH3);
    } else if (term.is_nil()) {
      if (h == 0) h = 3468870702u;
      else hash1(h, kNilDef, kH2);
    } else if (term.is_pid()) {
      hash1(h, static_cast<std::uint32_t>(term.pid_index() & 0x7fff), kH5);
    } else if (term.is_port()) {
      hash1(h, static_cast<std::uint32_t>(term.port_index() & 0x7fff), kH6);
    } else if (term.is_boxed()) {
      Word* obj = term.box_ptr();
      Word hdr = obj[0];
      switch (header_kind(hdr)) {
        case BoxKind::Tuple: {
          Word n = header_arity(hdr);
          hash1(h, static_cast<std::uint32_t>(n), kH9);
          if (n == 0) break;
          for (Word i = n; i > 1; --i) stack.push_back({Op::Term, obj[i], 0});
          term = Term::from_raw(obj[1]);
          continue;
        }
        case BoxKind::PosBig:
        case BoxKind::NegBig:
          hash_limbs(h, obj + 1, header_arity(hdr), header_kind(hdr) == BoxKind::NegBig);
          break;
        case BoxKind::Float: {
          double d = term.float_value();
          if (d == 0.0) d = 0.0;  // -0.0 hashes as 0.0
          Word bits = std::bit_cast<Word>(d);
          hash2(h, static_cast<std::uint32_t>(bits >> 32), static_cast<std::uint32_t>(bits), kH12);
          break;
        }
        case BoxKind::HeapBin:
        case BoxKind::RefcBin:
        case BoxKind::SubBin: {
          BitView v = bit_view(term);
          Word sz = v.bit_size / 8;
          unsigned extra = static_cast<unsigned>(v.bit_size % 8);
          std::uint32_t con = kH13 + h;
          if (v.bit_size == 0) {
            h = con;
            break;
          }
          std::vector<unsigned char> copy;
          const unsigned char* bytes = v.data;
          if (v.bit_offset != 0) {
            // Realign an unaligned sub-binary so the block hash sees whole bytes.
            copy.resize(sz + 1);
            copy_bits_aligned(v, copy.data());
            bytes = copy.data();
          }
          h = block_hash(bytes, sz, con);
          if (extra > 0) hash2(h, extra, static_cast<std::uint32_t>(bytes[sz] >> (8 - extra)), kH15);
          break;
        }
        case BoxKind::Map: {
          Word n = obj[1];
          hash1(h, static_cast<std::uint32_t>(n), kH16);
          if (n == 0) break;
          // Each pair is hashed from 0 and the results xor-ed, so the order
          // of the pairs cannot matter.
          stack.push_back({Op::MapTail, h, xor_pairs});
          h = 0;
          xor_pairs = 0;
          Term keys = Term::from_raw(obj[2]);
          for (Word i = n; i-- > 0;) {
            stack.push_back({Op::MapPair, 0, 0});
            stack.push_back({Op::Term, obj[3 + i], 0});
            stack.push_back({Op::Term, keys.element(i).raw(), 0});
          }
          break;
        }
        case BoxKind::HashMap: {
          // As a flat map (OTP hashes both the same way): the size, then
          // the xor of the pairs' hashes, in whatever order they come.
          std::vector<std::pair<Term, Term>> pairs;
          map_iteration_pairs(term, pairs);
          hash1(h, static_cast<std::uint32_t>(pairs.size()), kH16);
          if (pairs.empty()) break;
          stack.push_back({Op::MapTail, h, xor_pairs});
          h = 0;
          xor_pairs = 0;
          for (const auto& [k, v] : pairs) {
            stack.push_back({Op::MapPair, 0, 0});
            stack.push_back({Op::Term, v.raw(), 0});
            stack.push_back({Op::Term, k.raw(), 0});
          }
          break;
        }
        case BoxKind::Export: {
          const auto* e = reinterpret_cast<const ExportEntry*>(obj[1]);
          hash2(h, e->arity, atom_hash(e->module), kH);
          hash1(h, atom_hash(e->function), kH14);
          break;
        }
        case BoxKind::Ref:
          hash1(h, static_cast<std::uint32_t>(obj[1]), kH7);
          break;
        default:
          // Funs need code info, hash maps need the map module's walker:
          // hash what we can identify (the header) so the result is stable.
          hash1(h, static_cast<std::uint32_t>(hdr), kH14);
          break;
      }
    }
    // Done with one term: continue with the next pending item.
    for (;;) {
      if (stack.empty()) return h;
      Item it = stack.back();
      stack.pop_back();
      if (it.op == Op::Term) {
        term = Term::from_raw(it.value);
        break;
      }
      if (it.op == Op::MapPair) {
        xor_pairs ^= h;
        h = 0;
      } else {
        h = static_cast<std::uint32_t>(it.value);
        hash1(h, xor_pairs, kH19);
        xor_pairs = static_cast<std::uint32_t>(it.value2);
      }
    }
  }
}

}  // namespace girder::vm
