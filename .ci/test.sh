#!/bin/bash
# SPDX-License-Identifier: MIT
# Build budgetkit and run the whole test suite twice: a normal build with
# warnings as errors, then under AddressSanitizer + UndefinedBehaviorSanitizer.
# Also runs each fuzz harness briefly when clang is available.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}

echo "== format (.clang-format, every C file of the tree)"
find core cli include plugins tests tools examples bench -name '*.[ch]' -print0 | xargs -0 clang-format --dry-run -Werror

echo "== build (warnings are errors)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBK_WERROR=ON >/dev/null
cmake --build build -j"$JOBS"
echo "== tests"
ctest --test-dir build -j"$JOBS" --output-on-failure

echo "== build with ASan + UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBK_WERROR=ON -DBK_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$JOBS"
echo "== tests under ASan + UBSan"
ctest --test-dir build-asan -j"$JOBS" --output-on-failure

if [ -x tests/fuzz/ci-smoke.sh ] || [ -f tests/fuzz/ci-smoke.sh ]; then
  echo "== fuzz smoke"
  bash tests/fuzz/ci-smoke.sh
fi
