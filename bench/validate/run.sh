#!/bin/bash
# Benchmark: validate 1,000 seed-sized documents in one run (goal: < 1 s on a
# 2-core machine), on one thread and on one thread per core.
# Usage: bench/validate/run.sh [BUILD_DIR] [N]
# Builds the bench_validate target (defined in tests/validate/CMakeLists.txt)
# in BUILD_DIR (default build-bench, configured Release if absent) and runs it.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build-bench}
n=${2:-1000}
if [ ! -e "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release > /dev/null
fi
cmake --build "$build" --target bench_validate -j2 > /dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$build/tests/bench_validate" "$n" 1
"$build/tests/bench_validate" "$n" "$(nproc)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (wall time is inflated when other work shares the cores; CPU time is not)"
