// Binary, list, atom, ETF, phash2 and unicode BIFs against OTP 25: each case
// in bif_binary_vectors.inc holds {Module, Function, term_to_binary(Args),
// Ok?, term_to_binary(Result or error reason)}, recorded with erl. Args are
// decoded with our ETF decoder and the result is encoded back and compared
// byte for byte.
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/bif/registry.h"
#include "vm/exec/code.h"
#include "vm/proc/process.h"
#include "vm/term/build.h"
#include "vm/text/etf.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

struct BifCase {
  std::string_view module, function;
  std::vector<std::uint8_t> args;
  bool ok;
  std::vector<std::uint8_t> expected;
};

const std::vector<BifCase>& cases() {
  static const std::vector<BifCase> kCases = {
#include "tests/unit/vm/bif/binary_vectors.inc"
  };
  return kCases;
}

const BifSpec* find_bif(std::string_view m, std::string_view f, unsigned arity) {
  for (auto table : all_bif_tables())
    for (const BifSpec& s : table)
      if (s.module == m && s.name == f && s.arity == arity) return &s;
  return nullptr;
}

std::vector<std::uint8_t> encode(VM& vm, Term t) {
  std::vector<std::uint8_t> out;
  EXPECT_EQ(etf_encode(vm, t, EtfOptions{}, out), EtfError::Ok);
  return out;
}

TEST(BifBinary, OtpVectors) {
  VM vm;
  Process p(vm, 1);
  ProcessAllocator alloc(p);
  int passed = 0;
  for (const BifCase& c : cases()) {
    Term args = etf_decode(c.args, alloc, vm);
    ASSERT_TRUE(args.is_value());
    std::vector<Term> argv;
    for (Term l = args; l.is_list(); l = l.tail()) argv.push_back(l.head());
    SCOPED_TRACE(std::string(c.module) + ":" + std::string(c.function) + "/" + std::to_string(argv.size()));
    const BifSpec* bif = find_bif(c.module, c.function, static_cast<unsigned>(argv.size()));
    ASSERT_NE(bif, nullptr);
    Term r = bif->fn(p, argv.data());
    if (c.ok) {
      ASSERT_TRUE(r.is_value());
      EXPECT_EQ(encode(vm, r), c.expected);
    } else {
      ASSERT_TRUE(r.is_non_value());
      EXPECT_EQ(p.error_class(), atoms::error);
      EXPECT_EQ(encode(vm, p.error_reason()), c.expected);
    }
    ++passed;
  }
  EXPECT_GT(passed, 120);
}

TEST(BifBinary, LargePartsShareStorage) {
  VM vm;
  Process p(vm, 1);
  std::string big(1000, 'x');
  big[500] = ',';
  Term bin = make_binary(p, big);
  Term args[2] = {bin, Term::small(300)};
  const BifSpec* split = find_bif("erlang", "split_binary", 2);
  Term r = split->fn(p, args);
  ASSERT_TRUE(r.is_tuple());
  EXPECT_TRUE(r.element(0).is_box_of(BoxKind::SubBin));
  EXPECT_EQ(bit_view(r.element(1)).byte_size(), 700u);
  // A slice of a slice points at the original, not at the sub-binary.
  Term args2[2] = {r.element(1), Term::small(100)};
  Term r2 = split->fn(p, args2);
  ASSERT_TRUE(r2.is_tuple());
  Term inner = r2.element(1);
  ASSERT_TRUE(inner.is_box_of(BoxKind::SubBin));
  EXPECT_EQ(Term::from_raw(inner.box_ptr()[3]), bin);
  EXPECT_EQ(inner.box_ptr()[2], 400u * 8);
}

// Call a BIF and follow its traps (Process::trap) to BIF continuations, as
// the interpreter would, counting the slices.
Term call_through_traps(VM& vm, Process& p, const BifSpec* bif, Term arg, int* slices = nullptr) {
  Term x[Process::kMaxTrapArgs + 1] = {arg};
  Term r = bif->fn(p, x);
  int n = 1;
  while (r.is_non_value() && p.error_class() == atoms::trap_) {
    ExportEntry* next = p.take_trap(x);
    int bif = vm.bifs().find(next->module, next->function, next->arity);
    EXPECT_GE(bif, 0);
    if (bif < 0) return kNonValue;
    r = vm.bifs().at(bif).call_fn(p, x);
    ++n;
  }
  if (slices) *slices = n;
  return r;
}

TEST(BifBinary, DeepAndLongIolists) {
  VM vm;
  Process p(vm, 1);
  // 200k-deep nesting: [[[...[1]...]]]
  Term t = make_cons(p, Term::small(1), kNil);
  for (int i = 0; i < 200000; ++i) t = make_cons(p, t, kNil);
  const BifSpec* l2b = find_bif("erlang", "list_to_binary", 1);
  int slices = 0;
  Term r = call_through_traps(vm, p, l2b, t, &slices);
  ASSERT_TRUE(r.is_bitstring());
  EXPECT_EQ(bit_view(r).byte_size(), 1u);
  EXPECT_GT(slices, 1);  // long jobs go in slices
  // 5M-element flat list.
  std::vector<Term> elems(5000000, Term::small('a'));
  Term l = make_list(p, elems);
  const BifSpec* size = find_bif("erlang", "iolist_size", 1);
  EXPECT_EQ(call_through_traps(vm, p, size, l, &slices), Term::small(5000000));
  EXPECT_EQ(slices, 5000000 / 40000 + 1);
  // lists:reverse does 40,000 elements per call, then traps to
  // lists:reverse/2 with the rest (the interpreter makes that call).
  const BifSpec* rev = find_bif("lists", "reverse", 1);
  const BifSpec* rev2 = find_bif("lists", "reverse", 2);
  Term x[Process::kMaxTrapArgs] = {l};
  Term rr = rev->fn(p, x);
  slices = 1;
  while (rr.is_non_value() && p.error_class() == atoms::trap_) {
    ExportEntry* next = p.take_trap(x);
    ASSERT_EQ(next->function, vm.atoms().intern("reverse"));
    ASSERT_EQ(next->arity, 2u);
    rr = rev2->fn(p, x);
    ++slices;
  }
  ASSERT_TRUE(rr.is_list());
  EXPECT_EQ(rr.head(), Term::small('a'));
  EXPECT_EQ(list_length(rr), 5000000);
  EXPECT_EQ(slices, (5000000 + 39999) / 40000);
}

TEST(BifLists, SubtractWithALargeRightSideUsesAMultiset) {
  // 20,000 -- 9,000: within one slice, done in C++ with the hashed bag.
  VM vm;
  Process p(vm, 1);
  std::vector<Term> a, b;
  for (int i = 0; i < 20000; ++i) a.push_back(Term::small(i));
  for (int i = 0; i < 18000; i += 2) b.push_back(Term::small(i));
  Term args[2] = {make_list(p, a), make_list(p, b)};
  const BifSpec* sub = find_bif("erlang", "--", 2);
  Term r = sub->fn(p, args);
  ASSERT_TRUE(r.is_list());
  EXPECT_EQ(list_length(r), 11000);
  EXPECT_EQ(r.head(), Term::small(1));
}

TEST(BifLists, SubtractOnLongListsTrapsToErlangCode) {
  // Longer than a slice: the BIF checks both lists and continues in
  // girder_bif:subtract/2 (preemptible Erlang code) with the same arguments.
  VM vm;
  Process p(vm, 1);
  std::vector<Term> a, b;
  for (int i = 0; i < 200000; ++i) a.push_back(Term::small(i));
  for (int i = 0; i < 200000; i += 2) b.push_back(Term::small(i));
  Term args[2] = {make_list(p, a), make_list(p, b)};
  const BifSpec* sub = find_bif("erlang", "--", 2);
  ASSERT_TRUE(sub->fn(p, args).is_non_value());
  ASSERT_EQ(p.error_class(), atoms::trap_);
  Term x[Process::kMaxTrapArgs];
  ExportEntry* next = p.take_trap(x);
  EXPECT_EQ(next->module, vm.atoms().intern("girder_bif"));
  EXPECT_EQ(next->function, vm.atoms().intern("subtract"));
  EXPECT_EQ(next->arity, 2u);
  EXPECT_EQ(x[0], args[0]);
  EXPECT_EQ(x[1], args[1]);
  // An improper list is still badarg from -- itself, before any trap.
  Term bad[2] = {args[0], make_cons(p, Term::small(1), Term::small(2))};
  EXPECT_TRUE(sub->fn(p, bad).is_non_value());
  EXPECT_EQ(p.error_class(), atoms::error);
}

}  // namespace
}  // namespace girder::vm
