#!/bin/bash
# SPDX-License-Identifier: MIT
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
echo "finance_export (grids): 1 passed, 0 failed"
# Through the CLI and the recognizer: the export imports as the seed's own
# 一般公共预算支出预算表 (T5), row for row; the stacked tables on sheet 2 both import.
"$BK_BIN" convert "$BK_SEED" "$DIR/seed.json" 2>/dev/null
"$BK_BIN" convert "$DIR/finance_export.xlsx" "$DIR/fe.json" 2> "$DIR/fe.err"
if grep -q "warning" "$DIR/fe.err"; then echo "warnings on import:"; cat "$DIR/fe.err"; exit 1; fi
"$PY" "$BK_SOURCE_DIR/tests/xlsx/compare_table.py" "$DIR/seed.json" "$DIR/fe.json" budget.general_public_expense
"$PY" - "$DIR/fe.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))["document"]
kinds = [t["kind"] for t in doc["tables"]]
assert kinds == ["budget.general_public_expense", "budget.three_public", "budget.operating_costs"], kinds
t = doc["tables"][0]
assert (t["department"], t["unit_label"]) == ("忻州市民政局", "万元"), (t["department"], t["unit_label"])
three = {r["name"]: r["cells"][0] for r in doc["tables"][1]["panels"][0]["rows"]}
assert str(three["②公务用车运行维护费"]) == "13.2" and str(three["合计"]) == "13.2", three
print("finance export: 3 tables, 编制部门/单位 read")
PY
echo "finance_export (import): 1 passed, 0 failed"
