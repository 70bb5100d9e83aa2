/* SPDX-License-Identifier: MIT */
/**
 * @file definitions.c
 * @brief Lookups over the standard disclosure tables (see definitions.h).
 *
 * The tables themselves are data files (definitions/<family>.json, read by
 * core/definitions_load.c into the process's one set); there is no per-table
 * code. Readers, the validator and the layout find a table's panels, columns
 * and fixed items through these lookups and nowhere else. The rules below are
 * what the data files' title patterns, labels and synonyms are written for.
 *
 * ==== How a recognizer uses this data ====================================
 *
 * Title normalization (apply to a printed title before matching; every entry
 * of bk_table_def.title_patterns is already in this normalized form):
 *   N1. Width: fold full-width ASCII U+FF01..U+FF5E to ASCII ("（"→"(",
 *       "１"→"1", "："→":"); then map the brackets 【 】 〔 〕 ［ ］ [ ] to
 *       "(" and ")".
 *   N2. Delete all white space (ASCII space, tab, CR, LF, U+3000, U+00A0) and
 *       all quotation marks: " ' “ ” ‘ ’ 「 」 『 』 ("“三公”经费" → "三公经费").
 *   N3. Delete every year: four ASCII digits followed by "年度" or "年"
 *       ("2024年", "2023年度"), the suffix included.
 *   N4. Delete every occurrence of "部门" and of "单位" (the 部门/单位 prefix of
 *       部门收支总表 / 单位收支总表, and inner ones as in
 *       "一般公共预算基本支出部门预算经济分类预算表").
 *   Nothing else is removed: the department name, a numbering label on the
 *   same line ("预算公开表1"), 预算/决算 words and suffixes such as
 *   "(不含上年结转)" may remain, because matching is by containment.
 *
 * Matching: a definition matches when one of its title_patterns is a
 * substring of the normalized title. When several definitions match, the one
 * with the LONGEST matching pattern (in bytes) wins; on a tie, the earlier
 * definition in bk_table_defs() order wins. So "财政拨款收支总表" beats
 * "收支总表" and "项目支出预算表(上年结转)" beats "项目支出预算表" whatever
 * the order of the array. A recognizer that already knows the document
 * family (预算/决算) should try that family's definitions first. Since 预算/决算
 * words are not removed, patterns spell out the variants that carry them
 * (收支总表 and 收支预算总表); 决算 patterns keep 决算 because it is what tells
 * 三公经费支出决算表 from 三公经费支出预算表.
 *
 * Header cells (column labels, synonyms): labels are the official header
 * path, levels joined with "/"; synonyms are other printed forms of the LEAF
 * header. Compare after N1 and N2 on both sides, and after removing a leading
 * year - four digits, optionally followed by 年 or 年度 - when more text follows
 * ("2024年合计" → "合计", "2024预算数" → "预算数"); a header that is only a
 * year ("2024年") matches a column listing "2024年" among its synonyms.
 * Group levels whose printed text carries the year ("2024年预算数" over
 * 合计/基本支出/项目支出) are not part of the label.
 *
 * Row items (fixed panels): compare after N1, N2 and after stripping a
 * leading ordinal ("一、", "（一）", "1.", "①"), against the item's label and
 * synonyms treated the same way. Labels may repeat inside one panel (财政拨款
 * 收支总表 prints 一、一般公共预算 both as income and under 上年财政拨款结转):
 * the item order disambiguates - a level-2 item belongs to the nearest
 * preceding level-1 item. FUNCTION_CLASS rows map to their 类 through
 * bk_function_class_code(); their items carry key "f"+code ("f208").
 *
 * Levels: 0 = 合计/总计-type rows (role SUBTOTAL or TOTAL), 1 = ordinary
 * items (收入 lines, 类, 三公 items), 2 = sub-items (①公务用车购置费).
 */
#include <budgetkit/definitions.h>

#include "definitions_set.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

#define DEF_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------
 * Lookups.
 * ------------------------------------------------------------------------ */

const bk_table_def *bk_table_defs(size_t *count)
{
    const bk_defset *s = bk_defset_current();
    if (count) *count = s->n_tables;
    return s->tables;
}

const bk_table_def *bk_table_def_find(const char *kind)
{
    if (!kind) return NULL;
    const bk_defset *s = bk_defset_current();
    for (size_t i = 0; i < s->n_tables; i++)
        if (strcmp(s->tables[i].kind, kind) == 0) return &s->tables[i];
    return NULL;
}

const bk_panel_def *bk_table_def_panel(const bk_table_def *def, const char *panel_key)
{
    if (!def || !panel_key) return NULL;
    for (size_t i = 0; i < def->n_panels; i++)
        if (strcmp(def->panels[i].key, panel_key) == 0) return &def->panels[i];
    return NULL;
}

size_t bk_panel_def_core_columns(const bk_panel_def *pdef)
{
    size_t n = 0;
    while (pdef && n < pdef->n_columns && !pdef->columns[n].optional) n++;
    return n;
}

const bk_column_def *bk_panel_def_column(const bk_panel_def *pdef, const char *column_key)
{
    if (!pdef || !column_key) return NULL;
    for (size_t i = 0; i < pdef->n_columns; i++)
        if (strcmp(pdef->columns[i].key, column_key) == 0) return &pdef->columns[i];
    return NULL;
}

/* ------------------------------------------------------------------------
 * Function classes (支出功能分类 类): the names of definitions/function-classes.json,
 * matched after normalization.
 * ------------------------------------------------------------------------ */

/* Full-width ASCII → ASCII; everything else unchanged. */
static uint32_t def_fold(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFF01 + 0x21;
    return c;
}

static int def_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0x00A0;
}

static int def_is_cn_numeral(uint32_t c)
{
    static const uint32_t digits[] = {0x4E00 /*一*/, 0x4E8C /*二*/, 0x4E09 /*三*/, 0x56DB /*四*/, 0x4E94 /*五*/,
                                      0x516D /*六*/, 0x4E03 /*七*/, 0x516B /*八*/, 0x4E5D /*九*/, 0x5341 /*十*/,
                                      0x767E /*百*/, 0x96F6 /*零*/, 0x3007 /*〇*/, 0x4E24 /*两*/};
    for (size_t i = 0; i < DEF_COUNT(digits); i++)
        if (c == digits[i]) return 1;
    return 0;
}

/* What may follow an ordinal: 、 . , : ) and spaces (full-width already folded). */
static int def_is_ordinal_delim(uint32_t c)
{
    return c == 0x3001 /*、*/ || c == '.' || c == ',' || c == ':' || c == ')' || c == 0x3002 /*。*/ || def_is_space(c);
}

/* Circled / parenthesized / full-stop numbers ①…⒛ and ㈠…㈩. */
static int def_is_enclosed_number(uint32_t c)
{
    return (c >= 0x2460 && c <= 0x249B) || (c >= 0x3220 && c <= 0x3229);
}

/*
 * After an ordinal: consume spaces and at most one punctuation delimiter
 * ("十 、 卫生健康支出"). Returns 1 when anything was consumed.
 */
static int def_skip_delims(const unsigned char **p)
{
    const unsigned char *s = *p;
    int punct = 0, any = 0;
    for (;;) {
        const unsigned char *t = s;
        uint32_t d = def_fold(bk_utf8_next(&t));
        if (!*s || !def_is_ordinal_delim(d) || (!def_is_space(d) && punct)) break;
        if (!def_is_space(d)) punct = 1;
        s = t;
        any = 1;
    }
    *p = s;
    return any;
}

/*
 * Skip one ordinal prefix at *p ("一、", "十五.", "（一）", "(3)", "1.", "①").
 * Bare numerals must be followed by a delimiter, so "一般…" is left alone.
 * Returns 1 and advances *p when one was skipped.
 */
static int def_skip_ordinal(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = def_fold(bk_utf8_next(&s));

    if (def_is_enclosed_number(c)) {
        def_skip_delims(&s);
        *p = s;
        return 1;
    }
    if (c == '(') {
        uint32_t d = 0;
        int n = 0;
        for (;;) {
            const unsigned char *t = s;
            d = def_fold(bk_utf8_next(&t));
            if (!*s || !(def_is_cn_numeral(d) || (d >= '0' && d <= '9'))) break;
            s = t;
            n++;
        }
        if (n == 0 || d != ')') return 0;
        bk_utf8_next(&s); /* the ')' */
        def_skip_delims(&s);
        *p = s;
        return 1;
    }
    if (def_is_cn_numeral(c) || (c >= '0' && c <= '9')) {
        int cn = def_is_cn_numeral(c);
        for (;;) {
            const unsigned char *t = s;
            uint32_t d = def_fold(bk_utf8_next(&t));
            if (!*s || !(cn ? def_is_cn_numeral(d) : (d >= '0' && d <= '9'))) break;
            s = t;
        }
        if (!def_skip_delims(&s)) return 0;
        *p = s;
        return 1;
    }
    return 0;
}

static size_t def_utf8_put(char *out, size_t len, size_t cap, uint32_t c)
{
    unsigned char b[4];
    size_t n = bk_utf8_encode(c, b);
    if (len + n >= cap) return (size_t)-1;
    memcpy(out + len, b, n);
    return len + n;
}

/*
 * Normalize a printed 类 name into out (caller's stack buffer): leading
 * spaces and ordinal prefixes dropped, spaces and 等 removed anywhere,
 * full-width ASCII folded, a trailing "(类)" dropped. Returns 0, or -1 when
 * the name does not fit (no 类 name comes close to the buffer size).
 */
int bk_defs_class_normalize(const char *name, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t len = 0;

    for (int round = 0; round < 4; round++) {
        while (*p) {
            const unsigned char *t = p;
            if (!def_is_space(bk_utf8_next(&t))) break;
            p = t;
        }
        if (!def_skip_ordinal(&p)) break;
    }
    while (*p) {
        uint32_t c = def_fold(bk_utf8_next(&p));
        if (def_is_space(c) || c == 0x7B49 /*等*/) continue;
        len = def_utf8_put(out, len, cap, c);
        if (len == (size_t)-1) return -1;
    }
    out[len] = '\0';
    static const char suffix[] = "(类)";
    size_t sl = sizeof suffix - 1;
    if (len > sl && memcmp(out + len - sl, suffix, sl) == 0) out[len - sl] = '\0';
    return 0;
}

const char *bk_function_class_code(const char *printed_name)
{
    char buf[256];
    if (!printed_name || bk_defs_class_normalize(printed_name, buf, sizeof buf) != 0 || buf[0] == '\0') return NULL;
    const bk_defset *s = bk_defset_current();
    for (size_t i = 0; i < s->n_classes; i++)
        if (strcmp(buf, s->class_match[i]) == 0) return s->classes[i].code;
    for (size_t i = 0; i < s->n_aliases; i++)
        if (strcmp(buf, s->alias_match[i]) == 0) return s->aliases[i].code;
    return NULL;
}

const char *bk_function_class_name(const char *code)
{
    if (!code) return NULL;
    const bk_defset *s = bk_defset_current();
    for (size_t i = 0; i < s->n_classes; i++)
        if (strcmp(code, s->classes[i].code) == 0) return s->classes[i].name;
    return NULL;
}

const bk_function_class_def *bk_function_classes(size_t *count)
{
    const bk_defset *s = bk_defset_current();
    if (count) *count = s->n_classes;
    return s->classes;
}

const bk_function_class_def *bk_function_class_aliases(size_t *count)
{
    const bk_defset *s = bk_defset_current();
    if (count) *count = s->n_aliases;
    return s->aliases;
}
