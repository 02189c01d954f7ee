#!/usr/bin/env bash
# Trains Muse Studio's embedded default model from scratch with our own tools (`muse train`) on the
# synthetic shapes data, writes it to resources/models/muse-default/ (fp16 safetensors, our layout)
# and evaluates it on the held-out captions (docs/eval/muse-default/report.{md,json}).
#
#   scripts/train-default-model.sh            # build/app/muse must exist (ninja -C build muse)
#
# Environment: MUSE (the binary), OUT (model folder), WORK (checkpoints, caches, loss CSVs),
# ARCH (the `muse train --size` architecture, default `default`; `two-vq` adds the super-res
# stage's own VQ, trained by `muse train superres-vq`),
# WORLD (data-parallel processes of the base and super-res stages, default 2; VQ_WORLD for the VQ,
# default 1 (2 for two-vq), SR_VQ_WORLD for the super-res VQ, default 1; batch sizes are per process), THREADS,
# DEVICE (auto = CUDA when LibTorch has it, else CPU), RESUME=1 (continue interrupted stages),
# EVAL_COUNT (held-out captions, default 100), EVAL_OUT (report and loss CSVs, default
# docs/eval/muse-default), and per-stage step counts and batch sizes
# VQ_STEPS/VQ_BATCH, SR_VQ_STEPS, BASE_STEPS/BASE_BATCH, SR_STEPS/SR_BATCH, LABEL_SMOOTHING (default 0)
# (defaults: the architecture's, see core/src/train/TrainingSetup.cpp),
# SR_SCENES (training scenes tokenized at 128 px for the super-res stage; default the architecture's 8000),
# SR_VQ_FROM (two-vq*: copy this trained VQ folder as super_res_vqvae instead of training it),
# TEXT_ARGS (more `muse train text` options; the next model's: "--text-pretrain-steps 1000 --lr 3e-3",
# with BASE_ARGS="--freeze-text" for the base stage, docs/training.md "Eighteenth session"; the shipped
# model's: none), BASE_ARGS (more options for the first base stage),
# PHASES (after the first stages, fine-tuning phases, each from the model folder's weights with a
# warm-up + cosine schedule of its own: a space-separated list of STAGE:STEPS:BATCH:LR[:ARGS], BATCH
# examples per step over all processes, ARGS more `muse train` options with commas for spaces;
# an entry grow:B:T[:ARGS] deepens the model to B base and T text-encoder layers first, `muse grow`
# with ARGS; an entry text:STEPS:BATCH:LR[:ARGS] pretrains its T5 further, `muse train text
# --init-from-model` with ARGS; an entry text2:STEPS:BATCH:LR[:ARGS] gives the model a second text
# encoder, a new T5 on its tokenizer pretrained by `muse train text --init-from-model
# --text-fresh-encoder` with ARGS and added by `muse grow --second-text-encoder`;
# default for two-vq-p2: the shipped model's, below; empty: none), AVERAGE=K:W[:A] (right after
# phase A, default the last, the base transformer and T5 become (1 - W)·(their weights after phase K)
# + W·(their weights then), scripts/average-weights.py; later phases start from the average;
# default for two-vq-p2: the shipped model's, below).
# The shipped model is ARCH=two-vq-p2 (the default). On a GPU set WORLD=1.
# Run time on 2 shared CPU cores and on a GPU: see docs/training.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MUSE=${MUSE:-$ROOT/build/app/muse}
OUT=${OUT:-$ROOT/resources/models/muse-default}
WORK=${WORK:-$ROOT/build/train-default}
DEVICE=${DEVICE:-auto}
# One intra-op thread: on a CPU shared with other work, OpenMP's 2-thread teams spin at every
# barrier and ran a VQ step 30-60x slower than one thread did (measured: 10 s vs 0.16 s).
THREADS=${THREADS:-1}
# OpenBLAS (Debian LibTorch's BLAS) starts its own spinning worker threads besides the intra-op pool.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
SEED=${SEED:-0}
ARCH=${ARCH:-two-vq-p2}
WORLD=${WORLD:-2}
case "$ARCH" in
  # The f4 base VQ: 2 processes of 2000 × 16 (the probe measured in docs/training.md).
  two-vq*) VQ_WORLD=${VQ_WORLD:-2}; VQ_STEPS=${VQ_STEPS:-2000} ;;
esac
if [[ "$ARCH" == two-vq-p2 ]]; then
  # The shipped model's recipe (docs/training.md, "Twelfth session", "Thirteenth session"): 12,000 steps of 2 × 16 and a
  # short super-res stage, then the base stage fine-tuned at 512 examples a step on 200,000 scenes
  # (on the GPU: 4500 steps in 337 s, 2400 in 174 s).
  BASE_STEPS=${BASE_STEPS:-12000}
  SR_STEPS=${SR_STEPS:-1500}
  gpu_scenes=--scenes,200000,--superres-scenes,1000
  # Phase 3 on half round-tripped scenes (tokens as editing a generated image sees them), averaged
  # with phase 2: editing works, generation stays that of phase 2 (docs/training.md, "Exact colours").
  trip=--round-trip,0.5,--scenes,20000,--superres-scenes,20000
  # Phase 4 (thirteenth session, CPU), from that average: fresh scenes (seed 13), a quarter of them
  # round-tripped as context only (--exact-targets): edits keep clean backgrounds.
  exact=--round-trip,0.25,--exact-targets,--scenes,60000,--superres-scenes,15000,--seed,13
  # Phases 5 and 6 (fifteenth session, GPU: 1500 steps each in 200 s): 200,000 fresh scenes (seed 17),
  # a quarter round-tripped as context only, at 1024 examples a step.
  gpu_exact=--round-trip,0.25,--exact-targets,--scenes,200000,--superres-scenes,1000,--seed,17
  # Phase 7 (sixteenth session, CPU: 480 steps in 1478 s): phase 4's scenes, a fifth of the examples
  # inpaints whose prompt names only the hidden objects and a tenth holes under the whole caption.
  holes=$exact,--partial-captions,0.2,--whole-caption-holes,0.1
  # Phase 8 (sixteenth/seventeenth session, CPU: 1200 steps in 1130 s): the super-res transformer, trained for
  # only 1500 × 16 examples in the first stages, on phase 4's scenes (15,000 super-res grids, a
  # quarter round-tripped).
  sr=--round-trip,0.25,--scenes,60000,--superres-scenes,15000,--seed,13
  # Phase 9 (the same session, 1125 s): once more on 15,000 fresh scenes (seed 19) at 3e-4.
  sr_fresh=--round-trip,0.25,--scenes,15000,--superres-scenes,15000,--seed,19
  # Phases 10 and 11 (twenty-fourth session, CPU: 829 s and 1232 s): the super-res VQ's decoder alone,
  # behind its fixed codes (the transformers stay valid), on 4096 fresh scenes (seed 21), twice.
  vq_decoder=--vq-decoder-only,--seed,21
  # Phase 12 (twenty-fifth session, CPU: 1500 steps in 1099 s): the base transformer (T5 frozen) on
  # 20,000 of phase 4's scenes, phase 7's holes and a fifth of the examples edits (one object group
  # recoloured or reshaped, most of it hidden): mask-free edits change the object the prompt
  # contradicts instead of drawing a second one.
  edits=--round-trip,0.25,--exact-targets,--scenes,20000,--superres-scenes,1000,--seed,13,--freeze-text,--partial-captions,0.2,--whole-caption-holes,0.1,--edit-examples,0.2,--edit-hide,0.75
  PHASES=${PHASES-base:4500:512:2e-3:$gpu_scenes base:2400:512:1e-3:$gpu_scenes base:3000:32:3e-4:$trip base:640:512:5e-4:$exact base:1500:1024:2e-3:$gpu_exact base:1500:1024:1e-3:$gpu_exact base:480:256:5e-4:$holes superres:1200:32:5e-4:$sr superres:1200:32:3e-4:$sr_fresh superres-vq:2000:32:3e-4:$vq_decoder superres-vq:3000:32:3e-4:$vq_decoder base:1500:64:3e-4:$edits}
  AVERAGE=${AVERAGE-2:0.5:3}
fi
PHASES=${PHASES:-}
AVERAGE=${AVERAGE:-}
VQ_WORLD=${VQ_WORLD:-1} # the committed (f8) VQ was trained by one process
SR_VQ_WORLD=${SR_VQ_WORLD:-1} # the super-res VQ of two-vq is that same f8 VQ
EVAL_COUNT=${EVAL_COUNT:-100}
EVAL_OUT=${EVAL_OUT:-$ROOT/docs/eval/muse-default}
VQ_STEPS=${VQ_STEPS:-3000}
SR_VQ_STEPS=${SR_VQ_STEPS:-3000}
BASE_STEPS=${BASE_STEPS:-24000}
SR_STEPS=${SR_STEPS:-3000}
VQ_BATCH=${VQ_BATCH:-16}
BASE_BATCH=${BASE_BATCH:-16}
SR_BATCH=${SR_BATCH:-8}
# No label smoothing: ε spreads ε of every prediction over all codes, so sampling at temperature 1
# drew a random code at about one position in ten (specks; docs/training.md).
LABEL_SMOOTHING=${LABEL_SMOOTHING:-0}

common=(--model "$OUT" --work "$WORK" --device "$DEVICE" --seed "$SEED" --threads "$THREADS" --size "$ARCH")
# Both transformer stages read one token cache, so both get the same count.
scenes=()
[[ -n "${SR_SCENES:-}" ]] && scenes=(--superres-scenes "$SR_SCENES")
resume=()
[[ "${RESUME:-0}" == 1 ]] && resume=(--resume)

mkdir -p "$OUT" "$WORK"
start=$(date +%s)
stage() { echo "== $* ($(( $(date +%s) - start )) s)"; }

if [[ "${RESUME:-0}" == 1 && -f "$OUT/tokenizer/spiece.model" ]]; then
  stage "text: kept (resuming)"
else
  stage "text: tokenizer + T5 initialisation"
  # shellcheck disable=SC2086 # TEXT_ARGS are words
  "$MUSE" train text "${common[@]}" ${TEXT_ARGS:-}
fi
# One stage in `world` data-parallel processes (gloo) when > 1: ranks 1.. run in the
# background (logs in WORK/<stage>.rankR.log), rank 0 in the foreground; any failing rank fails it.
train_stage() {
  local name=$1 world=$2; shift 2
  if (( world <= 1 )); then
    "$MUSE" train "$name" "${common[@]}" "${resume[@]}" "$@"
    return
  fi
  local store="$WORK/$name.store" pids=() rank
  rm -f "$store"
  for (( rank = 1; rank < world; rank++ )); do
    "$MUSE" train "$name" "${common[@]}" "${resume[@]}" "$@" --world-size "$world" --rank "$rank" --store "$store" \
      > "$WORK/$name.rank$rank.log" 2>&1 &
    pids+=($!)
  done
  local status=0
  "$MUSE" train "$name" "${common[@]}" "${resume[@]}" "$@" --world-size "$world" --rank 0 --store "$store" || status=$?
  for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  return $status
}

stage "vq"
train_stage vq "$VQ_WORLD" --steps "$VQ_STEPS" --batch "$VQ_BATCH" --log-every 25
csvs=("$WORK"/vq-loss.csv)
if [[ "$ARCH" == *two-vq* && -n "${SR_VQ_FROM:-}" ]]; then
  # The super-res VQ of two-vq is the default architecture's f8 VQ with the same seed and steps, so
  # a finished one (the shipped model's vqvae/) can stand in for 18 minutes of training.
  stage "super-res vq: copied from $SR_VQ_FROM"
  rm -rf "$OUT/super_res_vqvae"
  cp -r "$SR_VQ_FROM" "$OUT/super_res_vqvae"
elif [[ "$ARCH" == *two-vq* ]]; then
  stage "super-res vq"
  train_stage superres-vq "$SR_VQ_WORLD" --steps "$SR_VQ_STEPS" --batch "$VQ_BATCH" --log-every 25
  csvs+=("$WORK"/superres-vq-loss.csv)
fi
stage "base transformer + T5"
# shellcheck disable=SC2086 # BASE_ARGS are words
train_stage base "$WORLD" "${scenes[@]}" --steps "$BASE_STEPS" --batch "$BASE_BATCH" --label-smoothing "$LABEL_SMOOTHING" --log-every 25 ${BASE_ARGS:-}
stage "super-res transformer"
train_stage superres "$WORLD" "${scenes[@]}" --steps "$SR_STEPS" --batch "$SR_BATCH" --label-smoothing "$LABEL_SMOOTHING" --log-every 25
# Fine-tuning phases: each starts from the weights the model folder has (--init-from-model) and
# keeps its checkpoint in a folder of its own (WORK/STAGE-phaseK), so RESUME=1 goes on with the
# phase that was interrupted (a finished phase only writes its weights again). A phase with the same
# scenes as an earlier one (its ARGS but for the options that do not change the token cache) gets its
# token cache linked from there; one without ARGS, the first stages' cache.
k=0
declare -A cache_dirs=([none]="$WORK")
cache_key() { local k; k=$(sed -E 's/--(exact-targets|freeze-text|partial-captions [^ ]*|whole-caption-holes [^ ]*|edit-examples [^ ]*|edit-hide [^ ]*|order-negatives [^ ]*|first-text-dropout [^ ]*)( |$)//g; s/ +$//' <<< "$1"); echo "${k:-none}"; }
IFS=: read -r avg_from avg_weight avg_after <<< "${AVERAGE:-::}"
phase_count=$(wc -w <<< "$PHASES")
avg_after=${avg_after:-$phase_count}
# The base transformer and T5 averaged with their weights after phase $avg_from (AVERAGE).
average_phase() {
  local snapshot
  snapshot=$(ls -d "$WORK"/*-phase"$avg_from"/after 2>/dev/null | head -1)
  [[ -d "$snapshot" ]] || { echo "AVERAGE=$AVERAGE: no weights saved after phase $avg_from in $WORK" >&2; exit 1; }
  stage "averaging the base transformer and T5 with phase $avg_from's (weight $avg_weight on the current ones)"
  for c in transformer text_encoder; do
    python3 "$ROOT/scripts/average-weights.py" "$snapshot/$c/model.safetensors" "$OUT/$c/model.safetensors" \
      "$OUT/$c/model.safetensors.averaged" --weight "$avg_weight"
    mv "$OUT/$c/model.safetensors.averaged" "$OUT/$c/model.safetensors"
  done
}
for phase in $PHASES; do
  IFS=: read -r name steps batch lr args <<< "$phase"
  if [[ "$name" == grow ]]; then
    # grow:B:T[:ARGS] deepens the model to B base and T text-encoder layers (`muse grow`: the new
    # layers start as identities) for the phases after it, ARGS more `muse grow` options with commas
    # for spaces (--text-query-scale,0.05 softens the T5's attention); not a numbered phase.
    grow_args=${lr//,/ }
    stage "growing to $steps base and $batch text-encoder layers $grow_args"
    rm -rf "$OUT.grown"
    # shellcheck disable=SC2086 # ARGS are words
    "$MUSE" grow --model "$OUT" --out "$OUT.grown" --base-layers "$steps" --text-layers "$batch" $grow_args
    rm -rf "$OUT" && mv "$OUT.grown" "$OUT"
    continue
  fi
  if [[ "$name" == text ]]; then
    # text:STEPS:BATCH:LR[:ARGS] pretrains the folder's own tokenizer and T5 further (`muse train text
    # --init-from-model`, one process), ARGS more options with commas for spaces (--text-keep-states,X
    # holds its states near those the base stage was trained on); not a numbered phase.
    text_args=${args//,/ }
    stage "text: pretraining the encoder further, $steps steps × $batch, peak lr $lr $text_args"
    # shellcheck disable=SC2086 # ARGS are words
    "$MUSE" train text "${common[@]}" --init-from-model --text-pretrain-steps "$steps" --batch "$batch" --lr "$lr" \
      --log-every 50 $text_args
    continue
  fi
  if [[ "$name" == text2 ]]; then
    # text2:STEPS:BATCH:LR[:ARGS]: a new T5 on the model's tokenizer, pretrained on the captions
    # (`muse train text --init-from-model --text-fresh-encoder`, one process) in a copy of the model,
    # becomes its second text encoder (`muse grow --second-text-encoder`: the base transformer reads
    # it through zero weights until the phases after it train them); not a numbered phase.
    text_args=${args//,/ }
    stage "text2: a second text encoder, $steps steps × $batch, peak lr $lr $text_args"
    rm -rf "$OUT.text2" "$OUT.grown"
    cp -r "$OUT" "$OUT.text2"
    # shellcheck disable=SC2086 # ARGS are words
    "$MUSE" train text --model "$OUT.text2" --work "$WORK/text2" --device "$DEVICE" --threads "$THREADS" --size "$ARCH" \
      --init-from-model --text-fresh-encoder --text-pretrain-steps "$steps" --batch "$batch" --lr "$lr" --log-every 50 $text_args
    "$MUSE" grow --model "$OUT" --out "$OUT.grown" --second-text-encoder "$OUT.text2"
    rm -rf "$OUT" "$OUT.text2" && mv "$OUT.grown" "$OUT"
    continue
  fi
  args=${args//,/ }
  k=$(( k + 1 )); dir="$WORK/$name-phase$k"
  mkdir -p "$dir"
  key=$(cache_key "$args") from=${cache_dirs[$key]:-}
  if [[ -n "$from" && ! -f "$dir/token-cache.safetensors" ]] && ls "$from"/token-cache* > /dev/null 2>&1; then
    for f in "$from"/token-cache*; do ln -f "$f" "$dir/"; done
  fi
  cache_dirs[$key]=$dir
  stage "$name phase $k: $steps steps × $batch, peak lr $lr ${args}"
  saved=("${common[@]}")
  common=(--model "$OUT" --work "$dir" --device "$DEVICE" --seed "$SEED" --threads "$THREADS" --size "$ARCH")
  # shellcheck disable=SC2086 # ARGS are words
  WORK=$dir train_stage "$name" "$WORLD" --init-from-model $args --steps "$steps" --batch $(( batch / WORLD )) \
    --lr "$lr" --label-smoothing "$LABEL_SMOOTHING" --log-every 25
  common=("${saved[@]}")
  csvs+=("$dir/$name-loss.csv")
  # The weights as this phase left them, for AVERAGE.
  rm -rf "$dir/after" && mkdir -p "$dir/after"
  cp -r "$OUT/transformer" "$OUT/text_encoder" "$OUT/super_res_transformer" "$dir/after/" 2>/dev/null || true
  if [[ -n "$AVERAGE" && "$k" == "$avg_after" ]]; then average_phase; fi
done
stage "trained in $(( $(date +%s) - start )) s"

mkdir -p "$EVAL_OUT"
cp "$WORK"/base-loss.csv "$WORK"/superres-loss.csv "$EVAL_OUT/"
for csv in "${csvs[@]}"; do
  # a phase's curve as base-phase1-loss.csv, ...
  case "$csv" in
    "$WORK"/*/*) cp "$csv" "$EVAL_OUT/$(basename "$(dirname "$csv")")-loss.csv" ;;
    *) cp "$csv" "$EVAL_OUT/" ;;
  esac
done
du -sh "$OUT"
"$MUSE" eval --model "$OUT" --count "$EVAL_COUNT" --out "$EVAL_OUT" --no-images --device "$DEVICE"
stage "done"
