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
  echo "Making a sample image with the command-line tool and the embedded default model instead:" >&2
  sample="$here/muse-sample.png"
  "$build/app/muse" generate --prompt "a red circle above a blue square" --seed 1 --out "$sample" >&2
  echo >&2
  echo "Sample image: $sample" >&2
  echo "More:      scripts/run.sh --help          (the CLI: generate, inpaint, outpaint, edit, bench, ...)" >&2
  echo "The app:   run scripts/run.sh on a machine with a display, or $build/app/studio/muse-studio there" >&2
  exit 0
fi
exec "$build/app/studio/muse-studio"
