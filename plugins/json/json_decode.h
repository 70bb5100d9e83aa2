/* SPDX-License-Identifier: MIT */
/**
 * @file json_decode.h
 * @brief Canonical JSON tree → ::bk_document, with located errors.
 */
#ifndef JSONP_DECODE_H
#define JSONP_DECODE_H

#include <budgetkit/plugin.h>
#include "json_parse.h"

/**
 * Fill @p doc from @p parsed. Unknown keys, wrong types, amounts that are
 * not plain decimals, unknown table kinds and the like are errors with the
 * value's line and column and its JSON path in err->context. Tables, rows,
 * columns and non-empty cells are bounded by @p limits.
 */
int jsonp_decode_document(const bk_host *h, const jsonp_parsed *parsed, bk_document *doc, bk_error *err,
                          const bk_limits *limits);

#endif
