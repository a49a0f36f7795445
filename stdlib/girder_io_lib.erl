%% girder_io_lib: the input and output halves of the Erlang I/O protocol
%% that Girder's two I/O servers share: girder_io (standard input and
%% output, registered as `user') and girder_file_io (a file opened without
%% `raw').
%%
%% A server holds the bytes it has read and not handed out (Buf, a binary
%% in the device's encoding: latin1 bytes or UTF-8) and knows whether its
%% source has ended (Eof). An input request becomes a Job (input_job/1);
%% step(Job, Buf, Eof, Mode) either answers it or asks for more bytes:
%%   {done, Reply, Buf1} | {more, Job1, Buf1}
%% and the server reads more (a file chunk, the next bytes of stdin) and
%% steps again, with Eof true once the source is exhausted (a step with
%% Eof true always answers).
%%
%% Mode is {Binary, Unicode}: binary or list replies, and a UTF-8 (unicode)
%% or latin1 device. A request's own encoding says what the client wants:
%% unicode (io:get_line and friends) may take any character, latin1
%% (file:read on a device) only bytes, else {error, {no_translation,
%% unicode, latin1}}.
-module(girder_io_lib).
-export([input_job/1, prompt/1, step/4, put_chars/3, getopts/1, setopts/2]).

%% --- input -------------------------------------------------------------------

%% {Job, Prompt} for an input request, or error.
input_job({get_line, Enc, Prompt}) -> {{line, Enc}, Prompt};
input_job({get_line, Prompt}) -> {{line, latin1}, Prompt};
input_job({get_chars, Enc, Prompt, N}) when is_integer(N), N >= 0 -> {{chars, Enc, N}, Prompt};
input_job({get_chars, Prompt, N}) when is_integer(N), N >= 0 -> {{chars, latin1, N}, Prompt};
input_job({get_until, Enc, Prompt, M, F, A}) when is_atom(M), is_atom(F), is_list(A) ->
    {{until, Enc, M, F, A, []}, Prompt};
input_job({get_until, Prompt, M, F, A}) when is_atom(M), is_atom(F), is_list(A) ->
    {{until, latin1, M, F, A, []}, Prompt};
input_job(_) -> error.

%% The characters of a prompt ('' and [] print nothing).
prompt('') -> [];
prompt(Prompt) when is_atom(Prompt) -> atom_to_list(Prompt);
prompt({format, Format, Args}) -> io_lib:format(Format, Args);
prompt(Prompt) ->
    try unicode:characters_to_list(Prompt) of
        Chars when is_list(Chars) -> Chars;
        _ -> io_lib:write(Prompt)
    catch _:_ -> io_lib:write(Prompt)
    end.

step({line, Enc}, Buf, Eof, Mode) ->
    case binary:match(Buf, <<"\n">>) of
        {Pos, 1} ->
            <<Line:Pos/binary, $\n, Rest/binary>> = Buf,
            {done, reply(Enc, Mode, strip_cr(Line)), Rest};
        nomatch when Eof, Buf =:= <<>> ->
            {done, eof, <<>>};
        nomatch when Eof ->
            {done, reply(Enc, Mode, Buf), <<>>};
        nomatch ->
            {more, {line, Enc}, Buf}
    end;
step({chars, _Enc, 0}, <<>>, true, _Mode) ->
    {done, eof, <<>>};  % nothing, and known to be the end (standard input)
step({chars, Enc, 0}, Buf, _Eof, Mode) ->
    {done, reply(Enc, Mode, <<>>), Buf};
step({chars, Enc, N}, Buf, Eof, {_, Unicode} = Mode) ->
    case split_chars(Buf, N, Unicode) of
        {Chars, Rest} -> {done, reply(Enc, Mode, Chars), Rest};
        short when Eof, Buf =:= <<>> -> {done, eof, <<>>};
        short when Eof -> {done, reply(Enc, Mode, Buf), <<>>};
        short -> {more, {chars, Enc, N}, Buf}
    end;
step({until, Enc, M, F, A, Cont} = Job, Buf, Eof, Mode) ->
    %% The function is fed a line at a time (all that is left at the end).
    case binary:match(Buf, <<"\n">>) of
        nomatch when not Eof ->
            {more, Job, Buf};
        nomatch when Buf =:= <<>> ->
            until_result(apply(M, F, [Cont, eof | A]), Job, <<>>, Enc, Mode, Eof);
        nomatch ->
            until_result(apply(M, F, [Cont, feed(Enc, Mode, Buf) | A]), Job, <<>>, Enc, Mode, Eof);
        {Pos, 1} ->
            Len = Pos + 1,
            <<Line:Len/binary, Rest/binary>> = Buf,
            until_result(apply(M, F, [Cont, feed(Enc, Mode, Line) | A]), Job, Rest, Enc, Mode, Eof)
    end.

until_result({done, Result, eof}, _Job, Rest, _Enc, _Mode, _Eof) ->
    {done, Result, Rest};
until_result({done, Result, Left}, _Job, Rest, Enc, Mode, _Eof) ->
    {done, Result, <<(unfeed(Enc, Mode, Left))/binary, Rest/binary>>};
until_result({more, Cont}, {until, Enc, M, F, A, _}, Rest, _Enc, Mode, Eof) ->
    step({until, Enc, M, F, A, Cont}, Rest, Eof, Mode);
until_result(Other, _Job, Rest, _Enc, _Mode, _Eof) ->
    {done, {error, {get_until, Other}}, Rest}.

strip_cr(Line) ->
    case byte_size(Line) of
        0 -> <<"\n">>;
        S ->
            case binary:at(Line, S - 1) of
                $\r -> <<(binary:part(Line, 0, S - 1))/binary, "\n">>;
                _ -> <<Line/binary, "\n">>
            end
    end.

%% The first N characters of Buf and the rest, or short.
split_chars(Buf, N, false) when byte_size(Buf) >= N ->
    <<Chars:N/binary, Rest/binary>> = Buf,
    {Chars, Rest};
split_chars(_Buf, _N, false) ->
    short;
split_chars(Buf, N, true) ->
    utf8_split(Buf, N, 0).

utf8_split(Buf, 0, Pos) ->
    <<Chars:Pos/binary, Rest/binary>> = Buf,
    {Chars, Rest};
utf8_split(Buf, N, Pos) when Pos < byte_size(Buf) ->
    B = binary:at(Buf, Pos),
    Len = if
              B < 16#80 -> 1;
              B >= 16#F0 -> 4;
              B >= 16#E0 -> 3;
              B >= 16#C0 -> 2;
              true -> 1
          end,
    case Pos + Len =< byte_size(Buf) of
        true -> utf8_split(Buf, N - 1, Pos + Len);
        false -> short
    end;
utf8_split(_Buf, _N, _Pos) ->
    short.

%% The reply for bytes of the device, as the request's encoding wants it.
reply(Enc, {Binary, Unicode}, Bytes) ->
    case chars(Bytes, Unicode) of
        {error, _} = E -> E;
        Chars ->
            Wide = Enc =/= latin1,
            case {Binary, Wide} of
                {false, true} -> Chars;
                {false, false} -> latin1_only(Chars, Chars);
                {true, true} when Unicode -> Bytes;
                {true, true} -> unicode:characters_to_binary(Chars);
                {true, false} when Unicode ->
                    case latin1_only(Chars, Chars) of
                        {error, _} = E -> E;
                        _ -> list_to_binary(Chars)
                    end;
                {true, false} -> Bytes
            end
    end.

chars(Bytes, false) -> binary_to_list(Bytes);
chars(Bytes, true) ->
    case unicode:characters_to_list(Bytes) of
        L when is_list(L) -> L;
        _ -> binary_to_list(Bytes)  % not UTF-8 after all: the bytes as they are
    end.

latin1_only([C | _], _) when C > 255 -> {error, {no_translation, unicode, latin1}};
latin1_only([_ | T], All) -> latin1_only(T, All);
latin1_only([], All) -> All.

%% What a get_until function is given: characters, or a binary in binary
%% mode (UTF-8 for a unicode request, bytes for a latin1 one).
feed(Enc, {Binary, Unicode}, Bytes) ->
    Chars = chars(Bytes, Unicode),
    case Binary of
        false -> Chars;
        true when Enc =:= latin1 -> list_to_binary([C band 255 || C <- Chars]);
        true -> unicode:characters_to_binary(Chars)
    end.

%% Back to device bytes: what a get_until function left over.
unfeed(Enc, {_, Unicode}, Left) ->
    Chars = case Left of
                _ when is_binary(Left), Enc =:= latin1 -> binary_to_list(Left);
                _ when is_binary(Left) -> unicode:characters_to_list(Left);
                _ -> Left
            end,
    case Unicode of
        true -> unicode:characters_to_binary(Chars);
        false -> list_to_binary([C band 255 || C <- Chars])
    end.

%% --- output ------------------------------------------------------------------

%% The bytes to write for put_chars, or {error, Reason}.
put_chars(Enc, Chars, Unicode) ->
    From = case Enc of latin1 -> latin1; _ -> unicode end,
    To = case Unicode of true -> utf8; false -> latin1 end,
    try unicode:characters_to_binary(Chars, From, To) of
        Bin when is_binary(Bin) -> Bin;
        _ when To =:= latin1 -> {error, {no_translation, unicode, latin1}};
        _ -> {error, put_chars}
    catch
        _:_ -> {error, put_chars}
    end.

%% --- options -----------------------------------------------------------------

getopts({Binary, Unicode}) ->
    [{binary, Binary}, {encoding, case Unicode of true -> unicode; false -> latin1 end}].

%% {ok, Mode1} | {error, enotsup}
setopts(Opts, Mode) when is_list(Opts) ->
    try {ok, lists:foldl(fun setopt/2, Mode, Opts)}
    catch throw:enotsup -> {error, enotsup}
    end;
setopts(_, _) ->
    {error, enotsup}.

setopt(binary, {_, U}) -> {true, U};
setopt(list, {_, U}) -> {false, U};
setopt({binary, B}, {_, U}) when is_boolean(B) -> {B, U};
setopt({encoding, E}, {B, _}) when E =:= unicode; E =:= utf8 -> {B, true};
setopt({encoding, latin1}, {B, _}) -> {B, false};
setopt(_, _) -> throw(enotsup).
