/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_numfmt.h
 * @brief Decimals an Excel number format shows, shared by the xlsx and xls readers
 *        (both compile this module in: a plugin links nothing of another).
 */
#ifndef BK_XLSX_NUMFMT_H
#define BK_XLSX_NUMFMT_H

/** No fixed decimals: General, dates, times, scientific, text formats. */
#define XLSXP_NO_DECIMALS (-1)

/** Decimals a format code shows: "#,##0.00" → 2, "0%" → 2 (a percentage is the value × 100). */
int xlsxp_format_decimals(const char *code);

/** Decimals of a built-in number format id (1 "0", 2 "0.00", 10 "0.00%" …). */
int xlsxp_builtin_decimals(long id);

#endif
