#!/usr/bin/env bash
# The main job: Fashion-MNIST (train split) as inliers, Fashion-MNIST test as the inlier
# test set, OpenCV's 5,000 MNIST digits and 5,000 uniform-noise images as OOD sets.
# Installs, builds, trains for MSMA_DEMO_MINUTES (default 15) and prints the metrics table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)" --target msma
RUN_DIR="${MSMA_DEMO_RUN:-runs/demo-$(date +%Y%m%d-%H%M%S)}"
./build/app/msma run "$RUN_DIR" \
  --inlier fashion-mnist:train --inlier-test fashion-mnist:test \
  --ood mnist-digits --ood uniform-noise:5000 \
  --minutes "${MSMA_DEMO_MINUTES:-15}" --seed 0 "$@"
echo "run directory: $RUN_DIR (metrics.json, curves/, per_image_scores.csv)"
