/* SPDX-License-Identifier: MIT */
/* The figures layout: one row per printed amount, only the columns an analyst needs. */
#include "csv_layouts.h"

#include <stdio.h>
#include <string.h>

static const char *const CSVP_FIGURE_COLS[] = {
    "department", "year",       "table_kind",   "table_title", "row_code",
    "row_name",   "column_key", "column_label", "value",       "unit",
};

/* The unit as printed in Chinese tables (万元/元); empty when the table does not say. */
static const char *unit_text(bk_unit_kind u)
{
    return u == BK_UNIT_WAN_YUAN ? "万元" : u == BK_UNIT_YUAN ? "元" : NULL;
}

typedef struct csvp_figure {
    const char *department, *kind, *title, *code, *name, *key, *label, *unit;
    bk_amount value;
} csvp_figure;

static void figure_emit(csvp_out *w, const bk_host *h, const char *year, const csvp_figure *f)
{
    char amt[BK_AMOUNT_TEXT_MAX];
    if (!h->amount_format(f->value, amt, sizeof amt)) return;
    csvp_out_str(w, f->department);
    csvp_out_str(w, year);
    csvp_out_str(w, f->kind);
    csvp_out_str(w, f->title);
    csvp_out_str(w, f->code);
    csvp_out_str(w, f->name);
    csvp_out_str(w, f->key);
    csvp_out_str(w, f->label);
    csvp_out_str(w, amt);
    csvp_out_str(w, f->unit);
    csvp_out_eol(w);
}

static void figures_table(csvp_out *w, const bk_host *h, const bk_document *doc, const char *year, const bk_table *t)
{
    csvp_figure f = {.department = t->department ? t->department : doc->department_name,
                     .kind = t->kind,
                     .title = t->title,
                     .unit = unit_text(t->unit)};
    for (size_t p = 0; p < t->n_panels; p++) {
        const bk_panel *pa = &t->panels[p];
        for (size_t i = 0; i < pa->n_rows && !w->status; i++) {
            const bk_row *row = &pa->rows[i];
            for (size_t c = 0; c < pa->n_columns; c++) {
                if (row->cells[c].kind != BK_CELL_AMOUNT) continue; /* blank stays absent, text is no figure */
                f.code = row->code;
                f.name = row->name;
                f.key = pa->columns[c].key;
                f.label = pa->columns[c].label;
                f.value = row->cells[c].amount;
                figure_emit(w, h, year, &f);
            }
        }
    }
}

/* A form's funding amounts: kind perf.department / perf.project, the group as the row. */
static void figures_form(csvp_out *w, const bk_host *h, const bk_document *doc, const char *year,
                         const bk_perf_target *p)
{
    csvp_figure f = {.department = doc->department_name,
                     .kind = p->kind == BK_PERF_DEPARTMENT ? "perf.department" : "perf.project",
                     .title = p->title,
                     .unit = unit_text(p->unit)};
    for (size_t i = 0; i < p->n_amounts && !w->status; i++) {
        const bk_perf_amount *a = &p->amounts[i];
        if (a->value.kind != BK_CELL_AMOUNT) continue;
        f.name = a->group;
        f.key = a->key;
        f.label = a->label;
        f.value = a->value.amount;
        figure_emit(w, h, year, &f);
    }
}

int csvp_figures_write(const bk_host *h, const bk_document *doc, csvp_out *w, bk_error *err)
{
    (void)err;
    char year[16] = "";
    if (doc->fiscal_year) snprintf(year, sizeof year, "%d", (int)doc->fiscal_year);
    for (size_t i = 0; i < sizeof CSVP_FIGURE_COLS / sizeof *CSVP_FIGURE_COLS; i++)
        csvp_out_str(w, CSVP_FIGURE_COLS[i]);
    csvp_out_eol(w);
    for (size_t i = 0; i < doc->n_tables && !w->status; i++) figures_table(w, h, doc, year, &doc->tables[i]);
    for (size_t i = 0; i < doc->n_perf_targets && !w->status; i++) figures_form(w, h, doc, year, &doc->perf_targets[i]);
    return w->status;
}
