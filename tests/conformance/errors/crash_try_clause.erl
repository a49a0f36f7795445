-module(crash_try_clause).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("trying~n"),
    try id({unexpected, 1}) of
        ok -> io:format("ok~n")
    catch
        _:_ -> io:format("not reached: of-clause failures are not caught~n")
    end.
