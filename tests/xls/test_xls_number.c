/* SPDX-License-Identifier: MIT */
/* xls numbers: a BIFF double to the decimal the sheet prints, exactly, or kept as text. */
#include <budgetkit/budgetkit.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "../../plugins/xls/xls_number.h"

/* shortest decimal that reads back, then rounded to the shown decimals (fallback 2) */
static const char *shown(double d, int decimals, char *buf, size_t cap)
{
    char s[64];
    if (!xlsp_shortest_decimal(d, s, sizeof s)) return NULL;
    return xlsp_round_shown(bk_host_api(), s, decimals, 2, buf, cap) ? buf : NULL;
}

int main(void)
{
    char s[64], b[BK_AMOUNT_TEXT_MAX];
    /* shortest round trip, fixed notation */
    CHECK(xlsp_shortest_decimal(8261, s, sizeof s) && !strcmp(s, "8261"));
    CHECK(xlsp_shortest_decimal(82.61, s, sizeof s) && !strcmp(s, "82.61"));
    CHECK(xlsp_shortest_decimal(0.1 + 0.2, s, sizeof s) && !strcmp(s, "0.30000000000000004"));
    CHECK(xlsp_shortest_decimal(-1234.5, s, sizeof s) && !strcmp(s, "-1234.5"));
    CHECK(xlsp_shortest_decimal(0.000123, s, sizeof s) && !strcmp(s, "0.000123"));
    CHECK(xlsp_shortest_decimal(1e15, s, sizeof s) && !strcmp(s, "1000000000000000"));
    CHECK(xlsp_shortest_decimal(-0.0, s, sizeof s) && !strcmp(s, "0"));
    /* no amount can hold these: the caller keeps the cell as text and warns */
    CHECK(xlsp_shortest_decimal(NAN, s, sizeof s) == 0);
    CHECK(xlsp_shortest_decimal(INFINITY, s, sizeof s) == 0);
    CHECK(xlsp_shortest_decimal(1e20, s, sizeof s) == 0);
    CHECK(xlsp_shortest_decimal(1.5e-9, s, sizeof s) == 0);
    /* the printed decimals, as the xlsx reader: #,##0.00 → 2, General → trimmed */
    CHECK_STR(shown(8261, 2, b, sizeof b), "8261.00");
    CHECK_STR(shown(4000.7, 2, b, sizeof b), "4000.70");
    CHECK_STR(shown(0.1 + 0.2, 2, b, sizeof b), "0.30");
    CHECK_STR(shown(8261, XLSP_NO_DECIMALS, b, sizeof b), "8261");
    CHECK_STR(shown(12.345, XLSP_NO_DECIMALS, b, sizeof b), "12.35"); /* General: -o decimals (2), half away */
    /* "#,##0" over a stored 1234567.891: as the xlsx reader, the stored cents are kept, not hidden */
    CHECK_STR(shown(1234567.891, 0, b, sizeof b), "1234567.89");
    CHECK_STR(shown(1234567, 0, b, sizeof b), "1234567");
    CHECK_STR(shown(0.125, 4, b, sizeof b), "0.1250");
    /* too many digits for an exact amount at the shown scale: no amount (kept as text) */
    CHECK(shown(9.9e17, 2, b, sizeof b) == NULL);
    return CHECK_DONE("test_xls_number");
}
