%% calendar: the date arithmetic of OTP 25's `calendar' module, written for
%% Girder from its reference manual. Dates are {Year, Month, Day} in the
%% proleptic Gregorian calendar; day 0 is 0000-01-01 and second 0 its
%% midnight. Days of the week run from 1 (Monday) to 7 (Sunday).
%%
%% Provided: date_to_gregorian_days/1,3, gregorian_days_to_date/1,
%% datetime_to_gregorian_seconds/1, gregorian_seconds_to_datetime/1,
%% day_of_the_week/1,3, is_leap_year/1, last_day_of_the_month/2,
%% valid_date/1,3, time_to_seconds/1, seconds_to_time/1,
%% seconds_to_daystime/1, time_difference/2, iso_week_number/0,1,
%% universal_time/0, local_time/0 (both UTC: Girder has no time zones).
%% Not provided: local/universal time conversions with time zones,
%% rfc3339 and system_time conversions, now_to_* functions.
-module(calendar).

-export([date_to_gregorian_days/1, date_to_gregorian_days/3,
         datetime_to_gregorian_seconds/1, day_of_the_week/1,
         day_of_the_week/3, gregorian_days_to_date/1,
         gregorian_seconds_to_datetime/1, is_leap_year/1, iso_week_number/0,
         iso_week_number/1, last_day_of_the_month/2, local_time/0,
         seconds_to_daystime/1, seconds_to_time/1, time_difference/2,
         time_to_seconds/1, universal_time/0, valid_date/1, valid_date/3,
         system_time_to_rfc3339/1, system_time_to_rfc3339/2,
         rfc3339_to_system_time/1, rfc3339_to_system_time/2,
         now_to_datetime/1, now_to_universal_time/1, now_to_local_time/1,
         system_time_to_universal_time/2, system_time_to_local_time/2,
         universal_time_to_local_time/1, local_time_to_universal_time/1,
         local_time_to_universal_time/2, local_time_to_universal_time_dst/1]).

-define(SECONDS_PER_DAY, 86400).
-define(DAYS_PER_400_YEARS, 146097).

date_to_gregorian_days({Year, Month, Day}) ->
    date_to_gregorian_days(Year, Month, Day).

date_to_gregorian_days(Year, Month, Day)
  when is_integer(Year), Year >= 0, is_integer(Month), Month >= 1, Month =< 12,
       is_integer(Day), Day >= 1 ->
    true = Day =< last_day_of_the_month(Year, Month),
    days_before_year(Year) + days_before_month(Year, Month) + Day - 1.

gregorian_days_to_date(Days) when is_integer(Days), Days >= 0 ->
    Year = year_of(Days),
    DayOfYear = Days - days_before_year(Year),
    {Month, Day} = month_and_day(Year, DayOfYear, 1),
    {Year, Month, Day}.

datetime_to_gregorian_seconds({Date, {H, M, S}}) ->
    date_to_gregorian_days(Date) * ?SECONDS_PER_DAY + H * 3600 + M * 60 + S.

gregorian_seconds_to_datetime(Secs) when is_integer(Secs), Secs >= 0 ->
    Days = Secs div ?SECONDS_PER_DAY,
    {gregorian_days_to_date(Days), seconds_to_time(Secs rem ?SECONDS_PER_DAY)}.

day_of_the_week({Year, Month, Day}) ->
    day_of_the_week(Year, Month, Day).

%% 0000-01-01 was a Saturday.
day_of_the_week(Year, Month, Day) ->
    (date_to_gregorian_days(Year, Month, Day) + 5) rem 7 + 1.

is_leap_year(Y) when is_integer(Y), Y >= 0 ->
    (Y rem 4 =:= 0 andalso Y rem 100 =/= 0) orelse Y rem 400 =:= 0.

last_day_of_the_month(Y, M) when is_integer(Y), Y >= 0 ->
    month_length(Y, M).

valid_date({Y, M, D}) ->
    valid_date(Y, M, D).

valid_date(Y, M, D) when is_integer(Y), is_integer(M), is_integer(D) ->
    Y >= 0 andalso M >= 1 andalso M =< 12 andalso D >= 1 andalso D =< month_length(Y, M).

time_to_seconds({H, M, S}) when is_integer(H), is_integer(M), is_integer(S) ->
    H * 3600 + M * 60 + S.

seconds_to_time(Secs) when is_integer(Secs), Secs >= 0, Secs < ?SECONDS_PER_DAY ->
    {Secs div 3600, Secs rem 3600 div 60, Secs rem 60}.

%% {Days, {H, M, S}}; negative totals give negative days and a time of day
%% counted forward from there, as OTP does.
seconds_to_daystime(Secs) when is_integer(Secs) ->
    Days = floor_div(Secs, ?SECONDS_PER_DAY),
    {Days, seconds_to_time(Secs - Days * ?SECONDS_PER_DAY)}.

time_difference({D1, T1}, {D2, T2}) ->
    seconds_to_daystime(datetime_to_gregorian_seconds({D2, T2}) - datetime_to_gregorian_seconds({D1, T1})).

universal_time() ->
    erlang:universaltime().

local_time() ->
    erlang:localtime().

iso_week_number() ->
    {Date, _} = local_time(),
    iso_week_number(Date).

%% {IsoYear, Week}: week 1 is the week (Monday to Sunday) with the year's
%% first Thursday.
iso_week_number({_, _, _} = Date) ->
    Days = date_to_gregorian_days(Date),
    Monday = Days - (day_of_the_week(Date) - 1),
    Thursday = Monday + 3,
    {IsoYear, _, _} = gregorian_days_to_date(Thursday),
    FirstThursday = first_thursday(IsoYear),
    {IsoYear, (Thursday - FirstThursday) div 7 + 1}.

%% ---------------------------------------------------------------------

first_thursday(Year) ->
    Jan1 = date_to_gregorian_days(Year, 1, 1),
    Dow = (Jan1 + 5) rem 7 + 1,
    Jan1 + (4 - Dow + 7) rem 7.

%% Days from 0000-01-01 to Year-01-01 (year 0 is a leap year).
days_before_year(0) ->
    0;
days_before_year(Y) ->
    Before = Y - 1,
    365 * Y + Before div 4 - Before div 100 + Before div 400 + 1.

year_of(Days) ->
    Guess = Days * 400 div ?DAYS_PER_400_YEARS,
    adjust_year(Guess, Days).

adjust_year(Y, Days) ->
    case days_before_year(Y) > Days of
        true -> adjust_year(Y - 1, Days);
        false ->
            case days_before_year(Y + 1) =< Days of
                true -> adjust_year(Y + 1, Days);
                false -> Y
            end
    end.

month_and_day(Year, DayOfYear, Month) ->
    Length = month_length(Year, Month),
    case DayOfYear < Length of
        true -> {Month, DayOfYear + 1};
        false -> month_and_day(Year, DayOfYear - Length, Month + 1)
    end.

days_before_month(Year, Month) ->
    lists:sum([month_length(Year, M) || M <- lists:seq(1, Month - 1)]).

month_length(_, 1) -> 31;
month_length(Y, 2) ->
    case is_leap_year(Y) of
        true -> 29;
        false -> 28
    end;
month_length(_, 3) -> 31;
month_length(_, 4) -> 30;
month_length(_, 5) -> 31;
month_length(_, 6) -> 30;
month_length(_, 7) -> 31;
month_length(_, 8) -> 31;
month_length(_, 9) -> 30;
month_length(_, 10) -> 31;
month_length(_, 11) -> 30;
month_length(_, 12) -> 31.

floor_div(A, B) when A >= 0 -> A div B;
floor_div(A, B) -> -((-A + B - 1) div B).

%% --- system time, now() and RFC 3339 ---------------------------------------

-define(UNIX_EPOCH_SECONDS, 62167219200).  % gregorian seconds of 1970-01-01

now_to_datetime({Mega, Secs, _Micro}) ->
    gregorian_seconds_to_datetime(Mega * 1000000 + Secs + ?UNIX_EPOCH_SECONDS).

now_to_universal_time(Now) -> now_to_datetime(Now).

now_to_local_time(Now) -> universal_time_to_local_time(now_to_datetime(Now)).

system_time_to_universal_time(Time, Unit) ->
    Secs = floor_div(Time, units_per_second(Unit)),
    gregorian_seconds_to_datetime(Secs + ?UNIX_EPOCH_SECONDS).

system_time_to_local_time(Time, Unit) ->
    universal_time_to_local_time(system_time_to_universal_time(Time, Unit)).

%% The local offset is the one in force now (no tables of past or future
%% daylight-saving rules).
universal_time_to_local_time(DateTime) ->
    gregorian_seconds_to_datetime(datetime_to_gregorian_seconds(DateTime) + local_offset()).

local_time_to_universal_time(DateTime) ->
    gregorian_seconds_to_datetime(datetime_to_gregorian_seconds(DateTime) - local_offset()).

local_time_to_universal_time(DateTime, _IsDst) -> local_time_to_universal_time(DateTime).

local_time_to_universal_time_dst(DateTime) -> [local_time_to_universal_time(DateTime)].

local_offset() ->
    datetime_to_gregorian_seconds(erlang:localtime()) - datetime_to_gregorian_seconds(erlang:universaltime()).

system_time_to_rfc3339(Time) -> system_time_to_rfc3339(Time, []).

%% Options: {unit, second | millisecond | microsecond | nanosecond | native},
%% {offset, "Z" | "+HH:MM" | "-HH:MM" | Integer (in the unit)} (default: the
%% local offset), {time_designator, Char} (default $T).
system_time_to_rfc3339(Time, Options) when is_integer(Time), is_list(Options) ->
    Unit = proplists:get_value(unit, Options, second),
    PerSecond = units_per_second(Unit),
    Designator = proplists:get_value(time_designator, Options, $T),
    {OffsetSecs, OffsetText} = rfc3339_offset(proplists:get_value(offset, Options, ""), PerSecond),
    Secs = floor_div(Time, PerSecond),
    Fraction = Time - Secs * PerSecond,
    {{Y, Mo, D}, {H, Mi, S}} = gregorian_seconds_to_datetime(Secs + OffsetSecs + ?UNIX_EPOCH_SECONDS),
    FractionText = case PerSecond of
                       1 -> "";
                       _ -> "." ++ pad_left(integer_to_list(Fraction), fraction_digits(PerSecond))
                   end,
    lists:flatten(io_lib:format("~4..0w-~2..0w-~2..0w~c~2..0w:~2..0w:~2..0w~s~s",
                                [Y, Mo, D, Designator, H, Mi, S, FractionText, OffsetText])).

rfc3339_offset("", _PerSecond) ->
    Secs = local_offset(),
    {Secs, offset_text(Secs)};
rfc3339_offset("Z", _) -> {0, "Z"};
rfc3339_offset("z", _) -> {0, "Z"};
rfc3339_offset(Offset, PerSecond) when is_integer(Offset) ->
    Secs = Offset div PerSecond,
    {Secs, offset_text(Secs)};
rfc3339_offset([Sign, H1, H2, $:, M1, M2] = Text, _) when Sign =:= $+; Sign =:= $- ->
    Secs = (list_to_integer([H1, H2]) * 3600 + list_to_integer([M1, M2]) * 60),
    {case Sign of $+ -> Secs; $- -> -Secs end, Text};
rfc3339_offset(_, _) ->
    erlang:error(badarg).

offset_text(Secs) ->
    Sign = case Secs < 0 of true -> $-; false -> $+ end,
    A = abs(Secs),
    lists:flatten(io_lib:format("~c~2..0w:~2..0w", [Sign, A div 3600, (A rem 3600) div 60])).

rfc3339_to_system_time(Text) -> rfc3339_to_system_time(Text, []).

rfc3339_to_system_time(Text, Options) when is_list(Text), is_list(Options) ->
    PerSecond = units_per_second(proplists:get_value(unit, Options, second)),
    [Y1, Y2, Y3, Y4, $-, Mo1, Mo2, $-, D1, D2, T, H1, H2, $:, Mi1, Mi2, $:, S1, S2 | Rest] = Text,
    true = lists:member(T, "Tt "),
    Date = {list_to_integer([Y1, Y2, Y3, Y4]), list_to_integer([Mo1, Mo2]), list_to_integer([D1, D2])},
    Time = {list_to_integer([H1, H2]), list_to_integer([Mi1, Mi2]), list_to_integer([S1, S2])},
    {FractionDigits, OffsetText} = case Rest of
                                       [$. | More] -> lists:splitwith(fun(C) -> C >= $0 andalso C =< $9 end, More);
                                       _ -> {"", Rest}
                                   end,
    {OffsetSecs, _} = rfc3339_offset(OffsetText, 1),
    true = OffsetText =/= "",
    Secs = datetime_to_gregorian_seconds({Date, Time}) - ?UNIX_EPOCH_SECONDS - OffsetSecs,
    Fraction = case FractionDigits of
                   "" -> 0;
                   _ ->
                       % rounded to the nearest unit, as OTP
                       Scale = pow10(length(FractionDigits)),
                       (2 * list_to_integer(FractionDigits) * PerSecond + Scale) div (2 * Scale)
               end,
    Secs * PerSecond + Fraction.

units_per_second(second) -> 1;
units_per_second(millisecond) -> 1000;
units_per_second(microsecond) -> 1000000;
units_per_second(nanosecond) -> 1000000000;
units_per_second(native) -> erlang:convert_time_unit(1, second, native);
units_per_second(N) when is_integer(N), N > 0 -> N;
units_per_second(_) -> erlang:error(badarg).

fraction_digits(PerSecond) -> length(integer_to_list(PerSecond)) - 1.

pad_left(Digits, N) when length(Digits) >= N -> Digits;
pad_left(Digits, N) -> lists:duplicate(N - length(Digits), $0) ++ Digits.

pow10(0) -> 1;
pow10(N) -> 10 * pow10(N - 1).

