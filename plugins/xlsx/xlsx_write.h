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
#include <budgetkit/validate.h>
#include <stdbool.h>
#include <time.h>

typedef struct xlsxp_writer xlsxp_writer;

/** What a sheet is, for its page setup. */
typedef enum xlsxp_sheet_kind {
    XLSXP_SHEET_TABLE, /**< a table: fit to the page width (and one page tall when it shrinks little) */
    XLSXP_SHEET_FORM,  /**< a performance form: fit to the width only, its titles repeated */
    XLSXP_SHEET_PROSE, /**< 情况说明: column A the text (A4 portrait), the others hidden, no borders */
    XLSXP_SHEET_COVER  /**< 封面: title lines large, then (on a second page) the facts */
} xlsxp_sheet_kind;

/** Workbook-wide settings. Strings are borrowed until xlsxp_writer_close(). */
typedef struct xlsxp_write_opts {
    const char *font;    /**< font name, default "宋体" */
    const char *title;   /**< document title property, may be NULL */
    const char *company; /**< company property (the department), may be NULL */
    time_t created;      /**< fixed creation time (UTC) */
    bk_diags *diags;     /**< the one warning about amounts written as text goes here (may be NULL) */
    /** libxlsxwriter's constant_memory mode: each sheet's rows go to a temporary file (in $TMPDIR)
     *  as they are written, so memory stays flat however large the document. Strings are then
     *  written inline, not shared: the bytes differ (the cells and figures read back the same).
     *  No findings (xlsxp_writer_begin_findings()) in this mode. */
    bool constant_memory;
    /** The title and company are not known yet (a streamed document): xlsxp_writer_set_titles() sets the
     *  properties and the sheets' page headers at the end. */
    bool defer_titles;
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
/** Place the sheet named after @p wanted_name now, filled later by xlsxp_writer_fill_reserved() (one at a
 *  time): a streamed document's 封面, which comes first but whose facts are known at the end. */
int xlsxp_writer_reserve_sheet(xlsxp_writer *w, const char *wanted_name, bk_error *err);
/** Lay @p g out on the sheet xlsxp_writer_reserve_sheet() placed. */
int xlsxp_writer_fill_reserved(xlsxp_writer *w, const bk_grid *g, const char *context, xlsxp_sheet_kind kind,
                               bk_error *err);
/** Name of the sheet that lists the findings (`validate --annotate`). */
#define XLSXP_FINDINGS_SHEET "检查结果"

struct xlsxp_mark;
struct xlsxp_annot;
struct xlsxp_loc;

/** As xlsxp_writer_add_grid() (@p kind: the sheet's page setup), with findings on grid cells: a fill by the
 *  worst severity and one comment listing them; each finding's sheet cell is recorded in the
 *  annotations given to xlsxp_writer_begin_findings(). @p marks is sorted in place. */
int xlsxp_writer_add_marked_grid(xlsxp_writer *w, const bk_grid *g, const char *wanted_name, const char *context,
                                 xlsxp_sheet_kind kind, struct xlsxp_mark *marks, size_t n_marks, bk_error *err);
/** The names of the sheets added so far (the 目录 of 情况说明 lists them). */
const char *xlsxp_writer_sheet_name(const xlsxp_writer *w, size_t i, size_t *n);
/** Make the 检查结果 sheet (the first one, active) and keep @p a for the marked grids. */
int xlsxp_writer_begin_findings(xlsxp_writer *w, struct xlsxp_annot *a, bk_error *err);

/** One line of the 检查结果 sheet; strings borrowed. */
typedef struct xlsxp_finding_row {
    const bk_finding *f;
    const struct xlsxp_loc *loc;      /**< its place (linked when placed), or NULL */
    const char *table, *row, *column; /**< as printed */
    char printed[BK_AMOUNT_TEXT_MAX], computed[BK_AMOUNT_TEXT_MAX], difference[BK_AMOUNT_TEXT_MAX];
    char source[BK_POS_TEXT_MAX]; /**< where the input printed it (xlsxp_finding_source), or "" */
} xlsxp_finding_row;

/** Fill the 检查结果 sheet: a summary line, then @p rows, each linked to its cell. */
int xlsxp_writer_end_findings(xlsxp_writer *w, const xlsxp_finding_row *rows, size_t n, const char *summary,
                              bk_error *err);

/** Add pie charts on a 图表 sheet (their data on a hidden 图表数据 sheet). */
int xlsxp_writer_add_pies(xlsxp_writer *w, const xlsxp_pie *pies, size_t n, bk_error *err);
/** Set the document properties and the page header of every sheet so far from @p opts
 *  (title, company, created), for a writer opened with defer_titles. */
int xlsxp_writer_set_titles(xlsxp_writer *w, const xlsxp_write_opts *opts, bk_error *err);
/** Write the file and free @p w (always, also on error). */
int xlsxp_writer_close(xlsxp_writer *w, bk_error *err);
/** Free without writing (error paths); the partial file is the caller's to remove. */
void xlsxp_writer_abort(xlsxp_writer *w);

/** Display width of UTF-8 text in character cells (CJK and full-width = 2). */
unsigned xlsxp_text_width(const char *s, size_t len);

#endif
