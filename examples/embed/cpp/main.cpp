// A C++ host of Girder through girder.hpp: the same walk as the C example,
// with RAII owners, conversions to C++ types and exceptions.
#include <cstdint>
#include <iostream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <girder.hpp>

namespace {

const char* kStatsV1 = R"(
-module(stats).
-export([summary/1, tally/1, counter/1]).
summary(Xs) -> {lists:sum(Xs), length(Xs), host:mean(Xs)}.
tally(Words) -> lists:foldl(fun(W, M) -> maps:update_with(W, fun(N) -> N + 1 end, 1, M) end, #{}, Words).
counter(N) -> receive {From, add, K} -> From ! {total, N + K}, stats:counter(N + K) end.
)";

const char* kStatsV2 = R"(
-module(stats).
-export([summary/1, tally/1, counter/1]).
summary(Xs) -> {lists:sum(Xs), length(Xs), host:mean(Xs), lists:max(Xs)}.
tally(Words) -> lists:foldl(fun(W, M) -> maps:update_with(W, fun(N) -> N + 1 end, 1, M) end, #{}, Words).
counter(N) -> receive {From, add, K} -> From ! {total, 10 * (N + K)}, stats:counter(N + K) end.
)";

// host:mean(Xs), written in C++.
girder_status mean(girder_native_call* call, girder_arena* raw, const girder_term* args, size_t,
                   girder_term* result) {
  girder::Arena a = girder::Arena::borrow(raw);
  try {
    auto xs = a.wrap(args[0]).as<std::vector<double>>();
    double sum = 0;
    for (double x : xs) sum += x;
    *result = a.make(xs.empty() ? 0.0 : sum / static_cast<double>(xs.size())).handle();
    return GIRDER_OK;
  } catch (const girder::Error&) {
    return girder_native_raise(call, "error", a.make(girder::Atom{"badarg"}).handle());
  }
}

}  // namespace

int main() {
  try {
    girder::Vm vm;
    vm.register_native("host", "mean", 1, mean);
    vm.load_source("stats.erl", kStatsV1);
    girder::Arena a(vm);

    auto [sum, count, avg] = a.call<std::tuple<std::int64_t, std::int64_t, double>>(
        "stats", "summary", std::vector<std::int64_t>{3, 4, 5, 8});
    std::cout << "summary: sum " << sum << ", count " << count << ", mean " << avg << "\n";

    auto tally = a.call<std::map<std::string, int>>("stats", "tally",
                                                    std::vector<std::string>{"a", "b", "a", "c", "a"});
    for (const auto& [word, n] : tally) std::cout << "tally " << word << " = " << n << "\n";

    girder::Mailbox mb(vm);
    girder::Term counter = a.spawn("stats", "counter", {a.make(0)});
    girder::Term me = mb.pid(a);
    a.send(counter, a.tuple(me, girder::Atom{"add"}, 5));
    girder::Term reply;
    if (mb.receive(a, 5000, reply)) std::cout << "counter (v1): " << reply.str() << "\n";

    try {
      a.call("stats", "summary", girder::Atom{"not_a_list"});
    } catch (const girder::ErlangException& e) {
      std::cout << "stats:summary(not_a_list) raised " << e.error_class() << ":" << e.reason().str() << "\n";
    }

    vm.load_source("stats.erl", kStatsV2);
    std::cout << "summary (v2): " << a.call("stats", "summary", std::vector<int>{1, 9}).str() << "\n";
    a.send(counter, a.tuple(me, girder::Atom{"add"}, 1));  // v1 finishes this one
    if (mb.receive(a, 5000, reply)) std::cout << "counter (finishing v1): " << reply.str() << "\n";
    a.send(counter, a.tuple(me, girder::Atom{"add"}, 1));
    if (mb.receive(a, 5000, reply)) std::cout << "counter (v2): " << reply.str() << "\n";
  } catch (const girder::Error& e) {
    std::cerr << e.what() << "\n" << girder_last_error() << "\n";
    return 1;
  }
  std::cout << "shut down cleanly\n";
  return 0;
}
