// The I/O service (vm/io/service.h) with the runtime around it: ports as a
// wake source (a process blocked on a socket is not a deadlock), ports
// closed with their owner, a VM destroyed with sockets still open, and the
// loop's post() from host threads.
#include "vm/io/service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "vm/embed/runtime.h"
#include "vm/proc/waiter.h"
#include "vm/text/print.h"

namespace girder {
namespace {

namespace fs = std::filesystem;
using Kind = vm::ProcessOutcome::Kind;
using namespace std::chrono_literals;

const char* kModule = R"(
-module(iot).
-export([accept_forever/0, open_and_leave/0, echo_once/0, owner_dies/0]).
%% Blocks in accept with nobody connecting: idle, but not deadlocked.
accept_forever() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}]),
    gen_tcp:accept(L).
%% Returns with a listen socket and a connection still open.
open_and_leave() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, {active, false}]),
    {ok, P} = inet:port(L),
    {ok, _C} = gen_tcp:connect({127,0,0,1}, P, [{active, false}]),
    length(erlang:ports()).
echo_once() ->
    {ok, L} = gen_tcp:listen(0, [binary, {ip, {127,0,0,1}}, {active, false}]),
    {ok, P} = inet:port(L),
    spawn(fun() -> {ok, S} = gen_tcp:accept(L), {ok, D} = gen_tcp:recv(S, 0), gen_tcp:send(S, D) end),
    {ok, C} = gen_tcp:connect({127,0,0,1}, P, [binary, {active, false}]),
    ok = gen_tcp:send(C, <<"ping">>),
    gen_tcp:recv(C, 4, 5000).
%% A process owning sockets dies: its sockets go with it.
owner_dies() ->
    Me = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
        {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}]),
        Me ! {port, L},
        exit(done)
    end),
    L = receive {port, Port} -> Port end,
    receive {'DOWN', Ref, process, Pid, done} -> ok end,
    wait_gone(L, 200).
wait_gone(_L, 0) -> still_open;
wait_gone(L, N) ->
    case erlang:port_info(L) of
        undefined -> closed;
        _ -> timer:sleep(5), wait_gone(L, N - 1)
    end.
)";

class IoServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("girder_io_" + std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1)));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "iot.erl") << kModule;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<Runtime> make_runtime() {
    RuntimeOptions options;
    options.code_path = {dir_.string()};
    options.schedulers = 2;
    auto rt = std::make_unique<Runtime>(options);
    std::string errors;
    EXPECT_TRUE(rt->load_source_file((dir_ / "iot.erl").string(), errors)) << errors;
    return rt;
  }

  static vm::Term atom(Runtime& rt, const char* name) { return rt.vm().atoms().intern(name); }
  static std::string text(Runtime& rt, vm::Term t) { return vm::print_term(rt.vm(), t, 1, 80, -1, true); }

  fs::path dir_;
};

TEST_F(IoServiceTest, BlockedInAcceptIsNotADeadlock) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter waiter(rt->vm());
  rt->spawn(atom(*rt, "iot"), atom(*rt, "accept_forever"), &waiter);
  // The idle check runs every 50 ms; an open port keeps the VM alive.
  EXPECT_EQ(waiter.wait_for(300ms), nullptr);
  EXPECT_TRUE(rt->vm().io().may_wake());
  rt->stop();
}

TEST_F(IoServiceTest, RoundTripThroughTheLoop) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter waiter(rt->vm());
  rt->spawn(atom(*rt, "iot"), atom(*rt, "echo_once"), &waiter);
  const vm::ProcessOutcome& o = waiter.wait();
  ASSERT_EQ(o.kind, Kind::Returned);
  EXPECT_EQ(text(*rt, o.value), "{ok,<<\"ping\">>}");
  rt->stop();
}

TEST_F(IoServiceTest, OwnerDeathClosesItsPorts) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter waiter(rt->vm());
  rt->spawn(atom(*rt, "iot"), atom(*rt, "owner_dies"), &waiter);
  const vm::ProcessOutcome& o = waiter.wait();
  ASSERT_EQ(o.kind, Kind::Returned);
  EXPECT_EQ(text(*rt, o.value), "closed");
  rt->stop();
}

TEST_F(IoServiceTest, VmDestroyedWithSocketsOpen) {
  auto rt = make_runtime();
  rt->start();
  vm::ProcessWaiter waiter(rt->vm());
  rt->spawn(atom(*rt, "iot"), atom(*rt, "open_and_leave"), &waiter);
  const vm::ProcessOutcome& o = waiter.wait();
  ASSERT_EQ(o.kind, Kind::Returned);
  EXPECT_EQ(text(*rt, o.value), "2");  // the listen socket and the client (the accepted side is not a port yet)
  rt->stop();
  rt.reset();  // closes every port and joins the loop thread; must not hang
}

TEST_F(IoServiceTest, PostRunsOnTheLoopInOrder) {
  auto rt = make_runtime();
  std::atomic<int> next{0};
  std::atomic<bool> in_order{true};
  std::atomic<std::thread::id> loop_thread{};
  for (int i = 0; i < 100; ++i) {
    rt->vm().io().post([&, i](uv_loop_t*) {
      if (next.fetch_add(1) != i) in_order = false;
      loop_thread = std::this_thread::get_id();
    });
  }
  for (int spins = 0; next.load() < 100 && spins < 1000; ++spins) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(next.load(), 100);
  EXPECT_TRUE(in_order.load());
  EXPECT_NE(loop_thread.load(), std::this_thread::get_id());
}

}  // namespace
}  // namespace girder
