-module(error_badarg).
-export([main/0]).
-include("../include/err_util.hrl").
main() ->
    show("element 0", ?TRY(element(id(0), {a}))),
    show("element 2", ?TRY(element(id(2), {a}))),
    show("element list", ?TRY(element(1, id([a])))),
    show("setelement", ?TRY(setelement(id(3), {a, b}, c))),
    show("hd []", ?TRY(hd(id([])))),
    show("tl []", ?TRY(tl(id([])))),
    show("length improper", ?TRY(length(id([a | b])))),
    show("atom_to_list", ?TRY(atom_to_list(id("str")))),
    show("list_to_atom", ?TRY(list_to_atom(id(abc)))),
    show("list_to_integer", ?TRY(list_to_integer(id("12a")))),
    show("list_to_integer empty", ?TRY(list_to_integer(id("")))),
    show("binary_to_list", ?TRY(binary_to_list(id(abc)))),
    show("tuple_size", ?TRY(tuple_size(id([])))),
    show("list_to_tuple", ?TRY(list_to_tuple(id(x)))),
    show("integer_to_list base", ?TRY(integer_to_list(10, id(37)))),
    show("make_tuple", ?TRY(erlang:make_tuple(id(-1), x))),
    show("abs", ?TRY(abs(id(x)))),
    show("float_to_list", ?TRY(float_to_list(id(1)))),
    show("binary_to_term", ?TRY(binary_to_term(id(<<1, 2, 3>>)))),
    show("iolist_to_binary", ?TRY(iolist_to_binary(id([1, foo])))),
    show("bit syntax size", ?TRY(<<(id(1)):(id(-1))>>)),
    show("bit syntax type", ?TRY(<<(id(a)):8>>)),
    show("bit syntax binary", ?TRY(<<(id(<<1:3>>))/binary>>)),
    show("system_limit atom", ?TRY(list_to_atom(lists:duplicate(id(256), $a)))),
    ok.
