#!/usr/bin/env bash
# Build the libFuzzer targets (parser, module loader) with clang and run each
# for a bounded number of inputs from the seed corpus.
# usage: tests/fuzz/run.sh [RUNS]   (default 20000 per target; the long
# soak is e.g. `tests/fuzz/run.sh 1000000`)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! command -v clang++ >/dev/null; then echo "clang++ not found (tools/deps.sh installs it)"; exit 1; fi
flags="-std=gnu++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$root"
# The shipped -include_lib headers, embedded as the build does (stdlib/CMakeLists.txt).
cmake -DOUT="$work/headers_embedded.cpp" -DROOT="$root/stdlib/include" -P "$root/stdlib/include/embed.cmake"
clang++ $flags "$root/tests/fuzz/fuzz_parser.cpp" "$work/headers_embedded.cpp" \
  "$root"/tools/compiler/{lexer,preprocessor,parser,parser_forms,eunit_transforms,ms_transform,desugar,check,frontend}.cpp \
  -o "$work/fuzz_parser"
"$root/tests/fuzz/build_fuzz_loader.sh" "$work/fuzz_loader" >/dev/null
status=0
for t in parser loader; do
  mkdir -p "$work/corpus_$t"
  cp "$root/tests/fuzz/corpus/$t/"* "$work/corpus_$t/" 2>/dev/null || true
  if "$work/fuzz_$t" -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 "$work/corpus_$t" \
       >"$work/$t.log" 2>&1; then
    echo "fuzz_$t: $runs inputs, no crash, leak or hang"
  else
    echo "fuzz_$t: FAILED"; tail -40 "$work/$t.log"; status=1
  fi
done
[ $status -eq 0 ] && echo "2 passed, 0 failed" || echo "$((2 - status)) passed, $status failed"
exit $status
