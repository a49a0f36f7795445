// Large maps: the hash array mapped trie (layout and invariants in map.h),
// and OTP 25's internal term hash that places keys in it.
//
// Every operation here is persistent: it copies the nodes on the path it
// changes and shares the rest. Recursion depth is bounded by kMaxLevels.
#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

#include "vm/exec/code.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/hash_mix.h"
#include "vm/term/map.h"
#include "vm/term/map_internal.h"

namespace girder::vm {

// ---- OTP's internal hash -------------------------------------------------
//
// Bob Jenkins' lookup2 mix over 32-bit pieces of the term, with per-kind
// constants (multiples of the golden ratio), seeded with salt ^ a fixed
// prime. The walk order (tuple elements first to last, list cells with a
// fast path for runs of bytes, map children in node order popped from a
// stack) decides the value, so it follows OTP's walk exactly.

namespace {

using namespace hash_mix;  // mix, hash1, hash2, block_hash, kind
constexpr std::uint32_t kH = hash_mix::kGolden;
constexpr std::uint32_t hconst(std::uint32_t n) { return hash_mix::kind(n); }
constexpr std::uint32_t kH4 = hconst(4), kH9 = hconst(9), kH10 = hconst(10), kH11 = hconst(11),
                        kH12 = hconst(12), kH13 = hconst(13), kH14 = hconst(14), kH15 = hconst(15),
                        kH16 = hconst(16), kH17 = hconst(17), kH18 = hconst(18), kH20 = hconst(20),
                        kH22 = hconst(22);
static_assert(kH13 == 0x08d12e65u && kH22 == 0x98c475e6u);
// OTP seeds the internal hash with this prime so it differs from phash2.
constexpr std::uint32_t kInternalSalt = 3432918353u;

inline void hash_word(std::uint32_t& h, Word w, std::uint32_t k) {
  hash2(h, static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(w >> 32), k);
}
// Cheap mixing of a type constant (list cell markers).
inline void const_hash(std::uint32_t& h, std::uint32_t k) {
  h ^= k;
  h = (h << 17) ^ (h >> 15);
}

inline bool is_byte(Term t) { return t.is_small() && static_cast<Word>(t.small_value()) < 256; }

void hash_bits(std::uint32_t& h, Term bin) {
  BitView v = bit_view(bin);
  Word sz = v.bit_size >> 3;
  unsigned extra = static_cast<unsigned>(v.bit_size & 7);
  std::uint32_t con = kH13 + h;
  if (sz == 0 && extra == 0) {
    h = con;
    return;
  }
  std::vector<unsigned char> copy;
  const unsigned char* bytes = v.data;
  if (v.bit_offset != 0) {
    // Realign so the block hash sees whole bytes, as OTP does.
    copy.assign(sz + 1, 0);
    for (Word i = 0; i < v.bit_size; ++i) {
      Word src = v.bit_offset + i;
      if ((v.data[src >> 3] >> (7 - (src & 7))) & 1) copy[i >> 3] |= static_cast<unsigned char>(0x80 >> (i & 7));
    }
    bytes = copy.data();
  }
  h = block_hash(bytes, sz, con);
  if (extra > 0) hash2(h, extra, static_cast<std::uint32_t>(bytes[sz] >> (8 - extra)), kH15);
}

// Stack marker meaning "hash the end of a list" (never a term: 0 is the non-value).
constexpr Word kCdrMarker = 0;

}  // namespace

namespace {
std::uint32_t hash_from(Term term, std::uint32_t h);
}  // namespace

std::uint32_t map_key_hash(Term term, std::uint32_t salt) {
  // Deeper trie levels (salt = level / 8) rehash with the salt mixed into
  // the seed. Salt 0 is OTP 25's hash bit for bit; OTP's rehash for keys
  // whose 32-bit hashes collide is not reproduced, so the relative order of
  // such keys (rare below ~65,000 keys) may differ from OTP's.
  return hash_from(term, salt ^ kInternalSalt);
}

namespace {

std::uint32_t hash_from(Term term, std::uint32_t h) {
  if (term.is_immediate()) {
    // Same tag layout as BEAM, so small integers (and []) hash as in OTP.
    hash_word(h, term.raw(), kH);
    return h;
  }
  std::vector<Word> stack;
  for (;;) {
    switch (term.primary()) {
      case PrimaryTag::List: {
        const Word* cell = term.cons_ptr();
        int c = 0;
        std::uint32_t sh = 0;
        // Runs of bytes (strings) are hashed four at a time.
        while (is_byte(Term::from_raw(cell[0]))) {
          sh = (sh << 8) + static_cast<std::uint32_t>(Term::from_raw(cell[0]).small_value());
          if (c == 3) {
            hash1(h, sh, kH4);
            c = 0;
            sh = 0;
          } else {
            ++c;
          }
          term = Term::from_raw(cell[1]);
          if (!term.is_list()) break;
          cell = term.cons_ptr();
        }
        if (c > 0) hash2(h, sh, static_cast<std::uint32_t>(c), kH22);
        if (term.is_list()) {
          Term tail = Term::from_raw(cell[1]);
          const_hash(h, kH17);
          stack.push_back(tail.raw());
          if (!tail.is_list()) stack.push_back(kCdrMarker);
          term = Term::from_raw(cell[0]);
        }
        continue;  // hash `term` (the head, or the end of the byte run)
      }
      case PrimaryTag::Immed1:
        hash_word(h, term.raw(), kH);
        break;
      case PrimaryTag::Boxed: {
        const Word* obj = term.box_ptr();
        Word hdr = obj[0];
        switch (header_kind(hdr)) {
          case BoxKind::Tuple: {
            Word n = header_arity(hdr);
            hash1(h, static_cast<std::uint32_t>(n), kH9);
            if (n == 0) break;
            for (Word i = n; i > 1; --i) stack.push_back(obj[i]);
            term = Term::from_raw(obj[1]);
            continue;
          }
          case BoxKind::Map: {
            Word n = obj[1];
            hash1(h, static_cast<std::uint32_t>(n), kH16);
            Term keys = Term::from_raw(obj[2]);
            for (Word i = n; i-- > 0;) {
              stack.push_back(obj[3 + i]);
              stack.push_back(keys.element(i).raw());
            }
            break;
          }
          case BoxKind::HashMap: {
            Word meta = obj[1];
            if (meta & kHamtHeadBit) hash1(h, static_cast<std::uint32_t>(meta >> kHamtSizeShift), kH16);
            Word count = header_arity(hdr) - 1;
            for (Word i = 0; i < count; ++i) {
              Term child = Term::from_raw(obj[2 + i]);
              if (child.is_list()) {
                stack.push_back(child.tail().raw());
                stack.push_back(child.head().raw());
              } else {
                stack.push_back(child.raw());
              }
            }
            break;
          }
          case BoxKind::PosBig:
          case BoxKind::NegBig: {
            std::uint32_t con = header_kind(hdr) == BoxKind::NegBig ? kH10 : kH11;
            for (Word i = 0; i < header_arity(hdr); ++i) hash_word(h, obj[1 + i], con);
            break;
          }
          case BoxKind::Float: {
            double d = term.float_value();
            if (d == 0.0) d = 0.0;  // -0.0 =:= 0.0, so they must hash alike
            hash_word(h, std::bit_cast<Word>(d), kH12);
            break;
          }
          case BoxKind::HeapBin:
          case BoxKind::RefcBin:
          case BoxKind::SubBin:
            hash_bits(h, term);
            break;
          case BoxKind::Ref:
            for (Word i = 0; i < header_arity(hdr); ++i) hash_word(h, obj[1 + i], hconst(7));
            break;
          case BoxKind::Export: {
            const auto* e = reinterpret_cast<const ExportEntry*>(obj[1]);
            hash2(h, static_cast<std::uint32_t>(e->module.raw()), static_cast<std::uint32_t>(e->function.raw()),
                  kH14);
            hash1(h, e->arity, kH14);
            break;
          }
          case BoxKind::Fun: {
            // =:= on funs compares module, index and uniq, then the free
            // variables; hash the same parts.
            const auto* f = reinterpret_cast<const FunEntry*>(obj[1]);
            Word num_free = header_arity(hdr) - 1;
            hash2(h, static_cast<std::uint32_t>(num_free), static_cast<std::uint32_t>(f->module.raw()), kH20);
            hash2(h, static_cast<std::uint32_t>(f->index), static_cast<std::uint32_t>(f->uniq), hconst(21));
            for (Word i = num_free; i-- > 0;) stack.push_back(obj[2 + i]);
            break;
          }
          default:
            hash_word(h, hdr, kH14);
            break;
        }
        break;
      }
      case PrimaryTag::Header:
        break;
    }
    // Pop the next pending term.
    for (;;) {
      if (stack.empty()) return h;
      Word w = stack.back();
      stack.pop_back();
      if (w == kCdrMarker) {
        const_hash(h, kH18);
        continue;
      }
      term = Term::from_raw(w);
      break;
    }
  }
}

}  // namespace

// ---- The trie ------------------------------------------------------------

namespace hamt {

namespace {

inline Word node_count(const Word* n) { return header_arity(n[0]) - 1; }
inline Term node_child(const Word* n, Word pos) { return Term::from_raw(n[2 + pos]); }

// The hash bits for `level`: nibble (level mod 8) of the hash salted with level / 8.
inline std::uint32_t level_hash(Term key, unsigned level) {
  return map_key_hash(key, level / 8) >> (4 * (level % 8));
}
inline std::uint32_t next_level_hash(Term key, std::uint32_t h, unsigned next_level) {
  return next_level % 8 == 0 ? map_key_hash(key, next_level / 8) : h >> 4;
}

Word* alloc_node(Process& p, Word meta, Word count) {
  Word* n = p.alloc(2 + count);
  n[0] = make_header(BoxKind::HashMap, 1 + count);
  n[1] = meta;
  return n;
}

// A copy of node n with the child at pos replaced.
Term replace_child(Process& p, const Word* n, Word pos, Term child, Word meta) {
  Word count = node_count(n);
  Word* m = alloc_node(p, meta, count);
  std::memcpy(m + 2, n + 2, count * sizeof(Word));
  m[2 + pos] = child.raw();
  return Term::boxed(m);
}

Term insert_child(Process& p, const Word* n, Word pos, Term child, Word meta) {
  Word count = node_count(n);
  Word* m = alloc_node(p, meta, count + 1);
  std::memcpy(m + 2, n + 2, pos * sizeof(Word));
  m[2 + pos] = child.raw();
  std::memcpy(m + 3 + pos, n + 2 + pos, (count - pos) * sizeof(Word));
  return Term::boxed(m);
}

Term remove_child(Process& p, const Word* n, Word pos, Word meta) {
  Word count = node_count(n);
  Word* m = alloc_node(p, meta, count - 1);
  std::memcpy(m + 2, n + 2, pos * sizeof(Word));
  std::memcpy(m + 2 + pos, n + 3 + pos, (count - pos - 1) * sizeof(Word));
  return Term::boxed(m);
}

// Collision nodes keep their leaves in exact key order (canonical shape).
Term collision_node(Process& p, std::vector<Term> leaves) {
  const VM& vm = p.vm();
  std::sort(leaves.begin(), leaves.end(),
            [&](Term a, Term b) { return compare_terms_exact(vm, a.head(), b.head()) < 0; });
  Word* m = alloc_node(p, kHamtCollisionBit, leaves.size());
  for (std::size_t i = 0; i < leaves.size(); ++i) m[2 + i] = leaves[i].raw();
  return Term::boxed(m);
}

// A sub-trie at `level` holding two leaves whose keys differ; ha/hb are their
// hashes for that level.
Term pair_node(Process& p, Term la, std::uint32_t ha, Term lb, std::uint32_t hb, unsigned level) {
  if (level >= kMaxLevels) return collision_node(p, {la, lb});
  unsigned ia = ha & 0xF, ib = hb & 0xF;
  if (ia != ib) {
    Word* m = alloc_node(p, (Word{1} << ia) | (Word{1} << ib), 2);
    m[2] = (ia < ib ? la : lb).raw();
    m[3] = (ia < ib ? lb : la).raw();
    return Term::boxed(m);
  }
  Term child = pair_node(p, la, next_level_hash(la.head(), ha, level + 1), lb,
                         next_level_hash(lb.head(), hb, level + 1), level + 1);
  Word* m = alloc_node(p, Word{1} << ia, 1);
  m[2] = child.raw();
  return Term::boxed(m);
}

}  // namespace

Term get(Term root, Term key) {
  std::uint32_t h = map_key_hash(key, 0);
  const Word* n = root.box_ptr();
  unsigned level = 0;
  for (;;) {
    Word meta = n[1];
    if (meta & kHamtCollisionBit) {
      for (Word i = 0; i < node_count(n); ++i) {
        Term leaf = node_child(n, i);
        if (keys_equal(leaf.head(), key)) return leaf.tail();
      }
      return kNonValue;
    }
    Word bit = Word{1} << (h & 0xF);
    if (!(meta & bit)) return kNonValue;
    Term child = node_child(n, std::popcount(meta & (bit - 1)));
    if (child.is_list()) return keys_equal(child.head(), key) ? child.tail() : kNonValue;
    n = child.box_ptr();
    ++level;
    h = level % 8 == 0 ? map_key_hash(key, level / 8) : h >> 4;
  }
}

Term insert(Process& p, Term node, Term key, Term value, std::uint32_t h, unsigned level, bool update_only,
            bool& added) {
  const Word* n = node.box_ptr();
  Word meta = n[1];
  if (meta & kHamtCollisionBit) {
    std::vector<Term> leaves;
    for (Word i = 0; i < node_count(n); ++i) {
      Term leaf = node_child(n, i);
      if (keys_equal(leaf.head(), key)) {
        if (leaf.tail() == value) return node;
        return replace_child(p, n, i, make_cons(p, key, value), meta);
      }
      leaves.push_back(leaf);
    }
    if (update_only) return kNonValue;
    added = true;
    leaves.push_back(make_cons(p, key, value));
    return collision_node(p, std::move(leaves));
  }
  unsigned idx = h & 0xF;
  Word bit = Word{1} << idx;
  Word pos = std::popcount(meta & (bit - 1));
  if (!(meta & bit)) {
    if (update_only) return kNonValue;
    added = true;
    return insert_child(p, n, pos, make_cons(p, key, value), meta | bit);
  }
  Term child = node_child(n, pos);
  Term new_child;
  if (child.is_list()) {
    if (keys_equal(child.head(), key)) {
      if (child.tail() == value) return node;  // nothing changes: share the map
      new_child = make_cons(p, child.head(), value);
    } else {
      if (update_only) return kNonValue;
      added = true;
      Term other = child.head();
      new_child = pair_node(p, child, level_hash(other, level + 1), make_cons(p, key, value),
                            next_level_hash(key, h, level + 1), level + 1);
    }
  } else {
    new_child = insert(p, child, key, value, next_level_hash(key, h, level + 1), level + 1, update_only, added);
    if (new_child.is_non_value()) return kNonValue;
    if (new_child == child) return node;
  }
  return replace_child(p, n, pos, new_child, meta);
}

Removed remove(Process& p, Term node, Term key, std::uint32_t h, unsigned level) {
  const Word* n = node.box_ptr();
  Word meta = n[1];
  bool head = (meta & kHamtHeadBit) != 0;
  Word count = node_count(n);
  Word pos;
  if (meta & kHamtCollisionBit) {
    for (pos = 0; pos < count; ++pos) {
      if (keys_equal(node_child(n, pos).head(), key)) break;
    }
    if (pos == count) return {Removed::NotFound, kNonValue};
    if (count == 2) return {Removed::Leaf, node_child(n, 1 - pos)};
    return {Removed::Node, remove_child(p, n, pos, meta)};
  }
  Word bit = Word{1} << (h & 0xF);
  if (!(meta & bit)) return {Removed::NotFound, kNonValue};
  pos = std::popcount(meta & (bit - 1));
  Term child = node_child(n, pos);
  if (!child.is_list()) {
    Removed r = remove(p, child, key, next_level_hash(key, h, level + 1), level + 1);
    switch (r.kind) {
      case Removed::NotFound: return r;
      case Removed::Node: return {Removed::Node, replace_child(p, n, pos, r.term, meta)};
      case Removed::Leaf:
        // A lone leaf climbs while its node would hold nothing else.
        if (!head && count == 1) return r;
        return {Removed::Node, replace_child(p, n, pos, r.term, meta)};
      case Removed::Empty: break;  // drop the child, below
    }
  } else if (!keys_equal(child.head(), key)) {
    return {Removed::NotFound, kNonValue};
  }
  // Drop the child at pos.
  if (!head) {
    if (count == 1) return {Removed::Empty, kNonValue};
    if (count == 2) {
      Term other = node_child(n, 1 - pos);
      if (other.is_list()) return {Removed::Leaf, other};
    }
  }
  return {Removed::Node, remove_child(p, n, pos, meta & ~bit)};
}

// ---- Bulk construction ---------------------------------------------------

namespace {

inline std::uint32_t reverse_nibbles(std::uint32_t x) {
  x = ((x & 0x0F0F0F0Fu) << 4) | ((x >> 4) & 0x0F0F0F0Fu);
  return __builtin_bswap32(x);
}

// Entries in [begin, end) share their hash path above `level` and are sorted
// by the nibbles of their hash for the current salt, lowest nibble first (so
// every slot's entries are contiguous). `hashes` holds each entry's hash for
// salt level / 8.
Term build_leaf(const NodeAlloc& alloc, const BuildEntry& e) {
  Word* c = alloc(2);
  c[0] = e.key.raw();
  c[1] = e.value.raw();
  return Term::list(c);
}

Term build_node(const NodeAlloc& alloc, const VM& vm, std::vector<BuildEntry>& es, std::size_t begin,
                std::size_t end, unsigned level) {
  if (level >= kMaxLevels) {
    // A collision node: leaves only, in exact key order.
    std::sort(es.begin() + begin, es.begin() + end,
              [&](const BuildEntry& a, const BuildEntry& b) { return compare_terms_exact(vm, a.key, b.key) < 0; });
    Word* m = alloc(2 + (end - begin));
    m[0] = make_header(BoxKind::HashMap, 1 + (end - begin));
    m[1] = kHamtCollisionBit;
    for (std::size_t i = begin; i < end; ++i) m[2 + (i - begin)] = build_leaf(alloc, es[i]).raw();
    return Term::boxed(m);
  }
  if (level % 8 == 0 && level > 0) {
    // The previous salt's 32 bits are used up: rehash this group.
    for (std::size_t i = begin; i < end; ++i) es[i].hash = map_key_hash(es[i].key, level / 8);
    std::sort(es.begin() + begin, es.begin() + end, [](const BuildEntry& a, const BuildEntry& b) {
      return reverse_nibbles(a.hash) < reverse_nibbles(b.hash);
    });
  }
  unsigned shift = 4 * (level % 8);
  Term children[16];
  Word bitmap = 0;
  Word count = 0;
  for (std::size_t i = begin; i < end;) {
    unsigned slot = (es[i].hash >> shift) & 0xF;
    std::size_t j = i + 1;
    while (j < end && ((es[j].hash >> shift) & 0xF) == slot) ++j;
    children[count++] = j - i == 1 ? build_leaf(alloc, es[i]) : build_node(alloc, vm, es, i, j, level + 1);
    bitmap |= Word{1} << slot;
    i = j;
  }
  Word* m = alloc(2 + count);
  m[0] = make_header(BoxKind::HashMap, 1 + count);
  m[1] = bitmap;
  for (Word i = 0; i < count; ++i) m[2 + i] = children[i].raw();
  return Term::boxed(m);
}

}  // namespace

void sort_and_dedupe(std::vector<BuildEntry>& es) {
  for (BuildEntry& e : es) e.hash = map_key_hash(e.key, 0);
  // Stable: among equal hashes the input order survives, so "later wins" can
  // be applied within each run of equal hashes.
  std::stable_sort(es.begin(), es.end(), [](const BuildEntry& a, const BuildEntry& b) {
    return reverse_nibbles(a.hash) < reverse_nibbles(b.hash);
  });
  std::size_t out = 0;
  for (std::size_t i = 0; i < es.size();) {
    std::size_t j = i + 1;
    while (j < es.size() && es[j].hash == es[i].hash) ++j;
    if (j - i == 1) {
      es[out++] = es[i];
    } else {
      for (std::size_t a = i; a < j; ++a) {
        bool superseded = false;
        for (std::size_t b = a + 1; b < j && !superseded; ++b) superseded = keys_equal(es[a].key, es[b].key);
        if (!superseded) es[out++] = es[a];
      }
    }
    i = j;
  }
  es.resize(out);
}

Term build(Process& p, std::vector<BuildEntry>& es) {
  return build(p.vm(), [&p](Word words) { return p.alloc(words); }, es);
}

Term build(const VM& vm, const NodeAlloc& alloc, std::vector<BuildEntry>& es) {
  Term root = build_node(alloc, vm, es, 0, es.size(), 0);
  Word* r = root.box_ptr();
  r[1] |= kHamtHeadBit | (static_cast<Word>(es.size()) << kHamtSizeShift);
  return root;
}

// ---- Walking -------------------------------------------------------------

void for_each_leaf(Term node, const std::function<void(Term leaf)>& fn) {
  const Word* n = node.box_ptr();
  Word count = node_count(n);
  for (Word i = 0; i < count; ++i) {
    Term child = node_child(n, i);
    if (child.is_list()) {
      fn(child);
    } else {
      for_each_leaf(child, fn);
    }
  }
}

bool Walker::seek(const std::vector<unsigned>& slots) {
  depth_ = 0;
  pending_ = kNonValue;
  const Word* n = root_.box_ptr();
  for (std::size_t i = 0; i < slots.size(); ++i) {
    Word meta = n[1];
    unsigned s = slots[i];
    Word pos;
    if (meta & kHamtCollisionBit) {
      if (s >= node_count(n)) return false;
      pos = s;
    } else {
      if (s > 15 || !(meta & (Word{1} << s))) return false;
      pos = std::popcount(meta & ((Word{1} << s) - 1));
    }
    frames_[depth_++] = {n, pos + 1};
    Term child = node_child(n, pos);
    bool last = i + 1 == slots.size();
    if (child.is_list() != last) return false;
    if (last) {
      pending_ = child;
      return true;
    }
    n = child.box_ptr();
  }
  return false;
}

Term Walker::next() {
  if (pending_.is_value()) {
    Term leaf = pending_;
    pending_ = kNonValue;
    return leaf;
  }
  while (depth_ > 0) {
    Frame& f = frames_[depth_ - 1];
    if (f.pos >= node_count(f.node)) {
      --depth_;
      continue;
    }
    Term child = node_child(f.node, f.pos++);
    if (child.is_list()) return child;
    frames_[depth_++] = {child.box_ptr(), 0};
  }
  return kNonValue;
}

std::vector<unsigned> Walker::current_path() const {
  std::vector<unsigned> slots;
  for (unsigned d = 0; d < depth_; ++d) {
    const Word* n = frames_[d].node;
    Word pos = frames_[d].pos - 1;
    Word meta = n[1];
    if (meta & kHamtCollisionBit) {
      slots.push_back(static_cast<unsigned>(pos));
    } else {
      // The slot of the pos-th occupied bit.
      Word bits = meta & kHamtBitmapMask;
      for (Word k = 0; k < pos; ++k) bits &= bits - 1;
      slots.push_back(static_cast<unsigned>(std::countr_zero(bits)));
    }
  }
  return slots;
}

}  // namespace hamt

}  // namespace girder::vm
