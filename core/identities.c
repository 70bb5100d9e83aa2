/**
 * @file identities.c
 * @brief The arithmetic identities of the standard tables, as data.
 *
 * Each entry is one identity in the small expression language of
 * validate.h (`SIDE = SIDE`, refs `KIND/PANEL[SELECTOR].COLUMN`), evaluated by
 * core/validate.c. Rule ids V1–V38 follow ../shared/docs/domain.md §a.4
 * (V39–V42 are the narrative checks of core/narrative.c); D1–D10 are the
 * 部门决算 identities of §c. Several identities may share a rule id. Table
 * kinds, panel keys, item keys and column keys are those of
 * core/definitions.c. There is no code here: adding a rule is adding a line.
 */
#include <budgetkit/validate.h>

#define ID(r, t, e) {.rule = (r), .title = (t), .expr = (e), .each = NULL, .guard = NULL, .soft = false}
#define ID_MIRROR(r, t, e) {.rule = (r), .title = (t), .expr = (e), .each = NULL, .guard = NULL, .soft = false, .mirror = true}
#define ID_SOFT(r, t, e) {.rule = (r), .title = (t), .expr = (e), .each = NULL, .guard = NULL, .soft = true}
#define ID_GUARD(r, t, e, g) {.rule = (r), .title = (t), .expr = (e), .each = NULL, .guard = (g), .soft = false}
#define ID_EACH(r, t, e, dom) {.rule = (r), .title = (t), .expr = (e), .each = (dom), .guard = NULL, .soft = false}

/* Shorthands for the table kinds, to keep the lines readable. */
#define S "budget.summary"
#define I "budget.income/main"
#define E "budget.expense/main"
#define F "budget.fiscal_summary"
#define G "budget.general_public_expense/main"
#define B "budget.basic_economic/main"
#define FI "budget.gov_fund_income/main"
#define FE "budget.gov_fund_expense/main"
#define SC "budget.state_capital"
#define TP "budget.three_public/main"
#define OC "budget.operating_costs/main"
#define P "budget.projects/main"
#define PC "budget.projects_carryover/main"
#define GB "budget.general_public_basic/main"
#define SE "budget.state_capital_expense/main"
#define TC "budget.three_public_columns/main"
#define FS "budget.finance_summary"
#define PD "perf.department"
#define PP "perf.project"

/* A function-coded panel: parent = Σ children (V8), 合计 = Σ 类 (V9). */
#define TREE(rule_children, rule_top, panel)                                              \
    ID(rule_children, "parent code = Σ children, per column", panel "[*].* = " panel "[children].*"), \
    ID(rule_top, "合计 row = Σ top-level rows, per column", panel "[total].* = " panel "[top].*")

static const bk_identity IDENTITIES[] = {
    /* ---- 收支总表 (T1) ---- */
    ID("V1", "收支总表: 收入总计 = 支出总计",
       S "/income[key=income_total].amount = " S "/expense[key=expense_total].total"),
    ID("V2", "收支总表: 收入总计 = 本年收入合计 + 上年结转",
       S "/income[key=income_total].amount = " S "/income[key=income_subtotal].amount + " S "/income[key=carryover].amount"),
    ID("V3", "收支总表: 本年收入合计 = Σ sources",
       S "/income[key=income_subtotal].amount = " S "/income[key=general_public].amount + " S "/income[key=gov_fund].amount + "
       S "/income[key=state_capital].amount + " S "/income[key=special_account].amount + " S "/income[key=unit_funds].amount"),
    ID("V4", "收支总表: 本年支出合计 = Σ 类, per column",
       S "/expense[key=expense_subtotal].* = " S "/expense[key=f*].*"),
    ID("V4", "收支总表: 支出总计 = 本年支出合计 + 年终结转, per column",
       S "/expense[key=expense_total].* = " S "/expense[key=expense_subtotal].* + " S "/expense[key=year_end_carryover].*"),
    ID("V5", "收支总表: 合计 = 当年预算安排 + 上年结转安排, per row",
       S "/expense[*].total = " S "/expense[*].current + " S "/expense[*].carryover_use"),
    ID("V6", "收支总表: 本年收入合计 = 本年支出 当年预算安排",
       S "/income[key=income_subtotal].amount = " S "/expense[key=expense_subtotal].current"),
    ID("V6", "收支总表: 上年结转 = 本年支出 上年结转安排",
       S "/income[key=carryover].amount = " S "/expense[key=expense_subtotal].carryover_use"),

    /* ---- 财务收支预算总表 (MoF/Shanghai 表1) ---- */
    ID("V1", "财务收支总表: 收入总计 = 支出总计",
       FS "/income[key=income_total].amount = " FS "/expense[key=expense_total].amount"),
    ID("V3", "财务收支总表: 财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营",
       FS "/income[key=fiscal_appropriation].amount = " FS "/income[key=general_public].amount + " FS
       "/income[key=gov_fund].amount + " FS "/income[key=state_capital].amount"),
    ID_GUARD("V2", "财务收支总表: 收入总计 = 财政拨款收入 + 事业收入 + 事业单位经营收入 + 其他收入 (no 本年收入合计 printed)",
       FS "/income[key=income_total].amount = " FS "/income[key=fiscal_appropriation].amount + " FS
       "/income[key=business_income].amount + " FS "/income[key=operating_income].amount + " FS
       "/income[key=other_income].amount",
       FS "/income[key=income_subtotal].amount"),
    ID_GUARD("V4", "财务收支总表: 支出总计 = Σ 类 (no 本年支出合计 printed)",
       FS "/expense[key=expense_total].amount = " FS "/expense[key=f*].amount", FS "/expense[key=expense_subtotal].amount"),

    /* ---- 收入总表 (T2), 支出总表 (T3), 一般公共预算支出 (T5), 基金支出 (T8) ---- */
    ID("V7", "收入总表: 合计 = 一般 + 基金 + 国资 + 专户 + 单位 (上年结转 excluded), per row",
       I "[*].total = " I "[*].general_public + " I "[*].gov_fund + " I "[*].state_capital + " I "[*].special_account + "
       I "[*].unit_funds"),
    ID("V7", "收入总表: 合计 = 财政拨款收入 + 事业收入 + 事业单位经营收入 + 其他收入, per row",
       I "[*].total = " I "[*].fiscal_appropriation + " I "[*].business_income + " I "[*].operating_income + "
       I "[*].other_income"),
    TREE("V8", "V9", I),
    TREE("V8", "V9", E),
    TREE("V8", "V9", G),
    TREE("V8", "V9", FE),
    TREE("V8", "V9", SC "/expense"),
    TREE("V8", "V9", SE),
    ID("V10", "支出总表: 合计 = 基本支出 + 项目支出, per row", E "[*].total = " E "[*].basic + " E "[*].project"),
    ID("V10", "一般公共预算支出表: 合计 = 基本支出 + 项目支出, per row", G "[*].total = " G "[*].basic + " G "[*].project"),
    ID("V10", "政府性基金支出表: 合计 = 基本支出 + 项目支出, per row", FE "[*].total = " FE "[*].basic + " FE "[*].project"),
    ID("V10", "国有资本经营支出: 合计 = 基本支出 + 项目支出, per row",
       SC "/expense[*].total = " SC "/expense[*].basic + " SC "/expense[*].project"),
    ID("V10", "国有资本经营支出表: 合计 = 基本支出 + 项目支出, per row", SE "[*].total = " SE "[*].basic + " SE "[*].project"),
    ID("V11", "支出总表 合计 = 收入总表 合计 + 上年结转, per code",
       E "[*].total = " I "[@].total + " I "[@].carryover"),
    ID_MIRROR("V11", "收入总表 上年结转 = 支出总表 合计 − 收入总表 合计, per code (V11 seen from 收入总表)",
              I "[*].carryover = " E "[@].total - " I "[@].total"),
    ID("V12", "一般公共预算支出表 = 收入总表 一般公共预算, per code", G "[*].total = " I "[@].general_public"),
    ID("V12", "政府性基金支出表 = 收入总表 政府性基金, per code", FE "[*].total = " I "[@].gov_fund"),
    ID("V13", "收支总表 类 合计 = 支出总表 类 合计", S "/expense[key=f*].total = " E "[@].total"),
    ID("V13", "收支总表 类 当年预算安排 = 收入总表 类 合计", S "/expense[key=f*].current = " I "[@].total"),
    ID("V13", "收支总表 类 上年结转安排 = 收入总表 类 上年结转", S "/expense[key=f*].carryover_use = " I "[@].carryover"),

    /* ---- 财政拨款收支总表 (T4) ---- */
    ID("V14", "财政拨款收支总表: 本年收入合计 = 一般 + 基金 + 国资",
       F "/income[key=income_subtotal].amount = " F "/income[key=general_public].amount + " F "/income[key=gov_fund].amount + "
       F "/income[key=state_capital].amount"),
    ID("V15", "财政拨款收支总表: 上年财政拨款结转 = Σ its 3 sub-rows",
       F "/income[key=carryover].amount = " F "/income[key=carryover_general_public].amount + "
       F "/income[key=carryover_gov_fund].amount + " F "/income[key=carryover_state_capital].amount"),
    ID("V16", "财政拨款收支总表: 收入总计 = 本年收入合计 + 上年结转",
       F "/income[key=income_total].amount = " F "/income[key=income_subtotal].amount + " F "/income[key=carryover].amount"),
    ID("V16", "财政拨款收支总表: 收入总计 = 支出总计",
       F "/income[key=income_total].amount = " F "/expense[key=expense_total].total"),
    ID("V17", "财政拨款收支总表: 小计 = 一般 + 基金 + 国资, per row",
       F "/expense[*].total = " F "/expense[*].general_public + " F "/expense[*].gov_fund + " F "/expense[*].state_capital"),
    ID("V17", "财政拨款收支总表: 本年支出合计 = Σ 类, per column", F "/expense[key=expense_subtotal].* = " F "/expense[key=f*].*"),
    ID("V17", "财政拨款收支总表: 支出总计 = 本年支出合计 + 年终结转, per column",
       F "/expense[key=expense_total].* = " F "/expense[key=expense_subtotal].* + " F "/expense[key=year_end_carryover].*"),
    ID("V18", "财政拨款收支总表: 一般公共预算 支出 = 收入 + 结转",
       F "/expense[key=expense_subtotal].general_public = " F "/income[key=general_public].amount + "
       F "/income[key=carryover_general_public].amount"),
    ID("V18", "财政拨款收支总表: 政府性基金 支出 = 收入 + 结转",
       F "/expense[key=expense_subtotal].gov_fund = " F "/income[key=gov_fund].amount + " F "/income[key=carryover_gov_fund].amount"),
    ID("V18", "财政拨款收支总表: 国有资本经营 支出 = 收入 + 结转",
       F "/expense[key=expense_subtotal].state_capital = " F "/income[key=state_capital].amount + "
       F "/income[key=carryover_state_capital].amount"),
    ID("V19", "财政拨款 收入总计 = 收支总表 总计 − 单位资金 − 专户资金",
       F "/income[key=income_total].amount = " S "/income[key=income_total].amount - " S "/income[key=unit_funds].amount - "
       S "/income[key=special_account].amount"),
    ID("V19", "财政拨款 类 = 收支总表 类 − 收入总表 单位资金/专户 of the 类",
       F "/expense[key=f*].total = " S "/expense[@].total - " I "[@].unit_funds - " I "[@].special_account"),
    ID_GUARD("V20", "财政拨款 一般公共预算 by 类 = 一般公共预算支出表 类 + 上年结转 (类 with no fund money)",
             F "/expense[key=f*].general_public = " G "[@].total + " I "[@].carryover",
             F "/expense[*].gov_fund + " F "/expense[*].state_capital"),
    ID("V21", "收支总表 一般公共预算 = 一般公共预算支出表 合计", S "/income[key=general_public].amount = " G "[total].total"),
    ID("V21", "财政拨款收支总表 一般公共预算 = 一般公共预算支出表 合计", F "/income[key=general_public].amount = " G "[total].total"),
    ID("V21", "收入总表 一般公共预算 合计 = 一般公共预算支出表 合计", I "[total].general_public = " G "[total].total"),
    ID("V21", "收支总表 政府性基金预算 = 收入总表 合计 row", S "/income[key=gov_fund].amount = " I "[total].gov_fund"),
    ID("V21", "收支总表 国有资本经营预算 = 收入总表 合计 row", S "/income[key=state_capital].amount = " I "[total].state_capital"),
    ID("V21", "收支总表 财政专户管理资金 = 收入总表 合计 row", S "/income[key=special_account].amount = " I "[total].special_account"),
    ID("V21", "收支总表 单位资金 = 收入总表 合计 row", S "/income[key=unit_funds].amount = " I "[total].unit_funds"),
    ID("V21", "收支总表 上年结转 = 收入总表 合计 row 上年结转", S "/income[key=carryover].amount = " I "[total].carryover"),
    ID("V21", "财政拨款收支总表 政府性基金预算 = 收支总表 政府性基金预算",
       F "/income[key=gov_fund].amount = " S "/income[key=gov_fund].amount"),
    ID("V21", "财政拨款收支总表 国有资本经营预算 = 收支总表 国有资本经营预算",
       F "/income[key=state_capital].amount = " S "/income[key=state_capital].amount"),

    /* ---- 基本支出经济科目 (T6; MoF/Shanghai coded variant) ---- */
    ID("V22", "基本支出经济科目表: 合计 = 人员经费 + 公用经费, per row", B "[*].total = " B "[*].personnel + " B "[*].public_use"),
    ID("V22", "基本支出经济科目表: 合计 row = Σ groups, per column", B "[total].* = " B "[top].*"),
    ID("V23", "基本支出经济科目表: group = Σ its rows, per column", B "[*].* = " B "[children].*"),
    ID("V24", "基本支出经济科目表 合计 = 一般公共预算支出表 基本支出", B "[total].total = " G "[total].basic"),
    ID("V22", "一般公共预算基本支出表: 合计 = 人员经费 + 公用经费, per row", GB "[*].total = " GB "[*].personnel + " GB "[*].public_use"),
    TREE("V23", "V22", GB),
    ID("V24", "一般公共预算基本支出表 合计 = 一般公共预算支出表 基本支出", GB "[total].total = " G "[total].basic"),

    /* ---- 政府性基金 (T7, T8) ---- */
    ID("V25", "基金收入表 合计 = 基金支出表 合计", FI "[total].amount = " FE "[total].total"),
    ID("V25", "基金收入表 合计 = 收入总表 政府性基金", FI "[total].amount = " I "[total].gov_fund"),
    ID("V25", "基金收入表 合计 = 收支总表 政府性基金预算", FI "[total].amount = " S "/income[key=gov_fund].amount"),
    ID("V25", "基金收入表: parent code = Σ children", FI "[*].amount = " FI "[children].amount"),
    ID("V25", "基金收入表: 合计 = Σ top-level rows", FI "[total].amount = " FI "[top].amount"),
    ID("V26", "支出总表 基本支出 = 一般 + 基金 + 国资 基本支出 + 专户/单位资金 not spent on projects",
       E "[total].basic = " G "[total].basic + " FE "[total].basic + " SC "/expense[total].basic + " I "[total].special_account + "
       I "[total].unit_funds - " P "[total].special_account - " P "[total].unit_funds"),

    /* ---- 项目支出 (T12, T13) ---- */
    ID("V27", "项目支出表: 合计 = Σ sources, per row",
       P "[*].total = " P "[*].general_public + " P "[*].gov_fund + " P "[*].state_capital + " P "[*].special_account + "
       P "[*].unit_funds"),
    ID("V27", "项目支出表: 部门 = Σ units, per column", P "[total].* = " P "[top].*"),
    ID("V27", "项目支出表: unit = Σ its projects, per column", P "[*].* = " P "[children].*"),
    ID("V28", "项目支出表 一般公共预算 = 一般公共预算支出表 项目支出", P "[total].general_public = " G "[total].project"),
    ID("V28", "项目支出表 政府性基金 = 基金支出表 项目支出", P "[total].gov_fund = " FE "[total].project"),
    ID("V28", "项目支出表 国有资本经营 = 国资支出 项目支出", P "[total].state_capital = " SC "/expense[total].project"),
    ID("V29", "上年结转项目表: 合计 = Σ sources, per row",
       PC "[*].total = " PC "[*].general_public + " PC "[*].gov_fund + " PC "[*].state_capital"),
    ID("V29", "上年结转项目表: 部门 = Σ units, per column", PC "[total].* = " PC "[top].*"),
    ID("V29", "上年结转项目表: unit = Σ its projects, per column", PC "[*].* = " PC "[children].*"),
    ID("V29", "上年结转项目表 合计 = 收支总表 上年结转", PC "[total].total = " S "/income[key=carryover].amount"),
    ID("V30", "财政拨款 一般公共预算结转 = 上年结转项目表 一般公共预算",
       F "/income[key=carryover_general_public].amount = " PC "[total].general_public"),
    ID("V30", "财政拨款 政府性基金结转 = 上年结转项目表 政府性基金", F "/income[key=carryover_gov_fund].amount = " PC "[total].gov_fund"),
    ID("V30", "财政拨款 国有资本经营结转 = 上年结转项目表 国有资本经营",
       F "/income[key=carryover_state_capital].amount = " PC "[total].state_capital"),
    ID("V31", "支出总表 项目支出 = 项目支出表 合计 + 上年结转项目表 合计",
       E "[total].project = " P "[total].total + " PC "[total].total"),

    /* ---- 三公 (T10), 机关运行经费 (T11) ---- */
    ID("V33", "三公: 合计 = 一般 + 基金 + 国资, per row",
       TP "[*].total = " TP "[*].general_public + " TP "[*].gov_fund + " TP "[*].state_capital"),
    ID("V33", "三公: 合计 = 出国 + 接待 + 车, per column",
       TP "[total].* = " TP "[key=travel_abroad].* + " TP "[key=reception].* + " TP "[key=vehicle].*"),
    ID("V33", "三公: 车 = 购置 + 运行, per column",
       TP "[key=vehicle].* = " TP "[key=vehicle_purchase].* + " TP "[key=vehicle_operation].*"),
    ID("V33", "三公(列): 合计 = 出国 + 接待 + 车, per row",
       TC "[*].total = " TC "[*].travel_abroad + " TC "[*].reception + " TC "[*].vehicle_total"),
    ID("V33", "三公(列): 车 = 购置 + 运行, per row",
       TC "[*].vehicle_total = " TC "[*].vehicle_purchase + " TC "[*].vehicle_operation"),
    ID_SOFT("V34", "基本支出 公务用车运行维护费 ≤ 三公 运行维护费 (三公 also covers projects)",
            B "[name=公务用车运行维护费].total <= " TP "[key=vehicle_operation].total"),
    ID_SOFT("V34", "基本支出 公务接待费 ≤ 三公 公务接待费", B "[name=公务接待费].total <= " TP "[key=reception].total"),
    ID("V35", "机关运行经费: 合计 = 一般 + 基金 + 国资, per row",
       OC "[*].total = " OC "[*].general_public + " OC "[*].gov_fund + " OC "[*].state_capital"),
    ID("V35", "机关运行经费: 部门合计 = Σ units, per column", OC "[total].* = " OC "[top].*"),
    ID_SOFT("V35", "机关运行经费 ≤ 基本支出 公用经费", OC "[total].total <= " B "[total].public_use"),
    ID_SOFT("V36", "基本支出 养老保险缴费 = 一般公共预算 2080505",
            B "[name=机关事业单位基本养老保险缴费].total = " G "[code=2080505].total"),
    ID_SOFT("V36", "基本支出 职工基本医疗保险缴费 = 一般公共预算 21011",
            B "[name=职工基本医疗保险缴费].total = " G "[code=21011].total"),
    ID_SOFT("V36", "基本支出 住房公积金 = 一般公共预算 2210201", B "[name=住房公积金].total = " G "[code=2210201].total"),
    ID_SOFT("V36", "基本支出 离休费 + 退休费 = 一般公共预算 2080501 + 2080502",
            B "[name=离休费].total + " B "[name=退休费].total = " G "[code=2080501].total + " G "[code=2080502].total"),

    /* ---- 绩效目标表 ---- */
    ID("V37", "整体绩效 年度预算: 合计 = Σ sources", PD "/by_source[key=total].value = " PD "/by_source[rest].value"),
    ID("V37", "整体绩效 年度预算: 合计 = 基本支出 + 项目支出", PD "/by_direction[key=total].value = " PD "/by_direction[rest].value"),
    ID("V37", "整体绩效 年度预算: by source = by direction", PD "/by_source[key=total].value = " PD "/by_direction[key=total].value"),
    ID("V37", "整体绩效 年度预算 合计 = 收支总表 本年收入合计",
       PD "/by_source[key=total].value = " S "/income[key=income_subtotal].amount"),
    ID("V37", "整体绩效 项目支出 = 项目支出表 合计", PD "/by_direction[key=project].value = " P "[total].total"),
    ID("V37", "整体绩效 基本支出 = 支出总表 基本支出", PD "/by_direction[key=basic].value = " E "[total].basic"),
    ID_EACH("V38", "项目绩效: 年度资金总额 = Σ levels", PP "/annual[key=total].value = " PP "/annual[rest].value", PP),
    ID_EACH("V38", "项目绩效: 实施期资金总额 = Σ levels",
            PP "/implementation[key=total].value = " PP "/implementation[rest].value", PP),
    ID_EACH("V38", "项目支出表 project = 项目绩效 年度资金总额 ÷ 10000",
            P "[match].total = " PP "/annual[key=total].value", PP),

    /* ---- 部门决算 (domain.md §c) ---- */
    ID("D1", "收入支出决算总表: 总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
       "final.summary/income[key=income_total].amount = final.summary/income[key=income_subtotal].amount + "
       "final.summary/income[key=non_fiscal_balance_used].amount + final.summary/income[key=opening_balance].amount"),
    ID("D1", "收入支出决算总表: 收入总计 = 支出总计",
       "final.summary/income[key=income_total].amount = final.summary/expense[key=expense_total].amount"),
    ID("D1", "收入支出决算总表: 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
       "final.summary/expense[key=expense_total].amount = final.summary/expense[key=expense_subtotal].amount + "
       "final.summary/expense[key=surplus_distribution].amount + final.summary/expense[key=closing_balance].amount"),
    ID("D2", "收入支出决算总表: 本年收入合计 = Σ sources",
       "final.summary/income[key=income_subtotal].amount = final.summary/income[key=general_public].amount + "
       "final.summary/income[key=gov_fund].amount + final.summary/income[key=state_capital].amount + "
       "final.summary/income[key=upper_subsidy].amount + final.summary/income[key=business_income].amount + "
       "final.summary/income[key=operating_income].amount + final.summary/income[key=affiliated_income].amount + "
       "final.summary/income[key=other_income].amount"),
    ID("D2", "收入支出决算总表: 本年支出合计 = Σ 类",
       "final.summary/expense[key=expense_subtotal].amount = final.summary/expense[key=f*].amount"),
    ID("D3", "收入决算表: 本年收入合计 = Σ sources, per row",
       "final.income/main[*].total = final.income/main[*].fiscal_appropriation + final.income/main[*].upper_subsidy + "
       "final.income/main[*].business_income + final.income/main[*].operating_income + "
       "final.income/main[*].affiliated_income + final.income/main[*].other_income"),
    TREE("D3", "D3", "final.income/main"),
    ID("D4", "支出决算表: 本年支出合计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助, per row",
       "final.expense/main[*].total = final.expense/main[*].basic + final.expense/main[*].project + "
       "final.expense/main[*].remit_upper + final.expense/main[*].operating_expense + final.expense/main[*].affiliated_subsidy"),
    TREE("D4", "D4", "final.expense/main"),
    ID("D5", "财政拨款收入支出决算总表: 本年收入合计 = 一般 + 基金 + 国资",
       "final.fiscal_summary/income[key=income_subtotal].amount = final.fiscal_summary/income[key=general_public].amount + "
       "final.fiscal_summary/income[key=gov_fund].amount + final.fiscal_summary/income[key=state_capital].amount"),
    ID("D5", "财政拨款收入支出决算总表: 年初结转和结余 = Σ its sub-rows",
       "final.fiscal_summary/income[key=opening_balance].amount = final.fiscal_summary/income[key=opening_general_public].amount + "
       "final.fiscal_summary/income[key=opening_gov_fund].amount + final.fiscal_summary/income[key=opening_state_capital].amount"),
    ID("D5", "财政拨款收入支出决算总表: 总计 = 本年收入合计 + 年初结转和结余",
       "final.fiscal_summary/income[key=income_total].amount = final.fiscal_summary/income[key=income_subtotal].amount + "
       "final.fiscal_summary/income[key=opening_balance].amount"),
    ID("D5", "财政拨款收入支出决算总表: 收入总计 = 支出总计",
       "final.fiscal_summary/income[key=income_total].amount = final.fiscal_summary/expense[key=expense_total].total"),
    ID("D5", "财政拨款收入支出决算总表: 合计 = 一般 + 基金 + 国资, per row",
       "final.fiscal_summary/expense[*].total = final.fiscal_summary/expense[*].general_public + "
       "final.fiscal_summary/expense[*].gov_fund + final.fiscal_summary/expense[*].state_capital"),
    ID("D5", "财政拨款收入支出决算总表: 本年支出合计 = Σ 类, per column",
       "final.fiscal_summary/expense[key=expense_subtotal].* = final.fiscal_summary/expense[key=f*].*"),
    ID("D5", "财政拨款收入支出决算总表: 支出总计 = 本年支出合计 + 年末结转和结余, per column",
       "final.fiscal_summary/expense[key=expense_total].* = final.fiscal_summary/expense[key=expense_subtotal].* + "
       "final.fiscal_summary/expense[key=closing_balance].*"),
    ID("D6", "一般公共预算财政拨款支出决算表: 小计 = 基本 + 项目, per row",
       "final.general_public_expense/main[*].total = final.general_public_expense/main[*].basic + "
       "final.general_public_expense/main[*].project"),
    TREE("D6", "D6", "final.general_public_expense/main"),
    ID("D6", "一般公共预算财政拨款支出决算表 合计 = 财政拨款决算总表 一般公共预算",
       "final.general_public_expense/main[total].total = final.fiscal_summary/expense[key=expense_subtotal].general_public"),
    TREE("D7", "D7", "final.general_public_basic/personnel"),
    TREE("D7", "D7", "final.general_public_basic/public_use"),
    ID("D7", "基本支出决算表: 人员经费 + 公用经费 = 一般公共预算财政拨款支出决算表 基本支出",
       "final.general_public_expense/main[total].basic = final.general_public_basic/personnel[total].amount + "
       "final.general_public_basic/public_use[total].amount"),
    ID("D8", "三公决算表: 预算数 合计 = 出国 + 车 + 接待, per row",
       "final.three_public/main[*].budget_total = final.three_public/main[*].budget_travel_abroad + "
       "final.three_public/main[*].budget_vehicle_total + final.three_public/main[*].budget_reception"),
    ID("D8", "三公决算表: 预算数 车 = 购置 + 运行, per row",
       "final.three_public/main[*].budget_vehicle_total = final.three_public/main[*].budget_vehicle_purchase + "
       "final.three_public/main[*].budget_vehicle_operation"),
    ID("D8", "三公决算表: 决算数 合计 = 出国 + 车 + 接待, per row",
       "final.three_public/main[*].actual_total = final.three_public/main[*].actual_travel_abroad + "
       "final.three_public/main[*].actual_vehicle_total + final.three_public/main[*].actual_reception"),
    ID("D8", "三公决算表: 决算数 车 = 购置 + 运行, per row",
       "final.three_public/main[*].actual_vehicle_total = final.three_public/main[*].actual_vehicle_purchase + "
       "final.three_public/main[*].actual_vehicle_operation"),
    ID("D9", "政府性基金决算表: 年末 = 年初 + 本年收入 − 本年支出, per row",
       "final.gov_fund/main[*].closing_balance = final.gov_fund/main[*].opening_balance + final.gov_fund/main[*].income - "
       "final.gov_fund/main[*].expense_total"),
    ID("D9", "政府性基金决算表: 本年支出 = 基本 + 项目, per row",
       "final.gov_fund/main[*].expense_total = final.gov_fund/main[*].basic + final.gov_fund/main[*].project"),
    TREE("D9", "D9", "final.gov_fund/main"),
    ID("D10", "国有资本经营决算表: 小计 = 基本 + 项目, per row",
       "final.state_capital/main[*].total = final.state_capital/main[*].basic + final.state_capital/main[*].project"),
    TREE("D10", "D10", "final.state_capital/main"),
    ID("D10", "国有资本经营决算表: 年末 = 年初 + 本年收入 − 本年支出, per row",
       "final.state_capital/main[*].closing_balance = final.state_capital/main[*].opening_balance + "
       "final.state_capital/main[*].income - final.state_capital/main[*].total"),
};

#undef S
#undef I
#undef E
#undef F
#undef G
#undef B
#undef FI
#undef FE
#undef SC
#undef TP
#undef OC
#undef P
#undef PC
#undef GB
#undef FS
#undef SE
#undef TC
#undef PD
#undef PP

const bk_identity *bk_identities(size_t *count)
{
    if (count) *count = sizeof IDENTITIES / sizeof IDENTITIES[0];
    return IDENTITIES;
}
