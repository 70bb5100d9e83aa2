/* SPDX-License-Identifier: MIT */
/**
 * @file xml_write.h
 * @brief Writing a document as canonical submission XML (schemas/budgetkit.xsd).
 */
#ifndef BK_XMLP_WRITE_H
#define BK_XMLP_WRITE_H

#include <budgetkit/plugin.h>

/**
 * Write @p doc to @p out. Options: indent (default true), schema=FILE
 * (validate what was written), xslt=FILE (write the stylesheet's result
 * instead of the canonical XML). Text XML cannot carry (control characters,
 * invalid UTF-8, U+FFFE/U+FFFF) is refused with an error naming the table,
 * row and field. Returns ::bk_status.
 */
int xmlp_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o, bk_error *err);

#endif
