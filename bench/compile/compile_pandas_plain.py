#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The script a finance officer would write instead of `budgetkit compile`:
pandas groupby/pivot_table into the same 13 tables, to_excel with XlsxWriter.

usage: compile_pandas.py LEDGER.csv OUT.xlsx
       compile_pandas.py LEDGER.csv OUTDIR --split-by department

Sums are binary floats (as pandas does), divided by 10000 for 万元 and rounded
to 2 decimals when written: what a user would do.
"""
import os
import sys

import pandas as pd

FUNDS = ["一般公共预算", "政府性基金", "国有资本经营预算", "财政专户管理资金", "单位资金"]
FISCAL = FUNDS[:3]
CODES = {c: str for c in ["年度", "部门编码", "单位编码", "功能分类科目编码", "部门经济分类编码", "政府经济分类编码"]}


def rollup(df, values):
    """类/款/项 rows (3, 5, 7 digits) and a 合计 row on top, for the value columns."""
    parts = [df.groupby(df["功能分类科目编码"].str[:n])[values].sum() for n in (3, 5, 7)]
    out = pd.concat(parts)
    out = out[~out.index.duplicated()].sort_index()
    total = out[out.index.str.len() == 3].sum().to_frame("合计").T
    return pd.concat([total, out]) / 10000


def by_fund(df):
    return df.pivot_table(index="功能分类科目编码", columns="资金性质", values="金额", aggfunc="sum", fill_value=0)


def tables(df):
    cur = df[df["指标来源"] != "上年结转"]
    carry = df[df["指标来源"] == "上年结转"]
    out = {}
    # 收支总表
    inc = cur.groupby("资金性质")["金额"].sum().reindex(FUNDS, fill_value=0)
    inc["本年收入合计"] = inc.sum()
    inc["上年结转"] = carry["金额"].sum()
    inc["收入总计"] = inc["本年收入合计"] + inc["上年结转"]
    exp = df.assign(类=df["功能分类科目编码"].str[:3], 结转=df["指标来源"]).pivot_table(
        index="类", columns="结转", values="金额", aggfunc="sum", fill_value=0)
    exp["合计"] = exp.sum(axis=1)
    out["收支总表"] = pd.concat([(inc / 10000).to_frame("收入"), exp / 10000], axis=1)
    # 收入总表
    p = by_fund(cur).reset_index()
    p["上年结转"] = p["功能分类科目编码"].map(carry.groupby("功能分类科目编码")["金额"].sum()).fillna(0)
    extra = carry[~carry["功能分类科目编码"].isin(p["功能分类科目编码"])].groupby("功能分类科目编码")["金额"].sum()
    p = pd.concat([p, extra.rename("上年结转").reset_index()]).fillna(0)
    cols = [c for c in FUNDS if c in p.columns]
    p["合计"] = p[cols].sum(axis=1)
    out["收入总表"] = rollup(p, ["合计"] + cols + ["上年结转"])
    # 支出总表 and the three 支出表 by fund
    def tbp(d):
        q = d.pivot_table(index="功能分类科目编码", columns="支出类型", values="金额", aggfunc="sum", fill_value=0)
        q = q.reindex(columns=["基本支出", "项目支出"], fill_value=0).reset_index()
        q["合计"] = q["基本支出"] + q["项目支出"]
        return rollup(q, ["合计", "基本支出", "项目支出"])
    out["支出总表"] = tbp(df)
    # 财政拨款收支总表
    fis = df[df["资金性质"].isin(FISCAL)]
    f = fis.assign(类=fis["功能分类科目编码"].str[:3]).pivot_table(
        index="类", columns="资金性质", values="金额", aggfunc="sum", fill_value=0)
    f["小计"] = f.sum(axis=1)
    out["财政拨款收支总表"] = f / 10000
    out["一般公共预算支出表"] = tbp(cur[cur["资金性质"] == "一般公共预算"])
    # 基本支出经济分类 (pairs) and 一般公共预算基本支出表 (codes)
    basic = cur[(cur["资金性质"] == "一般公共预算") & (cur["支出类型"] == "基本支出")]
    basic = basic.assign(经费=basic["部门经济分类编码"].str[:3].map(
        lambda c: "人员经费" if c in ("301", "303") else "公用经费"))
    pairs = basic.pivot_table(index=["部门经济分类编码", "部门经济分类名称", "政府经济分类编码"], columns="经费",
                              values="金额", aggfunc="sum", fill_value=0)
    pairs["合计"] = pairs.sum(axis=1)
    out["基本支出经济分类表"] = pairs / 10000
    codes = pd.concat([basic.assign(code=basic["部门经济分类编码"].str[:n]).pivot_table(
        index="code", columns="经费", values="金额", aggfunc="sum", fill_value=0) for n in (3, 5)]).sort_index()
    codes["合计"] = codes.sum(axis=1)
    out["一般公共预算基本支出表"] = codes / 10000
    out["政府性基金预算支出表"] = tbp(cur[cur["资金性质"] == "政府性基金"])
    out["国有资本经营预算支出表"] = tbp(cur[cur["资金性质"] == "国有资本经营预算"])
    # 三公
    items = {"30212": "因公出国（境）费", "30217": "公务接待费", "31013": "公务用车购置费", "30231": "公务用车运行维护费"}
    t3 = cur[cur["部门经济分类编码"].isin(items) & cur["资金性质"].isin(FISCAL)]
    t3 = t3.assign(项目=t3["部门经济分类编码"].map(items)).pivot_table(
        index="项目", columns="资金性质", values="金额", aggfunc="sum", fill_value=0)
    t3.loc["合计"] = t3.sum()
    out["三公经费"] = t3 / 10000
    # 机关运行经费
    opc = cur[cur["单位类型"].str.contains("行政|参照", na=False) & (cur["项目类别"] == "公用经费") &
              cur["资金性质"].isin(FISCAL)]
    o = opc.pivot_table(index="单位名称", columns="资金性质", values="金额", aggfunc="sum", fill_value=0)
    o.loc["合计"] = o.sum()
    out["机关运行经费"] = o / 10000
    # 项目支出 (本年, 上年结转)
    for name, d in (("项目支出表", cur), ("项目支出表(上年结转)", carry)):
        pr = d[d["支出类型"] == "项目支出"].pivot_table(index=["单位名称", "项目名称"], columns="资金性质",
                                                     values="金额", aggfunc="sum", fill_value=0)
        pr["合计"] = pr.sum(axis=1)
        out[name] = pr / 10000
    return out


def write(tabs, path):
    with pd.ExcelWriter(path, engine="xlsxwriter") as xw:
        for name, t in tabs.items():
            t.round(2).to_excel(xw, sheet_name=name[:31])


def main():
    df = pd.read_csv(sys.argv[1], dtype=CODES, keep_default_na=False, na_values={"金额": [""]})
    if len(sys.argv) > 3 and sys.argv[3] == "--split-by":
        os.makedirs(sys.argv[2], exist_ok=True)
        for (code, name), d in df.groupby(["部门编码", "部门名称"]):
            write(tables(d), os.path.join(sys.argv[2], "%s-%s.xlsx" % (code, name)))
    else:
        write(tables(df), sys.argv[2])


main()
