#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""random_shapes.py FILE SEED: a tab-separated file of random report fragments (titles,
headers, codes, amounts in several spellings, notes, headings, form labels), for the
no-crash test: the recognizer and both writers must take any of them."""
import random, sys, os
rnd = random.Random(int(sys.argv[2]))
toks = ["2024年预算收支总表", "2024年预算收入总表", "2024年项目支出预算表（本年预算）", "项目", "科目编码", "科目名称", "合计",
        "本年收入", "上年结转", "一般公共预算", "政府性基金", "单位资金", "208", "20802", "2080201", "1,234.56", "0", "-", "８.００",
        "注：本表无数据", "部门名称：某局", "单位：万元", "第一部分 概况", "一、本部门职责", "项目支出绩效目标表", "(2024年度)",
        "一级指标", "二级指标", "数量指标", "≥95%", "实施期资金总额:", "80,000", "负责人:", "类", "款", "收入", "支出",
        "整体支出绩效目标申报表", "按资金来源划分", "核心职能", "预算公开表1", "", "", "", "x" * 50, "\"q\"", "1", "2", "3"]
out = open(sys.argv[1], "w", encoding="utf-8")
for _ in range(rnd.randrange(1, 120)):
    n = rnd.randrange(0, 10)
    out.write("\t".join(rnd.choice(toks).replace('"', '') for _ in range(n)) + "\n")
