/* SPDX-License-Identifier: AGPL-3.0-or-later */
/**
 * @file pdfp_layout.h
 * @brief A page's tables and text lines, rebuilt from its characters and rules.
 *
 * A table is a connected set of horizontal and vertical rules. Its column edges
 * are the x of its vertical rules, its row edges the y of its horizontal rules;
 * two neighbouring bands are one (merged) cell where the rule between them is
 * missing over that band. Each character belongs to the cell that holds its
 * centre; a cell's text is its characters line by line (top to bottom, left to
 * right), wrapped lines joined. Characters outside every table make text lines,
 * split into parts where a wide gap separates them (编制部门… | 单位：元).
 * Plain C over pdfp_page: no MuPDF.
 */
#ifndef BK_PDF_LAYOUT_H
#define BK_PDF_LAYOUT_H

#include "pdf_page.h"

#include <stddef.h>
#include <stdint.h>

/** One (possibly merged) cell: bands r0..r1 × c0..c1, inclusive. */
typedef struct pdfp_tcell {
    uint32_t r0, c0, r1, c1;
    const char *text; /**< UTF-8, NUL-terminated, "" when empty */
    size_t len;
    float x0, y0, x1, y1; /**< box on the page */
} pdfp_tcell;

typedef struct pdfp_table {
    float x0, y0, x1, y1;
    uint32_t n_rows, n_cols;
    pdfp_tcell *cells; /**< by top-left band, row-major */
    size_t n_cells;
} pdfp_table;

/** A part of a text line. */
typedef struct pdfp_part {
    float x0, x1;
    const char *text;
    size_t len;
} pdfp_part;

typedef struct pdfp_tline {
    float x0, y0, x1, y1;
    float size; /**< median character height */
    pdfp_part *parts;
    size_t n_parts;
} pdfp_tline;

typedef struct pdfp_item {
    float y0;
    pdfp_table *table; /**< a table, or */
    pdfp_tline *line;  /**< a text line */
} pdfp_item;

typedef struct pdfp_pool pdfp_pool;

/** What pdfp_layout_page() found, top to bottom. */
typedef struct pdfp_layout {
    pdfp_item *items;
    size_t n_items;
    float text_right; /**< right edge of the page's text block (longest lines) */
    pdfp_pool *pool;  /**< owns everything above */
} pdfp_layout;

/** Limits of one page's layout. */
typedef struct pdfp_layout_limits {
    size_t max_rules; /**< rules per direction that are looked at (beyond: read as text) */
    size_t max_cells; /**< band cells of one table (beyond: the table is read as text) */
} pdfp_layout_limits;

/**
 * Lay out @p page (its rules merged here). @p lim may be NULL (defaults).
 * Returns 0, or -1 when out of memory. *@p tables_dropped counts tables read as
 * text because they broke a limit (may be NULL).
 */
int pdfp_layout_page(pdfp_page *page, const pdfp_layout_limits *lim, pdfp_layout *out, size_t *tables_dropped);

/** Free what pdfp_layout_page() allocated. */
void pdfp_layout_free(pdfp_layout *l);

/** Append the UTF-8 encoding of @p cp to @p buf (room for 4 bytes); returns the bytes written. */
size_t pdfp_utf8_put(char *buf, uint32_t cp);

#endif
