/* SPDX-License-Identifier: AGPL-3.0-or-later */
/**
 * @file pdfp_mupdf.h
 * @brief The only module that speaks MuPDF: open a PDF, count its pages and
 *        read one page's characters (fz_stext_page, without images) and ruling
 *        lines (a device that sees only fill_path and stroke_path). Every MuPDF
 *        error is caught here (fz_try/fz_catch) and returned as a status and a message;
 *        MuPDF's own messages go to a callback, never to a terminal.
 */
#ifndef BK_PDF_MUPDF_H
#define BK_PDF_MUPDF_H

#include "pdf_page.h"

#include <stddef.h>

/** Outcomes. */
enum {
    PDFM_OK = 0,
    PDFM_NOMEM,     /**< MuPDF ran out of memory or over the heap cap */
    PDFM_ENCRYPTED, /**< needs a password */
    PDFM_BROKEN,    /**< not a PDF MuPDF can read (even after repairing it) */
    PDFM_INTERRUPTED
};

typedef struct pdfm_doc pdfm_doc;

/**
 * Open @p path with MuPDF's heap capped at @p heap_cap bytes. On failure *@p out is NULL
 * and @p msg (of @p cap bytes) says why.
 */
int pdfm_open(const char *path, size_t heap_cap, pdfm_doc **out, char *msg, size_t cap);
/** Number of pages (after repair), or a status with @p msg. */
int pdfm_count_pages(pdfm_doc *d, int *n, char *msg, size_t cap);
/**
 * Read page @p index (0-based) into @p page (reset first, numbered index + 1).
 * @p interrupted (may be NULL) aborts the page when it becomes non-zero.
 */
int pdfm_read_page(pdfm_doc *d, int index, pdfp_page *page, const volatile int *interrupted, char *msg, size_t cap);
/** The first MuPDF warning (NULL when none) and how many there were. */
const char *pdfm_first_warning(const pdfm_doc *d, unsigned *count);
/** Close. NULL is a no-op. */
void pdfm_close(pdfm_doc *d);

#endif
