%% The top frame of an error raised by a BIF of lists, maps, binary or math
%% carries OTP's error_info (module erl_stdlib_errors; erlang BIFs have
%% erl_erts_errors), and maps:get/2 fails as erlang:map_get/2, the guard BIF
%% OTP's compiler turns it into.
-module(errors_stdlib_error_info).
-export([main/0]).
t(F) -> try F() catch error:R:S -> io:format("~p ~p~n", [R, hd(S)]) end.
main() ->
    t(fun() -> atom_to_list(id(1)) end),
    t(fun() -> lists:reverse(id(a), []) end),
    t(fun() -> lists:keyfind(a, id(0), []) end),
    t(fun() -> lists:member(1, id(x)) end),
    t(fun() -> maps:get(a, id(#{})) end),
    t(fun() -> maps:get(a, id(x)) end),
    t(fun() -> maps:put(a, 1, id(x)) end),
    t(fun() -> maps:find(a, id(x)) end),
    t(fun() -> binary:part(id(<<1>>), 5, 1) end),
    t(fun() -> binary:first(id(<<>>)) end),
    t(fun() -> math:sqrt(id(a)) end),
    t(fun() -> math:log(id(0)) end),
    t(fun() -> element(5, id({})) end),
    t(fun() -> list_to_integer(id("x")) end),
    ok.
id(X) -> X.
