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
