// Match specifications: what compiles, what a clause returns, and the key
// a head fixes.
#include <gtest/gtest.h>

#include "vm/ets/ets.h"
#include "vm/ets/match_spec.h"
#include "vm/proc/process.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/vm.h"

namespace girder::vm::ets {
namespace {

struct Fixture {
  VM vm;
  Process p{vm, 1};
  const EtsAtoms& a = vm.ets().atoms();
  Term atom(const char* s) { return vm.atoms().intern(s); }
  Term list(std::initializer_list<Term> xs) { return make_list(p, std::span<const Term>(xs.begin(), xs.size())); }
  Term tuple(std::initializer_list<Term> xs) { return make_tuple(p, xs); }
  Term clause(Term head, Term guards, Term body) { return tuple({head, guards, body}); }
};

TEST(EtsMatchSpec, RejectsMalformed) {
  Fixture f;
  MatchSpec ms(f.a);
  EXPECT_FALSE(ms.compile(f.p, f.atom("bad")));
  EXPECT_FALSE(ms.compile(f.p, f.list({f.tuple({f.a.underscore, kNil})})));
  EXPECT_FALSE(ms.compile(f.p, f.list({f.clause(f.a.underscore, kNil, kNil)})));  // empty body
  EXPECT_FALSE(ms.compile(f.p, f.list({f.clause(f.a.underscore, kNil, f.list({f.atom("$1")}))})));  // unbound
  EXPECT_FALSE(ms.compile(f.p, f.list({f.clause(f.a.underscore, f.list({f.tuple({f.atom("nofun")})}), f.list({kTrue}))})));
  EXPECT_TRUE(ms.compile(f.p, kNil));
  EXPECT_TRUE(ms.compile(f.p, f.list({f.clause(f.a.underscore, kNil, f.list({f.a.dollar_underscore}))})));
}

TEST(EtsMatchSpec, RunsGuardsAndBodies) {
  Fixture f;
  Term d1 = f.atom("$1"), d2 = f.atom("$2");
  Term head = f.tuple({d1, d2});
  Term guard = f.tuple({f.atom(">"), d2, Term::small(10)});
  Term body = f.tuple({f.tuple({d2, d1})});
  MatchSpec ms(f.a);
  ASSERT_TRUE(ms.compile(f.p, f.list({f.clause(head, f.list({guard}), f.list({body}))})));
  DbObject* yes = make_object(f.tuple({f.atom("k"), Term::small(11)}), 0);
  DbObject* no = make_object(f.tuple({f.atom("k"), Term::small(3)}), 0);
  DbObject* other = make_object(f.tuple({f.atom("k")}), 0);
  Term r = ms.run(f.p, yes);
  EXPECT_TRUE(exact_equal(r, f.tuple({Term::small(11), f.atom("k")})));
  EXPECT_TRUE(ms.run(f.p, no).is_non_value());
  EXPECT_TRUE(ms.run(f.p, other).is_non_value());
  EXPECT_FALSE(ms.run_true(f.p, yes));  // the body is not `true`
  free_object(yes);
  free_object(no);
  free_object(other);
}

TEST(EtsMatchSpec, RepeatedVariablesAndBoundKeys) {
  Fixture f;
  Term d1 = f.atom("$1");
  MatchSpec ms(f.a);
  ASSERT_TRUE(ms.compile(f.p, f.list({f.clause(f.tuple({f.atom("key"), d1, d1}), kNil, f.list({kTrue}))})));
  EXPECT_EQ(ms.bound_key(1), f.atom("key"));
  EXPECT_TRUE(ms.bound_key(2).is_non_value());
  DbObject* same = make_object(f.tuple({f.atom("key"), Term::small(1), Term::small(1)}), 0);
  DbObject* diff = make_object(f.tuple({f.atom("key"), Term::small(1), Term::small(2)}), 0);
  EXPECT_TRUE(ms.run_true(f.p, same));
  EXPECT_FALSE(ms.run_true(f.p, diff));
  free_object(same);
  free_object(diff);
}

}  // namespace
}  // namespace girder::vm::ets
