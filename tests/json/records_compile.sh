#!/bin/bash
# SPDX-License-Identifier: MIT
# A ledger as a JSON array or as NDJSON compiles to exactly what the same
# ledger as CSV compiles to, and the compiled document round-trips through
# the json writer byte for byte.
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ledger="$BK_SOURCE_DIR/tests/compile/seed_ledger.csv"
[ -e "$BUDGETKIT_PLUGIN_PATH/bk_csv.so" ] && [ -e "$ledger" ] || { echo "csv plugin or seed ledger missing: skipped"; exit 77; }
"${BK_PYTHON:-python3}" - "$ledger" "$tmp" <<'PYEOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
def number(r):  # amounts as JSON numbers with their own text
    return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + (v if k == "金额" else json.dumps(v, ensure_ascii=False))
                           for k, v in r.items()) + "}"
with open(sys.argv[2] + "/ledger.json", "w", encoding="utf-8") as f:
    f.write("[\n" + ",\n".join("  " + number(r) for r in rows) + "\n]\n")
with open(sys.argv[2] + "/ledger.ndjson", "w", encoding="utf-8") as f:
    for r in rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")
PYEOF
"$BK_BIN" compile -q "$ledger" "$tmp/from_csv.json" || { echo "FAIL: compile CSV ledger"; fail=1; }
"$BK_BIN" compile -q "$tmp/ledger.json" "$tmp/from_json.json" || { echo "FAIL: compile JSON ledger"; fail=1; }
"$BK_BIN" compile -q --from json "$tmp/ledger.ndjson" "$tmp/from_ndjson.json" || { echo "FAIL: compile NDJSON ledger"; fail=1; }
cmp -s "$tmp/from_csv.json" "$tmp/from_json.json" || { echo "FAIL: JSON ledger compiles differently"; fail=1; }
cmp -s "$tmp/from_csv.json" "$tmp/from_ndjson.json" || { echo "FAIL: NDJSON ledger compiles differently"; fail=1; }
# recognised by structure alone: no extension, or a .txt name the csv plugin would also claim
cp "$tmp/ledger.ndjson" "$tmp/ledger_noext"; cp "$tmp/ledger.json" "$tmp/ledger.txt"
"$BK_BIN" compile -q "$tmp/ledger_noext" "$tmp/noext.json" && cmp -s "$tmp/from_csv.json" "$tmp/noext.json" ||
  { echo "FAIL: NDJSON ledger without extension"; fail=1; }
"$BK_BIN" compile -q "$tmp/ledger.txt" "$tmp/txt.json" && cmp -s "$tmp/from_csv.json" "$tmp/txt.json" ||
  { echo "FAIL: JSON ledger named .txt"; fail=1; }
grep -q '"kind": "budget.income"' "$tmp/from_json.json" || { echo "FAIL: no 收入总表 compiled"; fail=1; }
"$BK_BIN" convert "$tmp/from_json.json" "$tmp/again.json" && cmp -s "$tmp/from_json.json" "$tmp/again.json" ||
  { echo "FAIL: compiled document does not round-trip"; fail=1; }
# a bad line is reported at its line of the JSON file
sed '5s/"金额": \([0-9]*\)/"金额": [\1]/' "$tmp/ledger.json" > "$tmp/bad.json"
msg=$("$BK_BIN" compile -q "$tmp/bad.json" "$tmp/bad.out.json" 2>&1); rc=$?
[ $rc -eq 3 ] && grep -qF "bad.json:5:3: error: record 4: value of \"金额\" is nested" <<<"$msg" ||
  { echo "FAIL: bad ledger line: exit $rc: $msg"; fail=1; }
[ ! -e "$tmp/bad.out.json" ] || { echo "FAIL: output written for a bad ledger"; fail=1; }
[ $fail -eq 0 ] && echo "json_records_compile: all passed"
exit $fail
