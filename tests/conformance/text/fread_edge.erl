%% io_lib:fread/2 against OTP 25: every directive with and without a field
%% width, white space in format and input, what is an error and what asks
%% for more, and io_lib:fread/3 (the line-at-a-time form) results.
-module(fread_edge).
-export([main/0]).

main() ->
    matrix(),
    more(),
    width(),
    lines(),
    ok.

matrix() ->
  Fs = ["~d","~u","~s","~a","~#","~f","~c","~-","~l","~3d","~4d","~1d","~3f","~6f","~3s","~3a","~5#","~2u","~16u","~36u","~3c","~1s","~0d","~0s","~0c","~*3d","~-~d","~t3s"],
  Is = [" 12","12","  12 ","1 2","-12","+5","abc","12.5e1 x"," ab cd","16#1f", "", "\n1", "1\n", "-", "ff", "1.0e", "0.5E-2"],
  [io:format("~s ~p -> ~p~n", [F, S, catch io_lib:fread(F, S)]) || F <- Fs, S <- Is],
  ok.

more() ->
  C = [{"~3d", "12 x"}, {"~3d", " 1 x"}, {"~3#", "16#1f"}, {"~7#", "16#1f"}, {"~3#", "2#1"}, {"~4#", "2#11"}, {"~3s", "\t1 "}, {"~3s", "a\tb"}, {"~3s", "   "}, {"~3d", "   "}, {"~3c", "a\rb"},
       {"~f", "1.0e+"}, {"~f", "1.0e+5"}, {"~f", "1.0x"}, {"~f", "1.e5"}, {"~f", "-1.5"}, {"~f", "+1.5"}, {"~f", " \n 1.5"}, {"~#", "-16#f"}, {"~#", "37#1"}, {"~#", "1#1"}, {"~#", "16#g"}, {"~#", "16#fg"}, {"~#", "+2#1"},
       {"~d", "-"}, {"~d", "- 1"}, {"~d", "--1"}, {"~s", "\t\n"}, {"~a~d", "ab1"}, {"~d ~d", "1"}, {"~d ~d", "1 "}, {"~d~d", "1"}, {"~d ~s", "1 \n x"}, {"a", "b"}, {"a", ""}, {"ab", "a"}, {"~s", "é ü"}, {"~ts", "é ü"}, {"~3ts", "éüx"}, {"~3tc", "éüx"},
       {"~*s~s", "a b"}, {"~*c~c", "ab"}, {"~*-~d", "-1"}, {"~*l~l", "xx"}, {"~x", "1"}, {"~3~", "~"}, {"~*~", "~"}, {"~d~l", "123 "}, {"~s~l", "  ab cd"}, {" ~l", "   x"}, {"~c~l", "\t"}, {"~c", "\t"}, {"~c", "\r"},
       {"~16u", "FF"}, {"~1u", "1"}, {"~37u", "1"}, {"~u", "007"}, {"~d", "007"}, {"~d", "1_000"}, {"~f", "1.5"}, {"~a", "é"}, {"~s~s", "a\nb"}, {"\n", "   \n\n x"}, {"\n~d", "   \n\n 7"}, {"x ", "x"}, {"x~d", "x 5"}],
  [io:format("~p ~p -> ~p~n", [F, S, catch io_lib:fread(F, S)]) || {F, S} <- C],
  ok.

width() ->
  C = [{"~d", "  "}, {"~d", "\n"}, {"~s", "  "}, {"~s", "\n"}, {"~a", " \n "}, {"~f", "\n"}, {"~#", "\n"}, {"~u", "\n"}, {"~c", "\n"}, {"~3c", "\n12"}, {"~-", "\n"},{"~-", " -"}, {"~l", ""}, {"~d", "\r\n"}, {"~3d", ""},
       {"~d ~d", "1\n"}, {"~d~d", "1\n"}, {" ~d", ""}, {" ~d", " "}, {"~d\n", "1"}, {"~d ", "1"}, {"~d a", "1"}, {"~d a", "1 "},{"~d a", "1 b"}, {"a~d", "a"}, {"~~", ""}, {"~~", "x"},
       {"~3s", "ab\n"}, {"~2s", " \n"}, {"~s", "a\rb"}, {"~s", "a\fb"}, {"~s", "a\vb"}, {"~d", "\f1"}, {"~d", "\v1"}, {"~3s", " \f1"}, {"~2d", "1\f"}, {"~a", "  é"}, {"~3s", "é"}, {"~3a", "ab "}],
  [io:format("~p ~p -> ~p~n", [F, S, catch io_lib:fread(F, S)]) || {F, S} <- C],
  ok.

lines() ->
  Cases = [{"~d", "1\n"}, {"~s", "abc\n"}, {"~3c", "ab\n"}, {"~d", "x\n"}, {"~d", "1 2\n"}, {"~d", eof},
           {"~d~d", "1 2\n"}, {"~d ~d", "1\n2\n"}, {"~s ~s", "a\n\nb\nrest"}, {"~d", "\n7\n"},
           {"~c", "\nx\n"}, {"~3c", "abc\r\n"}, {"~a", "\r\nz\r\n"}, {"~d", "12"}, {"~f~l", "1.5\n"}],
  [io:format("~p ~p -> ~p~n", [F, S, feed(F, S)]) || {F, S} <- Cases],
  ok.

%% Feed one line at a time until done; the continuation itself is internal.
feed(F, eof) -> io_lib:fread([], eof, F);
feed(F, S) -> feed(F, [], S).
feed(F, Cont, S) ->
    {Line, Rest} = case string:split(S, "\n") of
                       [L, R] -> {L ++ "\n", R};
                       [L] -> {L, []}
                   end,
    case io_lib:fread(Cont, Line, F) of
        {more, C} when Rest =:= [] -> {more_then_eof, io_lib:fread(C, eof, F)};
        {more, C} -> feed(F, C, Rest);
        {done, Res, Left} -> {done, Res, Left, Rest}
    end.
