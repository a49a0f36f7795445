%% What a test prints is captured: shown after a failure, dropped after a
%% pass; ?capturedOutput reads it; io:format from a process the test spawned
%% goes to the same place.
-module(eunit_output).
-export([main/0]).
-include_lib("eunit/include/eunit.hrl").
-include("include/eunit_capture.hrl").

quiet_pass_test() -> io:format("not shown~n").
loud_fail_test() ->
    io:format("line one~n"),
    io:put_chars("line two\n"),
    io:fwrite("~p~n", [{a, "b"}]),
    ?assert(false).
unicode_fail_test() -> io:format("~ts~n", ["é ü €"]), error(u).
child_fail_test() ->
    Me = self(),
    spawn(fun () -> io:format("from child~n"), Me ! done end),
    receive done -> ok end,
    error(after_child).
captured_test() ->
    io:format("abc"),
    ?assertEqual("abc", ?capturedOutput).
long_output_test() ->
    io:put_chars(lists:duplicate(900, $x)),
    error(long).

main() ->
    run(eunit_output).
