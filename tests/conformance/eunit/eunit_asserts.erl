%% Failing assertions: the report block for each kind (the error term EUnit
%% prints is the one the macro raised), comments, not_boolean values, and
%% the terms themselves, caught directly.
-module(eunit_asserts).
-export([main/0]).
-include_lib("eunit/include/eunit.hrl").
-include("include/eunit_capture.hrl").

assert_fails_test() -> ?assert(length([a, b]) =:= 3).
assert_not_boolean_test() -> ?assert(maybe_bool(x)).
assert_not_test() -> ?assertNot(lists:member(a, [a])).
equal_test() -> ?assertEqual([1, 2, 3], lists:seq(1, 4)).
not_equal_test() -> ?assertNotEqual({a, 1}, list_to_tuple([a, 1])).
match_test() -> ?assertMatch({ok, N} when N > 5, {ok, 3}).
not_match_test() -> ?assertNotMatch([_, _], "ab").
error_success_test() -> ?assertError(badarg, atom_to_list(ok)).
exit_success_test() -> ?assertExit(normal, id(1)).
throw_success_test() -> ?assertThrow({stop, _}, [x]).
comment_test() -> ?assertEqual(1, id(2), "one is not two").
comment_match_test() -> ?assertMatch(<<"a", _/binary>>, <<"ba">>, {note, 7}).
big_value_test() -> ?assertEqual(lists:seq(1, 30), lists:seq(1, 31)).
plain_error_test() -> erlang:error({custom, [1, 2, 3]}).
badmatch_test() -> {ok, _} = id({error, enoent}).
throw_test() -> throw(thrown).
exit_test() -> exit({shutdown, why}).
ok_test() -> ok.

maybe_bool(X) -> X.
id(X) -> X.

%% The error term without the stack trace an unexpected_exception carries.
term(F) ->
    try F() of
        V -> {returned, V}
    catch
        error:{Kind, Info} when is_list(Info) ->
            {Kind, [case I of
                        {unexpected_exception, {C, R, _Stack}} -> {unexpected_exception, {C, R}};
                        _ -> I
                    end || I <- Info]}
    end.

main() ->
    run(eunit_asserts),
    lists:foreach(fun (F) -> io:format("~p~n", [term(F)]) end,
                  [fun () -> ?assertError(badarg, throw(x)) end,
                   fun () -> ?assertException(exit, {a, _}, exit({b, 1})) end,
                   fun () -> ?assertNotException(throw, {x, _}, throw({x, 2})) end,
                   fun () -> ?assertNotException(throw, {x, _}, throw({x, 2}), "c") end,
                   fun () -> ?assertThrow(t, ok, "with comment") end,
                   fun () -> ?assert(false, "msg") end,
                   fun () -> ?assertNot(true, <<"bin">>) end,
                   fun () -> ?assertNot(3) end,
                   fun () -> ?assertNotEqual(2, 1 + 1, 'cm') end,
                   fun () -> ?assertNotMatch({_}, {1}, [c]) end,
                   fun () -> ?assert(true) end]),
    run([?_assertEqual(1, 2), ?_assertMatch([], [?MODULE]), {"titled", ?_assert(1 > 2)}]).
