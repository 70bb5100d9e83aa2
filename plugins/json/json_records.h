/* SPDX-License-Identifier: MIT */
/**
 * @file json_records.h
 * @brief Ledgers as JSON: a top-level array of flat objects, or NDJSON.
 *
 * Streams element by element with json-c's tokener, so memory stays flat
 * whatever the number of records. The first record is a header (the keys of
 * the first object, in order); then one record per object with its values as
 * text in header order: strings as they are, numbers with their original
 * text, null and absent keys as empty, true/false as written. A key the
 * header does not have, a nested value, a duplicate key or an over-long
 * string is a located error.
 */
#ifndef JSONP_RECORDS_H
#define JSONP_RECORDS_H

#include <budgetkit/plugin.h>

/** Stream the records of @p in to @p sink. Returns ::bk_status. */
int jsonp_read_records(const bk_host *h, const bk_source *in, const bk_record_sink *sink, bk_error *err);

#endif
