%% Descriptor errors and failing fixtures: bad tests, generators that fail
%% or return no test, setup / cleanup / instantiation failures, missing
%% modules and functions. Each cancels what it stands for; the rest runs.
-module(eunit_errors).
-export([main/0]).
-include_lib("eunit/include/eunit.hrl").
-include("include/eunit_capture.hrl").

a_test() -> ok.

boom() -> erlang:error(boom).
ok_gen() -> ok.

main() ->
    run({foo, bar, baz}),
    run([fun a_test/0, {bad, test, descriptor}, fun a_test/0]),
    run({generator, fun boom/0}),
    run({generator, fun ok_gen/0}),
    run({generator, eunit_errors, boom}),
    run({setup, fun boom/0, fun (_) -> ok end, [fun a_test/0, fun a_test/0]}),
    run([fun a_test/0, {setup, fun () -> throw(no) end, [fun a_test/0]}, fun a_test/0]),
    run({setup, fun () -> ok end, fun (_) -> exit(cleanup_exit) end, [fun a_test/0]}),
    run({setup, fun () -> ok end, fun (_) -> ok end, fun (_) -> boom() end}),
    run({setup, fun () -> ok end, fun (_) -> ok end, fun (_) -> 42 end}),
    run({"named setup", {setup, fun boom/0, [fun a_test/0]}}),
    run(no_such_module),
    run({eunit_errors, no_such_test}),
    run([{eunit_errors, a_test}, {no_such_module_either, x_test}]),
    run({generator, eunit_errors, no_such_generator}),
    run([{"a list", [fun a_test/0, {setup, fun boom/0, [fun a_test/0]}]}, fun a_test/0]).
