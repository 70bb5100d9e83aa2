/* SPDX-License-Identifier: MIT */
/**
 * @file csv_layouts.h
 * @brief The CSV layouts: `report` (tables as printed, through the
 *        core's recognizer and official layout), `long` (one row per
 *        amount, lossless) and `figures` (one row per amount, for analysts;
 *        written only), see docs/csv-format.md.
 */
#ifndef CSVP_LAYOUTS_H
#define CSVP_LAYOUTS_H

#include <budgetkit/plugin.h>
#include "csv_output.h"

/** Read either layout (long is detected from its header, or forced with -o layout=long). */
int csvp_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err);
/** Write the layout chosen with -o layout= (report by default). */
int csvp_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o, bk_error *err);

/** write_tables(): the long layout streams (BK_TABLES_QUERY says so); the others are written whole. */
int csvp_write_tables(const bk_host *h, void **state, const bk_document *doc, bk_tables_step step, const bk_sink *out,
                      const bk_options *o, bk_error *err);

/** Long layout: state of a reader fed one record at a time (header first). */
typedef struct csvp_long_reader csvp_long_reader;
/** With @p in->tables set (table streaming), tables are built there and handed over one at a time. */
csvp_long_reader *csvp_long_reader_new(const bk_host *h, const bk_limits *limits, bk_document *doc, bk_diags *diags,
                                       const bk_source *in, bk_error *err);
/** Feed one record; the first one is the header. */
int csvp_long_reader_add(csvp_long_reader *r, const bk_record *rec);
/** Finish (flush the last table) and free. Returns the first error. */
int csvp_long_reader_finish(csvp_long_reader *r, int ok);
/** True when a header row names the long layout's columns. */
int csvp_long_is_header(const bk_record *rec);

/** Write @p doc in the long layout. */
int csvp_long_write(const bk_host *h, const bk_document *doc, csvp_out *w, bk_error *err);
/** The long layout's write_tables() steps (BATCH, FINISH, ABORT): the tables are spooled as they
 *  come, the document's rows written before them at FINISH; the same bytes as csvp_long_write(). */
int csvp_long_write_tables(const bk_host *h, void **state, const bk_document *doc, bk_tables_step step,
                           const bk_sink *out, const bk_options *o, bk_error *err);

/**
 * Write @p doc in the figures layout: one row per amount (tables first, then the forms'
 * funding amounts), columns department, year, table_kind, table_title, row_code, row_name,
 * column_key, column_label, value, unit. Blank and text cells are not figures: absent.
 */
int csvp_figures_write(const bk_host *h, const bk_document *doc, csvp_out *w, bk_error *err);

#endif
