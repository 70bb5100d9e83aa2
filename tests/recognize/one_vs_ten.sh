#!/bin/bash
# SPDX-License-Identifier: MIT
# One 30,000-row table and ten 3,000-row tables holding the same rows read to the
# same figures, and every coded row gets the parent its code names (the nearest
# earlier row whose code is a prefix), in the tree shape and the flat one.
set -eu
BK=${BK_BIN:?}
PY=${BK_PYTHON:-/usr/bin/python3}
GEN=${BK_SOURCE_DIR:?}/bench/recognize/gen_tables.py
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for shape in tree flat; do
    "$PY" "$GEN" 30000 1 $shape >"$W/one.txt"
    "$PY" "$GEN" 30000 10 $shape >"$W/ten.txt"
    "$BK" convert -q --overwrite "$W/one.txt" "$W/one.csv" -O layout=long
    "$BK" convert -q --overwrite "$W/ten.txt" "$W/ten.csv" -O layout=long
    "$PY" - "$W/one.csv" "$W/ten.csv" "$shape" <<'PYEOF'
import csv, sys
from collections import Counter

def read(path):
    """figures (code, name, column, value, level) and per table: row -> (code, parent row)"""
    figs, tables = Counter(), {}
    for r in csv.DictReader(open(path, encoding="utf-8")):
        if r["record"] == "table":
            tables[len(tables)] = {}
        if r["record"] != "cell":
            continue
        figs[(r["row_code"], r["row_name"], r["column_key"], r["value"], r["level"])] += 1
        tables[len(tables) - 1][int(r["row_order"])] = (r["row_code"], int(r["parent"]))
    return figs, tables

def check_parents(tables, flat):
    """parent = the nearest earlier row whose code is a strict prefix: the
    latest row among those holding each shorter prefix of the code"""
    n = 0
    for rows in tables.values():
        last = {}
        for i in sorted(rows):
            code, parent = rows[i]
            want = max((last.get(code[:k], -1) for k in range(len(code))), default=-1)
            assert parent == want, f"row {i} ({code}): parent {parent}, want {want}"
            last[code] = i
            n += parent >= 0
    assert (n == 0) if flat else (n > 25000), f"{n} rows with a parent"

one, t1 = read(sys.argv[1])
ten, t10 = read(sys.argv[2])
flat = sys.argv[3] == "flat"
assert len(t1) == 1 and len(t10) == 10, (len(t1), len(t10))
assert sum(one.values()) == 90000, sum(one.values())
assert one == ten, "the ten tables read to other figures than the one table"
check_parents(t1, flat)
check_parents(t10, flat)
print(sys.argv[3], "ok:", sum(one.values()), "figures")
PYEOF
done
