#include "vm/ets/object.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "vm/heap/copy.h"

namespace girder::vm::ets {

namespace {

DbObject* alloc_object(Word words) {
  void* mem = std::malloc(sizeof(DbObject) + words * sizeof(Word));
  if (mem == nullptr) throw std::bad_alloc();
  return new (mem) DbObject();
}

// Moves every pointer of the copied block [w, end) by `delta` bytes, and
// takes a reference on each ProcBin, chaining it onto *proc_bins. The block
// is a sequence of objects: a header-tagged word starts a boxed object (its
// term words are given by boxed_term_range), anything else starts a cons
// cell (two term words), as in the collector's scan.
void relocate(Word* w, Word* end, SWord delta, Word*& proc_bins) {
  auto fix = [delta](Word& x) {
    Word tag = x & 3;
    if (tag == 1 || tag == 2) x = static_cast<Word>(static_cast<SWord>(x) + delta);
  };
  while (w < end) {
    Word x = *w;
    if ((x & 3) == 0) {
      Word first, last;
      boxed_term_range(x, first, last);
      for (Word i = first; i < last; ++i) fix(w[i]);
      if (header_kind(x) == BoxKind::RefcBin) {
        auto* bin = reinterpret_cast<RefcBinary*>(w[2]);
        // relaxed: taking another reference needs no ordering (copy.cpp).
        std::atomic_ref<std::uint64_t>(bin->refcount).fetch_add(1, std::memory_order_relaxed);
        w[3] = reinterpret_cast<Word>(proc_bins);
        proc_bins = w;
      }
      w += 1 + header_arity(x);
    } else {
      fix(w[0]);
      fix(w[1]);
      w += kConsWords;
    }
  }
}

}  // namespace

DbObject* make_object(Term t, std::uint32_t hash) {
  if (t.is_immediate()) {
    DbObject* o = alloc_object(0);
    o->root = t;
    o->hash = hash;
    return o;
  }
  // The usual ETS object: a tuple of immediates, one memcpy.
  if (t.is_tuple()) {
    Word arity = t.tuple_arity();
    const Word* src = t.box_ptr();
    bool flat = true;
    for (Word i = 1; i <= arity && flat; ++i) flat = Term::from_raw(src[i]).is_immediate();
    if (flat) {
      DbObject* o = alloc_object(1 + arity);
      std::memcpy(o->data(), src, (1 + arity) * sizeof(Word));
      o->words = 1 + arity;
      o->root = Term::boxed(o->data());
      o->hash = hash;
      return o;
    }
  }
  Word words = copy_size(t);
  DbObject* o = alloc_object(words);
  Word* hp = o->data();
  Word* bins = nullptr;
  o->root = copy_term(t, hp, bins);
  o->words = words;
  o->proc_bins = bins;
  o->has_bins = bins != nullptr;
  o->hash = hash;
  return o;
}

DbObject* make_object_with(Term t, std::uint32_t hash, const Word* positions, const Term* values,
                           std::size_t count) {
  Word arity = t.tuple_arity();
  Word small[17];
  std::vector<Word> big;
  Word* tmp = small;
  if (arity + 1 > 17) {
    big.resize(arity + 1);
    tmp = big.data();
  }
  std::memcpy(tmp, t.box_ptr(), (arity + 1) * sizeof(Word));
  for (std::size_t i = 0; i < count; ++i) tmp[positions[i]] = values[i].raw();
  return make_object(Term::boxed(tmp), hash);
}

void free_object(DbObject* o) {
  if (o->proc_bins != nullptr) release_proc_bins(o->proc_bins);
  o->~DbObject();
  std::free(o);
}

Term copy_out_at(const DbObject* o, Word*& hp, Word*& proc_bins) {
  if (o->words == 0) return o->root;
  Word* dest = hp;
  std::memcpy(dest, o->data(), o->words * sizeof(Word));
  hp += o->words;
  SWord delta = reinterpret_cast<char*>(dest) - reinterpret_cast<const char*>(o->data());
  relocate(dest, hp, delta, proc_bins);
  return Term::from_raw(static_cast<Word>(static_cast<SWord>(o->root.raw()) + delta));
}

Term copy_out(Process& p, const DbObject* o) {
  if (o->words == 0) return o->root;
  Word* hp = p.alloc(o->words);
  Word* bins = nullptr;
  Term r = copy_out_at(o, hp, bins);
  if (bins != nullptr) p.heap().link_proc_bins(bins);
  return r;
}

Term copy_term_out(Process& p, Term t) {
  if (t.is_immediate()) return t;
  Word words = copy_size(t);
  Word* hp = p.alloc(words);
  Word* bins = nullptr;
  Term r = copy_term(t, hp, bins);
  if (bins != nullptr) p.heap().link_proc_bins(bins);
  return r;
}

}  // namespace girder::vm::ets
