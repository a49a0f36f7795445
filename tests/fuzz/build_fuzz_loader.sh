#!/bin/sh
# Build the loader fuzz target without the rest of the VM (needs clang and
# libclang-rt). Usage: tests/fuzz/build_fuzz_loader.sh [output]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-/tmp/fuzz_loader}
clang++ -std=gnu++20 -g -O1 -DGIRDER_FUZZ_STANDALONE -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I"$root" \
  "$root/tests/fuzz/fuzz_loader.cpp" \
  "$root/loader/module_file.cpp" "$root/loader/verify.cpp" "$root/loader/etf_check.cpp" \
  "$root/loader/disasm.cpp" "$root/vm/term/atom.cpp" "$root/vm/bif/registry.cpp" -lcrypto -o "$out"
echo "$out"
