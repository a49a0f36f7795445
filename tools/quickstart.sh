#!/usr/bin/env bash
# Install missing packages, build girder, and run an example program.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)" --target girder
./build/tools/girder/girder run examples/hello.erl world
