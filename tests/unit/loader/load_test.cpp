// Loading into a VM: the threaded code, tables and installation; the code
// path loader; the disassembler; and the fuzz seed corpus writer.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "loader/code_path.h"
#include "loader/disasm.h"
#include "loader/load.h"
#include "loader/module_file.h"
#include "tests/unit/loader/loader_test_util.h"
#include "vm/bif/registry.h"
#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/exec/operand.h"
#include "vm/vm.h"

namespace girder::loader {
namespace {

using namespace testing;
using vm::Term;
using vm::Word;

Word handler(Opcode op) { return reinterpret_cast<Word>(vm::dispatch_table()[static_cast<int>(op)]); }

TEST(Load, SampleModuleThreadsCode) {
  vm::VM vm;
  register_bif_exports(vm);
  AsmModule m = sample_module();
  std::string error;
  ASSERT_TRUE(load_module(vm, m, error)) << error;
  Term mod = vm.atoms().intern("m");
  vm::Module* loaded = vm.code().find_module(mod);
  ASSERT_NE(loaded, nullptr);
  const vm::CodeVersion& v = *loaded->current();
  EXPECT_EQ(v.module, mod);
  EXPECT_EQ(v.source_file, "m.erl");
  EXPECT_EQ(v.content_hash, module_content_hash(m));

  // One word per real instruction plus one per operand.
  std::size_t words = 0;
  for (const AsmInstr& in : m.code) {
    if (!vm::is_pseudo(in.op)) words += 1 + in.ops.size();
  }
  ASSERT_EQ(v.code.size(), words);

  // f/1 starts with func_info m, f, 1.
  const Word* c = v.code.data();
  EXPECT_EQ(c[0], handler(Opcode::func_info));
  EXPECT_EQ(c[1], mod.raw());
  EXPECT_EQ(c[2], vm.atoms().intern("f").raw());
  EXPECT_EQ(c[3], 1u);
  // allocate 2, 1 (raw), then move x0, y0 (register encoding).
  EXPECT_EQ(c[4], handler(Opcode::allocate));
  EXPECT_EQ(c[5], 2u);
  EXPECT_EQ(c[7], handler(Opcode::move));
  EXPECT_EQ(c[8], vm::encode_x(0));
  EXPECT_EQ(c[9], vm::encode_y(0));
  // call 1, L6: g/1's entry is right after g's func_info.
  EXPECT_EQ(c[10], handler(Opcode::call));
  const vm::FunctionRange& g = v.functions[1];
  EXPECT_EQ(g.name, vm.atoms().intern("g"));
  EXPECT_EQ(c[12], reinterpret_cast<Word>(&v.code[g.begin + 4]));
  // bif1 0, erlang:length/1, y0, x1: the BIF's function pointer.
  EXPECT_EQ(c[13], handler(Opcode::bif1));
  EXPECT_EQ(c[14], 0u);
  int len = vm.bifs().find(vm::atoms::erlang, vm.atoms().intern("length"), 1);
  ASSERT_GE(len, 0);
  EXPECT_EQ(c[15], reinterpret_cast<Word>(vm.bifs().at(len).fn));
  // move 1<<62, y1: a bignum literal in the literal area.
  Term big = Term::from_raw(c[19]);
  ASSERT_TRUE(big.is_bignum());
  EXPECT_EQ(big.box_ptr()[1], Word{1} << 62);
  EXPECT_TRUE(v.literals->contains(big.box_ptr()));
  // move 1.0, x0: the decoded float literal.
  Term one = Term::from_raw(c[22]);
  ASSERT_TRUE(one.is_float());
  EXPECT_EQ(one.float_value(), 1.0);

  // Tables.
  ASSERT_EQ(v.functions.size(), 3u);
  EXPECT_EQ(v.functions[0].begin, 0u);
  EXPECT_EQ(v.functions[0].end, v.functions[1].begin);
  EXPECT_EQ(v.functions[2].end, v.code.size());
  ASSERT_EQ(v.lines.size(), 2u);
  EXPECT_EQ(v.lines[0].offset, 0u);
  EXPECT_EQ(v.lines[0].line, 3u);
  EXPECT_EQ(v.lines[1].offset, 13u);
  EXPECT_EQ(v.lines[1].line, 4u);
  ASSERT_EQ(v.funs.size(), 1u);
  const vm::FunEntry& fe = *v.funs[0];
  EXPECT_EQ(fe.arity, 1u);
  EXPECT_EQ(fe.num_free, 1u);
  EXPECT_EQ(fe.uniq, v.content_hash & ((1u << 27) - 1));
  EXPECT_EQ(fe.address, &v.code[v.functions[2].begin + 4]);
  EXPECT_EQ(fe.version, &v);
  ASSERT_EQ(v.attributes.size(), 1u);
  EXPECT_TRUE(v.attributes[0].is_tuple());
  EXPECT_EQ(v.attributes[0].element(0), vm.atoms().intern("vsn"));
  EXPECT_EQ(v.exports.size(), 2u);

  // Export entries point at the entries; BIF exports carry their index.
  vm::ExportEntry* ef = vm.code().find_export(mod, vm.atoms().intern("f"), 1);
  ASSERT_NE(ef, nullptr);
  EXPECT_EQ(vm.code().address(ef), &v.code[4]);
  EXPECT_EQ(ef->bif, -1);
  vm::ExportEntry* elen = vm.code().find_export(vm::atoms::erlang, vm.atoms().intern("length"), 1);
  ASSERT_NE(elen, nullptr);
  EXPECT_EQ(elen->bif, len);
  // The import of lists:reverse/1 made an export entry for call_ext_last.
  vm::ExportEntry* rev = vm.code().find_export(vm.atoms().intern("lists"), vm.atoms().intern("reverse"), 1);
  ASSERT_NE(rev, nullptr);
}

TEST(Load, ReloadNeedsPurge) {
  vm::VM vm;
  std::string error;
  ASSERT_TRUE(load_module(vm, sample_module(), error)) << error;
  ASSERT_TRUE(load_module(vm, sample_module(), error)) << error;  // first becomes old
  EXPECT_FALSE(load_module(vm, sample_module(), error));
  EXPECT_EQ(error, "not_purged: module m has old code that must be purged first");
  ASSERT_TRUE(vm.code().purge(vm.atoms().intern("m")));
  EXPECT_TRUE(load_module(vm, sample_module(), error)) << error;
}

TEST(Load, RefusesUnverifiedModule) {
  vm::VM vm;
  AsmModule m = sample_module();
  m.code[5].ops[0] = O::x(5000);
  std::string error;
  EXPECT_FALSE(load_module(vm, m, error));
  EXPECT_NE(error.find("x register 5000 out of range"), std::string::npos) << error;
  EXPECT_EQ(vm.code().find_module(vm.atoms().intern("m")), nullptr);
}

TEST(Load, LoadModuleBytes) {
  vm::VM vm;
  std::string error;
  std::vector<std::uint8_t> bytes = write_module(sample_module());
  EXPECT_TRUE(load_module_bytes(vm, bytes, error)) << error;
  bytes.pop_back();
  EXPECT_FALSE(load_module_bytes(vm, bytes, error));
}

class CodePath : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() / ("girder_loader_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  void write(const std::string& name, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(dir / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  std::filesystem::path dir;
};

TEST_F(CodePath, FindsGbcOnThePath) {
  write("m.gbc", write_module(sample_module()));
  vm::VMOptions options;
  options.code_path = {"/nonexistent", dir.string()};
  vm::VM vm(options);
  vm.code().set_loader(make_code_path_loader({}));
  std::string error;
  EXPECT_TRUE(vm.code().ensure_loaded(vm.atoms().intern("m"), error)) << error;
  EXPECT_FALSE(vm.code().ensure_loaded(vm.atoms().intern("nosuch"), error));
  EXPECT_EQ(error, "module nosuch not found in the code path");
}

TEST_F(CodePath, ModuleNameMustMatchFile) {
  write("other.gbc", write_module(sample_module()));
  vm::VMOptions options;
  options.code_path = {dir.string()};
  vm::VM vm(options);
  vm.code().set_loader(make_code_path_loader({}));
  std::string error;
  EXPECT_FALSE(vm.code().ensure_loaded(vm.atoms().intern("other"), error));
  EXPECT_EQ(error, (dir / "other.gbc").string() + " defines module m, not other");
}

TEST_F(CodePath, CorruptFileNamesThePath) {
  auto bytes = write_module(sample_module());
  bytes[0] = 'X';
  write("m.gbc", bytes);
  vm::VMOptions options;
  options.code_path = {dir.string()};
  vm::VM vm(options);
  std::string error;
  EXPECT_FALSE(load_from_code_path(vm, vm.atoms().intern("m"), {}, error));
  EXPECT_EQ(error, (dir / "m.gbc").string() + ": not a Girder module file (bad magic)");
}

TEST_F(CodePath, CompilesErlThroughTheHook) {
  write("m.erl", {'%'});
  vm::VMOptions options;
  options.code_path = {dir.string()};
  vm::VM vm(options);
  std::string seen;
  ModuleSources sources;
  sources.compile = [&](const std::string& path, AsmModule& out, std::string&) {
    seen = path;
    out = sample_module();
    return true;
  };
  std::string error;
  EXPECT_TRUE(load_from_code_path(vm, vm.atoms().intern("m"), sources, error)) << error;
  EXPECT_EQ(seen, (dir / "m.erl").string());
  // Without a hook, .erl is an error.
  vm::VM vm2(options);
  EXPECT_FALSE(load_from_code_path(vm2, vm2.atoms().intern("m"), {}, error));
  EXPECT_EQ(error, (dir / "m.erl").string() + ": no compiler available for .erl files");
}

TEST_F(CodePath, EmbeddedRegistryFirst) {
  static const std::vector<std::uint8_t> embedded = write_module(sample_module());
  auto broken = embedded;
  broken[0] = 'X';
  write("m.gbc", broken);  // would fail if the path were searched first
  vm::VMOptions options;
  options.code_path = {dir.string()};
  vm::VM vm(options);
  ModuleSources sources;
  sources.embedded = [](std::string_view name) -> std::optional<std::span<const std::uint8_t>> {
    if (name == "m") return std::span<const std::uint8_t>(embedded);
    return std::nullopt;
  };
  std::string error;
  EXPECT_TRUE(load_from_code_path(vm, vm.atoms().intern("m"), sources, error)) << error;
  sources.embedded_first = false;
  vm::VM vm2(options);
  EXPECT_FALSE(load_from_code_path(vm2, vm2.atoms().intern("m"), sources, error));
}

TEST(Disasm, PrintsFromOperandKinds) {
  std::string text = disassemble(sample_module());
  for (const char* want : {
           "module m\n", "source \"m.erl\"\n", "exports [f/1 @L2, g/1 @L6]\n",
           "lambda 0: '-f/1-fun-0-'/2 free 1 @L10\n", "attribute vsn {ok,[1,2]}\n",
           "\nfunction f/1:\nL1:\n  line 3\n  func_info m, f, 1\nL2:\n  allocate 2, 1\n  move x0, y0\n",
           "  call 1, L6\n", "  bif1 none, erlang:length/1, y0, x1\n", "  move 4611686018427387904, y1\n",
           "  move 1.0, x0\n", "  make_fun fun#0('-f/1-fun-0-'/2), x0, [y1]\n",
           "  is_eq_exact L3, x0, []\n", "  put_tuple x0, [y1, foo, {ok,[1,2]}]\n",
           "  call_ext_last 1, lists:reverse/1, 2\n", "  select_val x0, L5, [1 => L7, foo => L8]\n",
           "  bs_create_bin none, 1, [{0,0,x0,foo,8}], x0\n", "function g/1:\nL5:\n  func_info m, g, 1\n",
       }) {
    EXPECT_NE(text.find(want), std::string::npos) << "missing: " << want << "\nin:\n" << text;
  }
}

TEST(Disasm, SurvivesMalformedModules) {
  AsmModule m = sample_module();
  m.code[5].ops.clear();
  m.code[6].ops[1] = O::label(0);
  m.code[13].ops[1] = O::integer(100);
  m.code[10].ops[0] = O::literal(77);
  m.literals[0] = {1, 2, 3};
  std::string text = disassemble(m);
  EXPECT_NE(text.find("  move <malformed: too few operands (0)>"), std::string::npos) << text;
  EXPECT_NE(text.find("<literal 77?>"), std::string::npos) << text;
  EXPECT_NE(text.find("<bad literal>"), std::string::npos) << text;
}

// Writes the fuzz seed corpus when GIRDER_WRITE_LOADER_CORPUS names a
// directory (tests/fuzz/corpus/loader); otherwise a no-op.
TEST(FuzzCorpus, Write) {
  const char* dir = std::getenv("GIRDER_WRITE_LOADER_CORPUS");
  if (dir == nullptr) GTEST_SKIP() << "set GIRDER_WRITE_LOADER_CORPUS to write the seeds";
  auto put = [&](const std::string& name, const AsmModule& m) {
    std::vector<std::uint8_t> bytes = write_module(m);
    std::ofstream out(std::string(dir) + "/" + name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  };
  put("sample.gbc", sample_module());
  AsmModule empty;
  empty.atoms = {"empty"};
  empty.label_count = 1;
  put("empty.gbc", empty);
  AsmModule one;  // one function, returns a literal list
  one.atoms = {"one", "f"};
  one.literals = {etf_ok_list()};
  one.exports = {{1, 0, 2}};
  one.label_count = 3;
  one.code = {I(Opcode::label, {O::integer(1)}), I(Opcode::func_info, {O::atom(0), O::atom(1), O::integer(0)}),
              I(Opcode::label, {O::integer(2)}), I(Opcode::move, {O::literal(0), O::x(0)}), I(Opcode::return_)};
  put("one.gbc", one);
  AsmModule tries = sample_module();  // frames, catches, maps, receive
  tries.code.insert(tries.code.begin() + 5, {I(Opcode::try_, {O::y(1), O::label(3)}),
                                             I(Opcode::put_map_assoc, {O::label(0), O::literal(0), O::x(1),
                                                                       O::integer(2), O::integer(1), O::atom(6),
                                                                       O::x(0)}),
                                             I(Opcode::init_yregs, {O::integer(1), O::y(1)}),
                                             I(Opcode::try_end, {O::y(1)})});
  put("tries.gbc", tries);
}

}  // namespace
}  // namespace girder::loader

namespace girder::loader {
namespace {

// Operand-level mutations of the sample module: whatever the verifier
// accepts must load (and thread) without tripping anything; the rest must be
// refused with a message.
TEST(Load, MutatedModulesVerifyOrLoadCleanly) {
  vm::VM vm;
  std::mt19937 rng(777);
  const AsmModule base = sample_module();
  const AsmOperand::Kind kinds[] = {AsmOperand::Kind::X,       AsmOperand::Kind::Y,     AsmOperand::Kind::Int,
                                    AsmOperand::Kind::Atom,    AsmOperand::Kind::Literal, AsmOperand::Kind::Nil,
                                    AsmOperand::Kind::Label,   AsmOperand::Kind::Import, AsmOperand::Kind::Fun};
  const std::int64_t values[] = {0, 1, 2, 3, 5, 7, 10, 11, 255, 1023, 1024, 65536, -1, INT64_MIN, INT64_MAX};
  int loaded = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    AsmModule m = base;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      AsmInstr& in = m.code[rng() % m.code.size()];
      switch (rng() % 6) {
        case 0:
        case 1:
          if (!in.ops.empty()) in.ops[rng() % in.ops.size()].value = values[rng() % std::size(values)];
          break;
        case 2:
          if (!in.ops.empty()) in.ops[rng() % in.ops.size()].kind = kinds[rng() % std::size(kinds)];
          break;
        case 3: in.op = static_cast<Opcode>(rng() % vm::kOpcodeCount); break;
        case 4:
          if (!in.ops.empty()) in.ops.pop_back();
          break;
        case 5: m.code.erase(m.code.begin() + static_cast<std::ptrdiff_t>(rng() % m.code.size())); break;
      }
    }
    std::string error;
    if (load_module(vm, m, error)) {
      ++loaded;
      // Keep at most one version around: purge what the next load retires.
      vm.code().purge(vm.atoms().intern("m"));
      vm::Module* cur = vm.code().find_module(vm.atoms().intern("m"));
      ASSERT_NE(cur, nullptr);
    } else {
      ASSERT_FALSE(error.empty());
    }
    vm.code().purge(vm.atoms().intern("m"));
  }
  EXPECT_GT(loaded, 0);
}

}  // namespace
}  // namespace girder::loader
