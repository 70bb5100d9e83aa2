/* SPDX-License-Identifier: MIT */
/**
 * @file sqlite_read.h
 * @brief Reading one document back out of a budgetkit database (an untrusted file).
 */
#ifndef BK_SQLITE_READ_H
#define BK_SQLITE_READ_H
#include <budgetkit/plugin.h>

/**
 * Read the document chosen by option `document` (its id, or its content hash; may be
 * omitted when the database holds one) from @p in->path into @p doc.
 */
int sqlr_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err);
#endif
