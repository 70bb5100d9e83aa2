/* SPDX-License-Identifier: MIT */
/**
 * @file csv_output.h
 * @brief CSV output: quoting only when needed, optional BOM, UTF-8 or
 *        GB18030 (iconv), buffered.
 */
#ifndef CSVP_OUTPUT_H
#define CSVP_OUTPUT_H

#include <budgetkit/plugin.h>
#include <iconv.h>

typedef struct csvp_out {
    const bk_host *h;
    FILE *fp;
    bk_error *err;
    char delim;
    iconv_t cd; /**< (iconv_t)-1 for UTF-8 output */
    char *buf;  /**< pending UTF-8 bytes */
    size_t len, cap;
    size_t field;    /**< fields written on the current line */
    const char *eol; /**< line end: "\n", or "\r\n" with -o excel=true */
    int status;
    int excel_safe; /**< text starting = + - @ tab CR gets a leading ' (not plain numbers) */
} csvp_out;

/** Open a writer on @p out with the options encoding, bom, excel, delimiter. */
int csvp_out_open(csvp_out *w, const bk_host *h, const bk_sink *out, const bk_options *o, bk_error *err);
/** Append one field (quoted only when needed). */
void csvp_out_field(csvp_out *w, const char *s, size_t n);
/** Append a field of a NUL-terminated string (NULL = empty). */
void csvp_out_str(csvp_out *w, const char *s);
/** End the line ("\n", or "\r\n" for Excel). */
void csvp_out_eol(csvp_out *w);
/** Flush everything and free; returns the first error. */
int csvp_out_close(csvp_out *w);
/** Write out the pending bytes (before the caller writes to fp itself). Returns the status. */
int csvp_out_sync(csvp_out *w);

#endif
