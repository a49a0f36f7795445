// Deep copies between heaps (vm/copy.h): copy_size is exact, the copy is =:=
// to its source and shares nothing with it except off-heap binaries (whose
// reference count the copy takes one more of), and neither walk recurses on
// the C++ stack.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

#include "vm/exec/code.h"
#include "vm/heap/copy.h"
#include "vm/proc/process.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

constexpr Word kCanary = 0xDEADBEEFCAFEF00DULL;
constexpr Word kGuardWords = 64;

std::uint64_t refcount_of(Term refc_bin) {
  return reinterpret_cast<RefcBinary*>(refc_bin.box_ptr()[2])->refcount;
}

std::size_t chain_length(Word* proc_bins) {
  std::size_t n = 0;
  for (Word* pb = proc_bins; pb != nullptr; pb = reinterpret_cast<Word*>(pb[3])) ++n;
  return n;
}

// One copy into a fresh buffer of exactly copy_size words (plus a guard zone
// that must stay untouched).
struct Copy {
  std::vector<Word> buffer;
  Word size = 0;
  Term term;
  Word* proc_bins = nullptr;
  Word* begin() { return buffer.data(); }
  Word* end() { return buffer.data() + size; }
  bool inside(const Word* p) { return p >= begin() && p < end(); }
};

class CopyTest : public ::testing::Test {
 protected:
  VM vm;
  Process p{vm, 1, Word{1} << 16};

  ~CopyTest() override {
    for (Copy* c : copies_) {
      release_proc_bins(c->proc_bins);
      delete c;
    }
  }

  Term I(SWord v) { return Term::small(v); }
  Term A(const char* s) { return vm.atoms().intern(s); }
  Term F(double d) { return make_float(p, d); }
  Term T(std::initializer_list<Term> elements) { return make_tuple(p, elements); }
  Term L(std::initializer_list<Term> elements, Term tail = kNil) {
    std::vector<Term> v(elements);
    return make_list(p, v, tail);
  }
  Term big(const char* s) { return int_from_string(p, s); }
  Term bin(std::size_t n, char seed = 'a') {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + i % 23);
    return make_binary(p, s);
  }
  Term sub_bin(Term original, Word bit_offset, Word bit_size) {
    Word* o = p.alloc(kSubBinWords);
    o[0] = make_header(BoxKind::SubBin, kSubBinWords - 1);
    o[1] = bit_size;
    o[2] = bit_offset;
    o[3] = original.raw();
    return Term::boxed(o);
  }
  Term ref(Word id) {
    Word* o = p.alloc(kRefObjectWords);
    o[0] = make_header(BoxKind::Ref, kRefWords);
    o[1] = id;
    o[2] = 7;
    return Term::boxed(o);
  }
  Term fun(FunEntry* entry, std::initializer_list<Term> free_vars) {
    Word* o = p.alloc(fun_object_words(free_vars.size()));
    o[0] = make_header(BoxKind::Fun, 1 + free_vars.size());
    o[1] = reinterpret_cast<Word>(entry);
    Word i = 2;
    for (Term t : free_vars) o[i++] = t.raw();
    return Term::boxed(o);
  }

  // Copy `t`, checking size exactness, the guard zone, =:= and no sharing.
  Copy& copy(Term t) {
    auto* c = new Copy();
    copies_.push_back(c);
    c->size = copy_size(t);
    c->buffer.assign(c->size + kGuardWords, kCanary);
    Word* hp = c->buffer.data();
    c->term = copy_term(t, hp, c->proc_bins);
    EXPECT_EQ(static_cast<Word>(hp - c->buffer.data()), c->size) << "hp must advance by exactly copy_size";
    for (Word i = c->size; i < c->buffer.size(); ++i) {
      if (c->buffer[i] != kCanary) {
        ADD_FAILURE() << "copy_term wrote past copy_size at word " << i;
        break;
      }
    }
    EXPECT_TRUE(exact_equal(t, c->term));
    EXPECT_TRUE(exact_equal(c->term, t));
    check_contained(*c, t);
    return *c;
  }

  // Every pointer reachable from the copy points into the copy's buffer; the
  // only link back to anything else is a ProcBin's RefcBinary.
  void check_contained(Copy& c, Term source) {
    if (source.is_immediate() || source.is_non_value()) {
      EXPECT_EQ(c.term, source);
      EXPECT_EQ(c.size, 0u);
      return;
    }
    std::vector<Term> work{c.term};
    std::size_t bad = 0;
    while (!work.empty() && bad < 5) {
      Term u = work.back();
      work.pop_back();
      while (u.is_list()) {
        if (!c.inside(u.cons_ptr()) || !c.inside(u.cons_ptr() + 1)) {
          ADD_FAILURE() << "cons cell outside the copy";
          ++bad;
          break;
        }
        if (!u.head().is_immediate()) work.push_back(u.head());
        u = u.tail();
      }
      if (!u.is_boxed()) continue;
      const Word* obj = u.box_ptr();
      if (!c.inside(obj) || !c.inside(obj + header_arity(obj[0]))) {
        ADD_FAILURE() << "boxed object outside the copy";
        ++bad;
        continue;
      }
      Word first, last;
      boxed_term_range(obj[0], first, last);
      for (Word i = first; i < last; ++i) {
        Term child = Term::from_raw(obj[i]);
        if (!child.is_immediate()) work.push_back(child);
      }
    }
  }

 private:
  std::vector<Copy*> copies_;
};

TEST_F(CopyTest, Immediates) {
  for (Term t : {I(0), I(-1), I(kSmallMax), I(kSmallMin), A("hello"), kNil, Term::pid(42), Term::port(3)}) {
    EXPECT_EQ(copy_size(t), 0u);
    Word dummy = kCanary;
    Word* hp = &dummy;
    Word* proc_bins = nullptr;
    Term c = copy_term(t, hp, proc_bins);
    EXPECT_EQ(c, t);
    EXPECT_EQ(hp, &dummy);
    EXPECT_EQ(dummy, kCanary);
    EXPECT_EQ(proc_bins, nullptr);
  }
  // The non-value passes through untouched too.
  EXPECT_EQ(copy_size(kNonValue), 0u);
  Word* hp = nullptr;
  Word* proc_bins = nullptr;
  EXPECT_EQ(copy_term(kNonValue, hp, proc_bins), kNonValue);
  EXPECT_EQ(hp, nullptr);
}

TEST_F(CopyTest, ShortLists) {
  Term l = L({I(1), A("two"), I(3)});
  Copy& c = copy(l);
  EXPECT_EQ(c.size, 3 * kConsWords);
  EXPECT_EQ(list_length(c.term), 3);
  EXPECT_NE(c.term, l);

  // A string, and a list of lists.
  Term s = make_string(p, "hello, world");
  EXPECT_EQ(copy(s).size, 12 * kConsWords);
  Term nested = L({L({I(1)}), L({}), L({L({I(2), I(3)})})});
  EXPECT_EQ(copy(nested).size, (3 + 1 + 1 + 2) * kConsWords);
}

TEST_F(CopyTest, ImproperLists) {
  Term a = make_cons(p, I(1), I(2));  // [1|2]
  Copy& ca = copy(a);
  EXPECT_EQ(ca.size, kConsWords);
  EXPECT_EQ(ca.term.tail(), I(2));

  // Tail is a boxed term: [1, 2 | {x, 1.5}]
  Term tail = T({A("x"), F(1.5)});
  Term b = L({I(1), I(2)}, tail);
  Copy& cb = copy(b);
  EXPECT_EQ(cb.size, 2 * kConsWords + 3 + kFloatWords);
  EXPECT_EQ(list_length(cb.term), -1);

  // Tail is a binary.
  Term c = L({I(1)}, bin(5));
  EXPECT_EQ(copy(c).size, kConsWords + heap_bin_words(5));
}

TEST_F(CopyTest, MillionElementListDoesNotOverflowTheStack) {
  constexpr SWord kN = 1000000;
  // Build in our own buffer: 2 million words, laid out like a heap.
  std::vector<Word> cells(static_cast<std::size_t>(kN) * kConsWords);
  Term list = kNil;
  for (SWord i = kN - 1; i >= 0; --i) {
    Word* cell = cells.data() + i * kConsWords;
    cell[0] = I(i).raw();
    cell[1] = list.raw();
    list = Term::list(cell);
  }
  Word n = copy_size(list);
  ASSERT_EQ(n, static_cast<Word>(kN) * kConsWords);
  std::vector<Word> dest(n + 1, kCanary);
  Word* hp = dest.data();
  Word* proc_bins = nullptr;
  Term c = copy_term(list, hp, proc_bins);
  EXPECT_EQ(hp, dest.data() + n);
  EXPECT_EQ(dest[n], kCanary);
  EXPECT_EQ(proc_bins, nullptr);
  SWord i = 0;
  Term u = c;
  for (; u.is_list(); u = u.tail(), ++i) {
    ASSERT_GE(u.cons_ptr(), dest.data());
    ASSERT_LT(u.cons_ptr(), dest.data() + n);
    ASSERT_EQ(u.head(), I(i));
  }
  EXPECT_EQ(u, kNil);
  EXPECT_EQ(i, kN);
  EXPECT_TRUE(exact_equal(list, c));

  // A million-element list of boxed elements (each element is pushed on the
  // work stack of the walk, not recursed into).
  Process big{vm, 2, Word{1} << 22};
  Term flist = kNil;
  for (SWord k = 0; k < kN; ++k) flist = make_cons(big, make_tuple(big, {I(k)}), flist);
  EXPECT_EQ(copy_size(flist), static_cast<Word>(kN) * (kConsWords + 2));
}

TEST_F(CopyTest, DeeplyNestedTermsDoNotOverflowTheStack) {
  constexpr int kDepth = 200000;
  // [[[...[]...]]] nested through heads, and {{{...{}...}}} nested tuples.
  Term heads = kNil;
  Term tuples = T({});
  for (int i = 0; i < kDepth; ++i) {
    heads = make_cons(p, heads, kNil);
    tuples = T({tuples, I(i)});
  }
  Copy& ch = copy(heads);
  EXPECT_EQ(ch.size, static_cast<Word>(kDepth) * kConsWords);
  Copy& ct = copy(tuples);
  EXPECT_EQ(ct.size, 1 + static_cast<Word>(kDepth) * 3);
}

TEST_F(CopyTest, Tuples) {
  Term empty = T({});
  Copy& ce = copy(empty);
  EXPECT_EQ(ce.size, 1u);
  EXPECT_TRUE(ce.term.is_tuple());
  EXPECT_EQ(ce.term.tuple_arity(), 0u);

  Term t = T({I(1), A("a"), F(2.5), kNil, Term::pid(9)});
  Copy& ct = copy(t);
  EXPECT_EQ(ct.size, 6 + kFloatWords);
  EXPECT_EQ(ct.term.tuple_arity(), 5u);
  EXPECT_EQ(ct.term.element(4), Term::pid(9));
}

TEST_F(CopyTest, NestedTuples) {
  Term inner = T({I(1), L({I(2), F(3.0)})});
  Term t = T({inner, T({inner, T({})}), L({T({A("x")})})});
  Copy& c = copy(t);
  // Sharing inside the source is not preserved: `inner` is copied twice.
  Word inner_words = 3 + 2 * kConsWords + kFloatWords;
  EXPECT_EQ(c.size, 4 + inner_words + 3 + inner_words + 1 + kConsWords + 2);
  EXPECT_NE(c.term.element(0), c.term.element(1).element(0));
}

TEST_F(CopyTest, SharedSubtermIsCopiedOncePerReference) {
  Term shared = T({F(1.0), F(2.0), F(3.0)});
  Word one = copy_size(shared);
  Term t = T({shared, shared, shared, shared});
  Copy& c = copy(t);
  EXPECT_EQ(c.size, 5 + 4 * one);
}

TEST_F(CopyTest, Floats) {
  for (double d : {0.0, -0.0, 1.5, -1e300, 6.02214076e23}) {
    Term f = F(d);
    Copy& c = copy(f);
    EXPECT_EQ(c.size, kFloatWords);
    ASSERT_TRUE(c.term.is_float());
    EXPECT_EQ(std::memcmp(c.term.box_ptr() + 1, f.box_ptr() + 1, sizeof(double)), 0);
  }
}

TEST_F(CopyTest, Bignums) {
  for (const char* s : {"1152921504606846976", "-1152921504606846977", "340282366920938463463374607431768211457",
                        "-99999999999999999999999999999999999999999999999999999999999999"}) {
    Term b = big(s);
    ASSERT_TRUE(b.is_bignum()) << s;
    Copy& c = copy(b);
    EXPECT_EQ(c.size, 1 + header_arity(b.header())) << s;
    EXPECT_TRUE(c.term.is_bignum());
    EXPECT_EQ(c.term.box_kind(), b.box_kind());
    EXPECT_EQ(compare_terms_exact(vm, c.term, b), 0);
  }
}

TEST_F(CopyTest, Refs) {
  Term r = ref(12345);
  Copy& c = copy(r);
  EXPECT_EQ(c.size, kRefObjectWords);
  EXPECT_TRUE(c.term.is_ref());
}

TEST_F(CopyTest, SmallMaps) {
  Term empty = map_new(p);
  Copy& ce = copy(empty);
  EXPECT_TRUE(ce.term.is_map());
  EXPECT_EQ(map_size(ce.term), 0u);

  std::vector<Term> keys = {I(1), A("b"), F(2.5), T({I(1), I(2)}), bin(3)};
  std::vector<Term> values = {L({I(1)}), T({}), I(3), F(-1.0), make_string(p, "v")};
  Term m = map_from_pairs(p, keys, values);
  ASSERT_EQ(m.box_kind(), BoxKind::Map);
  Copy& c = copy(m);
  ASSERT_EQ(c.term.box_kind(), BoxKind::Map);
  EXPECT_EQ(map_size(c.term), keys.size());
  EXPECT_TRUE(map_exact_equal(m, c.term));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    Term v = map_get(c.term, keys[i]);
    ASSERT_TRUE(v.is_value()) << i;
    EXPECT_TRUE(exact_equal(v, values[i])) << i;
  }
}

TEST_F(CopyTest, LargeMaps) {
  for (int n : {33, 100, 1000}) {
    std::vector<Term> keys, values;
    for (int i = 0; i < n; ++i) {
      switch (i % 4) {
        case 0: keys.push_back(I(i)); break;
        case 1: keys.push_back(T({A("k"), I(i)})); break;
        case 2: keys.push_back(F(i + 0.5)); break;
        default: keys.push_back(make_string(p, "key" + std::to_string(i))); break;
      }
      values.push_back(i % 2 ? T({I(i), L({I(i)})}) : I(i));
    }
    Term m = map_from_pairs(p, keys, values);
    ASSERT_EQ(m.box_kind(), BoxKind::HashMap) << n;
    Copy& c = copy(m);
    ASSERT_EQ(c.term.box_kind(), BoxKind::HashMap);
    EXPECT_EQ(map_size(c.term), static_cast<Word>(n));
    EXPECT_TRUE(map_exact_equal(m, c.term));
    for (int i = 0; i < n; ++i) {
      Term v = map_get(c.term, keys[static_cast<std::size_t>(i)]);
      ASSERT_TRUE(v.is_value()) << n << " " << i;
      EXPECT_TRUE(exact_equal(v, values[static_cast<std::size_t>(i)]));
    }
  }
}

TEST_F(CopyTest, HeapBinaries) {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{63},
                        std::size_t{kHeapBinLimit}}) {
    Term b = bin(n);
    ASSERT_EQ(b.box_kind(), BoxKind::HeapBin) << n;
    Copy& c = copy(b);
    EXPECT_EQ(c.size, heap_bin_words(n)) << n;
    EXPECT_EQ(c.term.box_kind(), BoxKind::HeapBin);
    EXPECT_EQ(c.proc_bins, nullptr);
    EXPECT_EQ(std::memcmp(c.term.box_ptr() + 2, b.box_ptr() + 2, n), 0);
  }
}

TEST_F(CopyTest, RefcBinaryTakesOneReferencePerCopy) {
  Term b = bin(kHeapBinLimit + 1);
  ASSERT_EQ(b.box_kind(), BoxKind::RefcBin);
  auto* storage = reinterpret_cast<RefcBinary*>(b.box_ptr()[2]);
  EXPECT_EQ(refcount_of(b), 1u);

  Word size = copy_size(b);
  EXPECT_EQ(size, kProcBinWords);
  std::vector<std::vector<Word>> buffers;
  std::vector<Word*> chains;
  for (int i = 0; i < 3; ++i) {
    buffers.emplace_back(size + kGuardWords, kCanary);
    Word* hp = buffers.back().data();
    Word* proc_bins = nullptr;
    Term c = copy_term(b, hp, proc_bins);
    EXPECT_EQ(hp, buffers.back().data() + size);
    EXPECT_EQ(buffers.back()[size], kCanary);
    ASSERT_EQ(c.box_kind(), BoxKind::RefcBin);
    // The ProcBin is the copy's own object, the storage is shared.
    EXPECT_EQ(c.box_ptr(), buffers.back().data());
    EXPECT_EQ(reinterpret_cast<RefcBinary*>(c.box_ptr()[2]), storage);
    EXPECT_EQ(c.box_ptr()[1], b.box_ptr()[1]);
    EXPECT_TRUE(exact_equal(b, c));
    // The chain holds exactly the copy's ProcBin.
    EXPECT_EQ(proc_bins, c.box_ptr());
    EXPECT_EQ(chain_length(proc_bins), 1u);
    EXPECT_EQ(refcount_of(b), static_cast<std::uint64_t>(2 + i));
    chains.push_back(proc_bins);
  }
  for (std::size_t i = 0; i < chains.size(); ++i) {
    release_proc_bins(chains[i]);
    EXPECT_EQ(refcount_of(b), 3 - i);
  }
  EXPECT_EQ(refcount_of(b), 1u);  // the source heap's own reference
}

TEST_F(CopyTest, RefcBinariesInsideATermAreAllChained) {
  Term b1 = bin(100, 'x');
  Term b2 = bin(1000, 'y');
  Term t = T({b1, L({b2, b1}), I(5)});
  Copy& c = copy(t);
  EXPECT_EQ(c.size, 4 + 2 * kConsWords + 3 * kProcBinWords);
  EXPECT_EQ(chain_length(c.proc_bins), 3u);
  EXPECT_EQ(refcount_of(b1), 3u);
  EXPECT_EQ(refcount_of(b2), 2u);
  // Every ProcBin in the chain lies inside the copy.
  for (Word* pb = c.proc_bins; pb != nullptr; pb = reinterpret_cast<Word*>(pb[3])) {
    EXPECT_TRUE(c.inside(pb));
    EXPECT_EQ(header_kind(pb[0]), BoxKind::RefcBin);
  }
  release_proc_bins(c.proc_bins);
  c.proc_bins = nullptr;
  EXPECT_EQ(refcount_of(b1), 1u);
  EXPECT_EQ(refcount_of(b2), 1u);
}

TEST_F(CopyTest, CopyOutlivesItsSource) {
  // The source heap goes away first: the copy's reference keeps the storage
  // alive, and releasing the copy's chain drops the last reference (freeing
  // it; a leak or double free shows under ASan/LSan).
  std::vector<Word> buf;
  Word* proc_bins = nullptr;
  Term c;
  RefcBinary* storage = nullptr;
  {
    Process q{vm, 2};
    Term b = make_binary(q, std::string(200, 'z'));
    storage = reinterpret_cast<RefcBinary*>(b.box_ptr()[2]);
    buf.resize(copy_size(b));
    Word* hp = buf.data();
    c = copy_term(b, hp, proc_bins);
    EXPECT_EQ(storage->refcount, 2u);
  }
  EXPECT_EQ(storage->refcount, 1u);
  EXPECT_EQ(bit_view(c).byte_size(), 200u);
  EXPECT_EQ(bit_view(c).data[199], 'z');
  release_proc_bins(proc_bins);
  release_proc_bins(nullptr);  // an empty chain is fine
}

TEST_F(CopyTest, SubBinaries) {
  // Over a heap binary: byte-aligned and not.
  Term hb = bin(20);
  Term s1 = sub_bin(hb, 16, 64);
  Copy& c1 = copy(s1);
  EXPECT_EQ(c1.size, kSubBinWords + heap_bin_words(20));
  ASSERT_EQ(c1.term.box_kind(), BoxKind::SubBin);
  Term orig1 = Term::from_raw(c1.term.box_ptr()[3]);
  EXPECT_TRUE(c1.inside(orig1.box_ptr()));
  EXPECT_EQ(c1.proc_bins, nullptr);

  Term s2 = sub_bin(hb, 3, 77);
  Copy& c2 = copy(s2);
  EXPECT_EQ(c2.term.box_ptr()[1], 77u);
  EXPECT_EQ(c2.term.box_ptr()[2], 3u);

  // Over a refc binary: the original's storage gains a reference.
  Term rb = bin(500);
  Term s3 = sub_bin(rb, 8 * 100, 8 * 200 + 5);
  EXPECT_EQ(refcount_of(rb), 1u);
  Copy& c3 = copy(s3);
  EXPECT_EQ(c3.size, kSubBinWords + kProcBinWords);
  EXPECT_EQ(refcount_of(rb), 2u);
  EXPECT_EQ(chain_length(c3.proc_bins), 1u);
  Term orig3 = Term::from_raw(c3.term.box_ptr()[3]);
  EXPECT_EQ(orig3.box_kind(), BoxKind::RefcBin);
  EXPECT_EQ(c3.proc_bins, orig3.box_ptr());
  release_proc_bins(c3.proc_bins);
  c3.proc_bins = nullptr;
  EXPECT_EQ(refcount_of(rb), 1u);
}

TEST_F(CopyTest, Funs) {
  FunEntry entry;
  entry.module = A("m");
  entry.name = A("-f/0-fun-0-");
  entry.arity = 1;
  entry.num_free = 3;
  entry.index = 0;
  entry.uniq = 42;
  Term rb = bin(90);
  Term f = fun(&entry, {T({I(1), F(2.0)}), L({I(1), I(2)}), rb});
  Copy& c = copy(f);
  EXPECT_EQ(c.size, fun_object_words(3) + 3 + kFloatWords + 2 * kConsWords + kProcBinWords);
  ASSERT_EQ(c.term.box_kind(), BoxKind::Fun);
  EXPECT_EQ(c.term.box_ptr()[1], reinterpret_cast<Word>(&entry));  // the FunEntry is code, not heap
  EXPECT_EQ(refcount_of(rb), 2u);
  EXPECT_EQ(chain_length(c.proc_bins), 1u);

  FunEntry closed;
  closed.module = A("m");
  closed.index = 1;
  Term g = fun(&closed, {});
  Copy& cg = copy(g);
  EXPECT_EQ(cg.size, fun_object_words(0));

  // Export funs (fun m:f/2): one word of payload, the ExportEntry*.
  ExportEntry* e = vm.code().export_entry(A("m"), A("f"), 2);
  Word* o = p.alloc(kExportFunWords);
  o[0] = make_header(BoxKind::Export, 1);
  o[1] = reinterpret_cast<Word>(e);
  Term ef = Term::boxed(o);
  Copy& ce = copy(ef);
  EXPECT_EQ(ce.size, kExportFunWords);
  EXPECT_EQ(ce.term.box_ptr()[1], reinterpret_cast<Word>(e));
}

TEST_F(CopyTest, MixedTermRoundTrip) {
  // Everything at once, and a copy of a copy.
  FunEntry entry;
  entry.module = A("m");
  std::vector<Term> mk, mv;
  for (int i = 0; i < 40; ++i) {
    mk.push_back(I(i));
    mv.push_back(bin(static_cast<std::size_t>(i * 3)));
  }
  Term t = T({big("123456789012345678901234567890"), F(3.25), map_from_pairs(p, mk, mv),
              L({ref(1), fun(&entry, {I(1)}), sub_bin(bin(80), 4, 300)}, A("tail")), make_string(p, "ünïcødé")});
  Copy& c1 = copy(t);
  Copy& c2 = copy(c1.term);
  EXPECT_EQ(c1.size, c2.size);
  EXPECT_TRUE(exact_equal(t, c2.term));
}

}  // namespace
}  // namespace girder::vm
