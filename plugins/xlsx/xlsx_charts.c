/* SPDX-License-Identifier: MIT */
/* The disclosure's pie charts, gathered from the document's tables. */
#include "xlsx_charts.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first table (in document order) of the first of @p kinds that has one, and that kind's index. */
static const bk_table *first_table(const bk_document *doc, const char *const *kinds, int below, int *rank)
{
    for (int k = 0; kinds[k] && k < below; k++)
        for (size_t i = 0; i < doc->n_tables; i++)
            if (doc->tables[i].kind && strcmp(doc->tables[i].kind, kinds[k]) == 0 && doc->tables[i].n_panels) {
                *rank = k;
                return &doc->tables[i];
            }
    return NULL;
}

/* The unit of the pie's table, for its title. */
static void pie_title(const bk_table *t, const char *title, char *out, size_t cap)
{
    const char *unit = t && t->unit_label && *t->unit_label ? t->unit_label : NULL;
    if (unit)
        snprintf(out, cap, "%s（单位：%.60s）", title, unit);
    else
        snprintf(out, cap, "%s", title);
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
    if (!label || !cell || cell->kind != BK_CELL_AMOUNT || cell->amount.units <= 0 || p->n >= XLSXP_MAX_SLICES) return;
    set->labels[pie][p->n] = label;
    set->values[pie][p->n] = cell->amount;
    p->n++;
}

static void collect_function_classes(const bk_table *t, xlsxp_pie_set *set, size_t pie)
{
    const bk_panel *p = t ? &t->panels[0] : NULL;
    int col = p ? column_index(p, "total") : -1;
    if (col < 0) return;
    for (size_t r = 0; r < p->n_rows; r++) {
        const bk_row *row = &p->rows[r];
        bool is_class = row->role == BK_ROW_DATA && (row->code ? strlen(row->code) == 3 : row->level == 1);
        if (is_class) add_slice(set, pie, row->name ? row->name : row->code, &row->cells[col]);
    }
}

static void collect_three_public(const bk_table *t, xlsxp_pie_set *set, size_t pie)
{
    static const char *const ITEMS[][2] = {{"travel_abroad", "因公出国（境）费"},
                                           {"reception", "公务接待费"},
                                           {"vehicle_purchase", "公务用车购置费"},
                                           {"vehicle_operation", "公务用车运行维护费"}};
    const bk_panel *p = t ? &t->panels[0] : NULL;
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

static const char *const PIE_TITLES[XLSXP_MAX_PIES] = {"一般公共预算当年拨款结构图", "三公经费分布图"};

/* Pie @p i of @p set from table @p t (NULL: none), labels borrowed from it. */
static void collect_pie(const bk_table *t, size_t i, xlsxp_pie_set *set, size_t slot)
{
    pie_title(t, PIE_TITLES[i], set->titles[slot], sizeof set->titles[0]);
    set->pies[slot] = (xlsxp_pie){.title = set->titles[slot], .labels = set->labels[slot], .values = set->values[slot]};
    if (i == 0)
        collect_function_classes(t, set, slot);
    else
        collect_three_public(t, set, slot);
}

void xlsxp_collect_pies(const bk_document *doc, xlsxp_pie_set *set)
{
    memset(set, 0, sizeof *set);
    for (size_t i = 0; i < XLSXP_MAX_PIES; i++) {
        int rank;
        collect_pie(first_table(doc, i == 0 ? GPE_KINDS : THREE_KINDS, INT_MAX, &rank), i, set, set->n);
        if (set->pies[set->n].n > 0) set->n++;
    }
}

void xlsxp_pie_acc_init(xlsxp_pie_acc *acc)
{
    memset(acc, 0, sizeof *acc);
    for (size_t i = 0; i < XLSXP_MAX_PIES; i++) acc->rank[i] = INT_MAX;
}

static void drop_labels(xlsxp_pie_acc *acc, size_t i)
{
    for (size_t k = 0; k < acc->one[i].pies[0].n; k++) free((char *)acc->one[i].labels[0][k]);
    memset(&acc->one[i], 0, sizeof acc->one[i]);
}

int xlsxp_pie_acc_add(xlsxp_pie_acc *acc, const bk_document *doc)
{
    for (size_t i = 0; i < XLSXP_MAX_PIES; i++) {
        int rank;
        const bk_table *t = first_table(doc, i == 0 ? GPE_KINDS : THREE_KINDS, acc->rank[i], &rank);
        if (!t) continue; /* an earlier batch had a table of this kind or a better one: it stays */
        drop_labels(acc, i);
        acc->rank[i] = rank;
        collect_pie(t, i, &acc->one[i], 0);
        for (size_t k = 0; k < acc->one[i].pies[0].n; k++) /* the batch's tables are freed after it */
            if (!(acc->one[i].labels[0][k] = strdup(acc->one[i].labels[0][k]))) {
                acc->one[i].pies[0].n = k;
                return -1;
            }
    }
    return 0;
}

void xlsxp_pie_acc_result(const xlsxp_pie_acc *acc, xlsxp_pie_set *set)
{
    memset(set, 0, sizeof *set);
    for (size_t i = 0; i < XLSXP_MAX_PIES; i++) {
        const xlsxp_pie_set *one = &acc->one[i];
        if (!one->pies[0].n) continue;
        size_t s = set->n++;
        memcpy(set->titles[s], one->titles[0], sizeof set->titles[0]);
        memcpy(set->labels[s], one->labels[0], sizeof set->labels[0]);
        memcpy(set->values[s], one->values[0], sizeof set->values[0]);
        set->pies[s] = (xlsxp_pie){
            .title = set->titles[s], .n = one->pies[0].n, .labels = set->labels[s], .values = set->values[s]};
    }
}

void xlsxp_pie_acc_free(xlsxp_pie_acc *acc)
{
    for (size_t i = 0; i < XLSXP_MAX_PIES; i++) drop_labels(acc, i);
}
