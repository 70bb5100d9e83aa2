#!/bin/bash
# SPDX-License-Identifier: MIT
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
# The command over 1,000 seed-sized JSON files (gen_docs.py): reading + validating +
# the report, on one thread and on two (validate -j N); the report is the same.
W=${TMPDIR:-/tmp}/bk-bench-validate
[ -e "$W/docs/dept$(printf %04d "$n").json" ] || /usr/bin/python3 "$here/bench/validate/gen_docs.py" "$here/samples/seed.json" "$n" "$W/docs"
cmake --build "$build" --target budgetkit_cli bk_json -j2 > /dev/null
for j in 1 2; do
    /usr/bin/time -f "budgetkit validate -j $j ($n files): %e s wall, %U s user, %S s sys, %M KiB" \
        "$build/bin/budgetkit" validate -q -j $j "$W/docs" > "$W/report-$j.txt" || [ $? -eq 1 ]
done
cmp -s "$W/report-1.txt" "$W/report-2.txt" && echo "reports of -j 1 and -j 2: identical"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Checks across documents (core/crossdoc.c): N related documents (gen_docs.py --related: a 2024
# 部门, its 2024 单位 and its 2023 document per department), crossdoc on against --no-crossdoc,
# alternating, each with -j 2. Goal: on within 2x of off. CPU pressure is printed beside them.
R=$W/related
[ -e "$R/dept$(printf %04d "$n").json" ] || /usr/bin/python3 "$here/bench/validate/gen_docs.py" "$here/samples/seed.json" "$n" "$R" --related
for k in 1 2; do
    for mode in on off; do
        opt=; [ $mode = off ] && opt=--no-crossdoc
        echo "cpu pressure: $(head -1 /proc/pressure/cpu)"
        /usr/bin/time -f "validate -j 2 crossdoc $mode ($n related files): %e s wall, %U s user, %S s sys" \
            "$build/bin/budgetkit" validate -q -j 2 $opt "$R" > "$W/related-$mode.txt" || [ $? -eq 1 ]
    done
done
grep "^across documents" "$W/related-on.txt"

