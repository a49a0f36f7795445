-module(error_badarith).
-export([main/0]).
-include("../include/err_util.hrl").
main() ->
    show("int div 0", ?TRY(id(1) div id(0))),
    show("rem 0", ?TRY(id(1) rem id(0))),
    show("float / 0", ?TRY(id(1.0) / id(0))),
    show("/ 0.0", ?TRY(id(1) / id(0.0))),
    show("atom + 1", ?TRY(id(a) + 1)),
    show("list * 2", ?TRY(id([1]) * 2)),
    show("float band", ?TRY(id(1.5) band 1)),
    show("bsl atom", ?TRY(1 bsl id(x))),
    show("neg atom", ?TRY(-id(x))),
    show("bnot float", ?TRY(bnot id(1.0))),
    show("div float", ?TRY(id(4.0) div 2)),
    show("overflow", ?TRY(id(1.0e308) * 10.0)),
    ok.
