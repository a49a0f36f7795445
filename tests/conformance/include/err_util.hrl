%% shared helper: run a fun and return {Class, Reason} (never the stack trace)
-define(TRY(Expr), (fun() -> try {ok, Expr} catch Class:Reason -> {Class, Reason} end end)()).
id(X) -> X.
show(Label, Result) -> io:format("~s: ~p~n", [Label, Result]).
