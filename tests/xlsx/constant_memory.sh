#!/bin/bash
# SPDX-License-Identifier: MIT
# -o constant_memory=auto|on|off (issue 19): the workbook written row by row to disk reads back
# to the same figures as the normal one, through budgetkit (xlsx → json, identical) and openpyxl
# (every sheet's values and merged ranges); small documents keep the normal mode under auto
# (byte-identical to off); a long CSV above the threshold switches (inline strings) and stays
# under 64 MB peak; LibreOffice opens the constant_memory file to the same cells.
set -uo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$BK_BIN" formats 2>/dev/null | grep -qw json || { echo "no json plugin: skipped"; exit 77; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
conv() { "$BK_BIN" convert -q "$@" >"$DIR/log" 2>&1 || fail "convert $*: $(tail -3 "$DIR/log")"; }
# every sheet's cells (value, type) and merged ranges, as openpyxl reads them
cells() {
    "$PY" - "$1" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    print("sheet", ws.title, ws.sheet_state, sorted(str(m) for m in ws.merged_cells.ranges))
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                print(c.coordinate, type(c.value).__name__, repr(c.value), c.number_format)
PYEOF
}
inline() { unzip -p "$1" 'xl/worksheets/sheet*.xml' | grep -c 'inlineStr'; }

# the seed (whole document: facts, forms, sections, charts) in both modes
SEED=$BK_SOURCE_DIR/samples/seed.json
[ -f "$SEED" ] || { conv "$BK_SEED" "$DIR/seed.json"; SEED=$DIR/seed.json; }
for m in off on auto; do conv "$SEED" "$DIR/seed-$m.xlsx" -o constant_memory=$m; done
cmp "$DIR/seed-auto.xlsx" "$DIR/seed-off.xlsx" || fail "seed: auto is not the normal workbook"
[ "$(inline "$DIR/seed-off.xlsx")" -eq 0 ] || fail "seed: the normal workbook has inline strings"
[ "$(inline "$DIR/seed-on.xlsx")" -gt 0 ] || fail "seed: constant_memory=on wrote no inline string"
for m in off on; do conv "$DIR/seed-$m.xlsx" "$DIR/seed-$m.json"; done
cmp "$DIR/seed-off.json" "$DIR/seed-on.json" || fail "seed: the two modes read back to different documents"
if "$PY" -c 'import openpyxl' 2>/dev/null; then
    cells "$DIR/seed-off.xlsx" >"$DIR/off.cells" && cells "$DIR/seed-on.xlsx" >"$DIR/on.cells" || fail "openpyxl"
    [ "$(wc -l <"$DIR/off.cells")" -gt 500 ] || fail "seed: openpyxl read too few cells"
    diff -u "$DIR/off.cells" "$DIR/on.cells" >"$DIR/diff" || fail "seed: openpyxl reads other cells: $(head -20 "$DIR/diff")"
fi

# a streamed long CSV (tables handed over one by one) in both modes, and auto above the threshold
"$PY" "$BK_SOURCE_DIR/bench/csv-long/gen_long.py" 30000 >"$DIR/long30k.csv"
for m in off on auto; do conv "$DIR/long30k.csv" "$DIR/long-$m.xlsx" -o constant_memory=$m; done
cmp "$DIR/long-auto.xlsx" "$DIR/long-off.xlsx" || fail "long 30k: auto (below the threshold) is not the normal workbook"
for m in off on; do conv "$DIR/long-$m.xlsx" "$DIR/long-$m.json"; done
cmp "$DIR/long-off.json" "$DIR/long-on.json" || fail "long 30k: the two modes read back to different documents"
if "$PY" -c 'import openpyxl' 2>/dev/null; then
    cells "$DIR/long-off.xlsx" >"$DIR/off.cells" && cells "$DIR/long-on.xlsx" >"$DIR/on.cells" || fail "openpyxl"
    diff -q "$DIR/off.cells" "$DIR/on.cells" >/dev/null || fail "long 30k: openpyxl reads other cells"
fi
"$PY" "$BK_SOURCE_DIR/bench/csv-long/gen_long.py" 300000 >"$DIR/long300k.csv"
/usr/bin/time -f '%M' -o "$DIR/rss" "$BK_BIN" convert -q "$DIR/long300k.csv" "$DIR/big.xlsx" || fail "long 300k → xlsx"
[ "$(inline "$DIR/big.xlsx")" -gt 0 ] || fail "long 300k: auto did not switch to constant_memory"
if [ -z "${BK_SANITIZED:-}" ]; then
    rss=$(($(cat "$DIR/rss") / 1024))
    [ "$rss" -le 64 ] || fail "long 300k → xlsx: peak RSS $rss MB > 64 MB"
fi
# ~1,000 small tables (one sheet each): the memory a sheet keeps until workbook_close stays
# libxlsxwriter's own (docs/xlsx.md: ≈ 19 KB a sheet here, the floor's 21), not a cleared 128 KiB cell array
if [ -z "${BK_SANITIZED:-}" ]; then
    for n in 100 1000; do
        "$PY" "$BK_SOURCE_DIR/bench/csv-long/gen_long.py" $((n * 90)) 30 >"$DIR/t$n.csv"
        /usr/bin/time -f '%M' -o "$DIR/rss$n" "$BK_BIN" convert -q "$DIR/t$n.csv" "$DIR/t$n.xlsx" \
            -o constant_memory=on || fail "$n tables → xlsx"
    done
    [ "$(unzip -l "$DIR/t1000.xlsx" | grep -c 'xl/worksheets/sheet')" -ge 1000 ] || fail "1,000 tables: too few sheets"
    r100=$(cat "$DIR/rss100") r1000=$(cat "$DIR/rss1000")
    [ "$r1000" -le $((64 * 1024)) ] || fail "1,000 tables → xlsx: peak RSS $((r1000 / 1024)) MB > 64 MB"
    per=$(((r1000 - r100) / 900))
    [ "$per" -le 28 ] || fail "1,000 tables → xlsx: $per KB a sheet (100 tables $r100 KB, 1,000 tables $r1000 KB)"
fi
"$BK_BIN" convert -q "$SEED" "$DIR/x.xlsx" -o constant_memory=sometimes 2>"$DIR/err" && fail "constant_memory=sometimes accepted"
grep -q "constant_memory" "$DIR/err" || fail "the error does not name the option: $(cat "$DIR/err")"

# LibreOffice opens the constant_memory workbook to the same cells
if command -v soffice >/dev/null && [ -x "$BK_BUILD_DIR/tests/xlsx_tool" ]; then
    mkdir "$DIR/lo"
    timeout 300 soffice -env:UserInstallation=file://"$DIR"/profile --headless --convert-to xlsx --outdir "$DIR/lo" \
        "$DIR/seed-on.xlsx" >/dev/null 2>&1 || fail "LibreOffice could not open the constant_memory workbook"
    "$BK_BUILD_DIR/tests/xlsx_tool" grids "$DIR/seed-on.xlsx" >"$DIR/ours.grid"
    "$BK_BUILD_DIR/tests/xlsx_tool" grids "$DIR/lo/seed-on.xlsx" >"$DIR/lo.grid"
    [ "$(wc -l <"$DIR/ours.grid")" -gt 500 ] || fail "too few grid cells"
    # the merges of a sheet in one order (ours: a tall merge is registered at its last row)
    norm() { "$PY" -c 'import sys
out, merges = [], []
for line in open(sys.argv[1]):
    if line.startswith("merge "): merges.append(line); continue
    out += sorted(merges); merges = []; out.append(line)
sys.stdout.write("".join(out + sorted(merges)))' "$1"; }
    diff -u <(norm "$DIR/ours.grid") <(norm "$DIR/lo.grid") >"$DIR/diff" ||
        fail "LibreOffice reads other cells: $(head -20 "$DIR/diff")"
    echo "libreoffice: opened the constant_memory workbook, same cells"
else
    echo "LibreOffice or xlsx_tool missing: its check skipped"
fi
echo "constant_memory: passed"
