#!/usr/bin/env bash
# Network stress (issue 11): tests/stress/net_storm.erl holds CONNS
# connections at once, kills the owner of KILL sockets, stalls a fast writer
# on a peer that never reads, resets a connection mid-stream and feeds a
# framed socket garbage. Fails on a non-zero exit, a timeout or no "ok".
#
#   tests/stress/net.sh GIRDER [CONNS KILL OFFER_MB]
#
# Defaults 10000 1000 64 (CI). CONNS needs 2*CONNS+100 file descriptors:
# the soft limit is raised as far as the hard limit allows, and CONNS
# lowered (with a note) when even that is not enough.
set -u
if [ $# -ne 1 ] && [ $# -ne 4 ]; then
  echo "usage: $0 GIRDER [CONNS KILL OFFER_MB]" >&2
  exit 2
fi
GIRDER=$1
CONNS=${2:-10000} KILL=${3:-1000} OFFER=${4:-64}
HERE=$(cd "$(dirname "$0")" && pwd)
# Under AddressSanitizer freed memory sits in a quarantine (256 MB by
# default), which the slow-reader part would read as growth.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
want=$((2 * CONNS + 2 * KILL + 200))
ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
have=$(ulimit -n)
if [ "$have" != unlimited ] && [ "$have" -lt "$want" ]; then
  budget=$(( have - 300 ))
  [ $((2 * KILL)) -gt $((budget / 4)) ] && KILL=$(( budget / 8 ))
  CONNS=$(( (budget - 2 * KILL) / 2 ))
  echo "note: ulimit -n is $have; connections lowered to $CONNS, killed sockets to $KILL"
fi
out=$(timeout "${GIRDER_STRESS_TIMEOUT:-300}" "$GIRDER" run --schedulers 2 "$HERE/net_storm.erl" \
      "$CONNS" "$KILL" "$OFFER" 2>&1)
rc=$?
echo "$out"
if [ $rc -ne 0 ] || ! grep -qx ok <<<"$out"; then
  echo "net stress FAILED (exit $rc)" >&2
  exit 1
fi
