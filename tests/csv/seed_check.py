#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check the seed as imported (given in the csv plugin's long layout) against the
published document: figures in every table, the rows the PDF text mangles, the
forms, the sections and the document facts. Figures are copied from the seed text
(/work/shared/seed/000_b39ab111367c9db1.txt, line numbers in comments)."""
import csv
import sys

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


def load(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


rows = load(sys.argv[1])
tables = [r for r in rows if r["record"] == "table"]
cells = [r for r in rows if r["record"] == "cell"]


def table(kind):
    t = [x for x in tables if x["table_kind"] == kind]
    if len(t) != 1:
        fail(f"{kind}: {len(t)} tables")
        return None
    return t[0]


def table_rows(kind, panel="main"):
    """{row_order: {'name','code','key','role','level','parent', column_key: value}}"""
    t = table(kind)
    out = {}
    if not t:
        return out
    for c in cells:
        if c["seq"] != t["seq"] or c["panel"] != panel:
            continue
        r = out.setdefault(int(c["row_order"]), {
            "name": c["row_name"], "code": c["row_code"], "key": c["row_key"], "role": c["row_role"],
            "level": c["level"], "parent": c["parent"]})
        r[c["column_key"]] = c["value"] or c["text"]
    return out


def find(rs, **kw):
    return [i for i, r in sorted(rs.items()) if all(r.get(k) == v for k, v in kw.items())]


def expect(kind, panel, where, col, value):
    rs = table_rows(kind, panel)
    hits = find(rs, **where)
    if len(hits) != 1:
        fail(f"{kind}/{panel}: {where} matches {len(hits)} rows")
        return
    got = rs[hits[0]].get(col)
    if got != value:
        fail(f"{kind}/{panel} {where} {col} = {got!r}, published {value!r}")


# ---- 13 tables, in order
kinds = [t["table_kind"] for t in tables]
want = ["budget.summary", "budget.income", "budget.expense", "budget.fiscal_summary",
        "budget.general_public_expense", "budget.basic_economic", "budget.gov_fund_income",
        "budget.gov_fund_expense", "budget.state_capital", "budget.three_public", "budget.operating_costs",
        "budget.projects", "budget.projects_carryover"]
if kinds != want:
    fail(f"table kinds {kinds}")
for t in tables:
    if t["unit"] != "wan_yuan" or t["unit_label"] != "万元" or t["department"] != "忻州市民政局" or t["scale"] != "2":
        fail(f"{t['table_kind']}: unit/department/scale {t['unit']} {t['unit_label']} {t['department']} {t['scale']}")

# T1 收支总表 (lines 100-135)
S = "budget.summary"
expect(S, "income", {"key": "general_public"}, "amount", "4000.70")
expect(S, "income", {"key": "unit_funds"}, "amount", "3240.00")
expect(S, "income", {"key": "income_subtotal"}, "amount", "7762.27")
expect(S, "income", {"key": "carryover"}, "amount", "498.73")
expect(S, "income", {"key": "income_total"}, "amount", "8261.00")
expect(S, "expense", {"key": "f208"}, "total", "7247.20")
expect(S, "expense", {"key": "f208"}, "carryover_use", "399.04")
expect(S, "expense", {"key": "f210"}, "current", "126.21")
expect(S, "expense", {"key": "expense_total"}, "total", "8261.00")
if len(table_rows(S, "expense")) != 33:
    fail("收支总表 expense: 30 类 + 3 closing rows expected")
if table(S) and table(S)["table_number"] != "预算公开表1":
    fail("收支总表 numbering label")

# T2 收入总表 (lines 143-188), incl. the rows after the page break (169-188, one field short)
I = "budget.income"
expect(I, "main", {"name": "合计"}, "total", "7762.27")
expect(I, "main", {"name": "合计"}, "carryover", "498.73")
expect(I, "main", {"code": "208"}, "unit_funds", "3240.00")
expect(I, "main", {"code": "20810"}, "carryover", "275.21")
expect(I, "main", {"code": "2081001"}, "carryover", "88.96")
expect(I, "main", {"code": "210"}, "total", "126.21")
expect(I, "main", {"code": "210"}, "carryover", "30.52")   # NOT 单位资金
expect(I, "main", {"code": "210"}, "unit_funds", "")
expect(I, "main", {"code": "21004"}, "carryover", "30.52")
expect(I, "main", {"code": "229"}, "gov_fund", "521.56")
expect(I, "main", {"code": "229"}, "carryover", "69.18")
expect(I, "main", {"code": "2296002"}, "carryover", "60.31")
r = table_rows(I)
h = find(r, code="2100409")
if not h or r[int(r[h[0]]["parent"])]["code"] != "21004":
    fail("收入总表 2100409 parent should be 21004")

# T3 支出总表 (lines 196-241)
E = "budget.expense"
expect(E, "main", {"name": "合计"}, "total", "8261.00")
expect(E, "main", {"name": "合计"}, "basic", "6644.08")
expect(E, "main", {"name": "合计"}, "project", "1616.92")
expect(E, "main", {"code": "208"}, "basic", "6092.72")
expect(E, "main", {"code": "2081005"}, "project", "484.60")
expect(E, "main", {"code": "22908"}, "total", "204.43")

# T4 财政拨款收支总表 (lines 249-288)
F = "budget.fiscal_summary"
expect(F, "income", {"key": "income_subtotal"}, "amount", "4522.27")
expect(F, "income", {"key": "carryover_general_public"}, "amount", "429.56")
expect(F, "income", {"key": "carryover_gov_fund"}, "amount", "69.18")
expect(F, "income", {"key": "income_total"}, "amount", "5021.00")
expect(F, "expense", {"key": "f208"}, "total", "4007.20")
expect(F, "expense", {"key": "expense_total"}, "general_public", "4430.26")
expect(F, "expense", {"key": "expense_total"}, "gov_fund", "590.74")

# T5 一般公共预算支出 (lines 296-337)
G = "budget.general_public_expense"
expect(G, "main", {"name": "合计"}, "total", "4000.70")
expect(G, "main", {"name": "合计"}, "basic", "3218.52")
expect(G, "main", {"code": "208"}, "project", "755.43")
expect(G, "main", {"code": "2080299"}, "basic", "123.09")
expect(G, "main", {"code": "2101102"}, "total", "112.71")
expect(G, "main", {"code": "229"}, "total", "")
if not find(table_rows(G), code="2296002"):
    fail("一般公共预算支出: the empty row 2296002 after the page break is missing")

# T6 基本支出经济科目 (lines 346-395): no codes, name pairs, two 公务用车运行维护费 rows
B = "budget.basic_economic"
expect(B, "main", {"name": "合计"}, "total", "3218.52")
expect(B, "main", {"name": "合计"}, "personnel", "2859.12")
expect(B, "main", {"name": "合计"}, "public_use", "359.40")
expect(B, "main", {"name": "工资福利支出"}, "total", "2509.14")
expect(B, "main", {"name": "基本工资", "gov_econ_name": "工资福利支出"}, "total", "861.53")
expect(B, "main", {"name": "办公设备购置"}, "public_use", "19.79")
rb = table_rows(B)
car = find(rb, name="公务用车运行维护费")
if [rb[i]["public_use"] for i in car] != ["6.00", "7.20"]:
    fail(f"经济科目 公务用车运行维护费 rows: {[rb[i].get('public_use') for i in car]}")
for i in car:
    if rb[i]["level"] != "2" or rb[int(rb[i]["parent"])]["name"] != "商品和服务支出":
        fail("经济科目 公务用车运行维护费 should sit under 商品和服务支出")

# T7, T8 政府性基金 (lines 403-424)
expect("budget.gov_fund_income", "main", {"name": "合计"}, "amount", "521.56")
expect("budget.gov_fund_income", "main", {"code": "103"}, "amount", "521.56")
expect("budget.gov_fund_income", "main", {"code": "10301"}, "amount", "521.56")
expect("budget.gov_fund_income", "main", {"code": "1030155"}, "amount", "326.00")
expect("budget.gov_fund_income", "main", {"code": "1030180"}, "amount", "195.56")
GE = "budget.gov_fund_expense"
expect(GE, "main", {"name": "合计"}, "basic", "185.56")
expect(GE, "main", {"name": "合计"}, "project", "336.00")
expect(GE, "main", {"code": "22908"}, "project", "10.00")
expect(GE, "main", {"code": "2290804"}, "basic", "185.56")
expect(GE, "main", {"code": "22960"}, "total", "326.00")

# T9 国有资本经营 (lines 426-439): empty, with its note, two panels
SC = table("budget.state_capital")
if SC:
    if SC["note"] != "注：本表无数据" or SC["table_number"] != "部门公开表9":
        fail(f"国有资本经营: note/number {SC['note']!r} {SC['table_number']!r}")
    panels = [r["panel"] for r in rows if r["record"] == "panel" and r["seq"] == SC["seq"]]
    if panels != ["income", "expense"]:
        fail(f"国有资本经营 panels {panels}")
    cols = [r["column_key"] for r in rows if r["record"] == "column" and r["seq"] == SC["seq"]]
    if cols != ["amount", "total", "basic", "project"]:
        fail(f"国有资本经营 columns {cols}")
    expect("budget.state_capital", "income", {"name": "合计"}, "amount", "")
    if table_rows("budget.state_capital", "expense"):
        fail("国有资本经营 expense panel should have no rows")

# T10 三公 (lines 449-456)
T = "budget.three_public"
expect(T, "main", {"key": "vehicle"}, "total", "13.20")
expect(T, "main", {"key": "vehicle_operation"}, "general_public", "13.20")
expect(T, "main", {"key": "vehicle_purchase"}, "total", "")
expect(T, "main", {"key": "travel_abroad"}, "total", "")
expect(T, "main", {"key": "total"}, "total", "13.20")

# T11 机关运行经费 (lines 464-467)
O = "budget.operating_costs"
expect(O, "main", {"name": "部门合计"}, "total", "65.14")
expect(O, "main", {"name": "部门合计"}, "general_public", "65.14")
expect(O, "main", {"name": "忻州市民政局"}, "total", "65.14")
expect(O, "main", {"name": "忻州市民政局"}, "general_public", "65.14")
expect(O, "main", {"name": "忻州市民政局"}, "gov_fund", "")

# T12 项目支出(本年) (lines 475-514): department and unit rows carry the same name
P = "budget.projects"
rp = table_rows(P)
same = find(rp, name="忻州市民政局")
if [(rp[i]["role"], rp[i]["level"], rp[i]["total"]) for i in same] != [("total", "0", "1118.18"), ("subtotal", "1", "109.39")]:
    fail(f"项目支出 忻州市民政局 rows: {[(rp[i]['role'], rp[i]['level'], rp[i]['total']) for i in same]}")
expect(P, "main", {"name": "忻州市民政局", "role": "total"}, "general_public", "782.18")
expect(P, "main", {"name": "忻州市民政局", "role": "total"}, "gov_fund", "336.00")
for name, vals, unit in [("民政事业工作经费", ["12.00", "8.00"], "忻州市民政局"),
                         ("救助工作经费", ["15.00", "56.00"], "忻州市救助站"),
                         ("驻村干部补助经费", ["2.80", "8.40"], None)]:
    hits = find(rp, name=name)
    if [rp[i]["total"] for i in hits] != vals:
        fail(f"项目支出 {name}: {[rp[i]['total'] for i in hits]}")
    for i in hits:
        if rp[i]["level"] != "2" or (unit and rp[int(rp[i]["parent"])]["name"] != unit):
            fail(f"项目支出 {name} row {i}: level {rp[i]['level']} parent {rp[i]['parent']}")
expect(P, "main", {"name": "忻州市社会福利院"}, "total", "757.90")
expect(P, "main", {"name": "社会救助工作经费"}, "total", "20.00")
units = [rp[i]["name"] for i in find(rp, role="subtotal")]
if len(units) != 6:
    fail(f"项目支出: 6 unit rows expected, got {units}")

# T13 项目支出(上年结转) (lines 522-543)
PC = "budget.projects_carryover"
expect(PC, "main", {"name": "忻州市民政局", "role": "total"}, "total", "498.74")
expect(PC, "main", {"name": "忻州市民政局", "role": "subtotal"}, "total", "46.07")
expect(PC, "main", {"name": "忻州市社会福利院"}, "gov_fund", "31.41")
expect(PC, "main", {"name": "各市福彩中心经费"}, "gov_fund", "8.86")
expect(PC, "main", {"name": "忻州市救灾物资储备库建设项目"}, "general_public", "0.65")

# ---- performance-target forms (lines 620-1409)
forms = [r for r in rows if r["record"] == "form"]
dept = [f for f in forms if f["table_kind"] == "perf.department"]
proj = [f for f in forms if f["table_kind"] == "perf.project"]
if len(dept) != 1 or len(proj) != 22:
    fail(f"forms: {len(dept)} department, {len(proj)} project")


def form_items(seq, record):
    return [r for r in rows if r["record"] == record and r["seq"] == seq and r["table_kind"] in ("perf.department", "perf.project")]


if dept:
    am = {(a["panel"], a["column_key"]): a["value"] for a in form_items(dept[0]["seq"], "form_amount")}
    for k, v in [(("by_source", "total"), "7762.27"), (("by_source", "general_public"), "4000.70"),
                 (("by_source", "unit_funds"), "3240.00"), (("by_direction", "basic"), "6644.08"),
                 (("by_direction", "project"), "1118.18")]:
        if am.get(k) != v:
            fail(f"部门整体 form {k} = {am.get(k)!r}, published {v}")
    fields = {f["column_key"]: f["text"] for f in form_items(dept[0]["seq"], "form_field")}
    if fields.get("department_name") != "305-忻州市民政局" or fields.get("authorized_staff") != "220人":
        fail(f"部门整体 form fields {fields.get('department_name')} {fields.get('authorized_staff')}")
    if len(form_items(dept[0]["seq"], "form_task")) != 7:
        fail("部门整体 form: 7 key tasks expected")
    inds = form_items(dept[0]["seq"], "indicator")
    if len(inds) != 23 or any(i["level1"] not in ("产出指标", "效益指标", "满意度指标") for i in inds):
        fail(f"部门整体 form indicators: {len(inds)}")
annual_total = 0
for f in proj:
    am = {(a["panel"], a["column_key"]): a["value"] for a in form_items(f["seq"], "form_amount")}
    if not am.get(("annual", "total")) or not am.get(("implementation", "total")):
        fail(f"project form {f['seq']}: funding totals missing")
    else:
        annual_total += int(am[("annual", "total")])
    inds = form_items(f["seq"], "indicator")
    if not inds or any(i["period"] not in ("implementation", "annual") or not i["level1"] for i in inds):
        fail(f"project form {f['seq']}: indicators")
    names = [x["text"] for x in form_items(f["seq"], "form_field") if x["column_key"] == "project_name"]
    if len(names) != 1 or not names[0]:
        fail(f"project form {f['seq']}: project_name")
if annual_total != 7477748:  # domain.md V39: the 22 tables sum to 7,477,748 元
    fail(f"project forms 年度资金总额 sum {annual_total}")
first = proj[0] if proj else None
if first:
    fl = {x["column_key"]: x["text"] for x in form_items(first["seq"], "form_field")}
    if fl.get("project_name") != "民政事业工作经费" or fl.get("fill_date") != "20231007181821":
        fail(f"first project form fields {fl.get('project_name')} {fl.get('fill_date')}")

# ---- sections (keyed by heading, in order)
secs = [r for r in rows if r["record"] == "section"]
heads = [s["row_name"] for s in secs]
for h in ["第一部分 概况", "一、本部门职责", "二、机构设置情况", "第三部分 2024年度部门预算情况说明",
          "一、部门预算收支数据变动情况及原因", "十、绩效管理情况", "十二、其他说明", "第四部分 名词解释"]:
    if h not in heads:
        fail(f"section {h} missing")
third = heads.index("第三部分 2024年度部门预算情况说明") if "第三部分 2024年度部门预算情况说明" in heads else -1
level2 = [s["row_name"] for s in secs[third + 1:] if s["level"] == "2"]
if len([h for h in level2 if h and h[0] in "一二三四五六七八九十"]) != 12:
    fail(f"第三部分 headings: {level2}")
if len(secs) != 25:
    fail(f"{len(secs)} sections")

# ---- document facts
facts = {r["column_key"]: r["text"] for r in rows if r["record"] == "doc"}
for k, v in [("fiscal_year", "2024"), ("kind", "budget"), ("department_name", "忻州市民政局"),
             ("department_code", "305"), ("region", "忻州市"), ("level", "市级")]:
    if facts.get(k) != v:
        fail(f"document {k} = {facts.get(k)!r}, expected {v}")
units = [r["row_name"] for r in rows if r["record"] == "unit"]
if len(units) != 6 or units[0] != "忻州市民政局":
    fail(f"budget units {units}")

print(f"seed_check: {failures} failures")
sys.exit(1 if failures else 0)
