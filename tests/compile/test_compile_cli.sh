#!/bin/bash
# SPDX-License-Identifier: MIT
# budgetkit compile through the CLI: the seed ledger (CSV) to JSON, --split-by
# with one bad unit (exit 1, the others written), and the usage/input errors.
set -u
B=${BK_BIN:?}
PY=${BK_PYTHON:-/usr/bin/python3}
$B formats | grep -q '^csv ' && $B formats | grep -q '^json ' || { echo "csv/json plugins not built: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

$B compile --overwrite --help | grep -q -- '--split-by department|unit' || bad "--help does not describe --split-by"

# the seed ledger, in 元, compiles to the seed's 收入总表 合计 row (万元)
$B compile --overwrite seed_ledger.csv "$T/seed.json" -q; rc=$?
[ $rc -eq 0 ] || bad "compile seed_ledger.csv exited $rc"
$PY - "$T/seed.json" <<'PY' || bad "seed.json does not hold the seed's figures"
import json, sys
d = json.load(open(sys.argv[1]))["document"]
kinds = [t["kind"] for t in d["tables"]]
assert kinds[:5] == ["budget.summary", "budget.income", "budget.expense", "budget.fiscal_summary",
                     "budget.general_public_expense"], kinds
assert "budget.basic_economic" not in kinds  # no 经济分类 in this ledger
inc = next(t for t in d["tables"] if t["kind"] == "budget.income")
rows = inc["panels"][0]["rows"]
assert rows[0]["name"] == "合计", rows[0]
got = [None if c is None else "%.2f" % c for c in rows[0]["cells"]]
assert got == ["7762.27", "4000.70", "521.56", None, None, "3240.00", "498.73"], got
codes = [r.get("code") for r in rows[1:]]
assert codes == sorted(codes) and "2081001" in codes and len(codes) == 42, codes
PY

# the same ledger as XLSX (amounts as numbers) and as JSON records gives the same document
if $PY -c "import xlsxwriter" 2>/dev/null && $B formats | grep -q '^xlsx .*records'; then
    $PY - seed_ledger.csv "$T/ledger.xlsx" "$T/ledger.json" <<'PY' || bad "could not write the XLSX/JSON ledgers"
import csv, json, sys, xlsxwriter
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
wb = xlsxwriter.Workbook(sys.argv[2])
ws = wb.add_worksheet("预算明细")
for r, row in enumerate(rows):
    for c, v in enumerate(row):
        if r and c == len(row) - 1:
            ws.write_number(r, c, int(v))
        else:
            ws.write_string(r, c, v)
wb.close()
json.dump([dict(zip(rows[0], r[:-1] + [int(r[-1])])) for r in rows[1:]], open(sys.argv[3], "w", encoding="utf-8"),
          ensure_ascii=False)
PY
    $B compile --overwrite "$T/ledger.xlsx" "$T/from-xlsx.json" -q || bad "compile from XLSX failed"
    cmp -s "$T/seed.json" "$T/from-xlsx.json" || bad "the XLSX ledger compiles differently from the CSV one"
    $B compile --overwrite "$T/ledger.json" "$T/from-json.json" -q || bad "compile from JSON records failed"
    cmp -s "$T/seed.json" "$T/from-json.json" || bad "the JSON ledger compiles differently from the CSV one"
fi

# `budgetkit validate` accepts what compile writes: rounding findings at most
if $B validate --help > /dev/null 2>&1; then
    $B validate "$T/seed.json" > "$T/v.txt"; rc=$?
    [ $rc -eq 0 ] || { tail -5 "$T/v.txt"; bad "validate seed.json exited $rc"; }
    grep -q "seed.json: 0 errors, [0-9]* rounding, 0 warnings" "$T/v.txt" || { tail -2 "$T/v.txt"; bad "validate summary of seed.json"; }
    $B compile --overwrite rich_ledger.csv "$T/rich" --split-by department --to json -q || bad "compile rich_ledger.csv failed"
    for f in "$T"/rich/*.json; do
        $B validate "$f" > "$T/v.txt"; rc=$?
        [ $rc -eq 0 ] && grep -q ": 0 errors, [0-9]* rounding, 0 warnings" "$T/v.txt" || { tail -2 "$T/v.txt"; bad "validate $f"; }
    done
    [ "$(ls "$T/rich" | wc -l)" -eq 3 ] || bad "rich_ledger.csv: expected 3 departments"
fi

# XLSX, the main target: written, read back by the xlsx reader and recognizer, and valid
if $B formats | grep -q '^xlsx .*write' && $B validate --help > /dev/null 2>&1; then
    $B compile --overwrite seed_ledger.csv "$T/seed.xlsx" -q; rc=$?
    [ $rc -eq 0 ] || bad "compile to XLSX exited $rc"
    $B validate "$T/seed.xlsx" > "$T/v.txt" 2>/dev/null; rc=$?
    [ $rc -eq 0 ] && grep -q "seed.xlsx: 0 errors, [0-9]* rounding, 0 warnings" "$T/v.txt" || { tail -2 "$T/v.txt"; bad "validate seed.xlsx (exit $rc)"; }
    $B compile --overwrite rich_ledger.csv "$T/richx" --split-by department -j 2 -q || bad "compile rich_ledger.csv to XLSX failed"
    [ "$(ls "$T"/richx/*.xlsx | wc -l)" -eq 3 ] || bad "--split-by without --to: expected 3 .xlsx files"
fi

# --split-by unit with one bad line: that unit fails, the six others are written, exit 1
cp seed_ledger.csv "$T/bad.csv"
echo "2024,305007,坏单位,事业单位,2080201,行政运行,基本支出,一般公共预算,当年预算,,12x3" >> "$T/bad.csv"
$B compile --overwrite "$T/bad.csv" "$T/out" --split-by unit -j 3 --to json -q 2> "$T/err"; rc=$?
[ $rc -eq 1 ] || bad "split with a bad unit exited $rc, expected 1"
grep -q "bad.csv:70:11: error: amount: '12x3' is not an amount" "$T/err" || { cat "$T/err"; bad "error does not name line 70 column 11"; }
n=$(ls "$T/out" | wc -l)
[ "$n" -eq 6 ] || bad "expected 6 outputs, got $n"
[ -f "$T/out/305001-忻州市民政局.json" ] || bad "output not named CODE-NAME.json"
[ ! -e "$T/out/305007-坏单位.json" ] || bad "the failed unit left an output"

# -j 1 and -j 4 write the same files
$B compile --overwrite seed_ledger.csv "$T/j1" --split-by unit -j 1 --to json -q && $B compile seed_ledger.csv "$T/j4" --split-by unit -j 4 --to json -q || bad "split failed"
diff -r "$T/j1" "$T/j4" > /dev/null || bad "-j 1 and -j 4 differ"

# reading on two threads (-j 2) gives the same document as on one
$B compile --overwrite seed_ledger.csv "$T/one.json" -j 1 -q && $B compile seed_ledger.csv "$T/two.json" -j 2 -q || bad "compile -j failed"
cmp -s "$T/one.json" "$T/two.json" || bad "-j 1 and -j 2 documents differ"
$B compile --overwrite "$T/bad.csv" "$T/two.json" -j 2 2> "$T/err"; rc=$?
[ $rc -eq 3 ] && grep -q "bad.csv:70:11: error" "$T/err" || bad "-j 2: bad line not reported (exit $rc)"
# standard input is streamed to the csv reader (no copy in TMPDIR), with the input limit applied
# (looked at while the writer still holds the pipe open: a copy would be in TMPDIR by then)
mkdir "$T/tmpdir"
mkfifo "$T/fifo"
TMPDIR="$T/tmpdir" $B compile --overwrite - "$T/stdin.json" -j 1 -q < "$T/fifo" &
pid=$!
exec 4> "$T/fifo"
cat seed_ledger.csv >&4
sleep 0.5
spooled=$(ls -A "$T/tmpdir")
exec 4>&-
wait $pid || bad "compile from stdin failed"
[ -z "$spooled" ] || bad "stdin was copied to TMPDIR: $spooled"
cmp -s "$T/one.json" "$T/stdin.json" || bad "compile from stdin differs from compile of the file"
$B compile --overwrite - "$T/stdin2.json" -q -i limit.input_bytes=5000 < seed_ledger.csv 2> "$T/err"; rc=$?
[ $rc -eq 3 ] && grep -q "larger than limit.input_bytes=5000" "$T/err" || bad "stdin over limit.input_bytes: exit $rc, $(cat "$T/err")"

# a ledger over 576 KiB is read in parts with -j 4: the same documents, and a bad line deep in
# it reported with its own line number (the parts fall back to one thread for the error)
{ head -1 rich_ledger.csv; for i in 1 2 3 4; do tail -n +2 rich_ledger.csv; done; } > "$T/big.csv"
$B compile --overwrite "$T/big.csv" "$T/big1" --split-by department -j 1 --to json -q &&
    $B compile --overwrite "$T/big.csv" "$T/big4" --split-by department -j 4 --to json -q || bad "compile big.csv failed"
diff -r "$T/big1" "$T/big4" > /dev/null || bad "big.csv: -j 1 and -j 4 differ"
[ "$(ls "$T/big4" | wc -l)" -ge 3 ] || bad "big.csv: too few departments"
lines=$(wc -l < "$T/big.csv")
awk -v n=$((lines - 100)) -F, 'NR == n { $NF = "1.2.3" } { print }' OFS=, "$T/big.csv" > "$T/bigbad.csv"
$B compile --overwrite "$T/bigbad.csv" "$T/bb" --split-by department -j 1 --to json 2> "$T/err1"; rc1=$?
rm -rf "$T/bb"
$B compile --overwrite "$T/bigbad.csv" "$T/bb" --split-by department -j 4 --to json 2> "$T/err4"; rc4=$?
[ $rc1 -eq 1 ] && [ $rc4 -eq 1 ] || bad "bigbad.csv: exit $rc1 / $rc4, expected 1 (one department fails)"
grep -q "bigbad.csv:$((lines - 100)):" "$T/err4" || bad "bigbad.csv -j 4: the bad line's number is not reported"
diff "$T/err1" "$T/err4" > /dev/null || bad "bigbad.csv: -j 1 and -j 4 report differently"
printf '科目,钱\n2080201,1\n' > "$T/nohead2.csv"
$B compile --overwrite "$T/nohead2.csv" "$T/x.json" -j 2 2> "$T/err"; rc=$?
[ $rc -eq 3 ] && grep -q "no amount column" "$T/err" || bad "-j 2: header error not reported (exit $rc)"

# -o unit=元, -o year=, -o codebook=: tables in 元, the year in the titles, the user's names first
printf 'code,name\n2080201,民政行政运行（本地）\n' > "$T/book.csv"
$B compile --overwrite seed_ledger.csv "$T/yuan.json" -o unit=元 -o year=2025 -o codebook="$T/book.csv" -q || bad "compile with -o unit/year/codebook failed"
$PY - "$T/yuan.json" seed_ledger.csv <<'PY' || bad "-o unit=元 / year / codebook not applied"
import csv, json, sys
d = json.load(open(sys.argv[1]))["document"]
this_year = sum(int(r["金额"]) for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")) if r["指标来源"] != "上年结转")
assert d["fiscal_year"] == 2025, d["fiscal_year"]
inc = next(t for t in d["tables"] if t["kind"] == "budget.income")
assert inc["unit_label"] == "元" and inc["title"] == "2025年预算收入总表", (inc["unit_label"], inc["title"])
rows = {r.get("code"): r for r in inc["panels"][0]["rows"]}
assert rows[None]["cells"][0] == this_year, (rows[None]["cells"], this_year)  # the exact sum, in 元
assert rows["2080201"]["name"] == "民政行政运行（本地）", rows["2080201"]["name"]
assert rows["20802"]["name"] == "民政管理事务", rows["20802"]["name"]
PY
printf 'code,name\n20802x,坏\n' > "$T/badbook.csv"
$B compile --overwrite seed_ledger.csv "$T/x.json" -o codebook="$T/badbook.csv" 2> "$T/err"; rc=$?
[ $rc -eq 3 ] && grep -q "badbook.csv:2" "$T/err" || { cat "$T/err"; bad "bad codebook: exit $rc, error not located"; }

# usage and input errors
$B compile --overwrite seed_ledger.csv "$T/x.json" -o unit=千元 2>/dev/null; rc=$?
[ $rc -eq 2 ] || bad "bad -o unit exited $rc, expected 2"
$B compile --overwrite "$T/missing.csv" "$T/x.json" 2>/dev/null; rc=$?
[ $rc -eq 3 ] || bad "missing ledger exited $rc, expected 3"
printf '科目,钱\n2080201,1\n' > "$T/nohead.csv"
$B compile --overwrite "$T/nohead.csv" "$T/x.json" 2> "$T/err"; rc=$?
[ $rc -eq 3 ] || bad "ledger without an amount column exited $rc, expected 3"
grep -q "nohead.csv:1: error: ledger header: no amount column" "$T/err" || { cat "$T/err"; bad "header error not located"; }
$B compile --overwrite "$T/nohead.csv" "$T/x.json" -o map=钱:amount,科目:func_code -q; rc=$?
[ $rc -eq 0 ] || bad "-o map did not rescue the header (exit $rc)"
[ ! -e "$T/x.json.tmp" ] || bad "temporary file left"
touch "$T/file"
$B compile --overwrite seed_ledger.csv "$T/file" --split-by unit --to json 2>/dev/null; rc=$?
[ $rc -eq 4 ] || bad "--split-by onto a file exited $rc, expected 4"

[ $fail -eq 0 ] && echo "test_compile_cli: passed"
exit $fail
