%% girder_io: the VM's standard I/O server. The runtime starts one process
%% running server/0 before main, registers it as `user' and makes it every
%% process's initial group leader, so group_leader/0 returns a real pid and
%% output sent with the Erlang I/O protocol (io_request / io_reply) works
%% from any process. io:format and friends write directly when the caller's
%% group leader is this server (see io.erl), which keeps printing fast.
-module(girder_io).
-export([server/0]).

server() ->
    receive
        {io_request, From, ReplyAs, Request} when is_pid(From) ->
            From ! {io_reply, ReplyAs, request(Request)},
            server();
        _Other ->
            server()
    end.

request({put_chars, _Encoding, Chars}) -> put(Chars);
request({put_chars, Chars}) -> put(Chars);
request({put_chars, _Encoding, M, F, A}) -> put_apply(M, F, A);
request({put_chars, M, F, A}) -> put_apply(M, F, A);
request({requests, Requests}) -> requests(Requests);
request({get_line, _Encoding, _Prompt}) -> eof;
request({get_line, _Prompt}) -> eof;
request({get_chars, _Encoding, _Prompt, _N}) -> eof;
request({get_chars, _Prompt, _N}) -> eof;
request({get_until, _Encoding, _Prompt, _M, _F, _A}) -> eof;
request({get_until, _Prompt, _M, _F, _A}) -> eof;
request(getopts) -> [{binary, false}, {encoding, unicode}];
request({setopts, _Options}) -> ok;
request({get_geometry, _}) -> {error, enotsup};
request(_) -> {error, request}.

requests([]) -> ok;
requests([R | Rest]) ->
    case request(R) of
        ok -> requests(Rest);
        Other -> Other
    end.

put(Chars) ->
    try girder:put_chars(standard_io, Chars) of
        _ -> ok
    catch
        _:_ -> {error, put_chars}
    end.

put_apply(M, F, A) ->
    try apply(M, F, A) of
        Chars -> put(Chars)
    catch
        _:_ -> {error, put_chars}
    end.
