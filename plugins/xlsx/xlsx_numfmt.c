/* SPDX-License-Identifier: MIT */
/* Decimals an Excel number format shows (xlsx_numfmt.h). */
#include "xlsx_numfmt.h"

#include <budgetkit/amount.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Decimals a format code shows: "#,##0.00" → 2, "0%" → 2 (a percentage is the value × 100). */
int xlsxp_format_decimals(const char *code)
{
    if (!code || strcasecmp(code, "General") == 0) return XLSXP_NO_DECIMALS;
    int decimals = 0, digits = 0;
    bool after_point = false, percent = false;
    for (const char *p = code; *p && *p != ';'; p++) {
        char c = *p;
        if (c == '"') {
            while (p[1] && p[1] != '"') p++;
            if (p[1]) p++;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (p[1]) p++;
        } else if (c == '[') {
            while (p[1] && p[1] != ']') p++;
            if (p[1]) p++;
        } else if (strchr("yYmMdDhHsSeE", c)) {
            return XLSXP_NO_DECIMALS; /* dates, times, scientific */
        } else if (c == '.') {
            after_point = true;
        } else if (c == '0' || c == '#' || c == '?') {
            digits++;
            if (after_point) decimals++;
        } else if (c == '%') {
            percent = true;
        }
    }
    if (!digits) return XLSXP_NO_DECIMALS;
    if (percent) decimals += 2;
    return decimals > BK_AMOUNT_MAX_SCALE ? BK_AMOUNT_MAX_SCALE : decimals;
}

int xlsxp_builtin_decimals(long id)
{
    switch (id) {
    case 1:
    case 3:
    case 37:
    case 38: return 0;
    case 2:
    case 4:
    case 39:
    case 40: return 2;
    case 9: return 2;
    case 10: return 4;
    default: return XLSXP_NO_DECIMALS;
    }
}
