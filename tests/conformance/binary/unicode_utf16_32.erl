-module(unicode_utf16_32).
-export([main/0]).

%% unicode:characters_to_binary/3 and characters_to_list/2 with UTF-16 and
%% UTF-32 (big and little endian) on both sides, with OTP's error and
%% incomplete results; chardata whose binaries split characters.
main() ->
    Encs = [utf8, utf16, {utf16, little}, {utf16, big}, utf32, {utf32, little}, {utf32, big}, latin1, unicode],
    S = [$a, 16#E9, 16#20AC, 16#1F600],
    [io:format("~p -> ~p: ~w~n", [In, Out, r(fun() -> unicode:characters_to_binary(unicode:characters_to_binary(S, unicode, In), In, Out) end)])
     || In <- Encs -- [latin1], Out <- Encs],
    [io:format("list ~p: ~w~n", [In, r(fun() -> unicode:characters_to_list(unicode:characters_to_binary(S, unicode, In), In) end)])
     || In <- Encs -- [latin1]],
    Cases = [
      {<<0, 65, 0>>, utf16}, {<<65, 0, 66>>, {utf16, little}}, {<<16#D8, 16#3D>>, utf16}, {<<16#D8, 16#3D, 16#DE>>, utf16},
      {<<16#D8, 16#3D, 0, 65>>, utf16}, {<<16#DE, 16#00, 0, 65>>, utf16}, {<<0, 65, 16#DC, 16#00>>, utf16},
      {<<0, 0, 0>>, utf32}, {<<0, 17, 0, 0>>, utf32}, {<<0, 0, 16#D8, 0>>, utf32},
      {<<0, 0, 0, 65, 0, 17, 0, 0, 0, 0, 0, 66>>, utf32}, {<<65, 0, 0, 0, 0, 0, 17, 0>>, {utf32, little}},
      {[<<0>>, <<65>>], utf16}, {[<<0, 65, 0>>, <<66>>], utf16}, {[<<0, 65, 16#D8>>, <<16#3D, 16#DE, 0>>], utf16},
      {[<<0, 0>>, <<0, 65>>], utf32}, {[<<0, 0, 0, 65>>, 66, <<0, 0, 0>>], utf32}, {[$a, <<0, 66>>, [<<0>>]], utf16},
      {[$a, 16#110000], utf16}, {[$a, 16#D800], utf32}, {[<<0, 65>> | <<0, 66>>], utf16},
      {<<0, 65, 0, 66>>, {utf16, native}}, {[1 | 2], utf16}, {[<<1:4>>], utf16}, {atom, utf16}, {<<>>, utf32}, {[], utf16},
      {[[<<0, 0, 0>>], <<65>>], utf32}, {[<<0, 0, 0>>, [<<65>>]], utf32}, {[<<0, 0, 0>>, $a], utf32},
      {[<<0,0,0>>, 97, 98], utf16}, {[<<0,0,0>>, [97, 98], 99], utf16}, {[<<0,65,220,0>>, <<0,66>>], utf16},
      {[[<<0,65,220,0>>, 97], 98], utf16}, {[97, [98, 1114112, 99], 100], utf16}, {[97, [98, <<220,0>>, 99], 100], utf16},
      {[<<0,65>>, [<<0>>], 66], utf16}, {[<<0,65>>, [<<0>>], [[<<66>>, 67]]], utf16}, {[[[<<0>>]]], utf16},
      {[<<0>>, <<>>], utf16}, {[<<0>>, [], 65], utf16}, {[97, -5, 98], utf16}, {[<<216,61>>, <<222>>], utf16},
      {[<<216,61>>, <<222>>, 5], utf16}, {[<<216,61>>, <<0,65>>], utf16}, {[[], <<0,65>>, []], utf16},
      {[<<216>>, <<61,222,0,220,0>>], utf16}, {[<<216>>, <<61,222,0,220,0>>, 5], utf16}, {[<<216,61>> | <<222,0>>], utf16},
      {[<<0,0,0,65,0>>, <<0>>, [<<0>>, <<66>>]], utf32}, {[<<0,0>>, 65], utf32},
      %% UTF-8 input split the same ways
      {[<<97>>, <<195>>], utf8}, {[[<<97>>, <<195>>]], utf8}, {[[<<195>>], 97], utf8}, {[[<<195>>], <<169>>], utf8},
      {[<<195>>, [<<169>>]], utf8}, {[<<195>>, <<>>], utf8}, {[97, [<<195>>]], utf8}, {[<<195>> | <<169>>], utf8},
      {[[<<195>>] | <<169>>], utf8}, {[<<97, 195>>, []], utf8}, {<<97, 195>>, utf8}, {[<<195>>, <<97>>], utf8},
      {[<<97, 255, 98>>, 99], utf8}, {[<<195>>, <<97>>, 98], utf8}, {[[<<97, 255>>], 99], utf8}, {[<<195>>, [<<97>>]], utf8},
      {[<<240, 159>>, <<152>>, <<128, 97>>], utf8}, {[<<240, 159>>, <<152>>, 97], utf8}, {[<<195>>, 97, 98], utf8},
      {[[<<195>>, [97]], 98], utf8}, {<<255>>, utf8}, {[<<255>>], utf8}, {[[<<97, 255>>, 98] | <<99>>], utf8},
      {[97 | <<195>>], utf8}, {[<<195>> | <<97>>], utf8}, {[97, 1114112], utf8}, {[97, -1, 98], utf8}
    ],
    [begin
         io:format("list ~w ~p: ~w~n", [D, E, r(fun() -> unicode:characters_to_list(D, E) end)]),
         io:format("bin8 ~w ~p: ~w~n", [D, E, r(fun() -> unicode:characters_to_binary(D, E) end)]),
         io:format("bin16 ~w ~p: ~w~n", [D, E, r(fun() -> unicode:characters_to_binary(D, E, utf16) end)]),
         io:format("bin32le ~w ~p: ~w~n", [D, E, r(fun() -> unicode:characters_to_binary(D, E, {utf32, little}) end)])
     end || {D, E} <- Cases],
    L1 = [{[<<"a">>, <<"€"/utf8>>, <<"b">>], utf8}, {[<<226>>, <<130, 172>>, 98], utf8}, {[<<"a€"/utf8>> | <<"b">>], utf8},
          {[$a, 300, $b], utf8}, {<<0, 65, 0>>, utf16}, {[<<0, 65, 216>>, <<61, 222, 0>>], utf16}, {<<0, 97, 32, 172>>, utf16}],
    [io:format("latin1 ~w ~p: ~w~n", [D, E, r(fun() -> unicode:characters_to_binary(D, E, latin1) end)]) || {D, E} <- L1],
    io:format("~w~n", [r(fun() -> unicode:characters_to_binary(<<"é"/utf8>>, utf8, {utf16, bad}) end)]),
    io:format("~w~n", [r(fun() -> unicode:characters_to_list(<<"é"/utf8>>, utf64) end)]),
    io:format("~w~n", [r(fun() -> unicode:characters_to_binary(<<"é"/utf8>>, {utf32, native}, utf8) end)]),
    ok.

r(F) ->
    try F()
    catch error:badarg -> badarg
    end.
