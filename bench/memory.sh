#!/usr/bin/env bash
# Peak memory of loading a folder of photos into a run: MSMA_BENCH_IMAGES (default 20,000)
# synthetic 256×256 RGB PNGs brought to a 64×64 RGB working geometry by `msma train`
# (decoding on every core, the working-geometry copy, the default network, 5 training
# steps; small inlier-test and OOD sets). The same command on 256 photos gives the
# footprint of everything but the folder (LibTorch, the network, its training batch); the
# difference is what the folder costs, printed against its bytes at the working geometry.
# Run on purpose (not in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${MSMA_BENCH_IMAGES:-20000}
[ -x build/app/msma ] || { echo "build first: bash scripts/test.sh (or cmake --build build)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
photos() {  # photos N → folder with N photos (written once)
  local dir=build/bench-photos-$1
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    python3 bench/make_photos.py "$dir" "$1" >&2
    touch "$dir/.complete"
  fi
  echo "$dir"
}
RUN=$(mktemp -d)
trap 'rm -rf "$RUN"' EXIT
peak() {  # peak N → "peak RSS in KiB, wall clock" of msma train on N photos
  /usr/bin/time -v -o "$RUN/time-$1.txt" ./build/app/msma train "$RUN/run-$1" --inlier "$(photos "$1")" \
    --inlier-test fashion-mnist:test@head=500 --ood uniform-noise:100 --image-size 64 --channels 3 --steps 5 --quiet
  echo "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$RUN/time-$1.txt") \
$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$RUN/time-$1.txt")"
}
read -r base _ < <(peak 256)
read -r full wall < <(peak "$N")
python3 - "$base" "$full" "$N" "$wall" <<'PY'
import sys
base, full, n, wall = int(sys.argv[1]) * 1024, int(sys.argv[2]) * 1024, int(sys.argv[3]), sys.argv[4]
data = n * 3 * 64 * 64
mib = lambda b: f"{b / 2**20:.0f} MiB"
print(f"{n} photos 256x256 RGB -> 3x64x64 ({mib(data)} at the working geometry): peak RSS {mib(full)} "
      f"(load + network + 5 steps, wall {wall}); with 256 photos {mib(base)}; the folder's share "
      f"{mib(full - base)} = {(full - base) / data:.2f}x its working-geometry bytes")
PY
