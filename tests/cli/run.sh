#!/usr/bin/env bash
# Command-line behaviour of `girder`: exit codes, error formats, eval, dis,
# compile, test. Usage: tests/cli/run.sh GIRDER. Last line: "N passed, M failed".
set -u
GIRDER=$(realpath "$1")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
pass=0 fail=0
check() {  # name, expected, actual
  if [ "$2" == "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); printf 'FAIL %s\n  expected: %q\n  actual:   %q\n' "$1" "$2" "$3"; fi
}

cat > hello.erl <<'X'
-module(hello).
-export([main/1]).
main(Args) -> io:format("hello ~p~n", [Args]).
X
check "run main/1 with args" 'hello ["a","bc"]' "$("$GIRDER" run hello.erl a bc)"

cat > m0.erl <<'X'
-module(m0).
-export([main/0]).
main() -> io:format("zero~n").
X
check "run main/0" "zero" "$("$GIRDER" run m0.erl)"

cat > h.erl <<'X'
-module(h).
-export([main/0]).
main() -> io:format("before~n"), halt(3).
X
out=$("$GIRDER" run h.erl); code=$?
check "halt output" "before" "$out"
check "halt status" "3" "$code"

cat > bad.erl <<'X'
-module(bad).
-export([main/0]).
main() ->
    X = ,
    X.
X
err=$("$GIRDER" run bad.erl 2>&1 >/dev/null); code=$?
check "syntax error status" "1" "$code"
echo "$err" | grep -q "^bad.erl:4:9: syntax error before: ','" && check "syntax error location" ok ok || check "syntax error location" "bad.erl:4:9: syntax error before: ','" "$err"

cat > unb.erl <<'X'
-module(unb).
-export([main/0]).
main() -> Y.
X
err=$("$GIRDER" run unb.erl 2>&1 >/dev/null)
check "unbound variable" "unb.erl:3:11: variable 'Y' is unbound" "$err"

cat > crash.erl <<'X'
-module(crash).
-export([main/0]).
main() ->
    io:format("partial~n"),
    1 = two(),
    ok.
two() -> 2.
X
out=$("$GIRDER" run crash.erl 2>err.txt); code=$?
check "crash status" "1" "$code"
check "crash keeps output" "partial" "$out"
grep -q "badmatch,2" err.txt && check "crash reason" ok ok || check "crash reason" "{badmatch,2} on stderr" "$(cat err.txt)"
grep -q "crash.erl:5" err.txt && check "crash location" ok ok || check "crash location" "crash.erl:5" "$(cat err.txt)"

check "eval" "[2,4,6]" "$("$GIRDER" eval '[X*2 || X <- [1,2,3]].')"
check "eval bindings" "{3,<<\"ab\">>}" "$("$GIRDER" eval 'A = 1, B = 2, {A+B, <<"a","b">>}.')"

"$GIRDER" compile hello.erl -o "$work" && [ -s "$work/hello.gbc" ] && check "compile" ok ok || check "compile" ok failed
"$GIRDER" dis hello.gbc | grep -q "func_info" && check "dis" ok ok || check "dis" ok failed
printf 'GBC1garbage' > broken.gbc
"$GIRDER" dis broken.gbc >/dev/null 2>&1; check "dis rejects bad file" "1" "$?"
"$GIRDER" run missing.erl >/dev/null 2>&1; check "missing file" "1" "$?"

# Source encoding: a Latin-1 byte in a file without a coding comment stops
# the compilation as erlc does; with `%% coding: latin-1` it is a character.
printf -- '-module(enc).\n-export([main/0]).\nmain() -> io:format("~w~n", ["caf\xe9"]).\n' > enc.erl
err=$("$GIRDER" run enc.erl 2>&1 >/dev/null); code=$?
check "invalid UTF-8 status" "1" "$code"
check "invalid UTF-8 message" "enc.erl:2:2: function main/0 undefined
enc.erl:3:34: cannot parse file, giving up
enc.erl:3:34: cannot translate from UTF-8" "$err"
printf -- '%%%% coding: latin-1\n-module(enc1).\n-export([main/0]).\nmain() -> io:format("~w~n", ["caf\xe9"]).\n' > enc1.erl
check "latin-1 source" "[99,97,102,233]" "$("$GIRDER" run enc1.erl)"

# A process that caught an exception and then returned is not a crash.
cat > caught.erl <<'X'
-module(caught).
-export([main/0]).
main() ->
    Pid = spawn(fun () -> catch error(x), catch nomod:f() end),
    Ref = monitor(process, Pid),
    receive {'DOWN', Ref, _, _, R} -> io:format("~p~n", [R]) end.
X
out=$("$GIRDER" run caught.erl 2>err.txt)
check "caught exception, normal exit" "normal" "$out"
check "caught exception, no error report" "" "$(cat err.txt)"

# girder test: EUnit on the given test modules, with the module under test
# found beside NAME_tests.erl, from another directory and through a relative
# path; exit status 1 when a test fails.
mkdir -p proj/sub
cat > proj/sub/adder.erl <<'X'
-module(adder).
-export([add/2]).
add(A, B) -> A + B.
X
cat > proj/sub/adder_tests.erl <<'X'
-module(adder_tests).
-include_lib("eunit/include/eunit.hrl").
add_test() -> ?assertEqual(3, adder:add(1, 2)).
gen_test_() -> [?_assert(adder:add(0, 0) =:= 0), ?_assertError(badarith, adder:add(a, 1))].
X
out=$("$GIRDER" test proj/sub/adder_tests.erl 2>&1); code=$?
check "test passes" "  All 3 tests passed." "$out"
check "test passes status" "0" "$code"
out=$(cd proj && "$GIRDER" test sub/adder_tests.erl sub/adder.erl 2>&1)
check "test with the module under test listed" "  All 3 tests passed." "$out"
cat > proj/failing_tests.erl <<'X'
-module(failing_tests).
-include_lib("eunit/include/eunit.hrl").
one_test() -> ?assertEqual(1, 2).
two_test() -> ok.
X
out=$("$GIRDER" test proj/failing_tests.erl 2>&1); code=$?
check "test failure status" "1" "$code"
check "test failure summary" "  Failed: 1.  Skipped: 0.  Passed: 1." "$(echo "$out" | tail -n 1)"
echo "$out" | grep -q '^failing_tests: one_test\.\.\.\*failed\*$' && check "test failure line" ok ok ||
  check "test failure line" "failing_tests: one_test...*failed*" "$out"
out=$("$GIRDER" test -v proj/sub/adder_tests.erl 2>&1)
echo "$out" | grep -q "^  adder_tests: add_test\.\.\..*ok$" && check "test verbose" ok ok || check "test verbose" "adder_tests: add_test...ok" "$out"
"$GIRDER" test proj/missing_tests.erl >/dev/null 2>&1; check "test missing file" "1" "$?"

# Standard input: each tests/cli/stdin/NAME.erl runs with NAME.input (or the
# output of NAME.input.sh) piped in; stdout must be NAME.expected, recorded
# from `erl -noshell` by tests/cli/stdin/record.sh.
stdin_dir=$HERE/stdin
for prog in "$stdin_dir"/*.erl; do
  name=$(basename "$prog" .erl)
  if [ -f "$stdin_dir/$name.input.sh" ]; then sh "$stdin_dir/$name.input.sh" > stdin.in; else cp "$stdin_dir/$name.input" stdin.in; fi
  timeout 60 "$GIRDER" run "$prog" < stdin.in > stdin.out 2> stdin.err; code=$?
  if [ "$code" -eq 0 ] && cmp -s stdin.out "$stdin_dir/$name.expected"; then
    check "stdin $name" ok ok
  else
    check "stdin $name" "$(cat "$stdin_dir/$name.expected")" "$(cat stdin.out) (exit $code) $(head -c 300 stdin.err)"
  fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
