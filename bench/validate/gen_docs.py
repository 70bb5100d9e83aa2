#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write N seed-sized documents for `budgetkit validate DIR` and `convert … x.sqlite`.

usage: gen_docs.py SEED.json N OUTDIR [--related]

Each is samples/seed.json (13 tables, 23 forms, 10 sections) with its own
department: code D0001…, name 部门0001…, so no two have the same content. The
text is copied byte for byte otherwise (no JSON re-encoding: every figure is
exactly as printed in the seed).

--related: documents in groups of three that the checks across documents match
(core/crossdoc.c): department k's 2024 部门 document, its 单位 document of 2024
(same figures: X1 compares every figure) and its 2023 document (X2 checks the
text's 比上年 claims against it)."""
import os
import sys

seed, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
related = "--related" in sys.argv[4:]
text = open(seed, encoding="utf-8").read()
code, name = '"department_code": "305"', '"department_name": "忻州市民政局"'
assert text.count(code) == 1 and text.count(name) == 1, "the seed's department lines moved"
os.makedirs(out, exist_ok=True)
year = '"fiscal_year": 2024'
assert text.count(year) == 1, "the seed's year line moved"
for i in range(1, n + 1):
    k = (i - 1) // 3 + 1 if related else i
    doc = text.replace(code, '"department_code": "D%04d"' % k).replace(name, '"department_name": "部门%04d"' % k)
    if related and i % 3 == 2:  # the 单位 document
        doc = doc.replace('"department_name": "部门%04d"' % k, '"department_name": "部门%04d", "disclosure": "unit"' % k)
    if related and i % 3 == 0:  # last year's
        doc = doc.replace(year, '"fiscal_year": 2023')
    with open(os.path.join(out, "dept%04d.json" % i), "w", encoding="utf-8") as f:
        f.write(doc)
