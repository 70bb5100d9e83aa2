# SPDX-License-Identifier: MIT
"""The figures layout of the seed: what an analyst loads with pandas.

usage: figures_check.py FIGURES.csv EXCEL.csv
FIGURES.csv is `-o layout=figures` of samples/seed.json, EXCEL.csv the same with
`-o excel=true`. Exits non-zero, saying why, when something does not hold.
"""
import sys

import pandas

COLUMNS = ["department", "year", "table_kind", "table_title", "row_code", "row_name",
           "column_key", "column_label", "value", "unit"]
# (table_kind, row_code, row_name, column_key) -> value as printed
SOME = {
    ("budget.summary", "", "收入总计", "amount"): "8261.00",
    ("budget.fiscal_summary", "", "收入总计", "amount"): "5021.00",
    ("budget.income", "20802", "民政管理事务", "carryover"): "46.72",
    ("budget.income", "2080201", "行政运行", "total"): "244.27",
    ("budget.summary", "", "一、一般公共预算", "amount"): "4000.70",
    ("perf.department", "", "by_source", "general_public"): "4000.70",
}


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def main():
    path, excel_path = sys.argv[1], sys.argv[2]
    # the documented one-liner: codes and amounts stay text, exactly as printed
    d = pandas.read_csv(path, dtype=str, keep_default_na=False)
    if list(d.columns) != COLUMNS:
        fail(f"columns {list(d.columns)}")
    tables = d[~d.table_kind.str.startswith("perf.")]
    forms = d[d.table_kind.str.startswith("perf.")]
    if len(tables) != 575:
        fail(f"{len(tables)} table figures, expected the seed's 575")
    # 13 tables, of which 国有资本经营 prints no figure (本表无数据): absent, never 0
    if tables.table_kind.nunique() != 12 or "budget.state_capital" in set(tables.table_kind):
        fail(f"{tables.table_kind.nunique()} table kinds with figures, expected 12 (13 tables, one empty)")
    if len(forms) == 0 or d.index[d.table_kind.str.startswith("perf.")].min() < len(tables):
        fail("the forms' amounts must follow the tables'")
    if (d.value == "").any():
        fail("a figure row without a value")
    # the tables print 万元, the project forms 元: each figure carries its own unit
    if set(tables.unit) != {"万元"} or set(d[d.table_kind == "perf.project"].unit) != {"元"} or set(d.year) != {"2024"} or set(d.department) != {"忻州市民政局"}:
        fail(f"units {set(d.unit)}, years {set(d.year)}, departments {set(d.department)}")
    for key, want in SOME.items():
        kind, code, name, col = key
        hit = d[(d.table_kind == kind) & (d.row_code == code) & (d.row_name == name) & (d.column_key == col)]
        if list(hit.value) != [want]:
            fail(f"{key}: {list(hit.value)}, expected [{want!r}]")
    # codes keep their text: no 2080201.0, no dropped leading zeros
    if not tables.row_code[tables.row_code != ""].str.fullmatch(r"\d+").all():
        fail("a row code that is not digits as printed")

    raw = open(excel_path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        fail("excel=true: no UTF-8 BOM")
    if raw.count(b"\n") != raw.count(b"\r\n") or raw.count(b"\n") != len(d) + 1:
        fail("excel=true: every line must end with CRLF")
    e = pandas.read_csv(excel_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if not e.equals(d):
        fail("excel=true reads to other figures than the plain file")
    print(f"figures: {len(tables)} table figures of 13 tables, {len(forms)} form amounts")


main()
