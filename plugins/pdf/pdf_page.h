/* SPDX-License-Identifier: AGPL-3.0-or-later */
/**
 * @file pdfp_page.h
 * @brief One PDF page as the table builder needs it: characters with their
 *        boxes and the horizontal and vertical ruling lines. Plain C, no MuPDF:
 *        pdfp_mupdf.c fills it, pdfp_layout.c reads it (and the tests build pages by hand).
 *
 * Coordinates are PDF points in the page's display space (rotation applied),
 * y growing downwards.
 */
#ifndef BK_PDF_PAGE_H
#define BK_PDF_PAGE_H

#include <stddef.h>
#include <stdint.h>

/** One character and its box. */
typedef struct pdfp_char {
    uint32_t cp;          /**< Unicode code point */
    float x0, y0, x1, y1; /**< box */
} pdfp_char;

/** A ruling segment: horizontal (pos = y, a..b = x) or vertical (pos = x, a..b = y). */
typedef struct pdfp_seg {
    float pos, a, b;
} pdfp_seg;

/** A page's content. */
typedef struct pdfp_page {
    uint32_t number; /**< 1-based */
    float width, height;
    pdfp_char *chars;
    size_t n_chars, cap_chars;
    pdfp_seg *h, *v; /**< horizontal and vertical rules */
    size_t n_h, n_v, cap_h, cap_v;
    size_t max_items; /**< bound on characters and on rules of each direction */
    int over;         /**< set once max_items was reached (the rest is dropped) */
} pdfp_page;

/** Empty page numbered @p number that keeps at most @p max_items characters and rules per direction. */
void pdfp_page_init(pdfp_page *p, uint32_t number, size_t max_items);
/** Free the arrays (the struct itself is the caller's). */
void pdfp_page_free(pdfp_page *p);
/** Drop the content, keep the arrays (for the next page). */
void pdfp_page_reset(pdfp_page *p, uint32_t number);
/** Append a character. Returns 0, or -1 when out of memory. */
int pdfp_page_add_char(pdfp_page *p, uint32_t cp, float x0, float y0, float x1, float y1);
/**
 * Add the box of a drawn shape: a thin one (at most @p thin points across) becomes a
 * rule along its long side; anything else is not a rule. Returns 0 or -1 (out of memory).
 */
int pdfp_page_add_box(pdfp_page *p, float x0, float y0, float x1, float y1, float thin);
/** Add a stroked straight segment: kept when horizontal or vertical. Returns 0 or -1. */
int pdfp_page_add_line(pdfp_page *p, float x0, float y0, float x1, float y1);
/**
 * Sort the rules and merge collinear pieces: rules within @p tol of one line whose
 * ranges overlap or leave a gap of at most @p gap become one.
 */
void pdfp_page_merge_rules(pdfp_page *p, float tol, float gap);

#endif
