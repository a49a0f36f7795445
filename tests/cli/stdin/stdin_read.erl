-module(stdin_read).
-export([main/0]).

%% io:read/1 on standard input: terms over several lines, several terms on
%% a line, comments, a syntax error (the rest of that term is skipped),
%% and the end of input.
main() ->
    loop().

loop() ->
    case io:read("term> ") of
        eof -> io:format("eof~n");
        Result -> io:format("~p~n", [Result]), loop()
    end.
