#!/bin/bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The pdf reader on the real PDFs beside pdftotext -layout (poppler-utils), the tool a
# user would run instead, on the same files in the same run. For each PDF: pages,
# then the median of RUNS runs of wall time, CPU (user+sys) and peak memory of
#   budgetkit convert X.pdf out.json   (tables rebuilt and recognised, JSON written)
#   pdftotext -layout X.pdf out.txt    (text only: no cells, no tables)
# usage: bench/pdf/run.sh [BUILD_DIR] [RUNS]   (default build, 7 runs; one core: taskset -c 0)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
runs=${2:-7}
bk=$build/bin/budgetkit
pdfs=$src/../shared/realdocs/pdfs
command -v pdftotext >/dev/null || { echo "needs pdftotext (apt-get install poppler-utils)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
one=(taskset -c 0)
command -v taskset >/dev/null || one=()

# measure NAME CMD...: median wall s, cpu s, max RSS MB over $runs runs
measure() {
    local i
    : >"$tmp/m"
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "${one[@]}" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
        awk '{printf "%.3f %.3f %.1f\n", $1, $2 + $3, $4 / 1024}' "$tmp/t" >>"$tmp/m"
    done
    local n=$(((runs + 1) / 2))
    printf '%s %s %s' "$(cut -d' ' -f1 "$tmp/m" | sort -n | sed -n "${n}p")" \
        "$(cut -d' ' -f2 "$tmp/m" | sort -n | sed -n "${n}p")" "$(cut -d' ' -f3 "$tmp/m" | sort -n | tail -1)"
}

printf '%-44s %5s | %-22s | %-22s | %s\n' "PDF" "pages" "budgetkit wall/cpu/MB" "pdftotext wall/cpu/MB" "cpu ratio"
for f in "$pdfs"/*.pdf; do
    name=$(basename "$f" .pdf)
    pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
    read -r bw bc bm <<<"$(measure "$bk" convert --overwrite "$f" "$tmp/out.json" -q)"
    read -r pw pc pm <<<"$(measure pdftotext -layout "$f" "$tmp/out.txt")"
    ratio=$(awk -v a="$bc" -v b="$pc" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    printf '%-44s %5s | %6s %6s %6s MB | %6s %6s %6s MB | %s\n' "$name" "$pages" "$bw" "$bc" "$bm" "$pw" "$pc" "$pm" "$ratio"
done
# where the time goes: the same convert with the JSON plugin only reading a tiny file (start-up, plugin loading)
read -r sw sc sm <<<"$(measure "$bk" convert --overwrite "$src/samples/seed.json" "$tmp/o.json" -q)"
printf '%-44s %5s | %6s %6s %6s MB |\n' "(start-up: convert samples/seed.json)" "-" "$sw" "$sc" "$sm"
