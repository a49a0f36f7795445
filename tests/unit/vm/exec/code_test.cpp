// The life of a module's code (vm/exec/code.h, loader/load.h): export
// entries, current and old versions, processes that keep running old code,
// fully qualified calls that move to the new one, purge, a third version,
// funs of each version, and a module that fails verification. Modules are
// compiled from Erlang source in memory; processes are run by hand (see
// exec_test_util.h), under the interpreter and under the JIT.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "tests/unit/vm/exec/exec_test_util.h"
#include "vm/bif/registry.h"

namespace girder::exec_test {
namespace {

// Version N of module cv. Everything that differs between versions says N,
// and version N's code starts N lines down (so line numbers tell them apart).
std::string cv_source(int version) {
  std::string n = std::to_string(version);
  return "-module(cv).\n" + std::string(static_cast<std::size_t>(version), '\n') +
         "-export([version/0, loop/1, make/0, only_v" + n + "/0]).\n"
         "version() -> helper(" + n + ").\n"
         "helper(X) -> X.\n"
         "loop(N) ->\n"
         "    receive\n"
         "        {add, K} -> loop(N + K);\n"
         "        upgrade -> cv:loop(N);\n"
         "        stop -> {" + n + ", N}\n"
         "    end.\n"
         "make() -> fun() -> {fun_of, " + n + "} end.\n"
         "only_v" + n + "() -> v" + n + ".\n";
}

const char* kDriverSource = R"(
-module(drv).
-export([funs/0, call/1]).
funs() ->
    F = cv:make(),
    receive go -> ok end,
    G = cv:make(),
    {F(), G(), cv:version()}.
call(F) -> cv:F().
)";

class CodeVersionTest : public ::testing::TestWithParam<ExecMode> {
 protected:
  void SetUp() override {
    if (GetParam() != ExecMode::Interp && !jit::available()) GTEST_SKIP() << "no JIT on this machine";
    tv_ = std::make_unique<TestVM>(GetParam());
    for (int v = 1; v <= 3; ++v) versions_.push_back(compile_erlang(cv_source(v), "cv.erl"));
    driver_ = compile_erlang(kDriverSource, "drv.erl");
  }

  TestVM& tv() { return *tv_; }
  vm::CodeServer& code() { return tv_->vm().code(); }
  Term atom(const char* s) { return tv_->atom(s); }

  bool load_cv(int version, std::string& error) { return tv_->load(versions_[version - 1], error); }
  void load_cv(int version) {
    std::string error;
    ASSERT_TRUE(load_cv(version, error)) << "cv version " << version << ": " << error;
  }
  vm::Module* cv() { return code().find_module(atom("cv")); }
  vm::ExportEntry* cv_export(const char* f, unsigned arity) { return code().find_export(atom("cv"), atom(f), arity); }

  std::string call(const char* m, const char* f, std::vector<TermFn> args = {}) {
    return tv_->call(m, f, Args(std::move(args))).value;
  }

  // An erlang BIF called directly on a scratch process, its result as ~w.
  std::string bif(const char* name, std::vector<TermFn> args) {
    Process scratch(tv_->vm(), tv_->vm().processes().next_id());
    std::vector<Term> a;
    for (const TermFn& t : args) a.push_back(t(scratch));
    int i = tv_->vm().bifs().find(vm::atoms::erlang, atom(name), static_cast<unsigned>(a.size()));
    if (i < 0) return "<no such BIF>";
    Term r = tv_->vm().bifs().at(i).fn(scratch, a.data());
    return r.is_non_value() ? "<error>" : tv_->text(r);
  }

  // Start cv:loop(N) and run it until it waits in its receive.
  Process& start_loop(vm::SWord n) {
    Process& p = tv_->spawn("cv", "loop", Args({TInt(n)}));
    EXPECT_EQ(tv_->run(p), vm::RunResult::Waiting);
    return p;
  }
  // Send `msg` and run the process until it waits or ends: "<waiting>" or its result.
  std::string deliver(Process& p, const TermFn& msg) {
    tv_->send(p, msg);
    return tv_->outcome(p, tv_->run(p)).value;
  }

  std::unique_ptr<TestVM> tv_;
  std::vector<AsmModule> versions_;
  AsmModule driver_;
};

TEST_P(CodeVersionTest, LoadingCreatesExportEntries) {
  EXPECT_EQ(cv(), nullptr);
  EXPECT_EQ(bif("module_loaded", {TAtom("cv")}), "false");
  load_cv(1);
  vm::Module* m = cv();
  ASSERT_NE(m, nullptr);
  ASSERT_NE(m->current(), nullptr);
  EXPECT_EQ(m->old(), nullptr);
  for (auto [f, arity] : std::vector<std::pair<const char*, unsigned>>{
           {"version", 0}, {"loop", 1}, {"make", 0}, {"only_v1", 0}, {"module_info", 0}, {"module_info", 1}}) {
    vm::ExportEntry* e = cv_export(f, arity);
    ASSERT_NE(e, nullptr) << f << "/" << arity;
    EXPECT_TRUE(m->current()->contains(code().address(e))) << f << "/" << arity;
    EXPECT_EQ(e->bif, -1);
  }
  // A local function gets no entry.
  EXPECT_EQ(cv_export("helper", 1), nullptr);
  const auto& exports = m->current()->exports;
  EXPECT_NE(std::find(exports.begin(), exports.end(), std::make_pair(atom("loop"), 1u)), exports.end());
  EXPECT_EQ(std::find(exports.begin(), exports.end(), std::make_pair(atom("helper"), 1u)), exports.end());

  std::vector<Term> loaded = code().loaded_modules();
  EXPECT_NE(std::find(loaded.begin(), loaded.end(), atom("cv")), loaded.end());
  EXPECT_EQ(bif("module_loaded", {TAtom("cv")}), "true");
  EXPECT_EQ(bif("function_exported", {TAtom("cv"), TAtom("loop"), TInt(1)}), "true");
  EXPECT_EQ(bif("function_exported", {TAtom("cv"), TAtom("helper"), TInt(1)}), "false");
  EXPECT_EQ(bif("function_exported", {TAtom("cv"), TAtom("loop"), TInt(2)}), "false");
  EXPECT_EQ(call("cv", "version"), "1");
  EXPECT_EQ(call("cv", "module_info", {TAtom("module")}), "cv");
}

TEST_P(CodeVersionTest, ExportEntriesFollowTheCurrentVersion) {
  tv().load_or_fail(driver_);
  load_cv(1);
  vm::ExportEntry* e = code().export_entry(atom("cv"), atom("version"), 0);
  const Word* v1_address = code().address(e);
  vm::CodeVersion* v1 = cv()->current();
  EXPECT_EQ(call("cv", "version"), "1");
  EXPECT_EQ(call("drv", "call", {TAtom("only_v1")}), "v1");

  load_cv(2);
  // The same entry (stable for the VM's life), now pointing at version 2.
  EXPECT_EQ(code().export_entry(atom("cv"), atom("version"), 0), e);
  EXPECT_EQ(cv()->old(), v1);
  EXPECT_TRUE(cv()->current()->contains(code().address(e)));
  EXPECT_TRUE(v1->contains(v1_address));
  EXPECT_EQ(call("cv", "version"), "2");
  // Exports follow the new version: only_v1/0 is gone, only_v2/0 is there.
  EXPECT_EQ(code().address(cv_export("only_v1", 0)), nullptr);
  EXPECT_EQ(bif("function_exported", {TAtom("cv"), TAtom("only_v1"), TInt(0)}), "false");
  EXPECT_EQ(bif("function_exported", {TAtom("cv"), TAtom("only_v2"), TInt(0)}), "true");
  EXPECT_EQ(call("drv", "call", {TAtom("only_v1")}), "error:undef");
  EXPECT_EQ(call("drv", "call", {TAtom("only_v2")}), "v2");
  std::string exports = call("cv", "module_info", {TAtom("exports")});
  EXPECT_NE(exports.find("{only_v2,0}"), std::string::npos) << exports;
  EXPECT_EQ(exports.find("only_v1"), std::string::npos) << exports;
}

TEST_P(CodeVersionTest, ProcessRunningOldCodeFinishesInIt) {
  load_cv(1);
  vm::CodeVersion* v1 = cv()->current();
  Process& p = start_loop(0);
  EXPECT_TRUE(v1->contains(p.exec().pc));

  load_cv(2);
  ASSERT_EQ(cv()->old(), v1);
  vm::CodeVersion* v2 = cv()->current();
  // Local calls stay in version 1: the loop goes round in old code.
  EXPECT_EQ(deliver(p, TTuple({TAtom("add"), TInt(5)})), "<waiting>");
  EXPECT_TRUE(v1->contains(p.exec().pc));
  EXPECT_EQ(deliver(p, TTuple({TAtom("add"), TInt(2)})), "<waiting>");
  // A process started now runs version 2, side by side.
  Process& q = start_loop(100);
  EXPECT_TRUE(v2->contains(q.exec().pc));
  EXPECT_EQ(deliver(p, TAtom("stop")), "{1,7}");
  EXPECT_EQ(deliver(q, TAtom("stop")), "{2,100}");

  // Nobody runs version 1 any more: purge it (once).
  EXPECT_TRUE(code().purge(atom("cv")));
  EXPECT_EQ(cv()->old(), nullptr);
  EXPECT_EQ(cv()->current(), v2);
  EXPECT_FALSE(code().purge(atom("cv")));
  EXPECT_FALSE(code().purge(atom("no_such_module")));
  EXPECT_EQ(call("cv", "version"), "2");
  EXPECT_EQ(bif("module_loaded", {TAtom("cv")}), "true");
}

TEST_P(CodeVersionTest, ErrorsInOldCodeAreReportedAgainstTheOldVersion) {
  load_cv(1);
  Process& p = start_loop(0);
  load_cv(2);
  Process& q = start_loop(0);
  // {add, x}: N + x raises badarith in loop/1, on the line of that clause
  // (line 8 in version 1, 9 in version 2).
  tv().send(p, TTuple({TAtom("add"), TAtom("x")}));
  Outcome o1 = tv().outcome(p, tv().run(p));
  tv().send(q, TTuple({TAtom("add"), TAtom("x")}));
  Outcome o2 = tv().outcome(q, tv().run(q));
  EXPECT_EQ(o1.value, "error:badarith");
  EXPECT_EQ(o2.value, "error:badarith");
  const std::string file = "{file,[99,118,46,101,114,108]}";  // "cv.erl"
  EXPECT_NE(o1.trace.find("{cv,loop,1,[" + file + ",{line,8}]}"), std::string::npos) << o1.trace;
  EXPECT_NE(o2.trace.find("{cv,loop,1,[" + file + ",{line,9}]}"), std::string::npos) << o2.trace;
}

TEST_P(CodeVersionTest, FullyQualifiedCallMovesToTheNewVersion) {
  load_cv(1);
  Process& p = start_loop(0);
  load_cv(2);
  EXPECT_EQ(deliver(p, TTuple({TAtom("add"), TInt(1)})), "<waiting>");
  EXPECT_TRUE(cv()->old()->contains(p.exec().pc));
  // `upgrade` calls cv:loop(N) through the export entry: version 2.
  EXPECT_EQ(deliver(p, TAtom("upgrade")), "<waiting>");
  EXPECT_TRUE(cv()->current()->contains(p.exec().pc));
  EXPECT_EQ(deliver(p, TTuple({TAtom("add"), TInt(1)})), "<waiting>");
  EXPECT_EQ(deliver(p, TAtom("stop")), "{2,2}");
}

TEST_P(CodeVersionTest, ThirdVersionIsRefusedUntilTheOldOneIsPurged) {
  load_cv(1);
  Process& p = start_loop(10);
  load_cv(2);
  vm::CodeVersion* v1 = cv()->old();
  vm::CodeVersion* v2 = cv()->current();
  const Word* version_address = code().address(cv_export("version", 0));

  // Two versions already: a third is refused and nothing changes.
  std::string error;
  EXPECT_FALSE(load_cv(3, error));
  EXPECT_EQ(error, "not_purged: module cv has old code that must be purged first");
  EXPECT_EQ(cv()->old(), v1);
  EXPECT_EQ(cv()->current(), v2);
  EXPECT_EQ(code().address(cv_export("version", 0)), version_address);
  EXPECT_EQ(cv_export("only_v3", 0), nullptr);
  EXPECT_EQ(call("cv", "version"), "2");
  // The process in version 1 is unaffected.
  EXPECT_EQ(deliver(p, TTuple({TAtom("add"), TInt(1)})), "<waiting>");
  EXPECT_TRUE(v1->contains(p.exec().pc));
  EXPECT_EQ(deliver(p, TAtom("stop")), "{1,11}");

  // Purged, the third version loads: version 2 becomes old.
  ASSERT_TRUE(code().purge(atom("cv")));
  load_cv(3);
  EXPECT_EQ(cv()->old(), v2);
  EXPECT_EQ(call("cv", "version"), "3");
  EXPECT_EQ(call("cv", "only_v3"), "v3");
}

TEST_P(CodeVersionTest, FunsBelongToTheVersionThatMadeThem) {
  tv().load_or_fail(driver_);
  load_cv(1);
  // drv:funs() takes a fun from version 1, then waits for `go`.
  Process& p = tv().spawn("drv", "funs");
  ASSERT_EQ(tv().run(p), vm::RunResult::Waiting);
  load_cv(2);
  // The version 1 fun still runs version 1 (old, not purged); a fun made
  // now runs version 2.
  EXPECT_EQ(deliver(p, TAtom("go")), "{{fun_of,1},{fun_of,2},2}");

  vm::Module* m = cv();
  ASSERT_EQ(m->old()->funs.size(), 1u);
  ASSERT_EQ(m->current()->funs.size(), 1u);
  const vm::FunEntry& f1 = *m->old()->funs[0];
  const vm::FunEntry& f2 = *m->current()->funs[0];
  EXPECT_EQ(f1.version, m->old());
  EXPECT_EQ(f2.version, m->current());
  EXPECT_TRUE(m->old()->contains(f1.address.load()));
  EXPECT_TRUE(m->current()->contains(f2.address));
  EXPECT_EQ(f1.module, atom("cv"));
  EXPECT_EQ(f1.name, f2.name);  // same lambda of the same function...
  EXPECT_EQ(f1.index, 0u);
  EXPECT_EQ(f1.arity, 0u);
  EXPECT_EQ(f1.num_free, 0u);
  EXPECT_NE(f1.uniq, f2.uniq);  // ...of different code
  EXPECT_EQ(f1.uniq, m->old()->content_hash & ((Word{1} << 27) - 1));
}

TEST_P(CodeVersionTest, ModuleFailingVerificationLeavesTheCurrentVersion) {
  load_cv(1);
  vm::CodeVersion* v1 = cv()->current();
  const Word* version_address = code().address(cv_export("version", 0));
  Process& p = start_loop(0);

  AsmModule broken = versions_[1];
  bool corrupted = false;
  for (AsmInstr& in : broken.code) {
    for (O& o : in.ops) {
      if (!corrupted && o.kind == O::Kind::X) {
        o.value = 5000;
        corrupted = true;
      }
    }
  }
  ASSERT_TRUE(corrupted);
  std::string error;
  EXPECT_FALSE(tv().load(broken, error));
  EXPECT_NE(error.find("x register 5000 out of range"), std::string::npos) << error;
  EXPECT_EQ(cv()->current(), v1);
  EXPECT_EQ(cv()->old(), nullptr);
  EXPECT_EQ(code().address(cv_export("version", 0)), version_address);
  EXPECT_EQ(cv_export("only_v2", 0), nullptr);
  EXPECT_EQ(call("cv", "version"), "1");
  EXPECT_EQ(deliver(p, TTuple({TAtom("add"), TInt(3)})), "<waiting>");
  EXPECT_TRUE(v1->contains(p.exec().pc));

  // No old version was made, so a good version 2 loads without a purge.
  load_cv(2);
  EXPECT_EQ(cv()->old(), v1);
  EXPECT_EQ(call("cv", "version"), "2");
  EXPECT_EQ(deliver(p, TAtom("stop")), "{1,3}");
}

INSTANTIATE_TEST_SUITE_P(CodeVersion, CodeVersionTest, ::testing::Values(ExecMode::Interp, ExecMode::Jit),
                         [](const ::testing::TestParamInfo<ExecMode>& info) { return mode_name(info.param); });

}  // namespace
}  // namespace girder::exec_test
