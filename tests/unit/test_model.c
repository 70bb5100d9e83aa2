/* SPDX-License-Identifier: MIT */
/* The canonical model holds what the seed prints: panels, same-named rows, blank vs 0, forms. */
#include <budgetkit/model.h>
#include <budgetkit/options.h>
#include <budgetkit/limits.h>
#include <budgetkit/grid.h>
#include <budgetkit/text.h>
#include <stdlib.h>
#include "check.h"

static void test_tables_and_panels(void)
{
    bk_document *d = bk_document_new();
    CHECK(d != NULL);
    d->fiscal_year = 2024;
    d->kind = BK_DOC_BUDGET;
    d->department_name = bk_document_strdup(d, "忻州市民政局", (size_t)-1);
    bk_table *t = bk_document_add_table(d, "budget.summary", "2024年预算收支总表");
    bk_panel *in = bk_table_add_panel(d, t, "income", "收入");
    CHECK(bk_panel_add_column(d, in, "amount", "2024年", BK_CELL_AMOUNT) != NULL);
    bk_row *r = bk_panel_add_row(d, in, NULL, "一、一般公共预算");
    bk_cell_set_amount(&r->cells[0], (bk_amount){400070, 2});
    r->key = bk_document_strdup(d, "general_public", (size_t)-1);
    bk_row *blank = bk_panel_add_row(d, in, NULL, "三、国有资本经营预算");
    CHECK_INT(blank->cells[0].kind, BK_CELL_BLANK);                         /* blank is not zero */
    CHECK(bk_panel_add_column(d, in, "late", "x", BK_CELL_AMOUNT) == NULL); /* columns before rows */
    bk_panel *out = bk_table_add_panel(d, t, "expense", "支出");
    bk_panel_add_column(d, out, "total", "2024年合计", BK_CELL_AMOUNT);
    for (int i = 0; i < 1000; i++) CHECK(bk_panel_add_row(d, out, "208", "八、社会保障和就业支出") != NULL);
    const bk_table *found = bk_document_find_table(d, "budget.summary");
    CHECK(found == &d->tables[0]);
    CHECK_INT(bk_table_find_panel(found, "expense")->n_rows, 1000);
    CHECK_INT(bk_panel_column_index(bk_table_find_panel(found, "income"), "amount"), 0);
    CHECK_STR(d->tables[0].panels[0].rows[0].name, "一、一般公共预算");
    CHECK_INT(d->tables[0].panels[0].rows[0].cells[0].amount.units, 400070);
    CHECK_INT(d->tables[0].panels[0].rows[0].parent, -1);
    bk_document_free(d);
    bk_document_free(NULL);
}

static void test_indicator_values(void)
{
    bk_document *d = bk_document_new();
    bk_perf_target *p = bk_document_add_perf_target(d, BK_PERF_PROJECT, "项目支出绩效目标表");
    static const struct {
        const char *raw, *op, *num, *unit;
    } cases[] = {
        {"≥95%", "≥", "95", "%"},
        {"≤5000吨", "≤", "5000", "吨"},
        {"1720元/人/月", NULL, "1720", "元/人/月"},
        {"≤0.5度", "≤", "0.5", "度"},
        {"100%", NULL, "100", "%"},
        {"2024年12月31日前", NULL, NULL, NULL},
        {"提高", NULL, NULL, NULL},
        {"预决算批复20日内", NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bk_indicator *ind = bk_perf_add_indicator(d, p, "annual", "产出指标", "数量指标", "水费", cases[i].raw);
        bk_indicator_parse_value(d, ind);
        CHECK_STR(ind->value_raw, cases[i].raw);
        if (cases[i].op)
            CHECK_STR(ind->op, cases[i].op);
        else
            CHECK(ind->op == NULL);
        if (cases[i].num) {
            char buf[32];
            CHECK(ind->number.kind == BK_CELL_AMOUNT);
            bk_amount_format(ind->number.amount, buf, sizeof buf);
            CHECK_STR(buf, cases[i].num);
            CHECK_STR(ind->unit, cases[i].unit);
        } else {
            CHECK_INT(ind->number.kind, BK_CELL_BLANK);
        }
    }
    bk_document_free(d);
}

static void test_options_and_limits(void)
{
    bk_options *o = bk_options_new();
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_options_parse(o, "encoding=gb18030", &err) == BK_OK);
    CHECK(bk_options_parse(o, "bom=true", &err) == BK_OK);
    CHECK(bk_options_parse(o, "novalue", &err) == BK_ERR_INVALID_ARG);
    CHECK_STR(bk_options_get(o, "encoding"), "gb18030");
    CHECK(bk_options_get_bool(o, "bom", false));
    static const bk_option_spec specs[] = {
        {"encoding", BK_OPT_ENUM, BK_OPT_READ | BK_OPT_WRITE, "utf-8", "utf-8|gb18030", "text encoding"},
        {"bom", BK_OPT_BOOL, BK_OPT_WRITE, "false", NULL, "write a BOM"},
        {NULL, 0, 0, NULL, NULL, NULL}};
    CHECK(bk_options_check(o, specs, BK_OPT_WRITE, NULL, "csv", &err) == BK_OK);
    CHECK(bk_options_check(o, specs, BK_OPT_READ, NULL, "csv", &err) == BK_ERR_INVALID_ARG); /* bom is write-only */
    CHECK(strstr(err.message, "bom") != NULL);
    bk_options_set(o, "encoding", "latin1", &err);
    CHECK(bk_options_check(o, specs, BK_OPT_WRITE, NULL, "csv", &err) == BK_ERR_INVALID_ARG);
    CHECK(strstr(err.message, "utf-8|gb18030") != NULL);
    bk_options_free(o);

    bk_limits l;
    bk_limits_default(&l);
    CHECK(l.string_bytes == 1u << 20);
    bk_options *lo = bk_options_new();
    bk_options_set(lo, "limit.rows", "10", &err);
    CHECK(bk_limits_from_options(&l, lo, &err) == BK_OK);
    CHECK_INT(l.rows, 10);
    bk_options_set(lo, "limit.rows", "-1", &err);
    CHECK(bk_limits_from_options(&l, lo, &err) == BK_ERR_INVALID_ARG);
    bk_options_free(lo);
}

static void test_grid_and_utf8(void)
{
    bk_grid *g = bk_grid_new("收入总表");
    CHECK(bk_grid_set(g, 3, 8, "498.73", 6, 0, (bk_pos){.line = 4, .column = 9}) == BK_OK);
    CHECK(bk_grid_add_merge(g, 0, 2, 0, 7) == BK_OK);
    CHECK_INT(g->n_rows, 4);
    CHECK_INT(g->n_cols, 9);
    CHECK_STR(bk_grid_text(g, 3, 8), "498.73");
    CHECK_STR(bk_grid_text(g, 2, 8), "");
    CHECK(bk_grid_get(g, 3, 7) == NULL);
    bk_grid_free(g);
    const char ok[] = "忻州市民政局";
    CHECK_INT(bk_utf8_check(ok, sizeof ok - 1), sizeof ok - 1);
    CHECK_INT(bk_utf8_check("ab\xBD\xCC\xFF", 5), 2); /* GBK bytes are not UTF-8 */
    CHECK_INT(bk_utf8_check("\xED\xA0\x80", 3), 0);   /* surrogate */
    CHECK_INT(bk_utf8_check("\xC0\xAF", 2), 0);       /* overlong */
    CHECK_INT(bk_utf8_check("\xE4\xB8", 2), 0);       /* truncated */
}

/* The definition, decoded code point by code point: what bk_utf8_check must agree with. */
static size_t utf8_reference(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i], n = c < 0x80                 ? 1
                               : c >= 0xC2 && c <= 0xDF ? 2
                               : c >= 0xE0 && c <= 0xEF ? 3
                               : c >= 0xF0 && c <= 0xF4 ? 4
                                                        : 0;
        if (n == 0 || len - i < n) return i;
        uint32_t cp = n == 1 ? c : c & (0x7Fu >> n);
        for (unsigned k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

/* Every 1-, 2- and 3-byte string, and 4-byte ones around the F0..F4 leads, after a CJK prefix. */
static void test_utf8_exhaustive(void)
{
    unsigned char b[8] = {0xE6, 0xB0, 0x91}; /* 民 */
    size_t mismatches = 0;
    for (unsigned x = 0; x < 256; x++)
        for (unsigned y = 0; y < 256; y++)
            for (unsigned z = 0; z < 256; z++) {
                b[3] = (unsigned char)x, b[4] = (unsigned char)y, b[5] = (unsigned char)z;
                for (size_t n = 4; n <= 6; n++) mismatches += bk_utf8_check((const char *)b, n) != utf8_reference(b, n);
            }
    for (unsigned x = 0xEF; x < 0xF8; x++)
        for (unsigned y = 0x70; y < 0xC8; y++)
            for (unsigned z = 0x70; z < 0xC8; z += 7)
                for (unsigned w = 0x70; w < 0xC8; w++) {
                    b[3] = (unsigned char)x, b[4] = (unsigned char)y, b[5] = (unsigned char)z, b[6] = (unsigned char)w;
                    mismatches += bk_utf8_check((const char *)b, 7) != utf8_reference(b, 7);
                }
    CHECK_INT(mismatches, 0);
}

int main(void)
{
    test_tables_and_panels();
    test_indicator_values();
    test_options_and_limits();
    test_grid_and_utf8();
    test_utf8_exhaustive();
    return CHECK_DONE("test_model");
}
