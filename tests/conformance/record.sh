#!/usr/bin/env bash
# Re-record the golden .expected (and errors/*.reason) files from real Erlang/OTP 25.
#
# usage: tests/conformance/record.sh [FILE.erl|DIR ...]
#   With no arguments, records every program under tests/conformance/ (including
#   errors/) and tests/lang/.  Only files whose content changes are rewritten, so
#   running it twice is a no-op.  Exits non-zero if any program fails under OTP.
#
# Normal programs:  erlc -I <dir> -I <dir>/include -I tests/conformance/include
#                   erl -noshell -pa TMP -eval 'NAME:main(), halt().'
#                   stdout -> NAME.expected (must exit 0)
# errors/ programs: main/0 must raise an uncaught error; stdout produced before
#                   the crash -> NAME.expected, the reason printed with ~p -> NAME.reason
#
# NOTE: standard_io is switched to {encoding,unicode} before main/0 runs.  OTP 25's
# `erl -noshell` otherwise uses a latin1 device (é is written as the raw byte 0xE9
# and code points > 255 as \x{...}); with the switch all output is UTF-8, which is
# what OTP 26+ and the interactive shell do under a UTF-8 locale.  Pure-ASCII
# output is identical either way.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export ERL_CRASH_DUMP=/dev/null ERL_CRASH_DUMP_SECONDS=0
TIMEOUT=${RECORD_TIMEOUT:-60}

dirkey() { printf '%s' "$1" | md5sum | cut -c1-16; }

record_one() {
    local file=$1 dir name base tmp out err rc eval
    dir=$(cd "$(dirname "$file")" && pwd)
    name=$(basename "$file" .erl)
    base="$dir/$name"
    tmp=$(mktemp -d)
    # use the batch-compiled .beam if the driver produced one, else compile here
    local beamdir="$tmp"
    if [ -n "${RECORD_BATCH:-}" ] && [ -f "$RECORD_BATCH/$(dirkey "$dir")/$name.beam" ]; then
        beamdir="$RECORD_BATCH/$(dirkey "$dir")"
    elif ! erlc -I "$dir" -I "$dir/include" -I "$HERE/include" -o "$tmp" "$file" >"$tmp/erlc.log" 2>&1; then
        printf 'FAIL (erlc) %s\n%s\n' "$file" "$(sed 's/^/    /' "$tmp/erlc.log")"; rm -rf "$tmp"; return 1
    fi
    out="$tmp/stdout"; err="$tmp/stderr"
    if [ "$(basename "$dir")" = errors ]; then
        eval="io:setopts([{encoding,unicode}]),
              try $name:main() of _ -> io:format(standard_error, \"main/0 returned normally~n\", []), halt(3)
              catch error:R -> ok = file:write_file(\"$tmp/reason\", io_lib:format(\"~p~n\", [R])), halt(0);
                    C:R -> io:format(standard_error, \"unexpected class ~p:~p~n\", [C, R]), halt(4)
              end."
    else
        eval="io:setopts([{encoding,unicode}]), $name:main(), halt()."
    fi
    (cd "$dir" && timeout "$TIMEOUT" erl -noshell -pa "$beamdir" -eval "$eval") >"$out" 2>"$err"
    rc=$?
    if [ $rc -ne 0 ]; then
        printf 'FAIL (erl exit %s) %s\n%s\n' "$rc" "$file" "$(tail -n 5 "$err" | cut -c1-300 | sed 's/^/    /')"; rm -rf "$tmp"; return 1
    fi
    local changed=""
    if ! cmp -s "$out" "$base.expected" 2>/dev/null; then cp "$out" "$base.expected"; changed=" (updated)"; fi
    if [ -f "$tmp/reason" ] && ! cmp -s "$tmp/reason" "$base.reason" 2>/dev/null; then
        cp "$tmp/reason" "$base.reason"; changed=" (updated)"
    fi
    echo "ok $file$changed"
    rm -rf "$tmp"
}

if [ "${1:-}" = "--one" ]; then record_one "$2"; exit $?; fi

command -v erlc >/dev/null && command -v erl >/dev/null || { echo "erl/erlc not found" >&2; exit 2; }
[ $# -eq 0 ] && set -- "$HERE" "$ROOT/tests/lang"
files=()
for arg in "$@"; do
    if [ -d "$arg" ]; then
        while IFS= read -r f; do files+=("$f"); done < <(find "$arg" -name '*.erl' -not -path '*/include/*' | sort)
    else
        files+=("$arg")
    fi
done
[ ${#files[@]} -gt 0 ] || { echo "no programs found" >&2; exit 2; }
# compile each source directory with one erlc run (saves a VM start per program);
# programs that fail to compile here are recompiled individually to report the error
RECORD_BATCH=$(mktemp -d); export RECORD_BATCH
trap 'rm -rf "$RECORD_BATCH"' EXIT
declare -A bydir=()
for f in "${files[@]}"; do d=$(cd "$(dirname "$f")" && pwd); bydir[$d]+="$d/$(basename "$f")"$'\n'; done
for d in "${!bydir[@]}"; do
    out="$RECORD_BATCH/$(dirkey "$d")"; mkdir -p "$out"
    mapfile -t srcs < <(printf '%s' "${bydir[$d]}")
    (cd "$d" && erlc -I "$d" -I "$d/include" -I "$HERE/include" -o "$out" "${srcs[@]}") >/dev/null 2>&1
done
log=$(mktemp)
printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P "${RECORD_JOBS:-$(nproc)}" "$HERE/record.sh" --one >"$log"
status=$?
grep -av '^ok ' "$log"; grep -ac '(updated)' "$log" | sed 's/$/ file(s) updated/'
nfail=$(grep -ac '^FAIL' "$log")
echo "${#files[@]} programs, $nfail failed under OTP"
rm -f "$log"
[ "$nfail" -eq 0 ] && [ $status -eq 0 ]
