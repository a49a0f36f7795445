#!/usr/bin/env bash
# The embedding package as an outside project sees it: install the build
# into a scratch prefix, build examples/embed/c (find_package, shared
# library) and examples/embed/cpp (find_package, static library with the
# JIT) as separate CMake projects, build the C example once more with
# pkg-config alone, run all three and compare their output with
# examples/embed/*/expected.txt.
# usage: tests/embed/install.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
fail=0
check() {  # name, binary, expected file
  if ! out=$("$2" 2>&1); then
    echo "FAIL $1: exit status $?"; echo "$out"; fail=1; return
  fi
  if ! diff -u "$3" <(printf '%s\n' "$out") >"$work/diff"; then
    echo "FAIL $1: output differs"; cat "$work/diff"; fail=1; return
  fi
  echo "ok   $1"
}
for ex in c cpp; do
  cmake -S "$root/examples/embed/$ex" -B "$work/build-$ex" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/cfg-$ex.log" 2>&1 \
    || { cat "$work/cfg-$ex.log"; exit 1; }
  cmake --build "$work/build-$ex" >"$work/build-$ex.log" 2>&1 || { cat "$work/build-$ex.log"; exit 1; }
  check "examples/embed/$ex (find_package)" "$work/build-$ex/embed_$ex" "$root/examples/embed/$ex/expected.txt"
done
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
cc "$root/examples/embed/c/main.c" -o "$work/embed_c_pc" $(pkg-config --cflags --libs girder) \
  -Wl,-rpath,"$work/prefix/lib"
check "examples/embed/c (pkg-config)" "$work/embed_c_pc" "$root/examples/embed/c/expected.txt"
exit $fail
