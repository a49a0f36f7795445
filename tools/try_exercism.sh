#!/usr/bin/env bash
# Run the exercism Erlang track's example solutions against their unchanged
# EUnit test modules, under Girder (`girder test`) and, if erl is installed,
# under Erlang/OTP, and count the exercises that pass.
#
# usage: tools/try_exercism.sh [--girder PATH] [--no-otp] [-v] CHECKOUT [EXERCISE...]
#   CHECKOUT  a checkout of the exercism/erlang repository (exercises/practice/*)
#   EXERCISE  names of exercises to run (default: all of them)
#   --girder  the girder binary (default: build/tools/girder/girder)
#   --no-otp  do not run OTP
#   -v        print the output of each failing run
#
# Each exercise is copied to a scratch directory: test/NAME_tests.erl as is,
# .meta/example.erl renamed to the module of the exercise's src/ stub (what
# the track's CI does with a parse transform). The tests include
# erl_exercism/include/exercism.hrl (a rebar dependency whose only job is a
# parse transform for the track's CI); an empty stand-in is written there.
# Prints one line per exercise (girder / otp: pass, FAIL, TIMEOUT, and
# whether EUnit's closing line is the same) and a summary line; exits 0.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GIRDER=$HERE/build/tools/girder/girder
OTP=1 VERBOSE=0 TIMEOUT=${TRY_TIMEOUT:-120}
pos=()
while [ $# -gt 0 ]; do
    case "$1" in
        --girder) GIRDER=$2; shift 2 ;;
        --no-otp) OTP=0; shift ;;
        -v) VERBOSE=1; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) pos+=("$1"); shift ;;
    esac
done
[ ${#pos[@]} -ge 1 ] || { sed -n '5,5p' "$0" | sed 's/^# //' >&2; exit 2; }
CHECKOUT=${pos[0]}
[ -d "$CHECKOUT/exercises/practice" ] || { echo "no exercises/practice in $CHECKOUT" >&2; exit 2; }
command -v erl >/dev/null || OTP=0
case "$GIRDER" in /*) ;; *) GIRDER="$(pwd)/$GIRDER" ;; esac

if [ ${#pos[@]} -gt 1 ]; then
    names=("${pos[@]:1}")
else
    mapfile -t names < <(ls "$CHECKOUT/exercises/practice")
fi

SCRATCH=$(mktemp -d); trap 'rm -rf "$SCRATCH"' EXIT
total=0 gpass=0 opass=0 both=0 same=0
for name in "${names[@]}"; do
    src=$CHECKOUT/exercises/practice/$name
    [ -f "$src/.meta/example.erl" ] || continue
    tests=("$src"/test/*_tests.erl)
    [ -f "${tests[0]}" ] || continue
    dir=$SCRATCH/$name
    mkdir -p "$dir/erl_exercism/include"
    echo "%% stand-in for the erl_exercism dependency (tools/try_exercism.sh)" >"$dir/erl_exercism/include/exercism.hrl"
    cp "$src"/test/*.erl "$dir/"
    # The example solution is module `example`; the track's CI renames it
    # to the module the exercise's src/ stub defines (a parse transform), so
    # the copy gets that module name.
    stub=$(ls "$src"/src/*.erl 2>/dev/null | head -n 1)
    mod=$(basename "${stub:-example.erl}" .erl)
    sed "s/^-module(example)/-module($mod)/" "$src/.meta/example.erl" >"$dir/$mod.erl"
    test_mod=$(basename "${tests[0]}" .erl)
    total=$((total + 1))

    (cd "$dir" && timeout "$TIMEOUT" "$GIRDER" test "$test_mod.erl") >"$dir/girder.out" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then g=pass; gpass=$((gpass + 1)); elif [ $rc -eq 124 ]; then g=TIMEOUT; else g=FAIL; fi

    o=-
    if [ $OTP -eq 1 ]; then
        mkdir -p "$dir/ebin"
        if (cd "$dir" && erlc -I . -o ebin ./*.erl) >"$dir/otp.out" 2>&1; then
            (cd "$dir" && timeout "$TIMEOUT" erl -noshell -pa ebin -eval \
                "case eunit:test($test_mod) of ok -> halt(0); _ -> halt(1) end.") >>"$dir/otp.out" 2>&1
            rc=$?
        else
            rc=1
        fi
        if [ $rc -eq 0 ]; then o=pass; opass=$((opass + 1)); elif [ $rc -eq 124 ]; then o=TIMEOUT; else o=FAIL; fi
        [ $g = pass ] && [ $o = pass ] && both=$((both + 1))
        # The summary lines ("  All 12 tests passed.") must agree too.
        if [ "$(grep -a '^  ' "$dir/girder.out" | tail -n 1)" = "$(grep -a '^  ' "$dir/otp.out" | tail -n 1)" ]; then
            same=$((same + 1)); o="$o (same summary)"
        else
            o="$o (summary differs: $(grep -a '^  ' "$dir/girder.out" | tail -n 1) / $(grep -a '^  ' "$dir/otp.out" | tail -n 1))"
        fi
    fi
    printf '%-28s girder %-8s otp %s\n' "$name" "$g" "$o"
    if [ $VERBOSE -eq 1 ] && [ $g != pass ]; then sed 's/^/    /' "$dir/girder.out" | head -n 40; fi
done
if [ $OTP -eq 1 ]; then
    echo "$total exercises: girder passes $gpass, OTP passes $opass, both $both; same summary line $same"
else
    echo "$total exercises: girder passes $gpass"
fi
