/* SPDX-License-Identifier: MIT */
/**
 * @file grid.h
 * @brief A sheet-like grid of text cells with merged ranges and source
 *        positions: the form in which tabular plugins (CSV, XLSX) hand
 *        report-shaped data to the core, and take laid-out tables back.
 *
 * Rows and columns are 0-based; source positions are 1-based.
 * The grid owns copies of all texts. bk_grid_free(NULL) is a no-op.
 */
#ifndef BUDGETKIT_GRID_H
#define BUDGETKIT_GRID_H

#include <budgetkit/export.h>

#include <stddef.h>
#include <stdint.h>
#include <budgetkit/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Cell flags: what the source said about a cell, and layout hints for writers. */
enum {
    BK_GRID_NUMBER = 1u << 0, /**< source stored it as a number (XLSX `<v>` without t="s") */
    BK_GRID_TITLE = 1u << 1,  /**< layout: table title */
    BK_GRID_META = 1u << 2,   /**< layout: 部门名称 / 单位 line */
    BK_GRID_HEADER = 1u << 3, /**< layout: header cell */
    BK_GRID_AMOUNT = 1u << 4, /**< layout: amount cell (text is the decimal, e.g. "8261.00") */
    BK_GRID_CODE = 1u << 5,   /**< layout: classification code (text; keep leading zeros) */
    BK_GRID_TOTAL = 1u << 6,  /**< layout: cell of a total/subtotal row (bold) */
    BK_GRID_NOTE = 1u << 7,   /**< layout: note under the table */
    BK_GRID_NAME = 1u << 8    /**< layout: row name; indent level in bits 12..15 */
};
#define BK_GRID_INDENT_SHIFT  12
#define BK_GRID_INDENT(flags) (((flags) >> BK_GRID_INDENT_SHIFT) & 0xFu)

typedef struct bk_grid_cell {
    const char *text; /**< UTF-8, NUL-terminated; NULL = empty cell */
    uint32_t len;     /**< bytes of text */
    uint32_t flags;   /**< BK_GRID_* */
    bk_pos src;       /**< where it was read: text line/column; a workbook's sheet (the grid's
                           name) and cell; a PDF's page and the cell's box; or all 0 */
} bk_grid_cell;

typedef struct bk_grid_row {
    bk_grid_cell *cells; /**< n_cells entries; trailing empty cells may be missing */
    uint32_t n_cells;
    uint32_t cap_cells; /**< internal */
    bk_pos src;         /**< where the row began (the first cell set); a reader that knows the
                             whole row's extent (a PDF band) may set it: the model row's box is taken from it */
} bk_grid_row;

typedef struct bk_grid_merge {
    uint32_t first_row, first_col, last_row, last_col; /**< inclusive */
} bk_grid_merge;

typedef struct bk_grid {
    const char *name; /**< sheet name or file name, may be NULL */
    bk_grid_row *rows;
    uint32_t n_rows;
    uint32_t n_cols; /**< widest row */
    bk_grid_merge *merges;
    size_t n_merges;
    size_t cap_rows, cap_merges; /**< internal */
    struct bk_arena *arena;      /**< internal */
} bk_grid;

/** New empty grid named @p name (copied, may be NULL). Caller frees with bk_grid_free(). */
BK_API bk_grid *bk_grid_new(const char *name);
/** Free. NULL is a no-op. */
BK_API void bk_grid_free(bk_grid *g);
/**
 * Set cell (row, col) to @p len bytes of @p text (copied; need not be
 * NUL-terminated). Rows and cells in between are created empty.
 */
BK_API int bk_grid_set(bk_grid *g, uint32_t row, uint32_t col, const char *text, size_t len, uint32_t flags,
                       bk_pos src);
/** Append a merged range (inclusive). */
BK_API int bk_grid_add_merge(bk_grid *g, uint32_t first_row, uint32_t first_col, uint32_t last_row, uint32_t last_col);
/** Cell or NULL if it is outside the grid or empty. Borrowed. */
BK_API const bk_grid_cell *bk_grid_get(const bk_grid *g, uint32_t row, uint32_t col);
/** Text of a cell, or "" if empty. Borrowed. */
BK_API const char *bk_grid_text(const bk_grid *g, uint32_t row, uint32_t col);

#ifdef __cplusplus
}
#endif
#endif
