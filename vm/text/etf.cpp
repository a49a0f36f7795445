// External term format: encoder and decoder. See etf.h for the contract.
//
// Both directions are iterative (explicit stacks), so neither a 10-million
// element list nor a term nested a million deep can exhaust the C++ stack.
#include "vm/text/etf.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "vm/exec/code.h"
#include "vm/heap/copy.h"
#include "vm/proc/process.h"
#include "vm/term/atom.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/term/utf8.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

enum Tag : std::uint8_t {
  kVersion = 131,
  kNewFloatExt = 70,
  kBitBinaryExt = 77,
  kCompressed = 80,
  kNewPidExt = 88,
  kNewPortExt = 89,
  kNewerReferenceExt = 90,
  kSmallIntegerExt = 97,
  kIntegerExt = 98,
  kFloatExt = 99,
  kAtomExt = 100,
  kReferenceExt = 101,
  kPortExt = 102,
  kPidExt = 103,
  kSmallTupleExt = 104,
  kLargeTupleExt = 105,
  kNilExt = 106,
  kStringExt = 107,
  kListExt = 108,
  kBinaryExt = 109,
  kSmallBigExt = 110,
  kLargeBigExt = 111,
  kExportExt = 113,
  kNewReferenceExt = 114,
  kSmallAtomExt = 115,
  kMapExt = 116,
  kAtomUtf8Ext = 118,
  kSmallAtomUtf8Ext = 119,
  kV4PortExt = 120,
};

// Strings longer than this are encoded as LIST_EXT (STRING_EXT has a 16-bit length).
constexpr Word kMaxStringExt = 65535;
// FLOAT_EXT: "%.20e" text, zero padded.
constexpr std::size_t kFloatExtBytes = 31;

// Inflated payloads larger than this ratio to their compressed size cannot
// come from zlib (whose best ratio is about 1032:1), so they are rejected
// before allocating.
constexpr std::uint64_t kMaxInflateRatio = 1100;

bool is_byte(Term t) { return t.is_small() && t.small_value() >= 0 && t.small_value() <= 255; }

// ---------------------------------------------------------------- encoder

}  // namespace

class EtfEncoder::Impl {
 public:
  Impl(const VM& vm, const EtfOptions& o) : vm_(vm), o_(o) {}

  void start(Term root) {
    out_.push_back(kVersion);
    push(root, Kind::Term, 0, 0);
  }

  // Encode until done or until about `budget` units of work are spent (a
  // unit is a term, or a few dozen bytes of a binary or a string).
  EtfEncoder::Status run(std::size_t budget) {
    std::size_t spent = 0;
    while (!terms_.empty()) {
      if (spent >= budget) return EtfEncoder::Status::More;
      ++spent;
      Term t = terms_.back();
      Meta m = meta_.back();
      terms_.pop_back();
      meta_.pop_back();
      if (m.kind == Kind::ListRest) {
        // t is the cons whose head is element number m.count of a LIST_EXT;
        // at its last cell the element count is known: patch the header.
        Term tail = t.tail();
        if (tail.is_list()) {
          push(tail, Kind::ListRest, m.count + 1, m.patch_at);
        } else {
          patch32(m.patch_at, static_cast<std::uint32_t>(m.count + 1));
          push(tail, Kind::Term, 0, 0);
        }
        push(t.head(), Kind::Term, 0, 0);
        continue;
      }
      if (t.is_small()) {
        integer(t.small_value());
      } else if (t.is_atom()) {
        atom(t);
      } else if (t.is_nil()) {
        u8(kNilExt);
      } else if (t.is_list()) {
        std::size_t string_len = 0;
        if (!string(t, string_len)) {
          // LIST_EXT; the length is patched in at the last cell, so a long
          // list is walked once, in slices.
          u8(kListExt);
          std::size_t at = out_.size();
          u32(0);
          push(t, Kind::ListRest, 0, at);
        }
        spent += string_len / 32;
      } else if (t.is_pid()) {
        u8(kNewPidExt);
        atom(atoms::nonode_at_nohost);
        u32(static_cast<std::uint32_t>(t.pid_index() & 0x7fff));
        u32(static_cast<std::uint32_t>(t.pid_index() >> 15));
        u32(0);
      } else if (t.is_port()) {
        Word id = t.port_index();
        u8(id > 0xffffffffu ? kV4PortExt : kNewPortExt);
        atom(atoms::nonode_at_nohost);
        if (id > 0xffffffffu) u64(id); else u32(static_cast<std::uint32_t>(id));
        u32(0);
      } else if (t.is_boxed()) {
        Word* obj = t.box_ptr();
        Word hdr = obj[0];
        switch (header_kind(hdr)) {
          case BoxKind::Tuple: {
            Word n = header_arity(hdr);
            if (n < 256) { u8(kSmallTupleExt); u8(static_cast<std::uint8_t>(n)); }
            else { u8(kLargeTupleExt); u32(static_cast<std::uint32_t>(n)); }
            for (Word i = n; i > 0; --i) push(Term::from_raw(obj[i]), Kind::Term, 0, 0);
            spent += n / 8;
            break;
          }
          case BoxKind::PosBig:
          case BoxKind::NegBig:
            bignum(obj + 1, header_arity(hdr), header_kind(hdr) == BoxKind::NegBig);
            spent += header_arity(hdr) / 8;
            break;
          case BoxKind::Float:
            floating(t.float_value());
            break;
          case BoxKind::Map: {
            Word n = obj[1];
            Term keys = Term::from_raw(obj[2]);
            u8(kMapExt);
            u32(static_cast<std::uint32_t>(n));
            for (Word i = n; i-- > 0;) {
              push(Term::from_raw(obj[3 + i]), Kind::Term, 0, 0);
              push(keys.element(i), Kind::Term, 0, 0);
            }
            break;
          }
          case BoxKind::HashMap: {
            // OTP writes a hash map's pairs in maps:to_list order, which
            // is the reverse of iterator order (map.h); the stack pops the
            // last push first.
            std::vector<std::pair<Term, Term>> pairs;
            map_iteration_pairs(t, pairs);
            if (o_.deterministic) {
              // Keys in map key order, as OTP's deterministic option (the
              // stack reverses: sort descending).
              std::sort(pairs.begin(), pairs.end(), [&](const auto& a, const auto& b) {
                return compare_terms_exact(vm_, a.first, b.first) > 0;
              });
            }
            u8(kMapExt);
            u32(static_cast<std::uint32_t>(pairs.size()));
            for (const auto& [k, v] : pairs) {
              push(v, Kind::Term, 0, 0);
              push(k, Kind::Term, 0, 0);
            }
            spent += pairs.size() / 4;
            break;
          }
          case BoxKind::HeapBin:
          case BoxKind::RefcBin:
          case BoxKind::SubBin:
            spent += bitstring(t) / 256;
            break;
          case BoxKind::Ref: {
            std::uint32_t ids[4] = {static_cast<std::uint32_t>(obj[1]), static_cast<std::uint32_t>(obj[1] >> 32),
                                    static_cast<std::uint32_t>(obj[2]), static_cast<std::uint32_t>(obj[2] >> 32)};
            unsigned len = ids[3] ? 4 : 3;
            u8(kNewerReferenceExt);
            u16(static_cast<std::uint16_t>(len));
            atom(atoms::nonode_at_nohost);
            u32(0);
            for (unsigned i = 0; i < len; ++i) u32(ids[i]);
            break;
          }
          case BoxKind::Export: {
            const auto* e = reinterpret_cast<const ExportEntry*>(obj[1]);
            u8(kExportExt);
            atom(e->module);
            atom(e->function);
            u8(kSmallIntegerExt);
            u8(static_cast<std::uint8_t>(e->arity));
            break;
          }
          default:
            // Fun closures need code identity (md5 of the module) we do not
            // keep yet.
            return EtfEncoder::Status::NotEncodable;
        }
      } else {
        return EtfEncoder::Status::NotEncodable;
      }
    }
    compress();
    return EtfEncoder::Status::Done;
  }

  std::vector<std::uint8_t>& output() { return out_; }
  std::span<Term> roots() { return std::span<Term>(terms_); }

 private:
  // What a stacked term is: one to encode, or the rest of a LIST_EXT.
  enum class Kind : std::uint8_t { Term, ListRest };
  struct Meta {
    Kind kind;
    Word count;             // ListRest: elements written before this cell
    std::size_t patch_at;   // ListRest: where the LIST_EXT length goes
  };
  void push(Term t, Kind kind, Word count, std::size_t patch_at) {
    terms_.push_back(t);
    meta_.push_back({kind, count, patch_at});
  }
  void patch32(std::size_t at, std::uint32_t v) {
    out_[at] = static_cast<std::uint8_t>(v >> 24);
    out_[at + 1] = static_cast<std::uint8_t>(v >> 16);
    out_[at + 2] = static_cast<std::uint8_t>(v >> 8);
    out_[at + 3] = static_cast<std::uint8_t>(v);
  }

  // The compressed form (131, 80, uncompressed size, zlib stream), used only
  // when it is not larger, as OTP does.
  void compress() {
    if (o_.compress_level <= 0) return;
    std::size_t body = 1;
    uLong raw_len = static_cast<uLong>(out_.size() - body);
    uLongf clen = compressBound(raw_len);
    std::vector<std::uint8_t> z(clen);
    if (compress2(z.data(), &clen, out_.data() + body, raw_len, o_.compress_level) != Z_OK) return;
    if (clen + 5 > raw_len) return;  // OTP keeps a same-size compressed form
    out_.resize(body);
    out_.push_back(kCompressed);
    out_.push_back(static_cast<std::uint8_t>(raw_len >> 24));
    out_.push_back(static_cast<std::uint8_t>(raw_len >> 16));
    out_.push_back(static_cast<std::uint8_t>(raw_len >> 8));
    out_.push_back(static_cast<std::uint8_t>(raw_len));
    out_.insert(out_.end(), z.begin(), z.begin() + static_cast<std::ptrdiff_t>(clen));
  }

  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) { u8(v >> 8); u8(v & 0xff); }
  void u32(std::uint32_t v) { u16(v >> 16); u16(v & 0xffff); }
  void u64(std::uint64_t v) { u32(static_cast<std::uint32_t>(v >> 32)); u32(static_cast<std::uint32_t>(v)); }
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }

  void atom(Term a) {
    std::string_view name = vm_.atoms().name(a);
    // OTP 25 keeps ATOM_EXT for latin-1 atoms unless minor_version 2 asks
    // for UTF-8 everywhere.
    if (o_.minor_version < 2) {
      std::string latin1;
      if (utf8::to_latin1(name, latin1)) {
        u8(kAtomExt);
        u16(static_cast<std::uint16_t>(latin1.size()));
        bytes(latin1.data(), latin1.size());
        return;
      }
    }
    if (name.size() < 256) {
      u8(kSmallAtomUtf8Ext);
      u8(static_cast<std::uint8_t>(name.size()));
    } else {
      u8(kAtomUtf8Ext);
      u16(static_cast<std::uint16_t>(name.size()));
    }
    bytes(name.data(), name.size());
  }

  void integer(SWord v) {
    if (v >= 0 && v <= 255) {
      u8(kSmallIntegerExt);
      u8(static_cast<std::uint8_t>(v));
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      u8(kIntegerExt);
      u32(static_cast<std::uint32_t>(static_cast<std::int32_t>(v)));
    } else {
      Word mag = v < 0 ? static_cast<Word>(-v) : static_cast<Word>(v);
      bignum(&mag, 1, v < 0);
    }
  }

  void bignum(const Word* limbs, Word n, bool negative) {
    Word nbytes = n * 8;
    while (nbytes > 0 && ((limbs[(nbytes - 1) / 8] >> (8 * ((nbytes - 1) % 8))) & 0xff) == 0) --nbytes;
    if (nbytes < 256) {
      u8(kSmallBigExt);
      u8(static_cast<std::uint8_t>(nbytes));
    } else {
      u8(kLargeBigExt);
      u32(static_cast<std::uint32_t>(nbytes));
    }
    u8(negative ? 1 : 0);
    for (Word i = 0; i < nbytes; ++i) u8(static_cast<std::uint8_t>(limbs[i / 8] >> (8 * (i % 8))));
  }

  void floating(double d) {
    if (o_.minor_version == 0) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.20e", d);
      char field[kFloatExtBytes] = {};
      std::memcpy(field, buf, std::min(std::strlen(buf), kFloatExtBytes));
      u8(kFloatExt);
      bytes(field, kFloatExtBytes);
      return;
    }
    u8(kNewFloatExt);
    u64(std::bit_cast<std::uint64_t>(d));
  }

  // STRING_EXT if the list is a proper list of at most 65535 bytes;
  // `scanned` receives the number of cells looked at.
  bool string(Term t, std::size_t& scanned) {
    Word n = 0;
    Term l = t;
    while (l.is_list() && n <= kMaxStringExt && is_byte(l.head())) { ++n; l = l.tail(); }
    scanned = n;
    if (!l.is_nil() || n > kMaxStringExt) return false;
    u8(kStringExt);
    u16(static_cast<std::uint16_t>(n));
    for (l = t; l.is_list(); l = l.tail()) u8(static_cast<std::uint8_t>(l.head().small_value()));
    return true;
  }

  // Returns the number of bytes written.
  Word bitstring(Term t) {
    BitView v = bit_view(t);
    Word nbytes = (v.bit_size + 7) / 8;
    unsigned extra = static_cast<unsigned>(v.bit_size % 8);
    if (extra == 0) {
      u8(kBinaryExt);
      u32(static_cast<std::uint32_t>(nbytes));
    } else {
      u8(kBitBinaryExt);
      u32(static_cast<std::uint32_t>(nbytes));
      u8(static_cast<std::uint8_t>(extra));
    }
    std::size_t at = out_.size();
    out_.resize(at + nbytes);
    copy_bits_aligned(v, out_.data() + at);
    return nbytes;
  }

  const VM& vm_;
  EtfOptions o_;
  std::vector<std::uint8_t> out_;
  // The work stack: terms (GC roots while a sliced encoding waits) and,
  // in step with them, what each one is.
  std::vector<Term> terms_;
  std::vector<Meta> meta_;
};

namespace {

// ---------------------------------------------------------------- decoder

}  // namespace

class EtfDecoder::Impl {
 public:
  Impl(TermAllocator& a, VM& vm, bool safe) : a_(a), vm_(vm), safe_(safe) {}

  // Prepare to decode the term that starts at the version byte of `bytes`.
  // A compressed term is inflated here, into the decoder's own buffer.
  bool start(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 2 || bytes[0] != kVersion) return false;
    stack_.emplace_back(&root_, Kind::Term, 0);
    if (bytes[1] != kCompressed) {
      set_input(bytes);
      p_ = base_ + 1;
      return true;
    }
    if (bytes.size() < 6) return false;
    std::uint64_t raw_len = (std::uint64_t(bytes[2]) << 24) | (std::uint64_t(bytes[3]) << 16) |
                            (std::uint64_t(bytes[4]) << 8) | bytes[5];
    std::size_t zlen = bytes.size() - 6;
    if (raw_len > (zlen + 64) * kMaxInflateRatio) return false;
    inflated_.resize(raw_len);
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK) return false;
    zs.next_in = const_cast<Bytef*>(bytes.data() + 6);
    zs.avail_in = static_cast<uInt>(zlen);
    zs.next_out = inflated_.data();
    zs.avail_out = static_cast<uInt>(raw_len);
    int rc = inflate(&zs, Z_FINISH);
    std::size_t consumed = zs.total_in;
    std::size_t produced = zs.total_out;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || produced != raw_len) return false;
    compressed_used_ = 6 + consumed;
    own_input_ = true;
    base_ = p_ = inflated_.data();
    end_ = base_ + inflated_.size();
    return true;
  }

  // The input may have moved since the last slice (it is re-read from the
  // binary each time); positions are kept relative to its start.
  void set_input(std::span<const std::uint8_t> bytes) {
    if (own_input_) return;
    std::size_t at = static_cast<std::size_t>(p_ - base_);
    base_ = bytes.data();
    end_ = base_ + bytes.size();
    p_ = base_ + at;
  }

  std::size_t used() const { return own_input_ ? compressed_used_ : static_cast<std::size_t>(p_ - base_); }
  Term result() const { return Term::from_raw(root_); }

  // Decode until done or about `budget` units of work are spent; More when
  // work is left, Bad on malformed input.
  EtfDecoder::Status run(std::size_t budget) {
    Term t = decode(budget);
    if (t.is_non_value()) return failed_ ? EtfDecoder::Status::Bad : EtfDecoder::Status::More;
    return EtfDecoder::Status::Done;
  }

 private:
  // What a stacked job fills in: a term at dst; the rest of a LIST_EXT
  // (`count` more elements, then its tail) whose next cell goes at dst; a
  // map whose pairs are all decoded (dst the map, or a large map's pairs
  // with `slot` where the finished HAMT goes).
  enum class Kind : std::uint8_t { Term, ListRest, FinishMap };
  struct Job {
    Job(Word* d, Kind k, Word n, Word* s = nullptr) : dst(d), kind(k), count(n), slot(s) {}
    Word* dst;
    Kind kind;
    Word count;
    Word* slot;
  };

  Term bad() {
    failed_ = true;
    return kNonValue;
  }

  // kNonValue with failed_ set on malformed input; kNonValue without it
  // when the budget ran out first.
  Term decode(std::size_t budget) {
    std::size_t spent = 0;
    while (!stack_.empty()) {
      if (spent >= budget) return kNonValue;
      ++spent;
      Job j = stack_.back();
      stack_.pop_back();
      if (j.kind == Kind::FinishMap) {
        if (j.slot != nullptr) {
          if (!finish_large_map(j.dst, j.slot)) return bad();
        } else if (!finish_map(j.dst)) {
          return bad();
        }
        spent += header_arity(j.dst[0]) / 4;
        continue;
      }
      if (j.kind == Kind::ListRest && j.count > 0) {
        // One more cell: its head is the next term, its tail the rest.
        Word* cell = a_.alloc(2);
        cell[0] = kNil.raw();  // keep the cell well formed until filled
        cell[1] = kNil.raw();
        *j.dst = Term::list(cell).raw();
        stack_.emplace_back(&cell[1], Kind::ListRest, j.count - 1);
        stack_.emplace_back(&cell[0], Kind::Term, 0);
        continue;
      }
      // A term (or a LIST_EXT's tail, once its elements are done).
      std::uint8_t tag;
      if (!get8(tag)) return bad();
      Term t;
      switch (tag) {
        case kSmallIntegerExt: {
          std::uint8_t v;
          if (!get8(v)) return bad();
          t = Term::small(v);
          break;
        }
        case kIntegerExt: {
          std::uint32_t v;
          if (!get32(v)) return bad();
          t = Term::small(static_cast<std::int32_t>(v));
          break;
        }
        case kSmallBigExt:
        case kLargeBigExt: {
          std::uint32_t n;
          std::uint8_t sign;
          if (tag == kSmallBigExt) {
            std::uint8_t n8;
            if (!get8(n8)) return bad();
            n = n8;
          } else if (!get32(n)) {
            return bad();
          }
          if (!get8(sign) || sign > 1 || !have(n)) return bad();
          t = bignum(p_, n, sign != 0);
          p_ += n;
          break;
        }
        case kNewFloatExt: {
          std::uint64_t bits;
          if (!get64(bits)) return bad();
          double d = std::bit_cast<double>(bits);
          if (!std::isfinite(d)) return bad();
          t = make_float_term(d);
          break;
        }
        case kFloatExt: {
          if (!have(kFloatExtBytes)) return bad();
          char buf[kFloatExtBytes + 1];
          std::memcpy(buf, p_, kFloatExtBytes);
          buf[kFloatExtBytes] = 0;
          p_ += kFloatExtBytes;
          char* endp = nullptr;
          double d = std::strtod(buf, &endp);
          if (endp == buf || !std::isfinite(d)) return bad();
          t = make_float_term(d);
          break;
        }
        case kAtomExt:
        case kSmallAtomExt:
        case kAtomUtf8Ext:
        case kSmallAtomUtf8Ext:
          t = atom_body(tag);
          if (t.is_non_value()) return bad();
          break;
        case kSmallTupleExt:
        case kLargeTupleExt: {
          std::uint32_t n;
          if (tag == kSmallTupleExt) {
            std::uint8_t n8;
            if (!get8(n8)) return bad();
            n = n8;
          } else if (!get32(n)) {
            return bad();
          }
          if (!have(n)) return bad();  // each element takes >= 1 byte
          spent += n / 8;
          Word* obj = a_.alloc(1 + n);
          obj[0] = make_header(BoxKind::Tuple, n);
          for (Word i = n; i > 0; --i) {
            obj[i] = kNil.raw();  // keep the object well formed until filled
            stack_.emplace_back(&obj[i], Kind::Term, 0);
          }
          t = Term::boxed(obj);
          break;
        }
        case kNilExt:
          t = kNil;
          break;
        case kStringExt: {
          std::uint16_t n;
          if (!get16(n) || !have(n)) return bad();
          spent += n / 32;
          Word* cells = a_.alloc(2 * Word{n});
          Term list = kNil;
          for (Word i = n; i-- > 0;) {
            cells[2 * i] = Term::small(p_[i]).raw();
            cells[2 * i + 1] = list.raw();
            list = Term::list(cells + 2 * i);
          }
          p_ += n;
          t = list;
          break;
        }
        case kListExt: {
          std::uint32_t n;
          if (!get32(n) || !have(Word{n} + 1)) return bad();
          // A zero-length LIST_EXT is just its tail (OTP accepts this).
          stack_.emplace_back(j.dst, Kind::ListRest, n);
          continue;
        }
        case kBinaryExt: {
          std::uint32_t n;
          if (!get32(n) || !have(n)) return bad();
          spent += n / 256;
          t = binary(p_, n, 0);
          p_ += n;
          break;
        }
        case kBitBinaryExt: {
          std::uint32_t n;
          std::uint8_t bits;
          if (!get32(n) || !get8(bits) || !have(n)) return bad();
          if (n == 0 ? bits != 0 : (bits < 1 || bits > 8)) return bad();
          t = binary(p_, n, bits == 8 ? 0 : bits);
          p_ += n;
          break;
        }
        case kMapExt: {
          std::uint32_t n;
          if (!get32(n) || !have(2 * Word{n})) return bad();
          if (n > kFlatMapLimit) {
            // More than 32 keys must be a HAMT (map.h): decode the pairs into
            // a scratch area ([n, keys..., values...]), then build the trie.
            large_maps_.push_back(std::make_unique<Word[]>(1 + 2 * Word{n}));
            Word* pairs = large_maps_.back().get();
            pairs[0] = n;
            stack_.emplace_back(pairs, Kind::FinishMap, 0, j.dst);
            for (Word i = n; i-- > 0;) {
              pairs[1 + i] = kNil.raw();
              pairs[1 + n + i] = kNil.raw();
              stack_.emplace_back(&pairs[1 + n + i], Kind::Term, 0);
              stack_.emplace_back(&pairs[1 + i], Kind::Term, 0);
            }
            t = kNil;  // replaced by finish_large_map
            break;
          }
          Word* keys = a_.alloc(1 + n);
          keys[0] = make_header(BoxKind::Tuple, n);
          Word* map = a_.alloc(flatmap_words(n));
          map[0] = make_header(BoxKind::Map, 2 + n);
          map[1] = n;
          map[2] = Term::boxed(keys).raw();
          stack_.emplace_back(map, Kind::FinishMap, 0);
          for (Word i = n; i-- > 0;) {
            keys[1 + i] = kNil.raw();
            map[3 + i] = kNil.raw();
            stack_.emplace_back(&map[3 + i], Kind::Term, 0);
            stack_.emplace_back(&keys[1 + i], Kind::Term, 0);
          }
          t = Term::boxed(map);
          break;
        }
        case kPidExt:
        case kNewPidExt: {
          std::uint32_t id, serial, creation;
          std::uint8_t c8;
          if (!local_node()) return bad();
          if (!get32(id) || !get32(serial)) return bad();
          if (tag == kPidExt ? !get8(c8) : !get32(creation)) return bad();
          if (id > 0x7fff) return bad();
          t = Term::pid(Word{id} | (Word{serial} << 15));
          break;
        }
        case kPortExt:
        case kNewPortExt:
        case kV4PortExt: {
          std::uint64_t id;
          std::uint32_t id32, creation;
          std::uint8_t c8;
          if (!local_node()) return bad();
          if (tag == kV4PortExt) {
            if (!get64(id)) return bad();
          } else {
            if (!get32(id32)) return bad();
            id = id32;
          }
          if (tag == kPortExt ? !get8(c8) : !get32(creation)) return bad();
          if (id >> 59) return bad();
          t = Term::port(id);
          break;
        }
        case kReferenceExt:
        case kNewReferenceExt:
        case kNewerReferenceExt: {
          std::uint16_t len = 1;
          std::uint32_t creation;
          std::uint8_t c8;
          if (tag != kReferenceExt && !get16(len)) return bad();
          if (!local_node()) return bad();
          if (tag == kNewerReferenceExt ? !get32(creation) : !get8(c8)) return bad();
          if (len < 1 || len > 4) return bad();
          std::uint32_t ids[4] = {0, 0, 0, 0};
          for (unsigned i = 0; i < len; ++i)
            if (!get32(ids[i])) return bad();
          Word* obj = a_.alloc(kRefObjectWords);
          obj[0] = make_header(BoxKind::Ref, kRefWords);
          obj[1] = Word{ids[0]} | (Word{ids[1]} << 32);
          obj[2] = Word{ids[2]} | (Word{ids[3]} << 32);
          t = Term::boxed(obj);
          break;
        }
        case kExportExt: {
          std::uint8_t atag, arity;
          Term m, f;
          if (!get8(atag) || (m = atom_body(atag)).is_non_value()) return bad();
          if (!get8(atag) || (f = atom_body(atag)).is_non_value()) return bad();
          if (!get8(atag) || atag != kSmallIntegerExt || !get8(arity)) return bad();
          ExportEntry* e = vm_.code().export_entry(m, f, arity);
          Word* obj = a_.alloc(kExportFunWords);
          obj[0] = make_header(BoxKind::Export, 1);
          obj[1] = reinterpret_cast<Word>(e);
          t = Term::boxed(obj);
          break;
        }
        default:
          // Funs (need the defining module's code), atom cache references and
          // distribution headers are not accepted here.
          return bad();
      }
      *j.dst = t.raw();
    }
    return Term::from_raw(root_);
  }

  bool have(std::uint64_t n) const { return static_cast<std::uint64_t>(end_ - p_) >= n; }
  bool get8(std::uint8_t& v) {
    if (!have(1)) return false;
    v = *p_++;
    return true;
  }
  bool get16(std::uint16_t& v) {
    if (!have(2)) return false;
    v = static_cast<std::uint16_t>((p_[0] << 8) | p_[1]);
    p_ += 2;
    return true;
  }
  bool get32(std::uint32_t& v) {
    if (!have(4)) return false;
    v = (std::uint32_t(p_[0]) << 24) | (std::uint32_t(p_[1]) << 16) | (std::uint32_t(p_[2]) << 8) | p_[3];
    p_ += 4;
    return true;
  }
  bool get64(std::uint64_t& v) {
    std::uint32_t hi, lo;
    if (!get32(hi) || !get32(lo)) return false;
    v = (std::uint64_t(hi) << 32) | lo;
    return true;
  }

  // The body of an atom whose tag byte has been read.
  Term atom_body(std::uint8_t tag) {
    std::size_t n;
    if (tag == kAtomExt || tag == kAtomUtf8Ext) {
      std::uint16_t n16;
      if (!get16(n16)) return kNonValue;
      n = n16;
    } else if (tag == kSmallAtomExt || tag == kSmallAtomUtf8Ext) {
      std::uint8_t n8;
      if (!get8(n8)) return kNonValue;
      n = n8;
    } else {
      return kNonValue;
    }
    if (!have(n)) return kNonValue;
    std::string_view raw(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    std::string text;
    if (tag == kAtomExt || tag == kSmallAtomExt) {
      if (n > kMaxAtomChars) return kNonValue;
      text = utf8::from_latin1(raw);
    } else {
      std::size_t chars;
      if (!utf8::valid(raw, &chars) || chars > kMaxAtomChars) return kNonValue;
      text.assign(raw);
    }
    if (safe_) {
      auto found = vm_.atoms().find(text);
      return found ? *found : kNonValue;
    }
    return vm_.atoms().intern(text);
  }

  // Pids, ports and refs must name this node.
  bool local_node() {
    std::uint8_t tag;
    if (!get8(tag)) return false;
    Term node = atom_body(tag);
    return node == atoms::nonode_at_nohost;
  }

  Term make_float_term(double d) {
    Word* obj = a_.alloc(kFloatWords);
    obj[0] = make_header(BoxKind::Float, 1);
    std::memcpy(&obj[1], &d, sizeof d);
    return Term::boxed(obj);
  }

  Term bignum(const std::uint8_t* b, std::size_t n, bool negative) {
    while (n > 0 && b[n - 1] == 0) --n;
    if (n <= 8) {
      Word mag = 0;
      for (std::size_t i = 0; i < n; ++i) mag |= Word{b[i]} << (8 * i);
      if (!negative && mag <= static_cast<Word>(kSmallMax)) return Term::small(static_cast<SWord>(mag));
      if (negative && mag <= static_cast<Word>(kSmallMax) + 1) return Term::small(-static_cast<SWord>(mag));
    }
    Word limbs = (n + 7) / 8;
    Word* obj = a_.alloc(1 + limbs);
    obj[0] = make_header(negative ? BoxKind::NegBig : BoxKind::PosBig, limbs);
    for (Word i = 0; i < limbs; ++i) obj[1 + i] = 0;
    for (std::size_t i = 0; i < n; ++i) obj[1 + i / 8] |= Word{b[i]} << (8 * (i % 8));
    return Term::boxed(obj);
  }

  // A binary of n bytes; `extra` (1..7) trailing bits of the last byte if non-zero.
  Term binary(const std::uint8_t* src, std::size_t n, unsigned extra) {
    Term bin;
    unsigned char* data;
    if (n <= kHeapBinLimit) {
      Word* obj = a_.alloc(heap_bin_words(n));
      obj[0] = make_header(BoxKind::HeapBin, heap_bin_words(n) - 1);
      obj[1] = n;
      obj[heap_bin_words(n) - 1] = 0;  // zero the padding
      data = reinterpret_cast<unsigned char*>(obj + 2);
      bin = Term::boxed(obj);
    } else {
      RefcBinary* rb = new_refc_binary(n);
      Word* obj = a_.alloc(kProcBinWords);
      obj[0] = make_header(BoxKind::RefcBin, kProcBinWords - 1);
      obj[1] = n;
      obj[2] = reinterpret_cast<Word>(rb);
      obj[3] = 0;
      a_.link_proc_bin(obj);
      data = rb->data();
      bin = Term::boxed(obj);
    }
    if (n) std::memcpy(data, src, n);
    if (extra == 0) return bin;
    data[n - 1] &= static_cast<unsigned char>(0xff << (8 - extra));
    Word* sub = a_.alloc(kSubBinWords);
    sub[0] = make_header(BoxKind::SubBin, kSubBinWords - 1);
    sub[1] = (n - 1) * 8 + extra;
    sub[2] = 0;
    sub[3] = bin.raw();
    return Term::boxed(sub);
  }

  // Sort the pairs of a just-decoded MAP_EXT into key order; reject
  // duplicate keys as OTP does.
  bool finish_map(Word* map) {
    Word n = map[1];
    Term* keys = Term::from_raw(map[2]).tuple_elements();
    Word* values = map + 3;
    std::vector<Word> order(n);
    for (Word i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](Word x, Word y) { return compare_terms_exact(vm_, keys[x], keys[y]) < 0; });
    for (Word i = 1; i < n; ++i)
      if (compare_terms_exact(vm_, keys[order[i - 1]], keys[order[i]]) == 0) return false;
    std::vector<Word> k(n), v(n);
    for (Word i = 0; i < n; ++i) {
      k[i] = keys[order[i]].raw();
      v[i] = values[order[i]];
    }
    for (Word i = 0; i < n; ++i) {
      keys[i] = Term::from_raw(k[i]);
      values[i] = v[i];
    }
    return true;
  }

  // The HAMT of a decoded large MAP_EXT ([n, keys..., values...]), stored in
  // *slot; false for duplicate keys, as OTP.
  bool finish_large_map(const Word* pairs, Word* slot) {
    Word n = pairs[0];
    auto as_terms = [](const Word* w, Word count) {
      return std::span<const Term>(reinterpret_cast<const Term*>(w), count);
    };
    static_assert(sizeof(Term) == sizeof(Word));
    Term m = hashmap_from_unique_pairs(vm_, [this](Word words) { return a_.alloc(words); }, as_terms(pairs + 1, n),
                                       as_terms(pairs + 1 + n, n));
    if (m.is_non_value()) return false;
    *slot = m.raw();
    return true;
  }

  const std::uint8_t* base_ = nullptr;
  const std::uint8_t* p_ = nullptr;
  const std::uint8_t* end_ = nullptr;
  std::vector<std::uint8_t> inflated_;  // a compressed term's payload
  bool own_input_ = false;              // reading inflated_
  std::size_t compressed_used_ = 0;
  std::vector<Job> stack_;
  Word root_ = kNil.raw();
  bool failed_ = false;
  std::vector<std::unique_ptr<Word[]>> large_maps_;
  TermAllocator& a_;
  VM& vm_;
  bool safe_;
};

Word* ProcessAllocator::alloc(Word words) { return p_.alloc(words); }
void ProcessAllocator::link_proc_bin(Word* proc_bin) { p_.heap().link_proc_bin(proc_bin); }

void copy_bits_aligned(const BitView& v, unsigned char* out) {
  Word nbytes = (v.bit_size + 7) / 8;
  if (nbytes == 0) return;
  if (v.bit_offset == 0) {
    std::memcpy(out, v.data, nbytes);
  } else {
    // Source bytes spanned by the bits: read the next byte only if it holds bits.
    Word src_bytes = (v.bit_offset + v.bit_size + 7) / 8;
    unsigned off = static_cast<unsigned>(v.bit_offset);
    for (Word i = 0; i < nbytes; ++i) {
      unsigned hi = static_cast<unsigned>(v.data[i]) << off;
      unsigned lo = i + 1 < src_bytes ? v.data[i + 1] >> (8 - off) : 0;
      out[i] = static_cast<unsigned char>(hi | lo);
    }
  }
  unsigned extra = static_cast<unsigned>(v.bit_size % 8);
  if (extra) out[nbytes - 1] &= static_cast<unsigned char>(0xff << (8 - extra));
}

EtfEncoder::EtfEncoder(const VM& vm, Term term, const EtfOptions& options)
    : impl_(std::make_unique<Impl>(vm, options)) {
  impl_->start(term);
}
EtfEncoder::~EtfEncoder() = default;
EtfEncoder::Status EtfEncoder::run(std::size_t budget) { return impl_->run(budget); }
std::vector<std::uint8_t>& EtfEncoder::output() { return impl_->output(); }
std::span<Term> EtfEncoder::roots() { return impl_->roots(); }

EtfError etf_encode(const VM& vm, Term term, const EtfOptions& options, std::vector<std::uint8_t>& out) {
  EtfEncoder enc(vm, term, options);
  if (enc.run(SIZE_MAX) != EtfEncoder::Status::Done) return EtfError::NotEncodable;
  std::vector<std::uint8_t>& bytes = enc.output();
  if (out.empty()) {
    out.swap(bytes);
  } else {
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  return EtfError::Ok;
}

EtfDecoder::EtfDecoder(std::span<const std::uint8_t> bytes, TermAllocator& alloc, VM& vm, bool safe)
    : impl_(std::make_unique<Impl>(alloc, vm, safe)) {
  if (!impl_->start(bytes)) impl_.reset();
}
EtfDecoder::~EtfDecoder() = default;

EtfDecoder::Status EtfDecoder::run(std::size_t budget, std::span<const std::uint8_t> bytes) {
  if (!impl_) return Status::Bad;
  impl_->set_input(bytes);
  return impl_->run(budget);
}

Term EtfDecoder::result() const { return impl_->result(); }
std::size_t EtfDecoder::used() const { return impl_->used(); }

Term etf_decode(std::span<const std::uint8_t> bytes, TermAllocator& alloc, VM& vm, std::size_t* used, bool safe) {
  EtfDecoder d(bytes, alloc, vm, safe);
  if (d.run(SIZE_MAX, bytes) != EtfDecoder::Status::Done) return kNonValue;
  if (used) *used = d.used();
  return d.result();
}

// ---------------------------------------------------------------- DetachedAllocator

DetachedAllocator::~DetachedAllocator() {
  for (Chunk& c : chunks_) std::free(c.start);
  release_proc_bins(proc_bins_);
}

Word* DetachedAllocator::alloc(Word words) {
  if (chunks_.empty() || chunks_.back().capacity - chunks_.back().used < words) {
    Word capacity = std::max<Word>(words, kChunkWords);
    auto* start = static_cast<Word*>(std::malloc(capacity * sizeof(Word)));
    if (!start) std::abort();  // out of memory, as in Heap
    chunks_.push_back({start, 0, capacity});
  }
  Chunk& c = chunks_.back();
  Word* p = c.start + c.used;
  c.used += words;
  return p;
}

void DetachedAllocator::link_proc_bin(Word* proc_bin) {
  proc_bin[3] = reinterpret_cast<Word>(proc_bins_);
  proc_bins_ = proc_bin;
}

void DetachedAllocator::adopt_into(Heap& heap) {
  for (Chunk& c : chunks_) {
    // The heap frees the chunk with the rest of the fragment.
    heap.adopt(c.start, c.used, c.start, proc_bins_);
    proc_bins_ = nullptr;
  }
  chunks_.clear();
  if (proc_bins_ != nullptr) {
    heap.link_proc_bins(proc_bins_);
    proc_bins_ = nullptr;
  }
}

}  // namespace girder::vm
