/* SPDX-License-Identifier: MIT */
/* The examiner's review (include/budgetkit/review.h, docs/validate.md "Review rules"):
 * generic rule classes over the lists of the document's template family.
 *
 *  R1  every required table is present                              error
 *  R2  an empty table carries its 说明 (an empty phrase)             error
 *  R3  the required sections are present and not empty             error
 *  R4  an amount the text states for a table figure equals it      error
 *      (also for a row named by its 类/款/项 path: "A-B-C”科目X万元")
 *  R5  comparison words agree with the figures; 完成预算的N%         error
 *  R6  years in title, headings, table titles and year phrases     error
 *  R7  the department of every table is the document's             error
 *  R8  placeholders left from the template                          error
 *  R9  template instructions left in the published text             error (warning when what it asks for follows it)
 *  R10 doubled punctuation, unmatched brackets                      warning
 *
 * Every phrase comes from the family's "review" data; the C knows only the rule
 * classes. Text is scanned in place: no copies, each pattern a memmem over the
 * section, so the cost is linear in the text times the (short) lists. */
#include "narrative.h"
#include "definitions_set.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Work bounds per section and rule: a hostile text of a million 增加 stays linear. */
enum { MAX_HITS = 4096 };

typedef struct rctx {
    const bk_document *doc;
    const bk_review_def *r;
    bk_findings *out;
    int status;
    bool ordered; /* positions_ordered(doc) */
    size_t at;    /* byte of the section's text the next text finding quotes, or (size_t)-1 */
} rctx;

/* ---- helpers ---- */

static bool has_any(const char *s, const char *const *list)
{
    for (size_t i = 0; s && list && list[i]; i++)
        if (strstr(s, list[i])) return true;
    return false;
}

/* The first @p needle in [from, to) of @p s, or NULL: every scan stays inside its sentence. */
static const char *find_in(const char *s, size_t from, size_t to, const char *needle)
{
    return to > from ? memmem(s + from, to - from, needle, strlen(needle)) : NULL;
}

static bool blank_text(const char *s)
{
    for (; s && *s; s++)
        if (!strchr(" \t\r\n", *s) && strncmp(s, "\u3000", 3)) return false;
    return true;
}

static const bk_table *find_table(const bk_document *d, const char *kind)
{
    for (size_t i = 0; i < d->n_tables; i++)
        if (d->tables[i].kind && !strcmp(d->tables[i].kind, kind)) return &d->tables[i];
    return NULL;
}

/* Bytes [from, to) of the sentence of @p text around byte @p at: it ends at 。！？；
 * or a line end. Scans only the sentence itself. */
static bool sentence_mark(const char *t, size_t i, size_t *len)
{
    static const char *const ends[] = {"。", "！", "？", "；"};
    if (t[i] == '\n') return *len = 1, true;
    if ((unsigned char)t[i] != 0xE3 && (unsigned char)t[i] != 0xEF) return false; /* the common case, cheaply */
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++)
        if (!strncmp(t + i, ends[k], 3)) return *len = 3, true;
    return false;
}

static void sentence_at(const char *text, size_t at, size_t *from, size_t *to)
{
    size_t a = at, b = at, len = 0;
    while (a > 0) {
        size_t k = a >= 3 ? a - 3 : 0;
        if (text[a - 1] == '\n' || (a >= 3 && sentence_mark(text, k, &len) && len == 3)) break;
        a--;
    }
    while (text[b] && !sentence_mark(text, b, &len)) b++;
    if (text[b]) b += len;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\n')) b--; /* a line break ends it, unquoted */
    while (text[a] == ' ' || text[a] == '\n') a++;
    *from = a;
    *to = b > a ? b : a;
}

/* Push one finding; @p sec (a text finding: its heading is the place) or @p t (a table) or neither. */
static void push(rctx *c, const char *rule, bk_finding_severity sev, const bk_section *sec, size_t sec_index,
                 const bk_table *t, const char *missing_kind, const char *missing_title, const char *msg)
{
    if (c->status) return;
    bk_finding f;
    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.severity = sev;
    f.row_index = -1;
    f.table_index = (size_t)-1;
    char placed[1400];            /* the message names its place: section heading or table title */
    const bk_table *above = NULL; /* a text without a heading: the table it is printed under */
    for (size_t i = 0; sec && !sec->heading && c->ordered && i < c->doc->n_tables; i++)
        if (c->doc->tables[i].pos.line && c->doc->tables[i].pos.line < sec->pos.line &&
            (!above || c->doc->tables[i].pos.line > above->pos.line))
            above = &c->doc->tables[i];
    if (sec && sec->heading)
        snprintf(placed, sizeof placed, "%s: %s", sec->heading, msg), msg = placed;
    else if (above && above->title)
        snprintf(placed, sizeof placed, "text under %s: %s", above->title, msg), msg = placed;
    else if (!sec && t && t->title)
        snprintf(placed, sizeof placed, "%s: %s", t->title, msg), msg = placed;
    f.message = msg;
    if (sec) {
        f.table_kind = "narrative";
        f.table_title = sec->heading ? sec->heading : "(text)";
        f.table_index = sec_index;
        f.row = sec->heading;
        /* the paragraph's own position ("page 4 [...]", "line 120"), else the heading's */
        f.pos = c->at != (size_t)-1 ? bk_section_pos_at(c->doc, sec_index, c->at) : sec->pos;
    } else if (t) {
        f.table_kind = t->kind ? t->kind : "custom";
        f.table_title = t->title;
        f.table_index = (size_t)(t - c->doc->tables);
        f.pos = t->pos;
    } else {
        f.table_kind = missing_kind ? missing_kind : "document";
        f.table_title = missing_title ? missing_title : (c->doc->title ? c->doc->title : "document");
    }
    c->out->n_checks++;
    if (bk_findings_push(c->out, &f) != BK_OK) c->status = BK_ERR_NOMEM;
}

/* A rule that cannot run on this document, in the summary's skipped list beside the
 * identities (@p missing: what is absent; both static strings). */
static void skip_rule(rctx *c, const char *rule, const char *missing)
{
    bk_findings *out = c->out;
    if (c->status) return;
    out->n_skipped++;
    for (size_t i = 0; i < out->n_skipped_pairs; i++)
        if (!strcmp(out->skipped[i].rule, rule) && !strcmp(out->skipped[i].missing, missing)) return;
    if (out->n_skipped_pairs == out->cap_skipped) {
        size_t cap = out->cap_skipped ? out->cap_skipped * 2 : 16;
        bk_skipped *s = realloc(out->skipped, cap * sizeof *s);
        if (!s) {
            c->status = BK_ERR_NOMEM;
            return;
        }
        out->skipped = s;
        out->cap_skipped = cap;
    }
    out->skipped[out->n_skipped_pairs].rule = rule;
    out->skipped[out->n_skipped_pairs].missing = missing;
    out->n_skipped_pairs++;
}

/* Whether the reader's positions order tables and texts in one sequence (a text file, a
 * PDF's lines), not per sheet (a workbook restarts its rows on every sheet). */
static bool positions_ordered(const bk_document *d)
{
    uint32_t last = 0;
    for (size_t i = 0; i < d->n_tables; i++) {
        if (!d->tables[i].pos.line || d->tables[i].pos.line <= last) return false;
        last = d->tables[i].pos.line;
    }
    return d->n_tables > 0;
}

/* ---- R1, R2: tables ---- */

static bool table_has_figures(const bk_table *t)
{
    for (size_t p = 0; p < t->n_panels; p++)
        for (size_t r = 0; r < t->panels[p].n_rows; r++)
            for (size_t k = 0; k < t->panels[p].n_columns; k++)
                if (t->panels[p].rows[r].cells[k].kind == BK_CELL_AMOUNT) return true;
    return false;
}

/* The 说明 of an empty table: its note, or a heading-less text printed after it
 * (before the next table; anywhere when the reader kept no positions). */
static bool table_explained(const rctx *c, const bk_table *t)
{
    if (has_any(t->note, c->r->empty_phrases)) return true;
    uint32_t from = c->ordered ? t->pos.line : 0, to = UINT32_MAX;
    for (size_t i = 0; i < c->doc->n_tables; i++) {
        uint32_t l = c->doc->tables[i].pos.line;
        if (l > from && l < to) to = l;
    }
    for (size_t i = 0; i < c->doc->n_sections; i++) {
        const bk_section *s = &c->doc->sections[i];
        if (s->heading && s->heading[0]) continue;
        bool after = !from || !s->pos.line || (s->pos.line > from && s->pos.line < to);
        if (after && has_any(s->text, c->r->empty_phrases)) return true;
    }
    return false;
}

static void check_empty_tables(rctx *c);

static void check_tables(rctx *c)
{
    char msg[512];
    for (size_t i = 0; c->r->required_tables && c->r->required_tables[i]; i++) {
        const char *kind = c->r->required_tables[i];
        c->out->n_checks++;
        if (find_table(c->doc, kind)) continue;
        const bk_table_def *d = bk_table_def_find(kind);
        snprintf(msg, sizeof msg, "required table %s (%s) of the %s disclosure is not in the document",
                 d ? d->title : kind, kind, c->r->family);
        push(c, "R1", BK_FINDING_ERROR, NULL, 0, NULL, kind, d ? d->title : kind, msg);
    }
    check_empty_tables(c);
}

/* R2: every table that prints no figure says why. */
static void check_empty_tables(rctx *c)
{
    char msg[512];
    for (size_t i = 0; i < c->doc->n_tables; i++) {
        const bk_table *t = &c->doc->tables[i];
        c->out->n_checks++;
        if (table_has_figures(t) || table_explained(c, t)) continue;
        snprintf(msg, sizeof msg, "the table prints no figure and no 说明 says why (such as “%s”)",
                 c->r->empty_phrases && c->r->empty_phrases[0] ? c->r->empty_phrases[0] : "本表无数据");
        push(c, "R2", BK_FINDING_ERROR, NULL, 0, t, NULL, NULL, msg);
    }
}

/* A document of tables only (a finance-system workbook, a CSV, compile's output) is not a
 * publication: nothing in it says which tables its maker meant to include (compile makes the
 * tables a ledger can make; an excerpt such as samples/seed-first-tables.json is 4 of 13).
 * So R1 lists every absent required table in the summary's skipped list ("skipped, tables
 * absent: 政府性基金预算收入表 (budget.gov_fund_income): R1"), an info line, not an error; R2
 * is checked as for a publication (an empty table still needs its 说明); R3 cannot be
 * checked without the text: listed as skipped under "narrative". */
static void check_tables_only(rctx *c)
{
    for (size_t i = 0; c->r->required_tables && c->r->required_tables[i]; i++) {
        c->out->n_checks++;
        if (!find_table(c->doc, c->r->required_tables[i])) skip_rule(c, "R1", c->r->required_tables[i]);
    }
    check_empty_tables(c);
    if (c->r->n_sections) skip_rule(c, "R3", "narrative");
}

/* ---- R3: sections ---- */

static bool section_filled(const bk_document *d, size_t i)
{
    if (!blank_text(d->sections[i].text)) return true;
    return i + 1 < d->n_sections && d->sections[i + 1].level > d->sections[i].level && d->sections[i + 1].heading;
}

/* A line of a 目录: its text, a tab, then a page number ("名词解释\t12"); a tab between two
 * words ("第四部分\t名词解释", a PDF's gap) is not one. */
static bool toc_entry(const char *line, size_t n)
{
    const char *tab = NULL;
    for (size_t i = 0; i < n; i++)
        if (line[i] == '\t') tab = line + i;
    if (!tab) return false;
    bool digits = false;
    for (const char *p = tab + 1; p < line + n; p++) {
        if (*p >= '0' && *p <= '9')
            digits = true;
        else if (*p != ' ')
            return false;
    }
    return digits;
}

/* A short line of a section's text that holds @p patterns and no sentence end: a heading the
 * reader kept as text (a PDF's "名词解释" line under the previous heading); what follows it in
 * that text is its content. */
static bool heading_line(const bk_document *d, const char *const *patterns)
{
    for (size_t i = 0; i < d->n_sections; i++) {
        const char *t = d->sections[i].text;
        for (const char *line = t; line && *line;) {
            const char *eol = strchr(line, '\n');
            size_t n = eol ? (size_t)(eol - line) : strlen(line);
            bool hit = false;
            for (size_t k = 0; patterns && patterns[k] && !hit && n <= 90; k++)
                hit = memmem(line, n, patterns[k], strlen(patterns[k])) && !memmem(line, n, "。", 3);
            if (hit && eol && !toc_entry(line, n) && !memmem(line, n, "..", 2) && !memmem(line, n, "…", 3)) {
                /* its content: the next line that is not blank is a sentence or a long line (a 目录 lists
                 * short headings) */
                const char *nx = eol + 1;
                while (*nx == '\n' || *nx == ' ') nx++;
                const char *ne = strchr(nx, '\n');
                size_t nn = ne ? (size_t)(ne - nx) : strlen(nx);
                if (nn >= 60 || memmem(nx, nn, "。", 3) || memmem(nx, nn, "；", 3) || memmem(nx, nn, "：", 3))
                    return true;
            }
            line = eol ? eol + 1 : NULL;
        }
    }
    return false;
}

static void check_sections(rctx *c)
{
    bool whole = false;
    for (size_t i = 0; i < c->doc->n_sections && !whole; i++)
        whole = has_any(c->doc->sections[i].heading, c->r->full_text);
    if (!whole) return; /* tables only, or an excerpt of the text: nothing to require */
    char msg[512];
    for (size_t k = 0; k < c->r->n_sections; k++) {
        const bk_review_section_def *sd = &c->r->sections[k];
        size_t found = SIZE_MAX;
        bool filled = false;
        for (size_t i = 0; i < c->doc->n_sections && !filled; i++)
            if (has_any(c->doc->sections[i].heading, sd->patterns)) {
                if (found == SIZE_MAX) found = i;
                if (section_filled(c->doc, i)) filled = true;
            }
        c->out->n_checks++;
        if (filled || (found == SIZE_MAX && heading_line(c->doc, sd->patterns))) continue;
        if (found == SIZE_MAX) {
            snprintf(msg, sizeof msg, "required section %s (a heading with “%s”) is not in the text", sd->name,
                     sd->patterns[0]);
            push(c, "R3", BK_FINDING_ERROR, NULL, 0, NULL, "narrative", sd->name, msg);
        } else {
            snprintf(msg, sizeof msg, "required section %s is empty", sd->name);
            push(c, "R3", BK_FINDING_ERROR, &c->doc->sections[found], found, NULL, NULL, NULL, msg);
        }
    }
}

/* ---- amounts in text ---- */

typedef struct ramount {
    bk_amount v; /* as printed */
    int unit;    /* 0 元, 4 万元, 8 亿元: the power of ten */
    size_t start, end;
} ramount;

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* A number at text+i ("8,261.00", "307.82 万元"), its unit after optional spaces. */
static bool amount_at(const char *s, size_t i, ramount *a)
{
    if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ','))) return false;
    size_t j = i;
    bool point = false;
    while (is_digit(s[j]) || (s[j] == ',' && is_digit(s[j + 1]) && j > i) ||
           (s[j] == '.' && !point && is_digit(s[j + 1]) && j > i)) {
        if (s[j] == '.') point = true;
        j++;
    }
    if (bk_amount_parse(s + i, j - i, BK_AMOUNT_SEPARATORS, &a->v) != BK_AMOUNT_OK) return false;
    size_t e = j;
    while (s[e] == ' ') e++;
    if (!strncmp(s + e, "万元", 6))
        a->unit = 4, e += 6;
    else if (!strncmp(s + e, "亿元", 6))
        a->unit = 8, e += 6;
    else if (!strncmp(s + e, "元", 3))
        a->unit = 0, e += 3;
    else
        return false;
    a->start = i;
    a->end = e;
    return true;
}

/* Skip fillers (为, 是, ：, spaces) forward from @p i. */
static size_t skip_fillers(const rctx *c, const char *s, size_t i)
{
    for (bool again = true; again;) {
        again = false;
        for (size_t k = 0; c->r->fillers && c->r->fillers[k]; k++) {
            size_t n = strlen(c->r->fillers[k]);
            if (s[i] == c->r->fillers[k][0] && !strncmp(s + i, c->r->fillers[k], n)) {
                i += n;
                again = true;
            }
        }
    }
    return i;
}

/* The phrase at byte @p at starts a statement: what precedes it is the start, an
 * ASCII or CJK punctuation character, a filler, or the department's name. */
static bool starts_clause(const rctx *c, const char *s, size_t at)
{
    if (at == 0) return true;
    unsigned char b = (unsigned char)s[at - 1];
    if (b < 0x80) return true;
    if (at >= 3) {
        const unsigned char *p = (const unsigned char *)s + at - 3;
        if ((p[0] == 0xE3 && p[1] == 0x80) || (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD))) return true;
    }
    for (size_t k = 0; c->r->fillers && c->r->fillers[k]; k++) {
        size_t n = strlen(c->r->fillers[k]);
        if (n <= at && !strncmp(s + at - n, c->r->fillers[k], n)) return true;
    }
    const char *dep = c->doc->department_name;
    size_t n = dep ? strlen(dep) : 0;
    return n && n <= at && !strncmp(s + at - n, dep, n);
}

/* @p a in 元 (unit 0) as an amount at @p scale of the unit 10^@p unit, rounded half up. */
static bool in_unit(bk_amount a, int from_unit, int to_unit, int scale, bk_amount *out)
{
    int d = to_unit - from_unit;
    if (d >= 0) return bk_amount_shift(a, d, scale, out);
    bk_amount x = a;
    if (x.scale >= -d)
        x.scale += d;
    else {
        for (int k = 0; k < -d - x.scale; k++) {
            if (x.units > INT64_MAX / 10 || x.units < INT64_MIN / 10) return false;
            x.units *= 10;
        }
        x.scale = 0;
    }
    return bk_amount_rescale(x, scale, out);
}

static int table_unit_power(bk_unit_kind u)
{
    return u == BK_UNIT_YUAN ? 0 : 4;
}

static const char *unit_name(int u)
{
    return u == 8 ? "亿元" : u == 4 ? "万元" : "元";
}

/* ---- R4: statements ---- */

/* The amount @p a stated at byte @p at for @p what against the figure @p v (unit @p u, @p n
 * figures; 0: blank) that @p ref names: an error unless they agree in the sentence's unit. */
static void compare_stated(rctx *c, const bk_section *sec, size_t si, size_t at, const char *what, const char *ref,
                           const ramount *a, bk_amount v, bk_unit_kind u, int n)
{
    const char *s = sec->text;
    char msg[1024], sent[600], sa[BK_AMOUNT_TEXT_MAX], ta[BK_AMOUNT_TEXT_MAX];
    size_t from, to;
    bk_amount t;
    c->out->n_checks++;
    bool conv = n && in_unit(v, table_unit_power(u), a->unit, a->v.scale, &t);
    if (n == 0 ? a->v.units == 0 : conv && bk_amount_cmp(t, a->v) == 0)
        return; /* agrees (a stated 0 against a blank too) */
    if (n && !conv) return;
    sentence_at(s, at, &from, &to);
    bk_narrative_quote(s, from, to, sent, sizeof sent);
    bk_amount_format(a->v, sa, sizeof sa);
    if (n == 0) {
        snprintf(msg, sizeof msg, "the text states %s %s%s but the table leaves %s blank: \u201c%s\u201d", what, sa,
                 unit_name(a->unit), ref, sent);
    } else {
        bk_amount_format(v, ta, sizeof ta);
        snprintf(msg, sizeof msg, "the text states %s %s%s, the table prints %s%s (%s): \u201c%s\u201d", what, sa,
                 unit_name(a->unit), ta, unit_name(table_unit_power(u)), ref, sent);
    }
    c->at = at;
    push(c, "R4", BK_FINDING_ERROR, sec, si, NULL, NULL, NULL, msg);
    c->at = (size_t)-1;
}

static void check_statements(rctx *c, const bk_section *sec, size_t si)
{
    const char *s = sec->text;
    for (size_t k = 0; k < c->r->n_statements; k++) {
        const bk_review_statement_def *st = &c->r->statements[k];
        if (st->sections && !has_any(sec->heading, st->sections)) continue;
        size_t pl = strlen(st->phrase);
        int have = 0; /* the figure, evaluated on the first statement of it: 1 done, -1 absent */
        bk_amount v = {0, 0};
        bk_unit_kind u = BK_UNIT_UNKNOWN;
        int n = 0;
        size_t hits = 0;
        for (const char *p = strstr(s, st->phrase); p && have >= 0 && hits++ < MAX_HITS;
             p = strstr(p + pl, st->phrase)) {
            size_t at = (size_t)(p - s);
            ramount a;
            size_t i = skip_fillers(c, s, at + pl);
            if (!starts_clause(c, s, at) || !amount_at(s, i, &a)) continue;
            if (!have) have = bk_validate_eval_ref(c->doc, st->ref, &v, &u, &n) == BK_OK ? 1 : -1;
            if (have < 0) break;
            compare_stated(c, sec, si, at, st->phrase, st->ref, &a, v, u, n);
        }
    }
}

/* ---- R4: a 类/款/项 row named by its path ("一般公共服务支出-…-行政运行”科目X万元",
 * "一般公共服务支出（类）社会工作事务（款）行政运行（项）。…支出决算为 X 万元") ---- */

enum { MAX_PATHS = 256 };

typedef struct rpath {
    size_t at, end;     /* the path's bytes in the text, with its last separator */
    size_t names_end;   /* where its last name ends */
    const bk_row *row;  /* the deepest row it names */
    const bk_panel *pn; /* its panel */
    size_t table;       /* index into the family's path_tables */
} rpath;

/* @p r's printed name with its outer spaces trimmed (@p len bytes), or NULL. */
static const char *row_name(const bk_row *r, size_t *len)
{
    const char *n = r->name;
    if (!n) return NULL;
    while (*n == ' ') n++;
    size_t l = strlen(n);
    while (l && n[l - 1] == ' ') l--;
    *len = l;
    return l ? n : NULL;
}

/* The bytes of @p r's name that the text has at @p s, or 0. */
static size_t name_at(const char *s, const bk_row *r)
{
    size_t l;
    const char *n = row_name(r, &l);
    return n && !strncmp(s, n, l) ? l : 0;
}

/* The bytes of @p s that pattern @p pat matches ('#': one or more ASCII digits, "（#类）"), or 0. */
static size_t pattern_at(const char *s, const char *pat)
{
    size_t i = 0;
    for (; *pat; pat++) {
        if (*pat == '#') {
            size_t d = i;
            while (is_digit(s[i])) i++;
            if (i == d) return 0;
        } else if (s[i] == *pat) {
            i++;
        } else {
            return 0;
        }
    }
    return i;
}

/* The length of the list entry (a pattern_at pattern) at @p s, the longest, or 0. */
static size_t entry_at(const char *s, const char *const *list)
{
    size_t best = 0;
    for (size_t k = 0; list && list[k]; k++) {
        size_t n = pattern_at(s, list[k]);
        if (n > best) best = n;
    }
    return best;
}

static bool name_break(const char *s);

static bool code_child(const bk_row *parent, const bk_row *r)
{
    size_t pl = strlen(parent->code);
    return r->code && strlen(r->code) == pl + 2 && !strncmp(r->code, parent->code, pl);
}

/* Extend the path of 类 row @p r whose name ends at byte @p e: separator, then a child's name,
 * as deep as the text goes. True when it names at least a 款 (a 类 alone is the 类 walk's). */
static bool follow_path(const rctx *c, const bk_panel *pn, const char *s, rpath *p)
{
    int depth = 1;
    for (;;) {
        size_t k = entry_at(s + p->end, c->r->path_separators), best = 0;
        const bk_row *next = NULL;
        for (size_t i = 0; k && i < pn->n_rows; i++) {
            const bk_row *r = &pn->rows[i];
            size_t l = code_child(p->row, r) ? name_at(s + p->end + k, r) : 0;
            if (l > best) best = l, next = r;
        }
        if (!next) break;
        p->row = next;
        p->end += k + best;
        depth++;
    }
    p->names_end = p->end;
    p->end += entry_at(s + p->end, c->r->path_separators);
    /* the path ends there: a name the table does not print ("…事务-机关服务") is no claim */
    return depth >= 2 && (name_break(s + p->end) || entry_at(s + p->end, c->r->path_amount_words));
}

/* The paths of @p sec's text through the rows of path table @p ti, appended to @p v; each
 * path followed costs a pass over the rows, so at most @p budget are followed (a hostile text). */
static void find_paths(const rctx *c, const char *s, size_t ti, rpath *v, size_t *n, size_t *budget)
{
    const char *pt = c->r->path_tables[ti], *sl = strchr(pt, '/'), *dot = sl ? strchr(sl, '.') : NULL;
    char kind[128], panel[64];
    if (!dot || (size_t)(sl - pt) >= sizeof kind || (size_t)(dot - sl) > sizeof panel) return;
    snprintf(kind, sizeof kind, "%.*s", (int)(sl - pt), pt);
    snprintf(panel, sizeof panel, "%.*s", (int)(dot - sl - 1), sl + 1);
    const bk_table *t = find_table(c->doc, kind);
    for (size_t q = 0; t && q < t->n_panels; q++) {
        const bk_panel *pn = &t->panels[q];
        if (!pn->key || strcmp(pn->key, panel)) continue;
        for (size_t i = 0; i < pn->n_rows; i++) {
            const bk_row *r = &pn->rows[i];
            size_t l = 0, hits = 0;
            const char *nm = r->code && strlen(r->code) == 3 ? row_name(r, &l) : NULL;
            char needle[256];
            if (!nm || l >= sizeof needle) continue;
            snprintf(needle, sizeof needle, "%.*s", (int)l, nm);
            for (const char *h = strstr(s, needle); h && *n < MAX_PATHS && hits++ < MAX_HITS && *budget;
                 h = strstr(h + l, needle)) {
                rpath p = {.at = (size_t)(h - s), .end = (size_t)(h - s) + l, .row = r, .pn = pn, .table = ti};
                if (!entry_at(s + p.end, c->r->path_separators)) continue; /* a 类 alone: nothing to follow */
                --*budget;
                if (follow_path(c, pn, s, &p)) v[(*n)++] = p;
            }
        }
    }
}

static int path_cmp(const void *a, const void *b)
{
    const rpath *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* Each path's figure: the first amount after a path_amount_words entry (fillers between),
 * before the next path; compared with the row's figure in the path table's column. */
static void check_paths(rctx *c, const bk_section *sec, size_t si)
{
    const char *s = sec->text;
    if (!c->r->path_tables || !c->r->path_separators || !c->r->path_amount_words) return;
    rpath *v = malloc(MAX_PATHS * sizeof *v);
    size_t n = 0;
    if (!v) {
        c->status = BK_ERR_NOMEM;
        return;
    }
    size_t budget = MAX_HITS;
    for (size_t ti = 0; c->r->path_tables[ti]; ti++) find_paths(c, s, ti, v, &n, &budget);
    qsort(v, n, sizeof *v, path_cmp);
    for (size_t i = 0; i < n && !c->status; i++) {
        size_t stop = i + 1 < n ? v[i + 1].at : strlen(s), at = (size_t)-1, wl = 0;
        if (i && v[i].at < v[i - 1].end) continue; /* the same words through a second table */
        for (size_t k = 0; c->r->path_amount_words[k]; k++) {
            const char *w = find_in(s, v[i].end, stop, c->r->path_amount_words[k]);
            if (w && (size_t)(w - s) < at) at = (size_t)(w - s), wl = strlen(c->r->path_amount_words[k]);
        }
        ramount a;
        if (amount_at(s, skip_fillers(c, s, v[i].end), &a)) /* the amount right after the path */
            at = v[i].end;
        else if (at == (size_t)-1 || !amount_at(s, skip_fillers(c, s, at + wl), &a))
            continue;
        const char *pt = c->r->path_tables[v[i].table], *dot = strchr(strchr(pt, '/'), '.');
        char ref[512], what[600];
        snprintf(ref, sizeof ref, "%.*s[code=%s]%s", (int)(dot - pt), pt, v[i].row->code, dot);
        snprintf(what, sizeof what, "%s %.*s", v[i].row->code, (int)(v[i].names_end - v[i].at), s + v[i].at);
        bk_amount x = {0, 0};
        bk_unit_kind u = BK_UNIT_UNKNOWN;
        int nf = 0;
        if (bk_validate_eval_ref(c->doc, ref, &x, &u, &nf) == BK_OK)
            compare_stated(c, sec, si, at, what, ref, &a, x, u, nf);
    }
    free(v);
}

/* ---- R5: comparison words ---- */

typedef struct rword {
    size_t at, len;
    int dir; /* +1 more, -1 less, 0 equal */
} rword;

/* The first comparison word at or after @p i in [i, end), or false: one forward
 * scan, so finding every word of a text is linear in it. */
static bool next_word(const rctx *c, const char *s, size_t i, size_t end, rword *w)
{
    const char *const *lists[3] = {c->r->less_words, c->r->equal_words, c->r->more_words};
    for (size_t at = i; at < end; at++)
        for (int d = 0; d < 3; d++)
            for (size_t k = 0; lists[d] && lists[d][k]; k++) {
                const char *word = lists[d][k];
                size_t n = strlen(word);
                if (s[at] == word[0] && s[at + 1] == word[1] && at + n <= end && !strncmp(s + at, word, n)) {
                    *w = (rword){at, n, d - 1};
                    return true;
                }
            }
    return false;
}

/* A percentage right after @p i (spaces allowed): its value. */
static bool percent_at(const char *s, size_t i, bk_amount *v, size_t *end)
{
    while (s[i] == ' ') i++;
    size_t j = i;
    bool point = false;
    while (is_digit(s[j]) || (s[j] == '.' && !point && j > i && is_digit(s[j + 1]))) {
        if (s[j] == '.') point = true;
        j++;
    }
    if (j == i || bk_amount_parse(s + i, j - i, 0, v) != BK_AMOUNT_OK) return false;
    size_t e = j;
    while (s[e] == ' ') e++;
    if (!strncmp(s + e, "%", 1))
        e += 1;
    else if (!strncmp(s + e, "％", 3))
        e += 3;
    else
        return false;
    *end = e;
    return true;
}

/* The end of the sentence from @p i (past its 。), or of the text. */
static size_t sentence_end(const char *s, size_t i)
{
    size_t len = 0;
    while (s[i] && !(sentence_mark(s, i, &len) && len == 3)) i++;
    return s[i] ? i + 3 : i;
}

/* The end of the clause from @p i: a comma, a semicolon, a line, or @p e (the sentence end). */
static size_t clause_end(const char *s, size_t i, size_t e)
{
    for (size_t k = i; k < e; k++)
        if (s[k] == ',' || s[k] == ';' || s[k] == '\n' || !strncmp(s + k, "，", 3)) return k;
    return e;
}

/* The amount after a word of @p words within the sentence [from, to): the first one, or with
 * @p before the last one before that byte ("年初预算为 0 万元，全年预算为 321.02 万元，支出决算为
 * 307.82 万元": the 预算 a 决算 is compared with is the one named last before it), else the first. */
static bool named_amount(const rctx *c, const char *s, size_t from, size_t to, const char *const *words, size_t before,
                         ramount *out)
{
    bool found = false, prior = false;
    for (size_t k = 0; words && words[k]; k++) {
        size_t n = strlen(words[k]);
        for (const char *p = find_in(s, from, to, words[k]); p; p = find_in(s, (size_t)(p - s) + n, to, words[k])) {
            ramount a;
            size_t i = skip_fillers(c, s, (size_t)(p - s) + n);
            if (!amount_at(s, i, &a)) continue;
            bool pr = a.start < before;
            if (!found || (pr && (!prior || a.start > out->start)) || (!pr && !prior && a.start < out->start))
                *out = a, found = true, prior = pr;
        }
    }
    return found;
}

/* round(100 × a / b) at @p digits; false when b is 0. */
static bool percent_of(bk_amount a, bk_amount b, int digits, bk_amount *out)
{
    int sc = a.scale > b.scale ? a.scale : b.scale;
    bk_amount x, y;
    if (!bk_amount_rescale(a, sc, &x) || !bk_amount_rescale(b, sc, &y) || y.units == 0) return false;
    __int128 num = (__int128)x.units * 100, den = y.units;
    for (int i = 0; i < digits; i++) num *= 10;
    bool neg = (num < 0) != (den < 0);
    if (num < 0) num = -num;
    if (den < 0) den = -den;
    __int128 q = (2 * num + den) / (2 * den);
    if (q > INT64_MAX) return false;
    *out = (bk_amount){neg ? -(int64_t)q : (int64_t)q, digits};
    return true;
}

static void report_text(rctx *c, const char *rule, bk_finding_severity sev, const bk_section *sec, size_t si, size_t at,
                        const char *what)
{
    char msg[1024], sent[600];
    size_t from, to;
    sentence_at(sec->text, at, &from, &to);
    bk_narrative_quote(sec->text, from, to, sent, sizeof sent);
    snprintf(msg, sizeof msg, "%s: \u201c%s\u201d", what, sent);
    c->at = at;
    push(c, rule, sev, sec, si, NULL, NULL, NULL, msg);
    c->at = (size_t)-1;
}

/* 增加 X万元 … 下降 P%: the word before the amount and the word before the
 * percentage of one clause go the same way; 持平 with a change that is not 0. */
static void check_directions(rctx *c, const bk_section *sec, size_t si)
{
    const char *s = sec->text;
    size_t n = strlen(s);
    rword w1, w2;
    size_t hits = 0, e = 0;
    for (size_t i = 0; i < n && hits++ < MAX_HITS; i = w1.at + w1.len) {
        if (i >= e) e = sentence_end(s, i); /* words are looked for in their sentence only */
        if (!next_word(c, s, i, e, &w1)) {
            w1.at = e, w1.len = 0;
            continue;
        }
        ramount a;
        size_t j = skip_fillers(c, s, w1.at + w1.len);
        if (!amount_at(s, j, &a)) continue;
        size_t ce = e > a.end ? e : sentence_end(s, a.end);
        size_t stop = clause_end(s, a.end, ce);
        size_t after_comma = stop < ce ? stop + 1 : stop; /* "增加X万元，增长P%": the next clause too */
        size_t limit = after_comma + 2 < ce ? clause_end(s, after_comma + 2, ce) : stop;
        if (!next_word(c, s, a.end, limit, &w2)) continue;
        bk_amount pct;
        size_t pe;
        if (!percent_at(s, skip_fillers(c, s, w2.at + w2.len), &pct, &pe)) continue;
        c->out->n_checks++;
        if (w1.dir != 0 && w2.dir != 0 && w1.dir != w2.dir) {
            report_text(c, "R5", BK_FINDING_ERROR, sec, si, w1.at, "the change and its rate go opposite ways");
        } else if ((w1.dir == 0) != (w2.dir == 0) && (a.v.units != 0 || pct.units != 0)) {
            report_text(c, "R5", BK_FINDING_ERROR, sec, si, w1.at, "持平 (unchanged) beside a change that is not 0");
        }
    }
}

/* A 决算 word ends within a character before @p at ("决算数大于": 决算, 决算数). */
static bool final_before(const rctx *c, const char *s, size_t at)
{
    for (size_t k = 0; c->r->final_words && c->r->final_words[k]; k++) {
        size_t l = strlen(c->r->final_words[k]);
        if (at >= l + 3 && memmem(s + at - l - 3, l + 3, c->r->final_words[k], l)) return true;
    }
    return false;
}

/* A 预算 word starts at @p at ("大于预算数"). */
static bool budget_at(const rctx *c, const char *s, size_t at)
{
    for (size_t k = 0; c->r->budget_words && c->r->budget_words[k]; k++)
        if (!strncmp(s + at, c->r->budget_words[k], strlen(c->r->budget_words[k]))) return true;
    return false;
}

/* Before @p at: 决算 word, connector, up to four characters that qualify the 预算 word (全年,
 * 年初), 预算 word: "决算数与全年预算数" before 持平. */
static bool pair_before(const rctx *c, const char *s, size_t at)
{
    for (size_t k = 0; c->r->budget_words && c->r->budget_words[k]; k++) {
        size_t l = strlen(c->r->budget_words[k]);
        if (at < l || strncmp(s + at - l, c->r->budget_words[k], l)) continue;
        size_t b = at - l; /* where the 预算 word starts: walk back over its own qualifier (全年, 年初) */
        for (int back = 0; back < 4 && b >= 3 && (unsigned char)s[b - 3] >= 0xe0; back++) {
            for (size_t j = 0; c->r->pair_connectors && c->r->pair_connectors[j]; j++) {
                size_t m = strlen(c->r->pair_connectors[j]);
                if (b >= m && !strncmp(s + b - m, c->r->pair_connectors[j], m) && final_before(c, s, b - m))
                    return true;
            }
            b -= 3;
        }
    }
    return false;
}

/* 年初预算为 B万元，支出决算为 F万元，完成年初预算的 N%。决算数大于预算数…: N = F/B,
 * and the comparison word between a 决算 word and a 预算 word agrees with F − B. */
static void check_budget_final(rctx *c, const bk_section *sec, size_t si)
{
    const char *s = sec->text;
    size_t n = strlen(s);
    for (size_t from = 0; from < n;) {
        size_t e1 = sentence_end(s, from), e2 = e1 < n ? sentence_end(s, e1) : e1; /* this sentence and the next */
        ramount b, f;
        if (named_amount(c, s, from, e1, c->r->final_words, 0, &f) &&
            named_amount(c, s, from, e1, c->r->budget_words, f.start, &b) && b.unit == f.unit) {
            for (size_t k = 0; c->r->completion_words && c->r->completion_words[k]; k++) {
                const char *p = find_in(s, from, e1, c->r->completion_words[k]);
                bk_amount stated, computed;
                size_t pe;
                if (!p || !percent_at(s, (size_t)(p - s) + strlen(c->r->completion_words[k]), &stated, &pe)) continue;
                if (!percent_of(f.v, b.v, stated.scale, &computed)) continue;
                c->out->n_checks++;
                if (bk_amount_cmp(stated, computed)) {
                    char what[160], x[BK_AMOUNT_TEXT_MAX], y[BK_AMOUNT_TEXT_MAX];
                    bk_amount_format(stated, x, sizeof x);
                    bk_amount_format(computed, y, sizeof y);
                    snprintf(what, sizeof what, "完成预算 rate: stated %s%%, recomputed %s%%", x, y);
                    report_text(c, "R5", BK_FINDING_ERROR, sec, si, (size_t)(p - s), what);
                }
                break;
            }
            int sign = bk_amount_cmp(f.v, b.v);
            rword w;
            size_t hits = 0;
            for (size_t i = from; i < e2 && hits++ < MAX_HITS && next_word(c, s, i, e2, &w); i = w.at + w.len) {
                /* the word stands between a 决算 word and a 预算 word ("决算数大于预算数"), or
                 * after both, joined by a connector ("决算数与全年预算数持平") */
                if (!(final_before(c, s, w.at) && budget_at(c, s, w.at + w.len)) && !pair_before(c, s, w.at)) continue;
                c->out->n_checks++;
                if (w.dir != sign) {
                    char what[200], x[BK_AMOUNT_TEXT_MAX], y[BK_AMOUNT_TEXT_MAX];
                    bk_amount_format(f.v, x, sizeof x);
                    bk_amount_format(b.v, y, sizeof y);
                    snprintf(what, sizeof what, "“%.*s” but 决算 %s%s against 预算 %s%s", (int)w.len, s + w.at, x,
                             unit_name(f.unit), y, unit_name(b.unit));
                    report_text(c, "R5", BK_FINDING_ERROR, sec, si, w.at, what);
                }
            }
        }
        from = e1 > from ? e1 : n;
    }
}

/* ---- R6: years ---- */

/* Years written as "YYYY年" (spaces allowed) in @p s: each one that is neither the
 * document's year nor, where the text compares, the year before. */
static bool year_ok(const rctx *c, int y, const char *s, size_t from, size_t to)
{
    int fy = c->doc->fiscal_year;
    if (y == fy) return true;
    if (y != fy - 1) return false;
    for (size_t k = 0; c->r->compare_markers && c->r->compare_markers[k]; k++)
        if (memmem(s + from, to - from, c->r->compare_markers[k], strlen(c->r->compare_markers[k]))) return true;
    return false;
}

static int read_year(const char *s, size_t i)
{
    if (!(s[i] == '1' || s[i] == '2') || (i > 0 && is_digit(s[i - 1]))) return 0;
    for (int k = 0; k < 4; k++)
        if (!is_digit(s[i + k])) return 0;
    if (is_digit(s[i + 4])) return 0;
    int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
    return y >= 1990 && y <= 2100 ? y : 0;
}

/* A title or heading: every "YYYY年". */
static bool label_years_ok(const rctx *c, const char *s, int *bad)
{
    for (size_t i = 0; s && s[i]; i++) {
        int y = read_year(s, i);
        if (!y) continue;
        size_t e = i + 4;
        while (s[e] == ' ') e++;
        if (strncmp(s + e, "年", 3)) continue;
        if (!year_ok(c, y, s, 0, strlen(s))) {
            *bad = y;
            return false;
        }
    }
    return true;
}

/* In the text: the year phrases of the family ("YYYY年度", "截至YYYY年"), one pass. */
static void check_text_years(rctx *c, const bk_section *sec, size_t si)
{
    const char *s = sec->text;
    size_t hits = 0;
    for (size_t i = 0; s[i] && hits < MAX_HITS; i++) {
        int y = (s[i] == '1' || s[i] == '2') ? read_year(s, i) : 0;
        if (!y) continue;
        bool phrase = false;
        for (size_t k = 0; c->r->year_phrases && c->r->year_phrases[k] && !phrase; k++) {
            const char *ph = c->r->year_phrases[k], *yy = strstr(ph, "YYYY");
            size_t pre = (size_t)(yy - ph);
            phrase = i >= pre && !strncmp(s + i - pre, ph, pre) && !strncmp(s + i + 4, yy + 4, strlen(yy + 4));
        }
        if (!phrase) continue;
        hits++;
        size_t from = i > 240 ? i - 240 : 0, to = i + strnlen(s + i, 240); /* the comparison is near its year */
        c->out->n_checks++;
        if (year_ok(c, y, s, from, to)) continue;
        char what[160];
        snprintf(what, sizeof what, "year %d in a %d document", y, (int)c->doc->fiscal_year);
        report_text(c, "R6", BK_FINDING_ERROR, sec, si, i, what);
    }
}

static void check_label_years(rctx *c)
{
    char msg[768];
    int y = 0;
    c->out->n_checks++;
    if (c->doc->title && !label_years_ok(c, c->doc->title, &y)) {
        snprintf(msg, sizeof msg, "year %d in the title “%s” of a %d document", y, c->doc->title,
                 (int)c->doc->fiscal_year);
        push(c, "R6", BK_FINDING_ERROR, NULL, 0, NULL, "document", c->doc->title, msg);
    }
    for (size_t i = 0; i < c->doc->n_tables; i++) {
        const bk_table *t = &c->doc->tables[i];
        c->out->n_checks++;
        if (!t->title || label_years_ok(c, t->title, &y)) continue;
        snprintf(msg, sizeof msg, "year %d in the table title of a %d document", y, (int)c->doc->fiscal_year);
        push(c, "R6", BK_FINDING_ERROR, NULL, 0, t, NULL, NULL, msg);
    }
    for (size_t i = 0; i < c->doc->n_sections; i++) {
        const bk_section *s = &c->doc->sections[i];
        c->out->n_checks++;
        if (!s->heading || label_years_ok(c, s->heading, &y)) continue;
        snprintf(msg, sizeof msg, "year %d in the heading “%s” of a %d document", y, s->heading,
                 (int)c->doc->fiscal_year);
        push(c, "R6", BK_FINDING_ERROR, s, i, NULL, NULL, NULL, msg);
    }
}

/* ---- R7: department ---- */

static void check_departments(rctx *c)
{
    const char *dep = c->doc->department_name;
    if (!dep) return;
    char msg[768];
    for (size_t i = 0; i < c->doc->n_tables; i++) {
        const bk_table *t = &c->doc->tables[i];
        if (!t->department) continue;
        c->out->n_checks++;
        bool ok = !strcmp(t->department, dep);
        for (size_t u = 0; u < c->doc->n_units && !ok; u++)
            ok = c->doc->units[u].name && !strcmp(c->doc->units[u].name, t->department);
        if (ok) continue;
        snprintf(msg, sizeof msg, "the table names the department “%s”, the document is %s's", t->department, dep);
        push(c, "R7", BK_FINDING_ERROR, NULL, 0, t, NULL, NULL, msg);
    }
}

/* ---- R7 in headings and the title: the names a line gives ---- */

/* The length of the entry of @p list that @p s starts with (the longest), or 0. */
static size_t starts_with_any(const char *s, const char *const *list)
{
    size_t best = 0;
    for (size_t k = 0; list && list[k]; k++) {
        size_t n = strlen(list[k]);
        if (n > best && !strncmp(s, list[k], n)) best = n;
    }
    return best;
}

/* The region a name of the document starts with: the department's name, past a prefix
 * (中共), up to the end of its first region word ("上海市", "忻州市"); 0 when none. */
static size_t name_region(const rctx *c, const char **region)
{
    const char *d = c->doc->department_name;
    if (!d) return 0;
    d += starts_with_any(d, c->r->department_prefixes);
    for (const char *p = d; *p; p++) {
        size_t n = starts_with_any(p, c->r->department_regions);
        if (n && p > d) return *region = d, (size_t)(p - d) + n;
    }
    return 0;
}

/* Whether a name the document owns starts at @p s (which starts with the region): the
 * department, a 预算单位, a table's 部门/单位 line — each compared from its region on. */
static size_t own_name_at(const rctx *c, const char *s, const char *region, size_t rl)
{
    const bk_document *d = c->doc;
    size_t best = 0;
    for (size_t i = 0; i < 1 + d->n_units + d->n_tables; i++) {
        const char *n = i == 0            ? d->department_name
                        : i <= d->n_units ? d->units[i - 1].name
                                          : d->tables[i - 1 - d->n_units].department;
        const char *at = n ? memmem(n, strlen(n), region, rl) : NULL;
        if (!at) continue;
        size_t l = strlen(at);
        if (l > best && !strncmp(s, at, l)) best = l;
    }
    return best;
}

/* Whether @p name (n bytes) is printed in a section that lists the department's units (机构设置). */
static bool listed_unit(const rctx *c, const char *name, size_t n)
{
    for (size_t i = 0; i < c->doc->n_sections; i++) {
        const bk_section *s = &c->doc->sections[i];
        if (s->text && has_any(s->heading, c->r->department_sections) && memmem(s->text, strlen(s->text), name, n))
            return true;
    }
    return false;
}

/* A character that ends a name: ASCII but letters (digits, spaces, punctuation) or CJK
 * punctuation but full-width letters (a template's ＸＸ is part of the name it stands for). */
static bool name_break(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80) return !((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z');
    if (p[0] == 0xE3 && p[1] == 0x80) return true;
    if (p[0] != 0xEF) return false;
    if (p[1] == 0xBC) return !(p[2] >= 0xA1 && p[2] <= 0xBA);
    return p[1] == 0xBD && !(p[2] >= 0x81 && p[2] <= 0x9A);
}

/* The first department name in @p label that is not the document's: its start and length. */
static bool foreign_name(const rctx *c, const char *label, size_t *at, size_t *len)
{
    const char *region = NULL;
    size_t rl = name_region(c, &region);
    if (!rl || !label) return false;
    for (const char *p = label; *p;) {
        const char *o = memmem(p, strlen(p), region, rl);
        if (!o) return false;
        size_t own = own_name_at(c, o, region, rl);
        if (own) {
            p = o + own;
            continue;
        }
        /* the run of the name: up to a break, a stop word, or the next region */
        const char *e = o + rl, *end = NULL;
        while (*e && !name_break(e) && !starts_with_any(e, c->r->department_stops) && strncmp(e, region, rl)) {
            size_t n = starts_with_any(e, c->r->department_suffixes);
            if (n && !end) end = e + n;
            e += n ? n : 1;
            while (((unsigned char)*e & 0xC0) == 0x80) e++;
        }
        const char *s0 = o;
        size_t pl = 0;
        for (size_t k = 0; c->r->department_prefixes && c->r->department_prefixes[k]; k++) {
            size_t n = strlen(c->r->department_prefixes[k]);
            if ((size_t)(o - label) >= n && !strncmp(o - n, c->r->department_prefixes[k], n) && n > pl) pl = n;
        }
        s0 -= pl;
        if (end && !listed_unit(c, o, (size_t)(end - o))) {
            *at = (size_t)(s0 - label);
            *len = (size_t)(end - s0);
            return true;
        }
        p = e > o + rl ? e : o + rl;
    }
    return false;
}

/* The title and every heading name only the document's own department and units. */
static void check_heading_departments(rctx *c)
{
    const char *dep = c->doc->department_name;
    char msg[900];
    size_t at, len;
    c->out->n_checks++;
    if (c->doc->title && foreign_name(c, c->doc->title, &at, &len)) {
        snprintf(msg, sizeof msg, "the title names the department “%.*s”, the document is %s's: “%s”", (int)len,
                 c->doc->title + at, dep, c->doc->title);
        push(c, "R7", BK_FINDING_ERROR, NULL, 0, NULL, "document", c->doc->title, msg);
    }
    for (size_t i = 0; i < c->doc->n_sections; i++) {
        const bk_section *s = &c->doc->sections[i];
        if (!s->heading) continue;
        c->out->n_checks++;
        if (!foreign_name(c, s->heading, &at, &len)) continue;
        snprintf(msg, sizeof msg, "the heading names the department “%.*s”, the document is %s's", (int)len,
                 s->heading + at, dep);
        push(c, "R7", BK_FINDING_ERROR, s, i, NULL, NULL, NULL, msg);
    }
}

/* ---- R8, R9, R10: what a template leaves ---- */

/* Where a run of the placeholder's own characters goes on past it (a 目录 leader "…………"). */
static bool leader(const char *s, size_t at, const char *ph)
{
    size_t n = strlen(ph);
    if (strcmp(ph, "……")) return false;
    return !strncmp(s + at + n, "…", 3) || (at >= 3 && !strncmp(s + at - 3, "…", 3));
}

/* An instruction line that asks for text below it ("…并在本表下方作下述说明：") and has it on the
 * next line: the template was filled in and only its instruction left over (a warning); one
 * with nothing after it is the template unfilled (an error). */
static bool instruction_followed(const char *s, size_t at)
{
    const char *eol = strchr(s + at, '\n');
    if (!eol) return false;
    const char *e = eol;
    while (e > s + at && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t')) e--;
    bool asks = (e - (s + at) >= 3 && !memcmp(e - 3, "：", 3)) || (e > s + at && e[-1] == ':');
    if (!asks) return false;
    for (const char *p = eol + 1; *p && *p != '\n'; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r') return true;
    return false;
}

static void scan_list(rctx *c, const char *rule, bk_finding_severity sev, const char *const *list, const char *what,
                      const bk_section *sec, size_t si, const bk_table *t, const char *label)
{
    const char *s = sec ? sec->text : label;
    size_t done[32], n_done = 0; /* sentences reported: one finding each */
    for (size_t k = 0; s && list && list[k]; k++) {
        size_t n = strlen(list[k]);
        for (const char *p = strstr(s, list[k]); p; p = strstr(p + n, list[k])) {
            size_t at = (size_t)(p - s), from, to;
            if (leader(s, at, list[k])) continue;
            sentence_at(s, at, &from, &to);
            bool seen = false;
            for (size_t d = 0; d < n_done && !seen; d++) seen = done[d] == from;
            if (seen) {
                if (to > at + n) p = s + to - n; /* on past this sentence */
                continue;
            }
            if (n_done < sizeof done / sizeof done[0])
                done[n_done++] = from;
            else
                return; /* a text made of leftovers: 32 findings say enough */
            char what2[200];
            bool done_as_asked = !strcmp(rule, "R9") && sec && instruction_followed(s, at);
            snprintf(what2, sizeof what2, "%s “%s” left in the published text%s", what, list[k],
                     done_as_asked ? " (what it asks for follows it: a leftover line, not a missing 说明)" : "");
            if (sec) {
                report_text(c, rule, done_as_asked ? BK_FINDING_WARNING : sev, sec, si, at, what2);
            } else {
                char msg[900];
                snprintf(msg, sizeof msg, "%s: “%s”", what2, s);
                push(c, rule, sev, NULL, 0, t, t ? NULL : "document", t ? NULL : label, msg);
                return; /* a label: once */
            }
        }
    }
}

/* Each bracket pair opens as often as it closes in one text. */
static void check_brackets(rctx *c, const bk_section *sec, size_t si)
{
    const char *s = sec->text;
    for (size_t k = 0; c->r->brackets && c->r->brackets[k]; k++) {
        const char *b = c->r->brackets[k];
        size_t ol = 1;
        while (b[ol] && ((unsigned char)b[ol] & 0xC0) == 0x80) ol++;
        const char *close = b + ol;
        size_t cl = strlen(close);
        long depth = 0;
        size_t first_bad = SIZE_MAX, last_open = SIZE_MAX;
        for (size_t i = 0; s[i]; i++) {
            if (s[i] != b[0] && s[i] != close[0]) continue;
            if (!strncmp(s + i, b, ol))
                depth++, last_open = i;
            else if (!strncmp(s + i, close, cl)) {
                if (--depth < 0 && first_bad == SIZE_MAX) first_bad = i, depth = 0;
            }
        }
        if (depth > 0 && first_bad == SIZE_MAX) first_bad = last_open;
        c->out->n_checks++;
        if (first_bad == SIZE_MAX) continue;
        char what[120];
        snprintf(what, sizeof what, "unmatched bracket %.*s%s", (int)ol, b, close);
        report_text(c, "R10", BK_FINDING_WARNING, sec, si, first_bad, what);
    }
}

static void check_leftovers(rctx *c)
{
    const bk_review_def *r = c->r;
    const char *doc_labels[] = {c->doc->title, c->doc->department_name};
    for (size_t i = 0; i < 2; i++) {
        scan_list(c, "R8", BK_FINDING_ERROR, r->placeholders, "placeholder", NULL, 0, NULL, doc_labels[i]);
        scan_list(c, "R9", BK_FINDING_ERROR, r->instructions, "template instruction", NULL, 0, NULL, doc_labels[i]);
    }
    for (size_t i = 0; i < c->doc->n_tables; i++) {
        const bk_table *t = &c->doc->tables[i];
        const char *labels[] = {t->title, t->department, t->note};
        for (size_t k = 0; k < 3; k++) {
            scan_list(c, "R8", BK_FINDING_ERROR, r->placeholders, "placeholder", NULL, 0, t, labels[k]);
            scan_list(c, "R9", BK_FINDING_ERROR, r->instructions, "template instruction", NULL, 0, t, labels[k]);
        }
    }
    for (size_t i = 0; i < c->doc->n_sections; i++) {
        const bk_section *s = &c->doc->sections[i];
        bk_section head = *s; /* the heading scanned as a text of its own section */
        head.text = s->heading;
        const bk_section *texts[2] = {&head, s};
        for (int k = 0; k < 2; k++) {
            if (!texts[k]->text) continue;
            scan_list(c, "R8", BK_FINDING_ERROR, r->placeholders, "placeholder", texts[k], i, NULL, NULL);
            scan_list(c, "R9", BK_FINDING_ERROR, r->instructions, "template instruction", texts[k], i, NULL, NULL);
            scan_list(c, "R10", BK_FINDING_WARNING, r->doubled, "doubled punctuation", texts[k], i, NULL, NULL);
        }
        if (s->text) check_brackets(c, s, i);
    }
}

/* ---- entry ---- */

const bk_review_def *bk_review_family(const bk_document *doc)
{
    size_t n = 0;
    const bk_review_def *defs = bk_review_defs(&n), *best = NULL;
    size_t best_hits = 0;
    for (size_t i = 0; doc && i < n; i++) {
        if (defs[i].document != doc->kind) continue;
        size_t hits = 0;
        for (size_t k = 0; defs[i].detect && defs[i].detect[k]; k++) hits += find_table(doc, defs[i].detect[k]) != NULL;
        if (hits > best_hits) best = &defs[i], best_hits = hits;
    }
    return best;
}

int bk_review_check(const bk_document *doc, bk_findings *out)
{
    rctx c = {.doc = doc, .r = bk_review_family(doc), .out = out, .status = BK_OK};
    if (!c.r) return BK_OK;
    c.ordered = positions_ordered(doc);
    c.at = (size_t)-1;
    /* Completeness is asked of a publication: a document with text. A set of tables
     * only (compile's output, a finance-system export, an excerpt) is not one. */
    if (doc->n_sections) {
        check_tables(&c);
        check_sections(&c);
    } else {
        check_tables_only(&c);
    }
    if (doc->fiscal_year) check_label_years(&c);
    check_departments(&c);
    check_heading_departments(&c);
    check_leftovers(&c);
    for (size_t i = 0; i < doc->n_sections && !c.status; i++) {
        const bk_section *s = &doc->sections[i];
        if (!s->text) continue;
        check_statements(&c, s, i);
        check_paths(&c, s, i);
        check_directions(&c, s, i);
        check_budget_final(&c, s, i);
        if (doc->fiscal_year) check_text_years(&c, s, i);
    }
    return c.status;
}
