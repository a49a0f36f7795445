%% filename: the pure, Unix-flavoured part of OTP 25's `filename' module,
%% written from its documented behaviour.
%%
%% Names may be strings, deep lists of characters and atoms, atoms, or
%% binaries; as in OTP a binary name gives binary results and any other
%% name gives (flat) strings.
%%
%% Deviations from OTP:
%%  * Only Unix path syntax ('/' separators; no drive letters).
%%  * Not provided (they need the file system or the code server):
%%    absname/1,2, absname_join/2, find_src/1,2, find_file/2,3,
%%    safe_relative_path/1,2, basedir/2,3, validate/1.
-module(filename).

-export([basename/1, basename/2, dirname/1, extension/1, flatten/1,
         join/1, join/2, nativename/1, pathtype/1, rootname/1,
         rootname/2, split/1]).

%% Flatten a name to a string, or keep a binary.
flatten(Bin) when is_binary(Bin) -> Bin;
flatten(Name) -> do_flatten(Name, []).

do_flatten([H | T], Tail) when is_list(H) -> do_flatten(H, do_flatten(T, Tail));
do_flatten([H | T], Tail) when is_atom(H) -> atom_to_list(H) ++ do_flatten(T, Tail);
do_flatten([H | T], Tail) -> [H | do_flatten(T, Tail)];
do_flatten([], Tail) -> Tail;
do_flatten(Atom, Tail) when is_atom(Atom) -> atom_to_list(Atom) ++ do_flatten([], Tail).

%% Run F on the name as a string; give a binary back for a binary name.
with_string(Name, F) when is_binary(Name) ->
    to_bin(F(unicode:characters_to_list(Name)));
with_string(Name, F) -> F(flatten(Name)).

to_bin(L) when is_list(L) -> unicode:characters_to_binary(L);
to_bin(Other) -> Other.

%% --- basename ---

basename(Name) -> with_string(Name, fun basename_1/1).

basename_1(Name) -> last_component(strip_trailing_slash(Name)).

%% One trailing slash is ignored ("a/b/" -> "b"; "a/b//" -> []).
strip_trailing_slash(Name) ->
    case lists:reverse(Name) of
        [$/ | R] when R =/= [] -> lists:reverse(R);
        _ -> Name
    end.

last_component("/") -> [];
last_component(Name) -> last_component(Name, Name).

last_component([$/ | T], _) -> last_component(T, T);
last_component([_ | T], Acc) -> last_component(T, Acc);
last_component([], Acc) -> Acc.

basename(Name, Ext) when is_binary(Name) ->
    to_bin(basename_2(unicode:characters_to_list(Name), ext_string(Ext)));
basename(Name, Ext) ->
    basename_2(flatten(Name), ext_string(Ext)).

ext_string(Ext) when is_binary(Ext) -> unicode:characters_to_list(Ext);
ext_string(Ext) -> flatten(Ext).

basename_2(Name, Ext) ->
    Base = basename_1(Name),
    case Ext =/= [] andalso lists:suffix(Ext, Base) of
        true -> lists:sublist(Base, length(Base) - length(Ext));
        false -> Base
    end.

%% --- dirname ---

dirname(Name) -> with_string(Name, fun dirname_1/1).

dirname_1(Name) ->
    case split_last(Name) of
        {[], _} -> ".";
        {Dir, _} -> Dir
    end.

%% {Directory part (without the separating slashes, but "/" for the root),
%%  last part}; {[], Name} when Name has no slash.
split_last(Name) ->
    case string:rchr(Name, $/) of
        0 -> {[], Name};
        I ->
            Dir = lists:sublist(Name, I - 1),
            Last = lists:nthtail(I, Name),
            case lists:dropwhile(fun(C) -> C =:= $/ end, lists:reverse(Dir)) of
                [] -> {"/", Last};
                R -> {lists:reverse(R), Last}
            end
    end.

%% --- extension / rootname ---

extension(Name) -> with_string(Name, fun extension_1/1).

%% A leading dot does not start an extension (".profile" has none), but
%% rootname/1 strips from the last dot of the last component all the same.
extension_1(Name) ->
    case last_dot(Name) of
        I when I > 1 -> lists:nthtail(I - 1, last_component(Name, Name));
        _ -> []
    end.

rootname(Name) -> with_string(Name, fun rootname_1/1).

rootname_1(Name) ->
    case last_dot(Name) of
        0 -> Name;
        I -> lists:sublist(Name, length(Name) - length(last_component(Name, Name)) + I - 1)
    end.

%% Position of the last dot in the last component, or 0.
last_dot(Name) -> string:rchr(last_component(Name, Name), $.).

rootname(Name, Ext) when is_binary(Name) ->
    to_bin(rootname_2(unicode:characters_to_list(Name), ext_string(Ext)));
rootname(Name, Ext) ->
    rootname_2(flatten(Name), ext_string(Ext)).

rootname_2(Name, Ext) ->
    case Ext =/= [] andalso lists:suffix(Ext, Name) of
        true -> lists:sublist(Name, length(Name) - length(Ext));
        false -> Name
    end.

%% --- join / split ---

join([Name]) -> join_one(Name);
join([Name1, Name2 | Rest]) -> join([join(Name1, Name2) | Rest]).

join_one(Name) when is_binary(Name) -> to_bin(normalize(unicode:characters_to_list(Name)));
join_one(Name) -> normalize(flatten(Name)).

join(Name1, Name2) when is_binary(Name1); is_binary(Name2) ->
    to_bin(join_2(chars(Name1), chars(Name2)));
join(Name1, Name2) ->
    join_2(flatten(Name1), flatten(Name2)).

chars(Name) when is_binary(Name) -> unicode:characters_to_list(Name);
chars(Name) -> flatten(Name).

join_2(_, [$/ | _] = Abs) -> normalize(Abs);
join_2(Name1, Name2) -> normalize(Name1 ++ "/" ++ Name2).

%% Collapse repeated slashes and drop a trailing slash (but keep "/").
normalize(Name) ->
    case collapse(Name) of
        "/" -> "/";
        N ->
            case lists:reverse(N) of
                [$/ | R] -> lists:reverse(R);
                _ -> N
            end
    end.

collapse([$/, $/ | T]) -> collapse([$/ | T]);
collapse([H | T]) -> [H | collapse(T)];
collapse([]) -> [].

split(Name) when is_binary(Name) ->
    [to_bin(C) || C <- split_1(unicode:characters_to_list(Name))];
split(Name) -> split_1(flatten(Name)).

split_1([$/ | T]) -> ["/" | split_parts(T)];
split_1(Name) -> split_parts(Name).

split_parts(Name) -> [P || P <- string:tokens(Name, "/")].

%% --- misc ---

pathtype(Name) ->
    case chars(Name) of
        [$/ | _] -> absolute;
        _ -> relative
    end.

nativename(Name) when is_binary(Name) -> to_bin(normalize(unicode:characters_to_list(Name)));
nativename(Name) -> normalize(flatten(Name)).
