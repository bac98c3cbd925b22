#!/usr/bin/env bash
# Data-parallel training on this machine: 2 ranks (1 thread each) vs 1 rank with 1 and with
# all threads, same model, global batch and steps. Prints images/s of each and the ratios.
# The point on a 2-core machine is the path (c10d/Gloo over 127.0.0.1), not speed.
# Usage: bash bench/distributed.sh [steps] [batch]   (after a build in build/)
set -euo pipefail
cd "$(dirname "$0")/.."
MSMA=./build/app/msma
STEPS=${1:-60}; BATCH=${2:-128}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
ARGS=(--inlier fashion-mnist:train --steps "$STEPS" --batch "$BATCH" --checkpoint-every 100000 --no-progress)
rate() { sed -n 's/.*, \([0-9]*\) images\/s this session.*/\1/p' "$1"; }
echo "model: default U-Net (width 32, depth 3, L 10), Fashion-MNIST, $STEPS steps of a global batch of $BATCH"
$MSMA train "$OUT/one-all" "${ARGS[@]}" --threads 0 2>"$OUT/one-all.log"
$MSMA train "$OUT/one-1" "${ARGS[@]}" --threads 1 2>"$OUT/one-1.log"
PORT=$((20000 + RANDOM % 20000))
$MSMA train "$OUT/two" "${ARGS[@]}" --threads 1 --world-size 2 --rank 0 --master 127.0.0.1:$PORT 2>"$OUT/two.log" &
$MSMA train "$OUT/two-r1" "${ARGS[@]}" --threads 1 --world-size 2 --rank 1 --master 127.0.0.1:$PORT 2>"$OUT/two-r1.log"
wait
A=$(rate "$OUT/one-all.log"); B=$(rate "$OUT/one-1.log"); C=$(rate "$OUT/two.log")
echo "1 rank, $(nproc) threads: $A images/s"
echo "1 rank, 1 thread:  $B images/s"
echo "2 ranks, 1 thread each: $C images/s"
python3 -c "print(f'2 ranks / 1 rank 1 thread: {$C/$B:.2f}x; 2 ranks / 1 rank all threads: {$C/$A:.2f}x')"
