#!/usr/bin/env bash
# Sourced by the GPU-machine scripts (device-check.sh, device-train.sh): builds core + the muse CLI
# against that machine's CUDA LibTorch, without Qt (../shared/device/README.md). Logs go to LOGS
# (default OUT); sets M
# to the binary, or returns 1 after printing the build errors (all of them: -k 0, one call is scarce).
LOGS=${LOGS:-$OUT}
mkdir -p "$LOGS" /tmp/deps /tmp/spm-src
for f in .device/debs/*.deb; do dpkg -x "$f" /tmp/deps; done
# Debian's source tarball, or one without its data/, doc/ and python/ folders (tests and bindings,
# 19 MB unpacked) when the checkout leaves too little of the 64 MiB a call may carry.
tar xf "$(ls .device/src/sentencepiece*.tar.* | head -1)" -C /tmp/spm-src --strip-components=1
torch_cmake=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
nvidia-smi > "$LOGS/nvidia-smi.txt" 2>&1
cmake -S . -B /tmp/build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSE_WITH_QT=OFF \
  -DCMAKE_PREFIX_PATH="$torch_cmake;/tmp/deps/usr" -DMUSE_DEPS_PREFIX=/tmp/deps -DMUSE_SPM_SOURCE_DIR=/tmp/spm-src \
  -DCMAKE_POLICY_VERSION_MINIMUM=3.5 > "$LOGS/configure.log" 2>&1 || { tail -40 "$LOGS/configure.log"; return 1; }
cmake --build /tmp/build -j "$(nproc)" --target muse -- -k 0 > "$LOGS/build.log" 2>&1 ||
  { grep -E "error|Error" "$LOGS/build.log" | head -40; return 1; }
M=/tmp/build/app/muse
