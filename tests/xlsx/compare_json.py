# SPDX-License-Identifier: MIT
"""Value-compare two budgetkit JSON documents (amounts as exact decimals, blank is not 0).
    compare_json.py WANT.json GOT.json   -> prints the differences, exit 1 if any."""
import decimal
import json
import sys

IGNORED = {"pos", "cell_pos", "line", "column"}  # where a value was read differs by format


def load(path):
    return json.load(open(path, encoding="utf-8"), parse_float=decimal.Decimal)


def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k in IGNORED:
                continue
            if k == "key" and a.get(k) is None and ".rows[" in path:
                continue  # the source named no item; the recognizer may name it ("total")
            walk(a.get(k), b.get(k), f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items, got {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", out)
    elif isinstance(a, (int, decimal.Decimal)) and isinstance(b, (int, decimal.Decimal)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        if decimal.Decimal(a) != decimal.Decimal(b):
            out.append(f"{path}: {a} != {b}")
    elif a != b:
        out.append(f"{path}: {a!r} != {b!r}")


# A publication workbook carries the whole document: the tables and forms, and on its 封面 and
# 情况说明 sheets the title, facts, budget units and sections. `--no-forms` leaves the
# performance-target forms out (a sample whose forms were entered in another vocabulary).
want, got = load(sys.argv[1]), load(sys.argv[2])
diffs = []
wd, gd = want["document"], got["document"]
if "--no-forms" in sys.argv:
    wd, gd = dict(wd), dict(gd)
    wd.pop("perf_targets", None)
    gd.pop("perf_targets", None)
walk(wd, gd, "document", diffs)
walk({k: v for k, v in want.items() if k != "document"}, {k: v for k, v in got.items() if k != "document"}, "", diffs)
for d in diffs[:50]:
    print(d)
print(f"compare_json: {len(diffs)} differences")
sys.exit(1 if diffs else 0)
