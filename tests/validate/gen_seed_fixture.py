#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate seed_fixture.c: the seed disclosure's 13 tables, its 23
performance forms and its explanatory sections as a C fixture, built with the
model API, so the validator's tests run on the seed's real figures before (and
independently of) the recognizer. Usage: gen_seed_fixture.py SEED.txt > seed_fixture.c

Rows carry what a recognizer is expected to set: fixed-item keys ("income_total",
"f208"), codes, level, role; parents are left to the validator to derive
(codes, levels, roles)."""
import re, sys

CLASS_CODES = ["201","202","203","204","205","206","207","208","209","210","211","212","213","214","215",
               "216","217","219","220","221","222","223","224","227","229","230","231","232","233","234"]

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")

def find(text, start=0):
    for i in range(start, len(lines)):
        if lines[i].strip() == text:
            return i
    raise SystemExit("not found: " + text)

def block(title, start=0):
    """Data lines (tab-separated, non-empty) after the header of a table titled `title`."""
    i = find(title, start)
    j = i + 1
    out = []
    while j < len(lines):
        l = lines[j]
        if l.startswith("2024年") and ("表" in l) and j > i + 1:
            break
        if l.strip().startswith("第三部分") or l.startswith("部门公开表") or l.startswith("预算公开表"):
            break
        if "\t" in l:
            out.append((j + 1, l.split("\t")))
        j += 1
    return i + 1, out

def c(s):
    if s is None:
        return "NULL"
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

def amt(s):
    s = (s or "").strip()
    return c(s) if s else "NULL"

tables = []   # (kind, title, line, panels); panel = (key, cols, rows); row = dict

def row(line, name=None, code=None, key=None, level=0, role="BK_ROW_DATA", cells=(), texts=None):
    return dict(line=line, name=name, code=code, key=key, level=level, role=role, cells=list(cells), texts=texts)

def code_level(code):
    return {3: 1, 5: 2, 7: 3}.get(len(code), 1)

# ---- T1 收支总表 / T4 财政拨款收支总表 ----
INCOME_KEYS_T1 = {"一、一般公共预算": "general_public", "二、政府性基金预算": "gov_fund", "三、国有资本经营预算": "state_capital",
                  "四、财政专户管理资金": "special_account", "五、单位资金": "unit_funds", "本年收入合计": "income_subtotal",
                  "上年结转": "carryover", "收入总计": "income_total"}
EXP_KEYS = {"本年支出合计": "expense_subtotal", "年终结转": "year_end_carryover", "支出总计": "expense_total"}
ROLE = {"income_subtotal": "BK_ROW_SUBTOTAL", "expense_subtotal": "BK_ROW_SUBTOTAL", "income_total": "BK_ROW_TOTAL",
        "expense_total": "BK_ROW_TOTAL"}

def summary(title, fiscal):
    tline, data = block(title)
    inc, exp = [], []
    n_class = 0
    in_carry = False
    for ln, f in data:
        if f[0] in ("收入", "项目", "") and (len(f) < 3 or f[2] in ("项目", "支出", "")) and not (len(f) > 2 and f[2]):
            pass
        name = f[0].strip()
        if name and name not in ("收入", "项目"):
            if fiscal:
                if name == "上年财政拨款结转":
                    key, in_carry = "carryover", True
                elif name in ("一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算"):
                    base = INCOME_KEYS_T1[name]
                    key = "carryover_" + base if in_carry else base
                else:
                    key = INCOME_KEYS_T1[name]
                lvl = 2 if key.startswith("carryover_") else (0 if key in ROLE else 1)
            else:
                key = INCOME_KEYS_T1[name]
                lvl = 0 if key in ROLE else 1
            inc.append(row(ln, name=name, key=key, level=lvl, role=ROLE.get(key, "BK_ROW_DATA"), cells=[f[1] if len(f) > 1 else ""]))
        ename = f[2].strip() if len(f) > 2 else ""
        if ename and ename not in ("支出", "项目"):
            vals = f[3:3 + (4 if fiscal else 3)]
            if ename in EXP_KEYS:
                key = EXP_KEYS[ename]
                exp.append(row(ln, name=ename, key=key, level=0 if key in ROLE else 1, role=ROLE.get(key, "BK_ROW_DATA"), cells=vals))
            else:
                exp.append(row(ln, name=ename, key="f" + CLASS_CODES[n_class], level=1, cells=vals))
                n_class += 1
    assert n_class == 30, (title, n_class)
    ecols = ["total", "general_public", "gov_fund", "state_capital"] if fiscal else ["total", "current", "carryover_use"]
    kind = "budget.fiscal_summary" if fiscal else "budget.summary"
    tables.append((kind, title, tline, [("income", ["amount"], inc), ("expense", ecols, exp)]))

def coded(kind, title, cols, fix=None):
    tline, data = block(title)
    rows = []
    for ln, f in data:
        code, name = f[0].strip(), f[1].strip() if len(f) > 1 else ""
        if name == "合计" or code == "合计":
            vals = f[2:]
            rows.append(row(ln, name="合计", level=0, role="BK_ROW_TOTAL", cells=fix(vals) if fix else vals))
        elif re.fullmatch(r"\d{3,7}", code):
            vals = f[2:]
            rows.append(row(ln, name=name, code=code, level=code_level(code), cells=fix(vals) if fix else vals))
    tables.append((kind, title, tline, [("main", cols, rows)]))

def income_fix(vals):
    # the seed prints an empty column before 单位资金; rows on the second page
    # lost one empty field (8 fields instead of 9): 单位资金 is then blank.
    vals = vals + [""] * 8
    if len([v for v in vals]) and len(vals) - 8 == 7:
        pass
    return vals

def t2():
    title = "2024年预算收入总表"
    tline, data = block(title)
    rows = []
    for ln, f in data:
        code = f[0].strip()
        if code in ("项目", "科目编码"):
            continue
        if len(f) == 9:
            vals = [f[2], f[3], f[4], f[5], f[6], f[7], f[8]]
        elif len(f) == 8:
            vals = [f[2], f[3], f[4], f[5], f[6], "", f[7]]
        else:
            raise SystemExit("T2 line %d: %d fields" % (ln, len(f)))
        if code == "合计":
            rows.append(row(ln, name="合计", level=0, role="BK_ROW_TOTAL", cells=vals))
        else:
            rows.append(row(ln, name=f[1].strip(), code=code, level=code_level(code), cells=vals))
    tables.append(("budget.income", title, tline,
                   [("main", ["total", "general_public", "gov_fund", "state_capital", "special_account", "unit_funds", "carryover"], rows)]))

def t6():
    title = "2024年一般公共预算安排基本支出分经济科目表（不含上年结转）"
    tline, data = block(title)
    rows = []
    for ln, f in data:
        name = f[0].strip()
        if not name or name.startswith("部门预算") or name == "":
            continue
        gov = f[1].strip()
        vals = f[2:5]
        if name == "合计":
            rows.append(row(ln, name=name, level=0, role="BK_ROW_TOTAL", cells=vals, texts=[None]))
        elif not gov:
            rows.append(row(ln, name=name, level=1, cells=vals, texts=[None]))
        else:
            rows.append(row(ln, name=name, level=2, cells=vals, texts=[gov]))
    tables.append(("budget.basic_economic", title, tline, [("main", ["gov_econ_name", "total", "personnel", "public_use"], rows)]))

def t7():
    title = "2024年政府性基金预算收入表（不含上年结转）"
    tline, data = block(title)
    rows = []
    for ln, f in data:
        code = f[0].strip()
        if code == "合计":
            rows.append(row(ln, name="合计", level=0, role="BK_ROW_TOTAL", cells=[f[2]]))
        elif re.fullmatch(r"\d+", code):
            rows.append(row(ln, name=f[1].strip(), code=code, level=code_level(code), cells=[f[2]]))
    tables.append(("budget.gov_fund_income", title, tline, [("main", ["amount"], rows)]))

def t9():
    title = "2024年国有资本经营预算收支预算表（不含上年结转）"
    tline = find(title) + 1
    inc = [row(tline + 9, name="合计", level=0, role="BK_ROW_TOTAL", cells=[""])]
    tables.append(("budget.state_capital", title, tline, [("income", ["amount"], inc), ("expense", ["total", "basic", "project"], [])]))

TP_KEYS = {"因公出国（境）费": "travel_abroad", "公务接待费": "reception", "公务用车购置及运行费": "vehicle",
           "①公务用车购置费": "vehicle_purchase", "②公务用车运行维护费": "vehicle_operation", "合计": "total"}

def t10():
    title = "2024年财政拨款安排“三公”经费支出预算表"
    tline, data = block(title)
    rows = []
    for ln, f in data:
        name = f[0].strip()
        if name in TP_KEYS:
            key = TP_KEYS[name]
            rows.append(row(ln, name=name, key=key, level=0 if key == "total" else (2 if name[0] in "①②" else 1),
                            role="BK_ROW_TOTAL" if key == "total" else "BK_ROW_DATA", cells=f[1:5]))
    tables.append(("budget.three_public", title, tline, [("main", ["total", "general_public", "gov_fund", "state_capital"], rows)]))

def t11():
    title = "2024年财政拨款安排机关运行经费预算表"
    tline, data = block(title)
    rows = []
    for ln, f in data:
        name = f[0].strip()
        if name in ("单位名称", ""):
            continue
        if name == "部门合计":
            rows.append(row(ln, name=name, level=0, role="BK_ROW_TOTAL", cells=f[1:5]))
        else:
            rows.append(row(ln, name=name, level=1, cells=f[1:5]))
    tables.append(("budget.operating_costs", title, tline, [("main", ["total", "general_public", "gov_fund", "state_capital"], rows)]))

UNITS = ["忻州市民政局", "忻州市社会福利院", "忻州市救助站", "忻州市社会福利精神康宁医院", "忻州市福利彩票发行中心", "忻州市社会救助服务中心"]

def projects(kind, title, cols):
    tline, data = block(title)
    rows = []
    for ln, f in data:
        name = f[0].strip()
        if name in ("项目名称", "", "1"):
            continue
        vals = f[1:1 + len(cols)]
        if not rows:
            rows.append(row(ln, name=name, level=0, role="BK_ROW_TOTAL", cells=vals))
        elif name in UNITS and not (name == "忻州市民政局" and len(rows) > 1):
            rows.append(row(ln, name=name, level=1, role="BK_ROW_SUBTOTAL", cells=vals))
        else:
            rows.append(row(ln, name=name, level=2, cells=vals))
    tables.append((kind, title, tline, [("main", cols, rows)]))

summary("2024年预算收支总表", False)
t2()
coded("budget.expense", "2024年预算支出总表", ["total", "basic", "project"])
summary("2024年财政拨款收支总表", True)
coded("budget.general_public_expense", "2024年一般公共预算支出预算表（不含上年结转）", ["total", "basic", "project"])
t6()
t7()
coded("budget.gov_fund_expense", "2024年政府性基金预算支出表（不含上年结转）", ["total", "basic", "project"])
t9()
t10()
t11()
projects("budget.projects", "2024年项目支出预算表（本年预算）",
         ["total", "general_public", "gov_fund", "state_capital", "special_account", "unit_funds"])
projects("budget.projects_carryover", "2024年项目支出预算表（上年结转）", ["total", "general_public", "gov_fund", "state_capital"])

# ---- performance forms ----
forms = []
dep = find("市级预算部门（单位）整体支出绩效目标申报表")
dep_amounts = [("by_source", "total", "合计", "7762.27")]
for j in range(dep, dep + 20):
    f = [x.strip() for x in lines[j].split("\t")]
    if "年度预算情况" in f[0] or (len(f) > 1 and f[0] == "" and f[1] in ("合计",) ):
        pass
SRC = {"合计": "total", "其中：一般公共预算资金": "general_public", "政府性基金预算资金": "gov_fund",
       "国有资本经营预算资金": "state_capital", "社会保险基金预算资金": "social_insurance", "专户管理资金": "special_account",
       "单位资金": "unit_funds"}
DIR = {"合计": "total", "其中：基本支出": "basic", "项目支出": "project"}
dep_amounts = []
for j in range(dep, dep + 25):
    f = [x.strip() for x in lines[j].split("\t")]
    cells = [x for x in f if x != "" and x not in ("年度预算情况",)]
    if len(cells) >= 2 and cells[0] in SRC and re.fullmatch(r"[\d.]+", cells[1]):
        dep_amounts.append(("by_source", SRC[cells[0]], cells[0], cells[1], j + 1))
        if len(cells) >= 4 and cells[2] in DIR:
            dep_amounts.append(("by_direction", DIR[cells[2]], cells[2], cells[3], j + 1))
assert len(dep_amounts) == 10, dep_amounts
forms.append(dict(kind="BK_PERF_DEPARTMENT", title="市级预算部门（单位）整体支出绩效目标申报表", line=dep + 1, name=None,
                  unit="BK_UNIT_WAN_YUAN", amounts=dep_amounts))

LEVELS = ["total", "central", "provincial", "local", "self_raised", "other"]
for j, l in enumerate(lines):
    if not l.startswith("项目资金"):
        continue
    k = j
    while not lines[k].startswith("项目名称"):
        k -= 1
    name = [x for x in lines[k].split("\t")[1:] if x.strip()][0].strip()
    amounts = []
    for i in range(6):
        toks = [x.strip() for x in lines[j + i].split("\t") if x.strip()]
        if toks and toks[0].startswith("项目资金"):
            toks = toks[1:]
        pairs = []
        for t in toks:
            if re.fullmatch(r"[\d,]+", t):
                if pairs and pairs[-1][1] is None:
                    pairs[-1][1] = t.replace(",", "")
            else:
                pairs.append([t, None])
        assert len(pairs) == 2, (j + i + 1, toks)
        amounts.append(("implementation", LEVELS[i], pairs[0][0], pairs[0][1], j + i + 1))
        amounts.append(("annual", LEVELS[i], pairs[1][0], pairs[1][1], j + i + 1))
    forms.append(dict(kind="BK_PERF_PROJECT", title="忻州市市级预算部门（单位）项目支出绩效目标表", line=k + 1, name=name,
                      unit="BK_UNIT_YUAN", amounts=amounts))

# ---- sections of 第三部分 ----
start = find("第三部分 2024年度部门预算情况说明")
end = find("（项目绩效目标表公开情况见附件）")
sections = []
for j in range(start + 1, end):
    t = lines[j].strip()
    if not t:
        continue
    if re.match(r"^[一二三四五六七八九十]+、", t):
        sections.append([t, [], j + 1])
    elif sections:
        sections[-1][1].append(t)

# ---- emit ----
o = []
w = o.append
w("/* Generated by gen_seed_fixture.py from the seed disclosure: do not edit. */")
w('#include "seed_fixture.h"')
w("")
w("static const fx_row *const NO_ROWS = NULL;")
for ti, (kind, title, tline, panels) in enumerate(tables):
    for pi, (pkey, cols, rows) in enumerate(panels):
        if not rows:
            continue
        w("static const fx_row T%d_P%d[] = {" % (ti, pi))
        for r in rows:
            cells = [amt(x) for x in (r["cells"] + [""] * 8)[:8]]
            texts = r["texts"] or [None]
            w("    {%s, %s, %s, %d, %s, %s, {%s}, %d}," % (c(r["key"]), c(r["code"]), c(r["name"]), r["level"], r["role"],
                                                       c(texts[0]), ", ".join(cells), r["line"]))
        w("};")
for ti, (kind, title, tline, panels) in enumerate(tables):
    for pi, (pkey, cols, rows) in enumerate(panels):
        w("static const char *const T%d_C%d[] = {%s, NULL};" % (ti, pi, ", ".join(c(x) for x in cols)))
w("const fx_table SEED_TABLES[] = {")
for ti, (kind, title, tline, panels) in enumerate(tables):
    ps = []
    for pi, (pkey, cols, rows) in enumerate(panels):
        ps.append("{%s, T%d_C%d, %s, %d}" % (c(pkey), ti, pi, ("T%d_P%d" % (ti, pi)) if rows else "NO_ROWS", len(rows)))
    w("    {%s, %s, %d, %d, {%s}}," % (c(kind), c(title), tline, len(panels), ", ".join(ps)))
w("};")
w("const size_t SEED_N_TABLES = %d;" % len(tables))
for fi, f in enumerate(forms):
    w("static const fx_amount F%d_A[] = {" % fi)
    for g, k, lab, v, ln in f["amounts"]:
        w("    {%s, %s, %s, %s, %d}," % (c(g), c(k), c(lab), amt(v), ln))
    w("};")
w("const fx_form SEED_FORMS[] = {")
for fi, f in enumerate(forms):
    w("    {%s, %s, %s, %s, %d, F%d_A, %d}," % (f["kind"], c(f["title"]), c(f["name"]), f["unit"], f["line"], fi, len(f["amounts"])))
w("};")
w("const size_t SEED_N_FORMS = %d;" % len(forms))
w("const fx_section SEED_SECTIONS[] = {")
for h, paras, ln in sections:
    w("    {%s, %s, %d}," % (c(h), c("\n".join(paras)), ln))
w("};")
w("const size_t SEED_N_SECTIONS = %d;" % len(sections))
print("\n".join(o))
