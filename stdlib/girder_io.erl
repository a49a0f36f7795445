%% girder_io: the VM's standard I/O server. The runtime starts one process
%% running server/0 before main, registers it as `user' and makes it every
%% process's initial group leader, so group_leader/0 returns a real pid and
%% the Erlang I/O protocol (io_request / io_reply) works from any process.
%% io:format and friends write directly when the caller's group leader is
%% this server (see io.erl), which keeps printing fast; output requests
%% that do come here are written at once, even while an input request
%% waits for standard input.
%%
%% Input: requests are answered in order of arrival (a queue). Each one's
%% prompt is printed when its turn comes, as OTP's `erl -noshell' does;
%% the bytes come from standard input through girder_file:read_stdin/0 (a
%% read on the I/O loop, answered as {file_reply, Ref, Result}, so this
%% server keeps serving output meanwhile), and girder_io_lib cuts lines,
%% characters and get_until results out of them. Standard input is read
%% only while a request needs more, and its end is final (every later
%% request answers eof).
%%
%% Standard input and output are unicode devices (UTF-8), as Girder's
%% output is; io:setopts can switch the encoding and binary mode.
-module(girder_io).
-export([server/0]).

-record(st, {mode = {false, true},   % {Binary, Unicode}
             buf = <<>>,             % bytes read and not handed out
             eof = false,            % standard input has ended
             reading = none,         % reference of the read in flight
             current = none,         % {From, ReplyAs, Job}: the request being served
             queue = []}).           % [{From, ReplyAs, Job, Prompt}], oldest first

server() ->
    loop(#st{}).

loop(S) ->
    receive
        {io_request, From, ReplyAs, Request} when is_pid(From) ->
            loop(request(From, ReplyAs, Request, S));
        {file_reply, Ref, Result} when Ref =:= S#st.reading ->
            loop(run(input(Result, S#st{reading = none})));
        _Other ->
            loop(S)
    end.

request(From, ReplyAs, Request, S) ->
    case output(Request, S) of
        {reply, Reply, S1} ->
            From ! {io_reply, ReplyAs, Reply},
            S1;
        input ->
            case girder_io_lib:input_job(Request) of
                {Job, Prompt} ->
                    run(S#st{queue = S#st.queue ++ [{From, ReplyAs, Job, Prompt}]});
                error ->
                    From ! {io_reply, ReplyAs, {error, request}},
                    S
            end
    end.

%% Requests answered at once: output and options. `input' for the rest.
output({put_chars, Enc, Chars}, S) -> {reply, put(Enc, Chars, S), S};
output({put_chars, Chars}, S) -> {reply, put(latin1, Chars, S), S};
output({put_chars, Enc, M, F, A}, S) -> {reply, put_apply(Enc, M, F, A, S), S};
output({put_chars, M, F, A}, S) -> {reply, put_apply(latin1, M, F, A, S), S};
output({requests, Requests}, S) -> requests(Requests, S);
output(getopts, S) -> {reply, girder_io_lib:getopts(S#st.mode), S};
output({getopts, _}, S) -> {reply, girder_io_lib:getopts(S#st.mode), S};
output({setopts, Opts}, S) ->
    case girder_io_lib:setopts(Opts, S#st.mode) of
        {ok, Mode} -> {reply, ok, S#st{mode = Mode}};
        Error -> {reply, Error, S}
    end;
output({get_geometry, _}, S) -> {reply, {error, enotsup}, S};
output(_, _S) -> input.

%% A list of requests: output and options only, stopping at the first
%% that does not answer ok.
requests([], S) -> {reply, ok, S};
requests([R | Rest], S) ->
    case output(R, S) of
        {reply, ok, S1} -> requests(Rest, S1);
        {reply, _, _} = Reply -> Reply;
        input -> {reply, {error, request}, S}
    end.

%% Output is UTF-8 whatever the encoding option says, as the direct path
%% of io:format (vm/bif/io.cpp) writes it.
put(Enc, Chars, _S) ->
    case girder_io_lib:put_chars(Enc, Chars, true) of
        Bin when is_binary(Bin) -> girder:put_chars(standard_io, Bin);
        Error -> Error
    end.

put_apply(Enc, M, F, A, S) ->
    try apply(M, F, A) of
        Chars -> put(Enc, Chars, S)
    catch
        _:_ -> {error, put_chars}
    end.

%% --- input -------------------------------------------------------------------

%% Serve the waiting requests as far as the bytes read allow.
run(#st{current = none, queue = []} = S) ->
    S;
run(#st{current = none, queue = [{From, ReplyAs, Job, Prompt} | Rest]} = S) ->
    case girder_io_lib:prompt(Prompt) of
        [] -> ok;
        Chars -> girder:put_chars(standard_io, Chars)
    end,
    run(S#st{current = {From, ReplyAs, Job}, queue = Rest});
run(#st{current = {From, ReplyAs, Job}, buf = Buf, eof = Eof, mode = Mode} = S) ->
    case step(Job, Buf, Eof, Mode) of
        {done, Reply, Buf1} ->
            From ! {io_reply, ReplyAs, Reply},
            run(S#st{current = none, buf = Buf1});
        {more, Job1, Buf1} ->
            read_more(S#st{current = {From, ReplyAs, Job1}, buf = Buf1})
    end.

%% A get_until function that fails answers its request with an error
%% rather than taking the server down.
step(Job, Buf, Eof, Mode) ->
    try girder_io_lib:step(Job, Buf, Eof, Mode)
    catch Class:Reason -> {done, {error, {Class, Reason}}, Buf}
    end.

read_more(#st{reading = none} = S) ->
    case girder_file:read_stdin() of
        Ref when is_reference(Ref) -> S#st{reading = Ref};
        _ -> run(S#st{eof = true})
    end;
read_more(S) ->
    S.

input({ok, Bytes}, #st{buf = Buf} = S) -> S#st{buf = <<Buf/binary, Bytes/binary>>};
input(_EofOrError, S) -> S#st{eof = true}.
