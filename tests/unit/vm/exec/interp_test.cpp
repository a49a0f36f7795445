// The interpreter's instruction handlers (vm/exec/interp.cpp), area by area:
// small modules assembled by hand (so each test runs exactly the instruction
// it names), loaded and run in a process to completion. Every call runs
// under the interpreter and, where the machine has the JIT, under native
// code and native code with every instruction stepped; all three must agree.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "tests/unit/vm/exec/exec_test_util.h"
#include "vm/term/binary.h"

namespace girder::exec_test {
namespace {

class InterpTest : public ::testing::Test {
 protected:
  InterpTest() {
    vms_.push_back(std::make_unique<TestVM>(ExecMode::Interp));
    if (jit::available()) {
      vms_.push_back(std::make_unique<TestVM>(ExecMode::Jit));
      vms_.push_back(std::make_unique<TestVM>(ExecMode::JitStep));
    }
  }

  void load(const ModuleBuilder& b) {
    module_ = b.module().atoms[0];
    for (auto& v : vms_) v->load_or_fail(b.module());
  }

  // module:fn(Args) under every mode; the interpreter's outcome, after
  // checking the others agree with it.
  Outcome call(const std::string& fn, std::vector<TermFn> args = {}) {
    Outcome want = vms_[0]->call(module_, fn, Args(args));
    for (std::size_t i = 1; i < vms_.size(); ++i) {
      Outcome got = vms_[i]->call(module_, fn, Args(args));
      EXPECT_EQ(got.value, want.value) << mode_name(vms_[i]->mode()) << " disagrees with the interpreter on " << fn;
      EXPECT_EQ(got.frame, want.frame) << mode_name(vms_[i]->mode()) << " stack frame, " << fn;
    }
    return want;
  }
  std::string value(const std::string& fn, std::vector<TermFn> args = {}) { return call(fn, std::move(args)).value; }

  std::vector<std::uint8_t> etf(const TermFn& t) { return vms_[0]->etf_of(t); }

  // label: move Atom, x0; return
  static void return_atom(ModuleBuilder& b, int label, const char* atom) {
    b.bind(label);
    b.emit(Opcode::move, {b.atom(atom), X(0)});
    b.emit(Opcode::return_);
  }

  std::vector<std::unique_ptr<TestVM>> vms_;
  std::string module_;
};

constexpr vm::SWord kMax = vm::kSmallMax;  // 576460752303423487
constexpr vm::SWord kMin = vm::kSmallMin;
// The location of a frame in a module without line information: the
// source file only ("m.erl", which ~w prints as a list).
const std::string kLoc = "[{file,[109,46,101,114,108]}]";

TEST_F(InterpTest, HarnessRunsEveryMode) {
  // If the JIT is there, the other two VMs really run native code.
  for (auto& v : vms_) EXPECT_EQ(v->native(), v->mode() != ExecMode::Interp) << mode_name(v->mode());
  ModuleBuilder b("m");
  b.function("id", 1);
  b.emit(Opcode::return_);
  load(b);
  EXPECT_EQ(value("id", {TTuple({TAtom("ok"), TList({TInt(1), TFloat(2.5)})})}), "{ok,[1,2.5]}");
}

// --- moves ---------------------------------------------------------------

TEST_F(InterpTest, MoveAndSwapBetweenXAndY) {
  ModuleBuilder b("m");
  b.function("f", 2);
  b.emit(Opcode::allocate, {Int(2), Int(2)});
  b.emit(Opcode::move, {X(0), Y(0)});
  b.emit(Opcode::move, {X(1), Y(1)});
  b.emit(Opcode::swap, {Y(0), Y(1)});  // y0 = B, y1 = A
  b.emit(Opcode::swap, {X(0), X(1)});  // x0 = B, x1 = A
  b.emit(Opcode::move, {X(0), X(2)});  // x2 = B
  b.emit(Opcode::swap, {X(2), Y(1)});  // x2 = A, y1 = B
  b.emit(Opcode::move, {Int(7), X(3)});
  b.emit(Opcode::test_heap, {Int(7), Int(4)});
  b.emit(Opcode::put_tuple, {X(0), Int(6), X(0), X(1), X(2), Y(0), Y(1), X(3)});
  b.emit(Opcode::deallocate, {Int(2)});
  b.emit(Opcode::return_);
  load(b);
  EXPECT_EQ(value("f", {TAtom("a"), TAtom("b")}), "{b,a,a,b,b,7}");
  EXPECT_EQ(value("f", {TTuple({}), TList({TInt(1)})}), "{[1],{},{},[1],[1],7}");
}

// --- arithmetic --------------------------------------------------------------

TEST_F(InterpTest, AddSubMulFastPathsOverflowToBignums) {
  ModuleBuilder b("m");
  b.function("f", 2);
  b.emit(Opcode::add, {Lbl(0), X(0), X(1), X(2)});
  b.emit(Opcode::sub, {Lbl(0), X(0), X(1), X(3)});
  b.emit(Opcode::mul, {Lbl(0), X(0), X(1), X(4)});
  b.emit(Opcode::test_heap, {Int(4), Int(5)});
  b.emit(Opcode::put_tuple, {X(0), Int(3), X(2), X(3), X(4)});
  b.emit(Opcode::return_);
  load(b);
  EXPECT_EQ(value("f", {TInt(3), TInt(4)}), "{7,-1,12}");
  EXPECT_EQ(value("f", {TInt(-3), TInt(4)}), "{1,-7,-12}");
  // Leaving the small range in each direction.
  EXPECT_EQ(value("f", {TInt(kMax), TInt(1)}), "{576460752303423488,576460752303423486,576460752303423487}");
  EXPECT_EQ(value("f", {TInt(kMin), TInt(1)}), "{-576460752303423487,-576460752303423489,-576460752303423488}");
  EXPECT_EQ(value("f", {TInt(kMax), TInt(kMax)}),
            "{1152921504606846974,0,332306998946228967073030260463239169}");
  // And coming back into it.
  EXPECT_EQ(value("f", {TBig("576460752303423488"), TInt(-1)}),
            "{576460752303423487,576460752303423489,-576460752303423488}");
  EXPECT_EQ(value("f", {TBig("18446744073709551616"), TBig("-18446744073709551616")}),
            "{0,36893488147419103232,-340282366920938463463374607431768211456}");
  // Floats, and mixed.
  EXPECT_EQ(value("f", {TFloat(1.5), TFloat(2.0)}), "{3.5,-0.5,3.0}");
  EXPECT_EQ(value("f", {TInt(1), TFloat(2.5)}), "{3.5,-1.5,2.5}");
}

TEST_F(InterpTest, ArithmeticErrorsRaiseBadarithOrTakeTheFailLabel) {
  ModuleBuilder b("m");
  b.function("plus", 2);
  b.emit(Opcode::add, {Lbl(0), X(0), X(1), X(0)});
  b.emit(Opcode::return_);
  b.function("times", 2);
  b.emit(Opcode::mul, {Lbl(0), X(0), X(1), X(0)});
  b.emit(Opcode::return_);
  // In a guard: the fail label instead of an exception.
  b.function("guarded", 2);
  int fail = b.new_label();
  b.emit(Opcode::add, {Lbl(fail), X(0), X(1), X(0)});
  b.emit(Opcode::return_);
  return_atom(b, fail, "failed");
  load(b);

  Outcome o = call("plus", {TAtom("a"), TInt(1)});
  EXPECT_EQ(o.value, "error:badarith");
  EXPECT_EQ(o.frame.rfind("{erlang,'+',[a,1],", 0), 0u) << o.frame;
  o = call("times", {TInt(2), TList({})});
  EXPECT_EQ(o.value, "error:badarith");
  EXPECT_EQ(o.frame.rfind("{erlang,'*',[2,[]],", 0), 0u) << o.frame;
  // A float overflow is badarith too (no infinities in Erlang).
  EXPECT_EQ(value("times", {TFloat(1e200), TFloat(1e200)}), "error:badarith");
  EXPECT_EQ(value("guarded", {TAtom("a"), TInt(1)}), "failed");
  EXPECT_EQ(value("guarded", {TInt(1), TInt(2)}), "3");
  EXPECT_EQ(value("guarded", {TInt(kMax), TInt(kMax)}), "1152921504606846974");
}

TEST_F(InterpTest, IntegerDivisionAndBitOperators) {
  ModuleBuilder b("m");
  b.function("f", 2);
  b.emit(Opcode::int_div, {Lbl(0), X(0), X(1), X(2)});
  b.emit(Opcode::int_rem, {Lbl(0), X(0), X(1), X(3)});
  b.emit(Opcode::band, {Lbl(0), X(0), X(1), X(4)});
  b.emit(Opcode::bor, {Lbl(0), X(0), X(1), X(5)});
  b.emit(Opcode::bxor, {Lbl(0), X(0), X(1), X(6)});
  b.emit(Opcode::bsr, {Lbl(0), X(0), X(1), X(7)});
  b.emit(Opcode::test_heap, {Int(7), Int(8)});
  b.emit(Opcode::put_tuple, {X(0), Int(6), X(2), X(3), X(4), X(5), X(6), X(7)});
  b.emit(Opcode::return_);
  load(b);
  EXPECT_EQ(value("f", {TInt(17), TInt(3)}), "{5,2,1,19,18,2}");
  // Truncating division; bsr is arithmetic (floor).
  EXPECT_EQ(value("f", {TInt(-17), TInt(3)}), "{-5,-2,3,-17,-20,-3}");
  // kSmallMin div -1 leaves the small range; bsr by -1 shifts left.
  EXPECT_EQ(value("f", {TInt(kMin), TInt(-1)}),
            "{576460752303423488,0,-576460752303423488,-1,576460752303423487,-1152921504606846976}");
  // Bignum operands take the generic path.
  EXPECT_EQ(value("f", {TBig("1267650600228229401496703205376"), TInt(98)}),
            "{12935210206410504096905134748,72,0,1267650600228229401496703205474,"
            "1267650600228229401496703205474,4}");
  // Negative bignums: two's complement for the bit operators, truncation for div/rem.
  EXPECT_EQ(value("f", {TBig("-1180591620717411303424"), TInt(3)}),
            "{-393530540239137101141,-1,0,-1180591620717411303421,-1180591620717411303421,"
            "-147573952589676412928}");
  Outcome o = call("f", {TInt(5), TInt(0)});
  EXPECT_EQ(o.value, "error:badarith");
  EXPECT_EQ(o.frame.rfind("{erlang,'div',[5,0],", 0), 0u) << o.frame;
  EXPECT_EQ(value("f", {TInt(5), TFloat(1.0)}), "error:badarith");
}

// --- BIFs in guards and bodies, and length/1 ----------------------------------

TEST_F(InterpTest, GuardBifsBranchBodyBifsRaise) {
  ModuleBuilder b("m");
  b.function("guard", 2);  // element(N, T) in a guard: failure branches
  int bad = b.new_label();
  b.emit(Opcode::bif2, {Lbl(bad), b.import("erlang", "element", 2), X(0), X(1), X(0)});
  b.emit(Opcode::return_);
  return_atom(b, bad, "bad");
  b.function("body", 2);  // element(N, T) in a body: failure raises with the BIF on top
  b.emit(Opcode::bif2, {Lbl(0), b.import("erlang", "element", 2), X(0), X(1), X(0)});
  b.emit(Opcode::return_);
  load(b);
  EXPECT_EQ(value("guard", {TInt(2), TTuple({TAtom("a"), TAtom("b")})}), "b");
  EXPECT_EQ(value("guard", {TInt(3), TTuple({TAtom("a"), TAtom("b")})}), "bad");
  EXPECT_EQ(value("guard", {TInt(1), TAtom("a")}), "bad");
  EXPECT_EQ(value("body", {TInt(1), TTuple({TFloat(0.5)})}), "0.5");
  Outcome o = call("body", {TInt(5), TTuple({TAtom("a")})});
  EXPECT_EQ(o.value, "error:badarg");
  EXPECT_EQ(o.frame.rfind("{erlang,element,[5,{a}],", 0), 0u) << o.frame;
}

TEST_F(InterpTest, LengthCountsLongListsAcrossSlices) {
  // length/1 counts 40,000 cells per reduction check: a 200,000-element
  // list makes the process yield inside the instruction and resume there.
  ModuleBuilder b("m");
  b.function("len", 1);
  b.emit(Opcode::length, {Lbl(0), Int(1), X(0), X(0)});
  b.emit(Opcode::return_);
  b.function("guarded", 2);  // {X, length(L)} or not_a_list
  int bad = b.new_label();
  b.emit(Opcode::length, {Lbl(bad), Int(2), X(1), X(1)});
  b.emit(Opcode::test_heap, {Int(3), Int(2)});
  b.emit(Opcode::put_tuple, {X(0), Int(2), X(0), X(1)});
  b.emit(Opcode::return_);
  return_atom(b, bad, "not_a_list");
  load(b);
  auto long_list = [](int n, Term tail) {
    return [n, tail](Process& p) {
      Term l = tail;
      for (int i = 0; i < n; ++i) l = vm::make_cons(p, Term::small(i), l);
      return l;
    };
  };
  EXPECT_EQ(value("len", {TNil()}), "0");
  EXPECT_EQ(value("len", {TList({TInt(1), TInt(2), TInt(3)})}), "3");
  EXPECT_EQ(value("len", {long_list(200000, vm::kNil)}), "200000");
  EXPECT_GT(vms_[0]->slices(), 1);  // it did yield inside length
  EXPECT_EQ(value("guarded", {TAtom("x"), long_list(200000, vm::kNil)}), "{x,200000}");
  EXPECT_EQ(value("guarded", {TAtom("x"), long_list(200000, Term::small(7))}), "not_a_list");
  Outcome o = call("len", {TList({TInt(1), TInt(2)}, TInt(3))});
  EXPECT_EQ(o.value, "error:badarg");
  EXPECT_EQ(o.frame.rfind("{erlang,length,[[1,2|3]],", 0), 0u) << o.frame;
}

// --- comparisons and type tests ---------------------------------------------

TEST_F(InterpTest, ComparisonsFollowTermOrder) {
  // cmp(A, B): the names of the tests that pass, last first.
  ModuleBuilder b("m");
  b.function("cmp", 2);
  b.emit(Opcode::move, {Nil(), X(2)});
  const std::pair<Opcode, const char*> tests[] = {{Opcode::is_lt, "lt"}, {Opcode::is_ge, "ge"},
                                                  {Opcode::is_eq, "eq"}, {Opcode::is_ne, "ne"},
                                                  {Opcode::is_eq_exact, "eq_exact"},
                                                  {Opcode::is_ne_exact, "ne_exact"}};
  for (const auto& [op, name] : tests) {
    int next = b.new_label();
    b.emit(op, {Lbl(next), X(0), X(1)});
    b.emit(Opcode::test_heap, {Int(2), Int(3)});
    b.emit(Opcode::put_list, {b.atom(name), X(2), X(2)});
    b.bind(next);
  }
  b.emit(Opcode::move, {X(2), X(0)});
  b.emit(Opcode::return_);
  load(b);
  EXPECT_EQ(value("cmp", {TInt(1), TInt(2)}), "[ne_exact,ne,lt]");
  EXPECT_EQ(value("cmp", {TInt(2), TInt(1)}), "[ne_exact,ne,ge]");
  EXPECT_EQ(value("cmp", {TInt(7), TInt(7)}), "[eq_exact,eq,ge]");
  EXPECT_EQ(value("cmp", {TInt(1), TFloat(1.0)}), "[ne_exact,eq,ge]");
  EXPECT_EQ(value("cmp", {TFloat(1.0), TFloat(1.0)}), "[eq_exact,eq,ge]");
  EXPECT_EQ(value("cmp", {TFloat(0.5), TInt(1)}), "[ne_exact,ne,lt]");
  EXPECT_EQ(value("cmp", {TBig("1180591620717411303424"), TInt(5)}), "[ne_exact,ne,ge]");
  EXPECT_EQ(value("cmp", {TInt(5), TBig("1180591620717411303424")}), "[ne_exact,ne,lt]");
  EXPECT_EQ(value("cmp", {TBig("1180591620717411303424"), TBig("1180591620717411303424")}), "[eq_exact,eq,ge]");
  EXPECT_EQ(value("cmp", {TAtom("a"), TInt(1)}), "[ne_exact,ne,ge]");  // number < atom
  EXPECT_EQ(value("cmp", {TAtom("a"), TAtom("b")}), "[ne_exact,ne,lt]");
  EXPECT_EQ(value("cmp", {TTuple({TInt(1), TAtom("b")}), TTuple({TInt(1), TAtom("b")})}), "[eq_exact,eq,ge]");
  EXPECT_EQ(value("cmp", {TTuple({TInt(1)}), TTuple({TFloat(1.0)})}), "[ne_exact,eq,ge]");
  EXPECT_EQ(value("cmp", {TTuple({TInt(9)}), TTuple({TInt(1), TInt(1)})}), "[ne_exact,ne,lt]");  // size first
  EXPECT_EQ(value("cmp", {TList({TInt(1), TInt(2)}), TList({TInt(1), TInt(3)})}), "[ne_exact,ne,lt]");
  EXPECT_EQ(value("cmp", {TNil(), TList({TInt(1)})}), "[ne_exact,ne,lt]");  // [] < list
  EXPECT_EQ(value("cmp", {TTuple({}), TNil()}), "[ne_exact,ne,lt]");       // tuple < []
  EXPECT_EQ(value("cmp", {TBin("ab"), TBin("ab")}), "[eq_exact,eq,ge]");
  EXPECT_EQ(value("cmp", {TBin("b"), TList({TInt(1)})}), "[ne_exact,ne,ge]");  // bitstring last
}

TEST_F(InterpTest, TypeTests) {
  // types(X): the names of the type tests X passes, last first.
  ModuleBuilder b("m");
  b.function("types", 1);
  b.emit(Opcode::move, {Nil(), X(1)});
  const std::pair<Opcode, const char*> tests[] = {
      {Opcode::is_integer, "integer"}, {Opcode::is_float, "float"},
      {Opcode::is_number, "number"},   {Opcode::is_atom, "atom"},
      {Opcode::is_boolean, "boolean"}, {Opcode::is_pid, "pid"},
      {Opcode::is_port, "port"},       {Opcode::is_reference, "reference"},
      {Opcode::is_nil, "nil"},         {Opcode::is_nonempty_list, "cons"},
      {Opcode::is_list, "list"},       {Opcode::is_tuple, "tuple"},
      {Opcode::is_binary, "binary"},   {Opcode::is_bitstring, "bitstring"},
      {Opcode::is_function, "function"}, {Opcode::is_map, "map"}};
  for (const auto& [op, name] : tests) {
    int next = b.new_label();
    b.emit(op, {Lbl(next), X(0)});
    b.emit(Opcode::test_heap, {Int(2), Int(2)});
    b.emit(Opcode::put_list, {b.atom(name), X(1), X(1)});
    b.bind(next);
  }
  b.emit(Opcode::move, {X(1), X(0)});
  b.emit(Opcode::return_);
  load(b);
  EXPECT_EQ(value("types", {TInt(1)}), "[number,integer]");
  EXPECT_EQ(value("types", {TBig("-1180591620717411303424")}), "[number,integer]");
  EXPECT_EQ(value("types", {TFloat(1.5)}), "[number,float]");
  EXPECT_EQ(value("types", {TAtom("true")}), "[boolean,atom]");
  EXPECT_EQ(value("types", {TAtom("maybe")}), "[atom]");
  EXPECT_EQ(value("types", {TNil()}), "[list,nil]");
  EXPECT_EQ(value("types", {TList({TInt(1)})}), "[list,cons]");
  EXPECT_EQ(value("types", {TList({TInt(1)}, TInt(2))}), "[list,cons]");  // improper: still a cons
  EXPECT_EQ(value("types", {TTuple({})}), "[tuple]");
  EXPECT_EQ(value("types", {TMap({})}), "[map]");
  EXPECT_EQ(value("types", {TBin("xy")}), "[bitstring,binary]");
  EXPECT_EQ(value("types", {TBin(std::string(100, 'z'))}), "[bitstring,binary]");  // refc binary
  EXPECT_EQ(value("types", {[](Process&) { return Term::pid(3); }}), "[pid]");
  EXPECT_EQ(value("types", {[](Process&) { return Term::port(3); }}), "[port]");
  EXPECT_EQ(value("types", {[](Process& p) {
              Word* r = p.alloc(vm::kRefObjectWords);
              r[0] = vm::make_header(vm::BoxKind::Ref, vm::kRefWords);
              r[1] = 1;
              r[2] = 2;
              return Term::boxed(r);
            }}),
            "[reference]");
  EXPECT_EQ(value("types", {[](Process& p) {  // a 3-bit bitstring
              unsigned char* data;
              Term base = vm::make_binary_uninit(p, 1, &data);
              data[0] = 0xA0;
              Word* sb = p.alloc(vm::kSubBinWords);
              sb[0] = vm::make_header(vm::BoxKind::SubBin, vm::kSubBinWords - 1);
              sb[1] = 3;
              sb[2] = 0;
              sb[3] = base.raw();
              return Term::boxed(sb);
            }}),
            "[bitstring]");
}

TEST_F(InterpTest, SelectValAndSelectTupleArity) {
  ModuleBuilder b("m");
  b.function("sel", 1);
  int none = b.new_label(), one = b.new_label(), foo = b.new_label(), two_f = b.new_label(), big = b.new_label(),
      nil = b.new_label(), pair = b.new_label();
  O two_float = b.literal(etf(TFloat(2.0)));
  O pair_lit = b.literal(etf(TTuple({TInt(1), TInt(2)})));
  b.emit(Opcode::select_val, {X(0), Lbl(none), Int(6), Int(1), Lbl(one), b.atom("foo"), Lbl(foo), two_float,
                              Lbl(two_f), Int(std::numeric_limits<std::int64_t>::max()), Lbl(big), Nil(), Lbl(nil),
                              pair_lit, Lbl(pair)});
  return_atom(b, one, "one");
  return_atom(b, foo, "foo");
  return_atom(b, two_f, "float_two");
  return_atom(b, big, "big");
  return_atom(b, nil, "nil");
  return_atom(b, pair, "pair");
  return_atom(b, none, "none");

  b.function("arity", 1);
  int a_none = b.new_label(), a0 = b.new_label(), a1 = b.new_label(), a3 = b.new_label();
  b.emit(Opcode::select_tuple_arity, {X(0), Lbl(a_none), Int(3), Int(0), Lbl(a0), Int(1), Lbl(a1), Int(3), Lbl(a3)});
  return_atom(b, a0, "zero");
  return_atom(b, a1, "one");
  return_atom(b, a3, "three");
  return_atom(b, a_none, "none");
  load(b);

  EXPECT_EQ(value("sel", {TInt(1)}), "one");
  EXPECT_EQ(value("sel", {TAtom("foo")}), "foo");
  EXPECT_EQ(value("sel", {TFloat(2.0)}), "float_two");
  EXPECT_EQ(value("sel", {TInt(2)}), "none");  // exact match only: 2 =/= 2.0
  EXPECT_EQ(value("sel", {TFloat(1.0)}), "none");
  EXPECT_EQ(value("sel", {TInt(std::numeric_limits<std::int64_t>::max())}), "big");
  EXPECT_EQ(value("sel", {TBig("9223372036854775806")}), "none");
  EXPECT_EQ(value("sel", {TNil()}), "nil");
  EXPECT_EQ(value("sel", {TTuple({TInt(1), TInt(2)})}), "pair");
  EXPECT_EQ(value("sel", {TTuple({TInt(1), TInt(3)})}), "none");
  EXPECT_EQ(value("sel", {TAtom("bar")}), "none");

  EXPECT_EQ(value("arity", {TTuple({})}), "zero");
  EXPECT_EQ(value("arity", {TTuple({TAtom("a")})}), "one");
  EXPECT_EQ(value("arity", {TTuple({TAtom("a"), TAtom("b"), TAtom("c")})}), "three");
  EXPECT_EQ(value("arity", {TTuple({TAtom("a"), TAtom("b")})}), "none");
  EXPECT_EQ(value("arity", {TAtom("a")}), "none");
  EXPECT_EQ(value("arity", {TList({TAtom("a")})}), "none");
}

// --- lists and tuples --------------------------------------------------------

TEST_F(InterpTest, ListInstructions) {
  // [A, B | T] -> [B, A | T]; [A | _] -> A; [] -> empty; else badmatch.
  ModuleBuilder b("m");
  b.function("f", 1);
  int not_cons = b.new_label(), single = b.new_label(), bad = b.new_label();
  b.emit(Opcode::is_nonempty_list, {Lbl(not_cons), X(0)});
  b.emit(Opcode::get_list, {X(0), X(1), X(2)});
  b.emit(Opcode::is_nonempty_list, {Lbl(single), X(2)});
  b.emit(Opcode::get_hd, {X(2), X(3)});
  b.emit(Opcode::get_tl, {X(2), X(4)});
  b.emit(Opcode::test_heap, {Int(4), Int(5)});
  b.emit(Opcode::put_list, {X(1), X(4), X(4)});
  b.emit(Opcode::put_list, {X(3), X(4), X(0)});
  b.emit(Opcode::return_);
  b.bind(single);
  b.emit(Opcode::move, {X(1), X(0)});
  b.emit(Opcode::return_);
  b.bind(not_cons);
  b.emit(Opcode::is_nil, {Lbl(bad), X(0)});
  b.emit(Opcode::move, {b.atom("empty"), X(0)});
  b.emit(Opcode::return_);
  b.bind(bad);
  b.emit(Opcode::badmatch, {X(0)});
  load(b);
  EXPECT_EQ(value("f", {TList({TInt(1), TInt(2), TInt(3)})}), "[2,1,3]");
  EXPECT_EQ(value("f", {TList({TAtom("a"), TAtom("b")}, TAtom("t"))}), "[b,a|t]");
  EXPECT_EQ(value("f", {TList({TAtom("x")})}), "x");
  EXPECT_EQ(value("f", {TList({TInt(1)}, TInt(2))}), "1");
  EXPECT_EQ(value("f", {TNil()}), "empty");
  EXPECT_EQ(value("f", {TAtom("foo")}), "error:{badmatch,foo}");
}

TEST_F(InterpTest, TupleInstructions) {
  ModuleBuilder b("m");
  b.function("f", 1);
  int not_point = b.new_label(), not_pair = b.new_label(), not_tuple = b.new_label();
  // {point, X, Y} -> {Y, X}
  b.emit(Opcode::is_tagged_tuple, {Lbl(not_point), X(0), Int(3), b.atom("point")});
  b.emit(Opcode::get_tuple_element, {X(0), Int(1), X(1)});
  b.emit(Opcode::get_tuple_element, {X(0), Int(2), X(2)});
  b.emit(Opcode::test_heap, {Int(3), Int(3)});
  b.emit(Opcode::put_tuple, {X(0), Int(2), X(2), X(1)});
  b.emit(Opcode::return_);
  // {A, B} -> {B, A, A}
  b.bind(not_point);
  b.emit(Opcode::test_arity, {Lbl(not_pair), X(0), Int(2)});
  b.emit(Opcode::get_tuple_element, {X(0), Int(0), X(1)});
  b.emit(Opcode::get_tuple_element, {X(0), Int(1), X(2)});
  b.emit(Opcode::test_heap, {Int(4), Int(3)});
  b.emit(Opcode::put_tuple, {X(0), Int(3), X(2), X(1), X(1)});
  b.emit(Opcode::return_);
  b.bind(not_pair);
  b.emit(Opcode::is_tuple, {Lbl(not_tuple), X(0)});
  b.emit(Opcode::move, {b.atom("other_tuple"), X(0)});
  b.emit(Opcode::return_);
  return_atom(b, not_tuple, "not_tuple");
  // A tuple too big for an immediate arity field in any fast path.
  b.function("wide", 1);
  std::vector<O> ops = {X(1), Int(300)};
  for (int i = 0; i < 300; ++i) ops.push_back(i == 299 ? X(0) : Int(i));
  b.emit(Opcode::test_heap, {Int(301), Int(1)});
  b.emit(Opcode::put_tuple, ops);
  b.emit(Opcode::get_tuple_element, {X(1), Int(299), X(2)});
  b.emit(Opcode::get_tuple_element, {X(1), Int(150), X(3)});
  b.emit(Opcode::test_heap, {Int(3), Int(4)});
  b.emit(Opcode::put_tuple, {X(0), Int(2), X(2), X(3)});
  b.emit(Opcode::return_);
  load(b);
  EXPECT_EQ(value("f", {TTuple({TAtom("point"), TInt(1), TInt(2)})}), "{2,1}");
  EXPECT_EQ(value("f", {TTuple({TAtom("a"), TAtom("b")})}), "{b,a,a}");
  EXPECT_EQ(value("f", {TTuple({TAtom("point"), TInt(1)})}), "{1,point,point}");
  EXPECT_EQ(value("f", {TTuple({TAtom("other"), TInt(1), TInt(2)})}), "other_tuple");
  EXPECT_EQ(value("f", {TTuple({})}), "other_tuple");
  EXPECT_EQ(value("f", {TList({TInt(1), TInt(2)})}), "not_tuple");
  EXPECT_EQ(value("wide", {TAtom("last")}), "{last,150}");
}

// --- maps ------------------------------------------------------------------

TEST_F(InterpTest, MapInstructions) {
  ModuleBuilder b("m");
  O empty = b.literal(etf(TMap({})));
  b.function("new", 0);
  b.emit(Opcode::put_map_assoc, {Lbl(0), empty, X(0), Int(0), Int(2), b.atom("b"), Int(2), b.atom("a"), Int(1)});
  b.emit(Opcode::return_);
  b.function("assoc", 3);  // M#{K => V}
  b.emit(Opcode::put_map_assoc, {Lbl(0), X(0), X(0), Int(3), Int(1), X(1), X(2)});
  b.emit(Opcode::return_);
  b.function("update", 2);  // M#{a := V}
  b.emit(Opcode::put_map_exact, {Lbl(0), X(0), X(0), Int(2), Int(1), b.atom("a"), X(1)});
  b.emit(Opcode::return_);
  b.function("guarded", 1);  // M#{a := 0} in a guard
  int g_fail = b.new_label();
  b.emit(Opcode::put_map_exact, {Lbl(g_fail), X(0), X(0), Int(1), Int(1), b.atom("a"), Int(0)});
  b.emit(Opcode::return_);
  return_atom(b, g_fail, "fail");
  b.function("get", 1);  // #{a := A, b := B} -> {A, B}
  int missing = b.new_label();
  b.emit(Opcode::get_map_elements, {Lbl(missing), X(0), Int(2), b.atom("a"), X(1), b.atom("b"), X(2)});
  b.emit(Opcode::test_heap, {Int(3), Int(3)});
  b.emit(Opcode::put_tuple, {X(0), Int(2), X(1), X(2)});
  b.emit(Opcode::return_);
  return_atom(b, missing, "missing");
  b.function("has", 1);
  int no = b.new_label();
  b.emit(Opcode::has_map_fields, {Lbl(no), X(0), Int(2), b.atom("a"), b.atom("b")});
  b.emit(Opcode::move, {b.atom("true"), X(0)});
  b.emit(Opcode::return_);
  return_atom(b, no, "false");
  // 40 keys at once: past the flat map limit (32), a hash trie.
  b.function("big", 0);
  std::vector<O> ops = {Lbl(0), empty, X(0), Int(0), Int(40)};
  for (int k = 1; k <= 40; ++k) {
    ops.push_back(Int(k));
    ops.push_back(Int(k * k));
  }
  b.emit(Opcode::put_map_assoc, ops);
  int big_missing = b.new_label();
  b.emit(Opcode::get_map_elements, {Lbl(big_missing), X(0), Int(2), Int(40), X(1), Int(33), X(2)});
  b.emit(Opcode::bif1, {Lbl(0), b.import("erlang", "map_size", 1), X(0), X(3)});
  b.emit(Opcode::test_heap, {Int(4), Int(4)});
  b.emit(Opcode::put_tuple, {X(0), Int(3), X(3), X(1), X(2)});
  b.emit(Opcode::return_);
  return_atom(b, big_missing, "missing");
  load(b);

  EXPECT_EQ(value("new"), "#{a => 1,b => 2}");
  EXPECT_EQ(value("assoc", {TMap({}), TAtom("k"), TAtom("v")}), "#{k => v}");
  EXPECT_EQ(value("assoc", {TMap({{TAtom("k"), TInt(1)}}), TAtom("k"), TInt(2)}), "#{k => 2}");
  EXPECT_EQ(value("assoc", {TMap({{TInt(1), TAtom("int")}}), TFloat(1.0), TAtom("float")}),
            "#{1 => int,1.0 => float}");  // distinct keys under =:=
  EXPECT_EQ(value("assoc", {TAtom("nomap"), TAtom("k"), TInt(1)}), "error:{badmap,nomap}");
  EXPECT_EQ(value("update", {TMap({{TAtom("a"), TInt(1)}, {TAtom("z"), TInt(2)}}), TInt(5)}), "#{a => 5,z => 2}");
  EXPECT_EQ(value("update", {TMap({{TAtom("b"), TInt(1)}}), TInt(5)}), "error:{badkey,a}");
  EXPECT_EQ(value("update", {TInt(7), TInt(5)}), "error:{badmap,7}");
  EXPECT_EQ(value("guarded", {TMap({{TAtom("a"), TInt(1)}})}), "#{a => 0}");
  EXPECT_EQ(value("guarded", {TMap({})}), "fail");
  EXPECT_EQ(value("guarded", {TAtom("x")}), "fail");
  EXPECT_EQ(value("get", {TMap({{TAtom("a"), TInt(1)}, {TAtom("b"), TInt(2)}, {TAtom("c"), TInt(3)}})}), "{1,2}");
  EXPECT_EQ(value("get", {TMap({{TAtom("a"), TInt(1)}})}), "missing");
  EXPECT_EQ(value("get", {TList({})}), "missing");
  EXPECT_EQ(value("has", {TMap({{TAtom("b"), TInt(1)}, {TAtom("a"), TInt(2)}})}), "true");
  EXPECT_EQ(value("has", {TMap({{TAtom("a"), TInt(1)}})}), "false");
  EXPECT_EQ(value("has", {TTuple({})}), "false");
  EXPECT_EQ(value("big"), "{40,1600,1089}");
}

// --- calls -------------------------------------------------------------------

class InterpCallTest : public InterpTest {
 protected:
  // m:inc/1, m:local/1 (call with a frame), m:wrap/1 (call_last),
  // m:count/2 (call_only, 100k iterations: yields between slices),
  // m:ext/1 (call_ext to a module function and to a BIF), ext_last/1,
  // ext_only/1, app/3 (apply), applist/3 (apply_list), undef/0.
  void SetUp() override {
    ModuleBuilder b("m");
    int inc = b.function("inc", 1);
    b.emit(Opcode::add, {Lbl(0), X(0), Int(1), X(0)});
    b.emit(Opcode::return_);

    b.function("local", 1);  // {X, inc(X)}
    b.emit(Opcode::allocate, {Int(1), Int(1)});
    b.emit(Opcode::move, {X(0), Y(0)});
    b.emit(Opcode::call, {Int(1), Lbl(inc)});
    b.emit(Opcode::test_heap, {Int(3), Int(1)});
    b.emit(Opcode::put_tuple, {X(0), Int(2), Y(0), X(0)});
    b.emit(Opcode::deallocate, {Int(1)});
    b.emit(Opcode::return_);

    b.function("wrap", 1);  // inc(inc(X) + X)
    b.emit(Opcode::allocate, {Int(1), Int(1)});
    b.emit(Opcode::move, {X(0), Y(0)});
    b.emit(Opcode::call, {Int(1), Lbl(inc)});
    b.emit(Opcode::add, {Lbl(0), X(0), Y(0), X(0)});
    b.emit(Opcode::call_last, {Int(1), Lbl(inc), Int(1)});

    int count = b.new_label();
    b.function("count", 2, true, count);  // count(0, Acc) -> Acc; count(N, Acc) -> count(N-1, Acc+1)
    int more = b.new_label();
    b.emit(Opcode::is_eq_exact, {Lbl(more), X(0), Int(0)});
    b.emit(Opcode::move, {X(1), X(0)});
    b.emit(Opcode::return_);
    b.bind(more);
    b.emit(Opcode::sub, {Lbl(0), X(0), Int(1), X(0)});
    b.emit(Opcode::add, {Lbl(0), X(1), Int(1), X(1)});
    b.emit(Opcode::call_only, {Int(2), Lbl(count)});

    b.function("ext", 1);  // {m:inc(X), erlang:length([X, X])}
    b.emit(Opcode::allocate, {Int(2), Int(1)});
    b.emit(Opcode::move, {X(0), Y(0)});
    b.emit(Opcode::call_ext, {Int(1), b.import("m", "inc", 1)});
    b.emit(Opcode::move, {X(0), Y(1)});
    b.emit(Opcode::test_heap, {Int(4), Int(0)});
    b.emit(Opcode::put_list, {Y(0), Nil(), X(0)});
    b.emit(Opcode::put_list, {Y(0), X(0), X(0)});
    b.emit(Opcode::call_ext, {Int(1), b.import("erlang", "length", 1)});
    b.emit(Opcode::test_heap, {Int(3), Int(1)});
    b.emit(Opcode::put_tuple, {X(0), Int(2), Y(1), X(0)});
    b.emit(Opcode::deallocate, {Int(2)});
    b.emit(Opcode::return_);

    b.function("ext_last", 1);  // m:inc(m:inc(X)) with the second a tail call
    b.emit(Opcode::allocate, {Int(0), Int(1)});
    b.emit(Opcode::call_ext, {Int(1), b.import("m", "inc", 1)});
    b.emit(Opcode::call_ext_last, {Int(1), b.import("m", "inc", 1), Int(0)});

    b.function("ext_only", 1);  // erlang:abs(X) as a tail call without a frame
    b.emit(Opcode::call_ext_only, {Int(1), b.import("erlang", "abs", 1)});

    b.function("app", 3);  // apply(M, F, [A])
    b.emit(Opcode::move, {X(0), X(3)});
    b.emit(Opcode::move, {X(1), X(4)});
    b.emit(Opcode::move, {X(2), X(0)});
    b.emit(Opcode::move, {X(3), X(1)});
    b.emit(Opcode::move, {X(4), X(2)});
    b.emit(Opcode::allocate, {Int(0), Int(3)});
    b.emit(Opcode::apply, {Int(1)});
    b.emit(Opcode::deallocate, {Int(0)});
    b.emit(Opcode::return_);

    b.function("applist", 3);  // erlang:apply(M, F, Args)
    b.emit(Opcode::apply_list_only);

    b.function("undef", 0);
    b.emit(Opcode::allocate, {Int(0), Int(0)});
    b.emit(Opcode::call_ext, {Int(0), b.import("nosuch_module", "f", 0)});
    b.emit(Opcode::deallocate, {Int(0)});
    b.emit(Opcode::return_);
    b.function("undef_fn", 1);  // a module that is loaded, a function that is not
    b.emit(Opcode::call_ext_only, {Int(1), b.import("m", "nosuch", 1)});
    load(b);
  }
};

TEST_F(InterpCallTest, LocalCalls) {
  EXPECT_EQ(value("local", {TInt(5)}), "{5,6}");
  EXPECT_EQ(value("local", {TInt(kMax)}), "{576460752303423487,576460752303423488}");
  EXPECT_EQ(value("wrap", {TInt(5)}), "12");
  // 100,000 calls: the process yields every slice and resumes in the callee.
  EXPECT_EQ(value("count", {TInt(100000), TInt(0)}), "100000");
  EXPECT_GE(vms_[0]->slices(), 100000 / 4000);
}

TEST_F(InterpCallTest, ExternalCallsReachFunctionsAndBifs) {
  EXPECT_EQ(value("ext", {TAtom("a")}), "error:badarith");
  EXPECT_EQ(value("ext", {TInt(5)}), "{6,2}");
  EXPECT_EQ(value("ext_last", {TInt(5)}), "7");
  EXPECT_EQ(value("ext_only", {TInt(-5)}), "5");
  Outcome o = call("ext_only", {TAtom("x")});
  EXPECT_EQ(o.value, "error:badarg");
  EXPECT_EQ(o.frame.rfind("{erlang,abs,[x],", 0), 0u) << o.frame;
}

TEST_F(InterpCallTest, ApplyAndApplyList) {
  EXPECT_EQ(value("app", {TAtom("m"), TAtom("inc"), TInt(41)}), "42");
  EXPECT_EQ(value("app", {TAtom("erlang"), TAtom("abs"), TInt(-3)}), "3");
  EXPECT_EQ(value("app", {TInt(1), TAtom("inc"), TInt(1)}), "error:badarg");
  Outcome o = call("app", {TAtom("m"), TAtom("nosuch"), TInt(1)});
  EXPECT_EQ(o.value, "error:undef");
  EXPECT_EQ(o.frame, "{m,nosuch,[1],[]}");
  EXPECT_EQ(value("applist", {TAtom("m"), TAtom("count"), TList({TInt(10), TInt(5)})}), "15");
  EXPECT_EQ(value("applist", {TAtom("erlang"), TAtom("max"), TList({TInt(1), TInt(9)})}), "9");
  EXPECT_EQ(value("applist", {TAtom("m"), TAtom("count"), TList({TInt(1)}, TInt(2))}), "error:badarg");
}

TEST_F(InterpCallTest, UndefinedFunctionsRaiseUndefWithTheCall) {
  Outcome o = call("undef");
  EXPECT_EQ(o.value, "error:undef");
  EXPECT_EQ(o.frame, "{nosuch_module,f,[],[]}");
  o = call("undef_fn", {TTuple({TAtom("arg")})});
  EXPECT_EQ(o.value, "error:undef");
  EXPECT_EQ(o.frame, "{m,nosuch,[{arg}],[]}");
}

TEST_F(InterpTest, FunsAndClosures) {
  ModuleBuilder b("m");
  // '-mk/1-fun-0-'(X, N) -> X + N: a lambda with one free variable.
  int body = b.new_label();
  std::int64_t lambda = b.lambda("-mk/1-fun-0-", 2, 1, body);
  int mk = b.function("mk", 1);  // mk(N) -> fun(X) -> X + N end
  b.emit(Opcode::test_heap, {Int(3), Int(1)});
  b.emit(Opcode::make_fun, {O::fun(lambda), X(0), Int(1), X(0)});
  b.emit(Opcode::return_);
  b.function("use", 1);  // (mk(N))(10), call_fun
  b.emit(Opcode::allocate, {Int(0), Int(1)});
  b.emit(Opcode::call, {Int(1), Lbl(mk)});
  b.emit(Opcode::move, {X(0), X(1)});
  b.emit(Opcode::move, {Int(10), X(0)});
  b.emit(Opcode::call_fun, {Int(1)});
  b.emit(Opcode::deallocate, {Int(0)});
  b.emit(Opcode::return_);
  b.function("use_last", 1);  // (mk(N))(20), call_fun_last
  b.emit(Opcode::allocate, {Int(0), Int(1)});
  b.emit(Opcode::call, {Int(1), Lbl(mk)});
  b.emit(Opcode::move, {X(0), X(1)});
  b.emit(Opcode::move, {Int(20), X(0)});
  b.emit(Opcode::call_fun_last, {Int(1), Int(0)});
  b.function("use_only", 1);  // (mk(N))(30), call_fun_only
  b.emit(Opcode::allocate, {Int(0), Int(1)});
  b.emit(Opcode::call, {Int(1), Lbl(mk)});
  b.emit(Opcode::deallocate, {Int(0)});
  b.emit(Opcode::move, {X(0), X(1)});
  b.emit(Opcode::move, {Int(30), X(0)});
  b.emit(Opcode::call_fun_only, {Int(1)});
  b.function("badarity", 1);  // (mk(N))(1, 2)
  b.emit(Opcode::allocate, {Int(0), Int(1)});
  b.emit(Opcode::call, {Int(1), Lbl(mk)});
  b.emit(Opcode::move, {X(0), X(2)});
  b.emit(Opcode::move, {Int(1), X(0)});
  b.emit(Opcode::move, {Int(2), X(1)});
  b.emit(Opcode::call_fun, {Int(2)});
  b.emit(Opcode::deallocate, {Int(0)});
  b.emit(Opcode::return_);
  b.function("badfun", 1);  // X(1)
  b.emit(Opcode::move, {X(0), X(1)});
  b.emit(Opcode::move, {Int(1), X(0)});
  b.emit(Opcode::call_fun_only, {Int(1)});
  b.function("arities", 1);  // [is_function(F, 1), is_function(F, 2), is_function(F)] as atoms
  b.emit(Opcode::allocate, {Int(0), Int(1)});
  b.emit(Opcode::call, {Int(1), Lbl(mk)});
  b.emit(Opcode::deallocate, {Int(0)});
  b.emit(Opcode::move, {Nil(), X(1)});
  const std::pair<Opcode, O> checks[] = {{Opcode::is_function2, Int(1)}, {Opcode::is_function2, Int(2)}};
  const char* names[] = {"arity1", "arity2"};
  for (int k = 0; k < 2; ++k) {
    int next = b.new_label();
    b.emit(checks[k].first, {Lbl(next), X(0), checks[k].second});
    b.emit(Opcode::test_heap, {Int(2), Int(2)});
    b.emit(Opcode::put_list, {b.atom(names[k]), X(1), X(1)});
    b.bind(next);
  }
  int not_fun = b.new_label();
  b.emit(Opcode::is_function, {Lbl(not_fun), X(0)});
  b.emit(Opcode::test_heap, {Int(2), Int(2)});
  b.emit(Opcode::put_list, {b.atom("function"), X(1), X(1)});
  b.bind(not_fun);
  b.emit(Opcode::move, {X(1), X(0)});
  b.emit(Opcode::return_);
  b.function("apply_closure", 1);  // apply(mk(100), Args)
  b.emit(Opcode::allocate, {Int(1), Int(1)});
  b.emit(Opcode::move, {X(0), Y(0)});
  b.emit(Opcode::move, {Int(100), X(0)});
  b.emit(Opcode::call, {Int(1), Lbl(mk)});
  b.emit(Opcode::move, {Y(0), X(1)});
  b.emit(Opcode::apply_fun_list_last, {Int(1)});
  // Export funs (fun erlang:abs/1, made by erlang:make_fun/3) go through
  // the export entry.
  b.function("efun", 2);  // (fun erlang:abs/1)(X), or with Extra as a second argument
  int one_arg = b.new_label();
  b.emit(Opcode::allocate, {Int(2), Int(2)});
  b.emit(Opcode::move, {X(0), Y(0)});
  b.emit(Opcode::move, {X(1), Y(1)});
  b.emit(Opcode::move, {b.atom("erlang"), X(0)});
  b.emit(Opcode::move, {b.atom("abs"), X(1)});
  b.emit(Opcode::move, {Int(1), X(2)});
  b.emit(Opcode::call_ext, {Int(3), b.import("erlang", "make_fun", 3)});
  b.emit(Opcode::is_ne_exact, {Lbl(one_arg), Y(1), Nil()});
  b.emit(Opcode::move, {X(0), X(2)});
  b.emit(Opcode::move, {Y(0), X(0)});
  b.emit(Opcode::move, {Y(1), X(1)});
  b.emit(Opcode::call_fun_last, {Int(2), Int(2)});
  b.bind(one_arg);
  b.emit(Opcode::move, {X(0), X(1)});
  b.emit(Opcode::move, {Y(0), X(0)});
  b.emit(Opcode::call_fun_last, {Int(1), Int(2)});
  b.function("-mk/1-fun-0-", 2, false, body);
  b.emit(Opcode::add, {Lbl(0), X(0), X(1), X(0)});
  b.emit(Opcode::return_);
  load(b);

  EXPECT_EQ(value("use", {TInt(5)}), "15");
  EXPECT_EQ(value("use_last", {TInt(5)}), "25");
  EXPECT_EQ(value("use_only", {TInt(5)}), "35");
  EXPECT_EQ(value("use", {TFloat(0.5)}), "10.5");
  EXPECT_EQ(value("arities", {TInt(1)}), "[function,arity1]");
  std::string v = value("badarity", {TInt(5)});
  EXPECT_EQ(v.rfind("error:{badarity,{#Fun<m.0.", 0), 0u) << v;
  EXPECT_NE(v.find(">,[1,2]}}"), std::string::npos) << v;
  EXPECT_EQ(value("apply_closure", {TList({TInt(5)})}), "105");
  v = value("apply_closure", {TList({TInt(1), TInt(2)})});
  EXPECT_EQ(v.rfind("error:{badarity,{#Fun<m.0.", 0), 0u) << v;
  EXPECT_EQ(value("apply_closure", {TAtom("notalist")}), "error:badarg");
  EXPECT_EQ(value("efun", {TInt(-4), TNil()}), "4");
  EXPECT_EQ(value("efun", {TFloat(-0.5), TNil()}), "0.5");
  EXPECT_EQ(value("efun", {TInt(1), TInt(2)}), "error:{badarity,{fun erlang:abs/1,[1,2]}}");
  EXPECT_EQ(value("badfun", {TAtom("foo")}), "error:{badfun,foo}");
  EXPECT_EQ(value("badfun", {TTuple({TAtom("m"), TAtom("f")})}), "error:{badfun,{m,f}}");
}

// --- exceptions ---------------------------------------------------------------

class InterpTryTest : public InterpTest {
 protected:
  // boom(Class, Reason) raises Reason as Class (throw, error, exit), or
  // returns Reason for any other class.
  void SetUp() override {
    ModuleBuilder b("m");
    int boom = b.function("boom", 2);
    int other = b.new_label(), t = b.new_label(), e = b.new_label(), x = b.new_label();
    b.emit(Opcode::select_val,
           {X(0), Lbl(other), Int(3), b.atom("throw"), Lbl(t), b.atom("error"), Lbl(e), b.atom("exit"), Lbl(x)});
    const std::pair<int, const char*> raisers[] = {{t, "throw"}, {e, "error"}, {x, "exit"}};
    for (const auto& [label, bif] : raisers) {
      b.bind(label);
      b.emit(Opcode::move, {X(1), X(0)});
      b.emit(Opcode::call_ext_only, {Int(1), b.import("erlang", bif, 1)});
    }
    b.bind(other);
    b.emit(Opcode::move, {X(1), X(0)});
    b.emit(Opcode::return_);

    // try boom(C, R) of V -> {ok, V} catch C:R -> {caught, C, R} end
    b.function("try", 2);
    int handler = b.new_label();
    b.emit(Opcode::allocate, {Int(1), Int(2)});
    b.emit(Opcode::try_, {Y(0), Lbl(handler)});
    b.emit(Opcode::call, {Int(2), Lbl(boom)});
    b.emit(Opcode::try_end, {Y(0)});
    b.emit(Opcode::test_heap, {Int(3), Int(1)});
    b.emit(Opcode::put_tuple, {X(0), Int(2), b.atom("ok"), X(0)});
    b.emit(Opcode::deallocate, {Int(1)});
    b.emit(Opcode::return_);
    b.bind(handler);
    b.emit(Opcode::try_case, {Y(0)});
    b.emit(Opcode::test_heap, {Int(4), Int(3)});
    b.emit(Opcode::put_tuple, {X(0), Int(3), b.atom("caught"), X(0), X(1)});
    b.emit(Opcode::deallocate, {Int(1)});
    b.emit(Opcode::return_);

    // try boom(C, R) catch throw:T -> {inner, T} end (others re-raised)
    int rethrow = b.function("rethrow", 2);
    int h2 = b.new_label(), reraise = b.new_label();
    b.emit(Opcode::allocate, {Int(1), Int(2)});
    b.emit(Opcode::try_, {Y(0), Lbl(h2)});
    b.emit(Opcode::call, {Int(2), Lbl(boom)});
    b.emit(Opcode::try_end, {Y(0)});
    b.emit(Opcode::deallocate, {Int(1)});
    b.emit(Opcode::return_);
    b.bind(h2);
    b.emit(Opcode::try_case, {Y(0)});
    b.emit(Opcode::is_eq_exact, {Lbl(reraise), X(0), b.atom("throw")});
    b.emit(Opcode::test_heap, {Int(3), Int(2)});
    b.emit(Opcode::put_tuple, {X(0), Int(2), b.atom("inner"), X(1)});
    b.emit(Opcode::deallocate, {Int(1)});
    b.emit(Opcode::return_);
    b.bind(reraise);
    b.emit(Opcode::raise, {X(0), X(1), X(2)});

    // try rethrow(C, R) catch C2:R2:S -> {outer, C2, R2, hd(S)} end
    b.function("outer", 2);
    int h3 = b.new_label();
    b.emit(Opcode::allocate, {Int(1), Int(2)});
    b.emit(Opcode::try_, {Y(0), Lbl(h3)});
    b.emit(Opcode::call, {Int(2), Lbl(rethrow)});
    b.emit(Opcode::try_end, {Y(0)});
    b.emit(Opcode::deallocate, {Int(1)});
    b.emit(Opcode::return_);
    b.bind(h3);
    b.emit(Opcode::try_case, {Y(0)});
    b.emit(Opcode::get_hd, {X(2), X(2)});
    b.emit(Opcode::test_heap, {Int(5), Int(3)});
    b.emit(Opcode::put_tuple, {X(0), Int(4), b.atom("outer"), X(0), X(1), X(2)});
    b.emit(Opcode::deallocate, {Int(1)});
    b.emit(Opcode::return_);

    // catch boom(C, R)
    b.function("catch", 2);
    int after = b.new_label();
    b.emit(Opcode::allocate, {Int(1), Int(2)});
    b.emit(Opcode::catch_, {Y(0), Lbl(after)});
    b.emit(Opcode::call, {Int(2), Lbl(boom)});
    b.bind(after);
    b.emit(Opcode::catch_end, {Y(0)});
    b.emit(Opcode::deallocate, {Int(1)});
    b.emit(Opcode::return_);
    load(b);
  }
};

TEST_F(InterpTryTest, ClassAndReasonReachTryCase) {
  EXPECT_EQ(value("try", {TAtom("throw"), TAtom("a")}), "{caught,throw,a}");
  EXPECT_EQ(value("try", {TAtom("error"), TTuple({TAtom("b"), TInt(1)})}), "{caught,error,{b,1}}");
  EXPECT_EQ(value("try", {TAtom("exit"), TAtom("c")}), "{caught,exit,c}");
  EXPECT_EQ(value("try", {TAtom("none"), TAtom("d")}), "{ok,d}");
}

TEST_F(InterpTryTest, RaiseRethrowsWithClassReasonAndTrace) {
  EXPECT_EQ(value("outer", {TAtom("throw"), TAtom("a")}), "{inner,a}");
  // The outer handler sees what boom raised: the class, the reason and the
  // stack trace (its top frame is boom's, not rethrow's).
  EXPECT_EQ(value("outer", {TAtom("error"), TAtom("b")}), "{outer,error,b,{m,boom,2," + kLoc + "}}");
  EXPECT_EQ(value("outer", {TAtom("exit"), TAtom("c")}), "{outer,exit,c,{m,boom,2," + kLoc + "}}");
  EXPECT_EQ(value("outer", {TAtom("none"), TAtom("d")}), "d");
  // Uncaught, the re-raised error ends the process with it.
  Outcome o = call("rethrow", {TAtom("error"), TAtom("b")});
  EXPECT_EQ(o.value, "error:b");
  EXPECT_EQ(o.frame, "{m,boom,2," + kLoc + "}");
}

TEST_F(InterpTryTest, CatchConvertsEachClass) {
  EXPECT_EQ(value("catch", {TAtom("throw"), TAtom("a")}), "a");
  EXPECT_EQ(value("catch", {TAtom("exit"), TAtom("b")}), "{'EXIT',b}");
  std::string v = value("catch", {TAtom("error"), TAtom("c")});
  EXPECT_EQ(v.rfind("{'EXIT',{c,[{m,boom,2," + kLoc + "}", 0), 0u) << v;
  EXPECT_EQ(value("catch", {TAtom("none"), TAtom("d")}), "d");
}

TEST_F(InterpTest, ErrorInstructions) {
  ModuleBuilder b("m");
  b.function("bm", 1);  // ok = X
  int bad = b.new_label();
  b.emit(Opcode::is_eq_exact, {Lbl(bad), X(0), b.atom("ok")});
  b.emit(Opcode::return_);
  b.bind(bad);
  b.emit(Opcode::badmatch, {X(0)});
  b.function("ce", 1);  // case X of a -> 1 end
  int a = b.new_label(), no_clause = b.new_label();
  b.emit(Opcode::select_val, {X(0), Lbl(no_clause), Int(1), b.atom("a"), Lbl(a)});
  b.bind(a);
  b.emit(Opcode::move, {Int(1), X(0)});
  b.emit(Opcode::return_);
  b.bind(no_clause);
  b.emit(Opcode::case_end, {X(0)});
  b.function("ie", 0);
  b.emit(Opcode::if_end);
  b.function("tce", 1);
  b.emit(Opcode::try_case_end, {X(0)});
  b.function("br", 1);
  b.emit(Opcode::badrecord, {X(0)});
  // fc(A, B) when is_integer(A), is_atom(B) -> {B, A}; no other clause.
  b.function("fc", 2);
  int head = b.head_label();
  b.emit(Opcode::is_integer, {Lbl(head), X(0)});
  b.emit(Opcode::is_atom, {Lbl(head), X(1)});
  b.emit(Opcode::test_heap, {Int(3), Int(2)});
  b.emit(Opcode::put_tuple, {X(0), Int(2), X(1), X(0)});
  b.emit(Opcode::return_);
  load(b);

  EXPECT_EQ(value("bm", {TAtom("ok")}), "ok");
  Outcome o = call("bm", {TTuple({TAtom("error"), TInt(1)})});
  EXPECT_EQ(o.value, "error:{badmatch,{error,1}}");
  EXPECT_EQ(o.frame, "{m,bm,1," + kLoc + "}");
  EXPECT_EQ(value("ce", {TAtom("a")}), "1");
  EXPECT_EQ(value("ce", {TAtom("zz")}), "error:{case_clause,zz}");
  EXPECT_EQ(value("ie"), "error:if_clause");
  EXPECT_EQ(value("tce", {TInt(3)}), "error:{try_clause,3}");
  EXPECT_EQ(value("br", {TTuple({TAtom("rec")})}), "error:{badrecord,{rec}}");
  EXPECT_EQ(value("fc", {TInt(1), TAtom("x")}), "{x,1}");
  // function_clause carries the arguments in the top frame.
  o = call("fc", {TAtom("a"), TInt(1)});
  EXPECT_EQ(o.value, "error:function_clause");
  EXPECT_EQ(o.frame, "{m,fc,[a,1]," + kLoc + "}");
  o = call("fc", {TInt(1), TList({TFloat(2.5)})});
  EXPECT_EQ(o.frame, "{m,fc,[1,[2.5]]," + kLoc + "}");
}

// --- binaries ------------------------------------------------------------------

TEST_F(InterpTest, BinaryConstructionAndMatching) {
  using vm::BinSegKind;
  auto seg = [](BinSegKind kind, Word flags, O value, O size, Word unit) {
    return std::vector<O>{Int(static_cast<std::int64_t>(kind)), Int(static_cast<std::int64_t>(flags)), value, size,
                          Int(static_cast<std::int64_t>(unit))};
  };
  ModuleBuilder b("m");
  // f(<<A:8, B:16/little, Rest/binary>>) -> {A, B, <<Rest/binary, A:8>>}; else nomatch
  b.function("f", 1);
  int no = b.new_label();
  b.emit(Opcode::bs_start_match, {Lbl(no), X(0), X(1)});
  b.emit(Opcode::bs_get_integer, {Lbl(no), X(1), Int(8), Nil(), Int(1), Int(0), X(2)});
  b.emit(Opcode::bs_get_integer, {Lbl(no), X(1), Int(16), Nil(), Int(1), Int(vm::kBinFlagLittle), X(3)});
  b.emit(Opcode::bs_get_binary, {Lbl(no), X(1), b.atom("all"), Int(8), Int(0), X(4)});
  b.emit(Opcode::bs_test_tail, {Lbl(no), X(1), Int(0)});
  std::vector<O> ops = {Lbl(0), Int(5), Int(2)};
  for (const O& o : seg(BinSegKind::Binary, 0, X(4), b.atom("all"), 8)) ops.push_back(o);
  for (const O& o : seg(BinSegKind::Integer, 0, X(2), Int(8), 1)) ops.push_back(o);
  ops.push_back(X(5));
  b.emit(Opcode::bs_create_bin, ops);
  b.emit(Opcode::test_heap, {Int(4), Int(6)});
  b.emit(Opcode::put_tuple, {X(0), Int(3), X(2), X(3), X(5)});
  b.emit(Opcode::return_);
  return_atom(b, no, "nomatch");
  // s(<<X:8/signed, Y:16/signed-little>>) -> {X, Y}
  b.function("s", 1);
  int s_no = b.new_label();
  b.emit(Opcode::bs_start_match, {Lbl(s_no), X(0), X(1)});
  b.emit(Opcode::bs_get_integer, {Lbl(s_no), X(1), Int(8), Nil(), Int(1), Int(vm::kBinFlagSigned), X(2)});
  b.emit(Opcode::bs_get_integer,
         {Lbl(s_no), X(1), Int(16), Nil(), Int(1), Int(vm::kBinFlagSigned | vm::kBinFlagLittle), X(3)});
  b.emit(Opcode::bs_test_tail, {Lbl(s_no), X(1), Int(0)});
  b.emit(Opcode::test_heap, {Int(3), Int(4)});
  b.emit(Opcode::put_tuple, {X(0), Int(2), X(2), X(3)});
  b.emit(Opcode::return_);
  return_atom(b, s_no, "nomatch");
  // mk(A, C, N) -> <<A:16/little, C/utf8, "a", A:N>>  (a size from a register, in bits)
  b.function("mk", 3);
  ops = {Lbl(0), Int(3), Int(4)};
  for (const O& o : seg(BinSegKind::Integer, vm::kBinFlagLittle, X(0), Int(16), 1)) ops.push_back(o);
  for (const O& o : seg(BinSegKind::Utf8, 0, X(1), Nil(), 1)) ops.push_back(o);
  for (const O& o : seg(BinSegKind::Integer, 0, Int('a'), Int(8), 1)) ops.push_back(o);
  for (const O& o : seg(BinSegKind::Integer, 0, X(0), X(2), 1)) ops.push_back(o);
  ops.push_back(X(0));
  b.emit(Opcode::bs_create_bin, ops);
  b.emit(Opcode::return_);
  load(b);

  EXPECT_EQ(value("f", {TBin(std::string("\x01\x02\x03\x04\x05", 5))}), "{1,770,<<4,5,1>>}");
  EXPECT_EQ(value("f", {TBin(std::string("\x09\x00\x01", 3))}), "{9,256,<<9>>}");
  // A refc binary (over 64 bytes) matches the same way.
  std::string long_bin(100, '\x07');
  EXPECT_EQ(value("f", {TBin(long_bin)}).rfind("{7,1799,<<7,7,7,", 0), 0u);
  EXPECT_EQ(value("f", {TBin(std::string("\x01\x02", 2))}), "nomatch");
  EXPECT_EQ(value("f", {TAtom("foo")}), "nomatch");
  EXPECT_EQ(value("s", {TBin(std::string("\xff\xfe\xff", 3))}), "{-1,-2}");
  EXPECT_EQ(value("s", {TBin(std::string("\x7f\xff\x7f", 3))}), "{127,32767}");
  EXPECT_EQ(value("s", {TBin(std::string("\x7f\xff\x7f\x00", 4))}), "nomatch");  // tail left
  EXPECT_EQ(value("mk", {TInt(0x0102), TInt(0xe9), TInt(4)}), "<<2,1,195,169,97,2:4>>");
  EXPECT_EQ(value("mk", {TInt(-1), TInt('z'), TInt(8)}), "<<255,255,122,97,255>>");
  EXPECT_EQ(value("mk", {TAtom("x"), TInt('z'), TInt(8)}), "error:badarg");
  EXPECT_EQ(value("mk", {TInt(1), TInt(-5), TInt(8)}), "error:badarg");  // not a code point
}

// --- messages ---------------------------------------------------------------------

TEST_F(InterpTest, SendToSelfAndSelectiveReceive) {
  ModuleBuilder b("m");
  O hello = b.literal(etf(TTuple({TAtom("hello"), TInt(2)})));
  O other = b.literal(etf(TTuple({TAtom("other"), TInt(1)})));
  // self() ! {other, 1}, self() ! {hello, 2},
  // receive {hello, X} -> receive Any -> {X, Any} end end
  b.function("sel", 0);
  b.emit(Opcode::bif0, {b.import("erlang", "self", 0), X(0)});
  b.emit(Opcode::move, {other, X(1)});
  b.emit(Opcode::send);
  b.emit(Opcode::bif0, {b.import("erlang", "self", 0), X(0)});
  b.emit(Opcode::move, {hello, X(1)});
  b.emit(Opcode::send);
  b.emit(Opcode::allocate, {Int(1), Int(0)});
  int loop1 = b.new_label(), wait1 = b.new_label(), next1 = b.new_label(), loop2 = b.new_label(),
      wait2 = b.new_label();
  b.bind(loop1);
  b.emit(Opcode::loop_rec, {Lbl(wait1), X(0)});
  b.emit(Opcode::is_tagged_tuple, {Lbl(next1), X(0), Int(2), b.atom("hello")});
  b.emit(Opcode::get_tuple_element, {X(0), Int(1), Y(0)});
  b.emit(Opcode::remove_message);
  b.emit(Opcode::jump, {Lbl(loop2)});
  b.bind(next1);
  b.emit(Opcode::loop_rec_end, {Lbl(loop1)});
  b.bind(wait1);
  b.emit(Opcode::wait, {Lbl(loop1)});
  b.bind(loop2);
  b.emit(Opcode::loop_rec, {Lbl(wait2), X(0)});
  b.emit(Opcode::remove_message);
  b.emit(Opcode::test_heap, {Int(3), Int(1)});
  b.emit(Opcode::put_tuple, {X(0), Int(2), Y(0), X(0)});
  b.emit(Opcode::deallocate, {Int(1)});
  b.emit(Opcode::return_);
  b.bind(wait2);
  b.emit(Opcode::wait, {Lbl(loop2)});
  // send(Dest, Msg) -> Dest ! Msg
  b.function("send", 2);
  b.emit(Opcode::send);
  b.emit(Opcode::return_);
  // receive M -> M after 0 -> empty end
  b.function("poll", 0);
  int loop = b.new_label(), timeout = b.new_label();
  b.bind(loop);
  b.emit(Opcode::loop_rec, {Lbl(timeout), X(0)});
  b.emit(Opcode::remove_message);
  b.emit(Opcode::return_);
  b.bind(timeout);
  b.emit(Opcode::wait_timeout, {Lbl(loop), Int(0)});
  b.emit(Opcode::timeout);
  b.emit(Opcode::move, {b.atom("empty"), X(0)});
  b.emit(Opcode::return_);
  // receive M -> M end
  b.function("recv", 0);
  int rloop = b.new_label(), rwait = b.new_label();
  b.bind(rloop);
  b.emit(Opcode::loop_rec, {Lbl(rwait), X(0)});
  b.emit(Opcode::remove_message);
  b.emit(Opcode::return_);
  b.bind(rwait);
  b.emit(Opcode::wait, {Lbl(rloop)});
  load(b);

  EXPECT_EQ(value("sel"), "{2,{other,1}}");
  EXPECT_EQ(value("poll"), "empty");
  Outcome o = call("send", {TAtom("nobody_registered"), TAtom("hi")});
  EXPECT_EQ(o.value, "error:badarg");
  EXPECT_EQ(o.frame.rfind("{erlang,send,[nobody_registered,hi],", 0), 0u) << o.frame;
  EXPECT_EQ(value("send", {[](Process& p) { return p.self(); }, TAtom("hi")}), "hi");

  // A process waiting in receive resumes when a message arrives, under each mode.
  for (auto& v : vms_) {
    Process& p = v->spawn("m", "recv");
    EXPECT_EQ(v->run(p), vm::RunResult::Waiting) << mode_name(v->mode());
    v->send(p, TTuple({TAtom("late"), TList({TInt(1), TInt(2)})}));
    EXPECT_EQ(v->outcome(p, v->run(p)).value, "{late,[1,2]}") << mode_name(v->mode());
  }
}

// --- the heap under running code -------------------------------------------------

TEST_F(InterpTest, HeapChecksCollectWhileLoopsBuildAndWalk) {
  // run(N): build [{1}, ..., {N}] tail-recursively (a test_heap per
  // element: the collector runs many times with live X registers and a
  // frame below), then sum the elements.
  ModuleBuilder b("m");
  int build = b.new_label(), sum = b.new_label();
  b.function("run", 1);
  b.emit(Opcode::allocate, {Int(1), Int(1)});
  b.emit(Opcode::move, {X(0), Y(0)});
  b.emit(Opcode::move, {Nil(), X(1)});
  b.emit(Opcode::call, {Int(2), Lbl(build)});
  b.emit(Opcode::move, {Int(0), X(1)});
  b.emit(Opcode::call, {Int(2), Lbl(sum)});
  b.emit(Opcode::test_heap, {Int(3), Int(1)});
  b.emit(Opcode::put_tuple, {X(0), Int(2), Y(0), X(0)});
  b.emit(Opcode::deallocate, {Int(1)});
  b.emit(Opcode::return_);
  b.function("build", 2, false, build);
  int more = b.new_label();
  b.emit(Opcode::is_eq_exact, {Lbl(more), X(0), Int(0)});
  b.emit(Opcode::move, {X(1), X(0)});
  b.emit(Opcode::return_);
  b.bind(more);
  b.emit(Opcode::test_heap, {Int(4), Int(2)});
  b.emit(Opcode::put_tuple, {X(2), Int(1), X(0)});
  b.emit(Opcode::put_list, {X(2), X(1), X(1)});
  b.emit(Opcode::sub, {Lbl(0), X(0), Int(1), X(0)});
  b.emit(Opcode::call_only, {Int(2), Lbl(build)});
  b.function("sum", 2, false, sum);
  int done = b.new_label();
  b.emit(Opcode::is_nonempty_list, {Lbl(done), X(0)});
  b.emit(Opcode::get_list, {X(0), X(2), X(0)});
  b.emit(Opcode::get_tuple_element, {X(2), Int(0), X(2)});
  b.emit(Opcode::add, {Lbl(0), X(1), X(2), X(1)});
  b.emit(Opcode::call_only, {Int(2), Lbl(sum)});
  b.bind(done);
  b.emit(Opcode::move, {X(1), X(0)});
  b.emit(Opcode::return_);
  load(b);
  EXPECT_EQ(value("run", {TInt(200000)}), "{200000,20000100000}");
}

}  // namespace
}  // namespace girder::exec_test
