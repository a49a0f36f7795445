-module(file_filelib).
-export([main/0]).

%% filelib: is_dir/1, is_regular/1, is_file/1, ensure_dir/1, wildcard/1,2,
%% fold_files/5, file_size/1, last_modified/1 (shape only).  Works in the
%% scratch directory file_filelib_tmp, removed first if left behind.

-include_lib("kernel/include/file.hrl").

-define(D, "file_filelib_tmp").

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

p(Name) -> filename:join(?D, Name).

rm_rf(Path) ->
    case file:read_link_info(Path) of
        {ok, #file_info{type = directory}} ->
            {ok, Names} = file:list_dir(Path),
            [rm_rf(filename:join(Path, N)) || N <- Names],
            ok = file:del_dir(Path);
        {ok, _} -> ok = file:delete(Path);
        {error, enoent} -> ok
    end.

sorted({ok, L}) -> {ok, lists:sort(L)};
sorted(L) when is_list(L) -> lists:sort(L);
sorted(X) -> X.

main() ->
    rm_rf(?D),
    %% --- ensure_dir ---
    io:format("-- ensure_dir~n"),
    show("ensure_dir creates parents", filelib:ensure_dir(p("a/b/c/file.txt"))),
    show("a/b/c exists", filelib:is_dir(p("a/b/c"))),
    show("file itself not created", filelib:is_file(p("a/b/c/file.txt"))),
    show("ensure_dir existing", filelib:ensure_dir(p("a/b/c/file.txt"))),
    show("ensure_dir trailing slash", filelib:ensure_dir(?D ++ "/x/y/")),
    show("x/y exists", filelib:is_dir(p("x/y"))),
    ok = file:write_file(p("plain"), <<"12345">>),
    show("ensure_dir through a file", filelib:ensure_dir(p("plain/sub/f"))),
    show("ensure_path", filelib:ensure_path(p("e/f/g"))),
    show("e/f/g exists", filelib:is_dir(p("e/f/g"))),

    %% --- files for the rest ---
    Files = ["a/one.erl", "a/two.erl", "a/three.txt", "a/b/deep.erl", "a/b/c/deeper.erl",
             "a/b/c/notes.md", "top.erl", "top.hrl", "x/y/z.txt", ".hidden.erl"],
    [ok = file:write_file(p(F), list_to_binary(F)) || F <- Files],

    %% --- is_dir / is_regular / is_file ---
    io:format("-- predicates~n"),
    [io:format("~s: dir=~p regular=~p file=~p~n",
               [N, filelib:is_dir(p(N)), filelib:is_regular(p(N)), filelib:is_file(p(N))])
     || N <- ["a", "a/one.erl", "missing", "a/missing", "plain/x"]],
    show("is_dir of cwd", filelib:is_dir(".")),
    show("is_file of cwd", filelib:is_file(".")),
    show("is_dir binary name", filelib:is_dir(list_to_binary(p("a")))),
    show("is_regular atom name", filelib:is_regular(list_to_atom(p("plain")))),

    %% --- file_size ---
    io:format("-- file_size~n"),
    show("file_size plain", filelib:file_size(p("plain"))),
    show("file_size empty", begin ok = file:write_file(p("empty"), <<>>), filelib:file_size(p("empty")) end),
    show("file_size missing", filelib:file_size(p("missing"))),
    show("last_modified shape", case filelib:last_modified(p("plain")) of
                                    {{_, _, _}, {_, _, _}} -> datetime; O -> O end),
    show("last_modified missing", filelib:last_modified(p("missing"))),

    %% --- wildcard ---
    io:format("-- wildcard~n"),
    W = fun(Pat) -> show("wildcard " ++ Pat, sorted(filelib:wildcard(p(Pat)))) end,
    W("*.erl"),
    W("a/*.erl"),
    W("a/*"),
    W("a/*/*.erl"),
    W("**/*.erl"),
    W("a/**/*.erl"),
    W("a/t*"),
    W("a/?ne.erl"),
    W("a/{one,three}.*"),
    W("top.[eh]rl"),
    W("top.[a-f]rl"),
    show("wildcard */ (trailing slash)", sorted(filelib:wildcard(?D ++ "/*/"))),
    W("nomatch*"),
    W("a/one.erl"),
    W("a/missing.erl"),
    W(".*"),
    show("wildcard/2 relative", sorted(filelib:wildcard("a/*.erl", ?D))),
    show("wildcard/2 **", sorted(filelib:wildcard("**/*.md", ?D))),
    show("wildcard/2 dirs", sorted(filelib:wildcard("*", p("a")))),

    %% --- fold_files ---
    io:format("-- fold_files~n"),
    Acc = fun(F, L) -> [F | L] end,
    show("fold recursive .erl", sorted(filelib:fold_files(?D, "\\.erl$", true, Acc, []))),
    show("fold non-recursive .erl", sorted(filelib:fold_files(?D, "\\.erl$", false, Acc, []))),
    show("fold recursive all in a/b", sorted(filelib:fold_files(p("a/b"), "", true, Acc, []))),
    show("fold regexp on name only", sorted(filelib:fold_files(?D, "^t", true, Acc, []))),
    show("fold count", filelib:fold_files(?D, ".", true, fun(_, N) -> N + 1 end, 0)),
    show("fold missing dir", filelib:fold_files(p("missing"), ".", true, Acc, [])),

    %% --- other helpers ---
    io:format("-- misc~n"),
    show("is_dir after delete", begin rm_rf(p("x")), filelib:is_dir(p("x")) end),
    rm_rf(?D),
    show("scratch removed", filelib:is_dir(?D)),
    ok.
