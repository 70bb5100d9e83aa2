/* SPDX-License-Identifier: MIT */
/**
 * @file recognize.h
 * @brief The table recognizer: report-shaped grids → canonical tables,
 *        and its inverse, the official layout of a table as a grid.
 *
 * One recognizer serves every tabular reader (CSV/TSV text, XLSX sheets):
 * it finds titles, 部门名称/单位 lines, header blocks, maps header text to
 * column keys through the table definitions (definitions.h), reads codes,
 * names and amounts, and recovers row hierarchy. Whatever it cannot place
 * becomes a warning with its position, never a silent drop.
 */
#ifndef BUDGETKIT_RECOGNIZE_H
#define BUDGETKIT_RECOGNIZE_H

#include <budgetkit/export.h>

#include <budgetkit/grid.h>
#include <budgetkit/model.h>
#include <budgetkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Recognize everything in @p grids (in order: one grid per file or sheet)
 * and append it to @p doc: tables, performance-target forms, text sections
 * and document facts. Warnings go to @p diags (may be NULL).
 */
BK_API int bk_recognize(bk_document *doc, const bk_grid *const *grids, size_t n_grids, bk_diags *diags, bk_error *err);

/**
 * Lay @p table out as printed in the official form: title, 部门名称/单位
 * line, the multi-row header with merged ranges, then the rows, each cell
 * carrying BK_GRID_* layout flags. Appends to @p out from row @p first_row;
 * on return *@p next_row is the first free row.
 */
BK_API int bk_layout_table(const bk_table *table, bk_grid *out, uint32_t first_row, uint32_t *next_row, bk_error *err);

/** Lay a performance-target form out as printed. Same contract as bk_layout_table(). */
BK_API int bk_layout_perf_target(const bk_perf_target *p, bk_grid *out, uint32_t first_row, uint32_t *next_row,
                                 bk_error *err);

/**
 * Where bk_layout_table() (from row 0) puts the figure of row @p row, column
 * @p column of panel @p panel: *@p grid_row, *@p grid_col. @p column -1 is the
 * row's name cell; @p row -1 the panel's last header row. BK_OK, or
 * BK_ERR_NOT_FOUND for indices outside the table. (The annotated workbook puts
 * a finding on the cell that printed its figure.)
 */
BK_API int bk_layout_table_cell(const bk_table *table, size_t panel, int32_t row, int32_t column, uint32_t *grid_row,
                                uint32_t *grid_col);

/** Where bk_layout_perf_target() (from row 0) puts amount @p amount of the form. Same contract. */
BK_API int bk_layout_perf_amount_cell(const bk_perf_target *p, size_t amount, uint32_t *grid_row, uint32_t *grid_col);

#ifdef __cplusplus
}
#endif
#endif
