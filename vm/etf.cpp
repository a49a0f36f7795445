// External term format: encoder and decoder. See etf.h for the contract.
//
// Both directions are iterative (explicit stacks), so neither a 10-million
// element list nor a term nested a million deep can exhaust the C++ stack.
#include "vm/etf.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "vm/atom.h"
#include "vm/code.h"
#include "vm/compare.h"
#include "vm/map.h"
#include "vm/process.h"
#include "vm/utf8.h"
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

bool is_byte(Term t) { return t.is_small() && t.small_value() >= 0 && t.small_value() <= 255; }

// ---------------------------------------------------------------- encoder

class Encoder {
 public:
  Encoder(const VM& vm, const EtfOptions& o, std::vector<std::uint8_t>& out)
      : vm_(vm), o_(o), out_(out) {}

  EtfError encode(Term root) {
    struct Item {
      Term term;
      bool list_rest;  // term is a cons whose cells' heads follow (LIST_EXT body)
    };
    std::vector<Item> stack;
    stack.push_back({root, false});
    while (!stack.empty()) {
      Item it = stack.back();
      stack.pop_back();
      Term t = it.term;
      if (it.list_rest) {
        Term tail = t.tail();
        stack.push_back({tail, tail.is_list()});
        stack.push_back({t.head(), false});
        continue;
      }
      if (t.is_small()) {
        integer(t.small_value());
      } else if (t.is_atom()) {
        atom(t);
      } else if (t.is_nil()) {
        u8(kNilExt);
      } else if (t.is_list()) {
        if (!string(t)) {
          Word n = 0;
          Term l = t;
          while (l.is_list()) { ++n; l = l.tail(); }
          u8(kListExt);
          u32(static_cast<std::uint32_t>(n));
          stack.push_back({t, true});
        }
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
            for (Word i = n; i > 0; --i) stack.push_back({Term::from_raw(obj[i]), false});
            break;
          }
          case BoxKind::PosBig:
          case BoxKind::NegBig:
            bignum(obj + 1, header_arity(hdr), header_kind(hdr) == BoxKind::NegBig);
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
              stack.push_back({Term::from_raw(obj[3 + i]), false});
              stack.push_back({keys.element(i), false});
            }
            break;
          }
          case BoxKind::HashMap: {
            // OTP writes a hash map's pairs in maps:to_list order, which
            // is the reverse of iterator order (map.h); the stack pops the
            // last push first.
            std::vector<std::pair<Term, Term>> pairs;
            map_iteration_pairs(t, pairs);
            u8(kMapExt);
            u32(static_cast<std::uint32_t>(pairs.size()));
            for (const auto& [k, v] : pairs) {
              stack.push_back({v, false});
              stack.push_back({k, false});
            }
            break;
          }
          case BoxKind::HeapBin:
          case BoxKind::RefcBin:
          case BoxKind::SubBin:
            bitstring(t);
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
            return EtfError::NotEncodable;
        }
      } else {
        return EtfError::NotEncodable;
      }
    }
    return EtfError::Ok;
  }

 private:
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

  // STRING_EXT if the list is a proper list of at most 65535 bytes.
  bool string(Term t) {
    Word n = 0;
    Term l = t;
    while (l.is_list() && n <= kMaxStringExt && is_byte(l.head())) { ++n; l = l.tail(); }
    if (!l.is_nil() || n > kMaxStringExt) return false;
    u8(kStringExt);
    u16(static_cast<std::uint16_t>(n));
    for (l = t; l.is_list(); l = l.tail()) u8(static_cast<std::uint8_t>(l.head().small_value()));
    return true;
  }

  void bitstring(Term t) {
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
  }

  const VM& vm_;
  const EtfOptions& o_;
  std::vector<std::uint8_t>& out_;
};

// ---------------------------------------------------------------- decoder

class Decoder {
 public:
  Decoder(const std::uint8_t* p, std::size_t n, TermAllocator& a, VM& vm, bool safe)
      : p_(p), end_(p + n), a_(a), vm_(vm), safe_(safe) {}

  const std::uint8_t* pos() const { return p_; }

  // Decode one term at the current position; kNonValue on malformed input.
  Term decode() {
    struct Job {
      Word* dst;      // where the next term goes; or the map to finish
      bool finish_map;
      Word* slot = nullptr;  // large maps: where the finished HAMT goes
    };
    Word root = 0;
    std::vector<Job> stack;
    stack.push_back({&root, false});
    while (!stack.empty()) {
      Job j = stack.back();
      stack.pop_back();
      if (j.finish_map) {
        if (j.slot != nullptr) {
          if (!finish_large_map(j.dst, j.slot)) return kNonValue;
        } else if (!finish_map(j.dst)) {
          return kNonValue;
        }
        continue;
      }
      std::uint8_t tag;
      if (!get8(tag)) return kNonValue;
      Term t;
      switch (tag) {
        case kSmallIntegerExt: {
          std::uint8_t v;
          if (!get8(v)) return kNonValue;
          t = Term::small(v);
          break;
        }
        case kIntegerExt: {
          std::uint32_t v;
          if (!get32(v)) return kNonValue;
          t = Term::small(static_cast<std::int32_t>(v));
          break;
        }
        case kSmallBigExt:
        case kLargeBigExt: {
          std::uint32_t n;
          std::uint8_t sign;
          if (tag == kSmallBigExt) {
            std::uint8_t n8;
            if (!get8(n8)) return kNonValue;
            n = n8;
          } else if (!get32(n)) {
            return kNonValue;
          }
          if (!get8(sign) || sign > 1 || !have(n)) return kNonValue;
          t = bignum(p_, n, sign != 0);
          p_ += n;
          break;
        }
        case kNewFloatExt: {
          std::uint64_t bits;
          if (!get64(bits)) return kNonValue;
          double d = std::bit_cast<double>(bits);
          if (!std::isfinite(d)) return kNonValue;
          t = make_float_term(d);
          break;
        }
        case kFloatExt: {
          if (!have(kFloatExtBytes)) return kNonValue;
          char buf[kFloatExtBytes + 1];
          std::memcpy(buf, p_, kFloatExtBytes);
          buf[kFloatExtBytes] = 0;
          p_ += kFloatExtBytes;
          char* endp = nullptr;
          double d = std::strtod(buf, &endp);
          if (endp == buf || !std::isfinite(d)) return kNonValue;
          t = make_float_term(d);
          break;
        }
        case kAtomExt:
        case kSmallAtomExt:
        case kAtomUtf8Ext:
        case kSmallAtomUtf8Ext:
          t = atom_body(tag);
          if (t.is_non_value()) return kNonValue;
          break;
        case kSmallTupleExt:
        case kLargeTupleExt: {
          std::uint32_t n;
          if (tag == kSmallTupleExt) {
            std::uint8_t n8;
            if (!get8(n8)) return kNonValue;
            n = n8;
          } else if (!get32(n)) {
            return kNonValue;
          }
          if (!have(n)) return kNonValue;  // each element takes >= 1 byte
          Word* obj = a_.alloc(1 + n);
          obj[0] = make_header(BoxKind::Tuple, n);
          for (Word i = n; i > 0; --i) {
            obj[i] = kNil.raw();  // keep the object well formed until filled
            stack.push_back({&obj[i], false});
          }
          t = Term::boxed(obj);
          break;
        }
        case kNilExt:
          t = kNil;
          break;
        case kStringExt: {
          std::uint16_t n;
          if (!get16(n) || !have(n)) return kNonValue;
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
          if (!get32(n) || !have(Word{n} + 1)) return kNonValue;
          if (n == 0) {
            // A zero-length LIST_EXT is just its tail (OTP accepts this).
            stack.push_back({j.dst, false});
            continue;
          }
          Word* cells = a_.alloc(2 * Word{n});
          for (Word i = 0; i < n; ++i) {
            cells[2 * i] = kNil.raw();
            cells[2 * i + 1] = i + 1 < n ? Term::list(cells + 2 * (i + 1)).raw() : kNil.raw();
          }
          stack.push_back({&cells[2 * n - 1], false});
          for (Word i = n; i-- > 0;) stack.push_back({&cells[2 * i], false});
          t = Term::list(cells);
          break;
        }
        case kBinaryExt: {
          std::uint32_t n;
          if (!get32(n) || !have(n)) return kNonValue;
          t = binary(p_, n, 0);
          p_ += n;
          break;
        }
        case kBitBinaryExt: {
          std::uint32_t n;
          std::uint8_t bits;
          if (!get32(n) || !get8(bits) || !have(n)) return kNonValue;
          if (n == 0 ? bits != 0 : (bits < 1 || bits > 8)) return kNonValue;
          t = binary(p_, n, bits == 8 ? 0 : bits);
          p_ += n;
          break;
        }
        case kMapExt: {
          std::uint32_t n;
          if (!get32(n) || !have(2 * Word{n})) return kNonValue;
          if (n > kFlatMapLimit) {
            // More than 32 keys must be a HAMT (map.h): decode the pairs into
            // a scratch area ([n, keys..., values...]), then build the trie.
            large_maps_.push_back(std::make_unique<Word[]>(1 + 2 * Word{n}));
            Word* pairs = large_maps_.back().get();
            pairs[0] = n;
            stack.push_back({pairs, true, j.dst});
            for (Word i = n; i-- > 0;) {
              pairs[1 + i] = kNil.raw();
              pairs[1 + n + i] = kNil.raw();
              stack.push_back({&pairs[1 + n + i], false});
              stack.push_back({&pairs[1 + i], false});
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
          stack.push_back({map, true});
          for (Word i = n; i-- > 0;) {
            keys[1 + i] = kNil.raw();
            map[3 + i] = kNil.raw();
            stack.push_back({&map[3 + i], false});
            stack.push_back({&keys[1 + i], false});
          }
          t = Term::boxed(map);
          break;
        }
        case kPidExt:
        case kNewPidExt: {
          std::uint32_t id, serial, creation;
          std::uint8_t c8;
          if (!local_node()) return kNonValue;
          if (!get32(id) || !get32(serial)) return kNonValue;
          if (tag == kPidExt ? !get8(c8) : !get32(creation)) return kNonValue;
          if (id > 0x7fff) return kNonValue;
          t = Term::pid(Word{id} | (Word{serial} << 15));
          break;
        }
        case kPortExt:
        case kNewPortExt:
        case kV4PortExt: {
          std::uint64_t id;
          std::uint32_t id32, creation;
          std::uint8_t c8;
          if (!local_node()) return kNonValue;
          if (tag == kV4PortExt) {
            if (!get64(id)) return kNonValue;
          } else {
            if (!get32(id32)) return kNonValue;
            id = id32;
          }
          if (tag == kPortExt ? !get8(c8) : !get32(creation)) return kNonValue;
          if (id >> 59) return kNonValue;
          t = Term::port(id);
          break;
        }
        case kReferenceExt:
        case kNewReferenceExt:
        case kNewerReferenceExt: {
          std::uint16_t len = 1;
          std::uint32_t creation;
          std::uint8_t c8;
          if (tag != kReferenceExt && !get16(len)) return kNonValue;
          if (!local_node()) return kNonValue;
          if (tag == kNewerReferenceExt ? !get32(creation) : !get8(c8)) return kNonValue;
          if (len < 1 || len > 4) return kNonValue;
          std::uint32_t ids[4] = {0, 0, 0, 0};
          for (unsigned i = 0; i < len; ++i)
            if (!get32(ids[i])) return kNonValue;
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
          if (!get8(atag) || (m = atom_body(atag)).is_non_value()) return kNonValue;
          if (!get8(atag) || (f = atom_body(atag)).is_non_value()) return kNonValue;
          if (!get8(atag) || atag != kSmallIntegerExt || !get8(arity)) return kNonValue;
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
          return kNonValue;
      }
      *j.dst = t.raw();
    }
    return Term::from_raw(root);
  }

 private:
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
      auto* rb = static_cast<RefcBinary*>(std::malloc(sizeof(RefcBinary) + n));
      if (!rb) std::abort();
      rb->refcount = 1;
      rb->byte_size = n;
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

  const std::uint8_t* p_;
  const std::uint8_t* end_;
  std::vector<std::unique_ptr<Word[]>> large_maps_;
  TermAllocator& a_;
  VM& vm_;
  bool safe_;
};

// Inflated payloads larger than this ratio to their compressed size cannot
// come from zlib (whose best ratio is about 1032:1), so they are rejected
// before allocating.
constexpr std::uint64_t kMaxInflateRatio = 1100;

}  // namespace

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

EtfError etf_encode(const VM& vm, Term term, const EtfOptions& options, std::vector<std::uint8_t>& out) {
  std::size_t start = out.size();
  out.push_back(kVersion);
  Encoder enc(vm, options, out);
  if (EtfError e = enc.encode(term); e != EtfError::Ok) return e;
  if (options.compress_level <= 0) return EtfError::Ok;
  // Compressed form: 131, 80, uncompressed size, zlib stream; used only when
  // it is not larger, as OTP does.
  std::size_t body = start + 1;
  uLong raw_len = static_cast<uLong>(out.size() - body);
  uLongf clen = compressBound(raw_len);
  std::vector<std::uint8_t> z(clen);
  if (compress2(z.data(), &clen, out.data() + body, raw_len, options.compress_level) != Z_OK)
    return EtfError::Ok;
  if (clen + 5 > raw_len) return EtfError::Ok;  // OTP keeps a same-size compressed form
  out.resize(body);
  out.push_back(kCompressed);
  out.push_back(static_cast<std::uint8_t>(raw_len >> 24));
  out.push_back(static_cast<std::uint8_t>(raw_len >> 16));
  out.push_back(static_cast<std::uint8_t>(raw_len >> 8));
  out.push_back(static_cast<std::uint8_t>(raw_len));
  out.insert(out.end(), z.begin(), z.begin() + static_cast<std::ptrdiff_t>(clen));
  return EtfError::Ok;
}

Term etf_decode(std::span<const std::uint8_t> bytes, TermAllocator& alloc, VM& vm, std::size_t* used, bool safe) {
  if (bytes.size() < 2 || bytes[0] != kVersion) return kNonValue;
  if (bytes[1] != kCompressed) {
    Decoder d(bytes.data() + 1, bytes.size() - 1, alloc, vm, safe);
    Term t = d.decode();
    if (t.is_value() && used) *used = static_cast<std::size_t>(d.pos() - bytes.data());
    return t;
  }
  if (bytes.size() < 6) return kNonValue;
  std::uint64_t raw_len = (std::uint64_t(bytes[2]) << 24) | (std::uint64_t(bytes[3]) << 16) |
                          (std::uint64_t(bytes[4]) << 8) | bytes[5];
  std::size_t zlen = bytes.size() - 6;
  if (raw_len > (zlen + 64) * kMaxInflateRatio) return kNonValue;
  std::vector<std::uint8_t> raw(raw_len);
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return kNonValue;
  zs.next_in = const_cast<Bytef*>(bytes.data() + 6);
  zs.avail_in = static_cast<uInt>(zlen);
  zs.next_out = raw.data();
  zs.avail_out = static_cast<uInt>(raw_len);
  int rc = inflate(&zs, Z_FINISH);
  std::size_t consumed = zs.total_in;
  std::size_t produced = zs.total_out;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END || produced != raw_len) return kNonValue;
  Decoder d(raw.data(), raw.size(), alloc, vm, safe);
  Term t = d.decode();
  if (t.is_value() && used) *used = 6 + consumed;
  return t;
}

}  // namespace girder::vm
