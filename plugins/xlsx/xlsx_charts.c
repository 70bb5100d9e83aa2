/* SPDX-License-Identifier: MIT */
/* The disclosure's pie charts, gathered from the document's tables. */
#include "xlsx_charts.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const bk_table *first_table(const bk_document *doc, const char *const *kinds)
{
    for (const char *const *k = kinds; *k; k++)
        for (size_t i = 0; i < doc->n_tables; i++)
            if (doc->tables[i].kind && strcmp(doc->tables[i].kind, *k) == 0 && doc->tables[i].n_panels)
                return &doc->tables[i];
    return NULL;
}

static const bk_panel *first_panel(const bk_document *doc, const char *const *kinds)
{
    const bk_table *t = first_table(doc, kinds);
    return t ? &t->panels[0] : NULL;
}

/* The unit of the pie's table, for its title. */
static void pie_title(const bk_document *doc, const char *const *kinds, const char *title, char *out, size_t cap)
{
    const bk_table *t = first_table(doc, kinds);
    const char *unit = t && t->unit_label && *t->unit_label ? t->unit_label : NULL;
    if (unit) snprintf(out, cap, "%s（单位：%.60s）", title, unit);
    else snprintf(out, cap, "%s", title);
}

static const char *const GPE_KINDS[] = {"budget.general_public_expense", "final.general_public_expense", NULL};
static const char *const THREE_KINDS[] = {"budget.three_public", "budget.three_public_columns", "final.three_public",
                                          NULL};

static int column_index(const bk_panel *p, const char *key)
{
    for (size_t i = 0; i < p->n_columns; i++)
        if (p->columns[i].key && strcmp(p->columns[i].key, key) == 0) return (int)i;
    for (size_t i = 0; key && strcmp(key, "total") == 0 && i < p->n_columns; i++)
        if (p->columns[i].type == BK_CELL_AMOUNT) return (int)i; /* no "total": the first amount column */
    return -1;
}

/* Append a slice if the cell holds a positive amount (a pie has no room for blanks or negatives). */
static void add_slice(xlsxp_pie_set *set, size_t pie, const char *label, const bk_cell *cell)
{
    xlsxp_pie *p = &set->pies[pie];
    if (!label || !cell || cell->kind != BK_CELL_AMOUNT || cell->amount.units <= 0 || p->n >= XLSXP_MAX_SLICES)
        return;
    set->labels[pie][p->n] = label;
    set->values[pie][p->n] = cell->amount;
    p->n++;
}

static void collect_function_classes(const bk_document *doc, xlsxp_pie_set *set, size_t pie)
{
    const bk_panel *p = first_panel(doc, GPE_KINDS);
    int col = p ? column_index(p, "total") : -1;
    if (col < 0) return;
    for (size_t r = 0; r < p->n_rows; r++) {
        const bk_row *row = &p->rows[r];
        bool is_class = row->role == BK_ROW_DATA &&
                        (row->code ? strlen(row->code) == 3 : row->level == 1);
        if (is_class) add_slice(set, pie, row->name ? row->name : row->code, &row->cells[col]);
    }
}

static void collect_three_public(const bk_document *doc, xlsxp_pie_set *set, size_t pie)
{
    static const char *const ITEMS[][2] = {{"travel_abroad", "因公出国（境）费"},
                                           {"reception", "公务接待费"},
                                           {"vehicle_purchase", "公务用车购置费"},
                                           {"vehicle_operation", "公务用车运行维护费"}};
    const bk_panel *p = first_panel(doc, THREE_KINDS);
    if (!p) return;
    int total = column_index(p, "total");
    size_t before = set->pies[pie].n;
    for (size_t i = 0; total >= 0 && i < sizeof ITEMS / sizeof ITEMS[0]; i++) /* items as rows */
        for (size_t r = 0; r < p->n_rows; r++)
            if (p->rows[r].key && strcmp(p->rows[r].key, ITEMS[i][0]) == 0)
                add_slice(set, pie, ITEMS[i][1], &p->rows[r].cells[total]);
    if (set->pies[pie].n != before || p->n_rows == 0) return;
    const bk_row *row = &p->rows[0]; /* items as columns of one data row; 决算 tables: the actual figures */
    for (size_t i = 0; i < sizeof ITEMS / sizeof ITEMS[0]; i++) {
        char actual[64];
        snprintf(actual, sizeof actual, "actual_%s", ITEMS[i][0]);
        int c = column_index(p, actual);
        if (c < 0) c = column_index(p, ITEMS[i][0]);
        if (c >= 0) add_slice(set, pie, ITEMS[i][1], &row->cells[c]);
    }
}

void xlsxp_collect_pies(const bk_document *doc, xlsxp_pie_set *set)
{
    memset(set, 0, sizeof *set);
    static const char *const TITLES[XLSXP_MAX_PIES] = {"一般公共预算当年拨款结构图", "三公经费分布图"};
    for (size_t i = 0; i < XLSXP_MAX_PIES; i++) {
        pie_title(doc, i == 0 ? GPE_KINDS : THREE_KINDS, TITLES[i], set->titles[set->n], sizeof set->titles[0]);
        set->pies[set->n] = (xlsxp_pie){.title = set->titles[set->n], .labels = set->labels[set->n],
                                        .values = set->values[set->n]};
        if (i == 0) collect_function_classes(doc, set, set->n);
        else collect_three_public(doc, set, set->n);
        if (set->pies[set->n].n > 0) set->n++;
    }
}
