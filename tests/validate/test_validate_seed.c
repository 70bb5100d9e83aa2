/* The validator on the whole seed (built from the seed's figures by
 * seed_fixture.c): it reports exactly the deviations of domain.md §a.4 - the
 * ROUND ones as rounding, the VIOLATION ones as errors - and nothing else;
 * changing any amount of the 13 tables by 1.00 yields an error naming that
 * table and row. */
#include "check.h"
#include "seed_fixture.h"
#include <budgetkit/validate.h>
#include <stdlib.h>

typedef struct expect {
    const char *rule, *severity, *kind, *row, *column, *actual, *expected;
} expect;

/* domain.md §a.4, one line per deviation and column. */
static const expect SEED_EXPECTED[] = {
    {"V3", "rounding", "budget.summary", "本年收入合计", "amount", "7762.27", "7762.26"},
    {"V4", "rounding", "budget.summary", "本年支出合计", "current", "7762.27", "7762.26"},
    {"V4", "rounding", "budget.summary", "本年支出合计", "carryover_use", "498.73", "498.74"},
    {"V5", "rounding", "budget.summary", "八、社会保障和就业支出", "total", "7247.20", "7247.19"},
    {"V5", "rounding", "budget.summary", "十、卫生健康支出", "total", "156.72", "156.73"},
    {"V7", "rounding", "budget.income", "合计", "total", "7762.27", "7762.26"},
    {"V8", "rounding", "budget.income", "229 其他支出", "carryover", "69.18", "69.17"},
    {"V9", "rounding", "budget.income", "合计", "total", "7762.27", "7762.26"},
    {"V9", "rounding", "budget.income", "合计", "carryover", "498.73", "498.74"},
    {"V8", "rounding", "budget.expense", "208 社会保障和就业支出", "total", "7247.20", "7247.19"},
    {"V8", "rounding", "budget.expense", "208 社会保障和就业支出", "project", "1154.48", "1154.47"},
    {"V8", "rounding", "budget.expense", "210 卫生健康支出", "total", "156.72", "156.73"},
    {"V8", "rounding", "budget.expense", "229 其他支出", "project", "405.18", "405.17"},
    {"V9", "rounding", "budget.expense", "合计", "project", "1616.92", "1616.93"},
    {"V10", "rounding", "budget.expense", "210 卫生健康支出", "total", "156.72", "156.73"},
    {"V10", "rounding", "budget.expense", "22908 彩票发行销售机构业务费安排的支出", "total", "204.43", "204.42"},
    {"V10", "rounding", "budget.expense", "2290804 福利彩票销售机构的业务费支出", "total", "194.43", "194.42"},
    {"V11", "rounding", "budget.expense", "208 社会保障和就业支出", "total", "7247.20", "7247.19"},
    {"V11", "rounding", "budget.expense", "210 卫生健康支出", "total", "156.72", "156.73"},
    {"V11", "rounding", "budget.expense", "22908 彩票发行销售机构业务费安排的支出", "total", "204.43", "204.42"},
    {"V11", "rounding", "budget.expense", "2290804 福利彩票销售机构的业务费支出", "total", "194.43", "194.42"},
    {"V14", "rounding", "budget.fiscal_summary", "本年收入合计", "amount", "4522.27", "4522.26"},
    {"V15", "rounding", "budget.fiscal_summary", "上年财政拨款结转", "amount", "498.73", "498.74"},
    {"V20", "rounding", "budget.fiscal_summary", "八、社会保障和就业支出", "general_public", "4007.20", "4007.19"},
    {"V20", "rounding", "budget.fiscal_summary", "十、卫生健康支出", "general_public", "156.72", "156.73"},
    /* 商品和服务 339.61 vs Σ 23 rows 339.62, in 合计 and 公用经费 */
    {"V23", "rounding", "budget.basic_economic", "商品和服务支出", "total", "339.61", "339.62"},
    {"V23", "rounding", "budget.basic_economic", "商品和服务支出", "public_use", "339.61", "339.62"},
    /* T13: 498.74 vs Σ units 498.73; 基金 69.18 vs Σ units 69.17 (the V30 note); vs T1 498.73 */
    {"V29", "rounding", "budget.projects_carryover", "忻州市民政局", "total", "498.74", "498.73"},
    {"V29", "rounding", "budget.projects_carryover", "忻州市民政局", "gov_fund", "69.18", "69.17"},
    {"V29", "rounding", "budget.projects_carryover", "忻州市民政局", "total", "498.74", "498.73"},
    {"V37", "rounding", "perf.department", "by_source/合计", "value", "7762.27", "7762.26"},
    {"V37", "rounding", "perf.department", "by_direction/合计", "value", "7762.27", "7762.26"},
    /* narrative VIOLATIONs: Σ 22 project forms 747.77 vs 748.00 stated twice; 1.88/67.02 = 2.8% */
    {"V39", "error", "narrative", "十、绩效管理情况", NULL, "748.00", "747.77"},
    {"V39", "error", "narrative", "十、绩效管理情况", NULL, "748.00", "747.77"},
    {"V41", "error", "narrative", "八、机关运行经费增减变动原因说明", NULL, "2.9", "2.8"},
};
#define N_EXPECTED (sizeof SEED_EXPECTED / sizeof SEED_EXPECTED[0])

static bool amount_is(bk_amount a, const char *text)
{
    char buf[BK_AMOUNT_TEXT_MAX];
    bk_amount_format(a, buf, sizeof buf);
    return !strcmp(buf, text);
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool matches(const bk_finding *f, const expect *e)
{
    return !strcmp(f->rule, e->rule) && !strcmp(bk_finding_severity_name(f->severity), e->severity) &&
           same_str(f->table_kind, e->kind) && same_str(f->row, e->row) && same_str(f->column, e->column) &&
           amount_is(f->actual, e->actual) && amount_is(f->expected, e->expected);
}

static void print_finding(const bk_finding *f)
{
    char a[BK_AMOUNT_TEXT_MAX], e[BK_AMOUNT_TEXT_MAX];
    bk_amount_format(f->actual, a, sizeof a);
    bk_amount_format(f->expected, e, sizeof e);
    fprintf(stderr, "  unexpected: %s %s %s | %s | %s | %s vs %s | %s\n", f->rule, bk_finding_severity_name(f->severity),
            f->table_kind, f->row ? f->row : "-", f->column ? f->column : "-", a, e, f->message);
}

/* Every expected finding exactly once, and nothing else. */
static void test_seed_findings(const bk_document *doc)
{
    bk_findings *f = NULL;
    bk_error err;
    bk_error_clear(&err);
    CHECK_INT(bk_validate(doc, NULL, &f, &err), BK_OK);
    if (!f) return;
    bool used[256] = {false};
    CHECK(f->count < 256);
    for (size_t e = 0; e < N_EXPECTED; e++) {
        size_t hits = 0;
        for (size_t i = 0; i < f->count && i < 256; i++)
            if (!used[i] && matches(&f->items[i], &SEED_EXPECTED[e])) {
                used[i] = true;
                hits++;
                break;
            }
        if (!hits)
            fprintf(stderr, "  missing: %s %s %s | %s | %s\n", SEED_EXPECTED[e].rule, SEED_EXPECTED[e].kind,
                    SEED_EXPECTED[e].row, SEED_EXPECTED[e].column ? SEED_EXPECTED[e].column : "-", SEED_EXPECTED[e].actual);
        CHECK_INT(hits, 1);
    }
    for (size_t i = 0; i < f->count && i < 256; i++)
        if (!used[i]) print_finding(&f->items[i]);
    CHECK_INT(f->count, N_EXPECTED);
    CHECK_INT(f->n_error, 3);
    CHECK_INT(f->n_rounding, N_EXPECTED - 3);
    CHECK_INT(f->n_warning, 0);
    CHECK(bk_findings_failed(f, false));
    /* located: the printed row's input line, the table title */
    for (size_t i = 0; i < f->count; i++) {
        CHECK(f->items[i].pos.line > 0);
        CHECK(f->items[i].table_title != NULL);
        CHECK(f->items[i].message && f->items[i].message[0]);
    }
    /* the 决算 identities and the MoF/Shanghai variants' tables are absent: skipped, not failed */
    CHECK(f->n_skipped > 0);
    bool d1 = false;
    for (size_t i = 0; i < f->n_skipped_pairs; i++) d1 |= !strcmp(f->skipped[i].rule, "D1");
    CHECK(d1);
    bk_findings_free(f);
}

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
    CHECK_INT(f->n_error, rounding);
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

static bool names_row(const bk_finding *f, size_t t, size_t r)
{
    if (f->severity != BK_FINDING_ERROR) return false;
    if (f->table_index == t && f->row_index == (int32_t)r && strncmp(f->table_kind, "perf.", 5) && strcmp(f->table_kind, "narrative"))
        return true;
    for (size_t k = 0; k < f->n_cells; k++)
        if (!f->cells[k].form && f->cells[k].table_index == t && f->cells[k].row_index == (int32_t)r) return true;
    return false;
}

/* Change every amount of the 13 tables by 1.00, one at a time. */
static void test_mutations(bk_document *doc)
{
    bk_validate_options o;
    bk_validate_options_default(&o);
    size_t cells = 0, located = 0;
    for (size_t t = 0; t < doc->n_tables; t++)
        for (size_t p = 0; p < doc->tables[t].n_panels; p++) {
            bk_panel *pn = &doc->tables[t].panels[p];
            for (size_t r = 0; r < pn->n_rows; r++)
                for (size_t c = 0; c < pn->n_columns; c++) {
                    bk_cell *cell = &pn->rows[r].cells[c];
                    if (cell->kind != BK_CELL_AMOUNT) continue;
                    cells++;
                    bk_amount old = cell->amount, one = {100, 2};
                    CHECK(bk_amount_add(old, one, &cell->amount));
                    bk_findings *f = NULL;
                    CHECK_INT(bk_validate(doc, &o, &f, NULL), BK_OK);
                    bool hit = false, primary = false;
                    for (size_t i = 0; f && i < f->count; i++) {
                        hit |= names_row(&f->items[i], t, r);
                        primary |= f->items[i].severity == BK_FINDING_ERROR && f->items[i].table_index == t &&
                                   f->items[i].row_index == (int32_t)r;
                    }
                    if (!hit)
                        fprintf(stderr, "  no error names %s row %zu (%s) column %s\n", doc->tables[t].kind, r,
                                pn->rows[r].name ? pn->rows[r].name : "?", pn->columns[c].key);
                    CHECK(hit);
                    located += primary;
                    bk_findings_free(f);
                    cell->amount = old;
                }
        }
    /* every amount of the seed's tables, and most located on the changed row itself */
    CHECK(cells >= 500);
    CHECK(located * 100 >= cells * 95);
    printf("mutations: %zu amounts, %zu located on the changed row itself\n", cells, located);
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
    test_seed_findings(doc);
    test_tolerance(doc);
    test_mutations(doc);
    test_absent_tables();
    bk_document_free(doc);
    return CHECK_DONE("test_validate_seed");
}
