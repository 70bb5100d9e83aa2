#!/bin/bash
# A finance-system export (title, 编制部门/单位 row, two-row merged header, 类/款/项
# split into three text columns, amounts as text with separators, two tables on one
# sheet, a ledger sheet) and a package of hand-written quirks, read into grids and
# compared with golden dumps (tests/xlsx/expected/*.grid, reviewed by hand).
set -euo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$PY" -c 'import openpyxl' 2>/dev/null || { echo "openpyxl missing: skipped"; exit 77; }
TOOL="$BK_BUILD_DIR/tests/xlsx_tool"
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$PY" "$BK_SOURCE_DIR/tests/xlsx/fixtures/make_fixtures.py" "$BK_SEED" "$DIR" --no-hostile
EXP="$BK_SOURCE_DIR/tests/xlsx/expected"
(cd "$DIR" && "$TOOL" grids finance_export.xlsx) > "$DIR/finance_export.grid"
diff -u "$EXP/finance_export.grid" "$DIR/finance_export.grid"
(cd "$DIR" && "$TOOL" grids quirks.xlsx) > "$DIR/quirks.grid"
diff -u "$EXP/quirks.grid" "$DIR/quirks.grid"
(cd "$DIR" && "$TOOL" grids quirks.xlsx hidden=true) | grep -qx $'0,0\ts\t隐藏'
# -o decimals=6: General numbers keep up to six decimals
(cd "$DIR" && "$TOOL" grids quirks.xlsx decimals=6) | grep -qx $'1,5\tn\t0.0015'
echo "finance_export: 1 passed, 0 failed"
