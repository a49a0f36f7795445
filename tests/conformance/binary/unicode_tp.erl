-module(unicode_tp).
-export([main/0]).
main() ->
    Terms = ["naïve", "日本語", <<"日本語"/utf8>>, [1046, 1047], {"ünï", 'ато́м'}, [$a, 16#1F600],
             #{"ключ" => <<"значение"/utf8>>}, ['λ']],
    [io:format("~tp~n~p~n", [T, T]) || T <- Terms],
    [io:format("~tw~n", [T]) || T <- Terms],
    ok.
