/* SPDX-License-Identifier: MIT */
/**
 * @file validate_output.h
 * @brief How `validate` writes one finding as JSON and as CSV: a document's own
 * findings and the findings across documents go through one view, so their
 * members and positions are written in one place (docs/validate.md).
 */
#ifndef BK_CLI_VALIDATE_OUTPUT_H
#define BK_CLI_VALIDATE_OUTPUT_H

#include <budgetkit/budgetkit.h>
#include <budgetkit/validate.h>
#include <stdbool.h>
#include <stdio.h>

/** Longest sheet name a position parsed from its text keeps (with its NUL). */
#define VOUT_SHEET_MAX 160

/** What a finding prints, whichever list it comes from. Strings may be NULL. */
typedef struct vout_finding {
    const char *rule;
    const char *severity;       /**< "error", "rounding", "warning" (CSV also "unreadable") */
    const char *document;       /**< the document whose figure is `actual` */
    const char *other_document; /**< a finding across documents: the one it is checked against; else NULL */
    const char *table_kind, *table_title, *row;
    const char *row_code; /**< a document's finding only (JSON writes it only for those) */
    const char *column, *column_label;
    const char *expected, *actual, *difference; /**< exact decimal text */
    const char *message;
    bk_pos pos, other_pos;           /**< where each document printed it (all 0: unknown) */
    const char *where, *other_where; /**< across documents: the positions as text (JSON "position") */
    char sheet[VOUT_SHEET_MAX], other_sheet[VOUT_SHEET_MAX]; /**< storage of parsed positions' sheets */
} vout_finding;

/** Members after the common ones (a document finding's "cells"), written before the closing brace. */
typedef void (*vout_extra_fn)(FILE *out, const void *ctx);

/** @p s as a JSON string, or null. */
void vout_json_string(FILE *out, const char *s);

/** One CSV field, quoted when it must be (RFC 4180); a newline after the last. */
void vout_csv_field(FILE *out, const char *s, bool last);

/** Fill @p pos from a position as bk_pos_describe() words it ("page 12", "line 40", "表3!B36");
 * the sheet goes to @p sheet (cap bytes). Unknown text leaves @p pos all 0. */
void vout_pos_parse(const char *text, bk_pos *pos, char *sheet, size_t cap);

/** One finding as a JSON object: the existing members, then "pos" (and "other_pos"), then @p extra. */
void vout_json_finding(FILE *out, const vout_finding *f, vout_extra_fn extra, const void *ctx);

/** The CSV header: the columns vout_csv_finding() writes, with a newline. */
extern const char VOUT_CSV_HEADER[];

/** One finding as one CSV row. */
void vout_csv_finding(FILE *out, const vout_finding *f);

#endif
