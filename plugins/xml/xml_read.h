/* SPDX-License-Identifier: MIT */
/**
 * @file xml_read.h
 * @brief Reading canonical submission XML with streaming XSD validation.
 */
#ifndef BK_XMLP_READ_H
#define BK_XMLP_READ_H

#include <budgetkit/plugin.h>

/**
 * Read @p in into @p doc. The input is streamed (xmlTextReader) and
 * validated against the embedded schema while it is read; no DOCTYPE, no
 * entities, no network, nesting and sizes bounded by in->limits. Options:
 * schema=FILE (also validate the input against a user's XSD), xslt-in=FILE
 * (transform a province's file into canonical XML first). Returns ::bk_status.
 */
int xmlp_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err);

#endif
