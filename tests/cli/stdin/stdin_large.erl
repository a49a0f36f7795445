-module(stdin_large).
-export([main/0]).

%% A megabyte of lines in binary mode: count them, add the numbers up.
main() ->
    ok = io:setopts([binary]),
    loop(0, 0, 0, none).

loop(Lines, Bytes, Sum, Last) ->
    case io:get_line('') of
        eof ->
            io:format("lines ~p bytes ~p sum ~p last ~p~n", [Lines, Bytes, Sum, Last]);
        Line ->
            N = binary_to_integer(binary:part(Line, 0, byte_size(Line) - 1)),
            loop(Lines + 1, Bytes + byte_size(Line), Sum + N, Line)
    end.
