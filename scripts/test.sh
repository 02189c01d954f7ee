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
# The test programs link the engine directly, so they do not restart themselves for a better OpenBLAS
# kernel set as `muse` does (README, Troubleshooting); give them the one `muse` chose.
if [[ -z "${OPENBLAS_CORETYPE:-}" ]]; then
  kernel=$("$build/app/muse" --version | sed -n 's/.*OpenBLAS \([A-Za-z0-9]*\)).*/\1/p')
  if [[ -n "$kernel" ]]; then export OPENBLAS_CORETYPE="$kernel"; fi
fi
ctest --output-on-failure --parallel 2 "$@"
