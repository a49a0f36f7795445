// vm/term/ — the term model. Owns: the tagged word (this file), atoms and
// the atom table, bignums, flat maps and the HAMT, bitstrings and the bit
// syntax runtime, term order and equality, term builders (build.h), the
// phash2 and internal map hashes, UTF-8 helpers. May call: a process's
// allocator (Process::alloc, proc/process.h) to build terms, and the fun and
// export entries of exec/code.h to compare and hash funs. Nothing here
// schedules, collects or prints.
//
// Girder terms: tagged 64-bit words.
//
// Invariants (read before touching anything that builds or walks terms):
//
// * A Term is one 64-bit word. Its low two bits are the primary tag:
//     00 HEADER  only ever found as the first word of a boxed object on a heap;
//                a register or field never holds one, except the non-value 0
//                (kNonValue), which marks "no value / an exception is pending".
//     01 LIST    pointer (minus the tag) to a cons cell: two words, head, tail.
//     10 BOXED   pointer (minus the tag) to a header word, then its payload.
//     11 IMMED1  an immediate; bits 2-3 pick small int, pid, port or IMMED2.
//   This is BEAM's layout on purpose: 60-bit small integers and atom indexes
//   keep the external term format and a later distribution layer cheap.
// * Small integers are signed 60-bit: [kSmallMin, kSmallMax]. Arithmetic that
//   leaves that range produces a bignum (vm/bignum.h); a bignum whose value
//   fits in a small is always normalised back to a small, so equal integers
//   always have equal representations of the same kind.
// * A header word: bits 0-1 = 00, bits 2-5 = BoxKind, bits 6.. = arity, the
//   number of payload words that follow the header. Every boxed object is
//   exactly 1 + arity words, so the GC can step over any object blindly; which
//   payload words are terms (and must be traced) is fixed per kind, see
//   boxed_term_range().
// * Pointers inside terms are 8-byte aligned, so tagging never loses bits.
// * Heap objects are immutable once published to Erlang code. The GC relies on
//   this: an older object never points to a younger one (no write barrier).
//   setelement/3 on a fresh tuple that no one else can see is the only
//   in-place update, and the compiler only emits it for such tuples.
// * During GC a moved boxed object's header is replaced by a BOXED pointer to
//   its new copy; a moved cons cell's head is replaced by kNonValue and its
//   tail by a LIST pointer to the new cell. Outside GC neither form exists.
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace girder::vm {

using Word = std::uint64_t;
using SWord = std::int64_t;

enum class PrimaryTag : Word { Header = 0, List = 1, Boxed = 2, Immed1 = 3 };

// Immediate-1 tags (low 4 bits).
inline constexpr Word kTagPid = 0x3;
inline constexpr Word kTagPort = 0x7;
inline constexpr Word kTagImmed2 = 0xB;
inline constexpr Word kTagSmall = 0xF;
// Immediate-2 tags (low 6 bits).
inline constexpr Word kTagAtom = 0x0B;
inline constexpr Word kTagCatch = 0x1B;
inline constexpr Word kTagNil = 0x3B;

inline constexpr SWord kSmallBits = 60;
inline constexpr SWord kSmallMax = (SWord{1} << (kSmallBits - 1)) - 1;
inline constexpr SWord kSmallMin = -(SWord{1} << (kSmallBits - 1));

// Kinds of boxed object (bits 2-5 of a header word). The order is not the term
// order; see compare.h for that.
enum class BoxKind : Word {
  Tuple = 0,
  PosBig = 1,    // payload: limbs, least significant first (GMP mp_limb_t)
  NegBig = 2,    // same, value is negative
  Ref = 3,       // payload: kRefWords words of id
  Fun = 4,       // payload: FunObject after the header
  Float = 5,     // payload: one double
  Export = 6,    // payload: ExportFun after the header (fun m:f/a)
  Map = 7,       // flat map: payload FlatMap
  HashMap = 8,   // hash array mapped trie node (large maps)
  HeapBin = 9,   // payload: byte size word, then the bytes
  RefcBin = 10,  // payload: ProcBin (handle to an off-heap RefcBinary)
  SubBin = 11,   // payload: SubBin (a slice, in bits, of a heap or refc binary)
  MatchCtx = 12, // binary match state (never escapes a function)
  ExtPid = 13,   // reserved for distribution
};

inline constexpr Word make_header(BoxKind kind, Word arity) {
  return (arity << 6) | (static_cast<Word>(kind) << 2);
}
inline constexpr BoxKind header_kind(Word header) {
  return static_cast<BoxKind>((header >> 2) & 0xF);
}
inline constexpr Word header_arity(Word header) { return header >> 6; }

// A term. Trivially copyable, passed by value everywhere.
class Term {
 public:
  constexpr Term() : raw_(0) {}
  static constexpr Term from_raw(Word raw) { return Term(raw); }
  constexpr Word raw() const { return raw_; }

  // --- constructors ---
  static constexpr Term small(SWord value) {
    return Term((static_cast<Word>(value) << 4) | kTagSmall);
  }
  static constexpr Term atom(Word index) { return Term((index << 6) | kTagAtom); }
  static constexpr Term pid(Word index) { return Term((index << 4) | kTagPid); }
  static constexpr Term port(Word index) { return Term((index << 4) | kTagPort); }
  static constexpr Term catch_label(Word index) { return Term((index << 6) | kTagCatch); }
  static constexpr Term nil() { return Term(kTagNil); }
  static constexpr Term non_value() { return Term(0); }
  static Term list(const Word* cell) {
    return Term(reinterpret_cast<Word>(cell) | static_cast<Word>(PrimaryTag::List));
  }
  static Term boxed(const Word* object) {
    return Term(reinterpret_cast<Word>(object) | static_cast<Word>(PrimaryTag::Boxed));
  }
  static constexpr bool fits_small(SWord value) {
    return value >= kSmallMin && value <= kSmallMax;
  }

  // --- tests ---
  constexpr PrimaryTag primary() const { return static_cast<PrimaryTag>(raw_ & 3); }
  constexpr bool is_non_value() const { return raw_ == 0; }
  constexpr bool is_value() const { return raw_ != 0; }
  constexpr bool is_small() const { return (raw_ & 0xF) == kTagSmall; }
  constexpr bool is_atom() const { return (raw_ & 0x3F) == kTagAtom; }
  constexpr bool is_nil() const { return raw_ == kTagNil; }
  constexpr bool is_pid() const { return (raw_ & 0xF) == kTagPid; }
  constexpr bool is_port() const { return (raw_ & 0xF) == kTagPort; }
  constexpr bool is_catch() const { return (raw_ & 0x3F) == kTagCatch; }
  constexpr bool is_list() const { return (raw_ & 3) == 1; }  // non-empty list (cons)
  constexpr bool is_boxed() const { return (raw_ & 3) == 2; }
  constexpr bool is_immediate() const { return (raw_ & 3) == 3; }
  // A word whose primary tag is HEADER: an object header or a raw code/data
  // pointer on the stack (both are skipped by the GC).
  constexpr bool is_header_tagged() const { return (raw_ & 3) == 0; }

  // --- accessors ---
  constexpr SWord small_value() const { return static_cast<SWord>(raw_) >> 4; }
  constexpr Word atom_index() const { return raw_ >> 6; }
  constexpr Word pid_index() const { return raw_ >> 4; }
  constexpr Word port_index() const { return raw_ >> 4; }
  constexpr Word catch_index() const { return raw_ >> 6; }
  Word* cons_ptr() const { return reinterpret_cast<Word*>(raw_ - 1); }
  Word* box_ptr() const { return reinterpret_cast<Word*>(raw_ - 2); }
  Term head() const { return Term(cons_ptr()[0]); }
  Term tail() const { return Term(cons_ptr()[1]); }
  Word header() const { return box_ptr()[0]; }
  BoxKind box_kind() const { return header_kind(header()); }
  bool is_box_of(BoxKind kind) const { return is_boxed() && box_kind() == kind; }

  // Derived type tests (all cheap; used by guards and BIFs).
  bool is_tuple() const { return is_box_of(BoxKind::Tuple); }
  bool is_float() const { return is_box_of(BoxKind::Float); }
  bool is_bignum() const {
    if (!is_boxed()) return false;
    BoxKind k = box_kind();
    return k == BoxKind::PosBig || k == BoxKind::NegBig;
  }
  bool is_integer() const { return is_small() || is_bignum(); }
  bool is_number() const { return is_small() || is_bignum() || is_float(); }
  bool is_ref() const { return is_box_of(BoxKind::Ref); }
  bool is_map() const {
    if (!is_boxed()) return false;
    BoxKind k = box_kind();
    return k == BoxKind::Map || k == BoxKind::HashMap;
  }
  bool is_function() const {
    if (!is_boxed()) return false;
    BoxKind k = box_kind();
    return k == BoxKind::Fun || k == BoxKind::Export;
  }
  // Any bitstring (binary or not byte-aligned).
  bool is_bitstring() const {
    if (!is_boxed()) return false;
    BoxKind k = box_kind();
    return k == BoxKind::HeapBin || k == BoxKind::RefcBin || k == BoxKind::SubBin;
  }

  // Tuples.
  Word tuple_arity() const { return header_arity(header()); }
  Term element(Word zero_based) const { return Term(box_ptr()[1 + zero_based]); }
  Term* tuple_elements() const { return reinterpret_cast<Term*>(box_ptr() + 1); }

  // Floats.
  double float_value() const { return std::bit_cast<double>(box_ptr()[1]); }

  constexpr bool operator==(const Term& other) const = default;  // identity, not =:=

 private:
  constexpr explicit Term(Word raw) : raw_(raw) {}
  Word raw_;
};
static_assert(sizeof(Term) == sizeof(Word));

inline constexpr Term kNonValue = Term::non_value();
inline constexpr Term kNil = Term::nil();

// Words a cons cell takes.
inline constexpr Word kConsWords = 2;
// Words a float takes (header + double).
inline constexpr Word kFloatWords = 2;
// Payload words of a reference.
inline constexpr Word kRefWords = 2;
inline constexpr Word kRefObjectWords = 1 + kRefWords;

// ---- Layouts of boxed payloads -------------------------------------------

struct FunEntry;     // code.h: one lambda of a module version
struct ExportEntry;  // code.h: an (M,F,A) export entry

// Fun closure: header(Fun, arity = 1 + num_free) | FunEntry* | free vars...
// The FunEntry* word is 8-byte aligned so it is header-tagged and skipped by
// the GC scan; the free variables are terms.
inline Word fun_object_words(Word num_free) { return 2 + num_free; }
// Export fun: header(Export, 1) | ExportEntry*
inline constexpr Word kExportFunWords = 2;

// Heap binary: header(HeapBin, arity) | byte_size | bytes (padded to words).
// Used for binaries up to kHeapBinLimit bytes.
inline constexpr Word kHeapBinLimit = 64;
inline Word heap_bin_words(Word byte_size) { return 2 + (byte_size + 7) / 8; }

// Off-heap reference-counted binary storage. Shared between processes; the
// count is atomic. Data follows the struct.
//
// A resource is a RefcBinary whose `destroy` is set: its bytes name an
// object outside the heap (a crypto context, bif/crypto.cpp), and the last
// release runs `destroy` before freeing the storage. Its owner recognises
// it by that function pointer, which no binary built from bytes has, so a
// copy of its bytes (binary_to_term, a sub-binary) is never taken for it.
struct RefcBinary {
  std::uint64_t refcount;  // atomic via std::atomic_ref (acq_rel on release)
  Word byte_size;
  void (*destroy)(RefcBinary*);  // null for plain bytes
  unsigned char* data() { return reinterpret_cast<unsigned char*>(this + 1); }
};

// Fresh storage for `capacity` bytes with one reference and no destroy hook.
// Aborts when memory runs out (nothing sensible to do).
inline RefcBinary* new_refc_binary(Word capacity) {
  auto* bin = static_cast<RefcBinary*>(std::malloc(sizeof(RefcBinary) + capacity));
  if (bin == nullptr) std::abort();
  bin->refcount = 1;
  bin->byte_size = capacity;
  bin->destroy = nullptr;
  return bin;
}

// Drop one reference; the last one runs the destroy hook and frees.
inline void release_refc_binary(RefcBinary* bin) {
  std::atomic_ref<std::uint64_t> count(bin->refcount);
  // acq_rel: the last owner must see every other owner's writes before free.
  if (count.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  if (bin->destroy != nullptr) bin->destroy(bin);
  std::free(bin);
}

// ProcBin: header(RefcBin, 3) | byte_size | RefcBinary* | next ProcBin in the
// owning heap's off-heap list (raw pointer, header-tagged). None are terms.
inline constexpr Word kProcBinWords = 4;

// SubBin: header(SubBin, 3) | bit_size | bit_offset | original (a HeapBin or
// RefcBin term, never another SubBin). Only the original is a term.
inline constexpr Word kSubBinWords = 4;

// Flat map: header(Map, 2 + n) | n | keys (a tuple term, sorted in term
// order, no duplicates under =:=) | values[n]. Keys tuple may be shared
// between maps with the same key set.
inline Word flatmap_words(Word size) { return 3 + size; }

// Which payload words of a boxed object are terms that the GC must trace:
// [first, last) as word offsets from the header. Kinds with raw payloads
// return an empty range.
inline void boxed_term_range(Word header, Word& first, Word& last) {
  Word arity = header_arity(header);
  switch (header_kind(header)) {
    case BoxKind::Tuple: first = 1; last = 1 + arity; return;
    case BoxKind::Fun: first = 2; last = 1 + arity; return;
    case BoxKind::Map: first = 2; last = 1 + arity; return;  // keys tuple + values
    case BoxKind::HashMap: first = 2; last = 1 + arity; return;  // bitmap word, then children
    case BoxKind::SubBin: first = 3; last = 4; return;
    case BoxKind::MatchCtx: first = 1; last = 2; return;  // original binary first
    default: first = last = 0; return;
  }
}

}  // namespace girder::vm
