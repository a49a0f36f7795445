-module(coding_invalid_utf8).
-export([main/0]).

%% A file without a coding comment is UTF-8; OTP 25 does not fall back to
%% Latin-1 but stops reading the file at the first invalid sequence. The
%% error lines are sorted: the order within a file is not pinned.
main() ->
    Files = ["bad_utf8_string", "bad_utf8_comment", "bad_utf8_atom", "bad_utf8_quoted",
             "bad_utf8_char", "bad_utf8_escape", "bad_utf8_blanks", "bad_utf8_symbol",
             "bad_utf8_dot", "bad_utf8_multiline", "bad_utf8_truncated", "bad_utf8_include",
             "bad_utf8_surrogate", "bad_utf8_overlong"],
    lists:foreach(fun compile_one/1, Files).

compile_one(Name) ->
    File = filename:join("include", Name ++ ".erl"),
    case compile:file(File, [return_errors, binary]) of
        {error, Errors, _Warnings} ->
            Lines = [lists:flatten(io_lib:format("~s:~w: ~s", [filename:basename(F), Loc, M:format_error(D)]))
                     || {F, Items} <- Errors, {Loc, M, D} <- Items],
            io:format("~s~n", [Name]),
            [io:format("  ~s~n", [L]) || L <- lists:sort(Lines)];
        Other ->
            io:format("~s: ~p~n", [Name, Other])
    end.
