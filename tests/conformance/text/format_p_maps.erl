-module(format_p_maps).
-export([main/0]).
main() ->
    M = maps:from_list([{list_to_atom("key_" ++ integer_to_list(I)), I * 1000} || I <- lists:seq(1, 12)]),
    io:format("~p~n", [M]),
    io:format("~p~n", [#{short => map}]),
    io:format("~p~n", [#{a => #{b => #{c => #{d => lists:seq(1, 25)}}}}]),
    io:format("~p~n", [[#{id => I, name => "item number " ++ integer_to_list(I)} || I <- lists:seq(1, 4)]]),
    io:format("~p~n", [{state, #{clients => [], pending => #{}, config => #{timeout => 5000, retries => 3, backoff => exponential}}}]),
    io:format("~w~n", [M]),
    ok.
