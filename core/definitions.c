/**
 * @file definitions.c
 * @brief The standard disclosure tables, as data (see definitions.h).
 *
 * Every table is a static const bk_table_def built from designated
 * initializers; there is no per-table code. Readers, the validator and the
 * layout find a table's panels, columns and fixed items here and nowhere else.
 *
 * ==== How a recognizer uses this data ====================================
 *
 * Title normalization (apply to a printed title before matching; every entry
 * of bk_table_def.title_patterns is already in this normalized form):
 *   N1. Width: fold full-width ASCII U+FF01..U+FF5E to ASCII ("（"→"(",
 *       "１"→"1", "："→":"); then map the brackets 【 】 〔 〕 ［ ］ [ ] to
 *       "(" and ")".
 *   N2. Delete all white space (ASCII space, tab, CR, LF, U+3000, U+00A0) and
 *       all quotation marks: " ' “ ” ‘ ’ 「 」 『 』 ("“三公”经费" → "三公经费").
 *   N3. Delete every year: four ASCII digits followed by "年度" or "年"
 *       ("2024年", "2023年度"), the suffix included.
 *   N4. Delete every occurrence of "部门" and of "单位" (the 部门/单位 prefix of
 *       部门收支总表 / 单位收支总表, and inner ones as in
 *       "一般公共预算基本支出部门预算经济分类预算表").
 *   Nothing else is removed: the department name, a numbering label on the
 *   same line ("预算公开表1"), 预算/决算 words and suffixes such as
 *   "(不含上年结转)" may remain, because matching is by containment.
 *
 * Matching: a definition matches when one of its title_patterns is a
 * substring of the normalized title. When several definitions match, the one
 * with the LONGEST matching pattern (in bytes) wins; on a tie, the earlier
 * definition in bk_table_defs() order wins. So "财政拨款收支总表" beats
 * "收支总表" and "项目支出预算表(上年结转)" beats "项目支出预算表" whatever
 * the order of the array. A recognizer that already knows the document
 * family (预算/决算) should try that family's definitions first. Since 预算/决算
 * words are not removed, patterns spell out the variants that carry them
 * (收支总表 and 收支预算总表); 决算 patterns keep 决算 because it is what tells
 * 三公经费支出决算表 from 三公经费支出预算表.
 *
 * Header cells (column labels, synonyms): labels are the official header
 * path, levels joined with "/"; synonyms are other printed forms of the LEAF
 * header. Compare after N1 and N2 on both sides, and after removing a leading
 * year - four digits, optionally followed by 年 or 年度 - when more text follows
 * ("2024年合计" → "合计", "2024预算数" → "预算数"); a header that is only a
 * year ("2024年") matches a column listing "2024年" among its synonyms.
 * Group levels whose printed text carries the year ("2024年预算数" over
 * 合计/基本支出/项目支出) are not part of the label.
 *
 * Row items (fixed panels): compare after N1, N2 and after stripping a
 * leading ordinal ("一、", "（一）", "1.", "①"), against the item's label and
 * synonyms treated the same way. Labels may repeat inside one panel (财政拨款
 * 收支总表 prints 一、一般公共预算 both as income and under 上年财政拨款结转):
 * the item order disambiguates - a level-2 item belongs to the nearest
 * preceding level-1 item. FUNCTION_CLASS rows map to their 类 through
 * bk_function_class_code(); their items carry key "f"+code ("f208").
 *
 * Levels: 0 = 合计/总计-type rows (role SUBTOTAL or TOTAL), 1 = ordinary
 * items (收入 lines, 类, 三公 items), 2 = sub-items (①公务用车购置费).
 */
#include <budgetkit/definitions.h>

#include <stdint.h>
#include <string.h>

#define DEF_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An amount column / a text column. */
#define DEF_COL(k, l, s) { .key = (k), .label = (l), .synonyms = (s), .type = BK_CELL_AMOUNT }
#define DEF_OPT_COL(k, l, s) { .key = (k), .label = (l), .synonyms = (s), .type = BK_CELL_AMOUNT, .optional = true }
#define DEF_TEXT_COL(k, l, s) { .key = (k), .label = (l), .synonyms = (s), .type = BK_CELL_TEXT }
/* A fixed item. */
#define DEF_ITEM(k, l, lv, r, s) \
    { .key = (k), .label = (l), .code = NULL, .level = (lv), .role = (r), .synonyms = (s) }

/* ------------------------------------------------------------------------
 * Synonyms of column headers, as printed in real layouts (seed, MoF central,
 * Shanghai district budgets and final accounts).
 * ------------------------------------------------------------------------ */

static const char *const DEF_SYN_TOTAL[] = {"合计", "小计", "总计", "金额合计", NULL};
static const char *const DEF_SYN_SUMMARY_TOTAL[] = {"2024年合计", "合计", "小计", "总计", NULL};
static const char *const DEF_SYN_AMOUNT[] = {"2024年", "金额", "本年", "预算数", "本年预算数", "2024年预算数", NULL};
static const char *const DEF_SYN_FINAL_AMOUNT[] = {"金额", "决算数", "本年决算数", "本年数", NULL};
static const char *const DEF_SYN_GENERAL_PUBLIC[] = {
    "一般公共预算", "一般公共预算拨款", "一般公共预算资金", "一般公共预算拨款收入",
    "一般公共预算财政拨款", "一般公共预算财政拨款收入", "一般公共预算收入", "一般公共预算安排",
    "公共预算", "公共财政预算", NULL};
static const char *const DEF_SYN_GOV_FUND[] = {
    "政府性基金", "政府性基金预算", "政府性基金预算拨款", "政府性基金预算拨款收入",
    "政府性基金预算财政拨款", "政府性基金预算财政拨款收入", "政府性基金拨款", "政府性基金收入", NULL};
static const char *const DEF_SYN_STATE_CAPITAL[] = {
    "国有资本经营预算", "国有资本经营预算拨款", "国有资本经营预算拨款收入",
    "国有资本经营预算财政拨款", "国有资本经营预算财政拨款收入", "国有资本经营", "国有资本经营收入", NULL};
static const char *const DEF_SYN_SPECIAL_ACCOUNT[] = {
    "财政专户管理资金", "专户管理资金", "财政专户管理资金收入", "财政专户资金", "财政专户管理资金拨款", NULL};
static const char *const DEF_SYN_UNIT_FUNDS[] = {"单位资金", "单位资金收入", NULL};
static const char *const DEF_SYN_CARRYOVER[] = {
    "上年结转", "上年结转资金", "上年结转结余", "上年结转和结余", "上年结转收入", "上年财政拨款结转", NULL};
static const char *const DEF_SYN_BASIC[] = {"基本支出", "基本支出合计", NULL};
static const char *const DEF_SYN_PROJECT[] = {"项目支出", "项目支出合计", NULL};
static const char *const DEF_SYN_PERSONNEL[] = {"人员经费", "人员经费支出", "人员支出", "人员经费合计", NULL};
static const char *const DEF_SYN_PUBLIC_USE[] = {"公用经费", "公用经费支出", "公用支出", "日常公用经费", "公用经费合计", NULL};
static const char *const DEF_SYN_CURRENT[] = {"当年预算安排", "本年预算安排", "当年预算", "当年安排", NULL};
static const char *const DEF_SYN_CARRYOVER_USE[] = {"上年结转安排", "上年结转", "结转安排", NULL};
static const char *const DEF_SYN_GOV_ECON_NAME[] = {"政府预算支出经济科目名称", "政府预算支出经济分类", "政府经济科目名称", NULL};
static const char *const DEF_SYN_GF_INCOME[] = {"政府性基金收入预算", "政府性基金预算收入", "金额", "预算数", "2024年预算数", NULL};
static const char *const DEF_SYN_SC_INCOME[] = {"国有资本经营收入预算", "国有资本经营预算收入", "金额", "预算数", "2024年预算数", NULL};
static const char *const DEF_SYN_TRAVEL_ABROAD[] = {"因公出国（境）费", "因公出国(境)费", "因公出国（境）费用", "因公出国（境）经费", NULL};
static const char *const DEF_SYN_RECEPTION[] = {"公务接待费", "公务接待费用", NULL};
static const char *const DEF_SYN_VEHICLE[] = {"公务用车购置及运行费", "公务用车购置及运行维护费", "公务用车费", NULL};
static const char *const DEF_SYN_VEHICLE_PURCHASE[] = {"公务用车购置费", "公务用车购置", "购置费", NULL};
static const char *const DEF_SYN_VEHICLE_OPERATION[] = {"公务用车运行维护费", "公务用车运行费", "公务用车运行维护", "运行费", "运行维护费", NULL};
static const char *const DEF_SYN_OPERATING_COSTS[] = {"机关运行经费", "机关运行经费预算", "机关运行经费预算数", NULL};
static const char *const DEF_SYN_FISCAL_APPROPRIATION[] = {"财政拨款收入", "财政拨款", "财政补助收入", NULL};
static const char *const DEF_SYN_BUSINESS_INCOME[] = {"事业收入", NULL};
static const char *const DEF_SYN_OPERATING_INCOME[] = {"经营收入", "事业单位经营收入", NULL};
static const char *const DEF_SYN_OTHER_INCOME[] = {"其他收入", NULL};
/* 决算 columns */
static const char *const DEF_SYN_FINAL_INCOME_TOTAL[] = {"本年收入合计", "合计", "小计", NULL};
static const char *const DEF_SYN_FINAL_EXPENSE_TOTAL[] = {"本年支出合计", "合计", "小计", NULL};
static const char *const DEF_SYN_UPPER_SUBSIDY[] = {"上级补助收入", NULL};
static const char *const DEF_SYN_AFFILIATED_INCOME[] = {"附属单位上缴收入", "附属单位缴款", NULL};
static const char *const DEF_SYN_REMIT_UPPER[] = {"上缴上级支出", NULL};
static const char *const DEF_SYN_OPERATING_EXPENSE[] = {"经营支出", "事业单位经营支出", NULL};
static const char *const DEF_SYN_AFFILIATED_SUBSIDY[] = {"对附属单位补助支出", "对附属单位补助", NULL};
static const char *const DEF_SYN_OPENING_BALANCE[] = {"年初结转和结余", "年初结转结余", "上年结转和结余", NULL};
static const char *const DEF_SYN_CLOSING_BALANCE[] = {"年末结转和结余", "年末结转结余", NULL};
static const char *const DEF_SYN_CURRENT_INCOME[] = {"本年收入", "本年收入合计", NULL};

/* ------------------------------------------------------------------------
 * Synonyms of fixed row items (compared without ordinal prefixes).
 * ------------------------------------------------------------------------ */

static const char *const DEF_ISYN_GENERAL_PUBLIC[] = {
    "一般公共预算", "一般公共预算拨款", "一般公共预算拨款收入", "一般公共预算资金",
    "一般公共预算收入", "一般公共预算财政拨款", "一般公共预算财政拨款收入", NULL};
static const char *const DEF_ISYN_GOV_FUND[] = {
    "政府性基金预算", "政府性基金", "政府性基金预算拨款", "政府性基金预算拨款收入",
    "政府性基金预算财政拨款", "政府性基金预算财政拨款收入", NULL};
static const char *const DEF_ISYN_STATE_CAPITAL[] = {
    "国有资本经营预算", "国有资本经营预算拨款", "国有资本经营预算拨款收入",
    "国有资本经营预算财政拨款", "国有资本经营预算财政拨款收入", NULL};
static const char *const DEF_ISYN_SPECIAL_ACCOUNT[] = {"财政专户管理资金", "专户管理资金", "财政专户管理资金收入", NULL};
static const char *const DEF_ISYN_UNIT_FUNDS[] = {"单位资金", "单位资金收入", NULL};
static const char *const DEF_ISYN_INCOME_SUBTOTAL[] = {"本年收入合计", "本年收入小计", "收入合计", "本年收入", NULL};
static const char *const DEF_ISYN_CARRYOVER[] = {"上年结转", "上年结转资金", "上年结转结余", "上年结转收入", NULL};
static const char *const DEF_ISYN_FISCAL_CARRYOVER[] = {"上年财政拨款结转", "上年结转", "上年财政拨款结转结余", NULL};
static const char *const DEF_ISYN_INCOME_TOTAL[] = {"收入总计", "总计", NULL};
static const char *const DEF_ISYN_EXPENSE_SUBTOTAL[] = {"本年支出合计", "本年支出小计", "支出合计", "本年支出", NULL};
static const char *const DEF_ISYN_YEAR_END_CARRYOVER[] = {"年终结转", "年末结转", "年终结转结余", "结转下年", NULL};
static const char *const DEF_ISYN_EXPENSE_TOTAL[] = {"支出总计", "总计", NULL};
static const char *const DEF_ISYN_TOTAL[] = {"合计", "总计", "小计", "“三公”经费合计", "三公经费合计", NULL};
static const char *const DEF_ISYN_C215[] = {"资源勘探工业信息支出", "资源勘探工业信息等支出", NULL};
static const char *const DEF_ISYN_C220[] = {"自然资源海洋气象支出", "自然资源海洋气象等支出", NULL};
/* 决算 items */
static const char *const DEF_ISYN_FINAL_GENERAL_PUBLIC[] = {
    "一般公共预算财政拨款收入", "一般公共预算财政拨款", "一般公共预算拨款收入", "一般公共预算", NULL};
static const char *const DEF_ISYN_FINAL_GOV_FUND[] = {
    "政府性基金预算财政拨款收入", "政府性基金预算财政拨款", "政府性基金预算拨款收入", "政府性基金预算", NULL};
static const char *const DEF_ISYN_FINAL_STATE_CAPITAL[] = {
    "国有资本经营预算财政拨款收入", "国有资本经营预算财政拨款", "国有资本经营预算拨款收入", "国有资本经营预算", NULL};
static const char *const DEF_ISYN_NON_FISCAL_BALANCE[] = {
    "使用非财政拨款结余（含专用结余）", "使用非财政拨款结余", "使用非财政拨款结余(含专用结余)", "用事业基金弥补收支差额", NULL};
static const char *const DEF_ISYN_FISCAL_OPENING[] = {"年初财政拨款结转和结余", "年初结转和结余", "上年财政拨款结转和结余", NULL};
static const char *const DEF_ISYN_FISCAL_CLOSING[] = {"年末财政拨款结转和结余", "年末结转和结余", NULL};
static const char *const DEF_ISYN_SURPLUS_DISTRIBUTION[] = {"结余分配", NULL};

/* ------------------------------------------------------------------------
 * The 30 类 of the 2024 支出功能分类, as printed in the seed's 收支总表
 * (ordinals 一 … 三十). One list, expanded into every FUNCTION_CLASS panel.
 * ------------------------------------------------------------------------ */

#define DEF_CLASS(ord, c, name, syn) \
    { .key = "f" c, .label = ord "、" name, .code = c, .level = 1, .role = BK_ROW_DATA, .synonyms = (syn) }

#define DEF_CLASS_ITEMS \
    DEF_CLASS("一", "201", "一般公共服务支出", NULL), \
    DEF_CLASS("二", "202", "外交支出", NULL), \
    DEF_CLASS("三", "203", "国防支出", NULL), \
    DEF_CLASS("四", "204", "公共安全支出", NULL), \
    DEF_CLASS("五", "205", "教育支出", NULL), \
    DEF_CLASS("六", "206", "科学技术支出", NULL), \
    DEF_CLASS("七", "207", "文化旅游体育与传媒支出", NULL), \
    DEF_CLASS("八", "208", "社会保障和就业支出", NULL), \
    DEF_CLASS("九", "209", "社会保险基金支出", NULL), \
    DEF_CLASS("十", "210", "卫生健康支出", NULL), \
    DEF_CLASS("十一", "211", "节能环保支出", NULL), \
    DEF_CLASS("十二", "212", "城乡社区支出", NULL), \
    DEF_CLASS("十三", "213", "农林水支出", NULL), \
    DEF_CLASS("十四", "214", "交通运输支出", NULL), \
    DEF_CLASS("十五", "215", "资源勘探工业信息等支出", DEF_ISYN_C215), \
    DEF_CLASS("十六", "216", "商业服务业等支出", NULL), \
    DEF_CLASS("十七", "217", "金融支出", NULL), \
    DEF_CLASS("十八", "219", "援助其他地区支出", NULL), \
    DEF_CLASS("十九", "220", "自然资源海洋气象等支出", DEF_ISYN_C220), \
    DEF_CLASS("二十", "221", "住房保障支出", NULL), \
    DEF_CLASS("二十一", "222", "粮油物资储备支出", NULL), \
    DEF_CLASS("二十二", "223", "国有资本经营预算支出", NULL), \
    DEF_CLASS("二十三", "224", "灾害防治及应急管理支出", NULL), \
    DEF_CLASS("二十四", "227", "预备费", NULL), \
    DEF_CLASS("二十五", "229", "其他支出", NULL), \
    DEF_CLASS("二十六", "230", "转移性支出", NULL), \
    DEF_CLASS("二十七", "231", "债务还本支出", NULL), \
    DEF_CLASS("二十八", "232", "债务付息支出", NULL), \
    DEF_CLASS("二十九", "233", "债务发行费用支出", NULL), \
    DEF_CLASS("三十", "234", "抗疫特别国债安排的支出", NULL)

/* ------------------------------------------------------------------------
 * Shared column sets.
 * ------------------------------------------------------------------------ */

/* 合计 | 基本支出 | 项目支出 (支出总表, 一般公共预算支出表, 基金支出表, 国资支出):
 * the year group "2024年预算数" above them is not part of the label. */
static const bk_column_def DEF_COLS_TOTAL_BASIC_PROJECT[] = {
    DEF_COL("total", "合计", DEF_SYN_TOTAL),
    DEF_COL("basic", "基本支出", DEF_SYN_BASIC),
    DEF_COL("project", "项目支出", DEF_SYN_PROJECT),
};

/* 合计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算 (三公, 机关运行经费). */
static const bk_column_def DEF_COLS_BY_FISCAL_SOURCE[] = {
    DEF_COL("total", "合计", DEF_SYN_TOTAL),
    DEF_COL("general_public", "一般公共预算", DEF_SYN_GENERAL_PUBLIC),
    DEF_COL("gov_fund", "政府性基金预算", DEF_SYN_GOV_FUND),
    DEF_COL("state_capital", "国有资本经营预算", DEF_SYN_STATE_CAPITAL),
};

/* ========================================================================
 * Budget family (部门预算), seed order.
 * ======================================================================== */

/* ---- budget.summary 预算收支总表 (seed T1) ---- */
static const char *const DEF_PAT_SUMMARY[] = {"收支预算总表", "收支总表", NULL};

static const bk_column_def DEF_COLS_SUMMARY_INCOME[] = {
    DEF_COL("amount", "金额", DEF_SYN_AMOUNT),
};

static const bk_item_def DEF_ITEMS_SUMMARY_INCOME[] = {
    DEF_ITEM("general_public", "一、一般公共预算", 1, BK_ROW_DATA, DEF_ISYN_GENERAL_PUBLIC),
    DEF_ITEM("gov_fund", "二、政府性基金预算", 1, BK_ROW_DATA, DEF_ISYN_GOV_FUND),
    DEF_ITEM("state_capital", "三、国有资本经营预算", 1, BK_ROW_DATA, DEF_ISYN_STATE_CAPITAL),
    DEF_ITEM("special_account", "四、财政专户管理资金", 1, BK_ROW_DATA, DEF_ISYN_SPECIAL_ACCOUNT),
    DEF_ITEM("unit_funds", "五、单位资金", 1, BK_ROW_DATA, DEF_ISYN_UNIT_FUNDS),
    DEF_ITEM("income_subtotal", "本年收入合计", 0, BK_ROW_SUBTOTAL, DEF_ISYN_INCOME_SUBTOTAL),
    DEF_ITEM("carryover", "上年结转", 1, BK_ROW_DATA, DEF_ISYN_CARRYOVER),
    DEF_ITEM("income_total", "收入总计", 0, BK_ROW_TOTAL, DEF_ISYN_INCOME_TOTAL),
};

static const bk_column_def DEF_COLS_SUMMARY_EXPENSE[] = {
    DEF_COL("total", "合计", DEF_SYN_SUMMARY_TOTAL),
    DEF_COL("current", "当年预算安排", DEF_SYN_CURRENT),
    DEF_COL("carryover_use", "上年结转安排", DEF_SYN_CARRYOVER_USE),
};

/* The 30 类 then the three closing lines; shared by 收支总表 and 财政拨款收支总表. */
static const bk_item_def DEF_ITEMS_BUDGET_EXPENSE[] = {
    DEF_CLASS_ITEMS,
    DEF_ITEM("expense_subtotal", "本年支出合计", 0, BK_ROW_SUBTOTAL, DEF_ISYN_EXPENSE_SUBTOTAL),
    DEF_ITEM("year_end_carryover", "年终结转", 1, BK_ROW_DATA, DEF_ISYN_YEAR_END_CARRYOVER),
    DEF_ITEM("expense_total", "支出总计", 0, BK_ROW_TOTAL, DEF_ISYN_EXPENSE_TOTAL),
};

static const bk_panel_def DEF_PANELS_SUMMARY[] = {
    {.key = "income", .label = "收入", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FIXED,
     .columns = DEF_COLS_SUMMARY_INCOME, .n_columns = DEF_COUNT(DEF_COLS_SUMMARY_INCOME),
     .items = DEF_ITEMS_SUMMARY_INCOME, .n_items = DEF_COUNT(DEF_ITEMS_SUMMARY_INCOME)},
    {.key = "expense", .label = "支出", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FUNCTION_CLASS,
     .columns = DEF_COLS_SUMMARY_EXPENSE, .n_columns = DEF_COUNT(DEF_COLS_SUMMARY_EXPENSE),
     .items = DEF_ITEMS_BUDGET_EXPENSE, .n_items = DEF_COUNT(DEF_ITEMS_BUDGET_EXPENSE)},
};

/* ---- budget.finance_summary 部门财务收支预算总表 (MoF/Shanghai 表1): 本年收入 by source
 * (财政拨款收入 with its three funds, 事业收入 …) beside 本年支出 by function class. ---- */
static const char *const DEF_PAT_FINANCE_SUMMARY[] = {"财务收支预算总表", "财务收支总表", NULL};

static const char *const DEF_ISYN_FISCAL_APPROPRIATION[] = {"财政拨款收入", "财政拨款", "财政拨款资金", NULL};
static const char *const DEF_ISYN_FS_GENERAL_PUBLIC[] = {
    "一般公共预算资金", "一般公共预算", "一般公共预算拨款", "一般公共预算财政拨款", NULL};
static const char *const DEF_ISYN_FS_GOV_FUND[] = {"政府性基金", "政府性基金预算", "政府性基金预算资金", "政府性基金预算拨款", NULL};
static const char *const DEF_ISYN_FS_STATE_CAPITAL[] = {"国有资本经营预算", "国有资本经营预算资金", "国有资本经营预算拨款", NULL};

static const bk_item_def DEF_ITEMS_FINANCE_SUMMARY_INCOME[] = {
    DEF_ITEM("fiscal_appropriation", "一、财政拨款收入", 1, BK_ROW_DATA, DEF_ISYN_FISCAL_APPROPRIATION),
    DEF_ITEM("general_public", "1. 一般公共预算资金", 2, BK_ROW_DATA, DEF_ISYN_FS_GENERAL_PUBLIC),
    DEF_ITEM("gov_fund", "2. 政府性基金", 2, BK_ROW_DATA, DEF_ISYN_FS_GOV_FUND),
    DEF_ITEM("state_capital", "3. 国有资本经营预算", 2, BK_ROW_DATA, DEF_ISYN_FS_STATE_CAPITAL),
    DEF_ITEM("business_income", "二、事业收入", 1, BK_ROW_DATA, DEF_SYN_BUSINESS_INCOME),
    DEF_ITEM("operating_income", "三、事业单位经营收入", 1, BK_ROW_DATA, DEF_SYN_OPERATING_INCOME),
    DEF_ITEM("other_income", "四、其他收入", 1, BK_ROW_DATA, DEF_SYN_OTHER_INCOME),
    DEF_ITEM("income_subtotal", "本年收入合计", 0, BK_ROW_SUBTOTAL, DEF_ISYN_INCOME_SUBTOTAL),
    DEF_ITEM("carryover", "上年结转", 1, BK_ROW_DATA, DEF_ISYN_CARRYOVER),
    DEF_ITEM("income_total", "收入总计", 0, BK_ROW_TOTAL, DEF_ISYN_INCOME_TOTAL),
};

static const char *const DEF_SYN_BUDGET_AMOUNT[] = {"预算数", "金额", "本年预算数", "2024年预算数", NULL};
static const bk_column_def DEF_COLS_FINANCE_SUMMARY_INCOME[] = {
    DEF_COL("amount", "预算数", DEF_SYN_BUDGET_AMOUNT),
};
static const bk_column_def DEF_COLS_FINANCE_SUMMARY_EXPENSE[] = {
    DEF_COL("amount", "预算数", DEF_SYN_BUDGET_AMOUNT),
};

static const bk_panel_def DEF_PANELS_FINANCE_SUMMARY[] = {
    {.key = "income", .label = "本年收入", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FIXED,
     .columns = DEF_COLS_FINANCE_SUMMARY_INCOME, .n_columns = DEF_COUNT(DEF_COLS_FINANCE_SUMMARY_INCOME),
     .items = DEF_ITEMS_FINANCE_SUMMARY_INCOME, .n_items = DEF_COUNT(DEF_ITEMS_FINANCE_SUMMARY_INCOME)},
    {.key = "expense", .label = "本年支出", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FUNCTION_CLASS,
     .columns = DEF_COLS_FINANCE_SUMMARY_EXPENSE, .n_columns = DEF_COUNT(DEF_COLS_FINANCE_SUMMARY_EXPENSE),
     .items = DEF_ITEMS_BUDGET_EXPENSE, .n_items = DEF_COUNT(DEF_ITEMS_BUDGET_EXPENSE)},
};

/* ---- budget.income 预算收入总表 (seed T2). 合计 = 本年收入 only; 上年结转 is outside it. ---- */
static const char *const DEF_PAT_INCOME[] = {"收入预算总表", "收入总表", NULL};

static const bk_column_def DEF_COLS_INCOME[] = {
    DEF_COL("total", "本年收入/合计", DEF_SYN_TOTAL),
    DEF_COL("general_public", "本年收入/一般公共预算", DEF_SYN_GENERAL_PUBLIC),
    DEF_COL("gov_fund", "本年收入/政府性基金", DEF_SYN_GOV_FUND),
    DEF_COL("state_capital", "本年收入/国有资本经营预算", DEF_SYN_STATE_CAPITAL),
    DEF_COL("special_account", "本年收入/财政专户管理资金", DEF_SYN_SPECIAL_ACCOUNT),
    DEF_COL("unit_funds", "本年收入/单位资金", DEF_SYN_UNIT_FUNDS),
    DEF_COL("carryover", "上年结转", DEF_SYN_CARRYOVER),
    /* MoF/Shanghai 收入预算总表: the sources as 财政拨款收入 | 事业收入 | 事业单位经营收入 | 其他收入 */
    DEF_OPT_COL("fiscal_appropriation", "收入预算/财政拨款收入", DEF_SYN_FISCAL_APPROPRIATION),
    DEF_OPT_COL("business_income", "收入预算/事业收入", DEF_SYN_BUSINESS_INCOME),
    DEF_OPT_COL("operating_income", "收入预算/事业单位经营收入", DEF_SYN_OPERATING_INCOME),
    DEF_OPT_COL("other_income", "收入预算/其他收入", DEF_SYN_OTHER_INCOME),
};

static const bk_panel_def DEF_PANELS_INCOME[] = {
    {.key = "main", .label = NULL, .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_FUNCTION,
     .columns = DEF_COLS_INCOME, .n_columns = DEF_COUNT(DEF_COLS_INCOME),
     .items = NULL, .n_items = 0},
};

/* ---- budget.expense 预算支出总表 (seed T3) ---- */
static const char *const DEF_PAT_EXPENSE[] = {"支出预算总表", "支出总表", NULL};

static const bk_panel_def DEF_PANELS_FUNCTION_TBP[] = {
    {.key = "main", .label = NULL, .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_FUNCTION,
     .columns = DEF_COLS_TOTAL_BASIC_PROJECT, .n_columns = DEF_COUNT(DEF_COLS_TOTAL_BASIC_PROJECT),
     .items = NULL, .n_items = 0},
};

/* ---- budget.fiscal_summary 财政拨款收支总表 (seed T4) ---- */
static const char *const DEF_PAT_FISCAL_SUMMARY[] = {"财政拨款收支预算总表", "财政拨款收支总表", NULL};

static const bk_item_def DEF_ITEMS_FISCAL_SUMMARY_INCOME[] = {
    DEF_ITEM("general_public", "一、一般公共预算", 1, BK_ROW_DATA, DEF_ISYN_GENERAL_PUBLIC),
    DEF_ITEM("gov_fund", "二、政府性基金预算", 1, BK_ROW_DATA, DEF_ISYN_GOV_FUND),
    DEF_ITEM("state_capital", "三、国有资本经营预算", 1, BK_ROW_DATA, DEF_ISYN_STATE_CAPITAL),
    DEF_ITEM("income_subtotal", "本年收入合计", 0, BK_ROW_SUBTOTAL, DEF_ISYN_INCOME_SUBTOTAL),
    DEF_ITEM("carryover", "上年财政拨款结转", 1, BK_ROW_DATA, DEF_ISYN_FISCAL_CARRYOVER),
    DEF_ITEM("carryover_general_public", "一、一般公共预算", 2, BK_ROW_DATA, DEF_ISYN_GENERAL_PUBLIC),
    DEF_ITEM("carryover_gov_fund", "二、政府性基金预算", 2, BK_ROW_DATA, DEF_ISYN_GOV_FUND),
    DEF_ITEM("carryover_state_capital", "三、国有资本经营预算", 2, BK_ROW_DATA, DEF_ISYN_STATE_CAPITAL),
    DEF_ITEM("income_total", "收入总计", 0, BK_ROW_TOTAL, DEF_ISYN_INCOME_TOTAL),
};

/* The seed prints "金额" over 小计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算. */
static const char *const DEF_SYN_FISCAL_SUBTOTAL[] = {"小计", "合计", "金额", NULL};
static const bk_column_def DEF_COLS_FISCAL_SUMMARY_EXPENSE[] = {
    DEF_COL("total", "金额/小计", DEF_SYN_FISCAL_SUBTOTAL),
    DEF_COL("general_public", "金额/一般公共预算", DEF_SYN_GENERAL_PUBLIC),
    DEF_COL("gov_fund", "金额/政府性基金预算", DEF_SYN_GOV_FUND),
    DEF_COL("state_capital", "金额/国有资本经营预算", DEF_SYN_STATE_CAPITAL),
};

static const bk_panel_def DEF_PANELS_FISCAL_SUMMARY[] = {
    {.key = "income", .label = "收入", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FIXED,
     .columns = DEF_COLS_SUMMARY_INCOME, .n_columns = DEF_COUNT(DEF_COLS_SUMMARY_INCOME),
     .items = DEF_ITEMS_FISCAL_SUMMARY_INCOME, .n_items = DEF_COUNT(DEF_ITEMS_FISCAL_SUMMARY_INCOME)},
    {.key = "expense", .label = "支出", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FUNCTION_CLASS,
     .columns = DEF_COLS_FISCAL_SUMMARY_EXPENSE, .n_columns = DEF_COUNT(DEF_COLS_FISCAL_SUMMARY_EXPENSE),
     .items = DEF_ITEMS_BUDGET_EXPENSE, .n_items = DEF_COUNT(DEF_ITEMS_BUDGET_EXPENSE)},
};

/* ---- budget.general_public_expense 一般公共预算支出预算表 (seed T5; MoF/Shanghai 一般公共预算支出(功能分类)表) ---- */
static const char *const DEF_PAT_GENERAL_PUBLIC_EXPENSE[] = {
    "一般公共预算财政拨款支出预算表", "一般公共预算支出功能分类", "一般公共预算支出预算表",
    "一般公共预算支出表", NULL};

/* ---- budget.basic_economic 一般公共预算安排基本支出分经济科目表 (seed T6): no codes,
 * (部门经济科目, 政府经济科目) name pairs under group rows. ---- */
static const char *const DEF_PAT_BASIC_ECONOMIC[] = {
    "一般公共预算安排基本支出分经济科目表", "安排基本支出分经济科目", "基本支出分经济科目表", NULL};

static const bk_column_def DEF_COLS_BASIC_ECONOMIC[] = {
    DEF_TEXT_COL("gov_econ_name", "政府预算支出经济科目名称", DEF_SYN_GOV_ECON_NAME),
    DEF_COL("total", "合计", DEF_SYN_TOTAL),
    DEF_COL("personnel", "人员经费", DEF_SYN_PERSONNEL),
    DEF_COL("public_use", "公用经费", DEF_SYN_PUBLIC_USE),
};

static const bk_panel_def DEF_PANELS_BASIC_ECONOMIC[] = {
    {.key = "main", .label = NULL, .code_label = NULL, .name_label = "部门预算支出经济科目名称",
     .coding = BK_CODING_ECONOMIC_PAIR,
     .columns = DEF_COLS_BASIC_ECONOMIC, .n_columns = DEF_COUNT(DEF_COLS_BASIC_ECONOMIC),
     .items = NULL, .n_items = 0},
};

/* ---- budget.gov_fund_income 政府性基金预算收入表 (seed T7): 收入分类 codes ---- */
static const char *const DEF_PAT_GOV_FUND_INCOME[] = {
    "政府性基金预算收入预算表", "政府性基金预算收入表", "政府性基金收入预算表", "政府性基金收入表", NULL};

static const bk_column_def DEF_COLS_GOV_FUND_INCOME[] = {
    DEF_COL("amount", "政府性基金收入预算", DEF_SYN_GF_INCOME),
};

static const bk_panel_def DEF_PANELS_GOV_FUND_INCOME[] = {
    {.key = "main", .label = NULL, .code_label = "收入科目编码", .name_label = "科目名称",
     .coding = BK_CODING_REVENUE,
     .columns = DEF_COLS_GOV_FUND_INCOME, .n_columns = DEF_COUNT(DEF_COLS_GOV_FUND_INCOME),
     .items = NULL, .n_items = 0},
};

/* ---- budget.gov_fund_expense 政府性基金预算支出表 (seed T8; MoF/Shanghai alike) ---- */
static const char *const DEF_PAT_GOV_FUND_EXPENSE[] = {
    "政府性基金预算支出功能分类", "政府性基金预算支出预算表", "政府性基金预算支出表",
    "政府性基金支出预算表", "政府性基金支出表", NULL};

/* ---- budget.state_capital 国有资本经营预算收支预算表 (seed T9): 收入 | 支出 side by side ---- */
static const char *const DEF_PAT_STATE_CAPITAL[] = {
    "国有资本经营预算收支预算表", "国有资本经营预算收支表", "国有资本经营预算收支", NULL};

static const bk_column_def DEF_COLS_STATE_CAPITAL_INCOME[] = {
    DEF_COL("amount", "国有资本经营收入预算", DEF_SYN_SC_INCOME),
};

static const bk_panel_def DEF_PANELS_STATE_CAPITAL[] = {
    {.key = "income", .label = "国有资本经营预算收入", .code_label = "收入科目编码", .name_label = "科目名称",
     .coding = BK_CODING_REVENUE,
     .columns = DEF_COLS_STATE_CAPITAL_INCOME, .n_columns = DEF_COUNT(DEF_COLS_STATE_CAPITAL_INCOME),
     .items = NULL, .n_items = 0},
    {.key = "expense", .label = "国有资本经营预算支出", .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_FUNCTION,
     .columns = DEF_COLS_TOTAL_BASIC_PROJECT, .n_columns = DEF_COUNT(DEF_COLS_TOTAL_BASIC_PROJECT),
     .items = NULL, .n_items = 0},
};

/* ---- budget.three_public 财政拨款安排“三公”经费支出预算表 (seed T10): items as rows ---- */
static const char *const DEF_PAT_THREE_PUBLIC[] = {
    "财政拨款安排三公经费支出预算表", "三公经费支出预算表", "三公经费预算表", "三公经费", NULL};

static const bk_item_def DEF_ITEMS_THREE_PUBLIC[] = {
    DEF_ITEM("travel_abroad", "因公出国（境）费", 1, BK_ROW_DATA, DEF_SYN_TRAVEL_ABROAD),
    DEF_ITEM("reception", "公务接待费", 1, BK_ROW_DATA, DEF_SYN_RECEPTION),
    DEF_ITEM("vehicle", "公务用车购置及运行费", 1, BK_ROW_DATA, DEF_SYN_VEHICLE),
    DEF_ITEM("vehicle_purchase", "①公务用车购置费", 2, BK_ROW_DATA, DEF_SYN_VEHICLE_PURCHASE),
    DEF_ITEM("vehicle_operation", "②公务用车运行维护费", 2, BK_ROW_DATA, DEF_SYN_VEHICLE_OPERATION),
    DEF_ITEM("total", "合计", 0, BK_ROW_TOTAL, DEF_ISYN_TOTAL),
};

static const bk_panel_def DEF_PANELS_THREE_PUBLIC[] = {
    {.key = "main", .label = NULL, .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FIXED,
     .columns = DEF_COLS_BY_FISCAL_SOURCE, .n_columns = DEF_COUNT(DEF_COLS_BY_FISCAL_SOURCE),
     .items = DEF_ITEMS_THREE_PUBLIC, .n_items = DEF_COUNT(DEF_ITEMS_THREE_PUBLIC)},
};

/* ---- budget.operating_costs 财政拨款安排机关运行经费预算表 (seed T11): 部门合计 + one row per unit ---- */
static const char *const DEF_PAT_OPERATING_COSTS[] = {
    "财政拨款安排机关运行经费预算表", "机关运行经费预算表", "机关运行经费", NULL};

static const bk_panel_def DEF_PANELS_OPERATING_COSTS[] = {
    {.key = "main", .label = NULL, .code_label = NULL, .name_label = "单位名称",
     .coding = BK_CODING_UNIT,
     .columns = DEF_COLS_BY_FISCAL_SOURCE, .n_columns = DEF_COUNT(DEF_COLS_BY_FISCAL_SOURCE),
     .items = NULL, .n_items = 0},
};

/* ---- budget.projects 项目支出预算表（本年预算） (seed T12). The group is printed
 * "2024年财政拨款"; its year is dropped from the label. ---- */
static const char *const DEF_PAT_PROJECTS[] = {"项目支出预算表(本年预算)", "项目支出预算表", "项目支出表", NULL};

static const bk_column_def DEF_COLS_PROJECTS[] = {
    DEF_COL("total", "合计", DEF_SYN_TOTAL),
    DEF_COL("general_public", "财政拨款/一般公共预算", DEF_SYN_GENERAL_PUBLIC),
    DEF_COL("gov_fund", "财政拨款/政府性基金预算", DEF_SYN_GOV_FUND),
    DEF_COL("state_capital", "财政拨款/国有资本经营预算", DEF_SYN_STATE_CAPITAL),
    DEF_COL("special_account", "财政专户管理资金", DEF_SYN_SPECIAL_ACCOUNT),
    DEF_COL("unit_funds", "单位资金", DEF_SYN_UNIT_FUNDS),
};

static const bk_panel_def DEF_PANELS_PROJECTS[] = {
    {.key = "main", .label = NULL, .code_label = NULL, .name_label = "项目名称",
     .coding = BK_CODING_PROJECT,
     .columns = DEF_COLS_PROJECTS, .n_columns = DEF_COUNT(DEF_COLS_PROJECTS),
     .items = NULL, .n_items = 0},
};

/* ---- budget.projects_carryover 项目支出预算表（上年结转） (seed T13) ---- */
static const char *const DEF_PAT_PROJECTS_CARRYOVER[] = {"项目支出预算表(上年结转)", "项目支出表(上年结转)", NULL};

static const bk_column_def DEF_COLS_PROJECTS_CARRYOVER[] = {
    DEF_COL("total", "合计", DEF_SYN_TOTAL),
    DEF_COL("general_public", "财政拨款/一般公共预算", DEF_SYN_GENERAL_PUBLIC),
    DEF_COL("gov_fund", "财政拨款/政府性基金预算", DEF_SYN_GOV_FUND),
    DEF_COL("state_capital", "财政拨款/国有资本经营预算", DEF_SYN_STATE_CAPITAL),
};

static const bk_panel_def DEF_PANELS_PROJECTS_CARRYOVER[] = {
    {.key = "main", .label = NULL, .code_label = NULL, .name_label = "项目名称",
     .coding = BK_CODING_PROJECT,
     .columns = DEF_COLS_PROJECTS_CARRYOVER, .n_columns = DEF_COUNT(DEF_COLS_PROJECTS_CARRYOVER),
     .items = NULL, .n_items = 0},
};

/* ---- budget.general_public_basic 一般公共预算基本支出表 (MoF; Shanghai "…基本支出部门预算经济分类预算表"):
 * 部门预算支出经济分类 codes (类 301, 款 30101) instead of the seed's name pairs. ---- */
static const char *const DEF_PAT_GENERAL_PUBLIC_BASIC[] = {
    "一般公共预算财政拨款基本支出预算表", "一般公共预算基本支出预算经济分类", "一般公共预算基本支出经济分类",
    "一般公共预算基本支出", NULL};

static const bk_column_def DEF_COLS_GENERAL_PUBLIC_BASIC[] = {
    DEF_COL("total", "合计", DEF_SYN_TOTAL),
    DEF_COL("personnel", "人员经费", DEF_SYN_PERSONNEL),
    DEF_COL("public_use", "公用经费", DEF_SYN_PUBLIC_USE),
};

static const bk_panel_def DEF_PANELS_GENERAL_PUBLIC_BASIC[] = {
    {.key = "main", .label = NULL, .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_ECONOMIC,
     .columns = DEF_COLS_GENERAL_PUBLIC_BASIC, .n_columns = DEF_COUNT(DEF_COLS_GENERAL_PUBLIC_BASIC),
     .items = NULL, .n_items = 0},
};

/* ---- budget.state_capital_expense 国有资本经营预算支出表 (MoF/Shanghai: expense side only) ---- */
static const char *const DEF_PAT_STATE_CAPITAL_EXPENSE[] = {
    "国有资本经营预算支出功能分类", "国有资本经营预算支出预算表", "国有资本经营预算支出表", NULL};

/* ---- budget.three_public_columns “三公”经费（和机关运行经费）预算表 (Shanghai; MoF local
 * 一般公共预算“三公”经费支出表): one data row, the items as columns. ---- */
static const char *const DEF_PAT_THREE_PUBLIC_COLUMNS[] = {
    "一般公共预算三公经费支出预算表", "一般公共预算三公经费支出表", "三公经费和机关运行经费",
    "三公经费及机关运行经费", NULL};

static const bk_column_def DEF_COLS_THREE_PUBLIC_COLUMNS[] = {
    DEF_COL("total", "合计", DEF_ISYN_TOTAL),
    DEF_COL("travel_abroad", "因公出国（境）费", DEF_SYN_TRAVEL_ABROAD),
    DEF_COL("reception", "公务接待费", DEF_SYN_RECEPTION),
    DEF_COL("vehicle_total", "公务用车购置及运行费/小计", DEF_SYN_VEHICLE),
    DEF_COL("vehicle_purchase", "公务用车购置及运行费/公务用车购置费", DEF_SYN_VEHICLE_PURCHASE),
    DEF_COL("vehicle_operation", "公务用车购置及运行费/公务用车运行费", DEF_SYN_VEHICLE_OPERATION),
    DEF_COL("operating_costs", "机关运行经费", DEF_SYN_OPERATING_COSTS),
};

static const bk_panel_def DEF_PANELS_THREE_PUBLIC_COLUMNS[] = {
    {.key = "main", .label = NULL, .code_label = NULL, .name_label = NULL,
     .coding = BK_CODING_NONE,
     .columns = DEF_COLS_THREE_PUBLIC_COLUMNS, .n_columns = DEF_COUNT(DEF_COLS_THREE_PUBLIC_COLUMNS),
     .items = NULL, .n_items = 0},
};

/* ========================================================================
 * Final-accounts family (部门决算), MoF 9 tables (公开01表 … 公开09表).
 * Amounts are 决算数; the "行次"/"栏次" helper column and row are layout only.
 * ======================================================================== */

/* ---- final.summary 收入支出决算总表 ---- */
static const char *const DEF_PAT_FINAL_SUMMARY[] = {"收入支出决算总表", "收支决算总表", NULL};

static const bk_column_def DEF_COLS_FINAL_AMOUNT[] = {
    DEF_COL("amount", "金额", DEF_SYN_FINAL_AMOUNT),
};

static const bk_item_def DEF_ITEMS_FINAL_SUMMARY_INCOME[] = {
    DEF_ITEM("general_public", "一、一般公共预算财政拨款收入", 1, BK_ROW_DATA, DEF_ISYN_FINAL_GENERAL_PUBLIC),
    DEF_ITEM("gov_fund", "二、政府性基金预算财政拨款收入", 1, BK_ROW_DATA, DEF_ISYN_FINAL_GOV_FUND),
    DEF_ITEM("state_capital", "三、国有资本经营预算财政拨款收入", 1, BK_ROW_DATA, DEF_ISYN_FINAL_STATE_CAPITAL),
    DEF_ITEM("upper_subsidy", "四、上级补助收入", 1, BK_ROW_DATA, DEF_SYN_UPPER_SUBSIDY),
    DEF_ITEM("business_income", "五、事业收入", 1, BK_ROW_DATA, DEF_SYN_BUSINESS_INCOME),
    DEF_ITEM("operating_income", "六、经营收入", 1, BK_ROW_DATA, DEF_SYN_OPERATING_INCOME),
    DEF_ITEM("affiliated_income", "七、附属单位上缴收入", 1, BK_ROW_DATA, DEF_SYN_AFFILIATED_INCOME),
    DEF_ITEM("other_income", "八、其他收入", 1, BK_ROW_DATA, DEF_SYN_OTHER_INCOME),
    DEF_ITEM("income_subtotal", "本年收入合计", 0, BK_ROW_SUBTOTAL, DEF_ISYN_INCOME_SUBTOTAL),
    DEF_ITEM("non_fiscal_balance_used", "使用非财政拨款结余（含专用结余）", 1, BK_ROW_DATA, DEF_ISYN_NON_FISCAL_BALANCE),
    DEF_ITEM("opening_balance", "年初结转和结余", 1, BK_ROW_DATA, DEF_SYN_OPENING_BALANCE),
    DEF_ITEM("income_total", "总计", 0, BK_ROW_TOTAL, DEF_ISYN_INCOME_TOTAL),
};

static const bk_item_def DEF_ITEMS_FINAL_SUMMARY_EXPENSE[] = {
    DEF_CLASS_ITEMS,
    DEF_ITEM("expense_subtotal", "本年支出合计", 0, BK_ROW_SUBTOTAL, DEF_ISYN_EXPENSE_SUBTOTAL),
    DEF_ITEM("surplus_distribution", "结余分配", 1, BK_ROW_DATA, DEF_ISYN_SURPLUS_DISTRIBUTION),
    DEF_ITEM("closing_balance", "年末结转和结余", 1, BK_ROW_DATA, DEF_SYN_CLOSING_BALANCE),
    DEF_ITEM("expense_total", "总计", 0, BK_ROW_TOTAL, DEF_ISYN_EXPENSE_TOTAL),
};

static const bk_panel_def DEF_PANELS_FINAL_SUMMARY[] = {
    {.key = "income", .label = "收入", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FIXED,
     .columns = DEF_COLS_FINAL_AMOUNT, .n_columns = DEF_COUNT(DEF_COLS_FINAL_AMOUNT),
     .items = DEF_ITEMS_FINAL_SUMMARY_INCOME, .n_items = DEF_COUNT(DEF_ITEMS_FINAL_SUMMARY_INCOME)},
    {.key = "expense", .label = "支出", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FUNCTION_CLASS,
     .columns = DEF_COLS_FINAL_AMOUNT, .n_columns = DEF_COUNT(DEF_COLS_FINAL_AMOUNT),
     .items = DEF_ITEMS_FINAL_SUMMARY_EXPENSE, .n_items = DEF_COUNT(DEF_ITEMS_FINAL_SUMMARY_EXPENSE)},
};

/* ---- final.income 收入决算表: row 本年收入合计 = Σ sources ---- */
static const char *const DEF_PAT_FINAL_INCOME[] = {"收入决算表", NULL};

static const bk_column_def DEF_COLS_FINAL_INCOME[] = {
    DEF_COL("total", "本年收入合计", DEF_SYN_FINAL_INCOME_TOTAL),
    DEF_COL("fiscal_appropriation", "财政拨款收入", DEF_SYN_FISCAL_APPROPRIATION),
    DEF_COL("upper_subsidy", "上级补助收入", DEF_SYN_UPPER_SUBSIDY),
    DEF_COL("business_income", "事业收入", DEF_SYN_BUSINESS_INCOME),
    DEF_COL("operating_income", "经营收入", DEF_SYN_OPERATING_INCOME),
    DEF_COL("affiliated_income", "附属单位上缴收入", DEF_SYN_AFFILIATED_INCOME),
    DEF_COL("other_income", "其他收入", DEF_SYN_OTHER_INCOME),
};

static const bk_panel_def DEF_PANELS_FINAL_INCOME[] = {
    {.key = "main", .label = NULL, .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_FUNCTION,
     .columns = DEF_COLS_FINAL_INCOME, .n_columns = DEF_COUNT(DEF_COLS_FINAL_INCOME),
     .items = NULL, .n_items = 0},
};

/* ---- final.expense 支出决算表: 本年支出合计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助 ---- */
static const char *const DEF_PAT_FINAL_EXPENSE[] = {"支出决算表", NULL};

static const bk_column_def DEF_COLS_FINAL_EXPENSE[] = {
    DEF_COL("total", "本年支出合计", DEF_SYN_FINAL_EXPENSE_TOTAL),
    DEF_COL("basic", "基本支出", DEF_SYN_BASIC),
    DEF_COL("project", "项目支出", DEF_SYN_PROJECT),
    DEF_COL("remit_upper", "上缴上级支出", DEF_SYN_REMIT_UPPER),
    DEF_COL("operating_expense", "经营支出", DEF_SYN_OPERATING_EXPENSE),
    DEF_COL("affiliated_subsidy", "对附属单位补助支出", DEF_SYN_AFFILIATED_SUBSIDY),
};

static const bk_panel_def DEF_PANELS_FINAL_EXPENSE[] = {
    {.key = "main", .label = NULL, .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_FUNCTION,
     .columns = DEF_COLS_FINAL_EXPENSE, .n_columns = DEF_COUNT(DEF_COLS_FINAL_EXPENSE),
     .items = NULL, .n_items = 0},
};

/* ---- final.fiscal_summary 财政拨款收入支出决算总表 ---- */
static const char *const DEF_PAT_FINAL_FISCAL_SUMMARY[] = {"财政拨款收入支出决算总表", "财政拨款收支决算总表", NULL};

static const bk_item_def DEF_ITEMS_FINAL_FISCAL_INCOME[] = {
    DEF_ITEM("general_public", "一、一般公共预算财政拨款", 1, BK_ROW_DATA, DEF_ISYN_FINAL_GENERAL_PUBLIC),
    DEF_ITEM("gov_fund", "二、政府性基金预算财政拨款", 1, BK_ROW_DATA, DEF_ISYN_FINAL_GOV_FUND),
    DEF_ITEM("state_capital", "三、国有资本经营预算财政拨款", 1, BK_ROW_DATA, DEF_ISYN_FINAL_STATE_CAPITAL),
    DEF_ITEM("income_subtotal", "本年收入合计", 0, BK_ROW_SUBTOTAL, DEF_ISYN_INCOME_SUBTOTAL),
    DEF_ITEM("opening_balance", "年初财政拨款结转和结余", 1, BK_ROW_DATA, DEF_ISYN_FISCAL_OPENING),
    DEF_ITEM("opening_general_public", "一般公共预算财政拨款", 2, BK_ROW_DATA, DEF_ISYN_FINAL_GENERAL_PUBLIC),
    DEF_ITEM("opening_gov_fund", "政府性基金预算财政拨款", 2, BK_ROW_DATA, DEF_ISYN_FINAL_GOV_FUND),
    DEF_ITEM("opening_state_capital", "国有资本经营预算财政拨款", 2, BK_ROW_DATA, DEF_ISYN_FINAL_STATE_CAPITAL),
    DEF_ITEM("income_total", "总计", 0, BK_ROW_TOTAL, DEF_ISYN_INCOME_TOTAL),
};

static const bk_item_def DEF_ITEMS_FINAL_FISCAL_EXPENSE[] = {
    DEF_CLASS_ITEMS,
    DEF_ITEM("expense_subtotal", "本年支出合计", 0, BK_ROW_SUBTOTAL, DEF_ISYN_EXPENSE_SUBTOTAL),
    DEF_ITEM("closing_balance", "年末财政拨款结转和结余", 1, BK_ROW_DATA, DEF_ISYN_FISCAL_CLOSING),
    DEF_ITEM("expense_total", "总计", 0, BK_ROW_TOTAL, DEF_ISYN_EXPENSE_TOTAL),
};

static const bk_column_def DEF_COLS_FINAL_FISCAL_EXPENSE[] = {
    DEF_COL("total", "合计", DEF_SYN_TOTAL),
    DEF_COL("general_public", "一般公共预算财政拨款", DEF_SYN_GENERAL_PUBLIC),
    DEF_COL("gov_fund", "政府性基金预算财政拨款", DEF_SYN_GOV_FUND),
    DEF_COL("state_capital", "国有资本经营预算财政拨款", DEF_SYN_STATE_CAPITAL),
};

static const bk_panel_def DEF_PANELS_FINAL_FISCAL_SUMMARY[] = {
    {.key = "income", .label = "收入", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FIXED,
     .columns = DEF_COLS_FINAL_AMOUNT, .n_columns = DEF_COUNT(DEF_COLS_FINAL_AMOUNT),
     .items = DEF_ITEMS_FINAL_FISCAL_INCOME, .n_items = DEF_COUNT(DEF_ITEMS_FINAL_FISCAL_INCOME)},
    {.key = "expense", .label = "支出", .code_label = NULL, .name_label = "项目",
     .coding = BK_CODING_FUNCTION_CLASS,
     .columns = DEF_COLS_FINAL_FISCAL_EXPENSE, .n_columns = DEF_COUNT(DEF_COLS_FINAL_FISCAL_EXPENSE),
     .items = DEF_ITEMS_FINAL_FISCAL_EXPENSE, .n_items = DEF_COUNT(DEF_ITEMS_FINAL_FISCAL_EXPENSE)},
};

/* ---- final.general_public_expense 一般公共预算财政拨款支出决算表 ---- */
static const char *const DEF_PAT_FINAL_GENERAL_PUBLIC_EXPENSE[] = {"一般公共预算财政拨款支出决算表", NULL};

static const char *const DEF_SYN_FINAL_SUBTOTAL[] = {"小计", "合计", "本年支出合计", NULL};
static const bk_column_def DEF_COLS_FINAL_SPENT_TBP[] = {
    DEF_COL("total", "本年支出/小计", DEF_SYN_FINAL_SUBTOTAL),
    DEF_COL("basic", "本年支出/基本支出", DEF_SYN_BASIC),
    DEF_COL("project", "本年支出/项目支出", DEF_SYN_PROJECT),
};

static const bk_panel_def DEF_PANELS_FINAL_FUNCTION_SPENT[] = {
    {.key = "main", .label = NULL, .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_FUNCTION,
     .columns = DEF_COLS_FINAL_SPENT_TBP, .n_columns = DEF_COUNT(DEF_COLS_FINAL_SPENT_TBP),
     .items = NULL, .n_items = 0},
};

/* ---- final.general_public_basic 一般公共预算财政拨款基本支出决算表: two blocks,
 * 人员经费 (301, 303) and 公用经费 (302, 307, 310, 399), each 科目编码 | 科目名称 | 决算数;
 * the blocks end with 人员经费合计 / 公用经费合计. ---- */
static const char *const DEF_PAT_FINAL_GENERAL_PUBLIC_BASIC[] = {
    "一般公共预算财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算表",
    "一般公共预算财政拨款基本支出决算", NULL};

static const bk_column_def DEF_COLS_FINAL_ACTUAL[] = {
    DEF_COL("amount", "决算数", DEF_SYN_FINAL_AMOUNT),
};

static const bk_panel_def DEF_PANELS_FINAL_GENERAL_PUBLIC_BASIC[] = {
    {.key = "personnel", .label = "人员经费", .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_ECONOMIC,
     .columns = DEF_COLS_FINAL_ACTUAL, .n_columns = DEF_COUNT(DEF_COLS_FINAL_ACTUAL),
     .items = NULL, .n_items = 0},
    {.key = "public_use", .label = "公用经费", .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_ECONOMIC,
     .columns = DEF_COLS_FINAL_ACTUAL, .n_columns = DEF_COUNT(DEF_COLS_FINAL_ACTUAL),
     .items = NULL, .n_items = 0},
};

/* ---- final.three_public 财政拨款“三公”经费支出决算表: one data row; the same six item
 * columns under 预算数 and again under 决算数. ---- */
static const char *const DEF_PAT_FINAL_THREE_PUBLIC[] = {
    "财政拨款三公经费支出决算表", "三公经费支出决算表", "三公经费决算表", NULL};

static const char *const DEF_SYN_BUDGET_TOTAL[] = {"合计", "小计", NULL};
static const bk_column_def DEF_COLS_FINAL_THREE_PUBLIC[] = {
    /* the official template prints each item over a 预算数 | 决算数 pair */
    DEF_COL("budget_total", "合计/预算数", DEF_SYN_BUDGET_TOTAL),
    DEF_COL("budget_travel_abroad", "因公出国（境）费/预算数", DEF_SYN_TRAVEL_ABROAD),
    DEF_COL("budget_vehicle_total", "公务用车购置及运行维护费/小计/预算数", DEF_SYN_VEHICLE),
    DEF_COL("budget_vehicle_purchase", "公务用车购置及运行维护费/公务用车购置费/预算数", DEF_SYN_VEHICLE_PURCHASE),
    DEF_COL("budget_vehicle_operation", "公务用车购置及运行维护费/公务用车运行维护费/预算数", DEF_SYN_VEHICLE_OPERATION),
    DEF_COL("budget_reception", "公务接待费/预算数", DEF_SYN_RECEPTION),
    DEF_COL("actual_total", "合计/决算数", DEF_SYN_BUDGET_TOTAL),
    DEF_COL("actual_travel_abroad", "因公出国（境）费/决算数", DEF_SYN_TRAVEL_ABROAD),
    DEF_COL("actual_vehicle_total", "公务用车购置及运行维护费/小计/决算数", DEF_SYN_VEHICLE),
    DEF_COL("actual_vehicle_purchase", "公务用车购置及运行维护费/公务用车购置费/决算数", DEF_SYN_VEHICLE_PURCHASE),
    DEF_COL("actual_vehicle_operation", "公务用车购置及运行维护费/公务用车运行维护费/决算数", DEF_SYN_VEHICLE_OPERATION),
    DEF_COL("actual_reception", "公务接待费/决算数", DEF_SYN_RECEPTION),
};

static const bk_panel_def DEF_PANELS_FINAL_THREE_PUBLIC[] = {
    {.key = "main", .label = NULL, .code_label = NULL, .name_label = NULL,
     .coding = BK_CODING_NONE,
     .columns = DEF_COLS_FINAL_THREE_PUBLIC, .n_columns = DEF_COUNT(DEF_COLS_FINAL_THREE_PUBLIC),
     .items = NULL, .n_items = 0},
};

/* ---- final.gov_fund 政府性基金预算财政拨款收入支出决算表: per code 年末 = 年初 + 收入 − 支出 ---- */
static const char *const DEF_PAT_FINAL_GOV_FUND[] = {
    "政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款支出决算表", NULL};

static const char *const DEF_SYN_EXPENSE_SUBTOTAL[] = {"小计", "合计", "本年支出", "本年支出合计", NULL};
static const bk_column_def DEF_COLS_FINAL_GOV_FUND[] = {
    DEF_COL("opening_balance", "年初结转和结余", DEF_SYN_OPENING_BALANCE),
    DEF_COL("income", "本年收入", DEF_SYN_CURRENT_INCOME),
    DEF_COL("expense_total", "本年支出/小计", DEF_SYN_EXPENSE_SUBTOTAL),
    DEF_COL("basic", "本年支出/基本支出", DEF_SYN_BASIC),
    DEF_COL("project", "本年支出/项目支出", DEF_SYN_PROJECT),
    DEF_COL("closing_balance", "年末结转和结余", DEF_SYN_CLOSING_BALANCE),
};

/* 国有资本经营预算财政拨款支出决算表: 本年支出 by function code; the Shanghai template prints it
 * as a 收入支出 table like 政府性基金's (年初结转和结余 | 本年收入 | 本年支出 | 年末结转和结余). */
static const bk_column_def DEF_COLS_FINAL_STATE_CAPITAL[] = {
    DEF_COL("total", "本年支出/小计", DEF_SYN_FINAL_SUBTOTAL),
    DEF_COL("basic", "本年支出/基本支出", DEF_SYN_BASIC),
    DEF_COL("project", "本年支出/项目支出", DEF_SYN_PROJECT),
    DEF_OPT_COL("opening_balance", "年初结转和结余", DEF_SYN_OPENING_BALANCE),
    DEF_OPT_COL("income", "本年收入", DEF_SYN_CURRENT_INCOME),
    DEF_OPT_COL("closing_balance", "年末结转和结余", DEF_SYN_CLOSING_BALANCE),
};

static const bk_panel_def DEF_PANELS_FINAL_STATE_CAPITAL[] = {
    {.key = "main", .label = NULL, .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_FUNCTION,
     .columns = DEF_COLS_FINAL_STATE_CAPITAL, .n_columns = DEF_COUNT(DEF_COLS_FINAL_STATE_CAPITAL),
     .items = NULL, .n_items = 0},
};

static const bk_panel_def DEF_PANELS_FINAL_GOV_FUND[] = {
    {.key = "main", .label = NULL, .code_label = "科目编码", .name_label = "科目名称",
     .coding = BK_CODING_FUNCTION,
     .columns = DEF_COLS_FINAL_GOV_FUND, .n_columns = DEF_COUNT(DEF_COLS_FINAL_GOV_FUND),
     .items = NULL, .n_items = 0},
};

/* ---- final.state_capital 国有资本经营预算财政拨款支出决算表 (MoF: 本年支出 合计/基本/项目) ---- */
static const char *const DEF_PAT_FINAL_STATE_CAPITAL[] = {
    "国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表", NULL};

/* ========================================================================
 * All definitions, budget family first (seed order, then the MoF/Shanghai
 * variants), then the 决算 family in MoF order.
 * ======================================================================== */

static const bk_table_def DEF_TABLES[] = {
    {.kind = "budget.summary", .family = BK_DOC_BUDGET, .title = "预算收支总表",
     .title_patterns = DEF_PAT_SUMMARY, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_SUMMARY, .n_panels = DEF_COUNT(DEF_PANELS_SUMMARY),
     .description = "收支总表: income by source (一般公共预算…单位资金, 上年结转) beside expense by function class"},
    {.kind = "budget.income", .family = BK_DOC_BUDGET, .title = "预算收入总表",
     .title_patterns = DEF_PAT_INCOME, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_INCOME, .n_panels = DEF_COUNT(DEF_PANELS_INCOME),
     .description = "收入总表: income by function code and source; 合计 excludes 上年结转"},
    {.kind = "budget.expense", .family = BK_DOC_BUDGET, .title = "预算支出总表",
     .title_patterns = DEF_PAT_EXPENSE, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FUNCTION_TBP, .n_panels = DEF_COUNT(DEF_PANELS_FUNCTION_TBP),
     .description = "支出总表: expense by function code, 基本支出 and 项目支出"},
    {.kind = "budget.fiscal_summary", .family = BK_DOC_BUDGET, .title = "财政拨款收支总表",
     .title_patterns = DEF_PAT_FISCAL_SUMMARY, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FISCAL_SUMMARY, .n_panels = DEF_COUNT(DEF_PANELS_FISCAL_SUMMARY),
     .description = "财政拨款收支总表: fiscal appropriations and their carry-over beside expense by function class and fund"},
    {.kind = "budget.general_public_expense", .family = BK_DOC_BUDGET, .title = "一般公共预算支出预算表",
     .title_patterns = DEF_PAT_GENERAL_PUBLIC_EXPENSE, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FUNCTION_TBP, .n_panels = DEF_COUNT(DEF_PANELS_FUNCTION_TBP),
     .description = "一般公共预算支出表: general-budget expense by function code, 基本/项目 (excl. carry-over)"},
    {.kind = "budget.basic_economic", .family = BK_DOC_BUDGET, .title = "一般公共预算安排基本支出分经济科目表",
     .title_patterns = DEF_PAT_BASIC_ECONOMIC, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_BASIC_ECONOMIC, .n_panels = DEF_COUNT(DEF_PANELS_BASIC_ECONOMIC),
     .description = "基本支出分经济科目表: basic expense by (部门, 政府) economic item name pairs, 人员/公用经费"},
    {.kind = "budget.gov_fund_income", .family = BK_DOC_BUDGET, .title = "政府性基金预算收入表",
     .title_patterns = DEF_PAT_GOV_FUND_INCOME, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_GOV_FUND_INCOME, .n_panels = DEF_COUNT(DEF_PANELS_GOV_FUND_INCOME),
     .description = "政府性基金预算收入表: government-fund income by revenue code"},
    {.kind = "budget.gov_fund_expense", .family = BK_DOC_BUDGET, .title = "政府性基金预算支出表",
     .title_patterns = DEF_PAT_GOV_FUND_EXPENSE, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FUNCTION_TBP, .n_panels = DEF_COUNT(DEF_PANELS_FUNCTION_TBP),
     .description = "政府性基金预算支出表: government-fund expense by function code, 基本/项目"},
    {.kind = "budget.state_capital", .family = BK_DOC_BUDGET, .title = "国有资本经营预算收支预算表",
     .title_patterns = DEF_PAT_STATE_CAPITAL, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_STATE_CAPITAL, .n_panels = DEF_COUNT(DEF_PANELS_STATE_CAPITAL),
     .description = "国有资本经营预算收支表: state-capital income by revenue code beside expense by function code"},
    {.kind = "budget.three_public", .family = BK_DOC_BUDGET, .title = "财政拨款安排“三公”经费支出预算表",
     .title_patterns = DEF_PAT_THREE_PUBLIC, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_THREE_PUBLIC, .n_panels = DEF_COUNT(DEF_PANELS_THREE_PUBLIC),
     .description = "“三公”经费预算表: the three-public items as rows, by fiscal fund"},
    {.kind = "budget.operating_costs", .family = BK_DOC_BUDGET, .title = "财政拨款安排机关运行经费预算表",
     .title_patterns = DEF_PAT_OPERATING_COSTS, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_OPERATING_COSTS, .n_panels = DEF_COUNT(DEF_PANELS_OPERATING_COSTS),
     .description = "机关运行经费预算表: office running costs per administrative unit, by fiscal fund"},
    {.kind = "budget.projects", .family = BK_DOC_BUDGET, .title = "项目支出预算表（本年预算）",
     .title_patterns = DEF_PAT_PROJECTS, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_PROJECTS, .n_panels = DEF_COUNT(DEF_PANELS_PROJECTS),
     .description = "项目支出预算表（本年预算）: department → unit → project amounts by source"},
    {.kind = "budget.projects_carryover", .family = BK_DOC_BUDGET, .title = "项目支出预算表（上年结转）",
     .title_patterns = DEF_PAT_PROJECTS_CARRYOVER, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_PROJECTS_CARRYOVER, .n_panels = DEF_COUNT(DEF_PANELS_PROJECTS_CARRYOVER),
     .description = "项目支出预算表（上年结转）: carried-over project amounts by fiscal fund"},
    {.kind = "budget.general_public_basic", .family = BK_DOC_BUDGET, .title = "一般公共预算基本支出表",
     .title_patterns = DEF_PAT_GENERAL_PUBLIC_BASIC, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_GENERAL_PUBLIC_BASIC, .n_panels = DEF_COUNT(DEF_PANELS_GENERAL_PUBLIC_BASIC),
     .description = "一般公共预算基本支出表 (MoF/Shanghai): basic expense by economic code, 人员/公用经费"},
    {.kind = "budget.state_capital_expense", .family = BK_DOC_BUDGET, .title = "国有资本经营预算支出表",
     .title_patterns = DEF_PAT_STATE_CAPITAL_EXPENSE, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FUNCTION_TBP, .n_panels = DEF_COUNT(DEF_PANELS_FUNCTION_TBP),
     .description = "国有资本经营预算支出表 (MoF/Shanghai): state-capital expense by function code, 基本/项目"},
    {.kind = "budget.three_public_columns", .family = BK_DOC_BUDGET, .title = "“三公”经费和机关运行经费预算表",
     .title_patterns = DEF_PAT_THREE_PUBLIC_COLUMNS, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_THREE_PUBLIC_COLUMNS, .n_panels = DEF_COUNT(DEF_PANELS_THREE_PUBLIC_COLUMNS),
     .description = "“三公”经费(和机关运行经费)预算表 (Shanghai/MoF local): one row, the items as columns"},
    {.kind = "budget.finance_summary", .family = BK_DOC_BUDGET, .title = "部门财务收支预算总表",
     .title_patterns = DEF_PAT_FINANCE_SUMMARY, .unit = BK_UNIT_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINANCE_SUMMARY, .n_panels = DEF_COUNT(DEF_PANELS_FINANCE_SUMMARY),
     .description = "财务收支预算总表 (MoF/Shanghai): income by source (财政拨款收入 and its funds, 事业收入 …) beside expense by function class"},

    {.kind = "final.summary", .family = BK_DOC_FINAL_ACCOUNTS, .title = "收入支出决算总表",
     .title_patterns = DEF_PAT_FINAL_SUMMARY, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINAL_SUMMARY, .n_panels = DEF_COUNT(DEF_PANELS_FINAL_SUMMARY),
     .description = "收入支出决算总表: income by source and balances beside expense by function class"},
    {.kind = "final.income", .family = BK_DOC_FINAL_ACCOUNTS, .title = "收入决算表",
     .title_patterns = DEF_PAT_FINAL_INCOME, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINAL_INCOME, .n_panels = DEF_COUNT(DEF_PANELS_FINAL_INCOME),
     .description = "收入决算表: actual income by function code and source"},
    {.kind = "final.expense", .family = BK_DOC_FINAL_ACCOUNTS, .title = "支出决算表",
     .title_patterns = DEF_PAT_FINAL_EXPENSE, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINAL_EXPENSE, .n_panels = DEF_COUNT(DEF_PANELS_FINAL_EXPENSE),
     .description = "支出决算表: actual expense by function code: 基本/项目/上缴上级/经营/对附属单位补助"},
    {.kind = "final.fiscal_summary", .family = BK_DOC_FINAL_ACCOUNTS, .title = "财政拨款收入支出决算总表",
     .title_patterns = DEF_PAT_FINAL_FISCAL_SUMMARY, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINAL_FISCAL_SUMMARY, .n_panels = DEF_COUNT(DEF_PANELS_FINAL_FISCAL_SUMMARY),
     .description = "财政拨款收入支出决算总表: appropriations and balances beside expense by function class and fund"},
    {.kind = "final.general_public_expense", .family = BK_DOC_FINAL_ACCOUNTS, .title = "一般公共预算财政拨款支出决算表",
     .title_patterns = DEF_PAT_FINAL_GENERAL_PUBLIC_EXPENSE, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINAL_FUNCTION_SPENT, .n_panels = DEF_COUNT(DEF_PANELS_FINAL_FUNCTION_SPENT),
     .description = "一般公共预算财政拨款支出决算表: actual general-budget expense by function code, 基本/项目"},
    {.kind = "final.general_public_basic", .family = BK_DOC_FINAL_ACCOUNTS, .title = "一般公共预算财政拨款基本支出决算表",
     .title_patterns = DEF_PAT_FINAL_GENERAL_PUBLIC_BASIC, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINAL_GENERAL_PUBLIC_BASIC, .n_panels = DEF_COUNT(DEF_PANELS_FINAL_GENERAL_PUBLIC_BASIC),
     .description = "一般公共预算财政拨款基本支出决算表: 人员经费 and 公用经费 blocks by economic code"},
    {.kind = "final.three_public", .family = BK_DOC_FINAL_ACCOUNTS, .title = "财政拨款“三公”经费支出决算表",
     .title_patterns = DEF_PAT_FINAL_THREE_PUBLIC, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINAL_THREE_PUBLIC, .n_panels = DEF_COUNT(DEF_PANELS_FINAL_THREE_PUBLIC),
     .description = "“三公”经费支出决算表: one row, each item under 预算数 and 决算数"},
    {.kind = "final.gov_fund", .family = BK_DOC_FINAL_ACCOUNTS, .title = "政府性基金预算财政拨款收入支出决算表",
     .title_patterns = DEF_PAT_FINAL_GOV_FUND, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINAL_GOV_FUND, .n_panels = DEF_COUNT(DEF_PANELS_FINAL_GOV_FUND),
     .description = "政府性基金预算财政拨款收入支出决算表: per function code 年初, 收入, 支出 (基本/项目), 年末"},
    {.kind = "final.state_capital", .family = BK_DOC_FINAL_ACCOUNTS, .title = "国有资本经营预算财政拨款支出决算表",
     .title_patterns = DEF_PAT_FINAL_STATE_CAPITAL, .unit = BK_UNIT_WAN_YUAN, .scale = 2,
     .panels = DEF_PANELS_FINAL_STATE_CAPITAL, .n_panels = DEF_COUNT(DEF_PANELS_FINAL_STATE_CAPITAL),
     .description = "国有资本经营预算财政拨款支出决算表: actual state-capital expense by function code, 基本/项目"},
};

/* ------------------------------------------------------------------------
 * Lookups.
 * ------------------------------------------------------------------------ */

const bk_table_def *bk_table_defs(size_t *count)
{
    if (count)
        *count = DEF_COUNT(DEF_TABLES);
    return DEF_TABLES;
}

const bk_table_def *bk_table_def_find(const char *kind)
{
    if (!kind)
        return NULL;
    for (size_t i = 0; i < DEF_COUNT(DEF_TABLES); i++)
        if (strcmp(DEF_TABLES[i].kind, kind) == 0)
            return &DEF_TABLES[i];
    return NULL;
}

const bk_panel_def *bk_table_def_panel(const bk_table_def *def, const char *panel_key)
{
    if (!def || !panel_key)
        return NULL;
    for (size_t i = 0; i < def->n_panels; i++)
        if (strcmp(def->panels[i].key, panel_key) == 0)
            return &def->panels[i];
    return NULL;
}

size_t bk_panel_def_core_columns(const bk_panel_def *pdef)
{
    size_t n = 0;
    while (pdef && n < pdef->n_columns && !pdef->columns[n].optional) n++;
    return n;
}

const bk_column_def *bk_panel_def_column(const bk_panel_def *pdef, const char *column_key)
{
    if (!pdef || !column_key)
        return NULL;
    for (size_t i = 0; i < pdef->n_columns; i++)
        if (strcmp(pdef->columns[i].key, column_key) == 0)
            return &pdef->columns[i];
    return NULL;
}

/* ------------------------------------------------------------------------
 * Function classes (支出功能分类 类, 2024).
 * ------------------------------------------------------------------------ */

typedef struct def_function_class {
    const char *code;
    const char *name;   /* official name */
    const char *match;  /* name as normalized by def_class_normalize() (no 等) */
} def_function_class;

static const def_function_class DEF_FUNCTION_CLASSES[] = {
    {"201", "一般公共服务支出", "一般公共服务支出"},
    {"202", "外交支出", "外交支出"},
    {"203", "国防支出", "国防支出"},
    {"204", "公共安全支出", "公共安全支出"},
    {"205", "教育支出", "教育支出"},
    {"206", "科学技术支出", "科学技术支出"},
    {"207", "文化旅游体育与传媒支出", "文化旅游体育与传媒支出"},
    {"208", "社会保障和就业支出", "社会保障和就业支出"},
    {"209", "社会保险基金支出", "社会保险基金支出"},
    {"210", "卫生健康支出", "卫生健康支出"},
    {"211", "节能环保支出", "节能环保支出"},
    {"212", "城乡社区支出", "城乡社区支出"},
    {"213", "农林水支出", "农林水支出"},
    {"214", "交通运输支出", "交通运输支出"},
    {"215", "资源勘探工业信息等支出", "资源勘探工业信息支出"},
    {"216", "商业服务业等支出", "商业服务业支出"},
    {"217", "金融支出", "金融支出"},
    {"219", "援助其他地区支出", "援助其他地区支出"},
    {"220", "自然资源海洋气象等支出", "自然资源海洋气象支出"},
    {"221", "住房保障支出", "住房保障支出"},
    {"222", "粮油物资储备支出", "粮油物资储备支出"},
    {"223", "国有资本经营预算支出", "国有资本经营预算支出"},
    {"224", "灾害防治及应急管理支出", "灾害防治及应急管理支出"},
    {"227", "预备费", "预备费"},
    {"229", "其他支出", "其他支出"},
    {"230", "转移性支出", "转移性支出"},
    {"231", "债务还本支出", "债务还本支出"},
    {"232", "债务付息支出", "债务付息支出"},
    {"233", "债务发行费用支出", "债务发行费用支出"},
    {"234", "抗疫特别国债安排的支出", "抗疫特别国债安排的支出"},
};

/* Names of the same 类 before the 2018/2019 reforms, still printed by old
 * templates and prior-year columns (normalized form). */
static const def_function_class DEF_FUNCTION_CLASS_ALIASES[] = {
    {"207", "文化体育与传媒支出", "文化体育与传媒支出"},
    {"210", "医疗卫生与计划生育支出", "医疗卫生与计划生育支出"},
    {"215", "资源勘探信息等支出", "资源勘探信息支出"},
    {"220", "国土海洋气象等支出", "国土海洋气象支出"},
};

/* Decode one UTF-8 code point at *p and advance; a malformed byte decodes as
 * itself (never equal to anything we look for), so garbage just fails to match. */
static uint32_t def_utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = 0;
    if (c < 0x80) {
        *p = s + 1;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        c &= 0x1F;
        n = 1;
    } else if ((c & 0xF0) == 0xE0) {
        c &= 0x0F;
        n = 2;
    } else if ((c & 0xF8) == 0xF0) {
        c &= 0x07;
        n = 3;
    } else {
        *p = s + 1;
        return 0xFFFD;
    }
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + 1;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + n + 1;
    return c;
}

/* Full-width ASCII → ASCII; everything else unchanged. */
static uint32_t def_fold(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFF01 + 0x21;
    return c;
}

static int def_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0x00A0;
}

static int def_is_cn_numeral(uint32_t c)
{
    static const uint32_t digits[] = {0x4E00 /*一*/, 0x4E8C /*二*/, 0x4E09 /*三*/, 0x56DB /*四*/,
                                      0x4E94 /*五*/, 0x516D /*六*/, 0x4E03 /*七*/, 0x516B /*八*/,
                                      0x4E5D /*九*/, 0x5341 /*十*/, 0x767E /*百*/, 0x96F6 /*零*/,
                                      0x3007 /*〇*/, 0x4E24 /*两*/};
    for (size_t i = 0; i < DEF_COUNT(digits); i++)
        if (c == digits[i])
            return 1;
    return 0;
}

/* What may follow an ordinal: 、 . , : ) and spaces (full-width already folded). */
static int def_is_ordinal_delim(uint32_t c)
{
    return c == 0x3001 /*、*/ || c == '.' || c == ',' || c == ':' || c == ')' || c == 0x3002 /*。*/ ||
           def_is_space(c);
}

/* Circled / parenthesized / full-stop numbers ①…⒛ and ㈠…㈩. */
static int def_is_enclosed_number(uint32_t c)
{
    return (c >= 0x2460 && c <= 0x249B) || (c >= 0x3220 && c <= 0x3229);
}

/*
 * After an ordinal: consume spaces and at most one punctuation delimiter
 * ("十 、 卫生健康支出"). Returns 1 when anything was consumed.
 */
static int def_skip_delims(const unsigned char **p)
{
    const unsigned char *s = *p;
    int punct = 0, any = 0;
    for (;;) {
        const unsigned char *t = s;
        uint32_t d = def_fold(def_utf8_next(&t));
        if (!*s || !def_is_ordinal_delim(d) || (!def_is_space(d) && punct))
            break;
        if (!def_is_space(d))
            punct = 1;
        s = t;
        any = 1;
    }
    *p = s;
    return any;
}

/*
 * Skip one ordinal prefix at *p ("一、", "十五.", "（一）", "(3)", "1.", "①").
 * Bare numerals must be followed by a delimiter, so "一般…" is left alone.
 * Returns 1 and advances *p when one was skipped.
 */
static int def_skip_ordinal(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = def_fold(def_utf8_next(&s));

    if (def_is_enclosed_number(c)) {
        def_skip_delims(&s);
        *p = s;
        return 1;
    }
    if (c == '(') {
        uint32_t d = 0;
        int n = 0;
        for (;;) {
            const unsigned char *t = s;
            d = def_fold(def_utf8_next(&t));
            if (!*s || !(def_is_cn_numeral(d) || (d >= '0' && d <= '9')))
                break;
            s = t;
            n++;
        }
        if (n == 0 || d != ')')
            return 0;
        def_utf8_next(&s); /* the ')' */
        def_skip_delims(&s);
        *p = s;
        return 1;
    }
    if (def_is_cn_numeral(c) || (c >= '0' && c <= '9')) {
        int cn = def_is_cn_numeral(c);
        for (;;) {
            const unsigned char *t = s;
            uint32_t d = def_fold(def_utf8_next(&t));
            if (!*s || !(cn ? def_is_cn_numeral(d) : (d >= '0' && d <= '9')))
                break;
            s = t;
        }
        if (!def_skip_delims(&s))
            return 0;
        *p = s;
        return 1;
    }
    return 0;
}

static size_t def_utf8_put(char *out, size_t len, size_t cap, uint32_t c)
{
    unsigned char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (unsigned char)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (unsigned char)(0xC0 | (c >> 6));
        b[1] = (unsigned char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (c >> 12));
        b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (c >> 18));
        b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (c & 0x3F));
        n = 4;
    }
    if (len + n >= cap)
        return (size_t)-1;
    memcpy(out + len, b, n);
    return len + n;
}

/*
 * Normalize a printed 类 name into out (caller's stack buffer): leading
 * spaces and ordinal prefixes dropped, spaces and 等 removed anywhere,
 * full-width ASCII folded, a trailing "(类)" dropped. Returns 0, or -1 when
 * the name does not fit (no 类 name comes close to the buffer size).
 */
static int def_class_normalize(const char *name, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t len = 0;

    for (int round = 0; round < 4; round++) {
        while (*p) {
            const unsigned char *t = p;
            if (!def_is_space(def_utf8_next(&t)))
                break;
            p = t;
        }
        if (!def_skip_ordinal(&p))
            break;
    }
    while (*p) {
        uint32_t c = def_fold(def_utf8_next(&p));
        if (def_is_space(c) || c == 0x7B49 /*等*/)
            continue;
        len = def_utf8_put(out, len, cap, c);
        if (len == (size_t)-1)
            return -1;
    }
    out[len] = '\0';
    static const char suffix[] = "(类)";
    size_t sl = sizeof suffix - 1;
    if (len > sl && memcmp(out + len - sl, suffix, sl) == 0)
        out[len - sl] = '\0';
    return 0;
}

const char *bk_function_class_code(const char *printed_name)
{
    char buf[256];
    if (!printed_name || def_class_normalize(printed_name, buf, sizeof buf) != 0 || buf[0] == '\0')
        return NULL;
    for (size_t i = 0; i < DEF_COUNT(DEF_FUNCTION_CLASSES); i++)
        if (strcmp(buf, DEF_FUNCTION_CLASSES[i].match) == 0)
            return DEF_FUNCTION_CLASSES[i].code;
    for (size_t i = 0; i < DEF_COUNT(DEF_FUNCTION_CLASS_ALIASES); i++)
        if (strcmp(buf, DEF_FUNCTION_CLASS_ALIASES[i].match) == 0)
            return DEF_FUNCTION_CLASS_ALIASES[i].code;
    return NULL;
}

const char *bk_function_class_name(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < DEF_COUNT(DEF_FUNCTION_CLASSES); i++)
        if (strcmp(code, DEF_FUNCTION_CLASSES[i].code) == 0)
            return DEF_FUNCTION_CLASSES[i].name;
    return NULL;
}
