#!/bin/bash
# SPDX-License-Identifier: MIT
# Checks across documents (core/crossdoc.c, rules X0-X3 of the definitions' "crossdoc"):
#  - the real 2026 司法局 部门 and 单位 budgets (fixtures: converted once from the PDFs with the pdf
#    plugin and checked against the page images; the PDFs themselves too when the plugin is built);
#  - a mutated 单位 figure is an error naming both documents;
#  - seed-derived pairs where the mutation is the only difference: a 部门 with exactly one 单位
#    (X1 equal), last year's document (X2), that year's 预算 of a 决算 (X3); an ambiguous match (X0).
set -u
fail=0
B="$BK_BIN"
PY=/usr/bin/python3
bad() { echo "FAIL: $*"; fail=1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
F=fixtures
DEPT=$F/sifaju-2026-department.json
UNIT=$F/sifaju-2026-unit.json
R=../../../shared/realdocs
SEED=../../samples/seed.json

# crossdoc findings of a run as "RULE SEVERITY DOC OTHER TABLE_KIND ROW COLUMN" lines
xd() { $B validate -q --format json "$@" | $PY -c '
import json, sys
for f in json.load(sys.stdin)["crossdoc"]:
    print(f["rule"], f["severity"], f["document"], f["other_document"], f["table_kind"], f["row"], f["column"], "|", f["message"])'; }

# 1. the real pair: exactly the published 单位 defect (行政运行 项目支出 64,840,547.00 where the 部门
#    prints 0.00; the 单位's own V10 reports the same rows), nothing else
real_pair() {
    local d=$1 u=$2 out
    out=$(xd "$d" "$u")
    want="X1 error $d $u budget.expense 2040601 行政运行 project
X1 error $d $u budget.general_public_expense 2040601 行政运行 project"
    [ "$(echo "$out" | cut -d'|' -f1 | sed 's/ *$//')" = "$want" ] || bad "real pair $d $u: crossdoc findings
$out"
    echo "$out" | grep -q "64840547.00" || bad "real pair: the message does not quote the 单位 figure"
    $B validate -q --format json "$u" | $PY -c '
import json, sys
rows = {(f["rule"], f["row"]) for f in json.load(sys.stdin)["findings"]}
sys.exit(0 if ("V10", "2040601 行政运行") in rows else 1)' || bad "the 单位 alone does not report its V10 on 2040601"
}
real_pair $DEPT $UNIT

# text: the per-document blocks, then the block across documents, then the summary table
$B validate $DEPT $UNIT > "$T/out.txt"; rc=$?
[ $rc -eq 1 ] || bad "real pair exited $rc"
blk=$(grep -n "^== across documents$" "$T/out.txt" | cut -d: -f1)
tab=$(grep -n "^document  *kind" "$T/out.txt" | cut -d: -f1)
last=$(grep -n "^== $UNIT$" "$T/out.txt" | cut -d: -f1)
[ -n "$blk" ] && [ -n "$tab" ] && [ -n "$last" ] && [ "$last" -lt "$blk" ] && [ "$blk" -lt "$tab" ] ||
    bad "order of the blocks (unit block $last, across $blk, table $tab)"
grep -q "^across documents: 2 errors, 0 rounding, 0 warnings (1 matched, " "$T/out.txt" || bad "across summary: $(grep '^across' "$T/out.txt")"
grep -q "^  error    X1   2026年部门支出预算总表 (budget.expense) \[支出预算/项目支出\] ($DEPT page 12; $UNIT page 11): " "$T/out.txt" ||
    bad "text line of the X1 error"
# csv: the crossdoc findings are rows too, after the documents' rows
$B validate --format csv $DEPT $UNIT > "$T/out.csv"
[ "$(grep -c "^$DEPT,X1,error,budget.expense,2026年部门支出预算总表,2040601 行政运行,,project,64840547.00,0.00,-64840547.00," "$T/out.csv")" = 1 ] ||
    bad "csv: no X1 row for the 部门"
[ "$(tail -1 "$T/out.csv" | cut -d, -f2)" = X1 ] || bad "csv: the crossdoc rows are not last"
# the positions of both documents, as fields: JSON pos / other_pos, CSV's appended columns (pandas)
$B validate -q --format json $DEPT $UNIT > "$T/out.json"
$PY - "$T/out.json" "$T/out.csv" "$DEPT" "$UNIT" <<'PY' || bad "crossdoc positions in JSON / CSV"
import json, sys, pandas
x = json.load(open(sys.argv[1], encoding="utf-8"))["crossdoc"]
dept, unit = sys.argv[3], sys.argv[4]
got = [(f["document"], f["other_document"], f["table_kind"], f["pos"], f["other_pos"]) for f in x]
assert got == [(dept, unit, "budget.expense", {"source": "pdf", "page": 12}, {"source": "pdf", "page": 11}),
               (dept, unit, "budget.general_public_expense", {"source": "pdf", "page": 15}, {"source": "pdf", "page": 14})], got
c = pandas.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
r = c[c.rule == "X1"]
assert list(zip(r.document, r.source, r.page, r.other_document, r.other_source, r.other_page)) == [
    (dept, "pdf", "12", unit, "pdf", "11"), (dept, "pdf", "15", unit, "pdf", "14")], r
# a document's own finding carries no other document
d = c[c.rule != "X1"]
assert (d.other_document == "").all() and (d.other_page == "").all()
PY
# --no-crossdoc: no such block, no crossdoc key
$B validate -q --no-crossdoc $DEPT $UNIT | grep -q "across documents" && bad "--no-crossdoc still checks"
$B validate -q --no-crossdoc --format json $DEPT $UNIT | $PY -c 'import json,sys; sys.exit("crossdoc" in json.load(sys.stdin))' ||
    bad "--no-crossdoc: json has a crossdoc array"

# 2. a mutated 单位 figure: 公共法律服务 1,160,000.00 → 7,160,000.00, above the 部门's 6,860,000.00
$PY - "$UNIT" "$T/unit-mut.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for t in d["document"]["tables"]:
    if t["kind"] == "budget.income":
        for r in t["panels"][0]["rows"]:
            if r.get("code") == "2040607":
                assert r["cells"][0] == 1160000.00
                r["cells"][0] = 7160000.00
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
out=$(xd $DEPT "$T/unit-mut.json")
line=$(echo "$out" | grep "^X1 error $DEPT $T/unit-mut.json budget.income 2040607 公共法律服务 total ")
[ -n "$line" ] || bad "mutated 单位 figure not reported:
$out"
echo "$line" | grep -q "$DEPT: 2026年部门收入预算总表 2040607 公共法律服务 \[.*\] prints 6860000.00.*($T/unit-mut.json) alone: 7160000.00" ||
    bad "the message does not name both documents and the figure: $line"
[ "$(echo "$out" | wc -l)" -eq 3 ] || bad "mutation: expected the 2 real findings + 1, got
$out"

# the one unnamed row of the MoF 三公 table (万元): 10.71 → 11.81, above the 部门's 10.81
$PY - "$UNIT" "$T/unit-3g.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = next(t for t in d["document"]["tables"] if t["kind"] == "budget.three_public_columns")
p = t["panels"][0]
k = [c["key"] for c in p["columns"]].index("total")
assert len(p["rows"]) == 1 and p["rows"][0]["cells"][k] == 10.71
p["rows"][0]["cells"][k] = 11.81
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
out=$(xd $DEPT "$T/unit-3g.json")
echo "$out" | grep -q "^X1 error $DEPT $T/unit-3g.json budget.three_public_columns (its one row) total | .*prints 10.81.*alone: 11.81" ||
    bad "三公 mutation not reported: $out"

# a row the 单位 prints and the 部门 does not print at all (2040602 一般行政管理事务 added to the
# 单位's 支出预算总表): an X1 error on the row, at its largest column (合计, printed first of the equal
# 合计 and 项目支出), naming both documents; a row of zeros (2040603 机关服务) is no finding
$PY - "$UNIT" "$T/unit-row.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = next(t for t in d["document"]["tables"] if t["kind"] == "budget.expense")
rows = t["panels"][0]["rows"]
i = next(i for i, r in enumerate(rows) if r.get("code") == "2040601")
assert not any(r.get("code") in ("2040602", "2040603") for r in rows)
rows.insert(i + 1, {"code": "2040602", "name": "一般行政管理事务", "level": 3, "parent": 1, "cells": [500000.00, 0.00, 500000.00]})
rows.insert(i + 2, {"code": "2040603", "name": "机关服务", "level": 3, "parent": 1, "cells": [0.00, 0.00, 0.00]})
for r in rows[i + 3:]:
    if r.get("parent") is not None and r["parent"] > i: r["parent"] += 2
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
out=$(xd $DEPT "$T/unit-row.json")
line=$(echo "$out" | grep "^X1 error $DEPT $T/unit-row.json budget.expense 2040602 一般行政管理事务 total ")
[ -n "$line" ] || bad "a 单位 row the 部门 does not print: not reported:
$out"
echo "$line" | grep -q "| $DEPT: 2026年部门支出预算总表 2040602 一般行政管理事务: the 部门 prints no figure on this row, its 单位 documents here ($T/unit-row.json) print 500000.00 \[支出预算/合计\]" ||
    bad "the message of the missing row does not name both documents and the figure: $line"
[ "$(echo "$out" | wc -l)" -eq 3 ] || bad "missing row: expected the 2 real findings + 1, got
$out"
$B validate --format csv $DEPT "$T/unit-row.json" | grep -q "^$DEPT,X1,error,budget.expense,2026年部门支出预算总表,2040602 一般行政管理事务,,total,500000.00,0.00,-500000.00," ||
    bad "csv: no X1 row for the missing row"

# 3. the PDFs themselves, when the pdf plugin is built
if $B formats pdf > /dev/null 2>&1; then
    cp "$R/pdfs/上海市普陀区司法局2026年部门预算.pdf" "$T/dept.pdf"
    cp "$R/pdfs/上海市普陀区司法局2026年单位预算.pdf" "$T/unit.pdf"
    real_pair "$T/dept.pdf" "$T/unit.pdf"
    # the fixtures are what the reader gives
    $B convert -q "$T/dept.pdf" "$T/dept.json" && cmp -s "$T/dept.json" $DEPT || bad "the 部门 fixture differs from its PDF"
    $B convert -q "$T/unit.pdf" "$T/unit.json" && cmp -s "$T/unit.json" $UNIT || bad "the 单位 fixture differs from its PDF"
else
    echo "note: pdf plugin not built: the PDFs are not read (the fixtures are)"
fi

# 4. seed-derived: a 部门 listing exactly one 单位, and that 单位's document: equal figures
$PY - "$SEED" "$T" <<'PY'
import copy, json, sys
seed = json.load(open(sys.argv[1], encoding="utf-8"))
out = sys.argv[2]
def save(d, name):
    json.dump(d, open(f"{out}/{name}", "w", encoding="utf-8"), ensure_ascii=False)
def cell(d, kind, code, col, new=None):
    for t in d["document"]["tables"]:
        if t["kind"] != kind: continue
        p = t["panels"][0]
        k = [c["key"] for c in p["columns"]].index(col)
        for r in p["rows"]:
            if r.get("code") == code or r.get("key") == code:
                if new is not None: r["cells"][k] = new
                return r["cells"][k]
dept = copy.deepcopy(seed); dept["document"]["units"] = dept["document"]["units"][:1]; dept["document"]["disclosure"] = "department"
unit = copy.deepcopy(seed); unit["document"]["disclosure"] = "unit"
save(dept, "seed-dept.json"); save(unit, "seed-unit.json")
assert cell(unit, "budget.general_public_expense", "2080201", "total") == 244.27
cell(unit, "budget.general_public_expense", "2080201", "total", 244.28); save(unit, "seed-unit-r.json")
cell(unit, "budget.general_public_expense", "2080201", "total", 250.27); save(unit, "seed-unit-e.json")
# X2: last year's document, with the figure this year's text implies: 4,000.70 - 549.33 = 3,451.37
last = copy.deepcopy(seed); last["document"]["fiscal_year"] = 2023
assert cell(last, "budget.general_public_expense", "total", "total") == 4000.70
cell(last, "budget.general_public_expense", "total", "total", 3451.37); save(last, "seed-2023.json")
cell(last, "budget.general_public_expense", "total", "total", 3451.38); save(last, "seed-2023-r.json")
cell(last, "budget.general_public_expense", "total", "total", 3461.37); save(last, "seed-2023-e.json")
PY
$B convert -q "$R/shpt_shgzb_2024_final/document.txt" "$T/final-src.json" || bad "converting the 决算"
$PY - "$T/final-src.json" "$T" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
doc = d["document"]
doc["department_name"] = "忻州市民政局"   # the seed's department, the same year 2024
def save(v13, name):
    for t in doc["tables"]:
        if t["kind"] == "final.three_public":
            keys = [c["key"] for c in t["panels"][0]["columns"]]
            cells = [None] * len(keys)
            cells[keys.index("budget_total")] = v13          # the seed's 三公 合计 is 13.20
            cells[keys.index("actual_total")] = 12.00
            cells[keys.index("budget_vehicle_operation")] = 13.20
            t["panels"][0]["rows"] = [{"key": "total", "name": "合计", "role": "total", "level": 0, "cells": cells}]
    json.dump(d, open(f"{sys.argv[2]}/{name}", "w", encoding="utf-8"), ensure_ascii=False)
save(13.20, "final.json"); save(15.20, "final-e.json")
PY
out=$(xd "$T/seed-dept.json" "$T/seed-unit.json")
[ -z "$out" ] || bad "a 部门 and its one 单位 with the same figures: $out"
out=$(xd "$T/seed-dept.json" "$T/seed-unit-r.json")
[ "$(echo "$out" | cut -d'|' -f1 | sed 's/ *$//')" = "X1 rounding $T/seed-dept.json $T/seed-unit-r.json budget.general_public_expense 2080201 行政运行 total" ] ||
    bad "0.01 万元 off: not one rounding finding: $out"
out=$(xd "$T/seed-dept.json" "$T/seed-unit-e.json")
echo "$out" | grep -q "^X1 error $T/seed-dept.json $T/seed-unit-e.json budget.general_public_expense 2080201 行政运行 total | .*prints 244.27, its 单位 documents ($T/seed-unit-e.json) sum to 250.27" ||
    bad "one 单位, a figure 6 万元 off: $out"

# the 部门 lists its one 单位: a row only the 单位 prints is an error (equal figures are due), also 0.01 万元
$PY - "$T/seed-unit.json" "$T" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = next(t for t in d["document"]["tables"] if t["kind"] == "budget.general_public_expense")
p = t["panels"][0]
assert not any(r.get("code") == "2080202" for r in p["rows"])
cells = [None] * len(p["columns"])
cells[[c["key"] for c in p["columns"]].index("total")] = 0.01
p["rows"].append({"code": "2080202", "name": "一般行政管理事务", "level": 3, "parent": 1, "cells": cells})
json.dump(d, open(f"{sys.argv[2]}/seed-unit-row.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
out=$(xd "$T/seed-dept.json" "$T/seed-unit-row.json")
[ "$(echo "$out" | cut -d'|' -f1 | sed 's/ *$//')" = "X1 rounding $T/seed-dept.json $T/seed-unit-row.json budget.general_public_expense 2080202 一般行政管理事务 total" ] ||
    bad "one 单位, a row of 0.01 万元 the 部门 does not print: not one rounding finding: $out"
echo "$out" | grep -q "its 单位 documents ($T/seed-unit-row.json) print 0.01 " || bad "complete: message $out"

# X2: this year's 比上年增加549.33万元 against last year's document
out=$(xd "$SEED" "$T/seed-2023.json")
[ -z "$out" ] || bad "last year's figure as the text implies: $out"
out=$(xd "$SEED" "$T/seed-2023-r.json")
echo "$out" | grep -q "^X2 rounding $SEED $T/seed-2023-r.json narrative 一般公共预算当年支出 None" || bad "X2 0.01 off: $out"
out=$(xd "$SEED" "$T/seed-2023-e.json")
echo "$out" | grep -q "^X2 error $SEED $T/seed-2023-e.json narrative 一般公共预算当年支出 None | $SEED: .*implies last year's 一般公共预算当年支出 was 3451.37万元, $T/seed-2023-e.json (2023) prints 3461.37" ||
    bad "X2 mutated: $out"

# X3: the 决算's 预算数 against that year's 预算
out=$(xd "$T/final.json" "$SEED")
[ -z "$out" ] || bad "决算 预算数 = 预算: $out"
out=$(xd "$T/final-e.json" "$SEED")
echo "$out" | grep -q "^X3 error $T/final-e.json $SEED final.three_public final.three_public/main\[total\].budget_total None | .*prints 15.2 .*$SEED prints 13.20" ||
    bad "X3 mutated: $out"
# the real 决算 prints no 三公 row: nothing to compare, no finding
out=$(xd "$T/final-src.json" "$R/shpt_bgo_2025_budget/document.txt")
[ -z "$out" ] || bad "unrelated real documents: $out"

# X0: two 部门 documents of the same department and year: the 单位 is matched to neither
cp "$T/seed-dept.json" "$T/seed-dept2.json"
out=$(xd "$T/seed-dept.json" "$T/seed-dept2.json" "$T/seed-unit-e.json")
[ "$(echo "$out" | cut -d' ' -f1-3)" = "X0 warning $T/seed-unit-e.json" ] || bad "ambiguous 部门: $out"

[ $fail -eq 0 ] && echo "crossdoc: all checks passed"
exit $fail
