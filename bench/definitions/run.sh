#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: the cost of reading the template definitions from data files.
#  1. loading all shipped definitions in one process (median of many loads; goal ≤ 2 ms),
#     and the first load of a fresh process (what one command pays);
#  2. start-up of a command that loads them (`budgetkit formats`) beside one that
#     does not (`budgetkit --version`);
#  3. the recognizer on the seed (`budgetkit convert SEED.txt out.json`), beside
#     the same command of a build from before the definitions were data files
#     (BASE_BIN, optional; goal: no more than 10 % slower).
# Usage: bench/definitions/run.sh [BUILD_DIR] [BASE_BIN]
# BUILD_DIR (default build-bench) is configured Release if absent.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build-bench}
base=${2:-}
seed=$here/../shared/seed/000_b39ab111367c9db1.txt
if [ ! -e "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release > /dev/null
fi
cmake --build "$build" --target bench_definitions budgetkit_cli -j2 > /dev/null
cmake --build "$build" -j2 > /dev/null   # the plugins
bin=$build/bin/budgetkit
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$build/tests/bench_definitions" 200
# what a command pays: the first load in a fresh process (cold heap, caches, branch predictors)
for _ in $(seq 31); do "$build/tests/bench_definitions" 1; done | sed 's/.*wall median \([0-9.]*\) ms.*/\1/' | sort -n |
    awk '{a[NR] = $1} END {printf "first load in a fresh process, 31 processes: median %s ms (min %s, max %s)\n", a[16], a[1], a[NR]}'
if command -v hyperfine > /dev/null; then
    hyperfine -N -w 5 -r 50 "$bin --version" "$bin formats" 2>&1 | grep -E "Time|±|Benchmark"
    cmds=("$bin convert --overwrite $seed $tmp/out.json")
    [ -n "$base" ] && cmds+=("$base convert $seed $tmp/base.json")  # a build from before --overwrite replaces silently
    hyperfine -N -w 3 -r 30 "${cmds[@]}" 2>&1 | grep -vE "^\s*$"
else
    for c in "$bin --version" "$bin formats"; do
        s=$(date +%s%N); for _ in $(seq 50); do $c > /dev/null; done; e=$(date +%s%N)
        echo "$c: $(( (e - s) / 50000 )) µs per run (mean of 50)"
    done
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (wall time is inflated when other work shares the cores)"
