/* SPDX-License-Identifier: MIT */
/* Doubles to exact decimal text: shortest round trip, then the printed decimals. */
#include "xls_number.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "d.ddde±XX" (from %.*e) → fixed notation; 0 if it does not fit. */
static size_t fixed_from_exp(const char *e, char *out, size_t cap)
{
    char digits[24];
    size_t nd = 0, w = 0;
    const char *p = e;
    bool neg = *p == '-';
    if (neg) p++;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9' && nd < sizeof digits - 1) digits[nd++] = *p;
    if (*p != 'e' || nd == 0) return 0;
    int exp = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--; /* 8.261000e+03: the zeros carry nothing */
    if (exp > 17 || exp < -(BK_AMOUNT_MAX_SCALE + 1)) return 0;
    char buf[64];
    if (neg) buf[w++] = '-';
    if (exp >= 0) {
        for (int i = 0; i <= exp; i++) buf[w++] = (size_t)i < nd ? digits[i] : '0';
        if (nd > (size_t)exp + 1) {
            buf[w++] = '.';
            for (size_t i = (size_t)exp + 1; i < nd; i++) buf[w++] = digits[i];
        }
    } else {
        buf[w++] = '0';
        buf[w++] = '.';
        for (int i = 0; i < -exp - 1; i++) buf[w++] = '0';
        for (size_t i = 0; i < nd; i++) buf[w++] = digits[i];
    }
    if (w + 1 > cap) return 0;
    memcpy(out, buf, w);
    out[w] = '\0';
    return w;
}

size_t xlsp_shortest_decimal(double d, char *out, size_t cap)
{
    if (!isfinite(d) || fabs(d) >= 1e18) return 0;
    if (d == 0) { /* -0 prints as 0: the sheet shows no sign */
        if (cap < 2) return 0;
        memcpy(out, "0", 2);
        return 1;
    }
    char e[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(e, sizeof e, "%.*e", p - 1, d);
        if (strtod(e, NULL) == d) return fixed_from_exp(e, out, cap);
    }
    return 0; /* unreachable for finite doubles: 17 digits always read back */
}

size_t xlsp_round_shown(const bk_host *h, const char *text, int shown, int fallback, char *out, size_t cap)
{
    int scale = shown >= fallback ? shown : fallback;
    if (scale > BK_AMOUNT_MAX_SCALE) scale = BK_AMOUNT_MAX_SCALE;
    bk_amount a;
    if (h->amount_parse_round(text, strlen(text), scale, &a) != BK_AMOUNT_OK) return 0;
    size_t n = h->amount_format(a, out, cap);
    /* Fewer decimals shown than the fallback (General, "#,##0"): trim the zeros rounding added. */
    int keep = shown < 0 ? 0 : shown;
    char *point = memchr(out, '.', n);
    if (point && shown < scale) {
        size_t min_len = (size_t)(point - out) + (keep ? (size_t)keep + 1 : 0);
        while (n > min_len && out[n - 1] == '0') n--;
        if (n > 0 && out[n - 1] == '.') n--;
        out[n] = '\0';
    }
    return n;
}
