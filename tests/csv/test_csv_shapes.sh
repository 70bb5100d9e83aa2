#!/bin/bash
# SPDX-License-Identifier: MIT
# Report shapes the seed does not show: split 类|款|项 codes (only new parts printed),
# 合计 at the bottom, 编制部门 and 单位 on one line, full-width digits, "1,234.56",
# "-" for blank, 0 kept as 0, a repeated header after a page break, a numbering
# label, a cell under no column (a located warning), and an empty table with its note.
set -u
PY=${BK_PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cat >"$T/shapes.csv" <<'CSV'
表5
2024年部门一般公共预算支出预算表
编制部门：示例区民政局,,,,单位：元
科目编码,,,科目名称,合计,基本支出,项目支出
类,款,项,,,,
208,,,社会保障和就业支出,"1,234.56",１０００.００,234.56
,02,,民政管理事务,"1,234.56",1000.00,234.56
,,01,行政运行,1000.00,1000.00,-
科目编码,,,科目名称,合计,基本支出,项目支出
,,99,其他民政管理事务支出,234.56,0,234.56,7.00
,,,合计,"1,234.56",1000.00,234.56

2024年政府性基金预算支出表
部门名称：示例区民政局
单位：万元
科目编码,科目名称,合计,基本支出,项目支出
合计,,,,
注：本表无数据
CSV
"$BK_BIN" convert "$T/shapes.csv" "$T/long.csv" -O layout=long 2>"$T/warn" || { cat "$T/warn"; exit 1; }
grep -q 'shapes.csv:10:8: warning: .*7.00.* not placed' "$T/warn" || { echo "FAIL: no located warning for the stray cell"; cat "$T/warn"; exit 1; }
"$PY" - "$T/long.csv" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
tables = [r for r in rows if r["record"] == "table"]
bad = []
def ok(cond, what):
    if not cond: bad.append(what)
ok([t["table_kind"] for t in tables] == ["budget.general_public_expense", "budget.gov_fund_expense"], "kinds")
t0 = tables[0]
ok(t0["department"] == "示例区民政局" and t0["unit"] == "yuan" and t0["unit_label"] == "元", "department/unit line")
ok(t0["table_number"] == "表5", "numbering label")
cells = {}
for r in rows:
    if r["record"] == "cell" and r["seq"] == "0":
        cells.setdefault(int(r["row_order"]), {}).update(
            {"code": r["row_code"], "name": r["row_name"], "role": r["row_role"], "level": r["level"],
             "parent": r["parent"], r["column_key"]: r["value"]})
codes = [cells[i]["code"] for i in sorted(cells)]
ok(codes == ["208", "20802", "2080201", "2080299", ""], f"codes {codes}")
ok([cells[i]["level"] for i in sorted(cells)] == ["1", "2", "3", "3", "0"], "levels")
ok(cells[3]["parent"] == "1", "parent of 2080299")
ok(cells[0]["total"] == "1234.56" and cells[0]["basic"] == "1000.00", "separators / full-width digits")
ok(cells[2]["project"] == "", "'-' is blank")
ok(cells[3]["basic"] == "0", "0 stays 0")
ok(cells[4]["role"] == "total" and cells[4]["total"] == "1234.56", "合计 at the bottom")
ok(len(cells) == 5, "the repeated header is not a row")
t1 = tables[1]
ok(t1["note"] == "注：本表无数据" and t1["unit"] == "wan_yuan", "empty table note/unit")
one = [r for r in rows if r["record"] == "cell" and r["seq"] == "1"]
ok(len(one) == 3 and all(r["value"] == "" for r in one) and one[0]["row_name"] == "合计", "empty table row")
if bad:
    print("FAIL:", "; ".join(bad)); sys.exit(1)
PYEOF
[ $? -eq 0 ] || exit 1

# no title: the header alone identifies the table (with a warning), which takes its official title
printf '科目编码,科目名称,合计,基本支出,项目支出\n208,社会保障和就业支出,10.00,8.00,2.00\n20802,民政管理事务,10.00,8.00,2.00\n' >"$T/untitled.csv"
"$BK_BIN" convert "$T/untitled.csv" "$T/untitled-long.csv" -O layout=long 2>"$T/warn2" || { cat "$T/warn2"; exit 1; }
grep -q 'untitled.csv:1:1: warning: a table without a title' "$T/warn2" || { echo "FAIL: no warning for the untitled table"; cat "$T/warn2"; exit 1; }
"$PY" - "$T/untitled-long.csv" <<'PYEOF' || exit 1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
t = [r for r in rows if r["record"] == "table"]
c = [r for r in rows if r["record"] == "cell"]
assert len(t) == 1 and t[0]["table_kind"] == "budget.expense", t
assert [(r["row_code"], r["column_key"], r["value"]) for r in c][:3] == [("208", "total", "10.00"), ("208", "basic", "8.00"), ("208", "project", "2.00")], c[:3]
assert c[3]["parent"] == "0" and c[3]["level"] == "2"
PYEOF
# a plain long file (as pandas would write it): only the five required columns, two tables
printf 'table_title,row_code,row_name,column_label,value\n支出表,208,社会保障和就业支出,合计,10.00\n支出表,208,社会保障和就业支出,基本支出,8.00\n支出表,20802,民政管理事务,合计,2\n另一表,,甲,金额,1.5\n' >"$T/plain.csv"
"$BK_BIN" convert -q "$T/plain.csv" "$T/plain-long.csv" -O layout=long || exit 1
"$PY" - "$T/plain-long.csv" <<'PYEOF' || exit 1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
t = [r["table_title"] for r in rows if r["record"] == "table"]
c = [(r["seq"], r["row_order"], r["row_code"], r["column_label"], r["value"]) for r in rows if r["record"] == "cell"]
assert t == ["支出表", "另一表"], t
assert c == [("0", "0", "208", "合计", "10.00"), ("0", "0", "208", "基本支出", "8.00"), ("0", "1", "20802", "合计", "2"),
             ("0", "1", "20802", "基本支出", ""), ("1", "0", "", "金额", "1.5")], c
PYEOF
# a byte-order mark at the start of a line inside the file (files joined with cat) is dropped:
# the 类 row keeps its code 201 and level 1, and its 款 its parent
"$BK_BIN" convert -q "$BK_SOURCE_DIR/tests/malformed/csv/report-bom-in-line.tsv" "$T/bom.json" || exit 1
"$PY" - "$T/bom.json" <<'PYEOF' || exit 1
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))["document"]["tables"][0]["panels"][0]["rows"]
r201 = [i for i, r in enumerate(rows) if r.get("code") == "201"]
assert len(r201) == 1 and rows[r201[0]]["level"] == 1, rows[:4]
assert rows[r201[0] + 1]["code"] == "20132" and rows[r201[0] + 1]["parent"] == r201[0], rows[r201[0] + 1]
PYEOF
# `formats csv` says the plugin reads ledgers in parts and standard input without a copy
out=$("$BK_BIN" formats csv) || exit 1
grep -q "capabilities: read,write,records,parts,stream" <<<"$out" || { echo "FAIL: formats csv: $out"; exit 1; }
echo "test_csv_shapes: all passed"
