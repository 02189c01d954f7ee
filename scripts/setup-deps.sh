#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build Muse Studio, and fetches the
# sentencepiece source. Safe to run again: it installs only missing packages and reuses the source.
#
# sentencepiece is built from source (as a static library with hidden symbols) because Debian's
# libsentencepiece.so bundles protobuf-lite and crashes any process that also loads Debian's
# LibTorch (see docs/BUILDING.md). The source comes from Debian's own source package.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
deps="$here/.deps"
spm_version=0.1.97

packages=(cmake g++ ninja-build ccache pkg-config
          qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-svg-dev libqcustomplot-dev
          libtorch-dev libgloo-dev libopenblas0-pthread libopencv-dev nlohmann-json3-dev libpng-dev libjpeg-dev)
[ "${MUSE_WITH_QT:-ON}" = "OFF" ] && packages=(cmake g++ ninja-build ccache pkg-config
          libtorch-dev libgloo-dev libopenblas0-pthread libopencv-dev nlohmann-json3-dev libpng-dev libjpeg-dev)
packages+=("$@")

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$deps/sentencepiece-$spm_version/CMakeLists.txt" ]; then
  mkdir -p "$deps/download"
  tarball=$(ls "$deps"/download/sentencepiece_"$spm_version"*.orig.tar.* 2>/dev/null | head -n1 || true)
  if [ -z "$tarball" ]; then
    # apt-get source needs deb-src entries; derive them from the machine's own apt sources.
    srclist=/etc/apt/sources.list.d/muse-studio-src.sources
    if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      echo "setup: adding deb-src entries ($srclist) to fetch Debian's sentencepiece source"
      tmp=$(mktemp)
      for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && sed -n 's/^Types: *deb *$/Types: deb-src/; p' "$f" >> "$tmp" && echo >> "$tmp"
      done
      if [ -f /etc/apt/sources.list ]; then
        grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
          > "${tmp}.list" || true
        [ -s "${tmp}.list" ] && $sudo cp "${tmp}.list" /etc/apt/sources.list.d/muse-studio-src.list
      fi
      [ -s "$tmp" ] && $sudo cp "$tmp" "$srclist"
      rm -f "$tmp" "${tmp}.list"
      $sudo apt-get update -qq
    fi
    (cd "$deps/download" && apt-get source --download-only "sentencepiece=$spm_version*" \
       || apt-get source --download-only sentencepiece)
    tarball=$(ls "$deps"/download/sentencepiece_*.orig.tar.* | head -n1)
  fi
  echo "setup: unpacking $(basename "$tarball")"
  rm -rf "$deps/sentencepiece-$spm_version"
  mkdir -p "$deps/sentencepiece-$spm_version"
  tar -xf "$tarball" -C "$deps/sentencepiece-$spm_version" --strip-components=1
fi
echo "setup: dependencies ready (sentencepiece source in $deps/sentencepiece-$spm_version)"
