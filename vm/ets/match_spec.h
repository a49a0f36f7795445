// Match specifications ("Match Specifications in Erlang"): compiled from
// the term a program passes to select/2 and friends, run against stored
// objects without copying them; only what the body returns is copied onto
// the caller's heap.
//
// Supported: heads with '$N' variables, '_' and constants (tuples, lists,
// maps by key subset, any constant term); guards and bodies with '$N',
// '$_', '$$', {const, T}, {{...}} tuple construction, lists, andalso /
// orelse, and every guard-safe erlang BIF (is_integer, element, '>', '+',
// 'and', self, ...) looked up in the VM's BIF table. A guard that raises
// fails its clause; so does a body that raises. Not supported: the tracing
// functions (message, return_trace, ...) and map construction in bodies
// (a map in a body is a constant).
//
// A MatchSpec refers to the specification's term on the process heap: it
// is valid only within one BIF call (no collection happens meanwhile);
// trapping BIFs compile again at each slice.
#pragma once

#include <cstdint>
#include <vector>

#include "vm/ets/object.h"
#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {
struct BifEntry;
}

namespace girder::vm::ets {

struct EtsAtoms;

class MatchSpec {
 public:
  explicit MatchSpec(const EtsAtoms& atoms) : atoms_(atoms) {}
  // Compile `ms`; false if it is not a well-formed specification.
  bool compile(Process& p, Term ms);
  // The body's value for the first clause that matches `o`, on p's heap;
  // kNonValue if none matches.
  Term run(Process& p, const DbObject* o);
  // As run(), for select_count/select_delete: does a clause match with a
  // body whose value is `true`? (Nothing is copied.)
  bool run_true(Process& p, const DbObject* o);
  // The key every clause's head fixes (a ground term at `keypos` of a
  // tuple head), or kNonValue: then only objects with that key can match.
  Term bound_key(Word keypos) const;

 private:
  struct Clause {
    Term head;
    Term guards;  // proper list of expressions
    Term body;    // proper non-empty list of expressions
  };
  struct Var {
    Word atom;  // raw atom term of '$N'
    Word number;
  };
  int var_index(Term atom) const;
  bool collect_vars(Term t);
  bool check_expr(Process& p, Term e, int depth);
  bool is_ground(Term t) const;
  bool match(Term pat, Term val);
  bool match_clause(const Clause& c, const DbObject* o);
  // body: values of variables are copied onto p's heap; else raw.
  Term eval(Process& p, Term e, bool body);
  Term var_value(Process& p, int v, bool body);
  Term whole_object(Process& p, bool body);
  Term eval_call(Process& p, Term e, bool body);

  const EtsAtoms& atoms_;
  std::vector<Clause> clauses_;
  std::vector<Var> vars_;        // sorted by number ('$$' order)
  std::vector<Term> bound_;      // per variable: value in the object, or kNonValue
  std::vector<Term> copied_;     // per variable: copy on the heap, or kNonValue
  const DbObject* object_ = nullptr;
  Term object_copy_ = kNonValue;
};

}  // namespace girder::vm::ets
