/* SPDX-License-Identifier: MIT */
/* The validator on the whole seed (built from the seed's figures by
 * seed_fixture.c): it reports exactly the deviations of domain.md §a.4 - the
 * ROUND ones as rounding, the VIOLATION ones as errors - and nothing else;
 * changing any amount of the 13 tables by 1.00 yields an error naming that
 * table and row. */
#include "check.h"
#include "seed_fixture.h"

#include "seed_checks.inc"

/* Tolerance configurable: no tolerance turns every rounding into an error; strict too. */
static void test_tolerance(const bk_document *doc)
{
    bk_validate_options o;
    bk_validate_options_default(&o);
    o.narrative = false;
    bk_findings *f = NULL;
    CHECK_INT(bk_validate(doc, &o, &f, NULL), BK_OK);
    size_t rounding = f ? f->n_rounding : 0;
    CHECK_INT(rounding, N_EXPECTED - 3);
    CHECK(!bk_findings_failed(f, false));
    CHECK(bk_findings_failed(f, true));
    bk_findings_free(f);

    CHECK_INT(bk_validate_parse_tolerance("0", &o.wan_min, NULL), BK_OK);
    CHECK_INT(bk_validate_parse_tolerance("0", &o.wan_per_figure, NULL), BK_OK);
    CHECK_INT(bk_validate(doc, &o, &f, NULL), BK_OK);
    /* every rounding is an error, and the V11 mirror on 收入总表 now reports its 4 codes too */
    CHECK_INT(f->n_error, rounding + 4);
    CHECK_INT(f->n_rounding, 0);
    bk_findings_free(f);

    bk_validate_options_default(&o);
    o.narrative = false;
    o.strict = true;
    CHECK_INT(bk_validate(doc, &o, &f, NULL), BK_OK);
    CHECK_INT(f->n_error, rounding);
    bk_findings_free(f);

    bk_error err;
    bk_error_clear(&err);
    CHECK_INT(bk_validate_parse_tolerance("-1", &o.yuan, &err), BK_ERR_INVALID_ARG);
    CHECK(strstr(err.message, "-1") != NULL);
    CHECK_INT(bk_validate_parse_tolerance("abc", &o.yuan, &err), BK_ERR_INVALID_ARG);
}

/* An identity whose tables are absent is skipped and counted, not failed. */
static void test_absent_tables(void)
{
    bk_document *doc = bk_document_new();
    bk_table *t = bk_document_add_table(doc, "budget.three_public", "三公");
    bk_panel *p = bk_table_add_panel(doc, t, "main", NULL);
    bk_panel_add_column(doc, p, "total", "合计", BK_CELL_AMOUNT);
    bk_panel_add_column(doc, p, "general_public", "一般公共预算", BK_CELL_AMOUNT);
    const char *keys[] = {"travel_abroad", "reception", "vehicle", "vehicle_purchase", "vehicle_operation", "total"};
    const long vals[] = {100, 200, 300, 100, 200, 700}; /* 1.00 + 2.00 + 3.00 != 7.00 */
    for (int i = 0; i < 6; i++) {
        bk_row *r = bk_panel_add_row(doc, p, NULL, keys[i]);
        r->key = bk_document_strdup(doc, keys[i], (size_t)-1);
        r->role = i == 5 ? BK_ROW_TOTAL : BK_ROW_DATA;
        bk_cell_set_amount(&r->cells[0], (bk_amount){vals[i], 2});
        bk_cell_set_amount(&r->cells[1], (bk_amount){vals[i], 2});
    }
    bk_findings *f = NULL;
    CHECK_INT(bk_validate(doc, NULL, &f, NULL), BK_OK);
    /* V33 合计 = 出国 + 接待 + 车 fails in both columns: 7.00 vs 6.00 */
    CHECK_INT(f->n_error, 2);
    CHECK_STR(f->items[0].rule, "V33");
    CHECK_STR(f->items[0].row, "total");
    CHECK(amount_is(f->items[0].difference, "1.00"));
    CHECK(f->n_identities > 0);
    bool v1 = false, v33 = false;
    for (size_t i = 0; i < f->n_skipped_pairs; i++) {
        v1 |= !strcmp(f->skipped[i].rule, "V1") && !strcmp(f->skipped[i].missing, "budget.summary");
        v33 |= !strcmp(f->skipped[i].rule, "V33");
    }
    CHECK(v1);
    CHECK(!v33 || f->n_identities > 0);
    bk_findings_free(f);
    bk_document_free(doc);

    /* an empty document: everything skipped, nothing found */
    doc = bk_document_new();
    CHECK_INT(bk_validate(doc, NULL, &f, NULL), BK_OK);
    CHECK_INT(f->count, 0);
    CHECK_INT(f->n_identities, 0);
    size_t n = 0;
    bk_identities(&n);
    CHECK_INT(f->n_skipped, n);
    CHECK(f->n_skipped_pairs > 0 && f->n_skipped_pairs <= n);
    bk_findings_free(f);
    bk_document_free(doc);
    CHECK_INT(bk_validate(NULL, NULL, &f, NULL), BK_ERR_INVALID_ARG);
}

int main(void)
{
    bk_document *doc = seed_fixture_build();
    CHECK(doc != NULL);
    if (!doc) return CHECK_DONE("test_validate_seed");
    CHECK_INT(doc->n_tables, 13);
    CHECK_INT(doc->n_perf_targets, 23);
    test_seed_findings(doc, false);
    test_tolerance(doc);
    test_mutations(doc);
    test_absent_tables();
    bk_document_free(doc);
    return CHECK_DONE("test_validate_seed");
}
