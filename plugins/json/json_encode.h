/* SPDX-License-Identifier: MIT */
/**
 * @file json_encode.h
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

/** Tables written ahead of their document (table streaming): spooled, copied in at the end. */
typedef struct jsonp_stream jsonp_stream;

/** Encode the tables of @p batch, the next ones of the document, into the spool (*@p st made on
 *  the first call). On failure *@p st is still to be freed. */
int jsonp_stream_add(const bk_host *h, jsonp_stream **st, const bk_document *batch, int indent, bk_error *err);

/** Write the document: its members, with the spooled tables ahead of @p doc's own. Frees @p st (may be NULL). */
int jsonp_stream_finish(const bk_host *h, jsonp_stream *st, const bk_document *doc, FILE *fp, int indent,
                        bk_error *err);

/** Free a stream without writing (NULL is a no-op). */
void jsonp_stream_free(jsonp_stream *st);

/** "department" / "project" (the JSON names of ::bk_perf_kind), NULL if unknown. */
const char *jsonp_perf_kind_name(bk_perf_kind k);
/** "amount" / "text" / "blank". */
const char *jsonp_cell_kind_name(bk_cell_kind k);

#endif
