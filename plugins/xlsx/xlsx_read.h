/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_read.h
 * @brief The streaming XLSX reader: workbook, relationships, shared strings,
 *        number formats, and each sheet's cells and merged ranges, handed to
 *        callbacks (grids for the recognizer, or flat records for ledgers).
 *
 * Values arrive as UTF-8 text: shared and inline strings (rich-text runs
 * joined, phonetic runs skipped, `_xHHHH_` escapes decoded), numbers as
 * decimal text rounded on the text to the decimals of their number format
 * (or `-o decimals=N`, default 2, trailing zeros trimmed for General), never
 * through double; booleans as TRUE/FALSE; error cells as their code (#DIV/0!)
 * with a warning.
 */
#ifndef BK_XLSX_READ_H
#define BK_XLSX_READ_H

#include <budgetkit/plugin.h>

#include <stdbool.h>

/** An open workbook (package, sheet list, shared strings, styles). */
typedef struct xlsxp_book xlsxp_book;

/** Receiver of one sheet's content. Callbacks return 0 to go on, or a status (after filling err). */
typedef struct xlsxp_sheet_handler {
    void *ctx;
    /** A non-empty cell (0-based row and column). BK_GRID_NUMBER marks stored numbers. */
    int (*cell)(void *ctx, uint32_t row, uint32_t col, const char *text, size_t len, uint32_t flags, bk_error *err);
    /** The end of a row that had at least one cell (may be NULL). */
    int (*row_end)(void *ctx, uint32_t row, bk_error *err);
    /** A merged range (arrives after all cells; may be NULL). */
    int (*merge)(void *ctx, const bk_grid_merge *m, bk_error *err);
} xlsxp_sheet_handler;

/** Open @p in (a file path) and load its sheet list, shared strings and styles. */
int xlsxp_book_open(const bk_host *h, const bk_source *in, const bk_options *o, xlsxp_book **out, bk_error *err);
/** Free. NULL is a no-op. */
void xlsxp_book_free(xlsxp_book *b);
/** Number of sheets, in workbook order. */
size_t xlsxp_book_sheet_count(const xlsxp_book *b);
/** Name of sheet @p i. Borrowed. */
const char *xlsxp_book_sheet_name(const xlsxp_book *b, size_t i);
/** True if sheet @p i is hidden. */
int xlsxp_book_sheet_hidden(const xlsxp_book *b, size_t i);
/** Stream sheet @p i to @p hd. */
int xlsxp_book_read_sheet(xlsxp_book *b, size_t i, const xlsxp_sheet_handler *hd, bk_error *err);

/** Read sheet @p i into a new grid in *@p out (NULL when it has no cells, or is hidden and
 *  @p hidden_too is false: a note says so). Reports progress. */
int xlsxp_book_sheet_grid(xlsxp_book *b, size_t i, bool hidden_too, bk_grid **out, bk_error *err);
/** Sheet @p i again, as xlsxp_book_sheet_grid() read it, silently: no notes, warnings or
 *  progress, and its cells not counted twice against limit.cells. */
int xlsxp_book_reread_grid(xlsxp_book *b, size_t i, bk_grid **out, bk_error *err);
/** The dc:title of the core properties (malloc'd, caller frees; NULL if none); the book forgets it. */
char *xlsxp_book_take_title(xlsxp_book *b);

/**
 * Read every visible sheet (all sheets with `-o hidden=true`) into grids,
 * one per non-empty sheet, in order. On success *@p grids is a malloc'd
 * array of *@p n grids; free with xlsxp_grids_free().
 */
int xlsxp_read_grids(const bk_host *h, const bk_source *in, const bk_options *o, bk_grid ***grids, size_t *n,
                     bk_error *err);
/** xlsxp_read_grids(), also returning the document title of the core properties (dc:title) in
 *  *@p title (malloc'd, caller frees; NULL if there is none). */
int xlsxp_read_workbook(const bk_host *h, const bk_source *in, const bk_options *o, bk_grid ***grids, size_t *n,
                        char **title, bk_error *err);
/** Free what xlsxp_read_grids() returned. */
void xlsxp_grids_free(const bk_host *h, bk_grid **grids, size_t n);
/** Make a copy of @p title (the workbook's properties) the document's title. */
int xlsxp_set_title(const bk_host *h, bk_document *doc, const char *title, bk_error *err);

/** Stream the rows of the first sheet (or `-o sheet=NAME`) as records. */
int xlsxp_read_records(const bk_host *h, const bk_source *in, const bk_options *o, const bk_record_sink *sink,
                       bk_error *err);

/** Decode `_xHHHH_` escapes in place; returns the new length. */
size_t xlsxp_decode_escapes(char *s, size_t len);

/** Parse a cell reference ("AB12") into 0-based row/col. Returns 0 if valid. */
int xlsxp_parse_ref(const char *ref, uint32_t *row, uint32_t *col);

#endif
