#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 19's paths in one run, each beside its reference, with the CPU
# pressure (/proc/pressure/cpu "some avg10") before each measurement:
#   recognize: one 30,000-row table vs ten 3,000-row tables (same rows), and
#              one flat table of 100,000 and 1,000,000 rows (linear?)
#   start-up:  `info` on a small canonical JSON vs `budgetkit --version` (hyperfine)
#   XLSX -> long CSV on a 1M-amount workbook vs xlsx2csv
#   long CSV -> JSON and -> XLSX at 1M amounts (and at 10M with LONG10M=1)
#              beside the libxlsxwriter constant_memory floor writing the same cells
#              (build/tests/floor_constant_memory, bench/xlsx/floor_constant_memory.c)
# Usage: bench/paths/run.sh [REPEAT]   (medians of REPEAT runs, default 3; runs interleaved)
#   BASE_BIN=another/budgetkit: its XLSX paths interleaved in the same loop ("before")
#   ONLY=xlsx: only the XLSX paths (XLSX -> long CSV, long CSV -> XLSX)
# Needs: a built budgetkit (BK_BIN), /usr/bin/time, hyperfine, xlsx2csv.
set -eu
REPEAT=${1:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BK=${BK_BIN:-$ROOT/build/bin/budgetkit}
PY=${BK_PYTHON:-/usr/bin/python3}
W=${BENCH_DIR:-$(mktemp -d)}
[ -x "$BK" ] || { echo "budgetkit not found at $BK (set BK_BIN)"; exit 1; }
for t in /usr/bin/time hyperfine xlsx2csv; do command -v $t >/dev/null || { echo "$t is not installed"; exit 1; }; done
FLOOR=${BK_FLOOR:-$ROOT/build/tests/floor_constant_memory}
BASE=${BASE_BIN:-}
pressure() { awk '/^some/ { sub("avg10=", "", $2); print $2 }' /proc/pressure/cpu; }

# one measurement: prints "wall cpu rss_mb pressure"
once() {
    local p
    p=$(pressure)
    /usr/bin/time -f '%e %U %S %M' -o "$W/time" "$@" >/dev/null 2>"$W/stderr" || { echo "failed: $*" >&2; tail -3 "$W/stderr" >&2; exit 1; }
    read -r e u s m <"$W/time"
    awk -v e="$e" -v u="$u" -v s="$s" -v m="$m" -v p="$p" 'BEGIN { printf "%.2f %.2f %.1f %s\n", e, u + s, m / 1024, p }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# run NAMES interleaved REPEAT times; COMMAND_<name> holds each command line
declare -A CMD
report() { # name...
    local n
    for n in "$@"; do : >"$W/res.$n"; done
    for ((i = 0; i < REPEAT; i++)); do
        for n in "$@"; do eval "once ${CMD[$n]}" >>"$W/res.$n"; done
    done
    for n in "$@"; do
        printf '%-34s wall %7.2f s  cpu %7.2f s  peak %7.1f MB  pressure %s%%\n' "$n" \
            "$(cut -d' ' -f1 "$W/res.$n" | median)" "$(cut -d' ' -f2 "$W/res.$n" | median)" \
            "$(cut -d' ' -f3 "$W/res.$n" | median)" "$(cut -d' ' -f4 "$W/res.$n" | median)"
    done
}

if [ "${ONLY:-}" != xlsx ]; then
echo "== recognize (tab-separated text, 一般公共预算支出表, 3 amounts a row)"
for spec in "30000 1 tree" "30000 10 tree" "30000 1 flat" "30000 10 flat" "100000 1 flat" "1000000 1 flat"; do
    set -- $spec
    f="$W/doc-$1-$2-$3.txt"
    [ -s "$f" ] || "$PY" "$ROOT/bench/recognize/gen_tables.py" "$1" "$2" "$3" >"$f"
    CMD["read $1 rows in $2 table(s), $3"]="$BK convert -q --overwrite $f $W/out.json"
done
report "read 30000 rows in 1 table(s), tree" "read 30000 rows in 10 table(s), tree" \
    "read 30000 rows in 1 table(s), flat" "read 30000 rows in 10 table(s), flat" \
    "read 100000 rows in 1 table(s), flat" "read 1000000 rows in 1 table(s), flat"

echo "== start-up (hyperfine, 30 runs, median)"
SMALL=$ROOT/samples/seed-first-tables.json
echo "pressure $(pressure)%"
hyperfine -N -w 5 -r 30 --export-json "$W/hf.json" "$BK --version" "$BK info $SMALL" >/dev/null 2>&1
"$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r: print("%-34s median %6.1f ms" % (x["command"].split("/")[-1][:34], x["median"] * 1000))
print("ratio info / --version: %.2f" % (r[1]["median"] / r[0]["median"]))' "$W/hf.json"

fi
echo "== XLSX -> long CSV, 1M amounts"
LONG=$W/long-1000000.csv
[ -s "$LONG" ] || "$PY" "$ROOT/bench/csv-long/gen_long.py" 1000000 >"$LONG"
# the normal-mode workbook (shared strings), the input of the earlier runs
[ -s "$W/book.xlsx" ] || "$BK" convert -q "$LONG" "$W/book.xlsx" -o constant_memory=off
CMD["budgetkit xlsx -> long csv"]="$BK convert -q --overwrite $W/book.xlsx $W/out.csv -O layout=long"
CMD["xlsx2csv -a"]="sh -c 'xlsx2csv -a $W/book.xlsx >$W/x2c.csv'"
names=("budgetkit xlsx -> long csv" "xlsx2csv -a")
[ -n "$BASE" ] && CMD["before: xlsx -> long csv"]="$BASE convert -q --overwrite $W/book.xlsx $W/out-before.csv -O layout=long" &&
    names+=("before: xlsx -> long csv")
report "${names[@]}"

echo "== long CSV -> JSON / XLSX"
sizes=1000000
[ -n "${LONG10M:-}" ] && sizes="1000000 10000000"
for n in $sizes; do
    f=$W/long-$n.csv
    [ -s "$f" ] || "$PY" "$ROOT/bench/csv-long/gen_long.py" "$n" >"$f"
    CMD["long csv $n -> json"]="$BK convert -q --overwrite $f $W/out.json"
    CMD["long csv $n -> xlsx"]="$BK convert -q --overwrite $f $W/out.xlsx"
    CMD["long csv $n -> xlsx, constant_memory=off"]="$BK convert -q --overwrite $f $W/out-off.xlsx -o constant_memory=off"
    names=("long csv $n -> xlsx")
    [ "$n" -le 1000000 ] && names+=("long csv $n -> xlsx, constant_memory=off") # ~2.9 GB at 10M
    [ "${ONLY:-}" != xlsx ] && names=("long csv $n -> json" "${names[@]}")
    [ -x "$FLOOR" ] && CMD["floor: libxlsxwriter constant_memory $n"]="$FLOOR $f $W/floor.xlsx" &&
        names+=("floor: libxlsxwriter constant_memory $n")
    [ -n "$BASE" ] && CMD["before: long csv $n -> xlsx"]="$BASE convert -q --overwrite $f $W/out-before.xlsx" &&
        names+=("before: long csv $n -> xlsx")
    report "${names[@]}"
    [ -n "$BASE" ] && [ "$n" -le 1000000 ] && { cmp -s "$W/out-off.xlsx" "$W/out-before.xlsx" && echo "constant_memory=off: byte-identical to before" ||
        echo "constant_memory=off: DIFFERS from before"; }
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$W"
