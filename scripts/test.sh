#!/usr/bin/env bash
# Installs the dependencies, builds everything and runs the whole test suite with ctest,
# then the core tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
# MSMA_SKIP_SANITIZE=1 skips the sanitizer pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j1
if [ "${MSMA_SKIP_SANITIZE:-0}" != 1 ]; then
  # LibTorch itself is not instrumented; its one-time allocations at exit are not ours,
  # so leak reports are limited to the suppressions file's complement.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMSMA_SANITIZE=ON
  cmake --build build-asan -j"$(nproc)" --target test_data test_metrics test_density test_model_train test_score test_hostile
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j1 -R "test_(data|metrics|density|model_train|score|hostile)$"
fi
