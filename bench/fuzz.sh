#!/bin/bash
# SPDX-License-Identifier: MIT
# bench/fuzz.sh [SECONDS] [HARNESS...]: build the libFuzzer harnesses with
# clang (build dir: $BK_FUZZ_BUILD_DIR, default build-fuzz) and run each for
# SECONDS (default 600), printing its exec count. BK_FUZZ_JOBS=2 runs two at
# a time. The corpus in <build>/fuzz-corpus/ persists between runs.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BK_FUZZ_BUILD_DIR:-$src/build-fuzz}
seconds=${1:-600}
[ $# -gt 0 ] && shift
CC=${BK_FUZZ_CC:-clang} cmake -S "$src" -B "$build" -DBK_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 2
cmake --build "$build" --target fuzz -j"$(nproc)" >/dev/null || { echo "fuzz.sh: build failed" >&2; exit 2; }
echo "fuzzing each harness for $seconds s ($(date -u +%FT%TZ), $(nproc) cores, BK_FUZZ_JOBS=${BK_FUZZ_JOBS:-1})"
exec "$src/tests/fuzz/run-harnesses.sh" "$build" "$seconds" "$@"
