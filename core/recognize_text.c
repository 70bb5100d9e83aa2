/* SPDX-License-Identifier: MIT */
/* Text helpers of the recognizer: the normalization rules of definitions.c,
 * ordinals, amounts, headings, and grid-row views. */
#include "recognize_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "utf8.h"

static size_t rz_put(char *out, size_t len, size_t cap, uint32_t c)
{
    unsigned char b[4];
    size_t n = bk_utf8_encode(c, b);
    if (len + n >= cap) return len; /* too long: truncated texts simply fail to match */
    memcpy(out + len, b, n);
    return len + n;
}

static bool rz_space_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xA0;
}

static bool rz_quote_cp(uint32_t c)
{
    return c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x300C ||
           c == 0x300D || c == 0x300E || c == 0x300F;
}

static uint32_t rz_fold(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
    if (c == 0x3010 || c == 0x3014 || c == '[' || c == 0xFF3B) return '(';
    if (c == 0x3011 || c == 0x3015 || c == ']' || c == 0xFF3D) return ')';
    return c;
}

void rz_norm_basic(const char *s, char *out, size_t cap)
{
    size_t len = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        uint32_t c = rz_fold(bk_utf8_next(&p));
        if (rz_space_cp(c) || rz_quote_cp(c)) continue;
        len = rz_put(out, len, cap, c);
    }
    out[len] = '\0';
}

/* Remove every "YYYY年度"/"YYYY年" (and, when @p drop_units, every 部门/单位) in place. */
static void rz_drop_years(char *s, bool drop_units)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] >= '0' && r[0] <= '9' && r[1] >= '0' && r[1] <= '9' && r[2] >= '0' && r[2] <= '9' && r[3] >= '0' &&
            r[3] <= '9' && !strncmp(r + 4, "年", 3) && (r == s || !(r[-1] >= '0' && r[-1] <= '9'))) {
            r += 7;
            if (!strncmp(r, "度", 3)) r += 3;
            continue;
        }
        if (drop_units && (!strncmp(r, "部门", 6) || !strncmp(r, "单位", 6))) {
            r += 6;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
}

void rz_norm_title(const char *s, char *out, size_t cap)
{
    rz_norm_basic(s, out, cap);
    rz_drop_years(out, true);
}

void rz_norm_header(const char *s, char *out, size_t cap, bool *only_year)
{
    rz_norm_basic(s, out, cap);
    *only_year = false;
    if (strlen(out) >= 4 && out[0] >= '0' && out[0] <= '9' && out[1] >= '0' && out[1] <= '9' && out[2] >= '0' &&
        out[2] <= '9' && out[3] >= '0' && out[3] <= '9' && !strncmp(out + 4, "年", 3)) {
        size_t skip = 7 + (!strncmp(out + 7, "度", 3) ? 3 : 0);
        memmove(out, out + skip, strlen(out + skip) + 1);
        *only_year = out[0] == '\0';
    }
}

bool rz_cn_numeral(uint32_t c)
{
    static const uint32_t d[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
                                 0x516B, 0x4E5D, 0x5341, 0x767E, 0x96F6, 0x3007, 0x4E24};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (c == d[i]) return true;
    return false;
}

static bool rz_ord_delim(uint32_t c)
{
    return c == 0x3001 || c == '.' || c == ',' || c == ':' || c == 0xFF0E;
}

const char *rz_skip_ordinal(const char *str)
{
    const unsigned char *s = (const unsigned char *)str, *t;
    while (*s) {
        t = s;
        if (!rz_space_cp(bk_utf8_next(&t))) break;
        s = t;
    }
    const unsigned char *start = s;
    t = s;
    uint32_t c = rz_fold(bk_utf8_next(&t));
    if ((c >= 0x2460 && c <= 0x249B) || (c >= 0x3220 && c <= 0x3229)) {
        s = t;
    } else if (c == '(') {
        int n = 0;
        uint32_t d = 0;
        for (;;) {
            const unsigned char *u = t;
            d = rz_fold(bk_utf8_next(&u));
            if (!*t || !(rz_cn_numeral(d) || (d >= '0' && d <= '9'))) break;
            t = u;
            n++;
        }
        if (n == 0 || d != ')') return (const char *)start;
        bk_utf8_next(&t);
        s = t;
    } else if (rz_cn_numeral(c) || (c >= '0' && c <= '9')) {
        bool cn = rz_cn_numeral(c);
        for (;;) {
            const unsigned char *u = t;
            uint32_t d = rz_fold(bk_utf8_next(&u));
            if (!*t || !(cn ? rz_cn_numeral(d) : (d >= '0' && d <= '9'))) break;
            t = u;
        }
        const unsigned char *u = t;
        uint32_t d = rz_fold(bk_utf8_next(&u));
        if (!*t || !rz_ord_delim(d)) return (const char *)start;
        s = u;
    } else {
        return (const char *)start;
    }
    while (*s) {
        t = s;
        if (!rz_space_cp(bk_utf8_next(&t))) break;
        s = t;
    }
    return (const char *)s;
}

void rz_norm_item(const char *s, char *out, size_t cap)
{
    rz_norm_basic(rz_skip_ordinal(s ? s : ""), out, cap);
}

bool rz_blank(const char *s)
{
    if (!s) return true;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (!rz_space_cp(bk_utf8_next(&p))) return false;
    }
    return true;
}

const char *rz_trim_dup(bk_document *doc, const char *s)
{
    if (rz_blank(s)) return NULL;
    const unsigned char *p = (const unsigned char *)s, *t;
    while (*p) {
        t = p;
        if (!rz_space_cp(bk_utf8_next(&t))) break;
        p = t;
    }
    const unsigned char *end = p, *q = p;
    while (*q) {
        uint32_t c = bk_utf8_next(&q);
        if (!rz_space_cp(c)) end = q;
    }
    return bk_document_strdup(doc, (const char *)p, (size_t)(end - p));
}

bool rz_is_digits(const char *s, size_t min_len)
{
    while (*s == ' ') s++;
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9') n++;
    const char *e = s + n;
    while (*e == ' ') e++;
    return n >= min_len && *e == '\0';
}

bk_amount_result rz_amount(const char *s, bk_amount *out)
{
    return bk_amount_parse(s, (size_t)-1, BK_AMOUNT_LENIENT, out);
}

int rz_find_year(const char *s)
{
    for (const char *p = s; p && *p; p++) {
        if (!(p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
              p[3] <= '9') ||
            (p != s && p[-1] >= '0' && p[-1] <= '9'))
            continue;
        /* "2024年", and "2024 年度" as a PDF title spaces it */
        const char *q = p + 4;
        while (*q == ' ' || !strncmp(q, "\xe3\x80\x80", 3)) q += *q == ' ' ? 1 : 3;
        if (strncmp(q, "年", 3)) continue;
        int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        return y >= 1990 && y <= 2100 ? y : 0;
    }
    return 0;
}

bool rz_contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}
bool rz_starts(const char *s, const char *prefix)
{
    return s && !strncmp(s, prefix, strlen(prefix));
}

size_t rz_chars_in(const char *s, const char *end)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && (!end || p < (const unsigned char *)end); p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

static size_t rz_chars(const char *s)
{
    return rz_chars_in(s, NULL);
}

bool rz_is_prose(const char *s)
{
    return rz_chars(s) > 40 || rz_contains(s, "。") || rz_contains(s, "；");
}

int rz_heading_level(const char *s)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(s, n, sizeof n);
    if (!n[0]) return 0;
    if (!strcmp(n, "目录")) return 1;
    if (rz_starts(n, "第")) {
        const unsigned char *p = (const unsigned char *)n + 3;
        int k = 0;
        while (*p) {
            const unsigned char *t = p;
            if (!rz_cn_numeral(bk_utf8_next(&t))) break;
            p = t;
            k++;
        }
        if (k > 0 && !strncmp((const char *)p, "部分", 6)) return rz_chars(n) <= 30 ? 1 : 0;
    }
    if (rz_is_prose(n) || rz_contains(n, ":") || rz_contains(n, ",") || rz_chars(n) > 30) return 0;
    const char *after = rz_skip_ordinal(s);
    if (after == s || rz_blank(after)) return 0;
    const unsigned char *p = (const unsigned char *)s, *t;
    while (*p) {
        t = p;
        if (!rz_space_cp(bk_utf8_next(&t))) break;
        p = t;
    }
    t = p;
    uint32_t c = rz_fold(bk_utf8_next(&t));
    if (rz_cn_numeral(c)) return 2;
    return 3;
}

/* ---- grid rows ---- */

const char *rz_cell(const bk_grid *g, uint32_t r, uint32_t c)
{
    const char *t = bk_grid_text(g, r, c);
    return rz_blank(t) ? "" : t;
}

uint32_t rz_width(const bk_grid *g, uint32_t r)
{
    if (r >= g->n_rows) return 0;
    uint32_t w = g->rows[r].n_cells;
    while (w > 0 && rz_blank(g->rows[r].cells[w - 1].text)) w--;
    return w;
}

uint32_t rz_nonblank(const bk_grid *g, uint32_t r)
{
    if (r >= g->n_rows) return 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < g->rows[r].n_cells; i++) n += !rz_blank(g->rows[r].cells[i].text);
    return n;
}

uint32_t rz_first(const bk_grid *g, uint32_t r)
{
    uint32_t w = rz_width(g, r);
    for (uint32_t i = 0; i < w; i++)
        if (!rz_blank(g->rows[r].cells[i].text)) return i;
    return w;
}

bk_pos rz_pos(const bk_grid *g, uint32_t r)
{
    bk_pos p = {.line = 0};
    if (r >= g->n_rows) return p;
    uint32_t f = rz_first(g, r);
    if (f < g->rows[r].n_cells) p = g->rows[r].cells[f].src;
    if (!p.line && !p.page && !p.sheet) p = g->rows[r].src;
    return p;
}

bk_pos rz_row_pos(const bk_grid *g, uint32_t r)
{
    bk_pos p = rz_pos(g, r);
    if (r < g->n_rows) {
        const bk_pos *rs = &g->rows[r].src;
        if (rs->page && rs->page == p.page && (rs->box.x1 > rs->box.x0 || rs->box.y1 > rs->box.y0)) p.box = rs->box;
    }
    return p;
}

bk_pos rz_cell_pos(const bk_grid *g, uint32_t r, uint32_t col)
{
    if (r < g->n_rows && col < g->rows[r].n_cells) {
        bk_pos p = g->rows[r].cells[col].src;
        if (p.line || p.page || p.sheet) return p;
    }
    bk_pos p = rz_pos(g, r);
    p.column = col + 1;
    p.box = (bk_box){0, 0, 0, 0};
    return p;
}

/* ---- indicator vocabulary ---- */

static const char *const RZ_LEVEL1[] = {"产出指标", "效益指标", "满意度指标", "成本指标", NULL};
static const char *const RZ_LEVEL2[] = {"数量指标",
                                        "质量指标",
                                        "时效指标",
                                        "成本指标",
                                        "经济效益指标",
                                        "社会效益指标",
                                        "生态效益指标",
                                        "可持续影响指标",
                                        "服务对象满意度指标",
                                        "经济成本指标",
                                        "社会成本指标",
                                        "生态环境成本指标",
                                        NULL};

bool rz_is_level1_name(const char *s)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(s, n, sizeof n);
    for (size_t i = 0; RZ_LEVEL1[i]; i++)
        if (!strcmp(n, RZ_LEVEL1[i])) return true;
    return false;
}

bool rz_is_level2_name(const char *s)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(s, n, sizeof n);
    size_t len = strlen(n);
    if (len < 12) return false; /* at least 4 characters */
    for (size_t i = 0; RZ_LEVEL2[i]; i++)
        if (!strncmp(RZ_LEVEL2[i], n, len)) return true;
    return false;
}
