// The JIT backend: translation of loaded code, the instructions the compiler
// never emits (select_val, select_tuple_arity), and agreement with the
// interpreter. The language suite runs every program under the JIT, the
// interpreter and the JIT's step mode (tests/CMakeLists.txt); these cover
// what .erl programs cannot reach.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jit/jit.h"
#include "loader/load.h"
#include "vm/embed/runtime.h"
#include "vm/exec/backend.h"
#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/exec/operand.h"
#include "vm/vm.h"

namespace girder::jit {
namespace {

using loader::AsmInstr;
using loader::AsmModule;
using O = loader::AsmOperand;
using vm::Opcode;
using vm::Word;

AsmInstr I(Opcode op, std::vector<O> ops = {}) { return AsmInstr{op, std::move(ops)}; }

// sel:main/1 with Args = [S]: select_val on list_to_integer(S) when S is
// numeric, else on list_to_atom(S); arity:main/1 dispatches on the size of
// list_to_tuple(Args) with select_tuple_arity.
AsmModule dispatch_module(const std::string& name, bool by_arity) {
  AsmModule m;
  // 0 name, 1 main, 2 erlang, 3 list_to_integer, 4 list_to_atom, 5 list_to_tuple,
  // 6 one, 7 two, 8 foo_hit, 9 none, 10 foo, 11 big_hit, 12 arity1, 13 arity3
  m.atoms = {name, "main", "erlang", "list_to_integer", "list_to_atom", "list_to_tuple", "one",
             "two", "foo_hit", "none", "foo", "big_hit", "arity1", "arity3"};
  m.imports = {{2, 3, 1}, {2, 4, 1}, {2, 5, 1}};
  m.exports = {{1, 1, 2}};
  m.source_file = name + ".erl";
  m.label_count = 12;
  std::vector<AsmInstr> code = {
      I(Opcode::label, {O::integer(1)}),
      I(Opcode::func_info, {O::atom(0), O::atom(1), O::integer(1)}),
      I(Opcode::label, {O::integer(2)}),
  };
  if (by_arity) {
    code.insert(code.end(), {
        I(Opcode::bif1, {O::label(0), O::import(2), O::x(0), O::x(0)}),
        I(Opcode::select_tuple_arity, {O::x(0), O::label(9), O::integer(2), O::integer(1), O::label(5), O::integer(3),
                                       O::label(6)}),
    });
  } else {
    code.insert(code.end(), {
        I(Opcode::get_hd, {O::x(0), O::x(0)}),
        I(Opcode::bif1, {O::label(3), O::import(0), O::x(0), O::x(1)}),
        I(Opcode::select_val, {O::x(1), O::label(9), O::integer(3), O::integer(1), O::label(5), O::integer(2),
                               O::label(6), O::integer(std::int64_t{1} << 40), O::label(8)}),
        I(Opcode::label, {O::integer(3)}),
        I(Opcode::bif1, {O::label(0), O::import(1), O::x(0), O::x(1)}),
        I(Opcode::select_val, {O::x(1), O::label(9), O::integer(1), O::atom(10), O::label(7)}),
    });
  }
  auto answer = [&](int label, int atom) {
    code.push_back(I(Opcode::label, {O::integer(label)}));
    code.push_back(I(Opcode::move, {O::atom(atom), O::x(0)}));
    code.push_back(I(Opcode::return_));
  };
  if (by_arity) {
    answer(5, 12);
    answer(6, 13);
  } else {
    answer(5, 6);
    answer(6, 7);
    answer(7, 8);
    answer(8, 11);
  }
  answer(9, 9);
  m.code = std::move(code);
  return m;
}

std::string call_main(bool jit, const AsmModule& m, const std::vector<std::string>& args) {
  RuntimeOptions options;
  options.jit = jit ? RuntimeOptions::Jit::Native : RuntimeOptions::Jit::Off;
  options.schedulers = 1;
  Runtime rt(options);
  EXPECT_EQ(rt.vm().backend() != nullptr, jit && available());
  std::string error;
  if (!loader::load_module(rt.vm(), m, error)) return "load error: " + error;
  auto outcome = rt.call(rt.vm().atoms().intern(m.atoms[0]), rt.vm().atoms().intern("main"), args, true, true);
  return outcome.result_text;
}

TEST(Jit, SelectValOnImmediates) {
  if (!available()) GTEST_SKIP() << "no JIT on this machine";
  AsmModule m = dispatch_module("sel", false);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1", "one"}, {"2", "two"}, {"1099511627776", "big_hit"}, {"3", "none"}, {"-1", "none"},
      {"foo", "foo_hit"}, {"bar", "none"}};
  for (const auto& [arg, want] : cases) {
    EXPECT_EQ(call_main(true, m, {arg}), want) << arg;
    EXPECT_EQ(call_main(false, m, {arg}), want) << arg << " (interpreter)";
  }
}

TEST(Jit, SelectTupleArity) {
  if (!available()) GTEST_SKIP() << "no JIT on this machine";
  AsmModule m = dispatch_module("arity", true);
  EXPECT_EQ(call_main(true, m, {"a"}), "arity1");
  EXPECT_EQ(call_main(true, m, {"a", "b", "c"}), "arity3");
  EXPECT_EQ(call_main(true, m, {"a", "b"}), "none");
  EXPECT_EQ(call_main(true, m, {}), "none");
  EXPECT_EQ(call_main(false, m, {"a", "b", "c"}), "arity3");
}

TEST(Jit, TranslateRefusesWordsThatAreNotInstructions) {
  if (!available()) GTEST_SKIP() << "no JIT on this machine";
  vm::VM vm;
  std::unique_ptr<vm::CodeBackend> backend = make_backend(vm);
  ASSERT_NE(backend, nullptr);
  const void* const* handlers = vm::dispatch_table();
  std::vector<Word> code = {reinterpret_cast<Word>(handlers[static_cast<int>(Opcode::return_)]), 12345};
  std::vector<Word> before = code;
  std::shared_ptr<void> owner;
  std::string error;
  EXPECT_FALSE(backend->translate(code.data(), code.size(), owner, error));
  EXPECT_NE(error.find("word 1"), std::string::npos) << error;
  EXPECT_EQ(code, before);
  EXPECT_EQ(owner, nullptr);
}

TEST(Jit, TranslateRewritesEveryInstructionWord) {
  if (!available()) GTEST_SKIP() << "no JIT on this machine";
  vm::VM vm;
  std::unique_ptr<vm::CodeBackend> backend = make_backend(vm);
  ASSERT_NE(backend, nullptr);
  const void* const* handlers = vm::dispatch_table();
  // move x0, x1; jump L(0); return: three instructions, operands untouched.
  std::vector<Word> code(6);
  code[0] = reinterpret_cast<Word>(handlers[static_cast<int>(Opcode::move)]);
  code[1] = vm::encode_x(0);
  code[2] = vm::encode_x(1);
  code[3] = reinterpret_cast<Word>(handlers[static_cast<int>(Opcode::jump)]);
  code[4] = reinterpret_cast<Word>(&code[5]);
  code[5] = reinterpret_cast<Word>(handlers[static_cast<int>(Opcode::return_)]);
  std::shared_ptr<void> owner;
  std::string error;
  ASSERT_TRUE(backend->translate(code.data(), code.size(), owner, error)) << error;
  EXPECT_NE(owner, nullptr);
  for (std::size_t k : {0u, 3u, 5u}) {
    EXPECT_EQ(vm::opcode_of_handler(reinterpret_cast<const void*>(code[k])), -1) << k;
    EXPECT_NE(code[k], 0u);
  }
  EXPECT_EQ(code[1], vm::encode_x(0));
  EXPECT_EQ(code[4], reinterpret_cast<Word>(&code[5]));
}

TEST(Jit, JumpOutsideTheUnitIsRefused) {
  if (!available()) GTEST_SKIP() << "no JIT on this machine";
  vm::VM vm;
  std::unique_ptr<vm::CodeBackend> backend = make_backend(vm);
  ASSERT_NE(backend, nullptr);
  const void* const* handlers = vm::dispatch_table();
  Word elsewhere = 0;
  std::vector<Word> code = {reinterpret_cast<Word>(handlers[static_cast<int>(Opcode::jump)]),
                            reinterpret_cast<Word>(&elsewhere)};
  std::vector<Word> before = code;
  std::shared_ptr<void> owner;
  std::string error;
  EXPECT_FALSE(backend->translate(code.data(), code.size(), owner, error));
  EXPECT_EQ(code, before);
}

}  // namespace
}  // namespace girder::jit
