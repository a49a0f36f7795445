// Stored objects: a deep copy into one block, copied back out by memcpy and
// relocation; binaries are shared by reference count.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "vm/ets/object.h"
#include "vm/proc/process.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/vm.h"

namespace girder::vm::ets {
namespace {

std::uint64_t refcount(Term bin) {
  auto* rb = reinterpret_cast<RefcBinary*>(bin.box_ptr()[2]);
  return std::atomic_ref<std::uint64_t>(rb->refcount).load();
}

TEST(EtsObject, FlatTupleRoundTrip) {
  VM vm;
  Process p(vm, 1);
  Term t = make_tuple(p, {Term::small(1), atoms::ok, kNil});
  DbObject* o = make_object(t, 7);
  EXPECT_EQ(o->hash, 7u);
  EXPECT_EQ(o->words, 4u);
  EXPECT_EQ(o->arity(), 3u);
  EXPECT_EQ(o->element(2), atoms::ok);
  Term back = copy_out(p, o);
  EXPECT_TRUE(exact_equal(back, t));
  EXPECT_NE(back.box_ptr(), t.box_ptr());
  free_object(o);
}

TEST(EtsObject, NestedTermsRelocate) {
  VM vm;
  Process p(vm, 1);
  Term list = make_list(p, std::initializer_list<Term>{Term::small(1), make_float(p, 2.5), make_string(p, "abc")});
  Term big = make_integer_u64(p, ~std::uint64_t{0});
  Term map = map_put(p, map_new(p), atoms::ok, list);
  Term t = make_tuple(p, {atoms::error, list, big, map, make_tuple(p, {make_tuple(p, {kNil})})});
  DbObject* o = make_object(t, 0);
  // Two copies out land at different addresses and both equal the original.
  Term a = copy_out(p, o);
  Term b = copy_out(p, o);
  EXPECT_TRUE(exact_equal(a, t));
  EXPECT_TRUE(exact_equal(b, t));
  EXPECT_NE(a.box_ptr(), b.box_ptr());
  // Nothing in a copy points into the stored block.
  const Word* lo = o->data();
  const Word* hi = o->data() + o->words;
  Term inner = a.element(1);
  EXPECT_TRUE(inner.cons_ptr() < lo || inner.cons_ptr() >= hi);
  free_object(o);
  EXPECT_TRUE(exact_equal(a, t));
}

TEST(EtsObject, ImmediateRoot) {
  VM vm;
  Process p(vm, 1);
  DbObject* o = make_object(atoms::ok, 0);
  EXPECT_EQ(o->words, 0u);
  EXPECT_EQ(copy_out(p, o), atoms::ok);
  free_object(o);
}

TEST(EtsObject, BinariesAreSharedByReference) {
  VM vm;
  Process p(vm, 1);
  std::string bytes(1000, 'x');
  Term bin = make_binary(p, bytes);
  ASSERT_TRUE(bin.is_box_of(BoxKind::RefcBin));
  EXPECT_EQ(refcount(bin), 1u);
  Term t = make_tuple(p, {atoms::ok, bin});
  DbObject* o = make_object(t, 0);
  EXPECT_EQ(refcount(bin), 2u);  // the table's reference
  Term out = copy_out(p, o);
  EXPECT_EQ(refcount(bin), 3u);  // the copy's, linked into p's heap
  EXPECT_TRUE(exact_equal(out, t));
  free_object(o);
  EXPECT_EQ(refcount(bin), 2u);
}

TEST(EtsObject, ReplacedElements) {
  VM vm;
  Process p(vm, 1);
  Term t = make_tuple(p, {atoms::ok, Term::small(1), Term::small(2)});
  DbObject* o = make_object(t, 3);
  Word pos[] = {3};
  Term val[] = {make_string(p, "new")};
  DbObject* n = make_object_with(o->root, o->hash, pos, val, 1);
  EXPECT_TRUE(exact_equal(copy_out(p, n), make_tuple(p, {atoms::ok, Term::small(1), val[0]})));
  EXPECT_EQ(n->hash, 3u);
  free_object(o);
  free_object(n);
}

}  // namespace
}  // namespace girder::vm::ets
