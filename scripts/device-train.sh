#!/usr/bin/env bash
# For the lent GPU machine (see ../shared/device/README.md): trains the two transformer stages of
# a two-tokenizer architecture (ARCH, default `two-vq-p2`; or `two-vq`) on CUDA within one device call, from VQs trained on the CPU here
# (the VQ stages are bit-reproducible on the CPU, so they are not retrained there).
#
# A call holds the machine for at most 10 minutes and a session gets 15, so the base stage's step
# count is set from the measured step time: two short probes time the step, then the base stage gets
# what is left after the super-res stage, the evaluation and the packing (schedules are per step
# count, so a stage must know its length before it starts). Everything lands in $OUT as it is made:
# what a killed call leaves there still comes back.
#
# Prepare here:  mkdir -p .device && cp -r ../shared/device/debs .device/ &&
#                (cd .device/debs && apt-get download nlohmann-json3-dev) &&
#                mkdir -p .device/src && <sentencepiece's source tarball without data/ doc/ python/ as .tar.xz there>
#                (the checkout is 53 MB; Debian's whole 12 MB tarball would pass the 64 MiB a call carries) &&
#                cp -r <model>/vqvae .device/vqvae       # the f4 base VQ (`muse train vq --size two-vq`)
# and run with carry [".device"]. The super-res VQ is the shipped model's f8 VQ
# (resources/models/muse-default/super_res_vqvae), which `muse train superres-vq --size two-vq` reproduces.
#
# To go on with a base stage begun on the CPU instead, carry its model folder's tokenizer,
# text_encoder and vqvae and its checkpoint without the AdamW moments (the full one is too big):
#   mkdir -p .device/resume/model && cp -r <model>/{tokenizer,text_encoder,vqvae} .device/resume/model/ &&
#   scripts/strip-checkpoint.py <work>/base-checkpoint.safetensors .device/resume/base-checkpoint.safetensors
# and set BASE_TOTAL to the run's schedule (--steps there) and BASE_BATCH to its examples per step
# (world size × batch). The stage goes on from the checkpoint's step; if the rest does not fit the
# call it stops where the time runs out and returns its whole checkpoint (base-checkpoint.part-*,
# `cat` them) to go on with on the CPU (copy it to every rank's checkpoint there).
# To fine-tune a trained model instead (the GPU's many examples per second on a base stage begun on
# the CPU), set INIT_FROM to its folder (for example resources/models/muse-default, the shipped
# model, which travels with the sources; the twelfth session made it so from the eleventh's CPU
# run: INIT_FROM=<that run> SCENES=200000 SR_SCENES=1000 SR_STEPS=0 BASE_BATCH=512 BASE_LR=2e-3
# LIMIT=565, then 2400 more steps at lr 1e-3, docs/training.md): the text stage is skipped and the transformer stages start from its
# weights (`--init-from-model`, fresh AdamW moments, a schedule of their own); SR_STEPS=0 keeps its
# super-res transformer.
# Environment: LIMIT (seconds this script may take, default 560), BASE_BATCH (default 64: one GPU
# process instead of the CPU recipe's 2 × 16), SR_BATCH (16), SR_STEPS (3000), MAX_BASE_STEPS
# (30000), MIN_BASE_STEPS (1000), PROBE_STEPS (200), EVAL_COUNT (100), THREADS (1), M (a built muse
# binary: skips the build), DEVICE (cuda), MODEL and WORK (folders there), ARCH (two-vq-p2), BASE_LR
# (the stage's default), SCENES and SR_SCENES (training scenes in the token cache and, of them, the
# ones with super-res tokens: the architecture's defaults; the GPU renders and tokenizes ~100,000 in
# a minute), CACHE_THREADS (16: CPU threads that render the token cache's scenes), SEED (0: scenes,
# masks and draws), BASE_EXTRA (more options for the base stage, e.g. "--round-trip 0.25 --exact-targets";
# the probes use them too, so they build that token cache), GROW (B:T[:Q]: deepen INIT_FROM's model to B
# base and T text-encoder layers before training, `muse grow`; Q multiplies the T5's queries,
# --text-query-scale, to soften its saturated attention: docs/training.md, "Eighteenth session"),
# TEXT_EXTRA (more options for the text stage, e.g. "--text-pretrain-steps 1000 --lr 3e-3", with
# BASE_EXTRA="--freeze-text ...": the encoder keeps word order). EVAL_COUNT=0 skips the evaluation there
# (the returned model is evaluated on the CPU instead, giving the training the time).
set -uo pipefail
ARCH=${ARCH:-two-vq-p2}
OUT=${OUT:-/tmp/out}
LIMIT=${LIMIT:-560}
BASE_BATCH=${BASE_BATCH:-64}
SR_BATCH=${SR_BATCH:-16}
SR_STEPS=${SR_STEPS:-3000}
MAX_BASE_STEPS=${MAX_BASE_STEPS:-30000}
MIN_BASE_STEPS=${MIN_BASE_STEPS:-1000}
PROBE_STEPS=${PROBE_STEPS:-200}
EVAL_COUNT=${EVAL_COUNT:-100}
DEVICE=${DEVICE:-cuda}
MODEL=${MODEL:-/tmp/model}
INIT_FROM=${INIT_FROM:-}
WORK=${WORK:-/tmp/work}
# A call returns at most 8 files from $OUT: the logs travel in one archive, made on any exit.
LOGS=/tmp/logs
T0=$(date +%s)
mkdir -p "$OUT" "$LOGS"
pack_logs() { tar czf "$OUT/logs.tgz" --exclude '*.safetensors' --exclude '*captions.txt' -C / "${LOGS#/}" -C "$WORK" . 2>/dev/null; }
trap pack_logs EXIT
elapsed() { echo $(( $(date +%s) - T0 )); }
note() { echo "[$(elapsed) s] $*" | tee -a "$OUT/steps.txt"; }

if [[ -z "${M:-}" ]]; then
  source scripts/device-build.sh || exit 1
fi
note "built: $($M --version 2>&1 | head -1)"

mkdir -p "$MODEL" "$WORK"
RESUME_FROM=${RESUME_FROM:-.device/resume}
start=0
if [[ -f "$RESUME_FROM/base-checkpoint.safetensors" ]]; then
  cp -r "$RESUME_FROM"/model/. "$MODEL"/
  cp "$RESUME_FROM/base-checkpoint.safetensors" "$WORK/"
  start=$(python3 -c 'import json,struct,sys; f=open(sys.argv[1],"rb"); n=struct.unpack("<Q",f.read(8))[0]; h=json.loads(f.read(n)); o=h["trainer.step"]["data_offsets"]; f.seek(8+n+o[0]); print(struct.unpack("<q",f.read(8))[0])' "$WORK/base-checkpoint.safetensors")
  note "going on from step $start of ${BASE_TOTAL:?BASE_TOTAL must name the schedule}"
fi
init=()
if [[ -n "$INIT_FROM" && $start == 0 ]]; then
  cp -r "$INIT_FROM"/. "$MODEL"/ || { note "cannot copy $INIT_FROM"; exit 1; }
  init=(--init-from-model)
  note "fine-tuning $INIT_FROM"
fi
# GROW=B:T deepens the model first (`muse grow`: B base and T text-encoder layers, the new ones
# starting as identities), so the base stage fine-tunes the deeper model.
if [[ -n "${GROW:-}" && $start == 0 ]]; then
  IFS=: read -r grow_base grow_text grow_query <<< "$GROW"
  rm -rf "$MODEL.grown"
  $M grow --model "$MODEL" --out "$MODEL.grown" --base-layers "$grow_base" --text-layers "${grow_text:-0}" \
    --text-query-scale "${grow_query:-1}" > "$LOGS/grow.log" 2>&1 ||
    { note "grow failed"; cat "$LOGS/grow.log"; exit 1; }
  rm -rf "$MODEL" && mv "$MODEL.grown" "$MODEL"
  note "grown to $grow_base base and ${grow_text:-the same} text layers, T5 queries × ${grow_query:-1}"
fi
[[ -d "$MODEL/vqvae" ]] || cp -r .device/vqvae "$MODEL/vqvae"
[[ -d "$MODEL/super_res_vqvae" ]] || cp -r resources/models/muse-default/super_res_vqvae "$MODEL/super_res_vqvae"
# One intra-op CPU thread: the CPU side of a step is many tiny ops (masking, captions), which a
# 16-thread OpenMP team only slows down; the GPU does the work.
common=(--model "$MODEL" --work "$WORK" --device "$DEVICE" --seed "${SEED:-0}" --size "$ARCH" --label-smoothing 0 --log-every 100
        --threads "${THREADS:-1}")
data=()
[[ -n "${SCENES:-}" ]] && data+=(--scenes "$SCENES")
[[ -n "${SR_SCENES:-}" ]] && data+=(--superres-scenes "$SR_SCENES")
base_args=("${data[@]}" "${init[@]}" --batch "$BASE_BATCH")
[[ -n "${BASE_LR:-}" ]] && base_args+=(--lr "$BASE_LR")
read -r -a extra <<< "${BASE_EXTRA:-}"
base_args+=("${extra[@]}")
if (( start == 0 )) && [[ -z "$INIT_FROM" ]]; then
  # shellcheck disable=SC2086 # TEXT_EXTRA is words
  $M train text --model "$MODEL" --work "$WORK" --device "$DEVICE" --seed 0 --size "$ARCH" ${TEXT_EXTRA:-} > "$LOGS/text.log" 2>&1 ||
    { note "text stage failed"; tail -20 "$LOGS/text.log"; exit 1; }
fi

# Seconds for the base stage to run until step `stop` (a throw-away run of the real schedule in a
# copy of the work folder: the real run starts again from the carried checkpoint, or from step 0).
PROBE_WORK=/tmp/probe-work
probe() {
  local stop=$1 t resume=() threads=()
  [[ -n "${2:-}" ]] && threads=(--threads "$2")
  rm -rf "$PROBE_WORK"; mkdir -p "$PROBE_WORK"
  cp "$WORK"/token-cache* "$WORK"/base-checkpoint.safetensors "$PROBE_WORK"/ 2>/dev/null
  (( start > 0 )) && resume=(--resume)
  t=$(date +%s.%N)
  $M train base "${common[@]}" "${threads[@]}" --work "$PROBE_WORK" "${resume[@]}" --steps "${BASE_TOTAL:-20000}" \
    "${base_args[@]}" --stop-at $(( start + stop )) >> "$LOGS/probe.log" 2>&1 || { note "base probe failed"; tail -30 "$LOGS/probe.log"; exit 1; }
  awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'
}
note "token cache + base probe"
probe 20 "${CACHE_THREADS:-16}" > /dev/null # builds the token cache (scenes rendered in parallel), warms up CUDA
cp "$PROBE_WORK"/token-cache* "$WORK"/
a=$(probe 20); b=$(probe $(( 20 + PROBE_STEPS )))
step=$(awk -v a="$a" -v b="$b" -v n="$PROBE_STEPS" 'BEGIN { print (b - a) / n }')
note "$(grep -m1 'token cache: rendering' "$LOGS/probe.log")"
note "base step $(printf %.4f "$step") s at batch $BASE_BATCH"
# A super-res step (batch 16) took 0.55 of a base step (batch 64) on the H200 (35 vs 63 ms); eval
# of 100 captions ~15 s there, packing ~10 s, two process start-ups ~10 s, and a margin.
margin=$(( EVAL_COUNT > 0 ? 60 : 35 ))
left=$(( LIMIT - $(elapsed) - margin ))
fit() { awk -v l="$left" -v s="$step" -v sr="$SR_STEPS" 'BEGIN { n = int((l / s - 0.6 * sr) / 100) * 100; print (n > 0 ? n : 0) }'; }
base_steps=$(fit)
if (( base_steps < 6000 && SR_STEPS > 0 )); then
  SR_STEPS=$(( SR_STEPS < 1500 ? SR_STEPS : 1500 ))
  base_steps=$(fit)
fi
(( base_steps > MAX_BASE_STEPS )) && base_steps=$MAX_BASE_STEPS
(( base_steps < MIN_BASE_STEPS )) && base_steps=$MIN_BASE_STEPS
if (( start > 0 )); then
  # Going on: the schedule is fixed; stop early (and skip the super-res stage) if it does not fit.
  stop=()
  whole=$(awk -v l="$left" -v s="$step" -v n=$(( BASE_TOTAL - start )) -v sr="$SR_STEPS" 'BEGIN { print (n + 0.6 * sr) * s <= l }')
  if (( whole == 0 )); then
    fits=$(awk -v l="$left" -v s="$step" 'BEGIN { print int(l / s) }')
    stop=(--stop-at $(( start + fits )))
    note "base stage: from $start to $(( start + fits )) of $BASE_TOTAL × $BASE_BATCH (the rest does not fit)"
  else
    note "base stage: from $start to $BASE_TOTAL × $BASE_BATCH, then super-res $SR_STEPS × $SR_BATCH"
  fi
  $M train base "${common[@]}" --resume --steps "$BASE_TOTAL" "${base_args[@]}" "${stop[@]}" > "$LOGS/base.log" 2>&1 ||
    { note "base stage failed"; tail -30 "$LOGS/base.log"; }
else
  note "base stage: $base_steps steps × $BASE_BATCH, then super-res $SR_STEPS × $SR_BATCH"
  $M train base "${common[@]}" --steps "$base_steps" "${base_args[@]}" > "$LOGS/base.log" 2>&1 ||
    { note "base stage failed"; tail -30 "$LOGS/base.log"; }
fi
note "base stage done: $(tail -1 "$WORK/base-loss.csv")"
split -b 15M "$WORK/base-checkpoint.safetensors" "$OUT/base-checkpoint.part-"
if [[ ! -f "$MODEL/transformer/config.json" ]]; then
  note "the base stage is not finished: its checkpoint is in base-checkpoint.part-*"
  exit 0
fi
if (( SR_STEPS > 0 )); then
  $M train superres "${common[@]}" "${data[@]}" "${init[@]}" --steps "$SR_STEPS" --batch "$SR_BATCH" > "$LOGS/superres.log" 2>&1 ||
    { note "super-res stage failed"; tail -30 "$LOGS/superres.log"; }
  note "super-res stage done: $(tail -1 "$WORK/superres-loss.csv")"
fi
# The super-res VQ is the shipped one: left out to keep under the 16 MiB a returned file may have.
tar cf "$OUT/model.tar" -C "$MODEL" --exclude super_res_vqvae .
if (( EVAL_COUNT > 0 && $(elapsed) < LIMIT - 50 )); then
  note "eval"
  timeout $(( LIMIT - $(elapsed) - 15 )) $M eval --model "$MODEL" --count "$EVAL_COUNT" --out "$WORK/eval" --no-images \
    --device "$DEVICE" > "$LOGS/eval.log" 2>&1 || note "eval failed or cut short"
fi
note "done"
