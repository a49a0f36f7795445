-module(record_match).
-export([main/0]).
-record(msg, {type, body = <<>>, prio = normal}).
handle(#msg{type = ping}) -> pong;
handle(#msg{type = data, body = B, prio = high}) -> {urgent, byte_size(B)};
handle(#msg{type = data, body = B}) -> {data, B};
handle(#msg{}) -> unknown.
prio(M) when M#msg.prio =:= high -> high_prio;
prio(M) when is_record(M, msg) -> other_prio.
main() ->
    Ms = [#msg{type = ping}, #msg{type = data, body = <<"xyz">>, prio = high},
          #msg{type = data, body = <<"ab">>}, #msg{type = other}],
    io:format("~p~n", [[handle(M) || M <- Ms]]),
    io:format("~p~n", [[prio(M) || M <- Ms]]),
    #msg{body = Body} = lists:nth(2, Ms),
    io:format("~p~n", [Body]),
    io:format("~p~n", [[T || #msg{type = T, prio = normal} <- Ms]]),
    case lists:last(Ms) of
        #msg{type = T} when T =/= ping -> io:format("last type ~p~n", [T])
    end,
    ok.
