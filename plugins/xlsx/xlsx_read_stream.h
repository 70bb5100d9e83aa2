/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_read_stream.h
 * @brief Table streaming for the XLSX reader (BK_CAP_READ_TABLES): each sheet is
 *        recognized as soon as it is read, its tables handed over and its grid dropped.
 *
 * The document is the one the whole-workbook read gives. The recognizer carries
 * state from sheet to sheet (the cover ends at the first table, the 预算/决算
 * family of the first table breaks title ties), so a sheet streams only while its
 * own recognition can differ in nothing: it gives tables and nothing else, and
 * its first table is of the family already known. The first sheet that does not
 * ends the streaming: it and the sheets after it are recognized together as
 * today, behind the one streamed sheet that sets the same state (read again,
 * its tables and warnings dropped), so memory is then that of today's read for
 * the rest of the workbook.
 */
#ifndef BK_XLSX_READ_STREAM_H
#define BK_XLSX_READ_STREAM_H

#include <budgetkit/plugin.h>

/** Read the workbook of @p in into @p doc, its tables through @p in->tables (set, with tables_ready). */
int xlsxp_read_streamed(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err);

#endif
