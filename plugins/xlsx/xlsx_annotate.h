/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_annotate.h
 * @brief `validate --annotate`: where each finding of a ::bk_findings lands in the
 *        publication workbook (the laid-out grid cell of its printed figure, the
 *        情况说明 paragraph that quotes a text finding), the marks the writer turns
 *        into fills and comments, and the rows of the 检查结果 sheet.
 *
 * The cell of a table finding is its own table, panel, row and column (the printed
 * cell, blank or not); else its first figure (bk_finding.cells[0]); a form finding's
 * is its first figure. The core's layout says where
 * the figure is (h->layout_table_cell, h->layout_perf_amount_cell), so nothing of
 * the layout is copied here.
 */
#ifndef BK_XLSX_ANNOTATE_H
#define BK_XLSX_ANNOTATE_H

#include <budgetkit/plugin.h>
#include <budgetkit/validate.h>
#include <stdbool.h>

/** What a finding is on. */
typedef enum { XLSXP_ON_NONE, XLSXP_ON_TABLE, XLSXP_ON_FORM, XLSXP_ON_SECTION } xlsxp_on;

/** One finding's place: the item (table, form or section index) and its grid cell. */
typedef struct xlsxp_loc {
    xlsxp_on on;
    size_t index;
    bool located; /**< row/col are a grid cell of the item's sheet */
    uint32_t row, col;
    /* filled by the writer once the sheet is written */
    bool placed;
    size_t sheet; /**< the writer's sheet number */
    uint32_t sheet_row, sheet_col;
} xlsxp_loc;

/** A finding on a grid cell, for the writer. */
typedef struct xlsxp_mark {
    uint32_t row, col;
    size_t finding; /**< index in bk_findings.items */
} xlsxp_mark;

/** The findings of one document and their places. */
typedef struct xlsxp_annot {
    const bk_findings *fs;
    xlsxp_loc *loc; /**< fs->count entries */
} xlsxp_annot;

/** Locate every finding of @p fs in @p doc (sections later, on their grid). */
int xlsxp_annot_init(const bk_host *h, const bk_document *doc, const bk_findings *fs, xlsxp_annot *a, bk_error *err);
void xlsxp_annot_free(xlsxp_annot *a);

/**
 * Put the text findings on the 情况说明 grid @p g: the paragraph row of their section
 * (heading row @p heading_rows[i] for section i) that holds the sentence they quote,
 * else the heading.
 */
void xlsxp_annot_locate_sections(xlsxp_annot *a, const bk_grid *g, const uint32_t *heading_rows, size_t n);

/** The marks of item (@p on, @p index), in a new array (*@p out, caller frees; NULL when none). */
int xlsxp_annot_marks(const xlsxp_annot *a, xlsxp_on on, size_t index, xlsxp_mark **out, size_t *n);

/** 错误 / 警告 / 舍入 for a severity. */
const char *xlsxp_severity_label(bk_finding_severity s);

/** The printed header of a finding's column (its label), or its key, or "". */
const char *xlsxp_finding_column(const bk_document *doc, const bk_finding *f);

/**
 * Where the input printed what @p f is about, for the 原文位置 column beside the link to the
 * workbook cell: "page 4 [56.7 120 300.25 132]" for a PDF (the figure's or the paragraph's box),
 * "表3!B36" for a workbook, "line 120" for a text file; "" when unknown. Returns @p buf.
 */
char *xlsxp_finding_source(const bk_host *h, const bk_finding *f, char *buf, size_t cap);

#endif
