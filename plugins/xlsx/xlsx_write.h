/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_write.h
 * @brief The publication workbook engine (libxlsxwriter): laid-out grids
 *        (BK_GRID_* flags) become print-ready sheets, plus the disclosure's
 *        pie charts and the document properties.
 *
 * Formatting from the flags: TITLE merged, bold, larger; META left (部门名称)
 * and right (单位); HEADER centred, bold, wrapped, with the grid's merges;
 * CODE as text (leading zeros kept); NAME indented by level; AMOUNT as a
 * number in `#,##0.00` (the decimals of the cell's text); TOTAL bold; thin
 * borders over the table body; column widths measured on the text (CJK = 2);
 * header frozen; A4 landscape, fit to one page wide, header rows repeated,
 * page numbers in the footer; one font (宋体 or `-o font=`) everywhere.
 * Output is byte-identical for the same input (fixed creation time).
 */
#ifndef BK_XLSX_WRITE_H
#define BK_XLSX_WRITE_H

#include <budgetkit/plugin.h>
#include <time.h>

typedef struct xlsxp_writer xlsxp_writer;

/** Workbook-wide settings. Strings are borrowed until xlsxp_writer_close(). */
typedef struct xlsxp_write_opts {
    const char *font;        /**< font name, default "宋体" */
    const char *title;       /**< document title property, may be NULL */
    const char *company;     /**< company property (the department), may be NULL */
    time_t created;          /**< fixed creation time (UTC) */
    bk_diags *diags;         /**< the one warning about amounts written as text goes here (may be NULL) */
} xlsxp_write_opts;

/** A pie chart: labels and values are written to a hidden data sheet. */
typedef struct xlsxp_pie {
    const char *title;
    size_t n;
    const char *const *labels;
    const bk_amount *values;
} xlsxp_pie;

/** Start a workbook at @p path. */
int xlsxp_writer_open(const bk_host *h, const char *path, const xlsxp_write_opts *opts, xlsxp_writer **out,
                      bk_error *err);
/**
 * Add one sheet named after @p wanted_name (made valid: ≤ 31 characters,
 * no []:*?/\, unique) laid out from @p g. @p context names the table in errors.
 */
int xlsxp_writer_add_grid(xlsxp_writer *w, const bk_grid *g, const char *wanted_name, const char *context,
                          bk_error *err);
/** As xlsxp_writer_add_grid(), for paragraphs (情况说明): the last column a fixed page width,
 *  A4 portrait at full size over as many pages as the text needs (no fit to one page). */
int xlsxp_writer_add_prose_grid(xlsxp_writer *w, const bk_grid *g, const char *wanted_name, const char *context,
                                bk_error *err);
/** Add pie charts on a 图表 sheet (their data on a hidden 图表数据 sheet). */
int xlsxp_writer_add_pies(xlsxp_writer *w, const xlsxp_pie *pies, size_t n, bk_error *err);
/** Write the file and free @p w (always, also on error). */
int xlsxp_writer_close(xlsxp_writer *w, bk_error *err);
/** Free without writing (error paths); the partial file is the caller's to remove. */
void xlsxp_writer_abort(xlsxp_writer *w);

/** Display width of UTF-8 text in character cells (CJK and full-width = 2). */
unsigned xlsxp_text_width(const char *s, size_t len);

#endif
