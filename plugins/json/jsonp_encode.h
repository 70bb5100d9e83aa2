/* SPDX-License-Identifier: MIT */
/**
 * @file jsonp_encode.h
 * @brief The canonical JSON form of a ::bk_document, written as a stream.
 */
#ifndef JSONP_ENCODE_H
#define JSONP_ENCODE_H

#include <budgetkit/plugin.h>

/** Canonical indentation (spaces per level). */
#define JSONP_CANONICAL_INDENT 2

/**
 * Write @p doc to @p fp in the canonical layout with @p indent spaces per level.
 * Returns ::bk_status; a string that is not UTF-8 is BK_ERR_ENCODING with its
 * JSON path in err->context.
 */
int jsonp_encode_document(const bk_host *h, const bk_document *doc, FILE *fp, int indent, bk_error *err);

/** "department" / "project" (the JSON names of ::bk_perf_kind), NULL if unknown. */
const char *jsonp_perf_kind_name(bk_perf_kind k);
/** "amount" / "text" / "blank". */
const char *jsonp_cell_kind_name(bk_cell_kind k);

#endif
