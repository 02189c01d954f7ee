#!/usr/bin/env bash
# For the lent GPU machine (see ../shared/device/README.md): builds core + the muse CLI against
# the machine's CUDA LibTorch (no Qt there), then checks the fixtures on CUDA in fp32 and bf16
# and benchmarks aMUSEd-256/512 with random weights. Logs and results go to $OUT.
# Prepare here first:  mkdir -p .device && cp -r ../shared/device/debs ../shared/device/src .device/ &&
#                      (cd .device/debs && apt-get download nlohmann-json3-dev)
# and run with carry [".device"].
set -uo pipefail
OUT=${OUT:-/tmp/out}
source scripts/device-build.sh || exit 1
$M --version | tee "$OUT/version.txt"
$M check-fixtures --device cuda tests/data/fixtures 2>&1 | tee "$OUT/fixtures-cuda-fp32.txt"
$M check-fixtures --device cuda --precision bf16 --tolerance-scale 300 tests/data/fixtures 2>&1 | tee "$OUT/fixtures-cuda-bf16.txt"
for arch in amused-256 amused-512; do
  for p in fp32 bf16 fp16; do
    $M bench --arch $arch --device cuda --precision $p --repeats 5 --json "$OUT/bench-$arch-$p.json" > "$OUT/bench-$arch-$p.txt" 2>&1
    head -14 "$OUT/bench-$arch-$p.txt"
  done
done
