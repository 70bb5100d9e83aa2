/* SPDX-License-Identifier: MIT */
/* Headings the numbering does not tell (rz_heading_level): an unnumbered line that names a
 * section ("上海市普陀区司法局机构设置", "名词解释"), and a numbered list item that is not one
 * ("具体包括： 1. 本部" / "2. 法律援助中心"). A PDF prints its headings as plain lines; these
 * rules tell them from the text by what the document itself (its 目录) and the family's
 * definitions (the review's `sections`) name, never by words written here. */
#include "recognize_internal.h"

#include <budgetkit/review.h>

#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* The longest unnumbered heading, in characters: the numbered ones' limit (rz_heading_level). */
#define RZ_NAMED_MAX_CHARS 30

/* ---- what a line looks like ---- */

/* Past a leading "第X部分" (X Chinese numerals) and the spaces after it; @p s itself when none. */
static const char *rz_skip_part(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p == ' ') p++;
    if (strncmp((const char *)p, "第", 3)) return s;
    p += 3;
    size_t k = 0;
    for (;;) {
        const unsigned char *t = p;
        if (!*t || !rz_cn_numeral(bk_utf8_next(&t))) break;
        p = t;
        k++;
    }
    if (!k || strncmp((const char *)p, "部分", 6)) return s;
    p += 6;
    while (*p == ' ' || !strncmp((const char *)p, "\xe3\x80\x80", 3)) p += *p == ' ' ? 1 : 3;
    return (const char *)p;
}

/* The name a heading line or a 目录 entry gives, for comparing: its ordinal (一、 （一） 1.) or
 * 第X部分 skipped, a 目录's tab and page number and its leader dots cut, then the title
 * normalization (spaces, quotes, years and 部门/单位 dropped: "2026年部门预算编制说明" and
 * "四、部门预算编制说明" both give "预算编制说明"). */
static void rz_heading_name(const char *s, char *out, size_t cap)
{
    char cut[RZ_NORM_MAX];
    const char *from = rz_skip_part(rz_skip_ordinal(s));
    size_t n = strcspn(from, "\t");
    if (n >= sizeof cut) n = sizeof cut - 1;
    memcpy(cut, from, n);
    cut[n] = '\0';
    /* leaders: a run of . · … ． at the end (the seed's "一、本部门职责.....") */
    for (;;) {
        if (n >= 1 && (cut[n - 1] == '.' || cut[n - 1] == ' ')) {
            cut[--n] = '\0';
        } else if (n >= 3 && (!strcmp(cut + n - 3, "…") || !strcmp(cut + n - 3, "．") || !strcmp(cut + n - 3, "⋯"))) {
            n -= 3;
            cut[n] = '\0';
        } else if (n >= 2 && !strcmp(cut + n - 2, "·")) {
            n -= 2;
            cut[n] = '\0';
        } else {
            break;
        }
    }
    rz_norm_title(cut, out, cap);
}

/* A line shaped like a heading and nothing else: short, no sentence or clause mark (。；：，),
 * no leader, no figure (digits left once the years are dropped: an amount, a page number). */
static bool rz_heading_shaped(const char *s)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(s, n, sizeof n);
    size_t chars = rz_chars_in(n, NULL);
    if (chars < 2 || chars > RZ_NAMED_MAX_CHARS || rz_is_prose(s)) return false;
    if (strpbrk(n, ":,;\t") || rz_contains(n, "..") || rz_contains(n, "…") || rz_contains(n, "。")) return false;
    char t[RZ_NORM_MAX];
    rz_norm_title(s, t, sizeof t);
    return t[0] && !strpbrk(t, "0123456789");
}

/* The next non-blank row after @p r, or g->n_rows. */
static uint32_t rz_next_row(const bk_grid *g, uint32_t r)
{
    uint32_t k = r + 1;
    while (k < g->n_rows && rz_nonblank(g, k) == 0) k++;
    return k;
}

/* Body text follows row @p r: the next non-blank row is one cell of prose (a sentence, a long
 * line, or a clause: "…主要职责是：", "本部门中，…"). A 目录's list of headings, a table or
 * another heading is not. */
static bool rz_sentence_follows(const bk_grid *g, uint32_t r)
{
    uint32_t k = rz_next_row(g, r);
    if (k >= g->n_rows || rz_nonblank(g, k) != 1) return false;
    const char *t = rz_cell(g, k, rz_first(g, k));
    char n[RZ_NORM_MAX];
    rz_norm_basic(t, n, sizeof n);
    return (rz_is_prose(t) || strpbrk(n, ":,")) && rz_heading_level(t) == 0;
}

/* ---- what the document and the definitions name ---- */

/* The document's department as far as it is known while its text is read: the cover's
 * 预算主管部门 line, else the 部门名称 line of a table read before. */
static const char *rz_known_department(const rz_ctx *c)
{
    if (c->doc->department_name) return c->doc->department_name;
    for (size_t i = 0; i < c->doc->n_tables; i++)
        if (c->doc->tables[i].department) return c->doc->tables[i].department;
    return NULL;
}

/* Whether heading name @p n is the section name @p name, alone or after the document's
 * department ("上海市普陀区司法局" + "机构设置"; 中共 may be left out): a body heading adds
 * the department's name to what the 目录 or the definitions call the section. */
static bool rz_names(const char *n, const char *name, const char *dept)
{
    size_t ln = strlen(n), lm = strlen(name);
    if (!lm || lm > ln || memcmp(n + ln - lm, name, lm)) return false;
    size_t lp = ln - lm;
    if (lp == 0) return true;
    if (!dept || !*dept) return false;
    size_t ld = strlen(dept);
    if (lp == ld && !memcmp(n, dept, ld)) return true;
    return rz_starts(dept, "中共") && lp + 6 == ld && !memcmp(n, dept + 6, lp);
}

/* The level of the entry of 目录 text @p toc that @p n names (its own numbering's level; 1 when
 * it has none), or 0. */
static int rz_toc_entry_level(const char *toc, const char *n, const char *dept)
{
    char e[RZ_NORM_MAX], line[RZ_NORM_MAX];
    for (const char *p = toc; p && *p;) {
        size_t len = strcspn(p, "\n");
        if (len < sizeof line) {
            memcpy(line, p, len);
            line[len] = '\0';
            rz_heading_name(line, e, sizeof e);
            if (rz_chars_in(e, NULL) >= 2 && rz_names(n, e, dept)) {
                line[strcspn(line, "\t")] = '\0';
                int level = rz_heading_level(line);
                return level > 0 ? level : 1;
            }
        }
        p += len + (p[len] == '\n');
    }
    return 0;
}

/* The level of the 目录 entry that @p n names, or 0. The 目录 is the section headed 目录: the
 * PDF reader adds it before the text; a text's is read like any section (@p open_toc while it
 * is the one being read). */
static int rz_toc_level(const rz_ctx *c, const char *open_toc, const char *n, const char *dept)
{
    char h[RZ_NORM_MAX];
    for (size_t i = 0; i < c->doc->n_sections; i++) {
        const bk_section *s = &c->doc->sections[i];
        rz_norm_basic(s->heading, h, sizeof h);
        int level = strcmp(h, "目录") ? 0 : rz_toc_entry_level(s->text, n, dept);
        if (level > 0) return level;
    }
    return rz_toc_entry_level(open_toc, n, dept);
}

/* Whether @p n names a section the definitions' review lists (a `sections` entry's name or
 * one of its patterns), for the families of the document's kind (all while it is unknown). */
static bool rz_defs_name(const rz_ctx *c, const char *n, const char *dept)
{
    size_t count = 0;
    const bk_review_def *defs = bk_review_defs(&count);
    char e[RZ_NORM_MAX];
    for (size_t i = 0; i < count; i++) {
        if (c->family != BK_DOC_UNKNOWN && defs[i].document != c->family) continue;
        for (size_t k = 0; k < defs[i].n_sections; k++) {
            const bk_review_section_def *sd = &defs[i].sections[k];
            rz_norm_title(sd->name, e, sizeof e);
            if (rz_chars_in(e, NULL) >= 2 && rz_names(n, e, dept)) return true;
            for (size_t p = 0; sd->patterns && sd->patterns[p]; p++) {
                rz_norm_title(sd->patterns[p], e, sizeof e);
                if (rz_chars_in(e, NULL) >= 2 && rz_names(n, e, dept)) return true;
            }
        }
    }
    return false;
}

int rz_named_heading(const rz_ctx *c, uint32_t r, const char *open_toc)
{
    const bk_grid *g = c->g;
    if (r >= g->n_rows || rz_nonblank(g, r) != 1) return 0;
    const char *s = rz_cell(g, r, rz_first(g, r));
    if (rz_heading_level(s) > 0 || !rz_heading_shaped(s) || !rz_sentence_follows(g, r)) return 0;
    char n[RZ_NORM_MAX], d[RZ_NORM_MAX];
    rz_heading_name(s, n, sizeof n);
    const char *dept = rz_known_department(c);
    if (dept) rz_norm_title(dept, d, sizeof d);
    int level = rz_toc_level(c, open_toc, n, dept ? d : NULL);
    if (level > 0) return level;
    /* named by the definitions only: a part of its own, as the line under the cover is */
    return rz_defs_name(c, n, dept ? d : NULL) ? 1 : 0;
}

/* ---- numbered items that are not headings ---- */

/* The number and delimiter of an item numbered in digits ("2. X", "3、X", "2．X"); false for
 * any other line (一、 （一） ① are outlines' numbers, not a list's). */
static bool rz_digit_item(const char *s, unsigned *num, char *delim, size_t cap)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(s, n, sizeof n);
    unsigned v = 0;
    size_t k = 0;
    while (n[k] >= '0' && n[k] <= '9' && k < 4) v = v * 10 + (unsigned)(n[k++] - '0');
    if (k == 0 || (n[k] >= '0' && n[k] <= '9')) return false;
    const unsigned char *p = (const unsigned char *)n + k, *t = p;
    uint32_t c = bk_utf8_next(&t);
    if (c != '.' && c != 0x3001) return false;
    size_t len = (size_t)(t - p);
    if (len >= cap) return false;
    memcpy(delim, p, len);
    delim[len] = '\0';
    *num = v;
    return true;
}

/* Whether @p line holds item @p num of a list delimited by @p delim: the digits not part of a
 * larger number, the delimiter not a decimal point ("增长1.5%" is no item 1). */
static bool rz_has_item(const char *line, unsigned num, const char *delim)
{
    char n[RZ_NORM_MAX], want[16];
    rz_norm_basic(line, n, sizeof n);
    int w = snprintf(want, sizeof want, "%u%s", num, delim);
    if (w <= 0 || (size_t)w >= sizeof want) return false;
    for (const char *p = strstr(n, want); p; p = strstr(p + 1, want)) {
        bool starts = p == n || !((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.');
        char after = p[w];
        if (starts && !(after >= '0' && after <= '9')) return true;
    }
    return false;
}

bool rz_list_continues(const char *item, const char *prev_line)
{
    unsigned num = 0;
    char delim[8];
    if (!prev_line || !rz_digit_item(item, &num, delim, sizeof delim) || num < 2) return false;
    return rz_has_item(prev_line, num - 1, delim);
}

bool rz_item_without_body(const rz_ctx *c, uint32_t r, const char *open_toc)
{
    const bk_grid *g = c->g;
    unsigned num = 0;
    char delim[8];
    if (!rz_digit_item(rz_cell(g, r, rz_first(g, r)), &num, delim, sizeof delim)) return false;
    uint32_t k = rz_next_row(g, r);
    if (k >= g->n_rows || rz_nonblank(g, k) != 1) return false;
    const char *t = rz_cell(g, k, rz_first(g, k));
    int level = rz_heading_level(t);
    unsigned n2 = 0;
    char d2[8];
    /* a higher heading, the next item of the same list (num + 1, the same delimiter), or a
     * section's name */
    bool next_item = level == 3 && rz_digit_item(t, &n2, d2, sizeof d2) && n2 == num + 1 && !strcmp(d2, delim);
    return (level > 0 && level < 3) || next_item || rz_named_heading(c, k, open_toc) > 0;
}
