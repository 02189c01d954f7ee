#!/usr/bin/env bash
# Renders the app icon SVG to the PNG sizes desktop environments want (committed under
# resources/icons/hicolor/). Needs rsvg-convert (librsvg2-bin).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
for size in 16 32 48 64 128 256 512; do
  dir="$here/resources/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  rsvg-convert -w "$size" -h "$size" "$here/resources/icons/muse-studio.svg" -o "$dir/io.github.musestudio.MuseStudio.png"
done
