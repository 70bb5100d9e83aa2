#!/bin/bash
# SPDX-License-Identifier: MIT
# run-harnesses.sh BUILD_DIR SECONDS [HARNESS...]
# Runs each libFuzzer harness found in BUILD_DIR/fuzz (or the ones named) for
# SECONDS, seeded from samples/, tests/ (by file type) and the seed
# disclosure; prints one line per harness with its exec count. The corpus
# grows in BUILD_DIR/fuzz-corpus/NAME between runs; crashes, leaks, timeouts
# and OOMs land in BUILD_DIR/fuzz-artifacts/NAME/. Exits 1 if any harness
# found something. BK_FUZZ_JOBS=N runs N harnesses at once (default 1);
# BK_FUZZ_ARGS adds libFuzzer flags (e.g. "-fork=1 -ignore_crashes=1" to go
# on after a known finding); BK_FUZZ_TIMEOUT is the per-input hang limit in
# seconds (default 30: generous, so that a loaded machine is not a "hang").
set -u
build=${1:?usage: run-harnesses.sh BUILD_DIR SECONDS [HARNESS...]}
seconds=${2:?usage: run-harnesses.sh BUILD_DIR SECONDS [HARNESS...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
seed_txt=${BK_SEED:-$src/../shared/seed/000_b39ab111367c9db1.txt}
jobs=${BK_FUZZ_JOBS:-1}

if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in "$build"/fuzz/fuzz_*; do [ -x "$f" ] && names+=("$(basename "$f")"); done
fi
[ ${#names[@]} -gt 0 ] || { echo "no harnesses in $build/fuzz (configure with CC=clang -DBK_FUZZ=ON)" >&2; exit 2; }

# Repository files of a type: samples/, tests/ (but not build trees).
repo_files() {
    # not tests/malformed/pending/: open findings would stop every run at once
    find "$src/samples" "$src/tests" -type f \( "$@" \) ! -name CMakeLists.txt 2>/dev/null |
        grep -v -e '/build' -e '/pending/' || true
}

# seed NAME DIR: fill the seed directory of one harness
seed() {
    local name=$1 dir=$2
    mkdir -p "$dir"
    case $name in
    fuzz_amount) cp "$here"/seeds/amount/* "$dir"/ ;;
    fuzz_recognize | fuzz_csv)
        [ -f "$seed_txt" ] && cp "$seed_txt" "$dir/seed-disclosure.txt"
        # each table of the seed on its own, so that small inputs start from real shapes
        [ -f "$seed_txt" ] && awk -v d="$dir" '/^[[:space:]]*$/ {n++} {print > (d "/seed-part-" int(n/3))}' "$seed_txt"
        repo_files -name '*.csv' -o -name '*.tsv' -o -name '*.txt' | while read -r f; do
            cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12)-$(basename "$f")"
        done ;;
    fuzz_xslt) # the sample stylesheets and the hostile ones of tests/safety/xslt, memory bombs
        # included: the harness caps a transformation at limit.xslt_memory=32 MiB
        repo_files -name '*.xsl' | while read -r f; do
            cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12)-$(basename "$f")"
        done ;;
    fuzz_definitions) # the shipped families, the test families and the broken ones
        find "$src/definitions" "$src/tests/definitions" -name '*.json' -type f | while read -r f; do
            cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12)-$(basename "$f")"
        done ;;
    fuzz_*)
        local ext=${name#fuzz_}
        repo_files -name "*.$ext" | while read -r f; do
            cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12)-$(basename "$f")"
        done ;;
    esac
    [ -n "$(ls -A "$dir")" ] || printf 'x' >"$dir/empty-seed"
}

# run NAME: fuzz one harness, print its summary line
run() {
    local name=$1 bin="$build/fuzz/$1"
    local corpus="$build/fuzz-corpus/$name" seeds="$build/fuzz-seeds/$name"
    local art="$build/fuzz-artifacts/$name" log="$build/fuzz-logs/$name.log"
    rm -rf "$seeds"
    mkdir -p "$corpus" "$art" "$(dirname "$log")"
    seed "$name" "$seeds"
    local dict=()
    [ -f "$here/dict/${name#fuzz_}.dict" ] && dict=("-dict=$here/dict/${name#fuzz_}.dict")
    local max_len=65536
    [ "$name" = fuzz_xlsx ] && max_len=262144
    [ "$name" = fuzz_amount ] && max_len=128
    # the recognizer costs ~45 us/byte under ASan: small inputs, many more execs
    case $name in fuzz_recognize | fuzz_csv) max_len=16384 ;; esac
    local rc=0
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
        "$bin" -max_total_time="$seconds" -timeout="${BK_FUZZ_TIMEOUT:-30}" -rss_limit_mb=2048 -max_len="$max_len" \
        -print_final_stats=1 -artifact_prefix="$art/" ${BK_FUZZ_ARGS:-} "${dict[@]}" "$corpus" "$seeds" >"$log" 2>&1 || rc=$?
    local runs secs
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    secs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)
    if [ -z "$runs" ]; then # -fork mode: the last "#N: ... time: Ss" progress line
        runs=$(sed -n 's/^#\([0-9]*\): .* time: \([0-9]*\)s.*/\1/p' "$log" | tail -1)
        secs=$(sed -n 's/^#\([0-9]*\): .* time: \([0-9]*\)s.*/\2/p' "$log" | tail -1)
    fi
    local verdict=ok
    if [ "$rc" -ne 0 ]; then
        verdict="FOUND (exit $rc): $(grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|ALARM|deadly signal|out-of-memory|leak' "$log" | cut -c1-120); see $log"
    fi
    printf '%-16s %12s execs in %5ss  corpus %5s files  %s\n' "$name" "${runs:-?}" "${secs:-?}" \
        "$(ls "$corpus" | wc -l)" "$verdict"
    [ "$rc" -eq 0 ]
}

status=0
pids=()
for name in "${names[@]}"; do
    [ -x "$build/fuzz/$name" ] || { echo "$name: not built" >&2; status=1; continue; }
    run "$name" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
        wait "${pids[0]}" || status=1
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
