#!/bin/bash
# SPDX-License-Identifier: MIT
# Definitions as data files (docs/definitions.md): the shipped files are valid
# against schemas/definitions.schema.json and are exactly what bk_defs_dump
# writes of them; a made-up province family is read and validated with
# --definitions and no rebuild; later files override earlier ones; broken
# files are located errors with exit 3 (2 for a bad --definitions option).
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
here=$BK_SOURCE_DIR/tests/definitions
expect() { # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  out=$("$@" 2>&1); got=$?
  if [ "$got" -ne "$want" ]; then echo "FAIL: $what: exit $got, expected $want"; echo "$out"; fail=1; fi
}
contains() { if ! grep -qF -- "$2" <<<"$out"; then echo "FAIL: $1: missing '$2' in:"; echo "$out"; fail=1; fi; }
lacks() { if grep -qF -- "$2" <<<"$out"; then echo "FAIL: $1: unexpected '$2' in:"; echo "$out"; fail=1; fi; }

# --- the shipped files -------------------------------------------------------
# The build tree finds them with no environment variable.
expect 0 "seed info without BUDGETKIT_DEFINITIONS" -- env -u BUDGETKIT_DEFINITIONS "$BK_BIN" info "$BK_SOURCE_DIR/samples/seed.json"
contains "seed info" "(budget.income, 万元"
# Loading and dumping gives the shipped files back, byte for byte.
expect 0 "dump" -- "$BK_DUMP" -o "$tmp/dump"
for f in "$BK_SOURCE_DIR"/definitions/*.json; do
  cmp -s "$f" "$tmp/dump/$(basename "$f")" || { echo "FAIL: $(basename "$f") differs from what bk_defs_dump writes"; diff "$f" "$tmp/dump/$(basename "$f")" | head; fail=1; }
done
[ "$(ls "$tmp/dump" | wc -l)" = "$(ls "$BK_SOURCE_DIR"/definitions/*.json | wc -l)" ] || { echo "FAIL: dump wrote other files: $(ls "$tmp/dump")"; fail=1; }
# Every shipped and test file against the published schema.
if "$BK_PYTHON" -c 'import jsonschema' 2>/dev/null; then
  expect 0 "schema" -- "$BK_PYTHON" - "$BK_SOURCE_DIR/schemas/definitions.schema.json" "$BK_SOURCE_DIR"/definitions/*.json \
    "$here"/province/*.json "$here"/province-v2/*.json <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    for e in v.iter_errors(json.load(open(path))):
        print(f"{path}: {e.json_path}: {e.message}"); bad = 1
print(len(sys.argv) - 2, "files checked")
sys.exit(bad)
PY
  contains "schema" "files checked"
  # The schema rejects what the loader rejects (a wrong coding).
  expect 1 "schema rejects a bad coding" -- "$BK_PYTHON" -c '
import json, sys, jsonschema
s = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))
sys.exit(1 if list(jsonschema.Draft202012Validator(s).iter_errors(d)) else 0)' \
    "$BK_SOURCE_DIR/schemas/definitions.schema.json" "$here/broken/unknown-coding/budget-demo-province.json"
else
  echo "note: python3-jsonschema missing: schema checks skipped"
fi

# --- a made-up province template, no rebuild ---------------------------------
P="--definitions $here/province"
expect 0 "province table unknown without its definitions" -- "$BK_BIN" info "$here/province/meetings.txt"
lacks "unknown without definitions" "budget.meetings_training"
expect 0 "province info" -- "$BK_BIN" info $P "$here/province/meetings.txt"
contains "province info" "2024年会议费和培训费预算表  (budget.meetings_training, 万元, 3 rows)"
contains "province info" "合计: total=20.50 general_public=18.00 other_funds=2.50"
expect 0 "province convert" -- "$BK_BIN" convert $P "$here/province/meetings.txt" "$tmp/m.json"
"$BK_PYTHON" - "$tmp/m.json" <<'PY' || fail=1
import json, sys
t = json.load(open(sys.argv[1]), parse_float=str)["document"]["tables"][0]
p = t["panels"][0]
assert t["kind"] == "budget.meetings_training", t["kind"]
assert [c["key"] for c in p["columns"]] == ["total", "general_public", "other_funds"], p["columns"]
rows = [(r.get("key"), r.get("role", "data"), r["cells"]) for r in p["rows"]]
assert rows == [("meetings", "data", ["12.50", "10.00", "2.50"]), ("training", "data", ["8.00", "8.00", None]),
                ("total", "total", ["20.50", "18.00", "2.50"])], rows  # exact figures; the blank stays blank
print("province rows ok")
PY
expect 0 "province validate" -- "$BK_BIN" validate $P "$here/province/meetings.txt"
contains "province validate" "0 errors, 0 rounding, 0 warnings (6 checks, 2 identities"
expect 1 "province validate finds the wrong total" -- "$BK_BIN" validate $P "$here/province/meetings-bad-total.txt"
contains "wrong total" "error    P2   合计 [合计] (line 12): 会议费和培训费预算表: 合计 = 会议费 + 培训费, per column: printed 20.60, computed 20.50"
contains "wrong total" "2 errors, 0 rounding"
# The environment variable does the same as --definitions.
expect 0 "BUDGETKIT_DEFINITIONS" -- env BUDGETKIT_DEFINITIONS="$here/province" "$BK_BIN" validate "$here/province/meetings.txt"
contains "BUDGETKIT_DEFINITIONS" "(6 checks, 2 identities"
# A later directory's family replaces the earlier one (v2 keeps only P1).
expect 0 "family override" -- "$BK_BIN" validate $P --definitions "$here/province-v2" "$here/province/meetings.txt"
contains "family override" "(3 checks, 1 identities"
expect 0 "env, then --definitions" -- env BUDGETKIT_DEFINITIONS="$here/province-v2" "$BK_BIN" validate $P "$here/province/meetings.txt"
contains "env, then --definitions" "(6 checks, 2 identities"
# The seed is unchanged by an added family.
expect 1 "seed validate with the province" -- "$BK_BIN" validate $P "$BK_SOURCE_DIR/samples/seed.json"
contains "seed validate" "3 errors, 32 rounding, 0 warnings"

# --- broken files: located errors --------------------------------------------
B=$here/broken
expect 3 "bad JSON" -- "$BK_BIN" info --definitions "$B/bad-json" "$here/province/meetings.txt"
contains "bad JSON" "$B/bad-json/broken.json:5:30: error: not valid JSON: quoted object property name expected"
expect 3 "unknown coding" -- "$BK_BIN" validate --definitions "$B/unknown-coding" "$here/province/meetings.txt"
contains "unknown coding" "$B/unknown-coding/budget-demo-province.json: error: \$.tables[0].panels[0].coding: unknown coding 'fixd' (one of: none, function, function_class, economic, economic_pair, revenue, fixed, project, unit)"
expect 3 "undefined column" -- "$BK_BIN" convert --definitions "$B/undefined-column" "$here/province/meetings.txt" "$tmp/x.json"
contains "undefined column" "$B/undefined-column/budget-demo-province.json: error: \$.identities[0].expr: rule P1: budget.meetings_training/main has no column 'other_fund'"
[ ! -e "$tmp/x.json" ] || { echo "FAIL: output written despite bad definitions"; fail=1; }
expect 3 "duplicate kind" -- "$BK_BIN" info --definitions "$B/duplicate-kind" "$here/province/meetings.txt"
contains "duplicate kind" "$B/duplicate-kind/b-demo-copy.json: error: \$.tables[0].kind: duplicate kind 'budget.meetings_training': also defined by family 'budget-demo-province' in $B/duplicate-kind/a-demo.json"
expect 3 "too long" -- "$BK_BIN" info --definitions "$B/too-long" "$here/province/meetings.txt"
contains "too long" "$B/too-long/budget-demo-province.json: error: \$.tables[0].title: is 900 bytes long; at most 256"
expect 3 "override breaks an installed identity" -- "$BK_BIN" validate --definitions "$B/bad-override" "$BK_SOURCE_DIR/samples/seed.json"
contains "bad override" "budget-local13.json: error: \$.identities[8].expr: rule V7: budget.income/main has no column 'unit_funds' (budget.income is defined by $B/bad-override/income-patch.json)"
expect 3 "override breaks a compile spec" -- "$BK_BIN" compile --definitions "$B/bad-override-compile" x.csv "$tmp/y.xlsx"
contains "bad compile spec" "$B/bad-override-compile/income-patch.json: error: \$.tables[0].compile.columns[5].key: panel 'main' has no column 'unit_funds'"
expect 3 "bad file named by the environment" -- env BUDGETKIT_DEFINITIONS="$B/too-long" "$BK_BIN" info "$here/province/meetings.txt"
contains "env bad" "is 900 bytes long"
expect 3 "missing environment directory" -- env BUDGETKIT_DEFINITIONS="$tmp/nowhere" "$BK_BIN" info "$here/province/meetings.txt"
contains "missing env dir" "error: BUDGETKIT_DEFINITIONS: $tmp/nowhere: No such file or directory"
expect 2 "missing --definitions directory" -- "$BK_BIN" info --definitions "$tmp/nowhere" "$here/province/meetings.txt"
contains "missing dir" "error: --definitions: $tmp/nowhere: No such file or directory"
expect 2 "--definitions without a value" -- "$BK_BIN" info "$here/province/meetings.txt" --definitions
# Hostile files: not UTF-8, too deep, too big, wrong types — errors, never a crash.
printf '{"format": "budgetkit-definitions/1", "family": "x\xff"}' > "$tmp/latin.json"
expect 3 "not UTF-8" -- "$BK_BIN" info --definitions "$tmp/latin.json" "$here/province/meetings.txt"
contains "not UTF-8" "latin.json: error: $.family: is not valid UTF-8"
"$BK_PYTHON" -c 'print("[" * 100 + "]" * 100)' > "$tmp/deep.json"
expect 3 "too deep" -- "$BK_BIN" info --definitions "$tmp/deep.json" "$here/province/meetings.txt"
contains "too deep" "deep.json:1:17: error: not valid JSON: nested too deeply"
head -c 5000000 /dev/zero | tr '\0' ' ' > "$tmp/big.json"
expect 3 "too big" -- "$BK_BIN" info --definitions "$tmp/big.json" "$here/province/meetings.txt"
contains "too big" "big.json: error: is 5000000 bytes; a definitions file has at most 4194304"
echo '{"format": "budgetkit-definitions/1", "family": "x", "tables": {"kind": 1}}' > "$tmp/types.json"
expect 3 "wrong type" -- "$BK_BIN" info --definitions "$tmp/types.json" "$here/province/meetings.txt"
contains "wrong type" "types.json: error: \$.tables: must be an array, not an object"
echo '{"format": "budgetkit-definitions/1", "family": "x", "tabels": []}' > "$tmp/typo.json"
expect 3 "unknown member" -- "$BK_BIN" info --definitions "$tmp/typo.json" "$here/province/meetings.txt"
contains "unknown member" "typo.json: error: \$: unknown member 'tabels'"
echo '{"format": "budgetkit-definitions/2", "family": "x"}' > "$tmp/future.json"
expect 3 "future format" -- "$BK_BIN" info --definitions "$tmp/future.json" "$here/province/meetings.txt"
contains "future format" "future.json: error: \$.format: 'budgetkit-definitions/2' is not a format this budgetkit reads"

[ $fail -eq 0 ] && echo "definitions: all checks passed"
exit $fail
