#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write variants of a report-layout CSV (UTF-8, comma) into DIR: CRLF line ends,
every field quoted, amounts with thousands separators ("8,261.00"), GB18030
without BOM, UTF-8 with BOM, tab-separated, and one file per table (tables/NN.csv,
titles from a long-layout file)."""
import csv
import io
import os
import re
import sys

src, long_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
with open(src, encoding="utf-8", newline="") as f:
    text = f.read()
records = list(csv.reader(io.StringIO(text)))


def write(name, rows, quoting=csv.QUOTE_MINIMAL, delimiter=",", lineterminator="\n", encoding="utf-8"):
    buf = io.StringIO()
    w = csv.writer(buf, quoting=quoting, delimiter=delimiter, lineterminator=lineterminator)
    for r in rows:
        w.writerow(r) if r else buf.write(lineterminator)
    with open(os.path.join(out, name), "w", encoding=encoding, newline="") as f:
        f.write(buf.getvalue())


AMOUNT = re.compile(r"^(-?)(\d{4,})(\.\d+)$")  # amounts print a fraction; codes do not


def grouped(field):
    m = AMOUNT.match(field)
    if not m:
        return field
    return m.group(1) + f"{int(m.group(2)):,}" + (m.group(3) or "")


write("crlf.csv", records, lineterminator="\r\n")
write("quoted.csv", records, quoting=csv.QUOTE_ALL)
write("grouped.csv", [[grouped(x) for x in r] for r in records])
write("gb18030.csv", records, encoding="gb18030")
write("bom.csv", records, encoding="utf-8-sig")
write("tabs.tsv", records, delimiter="\t")
n = sum(1 for r in records for x in r if AMOUNT.match(x))
if n < 50:
    sys.exit(f"only {n} amounts with 4+ digits were grouped")

# one table per file: blocks between blank lines whose title line is a table title
with open(long_path, encoding="utf-8", newline="") as f:
    titles = {r["table_title"]: r["seq"] for r in csv.DictReader(f) if r["record"] == "table"}
os.makedirs(os.path.join(out, "tables"), exist_ok=True)
block = []
written = 0
for r in records + [[]]:
    if r and any(x for x in r):
        block.append(r)
        continue
    heads = [b[0] for b in block[:2] if b]
    seq = next((titles[h] for h in heads if h in titles), None)
    if seq is not None:
        write(os.path.join("tables", f"{int(seq):02d}.csv"), block)
        written += 1
    block = []
if written != len(titles):
    sys.exit(f"split {written} tables, expected {len(titles)}")
