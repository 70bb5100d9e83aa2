/* SPDX-License-Identifier: MIT */
/**
 * @file amount.h
 * @brief Exact decimal amounts: int64 units with an explicit scale.
 *
 * Money never passes through float or double. `8261.00` is
 * {units = 826100, scale = 2} and prints back as `8261.00`; `8261` is
 * {8261, 0} and prints back as `8261`. A blank cell is not an amount at all
 * (see ::bk_cell in model.h), so blank and 0 stay distinct.
 */
#ifndef BUDGETKIT_AMOUNT_H
#define BUDGETKIT_AMOUNT_H

#include <budgetkit/export.h>

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest scale (digits after the decimal point) an amount may carry. */
#define BK_AMOUNT_MAX_SCALE 6
/** Longest text bk_amount_format() writes, including the NUL. */
#define BK_AMOUNT_TEXT_MAX 32

/** value = units / 10^scale */
typedef struct bk_amount {
    int64_t units;
    int32_t scale; /**< 0 .. BK_AMOUNT_MAX_SCALE */
} bk_amount;

/** Flags for bk_amount_parse(). */
enum {
    BK_AMOUNT_STRICT = 0,           /**< plain `-?[0-9]+(\.[0-9]+)?` only */
    BK_AMOUNT_SEPARATORS = 1u << 0, /**< accept thousands separators: `8,261.00`, `1，830，000` */
    BK_AMOUNT_FULLWIDTH = 1u << 1,  /**< accept full-width digits, sign, point and comma */
    BK_AMOUNT_SPACES = 1u << 2,     /**< ignore leading/trailing spaces (ASCII and U+3000) */
    BK_AMOUNT_DASH_BLANK = 1u << 3, /**< `-`, `—`, `－` alone mean blank */
    BK_AMOUNT_EXPONENT = 1u << 4,   /**< accept `1.5E3` (spreadsheets); rounds to the scale */
    BK_AMOUNT_LENIENT = BK_AMOUNT_SEPARATORS | BK_AMOUNT_FULLWIDTH | BK_AMOUNT_SPACES | BK_AMOUNT_DASH_BLANK
};

/** Result of bk_amount_parse(). */
typedef enum bk_amount_result {
    BK_AMOUNT_OK = 0, /**< *out holds the amount */
    BK_AMOUNT_BLANK,  /**< empty (or a dash with BK_AMOUNT_DASH_BLANK): no amount */
    BK_AMOUNT_SYNTAX, /**< not a decimal number */
    BK_AMOUNT_RANGE,  /**< too many digits for int64, or scale above BK_AMOUNT_MAX_SCALE */
} bk_amount_result;

/**
 * Parse decimal text. The scale is the number of digits written after the
 * point (kept, so the text prints back as it was). With BK_AMOUNT_EXPONENT,
 * the value is rounded half away from zero to at most BK_AMOUNT_MAX_SCALE digits.
 * @p len may be (size_t)-1 for a NUL-terminated string.
 */
BK_API bk_amount_result bk_amount_parse(const char *text, size_t len, unsigned flags, bk_amount *out);

/**
 * Parse decimal text (a spreadsheet number such as `99999999.98999999` or
 * `1.5E-3`) and round it half away from zero to exactly @p scale digits,
 * working on the text, never through double.
 */
BK_API bk_amount_result bk_amount_parse_round(const char *text, size_t len, int scale, bk_amount *out);

/** Human-readable reason for a result ("not a decimal number"). */
BK_API const char *bk_amount_result_str(bk_amount_result r);

/** Write `-1234.50` style text (no separators) into @p buf. Returns the length, or 0 if @p cap is too small. */
BK_API size_t bk_amount_format(bk_amount a, char *buf, size_t cap);

/** Write with thousands separators (`1,234.50`). Returns the length, or 0 if @p cap is too small. */
BK_API size_t bk_amount_format_grouped(bk_amount a, char *buf, size_t cap);

/**
 * Change the scale. Growing is exact; shrinking rounds half away from zero.
 * Returns false on int64 overflow.
 */
BK_API bool bk_amount_rescale(bk_amount a, int scale, bk_amount *out);

/** a + b at the larger scale. Returns false on overflow. */
BK_API bool bk_amount_add(bk_amount a, bk_amount b, bk_amount *out);

/** a - b at the larger scale. Returns false on overflow. */
BK_API bool bk_amount_sub(bk_amount a, bk_amount b, bk_amount *out);

/** Compare values (not texts): -1, 0, 1. 1.5 == 1.50. */
BK_API int bk_amount_cmp(bk_amount a, bk_amount b);

/** Divide by 10^@p digits, rounding half away from zero to @p scale (元 → 万元: digits 4, scale 2). */
BK_API bool bk_amount_shift(bk_amount a, int digits, int scale, bk_amount *out);

/** Zero at a scale. */
static inline bk_amount bk_amount_zero(int scale)
{
    bk_amount a = {0, scale};
    return a;
}

#ifdef __cplusplus
}
#endif
#endif
