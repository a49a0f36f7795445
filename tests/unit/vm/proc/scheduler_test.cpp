// The process runtime end to end: Erlang programs compiled and run by a real
// VM (girder::Runtime) on one or two scheduler threads, or in deterministic
// mode. Results are checked through the value the main function returns.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "vm/embed/runtime.h"
#include "vm/proc/scheduler.h"

namespace girder {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int status = -1;
  bool returned = false;
  bool deadlocked = false;
  std::string result;  // the returned value printed with ~p
  std::string errors;  // compile errors
};

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("girder_sched_" + std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1)));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Write `source` as module `module`, load it into a fresh runtime and call
  // module:run().
  RunResult run(const std::string& module, const std::string& source, unsigned schedulers,
                std::uint64_t seed = 0) {
    RunResult r;
    fs::path file = dir_ / (module + ".erl");
    {
      std::ofstream out(file);
      out << source;
    }
    RuntimeOptions options;
    options.code_path = {dir_.string()};
    options.schedulers = schedulers;
    options.seed = seed;
    Runtime rt(options);
    if (!rt.load_source_file(file.string(), r.errors)) {
      ADD_FAILURE() << "compile errors:\n" << r.errors;
      return r;
    }
    vm::VM& vm = rt.vm();
    Runtime::Outcome o = rt.call(vm.atoms().intern(module), vm.atoms().intern("run"), {}, false, true);
    r.status = o.status;
    r.returned = o.returned;
    r.result = o.result_text;
    r.deadlocked = vm.scheduler().deadlocked();
    vm.flush_output();
    return r;
  }

  fs::path dir_;
};

// --- message passing ---------------------------------------------------------

const char* kPingPong = R"(
-module(sched_pingpong).
-export([run/0]).
run() ->
    Pong = spawn(fun pong/0),
    Sum = ping(Pong, 10000, 0),
    Pong ! stop,
    Sum.
ping(_, 0, Acc) -> Acc;
ping(Pong, N, Acc) ->
    Pong ! {self(), N},
    receive {pong, M} -> ping(Pong, N - 1, Acc + M) end.
pong() ->
    receive
        {From, N} -> From ! {pong, N * 2}, pong();
        stop -> ok
    end.
)";

TEST_F(SchedulerTest, PingPongOneScheduler) {
  RunResult r = run("sched_pingpong", kPingPong, 1);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.returned);
  EXPECT_EQ(r.result, "100010000");  // 2 * (1 + ... + 10000)
}

TEST_F(SchedulerTest, PingPongTwoSchedulers) {
  RunResult r = run("sched_pingpong", kPingPong, 2);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "100010000");
}

const char* kSpawnMany = R"(
-module(sched_spawn).
-export([run/0]).
run() ->
    N = 10000,
    spawn_all(self(), 1, N),
    {Count, Is, Sum} = collect(N, 0, [], 0),
    {Count, lists:sort(Is) =:= lists:seq(1, N), Sum}.
spawn_all(_, I, N) when I > N -> ok;
spawn_all(Parent, I, N) ->
    spawn(fun() -> Parent ! {reply, I, I * I} end),
    spawn_all(Parent, I + 1, N).
collect(0, Count, Is, Sum) -> {Count, Is, Sum};
collect(K, Count, Is, Sum) ->
    receive {reply, I, V} -> collect(K - 1, Count + 1, [I | Is], Sum + V) end.
)";

TEST_F(SchedulerTest, TenThousandProcessesEachReplyOneScheduler) {
  RunResult r = run("sched_spawn", kSpawnMany, 1);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "{10000,true,333383335000}");
}

TEST_F(SchedulerTest, TenThousandProcessesEachReplyTwoSchedulers) {
  RunResult r = run("sched_spawn", kSpawnMany, 2);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "{10000,true,333383335000}");
}

TEST_F(SchedulerTest, ManySendersOneReceiverKeepPerSenderOrder) {
  // 8 senders x 2000 messages: every message arrives, and each sender's
  // messages arrive in the order sent.
  const char* src = R"(
-module(sched_order).
-export([run/0]).
run() ->
    Self = self(),
    start(Self, 1, 8),
    check(8 * 2000, #{}).
start(_, I, N) when I > N -> ok;
start(Parent, I, N) ->
    spawn(fun() -> send(Parent, I, 1) end),
    start(Parent, I + 1, N).
send(_, _, 2001) -> ok;
send(To, Id, Seq) -> To ! {Id, Seq}, send(To, Id, Seq + 1).
check(0, Last) -> lists:sort(maps:to_list(Last));
check(K, Last) ->
    receive
        {Id, Seq} ->
            case maps:get(Id, Last, 0) of
                Prev when Prev =:= Seq - 1 -> check(K - 1, Last#{Id => Seq});
                Prev -> {out_of_order, Id, Prev, Seq}
            end
    end.
)";
  for (unsigned schedulers : {1u, 2u}) {
    RunResult r = run("sched_order", src, schedulers);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.result, "[{1,2000},{2,2000},{3,2000},{4,2000},{5,2000},{6,2000},{7,2000},{8,2000}]") << schedulers;
  }
}

// --- preemption --------------------------------------------------------------

TEST_F(SchedulerTest, SpinnerDoesNotStarveOthers) {
  // One scheduler: the spinner never waits, so the ping-pong partner (and
  // main itself) only run if the spinner's slices end. Main returns while
  // the spinner is still running; the run must end anyway.
  const char* src = R"(
-module(sched_spin).
-export([run/0]).
run() ->
    Spinner = spawn(fun() -> spin(0) end),
    Pong = spawn(fun pong/0),
    Sum = ping(Pong, 1000, 0),
    Pong ! stop,
    {Sum, is_process_alive(Spinner)}.
spin(N) -> spin(N + 1).
ping(_, 0, Acc) -> Acc;
ping(Pong, N, Acc) ->
    Pong ! {self(), N},
    receive {pong, M} -> ping(Pong, N - 1, Acc + M) end.
pong() ->
    receive
        {From, N} -> From ! {pong, N * 2}, pong();
        stop -> ok
    end.
)";
  RunResult r = run("sched_spin", src, 1);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "{1001000,true}");
}

TEST_F(SchedulerTest, LongListBifsYieldBetweenSlices) {
  // On one scheduler, processes doing lists:reverse, ++, --, lists:member
  // and lists:keyfind on lists of a million elements must let a process
  // queued behind each of them run before they finish (the BIFs trap every
  // 40,000 elements, or to Erlang code; Process::trap). Without slicing each
  // call would run to its end first.
  const char* src = R"(
-module(sched_longbif).
-export([run/0]).
run() ->
    Self = self(),
    Big = lists:seq(1, 1000000),
    spawn(fun() -> R = lists:reverse(Big), Self ! {reverse, hd(R)} end),
    spawn(fun() -> Self ! quick end),
    spawn(fun() -> A = Big ++ [tail], Self ! {append, lists:last(A)} end),
    spawn(fun() -> Self ! quick2 end),
    Pairs = [{K, K * 2} || K <- Big],
    spawn(fun() -> Self ! {member, lists:member(-1, Big), lists:keyfind(999999, 1, Pairs)} end),
    spawn(fun() -> Self ! quick3 end),
    spawn(fun() -> Self ! {subtract, length(Big -- lists:seq(1, 500000))} end),
    spawn(fun() -> Self ! quick4 end),
    Order = [receive M -> M end || _ <- [1, 2, 3, 4, 5, 6, 7, 8]],
    Pos = fun(Tag) -> length(lists:takewhile(fun(M) -> M =/= Tag andalso element(1, M) =/= Tag end,
                                             [if is_atom(X) -> {X}; true -> X end || X <- Order])) end,
    {Pos(quick) < Pos(reverse), Pos(quick2) < Pos(append), Pos(quick3) < Pos(member),
     Pos(quick4) < Pos(subtract), lists:keyfind(member, 1, Order), lists:keyfind(subtract, 1, Order)}.
)";
  RunResult r = run("sched_longbif", src, 1);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "{true,true,true,true,{member,false,{999999,1999998}},{subtract,500000}}");
}

TEST_F(SchedulerTest, SpinnersDoNotStarveAWorker) {
  // Two spinners are queued ahead of a worker that needs many slices of its
  // own; main waits for its answer.
  const char* src = R"(
-module(sched_spin2).
-export([run/0]).
run() ->
    Self = self(),
    S1 = spawn(fun() -> spin(0) end),
    S2 = spawn(fun() -> spin(0) end),
    spawn(fun() -> Self ! {fib, fib(22)} end),
    R = receive {fib, F} -> F end,
    exit(S1, kill),
    exit(S2, kill),
    R.
spin(N) -> spin(N + 1).
fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
)";
  RunResult r = run("sched_spin2", src, 1);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "17711");
}

// --- priorities --------------------------------------------------------------

TEST_F(SchedulerTest, HighPriorityRunsBeforeNormalAndLowAfter) {
  // One scheduler. Main queues (in this order) a low, three normal and a
  // high priority process, each sending one message, then waits: the high
  // one runs first, the normal ones in spawn order, the low one last.
  // (Spawns are written out one by one, not as a list comprehension, so the
  // spawn order does not depend on the compiler's ordering of effects.)
  const char* src = R"(
-module(sched_prio).
-export([run/0]).
run() ->
    Self = self(),
    spawn_opt(fun() -> Self ! low end, [{priority, low}]),
    spawn(fun() -> Self ! {normal, 1} end),
    spawn(fun() -> Self ! {normal, 2} end),
    spawn(fun() -> Self ! {normal, 3} end),
    spawn_opt(fun() -> Self ! high end, [{priority, high}]),
    collect(5, []).
collect(0, Acc) -> lists:reverse(Acc);
collect(K, Acc) -> receive M -> collect(K - 1, [M | Acc]) end.
)";
  RunResult r = run("sched_prio", src, 1);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "[high,{normal,1},{normal,2},{normal,3},low]");
}

TEST_F(SchedulerTest, HighPriorityProcessPreemptsNormalSpinners) {
  // Normal spinners fill the queue; a high-priority process that keeps
  // doing work in many slices still finishes promptly, and process_flag
  // reports the priority.
  const char* src = R"(
-module(sched_prio2).
-export([run/0]).
run() ->
    Self = self(),
    Spinners = [spawn(fun() -> spin(0) end), spawn(fun() -> spin(0) end)],
    spawn_opt(fun() ->
                      P = process_flag(priority, high),
                      Self ! {done, P, count(200000, 0)}
              end, [{priority, high}]),
    R = receive {done, _, _} = M -> M end,
    [exit(S, kill) || S <- Spinners],
    R.
spin(N) -> spin(N + 1).
count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).
)";
  RunResult r = run("sched_prio2", src, 1);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "{done,high,200000}");
}

// Regression: with one scheduler, two processes that keep waking each other
// through the worker's `next` slot once starved every process in the run
// queue, whatever its priority (take() now limits the slot).
TEST_F(SchedulerTest, PingPongPairDoesNotStarveTheRunQueue) {
  const char* src = R"(
-module(sched_starve).
-export([run/0]).
run() ->
    Main = self(),
    Pong = spawn(fun pong/0),
    Pong ! {self(), ping},
    receive pong -> ok end,
    spawn_opt(fun() -> Main ! x_ran end, [{priority, high}]),
    loop(Pong, 0, 100000).
pong() ->
    receive {From, ping} -> From ! pong, pong(); stop -> ok end.
loop(Pong, I, Max) when I >= Max -> Pong ! stop, starved;
loop(Pong, I, Max) ->
    receive
        x_ran -> Pong ! stop, ran
    after 0 ->
        Pong ! {self(), ping},
        receive pong -> loop(Pong, I + 1, Max) end
    end.
)";
  RunResult r = run("sched_starve", src, 1);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "ran");
}

// --- deterministic mode ------------------------------------------------------

// Two senders interleave 100 messages each into main's mailbox; the result is
// the arrival order (plus a check that each sender's order held), which
// depends on how the slices fell.
const char* kInterleave = R"(
-module(sched_det).
-export([run/0]).
run() ->
    Self = self(),
    spawn(fun() -> send(Self, a, 1) end),
    spawn(fun() -> send(Self, b, 1) end),
    collect(200, [], 0, 0).
send(_, _, 101) -> ok;
send(To, Tag, N) -> burn(30), To ! {Tag, N}, send(To, Tag, N + 1).
burn(0) -> ok;
burn(K) -> burn(K - 1).
collect(0, Acc, A, B) -> {A, B, lists:reverse(Acc)};
collect(K, Acc, A, B) ->
    receive
        {a, N} when N =:= A + 1 -> collect(K - 1, [a | Acc], N, B);
        {b, N} when N =:= B + 1 -> collect(K - 1, [b | Acc], A, N);
        Other -> {out_of_order, Other}
    end.
)";

bool valid_interleaving(const std::string& printed) {
  // {100,100,[a,b,...]} with 100 of each tag (~p may break lines).
  std::string result;
  for (char c : printed) {
    if (c != ' ' && c != '\n') result += c;
  }
  if (result.rfind("{100,100,[", 0) != 0) return false;
  std::size_t as = 0, bs = 0;
  for (std::size_t i = 10; i < result.size(); ++i) {
    if (result[i] == 'a') ++as;
    if (result[i] == 'b') ++bs;
  }
  return as == 100 && bs == 100;
}

TEST_F(SchedulerTest, SameSeedSameInterleaving) {
  for (std::uint64_t seed : {42u, 7u}) {
    RunResult first = run("sched_det", kInterleave, 1, seed);
    EXPECT_EQ(first.status, 0);
    EXPECT_TRUE(valid_interleaving(first.result)) << first.result;
    for (int i = 0; i < 2; ++i) {
      RunResult again = run("sched_det", kInterleave, 1, seed);
      EXPECT_EQ(again.result, first.result) << "seed " << seed << " run " << i + 2;
    }
  }
}

TEST_F(SchedulerTest, SeedOverridesTheThreadCount) {
  // Deterministic mode runs one thread even when more are asked for.
  RunResult one = run("sched_det", kInterleave, 1, 99);
  RunResult two = run("sched_det", kInterleave, 2, 99);
  EXPECT_TRUE(valid_interleaving(one.result)) << one.result;
  EXPECT_EQ(one.result, two.result);
}

TEST_F(SchedulerTest, DifferentSeedsGiveValidInterleavings) {
  // Other seeds may or may not interleave differently; each must be a valid
  // interleaving (nothing lost, per-sender order kept).
  for (std::uint64_t seed : {1u, 2u, 3u, 1234567u}) {
    RunResult r = run("sched_det", kInterleave, 1, seed);
    EXPECT_EQ(r.status, 0) << seed;
    EXPECT_TRUE(valid_interleaving(r.result)) << seed << ": " << r.result;
  }
}

TEST_F(SchedulerTest, DeterministicModeRunsPingPongAndSpawns) {
  RunResult a = run("sched_pingpong", kPingPong, 0, 5);
  EXPECT_EQ(a.result, "100010000");
  RunResult b = run("sched_spawn", kSpawnMany, 0, 5);
  EXPECT_EQ(b.result, "{10000,true,333383335000}");
}

// --- timers and the end of a run ---------------------------------------------

TEST_F(SchedulerTest, ReceiveAfterAndSendAfter) {
  const char* src = R"(
-module(sched_timer).
-export([run/0]).
run() ->
    T0 = erlang:monotonic_time(millisecond),
    A = receive never -> never after 20 -> timeout end,
    erlang:send_after(10, self(), tick),
    B = receive tick -> tick end,
    Ref = erlang:send_after(5000, self(), late),
    Left = erlang:cancel_timer(Ref),
    C = receive late -> late after 30 -> none end,
    Elapsed = erlang:monotonic_time(millisecond) - T0,
    {A, B, C, is_integer(Left) andalso Left > 4000, Elapsed >= 60}.
)";
  for (unsigned schedulers : {1u, 2u}) {
    RunResult r = run("sched_timer", src, schedulers);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.result, "{timeout,tick,none,true,true}") << schedulers;
  }
  // Deterministic mode: timers still work (their timing is the clock's).
  RunResult r = run("sched_timer", src, 1, 3);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.result, "{timeout,tick,none,true,true}");
}

TEST_F(SchedulerTest, DeadlockIsDetected) {
  // Main waits for a message nobody can send: the run ends, reporting a
  // deadlock, instead of hanging.
  const char* src = R"(
-module(sched_deadlock).
-export([run/0]).
run() ->
    spawn(fun() -> receive never -> ok end end),
    receive never -> ok end.
)";
  RunResult r = run("sched_deadlock", src, 2);
  EXPECT_EQ(r.status, 1);
  EXPECT_FALSE(r.returned);
  EXPECT_TRUE(r.deadlocked);
}

// Regression: in deterministic mode pop_random() once left the worker's
// visible_length stale, so the idle worker never slept, the deadlock check
// never ran, and this run spun for ever.
TEST_F(SchedulerTest, DeadlockIsDetectedInDeterministicMode) {
  const char* src = R"(
-module(sched_deadlock_seed).
-export([run/0]).
run() ->
    spawn(fun() -> receive never -> ok end end),
    receive never -> ok end.
)";
  RunResult r = run("sched_deadlock_seed", src, 1, 1);
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.deadlocked);
}

TEST_F(SchedulerTest, MainCrashIsReported) {
  const char* src = R"(
-module(sched_crash).
-export([run/0]).
run() ->
    Self = self(),
    spawn(fun() -> Self ! {value, 1} end),
    receive {value, V} -> V + not_a_number end.
)";
  RunResult r = run("sched_crash", src, 1);
  EXPECT_EQ(r.status, 1);
  EXPECT_FALSE(r.returned);
  EXPECT_FALSE(r.deadlocked);
}

}  // namespace
}  // namespace girder
