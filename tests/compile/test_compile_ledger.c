/* SPDX-License-Identifier: MIT */
/* The ledger reader and the compiler on small ledgers written here: header
 * aliases (Chinese and 预算管理一体化 names), -o map, fund and 项目类别 values,
 * exact amounts in 元 and 万元, located errors, grouping by department with
 * one bad department, independent rounding, the economic, 三公, 机关运行经费
 * and project tables, and user codebooks. */
#include "check.h"
#include "compile_test_util.h"

static bk_record rec_of(const char *const *f, size_t n, size_t *lens, uint32_t line)
{
    for (size_t i = 0; i < n; i++) lens[i] = strlen(f[i]);
    bk_record r = {.n_fields = n, .fields = f, .lens = lens, .line = line};
    return r;
}

static void test_header_aliases(void)
{
    const char *h1[] = {"\xEF\xBB\xBF年度", "单位编码",         "单位名称",         "功能分类科目编码",
                        "功能分类科目名称", "部门经济分类编码", "政府经济分类编码", "资金性质",
                        "支出类型",         "项目名称",         "金额（万元）"};
    size_t lens[16];
    bk_record r = rec_of(h1, 11, lens, 1);
    bk_ledger_map m;
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_ledger_map_header(&r, NULL, &m, &err) == BK_OK);
    CHECK_INT(m.col[BK_LF_YEAR], 0);
    CHECK_INT(m.col[BK_LF_UNIT_CODE], 1);
    CHECK_INT(m.col[BK_LF_FUNC_CODE], 3);
    CHECK_INT(m.col[BK_LF_DEP_ECON_CODE], 5);
    CHECK_INT(m.col[BK_LF_GOV_ECON_CODE], 6);
    CHECK_INT(m.col[BK_LF_FUND], 7);
    CHECK_INT(m.col[BK_LF_EXP_TYPE], 8);
    CHECK_INT(m.col[BK_LF_AMOUNT], 10);
    CHECK_INT(m.header_unit, BK_UNIT_WAN_YUAN);

    /* 预算管理一体化 field names, any case */
    const char *h2[] = {"FISCAL_YEAR",
                        "AGENCY_CODE",
                        "AGENCY_NAME",
                        "EXP_FUNC_CODE",
                        "EXP_FUNC_NAME",
                        "DEP_BGT_ECO_CODE",
                        "gov_bgt_eco_code",
                        "PRO_CODE",
                        "PRO_NAME",
                        "FUND_TYPE_NAME",
                        "AMT"};
    r = rec_of(h2, 11, lens, 1);
    CHECK(bk_ledger_map_header(&r, NULL, &m, &err) == BK_OK);
    CHECK_INT(m.col[BK_LF_YEAR], 0);
    CHECK_INT(m.col[BK_LF_UNIT_NAME], 2);
    CHECK_INT(m.col[BK_LF_FUNC_NAME], 4);
    CHECK_INT(m.col[BK_LF_GOV_ECON_CODE], 6);
    CHECK_INT(m.col[BK_LF_PRO_CODE], 7);
    CHECK_INT(m.col[BK_LF_PRO_NAME], 8);
    CHECK_INT(m.col[BK_LF_FUND], 9);
    CHECK_INT(m.col[BK_LF_AMOUNT], 10);
    CHECK_INT(m.header_unit, BK_UNIT_UNKNOWN);

    /* unknown headers need -o map; the error says which field is missing */
    const char *h3[] = {"科目", "钱", "来源"};
    r = rec_of(h3, 3, lens, 1);
    bk_error_clear(&err);
    CHECK(bk_ledger_map_header(&r, NULL, &m, &err) == BK_ERR_PARSE);
    CHECK(strstr(err.message, "amount") != NULL);
    CHECK(bk_ledger_map_header(&r, "钱:amount,科目:func_code,来源:fund", &m, &err) == BK_OK);
    CHECK_INT(m.col[BK_LF_AMOUNT], 1);
    CHECK_INT(m.col[BK_LF_FUNC_CODE], 0);
    CHECK_INT(m.col[BK_LF_FUND], 2);
    bk_error_clear(&err);
    CHECK(bk_ledger_map_header(&r, "钱:money", &m, &err) == BK_ERR_INVALID_ARG);
    CHECK(strstr(err.message, "unknown field 'money'") != NULL);
    bk_error_clear(&err);
    CHECK(bk_ledger_map_header(&r, "元宝:amount", &m, &err) == BK_ERR_INVALID_ARG);
    CHECK(strstr(err.message, "not in the header") != NULL);
}

static void test_values(void)
{
    bool carry;
    CHECK_INT(bk_ledger_fund("一般公共预算资金", strlen("一般公共预算资金"), &carry), BK_FUND_GENERAL_PUBLIC);
    CHECK(!carry);
    CHECK_INT(bk_ledger_fund("上年结转政府性基金", strlen("上年结转政府性基金"), &carry), BK_FUND_GOV_FUND);
    CHECK(carry);
    CHECK_INT(bk_ledger_fund("国有资本经营预算", strlen("国有资本经营预算"), &carry), BK_FUND_STATE_CAPITAL);
    CHECK_INT(bk_ledger_fund("财政专户管理资金", strlen("财政专户管理资金"), &carry), BK_FUND_SPECIAL_ACCOUNT);
    CHECK_INT(bk_ledger_fund("单位资金", strlen("单位资金"), &carry), BK_FUND_UNIT_FUNDS);
    CHECK_INT(bk_ledger_fund("2", 1, &carry), BK_FUND_GOV_FUND);
    CHECK_INT(bk_ledger_fund("财政拨款", strlen("财政拨款"), &carry), -1);

    const char *h[] = {"功能分类科目编码", "项目类别", "资金性质", "金额"};
    size_t lens[8];
    bk_record hr = rec_of(h, 4, lens, 1);
    bk_ledger_map m;
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_ledger_map_header(&hr, NULL, &m, &err) == BK_OK);
    struct {
        const char *cat, *amount;
        bk_unit_kind unit;
        bk_expense_type type;
        bk_basic_kind kind;
        int64_t internal; /* 0.0001 元 */
    } cases[] = {
        {"人员类", "1234.56", BK_UNIT_YUAN, BK_EXP_BASIC, BK_BASIC_PERSONNEL, 12345600},
        {"公用经费", "1,000", BK_UNIT_YUAN, BK_EXP_BASIC, BK_BASIC_PUBLIC_USE, 10000000},
        {"其他运转类", "0.0001", BK_UNIT_YUAN, BK_EXP_PROJECT, BK_BASIC_UNKNOWN, 1},
        {"特定目标类", "1.234567", BK_UNIT_WAN_YUAN, BK_EXP_PROJECT, BK_BASIC_UNKNOWN, 123456700},
        {"特定目标类", "-2.5", BK_UNIT_WAN_YUAN, BK_EXP_PROJECT, BK_BASIC_UNKNOWN, -250000000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *f[] = {"2080201", cases[i].cat, "一般公共预算", cases[i].amount};
        size_t fl[8];
        bk_record r = rec_of(f, 4, fl, 2);
        bk_ledger_line l;
        CHECK(bk_ledger_parse_line(&m, &r, cases[i].unit, &l, &err) == BK_OK);
        CHECK_INT(l.exp_type, cases[i].type);
        CHECK_INT(l.basic_kind, cases[i].kind);
        CHECK_INT(l.amount, cases[i].internal);
    }
    /* errors name the line and the column */
    struct {
        const char *code, *cat, *fund, *amount, *msg;
        uint32_t column;
    } bad[] = {
        {"2080201", "人员类", "一般公共预算", "12元", "not an amount", 4},
        {"2080201", "人员类", "一般公共预算", "0.00001", "finer than 0.0001", 4},
        {"20802x1", "人员类", "一般公共预算", "1", "function code", 1},
        {"2080201", "人员", "财政拨款", "1", "not a known fund", 3},
        {"2080201", "奇怪类", "一般公共预算", "1", "项目类别", 2},
        {"", "人员类", "一般公共预算", "1", "no function code", 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *f[] = {bad[i].code, bad[i].cat, bad[i].fund, bad[i].amount};
        size_t fl[8];
        bk_record r = rec_of(f, 4, fl, 7);
        bk_ledger_line l;
        bk_error_clear(&err);
        CHECK(bk_ledger_parse_line(&m, &r, BK_UNIT_YUAN, &l, &err) == BK_ERR_VALUE);
        CHECK_INT(err.line, 7);
        CHECK_INT(err.column, bad[i].column);
        if (!strstr(err.message, bad[i].msg)) fprintf(stderr, "case %zu: %s\n", i, err.message);
        CHECK(strstr(err.message, bad[i].msg) != NULL);
    }
    /* a line without an amount adds nothing and is no error */
    const char *f[] = {"2080201", "人员类", "一般公共预算", ""};
    size_t fl[8];
    bk_record r = rec_of(f, 4, fl, 8);
    bk_ledger_line l;
    CHECK(bk_ledger_parse_line(&m, &r, BK_UNIT_YUAN, &l, &err) == BK_OK);
    CHECK(l.blank);
}

/* The shipped codebook of the build tree (bin/definitions/codebook.tsv beside the CLI). */
static bk_codebook *shipped_codebook(void)
{
    bk_codebook *cb = NULL;
    bk_error err;
    bk_error_clear(&err);
    if (bk_codebook_load_shipped(getenv("BK_BIN"), NULL, &cb, &err)) fprintf(stderr, "shipped: %s\n", err.message);
    return cb;
}

static bk_codebook *g_shipped; /* loaded once in main, freed at its end */

static bk_compiler *compile_lines(const char *const *lines, bk_split_by split, bk_unit_kind out_unit,
                                  const bk_codebook *cb)
{
    bk_compile_settings s = {.split = split, .output_unit = out_unit, .codebook = cb, .shipped = g_shipped};
    bk_compiler *c = NULL;
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_compiler_new(&s, &c, &err) == BK_OK);
    CHECK(ct_feed_lines(bk_compiler_sink(c), lines) == 0);
    if (bk_compiler_finish(c, &err)) fprintf(stderr, "finish: %s\n", err.message);
    return c;
}

static const char *const DEPT_LEDGER[] = {
    "部门编码,部门名称,单位编码,单位名称,单位类型,功能分类科目编码,部门经济分类编码,部门经济分类名称,政府经济分类编码,"
    "资金性质,支出类型,项目类别,项目名称,金额",
    "101,市教育局,101001,市教育局本级,行政单位,2050201,30101,,50101,一般公共预算,基本支出,人员类,,40",
    "101,市教育局,101001,市教育局本级,行政单位,2050202,30201,办公费,50201,一般公共预算,基本支出,公用经费,,40",
    "101,市教育局,101002,市第一小学,事业单位,2050202,30101,,50501,一般公共预算,基本支出,人员类,,40",
    "101,市教育局,101001,市教育局本级,行政单位,2050203,30217,,50206,政府性基金,项目支出,特定目标类,接待项目,10000",
    "101,市教育局,101001,市教育局本级,行政单位,2050203,31013,,50303,一般公共预算,项目支出,特定目标类,购车项目,250000",
    "102,市卫健委,102001,市卫健委本级,行政单位,2100101,30101,,50101,一般公共预算,基本支出,人员类,,12x",
    "102,市卫健委,102001,市卫健委本级,行政单位,2100101,30101,,50101,一般公共预算,基本支出,人员类,,100",
    "103,市民政局,103001,市民政局本级,行政单位,2080201,30101,,50101,单位资金,基本支出,人员类,,1000000",
    NULL};

static void test_departments(void)
{
    bk_compiler *c = compile_lines(DEPT_LEDGER, BK_SPLIT_DEPARTMENT, BK_UNIT_UNKNOWN, NULL);
    CHECK_INT(bk_compiler_group_count(c), 3);
    CHECK_STR(bk_compiler_group_code(c, 0), "101");
    CHECK_STR(bk_compiler_group_name(c, 0), "市教育局");
    CHECK_STR(bk_compiler_group_code(c, 1), "102");
    bk_error err;
    bk_error_clear(&err);
    bk_document *doc = NULL;
    bk_diags *d = bk_diags_new(0);

    /* the bad department fails with its located error; the others compile */
    CHECK(bk_compile_group(c, 1, &doc, d, &err) == BK_ERR_VALUE);
    CHECK(doc == NULL);
    CHECK_INT(err.line, 7);
    CHECK_INT(err.column, 14);
    CHECK(bk_compile_group(c, 2, &doc, d, &err) == BK_OK);
    bk_document_free(doc);
    doc = NULL;

    CHECK(bk_compile_group(c, 0, &doc, d, &err) == BK_OK);
    if (doc) {
        CHECK_STR(doc->department_name, "市教育局");
        CHECK_INT(doc->n_units, 2);
        char b[64];
        /* each figure is rounded on its own: three 40 元 lines are 0.00 万元 each, 0.01 together */
        const bk_table *t = bk_document_find_table(doc, "budget.general_public_expense");
        CHECK(t != NULL);
        const bk_panel *p = t ? bk_table_find_panel(t, "main") : NULL;
        CHECK_STR(ct_cell(p, ct_row_by_code(p, "2050201"), "basic", b, sizeof b), "0.00");
        CHECK_STR(ct_cell(p, ct_row_by_code(p, "2050202"), "basic", b, sizeof b), "0.01");
        CHECK_STR(ct_cell(p, ct_row_by_code(p, "20502"), "basic", b, sizeof b), "0.01");
        CHECK_STR(ct_cell(p, ct_row_by_code(p, "2050203"), "project", b, sizeof b), "25.00");
        CHECK_STR(ct_cell(p, ct_row_by_code(p, NULL), "total", b, sizeof b), "25.01");
        CHECK_STR(ct_cell(p, ct_row_by_code(p, "205"), "total", b, sizeof b), "25.01");
        const bk_row *r7 = ct_row_by_code(p, "2050203");
        const bk_row *r5 = ct_row_by_code(p, "20502");
        CHECK(r7 && r5 && r7->level == 3 && r5->level == 2 && r7->parent == (int)(r5 - p->rows));

        /* 基本支出经济分类: 人员经费 30101 (two 政府经济 pairs), 公用经费 30201 */
        t = bk_document_find_table(doc, "budget.basic_economic");
        CHECK(t != NULL);
        p = t ? bk_table_find_panel(t, "main") : NULL;
        CHECK_STR(ct_cell(p, ct_row_by_name(p, "工资福利支出"), "personnel", b, sizeof b), "0.01");
        CHECK_STR(ct_cell(p, ct_row_by_name(p, "办公费"), "gov_econ_name", b, sizeof b), "办公经费");
        CHECK_STR(ct_cell(p, ct_row_by_name(p, "办公费"), "public_use", b, sizeof b), "0.00");
        t = bk_document_find_table(doc, "budget.general_public_basic");
        p = t ? bk_table_find_panel(t, "main") : NULL;
        CHECK_STR(ct_cell(p, ct_row_by_code(p, "30101"), "total", b, sizeof b), "0.01");
        CHECK_STR(ct_cell(p, ct_row_by_code(p, "301"), "personnel", b, sizeof b), "0.01");

        /* 三公: 公务接待 30217 from 政府性基金, 公务用车购置 31013 from 一般公共预算 */
        t = bk_document_find_table(doc, "budget.three_public");
        p = t ? bk_table_find_panel(t, "main") : NULL;
        CHECK_STR(ct_cell(p, ct_row_by_key(p, "reception"), "gov_fund", b, sizeof b), "1.00");
        CHECK_STR(ct_cell(p, ct_row_by_key(p, "vehicle_purchase"), "general_public", b, sizeof b), "25.00");
        CHECK_STR(ct_cell(p, ct_row_by_key(p, "vehicle"), "total", b, sizeof b), "25.00");
        CHECK_STR(ct_cell(p, ct_row_by_key(p, "total"), "total", b, sizeof b), "26.00");

        /* 机关运行经费: 公用经费 of the 行政单位 only */
        t = bk_document_find_table(doc, "budget.operating_costs");
        p = t ? bk_table_find_panel(t, "main") : NULL;
        CHECK_STR(ct_cell(p, ct_row_by_name(p, "市教育局本级"), "general_public", b, sizeof b), "0.00");
        CHECK(ct_row_by_name(p, "市第一小学") == NULL);

        /* 项目支出: department, unit, project */
        t = bk_document_find_table(doc, "budget.projects");
        p = t ? bk_table_find_panel(t, "main") : NULL;
        CHECK(p && p->n_rows == 4);
        CHECK_STR(ct_cell(p, ct_row_by_name(p, "市教育局本级"), "total", b, sizeof b), "26.00");
        CHECK_STR(ct_cell(p, ct_row_by_name(p, "接待项目"), "gov_fund", b, sizeof b), "1.00");

        /* an empty table says so */
        t = bk_document_find_table(doc, "budget.state_capital_expense");
        CHECK(t && t->note && strstr(t->note, "本表无数据"));
    }
    bk_document_free(doc);
    bk_diags_free(d);
    bk_compiler_free(c);
}

static void test_unassigned(void)
{
    static const char *const lines[] = {"部门编码,功能分类科目编码,金额", "101,2080201,100", ",2080201,5",
                                        "102,2100101,7", NULL};
    bk_compiler *c = compile_lines(lines, BK_SPLIT_DEPARTMENT, BK_UNIT_UNKNOWN, NULL);
    CHECK_INT(bk_compiler_group_count(c), 3);
    size_t failed = 0, ok = 0;
    for (size_t i = 0; i < bk_compiler_group_count(c); i++) {
        bk_document *doc = NULL;
        bk_error err;
        bk_error_clear(&err);
        if (bk_compile_group(c, i, &doc, NULL, &err) == BK_OK) {
            ok++;
        } else {
            failed++;
            CHECK_STR(bk_compiler_group_name(c, i), "（未列明部门）");
            CHECK_INT(err.line, 3);
            CHECK(strstr(err.message, "names no department") != NULL);
        }
        bk_document_free(doc);
    }
    CHECK_INT(ok, 2);
    CHECK_INT(failed, 1);
    bk_compiler_free(c);
}

static void test_units_and_yuan(void)
{
    /* no 部门 column: the department is the first 3 digits of the unit code */
    static const char *const lines[] = {
        "AGENCY_CODE,AGENCY_NAME,EXP_FUNC_CODE,FUND_TYPE_NAME,AMT", "305001,忻州市民政局,2080201,一般公共预算,100.50",
        "305002,忻州市社会福利院,2081005,一般公共预算,0.25", "306001,忻州市某局,2010101,一般公共预算,3", NULL};
    bk_compiler *c = compile_lines(lines, BK_SPLIT_DEPARTMENT, BK_UNIT_YUAN, NULL);
    CHECK_INT(bk_compiler_group_count(c), 2);
    CHECK_STR(bk_compiler_group_code(c, 0), "305");
    CHECK_STR(bk_compiler_group_name(c, 0), "忻州市民政局");
    CHECK_INT(bk_compiler_group_lines(c, 0), 2);
    bk_document *doc = NULL;
    bk_error err;
    bk_error_clear(&err);
    bk_diags *d = bk_diags_new(0);
    CHECK(bk_compile_group(c, 0, &doc, d, &err) == BK_OK);
    if (doc) {
        const bk_table *t = bk_document_find_table(doc, "budget.income");
        const bk_panel *p = t ? bk_table_find_panel(t, "main") : NULL;
        char b[64];
        CHECK(t && t->unit == BK_UNIT_YUAN);
        CHECK_STR(ct_cell(p, ct_row_by_code(p, NULL), "general_public", b, sizeof b), "100.75");
        /* no 支出类型: 支出总表 is left out, and the notes say why */
        CHECK(bk_document_find_table(doc, "budget.expense") == NULL);
        bool said = false;
        for (size_t i = 0; i < d->count; i++) said |= strstr(d->items[i].message, "budget.expense") != NULL;
        CHECK(said);
    }
    bk_document_free(doc);
    bk_diags_free(d);
    bk_compiler_free(c);
}

static void test_codebook(void)
{
    char path[1024];
    const char *dir = getenv("BK_BUILD_DIR");
    snprintf(path, sizeof path, "%s/codebook_test.csv", dir ? dir : ".");
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs("编码,名称\n2080201,民政行政运行\n2089999,其他\n2089999,其他社会保障和就业支出(本地)\n", f);
    fclose(f);
    bk_codebook *cb = NULL;
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_codebook_load(path, NULL, &cb, &err) == BK_OK);
    CHECK_STR(bk_codebook_name(cb, "2080201"), "民政行政运行");
    CHECK_STR(bk_codebook_name(cb, "2089999"), "其他社会保障和就业支出(本地)"); /* the last one wins */
    CHECK(bk_codebook_name(cb, "20802") == NULL);                               /* not in this one */
    CHECK_STR(bk_codebook_name(g_shipped, "20802"), "民政管理事务");            /* shipped */
    CHECK(bk_codebook_name(cb, "9999999") == NULL);
    static const char *const lines[] = {"功能分类科目编码,功能分类科目名称,金额", "2080201,行政运行,10000", NULL};
    bk_compiler *c = compile_lines(lines, BK_SPLIT_NONE, BK_UNIT_UNKNOWN, cb);
    bk_document *doc = NULL;
    bk_diags *d = bk_diags_new(0);
    CHECK(bk_compile_group(c, 0, &doc, d, &err) == BK_OK);
    const bk_table *t = doc ? bk_document_find_table(doc, "budget.income") : NULL;
    const bk_panel *p = t ? bk_table_find_panel(t, "main") : NULL;
    const bk_row *r = ct_row_by_code(p, "2080201");
    CHECK(r && r->name && !strcmp(r->name, "民政行政运行")); /* the user's codebook beats the ledger */
    r = ct_row_by_code(p, "208");
    CHECK(r && r->name && !strcmp(r->name, "社会保障和就业支出"));
    bk_document_free(doc);
    bk_diags_free(d);
    bk_compiler_free(c);
    bk_codebook_free(cb);

    f = fopen(path, "w");
    if (f) {
        fputs("code,name\n2080201,行政运行\n20802x,坏\n", f);
        fclose(f);
    }
    cb = NULL;
    bk_error_clear(&err);
    CHECK(bk_codebook_load(path, NULL, &cb, &err) == BK_ERR_PARSE);
    CHECK_INT(err.line, 3);
    CHECK(strstr(err.file, path) != NULL);
    CHECK(cb == NULL);
    remove(path);

    /* the shipped names cover the 30 类, with the names the definitions give them */
    for (size_t i = 0; i < 30; i++) {
        static const char *const classes[] = {"201", "202", "203", "204", "205", "206", "207", "208", "209", "210",
                                              "211", "212", "213", "214", "215", "216", "217", "219", "220", "221",
                                              "222", "223", "224", "227", "229", "230", "231", "232", "233", "234"};
        CHECK_STR(bk_codebook_name(g_shipped, classes[i]), bk_function_class_name(classes[i]));
    }
    CHECK(bk_codebook_count(g_shipped) > 200);
}

static void test_empty_and_fatal(void)
{
    bk_compile_settings s = {0};
    bk_compiler *c = NULL;
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_compiler_new(&s, &c, &err) == BK_OK);
    static const char *const only_header[] = {"功能分类科目编码,金额", NULL};
    CHECK(ct_feed_lines(bk_compiler_sink(c), only_header) == 0);
    CHECK(bk_compiler_finish(c, &err) == BK_ERR_PARSE);
    CHECK(strstr(err.message, "no line") != NULL);
    bk_compiler_free(c);

    CHECK(bk_compiler_new(&s, &c, &err) == BK_OK);
    static const char *const no_amount[] = {"功能分类科目编码,名称", "2080201,x", NULL};
    CHECK(ct_feed_lines(bk_compiler_sink(c), no_amount) == 0); /* maybe a title: look further */
    bk_error_clear(&err);
    CHECK(bk_compiler_finish(c, &err) == BK_ERR_PARSE);
    CHECK_INT(err.line, 1); /* the first candidate's error */
    CHECK(strstr(err.message, "no amount column") != NULL);
    bk_compiler_free(c);

    /* a title and a 单位 line above the header are skipped */
    CHECK(bk_compiler_new(&s, &c, &err) == BK_OK);
    static const char *const titled[] = {
        "2024年部门预算明细表,,",     "单位：元,,", ",,", "功能分类科目编码,资金性质,金额",
        "2080201,一般公共预算,10000", NULL};
    CHECK(ct_feed_lines(bk_compiler_sink(c), titled) == 0);
    CHECK(bk_compiler_finish(c, &err) == BK_OK);
    CHECK_INT(bk_compiler_lines(c), 1);
    bk_compiler_free(c);

    /* a workbook: a 说明 sheet of text before the ledger's sheet is passed over */
    CHECK(bk_compiler_new(&s, &c, &err) == BK_OK);
    const bk_record_sink *sink = bk_compiler_sink(c);
    CHECK(sink->sheet(sink->ctx, "说明") == 0);
    for (uint32_t i = 1; i <= 15; i++) CHECK(ct_feed_line(sink, "本表由预算管理一体化系统导出", i) == 0);
    CHECK(sink->sheet(sink->ctx, "明细") == 0);
    CHECK(ct_feed_line(sink, "功能分类科目编码,金额", 1) == 0);
    CHECK(ct_feed_line(sink, "2080201,100", 2) == 0);
    CHECK(bk_compiler_finish(c, &err) == BK_OK);
    CHECK_INT(bk_compiler_lines(c), 1);
    bk_compiler_free(c);

    /* ten rows without a header are a fatal error that stops reading */
    CHECK(bk_compiler_new(&s, &c, &err) == BK_OK);
    int rc = 0;
    for (uint32_t i = 1; i <= 12 && !rc; i++) rc = ct_feed_line(bk_compiler_sink(c), "名称,数", i);
    CHECK_INT(rc, BK_ERR_PARSE);
    CHECK(bk_compiler_fatal(c) != NULL && bk_compiler_fatal(c)->line == 1);
    bk_compiler_free(c);
}

/* Hostile input: random records (fixed seed) built from pieces of valid and invalid
 * values never crash the compiler; every group either compiles or fails with a
 * located error. Run under ASan+UBSan in CI. */
static void test_random_records(void)
{
    static const char *const pieces[] = {"",
                                         " ",
                                         "2080201",
                                         "208",
                                         "20802",
                                         "2080201x",
                                         "99999999",
                                         "30101",
                                         "501",
                                         "3010",
                                         "一般公共预算",
                                         "上年结转政府性基金",
                                         "单位资金",
                                         "财政拨款",
                                         "基本支出",
                                         "项目支出",
                                         "人员类",
                                         "特定目标类",
                                         "奇怪",
                                         "是",
                                         "否",
                                         "1",
                                         "21",
                                         "3",
                                         "-",
                                         "0",
                                         "-0.00",
                                         "1e3",
                                         "1E-3",
                                         "12,345.67",
                                         "９９",
                                         "99999999999999999999",
                                         "0.00001",
                                         "-5000.5",
                                         "\xE2\x80",
                                         "\"",
                                         "行政单位",
                                         "事业单位",
                                         "305001",
                                         "305",
                                         "忻州市民政局",
                                         "项目A",
                                         "2024",
                                         "2100101",
                                         "229"};
    static const char *const header =
        "年度,部门编码,部门名称,单位编码,单位名称,单位类型,功能分类科目编码,功能分类科目名称,部门经济分类编码,"
        "政府经济分类编码,资金性质,指标来源,支出类型,项目类别,项目名称,金额";
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint64_t state = 20241127;
    for (int round = 0; round < 3; round++) {
        bk_compile_settings s = {.split = (bk_split_by)round};
        bk_compiler *c = NULL;
        bk_error err;
        bk_error_clear(&err);
        CHECK(bk_compiler_new(&s, &c, &err) == BK_OK);
        const bk_record_sink *sink = bk_compiler_sink(c);
        int rc = ct_feed_line(sink, header, 1);
        for (uint32_t line = 2; line < 3000 && rc == 0; line++) {
            /* a valid line, then each field replaced by a random piece with 1/40 odds */
            static const char *const valid[16][2] = {{"2024", "2024"},
                                                     {"305", "306"},
                                                     {"民政局", "卫健委"},
                                                     {"305001", "306002"},
                                                     {"本级", "中心"},
                                                     {"行政单位", "事业单位"},
                                                     {"2080201", "2100101"},
                                                     {"行政运行", "行政运行"},
                                                     {"30101", "30201"},
                                                     {"50101", "50201"},
                                                     {"一般公共预算", "政府性基金"},
                                                     {"当年预算", "上年结转"},
                                                     {"基本支出", "项目支出"},
                                                     {"人员类", "特定目标类"},
                                                     {"项目A", "项目B"},
                                                     {"1234.56", "99"}};
            const char *fields[20];
            size_t lens[20];
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t n = (state >> 33) % 50 ? 16 : 1 + (size_t)((state >> 40) % 19);
            for (size_t i = 0; i < n; i++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                fields[i] = i < 16 ? valid[i][(state >> 50) & 1] : "x";
                if ((state >> 33) % 40 == 0) fields[i] = pieces[(state >> 40) % npieces];
                lens[i] = strlen(fields[i]);
            }
            bk_record rec = {.n_fields = n, .fields = fields, .lens = lens, .line = line};
            rc = sink->record(sink->ctx, &rec);
        }
        /* bad lines fail their group (a line naming no department fails a group of its own);
         * reading always goes on */
        CHECK_INT(rc, 0);
        size_t ok = 0, failed = 0;
        if (bk_compiler_finish(c, &err) == BK_OK) {
            for (size_t i = 0; i < bk_compiler_group_count(c); i++) {
                bk_document *doc = NULL;
                bk_diags *d = bk_diags_new(0);
                bk_error_clear(&err);
                int st = bk_compile_group(c, i, &doc, d, &err);
                CHECK(st == BK_OK ? doc != NULL : (doc == NULL && err.line > 0 && err.message[0]));
                if (st == BK_OK)
                    ok++;
                else
                    failed++;
                bk_document_free(doc);
                bk_diags_free(d);
            }
        }
        printf("random records, split %d: %llu lines, %zu groups compiled, %zu failed\n", round,
               (unsigned long long)bk_compiler_lines(c), ok, failed);
        bk_compiler_free(c);
    }
}

int main(void)
{
    g_shipped = shipped_codebook();
    CHECK(g_shipped != NULL);
    test_header_aliases();
    test_values();
    test_departments();
    test_unassigned();
    test_units_and_yuan();
    test_codebook();
    test_empty_and_fatal();
    test_random_records();
    bk_codebook_free(g_shipped);
    return CHECK_DONE("test_compile_ledger");
}
