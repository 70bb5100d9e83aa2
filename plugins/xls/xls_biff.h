/* SPDX-License-Identifier: MIT */
/**
 * @file xls_biff.h
 * @brief What libfreexl 1.0.6 does not expose, read from the BIFF8 records
 *        of the Workbook stream: each sheet's name, kind and hidden state,
 *        its merged ranges (MERGEDCELLS), and the decimals the number format
 *        of each numeric cell shows (XF → FORMAT), so that numbers print as
 *        the sheet prints them, as the xlsx reader does.
 *
 * Records are bounds-checked one by one; an embedded chart's nested BOF/EOF
 * is skipped. Counts are bounded by the limits (sheets: limit.tables,
 * cells and merges: limit.cells).
 */
#ifndef BK_XLS_BIFF_H
#define BK_XLS_BIFF_H

#include <budgetkit/plugin.h>

/** One numeric cell (NUMBER, RK, MULRK, FORMULA) and the decimals its format shows. */
typedef struct xlsp_numfmt_cell {
    uint32_t row;
    uint16_t col;
    int8_t decimals; /**< XLSP_NO_DECIMALS (-1) for General, dates, text formats */
} xlsp_numfmt_cell;

typedef struct xlsp_biff_sheet {
    char *name;      /**< UTF-8 */
    int hidden;      /**< 0 visible, 1 hidden, 2 very hidden */
    int type;        /**< 0 worksheet, 2 chart, 6 VB module … (BOUNDSHEET dt) */
    uint32_t offset; /**< of its BOF in the stream */
    bk_grid_merge *merges;
    size_t n_merges;
    xlsp_numfmt_cell *cells; /**< sorted by row, column */
    size_t n_cells;
} xlsp_biff_sheet;

/** A substream nested in a sheet (an embedded chart: BOF … EOF), by stream offsets. */
typedef struct xlsp_biff_range {
    size_t begin; /**< offset of its BOF record */
    size_t end;   /**< offset just past its EOF record */
} xlsp_biff_range;

typedef struct xlsp_biff {
    xlsp_biff_sheet *sheets; /**< in BOUNDSHEET order */
    size_t n_sheets;
    xlsp_biff_range *embedded; /**< the embedded charts of every sheet, in stream order */
    size_t n_embedded;
} xlsp_biff;

/** Read the sheets, merges and number formats of the Workbook stream @p s (@p n bytes). */
int xlsp_biff_read(const bk_host *h, const bk_limits *limits, const unsigned char *s, size_t n, xlsp_biff *out,
                   bk_error *err);
/** Free. */
void xlsp_biff_free(xlsp_biff *b);
/**
 * The offsets of every record header (type, length) in [@p begin, @p end) of stream @p s:
 * calls @p fn(ctx, offset) for each; stops at the first non-zero return (returned).
 */
int xlsp_biff_each_record(const unsigned char *s, size_t n, size_t begin, size_t end,
                          int (*fn)(void *ctx, size_t offset), void *ctx);
/** The sheet named @p name, or NULL. */
const xlsp_biff_sheet *xlsp_biff_sheet_named(const xlsp_biff *b, const char *name);
/** Decimals shown by the cell (row, col) of @p sh, or XLSP_NO_DECIMALS when it is not known. */
int xlsp_biff_decimals(const xlsp_biff_sheet *sh, uint32_t row, uint16_t col);

#endif
