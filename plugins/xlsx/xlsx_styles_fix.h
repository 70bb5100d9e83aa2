/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_styles_fix.h
 * @brief The Chinese font charset in a written workbook's styles.xml.
 *
 * libxlsxwriter 1.1.4 (Debian 12) never writes a font's `<charset>`, so a cell
 * in 宋体 says nothing of GB2312 and Excel on Chinese Windows or LibreOffice may
 * substitute a Latin face. After libxlsxwriter has closed the file, this module
 * copies every zip entry unchanged (raw, compressed bytes, CRC and timestamp as
 * they are) except `xl/styles.xml`, which is rewritten with `<charset val="134"/>`
 * in every font named 宋体 or the workbook's Chinese font. The output stays
 * byte-reproducible: nothing depends on the clock.
 */
#ifndef BK_XLSX_STYLES_FIX_H
#define BK_XLSX_STYLES_FIX_H

#include <budgetkit/plugin.h>

#include <stddef.h>

/**
 * Rewrite @p xml (a styles.xml part of @p len bytes): `<charset val="134"/>`
 * after the `<name>` of every `<font>` named 宋体 or @p font (when @p font is
 * non-NULL) that has no charset yet. Returns a malloc'ed NUL-terminated text
 * (its length in @p out_len), or NULL when out of memory.
 */
char *xlsxp_styles_add_charset(const char *xml, size_t len, const char *font, size_t *out_len);

/**
 * Rewrite the workbook at @p path in place (a temporary file beside it, then
 * renamed over it): styles.xml through xlsxp_styles_add_charset(), every other
 * entry copied raw. On error @p path is unchanged and the temporary file removed.
 * @param font the workbook's Chinese font, or NULL for 宋体 only
 */
int xlsxp_styles_fix(const bk_host *h, const char *path, const char *font, bk_error *err);

#endif
