/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_zip.h
 * @brief Safe access to the parts of an XLSX package: a zip opened with
 *        minizip, each part inflated in 64 KiB chunks into a libxml2 SAX2
 *        push parser whose events are handed out one by one (a pull
 *        interface: memory is the chunk and its events, whatever the part's size).
 *
 * Safety by construction: the number of entries is bounded; before a part is
 * inflated its declared size and compression ratio are checked against
 * bk_limits (zip_entry_bytes, zip_ratio); while it is inflated the bytes
 * actually produced are counted (headers can lie), per part and for the whole
 * archive (inflated_bytes); the CRC is checked at the
 * end. The XML parser never substitutes entities, never loads a DTD and never
 * touches the network; a DOCTYPE or an entity reference is an error; element
 * depth is bounded by limits->xml_depth. libxml2 messages are captured, never
 * printed.
 */
#ifndef BK_XLSX_ZIP_H
#define BK_XLSX_ZIP_H

#include <budgetkit/plugin.h>
#include <libxml/xmlreader.h>
#include <stdbool.h>

/** An open package. One part may be open at a time. */
typedef struct xlsxp_zip xlsxp_zip;

/** A part being parsed. */
typedef struct xlsxp_xml xlsxp_xml;

/** Open the package @p in->path. On error fills @p err (file-level). */
int xlsxp_zip_open(const bk_host *h, const bk_source *in, xlsxp_zip **out, bk_error *err);
/** Close. NULL is a no-op. */
void xlsxp_zip_close(xlsxp_zip *z);
/** True if the package has the part @p name (case-insensitive, no leading '/'). */
bool xlsxp_zip_has(xlsxp_zip *z, const char *name);

/** Open the part @p name for streaming XML. Checks sizes and ratio first. */
int xlsxp_xml_open(xlsxp_zip *z, const char *name, xlsxp_xml **out, bk_error *err);
/**
 * Advance to the next node. Returns 1 on a node, 0 at the end of the part,
 * or a negative value after filling @p err (malformed XML, DTD, entity,
 * depth, inflate limit, interruption).
 */
int xlsxp_xml_next(xlsxp_xml *x, bk_error *err);
/** True if the current element is empty (<a/>): no END_ELEMENT follows it. */
bool xlsxp_xml_is_empty(const xlsxp_xml *x);
/**
 * The characters of the current TEXT node (NUL-terminated, *@p len bytes), or
 * NULL. A long text may come as several TEXT nodes in a row: append them.
 * Whitespace-only text is not reported unless xml:space="preserve" is in scope.
 */
const char *xlsxp_xml_text(const xlsxp_xml *x, size_t *len);
/** Node type of the current node: XML_READER_TYPE_ELEMENT, _END_ELEMENT or _TEXT. */
int xlsxp_xml_type(const xlsxp_xml *x);
/** Name of the part (for messages). */
const char *xlsxp_xml_part(const xlsxp_xml *x);
/** Current line in the part's XML (for messages). */
uint32_t xlsxp_xml_line(xlsxp_xml *x);
/**
 * Close the part. With @p check true (the part was read to its end), a CRC
 * mismatch is reported through @p err. NULL is a no-op returning BK_OK.
 */
int xlsxp_xml_close(xlsxp_xml *x, bool check, bk_error *err);

/** Local name of the current node ("c" for <x:c>), or "". */
const char *xlsxp_xml_local(xlsxp_xml *x);
/** Attribute @p name of the current element (no namespace), or NULL. Caller frees with xmlFree(). */
char *xlsxp_xml_attr(xlsxp_xml *x, const char *name);
/** xlsxp_xml_attr() without the copy: borrowed until the next xlsxp_xml_next() (one cell's three
 *  attributes were three allocations). */
const char *xlsxp_xml_attr_peek(xlsxp_xml *x, const char *name);
/** Attribute @p local of the current element in any namespace (r:id), or NULL. Caller frees with xmlFree(). */
char *xlsxp_xml_attr_any_ns(xlsxp_xml *x, const char *local);

#endif
