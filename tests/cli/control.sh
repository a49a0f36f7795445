#!/usr/bin/env bash
# The control socket end to end (issue 10): `girder run --control` serves a
# program whose server loops through ?MODULE:loop while a client pings it
# without pause; `girder load` puts version 2 in. The server must move to
# version 2 without a lost reply, a process in a local loop must stay on
# version 1, a second load must be refused while old code is in use (and
# go through with --purge), and bad input must be refused with nothing
# loaded; `--upgrade` must migrate a gen_server's state, and undo the load
# when a code_change fails. Usage: tests/cli/control.sh GIRDER. Last line:
# "N passed, M failed".
set -u
GIRDER=$(realpath "$1")
work=$(mktemp -d)
vm_pid=""
trap '[ -n "$vm_pid" ] && kill "$vm_pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
pass=0 fail=0
check() {  # name, expected, actual
  if [ "$2" == "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); printf 'FAIL %s\n  expected: %q\n  actual:   %q\n' "$1" "$2" "$3"; fi
}
contains() {  # name, needle, haystack
  if [[ "$3" == *"$2"* ]]; then pass=$((pass + 1)); else fail=$((fail + 1)); printf 'FAIL %s\n  missing: %q\n  in:      %q\n' "$1" "$2" "$3"; fi
}

mkdir v1 v2
cat > v1/svc.erl <<'X'
-module(svc).
-export([main/0, loop/1, local_start/0, version/0]).
version() -> 1.
main() ->
    register(svc, spawn(fun() -> loop(0) end)),
    register(local, spawn(fun local_start/0)),
    Me = self(),
    spawn(fun() -> client(Me, 0, 0) end),
    io:format("started~n"),
    receive {done, Sent, Moved} ->
        local ! {version, self()},
        Local = receive {local_version, V} -> V after 5000 -> timeout end,
        io:format("replies ~p, first v2 after ~p, lost 0, local loop on ~p~n", [Sent, Moved, Local])
    after 60000 -> io:format("no move to version 2~n")
    end,
    %% The VM stays up for the other checks, with no frame of svc on main's
    %% stack (a purge of svc's old code would kill main, and the VM with it).
    erlang:hibernate(timer, sleep, [infinity]).
%% Pings without pause; every ping must be answered, in order.
client(Main, N, Moved) ->
    svc ! {ping, self(), N},
    receive
        {pong, 2, N} when Moved =:= 0 -> client(Main, N + 1, N);
        {pong, _, N} when Moved =/= 0, N >= Moved + 200 -> Main ! {done, N + 1, Moved};
        {pong, _, N} -> client(Main, N + 1, Moved);
        Other -> io:format("wrong reply ~p to ping ~p~n", [Other, N])
    after 5000 -> io:format("lost ping ~p~n", [N])
    end.
loop(Count) ->
    receive
        {ping, From, N} -> From ! {pong, version(), N}, ?MODULE:loop(Count + 1)
    end.
%% A local loop stays in the version it started in.
local_start() -> local_loop().
local_loop() ->
    receive {version, From} -> From ! {local_version, version()}, local_loop() end.
X
sed 's/^version() -> 1\./version() -> 2./' v1/svc.erl > v2/svc.erl
sed 's/^version() -> 1\./version() -> 3./' v1/svc.erl > svc3.erl
mkdir v3 && cp svc3.erl v3/svc.erl

sock="$work/ctl.sock"
"$GIRDER" run --control "$sock" v1/svc.erl > out.txt 2> err.txt &
vm_pid=$!
for _ in $(seq 100); do grep -q started out.txt 2>/dev/null && [ -S "$sock" ] && break; sleep 0.05; done
check "socket mode" "srw-------" "$(stat -c %A "$sock" 2>/dev/null)"

out=$("$GIRDER" modules --vm "$sock"); code=$?
check "modules status" "0" "$code"
contains "modules lists svc" "svc " "$out"

out=$("$GIRDER" load --vm "$sock" v2/svc.erl); code=$?
check "load status" "0" "$code"
contains "load reports the change" "svc: " "$out"

for _ in $(seq 200); do grep -q "replies" out.txt && break; sleep 0.05; done
result=$(grep -E "replies|lost|wrong|no move" out.txt)
contains "server moved without loss" "lost 0, local loop on 1" "$result"

# The local loop still runs version 1: a third version needs --purge.
out=$("$GIRDER" load --vm "$sock" v3/svc.erl 2>&1); code=$?
check "refused while old code in use" "1" "$code"
contains "refusal says why" "old code in use, nothing loaded" "$out"
out=$("$GIRDER" load --vm "$sock" --purge --json v3/svc.erl); code=$?
check "purge status" "0" "$code"
contains "purge json" '"killed":' "$out"

# Bad input: a module that does not compile never leaves the client; a
# corrupt module file and a misnamed one are refused with nothing loaded.
printf -- '-module(broken).\n-export([f/0]).\nf() -> .\n' > broken.erl
out=$("$GIRDER" load --vm "$sock" broken.erl 2>&1); code=$?
check "compile error status" "1" "$code"
contains "compile error text" "broken.erl:3:" "$out"
head -c 100 /dev/urandom > junk.gbc
"$GIRDER" compile -o . v1/svc.erl && cp svc.gbc other.gbc
out=$("$GIRDER" load --vm "$sock" v2/svc.erl junk.gbc 2>&1); code=$?
check "corrupt file refused" "1" "$code"
contains "corrupt file: nothing loaded" "refused, nothing loaded" "$out"
out=$("$GIRDER" load --vm "$sock" other.gbc 2>&1); code=$?
check "misnamed file refused" "1" "$code"
contains "misnamed says so" "defines module svc, not other" "$out"
out=$("$GIRDER" modules --vm "$sock" --json)
contains "still answering after bad input" '"module":"svc"' "$out"

# Garbage and oversized frames on the socket: an error or a closed
# connection, and the VM still answers.
if command -v python3 >/dev/null; then
  python3 - "$sock" <<'X'
import socket, struct, sys
for payload in [b"\x00\x00\x00\x05hello", b"\xff\xff\xff\xffxx", b"garbage without a frame"]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1]); s.sendall(payload); s.settimeout(5)
    try: s.recv(100)
    except Exception: pass
    s.close()
X
fi
out=$("$GIRDER" modules --vm "$sock"); code=$?
check "alive after garbage" "0" "$code"

out=$("$GIRDER" modules --vm "$work/nobody.sock" 2>&1); code=$?
check "no VM there" "2" "$code"

kill "$vm_pid" 2>/dev/null; wait "$vm_pid" 2>/dev/null; vm_pid=""

# --upgrade: a gen_server's state is migrated by code_change while a client
# calls it without pause; the count it returns must never jump. Version 2
# turns the integer state into a map; version 3's code_change fails, so
# the load is undone (version 2 current again, state untouched); version 4
# then migrates from version 2's map, which proves the state survived.
mkdir up up/v2 up/v3 up/v4
cat > up/upmain.erl <<'X'
-module(upmain).
-export([main/0]).
main() ->
    {ok, _} = gen_server:start({local, ctr}, ctr, [], []),
    Me = self(),
    spawn(fun() -> client(Me, [1], 0, 0) end),
    io:format("started~n"),
    receive {done, Seen} -> io:format("versions seen ~p, count continuous~n", [Seen])
    after 60000 -> io:format("no version 4~n")
    end,
    timer:sleep(infinity).
client(Main, Seen, Last, Since4) ->
    {V, C} = gen_server:call(ctr, incr),
    case C =:= Last + 1 of
        true -> ok;
        false -> io:format("count jumped from ~p to ~p at version ~p~n", [Last, C, V]), exit(bad)
    end,
    Seen1 = case lists:last(Seen) of V -> Seen; _ -> Seen ++ [V] end,
    case V of
        4 when Since4 >= 200 -> Main ! {done, Seen1};
        4 -> client(Main, Seen1, C, Since4 + 1);
        _ -> client(Main, Seen1, C, 0)
    end.
X
ctr() {  # vsn, handle_call clause, code_change clauses
  printf -- '-module(ctr).\n-behaviour(gen_server).\n-vsn(%s).\n-export([init/1, handle_call/3, handle_cast/2, code_change/3]).\ninit([]) -> {ok, 0}.\n%s\nhandle_cast(_, S) -> {noreply, S}.\n%s\n' "$1" "$2" "$3"
}
ctr 1 'handle_call(incr, _, N) -> {reply, {1, N + 1}, N + 1}.' 'code_change(_, S, _) -> {ok, S}.' > up/ctr.erl
ctr 2 'handle_call(incr, _, #{count := N} = S) -> {reply, {2, N + 1}, S#{count := N + 1}}.' \
  'code_change(1, N, _) when is_integer(N) -> {ok, #{count => N}}.' > up/v2/ctr.erl
ctr 3 'handle_call(incr, _, S) -> {reply, {3, 0}, S}.' 'code_change(_, _, _) -> error(cannot_migrate).' > up/v3/ctr.erl
ctr 4 'handle_call(incr, _, {v4, N}) -> {reply, {4, N + 1}, {v4, N + 1}}.' \
  'code_change(2, #{count := N}, _) -> {ok, {v4, N}}.' > up/v4/ctr.erl
sock2="$work/up.sock"
"$GIRDER" run --control "$sock2" up/upmain.erl > up_out.txt 2> up_err.txt &
vm_pid=$!
for _ in $(seq 100); do grep -q started up_out.txt 2>/dev/null && [ -S "$sock2" ] && break; sleep 0.05; done
out=$("$GIRDER" load --vm "$sock2" --upgrade up/v2/ctr.erl); code=$?
check "upgrade status" "0" "$code"
contains "upgrade migrates the server" "(ctr): state migrated" "$out"
out=$("$GIRDER" load --vm "$sock2" --upgrade up/v3/ctr.erl 2>&1); code=$?
check "failing code_change status" "1" "$code"
contains "failing code_change reported" "code_change failed: {'EXIT',{cannot_migrate" "$out"
contains "failing code_change reverts" "reverted:" "$out"
out=$("$GIRDER" load --vm "$sock2" --upgrade --json up/v4/ctr.erl); code=$?
check "upgrade after revert status" "0" "$code"
contains "upgrade json" '"notes":"<' "$out"
for _ in $(seq 200); do grep -qE "versions seen|jumped|no version" up_out.txt && break; sleep 0.05; done
check "state kept through every step" "versions seen [1,2,4], count continuous" "$(grep -E "versions seen|jumped|no version" up_out.txt)"

kill "$vm_pid" 2>/dev/null; wait "$vm_pid" 2>/dev/null; vm_pid=""
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
