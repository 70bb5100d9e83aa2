/* SPDX-License-Identifier: AGPL-3.0-or-later */
/**
 * @file pdfp_emit.h
 * @brief Laid-out pages → one grid in the line structure the text reader hands
 *        the recognizer: text lines as rows (a wrapped paragraph joined into one
 *        row, parts of a line in columns), each table's band rows as rows with
 *        its cells in their columns (a merged cell's text at its top-left, the
 *        merge recorded), the header a continued table repeats at the top of the
 *        next page dropped, and the contents (目录) pages kept apart as text.
 *        Positions: the page and the box (1/100 pt, top-left origin) of each cell,
 *        text part and paragraph (on its first page); a band row's grid row gets
 *        the box of the whole band.
 */
#ifndef BK_PDF_EMIT_H
#define BK_PDF_EMIT_H

#include "pdf_layout.h"

#include <budgetkit/plugin.h>

typedef struct pdfp_emit pdfp_emit;

/** New emitter writing to a new grid named @p name. NULL when out of memory. */
pdfp_emit *pdfp_emit_new(const bk_host *h, const bk_limits *limits, const char *name);
/** Free (the grid too, unless taken). */
void pdfp_emit_free(pdfp_emit *e);
/** Add one page's layout. Returns ::bk_status (limit errors name the page). */
int pdfp_emit_page(pdfp_emit *e, uint32_t page, const pdfp_layout *l, bk_error *err);
/** End the last paragraph. Returns ::bk_status. */
int pdfp_emit_finish(pdfp_emit *e, bk_error *err);
/** The grid built so far (owned by the emitter). */
const bk_grid *pdfp_emit_grid(const pdfp_emit *e);
/** The contents pages' text ("\n" between lines, "\t" before a page number), or NULL; its first page
 *  and the box of its lines there. */
const char *pdfp_emit_contents(const pdfp_emit *e, uint32_t *page, bk_box *box);
/** Where each line of the contents text was read (its page and box), @p n of them. */
const bk_pos *pdfp_emit_contents_pos(const pdfp_emit *e, size_t *n);
/** The cover (page 1 without tables): its lines joined, or NULL. */
const char *pdfp_emit_cover(const pdfp_emit *e);
/** Paragraphs joined across a page break so far. */
size_t pdfp_emit_joined_pages(const pdfp_emit *e);
/** Tables emitted. */
size_t pdfp_emit_tables(const pdfp_emit *e);

#endif
