-module(record_print).
-export([main/0]).
-record(employee, {id, name, department, salary, manager = undefined, skills = [], address}).
main() ->
    E = #employee{id = 1001, name = "Alice Anderson", department = engineering, salary = 125000,
                  skills = [erlang, elixir, rust, cplusplus, haskell, "distributed systems"],
                  address = {"123 Main Street", "Springfield", "IL", 62701}},
    io:format("~p~n", [E]),
    Team = [E#employee{id = N, name = "Employee " ++ integer_to_list(N)} || N <- lists:seq(1, 3)],
    io:format("~p~n", [Team]),
    io:format("~w~n", [E]),
    ok.
