#!/usr/bin/env bash
# Drives the real Muse Studio window under Xvfb as a new user (fresh settings) with xdotool and
# takes the screenshots in docs/screenshots/: first run, generate, inpaint, outpaint, edit,
# cancel mid-run, export. Needs: xvfb, x11-apps, imagemagick, xdotool. Uses the embedded default model.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
app="${MUSE_STUDIO:-$here/build/app/studio/muse-studio}"
out="${SHOTS_DIR:-$here/docs/screenshots}"
mkdir -p "$out"
export HOME=$(mktemp -d) XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_CACHE_HOME=
export DISPLAY=:${SHOTS_DISPLAY:-97}
Xvfb "$DISPLAY" -screen 0 1400x900x24 > /dev/null 2>&1 &
xvfb=$!
trap 'kill $app_pid $xvfb 2>/dev/null || true' EXIT
sleep 1
"$app" > "$HOME/app.log" 2>&1 &
app_pid=$!
win=""
for _ in $(seq 60); do win=$(xdotool search --name "Muse Studio" 2>/dev/null | head -n1) && [ -n "$win" ] && break; sleep 0.5; done
[ -n "$win" ] || { echo "no window"; cat "$HOME/app.log"; exit 1; }
xdotool windowsize "$win" 1400 900 windowmove "$win" 0 0
xdotool windowfocus --sync "$win" # no window manager under Xvfb: give the window the keyboard
sleep 3
shot() { sleep "${2:-0.5}"; import -window root "$out/$1.png"; echo "$out/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.3; }
key() { xdotool windowfocus "$win"; xdotool key "$@"; }
type_into() { click "$1" "$2"; key ctrl+a; xdotool type --delay 5 "$3"; }
waitdone() { sleep "${1:-4}"; }

shot 01-first-run
key ctrl+Return; waitdone 6; shot 02-generate
# Export the generated image (Ctrl+S → file dialog) and check that its metadata re-runs to it.
key ctrl+s; sleep 1.5; shot 02b-export-dialog 0
dialog=$(xdotool search --sync --onlyvisible --name "Export Image" | head -n1)
xdotool windowfocus --sync "$dialog"; xdotool key ctrl+a; xdotool type --delay 5 "$HOME/exported.png"; xdotool key Return
sleep 1.5
cp "$HOME/exported.png" "$out/exported.png"
muse="${MUSE_CLI:-$here/build/app/muse}"
"$muse" generate --from-png "$out/exported.png" --out "$HOME/rerun.png" --quiet
if cmp -s <(convert "$out/exported.png" rgb:-) <(convert "$HOME/rerun.png" rgb:-); then
  echo "export: muse generate --from-png reproduces the exported image exactly"
else
  echo "export: the re-run differs from the exported image"; exit 1
fi
# Inpaint: the mode, a patch painted over part of the picture, a prompt for what the patch should show
# (the mode's hint allows that or the whole picture: the default model is trained on both).
click "${INPAINT_X:-140}" "${MODE_Y:-172}"
for _ in 1 2 3 4; do key bracketleft; done # a smaller brush
# The top-right corner, about four base tokens square: room for an object.
for y in $(seq 70 14 210); do
  xdotool mousemove 830 "$y" mousedown 1
  for x in $(seq 830 10 990); do xdotool mousemove "$x" "$y"; sleep 0.02; done
  xdotool mouseup 1
done
type_into 180 240 "a yellow star"
shot 03-inpaint-mask
key ctrl+Return; waitdone 6; shot 04-inpaint-result
key ctrl+shift+Return; sleep 1
# Outpaint: the mode and its right margin, then generate.
click "${OUTPAINT_X:-218}" "${MODE_Y:-172}"
type_into 180 240 "a yellow star, a blue square and a green triangle"
# Drag the canvas's right-edge handle outward (the handle sits mid-height on the image's edge).
xdotool mousemove "${RIGHT_HANDLE_X:-1047}" "${RIGHT_HANDLE_Y:-338}" mousedown 1
for x in $(seq "${RIGHT_HANDLE_X:-1047}" 8 $(( ${RIGHT_HANDLE_X:-1047} + 64 ))); do xdotool mousemove "$x" "${RIGHT_HANDLE_Y:-338}"; sleep 0.03; done
xdotool mouseup 1
shot 05-outpaint-setup
key ctrl+Return; waitdone 6; shot 06-outpaint-result
key ctrl+shift+Return; sleep 1
# Edit without a mask.
click "${EDIT_X:-298}" "${MODE_Y:-172}"
type_into 180 240 "a purple hexagon above a blue square"
key ctrl+Return; waitdone 6; shot 07-edit-result
# Cancel mid-run: a long job (400 steps, 10 images), Escape while it runs.
click "${GENERATE_X:-58}" "${MODE_Y:-172}"
type_into "${STEPS_X:-233}" "${STEPS_Y:-393}" "400"
type_into "${IMAGES_X:-233}" "${IMAGES_Y:-565}" "10"
key ctrl+Return; sleep 3; shot 08-cancel-running 0; key Escape; shot 09-cancelled 1.5
echo done
