/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_charts.h
 * @brief The charts a disclosure describes, gathered from the document:
 *        一般公共预算当年拨款结构图 (pie by 类 of 一般公共预算支出表) and
 *        三公经费分布图 (pie of the 三公 items).
 */
#ifndef BK_XLSX_CHARTS_H
#define BK_XLSX_CHARTS_H

#include "xlsx_write.h"

#define XLSXP_MAX_PIES   2
#define XLSXP_MAX_SLICES 64

/** Storage for the pies of one document (labels borrowed from the document). */
typedef struct xlsxp_pie_set {
    xlsxp_pie pies[XLSXP_MAX_PIES];
    size_t n;
    const char *labels[XLSXP_MAX_PIES][XLSXP_MAX_SLICES];
    bk_amount values[XLSXP_MAX_PIES][XLSXP_MAX_SLICES];
    char titles[XLSXP_MAX_PIES][160]; /**< the title with the table's unit: "…结构图（单位：万元）" */
} xlsxp_pie_set;

/** Collect the pies @p doc has data for (none if the tables are missing or empty). */
void xlsxp_collect_pies(const bk_document *doc, xlsxp_pie_set *set);

/** The pies of a document whose tables arrive in batches (table streaming): the table each pie is
 *  drawn from is the one xlsxp_collect_pies() would take from the whole document (the first of the
 *  first kind); its labels are copied, the batch being freed after it. */
typedef struct xlsxp_pie_acc {
    xlsxp_pie_set one[XLSXP_MAX_PIES]; /**< pie i in one[i].pies[0], its labels owned */
    int rank[XLSXP_MAX_PIES];          /**< the index of the kind it was drawn from, INT_MAX: none yet */
} xlsxp_pie_acc;

void xlsxp_pie_acc_init(xlsxp_pie_acc *acc);
/** Look at one batch of tables. Returns 0, or -1 when out of memory. */
int xlsxp_pie_acc_add(xlsxp_pie_acc *acc, const bk_document *doc);
/** The pies so far, as xlsxp_collect_pies() gives them (labels borrowed from @p acc). */
void xlsxp_pie_acc_result(const xlsxp_pie_acc *acc, xlsxp_pie_set *set);
void xlsxp_pie_acc_free(xlsxp_pie_acc *acc);

#endif
