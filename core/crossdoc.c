/* SPDX-License-Identifier: MIT */
/* Checks across documents (include/budgetkit/crossdoc.h): each document is reduced
 * on its worker to its identity and the figures the rules need; the check matches
 * the reduced documents through hash tables (linear) and compares their figures with
 * the validator's tolerance policy. Every rule is data ("crossdoc" of a family). */
#include <budgetkit/crossdoc.h>
#include <budgetkit/definitions.h>
#include <budgetkit/review.h>
#include "arena.h"
#include "narrative.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_QUOTE = 240, MAX_NAMES_IN_MESSAGE = 3, SENTENCE_SCAN = 4096, MAX_CLAIMS = 10000 };

/* Where a figure was read, compactly (formatted only for a finding). */
typedef struct xpos {
    uint32_t line, column, page;
    const char *sheet; /* one copy per table and sheet */
} xpos;

/* One printed figure of a crossdoc table. Its key is (row key, column key): the row key
 * "kind\037panel\037row" is shared by the row's figures, the column strings by the column's,
 * so a document costs little more than its figures for the rest of the run. */
typedef struct xfig {
    const char *rkey, *column, *column_label, *row;
    bk_amount v;
    xpos pos;
    uint32_t table, col; /* col: the column's place in its panel, for the printed order */
    bool dup;            /* its key is not unique in the document: never compared */
} xfig;

typedef struct xtable {
    const char *kind, *title;
    int digits; /* 0 for 元, 4 for 万元 */
} xtable;

/* The figure a rule's ref names, when the document prints it. */
typedef struct xref {
    const char *ref, *title, *where;
    bk_amount v;
    int digits;
    int n;
} xref;

/* "PHRASE C万元，比上年增加 X万元": last year's figure is C ∓ X. */
typedef struct xclaim {
    const char *ref, *phrase, *quote, *heading, *where;
    bk_amount prev;
    int digits; /* of the sentence: 4 for 万元, 0 for 元 */
} xclaim;

struct bk_crossdoc_doc {
    bk_arena *a;
    const char *name;
    int32_t year;
    bk_doc_kind kind;
    bool unit; /* a 单位 disclosure (else 部门, or not said) */
    const char *dept_name, *dept_code;
    const char **unit_keys; /* the units the 部门 lists: "n:NAME" / "c:CODE" */
    size_t n_unit_keys, n_units;
    const bk_crossdoc_def *def;
    xtable *tables;
    size_t n_tables;
    xfig *figs;
    size_t n_figs;
    xref *refs;
    size_t n_refs;
    xclaim *claims;
    size_t n_claims;
};

/* ------------------------------------------------------------------------
 * Extraction
 * ------------------------------------------------------------------------ */

static int table_digits(const bk_table *t)
{
    bk_unit_kind u = t->unit;
    if (u == BK_UNIT_UNKNOWN) {
        const bk_table_def *def = bk_table_def_find(t->kind);
        u = def && def->unit != BK_UNIT_UNKNOWN ? def->unit : t->scale > 0 ? BK_UNIT_WAN_YUAN : BK_UNIT_YUAN;
    }
    return u == BK_UNIT_WAN_YUAN ? 4 : 0;
}

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list && list[i]; i++)
        if (!strcmp(list[i], s)) return true;
    return false;
}

/* A printed name without its ordinal and spaces ("一、财政拨款收入" → "财政拨款收入"), so
 * that "1. 一般公共预算" and "1、一般公共预算" are the same row. */
static char *name_key(bk_arena *a, const char *name)
{
    static const char *const skip[] = {"一", "二", "三", "四", "五", "六", "七", "八",           "九", "十", "、",
                                       "．", "（", "）", "(",  ")",  ".",  " ",  "\xe3\x80\x80", "：", ":"};
    const char *p = name;
    for (bool more = true; more && *p;) {
        more = false;
        if (*p >= '0' && *p <= '9') {
            p++;
            more = true;
            continue;
        }
        for (size_t k = 0; k < sizeof skip / sizeof *skip; k++)
            if (!strncmp(p, skip[k], strlen(skip[k]))) {
                p += strlen(skip[k]);
                more = true;
                break;
            }
    }
    char *out = bk_arena_alloc(a, strlen(p) + 1), *o = out;
    if (!out) return NULL;
    for (; *p; p++)
        if (*p != ' ') *o++ = *p;
    *o = '\0';
    return out;
}

static const char *fmt(bk_arena *a, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(bk_arena *a, const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return bk_arena_strdup(a, buf, (size_t)-1);
}

static const char *where_of(bk_arena *a, const bk_pos *pos)
{
    char buf[BK_POS_TEXT_MAX];
    if (!pos->line && !pos->page) return NULL;
    bk_pos_describe(pos, 0, buf, sizeof buf);
    return buf[0] ? bk_arena_strdup(a, buf, (size_t)-1) : NULL;
}

static int cmp_key(const xfig *a, const char *rkey, const char *column)
{
    int c = strcmp(a->rkey, rkey);
    return c ? c : strcmp(a->column, column);
}

static int cmp_fig(const void *x, const void *y)
{
    const xfig *a = x, *b = y;
    return cmp_key(a, b->rkey, b->column);
}

/* "page 12", "line 40", "表3!B36", or NULL; in @p buf. */
static const char *xpos_where(const xpos *x, char *buf, size_t cap)
{
    bk_pos p;
    memset(&p, 0, sizeof p);
    p.line = x->line;
    p.column = x->column;
    p.page = x->page;
    p.sheet = x->sheet;
    if (!p.line && !p.page) return NULL;
    bk_pos_describe(&p, 0, buf, cap);
    return buf[0] ? buf : NULL;
}

/* The printed figures of a panel. */
static size_t count_amounts(const bk_panel *pn)
{
    size_t n = 0;
    for (size_t r = 0; r < pn->n_rows; r++)
        for (size_t k = 0; k < pn->n_columns; k++) n += pn->rows[r].cells[k].kind == BK_CELL_AMOUNT;
    return n;
}

/* Row key of @p row: its printed code, else its fixed-item key, else its name without ordinal
 * (else, in a table of one row, that row). */
static const char *row_key(bk_arena *a, const bk_table *tb, const bk_panel *pn, const bk_row *row)
{
    const char *rk = NULL;
    if (row->code && !(row->flags & BK_ROW_CODE_DERIVED))
        rk = fmt(a, "c:%s", row->code);
    else if (row->key)
        rk = fmt(a, "k:%s", row->key);
    else if (row->name) {
        const char *nk = name_key(a, row->name);
        rk = nk && *nk ? fmt(a, "n:%s", nk) : NULL;
    } else if (pn->n_rows == 1)
        rk = "one"; /* the one unnamed row of a one-row table (the MoF 三公 table) */
    return rk ? fmt(a, "%s\037%s\037%s", tb->kind, pn->key ? pn->key : "", rk) : NULL;
}

/* The column keys and printed labels of a panel, once: key, label, key, label … */
static const char **column_strings(bk_arena *a, const bk_panel *pn)
{
    const char **ck = bk_arena_alloc(a, (2 * pn->n_columns + 1) * sizeof *ck);
    for (size_t k = 0; ck && k < pn->n_columns; k++) {
        const bk_column *c = &pn->columns[k];
        ck[2 * k] = bk_arena_strdup(a, c->key, (size_t)-1);
        ck[2 * k + 1] = c->label && c->label[0] ? bk_arena_strdup(a, c->label, (size_t)-1) : ck[2 * k];
        if (!ck[2 * k] || !ck[2 * k + 1]) return NULL;
    }
    return ck;
}

/* The figures of the tables rule X1 compares. */
static int extract_tables(bk_crossdoc_doc *d, const bk_document *doc)
{
    size_t n = 0, nt = 0;
    for (size_t t = 0; t < doc->n_tables; t++) {
        if (!d->def || !in_list(d->def->unit_sum_tables, doc->tables[t].kind)) continue;
        nt++;
        for (size_t p = 0; p < doc->tables[t].n_panels; p++) n += count_amounts(&doc->tables[t].panels[p]);
    }
    d->tables = bk_arena_alloc(d->a, (nt ? nt : 1) * sizeof *d->tables);
    d->figs = bk_arena_alloc(d->a, (n ? n : 1) * sizeof *d->figs);
    if (!d->tables || !d->figs) return BK_ERR_NOMEM;
    for (size_t t = 0; t < doc->n_tables; t++) {
        const bk_table *tb = &doc->tables[t];
        if (!d->def || !in_list(d->def->unit_sum_tables, tb->kind)) continue;
        xtable *xt = &d->tables[d->n_tables];
        xt->kind = bk_arena_strdup(d->a, tb->kind, (size_t)-1);
        xt->title = tb->title ? bk_arena_strdup(d->a, tb->title, (size_t)-1) : xt->kind;
        xt->digits = table_digits(tb);
        const char *sheet = NULL;
        for (size_t p = 0; p < tb->n_panels; p++) {
            const bk_panel *pn = &tb->panels[p];
            const char **ck = column_strings(d->a, pn);
            if (!ck || !xt->kind || !xt->title) return BK_ERR_NOMEM;
            for (size_t r = 0; r < pn->n_rows; r++) {
                const bk_row *row = &pn->rows[r];
                const char *rk = row_key(d->a, tb, pn, row);
                if (!rk) continue; /* a row with neither code, key nor name cannot be matched */
                const char *label = row->code && !(row->flags & BK_ROW_CODE_DERIVED) && row->name
                                        ? fmt(d->a, "%s %s", row->code, row->name)
                                    : row->name ? bk_arena_strdup(d->a, row->name, (size_t)-1)
                                    : row->key  ? bk_arena_strdup(d->a, row->key, (size_t)-1)
                                                : "(its one row)";
                if (!label) return BK_ERR_NOMEM;
                for (size_t k = 0; k < pn->n_columns; k++) {
                    const bk_cell *c = &row->cells[k];
                    if (c->kind != BK_CELL_AMOUNT || strncmp(pn->columns[k].key, "unmapped_", 9) == 0) continue;
                    xfig *f = &d->figs[d->n_figs++];
                    memset(f, 0, sizeof *f);
                    f->rkey = rk;
                    f->row = label;
                    f->column = ck[2 * k];
                    f->column_label = ck[2 * k + 1];
                    const bk_pos *cp = row->cell_pos && (row->cell_pos[k].line || row->cell_pos[k].page)
                                           ? &row->cell_pos[k]
                                           : &row->pos;
                    if (cp->sheet && (!sheet || strcmp(sheet, cp->sheet)))
                        if (!(sheet = bk_arena_strdup(d->a, cp->sheet, (size_t)-1))) return BK_ERR_NOMEM;
                    f->pos = (xpos){cp->line, cp->column, cp->page, cp->sheet ? sheet : NULL};
                    f->v = c->amount;
                    f->table = (uint32_t)d->n_tables;
                    f->col = (uint32_t)k;
                }
            }
        }
        d->n_tables++;
    }
    /* sorted by key: a key printed twice (the same name under two parents) is never compared */
    qsort(d->figs, d->n_figs, sizeof *d->figs, cmp_fig);
    for (size_t i = 1; i < d->n_figs; i++)
        if (!cmp_fig(&d->figs[i], &d->figs[i - 1])) d->figs[i].dup = d->figs[i - 1].dup = true;
    return BK_OK;
}

/* Every ref of every family's rules that the document prints. */
static int extract_refs(bk_crossdoc_doc *d, const bk_document *doc)
{
    size_t nd = 0, n = 0;
    const bk_crossdoc_def *defs = bk_crossdoc_defs(&nd);
    for (size_t i = 0; i < nd; i++) n += defs[i].n_claims + 2 * defs[i].n_pairs;
    d->refs = bk_arena_alloc(d->a, (n ? n : 1) * sizeof *d->refs);
    if (!d->refs) return BK_ERR_NOMEM;
    for (size_t i = 0; i < nd; i++) {
        const char *list[2 * 256 * 2];
        size_t m = 0;
        for (size_t j = 0; j < defs[i].n_claims && m < sizeof list / sizeof *list; j++)
            list[m++] = defs[i].claims[2 * j + 1];
        for (size_t j = 0; j < 2 * defs[i].n_pairs && m < sizeof list / sizeof *list; j++) list[m++] = defs[i].pairs[j];
        for (size_t j = 0; j < m; j++) {
            bk_amount v;
            bk_unit_kind u = BK_UNIT_UNKNOWN;
            int cnt = 0;
            if (bk_validate_eval_ref(doc, list[j], &v, &u, &cnt) != BK_OK || cnt < 1) continue;
            xref *x = &d->refs[d->n_refs++];
            x->ref = list[j]; /* the definitions outlive the run */
            x->v = v;
            x->digits = u == BK_UNIT_WAN_YUAN ? 4 : 0;
            x->n = cnt;
            /* the title of the ref's table, for messages */
            const char *slash = strchr(list[j], '/');
            size_t kl = slash ? (size_t)(slash - list[j]) : strlen(list[j]);
            x->title = NULL;
            for (size_t t = 0; t < doc->n_tables && !x->title; t++)
                if (strlen(doc->tables[t].kind) == kl && !strncmp(doc->tables[t].kind, list[j], kl)) {
                    x->title = doc->tables[t].title ? bk_arena_strdup(d->a, doc->tables[t].title, (size_t)-1) : NULL;
                    x->where = where_of(d->a, &doc->tables[t].pos);
                }
            if (!x->title) x->title = bk_arena_strdup(d->a, list[j], kl);
        }
    }
    return BK_OK;
}

/* Length of a filler or marker of @p list at @p s, or 0. */
static size_t match_any(const char *s, const char *const *list)
{
    for (size_t i = 0; list && list[i]; i++) {
        size_t n = strlen(list[i]);
        if (n && !strncmp(s, list[i], n)) return n;
    }
    return 0;
}

/* An amount "8,261.00万元" / "1410.69 万元" / "300元" at *p: its value and unit digits. */
static bool amount_at(const char **p, bk_amount *v, int *digits)
{
    const char *s = *p, *e = s;
    while (*e == ' ') e++;
    s = e;
    while ((*e >= '0' && *e <= '9') || *e == ',' || *e == '.') e++;
    if (e == s || !(*s >= '0' && *s <= '9')) return false;
    if (bk_amount_parse(s, (size_t)(e - s), BK_AMOUNT_SEPARATORS, v) != BK_AMOUNT_OK) return false;
    while (*e == ' ') e++;
    if (!strncmp(e, "万元", 6))
        *digits = 4, e += 6;
    else if (!strncmp(e, "元", 3))
        *digits = 0, e += 3;
    else
        return false;
    *p = e;
    return true;
}

/* Where the sentence holding byte @p at of @p text starts and ends. */
static void sentence(const char *text, size_t at, size_t *from, size_t *to)
{
    static const char *const ends[] = {"。", "；", "\n"};
    size_t b = at, e = at, len = strlen(text);
    /* bounded both ways: a hostile text of one endless sentence stays linear */
    while (b > 0 && at - b < SENTENCE_SCAN) {
        bool stop = false;
        for (size_t k = 0; k < 3 && !stop; k++) {
            size_t n = strlen(ends[k]);
            stop = b >= n && !strncmp(text + b - n, ends[k], n);
        }
        if (stop) break;
        b--;
    }
    while (e < len && e - at < SENTENCE_SCAN) {
        size_t k = 0;
        for (; k < 3; k++)
            if (!strncmp(text + e, ends[k], strlen(ends[k]))) break;
        if (k < 3) break;
        e++;
    }
    *from = b;
    *to = e;
}

/* X2's claims: a phrase, its amount, then (after one comma) 比上年 增加|减少 an amount. */
static int extract_claims(bk_crossdoc_doc *d, const bk_document *doc)
{
    const bk_crossdoc_def *def = d->def;
    if (!def || !def->n_claims) return BK_OK;
    size_t cap = 0;
    for (size_t s = 0; s < doc->n_sections; s++) {
        const char *text = doc->sections[s].text;
        if (!text) continue;
        for (size_t j = 0; j < def->n_claims; j++) {
            const char *phrase = def->claims[2 * j], *ref = def->claims[2 * j + 1];
            size_t pl = strlen(phrase);
            for (const char *hit = strstr(text, phrase); hit && pl; hit = strstr(hit + pl, phrase)) {
                const char *p = hit + pl;
                for (size_t k; (k = match_any(p, def->fillers)) || *p == ' ';) p += k ? k : 1;
                bk_amount cur, chg;
                int dc = 0, dx = 0;
                if (!amount_at(&p, &cur, &dc)) continue;
                if (!strncmp(p, "，", 3))
                    p += 3;
                else if (*p == ',')
                    p++;
                size_t k = match_any(p, def->compare_markers);
                if (!k) continue;
                p += k;
                bool more = false;
                if ((k = match_any(p, def->more_words)))
                    more = true;
                else if (!(k = match_any(p, def->less_words)))
                    continue;
                p += k;
                if (!amount_at(&p, &chg, &dx) || dx != dc) continue;
                bk_amount prev;
                if (!(more ? bk_amount_sub(cur, chg, &prev) : bk_amount_add(cur, chg, &prev))) continue;
                if (d->n_claims == MAX_CLAIMS) return BK_OK; /* more is not a disclosure's text */
                if (d->n_claims == cap) {
                    size_t nc = cap ? cap * 2 : 8;
                    xclaim *v = bk_arena_alloc(d->a, nc * sizeof *v);
                    if (!v) return BK_ERR_NOMEM;
                    if (cap) memcpy(v, d->claims, cap * sizeof *v);
                    d->claims = v;
                    cap = nc;
                }
                xclaim *c = &d->claims[d->n_claims++];
                size_t from, to;
                sentence(text, (size_t)(hit - text), &from, &to);
                char q[MAX_QUOTE];
                bk_narrative_quote(text, from, to, q, sizeof q);
                c->ref = ref;
                c->phrase = phrase;
                c->quote = bk_arena_strdup(d->a, q, (size_t)-1);
                c->heading =
                    doc->sections[s].heading ? bk_arena_strdup(d->a, doc->sections[s].heading, (size_t)-1) : NULL;
                c->where = where_of(d->a, &doc->sections[s].pos);
                c->prev = prev;
                c->digits = dc;
                if (!c->quote) return BK_ERR_NOMEM;
            }
        }
    }
    return BK_OK;
}

/* The family whose crossdoc rules apply: the review family's, else the one of the document's kind. */
static const bk_crossdoc_def *family_of(const bk_document *doc)
{
    size_t n = 0;
    const bk_crossdoc_def *defs = bk_crossdoc_defs(&n);
    const bk_review_def *r = bk_review_family(doc);
    for (size_t i = 0; r && i < n; i++)
        if (!strcmp(defs[i].family, r->family)) return &defs[i];
    for (size_t i = 0; i < n; i++)
        if (defs[i].document == doc->kind) return &defs[i];
    return NULL;
}

static const char *dup_trim(bk_arena *a, const char *s)
{
    if (!s) return NULL;
    char *o = bk_arena_alloc(a, strlen(s) + 1), *w = o;
    if (!o) return NULL;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t') *w++ = *s;
    *w = '\0';
    return o[0] ? o : NULL;
}

int bk_crossdoc_extract(const bk_document *doc, const char *name, bk_crossdoc_doc **out, bk_error *err)
{
    if (!doc || !out) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "no document");
    *out = NULL;
    bk_arena *a = bk_arena_new();
    bk_crossdoc_doc *d = a ? bk_arena_alloc(a, sizeof *d) : NULL;
    if (!d) {
        bk_arena_free(a);
        return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    memset(d, 0, sizeof *d);
    d->a = a;
    d->name = bk_arena_strdup(a, name ? name : "-", (size_t)-1);
    d->year = doc->fiscal_year;
    d->kind = doc->kind;
    d->unit = doc->disclosure && !strcmp(doc->disclosure, "unit");
    d->dept_name = dup_trim(a, doc->department_name);
    d->dept_code = dup_trim(a, doc->department_code);
    d->def = family_of(doc);
    d->n_units = doc->n_units;
    d->unit_keys = bk_arena_alloc(a, (2 * doc->n_units + 1) * sizeof *d->unit_keys);
    int rc = d->name && d->unit_keys ? BK_OK : BK_ERR_NOMEM;
    for (size_t i = 0; rc == BK_OK && i < doc->n_units; i++) {
        const char *nm = dup_trim(a, doc->units[i].name), *cd = dup_trim(a, doc->units[i].code);
        if (nm) d->unit_keys[d->n_unit_keys++] = fmt(a, "n:%s", nm);
        if (cd) d->unit_keys[d->n_unit_keys++] = fmt(a, "c:%s", cd);
    }
    if (rc == BK_OK) rc = extract_tables(d, doc);
    if (rc == BK_OK) rc = extract_refs(d, doc);
    if (rc == BK_OK) rc = extract_claims(d, doc);
    if (rc != BK_OK) {
        bk_arena_free(a);
        return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    *out = d;
    return BK_OK;
}

void bk_crossdoc_doc_free(bk_crossdoc_doc *d)
{
    if (d) bk_arena_free(d->a);
}

/* ------------------------------------------------------------------------
 * Hash tables: string key → up to two distinct values (a third only counts)
 * ------------------------------------------------------------------------ */

typedef struct hent {
    const char *key;
    size_t v[2];
    size_t n; /* distinct values */
} hent;

typedef struct htab {
    hent *e;
    size_t cap, used;
    bk_arena *a; /* owns the keys */
} htab;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int htab_init(htab *h, size_t n)
{
    h->cap = 16;
    while (h->cap < 2 * n + 16) h->cap *= 2;
    h->used = 0;
    h->e = calloc(h->cap, sizeof *h->e);
    h->a = bk_arena_new();
    return h->e && h->a ? BK_OK : BK_ERR_NOMEM;
}

static void htab_free(htab *h)
{
    free(h->e);
    bk_arena_free(h->a);
}

static hent *htab_find(const htab *h, const char *key)
{
    if (!key) return NULL;
    for (size_t i = hash_str(key) & (h->cap - 1);; i = (i + 1) & (h->cap - 1)) {
        if (!h->e[i].key) return NULL;
        if (!strcmp(h->e[i].key, key)) return &h->e[i];
    }
}

/* Add @p v under @p key (a value already there is not added twice). The table never fills: sized at init. */
static int htab_add(htab *h, const char *key, size_t v)
{
    if (!key) return BK_OK;
    if (2 * (h->used + 1) > h->cap) return BK_ERR_INTERNAL;
    size_t i = hash_str(key) & (h->cap - 1);
    for (; h->e[i].key && strcmp(h->e[i].key, key); i = (i + 1) & (h->cap - 1)) {
    }
    hent *e = &h->e[i];
    if (!e->key) {
        if (!(e->key = bk_arena_strdup(h->a, key, (size_t)-1))) return BK_ERR_NOMEM;
        h->used++;
    }
    for (size_t k = 0; k < e->n && k < 2; k++)
        if (e->v[k] == v) return BK_OK;
    if (e->n < 2) e->v[e->n] = v;
    e->n++;
    return BK_OK;
}

/* "YEAR|KIND|LEVEL|c:CODE" or "…|n:NAME". */
static const char *doc_key(char *buf, size_t cap, int32_t year, bk_doc_kind kind, int level, const char *id)
{
    if (!id) return NULL;
    snprintf(buf, cap, "%d|%d|%d|%s", (int)year, (int)kind, level, id);
    return buf;
}

/* ------------------------------------------------------------------------
 * Findings
 * ------------------------------------------------------------------------ */

typedef struct xctx {
    const bk_crossdoc_doc *const *docs;
    size_t n;
    const bk_validate_options *opt;
    bk_crossdoc_findings *out;
    int status;
} xctx;

static char *sdup(const char *s, bool *ok)
{
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *ok = false;
    return d;
}

static void push(xctx *x, const bk_crossdoc_finding *f)
{
    bk_crossdoc_findings *o = x->out;
    if (f->severity == BK_FINDING_ERROR)
        o->n_error++;
    else if (f->severity == BK_FINDING_ROUNDING)
        o->n_rounding++;
    else
        o->n_warning++;
    size_t max = x->opt->max_findings ? x->opt->max_findings : 100000;
    if (o->count >= max) return;
    if (o->count == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        bk_crossdoc_finding *v = realloc(o->items, cap * sizeof *v);
        if (!v) {
            x->status = BK_ERR_NOMEM;
            return;
        }
        o->items = v;
        o->cap = cap;
    }
    bool ok = true;
    bk_crossdoc_finding d = *f;
    d.rule = sdup(f->rule, &ok);
    d.table_kind = sdup(f->table_kind, &ok);
    d.table_title = sdup(f->table_title, &ok);
    d.row = sdup(f->row, &ok);
    d.column = sdup(f->column, &ok);
    d.column_label = sdup(f->column_label, &ok);
    d.message = sdup(f->message, &ok);
    d.where = sdup(f->where, &ok);
    d.other_where = sdup(f->other_where, &ok);
    o->items[o->count++] = d;
    if (!ok) x->status = BK_ERR_NOMEM;
}

/* Severity of a difference @p d over @p n figures in a table of @p digits; -1: no finding. */
static int severity_of(const xctx *x, bk_amount d, int digits, int n)
{
    if (d.units == 0) return -1;
    bk_amount mag = d;
    if (mag.units < 0) mag.units = -mag.units;
    bk_amount tol = bk_validate_tolerance(x->opt, digits ? BK_UNIT_WAN_YUAN : BK_UNIT_YUAN, n);
    if (bk_amount_cmp(mag, tol) <= 0) return x->opt->strict ? BK_FINDING_ERROR : BK_FINDING_ROUNDING;
    return BK_FINDING_ERROR;
}

/* @p v (a figure in units of 10^from_digits 元) in units of 10^to_digits 元, at @p scale decimals. */
static bool convert(bk_amount v, int from_digits, int to_digits, int scale, bk_amount *out)
{
    if (from_digits == to_digits) return bk_amount_rescale(v, v.scale > scale ? v.scale : scale, out);
    if (from_digits < to_digits) return bk_amount_shift(v, to_digits - from_digits, scale, out);
    int64_t m = 1;
    for (int i = 0; i < from_digits - to_digits; i++) m *= 10;
    if (__builtin_mul_overflow(v.units, m, &v.units)) return false;
    return true;
}

static const xfig *fig_find(const bk_crossdoc_doc *d, const char *rkey, const char *column)
{
    size_t lo = 0, hi = d->n_figs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_key(&d->figs[mid], rkey, column);
        if (c == 0) return &d->figs[mid]; /* a duplicate is flagged on every copy */
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static long table_of(const bk_crossdoc_doc *d, const char *kind)
{
    for (size_t i = 0; i < d->n_tables; i++)
        if (!strcmp(d->tables[i].kind, kind)) return (long)i;
    return -1;
}

static bool has_table(const bk_crossdoc_doc *d, const char *kind)
{
    return table_of(d, kind) >= 0;
}

/* The first figure of @p d whose row key starts with the @p n bytes of @p prefix, or NULL. */
static const xfig *prefix_find(const bk_crossdoc_doc *d, const char *prefix, size_t n)
{
    size_t lo = 0, hi = d->n_figs;
    while (lo < hi) { /* lower bound of prefix among the sorted row keys */
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(d->figs[mid].rkey, prefix, n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n_figs && !strncmp(d->figs[lo].rkey, prefix, n) ? &d->figs[lo] : NULL;
}

/* "a.pdf, b.pdf and 3 more" */
static void names(const xctx *x, const size_t *idx, size_t n, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && i < MAX_NAMES_IN_MESSAGE && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", x->docs[idx[i]]->name);
    if (n > MAX_NAMES_IN_MESSAGE && len < cap)
        snprintf(buf + len, cap - len, " and %zu more", n - MAX_NAMES_IN_MESSAGE);
}

/* A 单位 figure on a row the 部门 prints no figure on. */
typedef struct xmiss {
    const xfig *g;
    size_t unit; /* index into docs */
} xmiss;

static int cmp_miss(const void *x, const void *y)
{
    const xmiss *a = x, *b = y;
    int c = cmp_fig(a->g, b->g);
    return c ? c : (a->unit > b->unit) - (a->unit < b->unit);
}

/* X1, the other way: a row some 单位 prints figures on, in a table and panel the 部门 prints, where the
 * 部门 prints none. One finding per row, on its column of largest Σ (the first printed of equals); the 部门's figure
 * counts as nothing, and the severity is X1's: equal when complete, Σ ≤ 部门 (nothing negative) for a part. */
static void check_unit_rows(xctx *x, size_t di, const size_t *u, size_t nu, bool complete, const char *who)
{
    const bk_crossdoc_doc *d = x->docs[di];
    size_t n = 0;
    for (size_t k = 0; k < nu; k++) n += x->docs[u[k]]->n_figs;
    xmiss *m = malloc((n ? n : 1) * sizeof *m);
    if (!m) {
        x->status = BK_ERR_NOMEM;
        return;
    }
    n = 0;
    for (size_t k = 0; k < nu; k++) {
        const bk_crossdoc_doc *ud = x->docs[u[k]];
        for (size_t i = 0; i < ud->n_figs; i++) {
            const xfig *g = &ud->figs[i];
            const char *sep = strchr(g->rkey, '\037');
            sep = sep ? strchr(sep + 1, '\037') : NULL;
            /* the 部门 prints the panel, and no figure on the row */
            if (!sep || !prefix_find(d, g->rkey, (size_t)(sep + 1 - g->rkey))) continue;
            const xfig *row = prefix_find(d, g->rkey, strlen(g->rkey) + 1); /* the key and its '\0': the row */
            if (!row) m[n++] = (xmiss){g, u[k]};
        }
    }
    qsort(m, n, sizeof *m, cmp_miss);
    for (size_t i = 0, j; i < n && x->status == BK_OK; i = j) {
        /* one row: its figures [i, j), by column then unit */
        for (j = i + 1; j < n && !strcmp(m[j].g->rkey, m[i].g->rkey); j++) {
        }
        const xtable *t = &d->tables[table_of(d, x->docs[m[i].unit]->tables[m[i].g->table].kind)];
        /* at the scale the 部门 prints the panel in, as X1 sums at the 部门 figure's */
        const char *sep = strchr(strchr(m[i].g->rkey, '\037') + 1, '\037');
        int scale = prefix_find(d, m[i].g->rkey, (size_t)(sep + 1 - m[i].g->rkey))->v.scale;
        bool ok = true, negative = false;
        const xmiss *best = NULL;
        bk_amount best_sum = bk_amount_zero(0);
        int best_n = 0;
        for (size_t c = i, e; c < j && ok; c = e) {
            bk_amount sum = bk_amount_zero(scale);
            int printed = 0;
            for (e = c; e < j && !strcmp(m[e].g->column, m[c].g->column); e++) {
                const xfig *g = m[e].g;
                const bk_crossdoc_doc *ud = x->docs[m[e].unit];
                bk_amount v;
                ok = ok && !g->dup && convert(g->v, ud->tables[g->table].digits, t->digits, scale, &v) &&
                     bk_amount_add(sum, v, &sum);
                negative |= g->v.units < 0;
                printed++;
            }
            bk_amount mag = sum, best_mag = best_sum;
            if (mag.units < 0) mag.units = -mag.units;
            if (best_mag.units < 0) best_mag.units = -best_mag.units;
            int o = best ? bk_amount_cmp(mag, best_mag) : 1;
            if (ok && sum.units && (o > 0 || (o == 0 && m[c].g->col < best->g->col)))
                best = &m[c], best_sum = sum, best_n = printed;
        }
        if (!ok || !best || (!complete && negative))
            continue; /* a part bounds the whole only when nothing is negative */
        x->out->n_checks++;
        bk_amount zero = bk_amount_zero(best_sum.scale), diff;
        if (!bk_amount_sub(zero, best_sum, &diff)) continue;
        if (!complete && diff.units >= 0) continue;
        int sev = severity_of(x, diff, t->digits, best_n);
        if (sev < 0) continue;
        char b[BK_AMOUNT_TEXT_MAX], msg[2048], w2[BK_POS_TEXT_MAX];
        bk_amount_format(best_sum, b, sizeof b);
        snprintf(msg, sizeof msg,
                 "%s: %s %s: the 部门 prints no figure on this row, its 单位 documents %s(%s) print %s [%s]", d->name,
                 t->title, best->g->row, complete ? "" : "here ", who, b, best->g->column_label);
        bk_crossdoc_finding out = {.rule = "X1",
                                   .severity = (bk_finding_severity)sev,
                                   .doc = di,
                                   .other = best->unit,
                                   .table_kind = t->kind,
                                   .table_title = t->title,
                                   .row = best->g->row,
                                   .column = best->g->column,
                                   .column_label = best->g->column_label,
                                   .expected = best_sum,
                                   .actual = zero,
                                   .difference = diff,
                                   .message = msg,
                                   .where = NULL,
                                   .other_where = xpos_where(&best->g->pos, w2, sizeof w2)};
        push(x, &out);
    }
    free(m);
}

/* X1: the 部门 document @p di against its 单位 documents @p u[0..nu). */
static void check_units(xctx *x, size_t di, const size_t *u, size_t nu)
{
    const bk_crossdoc_doc *d = x->docs[di];
    /* complete: the 部门 lists its units and as many are here (or it has exactly one) */
    bool complete = d->n_units > 0 && nu == d->n_units;
    char who[1024];
    names(x, u, nu, who, sizeof who);
    for (size_t i = 0; i < d->n_figs && x->status == BK_OK; i++) {
        const xfig *f = &d->figs[i];
        if (f->dup) continue;
        const xtable *t = &d->tables[f->table];
        bk_amount sum = bk_amount_zero(f->v.scale);
        int printed = 0, tables = 0;
        bool ok = true, negative = f->v.units < 0;
        size_t first = u[0];
        const xfig *first_fig = NULL;
        for (size_t k = 0; k < nu && ok; k++) {
            const bk_crossdoc_doc *ud = x->docs[u[k]];
            if (!has_table(ud, t->kind)) continue;
            tables++;
            const xfig *g = fig_find(ud, f->rkey, f->column);
            if (!g) continue; /* the unit prints the table without this row: nothing there */
            if (g->dup) {
                ok = false;
                break;
            }
            bk_amount c;
            if (!convert(g->v, ud->tables[g->table].digits, t->digits, f->v.scale, &c) || !bk_amount_add(sum, c, &sum))
                ok = false;
            if (!printed++) first = u[k], first_fig = g;
            negative |= g->v.units < 0;
        }
        if (!ok || !printed || !tables) continue; /* both must print the figure */
        if (!complete && negative) continue;      /* a part bounds the whole only when nothing is negative */
        x->out->n_checks++;
        bk_amount diff;
        if (!bk_amount_sub(f->v, sum, &diff)) continue;
        if (!complete && diff.units >= 0) continue; /* the 单位 here are a part: Σ ≤ 部门 holds */
        int sev = severity_of(x, diff, t->digits, printed);
        if (sev < 0) continue;
        char a[BK_AMOUNT_TEXT_MAX], b[BK_AMOUNT_TEXT_MAX], msg[2048], w1[BK_POS_TEXT_MAX], w2[BK_POS_TEXT_MAX];
        bk_amount_format(f->v, a, sizeof a);
        bk_amount_format(sum, b, sizeof b);
        if (complete)
            snprintf(msg, sizeof msg, "%s: %s %s [%s] prints %s, its 单位 documents (%s) sum to %s", d->name, t->title,
                     f->row, f->column_label, a, who, b);
        else
            snprintf(
                msg, sizeof msg,
                "%s: %s %s [%s] prints %s, less than its 单位 documents here (%s) alone: %s (the 部门 includes them)",
                d->name, t->title, f->row, f->column_label, a, who, b);
        bk_crossdoc_finding out = {.rule = "X1",
                                   .severity = (bk_finding_severity)sev,
                                   .doc = di,
                                   .other = first,
                                   .table_kind = t->kind,
                                   .table_title = t->title,
                                   .row = f->row,
                                   .column = f->column,
                                   .column_label = f->column_label,
                                   .expected = sum,
                                   .actual = f->v,
                                   .difference = diff,
                                   .message = msg,
                                   .where = xpos_where(&f->pos, w1, sizeof w1),
                                   .other_where = first_fig ? xpos_where(&first_fig->pos, w2, sizeof w2) : NULL};
        push(x, &out);
    }
    if (x->status == BK_OK) check_unit_rows(x, di, u, nu, complete, who);
}

static const xref *ref_find(const bk_crossdoc_doc *d, const char *ref)
{
    for (size_t i = 0; i < d->n_refs; i++)
        if (!strcmp(d->refs[i].ref, ref)) return &d->refs[i];
    return NULL;
}

/* X2: the claims of @p ci about last year against @p pi, last year's document. */
static void check_claims(xctx *x, size_t ci, size_t pi)
{
    const bk_crossdoc_doc *c = x->docs[ci], *p = x->docs[pi];
    for (size_t i = 0; i < c->n_claims && x->status == BK_OK; i++) {
        const xclaim *cl = &c->claims[i];
        const xref *r = ref_find(p, cl->ref);
        if (!r) continue; /* last year's document does not print the figure */
        bk_amount table;
        if (!convert(r->v, r->digits, cl->digits, cl->prev.scale, &table)) continue;
        x->out->n_checks++;
        bk_amount diff;
        if (!bk_amount_sub(cl->prev, table, &diff)) continue;
        int sev = severity_of(x, diff, cl->digits, 2);
        if (sev < 0) continue;
        char a[BK_AMOUNT_TEXT_MAX], b[BK_AMOUNT_TEXT_MAX], msg[2048];
        bk_amount_format(cl->prev, a, sizeof a);
        bk_amount_format(table, b, sizeof b);
        snprintf(msg, sizeof msg, "%s: %s: the text implies last year's %s was %s%s, %s (%d) prints %s in %s: “%s”",
                 c->name, cl->heading ? cl->heading : "text", cl->phrase, a, cl->digits ? "万元" : "元", p->name,
                 (int)p->year, b, r->title, cl->quote);
        bk_crossdoc_finding out = {.rule = "X2",
                                   .severity = (bk_finding_severity)sev,
                                   .doc = ci,
                                   .other = pi,
                                   .table_kind = "narrative",
                                   .table_title = cl->heading,
                                   .row = cl->phrase,
                                   .expected = table,
                                   .actual = cl->prev,
                                   .difference = diff,
                                   .message = msg,
                                   .where = cl->where,
                                   .other_where = r->where};
        push(x, &out);
    }
}

/* X3: a 决算 @p fi against that year's 预算 @p bi. The first pair of a final ref whose budget side is printed decides.
 */
static void check_final(xctx *x, size_t fi, size_t bi)
{
    const bk_crossdoc_doc *f = x->docs[fi], *b = x->docs[bi];
    const bk_crossdoc_def *def = f->def;
    for (size_t i = 0; def && i < def->n_pairs && x->status == BK_OK; i++) {
        const char *fr = def->pairs[2 * i], *br = def->pairs[2 * i + 1];
        bool earlier = false;
        for (size_t j = 0; j < i && !earlier; j++)
            earlier = !strcmp(def->pairs[2 * j], fr) && ref_find(b, def->pairs[2 * j + 1]);
        const xref *a = ref_find(f, fr), *e = ref_find(b, br);
        if (earlier || !a || !e) continue;
        bk_amount want;
        if (!convert(e->v, e->digits, a->digits, a->v.scale, &want)) continue;
        x->out->n_checks++;
        bk_amount diff;
        if (!bk_amount_sub(a->v, want, &diff)) continue;
        int sev = severity_of(x, diff, a->digits, e->n);
        if (sev < 0) continue;
        char s1[BK_AMOUNT_TEXT_MAX], s2[BK_AMOUNT_TEXT_MAX], msg[2048];
        bk_amount_format(a->v, s1, sizeof s1);
        bk_amount_format(want, s2, sizeof s2);
        snprintf(msg, sizeof msg, "%s: %s prints %s (%s) as 预算数, the %d 预算 %s prints %s (%s)", f->name, a->title,
                 s1, fr, (int)b->year, b->name, s2, br);
        bk_crossdoc_finding out = {.rule = "X3",
                                   .severity = (bk_finding_severity)sev,
                                   .doc = fi,
                                   .other = bi,
                                   .table_kind = NULL,
                                   .table_title = a->title,
                                   .row = fr,
                                   .expected = want,
                                   .actual = a->v,
                                   .difference = diff,
                                   .message = msg,
                                   .where = a->where,
                                   .other_where = e->where};
        const char *slash = strchr(fr, '/');
        char kind[128] = "";
        if (slash && (size_t)(slash - fr) < sizeof kind)
            memcpy(kind, fr, (size_t)(slash - fr)), kind[slash - fr] = '\0';
        out.table_kind = kind;
        push(x, &out);
    }
}

static void ambiguous(xctx *x, size_t di, const hent *e, const char *what)
{
    char msg[2048];
    snprintf(msg, sizeof msg, "%s: %s matches %zu documents (%s, %s%s); not checked against either", x->docs[di]->name,
             what, e->n, x->docs[e->v[0]]->name, x->docs[e->v[1]]->name, e->n > 2 ? ", …" : "");
    bk_crossdoc_finding out = {
        .rule = "X0", .severity = BK_FINDING_WARNING, .doc = di, .other = e->v[0], .message = msg};
    push(x, &out);
}

/* The one document under key c:CODE, else n:NAME: its index, or -1 (none), or -2 (ambiguous: *amb set). */
static long lookup(const htab *h, int32_t year, bk_doc_kind kind, int level, const bk_crossdoc_doc *d, const hent **amb)
{
    char buf[1024];
    const char *ids[2] = {NULL, NULL};
    char c[600], n[600];
    if (d->dept_code) snprintf(c, sizeof c, "c:%s", d->dept_code), ids[0] = c;
    if (d->dept_name) snprintf(n, sizeof n, "n:%s", d->dept_name), ids[1] = n;
    for (int k = 0; k < 2; k++) {
        const hent *e = htab_find(h, doc_key(buf, sizeof buf, year, kind, level, ids[k]));
        if (!e) continue;
        if (e->n > 1) {
            *amb = e;
            return -2;
        }
        return (long)e->v[0];
    }
    return -1;
}

static int add_doc_keys(htab *h, const bk_crossdoc_doc *d, size_t i, bool with_units)
{
    char buf[1024], id[600];
    int level = d->unit ? 1 : 0, rc = BK_OK;
    if (d->dept_code && rc == BK_OK)
        snprintf(id, sizeof id, "c:%s", d->dept_code),
            rc = htab_add(h, doc_key(buf, sizeof buf, d->year, d->kind, level, id), i);
    if (d->dept_name && rc == BK_OK)
        snprintf(id, sizeof id, "n:%s", d->dept_name),
            rc = htab_add(h, doc_key(buf, sizeof buf, d->year, d->kind, level, id), i);
    for (size_t k = 0; with_units && k < d->n_unit_keys && rc == BK_OK; k++)
        rc = htab_add(h, doc_key(buf, sizeof buf, d->year, d->kind, level, d->unit_keys[k]), i);
    return rc;
}

int bk_crossdoc_check(const bk_crossdoc_doc *const *docs, size_t n, const bk_validate_options *opt,
                      bk_crossdoc_findings **out, bk_error *err)
{
    if (!out) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "no output");
    bk_validate_options def;
    if (!opt) {
        bk_validate_options_default(&def);
        opt = &def;
    }
    *out = calloc(1, sizeof **out);
    size_t keys = 0;
    for (size_t i = 0; i < n; i++)
        if (docs[i]) keys += 2 + docs[i]->n_unit_keys;
    htab h;
    memset(&h, 0, sizeof h);
    int rc = *out ? htab_init(&h, keys) : BK_ERR_NOMEM;
    xctx x = {.docs = docs, .n = n, .opt = opt, .out = *out, .status = BK_OK};
    /* every document under its year, kind, level and department code and name; a 部门 also under its units */
    for (size_t i = 0; i < n && rc == BK_OK; i++)
        if (docs[i] && docs[i]->year) rc = add_doc_keys(&h, docs[i], i, !docs[i]->unit);
    /* X1: each 单位 to its 部门 of the same year and kind; then each 部门 against its set */
    size_t *owner = rc == BK_OK ? malloc((n ? n : 1) * sizeof *owner) : NULL;
    size_t *order = owner ? malloc((n ? n : 1) * sizeof *order) : NULL, *start = NULL;
    if (rc == BK_OK && (!owner || !order)) rc = BK_ERR_NOMEM;
    if (rc == BK_OK) start = calloc(n + 1, sizeof *start);
    if (rc == BK_OK && !start) rc = BK_ERR_NOMEM;
    for (size_t i = 0; i < n && rc == BK_OK; i++) {
        owner[i] = (size_t)-1;
        const bk_crossdoc_doc *d = docs[i];
        if (!d || !d->unit || !d->year) continue;
        const hent *amb = NULL;
        long o = lookup(&h, d->year, d->kind, 0, d, &amb);
        if (o == -2) ambiguous(&x, i, amb, "its 部门 document");
        if (o >= 0) owner[i] = (size_t)o;
    }
    /* counting sort of the 单位 by their 部门: linear */
    for (size_t i = 0; i < n && rc == BK_OK; i++)
        if (owner[i] != (size_t)-1) start[owner[i] + 1]++;
    for (size_t i = 0; i < n && rc == BK_OK; i++) start[i + 1] += start[i];
    for (size_t i = 0, *fill = rc == BK_OK ? calloc(n + 1, sizeof *fill) : NULL; rc == BK_OK; i++) {
        if (!fill) {
            rc = BK_ERR_NOMEM;
            break;
        }
        if (i == n) {
            free(fill);
            break;
        }
        if (owner[i] != (size_t)-1) order[start[owner[i]] + fill[owner[i]]++] = i;
    }
    for (size_t i = 0; i < n && rc == BK_OK && x.status == BK_OK; i++)
        if (start[i + 1] > start[i] && docs[i]->n_figs) {
            x.out->n_matches++;
            check_units(&x, i, order + start[i], start[i + 1] - start[i]);
        }
    /* X2: last year's document of the same department, kind and level; X3: a 决算's 预算 */
    for (size_t i = 0; i < n && rc == BK_OK && x.status == BK_OK; i++) {
        const bk_crossdoc_doc *d = docs[i];
        if (!d || !d->year) continue;
        int level = d->unit ? 1 : 0;
        const hent *amb = NULL;
        if (d->n_claims) {
            long p = lookup(&h, d->year - 1, d->kind, level, d, &amb);
            if (p == -2)
                ambiguous(&x, i, amb, "last year's document");
            else if (p >= 0) {
                x.out->n_matches++;
                check_claims(&x, i, (size_t)p);
            }
        }
        if (d->kind == BK_DOC_FINAL_ACCOUNTS && d->def && d->def->n_pairs) {
            long b = lookup(&h, d->year, BK_DOC_BUDGET, level, d, &amb);
            if (b == -2)
                ambiguous(&x, i, amb, "that year's 预算 document");
            else if (b >= 0) {
                x.out->n_matches++;
                check_final(&x, i, (size_t)b);
            }
        }
    }
    free(owner);
    free(order);
    free(start);
    htab_free(&h);
    if (rc == BK_OK) rc = x.status;
    if (rc != BK_OK) {
        bk_crossdoc_findings_free(*out);
        *out = NULL;
        return bk_error_set(err, rc, 0, 0, NULL, rc == BK_ERR_NOMEM ? "out of memory" : "internal error");
    }
    /* in document order, each document's in the order found: a counting sort (stable, linear) */
    size_t m = x.out->count, *cnt = m > 1 ? calloc(n + 1, sizeof *cnt) : NULL;
    bk_crossdoc_finding *sorted = cnt ? malloc(m * sizeof *sorted) : NULL;
    if (sorted) {
        for (size_t i = 0; i < m; i++) cnt[x.out->items[i].doc + 1]++;
        for (size_t i = 0; i < n; i++) cnt[i + 1] += cnt[i];
        for (size_t i = 0; i < m; i++) sorted[cnt[x.out->items[i].doc]++] = x.out->items[i];
        free(x.out->items);
        x.out->items = sorted;
        x.out->cap = m;
    }
    free(cnt);
    return BK_OK;
}

void bk_crossdoc_findings_free(bk_crossdoc_findings *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->count; i++) {
        bk_crossdoc_finding *e = &f->items[i];
        free((char *)e->rule);
        free((char *)e->table_kind);
        free((char *)e->table_title);
        free((char *)e->row);
        free((char *)e->column);
        free((char *)e->column_label);
        free((char *)e->message);
        free((char *)e->where);
        free((char *)e->other_where);
    }
    free(f->items);
    free(f);
}
