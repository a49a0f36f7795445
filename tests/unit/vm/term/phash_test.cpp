// phash2 spot checks recorded from OTP 25 (the bulk of the phash2 vectors,
// ~100 terms of every kind, live in test_etf.cpp: OtpVectorsPhash2).
#include <gtest/gtest.h>

#include "vm/proc/process.h"
#include "vm/term/build.h"
#include "vm/term/phash.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

TEST(Phash2, Immediates) {
  VM vm;
  Process p(vm, 1);
  EXPECT_EQ(phash2_hash(vm, Term::small(0)) & ((1u << 27) - 1), 88723725u);
  EXPECT_EQ(phash2_hash(vm, Term::small(1)) & ((1u << 27) - 1), 2614250u);
  EXPECT_EQ(phash2_hash(vm, Term::small(-1)) & ((1u << 27) - 1), 44071773u);
  EXPECT_EQ(phash2_hash(vm, vm.atoms().intern("a")), 97u);
  EXPECT_EQ(phash2_hash(vm, vm.atoms().intern("abc")), 26499u);
  EXPECT_EQ(phash2_hash(vm, kNil) & ((1u << 27) - 1), 113427502u);
  // Only the pid number is hashed (serial ignored), as in OTP.
  EXPECT_EQ(phash2_hash(vm, Term::pid(85)), 461685709u);
  EXPECT_EQ(phash2_hash(vm, Term::pid(85 | (1u << 15))), 461685709u);
}

TEST(Phash2, CompoundsFromOtp) {
  VM vm;
  Process p(vm, 1);
  EXPECT_EQ(phash2_hash(vm, make_tuple(p, std::span<const Term>{})), 221703996u);
  EXPECT_EQ(phash2_hash(vm, make_cons(p, Term::small(1), Term::small(2))), 3844221178u);
  EXPECT_EQ(phash2_hash(vm, make_cons(p, Term::small(256), Term::small(2))), 3813915684u);
  EXPECT_EQ(phash2_hash(vm, make_cons(p, Term::small(1), kNil)), 2768963718u);
  EXPECT_EQ(phash2_hash(vm, make_binary(p, "")), 147926629u);
  EXPECT_EQ(phash2_hash(vm, make_binary(p, "\x01")), 881997586u);
  EXPECT_EQ(phash2_hash(vm, make_float(p, 5.0)), 2951454462u);
  EXPECT_EQ(phash2_hash(vm, make_float(p, -0.0)), phash2_hash(vm, make_float(p, 0.0)));
  Term l = make_list(p, std::vector<Term>{Term::small(1), Term::small(2), Term::small(3), Term::small(4)},
                     Term::small(5));
  EXPECT_EQ(phash2_hash(vm, l), 3371297472u);
}

TEST(Phash2, AtomHashLatin1Clutch) {
  // Latin-1 characters hash as their byte even though names are UTF-8.
  EXPECT_EQ(atom_text_hash("\xc3\xa5"), atom_text_hash("\xe5"));
}

}  // namespace
}  // namespace girder::vm
