#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Muse Studio:
#   scripts/run.sh             installs what is missing, builds, starts the desktop app
#   scripts/run.sh ARGS...     the same, then runs the `muse` CLI with ARGS (e.g. info --model DIR)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup-deps.sh" >&2
"$here/scripts/build.sh" >&2
build="${MUSE_BUILD_DIR:-$here/build}"
if [ $# -gt 0 ]; then
  exec "$build/app/muse" "$@"
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display here (DISPLAY and WAYLAND_DISPLAY are unset), so the desktop app cannot open." >&2
  echo "Use the CLI instead:   scripts/run.sh --help" >&2
  echo "Or start the app on a machine with a display:   $build/app/studio/muse-studio" >&2
  exit 0
fi
exec "$build/app/studio/muse-studio"
