#!/usr/bin/env bash
# Configures and builds Muse Studio into build/ (Release, Ninja, ccache). Extra arguments go to CMake,
# e.g. -DMUSE_WITH_QT=OFF or -DCMAKE_PREFIX_PATH=<CUDA LibTorch>/share/cmake.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${MUSE_BUILD_DIR:-$here/build}"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" > "$build.configure.log" 2>&1 \
  || { cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)"
