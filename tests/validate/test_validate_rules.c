/* SPDX-License-Identifier: MIT */
/* The validator's rules on small constructed documents: narrative shares,
 * growth rates and 其中 sums, soft rules as warnings, hierarchies derived
 * from levels and roles, unit conversion between 元 forms and 万元 tables. */
#include "check.h"
#include <budgetkit/budgetkit.h>
#include <budgetkit/validate.h>

static bk_amount A(const char *text)
{
    bk_amount a = {0, 0};
    bk_amount_parse(text, (size_t)-1, BK_AMOUNT_STRICT, &a);
    return a;
}

static bool amount_is(bk_amount a, const char *text)
{
    char buf[BK_AMOUNT_TEXT_MAX];
    bk_amount_format(a, buf, sizeof buf);
    return !strcmp(buf, text);
}

/* A panel with the given columns; rows: key, name, level, role, then one value per column ("" = blank). */
static bk_panel *panel(bk_document *d, const char *kind, const char *pkey, const char *const *cols)
{
    bk_table *t = (bk_table *)bk_document_find_table(d, kind);
    if (!t) {
        t = bk_document_add_table(d, kind, kind);
        t->unit = BK_UNIT_WAN_YUAN;
        t->scale = 2;
    }
    bk_panel *p = bk_table_add_panel(d, t, pkey, NULL);
    for (; *cols; cols++) bk_panel_add_column(d, p, *cols, *cols, BK_CELL_AMOUNT);
    return p;
}

static bk_row *row(bk_document *d, bk_panel *p, const char *key, const char *name, int level, bk_row_role role,
                   const char *const *vals)
{
    bk_row *r = bk_panel_add_row(d, p, NULL, name);
    r->key = key ? bk_document_strdup(d, key, (size_t)-1) : NULL;
    r->level = level;
    r->role = role;
    for (size_t c = 0; c < p->n_columns && vals[c]; c++)
        if (vals[c][0]) bk_cell_set_amount(&r->cells[c], A(vals[c]));
    return r;
}

static bk_findings *run(const bk_document *d)
{
    bk_findings *f = NULL;
    bk_error err;
    bk_error_clear(&err);
    CHECK_INT(bk_validate(d, NULL, &f, &err), BK_OK);
    return f;
}

static const bk_finding *find_rule(const bk_findings *f, const char *rule, size_t nth)
{
    for (size_t i = 0; f && i < f->count; i++)
        if (!strcmp(f->items[i].rule, rule) && nth-- == 0) return &f->items[i];
    return NULL;
}

static void test_narrative(void)
{
    bk_document *d = bk_document_new();
    bk_document_add_section(d, "二、收入预算情况说明", 2,
                            "预算收入8,261.00万元，主要包括一般公共预算拨款收入4,000.70万元，占48.50%；"
                            "政府性基金预算拨款收入521.56万元，占6.31%。");
    bk_document_add_section(d, "八、机关运行经费", 2,
                            "机关运行经费财政拨款预算65.14万元，比2023年预算减少1.88万元，下降2.8%。"
                            "一般公共预算当年支出4,000.70万元,比上年增加549.33万元,增长16.00%。");
    bk_document_add_section(d, "九、政府采购情况", 2,
                            "政府采购预算总额216.17万元。其中：政府采购货物预算45.92万元、政府采购工程预算0万元、"
                            "政府采购服务预算170.00万元。");
    bk_findings *f = run(d);
    CHECK_INT(f->n_error, 3);
    const bk_finding *s = find_rule(f, "V40", 0);
    CHECK(s != NULL);
    if (s) {
        CHECK(amount_is(s->actual, "48.50"));
        CHECK(amount_is(s->expected, "48.43")); /* 4000.70 / 8261.00 */
        CHECK_STR(s->table_kind, "narrative");
        CHECK_STR(s->table_title, "二、收入预算情况说明");
        CHECK(strstr(s->message, "占48.50%") != NULL);
    }
    const bk_finding *g = find_rule(f, "V41", 0);
    CHECK(g != NULL);
    if (g) {
        CHECK(amount_is(g->actual, "16.00"));
        CHECK(amount_is(g->expected, "15.92")); /* 549.33 / (4000.70 − 549.33) */
    }
    CHECK(find_rule(f, "V41", 1) == NULL); /* 下降2.8% is right: 1.88 / 67.02 */
    const bk_finding *q = find_rule(f, "V42", 0);
    CHECK(q != NULL);
    if (q) {
        CHECK(amount_is(q->actual, "216.17"));
        CHECK(amount_is(q->expected, "215.92"));
        CHECK(strstr(q->message, "其中") != NULL);
    }
    bk_findings_free(f);
    bk_document_free(d);
}

static void test_soft_and_levels(void)
{
    bk_document *d = bk_document_new();
    static const char *const econ[] = {"total", "personnel", "public_use", NULL};
    bk_panel *b = panel(d, "budget.basic_economic", "main", econ);
    row(d, b, NULL, "合计", 0, BK_ROW_TOTAL, (const char *const[]){"20.00", "", "20.00"});
    row(d, b, NULL, "商品和服务支出", 1, BK_ROW_DATA, (const char *const[]){"20.00", "", "20.00"});
    row(d, b, NULL, "公务用车运行维护费", 2, BK_ROW_DATA, (const char *const[]){"15.00", "", "15.00"});
    row(d, b, NULL, "办公费", 2, BK_ROW_DATA, (const char *const[]){"5.01", "", "5.01"});
    static const char *const fund[] = {"total", "general_public", "gov_fund", "state_capital", NULL};
    bk_panel *t = panel(d, "budget.three_public", "main", fund);
    row(d, t, "vehicle", "公务用车购置及运行费", 1, BK_ROW_DATA, (const char *const[]){"13.20", "13.20", "", ""});
    row(d, t, "vehicle_purchase", "①公务用车购置费", 2, BK_ROW_DATA, (const char *const[]){"", "", "", ""});
    row(d, t, "vehicle_operation", "②公务用车运行维护费", 2, BK_ROW_DATA,
        (const char *const[]){"13.20", "13.20", "", ""});
    row(d, t, "total", "合计", 0, BK_ROW_TOTAL, (const char *const[]){"13.20", "13.20", "", ""});
    bk_findings *f = run(d);
    /* V23: the group (level 1) = Σ its level-2 rows: 20.00 vs 20.01, within 0.02 */
    const bk_finding *v23 = find_rule(f, "V23", 0);
    CHECK(v23 && v23->severity == BK_FINDING_ROUNDING && !strcmp(v23->row, "商品和服务支出"));
    /* V34 soft: 15.00 in basic expense > 13.20 in 三公: a warning, not an error */
    const bk_finding *v34 = find_rule(f, "V34", 0);
    CHECK(v34 && v34->severity == BK_FINDING_WARNING);
    if (v34) CHECK(amount_is(v34->difference, "1.80"));
    CHECK_INT(f->n_error, 0);
    CHECK(!bk_findings_failed(f, false));
    bk_findings_free(f);
    bk_document_free(d);
}

static void test_projects_by_role_and_forms(void)
{
    bk_document *d = bk_document_new();
    static const char *const cols[] = {"total",           "general_public", "gov_fund", "state_capital",
                                       "special_account", "unit_funds",     NULL};
    bk_panel *p = panel(d, "budget.projects", "main", cols);
    /* no levels, no parents: the tree comes from the roles */
    row(d, p, NULL, "某局", 0, BK_ROW_TOTAL, (const char *const[]){"30.00", "30.00", "", "", "", ""});
    row(d, p, NULL, "某局", 0, BK_ROW_SUBTOTAL, (const char *const[]){"30.00", "30.00", "", "", "", ""});
    row(d, p, NULL, "校车租赁费", 0, BK_ROW_DATA, (const char *const[]){"14.35", "14.35", "", "", "", ""});
    row(d, p, NULL, "工作经费", 0, BK_ROW_DATA, (const char *const[]){"15.00", "15.00", "", "", "", ""});
    bk_perf_target *form = bk_document_add_perf_target(d, BK_PERF_PROJECT, "项目支出绩效目标表");
    form->unit = BK_UNIT_YUAN;
    bk_perf_add_field(d, form, "project_name", "项目名称", "校车租赁费");
    const char *levels[][2] = {{"total", "143500"}, {"central", "0"}, {"local", "143500"}};
    for (int i = 0; i < 3; i++) {
        bk_perf_amount *a = bk_perf_add_amount(d, form, "annual", levels[i][0], levels[i][0]);
        bk_cell_set_amount(&a->value, A(levels[i][1]));
    }
    bk_findings *f = run(d);
    /* unit 30.00 vs projects 29.35: an error, in both columns, located on the unit row */
    const bk_finding *v27 = find_rule(f, "V27", 0);
    CHECK(v27 && v27->severity == BK_FINDING_ERROR && v27->row_index == 1);
    if (v27) CHECK(amount_is(v27->expected, "29.35"));
    /* V38: 143,500元 = 14.35万元: no finding; the form's levels add up */
    CHECK(find_rule(f, "V38", 0) == NULL);
    bk_findings_free(f);

    /* the form now says 150,000元: the project row is named */
    bk_cell_set_amount(&form->amounts[0].value, A("150000"));
    bk_cell_set_amount(&form->amounts[2].value, A("150000"));
    f = run(d);
    const bk_finding *v38 = find_rule(f, "V38", 0);
    CHECK(v38 != NULL);
    if (v38) {
        CHECK_STR(v38->table_kind, "budget.projects");
        CHECK_STR(v38->row, "校车租赁费");
        CHECK(amount_is(v38->actual, "14.35"));
        CHECK(amount_is(v38->expected, "15.00"));
        CHECK(v38->severity == BK_FINDING_ERROR);
    }
    bk_findings_free(f);
    bk_document_free(d);
}

/* Every identity parses and names only kinds, panels, columns and items of
 * core/definitions.c (a misspelt key would silently read blanks). */
static void test_identities_match_definitions(void)
{
    size_t n = 0;
    const bk_identity *ids = bk_identities(&n);
    CHECK(n >= 100);
    for (size_t i = 0; i < n; i++) {
        bk_error err;
        bk_error_clear(&err);
        int st = bk_identity_check(&ids[i], &err);
        if (st) fprintf(stderr, "  %s: %s (%s)\n", ids[i].rule, err.message, ids[i].expr);
        CHECK_INT(st, BK_OK);
    }
    /* and the check does catch a misspelling */
    bk_identity bad = {.rule = "X1",
                       .title = "t",
                       .expr = "budget.summary/income[key=income_totl].amount = "
                               "budget.summary/expense[key=expense_total].total"};
    bk_error err;
    bk_error_clear(&err);
    CHECK_INT(bk_identity_check(&bad, &err), BK_ERR_VALUE);
    CHECK(strstr(err.message, "income_totl") != NULL);
    bad.expr = "budget.summary/income[key=income_total].amont = budget.summary/expense[key=expense_total].total";
    CHECK_INT(bk_identity_check(&bad, &err), BK_ERR_VALUE);
    bad.expr = "budget.summary/income[key=income_total].amount == 1";
    CHECK_INT(bk_identity_check(&bad, &err), BK_ERR_VALUE);
}

/* 部门决算: 收入支出决算总表 with a wrong 总计, and a 支出决算表 row that adds up. */
static void test_final_accounts(void)
{
    bk_document *d = bk_document_new();
    static const char *const amount[] = {"amount", NULL};
    bk_panel *in = panel(d, "final.summary", "income", amount);
    row(d, in, "general_public", "一、一般公共预算财政拨款收入", 1, BK_ROW_DATA, (const char *const[]){"100.00"});
    row(d, in, "business_income", "五、事业收入", 1, BK_ROW_DATA, (const char *const[]){"20.00"});
    row(d, in, "income_subtotal", "本年收入合计", 0, BK_ROW_SUBTOTAL, (const char *const[]){"120.00"});
    /* printed blank: counts as 0 (a row that is not printed would make D1 not applicable) */
    row(d, in, "non_fiscal_balance_used", "使用非财政拨款结余", 1, BK_ROW_DATA, (const char *const[]){""});
    row(d, in, "opening_balance", "年初结转和结余", 1, BK_ROW_DATA, (const char *const[]){"10.00"});
    row(d, in, "income_total", "总计", 0, BK_ROW_TOTAL, (const char *const[]){"131.00"});
    bk_panel *out = panel(d, "final.summary", "expense", amount);
    row(d, out, "f208", "八、社会保障和就业支出", 1, BK_ROW_DATA, (const char *const[]){"125.00"});
    row(d, out, "expense_subtotal", "本年支出合计", 0, BK_ROW_SUBTOTAL, (const char *const[]){"125.00"});
    row(d, out, "closing_balance", "年末结转和结余", 1, BK_ROW_DATA, (const char *const[]){"5.00"});
    row(d, out, "expense_total", "总计", 0, BK_ROW_TOTAL, (const char *const[]){"130.00"});
    bk_findings *f = run(d);
    /* 总计 131.00 ≠ 120.00 + 10.00 and ≠ 支出总计 130.00: two D1 errors, nothing else */
    CHECK_INT(f->n_error, 2);
    CHECK_INT(f->count, 2);
    const bk_finding *d1 = find_rule(f, "D1", 0);
    CHECK(d1 && !strcmp(d1->row, "总计") && amount_is(d1->expected, "130.00"));
    CHECK(find_rule(f, "D2", 0) == NULL);
    bool d4_skipped = false;
    for (size_t i = 0; i < f->n_skipped_pairs; i++) d4_skipped |= !strcmp(f->skipped[i].rule, "D4");
    CHECK(d4_skipped);
    bk_findings_free(f);
    bk_document_free(d);
}

int main(void)
{
    test_identities_match_definitions();
    test_final_accounts();
    test_narrative();
    test_soft_and_levels();
    test_projects_by_role_and_forms();
    return CHECK_DONE("test_validate_rules");
}
