#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 17 item 7: a row whose amount cells are not numbers is kept, the cells as
# text, each named in a warning; never dropped. The seed's small fixed-item tables
# (机关运行经费, 三公) with text in the *first* data row: before, that row was taken
# for one more header row and vanished (its texts became column labels), exit 0.
# Every reader path: CSV, tab-separated text, XLSX (inline strings, booleans, errors,
# ISO dates, formula strings), canonical JSON; and compile's ledgers (CSV, JSON,
# XLSX), where a text amount is a located error, exit 3.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
seed=$here/../../samples/seed-report.csv
ledger=$here/../compile/seed_ledger.csv

# table TITLE FILE: the seed's table TITLE up to its blank line
table() { awk -v t="$1" '$0 == t {on = 1} on && /^$/ {exit} on' "$seed" >"$2"; }
table 2024年财政拨款安排机关运行经费预算表 "$scratch/ops.csv"
table 2024年财政拨款安排“三公”经费支出预算表 "$scratch/three.csv"
[ "$(sed -n 6p "$scratch/ops.csv")" = "部门合计,65.14,65.14,," ] || fail "the seed's 机关运行经费 table moved"
[ "$(sed -n 6p "$scratch/three.csv")" = "因公出国（境）费,,,," ] || fail "the seed's 三公 table moved"

# check FILE NAME T1 T2 ROWS: FILE reads, exit 0, with row NAME's first two cells the texts T1 T2,
# ROWS rows, no unmapped column, and one warning per text cell naming line 6
check() {
    local f=$1 name=$2 t1=$3 t2=$4 rows=$5 rc=0
    "$BK_BIN" convert "$f" "$scratch/out.json" --to json --overwrite 2>"$scratch/err" || rc=$?
    [ "$rc" -eq 0 ] || { cat "$scratch/err"; fail "$f: exit $rc"; }
    [ "$(grep -c ':6:[23]: warning: .* is not an amount .* kept as text' "$scratch/err")" -eq 2 ] ||
        { cat "$scratch/err"; fail "$f: not one warning per text cell at line 6"; }
    ! grep -q unmapped "$scratch/err" || { cat "$scratch/err"; fail "$f: the row became header text"; }
    "$BK_PYTHON" - "$scratch/out.json" "$name" "$t1" "$t2" "$rows" <<'PY' || fail "$f: the row is not kept as printed"
import json, sys
path, name, t1, t2, n = sys.argv[1:]
doc = json.load(open(path))
doc = doc.get("document", doc)
(t,) = doc["tables"]
rows = t["panels"][0]["rows"]
assert len(rows) == int(n), [r["name"] for r in rows]
(row,) = [r for r in rows if r["name"] == name]
assert row["cells"][:2] == [t1, t2], row
assert all(c["key"] in ("total", "general_public", "gov_fund", "state_capital") for c in t["panels"][0]["columns"])
PY
}

for text in 六十五 N/A TRUE '#REF!' 2024-01-01; do
    sed "6s|^部门合计,65.14,65.14|部门合计,$text,$text|" "$scratch/ops.csv" >"$scratch/ops-t.csv"
    check "$scratch/ops-t.csv" 部门合计 "$text" "$text" 2
    tr ',' '\t' <"$scratch/ops-t.csv" >"$scratch/ops-t.txt"
    check "$scratch/ops-t.txt" 部门合计 "$text" "$text" 2
    sed "6s|^因公出国（境）费,,|因公出国（境）费,$text,$text|" "$scratch/three.csv" >"$scratch/three-t.csv"
    check "$scratch/three-t.csv" 因公出国（境）费 "$text" "$text" 6
done
# every amount of the table is text: the table still has its two rows
sed "6s|^部门合计,65.14,65.14|部门合计,无,无|; 7s|65.14,65.14|x,y|" "$scratch/ops.csv" >"$scratch/ops-all.csv"
check "$scratch/ops-all.csv" 部门合计 无 无 2

sed "6s|^部门合计,65.14,65.14|部门合计,六十五,六十五|" "$scratch/ops.csv" >"$scratch/ops-x.csv"
for kind in inline:六十五 bool:TRUE error:'#REF!' isodate:2024-01-01 str:N/A; do
    "$BK_PYTHON" "$here/text_amount_xlsx.py" "$scratch/ops-x.csv" "$scratch/ops-${kind%%:*}.xlsx" "${kind%%:*}" || fail "xlsx"
    check "$scratch/ops-${kind%%:*}.xlsx" 部门合计 "${kind#*:}" "${kind#*:}" 2
done

# canonical JSON: a text cell in an amount column stays text
"$BK_BIN" convert "$scratch/ops-x.csv" "$scratch/ops.json" -q --overwrite || fail "csv → json"
"$BK_BIN" convert "$scratch/ops.json" "$scratch/back.json" --overwrite 2>/dev/null || fail "json → json"
cmp -s "$scratch/ops.json" "$scratch/back.json" || fail "JSON round trip changed the text cells"

# compile: a text amount in a ledger is an error naming the line and column, exit 3
awk -F, 'BEGIN {OFS = ","} NR == 3 {$11 = "N/A"} {print}' "$ledger" >"$scratch/l.csv"
"$BK_PYTHON" - "$scratch/l.csv" "$scratch/l.json" "$scratch/l.xlsx" <<'PY' || fail "ledger variants"
import csv, json, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
json.dump([dict(zip(rows[0], r)) for r in rows[1:]], open(sys.argv[2], "w"), ensure_ascii=False)
wb = openpyxl.Workbook()
for r in rows:
    wb.active.append([int(v) if v.isdigit() and i == 10 else v for i, v in enumerate(r)])
wb.save(sys.argv[3])
PY
for l in l.csv l.json l.xlsx; do
    rc=0
    "$BK_BIN" compile "$scratch/$l" "$scratch/c.json" --overwrite 2>"$scratch/err" || rc=$?
    [ "$rc" -eq 3 ] || { cat "$scratch/err"; fail "compile $l: exit $rc, expected 3"; }
    grep -q "^$scratch/$l:[0-9]*:[0-9]*: error: amount: 'N/A' is not an amount" "$scratch/err" ||
        { cat "$scratch/err"; fail "compile $l: no located error"; }
    [ ! -e "$scratch/c.json" ] || fail "compile $l wrote an output"
done
echo ok
