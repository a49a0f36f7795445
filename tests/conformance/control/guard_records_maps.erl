-module(guard_records_maps).
-export([main/0]).
-record(job, {id, state = queued}).
classify(#job{state = running}) -> busy;
classify(J) when is_record(J, job), J#job.state =:= done -> finished;
classify(M) when is_map(M), map_size(M) =:= 0 -> empty_map;
classify(#{state := S}) when S =:= running -> map_running;
classify(M) when is_map_key(id, M) -> map_with_id;
classify(_) -> unknown.
main() ->
    Xs = [#job{id = 1, state = running}, #job{id = 2, state = done}, #job{id = 3}, #{}, #{state => running},
          #{id => 9}, #{other => 1}, {job, 4, running}],
    io:format("~p~n", [[classify(X) || X <- Xs]]),
    ok.
