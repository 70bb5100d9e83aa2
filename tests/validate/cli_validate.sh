#!/bin/bash
# SPDX-License-Identifier: MIT
# `budgetkit validate` and `convert --validate` on the whole seed (the fixture
# written as JSON through the JSON plugin) and on samples/seed-first-tables.json.
set -u
: "${BK_BIN:?}" "${BK_BUILD_DIR:?}" "${BK_SOURCE_DIR:?}"
PY=${BK_PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; else echo "ok: $1"; fi
}
if [ ! -e "$BUDGETKIT_PLUGIN_PATH/bk_json.so" ]; then echo "JSON plugin not built: skipped"; exit 77; fi

"$BK_BUILD_DIR/tests/write_seed_json" "$T/seed.json" || { echo "FAIL: cannot write the seed as JSON"; exit 1; }

# text: grouped by table, summary line last, exit 1 (3 errors)
"$BK_BIN" validate "$T/seed.json" > "$T/out.txt" 2> "$T/err.txt"
check "validate seed exit" 1 $?
check "summary line last" "$T/seed.json: 3 errors, 32 rounding, 0 warnings" "$(tail -n 1 "$T/out.txt" | sed 's/ (.*//')"
grep -q '^2024年预算支出总表 (budget.expense)$' "$T/out.txt"; check "table heading" 0 $?
grep -q '^  error    V41 .*下降2.9%' "$T/out.txt"; check "V41 quotes the sentence" 0 $?
grep -q '^  error    V39 .*共计金额748.00万元' "$T/out.txt"; check "V39 quotes the sentence" 0 $?
grep -q '^  rounding V8   208 社会保障和就业支出 \[total\]' "$T/out.txt"; check "V8 row located" 0 $?

# json: the schema's fields, the counts
"$BK_BIN" validate "$T/seed.json" --format json > "$T/out.json"
check "validate --format json exit" 1 $?
"$PY" - "$T/out.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
f, s = d["findings"], d["summary"]
assert len(f) == 35, len(f)
for x in f:
    for k in ("rule", "severity", "table_title", "row", "column", "expected", "actual", "difference", "message", "position"):
        assert k in x, k
assert s["errors"] == 3 and s["rounding"] == 32 and s["warnings"] == 0, s
assert s["failed"] is True and s["strict"] is False
v41 = [x for x in f if x["rule"] == "V41"][0]
assert (v41["actual"], v41["expected"], v41["difference"]) == ("2.9", "2.8", "0.1"), v41
v39 = [x for x in f if x["rule"] == "V39"]
assert len(v39) == 2 and all((x["actual"], x["expected"], x["difference"]) == ("748.00", "747.77", "0.23") for x in v39)
v23 = [x for x in f if x["rule"] == "V23"]
assert {x["column"] for x in v23} == {"total", "public_use"}
assert all(x["position"]["line"] > 0 for x in f if x["table_kind"] != "narrative")
assert any(c["row"] == "公务用车运行维护费" for c in v23[0]["cells"])
assert {k["missing"] for k in s["skipped"]} >= {"final.summary"}
print("json ok")
PYEOF
check "json schema and counts" 0 $?

# positions in JSON and CSV as the reader saw them: a text line, a workbook sheet and cell, a PDF page and box
SH=$BK_SOURCE_DIR/../shared
pos_check() { # pos_check FILE PY-ASSERTIONS (f: JSON findings, c: CSV rows as str, via pandas)
    "$BK_BIN" validate --format json "$1" > "$T/pos.json" 2> /dev/null
    "$BK_BIN" validate --format csv "$1" > "$T/pos.csv" 2> /dev/null
    "$PY" - "$T/pos.json" "$T/pos.csv" "$2" <<'PYEOF'
import json, sys, pandas
f = json.load(open(sys.argv[1], encoding="utf-8"))["findings"]
c = pandas.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
assert list(c.columns)[:13] == "document rule severity table_kind table_title row row_code column expected actual difference message line".split()
assert list(c.columns)[13:] == "source page box sheet cell other_document other_source other_page other_box other_sheet other_cell other_line".split()
assert len(c) == len(f)
exec(sys.argv[3])
PYEOF
}
if [ -e "$BK_SEED" ]; then
    pos_check "$BK_SEED" '
v41 = [x for x in f if x["rule"] == "V41"][0]
assert v41["pos"] == {"source": "text", "line": 602, "column": 1}, v41["pos"]
assert sorted(x["pos"]["line"] for x in f if x["rule"] == "V39") == [616, 616]
r = c[c.rule == "V41"].iloc[0]
assert (r.line, r.source, r.page, r.box, r.sheet, r.cell) == ("602", "text", "", "", "", ""), r'
    check "seed text: JSON pos and CSV columns carry the line" 0 $?
fi
if [ -e "$SH/realdocs/shpt_shgzb_2024_final/document.xlsx" ]; then
    pos_check "$SH/realdocs/shpt_shgzb_2024_final/document.xlsx" '
d7 = [x["pos"] for x in f if x["rule"] == "D7" and x["row"] == "合计"]
assert d7 == [{"source": "workbook", "sheet": "一般公共预算财政拨款支出决算表", "cell": "D22", "row": 22, "column": 4}], d7
r = c[(c.rule == "D7") & (c.row == "合计")].iloc[0]
assert (r.source, r.sheet, r.cell, r.line, r.page, r.box) == ("workbook", "一般公共预算财政拨款支出决算表", "D22", "22", "", ""), r'
    check "workbook: JSON pos and CSV columns carry the sheet and cell" 0 $?
fi
if "$BK_BIN" formats 2> /dev/null | grep -q '^ *pdf\b' && [ -e "$SH/realdocs/pdfs" ]; then
    pos_check "$SH/realdocs/pdfs/上海市普陀区司法局2026年单位预算.pdf" '
v10 = [x for x in f if x["rule"] == "V10" and x["row"] == "2040601 行政运行"]
assert [x["pos"] for x in v10] == [{"source": "pdf", "page": 11, "box": [438.48, 263.94, 535.23, 287.94]},
                                  {"source": "pdf", "page": 14, "box": [433.23, 247.38, 553.23, 271.38]}], v10
assert all(x["position"] is None for x in v10)
r = c[(c.rule == "V10") & (c.row == "2040601 行政运行")].iloc[0]
assert (r.source, r.page, r.box, r.line, r.sheet) == ("pdf", "11", "438.48 263.94 535.23 287.94", "", ""), r
assert all(x["pos"] and x["pos"]["source"] == "pdf" and len(x["pos"]["box"]) == 4 for x in f)'
    check "pdf: JSON pos and CSV columns carry the page and box" 0 $?
else
    echo "note: pdf plugin not built: PDF positions not checked"
fi

# without the text checks only rounding remains: exit 0, --strict: 1
"$BK_BIN" validate "$T/seed.json" --no-narrative -q > /dev/null
check "rounding only: exit 0" 0 $?
"$BK_BIN" validate "$T/seed.json" --no-narrative --strict > /dev/null
check "--strict counts rounding" 1 $?
"$BK_BIN" validate "$T/seed.json" --no-narrative --tolerance-wan=0 --tolerance-per-figure=0 > "$T/zero.txt"
check "zero tolerance: exit 1" 1 $?
check "zero tolerance: all errors (+4: the V11 mirror on 收入总表)" "$T/seed.json: 36 errors, 0 rounding, 0 warnings" "$(tail -n 1 "$T/zero.txt" | sed 's/ (.*//')"
"$BK_BIN" validate "$T/seed.json" --tolerance-wan=1 --tolerance-per-figure 0 > "$T/wide.txt"
check "wide tolerance: V39 (0.23) within it is no finding, V41 stays" "$T/seed.json: 1 error, 32 rounding, 0 warnings" \
    "$(tail -n 1 "$T/wide.txt" | sed 's/ (.*//')"

# the same seed in every input format the plugins read: the same findings
for input in "$BK_SOURCE_DIR/samples/seed.json" "$BK_SOURCE_DIR/samples/seed-report.csv" \
             "$BK_SOURCE_DIR/samples/seed-long.csv" "$BK_SEED"; do
    [ -e "$input" ] || continue
    "$BK_BIN" validate "$input" > "$T/any.txt" 2>&1
    rc=$?
    if grep -q 'no plugin\|unknown format' "$T/any.txt"; then echo "skip: no reader for $input"; continue; fi
    check "validate $(basename "$input") exit" 1 $rc
    check "validate $(basename "$input") counts" "$input: 3 errors, 32 rounding, 0 warnings" "$(tail -n 1 "$T/any.txt" | sed 's/ (.*//')"
done

# the first partial sample: rounding only, the rest skipped
"$BK_BIN" validate "$BK_SOURCE_DIR/samples/seed-first-tables.json" > "$T/first.txt"
check "first tables: exit 0" 0 $?
grep -q '^skipped, tables absent: .*项目支出预算表（本年预算） (budget.projects): V27' "$T/first.txt"; check "absent tables are said" 0 $?

# usage and input errors
"$BK_BIN" validate "$T/missing.json" 2> /dev/null
check "unreadable input: exit 3" 3 $?
echo '{"format": "budgetkit", "document": [' > "$T/bad.json"
"$BK_BIN" validate "$T/bad.json" 2> /dev/null
check "malformed input: exit 3" 3 $?
"$BK_BIN" validate "$T/seed.json" --format xml 2> /dev/null
check "bad --format: exit 2" 2 $?
"$BK_BIN" validate "$T/seed.json" --tolerance-yuan=-1 2> /dev/null
check "bad tolerance: exit 2" 2 $?
"$BK_BIN" validate 2> /dev/null
check "no input: exit 2" 2 $?

# convert --validate refuses to write a document with errors, unless --force
"$BK_BIN" convert "$T/seed.json" "$T/copy.json" --validate > /dev/null 2> "$T/conv.txt"
check "convert --validate with errors: exit 1" 1 $?
check "convert --validate: nothing written" no "$( [ -e "$T/copy.json" ] && echo yes || echo no)"
grep -q 'not written' "$T/conv.txt"; check "convert says why" 0 $?
"$BK_BIN" convert "$T/seed.json" "$T/copy.json" --validate --force > /dev/null 2>&1
check "convert --validate --force: exit 0" 0 $?
check "convert --force wrote" yes "$( [ -s "$T/copy.json" ] && echo yes || echo no)"
"$BK_BIN" validate "$T/copy.json" > "$T/copy.txt"
check "the copy validates the same" "$(tail -n 1 "$T/out.txt" | sed "s|$T/seed.json||")" "$(tail -n 1 "$T/copy.txt" | sed "s|$T/copy.json||")"
"$BK_BIN" convert "$BK_SOURCE_DIR/samples/seed-first-tables.json" "$T/first.json" --validate -q > /dev/null 2>&1
check "convert --validate, rounding only: written" 0 $?
exit $fail
