#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a tested build: installs what is missing, builds,
# runs every test (Qt Test executables under CTest; GUI tests offscreen). Extra arguments go to ctest
# (e.g. -L unit, -R safetensors).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup-deps.sh"
"$here/scripts/build.sh"
build="${MUSE_BUILD_DIR:-$here/build}"
cd "$build"
ctest --output-on-failure --parallel 2 "$@"
