/* SPDX-License-Identifier: MIT */
/* The json plugin reads the full fixture into the model that the fixture
 * describes, value for value, and writes it back byte for byte. */
#include <budgetkit/io.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *q = realloc(buf, cap);
            if (!q) break;
            buf = q;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

static const char *amount_text(bk_cell c, char *buf, size_t cap)
{
    if (c.kind != BK_CELL_AMOUNT) return c.kind == BK_CELL_BLANK ? "(blank)" : "(text)";
    bk_amount_format(c.amount, buf, cap);
    return buf;
}

static void check_model(const bk_document *d)
{
    char b[BK_AMOUNT_TEXT_MAX];
    CHECK_INT(d->fiscal_year, 2024);
    CHECK_INT(d->kind, BK_DOC_BUDGET);
    CHECK_STR(d->department_code, "305");
    CHECK_STR(d->department_name, "忻州市民政局");
    CHECK_INT(d->n_units, 2);
    if (d->n_units == 2) {
        CHECK(d->units[1].code == NULL);
        CHECK_STR(d->units[1].type, "事业单位");
    }
    CHECK_INT(d->n_tables, 3);
    if (d->n_tables != 3) return;
    const bk_table *t = &d->tables[0];
    CHECK_STR(t->kind, "budget.summary");
    CHECK_STR(t->number_label, "预算公开表1");
    CHECK_INT(t->unit, BK_UNIT_WAN_YUAN);
    CHECK_INT(t->scale, 2);
    CHECK(t->note == NULL);
    CHECK_INT(t->n_panels, 2);
    const bk_panel *inc = bk_table_find_panel(t, "income");
    const bk_panel *exp = bk_table_find_panel(t, "expense");
    CHECK(inc && exp);
    if (inc && exp) {
        CHECK(inc->code_label == NULL);
        CHECK_STR(inc->name_label, "项目");
        CHECK_INT(inc->n_rows, 2);
        CHECK_STR(amount_text(inc->rows[1].cells[0], b, sizeof b), "8261.00");
        CHECK_INT(inc->rows[1].cells[0].amount.units, 826100);
        CHECK_INT(inc->rows[1].role, BK_ROW_TOTAL);
        CHECK_STR(inc->rows[0].key, "general_public");
        CHECK_INT(exp->n_columns, 2);
        CHECK_STR(exp->columns[1].key, "current");
        CHECK_STR(exp->columns[1].label, "当年预算安排");
        CHECK_STR(exp->rows[0].code, "208");
        CHECK_INT(exp->rows[0].flags, BK_ROW_CODE_DERIVED);
        CHECK_STR(amount_text(exp->rows[0].cells[0], b, sizeof b), "7247.19");
        CHECK_INT(exp->rows[0].cells[1].kind, BK_CELL_BLANK); /* null is blank, not 0 */
        CHECK_STR(amount_text(exp->rows[1].cells[0], b, sizeof b), "-0.50");
        CHECK_STR(amount_text(exp->rows[1].cells[1], b, sizeof b), "0"); /* 0 is an amount */
        CHECK_INT(exp->rows[0].pos.line, 48);                            /* rows remember their line in the JSON file */
    }
    t = &d->tables[1];
    CHECK_STR(t->kind, "custom");
    CHECK_STR(t->note, "注：本表无数据\n第二行 \"引号\" \\ 反斜杠\t制表");
    CHECK_INT(t->unit, BK_UNIT_YUAN);
    if (t->n_panels == 1 && t->panels[0].n_rows == 2) {
        const bk_panel *p = &t->panels[0];
        CHECK_INT(p->columns[0].type, BK_CELL_TEXT);
        CHECK_STR(p->rows[0].code, "0208"); /* leading zero kept */
        CHECK_INT(p->rows[0].cells[0].kind, BK_CELL_TEXT);
        CHECK_STR(p->rows[0].cells[0].text, "文字");
        CHECK_STR(amount_text(p->rows[0].cells[1], b, sizeof b), "1830000");
        CHECK_INT(p->rows[1].parent, 0);
        CHECK_INT(p->rows[1].role, BK_ROW_SUBTOTAL);
        CHECK(p->rows[1].name == NULL);
        CHECK_INT(p->rows[1].cells[1].amount.scale, 6);
        CHECK_INT(p->rows[1].cells[1].amount.units, 1);
    } else {
        CHECK(!"custom table shape");
    }
    CHECK_INT(d->tables[2].n_panels, 0);
    CHECK_INT(d->n_perf_targets, 2);
    if (d->n_perf_targets == 2) {
        const bk_perf_target *p = &d->perf_targets[0];
        CHECK_INT(p->kind, BK_PERF_PROJECT);
        CHECK_STR(p->period_label, "（2024）年度");
        CHECK_INT(p->n_fields, 2);
        CHECK_STR(p->fields[0].value, "补充生活救助资金");
        CHECK(p->fields[1].value == NULL);
        CHECK_INT(p->n_amounts, 2);
        CHECK_STR(amount_text(p->amounts[0].value, b, sizeof b), "900000");
        CHECK_INT(p->amounts[1].value.kind, BK_CELL_BLANK);
        CHECK_INT(p->n_tasks, 1);
        CHECK_INT(p->n_indicators, 2);
        CHECK_STR(p->indicators[0].op, "≥");
        CHECK_STR(p->indicators[0].unit, "%");
        CHECK_STR(amount_text(p->indicators[0].number, b, sizeof b), "95");
        CHECK_INT(p->indicators[1].number.kind, BK_CELL_BLANK);
        CHECK(p->indicators[1].period == NULL);
        CHECK_INT(d->perf_targets[1].kind, BK_PERF_DEPARTMENT);
    }
    CHECK_INT(d->n_sections, 2);
    if (d->n_sections == 2) {
        CHECK(d->sections[0].text == NULL);
        CHECK_STR(d->sections[1].text, "第一段\n第二段");
        CHECK_INT(d->sections[1].level, 2);
    }
}

/* The writer refuses what it could not read back, with the JSON path, and leaves no file. */
static void check_write_errors(const bk_registry *r)
{
    bk_document *d = bk_document_new();
    bk_table *t = bk_document_add_table(d, "custom", "t");
    bk_panel *p = bk_table_add_panel(d, t, "main", NULL);
    bk_panel_add_column(d, p, "a", NULL, BK_CELL_AMOUNT);
    bk_panel_add_row(d, p, "1", "ok");
    bk_row *row = bk_panel_add_row(d, p, "2", "bad \xff name");
    bk_cell_set_amount(&row->cells[0], (bk_amount){1, 2});
    const char *out = "/tmp/bk-json-write-error.json";
    unlink(out);
    bk_io_settings s = {.format = "json"};
    bk_error err;
    bk_error_clear(&err);
    CHECK_INT(bk_write_document(r, d, out, &s, &err), BK_ERR_ENCODING);
    CHECK_STR(err.context, "document.tables[0].panels[0].rows[1].name");
    CHECK(access(out, F_OK) != 0);
    row->name = bk_document_strdup(d, "fine", (size_t)-1);
    bk_cell_set_amount(&row->cells[0], (bk_amount){123456789, 8}); /* more decimals than the reader takes */
    bk_error_clear(&err);
    CHECK_INT(bk_write_document(r, d, out, &s, &err), BK_ERR_VALUE);
    CHECK_STR(err.context, "document.tables[0].panels[0].rows[1].cells[0]");
    CHECK(access(out, F_OK) != 0);
    bk_cell_set_amount(&row->cells[0], (bk_amount){123456789, 6});
    bk_error_clear(&err);
    CHECK_INT(bk_write_document(r, d, out, &s, &err), BK_OK);
    unlink(out);
    bk_document_free(d);
}

int main(void)
{
    bk_error err;
    bk_error_clear(&err);
    bk_registry *r = bk_registry_new();
    CHECK(bk_registry_load_default(r, NULL, &err) == BK_OK);
    CHECK(bk_registry_find(r, "json", NULL) != NULL);
    bk_document *d = NULL;
    int rc = bk_read_document(r, "data/full.json", NULL, &d, &err);
    if (rc) fprintf(stderr, "%s:%u:%u: %s %s\n", err.file, err.line, err.column, err.context, err.message);
    CHECK_INT(rc, BK_OK);
    if (d) {
        check_model(d);
        /* written back: the same bytes */
        char out[] = "/tmp/bk-json-model-XXXXXX.json";
        int fd = mkstemps(out, 5);
        CHECK(fd >= 0);
        if (fd >= 0) {
            close(fd);
            bk_io_settings s = {.format = "json"};
            CHECK_INT(bk_write_document(r, d, out, &s, &err), BK_OK);
            size_t la = 0, lb = 0;
            char *a = slurp("data/full.json", &la), *bb = slurp(out, &lb);
            CHECK(a && bb && la == lb && memcmp(a, bb, la) == 0);
            free(a);
            free(bb);
            unlink(out);
        }
    }
    bk_document_free(d);
    check_write_errors(r);
    bk_registry_free(r);
    return CHECK_DONE("json_model");
}
