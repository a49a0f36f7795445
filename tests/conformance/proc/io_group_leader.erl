%% Output goes to the group leader by the I/O protocol when that is not the
%% console: io:format, fwrite, put_chars, nl and write, from a process whose
%% group leader was changed, and to a pid given as the device.
-module(io_group_leader).
-export([main/0]).

main() ->
    Me = self(),
    Server = spawn(fun () -> server(Me, []) end),
    Writer = spawn(fun () ->
                           group_leader(Server, self()),
                           io:format("a ~p~n", [1]),
                           io:fwrite("b~n"),
                           io:put_chars("c"),
                           io:put_chars(standard_io, <<"d">>),
                           io:nl(),
                           io:write({e, 1}),
                           io:format(standard_io, "~s~n", ["f"]),
                           Me ! {self(), done}
                   end),
    receive {Writer, done} -> ok end,
    io:format(Server, "g ~w~n", [2]),
    io:put_chars(Server, "h"),
    Server ! {dump, self()},
    receive {text, Text} -> io:format("~p~n", [Text]) end,
    io:format("console~n").

server(Owner, Acc) ->
    receive
        {io_request, From, ReplyAs, {put_chars, unicode, Chars}} ->
            From ! {io_reply, ReplyAs, ok},
            server(Owner, [unicode:characters_to_list(Chars) | Acc]);
        {io_request, From, ReplyAs, {put_chars, unicode, M, F, A}} ->
            From ! {io_reply, ReplyAs, ok},
            server(Owner, [unicode:characters_to_list(apply(M, F, A)) | Acc]);
        {dump, To} ->
            To ! {text, lists:append(lists:reverse(Acc))}
    end.
