#!/usr/bin/env bash
# Install missing packages, build, and run the whole test suite (ctest:
# unit tests, conformance programs recorded from OTP 25, golden tests, CLI).
# BUILD_DIR (default build) and JOBS (default: cores) may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/deps.sh
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CMAKE_ARGS:-}
cmake --build "$BUILD_DIR" -j "$JOBS"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS"
