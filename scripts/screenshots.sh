#!/usr/bin/env bash
# Screenshots of every main view of MSMA Studio in a real X server (Xvfb), from a real run:
#   bash scripts/screenshots.sh RUN_DIR [OUT_DIR]
# RUN_DIR is a finished run (e.g. the demo's); the training view is shot during 40 s of a
# live training in a scratch run directory. A second set is taken in Simplified Chinese.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=${1:?usage: scripts/screenshots.sh RUN_DIR [OUT_DIR]}
OUT=${2:-docs/screenshots}
STUDIO=./build/app/msma-studio
command -v xvfb-run >/dev/null || { echo "xvfb-run missing: bash scripts/install-deps.sh"; exit 1; }
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
export XDG_CONFIG_HOME="$SCRATCH/config"   # fresh settings, not the user's
xvfb-run -a -s "-screen 0 1600x1000x24" "$STUDIO" "$RUN" --lang en --screenshots "$OUT" \
  --train-demo "$SCRATCH/live-run"
xvfb-run -a -s "-screen 0 1600x1000x24" "$STUDIO" "$RUN" --lang zh_CN --screenshots "$SCRATCH/zh"
cp "$SCRATCH/zh/roc.png" "$OUT/roc-zh_CN.png"
ls -l "$OUT"
