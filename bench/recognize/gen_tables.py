#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A tab-separated disclosure text with ROWS amount rows of 一般公共预算支出预算表
(function-class codes 类/款/项), split into TABLES tables of equal size.

Usage: gen_tables.py ROWS TABLES [tree|flat] > doc.txt
tree (default): 类, 款 and 项 rows; flat: only 项 rows (no row has a parent row,
the worst case for a scan back to find one).
The same ROWS rows (codes, names, figures) come out whatever TABLES is, so one
30,000-row table and ten 3,000-row tables hold the same amounts."""
import sys


def rows(n, flat):
    """n rows in code order: each 类 (3 digits), its 款 (5), their 项 (7)."""
    out = []
    for c in range(100, 1000):
        for k in range(0, 100):
            for x in range(0, 100):
                if flat and (k == 0 or x == 0):
                    continue
                if k == 0 and x == 0:
                    code = "%03d" % c
                elif x == 0:
                    code = "%03d%02d" % (c, k)
                else:
                    code = "%03d%02d%02d" % (c, k, x)
                seed = (c * 7919 + k * 104729 + x * 1299709) % 1000003
                basic = "%d.%02d" % (seed % 9000, seed % 100)
                proj = "%d.%02d" % ((seed // 7) % 5000, (seed // 3) % 100)
                out.append((code, "科目%s" % code, basic, proj))
                if len(out) == n:
                    return out
    raise SystemExit("too many rows")


def main():
    n, tables = int(sys.argv[1]), int(sys.argv[2])
    if n % tables:
        raise SystemExit("ROWS must be a multiple of TABLES")
    per = n // tables
    all_rows = rows(n, len(sys.argv) > 3 and sys.argv[3] == "flat")
    w = sys.stdout.write
    w("忻州市民政局2024年度部门预算公开\n\n")
    for t in range(tables):
        w("2024年一般公共预算支出预算表\n\n部门名称：忻州市民政局\n\n单位：万元\n\n")
        w("项目\t\t2024年预算数\t\t\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n")
        for code, name, basic, proj in all_rows[t * per:(t + 1) * per]:
            b = round(float(basic) * 100)
            p = round(float(proj) * 100)
            w("%s\t%s\t%d.%02d\t%s\t%s\n" % (code, name, (b + p) // 100, (b + p) % 100, basic, proj))
        w("\n")


main()
