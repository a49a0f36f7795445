%% Macro arguments are substituted as written and expanded afterwards (epp):
%% ??Arg in a macro called from another macro's body sees the caller's text,
%% and a macro may take a call of itself as an argument.
-module(macro_nested_stringify).
-export([main/0]).

-define(S(X), ??X).
-define(T(X), ?S(X)).
-define(U(X), ?T(X)).
-define(F, foo).
-define(MAX(A, B), (case (A) > (B) of true -> (A); false -> (B) end)).
-define(PAIR(X), {X, ??X}).
-define(TWICE(X), [?PAIR(X), ?PAIR(X)]).
-define(ADD(A, B), A + B).
-define(ARGS, 1, 2).

main() ->
    io:format("~p~n", [?S(?F + ?MODULE)]),
    io:format("~p~n", [?T(?F + ?MODULE)]),
    io:format("~p~n", [?U([?F, ?LINE])]),
    io:format("~p~n", [?MAX(?MAX(1, 5), ?MAX(3, 2))]),
    io:format("~p~n", [?TWICE(?F)]),
    io:format("~p~n", [?T(?ADD(?ARGS, 3))]),
    io:format("~p~n", [?ADD(?MAX(1, 2), 10)]).
