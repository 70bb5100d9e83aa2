#!/bin/bash
# SPDX-License-Identifier: MIT
# compile names: codes the ledger does not name get the shipped codebook's names
# (definitions/codebook.tsv: every code of the real documents and the seed); a code
# nobody names is warned about once, not once per table; -o codebook= wins over both.
set -u
B=${BK_BIN:?}
PY=${BK_PYTHON:-/usr/bin/python3}
$B formats | grep -q '^csv ' && $B formats | grep -q '^json ' || { echo "csv/json plugins not built: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# a ledger with codes only: 20811 (a well-known 款), 2013901 and 31022 (printed only by the
# realdocs disclosures), 2089901 (named by nobody)
cat >"$T/ledger.csv" <<'CSV'
功能分类科目编码,部门经济分类编码,资金性质,支出类型,金额
2081101,30101,一般公共预算,基本支出,10000
2013901,31022,一般公共预算,基本支出,20000
2089901,30201,一般公共预算,基本支出,30000
CSV
$B compile "$T/ledger.csv" "$T/out.json" 2>"$T/err"; rc=$?
[ $rc -eq 0 ] || { bad "compile exited $rc"; cat "$T/err"; }
"$PY" - "$T/out.json" <<'PY' || bad "names"
import json, sys
d = json.load(open(sys.argv[1]))["document"]
names = {}
for t in d["tables"]:
    for p in t["panels"]:
        for r in p["rows"]:
            if r.get("code"):
                # the 收支总表 prints 类 with their ordinal (八、社会保障和就业支出)
                n = r.get("name")
                names.setdefault(r["code"], set()).add(n.split("、", 1)[-1] if n else n)
want = {"20811": "残疾人事业", "2013901": "行政运行", "20139": "社会工作事务", "31022": "无形资产购置",
        "208": "社会保障和就业支出"}
ok = True
for code, name in want.items():
    if names.get(code) != {name}:
        print(f"{code}: {names.get(code)}, expected {name}")
        ok = False
if names.get("2089901") not in ({None}, None):
    print("2089901 should stay nameless:", names.get("2089901"))
    ok = False
sys.exit(0 if ok else 1)
PY
n=$(grep -c 'no name for code 2089901' "$T/err")
[ "$n" = 1 ] || bad "the warning for 2089901 came $n times, expected once"
grep -q 'no name for code 20811\b' "$T/err" && bad "20811 is in the shipped codebook but was warned about"

# the user's codebook (TSV here) beats the shipped names; others still fall back to them
printf '# a local list\ncode\tname\n2081101\t残疾人事业行政运行\t本地\n2089901\t其他残疾人支出\n' >"$T/book.tsv"
$B compile "$T/ledger.csv" "$T/out2.json" -o codebook="$T/book.tsv" 2>"$T/err2" || bad "compile with codebook"
grep -q 'no name for code' "$T/err2" && bad "a warning although the user codebook names every code"
grep -q '"残疾人事业行政运行"' "$T/out2.json" || bad "the user's name for 2081101 is not used"
grep -q '"残疾人事业"' "$T/out2.json" || bad "the shipped name for 20811 is gone with a user codebook"

# the shipped codebook is data beside the program, and what the script makes of the documents
[ -r "$BK_BUILD_DIR/bin/definitions/codebook.tsv" ] || bad "bin/definitions/codebook.tsv not in the build tree"
SHARED=$(dirname "$(dirname "$BK_SEED")")
if [ -d "$SHARED/realdocs" ]; then
    "$PY" "$BK_SOURCE_DIR/definitions/make_codebook.py" "$SHARED" >"$T/made.tsv" 2>/dev/null || bad "make_codebook.py failed"
    cmp -s "$T/made.tsv" "$BK_SOURCE_DIR/definitions/codebook.tsv" || bad "definitions/codebook.tsv is stale: run definitions/make_codebook.py"
    # every code the realdocs figures print is in it
    "$PY" - "$SHARED" "$BK_SOURCE_DIR/definitions/codebook.tsv" <<'PY' || bad "a realdocs code is missing"
import glob, sys
have = {l.split("\t")[0] for l in open(sys.argv[2], encoding="utf-8")}
miss = set()
for f in glob.glob(sys.argv[1] + "/realdocs/*/figures.tsv"):
    for l in list(open(f, encoding="utf-8-sig"))[1:]:
        c = l.split("\t")[3].strip()
        if c and c not in have:
            miss.add(c)
print("missing:", sorted(miss)) if miss else None
sys.exit(1 if miss else 0)
PY
fi
[ $fail = 0 ] && echo ok
exit $fail
