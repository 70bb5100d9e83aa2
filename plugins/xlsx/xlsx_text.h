/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_text.h
 * @brief The document's facts and free text in the publication workbook:
 *        a first sheet `封面` (title, department, year, the budget units) and a
 *        sheet `情况说明` (each section's heading and its paragraphs), laid out as
 *        grids for the engine (xlsx_write) and read back from the grids of a
 *        workbook (xlsx_read), so that JSON → XLSX → JSON keeps the whole document.
 */
#ifndef BK_XLSX_TEXT_H
#define BK_XLSX_TEXT_H

#include <budgetkit/plugin.h>
#include <stdbool.h>

/** Sheet names of the two text sheets. */
#define XLSXP_COVER_SHEET    "封面"
#define XLSXP_SECTIONS_SHEET "情况说明"

/** Lay out the cover (title, facts, budget units). Caller frees with h->grid_free(). NULL on OOM. */
bk_grid *xlsxp_cover_grid(const bk_host *h, const bk_document *doc);
/**
 * Lay out the sections as a page; NULL on OOM (check doc->n_sections first: no sections, no sheet).
 * Column A prints each heading (flagged NAME|TOTAL, its level in the indent bits) and one row per
 * paragraph; the hidden column B holds a heading's level, and a hidden header row
 * (标题与正文 | 级次 | 原文) names the columns. The source's 目录 (its page numbers are the PDF's)
 * prints @p sheets, this workbook's sheets, and keeps its own lines in the hidden column C (its
 * heading marked 原文 there). @p heading_rows (doc->n_sections entries, may be NULL) receives
 * each section's heading row.
 */
bk_grid *xlsxp_sections_grid(const bk_host *h, const bk_document *doc, uint32_t *heading_rows,
                             const char *const *sheets, size_t n_sheets);

/** True if @p g is one of our text sheets (its name and its header row say so). */
bool xlsxp_is_text_grid(const bk_grid *g);
/**
 * Read a text sheet back into @p doc: the cover sets the title and the units (and the facts
 * the tables did not give), 情况说明 appends the sections. Errors name the sheet and row.
 */
int xlsxp_read_text_grid(const bk_host *h, const bk_grid *g, bk_document *doc, bk_error *err);

#endif
