/* SPDX-License-Identifier: MIT */
/**
 * @file sqlite_write.h
 * @brief Writing documents (and their findings) into a budgetkit database.
 */
#ifndef BK_SQLITE_WRITE_H
#define BK_SQLITE_WRITE_H
#include <budgetkit/plugin.h>

/**
 * Add @p n documents to the database file @p out->path (created when empty) in one
 * transaction. A document whose content hash is already there is refused, or with
 * BK_WRITE_REPLACE keeps its id and gets the new source and findings.
 */
int sqlw_write_many(const bk_host *h, const bk_batch_item *items, size_t n, unsigned flags, const bk_sink *out,
                    const bk_options *o, bk_error *err);
#endif
