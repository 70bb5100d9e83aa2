/* SPDX-License-Identifier: MIT */
/* The XML writer refuses text XML cannot carry, with an error naming the
 * table, row and column, and leaves no output; what it can carry (every
 * distinction of the model: NULL vs "", blank vs 0, the scale of each
 * amount) comes back exactly when read. */
#include <budgetkit/budgetkit.h>
#include <budgetkit/io.h>
#include <budgetkit/registry.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"

static bk_registry *registry(void)
{
    bk_registry *r = bk_registry_new();
    bk_error err;
    bk_error_clear(&err);
    const char *dir = getenv("BUDGETKIT_PLUGIN_PATH");
    if (!r || !dir || bk_registry_add_dir(r, dir, &err) != BK_OK || !bk_registry_find(r, "xml", NULL)) {
        fprintf(stderr, "cannot load the xml plugin from %s: %s\n", dir ? dir : "(unset)", err.message);
        exit(1);
    }
    return r;
}

static bk_amount amt(int64_t units, int32_t scale)
{
    bk_amount a = {units, scale};
    return a;
}

/* A table with two panels; @p bad_text goes into row 2, column "note" of panel "expense". */
static bk_document *doc_with(const char *bad_text)
{
    bk_document *d = bk_document_new();
    d->fiscal_year = 2024;
    d->kind = BK_DOC_BUDGET;
    bk_table *t = bk_document_add_table(d, "budget.summary", "2024年预算收支总表");
    t->unit = BK_UNIT_WAN_YUAN;
    bk_panel *p = bk_table_add_panel(d, t, "income", "收入");
    bk_panel_add_column(d, p, "amount", "预算数", BK_CELL_AMOUNT);
    bk_row *r = bk_panel_add_row(d, p, NULL, "一、一般公共预算");
    bk_cell_set_amount(&r->cells[0], amt(502100, 2));
    p = bk_table_add_panel(d, t, "expense", "支出");
    bk_panel_add_column(d, p, "total", "合计", BK_CELL_AMOUNT);
    bk_panel_add_column(d, p, "note", "说明", BK_CELL_TEXT);
    r = bk_panel_add_row(d, p, "208", "社会保障和就业支出");
    bk_cell_set_amount(&r->cells[0], amt(724719, 2));
    r = bk_panel_add_row(d, p, "20802", "民政管理事务");
    bk_cell_set_text(d, &r->cells[1], bad_text, strlen(bad_text));
    return d;
}

/* Write @p d to @p path; returns the status and fills @p err. */
static int write_xml(const bk_registry *reg, const bk_document *d, const char *path, bk_error *err)
{
    bk_io_settings s = {0};
    s.format = "xml";
    bk_error_clear(err);
    return bk_write_document(reg, d, path, &s, err);
}

static void expect_refused(const bk_registry *reg, const char *text, int code, const char *in_message)
{
    const char *path = "xml_write_refuse.out.xml";
    unlink(path);
    bk_document *d = doc_with(text);
    bk_error err;
    int rc = write_xml(reg, d, path, &err);
    CHECK_INT(rc, code);
    CHECK(strstr(err.context, "table 1 '2024年预算收支总表', panel expense, row 2, column 2 (note)") != NULL);
    CHECK(strstr(err.message, in_message) != NULL);
    CHECK(access(path, F_OK) != 0); /* nothing written, not even a partial file */
    if (rc != code || !strstr(err.message, in_message))
        fprintf(stderr, "  got %d: %s: %s\n", rc, err.context, err.message);
    bk_document_free(d);
}

/* Every string, amount and blank of a small document survives write + read. */
static void round_trip(const bk_registry *reg)
{
    const char *path = "xml_write_refuse.rt.xml";
    bk_document *d = doc_with("tab\there, newline\nthere, CR\r, quotes \"'<&>, 中文");
    d->title = bk_document_strdup(d, "", 0); /* empty, not NULL */
    bk_perf_target *pt = bk_document_add_perf_target(d, BK_PERF_PROJECT, "项目支出绩效目标表");
    bk_perf_add_field(d, pt, "overview", "项目概况", "");
    bk_perf_add_field(d, pt, "blank", "空", NULL);
    bk_perf_amount *pa = bk_perf_add_amount(d, pt, "annual", "total", "年度资金总额");
    pa->value.kind = BK_CELL_AMOUNT;
    pa->value.amount = amt(0, 2); /* 0.00, not blank */
    bk_indicator *ind = bk_perf_add_indicator(d, pt, "annual", "产出指标", "数量指标", "救助人数", "≥95%");
    bk_indicator_parse_value(d, ind);
    bk_error err;
    CHECK_INT(write_xml(reg, d, path, &err), BK_OK);
    bk_io_settings s = {0};
    bk_document *back = NULL;
    bk_error_clear(&err);
    CHECK_INT(bk_read_document(reg, path, &s, &back, &err), BK_OK);
    if (!back) {
        fprintf(stderr, "  read back failed: %s\n", err.message);
        bk_document_free(d);
        return;
    }
    /* positions are where things stand in the XML read, not data carried along */
    uint32_t line_208 = 0, n = 0;
    char buf[4096];
    FILE *f = fopen(path, "r");
    while (f && fgets(buf, sizeof buf, f)) {
        n++;
        if (strstr(buf, "<row code=\"208\"")) line_208 = n;
    }
    if (f) fclose(f);
    CHECK(line_208 > 0);
    CHECK_INT(back->tables[0].panels[1].rows[0].pos.line, line_208);
    CHECK_INT(back->tables[0].pos.line, 3);
    CHECK_STR(back->title, "");
    CHECK(back->region == NULL);
    CHECK_INT(back->n_tables, 1);
    const bk_panel *ex = &back->tables[0].panels[1];
    CHECK_INT(ex->rows[0].cells[0].kind, BK_CELL_AMOUNT);
    CHECK_INT(ex->rows[0].cells[0].amount.units, 724719);
    CHECK_INT(ex->rows[0].cells[0].amount.scale, 2);
    CHECK_INT(ex->rows[0].cells[1].kind, BK_CELL_BLANK);
    CHECK_INT(ex->rows[1].cells[0].kind, BK_CELL_BLANK);
    CHECK_STR(ex->rows[1].cells[1].text, "tab\there, newline\nthere, CR\r, quotes \"'<&>, 中文");
    const bk_perf_target *bp = &back->perf_targets[0];
    CHECK_STR(bp->fields[0].value, "");
    CHECK(bp->fields[1].value == NULL);
    CHECK_INT(bp->amounts[0].value.kind, BK_CELL_AMOUNT);
    CHECK_INT(bp->amounts[0].value.amount.scale, 2);
    CHECK_STR(bp->indicators[0].op, "≥");
    CHECK_INT(bp->indicators[0].number.kind, BK_CELL_AMOUNT);
    CHECK_INT(bp->indicators[0].number.amount.units, 95);
    CHECK_STR(bp->indicators[0].unit, "%");
    bk_document_free(back);
    bk_document_free(d);
    unlink(path);
}

int main(void)
{
    bk_registry *reg = registry();
    expect_refused(reg, "bell\x07 here", BK_ERR_VALUE, "control character U+0007 at byte 4");
    expect_refused(reg, "\x1b[31m", BK_ERR_VALUE, "control character U+001B at byte 0");
    expect_refused(reg, "GBK \xb2\xe2\xca\xd4", BK_ERR_ENCODING, "not valid UTF-8 (byte 0xB2 at offset 4)");
    expect_refused(reg, "truncated \xe4\xb8", BK_ERR_ENCODING, "not valid UTF-8");
    expect_refused(reg, "non-character \xef\xbf\xbe", BK_ERR_VALUE, "non-character U+FFFE");
    round_trip(reg);
    bk_registry_free(reg);
    return CHECK_DONE("xml_write_refuse");
}
