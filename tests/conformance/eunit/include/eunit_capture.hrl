%% For the EUnit conformance programs: run eunit:test/2 with its report
%% captured (a group leader of our own), then print the report without the
%% lines that differ between VMs by design: stack trace lines (OTP's show
%% EUnit's own frames) and timings. Prints the result of eunit:test last.
-export([capture_loop/1]).

run(Tests) ->
    run(Tests, []).

run(Tests, Options) ->
    Capture = spawn(?MODULE, capture_loop, [[]]),
    Old = group_leader(),
    group_leader(Capture, self()),
    Result = eunit:test(Tests, Options),
    group_leader(Old, self()),
    Capture ! {dump, self()},
    Text = receive {captured, T} -> T end,
    lists:foreach(fun (Line) -> io:format("~ts~n", [Line]) end, report_lines(Text)),
    io:format("=> ~p~n", [Result]).

report_lines(Text) ->
    Lines = string:split(Text, "\n", all),
    [untimed(L) || L <- Lines, keep(L)].

keep(L) ->
    not lists:any(fun (P) -> lists:prefix(P, L) end,
                  ["in function ", "in call from ", "**in function ", "**in call from ",
                   "  called as ", "[done in "])
        andalso string:find(L, "[done in ") =:= nomatch.

%% "...[0.004 s] ok" -> "...ok"
untimed(L) ->
    case string:find(L, "...[") of
        nomatch -> L;
        Rest ->
            Head = string:slice(L, 0, string:length(L) - string:length(Rest)),
            case string:find(Rest, " s] ") of
                nomatch -> L;
                After -> Head ++ "..." ++ string:slice(After, 4)
            end
    end.

capture_loop(Acc) ->
    receive
        {io_request, From, ReplyAs, Request} ->
            {Reply, Acc1} = capture_request(Request, Acc),
            From ! {io_reply, ReplyAs, Reply},
            capture_loop(Acc1);
        {dump, To} ->
            To ! {captured, lists:flatten(lists:reverse(Acc))}
    end.

capture_request({put_chars, unicode, Chars}, Acc) ->
    {ok, [unicode:characters_to_list(Chars) | Acc]};
capture_request({put_chars, unicode, M, F, A}, Acc) ->
    {ok, [unicode:characters_to_list(apply(M, F, A)) | Acc]};
capture_request({put_chars, latin1, Chars}, Acc) ->
    {ok, [unicode:characters_to_list(Chars, latin1) | Acc]};
capture_request({put_chars, latin1, M, F, A}, Acc) ->
    {ok, [unicode:characters_to_list(apply(M, F, A), latin1) | Acc]};
capture_request({requests, Rs}, Acc) ->
    lists:foldl(fun (R, {_, A}) -> capture_request(R, A) end, {ok, Acc}, Rs);
capture_request(getopts, Acc) ->
    {[{binary, false}, {encoding, unicode}], Acc};
capture_request({setopts, _}, Acc) ->
    {ok, Acc};
capture_request(_, Acc) ->
    {{error, enotsup}, Acc}.
