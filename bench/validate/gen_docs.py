#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write N seed-sized documents for `budgetkit validate DIR` and `convert … x.sqlite`.

usage: gen_docs.py SEED.json N OUTDIR

Each is samples/seed.json (13 tables, 23 forms, 10 sections) with its own
department: code D0001…, name 部门0001…, so no two have the same content. The
text is copied byte for byte otherwise (no JSON re-encoding: every figure is
exactly as printed in the seed)."""
import os
import sys

seed, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(seed, encoding="utf-8").read()
code, name = '"department_code": "305"', '"department_name": "忻州市民政局"'
assert text.count(code) == 1 and text.count(name) == 1, "the seed's department lines moved"
os.makedirs(out, exist_ok=True)
for i in range(1, n + 1):
    doc = text.replace(code, '"department_code": "D%04d"' % i).replace(name, '"department_name": "部门%04d"' % i)
    with open(os.path.join(out, "dept%04d.json" % i), "w", encoding="utf-8") as f:
        f.write(doc)
