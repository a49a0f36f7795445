#!/usr/bin/env bash
# Run golden-output programs through Girder and compare stdout byte for byte.
#
# usage: tests/conformance/run.sh [options] GIRDER DIR [FILTER]
#   GIRDER   path to the girder binary
#   DIR      directory searched recursively for *.erl (include/ dirs are skipped),
#            e.g. tests/conformance, tests/conformance/errors or tests/lang
#   FILTER   optional substring; only programs whose path relative to DIR
#            contains it are run
# options:
#   --list-known-failures FILE  names (one per line, '#' comments) that are expected
#                               to fail for now; they are reported but not counted
#                               as failures.  A name matches a program's basename
#                               (without .erl) or its path relative to DIR.
#   --check-reason              for programs with a NAME.reason file, also require
#                               the reason text (whitespace-insensitive) on stderr
#   --timeout SECS              per-program timeout (default 60, env GIRDER_TIMEOUT)
#   -v, --verbose               print a line for every passing program too
#
# A program passes when `GIRDER run NAME.erl` (run inside the program's directory)
# exits 0 and its stdout equals NAME.expected.  Programs with a NAME.reason file
# (tests/conformance/errors/) must instead exit non-zero, with stdout equal to
# NAME.expected (the output produced before the crash).
# The last line printed is exactly "N passed, M failed"; exit status is 1 if M > 0.
set -u
usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

KNOWN_FILE="" CHECK_REASON=0 VERBOSE=0 TIMEOUT=${GIRDER_TIMEOUT:-60}
pos=()
while [ $# -gt 0 ]; do
    case "$1" in
        --list-known-failures) [ $# -ge 2 ] || usage; KNOWN_FILE=$2; shift 2 ;;
        --list-known-failures=*) KNOWN_FILE=${1#*=}; shift ;;
        --check-reason) CHECK_REASON=1; shift ;;
        --timeout) [ $# -ge 2 ] || usage; TIMEOUT=$2; shift 2 ;;
        -v|--verbose) VERBOSE=1; shift ;;
        -h|--help) usage ;;
        --) shift; pos+=("$@"); break ;;
        -*) echo "unknown option: $1" >&2; usage ;;
        *) pos+=("$1"); shift ;;
    esac
done
[ ${#pos[@]} -ge 2 ] && [ ${#pos[@]} -le 3 ] || usage
GIRDER=${pos[0]} DIR=${pos[1]} FILTER=${pos[2]:-}
case "$GIRDER" in /*) ;; */*) GIRDER="$(cd "$(dirname "$GIRDER")" && pwd)/$(basename "$GIRDER")" ;; esac
[ -d "$DIR" ] || { echo "not a directory: $DIR" >&2; exit 2; }
DIR=$(cd "$DIR" && pwd)

declare -A KNOWN=()
if [ -n "$KNOWN_FILE" ]; then
    [ -f "$KNOWN_FILE" ] || { echo "known-failures file not found: $KNOWN_FILE" >&2; exit 2; }
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%%#*}; line=$(echo "$line" | tr -d '[:space:]'); line=${line%.erl}
        [ -n "$line" ] && KNOWN[$line]=1
    done < "$KNOWN_FILE"
fi

TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0 known=0 xpass=0
failed_names=() xpass_names=()

while IFS= read -r file; do
    rel=${file#"$DIR"/}; rel=${rel%.erl}
    [ -n "$FILTER" ] && [[ "$rel" != *"$FILTER"* ]] && continue
    dir=$(dirname "$file"); name=$(basename "$file" .erl); base="$dir/$name"
    is_known=0
    [ -n "${KNOWN[$name]:-}" ] || [ -n "${KNOWN[$rel]:-}" ] && is_known=1
    why=""
    if [ ! -f "$base.expected" ]; then
        why="missing $name.expected"
    else
        (cd "$dir" && timeout "$TIMEOUT" "$GIRDER" run "$name.erl") >"$TMP/out" 2>"$TMP/err" </dev/null
        rc=$?
        if [ $rc -eq 124 ]; then
            why="timed out after ${TIMEOUT}s"
        elif [ -f "$base.reason" ]; then
            if [ $rc -eq 0 ]; then why="expected a crash with $(tr -d '\n' <"$base.reason"), but exited 0"
            elif ! cmp -s "$TMP/out" "$base.expected"; then why="stdout differs (exit $rc)"
            elif [ $CHECK_REASON -eq 1 ] && ! tr -d '[:space:]' <"$TMP/err" | grep -qF -- "$(tr -d '[:space:]' <"$base.reason")"; then
                why="reason $(tr -d '\n' <"$base.reason") not found on stderr"
            fi
        else
            if [ $rc -ne 0 ]; then why="exit status $rc"
            elif ! cmp -s "$TMP/out" "$base.expected"; then why="stdout differs"; fi
        fi
    fi
    if [ -z "$why" ]; then
        if [ $is_known -eq 1 ]; then
            echo "UNEXPECTED PASS $rel (listed as a known failure; remove it from the list)"
            xpass=$((xpass + 1)); xpass_names+=("$rel")
        elif [ $VERBOSE -eq 1 ]; then echo "PASS $rel"; fi
        pass=$((pass + 1))
    elif [ $is_known -eq 1 ]; then
        echo "KNOWN FAIL $rel: $why"
        known=$((known + 1))
    else
        echo "FAIL $rel: $why"
        if [ -f "$base.expected" ] && [ -f "$TMP/out" ]; then
            diff -u --label "$name.expected" --label "girder stdout" "$base.expected" "$TMP/out" | head -n 60 | sed 's/^/    /'
            if [ -s "$TMP/err" ]; then echo "    --- stderr (last 10 lines):"; tail -n 10 "$TMP/err" | cut -c1-400 | sed 's/^/    /'; fi
        fi
        fail=$((fail + 1)); failed_names+=("$rel")
    fi
    rm -f "$TMP/out" "$TMP/err"
done < <(find "$DIR" -name '*.erl' -not -path '*/include/*' | sort)

if [ $fail -gt 0 ]; then echo "failed: ${failed_names[*]}"; fi
if [ -n "$KNOWN_FILE" ]; then
    echo "$known known failure(s) skipped, $xpass known failure(s) now passing${xpass_names:+: ${xpass_names[*]}}"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
