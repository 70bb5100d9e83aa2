#!/bin/bash
# SPDX-License-Identifier: MIT
# A compiled document (tests/compile/rich_ledger.csv → budgetkit compile) written to XLSX reads
# back with every table titled: the 一般公共预算基本支出表 (budget.general_public_basic), whose
# printed title no title pattern spelled out, came back as "a table without a title". Its figures
# and those of every other table come back as compiled.
set -uo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$BK_BIN" formats 2>/dev/null | grep -qw json || { echo "no json plugin: skipped"; exit 77; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
LEDGER="$BK_SOURCE_DIR/tests/compile/rich_ledger.csv"
"$BK_BIN" compile "$LEDGER" "$DIR/c.json" >/dev/null 2>&1 || { echo "compile → json failed"; exit 1; }
"$BK_BIN" compile "$LEDGER" "$DIR/c.xlsx" >/dev/null 2>&1 || { echo "compile → xlsx failed"; exit 1; }
out=$("$BK_BIN" convert "$DIR/c.xlsx" "$DIR/back.json" 2>&1) || { echo "xlsx → json: $out"; exit 1; }
if grep -q "without a title" <<<"$out"; then echo "a table lost its title: $out"; exit 1; fi
"$PY" - "$DIR/c.json" "$DIR/back.json" <<'PYEOF' || exit 1
import decimal, json, sys
load = lambda p: json.load(open(p, encoding="utf-8"), parse_float=decimal.Decimal)["document"]
want, got = load(sys.argv[1]), load(sys.argv[2])
fails = []
kinds = [t["kind"] for t in want["tables"]]
if "budget.general_public_basic" not in kinds:
    fails.append(f"the ledger no longer compiles a 一般公共预算基本支出表: {kinds}")
if [t["kind"] for t in got["tables"]] != kinds:
    fails.append(f"tables {[t['kind'] for t in got['tables']]} != {kinds}")
for w, g in zip(want["tables"], got["tables"]):
    if g.get("title") != w.get("title"):
        fails.append(f"{w['kind']}: title {g.get('title')!r} != {w.get('title')!r}")
    figures = lambda t: [[r.get("code"), r.get("name"), r.get("cells")] for p in t["panels"] for r in p["rows"]]
    if figures(g) != figures(w):
        fails.append(f"{w['kind']}: rows differ")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PYEOF
echo "compiled: 1 passed, 0 failed"
