/* SPDX-License-Identifier: MIT */
/* Exact decimal amounts. All arithmetic is on integers (int64, with
 * __int128 for intermediate products); text is never passed through double. */
#include <budgetkit/amount.h>
#include <string.h>

#define MAX_DIGITS 64  /* significant digits kept while parsing */
#define MAX_ASCII  192 /* longest normalized text accepted */

static const int64_t POW10[19] = {1LL,
                                  10LL,
                                  100LL,
                                  1000LL,
                                  10000LL,
                                  100000LL,
                                  1000000LL,
                                  10000000LL,
                                  100000000LL,
                                  1000000000LL,
                                  10000000000LL,
                                  100000000000LL,
                                  1000000000000LL,
                                  10000000000000LL,
                                  100000000000000LL,
                                  1000000000000000LL,
                                  10000000000000000LL,
                                  100000000000000000LL,
                                  1000000000000000000LL};

/* Map full-width forms and ideographic space to ASCII; returns the bytes
 * consumed from s (0 = not a mapped character). */
static size_t fullwidth_to_ascii(const unsigned char *s, size_t n, char *out)
{
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
        *out = (char)('0' + (s[2] - 0x90));
        return 3;
    }
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC) {
        switch (s[2]) {
        case 0x8B: *out = '+'; return 3;
        case 0x8C: *out = ','; return 3;
        case 0x8D: *out = '-'; return 3;
        case 0x8E: *out = '.'; return 3;
        default: return 0;
        }
    }
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {
        *out = ' ';
        return 3;
    }
    return 0;
}

static bool is_dash_only(const unsigned char *s, size_t n)
{
    /* "-", "--", "—" (U+2014), "－" (U+FF0D), "–" (U+2013) */
    if (n == 0) return false;
    size_t i = 0;
    while (i < n) {
        if (s[i] == '-')
            i++;
        else if (n - i >= 3 && s[i] == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0x94 || s[i + 2] == 0x93))
            i += 3;
        else if (n - i >= 3 && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] == 0x8D)
            i += 3;
        else
            return false;
    }
    return true;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* units = digits × 10^shift, rounded half away from zero when shift < 0. */
static bk_amount_result digits_to_units(bool neg, const char *digits, int n, long shift, int64_t *units)
{
    __int128 v = 0;
    if (shift >= 0) {
        for (int i = 0; i < n; i++) {
            v = v * 10 + (digits[i] - '0');
            if (v > INT64_MAX) return BK_AMOUNT_RANGE;
        }
        for (long k = 0; k < shift && v != 0; k++) {
            v *= 10;
            if (v > INT64_MAX) return BK_AMOUNT_RANGE;
        }
    } else {
        long keep = n + shift; /* digits kept before the rounding digit */
        if (keep < 0) {
            v = 0;
        } else {
            for (long i = 0; i < keep; i++) {
                v = v * 10 + (digits[i] - '0');
                if (v > INT64_MAX) return BK_AMOUNT_RANGE;
            }
            if (keep < n && digits[keep] >= '5') v += 1;
            if (v > INT64_MAX) return BK_AMOUNT_RANGE;
        }
    }
    *units = neg ? -(int64_t)v : (int64_t)v;
    return BK_AMOUNT_OK;
}

/* Core parser. target_scale < 0: keep the written scale (exact). */
static bk_amount_result parse(const char *text, size_t len, unsigned flags, int target_scale, bk_amount *out)
{
    if (!text) return BK_AMOUNT_BLANK;
    if (len == (size_t)-1) len = strlen(text);
    const unsigned char *s = (const unsigned char *)text;

    char buf[MAX_ASCII];
    size_t m = 0;
    for (size_t i = 0; i < len;) {
        char c;
        size_t used = (flags & BK_AMOUNT_FULLWIDTH) ? fullwidth_to_ascii(s + i, len - i, &c) : 0;
        if (!used) {
            if ((flags & BK_AMOUNT_SPACES) && len - i >= 3 && s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80) {
                c = ' ';
                used = 3;
            } else if (s[i] >= 0x80) {
                /* dashes are checked on the raw text below; anything else non-ASCII is not a number */
                if ((flags & BK_AMOUNT_DASH_BLANK) && is_dash_only(s, len)) return BK_AMOUNT_BLANK;
                if ((flags & BK_AMOUNT_DASH_BLANK) && (flags & BK_AMOUNT_SPACES)) {
                    /* trimmed dash, e.g. " — " */
                    size_t a = 0, b = len;
                    while (a < b && is_space((char)s[a])) a++;
                    while (b > a && is_space((char)s[b - 1])) b--;
                    if (is_dash_only(s + a, b - a)) return BK_AMOUNT_BLANK;
                }
                return BK_AMOUNT_SYNTAX;
            } else {
                c = (char)s[i];
                used = 1;
            }
        }
        if (m + 1 >= sizeof buf) return BK_AMOUNT_RANGE;
        buf[m++] = c;
        i += used;
    }
    size_t a = 0, b = m;
    if (flags & BK_AMOUNT_SPACES) {
        while (a < b && is_space(buf[a])) a++;
        while (b > a && is_space(buf[b - 1])) b--;
    }
    if (a == b) return BK_AMOUNT_BLANK;
    if ((flags & BK_AMOUNT_DASH_BLANK) && is_dash_only((const unsigned char *)buf + a, b - a)) return BK_AMOUNT_BLANK;

    size_t i = a;
    bool neg = false;
    if (buf[i] == '-' || buf[i] == '+') {
        neg = buf[i] == '-';
        i++;
    }
    char digits[MAX_DIGITS];
    int nd = 0;                         /* significant digits kept */
    long dropped_int = 0;               /* integer digits beyond MAX_DIGITS (round mode only) */
    int int_digits = 0, group_len = -1; /* group_len: digits since the last separator, -1 = none seen */
    bool any_digit = false;
    for (; i < b && ((buf[i] >= '0' && buf[i] <= '9') || buf[i] == ','); i++) {
        if (buf[i] == ',') {
            if (!(flags & BK_AMOUNT_SEPARATORS)) return BK_AMOUNT_SYNTAX;
            /* groups of three after a first group of one to three digits */
            if (int_digits == 0 || (group_len >= 0 && group_len != 3) || (group_len < 0 && int_digits > 3))
                return BK_AMOUNT_SYNTAX;
            group_len = 0;
            continue;
        }
        any_digit = true;
        int_digits++;
        if (group_len >= 0) group_len++;
        if (nd == 0 && buf[i] == '0') continue;
        if (nd < MAX_DIGITS)
            digits[nd++] = buf[i];
        else if (target_scale >= 0)
            dropped_int++;
        else
            return BK_AMOUNT_RANGE;
    }
    if (group_len >= 0 && group_len != 3) return BK_AMOUNT_SYNTAX;
    long frac = 0;
    if (i < b && buf[i] == '.') {
        i++;
        bool any_frac = false;
        for (; i < b && buf[i] >= '0' && buf[i] <= '9'; i++) {
            any_frac = true;
            frac++;
            if (nd == 0 && buf[i] == '0') continue;
            if (nd < MAX_DIGITS)
                digits[nd++] = buf[i];
            else if (target_scale >= 0)
                frac--; /* beyond precision: ignored in round mode */
            else
                return BK_AMOUNT_RANGE;
        }
        if (!any_frac) return BK_AMOUNT_SYNTAX;
    }
    if (!any_digit && frac == 0) return BK_AMOUNT_SYNTAX;
    long exp10 = 0;
    if (i < b && (buf[i] == 'e' || buf[i] == 'E')) {
        if (!(flags & BK_AMOUNT_EXPONENT)) return BK_AMOUNT_SYNTAX;
        i++;
        bool eneg = false;
        if (i < b && (buf[i] == '-' || buf[i] == '+')) eneg = buf[i++] == '-';
        if (i >= b) return BK_AMOUNT_SYNTAX;
        for (; i < b && buf[i] >= '0' && buf[i] <= '9'; i++) {
            if (exp10 > 100000) return BK_AMOUNT_RANGE;
            exp10 = exp10 * 10 + (buf[i] - '0');
        }
        if (eneg) exp10 = -exp10;
    }
    if (i != b) return BK_AMOUNT_SYNTAX;

    /* value = digits × 10^(dropped_int - frac + exp10) */
    long e = dropped_int - frac + exp10;
    int scale;
    if (target_scale >= 0) {
        scale = target_scale;
    } else if (flags & BK_AMOUNT_EXPONENT) {
        long want = -e;
        scale = want < 0 ? 0 : (want > BK_AMOUNT_MAX_SCALE ? BK_AMOUNT_MAX_SCALE : (int)want);
    } else {
        if (frac > BK_AMOUNT_MAX_SCALE) return BK_AMOUNT_RANGE;
        scale = (int)frac;
    }
    int64_t units;
    bk_amount_result r = digits_to_units(neg, digits, nd, e + scale, &units);
    if (r != BK_AMOUNT_OK) return r;
    out->units = units;
    out->scale = scale;
    return BK_AMOUNT_OK;
}

bk_amount_result bk_amount_parse(const char *text, size_t len, unsigned flags, bk_amount *out)
{
    bk_amount tmp;
    bk_amount_result r = parse(text, len, flags, -1, &tmp);
    if (r == BK_AMOUNT_OK && out) *out = tmp;
    return r;
}

bk_amount_result bk_amount_parse_round(const char *text, size_t len, int scale, bk_amount *out)
{
    if (scale < 0 || scale > BK_AMOUNT_MAX_SCALE) return BK_AMOUNT_RANGE;
    bk_amount tmp;
    bk_amount_result r = parse(text, len, BK_AMOUNT_EXPONENT | BK_AMOUNT_SPACES, scale, &tmp);
    if (r == BK_AMOUNT_OK && out) *out = tmp;
    return r;
}

const char *bk_amount_result_str(bk_amount_result r)
{
    switch (r) {
    case BK_AMOUNT_OK: return "ok";
    case BK_AMOUNT_BLANK: return "blank";
    case BK_AMOUNT_SYNTAX: return "not a decimal number";
    case BK_AMOUNT_RANGE: return "out of range (more than 18 digits or more than 6 decimals)";
    }
    return "unknown";
}

static size_t format(bk_amount a, char *buf, size_t cap, bool grouped)
{
    if (a.scale < 0 || a.scale > 18) return 0;
    uint64_t mag = a.units < 0 ? (uint64_t)0 - (uint64_t)a.units : (uint64_t)a.units;
    char rev[48];
    size_t n = 0;
    int pos = 0;
    do {
        if (pos == a.scale && a.scale > 0) rev[n++] = '.';
        int int_pos = pos - a.scale; /* digits into the integer part */
        if (grouped && int_pos > 0 && int_pos % 3 == 0) rev[n++] = ',';
        rev[n++] = (char)('0' + mag % 10);
        mag /= 10;
        pos++;
    } while (mag > 0 || pos <= a.scale);
    if (a.units < 0) rev[n++] = '-';
    if (n + 1 > cap) return 0;
    for (size_t i = 0; i < n; i++) buf[i] = rev[n - 1 - i];
    buf[n] = '\0';
    return n;
}

size_t bk_amount_format(bk_amount a, char *buf, size_t cap)
{
    return format(a, buf, cap, false);
}
size_t bk_amount_format_grouped(bk_amount a, char *buf, size_t cap)
{
    return format(a, buf, cap, true);
}

static bool scale_units(int64_t units, int from, int to, int64_t *out)
{
    if (to >= from) {
        int k = to - from;
        if (k > 18) return units == 0 ? (*out = 0, true) : false;
        __int128 v = (__int128)units * POW10[k];
        if (v > INT64_MAX || v < INT64_MIN) return false;
        *out = (int64_t)v;
        return true;
    }
    int k = from - to;
    if (k > 18) {
        *out = 0;
        return true;
    }
    int64_t p = POW10[k];
    int64_t q = units / p, r = units % p;
    /* half away from zero */
    if (r >= 0 ? r * 2 >= p : -r * 2 >= p) q += units < 0 ? -1 : 1;
    *out = q;
    return true;
}

bool bk_amount_rescale(bk_amount a, int scale, bk_amount *out)
{
    if (scale < 0 || scale > 18 || a.scale < 0 || a.scale > 18) return false;
    int64_t u;
    if (!scale_units(a.units, a.scale, scale, &u)) return false;
    out->units = u;
    out->scale = scale;
    return true;
}

bool bk_amount_add(bk_amount a, bk_amount b, bk_amount *out)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    bk_amount x, y;
    if (!bk_amount_rescale(a, s, &x) || !bk_amount_rescale(b, s, &y)) return false;
    int64_t r;
    if (__builtin_add_overflow(x.units, y.units, &r)) return false;
    out->units = r;
    out->scale = s;
    return true;
}

bool bk_amount_sub(bk_amount a, bk_amount b, bk_amount *out)
{
    if (b.units == INT64_MIN) return false;
    bk_amount nb = {-b.units, b.scale};
    return bk_amount_add(a, nb, out);
}

int bk_amount_cmp(bk_amount a, bk_amount b)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    __int128 x = a.units, y = b.units;
    for (int i = a.scale; i < s; i++) x *= 10;
    for (int i = b.scale; i < s; i++) y *= 10;
    return x < y ? -1 : x > y ? 1 : 0;
}

bool bk_amount_shift(bk_amount a, int digits, int scale, bk_amount *out)
{
    if (scale < 0 || scale > 18 || digits < 0 || digits > 18) return false;
    /* units' = units × 10^(scale - a.scale - digits) */
    int from = a.scale + digits;
    if (from > 36) return false;
    int64_t u;
    if (from <= 18) {
        if (!scale_units(a.units, from, scale, &u)) return false;
    } else {
        /* divide in two steps so exponents stay in the table */
        if (!scale_units(a.units, from - 18, 0, &u)) return false;
        if (!scale_units(u, 18, scale, &u)) return false;
    }
    out->units = u;
    out->scale = scale;
    return true;
}
