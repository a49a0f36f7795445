%% calendar: system time to and from RFC 3339 (units, offsets, the time
%% designator), now_to_datetime, system_time_to_universal_time. Offsets are
%% always given, so the output does not depend on the machine's time zone.
-module(calendar_rfc3339).
-export([main/0]).

main() ->
    io:format("~p~n", [calendar:system_time_to_rfc3339(1517501878, [{offset, "Z"}])]),
    io:format("~p~n", [calendar:system_time_to_rfc3339(1517501878123, [{unit, millisecond}, {offset, "Z"}])]),
    io:format("~p~n", [calendar:system_time_to_rfc3339(1517501878, [{offset, 3600}])]),
    io:format("~p~n", [calendar:system_time_to_rfc3339(1517501878, [{offset, "-02:30"}, {time_designator, $\s}])]),
    io:format("~p~n", [calendar:system_time_to_rfc3339(1517501878123456, [{unit, microsecond}, {offset, "+05:45"}])]),
    io:format("~p~n", [calendar:system_time_to_rfc3339(1517501878, [{unit, nanosecond}, {offset, "Z"}])]),
    io:format("~p~n", [calendar:system_time_to_rfc3339(0, [{offset, "Z"}])]),
    io:format("~p~n", [calendar:rfc3339_to_system_time("2018-02-01T16:17:58+01:00")]),
    io:format("~p~n", [calendar:rfc3339_to_system_time("2018-02-01 16:17:58.5Z", [{unit, millisecond}])]),
    io:format("~p~n", [calendar:rfc3339_to_system_time("2018-02-01t16:17:58.123456-00:30", [{unit, microsecond}])]),
    io:format("~p~n", [calendar:rfc3339_to_system_time("1970-01-01T00:00:00Z")]),
    io:format("~p~n", [calendar:rfc3339_to_system_time("2018-02-01T16:17:58.987654321Z", [{unit, millisecond}])]),
    io:format("~p~n", [calendar:now_to_datetime({1517, 501878, 99})]),
    io:format("~p~n", [calendar:now_to_universal_time({0, 0, 0})]),
    io:format("~p~n", [calendar:system_time_to_universal_time(1517501878000, millisecond)]),
    io:format("~p~n", [calendar:system_time_to_universal_time(-1, second)]),
    T = erlang:system_time(second),
    io:format("~p~n", [calendar:rfc3339_to_system_time(calendar:system_time_to_rfc3339(T)) =:= T]),
    ok.
