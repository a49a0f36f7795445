#!/usr/bin/env bash
# Record NAME.expected for the standard-input programs here from Erlang/OTP 25.
#
# usage: tests/cli/stdin/record.sh [NAME ...]
#   Each NAME.erl gets NAME.input (or the output of NAME.input.sh) on its
#   standard input, under `erl -noshell` with standard_io switched to
#   {encoding, unicode} first (as tests/conformance/record.sh does: Girder's
#   standard_io is a unicode device, OTP 25's -noshell one is latin1 unless told).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export ERL_CRASH_DUMP=/dev/null ERL_CRASH_DUMP_SECONDS=0
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for f in "$HERE"/*.erl; do names+=("$(basename "$f" .erl)"); done
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
for name in "${names[@]}"; do
    erlc -o "$tmp" "$HERE/$name.erl" || { status=1; continue; }
    if [ -f "$HERE/$name.input.sh" ]; then sh "$HERE/$name.input.sh" > "$tmp/input"; else cp "$HERE/$name.input" "$tmp/input"; fi
    (cd "$tmp" && timeout 600 erl -noshell -pa "$tmp" \
        -eval "io:setopts([{encoding,unicode}]), $name:main(), halt()." < "$tmp/input") > "$tmp/out" 2> "$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then echo "FAIL (erl exit $rc) $name"; tail -n 5 "$tmp/err"; status=1; continue; fi
    if cmp -s "$tmp/out" "$HERE/$name.expected" 2>/dev/null; then echo "same $name"
    else cp "$tmp/out" "$HERE/$name.expected"; echo "recorded $name"; fi
done
exit $status
