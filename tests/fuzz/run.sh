#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan), seeds each with valid files, and
# runs each for FUZZ_RUNS executions or FUZZ_SECONDS seconds, whichever comes first.
# Findings (crash-*, leak-*, timeout-*) land in build-fuzz/findings/<target>/, full logs in
# build-fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${FUZZ_RUNS:-1000000}; SECONDS_EACH=${FUZZ_SECONDS:-600}
TARGETS=${FUZZ_TARGETS:-"idx cifar archive svhn_mat image npy run_config checkpoint"}
command -v clang++ >/dev/null || apt-get install -y -qq clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMSMA_FUZZ=ON -DMSMA_BUILD_TESTS=OFF -DMSMA_NATIVE_ARCH=OFF
cmake --build build-fuzz -j"$(nproc)" --target $(for t in $TARGETS; do printf 'fuzz_%s ' "$t"; done)
/usr/bin/python3 tests/fuzz/make_seeds.py build-fuzz/seeds
# A valid run config and checkpoint come from a real (tiny) run of the CLI.
cmake --build build -j"$(nproc)" --target msma >/dev/null 2>&1 || true
if [ -x build/app/msma ] && [ ! -f build-fuzz/seeds/checkpoint/step.pt ]; then
  rm -rf build-fuzz/seedrun
  ./build/app/msma train build-fuzz/seedrun --inlier uniform-noise:64 --steps 1 --width 8 --depth 2 \
    --levels 4 --no-progress >/dev/null 2>&1 || true
  mkdir -p build-fuzz/seeds/run_config build-fuzz/seeds/checkpoint
  cp build-fuzz/seedrun/config.json build-fuzz/seeds/run_config/ 2>/dev/null || true
  cp build-fuzz/seedrun/checkpoints/step-00000001.pt build-fuzz/seeds/checkpoint/step.pt 2>/dev/null || true
fi
for t in $TARGETS; do
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/findings/$t" "build-fuzz/seeds/$t" build-fuzz/logs
  echo "== fuzz_$t: up to $RUNS runs or $SECONDS_EACH s"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "./build-fuzz/tests/fuzz/fuzz_$t" "build-fuzz/corpus/$t" "build-fuzz/seeds/$t" \
    -runs="$RUNS" -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -timeout=25 -max_len=65536 \
    -artifact_prefix="build-fuzz/findings/$t/" -print_final_stats=1 >"build-fuzz/logs/$t.log" 2>&1 || \
    echo "fuzz_$t exited non-zero: see build-fuzz/logs/$t.log"
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ?ERROR|SUMMARY)" \
    "build-fuzz/logs/$t.log" || true
done
