#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Build a ledger (line items in 元) that reproduces the seed's published
收入总表, 支出总表, 一般公共预算支出表 and 政府性基金预算支出表 figure for figure.

Usage: make_seed_ledger.py SEED.txt > seed_ledger.csv

Each 7-digit function code gets one money cell per (fund, 基本/项目, 当年/上年结转)
that the seed publishes: 一般公共预算 基本/项目 (T5), 政府性基金 基本/项目 (T8),
单位资金 (T2; all 基本 in the seed, as T3 confirms), 上年结转 (T2; all 项目,
一般公共预算 except the 229 彩票 codes, which are 政府性基金 as T4 says). The
published figures were rounded one by one from exact 元 sums, so sums of
rounded figures are sometimes off by 0.01 (7762.27 vs 4000.70+521.56+3240.00).
A small deterministic search picks the 元 amounts (each within ±0.49 万元-cent
of its published figure) so that every published figure, at every level, is
the rounding of the exact sum. Each cell is then split into a few lines over
the seed's units, so the compiler has to add them up.
"""
import random
import sys

TABLES = {
    "income": "2024年预算收入总表",
    "expense": "2024年预算支出总表",
    "gp": "2024年一般公共预算支出预算表（不含上年结转）",
    "gf": "2024年政府性基金预算支出表（不含上年结转）",
}

UNITS = [("305001", "忻州市民政局", "行政单位"), ("305002", "忻州市社会福利院", "事业单位"),
         ("305003", "忻州市救助站", "事业单位"), ("305004", "忻州市社会福利精神康宁医院", "事业单位"),
         ("305005", "忻州市福利彩票发行中心", "事业单位"), ("305006", "忻州市社会救助服务中心", "事业单位")]


def cents(s):
    s = s.strip()
    if not s:
        return None
    whole, _, frac = s.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def parse_tables(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out = {}
    for key, title in TABLES.items():
        start = next(i for i, l in enumerate(lines) if l.strip() == title)
        rows = {}
        names = {}
        for l in lines[start + 1:]:
            f = l.split("\t")
            head = f[0].strip()
            if head.startswith("2024年") or head.startswith("部门公开表") or head.startswith("预算公开表"):
                break
            if not (head == "合计" or head.isdigit()):
                continue
            vals = [cents(v) for v in f[2:]]
            if key == "income":
                # page 2 of T2 lost one empty column: 8 fields, the last is 上年结转
                while len(vals) > 7 and vals[-1] is None:
                    vals.pop()
                if len(vals) == 6:
                    vals = vals[:5] + [None, vals[5]]
                vals = (vals + [None] * 7)[:7]
            else:
                vals = (vals + [None] * 3)[:3]
            code = "" if head == "合计" else head
            rows[code] = vals
            names[code] = f[1].strip()
        out[key] = (rows, names)
    return out


def main():
    t = parse_tables(sys.argv[1])
    inc, names = t["income"]
    exp = t["expense"][0]
    gp = t["gp"][0]
    gf = t["gf"][0]
    for src in (t["expense"][1], t["gp"][1], t["gf"][1]):
        for k, v in src.items():
            names.setdefault(k, v)
    leaves = sorted(c for c in set(inc) | set(exp) if len(c) == 7)

    def v(table, code, i):
        row = table.get(code)
        return (row[i] if row else None) or 0

    # cells: (code, fund, kind, carry) -> published cents
    cells = {}
    for c in leaves:
        cells[(c, "一般公共预算", "基本支出", False)] = v(gp, c, 1)
        cells[(c, "一般公共预算", "项目支出", False)] = v(gp, c, 2)
        cells[(c, "政府性基金", "基本支出", False)] = v(gf, c, 1)
        cells[(c, "政府性基金", "项目支出", False)] = v(gf, c, 2)
        cells[(c, "单位资金", "基本支出", False)] = v(inc, c, 5)
        cells[(c, "政府性基金" if c.startswith("229") else "一般公共预算", "项目支出", True)] = v(inc, c, 6)
    cells = {k: x for k, x in cells.items() if x}
    keys = sorted(cells)

    # every published figure: (cell indices, target cents)
    cons = []
    sel = {
        ("income", 0): lambda k: not k[3], ("income", 1): lambda k: k[1] == "一般公共预算" and not k[3],
        ("income", 2): lambda k: k[1] == "政府性基金" and not k[3], ("income", 5): lambda k: k[1] == "单位资金",
        ("income", 6): lambda k: k[3],
        ("expense", 0): lambda k: True, ("expense", 1): lambda k: k[2] == "基本支出",
        ("expense", 2): lambda k: k[2] == "项目支出",
        ("gp", 0): lambda k: k[1] == "一般公共预算" and not k[3],
        ("gp", 1): lambda k: k[1] == "一般公共预算" and not k[3] and k[2] == "基本支出",
        ("gp", 2): lambda k: k[1] == "一般公共预算" and not k[3] and k[2] == "项目支出",
        ("gf", 0): lambda k: k[1] == "政府性基金" and not k[3],
        ("gf", 1): lambda k: k[1] == "政府性基金" and not k[3] and k[2] == "基本支出",
        ("gf", 2): lambda k: k[1] == "政府性基金" and not k[3] and k[2] == "项目支出",
    }
    tables = {"income": inc, "expense": exp, "gp": gp, "gf": gf}
    for (tk, col), pred in sel.items():
        for code, row in tables[tk].items():
            target = row[col] or 0
            idx = [i for i, k in enumerate(keys) if k[0].startswith(code) and pred(k)]
            if idx or target:
                cons.append((idx, target))

    rng = random.Random(20240101)
    x = [cells[k] * 100 for k in keys]  # 元

    def off(ci):
        idx, target = cons[ci]
        s = sum(x[i] for i in idx)
        lo, hi = target * 100 - 50, target * 100 + 49
        return lo - s if s < lo else (hi - s if s > hi else 0)

    for step in range(200000):
        bad = [ci for ci in range(len(cons)) if off(ci)]
        if not bad:
            break
        ci = rng.choice(bad)
        d = off(ci)
        i = rng.choice(cons[ci][0])
        base = cells[keys[i]] * 100
        nx = min(base + 49, max(base - 49, x[i] + (1 if d > 0 else -1) * rng.randint(1, 30)))
        before = sum(abs(off(c)) for c in range(len(cons)))
        old, x[i] = x[i], nx
        if sum(abs(off(c)) for c in range(len(cons))) > before and rng.random() > 0.05:
            x[i] = old
    else:
        sys.exit("no solution found")
    assert not any(off(c) for c in range(len(cons)))

    w = sys.stdout
    w.write("年度,单位编码,单位名称,单位类型,功能分类科目编码,功能分类科目名称,支出类型,资金性质,指标来源,项目名称,金额\n")
    for i, k in enumerate(keys):
        code, fund, kind, carry = k
        total = x[i]
        parts = rng.randint(1, 3)
        amounts = []
        for p in range(parts - 1):
            a = rng.randint(1, max(1, total // parts))
            amounts.append(a)
        amounts.append(total - sum(amounts))
        for a in amounts:
            unit = UNITS[rng.randrange(len(UNITS))]
            project = "" if kind == "基本支出" else "项目" + code[-4:] + ("结转" if carry else "")
            w.write("2024,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d\n" % (unit[0], unit[1], unit[2], code, names.get(code, ""), kind,
                                                        fund, "上年结转" if carry else "当年预算", project, a))


main()
