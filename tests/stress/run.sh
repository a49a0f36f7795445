#!/usr/bin/env bash
# Process stress test: kill_storm.erl under the multi-core scheduler and once
# under the seeded deterministic scheduler.
#
#   tests/stress/run.sh GIRDER [SIZE]
#
# SIZE (default 100000) is the number of storm processes for the
# --schedulers 2 run; the deterministic run (--seed 42 --schedulers 1) uses
# 10000. A run fails on a non-zero exit, a timeout or a missing "ok" line.
# With GIRDER_STRESS_OTP=1 the summary lines are also compared with
# Erlang/OTP's (needs erlc and erl).
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 GIRDER [SIZE]" >&2
  exit 2
fi
GIRDER=$1
SIZE=${2:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
PROG=$HERE/kill_storm.erl
TIMEOUT=${GIRDER_STRESS_TIMEOUT:-180}

failures=0
declare -A summary

run_one() {  # name, size, girder options...
  local name=$1 size=$2
  shift 2
  local out rc start end
  start=$(date +%s.%N)
  out=$(timeout -k 5 "$TIMEOUT" "$GIRDER" run "$@" "$PROG" "$size" 2>&1)
  rc=$?
  end=$(date +%s.%N)
  local secs
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  local line
  line=$(printf '%s\n' "$out" | grep -m1 '^ok kill_storm' || true)
  if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
    echo "FAIL $name (exit $rc, ${secs}s): girder run $* kill_storm.erl $size"
    [ "$rc" -eq 124 ] && echo "  timed out after ${TIMEOUT}s"
    printf '%s\n' "$out" | head -40 | sed 's/^/  /'
    failures=$((failures + 1))
  else
    echo "PASS $name (${secs}s): $line"
    summary[$size]=$line
  fi
}

run_one "kill_storm --schedulers 2" "$SIZE" --schedulers 2
run_one "kill_storm --seed 42 --schedulers 1" 10000 --seed 42 --schedulers 1

if [ "${GIRDER_STRESS_OTP:-0}" = 1 ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if erlc -o "$tmp" "$PROG"; then
    for size in "$SIZE" 10000; do
      want=$(timeout -k 5 "$TIMEOUT" erl -noshell -pa "$tmp" -run kill_storm main "$size" 2>&1 |
               grep -m1 '^ok kill_storm' || true)
      if [ -n "${summary[$size]:-}" ] && [ "$want" != "${summary[$size]}" ]; then
        echo "FAIL OTP comparison, size $size"
        echo "  otp:    $want"
        echo "  girder: ${summary[$size]}"
        failures=$((failures + 1))
      else
        echo "PASS OTP comparison, size $size"
      fi
    done
  else
    echo "FAIL erlc kill_storm.erl"
    failures=$((failures + 1))
  fi
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures stress run(s) failed"
  exit 1
fi
echo "all stress runs passed"
