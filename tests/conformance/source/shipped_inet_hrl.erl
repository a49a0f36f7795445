-module(shipped_inet_hrl).
-export([main/0]).
-include_lib("kernel/include/inet.hrl").

%% The hostent record of the shipped kernel/include/inet.hrl.
main() ->
    H = #hostent{h_name = "localhost", h_addrtype = inet, h_length = 4, h_addr_list = [{127, 0, 0, 1}]},
    io:format("~p~n", [H]),
    io:format("~p~n", [#hostent{}]),
    io:format("~p~n", [record_info(fields, hostent)]),
    io:format("~p~n", [record_info(size, hostent)]),
    #hostent{h_name = Name, h_addr_list = [Addr | _]} = H,
    io:format("~s ~p~n", [Name, Addr]),
    ok.
