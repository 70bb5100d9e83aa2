"""Value-compare two budgetkit JSON documents (amounts as exact decimals, blank is not 0).
    compare_json.py WANT.json GOT.json   -> prints the differences, exit 1 if any."""
import decimal
import json
import sys

IGNORED = {"pos", "line", "column"}  # where a value was read differs by format


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


# What a publication workbook carries: the tables, the facts printed in them and the
# title (kept in the document properties).
# Free-text sections, the budget-unit list and document facts that no table prints
# (region, level, department code) have no place in the layout. Performance-target
# forms are laid out and recognized by the core; their round trip (through CSV as
# well) does not hold yet, so `--forms` checks them separately.
CARRIED = ("fiscal_year", "kind", "title", "department_name", "tables")
if "--forms" in sys.argv:
    CARRIED += ("perf_targets",)
want, got = load(sys.argv[1]), load(sys.argv[2])
diffs = []
for key in CARRIED:
    walk(want["document"].get(key), got["document"].get(key), f"document.{key}", diffs)
for d in diffs[:50]:
    print(d)
print(f"compare_json: {len(diffs)} differences")
sys.exit(1 if diffs else 0)
