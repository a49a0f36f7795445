-module(stdin_large_chars).
-export([main/0]).

%% A megabyte in list mode, in 4096-character chunks.
main() ->
    loop(0, 0, 0, none).

loop(Chunks, Chars, Sum, Last) ->
    case io:get_chars('', 4096) of
        eof ->
            io:format("chunks ~p chars ~p sum ~p last ~p~n", [Chunks, Chars, Sum, Last]);
        Data ->
            loop(Chunks + 1, Chars + length(Data), (Sum + lists:sum(Data)) rem 1000000007,
                 lists:sublist(Data, 10))
    end.
