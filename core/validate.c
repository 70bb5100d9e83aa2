/* SPDX-License-Identifier: MIT */
/* The validation engine: parses the identities of core/identities.c and
 * evaluates them over a document, with integer arithmetic on bk_amount only.
 * See validate.h for the expression language and the tolerance policy. */
#include <budgetkit/validate.h>
#include <budgetkit/definitions.h>
#include "narrative.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#define VMAX_TERMS 16

/* ------------------------------------------------------------------------
 * Parsed identities
 * ------------------------------------------------------------------------ */

typedef enum vsel {
    SEL_KEY,
    SEL_KEY_PREFIX,
    SEL_CODE,
    SEL_NAME,
    SEL_TOTAL,
    SEL_TOP,
    SEL_REST,
    SEL_SELF,
    SEL_JOIN,
    SEL_CHILDREN,
    SEL_MATCH
} vsel;

typedef struct vref {
    char kind[48];
    char panel[24];
    char arg[96];    /* key, code or name of the selector */
    char column[32]; /* "*" = the bound column */
    vsel sel;
    int sign;        /* +1 or -1 */
    bool perf;       /* kind is perf.department / perf.project */
    int ti, pi, col; /* resolved in the document: table, panel, column (-1 = absent or `*`) */
} vref;

typedef struct vexpr {
    vref l[VMAX_TERMS], r[VMAX_TERMS], g[VMAX_TERMS];
    size_t nl, nr, ng;
    bk_identity_op op;
} vexpr;

static void skip_spaces(const char **p)
{
    while (**p == ' ') (*p)++;
}

/* Copy up to a stop character into dst; false if too long or empty. */
static bool copy_until(const char **p, char stop, char *dst, size_t cap)
{
    const char *s = *p, *e = strchr(s, stop);
    if (!e || e == s || (size_t)(e - s) >= cap) return false;
    memcpy(dst, s, (size_t)(e - s));
    dst[e - s] = '\0';
    *p = e + 1;
    return true;
}

static bool parse_selector(vref *r, const char *sel)
{
    static const struct {
        const char *word;
        vsel sel;
    } words[] = {{"total", SEL_TOTAL}, {"top", SEL_TOP},           {"rest", SEL_REST},  {"*", SEL_SELF},
                 {"@", SEL_JOIN},      {"children", SEL_CHILDREN}, {"match", SEL_MATCH}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(sel, words[i].word)) {
            r->sel = words[i].sel;
            return true;
        }
    static const struct {
        const char *prefix;
        vsel sel;
    } args[] = {{"key=", SEL_KEY}, {"code=", SEL_CODE}, {"name=", SEL_NAME}};
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
        size_t n = strlen(args[i].prefix);
        if (strncmp(sel, args[i].prefix, n) != 0 || !sel[n] || strlen(sel + n) >= sizeof r->arg) continue;
        strcpy(r->arg, sel + n);
        r->sel = args[i].sel;
        size_t len = strlen(r->arg);
        if (r->sel == SEL_KEY && r->arg[len - 1] == '*') {
            r->arg[len - 1] = '\0';
            r->sel = SEL_KEY_PREFIX;
        }
        return true;
    }
    return false;
}

/* KIND/PANEL[SELECTOR].COLUMN */
static bool parse_ref(const char **p, vref *r)
{
    char sel[128];
    r->arg[0] = '\0';
    r->ti = r->pi = r->col = -1;
    if (!copy_until(p, '/', r->kind, sizeof r->kind) || !copy_until(p, '[', r->panel, sizeof r->panel) ||
        !copy_until(p, ']', sel, sizeof sel) || **p != '.')
        return false;
    (*p)++;
    size_t n = strcspn(*p, " ");
    if (n == 0 || n >= sizeof r->column) return false;
    memcpy(r->column, *p, n);
    r->column[n] = '\0';
    *p += n;
    r->perf = !strncmp(r->kind, "perf.", 5);
    return parse_selector(r, sel);
}

/* REF ((+|-) REF)* up to '=', '<=' or the end. */
static bool parse_side(const char **p, vref *terms, size_t *n)
{
    int sign = 1;
    *n = 0;
    for (;;) {
        skip_spaces(p);
        if (*n == VMAX_TERMS || !parse_ref(p, &terms[*n])) return false;
        terms[(*n)++].sign = sign;
        skip_spaces(p);
        if (**p == '+' || **p == '-') {
            sign = **p == '+' ? 1 : -1;
            (*p)++;
            continue;
        }
        return true;
    }
}

static bool parse_identity(const bk_identity *id, vexpr *x)
{
    const char *p = id->expr;
    x->nl = x->nr = x->ng = 0;
    if (!parse_side(&p, x->l, &x->nl)) return false;
    if (!strncmp(p, "<=", 2)) {
        x->op = BK_IDENTITY_LE;
        p += 2;
    } else if (*p == '=') {
        x->op = BK_IDENTITY_EQ;
        p++;
    } else {
        return false;
    }
    if (!parse_side(&p, x->r, &x->nr) || *p) return false;
    if (id->guard) {
        const char *g = id->guard;
        if (!parse_side(&g, x->g, &x->ng) || *g) return false;
    }
    return true;
}

/* ------------------------------------------------------------------------
 * Per-panel derived structure: parents (explicit, from codes, from levels or
 * from roles), top-level rows and join codes.
 * ------------------------------------------------------------------------ */

typedef struct vpanel {
    bool ready;
    int32_t *parent;      /* derived parent, -1 = none */
    int32_t *first_child; /* -1 = none */
    int32_t *next_sibling;
    const char **jcode; /* code used to join rows across tables, or NULL */
    int32_t *by_code;   /* rows with a join code, sorted by it (built on first join) */
    size_t n_by_code;
} vpanel;

typedef struct vctx {
    const bk_document *doc;
    const bk_validate_options *opt;
    bk_findings *out;
    bool collecting; /* record the figures used (when reporting a finding) */
    bk_finding_cell *cells;
    size_t n_cells, cap_cells;
    vpanel *panels;    /* one per (table, panel) */
    size_t *table_off; /* first vpanel of each table */
    int status;        /* first hard failure (NOMEM) */
} vctx;

/* A code without spaces; false if it has none. */
static bool is_prefix_code(const char *parent, const char *child)
{
    size_t n = strlen(parent);
    return n > 0 && n < strlen(child) && !strncmp(parent, child, n);
}

/* Parents in one pass (linear even for hostile inputs): explicit parents if
 * the panel has any; else the nearest preceding row whose code is a proper
 * prefix (a stack of the open ancestors); else the nearest preceding row of a
 * lower level (a monotonic stack); else, with subtotal rows, data rows under
 * the last subtotal and subtotals under the last total. @p stack has n_rows. */
static void derive_parents(const bk_panel *p, int32_t *parent, int32_t *stack)
{
    bool explicit_parents = false, codes = false, levels = false, subtotals = false;
    for (size_t i = 0; i < p->n_rows; i++) {
        const bk_row *r = &p->rows[i];
        explicit_parents |= r->parent >= 0;
        codes |= r->code && r->code[0];
        levels |= r->level != p->rows[0].level;
        subtotals |= r->role == BK_ROW_SUBTOTAL;
    }
    size_t depth = 0;
    int32_t last_total = -1, last_subtotal = -1;
    for (size_t i = 0; i < p->n_rows; i++) {
        const bk_row *r = &p->rows[i];
        parent[i] = -1;
        if (explicit_parents) {
            if (r->parent >= 0 && (size_t)r->parent < p->n_rows && (size_t)r->parent != i) parent[i] = r->parent;
        } else if (codes) {
            if (!r->code || !r->code[0]) continue;
            while (depth > 0 && !is_prefix_code(p->rows[stack[depth - 1]].code, r->code)) depth--;
            if (depth > 0) parent[i] = stack[depth - 1];
            stack[depth++] = (int32_t)i;
        } else if (levels) {
            while (depth > 0 && p->rows[stack[depth - 1]].level >= r->level) depth--;
            if (depth > 0 && r->level > 0) parent[i] = stack[depth - 1];
            stack[depth++] = (int32_t)i;
        } else if (subtotals) { /* 部门合计 → unit 小计 → projects, printed flat without levels */
            if (r->role == BK_ROW_TOTAL) {
                last_total = (int32_t)i;
                last_subtotal = -1;
            } else if (r->role == BK_ROW_SUBTOTAL) {
                parent[i] = last_total;
                last_subtotal = (int32_t)i;
            } else {
                parent[i] = last_subtotal;
            }
        }
    }
}

/* Item code of a fixed row ("f208" → "208") from the panel's definition. */
static const char *item_code(const bk_panel_def *pd, const char *key)
{
    if (!pd || !key) return NULL;
    for (size_t i = 0; i < pd->n_items; i++)
        if (pd->items[i].code && !strcmp(pd->items[i].key, key)) return pd->items[i].code;
    return NULL;
}

static vpanel *panel_info(vctx *c, size_t ti, size_t pi)
{
    const bk_table *t = &c->doc->tables[ti];
    const bk_panel *p = &t->panels[pi];
    vpanel *v = &c->panels[c->table_off[ti] + pi];
    if (v->ready) return v;
    size_t n = p->n_rows ? p->n_rows : 1;
    v->parent = malloc(n * sizeof *v->parent);
    v->first_child = malloc(n * sizeof *v->first_child);
    v->next_sibling = malloc(n * sizeof *v->next_sibling);
    v->jcode = malloc(n * sizeof *v->jcode);
    if (!v->parent || !v->first_child || !v->next_sibling || !v->jcode) {
        c->status = BK_ERR_NOMEM;
        return NULL;
    }
    derive_parents(p, v->parent, v->first_child); /* first_child is scratch until filled below */
    for (size_t i = 0; i < p->n_rows; i++) v->first_child[i] = v->next_sibling[i] = -1;
    for (size_t i = p->n_rows; i-- > 0;) {
        int32_t par = v->parent[i];
        if (par < 0) continue;
        v->next_sibling[i] = v->first_child[par];
        v->first_child[par] = (int32_t)i;
    }
    const bk_panel_def *pd = p->key ? bk_table_def_panel(bk_table_def_find(t->kind), p->key) : NULL;
    for (size_t i = 0; i < p->n_rows; i++) {
        const bk_row *r = &p->rows[i];
        v->jcode[i] = r->code && r->code[0] ? r->code : item_code(pd, r->key);
    }
    v->ready = true;
    return v;
}

static void free_panels(vctx *c)
{
    if (!c->panels || !c->table_off) {
        free(c->panels);
        free(c->table_off);
        return;
    }
    size_t total = c->doc->n_tables ? c->table_off[c->doc->n_tables] : 0;
    for (size_t i = 0; i < total; i++) {
        free(c->panels[i].parent);
        free(c->panels[i].first_child);
        free(c->panels[i].next_sibling);
        free(c->panels[i].jcode);
        free(c->panels[i].by_code);
    }
    free(c->panels);
    free(c->table_off);
}

/* ------------------------------------------------------------------------
 * Lookups
 * ------------------------------------------------------------------------ */

static int find_table(const bk_document *d, const char *kind)
{
    for (size_t i = 0; i < d->n_tables; i++)
        if (d->tables[i].kind && !strcmp(d->tables[i].kind, kind)) return (int)i;
    return -1;
}

static int find_panel(const bk_table *t, const char *key)
{
    for (size_t i = 0; i < t->n_panels; i++)
        if (t->panels[i].key && !strcmp(t->panels[i].key, key)) return (int)i;
    return -1;
}

static const bk_perf_target *first_form(const bk_document *d, bk_perf_kind kind, size_t *index)
{
    for (size_t i = 0; i < d->n_perf_targets; i++)
        if (d->perf_targets[i].kind == kind) {
            if (index) *index = i;
            return &d->perf_targets[i];
        }
    return NULL;
}

static bool kind_present(const bk_document *d, const char *kind)
{
    if (!strcmp(kind, "perf.department")) return first_form(d, BK_PERF_DEPARTMENT, NULL) != NULL;
    if (!strcmp(kind, "perf.project")) return first_form(d, BK_PERF_PROJECT, NULL) != NULL;
    return find_table(d, kind) >= 0;
}

static const char *form_field(const bk_perf_target *f, const char *key)
{
    for (size_t i = 0; i < f->n_fields; i++)
        if (f->fields[i].key && !strcmp(f->fields[i].key, key)) return f->fields[i].value;
    return NULL;
}

static bk_unit_kind table_unit(const bk_table *t)
{
    if (t->unit != BK_UNIT_UNKNOWN) return t->unit;
    const bk_table_def *def = bk_table_def_find(t->kind);
    if (def && def->unit != BK_UNIT_UNKNOWN) return def->unit;
    return t->scale > 0 ? BK_UNIT_WAN_YUAN : BK_UNIT_YUAN;
}

static bk_unit_kind form_unit(const bk_perf_target *f)
{
    if (f->unit != BK_UNIT_UNKNOWN) return f->unit;
    return f->kind == BK_PERF_PROJECT ? BK_UNIT_YUAN : BK_UNIT_WAN_YUAN;
}

/* ------------------------------------------------------------------------
 * Evaluation
 * ------------------------------------------------------------------------ */

/* What a binding fixes while the references are evaluated. */
typedef struct vbind {
    int ti, pi;                 /* table/panel of the bound row, -1 if none */
    int32_t row;                /* bound row, -1 if none */
    const char *column;         /* bound column key, or NULL */
    const bk_perf_target *form; /* bound performance form */
    size_t form_index;
    int32_t match_row; /* chosen candidate for `match` */
} vbind;

/* A value: the sum of the figures a reference selects. */
typedef struct vval {
    bk_amount sum;
    int n; /* non-blank figures summed */
    bk_unit_kind unit;
    int ti, pi; /* where the (first) figure is */
    int32_t row;
    const char *column;
    bool overflow;
    const vref *absent; /* the first operand that is not printed (row, column or panel), or NULL */
} vval;

static void collect(vctx *c, const vval *v, int32_t row, int32_t col)
{
    if (c->n_cells == c->cap_cells) {
        size_t cap = c->cap_cells ? c->cap_cells * 2 : 32;
        bk_finding_cell *n = realloc(c->cells, cap * sizeof *n);
        if (!n) {
            c->status = BK_ERR_NOMEM;
            return;
        }
        c->cells = n;
        c->cap_cells = cap;
    }
    bk_finding_cell *x = &c->cells[c->n_cells++];
    x->form = v->ti <= -2;
    x->table_index = x->form ? (size_t)(-2 - v->ti) : (size_t)v->ti;
    x->panel_index = v->pi < 0 ? 0 : (size_t)v->pi;
    x->row_index = row;
    x->column_index = col;
}

static void val_add_cell(vctx *c, vval *v, const bk_cell *cell, int32_t row, int32_t col)
{
    if (v->row < 0) v->row = row;
    if (!cell || cell->kind != BK_CELL_AMOUNT) return;
    if (c->collecting) collect(c, v, row, col);
    if (!bk_amount_add(v->sum, cell->amount, &v->sum)) v->overflow = true;
    v->n++;
}

static bool same_text(const char *a, const char *b)
{
    return a && b && a[0] == b[0] && !strcmp(a, b);
}

static bool row_is_top(const bk_panel *p, const vpanel *v, size_t i)
{
    if (p->rows[i].role == BK_ROW_TOTAL) return false;
    int32_t par = v->parent[i];
    return par < 0 || p->rows[par].role == BK_ROW_TOTAL;
}

/* Rows by join code, for binary search; equal codes keep row order, so the
 * first row of a code wins as in a linear search. */
typedef struct code_row {
    const char *code;
    int32_t row;
} code_row;

static int cmp_code_row(const void *a, const void *b)
{
    const code_row *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

static bool build_code_index(const bk_panel *p, vpanel *v)
{
    code_row *tmp = malloc((p->n_rows ? p->n_rows : 1) * sizeof *tmp);
    v->by_code = malloc((p->n_rows ? p->n_rows : 1) * sizeof *v->by_code);
    if (!tmp || !v->by_code) {
        free(tmp);
        return false;
    }
    size_t n = 0;
    for (size_t i = 0; i < p->n_rows; i++)
        if (v->jcode[i]) tmp[n++] = (code_row){v->jcode[i], (int32_t)i};
    qsort(tmp, n, sizeof *tmp, cmp_code_row);
    for (size_t i = 0; i < n; i++) v->by_code[i] = tmp[i].row;
    v->n_by_code = n;
    free(tmp);
    return true;
}

/* The row of @p dst that corresponds to row @p srow of @p src: same code (or
 * item code), else same key, else both the total row. */
static int32_t join_row(vctx *c, const bk_panel *src, const vpanel *vs, int32_t srow, const bk_panel *dst, vpanel *vd)
{
    const bk_row *r = &src->rows[srow];
    const char *code = vs->jcode[srow];
    if (code) {
        if (!vd->by_code && !build_code_index(dst, vd)) {
            c->status = BK_ERR_NOMEM;
            return -1;
        }
        size_t lo = 0, hi = vd->n_by_code;
        while (lo < hi) { /* first row whose code is >= code */
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(vd->jcode[vd->by_code[mid]], code) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo < vd->n_by_code && !strcmp(vd->jcode[vd->by_code[lo]], code) ? vd->by_code[lo] : -1;
    }
    for (size_t i = 0; i < dst->n_rows; i++) {
        const bk_row *d = &dst->rows[i];
        if (r->key ? same_text(d->key, r->key) : (r->role == BK_ROW_TOTAL && d->role == BK_ROW_TOTAL))
            return (int32_t)i;
    }
    return -1;
}

static bool name_equal(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* Evaluate a reference to a performance form's figures. */
static void eval_perf(vctx *c, const vref *r, const vbind *b, vval *v)
{
    const bk_perf_target *f = NULL;
    size_t fi = 0;
    if (!strcmp(r->kind, "perf.project"))
        f = b->form ? b->form : first_form(c->doc, BK_PERF_PROJECT, &fi);
    else
        f = first_form(c->doc, BK_PERF_DEPARTMENT, &fi);
    if (!f) return;
    v->unit = form_unit(f);
    v->ti = -2 - (int)(b->form && f == b->form ? b->form_index : fi); /* forms are encoded below -1 */
    for (size_t i = 0; i < f->n_amounts; i++) {
        const bk_perf_amount *a = &f->amounts[i];
        if (!a->group || strcmp(a->group, r->panel) != 0) continue;
        bool total = a->key && !strcmp(a->key, "total");
        bool take = r->sel == SEL_REST    ? !total
                    : r->sel == SEL_TOTAL ? total
                                          : (r->sel == SEL_KEY && a->key && !strcmp(a->key, r->arg));
        if (take) val_add_cell(c, v, &a->value, (int32_t)i, -1);
    }
}

/* Evaluate one reference under a binding. */
static void eval_ref(vctx *c, const vref *r, const vbind *b, vval *v)
{
    memset(v, 0, sizeof *v);
    v->row = -1;
    v->ti = v->pi = -1;
    v->column = strcmp(r->column, "*") ? r->column : b->column;
    if (r->perf) {
        eval_perf(c, r, b, v);
        return;
    }
    int ti = r->ti;
    if (ti < 0) {
        v->absent = r;
        return;
    }
    const bk_table *t = &c->doc->tables[ti];
    v->unit = table_unit(t);
    v->ti = ti;
    int pi = r->pi;
    if (pi < 0) {
        v->absent = r;
        return;
    }
    v->pi = pi;
    const bk_panel *p = &t->panels[pi];
    vpanel *vp = panel_info(c, (size_t)ti, (size_t)pi);
    if (!vp) return;
    int col = r->col >= 0 ? r->col : v->column && r->column[0] == '*' ? bk_panel_column_index(p, v->column) : -1;
#define CELL(i) (col >= 0 ? &p->rows[(i)].cells[col] : NULL), (i), col
    bool same_panel = b->ti == ti && b->pi == pi && b->row >= 0;
    if (col < 0 && v->column) v->absent = r; /* the column is not printed in this panel */
    switch (r->sel) {
    case SEL_KEY:
    case SEL_KEY_PREFIX:
    case SEL_CODE:
    case SEL_TOTAL:
        for (size_t i = 0; i < p->n_rows; i++) {
            const bk_row *row = &p->rows[i];
            bool hit = r->sel == SEL_KEY          ? same_text(row->key, r->arg)
                       : r->sel == SEL_KEY_PREFIX ? (row->key && !strncmp(row->key, r->arg, strlen(r->arg)))
                       : r->sel == SEL_CODE       ? (row->code && !strcmp(row->code, r->arg))
                                                  : row->role == BK_ROW_TOTAL;
            if (!hit) continue;
            val_add_cell(c, v, CELL((int32_t)i));
            if (r->sel != SEL_KEY_PREFIX) break;
        }
        break;
    case SEL_NAME:
        for (size_t i = 0; i < p->n_rows; i++)
            if (name_equal(p->rows[i].name, r->arg)) val_add_cell(c, v, CELL((int32_t)i));
        break;
    case SEL_TOP:
    case SEL_REST:
        for (size_t i = 0; i < p->n_rows; i++)
            if (r->sel == SEL_TOP ? row_is_top(p, vp, i) : p->rows[i].role == BK_ROW_DATA)
                val_add_cell(c, v, CELL((int32_t)i));
        break;
    case SEL_SELF:
        if (same_panel) val_add_cell(c, v, CELL(b->row));
        break;
    case SEL_CHILDREN:
        if (same_panel)
            for (int32_t k = vp->first_child[b->row]; k >= 0; k = vp->next_sibling[k]) val_add_cell(c, v, CELL(k));
        break;
    case SEL_JOIN:
        if (b->ti >= 0 && b->row >= 0) {
            const bk_panel *src = &c->doc->tables[b->ti].panels[b->pi];
            vpanel *vs = panel_info(c, (size_t)b->ti, (size_t)b->pi);
            int32_t k = vs ? join_row(c, src, vs, b->row, p, vp) : -1;
            if (k >= 0) val_add_cell(c, v, CELL(k));
        }
        break;
    case SEL_MATCH:
        if (b->match_row >= 0 && (size_t)b->match_row < p->n_rows) val_add_cell(c, v, CELL(b->match_row));
        break;
    }
#undef CELL
    /* a selector naming one row that the document does not print */
    bool one_row = r->sel == SEL_KEY || r->sel == SEL_CODE || r->sel == SEL_TOTAL || r->sel == SEL_NAME ||
                   r->sel == SEL_JOIN || r->sel == SEL_SELF || r->sel == SEL_MATCH;
    if (one_row && v->row < 0 && !v->absent) v->absent = r;
}

/* Convert @p a from unit @p from to unit @p to (万元 ↔ 元). 元 → 万元 rounds
 * half away from zero to @p scale, the decimals the 万元 side prints. */
static bool convert_unit(bk_amount a, bk_unit_kind from, bk_unit_kind to, int scale, bk_amount *out)
{
    *out = a;
    if (from == to || from == BK_UNIT_UNKNOWN || to == BK_UNIT_UNKNOWN) return true;
    if (from == BK_UNIT_YUAN) return bk_amount_shift(a, 4, scale, out);
    /* 万元 → 元: multiply by 10^4 exactly */
    int64_t u = a.units;
    int s = a.scale;
    for (int k = 0; k < 4; k++) {
        if (s > 0)
            s--;
        else if (__builtin_mul_overflow(u, 10, &u))
            return false;
    }
    out->units = u;
    out->scale = s;
    return true;
}

/* Sum a side; the unit is @p unit, or that of the first term; other units are
 * converted (元 → 万元 to @p scale decimals). */
static void eval_side(vctx *c, const vref *terms, size_t n, const vbind *b, bk_unit_kind unit, int scale, vval *side)
{
    memset(side, 0, sizeof *side);
    side->row = -1;
    side->ti = side->pi = -1;
    for (size_t i = 0; i < n; i++) {
        vval v;
        eval_ref(c, &terms[i], b, &v);
        if (i == 0) {
            side->ti = v.ti;
            side->pi = v.pi;
            side->row = v.row;
            side->column = v.column;
            side->unit = unit != BK_UNIT_UNKNOWN ? unit : v.unit;
        }
        bk_amount x;
        if (!convert_unit(v.sum, v.unit, side->unit, scale, &x)) side->overflow = true;
        if (terms[i].sign < 0 ? !bk_amount_sub(side->sum, x, &side->sum) : !bk_amount_add(side->sum, x, &side->sum))
            side->overflow = true;
        side->n += v.n;
        side->overflow |= v.overflow;
        if (!side->absent) side->absent = v.absent;
    }
}

bk_amount bk_validate_tolerance(const bk_validate_options *opt, bk_unit_kind unit, int n)
{
    if (unit == BK_UNIT_YUAN) return opt->yuan;
    bk_amount per = opt->wan_per_figure;
    if (__builtin_mul_overflow(per.units, (int64_t)(n < 1 ? 1 : n), &per.units)) per.units = INT64_MAX;
    return bk_amount_cmp(per, opt->wan_min) > 0 ? per : opt->wan_min;
}

/* ------------------------------------------------------------------------
 * Findings
 * ------------------------------------------------------------------------ */

static char *dup_or_null(const char *s, bool *ok)
{
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *ok = false;
    return d;
}

int bk_findings_push(bk_findings *list, const bk_finding *f)
{
    if (f->severity == BK_FINDING_ERROR)
        list->n_error++;
    else if (f->severity == BK_FINDING_ROUNDING)
        list->n_rounding++;
    else
        list->n_warning++;
    if (list->count >= list->max) {
        list->dropped++;
        return BK_OK;
    }
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        bk_finding *items = realloc(list->items, cap * sizeof *items);
        if (!items) return BK_ERR_NOMEM;
        list->items = items;
        list->cap = cap;
    }
    bool ok = true;
    bk_finding d = *f;
    d.rule = dup_or_null(f->rule, &ok);
    d.table_kind = dup_or_null(f->table_kind, &ok);
    d.table_title = dup_or_null(f->table_title, &ok);
    d.panel = dup_or_null(f->panel, &ok);
    d.row = dup_or_null(f->row, &ok);
    d.row_code = dup_or_null(f->row_code, &ok);
    d.row_name = dup_or_null(f->row_name, &ok);
    d.column = dup_or_null(f->column, &ok);
    d.message = dup_or_null(f->message, &ok);
    d.cells = NULL;
    d.n_cells = 0;
    if (f->n_cells) {
        d.cells = malloc(f->n_cells * sizeof *d.cells);
        if (d.cells) {
            memcpy(d.cells, f->cells, f->n_cells * sizeof *d.cells);
            d.n_cells = f->n_cells;
        } else {
            ok = false;
        }
    }
    list->items[list->count++] = d;
    return ok ? BK_OK : BK_ERR_NOMEM;
}

static void finding_free_strings(bk_finding *f)
{
    free((char *)f->rule);
    free((char *)f->table_kind);
    free((char *)f->table_title);
    free((char *)f->panel);
    free((char *)f->row);
    free((char *)f->row_code);
    free((char *)f->row_name);
    free((char *)f->column);
    free((char *)f->message);
    free(f->cells);
}

void bk_findings_free(bk_findings *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->count; i++) finding_free_strings(&f->items[i]);
    free(f->items);
    free(f->skipped);
    for (size_t i = 0; i < f->n_not_applicable_pairs; i++) free(f->not_applicable[i].operand);
    free(f->not_applicable);
    free(f);
}

bool bk_findings_failed(const bk_findings *f, bool strict)
{
    return f && (f->n_error > 0 || (strict && f->n_rounding > 0));
}

const char *bk_finding_severity_name(bk_finding_severity s)
{
    switch (s) {
    case BK_FINDING_ROUNDING: return "rounding";
    case BK_FINDING_WARNING: return "warning";
    case BK_FINDING_ERROR: return "error";
    }
    return "error";
}

/* "208 社会保障和就业支出", the name, the key, or "row N". */
static void row_label(const bk_row *r, int32_t index, char *buf, size_t cap)
{
    bool printed_code = r->code && r->code[0] && !(r->flags & BK_ROW_CODE_DERIVED);
    if (printed_code && r->name)
        snprintf(buf, cap, "%s %s", r->code, r->name);
    else if (r->name)
        snprintf(buf, cap, "%s", r->name);
    else if (r->code)
        snprintf(buf, cap, "%s", r->code);
    else if (r->key)
        snprintf(buf, cap, "%s", r->key);
    else
        snprintf(buf, cap, "row %d", (int)index + 1);
}

static int report(vctx *c, const bk_identity *id, const vval *lhs, const vval *rhs, bk_amount diff,
                  bk_finding_severity sev, bool unevaluable)
{
    bk_finding f;
    memset(&f, 0, sizeof f);
    char row[512] = "", msg[1024], a[BK_AMOUNT_TEXT_MAX], e[BK_AMOUNT_TEXT_MAX], d[BK_AMOUNT_TEXT_MAX];
    f.rule = id->rule;
    f.severity = sev;
    f.table_index = (size_t)-1;
    f.row_index = -1;
    f.column = lhs->column;
    f.actual = lhs->sum;
    f.expected = rhs->sum;
    f.difference = diff;
    if (lhs->ti >= 0) {
        const bk_table *t = &c->doc->tables[lhs->ti];
        f.table_kind = t->kind;
        f.table_title = t->title ? t->title : t->kind;
        f.table_index = (size_t)lhs->ti;
        f.pos = t->pos;
        if (lhs->pi >= 0) {
            const bk_panel *p = &t->panels[lhs->pi];
            f.panel = p->key;
            if (lhs->row >= 0) {
                const bk_row *r = &p->rows[lhs->row];
                row_label(r, lhs->row, row, sizeof row);
                f.row = row;
                f.row_code = r->code;
                f.row_name = r->name ? r->name : r->key;
                f.row_index = lhs->row;
                if (r->pos.line || r->pos.page || r->pos.sheet) f.pos = r->pos;
                /* the printed figure's own cell, where the reader saw one */
                int ci = lhs->column ? bk_panel_column_index(p, lhs->column) : -1;
                if (ci >= 0 && r->cell_pos && bk_pos_is_printed(&r->cell_pos[ci])) f.pos = r->cell_pos[ci];
            }
        }
    } else if (lhs->ti <= -2) { /* a performance form */
        size_t fi = (size_t)(-2 - lhs->ti);
        const bk_perf_target *pt = &c->doc->perf_targets[fi];
        const char *name = form_field(pt, "project_name");
        f.table_kind = pt->kind == BK_PERF_PROJECT ? "perf.project" : "perf.department";
        f.table_title = name ? name : pt->title;
        f.table_index = fi;
        f.pos = pt->pos;
        if (lhs->row >= 0 && (size_t)lhs->row < pt->n_amounts) {
            const bk_perf_amount *am = &pt->amounts[lhs->row];
            snprintf(row, sizeof row, "%s/%s", am->group ? am->group : "",
                     am->label ? am->label
                     : am->key ? am->key
                               : "");
            f.row = row;
            f.row_name = am->label;
            f.row_index = lhs->row;
        }
    }
    if (!f.table_kind) f.table_kind = "unknown"; /* (not reached: identities without their tables are skipped) */
    bk_amount_format(lhs->sum, a, sizeof a);
    bk_amount_format(rhs->sum, e, sizeof e);
    bk_amount_format(diff, d, sizeof d);
    if (unevaluable)
        snprintf(msg, sizeof msg, "%s: cannot be evaluated: a side or the difference is out of the amount range",
                 id->title);
    else
        snprintf(msg, sizeof msg, "%s: printed %s, computed %s (difference %s%s)", id->title, a, e,
                 diff.units > 0 ? "+" : "", d);
    f.message = msg;
    f.cells = c->cells;
    f.n_cells = c->n_cells;
    return bk_findings_push(c->out, &f);
}

/* Decimals a converted figure is rounded to: those of the left side (2 if blank). */
static int side_scale(const vval *l)
{
    return l->n > 0 ? l->sum.scale : 2;
}

static void eval_sides(vctx *c, const vexpr *x, const vbind *b, vval *l, vval *r)
{
    eval_side(c, x->l, x->nl, b, BK_UNIT_UNKNOWN, 2, l);
    eval_side(c, x->r, x->nr, b, l->unit, side_scale(l), r);
}

/* Compare the two sides of one binding and report. */
static int judge(vctx *c, const bk_identity *id, const vexpr *x, const vbind *b, const vval *lhs, const vval *rhs)
{
    c->out->n_checks++;
    /* A side or the difference out of int64 cannot be judged, which is itself an error:
     * passing it silently would let any figures through. */
    bk_amount d = {0, lhs->sum.scale};
    bool unevaluable = lhs->overflow || rhs->overflow || !bk_amount_sub(lhs->sum, rhs->sum, &d);
    bk_finding_severity sev = BK_FINDING_ERROR;
    if (!unevaluable) {
        if (x->op == BK_IDENTITY_LE ? d.units <= 0 : d.units == 0) return BK_OK;
        bk_amount mag = d;
        mag.units = d.units < 0 ? -d.units : d.units;
        bk_amount tol = bk_validate_tolerance(c->opt, lhs->unit, rhs->n);
        sev = bk_amount_cmp(mag, tol) <= 0 ? BK_FINDING_ROUNDING : id->soft ? BK_FINDING_WARNING : BK_FINDING_ERROR;
        if (sev == BK_FINDING_ROUNDING && id->mirror) return BK_OK; /* the identity it mirrors reports it */
        if (sev == BK_FINDING_ROUNDING && c->opt->strict) sev = BK_FINDING_ERROR;
    }
    /* evaluate again, recording every figure, for the finding's cell list */
    vval l2, r2;
    c->collecting = true;
    c->n_cells = 0;
    eval_sides(c, x, b, &l2, &r2);
    c->collecting = false;
    return report(c, id, lhs, rhs, d, sev, unevaluable);
}

/* "kind/panel[selector].column" of an operand, for the not-applicable list. */
static void describe_ref(const vref *r, const vbind *b, char *buf, size_t cap)
{
    static const char *const sel_names[] = {"key=", "key=",    "code=",        "name=",    "total",      "top",
                                            "rest", "the row", "the same row", "children", "the project"};
    const char *col = strcmp(r->column, "*") ? r->column : (b->column ? b->column : "*");
    bool with_arg = r->sel == SEL_KEY || r->sel == SEL_KEY_PREFIX || r->sel == SEL_CODE || r->sel == SEL_NAME;
    snprintf(buf, cap, "%s/%s[%s%s%s].%s", r->kind, r->panel, sel_names[r->sel], with_arg ? r->arg : "",
             r->sel == SEL_KEY_PREFIX ? "*" : "", col);
}

/* Count a binding whose operand is not printed, listing each (rule, operand) once. */
static int not_applicable(vctx *c, const bk_identity *id, const vref *absent, const vbind *b)
{
    bk_findings *out = c->out;
    char what[256];
    describe_ref(absent, b, what, sizeof what);
    out->n_not_applicable++;
    for (size_t i = 0; i < out->n_not_applicable_pairs; i++)
        if (!strcmp(out->not_applicable[i].rule, id->rule) && !strcmp(out->not_applicable[i].title, id->title) &&
            !strcmp(out->not_applicable[i].operand, what)) {
            out->not_applicable[i].count++;
            return BK_OK;
        }
    if (out->n_not_applicable_pairs == out->cap_not_applicable) {
        size_t cap = out->cap_not_applicable ? out->cap_not_applicable * 2 : 16;
        bk_not_applicable *n = realloc(out->not_applicable, cap * sizeof *n);
        if (!n) return c->status = BK_ERR_NOMEM;
        out->not_applicable = n;
        out->cap_not_applicable = cap;
    }
    char *op = strdup(what);
    if (!op) return c->status = BK_ERR_NOMEM;
    out->not_applicable[out->n_not_applicable_pairs++] = (bk_not_applicable){id->rule, id->title, op, 1};
    return BK_OK;
}

static bool uses_sel(const vref *t, size_t n, vsel s)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].sel == s) return true;
    return false;
}

/* Evaluate one binding (row/column/form fixed). */
static int eval_binding(vctx *c, const bk_identity *id, const vexpr *x, vbind *b)
{
    if (x->ng) {
        vval g;
        eval_side(c, x->g, x->ng, b, BK_UNIT_UNKNOWN, 2, &g);
        if (g.sum.units != 0) return BK_OK;
    }
    const vref *m = NULL;
    for (size_t i = 0; i < x->nl && !m; i++)
        if (x->l[i].sel == SEL_MATCH) m = &x->l[i];
    for (size_t i = 0; i < x->nr && !m; i++)
        if (x->r[i].sel == SEL_MATCH) m = &x->r[i];
    if (!m) {
        vval l, r;
        eval_sides(c, x, b, &l, &r);
        if (l.absent || r.absent) return not_applicable(c, id, l.absent ? l.absent : r.absent, b);
        return judge(c, id, x, b, &l, &r);
    }
    /* `match`: the project rows named like the form; judge the closest one. */
    int ti = m->ti, pi = m->pi;
    const char *name = b->form ? form_field(b->form, "project_name") : NULL;
    if (ti < 0 || pi < 0 || !name) return BK_OK;
    const bk_panel *p = &c->doc->tables[ti].panels[pi];
    vval best_l, best_r;
    bk_amount best_mag = {0, 0};
    int32_t best = -1;
    for (size_t i = 0; i < p->n_rows; i++) {
        if (p->rows[i].role != BK_ROW_DATA || !name_equal(p->rows[i].name, name)) continue;
        b->match_row = (int32_t)i;
        vval l, r;
        eval_sides(c, x, b, &l, &r);
        bk_amount d;
        if (!bk_amount_sub(l.sum, r.sum, &d)) continue;
        d.units = d.units < 0 ? -d.units : d.units;
        if (best < 0 || bk_amount_cmp(d, best_mag) < 0) {
            best_l = l;
            best_r = r;
            best_mag = d;
            best = (int32_t)i;
        }
    }
    int st = BK_OK;
    if (best >= 0) {
        b->match_row = best;
        st = judge(c, id, x, b, &best_l, &best_r);
    }
    b->match_row = -1;
    return st;
}

/* Iterate the columns of a binding if the left column is `*`. */
static int eval_columns(vctx *c, const bk_identity *id, const vexpr *x, vbind *b)
{
    if (strcmp(x->l[0].column, "*") != 0) return eval_binding(c, id, x, b);
    int ti = x->l[0].ti, pi = x->l[0].pi;
    if (ti < 0 || pi < 0) return BK_OK;
    const bk_panel *p = &c->doc->tables[ti].panels[pi];
    for (size_t k = 0; k < p->n_columns; k++) {
        if (p->columns[k].type != BK_CELL_AMOUNT) continue;
        b->column = p->columns[k].key;
        int st = eval_binding(c, id, x, b);
        if (st) return st;
    }
    b->column = NULL;
    return BK_OK;
}

static int skip_identity(bk_findings *out, const bk_identity *id, const char *missing)
{
    out->n_skipped++;
    for (size_t i = 0; i < out->n_skipped_pairs; i++)
        if (!strcmp(out->skipped[i].rule, id->rule) && !strcmp(out->skipped[i].missing, missing)) return BK_OK;
    if (out->n_skipped_pairs == out->cap_skipped) {
        size_t cap = out->cap_skipped ? out->cap_skipped * 2 : 16;
        bk_skipped *s = realloc(out->skipped, cap * sizeof *s);
        if (!s) return BK_ERR_NOMEM;
        out->skipped = s;
        out->cap_skipped = cap;
    }
    out->skipped[out->n_skipped_pairs].rule = id->rule; /* static strings of identities.c / definitions.c */
    out->skipped[out->n_skipped_pairs].missing = missing;
    out->n_skipped_pairs++;
    return BK_OK;
}

/* The static spelling of a kind (from the definitions), for the skipped list. */
static const char *static_kind(const char *kind, const char *fallback)
{
    size_t n = 0;
    const bk_table_def *defs = bk_table_defs(&n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(defs[i].kind, kind)) return defs[i].kind;
    if (!strcmp(kind, "perf.department")) return "perf.department";
    if (!strcmp(kind, "perf.project")) return "perf.project";
    return fallback;
}

/* First kind of the identity that the document lacks, or NULL. */
static const char *missing_kind(const bk_document *d, const vexpr *x, const bk_identity *id)
{
    const vref *sides[3] = {x->l, x->r, x->g};
    size_t ns[3] = {x->nl, x->nr, x->ng};
    for (int s = 0; s < 3; s++)
        for (size_t i = 0; i < ns[s]; i++)
            if (!kind_present(d, sides[s][i].kind)) return static_kind(sides[s][i].kind, id->rule);
    return NULL;
}

/* Find each reference's table, panel and (fixed) column once per identity. */
static void resolve(const bk_document *d, vref *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        vref *r = &t[i];
        r->ti = r->pi = r->col = -1;
        if (r->perf) continue;
        r->ti = find_table(d, r->kind);
        if (r->ti < 0) continue;
        r->pi = find_panel(&d->tables[r->ti], r->panel);
        if (r->pi >= 0 && r->column[0] != '*')
            r->col = bk_panel_column_index(&d->tables[r->ti].panels[r->pi], r->column);
    }
}

static int eval_identity(vctx *c, const bk_identity *id)
{
    vexpr x;
    if (!parse_identity(id, &x)) return BK_ERR_INTERNAL;
    resolve(c->doc, x.l, x.nl);
    resolve(c->doc, x.r, x.nr);
    resolve(c->doc, x.g, x.ng);
    const char *missing = missing_kind(c->doc, &x, id);
    if (missing) return skip_identity(c->out, id, missing);
    c->out->n_identities++;
    vbind b = {.ti = -1, .pi = -1, .row = -1, .column = NULL, .form = NULL, .form_index = 0, .match_row = -1};
    if (id->each && !strcmp(id->each, "perf.project")) {
        for (size_t i = 0; i < c->doc->n_perf_targets; i++) {
            if (c->doc->perf_targets[i].kind != BK_PERF_PROJECT) continue;
            b.form = &c->doc->perf_targets[i];
            b.form_index = i;
            int st = eval_columns(c, id, &x, &b);
            if (st) return st;
        }
        return c->status;
    }
    const vref *l = &x.l[0];
    if (l->perf || (l->sel != SEL_SELF && l->sel != SEL_KEY_PREFIX)) {
        int st = eval_columns(c, id, &x, &b);
        return st ? st : c->status;
    }
    vsel iter = l->sel;
    x.l[0].sel = SEL_SELF; /* the left reference is the bound row itself */
    int ti = l->ti, pi = l->pi;
    if (ti < 0 || pi < 0) return BK_OK;
    const bk_panel *p = &c->doc->tables[ti].panels[pi];
    vpanel *vp = panel_info(c, (size_t)ti, (size_t)pi);
    if (!vp) return c->status;
    bool need_children = uses_sel(x.r, x.nr, SEL_CHILDREN);
    for (size_t i = 0; i < p->n_rows; i++) {
        const bk_row *r = &p->rows[i];
        if (iter == SEL_KEY_PREFIX && !(r->key && !strncmp(r->key, l->arg, strlen(l->arg)))) continue;
        /* a total row's children are the top-level rows: the `top` identities judge it */
        if (need_children && (vp->first_child[i] < 0 || r->role == BK_ROW_TOTAL)) continue;
        b.ti = ti;
        b.pi = pi;
        b.row = (int32_t)i;
        int st = eval_columns(c, id, &x, &b);
        if (st) return st;
    }
    return c->status;
}

/* ------------------------------------------------------------------------
 * Checking the identities against the definitions
 * ------------------------------------------------------------------------ */

static bool has_item(const bk_panel_def *pd, const char *key, bool prefix)
{
    for (size_t i = 0; i < pd->n_items; i++)
        if (prefix ? !strncmp(pd->items[i].key, key, strlen(key)) : !strcmp(pd->items[i].key, key)) return true;
    return false;
}

static int check_ref(const bk_identity *id, const vref *r, bk_error *err)
{
    if (r->perf) {
        if (strcmp(r->kind, "perf.department") && strcmp(r->kind, "perf.project"))
            return bk_error_set(err, BK_ERR_VALUE, 0, 0, id->rule, "unknown form kind '%s'", r->kind);
        return strcmp(r->column, "value") ? bk_error_set(err, BK_ERR_VALUE, 0, 0, id->rule,
                                                         "a form amount's column is 'value', not '%s'", r->column)
                                          : BK_OK;
    }
    const bk_table_def *def = bk_table_def_find(r->kind);
    if (!def) return bk_error_set(err, BK_ERR_VALUE, 0, 0, id->rule, "unknown table kind '%s'", r->kind);
    const bk_panel_def *pd = bk_table_def_panel(def, r->panel);
    if (!pd) return bk_error_set(err, BK_ERR_VALUE, 0, 0, id->rule, "%s has no panel '%s'", r->kind, r->panel);
    if (strcmp(r->column, "*") && !bk_panel_def_column(pd, r->column))
        return bk_error_set(err, BK_ERR_VALUE, 0, 0, id->rule, "%s/%s has no column '%s'", r->kind, r->panel,
                            r->column);
    if ((r->sel == SEL_KEY || r->sel == SEL_KEY_PREFIX) && pd->n_items &&
        !has_item(pd, r->arg, r->sel == SEL_KEY_PREFIX))
        return bk_error_set(err, BK_ERR_VALUE, 0, 0, id->rule, "%s/%s has no item '%s'", r->kind, r->panel, r->arg);
    return BK_OK;
}

int bk_identity_check(const bk_identity *id, bk_error *err)
{
    vexpr x;
    if (!id || !parse_identity(id, &x))
        return bk_error_set(err, BK_ERR_VALUE, 0, 0, id ? id->rule : NULL, "does not parse: %s", id ? id->expr : "");
    const vref *sides[3] = {x.l, x.r, x.g};
    size_t ns[3] = {x.nl, x.nr, x.ng};
    for (int s = 0; s < 3; s++)
        for (size_t i = 0; i < ns[s]; i++) {
            int st = check_ref(id, &sides[s][i], err);
            if (st) return st;
        }
    return BK_OK;
}

/* ------------------------------------------------------------------------
 * Public entry points
 * ------------------------------------------------------------------------ */

void bk_validate_options_default(bk_validate_options *o)
{
    memset(o, 0, sizeof *o);
    o->wan_min = (bk_amount){2, 2};
    o->wan_per_figure = (bk_amount){5, 3};
    o->yuan = (bk_amount){1, 0};
    o->narrative = true;
    o->review = true;
}

int bk_validate_parse_tolerance(const char *text, bk_amount *out, bk_error *err)
{
    bk_amount a;
    if (!text || bk_amount_parse(text, (size_t)-1, BK_AMOUNT_STRICT, &a) != BK_AMOUNT_OK || a.units < 0)
        return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL,
                            "tolerance '%s' is not a non-negative decimal number (e.g. 0.02)", text ? text : "");
    *out = a;
    return BK_OK;
}

static int prepare(vctx *c)
{
    size_t n = c->doc->n_tables;
    c->table_off = calloc(n + 1, sizeof *c->table_off);
    if (!c->table_off) return BK_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) c->table_off[i + 1] = c->table_off[i] + c->doc->tables[i].n_panels;
    c->panels = calloc(c->table_off[n] ? c->table_off[n] : 1, sizeof *c->panels);
    return c->panels ? BK_OK : BK_ERR_NOMEM;
}

int bk_validate(const bk_document *doc, const bk_validate_options *opt, bk_findings **out, bk_error *err)
{
    if (!doc || !out) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "bk_validate: no document or result");
    *out = NULL;
    bk_validate_options defaults;
    if (!opt) {
        bk_validate_options_default(&defaults);
        opt = &defaults;
    }
    bk_findings *f = calloc(1, sizeof *f);
    if (!f) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    f->max = opt->max_findings ? opt->max_findings : 100000;
    vctx c = {.doc = doc, .opt = opt, .out = f, .panels = NULL, .table_off = NULL, .status = BK_OK};
    int st = prepare(&c);
    size_t n_ids = 0;
    const bk_identity *ids = bk_identities(&n_ids);
    for (size_t i = 0; st == BK_OK && i < n_ids; i++) {
        st = eval_identity(&c, &ids[i]);
        if (st == BK_ERR_INTERNAL) bk_error_set(err, st, 0, 0, ids[i].rule, "malformed identity: %s", ids[i].expr);
    }
    if (st == BK_OK && opt->narrative) st = bk_narrative_check(doc, opt, f);
    if (st == BK_OK && opt->review) st = bk_review_check(doc, f);
    free_panels(&c);
    free(c.cells);
    if (st) {
        bk_findings_free(f);
        if (st == BK_ERR_NOMEM) bk_error_set(err, st, 0, 0, NULL, "out of memory");
        return st;
    }
    *out = f;
    return BK_OK;
}

int bk_validate_eval_ref(const bk_document *doc, const char *ref, bk_amount *out, bk_unit_kind *unit, int *n)
{
    vref r;
    const char *p = ref;
    if (!parse_ref(&p, &r) || *p) return BK_ERR_INTERNAL;
    if (!kind_present(doc, r.kind)) return BK_ERR_NOT_FOUND;
    resolve(doc, &r, 1);
    bk_validate_options o;
    bk_validate_options_default(&o);
    bk_findings dummy;
    memset(&dummy, 0, sizeof dummy);
    vctx c = {.doc = doc, .opt = &o, .out = &dummy, .panels = NULL, .table_off = NULL, .status = BK_OK};
    int st = prepare(&c);
    if (st == BK_OK) {
        vbind b = {.ti = -1, .pi = -1, .row = -1, .column = NULL, .form = NULL, .form_index = 0, .match_row = -1};
        vval v;
        eval_ref(&c, &r, &b, &v);
        *out = v.sum;
        if (unit) *unit = v.unit;
        if (n) *n = v.n;
        st = v.overflow ? BK_ERR_VALUE : c.status;
    }
    free_panels(&c);
    return st;
}
