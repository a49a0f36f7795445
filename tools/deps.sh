#!/usr/bin/env bash
# Install what a fresh Debian 12 machine needs to build and test Girder.
set -euo pipefail
PKGS="build-essential cmake ninja-build pkg-config libasmjit-dev libuv1-dev libmimalloc-dev libgtest-dev
      libcli11-dev libgmp-dev zlib1g-dev libssl-dev clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
