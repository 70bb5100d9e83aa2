#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a long-layout CSV (the csv plugin's `-o layout=long`) with ROWS amount rows
(default 1,000,000; an optional second argument: rows a table, 3 amounts each, default 3,000): tables of function-coded rows x (合计, 基本支出, 项目支出),
deterministic figures with two decimals, Chinese names, a few quoted fields."""
import random
import sys

COLS = ["table_title", "row_code", "row_name", "column_label", "value", "table_kind", "column_key", "unit",
        "row_order", "panel", "row_role", "level", "parent", "row_key", "table_number", "department", "unit_label",
        "scale", "note", "panel_label", "code_label", "name_label", "column_type", "row_flags", "record", "seq",
        "text", "period", "level1", "level2", "level3", "src_line", "src_column"]
KEYS = [("total", "2024年预算数/合计"), ("basic", "2024年预算数/基本支出"), ("project", "2024年预算数/项目支出")]
NAMES = ["行政运行", "一般行政管理事务", "机关服务", "其他民政管理事务支出", "社会福利事业单位", "儿童福利",
         "老年福利", "临时救助", "流浪乞讨人员救助支出", "住房公积金", "事业单位医疗", "行政单位离退休"]


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    out = sys.stdout
    rnd = random.Random(2024)
    out.write(",".join(COLS) + "\n")
    rows_per_table = int(sys.argv[2]) if len(sys.argv) > 2 else 3000  # rows a table
    written = seq = 0
    idx = {c: i for i, c in enumerate(COLS)}

    def emit(**kw):
        rec = [""] * len(COLS)
        for k, v in kw.items():
            rec[idx[k]] = v
        out.write(",".join(rec) + "\n")

    while written < total:
        title = f"2024年预算支出总表（第{seq + 1}部门）"
        emit(record="table", seq=str(seq), table_kind="budget.expense", table_title=title, department=f"示例部门{seq + 1}",
             unit="wan_yuan", unit_label="万元", scale="2")
        emit(record="panel", seq=str(seq), table_kind="budget.expense", table_title=title, panel="main",
             code_label="科目编码", name_label="科目名称")
        for key, label in KEYS:
            emit(record="column", seq=str(seq), table_kind="budget.expense", table_title=title, panel="main",
                 column_key=key, column_label=label, column_type="amount")
        for r in range(rows_per_table):
            if written >= total:
                break
            code = f"208{(r // 100) % 100:02d}{r % 100:02d}"
            name = NAMES[r % len(NAMES)]
            if r % 97 == 0:
                name = f"\"{name}, 含“特殊”项目\""
            basic = rnd.randrange(0, 10_000_000)
            project = rnd.randrange(0, 1_000_000)
            for key, label in KEYS:
                if written >= total:
                    break
                v = {"total": basic + project, "basic": basic, "project": project}[key]
                emit(table_title=title, row_code=code, row_name=name, column_label=label,
                     value=f"{v // 100}.{v % 100:02d}", table_kind="budget.expense", column_key=key,
                     unit="wan_yuan", row_order=str(r), panel="main", row_role="data", level="3", parent="-1",
                     record="cell", seq=str(seq))
                written += 1
        seq += 1


main()
