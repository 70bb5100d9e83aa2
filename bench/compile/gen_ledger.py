#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Generate a realistic finance-system ledger (long CSV, amounts in 元).

usage: gen_ledger.py LINES DEPARTMENTS OUT.csv [SEED]

One line per unit × 功能分类 × 经济分类 × fund × 基本/项目 × project, like a
预算管理一体化 export. Deterministic for a given seed (default 2024).

Distributions (chosen to look like the seed and the Shanghai/MoF samples):
 - departments have 1-8 units (本级 first, a 行政单位; the rest mostly 事业单位);
 - 功能分类: each department draws a home 类 (民政 208, 教育 205, 卫生 210, …)
   that takes about 70% of its lines; the rest spread over 201/208/210/221
   (行政运行, 养老保险缴费, 医疗, 住房公积金 as every department has) with a
   Zipf-like weight;
 - 70% 基本支出 (人员类 on 301/303, 公用经费 on 302/310), 30% 项目支出
   (特定目标类, 20 projects per unit);
 - 人员经费 lines for 养老保险 (30108), 医疗保险 (30110), 住房公积金 (30113) and
   离退休费 (30301/30302) sit on their own 功能分类 项 (2080505, 2101101/2, 2210201,
   2080501/2), as in real ledgers and as the validator's soft rule V36 expects;
 - funds: 一般公共预算 76%, 政府性基金 8%, 国有资本经营 1%, 财政专户 3%,
   单位资金 12%; 15% of the 项目支出 lines of fiscal funds are 上年结转 (财政拨款结转);
 - amounts: log-normal around 8,000 元, 2 decimals.
"""
import random
import sys

FUNCS = [
    ("2010101", "行政运行"), ("2010301", "行政运行"), ("2010350", "事业运行"), ("2013299", "其他组织事务支出"),
    ("2040201", "行政运行"), ("2050201", "学前教育"), ("2050202", "小学教育"), ("2050203", "初中教育"),
    ("2050204", "高中教育"), ("2070101", "行政运行"), ("2080101", "行政运行"), ("2080201", "行政运行"),
    ("2080202", "一般行政管理事务"), ("2080207", "行政区划和地名管理"), ("2080299", "其他民政管理事务支出"),
    ("2080501", "行政单位离退休"), ("2080502", "事业单位离退休"), ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"), ("2080801", "死亡抚恤"), ("2080899", "其他优抚支出"),
    ("2081001", "儿童福利"), ("2081002", "老年福利"), ("2081005", "社会福利事业单位"), ("2081901", "城市最低生活保障金支出"),
    ("2082001", "临时救助支出"), ("2082002", "流浪乞讨人员救助支出"), ("2089999", "其他社会保障和就业支出"),
    ("2100101", "行政运行"), ("2100409", "重大公共卫生服务"), ("2100799", "其他计划生育事务支出"),
    ("2101101", "行政单位医疗"), ("2101102", "事业单位医疗"), ("2101103", "公务员医疗补助"), ("2120101", "行政运行"),
    ("2130101", "行政运行"), ("2130599", "其他巩固脱贫攻坚成果衔接乡村振兴支出"), ("2210201", "住房公积金"),
    ("2210202", "提租补贴"), ("2210203", "购房补贴"), ("2230199", "其他解决历史遗留问题及改革成本支出"),
    ("2290804", "福利彩票销售机构的业务费支出"), ("2290808", "彩票市场调控资金支出"), ("2296002", "用于社会福利的彩票公益金支出"),
]
COMMON = ["2080505", "2080506", "2101101", "2101102", "2210201", "2080501", "2080502"]
HOMES = ["201", "204", "205", "207", "208", "210", "212", "213"]
PERSONNEL = [("30101", "基本工资", "50101"), ("30102", "津贴补贴", "50101"), ("30103", "奖金", "50101"),
             ("30107", "绩效工资", "50501"), ("30108", "机关事业单位基本养老保险缴费", "50102"),
             ("30110", "职工基本医疗保险缴费", "50102"), ("30113", "住房公积金", "50103"),
             ("30302", "退休费", "50905"), ("30399", "其他对个人和家庭的补助", "50999")]
# 人员经费 items that have their own 功能分类 项 (the rest go wherever the line's function is)
PERSONNEL_FUNC = {"30108": ["2080505"], "30110": ["2101101", "2101102"], "30113": ["2210201"],
                  "30301": ["2080501"], "30302": ["2080501", "2080502"]}
FUNC_PERSONNEL = {f for fs in PERSONNEL_FUNC.values() for f in fs}
PUBLIC = [("30201", "办公费", "50201"), ("30205", "水费", "50201"), ("30206", "电费", "50201"),
          ("30211", "差旅费", "50201"), ("30215", "会议费", "50202"), ("30216", "培训费", "50203"),
          ("30217", "公务接待费", "50206"), ("30228", "工会经费", "50299"), ("30231", "公务用车运行维护费", "50208"),
          ("30299", "其他商品和服务支出", "50299"), ("31002", "办公设备购置", "50306")]
PROJECT_ECON = [("30226", "劳务费", "50205"), ("30227", "委托业务费", "50205"), ("30299", "其他商品和服务支出", "50299"),
                ("30305", "生活补助", "50901"), ("31002", "办公设备购置", "50306"), ("31013", "公务用车购置", "50303")]
FISCAL = ("一般公共预算", "政府性基金", "国有资本经营预算")
FUNDS = [("一般公共预算", 76), ("政府性基金", 8), ("国有资本经营预算", 1), ("财政专户管理资金", 3), ("单位资金", 12)]
CITY = "忻州市"
DEPT_WORDS = ["民政局", "教育局", "卫生健康委员会", "财政局", "公安局", "文化和旅游局", "农业农村局", "住房和城乡建设局",
              "人力资源和社会保障局", "交通运输局", "水利局", "自然资源局", "生态环境局", "审计局", "统计局", "商务局"]
UNIT_WORDS = ["服务中心", "事务中心", "研究所", "管理站", "学校", "医院", "福利院", "救助站"]


def main():
    lines, depts, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 2024)
    funcs = dict(FUNCS)
    by_class = {}
    for code, _ in FUNCS:
        by_class.setdefault(code[:3], []).append(code)
    fund_names = [f for f, _ in FUNDS]
    fund_weights = [w for _, w in FUNDS]
    plan = []
    for d in range(depts):
        code = "%03d" % (101 + d)
        name = CITY + DEPT_WORDS[d % len(DEPT_WORDS)] + ("" if d < len(DEPT_WORDS) else "%d" % (d // len(DEPT_WORDS)))
        home = by_class.get(HOMES[d % len(HOMES)], by_class["201"])
        units = [(code + "001", name, "行政单位")]
        for u in range(rng.randint(0, 7)):
            units.append((code + "%03d" % (u + 2), name + UNIT_WORDS[u % len(UNIT_WORDS)],
                          "参照公务员法管理事业单位" if u == 0 and rng.random() < 0.3 else "事业单位"))
        plan.append((code, name, home, units))
    # lines per department: roughly equal with some spread
    weights = [rng.uniform(0.5, 1.5) for _ in range(depts)]
    total_w = sum(weights)
    counts = [int(lines * w / total_w) for w in weights]
    counts[-1] += lines - sum(counts)
    zipf = [1.0 / (i + 1) for i in range(len(FUNCS))]
    all_codes = [c for c, _ in FUNCS]
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("年度,部门编码,部门名称,单位编码,单位名称,单位类型,功能分类科目编码,功能分类科目名称,部门经济分类编码,"
                "部门经济分类名称,政府经济分类编码,资金性质,指标来源,支出类型,项目类别,项目名称,金额\n")
        buf = []
        for (dcode, dname, home, units), n in zip(plan, counts):
            for _ in range(n):
                ucode, uname, utype = units[0] if rng.random() < 0.4 else rng.choice(units)
                r = rng.random()
                if r < 0.7:
                    fc = rng.choice(home)
                elif r < 0.9:
                    fc = rng.choice(COMMON)
                else:
                    fc = rng.choices(all_codes, zipf)[0]
                basic = rng.random() < 0.7
                if basic:
                    personnel = rng.random() < 0.6
                    econ = rng.choice(PERSONNEL if personnel else PUBLIC)
                    if econ[0] in PERSONNEL_FUNC:
                        fc = rng.choice(PERSONNEL_FUNC[econ[0]])
                    elif fc in FUNC_PERSONNEL:
                        fc = rng.choice(home)
                    cat = "人员类" if personnel else "公用经费"
                    pro = ""
                else:
                    econ = rng.choice(PROJECT_ECON)
                    if fc in FUNC_PERSONNEL:
                        fc = rng.choice(home)
                    cat = "特定目标类"
                    pro = "%s项目%02d" % (uname[-6:], rng.randrange(20))
                fund = rng.choices(fund_names, fund_weights)[0]
                carry = "上年结转" if (not basic and fund in FISCAL and rng.random() < 0.15) else "当年预算"
                amount = round(rng.lognormvariate(9.0, 1.2), 2)
                buf.append("2024,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%.2f\n" % (
                    dcode, dname, ucode, uname, utype, fc, funcs[fc], econ[0], econ[1], econ[2], fund, carry,
                    "基本支出" if basic else "项目支出", cat, pro, amount))
                if len(buf) >= 10000:
                    f.write("".join(buf))
                    buf = []
        f.write("".join(buf))


main()
