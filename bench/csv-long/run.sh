#!/bin/bash
# SPDX-License-Identifier: MIT
# Long-layout CSV -> JSON with budgetkit, beside `mlr --icsv --ojson cat` on the same
# file in the same run. Prints MB/s and peak RSS. Usage: bench/csv-long/run.sh [ROWS]
# Needs a built budgetkit (BK_BIN, default build/bin/budgetkit) and miller (mlr).
set -eu
ROWS=${1:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BK_BIN=${BK_BIN:-$ROOT/build/bin/budgetkit}
PY=${BK_PYTHON:-/usr/bin/python3}
W=${BENCH_DIR:-$(mktemp -d)}
[ -x "$BK_BIN" ] || { echo "budgetkit not found at $BK_BIN (set BK_BIN)"; exit 1; }
command -v mlr >/dev/null || { echo "miller (mlr) is not installed"; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (package time) is not installed"; exit 1; }

BIG="$W/big-$ROWS.csv"
[ -s "$BIG" ] || "$PY" "$HERE/gen_long.py" "$ROWS" >"$BIG"
MB=$(awk -v b="$(stat -c %s "$BIG")" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "input: $BIG ($ROWS amount rows, $MB MB)"

measure() { # NAME OUT COMMAND...
    local name=$1 out=$2
    shift 2
    rm -f "$out"
    /usr/bin/time -f '%e %U %S %M' -o "$W/time" "$@" >"$W/stdout" 2>"$W/stderr" || { echo "$name failed:"; tail -3 "$W/stderr"; return 1; }
    read -r secs user sys kib <"$W/time"
    # wall-clock MB/s, and MB/s per CPU second (user+sys) which a busy machine does not distort
    awk -v n="$name" -v s="$secs" -v c="$user" -v y="$sys" -v k="$kib" -v mb="$MB" \
        'BEGIN { cpu = c + y; printf "%-40s %7.2f s wall %8.1f MB/s | %6.2f s CPU %8.1f MB/s | %8.1f MiB peak RSS\n", n, s, (s > 0 ? mb / s : 0), cpu, (cpu > 0 ? mb / cpu : 0), k / 1024 }'
}

measure "budgetkit convert long.csv -> json" "$W/out.json" "$BK_BIN" convert -q "$BIG" "$W/out.json"
measure "budgetkit convert long.csv -> long.csv" "$W/out.csv" "$BK_BIN" convert -q "$BIG" "$W/out.csv" -O layout=long
# read_records alone (the ledger path), if a C compiler is at hand
LIB=$(cd "$(dirname "$BK_BIN")/../lib" 2>/dev/null && pwd || true)
if command -v cc >/dev/null && [ -n "$LIB" ] && [ -e "$LIB/libbudgetkit.so" ]; then
    cc -O2 -I"$ROOT/include" "$HERE/records_bench.c" -L"$LIB" -lbudgetkit -Wl,-rpath,"$LIB" -o "$W/records_bench" &&
        "$W/records_bench" "$BIG"
fi
measure "mlr --icsv --ojson cat" "$W/mlr.json" sh -c "mlr --icsv --ojson cat '$BIG' >'$W/mlr.json'"
[ -n "${BENCH_DIR:-}" ] || rm -rf "$W"
