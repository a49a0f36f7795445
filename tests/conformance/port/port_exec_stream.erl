-module(port_exec_stream).
-export([main/0]).

%% Data through `cat` in each framing mode: stream (list and binary),
%% {line, N} (eol/noeol pieces, CRLF, a last line without newline),
%% {packet, 1|2|4} (headers added on output, stripped on input), and an
%% iolist command.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

%% Stream data may come in any number of pieces: gather N bytes.
gather(P, N) -> gather(P, N, []).
gather(_P, 0, Acc) -> {ok, lists:append(lists:reverse(Acc))};
gather(P, N, Acc) when N > 0 ->
    receive
        {P, {data, D}} when is_list(D) -> gather(P, N - length(D), [D | Acc]);
        {P, {data, D}} when is_binary(D) -> gather(P, N - byte_size(D), [binary_to_list(D) | Acc])
    after 2000 -> {timeout, lists:append(lists:reverse(Acc))}
    end.

next(P) ->
    receive {P, M} -> M
    after 2000 -> timeout
    end.

closed(P) ->
    receive {'EXIT', P, R} -> {exit, R}
    after 2000 -> no_exit
    end.

main() ->
    process_flag(trap_exit, true),
    io:format("-- stream~n"),
    S = open_port({spawn, "cat"}, []),
    show("is_port", is_port(S)),
    show("command", port_command(S, "hello\n")),
    show("echo", gather(S, 6)),
    show("iolist", port_command(S, ["a", [$b, <<"cd">>], <<>>, "\n"])),
    show("echo", gather(S, 5)),
    S ! {self(), {command, <<"via bang\n">>}},
    show("bang echo", gather(S, 9)),
    show("close", port_close(S)),
    show("exit after close", closed(S)),

    B = open_port({spawn, "cat"}, [binary]),
    true = port_command(B, <<0, 1, 2, 255>>),
    receive {B, {data, Bin}} -> show("binary", Bin) after 2000 -> show("binary", timeout) end,
    true = port_close(B),
    show("exit", closed(B)),

    io:format("-- line~n"),
    L = open_port({spawn, "cat"}, [{line, 4}]),
    true = port_command(L, "ab\nabcd\nabcdefghij\nxy\r\n\n"),
    [show("line", next(L)) || _ <- lists:seq(1, 6)],
    true = port_close(L),
    show("exit", closed(L)),
    LB = open_port({spawn_executable, "/bin/sh"},
                   [{args, ["-c", "printf 'one\\ntwo\\nlast'"]}, {line, 80}, binary]),
    [show("line", next(LB)) || _ <- lists:seq(1, 3)],
    show("exit at end", closed(LB)),

    io:format("-- packet~n"),
    [begin
         PP = open_port({spawn, "cat"}, [{packet, N}, binary]),
         true = port_command(PP, "packet of " ++ integer_to_list(N)),
         true = port_command(PP, <<>>),
         true = port_command(PP, [<<"two ">>, "parts"]),
         show("packet", {N, next(PP), next(PP), next(PP)}),
         true = port_close(PP),
         closed(PP)
     end || N <- [1, 2, 4]],
    %% Headers travel on the pipe: a program that frames its own output,
    %% and one that shows the header it was sent (as hex, framed).
    F = open_port({spawn_executable, "/bin/sh"}, [{args, ["-c", "printf '\\000\\003abc'"]}, {packet, 2}]),
    show("framed by the program", next(F)),
    show("exit", closed(F)),
    H = open_port({spawn_executable, "/bin/sh"},
                  [{args, ["-c", "x=$(head -c 5 | od -An -tx1 | tr -d ' \\n'); printf \"\\000\\012$x\""]},
                   {packet, 2}]),
    true = port_command(H, "abc"),
    show("header sent", next(H)),
    show("exit", closed(H)),
    io:format("done~n").
