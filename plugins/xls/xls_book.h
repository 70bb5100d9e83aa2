/* SPDX-License-Identifier: MIT */
/**
 * @file xls_book.h
 * @brief BIFF8 workbooks through libfreexl: every sheet as a grid of text
 *        cells, numbers as exact decimal text (xls_number.h), within the limits.
 *
 * libfreexl 1.0.6 exposes sheet names, dimensions and cell values only: no
 * merged ranges, no number formats, no hidden state. Numbers therefore get the
 * General treatment of the xlsx reader (the shortest decimal that reads back,
 * rounded to `-o decimals=N`, default 2, trailing zeros trimmed).
 */
#ifndef BK_XLS_BOOK_H
#define BK_XLS_BOOK_H

#include <budgetkit/plugin.h>

/**
 * Read every sheet of @p in (a path) into grids, one per non-empty sheet, in
 * order. On success *@p grids is a malloc'd array of *@p n grids; free with
 * xlsp_grids_free(). Errors name the file, sheet and cell.
 */
int xlsp_read_grids(const bk_host *h, const bk_source *in, const bk_options *o, bk_grid ***grids, size_t *n,
                    bk_error *err);
/** Free what xlsp_read_grids() returned. */
void xlsp_grids_free(const bk_host *h, bk_grid **grids, size_t n);

#endif
