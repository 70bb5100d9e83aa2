#!/bin/bash
# SPDX-License-Identifier: MIT
# The examples as the build makes them (BK_EXAMPLES: their folder): write_workbook builds a
# document and writes it through the registry; openpyxl reads the workbook it wrote, the
# CLI reads it back, and read_totals prints its total row.
set -euo pipefail
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
"$BK_EXAMPLES/write_workbook" "$scratch/out.xlsx" > "$scratch/log.txt"
grep -q "wrote $scratch/out.xlsx: 1 table, 3 rows" "$scratch/log.txt" || { cat "$scratch/log.txt"; exit 1; }
[ -f "$scratch/out.xlsx" ] && ! ls "$scratch"/.*tmp* > /dev/null 2>&1

# the workbook as a spreadsheet program sees it: the title, the department, the three rows in 万元
"$BK_PYTHON" - "$scratch/out.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cells = {}
for ws in wb.worksheets:
    for row in ws.iter_rows():
        vals = [c.value for c in row]
        for c in row:
            if c.value is not None: cells.setdefault(str(c.value), []).append((ws.title, vals))
def need(text):
    hits = [k for k in cells if text in k]
    assert hits, f"no cell with {text!r}; cells: {sorted(cells)[:40]}"
    return cells[hits[0]]
need("2024年部门支出预算总表")
need("示例市民政局")
need("万元")
def numbers(vals): return [v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]
for name, code in (("合计", None), ("社会保障和就业支出", "208"), ("民政管理事务", "20802")):
    rows = [vals for _, vals in cells.get(name, []) if numbers(vals)]  # the data row, not the header's 合计
    assert len(rows) == 1, (name, cells.get(name))
    assert numbers(rows[0]) == [150, 120, 30], (name, rows[0])
    if code: assert code in [str(v) for v in rows[0]], (name, rows[0])
print("ok: workbook", wb.sheetnames)
PY

# the CLI reads the workbook back to the same figures, and so does the other example
"$BK_BIN" convert "$scratch/out.xlsx" "$scratch/back.json" 2> "$scratch/convert.err"
"$BK_PYTHON" - "$scratch/back.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]), parse_float=str)["document"]  # amounts as printed
t = [t for t in doc["tables"] if t["kind"] == "budget.expense"]
assert len(t) == 1, [x["kind"] for x in doc["tables"]]
rows = t[0]["panels"][0]["rows"]
got = [(r.get("code"), r["name"], [str(c) for c in r["cells"][:3]]) for r in rows]
want = [(None, "合计", ["150.00", "120.00", "30.00"]), ("208", "社会保障和就业支出", ["150.00", "120.00", "30.00"]),
        ("20802", "民政管理事务", ["150.00", "120.00", "30.00"])]
assert got == want, got
print("ok: read back", len(rows), "rows")
PY
"$BK_EXAMPLES/read_totals" "$scratch/out.xlsx" > "$scratch/totals.txt"
grep -q "合计 150.00" "$scratch/totals.txt" || { cat "$scratch/totals.txt"; exit 1; }

# an error names the output, in the CLI's form, and leaves nothing behind
if "$BK_EXAMPLES/write_workbook" "$scratch/out.unknown-format" 2> "$scratch/err.txt"; then
  echo "FAIL: wrote an unknown format"; exit 1
fi
grep -q "out.unknown-format: error: " "$scratch/err.txt" || { cat "$scratch/err.txt"; exit 1; }
[ ! -e "$scratch/out.unknown-format" ]
echo "ok: examples"
