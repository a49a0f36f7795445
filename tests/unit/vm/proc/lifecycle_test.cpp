// The scheduler's lifecycle and ProcessWaiter (docs/internals/runtime.md):
// start and stop, processes spawned and waited for from host threads,
// outcomes of every kind, wake sources and the idle (deadlock) check, two
// VMs side by side.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "vm/embed/runtime.h"
#include "vm/proc/mailbox.h"
#include "vm/proc/scheduler.h"
#include "vm/proc/signals.h"
#include "vm/proc/waiter.h"
#include "vm/term/build.h"
#include "vm/text/print.h"

namespace girder {
namespace {

namespace fs = std::filesystem;
using Kind = vm::ProcessOutcome::Kind;
using namespace std::chrono_literals;

const char* kModule = R"(
-module(life).
-export([answer/0, sum/0, boom/0, waits/0, spin/0, kill_spinner/0, halts/0, big/0]).
answer() -> 42.
sum() -> lists:sum(lists:seq(1, 1000)).
boom() -> error(boom).
waits() -> receive X -> {got, X} end.
spin() -> register(spinner, self()), spin_loop(0).
spin_loop(N) -> spin_loop(N + 1).
kill_spinner() ->
    case whereis(spinner) of
        undefined -> timer:sleep(1), kill_spinner();
        Pid -> exit(Pid, kill), ok
    end.
halts() -> timer:sleep(20), erlang:halt(7).
big() -> {lists:seq(1, 5000), <<"a binary that is long enough to live off the heap, 64 bytes or more">>}.
)";

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("girder_life_" + std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1)));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "life.erl") << kModule;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<Runtime> make_runtime(unsigned schedulers = 2) {
    RuntimeOptions options;
    options.code_path = {dir_.string()};
    options.schedulers = schedulers;
    auto rt = std::make_unique<Runtime>(options);
    std::string errors;
    EXPECT_TRUE(rt->load_source_file((dir_ / "life.erl").string(), errors)) << errors;
    return rt;
  }

  static vm::Term atom(Runtime& rt, const char* name) { return rt.vm().atoms().intern(name); }
  static std::string text(Runtime& rt, vm::Term t) { return vm::print_term(rt.vm(), t, 1, 80, -1, true); }

  fs::path dir_;
};

TEST_F(LifecycleTest, SpawnAndWaitAfterStart) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter waiter(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "answer"), &waiter);
  const vm::ProcessOutcome& o = waiter.wait();
  ASSERT_EQ(o.kind, Kind::Returned);
  EXPECT_EQ(text(*rt, o.value), "42");
  EXPECT_EQ(o.exit_reason, vm::atoms::normal);
  rt->stop();
}

TEST_F(LifecycleTest, SpawnBeforeStartRunsAtStart) {
  auto rt = make_runtime();
  vm::ProcessWaiter waiter(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "sum"), &waiter);
  EXPECT_EQ(waiter.wait_for(20ms), nullptr);  // nothing runs before start()
  rt->start();
  const vm::ProcessOutcome& o = waiter.wait();
  ASSERT_EQ(o.kind, Kind::Returned);
  EXPECT_EQ(text(*rt, o.value), "500500");
}

TEST_F(LifecycleTest, ManyHostThreadsSpawnAndWait) {
  auto rt = make_runtime();
  rt->start();
  std::atomic<int> ok{0};
  std::vector<std::thread> hosts;
  for (int t = 0; t < 4; ++t) {
    hosts.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        vm::ProcessWaiter waiter(rt->vm());
        rt->spawn(atom(*rt, "life"), atom(*rt, "sum"), &waiter);
        const vm::ProcessOutcome& o = waiter.wait();
        if (o.kind == Kind::Returned && o.value == vm::Term::small(500500)) ok.fetch_add(1);
      }
    });
  }
  for (auto& h : hosts) h.join();
  EXPECT_EQ(ok.load(), 400);
  rt->stop();
}

TEST_F(LifecycleTest, OutcomeOutlivesTheProcessHeap) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter waiter(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "big"), &waiter);
  const vm::ProcessOutcome& o = waiter.wait();
  ASSERT_EQ(o.kind, Kind::Returned);
  rt->stop();  // the process and its heap are long gone; the outcome is not
  ASSERT_TRUE(o.value.is_tuple());
  EXPECT_EQ(vm::list_length(o.value.element(0)), 5000);
  EXPECT_NE(text(*rt, o.value.element(1)).find("a binary that is long"), std::string::npos);
}

TEST_F(LifecycleTest, UncaughtErrorIsRaisedWithStack) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter waiter(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "boom"), &waiter);
  const vm::ProcessOutcome& o = waiter.wait();
  ASSERT_EQ(o.kind, Kind::Raised);
  EXPECT_EQ(o.error_class, vm::atoms::error);
  EXPECT_EQ(text(*rt, o.reason), "boom");
  EXPECT_GT(vm::list_length(o.stacktrace), 0);
  EXPECT_EQ(text(*rt, o.exit_reason).rfind("{boom,[", 0), 0u);
}

TEST_F(LifecycleTest, StopLeavesProcessesAndStartResumesThem) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter spinner(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "spin"), &spinner);
  EXPECT_EQ(spinner.wait_for(30ms), nullptr);
  rt->stop();
  // stop() ends every wait: the spinner was still running.
  const vm::ProcessOutcome* stopped = spinner.wait_for(0ms);
  ASSERT_NE(stopped, nullptr);
  EXPECT_EQ(stopped->kind, Kind::Stopped);
  // Started again, the spinner resumes and can be killed.
  vm::ProcessWaiter killer(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "kill_spinner"), &killer);
  rt->start();
  EXPECT_EQ(killer.wait().kind, Kind::Returned);
  rt->stop();
}

TEST_F(LifecycleTest, KilledProcessReportsKilled) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter spinner(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "spin"), &spinner);
  rt->spawn(atom(*rt, "life"), atom(*rt, "kill_spinner"));
  const vm::ProcessOutcome& o = spinner.wait();
  ASSERT_EQ(o.kind, Kind::Killed);
  EXPECT_EQ(o.reason, vm::atoms::killed);
  EXPECT_EQ(o.error_class, vm::atoms::exit);
  rt->stop();
}

TEST_F(LifecycleTest, WaitingForAGoneProcessIsNoProc) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter first(rt->vm());
  vm::Term pid = rt->spawn(atom(*rt, "life"), atom(*rt, "answer"), &first);
  first.wait();
  vm::ProcessWaiter late(rt->vm(), pid);
  EXPECT_EQ(late.wait().kind, Kind::NoProc);
  rt->stop();
}

TEST_F(LifecycleTest, HaltEndsEveryWait) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter waiting(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "waits"), &waiting);
  vm::ProcessWaiter halting(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "halts"), &halting);
  const vm::ProcessOutcome& o = waiting.wait();
  ASSERT_EQ(o.kind, Kind::Halted);
  EXPECT_EQ(o.halt_status, 7);
  EXPECT_EQ(halting.wait().kind, Kind::Halted);
  EXPECT_TRUE(rt->vm().halt_requested());
  rt->stop();
}

// A process waiting in receive with nothing to wake it: the idle check
// ends the wait with Deadlocked, but the workers stay, so a host can still
// send it a message and it runs.
TEST_F(LifecycleTest, DeadlockEndsWaitsAndTheVmLivesOn) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter first(rt->vm());
  vm::Term pid = rt->spawn(atom(*rt, "life"), atom(*rt, "waits"), &first);
  EXPECT_EQ(first.wait().kind, Kind::Deadlocked);
  EXPECT_TRUE(rt->vm().scheduler().deadlocked());
  vm::ProcessWaiter second(rt->vm(), pid);
  ASSERT_TRUE(vm::post_signal(rt->vm(), pid.pid_index(), vm::message_signal(pid, atom(*rt, "hello")), -1));
  const vm::ProcessOutcome& o = second.wait();
  ASSERT_EQ(o.kind, Kind::Returned);
  EXPECT_EQ(text(*rt, o.value), "{got,hello}");
  rt->stop();
}

// A wake source that may still deliver keeps the idle check from calling
// a waiting process dead.
TEST_F(LifecycleTest, WakeSourceDefersTheDeadlock) {
  struct Source : vm::WakeSource {
    std::atomic<bool> armed{true};
    bool may_wake() const override { return armed.load(); }
  } source;
  auto rt = make_runtime();
  rt->vm().scheduler().add_wake_source(&source);
  rt->start();
  vm::ProcessWaiter waiter(rt->vm());
  vm::Term pid = rt->spawn(atom(*rt, "life"), atom(*rt, "waits"), &waiter);
  // Several idle checks (one per 50 ms) pass without a deadlock.
  EXPECT_EQ(waiter.wait_for(250ms), nullptr);
  ASSERT_TRUE(vm::post_signal(rt->vm(), pid.pid_index(), vm::message_signal(pid, atom(*rt, "io_done")), -1));
  const vm::ProcessOutcome& o = waiter.wait();
  ASSERT_EQ(o.kind, Kind::Returned);
  EXPECT_EQ(text(*rt, o.value), "{got,io_done}");
  // Disarmed, the next waiting process is a deadlock again.
  source.armed = false;
  vm::ProcessWaiter next(rt->vm());
  rt->spawn(atom(*rt, "life"), atom(*rt, "waits"), &next);
  EXPECT_EQ(next.wait().kind, Kind::Deadlocked);
  rt->stop();
  rt->vm().scheduler().remove_wake_source(&source);
}

TEST_F(LifecycleTest, TwoVmsRunSideBySide) {
  auto a = make_runtime(1);
  auto b = make_runtime(2);
  a->start();
  b->start();
  vm::ProcessWaiter wa(a->vm());
  vm::ProcessWaiter wb(b->vm());
  a->spawn(atom(*a, "life"), atom(*a, "sum"), &wa);
  b->spawn(atom(*b, "life"), atom(*b, "answer"), &wb);
  EXPECT_EQ(text(*a, wa.wait().value), "500500");
  EXPECT_EQ(text(*b, wb.wait().value), "42");
  // Halting one VM leaves the other alone.
  vm::ProcessWaiter halting(a->vm());
  a->spawn(atom(*a, "life"), atom(*a, "halts"), &halting);
  EXPECT_EQ(halting.wait().kind, Kind::Halted);
  EXPECT_FALSE(b->vm().halt_requested());
  vm::ProcessWaiter again(b->vm());
  b->spawn(atom(*b, "life"), atom(*b, "answer"), &again);
  EXPECT_EQ(again.wait().kind, Kind::Returned);
  a->stop();
  b->stop();
}

TEST_F(LifecycleTest, DestroyingARunningVmStopsIt) {
  auto rt = make_runtime();
  rt->start();
  rt->spawn(atom(*rt, "life"), atom(*rt, "spin"));
  std::this_thread::sleep_for(10ms);
  rt.reset();  // joins the workers; the spinner is freed with the VM
  SUCCEED();
}

}  // namespace
}  // namespace girder
