-module(atom_quote).
-export([main/0]).
main() ->
    As = [abc, 'Abc', 'hello world', '', 'a-b', a_b, a@b, 'a.b', 'a1', '1a', '_x',
          'if', 'case', 'end', 'fun', 'receive', 'after', 'of', 'when', 'and', 'or', 'not',
          'try', 'catch', 'div', 'rem', 'band', 'bnot', 'maybe', 'else', 'cond', 'let',
          true, false, undefined, ok, 'OK', 'it\'s', 'tab\there', 'new\nline', 'é', 'a\\b',
          'ünïcode', '+', '++', '=', '[]', '{}', 'xY9_@z', nonode@nohost, 'hello"world'],
    [io:format("~p ~w ~s~n", [A, A, atom_to_list(A)]) || A <- As],
    io:format("~p~n", [As]),
    ok.
