-module(format_p_records).
-export([main/0]).
-record(state, {name, items = [], count = 0, opts = #{}}).
main() ->
    S = #state{name = server_process_name, items = [{item, I, "description " ++ integer_to_list(I)} || I <- lists:seq(1, 6)],
               count = 6, opts = #{debug => true, level => 3}},
    io:format("~p~n", [S]),
    io:format("~p~n", [[S#state{items = []}, S#state{items = [x]}]]),
    io:format("~p~n", [{reply, ok, S#state{items = lists:seq(1, 30)}}]),
    ok.
