# SPDX-License-Identifier: MIT
"""The first table of kind KIND in GOT.json must equal the one in WANT.json row for row:
code, name, role, level and every cell's value (blank is not 0).
    compare_table.py WANT.json GOT.json KIND"""
import decimal
import json
import sys

want_path, got_path, kind = sys.argv[1:4]


def table(path):
    doc = json.load(open(path, encoding="utf-8"), parse_float=decimal.Decimal)["document"]
    return next(t for t in doc["tables"] if t["kind"] == kind)


def rows(t):
    return [(r.get("code"), r.get("name"), r.get("role"), r.get("level"),
             [None if v is None else decimal.Decimal(v) for v in r["cells"]])
            for p in t["panels"] for r in p["rows"]]


want, got = rows(table(want_path)), rows(table(got_path))
diffs = [f"row {i}: {w} != {g}" for i, (w, g) in enumerate(zip(want, got)) if w != g]
if len(want) != len(got):
    diffs.append(f"{len(want)} rows, got {len(got)}")
for d in diffs[:20]:
    print(d)
print(f"compare_table {kind}: {len(want)} rows, {len(diffs)} differences")
sys.exit(1 if diffs else 0)
