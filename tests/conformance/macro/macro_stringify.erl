-module(macro_stringify).
-export([main/0]).
-define(SHOW(Expr), io:format("~s = ~p~n", [??Expr, Expr])).
-define(STR(X), ??X).
main() ->
    ?SHOW(1 + 2),
    ?SHOW(lists:reverse([1, 2, 3])),
    ?SHOW({a, "b", <<"c">>}),
    ?SHOW(10 div 3 * 2),
    ?SHOW(atom_to_list('Quoted')),
    ?SHOW(#{k => v}),
    io:format("~p~n", [?STR(foo(Bar, 1.5e3))]),
    io:format("~p~n", [?STR([1,2 , 3])]),
    ok.
