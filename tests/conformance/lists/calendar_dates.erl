%% calendar: day numbers, week days, leap years and their inverses, across
%% century and leap-year boundaries (stdlib/calendar.erl).
-module(calendar_dates).
-export([main/0]).

main() ->
    Dates = [{0, 1, 1}, {0, 2, 29}, {0, 12, 31}, {1, 1, 1}, {4, 2, 29}, {99, 12, 31},
             {100, 3, 1}, {400, 2, 29}, {1582, 10, 15}, {1900, 2, 28}, {1900, 3, 1},
             {1970, 1, 1}, {1999, 12, 31}, {2000, 2, 29}, {2000, 3, 1}, {2013, 5, 13},
             {2024, 12, 31}, {2100, 3, 1}, {9999, 12, 31}],
    lists:foreach(
      fun (D) ->
              Days = calendar:date_to_gregorian_days(D),
              io:format("~w ~w ~w ~w~n",
                        [D, Days, calendar:gregorian_days_to_date(Days), calendar:day_of_the_week(D)])
      end, Dates),
    io:format("~w~n", [[calendar:iso_week_number(D) || D <- [{2005, 1, 1}, {2007, 12, 31}, {2008, 12, 29},
                                                              {2009, 12, 31}, {2010, 1, 3}, {2024, 6, 15}]]]),
    io:format("~w~n", [[calendar:is_leap_year(Y) || Y <- [0, 1, 4, 100, 200, 400, 1900, 2000, 2023, 2024]]]),
    io:format("~w~n", [[calendar:last_day_of_the_month(Y, M) || {Y, M} <- [{2023, 2}, {2024, 2}, {1900, 2}, {2000, 4}, {2000, 12}]]]),
    io:format("~w~n", [[calendar:valid_date(D) || D <- [{2023, 2, 29}, {2024, 2, 29}, {2024, 13, 1}, {2024, 4, 31}, {-1, 1, 1}]]]),
    S = calendar:datetime_to_gregorian_seconds({{2015, 1, 24}, {23, 59, 59}}),
    io:format("~w ~w~n", [S, calendar:gregorian_seconds_to_datetime(S + 1000000000)]),
    io:format("~w ~w~n", [calendar:seconds_to_daystime(100000), calendar:seconds_to_daystime(-1)]),
    io:format("~w ~w~n", [calendar:time_to_seconds({1, 2, 3}), calendar:seconds_to_time(3723)]),
    io:format("~w~n", [calendar:time_difference({{2000, 1, 1}, {0, 0, 0}}, {{2000, 1, 2}, {1, 0, 0}})]),
    %% Every day of four years round-trips.
    Start = calendar:date_to_gregorian_days(1999, 1, 1),
    Bad = [N || N <- lists:seq(Start, Start + 4 * 366),
                calendar:date_to_gregorian_days(calendar:gregorian_days_to_date(N)) =/= N],
    io:format("~w~n", [Bad]).
