%% uri_string: RFC 3986 URI strings, written for Girder from OTP 25's
%% documentation and its observed results (real OTP 25 is the oracle of
%% tests/conformance/uri/).
%%
%% Every function works on code point lists inside: binary input is decoded
%% from UTF-8 at the door and the results are turned back into binaries
%% (a map's values, a recomposed string) when the input was binary. Mixed
%% chardata counts as a list.
%%
%% What OTP 25 does that is easy to get wrong, and is kept:
%%  * parse/1 first tries "scheme:hier-part"; when that fails it parses the
%%    whole string as a relative reference and answers with that parse's
%%    result, so a bad character after a scheme is reported as ":" (the
%%    colon a relative reference may not have in its first segment).
%%    Percent signs are not checked by parse/1; IPv6 literals are checked
%%    with inet's strict parser ({error, invalid_uri, Address} when wrong,
%%    {error, invalid_uri, <<>>} when the "]" is missing).
%%  * recompose/1 needs a path; it percent-encodes what a component may not
%%    hold (never "%"), writes "//Userinfo" without "@" when there is no
%%    host, puts brackets around a host that parses as IPv6, and adds "/"
%%    before a relative path that follows an authority.
%%  * compose_query/2 works only with exactly [{encoding, E}]; any other
%%    options list answers {error, invalid_input, FirstKey}.
%%  * dissect_query/1 splits on "&" only.
-module(uri_string).
-export([allowed_characters/0, compose_query/1, compose_query/2,
         dissect_query/1, is_host/1, is_path/1, normalize/1, normalize/2,
         parse/1, percent_decode/1, quote/1, quote/2, recompose/1,
         resolve/2, resolve/3, transcode/2, unquote/1]).

%%% ---------------------------------------------------------------------
%%% Character classes (RFC 3986 section 2 and appendix A)
%%% ---------------------------------------------------------------------

-define(ALPHA(C), ((C >= $a andalso C =< $z) orelse (C >= $A andalso C =< $Z))).
-define(DIGIT(C), (C >= $0 andalso C =< $9)).
-define(HEX(C), (?DIGIT(C) orelse (C >= $a andalso C =< $f) orelse (C >= $A andalso C =< $F))).

is_unreserved(C) -> ?ALPHA(C) orelse ?DIGIT(C) orelse C =:= $- orelse C =:= $. orelse C =:= $_ orelse C =:= $~.
is_sub_delim(C) -> lists:member(C, "!$&'()*+,;=").
is_gen_delim(C) -> lists:member(C, ":/?#[]@").
is_scheme_char(C) -> ?ALPHA(C) orelse ?DIGIT(C) orelse C =:= $+ orelse C =:= $- orelse C =:= $..

is_userinfo(C) -> is_unreserved(C) orelse is_sub_delim(C) orelse C =:= $: orelse C =:= $%.
is_regname(C) -> is_unreserved(C) orelse is_sub_delim(C) orelse C =:= $%.
is_ipv6_char(C) -> ?HEX(C) orelse C =:= $: orelse C =:= $..
is_pchar(C) -> is_unreserved(C) orelse is_sub_delim(C) orelse C =:= $% orelse C =:= $: orelse C =:= $@.
is_path_char(C) -> is_pchar(C) orelse C =:= $/.
is_query_char(C) -> is_path_char(C) orelse C =:= $?.

%% Single characters, as OTP 25 exports them.
is_host(C) -> is_unreserved(C) orelse is_sub_delim(C) orelse C =:= $:.
is_path(C) -> is_path_char(C).

allowed_characters() ->
    All = lists:seq(0, 127),
    Of = fun(F) -> [C || C <- All, F(C)] end,
    [{scheme, Of(fun is_scheme_char/1)},
     {userinfo, Of(fun is_userinfo/1)},
     {host, Of(fun is_host/1)},
     {ipv4, Of(fun(C) -> ?DIGIT(C) orelse C =:= $. end)},
     {ipv6, Of(fun is_ipv6_char/1)},
     {regname, Of(fun is_regname/1)},
     {path, Of(fun is_path_char/1)},
     {query, Of(fun is_query_char/1)},
     {fragment, Of(fun is_query_char/1)},
     {reserved, Of(fun(C) -> is_gen_delim(C) orelse is_sub_delim(C) end)},
     {unreserved, Of(fun is_unreserved/1)}].

%%% ---------------------------------------------------------------------
%%% parse/1
%%% ---------------------------------------------------------------------

parse(URI) when is_binary(URI) ->
    to_binaries(parse_cps(unicode:characters_to_list(URI)));
parse(URI) when is_list(URI) ->
    case unicode:characters_to_list(URI) of
        Cps when is_list(Cps) -> parse_cps(Cps);
        _ -> erlang:error(badarg, [URI])
    end.

parse_cps(Cps) ->
    try absolute(Cps)
    catch throw:{uri_error, _} ->
            try relative(Cps)
            catch throw:{uri_error, Where} -> {error, invalid_uri, Where}
            end
    end.

bad([C | _]) -> throw({uri_error, [C]}).

%% scheme ":" hier-part [ "?" query ] [ "#" fragment ]
absolute([C | _] = Cps) when ?ALPHA(C) ->
    {Scheme, Rest} = lists:splitwith(fun is_scheme_char/1, Cps),
    case Rest of
        [$: | Hier] -> after_scheme(Hier, #{scheme => Scheme});
        _ -> bad(Rest ++ ":")
    end;
absolute(Cps) ->
    bad(Cps ++ ":").

after_scheme([$/, $/ | Rest], M) -> authority(Rest, M);
after_scheme(Rest, M) -> path(Rest, M).

%% relative-part [ "?" query ] [ "#" fragment ]; the first segment of a
%% path that does not start with "/" may not hold a colon.
relative([$/, $/ | Rest]) -> authority(Rest, #{});
relative([$/ | _] = Rest) -> path(Rest, #{});
relative(Cps) ->
    {Seg, _} = lists:splitwith(fun(C) -> C =/= $/ andalso C =/= $? andalso C =/= $# end, Cps),
    case lists:dropwhile(fun(C) -> is_pchar(C) andalso C =/= $: end, Seg) of
        [] -> path(Cps, #{});
        Bad -> bad(Bad)
    end.

authority(Cps, M) ->
    case userinfo(Cps, []) of
        {UserInfo, Rest} -> host(Rest, M#{userinfo => UserInfo});
        none -> host(Cps, M)
    end.

%% Userinfo only when valid characters lead to an "@".
userinfo([$@ | Rest], Acc) -> {lists:reverse(Acc), Rest};
userinfo([C | Rest], Acc) ->
    case is_userinfo(C) of
        true -> userinfo(Rest, [C | Acc]);
        false -> none
    end;
userinfo([], _) -> none.

host([$[ | Rest], M) ->
    {Addr, After} = ipv6(Rest, []),
    case inet:parse_ipv6strict_address(Addr) of
        {ok, _} -> port(After, M#{host => Addr});
        _ -> throw({uri_error, Addr})
    end;
host(Cps, M) ->
    {Host, Rest} = lists:splitwith(fun is_regname/1, Cps),
    port(Rest, M#{host => Host}).

ipv6([$] | Rest], Acc) -> {lists:reverse(Acc), Rest};
ipv6([C | Rest] = Cps, Acc) ->
    case is_ipv6_char(C) of
        true -> ipv6(Rest, [C | Acc]);
        false -> bad(Cps)
    end;
ipv6([], _) -> throw({uri_error, <<>>}).

port([$: | Rest], M) ->
    {Digits, After} = lists:splitwith(fun(C) -> ?DIGIT(C) end, Rest),
    Port = case Digits of
               [] -> undefined;
               _ -> list_to_integer(Digits)
           end,
    case After of
        [] -> path(After, M#{port => Port});
        [C | _] when C =:= $/; C =:= $?; C =:= $# -> path(After, M#{port => Port});
        _ -> bad(After)
    end;
port([], M) -> path([], M);
port([C | _] = Rest, M) when C =:= $/; C =:= $?; C =:= $# -> path(Rest, M);
port(Rest, _) -> bad(Rest).

path(Cps, M) ->
    {Path, Rest} = lists:splitwith(fun is_path_char/1, Cps),
    query(Rest, M#{path => Path}).

query([$? | Cps], M) ->
    {Query, Rest} = lists:splitwith(fun is_query_char/1, Cps),
    fragment(Rest, M#{query => Query});
query(Rest, M) -> fragment(Rest, M).

fragment([$# | Cps], M) ->
    {Fragment, Rest} = lists:splitwith(fun is_query_char/1, Cps),
    case Rest of
        [] -> M#{fragment => Fragment};
        _ -> bad(Rest)
    end;
fragment([], M) -> M;
fragment(Rest, _) -> bad(Rest).

%% A map of lists (or an error) to a map of binaries; errors stay as they are.
to_binaries(M) when is_map(M) ->
    maps:map(fun(_, V) when is_list(V) -> unicode:characters_to_binary(V); (_, V) -> V end, M);
to_binaries(Error) -> Error.

%%% ---------------------------------------------------------------------
%%% recompose/1
%%% ---------------------------------------------------------------------

-define(STRING_KEYS, [scheme, userinfo, host, path, query, fragment]).

recompose(#{path := _} = M) ->
    case maps:keys(maps:without([scheme, userinfo, host, port, path, query, fragment], M)) of
        [] -> recompose_1(M);
        _ -> {error, invalid_map, M}
    end;
recompose(M) when is_map(M) ->
    {error, invalid_map, M}.

recompose_1(M) ->
    try recompose_cps(M) of
        Cps ->
            case all_binaries(M) of
                true -> unicode:characters_to_binary(Cps);
                false -> Cps
            end
    catch throw:{invalid_scheme, S} -> {error, invalid_scheme, S}
    end.

all_binaries(M) ->
    lists:all(fun(K) -> not is_map_key(K, M) orelse is_binary(map_get(K, M)) end, ?STRING_KEYS).

cps(V) when is_binary(V) -> unicode:characters_to_list(V);
cps(V) ->
    case unicode:characters_to_list(V) of
        L when is_list(L) -> L;
        _ -> erlang:error(badarg, [V])
    end.

recompose_cps(M) ->
    Scheme = case M of
                 #{scheme := S} ->
                     case cps(S) =/= [] andalso lists:all(fun is_scheme_char/1, cps(S)) of
                         true -> cps(S) ++ ":";
                         false -> throw({invalid_scheme, S})
                     end;
                 _ -> ""
             end,
    Authority = authority_text(M),
    Path0 = encode(cps(map_get(path, M)), fun is_path_char/1),
    Path = case {Authority, Path0} of
               {"", _} -> Path0;
               {_, [C | _]} when C =/= $/ -> [$/ | Path0];
               _ -> Path0
           end,
    Query = case M of
                #{query := Q} -> [$? | encode(cps(Q), fun is_query_char/1)];
                _ -> ""
            end,
    Fragment = case M of
                   #{fragment := F} -> [$# | encode(cps(F), fun is_query_char/1)];
                   _ -> ""
               end,
    lists:append([Scheme, Authority, Path, Query, Fragment]).

authority_text(#{host := H} = M) ->
    Host = cps(H),
    HostText = case inet:parse_ipv6strict_address(Host) of
                   {ok, _} -> "[" ++ Host ++ "]";
                   _ -> encode(Host, fun is_regname/1)
               end,
    UserInfo = case M of
                   #{userinfo := U} -> encode(cps(U), fun is_userinfo/1) ++ "@";
                   _ -> ""
               end,
    Port = case M of
               #{port := undefined} -> ":";
               #{port := P} when is_integer(P) -> ":" ++ integer_to_list(P);
               #{port := P} -> erlang:error(badarg, [P]);
               _ -> ""
           end,
    "//" ++ UserInfo ++ HostText ++ Port;
authority_text(#{port := _}) ->
    erlang:error(function_clause);
authority_text(#{userinfo := U}) ->
    "//" ++ encode(cps(U), fun is_userinfo/1);
authority_text(_) ->
    "".

%% Percent-encode (UTF-8, upper case hex) what Allowed refuses.
encode(Cps, Allowed) ->
    lists:flatmap(fun(C) ->
                          case C < 128 andalso Allowed(C) of
                              true -> [C];
                              false -> pct_bytes(<<C/utf8>>)
                          end
                  end, Cps).

pct_bytes(Bin) -> lists:append([pct(B) || <<B>> <= Bin]).

pct(B) -> [$%, hex_digit(B bsr 4), hex_digit(B band 15)].

hex_digit(N) when N < 10 -> $0 + N;
hex_digit(N) -> $A + N - 10.

hex_value(C) when ?DIGIT(C) -> C - $0;
hex_value(C) when C >= $a, C =< $f -> C - $a + 10;
hex_value(C) when C >= $A, C =< $F -> C - $A + 10.

%%% ---------------------------------------------------------------------
%%% normalize/1,2
%%% ---------------------------------------------------------------------

normalize(URI) -> normalize(URI, []).

normalize(URI, Opts) when is_map(URI) ->
    normalize_map(URI, Opts);
normalize(URI, Opts) ->
    case parse(URI) of
        {error, _, _} = Error -> Error;
        M -> normalize_map(M, Opts)
    end.

normalize_map(M0, Opts) ->
    ReturnMap = case Opts of
                    [] -> false;
                    [return_map] -> true
                end,
    try normalize_components(M0) of
        M when ReturnMap -> M;
        M -> recompose(M)
    catch throw:{pct, Bad} -> {error, invalid_percent_encoding, Bad}
    end.

normalize_components(M0) ->
    M1 = update(scheme, fun lower/1, M0),
    M2 = update(host, fun lower/1, M1),
    M3 = lists:foldl(fun(K, M) -> update(K, fun normalize_pct/1, M) end, M2,
                     [userinfo, host, path, query, fragment]),
    M4 = update(path, fun remove_dot_segments/1, M3),
    scheme_rules(M4).

update(K, F, M) ->
    case M of
        #{K := V} -> M#{K := like(V, F(cps(V)))};
        _ -> M
    end.

like(V, Cps) when is_binary(V) -> unicode:characters_to_binary(Cps);
like(_, Cps) -> Cps.

lower(Cps) -> [case C >= $A andalso C =< $Z of true -> C + 32; false -> C end || C <- Cps].

%% %XX of an unreserved character becomes the character, other hex goes
%% upper case; a "%" without two characters after it stays.
normalize_pct([$%, A, B | Rest]) ->
    case ?HEX(A) andalso ?HEX(B) of
        true ->
            V = hex_value(A) * 16 + hex_value(B),
            case V < 128 andalso is_unreserved(V) of
                true -> [V | normalize_pct(Rest)];
                false -> pct(V) ++ normalize_pct(Rest)
            end;
        false -> throw({pct, unicode:characters_to_binary([$%, A, B])})
    end;
normalize_pct([C | Rest]) -> [C | normalize_pct(Rest)];
normalize_pct([]) -> [].

scheme_rules(#{scheme := S} = M) ->
    Scheme = cps(S),
    M1 = case M of
             #{port := undefined} -> maps:remove(port, M);
             #{port := P} ->
                 case default_port(Scheme) of
                     P -> maps:remove(port, M);
                     _ -> M
                 end;
             _ -> M
         end,
    case {Scheme, cps(map_get(path, M1))} of
        {HTTP, []} when HTTP =:= "http"; HTTP =:= "https" ->
            M1#{path := like(map_get(path, M1), "/")};
        _ -> M1
    end;
scheme_rules(#{port := undefined} = M) -> maps:remove(port, M);
scheme_rules(M) -> M.

default_port("http") -> 80;
default_port("https") -> 443;
default_port("ftp") -> 21;
default_port("ssh") -> 22;
default_port("sftp") -> 22;
default_port("tftp") -> 69;
default_port(_) -> none.

%% RFC 3986 section 5.2.4, on the path as a list of code points.
remove_dot_segments(Path) -> remove_dots(Path, []).

%% Out holds the output reversed.
remove_dots("../" ++ In, Out) -> remove_dots(In, Out);
remove_dots("./" ++ In, Out) -> remove_dots(In, Out);
remove_dots("/./" ++ In, Out) -> remove_dots("/" ++ In, Out);
remove_dots("/.", Out) -> remove_dots("/", Out);
remove_dots("/../" ++ In, Out) -> remove_dots("/" ++ In, drop_segment(Out));
remove_dots("/..", Out) -> remove_dots("/", drop_segment(Out));
remove_dots(".", Out) -> lists:reverse(Out);
remove_dots("..", Out) -> lists:reverse(Out);
remove_dots([], Out) -> lists:reverse(Out);
remove_dots([$/ | In], Out) ->
    {Seg, Rest} = lists:splitwith(fun(C) -> C =/= $/ end, In),
    remove_dots(Rest, lists:reverse(Seg) ++ [$/ | Out]);
remove_dots(In, Out) ->
    {Seg, Rest} = lists:splitwith(fun(C) -> C =/= $/ end, In),
    remove_dots(Rest, lists:reverse(Seg) ++ Out).

%% Drop the last segment and its "/" (if any) from a reversed output.
drop_segment(Out) ->
    case lists:dropwhile(fun(C) -> C =/= $/ end, Out) of
        [$/ | Rest] -> Rest;
        [] -> []
    end.

%%% ---------------------------------------------------------------------
%%% resolve/2,3 (RFC 3986 section 5.2.2, strict)
%%% ---------------------------------------------------------------------

resolve(Ref, Base) -> resolve(Ref, Base, []).

resolve(Ref, Base, Opts) ->
    ReturnMap = case Opts of
                    [] -> false;
                    [return_map] -> true
                end,
    case as_map(Ref) of
        {error, _, _} = E1 -> E1;
        R ->
            case as_map(Base) of
                {error, _, _} = E2 -> E2;
                #{scheme := _} = B ->
                    T = resolve_maps(R, B),
                    case ReturnMap of
                        true -> T;
                        false -> recompose(T)
                    end;
                _ -> {error, invalid_scheme, ""}
            end
    end.

as_map(M) when is_map(M) -> M;
as_map(S) -> parse(S).

resolve_maps(#{scheme := _} = R, _B) ->
    update(path, fun remove_dot_segments/1, R);
resolve_maps(R, B) ->
    T = case maps:is_key(host, R) of
            true ->
                update(path, fun remove_dot_segments/1, R);
            false ->
                RPath = map_get(path, R),
                Auth = maps:with([userinfo, host, port], B),
                case cps(RPath) of
                    [] ->
                        Q = case R of
                                #{query := _} -> maps:with([query], R);
                                _ -> maps:with([query], B)
                            end,
                        maps:merge(maps:merge(Auth, Q), #{path => map_get(path, B)});
                    [$/ | _] = P ->
                        maps:merge(Auth, (maps:with([query], R))#{path => like(RPath, remove_dot_segments(P))});
                    P ->
                        Merged = merge(B, cps(map_get(path, B)), P),
                        maps:merge(Auth, (maps:with([query], R))#{path => like(RPath, remove_dot_segments(Merged))})
                end
        end,
    T1 = T#{scheme => map_get(scheme, B)},
    case R of
        #{fragment := F} -> T1#{fragment => F};
        _ -> maps:remove(fragment, T1)
    end.

merge(B, BasePath, RefPath) ->
    case maps:is_key(host, B) andalso BasePath =:= [] of
        true -> [$/ | RefPath];
        false ->
            case string:split(BasePath, "/", trailing) of
                [Dir, _] -> Dir ++ "/" ++ RefPath;
                [_] -> RefPath
            end
    end.

%%% ---------------------------------------------------------------------
%%% Percent-decoding: percent_decode/1, unquote/1, quote/1,2, transcode/2
%%% ---------------------------------------------------------------------

percent_decode(URI) when is_map(URI) ->
    Keys = lists:sort([K || K <- [fragment, host, path, query, userinfo], maps:is_key(K, URI)]),
    decode_keys(Keys, URI);
percent_decode(URI) ->
    case decode_utf8(cps(URI)) of
        {ok, Cps} -> like(URI, Cps);
        Error -> Error
    end.

decode_keys([], M) -> M;
decode_keys([K | Ks], M) ->
    V = map_get(K, M),
    case decode_utf8(cps(V)) of
        {ok, Cps} -> decode_keys(Ks, M#{K := like(V, Cps)});
        {error, Reason, Term} -> {error, {invalid, {K, {Reason, Term}}}}
    end.

unquote(S) -> percent_decode(S).

%% Decode %XX to bytes, the other characters to their UTF-8, then read the
%% whole as UTF-8. {ok, Cps} | {error, invalid_percent_encoding | invalid_utf8, Bin}
decode_utf8(Cps) ->
    try pct_to_bytes(Cps, fun(C) -> <<C/utf8>> end, false) of
        Bytes ->
            case unicode:characters_to_list(Bytes, utf8) of
                L when is_list(L) -> {ok, L};
                {_, _, Rest} -> {error, invalid_utf8, Rest}
            end
    catch throw:{pct, Bad} -> {error, invalid_percent_encoding, unicode:characters_to_binary(Bad)}
    end.

%% Plus: "+" is a space (form decoding).
pct_to_bytes(Cps, Char, Plus) -> list_to_binary(pct_to_bytes_1(Cps, Char, Plus)).

pct_to_bytes_1([$%, A, B | Rest], Char, Plus) ->
    case ?HEX(A) andalso ?HEX(B) of
        true -> [hex_value(A) * 16 + hex_value(B) | pct_to_bytes_1(Rest, Char, Plus)];
        false -> throw({pct, [$%, A, B]})
    end;
pct_to_bytes_1([$+ | Rest], Char, true) -> [$\s | pct_to_bytes_1(Rest, Char, true)];
pct_to_bytes_1([C | Rest], Char, Plus) -> [Char(C) | pct_to_bytes_1(Rest, Char, Plus)];
pct_to_bytes_1([], _, _) -> [].

quote(S) -> quote(S, "").

quote(S, Safe) ->
    SafeCps = cps(Safe),
    Cps = lists:flatmap(fun(C) ->
                                case (C < 128 andalso is_unreserved(C)) orelse lists:member(C, SafeCps) of
                                    true -> [C];
                                    false -> pct_bytes(<<C/utf8>>)
                                end
                        end, cps(S)),
    like(S, Cps).

transcode(URI, Opts) ->
    In = proplists:get_value(in_encoding, Opts, utf8),
    Out = proplists:get_value(out_encoding, Opts, utf8),
    try transcode_cps(cps(URI), In, Out) of
        Cps -> like(URI, Cps)
    catch
        throw:{pct, Bad} -> {error, invalid_percent_encoding, Bad};
        throw:{invalid_input, Rest} -> {error, invalid_input, Rest}
    end.

%% Each run of %XX is decoded, converted and encoded again; other
%% characters pass.
transcode_cps([$%, _, _ | _] = Cps, In, Out) ->
    {Bytes, Rest} = pct_run(Cps, []),
    Converted = case unicode:characters_to_binary(Bytes, In, Out) of
                    B when is_binary(B) -> B;
                    {_, _, Left} -> throw({invalid_input, Left})
                end,
    pct_bytes(Converted) ++ transcode_cps(Rest, In, Out);
transcode_cps([C | Rest], In, Out) -> [C | transcode_cps(Rest, In, Out)];
transcode_cps([], _, _) -> [].

%% The bytes of consecutive %XX triplets.
pct_run([$%, A, B | Rest], Acc) ->
    case ?HEX(A) andalso ?HEX(B) of
        true -> pct_run(Rest, [hex_value(A) * 16 + hex_value(B) | Acc]);
        false -> throw({pct, [$%, A, B]})
    end;
pct_run(Rest, Acc) -> {list_to_binary(lists:reverse(Acc)), Rest}.

%%% ---------------------------------------------------------------------
%%% compose_query/1,2 and dissect_query/1 (application/x-www-form-urlencoded)
%%% ---------------------------------------------------------------------

compose_query(List) -> compose_query(List, [{encoding, utf8}]).

compose_query([], _Opts) -> [];
compose_query(List, [{encoding, E}]) when E =:= utf8; E =:= unicode; E =:= latin1 ->
    try [compose_pair(P, E) || P <- List] of
        Parts ->
            Text = lists:append(lists:join("&", Parts)),
            case lists:all(fun({K, V}) -> is_binary(K) andalso (V =:= true orelse is_binary(V)) end, List) of
                true -> list_to_binary(Text);
                false -> Text
            end
    catch throw:{invalid_input, T} -> {error, invalid_input, T}
    end;
compose_query(_List, [{encoding, E}]) -> {error, invalid_encoding, E};
compose_query([{Key, _} | _], _Opts) -> {error, invalid_input, Key}.

compose_pair({K, true}, E) -> form_encode(K, E);
compose_pair({K, V}, E) -> form_encode(K, E) ++ "=" ++ form_encode(V, E).

form_encode(B, _E) when is_binary(B) -> form_bytes(B);
form_encode(L, E) when is_list(L) ->
    Cps = try unicode:characters_to_list(L) of
              C when is_list(C) -> C;
              _ -> throw({invalid_input, L})
          catch error:_ -> throw({invalid_input, L})
          end,
    form_bytes(case E of
                   latin1 -> list_to_binary([latin1_char(C) || C <- Cps]);
                   _ -> unicode:characters_to_binary(Cps)
               end);
form_encode(X, _E) -> throw({invalid_input, X}).

latin1_char(C) when C < 256 -> C;
latin1_char(C) -> "&#" ++ integer_to_list(C) ++ ";".

form_bytes(Bin) ->
    lists:append([form_byte(B) || <<B>> <= Bin]).

form_byte($\s) -> "+";
form_byte(B) when ?ALPHA(B); ?DIGIT(B); B =:= $*; B =:= $-; B =:= $.; B =:= $_ -> [B];
form_byte(B) -> pct(B).

dissect_query(Q) when is_binary(Q); is_list(Q) ->
    try [dissect_pair(P) || P <- string:split(cps(Q), "&", all)] of
        [{[], true}] -> [];
        Pairs when is_binary(Q) ->
            [{unicode:characters_to_binary(K), bin_or_true(V)} || {K, V} <- Pairs];
        Pairs -> Pairs
    catch
        throw:{pct, Bad} -> {error, invalid_percent_encoding, Bad};
        throw:{invalid_input, Rest} -> {error, invalid_input, Rest}
    end.

bin_or_true(true) -> true;
bin_or_true(V) -> unicode:characters_to_binary(V).

dissect_pair(P) ->
    case string:split(P, "=") of
        [K, V] -> {form_decode(K), form_decode(V)};
        [K] -> {form_decode(K), true}
    end.

form_decode(Cps) ->
    Bytes = pct_to_bytes(Cps, fun(C) -> <<C/utf8>> end, true),
    case unicode:characters_to_list(Bytes, utf8) of
        L when is_list(L) -> L;
        {_, _, Rest} -> throw({invalid_input, binary_to_list(Rest)})
    end.
