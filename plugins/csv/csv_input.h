/* SPDX-License-Identifier: MIT */
/**
 * @file csv_input.h
 * @brief Streaming CSV/TSV input: encoding detection and conversion to
 *        UTF-8, delimiter sniffing, libcsv parsing with our own line
 *        counting, and every length bounded by the source limits.
 */
#ifndef CSVP_INPUT_H
#define CSVP_INPUT_H

#include <budgetkit/plugin.h>

/** Called once per record (header first). Return 0 to go on, or a ::bk_status to stop. */
typedef int (*csvp_record_fn)(void *ctx, const bk_record *rec);

/** What the caller learns about the input (for messages and the report reader). */
typedef struct csvp_input_info {
    char encoding[16]; /**< "utf-8", "gb18030", "utf-16le", "utf-16be" */
    char delimiter;    /**< ',', '\t' or ';' */
    int had_bom;
} csvp_input_info;

/**
 * Stream every record of @p in to @p fn. Options read: encoding, delimiter.
 * Errors name the line and field. @p info may be NULL.
 */
int csvp_input_stream(const bk_host *h, const bk_source *in, const bk_options *o, csvp_record_fn fn, void *ctx,
                      csvp_input_info *info, bk_error *err);

/** Delimiter sniffed from the first bytes: the one found on most lines (tab wins ties, then comma). */
char csvp_sniff_delimiter(const unsigned char *head, size_t len);

/** True when @p len bytes are valid UTF-8 except maybe a truncated sequence at the very end. */
int csvp_head_is_utf8(const unsigned char *s, size_t len);

#endif
