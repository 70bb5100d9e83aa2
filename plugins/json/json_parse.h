/* SPDX-License-Identifier: MIT */
/**
 * @file json_parse.h
 * @brief Reading a JSON text into a json-c tree plus the position of every value.
 *
 * The input is read in chunks and each chunk goes, in this order, through
 * UTF-8 validation (json-c does not validate by default, and its own check
 * fails on characters split across chunks), json-c's incremental tokener and
 * the position scanner (json_scan.h). So a 100 MB string stops at
 * limits->string_bytes instead of being held whole, and every error, from
 * json-c or from us, has a line and column.
 */
#ifndef JSONP_PARSE_H
#define JSONP_PARSE_H

#include <budgetkit/plugin.h>
#include <json-c/json.h>
#include "json_scan.h"

/** A parsed document: the tree and, by pre-order value index, where each value starts. */
typedef struct jsonp_parsed {
    json_object *root;
    jsonp_pos *positions;
    size_t n_positions, cap_positions;
} jsonp_parsed;

/** Parse the single JSON value of @p in. On error @p out is left empty. */
int jsonp_parse(const bk_host *h, const bk_source *in, jsonp_parsed *out, bk_error *err);
/** Free the tree and the positions. */
void jsonp_parsed_free(jsonp_parsed *p);

/** Message for a json-c tokener error, in our words. */
const char *jsonp_tokener_message(enum json_tokener_error e);
/** Message for a tokener error at byte @p at of @p s (n bytes): names trailing commas and single quotes. */
const char *jsonp_describe_error(enum json_tokener_error e, const char *s, size_t n, size_t at);
/** Message for a scanner failure. */
const char *jsonp_scan_message(jsonp_scan_status st);
/** Most members an object of a budgetkit document may have (none has more than 11): bounds the duplicate check. */
#define JSONP_DOC_MAX_KEYS 64
/** Bytes read per chunk. */
#define JSONP_CHUNK 65536
/** json-c nesting limit. */
#define JSONP_MAX_DEPTH 64

/** Length of the longest prefix of @p buf that ends on a UTF-8 character boundary (all of it at EOF). */
size_t jsonp_utf8_complete_prefix(const unsigned char *buf, size_t n);

#endif
