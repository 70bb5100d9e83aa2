/* SPDX-License-Identifier: MIT */
/**
 * @file limits.h
 * @brief Resource limits applied to untrusted input.
 *
 * Every reader bounds what it accepts with these numbers; a violation is a
 * located ::BK_ERR_LIMIT error, never an abort. Defaults are generous for
 * real disclosures and ledgers; each can be changed with `-o limit.NAME=N`
 * or the environment variable `BUDGETKIT_LIMIT_NAME` (upper case).
 */
#ifndef BUDGETKIT_LIMITS_H
#define BUDGETKIT_LIMITS_H

#include <budgetkit/export.h>

#include <stdint.h>
#include <budgetkit/error.h>
#include <budgetkit/options.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bk_limits {
    uint64_t input_bytes;     /**< largest input file (default 4 GiB) */
    uint64_t rows;            /**< rows/records per file (default 50,000,000) */
    uint64_t columns;         /**< fields per row (default 16,384) */
    uint64_t cells;           /**< non-empty cells kept in memory per file (default 200,000,000) */
    uint64_t string_bytes;    /**< one field or string (default 1 MiB) */
    uint64_t zip_entry_bytes; /**< uncompressed size of one zip entry (default 1 GiB) */
    uint64_t zip_ratio;       /**< uncompressed/compressed ratio of one zip entry (default 1000) */
    uint64_t xml_depth;       /**< element nesting (default 64) */
    uint64_t tables;          /**< tables / sheets per document (default 10,000) */
    uint64_t inflated_bytes;  /**< bytes inflated from all entries of one archive together (default 4 GiB) */
    uint64_t pages;           /**< pages of a PDF (default 10,000) */
    /* ABI 2.1 */
    uint64_t xslt_memory; /**< bytes libxml2/libxslt may hold for one XSLT transformation or XSD pass (default 1 GiB) */
} bk_limits;

/** Fill @p l with the defaults. */
BK_API void bk_limits_default(bk_limits *l);

/** Override from BUDGETKIT_LIMIT_* environment variables. */
BK_API int bk_limits_from_env(bk_limits *l, bk_error *err);

/** Override from `limit.NAME=N` options. */
BK_API int bk_limits_from_options(bk_limits *l, const bk_options *o, bk_error *err);

/** NULL-terminated list of the `limit.*` option keys (for bk_options_check()). */
BK_API const char *const *bk_limits_option_keys(void);

#ifdef __cplusplus
}
#endif
#endif
