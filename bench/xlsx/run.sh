#!/bin/bash
# SPDX-License-Identifier: MIT
# XLSX benchmark: budgetkit's writer engine and reader beside openpyxl and XlsxWriter,
# in the same run (absolute times drift between runs; compare within one table).
#   bench/xlsx/run.sh [BUILD_DIR] [DEPARTMENTS] [ROWS]
# Needs: a build (tests/xlsx_bench), /usr/bin/python3 with openpyxl and xlsxwriter, GNU time.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build-xlsx}
DEPTS=${2:-100}
ROWS=${3:-100000}
SEED=${BK_SEED:-$ROOT/../shared/seed/000_b39ab111367c9db1.txt}
PY=/usr/bin/python3
BENCH="$BUILD/tests/xlsx_bench"
[ -x "$BENCH" ] || { echo "build first: cmake --build $BUILD (needs tests/xlsx_bench)"; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# run LABEL CMD...: one row of the table (wall seconds, peak RSS MB, output size)
run() {
    local label=$1 file=$2; shift 2
    /usr/bin/time -f '%e %M' -o "$OUT/t" "$@" > "$OUT/stdout" 2> "$OUT/stderr"
    local warnings
    warnings=$(grep -c 'warning' "$OUT/stderr" || true)
    [ "$warnings" -gt 0 ] && echo "$warnings warnings" >> "$OUT/stdout"
    read -r wall rss < "$OUT/t"
    local size=""
    [ -f "$file" ] && size=$(awk -v b="$(stat -c %s "$file")" 'BEGIN{printf "%.1f MB", b/1048576}')
    printf '| %-44s | %7s s | %7.1f MB | %9s | %s|\n' "$label" "$wall" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" \
        "$size" "$(tr '\n' ' ' < "$OUT/stdout")"
}

echo "XLSX bench: $DEPTS departments × 13 seed-sized sheets; a table of $ROWS rows × 7 columns ($(date -u +%FT%TZ), $(nproc) CPUs)"
echo
echo "| task | wall | peak RSS | file | check |"
echo "|---|---|---|---|---|"
"$BENCH" depts "$SEED" 1 "$OUT/template.xlsx"
run "write depts: budgetkit (libxlsxwriter)" "$OUT/bk_depts.xlsx" "$BENCH" depts "$SEED" "$DEPTS" "$OUT/bk_depts.xlsx"
run "write depts: openpyxl" "$OUT/opx_depts.xlsx" $PY "$HERE/peers.py" openpyxl-depts "$OUT/template.xlsx" "$DEPTS" "$OUT/opx_depts.xlsx"
run "write depts: XlsxWriter" "$OUT/xw_depts.xlsx" $PY "$HERE/peers.py" xlsxwriter-depts "$OUT/template.xlsx" "$DEPTS" "$OUT/xw_depts.xlsx"
run "read depts: budgetkit (ours)" "" "$BENCH" read "$OUT/bk_depts.xlsx"
run "read depts: openpyxl read_only (ours)" "" $PY "$HERE/peers.py" openpyxl-read "$OUT/bk_depts.xlsx"
run "read depts: budgetkit (XlsxWriter's file)" "" "$BENCH" read "$OUT/xw_depts.xlsx"
run "write rows: budgetkit (libxlsxwriter)" "$OUT/bk_rows.xlsx" "$BENCH" rows "$ROWS" "$OUT/bk_rows.xlsx"
run "write rows: openpyxl write_only" "$OUT/opx_rows.xlsx" $PY "$HERE/peers.py" openpyxl-rows "$ROWS" "$OUT/opx_rows.xlsx"
run "write rows: XlsxWriter" "$OUT/xw_rows.xlsx" $PY "$HERE/peers.py" xlsxwriter-rows "$ROWS" "$OUT/xw_rows.xlsx"
run "read rows: budgetkit (ours)" "" "$BENCH" read "$OUT/bk_rows.xlsx"
run "read rows: openpyxl read_only (ours)" "" $PY "$HERE/peers.py" openpyxl-read "$OUT/bk_rows.xlsx"
run "read rows: budgetkit (openpyxl's file)" "" "$BENCH" read "$OUT/opx_rows.xlsx"
run "read rows: openpyxl read_only (openpyxl's)" "" $PY "$HERE/peers.py" openpyxl-read "$OUT/opx_rows.xlsx"

# End to end through the CLI (core layout → writer; reader → recognizer): the seed's document
# with its 13 tables repeated for DEPTS departments (forms and sections left out).
BIN="$BUILD/bin/budgetkit"
if "$BIN" convert --overwrite "$SEED" "$OUT/seed.json" 2>/dev/null; then
    $PY - "$OUT/seed.json" "$DEPTS" "$OUT/depts.json" <<'PY'
import json, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
whole = json.load(open(src, encoding="utf-8"))
doc = whole["document"]
tables = doc["tables"]
doc["tables"] = [t for _ in range(n) for t in tables]
doc["perf_targets"], doc["sections"] = [], []
json.dump(whole, open(out, "w", encoding="utf-8"), ensure_ascii=False)
PY
    run "CLI json → xlsx: $DEPTS × 13 seed tables" "$OUT/cli.xlsx" "$BIN" convert --overwrite "$OUT/depts.json" "$OUT/cli.xlsx"
    run "CLI xlsx → json (reader + recognizer)" "$OUT/cli.json" "$BIN" convert --overwrite "$OUT/cli.xlsx" "$OUT/cli.json"
    run "CLI json → xlsx: the seed (13 tables, 22 forms)" "$OUT/seed.xlsx" "$BIN" convert --overwrite "$OUT/seed.json" "$OUT/seed.xlsx"
fi
