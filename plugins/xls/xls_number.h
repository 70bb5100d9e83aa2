/* SPDX-License-Identifier: MIT */
/**
 * @file xls_number.h
 * @brief BIFF numbers are IEEE doubles: turn one into the decimal text the
 *        sheet prints, exactly, or say that it cannot.
 */
#ifndef BK_XLS_NUMBER_H
#define BK_XLS_NUMBER_H

#include <budgetkit/plugin.h>

/** No fixed decimals known (General, or the format is not known). */
#define XLSP_NO_DECIMALS (-1)

/**
 * The shortest decimal that reads back as @p d (checked with strtod), in
 * fixed notation ("8261", "0.05", "-12.5"). Returns its length, or 0 when
 * there is none an amount can hold (NaN, infinity, |d| >= 1e18, or a figure
 * below 1e-7 that is not 0): the caller keeps the cell as text and warns.
 */
size_t xlsp_shortest_decimal(double d, char *out, size_t cap);

/**
 * @p text (a decimal) rounded on the text to the decimals the sheet shows,
 * as the xlsx reader does: @p shown decimals when known, else @p fallback
 * decimals with the zeros that rounding added trimmed (General). Writes the
 * amount's text to @p out (BK_AMOUNT_TEXT_MAX bytes). Returns the length, or 0
 * when the text is no amount (too many digits).
 */
size_t xlsp_round_shown(const bk_host *h, const char *text, int shown, int fallback, char *out, size_t cap);

#endif
