/* SPDX-License-Identifier: MIT */
/* The table recognizer: walks report-shaped grids line by line and hands each
 * table title to recognize_table.c, each performance-form title to
 * recognize_perf.c; everything else becomes text sections (keyed by their
 * headings) or document facts. Nothing is dropped without a warning. */
#include "recognize_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rz_warn(rz_ctx *c, bk_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* a page position has no line: the page and box go into the context */
    char where[BK_POS_TEXT_MAX];
    const char *ctx = pos.page ? bk_pos_describe(&pos, 1, where, sizeof where) : NULL;
    bk_diags_addv(c->diags, BK_SEV_WARNING, pos.line, pos.column, ctx, fmt, ap);
    va_end(ap);
}

bk_pos rz_keep_pos(rz_ctx *c, bk_pos p)
{
    if (!p.sheet) return p;
    /* one copy per sheet: positions of one grid share its name */
    if (p.sheet != c->sheet_src) {
        c->sheet_doc = bk_document_strdup(c->doc, p.sheet, (size_t)-1);
        c->sheet_src = c->sheet_doc ? p.sheet : NULL;
    }
    p.sheet = c->sheet_doc;
    return p;
}

/* ---------------------------------------------------------------- line kinds */

bool rz_is_number_label(const char *text)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(text, n, sizeof n);
    const char *p = n;
    static const char *const prefixes[] = {"预算公开表", "部门公开表", "决算公开表", "公开表", "附表", "表", NULL};
    for (size_t i = 0; prefixes[i]; i++) {
        if (rz_starts(p, prefixes[i])) {
            p += strlen(prefixes[i]);
            break;
        }
    }
    if (p == n) return false;
    size_t k = 0;
    while (p[k] >= '0' && p[k] <= '9') k++;
    if (k > 0 && p[k] == '\0') return true;
    /* 表一 … 表十三 */
    return false;
}

int rz_perf_title(const char *text)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(text, n, sizeof n);
    if (rz_is_prose(n)) return 0;
    if (rz_contains(n, "整体支出绩效目标")) return BK_PERF_DEPARTMENT;
    if (rz_contains(n, "项目支出绩效目标表") || rz_contains(n, "项目绩效目标申报表")) return BK_PERF_PROJECT;
    return 0;
}

/* What may follow the pattern in a title: the word for "table" the pattern left out
 * (表, 预算表, 决算表, 明细表: "…支出功能分类" + "预算表"), then nothing or one parenthesized
 * suffix (不含上年结转), which a line break may have cut ("(不含上年"). */
static bool rz_title_tail_ok(const char *pat, const char *tail)
{
    static const char *const words[] = {"预算明细表", "决算明细表", "预算表", "决算表", "明细表", "表", NULL};
    size_t pl = strlen(pat);
    bool pat_is_table = pl >= 3 && !strcmp(pat + pl - 3, "表");
    if (!pat_is_table)
        for (size_t i = 0; words[i]; i++)
            if (rz_starts(tail, words[i])) {
                tail += strlen(words[i]);
                break;
            }
    if (!*tail) return true;
    if (tail[0] != '(') return false;
    const char *close = strchr(tail, ')');
    return close ? close[1] == '\0' : strlen(tail) < 40;
}

/* A table title ends with 表, before any parenthesized suffix: "财政拨款“三公”经费" over a
 * header names a column group, not a table. */
static bool rz_title_ends_as_table(const char *n)
{
    const char *open = strchr(n, '(');
    size_t len = open ? (size_t)(open - n) : strlen(n);
    return len >= 3 && !memcmp(n + len - 3, "表", 3);
}

const bk_table_def *rz_match_title(rz_ctx *c, const char *text)
{
    char n[RZ_NORM_MAX];
    rz_norm_title(text, n, sizeof n);
    if (!n[0] || rz_contains(n, "...") || rz_contains(n, "…") || rz_is_prose(text) || !rz_title_ends_as_table(n))
        return NULL;
    size_t count = 0;
    const bk_table_def *defs = bk_table_defs(&count);
    const bk_table_def *best = NULL;
    size_t best_len = 0;
    int best_family_match = 0;
    for (size_t i = 0; i < count; i++) {
        /* the patterns, then the definition's own title: the title our layout prints (a compiled
         * 一般公共预算基本支出表) reads back as a title even when no pattern spells it out */
        size_t n_pat = 0;
        while (defs[i].title_patterns && defs[i].title_patterns[n_pat]) n_pat++;
        for (size_t k = 0; k <= n_pat; k++) {
            const char *pat = k < n_pat ? defs[i].title_patterns[k] : defs[i].title;
            if (!pat || !*pat) continue;
            const char *hit = strstr(n, pat);
            if (!hit || !rz_title_tail_ok(pat, hit + strlen(pat))) continue;
            /* the pattern may also carry the suffix itself: "项目支出预算表(上年结转)" */
            size_t len = strlen(pat);
            int fam = c->family != BK_DOC_UNKNOWN && defs[i].family == c->family;
            if (len > best_len || (len == best_len && fam > best_family_match)) {
                best = &defs[i];
                best_len = len;
                best_family_match = fam;
            }
        }
    }
    return best;
}

bool rz_is_boundary(rz_ctx *c, uint32_t r)
{
    if (rz_nonblank(c->g, r) != 1) return false;
    const char *t = rz_cell(c->g, r, rz_first(c->g, r));
    return rz_match_title(c, t) || rz_is_number_label(t) || rz_perf_title(t) || rz_heading_level(t) > 0 ||
           rz_is_prose(t) || rz_custom_title(c, r);
}

/* ---------------------------------------------------------------- sections */

typedef struct rz_text {
    char *buf;
    size_t len, cap;
} rz_text;

static int rz_text_add(rz_text *t, const char *s, size_t n)
{
    if (t->len + n + 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        while (cap < t->len + n + 2) cap *= 2;
        char *nb = realloc(t->buf, cap);
        if (!nb) return BK_ERR_NOMEM;
        t->buf = nb;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
    return BK_OK;
}

/* Where a line of a section's text starts in it, and where it was read. */
typedef struct rz_line {
    size_t at;
    bk_pos pos;
} rz_line;

typedef struct rz_section {
    bool open;
    const char *heading;
    int level;
    bk_pos pos;
    rz_text text;
    rz_line *lines; /* one per grid row of the text, in order */
    size_t n_lines, cap_lines;
} rz_section;

/* Each paragraph's position: the line it starts in (a cell's own line break stays in its line). */
static int rz_section_para_pos(rz_ctx *c, rz_section *s, size_t index)
{
    bk_pos *pp = s->n_lines ? bk_section_para_pos(c->doc, index) : NULL;
    if (!s->n_lines || !c->doc->sections[index].text) return BK_OK;
    if (!pp) return bk_error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    size_t line = 0, k = 0;
    for (size_t at = 0; at <= s->text.len; k++) {
        while (line + 1 < s->n_lines && s->lines[line + 1].at <= at) line++;
        pp[k] = rz_keep_pos(c, s->lines[line].pos);
        const char *nl = memchr(s->text.buf + at, '\n', s->text.len - at);
        if (!nl) break;
        at = (size_t)(nl - s->text.buf) + 1;
    }
    return BK_OK;
}

static int rz_section_flush(rz_ctx *c, rz_section *s)
{
    if (!s->open) return BK_OK;
    bk_section *sec = bk_document_add_section(c->doc, s->heading, s->level, s->text.len ? s->text.buf : NULL);
    if (!sec) return bk_error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    sec->pos = rz_keep_pos(c, s->pos);
    int rc = rz_section_para_pos(c, s, c->doc->n_sections - 1);
    s->open = false;
    s->text.len = 0;
    s->n_lines = 0;
    return rc;
}

/* One line of text: the row's cells joined by tabs (trailing empty cells dropped). */
static int rz_section_line(rz_section *s, const bk_grid *g, uint32_t r)
{
    uint32_t w = rz_width(g, r);
    int rc = BK_OK;
    if (s->text.len) rc = rz_text_add(&s->text, "\n", 1);
    if (!rc && s->n_lines == s->cap_lines) {
        size_t cap = s->cap_lines ? s->cap_lines * 2 : 64;
        rz_line *nl = realloc(s->lines, cap * sizeof *nl);
        if (!nl) return BK_ERR_NOMEM;
        s->lines = nl;
        s->cap_lines = cap;
    }
    if (!rc) s->lines[s->n_lines++] = (rz_line){s->text.len, rz_row_pos(g, r)};
    for (uint32_t i = 0; i < w && !rc; i++) {
        if (i) rc = rz_text_add(&s->text, "\t", 1);
        const char *t = bk_grid_text(g, r, i);
        if (!rc && !rz_blank(t)) rc = rz_text_add(&s->text, t, strlen(t));
    }
    return rc;
}

/* The text line the open section read last (where a list's previous item stands), or NULL. */
static const char *rz_section_last_line(const rz_section *s)
{
    return s->open && s->n_lines ? s->text.buf + s->lines[s->n_lines - 1].at : NULL;
}

/* The text of the open section when it is the 目录 (its lines are entries: what a heading
 * after it may name), else NULL. */
static const char *rz_open_toc(const rz_section *s)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(s->open ? s->heading : NULL, n, sizeof n);
    return !strcmp(n, "目录") && s->text.len ? s->text.buf : NULL;
}

/* The heading level of single-cell row @p r (0: a line of text). The numbering says it, but
 * an item numbered in digits is a line of its list when the previous line holds the item before
 * it ("具体包括： 1. 本部" / "2. 法律援助中心") or nothing follows it as its text; and a line
 * without a number is a heading when it names a section (rz_named_heading). */
static int rz_line_heading(rz_ctx *c, const rz_section *sec, uint32_t r, const char *line)
{
    int level = rz_heading_level(line);
    const char *toc = rz_open_toc(sec);
    if (level == 3 && (rz_list_continues(line, rz_section_last_line(sec)) || rz_item_without_body(c, r, toc))) return 0;
    return level > 0 ? level : rz_named_heading(c, r, toc);
}

/* ---------------------------------------------------------------- document facts */

/* Where an administrative suffix ends within the first @p max_chars characters of @p s, or NULL. */
static const char *rz_admin_end(const char *s, const char *const *ends, size_t max_chars)
{
    const char *best = NULL;
    for (size_t i = 0; ends[i]; i++) {
        const char *p = strstr(s, ends[i]);
        if (!p || p == s) continue;
        if (rz_chars_in(s, p) > max_chars) continue;
        if (!best || p < best) best = p + strlen(ends[i]);
    }
    return best;
}

static void rz_region_from(bk_document *doc, const char *dept)
{
    /* the province or city, then a district or county right after it: 忻州市民政局 → 忻州市,
     * 上海市普陀区人民政府办公室 → 上海市普陀区 (区县级); a leading 中共 is the Party's, not a place */
    static const char *const first[] = {"自治区", "省", "市", "自治州", NULL};
    static const char *const second[] = {"市", "区", "县", "旗", NULL};
    if (rz_starts(dept, "中共")) dept += strlen("中共");
    const char *end = rz_admin_end(dept, first, 8);
    if (!end) end = rz_admin_end(dept, second, 8);
    if (!end) return;
    const char *more = rz_admin_end(end, second, 4);
    if (more) end = more;
    doc->region = bk_document_strdup(doc, dept, (size_t)(end - dept));
    if (!doc->level) {
        size_t n = strlen(doc->region);
        bool county = n >= 3 && (!strcmp(doc->region + n - 3, "区") || !strcmp(doc->region + n - 3, "县") ||
                                 !strcmp(doc->region + n - 3, "旗"));
        const char *level = county ? "区县级"
                            : n >= 3 && !strcmp(doc->region + n - 3, "市") && !rz_contains(doc->region, "省") ? "市级"
                            : (rz_contains(doc->region, "省") || rz_contains(doc->region, "自治区")) && !more ? "省级"
                                                                                                              : "市级";
        doc->level = bk_document_strdup(doc, level, (size_t)-1);
    }
}

/* Budget units: the short lines after "分别是" in the 机构设置 section. */
static void rz_units_from_sections(bk_document *doc)
{
    for (size_t i = 0; i < doc->n_sections; i++) {
        const bk_section *s = &doc->sections[i];
        if (!s->heading || !s->text || !rz_contains(s->heading, "机构设置")) continue;
        const char *p = strstr(s->text, "分别是");
        if (!p) continue;
        p = strchr(p, '\n');
        while (p && *p) {
            p++;
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            char line[RZ_NORM_MAX];
            if (n > 0 && n < sizeof line) {
                memcpy(line, p, n);
                line[n] = '\0';
                if (!rz_contains(line, "。") && !rz_contains(line, "：") && !strchr(line, '\t') && !rz_blank(line)) {
                    const char *name = rz_trim_dup(doc, line);
                    if (name) bk_document_add_unit(doc, NULL, name, NULL);
                }
            }
            p = e;
        }
    }
}

static void rz_facts(bk_document *doc, const char *cover)
{
    if (cover && *cover) {
        doc->title = bk_document_strdup(doc, cover, (size_t)-1);
        if (!doc->fiscal_year) doc->fiscal_year = rz_find_year(cover);
        if (rz_contains(cover, "决算"))
            doc->kind = BK_DOC_FINAL_ACCOUNTS;
        else if (rz_contains(cover, "预算"))
            doc->kind = BK_DOC_BUDGET;
    }
    for (size_t i = 0; i < doc->n_tables && (!doc->fiscal_year || !doc->department_name || !doc->kind); i++) {
        const bk_table *t = &doc->tables[i];
        if (!doc->fiscal_year) doc->fiscal_year = rz_find_year(t->title);
        if (!doc->department_name && t->department) doc->department_name = t->department;
        if (!doc->kind) {
            const bk_table_def *d = bk_table_def_find(t->kind);
            if (d) doc->kind = d->family;
        }
    }
    for (size_t i = 0; i < doc->n_perf_targets; i++) {
        const bk_perf_target *p = &doc->perf_targets[i];
        if (!doc->level && p->title) {
            static const char *const levels[] = {"省级", "市级", "县级", "区级", NULL};
            for (size_t k = 0; levels[k]; k++)
                if (rz_contains(p->title, levels[k])) {
                    doc->level = bk_document_strdup(
                        doc, !strcmp(levels[k], "县级") || !strcmp(levels[k], "区级") ? "区县级" : levels[k],
                        (size_t)-1);
                    break;
                }
        }
        for (size_t f = 0; f < p->n_fields && !doc->department_code; f++) {
            const bk_field *fl = &p->fields[f];
            if (!fl->value || !fl->key || (strcmp(fl->key, "department") && strcmp(fl->key, "department_name")))
                continue;
            size_t k = 0;
            while (fl->value[k] >= '0' && fl->value[k] <= '9') k++;
            if (k > 0 && fl->value[k] == '-') {
                doc->department_code = bk_document_strdup(doc, fl->value, k);
                if (!doc->department_name)
                    doc->department_name = bk_document_strdup(doc, fl->value + k + 1, (size_t)-1);
            }
        }
    }
    /* 单位预算 / 单位决算 in the title, when no cover line said it ("部门预算" alone is also the
     * generic name of every disclosure, so it is not evidence of a 部门 one) */
    if (!doc->disclosure && doc->title) {
        if (rz_contains(doc->title, "单位预算") || rz_contains(doc->title, "单位决算")) doc->disclosure = "unit";
    }
    if (doc->department_name && !doc->region) rz_region_from(doc, doc->department_name);
    if (doc->n_units == 0) rz_units_from_sections(doc);
}

/* ---------------------------------------------------------------- driver */

/* A cover line naming the discloser: "预算主管部门：X" (a 部门 disclosure) or "预算单位：X" (a 单位 one). */
static bool rz_cover_meta(rz_ctx *c, const char *line)
{
    static const struct {
        const char *label, *disclosure;
    } metas[] = {{"预算主管部门:", "department"},
                 {"主管部门:", "department"},
                 {"预算部门:", "department"},
                 {"预算单位:", "unit"},
                 {"单位名称:", "unit"}};
    char n[RZ_NORM_MAX];
    rz_norm_basic(line, n, sizeof n);
    for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++) {
        if (!rz_starts(n, metas[i].label)) continue;
        const char *v = strstr(line, "：");
        v = v ? v + strlen("：") : strchr(line, ':');
        if (v && *v == ':') v++;
        if (!c->doc->department_name && v) c->doc->department_name = rz_trim_dup(c->doc, v);
        if (!c->doc->disclosure) c->doc->disclosure = metas[i].disclosure;
        return true;
    }
    return false;
}

static int rz_grid(rz_ctx *c, rz_section *sec, rz_text *cover, bool *cover_done)
{
    const bk_grid *g = c->g;
    int rc = BK_OK;
    for (uint32_t r = 0; r < g->n_rows && !rc;) {
        uint32_t nb = rz_nonblank(g, r);
        if (nb == 0) {
            r++;
            continue;
        }
        const char *first = rz_cell(g, r, rz_first(g, r));
        if (nb == 1 && rz_is_number_label(first)) {
            c->pending_number = rz_trim_dup(c->doc, first);
            r++;
            continue;
        }
        const bk_table_def *def = nb == 1 ? rz_match_title(c, first) : rz_header_def(c, r);
        int perf = nb == 1 ? rz_perf_title(first) : 0;
        if (def || perf) {
            if ((rc = rz_section_flush(c, sec))) break;
            *cover_done = true;
            uint32_t next = r + 1;
            rc = def ? rz_table(c, def, r, &next) : rz_perf(c, perf, r, &next);
            c->pending_number = NULL;
            r = next;
            continue;
        }
        if (nb == 1 && rz_custom_title(c, r)) {
            if ((rc = rz_section_flush(c, sec))) break;
            *cover_done = true;
            uint32_t next = r + 1;
            rc = rz_custom_table(c, r, &next);
            c->pending_number = NULL;
            r = next;
            continue;
        }
        if (c->pending_number) {
            rz_warn(c, rz_pos(g, r), "numbering label '%s' is not followed by a table title", c->pending_number);
            c->pending_number = NULL;
        }
        int level = nb == 1 ? rz_line_heading(c, sec, r, first) : 0;
        if (level > 0) {
            if ((rc = rz_section_flush(c, sec))) break;
            *cover_done = true;
            sec->open = true;
            sec->heading = rz_trim_dup(c->doc, first);
            sec->level = level;
            sec->pos = rz_row_pos(g, r);
            r++;
            continue;
        }
        if (!sec->open && !*cover_done && nb == 1 && rz_cover_meta(c, first)) {
            *cover_done = true;
            c->after_cover_meta = true;
            r++;
            continue;
        }
        if (c->after_cover_meta && !sec->open && nb == 1 && !rz_is_prose(first)) {
            /* the line under the cover ("2025年部门预算编制说明") heads the text that follows */
            c->after_cover_meta = false;
            sec->open = true;
            sec->heading = rz_trim_dup(c->doc, first);
            sec->level = 1;
            sec->pos = rz_row_pos(g, r);
            r++;
            continue;
        }
        c->after_cover_meta = false;
        if (!sec->open && !*cover_done && nb == 1 && !rz_is_prose(first)) {
            rc = rz_text_add(cover, first, strlen(first));
            r++;
            continue;
        }
        if (!sec->open) {
            /* text before any heading: a section without heading keeps it */
            sec->open = true;
            sec->heading = NULL;
            sec->level = 1;
            sec->pos = rz_row_pos(g, r);
            *cover_done = true;
        }
        rc = rz_section_line(sec, g, r);
        r++;
    }
    return rc;
}

int bk_recognize(bk_document *doc, const bk_grid *const *grids, size_t n_grids, bk_diags *diags, bk_error *err)
{
    if (!doc || (!grids && n_grids)) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "no document or grids");
    rz_ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.diags = diags;
    c.err = err;
    rz_section sec;
    memset(&sec, 0, sizeof sec);
    rz_text cover = {NULL, 0, 0};
    bool cover_done = false;
    int rc = BK_OK;
    for (size_t i = 0; i < n_grids && !rc; i++) {
        c.g = grids[i];
        c.pending_number = NULL;
        rc = rz_grid(&c, &sec, &cover, &cover_done);
        if (!rc) rc = rz_section_flush(&c, &sec);
    }
    if (!rc) rz_facts(doc, cover.buf);
    free(sec.text.buf);
    free(sec.lines);
    free(cover.buf);
    return rc;
}
