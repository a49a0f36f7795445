// The verifier: the sample module passes; each class of bad input is refused
// with a message naming the function, instruction and problem.
#include <gtest/gtest.h>

#include "loader/verify.h"
#include "tests/unit/loader/loader_test_util.h"
#include "vm/bif/registry.h"
#include "vm/term/atom.h"

namespace girder::loader {
namespace {

using namespace testing;

class Verify : public ::testing::Test {
 protected:
  vm::AtomTable atoms;
  vm::BifTable bifs{atoms};

  std::string error_of(const AsmModule& m) {
    std::string error;
    if (verify_module(m, bifs, atoms, error)) return "<accepted>";
    return error;
  }
  void expect_error(const AsmModule& m, const std::string& fragment) {
    std::string e = error_of(m);
    EXPECT_NE(e.find(fragment), std::string::npos) << "got: " << e << "\nwanted: " << fragment;
  }
};

TEST_F(Verify, SampleModulePasses) { EXPECT_EQ(error_of(sample_module()), "<accepted>"); }

TEST_F(Verify, WrongOperandKind) {
  AsmModule m = sample_module();
  m.code[5].ops[1] = O::integer(3);
  expect_error(m, "function f/1, instruction 5 (move), operand 1: integer not allowed for kind 'd'");
  m = sample_module();
  m.code[6].ops[1] = O::x(0);  // call target must be a label
  expect_error(m, "function f/1, instruction 6 (call), operand 1: x not allowed for kind 'f'");
}

TEST_F(Verify, OperandCounts) {
  AsmModule m = sample_module();
  m.code[5].ops.pop_back();
  expect_error(m, "function f/1, instruction 5 (move): too few operands (1)");
  m = sample_module();
  m.code[5].ops.push_back(O::x(2));
  expect_error(m, "function f/1, instruction 5 (move): too many operands (3, expected 2)");
  m = sample_module();
  m.code[13].ops[1] = O::integer(4);  // put_tuple says 4 elements, has 3
  expect_error(m, "instruction 13 (put_tuple): operand 1: list of 4 items but only 3 operands follow");
  m = sample_module();
  m.code[13].ops[1] = O::integer(-1);
  expect_error(m, "list count must be a non-negative integer");
}

TEST_F(Verify, XRegisterRange) {
  AsmModule m = sample_module();
  m.code[5].ops[0] = O::x(1024);
  expect_error(m, "function f/1, instruction 5 (move), operand 0: x register 1024 out of range (max 1023)");
  m.code[5].ops[0] = O::x(-1);
  expect_error(m, "x register -1 out of range");
}

TEST_F(Verify, YSlots) {
  AsmModule m = sample_module();
  m.code[5].ops[1] = O::y(2);  // frame of 2
  expect_error(m, "function f/1, instruction 5 (move), operand 1: y2 outside the frame (largest allocate is 2)");
  m = sample_module();
  m.code[23].ops[1] = O::y(0);  // g/1 has no frame
  expect_error(m, "function g/1, instruction 23 (move), operand 1: y0 used before any allocate");
  m = sample_module();
  std::swap(m.code[4], m.code[5]);  // y0 written before the allocate
  expect_error(m, "function f/1, instruction 4 (move), operand 1: y0 used before any allocate");
  m = sample_module();
  m.code[16].ops[0] = O::integer(3);
  expect_error(m, "instruction 16 (deallocate): drops 3 slots but the largest frame is 2");
}

TEST_F(Verify, CatchSlotLimit) {
  AsmModule m = sample_module();
  m.code[4].ops[0] = O::integer(2000);
  m.code.insert(m.code.begin() + 5, I(Opcode::try_, {O::y(1500), O::label(3)}));
  expect_error(m, "function f/1, instruction 5 (try): catch slot y1500 >= 1024");
}

TEST_F(Verify, Labels) {
  AsmModule m = sample_module();
  m.code[12].ops[0] = O::label(4);  // label 4 is never defined
  expect_error(m, "function f/1, instruction 12 (is_eq_exact), operand 0: label 4 is not defined");
  m.code[12].ops[0] = O::label(11);
  expect_error(m, "label 11 out of range (label count 11)");
  m.code[12].ops[0] = O::label(7);  // a label of g/1
  expect_error(m, "function f/1, instruction 12 (is_eq_exact), operand 0: jump to label 7 in g/1 leaves the function");
  m.code[12].ops[0] = O::label(0);
  expect_error(m, "instruction 12 (is_eq_exact), operand 0: label 0 (no label) not allowed here");
  m = sample_module();
  m.code[15].ops[0] = O::integer(2);
  expect_error(m, "label 2 defined twice (instructions 3 and 15)");
  m = sample_module();
  m.label_count = 100;
  expect_error(m, "label count 100 inconsistent with 33 instructions");
}

TEST_F(Verify, CallTargets) {
  AsmModule m = sample_module();
  m.code[6].ops[1] = O::label(7);
  expect_error(m, "function f/1, instruction 6 (call), operand 1: call target label 7 is not a function entry");
  m.code[6] = I(Opcode::call, {O::integer(2), O::label(6)});
  expect_error(m, "instruction 6 (call), operand 1: calls g/1 with arity 2");
  m = sample_module();
  m.code[14].ops[0] = O::integer(3);
  expect_error(m, "instruction 14 (call_ext_last), operand 1: calls lists:reverse/1 with arity 3");
}

TEST_F(Verify, BifImports) {
  AsmModule m = sample_module();
  m.imports.push_back({0, 2, 1});
  m.code[8].ops[1] = O::import(2);
  expect_error(m, "function f/1, instruction 8 (bif1), operand 1: m:g/1 is not a BIF");
  m = sample_module();
  m.code[8] = I(Opcode::bif2, {O::label(0), O::import(0), O::x(0), O::x(1), O::x(0)});
  expect_error(m, "BIF erlang:length/1 called with 2 arguments");
  m = sample_module();
  m.code[8].ops[1] = O::import(7);
  expect_error(m, "import index 7 out of range (2 imports)");
  m.atoms.push_back("nonexistent_atom_for_test");
  m.imports.push_back({10, 10, 1});
  m.code[8].ops[1] = O::import(2);
  expect_error(m, "nonexistent_atom_for_test:nonexistent_atom_for_test/1 is not a BIF");
}

TEST_F(Verify, TableIndexes) {
  AsmModule m = sample_module();
  m.code[13].ops[3] = O::atom(99);
  expect_error(m, "function f/1, instruction 13 (put_tuple), operand 3: atom index 99 out of range (10 atoms)");
  m = sample_module();
  m.code[10].ops[0] = O::literal(2);
  expect_error(m, "instruction 10 (move), operand 0: literal index 2 out of range (2 literals)");
  m = sample_module();
  m.code[11].ops[0] = O::fun(1);
  expect_error(m, "instruction 11 (make_fun), operand 0: lambda index 1 out of range (1 lambdas)");
  m = sample_module();
  m.code[11].ops[2] = O::integer(0);
  m.code[11].ops.pop_back();
  expect_error(m, "instruction 11 (make_fun): 0 free variables but lambda 0 has 1");
  m = sample_module();
  m.imports[0].function = 50;
  expect_error(m, "import 0: atom index out of range (10 atoms)");
  m = sample_module();
  m.attributes[0].literal = 9;
  expect_error(m, "attribute 0: literal index 9 out of range (2 literals)");
}

TEST_F(Verify, ExportsAndLambdas) {
  AsmModule m = sample_module();
  m.exports[0].label = 3;
  expect_error(m, "export f/1: label 3 is not a function entry");
  m = sample_module();
  m.exports[0].function = 2;  // g/1 pointing at f/1's entry
  expect_error(m, "export g/1: label 2 is the entry of f/1");
  m = sample_module();
  m.exports.push_back(m.exports[0]);
  expect_error(m, "export f/1 listed twice");
  m = sample_module();
  m.lambdas[0].arity = 3;
  expect_error(m, "lambda 0 ('-f/1-fun-0-'/3): label 10 is the entry of '-f/1-fun-0-'/2");
  m = sample_module();
  m.lambdas[0].num_free = 5;
  m.code[11].ops[2] = O::integer(5);
  for (int k = 0; k < 4; ++k) m.code[11].ops.push_back(O::x(k));
  expect_error(m, "5 free variables exceed the arity");
}

TEST_F(Verify, FunctionLayout) {
  AsmModule m = sample_module();
  m.code.erase(m.code.begin() + 18);  // g/1's head label
  m.label_count = 11;
  expect_error(m, "function g/1, instruction 18: func_info not preceded by a label");
  m = sample_module();
  m.code.erase(m.code.begin() + 20);  // g/1's entry label
  expect_error(m, "func_info not followed by an entry label");
  m = sample_module();
  m.code.insert(m.code.begin(), I(Opcode::move, {O::x(0), O::x(1)}));
  expect_error(m, "instruction 0 (move) outside any function");
  m = sample_module();
  m.code[2].ops[0] = O::atom(6);
  expect_error(m, "function f/1, instruction 2: func_info names module foo, not m");
}

TEST_F(Verify, FallingOffTheEnd) {
  AsmModule m = sample_module();
  m.code.pop_back();  // the lambda's return
  expect_error(m, "function '-f/1-fun-0-'/2: code falls off the end (last instruction 31 is put_list");
  m = sample_module();
  m.code.push_back(I(Opcode::label, {O::integer(4)}));  // a label after the last return
  expect_error(m, "code falls off the end (last instruction 33 is label");
  // A call to erlang:error/1 ends a function.
  m = sample_module();
  m.atoms.push_back("error");
  m.imports.push_back({3, 10, 1});
  m.code.back() = I(Opcode::call_ext, {O::integer(1), O::import(2)});
  EXPECT_EQ(error_of(m), "<accepted>");
}

TEST_F(Verify, Literals) {
  AsmModule m = sample_module();
  m.literals[1] = {131, 104, 2, 97, 1};  // a 2-tuple with one element
  expect_error(m, "literal 1 does not decode: truncated term at byte 5");
  m.literals[1] = {131, 70, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0};  // +inf
  expect_error(m, "literal 1 does not decode: float is not finite");
  m.literals[1] = {104, 0};
  expect_error(m, "literal 1 does not decode: literal does not start with the version byte 131");
  m.literals[1] = {131, 108, 0xFF, 0xFF, 0xFF, 0xFF, 106};
  expect_error(m, "exceeds the bytes left");
  m.literals[1] = {131, 106, 106};
  expect_error(m, "1 trailing bytes after the term");
}

TEST_F(Verify, Atoms) {
  AsmModule m = sample_module();
  m.atoms[6] = "\xFF";
  expect_error(m, "atom 6 is not valid UTF-8 of at most 255 characters");
  m.atoms[6] = std::string(256, 'a');
  expect_error(m, "atom 6 is not valid UTF-8");
  m = sample_module();
  m.atoms.clear();
  expect_error(m, "no atoms");
}

TEST_F(Verify, UnsignedRange) {
  AsmModule m = sample_module();
  m.code[4].ops[1] = O::integer(-1);
  expect_error(m, "instruction 4 (allocate), operand 1: unsigned operand -1 out of range");
  m.code[4].ops[1] = O::integer(5000);
  expect_error(m, "instruction 4 (allocate): live count 5000 exceeds 1024");
  m = sample_module();
  m.code[4].ops[0] = O::integer(100000);
  expect_error(m, "instruction 4 (allocate): frame of 100000 slots exceeds 65536");
  m = sample_module();
  m.code.insert(m.code.begin(), I(Opcode::line, {}));
  expect_error(m, "instruction 0: line needs one integer operand");
}

// r/0 receives anything that is [] and returns it: loop_rec_end jumps back
// to the loop_rec, whose operands the interpreter reads when it scans on.
AsmModule receive_module(int loop_rec_end_target) {
  AsmModule m;
  m.atoms = {"m", "r"};
  m.exports = {{1, 0, 2}};
  m.source_file = "m.erl";
  m.label_count = 6;
  m.code = {
      I(Opcode::label, {O::integer(1)}),
      I(Opcode::func_info, {O::atom(0), O::atom(1), O::integer(0)}),
      I(Opcode::label, {O::integer(2)}),
      I(Opcode::label, {O::integer(3)}),
      I(Opcode::loop_rec, {O::label(5), O::x(0)}),
      I(Opcode::is_nil, {O::label(4), O::x(0)}),
      I(Opcode::remove_message),
      I(Opcode::return_),
      I(Opcode::label, {O::integer(4)}),
      I(Opcode::loop_rec_end, {O::label(loop_rec_end_target)}),
      I(Opcode::label, {O::integer(5)}),
      I(Opcode::wait, {O::label(3)}),
  };
  return m;
}

TEST_F(Verify, LoopRecEndMustJumpToLoopRec) {
  EXPECT_EQ(error_of(receive_module(3)), "<accepted>");
  expect_error(receive_module(5), "loop_rec_end must jump to a loop_rec");
}

// The per-opcode facts the verifier uses come from the flags column of
// opcodes.def; these pin the answers the verifier's former hand lists gave.
TEST(OpcodeFlags, Terminators) {
  for (Opcode op : {Opcode::return_, Opcode::jump, Opcode::call_last, Opcode::call_only, Opcode::call_ext_only,
                    Opcode::apply_fun_list_last, Opcode::apply_list_only, Opcode::badmatch, Opcode::if_end,
                    Opcode::raise, Opcode::select_val, Opcode::select_tuple_arity, Opcode::wait, Opcode::loop_rec_end}) {
    EXPECT_TRUE(vm::is_terminator(op)) << vm::opcode_info(op).name;
  }
  for (Opcode op : {Opcode::call, Opcode::call_ext, Opcode::call_bif, Opcode::send, Opcode::wait_timeout,
                    Opcode::loop_rec, Opcode::bif1, Opcode::deallocate, Opcode::label}) {
    EXPECT_FALSE(vm::is_terminator(op)) << vm::opcode_info(op).name;
  }
}

TEST(OpcodeFlags, OptionalFailLabels) {
  for (Opcode op : {Opcode::bif1, Opcode::bif3, Opcode::length, Opcode::add, Opcode::bsr, Opcode::put_map_assoc,
                    Opcode::put_map_exact, Opcode::bs_create_bin}) {
    EXPECT_TRUE(vm::allows_no_label(op)) << vm::opcode_info(op).name;
  }
  for (Opcode op : {Opcode::bif0, Opcode::is_eq, Opcode::jump, Opcode::select_val, Opcode::bs_start_match,
                    Opcode::try_, Opcode::wait}) {
    EXPECT_FALSE(vm::allows_no_label(op)) << vm::opcode_info(op).name;
  }
}

TEST(OpcodeFlags, OperandRoles) {
  EXPECT_EQ(vm::live_operand_index(Opcode::allocate), 1);
  EXPECT_EQ(vm::live_operand_index(Opcode::test_heap), 1);
  EXPECT_EQ(vm::live_operand_index(Opcode::length), 1);
  EXPECT_EQ(vm::live_operand_index(Opcode::bs_create_bin), 1);
  EXPECT_EQ(vm::live_operand_index(Opcode::put_map_assoc), 3);
  EXPECT_EQ(vm::live_operand_index(Opcode::move), -1);
  EXPECT_EQ(vm::live_operand_index(Opcode::call), -1);

  EXPECT_EQ(vm::frame_drop_operand_index(Opcode::deallocate), 0);
  EXPECT_EQ(vm::frame_drop_operand_index(Opcode::call_last), 2);
  EXPECT_EQ(vm::frame_drop_operand_index(Opcode::call_ext_last), 2);
  EXPECT_EQ(vm::frame_drop_operand_index(Opcode::call_fun_last), 1);
  EXPECT_EQ(vm::frame_drop_operand_index(Opcode::apply_list_last), 0);
  EXPECT_EQ(vm::frame_drop_operand_index(Opcode::call_only), -1);
  EXPECT_EQ(vm::frame_drop_operand_index(Opcode::allocate), -1);

  // Calls that return here (the compiler forgets all X registers but x0).
  for (Opcode op : {Opcode::call, Opcode::call_ext, Opcode::call_fun, Opcode::apply, Opcode::apply_list,
                    Opcode::apply_fun_list, Opcode::call_bif}) {
    EXPECT_TRUE(vm::is_returning_call(op)) << vm::opcode_info(op).name;
  }
  for (Opcode op : {Opcode::call_last, Opcode::apply_only, Opcode::bif2, Opcode::send, Opcode::length}) {
    EXPECT_FALSE(vm::is_returning_call(op)) << vm::opcode_info(op).name;
  }

  // The first operand is an arity (checked <= 255) except for apply_list*
  // and apply_fun_list*, whose only operand is the frame drop.
  for (Opcode op : {Opcode::call, Opcode::call_ext_last, Opcode::apply_only, Opcode::call_fun_last, Opcode::call_bif}) {
    EXPECT_TRUE(vm::has_arity_operand(op)) << vm::opcode_info(op).name;
  }
  for (Opcode op : {Opcode::apply_list, Opcode::apply_list_last, Opcode::apply_fun_list_last, Opcode::allocate,
                    Opcode::bif1}) {
    EXPECT_FALSE(vm::has_arity_operand(op)) << vm::opcode_info(op).name;
  }
}

TEST_F(Verify, TailCallOperandRoles) {
  // The frame drop is the last operand of a _last call (kFrameDrop).
  AsmModule m = sample_module();
  m.code[14].ops[2] = O::integer(3);
  expect_error(m, "instruction 14 (call_ext_last): drops 3 slots but the largest frame is 2");
  // apply_last: arity, then frame slots; the arity is bounded.
  m = sample_module();
  m.code[14] = I(Opcode::apply_last, {O::integer(300), O::integer(2)});
  expect_error(m, "instruction 14 (apply_last): arity 300 > 255");
  // apply_list_last's only operand is the frame drop, not an arity.
  m = sample_module();
  m.code[4].ops[0] = O::integer(400);
  m.code[14] = I(Opcode::apply_list_last, {O::integer(300)});
  EXPECT_EQ(error_of(m), "<accepted>");
}

}  // namespace
}  // namespace girder::loader
