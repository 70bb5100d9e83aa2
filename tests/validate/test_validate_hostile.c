/* SPDX-License-Identifier: MIT */
/* Hostile sizes: a 200,000-row coded table with no hierarchy and a text of
 * 100,000 chained 其中 sentences are validated in linear time and bounded
 * stack (the old recursive 其中 anchor overflowed the stack here), and the
 * kept findings are capped while every one is counted. */
#include "check.h"
#include <budgetkit/budgetkit.h>
#include <budgetkit/validate.h>
#include <stdio.h>
#include <stdlib.h>

#define ROWS      200000
#define SENTENCES 100000

static void test_wide_table(void)
{
    bk_document *d = bk_document_new();
    bk_table *t = bk_document_add_table(d, "budget.income", "收入总表");
    t->unit = BK_UNIT_WAN_YUAN;
    bk_panel *p = bk_table_add_panel(d, t, "main", NULL);
    bk_panel_add_column(d, p, "total", "合计", BK_CELL_AMOUNT);
    bk_panel_add_column(d, p, "general_public", "一般公共预算", BK_CELL_AMOUNT);
    /* the other sources of V7, printed blank (not printed, V7 would not apply) */
    bk_panel_add_column(d, p, "gov_fund", "政府性基金", BK_CELL_AMOUNT);
    bk_panel_add_column(d, p, "state_capital", "国有资本经营预算", BK_CELL_AMOUNT);
    bk_panel_add_column(d, p, "special_account", "财政专户管理资金", BK_CELL_AMOUNT);
    bk_panel_add_column(d, p, "unit_funds", "单位资金", BK_CELL_AMOUNT);
    bk_row *total = bk_panel_add_row(d, p, NULL, "合计");
    total->role = BK_ROW_TOTAL;
    for (int i = 0; i < ROWS; i++) {
        char code[16];
        snprintf(code, sizeof code, "%d", 1000000 + i); /* same length: nobody's parent */
        bk_row *r = bk_panel_add_row(d, p, code, "项");
        CHECK(r != NULL);
        if (!r) break;
        bk_cell_set_amount(&r->cells[0], (bk_amount){100, 2});
        bk_cell_set_amount(&r->cells[1], (bk_amount){100, 2});
    }
    /* the row pointer moved while rows were added: set the total now */
    bk_cell_set_amount(&p->rows[0].cells[0], (bk_amount){(int64_t)ROWS * 100, 2});
    bk_cell_set_amount(&p->rows[0].cells[1], (bk_amount){(int64_t)ROWS * 100 + 500, 2});
    bk_findings *f = NULL;
    CHECK_INT(bk_validate(d, NULL, &f, NULL), BK_OK);
    if (f) {
        /* 合计 ≠ 一般 on the total row: an error (V7); 合计 一般 200005.00 vs Σ of
         * 200,000 figures 200000.00 (V9): within n × 0.005 = 1000.00, rounding */
        CHECK_INT(f->n_error, 1);
        CHECK_INT(f->n_rounding, 1);
        CHECK(f->n_checks > ROWS);
    }
    bk_findings_free(f);
    bk_document_free(d);
}

static void test_long_text(void)
{
    static const char head[] = "预算100.00万元。";
    static const char unit[] = "其中：甲1.00万元，占1.00%；乙2.00万元，占2.00%。";
    size_t cap = sizeof head + (size_t)SENTENCES * (sizeof unit - 1) + 1;
    char *text = malloc(cap);
    CHECK(text != NULL);
    if (!text) return;
    char *w = text;
    memcpy(w, head, sizeof head - 1);
    w += sizeof head - 1;
    for (int i = 0; i < SENTENCES; i++) {
        memcpy(w, unit, sizeof unit - 1);
        w += sizeof unit - 1;
    }
    *w = '\0';
    bk_document *d = bk_document_new();
    CHECK(bk_document_add_section(d, "说明", 2, text) != NULL);
    free(text);
    bk_validate_options o;
    bk_validate_options_default(&o);
    o.max_findings = 1000;
    bk_findings *f = NULL;
    CHECK_INT(bk_validate(d, &o, &f, NULL), BK_OK);
    if (f) {
        /* every 其中 sentence divides the 100.00 of the first: 3.00 ≠ 100.00 (V42);
         * the shares 1.00/100.00 and 2.00/100.00 hold */
        CHECK_INT(f->n_error, SENTENCES);
        CHECK_INT(f->count, 1000);
        CHECK_INT(f->dropped, SENTENCES - 1000);
        CHECK_STR(f->items[0].rule, "V42");
        CHECK(f->items[0].expected.units == 300 && f->items[0].actual.units == 10000);
    }
    bk_findings_free(f);
    bk_document_free(d);
}

int main(void)
{
    test_wide_table();
    test_long_text();
    return CHECK_DONE("test_validate_hostile");
}
