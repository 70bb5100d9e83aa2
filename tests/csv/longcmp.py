#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compare two long-layout CSV files value for value: every record and column,
except source positions (src_line, src_column), which name lines of different
files. With --table SEQ, compare only that table of A with the single table of B."""
import csv
import sys

IGNORE = {"src_line", "src_column"}


def load(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: v for k, v in r.items() if k not in IGNORE} for r in csv.DictReader(f)]


def table_part(rows, seq):
    out = []
    for r in rows:
        if r["record"] in ("table", "panel", "column", "cell") and (seq is None or r["seq"] == seq):
            r = dict(r)
            r["seq"] = ""
            out.append(r)
    return out


args = sys.argv[1:]
seq = None
if args and args[0] == "--table":
    seq = args[1]
    args = args[2:]
a, b = load(args[0]), load(args[1])
if seq is not None:
    a, b = table_part(a, seq), table_part(b, None)
diffs = [(i, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y]
if len(a) != len(b) or diffs:
    print(f"longcmp: {args[0]} ({len(a)} rows) and {args[1]} ({len(b)} rows) differ")
    for i, x, y in diffs[:5]:
        print("  row", i + 2)
        print("   A:", {k: v for k, v in x.items() if v})
        print("   B:", {k: v for k, v in y.items() if v})
    sys.exit(1)
