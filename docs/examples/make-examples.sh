#!/usr/bin/env bash
# Re-creates the example images of docs/examples/ with the embedded default model
# (resources/models/muse-default) through the `muse` command line. Every command is printed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MUSE=${MUSE:-$ROOT/build/app/muse}
MODEL=${MODEL:-$ROOT/resources/models/muse-default}
EX=$ROOT/docs/examples
run() { echo "+ muse ${*}"; "$MUSE" "$@" --model "$MODEL" --quiet; }

cd "$EX"
# Text to image (the model's defaults: 24 base steps, 8 super-res steps, guidance 2.5 rising linearly).
run generate --prompt "a red circle" --seed 1 --out generate-red-circle.png
run generate --prompt "two blue squares" --seed 2 --out generate-two-blue-squares.png
# A narrower image (96×128: whole 16-px base tokens) to outpaint to the model's full 128 px below.
run generate --prompt "a blue square on the left" --width 96 --height 128 --seed 8 --out generate-narrow.png
run generate --prompt "a yellow triangle on the left" --seed 3 --out generate-yellow-triangle-left.png
run generate --prompt "a green square above a purple circle" --seed 4 --out generate-square-above-circle.png
# Inpainting: regenerate the right half of the red-circle image with a new object.
run inpaint --image generate-red-circle.png --mask mask-right-half.png --prompt "a red circle and a blue square" \
    --seed 5 --out inpaint-add-blue-square.png
# Outpainting: extend the 96-px-wide canvas by 32 px on the right and fill it.
run outpaint --image generate-narrow.png --right 32 --prompt "a blue square and a yellow circle on the right" \
    --seed 6 --out outpaint-right.png
# Mask-free edit (targeted, the default): regenerate what the new prompt disagrees with.
run edit --image generate-red-circle.png --prompt "a blue circle" --strength 0.6 --seed 7 --out edit-red-to-blue.png
run edit --image generate-red-circle.png --prompt "a red square" --strength 0.6 --seed 7 --out edit-circle-to-square.png
run edit --image generate-yellow-triangle-left.png --prompt "a yellow star on the left" --strength 0.6 --seed 7 \
    --out edit-triangle-to-star.png
run edit --image generate-two-blue-squares.png --prompt "two green squares" --strength 0.6 --seed 7 \
    --out edit-two-squares-green.png
# The same recolour with Muse's own mask-free edit (rounds that re-mask random tokens), for comparison.
run edit --image generate-red-circle.png --prompt "a blue circle" --strength 0.6 --seed 7 --method resample \
    --out edit-red-to-blue-resample.png
