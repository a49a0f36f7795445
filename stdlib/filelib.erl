%% filelib: file utilities over the file module (OTP 25's filelib, written
%% for Girder from its documentation and observed behaviour).
%%
%% wildcard/1,2: a pattern is split at "/" and matched a component at a
%% time against directory listings: * (any characters, a leading dot
%% included), ? (one character), [abc] and [a-z] (one of a set), {p,q}
%% (either pattern), \x (x itself), and ** alone as a component (any number
%% of directories, none included). The result is sorted. A component
%% without wildcards is a name taken as it is.
%%
%% fold_files/5 matches file names (not paths) with a regular expression.
%% Girder has no `re' module yet, so a small backtracking matcher here
%% covers what file filters use: literals, ., [...] and [^...] sets with
%% ranges, \d \w \s \D \W \S and escaped characters, ^ and $, groups,
%% alternation, and the quantifiers * + ? {n} {n,} {n,m}.
-module(filelib).

-include_lib("kernel/include/file.hrl").

-export([is_dir/1, is_file/1, is_regular/1, ensure_dir/1, ensure_path/1,
         wildcard/1, wildcard/2, fold_files/5, file_size/1, last_modified/1]).

%% --- predicates and sizes ----------------------------------------------------

is_dir(Name) ->
    case file:read_file_info(Name) of
        {ok, #file_info{type = directory}} -> true;
        _ -> false
    end.

is_file(Name) ->
    case file:read_file_info(Name) of
        {ok, #file_info{type = T}} -> T =:= regular orelse T =:= directory;
        _ -> false
    end.

is_regular(Name) ->
    case file:read_file_info(Name) of
        {ok, #file_info{type = regular}} -> true;
        _ -> false
    end.

file_size(Name) ->
    case file:read_file_info(Name) of
        {ok, #file_info{size = Size}} -> Size;
        _ -> 0
    end.

last_modified(Name) ->
    case file:read_file_info(Name) of
        {ok, #file_info{mtime = Mtime}} -> Mtime;
        _ -> 0
    end.

%% --- directories -------------------------------------------------------------

%% Make the directory Name is in, and its parents. A parent that cannot be
%% made shows in the error of the directory under it.
ensure_dir(Name) ->
    Dir = filename:dirname(Name),
    case is_dir(Dir) of
        true ->
            ok;
        false when Dir =:= Name ->
            {error, einval};
        false ->
            _ = ensure_dir(Dir),
            case file:make_dir(Dir) of
                {error, eexist} = Exists ->
                    case is_dir(Dir) of
                        true -> ok;
                        false -> Exists
                    end;
                Other ->
                    Other
            end
    end.

%% Make Path and its parents.
ensure_path(Path) ->
    case is_dir(Path) of
        true -> ok;
        false -> ensure_dir(filename:join(Path, "x"))
    end.

%% --- wildcard ----------------------------------------------------------------

wildcard(Pattern) ->
    wildcard(Pattern, []).

%% Relative patterns are relative to Cwd; so are the names returned.
wildcard(Pattern, Cwd) when is_binary(Pattern) ->
    wildcard(binary_to_list(Pattern), Cwd);
wildcard(Pattern, Cwd) when is_binary(Cwd) ->
    wildcard(Pattern, binary_to_list(Cwd));
wildcard(Pattern, Cwd) when is_atom(Pattern) ->
    wildcard(atom_to_list(Pattern), Cwd);
wildcard(Pattern, Cwd) ->
    case filename:split(filename:flatten(Pattern)) of
        ["."] -> lists:usort(expand("", ["."], Cwd));
        ["/" | Parts] -> lists:usort(expand("/", drop_dots(Parts), Cwd));
        Parts -> lists:usort(expand("", drop_dots(Parts), Cwd))
    end.

%% "." adds nothing to a path (and OTP leaves it out of the names found).
drop_dots(Parts) -> [P || P <- Parts, P =/= "."].

expand(Prefix, [], _Cwd) ->
    [Prefix];
expand(Prefix, [Part | Rest], Cwd) ->
    case compile_part(Part) of
        literal ->
            Path = join(Prefix, Part),
            case Rest of
                [] ->
                    case file:read_link_info(full(Path, Cwd)) of
                        {ok, _} -> [Path];
                        _ -> []
                    end;
                _ ->
                    case is_dir(full(Path, Cwd)) of
                        true -> expand(Path, Rest, Cwd);
                        false -> []
                    end
            end;
        any_dirs ->
            Here = case Rest of
                       [] -> [];
                       _ -> expand(Prefix, Rest, Cwd)
                   end,
            Dirs = [join(Prefix, N) || N <- names(Prefix, Cwd), is_dir(full(join(Prefix, N), Cwd))],
            Below = [expand(D, [Part | Rest], Cwd) || D <- Dirs],
            case Rest of
                [] -> Dirs ++ [join(Prefix, N) || N <- names(Prefix, Cwd)] ++ lists:append(Below);
                _ -> Here ++ lists:append(Below)
            end;
        Pattern ->
            Matches = [N || N <- names(Prefix, Cwd), match(Pattern, N)],
            case Rest of
                [] ->
                    [join(Prefix, N) || N <- Matches];
                _ ->
                    lists:append([expand(join(Prefix, N), Rest, Cwd)
                                  || N <- Matches, is_dir(full(join(Prefix, N), Cwd))])
            end
    end.

names(Prefix, Cwd) ->
    case file:list_dir(full(Prefix, Cwd)) of
        {ok, Names} -> Names;
        _ -> []
    end.

join("", Name) -> Name;
join("/", Name) -> "/" ++ Name;
join(Dir, Name) -> Dir ++ "/" ++ Name.

%% The path to ask the file system about.
full("", []) -> ".";
full("", Cwd) -> Cwd;
full([$/ | _] = Path, _) -> Path;
full(Path, []) -> Path;
full(Path, Cwd) -> filename:join(Cwd, Path).

%% literal | any_dirs | a pattern: [star | any | {set, Ranges} | {alt, [Pattern]} | Char]
compile_part("**") ->
    any_dirs;
compile_part(Part) ->
    case lists:any(fun(C) -> lists:member(C, "*?[{\\") end, Part) of
        false -> literal;
        true -> element(1, compile(Part, []))
    end.

%% {Pattern, Rest}: up to the end, or (inside braces) to a ',' or '}'.
compile([], Acc) -> {lists:reverse(Acc), []};
compile([C | _] = Rest, Acc) when C =:= $,; C =:= $} -> {lists:reverse(Acc), Rest};
compile([$* | R], Acc) -> compile(R, [star | Acc]);
compile([$? | R], Acc) -> compile(R, [any | Acc]);
compile([$\\, C | R], Acc) -> compile(R, [C | Acc]);
compile([$[ | R], Acc) ->
    case set(R, []) of
        {Set, R1} -> compile(R1, [{set, Set} | Acc]);
        error -> compile(R, [$[ | Acc])
    end;
compile([${ | R], Acc) ->
    case alternatives(R, []) of
        {Alts, R1} -> compile(R1, [{alt, Alts} | Acc]);
        error -> compile(R, [${ | Acc])
    end;
compile([C | R], Acc) -> compile(R, [C | Acc]).

alternatives(R, Acc) ->
    case compile(R, []) of
        {Alt, [$, | R1]} -> alternatives(R1, [Alt | Acc]);
        {Alt, [$} | R1]} -> {lists:reverse([Alt | Acc]), R1};
        _ -> error
    end.

set([$] | R], Acc) when Acc =/= [] -> {lists:reverse(Acc), R};
set([A, $-, B | R], Acc) when B =/= $] -> set(R, [{A, B} | Acc]);
set([$, | R], Acc) -> set(R, Acc);
set([C | R], Acc) -> set(R, [{C, C} | Acc]);
set([], _) -> error.

match([], []) -> true;
match([star | P], S) -> match_star(P, S);
match([any | P], [_ | S]) -> match(P, S);
match([{set, Set} | P], [C | S]) -> in_set(C, Set) andalso match(P, S);
match([{alt, Alts} | P], S) -> lists:any(fun(A) -> match(A ++ P, S) end, Alts);
match([C | P], [C | S]) when is_integer(C) -> match(P, S);
match(_, _) -> false.

match_star(P, S) ->
    match(P, S) orelse (S =/= [] andalso match_star(P, tl(S))).

in_set(C, Set) -> lists:any(fun({A, B}) -> C >= A andalso C =< B end, Set).

%% --- fold_files --------------------------------------------------------------

fold_files(Dir, RegExp, Recursive, Fun, Acc) ->
    Re = re_compile(RegExp),
    fold(Dir, Re, Recursive, Fun, Acc).

fold(Dir, Re, Recursive, Fun, Acc) ->
    case file:list_dir(Dir) of
        {ok, Names} ->
            lists:foldl(fun(Name, A) ->
                                Path = filename:join(Dir, Name),
                                case is_dir(Path) of
                                    true when Recursive -> fold(Path, Re, Recursive, Fun, A);
                                    true -> A;
                                    false ->
                                        case re_search(Re, Name) of
                                            true -> Fun(Path, A);
                                            false -> A
                                        end
                                end
                        end, Acc, Names);
        _ ->
            Acc
    end.

%% --- the regular expression subset -------------------------------------------
%% A compiled expression is a list of alternatives, each a list of
%% {Atom, Min, Max} (Max: a count or infinity); Atom is {char, C}, any,
%% {set, Negated, Items}, {group, Alternatives}, bol or eol.

re_compile(RegExp) when is_binary(RegExp) -> re_compile(binary_to_list(RegExp));
re_compile(RegExp) ->
    case re_alt(RegExp) of
        {Alts, []} -> Alts;
        _ -> erlang:error(badarg, [RegExp])
    end.

re_alt(S) ->
    {Seq, R} = re_seq(S, []),
    case R of
        [$| | R1] ->
            {Alts, R2} = re_alt(R1),
            {[Seq | Alts], R2};
        _ ->
            {[Seq], R}
    end.

re_seq([], Acc) -> {lists:reverse(Acc), []};
re_seq([C | _] = R, Acc) when C =:= $|; C =:= $) -> {lists:reverse(Acc), R};
re_seq(S, Acc) ->
    {Atom, R} = re_atom(S),
    {Piece, R1} = re_quant(Atom, R),
    re_seq(R1, [Piece | Acc]).

re_atom([$(, $?, $: | R]) -> re_group(R);
re_atom([$( | R]) -> re_group(R);
re_atom([$. | R]) -> {any, R};
re_atom([$^ | R]) -> {bol, R};
re_atom([$$ | R]) -> {eol, R};
re_atom([$[, $^ | R]) -> re_set(R, true, []);
re_atom([$[ | R]) -> re_set(R, false, []);
re_atom([$\\, C | R]) -> {re_escape(C), R};
re_atom([C | R]) -> {{char, C}, R}.

re_group(R) ->
    case re_alt(R) of
        {Alts, [$) | R1]} -> {{group, Alts}, R1};
        _ -> erlang:error(badarg)
    end.

re_escape($d) -> {set, false, [{$0, $9}]};
re_escape($D) -> {set, true, [{$0, $9}]};
re_escape($w) -> {set, false, [{$a, $z}, {$A, $Z}, {$0, $9}, {$_, $_}]};
re_escape($W) -> {set, true, [{$a, $z}, {$A, $Z}, {$0, $9}, {$_, $_}]};
re_escape($s) -> {set, false, [{$\s, $\s}, {$\t, $\r}]};
re_escape($S) -> {set, true, [{$\s, $\s}, {$\t, $\r}]};
re_escape($n) -> {char, $\n};
re_escape($t) -> {char, $\t};
re_escape(C) -> {char, C}.

re_set([$] | R], Neg, Acc) when Acc =/= [] -> {{set, Neg, Acc}, R};
re_set([$\\, C | R], Neg, Acc) ->
    case re_escape(C) of
        {char, Ch} -> re_set(R, Neg, [{Ch, Ch} | Acc]);
        {set, false, Items} -> re_set(R, Neg, Items ++ Acc);
        {set, true, _} -> erlang:error(badarg)
    end;
re_set([A, $-, B | R], Neg, Acc) when B =/= $] -> re_set(R, Neg, [{A, B} | Acc]);
re_set([C | R], Neg, Acc) -> re_set(R, Neg, [{C, C} | Acc]);
re_set([], _, _) -> erlang:error(badarg).

re_quant(A, [$* | R]) -> {{A, 0, infinity}, R};
re_quant(A, [$+ | R]) -> {{A, 1, infinity}, R};
re_quant(A, [$? | R]) -> {{A, 0, 1}, R};
re_quant(A, [${ | R] = All) ->
    case re_count(R, []) of
        {N, [$} | R1]} when is_integer(N) -> {{A, N, N}, R1};
        {N, [$,, $} | R1]} when is_integer(N) -> {{A, N, infinity}, R1};
        {N, [$, | R1]} when is_integer(N) ->
            case re_count(R1, []) of
                {M, [$} | R2]} when is_integer(M) -> {{A, N, M}, R2};
                _ -> {{A, 1, 1}, All}
            end;
        _ -> {{A, 1, 1}, All}
    end;
re_quant(A, R) -> {{A, 1, 1}, R}.

re_count([D | R], Acc) when D >= $0, D =< $9 -> re_count(R, [D | Acc]);
re_count(R, []) -> {none, R};
re_count(R, Acc) -> {list_to_integer(lists:reverse(Acc)), R}.

%% Does the expression match anywhere in Name?
re_search(Alts, Name) -> re_search(Alts, Name, Name).

re_search(Alts, Suffix, Name) ->
    re_alts(Alts, Suffix, Name, fun(_) -> true end) orelse
        (Suffix =/= [] andalso re_search(Alts, tl(Suffix), Name)).

re_alts(Alts, S, Name, K) -> lists:any(fun(Seq) -> re_seq_match(Seq, S, Name, K) end, Alts).

re_seq_match([], S, _Name, K) -> K(S);
re_seq_match([{Atom, Min, Max} | Rest], S, Name, K) ->
    re_rep(Atom, Min, Max, S, Name, fun(S1) -> re_seq_match(Rest, S1, Name, K) end).

re_rep(Atom, Min, Max, S, Name, K) when Min > 0 ->
    re_one(Atom, S, Name, fun(S1) -> re_rep(Atom, Min - 1, dec(Max), S1, Name, K) end);
re_rep(_Atom, 0, 0, S, _Name, K) ->
    K(S);
re_rep(Atom, 0, Max, S, Name, K) ->
    %% Greedy: one more first (only if it consumes), then stop here.
    re_one(Atom, S, Name, fun(S1) when S1 =/= S -> re_rep(Atom, 0, dec(Max), S1, Name, K);
                             (_) -> false
                          end) orelse K(S).

dec(infinity) -> infinity;
dec(N) -> N - 1.

re_one({char, C}, [C | S], _Name, K) -> K(S);
re_one(any, [C | S], _Name, K) when C =/= $\n -> K(S);
re_one({set, Neg, Items}, [C | S], _Name, K) -> (in_set(C, Items) =/= Neg) andalso K(S);
re_one({group, Alts}, S, Name, K) -> re_alts(Alts, S, Name, K);
re_one(bol, S, Name, K) -> S =:= Name andalso K(S);
re_one(eol, S, _Name, K) -> (S =:= [] orelse S =:= "\n") andalso K(S);
re_one(_, _, _, _) -> false.
