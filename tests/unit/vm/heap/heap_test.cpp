// The process heap and its collector (vm/heap/heap.h, Process::garbage_collect
// and gc_roots): allocation and fragments, minor and major collections,
// tenuring, off-heap binaries, literals, very long and very deep terms, and
// compaction. Terms are checked by value after each collection (printed
// with ~w, or walked); addresses only where the property is about them (an
// old object does not move, a literal is not copied, sharing is kept).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "vm/exec/code.h"
#include "vm/heap/copy.h"
#include "vm/heap/heap.h"
#include "vm/proc/process.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

// A BIF job that holds one heap term (the collector must update it).
class HoldJob : public BifJob {
 public:
  explicit HoldJob(Term t) : held(t) {}
  void roots(std::vector<std::span<Term>>& out) override { out.emplace_back(&held, 1); }
  Term held;
};

// Where a continuation pointer on the stack points: code, not heap.
alignas(8) const Word kSomeCode[2] = {0, 0};

RefcBinary* storage_of(Term refc_bin) { return reinterpret_cast<RefcBinary*>(refc_bin.box_ptr()[2]); }

// Every heap object reachable from `t` lies in the young block's used part.
// A root the collector forgot to update would still print its old value
// (the previous block is kept as the next to-space), but not pass this.
bool in_young_block(Heap& h, Term t) {
  const Word* lo = h.hend() - h.young_capacity();
  const Word* hi = h.htop();
  std::vector<Term> work{t};
  while (!work.empty()) {
    Term u = work.back();
    work.pop_back();
    if (u.is_list()) {
      const Word* c = u.cons_ptr();
      if (c < lo || c + kConsWords > hi) return false;
      work.push_back(u.head());
      work.push_back(u.tail());
    } else if (u.is_boxed()) {
      const Word* o = u.box_ptr();
      if (o < lo || o + 1 + header_arity(o[0]) > hi) return false;
      Word first, last;
      boxed_term_range(o[0], first, last);
      for (Word i = first; i < last; ++i) work.push_back(Term::from_raw(o[i]));
    }
  }
  return true;
}

class HeapGcTest : public ::testing::Test {
 protected:
  ~HeapGcTest() override {
    for (Word* chain : chains_) release_proc_bins(chain);
  }

  Term I(SWord v) { return Term::small(v); }
  Term A(const char* s) { return vm.atoms().intern(s); }
  std::string text(Term t) { return write_term(vm, t); }

  // Unreachable data: n tuples with a float each.
  static void garbage(Process& p, int n) {
    for (int i = 0; i < n; ++i) make_tuple(p, {Term::small(i), make_float(p, i + 0.5)});
  }

  // A list of n tuples {I, I + 0.25, "I"}: boxed data of several kinds.
  static Term data(Process& p, int n, int base = 0) {
    Term l = kNil;
    for (int i = n - 1; i >= 0; --i) {
      l = make_cons(p, make_tuple(p, {Term::small(base + i), make_float(p, base + i + 0.25),
                                      make_string(p, std::to_string(base + i))}),
                    l);
    }
    return l;
  }

  // A full sweep with the process's roots and x[0..live).
  static void major(Process& p, Term* x, Word live, Term* e) {
    GcRoots roots = p.gc_roots(e);
    roots.registers = std::span<Term>(x, live);
    p.heap().collect(roots, 0, true);
  }

  // Another holder of a refc binary's storage (as a copy in another
  // process would be): it keeps the storage readable whatever this heap
  // does, so the test can see the heap's own reference come and go.
  void hold_elsewhere(Term bin) {
    auto& buf = buffers_.emplace_back(copy_size(bin));
    Word* hp = buf.data();
    Word* chain = nullptr;
    copy_term(bin, hp, chain);
    chains_.push_back(chain);
  }

  VM vm;

 private:
  std::vector<std::vector<Word>> buffers_;
  std::vector<Word*> chains_;
};

// --- allocation ---------------------------------------------------------------

TEST(HeapAlloc, BumpsInTheBlockThenFallsBackToFragments) {
  Heap h(128);
  EXPECT_EQ(h.young_capacity(), 128u);
  EXPECT_TRUE(h.has_room(128));
  EXPECT_FALSE(h.has_room(129));
  Word* a = h.alloc(100);
  Word* b = h.alloc(20);
  EXPECT_EQ(b, a + 100);  // bump allocation, contiguous
  EXPECT_EQ(h.words_used(), 120u);
  EXPECT_EQ(h.fragment_words(), 0u);
  EXPECT_TRUE(h.has_room(8));
  EXPECT_FALSE(h.has_room(9));

  // The block is full: a fragment, outside it.
  Word* c = h.alloc(50);
  EXPECT_TRUE(c < a || c >= a + 128);
  EXPECT_EQ(h.fragment_words(), 50u);
  EXPECT_EQ(h.words_used(), 170u);
  // The fragment has room for more (fragments are at least 256 words).
  Word* d = h.alloc(30);
  EXPECT_EQ(d, c + 50);
  // What still fits in the block comes from the block.
  Word* e = h.alloc(8);
  EXPECT_EQ(e, a + 120);
  EXPECT_FALSE(h.has_room(1));
  // A request bigger than any fragment so far gets its own.
  Word* f = h.alloc(1000);
  EXPECT_EQ(h.fragment_words(), 1080u);
  EXPECT_EQ(h.words_used(), 128u + 1080u);
  EXPECT_TRUE(h.fragments_heavy());  // fragments outweigh the young block
  // Every word handed out is writable (ASan checks the extents).
  for (Word* p : {a, b, c, d, e, f}) p[0] = 0;
  std::memset(f, 0, 1000 * sizeof(Word));
  std::memset(a, 0, 128 * sizeof(Word));
}

TEST(HeapAlloc, TinyHeapsAreRoundedUpAndRequestCollectionClosesTheBlock) {
  Heap h(1);
  EXPECT_EQ(h.young_capacity(), 8u);
  Heap g(64);
  EXPECT_TRUE(g.has_room(64));
  g.request_collection();  // erlang:garbage_collect/0: the next heap check collects
  EXPECT_FALSE(g.has_room(1));
  Word* p = g.alloc(4);  // alloc never collects: a fragment
  p[3] = 0;
  EXPECT_EQ(g.fragment_words(), 4u);
}

// --- minor collections ------------------------------------------------------------

TEST_F(HeapGcTest, MinorCollectionKeepsEveryRootAndDropsGarbage) {
  Process p(vm, 1, 4096);
  garbage(p, 100);
  Term x[4];
  x[0] = make_tuple(p, {I(1), make_list(p, std::vector<Term>{A("a"), A("b")}), make_float(p, 2.5)});
  x[1] = int_from_string(p, "123456789012345678901234567890");
  x[2] = make_tuple(p, {A("not_live")});  // beyond `live`: not a root
  garbage(p, 100);
  // A frame: continuation pointer, two terms, a catch tag, an empty slot.
  Term* e = p.stack_hi() - 6;
  e[0] = Term::from_raw(reinterpret_cast<Word>(&kSomeCode[0]));
  e[1] = make_list(p, std::vector<Term>{I(10), I(20)});
  e[2] = Term::catch_label(12345);
  e[3] = kNonValue;
  e[4] = make_string(p, "stack");
  e[5] = I(99);
  const Word frame_raw[] = {e[0].raw(), e[2].raw(), e[3].raw(), e[5].raw()};
  // The dictionary, the pending exception, the exit reason, error/2's
  // arguments, saved call arguments and a parked BIF job.
  p.dictionary() = {A("k"), make_tuple(p, {A("v"), I(1)}), make_string(p, "key2"),
                    make_list(p, std::vector<Term>{make_float(p, 1.0)})};
  p.fail(atoms::error, make_tuple(p, {A("reason"), I(7)}));
  p.error_stacktrace() = make_list(p, std::vector<Term>{make_tuple(p, {A("m"), A("f"), I(0), kNil})});
  p.set_exit_reason(make_tuple(p, {A("exit"), I(1)}));
  Term error_args = make_list(p, std::vector<Term>{I(1), make_float(p, 2.0)});
  p.set_error_args(error_args);
  p.exec().args = {make_tuple(p, {A("arg"), make_string(p, "x")})};
  Term job_term = make_tuple(p, {A("job"), make_float(p, 3.0)});
  Term job_token = p.park_job(std::make_unique<HoldJob>(job_term));
  garbage(p, 100);

  std::vector<Term> roots = {x[0], x[1], e[1], e[4]};
  for (Term t : p.dictionary()) roots.push_back(t);
  for (Term t : {p.error_reason(), p.error_stacktrace(), p.exit_reason(), p.exec().args[0]}) roots.push_back(t);
  Word live_words = 0;
  for (Term t : roots) live_words += copy_size(t);
  live_words += copy_size(error_args) + copy_size(job_term);
  Word used_before = p.heap().words_used();
  ASSERT_GT(used_before, 2 * live_words);

  p.garbage_collect(x, 2, e, 0);

  EXPECT_EQ(p.heap().gc_count(), 1u);
  EXPECT_EQ(p.heap().words_used(), live_words);  // the garbage is gone, every root survived
  EXPECT_EQ(p.heap().fragment_words(), 0u);
  std::vector<Term> moved = {x[0], x[1], e[1], e[4], p.error_reason(), p.error_stacktrace(), p.exit_reason(),
                             p.exec().args[0]};
  for (Term t : p.dictionary()) moved.push_back(t);
  for (std::size_t i = 0; i < moved.size(); ++i) EXPECT_TRUE(in_young_block(p.heap(), moved[i])) << "root " << i;
  EXPECT_EQ(text(x[0]), "{1,[a,b],2.5}");
  EXPECT_EQ(text(x[1]), "123456789012345678901234567890");
  EXPECT_EQ(text(e[1]), "[10,20]");
  EXPECT_EQ(text(e[4]), "[115,116,97,99,107]");
  // Words of the frame that are not heap terms are left as they were.
  EXPECT_EQ(e[0].raw(), frame_raw[0]);
  EXPECT_EQ(e[2].raw(), frame_raw[1]);
  EXPECT_EQ(e[3].raw(), frame_raw[2]);
  EXPECT_EQ(e[5].raw(), frame_raw[3]);
  ASSERT_EQ(p.dictionary().size(), 4u);
  EXPECT_EQ(text(p.dictionary()[1]), "{v,1}");
  EXPECT_EQ(text(p.dictionary()[2]), "[107,101,121,50]");
  EXPECT_EQ(text(p.dictionary()[3]), "[1.0]");
  EXPECT_EQ(text(p.error_reason()), "{reason,7}");
  EXPECT_EQ(text(p.error_stacktrace()), "[{m,f,0,[]}]");
  EXPECT_EQ(text(p.exit_reason()), "{exit,1}");
  std::unique_ptr<HoldJob> job = p.take_job<HoldJob>(job_token);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(text(job->held), "{job,3.0}");
  EXPECT_TRUE(in_young_block(p.heap(), job->held));
  Term args_after = p.take_error_args();
  EXPECT_EQ(text(args_after), "[1,2.0]");
  EXPECT_TRUE(in_young_block(p.heap(), args_after));
  ASSERT_EQ(p.exec().args.size(), 1u);
  EXPECT_EQ(text(p.exec().args[0]), "{arg,[120]}");

  // Collecting again (into the block the first collection left) keeps
  // exactly the same data.
  p.set_error_args(args_after);
  job_token = p.park_job(std::move(job));
  p.garbage_collect(x, 2, e, 0);
  EXPECT_EQ(p.heap().words_used(), live_words);
  EXPECT_EQ(text(x[0]), "{1,[a,b],2.5}");
  EXPECT_EQ(text(x[1]), "123456789012345678901234567890");
  EXPECT_EQ(text(e[1]), "[10,20]");
  EXPECT_EQ(text(e[4]), "[115,116,97,99,107]");
  EXPECT_EQ(text(p.dictionary()[1]), "{v,1}");
  EXPECT_EQ(text(p.dictionary()[3]), "[1.0]");
  EXPECT_EQ(text(p.error_reason()), "{reason,7}");
  EXPECT_EQ(text(p.error_stacktrace()), "[{m,f,0,[]}]");
  EXPECT_EQ(text(p.exit_reason()), "{exit,1}");
  EXPECT_EQ(text(p.take_error_args()), "[1,2.0]");
  EXPECT_EQ(text(p.exec().args[0]), "{arg,[120]}");
  job = p.take_job<HoldJob>(job_token);
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(text(job->held), "{job,3.0}");
}

TEST_F(HeapGcTest, NothingLiveLeavesAnEmptyHeapAndNeedIsHonoured) {
  Process p(vm, 1, 128);
  garbage(p, 200);  // mostly in fragments
  ASSERT_GT(p.heap().fragment_words(), 0u);
  Term x[1];
  p.garbage_collect(x, 0, p.stack_hi(), 0);
  EXPECT_EQ(p.heap().words_used(), 0u);
  EXPECT_EQ(p.heap().fragment_words(), 0u);
  // `need`: at least that much room in the young block afterwards.
  x[0] = data(p, 10);
  std::string before = text(x[0]);
  p.garbage_collect(x, 1, p.stack_hi(), 5000);
  EXPECT_TRUE(p.heap().has_room(5000));
  EXPECT_EQ(text(x[0]), before);
}

TEST_F(HeapGcTest, SharingIsPreserved) {
  Process p(vm, 1, 1024);
  Term shared = make_tuple(p, {make_float(p, 1.0), make_list(p, std::vector<Term>{I(1), I(2)})});
  Term x[1] = {make_tuple(p, {shared, shared, shared})};
  garbage(p, 20);
  Word unshared = 4 + copy_size(shared);
  p.garbage_collect(x, 1, p.stack_hi(), 0);
  EXPECT_EQ(p.heap().words_used(), unshared);  // copied once, not three times
  EXPECT_EQ(x[0].element(0), x[0].element(1));
  EXPECT_EQ(x[0].element(1), x[0].element(2));
  EXPECT_EQ(text(x[0]), "{{1.0,[1,2]},{1.0,[1,2]},{1.0,[1,2]}}");
}

TEST_F(HeapGcTest, FragmentsAreEvacuatedAndFreed) {
  Process p(vm, 1, 128);
  while (p.heap().has_room(3)) make_tuple(p, {I(0), I(0)});  // fill the block with garbage
  Term x[3];
  x[0] = data(p, 4);  // all in a fragment
  std::vector<Term> keys = {A("a"), I(2)};
  std::vector<Term> values = {make_float(p, 1.0), make_string(p, "v")};
  x[1] = map_from_pairs(p, keys, values);
  // A received message: a malloc block adopted as a young fragment.
  auto* block = static_cast<Word*>(std::malloc(4 * sizeof(Word)));
  block[0] = 0;  // a word before the payload, as a signal header would be
  block[1] = make_header(BoxKind::Tuple, 2);
  block[2] = A("adopted").raw();
  block[3] = I(42).raw();
  p.heap().adopt(block + 1, 3, block, nullptr);
  x[2] = Term::boxed(block + 1);
  ASSERT_GT(p.heap().fragment_words(), 0u);
  std::string want0 = text(x[0]), want1 = text(x[1]);
  Word live = copy_size(x[0]) + copy_size(x[1]) + 3;

  p.garbage_collect(x, 3, p.stack_hi(), 0);

  EXPECT_EQ(p.heap().fragment_words(), 0u);  // evacuated (and freed: LSan)
  EXPECT_EQ(p.heap().words_used(), live);
  for (Term t : x) EXPECT_TRUE(in_young_block(p.heap(), t));
  EXPECT_EQ(text(x[0]), want0);
  EXPECT_EQ(text(x[1]), want1);
  EXPECT_EQ(text(x[2]), "{adopted,42}");
  EXPECT_NE(x[2].box_ptr(), block + 1);

  // More survivors than the young block holds spill into overflow chunks
  // (fragments of the new heap); the next collection takes them in.
  x[0] = data(p, 60);
  want0 = text(x[0]);
  live = copy_size(x[0]) + copy_size(x[1]) + 3;
  ASSERT_GT(live, p.heap().young_capacity());
  p.garbage_collect(x, 3, p.stack_hi(), 0);
  EXPECT_EQ(p.heap().words_used(), live);
  EXPECT_EQ(text(x[0]), want0);
  EXPECT_EQ(text(x[1]), want1);
  EXPECT_EQ(text(x[2]), "{adopted,42}");
  p.garbage_collect(x, 3, p.stack_hi(), 0);
  EXPECT_EQ(p.heap().fragment_words(), 0u);
  EXPECT_EQ(p.heap().words_used(), live);
  EXPECT_EQ(text(x[0]), want0);
}

// --- generations ---------------------------------------------------------------

TEST_F(HeapGcTest, SurvivorsOfTwoCollectionsAreTenuredAndNotMovedAgain) {
  Process p(vm, 1, 1024);
  Term x[2];
  x[0] = data(p, 50);
  std::string want0 = text(x[0]);
  Word size0 = copy_size(x[0]);
  garbage(p, 50);
  p.garbage_collect(x, 1, p.stack_hi(), 0);  // 1st: copied within the young generation
  EXPECT_EQ(p.heap().old_used(), 0u);
  garbage(p, 50);
  p.garbage_collect(x, 1, p.stack_hi(), 0);  // 2nd: tenured
  EXPECT_EQ(p.heap().old_used(), size0);
  EXPECT_EQ(p.heap().words_used(), size0);
  EXPECT_EQ(text(x[0]), want0);
  const Word tenured = x[0].raw();
  garbage(p, 50);
  p.garbage_collect(x, 1, p.stack_hi(), 0);  // a minor collection leaves old objects in place
  EXPECT_EQ(x[0].raw(), tenured);
  EXPECT_EQ(p.heap().old_used(), size0);
  EXPECT_EQ(text(x[0]), want0);

  // Young data that survives two minor collections is promoted by the second.
  x[1] = data(p, 30, 1000);
  std::string want1 = text(x[1]);
  Word size1 = copy_size(x[1]);
  garbage(p, 200);  // mostly garbage: no "tenure everything next time"
  p.garbage_collect(x, 2, p.stack_hi(), 0);
  EXPECT_EQ(p.heap().old_used(), size0);
  EXPECT_EQ(p.heap().words_used(), size0 + size1);
  garbage(p, 200);
  p.garbage_collect(x, 2, p.stack_hi(), 0);
  EXPECT_EQ(p.heap().old_used(), size0 + size1);
  EXPECT_EQ(p.heap().words_used(), size0 + size1);
  const Word promoted = x[1].raw();
  p.garbage_collect(x, 2, p.stack_hi(), 0);
  EXPECT_EQ(x[1].raw(), promoted);
  EXPECT_EQ(x[0].raw(), tenured);
  EXPECT_EQ(text(x[0]), want0);
  EXPECT_EQ(text(x[1]), want1);
}

TEST_F(HeapGcTest, MajorCollectionSweepsTheOldGeneration) {
  Process p(vm, 1, 1024);
  Term x[2];
  x[0] = data(p, 40);
  x[1] = data(p, 60, 100);
  std::string want0 = text(x[0]);
  Word size0 = copy_size(x[0]), size1 = copy_size(x[1]);
  p.garbage_collect(x, 2, p.stack_hi(), 0);
  p.garbage_collect(x, 2, p.stack_hi(), 0);
  ASSERT_EQ(p.heap().old_used(), size0 + size1);
  // x1 dies. A minor collection does not look at the old generation...
  p.garbage_collect(x, 1, p.stack_hi(), 0);
  EXPECT_EQ(p.heap().old_used(), size0 + size1);
  // ...a major one does, and takes young data along.
  Term young = make_tuple(p, {A("young"), make_float(p, 0.5)});
  x[1] = young;
  garbage(p, 50);
  major(p, x, 2, p.stack_hi());
  EXPECT_EQ(p.heap().words_used(), size0 + 3 + kFloatWords);
  EXPECT_EQ(p.heap().fragment_words(), 0u);
  EXPECT_EQ(text(x[0]), want0);
  EXPECT_EQ(text(x[1]), "{young,0.5}");
  // After the sweep everything live sits in the old generation.
  EXPECT_EQ(p.heap().old_used(), size0 + 3 + kFloatWords);
  const Word raw0 = x[0].raw();
  p.garbage_collect(x, 2, p.stack_hi(), 0);
  EXPECT_EQ(x[0].raw(), raw0);
  EXPECT_EQ(text(x[1]), "{young,0.5}");
}

// --- off-heap binaries -------------------------------------------------------------

TEST_F(HeapGcTest, RefcBinariesLoseTheHeapsReferenceWhenUnreachable) {
  Process p(vm, 1, 1024);
  Term kept = make_binary(p, std::string(300, 'k'));
  Term dropped = make_binary(p, std::string(300, 'd'));
  ASSERT_EQ(kept.box_kind(), BoxKind::RefcBin);
  ASSERT_EQ(dropped.box_kind(), BoxKind::RefcBin);
  RefcBinary* ks = storage_of(kept);
  RefcBinary* ds = storage_of(dropped);
  hold_elsewhere(kept);
  hold_elsewhere(dropped);
  ASSERT_EQ(ks->refcount, 2u);
  ASSERT_EQ(ds->refcount, 2u);

  Term x[1] = {kept};
  p.garbage_collect(x, 1, p.stack_hi(), 0);
  EXPECT_EQ(ks->refcount, 2u);  // reachable: still referenced
  EXPECT_EQ(ds->refcount, 1u);  // unreachable: the heap let go
  BitView v = bit_view(x[0]);
  ASSERT_EQ(v.byte_size(), 300u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(v.data), 300), std::string(300, 'k'));
  EXPECT_EQ(storage_of(x[0]), ks);  // the ProcBin moved, the storage did not

  // Tenured, then unreachable: a minor collection does not sweep the old
  // generation's binaries, a major one does.
  p.garbage_collect(x, 1, p.stack_hi(), 0);
  ASSERT_GT(p.heap().old_used(), 0u);
  p.garbage_collect(x, 0, p.stack_hi(), 0);
  EXPECT_EQ(ks->refcount, 2u);
  major(p, x, 0, p.stack_hi());
  EXPECT_EQ(ks->refcount, 1u);
}

TEST_F(HeapGcTest, RefcBinariesInAdoptedMessagesAreSweptToo) {
  // A received message: a deep copy in a malloc block, with its ProcBin
  // chain, adopted by the heap (what remove_message does).
  Process sender(vm, 2, 1024);
  Term bin = make_binary(sender, std::string(500, 'm'));
  RefcBinary* storage = storage_of(bin);
  Term msg = make_tuple(sender, {A("data"), bin});
  Word size = copy_size(msg);
  auto* block = static_cast<Word*>(std::malloc(size * sizeof(Word)));
  Word* hp = block;
  Word* chain = nullptr;
  Term copy = copy_term(msg, hp, chain);
  ASSERT_EQ(storage->refcount, 2u);  // the sender's and the message's

  Process p(vm, 1, 256);
  p.heap().adopt(block, size, block, chain);
  Term x[1] = {copy};
  p.garbage_collect(x, 1, p.stack_hi(), 0);
  EXPECT_EQ(storage->refcount, 2u);
  EXPECT_EQ(p.heap().fragment_words(), 0u);
  ASSERT_EQ(x[0].tuple_arity(), 2u);
  BitView v = bit_view(x[0].element(1));
  ASSERT_EQ(v.byte_size(), 500u);
  EXPECT_EQ(v.data[499], 'm');
  p.garbage_collect(x, 0, p.stack_hi(), 0);
  EXPECT_EQ(storage->refcount, 1u);  // the sender's only
}

TEST_F(HeapGcTest, SubBinaryKeepsItsRefcOriginal) {
  Process p(vm, 1, 1024);
  std::string bytes;
  for (int i = 0; i < 200; ++i) bytes.push_back(static_cast<char>(i));
  Term orig = make_binary(p, bytes);
  ASSERT_EQ(orig.box_kind(), BoxKind::RefcBin);
  hold_elsewhere(orig);
  Word* sb = p.alloc(kSubBinWords);
  sb[0] = make_header(BoxKind::SubBin, kSubBinWords - 1);
  sb[1] = 8 * 20;  // bits
  sb[2] = 8 * 10;  // offset
  sb[3] = orig.raw();
  Term x[1] = {Term::boxed(sb)};
  garbage(p, 50);
  p.garbage_collect(x, 1, p.stack_hi(), 0);
  EXPECT_EQ(storage_of(orig)->refcount, 2u);
  BitView v = bit_view(x[0]);
  ASSERT_EQ(v.byte_size(), 20u);
  EXPECT_EQ(v.data[0], 10);
  EXPECT_EQ(v.data[19], 29);
  major(p, x, 1, p.stack_hi());
  EXPECT_EQ(bit_view(x[0]).data[5], 15);
  p.garbage_collect(x, 0, p.stack_hi(), 0);
  major(p, x, 0, p.stack_hi());
  EXPECT_EQ(storage_of(orig)->refcount, 1u);  // only the other holder now
}

// --- literals --------------------------------------------------------------------------

TEST_F(HeapGcTest, LiteralsAreLeftUntouched) {
  Process p(vm, 1, 256);
  LiteralArea area;  // a module's constants, outside every heap
  Word* lit = area.alloc(4);
  lit[0] = make_header(BoxKind::Tuple, 3);
  lit[1] = I(1).raw();
  lit[2] = A("lit").raw();
  lit[3] = kNil.raw();
  Term literal = Term::boxed(lit);
  Word* cell = area.alloc(2);
  cell[0] = literal.raw();
  cell[1] = kNil.raw();
  Term literal_list = Term::list(cell);
  const std::vector<Word> area_before = {lit[0], lit[1], lit[2], lit[3], cell[0], cell[1]};

  Term x[3];
  x[0] = literal;
  x[1] = make_tuple(p, {literal, make_float(p, 1.5), literal_list});
  x[2] = make_cons(p, I(0), literal_list);  // a heap list with a literal tail
  garbage(p, 50);
  p.garbage_collect(x, 3, p.stack_hi(), 0);
  p.garbage_collect(x, 3, p.stack_hi(), 0);
  major(p, x, 3, p.stack_hi());

  EXPECT_EQ(x[0], literal);
  EXPECT_EQ(x[1].element(0), literal);
  EXPECT_EQ(x[1].element(2), literal_list);
  EXPECT_EQ(x[2].tail(), literal_list);
  EXPECT_EQ(text(x[1]), "{{1,lit,[]},1.5,[{1,lit,[]}]}");
  const std::vector<Word> area_after = {lit[0], lit[1], lit[2], lit[3], cell[0], cell[1]};
  EXPECT_EQ(area_after, area_before);
  // Only the heap objects count as heap words.
  EXPECT_EQ(p.heap().words_used(), 4 + kFloatWords + kConsWords);
}

// --- big structures ----------------------------------------------------------------------

TEST_F(HeapGcTest, MillionElementListSurvivesMinorAndMajor) {
  constexpr SWord kN = 1000000;
  Process p(vm, 1);
  Term x[1] = {kNil};
  for (SWord i = kN - 1; i >= 0; --i) x[0] = make_cons(p, I(i), x[0]);
  garbage(p, 1000);
  auto check = [&](const char* when) {
    SWord i = 0;
    Term u = x[0];
    for (; u.is_list(); u = u.tail(), ++i) {
      if (u.head() != I(i)) {
        ADD_FAILURE() << when << ": element " << i << " is " << text(u.head());
        return;
      }
    }
    EXPECT_EQ(u, kNil) << when;
    EXPECT_EQ(i, kN) << when;
  };
  p.garbage_collect(x, 1, p.stack_hi(), 0);
  check("after a minor collection");
  EXPECT_EQ(p.heap().words_used(), static_cast<Word>(kN) * kConsWords);
  major(p, x, 1, p.stack_hi());
  check("after a major collection");
  EXPECT_EQ(p.heap().words_used(), static_cast<Word>(kN) * kConsWords);
}

TEST_F(HeapGcTest, DeeplyNestedTermsSurvive) {
  constexpr int kDepth = 200000;
  Process p(vm, 1);
  Term x[2];
  x[0] = make_tuple(p, {});
  x[1] = kNil;
  for (int i = 0; i < kDepth; ++i) {
    x[0] = make_tuple(p, {x[0], I(i)});   // {{{...{}...}, 1}, 2} nested through element 0
    x[1] = make_cons(p, x[1], I(i));      // [[[...[] | 0] | 1] ...] nested through heads
  }
  garbage(p, 100);
  for (int round = 0; round < 2; ++round) {
    if (round == 0) {
      p.garbage_collect(x, 2, p.stack_hi(), 0);
    } else {
      major(p, x, 2, p.stack_hi());
    }
    Term t = x[0], l = x[1];
    for (int i = kDepth - 1; i >= 0; --i) {
      ASSERT_TRUE(t.is_tuple() && t.tuple_arity() == 2) << "round " << round << " depth " << i;
      ASSERT_EQ(t.element(1), I(i));
      ASSERT_TRUE(l.is_list());
      ASSERT_EQ(l.tail(), I(i));
      t = t.element(0);
      l = l.head();
    }
    EXPECT_TRUE(t.is_tuple() && t.tuple_arity() == 0);
    EXPECT_EQ(l, kNil);
    EXPECT_EQ(p.heap().words_used(), 1 + static_cast<Word>(kDepth) * (3 + kConsWords));
  }
}

// --- compaction (hibernate) -------------------------------------------------------------------

TEST_F(HeapGcTest, CompactShrinksToTheLiveData) {
  Process p(vm, 1, 256);
  // Live data in the roots compact uses: saved arguments and the dictionary.
  p.exec().args = {data(p, 300)};
  p.dictionary() = {A("key"), data(p, 100, 500)};
  std::string want_args = text(p.exec().args[0]), want_dict = text(p.dictionary()[1]);
  Word live = copy_size(p.exec().args[0]) + copy_size(p.dictionary()[1]);
  Term x[1];
  // Collections with garbage in between: the data is tenured and the young
  // block grows.
  for (int i = 0; i < 12; ++i) {
    garbage(p, 400);
    p.garbage_collect(x, 0, p.exec().e, 0);
  }
  ASSERT_GT(p.heap().old_used(), 0u);
  garbage(p, 400);
  Word capacity_before = p.heap().young_capacity() + p.heap().old_used();

  p.compact_heap();

  EXPECT_EQ(p.heap().old_used(), 0u);  // one young block, no old generation
  EXPECT_EQ(p.heap().fragment_words(), 0u);
  EXPECT_EQ(p.heap().words_used(), live);
  EXPECT_GE(p.heap().young_capacity(), live);
  EXPECT_LE(p.heap().young_capacity(), 3 * live);
  EXPECT_LT(p.heap().young_capacity(), capacity_before);
  EXPECT_EQ(text(p.exec().args[0]), want_args);
  EXPECT_EQ(text(p.dictionary()[1]), want_dict);

  // The process goes on as usual afterwards.
  garbage(p, 400);
  p.garbage_collect(x, 0, p.exec().e, 0);
  p.garbage_collect(x, 0, p.exec().e, 0);
  EXPECT_EQ(p.heap().words_used(), live);
  EXPECT_EQ(text(p.exec().args[0]), want_args);
  EXPECT_EQ(text(p.dictionary()[1]), want_dict);
}

}  // namespace
}  // namespace girder::vm
