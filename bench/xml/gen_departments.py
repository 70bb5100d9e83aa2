#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate a canonical budgetkit submission XML with N departments.

    gen_departments.py N OUT.xml

Each department brings a budget unit, a 支出总表-shaped table (about 30
rows of 类/款/项 codes x 5 amount columns, some cells blank, scale 2) and a
项目支出绩效目标表 with fields, funding figures and 8 indicators. 10,000
departments make about 110 MB. The output is deterministic for a given N and
valid against schemas/budgetkit.xsd. Reading it needs -o limit.tables=N or more
(the default limit is 10,000 tables).
"""
import random
import sys
from xml.sax.saxutils import escape, quoteattr

CLASSES = [
    ("201", "一般公共服务支出", [("20101", "人大事务", ["2010101", "2010102"]),
                                ("20103", "政府办公厅（室）及相关机构事务", ["2010301", "2010350"])]),
    ("208", "社会保障和就业支出", [("20802", "民政管理事务", ["2080201", "2080208", "2080299"]),
                                  ("20805", "行政事业单位养老支出", ["2080505", "2080506"]),
                                  ("20819", "最低生活保障", ["2081901", "2081902"])]),
    ("210", "卫生健康支出", [("21011", "行政事业单位医疗", ["2101101", "2101102", "2101103"])]),
    ("221", "住房保障支出", [("22102", "住房改革支出", ["2210201", "2210203"])]),
]
ITEM_NAMES = ["行政运行", "一般行政管理事务", "机关服务", "事业运行", "其他支出", "城市最低生活保障金支出",
              "农村最低生活保障金支出", "行政单位医疗", "事业单位医疗", "公务员医疗补助", "住房公积金", "购房补贴"]
COLUMNS = [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"),
           ("personnel", "基本支出/人员经费"), ("public_funds", "基本支出/公用经费")]
CITIES = ["忻州市", "太原市", "大同市", "阳泉市", "长治市", "晋城市", "朔州市", "晋中市", "运城市", "临汾市", "吕梁市"]
BUREAUS = ["民政局", "教育局", "卫生健康委员会", "财政局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局",
           "农业农村局", "水利局", "文化和旅游局", "应急管理局", "市场监督管理局"]


def money(rng, lo, hi):
    cents = rng.randint(lo * 100, hi * 100)
    return cents


def fmt(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return "%s%d.%02d" % (sign, cents // 100, cents % 100)


def department(out, i, rng):
    city = CITIES[i % len(CITIES)]
    name = "%s%s（第%d号）" % (city, BUREAUS[i % len(BUREAUS)], i + 1)
    code = "%06d" % (100000 + i)
    w = out.write
    w('  <table kind="budget.expense" title="2024年支出预算总表" number-label="预算公开表3" department=%s '
      'unit="wan_yuan" unit-label="万元" scale="2">\n' % quoteattr(name))
    w('    <panel key="main" code-label="科目编码" name-label="科目名称">\n')
    for key, label in COLUMNS:
        w('      <column key="%s" label="%s" type="amount"/>\n' % (key, label))
    rows = []
    for ccode, cname, kuans in CLASSES:
        rows.append((ccode, cname, 1, -1))
        cidx = len(rows) - 1
        for kcode, kname, xiangs in kuans:
            rows.append((kcode, kname, 2, cidx))
            kidx = len(rows) - 1
            for xcode in xiangs:
                rows.append((xcode, ITEM_NAMES[int(xcode) % len(ITEM_NAMES)], 3, kidx))
    total = 0
    for n, (rcode, rname, level, parent) in enumerate(rows):
        basic = money(rng, 0, 900)
        project = money(rng, 0, 400) if rng.random() < 0.7 else None
        personnel = money(rng, 0, basic // 100) if basic else 0
        total_row = basic + (project or 0)
        total += total_row if level == 1 else 0
        attrs = 'code="%s" name=%s level="%d"' % (rcode, quoteattr(rname), level)
        if parent >= 0:
            attrs += ' parent="%d"' % parent
        w('      <row %s>\n' % attrs)
        w('        <amount>%s</amount>\n' % fmt(total_row))
        w('        <amount>%s</amount>\n' % fmt(basic))
        w('        <amount>%s</amount>\n' % fmt(project) if project is not None else '        <blank/>\n')
        w('        <amount>%s</amount>\n' % fmt(personnel))
        w('        <amount>%s</amount>\n' % fmt(basic - personnel))
        w('      </row>\n')
    w('      <row key="total" name="合计" role="total">\n')
    w('        <amount>%s</amount>\n        <blank/>\n        <blank/>\n        <blank/>\n        <blank/>\n' % fmt(total))
    w('      </row>\n    </panel>\n  </table>\n')
    return name, code


def perf(out, name, rng):
    w = out.write
    w('  <performance-target kind="project" title="项目支出绩效目标表" period-label="（2024）年度" unit="yuan">\n')
    w('    <field key="project_name" label="项目名称">\n      <value>%s困难群众救助补助资金</value>\n    </field>\n' % escape(name))
    w('    <field key="department" label="主管部门">\n      <value>%s</value>\n    </field>\n' % escape(name))
    w('    <field key="overview" label="项目概况">\n      <value>保障城乡低保对象、特困人员基本生活，按月足额发放。\n'
      '资金实行专账管理、专款专用。</value>\n    </field>\n')
    total = money(rng, 100000, 9000000)
    w('    <funding group="annual" key="total" label="年度资金总额">\n      <amount>%s</amount>\n    </funding>\n' % fmt(total))
    w('    <funding group="annual" key="central" label="其中：中央财政资金">\n      <blank/>\n    </funding>\n')
    for k in range(8):
        l1, l2 = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"),
                  ("满意度指标", "服务对象满意度指标")][k % 4]
        pct = rng.randint(80, 100)
        w('    <indicator period="annual" level1="%s" level2="%s" level3="指标%d" value="≥%d%%" op="≥" '
          'number="%d" unit="%%"/>\n' % (l1, l2, k + 1, pct, pct))
    w('  </performance-target>\n')


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    rng = random.Random(n)
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<submission version="1.0" fiscal-year="2024" kind="budget" '
                  'title="2024年部门预算公开（汇总）" region="山西省" level="省级" xmlns="urn:budgetkit:submission:1">\n')
        names = []
        for i in range(n):
            names.append(("%06d" % (100000 + i), "%s%s（第%d号）" % (CITIES[i % len(CITIES)], BUREAUS[i % len(BUREAUS)], i + 1)))
        for code, name in names:
            out.write('  <unit code="%s" name=%s type="行政单位"/>\n' % (code, quoteattr(name)))
        for i in range(n):
            department(out, i, rng)
        rng2 = random.Random(n + 1)
        for _, name in names:
            perf(out, name, rng2)
        out.write('  <section heading="第一部分 部门概况" level="1">\n    <text>汇总 %d 个部门。</text>\n  </section>\n' % n)
        out.write('</submission>\n')


if __name__ == "__main__":
    main()
