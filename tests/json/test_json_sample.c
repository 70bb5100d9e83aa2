/* SPDX-License-Identifier: MIT */
/* samples/seed-first-tables.json, read through the json plugin, holds the
 * seed's published figures: totals and chosen cells of the first four tables
 * and the 补充生活救助资金 project form, and its trees add up (to the 0.01
 * rounding the disclosure itself shows). */
#include <budgetkit/io.h>
#include <stdlib.h>
#include "check.h"

static const bk_table *table(const bk_document *d, const char *kind)
{
    const bk_table *t = bk_document_find_table(d, kind);
    if (!t) fprintf(stderr, "no table %s\n", kind);
    return t;
}

static const bk_row *row_by(const bk_panel *p, const char *key, const char *code, const char *name)
{
    for (size_t i = 0; p && i < p->n_rows; i++) {
        const bk_row *r = &p->rows[i];
        if ((key && r->key && !strcmp(r->key, key)) || (code && r->code && !strcmp(r->code, code)) ||
            (name && r->name && !strcmp(r->name, name)))
            return r;
    }
    return NULL;
}

/* Text of a cell as the plugin read it ("8261.00"), "(blank)", "(text)" or "(no cell)". */
static const char *cell_text(const bk_panel *p, const bk_row *r, const char *column, char *buf, size_t cap)
{
    int c = p ? bk_panel_column_index(p, column) : -1;
    if (!r || c < 0) return "(no cell)";
    const bk_cell *cell = &r->cells[c];
    if (cell->kind == BK_CELL_BLANK) return "(blank)";
    if (cell->kind == BK_CELL_TEXT) return "(text)";
    bk_amount_format(cell->amount, buf, cap);
    return buf;
}

#define FIG(p, r, col, want)                                                                                           \
    do {                                                                                                               \
        char b_[BK_AMOUNT_TEXT_MAX];                                                                                   \
        CHECK_STR(cell_text((p), (r), (col), b_, sizeof b_), (want));                                                  \
    } while (0)

static bk_amount value(const bk_cell *c)
{
    return c->kind == BK_CELL_AMOUNT ? c->amount : bk_amount_zero(2);
}

/* Each parent equals the sum of its children, column by column, within 0.01 (the print rounds). */
static int check_tree(const bk_panel *p, int *exact_mismatches)
{
    int checked = 0;
    for (size_t i = 0; i < p->n_rows; i++) {
        bool has_children = false;
        for (size_t c = 0; c < p->n_columns; c++) {
            bk_amount sum = bk_amount_zero(2);
            for (size_t k = 0; k < p->n_rows; k++)
                if (p->rows[k].parent == (int32_t)i) {
                    has_children = true;
                    CHECK(bk_amount_add(sum, value(&p->rows[k].cells[c]), &sum));
                }
            if (!has_children) break;
            bk_amount diff;
            CHECK(bk_amount_sub(value(&p->rows[i].cells[c]), sum, &diff));
            bk_amount cent = {1, 2}, minus_cent = {-1, 2};
            if (bk_amount_cmp(diff, cent) > 0 || bk_amount_cmp(diff, minus_cent) < 0) {
                fprintf(stderr, "%s row %s column %s: children do not add up\n", p->key,
                        p->rows[i].code ? p->rows[i].code : "?", p->columns[c].key);
                check_failures++;
            }
            if (bk_amount_cmp(diff, bk_amount_zero(2)) != 0) (*exact_mismatches)++;
            checked++;
        }
    }
    return checked;
}

static void check_summary(const bk_document *d)
{
    const bk_table *t = table(d, "budget.summary");
    if (!t) {
        check_failures++;
        return;
    }
    CHECK_STR(t->title, "2024年预算收支总表");
    CHECK_STR(t->number_label, "预算公开表1");
    CHECK_STR(t->unit_label, "万元");
    const bk_panel *in = bk_table_find_panel(t, "income"), *ex = bk_table_find_panel(t, "expense");
    CHECK(in && ex);
    FIG(in, row_by(in, "income_total", NULL, NULL), "amount", "8261.00");
    FIG(in, row_by(in, "general_public", NULL, NULL), "amount", "4000.70");
    FIG(in, row_by(in, "gov_fund", NULL, NULL), "amount", "521.56");
    FIG(in, row_by(in, "state_capital", NULL, NULL), "amount", "(blank)");
    FIG(in, row_by(in, "unit_funds", NULL, NULL), "amount", "3240.00");
    FIG(in, row_by(in, "income_subtotal", NULL, NULL), "amount", "7762.27");
    FIG(in, row_by(in, "carryover", NULL, NULL), "amount", "498.73");
    const bk_row *r208 = row_by(ex, "f208", NULL, NULL);
    CHECK(r208 && r208->code && !strcmp(r208->code, "208") && (r208->flags & BK_ROW_CODE_DERIVED));
    FIG(ex, r208, "total", "7247.20");
    FIG(ex, r208, "current", "6848.15");
    FIG(ex, r208, "carryover_use", "399.04");
    FIG(ex, row_by(ex, "f229", NULL, NULL), "carryover_use", "69.18");
    const bk_row *et = row_by(ex, "expense_total", NULL, NULL);
    FIG(ex, et, "total", "8261.00");
    FIG(ex, et, "current", "7762.27");
    FIG(ex, et, "carryover_use", "498.73");
    CHECK_INT(ex ? ex->n_rows : 0, 33); /* 30 类 + 本年支出合计 + 年终结转 + 支出总计 */
}

static void check_income(const bk_document *d, int *mismatches)
{
    const bk_table *t = table(d, "budget.income");
    if (!t || t->n_panels != 1) {
        check_failures++;
        return;
    }
    const bk_panel *p = &t->panels[0];
    CHECK_INT(p->n_columns, 7);
    const bk_row *total = &p->rows[0];
    CHECK_INT(total->role, BK_ROW_TOTAL);
    FIG(p, total, "total", "7762.27");
    FIG(p, total, "general_public", "4000.70");
    FIG(p, total, "gov_fund", "521.56");
    FIG(p, total, "unit_funds", "3240.00");
    FIG(p, total, "carryover", "498.73");
    const bk_row *r208 = row_by(p, NULL, "208", NULL);
    FIG(p, r208, "total", "6848.15");    /* 208 本年收入 */
    FIG(p, r208, "carryover", "399.04"); /* 208 上年结转 */
    FIG(p, r208, "special_account", "(blank)");
    const bk_row *r = row_by(p, NULL, "2080505", NULL);
    FIG(p, r, "total", "399.18");
    FIG(p, r, "general_public", "283.18");
    FIG(p, r, "unit_funds", "116.00");
    CHECK(r && r->level == 3 && r->parent >= 0 && !strcmp(p->rows[r->parent].code, "20805"));
    /* second-page rows lost an empty column in the text; 上年结转 must still land in carryover */
    FIG(p, row_by(p, NULL, "229", NULL), "carryover", "69.18");
    FIG(p, row_by(p, NULL, "2100409", NULL), "carryover", "30.52");
    CHECK_INT(p->n_rows, 43);
    CHECK(check_tree(p, mismatches) > 0);
}

static void check_expense(const bk_document *d, int *mismatches)
{
    const bk_table *t = table(d, "budget.expense");
    if (!t || t->n_panels != 1) {
        check_failures++;
        return;
    }
    const bk_panel *p = &t->panels[0];
    FIG(p, &p->rows[0], "total", "8261.00");
    FIG(p, &p->rows[0], "basic", "6644.08");
    FIG(p, &p->rows[0], "project", "1616.92");
    const bk_row *r = row_by(p, NULL, "20810", NULL);
    FIG(p, r, "total", "5691.77");
    FIG(p, r, "basic", "4931.96");
    FIG(p, r, "project", "759.81");
    FIG(p, row_by(p, NULL, "2080207", NULL), "basic", "(blank)");
    CHECK_INT(p->n_rows, 43);
    CHECK(check_tree(p, mismatches) > 0);
}

static void check_fiscal(const bk_document *d)
{
    const bk_table *t = table(d, "budget.fiscal_summary");
    if (!t) {
        check_failures++;
        return;
    }
    const bk_panel *in = bk_table_find_panel(t, "income"), *ex = bk_table_find_panel(t, "expense");
    CHECK(in && ex);
    FIG(in, row_by(in, "income_total", NULL, NULL), "amount", "5021.00");
    FIG(in, row_by(in, "income_subtotal", NULL, NULL), "amount", "4522.27");
    FIG(in, row_by(in, "carryover", NULL, NULL), "amount", "498.73");
    const bk_row *cgp = row_by(in, "carryover_general_public", NULL, NULL);
    FIG(in, cgp, "amount", "429.56");
    CHECK(cgp && cgp->parent >= 0 && !strcmp(in->rows[cgp->parent].key, "carryover"));
    FIG(in, row_by(in, "carryover_gov_fund", NULL, NULL), "amount", "69.18");
    const bk_row *et = row_by(ex, "expense_total", NULL, NULL);
    FIG(ex, et, "total", "5021.00");
    FIG(ex, et, "general_public", "4430.26");
    FIG(ex, et, "gov_fund", "590.74");
    FIG(ex, et, "state_capital", "(blank)");
    FIG(ex, row_by(ex, "f208", NULL, NULL), "general_public", "4007.20");
    /* printed without 等 in this table: the name stays as printed */
    const bk_row *r215 = row_by(ex, "f215", NULL, NULL);
    CHECK_STR(r215 ? r215->name : NULL, "十五、资源勘探工业信息支出");
}

static void check_form(const bk_document *d)
{
    CHECK_INT(d->n_perf_targets, 1);
    if (d->n_perf_targets != 1) return;
    const bk_perf_target *p = &d->perf_targets[0];
    CHECK_INT(p->kind, BK_PERF_PROJECT);
    CHECK_INT(p->unit, BK_UNIT_YUAN);
    CHECK_STR(p->fields[0].key, "project_name");
    CHECK_STR(p->fields[0].value, "补充生活救助资金");
    /* one vocabulary of field keys, the recognizer's */
    static const char *const KEYS[] = {"project_name",
                                       "department",
                                       "implementing_unit",
                                       "attribute",
                                       "period",
                                       "overview",
                                       "basis",
                                       "necessity",
                                       "measures",
                                       "plan",
                                       "goal_implementation",
                                       "goal_annual",
                                       "responsible_person",
                                       "handler",
                                       "phone",
                                       "fill_date"};
    CHECK_INT(p->n_fields, sizeof KEYS / sizeof KEYS[0]);
    for (size_t i = 0; i < p->n_fields && i < sizeof KEYS / sizeof KEYS[0]; i++) CHECK_STR(p->fields[i].key, KEYS[i]);
    char b[BK_AMOUNT_TEXT_MAX];
    bk_amount annual_sum = bk_amount_zero(0), annual_total = bk_amount_zero(0);
    int seen_total = 0;
    for (size_t i = 0; i < p->n_amounts; i++) {
        const bk_perf_amount *a = &p->amounts[i];
        if (!strcmp(a->group, "annual") && !strcmp(a->key, "total")) {
            CHECK_INT(a->value.kind, BK_CELL_AMOUNT);
            bk_amount_format(a->value.amount, b, sizeof b);
            CHECK_STR(b, "900000"); /* 年度资金总额 900,000 元 */
            annual_total = a->value.amount;
            seen_total++;
        } else if (!strcmp(a->group, "annual")) {
            CHECK(bk_amount_add(annual_sum, value(&a->value), &annual_sum));
        }
        if (!strcmp(a->key, "other")) CHECK_INT(a->value.kind, BK_CELL_BLANK); /* 其他资金 printed empty */
        if (!strcmp(a->key, "local")) {
            bk_amount_format(a->value.amount, b, sizeof b);
            CHECK_STR(b, "900000");
        }
    }
    CHECK_INT(seen_total, 1);
    CHECK_INT(bk_amount_cmp(annual_sum, annual_total), 0); /* V38: 年度资金总额 = Σ levels */
    CHECK_INT(p->n_indicators, 26);
    /* the stored op/number/unit agree with the core's own parse of value_raw */
    bk_document *scratch = bk_document_new();
    for (size_t i = 0; scratch && i < p->n_indicators; i++) {
        const bk_indicator *ind = &p->indicators[i];
        bk_perf_target *q = bk_document_add_perf_target(scratch, BK_PERF_PROJECT, NULL);
        bk_indicator *re =
            q ? bk_perf_add_indicator(scratch, q, ind->period, ind->level1, ind->level2, ind->level3, ind->value_raw)
              : NULL;
        if (!re) {
            check_failures++;
            break;
        }
        bk_indicator_parse_value(scratch, re);
        CHECK((ind->op == NULL) == (re->op == NULL) && (!ind->op || !strcmp(ind->op, re->op)));
        CHECK((ind->unit == NULL) == (re->unit == NULL) && (!ind->unit || !strcmp(ind->unit, re->unit)));
        CHECK_INT(ind->number.kind, re->number.kind);
        if (ind->number.kind == BK_CELL_AMOUNT) CHECK_INT(bk_amount_cmp(ind->number.amount, re->number.amount), 0);
    }
    bk_document_free(scratch);
    /* as the recognizer reads the form: each 实施期 indicator followed by its 年度 twin */
    const bk_indicator *cost = &p->indicators[8];
    CHECK_STR(cost->level2, "成本指标");
    CHECK_STR(cost->value_raw, "≥2000元/人");
    CHECK_STR(cost->op, "≥");
    CHECK_STR(cost->unit, "元/人");
    CHECK_STR(p->indicators[24].level1, "满意度指标");
    CHECK_STR(p->indicators[24].period, "implementation");
    CHECK_STR(p->indicators[13].period, "annual");
}

int main(void)
{
    const char *src = getenv("BK_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/samples/seed-first-tables.json", src ? src : "../..");
    bk_error err;
    bk_error_clear(&err);
    bk_registry *r = bk_registry_new();
    CHECK(bk_registry_load_default(r, NULL, &err) == BK_OK);
    bk_document *d = NULL;
    int rc = bk_read_document(r, path, NULL, &d, &err);
    if (rc) fprintf(stderr, "%s:%u:%u: %s %s\n", err.file, err.line, err.column, err.context, err.message);
    CHECK_INT(rc, BK_OK);
    if (d) {
        CHECK_INT(d->fiscal_year, 2024);
        CHECK_STR(d->department_code, "305");
        CHECK_INT(d->n_tables, 4);
        int mismatches = 0;
        check_summary(d);
        check_income(d, &mismatches);
        check_expense(d, &mismatches);
        check_fiscal(d);
        check_form(d);
        /* the disclosure's own 0.01 rounding differences, no more: 1 in 收入总表, 4 in 支出总表 */
        CHECK_INT(mismatches, 5);
    }
    bk_document_free(d);
    bk_registry_free(r);
    return CHECK_DONE("json_sample");
}
